package xlsx

import (
	"fmt"
	"os"
	"strings"
)

// Every sentence import shows a person is here, in Chinese and English,
// so that they can move into the site's message catalogue as they are.
// Chinese is the default: the clerks who import are Chinese speakers.
var messages = map[string][2]string{
	// Why a cell was not placed.
	"nokey":       {"内容格式中没有对应的键", "the content format has no key for it"},
	"badamount":   {"不是金额（%v）", "not an amount (%v)"},
	"negative":    {"金额不能为负数", "an amount cannot be negative"},
	"badrate":     {"不是百分比", "not a percentage"},
	"badpoints":   {"不是分值（0–100，最多两位小数）", "not points (0–100, at most two decimals)"},
	"instruction": {"这是模板的填写说明，不是内容", "this is the template's instruction, not content"},
	"badlevel1":   {"不是%s表式的一级指标", "not a 一级指标 of the %s form"},
	"duplicate":   {"这一项已从 %s 读取", "already read from %s"},
	"noname":      {"这一行没有三级指标名称", "this row has no 三级指标 name"},
	"fundscore":   {"资金明细行的分值、得分没有对应的键", "a fund row's 分值 and 得分 have no key"},
	"badgrade":    {"等级只能是 优、良、中、差", "a grade is one of 优, 良, 中, 差"},
	"baddate":     {"日期应写作 2023-12-10", "a date is written 2023-12-10"},
	"nofigure":    {"这一行没有能读出的金额，未写入", "no figure of this row could be read; not written"},
	"othertitle":  {"年度文件只有一个标题，已取 %s", "a year file has one title, taken from %s"},
	"noproject":   {"资金结构中的评价项目“%s”不是本工作簿的项目", "the project %q of the fund table is no project of this workbook"},

	// Notices about the whole workbook.
	"nounit":    {"%s：没有找到金额单位（如“单位：万元”或“项目资金（元）”），按%s读取，请核对", "%s: no money unit found (such as 单位：万元 or 项目资金（元）); read as %s, please check"},
	"notitle":   {"工作簿中没有标题行，title 暂写作“%s”，请按原表修改", "the workbook has no title row; title is written as %q, change it to the original's"},
	"skipsheet": {"工作表“%s”是门户计算的核对数，不是原表内容，已跳过", "sheet %q holds the portal's computed figures, not the original's; skipped"},
	"fraction":  {"原格为 %s，按比例读作 %s", "the cell holds %s, read as the fraction %s"},
	"converted": {"原表 %s %s", "printed as %s %s"},
	"heading":   {"表头“%s”", "heading %q"},
	"weightsum": {"%s 行印出分值合计 %s，格式中没有对应的键", "the %s row prints the weights' sum %s, which has no key"},
	"codesplit": {"项目名称印作“%s”：前缀是项目编码", "the project name is printed %q: the prefix is its code"},
	"repeat":    {"资金明细行重复了总额的%s %s，不再写入", "the fund row repeats the total's %s %s; not written again"},
	"autoid":    {"id 由导入生成，可改为有意义的英文短名", "the id was made by import; you may change it to a meaningful slug"},
	"source":    {"由 disclose import 从 %s 导入；每个值后的注释是它所在的单元格", "imported by disclose import from %s; the comment after each value names its cell"},
	"formguess": {"表式按表头判断为 %s", "form %s, judged from the headings"},

	// A workbook that cannot be read.
	"notworkbook": {"不是可以读取的 Excel 工作簿（.xlsx）：%v", "not a workbook that can be read (.xlsx): %v"},
	"badsheet":    {"工作表“%s”无法读取：%v", "sheet %q cannot be read: %v"},

	// The command's flags.
	"flag.source": {"站点目录，内含 content/", "the site's folder, holding content/"},
	"flag.bureau": {"content/ 下的单位文件夹名", "the bureau's folder name under content/"},
	"flag.year":   {"报告年度（四位数字）", "the year of the report (four digits)"},
	"flag.force":  {"覆盖已有的年度文件", "overwrite an existing year file"},
	"flag.lang":   {"提示语言：zh 或 en（默认按 LC_ALL/LANG，否则 zh）", "language of messages: zh or en (default from LC_ALL/LANG, else zh)"},
	"flag.s":      {"--source 的简写", "shorthand for --source"},

	// The command.
	"checkerr":  {"disclose import：核对无法运行：%v", "disclose import: the check could not run: %v"},
	"usage":     {"用法：disclose import 自评表.xlsx --bureau 单位文件夹 --year 年度 [--source 站点目录] [--force] [--lang en]\n", "Usage: disclose import FILE.xlsx --bureau SLUG --year YEAR [--source DIR] [--force] [--lang en]\n"},
	"needargs":  {"disclose import：需要一个 .xlsx 文件、--bureau 和 --year", "disclose import: needs one .xlsx file, --bureau and --year"},
	"badyear":   {"disclose import：年度“%s”不是四位数字", "disclose import: %q is not a four-digit year"},
	"badslug":   {"disclose import：“%s”不是有效的单位文件夹名：只能用 a-z、0-9 和连字符", "disclose import: %q is not a valid bureau folder name: use a-z, 0-9 and dashes"},
	"nobureau":  {"disclose import：%s 没有 bureau.toml；请先运行 disclose new bureau %s", "disclose import: %s has no bureau.toml; run disclose new bureau %s first"},
	"exists":    {"disclose import：%s 已存在，没有写入任何文件；要覆盖请加 --force", "disclose import: %s exists already; nothing was written (use --force to overwrite)"},
	"cantread":  {"disclose import：无法读取 %s：%v", "disclose import: cannot read %s: %v"},
	"cantwrite": {"disclose import：无法写入 %s：%v", "disclose import: cannot write %s: %v"},
	"none":      {"%s 中没有找到自评表（没有“项目名称”“部门（单位）名称”等表头），没有写入任何文件", "no 自评表 found in %s (no heading such as 项目名称 or 部门（单位）名称); nothing was written"},
	"wrote":     {"已写入 %s：%d 张自评表", "wrote %s: %d tables"},
	"unplaced":  {"以下 %d 个非空单元格没有录入，请对照原表核对：", "%d non-empty cells were not placed; check them against the original:"},
	"notice":    {"注意：%s", "note: %s"},
	"checking":  {"核对 %s：", "checking %s:"},
	"checkok":   {"核对通过：没有错误，%d 个警告，%d 个提示", "check passed: no errors, %d warnings, %d notes"},
	"checkbad":  {"核对发现 %d 个错误、%d 个警告：请修改 %s，再运行 disclose check", "check found %d errors, %d warnings: fix %s, then run disclose check"},
}

// Text is the message id in lang ("zh" or "en") with its arguments.
func Text(lang, id string, args ...any) string {
	m, ok := messages[id]
	if !ok {
		panic("xlsx: no message " + id)
	}
	f := m[0]
	if lang == "en" {
		f = m[1]
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// Msg is a message not yet put into words, for a caller that knows the
// language.
type Msg struct {
	ID   string
	Args []any
}

// In renders the message in lang.
func (m Msg) In(lang string) string { return Text(lang, m.ID, m.Args...) }

func msg(id string, args ...any) Msg { return Msg{ID: id, Args: args} }

// Lang picks the language of messages: the flag where given, else
// English where LC_ALL (or, without it, LANG) asks for English, else
// Chinese.
func Lang(flag string) string {
	if flag != "" {
		if strings.HasPrefix(flag, "en") {
			return "en"
		}
		return "zh"
	}
	env := os.Getenv("LC_ALL")
	if env == "" {
		env = os.Getenv("LANG")
	}
	if strings.HasPrefix(env, "en") {
		return "en"
	}
	return "zh"
}

package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/i18n"
)

// notFromRead are the messages of disclose import (import.*) that no
// workbook read here makes, and where they are made and shown instead.
var notFromRead = map[string]string{
	"import.bad_sheet":      "a sheet excelize fails on inside a workbook it opened: damaged XML, which FuzzReadBytes reaches, not a clerk's workbook",
	"import.source_comment": "a comment of Draft.TOML: TestTOMLComments",
	"import.form_guess":     "a comment of Draft.TOML: TestTOMLComments",
	"import.no_title":       "a comment of Draft.TOML: TestTOMLComments",
	"import.auto_id":        "a comment of Draft.TOML: TestTOMLComments",
	"import.usage":          "the command line (cmd/disclose/import.go): testdata/script/import.txtar",
	"import.flag_bureau":    "the command line: import.txtar runs disclose import -h",
	"import.flag_year":      "the command line: import.txtar runs disclose import -h",
	"import.flag_force":     "the command line: import.txtar runs disclose import -h",
	"import.need_args":      "the command line: import.txtar",
	"import.bad_year":       "the command line: import.txtar",
	"import.bad_slug":       "the command line: import.txtar",
	"import.no_bureau":      "the command line: import.txtar",
	"import.exists":         "the command line: import.txtar",
	"import.cannot_read":    "the command line: import.txtar",
	"import.cannot_write":   "the command line, when the content folder cannot be written: a failure of the file system",
	"import.check_error":    "the command line, when disclose check cannot run at all: a failure of the file system",
	"import.no_tables":      "the command line: import.txtar",
	"import.wrote":          "the command line: import.txtar",
	"import.unplaced":       "the command line: import.txtar",
	"import.notice":         "the command line: import.txtar",
	"import.checking":       "the command line: import.txtar",
	"import.check_ok":       "the command line: import.txtar",
	"import.check_failed":   "the command line: import.txtar",
	"import.list_sep":       "the command line: joins the files import.check_failed names",
}

// A workbook of one table in 万元 with the given rows after 项目名称, its
// money rows under the heading 项目资金（万元）.
func money(heading string, rows ...[]any) [][]any {
	out := [][]any{
		{"项目名称", "食品安全监管"},
		{heading, "", "全年预算数", "全年执行数", "执行率", "分值", "得分"},
	}
	return append(out, rows...)
}

var indicatorHead = []any{"绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"}

// TestMessagesCovered: every message that says why a cell was not placed
// or how it was read is made by a workbook here, at the cell it is about,
// so that a change of the reader that loses one is seen; the others are
// in notFromRead with where they are made.
func TestMessagesCovered(t *testing.T) {
	cases := []struct {
		key  string
		at   string // the cell the message is about ("" for a notice)
		rows [][]any
	}{
		{"import.no_key", "S!B2", [][]any{
			{"资金来源", "明细", "金额"},
			{"", "办案经费", N("27")},
		}},
		{"import.bad_amount", "S!C3", money("项目资金（万元）", []any{"", "年度资金总额", "二十七", N("27")})},
		{"import.amount_not_decimal", "S!C3", money("项目资金（万元）", []any{"", "年度资金总额", "约27", N("27")})},
		{"import.amount_too_fine", "S!C3", money("项目资金（元）", []any{"", "年度资金总额", N("27.125"), N("27")})},
		{"import.amount_too_large", "S!C3", money("项目资金（万元）", []any{"", "年度资金总额", N("12345678901234567890"), N("27")})},
		{"import.negative", "S!C3", money("项目资金（万元）", []any{"", "年度资金总额", N("-27"), N("27")})},
		{"import.bad_rate", "S!E3", money("项目资金（万元）", []any{"", "年度资金总额", N("27"), N("27"), "约95%"})},
		{"import.fraction", "S!E3", money("项目资金（万元）", []any{"", "年度资金总额", N("27"), N("27"), N("0.9861")})},
		{"import.converted", "S!C3", money("项目资金（元）", []any{"", "年度资金总额", N("270000"), N("270000")})},
		{"import.no_unit", "", money("项目资金", []any{"", "年度资金总额", N("27"), N("27")})},
		{"import.no_figure", "S!B4", money("项目资金（万元）",
			[]any{"", "年度资金总额", N("27"), N("27")},
			[]any{"", "其中：当年财政拨款", "二十七", "约27"})},
		{"import.fund_score", "S!F4", money("项目资金（万元）",
			[]any{"", "年度资金总额", N("27"), N("27"), "100%", N("10"), N("10")},
			[]any{"", "其中：当年财政拨款", N("27"), N("27"), "100%", N("5")})},
		{"import.repeat", "S!F4", money("项目资金（万元）",
			[]any{"", "年度资金总额", N("27"), N("27"), "100%", N("10"), N("10")},
			[]any{"", "其中：当年财政拨款", N("27"), N("27"), "100%", N("10")})},
		{"import.duplicate", "S!B3", [][]any{
			{"项目名称", "食品安全监管"},
			{"主管部门", "衡阳市市场监督管理局"},
			{"主管部门", "衡阳市财政局"},
		}},
		{"import.bad_date", "S!B2", [][]any{
			{"项目名称", "食品安全监管"},
			{"数据截至日期", "2023年12月"},
		}},
		{"import.instruction", "S!I3", [][]any{
			{"项目名称", "食品安全监管"},
			indicatorHead,
			{"", "产出指标", "质量指标", "食品抽检合格率", "≥98%", "98%", N("10"), N("10"), "对照年度目标,说明偏差原因(100字以内)"},
		}},
		{"import.bad_points", "S!G3", [][]any{
			{"项目名称", "食品安全监管"},
			indicatorHead,
			{"", "产出指标", "质量指标", "食品抽检合格率", "≥98%", "98%", "十分"},
		}},
		{"import.no_name", "S!E3", [][]any{
			{"项目名称", "食品安全监管"},
			indicatorHead,
			{"", "产出指标", "质量指标", "", "≥98%", "98%"},
		}},
		{"import.bad_level1", "S!B3", [][]any{
			{"项目名称", "食品安全监管"},
			indicatorHead,
			{"", "其他指标", "质量指标", "食品抽检合格率", "≥98%", "98%"},
		}},
		{"import.bad_grade", "S!B4", [][]any{
			{"项目名称", "食品安全监管"},
			indicatorHead,
			{"", "产出指标", "质量指标", "食品抽检合格率", "≥98%", "98%", N("100"), N("100")},
			{"评级", "很好"},
		}},
		{"import.weight_sum", "S!G4", [][]any{
			{"项目名称", "食品安全监管"},
			indicatorHead,
			{"", "产出指标", "质量指标", "食品抽检合格率", "≥98%", "98%", N("100"), N("96")},
			{"总分", "", "", "", "", "", N("100"), N("96"), "优"},
		}},
		{"import.no_project", "S!D4", [][]any{
			{"项目名称", "食品安全监管"},
			{"资金来源", "明细", "金额", "对应评价项目"},
			{"财政拨款", "", N("27")},
			{"", "办案经费", N("27"), "商事制度改革"},
		}},
		{"import.code_split", "S!B1", [][]any{
			{"项目名称", "51000021R000000019951-工资性支出"},
		}},
		{"import.heading", "S!A2", [][]any{
			{"项目名称", "食品安全监管"},
			{"预算执行情况(万元)(20分)", "", "全年预算数", "全年执行数", "执行率", "得分"},
			{"", "年度资金总额", N("27"), N("27"), "100%", N("20")},
		}},
		{"import.skip_sheet", "", [][]any{{computedTitle}}},
	}
	seen := map[string]bool{}
	var walk func(i18n.Text)
	walk = func(x i18n.Text) {
		seen[x.Key] = true
		for _, a := range x.Args {
			walk(a)
		}
	}
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.key, "import."), func(t *testing.T) {
			d := newBook(t).sheet("S", c.rows).read()
			var here []i18n.Text // the messages about c.at
			if c.at == "" {
				here = d.Notices
			}
			for _, u := range d.Unplaced {
				if u.At == c.at {
					here = append(here, u.Why)
				}
			}
			for _, f := range allFields(d) {
				if f.At == c.at && !f.Note.IsZero() {
					here = append(here, f.Note)
				}
			}
			found := false
			for _, x := range here {
				walk(x)
				if has(x, c.key) {
					found = true
					for _, lang := range i18n.Langs {
						if s := x.In(lang); strings.Contains(s, "%!") {
							t.Errorf("%s renders badly: %s", lang, s)
						}
					}
				}
			}
			if !found {
				t.Errorf("no %s at %s; made: %v\nunplaced:\n%s", c.key, c.at, here, unplaced(d))
			}
		})
	}
	// The other sheets of the workbooks, which are read too.
	d := newBook(t).sheet("项目1", append([][]any{{"项目支出绩效自评表"}}, money("项目资金（万元）", []any{"", "年度资金总额", N("27"), N("27")})...)).
		sheet("项目2", append([][]any{{"另一个项目支出绩效自评表"}}, money("项目资金（万元）", []any{"", "年度资金总额", N("27"), N("27")})...)).read()
	for _, u := range d.Unplaced {
		walk(u.Why)
	}
	if _, err := Read(bytes.NewReader([]byte("这不是工作簿")), "x.xlsx", budget.DefaultUnit); err != nil {
		if e, ok := err.(*Error); ok {
			walk(e.Text)
		}
	}
	for _, k := range i18n.Keys(i18n.Zh) {
		if strings.HasPrefix(k, "import.") && !seen[k] && notFromRead[k] == "" {
			t.Errorf("no workbook here makes %s", k)
		}
	}
	for k := range notFromRead {
		if _, ok := i18n.Format(i18n.Zh, k); !ok {
			t.Errorf("%s is no key of the catalogue: take it off notFromRead", k)
		}
		if seen[k] {
			t.Errorf("%s is made by a workbook: take it off notFromRead", k)
		}
	}
}

// has reports whether x or one of its arguments is the message key.
func has(x i18n.Text, key string) bool {
	if x.Key == key {
		return true
	}
	for _, a := range x.Args {
		if has(a, key) {
			return true
		}
	}
	return false
}

// allFields are the fields of every table of d, where notes are.
func allFields(d *Draft) []Field {
	out := []Field{d.Title}
	if d.FundsTotal != nil {
		out = append(out, *d.FundsTotal)
	}
	for _, s := range d.Sources {
		out = append(out, s.Fields...)
		for _, it := range s.Items {
			out = append(out, it...)
		}
	}
	for _, p := range d.Projects {
		out = append(out, p.Fields...)
		for _, r := range p.Funds {
			out = append(out, r...)
		}
		for _, r := range p.Indicators {
			out = append(out, r...)
		}
	}
	return out
}

// TestTOMLComments: the comments the year file starts with, and the one
// after a made-up id, in the language asked for.
func TestTOMLComments(t *testing.T) {
	d := newBook(t).sheet("S", money("项目资金（万元）", []any{"", "年度资金总额", N("27"), N("27")})).read()
	for lang, want := range map[i18n.Lang][]string{
		i18n.Zh: {
			"# 由 disclose import 从 自评表.xlsx 导入；每个值后的注释是它所在的单元格\n",
			"# 表式按表头判断为 national\n",
			"# 工作簿中没有标题行，title 暂写作“2023年项目支出绩效自评表”，请按原表修改\n",
			"id = \"project-1\" # id 由导入生成，可改为有意义的英文短名\n",
		},
		i18n.En: {
			"# imported by disclose import from 自评表.xlsx; the comment after each value names its cell\n",
			"# form national, judged from the headings\n",
			"# the workbook has no title row; title is written as \"2023年项目支出绩效自评表\", change it to the original's\n",
			"id = \"project-1\" # the id was made by import; you may change it to a meaningful slug\n",
		},
	} {
		got := string(d.TOML(2023, lang))
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in\n%s", lang, w, got)
			}
		}
	}
}

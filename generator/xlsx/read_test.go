package xlsx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/i18n"
)

// golden compares got with testdata/<name>.toml (-update rewrites it).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".toml")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs:\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// unplaced lists the cells not placed, one a line: "项目1!H12 text (why)".
func unplaced(d *Draft) string {
	var b strings.Builder
	for _, u := range d.Unplaced {
		b.WriteString(u.At + " " + u.Text)
		if !u.Why.IsZero() {
			b.WriteString(" (" + u.Why.In(i18n.Zh) + ")")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// National 附件1 in 元, from corpus 02 (永德县明朗中学, 2022): 年初预算数
// left blank, 指标性质/度量单位 columns, the 总分 row with its grade,
// merged headings, amounts in 元 converted to the site's 万元.
func TestNationalYuan(t *testing.T) {
	b := newBook(t).sheet("项目1", [][]any{
		{"项目支出绩效自评表"},
		{"（2022年度）"},
		{"项目名称", "义务教育营养改善计划专项资金"},
		{"主管部门", "永德县教育体育局", "", "", "实施单位", "永德县明朗中学"},
		{"项目资金\n（元）", "", "年初预算数", "全年预算数\n（A）", "全年执行数（B）", "分值", "执行率\n（B/A）", "得分"},
		{"", "年度资金总额", "", N("387664.62"), N("387664.62"), N("10"), "100%", N("10")},
		{"", "其中：当年财政拨款", "", N("387664.62"), N("387664.62"), "—", "", "—"},
		{"", "上年结转资金", "—", "—", "—", "—", "", "—"},
		{"", "其他资金", "—", "—", "—", "—", "", "—"},
		{"年度总体目标", "预期目标", "", "", "实际完成情况"},
		{"", "确保每一个学生都能享受到国家政策福利,改善学生体质", "", "", "确保每一个学生都能享受到国家政策福利,改善学生体质"},
		{"绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"},
		{"", "产出指标", "数量指标", "学生受资助人数", "≧", N("735"), "人次", N("735"), N("10"), N("10")},
		{"", "", "质量指标", "营养改善计划覆盖率", "≧", N("100"), "%", "100%", N("10"), N("10")},
		{"", "", "时效指标", "资金到位及时率", "≧", N("100"), "%", "100%", N("10"), N("7")},
		{"", "效益指标", "经济效益指标", "减轻贫困学生家庭经济负担", "", "有效", "", "有效", N("10"), N("10")},
		{"", "", "社会效益指标", "政策知晓率", "═", N("100"), "%", "98%", N("10"), N("9")},
		{"", "", "生态效益 指标"},
		{"", "满意度指标", "服务对象满意度指标等", "学生满意度", "≧", N("95"), "%", "100%", N("10"), N("10")},
		{"总分", "", "", "", "", "", "", "", N("100"), N("96"), "优"},
	}, "A1:K1", "A2:K2", "B3:K3", "B4:D4", "F4:K4", "A5:A9", "A10:A11", "B10:D10", "E10:K10", "B11:D11", "E11:K11",
		"A12:A19", "B13:B15", "B16:B18")
	d := b.read()
	if got := unplaced(d); got != "" {
		t.Errorf("unplaced:\n%s", got)
	}
	golden(t, "national-yuan", d.TOML(2022, i18n.Zh))
}

// The 20-point variant, from corpus 05 (昌宁县供销合作社联合社, 2022):
// 预算执行情况(万元)(20分) gives the execution 分值, 执行率 printed as
// 20 without %, no 分值 column for the indicators, 年初目标值(A).
func TestExecution20(t *testing.T) {
	b := newBook(t).sheet("Sheet1", [][]any{
		{"2022年度项目支出绩效自评表"},
		{"单位名称:昌宁县供销合作社联合社 填报日期:2023年4月15日"},
		{"项目名称", "昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目"},
		{"主管部门", "昌宁县供销合作社联合社", "项目实施单位", "昌宁县昌龙鸿运牧业专业合作社"},
		{"预算执行情况(万元)(20分)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"},
		{"", N("50"), N("10"), "20", N("4")},
		{"年度绩效目标(80分)", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"},
		{"", "产出指标(40分)", "数量指标", "公猪舍(≥**平方米)", "22.8", "22.8", N("1")},
		{"", "", "", "母猪、保育猪舍(≥**平方米)", "180", "180", N("3")},
	}, "A5:A6", "A7:A9", "B8:B9", "C8:C9")
	d := b.read()
	if got, want := unplaced(d), "Sheet1!A2 单位名称:昌宁县供销合作社联合社 填报日期:2023年4月15日\n"; got != want {
		t.Errorf("unplaced:\n%s\nwant:\n%s", got, want)
	}
	golden(t, "execution20", d.TOML(2022, i18n.Zh))
}

// Sichuan, from corpus 06 (青神县发展和改革局, 2023): the code in front
// of the name, 预算执行情况(10分), 0.00 rows, a 合计 of the weights, the
// template's instructions left in 年度目标完成情况, empty 完成值 and 得分.
func TestSichuan(t *testing.T) {
	b := newBook(t).sheet("510000_0013zp", [][]any{
		{"部门预算项目支出绩效自评表(2023年度)"},
		{"项目名称", "51000021R000000019951-工资性支出"},
		{"主管部门", "青神县发展和改革局本级", "实施单位", "青神县发展和改革局"},
		{"预算执行情况(万元)(10分)", "", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"},
		{"", "总额", N("238.93"), N("251.89"), N("251.89"), "100.00%", N("10"), ""},
		{"", "其中：财政资金", N("238.93"), N("251.89"), N("251.89"), "100.00%", "", ""},
		{"", "财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "", ""},
		{"", "单位资金", N("0"), N("0"), N("0"), P("0"), "", ""},
		{"", "其他资金"},
		{"年度目标", "严格执行相关政策,保障工资及时、足额发放或社保及时、足额缴纳,预算编制科学合理,减少结余资金。"},
		{"年度目标完成情况", "对照年度目标,说明相关任务目标的完成情况(100字以内)"},
		{"绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"},
		{"", "产出指标", "数量指标", "发放(缴纳)覆盖率", "=", N("100"), "%", "", N("60"), ""},
		{"", "效益指标", "社会效益指标", "足额保障率(参保率)", "=", N("100"), "%", "", N("30"), ""},
		{"", "合计", "", "", "", "", "", "", N("100")},
	}, "A4:A9", "B2:K2", "A12:A15")
	d := b.read()
	if got, want := unplaced(d), "510000_0013zp!B11 对照年度目标,说明相关任务目标的完成情况(100字以内) (这是模板的填写说明，不是内容)\n"; got != want {
		t.Errorf("unplaced:\n%s\nwant:\n%s", got, want)
	}
	golden(t, "sichuan", d.TOML(2023, i18n.Zh))
}

// A transfer-payment table, from corpus 07 (阆中市交通运输局, 2021):
// 中央/地方主管部门, 资金使用单位, 全年预算数/全年执行数/预算执行率 only,
// 指标值 | 全年实际完成值, and 分值/得分 columns.
func TestTransfer(t *testing.T) {
	b := newBook(t).sheet("转移支付", [][]any{
		{"转移支付区域绩效目标自评表"},
		{"（2021年度）"},
		{"转移支付（项目）名称", "车辆购置税收入补助地方资金(普通省道公路建设)"},
		{"中央主管部门", "财政部"},
		{"地方主管部门", "阆中市交通运输局", "资金使用单位", "阆中市交通运输局"},
		{"资金情况（万元）", "", "全年预算数（A）", "全年执行数（B）", "预算执行率（B/A）"},
		{"", "年度资金总额", N("4000"), N("4000"), "100%"},
		{"", "其中：中央补助", N("4000"), N("4000"), "100%"},
		{"", "地方资金"},
		{"年度总体目标", "总体目标", "", "全年实际完成情况"},
		{"", "按计划完成2021年度省道公路建设。", "", "建设普通省道二级公路32.1公里,保证道路安全畅通。"},
		{"绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "分值", "得分", "未完成原因和改进措施"},
		{"", "产出指标", "数量指标", "建设普通省道二级公路32.1公里", "", "", N("20"), N("20")},
		{"", "满意度指标", "服务对象满意度指标", "改善通行服务水平群众满意度", "", "", N("20"), N("20")},
	}, "B10:C10", "B11:C11", "A12:A14")
	d := b.read()
	if got := unplaced(d); got != "" {
		t.Errorf("unplaced:\n%s", got)
	}
	golden(t, "transfer", d.TOML(2021, i18n.Zh))
}

// A department-wide table, from corpus 09 (绥阳县太白镇人民政府): 年初预算数
// is (A), the sub-rows repeat the total's 分值 and 得分, no 全年预算数.
func TestDepartment(t *testing.T) {
	b := newBook(t).sheet("整体", [][]any{
		{"部门整体支出绩效自评表"},
		{"部门（单位）名称", "绥阳县太白镇人民政府"},
		{"年度主要任务", "任务名称", "主要内容"},
		{"年度部门整体支出预算（万元）", "", "年初预算数（A）", "全年执行数（B）", "分值", "得分"},
		{"", "年度资金总额", N("1172.55"), N("1268.72"), N("10"), N("10")},
		{"", "其中：基本支出", N("985.19"), N("914.97"), N("10"), N("10")},
		{"", "项目支出", N("187.36"), N("353.75"), N("10"), N("10")},
		{"年度总体目标", "预期目标", "", "实际完成情况"},
		{"", "(1)制定和组织实施经济、科技和社会发展计划。", "", "(1)积极履职,强化管理,较好地完成本年工作任务。"},
	}, "A4:A7", "B8:C8", "B9:C9")
	d := b.read()
	if got, want := unplaced(d), "整体!A3 年度主要任务\n整体!B3 任务名称\n整体!C3 主要内容\n"; got != want {
		t.Errorf("unplaced:\n%s\nwant:\n%s", got, want)
	}
	golden(t, "department", d.TOML(2021, i18n.Zh))
}

// Two tables on one sheet, with a 单位：元 line above them, amounts typed
// as text with thousands separators, and rates stored as numbers: the
// seed report's two projects (衡阳市市场监督管理局 2023: 商事制度改革 27万元;
// 知识产权 年初 500万元, 追加后 733.5万元, all spent).
func TestTwoTablesOneSheetYuanText(t *testing.T) {
	head := []any{"项目资金", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"}
	b := newBook(t).sheet("自评表", [][]any{
		{"2023年度项目支出绩效自评表"},
		{"单位：元"},
		{"项目名称", "商事制度改革"},
		{"主管部门", "衡阳市市场监督管理局", "", "", "实施单位", "衡阳市市场监督管理局"},
		head,
		{"", "年度资金总额", "270,000.00", "270000", N("270000"), N("10"), N("1"), N("10")},
		{},
		{"项目名称", "（科技）知识产权保护、自主及奖励"},
		{"主管部门", "衡阳市市场监督管理局", "", "", "实施单位", "衡阳市市场监督管理局"},
		head,
		{"", "年度资金总额", N("5000000"), N("7335000"), N("7335000.00"), N("10"), P("1"), "10"},
		{"", "其中：当年财政拨款", " ５,０００,０００ ", "7,335,000", "7335000", "", "100%"},
	}, "B3:H3", "B8:H8")
	d := b.read()
	if got := unplaced(d); got != "" {
		t.Errorf("unplaced:\n%s", got)
	}
	if len(d.Projects) != 2 {
		t.Fatalf("%d projects, want 2", len(d.Projects))
	}
	golden(t, "two-tables-yuan", d.TOML(2023, i18n.Zh))
}

// A table without the 年初预算数 and 分值 columns (corpus 01, 宣城市地震局
// 2021, 55/55, 100%, 10, printed in a table that lacks them): what the
// sheet does not have stays absent, nothing is written as 0, and no
// column is copied into another.
func TestMissingColumn(t *testing.T) {
	b := newBook(t).sheet("防震减灾", [][]any{
		{"项目支出绩效自评表"},
		{"项目名称", "防震减灾"},
		{"项目资金（万元）", "", "全年预算数（A）", "全年执行数（B）", "执行率（B/A）", "得分"},
		{"", "年度资金总额", N("55"), N("55"), "100%", N("10")},
		{"", "其中：当年财政拨款", N("55"), "", "", "-"},
		{"绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"},
		{"", "产出指标", "数量指标", "防震减灾科普宣传受众", N("200"), "200余人", "-", "-"},
		{"", "", "时效指标", "完成时间", "11月底前", "10月", N("10"), N("10")},
	})
	d := b.read()
	if got := unplaced(d); got != "" {
		t.Errorf("unplaced:\n%s", got)
	}
	got := string(d.TOML(2021, i18n.Zh))
	for _, absent := range []string{"initial", "execution_weight", "department", "implementer", "\nweight = 0", "received"} {
		if strings.Contains(got, absent) {
			t.Errorf("%q written, but the sheet has no such cell:\n%s", absent, got)
		}
	}
	golden(t, "missing-column", []byte(got))
}

// Nothing that looks like a 自评表: no project, every cell unplaced.
func TestNoTable(t *testing.T) {
	d := newBook(t).sheet("Sheet1", [][]any{{"姓名", "电话"}, {"张三", N("123")}}).read()
	if len(d.Projects) != 0 {
		t.Fatalf("found %d tables in a sheet without one", len(d.Projects))
	}
	if got, want := unplaced(d), "Sheet1!A1 姓名\nSheet1!B1 电话\nSheet1!A2 张三\nSheet1!B2 123\n"; got != want {
		t.Errorf("unplaced:\n%s\nwant:\n%s", got, want)
	}
}

// Labels are found whatever spaces, line breaks and bracket widths a
// clerk's sheet has.
func TestLabels(t *testing.T) {
	for in, want := range map[string]string{
		"全年预算数\n（A）":   "adjusted",
		"全 年 执 行 数(B)": "executed",
		"执行率（B/A）":     "execution_rate",
		"预算数(A)":       "adjusted",
		"得分(20分*执行率)":  "score",
		"年初预算":         "initial",
		"调整后预算数":       "adjusted",
		"项目名称":         "",
		"执行率（%）":       "execution_rate",
		"得分（分）":        "score",
	} {
		if got := moneyColumn(in); got != want {
			t.Errorf("moneyColumn(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"指标值（包含数字及文字描述）": "target", "实际完成情况": "actual", "三级\n指标": "name", "未完成原因和改进措施": "deviation",
	} {
		if got := indicatorColumn(in); got != want {
			t.Errorf("indicatorColumn(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"单位：万元": "万元", "项目资金（元）": "元", "单位:元": "元", "金额单位：万元": "万元", "单位名称": ""} {
		if got := unitIn(in); got != want {
			t.Errorf("unitIn(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"0.98609999999999998": "0.9861", "120.50": "120.5", "1E-3": "0.001", "387664.62": "387664.62", "-0": "0"} {
		if got, ok := cleanNumber(in); !ok || got != want {
			t.Errorf("cleanNumber(%q) = %q, %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"1e999999", "abc", "1.2.3", ""} {
		if got, ok := cleanNumber(in); ok {
			t.Errorf("cleanNumber(%q) = %q, want no number", in, got)
		}
	}
}

// Rates as clerks store them: text as printed, a number in a percentage
// cell as its percent with the cell's decimals, a bare fraction up to 1
// as its percent (said in the comment), anything else not placed.
func TestRates(t *testing.T) {
	cases := []struct {
		cell any
		want string // the literal written; "" not placed
	}{
		{"98.61%", `"98.61%"`},
		{"20", `"20"`},
		{P("0.9861"), `"98.61%"`},
		{P("1"), `"100.00%"`},
		{N("0.9861"), `"98.61%"`},
		{N("95.47"), `"95.47"`},
		{"约95%", ""},
	}
	for _, c := range cases {
		d := newBook(t).sheet("S", [][]any{
			{"项目名称", "食品安全监管"},
			{"项目资金（万元）", "", "全年预算数", "全年执行数", "执行率"},
			{"", "年度资金总额", N("27"), N("27"), c.cell},
		}).read()
		got := ""
		for _, f := range d.Projects[0].Fields {
			if f.Key == "execution_rate" {
				got = f.Lit
			}
		}
		if got != c.want {
			t.Errorf("%v: execution_rate = %s, want %s", c.cell, got, c.want)
		}
		if c.want == "" && !strings.Contains(unplaced(d), "S!E3 约95% (不是百分比)") {
			t.Errorf("%v: not listed as unplaced:\n%s", c.cell, unplaced(d))
		}
	}
}

// One sheet per project, as many clerks keep them: both tables are
// read, the title is the first sheet's, and a second sheet's differing
// title is listed, not dropped.
func TestSheetPerProject(t *testing.T) {
	table := func(title, name, amount string) [][]any {
		return [][]any{
			{title},
			{"项目名称", name},
			{"项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数"},
			{"", "年度资金总额", N(amount), N(amount), N(amount)},
		}
	}
	d := newBook(t).
		sheet("商事制度改革", table("2023年度项目支出绩效自评表", "商事制度改革", "27")).
		sheet("食品安全监管", table("2023年度项目支出绩效自评表（食品）", "食品安全监管", "27")).
		read()
	if len(d.Projects) != 2 {
		t.Fatalf("%d projects, want 2", len(d.Projects))
	}
	if d.Title.At != "商事制度改革!A1" {
		t.Errorf("title from %s", d.Title.At)
	}
	want := "食品安全监管!A1 2023年度项目支出绩效自评表（食品） (年度文件只有一个标题，已取 商事制度改革!A1)\n"
	if got := unplaced(d); got != want {
		t.Errorf("unplaced:\n%s\nwant:\n%s", got, want)
	}
}

// A note merged across a table (填报人, 联系电话) is no fund row and no
// indicator: it is listed, and nothing is made of it; a fund row whose
// figures do not read is not written either.
func TestMergedNotes(t *testing.T) {
	d := newBook(t).sheet("S", [][]any{
		{"项目名称", "食品安全监管"},
		{"项目资金（万元）", "", "全年预算数", "全年执行数"},
		{"", "年度资金总额", N("27"), N("27")},
		{"", "其中：当年财政拨款", "二十七", "约27"},
		{"填报人：张三  联系电话：0734-0000000"},
		{"绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"},
		{"", "产出指标", "质量指标", "食品抽检合格率", "≥98%", "98%以上"},
		{"", "满意度指标", "", "群众满意度", "≥90%", "95%"},
		{"审核人：李四"},
	}, "A5:D5", "B8:C8", "A9:F9").read()
	if n := len(d.Projects[0].Funds); n != 0 {
		t.Errorf("%d fund rows, want none: %v", n, d.Projects[0].Funds)
	}
	if n := len(d.Projects[0].Indicators); n != 2 {
		t.Errorf("%d indicators, want 2 (一级指标 merged over 二级 is a row): %v", n, d.Projects[0].Indicators)
	}
	got := unplaced(d)
	for _, want := range []string{
		"S!C4 二十七 (不是金额", "S!D4 约27 (不是金额", "S!B4 当年财政拨款 (这一行没有能读出的金额，未写入)",
		"S!A5 填报人：张三  联系电话：0734-0000000\n", "S!A9 审核人：李四\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("unplaced lacks %q:\n%s\n%s", want, got, d.TOML(2023, i18n.Zh))
		}
	}
}

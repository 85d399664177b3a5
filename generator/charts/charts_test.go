package charts

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	gecharts "github.com/go-echarts/go-echarts/v2/charts"
)

func amt(t *testing.T, s string) *budget.Amount {
	t.Helper()
	a, err := budget.ParseAmount(s, budget.DefaultUnit)
	if err != nil {
		t.Fatal(err)
	}
	return &a
}

func pts(p budget.Points) *budget.Points { return &p }

// example is a report shaped like the bundled one, plus indicators and
// scores, which the bundled report does not publish.
func example(t *testing.T) *budget.Report {
	b := &budget.Bureau{Slug: "hengyang-scjgj", Name: "衡阳市市场监督管理局", ShortName: "市场监管局"}
	r := &budget.Report{Bureau: b, Year: 2023, Unit: budget.DefaultUnit}
	r.File = "content/hengyang-scjgj/2023.toml"
	b.Reports = []*budget.Report{r}
	r.Funds = &budget.Funds{Total: amt(t, "2753.15"), Sources: []*budget.FundSource{
		{Name: "中央专项", Amount: amt(t, "275.22")},
		{Name: "省级专项", Amount: amt(t, "579.8")},
		{Name: "市级", Amount: amt(t, "1898.13"), Items: []*budget.FundItem{
			{Name: "（科技）知识产权保护、自主及奖励", Amount: amt(t, "733.5")},
			{Name: "其他", Amount: amt(t, "1164.63")},
		}},
	}}
	in := func(name, target, actual string, d budget.Direction, level string, w, s budget.Points) *budget.Indicator {
		return &budget.Indicator{Level1: level, Name: name, Target: budget.ParseValue(target), Actual: budget.ParseValue(actual), Direction: d, Weight: pts(w), Score: pts(s)}
	}
	r.Projects = []*budget.Project{
		{ID: "reform", Name: "商事制度改革", Form: budget.DefaultForm, ExecutionWeight: pts(1000), Initial: amt(t, "27"), Adjusted: amt(t, "27"), Received: amt(t, "27"), Executed: amt(t, "27"),
			Indicators: []*budget.Indicator{
				in("个转企", "600户", "2607户", budget.Positive, "产出指标", 2000, 2000),
				in("办理时限", "≤3天", "2天", budget.Reverse, "产出指标", 1000, 1000),
				in("群众满意度", "≥90%", "81%", budget.Positive, "满意度指标", 1000, 900),
				{Level1: "效益指标", Name: "营商环境", Target: budget.ParseValue("明显改善"), Actual: budget.ParseValue("达成"), Direction: budget.Qualitative, Weight: pts(3000), Score: pts(3000)},
			}},
		{ID: "ip", Name: "（科技）知识产权保护、自主及奖励", Form: budget.DefaultForm, Initial: amt(t, "500"), Adjusted: amt(t, "733.5"), Received: amt(t, "733.5"), Executed: amt(t, "650.1")},
	}
	r.Metrics = []*budget.Metric{
		{ID: "entities", Name: "实有经营主体", Value: budget.ParseValue("59.63"), Unit: "万户", YoY: big.NewRat(1299, 100)},
		{ID: "rank", Name: "全省排名", Value: budget.ParseValue("全省第二")},
		{ID: "docs", Name: "登记文书", Value: budget.ParseValue("48"), Unit: "个", Previous: budget.ParseValue("96")},
	}
	return r
}

func byNameT(t *testing.T, cs []*Chart) map[string]*Chart {
	t.Helper()
	m := map[string]*Chart{}
	for _, c := range cs {
		if m[c.Name] != nil {
			t.Fatalf("two charts named %s", c.Name)
		}
		m[c.Name] = c
	}
	return m
}

// contains checks exact JSON fragments of an option.
func contains(t *testing.T, c *Chart, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !bytes.Contains(c.Option(), []byte(f)) {
			t.Errorf("%s: option lacks %s\noption: %s", c.Name, f, c.Option())
		}
	}
}

func TestReportCharts(t *testing.T) {
	cs, err := Report(example(t))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	want := "metrics-yoy funds-sources funds-structure execution execution-rate indicators-reform scores-reform"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("charts:\n got %s\nwant %s", got, want)
	}
	m := byNameT(t, cs)
	for _, c := range cs {
		if c.ID != "fig-hengyang-scjgj-2023-"+c.Name {
			t.Errorf("id %q", c.ID)
		}
		var v any
		if err := json.Unmarshal(c.Option(), &v); err != nil {
			t.Errorf("%s: invalid JSON: %v", c.Name, err)
		}
		// What every chart carries.
		contains(t, c, `"animation":false`, `"decal":{"decals":[`, `"show":true},"enabled":true`, `"renderMode":"richText"`,
			`"color":["#0072B2","#E69F00","#009E73","#D55E00","#CC79A7","#56B4E9","#000000"]`,
			`"textStyle":{"fontFamily":"-apple-system, \"PingFang SC\"`)
		if bytes.Contains(c.Option(), []byte(`"title"`)) || bytes.Contains(c.Option(), []byte(`"toolbox"`)) {
			t.Errorf("%s: empty go-echarts components left in", c.Name)
		}
	}

	// Money exact and pre-formatted, shares from the published total.
	contains(t, m["funds-sources"],
		`["中央专项",275.22,"275.22 万元（10.00%）","275.22 万元","10.00%"]`,
		`["省级专项",579.80,"579.80 万元（21.06%）","579.80 万元","21.06%"]`,
		`"formatter":"{b} {@s}\n{@a}"`,
		`"description":"饼图：2023年项目支出按资金来源，合计 2,753.15 万元，共 3 个来源。中央专项 275.22 万元，占10.00%；省级专项 579.80 万元，占21.06%；市级 1,898.13 万元，占68.94%。"`)
	contains(t, m["funds-structure"],
		`"name":"市级","tooltip":{"formatter":"市级：1,898.13 万元（占项目支出 68.94%）"},"upperLabel":{"color":"#1a1a1a","formatter":"市级 1,898.13 万元"},"value":1898.13`,
		`"name":"其他","tooltip":{"formatter":"市级 · 其他：1,164.63 万元（占项目支出 42.30%）"},"value":1164.63`)
	contains(t, m["execution"],
		`["（科技）知识产权保护、自主及奖励",500.00,"500.00","500.00 万元",733.50,"733.50","733.50 万元",650.10,"650.10","650.10 万元"]`,
		// Labels without the unit, tooltips with it.
		`"encode":{"tooltip":["p2"],"x":"v2","y":"c"},"label":{"formatter":"{@t2}"`)
	// 执行率 against the 90% line; 88.63% is flagged in the description.
	contains(t, m["execution-rate"],
		// Rates the report did not print are computed and marked so.
		`["（科技）知识产权保护、自主及奖励",88.63,"88.63%（算）",100.00,"100.00%（算）"]`,
		`["合计",89.03,"89.03%（算）",100.00,"100.00%（算）"]`,
		`"data":[{"xAxis":90}]`,
		`低于 90% 的：（科技）知识产权保护、自主及奖励 88.63%（算）；合计 89.03%（算）。`)
	// 434.5% is drawn to the end of a 200% scale and printed as it is;
	// the reverse indicator is its own series, and the qualitative one
	// too, drawn as its published 得分 ÷ 分值.
	contains(t, m["indicators-reform"],
		`["个转企",200,"434.50% ▶（达成）",null,"",null,""]`,
		`["办理时限",null,"",66.67,"66.67%（达成）",null,""]`,
		`["群众满意度",90.00,"90.00%（未达成）",null,"",null,""]`,
		`["营商环境",null,"",null,"",100.00,"100.00%（得分 30 / 30）"]`,
		`"name":"正向指标（越高越好）"`, `"name":"反向指标（越低越好）"`, `"name":"定性指标（得分 ÷ 分值）"`,
		`"max":200`, `营商环境（定性）得分率 100.00%。超出刻度的：个转企 434.50%。"`)
	contains(t, m["scores-reform"],
		`["产出指标",30.00,"30",30.00,"30"]`, `["满意度指标",10.00,"10",9.00,"9"]`)
	// Published YoY and YoY computed from `previous`; text metrics left out.
	contains(t, m["metrics-yoy"],
		`["实有经营主体",12.99,"+12.99%"]`, `["登记文书",-50.00,"-50.00%"]`)
	if bytes.Contains(m["metrics-yoy"].Option(), []byte("全省排名")) {
		t.Error("a metric without a number got a growth bar")
	}
}

func TestTableAndCSV(t *testing.T) {
	cs, err := Report(example(t))
	if err != nil {
		t.Fatal(err)
	}
	c := byNameT(t, cs)["funds-sources"]
	// The page's CSV: a line a cell, under the chart's name and caption;
	// a copy of the chart placed in the text is not listed again.
	row := func(r, col, v string) string {
		return "funds-sources," + c.Caption + "," + c.Unit + "," + r + "," + col + "," + v + "\r\n"
	}
	want := "\ufeff图表编号,图表,单位,行,列,值\r\n" +
		row("中央专项", "金额（万元）", "275.22") + row("中央专项", "占比（算）", "10.00%") +
		row("省级专项", "金额（万元）", "579.80") + row("省级专项", "占比（算）", "21.06%") +
		row("市级", "金额（万元）", "1898.13") + row("市级", "占比（算）", "68.94%") +
		row("合计", "金额（万元）", "2753.15") + row("合计", "占比（算）", "100.00%")
	if got := string(PageCSV([]*Chart{c, c.InText(1)})); got != want {
		t.Errorf("CSV:\n got %q\nwant %q", got, want)
	}
	if c.CSVName() != "charts.csv" || c.InText(1).CSVName() != "charts.csv" {
		t.Errorf("CSV name %q", c.CSVName())
	}
	if got := c.Table.Rows[2][1]; got.Text() != "1,898.13" || got.Raw() != "1898.13" || !got.Num() {
		t.Errorf("table cell %q %q %t", got.Text(), got.Raw(), got.Num())
	}
}

// TestMissingFiguresDrawn: a project whose figures were not printed
// keeps its row in ECharts (the dataset has no header row for ECharts to
// guess) and its 未公开 labels (drawn from d<i>, 0 there, while v<i>
// keeps the null); 全年预算 derived as 年初预算 + 预算调整数 is drawn as
// the project's table shows it, marked, in the chart's CSV too.
func TestMissingFiguresDrawn(t *testing.T) {
	r := example(t)
	first := &budget.Project{ID: "none", Name: "未公开项目", Form: budget.DefaultForm}
	ip := r.Projects[1]
	ip.Adjusted, ip.Change = nil, amt(t, "233.5")
	r.Projects = []*budget.Project{first, r.Projects[0], ip}
	rate, err := budget.ParsePercent("100%")
	if err != nil {
		t.Fatal(err)
	}
	r.Declared = &budget.Declared{ExecutionRate: &rate, ReceiptRate: &rate} // as the bundled report prints them
	cs, err := Report(r)
	if err != nil {
		t.Fatal(err)
	}
	m := byNameT(t, cs)
	for _, name := range []string{"execution", "execution-rate", "funds-sources"} {
		contains(t, m[name], `],"sourceHeader":false}`)
	}
	contains(t, m["execution"],
		`{"name":"p1","type":"ordinal"},{"name":"d1","type":"number"},{"name":"v2"`,
		`["未公开项目",null,"未公开","未公开",0,null,"未公开","未公开",0,null,"未公开","未公开",0]`,
		`["（科技）知识产权保护、自主及奖励",500.00,"500.00","500.00 万元",500.00,733.50,"733.50（算）","733.50 万元（算）",733.50,650.10,`,
		`"encode":{"tooltip":["p1"],"x":"d1","y":"c"}`,
		`全年 733.50（算），执行 650.10`)
	contains(t, m["execution-rate"], `["未公开项目",null,"未公开",0,null,"未公开",0]`, `"x":"d0"`, `"x":"d1"`)
	// Where every figure was printed, the values are drawn as they are.
	cs, err = Report(example(t))
	if err != nil {
		t.Fatal(err)
	}
	if o := byNameT(t, cs)["execution"].Option(); bytes.Contains(o, []byte(`"d0"`)) || !bytes.Contains(o, []byte(`"x":"v0"`)) {
		t.Errorf("a drawn-length column for a series with every value printed: %s", o)
	}
	csv := string(PageCSV([]*Chart{m["execution"]}))
	if !strings.Contains(csv, ",（科技）知识产权保护、自主及奖励,全年预算（万元）,733.50（算）\r\n") {
		t.Errorf("derived 全年预算 not marked in the CSV:\n%s", csv)
	}
}

// Ten 0.10 万元 items: a float sum shows 0.9999999999999999; ours is 1.00.
func TestNoFloatArtefacts(t *testing.T) {
	r := example(t)
	var items []*budget.FundItem
	for i := 0; i < 10; i++ {
		items = append(items, &budget.FundItem{Name: "项" + string(rune('甲'+i)), Amount: amt(t, "0.1")})
	}
	r.Funds = &budget.Funds{Sources: []*budget.FundSource{{Name: "市级", Amount: amt(t, "1"), Items: items}, {Name: "省级", Amount: amt(t, "0.1")}}}
	cs, err := Report(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if bytes.Contains(c.Option(), []byte("99999")) || bytes.Contains(c.Option(), []byte("00000001")) {
			t.Errorf("%s: float artefact in %s", c.Name, c.Option())
		}
	}
	c := byNameT(t, cs)["funds-sources"]
	contains(t, c, `["市级",1.00,"1.00 万元（90.91%）","1.00 万元","90.91%"]`)
	if foot := c.Table.Foot[1]; foot.Text() != "1.10" {
		t.Errorf("total %q", foot.Text())
	}
}

func TestNoDataNoChart(t *testing.T) {
	b := &budget.Bureau{Slug: "x"}
	r := &budget.Report{Bureau: b, Year: 2024, Unit: budget.DefaultUnit, Funds: &budget.Funds{}}
	b.Reports = []*budget.Report{r}
	cs, err := Report(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 0 {
		t.Errorf("empty report got %d charts, first %s", len(cs), cs[0].Name)
	}
	// One year: no trend.
	one := example(t)
	cs, err = Bureau(one.Bureau, budget.DefaultUnit)
	if err != nil || len(cs) != 0 {
		t.Errorf("single-year bureau: %d charts, %v", len(cs), err)
	}
	cs, err = Overview("fig-home-", "2024年", nil, nil, budget.DefaultUnit)
	if err != nil || len(cs) != 0 {
		t.Errorf("no reports: %d charts, %v", len(cs), err)
	}
}

func TestBureauTrends(t *testing.T) {
	r23 := example(t)
	b := r23.Bureau
	r24 := &budget.Report{Bureau: b, Year: 2024, Unit: budget.DefaultUnit,
		Funds:    &budget.Funds{Sources: []*budget.FundSource{{Name: "市级", Amount: amt(t, "2000.05")}}},
		Projects: []*budget.Project{{ID: "p", Name: "p", Adjusted: amt(t, "10"), Received: amt(t, "10"), Executed: amt(t, "9.5")}},
		Metrics:  []*budget.Metric{{ID: "entities", Name: "实有经营主体", Value: budget.ParseValue("61.2"), Unit: "万户"}},
	}
	b.Reports = []*budget.Report{r23, r24}
	cs, err := Bureau(b, budget.DefaultUnit)
	if err != nil {
		t.Fatal(err)
	}
	m := byNameT(t, cs)
	if len(cs) != 3 || m["sources"] == nil || m["execution-trend"] == nil || m["metric-entities"] == nil {
		t.Fatalf("charts: %v", m)
	}
	contains(t, m["sources"], `["2023年",275.22,"275.22 万元",579.80,"579.80 万元",1898.13,"1,898.13 万元"]`,
		`["2024年",null,"—",null,"—",2000.05,"2,000.05 万元"]`, `"stack":"sources"`)
	contains(t, m["execution-trend"], `["2023年",89.03,"89.03%（算）"]`, `["2024年",95.00,"95.00%（算）"]`, `"type":"line"`)
	// 2024 growth computed from 2023: (61.2 − 59.63) / 59.63.
	if got := m["metric-entities"].Table.Rows[1][2].Text(); got != "+2.63%" {
		t.Errorf("computed growth %q", got)
	}
	if m["sources"].ID != "fig-hengyang-scjgj-sources" {
		t.Errorf("id %q", m["sources"].ID)
	}
}

func TestOverviewSorted(t *testing.T) {
	a := example(t)
	b := &budget.Bureau{Slug: "a-first", Name: "甲局"}
	rb := &budget.Report{Bureau: b, Year: 2023, Unit: budget.DefaultUnit,
		Projects: []*budget.Project{{ID: "p", Name: "p", Adjusted: amt(t, "10"), Executed: amt(t, "10")}}}
	b.Reports = []*budget.Report{rb}
	cs, err := Overview("fig-2023-", "2023年", []*budget.Report{rb, a}, []*budget.Report{rb, a}, budget.DefaultUnit)
	if err != nil {
		t.Fatal(err)
	}
	m := byNameT(t, cs)
	// Lowest rate first.
	contains(t, m["bureau-execution"], `"source":[["市场监管局",89.03,"89.03%（算）"],["甲局",100.00,"100.00%（算）"]]`)
	// Only one of the two bureaus published its spending: one bar would
	// compare nothing, so there is no chart (the page's table says it).
	if m["bureau-spending"] != nil {
		t.Errorf("a one-bar chart of spending: %s", m["bureau-spending"].Option())
	}
	if m["sources"].ID != "fig-2023-sources" {
		t.Errorf("id %q", m["sources"].ID)
	}
}

func TestStableBytes(t *testing.T) {
	a, err := Report(example(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Report(example(t))
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if !bytes.Equal(a[i].Option(), b[i].Option()) || a[i].ID != b[i].ID {
			t.Errorf("%s differs between two builds", a[i].Name)
		}
	}
}

func TestEscapesHTML(t *testing.T) {
	r := example(t)
	r.Funds.Sources[0].Name = "</script><b>"
	cs, err := Report(r)
	if err != nil {
		t.Fatal(err)
	}
	c := byNameT(t, cs)["funds-sources"]
	if bytes.Contains(c.Option(), []byte("</script>")) {
		t.Fatalf("raw </script> in option: %s", c.Option())
	}
	contains(t, c, `\u003c/script\u003e\u003cb\u003e`)
}

// go-echarts' function marker fails the build from whatever text it
// comes, in the direct writers as in go-echarts' path.
func TestRejectsFunctions(t *testing.T) {
	f := "__f__function(p){return p.name}__f__"
	u := budget.DefaultUnit
	for name, write := range map[string]func() ([]byte, error){
		"bars":    func() ([]byte, error) { return (&bars{Categories: []string{f}}).appendOption(nil, "") },
		"pie":     func() ([]byte, error) { return pieOption([]slice{{Name: f, Amount: 1}}, 1, u, "") },
		"treemap": func() ([]byte, error) { return treemapOption([]node{{Name: "a", Tooltip: f}}, u, "") },
		"desc":    func() ([]byte, error) { return pieOption(nil, 0, u, f) },
	} {
		if _, err := write(); !errors.Is(err, errFunc) {
			t.Errorf("%s: got %v, want errFunc", name, err)
		}
	}
	s := &spec{trigger: "item", series: []map[string]any{{"type": "pie", "label": map[string]any{"formatter": f}}}}
	if _, err := build(gecharts.NewPie(), s); !errors.Is(err, errFunc) {
		t.Fatalf("reference: got %v, want errFunc", err)
	}
}

// Bars are written when their page is, so drawBars refuses the marker
// before: in whichever text of the bars it stands, as writing the option
// would; and both let bars without it through.
func TestBarsRefuseFunctionsBeforeWriting(t *testing.T) {
	f := "x__f__y"
	plain := func() *bars {
		return &bars{Categories: []string{"甲", "乙"}, Unit: "万元", Max: "200", Ref: &ref{Value: "90", Label: "90%"},
			Series: []series{{Name: "a", Values: []json.Number{json.Number("1"), noValue}, Texts: []string{"1", "—"}, Tips: []string{"1万元", ""}, Stack: "s", Color: "#0072B2"}}}
	}
	for name, twist := range map[string]func(b *bars) string{
		"none":        func(b *bars) string { return "" },
		"description": func(b *bars) string { return f },
		"category":    func(b *bars) string { b.Categories[1] = f; return "" },
		"unit":        func(b *bars) string { b.Unit = f; return "" },
		"max":         func(b *bars) string { b.Max = json.Number(f); return "" },
		"ref value":   func(b *bars) string { b.Ref.Value = json.Number(f); return "" },
		"ref label":   func(b *bars) string { b.Ref.Label = f; return "" },
		"name":        func(b *bars) string { b.Series[0].Name = f; return "" },
		"value":       func(b *bars) string { b.Series[0].Values[0] = json.Number(f); return "" },
		"text":        func(b *bars) string { b.Series[0].Texts[1] = f; return "" },
		"tip":         func(b *bars) string { b.Series[0].Tips[1] = f; return "" },
		"stack":       func(b *bars) string { b.Series[0].Stack = f; return "" },
		"color":       func(b *bars) string { b.Series[0].Color = f; return "" },
	} {
		b := plain()
		d := twist(b)
		_, writeErr := b.appendOption(nil, d)
		drawErr := (&Chart{}).drawBars(b, d)
		if want := name != "none"; errors.Is(writeErr, errFunc) != want || errors.Is(drawErr, errFunc) != want {
			t.Errorf("%s: writing %v, drawBars %v; want errFunc %v", name, writeErr, drawErr, want)
		}
	}
}

func TestLiteral(t *testing.T) {
	if got := string(appendLiteral(nil, "a{b|c}")); got != `"a｛b|c｝"` {
		t.Errorf("appendLiteral: %s", got)
	}
}

func TestGroupDecimal(t *testing.T) {
	for in, want := range map[string]string{"3775": "3,775", "59.63": "59.63", "-1234567.5": "-1,234,567.5", "全省第二": "全省第二", "12": "12"} {
		if got := groupDecimal(in); got != want {
			t.Errorf("groupDecimal(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkReport(b *testing.B) {
	t := &testing.T{}
	r := example(t)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Report(r); err != nil {
			b.Fatal(err)
		}
	}
}

// A fund source has one colour on every page, by the level it names.
func TestSourceColors(t *testing.T) {
	for _, c := range []struct{ names, want []string }{
		{[]string{"中央专项", "省级专项", "市级"}, []string{Palette[0], Palette[1], Palette[2]}},
		{[]string{"市级", "中央专项", "省级专项"}, []string{Palette[2], Palette[0], Palette[1]}},
		{[]string{"其他资金", "市级", "市本级追加"}, []string{Palette[4], Palette[2], Palette[5]}},
	} {
		got := sourceColors(c.names)
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("sourceColors(%v) = %v; want %v", c.names, got, c.want)
		}
	}
}

// A project's indicator and score charts are drawn once per project of a
// portal: their slices are made at their size, their table cells in one
// block and their descriptions in one buffer (88 and 114 allocations
// before, 57 and 85 since; the bounds leave room for small changes).
func TestProjectChartAllocs(t *testing.T) {
	var p *budget.Project
	for _, q := range example(t).Projects {
		if q.ID == "reform" {
			p = q
		}
	}
	if n := testing.AllocsPerRun(20, func() { levelScores(p) }); n > 65 {
		t.Errorf("levelScores: %v allocations, want at most 65", n)
	}
	if n := testing.AllocsPerRun(20, func() { indicators(p) }); n > 95 {
		t.Errorf("indicators: %v allocations, want at most 95", n)
	}
}

// appendString's shortcut for three-byte characters escapes as
// encoding/json does, at the edges of what it lets through.
func FuzzAppendString(f *testing.F) {
	for _, s := range append(awkward, "中文（：）", "\u2028\u2029\u2027", "\xe2\x80", "\xef\xbf\xbe", "\xed\xa0\x80", "\xe0\x80\x80", "\xe1\x80\x80", "中\xe4\x41\x80") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

// TestPhoneLabels: on a phone, labels longer than the room beside the
// bars are broken onto lines, so that the bars keep room; short ones
// keep the grid as it is.
func TestPhoneLabels(t *testing.T) {
	cs, err := Report(example(t))
	if err != nil {
		t.Fatal(err)
	}
	m := byNameT(t, cs)
	contains(t, m["indicators-reform"], `"media":[{"option":{"grid":{"right":120},"series":[{"label":{"overflow":"break","width":108}},{"label":{"overflow":"break","width":108}},{"label":{"overflow":"break","width":108}}],"xAxis":{"splitNumber":3}`)
	contains(t, m["execution"], `"media":[{"option":{"xAxis":{"splitNumber":3},"yAxis":{"axisLabel":{"width":84}}},"query":{"maxWidth":520}}]`)
}

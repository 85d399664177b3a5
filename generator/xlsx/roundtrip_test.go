package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/xuri/excelize/v2"
)

// corpus loads the real reports of generator/site/testdata/corpus and
// the bundled example.
func corpus(t testing.TB) []*budget.Report {
	t.Helper()
	var out []*budget.Report
	for _, root := range []string{"../site/testdata/corpus", "../.."} {
		s, diags := load.Site(os.DirFS(root))
		if diags.Errors() > 0 {
			t.Fatalf("%s: %v", root, diags)
		}
		for _, b := range s.Bureaus {
			out = append(out, b.Reports...)
		}
	}
	if len(out) < 13 {
		t.Fatalf("%d reports, want the 12 of the corpus and the example", len(out))
	}
	return out
}

// Each report's workbook, imported, gives back its 自评表 and fund
// table: every printed figure the same, in 分, none added.
func TestRoundTrip(t *testing.T) {
	for _, r := range corpus(t) {
		t.Run(r.Bureau.Slug, func(t *testing.T) {
			data, err := Write(r)
			if err != nil {
				t.Fatal(err)
			}
			// Into a site whose unit differs from the report's where it
			// can: the amounts are converted both ways, exactly.
			unit := budget.Units[0] // 元
			d, err := Read(bytes.NewReader(data), FileName, unit)
			if err != nil {
				t.Fatal(err)
			}
			if got := unplaced(d); got != "" {
				t.Errorf("unplaced:\n%s", got)
			}
			if len(d.Notices) > 1 { // the computed sheet is skipped
				t.Errorf("notices: %v", d.Notices)
			}
			src := fstest.MapFS{
				"content/site.toml":              {Data: []byte("title = \"t\"\nunit = \"元\"\n")},
				"content/b/bureau.toml":          {Data: []byte("name = \"b\"\n")},
				"content/b/" + year(r) + ".toml": {Data: d.TOML(r.Year, i18n.Zh)},
			}
			s, diags := load.Site(src)
			if diags.Errors() > 0 {
				t.Fatalf("the imported file does not load: %v\n%s", diags, d.TOML(r.Year, i18n.Zh))
			}
			got := s.Bureaus[0].Reports[0]
			if a, b := describe(r), describe(got); a != b {
				t.Errorf("the report changed on the way:\n--- original ---\n%s\n--- imported ---\n%s", a, b)
			}
		})
	}
}

func year(r *budget.Report) string { return fmt.Sprint(r.Year) }

// describe lists what a workbook carries of a report: its tables' and
// fund table's printed figures, amounts in 分.
func describe(r *budget.Report) string {
	var b strings.Builder
	amt := func(a *budget.Amount) string {
		if a == nil {
			return "-"
		}
		return fmt.Sprint(int64(*a))
	}
	pct := func(p *budget.Percent) string {
		if p == nil {
			return "-"
		}
		return p.Raw
	}
	pts := func(p *budget.Points) string {
		if p == nil {
			return "-"
		}
		return p.String()
	}
	for _, p := range r.Projects {
		fmt.Fprintf(&b, "project %s form=%s dept=%q central=%q impl=%q code=%q asof=%v base=%q\n",
			p.Name, p.Form.ID, p.Department, p.CentralDepartment, p.Implementer, p.Code, p.AsOf, p.ExecutionBase)
		fmt.Fprintf(&b, "  amounts %s %s %s %s %s %s balance=%s rates=%s %s\n", amt(p.Initial), amt(p.Change), amt(p.Adjusted), amt(p.Received),
			amt(p.Executed), amt(p.Income), amt(p.Balance), pct(p.ExecutionRate), pct(p.ReceiptRate))
		fmt.Fprintf(&b, "  execution %s %s goal %s %s score=%s grade=%q\n", pts(p.ExecutionWeight), pts(p.ExecutionScore),
			pts(p.GoalWeight), pts(p.GoalScore), pts(p.Score), p.Grade)
		fmt.Fprintf(&b, "  goal=%q outcome=%q deviation=%q\n", p.Goal, p.Outcome, p.Deviation)
		for _, f := range p.Funds {
			fmt.Fprintf(&b, "  fund %q %s %s %s %s\n", f.Source, amt(f.Initial), amt(f.Adjusted), amt(f.Executed), pct(f.ExecutionRate))
		}
		for _, in := range p.Indicators {
			fmt.Fprintf(&b, "  indicator %q %q %q nature=%q target=%q actual=%q unit=%q %s %s dev=%q\n", in.Level1, in.Level2, in.Name,
				in.Nature, in.Target.Raw, in.Actual.Raw, in.Unit, pts(in.Weight), pts(in.Score), in.Deviation)
		}
	}
	if f := r.Funds; f != nil {
		fmt.Fprintf(&b, "funds total=%s\n", amt(f.Total))
		for _, s := range f.Sources {
			fmt.Fprintf(&b, "  source %q %s\n", s.Name, amt(s.Amount))
			for _, it := range s.Items {
				name := ""
				if it.Project != nil {
					name = it.Project.Name
				}
				fmt.Fprintf(&b, "    item %q %s project=%q\n", it.Name, amt(it.Amount), name)
			}
		}
	}
	return b.String()
}

// The same report gives the same bytes, build after build: the document
// and its zip entries are dated with the report's publication date, never
// the time of the build.
func TestWriteDeterministic(t *testing.T) {
	for _, r := range corpus(t) {
		a, err := Write(r)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Write(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s %d: two writes differ", r.Bureau.Slug, r.Year)
		}
		core := zipFile(t, a, "docProps/core.xml")
		want := "1980-01-01T00:00:00Z"
		if !r.Published.IsZero() {
			want = r.Published.String() + "T00:00:00Z"
		}
		if !strings.Contains(core, "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">"+want+"</dcterms:modified>") {
			t.Errorf("%s %d: core.xml does not date the file %s:\n%s", r.Bureau.Slug, r.Year, want, core)
		}
	}
}

func zipFile(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A figure the report did not print stays empty in the printed cells
// even where the portal can compute it; the computed one is on the
// computed sheet only, labelled so. The example's 知识产权 project prints
// 年初预算 500 and 追加 233.5 but no 全年预算数.
func TestComputedApart(t *testing.T) {
	var r *budget.Report
	for _, x := range corpus(t) {
		if x.Bureau.Slug == "hengyang-scjgj" {
			r = x
		}
	}
	data, err := Write(r)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("自评表4")
	if err != nil {
		t.Fatal(err)
	}
	var head, total []string
	for i, row := range rows {
		if len(row) > 1 && row[1] == "年度资金总额" {
			head, total = rows[i-1], row
		}
	}
	for c, h := range head {
		v := ""
		if c < len(total) {
			v = total[c]
		}
		switch {
		case strings.HasPrefix(h, "全年预算"):
			if v != "" {
				t.Errorf("%s holds %q, but the report printed none", h, v)
			}
		case h == "预算调整数" && v != "233.50", h == "年初预算" && v != "500.00":
			t.Errorf("%s = %q", h, v)
		}
	}
	computed, err := f.GetRows("计算核对")
	if err != nil {
		t.Fatal(err)
	}
	if computed[0][0] != computedTitle {
		t.Errorf("the computed sheet is headed %q", computed[0][0])
	}
	found := false
	for _, row := range computed {
		if len(row) >= 3 && row[0] == "（科技）知识产权保护、自主及奖励" && row[1] == "执行率" && row[2] == "100.00%" {
			found = true
		}
	}
	if !found {
		t.Errorf("the computed 执行率 of 知识产权 is missing:\n%q", computed)
	}
}

// A build writes the workbooks of many reports at once (package
// parallel): the same bytes as one at a time (run with -race too).
func TestWriteConcurrent(t *testing.T) {
	reports := corpus(t)
	serial := make([][]byte, len(reports))
	for i, r := range reports {
		var err error
		if serial[i], err = Write(r); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	got := make([][]byte, len(reports))
	for i, r := range reports {
		wg.Go(func() { got[i], _ = Write(r) })
	}
	wg.Wait()
	for i := range reports {
		if !bytes.Equal(serial[i], got[i]) {
			t.Errorf("%s: concurrent write differs", reports[i].Bureau.Slug)
		}
	}
}

// Keys no corpus report has also make the way there and back: 实际到位资金,
// 到位率, 结余, 收入, a negative 预算调整数, 项目编码 outside Sichuan, 截至日期,
// the execution deviation, a scored 年度目标完成情况, amounts finer than
// 1 元 in 万元, and text with quotes and line breaks.
func TestRoundTripEveryKey(t *testing.T) {
	year := `title = "2023年度转移支付区域绩效目标自评表"
year = 2023
unit = "万元"
published = 2024-04-30

[funds]
total = 1200.123456

[[funds.sources]]
name = "中央补助"
amount = 1200.123456

[[funds.sources.items]]
name = "农村公路建设"
amount = 1200.123456
project = "roads"

[[projects]]
id = "roads"
form = "transfer"
name = "农村公路建设补助资金"
central_department = "财政部"
department = "某县交通运输局"
implementer = "某县公路事务中心"
as_of = 2023-12-10
adjusted = 1200.123456
received = 1200
executed = 1164.5
receipt_rate = "99.99%"
execution_rate = "97.03%"
balance = 35.5
deviation = "部分工程款\"质保金\"未到期，\n次年支付。"
goal_weight = 10
goal_score = 9.5

[[projects.funds]]
source = "中央补助"
adjusted = 1200.123456
executed = 1164.5
execution_rate = "97.03%"

[[projects.indicators]]
level1 = "效益指标"
level2 = "社会效益指标"
name = "施工安全事故"
target = "零事故"
actual = "0起"
weight = 10
score = 10

[[projects]]
id = "office"
name = "办公楼维修"
code = "4301002023000001"
initial = 100
adjustment = -20.5
adjusted = 79.5
income = 80
executed = 79.5
execution_weight = 10
execution_rate = "100%"
execution_score = 10
score = 90
grade = "优"
`
	src := fstest.MapFS{
		"content/site.toml":     {Data: []byte("title = \"t\"\n")},
		"content/b/bureau.toml": {Data: []byte("name = \"某县交通运输局\"\n")},
		"content/b/2023.toml":   {Data: []byte(year)},
	}
	s, diags := load.Site(src)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	r := s.Bureaus[0].Reports[0]
	data, err := Write(r)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(bytes.NewReader(data), FileName, budget.DefaultUnit)
	if err != nil {
		t.Fatal(err)
	}
	if got := unplaced(d); got != "" {
		t.Errorf("unplaced:\n%s", got)
	}
	src["content/b/2023.toml"] = &fstest.MapFile{Data: d.TOML(2023, i18n.Zh)}
	s2, diags := load.Site(src)
	if diags.Errors() > 0 {
		t.Fatalf("%v\n%s", diags, d.TOML(2023, i18n.Zh))
	}
	if a, b := describe(r), describe(s2.Bureaus[0].Reports[0]); a != b {
		t.Errorf("the report changed on the way:\n--- original ---\n%s\n--- imported ---\n%s", a, b)
	}
}

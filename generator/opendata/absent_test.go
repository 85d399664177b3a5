package opendata

import (
	"bytes"
	"encoding/csv"
	"github.com/disclose-portal/disclose/generator/i18n"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
)

// These tests build the model directly, without the loader, so that each
// one shows a single case of a figure the report did not print.

var testConfig = budget.Config{Scoring: budget.DefaultScoring(), Publisher: budget.Publisher{License: "CC-BY-4.0"}}

// testReport is a 万元 report of the national form holding projects.
func testReport(projects ...*budget.Project) *budget.Report {
	b := &budget.Bureau{Slug: "x", Name: "某局"}
	r := &budget.Report{Bureau: b, Year: 2023, Title: "2023年项目支出绩效自评报告", Kind: "项目支出绩效自评",
		Unit: budget.DefaultUnit, Form: budget.DefaultForm, Projects: projects}
	b.Reports = []*budget.Report{r}
	return r
}

func percent(t *testing.T, raw string) *budget.Percent {
	t.Helper()
	p, err := budget.ParsePercent(raw)
	if err != nil {
		t.Fatal(err)
	}
	return &p
}

// projectRow returns the row of the project id in the report's
// projects.csv, by column name.
func projectRow(t *testing.T, d *ReportDoc, id string) map[string]string {
	t.Helper()
	for _, tb := range ReportTables(d) {
		if tb.Name != "projects" {
			continue
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(tb.CSV(), []byte("\xEF\xBB\xBF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			if rec[0] != id {
				continue
			}
			row := map[string]string{}
			for i, name := range recs[0] {
				row[name] = rec[i]
			}
			return row
		}
	}
	t.Fatalf("no row %s in projects.csv", id)
	return nil
}

// sparseProject printed only 年初预算数 and 全年执行数: the form it was
// copied from has no 全年预算数 and no 实际到位资金 column.
func sparseProject() *budget.Project {
	return &budget.Project{Form: budget.DefaultForm, ID: "sparse", Name: "只有年初预算和执行数",
		Initial: budget.Amt(1_000_000), Executed: budget.Amt(900_000)}
}

// TestAbsentIsNull: a project without 实际到位资金 and 全年预算数 has no
// 到位率, no 结余 and no 执行率 (the national form divides by 全年预算数):
// null in report.json and empty cells in projects.csv, never 0 and never
// taken from 年初预算数.
func TestAbsentIsNull(t *testing.T) {
	d := NewReportDoc(testReport(sparseProject()), testConfig, nil)
	p := d.Projects[0]
	if p.Received != nil || p.Adjusted != nil || p.Income != nil {
		t.Errorf("absent amounts written: received %+v, adjusted %+v, income %+v", p.Received, p.Adjusted, p.Income)
	}
	if p.Initial == nil || p.Initial.Value != "1.00" || p.Executed == nil || p.Executed.Value != "0.90" {
		t.Errorf("printed amounts: initial %+v, executed %+v", p.Initial, p.Executed)
	}
	if p.ReceiptRate != (RateCheck{}) || p.ExecutionRate != (RateCheck{}) {
		t.Errorf("rates without their amounts: receipt %+v, execution %+v", p.ReceiptRate, p.ExecutionRate)
	}
	if p.Balance != (MoneyCheck{}) || p.Adjustment != (MoneyCheck{}) {
		t.Errorf("balance %+v, adjustment %+v, want both null", p.Balance, p.Adjustment)
	}
	if p.Score.Computed != nil || p.Grade.Published != nil || p.Grade.Computed != nil || p.ExecutionWeight != nil {
		t.Errorf("score %+v, grade %+v, weight %v: want null", p.Score, p.Grade, p.ExecutionWeight)
	}

	js := string(MarshalJSON(d, false))
	for _, want := range []string{
		`"adjusted":null,"received":null,`,
		`"balance":{"published":null,"computed":null}`,
		`"receipt_rate":{"published":null,"computed":null,"agreement":null}`,
		`"execution_rate":{"published":null,"computed":null,"agreement":null}`,
		`"grade":{"published":null,"computed":null}`,
	} {
		if !strings.Contains(js, want) {
			t.Errorf("report.json lacks %s:\n%s", want, js)
		}
	}
	if strings.Contains(js, `"0.00"`) {
		t.Errorf("report.json writes an absent amount as 0:\n%s", js)
	}

	row := projectRow(t, d, "sparse")
	if row["initial"] != "10000.00" || row["executed"] != "9000.00" {
		t.Errorf("printed amounts: initial %q, executed %q", row["initial"], row["executed"])
	}
	for _, name := range []string{"adjusted", "received", "income",
		"balance", "balance_status", "balance_computed",
		"receipt_rate_percent", "receipt_rate_percent_status", "receipt_rate_percent_computed",
		"execution_rate_percent", "execution_rate_percent_status", "execution_rate_percent_computed",
		"execution_weight", "score_computed", "grade", "grade_computed"} {
		if row[name] != "" {
			t.Errorf("projects.csv %s = %q, want an empty cell", name, row[name])
		}
	}
}

// TestPrintedBalanceKept: a printed 结余 is the value of the balance
// column even where it cannot be computed, and is marked published.
func TestPrintedBalanceKept(t *testing.T) {
	p := sparseProject()
	p.Balance = budget.Amt(100_000)
	d := NewReportDoc(testReport(p), testConfig, nil)
	if b := d.Projects[0].Balance; b.Published == nil || b.Published.Value != "0.10" || b.Computed != nil {
		t.Errorf("balance %+v", b)
	}
	row := projectRow(t, d, "sparse")
	if row["balance"] != "1000.00" || row["balance_status"] != "published" || row["balance_computed"] != "" {
		t.Errorf("balance cells %q %q %q", row["balance"], row["balance_status"], row["balance_computed"])
	}
}

// TestRateAgreement compares printed 执行率 with the one computed from the
// amounts, 9546.49 of 10000 元 = 95.4649%: printed as 95.47% it is off by
// one in the last printed digit (rounding), not a real difference.
func TestRateAgreement(t *testing.T) {
	for _, c := range []struct{ printed, agreement string }{
		{"95.47%", "rounding"},
		{"95.46%", "agrees"},
		{"95.5%", "agrees"},
		{"95%", "agrees"},
		{"95.50%", "differs"},
		{"97%", "differs"},
	} {
		p := &budget.Project{Form: budget.DefaultForm, ID: "p", Name: "项目",
			Adjusted: budget.Amt(1_000_000), Received: budget.Amt(1_000_000), Executed: budget.Amt(954_649),
			ExecutionRate: percent(t, c.printed)}
		d := NewReportDoc(testReport(p), testConfig, nil)
		er := d.Projects[0].ExecutionRate
		if er.Published == nil || er.Published.Raw != c.printed || er.Computed == nil || er.Computed.Percent != "95.46" {
			t.Errorf("%s: %+v", c.printed, er)
			continue
		}
		if str(er.Agreement) != c.agreement {
			t.Errorf("%s against 95.4649%%: %q, want %q", c.printed, str(er.Agreement), c.agreement)
		}
		// The printed rate is the value; the computed one stays beside it.
		row := projectRow(t, d, "p")
		want := strings.TrimSuffix(c.printed, "%")
		if row["execution_rate_percent"] != want || row["execution_rate_percent_status"] != "published" || row["execution_rate_percent_computed"] != "95.46" {
			t.Errorf("%s: cells %q %q %q", c.printed, row["execution_rate_percent"], row["execution_rate_percent_status"], row["execution_rate_percent_computed"])
		}
		// 到位率 was not printed: the value is the computed one.
		if row["receipt_rate_percent"] != "100.00" || row["receipt_rate_percent_status"] != "computed" {
			t.Errorf("receipt cells %q %q", row["receipt_rate_percent"], row["receipt_rate_percent_status"])
		}
	}
}

// TestNoProjectsTotals: a report that evaluates no project (a funds
// table only) has no totals: null, not "0.00", and says it covers 0 of 0.
func TestNoProjectsTotals(t *testing.T) {
	r := testReport()
	r.Funds = &budget.Funds{Sources: []*budget.FundSource{{Name: "中央", Amount: budget.Amt(500)}, {Name: "省级"}}}
	d := NewReportDoc(r, testConfig, nil)
	for name, tot := range map[string]Total{"initial": d.Totals.Initial, "adjusted": d.Totals.Adjusted, "received": d.Totals.Received, "executed": d.Totals.Executed} {
		if tot != (Total{}) {
			t.Errorf("totals %s: %+v, want null and 0 of 0", name, tot)
		}
	}
	if d.Totals.Balance != (MoneyCheck{}) || d.Totals.ExecutionRate != (RateCheck{}) || d.Totals.ReceiptRate != (RateCheck{}) || d.Totals.Projects != 0 {
		t.Errorf("totals %+v", d.Totals)
	}
	js := string(MarshalJSON(d, false))
	if !strings.Contains(js, `"executed":{"value":null,"status":null,"published":null,"computed":null,"count":0,"of":0}`) {
		t.Errorf("report.json totals:\n%s", js)
	}
	// One source printed no amount: the funds have no total, and no
	// source a share of it.
	f := d.Funds
	if f.Total.Value != nil || f.Total.Count != 1 || f.Total.Of != 2 || f.Sources[0].Share != nil || f.Sources[1].Amount != nil {
		t.Errorf("funds %+v", f)
	}
	if strings.Contains(js, `"0.00"`) {
		t.Errorf("report.json writes an absent amount as 0:\n%s", js)
	}
}

// TestDeclaredTotals: a printed 合计 is the totals' value where given,
// beside the sum over the projects; a sum over projects exists only
// where every project printed the figure.
func TestDeclaredTotals(t *testing.T) {
	a := &budget.Project{Form: budget.DefaultForm, ID: "a", Name: "甲",
		Adjusted: budget.Amt(1_000_000), Received: budget.Amt(1_000_000), Executed: budget.Amt(800_000)}
	b := sparseProject()
	b.Adjusted = budget.Amt(1_000_000)
	r := testReport(a, b)
	r.Declared = &budget.Declared{Projects: 2, Executed: budget.Amt(1_800_000), ExecutionRate: percent(t, "90.00%")}
	d := NewReportDoc(r, testConfig, nil)
	tot := d.Totals
	if tot.Projects != 2 || d.Declared == nil || d.Declared.Projects == nil || *d.Declared.Projects != 2 || d.Declared.Adjusted != nil {
		t.Errorf("projects %d, declared %+v", tot.Projects, d.Declared)
	}
	if e := tot.Executed; str(e.Status) != "published" || e.Value == nil || e.Value.Value != "1.80" || e.Computed == nil || e.Computed.Value != "1.70" || e.Count != 2 || e.Of != 2 {
		t.Errorf("executed %+v", e)
	}
	if a := tot.Adjusted; str(a.Status) != "computed" || a.Published != nil || a.Value == nil || a.Value.Value != "2.00" {
		t.Errorf("adjusted %+v", a)
	}
	if rc := tot.Received; rc.Value != nil || rc.Status != nil || rc.Computed != nil || rc.Count != 1 || rc.Of != 2 {
		t.Errorf("received %+v: one project did not print it", rc)
	}
	if tot.Balance != (MoneyCheck{}) || tot.ReceiptRate.Computed != nil {
		t.Errorf("balance %+v, receipt %+v: received is not known for every project", tot.Balance, tot.ReceiptRate)
	}
	if er := tot.ExecutionRate; er.Computed == nil || er.Computed.Percent != "90.00" || str(er.Agreement) != "agrees" {
		t.Errorf("execution rate %+v", er)
	}
	// The report says it evaluated three projects but lists two: a sum
	// over the two is no total.
	r.Declared.Projects = 3
	tot = NewReportDoc(r, testConfig, nil).Totals
	if a := tot.Adjusted; a.Value != nil || a.Computed != nil || tot.ExecutionRate.Computed != nil {
		t.Errorf("with 3 projects declared and 2 listed: adjusted %+v, rate %+v", a, tot.ExecutionRate)
	}
}

// TestChecksPublic: checks carry their severity name, notes included,
// and the text for citizens.
func TestChecksPublic(t *testing.T) {
	checks := []diag.Diagnostic{{Severity: diag.Note, File: "content/x/2023.toml", Pos: diag.Pos{Line: 3, Col: 1},
		Message: i18n.Lit("rounding"), Public: "原表执行率 95.47%，按金额计算为 95.46%（尾数差异）。"}}
	d := NewReportDoc(testReport(sparseProject()), testConfig, checks)
	if len(d.Checks) != 1 || d.Checks[0].Severity != "note" || d.Checks[0].Public != checks[0].Public || d.Checks[0].Line != 3 {
		t.Errorf("checks %+v", d.Checks)
	}
}

// sparseDocs are report.json documents of the cases above, for the
// schema test.
func sparseDocs(t *testing.T) map[string][]byte {
	rounding := &budget.Project{Form: budget.Forms[3], ID: "t", Name: "转移支付", AsOf: budget.Date{Year: 2023, Month: 12, Day: 31},
		Adjusted: budget.Amt(1_000_000), Executed: budget.Amt(954_649), ExecutionRate: percent(t, "95.47%"),
		Funds:      []budget.ProjectFund{{Source: "中央", Executed: budget.Amt(5)}},
		Indicators: []*budget.Indicator{{Group: "目标1", Level1: "产出指标", Name: "覆盖", Nature: "≥", Direction: budget.Positive, DirectionGiven: true, Target: budget.ParseValue("12个"), Actual: budget.ParseValue("12个")}}}
	noForm := sparseProject()
	noForm.Form = nil // a model not from the loader: form is null
	declared := testReport(sparseProject(), rounding)
	declared.Declared = &budget.Declared{Executed: budget.Amt(3), ReceiptRate: percent(t, "100%")}
	empty := testReport()
	empty.Form = nil
	empty.Funds = &budget.Funds{Sources: []*budget.FundSource{{Name: "省级", Items: []*budget.FundItem{{Name: "未列金额"}}}}}
	note := []diag.Diagnostic{{Severity: diag.Note, File: "f", Message: i18n.Lit("m"), Public: "尾数差异"}}
	return map[string][]byte{
		"sparse":   MarshalJSON(NewReportDoc(testReport(sparseProject()), testConfig, note), false),
		"declared": MarshalJSON(NewReportDoc(declared, testConfig, nil), false),
		"empty":    MarshalJSON(NewReportDoc(empty, testConfig, nil), false),
		"no-form":  MarshalJSON(NewReportDoc(testReport(noForm), testConfig, nil), false),
	}
}

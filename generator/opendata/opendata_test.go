package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/validate"
	"golang.org/x/tools/txtar"
)

// fixture loads testdata/site.txtar into the model, as a build would.
func fixture(t *testing.T) (*budget.Site, diag.List) {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	src := fstest.MapFS{}
	for _, f := range ar.Files {
		src[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	s, diags := load.Site(src)
	diags = append(diags, validate.Site(s, diags)...)
	if diags.Errors() > 0 {
		var b strings.Builder
		diags.Write(&b)
		t.Fatalf("fixture has errors:\n%s", b.String())
	}
	return s, diags
}

func built(t *testing.T) (*budget.Site, *output.FileSet) {
	s, diags := fixture(t)
	files := output.NewFileSet()
	Write(s, diags, files)
	return s, files
}

func reports(s *budget.Site) []*budget.Report {
	var out []*budget.Report
	for _, b := range s.Bureaus {
		out = append(out, b.Reports...)
	}
	return out
}

// amountOf reads a decimal back in unit u; it must be exact.
func amountOf(t *testing.T, text string, u budget.Unit) budget.Amount {
	t.Helper()
	a, err := budget.ParseAmount(text, u)
	if err != nil {
		t.Fatalf("amount %q: %v", text, err)
	}
	return a
}

func checkMoney(t *testing.T, what string, m Money, want budget.Amount, u budget.Unit) {
	t.Helper()
	if got := amountOf(t, m.Yuan, budget.Units[0]); got != want {
		t.Errorf("%s: yuan %s reads back as %d 分, want %d", what, m.Yuan, got, want)
	}
	if got := amountOf(t, m.Value, u); got != want {
		t.Errorf("%s: value %s %s reads back as %d 分, want %d", what, m.Value, u.Name, got, want)
	}
}

func checkRate(t *testing.T, what string, r *Rate, want budget.Ratio) {
	t.Helper()
	if !want.Defined() {
		if r != nil {
			t.Errorf("%s: undefined rate written as %+v", what, r)
		}
		return
	}
	if r == nil {
		t.Fatalf("%s: rate missing", what)
	}
	x, ok := new(big.Rat).SetString(r.Fraction)
	if !ok || x.Cmp(want.Rat()) != 0 {
		t.Errorf("%s: fraction %s, want %s", what, r.Fraction, want.Rat().RatString())
	}
	if p := strings.TrimSuffix(want.Percent(), "%"); r.Percent != p {
		t.Errorf("%s: percent %s, want %s", what, r.Percent, p)
	}
}

func pointsOf(t *testing.T, n *json.Number) *budget.Points {
	t.Helper()
	if n == nil {
		return nil
	}
	x, ok := new(big.Rat).SetString(n.String())
	if !ok {
		t.Fatalf("score %q is not a number", n)
	}
	p := budget.PointsFromRat(x)
	if p.Rat().Cmp(x) != 0 {
		t.Fatalf("score %q has more than two decimals", n)
	}
	return &p
}

func samePoints(a, b *budget.Points) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func numberOf(s *string) *big.Rat {
	if s == nil {
		return nil
	}
	x, _ := new(big.Rat).SetString(*s)
	return x
}

func sameRat(a, b *big.Rat) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Cmp(b) == 0
}

// TestJSONRoundTrip writes report.json, reads it back, and compares every
// figure with the model.
func TestJSONRoundTrip(t *testing.T) {
	s, files := built(t)
	for _, r := range reports(s) {
		data, err := files.Bytes(ReportDir(r) + "/report.json")
		if err != nil {
			t.Fatal(err)
		}
		var d ReportDoc
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		dec.UseNumber()
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("%s: %v", ReportDir(r), err)
		}
		u := r.Unit
		if d.Bureau.Slug != r.Bureau.Slug || d.Year != r.Year || d.Title != r.Title || d.Unit != u.Name {
			t.Errorf("%s: header %+v", ReportDir(r), d)
		}
		if (d.Published == nil) != r.Published.IsZero() || d.Published != nil && *d.Published != r.Published.String() {
			t.Errorf("published %v, want %v", d.Published, r.Published)
		}
		if string(d.Narrative) != string(r.Narrative) {
			t.Errorf("narrative differs")
		}
		if (d.Funds == nil) != (r.Funds == nil) {
			t.Fatalf("funds: %v vs %v", d.Funds, r.Funds)
		}
		if r.Funds != nil {
			checkMoney(t, "funds total", d.Funds.Total, FundsTotal(r.Funds), u)
			if len(d.Funds.Sources) != len(r.Funds.Sources) {
				t.Fatalf("sources: %d, want %d", len(d.Funds.Sources), len(r.Funds.Sources))
			}
			for i, src := range r.Funds.Sources {
				ds := d.Funds.Sources[i]
				if ds.Name != src.Name || len(ds.Items) != len(src.Items) {
					t.Errorf("source %d: %+v", i, ds)
					continue
				}
				checkMoney(t, "source "+src.Name, ds.Amount, src.Amount, u)
				checkRate(t, "share "+src.Name, ds.Share, src.Share(FundsTotal(r.Funds)))
				for j, it := range src.Items {
					checkMoney(t, "item "+it.Name, ds.Items[j].Amount, it.Amount, u)
					if ds.Items[j].Name != it.Name || ds.Items[j].Project != it.ProjectID {
						t.Errorf("item %+v, want %s → %s", ds.Items[j], it.Name, it.ProjectID)
					}
				}
			}
		}
		tot := r.Totals()
		checkMoney(t, "totals adjusted", d.Totals.Adjusted, tot.Adjusted, u)
		checkMoney(t, "totals executed", d.Totals.Executed, tot.Executed, u)
		checkRate(t, "totals execution", d.Totals.ExecutionRate, tot.ExecutionRate())
		if len(d.Projects) != len(r.Projects) {
			t.Fatalf("projects: %d, want %d", len(d.Projects), len(r.Projects))
		}
		for i, p := range r.Projects {
			dp := d.Projects[i]
			if dp.ID != p.ID || dp.Name != p.Name || dp.Deviation != p.Deviation {
				t.Errorf("project %d: %q %q %q", i, dp.ID, dp.Name, dp.Deviation)
			}
			checkMoney(t, p.ID+" initial", dp.Initial, p.Initial, u)
			checkMoney(t, p.ID+" adjusted", dp.Adjusted, p.Adjusted, u)
			checkMoney(t, p.ID+" received", dp.Received, p.Received, u)
			checkMoney(t, p.ID+" executed", dp.Executed, p.Executed, u)
			checkMoney(t, p.ID+" balance", dp.Balance, p.Balance(), u)
			checkRate(t, p.ID+" execution rate", dp.ExecutionRate, p.ExecutionRate())
			checkRate(t, p.ID+" receipt rate", dp.ReceiptRate, p.ReceiptRate())
			if !samePoints(pointsOf(t, dp.Score.Published), p.Score) || !samePoints(pointsOf(t, dp.Score.Computed), p.ComputedScore(s.Config.Scoring)) {
				t.Errorf("%s score %v", p.ID, dp.Score)
			}
			exec := p.ComputedExecutionScore()
			if !samePoints(pointsOf(t, dp.ExecutionScore.Published), p.ExecutionScore) || !samePoints(pointsOf(t, dp.ExecutionScore.Computed), &exec) {
				t.Errorf("%s execution score %v", p.ID, dp.ExecutionScore)
			}
			if len(dp.Funds) != len(p.Funds) || len(dp.Indicators) != len(p.Indicators) {
				t.Fatalf("%s: %d funds, %d indicators", p.ID, len(dp.Funds), len(dp.Indicators))
			}
			for j, f := range p.Funds {
				checkMoney(t, p.ID+" fund "+f.Source, dp.Funds[j].Executed, f.Executed, u)
			}
			for j, in := range p.Indicators {
				di := dp.Indicators[j]
				if di.Name != in.Name || di.Target.Raw != in.Target.Raw || di.Actual.Raw != in.Actual.Raw || di.Direction != string(in.Direction) || di.Deviation != in.Deviation {
					t.Errorf("indicator %+v, want %+v", di, in)
				}
				if !sameRat(numberOf(di.Target.Number), in.Target.Num) || !sameRat(numberOf(di.Actual.Number), in.Actual.Num) {
					t.Errorf("indicator %s numbers %v %v", in.Name, di.Target.Number, di.Actual.Number)
				}
				if !samePoints(pointsOf(t, di.Weight), in.Weight) || !samePoints(pointsOf(t, di.Score.Published), in.Score) || !samePoints(pointsOf(t, di.Score.Computed), in.ComputedScore(s.Config.Scoring)) {
					t.Errorf("indicator %s scores %v %v", in.Name, di.Weight, di.Score)
				}
				wantMet := map[budget.Met]string{budget.MetYes: "true", budget.MetNo: "false", budget.MetUnknown: "null"}[in.Met()]
				gotMet := "null"
				if di.Met != nil {
					gotMet = strconv.FormatBool(*di.Met)
				}
				if gotMet != wantMet {
					t.Errorf("indicator %s met %s, want %s", in.Name, gotMet, wantMet)
				}
			}
		}
		if len(d.Metrics) != len(r.Metrics) {
			t.Fatalf("metrics: %d, want %d", len(d.Metrics), len(r.Metrics))
		}
		for i, m := range r.Metrics {
			dm := d.Metrics[i]
			if dm.ID != m.ID || dm.Value.Raw != m.Value.Raw || !sameRat(numberOf(dm.Value.Number), m.Value.Num) || !sameRat(numberOf(dm.YoY.Published), m.YoY) {
				t.Errorf("metric %+v, want %+v", dm, m)
			}
			if g, ok := m.ComputedYoY(r.PreviousMetric(m.ID)); ok != (dm.YoY.Computed != nil) || ok && *dm.YoY.Computed != budget.FormatRat(g, 2) {
				t.Errorf("metric %s computed yoy %v", m.ID, dm.YoY.Computed)
			}
		}
	}
}

// readCSV checks the encoding (BOM, CRLF) and returns header and rows.
func readCSV(t *testing.T, files *output.FileSet, p string) ([]string, [][]string) {
	t.Helper()
	data, err := files.Bytes(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("%s has no UTF-8 byte order mark", p)
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Errorf("%s does not end in CRLF", p)
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return recs[0], recs[1:]
}

func col(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

// TestCSVRoundTrip reads every table back and compares it with the model.
func TestCSVRoundTrip(t *testing.T) {
	s, files := built(t)
	yuan := budget.Units[0]
	var all []*budget.Report
	for _, r := range reports(s) {
		all = append(all, r)
		dir := ReportDir(r) + "/"

		h, rows := readCSV(t, files, dir+"projects.csv")
		if len(rows) != len(r.Projects) {
			t.Fatalf("%s projects.csv: %d rows, want %d", dir, len(rows), len(r.Projects))
		}
		for i, p := range r.Projects {
			row := rows[i]
			if row[col(t, h, "project_id")] != p.ID || row[col(t, h, "project_name")] != p.Name || row[col(t, h, "deviation")] != p.Deviation {
				t.Errorf("project row %v", row)
			}
			for name, want := range map[string]budget.Amount{"initial": p.Initial, "adjusted": p.Adjusted, "received": p.Received, "executed": p.Executed, "balance": p.Balance()} {
				if got := amountOf(t, row[col(t, h, name)], yuan); got != want {
					t.Errorf("%s %s: %d, want %d", p.ID, name, got, want)
				}
			}
			if row[col(t, h, "unit")] != "元" {
				t.Errorf("unit %q", row[col(t, h, "unit")])
			}
			if got, want := row[col(t, h, "execution_rate_percent")], strings.TrimSuffix(strings.ReplaceAll(p.ExecutionRate().Percent(), "—", ""), "%"); got != want {
				t.Errorf("%s execution rate %q, want %q", p.ID, got, want)
			}
			if got := row[col(t, h, "score")]; p.Score != nil && got != p.Score.String() || p.Score == nil && got != "" {
				t.Errorf("%s score %q", p.ID, got)
			}
		}

		h, rows = readCSV(t, files, dir+"indicators.csv")
		n := 0
		for _, p := range r.Projects {
			for _, in := range p.Indicators {
				if n >= len(rows) {
					t.Fatalf("indicators.csv has too few rows")
				}
				row := rows[n]
				n++
				if row[col(t, h, "project_id")] != p.ID || row[col(t, h, "indicator")] != in.Name || row[col(t, h, "target")] != in.Target.Raw || row[col(t, h, "actual")] != in.Actual.Raw || row[col(t, h, "deviation")] != in.Deviation {
					t.Errorf("indicator row %v", row)
				}
				if got := row[col(t, h, "actual_number")]; in.Actual.Num != nil && !sameRat(numberOf(&got), in.Actual.Num) {
					t.Errorf("actual_number %q", got)
				}
			}
		}
		if n != len(rows) {
			t.Errorf("indicators.csv: %d rows, want %d", len(rows), n)
		}

		h, rows = readCSV(t, files, dir+"funds.csv")
		n = 0
		if r.Funds != nil {
			for _, src := range r.Funds.Sources {
				check := func(kind, item string, a budget.Amount) {
					row := rows[n]
					n++
					if row[col(t, h, "row_type")] != kind || row[col(t, h, "source")] != src.Name || row[col(t, h, "item")] != item {
						t.Errorf("funds row %v", row)
					}
					if got := amountOf(t, row[col(t, h, "amount")], yuan); got != a {
						t.Errorf("funds %s/%s: %d, want %d", src.Name, item, got, a)
					}
				}
				check("source", "", src.Amount)
				for _, it := range src.Items {
					check("item", it.Name, it.Amount)
				}
			}
		}
		if n != len(rows) {
			t.Errorf("funds.csv: %d rows, want %d", len(rows), n)
		}

		h, rows = readCSV(t, files, dir+"metrics.csv")
		if len(rows) != len(r.Metrics) {
			t.Fatalf("metrics.csv: %d rows", len(rows))
		}
		for i, m := range r.Metrics {
			if rows[i][col(t, h, "metric_id")] != m.ID || rows[i][col(t, h, "value")] != m.Value.Raw {
				t.Errorf("metric row %v", rows[i])
			}
		}
	}

	// The site-wide tables hold every report's rows, with bureau and year.
	for _, name := range TableNames {
		h, rows := readCSV(t, files, DataDir+"/"+name+".csv")
		if h[0] != "bureau" || h[2] != "year" {
			t.Errorf("%s header %v", name, h)
		}
		want := 0
		for _, r := range all {
			d := NewReportDoc(r, s.Config, nil)
			per := rowsOf(name, d)
			for _, row := range per {
				if want >= len(rows) {
					t.Fatalf("data/%s.csv has too few rows", name)
				}
				got := rows[want]
				if got[0] != r.Bureau.Slug || got[1] != r.Bureau.Name || got[2] != strconv.Itoa(r.Year) || strings.Join(got[3:], "\x00") != strings.Join(row, "\x00") {
					t.Errorf("data/%s.csv row %d: %v, want %v", name, want, got, row)
				}
				want++
			}
		}
		if want != len(rows) {
			t.Errorf("data/%s.csv: %d rows, want %d", name, len(rows), want)
		}
	}
}

// TestDeterministic writes the files twice: same bytes.
func TestDeterministic(t *testing.T) {
	_, a := built(t)
	_, b := built(t)
	if strings.Join(a.Paths(), ",") != strings.Join(b.Paths(), ",") {
		t.Fatal("file lists differ")
	}
	for _, p := range a.Paths() {
		x, _ := a.Bytes(p)
		y, _ := b.Bytes(p)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs", p)
		}
	}
}

// TestSchemaInDocs keeps docs/report.schema.json the same as the schema
// the site ships.
func TestSchemaInDocs(t *testing.T) {
	docs, err := os.ReadFile("../../docs/report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(docs, ReportSchema) {
		t.Error("docs/report.schema.json differs from generator/opendata/report.schema.json; copy it over")
	}
}

package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"github.com/disclose-portal/disclose/generator/i18n"
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
		diags.Write(&b, i18n.En)
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

// checkMoney compares an amount in JSON with the model's: both absent,
// or both present and equal.
func checkMoney(t *testing.T, what string, m *Money, want *budget.Amount, u budget.Unit) {
	t.Helper()
	if m == nil || want == nil {
		if m != nil || want != nil {
			t.Errorf("%s: %+v, want %v", what, m, want)
		}
		return
	}
	if got := amountOf(t, m.Yuan, budget.Units[0]); got != *want {
		t.Errorf("%s: yuan %s reads back as %d 分, want %d", what, m.Yuan, got, *want)
	}
	if got := amountOf(t, m.Value, u); got != *want {
		t.Errorf("%s: value %s %s reads back as %d 分, want %d", what, m.Value, u.Name, got, *want)
	}
}

// checkDerived compares a computed amount in JSON with the model's.
func checkDerived(t *testing.T, what string, m *Money, want budget.Amount, ok bool, u budget.Unit) {
	t.Helper()
	if !ok {
		checkMoney(t, what, m, nil, u)
		return
	}
	checkMoney(t, what, m, &want, u)
}

func checkRate(t *testing.T, what string, r *Rate, want budget.Ratio, ok bool) {
	t.Helper()
	if !ok || !want.Defined() {
		if r != nil {
			t.Errorf("%s: unknown rate written as %+v", what, r)
		}
		return
	}
	if r == nil {
		t.Fatalf("%s: rate missing", what)
	}
	x, good := new(big.Rat).SetString(r.Fraction)
	if !good || x.Cmp(want.Rat()) != 0 {
		t.Errorf("%s: fraction %s, want %s", what, r.Fraction, want.Rat().RatString())
	}
	if p := strings.TrimSuffix(want.Percent(), "%"); r.Percent != p {
		t.Errorf("%s: percent %s, want %s", what, r.Percent, p)
	}
}

// checkRateCheck compares a derivable rate in JSON with the model's
// printed rate and the rate computed from its amounts.
func checkRateCheck(t *testing.T, what string, rc RateCheck, published *budget.Percent, computed budget.Ratio, ok bool) {
	t.Helper()
	switch {
	case published == nil && rc.Published != nil:
		t.Errorf("%s: published %+v, the report printed none", what, rc.Published)
	case published != nil && (rc.Published == nil || rc.Published.Raw != published.Raw || !sameRat(numberOf(&rc.Published.Percent), published.Value)):
		t.Errorf("%s: published %+v, want %q", what, rc.Published, published.Raw)
	}
	checkRate(t, what+" computed", rc.Computed, computed, ok)
	want := ""
	if published != nil && ok {
		want = agreementName(budget.CompareRate(*published, computed))
	}
	if str(rc.Agreement) != want {
		t.Errorf("%s: agreement %v, want %q", what, str(rc.Agreement), want)
	}
}

// checkTotal compares a total in JSON with the printed figure and the
// sum over the parts.
func checkTotal(t *testing.T, what string, got Total, published *budget.Amount, parts budget.Sum, u budget.Unit) {
	t.Helper()
	checkMoney(t, what+" published", got.Published, published, u)
	checkMoney(t, what+" computed", got.Computed, parts.Known(), u)
	value, status := published, statusPublished
	if value == nil {
		value, status = parts.Known(), statusComputed
	}
	if value == nil {
		status = ""
	}
	checkMoney(t, what+" value", got.Value, value, u)
	if str(got.Status) != status || got.Count != parts.Count || got.Of != parts.Of {
		t.Errorf("%s: status %q, %d of %d; want %q, %d of %d", what, str(got.Status), got.Count, got.Of, status, parts.Count, parts.Of)
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
			checkTotal(t, "funds total", d.Funds.Total, r.Funds.Total, r.Funds.SourcesSum(), u)
			whole, _, known := r.Funds.Stated()
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
				share, ok := src.Share(whole)
				checkRate(t, "share "+src.Name, ds.Share, share, ok && known)
				items := src.ItemsSum()
				checkMoney(t, "items sum "+src.Name, ds.ItemsSum.Computed, items.Known(), u)
				if ds.ItemsSum.Count != items.Count || ds.ItemsSum.Of != items.Of {
					t.Errorf("items sum %s: %+v", src.Name, ds.ItemsSum)
				}
				for j, it := range src.Items {
					checkMoney(t, "item "+it.Name, ds.Items[j].Amount, it.Amount, u)
					if ds.Items[j].Name != it.Name || ds.Items[j].Project != it.ProjectID {
						t.Errorf("item %+v, want %s → %s", ds.Items[j], it.Name, it.ProjectID)
					}
				}
			}
		}
		if (d.Declared == nil) != (r.Declared == nil) {
			t.Errorf("declared: %v vs %v", d.Declared, r.Declared)
		}
		st, tot := r.Stated(), r.Totals()
		if d.Totals.Projects != st.Projects {
			t.Errorf("totals projects %d, want %d", d.Totals.Projects, st.Projects)
		}
		pub := func(a *budget.Amount, published bool) *budget.Amount {
			if published {
				return a
			}
			return nil
		}
		checkTotal(t, "totals initial", d.Totals.Initial, pub(st.Initial, st.InitialPublished), tot.Initial, u)
		checkTotal(t, "totals adjusted", d.Totals.Adjusted, pub(st.Adjusted, st.AdjustedPublished), tot.Adjusted, u)
		checkTotal(t, "totals received", d.Totals.Received, pub(st.Received, st.ReceivedPublished), tot.Received, u)
		checkTotal(t, "totals executed", d.Totals.Executed, pub(st.Executed, st.ExecutedPublished), tot.Executed, u)
		checkMoney(t, "totals balance", d.Totals.Balance.Published, st.Balance, u)
		b, ok := st.ComputedBalance()
		checkDerived(t, "totals balance computed", d.Totals.Balance.Computed, b, ok, u)
		er, ok := st.ComputedExecutionRate()
		checkRateCheck(t, "totals execution", d.Totals.ExecutionRate, st.ExecutionRate, er, ok)
		rr, ok := st.ComputedReceiptRate()
		checkRateCheck(t, "totals receipt", d.Totals.ReceiptRate, st.ReceiptRate, rr, ok)
		if len(d.Projects) != len(r.Projects) {
			t.Fatalf("projects: %d, want %d", len(d.Projects), len(r.Projects))
		}
		for i, p := range r.Projects {
			dp := d.Projects[i]
			if dp.ID != p.ID || dp.Name != p.Name || dp.Deviation != p.Deviation || str(dp.Form) != p.Form.ID || str(dp.FormLabel) != p.Form.Label {
				t.Errorf("project %d: %q %q %q %v", i, dp.ID, dp.Name, dp.Deviation, dp.Form)
			}
			if (dp.AsOf == nil) != p.AsOf.IsZero() || dp.AsOf != nil && *dp.AsOf != p.AsOf.String() {
				t.Errorf("%s as_of %v, want %v", p.ID, dp.AsOf, p.AsOf)
			}
			checkMoney(t, p.ID+" initial", dp.Initial, p.Initial, u)
			checkMoney(t, p.ID+" adjusted", dp.Adjusted, p.Adjusted, u)
			checkMoney(t, p.ID+" received", dp.Received, p.Received, u)
			checkMoney(t, p.ID+" executed", dp.Executed, p.Executed, u)
			checkMoney(t, p.ID+" income", dp.Income, p.Income, u)
			checkMoney(t, p.ID+" balance", dp.Balance.Published, p.Balance, u)
			b, ok := p.ComputedBalance()
			checkDerived(t, p.ID+" balance computed", dp.Balance.Computed, b, ok, u)
			a, ok := p.Adjustment()
			checkDerived(t, p.ID+" adjustment", dp.Adjustment.Computed, a, ok, u)
			if dp.Adjustment.Published != nil {
				t.Errorf("%s: published adjustment %+v, no form prints one", p.ID, dp.Adjustment.Published)
			}
			er, ok := p.ComputedExecutionRate()
			checkRateCheck(t, p.ID+" execution rate", dp.ExecutionRate, p.ExecutionRate, er, ok)
			rr, ok := p.ComputedReceiptRate()
			checkRateCheck(t, p.ID+" receipt rate", dp.ReceiptRate, p.ReceiptRate, rr, ok)
			computed := p.ComputedScore(s.Config.Scoring)
			if !samePoints(pointsOf(t, dp.Score.Published), p.Score) || !samePoints(pointsOf(t, dp.Score.Computed), computed) {
				t.Errorf("%s score %v", p.ID, dp.Score)
			}
			if !samePoints(pointsOf(t, dp.ExecutionScore.Published), p.ExecutionScore) || !samePoints(pointsOf(t, dp.ExecutionScore.Computed), p.ComputedExecutionScore()) {
				t.Errorf("%s execution score %v", p.ID, dp.ExecutionScore)
			}
			if !samePoints(pointsOf(t, dp.ExecutionWeight), p.ExecutionWeight) {
				t.Errorf("%s execution weight %v, want %v", p.ID, dp.ExecutionWeight, p.ExecutionWeight)
			}
			wantGrade := ""
			if computed != nil {
				wantGrade = budget.Grade(*computed)
			}
			if str(dp.Grade.Published) != p.Grade || (dp.Grade.Published == nil) != (p.Grade == "") || str(dp.Grade.Computed) != wantGrade {
				t.Errorf("%s grade %v %v", p.ID, dp.Grade.Published, dp.Grade.Computed)
			}
			if len(dp.Funds) != len(p.Funds) || len(dp.Indicators) != len(p.Indicators) {
				t.Fatalf("%s: %d funds, %d indicators", p.ID, len(dp.Funds), len(dp.Indicators))
			}
			for j, f := range p.Funds {
				checkMoney(t, p.ID+" fund "+f.Source, dp.Funds[j].Executed, f.Executed, u)
				checkMoney(t, p.ID+" fund "+f.Source, dp.Funds[j].Adjusted, f.Adjusted, u)
			}
			for j, in := range p.Indicators {
				di := dp.Indicators[j]
				if di.Name != in.Name || di.Group != in.Group || di.Nature != in.Nature || di.Target.Raw != in.Target.Raw || di.Actual.Raw != in.Actual.Raw || di.Direction != string(in.Direction) || di.Deviation != in.Deviation {
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

// checkCell compares an amount cell (元) with the model's: empty when
// absent, never 0.
func checkCell(t *testing.T, what, cell string, want *budget.Amount) {
	t.Helper()
	if want == nil {
		if cell != "" {
			t.Errorf("%s: %q, want an empty cell", what, cell)
		}
		return
	}
	if got := amountOf(t, cell, budget.Units[0]); got != *want {
		t.Errorf("%s: %d 分, want %d", what, got, *want)
	}
}

// checkRateCells compares a derivable rate's value, status and computed
// cells with the model.
func checkRateCells(t *testing.T, what string, h, row []string, name string, published *budget.Percent, computed budget.Ratio, ok bool) {
	t.Helper()
	wantComputed := ""
	if ok && computed.Defined() {
		wantComputed = strings.TrimSuffix(computed.Percent(), "%")
	}
	value, status := "", ""
	switch {
	case published != nil:
		value, status = budget.FormatRat(published.Value, published.Decimals), "published"
	case wantComputed != "":
		value, status = wantComputed, "computed"
	}
	got := []string{row[col(t, h, name)], row[col(t, h, name+"_status")], row[col(t, h, name+"_computed")]}
	if want := []string{value, status, wantComputed}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s: cells %q, want %q", what, got, want)
	}
}

// TestCSVRoundTrip reads every table back and compares it with the model.
func TestCSVRoundTrip(t *testing.T) {
	s, files := built(t)
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
			for name, want := range map[string]*budget.Amount{"initial": p.Initial, "adjusted": p.Adjusted, "received": p.Received, "executed": p.Executed, "income": p.Income} {
				checkCell(t, p.ID+" "+name, row[col(t, h, name)], want)
			}
			if row[col(t, h, "unit")] != "元" || row[col(t, h, "form")] != p.Form.ID {
				t.Errorf("unit %q, form %q", row[col(t, h, "unit")], row[col(t, h, "form")])
			}
			b, ok := p.ComputedBalance()
			var computed *budget.Amount
			if ok {
				computed = &b
			}
			checkCell(t, p.ID+" balance_computed", row[col(t, h, "balance_computed")], computed)
			switch status := row[col(t, h, "balance_status")]; {
			case p.Balance != nil:
				checkCell(t, p.ID+" balance", row[col(t, h, "balance")], p.Balance)
				if status != "published" {
					t.Errorf("%s balance_status %q, want published", p.ID, status)
				}
			default:
				checkCell(t, p.ID+" balance", row[col(t, h, "balance")], computed)
				if want := map[bool]string{true: "computed", false: ""}[ok]; status != want {
					t.Errorf("%s balance_status %q, want %q", p.ID, status, want)
				}
			}
			er, ok := p.ComputedExecutionRate()
			checkRateCells(t, p.ID+" execution rate", h, row, "execution_rate_percent", p.ExecutionRate, er, ok)
			rr, ok := p.ComputedReceiptRate()
			checkRateCells(t, p.ID+" receipt rate", h, row, "receipt_rate_percent", p.ReceiptRate, rr, ok)
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
				if row[col(t, h, "project_id")] != p.ID || row[col(t, h, "indicator")] != in.Name || row[col(t, h, "group")] != in.Group || row[col(t, h, "nature")] != in.Nature || row[col(t, h, "target")] != in.Target.Raw || row[col(t, h, "actual")] != in.Actual.Raw || row[col(t, h, "deviation")] != in.Deviation {
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
				check := func(kind, item string, a *budget.Amount) {
					row := rows[n]
					n++
					if row[col(t, h, "row_type")] != kind || row[col(t, h, "source")] != src.Name || row[col(t, h, "item")] != item {
						t.Errorf("funds row %v", row)
					}
					checkCell(t, "funds "+src.Name+"/"+item, row[col(t, h, "amount")], a)
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

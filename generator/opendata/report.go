package opendata

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
)

// FormatVersion names the shape of report.json; it changes when a field
// changes meaning or goes away (adding fields keeps it). Version 2: a
// figure the report did not print is null instead of 0, and every
// derivable figure gives the published and the computed value apart.
const FormatVersion = "disclose-report/2"

// ReportDoc is report.json: the whole report with every derived value.
// Field order is the order of the struct, so the bytes are stable.
type ReportDoc struct {
	Format        string       `json:"format"`
	Schema        string       `json:"schema"` // relative link to the JSON Schema
	Bureau        BureauDoc    `json:"bureau"`
	Year          int          `json:"year"`
	Title         string       `json:"title"`
	Kind          string       `json:"kind"`
	Form          *string      `json:"form"`       // id of the form the report's tables follow
	FormLabel     *string      `json:"form_label"` // its name
	Published     *string      `json:"published"`
	Approved      *string      `json:"approved"`
	DaysToPublish *int         `json:"days_to_publish"`
	Source        string       `json:"source"`
	SourceURL     string       `json:"source_url"`
	Unit          string       `json:"unit"`
	License       string       `json:"license"`
	Publisher     string       `json:"publisher"`
	Staff         *StaffDoc    `json:"staff"`
	Funds         *FundsDoc    `json:"funds"`
	Declared      *DeclaredDoc `json:"declared"`
	Totals        TotalsDoc    `json:"totals"`
	Projects      []ProjectDoc `json:"projects"`
	Metrics       []MetricDoc  `json:"metrics"`
	Narrative     string       `json:"narrative"`
	Attachments   []string     `json:"attachments"`
	Checks        []CheckDoc   `json:"checks"`
}

// BureauDoc is who published the report.
type BureauDoc struct {
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	ShortName  string `json:"short_name"`
	Region     string `json:"region"`
	RegionCode string `json:"region_code"`
	Level      string `json:"level"`
	Website    string `json:"website"`
}

// Money is an amount in 元 and in the report's unit, both exact decimal
// strings (JSON numbers would lose 分 in some readers). Fields hold
// *Money: nil (null) is an amount the report did not print, which is not
// the same as 0.
type Money struct {
	Yuan  string `json:"yuan"`
	Value string `json:"value"`
}

// Rate is an exact quotient: the reduced fraction, the percentage rounded
// to two decimals as pages show it, and a float for charts. Undefined
// rates (zero denominator) are null.
type Rate struct {
	Fraction string      `json:"fraction"`
	Percent  string      `json:"percent"`
	Number   json.Number `json:"number"`
}

// PrintedRate is a rate as the report printed it: the text, and the
// exact number of percent read from it ("95.47%" → "95.47").
type PrintedRate struct {
	Raw     string `json:"raw"`
	Percent string `json:"percent"`
}

// Status values say where a figure comes from.
const (
	statusPublished = "published" // printed in the report
	statusComputed  = "computed"  // derived by the generator from printed figures
)

// RateCheck is a derivable rate: as printed, as computed from the printed
// amounts (only where all of them were printed), and how the two agree
// (null unless both exist).
type RateCheck struct {
	Published *PrintedRate `json:"published"`
	Computed  *Rate        `json:"computed"`
	Agreement *string      `json:"agreement"` // agrees, rounding or differs
}

// MoneyCheck is a derivable amount (结余, 调整数): as printed and as
// computed from the printed amounts; either may be null.
type MoneyCheck struct {
	Published *Money `json:"published"`
	Computed  *Money `json:"computed"`
}

// Sum is a sum over parts (projects, sources, items) that may each lack
// the figure: the sum only where every part printed it, and how many did.
type Sum struct {
	Computed *Money `json:"computed"`
	Count    int    `json:"count"` // parts that printed the figure
	Of       int    `json:"of"`    // parts in all
}

// Total is a figure for a whole that the report may print and that may
// also be summed over its parts. Value is the printed one where there is
// one, else the complete sum; Status says which ("published",
// "computed", null when neither is known).
type Total struct {
	Value     *Money  `json:"value"`
	Status    *string `json:"status"`
	Published *Money  `json:"published"`
	Sum
}

// Scored is a score as published and as computed by the standard rules;
// either may be null.
type Scored struct {
	Published *json.Number `json:"published"`
	Computed  *json.Number `json:"computed"`
}

// Graded is a grade as published and as computed from the computed
// score; either may be null.
type Graded struct {
	Published *string `json:"published"`
	Computed  *string `json:"computed"`
}

// ValueDoc is a printed value and what was read from it.
type ValueDoc struct {
	Raw    string  `json:"raw"`
	Op     string  `json:"op"`
	Number *string `json:"number"` // exact decimal, null for text
	Suffix string  `json:"suffix"`
	Approx bool    `json:"approx"`
}

// StaffDoc is 人员情况.
type StaffDoc struct {
	Authorized    *int       `json:"authorized"`
	Actual        *int       `json:"actual"`
	Retired       *int       `json:"retired"`
	ActualByType  []CountDoc `json:"actual_by_type"`
	RetiredByType []CountDoc `json:"retired_by_type"`
}

// CountDoc is one row of a staff breakdown.
type CountDoc struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// FundsDoc is 资金结构.
type FundsDoc struct {
	Total   Total       `json:"total"` // printed total, and the sum over the sources
	Sources []SourceDoc `json:"sources"`
}

// SourceDoc is one source of money.
type SourceDoc struct {
	Name     string    `json:"name"`
	Amount   *Money    `json:"amount"`
	Share    *Rate     `json:"share"` // of the funds' total value
	ItemsSum Sum       `json:"items_sum"`
	Items    []ItemDoc `json:"items"`
}

// ItemDoc is one line under a source.
type ItemDoc struct {
	Name    string `json:"name"`
	Amount  *Money `json:"amount"`
	Project string `json:"project"`
}

// DeclaredDoc is the report's printed 合计 of its evaluated projects,
// every figure as printed.
type DeclaredDoc struct {
	Projects      *int         `json:"projects"`
	Initial       *Money       `json:"initial"`
	Adjusted      *Money       `json:"adjusted"`
	Received      *Money       `json:"received"`
	Executed      *Money       `json:"executed"`
	Balance       *Money       `json:"balance"`
	ExecutionRate *PrintedRate `json:"execution_rate"`
	ReceiptRate   *PrintedRate `json:"receipt_rate"`
}

// TotalsDoc is the report's figures for its evaluated projects as a
// whole: each amount as printed in its 合计 and as summed over the
// projects, the rates and the balance as printed and as computed.
type TotalsDoc struct {
	Projects      int        `json:"projects"` // as the report says, else the projects listed
	Initial       Total      `json:"initial"`
	Adjusted      Total      `json:"adjusted"`
	Received      Total      `json:"received"`
	Executed      Total      `json:"executed"`
	Balance       MoneyCheck `json:"balance"`
	ExecutionRate RateCheck  `json:"execution_rate"`
	ReceiptRate   RateCheck  `json:"receipt_rate"`
}

// ProjectDoc is one 项目支出绩效自评表.
type ProjectDoc struct {
	ID                string         `json:"id"`
	Name              string         `json:"name"`
	Form              *string        `json:"form"`
	FormLabel         *string        `json:"form_label"`
	Department        string         `json:"department"`
	CentralDepartment string         `json:"central_department"`
	Implementer       string         `json:"implementer"`
	Code              string         `json:"code"`
	AsOf              *string        `json:"as_of"`
	Initial           *Money         `json:"initial"`
	Adjusted          *Money         `json:"adjusted"`
	Received          *Money         `json:"received"`
	Executed          *Money         `json:"executed"`
	Income            *Money         `json:"income"`
	ExecutionBase     string         `json:"execution_base"` // the amount 执行率 divides by
	Balance           MoneyCheck     `json:"balance"`
	Adjustment        MoneyCheck     `json:"adjustment"`
	ExecutionRate     RateCheck      `json:"execution_rate"`
	ReceiptRate       RateCheck      `json:"receipt_rate"`
	Funds             []ProjFundDoc  `json:"funds"`
	Goal              string         `json:"goal"`
	Outcome           string         `json:"outcome"`
	Deviation         string         `json:"deviation"`
	ExecutionWeight   *json.Number   `json:"execution_weight"`
	ExecutionScore    Scored         `json:"execution_score"`
	GoalWeight        *json.Number   `json:"goal_weight"`
	GoalScore         *json.Number   `json:"goal_score"`
	Score             Scored         `json:"score"`
	Grade             Graded         `json:"grade"`
	Indicators        []IndicatorDoc `json:"indicators"`
}

// ProjFundDoc is one row under 年度资金总额.
type ProjFundDoc struct {
	Source        string    `json:"source"`
	Initial       *Money    `json:"initial"`
	Adjusted      *Money    `json:"adjusted"`
	Executed      *Money    `json:"executed"`
	ExecutionRate RateCheck `json:"execution_rate"`
}

// IndicatorDoc is one 三级指标 row, raw and parsed.
type IndicatorDoc struct {
	Group           string       `json:"group"`
	Level1          string       `json:"level1"`
	Level2          string       `json:"level2"`
	Name            string       `json:"name"`
	Target          ValueDoc     `json:"target"`
	Actual          ValueDoc     `json:"actual"`
	Unit            string       `json:"unit"`
	Nature          string       `json:"nature"`
	Direction       string       `json:"direction"`
	DirectionGiven  bool         `json:"direction_given"`
	DirectionUnsure bool         `json:"direction_unsure"`
	Achieved        string       `json:"achieved"`
	Met             *bool        `json:"met"`
	Completion      *Rate        `json:"completion"`
	Weight          *json.Number `json:"weight"`
	Score           Scored       `json:"score"`
	Deviation       string       `json:"deviation"`
}

// MetricDoc is a headline indicator.
type MetricDoc struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Group        string    `json:"group"`
	Value        ValueDoc  `json:"value"`
	Unit         string    `json:"unit"`
	Previous     *ValueDoc `json:"previous"`
	PreviousFrom string    `json:"previous_from"` // "report" (last year's file), "field" or ""
	Baseline     *ValueDoc `json:"baseline"`
	Change       *string   `json:"change_percent"` // baseline → value, percent
	Target       *ValueDoc `json:"target"`
	Completion   *Rate     `json:"completion"`
	YoY          YoYDoc    `json:"yoy"`
	Note         string    `json:"note"`
}

// YoYDoc is year-on-year growth in percent, as published and computed.
type YoYDoc struct {
	Published *string `json:"published"`
	Computed  *string `json:"computed"`
}

// CheckDoc is a problem the automatic checks found in the report's files.
type CheckDoc struct {
	Severity string `json:"severity"` // error, warning or note
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Message  string `json:"message"`
	Hint     string `json:"hint"`
	Public   string `json:"public"` // the finding in plain Chinese, for citizens; "" when only editors need it
}

// NewReportDoc builds report.json's value. checks are the problems found
// in the report's files.
func NewReportDoc(r *budget.Report, cfg budget.Config, checks []diag.Diagnostic) *ReportDoc {
	return fillReportDoc(new(ReportDoc), new(maker), r, cfg, checks, false)
}

// fillReportDoc is NewReportDoc into d, a document no longer used, whose
// lists it fills again where they have the room: a build makes one
// document per report and drops it once its files are written, and the
// lists (the indicators most) were most of the memory it took. What
// the document points to is made in mk, whose last document must no
// longer be used either. With borrow, the document is dropped before r
// could change, and its narrative is r's bytes rather than a copy (a
// few kilobytes a report).
func fillReportDoc(d *ReportDoc, mk *maker, r *budget.Report, cfg budget.Config, checks []diag.Diagnostic, borrow bool) *ReportDoc {
	mk.reset()
	u := r.Unit
	b := r.Bureau
	projects, metrics, docChecks := emptied(d.Projects), emptied(d.Metrics), emptied(d.Checks)
	*d = ReportDoc{
		Format: FormatVersion,
		Schema: "../../data/schema/report.schema.json",
		Bureau: BureauDoc{Slug: b.Slug, Name: b.Name, ShortName: b.ShortName, Region: b.Region,
			RegionCode: b.RegionCode, Level: b.Level, Website: b.Website},
		Year: r.Year, Title: r.Title, Kind: r.Kind,
		Published: mk.dateDoc(r.Published), Approved: mk.dateDoc(r.Approved),
		Source: r.Source, SourceURL: r.SourceURL, Unit: u.Name,
		License: cfg.Publisher.License, Publisher: cfg.Publisher.Name,
		Attachments: append([]string{}, r.Attachments...),
		Projects:    projects, Metrics: metrics, Checks: docChecks,
	}
	if borrow {
		d.Narrative = unsafe.String(unsafe.SliceData(r.Narrative), len(r.Narrative))
	} else {
		d.Narrative = string(r.Narrative)
	}
	d.Form, d.FormLabel = mk.formDoc(r.Form)
	if n, ok := DaysToPublish(r); ok {
		d.DaysToPublish = &n
	}
	if s := r.Staff; s != nil {
		sd := &StaffDoc{ActualByType: mk.countDocs(s.ActualByType), RetiredByType: mk.countDocs(s.RetiredByType)}
		if s.HasAuthorized {
			sd.Authorized = mk.intp(s.Authorized)
		}
		if s.HasActual {
			sd.Actual = mk.intp(s.Actual)
		}
		if s.HasRetired {
			sd.Retired = mk.intp(s.Retired)
		}
		d.Staff = sd
	}
	if f := r.Funds; f != nil {
		d.Funds = mk.fundsDoc(f, u)
	}
	if dc := r.Declared; dc != nil {
		dd := &DeclaredDoc{Initial: mk.money(dc.Initial, u), Adjusted: mk.money(dc.Adjusted, u),
			Received: mk.money(dc.Received, u), Executed: mk.money(dc.Executed, u), Balance: mk.money(dc.Balance, u),
			ExecutionRate: mk.printedRate(dc.ExecutionRate), ReceiptRate: mk.printedRate(dc.ReceiptRate)}
		if dc.Projects > 0 { // 0 is how the model says the count was not printed
			dd.Projects = mk.intp(dc.Projects)
		}
		d.Declared = dd
	}
	d.Totals = mk.totalsDoc(r, u)
	for i, p := range r.Projects {
		if i < cap(d.Projects) {
			d.Projects = d.Projects[:i+1] // its lists are filled again
		} else {
			d.Projects = append(d.Projects, ProjectDoc{})
		}
		mk.fillProjectDoc(&d.Projects[i], p, u, cfg.Scoring)
	}
	for _, m := range r.Metrics {
		d.Metrics = append(d.Metrics, mk.metricDoc(r, m))
	}
	for _, c := range checks {
		d.Checks = append(d.Checks, CheckDoc{Severity: c.Severity.String(), File: c.File, Line: c.Line, Col: c.Col,
			Message: c.Message.In(i18n.Zh), Hint: c.Hint.In(i18n.Zh), Public: c.Public})
	}
	return d
}

// fundsDoc is 资金结构: the printed total beside the sum of the sources,
// each source beside the sum of its items.
func (mk *maker) fundsDoc(f *budget.Funds, u budget.Unit) *FundsDoc {
	fd := &FundsDoc{Total: mk.total(f.Total, f.SourcesSum(), u), Sources: []SourceDoc{}}
	// Shares are of the total as printed, else of the complete sum.
	whole, _, known := f.Stated()
	for _, s := range f.Sources {
		sd := SourceDoc{Name: s.Name, Amount: mk.money(s.Amount, u), ItemsSum: mk.sum(s.ItemsSum(), u), Items: []ItemDoc{}}
		if known {
			sd.Share = mk.rateOK(s.Share(whole))
		}
		for _, it := range s.Items {
			sd.Items = append(sd.Items, ItemDoc{Name: it.Name, Amount: mk.money(it.Amount, u), Project: it.ProjectID})
		}
		fd.Sources = append(fd.Sources, sd)
	}
	return fd
}

// totalsDoc gives the report's figures for its projects as a whole: its
// printed 合计 where it has one, the sums over projects only where every
// project printed the figure (a partial sum would pass for the whole).
func (mk *maker) totalsDoc(r *budget.Report, u budget.Unit) TotalsDoc {
	st, t := r.Stated(), r.Totals()
	if d := r.Declared; d != nil && d.Projects > len(r.Projects) {
		// The report evaluated more projects than it lists: the sums
		// cover only some of them, and are no totals.
		for _, sum := range []*budget.Sum{&t.Initial, &t.Adjusted, &t.Received, &t.Executed} {
			sum.Of = d.Projects
		}
	}
	printed := func(v *budget.Amount, published bool) *budget.Amount {
		if published {
			return v
		}
		return nil
	}
	td := TotalsDoc{Projects: st.Projects,
		Initial:  mk.total(printed(st.Initial, st.InitialPublished), t.Initial, u),
		Adjusted: mk.total(printed(st.Adjusted, st.AdjustedPublished), t.Adjusted, u),
		Received: mk.total(printed(st.Received, st.ReceivedPublished), t.Received, u),
		Executed: mk.total(printed(st.Executed, st.ExecutedPublished), t.Executed, u),
		Balance:  MoneyCheck{Published: mk.money(st.Balance, u)},
	}
	if b, ok := st.ComputedBalance(); ok {
		td.Balance.Computed = mk.money(&b, u)
	}
	td.ExecutionRate = mk.rateCheck(st.ExecutionRate, st.ComputedExecutionRate)
	td.ReceiptRate = mk.rateCheck(st.ReceiptRate, st.ComputedReceiptRate)
	return td
}

// emptied is list without its elements, keeping its room: never nil,
// as report.json writes a document's lists [] when empty.
func emptied[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list[:0]
}

// fillProjectDoc writes p's document into pd, reusing the room of its
// lists (fillReportDoc).
func (mk *maker) fillProjectDoc(pd *ProjectDoc, p *budget.Project, u budget.Unit, s budget.Scoring) {
	funds, indicators := emptied(pd.Funds), emptied(pd.Indicators)
	*pd = ProjectDoc{ID: p.ID, Name: p.Name, Department: p.Department, CentralDepartment: p.CentralDepartment,
		Implementer: p.Implementer, Code: p.Code, AsOf: mk.dateDoc(p.AsOf),
		Initial: mk.money(p.Initial, u), Adjusted: mk.money(p.Adjusted, u), Received: mk.money(p.Received, u),
		Executed: mk.money(p.Executed, u), Income: mk.money(p.Income, u),
		ExecutionBase: "adjusted",
		Balance:       MoneyCheck{Published: mk.money(p.Balance, u)},
		ExecutionRate: mk.rateCheck(p.ExecutionRate, p.ComputedExecutionRate),
		ReceiptRate:   mk.rateCheck(p.ReceiptRate, p.ComputedReceiptRate),
		Funds:         funds, Goal: p.Goal, Outcome: p.Outcome, Deviation: p.Deviation,
		ExecutionWeight: mk.points(p.ExecutionWeight), GoalWeight: mk.points(p.GoalWeight), GoalScore: mk.points(p.GoalScore),
		Indicators: indicators,
	}
	pd.Form, pd.FormLabel = mk.formDoc(p.Form)
	if p.ExecutionBase == "initial" {
		pd.ExecutionBase = "initial"
	}
	if b, ok := p.ComputedBalance(); ok {
		pd.Balance.Computed = mk.money(&b, u)
	}
	// 调整数 as printed (a report may give the adjustment rather than the
	// adjusted budget), and as adjusted − initial where both were printed.
	pd.Adjustment.Published = mk.money(p.Change, u)
	if a, ok := p.Adjustment(); ok {
		pd.Adjustment.Computed = mk.money(&a, u)
	}
	// Each score is computed once, for its own field and for the total.
	execScore := p.ComputedExecutionScore()
	rowScores := append(mk.rowScores[:0], make([]*budget.Points, len(p.Indicators))...)
	mk.rowScores = rowScores
	for i, in := range p.Indicators {
		rowScores[i] = in.ComputedScore(s)
	}
	pd.ExecutionScore = Scored{Published: mk.points(p.ExecutionScore), Computed: mk.points(execScore)}
	computed := p.ScoreFrom(s, execScore, rowScores)
	pd.Score = Scored{Published: mk.points(p.Score), Computed: mk.points(computed)}
	if p.Grade != "" {
		pd.Grade.Published = mk.strp(p.Grade)
	}
	if computed != nil {
		pd.Grade.Computed = mk.strp(budget.Grade(*computed))
	}
	for _, f := range p.Funds {
		// A fund row divides by the same column as its project's 执行率.
		pd.Funds = append(pd.Funds, ProjFundDoc{Source: f.Source, Initial: mk.money(f.Initial, u),
			Adjusted: mk.money(f.Adjusted, u), Executed: mk.money(f.Executed, u),
			ExecutionRate: mk.rateCheck(f.ExecutionRate, func() (budget.Ratio, bool) { return f.ComputedExecutionRate(p.ExecutionBase) })})
	}
	if len(p.Indicators) > cap(pd.Indicators) {
		// Sized once: appending grew it by doubling, most of the memory
		// a report's document took.
		pd.Indicators = make([]IndicatorDoc, 0, len(p.Indicators))
	}
	for i, in := range p.Indicators {
		id := IndicatorDoc{Group: in.Group, Level1: in.Level1, Level2: in.Level2, Name: in.Name,
			Target: mk.valueDoc(in.Target), Actual: mk.valueDoc(in.Actual), Unit: in.Unit, Nature: in.Nature,
			Direction: string(in.Direction), DirectionGiven: in.DirectionGiven, DirectionUnsure: in.DirectionUnsure,
			Achieved: in.Achieved,
			Weight:   mk.points(in.Weight), Score: Scored{Published: mk.points(in.Score), Computed: mk.points(rowScores[i])},
			Deviation: in.Deviation}
		switch in.Met() {
		case budget.MetYes:
			id.Met = mk.boolp(true)
		case budget.MetNo:
			id.Met = mk.boolp(false)
		}
		if c, ok := in.Completion(); ok {
			id.Completion = mk.rate(c)
		}
		pd.Indicators = append(pd.Indicators, id)
	}
}

func (mk *maker) metricDoc(r *budget.Report, m *budget.Metric) MetricDoc {
	md := MetricDoc{ID: m.ID, Name: m.Name, Group: m.Group, Value: mk.valueDoc(m.Value), Unit: m.Unit, Note: m.Note}
	prev := r.PreviousMetric(m.ID)
	switch {
	case prev != nil:
		v := mk.valueDoc(prev.Value)
		md.Previous, md.PreviousFrom = &v, "report"
	case !m.Previous.IsZero():
		v := mk.valueDoc(m.Previous)
		md.Previous, md.PreviousFrom = &v, "field"
	}
	if !m.Baseline.IsZero() {
		v := mk.valueDoc(m.Baseline)
		md.Baseline = &v
		if c, ok := m.Change(); ok {
			md.Change = mk.strp(budget.FormatRat(c, 2))
		}
	}
	if !m.Target.IsZero() {
		v := mk.valueDoc(m.Target)
		md.Target = &v
	}
	if c, ok := m.Completion(); ok {
		md.Completion = mk.rate(c)
	}
	if m.YoY != nil {
		md.YoY.Published = mk.strp(Decimal(m.YoY))
	}
	if g, ok := m.ComputedYoY(prev); ok {
		md.YoY.Computed = mk.strp(budget.FormatRat(g, 2))
	}
	return md
}

// DaysToPublish counts the days from approval to publication, when both
// dates are known.
func DaysToPublish(r *budget.Report) (int, bool) {
	if r.Published.IsZero() || r.Approved.IsZero() {
		return 0, false
	}
	p := time.Date(r.Published.Year, time.Month(r.Published.Month), r.Published.Day, 0, 0, 0, 0, time.UTC)
	a := time.Date(r.Approved.Year, time.Month(r.Approved.Month), r.Approved.Day, 0, 0, 0, 0, time.UTC)
	return int(p.Sub(a).Hours() / 24), true
}

// money is an amount as JSON, null where it was not printed.
func (mk *maker) money(a *budget.Amount, u budget.Unit) *Money {
	if a == nil {
		return nil
	}
	return mk.moneys.new(Money{Yuan: a.Yuan(), Value: a.Decimal(u)})
}

// sum is a sum over parts; its amount only where every part printed one.
func (mk *maker) sum(s budget.Sum, u budget.Unit) Sum {
	return Sum{Computed: mk.money(s.Known(), u), Count: s.Count, Of: s.Of}
}

// total puts a printed total beside the sum over its parts.
func (mk *maker) total(published *budget.Amount, parts budget.Sum, u budget.Unit) Total {
	t := Total{Published: mk.money(published, u), Sum: mk.sum(parts, u)}
	switch {
	case t.Published != nil:
		t.Value, t.Status = t.Published, mk.strp(statusPublished)
	case t.Computed != nil:
		t.Value, t.Status = t.Computed, mk.strp(statusComputed)
	}
	return t
}

// rateCheck puts a printed rate beside the one computed from printed
// amounts, and says how they agree at the printed precision.
func (mk *maker) rateCheck(published *budget.Percent, computed func() (budget.Ratio, bool)) RateCheck {
	rc := RateCheck{Published: mk.printedRate(published)}
	c, ok := computed()
	if !ok {
		return rc
	}
	rc.Computed = mk.rate(c)
	if published != nil {
		rc.Agreement = mk.strp(agreementName(budget.CompareRate(*published, c)))
	}
	return rc
}

func agreementName(a budget.Agreement) string {
	switch a {
	case budget.Agrees:
		return "agrees"
	case budget.Rounding:
		return "rounding"
	}
	return "differs"
}

func (mk *maker) printedRate(p *budget.Percent) *PrintedRate {
	if p == nil {
		return nil
	}
	// At the printed precision: "95.50%" stays 95.50, as in the report.
	return mk.printed.new(PrintedRate{Raw: p.Raw, Percent: budget.FormatRat(p.Value, p.Decimals)})
}

// formDoc is a form's id and label, null where the model has no form.
func (mk *maker) formDoc(f *budget.Form) (id, label *string) {
	if f == nil {
		return nil, nil
	}
	return mk.strp(f.ID), mk.strp(f.Label)
}

func (mk *maker) rateOK(r budget.Ratio, ok bool) *Rate {
	if !ok {
		return nil
	}
	return mk.rate(r)
}

func (mk *maker) rate(r budget.Ratio) *Rate {
	if !r.Defined() {
		return nil
	}
	// The three in int64 arithmetic where it cannot overflow (budget's
	// Fraction, Percent and Float fall back to big.Rat where it could):
	// a report.json has a few rates for every project and fund row.
	return mk.rates.new(Rate{Fraction: r.Fraction(), Percent: strings.TrimSuffix(r.Percent(), "%"),
		Number: json.Number(strconv.FormatFloat(r.Float(), 'g', -1, 64))})
}

func (mk *maker) points(p *budget.Points) *json.Number {
	if p == nil {
		return nil
	}
	return mk.nums.new(json.Number(p.String()))
}

func (mk *maker) valueDoc(v budget.Value) ValueDoc {
	d := ValueDoc{Raw: v.Raw, Op: string(v.Op), Suffix: v.Suffix, Approx: v.Approx}
	if v.Num != nil {
		d.Number = mk.strp(Decimal(v.Num))
	}
	return d
}

// Decimal renders x exactly as a decimal when it has a finite expansion
// (every number read from a file does), else as a fraction "1/3".
func Decimal(x *big.Rat) string {
	// Every number of a report passes here: int64 arithmetic where it
	// fits, the same strings as big.Rat's (FuzzDecimal).
	if s, ok := smallDecimal(x); ok {
		return s
	}
	return decimalRat(x)
}

// pow10 is 10^0 … 10^18, the powers that fit in an int64.
var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// smallDecimal is decimalRat for x whose numerator and denominator fit in
// int64 and whose expansion has at most 18 decimals, in integer
// arithmetic: a denominator 2^i·5^j needs max(i, j) decimals, and x is
// then num·(10^max/den) shifted by max places. ok is false otherwise.
func smallDecimal(x *big.Rat) (string, bool) {
	num := x.Num()
	if !num.IsInt64() {
		return "", false
	}
	n := num.Int64()
	if x.IsInt() {
		return strconv.FormatInt(n, 10), true
	}
	den := x.Denom()
	if !den.IsInt64() {
		return "", false
	}
	d := den.Int64()
	twos, fives, rest := 0, 0, d
	for rest%2 == 0 {
		rest /= 2
		twos++
	}
	for rest%5 == 0 {
		rest /= 5
		fives++
	}
	places := max(twos, fives)
	if rest != 1 || places >= len(pow10) {
		return "", false
	}
	m := pow10[places] / d
	if n == -1<<63 {
		return "", false // −n would overflow
	}
	neg := n < 0
	if neg {
		n = -n
	}
	if n > (1<<63-1)/m {
		return "", false
	}
	digits := strconv.FormatInt(n*m, 10)
	if len(digits) <= places {
		digits = strings.Repeat("0", places+1-len(digits)) + digits
	}
	var b strings.Builder
	b.Grow(len(digits) + 2)
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(digits[:len(digits)-places])
	b.WriteByte('.')
	b.WriteString(digits[len(digits)-places:])
	return b.String(), true
}

// decimalRat is Decimal in big.Rat, for any x.
func decimalRat(x *big.Rat) string {
	if x.IsInt() {
		return x.Num().String()
	}
	ten := big.NewInt(10)
	scaled := new(big.Rat).Set(x)
	for n := 1; n <= 40; n++ {
		scaled.Mul(scaled, new(big.Rat).SetInt(ten))
		if scaled.IsInt() {
			return strings.TrimRight(x.FloatString(n), "0")
		}
	}
	return x.RatString()
}

func (mk *maker) dateDoc(d budget.Date) *string {
	if d.IsZero() {
		return nil
	}
	return mk.strp(d.String())
}

func (mk *maker) countDocs(cs []budget.Count) []CountDoc {
	out := []CountDoc{}
	for _, c := range cs {
		out = append(out, CountDoc{Name: c.Name, Count: c.Count})
	}
	return out
}

func (mk *maker) intp(n int) *int       { return &n }
func (mk *maker) boolp(b bool) *bool    { return mk.bools.new(b) }
func (mk *maker) strp(s string) *string { return mk.strs.new(s) }

// maker holds what a report's document points to — its figures' Money,
// Rate, numbers and strings — in chunks, with the room for each
// project's computed row scores: a build fills the same maker again
// for each report (fillReportDoc), where each of these was an
// allocation of its own, several hundred a report.
type maker struct {
	moneys    slab[Money]
	rates     slab[Rate]
	printed   slab[PrintedRate]
	nums      slab[json.Number]
	strs      slab[string]
	bools     slab[bool]
	rowScores []*budget.Points
}

// reset makes mk's room free for the next document: the last one must
// no longer be used.
func (mk *maker) reset() {
	mk.moneys.reset()
	mk.rates.reset()
	mk.printed.reset()
	mk.nums.reset()
	mk.strs.reset()
	mk.bools.reset()
}

// slab hands out pointers to values in chunks of slabChunk, kept for
// the next document.
type slab[T any] struct {
	chunks [][]T
	i, j   int // the next value: chunks[i][j]
}

const slabChunk = 32

func (s *slab[T]) new(v T) *T {
	if s.i == len(s.chunks) {
		s.chunks = append(s.chunks, make([]T, slabChunk))
	}
	c := s.chunks[s.i]
	p := &c[s.j]
	*p = v
	if s.j++; s.j == len(c) {
		s.i, s.j = s.i+1, 0
	}
	return p
}

func (s *slab[T]) reset() { s.i, s.j = 0, 0 }

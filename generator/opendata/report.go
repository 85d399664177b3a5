package opendata

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
)

// FormatVersion names the shape of report.json; it changes when a field
// changes meaning or goes away (adding fields keeps it).
const FormatVersion = "disclose-report/1"

// ReportDoc is report.json: the whole report with every derived value.
// Field order is the order of the struct, so the bytes are stable.
type ReportDoc struct {
	Format        string       `json:"format"`
	Schema        string       `json:"schema"` // relative link to the JSON Schema
	Bureau        BureauDoc    `json:"bureau"`
	Year          int          `json:"year"`
	Title         string       `json:"title"`
	Kind          string       `json:"kind"`
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
// strings (JSON numbers would lose 分 in some readers).
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

// Scored is a score as published and as computed by the standard rules;
// either may be null.
type Scored struct {
	Published *json.Number `json:"published"`
	Computed  *json.Number `json:"computed"`
}

// Graded is a grade as published and as computed from the computed score.
type Graded struct {
	Published string `json:"published"`
	Computed  string `json:"computed"`
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
	Total      Money       `json:"total"`
	TotalGiven bool        `json:"total_given"`
	SourcesSum Money       `json:"sources_sum"`
	Sources    []SourceDoc `json:"sources"`
}

// SourceDoc is one source of money.
type SourceDoc struct {
	Name     string    `json:"name"`
	Amount   Money     `json:"amount"`
	Share    *Rate     `json:"share"`
	ItemsSum Money     `json:"items_sum"`
	Items    []ItemDoc `json:"items"`
}

// ItemDoc is one line under a source.
type ItemDoc struct {
	Name    string `json:"name"`
	Amount  Money  `json:"amount"`
	Project string `json:"project"`
}

// TotalsDoc sums the evaluated projects.
type TotalsDoc struct {
	Initial       Money `json:"initial"`
	Adjusted      Money `json:"adjusted"`
	Received      Money `json:"received"`
	Executed      Money `json:"executed"`
	Balance       Money `json:"balance"`
	ExecutionRate *Rate `json:"execution_rate"`
	ReceiptRate   *Rate `json:"receipt_rate"`
}

// ProjectDoc is one 项目支出绩效自评表.
type ProjectDoc struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	Department      string         `json:"department"`
	Implementer     string         `json:"implementer"`
	Code            string         `json:"code"`
	Initial         Money          `json:"initial"`
	Adjusted        Money          `json:"adjusted"`
	Received        Money          `json:"received"`
	Executed        Money          `json:"executed"`
	Balance         Money          `json:"balance"`
	Adjustment      Money          `json:"adjustment"`
	ExecutionRate   *Rate          `json:"execution_rate"`
	ReceiptRate     *Rate          `json:"receipt_rate"`
	Funds           []ProjFundDoc  `json:"funds"`
	Goal            string         `json:"goal"`
	Outcome         string         `json:"outcome"`
	Deviation       string         `json:"deviation"`
	ExecutionWeight json.Number    `json:"execution_weight"`
	ExecutionScore  Scored         `json:"execution_score"`
	Score           Scored         `json:"score"`
	Grade           Graded         `json:"grade"`
	Indicators      []IndicatorDoc `json:"indicators"`
}

// ProjFundDoc is one row under 年度资金总额.
type ProjFundDoc struct {
	Source   string `json:"source"`
	Initial  Money  `json:"initial"`
	Adjusted Money  `json:"adjusted"`
	Executed Money  `json:"executed"`
}

// IndicatorDoc is one 三级指标 row, raw and parsed.
type IndicatorDoc struct {
	Level1         string       `json:"level1"`
	Level2         string       `json:"level2"`
	Name           string       `json:"name"`
	Target         ValueDoc     `json:"target"`
	Actual         ValueDoc     `json:"actual"`
	Unit           string       `json:"unit"`
	Direction      string       `json:"direction"`
	DirectionGiven bool         `json:"direction_given"`
	Achieved       string       `json:"achieved"`
	Met            *bool        `json:"met"`
	Completion     *Rate        `json:"completion"`
	Weight         *json.Number `json:"weight"`
	Score          Scored       `json:"score"`
	Deviation      string       `json:"deviation"`
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
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Message  string `json:"message"`
	Hint     string `json:"hint"`
}

// NewReportDoc builds report.json's value. checks are the problems found
// in the report's files.
func NewReportDoc(r *budget.Report, cfg budget.Config, checks []diag.Diagnostic) *ReportDoc {
	u := r.Unit
	b := r.Bureau
	d := &ReportDoc{
		Format: FormatVersion,
		Schema: "../../data/schema/report.schema.json",
		Bureau: BureauDoc{Slug: b.Slug, Name: b.Name, ShortName: b.ShortName, Region: b.Region,
			RegionCode: b.RegionCode, Level: b.Level, Website: b.Website},
		Year: r.Year, Title: r.Title, Kind: r.Kind,
		Published: dateDoc(r.Published), Approved: dateDoc(r.Approved),
		Source: r.Source, SourceURL: r.SourceURL, Unit: u.Name,
		License: cfg.Publisher.License, Publisher: cfg.Publisher.Name,
		Narrative:   string(r.Narrative),
		Attachments: append([]string{}, r.Attachments...),
		Projects:    []ProjectDoc{}, Metrics: []MetricDoc{}, Checks: []CheckDoc{},
	}
	if n, ok := DaysToPublish(r); ok {
		d.DaysToPublish = &n
	}
	if s := r.Staff; s != nil {
		sd := &StaffDoc{ActualByType: countDocs(s.ActualByType), RetiredByType: countDocs(s.RetiredByType)}
		if s.HasAuthorized {
			sd.Authorized = intp(s.Authorized)
		}
		if s.HasActual {
			sd.Actual = intp(s.Actual)
		}
		if s.HasRetired {
			sd.Retired = intp(s.Retired)
		}
		d.Staff = sd
	}
	if f := r.Funds; f != nil {
		total := FundsTotal(f)
		fd := &FundsDoc{Total: money(total, u), TotalGiven: f.HasTotal, SourcesSum: money(f.SourcesSum(), u), Sources: []SourceDoc{}}
		for _, s := range f.Sources {
			sd := SourceDoc{Name: s.Name, Amount: money(s.Amount, u), Share: rate(s.Share(total)), ItemsSum: money(s.ItemsSum(), u), Items: []ItemDoc{}}
			for _, it := range s.Items {
				sd.Items = append(sd.Items, ItemDoc{Name: it.Name, Amount: money(it.Amount, u), Project: it.ProjectID})
			}
			fd.Sources = append(fd.Sources, sd)
		}
		d.Funds = fd
	}
	t := r.Totals()
	d.Totals = TotalsDoc{Initial: money(t.Initial, u), Adjusted: money(t.Adjusted, u), Received: money(t.Received, u),
		Executed: money(t.Executed, u), Balance: money(t.Balance(), u),
		ExecutionRate: rate(t.ExecutionRate()), ReceiptRate: rate(t.ReceiptRate())}
	for _, p := range r.Projects {
		d.Projects = append(d.Projects, projectDoc(p, u, cfg.Scoring))
	}
	for _, m := range r.Metrics {
		d.Metrics = append(d.Metrics, metricDoc(r, m))
	}
	for _, c := range checks {
		d.Checks = append(d.Checks, CheckDoc{Severity: c.Severity.String(), File: c.File, Line: c.Line, Col: c.Col, Message: c.Message, Hint: c.Hint})
	}
	return d
}

func projectDoc(p *budget.Project, u budget.Unit, s budget.Scoring) ProjectDoc {
	pd := ProjectDoc{ID: p.ID, Name: p.Name, Department: p.Department, Implementer: p.Implementer, Code: p.Code,
		Initial: money(p.Initial, u), Adjusted: money(p.Adjusted, u), Received: money(p.Received, u),
		Executed: money(p.Executed, u), Balance: money(p.Balance(), u), Adjustment: money(p.Adjustment(), u),
		ExecutionRate: rate(p.ExecutionRate()), ReceiptRate: rate(p.ReceiptRate()),
		Funds: []ProjFundDoc{}, Goal: p.Goal, Outcome: p.Outcome, Deviation: p.Deviation,
		ExecutionWeight: json.Number(p.ExecutionWeight.String()),
		Indicators:      []IndicatorDoc{},
	}
	exec := p.ComputedExecutionScore()
	pd.ExecutionScore = Scored{Published: points(p.ExecutionScore), Computed: points(&exec)}
	computed := p.ComputedScore(s)
	pd.Score = Scored{Published: points(p.Score), Computed: points(computed)}
	pd.Grade.Published = p.Grade
	if computed != nil {
		pd.Grade.Computed = budget.Grade(*computed)
	}
	for _, f := range p.Funds {
		pd.Funds = append(pd.Funds, ProjFundDoc{Source: f.Source, Initial: money(f.Initial, u), Adjusted: money(f.Adjusted, u), Executed: money(f.Executed, u)})
	}
	for _, in := range p.Indicators {
		id := IndicatorDoc{Level1: in.Level1, Level2: in.Level2, Name: in.Name,
			Target: valueDoc(in.Target), Actual: valueDoc(in.Actual), Unit: in.Unit,
			Direction: string(in.Direction), DirectionGiven: in.DirectionGiven, Achieved: in.Achieved,
			Weight: points(in.Weight), Score: Scored{Published: points(in.Score), Computed: points(in.ComputedScore(s))},
			Deviation: in.Deviation}
		switch in.Met() {
		case budget.MetYes:
			id.Met = boolp(true)
		case budget.MetNo:
			id.Met = boolp(false)
		}
		if c, ok := in.Completion(); ok {
			id.Completion = rate(c)
		}
		pd.Indicators = append(pd.Indicators, id)
	}
	return pd
}

func metricDoc(r *budget.Report, m *budget.Metric) MetricDoc {
	md := MetricDoc{ID: m.ID, Name: m.Name, Group: m.Group, Value: valueDoc(m.Value), Unit: m.Unit, Note: m.Note}
	prev := r.PreviousMetric(m.ID)
	switch {
	case prev != nil:
		v := valueDoc(prev.Value)
		md.Previous, md.PreviousFrom = &v, "report"
	case !m.Previous.IsZero():
		v := valueDoc(m.Previous)
		md.Previous, md.PreviousFrom = &v, "field"
	}
	if !m.Baseline.IsZero() {
		v := valueDoc(m.Baseline)
		md.Baseline = &v
		if c, ok := m.Change(); ok {
			md.Change = strp(budget.FormatRat(c, 2))
		}
	}
	if !m.Target.IsZero() {
		v := valueDoc(m.Target)
		md.Target = &v
	}
	if c, ok := m.Completion(); ok {
		md.Completion = rate(c)
	}
	if m.YoY != nil {
		md.YoY.Published = strp(Decimal(m.YoY))
	}
	if g, ok := m.ComputedYoY(prev); ok {
		md.YoY.Computed = strp(budget.FormatRat(g, 2))
	}
	return md
}

// FundsTotal is a report's total project spending: funds.total when given,
// else the sum of its sources.
func FundsTotal(f *budget.Funds) budget.Amount {
	if f.HasTotal {
		return f.Total
	}
	return f.SourcesSum()
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

func money(a budget.Amount, u budget.Unit) Money { return Money{Yuan: a.Yuan(), Value: a.Decimal(u)} }

func rate(r budget.Ratio) *Rate {
	if !r.Defined() {
		return nil
	}
	x := r.Rat()
	f, _ := x.Float64()
	return &Rate{Fraction: x.RatString(), Percent: budget.FormatRat(new(big.Rat).Mul(x, big.NewRat(100, 1)), 2),
		Number: json.Number(strconv.FormatFloat(f, 'g', -1, 64))}
}

func points(p *budget.Points) *json.Number {
	if p == nil {
		return nil
	}
	n := json.Number(p.String())
	return &n
}

func valueDoc(v budget.Value) ValueDoc {
	d := ValueDoc{Raw: v.Raw, Op: string(v.Op), Suffix: v.Suffix, Approx: v.Approx}
	if v.Num != nil {
		d.Number = strp(Decimal(v.Num))
	}
	return d
}

// Decimal renders x exactly as a decimal when it has a finite expansion
// (every number read from a file does), else as a fraction "1/3".
func Decimal(x *big.Rat) string {
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

func dateDoc(d budget.Date) *string {
	if d.IsZero() {
		return nil
	}
	return strp(d.String())
}

func countDocs(cs []budget.Count) []CountDoc {
	out := []CountDoc{}
	for _, c := range cs {
		out = append(out, CountDoc{Name: c.Name, Count: c.Count})
	}
	return out
}

func intp(n int) *int       { return &n }
func boolp(b bool) *bool    { return &b }
func strp(s string) *string { return &s }

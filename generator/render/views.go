package render

import (
	"html/template"
	"math/big"
	"sort"
	"strconv"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/charts"
	"github.com/disclose-portal/disclose/generator/diag"
)

// Page is what every template receives.
type Page struct {
	Kind  string // home, bureau, report, year, 404
	Title string
	// Root is the relative path from this page to the site root ("",
	// "../", "../../"), so that links work from a sub-path and from disk.
	Root        string
	Path        string // output path of this page
	Site        *SiteView
	Breadcrumbs []Link
	Home        *HomeView
	Bureau      *BureauView
	Report      *ReportView
	Year        *YearView
	// Charts are the page's figures; their CSV files are written beside
	// the page, and the base template loads the chart scripts for them.
	Charts []*charts.Chart
}

// Link is a labelled relative URL.
type Link struct{ Label, URL string }

// SiteView is what every page knows of the site.
type SiteView struct {
	Config  budget.Config
	Unit    budget.Unit
	Bureaus []*budget.Bureau
	Years   []int
}

// HomeView is the portal at a glance.
type HomeView struct {
	Reports     int
	YearRows    []YearRow     // spending by year, newest first
	Sources     []SourceTotal // fund sources over all reports of the newest year
	LatestYear  int
	Execution   []BureauRate // newest report of each bureau, sorted by rate
	Newest      []*budget.Report
	BureauCards []BureauCard
	Charts      map[string]*charts.Chart // by name
}

// YearRow sums one year over every bureau.
type YearRow struct {
	Year    int
	Reports int
	Funds   budget.Amount
	Totals  budget.Totals
}

// SourceTotal is one fund source summed over reports.
type SourceTotal = budget.SourceTotal

// BureauRate is a bureau's execution in one report.
type BureauRate struct {
	Bureau *budget.Bureau
	Report *budget.Report
	Totals budget.Totals
}

// BureauCard sums up a bureau for the home page.
type BureauCard struct {
	Bureau *budget.Bureau
	Latest *budget.Report
}

// BureauView is a bureau's page.
type BureauView struct {
	*budget.Bureau
	Staff   *budget.Staff // from the newest report that has it
	StaffIn int
	Rows    []BureauYear
	Sources []string // every fund source name over the years, in first-seen order
	Metrics []MetricSeries
	Charts  map[string]*charts.Chart // by name
}

// BureauYear is one year's key figures of a bureau.
type BureauYear struct {
	Report *budget.Report
	Totals budget.Totals
	Funds  *budget.Funds
	BySrc  []budget.Amount // aligned with BureauView.Sources; -1 when absent
	HasSrc []bool
}

// MetricSeries is one metric across the bureau's years.
type MetricSeries struct {
	ID     string
	Name   string
	Points []MetricPoint // aligned with the bureau's reports
}

// MetricPoint is a metric in one year, or empty.
type MetricPoint struct {
	Year   int
	Metric *MetricView
}

// YearView compares every bureau in one year.
type YearView struct {
	Year    int
	Rows    []BureauRate
	Totals  budget.Totals
	Funds   budget.Amount
	Sources []SourceTotal
	Charts  map[string]*charts.Chart // by name
}

// ReportView is a report's page.
type ReportView struct {
	*budget.Report
	Totals     budget.Totals
	Projects   []*ProjectView
	Metrics    []*MetricView
	Groups     []MetricGroup
	Narrative  template.HTML
	SourceLink string // relative link to the original document
	Files      []Link // attachments
	Warnings   []diag.Diagnostic
	Scoring    budget.Scoring
	Years      []Link                   // the bureau's other reports
	Charts     map[string]*charts.Chart // by name
}

// MetricGroup is the metrics of one group, in file order.
type MetricGroup struct {
	Name    string
	Metrics []*MetricView
}

// MetricView is a metric with its derived growth and completion.
type MetricView struct {
	*budget.Metric
	Display    string
	YoY        *big.Rat // published, or computed when not published
	YoYText    string
	YoYDir     string // up, down, flat, or empty
	Computed   bool   // YoY was computed from last year's value
	Completion string // value / target, when both are numbers
	Previous   string // last year's value, shown
	Baseline   string // the value before a change, shown
	Change     string // growth from the baseline, "-50.00%"
}

// ProjectView is one project's card.
type ProjectView struct {
	*budget.Project
	ExecScore     budget.Points  // computed execution 得分
	ExecDiffers   bool           // published execution 得分 differs from computed
	Computed      *budget.Points // computed 总分
	ScoreDiffers  bool
	ComputedGrade string
	Indicators    []*IndicatorView
	Levels        []LevelScore
	Anchor        string
}

// LevelScore is the published score of one 一级指标 against its weight.
type LevelScore = budget.LevelScore

// IndicatorView is one indicator row with its checks, formatted in Go,
// so that the template only prints strings: every number on the row is
// formatted in one place.
type IndicatorView struct {
	Level1, Level2, Name, Deviation string
	TargetText, ActualText          string
	Met                             budget.Met // for the row's class
	MetLabel                        string
	DirectionLabel                  string // empty for a positive row, the usual case
	Weight, Score                   string // as published, "—" when absent
	Computed                        string // by the standard rules
	Differs                         bool   // the computed score differs from the published one
	Completion                      string // actual ÷ target
}

func newMetricView(r *budget.Report, m *budget.Metric) *MetricView {
	v := &MetricView{Metric: m, Display: FormatValue(m.Value, m.Unit)}
	prev := r.PreviousMetric(m.ID)
	switch {
	case m.YoY != nil:
		v.YoY = m.YoY
	default:
		if g, ok := m.ComputedYoY(prev); ok {
			v.YoY, v.Computed = g, true
		}
	}
	if v.YoY != nil {
		v.YoYText = signedPercent(v.YoY)
		switch v.YoY.Sign() {
		case 1:
			v.YoYDir = "up"
		case -1:
			v.YoYDir = "down"
		default:
			v.YoYDir = "flat"
		}
	}
	if c, ok := m.Completion(); ok {
		v.Completion = c.Percent()
	}
	if !m.Baseline.IsZero() {
		v.Baseline = FormatValue(m.Baseline, m.Unit)
		if c, ok := m.Change(); ok {
			v.Change = signedPercent(c)
		}
	}
	switch {
	case prev != nil:
		v.Previous = FormatValue(prev.Value, prev.Unit)
	case !m.Previous.IsZero():
		v.Previous = FormatValue(m.Previous, m.Unit)
	}
	return v
}

func newProjectView(p *budget.Project, s budget.Scoring) *ProjectView {
	v := &ProjectView{Project: p, ExecScore: p.ComputedExecutionScore(), Anchor: "project-" + p.ID}
	if p.ExecutionScore != nil && *p.ExecutionScore != v.ExecScore {
		v.ExecDiffers = true
	}
	v.Computed = p.ComputedScore(s)
	if v.Computed != nil {
		v.ComputedGrade = budget.Grade(*v.Computed)
		v.ScoreDiffers = p.Score == nil || *p.Score != *v.Computed
	}
	for _, in := range p.Indicators {
		met := in.Met()
		iv := &IndicatorView{
			Level1: in.Level1, Level2: in.Level2, Name: in.Name, Deviation: in.Deviation,
			TargetText: FormatValue(in.Target, in.Unit), ActualText: FormatValue(in.Actual, in.Unit),
			Met: met, MetLabel: met.Label(),
			Weight: pointsText(in.Weight), Score: pointsText(in.Score),
		}
		if in.Direction != budget.Positive {
			iv.DirectionLabel = in.Direction.Label()
		}
		computed := in.ComputedScore(s)
		iv.Computed = pointsText(computed)
		iv.Differs = computed != nil && in.Score != nil && *computed != *in.Score
		if c, ok := in.Completion(); ok {
			iv.Completion = c.Percent()
		}
		v.Indicators = append(v.Indicators, iv)
	}
	v.Levels = p.LevelScores()
	return v
}

func newReportView(r *budget.Report, s budget.Scoring) *ReportView {
	v := &ReportView{Report: r, Totals: r.Totals(), Scoring: s}
	for _, p := range r.Projects {
		v.Projects = append(v.Projects, newProjectView(p, s))
	}
	groups := map[string]int{}
	for _, m := range r.Metrics {
		mv := newMetricView(r, m)
		v.Metrics = append(v.Metrics, mv)
		i, ok := groups[m.Group]
		if !ok {
			i = len(v.Groups)
			groups[m.Group] = i
			v.Groups = append(v.Groups, MetricGroup{Name: m.Group})
		}
		v.Groups[i].Metrics = append(v.Groups[i].Metrics, mv)
	}
	for _, other := range r.Bureau.Reports {
		if other != r {
			v.Years = append(v.Years, Link{Label: strconv.Itoa(other.Year), URL: "../" + strconv.Itoa(other.Year) + "/index.html"})
		}
	}
	return v
}

// sourceTotals sums fund sources by name over reports, largest first.
func sourceTotals(reports []*budget.Report) []SourceTotal {
	totals, _ := budget.SourceTotals(reports)
	return totals
}

// fundsTotal is a report's total project spending: funds.total, else the
// sum of its sources.
func fundsTotal(r *budget.Report) budget.Amount {
	if r.Funds == nil {
		return 0
	}
	if r.Funds.HasTotal {
		return r.Funds.Total
	}
	return r.Funds.SourcesSum()
}

// byRate sorts bureau rows by execution rate, lowest first (those need
// attention), then by name.
func byRate(rows []BureauRate) {
	sort.SliceStable(rows, func(i, j int) bool {
		if c := budget.CompareExecution(rows[i].Totals, rows[j].Totals); c != 0 {
			return c < 0
		}
		return rows[i].Bureau.Slug < rows[j].Bureau.Slug
	})
}

// byName indexes a page's charts for its template.
func byName(cs []*charts.Chart) map[string]*charts.Chart {
	m := make(map[string]*charts.Chart, len(cs))
	for _, c := range cs {
		m[c.Name] = c
	}
	return m
}

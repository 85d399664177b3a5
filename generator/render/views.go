package render

import (
	"fmt"
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
	Kind  string // home, bureau, report, year, 404, data
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

	meta *Meta // pageMeta's, made when first asked for
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
	Reports  int
	YearRows []YearRow     // spending by year, newest first
	Sources  []SourceTotal // fund sources over all reports of the newest year
	// SourcesMissing counts sources left out of Sources: no amount printed.
	SourcesMissing int
	LatestYear     int
	Execution      []BureauRate // newest report of each bureau, sorted by rate
	Newest         []*budget.Report
	BureauCards    []BureauCard
	Charts         map[string]*charts.Chart // by name
}

// YearRow sums one year over every bureau.
type YearRow struct {
	Year    int
	Reports int
	Agg     Aggregate
}

// SourceTotal is one fund source summed over reports.
type SourceTotal = budget.SourceTotal

// BureauRate is a bureau's execution in one report.
type BureauRate struct {
	Bureau *budget.Bureau
	Report *budget.Report
	Stated budget.Stated
	Key    KeyFigures
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
	Glances []*Glance                // each year at a glance, newest first
}

// BureauYear is one year's key figures of a bureau.
type BureauYear struct {
	Report *budget.Report
	Key    KeyFigures
	BySrc  []Figure // aligned with BureauView.Sources
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
	Agg     Aggregate
	Sources []SourceTotal
	// SourcesMissing counts sources left out of Sources: no amount printed.
	SourcesMissing int
	Charts         map[string]*charts.Chart // by name
}

// ReportView is a report's page.
type ReportView struct {
	*budget.Report
	Key        KeyFigures
	FundRows   []FundsRow
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
	Glance     *Glance                  // the block at the top
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

// ProjectView is one project's card, every figure as the page shows it.
type ProjectView struct {
	*budget.Project
	Anchor string
	// Columns of the table's money row, named as the form names them.
	Initial, Adjusted, Received, Executed, Income Figure
	Rate, ReceiptRate, Balance, Adjustment        Figure
	ExecWeight, ExecScore                         Figure
	GoalWeight, GoalScore                         Figure
	Funds                                         []FundRowView
	Levels                                        []LevelScore
	// HasReceived tells that the card shows 到位 (the report printed it).
	HasReceived bool

	scoring    budget.Scoring
	decimals   int              // p.ScoreDecimals()
	indicators []*IndicatorView // Indicators', made when first asked for
}

// Indicators are the views of the project's indicator rows, for a
// theme's templates: made when first asked for, in one block. The Go
// page writer asks for none: it writes each row from one view it reuses
// (indicatorView), which on a cold build were a dozen views a project
// made and let go (a third of what a report's views allocated).
func (v *ProjectView) Indicators() []*IndicatorView {
	if v.indicators == nil && len(v.Project.Indicators) > 0 {
		ivs := make([]IndicatorView, len(v.Project.Indicators))
		v.indicators = make([]*IndicatorView, len(ivs))
		for k, in := range v.Project.Indicators {
			v.indicatorView(&ivs[k], in)
			v.indicators[k] = &ivs[k]
		}
	}
	return v.indicators
}

// indicatorView sets iv to the view of the project's indicator in.
func (v *ProjectView) indicatorView(iv *IndicatorView, in *budget.Indicator) {
	*iv = IndicatorView{
		Group: in.Group, Level1: in.Level1, Level2: in.Level2, Name: in.Name, Deviation: in.Deviation,
		TargetText: FormatValue(in.Target, in.Unit), ActualText: FormatValue(in.Actual, in.Unit),
		Met: in.Met(), MetLabel: outcomeLabel(in.Outcome()),
		Weight: pointsFigure(in.Weight), Score: pointsFigure(in.Score),
	}
	if in.Direction != budget.Positive && !in.Target.IsZero() {
		iv.DirectionLabel = in.Direction.Label()
	}
	if comp := in.ComputedScore(v.scoring); comp != nil && in.Score != nil && (in.Weight == nil || *in.Score <= *in.Weight) {
		iv.Score.Note, iv.Score.Warn = scoreNote(*in.Score, v.decimals, *comp, "按标准评分规则计算")
	}
	if c, ok := in.Completion(); ok {
		iv.Completion = c.Percent()
	}
}

// FundRowView is one row under 年度资金总额.
type FundRowView struct {
	Source                            string
	Initial, Adjusted, Executed, Rate Figure
}

// LevelScore is the published score of one 一级指标 against its weight.
type LevelScore = budget.LevelScore

// IndicatorView is one indicator row with its checks, formatted in Go,
// so that the template only prints strings: every number on the row is
// formatted in one place.
type IndicatorView struct {
	Group, Level1, Level2, Name, Deviation string
	TargetText, ActualText                 string
	Met                                    budget.Met // for the row's class
	MetLabel                               string
	DirectionLabel                         string // empty for a positive row, the usual case
	Weight, Score                          Figure
	Completion                             string // actual ÷ target
}

// FundsRow is one row of the funds table: a source or an item under it.
type FundsRow struct {
	Source  bool
	Name    string
	Amount  Figure
	Share   string // of the funds total, where both are known
	Project *budget.Project
}

// fundRows lays out the funds section as its table shows it.
func fundRows(r *budget.Report) []FundsRow {
	if r.Funds == nil {
		return nil
	}
	u := r.Unit
	total, _, hasTotal := r.Funds.Stated()
	share := func(a *budget.Amount) string {
		if a == nil || !hasTotal || total == 0 {
			return ""
		}
		return budget.Ratio{Num: int64(*a), Den: int64(total)}.Percent()
	}
	var rows []FundsRow
	for _, s := range r.Funds.Sources {
		rows = append(rows, FundsRow{Source: true, Name: s.Name, Amount: publishedAmount(s.Amount, u), Share: share(s.Amount)})
		for _, it := range s.Items {
			rows = append(rows, FundsRow{Name: it.Name, Amount: publishedAmount(it.Amount, u), Project: it.Project})
		}
	}
	return rows
}

// KeyFigures are a report's figures for its evaluated projects as a
// whole, as its page (and lists of reports) show them.
type KeyFigures struct {
	Funds                                 Figure // 项目支出 of the funds section
	Projects                              int
	Initial, Adjusted, Received, Executed Figure
	Rate, ReceiptRate, Balance            Figure
}

// Aggregate sums reports' key figures: only figures that were published
// or derived from published ones, each saying how many reports it covers.
type Aggregate struct {
	Funds, Adjusted, Executed Figure
	Rate                      Figure
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
	if m.CompletionRate != nil {
		v.Completion = m.CompletionRate.String() // as printed
	} else if c, ok := m.Completion(); ok {
		v.Completion = c.Percent() + "（算）"
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

func newProjectView(p *budget.Project, s budget.Scoring, u budget.Unit) *ProjectView {
	v := new(ProjectView)
	v.fill(p, s, u)
	return v
}

// fill sets v, a zero view, to the view of project p.
func (v *ProjectView) fill(p *budget.Project, s budget.Scoring, u budget.Unit) {
	f := p.Form
	v.Project, v.Anchor = p, "project-"+p.ID
	v.Initial = publishedAmount(p.Initial, u)
	if a, derived := p.AdjustedFigure(); derived {
		v.Adjusted = Figure{Text: a.Format(u), Derived: true, Rule: f.Initial + " + 预算调整数"}
	} else {
		v.Adjusted = publishedAmount(a, u)
	}
	v.Received = publishedAmount(p.Received, u)
	v.Executed = publishedAmount(p.Executed, u)
	v.Income = publishedAmount(p.Income, u)
	v.HasReceived = p.Received != nil || p.ReceiptRate != nil
	rate, ok := p.ComputedExecutionRate()
	v.Rate = rateFigure(p.ExecutionRate, rate, ok, f.Executed+" ÷ "+p.RateBaseLabel())
	receipt, ok := p.ComputedReceiptRate()
	v.ReceiptRate = rateFigure(p.ReceiptRate, receipt, ok, "实际到位资金 ÷ "+f.Adjusted)
	bal, ok := p.ComputedBalance()
	v.Balance = amountFigure(p.Balance, bal, ok, u, "实际到位资金 − "+f.Executed)
	adj, ok := p.Adjustment()
	if p.Change != nil {
		v.Adjustment = amountFigure(p.Change, adj, ok, u, f.Adjusted+" − "+f.Initial)
	} else {
		v.Adjustment = derivedAmount(adj, ok && adj != 0, u, f.Adjusted+" − "+f.Initial)
	}
	// Scores are shown as printed only: a 得分 is the evaluator's, and
	// where the table left it blank the page says so. The rules' score
	// is a check, shown beside a printed one that differs from it.
	dec := p.ScoreDecimals()
	v.ExecWeight = pointsFigure(p.ExecutionWeight)
	v.ExecScore = pointsFigure(p.ExecutionScore)
	if comp := p.ComputedExecutionScore(); comp != nil && p.ExecutionScore != nil {
		v.ExecScore.Note, v.ExecScore.Warn = scoreNote(*p.ExecutionScore, dec, *comp, "按“分值 × 执行率”计算")
	}
	v.GoalWeight = pointsFigure(p.GoalWeight)
	v.GoalScore = pointsFigure(p.GoalScore)
	if len(p.Funds) > 0 {
		v.Funds = make([]FundRowView, 0, len(p.Funds)) // 368 bytes a row: not grown a doubling at a time
	}
	for _, pf := range p.Funds {
		row := FundRowView{Source: pf.Source, Initial: publishedAmount(pf.Initial, u),
			Adjusted: publishedAmount(pf.Adjusted, u), Executed: publishedAmount(pf.Executed, u)}
		r, ok := pf.ComputedExecutionRate(p.ExecutionBase)
		row.Rate = rateFigure(pf.ExecutionRate, r, ok, f.Executed+" ÷ "+p.RateBaseLabel())
		v.Funds = append(v.Funds, row)
	}
	v.scoring, v.decimals = s, dec // for the indicator rows' views
	v.Levels = p.LevelScores()
}

// outcomeLabel is an indicator's outcome as its row shows it.
func outcomeLabel(o string) string {
	if o == "" {
		return budget.MetUnknown.Label()
	}
	return o
}

// scoreNote is the check of a published score against the computed one,
// in the words of package validate.
func scoreNote(published budget.Points, decimals int, computed budget.Points, how string) (string, bool) {
	switch budget.ComparePoints(published, decimals, computed) {
	case budget.Rounding:
		return how + " " + computed.String() + "（尾数差异）", false
	case budget.Differs:
		return how + " " + computed.String(), true
	}
	return "", false
}

// keyFigures are a report's figures for its evaluated projects.
func keyFigures(r *budget.Report) KeyFigures {
	u := r.Unit
	s := r.Stated()
	k := KeyFigures{Projects: s.Projects}
	if r.Funds != nil {
		if total, computed, ok := r.Funds.Stated(); ok {
			k.Funds = Figure{Text: total.Format(u)}
			if computed {
				k.Funds.Derived, k.Funds.Rule = true, "各资金来源之和"
			}
		}
	}
	stated := func(a *budget.Amount, published bool, rule string) Figure {
		if a == nil {
			return Figure{}
		}
		f := Figure{Text: a.Format(u)}
		if !published {
			f.Derived, f.Rule = true, rule
		}
		return f
	}
	k.Initial = stated(s.Initial, s.InitialPublished, "各项目年初预算之和")
	k.Adjusted = stated(s.Adjusted, s.AdjustedPublished, "各项目全年预算之和")
	k.Received = stated(s.Received, s.ReceivedPublished, "各项目实际到位资金之和")
	k.Executed = stated(s.Executed, s.ExecutedPublished, "各项目执行数之和")
	rate, ok := s.ComputedExecutionRate()
	k.Rate = rateFigure(s.ExecutionRate, rate, ok, "执行数合计 ÷ 预算合计")
	receipt, ok := s.ComputedReceiptRate()
	k.ReceiptRate = rateFigure(s.ReceiptRate, receipt, ok, "到位资金合计 ÷ 全年预算合计")
	bal, ok := s.ComputedBalance()
	k.Balance = amountFigure(s.Balance, bal, ok, u, "到位资金合计 − 执行数合计")
	return k
}

func newReportView(r *budget.Report, s budget.Scoring) *ReportView {
	return reportViewOf(r, s, newReportParts(r))
}

// reportViewOf is newReportView from the report's parts, which its
// bureau's page may have worked out already.
func reportViewOf(r *budget.Report, s budget.Scoring, parts *reportParts) *ReportView {
	v := &ReportView{Report: r, Key: parts.key, FundRows: parts.funds, Scoring: s, Glance: parts.glance}
	// The projects' views in one block and their list at its size: a view
	// is 1,304 bytes, which one at a time the allocator rounded to 1,408.
	if len(r.Projects) > 0 {
		views := make([]ProjectView, len(r.Projects))
		v.Projects = make([]*ProjectView, len(r.Projects))
		for i, p := range r.Projects {
			views[i].fill(p, s, r.Unit)
			v.Projects[i] = &views[i]
		}
	}
	groups := map[string]int{}
	for k, m := range r.Metrics {
		mv := parts.metrics[k]
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

// sourceTotals sums fund sources by name over reports, largest first,
// and counts the sources left out because no amount was printed.
func sourceTotals(reports []*budget.Report) ([]SourceTotal, int) {
	totals, _, missing := budget.SourceTotals(reports)
	return totals, missing
}

// aggregate sums the key figures of reports: each figure over the reports
// that published it (or could derive it), saying how many that is; the
// execution rate over the reports that give both executed and budget.
func aggregate(reports []*budget.Report, u budget.Unit) Aggregate {
	if len(reports) == 1 {
		// One report's figures are its own: as printed, or marked where
		// they are computed.
		k := keyFigures(reports[0])
		return Aggregate{Funds: k.Funds, Adjusted: k.Adjusted, Executed: k.Executed, Rate: k.Rate}
	}
	var funds, adjusted, executed, rateNum, rateDen budget.Sum
	for _, r := range reports {
		var total *budget.Amount
		if r.Funds != nil {
			if t, _, ok := r.Funds.Stated(); ok {
				total = budget.Amt(t)
			}
		}
		funds.Add(total)
		s := r.Stated()
		adjusted.Add(s.Adjusted)
		executed.Add(s.Executed)
		if e, b, ok := budget.Both(s.Executed, s.Base); ok && b != 0 {
			rateNum.Add(budget.Amt(e))
			rateDen.Add(budget.Amt(b))
		} else {
			rateNum.Add(nil)
		}
	}
	a := Aggregate{Funds: sumFigure(funds, u), Adjusted: sumFigure(adjusted, u), Executed: sumFigure(executed, u)}
	for _, f := range []*Figure{&a.Funds, &a.Adjusted, &a.Executed} {
		if !f.Absent() {
			f.Derived, f.Rule = true, "各报告之和（只计公开了这个数字的报告）"
		}
	}
	if rateNum.Count > 0 && rateDen.Amount != 0 {
		r := budget.Ratio{Num: int64(rateNum.Amount), Den: int64(rateDen.Amount)}
		a.Rate = Figure{Text: r.Percent(), Derived: true, Rule: "公开了执行数和预算的报告：执行数之和 ÷ 预算之和", Class: rateClass(r)}
		if rateNum.Count < rateNum.Of {
			a.Rate.Cover = fmt.Sprintf("%d 份报告中 %d 份可计算", rateNum.Of, rateNum.Count)
		}
	}
	return a
}

// byRate sorts bureau rows by execution rate, lowest first (those need
// attention), then by name.
func byRate(rows []BureauRate) {
	sort.SliceStable(rows, func(i, j int) bool {
		if c := budget.CompareExecution(rows[i].Stated, rows[j].Stated); c != 0 {
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

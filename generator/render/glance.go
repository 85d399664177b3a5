package render

import (
	"strconv"
	"sync"

	"github.com/disclose-portal/disclose/generator/budget"
)

// Glance is a report at a glance, the block at the top of its page (and,
// one per year, of its bureau's page): the money and where it came from,
// how much of it was evaluated and executed, how the indicators came out
// and the published scores. Every figure is one the page shows below
// (KeyFigures, the funds rows, the projects' printed scores), so the
// block says nothing the report did not say.
type Glance struct {
	Year int
	// Link is where the sections live: "" on the report's own page (the
	// anchors are on it), "2023/index.html" on the bureau's page.
	Link    string
	Title   string
	Heading string // the title with the year, said once
	Unit    budget.Unit
	Key     KeyFigures
	Sources []FundsRow // the fund sources (not their items), with shares
	// Tally counts the indicators by outcome; Indicators tells that the
	// report published any.
	Tally IndicatorTally
	// Scores are the projects' published 总分 and 等级, where either was
	// published; Unscored counts the projects that published neither.
	Scores   []ProjectScore
	Unscored int
	// Low and High are the lowest and highest published 总分, Grades the
	// published 等级 with how many projects have each, in first-seen
	// order: the scores in one line, where a list would be long.
	Low, High *budget.Points
	Grades    []GradeCount
	// HasFunds and HasProjects tell that the report page has the funds
	// and the projects sections the block links to.
	HasFunds, HasProjects bool
}

// IndicatorTally counts a report's indicators by their outcome
// (budget.Indicator.Outcome): 达成, 部分达成, 未达成, and those whose
// outcome cannot be told from what was published.
type IndicatorTally struct {
	Total, Met, Partly, Not, Unknown int
}

// GradeCount is how many projects published one 等级.
type GradeCount struct {
	Grade string
	N     int
}

// ProjectScore is a project's published result.
type ProjectScore struct {
	Name, Anchor string
	Score        *budget.Points
	Grade        string
}

// newGlance sums up a report; link is the report page's path relative to
// the page the block stands on ("" for the report page itself).
func newGlance(r *budget.Report, key KeyFigures, funds []FundsRow, link string) *Glance {
	g := &Glance{Year: r.Year, Link: link, Title: r.Title, Unit: r.Unit, Key: key,
		HasFunds: r.Funds != nil, HasProjects: r.ProjectCount() > 0, Heading: yearTitle(r)}
	for _, row := range funds {
		if row.Source {
			g.Sources = append(g.Sources, row)
		}
	}
	for _, p := range r.Projects {
		for _, in := range p.Indicators {
			g.Tally.Total++
			switch in.Outcome() {
			case "达成":
				g.Tally.Met++
			case "部分达成":
				g.Tally.Partly++
			case "未达成":
				g.Tally.Not++
			default:
				g.Tally.Unknown++
			}
		}
		if p.Score != nil {
			if g.Low == nil || *p.Score < *g.Low {
				g.Low = p.Score
			}
			if g.High == nil || *p.Score > *g.High {
				g.High = p.Score
			}
		}
		if p.Grade != "" {
			i := 0
			for i < len(g.Grades) && g.Grades[i].Grade != p.Grade {
				i++
			}
			if i == len(g.Grades) {
				g.Grades = append(g.Grades, GradeCount{Grade: p.Grade})
			}
			g.Grades[i].N++
		}
		if p.Score != nil || p.Grade != "" {
			g.Scores = append(g.Scores, ProjectScore{Name: p.Name, Anchor: "project-" + p.ID, Score: p.Score, Grade: p.Grade})
		} else {
			g.Unscored++
		}
	}
	return g
}

// bureauGlances are the bureau page's blocks, newest year first: each
// report's own, linked to its page.
func bureauGlances(b *budget.Bureau, parts *bureauParts) []*Glance {
	out := make([]*Glance, 0, len(b.Reports))
	for i := len(b.Reports) - 1; i >= 0; i-- {
		g := *parts.of(i).glance
		g.Link = strconv.Itoa(b.Reports[i].Year) + "/index.html"
		out = append(out, &g)
	}
	return out
}

// reportParts are what a report's page and its bureau's page both show
// of it: its key figures, funds rows, glance (unlinked, as on its own
// page) and metrics' views (r.Metrics', in order). The bureau's page
// showed each again, worked out a second time: the metrics' growth in
// big.Rat, the glance's tally of every indicator.
type reportParts struct {
	key     KeyFigures
	funds   []FundsRow
	glance  *Glance
	metrics []*MetricView
}

func newReportParts(r *budget.Report) *reportParts {
	p := &reportParts{key: keyFigures(r), funds: fundRows(r), metrics: make([]*MetricView, len(r.Metrics))}
	p.glance = newGlance(r, p.key, p.funds, "")
	for k, m := range r.Metrics {
		p.metrics[k] = newMetricView(r, m)
	}
	return p
}

// bureauParts are the parts of a bureau's reports, each worked out when
// first asked for, by the bureau's page or the report's, whichever is
// rendered first (jobs may run at once: a sync.Once a report). Pages
// only read them.
type bureauParts struct {
	reps  []*budget.Report
	once  []sync.Once
	parts []*reportParts
}

func newBureauParts(b *budget.Bureau) *bureauParts {
	return &bureauParts{reps: b.Reports, once: make([]sync.Once, len(b.Reports)), parts: make([]*reportParts, len(b.Reports))}
}

// growth is the report's k-th metric's growth as its view shows it, for
// the charts (charts.Growth): worked out once for the view.
func (p *reportParts) growth(_ *budget.Report, k int) (string, bool, bool) {
	mv := p.metrics[k]
	if mv.YoY == nil {
		return "", false, false
	}
	return mv.YoYText, mv.Computed, true
}

// growth is charts.Growth from the parts of the bureau's report r.
func (bp *bureauParts) growth(r *budget.Report, k int) (string, bool, bool) {
	for i, rep := range bp.reps {
		if rep == r {
			return bp.of(i).growth(r, k)
		}
	}
	v := newMetricView(r, r.Metrics[k]) // not reached: the bureau's charts ask of its reports
	return v.YoYText, v.Computed, v.YoY != nil
}

// of is the parts of the bureau's i-th report.
func (bp *bureauParts) of(i int) *reportParts {
	bp.once[i].Do(func() { bp.parts[i] = newReportParts(bp.reps[i]) })
	return bp.parts[i]
}

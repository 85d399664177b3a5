// Package validate resolves the links between loaded objects and runs the
// cross-field and cross-file checks of a site: sums that must add up,
// published scores against the standard rules, links between fund items
// and projects. It reports every problem at once; a real published table
// is sometimes inconsistent, so most findings are warnings that leave the
// data as published.
package validate

import (
	"fmt"
	"math/big"
	"path"
	"strconv"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
)

// Site resolves defaults and links in place and returns the problems.
// found are the problems loading found: a file with errors gets no
// warnings, since they would mostly echo its errors (a wrong amount also
// makes its sum wrong).
func Site(s *budget.Site, found diag.List) diag.List {
	var l diag.List
	for _, b := range s.Bureaus {
		l = append(l, Bureau(s.Config, b)...)
	}
	return WithoutWarningsIn(l, found)
}

// Bureau resolves and checks one bureau with its reports. Every check
// stays inside a bureau (a year is compared with the bureau's year
// before), so a rebuild may keep the problems of the bureaus it did not
// read again; found's filter (WithoutWarningsIn) is left to the caller.
func Bureau(cfg budget.Config, b *budget.Bureau) diag.List {
	var l diag.List
	if len(b.Reports) == 0 {
		d := l.Warnf(b.File, diag.Pos{}, "bureau %q has no reports yet", b.Slug)
		d.Hint = "add a <year>.toml beside bureau.toml"
	}
	for _, r := range b.Reports {
		report(&l, cfg, r)
	}
	// After every report: a chart of a report may draw on the year before.
	for _, r := range b.Reports {
		chartBlocks(&l, r)
	}
	return l
}

// WithoutWarningsIn drops the warnings of the files that have errors
// among found.
func WithoutWarningsIn(l, found diag.List) diag.List {
	broken := map[string]bool{}
	for _, d := range found {
		if d.Severity == diag.Error {
			broken[d.File] = true
		}
	}
	out := l[:0]
	for _, d := range l {
		if d.Severity == diag.Error || !broken[d.File] {
			out = append(out, d)
		}
	}
	return out
}

func report(l *diag.List, cfg budget.Config, r *budget.Report) {
	file := r.File
	if r.Source != "" {
		found := false
		for _, a := range r.Attachments {
			if a == r.Source || path.Join(strconv.Itoa(r.Year), a) == r.Source {
				found = true
			}
		}
		if !found {
			d := l.Errorf(file, r.Pos("source"), "source document %q is not in the folder %d/", r.Source, r.Year)
			d.Hint = fmt.Sprintf("put the file at content/%s/%d/ and give its path as source = \"%d/<file name>\"", r.Bureau.Slug, r.Year, r.Year)
		}
	}
	if !r.Published.IsZero() && !r.Approved.IsZero() && r.Published.String() < r.Approved.String() {
		l.Warnf(file, r.Pos("published"), "published %s is before approved %s", r.Published, r.Approved)
	}
	if st := r.Staff; st != nil {
		countSum(l, st.Origin, "actual_by_type", st.ActualByType, st.Actual, st.HasActual, "在职人员")
		countSum(l, st.Origin, "retired_by_type", st.RetiredByType, st.Retired, st.HasRetired, "离退休人员")
	}
	for _, p := range r.Projects {
		if p.ExecutionWeight < 0 {
			p.ExecutionWeight = cfg.Scoring.ExecutionWeight
		}
		project(l, cfg, r, p)
	}
	if f := r.Funds; f != nil {
		funds(l, r, f)
	}
	for _, m := range r.Metrics {
		metric(l, r, m)
	}
}

func countSum(l *diag.List, o budget.Origin, key string, rows []budget.Count, total int, hasTotal bool, what string) {
	if len(rows) == 0 || !hasTotal {
		return
	}
	sum := 0
	for _, c := range rows {
		sum += c.Count
	}
	if sum != total {
		l.Warnf(o.File, o.Pos(key), "%s by type add up to %d, but the total is %d", what, sum, total)
	}
}

func funds(l *diag.List, r *budget.Report, f *budget.Funds) {
	u := r.Unit
	if f.HasTotal && len(f.Sources) > 0 {
		if sum := f.SourcesSum(); sum != f.Total {
			d := l.Warnf(f.File, f.Pos("total"), "fund sources add up to %s, but total is %s (difference %s)",
				sum.FormatUnit(u), f.Total.FormatUnit(u), (f.Total - sum).FormatUnit(u))
			d.Hint = "check each [[funds.sources]] amount against the report"
		}
	}
	for _, src := range f.Sources {
		if len(src.Items) > 0 {
			if sum := src.ItemsSum(); sum != src.Amount {
				l.Warnf(src.File, src.Pos("amount"), "items of %q add up to %s, but its amount is %s (difference %s)",
					src.Name, sum.FormatUnit(u), src.Amount.FormatUnit(u), (src.Amount - sum).FormatUnit(u))
			}
		}
		for _, it := range src.Items {
			if it.ProjectID == "" {
				continue
			}
			p := r.Project(it.ProjectID)
			if p == nil {
				d := l.Errorf(it.File, it.Pos("project"), "fund item %q links to project %q, which is not in this file", it.Name, it.ProjectID)
				var ids []string
				for _, p := range r.Projects {
					ids = append(ids, p.ID)
				}
				if s := diag.Suggest(it.ProjectID, ids); s != "" {
					d.Hint = fmt.Sprintf("did you mean %q?", s)
				} else if len(ids) > 0 {
					d.Hint = "project ids here: " + fmt.Sprint(ids)
				}
				continue
			}
			it.Project = p
			if it.Amount != p.Adjusted {
				l.Warnf(it.File, it.Pos("amount"), "fund item %q is %s, but project %q has an adjusted budget of %s",
					it.Name, it.Amount.FormatUnit(u), p.ID, p.Adjusted.FormatUnit(u))
			}
		}
	}
}

func project(l *diag.List, cfg budget.Config, r *budget.Report, p *budget.Project) {
	u := r.Unit
	file := p.File
	if p.Executed > p.Received {
		l.Warnf(file, p.Pos("executed"), "project %q executed %s, more than the %s received", p.ID, p.Executed.FormatUnit(u), p.Received.FormatUnit(u))
	}
	if p.Received > p.Adjusted {
		l.Warnf(file, p.Pos("received"), "project %q received %s, more than its adjusted budget of %s", p.ID, p.Received.FormatUnit(u), p.Adjusted.FormatUnit(u))
	}
	if p.ExecutionRate().Below(90) && p.Deviation == "" {
		d := l.Warnf(file, p.Pos("executed"), "project %q has an execution rate of %s, below 90%%, and no deviation note", p.ID, p.ExecutionRate().Percent())
		d.Hint = `explain it: deviation = "…"`
	}
	if len(p.Funds) > 0 {
		var ini, adj, exe budget.Amount
		for _, f := range p.Funds {
			ini, adj, exe = ini+f.Initial, adj+f.Adjusted, exe+f.Executed
		}
		for _, c := range []struct {
			key       string
			sum, want budget.Amount
			what      string
		}{{"initial", ini, p.Initial, "年初预算数"}, {"adjusted", adj, p.Adjusted, "全年预算数"}, {"executed", exe, p.Executed, "全年执行数"}} {
			if c.sum != c.want {
				l.Warnf(file, p.Pos("funds"), "project %q: the fund rows' %s add up to %s, but the project's is %s", p.ID, c.what, c.sum.FormatUnit(u), c.want.FormatUnit(u))
			}
		}
	}
	if p.ExecutionScore != nil && *p.ExecutionScore > p.ExecutionWeight {
		l.Warnf(file, p.Pos("execution_score"), "project %q: execution 得分 %s is above its 分值 %s", p.ID, p.ExecutionScore, p.ExecutionWeight)
	}
	weighted := false
	for _, in := range p.Indicators {
		indicator(l, cfg, in)
		if in.Weight != nil {
			weighted = true
		}
	}
	if weighted {
		if w := p.WeightSum(); w != 10000 {
			l.Warnf(file, p.Pos(), "project %q: the weights add up to %s, not 100 (execution %s + indicators)", p.ID, w, p.ExecutionWeight)
		}
	}
	if p.Score != nil {
		if sum, ok := p.PublishedSum(); ok && sum != *p.Score {
			l.Warnf(file, p.Pos("score"), "project %q: 总分 %s is not the sum of its 得分, %s", p.ID, p.Score, sum)
		}
		if p.Grade != "" && budget.Grade(*p.Score) != p.Grade {
			l.Warnf(file, p.Pos("grade"), "project %q: grade %s does not match the score %s (that is %s)", p.ID, p.Grade, p.Score, budget.Grade(*p.Score))
		}
	}
}

func indicator(l *diag.List, cfg budget.Config, in *budget.Indicator) {
	file := in.File
	if in.Weight != nil && in.Score != nil && *in.Score > *in.Weight {
		l.Warnf(file, in.Pos("score"), "indicator %q: 得分 %s is above its 分值 %s", in.Name, in.Score, in.Weight)
	}
	if in.Direction == budget.Qualitative && in.Weight != nil && in.Score != nil && *in.Score <= *in.Weight {
		if lo, hi, ok := in.Band(cfg.Scoring); ok {
			share := new(big.Rat).Quo(in.Score.Rat(), in.Weight.Rat())
			share.Mul(share, big.NewRat(100, 1))
			below := share.Cmp(big.NewRat(int64(lo), 1)) < 0
			above := share.Cmp(big.NewRat(int64(hi), 1)) > 0 || hi < 100 && share.Cmp(big.NewRat(int64(hi), 1)) == 0
			if below || above {
				l.Warnf(file, in.Pos("score"), "indicator %q is %s, so its 得分 should lie in %d%%–%d%% of %s, but it is %s",
					in.Name, achievementOf(in, cfg), lo, hi, in.Weight, in.Score)
			}
		}
	}
	if in.Deviation != "" {
		return
	}
	if in.Met() == budget.MetNo && !in.Actual.IsZero() {
		d := l.Warnf(file, in.Pos("actual"), "indicator %q: actual %s misses the target %s, and there is no deviation note", in.Name, in.Actual.Raw, in.Target.Raw)
		d.Hint = `explain it: deviation = "…"`
	}
	if c, ok := in.Completion(); ok && in.Direction == budget.Positive && c.Above(130) {
		d := l.Warnf(file, in.Pos("actual"), "indicator %q: actual %s is %s of the target %s, and there is no deviation note", in.Name, in.Actual.Raw, c.Percent(), in.Target.Raw)
		d.Hint = "a target exceeded by more than 30% was probably set too low: explain it in deviation = \"…\""
	}
}

func achievementOf(in *budget.Indicator, cfg budget.Config) string {
	lo, _, _ := in.Band(cfg.Scoring)
	switch lo {
	case cfg.Scoring.QualitativeBands[0]:
		return "达成"
	case cfg.Scoring.QualitativeBands[1]:
		return "部分达成"
	}
	return "未达成"
}

func metric(l *diag.List, r *budget.Report, m *budget.Metric) {
	prev := r.PreviousMetric(m.ID)
	if prev != nil && prev.Unit != m.Unit && prev.Value.Num != nil && m.Value.Num != nil {
		d := l.Warnf(m.File, m.Pos("unit"), "metric %q is in %q here but in %q last year, so the two years cannot be compared",
			m.Name, m.Unit, prev.Unit)
		d.Hint = "use the same unit for a metric id in every year"
		return
	}
	if m.YoY == nil {
		return
	}
	if c, ok := m.ComputedYoY(prev); ok {
		diff := new(big.Rat).Sub(c, m.YoY)
		if diff.Abs(diff).Cmp(big.NewRat(1, 100)) > 0 {
			l.Warnf(m.File, m.Pos("yoy"), "metric %q: published growth %s%% differs from the %s%% computed from last year's value",
				m.Name, budget.TrimRat(m.YoY, 2), budget.FormatRat(c, 2))
		}
	}
}

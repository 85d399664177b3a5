// Package validate runs the cross-field and cross-file checks of a site:
// sums that must add up, published rates and scores against those
// computed from published inputs, and what a year says against the year
// before. It only reads the model. It reports every problem at once; a
// real published table is sometimes inconsistent, so most findings are
// warnings (or notes, for rounding) that leave the data as published.
//
// Every finding about published figures carries a Public text: the same
// finding in plain Chinese for a citizen, which the report's page shows.
// The page shows nothing else, so the page and `disclose check` agree.
package validate

import (
	"fmt"
	"math/big"
	"path"
	"regexp"
	"strconv"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
)

// Site checks every bureau and returns the problems. found are the
// problems loading found: a file with errors gets no warnings, since
// they would mostly echo its errors (a wrong amount also makes its sum
// wrong).
func Site(s *budget.Site, found diag.List) diag.List {
	var l diag.List
	for _, b := range s.Bureaus {
		l = append(l, Bureau(s.Config, b)...)
	}
	return WithoutWarningsIn(l, found)
}

// Bureau checks one bureau with its reports. Every check stays inside a
// bureau (a year is compared with the bureau's year before), so a
// rebuild may keep the problems of the bureaus it did not read again;
// found's filter (WithoutWarningsIn) is left to the caller.
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

// WithoutWarningsIn drops the warnings and notes of the files that have
// errors among found.
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

// checker adds findings about one report, each with its public wording.
type checker struct {
	l   *diag.List
	cfg budget.Config
	r   *budget.Report
}

// warn adds a warning at key of o; public is the citizen's sentence.
func (c checker) warn(o budget.Origin, key, public, format string, args ...any) *diag.Diagnostic {
	d := c.l.Warnf(o.File, o.Pos(key), format, args...)
	d.Public = public
	return d
}

func (c checker) note(o budget.Origin, key, public, format string, args ...any) *diag.Diagnostic {
	d := c.l.Notef(o.File, o.Pos(key), format, args...)
	d.Public = public
	return d
}

// yearInTitle finds a four-digit year in a title ("2023年…").
var yearInTitle = regexp.MustCompile(`(19|20)\d\d`)

func report(l *diag.List, cfg budget.Config, r *budget.Report) {
	c := checker{l: l, cfg: cfg, r: r}
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
	if m := yearInTitle.FindString(r.Title); m != "" && m != strconv.Itoa(r.Year) {
		d := c.warn(r.Origin, "title", fmt.Sprintf("报告标题写的是%s年，而本页按%d年度公开。", m, r.Year),
			"title names the year %s, but the file is for %d", m, r.Year)
		d.Hint = fmt.Sprintf("if the report is for %s, rename the file to %s.toml", m, m)
	}
	if !r.Published.IsZero() && !r.Approved.IsZero() && r.Published.String() < r.Approved.String() {
		c.warn(r.Origin, "published", fmt.Sprintf("发布日期（%s）早于批复日期（%s）。", r.Published.Chinese(), r.Approved.Chinese()),
			"published %s is before approved %s", r.Published, r.Approved)
	}
	if st := r.Staff; st != nil {
		c.countSum(st.Origin, "actual_by_type", st.ActualByType, st.Actual, st.HasActual, "在职人员")
		c.countSum(st.Origin, "retired_by_type", st.RetiredByType, st.Retired, st.HasRetired, "离退休人员")
	}
	for _, p := range r.Projects {
		c.project(p)
	}
	if d := r.Declared; d != nil {
		c.declared(d)
	}
	if f := r.Funds; f != nil {
		c.funds(f)
	}
	for _, m := range r.Metrics {
		c.metric(m)
	}
}

func (c checker) countSum(o budget.Origin, key string, rows []budget.Count, total int, hasTotal bool, what string) {
	if len(rows) == 0 || !hasTotal {
		return
	}
	sum := 0
	for _, n := range rows {
		sum += n.Count
	}
	if sum != total {
		c.warn(o, key, fmt.Sprintf("%s分类人数合计 %d 人，与原表总数 %d 人不一致。", what, sum, total),
			"%s by type add up to %d, but the total is %d", what, sum, total)
	}
}

// amountSum checks a printed total against the sum of its printed parts;
// nothing is said when a part or the total was not printed. en words the
// editor's message from the sum, the total and their difference.
func (c checker) amountSum(o budget.Origin, key string, total *budget.Amount, parts budget.Sum, subject, whatTotal, whatParts string, en func(sum, total, diff string) string) {
	if total == nil || !parts.Complete() || parts.Amount == *total {
		return
	}
	u := c.r.Unit
	sum, tot, diff := parts.Amount.FormatUnit(u), total.FormatUnit(u), (*total - parts.Amount).FormatUnit(u)
	c.warn(o, key, fmt.Sprintf("%s：%s合计为 %s，原表%s为 %s，相差 %s。", subject, whatParts, sum, whatTotal, tot, diff), "%s", en(sum, tot, diff))
}

func (c checker) funds(f *budget.Funds) {
	u := c.r.Unit
	c.amountSum(f.Origin, "total", f.Total, f.SourcesSum(), "资金结构", "项目支出总额", "各资金来源",
		func(sum, total, diff string) string {
			return fmt.Sprintf("fund sources add up to %s, but total is %s (difference %s)", sum, total, diff)
		})
	for _, src := range f.Sources {
		if len(src.Items) > 0 {
			c.amountSum(src.Origin, "amount", src.Amount, src.ItemsSum(), "资金来源「"+src.Name+"」", "金额", "明细",
				func(sum, total, diff string) string {
					return fmt.Sprintf("items of %q add up to %s, but its amount is %s (difference %s)", src.Name, sum, total, diff)
				})
		}
		for _, it := range src.Items {
			p := it.Project
			if p == nil || it.Amount == nil || p.Adjusted == nil || *it.Amount == *p.Adjusted {
				continue
			}
			c.warn(it.Origin, "amount",
				fmt.Sprintf("资金明细「%s」为 %s，而项目「%s」的%s为 %s。", it.Name, it.Amount.FormatUnit(u), p.Name, p.Form.Adjusted, p.Adjusted.FormatUnit(u)),
				"fund item %q is %s, but project %q has an adjusted budget of %s", it.Name, it.Amount.FormatUnit(u), p.ID, p.Adjusted.FormatUnit(u))
		}
	}
}

// rate checks a printed rate against the one computed from printed
// amounts: equal at the printed precision says nothing, a difference in
// the last printed digit is a note, more is a warning.
func (c checker) rate(o budget.Origin, key string, published *budget.Percent, computed budget.Ratio, ok bool, subject, enSubject, name, rule string) {
	if published == nil || !ok {
		return
	}
	got := budget.RatioPercent(computed, published.Decimals)
	switch budget.CompareRate(*published, computed) {
	case budget.Rounding:
		c.note(o, key, fmt.Sprintf("%s：原表%s %s，按%s计算为 %s（尾数差异）。", subject, name, published, rule, got),
			"%s: published %s %s, computed from the amounts %s (rounding in the last digit)", enSubject, key, published, got)
	case budget.Differs:
		c.warn(o, key, fmt.Sprintf("%s：原表%s %s，按%s计算为 %s，两者不一致。", subject, name, published, rule, got),
			"%s: published %s %s differs from %s computed from the amounts", enSubject, key, published, got)
	}
}

// balance checks a printed 结余 against received − executed.
func (c checker) balance(o budget.Origin, published *budget.Amount, computed budget.Amount, ok bool, subject, enSubject string) {
	if published == nil || !ok || *published == computed {
		return
	}
	u := c.r.Unit
	c.warn(o, "balance", fmt.Sprintf("%s：原表结余 %s，按到位资金减执行数计算为 %s。", subject, published.FormatUnit(u), computed.FormatUnit(u)),
		"%s: published balance %s, but received − executed is %s", enSubject, published.FormatUnit(u), computed.FormatUnit(u))
}

func projectSubject(p *budget.Project) string { return "项目「" + p.Name + "」" }

func (c checker) project(p *budget.Project) {
	u := c.r.Unit
	f := p.Form
	subject := projectSubject(p)
	if e, r, ok := budget.Both(p.Executed, p.Received); ok && e > r {
		c.warn(p.Origin, "executed", fmt.Sprintf("%s：%s %s，多于实际到位资金 %s。", subject, f.Executed, e.FormatUnit(u), r.FormatUnit(u)),
			"project %q executed %s, more than the %s received", p.ID, e.FormatUnit(u), r.FormatUnit(u))
	}
	if r, a, ok := budget.Both(p.Received, p.Adjusted); ok && r > a {
		c.warn(p.Origin, "received", fmt.Sprintf("%s：实际到位资金 %s，多于%s %s。", subject, r.FormatUnit(u), f.Adjusted, a.FormatUnit(u)),
			"project %q received %s, more than its adjusted budget of %s", p.ID, r.FormatUnit(u), a.FormatUnit(u))
	}
	if ch := p.Change; ch != nil {
		if adj, ok := p.Adjustment(); ok && adj != *ch {
			c.warn(p.Origin, "adjustment", fmt.Sprintf("%s：原表预算调整数 %s，而%s减%s为 %s。", subject, ch.FormatUnit(u), f.Adjusted, f.Initial, adj.FormatUnit(u)),
				"project %q: published adjustment %s, but adjusted − initial is %s", p.ID, ch.FormatUnit(u), adj.FormatUnit(u))
		}
	}
	rate, rateOK := p.ComputedExecutionRate()
	en := fmt.Sprintf("project %q", p.ID)
	c.rate(p.Origin, "execution_rate", p.ExecutionRate, rate, rateOK, subject, en, f.Rate, "金额")
	receipt, receiptOK := p.ComputedReceiptRate()
	c.rate(p.Origin, "receipt_rate", p.ReceiptRate, receipt, receiptOK, subject, en, "到位率", "金额")
	bal, balOK := p.ComputedBalance()
	c.balance(p.Origin, p.Balance, bal, balOK, subject, en)
	if p.ExecutionBelow(90) && p.Deviation == "" {
		shown := ""
		if p.ExecutionRate != nil {
			shown = p.ExecutionRate.String()
		} else {
			shown = rate.Percent()
		}
		d := c.warn(p.Origin, "executed", fmt.Sprintf("%s：%s %s，低于 90%%，报告未说明原因。", subject, f.Rate, shown),
			"project %q has an execution rate of %s, below 90%%, and no deviation note", p.ID, shown)
		d.Hint = `explain it: deviation = "…"`
	}
	if len(p.Funds) > 0 {
		var ini, adj, exe budget.Sum
		for _, pf := range p.Funds {
			ini.Add(pf.Initial)
			adj.Add(pf.Adjusted)
			exe.Add(pf.Executed)
			if r, ok := rateOfRow(p, pf); ok {
				c.rate(pf.Origin, "execution_rate", pf.ExecutionRate, r, true, subject+"「"+pf.Source+"」", fmt.Sprintf("project %q, fund row %q", p.ID, pf.Source), f.Rate, "金额")
			}
		}
		for _, row := range []struct {
			total *budget.Amount
			sum   budget.Sum
			label string
		}{{p.Initial, ini, f.Initial}, {p.Adjusted, adj, f.Adjusted}, {p.Executed, exe, f.Executed}} {
			c.amountSum(p.Origin, "funds", row.total, row.sum, subject, row.label, "各分项"+row.label,
				func(sum, total, _ string) string {
					return fmt.Sprintf("project %q: the fund rows' %s add up to %s, but the project's is %s", p.ID, row.label, sum, total)
				})
		}
	}
	c.scores(p)
	decimals := p.ScoreDecimals()
	for _, in := range p.Indicators {
		c.indicator(p, in, decimals)
	}
}

// rateOfRow is a fund row's executed / base, where both were printed.
func rateOfRow(p *budget.Project, pf budget.ProjectFund) (budget.Ratio, bool) {
	return pf.ComputedExecutionRate(p.ExecutionBase)
}

// score checks a published score against the one the rules give (nil:
// they give none), at the precision the table prints: a difference in the
// last printed digit is a note, more is a warning. zh and en begin the
// citizen's and the editor's sentences; zhRule and enRule name the rule.
func (c checker) score(o budget.Origin, key string, published budget.Points, decimals int, computed *budget.Points, zh, zhRule, en, enRule string) {
	if computed == nil {
		return
	}
	switch budget.ComparePoints(published, decimals, *computed) {
	case budget.Rounding:
		c.note(o, key, fmt.Sprintf("%s %s，按%s计算为 %s（尾数差异）。", zh, published, zhRule, computed),
			"%s %s, %s give %s (rounding)", en, published, enRule, computed)
	case budget.Differs:
		c.warn(o, key, fmt.Sprintf("%s %s，按%s计算为 %s。", zh, published, zhRule, computed),
			"%s %s differs from the %s %s give", en, published, computed, enRule)
	}
}

func (c checker) scores(p *budget.Project) {
	f := p.Form
	subject := projectSubject(p)
	if p.ExecutionScore != nil && p.ExecutionWeight != nil && *p.ExecutionScore > *p.ExecutionWeight {
		c.warn(p.Origin, "execution_score", fmt.Sprintf("%s：预算执行得分 %s 高于其分值 %s。", subject, p.ExecutionScore, p.ExecutionWeight),
			"project %q: execution 得分 %s is above its 分值 %s", p.ID, p.ExecutionScore, p.ExecutionWeight)
	} else if p.ExecutionScore != nil {
		c.score(p.Origin, "execution_score", *p.ExecutionScore, p.ScoreDecimals(), p.ComputedExecutionScore(),
			subject+"：原表预算执行得分", "“分值 × 执行率（最高100%）”", fmt.Sprintf("project %q: published execution 得分", p.ID), "分值 × min(执行率, 100%)")
	}
	if p.GoalScore != nil && p.GoalWeight != nil && *p.GoalScore > *p.GoalWeight {
		c.warn(p.Origin, "goal_score", fmt.Sprintf("%s：年度目标完成情况得分 %s 高于其分值 %s。", subject, p.GoalScore, p.GoalWeight),
			"project %q: 年度目标 得分 %s is above its 分值 %s", p.ID, p.GoalScore, p.GoalWeight)
	}
	if len(p.Indicators) > 0 {
		if w, ok := p.WeightSum(c.cfg.Scoring); ok && w != 10000 {
			exec := "execution " + c.cfg.Scoring.StandardExecutionWeight(f).String() + " by the standard rules"
			if p.ExecutionWeight != nil {
				exec = "execution " + p.ExecutionWeight.String()
			}
			c.warn(p.Origin, "indicators", fmt.Sprintf("%s：各项分值合计为 %s 分，不是 100 分。", subject, w),
				"project %q: the weights add up to %s, not 100 (%s + indicators)", p.ID, w, exec)
		}
	}
	if p.Score != nil {
		if sum, ok := p.PublishedSum(); ok && sum != *p.Score {
			c.warn(p.Origin, "score", fmt.Sprintf("%s：原表总分 %s，各项得分合计为 %s。", subject, p.Score, sum),
				"project %q: 总分 %s is not the sum of its 得分, %s", p.ID, p.Score, sum)
		}
		if p.Grade != "" && budget.Grade(*p.Score) != p.Grade {
			c.warn(p.Origin, "grade", fmt.Sprintf("%s：原表等级为“%s”，按总分 %s 应为“%s”。", subject, p.Grade, p.Score, budget.Grade(*p.Score)),
				"project %q: grade %s does not match the score %s (that is %s)", p.ID, p.Grade, p.Score, budget.Grade(*p.Score))
		}
	} else if comp := p.ComputedScore(c.cfg.Scoring); comp != nil {
		// The report gave no 总分: say what the standard rules give, in
		// the check section only, never as the report's score.
		c.note(p.Origin, "", fmt.Sprintf("%s：原表未列总分；按标准评分规则计算为 %s 分（%s）。", subject, comp, budget.Grade(*comp)),
			"project %q: no 总分 published; the standard rules give %s (%s)", p.ID, comp, budget.Grade(*comp))
	}
}

// indicator checks one row; decimals is the precision the project's
// table prints its scores with.
func (c checker) indicator(p *budget.Project, in *budget.Indicator, decimals int) {
	subject := projectSubject(p) + "的指标「" + in.Name + "」"
	for _, v := range []struct {
		key string
		val budget.Value
		lbl string
	}{{"target", in.Target, "年度指标值"}, {"actual", in.Actual, "实际完成值"}} {
		if v.val.Unreadable && !(in.DirectionGiven && in.Direction == budget.Qualitative) {
			d := c.warn(in.Origin, v.key, fmt.Sprintf("%s：%s“%s”无法读作数值，未用于计算。", subject, v.lbl, v.val.Raw),
				"indicator %q: %s %q reads as a quantity but no number could be read from it", in.Name, v.key, v.val.Raw)
			d.Hint = "write the number in digits as the report means it (≥90%), or keep it verbatim and set direction = \"qualitative\""
		}
	}
	if in.DirectionUnsure {
		d := c.warn(in.Origin, "target", fmt.Sprintf("%s：无法确定该指标越高越好还是越低越好，未判断是否达成。", subject),
			"indicator %q: cannot tell whether %s is a target to reach or a ceiling", in.Name, in.Target.Raw)
		d.Hint = `say it: direction = "reverse" (不超过, the lower the better) or direction = "positive"`
	}
	if in.Weight != nil && in.Score != nil && *in.Score > *in.Weight {
		c.warn(in.Origin, "score", fmt.Sprintf("%s：得分 %s 高于其分值 %s。", subject, in.Score, in.Weight),
			"indicator %q: 得分 %s is above its 分值 %s", in.Name, in.Score, in.Weight)
	}
	if in.Direction == budget.Qualitative && in.Weight != nil && in.Score != nil && *in.Score <= *in.Weight {
		if lo, hi, ok := in.Band(c.cfg.Scoring); ok {
			share := new(big.Rat).Quo(in.Score.Rat(), in.Weight.Rat())
			share.Mul(share, big.NewRat(100, 1))
			below := share.Cmp(big.NewRat(int64(lo), 1)) < 0
			above := share.Cmp(big.NewRat(int64(hi), 1)) > 0 || hi < 100 && share.Cmp(big.NewRat(int64(hi), 1)) == 0
			if below || above {
				ach := achievementOf(in, c.cfg)
				c.warn(in.Origin, "score", fmt.Sprintf("%s：定性指标评为“%s”，得分应在分值的 %d%%–%d%% 之间，原表得分 %s（分值 %s）。", subject, ach, lo, hi, in.Score, in.Weight),
					"indicator %q is %s, so its 得分 should lie in %d%%–%d%% of %s, but it is %s", in.Name, ach, lo, hi, in.Weight, in.Score)
			}
		}
	}
	if in.Score != nil && (in.Weight == nil || *in.Score <= *in.Weight) {
		c.score(in.Origin, "score", *in.Score, decimals, in.ComputedScore(c.cfg.Scoring),
			subject+"：原表得分", "标准评分规则", fmt.Sprintf("indicator %q: published 得分", in.Name), "the standard rules")
	}
	if in.Deviation != "" {
		return
	}
	if in.Met() == budget.MetNo && !in.Actual.IsZero() {
		d := c.warn(in.Origin, "actual", fmt.Sprintf("%s：实际完成值 %s 未达到年度指标值 %s，报告未说明原因。", subject, budget.ValueText(in.Actual, in.Unit), budget.ValueText(in.Target, in.Unit)),
			"indicator %q: actual %s misses the target %s, and there is no deviation note", in.Name, in.Actual.Raw, in.Target.Raw)
		d.Hint = `explain it: deviation = "…"`
	}
	if r, ok := in.Completion(); ok && in.Direction == budget.Positive && r.Above(130) {
		d := c.warn(in.Origin, "actual", fmt.Sprintf("%s：实际完成值 %s 为年度指标值 %s 的 %s，超出较多，报告未说明原因。", subject, budget.ValueText(in.Actual, in.Unit), budget.ValueText(in.Target, in.Unit), r.Percent()),
			"indicator %q: actual %s is %s of the target %s, and there is no deviation note", in.Name, in.Actual.Raw, r.Percent(), in.Target.Raw)
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

// declared checks the report's printed 合计 against its projects and its
// own rates.
func (c checker) declared(d *budget.Declared) {
	t := c.r.Totals()
	subject := "纳入评价项目合计"
	if d.Projects > 0 && len(c.r.Projects) > 0 && d.Projects != len(c.r.Projects) {
		c.warn(d.Origin, "projects", fmt.Sprintf("原表称纳入评价的项目共 %d 个，本报告列出 %d 个。", d.Projects, len(c.r.Projects)),
			"[totals] says %d projects, but the file lists %d", d.Projects, len(c.r.Projects))
	}
	for _, row := range []struct {
		key          string
		total        *budget.Amount
		sum          budget.Sum
		whole, parts string
	}{
		{"initial", d.Initial, t.Initial, "年初预算合计", "各项目年初预算"},
		{"adjusted", d.Adjusted, t.Adjusted, "全年预算合计", "各项目全年预算"},
		{"received", d.Received, t.Received, "实际到位资金合计", "各项目实际到位资金"},
		{"executed", d.Executed, t.Executed, "执行数合计", "各项目执行数"},
	} {
		c.amountSum(d.Origin, row.key, row.total, row.sum, subject, row.whole, row.parts,
			func(sum, total, diff string) string {
				return fmt.Sprintf("[totals] %s is %s, but the projects' %s add up to %s (difference %s)", row.key, total, row.key, sum, diff)
			})
	}
	s := c.r.Stated()
	rate, ok := s.ComputedExecutionRate()
	c.rate(d.Origin, "execution_rate", d.ExecutionRate, rate, ok, subject, "[totals]", "执行率", "金额")
	receipt, ok := s.ComputedReceiptRate()
	c.rate(d.Origin, "receipt_rate", d.ReceiptRate, receipt, ok, subject, "[totals]", "到位率", "金额")
	bal, ok := s.ComputedBalance()
	c.balance(d.Origin, d.Balance, bal, ok, subject, "[totals]")
}

func (c checker) metric(m *budget.Metric) {
	prev := c.r.PreviousMetric(m.ID)
	if prev != nil && prev.Unit != m.Unit && prev.Value.Num != nil && m.Value.Num != nil {
		d := c.warn(m.Origin, "unit", fmt.Sprintf("指标「%s」本年单位为“%s”，上年为“%s”，两年数字不能直接比较。", m.Name, m.Unit, prev.Unit),
			"metric %q is in %q here but in %q last year, so the two years cannot be compared", m.Name, m.Unit, prev.Unit)
		d.Hint = "use the same unit for a metric id in every year"
		return
	}
	if m.YoY == nil {
		return
	}
	if g, ok := m.ComputedYoY(prev); ok {
		diff := new(big.Rat).Sub(g, m.YoY)
		if diff.Abs(diff).Cmp(big.NewRat(1, 100)) > 0 {
			c.warn(m.Origin, "yoy", fmt.Sprintf("指标「%s」：原文同比 %s%%，按上年数值计算为 %s%%。", m.Name, budget.TrimRat(m.YoY, 2), budget.FormatRat(g, 2)),
				"metric %q: published growth %s%% differs from the %s%% computed from last year's value",
				m.Name, budget.TrimRat(m.YoY, 2), budget.FormatRat(g, 2))
		}
	}
}

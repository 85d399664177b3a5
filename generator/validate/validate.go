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
	"github.com/disclose-portal/disclose/generator/i18n"
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
	// A report file that could not be read has its own error: the
	// bureau is not without reports, and one problem is enough.
	if len(b.Reports) == 0 && b.Unread == 0 {
		d := l.Warnf(b.File, diag.Pos{}, "check.no_reports", b.Slug)
		d.Hint = i18n.T("hint.no_reports")
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
func (c checker) warn(o budget.Origin, key, public, msg string, args ...any) *diag.Diagnostic {
	d := c.l.Warnf(o.File, o.Pos(key), msg, args...)
	d.Public = public
	return d
}

func (c checker) note(o budget.Origin, key, public, msg string, args ...any) *diag.Diagnostic {
	d := c.l.Notef(o.File, o.Pos(key), msg, args...)
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
			d := l.Errorf(file, r.Pos("source"), "check.source_missing", r.Source, r.Year)
			d.Hint = i18n.T("hint.source_missing", r.Bureau.Slug, r.Year)
		}
	}
	if m := yearInTitle.FindString(r.Title); m != "" && m != strconv.Itoa(r.Year) {
		d := c.warn(r.Origin, "title", fmt.Sprintf("报告标题写的是%s年，而本页按%d年度公开。", m, r.Year),
			"check.title_year", m, r.Year)
		d.Hint = i18n.T("hint.title_year", m)
	}
	if !r.Published.IsZero() && !r.Approved.IsZero() && r.Published.String() < r.Approved.String() {
		c.warn(r.Origin, "published", fmt.Sprintf("发布日期（%s）早于批复日期（%s）。", r.Published.Chinese(), r.Approved.Chinese()),
			"check.published_before", r.Published.String(), r.Approved.String())
	}
	if st := r.Staff; st != nil {
		c.countSum(st.Origin, "actual_by_type", st.ActualByType, st.Actual, st.HasActual, "在职人员", "check.staff_actual")
		c.countSum(st.Origin, "retired_by_type", st.RetiredByType, st.Retired, st.HasRetired, "离退休人员", "check.staff_retired")
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

func (c checker) countSum(o budget.Origin, key string, rows []budget.Count, total int, hasTotal bool, what, msg string) {
	if len(rows) == 0 || !hasTotal {
		return
	}
	sum := 0
	for _, n := range rows {
		sum += n.Count
	}
	if sum != total {
		c.warn(o, key, fmt.Sprintf("%s分类人数合计 %d 人，与原表总数 %d 人不一致。", what, sum, total),
			msg, sum, total)
	}
}

// amountSum checks a printed total against the sum of its printed parts;
// nothing is said when a part or the total was not printed. msg words the
// editor's message from the sum, the total and their difference.
func (c checker) amountSum(o budget.Origin, key string, total *budget.Amount, parts budget.Sum, subject, whatTotal, whatParts string, msg func(sum, total, diff string) i18n.Text) {
	if total == nil || !parts.Complete() || parts.Amount == *total {
		return
	}
	u := c.r.Unit
	sum, tot, diff := parts.Amount.FormatUnit(u), total.FormatUnit(u), (*total - parts.Amount).FormatUnit(u)
	m := msg(sum, tot, diff)
	c.warn(o, key, fmt.Sprintf("%s：%s合计为 %s，原表%s为 %s，相差 %s。", subject, whatParts, sum, whatTotal, tot, diff), m.Key).Message = m
}

func (c checker) funds(f *budget.Funds) {
	u := c.r.Unit
	c.amountSum(f.Origin, "total", f.Total, f.SourcesSum(), "资金结构", "项目支出总额", "各资金来源",
		func(sum, total, diff string) i18n.Text {
			return i18n.T("check.funds_total", sum, total, diff)
		})
	for _, src := range f.Sources {
		if len(src.Items) > 0 {
			c.amountSum(src.Origin, "amount", src.Amount, src.ItemsSum(), "资金来源「"+src.Name+"」", "金额", "明细",
				func(sum, total, diff string) i18n.Text {
					return i18n.T("check.source_items", src.Name, sum, total, diff)
				})
		}
		for _, it := range src.Items {
			p := it.Project
			if p == nil || it.Amount == nil || p.Adjusted == nil || *it.Amount == *p.Adjusted {
				continue
			}
			c.warn(it.Origin, "amount",
				fmt.Sprintf("资金明细「%s」为 %s，而项目「%s」的%s为 %s。", it.Name, it.Amount.FormatUnit(u), p.Name, p.Form.Adjusted, p.Adjusted.FormatUnit(u)),
				"check.item_project", it.Name, it.Amount.FormatUnit(u), c.row(p), p.Adjusted.FormatUnit(u), p.Form.Adjusted)
		}
	}
}

// rate checks a printed rate against the one computed from printed
// amounts: equal at the printed precision says nothing, a difference in
// the last printed digit is a note, more is a warning.
func (c checker) rate(o budget.Origin, key string, published *budget.Percent, computed budget.Ratio, ok bool, who names, name, rule string) {
	if published == nil || !ok {
		return
	}
	switch budget.CompareRate(*published, computed) {
	case budget.Rounding:
		subject, enSubject := who()
		got := budget.RatioPercent(computed, published.Decimals)
		c.note(o, key, fmt.Sprintf("%s：原表%s %s，按%s计算为 %s（尾数差异）。", subject, name, published, rule, got),
			"check.rate_rounding", enSubject, key, published.String(), got)
	case budget.Differs:
		subject, enSubject := who()
		got := budget.RatioPercent(computed, published.Decimals)
		c.warn(o, key, fmt.Sprintf("%s：原表%s %s，按%s计算为 %s，两者不一致。", subject, name, published, rule, got),
			"check.rate_differs", enSubject, key, published.String(), got)
	}
}

// balance checks a printed 结余 against received − executed.
func (c checker) balance(o budget.Origin, published *budget.Amount, computed budget.Amount, ok bool, who names) {
	if published == nil || !ok || *published == computed {
		return
	}
	subject, enSubject := who()
	u := c.r.Unit
	c.warn(o, "balance", fmt.Sprintf("%s：原表结余 %s，按到位资金减执行数计算为 %s。", subject, published.FormatUnit(u), computed.FormatUnit(u)),
		"check.balance", enSubject, published.FormatUnit(u), computed.FormatUnit(u))
}

func projectSubject(p *budget.Project) string { return "项目「" + p.Name + "」" }

// names gives what a message names its object by: the citizen's words
// and the editor's text. Worked out only for a message: most rows have
// none, and naming every project and fund row was a tenth of what the
// checks allocated.
type names func() (zh string, en i18n.Text)

// fixed names an object whose names cost nothing to make.
func fixed(zh string, en i18n.Text) names {
	return func() (string, i18n.Text) { return zh, en }
}

// row names a project as the editor sees it in the file.
func (c checker) row(p *budget.Project) i18n.Text {
	n := 0
	for i, q := range c.r.Projects {
		if q == p {
			n = i + 1
		}
	}
	return i18n.Row("row.project", n, p.Name, p.ID)
}

func (c checker) project(p *budget.Project) {
	u := c.r.Unit
	f := p.Form
	var (
		subject string
		en      i18n.Text
	)
	named := func() (string, i18n.Text) {
		if subject == "" {
			subject, en = projectSubject(p), c.row(p)
		}
		return subject, en
	}
	if e, r, ok := budget.Both(p.Executed, p.Received); ok && e > r {
		subject, _ := named()
		c.warn(p.Origin, "executed", fmt.Sprintf("%s：%s %s，多于实际到位资金 %s。", subject, f.Executed, e.FormatUnit(u), r.FormatUnit(u)),
			"check.executed_over_received", c.row(p), e.FormatUnit(u), r.FormatUnit(u), f.Executed)
	}
	if r, a, ok := budget.Both(p.Received, p.Adjusted); ok && r > a {
		subject, _ := named()
		c.warn(p.Origin, "received", fmt.Sprintf("%s：实际到位资金 %s，多于%s %s。", subject, r.FormatUnit(u), f.Adjusted, a.FormatUnit(u)),
			"check.received_over_adjusted", c.row(p), r.FormatUnit(u), a.FormatUnit(u), f.Adjusted)
	}
	if ch := p.Change; ch != nil {
		if adj, ok := p.Adjustment(); ok && adj != *ch {
			subject, _ := named()
			c.warn(p.Origin, "adjustment", fmt.Sprintf("%s：原表预算调整数 %s，而%s减%s为 %s。", subject, ch.FormatUnit(u), f.Adjusted, f.Initial, adj.FormatUnit(u)),
				"check.adjustment", c.row(p), ch.FormatUnit(u), adj.FormatUnit(u), f.Adjusted, f.Initial)
		}
	}
	rate, rateOK := p.ComputedExecutionRate()
	c.rate(p.Origin, "execution_rate", p.ExecutionRate, rate, rateOK, named, f.Rate, "金额")
	receipt, receiptOK := p.ComputedReceiptRate()
	c.rate(p.Origin, "receipt_rate", p.ReceiptRate, receipt, receiptOK, named, "到位率", "金额")
	bal, balOK := p.ComputedBalance()
	c.balance(p.Origin, p.Balance, bal, balOK, named)
	if p.ExecutionBelow(90) && p.Deviation == "" {
		shown := ""
		if p.ExecutionRate != nil {
			shown = p.ExecutionRate.String()
		} else {
			shown = rate.Percent()
		}
		subject, _ := named()
		d := c.warn(p.Origin, "executed", fmt.Sprintf("%s：%s %s，低于 90%%，报告未说明原因。", subject, f.Rate, shown),
			"check.execution_low", c.row(p), shown, f.Rate)
		d.Hint = i18n.T("hint.deviation")
	}
	if len(p.Funds) > 0 {
		var ini, adj, exe budget.Sum
		for _, pf := range p.Funds {
			ini.Add(pf.Initial)
			adj.Add(pf.Adjusted)
			exe.Add(pf.Executed)
			if r, ok := rateOfRow(p, pf); ok {
				c.rate(pf.Origin, "execution_rate", pf.ExecutionRate, r, true, func() (string, i18n.Text) {
					subject, en := named()
					return subject + "「" + pf.Source + "」", i18n.Within(en, i18n.Row("row.fund", 0, pf.Source, ""))
				}, f.Rate, "金额")
			}
		}
		for _, row := range []struct {
			total *budget.Amount
			sum   budget.Sum
			label string
		}{{p.Initial, ini, f.Initial}, {p.Adjusted, adj, f.Adjusted}, {p.Executed, exe, f.Executed}} {
			if row.total == nil || !row.sum.Complete() || row.sum.Amount == *row.total {
				continue // what amountSum says nothing of: no names to make
			}
			subject, en := named()
			c.amountSum(p.Origin, "funds", row.total, row.sum, subject, row.label, "各分项"+row.label,
				func(sum, total, _ string) i18n.Text {
					return i18n.T("check.fund_rows", en, row.label, sum, total)
				})
		}
	}
	c.scores(p, named)
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
func (c checker) score(o budget.Origin, key string, published budget.Points, decimals int, computed *budget.Points, zh, zhRule string, en i18n.Text, rule string) {
	if computed == nil {
		return
	}
	switch budget.ComparePoints(published, decimals, *computed) {
	case budget.Rounding:
		c.note(o, key, fmt.Sprintf("%s %s，按%s计算为 %s（尾数差异）。", zh, published, zhRule, computed),
			"check.score_rounding", en, published.String(), i18n.T(rule), computed.String())
	case budget.Differs:
		c.warn(o, key, fmt.Sprintf("%s %s，按%s计算为 %s。", zh, published, zhRule, computed),
			"check.score_differs", en, published.String(), i18n.T(rule), computed.String())
	}
}

func (c checker) scores(p *budget.Project, who names) {
	f := p.Form
	subject := func() string { zh, _ := who(); return zh }
	if p.ExecutionScore != nil && p.ExecutionWeight != nil && *p.ExecutionScore > *p.ExecutionWeight {
		c.warn(p.Origin, "execution_score", fmt.Sprintf("%s：预算执行得分 %s 高于其分值 %s。", subject(), p.ExecutionScore, p.ExecutionWeight),
			"check.execution_score_over", c.row(p), p.ExecutionScore.String(), p.ExecutionWeight.String())
	} else if p.ExecutionScore != nil {
		// Named only where the score is not the computed one.
		decimals := p.ScoreDecimals()
		if comp := p.ComputedExecutionScore(); comp != nil && budget.ComparePoints(*p.ExecutionScore, decimals, *comp) != budget.Agrees {
			c.score(p.Origin, "execution_score", *p.ExecutionScore, decimals, comp,
				subject()+"：原表预算执行得分", "“分值 × 执行率（最高100%）”", i18n.T("check.subject_execution_score", c.row(p)), "rule.execution")
		}
	}
	if p.GoalScore != nil && p.GoalWeight != nil && *p.GoalScore > *p.GoalWeight {
		c.warn(p.Origin, "goal_score", fmt.Sprintf("%s：年度目标完成情况得分 %s 高于其分值 %s。", subject(), p.GoalScore, p.GoalWeight),
			"check.goal_score_over", c.row(p), p.GoalScore.String(), p.GoalWeight.String())
	}
	if len(p.Indicators) > 0 {
		if w, ok := p.WeightSum(c.cfg.Scoring); ok && w != 10000 {
			exec := i18n.T("check.exec_weight_standard", c.cfg.Scoring.StandardExecutionWeight(f).String())
			if p.ExecutionWeight != nil {
				exec = i18n.T("check.exec_weight", p.ExecutionWeight.String())
			}
			c.warn(p.Origin, "indicators", fmt.Sprintf("%s：各项分值合计为 %s 分，不是 100 分。", subject(), w),
				"check.weights", c.row(p), w.String(), exec)
		}
	}
	if p.Score != nil {
		if sum, ok := p.PublishedSum(); ok && sum != *p.Score {
			c.warn(p.Origin, "score", fmt.Sprintf("%s：原表总分 %s，各项得分合计为 %s。", subject(), p.Score, sum),
				"check.score_sum", c.row(p), p.Score.String(), sum.String())
		}
		if p.Grade != "" && budget.Grade(*p.Score) != p.Grade {
			c.warn(p.Origin, "grade", fmt.Sprintf("%s：原表等级为“%s”，按总分 %s 应为“%s”。", subject(), p.Grade, p.Score, budget.Grade(*p.Score)),
				"check.grade", c.row(p), p.Grade, p.Score.String(), budget.Grade(*p.Score))
		}
	} else if comp := p.ComputedScore(c.cfg.Scoring); comp != nil {
		// The report gave no 总分: say what the standard rules give, in
		// the check section only, never as the report's score.
		c.note(p.Origin, "", fmt.Sprintf("%s：原表未列总分；按标准评分规则计算为 %s 分（%s）。", subject(), comp, budget.Grade(*comp)),
			"check.score_computed", c.row(p), comp.String(), budget.Grade(*comp))
	}
}

// indicator checks one row; decimals is the precision the project's
// table prints its scores with.
func (c checker) indicator(p *budget.Project, in *budget.Indicator, decimals int) {
	// The indicator's names in the messages, made for the first of them:
	// most rows have none, and naming every row was a tenth of what the
	// checks allocated.
	var (
		subject string
		row     i18n.Text
	)
	named := func() (string, i18n.Text) {
		if subject == "" {
			subject = projectSubject(p) + "的指标「" + in.Name + "」"
			row = i18n.Within(c.row(p), i18n.Row("row.indicator", 0, in.Name, ""))
		}
		return subject, row
	}
	for _, v := range []struct {
		key string
		val budget.Value
		lbl string
	}{{"target", in.Target, "年度指标值"}, {"actual", in.Actual, "实际完成值"}} {
		if v.val.Unreadable && !(in.DirectionGiven && in.Direction == budget.Qualitative) {
			subject, row := named()
			d := c.warn(in.Origin, v.key, fmt.Sprintf("%s：%s“%s”无法读作数值，未用于计算。", subject, v.lbl, v.val.Raw),
				"check.unreadable_value", row, v.key, v.val.Raw)
			d.Hint = i18n.T("hint.unreadable_value")
		}
	}
	if in.DirectionUnsure {
		subject, row := named()
		d := c.warn(in.Origin, "target", fmt.Sprintf("%s：无法确定该指标越高越好还是越低越好，未判断是否达成。", subject),
			"check.direction_unsure", row, in.Target.Raw)
		d.Hint = i18n.T("hint.direction_unsure")
	}
	if in.Weight != nil && in.Score != nil && *in.Score > *in.Weight {
		subject, row := named()
		c.warn(in.Origin, "score", fmt.Sprintf("%s：得分 %s 高于其分值 %s。", subject, in.Score, in.Weight),
			"check.indicator_score_over", row, in.Score.String(), in.Weight.String())
	}
	if in.Direction == budget.Qualitative && in.Weight != nil && in.Score != nil && *in.Score <= *in.Weight {
		if lo, hi, ok := in.Band(c.cfg.Scoring); ok {
			// The share score ÷ weight in percent against lo and hi,
			// multiplied out in integers: points are hundredths of at
			// most 100, so nothing overflows, and nothing is allocated
			// (in big.Rat it was a tenth of the checks' allocation).
			share, w := int64(*in.Score)*100, int64(*in.Weight)
			below := share < int64(lo)*w
			above := share > int64(hi)*w || hi < 100 && share == int64(hi)*w
			if w > 0 && (below || above) {
				ach := achievementOf(in, c.cfg)
				subject, row := named()
				c.warn(in.Origin, "score", fmt.Sprintf("%s：定性指标评为“%s”，得分应在分值的 %d%%–%d%% 之间，原表得分 %s（分值 %s）。", subject, ach, lo, hi, in.Score, in.Weight),
					"check.band", row, ach, lo, hi, in.Weight.String(), in.Score.String())
			}
		}
	}
	if in.Score != nil && (in.Weight == nil || *in.Score <= *in.Weight) {
		// Named only where the score is not the computed one.
		if comp := in.ComputedScore(c.cfg.Scoring); comp != nil && budget.ComparePoints(*in.Score, decimals, *comp) != budget.Agrees {
			subject, row := named()
			c.score(in.Origin, "score", *in.Score, decimals, comp,
				subject+"：原表得分", "标准评分规则", i18n.T("check.subject_indicator_score", row), "rule.standard")
		}
	}
	if in.Deviation != "" {
		return
	}
	if in.Met() == budget.MetNo && !in.Actual.IsZero() {
		subject, row := named()
		d := c.warn(in.Origin, "actual", fmt.Sprintf("%s：实际完成值 %s 未达到年度指标值 %s，报告未说明原因。", subject, budget.ValueText(in.Actual, in.Unit), budget.ValueText(in.Target, in.Unit)),
			"check.target_missed", row, in.Actual.Raw, in.Target.Raw)
		d.Hint = i18n.T("hint.deviation")
	}
	if r, ok := in.Completion(); ok && in.Direction == budget.Positive && r.Above(130) {
		subject, row := named()
		d := c.warn(in.Origin, "actual", fmt.Sprintf("%s：实际完成值 %s 为年度指标值 %s 的 %s，超出较多，报告未说明原因。", subject, budget.ValueText(in.Actual, in.Unit), budget.ValueText(in.Target, in.Unit), r.Percent()),
			"check.target_exceeded", row, in.Actual.Raw, r.Percent(), in.Target.Raw)
		d.Hint = i18n.T("hint.target_exceeded")
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
			"check.totals_projects", d.Projects, len(c.r.Projects))
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
			func(sum, total, diff string) i18n.Text {
				return i18n.T("check.totals_sum", row.key, total, sum, diff)
			})
	}
	s := c.r.Stated()
	rate, ok := s.ComputedExecutionRate()
	totals := fixed(subject, i18n.Lit("[totals]"))
	c.rate(d.Origin, "execution_rate", d.ExecutionRate, rate, ok, totals, "执行率", "金额")
	receipt, ok := s.ComputedReceiptRate()
	c.rate(d.Origin, "receipt_rate", d.ReceiptRate, receipt, ok, totals, "到位率", "金额")
	bal, ok := s.ComputedBalance()
	c.balance(d.Origin, d.Balance, bal, ok, totals)
}

func (c checker) metric(m *budget.Metric) {
	prev := c.r.PreviousMetric(m.ID)
	if prev != nil && prev.Unit != m.Unit && prev.Value.Num != nil && m.Value.Num != nil {
		d := c.warn(m.Origin, "unit", fmt.Sprintf("指标「%s」本年单位为“%s”，上年为“%s”，两年数字不能直接比较。", m.Name, m.Unit, prev.Unit),
			"check.metric_unit", m.Name, m.Unit, prev.Unit)
		d.Hint = i18n.T("hint.metric_unit")
		return
	}
	if m.YoY == nil {
		return
	}
	if g, ok := m.ComputedYoY(prev); ok {
		diff := new(big.Rat).Sub(g, m.YoY)
		if diff.Abs(diff).Cmp(big.NewRat(1, 100)) > 0 {
			c.warn(m.Origin, "yoy", fmt.Sprintf("指标「%s」：原文同比 %s%%，按上年数值计算为 %s%%。", m.Name, budget.TrimRat(m.YoY, 2), budget.FormatRat(g, 2)),
				"check.yoy", m.Name, budget.TrimRat(m.YoY, 2), budget.FormatRat(g, 2))
		}
	}
}

package render

import (
	"errors"
	"html/template"
	"strconv"
)

// The loops of the report and bureau pages (the glance block, the main
// metrics, the funds and execution tables, the list of projects, the
// bureau's tables by year) are written here in Go, the bytes the default
// theme's report.html, bureau.html and glance partial wrote with
// html/template until issue 16. After the figures and project cards
// went to Go, these loops were most of the template time left on a
// cold build: every value a reflective lookup and call, every escaper
// another. The markup around each loop (section, heading, table head)
// stays in the theme, and a theme may still range over the same fields
// itself or define its own glance. The escaping is html/template's for
// each context, held to the templates of before byte for byte by
// pagehtml_test.go (testdata/report.html, bureau.html, glance.html).

// glanceHTML is a report at a glance (the glance partial).
func glanceHTML(g *Glance) (template.HTML, error) {
	if g == nil {
		return "", errors.New("glance of no report")
	}
	var w rowWriter
	w.glance(g)
	return w.html(), nil
}

// glance writes into w what glanceHTML returns.
func (w *rowWriter) glance(g *Glance) {
	k, u := &g.Key, g.Unit
	w.Grow(2048 + 160*len(g.Sources) + 160*len(g.Scores))
	w.WriteString("\n<div class=\"glance-grid\">\n  <div class=\"glance-item\">\n    <p class=\"glance-label\">")
	w.glanceLink(g, "funds-title", "项目支出", g.HasFunds)
	w.WriteString("</p>\n    <p class=\"glance-big\">")
	w.figure(k.Funds)
	if !k.Funds.Absent() {
		w.WriteString(`<small>`)
		w.text(u.Name)
		w.WriteString(`</small>`)
	}
	w.WriteString("</p>\n    ")
	if len(g.Sources) > 0 {
		w.WriteString("<p class=\"glance-sub\">资金来源（占比 <abbr class=\"derived\" tabindex=\"0\" title=\"按公开数字计算：来源金额 ÷ 项目支出总额\">算</abbr>）</p>\n    <ul class=\"glance-list\">")
		for _, s := range g.Sources {
			w.WriteString(`<li><span class="glance-name">`)
			w.text(s.Name)
			w.WriteString(`</span> <span class="nowrap">`)
			w.figure(s.Amount)
			w.WriteString(`</span>`)
			if s.Share != "" {
				w.WriteString(` <span class="glance-share">`)
				w.text(s.Share)
				w.WriteString(`</span>`)
			}
			w.WriteString(`</li>`)
		}
		w.WriteString(`</ul>`)
	}
	w.WriteString("\n  </div>\n  <div class=\"glance-item\">\n    <p class=\"glance-label\">")
	if g.HasProjects {
		w.WriteString(`<a href="`)
		w.url(g.Link)
		w.WriteString(`#exec-title">纳入绩效评价的 `)
		w.WriteString(strconv.Itoa(k.Projects))
		w.WriteString(` 个项目</a>`)
	} else {
		w.WriteString(`纳入绩效评价的项目`)
	}
	w.WriteString("</p>\n    ")
	if g.HasProjects || k.Projects != 0 {
		w.WriteString("\n    <dl class=\"glance-pairs\">\n      <div><dt>预算</dt><dd>")
		w.figureUnit(k.Adjusted, u.Name)
		w.WriteString("</dd></div>\n      <div><dt>执行数</dt><dd>")
		w.figureUnit(k.Executed, u.Name)
		w.WriteString("</dd></div>\n      ")
		if !k.ReceiptRate.Absent() {
			w.WriteString(`<div><dt>到位率</dt><dd>`)
			w.figure(k.ReceiptRate)
			w.WriteString(`</dd></div>`)
		}
		w.WriteString("\n    </dl>\n    <p class=\"glance-big\">执行率 ")
		w.figure(k.Rate)
		w.WriteString("</p>\n    <p class=\"glance-note\">这是这")
		if k.Projects != 0 {
			w.WriteString(" ")
			w.WriteString(strconv.Itoa(k.Projects))
			w.WriteString(" 个")
		}
		w.WriteString("评价项目的执行率（执行数 ÷ 预算）")
		if !k.Funds.Absent() {
			w.WriteString("，不是全部项目支出 ")
			w.text(k.Funds.Text)
			w.WriteString(" ")
			w.text(u.Name)
			w.WriteString("的执行率")
		}
		w.WriteString("。</p>\n    ")
	} else {
		w.WriteString(`<p>报告没有列出纳入绩效评价的项目。</p>`)
	}
	w.WriteString("\n  </div>\n  <div class=\"glance-item\">\n    <p class=\"glance-label\">")
	w.glanceLink(g, "projects-title", "绩效指标", g.HasProjects)
	w.WriteString("</p>\n    ")
	if t := g.Tally; t.Total != 0 {
		w.WriteString(`<p class="glance-tally"><strong>`)
		w.WriteString(strconv.Itoa(t.Total))
		w.WriteString(`</strong> 项指标中 <strong>`)
		w.WriteString(strconv.Itoa(t.Met))
		w.WriteString(`</strong> 项达成、<strong>`)
		w.WriteString(strconv.Itoa(t.Partly))
		w.WriteString(`</strong> 项部分达成、<strong>`)
		w.WriteString(strconv.Itoa(t.Not))
		w.WriteString(`</strong> 项未达成`)
		if t.Unknown != 0 {
			w.WriteString(`、<strong>`)
			w.WriteString(strconv.Itoa(t.Unknown))
			w.WriteString(`</strong> 项无法判断`)
		}
		w.WriteString(" <abbr class=\"derived\" tabindex=\"0\" title=\"按公开数字判断：数值指标比较实际完成值与年度指标值，定性指标按报告所写的完成情况\">算</abbr></p>\n    ")
	} else {
		w.WriteString(`<p><span class="absent">未公开</span>：报告没有公布绩效指标表。</p>`)
	}
	w.WriteString("\n  </div>\n  <div class=\"glance-item\">\n    <p class=\"glance-label\">")
	w.glanceLink(g, "projects-title", "自评得分", g.HasProjects)
	w.WriteString("</p>\n    ")
	if len(g.Scores) > 0 && (g.Link != "" || len(g.Scores) > 3) {
		w.WriteString(`<p>`)
		w.WriteString(strconv.Itoa(len(g.Scores)))
		w.WriteString(` 个项目公布了自评结果`)
		if g.Low != nil {
			low, high := pointsText(g.Low), pointsText(g.High)
			w.WriteString(`：总分 <strong>`)
			w.text(low)
			w.WriteString(`</strong>`)
			if low != high {
				w.WriteString(`–<strong>`)
				w.text(high)
				w.WriteString(`</strong>`)
			}
		}
		if len(g.Grades) > 0 {
			if g.Low != nil {
				w.WriteString(`，`)
			} else {
				w.WriteString(`：`)
			}
			w.WriteString(`等级`)
			for i, c := range g.Grades {
				if i != 0 {
					w.WriteString(`、`)
				}
				w.WriteString(` <strong>`)
				w.text(c.Grade)
				w.WriteString(`</strong> `)
				w.WriteString(strconv.Itoa(c.N))
				w.WriteString(` 个`)
			}
		}
		w.WriteString("</p>\n    ")
		if g.Link == "" {
			w.WriteString(`<details class="glance-more"><summary>各项目得分</summary>`)
			w.scoreList(g, "")
			w.WriteString(`</details>`)
		}
		w.WriteString("\n    ")
	} else if len(g.Scores) > 0 {
		w.scoreList(g, g.Link)
	}
	w.WriteString("\n    ")
	if len(g.Scores) > 0 {
		if g.Unscored != 0 {
			w.WriteString(`<p>另有 `)
			w.WriteString(strconv.Itoa(g.Unscored))
			w.WriteString(` 个项目：<span class="absent">未公开</span></p>`)
		}
	} else {
		w.WriteString(`<p>`)
		if g.Unscored != 0 {
			w.WriteString(strconv.Itoa(g.Unscored))
			w.WriteString(` 个项目都`)
		}
		w.WriteString(`<span class="absent">未公开</span></p>`)
	}
	w.WriteString("\n  </div>\n</div>\n")
}

// glanceLink is a glance item's label, linked to its section where the
// report page has it.
func (w *rowWriter) glanceLink(g *Glance, fragment, label string, linked bool) {
	if !linked {
		w.WriteString(label)
		return
	}
	w.WriteString(`<a href="`)
	w.url(g.Link)
	w.WriteString(`#` + fragment + `">` + label + `</a>`)
}

// figureUnit is a figure followed by the unit's name, where it is shown.
func (w *rowWriter) figureUnit(f Figure, unit string) {
	w.figure(f)
	if !f.Absent() {
		w.writeByte(' ')
		w.text(unit)
	}
}

// scoreList is the glance's list of the projects' published results,
// each linked to its card on the report page at link.
func (w *rowWriter) scoreList(g *Glance, link string) {
	w.WriteString(`<ul class="glance-list">`)
	for _, s := range g.Scores {
		w.WriteString(`<li><a href="`)
		if link != "" {
			w.url(link)
		}
		w.writeByte('#')
		w.urlPart(s.Anchor)
		w.WriteString(`">`)
		w.text(s.Name)
		w.WriteString(`</a>：`)
		if s.Score != nil {
			w.WriteString(`总分 <strong>`)
			w.text(pointsText(s.Score))
			w.WriteString(`</strong>`)
		}
		if s.Grade != "" {
			w.WriteString(` 等级 <strong>`)
			w.text(s.Grade)
			w.WriteString(`</strong>`)
		}
		w.WriteString(`</li>`)
	}
	w.WriteString(`</ul>`)
}

// metricGroupsHTML is the report's main metrics, group by group.
func metricGroupsHTML(groups []MetricGroup) template.HTML {
	var w rowWriter
	w.metricGroups(groups)
	return w.html()
}

// metricGroups writes into w what metricGroupsHTML returns.
func (w *rowWriter) metricGroups(groups []MetricGroup) {
	n := 0
	for _, g := range groups {
		n += len(g.Metrics)
	}
	w.Grow(64*len(groups) + 400*n)
	for _, g := range groups {
		w.WriteString("\n  ")
		if g.Name != "" {
			w.WriteString(`<h3>`)
			w.text(g.Name)
			w.WriteString(`</h3>`)
		}
		w.WriteString("\n  <ul class=\"metrics\">\n  ")
		for _, m := range g.Metrics {
			w.WriteString("\n    <li class=\"metric\">\n      <span class=\"metric-name\">")
			w.text(m.Name)
			w.WriteString("</span>\n      <span class=\"metric-value\">")
			w.text(m.Display)
			w.WriteString("</span>\n      ")
			if m.YoYText != "" {
				w.WriteString(`<span class="yoy yoy-`)
				w.text(m.YoYDir)
				w.WriteString(`"><span aria-hidden="true">`)
				switch m.YoYDir {
				case "up":
					w.WriteString("▲")
				case "down":
					w.WriteString("▼")
				default:
					w.WriteString("■")
				}
				w.WriteString(`</span> 同比 `)
				w.text(m.YoYText)
				if m.Computed {
					w.WriteString(`<span class="computed">（计算）</span>`)
				}
				w.WriteString(`</span>`)
			}
			w.WriteString("\n      ")
			if m.Previous != "" {
				w.WriteString(`<span class="metric-prev">上年 `)
				w.text(m.Previous)
				w.WriteString(`</span>`)
			}
			w.WriteString("\n      ")
			if m.Baseline != "" {
				w.WriteString(`<span class="metric-prev">基期 `)
				w.text(m.Baseline)
				if m.Change != "" {
					w.WriteString(`，变化 `)
					w.text(m.Change)
					w.WriteString(`（算）`)
				}
				w.WriteString(`</span>`)
			}
			w.WriteString("\n      ")
			if m.Completion != "" {
				w.WriteString(`<span class="metric-completion">`)
				if !m.Metric.Target.IsZero() {
					w.WriteString(`目标 `)
					w.text(FormatValue(m.Target, m.Unit))
					w.WriteString(`，`)
				}
				w.WriteString(`完成率 `)
				w.text(m.Completion)
				w.WriteString(`</span>`)
			}
			w.WriteString("\n      ")
			if m.Note != "" {
				w.WriteString(`<span class="metric-note">`)
				w.text(m.Note)
				w.WriteString(`</span>`)
			}
			w.WriteString("\n    </li>\n  ")
		}
		w.WriteString("\n  </ul>\n  ")
	}
}

// fundRowsHTML is the body of the funds table: each source, and each
// item under it linked to the project it pays for.
func fundRowsHTML(rows []FundsRow) template.HTML {
	var w rowWriter
	w.fundRows(rows)
	return w.html()
}

// fundRows writes into w what fundRowsHTML returns.
func (w *rowWriter) fundRows(rows []FundsRow) {
	w.Grow(300 * len(rows))
	for _, r := range rows {
		if r.Source {
			w.WriteString(`<tr class="source">`)
		} else {
			w.WriteString(`<tr class="item">`)
		}
		w.WriteString(`<th scope="row">`)
		w.text(r.Name)
		w.WriteString(`</th><td class="num" data-label="金额">`)
		w.figure(r.Amount)
		w.WriteString(`</td><td class="num" data-label="占比">`)
		w.text(r.Share)
		w.WriteString(`</td><td data-label="评价项目">`)
		if p := r.Project; p != nil {
			w.WriteString(`<a href="#project-`)
			w.urlPart(p.ID)
			w.WriteString(`">`)
			w.text(p.Name)
			w.WriteString(`</a>`)
		}
		w.WriteString("</td></tr>\n    ")
	}
}

// execRowsHTML is the body of the execution table: one row a project.
func execRowsHTML(projects []*ProjectView) template.HTML {
	var w rowWriter
	w.execRows(projects)
	return w.html()
}

// execRows writes into w what execRowsHTML returns.
func (w *rowWriter) execRows(projects []*ProjectView) {
	w.Grow(900 * len(projects))
	for _, p := range projects {
		w.WriteString(`<tr><th scope="row"><a href="#`)
		w.urlPart(p.Anchor)
		w.WriteString(`">`)
		w.text(p.Name)
		w.WriteString(`</a></th>`)
		w.execCells([...]*Figure{&p.Initial, &p.Adjusted, &p.Received, &p.Executed, &p.Rate, &p.ReceiptRate, &p.Balance})
		w.WriteString(`</tr>`)
	}
}

// projectIndexHTML is the list of a report's projects, each linked to
// its card.
func projectIndexHTML(projects []*ProjectView) template.HTML {
	var w rowWriter
	w.projectIndex(projects)
	return w.html()
}

// projectIndex writes into w what projectIndexHTML returns.
func (w *rowWriter) projectIndex(projects []*ProjectView) {
	w.Grow(120 * len(projects))
	for _, p := range projects {
		w.WriteString(`<li><a href="#`)
		w.urlPart(p.Anchor)
		w.WriteString(`">`)
		w.text(p.Name)
		w.WriteString(`</a></li>`)
	}
}

// bureauRowsHTML is the body of a bureau's table by year: each report's
// sources, spending, evaluated budget, execution and rate.
func bureauRowsHTML(b *BureauView) template.HTML {
	if b == nil {
		return ""
	}
	var w rowWriter
	w.bureauRows(b)
	return w.html()
}

// bureauRows writes into w what bureauRowsHTML returns.
func (w *rowWriter) bureauRows(b *BureauView) {
	w.Grow(len(b.Rows) * (600 + 120*len(b.Sources)))
	for _, r := range b.Rows {
		w.WriteString(`<tr><th scope="row"><a href="`)
		w.url(strconv.Itoa(r.Report.Year))
		w.WriteString(`/index.html">`)
		w.text(yearTitle(r.Report))
		w.WriteString(`</a></th>`)
		for i, f := range r.BySrc {
			w.WriteString(`<td class="num" data-label="`)
			if i < len(b.Sources) {
				w.text(b.Sources[i])
			}
			w.WriteString(`">`)
			w.figure(f)
			w.WriteString(`</td>`)
		}
		w.WriteString(`<td class="num" data-label="项目支出">`)
		w.figure(r.Key.Funds)
		w.WriteString(`</td>`)
		w.evaluatedCells(&r.Key)
		w.WriteString(`</tr>`)
	}
}

// execLabels name the execution table's money columns, in order.
var execLabels = [...]string{"年初预算", "全年（调整后）预算", "实际到位", "执行数", "执行率", "到位率", "结余"}

// execCells are the money cells of a row of the execution table (a
// project's, or the totals in its foot), in the order of execLabels.
func (w *rowWriter) execCells(fs [len(execLabels)]*Figure) {
	for i, f := range fs {
		w.WriteString(`<td class="num" data-label="` + execLabels[i] + `">`)
		w.figure(*f)
		w.WriteString(`</td>`)
	}
}

// evaluatedCells are a row's cells of the evaluated projects' budget,
// their execution and its rate, in the bureau's table by year and in a
// year's table of bureaus alike.
func (w *rowWriter) evaluatedCells(k *KeyFigures) {
	w.WriteString(`<td class="num" data-label="评价项目预算">`)
	w.figure(k.Adjusted)
	w.WriteString(`</td><td class="num" data-label="执行数">`)
	w.figure(k.Executed)
	w.WriteString(`</td><td class="num" data-label="执行率">`)
	w.figure(k.Rate)
	w.WriteString(`</td>`)
}

// bureauMetricRowsHTML is the body of a bureau's table of main metrics:
// one row a metric, one cell a year.
func bureauMetricRowsHTML(series []MetricSeries) template.HTML {
	var w rowWriter
	w.bureauMetricRows(series)
	return w.html()
}

// bureauMetricRows writes into w what bureauMetricRowsHTML returns.
func (w *rowWriter) bureauMetricRows(series []MetricSeries) {
	for _, s := range series {
		w.Grow(80 + 160*len(s.Points))
		w.WriteString(`<tr><th scope="row">`)
		w.text(s.Name)
		w.WriteString(`</th>`)
		for _, pt := range s.Points {
			w.WriteString(`<td class="num" data-label="`)
			w.WriteString(strconv.Itoa(pt.Year))
			w.WriteString(`年">`)
			if m := pt.Metric; m != nil {
				w.text(m.Display)
				if m.YoYText != "" {
					w.WriteString(`<br><span class="yoy yoy-`)
					w.text(m.YoYDir)
					w.WriteString(`">同比 `)
					w.text(m.YoYText)
					w.WriteString(`</span>`)
				}
			} else {
				w.WriteString(`—`)
			}
			w.WriteString(`</td>`)
		}
		w.WriteString(`</tr>`)
	}
}

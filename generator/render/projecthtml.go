package render

import (
	"errors"
	"html/template"

	"github.com/disclose-portal/disclose/generator/budget"
)

// A project's card is written in Go in two parts, projectHTML before its
// two figures and projectEndHTML after them, the bytes the default
// theme's project partial wrote with html/template until issue 16. The
// partial ran for every project of every report, and resolving its
// forty-odd fields by reflection (most promoted through the embedded
// *budget.Project, a search of the embedded struct each time) cost more
// than writing them. The figures stay between the two parts in the
// partial, as {{template "figure" .}}, so that a theme's own figure is
// still the one in its projects. The escaping is html/template's for
// each context, held to the old partial byte for byte by
// projecthtml_test.go (testdata/project.html).

// projectHTML is a project's card up to its figures: the article's
// opening, name, form, facts (code, departments, the date the figures
// stand at), money table and summary, deviation note, goals, and the
// indicators table.
func projectHTML(v *ProjectView, u budget.Unit) (template.HTML, error) {
	if v == nil || v.Project == nil || v.Form == nil {
		return "", errors.New("card of no project, or of a project with no form")
	}
	var w rowWriter
	w.projectStart(v, u)
	return w.html(), nil
}

// projectStart writes into w what projectHTML returns.
func (w *rowWriter) projectStart(v *ProjectView, u budget.Unit) {
	w.Grow(4096 + 700*len(v.Project.Indicators))
	w.WriteString("\n<article class=\"project\" id=\"")
	w.text(v.Anchor)
	w.WriteString(`" aria-labelledby="`)
	w.text(v.Anchor)
	w.WriteString("-title\">\n  <h3 id=\"")
	w.text(v.Anchor)
	w.WriteString(`-title">`)
	w.text(v.Name)
	w.WriteString("</h3>\n  <p class=\"skip-part\"><a href=\"#")
	w.urlPart(v.Anchor)
	w.WriteString("-end\">跳过这个项目</a></p>\n  <p class=\"form-name\">")
	w.text(v.Form.Label)
	w.WriteString("</p>\n  <dl class=\"project-facts\">\n    ")
	if v.Code != "" {
		w.fact("项目编码", v.Code)
	}
	w.WriteString("\n    ")
	switch id := v.Form.ID; {
	case id == "transfer":
		w.WriteString("\n    ")
		w.fact("中央主管部门", orAbsent(v.CentralDepartment))
		w.WriteString("\n    ")
		w.fact("地方主管部门", orAbsent(v.Department))
		w.WriteString("\n    ")
		w.fact("资金使用单位", orAbsent(v.Implementer))
		w.WriteString("\n    ")
	case id != "narrative" && id != "department":
		w.WriteString("\n    ")
		w.fact("主管部门", orAbsent(v.Department))
		w.WriteString("\n    ")
		w.fact("实施单位", orAbsent(v.Implementer))
		w.WriteString("\n    ")
	default: // forms without these rows: shown only where given
		w.WriteString("\n    ")
		if v.Department != "" {
			w.fact("主管部门", v.Department)
		}
		w.WriteString("\n    ")
		if v.Implementer != "" {
			w.fact("实施单位", v.Implementer)
		}
		w.WriteString("\n    ")
	}
	w.WriteString("\n    ")
	if !v.AsOf.IsZero() {
		w.WriteString(`<div><dt>数据截至</dt><dd><time datetime="`)
		w.text(v.AsOf.String())
		w.WriteString(`">`)
		w.text(v.AsOf.Chinese())
		w.WriteString(`</time></dd></div>`)
	}
	w.WriteString("\n  </dl>\n  <div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"年度资金（")
	w.text(u.Name)
	w.WriteString("）\"><table class=\"budget-path stack\">\n    <caption>年度资金（")
	w.text(u.Name)
	w.WriteString("）</caption>\n    ")
	w.budgetTable(v)
	w.WriteString("\n  </table></div>\n  ")
	if v.HasReceived || !v.Balance.Absent() || !v.Adjustment.Absent() {
		w.WriteString("\n  <p class=\"budget-summary\">")
		if v.HasReceived {
			w.WriteString("实际到位 ")
			w.figure(v.Received)
			w.WriteString(" · 到位率 ")
			w.figure(v.ReceiptRate)
			w.WriteString(" · ")
		}
		w.WriteString("结余 ")
		w.figure(v.Balance)
		if !v.Adjustment.Absent() {
			w.WriteString(" · 预算调整 ")
			w.figure(v.Adjustment)
		}
		w.WriteString("</p>\n  ")
	}
	w.WriteString("\n  ")
	if v.Deviation != "" {
		w.WriteString(`<p class="deviation"><strong>执行偏差说明：</strong>`)
		w.text(v.Deviation)
		w.WriteString(`</p>`)
	}
	w.WriteString("\n  ")
	if v.Goal != "" || v.Outcome != "" {
		w.WriteString("\n  <dl class=\"goals\">\n    ")
		if v.Goal != "" {
			w.fact("年度总体目标", v.Goal)
		}
		w.WriteString("\n    ")
		if v.Outcome != "" {
			w.fact("实际完成情况", v.Outcome)
		}
		w.WriteString("\n    ")
		if !v.GoalWeight.Absent() || !v.GoalScore.Absent() {
			w.WriteString(`<div><dt>年度目标完成情况</dt><dd>分值 `)
			w.figure(v.GoalWeight)
			w.WriteString(` · 得分 `)
			w.figure(v.GoalScore)
			w.WriteString(`</dd></div>`)
		}
		w.WriteString("\n  </dl>\n  ")
	}
	w.WriteString("\n  ")
	if len(v.Project.Indicators) > 0 {
		w.WriteString("\n  <div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"绩效指标\"><table class=\"indicators stack\">\n" +
			"    <caption>绩效指标</caption>\n" +
			`    <thead><tr><th scope="col">一级指标</th><th scope="col">二级指标</th><th scope="col">三级指标</th><th scope="col">年度指标值</th><th scope="col">实际完成值</th><th scope="col">完成 <abbr class="derived" tabindex="0" title="按公开数字判断：完成值与指标值比较">算</abbr></th><th scope="col" class="num">`)
		w.text(v.Form.Weight)
		w.WriteString("</th><th scope=\"col\" class=\"num\">得分</th><th scope=\"col\">偏差原因分析及改进措施</th></tr></thead>\n    <tbody>\n    ")
		wl := "分值"
		if v.Form.Weight != "" {
			wl = v.Form.Weight
		}
		w.projectIndicatorRows(v, wl)
		w.WriteString("</tbody>\n  </table></div>\n  ")
	}
}

// projectEndHTML is the rest of a project's card, after its figures:
// total score and grade, the links out of the card, the article's end.
func projectEndHTML(v *ProjectView) (template.HTML, error) {
	if v == nil || v.Project == nil {
		return "", errors.New("card of no project")
	}
	var w rowWriter
	w.projectEnd(v)
	return w.html(), nil
}

// projectEnd writes into w what projectEndHTML returns.
func (w *rowWriter) projectEnd(v *ProjectView) {
	switch {
	case v.Score != nil:
		w.WriteString("\n  <p class=\"score\">总分 <strong>")
		w.text(pointsText(v.Score))
		w.WriteString(`</strong>`)
		if v.Grade != "" {
			w.WriteString(` · 等级 <strong>`)
			w.text(v.Grade)
			w.WriteString(`</strong>`)
		}
		w.WriteString("</p>\n  ")
	case v.Grade != "":
		w.WriteString("\n  <p class=\"score\">等级 <strong>")
		w.text(v.Grade)
		w.WriteString("</strong></p>\n  ")
	}
	w.WriteString("\n  <p class=\"project-end\" id=\"")
	w.text(v.Anchor)
	w.WriteString("-end\"><a href=\"#projects-title\">回到绩效自评表</a> · <a href=\"#top\">回到页首</a></p>\n</article>\n")
}

// fact writes one term and its description of a card's lists.
func (w *rowWriter) fact(term, desc string) {
	w.WriteString(`<div><dt>`)
	w.WriteString(term)
	w.WriteString(`</dt><dd>`)
	w.text(desc)
	w.WriteString(`</dd></div>`)
}

// orAbsent is a fact the form has a row for, or the absence mark.
func orAbsent(s string) string {
	if s == "" {
		return absentText
	}
	return s
}

// urlPart writes s after a URL's # or ?, as html/template does there:
// every byte but letters, digits and -._~ percent-encoded (which also
// leaves nothing to escape in the attribute).
func (w *rowWriter) urlPart(s string) {
	percentEncode(w, s, func(s string, i int) bool {
		c := s[i]
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
	})
}

package render

import (
	"fmt"
	"html/template"
	"math/big"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/charts"
)

// funcs are the helpers templates format numbers with; all number
// formatting happens here, in Go, so pages and tables agree.
func funcs(th *Theme) template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) (string, error) {
			p, ok := th.assets[name]
			if !ok {
				return "", fmt.Errorf("theme has no asset %q", name)
			}
			return p, nil
		},
		"money":     func(a budget.Amount, u budget.Unit) string { return a.Format(u) },
		"moneyU":    func(a budget.Amount, u budget.Unit) string { return a.FormatUnit(u) },
		"pct":       func(r budget.Ratio) string { return r.Percent() },
		"points":    pointsText,
		"pts":       func(p budget.Points) string { return p.String() },
		"value":     FormatValue,
		"signed":    signedPercent,
		"rateClass": rateClass,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs key-value pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict keys must be strings")
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"int":       func(n int) string { return budget.Group(fmt.Sprint(n)) },
		"yearTitle": yearTitle,
		"pageMeta":  pageMeta,
		// Rows of the long tables, written in Go (rows.go).
		"tableHead":     tableHead,
		"tableRows":     tableRows,
		"tableFoot":     tableFoot,
		"indicatorRows": indicatorRows,
		"budgetTable":   budgetTable,
		"fig":           fig,
		"figureHTML":    figureHTML, // a chart's whole figure (figurehtml.go)
		// A project's card before and after its figures (projecthtml.go).
		"projectHTML":    projectHTML,
		"projectEndHTML": projectEndHTML,
		// The loops of the report and bureau pages (pagehtml.go).
		"glanceHTML":           glanceHTML,
		"metricGroupsHTML":     metricGroupsHTML,
		"fundRowsHTML":         fundRowsHTML,
		"execRowsHTML":         execRowsHTML,
		"projectIndexHTML":     projectIndexHTML,
		"bureauRowsHTML":       bureauRowsHTML,
		"bureauMetricRowsHTML": bureauMetricRowsHTML,
		// The loops of the home and year pages (sitehtml.go).
		"yearRows":      yearRows,
		"executionRows": executionRows,
		"bureauCards":   bureauCards,
		// chartJSON puts a chart's option into its data block as it is:
		// encoding/json already escaped <, > and & in it.
		"chartJSON": func(c *charts.Chart) template.JS { return template.JS(c.Option()) },
		// chartSVG is the chart drawn as a static SVG, escaped as it was
		// drawn (generator/charts, svg.go).
		"chartSVG": func(c *charts.Chart) template.HTML { return template.HTML(c.SVG()) },
		// chartRoom keeps the chart's box tall enough for ECharts.
		"chartRoom": func(c *charts.Chart) template.HTML { return template.HTML(c.AppendRoom(nil)) },
	}
}

// FormatValue shows a value as printed, adding the unit to a bare number:
// 600 with unit 户 → "600户"; "≥98%" stays as it is.
func FormatValue(v budget.Value, unit string) string {
	if v.IsZero() {
		return "—"
	}
	if v.Num != nil && v.Suffix == "" && v.Op == budget.OpNone && unit != "" && v.Raw == numberText(v) {
		return groupNumber(v.Raw) + unit
	}
	return v.Raw
}

// numberText is the raw text of a bare number, or "" for printed text
// (无 reads as 0 but is text, and gets no unit after it).
func numberText(v budget.Value) string {
	if v.Num == nil || strings.Trim(v.Raw, "0123456789.-+") != "" {
		return ""
	}
	return v.Raw
}

// groupNumber adds thousands separators to a plain decimal: 51060 → 51,060.
func groupNumber(s string) string {
	neg := ""
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg, s = s[:1], s[1:]
		if neg == "+" {
			neg = ""
		}
	}
	intPart, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i:]
			break
		}
	}
	for i := 0; i < len(intPart); i++ {
		if intPart[i] < '0' || intPart[i] > '9' {
			return neg + s
		}
	}
	return neg + budget.Group(intPart) + frac
}

// signedPercent renders a growth in percent with its sign: "+12.99%".
func signedPercent(x *big.Rat) string {
	if x == nil {
		return "—"
	}
	s := budget.FormatRat(x, 2)
	if x.Sign() > 0 {
		s = "+" + s
	}
	return s + "%"
}

// rateClass names a CSS class for an execution rate: full, ok, low.
func rateClass(r budget.Ratio) string {
	switch {
	case !r.Defined():
		return "rate-none"
	case r.Below(90):
		return "rate-low"
	case r.Below(100):
		return "rate-ok"
	}
	return "rate-full"
}

// pointsText shows a score or weight, "—" when there is none.
func pointsText(p *budget.Points) string {
	if p == nil {
		return "—"
	}
	return p.String()
}

// yearTitle is a report's title with its year in front, unless the title
// names the year already ("2023年项目支出绩效自评报告").
func yearTitle(r *budget.Report) string {
	y := fmt.Sprint(r.Year)
	if strings.Contains(r.Title, y) {
		return r.Title
	}
	return y + "年 " + r.Title
}

package render

import (
	"html/template"
	"slices"
	"strconv"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/charts"
)

// The rows of the long tables (every chart's data table, every project's
// indicators) are written here in Go rather than by ranging in the
// template: html/template makes a reflective call for every value it
// prints and every escaper it applies, and these rows are most of the
// values on a report page: writing them directly halved the time spent
// in templates. The markup around them (caption, head, classes of the
// table) stays in the theme, which can also range over the same data
// itself.

// rowWriter builds HTML, escaping text as html/template does. It holds a
// plain byte slice rather than a strings.Builder so that the page writer
// (pagewriter.go) can write a whole page into one buffer kept between
// pages, and hand the bytes on without a copy.
type rowWriter struct{ buf []byte }

func (w *rowWriter) WriteString(s string) { w.buf = append(w.buf, s...) }
func (w *rowWriter) writeByte(c byte)     { w.buf = append(w.buf, c) }
func (w *rowWriter) Write(b []byte) (int, error) {
	w.buf = append(w.buf, b...)
	return len(b), nil
}
func (w *rowWriter) Len() int       { return len(w.buf) }
func (w *rowWriter) String() string { return string(w.buf) }

// Grow makes room for n more bytes.
func (w *rowWriter) Grow(n int) { w.buf = slices.Grow(w.buf, n) }

// text writes s escaped for element content or a quoted attribute value,
// with the same replacements as html/template, so that a page reads the
// same whichever of the two wrote a value.
func (w *rowWriter) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if !htmlSpecial[s[i]] { // most bytes: one look-up, not a switch
			continue
		}
		var rep string
		switch s[i] {
		case 0:
			rep = "\uFFFD"
		case '"':
			rep = "&#34;"
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '+':
			rep = "&#43;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(rep)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// htmlSpecial marks the bytes text replaces.
var htmlSpecial = func() (t [256]bool) {
	for _, c := range []byte("\x00\"&'+<>") {
		t[c] = true
	}
	return t
}()

// label writes a data cell's column name as its data-label attribute.
func (w *rowWriter) label(s string) {
	w.WriteString(` data-label="`)
	w.text(s)
	w.writeByte('"')
}

// html is what w wrote, for a template, without copying it (as
// strings.Builder's String does): w is not written after.
func (w *rowWriter) html() template.HTML {
	return template.HTML(unsafe.String(unsafe.SliceData(w.buf), len(w.buf)))
}

// cells writes a table row's cells: the first is the row's header. Each
// data cell carries its column's name (data-label), which a narrow screen
// shows beside the value when the rows become cards.
func (w *rowWriter) cells(row []charts.Cell, head []charts.Cell) {
	for i, c := range row {
		if i == 0 {
			w.WriteString(`<th scope="row">`)
			w.text(c.Text())
			w.WriteString(`</th>`)
			continue
		}
		w.WriteString(`<td`)
		if c.Num() {
			w.WriteString(` class="num"`)
		}
		if i < len(head) {
			w.label(head[i].Text())
		}
		w.writeByte('>')
		w.text(c.Text())
		w.WriteString(`</td>`)
	}
}

// tableHead is a chart table's column headers: <th> cells.
func tableHead(t charts.Table) template.HTML {
	var w rowWriter
	w.head(t)
	return w.html()
}

func (w *rowWriter) head(t charts.Table) {
	for _, c := range t.Head {
		w.WriteString(`<th scope="col"`)
		if c.Num() {
			w.WriteString(` class="num"`)
		}
		w.writeByte('>')
		w.text(c.Text())
		w.WriteString(`</th>`)
	}
}

// tableRows is a chart table's body: one <tr> per row.
func tableRows(t charts.Table) template.HTML {
	var w rowWriter
	w.rows(t)
	return w.html()
}

func (w *rowWriter) rows(t charts.Table) {
	for _, row := range t.Rows {
		w.WriteString(`<tr>`)
		w.cells(row, t.Head)
		w.WriteString(`</tr>`)
	}
}

// tableFoot is the cells of a chart table's totals row.
func tableFoot(t charts.Table) template.HTML {
	var w rowWriter
	w.cells(t.Foot, t.Head)
	return w.html()
}

// indicatorRows is a project's indicators as table rows: the levels, the
// indicator (the row's header), target and actual, whether it was met,
// weight, the published score with the computed one beside it when they
// differ, and the deviation note. weight is the form's name of the
// weight column (分值, 权重 …), for the cells' data-label.
func indicatorRows(rows []*IndicatorView, weight ...string) template.HTML {
	wl := "分值"
	if len(weight) > 0 && weight[0] != "" {
		wl = weight[0]
	}
	var w rowWriter
	w.Grow(700 * len(rows))
	w.indicatorRows(rows, wl)
	return w.html()
}

// indicatorRows writes the rows into w: a project's card writes them
// into its own, rather than a string of their own copied into it.
func (w *rowWriter) indicatorRows(rows []*IndicatorView, wl string) {
	group := ""
	for _, in := range rows {
		w.indicatorRow(in, &group, wl)
	}
}

// projectIndicatorRows writes the rows of v's indicators as
// indicatorRows does their views, each from one view reused.
func (w *rowWriter) projectIndicatorRows(v *ProjectView, wl string) {
	group := ""
	var iv IndicatorView
	for _, in := range v.Project.Indicators {
		v.indicatorView(&iv, in)
		w.indicatorRow(&iv, &group, wl)
	}
}

// indicatorRow writes one row, after the row of its group when the
// group is not the last row's.
func (w *rowWriter) indicatorRow(in *IndicatorView, last *string, wl string) {
	if in.Group != *last && in.Group != "" {
		w.WriteString(`<tr class="group"><th scope="rowgroup" colspan="9">`)
		w.text(in.Group)
		w.WriteString("</th></tr>\n")
	}
	*last = in.Group
	w.WriteString(`<tr class="met-`)
	w.WriteString(strconv.Itoa(int(in.Met)))
	w.WriteString(`"><td data-label="一级指标">`)
	w.text(in.Level1)
	w.WriteString(`</td><td data-label="二级指标">`)
	w.text(in.Level2)
	w.WriteString(`</td><th scope="row">`)
	w.text(in.Name)
	w.WriteString(`</th><td data-label="年度指标值">`)
	w.text(in.TargetText)
	w.WriteString(`</td><td data-label="实际完成值">`)
	w.text(in.ActualText)
	if in.Completion != "" {
		w.WriteString(` <span class="completion">（`)
		w.text(in.Completion)
		w.WriteString(`，算）</span>`) // actual ÷ target: computed
	}
	w.WriteString(`</td><td data-label="完成"><span class="met">`)
	w.text(in.MetLabel)
	w.WriteString(`</span>`)
	if in.DirectionLabel != "" {
		w.WriteString(` <span class="direction">`)
		w.text(in.DirectionLabel)
		w.WriteString(`</span>`)
	}
	w.WriteString(`</td><td class="num"`)
	w.label(wl)
	w.writeByte('>')
	w.figure(in.Weight)
	w.WriteString(`</td><td class="num" data-label="得分">`)
	w.figure(in.Score)
	w.WriteString(`</td><td class="note" data-label="偏差原因分析及改进措施">`)
	w.text(in.Deviation)
	w.WriteString("</td></tr>\n")
}

// budgetColumn is one column of a project's money table.
type budgetColumn struct {
	key, label string
	num        bool
}

// budgetColumns are the columns a project's money table shows: those its
// form prints, in the form's order, and any other the table printed.
func budgetColumns(v *ProjectView) []budgetColumn {
	f := v.Form
	labels := map[string]string{"initial": f.Initial, "adjusted": f.Adjusted, "received": f.Received,
		"executed": f.Executed, "income": f.Income, "weight": f.Weight, "rate": f.Rate, "score": "得分"}
	present := map[string]bool{
		"initial": !v.Initial.Absent(), "adjusted": !v.Adjusted.Absent(), "received": !v.Received.Absent(),
		"executed": !v.Executed.Absent(), "income": !v.Income.Absent(), "weight": !v.ExecWeight.Absent(),
		"rate": !v.Rate.Absent(), "score": !v.ExecScore.Absent(),
	}
	for _, row := range v.Funds {
		present["initial"] = present["initial"] || !row.Initial.Absent()
		present["adjusted"] = present["adjusted"] || !row.Adjusted.Absent()
		present["executed"] = present["executed"] || !row.Executed.Absent()
	}
	shown := map[string]bool{}
	for _, k := range f.Columns {
		shown[k] = true
	}
	var cols []budgetColumn
	for _, k := range []string{"income", "initial", "adjusted", "received", "executed", "weight", "rate", "score"} {
		if (shown[k] || present[k]) && labels[k] != "" {
			cols = append(cols, budgetColumn{key: k, label: labels[k], num: true})
		}
	}
	return cols
}

// budgetTable is a project's money table: its head and its rows, with
// the form's own column names.
func budgetTable(v *ProjectView) template.HTML {
	var w rowWriter
	w.budgetTable(v)
	return w.html()
}

// budgetTable writes what budgetTable returns into w: the page writer
// writes it straight into the page, rather than into a buffer grown
// from empty and then copied.
func (w *rowWriter) budgetTable(v *ProjectView) {
	cols := budgetColumns(v)
	w.WriteString(`<thead><tr><th scope="col">资金</th>`)
	for _, c := range cols {
		w.WriteString(`<th scope="col" class="num">`)
		w.text(c.label)
		w.WriteString(`</th>`)
	}
	w.WriteString("</tr></thead>\n<tbody>")
	total := map[string]Figure{"initial": v.Initial, "adjusted": v.Adjusted, "received": v.Received,
		"executed": v.Executed, "income": v.Income, "weight": v.ExecWeight, "rate": v.Rate, "score": v.ExecScore}
	w.budgetRow("年度资金总额", "", cols, total)
	for _, row := range v.Funds {
		cells := map[string]Figure{"initial": row.Initial, "adjusted": row.Adjusted, "executed": row.Executed, "rate": row.Rate}
		w.budgetRow(row.Source, "item", cols, cells)
	}
	w.WriteString("</tbody>")
}

// budgetRow writes one row; a column the row has no figure for is empty
// (a fund row has no 分值), where the total row shows 未公开.
func (w *rowWriter) budgetRow(name, class string, cols []budgetColumn, cells map[string]Figure) {
	w.WriteString(`<tr`)
	if class != "" {
		w.WriteString(` class="` + class + `"`)
	}
	w.WriteString(`><th scope="row">`)
	w.text(name)
	w.WriteString(`</th>`)
	for _, c := range cols {
		w.WriteString(`<td class="num"`)
		w.label(c.label)
		w.writeByte('>')
		if f, ok := cells[c.key]; ok {
			w.figure(f)
		}
		w.WriteString(`</td>`)
	}
	w.WriteString(`</tr>`)
}

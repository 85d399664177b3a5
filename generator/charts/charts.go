// Package charts turns the model into chart figures: an ECharts option as
// JSON (written directly, byte for byte as go-echarts built it: write.go),
// the same numbers as a table, and that table as CSV. Every number is
// formatted here, in Go, from exact amounts and ratios, so that a chart,
// its table and its CSV agree to the 分; the option carries no JavaScript
// (no functions), so that pages run under a strict Content-Security-Policy.
// It does no I/O.
package charts

import (
	"errors"
	"strconv"
	"strings"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
)

// Chart is one figure: its option, caption and data table.
//
// Bars (most of a report's charts) keep their shape and description, and
// their option and drawing are written when the page is (AppendOption,
// AppendSVG), into the page's buffer: written when the chart was made,
// the two were a third of what making a report's charts allocated, each
// copied once more into the page. Pies and treemaps, one or two a page,
// keep theirs written.
type Chart struct {
	// Name identifies the chart within its page ("funds-sources",
	// "indicators-<project>"); a narrative's chart block names it.
	Name string
	// ID is the element id of the option's data block, unique in the site
	// and derived from the content path only ("fig-hengyang-scjgj-2023-funds-sources").
	ID      string
	Caption string
	Unit    string // of the values, shown beside the caption
	Size    string // CSS class by the rows shown (a theme may size the box by it)
	Table   Table
	csv     string // the ID of the chart this copies (InText), or ""
	option  []byte // a pie's or treemap's ECharts option, JSON
	svg     svgDoc // … and the same chart drawn as a static SVG (svg.go)
	bars    *bars  // bars, written and drawn when asked for
	desc    string // the bars' aria description
}

// drawBars keeps bars to be written and drawn when the page is. It fails
// as writing their option would (errFunc), so that Report leaves the
// chart out or fails as before.
func (c *Chart) drawBars(b *bars, description string) error {
	if b.mentionsFunc(description) {
		return errFunc
	}
	c.bars, c.desc = b, description
	return nil
}

// drawPie writes the option of a ring chart and draws it as SVG.
func (c *Chart) drawPie(slices []slice, total budget.Amount, u budget.Unit, description string) (err error) {
	if c.option, err = writePie(slices, total, u, description); err == nil {
		c.svg = pieSVG(slices, total, u)
	}
	return err
}

// drawTreemap writes the option of a treemap and draws it as SVG.
func (c *Chart) drawTreemap(nodes []node, u budget.Unit, description string) (err error) {
	if c.option, err = writeTreemap(nodes, u, description); err == nil {
		c.svg = treemapSVG(nodes, u)
	}
	return err
}

// drawn reports whether the chart has something to show.
func (c *Chart) drawn() bool { return c.bars != nil || c.option != nil }

// AppendOption appends the chart's ECharts option (JSON with <, > and &
// escaped, for a <script> element).
func (c *Chart) AppendOption(dst []byte) []byte {
	if c.bars == nil {
		return append(dst, c.option...)
	}
	out, err := writeBars(c.bars, dst, c.desc)
	if err != nil { // not reached: drawBars refused such bars
		return dst
	}
	return out
}

// Option is the chart's ECharts option, for templates and tests.
func (c *Chart) Option() []byte { return c.AppendOption(nil) }

// OptionSizeHint guesses the bytes of the chart's option, for a buffer
// that should hold it without growing.
func (c *Chart) OptionSizeHint() int {
	if c.bars == nil {
		return len(c.option)
	}
	return c.bars.sizeHint(c.desc)
}

// CSVName is the file the table is offered in, beside the page: the
// page's charts.csv (PageCSV), which holds every chart of the page.
func (c *Chart) CSVName() string { return PageCSVName }

// InText returns a copy of the chart for its n-th placement in the
// narrative: element ids of its own, its data listed under the chart.
func (c *Chart) InText(n int) *Chart {
	cp := *c
	cp.csv = c.ID
	cp.ID = c.ID + "-text-" + strconv.Itoa(n)
	return &cp
}

// Names lists the charts' names, for hints ("（none）" when there are none).
func Names(cs []*Chart) []string {
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	if len(names) == 0 {
		return []string{"（none）"}
	}
	return names
}

// Table is the chart's numbers as an HTML table and a CSV file.
type Table struct {
	Head []Cell   // Head[0] heads the column of row headers
	Rows [][]Cell // Rows[i][0] is the row's header
	Foot []Cell   // a totals row, or nil
}

// Cell is one table cell: its text as shown ("1,898.13"), the text the
// CSV has when that differs ("1898.13"), and whether it is a number
// (right-aligned). The two texts are one string, pointed to once: a cell
// is 16 bytes, not the 40 of two strings and a flag, and a report's
// tables have hundreds of cells (its indicator tables most), all held
// until its page is written.
type Cell struct {
	p    *byte  // the shown text, then the raw one
	n    uint32 // the shown text's length
	rawN uint32 // the raw text's length, shifted; the low bit says a number
}

// TextCell is a cell of text.
func TextCell(s string) Cell { return Cell{p: unsafe.StringData(s), n: uint32(len(s))} }

// NumCell is a number's cell: shown as shown, raw in the CSV ("" or
// shown itself when the same).
func NumCell(shown, raw string) Cell {
	if raw == "" || raw == shown {
		return Cell{p: unsafe.StringData(shown), n: uint32(len(shown)), rawN: 1}
	}
	both := shown + raw
	return Cell{p: unsafe.StringData(both), n: uint32(len(shown)), rawN: uint32(len(raw))<<1 | 1}
}

// Text is the cell's text as shown.
func (c Cell) Text() string { return unsafe.String(c.p, c.n) }

// Raw is the cell's text in the CSV when it differs from Text, else "".
func (c Cell) Raw() string {
	if c.rawN>>1 == 0 {
		return "" // and no pointer past the end of the text
	}
	return unsafe.String((*byte)(unsafe.Add(unsafe.Pointer(c.p), c.n)), c.rawN>>1)
}

// Num reports whether the cell holds a number.
func (c Cell) Num() bool { return c.rawN&1 == 1 }

func text(s string) Cell         { return TextCell(s) }
func num(shown, raw string) Cell { return NumCell(shown, raw) }
func (c Cell) csv() string       { return firstNonEmpty(c.Raw(), c.Text()) }
func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Palette is Okabe and Ito's colour-blind-safe set, without its yellow
// (too light on white and in print); decals tell series apart as well.
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"}

// FontFamily is the site's CJK font stack (style.css --font): ECharts draws
// text itself and would otherwise pick a font without Chinese glyphs.
const FontFamily = `-apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif`

// Size classes, by how many rows a chart shows. The default theme sizes
// the box by its static drawing instead; the class stays for themes.
func sizeFor(rows int) string {
	switch {
	case rows <= 3:
		return "chart-sm"
	case rows <= 6:
		return "chart-md"
	case rows <= 12:
		return "chart-lg"
	}
	return "chart-xl"
}

// errFunc is returned when an option would carry a JavaScript function.
var errFunc = errors.New("chart option contains a JavaScript function (go-echarts __f__ marker): pages must run without inline script")

// subtleDecals are ECharts' default decal shapes in a lighter ink.
// Patterns tell series apart without colour; ECharts' own are as dark as
// a grey fill and hide labels, so these are its shapes, fainter.
var subtleDecals = func() []any {
	const ink = "rgba(0,0,0,0.13)"
	pi := 3.141592653589793
	return []any{
		map[string]any{"color": ink, "dashArrayX": []any{1, 0}, "dashArrayY": []any{2, 6}, "symbolSize": 1, "rotation": pi / 6},
		map[string]any{"color": ink, "symbol": "circle", "dashArrayX": []any{[]int{8, 8}, []int{0, 8, 8, 0}}, "dashArrayY": []any{6, 0}, "symbolSize": 0.7},
		map[string]any{"color": ink, "dashArrayX": []any{1, 0}, "dashArrayY": []any{3, 5}, "rotation": -pi / 4},
		map[string]any{"color": ink, "dashArrayX": []any{[]int{6, 6}, []int{0, 6, 6, 0}}, "dashArrayY": []any{6, 0}},
		map[string]any{"color": ink, "dashArrayX": []any{[]int{1, 0}, []int{1, 6}}, "dashArrayY": []any{1, 0, 6, 0}, "rotation": pi / 4},
		map[string]any{"color": ink, "symbol": "triangle", "dashArrayX": []any{[]int{9, 9}, []int{0, 9, 9, 0}}, "dashArrayY": []any{7, 2}, "symbolSize": 0.7},
	}
}()

// joinList lists items with the Chinese enumeration comma.
func joinList(items []string) string { return strings.Join(items, "；") }

// sourceLevels give fund sources their colours by government level, so
// that 中央, 省级 and 市级 money has the same colour in every chart of every
// page and every site, whatever the order or size of the sources.
var sourceLevels = []string{"中央", "省", "市", "县"}

// sourceColors picks a colour for each fund source name: by the level its
// name names, else the next colour no other source of the chart has.
func sourceColors(names []string) []string {
	colors := make([]string, len(names))
	used := map[int]bool{}
	for i, n := range names {
		for level, word := range sourceLevels {
			if strings.Contains(n, word) && !used[level] {
				colors[i], used[level] = Palette[level], true
				break
			}
		}
	}
	next := len(sourceLevels)
	for i := range names {
		if colors[i] != "" {
			continue
		}
		for tries := 0; used[next%len(Palette)] && tries < len(Palette); tries++ {
			next++
		}
		colors[i] = Palette[next%len(Palette)]
		used[next%len(Palette)] = true
		next++
	}
	return colors
}

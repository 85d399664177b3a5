package charts

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/disclose-portal/disclose/generator/budget"
)

// Every chart is also drawn here, at build time, as a static SVG from the
// same shapes as its ECharts option (issue 14): the page shows its charts
// with no script at all, prints them as vector text, and loads ECharts
// only when a reader interacts with a chart. The drawing is laid out for
// a phone (svgWidth units across, about as many CSS px on a 390 px
// screen; style.css scales it to the column, up to a width where its
// text is the size of the body text); heights follow the number of rows.
//
// Texts are the shapes' shown texts (the model's formatted strings, as in
// the tables), never a float formatted here; only positions are computed
// in floating point, and written rounded: marks to a tenth of a unit,
// texts to whole units. No style attribute or element (the site's
// Content-Security-Policy forbids them): presentation attributes, set
// once on a group where many elements share them (a series' fill, the
// texts' white halo), and the class chart-svg, which the theme's style
// sheet gives the site's font.
//
// Series differ by more than colour (WCAG 2.1 SC 1.4.1): each colour of
// the palette but the first has a faint pattern of its own (the ECharts
// option's decals do the same when ECharts draws), on the marks and the
// legend's swatches. Patterns are the only elements with ids: a pattern
// is defined once per drawing, in <defs>, its id the chart's id (unique
// on the page, a narrative's copy included) with "_" and a number, which
// no chart id can end with (ids are slugs joined by "-").

const (
	svgWidth = 360 // user units across
	svgPad   = 8   // left and right margin
	fontSize = 12  // of every text, set on the root

	inkColor   = "#1a1a1a" // text: 17.4:1 on white
	mutedColor = "#555555" // secondary text (ticks, absent values): 7.5:1
	gridColor  = "#dde1e6"
	axisColor  = "#8a9099"
	refColor   = "#a4161a" // the reference line and its label: 7.6:1

	// haloAttrs outline a group's texts in a colour (white, or the fill
	// they stand on), under the glyphs: a line, a bar or a pattern under
	// a text does not cross it.
	haloAttrs = ` stroke-width="3" stroke-linejoin="round" paint-order="stroke"`
	whiteHalo = ` stroke="#fff"` + haloAttrs

	// idMark stands in a drawing for the chart's id, which AppendSVG
	// writes there: a narrative's copy of a chart (InText) has an id of
	// its own but the same drawing. No text of a drawing holds the byte
	// (appendXML writes control characters as U+FFFD).
	idMark = 0
)

// svgDoc is a chart drawn as SVG: its height in user units (the width is
// svgWidth), its patterns (the content of <defs>) and its content, the
// root element's other children. A drawing of bars made for its page
// (pooled) has both in scratch buffers, given back once written.
type svgDoc struct {
	h      int
	defs   []byte
	body   []byte
	pooled bool
	homes  [2]*[]byte // of defs and body, when pooled
}

// release gives a pooled drawing's buffers back.
func (d svgDoc) release() {
	if d.pooled {
		putSVG(svgw{b: d.defs, home: d.homes[0]}, svgw{b: d.body, home: d.homes[1]})
	}
}

// AppendSVG appends the chart's drawing, a whole <svg> element labelled
// by the figure's caption (ID + "-caption"), or nothing when the chart
// has none. Bars are drawn here, each time.
func (c *Chart) AppendSVG(dst []byte) []byte {
	d := c.svg
	if c.bars != nil {
		d = c.bars.svg()
		defer d.release()
	}
	if d.body == nil {
		return dst
	}
	// No xmlns: the HTML parser puts <svg> in the SVG namespace itself.
	dst = append(dst, `<svg class="chart-svg" viewBox="0 0 `...)
	dst = appendInt(dst, svgWidth)
	dst = append(dst, ' ')
	dst = appendInt(dst, d.h)
	dst = append(dst, `" width="`...)
	dst = appendInt(dst, svgWidth)
	dst = append(dst, `" height="`...)
	dst = appendInt(dst, d.h)
	dst = append(dst, `" role="img" aria-labelledby="`...)
	dst = appendXML(dst, c.ID)
	dst = append(dst, `-caption" font-size="`...)
	dst = appendInt(dst, fontSize)
	dst = append(dst, `" fill="`+inkColor+`">`...)
	if len(d.defs) > 0 {
		dst = append(dst, "<defs>"...)
		dst = c.appendWithID(dst, d.defs)
		dst = append(dst, "</defs>"...)
	}
	dst = c.appendWithID(dst, d.body)
	return append(dst, "</svg>"...)
}

// appendWithID appends b with the chart's id, escaped, for every idMark.
func (c *Chart) appendWithID(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, idMark)
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		dst = appendXML(dst, c.ID)
		b = b[i+1:]
	}
}

// SVG is AppendSVG into a string, for templates.
func (c *Chart) SVG() string { return string(c.AppendSVG(nil)) }

// svgw writes SVG elements into a byte slice; pat holds the drawing's
// patterns, shared by its writers.
type svgw struct {
	b    []byte
	pat  *patterns
	home *[]byte // the pool's holder of b, for a scratch writer
}

func newSVG(size int, pat *patterns) svgw { return svgw{b: make([]byte, 0, size), pat: pat} }

// scratchSVG is newSVG over a buffer kept between drawings, for a part
// of a drawing that is copied into another (a series' marks, the texts)
// or copied out at its end; putSVG gives the buffers back. A report has
// ~20 charts drawn in three or more parts each, and allocating each
// part afresh (sized by a generous hint) was most of what drawing the
// charts allocated.
func scratchSVG(size int, pat *patterns) svgw {
	bp := svgBuffers.Get().(*[]byte)
	return svgw{b: slices.Grow((*bp)[:0], size), pat: pat, home: bp}
}

// putSVG gives the buffers of scratch writers back; a rare large one is
// not kept.
func putSVG(ws ...svgw) {
	for _, w := range ws {
		if cap(w.b) <= maxScratchSVG {
			bp := w.home
			if bp == nil {
				bp = new([]byte)
			}
			*bp = w.b[:0]
			svgBuffers.Put(bp)
		}
	}
}

var svgBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxScratchSVG = 1 << 20

// sizeHint guesses the bytes of a drawing of the bars, so that each of
// its buffers is allocated once.
func (b *bars) svgSizeHint() int {
	n := 512
	for _, c := range b.Categories {
		n += len(c) + 40
	}
	for i := range b.Series {
		n += len(b.Series[i].Name) + 96
		for j := range b.Series[i].Texts {
			n += 2*len(b.Series[i].Texts[j]) + len(b.Categories[j]) + len(b.Series[i].Name) + 110
		}
	}
	return n
}

// num appends a coordinate rounded to a tenth of a unit, without a
// trailing ".0" (and never "-0").
func (w *svgw) num(f float64) {
	n := int64(math.Round(f * 10))
	if n < 0 {
		w.b = append(w.b, '-')
		n = -n
	}
	w.b = strconv.AppendInt(w.b, n/10, 10)
	if n%10 != 0 {
		w.b = append(w.b, '.', byte('0'+n%10))
	}
}

// attr writes a mark's coordinate (a tenth of a unit).
func (w *svgw) attr(name string, f float64) {
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, `="`...)
	w.num(f)
	w.b = append(w.b, '"')
}

// iattr writes a text's coordinate, to a whole unit: half a unit is
// about half a pixel on a phone, and most texts' decimals were bytes
// for nothing.
func (w *svgw) iattr(name string, f float64) {
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, `="`...)
	w.b = strconv.AppendInt(w.b, int64(math.Round(f)), 10)
	w.b = append(w.b, '"')
}

func (w *svgw) sattr(name, v string) {
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, `="`...)
	w.b = appendXML(w.b, v)
	w.b = append(w.b, '"')
}

// fill writes a mark's fill: its colour, or the pattern of kind on it.
func (w *svgw) fill(color string, kind int) {
	w.b = append(w.b, ` fill="`...)
	w.b = w.pat.paint(w.b, color, kind)
	w.b = append(w.b, '"')
}

// title closes a mark's start tag with its native tooltip, and the mark.
func (w *svgw) title(tag, tip string) {
	if tip == "" {
		w.b = append(w.b, "/>"...)
		return
	}
	w.b = append(w.b, "><title>"...)
	w.b = appendXML(w.b, tip)
	w.b = append(w.b, "</title></"...)
	w.b = append(w.b, tag...)
	w.b = append(w.b, '>')
}

// box starts a rectangle as a path ("M8 78h198.4v14H8z", shorter than a
// <rect>'s four attributes), open for a fill (else the group's) and its
// title, which closes it.
func (w *svgw) box(x, y, width, height float64) {
	w.b = append(w.b, `<path d="M`...)
	w.num(x)
	w.b = append(w.b, ' ')
	w.num(y)
	w.b = append(w.b, 'h')
	w.num(max(width, 0))
	w.b = append(w.b, 'v')
	w.num(max(height, 0))
	w.b = append(w.b, 'H')
	w.num(x)
	w.b = append(w.b, `z"`...)
}

// rect is a box with its own fill (pattern kind, or 0) and tooltip.
func (w *svgw) rect(x, y, width, height float64, fill string, kind int, tip string) {
	w.box(x, y, width, height)
	if fill != "" {
		w.fill(fill, kind)
	}
	w.title("path", tip)
}

func (w *svgw) line(x1, y1, x2, y2 float64, stroke string, width float64, dashed bool) {
	w.b = append(w.b, `<path d="M`...)
	w.num(x1)
	w.b = append(w.b, ' ')
	w.num(y1)
	switch {
	case y1 == y2:
		w.b = append(w.b, 'H')
		w.num(x2)
	case x1 == x2:
		w.b = append(w.b, 'V')
		w.num(y2)
	default:
		w.b = append(w.b, 'L')
		w.num(x2)
		w.b = append(w.b, ' ')
		w.num(y2)
	}
	w.b = append(w.b, '"')
	w.sattr("stroke", stroke)
	if width != 1 {
		w.attr("stroke-width", width)
	}
	if dashed {
		w.b = append(w.b, ` stroke-dasharray="5 3"`...)
	}
	w.b = append(w.b, "/>"...)
}

// open starts a group of the given attributes (written as they are).
func (w *svgw) open(attrs string) {
	w.b = append(w.b, "<g"...)
	w.b = append(w.b, attrs...)
	w.b = append(w.b, '>')
}

func (w *svgw) close() { w.b = append(w.b, "</g>"...) }

// group appends g's elements inside a group of attrs, if there are any.
func (w *svgw) group(attrs string, g []byte) {
	if len(g) == 0 {
		return
	}
	w.open(attrs)
	w.b = append(w.b, g...)
	w.close()
}

// textOpts are a text's presentation beyond its group's.
type textOpts struct {
	anchor string // "", "middle", "end"
	fill   string // "" inherits the group's
	bold   bool
	size   int // 0 inherits fontSize
}

func (w *svgw) text(x, y float64, s string, o textOpts) {
	if s == "" {
		return
	}
	w.b = append(w.b, "<text"...)
	w.iattr("x", x)
	w.iattr("y", y)
	if o.anchor != "" {
		w.sattr("text-anchor", o.anchor)
	}
	if o.fill != "" {
		w.sattr("fill", o.fill)
	}
	if o.bold {
		w.b = append(w.b, ` font-weight="700"`...)
	}
	if o.size != 0 {
		w.b = append(w.b, ` font-size="`...)
		w.b = appendInt(w.b, o.size)
		w.b = append(w.b, '"')
	}
	w.b = append(w.b, '>')
	w.b = appendXML(w.b, s)
	w.b = append(w.b, "</text>"...)
}

// patterns are the fills of a drawing that carry a pattern, each defined
// once (in <defs>) as a tile of its colour with the pattern over it.
type patterns struct {
	keys []patKey
	defs []byte
}

type patKey struct {
	fill string
	kind int
}

// patternKinds is how many patterns there are, kind 0 (none) included.
const patternKinds = 7

// kindOf is the pattern of a colour: its place in the palette, so that a
// fund source has the same pattern wherever it has the same colour (中央
// plain, 省 hatched, 市 dotted, 县 hatched the other way); else that of
// the series' place (i).
func kindOf(color string, i int) int {
	for k, p := range Palette {
		if strings.EqualFold(p, color) {
			return k % patternKinds
		}
	}
	return i % patternKinds
}

// paint appends the value of a fill attribute: the colour itself for
// kind 0, else a reference to the pattern of kind on it.
func (p *patterns) paint(dst []byte, color string, kind int) []byte {
	if kind <= 0 || p == nil {
		return appendXML(dst, color)
	}
	k := slices.Index(p.keys, patKey{color, kind})
	if k < 0 {
		k = len(p.keys)
		p.keys = append(p.keys, patKey{color, kind})
		p.define(k, color, kind)
	}
	dst = append(dst, "url(#"...)
	dst = append(dst, idMark, '_')
	dst = strconv.AppendInt(dst, int64(k), 10)
	return append(dst, ')')
}

// define writes pattern k: a 6-unit tile of the colour, and over it thin
// lines or dots in a faint ink: white on a dark colour, black on a light
// one (as ECharts' decals, in the option, are faint): the marks keep
// their colour on screen and become lighter or darker greys with a
// texture on grey paper. Texts never stand on a pattern without a halo
// of the tile's colour.
func (p *patterns) define(k int, color string, kind int) {
	b := append(p.defs, `<pattern id="`...)
	b = append(b, idMark, '_')
	b = strconv.AppendInt(b, int64(k), 10)
	b = append(b, `" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 0h6v6H0z" fill="`...)
	b = appendXML(b, color)
	b = append(b, `"/>`...)
	ink, dot := ` stroke="#fff9"`, ` fill="#fff9"` // white at 60 %
	if luminance(color) > 0.3 {
		ink, dot = ` stroke="#0004"`, ` fill="#0004"` // black at 27 %
	}
	switch kind {
	case 1: // "/"
		b = append(b, `<path d="M-1 1l2-2M0 6l6-6M5 7l2-2"`+ink+`/>`...)
	case 2: // dots
		b = append(b, `<circle cx="3" cy="3" r="1.3"`+dot+`/>`...)
	case 3: // "\"
		b = append(b, `<path d="M-1 5l2 2M0 0l6 6M5-1l2 2"`+ink+`/>`...)
	case 4: // across
		b = append(b, `<path d="M0 3h6"`+ink+`/>`...)
	case 5: // both diagonals
		b = append(b, `<path d="M-1 1l2-2M0 6l6-6M5 7l2-2M-1 5l2 2M0 0l6 6M5-1l2 2"`+ink+`/>`...)
	default: // upright
		b = append(b, `<path d="M3 0v6"`+ink+`/>`...)
	}
	p.defs = append(b, "</pattern>"...)
}

// appendXML appends s escaped for XML and HTML text and attribute
// values: & < > " ' as entities; what XML cannot hold (control
// characters but tab, newline and return; invalid UTF-8; U+FFFE, U+FFFF)
// as U+FFFD, and newlines as spaces.
func appendXML(dst []byte, s string) []byte {
	if xmlPlain(s) {
		return append(dst, s...)
	}
	return appendXMLSlow(dst, s)
}

// xmlSpecial marks the ASCII bytes appendXML does not copy as they are.
var xmlSpecial = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c < 0x20 || c == 0x7f || strings.IndexByte(`&<>"'`, byte(c)) >= 0
	}
	return t
}()

// xmlPlain reports whether appendXML would copy s as it is: valid UTF-8
// without a byte to escape, a C1 control (U+0080–U+009F) or U+FFFE and
// U+FFFF. Most texts of a drawing are Chinese and full-width signs,
// whose three bytes a character (lead bytes E1–EF but ED, which with
// any two continuation bytes are well formed) it checks without
// decoding them.
func xmlPlain(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if xmlSpecial[c] {
				return false
			}
			i++
		case c >= 0xE1 && c <= 0xEF && c != 0xED:
			if i+2 >= len(s) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 ||
				c == 0xEF && s[i+1] == 0xBF && s[i+2] >= 0xBE {
				return false
			}
			i += 3
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF || r >= 0x80 && r <= 0x9F {
				return false
			}
			i += size
		}
	}
	return true
}

// appendXMLSlow is appendXML rune by rune.
func appendXMLSlow(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				dst = append(dst, "&amp;"...)
			case c == '<':
				dst = append(dst, "&lt;"...)
			case c == '>':
				dst = append(dst, "&gt;"...)
			case c == '"':
				dst = append(dst, "&#34;"...)
			case c == '\'':
				dst = append(dst, "&#39;"...)
			case c == '\n' || c == '\r' || c == '\t':
				dst = append(dst, ' ')
			case c < 0x20 || c == 0x7f:
				dst = append(dst, "\uFFFD"...)
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF || r >= 0x80 && r <= 0x9F {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// runeWidth estimates a character's advance in ems in the site's CJK
// fonts: a CJK character or full-width sign 1 em, Latin letters and
// digits a little over half, narrow punctuation a third; measured in
// Noto Sans CJK SC (digits 0.555, % 0.921, . and , 0.278), rounded up.
func runeWidth(r rune) float64 {
	switch {
	case r >= 0x2E80 || r == '…' || r == '—' || r == '▶':
		return 1
	case r == '\t' || r == '\n' || r == '\r': // drawn as spaces (appendXML)
		return 0.32
	case r < 0x20 || r == 0x7f: // drawn as U+FFFD
		return 1
	case r == ' ' || r == '.' || r == ',' || r == ':' || r == ';' || r == '|' || r == '!' || r == '\'' || r == 'i' || r == 'l' || r == 'j' || r == '(' || r == ')':
		return 0.32
	case r == '%': // 0.92 em in Noto Sans CJK SC, as measured in Chromium
		return 0.92
	case r == 'm' || r == 'w' || r == 'M' || r == 'W':
		return 0.86
	case r >= 'A' && r <= 'Z':
		return 0.66
	case r < 0x80:
		return 0.58
	}
	return 1
}

// textW estimates the width of s in user units at the root's font size.
func textW(s string) float64 {
	w := 0.0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			w += asciiWidth[c]
			i++
		case c >= 0xE1 && c <= 0xEF && c != 0xED:
			// Three bytes of a character past U+1000 (xmlPlain): Chinese.
			if i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
				w += 1 // runeWidth of every rune past ASCII
				i += 3
				continue
			}
			fallthrough
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			w += runeWidth(r)
			i += size
		}
	}
	return w * fontSize
}

// asciiWidth is runeWidth of each ASCII character.
var asciiWidth = func() (t [utf8.RuneSelf]float64) {
	for c := range t {
		t[c] = runeWidth(rune(c))
	}
	return t
}()

// fit cuts s to at most width units, ending it with … when cut; "" when
// not even one character and the ellipsis fit.
func fit(s string, width float64) string {
	if textW(s) <= width {
		return s
	}
	room := width - fontSize // the ellipsis
	used := 0.0
	for i, r := range s {
		used += runeWidth(r) * fontSize
		if used > room {
			if i == 0 {
				return ""
			}
			return s[:i] + "…"
		}
	}
	return s
}

// wrap breaks s into lines of at most width units (anywhere: Chinese has
// no spaces), at most n lines, the last cut short with … when s is longer.
func wrap(s string, width float64, n int) []string { return appendWrap(nil, s, width, n) }

// appendWrap appends wrap's lines to lines.
func appendWrap(lines []string, s string, width float64, n int) []string {
	n += len(lines)
	for s != "" && len(lines) < n-1 && textW(s) > width {
		used, cut := 0.0, len(s)
		for i, r := range s {
			used += runeWidth(r) * fontSize
			if used > width {
				cut = i
				break
			}
		}
		if cut == 0 {
			break
		}
		lines = append(lines, s[:cut])
		s = s[cut:]
	}
	if s != "" {
		lines = append(lines, fit(s, width))
	}
	return lines
}

// value reads a shape's value for its geometry: a json.Number as a float
// (positions only; the texts shown are the shape's), or false for no value.
func value(v json.Number) (float64, bool) {
	if v == noValue {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// vals are the bars' values read once for a drawing (value, which
// parses each number): v[i*n+j] is series i's at category j, NaN where
// it has none (value never gives NaN).
type vals struct {
	v []float64
	n int
}

func (b *bars) read() vals {
	n := len(b.Categories)
	p := vals{v: make([]float64, len(b.Series)*n), n: n}
	for i := range b.Series {
		for j := range n {
			f, ok := value(b.Series[i].Values[j])
			if !ok {
				f = math.NaN()
			}
			p.v[i*n+j] = f
		}
	}
	return p
}

// at is value of series i at category j.
func (p vals) at(i, j int) (float64, bool) {
	f := p.v[i*p.n+j]
	return f, !math.IsNaN(f)
}

// seriesColor is series i's fill: its fixed colour, else the palette's.
func (b *bars) seriesColor(i int) string {
	if c := b.Series[i].Color; c != "" {
		return c
	}
	return Palette[i%len(Palette)]
}

// seriesKind is series i's pattern: none when there is one series (its
// colour tells nothing apart), else its colour's.
func (b *bars) seriesKind(i int) int {
	if len(b.Series) < 2 {
		return 0
	}
	return kindOf(b.seriesColor(i), i)
}

// tipTitle closes a mark's start tag with its native tooltip, and the
// mark (as title does): the category, the series when there are
// several, and the value as shown (with its unit where the shape has
// one). Written part by part: the parts meet at whole characters, so
// each escaped alone gives the bytes of the whole escaped.
func (w *svgw) tipTitle(tag string, b *bars, i, j int) {
	s := &b.Series[i]
	t := s.Texts[j]
	if s.Tips != nil && s.Tips[j] != "" {
		t = s.Tips[j]
	}
	if t == "" {
		w.b = append(w.b, "/>"...)
		return
	}
	w.b = append(w.b, "><title>"...)
	w.b = appendXML(w.b, b.Categories[j])
	if len(b.Series) > 1 {
		w.b = append(w.b, " · "...)
		w.b = appendXML(w.b, s.Name)
	}
	w.b = append(w.b, "："...)
	w.b = appendXML(w.b, t)
	w.b = append(w.b, "</title></"...)
	w.b = append(w.b, tag...)
	w.b = append(w.b, '>')
}

// legendSwatch is the side of a legend's square: large enough to show a
// few strokes of its pattern.
const legendSwatch = 12.0

// legend draws a legend of named colours (swatches into w, names into
// texts) from y (the top of its first line) across the chart, flowing
// into as many lines as it needs, and returns the y below it. The names'
// boxes go to p, when there is one.
func legend(w, texts *svgw, p *placer, y float64, names, colors []string, kinds []int) float64 {
	const line, sw = 18.0, legendSwatch
	x := float64(svgPad)
	for i, n := range names {
		n = fit(n, svgWidth-2*svgPad-sw-4)
		width := sw + 4 + textW(n)
		if x > svgPad && x+width > svgWidth-svgPad {
			x, y = svgPad, y+line
		}
		w.rect(x, y+2, sw, sw, colors[i], kinds[i], "")
		texts.text(x+sw+4, y+12, n, textOpts{})
		if p != nil {
			p.boxes = append(p.boxes, box{x + sw + 4, y + 1, textW(n), fontSize})
		}
		x += width + 14
	}
	return y + line + 4
}

// svg draws the bars (or lines) for a phone: horizontal bars as rows
// of a name above its bars, each bar's text after its end; vertical bars
// and lines over a value axis with ticks.
func (b *bars) svg() svgDoc {
	if b.Horizontal && !b.Line {
		return b.svgRows()
	}
	return b.svgColumns()
}

// extent is the value axis: from the least to the greatest value, with 0
// and the reference line in it, to the fixed end where there is one.
func (b *bars) extent(pv vals) (lo, hi float64) {
	stacks := b.stacked()
	pos, neg := make([]float64, len(b.Series)), make([]float64, len(b.Series))
	for j := range b.Categories {
		clear(pos)
		clear(neg)
		for i := range b.Series {
			v, ok := pv.at(i, j)
			if !ok {
				continue
			}
			slot := stacks[i]
			if v >= 0 {
				pos[slot] += v
				hi = max(hi, pos[slot])
			} else {
				neg[slot] += v
				lo = min(lo, neg[slot])
			}
		}
	}
	if b.Ref != nil {
		if v, ok := value(b.Ref.Value); ok {
			hi, lo = max(hi, v), min(lo, v)
		}
	}
	if m, ok := value(b.Max); ok && b.Max != "" {
		hi = max(hi, m)
	}
	if hi == lo {
		hi = lo + 1
	}
	return lo, hi
}

// stacked gives each series its slot: series of one stack share one.
func (b *bars) stacked() []int {
	slots := make([]int, len(b.Series))
	byStack := map[string]int{}
	n := 0
	for i, s := range b.Series {
		if s.Stack != "" {
			if k, ok := byStack[s.Stack]; ok {
				slots[i] = k
				continue
			}
			byStack[s.Stack] = n
		}
		slots[i] = n
		n++
	}
	return slots
}

// slotCount is how many slots stacked gives the series (one a stack, one
// a series outside any), counted without its slice and map.
func (b *bars) slotCount() int {
	n := 0
	for i, s := range b.Series {
		first := true
		for _, e := range b.Series[:i] {
			if s.Stack != "" && e.Stack == s.Stack {
				first = false
				break
			}
		}
		if first {
			n++
		}
	}
	return n
}

func (b *bars) legendNames() (names, colors []string, kinds []int) {
	for i, s := range b.Series {
		names = append(names, s.Name)
		colors = append(colors, b.seriesColor(i))
		kinds = append(kinds, b.seriesKind(i))
	}
	return names, colors, kinds
}

// seriesGroups appends each series' marks in a group of its fill.
func (b *bars) seriesGroups(w *svgw, marks []svgw) {
	for i := range marks {
		if len(marks[i].b) == 0 {
			continue
		}
		w.b = append(w.b, "<g"...)
		w.fill(b.seriesColor(i), b.seriesKind(i))
		w.b = append(w.b, '>')
		w.b = append(w.b, marks[i].b...)
		w.close()
	}
}

// legends are the legends of bars drawn as rows, drawn once a build for
// each set of series' names, colours and patterns (a report draws the
// same few legends on most of its charts): marks, texts, the patterns
// they defined, and the y below them. At most maxLegends are kept.
var legends struct {
	sync.RWMutex
	m map[string]*legendDrawing
}

const maxLegends = 512

type legendDrawing struct {
	marks, texts, defs []byte
	keys               []patKey // capped at their length: a drawing appending to them copies them
	y                  float64
}

// rowsLegend puts the legend of the bars at the top of a drawing of rows
// (legend from y 4, no placer), w and texts still empty and their
// patterns none, and returns the y below it.
func (b *bars) rowsLegend(w, texts *svgw) float64 {
	var kb [256]byte
	key := kb[:0]
	for i := range b.Series { // each text after its length: no two sets share a key
		name, color := b.Series[i].Name, b.seriesColor(i)
		key = append(strconv.AppendInt(key, int64(len(name)), 10), ':')
		key = append(strconv.AppendInt(append(key, name...), int64(len(color)), 10), ':')
		key = append(append(key, color...), byte('0'+b.seriesKind(i)))
	}
	legends.RLock()
	l := legends.m[string(key)]
	legends.RUnlock()
	if l == nil {
		pat := &patterns{}
		lw, lt := svgw{pat: pat}, svgw{pat: pat}
		names, colors, kinds := b.legendNames()
		y := legend(&lw, &lt, nil, 4, names, colors, kinds)
		l = &legendDrawing{marks: lw.b, texts: lt.b, defs: pat.defs, keys: slices.Clip(pat.keys), y: y}
		legends.Lock()
		if legends.m == nil {
			legends.m = map[string]*legendDrawing{}
		}
		if len(legends.m) < maxLegends {
			legends.m[string(key)] = l
		}
		legends.Unlock()
	}
	w.b = append(w.b, l.marks...)
	texts.b = append(texts.b, l.texts...)
	w.pat.defs = append(w.pat.defs, l.defs...)
	w.pat.keys = l.keys
	return l.y
}

// svgRows draws horizontal bars: each category's name on a line of its
// own across the chart (two lines at most, then cut short with …), its
// bars below it, one a slot, and each bar's text after its end. A value
// the report did not publish draws no bar; its text (未公开) stands at 0.
func (b *bars) svgRows() svgDoc {
	hint := b.svgSizeHint()
	defs := scratchSVG(1024, nil)
	pat := &patterns{defs: defs.b}
	w := scratchSVG(hint, pat)
	texts := scratchSVG(hint/2, pat)
	y := 4.0
	if len(b.Series) > 1 {
		y = b.rowsLegend(&w, &texts)
	}
	pv := b.read()
	lo, hi := b.extent(pv)
	slots, nslots := b.stacked(), b.slotCount()
	// Room for the texts after the bars' ends (and before, for negative
	// values), at most 45% of the width: a longer text goes on a line of
	// its own below its bar.
	plot := float64(svgWidth - 2*svgPad)
	right, left := 0.0, 0.0
	for i := range b.Series {
		for j, t := range b.Series[i].Texts {
			if !b.Labels && b.Series[i].Values[j] != noValue {
				continue
			}
			if v, ok := pv.at(i, j); ok && v < 0 {
				left = max(left, textW(t)+4)
			} else {
				right = max(right, textW(t)+4)
			}
		}
	}
	right, left = min(right, 0.45*plot), min(left, 0.3*plot)
	x0, x1 := float64(svgPad)+left, float64(svgWidth-svgPad)-right
	x := func(v float64) float64 { return x0 + float64((v-lo)/(hi-lo))*(x1-x0) }

	const barH, barGap, nameLine, rowGap = 14.0, 3.0, 16.0, 10.0
	refTop := y
	if b.Ref != nil {
		y += 16 // the reference line's label
	}
	top := y
	// One group of marks a series (its fill written once).
	// marks, labels and the stacks' ends are the drawing's own: on the
	// stack for the usual few series, not blocks each chart.
	var marksBuf [4]svgw
	marks := marksBuf[:0]
	if len(b.Series) > len(marksBuf) {
		marks = make([]svgw, 0, len(b.Series))
	}
	marks = marks[:len(b.Series)]
	for i := range marks {
		marks[i] = scratchSVG(hint/(2*len(b.Series)), pat)
	}
	defer putSVG(marks...)
	type label struct {
		x, y float64
		s    string
		o    textOpts
	}
	var labelsBuf [8]label
	labels := labelsBuf[:0]
	var lines [2]string
	var posBuf, negBuf [4]float64
	pos, neg := posBuf[:0], negBuf[:0]
	if nslots > len(posBuf) {
		pos, neg = make([]float64, 0, nslots), make([]float64, 0, nslots)
	}
	pos, neg = pos[:nslots], neg[:nslots]
	for j, c := range b.Categories {
		for _, l := range appendWrap(lines[:0], c, plot, 2) {
			texts.text(svgPad, y+12, l, textOpts{})
			y += nameLine
		}
		y += 2
		clear(pos)
		clear(neg)
		labels = labels[:0]
		for slot := 0; slot < nslots; slot++ {
			below := false
			for i := range b.Series {
				if slots[i] != slot {
					continue
				}
				s := &b.Series[i]
				t := s.Texts[j]
				v, ok := pv.at(i, j)
				if !ok {
					if t != "" && t != "—" || t == "—" && b.Labels {
						labels = append(labels, label{x(0) + 4, y + barH - 3, t, textOpts{fill: mutedColor}})
					}
					continue
				}
				from, to := stackOn(pos, neg, slot, v)
				xa, xb := x(min(from, to)), x(max(from, to))
				marks[i].box(xa, y, max(xb-xa, 0.5), barH)
				marks[i].tipTitle("path", b, i, j)
				if !b.Labels || t == "" {
					continue
				}
				switch {
				case v < 0 && xa-4-textW(t) >= 0:
					labels = append(labels, label{xa - 4, y + barH - 3, t, textOpts{anchor: "end"}})
				case v >= 0 && xb+4+textW(t) <= svgWidth-svgPad+0.5:
					labels = append(labels, label{xb + 4, y + barH - 3, t, textOpts{}})
				default: // no room beside the bar: below it
					labels = append(labels, label{x0, y + barH + 13, t, textOpts{}})
					below = true
				}
			}
			y += barH + barGap
			if below {
				y += 15
			}
		}
		for _, l := range labels {
			texts.text(l.x, l.y, l.s, l.o)
		}
		y += rowGap - barGap
	}
	bottom := y - rowGap + barGap
	// The axis at 0, the bars, the reference line over them, and every
	// text over all, in white halos.
	w.line(x(0), top, x(0), bottom, axisColor, 1, false)
	b.seriesGroups(&w, marks)
	if b.Ref != nil {
		if v, ok := value(b.Ref.Value); ok {
			w.line(x(v), top-2, x(v), bottom, refColor, 1.5, true)
			texts.text(x(v), refTop+12, b.Ref.Label, textOpts{anchor: "middle", fill: refColor})
		}
	}
	w.group(whiteHalo, texts.b)
	putSVG(texts)
	return svgDoc{h: int(math.Ceil(bottom + 6)), defs: pat.defs, body: w.b, pooled: true, homes: [2]*[]byte{defs.home, w.home}}
}

// liveHeight is the least height in pixels in which ECharts can draw
// horizontal bars' option (shapes.go) in the chart's box, whatever its
// width (the option's media rule, maxWidth 520, holds in every box of at
// most 30rem): the grid's margins (28 above, the legend's 36 or 8 below),
// the value axis' labels, and a band for each category, all of one
// height, that holds a category's bars at a readable thickness (ECharts
// leaves 20 % of the band around them and 30 % of a bar between two), its
// name as ECharts breaks it (84 wide, 15 a line) and its bars' labels,
// broken onto lines phoneLabel wide where they are longer than the room
// beside the bars. A drawing of one project is about 90 high: ECharts had
// no room for its bars and dropped their labels (未公开 among them); names
// and labels of several lines ran into each other.
func (b *bars) liveHeight() int {
	h := 28.0 + 8 + 22
	if len(b.Series) > 1 {
		h += 28
	}
	n := float64(b.slotCount())
	broken := b.labelRoom() > phoneRight
	band := 15 * (1.3*n - 0.3)
	for j, c := range b.Categories {
		labels := 1
		if broken {
			for i := range b.Series {
				labels = max(labels, brokenLines(b.Series[i].Texts[j], phoneLabel))
			}
		}
		band = max(band, 15*float64(brokenLines(c, 84))+4, n*float64(15*labels)+4)
	}
	// ECharts gives every category a band of the same height.
	return int(math.Ceil(h + band*float64(len(b.Categories))))
}

// AppendRoom appends what keeps the chart's box tall enough for ECharts'
// drawing of it (liveHeight), which lies over the static drawing in the
// same box (so that nothing moves when a reader reaches for it): an empty
// <svg class="chart-room"> 1 wide and that high, beside the drawing
// (style.css centres the drawing in the box, and leaves the room out on
// paper). A pixel height, not a taller drawing: the drawing scales with
// the box's width, ECharts' layout does not. Nothing for other charts.
func (c *Chart) AppendRoom(dst []byte) []byte {
	if c.bars == nil || !c.bars.Horizontal {
		return dst
	}
	dst = append(dst, `<svg class="chart-room" width="1" height="`...)
	dst = appendInt(dst, c.bars.liveHeight())
	return append(dst, `" aria-hidden="true" focusable="false"></svg>`...)
}

// brokenLines is how many lines ECharts breaks s into at width (an axis
// label with overflow "break"): a character goes onto the next line when
// it does not fit, which a Chinese character of 12 exactly at the end of
// 84 does not, as set in Chromium.
func brokenLines(s string, width float64) int {
	lines, used := 1, 0.0
	for _, r := range s {
		w := runeWidth(r) * fontSize
		if used > 0 && used+w > width-0.5 {
			lines, used = lines+1, 0
		}
		used += w
	}
	return lines
}

// ticks are round values across [lo, hi], about four steps.
func ticks(lo, hi float64) (vals []float64, decimals int) {
	raw := (hi - lo) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	decimals = max(0, -int(math.Floor(math.Log10(step))))
	if step/math.Pow(10, math.Floor(math.Log10(step))) == 2.5 {
		decimals = max(decimals, 1-int(math.Floor(math.Log10(step))))
	}
	for t := math.Floor(lo/step) * step; t <= hi+step*1e-9; t += step {
		vals = append(vals, t)
	}
	if len(vals) > 0 && vals[len(vals)-1] < hi-step*1e-9 {
		vals = append(vals, vals[len(vals)-1]+step)
	}
	return vals, decimals
}

// tickText writes an axis tick, a round number of the scale (not a
// figure of the report), grouped by thousands.
func tickText(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if s == "-0" || strings.Trim(s, "-0.") == "" {
		return "0"
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, dot := strings.Cut(s, ".")
	if dot {
		frac = "." + frac
	}
	return sign + budget.Group(intPart) + frac
}

// catLayout is how the categories along the bottom of columns are
// labelled: every step-th (counting back from the last, the newest year,
// which is always labelled) on as many lines as lines[j] holds, centred
// on xs[j]. Lines are only ever wrapped or thinned, never turned: CJK set
// sideways or at a slant is hard to read.
type catLayout struct {
	step  int
	lines [][]string // nil for a category without a label
	xs    []float64
}

// catGap is the least room between two labels along the bottom.
const catGap = 6.0

// layoutCats labels n categories centred at cx(j), slotW apart: each on
// one line when every label fits its slot, else every other one (a year
// between two labelled years needs no label), every third, then each on
// two lines, every fourth on one, every other on two, and so on: the
// first of these whose labels, kept inside the chart, are at least
// catGap apart. When even the last alone does not
// fit, it is cut short with … (the table and the tooltips name them all).
func layoutCats(cats []string, cx func(int) float64, slotW float64) catLayout {
	n := len(cats)
	try := func(step, nlines int, cut bool) (catLayout, bool) {
		l := catLayout{step: step, lines: make([][]string, n), xs: make([]float64, n)}
		room := min(float64(step)*slotW-catGap, svgWidth-4)
		prevEnd := math.Inf(-1)
		for j := range cats {
			if (n-1-j)%step != 0 {
				continue
			}
			lines := wrap(cats[j], room, nlines)
			if !cut && strings.Join(lines, "") != cats[j] {
				return l, false
			}
			width := 0.0
			for _, s := range lines {
				width = max(width, textW(s))
			}
			// Kept inside the chart: a long label at either end moves in.
			x := min(max(cx(j), 2+width/2), svgWidth-2-width/2)
			if x-width/2 < prevEnd+catGap {
				return l, false
			}
			prevEnd = x + width/2
			l.lines[j], l.xs[j] = lines, x
		}
		return l, true
	}
	// One line every s-th before two lines every (s-2)-th: "2012年" broken
	// after its digits reads worse than a year left out between two.
	for s := 1; s <= n+2; s++ {
		if s <= n {
			if l, ok := try(s, 1, false); ok {
				return l
			}
		}
		if s > 2 {
			if l, ok := try(s-2, 2, false); ok {
				return l
			}
		}
	}
	l, _ := try(max(n, 1), 2, true)
	return l
}

// height is how many lines the layout's tallest label takes.
func (l catLayout) height() int {
	h := 1
	for _, ls := range l.lines {
		h = max(h, len(ls))
	}
	return h
}

// placer keeps texts of a chart apart: a text goes where it overlaps none
// placed before it (its box estimated by textW), else nowhere.
type placer struct{ boxes []box }

// textBox is the box of a text of the root's size at (x, y), anchored
// in the middle, with a unit of room on each side and three between
// lines (baselines 15 units apart at least: CJK glyphs fill their em).
func textBox(x, y float64, s string) box {
	w := textW(s)
	return box{x - w/2 - 1, y - fontSize, w + 2, fontSize + 3}
}

func (p *placer) free(r box) bool {
	for _, o := range p.boxes {
		if r.x < o.x+o.w && o.x < r.x+r.w && r.y < o.y+o.h && o.y < r.y+r.h {
			return false
		}
	}
	return true
}

// place reports whether a text fits at y, else at y2 (when alt), keeps
// its box, and says at which y.
func (p *placer) place(x, y, y2 float64, alt bool, s string) (float64, bool) {
	if r := textBox(x, y, s); p.free(r) {
		p.boxes = append(p.boxes, r)
		return y, true
	}
	if r := textBox(x, y2, s); alt && p.free(r) {
		p.boxes = append(p.boxes, r)
		return y2, true
	}
	return 0, false
}

// svgColumns draws vertical bars or lines over categories along the
// bottom (years), a value axis of round ticks on the left, the legend
// above. Texts over the columns or points that would overlap are left
// out, the newest first placed: the table and each mark's tooltip hold
// every value.
func (b *bars) svgColumns() svgDoc {
	hint := b.svgSizeHint()
	defs := scratchSVG(1024, nil)
	pat := &patterns{defs: defs.b}
	w := scratchSVG(hint, pat)
	texts := scratchSVG(hint/2, pat)
	var p placer // every text's box, so that values' texts overlap none
	y := 4.0
	if len(b.Series) > 1 {
		names, colors, kinds := b.legendNames()
		y = legend(&w, &texts, &p, y, names, colors, kinds)
	}
	pv := b.read()
	lo, hi := b.extent(pv)
	vals, dec := ticks(lo, hi)
	lo, hi = min(lo, vals[0]), max(hi, vals[len(vals)-1])
	tickW := 0.0
	tickTexts := make([]string, len(vals))
	for k, v := range vals {
		tickTexts[k] = tickText(v, dec)
		tickW = max(tickW, textW(tickTexts[k]))
	}
	top := y + 14 // room for the texts above the highest point
	const plotH = 170.0
	bottom := top + plotH
	x0, x1 := float64(svgPad)+tickW+6, float64(svgWidth-svgPad)
	yv := func(v float64) float64 { return bottom - float64((v-lo)/(hi-lo))*plotH }
	// The grid, one path.
	w.b = append(w.b, `<path stroke="`+gridColor+`" d="`...)
	texts.open(` font-size="11" fill="` + mutedColor + `" text-anchor="end"`)
	for k, v := range vals {
		w.b = append(w.b, 'M')
		w.num(x0)
		w.b = append(w.b, ' ')
		w.num(yv(v))
		w.b = append(w.b, 'H')
		w.num(x1)
		texts.text(x0-5, yv(v)+4, tickTexts[k], textOpts{})
		tw := textW(tickTexts[k]) * 11 / fontSize
		p.boxes = append(p.boxes, box{x0 - 5 - tw, yv(v) - 6, tw, 11})
	}
	texts.close()
	w.b = append(w.b, `"/>`...)
	w.line(x0, yv(0), x1, yv(0), axisColor, 1, false)
	n := len(b.Categories)
	slotW := (x1 - x0) / float64(max(n, 1))
	cx := func(j int) float64 { return x0 + slotW*(float64(j)+0.5) }
	cats := layoutCats(b.Categories, cx, slotW)
	texts.open(` text-anchor="middle"`)
	for j := range b.Categories {
		for k, l := range cats.lines[j] {
			texts.text(cats.xs[j], bottom+16+14*float64(k), l, textOpts{})
			p.boxes = append(p.boxes, textBox(cats.xs[j], bottom+16+14*float64(k), l))
		}
	}
	// The values' texts, placed from the newest back where they overlap
	// no other, written in the categories' order.
	type vlabel struct {
		x, y float64
		s    string
		fill string
	}
	var cands []vlabel
	if b.Line {
		for i := range b.Series {
			color := b.seriesColor(i)
			kind := b.seriesKind(i)
			var pts []float64
			flush := func() {
				if len(pts) >= 4 {
					w.b = append(w.b, `<polyline fill="none"`...)
					w.sattr("stroke", color)
					w.b = append(w.b, ` stroke-width="2"`...)
					if kind > 0 { // several lines: dashed all but the first
						w.b = append(w.b, ` stroke-dasharray="`...)
						w.b = strconv.AppendInt(w.b, int64(2+2*kind), 10)
						w.b = append(w.b, ` 3"`...)
					}
					w.b = append(w.b, ` points="`...)
					for k := 0; k < len(pts); k += 2 {
						if k > 0 {
							w.b = append(w.b, ' ')
						}
						w.num(pts[k])
						w.b = append(w.b, ',')
						w.num(pts[k+1])
					}
					w.b = append(w.b, `"/>`...)
				}
				pts = pts[:0]
			}
			for j := range b.Categories {
				v, ok := pv.at(i, j)
				if !ok { // no line across a year without a value
					flush()
					continue
				}
				pts = append(pts, cx(j), yv(v))
			}
			flush()
			open := false
			for j := range b.Categories {
				t := b.Series[i].Texts[j]
				v, ok := pv.at(i, j)
				if !ok {
					if b.Labels && t != "" {
						cands = append(cands, vlabel{cx(j), yv(0) - 6, t, mutedColor})
					}
					continue
				}
				if !open {
					w.b = append(w.b, `<g`...)
					w.sattr("fill", color)
					w.b = append(w.b, ` stroke="#fff" stroke-width="1.5">`...)
					open = true
				}
				w.b = append(w.b, "<circle"...)
				w.attr("cx", cx(j))
				w.attr("cy", yv(v))
				w.b = append(w.b, ` r="4"`...)
				w.tipTitle("circle", b, i, j)
				if b.Labels {
					cands = append(cands, vlabel{cx(j), yv(v) - 8, t, ""})
				}
			}
			if open {
				w.close()
			}
		}
	} else {
		slots, nslots := b.stacked(), b.slotCount()
		barW := min(28, slotW*0.7/float64(nslots))
		marks := make([]svgw, len(b.Series))
		for i := range marks {
			marks[i] = scratchSVG(hint/(2*len(b.Series)), pat)
		}
		defer putSVG(marks...)
		for j := range b.Categories {
			pos, neg := make([]float64, nslots), make([]float64, nslots)
			for i := range b.Series {
				slot := slots[i]
				bx := cx(j) - barW*float64(nslots)/2 + barW*float64(slot)
				t := b.Series[i].Texts[j]
				v, ok := pv.at(i, j)
				if !ok {
					if b.Labels && t != "" {
						cands = append(cands, vlabel{bx + barW/2, yv(0) - 4, t, mutedColor})
					}
					continue
				}
				from, to := stackOn(pos, neg, slot, v)
				ya, yb := yv(max(from, to)), yv(min(from, to))
				marks[i].box(bx, ya, barW, max(yb-ya, 0.5))
				marks[i].tipTitle("path", b, i, j)
				if b.Labels && t != "" {
					if v >= 0 {
						cands = append(cands, vlabel{bx + barW/2, ya - 4, t, ""})
					} else {
						cands = append(cands, vlabel{bx + barW/2, yb + 13, t, ""})
					}
				}
			}
		}
		b.seriesGroups(&w, marks)
	}
	// The reference line's label first: it stays.
	refY, refDY, hasRef := 0.0, 0.0, false
	if b.Ref != nil {
		if v, ok := value(b.Ref.Value); ok {
			// Below the line at its right end, or above it near the bottom.
			refY, refDY, hasRef = yv(v), 14.0, true
			if refY+refDY > bottom-2 {
				refDY = -4
			}
			tw := textW(b.Ref.Label)
			p.boxes = append(p.boxes, box{x1 - tw - 1, refY + refDY - fontSize + 1, tw + 2, fontSize + 2},
				box{x0, refY - 1, x1 - x0, 2}) // no value's text across the line

		}
	}
	// Newest first; a point's text may go below it when above is taken.
	placed := make([]float64, len(cands))
	shown := make([]bool, len(cands))
	for k := len(cands) - 1; k >= 0; k-- {
		c := &cands[k]
		// Inside the plot: a text wider than its column moves in from
		// either end; one wider than the plot is left out (never cut).
		tw := textW(c.s)
		if tw > svgWidth-2-x0 {
			continue
		}
		c.x = min(max(c.x, x0+tw/2), svgWidth-2-tw/2)
		below := b.Line && c.fill == "" && c.y+24 <= bottom
		placed[k], shown[k] = p.place(c.x, c.y, c.y+24, below, c.s)
	}
	for k, c := range cands {
		if shown[k] {
			texts.text(c.x, placed[k], c.s, textOpts{fill: c.fill})
		}
	}
	texts.close()
	if hasRef {
		w.line(x0, refY, x1, refY, refColor, 1.5, true)
		texts.text(x1, refY+refDY, b.Ref.Label, textOpts{anchor: "end", fill: refColor})
	}
	w.group(whiteHalo, texts.b)
	putSVG(texts)
	return svgDoc{h: int(math.Ceil(bottom + 24 + 14*float64(cats.height()-1))), defs: pat.defs, body: w.b, pooled: true, homes: [2]*[]byte{defs.home, w.home}}
}

// pieSVG draws a ring of the slices, coloured (and patterned) by fund
// source as the option is, and below it one line a slice: its swatch, its
// name and its amount and share as the table shows them.
func pieSVG(slices []slice, total budget.Amount, u budget.Unit) svgDoc {
	pat := &patterns{}
	w := newSVG(512+360*len(slices), pat)
	names := make([]string, len(slices))
	for i, s := range slices {
		names[i] = s.Name
	}
	colors := sourceColors(names)
	kinds := make([]int, len(slices))
	for i := range slices {
		kinds[i] = kindOf(colors[i], i)
	}
	var sum float64
	for _, s := range slices {
		if s.Amount > 0 {
			sum += float64(s.Amount)
		}
	}
	const cx, cy, ro, ri = svgWidth / 2.0, 82.0, 74.0, 44.0
	texts := make([]string, len(slices))
	for i, s := range slices {
		share := budget.Ratio{Num: int64(s.Amount), Den: int64(total)}.Percent()
		texts[i] = s.Amount.FormatUnit(u) + "（" + share + "）"
	}
	// The slices apart by a white edge (none around a whole ring).
	w.open(` stroke="#fff" stroke-width="1.5" stroke-linejoin="round"`)
	a := -math.Pi / 2 // from twelve o'clock, clockwise
	for i, s := range slices {
		if s.Amount <= 0 || sum <= 0 {
			continue
		}
		f := float64(s.Amount) / sum
		tip := s.Name + "：" + texts[i]
		if f >= 0.99995 {
			// A whole ring: two half rings (an arc cannot close on itself).
			w.b = append(w.b, `<path stroke="none" fill-rule="evenodd"`...)
			w.fill(colors[i], kinds[i])
			w.b = append(w.b, ` d="`...)
			for _, r := range []float64{ro, ri} {
				w.b = append(w.b, 'M')
				w.num(cx)
				w.b = append(w.b, ' ')
				w.num(cy - r)
				w.b = append(w.b, 'A')
				w.num(r)
				w.b = append(w.b, ' ')
				w.num(r)
				w.b = append(w.b, " 0 1 1 "...)
				w.num(cx)
				w.b = append(w.b, ' ')
				w.num(cy + r)
				w.b = append(w.b, 'A')
				w.num(r)
				w.b = append(w.b, ' ')
				w.num(r)
				w.b = append(w.b, " 0 1 1 "...)
				w.num(cx)
				w.b = append(w.b, ' ')
				w.num(cy - r)
				w.b = append(w.b, 'Z')
			}
			w.b = append(w.b, '"')
			w.title("path", tip)
			break
		}
		e := a + f*2*math.Pi
		large := "0"
		if f > 0.5 {
			large = "1"
		}
		pt := func(r, t float64) {
			w.num(cx + r*math.Cos(t))
			w.b = append(w.b, ' ')
			w.num(cy + r*math.Sin(t))
		}
		w.b = append(w.b, `<path`...)
		w.fill(colors[i], kinds[i])
		w.b = append(w.b, ` d="M`...)
		pt(ro, a)
		w.b = append(w.b, 'A')
		w.num(ro)
		w.b = append(w.b, ' ')
		w.num(ro)
		w.b = append(w.b, " 0 "+large+" 1 "...)
		pt(ro, e)
		w.b = append(w.b, 'L')
		pt(ri, e)
		w.b = append(w.b, 'A')
		w.num(ri)
		w.b = append(w.b, ' ')
		w.num(ri)
		w.b = append(w.b, " 0 "+large+" 0 "...)
		pt(ri, a)
		w.b = append(w.b, `Z"`...)
		w.title("path", tip)
		a = e
	}
	w.close()
	// The legend: name on the left, amount and share on the right (on a
	// line of its own when both do not fit on one).
	y := cy + ro + 14
	const sw = legendSwatch
	nameTexts, amountTexts := newSVG(64*len(slices), pat), newSVG(64*len(slices), pat)
	for i, s := range slices {
		w.rect(svgPad, y+2, sw, sw, colors[i], kinds[i], "")
		nameX := svgPad + sw + 5
		room := svgWidth - svgPad - nameX
		tw := textW(texts[i])
		if textW(s.Name)+12+tw <= room {
			nameTexts.text(nameX, y+12, s.Name, textOpts{})
		} else {
			nameTexts.text(nameX, y+12, fit(s.Name, room), textOpts{})
			y += 17
		}
		amountTexts.text(svgWidth-svgPad, y+12, texts[i], textOpts{})
		y += 20
	}
	w.b = append(w.b, nameTexts.b...)
	w.group(` text-anchor="end"`, amountTexts.b)
	return svgDoc{h: int(math.Ceil(y + 2)), defs: pat.defs, body: w.b}
}

// box is a rectangle of a treemap.
type box struct{ x, y, w, h float64 }

// squarify lays out areas (in order, largest first) in r as near-square
// rectangles (Bruls, Huizing and van Wijk's method); areas of no size get
// an empty box.
func squarify(areas []float64, r box) []box {
	out := make([]box, len(areas))
	var sum float64
	for _, a := range areas {
		sum += max(a, 0)
	}
	if sum <= 0 || r.w <= 0 || r.h <= 0 {
		return out
	}
	scale := r.w * r.h / sum
	i := 0
	for i < len(areas) && r.w > 0 && r.h > 0 {
		side := min(r.w, r.h)
		// Grow the row while its worst aspect ratio improves.
		worst := func(from, to int) float64 {
			var s, lo, hi float64
			lo = math.Inf(1)
			for k := from; k < to; k++ {
				a := max(areas[k], 0) * scale
				s += a
				lo, hi = min(lo, a), max(hi, a)
			}
			if s == 0 || lo == 0 {
				return math.Inf(1)
			}
			return max(side*side*hi/(s*s), s*s/(side*side*lo))
		}
		j := i + 1
		for j < len(areas) && worst(i, j+1) <= worst(i, j) {
			j++
		}
		var s float64
		for k := i; k < j; k++ {
			s += max(areas[k], 0) * scale
		}
		thick := s / side
		pos := 0.0
		for k := i; k < j; k++ {
			a := max(areas[k], 0) * scale
			length := 0.0
			if thick > 0 {
				length = a / thick
			}
			if r.w >= r.h { // a column on the left
				out[k] = box{r.x, r.y + pos, thick, length}
			} else { // a row on top
				out[k] = box{r.x + pos, r.y, length, thick}
			}
			pos += length
		}
		if r.w >= r.h {
			r.x, r.w = r.x+thick, r.w-thick
		} else {
			r.y, r.h = r.y+thick, r.h-thick
		}
		i = j
	}
	return out
}

// readableFill is a fill for text of ink on it that reaches WCAG AA
// (4.5:1): the colour itself when its better ink does, else a tint of it
// light enough for dark text.
func readableFill(hex string) (fill, ink string) {
	if contrast(hex, inkOn(hex)) >= 4.5 {
		return hex, inkOn(hex)
	}
	for f := 0.05; f < 1; f += 0.05 {
		t := tint(hex, f)
		if contrast(t, inkColor) >= 4.5 {
			return t, inkColor
		}
	}
	return "#ffffff", inkColor
}

// contrast is the WCAG contrast ratio of two colours "#rrggbb".
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// stackOn stacks v on its slot of a category: a positive value on the
// top of the slot's positive bars (pos), a negative one below its
// negative bars (neg), as ECharts stacks them; it returns where the bar
// starts and ends and moves that side's top to its end. The horizontal
// and the vertical bars stack alike, so both use this.
func stackOn(pos, neg []float64, slot int, v float64) (from, to float64) {
	side := pos
	if v < 0 {
		side = neg
	}
	from, to = side[slot], side[slot]+v
	side[slot] = to
	return from, to
}

// luminance is a colour's WCAG relative luminance; "#fff" is white.
// contrast and inkOn (shapes.go) both measure with it.
func luminance(hex string) float64 {
	if hex == "#fff" {
		hex = "#ffffff"
	}
	r, g, b := rgb(hex)
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// treemapSVG draws the sources as rectangles by amount, largest first,
// each in its colour and pattern; a source with items has a band with its
// name and amount, in its plain colour, and its items as light tints of
// it with dark text, in its pattern. A label is drawn only where it fits:
// both lines, else the name (cut short with …), else none (the tooltip and
// the table name it), and never for an item under labelShare per cent of
// the whole, as the option has it. Labels over a pattern have a halo of
// the tile's colour, so that the pattern does not cross them.
func treemapSVG(nodes []node, u budget.Unit) svgDoc {
	pat := &patterns{}
	w := newSVG(1024+nodesSize(nodes), pat)
	names := make([]string, len(nodes))
	var total budget.Amount
	items := 0
	for i, n := range nodes {
		names[i] = n.Name
		total += n.Amount
		items += max(len(n.Children), 1)
	}
	colors := sourceColors(names)
	h := float64(min(200+14*items, 360))
	order := sortedBySize(nodes)
	areas := make([]float64, len(order))
	for k, i := range order {
		areas[k] = float64(nodes[i].Amount)
	}
	const gap, band = 2.0, 20.0
	boxes := squarify(areas, box{0, 0, svgWidth, h})
	labels := newSVG(256, pat)
	for k, i := range order {
		n := &nodes[i]
		r := boxes[k]
		r = box{r.x + gap/2, r.y + gap/2, r.w - gap, r.h - gap}
		if r.w <= 0 || r.h <= 0 {
			continue
		}
		kind := kindOf(colors[i], i)
		fill, ink := readableFill(colors[i])
		// A source's label is its name and amount ("市级 1,898.13 万元").
		amount := strings.TrimPrefix(n.Label, n.Name+" ")
		if len(n.Children) == 0 || r.h < band+8 {
			w.rect(r.x, r.y, r.w, r.h, fill, kind, n.Tooltip)
			labels.b = labels.b[:0]
			label(&labels, r, []string{n.Name, amount}, true)
			w.haloGroup(fill, ink, kind, labels.b)
			continue
		}
		w.rect(r.x, r.y, r.w, r.h, fill, 0, n.Tooltip)
		head := n.Label
		if textW(head) > r.w-10 {
			if head = fit(n.Name, r.w-10); head != n.Name && utf8.RuneCountInString(head) < 3 {
				head = ""
			}
		}
		if head != "" {
			w.b = append(w.b, "<g"...)
			if ink != inkColor {
				w.sattr("fill", ink)
			}
			w.b = append(w.b, ` font-weight="700">`...)
			w.text(r.x+5, r.y+14, head, textOpts{})
			w.close()
		}
		light := tint(colors[i], 0.72)
		inner := box{r.x + 1, r.y + band, r.w - 2, r.h - band - 1}
		corder := sortedBySize(n.Children)
		careas := make([]float64, len(corder))
		for k, c := range corder {
			careas[k] = float64(n.Children[c].Amount)
		}
		// The items in one group of the tint (and pattern), their labels
		// in one of its halo.
		w.b = append(w.b, "<g"...)
		w.fill(light, kind)
		w.b = append(w.b, '>')
		labels.b = labels.b[:0]
		for k, cb := range squarify(careas, inner) {
			c := &n.Children[corder[k]]
			cb = box{cb.x + 0.5, cb.y + 0.5, cb.w - 1, cb.h - 1}
			if cb.w <= 0 || cb.h <= 0 {
				continue
			}
			w.rect(cb.x, cb.y, cb.w, cb.h, "", 0, c.Tooltip)
			if total > 0 && c.Amount*100 < total*labelShare {
				continue
			}
			label(&labels, cb, strings.Split(c.Label, "\n"), false)
		}
		w.close()
		w.haloGroup(light, inkColor, kind, labels.b)
	}
	return svgDoc{h: int(math.Ceil(h)), defs: pat.defs, body: w.b}
}

// haloGroup appends texts in a group of their ink, with a halo of the
// fill they stand on where that fill has a pattern.
func (w *svgw) haloGroup(fill, ink string, kind int, texts []byte) {
	if len(texts) == 0 {
		return
	}
	w.b = append(w.b, "<g"...)
	if ink != inkColor {
		w.sattr("fill", ink)
	}
	if kind > 0 {
		w.sattr("stroke", fill)
		w.b = append(w.b, haloAttrs...)
	}
	w.b = append(w.b, '>')
	w.b = append(w.b, texts...)
	w.close()
}

// label writes a treemap rectangle's lines from its top left corner
// where they fit: the first (the name) cut short with … when at least two
// characters stay, the others (an amount) only whole: a figure is never
// cut.
func label(w *svgw, r box, lines []string, bold bool) {
	y := r.y + 15
	for k, l := range lines {
		if y+3 > r.y+r.h {
			return
		}
		if k == 0 {
			cut := fit(l, r.w-10)
			if cut == "" || cut != l && utf8.RuneCountInString(cut) < 3 {
				return
			}
			l = cut
		} else if textW(l) > r.w-10 {
			return
		}
		w.text(r.x+5, y, l, textOpts{bold: bold})
		y += 16
	}
}

func nodesSize(nodes []node) int {
	n := 0
	for i := range nodes {
		n += nodes[i].sizeHint()
	}
	return n
}

// sortedBySize is the indexes of nodes by amount, largest first (ties in
// order), as ECharts lays a treemap out.
func sortedBySize(nodes []node) []int {
	idx := make([]int, len(nodes))
	for i := range idx {
		idx[i] = i
	}
	// Insertion sort: stable, and the lists are short.
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && nodes[idx[j]].Amount > nodes[idx[j-1]].Amount; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	return idx
}

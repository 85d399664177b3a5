package charts

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
)

// The shapes every chart is drawn in. Values go into an ECharts dataset
// as exact decimals (json.Number from the model's integers), each beside
// its text as the page shows it; labels and tooltips show the text, so
// the browser never formats a number.

// money is an amount as an exact JSON number in unit u.
func money(a budget.Amount, u budget.Unit) json.Number { return json.Number(a.Decimal(u)) }

// percent is a ratio as an exact JSON number of percent with two
// decimals, or noValue (an empty point) when it is undefined.
func percent(r budget.Ratio) json.Number {
	if !r.Defined() {
		return noValue
	}
	return percentValue(r.Percent())
}

// percentValue is the number of a defined ratio's Percent ("88.63%" →
// 88.63): the same digits as the text beside it, worked out once.
func percentValue(shown string) json.Number {
	return json.Number(strings.TrimSuffix(shown, "%"))
}

// hundredths writes points with exactly two decimals ("9.50"), as
// budget.FormatRat(p.Rat(), 2) does, without big.Rat.
func hundredths(p budget.Points) json.Number {
	n := int64(p)
	if n == math.MinInt64 {
		return json.Number(budget.FormatRat(p.Rat(), 2))
	}
	b := make([]byte, 0, 24)
	if n < 0 {
		b, n = append(b, '-'), -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	return json.Number(append(b, '.', byte('0'+n%100/10), byte('0'+n%10)))
}

// noValue is a series' empty point (null in the option, no bar drawn).
// No value is made empty otherwise: money, percent, shownRate and the
// rest always write digits.
const noValue json.Number = ""

// series is one named row of values with their shown texts.
type series struct {
	Name string
	// Values are exact decimals, noValue for none: a json.Number as it
	// is, not boxed in an interface (an allocation a bar).
	Values []json.Number
	Texts  []string
	Tips   []string // tooltip texts (with the unit), when they differ from Texts
	Stack  string
	Color  string // fixed colour, for series that stand for a fund source
}

// ref is a reference line across the value axis, e.g. 执行率 90%.
type ref struct {
	Value json.Number
	Label string
}

// bars describes a bar chart over categories.
type bars struct {
	Categories []string
	Series     []series
	Unit       string      // name of the value axis
	Horizontal bool        // categories down the side: long Chinese names stay readable
	Max        json.Number // fixed end of the value axis, or ""
	Ref        *ref
	Labels     bool // print each bar's text beside it
	Line       bool // draw lines (a trend) instead of bars
}

// appendOption appends the chart's ECharts option (see write.go) to dst:
// a dataset of rows c, v0, t0[, p0], v1, … (category, then each series'
// value, text and tooltip text), a series per row of values, and the
// axes, legend and grid of a bar chart, or of a line chart for a trend.
func (b *bars) appendOption(dst []byte, description string) ([]byte, error) {
	start := len(dst)
	buf := slices.Grow(dst, b.sizeHint(description))
	buf = appendOpen(buf, description)

	var holesBuf [8]bool
	holes := holesBuf[:0]
	for i := range b.Series {
		holes = append(holes, b.holes(i))
	}
	buf = append(buf, `,"dataset":{"dimensions":[{"name":"c","type":"ordinal"}`...)
	for i := range b.Series {
		buf = append(buf, `,{"name":"v`...)
		buf = appendInt(buf, i)
		buf = append(buf, `","type":"number"},{"name":"t`...)
		buf = appendInt(buf, i)
		buf = append(buf, `","type":"ordinal"}`...)
		if b.Series[i].Tips != nil {
			buf = append(buf, `,{"name":"p`...)
			buf = appendInt(buf, i)
			buf = append(buf, `","type":"ordinal"}`...)
		}
		if holes[i] {
			buf = append(buf, `,{"name":"d`...)
			buf = appendInt(buf, i)
			buf = append(buf, `","type":"number"}`...)
		}
	}
	buf = append(buf, `],"source":[`...)
	for j, c := range b.Categories {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = appendString(buf, c)
		for i := range b.Series {
			s := &b.Series[i]
			buf = append(buf, ',')
			buf = appendValue(buf, s.Values[j])
			buf = append(buf, ',')
			buf = appendString(buf, s.Texts[j])
			if s.Tips != nil {
				buf = append(buf, ',')
				buf = appendString(buf, s.Tips[j])
			}
			if holes[i] {
				buf = append(buf, ',')
				if s.Values[j] == noValue {
					buf = append(buf, '0')
				} else {
					buf = append(buf, s.Values[j]...)
				}
			}
		}
		buf = append(buf, ']')
	}
	// The first row is data even when it holds no number (a project
	// whose rates were not published): left to guess, ECharts takes such
	// a row for the names of the columns and drops it from the chart.
	buf = append(buf, `],"sourceHeader":false}`...)

	legend := len(b.Series) > 1
	right := b.labelRoom()
	buf = append(buf, `,"grid":{"bottom":`...)
	if legend {
		buf = append(buf, "36"...)
	} else {
		buf = append(buf, '8')
	}
	buf = append(buf, `,"containLabel":true,"left":8,"right":`...)
	buf = appendInt(buf, right)
	buf = append(buf, `,"top":28}`...)
	if legend {
		buf = append(buf, legendShown...)
	} else {
		buf = append(buf, legendNone...)
	}
	// In a narrow box (every box: see phoneRight), narrower names leave
	// room for the bars, and fewer ticks keep the numbers apart.
	if b.Horizontal {
		buf = append(buf, `,"media":[{"option":{`...)
		if right > phoneRight {
			// Labels longer than a phone has room for beside the bars
			// are broken onto lines there.
			buf = append(buf, `"grid":{"right":`...)
			buf = appendInt(buf, phoneRight)
			buf = append(buf, `},"series":[`...)
			for i := range b.Series {
				if i > 0 {
					buf = append(buf, ',')
				}
				buf = append(buf, `{"label":{"overflow":"break","width":`...)
				buf = appendInt(buf, phoneLabel)
				buf = append(buf, "}}"...)
			}
			buf = append(buf, "],"...)
		}
		buf = append(buf, `"xAxis":{"splitNumber":3},"yAxis":{"axisLabel":{"width":84}}},"query":{"maxWidth":520}}]`...)
	} else {
		buf = append(buf, `,"media":[{"option":{"xAxis":{"axisLabel":{"width":84}},"yAxis":{"splitNumber":3}},"query":{"maxWidth":520}}]`...)
	}

	buf = append(buf, `,"series":`...)
	if b.Series == nil {
		buf = append(buf, "null"...)
	} else {
		buf = append(buf, '[')
	}
	cat, val := byte('x'), byte('y')
	if b.Horizontal {
		cat, val = 'y', 'x'
	}
	for i := range b.Series {
		se := &b.Series[i]
		if i > 0 {
			buf = append(buf, ',')
		}
		if b.Line {
			buf = append(buf, `{"connectNulls":false`...)
		} else {
			buf = append(buf, `{"barMaxWidth":28`...)
		}
		// encode: keys tooltip, x, y in that order.
		buf = append(buf, `,"encode":{"tooltip":["`...)
		if se.Tips != nil {
			buf = append(buf, 'p')
		} else {
			buf = append(buf, 't')
		}
		buf = appendInt(buf, i)
		// The category axis shows the categories (c), the other the
		// series' values (v<i>), or their drawn lengths (d<i>).
		dim := func(axis byte) {
			switch {
			case cat == axis:
				buf = append(buf, 'c')
			case holes[i]:
				buf = appendInt(append(buf, 'd'), i)
			default:
				buf = appendInt(append(buf, 'v'), i)
			}
		}
		buf = append(buf, `"],"x":"`...)
		dim('x')
		buf = append(buf, `","y":"`...)
		dim('y')
		buf = append(buf, `"}`...)
		if se.Color != "" {
			buf = append(buf, `,"itemStyle":{"color":`...)
			buf = appendString(buf, se.Color)
			buf = append(buf, '}')
		}
		buf = append(buf, `,"label":{"formatter":"{@t`...)
		buf = appendInt(buf, i)
		if b.Horizontal {
			buf = append(buf, `}","position":"right","show":`...)
		} else {
			buf = append(buf, `}","position":"top","show":`...)
		}
		buf = strconv.AppendBool(buf, b.Labels)
		buf = append(buf, '}')
		if i == 0 && b.Ref != nil {
			buf = append(buf, `,"markLine":{"data":[{"`...)
			buf = append(buf, val)
			buf = append(buf, `Axis":`...)
			buf = appendNumber(buf, b.Ref.Value)
			buf = append(buf, `}],"label":{"formatter":`...)
			buf = appendLiteral(buf, b.Ref.Label)
			if b.Horizontal {
				buf = append(buf, `,"position":"start"}`...)
			} else {
				buf = append(buf, `,"position":"end"}`...)
			}
			buf = append(buf, `,"lineStyle":{"color":"#a4161a","type":"dashed","width":1.5},"silent":true,"symbol":"none"}`...)
		}
		buf = append(buf, `,"name":`...)
		buf = appendString(buf, se.Name)
		if se.Stack != "" {
			buf = append(buf, `,"stack":`...)
			buf = appendString(buf, se.Stack)
		}
		if b.Line {
			buf = append(buf, `,"symbolSize":8,"type":"line"}`...)
		} else {
			buf = append(buf, `,"type":"bar"}`...)
		}
	}
	if b.Series != nil {
		buf = append(buf, ']')
	}
	buf = append(buf, optText...)
	buf = append(buf, tooltipAxis...)

	// The axes: categories down the side for horizontal bars (first on
	// top, as in the table), along the bottom otherwise, where the value
	// axis has room for the unit's name.
	valueAxis := func(buf []byte, named bool) []byte {
		buf = append(buf, `{"axisLabel":{"hideOverlap":true},`...)
		if b.Max != "" {
			buf = append(buf, `"max":`...)
			buf = appendNumber(buf, b.Max)
			buf = append(buf, `,"min":0,`...)
		}
		if named {
			buf = append(buf, `"name":`...)
			buf = appendString(buf, b.Unit)
			buf = append(buf, ',')
		}
		return append(buf, `"type":"value"}`...)
	}
	if b.Horizontal {
		buf = append(buf, `,"xAxis":`...)
		buf = valueAxis(buf, false)
		buf = append(buf, `,"yAxis":{"axisLabel":{"interval":0,"lineHeight":15,"overflow":"break","width":150},"axisTick":{"alignWithLabel":true},"inverse":true,"type":"category"}}`...)
	} else {
		buf = append(buf, `,"xAxis":{"axisLabel":{"interval":0,"overflow":"break","width":90},"axisTick":{"alignWithLabel":true},"type":"category"},"yAxis":`...)
		buf = valueAxis(buf, true)
		buf = append(buf, '}')
	}
	if _, err := finish(buf[start:]); err != nil {
		return nil, err
	}
	return buf, nil
}

// The option's media rule (maxWidth 520) holds in every chart box (at
// most 30rem wide; 324 in a project on a phone): there the grid of
// horizontal bars keeps at most phoneRight right of the bars, where a
// label is broken onto lines phoneLabel wide (and category names onto
// lines 84 wide on the left), so that the bars keep room to be read;
// otherwise the longest label decides (labelRoom).
const (
	phoneRight = 120
	phoneLabel = 108
)

// labelRoom is the grid's right margin: room right of the longest bar
// for its label ("100.00%（算）"), which ECharts does not count in
// containLabel, 56 at least.
func (b *bars) labelRoom() int {
	right := 56
	if b.Horizontal && b.Labels {
		for _, se := range b.Series {
			for _, t := range se.Texts {
				right = max(right, textWidth(t)+12)
			}
		}
	}
	return right
}

// holes reports whether series i of a labelled bar chart has points
// without a value but with a text to show (未公开, —). ECharts draws
// neither bar nor label where there is no value, which reads as nothing
// or as zero; the static drawing prints the text at the axis's start. So
// that ECharts does too, such a series is drawn from a column d<i>: its
// value, or 0 where it has none, a bar of no length whose label is the
// text. v<i> keeps the null; tooltips and labels show the texts.
func (b *bars) holes(i int) bool {
	if !b.Labels || b.Line {
		return false
	}
	s := &b.Series[i]
	for j, v := range s.Values {
		if v == noValue && s.Texts[j] != "" {
			return true
		}
	}
	return false
}

// sizeHint guesses the option's length, so that it is written into one
// allocation: the fixed blocks, plus each cell's text.
func (b *bars) sizeHint(description string) int {
	n := len(optHead) + len(optColor) + len(optText) + 1200 + len(description) + 320*len(b.Series)
	for _, c := range b.Categories {
		n += len(c) + 3
	}
	for i := range b.Series {
		for j := range b.Series[i].Texts {
			n += len(b.Series[i].Texts[j]) + 16
		}
		for j := range b.Series[i].Tips {
			n += len(b.Series[i].Tips[j]) + 3
		}
	}
	return n
}

// slice is one part of a whole, for a pie.
type slice struct {
	Name   string
	Amount budget.Amount
}

// pieOption writes a ring chart of the slices: a dataset of rows c, v, t,
// a, s (name, amount, tooltip, amount shown, share of total) and one pie
// series coloured by fund source.
func pieOption(slices []slice, total budget.Amount, u budget.Unit, description string) ([]byte, error) {
	buf := make([]byte, 0, len(optHead)+len(optColor)+len(optText)+1000+len(description)+160*len(slices))
	buf = appendOpen(buf, description)
	buf = append(buf, `,"dataset":{"dimensions":[{"name":"c","type":"ordinal"},{"name":"v","type":"number"},{"name":"t","type":"ordinal"},{"name":"a","type":"ordinal"},{"name":"s","type":"ordinal"}],"source":[`...)
	names := make([]string, 0, len(slices))
	for i, sl := range slices {
		names = append(names, sl.Name)
		share := budget.Ratio{Num: int64(sl.Amount), Den: int64(total)}.Percent()
		shown := sl.Amount.FormatUnit(u)
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = appendString(buf, sl.Name)
		buf = append(buf, ',')
		buf = append(buf, sl.Amount.Decimal(u)...)
		buf = append(buf, ',')
		buf = appendString(buf, shown+"（"+share+"）")
		buf = append(buf, ',')
		buf = appendString(buf, shown)
		buf = append(buf, ',')
		buf = appendString(buf, share)
		buf = append(buf, ']')
	}
	buf = append(buf, `],"sourceHeader":false}`...) // every row is a slice (see bars)
	buf = append(buf, legendShown...)
	buf = append(buf, `,"media":[{"option":{"series":[{"labelLine":{"length":8,"length2":6},"radius":["16%","34%"]}]},"query":{"maxWidth":520}}]`...)
	buf = append(buf, `,"series":[{"center":["50%","45%"],"color":`...)
	buf = appendStrings(buf, sourceColors(names))
	buf = append(buf, `,"encode":{"itemName":"c","tooltip":["t"],"value":"v"},"itemStyle":{"borderColor":"#fff","borderWidth":2},"label":{"formatter":"{b} {@s}\n{@a}","lineHeight":18},"radius":["30%","60%"],"type":"pie"}]`...)
	buf = append(buf, optText...)
	buf = append(buf, tooltipItem...)
	buf = append(buf, '}')
	return finish(buf)
}

// node is one rectangle of a treemap.
type node struct {
	Name     string
	Amount   budget.Amount
	Label    string // printed inside
	Tooltip  string
	Children []node
}

// treemapOption writes a treemap of fund sources (nodes) and their items
// (children). ECharts colours a treemap after sorting it by size; a fixed
// colour keeps each source's colour the same as in every other chart of
// fund sources. A source's items are a light tint of it, with dark text;
// the source's own band takes the text colour that reads on it.
func treemapOption(nodes []node, u budget.Unit, description string) ([]byte, error) {
	names := make([]string, 0, len(nodes))
	var total budget.Amount
	n := len(optHead) + len(optColor) + len(optText) + 1000 + len(description)
	for _, nd := range nodes {
		names = append(names, nd.Name)
		total += nd.Amount
		n += nd.sizeHint()
	}
	colors := sourceColors(names)
	buf := make([]byte, 0, n)
	buf = appendOpen(buf, description)
	buf = append(buf, legendNone...)
	buf = append(buf, `,"series":[{"bottom":0,"breadcrumb":{"show":false},"data":`...)
	if nodes == nil {
		buf = append(buf, "null"...)
	} else {
		buf = append(buf, '[')
	}
	for i, nd := range nodes {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = nd.append(buf, u, 0, colors[i], total)
	}
	if nodes != nil {
		buf = append(buf, ']')
	}
	// Dark text on the light items; a label that does not fit is cut
	// short on one line, never set a character per line. The items keep
	// their source's (faint) pattern.
	buf = append(buf, `,"label":{"color":"#1a1a1a","ellipsis":"…","lineHeight":16,"overflow":"truncate","show":true},"left":0,"levels":[{"itemStyle":{"borderColor":"#fff","borderWidth":0,"gapWidth":3}},{"itemStyle":{"borderColor":"#fff","borderWidth":1,"gapWidth":1}}],"nodeClick":false,"right":0,"roam":false,"top":0,"type":"treemap","upperLabel":{"ellipsis":"…","fontWeight":"bold","height":24,"overflow":"truncate","show":true}}]`...)
	buf = append(buf, optText...)
	buf = append(buf, tooltipItem...)
	buf = append(buf, '}')
	return finish(buf)
}

// append writes a node at depth 0 (a source: its colour, and the ink that
// reads on it) or 1 (an item: a tint of its source's colour, a label only
// where its rectangle has room for it, as a share of the whole, the
// rectangles being near square; elsewhere the tooltip and the table name
// it). Deeper nodes carry no style of their own.
func (n *node) append(buf []byte, u budget.Unit, depth int, color string, total budget.Amount) []byte {
	buf = append(buf, '{')
	if len(n.Children) > 0 {
		light := ""
		if depth == 0 {
			light = tint(color, 0.72)
		}
		buf = append(buf, `"children":[`...)
		for j := range n.Children {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = n.Children[j].append(buf, u, depth+1, light, total)
		}
		buf = append(buf, "],"...)
	}
	if depth <= 1 {
		buf = append(buf, `"itemStyle":{"color":`...)
		buf = appendString(buf, color)
		buf = append(buf, "},"...)
	}
	buf = append(buf, `"label":{`...)
	if depth == 0 && len(n.Children) == 0 {
		buf = append(buf, `"color":`...)
		buf = appendString(buf, inkOn(color))
		buf = append(buf, ',')
	}
	buf = append(buf, `"formatter":`...)
	buf = appendLiteral(buf, n.Label)
	if depth == 1 && total > 0 && n.Amount*100 < total*labelShare {
		buf = append(buf, `,"show":false`...)
	}
	buf = append(buf, `},"name":`...)
	buf = appendString(buf, n.Name)
	buf = append(buf, `,"tooltip":{"formatter":`...)
	buf = appendLiteral(buf, n.Tooltip)
	buf = append(buf, '}')
	if len(n.Children) > 0 {
		buf = append(buf, `,"upperLabel":{`...)
		if depth == 0 {
			buf = append(buf, `"color":`...)
			buf = appendString(buf, inkOn(color))
			buf = append(buf, ',')
		}
		buf = append(buf, `"formatter":`...)
		buf = appendLiteral(buf, n.Label)
		buf = append(buf, '}')
	}
	buf = append(buf, `,"value":`...)
	buf = append(buf, n.Amount.Decimal(u)...)
	return append(buf, '}')
}

func (n *node) sizeHint() int {
	h := 2*len(n.Label) + len(n.Tooltip) + len(n.Name) + 160
	for i := range n.Children {
		h += n.Children[i].sizeHint()
	}
	return h
}

// labelShare is the share of the whole, in percent, below which an item
// of a treemap is drawn without a label.
const labelShare = 4

// tint mixes a colour "#rrggbb" with white: f = 0 keeps it, 1 is white.
func tint(hex string, f float64) string {
	r, g, b := rgb(hex)
	mix := func(c float64) int { return int(c + (255-c)*f + 0.5) }
	return fmt.Sprintf("#%02x%02x%02x", mix(r), mix(g), mix(b))
}

// inkOn is the text colour that reads on a fill: near-black or white,
// whichever contrasts more (WCAG relative luminance).
func inkOn(hex string) string {
	l := luminance(hex)
	const dark = 0.0103 // #1a1a1a
	if (l+0.05)/(dark+0.05) >= 1.05/(l+0.05) {
		return "#1a1a1a"
	}
	return "#fff"
}

func rgb(hex string) (r, g, b float64) {
	if len(hex) == 7 && hex[0] == '#' {
		if v, err := strconv.ParseUint(hex[1:], 16, 32); err == nil {
			// Every chart measures its colours: without fmt's scanner,
			// which allocated a dozen times a colour.
			return float64(v >> 16), float64(v >> 8 & 0xff), float64(v & 0xff)
		}
	}
	var ri, gi, bi int
	fmt.Sscanf(hex, "#%02x%02x%02x", &ri, &gi, &bi)
	return float64(ri), float64(gi), float64(bi)
}

// textWidth estimates the width in px of a label at ECharts' 12 px: a
// CJK character or full-width sign 12 px, anything else 7 px.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 12
		} else {
			w += 7
		}
	}
	return w
}

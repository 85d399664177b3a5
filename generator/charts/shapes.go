package charts

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/go-echarts/go-echarts/v2/charts"
)

// The shapes every chart is drawn in. Values go into an ECharts dataset
// as exact decimals (json.Number from the model's integers), each beside
// its text as the page shows it; labels and tooltips show the text, so
// the browser never formats a number.

// money is an amount as an exact JSON number in unit u.
func money(a budget.Amount, u budget.Unit) json.Number { return json.Number(a.Decimal(u)) }

// percent is a ratio as an exact JSON number of percent with two
// decimals, or nil (an empty point) when it is undefined.
func percent(r budget.Ratio) any {
	if !r.Defined() {
		return nil
	}
	return json.Number(budget.FormatRat(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)), 2))
}

// series is one named row of values with their shown texts.
type series struct {
	Name   string
	Values []any // json.Number, or nil for no value
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

// dataset lays categories and series out as ECharts dataset rows:
// c, v0, t0, v1, t1, … (category, then each series' value and text).
func (b *bars) dataset() map[string]any {
	dims := []any{map[string]any{"name": "c", "type": "ordinal"}}
	for i := range b.Series {
		n := strconv.Itoa(i)
		dims = append(dims, map[string]any{"name": "v" + n, "type": "number"}, map[string]any{"name": "t" + n, "type": "ordinal"})
		if b.Series[i].Tips != nil {
			dims = append(dims, map[string]any{"name": "p" + n, "type": "ordinal"})
		}
	}
	rows := make([]any, 0, len(b.Categories))
	for j, c := range b.Categories {
		row := []any{c}
		for _, s := range b.Series {
			row = append(row, s.Values[j], s.Texts[j])
			if s.Tips != nil {
				row = append(row, s.Tips[j])
			}
		}
		rows = append(rows, row)
	}
	return map[string]any{"dimensions": dims, "source": rows}
}

func (b *bars) option(description string) ([]byte, error) {
	s := &spec{dataset: b.dataset(), legend: len(b.Series) > 1, trigger: "axis", description: description}
	catAxis := map[string]any{"type": "category", "axisLabel": map[string]any{"width": 150, "overflow": "break", "interval": 0, "lineHeight": 15}, "axisTick": map[string]any{"alignWithLabel": true}}
	valAxis := map[string]any{"type": "value", "axisLabel": map[string]any{"hideOverlap": true}}
	if b.Max != "" {
		valAxis["max"] = b.Max
		valAxis["min"] = 0
	}
	cat, val := "x", "y"
	if b.Horizontal {
		cat, val = "y", "x"
		catAxis["inverse"] = true // first category on top, as in the table
	} else {
		catAxis["axisLabel"] = map[string]any{"interval": 0, "width": 90, "overflow": "break"}
		valAxis["name"] = b.Unit // the caption names it too; a bar chart's side has room
	}
	// On a phone, narrower names leave room for the bars, and fewer ticks
	// keep the numbers apart.
	s.media = []any{map[string]any{
		"query":  map[string]any{"maxWidth": 520},
		"option": map[string]any{cat + "Axis": map[string]any{"axisLabel": map[string]any{"width": 84}}, val + "Axis": map[string]any{"splitNumber": 3}},
	}}
	for i, se := range b.Series {
		n := strconv.Itoa(i)
		kind := "bar"
		tip := "t"
		if se.Tips != nil {
			tip = "p"
		}
		if b.Line {
			kind = "line"
		}
		m := map[string]any{
			"type":   kind,
			"name":   se.Name,
			"encode": map[string]any{cat: "c", val: "v" + n, "tooltip": []string{tip + n}},
			"label": map[string]any{
				"show":      b.Labels,
				"formatter": "{@t" + n + "}",
				"position":  map[bool]string{true: "right", false: "top"}[b.Horizontal],
			},
		}
		if b.Line {
			m["symbolSize"] = 8
			m["connectNulls"] = false
		} else {
			m["barMaxWidth"] = 28
		}
		if se.Stack != "" {
			m["stack"] = se.Stack
		}
		if se.Color != "" {
			m["itemStyle"] = map[string]any{"color": se.Color}
		}
		if i == 0 && b.Ref != nil {
			m["markLine"] = map[string]any{
				"silent":    true,
				"symbol":    "none",
				"label":     map[string]any{"formatter": literal(b.Ref.Label), "position": map[bool]string{true: "start", false: "end"}[b.Horizontal]},
				"lineStyle": map[string]any{"type": "dashed", "color": "#a4161a", "width": 1.5},
				"data":      []any{map[string]any{val + "Axis": b.Ref.Value}},
			}
		}
		s.series = append(s.series, m)
	}
	if cat == "x" {
		s.xAxis, s.yAxis = catAxis, valAxis
	} else {
		s.xAxis, s.yAxis = valAxis, catAxis
	}
	right := 56
	if b.Horizontal && b.Labels {
		// Room right of the longest bar for its label ("100.00%（算）"),
		// which ECharts does not count in containLabel.
		for _, se := range b.Series {
			for _, t := range se.Texts {
				right = max(right, textWidth(t)+12)
			}
		}
	}
	s.grid = map[string]any{"left": 8, "right": right, "top": 28, "bottom": map[bool]int{true: 36, false: 8}[s.legend], "containLabel": true}
	if b.Line {
		c := charts.NewLine()
		c.SetGlobalOptions(common(s)...)
		return build(c, s)
	}
	c := charts.NewBar()
	c.SetGlobalOptions(common(s)...)
	return build(c, s)
}

// slice is one part of a whole, for a pie.
type slice struct {
	Name   string
	Amount budget.Amount
}

func pieOption(slices []slice, total budget.Amount, u budget.Unit, description string) ([]byte, error) {
	rows := make([]any, 0, len(slices))
	names := make([]string, 0, len(slices))
	for _, sl := range slices {
		names = append(names, sl.Name)
		share := budget.Ratio{Num: int64(sl.Amount), Den: int64(total)}.Percent()
		rows = append(rows, []any{sl.Name, money(sl.Amount, u), sl.Amount.FormatUnit(u) + "（" + share + "）", sl.Amount.FormatUnit(u), share})
	}
	s := &spec{
		dataset: map[string]any{
			"dimensions": []any{
				map[string]any{"name": "c", "type": "ordinal"}, map[string]any{"name": "v", "type": "number"},
				map[string]any{"name": "t", "type": "ordinal"}, map[string]any{"name": "a", "type": "ordinal"}, map[string]any{"name": "s", "type": "ordinal"},
			},
			"source": rows,
		},
		legend:      true,
		trigger:     "item",
		description: description,
		series: []map[string]any{{
			"type":   "pie",
			"radius": []string{"30%", "60%"},
			"center": []string{"50%", "45%"},
			"encode": map[string]any{"itemName": "c", "value": "v", "tooltip": []string{"t"}},
			"label":  map[string]any{"formatter": "{b} {@s}\n{@a}", "lineHeight": 18},
			"color":  sourceColors(names),
			"itemStyle": map[string]any{
				"borderColor": "#fff",
				"borderWidth": 2,
			},
		}},
		media: []any{map[string]any{
			"query":  map[string]any{"maxWidth": 520},
			"option": map[string]any{"series": []any{map[string]any{"radius": []string{"16%", "34%"}, "labelLine": map[string]any{"length": 8, "length2": 6}}}},
		}},
	}
	c := charts.NewPie()
	c.SetGlobalOptions(common(s)...)
	return build(c, s)
}

// node is one rectangle of a treemap.
type node struct {
	Name     string
	Amount   budget.Amount
	Label    string // printed inside
	Tooltip  string
	Children []node
}

func (n node) json(u budget.Unit) map[string]any {
	m := map[string]any{
		"name":    n.Name,
		"value":   money(n.Amount, u),
		"label":   map[string]any{"formatter": literal(n.Label)},
		"tooltip": map[string]any{"formatter": literal(n.Tooltip)},
	}
	if len(n.Children) > 0 {
		m["upperLabel"] = map[string]any{"formatter": literal(n.Label)}
		var cs []any
		for _, c := range n.Children {
			cs = append(cs, c.json(u))
		}
		m["children"] = cs
	}
	return m
}

func treemapOption(nodes []node, u budget.Unit, description string) ([]byte, error) {
	var data []any
	var names []string
	for _, n := range nodes {
		names = append(names, n.Name)
	}
	colors := sourceColors(names)
	var total budget.Amount
	for _, n := range nodes {
		total += n.Amount
	}
	for i, n := range nodes {
		m := n.json(u)
		// ECharts colours a treemap after sorting it by size; a fixed
		// colour keeps each source's colour the same as in every other
		// chart of fund sources. A source's items are a light tint of
		// it, with dark text; the source's own band takes the text
		// colour that reads on it.
		ink := inkOn(colors[i])
		m["itemStyle"] = map[string]any{"color": colors[i]}
		if len(n.Children) == 0 {
			m["label"].(map[string]any)["color"] = ink
		} else {
			m["upperLabel"].(map[string]any)["color"] = ink
			light := tint(colors[i], 0.72)
			for j, c := range m["children"].([]any) {
				cm := c.(map[string]any)
				cm["itemStyle"] = map[string]any{"color": light}
				// A label is drawn only where its rectangle has room for
				// it (a share of the whole, the rectangles being near
				// square); elsewhere the tooltip and the table name it.
				if total > 0 && n.Children[j].Amount*100 < total*labelShare {
					cm["label"].(map[string]any)["show"] = false
				}
			}
		}
		data = append(data, m)
	}
	s := &spec{
		trigger:     "item",
		description: description,
		series: []map[string]any{{
			"type":       "treemap",
			"roam":       false,
			"nodeClick":  false,
			"breadcrumb": map[string]any{"show": false},
			"top":        0, "left": 0, "right": 0, "bottom": 0,
			// Dark text on the light items; a label that does not fit is
			// cut short on one line, never set a character per line.
			"label":      map[string]any{"show": true, "overflow": "truncate", "ellipsis": "…", "lineHeight": 16, "color": "#1a1a1a"},
			"upperLabel": map[string]any{"show": true, "height": 24, "fontWeight": "bold", "overflow": "truncate", "ellipsis": "…"},
			"levels": []any{
				map[string]any{"itemStyle": map[string]any{"borderColor": "#fff", "borderWidth": 0, "gapWidth": 3}},
				// The items keep their source's (faint) pattern.
				map[string]any{"itemStyle": map[string]any{"borderColor": "#fff", "gapWidth": 1, "borderWidth": 1}},
			},
			"data": data,
		}},
	}
	c := charts.NewTreeMap()
	c.SetGlobalOptions(common(s)...)
	return build(c, s)
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
	r, g, b := rgb(hex)
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	const dark = 0.0103 // #1a1a1a
	if (l+0.05)/(dark+0.05) >= 1.05/(l+0.05) {
		return "#1a1a1a"
	}
	return "#fff"
}

func rgb(hex string) (r, g, b float64) {
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

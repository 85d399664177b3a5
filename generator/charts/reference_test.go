package charts

// The go-echarts path that built every option until issue 16, kept as the
// reference the direct writers (write.go, shapes.go) are compared with
// byte for byte (reference_compare_test.go). Only the names changed:
// refBarsOption, refPieOption, refTreemapOption, refDataset, refJSON.

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// spec is what a chart needs beyond go-echarts' structs: our own series
// and dataset (exact decimals, no float32, no omitempty on zeros), tooltip
// in rich-text mode (the HTML tooltip writes inline styles), axes with
// label widths, and the aria description written from the data.
type spec struct {
	series      []map[string]any
	dataset     map[string]any
	xAxis       map[string]any
	yAxis       map[string]any
	grid        map[string]any
	media       []any // ECharts media queries: options for narrow screens
	legend      bool
	trigger     string // item or axis
	description string
}

// visitor rewrites the option map go-echarts builds.
type visitor struct {
	charts.BaseConfigurationVisitor
	s *spec
}

func (v visitor) VisitTooltipOpt(opts.Tooltip) any {
	return map[string]any{
		"show":       true,
		"trigger":    v.s.trigger,
		"renderMode": "richText",
		"confine":    true,
	}
}

func (v visitor) Visit(o map[string]any) {
	o["series"] = v.s.series
	if v.s.dataset != nil {
		o["dataset"] = v.s.dataset
	}
	if v.s.xAxis != nil {
		o["xAxis"] = v.s.xAxis
		o["yAxis"] = v.s.yAxis
	}
	if v.s.grid != nil {
		o["grid"] = v.s.grid
	}
	if v.s.media != nil {
		o["media"] = v.s.media
	}
	o["color"] = Palette
	o["textStyle"] = map[string]any{"fontFamily": FontFamily}
	if v.s.legend {
		o["legend"] = map[string]any{"show": true, "bottom": 0, "type": "scroll"}
	} else {
		o["legend"] = map[string]any{"show": false}
	}
	// Patterns tell series apart without colour; ECharts' own are as dark
	// as a grey fill and hide labels, so these are its shapes, fainter.
	o["aria"] = map[string]any{
		"enabled": true,
		"label":   map[string]any{"enabled": true, "description": v.s.description},
		"decal":   map[string]any{"show": true, "decals": subtleDecals},
	}
	// go-echarts always writes these, empty.
	delete(o, "title")
	delete(o, "toolbox")
}

// common are the options every chart sets through go-echarts' structs.
func common(s *spec) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithAnimation(false), // for print and reduced motion
		charts.WithAriaOpts(&opts.Aria{
			Enabled: opts.Bool(true),
			Label:   &opts.AriaLabel{Enabled: opts.Bool(true), Description: s.description},
			Decal:   &opts.AriaDecal{Show: opts.Bool(true)},
		}),
	}
}

// builder is what build needs of a go-echarts chart.
type builder interface {
	Validate()
	Accept(charts.ConfigurationVisitor)
	JSON() map[string]any
}

// build finishes a go-echarts chart with the spec and returns its JSON.
func build(c builder, s *spec) ([]byte, error) {
	c.Validate()
	c.Accept(visitor{s: s})
	// HTML escaping stays on: the JSON sits in a <script> element, where
	// a name such as "</script>" must remain text.
	data, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte("__f__")) {
		return nil, errFunc
	}
	return data, nil
}

// dataset lays categories and series out as ECharts dataset rows:
// c, v0, t0, v1, t1, … (category, then each series' value and text).
func (b *bars) refDataset() map[string]any {
	dims := []any{map[string]any{"name": "c", "type": "ordinal"}}
	for i := range b.Series {
		n := strconv.Itoa(i)
		dims = append(dims, map[string]any{"name": "v" + n, "type": "number"}, map[string]any{"name": "t" + n, "type": "ordinal"})
		if b.Series[i].Tips != nil {
			dims = append(dims, map[string]any{"name": "p" + n, "type": "ordinal"})
		}
		if b.holes(i) {
			dims = append(dims, map[string]any{"name": "d" + n, "type": "number"})
		}
	}
	rows := make([]any, 0, len(b.Categories))
	for j, c := range b.Categories {
		row := []any{c}
		for i, s := range b.Series {
			var v any // null for no value, as the option writes it
			if s.Values[j] != noValue {
				v = s.Values[j]
			}
			row = append(row, v, s.Texts[j])
			if s.Tips != nil {
				row = append(row, s.Tips[j])
			}
			if b.holes(i) {
				if v == nil {
					v = 0
				}
				row = append(row, v)
			}
		}
		rows = append(rows, row)
	}
	return map[string]any{"dimensions": dims, "source": rows, "sourceHeader": false}
}

func refBarsOption(b *bars, description string) ([]byte, error) {
	s := &spec{dataset: b.refDataset(), legend: len(b.Series) > 1, trigger: "axis", description: description}
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
	phone := map[string]any{cat + "Axis": map[string]any{"axisLabel": map[string]any{"width": 84}}, val + "Axis": map[string]any{"splitNumber": 3}}
	if b.Horizontal && b.labelRoom() > phoneRight {
		phone["grid"] = map[string]any{"right": phoneRight}
		var labels []any
		for range b.Series {
			labels = append(labels, map[string]any{"label": map[string]any{"width": phoneLabel, "overflow": "break"}})
		}
		phone["series"] = labels
	}
	s.media = []any{map[string]any{
		"query":  map[string]any{"maxWidth": 520},
		"option": phone,
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
			"encode": map[string]any{cat: "c", val: map[bool]string{false: "v", true: "d"}[b.holes(i)] + n, "tooltip": []string{tip + n}},
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

func refPieOption(slices []slice, total budget.Amount, u budget.Unit, description string) ([]byte, error) {
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
			"source":       rows,
			"sourceHeader": false,
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

func (n node) refJSON(u budget.Unit) map[string]any {
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
			cs = append(cs, c.refJSON(u))
		}
		m["children"] = cs
	}
	return m
}

func refTreemapOption(nodes []node, u budget.Unit, description string) ([]byte, error) {
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
		m := n.refJSON(u)
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

// literal makes text safe for an ECharts formatter string, where braces
// start template variables and rich-text styles.
func literal(s string) string { return braces.Replace(s) }

var braces = strings.NewReplacer("{", "｛", "}", "｝")

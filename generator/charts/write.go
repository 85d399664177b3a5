package charts

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// The options are written straight into a byte slice: a cold build makes
// about twenty of them per report, and building go-echarts' structs and
// maps of any for each, then encoding them by reflection with sorted map
// keys, was an eighth of the build's CPU (issue 16). Only the data, names,
// colours and descriptions differ between charts; the settings around them
// are a handful of fixed blocks. The bytes are those go-echarts and
// encoding/json made, keys in sorted order, strings escaped for HTML
// (the go-echarts path is kept in the tests, which compare the two over
// real, synthetic and fuzzed charts).

// The shapes' writers, called through variables so that the tests can
// check every option a report makes against go-echarts' reference.
var (
	writeBars    = (*bars).appendOption
	writePie     = pieOption
	writeTreemap = treemapOption
)

// The settings every option shares (animation, the aria block with its
// decal patterns, palette, font, tooltip and legend) are built by
// go-echarts, once, when the program starts: go-echarts stays the option
// builder of record for them, and for each chart only the data, names,
// colours and description are written here. The tests build every option
// of real, synthetic and fuzzed reports both ways and compare the bytes.
var (
	// optHead opens an option up to the aria description's value.
	optHead string
	// optColor closes aria and sets the palette.
	optColor string
	// optText is the font, before the tooltip.
	optText string
	// The tooltip of axis charts (bars, lines) and of item charts (pies,
	// treemaps); the legend shown below, or none.
	tooltipAxis, tooltipItem, legendShown, legendNone string
)

// descriptionMark stands for a chart's aria description while the shared
// blocks are built; no description holds it (it is a control character,
// which encoding/json escapes).
const descriptionMark = "\x00"

func init() {
	axis, item := settings("axis", true), settings("item", false)
	aria := mustJSON(axis["aria"])
	head, tail, ok := strings.Cut(aria, mustJSON(descriptionMark))
	if !ok {
		panic("charts: go-echarts' aria block has no description")
	}
	optHead = `{"animation":` + mustJSON(axis["animation"]) + `,"aria":` + head
	optColor = tail + `,"color":` + mustJSON(axis["color"])
	optText = `,"textStyle":` + mustJSON(axis["textStyle"])
	tooltipAxis = `,"tooltip":` + mustJSON(axis["tooltip"])
	tooltipItem = `,"tooltip":` + mustJSON(item["tooltip"])
	legendShown = `,"legend":` + mustJSON(axis["legend"])
	legendNone = `,"legend":` + mustJSON(item["legend"])
}

// settings is the option go-echarts builds for a chart with no data: the
// shared settings, with the tooltip's trigger and the legend shown or not.
func settings(trigger string, legend bool) map[string]any {
	c := charts.NewBar()
	c.SetGlobalOptions(
		charts.WithAnimation(false), // for print and reduced motion
		charts.WithAriaOpts(&opts.Aria{
			Enabled: opts.Bool(true),
			Label:   &opts.AriaLabel{Enabled: opts.Bool(true), Description: descriptionMark},
			Decal:   &opts.AriaDecal{Show: opts.Bool(true)},
		}),
	)
	c.Validate()
	c.Accept(settingsVisitor{trigger: trigger, legend: legend})
	return c.JSON()
}

// settingsVisitor sets what go-echarts' structs cannot say as the site
// needs it: a rich-text tooltip (the HTML one writes inline styles, which
// the Content-Security-Policy forbids), the palette, font and legend, and
// decal patterns fainter than ECharts' own (which are as dark as a grey
// fill and hide labels).
type settingsVisitor struct {
	charts.BaseConfigurationVisitor
	trigger string
	legend  bool
}

func (v settingsVisitor) VisitTooltipOpt(opts.Tooltip) any {
	return map[string]any{"show": true, "trigger": v.trigger, "renderMode": "richText", "confine": true}
}

func (v settingsVisitor) Visit(o map[string]any) {
	o["color"] = Palette
	o["textStyle"] = map[string]any{"fontFamily": FontFamily}
	if v.legend {
		o["legend"] = map[string]any{"show": true, "bottom": 0, "type": "scroll"}
	} else {
		o["legend"] = map[string]any{"show": false}
	}
	o["aria"] = map[string]any{
		"enabled": true,
		"label":   map[string]any{"enabled": true, "description": descriptionMark},
		"decal":   map[string]any{"show": true, "decals": subtleDecals},
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// finish checks a written option as build did: no go-echarts function
// marker may reach a page, whatever text brought it in.
func finish(buf []byte) ([]byte, error) {
	if bytes.Contains(buf, []byte(funcMarker)) {
		return nil, errFunc
	}
	return buf, nil
}

// funcMarker is go-echarts' mark of a JavaScript function in an option.
const funcMarker = "__f__"

// mentionsFunc reports whether the option of b with description would
// hold funcMarker, from its texts before it is written: the marker has
// nothing JSON escapes, no escape writes a '_', and the blocks between
// the texts are quotes, digits and fixed keys that hold none, so an
// option holds the marker exactly when one of its texts does.
func (b *bars) mentionsFunc(description string) bool {
	has := func(s string) bool { return strings.Contains(s, funcMarker) }
	if has(description) || has(b.Unit) || has(string(b.Max)) || b.Ref != nil && (has(string(b.Ref.Value)) || has(b.Ref.Label)) {
		return true
	}
	for _, c := range b.Categories {
		if has(c) {
			return true
		}
	}
	for i := range b.Series {
		s := &b.Series[i]
		if has(s.Name) || has(s.Stack) || has(s.Color) {
			return true
		}
		for _, v := range s.Values {
			if has(string(v)) {
				return true
			}
		}
		for _, t := range s.Texts {
			if has(t) {
				return true
			}
		}
		for _, t := range s.Tips {
			if has(t) {
				return true
			}
		}
	}
	return false
}

// appendString appends s as a JSON string escaped as encoding/json does
// with HTML escaping: <, > and & as \u003c…, control characters, U+2028
// and U+2029 escaped, invalid UTF-8 as \ufffd. The option sits in a
// <script> element, where "</script>" must stay text.
func appendString(dst []byte, s string) []byte {
	return appendEscaped(dst, s, false)
}

// appendLiteral is appendString of literal(s), in one pass: braces,
// which start an ECharts formatter's variables, become full-width.
func appendLiteral(dst []byte, s string) []byte {
	return appendEscaped(dst, s, true)
}

const hexDigits = "0123456789abcdef"

func appendEscaped(dst []byte, s string, braces bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && (!braces || c != '{' && c != '}') {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, `\n`...)
			case '\r':
				dst = append(dst, `\r`...)
			case '\t':
				dst = append(dst, `\t`...)
			case '\b':
				dst = append(dst, `\b`...)
			case '\f':
				dst = append(dst, `\f`...)
			case '{':
				dst = append(dst, "｛"...)
			case '}':
				dst = append(dst, "｝"...)
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		// Chinese and full-width signs, well formed and never escaped
		// (E2 holds U+2028 and U+2029, E0 and ED ill-formed sequences):
		// no need to decode them.
		if (c >= 0xE3 && c <= 0xEF && c != 0xED || c == 0xE1) && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendValue appends a data value: a json.Number as it is, noValue as null
// (no bar).
func appendValue(dst []byte, v json.Number) []byte {
	if v == noValue {
		return append(dst, "null"...)
	}
	return append(dst, v...)
}

// appendNumber writes an exact decimal as encoding/json does ("" as 0).
func appendNumber(dst []byte, n json.Number) []byte {
	if n == "" {
		return append(dst, '0')
	}
	return append(dst, n...)
}

// appendStrings appends a JSON array of strings.
func appendStrings(dst []byte, ss []string) []byte {
	if ss == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}

// appendOpen starts an option: the aria description and the palette.
func appendOpen(dst []byte, description string) []byte {
	dst = append(dst, optHead...)
	dst = appendString(dst, description)
	return append(dst, optColor...)
}

func appendInt(dst []byte, n int) []byte { return strconv.AppendInt(dst, int64(n), 10) }

package charts

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/synth"
)

var updateSVG = flag.Bool("update-svg", false, "rewrite testdata/svg/*.svg")

// siteCharts makes every chart of a site, as its pages do.
func siteCharts(t *testing.T, s *budget.Site) []*Chart {
	t.Helper()
	u := s.Config.Unit
	var all []*Chart
	add := func(cs []*Chart, err error) {
		t.Helper()
		if err != nil && !errors.Is(err, errFunc) {
			t.Fatal(err)
		}
		all = append(all, cs...)
	}
	byYear := map[int][]*budget.Report{}
	var newest []*budget.Report
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			add(Report(r))
			byYear[r.Year] = append(byYear[r.Year], r)
		}
		add(Bureau(b, u))
		if len(b.Reports) > 0 {
			newest = append(newest, b.Reports[len(b.Reports)-1])
		}
	}
	for y := range 3000 {
		if reps := byYear[y]; reps != nil {
			add(Overview("fig-"+strconv.Itoa(y)+"-", strconv.Itoa(y)+"年", reps, reps, u))
		}
	}
	add(Overview("fig-home-", "最新", newest, newest, u))
	return all
}

// svgTree is an SVG parsed by encoding/xml: it fails the test when the
// bytes are not well-formed XML, and returns every element with its
// attributes and its own text.
type svgElem struct {
	name  string
	attrs map[string]string
	inh   map[string]string // its attributes and those it inherits from its groups
	text  string
}

func parseSVG(t *testing.T, what string, b []byte) []svgElem {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var out []svgElem
	var stack []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v\n%s", what, err, b)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := svgElem{name: tok.Name.Local, attrs: map[string]string{}, inh: map[string]string{}}
			if len(stack) > 0 {
				for k, v := range out[stack[len(stack)-1]].inh {
					e.inh[k] = v
				}
			}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
				e.inh[a.Name.Local] = a.Value
			}
			stack = append(stack, len(out))
			out = append(out, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].text += string(tok)
			}
		}
	}
	if len(out) == 0 || out[0].name != "svg" {
		t.Fatalf("%s: no <svg> root", what)
	}
	return out
}

// checkSVG holds a chart's SVG to what every drawing promises: well-formed
// XML, an <svg role="img"> labelled by the figure's caption, no style
// attribute or element (the CSP), no id but a pattern's (the chart's id,
// "_" and a number, each once), every reference to a pattern of its own,
// and only texts of the chart.
func checkSVG(t *testing.T, c *Chart) []svgElem {
	t.Helper()
	b := c.AppendSVG(nil)
	els := parseSVG(t, c.ID, b)
	root := els[0]
	if root.attrs["role"] != "img" || root.attrs["aria-labelledby"] != c.ID+"-caption" {
		t.Errorf("%s: root %v, want role=img and aria-labelledby=%s-caption", c.ID, root.attrs, c.ID)
	}
	ids := map[string]bool{}
	for _, e := range els {
		if id, ok := e.attrs["id"]; ok {
			n, err := strconv.Atoi(strings.TrimPrefix(id, c.ID+"_"))
			if e.name != "pattern" || !strings.HasPrefix(id, c.ID+"_") || err != nil || n < 0 || ids[id] {
				t.Errorf("%s: id %q on <%s>, want a pattern's, %s_<n>, once", c.ID, id, e.name, c.ID)
			}
			ids[id] = true
		}
	}
	for _, e := range els {
		if e.name == "style" || e.name == "script" {
			t.Errorf("%s: <%s> element", c.ID, e.name)
		}
		for k, v := range e.attrs {
			if k == "style" || strings.HasPrefix(k, "on") {
				t.Errorf("%s: %s attribute on <%s>", c.ID, k, e.name)
			}
			if ref, ok := strings.CutPrefix(v, "url(#"); ok && !ids[strings.TrimSuffix(ref, ")")] {
				t.Errorf("%s: %s=%q on <%s> names no pattern of the drawing", c.ID, k, v, e.name)
			}
		}
	}
	return els
}

// The drawings of the bundled example's report are kept as files
// (testdata/svg), to look at in a browser and to see any change in a diff
// (go test ./generator/charts -run SVGGolden -update-svg).
func TestSVGGolden(t *testing.T) {
	cs := siteCharts(t, loadSite(t, "../.."))
	// The test's report, with indicators and scores (ids of its own).
	for _, c := range siteCharts(t, &budget.Site{Config: budget.Config{Unit: budget.DefaultUnit}, Bureaus: []*budget.Bureau{example(t).Bureau}}) {
		c.ID = "test-" + c.ID
		cs = append(cs, c)
	}
	seen := map[string]bool{}
	n := 0
	for _, c := range cs {
		if seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		checkSVG(t, c)
		name := filepath.Join("testdata", "svg", c.ID+".svg")
		// A file needs the namespace the HTML parser gives the drawing
		// in a page.
		got := bytes.Replace(c.AppendSVG(nil), []byte("<svg "), []byte(`<svg xmlns="http://www.w3.org/2000/svg" `), 1)
		if *updateSVG {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, append(got, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%v (go test -run SVGGolden -update-svg writes it)", err)
		}
		if !bytes.Equal(append(got, '\n'), want) {
			t.Errorf("%s differs from %s at byte %d (run with -update-svg and look at the drawing)", c.ID, name, firstDiff(got, want))
		}
		n++
	}
	if n < 10 {
		t.Errorf("%d drawings compared, want at least 10", n)
	}
}

// Every text a chart's shapes show is drawn as it is, from the model's
// strings: the shown amounts of the example, never a float's digits.
func TestSVGTextsAreTheShownTexts(t *testing.T) {
	s := loadSite(t, "../..")
	rep, err := Report(s.Bureaus[0].Reports[0])
	if err != nil {
		t.Fatal(err)
	}
	cs := byNameT(t, rep)
	texts := func(c *Chart) string {
		var all []string
		for _, e := range checkSVG(t, c) {
			if e.name == "text" || e.name == "title" {
				all = append(all, e.text)
			}
		}
		return strings.Join(all, "\n")
	}
	for name, want := range map[string][]string{
		"funds-sources":   {"275.22 万元（10.00%）", "1,898.13 万元（68.94%）", "中央专项", "省级专项：579.80 万元（21.06%）"},
		"funds-structure": {"市级 1,898.13 万元", "733.50 万元", "（科技）知识产权保护、自主及奖励"},
		"execution":       {"733.50", "未公开", "商事制度改革 · 执行数：27.00 万元"},
		"execution-rate":  {"90%", "100.00%（算）"},
		"metrics-yoy":     {"+12.99%", "+32.93%"},
	} {
		c := cs[name]
		if c == nil {
			t.Errorf("the example has no %s chart", name)
			continue
		}
		got := texts(c)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no text %q in\n%s", name, w, got)
			}
		}
	}
}

// An absent figure is no bar, never a bar of 0: its text says what the
// table says (未公开), and no mark carries it as a value.
func TestSVGAbsentIsNoBar(t *testing.T) {
	b := &bars{Horizontal: true, Labels: true, Categories: []string{"甲", "乙"}, Series: []series{
		{Name: "年初预算", Values: []json.Number{json.Number("10"), noValue}, Texts: []string{"10.00", "未公开"}},
		{Name: "执行数", Values: []json.Number{noValue, json.Number("0")}, Texts: []string{"未公开", "0.00"}},
	}}
	c := &Chart{ID: "fig-t", svg: b.svg()}
	els := checkSVG(t, c)
	rects, absent := 0, 0
	for _, e := range els {
		if e.name == "title" && strings.Contains(e.text, "未公开") {
			t.Errorf("a mark for an absent value: %q", e.text)
		}
		if e.name == "text" && e.text == "未公开" {
			absent++
		}
	}
	for i, e := range els {
		if e.name == "path" && i+1 < len(els) && els[i+1].name == "title" {
			rects++
		}
	}
	if rects != 2 || absent != 2 {
		t.Errorf("%d bars with a value (want 2: 10 and a true 0), %d texts 未公开 (want 2)\n%s", rects, absent, c.AppendSVG(nil))
	}
	// A line breaks at a year without a value.
	l := &bars{Line: true, Labels: true, Categories: []string{"2021年", "2022年", "2023年", "2024年"}, Series: []series{
		{Name: "执行率", Values: []json.Number{json.Number("90"), json.Number("95"), noValue, json.Number("99")}, Texts: []string{"90%", "95%", "未公开", "99%"}},
	}}
	lc := &Chart{ID: "fig-l", svg: l.svg()}
	pts := 0
	for _, e := range checkSVG(t, lc) {
		if e.name == "polyline" {
			pts += len(strings.Fields(e.attrs["points"]))
		}
		if e.name == "circle" {
			pts += 10
		}
	}
	if pts != 2+30 { // one line of two points (2021–2022), three points
		t.Errorf("line over an absent year: %d (want a line of 2 points and 3 circles)\n%s", pts, lc.AppendSVG(nil))
	}
}

// Names with markup, quotes, control characters and invalid UTF-8 stay
// text: the SVG is well-formed and holds no element of them.
func TestSVGEscapes(t *testing.T) {
	for _, n := range awkward {
		b := &bars{Horizontal: true, Labels: true, Categories: []string{n, "乙"}, Series: []series{
			{Name: n, Values: []json.Number{json.Number("1"), json.Number("2")}, Texts: []string{n, "2.00"}},
			{Name: "二", Values: []json.Number{json.Number("-1"), noValue}, Texts: []string{"-1.00", "未公开"}},
		}, Ref: &ref{Value: "1", Label: n}}
		u := budget.DefaultUnit
		for _, c := range []*Chart{
			{ID: `fig-"<x>`, svg: b.svg()},
			{ID: "fig-p", svg: pieSVG([]slice{{Name: n, Amount: 100}, {Name: "中央", Amount: 300}}, 400, u)},
			{ID: "fig-m", svg: treemapSVG([]node{{Name: n, Amount: 500, Label: n + " 5.00 万元", Tooltip: n, Children: []node{{Name: n, Amount: 500, Label: n + "\n5.00 万元", Tooltip: n}}}}, u)},
		} {
			svg := c.AppendSVG(nil)
			checkSVG(t, c)
			if bytes.Contains(svg, []byte("<script")) || bytes.Contains(svg, []byte("<b>")) {
				t.Errorf("%q: markup of a name reached the SVG:\n%s", n, svg)
			}
		}
	}
}

// Any shape, of any names, values and options, draws well-formed XML in
// the same bytes twice, and shows every text of its values.
func TestSVGAnyShape(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2026))
	name := func() string {
		if r.IntN(4) == 0 {
			return awkward[r.IntN(len(awkward))]
		}
		return strings.Repeat("项目", 1+r.IntN(12))
	}
	for k := range 400 {
		b := &bars{Horizontal: r.IntN(3) > 0, Labels: r.IntN(4) > 0, Line: r.IntN(5) == 0}
		if r.IntN(3) == 0 {
			b.Ref = &ref{Value: json.Number(strconv.Itoa(r.IntN(200) - 20)), Label: "参考"}
		}
		if r.IntN(4) == 0 {
			b.Max = "200"
		}
		cats := r.IntN(14)
		for range cats {
			b.Categories = append(b.Categories, name())
		}
		for i := range r.IntN(5) {
			s := series{Name: name()}
			if r.IntN(3) == 0 {
				s.Stack = "s" + strconv.Itoa(r.IntN(2))
			}
			if r.IntN(4) == 0 {
				s.Color = Palette[i%len(Palette)]
			}
			for range cats {
				switch r.IntN(6) {
				case 0:
					s.Values, s.Texts = append(s.Values, noValue), append(s.Texts, "未公开")
				case 1:
					s.Values, s.Texts = append(s.Values, noValue), append(s.Texts, "")
				default:
					v := strconv.FormatFloat(float64(r.IntN(2000000)-300000)/100, 'f', 2, 64)
					if r.IntN(30) == 0 {
						v = "0"
					}
					s.Values, s.Texts = append(s.Values, json.Number(v)), append(s.Texts, v+"（"+name()+"）")
				}
			}
			b.Series = append(b.Series, s)
		}
		c := &Chart{ID: "fig-" + strconv.Itoa(k), svg: b.svg()}
		first := c.AppendSVG(nil)
		c2 := &Chart{ID: c.ID, svg: b.svg()}
		if !bytes.Equal(first, c2.AppendSVG(nil)) {
			t.Fatalf("shape %d: two drawings differ", k)
		}
		els := checkSVG(t, c)
		if !b.Horizontal || b.Line {
			// Columns leave out a value's text that would overlap
			// another: none overlaps.
			checkNoOverlap(t, c.ID, els)
			continue
		}
		if !b.Labels {
			continue
		}
		var shown strings.Builder
		for _, e := range els {
			if e.name == "text" {
				shown.WriteString(e.text + "\n")
			}
		}
		for i := range b.Series {
			for j, tx := range b.Series[i].Texts {
				if b.Series[i].Values[j] == noValue || tx == "" || strings.ContainsAny(tx, "\x00\x01\x1f\b\f\t\n\r\xff\u2028") {
					continue
				}
				if !strings.Contains(shown.String(), strings.ReplaceAll(tx, "\n", " ")) {
					t.Errorf("shape %d: value text %q not drawn", k, tx)
				}
			}
		}
	}
	u := budget.DefaultUnit
	for k := range 200 {
		var ss []slice
		var nodes []node
		var total budget.Amount
		for range r.IntN(8) {
			a := budget.Amount(r.IntN(1000000) - 50000)
			total += a
			ss = append(ss, slice{Name: name(), Amount: a})
			n := node{Name: name(), Amount: a, Label: name() + " " + a.FormatUnit(u), Tooltip: name()}
			for range r.IntN(6) {
				ca := budget.Amount(r.IntN(100000))
				n.Children = append(n.Children, node{Name: name(), Amount: ca, Label: name() + "\n" + ca.FormatUnit(u), Tooltip: name()})
			}
			nodes = append(nodes, n)
		}
		checkSVG(t, &Chart{ID: "fig-p" + strconv.Itoa(k), svg: pieSVG(ss, total, u)})
		checkSVG(t, &Chart{ID: "fig-m" + strconv.Itoa(k), svg: treemapSVG(nodes, u)})
	}
}

// Every chart of synthetic sites, with awkward names, negative and absent
// amounts, is well-formed and its bytes do not change from one build to
// the next.
func TestSVGSynthetic(t *testing.T) {
	n := 0
	for _, seed := range []uint64{1, 2} {
		s := synthReports(t, synth.Options{Bureaus: 4, Years: 3, Seed: seed})
		if seed == 2 {
			twist(s)
		}
		for _, c := range siteCharts(t, s) {
			checkSVG(t, c)
			n++
		}
	}
	if n < 50 {
		t.Errorf("%d charts drawn, want at least 50", n)
	}
}

func FuzzSVGWellFormed(f *testing.F) {
	f.Add("商事制度改革", "12.50", "未公开", int64(27500), true)
	f.Add("</text><x>&", "-1", "", int64(-1), false)
	f.Fuzz(func(t *testing.T, name, v, text string, amount int64, horizontal bool) {
		var val json.Number
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			val = json.Number(v)
		}
		b := &bars{Horizontal: horizontal, Labels: true, Categories: []string{name, "乙"}, Series: []series{
			{Name: name, Values: []json.Number{val, json.Number("3")}, Texts: []string{text, "3"}},
			{Name: text, Values: []json.Number{json.Number("1"), val}, Texts: []string{"1", text}},
		}, Ref: &ref{Value: "90", Label: name}}
		u := budget.DefaultUnit
		a := budget.Amount(amount)
		checkSVG(t, &Chart{ID: "fig-f", svg: b.svg()})
		checkSVG(t, &Chart{ID: "fig-p", svg: pieSVG([]slice{{Name: name, Amount: a}, {Name: text, Amount: 7}}, a+7, u)})
		checkSVG(t, &Chart{ID: "fig-m", svg: treemapSVG([]node{{Name: name, Amount: a, Label: name, Tooltip: text, Children: []node{{Name: text, Amount: a / 2, Label: text}}}}, u)})
	})
}

// textBox is the box a text of a drawing takes, by the writer's own
// width estimate, at its inherited size and anchor.
func textBoxOf(t *testing.T, e svgElem) box {
	t.Helper()
	num := func(k string) float64 {
		f, err := strconv.ParseFloat(e.inh[k], 64)
		if err != nil {
			t.Fatalf("<text> %s=%q: %v", k, e.inh[k], err)
		}
		return f
	}
	x, y, size := num("x"), num("y"), num("font-size")
	w := textW(e.text) * size / fontSize
	switch e.inh["text-anchor"] {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	return box{x, y - size + 1, w, size}
}

// checkNoOverlap fails when two texts of a drawing overlap (by more than
// half a unit) or a text reaches beyond its sides.
func checkNoOverlap(t *testing.T, id string, els []svgElem) {
	t.Helper()
	var boxes []box
	var texts []string
	for _, e := range els {
		if e.name != "text" {
			continue
		}
		r := textBoxOf(t, e)
		if r.x < -0.5 || r.x+r.w > svgWidth+0.5 {
			t.Errorf("%s: text %q from %.1f to %.1f, beyond the drawing", id, e.text, r.x, r.x+r.w)
		}
		for k, o := range boxes {
			if r.x+0.5 < o.x+o.w && o.x+0.5 < r.x+r.w && r.y+0.5 < o.y+o.h && o.y+0.5 < r.y+r.h {
				t.Errorf("%s: texts %q and %q overlap", id, texts[k], e.text)
			}
		}
		boxes, texts = append(boxes, r), append(texts, e.text)
	}
}

// Trends of many years, or of long labels, keep their texts apart: the
// years along the bottom are thinned (every other, every third, …) or
// wrapped, never cut while one fits and never turned; values that would
// overlap are left out, the newest kept.
func TestSVGColumnsTextsApart(t *testing.T) {
	labelKinds := map[string]func(j int) string{
		"year":     func(j int) string { return strconv.Itoa(2000+j) + "年" },
		"digits":   func(j int) string { return strconv.Itoa(2000 + j) },
		"fiscal":   func(j int) string { return strconv.Itoa(2000+j) + "年度预算" },
		"name":     func(j int) string { return "第" + strconv.Itoa(j+1) + "批专项资金项目" },
		"mixed":    func(j int) string { return strings.Repeat("项", 1+j%7) + "Q" + strconv.Itoa(j) },
		"unbroken": func(j int) string { return strings.Repeat("很长的项目名称", 8) + strconv.Itoa(j) },
	}
	valueKinds := []func(j int) string{
		func(j int) string { return strconv.Itoa(80+j%20) + "." + strconv.Itoa(10+j%90) + "%" },
		func(j int) string { return budget.Group(strconv.Itoa(1000+j*7919)) + ".25" },
	}
	for kind, label := range labelKinds {
		for n := 2; n <= 40; n++ {
			for variant := range 4 {
				b := &bars{Labels: true, Line: variant%2 == 0}
				if variant == 0 {
					b.Ref = &ref{Value: "90", Label: "90%"}
				}
				nseries := 1 + variant
				for j := range n {
					b.Categories = append(b.Categories, label(j))
				}
				for i := range nseries {
					s := series{Name: "系列" + strconv.Itoa(i)}
					if variant == 3 {
						s.Stack = "总"
					}
					for j := range n {
						if (i+j)%11 == 5 {
							s.Values, s.Texts = append(s.Values, noValue), append(s.Texts, "未公开")
							continue
						}
						v := 80 + (j*37+i*13)%20
						s.Values = append(s.Values, json.Number(strconv.Itoa(v)))
						s.Texts = append(s.Texts, valueKinds[variant%2](j+i))
					}
					b.Series = append(b.Series, s)
				}
				id := "fig-" + kind + "-" + strconv.Itoa(n) + "-" + strconv.Itoa(variant)
				c := &Chart{ID: id, svg: b.svg()}
				els := checkSVG(t, c)
				checkNoOverlap(t, id, els)
				// The newest year is labelled, whole when it fits on two lines.
				var bottom []string
				for _, e := range els {
					if e.name == "text" && e.inh["text-anchor"] == "middle" && e.inh["fill"] == inkColor {
						bottom = append(bottom, e.text)
					}
				}
				last := label(n - 1)
				if joined := strings.Join(bottom, ""); textW(last) <= 2*(svgWidth-2*svgPad-40) && !strings.Contains(joined, last) {
					t.Errorf("%s: the newest category %q is not labelled whole: %q", id, last, bottom)
				}
				for _, l := range bottom {
					if strings.HasSuffix(l, "…") && kind != "unbroken" {
						t.Errorf("%s: a category cut short although thinning fits it: %q", id, l)
					}
				}
			}
		}
	}
}

// rgb reads "#rrggbb" as fmt's scanner did (the palette's colours and
// their tints), and anything else still through it.
func TestRGB(t *testing.T) {
	colors := append([]string{"#000000", "#FFFFFF", "#1a1A1a", "#fff", "#12345", "#1234567", "#12x456", "+123456", "#+12345", ""}, Palette...)
	for _, c := range colors {
		var r, g, b int
		fmt.Sscanf(c, "#%02x%02x%02x", &r, &g, &b)
		if gr, gg, gb := rgb(c); gr != float64(r) || gg != float64(g) || gb != float64(b) {
			t.Errorf("rgb(%q) = %v %v %v, want %d %d %d", c, gr, gg, gb, r, g, b)
		}
	}
}

// Every chart measures its colours: reading one must not allocate (fmt's
// scanner did, a dozen times a colour).
func TestRGBNoAlloc(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { rgb(Palette[1]) }); n != 0 {
		t.Errorf("rgb allocates %v times, want 0", n)
	}
}

// appendXML's shortcut for plain texts writes what the rune-by-rune
// escaper writes, on texts at the edges of what it lets through.
func TestAppendXMLPlain(t *testing.T) {
	for _, s := range append(awkward, "", "中文（单位：万元）", "a\u0080b", "\u009f", "\u00a0", "\uFFFD", "\uFFFE", "\uFFFF", "\uFFFDx",
		"\xc2", "\xc2\x7f", "\xef\xbf", "\xef\xbf\xbe", "\xed\xa0\x80", "\U0010FFFF", "x\x7f", "&amp;",
		"中\xe4\xb8", "\xe4\x41\x80", "\xe4\xb8\xc0", "\xe0\x80\x80", "\xee\x80\x80", "\xec\xbf", "\xef\xbf\xbd", "\xef\xbc\x88", "\xef\xbf\xbf", "\xef\xbf", "\xe2\x80\xa8") {
		if got, want := appendXML(nil, s), appendXMLSlow(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendXML(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzAppendXML(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendXML(nil, s), appendXMLSlow(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendXML(%q) = %q, want %q", s, got, want)
		}
	})
}

// textW's shortcuts (a table for ASCII, Chinese without decoding) sum
// the widths runeWidth gives rune by rune, in the same order.
func TestTextWidthShortcuts(t *testing.T) {
	byRune := func(s string) float64 {
		w := 0.0
		for _, r := range s {
			w += runeWidth(r)
		}
		return w * fontSize
	}
	for _, s := range append(awkward, "", "中文（单位：万元）", "88.63%（达成）", "…—▶", "\xe4\xb8", "中\xe4\x41\x80", "\xee\x80\x80x", "a\u00e9\u0301", "\U0001F600", "\xff\xfe") {
		if got, want := textW(s), byRune(s); got != want {
			t.Errorf("textW(%q) = %v, want %v", s, got, want)
		}
	}
}

// Legends are kept by their series' names, colours and patterns (each
// after its length, so that names holding any bytes cannot make two
// sets one key): sets alike in their bytes are drawn apart, and a set
// drawn again from the cache is drawn as the first time.
func TestLegendKeysApart(t *testing.T) {
	draw := func(names ...string) string {
		b := &bars{Horizontal: true, Labels: true, Categories: []string{"甲"}}
		for _, n := range names {
			b.Series = append(b.Series, series{Name: n, Values: []json.Number{json.Number("1")}, Texts: []string{"1"}})
		}
		c := &Chart{ID: "fig-k", bars: b}
		return string(c.AppendSVG(nil))
	}
	a := draw("x\x00#0072B2\x00\x00y", "z")
	b := draw("x", "y\x00#E69F00\x00\x01z")
	if a == b || !strings.Contains(a, "z") || draw("x\x00#0072B2\x00\x00y", "z") != a {
		t.Errorf("two legends drawn alike, or one drawn twice unlike:\n%s\n%s", a, b)
	}
}

// TestLiveRoom: the box of horizontal bars keeps the room ECharts needs
// to draw their option in it, names broken as Chromium sets them at 84
// wide (six Chinese characters a line).
func TestLiveRoom(t *testing.T) {
	for s, want := range map[string]int{
		"合计":               0 + 1,
		"建设符合验收要求":         2,
		"交通建设符合环评审批要求":     2,
		"改善通行服务水平群众满意度":    3,
		"建设普通省道二级公路32.1公里": 3,
	} {
		if got := brokenLines(s, 84); got != want {
			t.Errorf("brokenLines(%q) = %d, want %d", s, got, want)
		}
	}
	name := "昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目" // 24 characters: 4 lines
	b := &bars{Horizontal: true, Labels: true, Categories: []string{name}, Series: []series{
		{Name: "年初预算", Values: []json.Number{noValue}, Texts: []string{"未公开"}},
		{Name: "全年预算", Values: []json.Number{"50.00"}, Texts: []string{"50.00"}},
		{Name: "执行数", Values: []json.Number{"10.00"}, Texts: []string{"10.00"}},
	}}
	// 28 above, 36 below (legend), 22 for the value axis, 4 × 15 + 4.
	if got, want := b.liveHeight(), 28+36+22+64; got != want {
		t.Errorf("room for one project's bars %d high, ECharts needs %d", got, want)
	}
	c := &Chart{bars: b}
	if got, want := string(c.AppendRoom(nil)), `<svg class="chart-room" width="1" height="150" aria-hidden="true" focusable="false"></svg>`; got != want {
		t.Errorf("room:\n got %s\nwant %s", got, want)
	}
	if b.svg().h >= 150 {
		t.Errorf("the static drawing is %d high: the room is not needed to test it", b.svg().h)
	}
}

// TestSlotCount: slotCount counts the slots stacked gives.
func TestSlotCount(t *testing.T) {
	for _, stacks := range [][]string{nil, {""}, {"", ""}, {"a", "a"}, {"a", "", "a", "b", ""}, {"a", "b", "a", "b"}} {
		b := &bars{}
		for _, st := range stacks {
			b.Series = append(b.Series, series{Stack: st})
		}
		want := 0
		for _, s := range b.stacked() {
			want = max(want, s+1)
		}
		if got := b.slotCount(); got != want {
			t.Errorf("stacks %q: slotCount %d, stacked gives %d slots", stacks, got, want)
		}
	}
}

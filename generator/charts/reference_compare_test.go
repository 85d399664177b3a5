package charts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// compared counts the options checked against the reference, by shape.
type compared map[string]int

// compareWithReference makes every option written until the test ends
// be written by both the direct writer and go-echarts' reference (the
// code before issue 16, reference_test.go), and fails the test on any
// difference in bytes or error.
func compareWithReference(t *testing.T) compared {
	t.Helper()
	n := compared{}
	check := func(shape, what string, got []byte, gotErr error, want []byte, wantErr error) {
		t.Helper()
		n[shape]++
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Errorf("%s %s: error %v, reference %v", shape, what, gotErr, wantErr)
			return
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s %s: option differs from go-echarts' at byte %d\n got %s\nwant %s", shape, what, firstDiff(got, want), around(got, want), around(want, got))
		}
	}
	bars0, pie0, treemap0 := writeBars, writePie, writeTreemap
	t.Cleanup(func() { writeBars, writePie, writeTreemap = bars0, pie0, treemap0 })
	writeBars = func(b *bars, dst []byte, d string) ([]byte, error) {
		got, gotErr := bars0(b, dst, d)
		if gotErr == nil {
			got = got[len(dst):]
		}
		want, wantErr := refBarsOption(b, d)
		shape := "bars"
		if b.Line {
			shape = "line"
		}
		check(shape, d, got, gotErr, want, wantErr)
		if gotErr != nil {
			return nil, gotErr
		}
		return append(dst, got...), nil
	}
	writePie = func(s []slice, total budget.Amount, u budget.Unit, d string) ([]byte, error) {
		got, gotErr := pie0(s, total, u, d)
		want, wantErr := refPieOption(s, total, u, d)
		check("pie", d, got, gotErr, want, wantErr)
		return got, gotErr
	}
	writeTreemap = func(ns []node, u budget.Unit, d string) ([]byte, error) {
		got, gotErr := treemap0(ns, u, d)
		want, wantErr := refTreemapOption(ns, u, d)
		check("treemap", d, got, gotErr, want, wantErr)
		return got, gotErr
	}
	return n
}

// written1, written2 and written5 make a chart maker write every
// option it made, as a page does.
func written1[A any](f func(A) ([]*Chart, error)) func(A) ([]*Chart, error) {
	return func(a A) ([]*Chart, error) { return writeAll(f(a)) }
}

func written2[A, B any](f func(A, B) ([]*Chart, error)) func(A, B) ([]*Chart, error) {
	return func(a A, b B) ([]*Chart, error) { return writeAll(f(a, b)) }
}

func written5[A, B, C, D, E any](f func(A, B, C, D, E) ([]*Chart, error)) func(A, B, C, D, E) ([]*Chart, error) {
	return func(a A, b B, c C, d D, e E) ([]*Chart, error) { return writeAll(f(a, b, c, d, e)) }
}

func writeAll(cs []*Chart, err error) ([]*Chart, error) {
	for _, c := range cs {
		c.Option()
	}
	return cs, err
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// around shows a's bytes near its first difference from b.
func around(a, b []byte) string {
	i := firstDiff(a, b)
	return string(a[max(0, i-80):min(len(a), i+80)])
}

// allCharts makes every chart of a site: each report's, each bureau's,
// and the overviews of each year and of the newest reports.
func allCharts(t *testing.T, s *budget.Site) {
	t.Helper()
	u := s.Config.Unit
	// Bars are written when their page is: write them here.
	Report, Bureau, Overview := written1(Report), written2(Bureau), written5(Overview)
	byYear := map[int][]*budget.Report{}
	var newest []*budget.Report
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			if _, err := Report(r); err != nil && !errors.Is(err, errFunc) {
				t.Errorf("%s: %v", r.File, err)
			}
			byYear[r.Year] = append(byYear[r.Year], r)
		}
		if _, err := Bureau(b, u); err != nil && !errors.Is(err, errFunc) {
			t.Errorf("%s: %v", b.Slug, err)
		}
		if len(b.Reports) > 0 {
			newest = append(newest, b.Reports[len(b.Reports)-1])
		}
	}
	for y, reps := range byYear {
		if _, err := Overview("fig-"+strconv.Itoa(y)+"-", strconv.Itoa(y)+"年", reps, reps, u); err != nil && !errors.Is(err, errFunc) {
			t.Errorf("overview %d: %v", y, err)
		}
	}
	if _, err := Overview("fig-home-", "最新", newest, newest, u); err != nil && !errors.Is(err, errFunc) {
		t.Errorf("overview: %v", err)
	}
}

func loadSite(t *testing.T, dir string) *budget.Site {
	t.Helper()
	s, diags := load.Site(os.DirFS(dir))
	if diags.Errors() > 0 || len(s.Bureaus) == 0 {
		t.Fatalf("%s: %d errors, %d bureaus", dir, diags.Errors(), len(s.Bureaus))
	}
	return s
}

// atLeast fails when fewer options of a shape were compared than the
// corpus is known to make, so that the comparison cannot pass empty.
func atLeast(t *testing.T, n compared, want map[string]int) {
	t.Helper()
	for shape, w := range want {
		if n[shape] < w {
			t.Errorf("%d %s options compared, want at least %d (all: %v)", n[shape], shape, w, n)
		}
	}
	t.Logf("options compared: %v", n)
}

// The bundled example and the real reports of the corpus.
func TestDirectMatchesGoEchartsReal(t *testing.T) {
	n := compareWithReference(t)
	allCharts(t, loadSite(t, "../.."))
	allCharts(t, loadSite(t, "../site/testdata/corpus"))
	allCharts(t, &budget.Site{Config: budget.Config{Unit: budget.DefaultUnit}, Bureaus: []*budget.Bureau{example(t).Bureau}})
	atLeast(t, n, map[string]int{"bars": 20, "pie": 5, "treemap": 2})
}

// Synthetic reports of several seeds, as they are and with names and
// amounts that a writer could get wrong: characters to escape, braces,
// very long names, negative and absent amounts, series without values.
func TestDirectMatchesGoEchartsSynthetic(t *testing.T) {
	n := compareWithReference(t)
	for _, seed := range []uint64{1, 2, 3, 4} {
		s := synthReports(t, synth.Options{Bureaus: 6, Years: 4, Seed: seed})
		allCharts(t, s)
		if seed%2 == 0 {
			twist(s)
			allCharts(t, s)
		}
	}
	atLeast(t, n, map[string]int{"bars": 300, "line": 20, "pie": 40, "treemap": 20})
}

// awkward are names that need escaping or can break a formatter.
var awkward = []string{
	`</script><b>"引号"&amp;`,
	"行\u2028分\u2029段",
	"{@t0}｛b｝{a|x}",
	strings.Repeat("很长的项目名称", 40),
	"tab\tnew\nline\r\x01\x1f\b\f",
	"bad\xffutf8",
	`back\slash "q"`,
	"__f__function(p){return p.name}__f__",
	"",
}

// twist rewrites the loaded site in place with awkward names, negative
// amounts and absent figures, deterministically.
func twist(s *budget.Site) {
	k := 0
	name := func() string { k++; return awkward[k%len(awkward)] }
	for _, b := range s.Bureaus {
		b.Name = name()
		for i, r := range b.Reports {
			for j, p := range r.Projects {
				p.Name = name()
				switch (i + j) % 4 {
				case 0:
					p.Executed = nil
				case 1:
					if p.Adjusted != nil {
						neg := -*p.Adjusted
						p.Adjusted = &neg
					}
				case 2:
					p.Initial, p.Adjusted, p.Executed = nil, nil, nil
				}
				for _, in := range p.Indicators {
					in.Name = name()
				}
			}
			if r.Funds != nil {
				for j, src := range r.Funds.Sources {
					src.Name = name()
					if j == 1 && src.Amount != nil {
						neg := -*src.Amount
						src.Amount = &neg
					}
					for _, it := range src.Items {
						it.Name = name()
					}
				}
			}
			for _, m := range r.Metrics {
				m.Name = name()
			}
		}
	}
}

// Shapes at their edges, written directly: no series, no rows, absent
// values only, vertical bars with a fixed end and a line, a treemap
// three levels deep and one of nothing.
func TestDirectMatchesGoEchartsEdges(t *testing.T) {
	n := compareWithReference(t)
	u := budget.DefaultUnit
	v := func(s string) json.Number { return json.Number(s) }
	for _, b := range []*bars{
		{},
		{Horizontal: true, Labels: true},
		{Categories: []string{}, Series: []series{{Name: "空"}}},
		{Categories: []string{"a", "b"}, Series: []series{{Name: "无值", Values: []json.Number{noValue, noValue}, Texts: []string{"", ""}}}, Horizontal: true, Labels: true},
		{Categories: []string{"甲", awkward[0]}, Unit: awkward[1], Max: "200", Ref: &ref{Value: "100", Label: "{100%}"},
			Series: []series{{Name: awkward[2], Values: []json.Number{v("-12.50"), noValue}, Texts: []string{"-12.50", awkward[4]}, Tips: []string{"x", "y"}, Stack: "s", Color: "#0072B2"},
				{Name: "b", Values: []json.Number{v("0"), v("1e3")}, Texts: []string{"0", "1e3"}, Stack: "s"}}},
		{Line: true, Unit: "%", Labels: true, Ref: ninety, Categories: []string{"2022年", "2023年", "2024年"},
			Series: []series{{Name: "执行率", Values: []json.Number{v("95.5"), noValue, v("88")}, Texts: []string{"95.5%", "未公开", "88%"}}}},
		{Line: true, Horizontal: true, Max: "10", Categories: []string{"x"}, Series: []series{{Name: "l", Values: []json.Number{v("1")}, Texts: []string{"1"}}}},
	} {
		writeBars(b, nil, awkward[len(awkward)-1-len(b.Categories)])
	}
	writePie(nil, 0, u, "")
	writePie([]slice{{Name: awkward[0], Amount: -100}, {Name: "中央", Amount: 300}}, 200, u, awkward[1])
	writePie([]slice{{Name: "零", Amount: 0}}, 0, u, "零")
	writeTreemap(nil, u, "")
	writeTreemap([]node{
		{Name: "市级", Amount: 1000, Label: "{a}", Tooltip: awkward[0], Children: []node{
			{Name: "小", Amount: 1, Label: "小", Tooltip: "t", Children: []node{{Name: "孙", Amount: 1, Label: awkward[2], Tooltip: "g"}}},
			{Name: awkward[1], Amount: 999, Label: "大", Tooltip: "t"},
		}},
		{Name: "其他", Amount: -5, Label: "负", Tooltip: "n"},
	}, u, "树")
	writeTreemap([]node{{Name: "零", Amount: 0, Children: []node{{Name: "零", Amount: 0}}}}, u, "total 0")
	atLeast(t, n, map[string]int{"bars": 5, "line": 2, "pie": 3, "treemap": 3})
}

// The JSON strings are encoding/json's, with HTML escaping.
func TestAppendString(t *testing.T) {
	for _, s := range append(awkward, "中文", "\u2027\u202a", "\x7f", "\xe2\x80", "a<b>c&d") {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
		want, _ = json.Marshal(literal(s))
		if got := appendLiteral(nil, s); string(got) != string(want) {
			t.Errorf("appendLiteral(%q) = %s, want %s", s, got, want)
		}
	}
}

// Random names and amounts through both writers of every shape.
func FuzzDirectMatchesGoEcharts(f *testing.F) {
	for i, s := range awkward {
		f.Add(s, awkward[(i+1)%len(awkward)], int64(i*1000-3000), int64(275_22_00), uint8(i*37))
	}
	f.Fuzz(func(t *testing.T, a, b string, x, y int64, flags uint8) {
		compareWithReference(t)
		u := budget.DefaultUnit
		ax, ay := budget.Amount(x), budget.Amount(y)
		bit := func(i uint) bool { return flags&(1<<i) != 0 }
		br := &bars{Categories: []string{a, b}, Unit: b, Horizontal: bit(0), Labels: bit(1), Line: bit(2)}
		if bit(3) {
			br.Max = "200"
		}
		if bit(4) {
			br.Ref = &ref{Value: "90", Label: a}
		}
		s0 := series{Name: a, Values: []json.Number{money(ax, u), noValue}, Texts: []string{ax.FormatUnit(u), b}}
		s1 := series{Name: b, Values: []json.Number{noValue, money(ay, u)}, Texts: []string{a, ay.Format(u)}}
		if bit(5) {
			s0.Tips = []string{b, a}
		}
		if bit(6) {
			s0.Stack, s1.Stack = a, a
			s1.Color = b
		}
		br.Series = []series{s0}
		if bit(7) {
			br.Series = append(br.Series, s1)
		}
		writeBars(br, []byte("prefix"), a+b)
		writePie([]slice{{Name: a, Amount: ax}, {Name: b, Amount: ay}}, ax+ay, u, b)
		writeTreemap([]node{
			{Name: a, Amount: ax, Label: b, Tooltip: a},
			{Name: b, Amount: ax + ay, Label: a, Tooltip: b, Children: []node{{Name: a, Amount: ax, Label: a, Tooltip: b}, {Name: b, Amount: ay, Label: b, Tooltip: a}}},
		}, u, fmt.Sprint(x, y))
	})
}

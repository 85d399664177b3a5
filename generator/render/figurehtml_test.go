package render

import (
	"html/template"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/charts"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// refFigure is the default theme's figure partial as it was before
// figureHTML (testdata/figure.html), with the same functions.
func refFigure(t testing.TB) *template.Template {
	t.Helper()
	ref, err := template.New("ref").Funcs(funcs(nil)).ParseFiles("testdata/figure.html")
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

// sameFigure fails the test when figureHTML's bytes for c are not the
// reference partial's.
func sameFigure(t testing.TB, ref *template.Template, c *charts.Chart) {
	t.Helper()
	var want strings.Builder
	if err := ref.ExecuteTemplate(&want, "figure", c); err != nil {
		t.Fatalf("%s: reference: %v", c.ID, err)
	}
	got, err := figureHTML(c)
	if err != nil {
		t.Fatalf("%s: %v", c.ID, err)
	}
	if string(got) != want.String() {
		i := firstDiff(string(got), want.String())
		t.Errorf("figure %q differs from the partial's at byte %d:\n got …%s…\nwant …%s…", c.ID, i, near(string(got), i), near(want.String(), i))
	}
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func near(s string, i int) string { return s[max(0, i-60):min(len(s), i+60)] }

// siteCharts makes every chart of a site, as the pages do: each
// report's, each bureau's, each year's overview and the home page's.
func siteCharts(t testing.TB, s *budget.Site) []*charts.Chart {
	t.Helper()
	u := s.Config.Unit
	var all []*charts.Chart
	add := func(cs []*charts.Chart, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, cs...)
	}
	byYear := map[int][]*budget.Report{}
	var newest []*budget.Report
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			add(charts.Report(r))
			byYear[r.Year] = append(byYear[r.Year], r)
		}
		add(charts.Bureau(b, u))
		if len(b.Reports) > 0 {
			newest = append(newest, b.Reports[len(b.Reports)-1])
		}
	}
	for y, reps := range byYear {
		add(charts.Overview("fig-"+strconv.Itoa(y)+"-", strconv.Itoa(y)+"年", reps, reps, u))
	}
	add(charts.Overview("fig-home-", "最新", newest, newest, u))
	return all
}

// checkAll compares every chart and its placements in the narrative,
// and fails when there were fewer than least, so that it cannot pass
// having compared nothing.
func checkAll(t *testing.T, cs []*charts.Chart, least int) {
	t.Helper()
	ref := refFigure(t)
	feet := 0
	for _, c := range cs {
		sameFigure(t, ref, c)
		sameFigure(t, ref, c.InText(1))
		sameFigure(t, ref, c.InText(12))
		if len(c.Table.Foot) > 0 {
			feet++
		}
	}
	if len(cs) < least || feet == 0 || feet == len(cs) {
		t.Errorf("compared %d charts (%d with a totals row), want at least %d, some with and some without a totals row", len(cs), feet, least)
	}
	t.Logf("%d charts compared, %d with a totals row", len(cs), feet)
}

// Every chart of the bundled example and of the real reports of the
// corpus, as its section and as placed in the narrative.
func TestFigureHTMLMatchesPartialReal(t *testing.T) {
	for dir, least := range map[string]int{"../..": 7, "../site/testdata/corpus": 40} {
		s, diags := load.Site(os.DirFS(dir))
		if diags.Errors() > 0 || len(s.Bureaus) == 0 {
			t.Fatalf("%s: %d errors, %d bureaus", dir, diags.Errors(), len(s.Bureaus))
		}
		checkAll(t, siteCharts(t, s), least)
	}
}

// hostile are captions, units and ids that need escaping in one of the
// figure's contexts, or that a writer could get wrong.
var hostile = []string{
	"",
	`"引号" 'single' <b>&amp;</b>`,
	"</script><script>alert(1)</script>",
	"行\u2028分\u2029段",
	"javascript:alert(1)",
	"1+1 > 0 & x < 2",
	"nul\x00byte",
	"bad\xffutf8\xe2\x80",
	"{{.ID}} %41 %zz",
	strings.Repeat("很长的单位", 30),
}

// Synthetic sites of several seeds, and their charts again with hostile
// ids, captions, units, sizes and cells, with and without a totals row.
func TestFigureHTMLMatchesPartialSynthetic(t *testing.T) {
	var all []*charts.Chart
	for _, seed := range []uint64{1, 2, 3} {
		s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 4, Years: 3, Seed: seed}))
		if diags.Errors() > 0 || len(s.Bureaus) == 0 {
			t.Fatalf("seed %d: %d errors", seed, diags.Errors())
		}
		all = append(all, siteCharts(t, s)...)
	}
	checkAll(t, all, 100)

	var twisted []*charts.Chart
	for i, c := range all[:40] {
		cp := *c
		h := func(k int) string { return hostile[(i+k)%len(hostile)] }
		cp.ID, cp.Caption, cp.Unit, cp.Size = h(0), h(1), h(2), h(3)
		cp.Table = charts.Table{Head: append([]charts.Cell{}, c.Table.Head...), Rows: c.Table.Rows}
		if len(cp.Table.Head) > 1 {
			cp.Table.Head[1] = charts.TextCell(h(4))
			if c.Table.Head[1].Num() {
				cp.Table.Head[1] = charts.NumCell(h(4), "")
			}
		}
		if i%2 == 0 {
			cp.Table.Foot = []charts.Cell{charts.TextCell(h(5)), charts.NumCell(h(6), "")}
		}
		twisted = append(twisted, &cp)
	}
	checkAll(t, twisted, 40)
}

func TestFigureHTMLOfNoChart(t *testing.T) {
	if _, err := figureHTML(nil); err == nil {
		t.Error("figureHTML(nil) gave no error")
	}
}

// The CSV link's href is escaped as html/template escapes a URL
// attribute: schemes filtered, bytes percent-encoded, & as &amp;.
func TestFigureURLLikeHTMLTemplate(t *testing.T) {
	for _, s := range append(hostile, "charts.csv", "a b/c?d=1&e=2#f", "HTTPS://x.test/%7e", "mailto:a@b", "data:text/csv,1", "../x:y", "%", "%4", "%4g") {
		if got, want := viaURLWriter(s), viaURLTemplate(t, s); got != want {
			t.Errorf("url(%q) = %q, html/template gives %q", s, got, want)
		}
		var w rowWriter
		w.urlPath(s)
		if got, want := w.String(), viaTemplateBetween(t, `<a href="x/`, `">`, s); got != want {
			t.Errorf("urlPath(%q) = %q, html/template gives %q", s, got, want)
		}
	}
}

func viaURLWriter(s string) string {
	var w rowWriter
	w.url(s)
	return w.String()
}

func viaURLTemplate(t testing.TB, s string) string {
	return viaTemplateBetween(t, `<a href="`, `">`, s)
}

// viaTemplateBetween is what html/template prints for s between before
// and after, in whatever context they open.
func viaTemplateBetween(t testing.TB, before, after, s string) string {
	t.Helper()
	var b strings.Builder
	tmpl := template.Must(template.New("").Parse(before + "{{.}}" + after))
	if err := tmpl.Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(strings.TrimPrefix(b.String(), before), after)
}

// Random ids, captions, units and cells through the writer and the
// reference partial; and random URLs through both escapers.
func FuzzFigureHTML(f *testing.F) {
	for i, s := range hostile {
		f.Add(s, hostile[(i+1)%len(hostile)], hostile[(i+2)%len(hostile)], i%2 == 0)
	}
	ref := refFigure(f)
	f.Fuzz(func(t *testing.T, id, caption, unit string, foot bool) {
		c := &charts.Chart{ID: id, Caption: caption, Unit: unit, Size: unit,
			Table: charts.Table{Head: []charts.Cell{charts.TextCell(caption), charts.NumCell(unit, "")},
				Rows: [][]charts.Cell{{charts.TextCell(id), charts.NumCell(caption, "")}}}}
		if foot {
			c.Table.Foot = []charts.Cell{charts.TextCell(unit), charts.NumCell(id, "")}
		}
		sameFigure(t, ref, c)
		sameFigure(t, ref, c.InText(3))
		if got, want := viaURLWriter(id), viaURLTemplate(t, id); got != want {
			t.Errorf("url(%q) = %q, html/template gives %q", id, got, want)
		}
	})
}

package render

import (
	"html/template"
	"maps"
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/charts"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// projectSets are the project partial of before (testdata/project.html)
// and the default theme's, each with the same figure: the default
// theme's, the one of before, or one a theme might write (a marker), so
// that a theme's own figure is seen to be the one inside a card.
type projectSets struct{ ref, now []*template.Template }

func loadProjectSets(t testing.TB) projectSets {
	t.Helper()
	const partials = "../../themes/default/templates/partials/"
	var ps projectSets
	for _, figure := range []string{partials + "figure.html", "testdata/figure.html", ""} {
		for _, project := range []string{"testdata/project.html", partials + "project.html"} {
			tm, err := template.New("t").Funcs(funcs(nil)).ParseFiles(project)
			if err == nil && figure != "" {
				_, err = tm.ParseFiles(figure)
			} else if err == nil {
				_, err = tm.Parse(`{{define "figure"}}<figure data-theme="{{.ID}}">{{.Caption}}</figure>{{end}}`)
			}
			if err != nil {
				t.Fatal(err)
			}
			if project == "testdata/project.html" {
				ps.ref = append(ps.ref, tm)
			} else {
				ps.now = append(ps.now, tm)
			}
		}
	}
	return ps
}

// sameProject fails the test when the default theme's project partial
// writes other bytes than the partial of before for a card, with each
// figure; it returns the card as written with the default figure.
func sameProject(t testing.TB, ps projectSets, rv *ReportView, pv *ProjectView, u budget.Unit) string {
	t.Helper()
	data := map[string]any{"P": pv, "U": u, "R": rv}
	var card string
	for i := range ps.ref {
		var want, got strings.Builder
		if err := ps.ref[i].ExecuteTemplate(&want, "project", data); err != nil {
			t.Fatalf("%q: reference: %v", pv.ID, err)
		}
		if err := ps.now[i].ExecuteTemplate(&got, "project", data); err != nil {
			t.Fatalf("%q: %v", pv.ID, err)
		}
		if got.String() != want.String() {
			j := firstDiff(got.String(), want.String())
			t.Errorf("project %q (figure %d) differs from the partial's at byte %d:\n got …%s…\nwant …%s…", pv.ID, i, j, near(got.String(), j), near(want.String(), j))
		}
		if i == 0 {
			card = got.String()
		}
	}
	return card
}

// reportViews are the report views of a site with their charts, as the
// report pages have them.
func reportViews(t testing.TB, s *budget.Site) []*ReportView {
	t.Helper()
	var out []*ReportView
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			rv := newReportView(r, s.Config.Scoring)
			cs, err := charts.Report(r)
			if err != nil {
				t.Fatal(err)
			}
			rv.Charts = byName(cs)
			out = append(out, rv)
		}
	}
	return out
}

// cardParts counts the parts of the cards compared, so that a test can
// require that each was written at least once (and left out once).
type cardParts map[string]int

var cardMarks = map[string]string{
	"code":        "<dt>项目编码</dt>",
	"transfer":    "<dt>中央主管部门</dt>",
	"absent fact": "<dd>未公开</dd>",
	"as of":       "<time datetime=",
	"summary":     `<p class="budget-summary">`,
	"received":    `<p class="budget-summary">实际到位`,
	"adjustment":  " · 预算调整 ",
	"deviation":   `<p class="deviation">`,
	"goals":       `<dl class="goals">`,
	"goal score":  "<dt>年度目标完成情况</dt>",
	"indicators":  `<table class="indicators stack">`,
	"figure":      `<figure class="figure"`,
	"total":       `<p class="score">总分`,
	"grade only":  `<p class="score">等级`,
	"graded":      " · 等级 <strong>",
}

func (c cardParts) count(card string) {
	c["cards"]++
	for part, mark := range cardMarks {
		if strings.Contains(card, mark) {
			c[part]++
		}
	}
}

// check fails unless at least least cards were compared and each part
// was in some of them and not in others.
func (c cardParts) check(t *testing.T, least int) {
	t.Helper()
	if c["cards"] < least {
		t.Errorf("compared %d cards, want at least %d", c["cards"], least)
	}
	for part := range cardMarks {
		if c[part] == 0 || c[part] == c["cards"] {
			t.Errorf("%d of %d cards have %s: want some with and some without", c[part], c["cards"], part)
		}
	}
	t.Logf("%v", map[string]int(c))
}

// Every project of the bundled example and of the real reports of the
// corpus (every form, facts given and not, dates, scores and grades).
func TestProjectHTMLMatchesPartialReal(t *testing.T) {
	ps := loadProjectSets(t)
	for dir, least := range map[string]int{"../..": 3, "../site/testdata/corpus": 10} {
		s, diags := load.Site(os.DirFS(dir))
		if diags.Errors() > 0 || len(s.Bureaus) == 0 {
			t.Fatalf("%s: %d errors, %d bureaus", dir, diags.Errors(), len(s.Bureaus))
		}
		n := 0
		for _, rv := range reportViews(t, s) {
			for _, pv := range rv.Projects {
				sameProject(t, ps, rv, pv, rv.Unit)
				n++
			}
		}
		if n < least {
			t.Errorf("%s: compared %d projects, want at least %d", dir, n, least)
		}
	}
}

// twist makes a variant of a project: k chooses its form and which of
// its facts, texts, dates, scores and figures are given, empty or
// hostile, so that over the projects of a few sites every combination
// of each with the form comes up.
func twist(p *budget.Project, k int, s budget.Scoring, u budget.Unit) *ProjectView {
	cp := *p
	mix := uint32(k/len(budget.Forms)+1) * 2654435761 // every bit varies with k
	bit := func(i int) bool { return mix>>(31-i)&1 == 1 }
	h := func(i int) string { return hostile[(k+i)%len(hostile)] }
	cp.Form = budget.Forms[k%len(budget.Forms)]
	pick := func(i int, plain string) string {
		switch {
		case bit(i) && bit(i+1):
			return h(i)
		case bit(i):
			return plain
		}
		return ""
	}
	cp.Code = pick(0, "2023-001")
	cp.Department = pick(1, "市市场监督管理局")
	cp.CentralDepartment = pick(2, "国家市场监督管理总局")
	cp.Implementer = pick(3, "市计量测试所")
	cp.Deviation = pick(4, "采购延后")
	cp.Goal = pick(5, "完成检查600户")
	cp.Outcome = pick(6, "完成640户")
	cp.Grade = pick(7, "优")
	if bit(8) {
		cp.AsOf = budget.Date{Year: 2024, Month: k%12 + 1, Day: k%28 + 1}
	} else {
		cp.AsOf = budget.Date{}
	}
	pts := budget.Points(9050 + k)
	if bit(9) {
		cp.Score = &pts
	} else {
		cp.Score = nil
	}
	if bit(10) {
		cp.GoalWeight, cp.GoalScore = nil, nil
	} else if bit(3) {
		cp.GoalWeight = &pts
	}
	if bit(11) {
		cp.Received, cp.ReceiptRate, cp.Balance, cp.Change = nil, nil, nil, nil
	}
	if bit(1) && bit(4) {
		cp.Indicators = nil
	}
	if bit(2) && bit(5) {
		cp.Name, cp.ID = h(7), h(8)
		f := *cp.Form
		f.Label, f.Weight = h(9), h(10)
		cp.Form = &f
	}
	v := newProjectView(&cp, s, u)
	if bit(6) && bit(7) {
		v.Anchor = h(11)
	}
	return v
}

// Projects of synthetic sites of several seeds, each in variants of
// every form with facts absent, given and hostile, dates, deviation,
// goals, scores and grades, units and ids hostile too.
func TestProjectHTMLMatchesPartialSynthetic(t *testing.T) {
	ps := loadProjectSets(t)
	parts := cardParts{}
	k := 0
	for _, seed := range []uint64{1, 2, 3} {
		s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 4, Years: 3, Seed: seed}))
		if diags.Errors() > 0 || len(s.Bureaus) == 0 {
			t.Fatalf("seed %d: %d errors", seed, diags.Errors())
		}
		for _, rv := range reportViews(t, s) {
			parts.count(sameProject(t, ps, rv, rv.Projects[0], rv.Unit))
			for _, pv := range rv.Projects {
				for range 12 {
					v := twist(pv.Project, k, s.Config.Scoring, rv.Unit)
					u := rv.Unit
					r := rv
					if v.ID != pv.ID && k%2 == 0 { // the charts under the project's new id
						cp := *rv
						cp.Charts = maps.Clone(rv.Charts)
						for _, kind := range []string{"indicators-", "scores-"} {
							cp.Charts[kind+v.ID] = rv.Charts[kind+pv.ID]
						}
						r = &cp
					} // else it has none

					if k%5 == 0 {
						u.Name = hostile[k%len(hostile)]
					}
					parts.count(sameProject(t, ps, r, v, u))
					k++
				}
			}
		}
	}
	parts.check(t, 1000)
}

func TestProjectHTMLOfNoProject(t *testing.T) {
	if _, err := projectHTML(nil, budget.Unit{}); err == nil {
		t.Error("projectHTML(nil) gave no error")
	}
	if _, err := projectHTML(&ProjectView{Project: &budget.Project{}}, budget.Unit{}); err == nil {
		t.Error("projectHTML of a project with no form gave no error")
	}
	if _, err := projectEndHTML(&ProjectView{}); err == nil {
		t.Error("projectEndHTML of no project gave no error")
	}
}

// The skip link's fragment is escaped as html/template escapes a URL
// after its #: every byte but letters, digits and -._~ percent-encoded.
func TestURLPartLikeHTMLTemplate(t *testing.T) {
	for _, s := range append(hostile, "project-a1", "a b/c?d=1&e=2#f", "%41", "~x_y.z") {
		if got, want := viaURLPartWriter(s), viaURLPartTemplate(t, s); got != want {
			t.Errorf("urlPart(%q) = %q, html/template gives %q", s, got, want)
		}
	}
}

func viaURLPartWriter(s string) string {
	var w rowWriter
	w.urlPart(s)
	return w.String()
}

func viaURLPartTemplate(t testing.TB, s string) string {
	return viaTemplateBetween(t, `<a href="#`, `-end">`, s)
}

// Random names, codes, departments, ids, texts and grades through the
// writer and the reference partial, on a project of the bundled example
// in each form.
func FuzzProjectHTML(f *testing.F) {
	for i, s := range hostile {
		f.Add(s, hostile[(i+1)%len(hostile)], hostile[(i+2)%len(hostile)], hostile[(i+3)%len(hostile)], uint8(i))
	}
	ps := loadProjectSets(f)
	s, diags := load.Site(os.DirFS("../.."))
	if diags.Errors() > 0 || len(s.Bureaus) == 0 {
		f.Fatalf("example: %d errors", diags.Errors())
	}
	rv := reportViews(f, s)[0]
	base := rv.Projects[0].Project
	f.Fuzz(func(t *testing.T, name, code, dept, id string, k uint8) {
		p := *base
		p.Name, p.Code, p.Department, p.CentralDepartment, p.Implementer = name, code, dept, id, name
		p.ID, p.Goal, p.Outcome, p.Deviation, p.Grade = id, code, dept, name, id
		p.Form = budget.Forms[int(k)%len(budget.Forms)]
		v := newProjectView(&p, s.Config.Scoring, rv.Unit)
		if k&64 != 0 {
			v.Anchor = id
		}
		u := rv.Unit
		if k&128 != 0 {
			u.Name = code
		}
		sameProject(t, ps, rv, v, u)
		if got, want := viaURLPartWriter(id), viaURLPartTemplate(t, id); got != want {
			t.Errorf("urlPart(%q) = %q, html/template gives %q", id, got, want)
		}
	})
}

// A project's indicator rows are viewed from one block, not a view
// allocated a row, and only when a template asks for them: n more rows
// cost newProjectView at most two allocations (about 3 n when it viewed
// them all), and Indicators at most 4 n more (their texts, completion
// and notes; more than 4 n with a view a row).
func TestProjectViewRowsInOneBlock(t *testing.T) {
	s, r := oneSynthReport(t)
	for _, p := range r.Projects {
		twice := *p
		twice.Indicators = append(append([]*budget.Indicator{}, p.Indicators...), p.Indicators...)
		n := float64(len(p.Indicators))
		one := testing.AllocsPerRun(10, func() { newProjectView(p, s.Config.Scoring, r.Unit) })
		two := testing.AllocsPerRun(10, func() { newProjectView(&twice, s.Config.Scoring, r.Unit) })
		rows := testing.AllocsPerRun(10, func() { newProjectView(p, s.Config.Scoring, r.Unit).Indicators() })
		rows2 := testing.AllocsPerRun(10, func() { newProjectView(&twice, s.Config.Scoring, r.Unit).Indicators() })
		t.Logf("%s: %.0f indicators, %.0f allocations (%.0f with the rows' views); twice as many, %.0f (%.0f)", p.ID, n, one, rows, two, rows2)
		if two-one > 2 {
			t.Errorf("%s: %.0f more indicators take %.0f more allocations in newProjectView, want at most 2", p.ID, n, two-one)
		}
		if rows2-rows > 4*n {
			t.Errorf("%s: %.0f more indicators take %.0f more allocations in Indicators, want at most %.0f", p.ID, n, rows2-rows, 4*n)
		}
	}
}

// The page writer writes a project's indicator rows from one view it
// reuses: n more rows cost writing the card their texts, not a view
// each (360 bytes) as well, as when newProjectView viewed them all.
func TestIndicatorRowsWrittenFromOneView(t *testing.T) {
	s, r := oneSynthReport(t)
	size := uint64(unsafe.Sizeof(IndicatorView{}))
	for _, p := range r.Projects {
		twice := *p
		twice.Indicators = append(append([]*budget.Indicator{}, p.Indicators...), p.Indicators...)
		n := uint64(len(p.Indicators))
		var w rowWriter
		w.Grow(64 << 10)
		card := func(p *budget.Project) uint64 {
			return allocs.Bytes(10, func() {
				w.buf = w.buf[:0]
				w.projectStart(newProjectView(p, s.Config.Scoring, r.Unit), r.Unit)
			})
		}
		views := func(p *budget.Project) uint64 {
			return allocs.Bytes(10, func() { newProjectView(p, s.Config.Scoring, r.Unit).Indicators() })
		}
		rows, viewed := card(&twice)-card(p), views(&twice)-views(p)
		t.Logf("%s: %d more rows: %d B more writing the card, %d B more viewing them", p.ID, n, rows, viewed)
		if rows+n*size/2 > viewed {
			t.Errorf("%s: %d more rows take the card %d more bytes, their views %d: want the views' block (%d B) less", p.ID, n, rows, viewed, n*size)
		}
	}
}

// The page writer writes a project's budget table straight into the
// page: a project card written into a buffer with room allocates less
// than the table's own bytes (its cells' maps and columns), where the
// table was written into a buffer grown from empty and then copied.
func TestBudgetTableWrittenInPlace(t *testing.T) {
	s, r := oneSynthReport(t)
	for _, p := range r.Projects {
		bare := *p // the card without its indicator rows, which format their texts when written
		bare.Indicators = nil
		v := newProjectView(&bare, s.Config.Scoring, r.Unit)
		table := len(budgetTable(v))
		var w rowWriter
		w.projectStart(v, r.Unit)
		w.Grow(len(w.buf))
		n := allocs.Bytes(5, func() {
			w.buf = w.buf[:0]
			w.projectStart(v, r.Unit)
		})
		t.Logf("%s: table %d B, card %d B, %d B allocated", p.ID, table, len(w.buf), n)
		if n >= uint64(table) {
			t.Errorf("%s: writing the card allocates %d B, its budget table is %d B", p.ID, n, table)
		}
	}
}

// oneSynthReport is the site of one synthetic report, and the report.
func oneSynthReport(t *testing.T) (*budget.Site, *budget.Report) {
	t.Helper()
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 1, Years: 1, Seed: 4}))
	if diags.Errors() > 0 {
		t.Fatal(diags.Errors(), "errors")
	}
	return s, s.Bureaus[0].Reports[0]
}

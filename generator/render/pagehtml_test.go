package render

import (
	"bytes"
	"io/fs"
	"math/big"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/synth"
	"github.com/disclose-portal/disclose/generator/validate"
)

// pageThemes are the default theme and the theme of before pagehtml.go:
// the same, but for report.html, bureau.html and the glance partial as
// they were (testdata), which ranged over the fields in html/template.
func pageThemes(t testing.TB) (ref, now *Renderer) {
	t.Helper()
	def := os.DirFS("../../themes/default")
	old := fstest.MapFS{}
	for name, file := range map[string]string{
		"templates/report.html":          "testdata/report.html",
		"templates/bureau.html":          "testdata/bureau.html",
		"templates/partials/glance.html": "testdata/glance.html",
	} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		old[name] = &fstest.MapFile{Data: data}
	}
	thRef, err := LoadTheme(Overlay(old, def))
	if err != nil {
		t.Fatal(err)
	}
	thNow, err := LoadTheme(def)
	if err != nil {
		t.Fatal(err)
	}
	return New(thRef), New(thNow)
}

// pageMarks are parts of the pages that the compared pages must have in
// some and not in others, so that each branch of the writers is seen.
var pageMarks = map[string]string{
	"metric group":      "<h3>",
	"yoy up":            `yoy-up`,
	"yoy down":          `yoy-down`,
	"yoy flat":          `yoy-flat`,
	"yoy computed":      `<span class="computed">`,
	"previous":          `<span class="metric-prev">上年`,
	"baseline":          `<span class="metric-prev">基期`,
	"change":            `，变化 `,
	"completion target": `<span class="metric-completion">目标 `,
	"metric note":       `<span class="metric-note">`,
	"funds item link":   `<td data-label="评价项目"><a href="#project-`,
	"project index":     `<nav class="project-index"`,
	"glance sources":    `<p class="glance-sub">`,
	"glance share":      `<span class="glance-share">`,
	"glance receipt":    `<div><dt>到位率</dt>`,
	"glance tally":      `<p class="glance-tally">`,
	"glance unknown":    `项无法判断`,
	"glance range":      `</strong>–<strong>`,
	"glance grades":     `等级 <strong>`,
	"glance more":       `<details class="glance-more">`,
	"glance unscored":   `个项目：<span class="absent">未公开</span>`,
	"glance none":       `个项目都<span class="absent">`,
	"bureau metrics":    `<br><span class="yoy`,
	"bureau no metric":  `年">—</td>`,
}

type pageParts map[string]int

func (c pageParts) count(page string) {
	c["pages"]++
	for part, mark := range pageMarks {
		if strings.Contains(page, mark) {
			c[part]++
		}
	}
}

// samePages renders every bureau and report page of s with both
// renderers and fails the test where their bytes differ.
func samePages(t *testing.T, ref, now *Renderer, s *budget.Site, src fs.FS, parts pageParts) {
	t.Helper()
	sv := siteViewOf(s)
	for _, b := range s.Bureaus {
		jr := ref.bureauJobs(b, sv, nil, src, output.NewFileSet())
		jn := now.bureauJobs(b, sv, nil, src, output.NewFileSet())
		for i := range jr {
			want := renderPage(t, ref, jr[i])
			got := renderPage(t, now, jn[i])
			if !bytes.Equal(got, want) {
				j := firstDiff(string(got), string(want))
				t.Errorf("%s differs from the templates of before at byte %d:\n got …%s…\nwant …%s…", jr[i].Path, j, near(string(got), j), near(string(want), j))
			}
			parts.count(string(got))
		}
	}
}

func renderPage(t *testing.T, r *Renderer, j Job) []byte {
	t.Helper()
	p, _ := j.page()
	p.Root = rootOf(p.Path)
	var buf bytes.Buffer
	if err := r.theme.pages[p.Kind].ExecuteTemplate(&buf, "base.html", p); err != nil {
		t.Fatalf("%s: %v", p.Path, err)
	}
	return buf.Bytes()
}

func loadChecked(t *testing.T, src fs.FS) *budget.Site {
	t.Helper()
	s, diags := load.Site(src)
	diags = append(diags, validate.Site(s, diags)...)
	if diags.Errors() > 0 || len(s.Bureaus) == 0 {
		t.Fatalf("%d errors, %d bureaus: %v", diags.Errors(), len(s.Bureaus), firstError(diags))
	}
	return s
}

func firstError(l diag.List) string {
	for _, d := range l {
		if d.Severity == diag.Error {
			return d.File + ": " + d.Message.Key
		}
	}
	return ""
}

// The bundled example and the real reports of the corpus.
func TestPageHTMLMatchesTemplatesReal(t *testing.T) {
	ref, now := pageThemes(t)
	parts := pageParts{}
	for _, dir := range []string{"../..", "../site/testdata/corpus"} {
		src := os.DirFS(dir)
		samePages(t, ref, now, loadChecked(t, src), src, parts)
	}
	if parts["pages"] < 20 {
		t.Errorf("compared %d pages, want at least 20", parts["pages"])
	}
	t.Logf("%v", map[string]int(parts))
}

// Synthetic sites of a few seeds, as they are and twisted: names, ids,
// units and notes hostile or empty, scores and grades dropped, growth
// up, down and flat, metrics without a target, funds items without a
// project, so that every branch of the writers comes up.
func TestPageHTMLMatchesTemplatesSynthetic(t *testing.T) {
	ref, now := pageThemes(t)
	parts := pageParts{}
	for _, seed := range []uint64{1, 2, 3} {
		for round := range 4 {
			src := synth.MapFS(synth.Options{Bureaus: 3, Years: 3, Seed: seed})
			s := loadChecked(t, src)
			if round > 0 {
				k := int(seed)*7 + round*131
				for _, b := range s.Bureaus {
					for _, r := range b.Reports {
						twistReport(r, k)
						k += 17
					}
					if round == 3 {
						b.Name = hostile[k%len(hostile)]
					}
				}
			}
			samePages(t, ref, now, s, src, parts)
		}
	}
	for part := range pageMarks {
		if parts[part] == 0 || parts[part] == parts["pages"] {
			t.Errorf("%d of %d pages have %s: want some with and some without", parts[part], parts["pages"], part)
		}
	}
	t.Logf("%v", map[string]int(parts))
}

// twistReport changes a report in place, differently for each k.
func twistReport(r *budget.Report, k int) {
	mix := uint32(k+1) * 2654435761
	bit := func(i int) bool { return mix>>(31-i%32)&1 == 1 }
	h := func(i int) string { return hostile[(k+i)%len(hostile)] }
	if bit(0) {
		r.Unit.Name = h(1)
	}
	for i, p := range r.Projects {
		switch (k + i) % 5 {
		case 0:
			p.Score = nil
		case 1:
			p.Score, p.Grade = nil, ""
		case 2:
			p.Grade = h(i)
		case 3:
			pts := budget.Points(6000 + 37*i)
			p.Score = &pts
		}
		if bit(i + 3) {
			p.Name = h(i + 2)
		}
		if bit(i+5) && bit(i+6) {
			p.ID = h(i + 3)
		}
		for j, in := range p.Indicators {
			if bit(i + j) {
				in.Actual = budget.Value{}
			}
		}
	}
	if r.Funds != nil {
		for i, s := range r.Funds.Sources {
			if bit(i + 1) {
				s.Name = h(i + 4)
			}
			if bit(i+7) && i == 0 {
				s.Amount = nil
			}
			for j, it := range s.Items {
				if bit(i + j + 2) {
					it.Name = h(j)
				}
				if bit(i+j+9) && len(r.Projects) > 0 {
					it.Project = r.Projects[(i+j)%len(r.Projects)]
				}
			}
		}
	}
	switch k % 6 {
	case 0:
		r.Funds = nil
	case 1:
		for _, p := range r.Projects {
			p.Score, p.Grade = nil, ""
		}
	case 2:
		r.Projects = nil
	case 3:
		for _, p := range r.Projects {
			p.Received = p.Adjusted
		}
	case 4:
		if r.Funds != nil {
			r.Funds.Total = nil
			for _, s := range r.Funds.Sources {
				s.Amount = nil
			}
		}
	}
	if k%4 == 1 && len(r.Metrics) > 1 {
		r.Metrics = r.Metrics[1:]
	}
	for i, m := range r.Metrics {
		if bit(i + 4) {
			m.Name = h(i + 5)
		}
		if bit(i + 8) {
			m.Group = h(i)
		}
		if bit(i+10) && bit(i+11) {
			m.Note = h(i + 6)
		}
		switch (k + i) % 4 {
		case 0:
			m.YoY = big.NewRat(-int64(i+1), 3)
		case 1:
			m.YoY = new(big.Rat)
		case 2:
			m.Target = budget.Value{}
		}
		if bit(i + 12) {
			m.Baseline = budget.ParseValue("96个")
		}
	}
}

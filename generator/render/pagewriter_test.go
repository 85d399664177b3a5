package render

import (
	"bytes"
	"io/fs"
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
	"github.com/disclose-portal/disclose/themes"
)

// writerMarks are parts of the pages the Go writer writes that the
// compared pages must have in some and not in others, so that each of
// its branches is seen.
var writerMarks = map[string]string{
	"canonical":   `<link rel="canonical"`,
	"json-ld":     `<script type="application/ld+json">`,
	"checks":      `<aside class="checks"`,
	"metrics":     `id="metrics-title"`,
	"funds":       `id="funds-title"`,
	"projects":    `id="exec-title"`,
	"staff":       `id="staff-title"`,
	"staff rows":  `<table class="staff">`,
	"narrative":   `id="narrative-title"`,
	"files":       `id="files-title"`,
	"published":   `发布日期：<time`,
	"approved":    `<dt>批复日期</dt><dd><time`,
	"late":        `class="late"`,
	"license":     `rel="license external"`,
	"publisher":   `<p class="print-only colophon">发布：`,
	"contact":     ` · 联系：`,
	"source link": `">原始文件</a>`,
	"source url":  `rel="external">原文发布页`,
	"xlsx":        `tables.xlsx</a>`,
	"glances":     `<h3 class="glance-year">`,
	"bureau rows": `id="years-title"`,
	"duties":      `<ol class="duties">`,
	"website":     `">官方网站</a>`,
	"charts":      `data-echarts=`,
}

// sameWrittenPages renders every bureau and report page of s by the Go
// writer and by the default theme's templates, and fails where the bytes
// differ or where the writer leaves a page to the templates.
func sameWrittenPages(t *testing.T, r *Renderer, s *budget.Site, warnings map[string][]diag.Diagnostic, src fs.FS, parts pageParts) {
	t.Helper()
	sv := siteViewOf(s)
	for _, b := range s.Bureaus {
		for _, j := range r.bureauJobs(b, sv, warnings, src, output.NewFileSet()) {
			want := renderPage(t, r, j)
			p, _ := j.page()
			p.Root = rootOf(p.Path)
			var w rowWriter
			if err := r.theme.writePage(&w, p); err != nil {
				t.Errorf("%s: the writer left it to the templates: %v", j.Path, err)
				continue
			}
			if got := w.buf; !bytes.Equal(got, want) {
				i := firstDiff(string(got), string(want))
				t.Errorf("%s: the Go writer differs from the templates at byte %d:\n got …%s…\nwant …%s…", j.Path, i, near(string(got), i), near(string(want), i))
			}
			parts["pages"]++
			for part, mark := range writerMarks {
				if strings.Contains(string(want), mark) {
					parts[part]++
				}
			}
		}
	}
}

func checkedSite(t *testing.T, src fs.FS) (*budget.Site, map[string][]diag.Diagnostic) {
	t.Helper()
	s, diags := load.Site(src)
	diags = append(diags, validate.Site(s, diags)...)
	if diags.Errors() > 0 || len(s.Bureaus) == 0 {
		t.Fatalf("%d errors, %d bureaus: %v", diags.Errors(), len(s.Bureaus), firstError(diags))
	}
	return s, byFile(diags)
}

// The writer is used with the default theme, and not once a template
// of the page differs from it.
func TestPageWriterOnlyForDefaultTemplates(t *testing.T) {
	th, err := LoadTheme(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	if !th.native["report"] || !th.native["bureau"] || th.native["home"] || len(th.explain) == 0 {
		t.Fatalf("default theme: native %v, explain %d bytes", th.native, len(th.explain))
	}
	for _, c := range []struct {
		file         string
		report, bure bool
	}{
		{"templates/report.html", false, true},
		{"templates/bureau.html", true, false},
		{"templates/base.html", false, false},
		{"templates/partials/figure.html", false, false},
		{"templates/partials/extra.html", false, false}, // a partial of its own may redefine a block
	} {
		data, _ := fs.ReadFile(themes.Default(), c.file)
		mine := fstest.MapFS{c.file: {Data: append(data, "\n"...)}}
		th, err := LoadTheme(Overlay(mine, themes.Default()))
		if err != nil {
			t.Fatal(err)
		}
		if th.native["report"] != c.report || th.native["bureau"] != c.bure {
			t.Errorf("%s changed: native %v, want report %v, bureau %v", c.file, th.native, c.report, c.bure)
		}
	}
}

// The bundled example and the real reports of the corpus, as they are
// and with a base URL, publisher and license (canonical links, JSON-LD,
// the license's link).
func TestPageWriterMatchesTemplatesReal(t *testing.T) {
	r := defaultRenderer(t)
	parts := pageParts{}
	for _, dir := range []string{"../..", "../site/testdata/corpus"} {
		for round := range 2 {
			src := os.DirFS(dir)
			s, warnings := checkedSite(t, src)
			if round == 1 {
				twistConfig(&s.Config, 1)
			}
			sameWrittenPages(t, r, s, warnings, src, parts)
		}
	}
	if parts["pages"] < 40 {
		t.Errorf("compared %d pages, want at least 40", parts["pages"])
	}
	t.Logf("%v", map[string]int(parts))
}

// Synthetic sites of a few seeds, as they are and twisted (twistReport),
// with hostile names, configurations and dates, so that every branch of
// the writer comes up.
func TestPageWriterMatchesTemplatesSynthetic(t *testing.T) {
	r := defaultRenderer(t)
	parts := pageParts{}
	for _, seed := range []uint64{1, 2, 3} {
		for round := range 4 {
			src := synth.MapFS(synth.Options{Bureaus: 3, Years: 3, Seed: seed})
			s, warnings := checkedSite(t, src)
			if round > 0 {
				k := int(seed)*7 + round*131
				twistConfig(&s.Config, k)
				for _, b := range s.Bureaus {
					for i, rep := range b.Reports {
						twistReport(rep, k)
						if (k+i)%3 == 0 {
							rep.Published, rep.Approved = budget.Date{}, budget.Date{}
						}
						if (k+i)%4 == 1 {
							rep.SourceURL = hostile[(k+i)%len(hostile)]
						}
						switch (k + i) % 5 {
						case 0:
							rep.Staff = nil
						case 1:
							if rep.Staff != nil {
								st := *rep.Staff
								st.ActualByType, st.RetiredByType = nil, nil
								rep.Staff = &st
							}
						case 2:
							rep.Projects, rep.Funds, rep.Metrics = nil, nil, nil // no charts
						}
						k += 17
					}
					if round == 3 {
						b.Name = hostile[k%len(hostile)]
						b.Region, b.Level, b.Website = hostile[(k+1)%len(hostile)], "", hostile[(k+2)%len(hostile)]
						b.Functions = []string{hostile[(k+3)%len(hostile)], "职责"}
					}
				}
			}
			sameWrittenPages(t, r, s, warnings, src, parts)
		}
	}
	for part := range writerMarks {
		if parts[part] == parts["pages"] {
			t.Errorf("all %d pages have %s: want some without", parts["pages"], part)
		}
	}
	t.Logf("%v", map[string]int(parts))
}

// twistConfig gives a site a base URL, publisher and license, hostile
// or usual by k.
func twistConfig(c *budget.Config, k int) {
	h := func(i int) string { return hostile[(k+i)%len(hostile)] }
	c.BaseURL = ""
	if k%5 != 0 {
		c.BaseURL = "https://example.gov.cn/budget/"
	}
	c.Publisher = budget.Publisher{Name: h(0), Contact: h(1), License: "CC-BY-4.0"}
	if k%2 == 0 {
		c.Title, c.Publisher.License = h(2), h(3)
	}
	if k%3 == 0 {
		c.Language = h(4)
	}
}

// defaultRenderer renders with the embedded default theme.
func defaultRenderer(t *testing.T) *Renderer {
	t.Helper()
	th, err := LoadTheme(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	return New(th)
}

// siteViewOf is what every page of s knows of the site, as a build
// makes it.
func siteViewOf(s *budget.Site) *SiteView {
	var years []int
	for _, b := range s.Bureaus {
		for _, rep := range b.Reports {
			years = append(years, rep.Year)
		}
	}
	sv := newSiteView(s.Config, years)
	sv.Bureaus = s.Bureaus
	return sv
}

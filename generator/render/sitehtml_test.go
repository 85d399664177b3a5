package render

import (
	"bytes"
	"io/fs"
	"os"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
	"github.com/disclose-portal/disclose/themes"
)

// siteThemes are the default theme and the same theme with the home
// and year templates of before the loops were written in Go
// (testdata/home.html, testdata/year.html).
func siteThemes(t testing.TB) (now, ref *Theme) {
	t.Helper()
	now, err := LoadTheme(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	old := fstest.MapFS{}
	for _, kind := range []string{"home", "year"} {
		data, err := os.ReadFile("testdata/" + kind + ".html")
		if err != nil {
			t.Fatal(err)
		}
		old["templates/"+kind+".html"] = &fstest.MapFile{Data: data}
	}
	ref, err = LoadTheme(Overlay(old, themes.Default()))
	if err != nil {
		t.Fatal(err)
	}
	return now, ref
}

// sameSitePages fails the test when the default theme writes other
// bytes than the templates of before for the home and year pages of s,
// each with the roots a page may have (and hostile ones); it returns
// the number of pages compared.
func sameSitePages(t *testing.T, name string, s *budget.Site) int {
	t.Helper()
	now, ref := siteThemes(t)
	sv := siteViewOf(s)
	n := 0
	for _, j := range New(now).siteJobs(s, sv) {
		if j.Kind != "home" && j.Kind != "year" {
			continue
		}
		p, _ := j.page()
		for _, root := range []string{"", "../", "javascript:x/", "a b/<&>/"} {
			p.Root = root
			var got, want bytes.Buffer
			if err := now.pages[p.Kind].ExecuteTemplate(&got, "base.html", p); err != nil {
				t.Fatalf("%s %s: %v", name, p.Path, err)
			}
			if err := ref.pages[p.Kind].ExecuteTemplate(&want, "base.html", p); err != nil {
				t.Fatalf("%s %s: reference: %v", name, p.Path, err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				i := firstDiff(got.String(), want.String())
				t.Errorf("%s %s (root %q) differs from the template's at byte %d:\n got …%s…\nwant …%s…", name, p.Path, root, i, near(got.String(), i), near(want.String(), i))
			}
			n++
		}
	}
	return n
}

func TestSitePagesMatchTemplatesReal(t *testing.T) {
	for _, dir := range []string{"../..", "../site/testdata/corpus"} {
		s, diags := load.Site(os.DirFS(dir))
		if diags.Errors() > 0 || len(s.Bureaus) == 0 {
			t.Fatalf("%s: %d errors, %d bureaus", dir, diags.Errors(), len(s.Bureaus))
		}
		if n := sameSitePages(t, dir, s); n < 8 {
			t.Errorf("%s: compared %d pages", dir, n)
		}
	}
}

// Synthetic sites, and the same with hostile names, slugs, regions,
// levels and titles: every value the loops write escaped as the
// templates escaped it.
func TestSitePagesMatchTemplatesSynthetic(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		fsys := fs.FS(synth.MapFS(synth.Options{Bureaus: 6, Years: 3, Seed: seed}))
		s, diags := load.Site(fsys)
		if diags.Errors() > 0 || len(s.Bureaus) == 0 {
			t.Fatalf("seed %d: %d errors", seed, diags.Errors())
		}
		sameSitePages(t, "synthetic", s)
		for i, b := range s.Bureaus {
			h := func(k int) string { return hostile[(i+k)%len(hostile)] }
			b.Name, b.Slug, b.Region, b.Level = h(0), h(1)+b.Slug, h(2), h(3)
			if i%3 == 0 {
				b.Level = ""
			}
			for k, r := range b.Reports {
				r.Title = h(4 + k)
			}
			switch i % 4 {
			case 1:
				b.Reports = slices.Clone(b.Reports[:1])
			case 2:
				b.Reports = nil // a card without a latest report
			}
		}
		sameSitePages(t, "hostile", s)
	}
}

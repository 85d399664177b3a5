package site

import (
	"bytes"
	"context"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/discover"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/synth"
	"github.com/disclose-portal/disclose/themes"
)

// wholeSiteFiles renders the files of the whole site that read the
// bureaus' models: home, years, the open-data page, 404, sitemap, feed,
// robots.txt and the data package.
func wholeSiteFiles(t *testing.T, src fs.FS, s *budget.Site) *output.FileSet {
	t.Helper()
	th, err := render.LoadTheme(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			years = append(years, r.Year)
		}
	}
	files := output.NewFileSet()
	st := render.New(th).NewStream(s.Config, years, src, files)
	for _, b := range s.Bureaus {
		st.Kept(b)
	}
	if problems, _, _ := st.Finish(s, nil); problems.Errors() > 0 {
		t.Fatalf("rendering the whole site: %v", problems)
	}
	opendata.WriteTables(s, make(opendata.Rows, len(opendata.TableNames)), files)
	discover.WriteSite(s, files.Paths(), files, nil)
	return files
}

// viaSiteModel is the site with each bureau as its entry's head gives it
// back (buildcache.EncodeSiteModel, DecodeSiteModel).
func viaSiteModel(t *testing.T, s *budget.Site) *budget.Site {
	t.Helper()
	out := &budget.Site{Config: s.Config}
	for _, b := range s.Bureaus {
		got, ok := buildcache.DecodeSiteModel(buildcache.EncodeSiteModel(b))
		if !ok {
			t.Fatalf("%s: the site model does not decode", b.Slug)
		}
		out.Bureaus = append(out.Bureaus, got)
	}
	return out
}

// summarized is the site with each bureau as a build keeps it for the
// pages of the whole site (siteModel): its site model, summarized.
func summarized(t *testing.T, s *budget.Site) *budget.Site {
	t.Helper()
	out := &budget.Site{Config: s.Config}
	for _, b := range s.Bureaus {
		h := buildcache.Head{Model: buildcache.EncodeSiteModel(b)}
		for _, r := range b.Reports {
			h.Years = append(h.Years, r.Year)
		}
		got, ok := siteModel(h)
		if !ok {
			t.Fatalf("%s: the site model does not decode", b.Slug)
		}
		for _, r := range got.Reports {
			if r.Projects != nil {
				t.Fatalf("%s %d: the site model kept its projects", b.Slug, r.Year)
			}
		}
		out.Bureaus = append(out.Bureaus, got)
	}
	return out
}

// sameWholeSite renders the whole-site files from the thinned models,
// from their site models and from those summarized, and compares the
// bytes.
func sameWholeSite(t *testing.T, name string, src fs.FS, s *budget.Site) {
	t.Helper()
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			r.DropDetail()
		}
	}
	want := wholeSiteFiles(t, src, s)
	for how, models := range map[string]*budget.Site{"site models": viaSiteModel(t, s), "summarized site models": summarized(t, s)} {
		got := wholeSiteFiles(t, src, models)
		if !slices.Equal(got.Paths(), want.Paths()) {
			t.Fatalf("%s: files %v from the %s, from the thinned models %v", name, got.Paths(), how, want.Paths())
		}
		for _, p := range want.Paths() {
			w, _ := want.Get(p)
			g, _ := got.Get(p)
			if !bytes.Equal(g.Data, w.Data) {
				t.Errorf("%s: %s differs made from the %s (%d bytes, %d from the thinned models)", name, p, how, len(g.Data), len(w.Data))
			}
		}
	}
}

// The pages of the whole site, the feed and the sitemap made from the
// heads' site models are those made from the thinned models, byte for
// byte: the example, synthetic sites, and the same twisted (hostile
// names, figures absent, printed totals and rates, single projects,
// fund items linked to projects, no funds).
func TestSiteModel(t *testing.T) {
	example := os.DirFS("../..")
	s, diags := load.Site(example)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	sameWholeSite(t, "example", example, s)

	hostile := []string{"", `"引号" 'single' <b>&amp;</b>`, "</script><script>alert(1)</script>", "行\u2028分\u2029段",
		"javascript:alert(1)", "1+1 > 0 & x < 2", "]]><!-- -->\x7f", "名称 2023 年"}
	h := func(k int) string { return hostile[k%len(hostile)] }
	for _, seed := range []uint64{1, 2, 3} {
		src := synth.MapFS(synth.Options{Bureaus: 6, Years: 3, Seed: seed})
		s, diags := load.Site(src)
		if diags.Errors() > 0 || len(s.Bureaus) == 0 {
			t.Fatalf("seed %d: %d errors", seed, diags.Errors())
		}
		sameWholeSite(t, "synthetic", src, s)

		s, _ = load.Site(src)
		for i, b := range s.Bureaus {
			b.Name, b.ShortName, b.Region, b.Level = h(i), h(i+1), h(i+2), h(i+3)
			for k, r := range b.Reports {
				r.Title = h(i + k + 4)
				r.Published = budget.Date{Year: r.Year + 1, Month: 1 + (i+k)%12, Day: 1 + k}
				if (i+k)%3 == 0 {
					r.Published = budget.Date{}
					r.Approved = budget.Date{Year: r.Year + 1, Month: 3, Day: 9}
				}
				switch (i + k) % 5 {
				case 0:
					r.Funds = nil
				case 1:
					if len(r.Projects) > 1 {
						r.Projects = r.Projects[:1] // its printed rates are the report's
					}
					if len(r.Projects) == 1 {
						p := r.Projects[0]
						p.ExecutionRate = &budget.Percent{Raw: "97.5%", Value: big.NewRat(195, 2), Decimals: 1}
						p.ReceiptRate = &budget.Percent{Raw: "100%", Value: big.NewRat(100, 1)}
						p.Balance = budget.Amt(-12345)
					}
				case 2:
					r.Declared = &budget.Declared{Projects: len(r.Projects) + 2, Adjusted: budget.Amt(98765432), Executed: budget.Amt(87654321),
						ExecutionRate: &budget.Percent{Raw: "88.75%", Value: big.NewRat(8875, 100), Decimals: 2}}
				case 3:
					for n, p := range r.Projects {
						if n%2 == 0 {
							p.Adjusted, p.Change = nil, budget.Amt(budget.Amount(n*1000-500))
						}
						if n%3 == 0 {
							p.Executed, p.ExecutionBase = nil, "initial"
						}
					}
					if r.Funds != nil && len(r.Funds.Sources) > 0 {
						r.Funds.Total = nil
						r.Funds.Sources[0].Amount = nil
						r.Funds.Sources[0].Name = h(i + k)
					}
				}
			}
		}
		sameWholeSite(t, "twisted", src, s)
	}
}

// A damaged or foreign site model is not taken for a bureau.
func TestSiteModelDamaged(t *testing.T) {
	src := synth.MapFS(synth.Options{Bureaus: 2, Years: 2, Seed: 4})
	s, _ := load.Site(src)
	data := buildcache.EncodeSiteModel(s.Bureaus[0])
	if _, ok := buildcache.DecodeSiteModel(data); !ok {
		t.Fatal("the site model does not decode")
	}
	for _, bad := range [][]byte{nil, data[:len(data)-1], append(slices.Clone(data), 0), append([]byte{data[0] + 1}, data[1:]...)} {
		if _, ok := buildcache.DecodeSiteModel(bad); ok {
			t.Errorf("a damaged site model of %d bytes decoded", len(bad))
		}
	}
}

// A build with a store keeps, of each bureau it renders, the site model
// of its entry's head for the pages of the whole site (run.compact), not
// the thinned model with its staff, forms and positions, and summarized
// (no projects, their count and figures kept); the files it
// makes are those of a build without a store, byte for byte.
func TestCompactModels(t *testing.T) {
	src := synth.MapFS(synth.Options{Bureaus: 4, Years: 3, Seed: 5})
	build := func(store *buildcache.Cache) *Result {
		t.Helper()
		res, err := Build(context.Background(), Options{Source: src, Mode: ModePublish, Store: store, Program: "test"})
		if err != nil || !res.OK() {
			t.Fatalf("build: %v %v", err, res.Diags)
		}
		return res
	}
	plain := build(nil)
	stored := build(buildcache.Open(t.TempDir(), filepath.Join(t.TempDir(), "public")))
	if stored.Kept != 0 || len(stored.Site.Bureaus) != len(plain.Site.Bureaus) {
		t.Fatalf("%d bureaus kept, %d of %d in the site", stored.Kept, len(stored.Site.Bureaus), len(plain.Site.Bureaus))
	}
	staffed, listed := 0, 0
	for i, b := range stored.Site.Bureaus {
		want := plain.Site.Bureaus[i]
		if b.File != "" || want.File == "" {
			t.Errorf("%s: origin %q kept, %q without a store", b.Slug, b.File, want.File)
		}
		for k, r := range b.Reports {
			if want.Reports[k].Staff != nil {
				staffed++
			}
			if r.Staff != nil || r.Form != nil || r.Bureau != b {
				t.Errorf("%s %d: the thinned model kept (staff %v, form %v)", b.Slug, r.Year, r.Staff, r.Form)
			}
			if n := len(want.Reports[k].Projects); r.Projects != nil || r.ProjectCount() != n {
				t.Errorf("%s %d: %d projects kept, %d counted, want none kept and %d counted", b.Slug, r.Year, len(r.Projects), r.ProjectCount(), n)
			}
			listed += len(want.Reports[k].Projects)
		}
	}
	if staffed == 0 || listed == 0 {
		t.Fatal("the fixture has no staff or no projects: the test shows nothing")
	}
	if !slices.Equal(stored.Files.Paths(), plain.Files.Paths()) {
		t.Fatalf("files %d, without a store %d", len(stored.Files.Paths()), len(plain.Files.Paths()))
	}
	for _, p := range plain.Files.Paths() {
		w, _ := plain.Files.Get(p)
		g, _ := stored.Files.Get(p)
		if !bytes.Equal(g.Data, w.Data) {
			t.Errorf("%s differs from a build without a store", p)
		}
	}
}

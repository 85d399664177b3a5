package site_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/render"
	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/synth"
	"github.com/disclose-portal/disclose/generator/validate"
	"github.com/disclose-portal/disclose/themes"
)

// Benchmarks of each stage and of the whole build on synthetic content
// (package synth), at a few sizes. Run them with
//
//	go test ./generator/site -run '^$' -bench . -benchmem
//
// scripts/bench.sh measures the real binary at portal scale.

// benchSizes are bureaus × 5 years: 100 and 1,000 reports, or the
// numbers of reports listed in DISCLOSE_BENCH_REPORTS (e.g. "10000" to
// measure at portal scale; each size's content and site are written to
// the test's temporary folder: ~0.7 GB per 1,000 reports).
var benchSizes = sizesFrom(os.Getenv("DISCLOSE_BENCH_REPORTS"), []int{20, 200})

// sizesFrom reads a list of report counts into bureau counts (5 years a
// bureau), or gives def when the list is empty.
func sizesFrom(list string, def []int) []int {
	var sizes []int
	for _, f := range strings.Fields(list) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 5 || n%5 != 0 {
			panic(fmt.Sprintf("DISCLOSE_BENCH_REPORTS: %q is not a multiple of 5 reports", f))
		}
		sizes = append(sizes, n/5)
	}
	if len(sizes) == 0 {
		return def
	}
	return sizes
}

// synthDir writes synthetic content of the given size once per benchmark.
func synthDir(b *testing.B, bureaus int) string {
	b.Helper()
	dir := b.TempDir()
	if err := synth.WriteDir(dir, synth.Options{Bureaus: bureaus, Years: 5, Seed: 1}, runtime.GOMAXPROCS(0)); err != nil {
		b.Fatal(err)
	}
	return dir
}

func name(bureaus int) string { return fmt.Sprintf("reports=%d", bureaus*5) }

func BenchmarkLoad(b *testing.B) {
	for _, n := range benchSizes {
		src := os.DirFS(synthDir(b, n))
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				if _, diags := load.Site(src); diags.Errors() > 0 {
					b.Fatal(diags.Errors(), "errors")
				}
			}
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	for _, n := range benchSizes {
		src := os.DirFS(synthDir(b, n))
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, found := load.Site(src) // validate resolves links in place: a fresh model each time
				b.StartTimer()
				if diags := validate.Site(s, found); diags.Errors() > 0 {
					b.Fatal(diags.Errors(), "errors")
				}
			}
		})
	}
}

func BenchmarkRender(b *testing.B) {
	th, err := render.LoadTheme(themes.Default())
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range benchSizes {
		src := os.DirFS(synthDir(b, n))
		s, diags := load.Site(src)
		diags = append(diags, validate.Site(s, diags)...)
		b.Run(name(n), func(b *testing.B) {
			r := render.New(th)
			var years []int
			for _, bu := range s.Bureaus {
				for _, rep := range bu.Reports {
					years = append(years, rep.Year)
				}
			}
			for b.Loop() {
				files := output.NewFileSet()
				st := r.NewStream(s.Config, years, src, files)
				problems := diags
				for _, bu := range s.Bureaus {
					_, found := st.Bureau(bu, diags)
					problems = append(problems, found...)
				}
				found, _, _ := st.Finish(s, nil)
				if problems = append(problems, found...); problems.Errors() > 0 {
					b.Fatal(problems.Errors(), "errors")
				}
			}
		})
	}
}

// BenchmarkBuild is what `disclose build` does: every stage, rendering
// into a set staged on disk, then the swap into public/ (which from the
// second iteration on holds the previous build, as on a portal rebuilt on
// every change).
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		dir := synthDir(b, n)
		src := os.DirFS(dir)
		dest := filepath.Join(b.TempDir(), "public")
		b.Run(name(n), func(b *testing.B) {
			pages := 0
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				staged, err := output.Stage(dest)
				if err != nil {
					b.Fatal(err)
				}
				res, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePublish, Files: staged})
				if err != nil || !res.OK() {
					b.Fatal(err, res.Diags.Errors())
				}
				if err := output.Write(context.Background(), dest, res.Files); err != nil {
					b.Fatal(err)
				}
				pages = res.Pages
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			// Issue 16's allocation target is per report; B/op divided
			// by the reports, fixed costs (themes, assets) included.
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N*n*5), "B/report")
		})
	}
}

// BenchmarkServeFirst is serve's first run of the whole site from an
// empty cache folder (ModePreview with a store, as cmd/disclose runs
// it): every bureau rendered in memory and kept in the store. Its
// B/report is comparable with BenchmarkBuild's.
func BenchmarkServeFirst(b *testing.B) {
	for _, n := range benchSizes {
		dir := synthDir(b, n)
		src := os.DirFS(dir)
		b.Run(name(n), func(b *testing.B) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				b.StopTimer()
				cache := b.TempDir()
				b.StartTimer()
				h := stamp.NewHasher("")
				opt := site.Options{Source: src, Mode: site.ModePreview, Preview: site.NewPreview(), Store: buildcache.OpenStore(cache),
					Program: "bench", Hasher: h, Root: dir}
				res, err := site.Build(context.Background(), opt)
				if err != nil || !res.OK() {
					b.Fatal(err, res.Diags.Errors())
				}
				b.StopTimer()
				os.RemoveAll(cache) // ~0.6 GB per 1,000 reports
				b.StartTimer()
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N*n*5), "B/report")
		})
	}
}

// BenchmarkCheck is `disclose check`: load and validate.
func BenchmarkCheck(b *testing.B) {
	for _, n := range benchSizes {
		src := os.DirFS(synthDir(b, n))
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				res, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModeCheck})
				if err != nil || !res.OK() {
					b.Fatal(err, res.Diags.Errors())
				}
			}
		})
	}
}

// BenchmarkRebuild is serve's rebuild after an edit to one report's
// narrative: the build that follows a change, in memory, from the last
// good one (see docs/serve.md). Its cost should follow the change, not
// the size of the site.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range benchSizes {
		dir := synthDir(b, n)
		src := os.DirFS(dir)
		preview := site.NewPreview()
		h := stamp.NewHasher("")
		opt := site.Options{Source: src, Mode: site.ModePreview, Preview: preview, Program: "bench", Hasher: h, Root: dir}
		first, err := site.Build(context.Background(), opt)
		if err != nil || !first.OK() {
			b.Fatal(err, first.Diags.Errors())
		}
		slug := first.Site.Bureaus[0].Slug
		opt.Later = func(j render.Job) bool { return j.Kind == "home" || j.Kind == "year" }
		benchEdits(b, name(n), filepath.Join(dir, "content", slug, "2023.md"), func(b *testing.B) {
			preview.Changed(slug)
			res, err := site.Build(context.Background(), opt)
			if err != nil || !res.OK() {
				b.Fatal(err, res.Diags.Errors())
			}
		})
	}
}

// benchEdits times build after each of a series of edits to a file (the
// edits themselves are not timed).
func benchEdits(b *testing.B, name, file string, build func(b *testing.B)) {
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.Run(name, func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			b.StopTimer()
			if err := os.WriteFile(file, fmt.Appendf(bytes.Clone(original), "\n编辑 %d。\n", i), 0o644); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			build(b)
		}
	})
}

// BenchmarkBuildAfterEdit is `disclose build` after one report's
// narrative was edited, with the build cache and the stat cache of the
// content fingerprints in a cache folder (packages buildcache, stamp):
// one bureau is rendered, the others are kept.
func BenchmarkBuildAfterEdit(b *testing.B) {
	for _, n := range benchSizes {
		dir := synthDir(b, n)
		src := os.DirFS(dir)
		dest := filepath.Join(b.TempDir(), "public")
		cacheDir := b.TempDir()
		build := func(b *testing.B) {
			cache := buildcache.Open(cacheDir, dest)
			staged, err := output.Stage(dest)
			if err != nil {
				b.Fatal(err)
			}
			h := stamp.NewHasher(filepath.Join(cacheDir, "stat.cache"))
			res, err := site.Build(context.Background(), site.Options{Source: src, Mode: site.ModePublish, Files: staged, Store: cache, Program: "bench", Hasher: h, Root: dir})
			if err != nil || !res.OK() {
				b.Fatal(err, res.Diags.Errors())
			}
			h.Save()
			if err := output.Write(context.Background(), dest, res.Files); err != nil {
				b.Fatal(err)
			}
			if _, err := cache.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		build(b)
		entries, err := os.ReadDir(filepath.Join(dir, "content"))
		if err != nil {
			b.Fatal(err)
		}
		benchEdits(b, name(n), filepath.Join(dir, "content", entries[len(entries)/2].Name(), "2023.md"), build)
	}
}

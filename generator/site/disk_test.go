package site

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/synth"
)

// TestBuildCacheOnDisk is TestBuildCache with the source on disk, as
// `disclose build` runs: the fingerprint walks the source by system
// calls (stamp's treeDisk), the bureaus' keys and the report years come
// from its lines, and the destination's check lists each folder. After
// each edit (a figure, a narrative, a report of a new year, a page
// rewritten in place in the destination) the site is the one a full
// build without any of that (no lines, no cache) writes, byte for byte.
func TestBuildCacheOnDisk(t *testing.T) {
	src := t.TempDir()
	for name, f := range synth.MapFS(synth.Options{Bureaus: 4, Years: 2, Seed: 13}) {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	abs, _ := filepath.Abs(src)
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	caches := t.TempDir()
	build := func(dest string, cache *buildcache.Cache, lines bool) *Result {
		t.Helper()
		h := stamp.NewHasher(filepath.Join(caches, filepath.Base(dest), "stat.cache"))
		opt := Options{Source: os.DirFS(src), Mode: ModePublish, Store: cache, Program: "test", Hasher: h, Root: abs}
		if lines {
			_, l, err := stamp.FingerprintLines(h, src, "test")
			if err != nil {
				t.Fatal(err)
			}
			opt.Lines = l
		}
		files, err := output.Stage(dest)
		if err != nil {
			t.Fatal(err)
		}
		opt.Files = files
		res, err := Build(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		h.Save()
		if !res.OK() {
			t.Fatalf("%s: %v", dest, res.Diags)
		}
		if err := output.Write(context.Background(), dest, res.Files); err != nil {
			t.Fatal(err)
		}
		if _, err := cache.Commit(); err != nil {
			t.Fatal(err)
		}
		return res
	}
	step := 0
	same := func(name string) *Result {
		t.Helper()
		cache := buildcache.Open(filepath.Join(caches, "public"), dest)
		cache.CheckAhead()
		got := build(dest, cache, true)
		step++
		full := filepath.Join(dir, "full"+strings.Repeat("x", step))
		want := build(full, buildcache.New(filepath.Join(caches, filepath.Base(full)), full), false)
		if !reflect.DeepEqual(got.Diags, want.Diags) || got.Pages != want.Pages || got.Files.Len() != want.Files.Len() {
			t.Fatalf("%s: %d pages, %d files, problems\n%v\nfull build: %d, %d,\n%v", name, got.Pages, got.Files.Len(), got.Diags, want.Pages, want.Files.Len(), want.Diags)
		}
		sameTree(t, name, dest, full)
		os.RemoveAll(full)
		return got
	}
	entries, _ := os.ReadDir(filepath.Join(src, "content"))
	var slugs []string
	for _, e := range entries {
		if e.IsDir() {
			slugs = append(slugs, e.Name())
		}
	}
	edit := func(rel string, change func(string) string) {
		t.Helper()
		p := filepath.Join(src, "content", filepath.FromSlash(rel))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		changed := change(string(data))
		if changed == string(data) {
			t.Fatalf("%s: the edit changed nothing", rel)
		}
		if err := os.WriteFile(p, []byte(changed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	same("first build")
	if got := same("nothing changed"); got.Kept != len(slugs) {
		t.Errorf("nothing changed: %d bureaus kept, want %d", got.Kept, len(slugs))
	}
	edit(slugs[2]+"/2024.toml", func(s string) string {
		return strings.Replace(s, "2024年项目支出绩效自评报告", "2024年项目支出绩效自评报告（修订）", 1)
	})
	if got := same("a title edited"); got.Kept != len(slugs)-1 {
		t.Errorf("a title edited: %d bureaus kept, want %d", got.Kept, len(slugs)-1)
	}
	edit(slugs[3]+"/2023.md", func(s string) string { return s + "\n补充说明：编辑后新增的一段。\n" })
	same("a narrative edited")
	// A report of a new year: every page's navigation lists it (the
	// years read from the lines), so every bureau is made again.
	year := filepath.Join(src, "content", slugs[1], "2025.toml")
	data, _ := os.ReadFile(filepath.Join(src, "content", slugs[1], "2024.toml"))
	os.WriteFile(year, []byte(strings.ReplaceAll(string(data), "2024", "2025")), 0o644)
	if got := same("a new year"); got.Kept != 0 {
		t.Errorf("a new year: %d bureaus kept, want 0", got.Kept)
	}
	// A page of the destination rewritten in place: seen, written again.
	alterInPlace(t, filepath.Join(dest, slugs[0], "index.html"))
	if got := same("a page altered in the destination"); got.Kept != len(slugs)-1 {
		t.Errorf("a page altered: %d bureaus kept, want %d", got.Kept, len(slugs)-1)
	}
}

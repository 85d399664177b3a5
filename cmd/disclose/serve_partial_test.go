package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/disclose-portal/disclose/generator/site"
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/watch"
)

// TestPartialRebuild: serve's rebuild after a change (reading only the
// changed bureaus, rendering only the pages they show on) gives the same
// bytes as a full build, and renders fewer pages.
func TestPartialRebuild(t *testing.T) {
	dir := t.TempDir()
	report := func(title string, executed int) string {
		return "title = \"" + title + "\"\n[[projects]]\nid = \"p1\"\nname = \"项目一\"\ninitial = 100\nexecuted = " + strconv.Itoa(executed) + "\n"
	}
	files := map[string]string{
		"content/site.toml":     "title = \"测试门户\"\n",
		"content/a/bureau.toml": "name = \"甲局\"\n",
		"content/a/2022.toml":   report("2022年报告", 100),
		"content/a/2023.toml":   report("2023年报告", 100),
		"content/b/bureau.toml": "name = \"乙局\"\n",
		"content/b/2023.toml":   report("2023年报告", 100),
		"content/b/2023.md":     "## 概况\n正文。\n",
		"content/c/bureau.toml": "name = \"丙局\"\n",
		"content/c/2022.toml":   report("2022年报告", 100),
	}
	write := func(p, text string) {
		t.Helper()
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for p, text := range files {
		write(p, text)
	}
	build := func(opt site.Options) *site.Result {
		t.Helper()
		opt.Source = os.DirFS(dir)
		res, err := site.Build(context.Background(), opt)
		if err != nil || !res.OK() {
			t.Fatalf("build: %v %v", err, res.Diags)
		}
		return res
	}
	preview := site.NewPreview()
	opt := site.Options{Mode: site.ModePreview, Preview: preview, Program: "test", Hasher: stamp.NewHasher(""), Root: dir}
	prev := build(opt)
	prev.Finish("")
	opt.Later = later(nil)

	for _, step := range []struct {
		name     string
		edit     func()
		changes  []watch.Change
		rendered int
	}{
		{"one bureau's data", func() { write("content/b/2023.toml", report("2023年报告（修订）", 80)) },
			[]watch.Change{{Path: "content/b/2023.toml", Kind: watch.Content, Net: watch.Modified}},
			// 404, b's bureau and report; home, 2 years and the
			// open-data page later
			3},
		{"a new year", func() { write("content/b/2024.toml", report("2024年报告", 100)) },
			[]watch.Change{{Path: "content/b/2024.toml", Kind: watch.Content, Net: watch.Added}},
			// every page (the navigation lists the years); home, 3
			// years and the open-data page later
			9},
		{"a deleted bureau", func() {
			if err := os.RemoveAll(filepath.Join(dir, "content/c")); err != nil {
				t.Fatal(err)
			}
		}, []watch.Change{{Path: "content/c", Kind: watch.Content, Net: watch.Removed}},
			// 404; home, 3 years and the open-data page later: c's
			// pages are gone
			1},
		{"site.toml", func() { write("content/site.toml", "title = \"测试门户（新）\"\n") },
			[]watch.Change{{Path: "content/site.toml", Kind: watch.Config, Net: watch.Modified}},
			// every page of a (3) and b (3), 404; home, 3 years and the
			// open-data page later
			7},
		{"a change the watcher lost", func() { write("content/a/2023.toml", report("2023年报告", 90)) },
			nil, // overflow
			// a's pages, 404; home, 3 years and the open-data page later
			4},
	} {
		step.edit()
		batch := watch.Batch{Changes: step.changes, Overflow: step.changes == nil}
		changed(preview, batch)
		partial := build(opt)
		if partial.Files.Has("data/indicators.csv") || partial.Files.Has("search/index.js") {
			t.Errorf("%s: site-wide files made before Finish", step.name)
		}
		partial.Finish("")
		full := build(site.Options{Mode: site.ModePublish})
		// Bureau a is never edited: its report's files are kept from the
		// first build (the same bytes in memory), not made again.
		if step.name == "one bureau's data" {
			was, _ := prev.Files.Get("a/2023/report.json")
			is, _ := partial.Files.Get("a/2023/report.json")
			if &was.Data[0] != &is.Data[0] {
				t.Errorf("%s: a/2023/report.json made again, not kept", step.name)
			}
		}
		if partial.Rendered != step.rendered || len(partial.Later) == 0 || full.Rendered != full.Pages {
			t.Errorf("%s: rendered %d pages (full: %d of %d), want %d", step.name, partial.Rendered, full.Rendered, full.Pages, step.rendered)
		}
		got, want := partial.Files.Paths(), full.Files.Paths()
		if len(got) != len(want) {
			t.Fatalf("%s: %d files, full build %d:\n%v\n%v", step.name, len(got), len(want), got, want)
		}
		for i, p := range want {
			if got[i] != p {
				t.Fatalf("%s: file %s, full build %s", step.name, got[i], p)
			}
			a, _ := partial.Files.Bytes(p)
			b, _ := full.Files.Bytes(p)
			if !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs from the full build", step.name, p)
			}
		}
		prev = partial
	}

}

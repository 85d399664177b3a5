package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/synth"
)

// TestBuildCache: a build that takes unchanged bureaus from the last
// build (their files kept, their part of the whole-site pages from the
// cache) writes the site a full build writes, byte for byte, with the
// same problems, and reads only the bureaus that changed.
func TestBuildCache(t *testing.T) {
	t0 := time.Date(2024, 4, 30, 9, 0, 0, 0, time.UTC)
	src := &countingFS{MapFS: synth.MapFS(synth.Options{Bureaus: 7, Years: 2, Seed: 11})}
	for _, f := range src.MapFS {
		f.ModTime = t0
	}
	var slugs []string
	entries, _ := fs.ReadDir(src.MapFS, "content")
	for _, e := range entries {
		if e.IsDir() {
			slugs = append(slugs, e.Name())
		}
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	build := func(dest string, cache *buildcache.Cache) *Result {
		t.Helper()
		files, err := output.Stage(dest)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Build(context.Background(), Options{Source: src, Render: true, Files: files, Reuse: cache, Program: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() {
			files.Discard()
			return res
		}
		if err := output.Write(context.Background(), dest, res.Files); err != nil {
			t.Fatal(err)
		}
		if err := cache.Commit(); err != nil {
			t.Fatal(err)
		}
		return res
	}
	step := 0
	same := func(name string, maxRead int64) {
		t.Helper()
		src.opened.Store(0)
		got := build(dest, buildcache.Open(dest))
		read := src.opened.Load()
		if !got.OK() {
			t.Fatalf("%s: %v", name, got.Diags)
		}
		step++
		full := filepath.Join(dir, "full"+strings.Repeat("x", step))
		want := build(full, buildcache.New(full))
		if !reflect.DeepEqual(got.Diags, want.Diags) || got.Pages != want.Pages || got.Files.Len() != want.Files.Len() {
			t.Fatalf("%s: %d pages, %d files, problems\n%v\nfull build: %d, %d,\n%v", name, got.Pages, got.Files.Len(), got.Diags, want.Pages, want.Files.Len(), want.Diags)
		}
		sameTree(t, name, dest, full)
		if read > maxRead {
			t.Errorf("%s: read %d files of bureaus, want at most %d", name, read, maxRead)
		}
	}
	edit := func(name, text string) {
		src.MapFS[name] = &fstest.MapFile{Data: []byte(text), ModTime: t0.Add(time.Duration(step+1) * time.Second)}
	}
	// Each bureau has bureau.toml and two years: 3 TOML files, read once
	// to load and again for the source lines of problems in them.
	const bureau = 6
	same("first build", 1<<20)
	same("nothing changed", 0)
	kept := inode(t, filepath.Join(dest, slugs[1], "index.html"))

	report := string(src.MapFS["content/"+slugs[0]+"/2024.toml"].Data)
	edit("content/"+slugs[0]+"/2024.toml", strings.Replace(report, "title = \"", "title = \"修订 ", 1))
	same("a report edited", bureau)
	if inode(t, filepath.Join(dest, slugs[1], "index.html")) != kept {
		t.Error("an unchanged bureau's page was written again, not kept")
	}

	for p := range src.MapFS {
		if strings.HasPrefix(p, "content/"+slugs[2]+"/") {
			delete(src.MapFS, p)
		}
	}
	same("a bureau removed", 0)

	edit("content/"+slugs[3]+"/2025.toml", strings.Replace(report, "2024", "2025", -1))
	same("a new year (every page's navigation changes)", 1<<20)

	good := string(src.MapFS["content/"+slugs[4]+"/2024.toml"].Data)
	edit("content/"+slugs[4]+"/2024.toml", good+"\nbad_key = 1\n")
	if res := build(dest, buildcache.Open(dest)); res.OK() {
		t.Fatal("a build with an error succeeded")
	}
	edit("content/"+slugs[4]+"/2024.toml", good+"\n")
	same("after a failed build", bureau)
}

// sameTree fails unless the folders hold the same files with the same bytes.
func sameTree(t *testing.T, step, a, b string) {
	t.Helper()
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			if !d.IsDir() {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				m[p[len(root):]] = data
			}
			return nil
		})
		return m
	}
	fa, fb := files(a), files(b)
	if len(fa) != len(fb) {
		t.Errorf("%s: %d files, the full build %d", step, len(fa), len(fb))
	}
	for p, data := range fb {
		if !bytes.Equal(fa[p], data) {
			t.Errorf("%s: %s differs from the full build", step, p)
		}
	}
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

package site

import (
	"context"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/stamp"
)

// countingFS counts the files opened under content/<bureau>/.
type countingFS struct {
	fstest.MapFS
	opened atomic.Int64
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.count(name)
	return c.MapFS.Open(name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.count(name)
	return c.MapFS.ReadFile(name)
}

func (c *countingFS) count(name string) {
	if strings.HasSuffix(name, ".toml") && strings.Count(name, "/") == 2 {
		c.opened.Add(1)
	}
}

// TestCheckCache: a check that takes unchanged bureaus from its cache
// finds exactly what a full check finds, reading only what changed.
func TestCheckCache(t *testing.T) {
	t0 := time.Date(2024, 4, 30, 9, 0, 0, 0, time.UTC)
	inodes := uint64(0)
	// Files as the OS gives them: with an inode and a change time, so that
	// the stat cache spares reading the ones that did not change.
	fileAt := func(text string, at time.Time) *fstest.MapFile {
		inodes++
		return &fstest.MapFile{Data: []byte(text), ModTime: at, Sys: &stamp.Identity{Inode: inodes, CTime: at.UnixNano()}}
	}
	file := func(text string) *fstest.MapFile { return fileAt(text, t0) }
	report := func(executed string) string {
		return "title = \"2023年报告\"\n[[projects]]\nid = \"p1\"\nname = \"项目一\"\ninitial = 100\nadjusted = 100\nexecuted = " + executed + "\n"
	}
	src := &countingFS{MapFS: fstest.MapFS{
		"content/site.toml":     file("title = \"测试门户\"\n"),
		"content/a/bureau.toml": file("name = \"甲局\"\n"),
		"content/a/2023.toml":   file(report("50")), // a warning: below 90%
		"content/b/bureau.toml": file("name = \"乙局\"\n"),
		"content/b/2023.toml":   file(report("100")),
		"content/c/bureau.toml": file("name = \"丙局\"\nbad_key = 1\n"), // an error
	}}
	cacheDir := t.TempDir()
	opt := CheckOptions{Source: src, Program: "test", Root: "/src"}
	same := func(step string, wantOpened int64) {
		t.Helper()
		src.opened.Store(0)
		opt.Hasher = stamp.NewHasher(filepath.Join(cacheDir, "stat.cache"))
		opt.Store = buildcache.OpenStore(cacheDir)
		got, err := Check(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		opt.Hasher.Save()
		opened := src.opened.Load()
		want, err := Build(context.Background(), Options{Source: src.MapFS, Strict: opt.Strict})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Diags, want.Diags) || got.Reports != want.Reports || got.Bureaus != want.Bureaus {
			t.Errorf("%s: check found %d bureaus, %d reports:\n%v\nthe full check %d, %d:\n%v", step, got.Bureaus, got.Reports, got.Diags, want.Bureaus, want.Reports, want.Diags)
		}
		if opened != wantOpened {
			t.Errorf("%s: opened %d bureau files, want %d", step, opened, wantOpened)
		}
	}
	// A bureau's files are read to load them, and a file with a problem
	// again for its source line.
	same("cold", 7+5) // +5: each read once more, to hash it
	same("warm", 0)
	src.MapFS["content/b/2023.toml"] = fileAt(report("80"), t0.Add(time.Second))
	same("one file edited", 4) // one more: read to hash it
	delete(src.MapFS, "content/a/2023.toml")
	delete(src.MapFS, "content/a/bureau.toml")
	same("a bureau removed", 0)
	src.MapFS["content/site.toml"] = fileAt("title = \"测试门户\"\nunit = \"元\"\n", t0.Add(time.Second))
	same("site.toml changed", 5)
	// --strict is applied to every finding at the end: nothing is read.
	opt.Strict = true
	same("--strict", 0)
	opt.Strict = false

	// A build keeps the findings of the bureaus it read in the same
	// store: a check after it reads nothing again.
	src.MapFS["content/b/2023.toml"] = fileAt(report("70"), t0.Add(2*time.Second))
	h := stamp.NewHasher(filepath.Join(cacheDir, "stat.cache"))
	built, err := Build(context.Background(), Options{Source: src, Mode: ModePublish, Store: buildcache.Open(cacheDir, t.TempDir()), Program: "test", Hasher: h, Root: "/src"})
	if err != nil || built.OK() {
		t.Fatal("the build should fail on c's error:", err)
	}
	h.Save()
	same("after a build", 0)
}

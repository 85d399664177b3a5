package precompress

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/themes"
)

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func unbrotli(t *testing.T, data []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// decode undoes the copy at path p.
func decode(t *testing.T, p string, data []byte) []byte {
	t.Helper()
	switch filepath.Ext(p) {
	case ".gz":
		return gunzip(t, data)
	case ".br":
		return unbrotli(t, data)
	}
	t.Fatalf("%s is no copy", p)
	return nil
}

// defaultAssets are the embedded theme's assets under their names.
func defaultAssets(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(themes.Default(), "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = fs.ReadFile(themes.Default(), p)
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatal(err, len(files))
	}
	return files
}

// resetMemo forgets what this process compressed, counting from now
// the copies compressed.
func resetMemo(t *testing.T) *atomic.Int64 {
	memo.mu.Lock()
	clear(memo.entries)
	memo.mu.Unlock()
	made.Store(0)
	return &made
}

func TestGzipIsDeterministicWithoutNameOrTime(t *testing.T) {
	data := bytes.Repeat([]byte("项目支出绩效自评报告 "), 200)
	a, b := Gzip(data), Gzip(data)
	if !bytes.Equal(a, b) {
		t.Fatal("two gzip copies of the same bytes differ")
	}
	if !bytes.Equal(gunzip(t, a), data) {
		t.Fatal("the gzip copy does not decompress to the data")
	}
	// RFC 1952: FLG (byte 3) without FNAME or FCOMMENT, MTIME (4–7) zero,
	// XFL (8) 2 for the best compression.
	if a[3]&(1<<3|1<<4) != 0 || !bytes.Equal(a[4:8], []byte{0, 0, 0, 0}) || a[8] != 2 {
		t.Errorf("gzip header % x: want no name, no time, best compression", a[:10])
	}
	r, _ := gzip.NewReader(bytes.NewReader(a))
	if r.Name != "" || !r.ModTime.IsZero() {
		t.Errorf("gzip header names %q at %v", r.Name, r.ModTime)
	}
	if x, y := Brotli(data), Brotli(data); !bytes.Equal(x, y) || !bytes.Equal(unbrotli(t, x), data) {
		t.Error("brotli copies differ or do not decompress to the data")
	}
}

func TestCopiesOfTheDefaultTheme(t *testing.T) {
	assets := defaultAssets(t)
	resetMemo(t)
	job := Start(context.Background(), assets, nil)
	copies := job.Copies()
	for p, data := range assets {
		for _, enc := range Encodings {
			c, ok := copies[p+enc.Ext]
			if !ok {
				if p == "assets/vendor/echarts/echarts.min.js" || strings.HasSuffix(p, ".css") {
					t.Errorf("%s: no %s copy", p, enc.Ext)
				}
				continue
			}
			if len(c) >= len(data) {
				t.Errorf("%s: %d bytes, not smaller than the asset's %d", p+enc.Ext, len(c), len(data))
			}
			if !bytes.Equal(decode(t, p+enc.Ext, c), data) {
				t.Errorf("%s does not decompress to %s", p+enc.Ext, p)
			}
		}
	}
	for p := range copies {
		if _, ok := assets[p[:len(p)-3]]; !ok {
			t.Errorf("%s: a copy of no asset", p)
		}
	}
	// AddTo adds the same, and Copy gives each one.
	files := output.NewFileSet()
	job.AddTo(files)
	if files.Len() != len(copies) {
		t.Errorf("AddTo added %d files, want %d", files.Len(), len(copies))
	}
	for p, c := range copies {
		if got, ok := job.Copy(p); !ok || !bytes.Equal(got, c) {
			t.Errorf("Copy(%s) = %d bytes, %t", p, len(got), ok)
		}
	}
	if _, ok := job.Copy("assets/style.css"); ok {
		t.Error("Copy of an asset (not a copy) found something")
	}
}

func TestOnlyWhereItHelps(t *testing.T) {
	resetMemo(t)
	files := map[string][]byte{
		"assets/tiny.txt":      []byte("x"),                               // a copy is larger
		"assets/logo.png":      bytes.Repeat([]byte{0}, 4096),             // compressed already: not tried
		"assets/app.js":        bytes.Repeat([]byte("var a = 1;\n"), 300), // smaller
		"assets/app.js.gz.old": bytes.Repeat([]byte("var a = 1;\n"), 300),
	}
	copies := Start(context.Background(), files, nil).Copies()
	var got []string
	for p := range copies {
		got = append(got, p)
	}
	want := map[string]bool{"assets/app.js.gz": true, "assets/app.js.br": true, "assets/app.js.gz.old.gz": true, "assets/app.js.gz.old.br": true}
	if len(got) != len(want) {
		t.Fatalf("copies %v, want %v", got, want)
	}
	for _, p := range got {
		if !want[p] {
			t.Errorf("unexpected copy %s", p)
		}
	}
}

// TestKeptInTheCacheFolder: a second process (the memory forgotten)
// with the same cache folder compresses nothing, and a damaged copy
// there is compressed again, never used.
func TestKeptInTheCacheFolder(t *testing.T) {
	root := t.TempDir()
	files := map[string][]byte{
		"assets/a.css": bytes.Repeat([]byte("body { color: #123; }\n"), 200),
		"assets/b.js":  bytes.Repeat([]byte("function f() { return 1 }\n"), 200),
	}
	made := resetMemo(t)
	first := Start(context.Background(), files, buildcache.Open(root, filepath.Join(root, "public"))).Copies()
	if n := made.Load(); n != 4 {
		t.Fatalf("first build compressed %d copies, want 4", n)
	}
	made = resetMemo(t)
	second := Start(context.Background(), files, buildcache.Open(root, filepath.Join(root, "public"))).Copies()
	if n := made.Load(); n != 0 {
		t.Errorf("second build compressed %d copies, want 0 (kept in the cache folder)", n)
	}
	for p, c := range first {
		if !bytes.Equal(second[p], c) {
			t.Errorf("%s: the kept copy differs from the one made", p)
		}
	}
	// Damage every kept copy: each is made again, the same as before.
	kept, _ := filepath.Glob(filepath.Join(root, "compressed", "*"))
	if len(kept) != 4 {
		t.Fatalf("kept %d copies, want 4: %v", len(kept), kept)
	}
	for _, f := range kept {
		data, _ := os.ReadFile(f)
		data[len(data)-1] ^= 0xff
		os.WriteFile(f, data, 0o644)
	}
	made = resetMemo(t)
	third := Start(context.Background(), files, buildcache.Open(root, filepath.Join(root, "public"))).Copies()
	if n := made.Load(); n != 4 {
		t.Errorf("after damage, compressed %d copies, want 4", n)
	}
	for p, c := range first {
		if !bytes.Equal(third[p], c) {
			t.Errorf("%s differs after the damaged copy", p)
		}
	}
	// --force takes nothing from the cache folder.
	made = resetMemo(t)
	Start(context.Background(), files, buildcache.New(root, filepath.Join(root, "public"))).Wait()
	if n := made.Load(); n != 4 {
		t.Errorf("--force compressed %d copies, want 4", n)
	}
}

func TestCancelledMakesNoCopies(t *testing.T) {
	resetMemo(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	copies := Start(ctx, map[string][]byte{"assets/a.css": bytes.Repeat([]byte("a{}"), 500)}, nil).Copies()
	if len(copies) != 0 {
		t.Errorf("a cancelled job made %d copies", len(copies))
	}
}

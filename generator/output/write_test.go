package output

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWriteReplacesWhole(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := NewFileSet()
	first.Add("index.html", []byte("one"))
	first.Add("old/gone.html", []byte("x"))
	if err := Write(context.Background(), dest, first); err != nil {
		t.Fatal(err)
	}
	second := NewFileSet()
	second.Add("index.html", []byte("two"))
	second.Copy("a/b.txt", fstest.MapFS{"src.txt": {Data: []byte("copied")}}, "src.txt")
	if err := Write(context.Background(), dest, second); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, dest)
	if len(got) != 2 || got["index.html"] != "two" || got["a/b.txt"] != "copied" {
		t.Errorf("after the second build: %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("leftovers beside public/: %v", entries)
	}
}

// A build that fails while writing (here: a copied file that is missing)
// leaves the previous site exactly as it was, and nothing beside it.
func TestFailedWriteLeavesPrevious(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	good := NewFileSet()
	good.Add("index.html", []byte("previous"))
	if err := Write(context.Background(), dest, good); err != nil {
		t.Fatal(err)
	}
	bad := NewFileSet()
	bad.Add("index.html", []byte("new"))
	bad.Copy("z.pdf", fstest.MapFS{}, "missing.pdf")
	if err := Write(context.Background(), dest, bad); err == nil {
		t.Fatal("write of a missing file succeeded")
	}
	if got := readAll(t, dest); len(got) != 1 || got["index.html"] != "previous" {
		t.Errorf("previous site changed: %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("leftovers beside public/: %v", entries)
	}
}

func TestCancelledWriteLeavesPrevious(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	good := NewFileSet()
	good.Add("index.html", []byte("previous"))
	if err := Write(context.Background(), dest, good); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	next := NewFileSet()
	next.Add("index.html", []byte("new"))
	if err := Write(ctx, dest, next); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v; want context.Canceled", err)
	}
	if got := readAll(t, dest); got["index.html"] != "previous" {
		t.Errorf("previous site changed: %v", got)
	}
}

// A build killed between its two renames leaves the previous site aside;
// the next build puts it back before anything else.
func TestStaleOldIsRestored(t *testing.T) {
	parent := t.TempDir()
	aside := filepath.Join(parent, oldPrefix+"public-123")
	if err := os.MkdirAll(aside, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(aside, "index.html"), []byte("previous"), 0o644)
	removeStale(parent, "public")
	if got := readAll(t, filepath.Join(parent, "public")); got["index.html"] != "previous" {
		t.Errorf("previous site not restored: %v", got)
	}
}

package output

import (
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestFSPassesTestFS: a set's FS is a proper fs.FS (files, the folders
// their paths make, listings), as testing/fstest checks it.
func TestFSPassesTestFS(t *testing.T) {
	s := NewFileSet()
	s.Add("index.html", []byte("home"))
	s.Add("a/index.html", []byte("a"))
	s.Add("a/2023/index.html", []byte("report"))
	s.Add("a/2023/report.json", []byte("{}"))
	s.Add("data/funds.csv", []byte("x"))
	s.Copy("a/2023/original.txt", fstest.MapFS{"src/original.txt": {Data: []byte("原文")}}, "src/original.txt")
	if err := fstest.TestFS(s.FS(), "index.html", "a/index.html", "a/2023/index.html", "a/2023/report.json", "data/funds.csv", "a/2023/original.txt"); err != nil {
		t.Fatal(err)
	}
}

// A tree that cannot be opened is an error, not a silent success: the
// build must not swap in a site it could not make durable.
func TestSyncTreeMissingFolder(t *testing.T) {
	if err := syncTree(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("syncTree of a missing folder: no error")
	}
	if err := syncTree(t.TempDir()); err != nil {
		t.Fatalf("syncTree of an empty folder: %v", err)
	}
}

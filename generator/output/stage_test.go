package output

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

func TestStagedWrite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	src := fstest.MapFS{"a.pdf": {Data: []byte("attachment")}}
	build := func(index string) *FileSet {
		s, err := Stage(dest)
		if err != nil {
			t.Fatal(err)
		}
		s.Add("index.html", []byte(index))
		s.Add("same/page.html", []byte("unchanged"))
		s.Copy("files/a.pdf", src, "a.pdf")
		return s
	}
	first := build("one")
	if got, _ := first.Bytes("index.html"); string(got) != "one" {
		t.Fatalf("staged file reads back as %q", got)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Fatal("staging touched the destination before Write")
	}
	if err := Write(context.Background(), dest, first); err != nil {
		t.Fatal(err)
	}
	// Age every file, then rebuild with one page changed.
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, p := range []string{"index.html", "same/page.html", "files/a.pdf"} {
		if err := os.Chtimes(filepath.Join(dest, p), old, old); err != nil {
			t.Fatal(err)
		}
	}
	second := build("two")
	second.Add("new.html", []byte("new"))
	if err := Write(context.Background(), dest, second); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"index.html": "two", "same/page.html": "unchanged", "files/a.pdf": "attachment", "new.html": "new"}
	got := readAll(t, dest)
	if len(got) != len(want) {
		t.Fatalf("got files %v, want %v", got, want)
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s = %q, want %q", p, got[p], w)
		}
	}
	for p, unchanged := range map[string]bool{"index.html": false, "same/page.html": true, "files/a.pdf": true} {
		info, err := os.Stat(filepath.Join(dest, p))
		if err != nil {
			t.Fatal(err)
		}
		if kept := info.ModTime().Equal(old); kept != unchanged {
			t.Errorf("%s: modification time kept = %v, want %v", p, kept, unchanged)
		}
	}
	assertNoLeftovers(t, dest)
}

func TestStagedFailureLeavesDest(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	ok := NewFileSet()
	ok.Add("index.html", []byte("good"))
	if err := Write(context.Background(), dest, ok); err != nil {
		t.Fatal(err)
	}
	// A failed build discards its staged set.
	s, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	s.Add("index.html", []byte("half"))
	s.Discard()
	// An interrupted one never swaps.
	s, err = Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	s.Add("index.html", []byte("cancelled"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(ctx, dest, s); err == nil {
		t.Fatal("Write of a cancelled build succeeded")
	}
	if got := readAll(t, dest); len(got) != 1 || got["index.html"] != "good" {
		t.Fatalf("destination changed: %v", got)
	}
	assertNoLeftovers(t, dest)
}

func assertNoLeftovers(t *testing.T, dest string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folders left beside %s: %v", dest, names)
	}
}

// A path added twice to a staged set ends with the last bytes, and the
// current site is not touched on the way, even when the first add was
// linked from it (writing through that link would change the live site).
func TestStagedPathAddedTwice(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	first.Add("page.html", []byte("live"))
	if err := Write(context.Background(), dest, first); err != nil {
		t.Fatal(err)
	}
	second, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	second.Add("page.html", []byte("live")) // the same bytes: linked
	second.Add("page.html", []byte("new"))  // then replaced
	if got, _ := os.ReadFile(filepath.Join(dest, "page.html")); string(got) != "live" {
		t.Fatalf("the live site changed during the build: %q", got)
	}
	if err := Write(context.Background(), dest, second); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, dest)["page.html"]; got != "new" {
		t.Errorf("page.html = %q, want the last bytes added", got)
	}
}

// A kept folder of the destination is moved into the new site at the
// swap, files and all (the same inodes), while the live site keeps it
// until then; a file the build added into such a folder wins over the
// kept one, and the others are linked.
func TestKeep(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	first.Add("a/index.html", []byte("a"))
	first.Add("a/2023/index.html", []byte("a 2023"))
	first.Add("b/index.html", []byte("b"))
	first.Add("index.html", []byte("home"))
	if err := Write(context.Background(), dest, first); err != nil {
		t.Fatal(err)
	}
	ino := func(p string) uint64 {
		t.Helper()
		info, err := os.Stat(filepath.Join(dest, p))
		if err != nil {
			t.Fatal(err)
		}
		return info.Sys().(*syscall.Stat_t).Ino
	}
	aPage, bPage := ino("a/2023/index.html"), ino("b/index.html")

	second, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"a", "b"} {
		if err := second.Keep(dir); err != nil {
			t.Fatal(err)
		}
	}
	if err := second.Keep("gone"); err == nil {
		t.Error("a folder the destination does not have was kept")
	}
	second.Add("b/extra.txt", []byte("static")) // b is in the new site already
	second.Add("index.html", []byte("home 2"))
	if second.Len() != 5 || second.Pages() != 4 {
		t.Errorf("%d files, %d pages", second.Len(), second.Pages())
	}
	if data, err := second.Bytes("a/2023/index.html"); err != nil || string(data) != "a 2023" {
		t.Errorf("a kept file reads %q, %v", data, err)
	}
	if got := readAll(t, dest); got["a/index.html"] != "a" || got["index.html"] != "home" {
		t.Fatalf("the live site changed before the swap: %v", got)
	}
	if err := Write(context.Background(), dest, second); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a/index.html": "a", "a/2023/index.html": "a 2023", "b/index.html": "b", "b/extra.txt": "static", "index.html": "home 2"}
	if got := readAll(t, dest); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if ino("a/2023/index.html") != aPage || ino("b/index.html") != bPage {
		t.Error("a kept file was written again")
	}
	assertNoLeftovers(t, dest)
}

// A build killed after moving kept folders into its staged site, before
// the swap, has them put back by the next build.
func TestKeepInterrupted(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := NewFileSet()
	first.Add("a/index.html", []byte("a"))
	first.Add("index.html", []byte("home"))
	if err := Write(context.Background(), dest, first); err != nil {
		t.Fatal(err)
	}
	second, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := second.Keep("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := second.stage.moveKept(); err != nil { // then killed
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "a")); !os.IsNotExist(err) {
		t.Fatal("the folder was not moved")
	}
	third, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	third.Discard()
	if got := readAll(t, dest); len(got) != 2 || got["a/index.html"] != "a" {
		t.Errorf("after the next build started: %v", got)
	}
	assertNoLeftovers(t, dest)
}

// Link puts a file from outside the set into a staged set by a hard
// link (the store of package buildcache), and a later build that writes
// another content at that path leaves the outside file as it was: the
// stage never writes through an existing name. Where links fail (another
// file system), the file is copied; an unchanged file of the destination
// is linked instead, keeping its time; a set held in memory reads it.
func TestLink(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	outside := filepath.Join(t.TempDir(), "page.html") // the store: not beside dest
	if err := os.WriteFile(outside, []byte("stored"), 0o644); err != nil {
		t.Fatal(err)
	}
	same := func(a, b string) bool {
		ia, err := os.Stat(a)
		if err != nil {
			t.Fatal(err)
		}
		ib, err := os.Stat(b)
		if err != nil {
			t.Fatal(err)
		}
		return os.SameFile(ia, ib)
	}
	s, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Link("b/page.html", outside); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Bytes("b/page.html"); string(got) != "stored" {
		t.Fatalf("a linked file reads back as %q", got)
	}
	if p, ok := s.StagedPath("b/page.html"); !ok || !same(p, outside) {
		t.Fatalf("StagedPath = %s, %t: not the outside file", p, ok)
	}
	if err := Write(context.Background(), dest, s); err != nil {
		t.Fatal(err)
	}
	if !same(filepath.Join(dest, "b", "page.html"), outside) {
		t.Fatal("the file was copied, not linked")
	}

	s, _ = Stage(dest)
	s.Add("b/page.html", []byte("changed"))
	if err := Write(context.Background(), dest, s); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(outside); string(got) != "stored" {
		t.Fatalf("a build wrote through the linked name: the outside file holds %q", got)
	}

	// Links impossible: a copy. Then, with the same bytes in the
	// destination (another file), the destination's file, timestamp and all.
	link = func(from, to string) error {
		return &os.LinkError{Op: "link", Old: from, New: to, Err: syscall.EXDEV}
	}
	defer func() { link = os.Link }()
	for _, step := range []string{"copied", "unchanged"} {
		s, _ = Stage(dest)
		if err := s.Link("b/page.html", outside); err != nil {
			t.Fatal(err)
		}
		if err := Write(context.Background(), dest, s); err != nil {
			t.Fatal(err)
		}
		published := filepath.Join(dest, "b", "page.html")
		if got, _ := os.ReadFile(published); string(got) != "stored" || same(published, outside) {
			t.Fatalf("%s: the published file holds %q, linked %t", step, got, same(published, outside))
		}
		if step == "copied" {
			old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			os.Chtimes(published, old, old)
			link = os.Link
			continue
		}
		if info, _ := os.Stat(published); info.ModTime().Year() != 2020 {
			t.Errorf("an unchanged file was replaced: modified %v", info.ModTime())
		}
	}
	assertNoLeftovers(t, dest)

	mem := NewFileSet()
	if err := mem.Link("b/page.html", outside); err != nil {
		t.Fatal(err)
	}
	if got, _ := mem.Bytes("b/page.html"); string(got) != "stored" {
		t.Errorf("a set in memory reads %q", got)
	}
	if _, ok := mem.StagedPath("b/page.html"); ok {
		t.Error("a set in memory has a staged path")
	}
}

// TestStagedSyncByName: a build that writes few files syncs them, the
// files it linked from the destination (fdatasync), every folder it made
// (those MkdirAll made above a file's folder too) and the paths given
// to SyncAlso, by name, instead of the whole file system; one that
// writes more than syncListMax syncs the tree at once.
func TestStagedSyncByName(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	outside := filepath.Join(t.TempDir(), "store-entry")
	if err := os.WriteFile(outside, []byte("entry"), 0o644); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got map[string]string // path below the staged folder → how
	var outsideSyncs int
	defer func() { synced = func(string, string) {} }()
	publish := func(files map[string]string, asLeft func(top string) bool) *FileSet {
		t.Helper()
		s, err := Stage(dest)
		if err != nil {
			t.Fatal(err)
		}
		if asLeft != nil {
			s.SyncedDest(asLeft)
		}
		got, outsideSyncs = map[string]string{}, 0
		synced = func(how, p string) {
			mu.Lock()
			defer mu.Unlock()
			if p == outside {
				outsideSyncs++
			}
			if rel, err := filepath.Rel(s.stage.dir, p); err == nil && !strings.HasPrefix(rel, "..") {
				p = filepath.ToSlash(rel)
			}
			got[p] = how
		}
		for p, data := range files {
			s.Add(p, []byte(data))
		}
		s.SyncAlso(outside)
		s.SyncAlso(outside) // as every bureau names the store's folder
		if err := Write(context.Background(), dest, s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	publish(map[string]string{"index.html": "one", "a/b/c/page.html": "same"}, nil)
	publish(map[string]string{"index.html": "two", "a/b/c/page.html": "same"}, nil)
	want := map[string]string{
		"index.html": "file", "a/b/c/page.html": "data",
		".": "path", "a": "path", "a/b": "path", "a/b/c": "path",
		outside: "path",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("synced %v, want %v", got, want)
	}
	if outsideSyncs != 1 {
		t.Errorf("a path given to SyncAlso twice was synced %d times, want once", outsideSyncs)
	}
	// What the last build synced, as it left it, is not synced again;
	// a file linked from elsewhere is.
	publish(map[string]string{"index.html": "two", "a/b/c/page.html": "same", "a/new.html": "new"}, func(top string) bool { return top == "a" })
	want = map[string]string{
		"index.html": "data", "a/new.html": "file",
		".": "path", "a": "path", "a/b": "path", "a/b/c": "path",
		outside: "path",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with a as the last build left it, synced %v, want %v", got, want)
	}

	oldLinked := syncLinkedMax
	syncLinkedMax = 0
	publish(map[string]string{"index.html": "three", "a/b/c/page.html": "same"}, nil)
	syncLinkedMax = oldLinked
	if want := map[string]string{".": "tree"}; !reflect.DeepEqual(got, want) {
		t.Errorf("past syncLinkedMax synced %v, want %v", got, want)
	}
	old := syncListMax
	syncListMax = 0
	defer func() { syncListMax = old }()
	publish(map[string]string{"index.html": "four", "a/b/c/page.html": "same"}, func(string) bool { return true })
	if want := map[string]string{".": "tree"}; !reflect.DeepEqual(got, want) {
		t.Errorf("past syncListMax synced %v, want %v", got, want)
	}
}

// TestStageMakesFolders: a staged set makes a folder with one mkdir when
// its parent is there, and the missing folders above it after one that
// fails, not looking first as os.MkdirAll does; a file where a folder
// must go fails the build.
func TestStageMakesFolders(t *testing.T) {
	var calls []string
	defer func(m func(string, os.FileMode) error) { mkdir = m }(mkdir)
	s, err := Stage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	root := s.stage.dir
	mkdir = func(dir string, perm os.FileMode) error {
		rel, _ := filepath.Rel(root, dir)
		calls = append(calls, filepath.ToSlash(rel))
		return os.Mkdir(dir, perm)
	}
	for _, p := range []string{"a/b/c/x.txt", "a/b/y.txt", "a/z.txt", "top.txt", "a/b/c/w.txt", "a/d/v.txt", "top.txt/u.txt"} {
		s.Add(p, []byte(p))
	}
	want := []string{"a/b/c", "a/b", "a", "a/b", "a/b/c", ".", "a/d", "top.txt"}
	if !slices.Equal(calls, want) {
		t.Errorf("mkdir calls %q, want %q", calls, want)
	}
	for _, p := range []string{"a/b/c/x.txt", "a/b/y.txt", "a/z.txt", "top.txt", "a/b/c/w.txt", "a/d/v.txt"} {
		if data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p))); err != nil || string(data) != p {
			t.Errorf("%s: %q, %v", p, data, err)
		}
	}
	if s.stage.err == nil {
		t.Error("a file where a folder must go did not fail the set")
	}
}

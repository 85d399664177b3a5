package stamp

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fingerprint(t *testing.T, h *Hasher, src string, opts ...string) string {
	t.Helper()
	fp, err := Fingerprint(h, src, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestFingerprint(t *testing.T) {
	src := t.TempDir()
	h := NewHasher(filepath.Join(t.TempDir(), "stat.cache"))
	write(t, filepath.Join(src, "content/site.toml"), "title = \"x\"")
	write(t, filepath.Join(src, "content/b/2023.toml"), "executed = 27")
	base := fingerprint(t, h, src)
	if fingerprint(t, h, src) != base {
		t.Fatal("the same tree gave two fingerprints")
	}
	// Output folders and other files beside the inputs do not count.
	write(t, filepath.Join(src, "public/index.html"), "page")
	if fingerprint(t, h, src) != base {
		t.Error("a file outside content/, static/ and themes/ changed the fingerprint")
	}
	if fingerprint(t, h, src, "baseURL=https://a/") == base {
		t.Error("an option did not change the fingerprint")
	}
	// A touch that changes no byte changes nothing.
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(src, "content/b/2023.toml"), later, later)
	if fingerprint(t, h, src) != base {
		t.Error("a new modification time alone changed the fingerprint")
	}
	steps := []struct {
		what string
		do   func()
	}{
		{"a corrected figure of the same size, its timestamp restored (touch -r)", func() {
			p := filepath.Join(src, "content/b/2023.toml")
			info, _ := os.Stat(p)
			write(t, p, "executed = 72")
			os.Chtimes(p, info.ModTime(), info.ModTime())
		}},
		{"a new static file", func() { write(t, filepath.Join(src, "static/robots.txt"), "") }},
		{"a theme override", func() { write(t, filepath.Join(src, "themes/default/templates/base.html"), "") }},
		{"a removed file", func() { os.Remove(filepath.Join(src, "content/b/2023.toml")) }},
	}
	prev := fingerprint(t, h, src)
	for _, s := range steps {
		s.do()
		fp := fingerprint(t, h, src)
		if fp == prev {
			t.Errorf("%s did not change the fingerprint", s.what)
		}
		prev = fp
	}
}

// countingFS counts the files opened for reading.
type countingFS struct {
	fstest.MapFS
	opened int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.MapFS.Open(name)
	if err == nil {
		if info, _ := f.Stat(); info != nil && !info.IsDir() {
			c.opened++
		}
	}
	return f, err
}

// TestStatCache: a file whose size, mtime, ctime and inode are as they
// were is not read again; a change of any of them, or a timestamp too
// close to the moment of hashing (racy), makes it read; a file system
// without change times and inodes is always read.
func TestStatCache(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	file := func(data string, ino uint64, ctime time.Time) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(data), ModTime: old, Sys: &Identity{Inode: ino, CTime: ctime.UnixNano()}}
	}
	fsys := &countingFS{MapFS: fstest.MapFS{"content/a.toml": file("executed = 27", 1, old)}}
	cacheFile := filepath.Join(t.TempDir(), "stat.cache")
	digest := func() string {
		t.Helper()
		h := NewHasher(cacheFile)
		d, err := h.Digest(fsys, "/site", "content/a.toml")
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Save(); err != nil {
			t.Fatal(err)
		}
		return d
	}
	first := digest()
	fsys.opened = 0
	if digest() != first || fsys.opened != 0 {
		t.Fatalf("unchanged file: opened %d times", fsys.opened)
	}
	// Same size, same mtime, new bytes: the change time tells.
	fsys.MapFS["content/a.toml"] = file("executed = 72", 1, old.Add(time.Minute))
	if d := digest(); d == first || fsys.opened != 1 {
		t.Fatalf("an edit with its mtime restored was not seen (opened %d)", fsys.opened)
	}
	// A change time within the racy window: read every time.
	fsys.MapFS["content/a.toml"] = file("executed = 72", 1, time.Now())
	fsys.opened = 0
	digest()
	digest()
	if fsys.opened != 2 {
		t.Errorf("a racily clean file was read %d times in two runs, want 2", fsys.opened)
	}
	// No identity (an in-memory file system): always read.
	fsys.MapFS["content/a.toml"] = &fstest.MapFile{Data: []byte("x"), ModTime: old}
	fsys.opened = 0
	digest()
	digest()
	if fsys.opened != 2 {
		t.Errorf("a file without inode and ctime was read %d times in two runs, want 2", fsys.opened)
	}
}

func TestUpToDate(t *testing.T) {
	dir := t.TempDir()
	if _, ok := UpToDate(dir, "fp"); ok {
		t.Fatal("up to date before any build")
	}
	if err := Save(dir, Record{Fingerprint: "fp", Stderr: "warning\n", Stdout: "summary"}); err != nil {
		t.Fatal(err)
	}
	r, ok := UpToDate(dir, "fp")
	if !ok || r.Stderr != "warning\n" || r.Stdout != "summary" {
		t.Fatalf("UpToDate = %+v, %v", r, ok)
	}
	if _, ok := UpToDate(dir, "other"); ok {
		t.Error("up to date with another fingerprint")
	}
	Remove(dir)
	if _, ok := UpToDate(dir, "fp"); ok {
		t.Error("Remove left the record")
	}
}

// TestSnapshot: a destination is intact only while every file is as the
// build left it: a file deleted, added, or rewritten (even with the same
// size and its mtime restored) is seen, in the whole site and in the one
// folder it is in.
func TestSnapshot(t *testing.T) {
	dest := t.TempDir()
	write(t, filepath.Join(dest, "index.html"), "home")
	write(t, filepath.Join(dest, "a/2023/index.html"), "figure 27")
	write(t, filepath.Join(dest, "b/index.html"), "b")
	take := func() Snapshot {
		s, err := Take(dest, Snapshot{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := SaveSnapshot(dir, s); err != nil {
			t.Fatal(err)
		}
		return LoadSnapshot(dir)
	}
	s := take()
	if !s.Intact(dest, "") || !s.Intact(dest, "a") {
		t.Fatal("a destination just recorded is not intact")
	}
	if (Snapshot{}).Intact(dest, "") {
		t.Error("an empty snapshot says a destination is intact")
	}
	p := filepath.Join(dest, "a/2023/index.html")
	info, _ := os.Stat(p)
	write(t, p, "figure 72")
	os.Chtimes(p, info.ModTime(), info.ModTime())
	if s.Intact(dest, "") || s.Intact(dest, "a") {
		t.Error("a page rewritten with its mtime restored was taken for the build's")
	}
	if !s.Intact(dest, "b") {
		t.Error("a folder nobody touched is not intact")
	}
	s = take()
	os.Remove(p)
	if s.Intact(dest, "") || s.Intact(dest, "a") {
		t.Error("a deleted page was not seen")
	}
	s = take()
	write(t, filepath.Join(dest, "b/extra.html"), "x")
	if s.Intact(dest, "") || s.Intact(dest, "b") {
		t.Error("an added file was not seen")
	}
	// A folder the caller vouches for (checked, then kept as it was) is
	// taken from the previous snapshot without walking it; others are
	// walked.
	prev := take()
	write(t, filepath.Join(dest, "b/later.html"), "x")
	reused, err := Take(dest, prev, func(f string) bool { return f == "b" })
	if err != nil {
		t.Fatal(err)
	}
	if reused.Folders["b"] != prev.Folders["b"] || reused.Folders["a"] != prev.Folders["a"] {
		t.Error("a vouched-for folder was walked again, or an unchanged one changed")
	}
	if walked, _ := Take(dest, prev, nil); walked.Folders["b"] == prev.Folders["b"] {
		t.Error("a folder walked again did not show the file added to it")
	}
}

// The folder digest this system takes (on Linux, by fstatat) is the one
// the portable walk takes: same files, same order, same lines. Otherwise
// a snapshot taken one way would never match one taken the other, or,
// worse, a change could go unseen.
func TestFolderDigestAsWalk(t *testing.T) {
	dest := t.TempDir()
	files := []string{
		"a/index.html", "a/2023/index.html", "a/2023/report.json", "a/2023/图表 数据.csv",
		"a/2023-b/x", "a/b/c/d/e.txt", "a/\"quoted\"\n.txt", "a/Z", "a/z", "a/a.b", "a/a-b", "a/a/b",
	}
	for i, f := range files {
		p := filepath.Join(dest, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Repeat("x", i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("index.html", filepath.Join(dest, "a", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dest, "a", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A folder larger than one read of its entries (getdents' buffer).
	for i := range 1500 {
		write(t, filepath.Join(dest, "b", "many", fmt.Sprintf("%04d-%s.html", (i*7919)%1500, strings.Repeat("n", 40))), "x")
	}
	write(t, filepath.Join(dest, "b", "z.txt"), "z")
	check := func(what string) string {
		t.Helper()
		got, err := folderDigest(dest, "a")
		want, werr := folderDigestWalk(dest, "a")
		if err != nil || werr != nil {
			t.Fatalf("%s: %v, %v", what, err, werr)
		}
		if got != want {
			t.Fatalf("%s: folderDigest %s, the walk %s", what, got, want)
		}
		return got
	}
	got, listed, err := folderDigestListed(dest, "b", true)
	want, werr := folderDigestWalk(dest, "b")
	if err != nil || werr != nil || got != want {
		t.Fatalf("a large folder: %s, %v; the walk %s, %v", got, err, want, werr)
	}
	if runtime.GOOS == "linux" {
		var walked []string
		filepath.WalkDir(filepath.Join(dest, "b"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dest, p)
				walked = append(walked, filepath.ToSlash(rel))
			}
			return err
		})
		if len(walked) != 1501 || !reflect.DeepEqual(listed, walked) {
			t.Fatalf("a large folder listed %d files, walked %d; first %v", len(listed), len(walked), listed[:min(3, len(listed))])
		}
	}
	before := check("as written")
	// Rewriting a file in place, same size: the digest changes, both ways.
	p := filepath.Join(dest, "a", "2023", "report.json")
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(p, []byte("xxx"), 0o644); err != nil {
		t.Fatal(err)
	}
	if check("after an edit") == before {
		t.Fatal("a file rewritten in place left the digest as it was")
	}
	if _, err := folderDigest(dest, "missing"); err == nil {
		t.Fatal("no error for a missing folder")
	}
}

// TestStatCacheFile: the stat cache file gives back what was saved, the
// same bytes for the same entries, and anything that is not such a file
// (an older JSON cache, a file cut short) is an empty cache.
func TestStatCacheFile(t *testing.T) {
	entries := map[string]*statEntry{
		"/site\x00content/a.toml": {Size: 13, MTime: 1700000000123456789, CTime: -5, Inode: 1 << 40, Digest: strings.Repeat("ab", 32)},
		"file\x00/x/年度.md":        {Size: 0, MTime: 0, CTime: 0, Inode: 0, Digest: strings.Repeat("0f", 32)},
	}
	data, err := encodeStats(entries)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeStats(data); !reflect.DeepEqual(got, entries) {
		t.Fatalf("decoded %v, want %v", got, entries)
	}
	again, _ := encodeStats(decodeStats(data))
	if !bytes.Equal(again, data) {
		t.Error("the same entries encode to other bytes")
	}
	for i := len(statMagic); i < len(data); i++ {
		if got := decodeStats(data[:i]); got != nil && len(got) == len(entries) {
			t.Errorf("a file cut at %d of %d decodes to every entry", i, len(data))
		}
	}
	if decodeStats([]byte(`{"version":1,"entries":{}}`)) != nil {
		t.Error("a JSON cache of the earlier format was read")
	}
	if _, err := encodeStats(map[string]*statEntry{"k": {Digest: "xyz"}}); err == nil {
		t.Error("a bad digest was written")
	}
}

func FuzzDecodeStats(f *testing.F) {
	data, _ := encodeStats(map[string]*statEntry{"/s\x00a": {Size: 1, MTime: 2, CTime: 3, Inode: 4, Digest: strings.Repeat("cd", 32)}})
	f.Add(data)
	f.Add([]byte(statMagic + "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := decodeStats(data)
		if got == nil {
			return
		}
		again, err := encodeStats(got)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(decodeStats(again), got) {
			t.Fatal("entries do not survive a second round")
		}
	})
}

// TestTreeLines: Tree's lines are the quoted path, the kind or digest,
// as fmt's %q wrote them (keys made by earlier versions stay valid only
// if the bytes are the same; the test holds them to it).
func TestTreeLines(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	fsys := fstest.MapFS{
		"content/a b/2023.toml":  {Data: []byte("x"), ModTime: old},
		"content/a b/\"q\"\t.md": {Data: []byte("y"), ModTime: old},
		"content/年度/说明.md":       {Data: []byte("z"), ModTime: old},
	}
	var got bytes.Buffer
	h := NewHasher("")
	if err := h.Tree(&got, fsys, "/s", "content"); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if d.IsDir() {
			fmt.Fprintf(&want, "%q dir\n", p)
			return nil
		}
		sum := sha256.Sum256(fsys[p].Data)
		fmt.Fprintf(&want, "%q %x\n", p, sum)
		return nil
	})
	if got.String() != want.String() {
		t.Errorf("Tree wrote\n%s\nwant\n%s", got.String(), want.String())
	}
}

// The lines a fingerprint keeps write, for every folder of the source,
// what walking it writes, and the fingerprint is Fingerprint's.
func TestFingerprintLines(t *testing.T) {
	src := t.TempDir()
	for _, p := range []string{"content/site.toml", "content/a/2023.toml", "content/a/2023/附件.pdf", "content/a-b/2023.md",
		"content/a.b/x.toml", "content/ab/2024.toml", "themes/default/templates/home.html", "static/robots.txt"} {
		write(t, filepath.Join(src, p), "data of "+p)
	}
	h := NewHasher("")
	fp, lines, err := FingerprintLines(h, src, "o=1")
	if err != nil {
		t.Fatal(err)
	}
	if want := fingerprint(t, h, src, "o=1"); fp != want {
		t.Errorf("FingerprintLines gave %s, Fingerprint %s", fp, want)
	}
	abs, _ := filepath.Abs(src)
	dirs := []string{"content", "static", "themes", "content/a", "content/a/2023", "content/a-b", "content/a.b", "content/ab", "themes/default"}
	for _, dir := range dirs {
		var got, want bytes.Buffer
		ok, err := lines.Tree(&got, abs, dir)
		if !ok || err != nil {
			t.Errorf("%s: not in the lines (%v)", dir, err)
			continue
		}
		if err := h.Tree(&want, os.DirFS(src), abs, dir); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: the lines wrote\n%s\nwant\n%s", dir, got.String(), want.String())
		}
	}
	// The files right in a folder, as os.ReadDir lists them (folders
	// left out).
	os.Symlink("2023.toml", filepath.Join(src, "content", "a", "link.toml"))
	_, lines, _ = FingerprintLines(h, src, "o=1")
	for _, dir := range dirs {
		entries, _ := os.ReadDir(filepath.Join(src, dir))
		var want []string
		for _, e := range entries {
			if !e.IsDir() {
				want = append(want, e.Name())
			}
		}
		got, ok := lines.Files(abs, dir)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("files of %s: %v %t, want %v", dir, got, ok, want)
		}
	}
	if _, ok := lines.Files("/elsewhere", "content"); ok {
		t.Error("files of another root")
	}
	os.RemoveAll(filepath.Join(src, "static"))
	_, lines, _ = FingerprintLines(h, src)
	var got bytes.Buffer
	if ok, _ := lines.Tree(&got, abs, "static"); !ok || got.Len() != 0 {
		t.Errorf("a missing input folder: %t, %q; want nothing written", ok, got.String())
	}
	for _, asked := range [][2]string{{abs, "content/none"}, {abs, "content/site.toml"}, {"/elsewhere", "content"}} {
		if ok, _ := lines.Tree(&got, asked[0], asked[1]); ok {
			t.Errorf("lines of %s in %s: want none", asked[1], asked[0])
		}
	}
}

// TakeListed lists each folder's files as the walk finds them, so that
// a build keeps a folder by the list; a folder with anything but
// regular files and folders is not listed (Keep then walks, and fails).
func TestTakeListed(t *testing.T) {
	dest := t.TempDir()
	for _, p := range []string{"a/index.html", "a/2023/index.html", "a/2023/report.json", "b/x.csv", "top.html"} {
		write(t, filepath.Join(dest, p), p)
	}
	if err := os.Symlink("x.csv", filepath.Join(dest, "b", "link")); err != nil {
		t.Skip(err)
	}
	s, err := TakeListed(dest)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Take(dest, Snapshot{}, nil)
	if err != nil || !s.Equal(plain) {
		t.Fatalf("TakeListed's digests differ from Take's: %v %v", s.Folders, plain.Folders)
	}
	if runtime.GOOS != "linux" {
		return // lists nothing elsewhere
	}
	if want := []string{"a/2023/index.html", "a/2023/report.json", "a/index.html"}; !reflect.DeepEqual(s.Files["a"], want) {
		t.Errorf("files of a: %v, want %v", s.Files["a"], want)
	}
	if s.Files["b"] != nil {
		t.Errorf("a folder holding a link was listed: %v", s.Files["b"])
	}
}

// TestTreeDisk: the walk of a source folder on disk by system calls
// (treeDisk, on Linux) writes and keeps the lines fs.WalkDir's walk
// does, names that sort or quote oddly, links, empty folders and a
// folder larger than one read of its entries included; where it meets
// what it leaves to that walk (a link at the top, a named pipe) it
// writes nothing and says so.
func TestTreeDisk(t *testing.T) {
	src := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for _, p := range []string{"content/site.toml", "content/a/2023.toml", "content/a/2023/附件.pdf", "content/a-b/2023.md",
		"content/a.b/x.toml", "content/ab/2024.toml", "content/Z/\"q\"\t.md", "content/z/年度 说明.md", "content/a/2023/x/y/z.txt"} {
		write(t, filepath.Join(src, p), "data of "+p)
	}
	for i := range 1200 {
		write(t, filepath.Join(src, "content", "many", fmt.Sprintf("%04d-%s.md", (i*7919)%1200, strings.Repeat("n", 50))), "m")
	}
	os.MkdirAll(filepath.Join(src, "content", "empty"), 0o755)
	os.Symlink("a", filepath.Join(src, "content", "link"))
	filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		os.Chtimes(p, old, old) // not racy: the digests are cached
		return err
	})
	abs, _ := filepath.Abs(src)
	walk := func(h *Hasher, dir string) (string, *Lines) {
		var b bytes.Buffer
		l := &Lines{root: abs, dirs: map[string]int{}, gone: map[string]bool{}}
		if err := h.tree(&b, os.DirFS(src), abs, dir, l); err != nil {
			t.Fatal(err)
		}
		return b.String(), l
	}
	h := NewHasher(filepath.Join(t.TempDir(), "stat.cache"))
	for _, dir := range []string{"content", "content/a"} {
		want, wantLines := walk(h, dir)
		for range 2 { // the digests hashed, then from the stat cache
			var got bytes.Buffer
			l := &Lines{root: abs, dirs: map[string]int{}, gone: map[string]bool{}}
			ok, err := h.treeDisk(&got, src, abs, dir, l)
			if runtime.GOOS != "linux" {
				if ok || err != nil || got.Len() > 0 {
					t.Fatalf("treeDisk did something elsewhere: %t %v", ok, err)
				}
				return
			}
			if !ok || err != nil {
				t.Fatalf("%s: treeDisk left it to the walk (%v)", dir, err)
			}
			if got.String() != want {
				t.Fatalf("%s: treeDisk wrote\n%.2000s\nthe walk\n%.2000s", dir, got.String(), want)
			}
			if !reflect.DeepEqual(l, wantLines) {
				t.Fatalf("%s: treeDisk kept other lines than the walk", dir)
			}
		}
	}
	if !strings.Contains(func() string { s, _ := walk(h, "content"); return s }(), `"content/link" symlink`) {
		t.Fatal("the link is not in the walk's lines")
	}
	// A link at the top, a missing folder, a named pipe: left to the walk.
	os.Symlink("content", filepath.Join(src, "linked"))
	if err := unixMkfifo(filepath.Join(src, "content", "a", "pipe")); err != nil {
		t.Skip(err)
	}
	for _, dir := range []string{"linked", "missing", "content"} {
		var got bytes.Buffer
		if ok, err := h.treeDisk(&got, src, abs, dir, nil); ok || err != nil || got.Len() > 0 {
			t.Errorf("%s: treeDisk did it (%t, %v, %d bytes)", dir, ok, err, got.Len())
		}
	}
}

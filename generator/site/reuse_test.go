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
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/synth"
)

// TestBuildCache: a build that takes unchanged bureaus from the last
// build (their files kept, their part of the whole-site pages from the
// cache) writes the site a full build writes, byte for byte, with the
// same problems, and reads only the bureaus that changed. Changes are
// seen by content: an edit that keeps the file's size and modification
// time is rebuilt, and a published file deleted or altered in the
// destination is written again.
func TestBuildCache(t *testing.T) {
	t0 := time.Date(2024, 4, 30, 9, 0, 0, 0, time.UTC)
	src := &countingFS{MapFS: synth.MapFS(synth.Options{Bureaus: 7, Years: 2, Seed: 11})}
	inodes := uint64(0)
	// Files as the OS gives them to the stat cache: an inode and a change
	// time, which every write changes whatever the mtime.
	identify := func(f *fstest.MapFile, ctime time.Time) {
		inodes++
		f.Sys = &stamp.Identity{Inode: inodes, CTime: ctime.UnixNano()}
	}
	for _, f := range src.MapFS {
		f.ModTime = t0
		identify(f, t0)
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
	caches := t.TempDir() // the user's cache folder: not beside dest
	cacheOf := func(dest string) string { return filepath.Join(caches, filepath.Base(dest)) }
	build := func(dest string, cache *buildcache.Cache) *Result {
		t.Helper()
		files, err := output.Stage(dest)
		if err != nil {
			t.Fatal(err)
		}
		h := stamp.NewHasher(filepath.Join(cacheOf(dest), "stat.cache"))
		res, err := Build(context.Background(), Options{Source: src, Mode: ModePublish, Files: files, Store: cache, Program: "test", Hasher: h, Root: "/src"})
		if err != nil {
			t.Fatal(err)
		}
		h.Save()
		if !res.OK() {
			files.Discard()
			return res
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
	same := func(name string, maxRead int64) *Result {
		t.Helper()
		src.opened.Store(0)
		cache := buildcache.Open(cacheOf(dest), dest)
		cache.CheckAhead() // as disclose build does: kept folders by its listing
		got := build(dest, cache)
		read := src.opened.Load()
		if !got.OK() {
			t.Fatalf("%s: %v", name, got.Diags)
		}
		step++
		full := filepath.Join(dir, "full"+strings.Repeat("x", step))
		want := build(full, buildcache.New(cacheOf(full), full))
		if !reflect.DeepEqual(got.Diags, want.Diags) || got.Pages != want.Pages || got.Files.Len() != want.Files.Len() {
			t.Fatalf("%s: %d pages, %d files, problems\n%v\nfull build: %d, %d,\n%v", name, got.Pages, got.Files.Len(), got.Diags, want.Pages, want.Files.Len(), want.Diags)
		}
		sameTree(t, name, dest, full)
		if read > maxRead {
			t.Errorf("%s: read %d files of bureaus, want at most %d", name, read, maxRead)
		}
		return got
	}
	edit := func(name, text string) {
		f := &fstest.MapFile{Data: []byte(text), ModTime: t0.Add(time.Duration(step+1) * time.Second)}
		identify(f, f.ModTime)
		src.MapFS[name] = f
	}
	// Each bureau has bureau.toml and two years: 3 TOML files, read once
	// to load and again for the source lines of problems in them.
	const bureau = 6
	same("first build", 1<<20)
	same("nothing changed", 0)
	kept := inode(t, filepath.Join(dest, slugs[1], "index.html"))

	// A narrative edited: its bureau is rendered again; the whole site's
	// files are kept as they are (the same files), and of the search
	// index only the files that hold the changed terms and document are
	// written again (discover.Patch).
	wholeFiles := []string{"index.html", "404.html", "2024/index.html", "data/index.html", "data/projects.csv", "feed.xml"}
	inodesOf := func(names []string) map[string]uint64 {
		m := map[string]uint64{}
		for _, n := range names {
			m[n] = inode(t, filepath.Join(dest, n))
		}
		return m
	}
	searchNames := func() []string {
		ps, _ := filepath.Glob(filepath.Join(dest, "search", "*.js"))
		for i, p := range ps {
			ps[i] = "search/" + filepath.Base(p)
		}
		return ps
	}
	before, searchBefore := inodesOf(wholeFiles), inodesOf(searchNames())
	md := "content/" + slugs[6] + "/2024.md"
	narrative := string(src.MapFS[md].Data)
	edit(md, narrative+"\n补充说明：本段为编辑后新增的文字，共计 12 项。\n")
	if got := same("a narrative edited", bureau); !got.SiteKept || !got.SearchPatched || got.Rendered != 3 {
		t.Errorf("a narrative edit: whole-site files kept %t, search index patched %t, %d pages rendered, want true, true, 3", got.SiteKept, got.SearchPatched, got.Rendered)
	}
	if after := inodesOf(wholeFiles); !reflect.DeepEqual(after, before) {
		t.Errorf("a narrative edit wrote the whole site's files again: %v, were %v", after, before)
	}
	rewritten := 0
	for n, ino := range inodesOf(searchNames()) {
		if searchBefore[n] != ino {
			rewritten++
		}
	}
	if rewritten == 0 || rewritten >= len(searchBefore)-1 {
		t.Errorf("a narrative edit wrote %d of the search index's %d files again, want a few", rewritten, len(searchBefore))
	}
	// A new section (a document more: every later document moves), and
	// a whole-site page deleted from the destination.
	edit(md, narrative+"\n## 新增一节\n\n新增一节的文字。\n")
	if err := os.Remove(filepath.Join(dest, "2024", "index.html")); err != nil {
		t.Fatal(err)
	}
	if got := same("a narrative section added, a year page deleted", bureau); got.SiteKept || got.SearchPatched {
		t.Errorf("whole-site files kept %t, search index patched %t, want neither", got.SiteKept, got.SearchPatched)
	}
	// A search file altered in the destination: the index is made whole.
	edit(md, narrative+"\n## 新增一节\n\n新增一节的文字，又改了一次。\n")
	alterInPlace(t, filepath.Join(dest, "search", "index.js"))
	if got := same("a narrative edited, a search file altered", bureau); !got.SiteKept || got.SearchPatched {
		t.Errorf("whole-site files kept %t, search index patched %t, want true, false", got.SiteKept, got.SearchPatched)
	}

	// A figure corrected: the files that show it are made again (the
	// home page's sums, the feed's summary, its year's page, the tables
	// holding it), those that do not are kept as they are (the other
	// year, the open-data page, 404), and the site is the full build's.
	fig := "content/" + slugs[3] + "/2024.toml"
	figured := string(src.MapFS[fig].Data)
	if !strings.Contains(figured, "executed = ") {
		t.Fatal("no executed figure to correct")
	}
	standing := []string{"2023/index.html", "data/index.html", "404.html", "data/indicators.csv", "data/metrics.csv"}
	before = inodesOf(standing)
	// Every file that shows a project's executed amount.
	showing := []string{"index.html", "2024/index.html", "feed.xml", "data/projects.csv"}
	was := map[string][]byte{}
	for _, p := range showing {
		was[p], _ = os.ReadFile(filepath.Join(dest, p))
	}
	edit(fig, strings.Replace(figured, "executed = ", "executed = 1", 1))
	// Rendered: the bureau's page and its two reports', the home page
	// and 2024's (linking a file of the same bytes keeps its inode too).
	// The models of the other bureaus come from their entries' heads,
	// and projects.csv is the last build's with the bureau's rows put in.
	// The feed's entries of the six other bureaus (two reports each) are
	// the last build's feed's.
	if got := same("a figure corrected", bureau); got.SiteKept || got.Rendered != 5 || got.TablesSpliced != 1 || got.FeedReused != 12 {
		t.Errorf("a figure's edit: whole-site files kept %t, %d pages rendered, %d tables spliced, %d feed entries copied, want false, 5, 1, 12",
			got.SiteKept, got.Rendered, got.TablesSpliced, got.FeedReused)
	}
	if after := inodesOf(standing); !reflect.DeepEqual(after, before) {
		t.Errorf("a figure's edit wrote files that do not show it again: %v, were %v", after, before)
	}
	for _, p := range showing {
		if now, _ := os.ReadFile(filepath.Join(dest, p)); bytes.Equal(now, was[p]) {
			t.Errorf("%s does not show the corrected figure", p)
		}
	}

	report := string(src.MapFS["content/"+slugs[0]+"/2024.toml"].Data)
	edit("content/"+slugs[0]+"/2024.toml", strings.Replace(report, "title = \"", "title = \"修订 ", 1))
	if got := same("a report edited", bureau); got.SiteKept || got.FeedReused != 12 {
		t.Errorf("a title's edit: whole-site files kept %t, %d feed entries copied, want false, 12", got.SiteKept, got.FeedReused)
	}
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
	if res := build(dest, buildcache.Open(cacheOf(dest), dest)); res.OK() {
		t.Fatal("a build with an error succeeded")
	}
	edit("content/"+slugs[4]+"/2024.toml", good+"\n")
	same("after a failed build", bureau)

	// A corrected figure of the same size, the file's mtime restored (as
	// touch -r, cp -p, rsync -t and tar x do): its change time differs,
	// and its bytes are read and seen.
	name := "content/" + slugs[5] + "/2024.toml"
	old := src.MapFS[name]
	corrected := []byte(strings.Replace(string(old.Data), "executed = ", "executed = 1", 1))
	corrected = corrected[:len(corrected)-1] // the same size
	f := &fstest.MapFile{Data: corrected, ModTime: old.ModTime}
	identify(f, t0.Add(time.Hour))
	src.MapFS[name] = f
	same("an edit of the same size with its mtime restored", bureau+1) // +1: read to hash it

	// A page deleted, and one altered, in the published site: written
	// again, their bureaus built again; the others kept.
	if err := os.Remove(filepath.Join(dest, slugs[0], "index.html")); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dest, slugs[1], "2024", "index.html")
	info, _ := os.Stat(page)
	if err := os.WriteFile(page, []byte("defaced"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(page, info.ModTime(), info.ModTime())
	same("a published page deleted and one altered", 2*bureau)
	if _, err := os.Stat(filepath.Join(dest, slugs[0], "index.html")); err != nil {
		t.Error("the deleted page was not written again")
	}

	// A fresh clone with the cache folder restored (as in CI): there is
	// no destination yet; every bureau is written from the store, none is
	// read or rendered, and the site is the full build's.
	clone := filepath.Join(dir, "clone")
	if err := os.CopyFS(cacheOf(clone), os.DirFS(cacheOf(dest))); err != nil {
		t.Fatal(err)
	}
	// One stored page was altered in place (by an editor on the server,
	// through the published name: the same file): its bureau is
	// rendered again, the others are linked from the store.
	stored := storedAs(t, cacheOf(dest), filepath.Join(dest, slugs[1], "index.html"))
	alterInPlace(t, filepath.Join(cacheOf(clone), stored))
	src.opened.Store(0)
	got := build(clone, buildcache.Open(cacheOf(clone), clone))
	if read := src.opened.Load(); !got.OK() || got.Kept != got.Bureaus-1 || read == 0 || read > bureau {
		t.Errorf("fresh clone: %d of %d bureaus reused, %d files read, want all but one: %v", got.Kept, got.Bureaus, read, got.Diags)
	}
	sameTree(t, "fresh clone", clone, dest)
	linked := storedAs(t, cacheOf(dest), filepath.Join(dest, slugs[3], "index.html"))
	if inode(t, filepath.Join(cacheOf(clone), linked)) != inode(t, filepath.Join(clone, slugs[3], "index.html")) {
		t.Errorf("a bureau of the fresh clone was not linked from the store (%s)", linked)
	}

	// Nothing of the caches is beside or in the destination.
	entries, _ = os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".disclose") {
			t.Errorf("%s is beside the destination", e.Name())
		}
	}
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

// alterInPlace changes a byte of the file at p, through its name and
// keeping its size and times: the same file under all its names.
func alterInPlace(t *testing.T, p string) {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("X"), info.Size()/2); err != nil {
		t.Fatal(err)
	}
	f.Close()
	os.Chtimes(p, info.ModTime(), info.ModTime())
}

// storedAs returns the name, below the cache folder cache, of the file
// its store links to the published file (the same inode).
func storedAs(t *testing.T, cache, published string) string {
	t.Helper()
	want, found := inode(t, published), ""
	filepath.WalkDir(filepath.Join(cache, "store"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && inode(t, p) == want {
			found, _ = filepath.Rel(cache, p)
		}
		return nil
	})
	if found == "" {
		t.Fatalf("the store holds no link to %s", published)
	}
	return found
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

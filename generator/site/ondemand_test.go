package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/disclose-portal/disclose/generator/buildcache"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/stamp"
	"github.com/disclose-portal/disclose/generator/synth"
)

// TestOnDemand: a bureau's folder made on demand, before serve's first
// run is done, is the folder a build makes, byte for byte, for the
// bundled example and for synthetic content, also after an edit; the
// theme's assets are served with it; the pages of the whole site are left
// to the run; a folder is made once while its files stay the same, and
// the run takes it from the store instead of rendering it again.
func TestOnDemand(t *testing.T) {
	example := t.TempDir()
	if err := os.CopyFS(filepath.Join(example, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		src  fstest.MapFS
	}{
		{"example", mapOf(t, os.DirFS(example))},
		{"synthetic", synth.MapFS(synth.Options{Bureaus: 4, Years: 2, Seed: 5})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := &countingFS{MapFS: tc.src}
			for _, f := range src.MapFS {
				identify(f)
			}
			store := buildcache.OpenStore(t.TempDir())
			opt := Options{Source: src, Store: store, Program: "test", Hasher: stamp.NewHasher(""), Root: "/src"}
			od := NewOnDemand(opt)
			slug := firstBureau(t, src.MapFS)
			full := fullBuild(t, src)

			page := slug + "/index.html"
			for _, p := range full.Files.Paths() {
				if strings.HasPrefix(p, slug+"/") && strings.HasSuffix(p, "/index.html") && p != page {
					page = p // a report's page
					break
				}
			}
			files, diags, ok := od.File(page)
			if !ok || files == nil || diags.Errors() > 0 {
				t.Fatalf("%s: ok %v, %v", page, ok, diags)
			}
			sameFolder(t, "first request", files, full.Files, slug)
			n := 0
			for _, p := range full.Files.Paths() {
				if strings.HasPrefix(p, "assets/") {
					n++
					if assets, _, ok := od.File(p); !ok || !sameFile(assets, full.Files, p) {
						t.Errorf("the theme's %s is not the build's", p)
					}
				}
			}
			if n == 0 {
				t.Error("the build has no assets")
			}
			for _, name := range []string{"index.html", "2024/index.html", "data/funds.csv", "search/index.js", "404.html", "nothing/here.html"} {
				if _, _, ok := od.File(name); ok {
					t.Errorf("%s made on demand: it is the run's", name)
				}
			}

			src.opened.Store(0)
			again, _, _ := od.File(slug + "/index.html")
			if again != files || src.opened.Load() != 0 {
				t.Errorf("made again with nothing changed (read %d files)", src.opened.Load())
			}

			// The run of the whole site takes the folder from the store.
			res, err := Build(context.Background(), Options{Source: src, Mode: ModePreview, Preview: NewPreview(), Store: store,
				Program: "test", Hasher: stamp.NewHasher(""), Root: "/src"})
			if err != nil || !res.OK() {
				t.Fatalf("run: %v %v", err, res.Diags)
			}
			if res.Kept != 1 {
				t.Errorf("the run kept %d bureaus from the store, want the 1 made on demand", res.Kept)
			}

			// An edit: the folder is made again, as the build makes it.
			file := "content/" + slug + "/bureau.toml"
			src.MapFS[file] = identify(&fstest.MapFile{Data: bytes.Replace(src.MapFS[file].Data, []byte(`name = "`), []byte(`name = "改名的`), 1)})
			full = fullBuild(t, src)
			files, _, _ = od.File(slug + "/index.html")
			sameFolder(t, "after an edit", files, full.Files, slug)
			if data, _ := files.Bytes(slug + "/index.html"); !bytes.Contains(data, []byte("改名的")) {
				t.Error("the edit is not on the page made on demand")
			}

			// Another serve of the same store takes the folder from it.
			src.opened.Store(0)
			files, _, _ = NewOnDemand(opt).File(slug + "/index.html")
			sameFolder(t, "from the store", files, full.Files, slug)
			if src.opened.Load() != 0 {
				t.Errorf("read %d files of the bureau, want its folder from the store", src.opened.Load())
			}
		})
	}
}

// TestOnDemandError: a bureau whose problems stop a build has no folder
// made on demand; its errors are returned to be shown over the page.
func TestOnDemandError(t *testing.T) {
	src := synth.MapFS(synth.Options{Bureaus: 2, Years: 1, Seed: 3})
	slug := firstBureau(t, src)
	var year string
	for p := range src {
		if strings.HasPrefix(p, "content/"+slug+"/") && strings.HasSuffix(p, ".toml") && !strings.HasSuffix(p, "bureau.toml") {
			year = p
		}
	}
	src[year] = &fstest.MapFile{Data: append([]byte("excuted = 1\n"), src[year].Data...)}
	od := NewOnDemand(Options{Source: src, Program: "test", Root: "/src"})
	files, diags, ok := od.File(slug + "/index.html")
	if !ok || files != nil || diags.Errors() == 0 {
		t.Fatalf("a broken bureau: ok %v, files %v, %v", ok, files != nil, diags)
	}
	if d := diags[0]; d.File != year || d.Severity != diag.Error || d.Source == "" {
		t.Errorf("first problem %+v, want an error in %s with its source line", d, year)
	}
}

var lastInode uint64

// identify gives a file what the OS gives the stat cache (an inode, a
// change time, a time long past): unchanged, it is not read again.
func identify(f *fstest.MapFile) *fstest.MapFile {
	lastInode++
	f.ModTime = time.Date(2024, 4, 30, 9, 0, 0, 0, time.UTC)
	f.Sys = &stamp.Identity{Inode: lastInode, CTime: f.ModTime.UnixNano() + int64(lastInode)}
	return f
}

func mapOf(t *testing.T, fsys fs.FS) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func firstBureau(t *testing.T, src fstest.MapFS) string {
	t.Helper()
	entries, err := fs.ReadDir(src, "content")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			return e.Name()
		}
	}
	t.Fatal("no bureau")
	return ""
}

func fullBuild(t *testing.T, src fs.FS) *Result {
	t.Helper()
	res, err := Build(context.Background(), Options{Source: src, Mode: ModePublish})
	if err != nil || !res.OK() {
		t.Fatalf("build: %v %v", err, res.Diags)
	}
	return res
}

// sameFolder checks that got holds the files of the bureau's folder
// that want (a whole site) holds, with the same bytes, and no others.
func sameFolder(t *testing.T, step string, got, want *output.FileSet, slug string) {
	t.Helper()
	n := 0
	for _, p := range want.Paths() {
		if !strings.HasPrefix(p, slug+"/") {
			continue
		}
		n++
		if !sameFile(got, want, p) {
			t.Errorf("%s: %s differs from the build's", step, p)
		}
	}
	var mine int
	for _, p := range got.Paths() {
		if strings.HasPrefix(p, slug+"/") {
			mine++
		}
	}
	if n == 0 || mine != n {
		t.Errorf("%s: %d files in the folder, the build %d", step, mine, n)
	}
}

func sameFile(got, want *output.FileSet, p string) bool {
	a, errA := got.Bytes(p)
	b, errB := want.Bytes(p)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// TestPreviewPartsInStore: a ModePreview run with a store keeps the
// bureaus' rows and search parts there, not in memory, and makes the
// site-wide files from them when asked, as a build makes them, also
// when the store lost an entry (the bureau is then read again).
func TestPreviewPartsInStore(t *testing.T) {
	src := synth.MapFS(synth.Options{Bureaus: 5, Years: 2, Seed: 9})
	full := fullBuild(t, src)
	root := t.TempDir()
	for _, lost := range []bool{false, true} {
		p, err := Build(context.Background(), Options{Source: src, Mode: ModePreview, Preview: NewPreview(),
			Store: buildcache.OpenStore(root), Program: "test", Hasher: stamp.NewHasher(""), Root: "/src"})
		if err != nil || !p.OK() {
			t.Fatal(err, p.Diags)
		}
		if lost {
			gone, _ := filepath.Glob(filepath.Join(root, "store", "*.gob"))
			if len(gone) == 0 {
				t.Fatal("nothing in the store")
			}
			os.Remove(gone[0])
		}
		if p.Files.Has("data/funds.csv") || p.Files.Has("search/index.js") {
			t.Fatal("site-wide files made before they were asked for")
		}
		if problems := p.Finish("data/funds.csv"); len(problems) > 0 {
			t.Fatal(problems)
		}
		if !p.Files.Has("data/funds.csv") || p.Files.Has("search/index.js") {
			t.Error("asking for a table made the search index, or not the table")
		}
		p.Finish("")
		for _, f := range full.Files.Paths() {
			if !sameFile(p.Files, full.Files, f) {
				t.Errorf("lost %v: %s differs from the build's", lost, f)
			}
		}
	}
}

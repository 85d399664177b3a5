package buildcache

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/opendata"
	"github.com/disclose-portal/disclose/generator/output"
	"github.com/disclose-portal/disclose/generator/synth"
	"github.com/disclose-portal/disclose/generator/validate"
)

// thinned loads a synthetic bureau as a build keeps it once its pages
// are made.
func thinned(t *testing.T) *budget.Bureau {
	t.Helper()
	s, diags := load.Site(synth.MapFS(synth.Options{Bureaus: 2, Years: 3, Seed: 4}))
	diags = append(diags, validate.Site(s, diags)...) // links fund items to projects
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	b := s.Bureaus[1]
	for _, r := range b.Reports {
		r.DropDetail()
	}
	b.Origin.Path = nil // DropDetail clears it; the whole-site pages do not use it
	return b
}

// An entry comes back as it was stored: every field the whole-site
// pages may read, the units (whose exponent is unexported) and the links
// between objects.
func TestRoundTrip(t *testing.T) {
	b := thinned(t)
	linked := 0
	for _, r := range b.Reports {
		for _, src := range r.Funds.Sources {
			for _, it := range src.Items {
				if it.Project != nil {
					linked++
				}
			}
		}
	}
	if linked == 0 {
		t.Fatal("the fixture links no fund item to a project")
	}
	e := &Entry{Bureau: b, Rows: make(opendata.Rows, len(opendata.TableNames)), Search: []byte{1, 2, 3}}
	e.Rows[2] = [][]byte{[]byte("a,b\r\n"), nil}
	e.Rows[0] = [][]byte{[]byte("x\r\n"), []byte("y,z\r\n"), []byte("")}
	data, err := encode(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decode(data, true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Bureau, b) {
		t.Errorf("the bureau differs after a round trip")
	}
	if got.Bureau.Reports[0].Bureau != got.Bureau {
		t.Error("a report does not point at its bureau")
	}
	for _, r := range got.Bureau.Reports {
		if budget.Amount(123456789).Format(r.Unit) != budget.Amount(123456789).Format(b.Reports[0].Unit) {
			t.Errorf("unit %v formats differently", r.Unit)
		}
		for _, src := range r.Funds.Sources {
			for _, it := range src.Items {
				if it.Project != nil && it.Project != r.Project(it.ProjectID) {
					t.Errorf("fund item %q points at a copy of its project", it.Name)
				}
			}
		}
	}
	if string(got.Rows[2][0]) != "a,b\r\n" || string(got.Search) != "\x01\x02\x03" {
		t.Errorf("rows %q, search %q", got.Rows, got.Search)
	}
	for k := range e.Rows {
		if len(got.Rows[k]) != len(e.Rows[k]) {
			t.Fatalf("table %d: %d chunks after a round trip, want %d", k, len(got.Rows[k]), len(e.Rows[k]))
		}
		for i := range e.Rows[k] {
			if !bytes.Equal(got.Rows[k][i], e.Rows[k][i]) {
				t.Errorf("table %d chunk %d: %q, want %q", k, i, got.Rows[k][i], e.Rows[k][i])
			}
		}
	}
	// A chunk handed out is a slice of the file: appending to it must not
	// write over the next one.
	_ = append(got.Rows[2][1], "x"...)
	if string(got.Rows[2][0]) != "a,b\r\n" || len(got.Search) != 3 || got.Search[0] != 1 {
		t.Errorf("appending to a decoded chunk changed the entry: %q %q", got.Rows[2], got.Search)
	}
	data[len(data)/2] ^= 1
	if _, err := decode(data, true); err == nil {
		t.Error("a damaged entry was decoded")
	}
}

// folderOf is a bureau's folder of the site as a build makes it.
func folderOf(slug string) *output.FileSet {
	f := output.NewFileSet()
	f.Add(slug+"/index.html", []byte("<p>"+slug+"</p>"))
	f.Add(slug+"/2023/index.html", []byte("报告"))
	f.Add(slug+"/2023/fig-1.csv", nil)
	return f
}

// Entries are found by key alone (the store is content-addressed); a
// bureau's folder is kept from the destination only when the last
// committed build into it made it under the same key and it is as that
// build left it, and is written from its pack otherwise.
func TestStore(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	root := t.TempDir()
	for _, slug := range []string{"a", "b"} {
		if err := os.CopyFS(dest, folderOf(slug).FS()); err != nil {
			t.Fatal(err)
		}
	}
	e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}

	c := Open(root, dest)
	if _, ok := c.Load("k1"); ok {
		t.Fatal("an empty store gave an entry")
	}
	c.Store("a", "k1", e, folderOf("a"), nil) // not staged: packs
	c.Store("b", "k2", e, folderOf("b"), nil)
	if _, ok := Open(root, dest).Load("k1"); !ok {
		t.Fatal("a stored entry was not found")
	}
	if Open(root, dest).Keep("a", "k1", output.NewFileSet()) {
		t.Fatal("a folder was kept before its build was committed")
	}
	if _, ok := New(root, dest).Load("k1"); ok {
		t.Fatal("--force took an entry")
	}
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	c = Open(root, dest)
	if !c.Intact() {
		t.Fatal("the destination just committed is not intact")
	}
	if c.Keep("a", "k2", output.NewFileSet()) {
		t.Fatal("a folder was kept under another key")
	}
	// The next build keeps a, and drops b.
	staged, err := output.Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	kept := c.Keep("a", "k1", staged)
	staged.Discard() // the test does not swap it in: Commit reads dest
	if !kept {
		t.Fatal("a committed folder was not kept")
	}
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"k2.gob", "k2.pack", "k2.d"} {
		if _, err := os.Stat(filepath.Join(root, "store", f)); !os.IsNotExist(err) {
			t.Errorf("%s of a bureau gone is still there: %v", f, err)
		}
	}
	// A page of a's folder was deleted on the server: the folder is not
	// kept, but written from its pack, byte for byte.
	if err := os.Remove(filepath.Join(dest, "a", "index.html")); err != nil {
		t.Fatal(err)
	}
	c = Open(root, dest)
	if c.Intact() {
		t.Fatal("a destination with a page deleted is intact")
	}
	if c.Keep("a", "k1", output.NewFileSet()) {
		t.Fatal("a folder changed since its build was kept")
	}
	files := output.NewFileSet()
	if !c.Restore("a", "k1", files) {
		t.Fatal("a stored folder was not restored")
	}
	want := folderOf("a")
	if !reflect.DeepEqual(files.Paths(), want.Paths()) {
		t.Fatalf("restored %v, want %v", files.Paths(), want.Paths())
	}
	for _, p := range want.Paths() {
		got, _ := files.Bytes(p)
		w, _ := want.Bytes(p)
		if string(got) != string(w) {
			t.Errorf("%s: restored %q, want %q", p, got, w)
		}
	}
	// Nothing of the cache is in or beside the destination.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("beside the destination: %v", entries)
	}
}

// A pack that is damaged, or names a file outside its bureau's folder,
// is refused whole.
func TestPackRefused(t *testing.T) {
	data, err := pack(folderOf("a"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := unpack(data, "a"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := unpack(data, "b"); err == nil {
		t.Error("a pack of folder a was taken for folder b")
	}
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 0x10
		if _, _, err := unpack(bad, "a"); err == nil {
			t.Errorf("a pack damaged at byte %d was taken", i)
		}
	}
	outside := output.NewFileSet()
	outside.Add("a/../../etc/passwd", []byte("x"))
	data, _ = pack(outside)
	if _, _, err := unpack(data, "a"); err == nil {
		t.Error("a pack naming a file outside its folder was taken")
	}
}

func FuzzUnpack(f *testing.F) {
	data, _ := pack(folderOf("a"))
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		paths, contents, err := unpack(data, "a")
		if err == nil && len(paths) != len(contents) {
			t.Fatal("paths and contents differ in number")
		}
	})
}

// FuzzDecode: whatever an entry's file holds (with checksums that
// match, as a file written by another version would), decode returns an
// entry or an error and never panics or reads past the file; so does
// the reading of a head alone.
func FuzzDecode(f *testing.F) {
	e := &Entry{Bureau: &budget.Bureau{Slug: "a", Reports: []*budget.Report{{Year: 2023}}}, Rows: make(opendata.Rows, len(opendata.TableNames)), Search: []byte("s")}
	e.Rows[1] = [][]byte{[]byte("r\r\n")}
	e.Diags.Errorf("a/2023.toml", diag.Pos{}, "error.plain", "x")
	data, err := encode(e, []string{"a/index.html"})
	if err != nil {
		f.Fatal(err)
	}
	head, rest, _, err := splitHead(data)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(head, rest[4:])
	f.Add([]byte{0}, []byte{0})
	f.Fuzz(func(t *testing.T, head, body []byte) {
		data := binary.LittleEndian.AppendUint32(nil, crc32.Checksum(head, castagnoli))
		data = binary.AppendUvarint(data, uint64(len(head)))
		data = append(data, head...)
		data = binary.LittleEndian.AppendUint32(data, crc32.Checksum(body, castagnoli))
		decode(append(data, body...), true)
		decodeHead(head, &Entry{})
	})
}

// TestCompressedCopies: a copy is kept exactly, a damaged one is not
// given, --force gives none, and Commit deletes the copies the build
// did not use.
func TestCompressedCopies(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(t.TempDir(), "public")
	c := Open(root, dest)
	if _, ok := c.Compressed("a-1.gz"); ok {
		t.Fatal("an empty store gave a copy")
	}
	c.KeepCompressed("a-1.gz", []byte("copy a"))
	c.KeepCompressed("b-1.gz", []byte("copy b"))
	c.KeepCompressed("../x", []byte("no")) // not a plain name: not kept
	if got, ok := Open(root, dest).Compressed("a-1.gz"); !ok || string(got) != "copy a" {
		t.Fatalf("kept copy: %q, %t", got, ok)
	}
	if _, ok := New(root, dest).Compressed("a-1.gz"); ok {
		t.Error("--force took a copy")
	}
	if _, err := os.Stat(filepath.Join(root, "x")); !os.IsNotExist(err) {
		t.Errorf("a copy named ../x was written: %v", err)
	}
	file := filepath.Join(root, "compressed", "b-1.gz")
	data, _ := os.ReadFile(file)
	data[len(data)-1] ^= 1
	os.WriteFile(file, data, 0o644)
	if got, ok := Open(root, dest).Compressed("b-1.gz"); ok {
		t.Errorf("a damaged copy was given: %q", got)
	}

	// A build that uses only a's copy.
	os.MkdirAll(dest, 0o755)
	c = Open(root, dest)
	c.UseCompressed("a-1.gz")
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, ok := Open(root, dest).Compressed("a-1.gz"); !ok {
		t.Error("the copy the build used was deleted")
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("the copy no build used is still there: %v", err)
	}
}

// stage writes the folders of slugs into a set staged for dest, as a
// build does before it stores them.
func stage(t *testing.T, dest string, slugs ...string) *output.FileSet {
	t.Helper()
	files, err := output.Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range slugs {
		files.AddAll(folderOf(s))
	}
	return files
}

// publish swaps a staged set in for dest.
func publish(t *testing.T, dest string, files *output.FileSet) {
	t.Helper()
	if err := output.Write(context.Background(), dest, files); err != nil {
		t.Fatal(err)
	}
}

// storedFile is where the linked folder of key keeps the file p, by its
// index.
func storedFile(t *testing.T, root, key, p string) string {
	t.Helper()
	dir := filepath.Join(root, "store", key+linkedExt)
	data, err := os.ReadFile(filepath.Join(dir, indexName))
	if err != nil {
		t.Fatal(err)
	}
	index, err := decodeIndex(data, strings.SplitN(p, "/", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range index {
		if f.path == p {
			return storedName(dir, i)
		}
	}
	t.Fatalf("%s is not in the index of %s", p, key)
	return ""
}

// sameFile reports whether two names are links to one file.
func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
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

// wantFolder fails unless files holds slug's folder byte for byte.
func wantFolder(t *testing.T, how string, files *output.FileSet, slug string) {
	t.Helper()
	want := folderOf(slug)
	if !reflect.DeepEqual(files.Paths(), want.Paths()) {
		t.Fatalf("%s: %v, want %v", how, files.Paths(), want.Paths())
	}
	for _, p := range want.Paths() {
		got, err := files.Bytes(p)
		w, _ := want.Bytes(p)
		if err != nil || !bytes.Equal(got, w) {
			t.Errorf("%s: %s = %q (%v), want %q", how, p, got, err, w)
		}
	}
}

// A folder stored from a staged set is kept as links to the staged
// files, not copied; a fresh destination (a clone with the cache folder
// restored) gets them by link too, and serve (a set held in memory) by
// reading them.
func TestRestoreByLinks(t *testing.T) {
	dir, root := t.TempDir(), t.TempDir()
	dest := filepath.Join(dir, "public")
	e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}
	c := Open(root, dest)
	files := stage(t, dest, "a")
	c.Store("a", "k1", e, folderOf("a"), files)
	stored := storedFile(t, root, "k1", "a/2023/index.html")
	if staged, ok := files.StagedPath("a/2023/index.html"); !ok || !sameFile(t, staged, stored) {
		t.Fatalf("the store does not link the staged file (%s, %t)", staged, ok)
	}
	if _, err := os.Stat(filepath.Join(root, "store", "k1.pack")); !os.IsNotExist(err) {
		t.Errorf("a linked folder was packed too: %v", err)
	}
	// Flat: one folder made a bureau, not one a report folder.
	linked, _ := os.ReadDir(filepath.Join(root, "store", "k1.d"))
	for _, e := range linked {
		if e.IsDir() {
			t.Errorf("the linked folder holds a folder, %s", e.Name())
		}
	}
	if len(linked) != 1+len(folderOf("a").Paths()) {
		t.Errorf("the linked folder holds %d names, want the files and the index", len(linked))
	}
	publish(t, dest, files)
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}

	clone := filepath.Join(dir, "clone")
	files = stage(t, clone)
	if !Open(root, clone).Restore("a", "k1", files) {
		t.Fatal("a linked folder was not restored")
	}
	wantFolder(t, "restored into a staged set", files, "a")
	publish(t, clone, files)
	if !sameFile(t, filepath.Join(clone, "a", "2023", "index.html"), stored) {
		t.Error("a restored file was copied, not linked")
	}

	mem := output.NewFileSet()
	if !OpenStore(root).Restore("a", "k1", mem) {
		t.Fatal("a linked folder was not restored into memory")
	}
	wantFolder(t, "restored into memory", mem, "a")

	// Stored again under the same key (--force): the new links replace
	// the folder, and nothing is left aside.
	files = stage(t, dest, "a")
	c.Store("a", "k1", e, folderOf("a"), files)
	staged, _ := files.StagedPath("a/2023/index.html")
	if !sameFile(t, staged, stored) {
		t.Error("a folder stored again under its key was not replaced")
	}
	files.Discard()
	entries, _ := os.ReadDir(filepath.Join(root, "store"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("storing again left %s", e.Name())
		}
	}
}

// A published file edited in place edits the store's (one file, two
// names); so does anyone editing the store. Restore then puts nothing,
// and the bureau is rendered again; so it does for a file or an index
// that is missing or damaged.
func TestRestoreRefusesAltered(t *testing.T) {
	dir, root := t.TempDir(), t.TempDir()
	dest := filepath.Join(dir, "public")
	e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}
	c := Open(root, dest)
	files := stage(t, dest, "a")
	c.Store("a", "k1", e, folderOf("a"), files)
	publish(t, dest, files)
	store := filepath.Join(root, "store", "k1.d")
	page := storedFile(t, root, "k1", "a/index.html")
	index := filepath.Join(store, ".index")
	good, _ := os.ReadFile(page)
	goodIndex, _ := os.ReadFile(index)

	refused := func(how string) {
		t.Helper()
		for _, files := range []*output.FileSet{stage(t, filepath.Join(dir, "clone")), output.NewFileSet()} {
			if Open(root, filepath.Join(dir, "clone")).Restore("a", "k1", files) {
				t.Errorf("%s: restored", how)
			}
			if files.Len() != 0 {
				t.Errorf("%s: a refused folder put %v", how, files.Paths())
			}
			files.Discard()
		}
	}
	// Written through the published name, as an editor on the server would.
	if err := os.WriteFile(filepath.Join(dest, "a", "index.html"), []byte("<p>b</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	refused("a published page altered in place (same size)")
	os.WriteFile(page, append(good, ' '), 0o644)
	refused("a stored page grown")
	os.Remove(page)
	refused("a stored page missing")
	os.WriteFile(page, good, 0o644)
	if !Open(root, dest).Restore("a", "k1", output.NewFileSet()) {
		t.Fatal("the folder as stored was refused")
	}
	bad := bytes.Clone(goodIndex)
	bad[len(bad)-1] ^= 1
	os.WriteFile(index, bad, 0o644)
	refused("a damaged index")
	os.Remove(index)
	refused("no index")
}

// Where the store cannot link the staged files (the cache folder on
// another file system: EXDEV), it packs them, and stops trying links;
// a store holds both kinds, and Restore reads either.
func TestStoreAcrossDevices(t *testing.T) {
	dir, root := t.TempDir(), t.TempDir()
	dest := filepath.Join(dir, "public")
	e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}
	c := Open(root, dest)
	files := stage(t, dest, "a", "b", "c")
	c.Store("a", "ka", e, folderOf("a"), files) // linked

	tries := 0
	link = func(from, to string) error {
		tries++
		return &os.LinkError{Op: "link", Old: from, New: to, Err: syscall.EXDEV}
	}
	defer func() { link = os.Link }()
	c.Store("b", "kb", e, folderOf("b"), files)
	c.Store("c", "kc", e, folderOf("c"), files)
	if tries != 1 {
		t.Errorf("%d links tried across devices, want 1 (then packs only)", tries)
	}
	for _, f := range []string{"ka.d", "kb.pack", "kc.pack"} {
		if _, err := os.Stat(filepath.Join(root, "store", f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(root, "store"))
	for _, e := range entries {
		if n := e.Name(); n == "kb.d" || n == "kc.d" || strings.HasPrefix(n, ".tmp-") {
			t.Errorf("a failed link left %s", n)
		}
	}
	publish(t, dest, files)
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"a", "b"} {
		files := output.NewFileSet()
		if !Open(root, dest).Restore(slug, "k"+slug, files) {
			t.Fatalf("%s was not restored", slug)
		}
		wantFolder(t, slug, files, slug)
	}
}

// A build's commit deletes the linked folders, packs and entries of keys
// that no destination names any more, and what killed builds left; and
// it does so before it takes the destination's snapshot, since deleting
// a stored name of a published file changes the file's change time.
func TestCollect(t *testing.T) {
	dir, root := t.TempDir(), t.TempDir()
	dest := filepath.Join(dir, "public")
	e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}
	c := Open(root, dest)
	files := stage(t, dest, "a", "b")
	c.Store("a", "ka", e, folderOf("a"), files)
	c.Store("b", "kb", e, folderOf("b"), nil) // packed
	publish(t, dest, files)
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(root, "store")
	// What builds killed while storing left.
	os.MkdirAll(filepath.Join(store, ".tmp-123", "a"), 0o755)
	os.WriteFile(filepath.Join(store, ".tmp-123", "a", "index.html"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(store, ".tmp-456"), []byte("x"), 0o644)

	// The next build has a (new key) and c; b is gone.
	c = Open(root, dest)
	files = stage(t, dest, "a", "c")
	c.Store("a", "ka2", e, folderOf("a"), files)
	c.Store("c", "kc", e, folderOf("c"), files)
	publish(t, dest, files)
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(store)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"ka2.d", "ka2.gob", "kc.d", "kc.gob"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("the store holds %v, want %v", names, want)
	}
	if !Open(root, dest).Intact() {
		t.Error("collecting the dead folders left the destination's snapshot out of date")
	}
}

// An index read back is the one written; a damaged one is refused, and
// one naming a file outside its bureau's folder too.
func TestIndexRefused(t *testing.T) {
	files := []indexed{{path: "a/index.html", size: 3, sum: checksum{1}}, {path: "a/2023/x.csv", size: 0}}
	data := encodeIndex(files)
	got, err := decodeIndex(data, "a")
	if err != nil || !reflect.DeepEqual(got, files) {
		t.Fatalf("read back %v, %v", got, err)
	}
	if _, err := decodeIndex(data, "b"); err == nil {
		t.Error("an index of folder a was taken for folder b")
	}
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 0x10
		if _, err := decodeIndex(bad, "a"); err == nil {
			t.Errorf("an index damaged at byte %d was taken", i)
		}
	}
	for _, p := range []string{"a/../../etc/passwd", "a//x", "a/./x", "a/"} {
		if _, err := decodeIndex(encodeIndex([]indexed{{path: p}}), "a"); err == nil {
			t.Errorf("an index naming %q was taken", p)
		}
	}
}

// The index's checksum is CRC-32C then CRC-32 of the bytes (the check
// values of both), and a file's, read in pieces, is its bytes'.
func TestChecksum(t *testing.T) {
	want := checksum{0x83, 0x92, 0x06, 0xe3, 0x26, 0x39, 0xf4, 0xcb}
	if got := sumOf([]byte("123456789")); got != want {
		t.Errorf("sumOf = %x, want %x", got, want)
	}
	big := bytes.Repeat([]byte("报告 0123456789\n"), 20000) // past the read buffer
	name := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(name, big, 0o644); err != nil {
		t.Fatal(err)
	}
	n, sum, err := sumFile(name)
	if err != nil || n != int64(len(big)) || sum != sumOf(big) {
		t.Errorf("sumFile = %d, %x, %v; want %d, %x", n, sum, err, len(big), sumOf(big))
	}
	big[len(big)/2] ^= 1
	if sumOf(big) == sum {
		t.Error("one bit changed, the same checksum")
	}
}

func FuzzDecodeIndex(f *testing.F) {
	f.Add(encodeIndex([]indexed{{path: "a/index.html", size: 3, sum: checksum{1}}, {path: "a/2023/x.csv"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := decodeIndex(data, "a")
		if err != nil {
			return
		}
		for _, e := range files {
			if !strings.HasPrefix(e.path, "a/") {
				t.Fatalf("%q is outside the folder", e.path)
			}
		}
		again, err := decodeIndex(encodeIndex(files), "a")
		if err != nil || !reflect.DeepEqual(again, files) {
			t.Fatalf("an index taken does not read back: %v", err)
		}
	})
}

// CheckAhead digests the destination once for Intact and every Keep, and
// they answer as the walks they replace: a folder altered before the
// check is not kept, the others are, and the destination is not intact.
func TestCheckAhead(t *testing.T) {
	dir, root := t.TempDir(), t.TempDir()
	dest := filepath.Join(dir, "public")
	e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}
	c := Open(root, dest)
	files := stage(t, dest, "a", "b")
	c.Store("a", "ka", e, folderOf("a"), files)
	c.Store("b", "kb", e, folderOf("b"), files)
	publish(t, dest, files)
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, ahead := range []bool{false, true} {
		c := Open(root, dest)
		if ahead {
			c.CheckAhead()
		}
		if !c.Intact() {
			t.Fatalf("ahead %t: the destination as the build left it is not intact", ahead)
		}
	}
	time.Sleep(10 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(dest, "b", "2023", "index.html"), []byte("报告"), 0o644); err != nil {
		t.Fatal(err) // same bytes, rewritten: its times change
	}
	for _, ahead := range []bool{false, true} {
		c := Open(root, dest)
		if ahead {
			c.CheckAhead()
		}
		if c.Intact() {
			t.Errorf("ahead %t: a destination with a rewritten file is intact", ahead)
		}
		next := stage(t, dest)
		if !c.Keep("a", "ka", next) {
			t.Errorf("ahead %t: the untouched folder was not kept", ahead)
		}
		if c.Keep("b", "kb", next) {
			t.Errorf("ahead %t: the folder with a rewritten file was kept", ahead)
		}
		next.Discard()
		// AsLeft answers by the check ahead only (false without it).
		if got := c.AsLeft("a"); got != ahead {
			t.Errorf("ahead %t: AsLeft of the untouched folder is %t", ahead, got)
		}
		if c.AsLeft("b") || c.AsLeft("c") {
			t.Errorf("ahead %t: a folder with a rewritten file, or none, is as left", ahead)
		}
	}
}

// TestHead: an entry's head is read without the rest of it (LoadHead),
// as Load reads it; its site digest changes with what the whole-site
// files read of the bureau (a figure, a row, a page's path) and with
// nothing else (its problems, its search part); a damaged head is a miss.
// The parts' digests: the names' changes with any byte of the bureau
// (they once read a report's bytes instead, and a bureau renamed within
// as many bytes kept its digest), and a report's is the same whatever
// reports come before it.
func TestParts(t *testing.T) {
	digests := func(change func(b *budget.Bureau)) Parts {
		t.Helper()
		e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}
		change(e.Bureau)
		if _, err := encode(e, folderOf("a").Paths()); err != nil {
			t.Fatal(err)
		}
		return e.Head.Parts
	}
	same := digests(func(*budget.Bureau) {})
	renamed := digests(func(b *budget.Bureau) {
		r := []rune(b.Name)
		r[len(r)-2] = '乙' // as many bytes as 例
		b.Name = string(r)
	})
	if renamed.Names == same.Names {
		t.Error("a bureau renamed within as many bytes kept its names' digest")
	}
	if !reflect.DeepEqual(renamed.Reports, same.Reports) {
		t.Error("a bureau's name changed its reports' digests")
	}
	last := digests(func(b *budget.Bureau) { b.Reports = b.Reports[len(b.Reports)-1:] })
	if n := len(same.Reports); n < 2 || last.Reports[0] != same.Reports[n-1] {
		t.Errorf("a report's digest changed with the reports before it: %s, %v", last.Reports[0], same.Reports)
	}
}

func TestHead(t *testing.T) {
	root := t.TempDir()
	c := Open(root, filepath.Join(t.TempDir(), "public"))
	entry := func() *Entry {
		e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames)), Search: []byte("search")}
		e.Rows[0] = [][]byte{[]byte("a,b\r\n")}
		e.Head.Docs, e.Head.Postings = 7, 99
		return e
	}
	e := entry()
	e.Diags.Errorf(e.Bureau.File, diag.Pos{Line: 2, Col: 1}, "error.plain", "一个问题")
	c.Store("a", "k1", e, folderOf("a"), nil)
	head, ok := c.LoadHead("k1")
	if !ok {
		t.Fatal("no head")
	}
	full, ok := c.Load("k1")
	if !ok {
		t.Fatal("no entry")
	}
	if !reflect.DeepEqual(head.Head, e.Head) || !reflect.DeepEqual(full.Head, e.Head) || head.Bureau != nil || head.Rows != nil {
		t.Errorf("head %+v, full %+v, stored %+v", head.Head, full.Head, e.Head)
	}
	if len(head.Diags) != 1 || head.Diags[0].Line != 2 || !reflect.DeepEqual(head.Diags, full.Diags) {
		t.Errorf("problems %v, want %v", head.Diags, e.Diags)
	}
	if len(e.Head.Years) != len(e.Bureau.Reports) || e.Head.Site == "" {
		t.Errorf("head %+v", e.Head)
	}
	site := func(change func(e *Entry), paths *output.FileSet) string {
		e := entry()
		change(e)
		if _, err := encode(e, paths.Paths()); err != nil {
			t.Fatal(err)
		}
		return e.Head.Site
	}
	same := site(func(e *Entry) {}, folderOf("a"))
	if got := site(func(e *Entry) { e.Search = []byte("other"); e.Diags = nil }, folderOf("a")); got != same {
		t.Error("the site digest changed with the search part or the problems")
	}
	if got := site(func(e *Entry) {
		a := *e.Bureau.Reports[0].Funds.Sources[0].Amount + 1
		e.Bureau.Reports[0].Funds.Sources[0].Amount = &a
	}, folderOf("a")); got == same {
		t.Error("the site digest did not change with a figure")
	}
	if got := site(func(e *Entry) { e.Bureau.Name += "x" }, folderOf("a")); got == same {
		t.Error("the site digest did not change with the bureau's name")
	}
	if got := site(func(e *Entry) { e.Bureau.Reports[1].Title += "x" }, folderOf("a")); got == same {
		t.Error("the site digest did not change with a report's title")
	}
	if got := site(func(e *Entry) { e.Rows[0][0] = []byte("a,c\r\n") }, folderOf("a")); got == same {
		t.Error("the site digest did not change with a row")
	}
	if got := site(func(e *Entry) {}, folderOf("b")); got == same {
		t.Error("the site digest did not change with the folder's paths")
	}
	data, _ := os.ReadFile(c.file("k1", ".gob"))
	data[6] ^= 1
	os.WriteFile(c.file("k1", ".gob"), data, 0o644)
	if _, ok := c.LoadHead("k1"); ok {
		t.Error("a damaged head was read")
	}
}

// A folder written through into the staged site (output.FileSet.Through,
// how a build renders a bureau) is stored by links with the digests it
// took as it wrote the files (FileDigest), not read back: restored whole
// with them, refused when they are not the files' (here, a digest
// function that lies).
func TestStoreThrough(t *testing.T) {
	for _, tc := range []struct {
		name     string
		digest   func([]byte) []byte
		restored bool
	}{
		{"FileDigest", FileDigest, true},
		{"another digest", func(b []byte) []byte { return make([]byte, len(FileDigest(b))) }, false},
	} {
		dir, root := t.TempDir(), t.TempDir()
		dest := filepath.Join(dir, "public")
		e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}
		c := Open(root, dest)
		files := stage(t, dest)
		folder := files.Through(tc.digest)
		folder.AddAll(folderOf("a"))
		c.Store("a", "k1", e, folder, files)
		publish(t, dest, files)
		if _, err := c.Commit(); err != nil {
			t.Fatal(err)
		}
		clone := filepath.Join(dir, "clone")
		files = stage(t, clone)
		if got := Open(root, clone).Restore("a", "k1", files); got != tc.restored {
			t.Fatalf("%s: restored %t, want %t", tc.name, got, tc.restored)
		}
		if tc.restored {
			wantFolder(t, "restored", files, "a")
		}
		files.Discard()
	}
}

// A head read from an entry holds none of the entry's bytes: the site
// model goes to the end of a build with its bureau, and a slice of the
// file would keep all of it (rows and search part) alive as long.
func TestHeadHoldsNoFile(t *testing.T) {
	e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames)), Search: []byte("search")}
	e.Rows[0] = [][]byte{[]byte("a,b\r\n")}
	data, err := encode(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	model := bytes.Clone(e.Head.Model)
	got, err := decode(data, false)
	if err != nil {
		t.Fatal(err)
	}
	clear(data) // what a later read of the file may reuse
	if !bytes.Equal(got.Head.Model, model) {
		t.Error("the decoded head's site model is a slice of the entry's file")
	}
}

// TestHeadPooled: LoadHead reads heads into reused buffers, so a head
// it returned must not change when the next one is read; a head longer
// than one buffer is read whole; a file cut within its head is a miss.
func TestHeadPooled(t *testing.T) {
	c := Open(t.TempDir(), filepath.Join(t.TempDir(), "public"))
	stored := map[string]Head{}
	for i, problems := range []int{0, 3, 2000} { // the last head passes headSize
		e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames)), Search: []byte("search")}
		for k := range problems {
			e.Diags.Errorf(e.Bureau.File, diag.Pos{Line: k + 1, Col: 1}, "error.plain", strings.Repeat("问题", 5))
		}
		key := fmt.Sprint("k", i)
		c.Store("a", key, e, folderOf("a"), nil)
		stored[key] = e.Head
	}
	if data, _ := os.ReadFile(c.file("k2", ".gob")); len(data) <= headSize {
		t.Fatalf("the long head's entry is %d bytes, not past headSize", len(data))
	}
	var got []*Entry
	for _, key := range []string{"k0", "k1", "k2", "k0"} {
		e, ok := c.LoadHead(key)
		if !ok {
			t.Fatalf("no head %s", key)
		}
		got = append(got, e)
	}
	for i, key := range []string{"k0", "k1", "k2", "k0"} {
		if !reflect.DeepEqual(got[i].Head, stored[key]) {
			t.Errorf("head %s changed after other heads were read", key)
		}
	}
	if len(got[2].Diags) != 2000 {
		t.Errorf("the long head has %d problems, want 2000", len(got[2].Diags))
	}
	data, _ := os.ReadFile(c.file("k2", ".gob"))
	os.WriteFile(c.file("k2", ".gob"), data[:headSize+10], 0o644)
	if _, ok := c.LoadHead("k2"); ok {
		t.Error("a head cut short was read")
	}
	os.WriteFile(c.file("k1", ".gob"), data[:100], 0o644)
	if _, ok := c.LoadHead("k1"); ok {
		t.Error("an entry cut within its first buffer was read")
	}
}

// TestModelOnce: an entry's model is the stream whose messages the
// parts' digests read, the bureau's then each report's, not the model
// encoded again whole; an entry of the layout before (version 7: the
// bureau and its reports in one message) is refused, not read as a
// bureau without reports.
func TestModelOnce(t *testing.T) {
	b := thinned(t)
	e := &Entry{Bureau: b, Rows: make(opendata.Rows, len(opendata.TableNames))}
	data, err := encode(e, []string{b.Slug + "/index.html"})
	if err != nil {
		t.Fatal(err)
	}
	head, rest, _, err := splitHead(data)
	if err != nil {
		t.Fatal(err)
	}
	f := fields{b: rest[4:]}
	model, after := f.bytes(), f.b
	alone := *b
	alone.Reports = nil
	var want bytes.Buffer
	enc := gob.NewEncoder(&want)
	enc.Encode(&alone)
	for _, r := range b.Reports {
		cp := *r
		cp.Bureau = nil
		enc.Encode(&cp)
	}
	if !bytes.Equal(model, want.Bytes()) {
		t.Fatalf("the model is %d bytes, not the %d of the bureau's and reports' messages", len(model), want.Len())
	}
	if got, err := decode(data, true); err != nil || len(got.Bureau.Reports) != len(b.Reports) || got.Bureau.Reports[0].Title != b.Reports[0].Title {
		t.Fatalf("decoded %v, %v", got, err)
	}

	whole := *b
	whole.Reports = nil
	for _, r := range b.Reports {
		cp := *r
		cp.Bureau = nil
		whole.Reports = append(whole.Reports, &cp)
	}
	var old bytes.Buffer
	if err := gob.NewEncoder(&old).Encode(&whole); err != nil {
		t.Fatal(err)
	}
	body := binary.AppendUvarint(nil, uint64(old.Len()))
	body = append(append(body, old.Bytes()...), after...)
	was := binary.LittleEndian.AppendUint32(nil, crc32.Checksum(head, castagnoli))
	was = binary.AppendUvarint(was, uint64(len(head)))
	was = append(was, head...)
	was = binary.LittleEndian.AppendUint32(was, crc32.Checksum(body, castagnoli))
	if got, err := decode(append(was, body...), true); err == nil {
		t.Errorf("an entry of the layout before was read: %d reports", len(got.Bureau.Reports))
	}
	if version < 8 {
		t.Errorf("version %d: the layout changed in 8", version)
	}
}

// A pack is made in one buffer sized beforehand (serve packs every
// bureau it renders), and is byte for byte what the layout says: the
// packs of earlier versions are read as before.
func TestPackOneBuffer(t *testing.T) {
	folder := output.NewFileSet()
	var body []byte
	body = binary.AppendUvarint(body, 40)
	var paths []string
	for i := range 40 {
		paths = append(paths, fmt.Sprintf("a/%02d/index.html", i))
	}
	for i, p := range paths {
		data := bytes.Repeat([]byte{byte('a' + i%26)}, 1000*i)
		folder.Add(p, data)
		body = binary.AppendUvarint(body, uint64(len(p)))
		body = append(body, p...)
		body = binary.AppendUvarint(body, uint64(len(data)))
		body = append(body, data...)
	}
	data, err := pack(folder)
	if err != nil {
		t.Fatal(err)
	}
	if want := appendSummed(nil, packMagic, body); !bytes.Equal(data, want) {
		t.Fatalf("pack differs from its layout (%d bytes, want %d)", len(data), len(want))
	}
	// The list of paths, the list of contents and the pack itself.
	if n := testing.AllocsPerRun(5, func() { pack(folder) }); n > 3 {
		t.Errorf("pack allocated %v times, want 3 at most", n)
	}
}

// A store that packs bureau after bureau (serve's first run) writes each
// pack from the buffer of the one before: a pack's size is not
// allocated again for each.
func TestStorePackBufferReused(t *testing.T) {
	c := OpenStore(t.TempDir())
	folder := output.NewFileSet()
	for i := range 8 {
		folder.Add(fmt.Sprintf("a/%d/index.html", i), bytes.Repeat([]byte{'x'}, 100<<10))
	}
	e := &Entry{Bureau: &budget.Bureau{Slug: "a", Reports: []*budget.Report{{Year: 2023}}}, Rows: make(opendata.Rows, len(opendata.TableNames))}
	n := allocs.Bytes(3, func() { c.Store("a", "k", e, folder, nil) })
	if n > 200<<10 { // the entry and the file calls, not the pack's 800 KB
		t.Errorf("a store of a 800 KB folder allocated %d bytes", n)
	}
	files := output.NewFileSet()
	if !c.Restore("a", "k", files) || !reflect.DeepEqual(files.Paths(), folder.Paths()) {
		t.Fatalf("restored %v", files.Paths())
	}
}

// A pack's buffer is kept for the next only up to maxPackBuffer: a
// bureau of many reports does not leave its room held for the process.
func TestPackBufferKeptWhenSmall(t *testing.T) {
	for len(packs) > 0 {
		packs.Take()
	}
	c := OpenStore(t.TempDir())
	e := &Entry{Bureau: &budget.Bureau{Slug: "a", Reports: []*budget.Report{{Year: 2023}}}, Rows: make(opendata.Rows, len(opendata.TableNames))}
	large := output.NewFileSet()
	large.Add("a/index.html", make([]byte, maxPackBuffer+1))
	c.Store("a", "k1", e, large, nil)
	if len(packs) != 0 {
		t.Errorf("a pack's buffer of %d bytes was kept", maxPackBuffer+1)
	}
	small := output.NewFileSet()
	small.Add("a/index.html", make([]byte, 1<<20))
	c.Store("a", "k2", e, small, nil)
	if len(packs) != 1 {
		t.Error("a small pack's buffer was not kept")
	}
}

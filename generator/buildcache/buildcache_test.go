package buildcache

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
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
	b.Origin.Keys = nil // DropDetail clears it; the whole-site pages do not use it
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
	data, err := encode(e)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decode(data)
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
	if _, err := decode(data); err == nil {
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
	c.Store("a", "k1", e, folderOf("a"))
	c.Store("b", "k2", e, folderOf("b"))
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
	for _, f := range []string{"k2.gob", "k2.pack"} {
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

// FuzzDecode: whatever an entry's file holds (with a checksum that
// matches, as a file written by another version would), decode returns an
// entry or an error and never panics or reads past the file.
func FuzzDecode(f *testing.F) {
	e := &Entry{Bureau: &budget.Bureau{Slug: "a"}, Rows: make(opendata.Rows, len(opendata.TableNames)), Search: []byte("s")}
	e.Rows[1] = [][]byte{[]byte("r\r\n")}
	data, err := encode(e)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data[4:])
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, body []byte) {
		data := binary.LittleEndian.AppendUint32(nil, crc32.Checksum(body, castagnoli))
		decode(append(data, body...))
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

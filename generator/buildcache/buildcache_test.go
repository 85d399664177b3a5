package buildcache

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/opendata"
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
	data[len(data)/2] ^= 1
	if _, err := decode(data); err == nil {
		t.Error("a damaged entry was decoded")
	}
}

// Entries are taken only under the key they were stored with, once their
// build was committed, and only while the bureau's folder in the
// destination is as that build left it.
func TestManifest(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	caches := t.TempDir()
	for _, slug := range []string{"a", "b"} {
		if err := os.MkdirAll(filepath.Join(dest, slug), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dest, slug, "index.html"), []byte(slug), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e := &Entry{Bureau: thinned(t), Rows: make(opendata.Rows, len(opendata.TableNames))}

	c := Open(caches, dest)
	if _, ok := c.Load("a", "k1"); ok {
		t.Fatal("an empty cache gave an entry")
	}
	c.Store("a", "k1", e)
	c.Store("b", "k2", e)
	if _, ok := Open(caches, dest).Load("a", "k1"); ok {
		t.Fatal("an entry was taken before its build was committed")
	}
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	c = Open(caches, dest)
	if !c.Intact() {
		t.Fatal("the destination just committed is not intact")
	}
	if _, ok := c.Load("a", "k1"); !ok {
		t.Fatal("a committed entry was not taken")
	}
	if _, ok := c.Load("a", "k2"); ok {
		t.Fatal("an entry was taken under another key")
	}
	// The next build keeps a and drops b.
	if _, err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(caches, "bureaus", "k2.gob")); !os.IsNotExist(err) {
		t.Errorf("the entry of a bureau gone is still there: %v", err)
	}
	if _, ok := Open(caches, dest).Load("a", "k1"); !ok {
		t.Fatal("a kept entry was not taken")
	}
	// A page of a's folder was deleted on the server: a is built again.
	if err := os.Remove(filepath.Join(dest, "a", "index.html")); err != nil {
		t.Fatal(err)
	}
	c = Open(caches, dest)
	if _, ok := c.Load("a", "k1"); ok {
		t.Fatal("an entry was taken for a folder changed since its build")
	}
	if c.Intact() {
		t.Fatal("a destination with a page deleted is intact")
	}
	// Nothing of the cache is in or beside the destination.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("beside the destination: %v", entries)
	}
}

package load

import (
	"slices"
	"testing"
)

// Each table's list of asked keys is a window of the file's slab: one
// list growing past its room must not write into the next one's.
func TestUsedListsApart(t *testing.T) {
	f := &file{}
	a := f.usedList(2)
	b := f.usedList(2)
	a = append(a, "x", "y", "z") // past its room: a copy, not b's window
	b = append(b, "q")
	if !slices.Equal(a, []string{"x", "y", "z"}) || !slices.Equal(b, []string{"q"}) {
		t.Errorf("lists reach into each other: %q %q", a, b)
	}
	big := f.usedList(10000) // more than a slab holds: a new one
	if cap(big) != 10000 || len(big) != 0 {
		t.Errorf("len %d cap %d, want an empty list with room for 10000", len(big), cap(big))
	}
}

// A file read gives its slab back, cleared, and the next file read takes
// it again; so does every kind of file the loader reads (bureau.toml
// first took the slab a report had given back, and kept it).
func TestSlabReused(t *testing.T) {
	for len(freeSlabs) > 0 {
		<-freeSlabs
	}
	fsys := site("title = \"t\"\n[[projects]]\nid = \"p\"\nname = \"项目\"\n")
	if _, diags := Site(fsys); len(diags) > 0 {
		t.Fatal(diags)
	}
	if n := len(freeSlabs); n != 1 {
		t.Fatalf("%d slabs given back after reading a site, want 1: each file gives back the one it took", n)
	}
	s := <-freeSlabs
	if len(s) != 0 {
		t.Errorf("a slab given back holds %d keys", len(s))
	}
	if full := s[:cap(s)]; slices.ContainsFunc(full, func(k string) bool { return k != "" }) {
		t.Error("a slab given back still holds the keys of its file")
	}
	freeSlabs <- s
	if _, diags := Site(fsys); len(diags) > 0 {
		t.Fatal(diags)
	}
	if len(freeSlabs) != 1 {
		t.Fatalf("%d slabs given back after reading the site again, want 1", len(freeSlabs))
	}
	if again := <-freeSlabs; &again[:1][0] != &s[:1][0] {
		t.Error("reading the site again made a slab of its own")
	}
}

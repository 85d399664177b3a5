package load

import (
	"slices"
	"strconv"
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

// The rows of an array of tables are made at once: one allocation for
// the whole array (their paths), not two a row (its table and its path). Each row's
// path is its own window: appending to it cannot reach the next row's.
func TestRowsAtOnce(t *testing.T) {
	rows := make([]map[string]any, 50)
	for i := range rows {
		rows[i] = map[string]any{"name": "n"}
	}
	top := &table{f: &file{}, path: []string{"projects", "3"}, m: map[string]any{"indicators": rows}}
	var got []table
	allocs := testing.AllocsPerRun(10, func() {
		top.used = nil
		got = top.tables("indicators", "rows")
	})
	if allocs > 1 {
		t.Errorf("%.0f allocations for %d rows, want 1: their paths (the rows are a window of the slab, no list of pointers besides)", allocs, len(rows))
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows, want %d", len(got), len(rows))
	}
	for i, r := range got {
		want := []string{"projects", "3", "indicators", strconv.Itoa(i)}
		if !slices.Equal(r.path, want) || cap(r.path) != len(r.path) || r.parent != top {
			t.Errorf("row %d: path %q (cap %d), want %q and no room past it", i, r.path, cap(r.path), want)
		}
	}
	_ = append(got[0].path, "x")
	if got[1].path[0] != "projects" {
		t.Error("appending to a row's path wrote into the next row's")
	}
}

// The rows of a file's arrays of tables are cut from a slab given back,
// cleared, when the file is read, and the next file takes it again: a
// report's rows were made anew for every file.
func TestRowsReused(t *testing.T) {
	for len(freeRows) > 0 {
		<-freeRows
	}
	fsys := site("title = \"t\"\n[[projects]]\nid = \"p\"\nname = \"项目\"\n[[projects.indicators]]\nname = \"x\"\n")
	if _, diags := Site(fsys); len(diags) > 0 {
		t.Fatal(diags)
	}
	if n := len(freeRows); n != 1 {
		t.Fatalf("%d slabs of rows given back after reading a site, want 1", n)
	}
	s := <-freeRows
	if full := s[:cap(s)]; len(s) != 0 || slices.ContainsFunc(full, func(r table) bool { return r.m != nil || r.f != nil || r.path != nil }) {
		t.Error("a slab of rows given back still holds rows of its file")
	}
	freeRows <- s
	if _, diags := Site(fsys); len(diags) > 0 {
		t.Fatal(diags)
	}
	if again := <-freeRows; &again[:1][0] != &s[:1][0] {
		t.Error("reading the site again made a slab of rows of its own")
	}
}

// A table asked for more keys than its list has room for (an indicator
// asks a dozen, of three or four written) takes a larger window of the
// slab instead of a list of its own, and keeps every key asked.
func TestUsedGrowsInSlab(t *testing.T) {
	f := &file{}
	f.usedList(0)
	keys := make([]string, 40)
	for i := range keys {
		keys[i] = "k" + strconv.Itoa(i)
	}
	tb := &table{f: f, m: map[string]any{"k1": int64(1)}}
	n := testing.AllocsPerRun(10, func() {
		f.slab, tb.used = f.slab[:0], nil
		for _, k := range keys {
			tb.get(k)
		}
	})
	if n != 0 {
		t.Errorf("asking a table for %d keys took %v allocations", len(keys), n)
	}
	if !slices.Equal(tb.used, keys) {
		t.Errorf("keys asked: %q", tb.used)
	}
}

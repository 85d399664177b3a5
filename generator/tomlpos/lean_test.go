package tomlpos

import (
	"slices"
	"testing"
)

// A lean index keeps the scalars other than strings only: in doc, of
// 43 entries, the nine numbers and the date. What it does not
// keep it finds in the full index, scanned once, at the first lookup
// that needs it: positions of any key, and the order of a table whose
// keys are not all numbers.
func TestScanNumbers(t *testing.T) {
	full, lean := ScanString(doc), ScanNumbers(doc)
	if n := len(lean.all()); n != 10 || len(full.all()) < 3*n {
		t.Errorf("lean index of %d entries, the full one %d; want 10, and fewer by far", n, len(full.all()))
	}
	if lean.whole != nil {
		t.Fatal("a full scan before any lookup needed one")
	}
	for _, path := range [][]string{{"title"}, {"funds", "sources", "1", "items", "1", "name"}, {"projects", "1", "tags", "2"}, {"staff", "actual"}} {
		e, ok := lean.Lookup(path...)
		w, _ := full.Lookup(path...)
		if !ok || e != w {
			t.Errorf("%q: lean Lookup %+v %v, want %+v", path, e, ok, w)
		}
	}
	if lean.whole == nil {
		t.Fatal("Lookup of a string answered without the full index")
	}

	// A table of counts, all numbers, is ordered by the lean index alone;
	// one with a string in it as by the full index.
	src := "[c]\nb = 2\na = 1\nd = 3\n[m]\nz = 1\ny = \"x\"\nx = 2\n"
	for _, c := range []struct {
		table string
		keys  []string
		whole bool
	}{
		{"c", []string{"a", "b", "d"}, false},
		{"m", []string{"x", "y", "z"}, true},
	} {
		lean, full := ScanNumbers(src), ScanString(src)
		got, want := slices.Clone(c.keys), slices.Clone(c.keys)
		lean.Ordered([]string{c.table}, got)
		full.Ordered([]string{c.table}, want)
		if !slices.Equal(got, want) || (lean.whole != nil) != c.whole {
			t.Errorf("[%s]: lean order %q (full index scanned: %v), want %q (%v)", c.table, got, lean.whole != nil, want, c.whole)
		}
	}
}

package tomlpos

import (
	"maps"
	"testing"
)

// A map given back by Release serves the next Scan empty: the index of
// a document scanned into it is the one a fresh map gives, with none of
// the previous document's keys. A lookup on a released index panics
// rather than answer from a map another file now fills.
func TestRelease(t *testing.T) {
	first := []byte("title = \"a\"\n[[projects]]\nid = \"x\"\nonly_here = 1\n")
	second := []byte("[[projects]]\nid = \"y\"\n[projects.money]\ntotal = 2.50\n")
	fresh := Scan(second)
	want := fresh.all()
	ix := Scan(first)
	if _, ok := ix.Lookup("only_here"); ok {
		t.Fatal("only_here should be under projects.0")
	}
	ix.Release()
	ix.Release() // twice is harmless
	again := Scan(second)
	if !maps.Equal(again.all(), want) {
		t.Fatalf("scanned into a released map: %v, want %v", again.all(), want)
	}
	if raw, ok := again.RawJoined(AppendJoined(nil, "projects", "0", "money", "total")); !ok || raw != "2.50" {
		t.Fatalf("raw total = %q, %v", raw, ok)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a lookup after Release did not panic")
		}
	}()
	ix.KeyOffset("title")
}

package load

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A short text read again (a level, a unit, a value such as "100%", a
// number's literal) is the copy made the first time, in every row and
// report read on the core after: a report's hundreds of such copies
// were a block each. Longer texts are copies of their own.
func TestShortStringsKept(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1)) // one core: one map of kept strings
	s, diags := Site(synth.MapFS(synth.Options{Bureaus: 2, Years: 3, Seed: 6}))
	if diags.Errors() > 0 {
		t.Fatal(diags.Errors(), "errors")
	}
	first := map[string]*byte{}
	texts, repeats := 0, 0
	see := func(s string) {
		if s == "" || len(s) > maxKept {
			return
		}
		texts++
		p, ok := first[s]
		if !ok {
			first[s] = unsafe.StringData(s)
			return
		}
		repeats++
		if p != unsafe.StringData(s) {
			t.Errorf("%q read again is another copy", s)
		}
	}
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			for _, p := range r.Projects {
				for _, in := range p.Indicators {
					for _, s := range []string{in.Level1, in.Level2, in.Unit, in.Nature, in.Target.Raw, in.Actual.Raw} {
						see(s)
					}
				}
			}
		}
	}
	if repeats < texts/2 {
		t.Fatalf("%d repeats of %d short texts: too few to tell", repeats, texts)
	}
	if len(first) > maxKeptStrings {
		t.Fatalf("%d distinct texts: more than a map keeps", len(first))
	}
}

// A project's form is read without listing the forms' ids again.
func TestFormOfAllocs(t *testing.T) {
	tb := &table{f: &file{name: "r.toml"}, m: map[string]any{"form": budget.Forms[1].ID}}
	n := testing.AllocsPerRun(50, func() {
		tb.used = tb.used[:0]
		if formOf(tb) != budget.Forms[1] {
			t.Fatal("not the form written")
		}
	})
	if n > 0 {
		t.Errorf("reading a form takes %.0f allocations, want none", n)
	}
}

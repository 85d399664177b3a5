package charts

import (
	"testing"

	"github.com/disclose-portal/disclose/generator/synth"
)

// An indicator chart's texts and description are written into a block
// each, not a string a row: making one allocates at most five times a
// row (its percentage, its cells' formatted values, its boxed value),
// about half of what it did.
func TestIndicatorsAllocations(t *testing.T) {
	s := synthReports(t, synth.Options{Bureaus: 2, Years: 2, Seed: 7})
	checked := 0
	for _, r := range s.Bureaus[0].Reports {
		for _, p := range r.Projects {
			n := len(p.Indicators)
			got := testing.AllocsPerRun(20, func() { indicators(p) })
			t.Logf("%s: %d indicators, %.0f allocations", p.ID, n, got)
			if got > 5*float64(n)+30 {
				t.Errorf("%s: %d indicators, %.0f allocations, want at most %.0f", p.ID, n, got, 5*float64(n)+30)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no project checked")
	}
}

// The execution charts make their slices at their size, a row a
// project: no slice grows row by row (execution 666 allocations for 9
// projects before, 508 after; executionRate 142, 75).
func TestExecutionAllocations(t *testing.T) {
	s := synthReports(t, synth.Options{Bureaus: 2, Years: 2, Seed: 7})
	for _, r := range s.Bureaus[0].Reports {
		n := float64(len(r.Projects))
		u := r.Unit
		got := testing.AllocsPerRun(20, func() { execution(r, u) })
		rate := testing.AllocsPerRun(20, func() { executionRate(r) })
		t.Logf("%s: %.0f projects, execution %.0f, rate %.0f allocations", r.File, n, got, rate)
		if got > 62*n+20 || rate > 10*n+12 {
			t.Errorf("%s: %.0f projects: execution %.0f allocations (want ≤ %.0f), rate %.0f (want ≤ %.0f)", r.File, n, got, 62*n+20, rate, 10*n+12)
		}
	}
}

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

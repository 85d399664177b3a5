package charts

import (
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/synth"
)

// An indicator chart's texts and description are written into a block
// each, not a string a row, the description as the rows are read (not
// gathered first and copied), its values unboxed and its series' slices
// one block: making one allocates at most four times a row and a few
// (its percentage, its cells' formatted values); 6 rows took 43–49
// allocations and 20 took 96 before the last of these, 27–35 and 66
// after.
func TestIndicatorsAllocations(t *testing.T) {
	s := synthReports(t, synth.Options{Bureaus: 2, Years: 2, Seed: 7})
	checked := 0
	for _, r := range s.Bureaus[0].Reports {
		for _, p := range r.Projects {
			n := len(p.Indicators)
			got := testing.AllocsPerRun(20, func() { indicators(p) })
			t.Logf("%s: %d indicators, %.0f allocations", p.ID, n, got)
			if want := 4*float64(n) + 12; got > want {
				t.Errorf("%s: %d indicators, %.0f allocations, want at most %.0f", p.ID, n, got, want)
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
// projects before, 508 after; executionRate 142, 75); an amount is
// formatted once for its text, tooltip and cell, and its value is not
// boxed (execution 283, executionRate 63).
func TestExecutionAllocations(t *testing.T) {
	s := synthReports(t, synth.Options{Bureaus: 2, Years: 2, Seed: 7})
	for _, r := range s.Bureaus[0].Reports {
		n := float64(len(r.Projects))
		u := r.Unit
		got := testing.AllocsPerRun(20, func() { execution(r, u) })
		rate := testing.AllocsPerRun(20, func() { executionRate(r) })
		t.Logf("%s: %.0f projects, execution %.0f, rate %.0f allocations", r.File, n, got, rate)
		if got > 35*n+20 || rate > 2.5*n+48 {
			t.Errorf("%s: %.0f projects: execution %.0f allocations (want ≤ %.0f), rate %.0f (want ≤ %.0f)", r.File, n, got, 35*n+20, rate, 2.5*n+48)
		}
	}
}

// The funds charts format each amount once: a treemap node's label,
// tooltip, table cell and description took FormatUnit three times and
// Format once, the share twice (251 allocations for 12 sources and
// items before, 198 after; 160 and 129 for 6).
func TestFundsChartsAllocations(t *testing.T) {
	s := synthReports(t, synth.Options{Bureaus: 2, Years: 2, Seed: 7})
	for _, r := range s.Bureaus[0].Reports {
		if r.Funds == nil {
			continue
		}
		n := 0
		for _, src := range r.Funds.Sources {
			n += 1 + len(src.Items)
		}
		u := r.Unit
		got := testing.AllocsPerRun(20, func() { fundStructure(r, u) })
		t.Logf("%s: %d sources and items, %.0f allocations", r.File, n, got)
		if want := 12*float64(n) + 62; got > want {
			t.Errorf("%s: %d sources and items, %.0f allocations, want at most %.0f", r.File, n, got, want)
		}
	}
}

// A project's scores chart writes its description as the levels are
// read, its series' slices in one block and its table under a head made
// once: 37–39 allocations for 3 levels before, 22–24 after; 43–44 for
// 4, 25–26.
func TestLevelScoresAllocations(t *testing.T) {
	s := synthReports(t, synth.Options{Bureaus: 2, Years: 2, Seed: 7})
	checked := 0
	for _, r := range s.Bureaus[0].Reports {
		for _, p := range r.Projects {
			n := float64(len(p.LevelScores()))
			got := testing.AllocsPerRun(20, func() { levelScores(p) })
			t.Logf("%s: %.0f levels, %.0f allocations", p.ID, n, got)
			if want := 3*n + 16; got > want {
				t.Errorf("%s: %.0f levels, %.0f allocations, want at most %.0f", p.ID, n, got, want)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no project checked")
	}
}

// Drawing a project's indicator bars keeps its scratch (a series'
// marks, a row's texts, the stacks' ends) on the stack: a drawing of up
// to four series allocates only its patterns and the values it reads
// (4 allocations before for 15 rows of 3 series).
func TestIndicatorsScratchAllocations(t *testing.T) {
	if raceEnabled {
		// The race detector's instrumentation moves the scratch to
		// the heap: 6–10 allocations a drawing under -race.
		t.Skip("allocation counts do not hold under the race detector")
	}
	s := synthReports(t, synth.Options{Bureaus: 2, Years: 2, Seed: 7})
	checked := 0
	for _, r := range s.Bureaus[0].Reports {
		for _, p := range r.Projects {
			c, err := indicators(p)
			if err != nil || c.bars == nil || len(c.bars.Series) > 4 {
				continue
			}
			buf := c.AppendSVG(nil)
			got := testing.AllocsPerRun(20, func() { buf = c.AppendSVG(buf[:0]) })
			t.Logf("%s: %d series, %d rows, drawing %.0f allocations", p.ID, len(c.bars.Series), len(c.bars.Categories), got)
			if got > 2 {
				t.Errorf("%s: drawing %.0f allocations, want at most 2", p.ID, got)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no project checked")
	}
}

// An indicator chart's description is allocated at its length (copied
// out of a buffer kept for the next chart), not at an estimate: longer
// names allocate what they add to it and no more. A builder grown to an
// estimate held ~40 % more than the synthetic descriptions, and grew to
// twice that when the estimate fell short.
func TestIndicatorsDescriptionAtItsLength(t *testing.T) {
	s := synthReports(t, synth.Options{Bureaus: 2, Years: 2, Seed: 7})
	checked := 0
	for _, p := range s.Bureaus[0].Reports[0].Projects {
		c, _ := indicators(p)
		if c.bars == nil {
			continue
		}
		long := *p
		long.Indicators = make([]*budget.Indicator, len(p.Indicators))
		for k, in := range p.Indicators {
			cp := *in
			cp.Name += "（加长的指标名称）"
			long.Indicators[k] = &cp
		}
		c2, _ := indicators(&long)
		added := len(c2.desc) - len(c.desc)
		got := int(allocs.Bytes(5, func() { indicators(&long) })) - int(allocs.Bytes(5, func() { indicators(p) }))
		if d := got - added; d < -added/4-128 || d > added/4+128 { // size classes round either
			t.Errorf("%s: the description %d bytes longer, %d bytes more allocated", p.ID, added, got)
		} else {
			t.Logf("%s: the description %d bytes longer, %d bytes more allocated", p.ID, added, got)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no chart checked")
	}
}

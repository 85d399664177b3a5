package validate

import (
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// An indicator row without a problem is checked without naming it: the
// names (a sentence and a text of each language) are made for the
// messages, which most rows have none of. The messages of rows with
// problems are those of a check that names every row first.
func TestIndicatorNamedOnlyForMessages(t *testing.T) {
	s, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 3, Years: 2, Seed: 5}))
	clean, checked := 0, 0
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			for _, p := range r.Projects {
				decimals := p.ScoreDecimals()
				for _, in := range p.Indicators {
					var l diag.List
					c := checker{l: &l, cfg: s.Config, r: r}
					c.indicator(p, in, decimals)
					checked++
					if len(l) > 0 || in.Direction == budget.Qualitative { // a band is computed in rationals
						continue
					}
					clean++
					if clean > 20 {
						continue
					}
					// Only the checks' own work: no string, no text.
					if got := testing.AllocsPerRun(10, func() { c.indicator(p, in, decimals) }); got > allocsOfChecks(c, p, in, decimals) {
						t.Errorf("%s %d %s: a row without problems took %v allocations", b.Slug, r.Year, in.Name, got)
					}
				}
			}
		}
	}
	if clean < 5 {
		t.Fatalf("%d of %d rows without problems: the test says little", clean, checked)
	}
}

// allocsOfChecks is what the computations an indicator's checks make
// allocate, without any message (16 more when every row was named).
func allocsOfChecks(c checker, p *budget.Project, in *budget.Indicator, decimals int) float64 {
	return testing.AllocsPerRun(10, func() {
		if in.Score != nil {
			if comp := in.ComputedScore(c.cfg.Scoring); comp != nil {
				budget.ComparePoints(*in.Score, decimals, *comp)
			}
		}
		in.Met()
		in.Completion()
	})
}

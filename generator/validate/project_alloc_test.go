package validate

import (
	"math/big"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/load"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A project without a problem is checked without naming it nor its fund
// rows: the names are made for the messages, which most projects have
// none of. What is left is the rows' computations.
func TestProjectNamedOnlyForMessages(t *testing.T) {
	s, _ := load.Site(synth.MapFS(synth.Options{Bureaus: 3, Years: 2, Seed: 5}))
	clean := 0
	for _, b := range s.Bureaus {
		for _, r := range b.Reports {
			for _, p := range r.Projects {
				var l diag.List
				c := checker{l: &l, cfg: s.Config, r: r}
				c.project(p)
				if len(l) > 0 {
					continue
				}
				clean++
				decimals := p.ScoreDecimals()
				var rows float64
				for _, in := range p.Indicators {
					rows += allocsOfChecks(c, p, in, decimals)
				}
				got := testing.AllocsPerRun(5, func() { c.project(p) })
				if got > rows+projectAllocs {
					t.Errorf("%s %d %s: a project without problems took %v allocations, its rows' computations %v", b.Slug, r.Year, p.Name, got, rows)
				}
			}
		}
	}
	if clean < 3 {
		t.Fatalf("%d projects without problems: the test says little", clean)
	}
}

// projectAllocs is what a project's own computations allocate at most
// (its computed score and rates), besides its rows'.
const projectAllocs = 2

// The band of a qualitative row (达成 80–100 % of its weight, 部分达成
// 60–80 %, 未达成 below 60 %) is judged in integers as it was in big.Rat.
func TestBandInIntegers(t *testing.T) {
	cfg := budget.Config{Scoring: budget.Scoring{QualitativeBands: [2]int{80, 60}}}
	for _, ach := range []string{"达成", "部分达成", "未达成"} {
		for w := budget.Points(0); w <= 1000; w += 37 {
			for sc := budget.Points(0); sc <= w; sc += 7 {
				in := &budget.Indicator{Origin: budget.Origin{File: "f.toml"}, Name: "x", Direction: budget.Qualitative,
					DirectionGiven: true, Achieved: ach, Weight: &w, Score: &sc, Deviation: "-"}
				var l diag.List
				checker{l: &l, cfg: cfg, r: &budget.Report{}}.indicator(&budget.Project{}, in, 2)
				lo, hi, _ := in.Band(cfg.Scoring)
				want := false
				if w > 0 {
					share := new(big.Rat).Quo(sc.Rat(), w.Rat())
					share.Mul(share, big.NewRat(100, 1))
					want = share.Cmp(big.NewRat(int64(lo), 1)) < 0 || share.Cmp(big.NewRat(int64(hi), 1)) > 0 ||
						hi < 100 && share.Cmp(big.NewRat(int64(hi), 1)) == 0
				}
				if got := len(l) > 0; got != want {
					t.Errorf("%s, score %v of %v: warned %v, want %v (%v)", ach, sc, w, got, want, l)
				}
			}
		}
	}
}

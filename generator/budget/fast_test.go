package budget

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// Points.String and Ratio.Percent use integer arithmetic for speed; they
// must give exactly the digits of the big.Rat formulas they replace.
func TestFastFormatsMatchExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	points := []int64{0, 1, 5, 10, 50, 99, 100, 101, 110, 950, 1000, 9999, 10000, -5, -50, -150, 1 << 40}
	for range 20000 {
		points = append(points, rng.Int64N(2_000_000)-1_000_000)
	}
	for _, n := range points {
		p := Points(n)
		if got, want := p.String(), TrimRat(p.Rat(), 2); got != want {
			t.Errorf("Points(%d).String() = %q, want %q", n, got, want)
		}
	}
	ratios := []Ratio{{0, 1}, {1, 3}, {2, 3}, {1, 8}, {5, 100000}, {-1, 3}, {1, -3}, {-1, 200000}, {27, 27}, {2607, 600},
		{1, 20000}, {1, 20001}, {-1, 20000}, {899_999_999_999_999, 1}, {900_000_000_000_000, 7}, {1 << 62, 3}}
	for range 20000 {
		ratios = append(ratios, Ratio{rng.Int64N(1e12) - 1e11, rng.Int64N(1e12) + 1})
		ratios = append(ratios, Ratio{rng.Int64N(1000), rng.Int64N(1000) + 1})
	}
	for _, r := range ratios {
		want := FormatRat(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)), 2) + "%"
		if got := r.Percent(); got != want {
			t.Errorf("Ratio%v.Percent() = %q, want %q", r, got, want)
		}
	}
}

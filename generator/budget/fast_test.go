package budget

import (
	"math"
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

// Ratio's Below, Above, Fraction and Float, and the comparison and
// quotient of two exact numbers (cmpRat, ratOf), use int64 arithmetic
// where it cannot overflow; they must agree with big.Rat everywhere,
// near the limits of that arithmetic and beyond them.
func TestFastRatiosMatchExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	edges := []int64{0, 1, -1, 2, 3, 99, 100, 101, 1<<31 - 1, 1 << 31, -(1 << 31), 1<<53 - 1, 1 << 53, 1<<53 + 1,
		1<<52 - 1, 1 << 52, -(1<<52 - 1), 1<<55 - 1, 1 << 55, -(1 << 55), 1<<62 + 3, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	var ratios []Ratio
	for _, a := range edges {
		for _, b := range edges {
			ratios = append(ratios, Ratio{a, b})
		}
	}
	for range 20000 {
		ratios = append(ratios, Ratio{rng.Int64N(1e12) - 1e11, rng.Int64N(2e12) - 1e12})
		ratios = append(ratios, Ratio{rng.Int64N(2000) - 1000, rng.Int64N(1000) + 1})
		ratios = append(ratios, Ratio{int64(rng.Uint64()), int64(rng.Uint64())})
	}
	for _, r := range ratios {
		x := r.Rat()
		if r.Den == 0 {
			x = new(big.Rat)
		}
		if got, want := r.Fraction(), x.RatString(); got != want {
			t.Errorf("Ratio%v.Fraction() = %q, want %q", r, got, want)
		}
		if got, want := r.Float(), func() float64 { f, _ := x.Float64(); return f }(); got != want {
			t.Errorf("Ratio%v.Float() = %v, want %v", r, got, want)
		}
		if !r.Defined() {
			continue
		}
		for _, p := range []int64{90, 100, 0, -50, 127, 128, 130, 1000, 1023, 1024, -1023, -1024} {
			c := x.Cmp(big.NewRat(p, 100))
			if r.Below(p) != (c < 0) || r.Above(p) != (c > 0) {
				t.Errorf("Ratio%v against %d%%: Below %v, Above %v, want the sign of %d", r, p, r.Below(p), r.Above(p), c)
			}
		}
	}
	var rats []*big.Rat
	for _, s := range []string{"0", "1", "-1", "600", "95.5", "0.98", "-3.25", "2147483647", "2147483648", "-2147483648",
		"1/2147483647", "1/2147483648", "123456789012345678901234567890", "0.000000001", "99999999.99"} {
		x, _ := new(big.Rat).SetString(s)
		rats = append(rats, x)
	}
	for range 3000 {
		rats = append(rats, big.NewRat(rng.Int64N(1e6)-5e5, rng.Int64N(1000)+1), big.NewRat(int64(rng.Uint64()), rng.Int64N(1e12)+1))
	}
	for i, a := range rats {
		for _, b := range rats[max(0, i-40):min(len(rats), i+40)] {
			if got, want := cmpRat(a, b), a.Cmp(b); got != want {
				t.Errorf("cmpRat(%v, %v) = %d, want %d", a, b, got, want)
			}
			got, ok := ratOf(a, b)
			var want Ratio
			wantOK := b.Sign() != 0
			if wantOK {
				q := new(big.Rat).Quo(a, b)
				wantOK = q.Num().IsInt64() && q.Denom().IsInt64()
				if wantOK {
					want = Ratio{q.Num().Int64(), q.Denom().Int64()}
				}
			}
			if ok != wantOK || got != want {
				t.Errorf("ratOf(%v, %v) = %v %v, want %v %v", a, b, got, ok, want, wantOK)
			}
		}
	}
}

// CompareExecution's int64 way gives the order big.Rat gives, for
// printed and computed rates, absent ones, negative and huge amounts.
func TestCompareExecutionMatchesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	amt := func(v int64) *Amount { a := Amount(v); return &a }
	edges := []int64{0, 1, -1, 7, 100, 9999, 1 << 31, 1<<40 + 3, 1<<62 + 1, math.MaxInt64, math.MinInt64 + 1, -(1 << 50)}
	var all []Stated
	all = append(all, Stated{}, Stated{Executed: amt(5)}, Stated{Executed: amt(5), Base: amt(0)})
	for _, e := range edges {
		for _, b := range edges {
			all = append(all, Stated{Executed: amt(e), Base: amt(b)})
		}
	}
	for _, raw := range []string{"95.47%", "100%", "0%", "100.00%", "33.333%", "20", "0.01%", "123456789.123%", "4294967296%"} {
		p, err := ParsePercent(raw)
		if err != nil {
			t.Fatal(raw, err)
		}
		all = append(all, Stated{ExecutionRate: &p}, Stated{ExecutionRate: &p, Executed: amt(1), Base: amt(3)})
	}
	for range 120 {
		all = append(all, Stated{Executed: amt(rng.Int64N(2e12) - 1e11), Base: amt(rng.Int64N(2e12) - 1e11)})
		all = append(all, Stated{Executed: amt(rng.Int64N(1000)), Base: amt(rng.Int64N(1000) + 1)})
		all = append(all, Stated{Executed: amt(int64(rng.Uint64())), Base: amt(int64(rng.Uint64()))})
	}
	exact := func(a, b Stated) int {
		x, okx := a.ShownExecutionRate()
		y, oky := b.ShownExecutionRate()
		switch {
		case okx != oky:
			if okx {
				return -1
			}
			return 1
		case !okx:
			return 0
		}
		return x.Cmp(y)
	}
	for _, a := range all {
		for _, b := range all {
			if got, want := CompareExecution(a, b), exact(a, b); got != want {
				t.Fatalf("CompareExecution(%v, %v) = %d, want %d", a, b, got, want)
			}
		}
	}
}

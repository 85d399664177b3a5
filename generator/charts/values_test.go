package charts

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
)

// The shortcuts of issue 16 give the values the exact formulas gave:
// percent from Ratio.Percent's digits, hundredths and above without
// big.Rat. The writers are compared with go-echarts elsewhere; these
// are the numbers fed to them.

func oldPercent(r budget.Ratio) json.Number {
	if !r.Defined() {
		return noValue // nil, when values were boxed
	}
	return json.Number(budget.FormatRat(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)), 2))
}

func ratios() []budget.Ratio {
	var rs []budget.Ratio
	for _, nd := range [][2]int64{{0, 1}, {1, 3}, {-1, 3}, {2, 3}, {1, 200000}, {-1, 200000}, {1, 20000}, {-1, 20000}, {5, 1}, {1, -3}, {math.MaxInt64, 1}, {math.MinInt64, 1}, {1, math.MaxInt64}, {math.MaxInt64 / 3, 7}, {899_999_999_999_999, 1}, {0, 0}, {3, 0}} {
		rs = append(rs, budget.Ratio{Num: nd[0], Den: nd[1]})
	}
	rnd := rand.New(rand.NewPCG(16, 16))
	for range 20000 {
		den := rnd.Int64N(2_000_000) - 1_000_000
		rs = append(rs, budget.Ratio{Num: rnd.Int64N(6_000_000) - 3_000_000, Den: den})
	}
	return rs
}

func TestPercentAsBefore(t *testing.T) {
	for _, r := range ratios() {
		if got, want := percent(r), oldPercent(r); got != want {
			t.Errorf("percent(%d/%d) = %v, want %v", r.Num, r.Den, got, want)
		}
		v, shown := shownRate(nil, r, true)
		if want := oldPercent(r); v != want || shown != r.Percent()+"（算）" {
			t.Errorf("shownRate(%d/%d) = %v %q, want %v", r.Num, r.Den, v, shown, want)
		}
	}
}

func TestAboveAsBefore(t *testing.T) {
	for _, r := range ratios() {
		for _, p := range []int64{0, 90, 100, 200, -5, 5000} {
			if got, want := above(r, p), r.Defined() && r.Rat().Cmp(big.NewRat(p, 100)) > 0; got != want {
				t.Errorf("above(%d/%d, %d) = %v, want %v", r.Num, r.Den, p, got, want)
			}
		}
	}
}

func TestHundredthsAsBefore(t *testing.T) {
	ps := []budget.Points{0, 1, -1, 5, -5, 10, 99, 100, -100, 950, 3000, -12345, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	rnd := rand.New(rand.NewPCG(16, 17))
	for range 20000 {
		ps = append(ps, budget.Points(rnd.Int64N(2_000_000)-1_000_000))
	}
	for _, p := range ps {
		if got, want := hundredths(p), json.Number(budget.FormatRat(p.Rat(), 2)); got != want {
			t.Errorf("hundredths(%d) = %s, want %s", p, got, want)
		}
	}
}

func TestSignedAsBefore(t *testing.T) {
	for _, x := range []*big.Rat{big.NewRat(1299, 100), big.NewRat(-50, 1), new(big.Rat), big.NewRat(1, 1000), big.NewRat(-1, 1000)} {
		want := budget.FormatRat(x, 2)
		if x.Sign() > 0 {
			want = "+" + want
		}
		if got := signed(x); got != want+"%" {
			t.Errorf("signed(%s) = %s, want %s%%", x, got, want)
		}
	}
}

package budget

import (
	"math"
	"math/big"
	"testing"
)

// sameRat reports whether a and b hold the same numerator and
// denominator: a fraction not in lowest terms compares equal to its
// reduced self (Cmp), yet prints and hashes differently.
func sameRat(a, b *big.Rat) bool {
	return a.Num().Cmp(b.Num()) == 0 && a.Denom().Cmp(b.Denom()) == 0
}

// The int64 ways give big.Rat's results, at the edges as anywhere:
// near the int64 limits (where they must give way), with many decimals,
// negative, exactly half way, and at zero.
func TestExactEdges(t *testing.T) {
	const hi, lo = math.MaxInt64, math.MinInt64
	fracs := [][2]int64{
		{0, 1}, {0, -7}, {1, 2}, {-1, 2}, {1, -2}, {5, 1000}, {-5, 1000}, {125, 1000}, {-125, 1000}, {-4, 1000},
		{1, 3}, {2, 3}, {-2, 3}, {1, 7}, {22, 7}, {6, 4}, {-6, -4}, {1000, 10}, {98, 100},
		{hi, 1}, {-hi, 1}, {lo, 1}, {1, hi}, {1, lo}, {hi, hi - 1}, {hi - 1, hi}, {lo, lo}, {hi / 100, 1},
		{hi/100 + 1, 1}, {hi / 10000, 3}, {999_999_999_999_999_999, 1_000_000_000_000_000_000}, {1, 1_000_000_000_000_000_000},
		{5, 1_000_000_000_000_000_000}, {-5, 1_000_000_000_000_000_000},
	}
	for _, f := range fracs {
		checkExact(t, f[0], f[1], 3)
	}
	for _, c := range []struct {
		num, den int64
		places   int
		want     string
	}{
		{125, 1000, 2, "0.13"}, {-125, 1000, 2, "-0.13"}, {5, 1000, 2, "0.01"}, {-4, 1000, 2, "0.00"},
		{1, 3, 18, "0.333333333333333333"}, {2, 3, 18, "0.666666666666666667"}, {22, 7, 0, "3"}, {-7, 2, 0, "-4"},
		{hi, 1, 2, "9223372036854775807.00"}, {lo, 1, 0, "-9223372036854775808"}, {1, 2, 20, "0.50000000000000000000"},
	} {
		if got := FormatRat(big.NewRat(c.num, c.den), c.places); got != c.want {
			t.Errorf("FormatRat(%d/%d, %d) = %q, want %q", c.num, c.den, c.places, got, c.want)
		}
	}
	for _, c := range []struct{ v, p [2]int64 }{
		{[2]int64{110, 1}, [2]int64{100, 1}}, {[2]int64{0, 1}, [2]int64{-3, 1}}, {[2]int64{1<<31 - 1, 1}, [2]int64{1, 1<<31 - 1}},
		{[2]int64{-(1<<31 - 1), 1}, [2]int64{1, 1<<31 - 1}}, {[2]int64{1 << 31, 1}, [2]int64{1, 3}}, {[2]int64{95, 10}, [2]int64{-3, 7}},
	} {
		v, p := big.NewRat(c.v[0], c.v[1]), big.NewRat(c.p[0], c.p[1])
		if got, want := growth(v, p), growthBig(v, p); !sameRat(got, want) {
			t.Errorf("growth(%v, %v) = %v, want %v", v, p, got, want)
		}
	}
	m := &Metric{Value: ParseValue("12"), Previous: ParseValue("0")}
	if g, ok := m.ComputedYoY(nil); ok {
		t.Errorf("growth from zero = %v, want none", g)
	}
}

// checkExact holds every int64 way to its big.Rat way for num/den.
func checkExact(t *testing.T, num, den int64, places int) {
	t.Helper()
	if den == 0 {
		return
	}
	want := big.NewRat(num, den)
	if got := newRat(num, den); !sameRat(got, want) {
		t.Fatalf("newRat(%d, %d) = %v, want %v", num, den, got, want)
	}
	if got, w := FormatRat(want, places), formatRatBig(want, places); got != w {
		t.Fatalf("FormatRat(%v, %d) = %q, big.Rat writes %q", want, places, got, w)
	}
	if got, w := PointsFromRat(want), pointsBig(want); got != w {
		t.Fatalf("PointsFromRat(%v) = %d, big.Rat gives %d", want, got, w)
	}
	if n, d, ok := int64Of(want); ok {
		if q, ok := roundScaled(n, d, places); ok {
			r := roundRat(want, places)
			if scaled := new(big.Rat).Mul(r, big.NewRat(pow10[places], 1)); !scaled.IsInt() || scaled.Num().Int64() != q {
				t.Fatalf("roundScaled(%d, %d, %d) = %d, big.Rat gives %v", n, d, places, q, scaled)
			}
		}
	}
}

// pointsBig is PointsFromRat in big.Rat (the int64 way skipped).
func pointsBig(x *big.Rat) Points {
	r := roundRat(x, 2)
	n := new(big.Int).Mul(r.Num(), big.NewInt(100))
	n.Quo(n, r.Denom())
	return Points(n.Int64())
}

// growthBig is growth in big.Rat.
func growthBig(v, p *big.Rat) *big.Rat {
	g := new(big.Rat).Quo(new(big.Rat).Sub(v, p), p)
	return g.Mul(g, big.NewRat(100, 1))
}

// FuzzExactFast: every int64 way against its big.Rat way, on any
// fraction and any number of places.
func FuzzExactFast(f *testing.F) {
	f.Add(int64(125), int64(1000), int64(3), int64(7), uint8(2))
	f.Add(int64(math.MaxInt64), int64(3), int64(math.MinInt64), int64(1), uint8(18))
	f.Add(int64(-5), int64(10), int64(1<<31-1), int64(1<<30), uint8(0))
	f.Fuzz(func(t *testing.T, num, den, pn, pd int64, places uint8) {
		checkExact(t, num, den, int(places%22))
		if den == 0 || pd == 0 || pn == 0 {
			return
		}
		v, p := big.NewRat(num, den), big.NewRat(pn, pd)
		if got, want := growth(v, p), growthBig(v, p); !sameRat(got, want) {
			t.Fatalf("growth(%v, %v) = %v, want %v", v, p, got, want)
		}
	})
}

// leadingNumber reads a printed figure's number, thousands separators
// dropped; without separators the number is a slice of the text, no
// copy (a report reads hundreds).
func TestLeadingNumber(t *testing.T) {
	for _, c := range [][3]string{
		{"1,234.5万户", "1234.5", "万户"}, {"-3.5%", "-3.5", "%"}, {"12,34", "12", ",34"}, {"1,234,567", "1234567", ""},
		{"+.5", "", "+.5"}, {"5.", "5", "."}, {"5.x", "5", ".x"}, {"abc", "", "abc"}, {"-", "", "-"}, {"", "", ""},
		{"1.2.3", "1.2", ".3"}, {"0,123.45元", "0123.45", "元"}, {",5", "", ",5"}, {"359.58万元", "359.58", "万元"},
	} {
		if num, rest := leadingNumber(c[0]); num != c[1] || rest != c[2] {
			t.Errorf("leadingNumber(%q) = %q, %q; want %q, %q", c[0], num, rest, c[1], c[2])
		}
	}
	if n := testing.AllocsPerRun(100, func() { leadingNumber("359.58万元") }); n != 0 {
		t.Errorf("%.0f allocations for a number without separators, want none", n)
	}
}

// A decimal of a report is read into a big.Rat in three allocations (the
// Rat and its two words), not through big.Rat's normalization; a growth
// and a rounding of small fractions in one and none.
func TestExactAllocs(t *testing.T) {
	v, p := big.NewRat(2607, 10), big.NewRat(2405, 10)
	for _, c := range []struct {
		name string
		max  float64
		f    func()
	}{
		{"ParseRat", 3, func() { ParseRat("95.5") }},
		{"growth", 3, func() { growth(v, p) }},
		{"FormatRat", 1, func() { FormatRat(v, 2) }},
		{"PointsFromRat", 0, func() { PointsFromRat(v) }},
	} {
		if n := testing.AllocsPerRun(100, c.f); n > c.max {
			t.Errorf("%s: %.0f allocations, want at most %.0f", c.name, n, c.max)
		}
	}
}

// A value from 0 to 1,000 in hundredths is one Rat, made at its first
// reading and shared after (six numbers a report in ten): reading it
// again allocates nothing, where a Rat was 80 bytes in three blocks.
// Other values are Rats of their own, and every one is big.Rat's value.
func TestSmallValuesShared(t *testing.T) {
	for _, c := range []struct {
		a, b   string
		shared bool
	}{
		{"95", "95.00", true}, {"0", "-0", true}, {"99.5", "099.50", true}, {"0.01", "0.010", true},
		{"1000", "1000.00", true}, {"1000.01", "1000.01", false}, {"-95", "-95", false},
		{"0.001", "0.001", false}, {"33.3", "33.30", true}, {"1.5", "1.50", true},
	} {
		a, okA := ParseRat(c.a)
		b, okB := ParseRat(c.b)
		want, _ := new(big.Rat).SetString(c.a)
		if !okA || !okB || !sameRat(a, want) || !sameRat(b, want) {
			t.Fatalf("%s, %s: %v and %v, want %v", c.a, c.b, a, b, want)
		}
		if (a == b) != c.shared {
			t.Errorf("%s and %s: one Rat %t, want %t", c.a, c.b, a == b, c.shared)
		}
	}
	if n := testing.AllocsPerRun(100, func() { ParseRat("97.25") }); n != 0 {
		t.Errorf("reading a shared value takes %.0f allocations, want none", n)
	}
	// growth's results are shared alike: 100·(110 − 100)/100 is 10.
	v, _ := ParseRat("110")
	p, _ := ParseRat("100")
	ten, _ := ParseRat("10")
	if g := growth(v, p); g != ten {
		t.Errorf("growth 100 → 110 is %v, not the shared 10", g)
	}
}

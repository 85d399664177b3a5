package budget

import (
	"math/big"
	"testing"
)

// scoreBoth is smallScore and the big.Rat path for one row; ok is
// smallScore's.
func scoreBoth(dir Direction, rule string, w int64, a, t *big.Rat) (fast, slow Points, ok bool, panicked bool) {
	fast, ok = smallScore(dir, rule, w, a, t)
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	in := &Indicator{Direction: dir}
	full := func() *Points { p := Points(w); return &p }
	slow = *in.computedScoreRat(Scoring{ReverseRule: rule}, big.NewRat(w, 100), a, t, full)
	return fast, slow, ok, false
}

// The int64 path gives the big.Rat path's points wherever it answers,
// and answers for the small numbers reports hold.
func FuzzComputedScore(f *testing.F) {
	for _, c := range [][6]int64{
		{1000, 2607, 1, 600, 1, 0}, {1000, 95, 1, 100, 1, 1}, {1000, 120, 1, 100, 1, 2},
		{1000, 1, 3, 1, 1, 0}, {333, 1, 3, 2, 3, 3}, {1000, 5, 1, 0, 1, 2},
		{1000, 0, 1, -5, 1, 2}, {-250, 1, 2, 1, 1, 0}, {1000, -3, 2, 4, 1, 1},
		{999999999, 999999999, 999999998, 999999997, 999999999, 2},
	} {
		f.Add(c[0], c[1], c[2], c[3], c[4], uint8(c[5]))
	}
	dirs := []Direction{Positive, Reverse, Reverse, Equal}
	f.Fuzz(func(t *testing.T, w, an, ad, tn, td int64, which uint8) {
		if ad == 0 || td == 0 {
			return
		}
		dir, rule := dirs[int(which)%len(dirs)], "ratio"
		if int(which)%len(dirs) == 2 {
			rule = "linear"
		}
		a, tt := big.NewRat(an, ad), big.NewRat(tn, td)
		fast, slow, ok, panicked := scoreBoth(dir, rule, w, a, tt)
		if ok && panicked {
			t.Fatalf("%s %s w=%d a=%s t=%s: int64 path answered %d where big.Rat panics", dir, rule, w, a, tt, fast)
		}
		if ok && fast != slow {
			t.Fatalf("%s %s w=%d a=%s t=%s: int64 %d, big.Rat %d", dir, rule, w, a, tt, fast, slow)
		}
		small := func(x *big.Rat) bool { _, _, ok := smallerRat(x); return ok }
		wantOK := small(a) && small(tt) && w > -1<<62 && w < 1<<62 && !panicked && !(dir == Positive && tt.Sign() <= 0)
		if ok != wantOK {
			t.Fatalf("%s %s w=%d a=%s t=%s: int64 path ok=%v, want %v", dir, rule, w, a, tt, ok, wantOK)
		}
	})
}

// Half a hundredth rounds away from zero on both paths.
func TestSmallScoreRounding(t *testing.T) {
	for _, c := range []struct {
		w, an, ad, tn, td int64
		want              Points
	}{
		{1, 1, 2, 1, 1, 1},   // 0.005 → 0.01
		{-1, 1, 2, 1, 1, -1}, // −0.005 → −0.01
		{1000, 1, 3, 1, 1, 333},
		{1000, 2, 3, 1, 1, 667},
	} {
		got, ok := smallScore(Positive, "ratio", c.w, big.NewRat(c.an, c.ad), big.NewRat(c.tn, c.td))
		if !ok || got != c.want {
			t.Errorf("%+v: got %d, %v", c, got, ok)
		}
	}
}

// BenchmarkComputedScore scores a row of each direction, as report.json
// and the page do for every row: ComputedScore against its big.Rat path.
func BenchmarkComputedScore(b *testing.B) {
	w := Points(1000)
	rows := []*Indicator{
		{Direction: Positive, Weight: &w, Target: Value{Num: big.NewRat(600, 1)}, Actual: Value{Num: big.NewRat(2607, 1)}},
		{Direction: Positive, Weight: &w, Target: Value{Num: big.NewRat(98, 1)}, Actual: Value{Num: big.NewRat(955, 10)}},
		{Direction: Reverse, Weight: &w, Target: Value{Num: big.NewRat(30, 1)}, Actual: Value{Num: big.NewRat(33, 1)}},
		{Direction: Equal, Weight: &w, Target: Value{Num: big.NewRat(100, 1)}, Actual: Value{Num: big.NewRat(97, 1)}},
	}
	s := DefaultScoring()
	b.Run("int64", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, in := range rows {
				in.ComputedScore(s)
			}
		}
	})
	b.Run("big.Rat", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, in := range rows {
				full := func() *Points { p := *in.Weight; return &p }
				in.computedScoreRat(s, in.Weight.Rat(), in.Actual.Num, in.Target.Num, full)
			}
		}
	})
}

// ComputedExecutionScore's int64 path (mulShare of a non-negative
// Ratio) gives the big.Rat path's points.
func FuzzComputedExecutionScore(f *testing.F) {
	for _, c := range [][3]int64{{500, 95, 100}, {500, 120, 100}, {1, 1, 2}, {-1, 1, 2}, {333, 1, 3}, {1<<62 - 1, 1<<63 - 1, 1<<63 - 1},
		{-(1<<62 - 1), 3, 1<<63 - 1}, {2000, 0, 7}} {
		f.Add(c[0], c[1], c[2])
	}
	f.Fuzz(func(t *testing.T, w, n, d int64) {
		if d <= 0 || n < 0 || w <= -1<<62 || w >= 1<<62 {
			return // the conditions of the int64 path
		}
		got := mulShare(w, uint64(min(n, d)), uint64(d))
		if want := executionScoreRat(Points(w), Ratio{n, d}.Rat()); got != want {
			t.Fatalf("w=%d rate=%d/%d: int64 %d, big.Rat %d", w, n, d, got, want)
		}
	})
}

// ParseRat reads every string as big.Rat's SetString does, through the
// int64 path for plain decimals and SetString for the rest: the same
// numerator and denominator, in lowest terms (which Cmp alone would not
// tell).
func FuzzParseRat(f *testing.F) {
	for _, s := range []string{"600", "-95.5", "0.98", "+3", "-0", "007.50", "123456789012345678", "1234567890123456789",
		"0.000000000000000001", ".5", "5.", "1/3", "1e3", "", "-", "+.", "9223372036854775807", "9999999999999999999", "-99999999999.99999999", "99999999.99", "1_000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseRat(s)
		want, wantOK := new(big.Rat).SetString(s)
		if ok != wantOK || ok && (got.Num().Cmp(want.Num()) != 0 || got.Denom().Cmp(want.Denom()) != 0) {
			t.Fatalf("%q: ParseRat %v %v, SetString %v %v", s, got, ok, want, wantOK)
		}
		if n, places, ok := plainDecimal(s); ok && big.NewRat(n, pow10[places]).Cmp(want) != 0 {
			t.Fatalf("%q: plainDecimal %d / 10^%d, SetString %v", s, n, places, want)
		}
	})
}

// BenchmarkParseRat reads a report's kinds of numbers: ParseRat against
// SetString.
func BenchmarkParseRat(b *testing.B) {
	xs := []string{"600", "2607", "95.5", "0.98"}
	b.Run("int64", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, s := range xs {
				ParseRat(s)
			}
		}
	})
	b.Run("SetString", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, s := range xs {
				new(big.Rat).SetString(s)
			}
		}
	})
}

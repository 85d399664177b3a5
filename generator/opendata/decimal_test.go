package opendata

import (
	"math/big"
	"testing"
)

// The int64 path writes big.Rat's string wherever it answers, and
// answers for the numbers reports hold.
func FuzzDecimal(f *testing.F) {
	for _, c := range [][2]int64{
		{1, 2}, {-1, 2}, {2607, 1}, {-7, 1}, {0, 1}, {191, 200}, {1, 3}, {-1, 1 << 40},
		{1, 1 << 62}, {-1 << 63, 5}, {-1 << 63, 1}, {1<<63 - 1, 1 << 20}, {123456789, 1000000000000000000},
		{3, 1 << 18}, {1, 3125},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, n, d int64) {
		if d == 0 {
			return
		}
		x := big.NewRat(n, d)
		want := decimalRat(x)
		if got, ok := smallDecimal(x); ok && got != want {
			t.Fatalf("%s: int64 %q, big.Rat %q", x, got, want)
		}
		if got := Decimal(x); got != want {
			t.Fatalf("%s: Decimal %q, big.Rat %q", x, got, want)
		}
	})
}

func TestSmallDecimal(t *testing.T) {
	for _, c := range []struct {
		n, d int64
		want string
		ok   bool
	}{
		{191, 200, "0.955", true},
		{-1, 8, "-0.125", true},
		{955, 10, "95.5", true},
		{2607, 1, "2607", true},
		{-1 << 63, 1, "-9223372036854775808", true},
		{1, 3, "", false},       // no finite expansion: big.Rat's "1/3"
		{1, 1 << 62, "", false}, // 62 decimals
	} {
		got, ok := smallDecimal(big.NewRat(c.n, c.d))
		if got != c.want || ok != c.ok {
			t.Errorf("%d/%d: got %q, %v; want %q, %v", c.n, c.d, got, ok, c.want, c.ok)
		}
	}
}

// BenchmarkDecimal writes a report's kinds of numbers: Decimal against
// its big.Rat path.
func BenchmarkDecimal(b *testing.B) {
	xs := []*big.Rat{big.NewRat(2607, 1), big.NewRat(955, 10), big.NewRat(191, 200), big.NewRat(-3, 4)}
	for _, c := range []struct {
		name string
		f    func(*big.Rat) string
	}{{"int64", Decimal}, {"big.Rat", decimalRat}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, x := range xs {
					c.f(x)
				}
			}
		})
	}
}

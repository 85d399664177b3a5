package budget

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// oldFormat is Amount.format as it was, in strings: the reference.
func oldFormat(a Amount, u Unit, group bool) string {
	v := int64(a)
	sign := ""
	if v < 0 {
		sign = "-"
		v = -v
	}
	digits := strconv.FormatInt(v, 10)
	if len(digits) <= u.exp {
		digits = strings.Repeat("0", u.exp-len(digits)+1) + digits
	}
	intPart, frac := digits[:len(digits)-u.exp], digits[len(digits)-u.exp:]
	keep := max(len(strings.TrimRight(frac, "0")), 2)
	if keep > len(frac) {
		frac += strings.Repeat("0", keep-len(frac))
	}
	frac = frac[:keep]
	if group {
		intPart = Group(intPart)
	}
	return sign + intPart + "." + frac
}

// amountsToFormat are edges and a spread of magnitudes.
func amountsToFormat() []Amount {
	as := []Amount{0, 1, -1, 5, 10, 99, 100, 101, 999, 1000, 1001, 123456, -123456, 27531500_00,
		100_000, 1_000_000, 10_000_000_000, math.MaxInt64, -math.MaxInt64, 999_999_999_999}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		as = append(as, Amount(rng.Int64N(1<<uint(rng.IntN(62)+1))-rng.Int64N(1<<20)))
	}
	return as
}

// Amounts are written as before, in every unit, grouped or not, in one
// allocation (the string) where they took four or five.
func TestAmountFormatAsBefore(t *testing.T) {
	for _, a := range amountsToFormat() {
		for _, u := range Units {
			if got, want := a.Format(u), oldFormat(a, u, true); got != want {
				t.Fatalf("%d in %s: Format %q, want %q", a, u.Name, got, want)
			}
			if got, want := a.Decimal(u), oldFormat(a, u, false); got != want {
				t.Fatalf("%d in %s: Decimal %q, want %q", a, u.Name, got, want)
			}
			if got, want := a.FormatUnit(u), oldFormat(a, u, true)+" "+u.Name; got != want {
				t.Fatalf("%d in %s: FormatUnit %q, want %q", a, u.Name, got, want)
			}
		}
	}
	a := Amount(27531500_00)
	for name, f := range map[string]func(){
		"Format": func() { a.Format(DefaultUnit) }, "Decimal": func() { a.Decimal(DefaultUnit) },
		"FormatUnit": func() { a.FormatUnit(DefaultUnit) },
	} {
		if n := testing.AllocsPerRun(50, f); n > 1 {
			t.Errorf("%s takes %.0f allocations, want 1", name, n)
		}
	}
}

// A percentage is written as big.Rat writes it, in one allocation.
func TestPercentInt(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		r := Ratio{rng.Int64N(2_000_000) - 1_000_000, rng.Int64N(100_000) - 50_000}
		if r.Den == 0 {
			continue
		}
		want := FormatRat(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)), 2) + "%"
		if got := r.Percent(); got != want {
			t.Fatalf("%d/%d: %q, want %q", r.Num, r.Den, got, want)
		}
	}
	r := Ratio{26070, 6000}
	if n := testing.AllocsPerRun(50, func() { r.Percent() }); n > 1 {
		t.Errorf("Percent takes %.0f allocations, want 1", n)
	}
}

// A project's levels are one block of four, without a map.
func TestLevelScoresAllocs(t *testing.T) {
	p := &Project{}
	for i := range 40 {
		w := Points(100 * i)
		p.Indicators = append(p.Indicators, &Indicator{Level1: projectLevels[i%4], Weight: &w, Score: &w})
	}
	if n := testing.AllocsPerRun(50, func() { p.LevelScores() }); n > 1 {
		t.Errorf("LevelScores takes %.0f allocations, want 1", n)
	}
	if (&Project{}).LevelScores() != nil {
		t.Errorf("a project without rows has levels")
	}
}

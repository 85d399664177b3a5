package budget

import (
	"math/big"
	"strings"
)

// Ratio is an exact quotient, such as 执行率 = executed / adjusted. A zero
// denominator makes it undefined, and it then shows as "—".
type Ratio struct {
	Num, Den int64
}

// Defined reports whether the ratio has a non-zero denominator.
func (r Ratio) Defined() bool { return r.Den != 0 }

// Rat returns the exact value.
func (r Ratio) Rat() *big.Rat {
	if r.Den == 0 {
		return new(big.Rat)
	}
	return big.NewRat(r.Num, r.Den)
}

// Percent renders the ratio as a percentage with two decimals, rounded half
// away from zero: "100.00%", "434.50%".
func (r Ratio) Percent() string {
	if !r.Defined() {
		return "—"
	}
	return FormatRat(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)), 2) + "%"
}

// Below reports whether the ratio is below p percent.
func (r Ratio) Below(p int64) bool {
	return r.Defined() && r.Rat().Cmp(big.NewRat(p, 100)) < 0
}

// Above reports whether the ratio is above p percent.
func (r Ratio) Above(p int64) bool {
	return r.Defined() && r.Rat().Cmp(big.NewRat(p, 100)) > 0
}

// Float returns an approximation, for charts and sorting only.
func (r Ratio) Float() float64 {
	f, _ := r.Rat().Float64()
	return f
}

// FormatRat renders x with exactly n decimals, rounding half away from zero.
func FormatRat(x *big.Rat, n int) string {
	return roundRat(x, n).FloatString(n)
}

func roundRat(x *big.Rat, n int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	num := new(big.Int).Mul(x.Num(), scale)
	den := x.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	// Round half away from zero: compare 2|m| with den.
	m.Abs(m).Mul(m, big.NewInt(2))
	if m.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return new(big.Rat).SetFrac(q, scale)
}

// TrimRat renders x with up to n decimals and no trailing zeros: 9.5, 10.
func TrimRat(x *big.Rat, n int) string {
	s := FormatRat(x, n)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

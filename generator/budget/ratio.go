package budget

import (
	"cmp"
	"math"
	"math/big"
	"strconv"
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
	if s, ok := r.percentInt(); ok {
		return s
	}
	return FormatRat(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)), 2) + "%"
}

// percentInt is Percent in int64 arithmetic, the same digits without the
// allocations of big.Rat (pages show thousands of rates); ok is false
// where it could overflow.
func (r Ratio) percentInt() (string, bool) {
	const limit = 900_000_000_000_000 // |Num| × 10⁴ stays below 2⁶³
	if r.Num <= -limit || r.Num >= limit || r.Den <= -limit || r.Den >= limit {
		return "", false
	}
	a, d := r.Num, r.Den
	neg := (a < 0) != (d < 0)
	if a < 0 {
		a = -a
	}
	if d < 0 {
		d = -d
	}
	a *= 10_000
	q, m := a/d, a%d
	if 2*m >= d { // half away from zero
		q++
	}
	var buf [32]byte // one block for the string, not four
	b := buf[:0]
	if neg && q != 0 {
		b = append(b, '-')
	}
	b = strconv.AppendInt(b, q/100, 10)
	b = append(b, '.', byte('0'+q%100/10), byte('0'+q%10), '%')
	return string(b), true
}

func twoDigits(n int64) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

// Below reports whether the ratio is below p percent.
func (r Ratio) Below(p int64) bool {
	return r.Defined() && r.cmpPercent(p) < 0
}

// Above reports whether the ratio is above p percent.
func (r Ratio) Above(p int64) bool {
	return r.Defined() && r.cmpPercent(p) > 0
}

// cmpPercent compares the (defined) ratio with p percent: Num/Den
// against p/100 by cross products where they fit in an int64 (every
// rate of every project is so compared, and every indicator's completion
// against validate's 130%), else through big.Rat.
func (r Ratio) cmpPercent(p int64) int {
	const limit = 1 << 52 // × 100 or × |p| < 2¹⁰ stays below 2⁶³
	if r.Num > -limit && r.Num < limit && r.Den > -limit && r.Den < limit && p > -1<<10 && p < 1<<10 {
		c := cmp.Compare(r.Num*100, p*r.Den)
		if r.Den < 0 {
			c = -c
		}
		return c
	}
	return r.Rat().Cmp(big.NewRat(p, 100))
}

// Float returns an approximation, for charts and sorting only: the
// float64 nearest the exact value, as big.Rat's Float64 gives it.
func (r Ratio) Float() float64 {
	if l, ok := r.lowest(); ok && l.Num > -1<<53 && l.Num < 1<<53 && l.Den < 1<<53 {
		// Both exact as float64: IEEE division rounds the exact
		// quotient to the nearest, ties to even, as Float64 does.
		return float64(l.Num) / float64(l.Den)
	}
	f, _ := r.Rat().Float64()
	return f
}

// Fraction is the exact value in lowest terms, as big.Rat's RatString
// writes it: "3/4", "-2"; "0" when undefined.
func (r Ratio) Fraction() string {
	l, ok := r.lowest()
	if !ok {
		return r.Rat().RatString()
	}
	if l.Den == 1 {
		return strconv.FormatInt(l.Num, 10)
	}
	return strconv.FormatInt(l.Num, 10) + "/" + strconv.FormatInt(l.Den, 10)
}

// lowest is the ratio in lowest terms with a positive denominator (0/1
// when undefined); ok is false where negating could overflow.
func (r Ratio) lowest() (Ratio, bool) {
	if r.Num == math.MinInt64 || r.Den == math.MinInt64 {
		return Ratio{}, false
	}
	if r.Den == 0 {
		return Ratio{0, 1}, true
	}
	return reduced(r.Num, r.Den), true
}

// FormatRat renders x with exactly n decimals, rounding half away from
// zero. A rate or growth of a report is rounded and written in int64
// (pages and open data write thousands), anything larger in big.Rat.
func FormatRat(x *big.Rat, n int) string {
	if num, den, ok := int64Of(x); ok {
		if q, ok := roundScaled(num, den, n); ok {
			return formatScaled(q, n)
		}
	}
	return formatRatBig(x, n)
}

// formatRatBig is FormatRat in big.Rat.
func formatRatBig(x *big.Rat, n int) string {
	return roundRat(x, n).FloatString(n)
}

// scales are the powers of ten roundRat divides by, made once; they are
// only read.
var scales = func() []*big.Int {
	s := make([]*big.Int, 11)
	for i := range s {
		s[i] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(i)), nil)
	}
	return s
}()

func roundRat(x *big.Rat, n int) *big.Rat {
	var scale *big.Int
	if n >= 0 && n < len(scales) {
		scale = scales[n]
	} else {
		scale = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	}
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

package budget

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"sync/atomic"
)

// The figures of a report are decimals of a few digits (600, 95.5,
// 0.98): read, divided and rounded, they fit an int64 with room to
// spare. These are the int64 ways of what big.Rat does, each giving
// exactly big.Rat's result where it applies and saying so (ok), so that
// the caller takes big.Rat's way for anything else: a number of many
// digits, a product that could overflow. Tests hold each to its big.Rat
// way (FuzzExactFast).

// newRat is big.NewRat(num, den) without big.Rat's normalization, which
// finds the greatest common divisor in multi-precision (its lehmerGCD
// was a tenth of reading a report's numbers): the fraction is reduced in
// int64 and set as is. A value from 0 to 1,000 in hundredths (95, 99.5,
// 100: six numbers a report in ten) is one Rat shared by every call,
// made at the first. den ≠ 0.
func newRat(num, den int64) *big.Rat {
	if num == math.MinInt64 || den == math.MinInt64 {
		return big.NewRat(num, den)
	}
	l := reduced(num, den)
	if l.Num < 0 || l.Num > sharedMax || 100%l.Den != 0 || l.Num*(100/l.Den) > sharedMax {
		return ratOfReduced(l)
	}
	slot := &shared[l.Num*(100/l.Den)]
	if r := slot.Load(); r != nil {
		return r
	}
	if r := ratOfReduced(l); slot.CompareAndSwap(nil, r) {
		return r
	}
	return slot.Load()
}

// sharedMax is the largest value newRat shares, in hundredths.
const sharedMax = 100_000

// shared holds the Rat of each value newRat shares, at its hundredths:
// 80 bytes and three allocations a number otherwise. No code sets or
// changes a Rat it did not make (Value.Num says so);
// TestSharedRatsUnchanged checks them after a build.
var shared [sharedMax + 1]atomic.Pointer[big.Rat]

// ratOfReduced is l as a big.Rat, set as it is.
func ratOfReduced(l Ratio) *big.Rat {
	r := new(big.Rat).SetInt64(l.Num)
	if l.Den != 1 {
		// SetInt64 made the denominator 1, so Denom is x's own (it is a
		// copy only for a Rat never set): setting it sets the fraction,
		// which is already in lowest terms with a positive denominator.
		r.Denom().SetInt64(l.Den)
	}
	return r
}

// int64Of is x's numerator and denominator when both fit an int64.
func int64Of(x *big.Rat) (num, den int64, ok bool) {
	n := x.Num()
	if !n.IsInt64() {
		return 0, 0, false
	}
	if x.IsInt() { // Denom of an integer would allocate its 1
		return n.Int64(), 1, true
	}
	d := x.Denom()
	if !d.IsInt64() {
		return 0, 0, false
	}
	return n.Int64(), d.Int64(), true
}

// roundScaled is num/den × 10^places rounded half away from zero, as
// roundRat rounds it, for den > 0 and 0 ≤ places ≤ 18; ok is false where
// the result or the product before dividing does not fit.
func roundScaled(num, den int64, places int) (int64, bool) {
	if den <= 0 || places < 0 || places >= len(pow10) || num == math.MinInt64 {
		return 0, false
	}
	a := uint64(num)
	if num < 0 {
		a = uint64(-num)
	}
	hi, lo := bits.Mul64(a, uint64(pow10[places]))
	d := uint64(den)
	if hi >= d {
		return 0, false // the quotient would not fit 64 bits
	}
	q, m := bits.Div64(hi, lo, d)
	if m >= d-m { // 2m ≥ d: half away from zero
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	if num < 0 {
		return -int64(q), true
	}
	return int64(q), true
}

// formatScaled writes q / 10^places with exactly places decimals, as
// big.Rat's FloatString writes that value: "-0.05", "12", "3.10".
func formatScaled(q int64, places int) string {
	u := uint64(q)
	if q < 0 {
		u = -u
	}
	var d [20]byte
	digits := strconv.AppendUint(d[:0], u, 10)
	pad := max(places+1-len(digits), 0) // zeros before the digits: 0.05
	whole := pad + len(digits) - places
	var buf [48]byte
	b := buf[:0]
	if q < 0 {
		b = append(b, '-')
	}
	for k := range pad + len(digits) {
		if k == whole {
			b = append(b, '.')
		}
		if k < pad {
			b = append(b, '0')
		} else {
			b = append(b, digits[k-pad])
		}
	}
	return string(b)
}

// growth is 100 × (v − p) / p, the growth from p to v in percent, for
// p ≠ 0: in int64 where v's and p's terms are below 2³¹ and the result's
// fit, else in big.Rat.
func growth(v, p *big.Rat) *big.Rat {
	if vn, vd, ok := smallRat(v); ok {
		if pn, pd, ok := smallRat(p); ok {
			// v/p − 1 = (vn·pd − pn·vd) / (vd·pn): each product is
			// below 2⁶², and so is their difference's magnitude.
			diff, den := vn*pd-pn*vd, vd*pn
			const limit = math.MaxInt64 / 100
			if diff > -limit && diff < limit {
				return newRat(100*diff, den)
			}
		}
	}
	g := new(big.Rat).Quo(new(big.Rat).Sub(v, p), p)
	return g.Mul(g, big.NewRat(100, 1))
}

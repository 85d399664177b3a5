package budget

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// A published figure may be absent: the report did not print it. Absent
// amounts are nil *Amount, absent scores nil *Points, absent rates nil
// *Percent. Nothing in this package fills an absent figure from another
// one; a derived figure (a rate, a balance, a sum) exists only where all
// of its inputs are present, and says so with its ok result.

// Amt returns a pointer to a, for published amounts.
func Amt(a Amount) *Amount { return &a }

// Both returns the two amounts when both were published.
func Both(a, b *Amount) (Amount, Amount, bool) {
	if a == nil || b == nil {
		return 0, 0, false
	}
	return *a, *b, true
}

// Percent is a rate as a report printed it: "100%", "95.47%", or a bare
// number of percent such as the 20 that one form prints for 20%.
type Percent struct {
	Raw      string   // as printed
	Value    *big.Rat // in percent: 95.47
	Decimals int      // decimals printed, 2 for "95.47%"
}

// ErrNegative is the error of a negative printed rate, for errors.Is;
// any other error of ParsePercent means the text is no percentage.
var ErrNegative = errors.New("negative")

// ParsePercent reads a printed rate: "95.47%", "100.00%", "97%", "20"
// (percent), with optional spaces and a full-width ％.
func ParsePercent(raw string) (Percent, error) {
	s := strings.TrimSpace(raw)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "%"), "％"))
	num, rest := leadingNumber(s)
	if num == "" || strings.TrimSpace(rest) != "" || strings.HasPrefix(num, "+") {
		return Percent{}, fmt.Errorf("%q is not a percentage such as \"95.47%%\"", raw)
	}
	v, ok := new(big.Rat).SetString(num)
	if !ok {
		return Percent{}, fmt.Errorf("%q is not a percentage", raw)
	}
	if v.Sign() < 0 {
		return Percent{}, fmt.Errorf("%q is %w", raw, ErrNegative)
	}
	dec := 0
	if _, frac, ok := strings.Cut(num, "."); ok {
		dec = len(frac)
	}
	return Percent{Raw: strings.TrimSpace(raw), Value: v, Decimals: dec}, nil
}

// String shows the rate as printed, with a % sign where the form left it
// out.
func (p Percent) String() string {
	if strings.HasSuffix(p.Raw, "%") || strings.HasSuffix(p.Raw, "％") {
		return p.Raw
	}
	return p.Raw + "%"
}

// Agreement is how a published figure compares with the same figure
// computed from published inputs.
type Agreement int

// Agreements, from best to worst.
const (
	Agrees   Agreement = iota // the same at the printed precision
	Rounding                  // differs in the last printed digit only
	Differs                   // differs by more
)

// CompareRate compares a published rate with the exact one computed from
// published amounts, at the precision the report printed: the same once
// rounded agrees; a printed figure less than one unit of its last digit
// from the exact value is rounding (a clerk truncated, or rounded an
// intermediate figure: 95.47% for 95.4649%); anything further differs.
func CompareRate(published Percent, computed Ratio) Agreement {
	exact := new(big.Rat).Mul(computed.Rat(), big.NewRat(100, 1))
	if roundRat(exact, published.Decimals).Cmp(published.Value) == 0 {
		return Agrees
	}
	unit := new(big.Rat).SetFrac64(1, 1)
	for range published.Decimals {
		unit.Quo(unit, big.NewRat(10, 1))
	}
	diff := new(big.Rat).Sub(exact, published.Value)
	if diff.Abs(diff).Cmp(unit) < 0 {
		return Rounding
	}
	return Differs
}

// RatioPercent shows a computed rate at the precision of a published one,
// so that the two can be read side by side: "95.46%".
func RatioPercent(r Ratio, decimals int) string {
	return FormatRat(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)), decimals) + "%"
}

// ComparePoints compares a published score with a computed one at the
// precision the table prints (a whole number, one or two decimals), as
// CompareRate does: the same once rounded agrees, less than one unit of
// the last printed digit apart is rounding, more differs.
func ComparePoints(published Points, printedDecimals int, computed Points) Agreement {
	step := Points(1)
	switch printedDecimals {
	case 0:
		step = 100
	case 1:
		step = 10
	}
	if roundPoints(computed, step) == published {
		return Agrees
	}
	// computed is itself rounded to hundredths, so a difference of exactly
	// one unit may be less in truth: it counts as rounding.
	d := computed - published
	if d < 0 {
		d = -d
	}
	if d <= step {
		return Rounding
	}
	return Differs
}

// PrintedDecimals is how many decimals a table prints its scores with:
// the most any of them shows (a table printing 1.9 prints 1 as "1").
func PrintedDecimals(scores ...*Points) int {
	n := 0
	for _, p := range scores {
		if p == nil {
			continue
		}
		switch {
		case *p%100 == 0:
		case *p%10 == 0:
			n = max(n, 1)
		default:
			n = 2
		}
	}
	return n
}

// ScoreDecimals is the precision of a project's printed scores.
func (p *Project) ScoreDecimals() int {
	// Row by row, without a list of the scores: the checks and the page
	// ask for it of every project.
	n := PrintedDecimals(p.ExecutionScore, p.GoalScore, p.Score)
	for _, in := range p.Indicators {
		if n == 2 {
			break // no score prints more
		}
		n = max(n, PrintedDecimals(in.Score))
	}
	return n
}

// ValueText shows a printed value with its unit where the file gave a
// bare number and a unit apart (100 and % → 100%).
func ValueText(v Value, unit string) string {
	if v.Num != nil && v.Op == OpNone && v.Suffix == "" && unit != "" && strings.Trim(v.Raw, "0123456789.-+") == "" {
		return v.Raw + unit
	}
	return v.Raw
}

// roundPoints rounds p to a multiple of step, half away from zero.
func roundPoints(p, step Points) Points {
	if step <= 1 {
		return p
	}
	neg := p < 0
	if neg {
		p = -p
	}
	q := (p + step/2) / step * step
	if neg {
		q = -q
	}
	return q
}

// Sum is a total over several figures that may each be absent: the sum
// of those present, how many were, and of how many.
type Sum struct {
	Amount Amount
	Count  int // figures present
	Of     int // figures in all
}

// Add counts one figure in.
func (s *Sum) Add(a *Amount) {
	s.Of++
	if a != nil {
		s.Amount += *a
		s.Count++
	}
}

// Complete reports whether every figure was present (and there was one).
func (s Sum) Complete() bool { return s.Of > 0 && s.Count == s.Of }

// Known returns the sum when it is complete.
func (s Sum) Known() *Amount {
	if !s.Complete() {
		return nil
	}
	return Amt(s.Amount)
}

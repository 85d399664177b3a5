// Package budget is the domain of a performance disclosure: sites,
// bureaus, yearly reports, projects and their indicators, metrics, and
// money held exactly as integer 分. It also holds the pure calculations
// (rates, scores, year-on-year growth). It does no I/O.
package budget

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Amount is money in 分 (0.01 元). Sums of Amounts are exact.
type Amount int64

// Unit is a money unit used in files and on pages.
type Unit struct {
	Name string // 元, 千元, 万元, 亿元
	Fen  int64  // 分 in one unit
	exp  int    // Fen = 10^exp
}

// GobEncode writes the unit's name: the rest follows from it (a build
// keeps its thinned reports between builds, see package buildcache).
func (u Unit) GobEncode() ([]byte, error) { return []byte(u.Name), nil }

// GobDecode finds the unit by its name; no name is the zero Unit.
func (u *Unit) GobDecode(b []byte) error {
	if len(b) == 0 {
		*u = Unit{}
		return nil
	}
	v, ok := LookupUnit(string(b))
	if !ok {
		return fmt.Errorf("budget: unknown unit %q", b)
	}
	*u = v
	return nil
}

// Units lists the accepted money units.
var Units = []Unit{
	{Name: "元", Fen: 100, exp: 2},
	{Name: "千元", Fen: 100_000, exp: 5},
	{Name: "万元", Fen: 1_000_000, exp: 6},
	{Name: "亿元", Fen: 10_000_000_000, exp: 10},
}

// DefaultUnit is 万元, the unit of almost every published report.
var DefaultUnit = Units[2]

// UnitNames lists the unit names, for hints.
func UnitNames() []string {
	var names []string
	for _, u := range Units {
		names = append(names, u.Name)
	}
	return names
}

// LookupUnit finds a unit by name.
func LookupUnit(name string) (Unit, bool) {
	for _, u := range Units {
		if u.Name == name {
			return u, true
		}
	}
	return Unit{}, false
}

// The ways an amount cannot be read, for errors.Is: the loader names them
// to the editor in the editor's language.
var (
	ErrNotDecimal = errors.New("not a plain decimal number")
	ErrTooFine    = errors.New("finer than 1 分")
	ErrTooLarge   = errors.New("too large")
)

// Decimals is how many decimals an amount in u may have: those of 1 分.
func (u Unit) Decimals() int { return u.exp }

// ParseAmount reads a decimal as written in a file ("2753.15", "-3",
// "1e3" is refused) in unit u, exactly.
func ParseAmount(text string, u Unit) (Amount, error) {
	s := strings.ReplaceAll(strings.TrimSpace(text), "_", "")
	neg := false
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || !allDigits(intPart) || (hasDot && (frac == "" || !allDigits(frac))) {
		return 0, fmt.Errorf("%q is %w", text, ErrNotDecimal)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > u.exp {
		return 0, fmt.Errorf("%s %s is %w (at most %d decimals in %s)", text, u.Name, ErrTooFine, u.exp, u.Name)
	}
	digits := intPart + frac + strings.Repeat("0", u.exp-len(frac))
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %s is %w", text, u.Name, ErrTooLarge)
	}
	if neg {
		v = -v
	}
	return Amount(v), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// Decimal renders the amount in unit u with at least two decimals and as
// many more as needed to stay exact, without grouping: "2753.15".
func (a Amount) Decimal(u Unit) string {
	return a.format(u, false)
}

// Format renders the amount in unit u in Chinese convention, grouped by
// thousands: "2,753.15". Values are never rounded: 1234.5678 万元 stays so.
func (a Amount) Format(u Unit) string {
	return a.format(u, true)
}

// FormatUnit is Format followed by the unit: "2,753.15 万元".
func (a Amount) FormatUnit(u Unit) string {
	var buf [64]byte
	return string(append(append(a.appendFormat(buf[:0], u, true), ' '), u.Name...))
}

// Yuan renders the amount in 元 for open data: "27531500.00".
func (a Amount) Yuan() string { return a.Decimal(Units[0]) }

// format is written on the stack and made a string once: pages and open
// data show every amount of a report, each took four or five blocks.
func (a Amount) format(u Unit, group bool) string {
	var buf [48]byte
	return string(a.appendFormat(buf[:0], u, group))
}

// appendFormat appends the amount in u with two decimals, more only where
// the value needs them (one 分 in 元), its whole part grouped or not.
func (a Amount) appendFormat(b []byte, u Unit, group bool) []byte {
	v := uint64(a)
	if a < 0 {
		b = append(b, '-')
		v = -v
	}
	var d [48]byte
	digits := d[:0]
	for n := len(strconv.AppendUint(d[:0], v, 10)); n <= u.exp; n++ {
		digits = append(digits, '0') // a zero before the point: 0.05
	}
	digits = strconv.AppendUint(digits, v, 10)
	intPart, frac := digits[:len(digits)-u.exp], digits[len(digits)-u.exp:]
	if group {
		b = appendGrouped(b, intPart)
	} else {
		b = append(b, intPart...)
	}
	b = append(b, '.')
	keep := max(len(bytes.TrimRight(frac, "0")), 2)
	b = append(b, frac[:min(keep, len(frac))]...)
	for range keep - len(frac) {
		b = append(b, '0')
	}
	return b
}

// appendGrouped appends digits with thousands separators, as Group.
func appendGrouped(b, digits []byte) []byte {
	head := len(digits) % 3
	if head == 0 && len(digits) > 0 {
		head = 3
	}
	b = append(b, digits[:head]...)
	for i := head; i < len(digits); i += 3 {
		b = append(b, ',')
		b = append(b, digits[i:i+3]...)
	}
	return b
}

// Group inserts thousands separators into a string of digits.
func Group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// Rat returns the amount as an exact rational number of units u.
func (a Amount) Rat(u Unit) *big.Rat { return big.NewRat(int64(a), u.Fen) }

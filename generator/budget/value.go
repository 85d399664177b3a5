package budget

import (
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Points is a score in hundredths of a point (9.5 分 = 950). Published
// scores and weights have at most two decimals; computed scores are
// rounded to two decimals, as the forms print them.
type Points int64

// PointsFromRat rounds x to hundredths.
func PointsFromRat(x *big.Rat) Points {
	r := roundRat(x, 2)
	n := new(big.Int).Mul(r.Num(), big.NewInt(100))
	n.Quo(n, r.Denom())
	return Points(n.Int64())
}

// Rat returns the exact value.
func (p Points) Rat() *big.Rat { return big.NewRat(int64(p), 100) }

// String renders the points without trailing zeros: "9.5", "100". It is
// TrimRat(p.Rat(), 2) in integer arithmetic: pages show thousands.
func (p Points) String() string {
	n := int64(p)
	if n == -1<<63 {
		return TrimRat(p.Rat(), 2)
	}
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n/100, 10)
	switch f := n % 100; {
	case f == 0:
	case f%10 == 0:
		s += "." + string(rune('0'+f/10))
	default:
		s += "." + twoDigits(f)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Op is the comparison a printed target carries.
type Op string

// Comparison operators found in printed targets.
const (
	OpNone Op = ""
	OpGE   Op = "≥"
	OpGT   Op = ">"
	OpLE   Op = "≤"
	OpLT   Op = "<"
	OpEQ   Op = "="
)

// Value is an indicator's target or actual, or a metric's value: a number
// or a printed string such as "≥98%", "<=30天", "600户", "40余起",
// "显著提升". Raw is what is displayed; Num is the number read from it,
// nil for qualitative text.
type Value struct {
	Raw    string
	Op     Op
	Num    *big.Rat
	Suffix string // what follows the number: "%", "户", "天", "万件"
	Approx bool   // "余", "约", "多": the number is approximate
}

// IsZero reports whether no value was given.
func (v Value) IsZero() bool { return v.Raw == "" && v.Num == nil }

// Qualitative reports whether the value has no number.
func (v Value) Qualitative() bool { return v.Num == nil }

// Percent reports whether the value is a percentage.
func (v Value) Percent() bool { return strings.HasPrefix(v.Suffix, "%") }

var opPrefixes = []struct {
	text string
	op   Op
}{
	{">=", OpGE}, {"≥", OpGE}, {"≧", OpGE}, {"＞=", OpGE}, {"不低于", OpGE}, {"不少于", OpGE}, {"大于等于", OpGE}, {"达到", OpGE},
	{"突破", OpGE}, {"超过", OpGT},
	{"<=", OpLE}, {"≤", OpLE}, {"≦", OpLE}, {"＜=", OpLE}, {"不高于", OpLE}, {"不超过", OpLE}, {"不多于", OpLE}, {"小于等于", OpLE},
	{"==", OpEQ}, {"=", OpEQ}, {"＝", OpEQ}, {"等于", OpEQ},
	{">", OpGT}, {"＞", OpGT}, {"大于", OpGT}, {"高于", OpGT},
	{"<", OpLT}, {"＜", OpLT}, {"小于", OpLT}, {"低于", OpLT},
}

// ParseValue reads a printed value. A number (from a TOML number) should
// be passed as its literal text, so that it stays exact.
func ParseValue(raw string) Value {
	v := Value{Raw: raw}
	s := strings.TrimSpace(raw)
	for _, p := range opPrefixes {
		if strings.HasPrefix(s, p.text) {
			v.Op = p.op
			s = strings.TrimSpace(s[len(p.text):])
			break
		}
	}
	if strings.HasPrefix(s, "约") {
		v.Approx = true
		s = strings.TrimPrefix(s, "约")
	}
	num, rest := leadingNumber(s)
	if num == "" {
		v.Op = OpNone
		return v
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		v.Op = OpNone
		return v
	}
	v.Num = r
	rest = strings.TrimSpace(rest)
	for _, q := range []string{"余", "多"} {
		if strings.HasPrefix(rest, q) {
			v.Approx = true
			rest = strings.TrimPrefix(rest, q)
		}
	}
	switch {
	case strings.HasSuffix(rest, "以上") || strings.HasSuffix(rest, "及以上"):
		if v.Op == OpNone {
			v.Op = OpGE
		}
		rest = strings.TrimSuffix(strings.TrimSuffix(rest, "以上"), "及")
	case strings.HasSuffix(rest, "以下") || strings.HasSuffix(rest, "以内"):
		if v.Op == OpNone {
			v.Op = OpLE
		}
		rest = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(rest, "以下"), "以内"), "及")
	}
	v.Suffix = strings.TrimSpace(rest)
	// Text after the number that is not a unit (a sentence) makes the
	// value qualitative: "3个月内完成整改" has a number but is no measure.
	if utf8.RuneCountInString(v.Suffix) > 4 || strings.ContainsAny(v.Suffix, "，,。;；") {
		return Value{Raw: raw}
	}
	return v
}

// leadingNumber splits "1,234.5万户" into "1234.5" and "万户".
func leadingNumber(s string) (string, string) {
	var b strings.Builder
	i := 0
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		b.WriteByte(s[0])
		i = 1
	}
	digits, dot := 0, false
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
			digits++
		case c == ',' && digits > 0 && i+3 < len(s)+0 && isDigits(s[i+1:], 3):
			// thousands separator
		case c == '.' && !dot && digits > 0 && i+1 < len(s) && unicode.IsDigit(rune(s[i+1])):
			b.WriteByte(c)
			dot = true
		default:
			if digits == 0 {
				return "", s
			}
			return b.String(), s[i:]
		}
		i++
	}
	if digits == 0 {
		return "", s
	}
	return b.String(), ""
}

func isDigits(s string, n int) bool {
	if len(s) < n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Direction is how an indicator's actual is judged against its target.
type Direction string

// Directions of indicators.
const (
	Positive    Direction = "positive"    // 正向: actual ≥ target
	Reverse     Direction = "reverse"     // 反向: actual ≤ target
	Equal       Direction = "equal"       // actual = target
	Qualitative Direction = "qualitative" // 定性
)

// Directions lists the valid directions.
var Directions = []string{string(Positive), string(Reverse), string(Equal), string(Qualitative)}

// Label is the Chinese name of the direction.
func (d Direction) Label() string {
	switch d {
	case Positive:
		return "正向"
	case Reverse:
		return "反向"
	case Equal:
		return "等于"
	case Qualitative:
		return "定性"
	}
	return string(d)
}

// InferDirection derives a direction from a target.
func InferDirection(target Value) Direction {
	if target.Qualitative() {
		return Qualitative
	}
	switch target.Op {
	case OpLE, OpLT:
		return Reverse
	case OpEQ:
		return Equal
	}
	return Positive
}

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
	if num, den, ok := int64Of(x); ok {
		if q, ok := roundScaled(num, den, 2); ok {
			return Points(q)
		}
	}
	r := roundRat(x, 2)
	n := new(big.Int).Mul(r.Num(), big.NewInt(100))
	n.Quo(n, r.Denom())
	return Points(n.Int64())
}

// ParseRat is big.Rat's SetString. A plain decimal ("600", "-95.5", at
// most 18 digits: every number of a report) is read in int64 and
// reduced there (newRat), skipping SetString's scanner and big.Rat's
// normalization (the loader reads thousands); FuzzParseRat holds the two
// to the same numerator and denominator. The Rat may be shared with
// other calls' (newRat): it must not be changed.
func ParseRat(s string) (*big.Rat, bool) {
	if n, places, ok := plainDecimal(s); ok {
		return newRat(n, pow10[places]), true
	}
	return new(big.Rat).SetString(s)
}

// pow10 is 10^0 … 10^18, the powers that fit in an int64.
var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// plainDecimal reads [+-]digits[.digits] with 1 to 18 digits in all as
// n / 10^places; ok is false for anything else.
func plainDecimal(s string) (n int64, places int, ok bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || dot && frac == "" || len(whole)+len(frac) > 18 {
		return 0, 0, false
	}
	for _, part := range [2]string{whole, frac} {
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, 0, false
			}
			n = n*10 + int64(c-'0')
		}
	}
	if neg {
		n = -n
	}
	return n, len(frac), true
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
// "不低于百分之九十", "零事故", "显著提升". Raw is what is displayed; Num is
// the number read from it, nil for qualitative text. Num may be shared
// with other values (see ParseRat): never set or change it in place.
type Value struct {
	Raw    string
	Op     Op
	Num    *big.Rat
	Suffix string // what follows the number: "%", "户", "天", "万件", "事故"
	Approx bool   // "余", "约", "多": the number is approximate
	// Unreadable marks text without a number that plainly states one
	// ("≥**平方米", "不低于XX%", "百分之**"): it stays qualitative, and the
	// loader warns, since such a row cannot be judged.
	Unreadable bool
}

// IsZero reports whether no value was given.
func (v Value) IsZero() bool { return v.Raw == "" && v.Num == nil }

// Qualitative reports whether the value has no number.
func (v Value) Qualitative() bool { return v.Num == nil }

// Percent reports whether the value is a percentage (with a half- or
// full-width sign).
func (v Value) Percent() bool {
	return strings.HasPrefix(v.Suffix, "%") || strings.HasPrefix(v.Suffix, "％")
}

// opPrefixes are the comparisons a value may start with, longest first
// where one is the start of another (大于等于 before 大于).
var opPrefixes = []struct {
	text string
	op   Op
}{
	{">=", OpGE}, {"≥", OpGE}, {"≧", OpGE}, {"＞=", OpGE}, {"不低于", OpGE}, {"不少于", OpGE}, {"不小于", OpGE}, {"大于等于", OpGE}, {"至少", OpGE}, {"达到", OpGE},
	{"突破", OpGE}, {"超过", OpGT},
	{"<=", OpLE}, {"≤", OpLE}, {"≦", OpLE}, {"＜=", OpLE}, {"不高于", OpLE}, {"不超过", OpLE}, {"不多于", OpLE}, {"不大于", OpLE}, {"小于等于", OpLE}, {"控制在", OpLE},
	{"==", OpEQ}, {"=", OpEQ}, {"＝", OpEQ}, {"═", OpEQ}, {"等于", OpEQ},
	{">", OpGT}, {"＞", OpGT}, {"大于", OpGT}, {"高于", OpGT},
	{"<", OpLT}, {"＜", OpLT}, {"小于", OpLT}, {"低于", OpLT},
}

// weakOps are comparison words that as often compare with words as with
// a number (达到预期, 高于全省平均水平, 低于上年): without a number they
// are plain text, not an unreadable figure.
var weakOps = map[string]bool{"达到": true, "突破": true, "超过": true, "大于": true, "高于": true, "小于": true, "低于": true}

// matchOp splits the comparison a value starts with from the rest; text
// is the comparison as printed, "" where there is none.
func matchOp(s string) (op Op, text, rest string) {
	for _, p := range opPrefixes {
		if after, ok := strings.CutPrefix(s, p.text); ok {
			return p.op, p.text, strings.TrimSpace(after)
		}
	}
	return OpNone, "", s
}

// noneTexts are whole values that say a count is zero: a target 无 (no
// accidents, no complaints) is met only by none.
var noneTexts = map[string]bool{"无": true, "未发生": true}

// IsNoneText reports whether a printed value is one of the words that read
// as zero (无, 未发生).
func IsNoneText(raw string) bool { return noneTexts[strings.TrimSpace(raw)] }

// ParseValue reads a printed value. A number (from a TOML number) should
// be passed as its literal text, so that it stays exact. Numbers may be
// written in Chinese (百分之九十, 九成五, 不超过三次, 零事故; see cn.go).
func ParseValue(raw string) Value {
	v := parseNumber(raw)
	if v.Num == nil {
		return Value{Raw: raw, Unreadable: statesQuantity(raw)}
	}
	return v
}

// parseNumber is ParseValue without the Unreadable judgement: a value
// without a number comes back as Value{Raw: raw}.
func parseNumber(raw string) Value {
	v := Value{Raw: raw}
	s := strings.TrimSpace(raw)
	if noneTexts[s] {
		v.Num = new(big.Rat)
		return v
	}
	v.Op, _, s = matchOp(s)
	if strings.HasPrefix(s, "约") {
		v.Approx = true
		s = strings.TrimPrefix(s, "约")
	}
	var rest string
	kind := cnNone
	if num, after := leadingNumber(s); num != "" {
		r, ok := ParseRat(num)
		if !ok {
			return Value{Raw: raw}
		}
		v.Num, rest = r, after
	} else if v.Num, rest, kind = cnNumber(s); v.Num == nil {
		return Value{Raw: raw}
	}
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
	if !suffixOK(kind, v.Suffix) {
		return Value{Raw: raw}
	}
	if kind == cnPercent {
		v.Suffix = "%" // 百分之九十 and 九成 are 90%
	}
	return v
}

// suffixOK tells whether the text after a number leaves the value a
// measure. Text that is not a unit (a sentence) makes the value
// qualitative: "3个月内完成整改" has a number but is no measure, nor is
// the deadline "11月底前".
func suffixOK(kind cnKind, suffix string) bool {
	if strings.ContainsAny(suffix, "，,。;；") || deadline(suffix) {
		return false
	}
	if kind == cnNone {
		return utf8.RuneCountInString(suffix) <= 4
	}
	return cnSuffixOK(kind, suffix)
}

// deadline reports whether the text after a number makes it a date by
// which something is done: 11月底前, 6月底, 10日前, 年底.
func deadline(suffix string) bool {
	r, size := utf8.DecodeRuneInString(suffix)
	switch r {
	case '月', '年', '日', '号':
		return strings.ContainsAny(suffix[size:], "前底末初旬")
	}
	return false
}

// statesQuantity reports whether text from which no number was read
// plainly tries to state one: it has a percent sign or a percentage in
// Chinese (百分之**), starts with a comparison sign (≥**平方米), or starts
// with a comparison word followed by a figure or nothing (不低于XX%,
// 不超过三十天内完成). Comparisons with words (不低于上年, 达到预期) are
// text.
func statesQuantity(raw string) bool {
	s := strings.TrimSpace(raw)
	if strings.ContainsAny(s, "%％") || cnPercentWord(s) {
		return true
	}
	op, text, rest := matchOp(s)
	switch {
	case op == OpNone || weakOps[text]:
		return false
	case !hasHan(text), rest == "":
		return true
	case strings.ContainsAny(rest, "0123456789０１２３４５６７８９*＊×"):
		return true
	}
	first, _ := utf8.DecodeRuneInString(rest)
	_, digit := cnDigit(first)
	return digit || first == '十'
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// leadingNumber splits "1,234.5万户" into "1234.5" and "万户". The
// number is a slice of s, copied only to drop thousands separators.
func leadingNumber(s string) (string, string) {
	i := 0
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		i = 1
	}
	digits, dot, grouped := 0, false, false
	end := len(s)
scan:
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == ',' && digits > 0 && i+3 < len(s)+0 && isDigits(s[i+1:], 3):
			grouped = true // thousands separator
		case c == '.' && !dot && digits > 0 && i+1 < len(s) && unicode.IsDigit(rune(s[i+1])):
			dot = true
		default:
			end = i
			break scan
		}
		i++
	}
	if digits == 0 {
		return "", s
	}
	num := s[:end]
	if grouped {
		num = strings.ReplaceAll(num, ",", "")
	}
	return num, s[end:]
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

// lowWords mark indicators that count what should stay low: a plain
// target number for 投诉件数 is more likely a ceiling than a floor. 成本
// is not among them: a cost target is as often a budget to spend.
var lowWords = []string{"投诉", "事故", "差错", "超标", "逾期", "违规", "违法", "违纪", "不合格", "变质",
	"死亡", "伤亡", "损失", "发生率", "发生数", "事件", "失误", "返工", "故障", "延误", "上访", "信访", "案件"}

// InferDirection derives a direction from an indicator's name and target,
// for rows that print none. confident is false where the guess may well
// be wrong: a plain number (no ≥ or ≤) for a quantity the name says
// should stay low (投诉件数 5), which the loader asks the clerk to state.
func InferDirection(name string, target Value) (d Direction, confident bool) {
	if target.Qualitative() {
		return Qualitative, true
	}
	switch target.Op {
	case OpLE, OpLT:
		return Reverse, true
	case OpEQ:
		return Equal, true
	case OpGE, OpGT:
		return Positive, true
	}
	if target.Num.Sign() == 0 {
		// 0次, 零事故, 无: a zero target is met only by staying at zero,
		// so an actual of 1次 must count as missed.
		return Reverse, true
	}
	for _, w := range lowWords {
		if strings.Contains(name, w) {
			return Positive, false
		}
	}
	return Positive, true
}

// ParseNature reads a printed 指标性质 or direction column: 正向, 反向,
// 定性, a comparison sign (≥ ≤ = and their variants) or word (大于等于,
// 小于等于, 等于), or one of Directions. ok is false for anything else,
// 定量 included: it says the row has a number, not which way it counts.
func ParseNature(s string) (d Direction, ok bool) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "指标") // 正向指标, 定性指标
	switch strings.ToLower(t) {
	case "正向", string(Positive):
		return Positive, true
	case "反向", "逆向", string(Reverse):
		return Reverse, true
	case "定性", string(Qualitative):
		return Qualitative, true
	case string(Equal):
		return Equal, true
	}
	for _, p := range opPrefixes {
		if p.text != t {
			continue
		}
		switch p.op {
		case OpGE, OpGT:
			return Positive, true
		case OpLE, OpLT:
			return Reverse, true
		case OpEQ:
			return Equal, true
		}
	}
	return "", false
}

package load

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
)

// slip is a common mistake of an editor that the TOML parser reports as
// a bare syntax error: a unit written after an amount, a thousands
// separator, full-width punctuation typed by a Chinese input method,
// curly quotes, a date as printed (2025年4月30日), text without quotes,
// a file saved as GBK, invisible characters pasted from a PDF. It says
// what to write instead.
type slip struct {
	pos       diag.Pos
	msg, hint i18n.Text
	source    string // the line, when it must be shown otherwise than as read (GBK); "" as read
}

var (
	numberRE    = regexp.MustCompile(`^[+-]?[0-9][0-9_]*(\.[0-9]+)?$`)
	thousandsRE = regexp.MustCompile(`^[+-]?[0-9]{1,3}([,，][0-9]{3})+(\.[0-9]+)?`)
	dateRE      = regexp.MustCompile(`^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$`)
	moneyUnits  = []string{"万元", "千元", "亿元", "元"}
)

// invisibles are characters that look like a space or like nothing,
// which text copied from a PDF or a web page brings along.
var invisibles = map[rune]string{
	'\u00a0': "char.nbsp", '\u3000': "char.ideographic_space", '\u200b': "char.zero_width",
	'\u200c': "char.zero_width", '\u200d': "char.zero_width", '\u2060': "char.zero_width",
	'\ufeff': "char.zero_width", '\u2002': "char.wide_space", '\u2003': "char.wide_space",
	'\u2009': "char.thin_space", '\u202f': "char.nbsp",
}

// findSlip looks at the line of a syntax error, at and around pos where
// the parser stopped, for a slip it can name; msg is the parser's message.
func findSlip(src []byte, pos diag.Pos, msg string) (slip, bool) {
	line := diag.LineText(src, pos.Line)
	if strings.Contains(msg, "UTF-16") {
		// Notepad's "Unicode": the parser finds the zero bytes. The whole
		// file is the problem, and its lines are no text to show.
		return slip{pos: diag.Pos{}, msg: i18n.T("slip.utf16"), hint: i18n.T("hint.slip.encoding")}, true
	}
	if strings.Contains(msg, "invalid UTF-8") {
		// Each invalid byte shown as one � keeps the column right; the
		// parser points at the string, the editor needs the first byte.
		shown := strings.Map(func(r rune) rune { return r }, line)
		col := 1
		for i, r := range line {
			if r == utf8.RuneError && col >= pos.Col {
				if _, size := utf8.DecodeRuneInString(line[i:]); size == 1 {
					pos.Col = col
					break
				}
			}
			col++
		}
		return slip{pos: pos, msg: i18n.T("slip.encoding"), hint: i18n.T("hint.slip.encoding"), source: shown}, true
	}
	runes := []rune(line)
	i := pos.Col - 1
	if i < 0 || i >= len(runes) {
		return slip{}, false
	}
	// The parser may stop at the space before the slip (298.5 万元).
	for i+1 < len(runes) && (runes[i] == ' ' || runes[i] == '\t') {
		i++
		pos.Col++
	}
	r := runes[i]
	at := func(msg, hint i18n.Text) (slip, bool) { return slip{pos: pos, msg: msg, hint: hint}, true }
	key, value, _ := splitAssign(line)
	before := strings.TrimSpace(string(runes[:i])) // what the line has before the error
	rest := strings.TrimSpace(string(runes[i:]))
	// valueBefore is the part of the value before the error, when the
	// error is inside a value.
	_, valueBefore, inValue := splitAssign(before)
	valueBefore = strings.TrimSpace(valueBefore)
	switch {
	case invisibles[r] != "":
		return at(i18n.T("slip.invisible", i18n.T(invisibles[r]), fmt.Sprintf("U+%04X", r)), i18n.T("hint.slip.invisible"))
	case strings.ContainsRune("“”‘’„«»", r):
		fixed := strings.NewReplacer("“", `"`, "”", `"`, "‘", `"`, "’", `"`, "„", `"`, "«", `"`, "»", `"`).Replace(value)
		return at(i18n.T("slip.curly_quotes", string(r)), i18n.T("hint.write", assign(key, fixed)))
	}
	if inValue {
		v := strings.TrimSpace(value)
		if dateRE.MatchString(v) {
			p := pos
			p.Col = valueCol(line)
			fixed, ok := plainDate(v)
			if !ok {
				return slip{pos: p, msg: i18n.T("slip.no_such_date", v), hint: i18n.T("hint.syntax.datetime")}, true
			}
			return slip{pos: p, msg: i18n.T("slip.date", v), hint: i18n.T("hint.slip.date", assign(key, fixed))}, true
		}
		if strings.ContainsRune("。、；;", r) && rest == string(r) {
			// A full stop or the like typed after the value.
			return at(i18n.T("slip.stray", string(r)), i18n.T("hint.slip.drop", string(r)))
		}
		if (r == ',' || r == '，') && thousandsRE.MatchString(valueBefore+rest) {
			num := thousandsRE.FindString(valueBefore + rest)
			plain := strings.NewReplacer(",", "", "，", "").Replace(num)
			return at(i18n.T("slip.thousands", string(r)), i18n.T("hint.slip.thousands", assign(key, plain)))
		}
		if numberRE.MatchString(valueBefore) {
			for _, u := range moneyUnits {
				if strings.HasPrefix(rest, u) {
					return at(i18n.T("slip.unit", u), i18n.T("hint.slip.unit", assign(key, valueBefore), u))
				}
			}
		}
		if fullwidthDigit(r) {
			return at(i18n.T("slip.fullwidth_digits"), i18n.T("hint.write", assign(key, width.Narrow.String(v))))
		}
	}
	// The brackets of a Chinese input method, for a table header.
	if fix, ok := map[rune]string{'【': "[", '】': "]", '〔': "[", '〕': "]"}[r]; ok {
		return at(i18n.T("slip.fullwidth", string(r)), i18n.T("hint.slip.fullwidth", string(r), fix))
	}
	if n := width.Narrow.String(string(r)); n != string(r) && width.LookupRune(r).Kind() == width.EastAsianFullwidth {
		fix := n
		switch {
		case r == '：' && !inValue:
			fix = "="
		case r == '，' && inValue && !strings.Contains(msg, "array"):
			// A comma ending a value: the input method's, to be dropped.
			return at(i18n.T("slip.fullwidth", string(r)), i18n.T("hint.slip.drop", string(r)))
		}
		return at(i18n.T("slip.fullwidth", string(r)), i18n.T("hint.slip.fullwidth", string(r), fix))
	}
	startsText := unicode.IsLetter(r) && strings.Contains(msg, "expected value")
	numberThenText := numberRE.MatchString(valueBefore) && !unicode.IsSpace(r) && r != '#'
	if inValue && (startsText || numberThenText) {
		// Text written as it is printed: 商事制度改革, 95%以上, 5个; a
		// comment after it stays out of the quotes.
		text, _, _ := strings.Cut(valueBefore+rest, " #")
		text = strings.TrimSpace(text)
		return slip{pos: pos, msg: i18n.T("slip.unquoted"), hint: i18n.T("hint.slip.unquoted", assign(key, strconv.Quote(text)))}, true
	}
	return slip{}, false
}

// plainNumber is the number an amount written as text says, as TOML
// writes it: "298.5万元", "3,200", "３２００" are 298.5, 3200, 3200.
func plainNumber(s string) (string, bool) {
	s = strings.TrimSpace(width.Narrow.String(s))
	for _, u := range moneyUnits {
		s = strings.TrimSpace(strings.TrimSuffix(s, u))
	}
	s = strings.ReplaceAll(s, ",", "")
	return s, numberRE.MatchString(s)
}

// plainDate is a date written as text (2025年4月30日, "2025-4-30") as
// TOML writes it, when it is a date that exists.
func plainDate(s string) (string, bool) {
	m := dateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	fixed := fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	t, err := time.Parse("2006-01-02", fixed)
	return fixed, err == nil && t.Day() == d
}

// splitAssign splits a line key = value at its first = (or full-width ＝).
func splitAssign(line string) (key, value string, ok bool) {
	k := strings.IndexAny(line, "=＝")
	if k < 0 {
		return "", "", false
	}
	sep := "="
	if strings.HasPrefix(line[k:], "＝") {
		sep = "＝"
	}
	return strings.TrimSpace(line[:k]), line[k+len(sep):], true
}

// valueCol is the column where the value of an assignment line starts.
func valueCol(line string) int {
	_, value, _ := splitAssign(line)
	head := line[:len(line)-len(value)] // the key and its =
	return utf8.RuneCountInString(head) + utf8.RuneCountInString(value) - utf8.RuneCountInString(strings.TrimLeft(value, " \t")) + 1
}

// assign writes key = value as the editor should.
func assign(key, value string) string {
	key = width.Narrow.String(strings.TrimSpace(key))
	key = strings.TrimRight(key, "：: ")
	return key + " = " + strings.TrimSpace(value)
}

func fullwidthDigit(r rune) bool { return r >= '０' && r <= '９' }

// parserMessages say in the editor's language what the TOML parser
// reports in English, for the errors that no slip explains; the
// captured parts are the arguments.
var parserMessages = []struct {
	re        *regexp.Regexp
	msg, hint string
}{
	{regexp.MustCompile(`^Key '(.*)' has already been defined\.$`), "syntax.duplicate_key", "hint.syntax.duplicate_key"},
	{regexp.MustCompile(`^Key '(.*)' was already created`), "syntax.duplicate_key", "hint.syntax.duplicate_key"},
	{regexp.MustCompile(`^strings cannot contain newlines$`), "syntax.string_newline", "hint.syntax.string_newline"},
	{regexp.MustCompile(`^invalid escape in string '(.*)'$`), "syntax.escape", "hint.syntax.escape"},
	{regexp.MustCompile(`^unexpected EOF; expected value$`), "syntax.no_value", "hint.syntax.no_value"},
	{regexp.MustCompile(`^expected value but found (.*) instead$`), "syntax.bad_value", "hint.syntax.no_value"},
	{regexp.MustCompile(`^unexpected EOF; expected key separator '='$`), "syntax.no_equals", "hint.syntax.no_equals"},
	{regexp.MustCompile(`^expected '\.' or '=', but got (.*) instead$`), "syntax.key_end", "hint.syntax.key_end"},
	{regexp.MustCompile(`^expected a top-level item to end with a newline, comment, or EOF, but got (.*) instead$`), "syntax.line_end", "hint.syntax.line_end"},
	{regexp.MustCompile(`^expected '\.' or '\]' to end table name, but got (.*) instead$`), "syntax.table_end", "hint.syntax.table_end"},
	{regexp.MustCompile(`^expected end of table array name delimiter '\]', but got (.*) instead$`), "syntax.table_array_end", "hint.syntax.table_array_end"},
	{regexp.MustCompile(`^expected a comma \(','\) or array terminator \('\]'\), but got (.*)$`), "syntax.array", "hint.syntax.array"},
	{regexp.MustCompile(`^invalid datetime: "(.*)"$`), "syntax.datetime", "hint.syntax.datetime"},
	{regexp.MustCompile(`^TOML files cannot contain control characters: '(.*)'$`), "syntax.control", "hint.slip.invisible"},
	{regexp.MustCompile(`^unexpected '=': key name appears blank$`), "syntax.blank_key", "hint.syntax.blank_key"},
}

// escapeCol is the column of the first backslash at or after pos's
// column on its line that starts no valid TOML escape: the parser points
// at the string, the editor needs the backslash.
func escapeCol(src []byte, pos diag.Pos) int {
	runes := []rune(diag.LineText(src, pos.Line))
	for i := max(pos.Col-1, 0); i+1 < len(runes); i++ {
		if runes[i] == '\\' {
			if !strings.ContainsRune(`btnfr"\uUe`, runes[i+1]) {
				return i + 1
			}
			i++
		}
	}
	return pos.Col
}

// parserMessage is the parser's message msg in the catalogue, if it is
// one of the usual ones.
func parserMessage(msg string) (m, hint i18n.Text, ok bool) {
	for _, p := range parserMessages {
		if g := p.re.FindStringSubmatch(msg); g != nil {
			args := make([]any, len(g)-1)
			for i, s := range g[1:] {
				args[i] = s
				if s == `'\n'` || s == `"\n"` || s == `'\r'` {
					args[i] = i18n.T("syntax.eol") // the parser's way of saying the line ended
				}
			}
			if len(g) > 1 && g[1] == `'\n'` {
				// What the parser found is the end of the line.
				switch p.msg {
				case "syntax.bad_value":
					return i18n.T("syntax.no_value"), i18n.T(p.hint), true
				case "syntax.key_end":
					return i18n.T("syntax.no_equals"), i18n.T("hint.syntax.no_equals"), true
				}
			}
			return i18n.T(p.msg, args...), i18n.T(p.hint), true
		}
	}
	return i18n.Text{}, i18n.Text{}, false
}

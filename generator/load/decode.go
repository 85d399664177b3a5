package load

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/tomlpos"
)

// file is one TOML document being decoded: its parsed values, the index of
// where each key stands, and the problems found so far. Nothing of it
// outlives the decoding: the model keeps positions as data (budget.Origin).
type file struct {
	name  string
	index *tomlpos.Index
	diags *diag.List
}

// parseTOML parses src; a syntax error is reported with the parser's
// position and nil is returned.
func parseTOML(name string, src []byte, diags *diag.List) (*table, *file) {
	var m map[string]any
	_, err := toml.Decode(string(src), &m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos := offsetPos(src, pe.Position.Start)
			d := diags.Errorf(name, pos, "TOML syntax: %s", pe.Message)
			d.Hint = syntaxHint(pe)
		} else {
			diags.Errorf(name, diag.Pos{}, "TOML: %v", err)
		}
		return nil, nil
	}
	f := &file{name: name, index: tomlpos.Scan(src), diags: diags}
	return &table{f: f, m: m, used: map[string]bool{}}, f
}

func syntaxHint(pe toml.ParseError) string {
	if strings.Contains(pe.Message, "invalid UTF-8") {
		return "the file is not saved as UTF-8 (files from Chinese Windows are often GBK): save it again with encoding UTF-8, e.g. in Notepad 另存为 → 编码 UTF-8"
	}
	if pe.Usage == "" {
		return ""
	}
	// The library's usage notes are long paragraphs; keep the first line.
	first, _, _ := strings.Cut(strings.TrimSpace(pe.Usage), "\n")
	return strings.TrimSpace(first)
}

// offsetPos converts a byte offset into a 1-based line and rune column,
// clamped to the input (the parser may point one past the end).
func offsetPos(src []byte, off int) diag.Pos {
	off = max(0, min(off, len(src)))
	if off == len(src) && off > 0 && src[off-1] == '\n' {
		off-- // point at the last line's end, not at a line that is not there
	}
	for off > 0 && off < len(src) && !utf8.RuneStart(src[off]) {
		off-- // the lexer may point inside a multi-byte character
	}
	line := 1 + strings.Count(string(src[:off]), "\n")
	start := strings.LastIndexByte(string(src[:off]), '\n') + 1
	return diag.Pos{Line: line, Col: utf8.RuneCount(src[start:off]) + 1}
}

// table is one TOML table being decoded. Every accessor marks its key as
// known; done reports the keys nobody asked for as unknown.
type table struct {
	f      *file
	path   []string
	m      map[string]any
	used   map[string]bool
	missed []missedKey // required keys not found, reported by done
}

// missedKey is a required key that is absent, and what it means.
type missedKey struct{ key, what string }

func (t *table) sub(key string) []string {
	return append(append([]string{}, t.path...), key)
}

// pos is the position of a key of the table (of the table itself with no
// key), falling back to the nearest enclosing entry that is known.
func (t *table) pos(keys ...string) diag.Pos {
	p := append(append([]string{}, t.path...), keys...)
	ix := t.f.index
	for n := len(p); n >= 0; n-- {
		if e, ok := ix.Lookup(p[:n]...); ok {
			return diag.Pos{Line: e.Key.Line, Col: e.Key.Col}
		}
	}
	return diag.Pos{}
}

// valuePos is where the value of key starts.
func (t *table) valuePos(key string) diag.Pos {
	if e, ok := t.f.index.Lookup(t.sub(key)...); ok {
		return diag.Pos{Line: e.Value.Line, Col: e.Value.Col}
	}
	return t.pos(key)
}

// origin describes the table for checks made later: where it and each of
// its keys are written, worked out now, while the file's index is at hand.
func (t *table) origin() budget.Origin {
	o := budget.Origin{File: t.f.name, Self: t.pos(), Keys: make([]budget.KeyPos, 0, len(t.m))}
	path := append(slices.Clone(t.path), "")
	for _, k := range slices.Sorted(maps.Keys(t.m)) {
		path[len(path)-1] = k
		p, ok := t.f.index.KeyPos(path...)
		if !ok {
			o.Keys = append(o.Keys, budget.KeyPos{Key: k, Pos: o.Self})
			continue
		}
		o.Keys = append(o.Keys, budget.KeyPos{Key: k, Pos: diag.Pos{Line: p.Line, Col: p.Col}})
	}
	return o
}

func (t *table) errorf(key string, format string, args ...any) *diag.Diagnostic {
	return t.f.diags.Errorf(t.f.name, t.valuePos(key), format, args...)
}

func (t *table) get(key string) (any, bool) {
	t.used[key] = true
	v, ok := t.m[key]
	return v, ok
}

// missing notes a required key that is absent. It is reported by done,
// which knows whether a misspelt key stands in its place: one typo
// ("excuted") should give one error, not also "missing executed".
func (t *table) missing(key, what string) {
	t.missed = append(t.missed, missedKey{key, what})
}

// describe names a table path for messages: projects[2].indicators[1].
func describe(path []string) string {
	var b strings.Builder
	for _, p := range path {
		if _, err := strconv.Atoi(p); err == nil {
			n, _ := strconv.Atoi(p)
			fmt.Fprintf(&b, "[%d]", n+1)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a decimal number"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}

func (t *table) wrongType(key string, v any, want string) *diag.Diagnostic {
	return t.errorf(key, "%q must be %s, not %s", key, want, typeName(v))
}

// str reads a string key.
func (t *table) str(key string, required bool, what string) string {
	v, ok := t.get(key)
	if !ok {
		if required {
			t.missing(key, what)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.wrongType(key, v, "a string ("+what+")")
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		t.errorf(key, "%q must not be empty (%s)", key, what)
	}
	// The parser hands out pieces of the whole file: a copy lets the
	// file's text be freed once it is decoded.
	return strings.Clone(s)
}

// choice reads a string key that must be one of options.
func (t *table) choice(key, what string, options []string) string {
	s := t.str(key, false, what)
	if s == "" {
		return ""
	}
	for _, o := range options {
		if s == o {
			return s
		}
	}
	d := t.errorf(key, "%q is not a valid %s: %q", key, what, s)
	d.Hint = "use one of " + quoteList(options)
	if sug := diag.Suggest(s, options); sug != "" {
		d.Hint = fmt.Sprintf("did you mean %q? (%s)", sug, d.Hint)
	}
	return ""
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// count reads a non-negative integer.
func (t *table) count(key, what string) (int, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	n, ok := v.(int64)
	if !ok {
		t.wrongType(key, v, "a whole number ("+what+")")
		return 0, false
	}
	if n < 0 {
		t.errorf(key, "%q must not be negative", key)
		return 0, false
	}
	if n > 1<<31 {
		t.errorf(key, "%q is too large", key)
		return 0, false
	}
	return int(n), true
}

// raw returns the literal text of a number as written in the file, so that
// decimals stay exact (the parser hands them over as float64). The text is
// copied: the index's raw values are slices of the whole file, which the
// model must not keep alive.
//
// Without the text, an integer is still exact (0x1F is read so) but a
// decimal is not: formatting the float64 could turn a written 0.1 into
// another number unnoticed, so that is an error at the key, and false.
func (t *table) raw(key string, v any) (string, bool) {
	if e, ok := t.f.index.Lookup(t.sub(key)...); ok && literalOf(e.Raw, v) {
		return strings.Clone(e.Raw), true
	}
	if n, ok := v.(int64); ok {
		return strconv.FormatInt(n, 10), true
	}
	d := t.errorf(key, "cannot read the exact number written for %q", key)
	d.Hint = "write it as a plain decimal on its own line, " + key + " = 2753.15; if it is written so, this is a bug in the portal: please report it with the file"
	return "", false
}

// literalOf reports whether raw is a decimal literal of the decoded
// number v. The text is checked against the value, not only for being a
// number: should the index ever give the text of another key, the figure
// is refused rather than taken from the wrong place.
func literalOf(raw string, v any) bool {
	s := strings.ReplaceAll(raw, "_", "")
	switch n := v.(type) {
	case int64:
		i, err := strconv.ParseInt(s, 10, 64)
		return err == nil && i == n
	case float64:
		f, err := strconv.ParseFloat(s, 64)
		return err == nil && (f == n || math.IsNaN(f) && math.IsNaN(n))
	}
	return false
}

// amount reads money in unit u; nil when the key is absent (the report
// did not print the figure) or wrong. Negative amounts and values finer
// than 1 分 are errors.
func (t *table) amount(key string, u budget.Unit, what string) *budget.Amount {
	a := t.signedAmount(key, u, what)
	if a != nil && *a < 0 {
		t.errorf(key, "%q must not be negative", key)
		return nil
	}
	return a
}

// signedAmount reads money that may be negative (an adjustment: 调减).
func (t *table) signedAmount(key string, u budget.Unit, what string) *budget.Amount {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	switch v.(type) {
	case int64, float64:
	case string:
		d := t.wrongType(key, v, "a number ("+what+", in "+u.Name+")")
		d.Hint = "write amounts as plain numbers without quotes, unit or thousands separators: " + key + " = 2753.15; leave the key out where the report printed no figure"
		return nil
	default:
		t.wrongType(key, v, "a number ("+what+", in "+u.Name+")")
		return nil
	}
	raw, ok := t.raw(key, v)
	if !ok {
		return nil
	}
	a, err := budget.ParseAmount(raw, u)
	if err != nil {
		t.errorf(key, "%q: %v", key, err)
		return nil
	}
	return &a
}

// percentage reads a rate as printed: "95.47%" or a number of percent
// (95.47); nil when absent or wrong.
func (t *table) percentage(key, what string) *budget.Percent {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	var raw string
	switch x := v.(type) {
	case int64, float64:
		if raw, ok = t.raw(key, v); !ok {
			return nil
		}
	case string:
		raw = x
	default:
		t.wrongType(key, v, "a percentage ("+what+")")
		return nil
	}
	p, err := budget.ParsePercent(strings.Clone(raw))
	if err != nil {
		d := t.errorf(key, "%q: %v", key, err)
		d.Hint = key + ` = "95.47%" as the report prints it`
		return nil
	}
	return &p
}

// points reads a score or weight with at most two decimals, 0 to 100.
func (t *table) points(key, what string) *budget.Points {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	switch v.(type) {
	case int64, float64:
	default:
		t.wrongType(key, v, "a number ("+what+")")
		return nil
	}
	raw, ok := t.raw(key, v)
	if !ok {
		return nil
	}
	if p, ok := plainPoints(raw); ok {
		return &p
	}
	r, ok := t.decimal(key, raw)
	if !ok {
		return nil
	}
	hundred := new(big.Rat).Mul(r, big.NewRat(100, 1))
	if !hundred.IsInt() {
		t.errorf(key, "%q has more than two decimals", key)
		return nil
	}
	if r.Sign() < 0 || r.Cmp(big.NewRat(100, 1)) > 0 {
		t.errorf(key, "%q must lie between 0 and 100, not %s", key, r.FloatString(2))
		return nil
	}
	p := budget.PointsFromRat(r)
	return &p
}

// plainPoints reads the common case of a score or weight, such as "9.54"
// or "10": up to three digits and two decimals, 0 to 100, without the
// big.Rat arithmetic (a report has hundreds). Anything else takes the
// general path, which also reports the errors.
func plainPoints(raw string) (budget.Points, bool) {
	whole, frac, dot := strings.Cut(raw, ".")
	if len(whole) == 0 || len(whole) > 3 || dot && (len(frac) == 0 || len(frac) > 2) {
		return 0, false
	}
	var n int64
	for _, c := range []byte(whole + frac) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	for range 2 - len(frac) {
		n *= 10
	}
	if n > 10000 {
		return 0, false
	}
	return budget.Points(n), true
}

// value reads an indicator or metric value: a number or printed text.
func (t *table) value(key, what string) budget.Value {
	v, ok := t.get(key)
	if !ok {
		return budget.Value{}
	}
	switch x := v.(type) {
	case int64, float64:
		raw, ok := t.raw(key, v)
		if !ok {
			return budget.Value{}
		}
		r, ok := t.decimal(key, raw)
		if !ok {
			return budget.Value{}
		}
		return budget.Value{Raw: raw, Num: r}
	case string:
		if strings.TrimSpace(x) == "" {
			t.errorf(key, "%q must not be empty (%s)", key, what)
			return budget.Value{}
		}
		return budget.ParseValue(strings.Clone(x))
	}
	t.wrongType(key, v, "a number or a string ("+what+")")
	return budget.Value{}
}

// decimal reads a TOML number exactly from raw, its text as written in
// the file. Exponents are refused: they are never how a report prints a
// figure, and 1e999999999 would make an exact value of a billion digits.
func (t *table) decimal(key string, raw string) (*big.Rat, bool) {
	raw = strings.ReplaceAll(raw, "_", "")
	if strings.ContainsAny(raw, "eEinf") {
		d := t.errorf(key, "%q must be a plain decimal number, not %s", key, raw)
		d.Hint = "write the digits out: 1500 rather than 1.5e3"
		return nil, false
	}
	r, ok := new(big.Rat).SetString(raw)
	if !ok {
		t.errorf(key, "%q is not a number", key)
	}
	return r, ok
}

// percent reads a number of percent, such as yoy = 12.99.
func (t *table) percent(key, what string) *big.Rat {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	switch v.(type) {
	case int64, float64:
	case string:
		d := t.wrongType(key, v, "a number ("+what+")")
		d.Hint = "write the percentage as a number: 12.99 for +12.99%"
		return nil
	default:
		t.wrongType(key, v, "a number ("+what+")")
		return nil
	}
	raw, ok := t.raw(key, v)
	if !ok {
		return nil
	}
	r, ok := t.decimal(key, raw)
	if !ok {
		return nil
	}
	return r
}

// date reads a TOML local date.
func (t *table) date(key, what string) budget.Date {
	v, ok := t.get(key)
	if !ok {
		return budget.Date{}
	}
	tm, ok := v.(time.Time)
	if !ok {
		d := t.wrongType(key, v, "a date ("+what+")")
		d.Hint = "write a TOML date without quotes: " + key + " = 2024-04-30"
		return budget.Date{}
	}
	return budget.Date{Year: tm.Year(), Month: int(tm.Month()), Day: tm.Day()}
}

// strings reads an array of strings.
func (t *table) strings(key, what string) []string {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		t.wrongType(key, v, "an array of strings ("+what+")")
		return nil
	}
	out := make([]string, 0, len(arr))
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			p := t.pos(key, strconv.Itoa(i))
			t.f.diags.Errorf(t.f.name, p, "%q[%d] must be a string, not %s", key, i+1, typeName(e))
			continue
		}
		out = append(out, strings.Clone(s))
	}
	return out
}

// table reads a sub-table, or returns nil when absent.
func (t *table) table(key, what string) *table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		d := t.wrongType(key, v, "a table ("+what+")")
		d.Hint = fmt.Sprintf("start it with a line [%s]", strings.Join(t.sub(key), "."))
		return nil
	}
	return &table{f: t.f, path: t.sub(key), m: m, used: map[string]bool{}}
}

// tables reads an array of tables, [[key]].
func (t *table) tables(key, what string) []*table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	// Each table's path holds its index in the array as written, also
	// when an element before it is not a table and is left out: that is
	// how the index knows it.
	var out []*table
	add := func(i int, m map[string]any) {
		out = append(out, &table{f: t.f, path: append(t.sub(key), strconv.Itoa(i)), m: m, used: map[string]bool{}})
	}
	switch x := v.(type) {
	case []map[string]any:
		for i, m := range x {
			add(i, m)
		}
	case []any:
		for i, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				t.f.diags.Errorf(t.f.name, t.pos(key, strconv.Itoa(i)), "%q[%d] must be a table (%s), not %s", key, i+1, what, typeName(e))
				continue
			}
			add(i, m)
		}
	default:
		d := t.wrongType(key, v, "an array of tables ("+what+")")
		d.Hint = fmt.Sprintf("write each entry under its own [[%s]] line", strings.Join(t.sub(key), "."))
		return nil
	}
	return out
}

// counts reads a table of name = whole number, in the file's order.
func (t *table) counts(key, what string) []budget.Count {
	sub := t.table(key, what)
	if sub == nil {
		return nil
	}
	keys := make([]string, 0, len(sub.m))
	for k := range sub.m {
		keys = append(keys, k)
	}
	t.f.index.Ordered(sub.path, keys)
	var out []budget.Count
	for _, k := range keys {
		n, ok := sub.count(k, what)
		if ok {
			out = append(out, budget.Count{Name: strings.Clone(k), Count: n})
		}
	}
	return out
}

// done reports every key of the table that no accessor asked for.
func (t *table) done() {
	var known, unknown []string
	for k := range t.used {
		known = append(known, k)
	}
	for k := range t.m {
		if !t.used[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(known)
	sort.Strings(unknown)
	misspelt := map[string]bool{}
	for _, k := range unknown {
		d := t.f.diags.Errorf(t.f.name, t.pos(k), "unknown key %q", k)
		if len(t.path) > 0 {
			d.Message += " in " + describe(t.path)
		}
		if s := diag.Suggest(k, known); s != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", s)
			misspelt[s] = true
		} else {
			d.Hint = "known keys here: " + strings.Join(known, ", ")
		}
	}
	for _, m := range t.missed {
		if misspelt[m.key] {
			continue
		}
		d := t.f.diags.Errorf(t.f.name, t.pos(), "missing required key %q (%s)", m.key, m.what)
		if len(t.path) > 0 {
			d.Message += " in " + describe(t.path)
		}
	}
}

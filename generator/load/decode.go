package load

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/BurntSushi/toml"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/i18n"
	"github.com/disclose-portal/disclose/generator/internal/freelist"
	"github.com/disclose-portal/disclose/generator/tomlpos"
)

// file is one TOML document being decoded: its parsed values, the index of
// where each key stands, and the problems found so far. Nothing of it
// outlives the decoding: the model keeps positions as data (budget.Origin).
type file struct {
	name  string
	index *tomlpos.Index
	diags *diag.List
	// key is the buffer tables' prefixes are joined in (table.index),
	// reused for every table of the file.
	key []byte
	// slab is where the tables' lists of keys asked for (table.used) are
	// cut from: a list each was an allocation a table, a third of them
	// an indicator's. Given back by release for the next file.
	slab []string
	// rows is where the rows of arrays of tables are cut from (table.
	// tables), as the lists from slab: a report's hundred rows were a
	// sixth of what the loader allocates of its own, and no row outlives
	// its file.
	rows []table
	// kept are the short strings read so far, each copied once (keep):
	// taken from freeKept at the first, given back by release.
	kept map[string]string
}

// keep is a copy of s, the decoder's piece of the file, which lets the
// file's text be freed once it is decoded. A short string (a level, a
// unit, a nature, a value such as "100%" or "≥95%") is copied once and
// shared by every row, report and file read on the core after: a report
// repeats such texts hundreds of times, each copy a block of its own.
func (f *file) keep(s string) string {
	if len(s) > maxKept {
		return strings.Clone(s)
	}
	if f.kept == nil {
		if m, ok := freeKept.Take(); ok {
			f.kept = m
		} else {
			f.kept = make(map[string]string, 256)
		}
	}
	if k, ok := f.kept[s]; ok {
		return k
	}
	if len(f.kept) >= maxKeptStrings {
		clear(f.kept) // what was shared stays shared; what comes is kept anew
	}
	k := strings.Clone(s)
	f.kept[k] = k
	return k
}

// maxKept is the longest string keep shares (a level is 15 bytes, a
// value such as "≥95%" 6); longer ones, names and sentences, are rarely
// repeated.
const maxKept = 32

// maxKeptStrings bounds a map of kept strings (~0.3 MB at most).
const maxKeptStrings = 4096

// freeKept are maps of kept strings given back and not yet taken again.
var freeKept = freelist.New[map[string]string](2)

// rowList is an empty list with room for n rows, a window of the file's
// slab of rows that no other list reaches into.
func (f *file) rowList(n int) []table { return window(&f.rows, n, newRows) }

// usedList is an empty list with room for n keys, for table.used: a
// window of the file's slab that no other table's list reaches into
// (its capacity ends where the next window starts).
func (f *file) usedList(n int) []string { return window(&f.slab, n, newSlab) }

// window cuts an empty list with room for n from *slab, its capacity
// ending where the next window starts. A slab too full is replaced by
// fresh(size), at least twice its size: the windows cut from the old
// one keep it alive until their file is done.
func window[T any](slab *[]T, n int, fresh func(int) []T) []T {
	if cap(*slab)-len(*slab) < n {
		*slab = fresh(max(n, 2*cap(*slab)))
	}
	i := len(*slab)
	*slab = (*slab)[:i+n]
	return (*slab)[i : i : i+n]
}

// release gives the file's position index and slab back for the next
// file read on this core, once its model is built (what the model keeps
// of the file is its name and the tables' paths).
func (f *file) release() {
	f.index.Release()
	if f.kept != nil {
		freeKept.Give(f.kept)
		f.kept = nil
	}
	if rows := f.rows; cap(rows) > 0 {
		f.rows = nil
		clear(rows[:cap(rows)]) // nor its maps and lists: the decoder's values
		freeRows.Give(rows[:0])
	}
	slab := f.slab
	f.slab = nil
	if cap(slab) == 0 {
		return
	}
	clear(slab) // the keys asked for must not outlive their file
	freeSlabs.Give(slab[:0])
}

// freeRows are slabs of rows released and not yet taken again.
var freeRows = freelist.New[[]table](2)

// newRows is a slab with room for at least n rows, one given back if
// there is one large enough.
func newRows(n int) []table {
	if s, ok := freeRows.Take(); ok && cap(s) >= n {
		return s
	}
	return make([]table, 0, max(n, 256))
}

// freeSlabs are slabs released and not yet taken again, a few per core
// (as tomlpos keeps its maps).
var freeSlabs = freelist.New[[]string](2)

// newSlab is a slab with room for at least n keys, one given back if
// there is one large enough.
func newSlab(n int) []string {
	if s, ok := freeSlabs.Take(); ok && cap(s) >= n {
		return s
	}
	return make([]string, 0, max(n, 4096))
}

// parseTOML parses src, which must not change until the file's model is
// built; a syntax error is reported with the parser's position and nil
// is returned.
func parseTOML(name string, src []byte, diags *diag.List) (*table, *file) {
	// The decoder reads src (it makes two copies of its own, which its
	// API leaves no way around), and the position scan reads it in place
	// as a string: its raw values are slices of it, which the loader
	// copies before keeping any, and it is given back (release) before
	// src is let go. A string copy of every file was a sixth of what
	// reading one allocates besides the decoder.
	text := unsafe.String(unsafe.SliceData(src), len(src))
	var m map[string]any
	_, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos := diag.PosAt(src, pe.Position.Start+diag.BOMLen(src))
			if s, ok := findSlip(src, pos, pe.Message); ok {
				d := diags.Errorf(name, s.pos, s.msg.Key)
				d.Message, d.Hint = s.msg, s.hint
				d.Source = s.source // "" is the line as read, attached later
				return nil, nil
			}
			d := diags.Errorf(name, pos, "load.syntax", pe.Message)
			d.Hint = syntaxHint(pe)
			if m, h, ok := parserMessage(pe.Message); ok {
				d.Message, d.Hint = m, h
				if m.Key == "syntax.escape" {
					d.Col = escapeCol(src, pos)
				}
			}
		} else {
			diags.Errorf(name, diag.Pos{}, "load.toml", err)
		}
		return nil, nil
	}
	f := &file{name: name, index: tomlpos.ScanNumbers(text), diags: diags}
	return &table{f: f, m: m}, f
}

// syntaxHint is the hint for a syntax error no slip explains: the
// first line of the parser's usage note, which it writes in English.
func syntaxHint(pe toml.ParseError) i18n.Text {
	if pe.Usage == "" {
		return i18n.Text{}
	}
	// The library's usage notes are long paragraphs; keep the first line.
	first, _, _ := strings.Cut(strings.TrimSpace(pe.Usage), "\n")
	return i18n.Lit(strings.TrimSpace(first))
}

// table is one TOML table being decoded. Every accessor marks its key as
// known; done reports the keys nobody asked for as unknown.
type table struct {
	f    *file
	path []string
	// parent is the table this one is in (nil at the top), for where.
	parent *table
	m      map[string]any
	// used are the keys asked for, in the order asked (a table has a
	// dozen: a list is cheaper than a map made for each of the
	// thousand tables of a file).
	used   []string
	missed []missedKey // required keys not found, reported by done
	// ix is the table's number in the file's position index, for the
	// text of its numbers (raw); found when first needed.
	ix            int32
	hasIx, seenIx bool
}

// index is the table's number in the file's position index
// (tomlpos.Index.Table), false when the index knows no such table.
func (t *table) index() (int32, bool) {
	if !t.seenIx {
		prefix := tomlpos.AppendJoined(t.f.key[:0], t.path...)
		if len(t.path) > 0 {
			prefix = append(prefix, '\x1f')
		}
		t.f.key = prefix
		t.ix, t.hasIx = t.f.index.Table(prefix)
		t.seenIx = true
	}
	return t.ix, t.hasIx
}

// missedKey is a required key that is absent, and what it means.
type missedKey struct{ key, what string }

// name is key as messages name it: with the row it is in, as the editor
// sees the row (项目「商事制度改革」(id = …) 的 executed).
func (t *table) name(key string) i18n.Text {
	w := t.where()
	if w.IsZero() {
		return i18n.Lit(key)
	}
	return i18n.T("at.key", w, key)
}

// what is the description of a key, from the catalogue (whats.go).
func what(s string) i18n.Text { return i18n.What(s) }

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

// origin describes the table for checks made later: its file and path,
// by which a problem's key is found in the file once one is reported
// (ResolveKeys). The path is the table's own, made once: the model
// shares it.
func (t *table) origin() budget.Origin {
	return budget.Origin{File: t.f.name, Path: t.path}
}

// ResolveKeys gives the problems placed at a key of the model
// (budget.Origin.Pos) the byte offset of that key in its file, which
// AttachSources then turns into a line and column: files holds the texts
// of the problems' files. Each such file is scanned once, when a problem
// is reported in it: reading a file without one never looks for a key.
func ResolveKeys(l diag.List, files map[string][]byte) {
	var scanned map[string]*tomlpos.Index
	for i := range l {
		d := &l[i]
		if d.Key == "" {
			continue
		}
		key := d.Key
		d.Key = ""
		text := files[d.File]
		if d.Line != 0 || d.Offset != 0 || text == nil {
			continue
		}
		ix, ok := scanned[d.File]
		if !ok {
			if scanned == nil {
				scanned = map[string]*tomlpos.Index{}
			}
			// Read in place, as parseTOML reads: the offsets found are
			// all that is kept, and the index is given back below.
			ix = tomlpos.ScanString(unsafe.String(unsafe.SliceData(text), len(text)))
			scanned[d.File] = ix
		}
		if off, ok := ix.Place(key); ok {
			d.Pos = diag.At(off)
		}
	}
	// Offsets are all the problems keep: the indexes' maps serve the
	// next files read (kept, a file with a problem cost the next file
	// read on this core maps of its own).
	for _, ix := range scanned {
		ix.Release()
	}
}

func (t *table) errorf(key string, msg string, args ...any) *diag.Diagnostic {
	return t.f.diags.Errorf(t.f.name, t.valuePos(key), msg, args...)
}

func (t *table) get(key string) (any, bool) {
	switch {
	case t.used == nil:
		t.used = t.f.usedList(len(t.m) + 8) // its keys and a few absent ones
	case len(t.used) == cap(t.used):
		// A row asks for every key its kind knows, most absent (an
		// indicator a dozen of three or four written): a window twice
		// as large from the slab, where append made one of its own.
		t.used = append(t.f.usedList(2*cap(t.used)), t.used...)
	}
	t.used = append(t.used, key)
	v, ok := t.m[key]
	return v, ok
}

// isUsed reports whether key was asked for.
func (t *table) isUsed(key string) bool { return slices.Contains(t.used, key) }

// missing notes a required key that is absent. It is reported by done,
// which knows whether a misspelt key stands in its place: one typo
// ("excuted") should give one error, not also "missing executed".
func (t *table) missing(key, what string) {
	t.missed = append(t.missed, missedKey{key, what})
}

// inRow reports whether t is (in) an element of an array of tables.
func (t *table) inRow() bool {
	for _, p := range t.path {
		if _, err := strconv.Atoi(p); err == nil {
			return true
		}
	}
	return false
}

// rowKinds name the rows of each array of tables, by its key.
var rowKinds = map[string]string{
	"projects": "row.project", "indicators": "row.indicator", "metrics": "row.metric",
	"sources": "row.source", "items": "row.item", "funds": "row.fund",
}

// where names the table as the editor sees it, zero at the top: a row
// by its name and id (项目「商事制度改革」(id = …)), else by its place
// (第3个项目), inside the row it belongs to; a table of its own by its
// header ([funds]). It is worked out only for a message.
func (t *table) where() i18n.Text {
	if len(t.path) == 0 {
		return i18n.Text{}
	}
	last := t.path[len(t.path)-1]
	i, err := strconv.Atoi(last)
	if err != nil {
		// A table of a row is named after the row; one at the top by
		// its header, [scoring.national].
		if t.parent != nil && t.parent.inRow() {
			return i18n.Within(t.parent.where(), i18n.Lit("["+last+"]"))
		}
		return i18n.Lit("[" + strings.Join(t.path, ".") + "]")
	}
	key := t.path[len(t.path)-2]
	kind, ok := rowKinds[key]
	if !ok {
		kind = "row.entry"
	}
	name, _ := t.m["name"].(string)
	if key == "funds" {
		name, _ = t.m["source"].(string)
	}
	id, _ := t.m["id"].(string)
	var outer i18n.Text
	if t.parent != nil {
		outer = t.parent.where()
	}
	return i18n.Within(outer, i18n.Row(kind, i+1, strings.TrimSpace(name), strings.TrimSpace(id)))
}

func typeName(v any) i18n.Text {
	switch v.(type) {
	case string:
		return i18n.T("type.string")
	case int64:
		return i18n.T("type.integer")
	case float64:
		return i18n.T("type.float")
	case bool:
		return i18n.T("type.bool")
	case []any, []map[string]any:
		return i18n.T("type.array")
	case map[string]any:
		return i18n.T("type.table")
	case time.Time:
		return i18n.T("type.date")
	}
	return i18n.Lit(fmt.Sprintf("%T", v))
}

// wrongType reports key's value v, which is not the want (a want.* Text).
func (t *table) wrongType(key string, v any, want i18n.Text) *diag.Diagnostic {
	return t.errorf(key, "load.wrong_type", t.name(key), want, typeName(v))
}

// str reads a string key.
func (t *table) str(key string, required bool, w string) string {
	v, ok := t.get(key)
	if !ok {
		if required {
			t.missing(key, w)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.wrongType(key, v, i18n.T("want.string", what(w)))
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		t.errorf(key, "load.empty", t.name(key), what(w))
	}
	// The parser hands out pieces of the whole file.
	return t.f.keep(s)
}

// choice reads a string key that must be one of options.
func (t *table) choice(key, w string, options []string) string {
	s := t.str(key, false, w)
	if s == "" {
		return ""
	}
	for _, o := range options {
		if s == o {
			return s
		}
	}
	d := t.errorf(key, "load.invalid_choice", t.name(key), what(w), s)
	d.Hint = i18n.T("hint.one_of", quoteList(options))
	if sug := diag.Suggest(s, options); sug != "" {
		d.Hint = i18n.T("hint.did_you_mean_of", sug, d.Hint)
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
func (t *table) count(key, w string) (int, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	n, ok := v.(int64)
	if !ok {
		t.wrongType(key, v, i18n.T("want.count", what(w)))
		return 0, false
	}
	if n < 0 {
		t.errorf(key, "load.negative", t.name(key))
		return 0, false
	}
	if n > 1<<31 {
		t.errorf(key, "load.too_large", t.name(key))
		return 0, false
	}
	return int(n), true
}

// raw returns the literal text of a number as written in the file, so that
// decimals stay exact (the parser hands them over as float64). The text is
// copied (keep): the index's raw values are slices of the whole file,
// which the model must not keep alive.
//
// Without the text, an integer is still exact (0x1F is read so) but a
// decimal is not: formatting the float64 could turn a written 0.1 into
// another number unnoticed, so that is an error at the key, and false.
func (t *table) raw(key string, v any) (string, bool) {
	if ix, ok := t.index(); ok {
		if raw, ok := t.f.index.RawIn(ix, key); ok && literalOf(raw, v) {
			return t.f.keep(raw), true
		}
	}
	if n, ok := v.(int64); ok {
		return strconv.FormatInt(n, 10), true
	}
	d := t.errorf(key, "load.inexact", t.name(key))
	d.Hint = i18n.T("hint.inexact", key)
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
func (t *table) amount(key string, u budget.Unit, w string) *budget.Amount {
	a := t.signedAmount(key, u, w)
	if a != nil && *a < 0 {
		t.errorf(key, "load.negative", t.name(key))
		return nil
	}
	return a
}

// signedAmount reads money that may be negative (an adjustment: 调减).
func (t *table) signedAmount(key string, u budget.Unit, w string) *budget.Amount {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	switch v.(type) {
	case int64, float64:
	case string:
		d := t.wrongType(key, v, i18n.T("want.amount", what(w), u.Name))
		d.Hint = i18n.T("hint.amount_plain", key)
		if n, ok := plainNumber(v.(string)); ok {
			d.Hint = i18n.T("hint.amount_written", key+" = "+n)
		}
		return nil
	default:
		t.wrongType(key, v, i18n.T("want.amount", what(w), u.Name))
		return nil
	}
	raw, ok := t.raw(key, v)
	if !ok {
		return nil
	}
	a, err := budget.ParseAmount(raw, u)
	switch {
	case errors.Is(err, budget.ErrTooFine):
		t.errorf(key, "load.amount_too_fine", t.name(key), raw, u.Name, u.Decimals())
		return nil
	case errors.Is(err, budget.ErrTooLarge):
		t.errorf(key, "load.amount_too_large", t.name(key), raw, u.Name)
		return nil
	case err != nil:
		t.errorf(key, "load.amount_not_decimal", t.name(key), raw)
		return nil
	}
	return &a
}

// percentage reads a rate as printed: "95.47%" or a number of percent
// (95.47); nil when absent or wrong.
func (t *table) percentage(key, w string) *budget.Percent {
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
		t.wrongType(key, v, i18n.T("want.percentage", what(w)))
		return nil
	}
	p, err := budget.ParsePercent(strings.Clone(raw))
	if errors.Is(err, budget.ErrNegative) {
		t.errorf(key, "load.percent_negative", t.name(key), raw)
		return nil
	}
	if err != nil {
		d := t.errorf(key, "load.percent_unreadable", t.name(key), raw)
		d.Hint = i18n.T("hint.percent", key)
		return nil
	}
	return &p
}

// points reads a score or weight with at most two decimals, 0 to 100.
func (t *table) points(key, w string) *budget.Points {
	var p budget.Points
	if t.pointsIn(key, w, &p) == nil {
		return nil // nothing allocated for an absent key
	}
	kept := p
	return &kept
}

// pointsIn is points read into dst, which it returns (nil when the key
// is absent or wrong).
func (t *table) pointsIn(key, w string, dst *budget.Points) *budget.Points {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	switch v.(type) {
	case int64, float64:
	default:
		t.wrongType(key, v, i18n.T("want.number", what(w)))
		return nil
	}
	raw, ok := t.raw(key, v)
	if !ok {
		return nil
	}
	if p, ok := plainPoints(raw); ok {
		*dst = p
		return dst
	}
	r, ok := t.decimal(key, raw)
	if !ok {
		return nil
	}
	hundred := new(big.Rat).Mul(r, big.NewRat(100, 1))
	if !hundred.IsInt() {
		t.errorf(key, "load.points_decimals", t.name(key))
		return nil
	}
	if r.Sign() < 0 || r.Cmp(big.NewRat(100, 1)) > 0 {
		t.errorf(key, "load.points_range", t.name(key), r.FloatString(2))
		return nil
	}
	*dst = budget.PointsFromRat(r)
	return dst
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
func (t *table) value(key, w string) budget.Value {
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
			t.errorf(key, "load.empty", t.name(key), what(w))
			return budget.Value{}
		}
		return budget.ParseValue(t.f.keep(x))
	}
	t.wrongType(key, v, i18n.T("want.value", what(w)))
	return budget.Value{}
}

// decimal reads a TOML number exactly from raw, its text as written in
// the file. Exponents are refused: they are never how a report prints a
// figure, and 1e999999999 would make an exact value of a billion digits.
func (t *table) decimal(key string, raw string) (*big.Rat, bool) {
	raw = strings.ReplaceAll(raw, "_", "")
	if strings.ContainsAny(raw, "eEinf") {
		d := t.errorf(key, "load.exponent", t.name(key), raw)
		d.Hint = i18n.T("hint.exponent")
		return nil, false
	}
	r, ok := budget.ParseRat(raw)
	if !ok {
		t.errorf(key, "load.not_number", t.name(key))
	}
	return r, ok
}

// percent reads a number of percent, such as yoy = 12.99.
func (t *table) percent(key, w string) *big.Rat {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	switch v.(type) {
	case int64, float64:
	case string:
		d := t.wrongType(key, v, i18n.T("want.number", what(w)))
		d.Hint = i18n.T("hint.yoy")
		return nil
	default:
		t.wrongType(key, v, i18n.T("want.number", what(w)))
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
func (t *table) date(key, w string) budget.Date {
	v, ok := t.get(key)
	if !ok {
		return budget.Date{}
	}
	tm, ok := v.(time.Time)
	if !ok {
		d := t.wrongType(key, v, i18n.T("want.date", what(w)))
		d.Hint = i18n.T("hint.date", key)
		if s, ok := v.(string); ok {
			if fixed, ok := plainDate(s); ok {
				d.Hint = i18n.T("hint.date_written", key+" = "+fixed)
			}
		}
		return budget.Date{}
	}
	return budget.Date{Year: tm.Year(), Month: int(tm.Month()), Day: tm.Day()}
}

// strings reads an array of strings.
func (t *table) strings(key, w string) []string {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		t.wrongType(key, v, i18n.T("want.strings", what(w)))
		return nil
	}
	out := make([]string, 0, len(arr))
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			p := t.pos(key, strconv.Itoa(i))
			t.f.diags.Errorf(t.f.name, p, "load.element_string", t.name(key), i+1, typeName(e))
			continue
		}
		out = append(out, strings.Clone(s))
	}
	return out
}

// table reads a sub-table, or returns nil when absent.
func (t *table) table(key, w string) *table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		d := t.wrongType(key, v, i18n.T("want.table", what(w)))
		d.Hint = i18n.T("hint.table", strings.Join(t.sub(key), "."))
		return nil
	}
	return &table{f: t.f, path: t.sub(key), parent: t, m: m}
}

// tables reads an array of tables, [[key]]: its rows, a window of the
// file's slab of rows (no list of pointers to them besides).
func (t *table) tables(key, w string) []table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	// Each table's path holds its index in the array as written, also
	// when an element before it is not a table and is left out: that is
	// how the index knows it.
	//
	// The rows' tables, their paths and the list of them are made at
	// once, one allocation each for the whole array: one a row for a
	// table and one for its path were a third of the loader's own
	// allocations (a report has a row an indicator). Each path is a
	// window of its own, which appending to cannot reach past.
	var (
		rows  []table
		paths []string
	)
	size := len(t.path) + 2
	add := func(i int, m map[string]any) {
		path := paths[:size:size]
		paths = paths[size:]
		copy(path, t.path)
		path[len(t.path)], path[len(t.path)+1] = key, strconv.Itoa(i)
		rows = append(rows, table{f: t.f, path: path, parent: t, m: m})
	}
	alloc := func(n int) {
		rows, paths = t.f.rowList(n), make([]string, n*size)
	}
	switch x := v.(type) {
	case []map[string]any:
		alloc(len(x))
		for i, m := range x {
			add(i, m)
		}
	case []any:
		alloc(len(x))
		for i, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				t.f.diags.Errorf(t.f.name, t.pos(key, strconv.Itoa(i)), "load.element_table", t.name(key), i+1, what(w), typeName(e))
				continue
			}
			add(i, m)
		}
	default:
		d := t.wrongType(key, v, i18n.T("want.tables", what(w)))
		d.Hint = i18n.T("hint.tables", strings.Join(t.sub(key), "."))
		return nil
	}
	return rows
}

// counts reads a table of name = whole number, in the file's order.
func (t *table) counts(key, w string) []budget.Count {
	sub := t.table(key, w)
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
		n, ok := sub.count(k, w)
		if ok {
			out = append(out, budget.Count{Name: strings.Clone(k), Count: n})
		}
	}
	return out
}

// done reports every key of the table that no accessor asked for.
func (t *table) done() {
	var unknown []string
	for k := range t.m {
		if !t.isUsed(k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 && len(t.missed) == 0 {
		return // the usual table: nothing to report, no list of known keys to make
	}
	known := slices.Compact(slices.Sorted(slices.Values(t.used)))
	sort.Strings(unknown)
	misspelt := map[string]bool{}
	for _, k := range unknown {
		var d *diag.Diagnostic
		if w := t.where(); w.IsZero() {
			d = t.f.diags.Errorf(t.f.name, t.pos(k), "load.unknown_key", k)
		} else {
			d = t.f.diags.Errorf(t.f.name, t.pos(k), "load.unknown_key_in", k, w)
		}
		if s := diag.Suggest(k, known); s != "" {
			d.Hint = i18n.T("hint.did_you_mean", s)
			misspelt[s] = true
		} else {
			d.Hint = i18n.T("hint.known_keys", strings.Join(known, ", "))
		}
	}
	for _, m := range t.missed {
		if misspelt[m.key] {
			continue
		}
		if w := t.where(); w.IsZero() {
			t.f.diags.Errorf(t.f.name, t.pos(), "load.missing", m.key, what(m.what))
		} else {
			t.f.diags.Errorf(t.f.name, t.pos(), "load.missing_in", m.key, what(m.what), w)
		}
	}
}

package tomlpos

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/tools/txtar"
)

// agree checks the scanner against the TOML decoder on one document: every
// key path the decoder finds must be in the index, and every scalar's raw
// text must be the literal the decoder read. The loader trusts both: it
// looks keys up to point at them, and reads amounts from the raw text
// because the decoder hands decimals over as inexact float64s. Documents
// the decoder refuses are not checked (nil).
func agree(src string) error {
	var m map[string]any
	if _, err := toml.Decode(src, &m); err != nil {
		return nil
	}
	if hasEmptyKey(m) {
		// BurntSushi/toml v1.6.0 mistypes the table holding an empty key
		// ("" = 1 is valid TOML): [t] "" = [1, {b = 2}] decodes as
		// [{b = 2}], an array of tables. Upstream: BurntSushi/toml#492.
		// What it decodes is then not the document, so there is nothing
		// to compare with; no report has an empty key.
		return nil
	}
	ix := Scan([]byte(src))
	if ix.redefined() > 0 {
		// The document defines a key twice, which TOML forbids, and yet
		// the decoder accepted it: of [[t.a]] x = 1 [t] a = [{}] a.y = 2
		// it makes t.a = {y = 2}. No rule says what such a document
		// means, so there is nothing to compare. (A scanner that wrongly
		// saw a key twice would hide here; TestAgreesOnContent makes sure
		// it sees none in valid documents.)
		return nil
	}
	if err := agreeValue(ix, nil, m); err != nil {
		return err
	}
	return agreeLean(src, ix)
}

// agreeLean checks the lean index of src (ScanNumbers) against its full
// index: the same entry, at the same table, for every scalar other than
// a string, and no other entry; and every lookup that needs the full
// index gives the full index's answer.
func agreeLean(src string, full *Index) error {
	lean := ScanNumbers(src)
	defer lean.Release()
	want := map[string]span{}
	for k, sp := range full.all() {
		if sp.end > sp.val && src[sp.val] != '"' && src[sp.val] != '\'' {
			want[k] = sp
		}
	}
	got := lean.all()
	for k, sp := range want {
		if got[k] != sp {
			return fmt.Errorf("%q: lean index has %+v, the full one %+v", k, got[k], sp)
		}
		i := strings.LastIndexByte(k, '\x1f')
		t, ok := lean.Table([]byte(k[:i+1]))
		raw, ok2 := lean.RawIn(t, sepUnescaper.Replace(k[i+1:]))
		if !ok || !ok2 || raw != src[sp.val:sp.end] {
			return fmt.Errorf("%q: lean RawIn %q %v %v, want %q", k, raw, ok, ok2, src[sp.val:sp.end])
		}
	}
	for k, sp := range got {
		if _, ok := want[k]; !ok {
			return fmt.Errorf("%q: lean index has %+v, which is no scalar other than a string", k, sp)
		}
	}
	for k, sp := range full.all() {
		if off, ok := lean.Place(k); !ok || off != sp.key {
			return fmt.Errorf("%q: lean Place %d %v, want %d", k, off, ok, sp.key)
		}
	}
	return nil
}

func hasEmptyKey(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "" || hasEmptyKey(e) {
				return true
			}
		}
	case []map[string]any:
		for _, e := range x {
			if hasEmptyKey(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasEmptyKey(e) {
				return true
			}
		}
	}
	return false
}

// agreeValue checks v, found at path, and everything beneath it. Paths
// are made as the loader makes them (generator/load, table.sub and
// table.tables): a key of a table is appended to the table's path, and an
// element of an array, of tables or not, is addressed by its index.
func agreeValue(ix *Index, path []string, v any) error {
	child := func(k string) []string { return append(append([]string{}, path...), k) }
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the same failure each run
		for _, k := range keys {
			if err := agreeValue(ix, child(k), x[k]); err != nil {
				return err
			}
		}
		return agreeFound(ix, path)
	case []map[string]any:
		for i, e := range x {
			if err := agreeValue(ix, child(strconv.Itoa(i)), e); err != nil {
				return err
			}
		}
		return agreeFound(ix, path)
	case []any:
		for i, e := range x {
			if err := agreeValue(ix, child(strconv.Itoa(i)), e); err != nil {
				return err
			}
		}
		return agreeFound(ix, path)
	}
	e, ok := ix.Lookup(path...)
	if !ok {
		return fmt.Errorf("%q: decoded %v (%T) but not in the index", path, v, v)
	}
	switch x := v.(type) {
	case int64:
		n, err := parseInt(e.Raw)
		if err != nil || n != x {
			return fmt.Errorf("%q: decoded %d but raw text %q reads %d (%v)", path, x, e.Raw, n, err)
		}
	case float64:
		f, err := parseFloat(e.Raw)
		same := math.Float64bits(f) == math.Float64bits(x) || math.IsNaN(f) && math.IsNaN(x)
		if err != nil || !same {
			return fmt.Errorf("%q: decoded %v but raw text %q reads %v (%v)", path, x, e.Raw, f, err)
		}
	default:
		// Strings, booleans and dates: the raw text, decoded alone, must
		// give the same value.
		var one map[string]any
		if _, err := toml.Decode("v = "+e.Raw, &one); err != nil {
			return fmt.Errorf("%q: decoded %#v but raw text %q does not decode: %v", path, v, e.Raw, err)
		}
		if !sameScalar(one["v"], v) {
			return fmt.Errorf("%q: decoded %#v but raw text %q decodes to %#v", path, v, e.Raw, one["v"])
		}
	}
	return nil
}

// agreeFound checks that a table or an array is in the index (the root
// has no entry of its own).
func agreeFound(ix *Index, path []string) error {
	if len(path) == 0 {
		return nil
	}
	if _, ok := ix.Lookup(path...); !ok {
		return fmt.Errorf("%q: decoded a table or array but not in the index", path)
	}
	return nil
}

func sameScalar(a, b any) bool {
	ta, okA := a.(time.Time)
	tb, okB := b.(time.Time)
	if okA && okB { // zones are made anew for each value: compare them by name and offset
		return ta.Equal(tb) && ta.Location().String() == tb.Location().String() && ta.Format(time.RFC3339Nano) == tb.Format(time.RFC3339Nano)
	}
	return reflect.DeepEqual(a, b)
}

// parseInt reads a TOML integer literal: underscores, a sign, and the
// base prefixes 0x, 0o and 0b.
func parseInt(raw string) (int64, error) {
	s := strings.ReplaceAll(raw, "_", "")
	for _, p := range []struct {
		prefix string
		base   int
	}{{"0x", 16}, {"0o", 8}, {"0b", 2}} {
		if rest, ok := strings.CutPrefix(s, p.prefix); ok {
			return strconv.ParseInt(rest, p.base, 64)
		}
	}
	return strconv.ParseInt(s, 10, 64)
}

// parseFloat reads a TOML float literal: underscores, and inf and nan
// with an optional sign.
func parseFloat(raw string) (float64, error) {
	s := strings.ReplaceAll(raw, "_", "")
	switch strings.TrimLeft(s, "+-") {
	case "inf":
		if strings.HasPrefix(s, "-") {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	case "nan":
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

// tricky are documents that once fooled the scanner or might: each TOML
// feature a key or a value can hide behind.
var tricky = []string{
	doc,
	// Dotted keys, and the tables they make.
	"a.b.c = 1\na.d = 2.5\n",
	"[t]\nx.y = 1\nx.z = 0.1\n",
	"a . b = 1\n",
	// Quoted keys with dots, escapes and Chinese.
	"\"a.b\" = 1\n'c.d' = 2\n\"a\".\"b\" = 3\n",
	"\"行政编制\" = 269\n'事业编制' = 49\n",
	"[\"项目.一\"]\n\"金额\" = 1.25\n",
	"\"\\u884c\\u653f\" = 1\n\"\\t\\\"\" = 2\n\"\\x41\" = 3\n\"\\e\" = 4\n",
	"\"a\\u001fb\" = 1\na.b = 2.5\n\"a\\u001e1b\" = 3\n",
	// Entries are kept by table and last key: the top and a table named
	// "" apart, keys of one name in many tables, a table's keys around
	// those of a dotted table inside it, a separator inside a header.
	"y = 1\nx = 2\n[\"\"]\nz = 3.5\nx = 4\n[\"\".\"\"]\nx = 5\n[\"a\\u001fb\"]\nc = 6\n[a]\nb.c = 7\nd = 8.25\nb.e = 9\n[a.f]\nc = 10\n",
	// Inline tables and arrays of them.
	"t = { a = 1, b.c = 2.5, d = { e = 0.1 } }\n",
	"a = [{ x = 1 }, { x = 2.25, y = [1, 2] }]\n",
	"a = [[1, 2], [0.5, { b = 1 }]]\n",
	"t = {\n  a = 1,\n  b = 2, # a comment\n}\n",
	// Strings that look like keys, tables and values.
	"s = \"\"\"\nkey = 1\n[table]\n[[array]]\n\"\"\"\nn = 1.5\n",
	"s = '''\nx = 2\n]]\n'''\nn = 2\n",
	"s = \"\"\"a\\\"\"\"\"\" # five quotes\nn = 3\n",
	"s = '''a''''' # five quotes\nn = 3\n",
	"s = \"a # b = 1\"\nn = 4\n",
	"s = 'C:\\path\\[x]'\nn = 5\n",
	"s = \"\"\"line \\\n  continued\"\"\"\nn = 6\n",
	// Comments with brackets and equals signs.
	"# [a]\n# [[b]]\nx = 1 # = 2 [c]\n[d] # [[e]]\ny = 0.25 # }\n",
	// Tables redefined and extended.
	"[a]\nc = 1\n[a.b]\nd = 2\n",
	"a.c = 1\n[a.b]\nd = 2\n",
	"[a.b]\nd = 1\n[a]\nc = 2.5\n",
	"[[a]]\nx = 1\n[a.b]\ny = 2\n[[a]]\nx = 3\n[[a.c]]\nz = 4.5\n[[a.c]]\nz = 5.5\n",
	"[[a.b]]\nx = 1\n[[a.b]]\nx = 2\n[[a.b.c]]\ny = 0.1\n",
	// Whitespace and line ends.
	"a=1\r\nb = 2.5\r\n[c]\r\nd\t=\t0.1\r\n",
	"\t[ a . b ]\t\n\t x = 1 \n[[ c ]]\ny = 2\n",
	"\ufeffa = 1\n",
	// Numbers in all their forms.
	"a = +1\nb = -0\nc = 1_000\nd = 0xDEAD_beef\ne = 0o755\nf = 0b1101\n",
	"a = 1.5e3\nb = -2E-2\nc = 6.626e-34\nd = 224_617.445_991\ne = 3e1_0\n",
	"a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan\ng = -0.0\n",
	"a = [1,2.5,-3]\nb = [ 0x1 , 0o7 ]\n",
	// Dates, times and other scalars.
	"a = 1979-05-27T07:32:00Z\nb = 1979-05-27 07:32:00.999-07:00\nc = 1979-05-27\nd = 07:32:00\ne = 07:32\nf = true\ng = false\n",
	"a = [1979-05-27, 1979-05-27 07:32:00]\n",
}

// seedFiles returns the project's own TOML: real content, the test corpus
// and the TOML parts of the test sites.
func seedFiles(t testing.TB) []string {
	var out []string
	for _, dir := range []string{"../../content", "../site/testdata/corpus/content"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".toml") {
				if b, err := os.ReadFile(p); err == nil {
					out = append(out, string(b))
				}
			}
			return nil
		})
	}
	var archives []string
	for _, pattern := range []string{"../site/testdata/sites/*.txtar", "../*/testdata/*.txtar", "../../cmd/*/testdata/script/*.txtar"} {
		m, _ := filepath.Glob(pattern)
		archives = append(archives, m...)
	}
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			continue
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".toml") {
				out = append(out, string(f.Data))
			}
		}
	}
	if len(out) == 0 {
		t.Log("no content files found to seed with")
	}
	return out
}

// FuzzAgreesWithDecoder: on whatever the TOML decoder accepts, the
// scanner finds every key and the literal text of every value.
func FuzzAgreesWithDecoder(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	for _, s := range seedFiles(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if err := agree(src); err != nil {
			t.Fatal(err)
		}
	})
}

// TestAgreesOnContent runs the check on the project's content and the
// tricky documents without the fuzzer, so that `go test` alone keeps them.
func TestAgreesOnContent(t *testing.T) {
	files := seedFiles(t)
	for i, src := range append(tricky, files...) {
		if err := agree(src); err != nil {
			t.Errorf("document %d: %v\n%s", i, err, src)
		}
	}
	// The tricky documents are valid TOML, so each must be checked in
	// full: none may be left out as one the decoder refuses. No valid
	// document may be left out as one that defines a key twice.
	for i, src := range append(tricky, files...) {
		var m map[string]any
		if _, err := toml.Decode(src, &m); err != nil {
			if i < len(tricky) {
				t.Errorf("document %d is not valid TOML (so it checks nothing): %v\n%s", i, err, src)
			}
			continue // some test sites hold broken files on purpose
		}
		if n := Scan([]byte(src)).redefined(); n > 0 {
			t.Errorf("document %d: the scanner sees %d keys defined twice\n%s", i, n, src)
		}
	}
}

// FuzzAgreesOnGenerated makes documents from the fuzzer's bytes with a
// small TOML grammar: random bytes are seldom valid TOML, so the first
// fuzzer spends most of its time on documents the decoder refuses. Here
// most documents are valid, and each byte picks a construct: a header, a
// key written one of many ways, a value of any kind, a comment or a line
// end.
func FuzzAgreesOnGenerated(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("0123456789abcdefghijklmnopqrstuvwxyz"))
	f.Add([]byte{1, 7, 3, 200, 45, 9, 17, 99, 4, 4, 4, 128, 64, 32, 16, 8, 2, 1, 0, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := generate(data)
		if err := agree(src); err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
	})
}

// generate writes a TOML document chosen by data.
func generate(data []byte) string {
	g := &gen{data: data}
	var b strings.Builder
	for !g.done() && b.Len() < 4000 {
		switch g.pick(8) {
		case 0:
			b.WriteString(g.pickOf(blanks) + "[" + g.key() + "]" + g.pickOf(ends))
		case 1:
			b.WriteString(g.pickOf(blanks) + "[[" + g.key() + "]]" + g.pickOf(ends))
		case 2:
			b.WriteString(g.pickOf(comments))
		default:
			b.WriteString(g.pickOf(blanks) + g.key() + g.pickOf(blanks) + "=" + g.pickOf(blanks) + g.value(2) + g.pickOf(ends))
		}
	}
	return b.String()
}

type gen struct {
	data []byte
	i    int
}

func (g *gen) done() bool { return g.i >= len(g.data) }

// pick returns a number below n from the next byte (0 once data is used up).
func (g *gen) pick(n int) int {
	if g.done() {
		return 0
	}
	g.i++
	return int(g.data[g.i-1]) % n
}

func (g *gen) pickOf(xs []string) string { return xs[g.pick(len(xs))] }

var (
	blanks   = []string{"", " ", "\t", "  "}
	ends     = []string{"\n", "\r\n", " # c [x] = 1\n", "#\n", "\n\n"}
	comments = []string{"# [a]\n", "# a = 1\n", "\n", "\r\n", "# \"\"\"\n"}
	keyParts = []string{"a", "b", "c", "a", "b", "1", "-", "_x", "\"a\"", "'b'", "\"a.b\"", "'a.b'", "\"行政编制\"", "\"\\u0061\"", "\"\\x62\"", "\"\\\"\"", "\"]\"", "'='", "\"a\\u001fb\"", "\"\\\\\""}
	scalars  = []string{
		"1", "-0", "+17", "1_000", "0xdead_BEEF", "0o17", "0b101", "9223372036854775807", "-9223372036854775808",
		"0.1", "2753.15", "1_898.13", "-1.5e3", "6E-2", "1e+2", "-0.0", "inf", "+inf", "-inf", "nan", "-nan",
		"true", "false", "\"s\"", "\"a = 1\"", "'[b]'", "\"\\\"\"", "\"#\"", "\"\"\"\nx = 1\n[y]\n\"\"\"", "'''\n[[z]]\n'''", "\"\"\"a\"\"\"\"\"", "'''a'''''", "\"\"\"\\\n  b\"\"\"", "\"\"\"\\\\\"\"\"\"\"\"", "\"行政\"",
		"1979-05-27", "07:32:00", "07:32", "1979-05-27T07:32:00Z", "1979-05-27 07:32:00.5+08:00", "1979-05-27t07:32:00",
	}
)

// key writes a key of one to three parts, with blanks around the dots.
func (g *gen) key() string {
	k := g.pickOf(keyParts)
	for n := g.pick(4); n > 1; n-- {
		k += g.pickOf(blanks) + "." + g.pickOf(blanks) + g.pickOf(keyParts)
	}
	return k
}

// value writes a scalar, or an array or inline table nested up to depth.
func (g *gen) value(depth int) string {
	kind := g.pick(6)
	if depth == 0 || kind > 1 {
		return g.pickOf(scalars)
	}
	sep := []string{", ", ",", ",\n", " , # c\n"}
	var parts []string
	for n := g.pick(4); n > 0; n-- {
		if kind == 0 {
			parts = append(parts, g.value(depth-1))
		} else {
			parts = append(parts, g.key()+" = "+g.value(depth-1))
		}
	}
	body := strings.Join(parts, g.pickOf(sep))
	if kind == 0 {
		if len(parts) > 0 {
			body += g.pickOf([]string{"", ",", "\n", ",\n"}) // a trailing comma
		}
		return "[" + g.pickOf([]string{"", "\n", " "}) + body + "]"
	}
	return "{" + g.pickOf(blanks) + body + g.pickOf(blanks) + "}"
}

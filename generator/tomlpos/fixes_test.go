package tomlpos

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestScanFixes covers what the differential fuzzer found: keys the
// decoder knows that the scanner did not, or knew by another name.
func TestScanFixes(t *testing.T) {
	type want struct {
		path      string // parts separated by /
		line, col int
		raw       string
	}
	for _, c := range []struct {
		name, src string
		want      []want
	}{
		{"an array of tables is itself a key, at its first header",
			"[[a]]\nx = 1\n[[a]]\n[[a.b]]\n",
			[]want{{"a", 1, 1, ""}, {"a/1", 3, 1, ""}, {"a/1/b", 4, 1, ""}, {"a/1/b/0", 4, 1, ""}}},
		{"a dotted key makes tables, at the key that first names them",
			"x = 0\na.b.c = 1\na.d = 2.5\n",
			[]want{{"a", 2, 1, ""}, {"a/b", 2, 1, ""}, {"a/b/c", 2, 1, "1"}, {"a/d", 3, 1, "2.5"}}},
		{"in an inline table too",
			"t = { a = 1, b.c = 2.5 }\n",
			[]want{{"t/b", 1, 14, ""}, {"t/b/c", 1, 14, "2.5"}}},
		{"a header names the tables it passes through",
			"[a.b]\nd = 1\n[a]\nc = 2.5\n",
			[]want{{"a", 3, 1, ""}, {"a/b", 1, 1, ""}, {"a/c", 4, 1, "2.5"}}},
		{"TOML escapes in quoted keys, not Go's",
			"\"\\e\" = 1\n\"\\xe9\" = 2\n\"\\u884c\\U00008840\" = 3\n\"\\t\\\\\" = 4\n",
			[]want{{"\x1b", 1, 1, "1"}, {"é", 2, 1, "2"}, {"行血", 3, 1, "3"}, {"\t\\", 4, 1, "4"}}},
		{"a byte-order mark is not part of the first key, nor a column",
			"\ufeffa = 1.5\nb = 2\n",
			[]want{{"a", 1, 1, "1.5"}, {"b", 2, 1, "2"}}},
		{"a key holding the path separator is not a path",
			"\"a\\u001fb\" = 1\na.b = 2.5\n\"c\\u001e1d\" = 3\n",
			[]want{{"a\x1fb", 1, 1, "1"}, {"a/b", 2, 1, "2.5"}, {"c\x1e1d", 3, 1, "3"}}},
		// The decoder accepts these though TOML forbids them; the index
		// follows what it makes of them.
		{"the last three quotes of a run close a multi-line string",
			"a = \"\"\"x\"\"\"\"\"\nb = \"\"\"\\\\\"\"\"\"\"\"\nc = '''x'''''\n",
			[]want{{"a", 1, 1, `"""x"""""`}, {"b", 2, 1, `"""\\""""""`}, {"c", 3, 1, "'''x'''''"}}},
		{"a key defined outright replaces a table made in passing",
			"t = [{a.b = 1, a = 2.5}]\n",
			[]want{{"t/0/a", 1, 16, "2.5"}, {"t/0/a/b", 1, 7, "1"}}},
		{"a dotted key reaches into an array of tables' last element",
			"[[t.a]]\n[[t.a]]\n[t]\na.x = 1.5\n",
			[]want{{"t/a/1/x", 4, 1, "1.5"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ix := Scan([]byte(c.src))
			for _, w := range c.want {
				e, ok := ix.Lookup(strings.Split(w.path, "/")...)
				if !ok {
					t.Errorf("%q: not found", w.path)
					continue
				}
				if e.Key.Line != w.line || e.Key.Col != w.col || e.Raw != w.raw {
					t.Errorf("%q: at %d:%d raw %q; want %d:%d raw %q", w.path, e.Key.Line, e.Key.Col, e.Raw, w.line, w.col, w.raw)
				}
			}
			if _, err := toml.Decode(c.src, new(map[string]any)); err != nil {
				t.Fatalf("the decoder refuses the document, so it shows nothing: %v", err)
			}
			if ix.redefined() > 0 {
				t.Fatalf("the document defines a key twice, so agree leaves it out")
			}
			if err := agree(c.src); err != nil {
				t.Error(err)
			}
		})
	}
}

// A document that defines a key twice is one the differential test
// leaves out; it must be one indeed.
func TestRedefinedCounted(t *testing.T) {
	for src, n := range map[string]int{
		"[[a]]\n[[a]]\n[a.b]\n[a.c]\nx.y = 1\nx.z = 2\n": 0,
		"[a.b]\n[a]\n":                      0,
		"b = [1, 2]\nb.1 = 3\n":             1,
		"[[t.a]]\nx = 1\n[t]\na = [{}]\n":   1,
		"t = [{a.b = 1, a = 2}]\n":          0, // a table made in passing, then defined
		"a = 1\na = 2\n":                    1,
		"t = { a = 1 }\n[u]\nt = { a = 1 }": 0,
	} {
		if got := Scan([]byte(src)).redefined(); got != n {
			t.Errorf("%q: %d keys defined twice; want %d", src, got, n)
		}
	}
}

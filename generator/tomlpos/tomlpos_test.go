package tomlpos

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

const doc = `# 注释
title = "2023年项目支出绩效自评报告" # trailing
published = 2024-04-30
[staff]
  actual = 318
  [staff.actual_by_type]
  "行政编制" = 269
  '事业编制' = 49
[funds]
total = 2753.15
[[funds.sources]]
name = "中央专项"
amount = 275.22
[[funds.sources]]
name = "市级"
amount = 1_898.13
  [[funds.sources.items]]
  name = "纪检"
  amount = 7
  [[funds.sources.items]]
  name = """多行
名称"""
  amount = 27
[[projects]]
id = "a"
[[projects.indicators]]
name = "x"
[[projects]]
id = "b"
tags = ["甲", "乙",
  "丙"]
inline = { k = 1, nested.deep = "v" }
[[projects.indicators]]
name = "y"
target = "≥98%"
`

func TestScan(t *testing.T) {
	if _, err := toml.Decode(doc, new(map[string]any)); err != nil {
		t.Fatalf("test document is not valid TOML: %v", err)
	}
	ix := Scan([]byte(doc))
	for _, c := range []struct {
		path      string
		line, col int
		raw       string
	}{
		{"title", 2, 1, `"2023年项目支出绩效自评报告"`},
		{"published", 3, 1, "2024-04-30"},
		{"staff", 4, 1, ""},
		{"staff/actual", 5, 3, "318"},
		{"staff/actual_by_type/行政编制", 7, 3, "269"},
		{"staff/actual_by_type/事业编制", 8, 3, "49"},
		{"funds/total", 10, 1, "2753.15"},
		{"funds/sources/0", 11, 1, ""},
		{"funds/sources/0/amount", 13, 1, "275.22"},
		{"funds/sources/1/amount", 16, 1, "1_898.13"},
		{"funds/sources/1/items/0/name", 18, 3, `"纪检"`},
		{"funds/sources/1/items/1/amount", 23, 3, "27"},
		{"projects/0/id", 25, 1, `"a"`},
		{"projects/0/indicators/0/name", 27, 1, `"x"`},
		{"projects/1/id", 29, 1, `"b"`},
		{"projects/1/tags/2", 31, 3, `"丙"`},
		{"projects/1/inline/k", 32, 12, "1"},
		{"projects/1/inline/nested/deep", 32, 19, `"v"`},
		{"projects/1/indicators/0/target", 35, 1, `"≥98%"`},
	} {
		e, ok := ix.Lookup(strings.Split(c.path, "/")...)
		if !ok {
			t.Errorf("%s: not found", c.path)
			continue
		}
		if e.Key.Line != c.line || e.Key.Col != c.col || e.Raw != c.raw {
			t.Errorf("%s: at %d:%d raw %q; want %d:%d raw %q", c.path, e.Key.Line, e.Key.Col, e.Raw, c.line, c.col, c.raw)
		}
	}
	keys := []string{"事业编制", "行政编制"}
	ix.Ordered([]string{"staff", "actual_by_type"}, keys)
	if keys[0] != "行政编制" {
		t.Errorf("Ordered = %v; want the file's order", keys)
	}
}

// FuzzScan: the scanner never panics, and every position it reports lies
// inside the input.
func FuzzScan(f *testing.F) {
	f.Add(doc)
	f.Add("a = [1, [2, {b = '''x'''}]]\n[[c.d]]\n[c.d.e]\n")
	f.Add(`x = "unterminated`)
	f.Add("[[a]]\n[[a.b]]\n[a]\n[[a]]")
	f.Fuzz(func(t *testing.T, src string) {
		ix := Scan([]byte(src))
		lines := strings.Split(src, "\n")
		for k, sp := range ix.all() {
			e := ix.entry(sp)
			for _, p := range []Pos{e.Key, e.Value} {
				if p.Line < 1 || p.Line > len(lines) {
					t.Fatalf("%q: line %d outside 1..%d", k, p.Line, len(lines))
				}
				if n := len([]rune(lines[p.Line-1])); p.Col < 1 || p.Col > n+1 {
					t.Fatalf("%q: col %d outside 1..%d on line %d", k, p.Col, n+1, p.Line)
				}
			}
		}
	})
}

// A path joined in a buffer by AppendJoined, a table's prefix extended
// by a key, finds what Join finds; RawJoined, Place, and RawIn of the
// table found by the prefix agree with Lookup for every path of the
// document.
func TestJoinedLookups(t *testing.T) {
	for _, parts := range [][]string{{}, {""}, {"", ""}, {"a"}, {"a", "b"}, {"a\x1fb"}, {"a", "\x1e1", "c\x1e"}, {"项目", "0", "x.y"}} {
		if got, want := string(AppendJoined(nil, parts...)), Join(parts...); got != want {
			t.Errorf("AppendJoined(%q) = %q, Join gives %q", parts, got, want)
		}
		for _, key := range []string{"k", "", "\x1f"} {
			buf := AppendJoined(nil, parts...)
			if len(parts) > 0 {
				buf = append(buf, '\x1f')
			}
			buf = AppendJoined(buf, key)
			if want := Join(append(append([]string{}, parts...), key)...); string(buf) != want {
				t.Errorf("%q extended by %q = %q, Join gives %q", parts, key, buf, want)
			}
		}
	}
	ix := Scan([]byte(doc))
	n := 0
	for k, sp := range ix.all() {
		e := ix.entry(sp)
		raw, ok := ix.RawJoined([]byte(k))
		off, ok2 := ix.Place(k)
		if !ok || !ok2 || raw != e.Raw || off != sp.key {
			t.Errorf("%q: RawJoined %q %v, Place %d %v; want %q, %d", k, raw, ok, off, ok2, e.Raw, sp.key)
		}
		i := strings.LastIndexByte(k, '\x1f')
		tab, ok := ix.Table([]byte(k[:i+1]))
		last := sepUnescaper.Replace(k[i+1:])
		if raw, ok2 := ix.RawIn(tab, last); !ok || !ok2 || raw != e.Raw {
			t.Errorf("%q: RawIn %q %v %v; want %q", k, raw, ok, ok2, e.Raw)
		}
		n++
	}
	if _, ok := ix.RawJoined([]byte("no\x1fsuch")); ok || n < 20 {
		t.Errorf("RawJoined of a missing path found it, or only %d entries", n)
	}
}

// Place finds a key by its joined path, else the nearest enclosing path
// that is written: the table a missing key belongs in, then the tables
// around it, and nothing where no enclosing path is written.
func TestPlace(t *testing.T) {
	src := "title = 1\n[a]\nx = 1\n[[a.rows]]\ny = 2\n[[a.rows]]\n\"q\\u001fr\" = 3\n"
	ix := ScanString(src)
	at := func(s string) int { return strings.Index(src, s) }
	for _, c := range []struct {
		path []string
		want int // -1: not found
	}{
		{[]string{"title"}, 0},
		{[]string{"a", "x"}, at("x = 1")},
		{[]string{"a", "nope"}, at("[a]")},
		{[]string{"a", "rows", "1", "nope"}, at("[[a.rows]]\n\"")},
		{[]string{"a", "rows", "0", "y"}, at("y = 2")},
		{[]string{"a", "rows", "1", "q\x1fr"}, at(`"q\u001fr"`)},
		{[]string{"a", "rows", "7", "y"}, at("[[a.rows]]")}, // the array, first named at its first row
		{[]string{"b", "c"}, -1},
		{[]string{"nope"}, -1},
	} {
		off, ok := ix.Place(Join(c.path...))
		if c.want < 0 {
			if ok {
				t.Errorf("%q: found at %d, want nothing", c.path, off)
			}
			continue
		}
		if !ok || off != c.want {
			t.Errorf("%q: %d %v, want %d", c.path, off, ok, c.want)
		}
	}
}

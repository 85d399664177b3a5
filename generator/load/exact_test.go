package load

import (
	"github.com/disclose-portal/disclose/generator/i18n"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/budget"
	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/tomlpos"
)

// decodeWithIndex decodes src but gives it the index of other, standing in
// for an index that misses keys or holds the wrong text.
func decodeWithIndex(t *testing.T, src, other string) (*table, *diag.List) {
	t.Helper()
	diags := &diag.List{}
	tb, f := parseTOML("2023.toml", []byte(src), diags)
	if tb == nil {
		t.Fatalf("test document is not valid TOML: %v", *diags)
	}
	f.index = tomlpos.Scan([]byte(other))
	return tb, diags
}

// Without the literal text of a decimal, the loader must not fall back
// to the float64 the decoder made of it: that would put an inexact figure
// in a disclosure without a word. It reports an error at the key.
func TestNoLiteralIsAnError(t *testing.T) {
	src := "total = 0.1\nscore = 9.5\nvalue = 0.30\nyoy = 1.5\nrate = 95.47\n"
	for name, read := range map[string]func(*table) bool{
		"amount":     func(tb *table) bool { return tb.amount("total", budget.Units[0], "总额") != nil },
		"points":     func(tb *table) bool { return tb.points("score", "得分") != nil },
		"value":      func(tb *table) bool { return tb.value("value", "值").Num != nil },
		"percent":    func(tb *table) bool { return tb.percent("yoy", "同比") != nil },
		"percentage": func(tb *table) bool { return tb.percentage("rate", "执行率") != nil },
	} {
		t.Run(name, func(t *testing.T) {
			// An index of another document: the keys are not in it.
			tb, diags := decodeWithIndex(t, src, "# nothing here\n")
			if read(tb) {
				t.Errorf("read a figure with no literal text for it")
			}
			if len(*diags) != 1 || !strings.Contains((*diags)[0].Message.In(i18n.En), "cannot read the exact number written for") || (*diags)[0].Hint.IsZero() {
				t.Fatalf("got %v; want one error, with a hint, about the exact number", *diags)
			}
		})
	}
}

// An index whose text for the key is another number (a scanner bug
// pointing at the wrong place) is refused the same way.
func TestWrongLiteralIsAnError(t *testing.T) {
	tb, diags := decodeWithIndex(t, "total = 0.1\n", "total = 0.2\n")
	if a := tb.amount("total", budget.Units[0], "总额"); a != nil {
		t.Errorf("amount = %d 分 from another number's text", *a)
	}
	if len(*diags) != 1 || !strings.Contains((*diags)[0].Message.In(i18n.En), `exact number written for total`) {
		t.Errorf("got %v; want one error about the exact number", *diags)
	}
}

// An integer is exact as the decoder gives it: without its text (or with
// text in another base), it is still read, and read right.
func TestIntegerNeedsNoLiteral(t *testing.T) {
	tb, diags := decodeWithIndex(t, "total = 2753\n", "")
	if a := tb.amount("total", budget.Units[0], "总额"); a == nil || *a != 275300 {
		t.Errorf("amount = %v; want 275300 分", a)
	}
	tb, _ = decodeWithIndex(t, "total = 0x10\n", "total = 0x10\n")
	if a := tb.amount("total", budget.Units[0], "总额"); a == nil || *a != 1600 {
		t.Errorf("amount of 0x10 = %v; want 1600 分", a)
	}
	if len(*diags) != 0 {
		t.Errorf("unexpected problems: %v", *diags)
	}
}

// Through the whole loader, with the index made from the file itself, the
// written decimal is what is read, underscores and all.
func TestLiteralThroughLoader(t *testing.T) {
	s, diags := Site(site("title = \"t\"\n[funds]\ntotal = 1_898.13\n[[funds.sources]]\nname = \"甲\"\namount = 1_898.13\n"))
	if len(diags) > 0 {
		t.Fatalf("unexpected problems: %v", diags)
	}
	if got := *s.Bureaus[0].Reports[0].Funds.Total; got != 1898130000 {
		t.Errorf("total = %d 分; want 1898130000 (1_898.13 万元)", got)
	}
}

// An element of an array of tables is known to the index by its place in
// the array as written, also when an element before it is not a table.
func TestTablesKeepTheirIndex(t *testing.T) {
	diags := &diag.List{}
	tb, _ := parseTOML("2023.toml", []byte("projects = [1, { initial = 0.1 }]\n"), diags)
	ps := tb.tables("projects", "项目")
	if len(ps) != 1 || strings.Join(ps[0].path, ".") != "projects.1" {
		t.Fatalf("tables = %v", ps)
	}
	if a := ps[0].amount("initial", budget.Units[0], "初始"); a == nil || *a != 10 {
		t.Errorf("initial = %v; want 10 分", a)
	}
	if len(*diags) != 1 || !strings.Contains((*diags)[0].Message.In(i18n.En), `projects[1] must be a table`) {
		t.Errorf("got %v; want only the error about the first element", *diags)
	}
}

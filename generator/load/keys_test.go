package load

import (
	"runtime"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/diag"
	"github.com/disclose-portal/disclose/generator/synth"
)

// The model names the places of keys by path (budget.Origin.Pos), and
// ResolveKeys finds them in the file once a problem is reported: the key
// where it is written, else its table (a key that is missing), in rows,
// in tables of rows, and a fund item's link that points at no project.
func TestResolveKeys(t *testing.T) {
	text := `title = "t"
unit = "万元"

[staff]
authorized = 3

[funds]
total = 1

[[funds.sources]]
name = "甲"
amount = 1

[[funds.sources.items]]
name = "乙"
amount = 1
project = "nope"

[[projects]]
id = "p"
name = "项目"

[[projects]]
id = "q"
name = "项目二"
  executed = 1

[[projects.funds]]
source = "当年财政拨款"
executed = 1
`
	fsys := site(text)
	s, diags := Site(fsys)
	name := "content/b/2023.toml"
	var links diag.List
	for _, d := range diags {
		if d.Message.Key == "load.fund_link" {
			links = append(links, d)
		} else {
			t.Fatalf("unexpected problem: %v", d)
		}
	}
	r := s.Bureaus[0].Reports[0]
	q := r.Projects[1]
	cases := []struct {
		pos       diag.Pos
		line, col int
	}{
		{r.Pos("title"), 1, 1},
		{r.Pos("source"), 0, 0}, // not written, and the top is no table of the file
		{r.Staff.Pos("authorized"), 5, 1},
		{r.Staff.Pos("actual"), 4, 1},
		{q.Pos("executed"), 26, 3},
		{q.Pos("adjusted"), 23, 1},
		{q.Funds[0].Pos("executed"), 30, 1},
		{r.Funds.Sources[0].Items[0].Pos("name"), 15, 1},
		{links[0].Pos, 17, 1},
	}
	var l diag.List
	for _, c := range cases {
		if c.pos.Key == "" || c.pos.Line != 0 || c.pos.Offset != 0 {
			t.Fatalf("%+v: want a key to look up, and nothing else", c.pos)
		}
		l.Warnf(name, c.pos, "check.title_year", "x", 1)
	}
	files := map[string][]byte{name: []byte(text)}
	ResolveKeys(l, files)
	l.AttachSources(files)
	for i, c := range cases {
		d := l[i]
		if d.Line != c.line || d.Col != c.col || d.Key != "" {
			t.Errorf("case %d: %d:%d (key %q), want %d:%d", i, d.Line, d.Col, d.Key, c.line, c.col)
		}
	}
	// A file that could not be read again keeps no place, and no key.
	var gone diag.List
	gone.Warnf(name, q.Pos("executed"), "check.title_year", "x", 1)
	ResolveKeys(gone, map[string][]byte{name: nil})
	if gone[0].Pos != (diag.Pos{}) {
		t.Errorf("unread file: %+v", gone[0].Pos)
	}
}

// ResolveKeys gives the maps of the indexes it scans back for the next
// files read, and reads the file in place: kept, the maps of each file
// with a problem (one in six of the synthetic reports) cost the next
// file read maps of its own, 140 KB, and a copy of the file 26 KB more.
func TestResolveKeysGivesBack(t *testing.T) {
	var src []byte
	for _, f := range synth.Bureau(synth.Options{Bureaus: 1, Years: 1, Seed: 1}, 0) {
		if strings.HasSuffix(f.Path, "4.toml") {
			src = f.Data
		}
	}
	files := map[string][]byte{"r.toml": src}
	run := func() {
		l := diag.List{{File: "r.toml", Severity: diag.Warning, Pos: diag.Pos{Key: "funds\x1ftotal"}}}
		ResolveKeys(l, files)
		if l[0].Offset == 0 {
			t.Fatalf("funds.total not found: %+v", l[0].Pos)
		}
	}
	run()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 20 {
		run()
	}
	runtime.ReadMemStats(&after)
	if n := (after.TotalAlloc - before.TotalAlloc) / 20; n > uint64(len(src))/2 {
		t.Errorf("ResolveKeys of one problem allocates %d bytes for a file of %d, want at most half its size", n, len(src))
	}
}

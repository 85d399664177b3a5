package stamp

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestStatCacheSized: reading the stat cache takes one allocation an
// entry (its digest; the keys are one string, the map made at its size,
// not grown entry by entry), and looking up a file that did not change
// none (a build with nothing changed at 10,000 reports reads 20,000
// entries and looks up as many).
func TestStatCacheSized(t *testing.T) {
	const n = 5000
	entries := map[string]*statEntry{}
	for i := range n {
		key := fmt.Sprintf("/srv/site\x00content/synth-%05d-abc/%d.toml", i/5, 2020+i%5)
		entries[key] = &statEntry{Size: 22000, MTime: 1e18, CTime: 1e18, Inode: uint64(i), Digest: strings.Repeat("ab", 32)}
	}
	data, err := encodeStats(entries)
	if err != nil {
		t.Fatal(err)
	}
	if got := testing.AllocsPerRun(5, func() { decodeStats(data) }); got > n+n/20 {
		t.Errorf("reading %d entries made %.0f allocations, want at most %d", n, got, n+n/20)
	}
	file := filepath.Join(t.TempDir(), "stat.cache")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHasher(file)
	keys := make([][]byte, 0, n)
	for k := range h.entries {
		keys = append(keys, []byte(k))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, k := range keys {
		if _, ok := h.cached(k, statEntry{Size: 22000, MTime: 1e18, CTime: 1e18, Inode: h.entries[string(k)].Inode}); !ok {
			t.Fatalf("%q not cached", k)
		}
	}
	runtime.ReadMemStats(&after)
	if got := after.Mallocs - before.Mallocs; got > n/100 { // a key and a closure a file made 2n
		t.Errorf("looking up %d files made %d allocations, want at most %d", n, got, n/100)
	}
	for k, e := range h.entries {
		if !e.used {
			t.Fatalf("%q looked up but not marked used", k)
		}
	}
}

// TestLinesAddAll: lines given at once, first taken as they are, then
// after others, read back as if added one by one.
func TestLinesAddAll(t *testing.T) {
	one := func(l *Lines) {
		l.add("static", []byte("\"static\" dir\n"), true)
		l.add("static/a.css", []byte("\"static/a.css\" ab\n"), false)
	}
	batch := func(dir string) ([]byte, []int, []string, []bool) {
		buf := []byte(fmt.Sprintf("%q dir\n", dir))
		ends := []int{len(buf)}
		buf = fmt.Appendf(buf, "%q cd\n", dir+"/x.toml")
		return buf, append(ends, len(buf)), []string{dir, dir + "/x.toml"}, []bool{true, false}
	}
	want := &Lines{root: "/r", dirs: map[string]int{}, gone: map[string]bool{}}
	got := &Lines{root: "/r", dirs: map[string]int{}, gone: map[string]bool{}}
	for _, dir := range []string{"content", "themes"} {
		buf, ends, paths, dirs := batch(dir)
		start := 0
		for i, end := range ends {
			want.add(paths[i], buf[start:end], dirs[i])
			start = end
		}
		got.addAll(batch(dir))
	}
	one(want)
	one(got)
	for _, dir := range []string{"content", "themes", "static"} {
		var w, g strings.Builder
		want.Tree(&w, "/r", dir)
		if ok, _ := got.Tree(&g, "/r", dir); !ok || g.String() != w.String() {
			t.Errorf("%s: %q, want %q", dir, g.String(), w.String())
		}
		wf, _ := want.Files("/r", dir)
		if gf, _ := got.Files("/r", dir); !slices.Equal(gf, wf) {
			t.Errorf("%s: files %q, want %q", dir, gf, wf)
		}
	}
}

// TestAppendQuote: appendQuote is strconv.AppendQuote.
func TestAppendQuote(t *testing.T) {
	for _, s := range []string{"", "content/synth-00001-czj/2023.toml", "a b~", "say \"hi\"", `back\slash`, "tab\there", "del\x7f", "财政局/2023.md", "\xff", "nul\x00"} {
		if got, want := string(appendQuote([]byte("x"), s)), string(strconv.AppendQuote([]byte("x"), s)); got != want {
			t.Errorf("appendQuote(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendQuote(f *testing.F) {
	f.Add("content/a.toml")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendQuote(nil, s)), strconv.Quote(s); got != want {
			t.Errorf("appendQuote(%q) = %s, want %s", s, got, want)
		}
	})
}

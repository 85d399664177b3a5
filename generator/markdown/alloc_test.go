package markdown

import (
	"io/fs"
	"runtime"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/synth"
)

// goldmark writes into the pooled buffer directly: given a writer that
// is not a util.BufWriter it wraps it in a bufio.Writer of 4 KB a call
// (a one-word text then took 5.9 KB).
func TestNoBufioWriter(t *testing.T) {
	r, src := New(), []byte("x\n")
	if n := allocs.Bytes(20, func() { r.Convert(src) }); n >= 4096 {
		t.Errorf("converting %q allocates %d B, want less than bufio's 4096", src, n)
	}
}

// A heading's id is kept by the call, not as an attribute, whose slice
// of ten was 400 bytes and its boxed id 24: a heading cost ~970 B.
func TestHeadingWithoutAttribute(t *testing.T) {
	r := New()
	perHeading := func(n int) uint64 {
		src := []byte(strings.Repeat("# 三、项目绩效目标完成情况\n\n", n))
		return allocs.Bytes(10, func() { r.Convert(src) })
	}
	if got := (perHeading(40) - perHeading(20)) / 20; got > 600 {
		t.Errorf("a heading allocates %d B, want at most 600", got)
	}
}

// A paragraph without "[" is not read for link reference definitions
// (each made a reader: 4 allocations a paragraph, now 3).
func TestPlainParagraph(t *testing.T) {
	r := New()
	allocsFor := func(n int) float64 {
		src := []byte(strings.Repeat("项目资金到位率100%，执行进度符合预期。\n\n", n))
		return testing.AllocsPerRun(10, func() { r.Convert(src) })
	}
	if got := (allocsFor(40) - allocsFor(20)) / 20; got > 3 {
		t.Errorf("a paragraph takes %.1f allocations, want at most 3", got)
	}
}

// The HTML returned is a block of its size (up to the allocator's size
// classes, at most a sixth apart above 1 KB), not the buffer it was
// rendered into, which was sized from the source at one and a half
// times: a third larger than the HTML on the synthetic narratives.
func TestHTMLAtItsSize(t *testing.T) {
	fsys := synth.MapFS(synth.Options{Bureaus: 2, Years: 5, Seed: 2})
	r, checked, size, block := New(), 0, 0, 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		html, _, err := r.ConvertCharts(src, func(string) ([]byte, bool) { return nil, false })
		if err != nil {
			return err
		}
		if cap(html) > len(html)+len(html)/5 {
			t.Errorf("%s: %d B of HTML in a block of %d", p, len(html), cap(html))
		}
		checked, size, block = checked+1, size+len(html), block+cap(html)
		return nil
	})
	if err != nil || checked == 0 {
		t.Fatalf("%v, %d narratives checked", err, checked)
	}
	if block > size+size/10 {
		t.Errorf("%d B of HTML in blocks of %d B, want at most a tenth more", size, block)
	}
}

// A conversion's ids and buffer are kept across collections, which a
// build runs every few reports: in a sync.Pool they were let go at the
// second and made and grown again.
func TestStateKeptAcrossCollections(t *testing.T) {
	r := New()
	src := []byte(strings.Repeat("# 一、概况\n\n项目资金到位率100%。\n\n", 20))
	r.Convert(src)
	kept := testing.AllocsPerRun(10, func() { r.Convert(src) })
	collected := testing.AllocsPerRun(10, func() {
		runtime.GC()
		runtime.GC()
		r.Convert(src)
	})
	if collected > kept {
		t.Errorf("a conversion after two collections takes %.0f allocations, %.0f without", collected, kept)
	}
}

// A table cell's tags are written directly: goldmark's renderer wrote
// each tag and alignment with fmt.Fprintf, a block each: 18 allocations
// a row of three cells, now 10.
func TestTableCellWithoutFmt(t *testing.T) {
	r := New()
	allocsFor := func(rows int) float64 {
		src := []byte("| 项目 | 预算 | 执行 |\n|---|---:|:-:|\n" + strings.Repeat("| 档案数字化 | 91.06 | 87.14 |\n", rows))
		return testing.AllocsPerRun(10, func() { r.Convert(src) })
	}
	if got := (allocsFor(40) - allocsFor(20)) / 20; got > 12 {
		t.Errorf("a row of three cells takes %.1f allocations, want at most 12", got)
	}
}

// A state waiting in the free list holds no heading of the last
// narrative, which would keep its syntax tree alive.
func TestStateGivenBackEmpty(t *testing.T) {
	New().Convert([]byte("# 一、概况\n\n正文。\n"))
	var taken []*state
	for {
		st, ok := states.Take()
		if !ok {
			break
		}
		taken = append(taken, st)
		if len(st.ids.heads) > 0 || len(st.ids.seen) > 0 || st.out.Len() > 0 {
			t.Errorf("a state given back holds %d headings, %d ids, %d bytes", len(st.ids.heads), len(st.ids.seen), st.out.Len())
		}
	}
	if len(taken) == 0 {
		t.Fatal("no state given back")
	}
	for _, st := range taken {
		states.Give(st)
	}
}

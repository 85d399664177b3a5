package markdown

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/disclose-portal/disclose/generator/internal/allocs"
	"github.com/disclose-portal/disclose/generator/synth"
)

// A narrative without a chart block is rendered as Convert renders it,
// without a walk for chart blocks and into a buffer sized from its
// source once: ConvertCharts allocates at least half the source's size
// less than Convert, whose buffer grows from empty (it allocated as
// much, walking every node).
func TestConvertChartsAllocations(t *testing.T) {
	fsys := synth.MapFS(synth.Options{Bureaus: 1, Years: 3, Seed: 2})
	r, checked := New(), 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil || HasChartBlock(src) {
			return err
		}
		want, err := r.Convert(src)
		if err != nil {
			return err
		}
		got, bad, err := r.ConvertCharts(src, func(string) ([]byte, bool) { return nil, false })
		if err != nil || len(bad) > 0 || !bytes.Equal(got, want) {
			t.Errorf("%s: ConvertCharts differs from Convert (%v, %d bad)", p, err, len(bad))
		}
		n := allocs.Bytes(5, func() { r.ConvertCharts(src, nil) })
		c := allocs.Bytes(5, func() { r.Convert(src) })
		t.Logf("%s: %d B of Markdown, %d B of HTML; ConvertCharts allocates %d B, Convert %d B", p, len(src), len(got), n, c)
		if n+uint64(len(src)/2) > c {
			t.Errorf("%s: ConvertCharts allocates %d B, Convert %d B, want %d B less", p, n, c, len(src)/2)
		}
		checked++
		return nil
	})
	if err != nil || checked == 0 {
		t.Fatalf("%v, %d narratives checked", err, checked)
	}
}

package tomlpos

import (
	"fmt"
	"strings"
	"testing"
)

// TestScanAllocs holds the scan to about one allocation an entry: the
// string of each key kept in the index, plus a few per document. Paths
// are built and joined in buffers of the scanner (keyValue, join); a
// path copied for every key, every array element and every lookup made
// it more than two an entry (docs/performance.md, session 6).
func TestScanAllocs(t *testing.T) {
	var b strings.Builder
	b.WriteString("title = \"报告\"\nyear = 2024\n[funds]\ntotal = 1.5\n")
	for p := range 20 {
		fmt.Fprintf(&b, "[[projects]]\nid = \"P%d\"\nname = \"项目\"\nmoney = { total = 2.50, used = [1, 2, {x = 3}] }\n", p)
		for i := range 10 {
			fmt.Fprintf(&b, "[[projects.indicators]]\nname = \"指标%d\"\ntarget.value = 95\nactual = \"96%%\"\n", i)
		}
	}
	src := b.String()
	entries := len(ScanString(src).entries)
	ScanString(src).Release() // a map for the runs below, as a loader's are reused
	allocs := testing.AllocsPerRun(20, func() { ScanString(src).Release() })
	if limit := float64(entries)*1.1 + 30; allocs > limit {
		t.Errorf("Scan made %.0f allocations for %d entries, want at most %.0f", allocs, entries, limit)
	}
}

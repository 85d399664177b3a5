package tomlpos

import (
	"fmt"
	"strings"
	"testing"
)

// TestScanAllocs holds the scan to a fraction of an allocation a table:
// a counter and a key an array of tables, plus a few per document; the
// tables' prefixes are kept in the index's slab of keys, reused with its
// maps (a string each made 574 allocations here where there are 72). Entries are kept by table and last key, a slice of the
// source (entryKey); paths are built and joined in buffers of the
// scanner (keyValue, join). A path copied for every key, every array
// element and every lookup made it more than two an entry
// (docs/performance.md, session 6), a joined string kept for every entry
// one an entry (session 7).
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
	ix := ScanString(src)
	entries, tables := len(ix.entries), len(ix.tables)
	ix.Release() // maps for the runs below, as a loader's are reused
	allocs := testing.AllocsPerRun(20, func() { ScanString(src).Release() })
	if limit := float64(tables)*0.2 + 30; allocs > limit || entries < 2*tables {
		t.Errorf("Scan made %.0f allocations for %d tables (%d entries), want at most %.0f", allocs, tables, entries, limit)
	}
}

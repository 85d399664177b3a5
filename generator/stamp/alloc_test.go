package stamp

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestStatCacheSized: the stat cache's maps are made at their size, not
// grown entry by entry (a build with nothing changed at 10,000 reports
// reads 20,000 entries and marks as many used): reading n entries and
// marking them takes one allocation each (its digest) and a few more.
func TestStatCacheSized(t *testing.T) {
	const n = 5000
	entries := map[string]statEntry{}
	for i := range n {
		key := fmt.Sprintf("/srv/site\x00content/synth-%05d-abc/%d.toml", i/5, 2020+i%5)
		entries[key] = statEntry{Size: 22000, MTime: 1e18, CTime: 1e18, Inode: uint64(i), Digest: strings.Repeat("ab", 32)}
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
	keys := make([]string, 0, n)
	for k := range h.entries {
		keys = append(keys, k)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, k := range keys {
		h.used[k] = true
	}
	runtime.ReadMemStats(&after)
	if got := after.Mallocs - before.Mallocs; got > 10 { // grown: ~50
		t.Errorf("marking %d entries used made %d allocations, want at most 10", n, got)
	}
}

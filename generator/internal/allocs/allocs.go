// Package allocs measures, for tests, the bytes a function allocates
// where pools are involved: testing.AllocsPerRun counts allocations, not
// bytes, and lets the collector empty a sync.Pool between runs.
package allocs

import (
	"runtime"
	"runtime/debug"
)

// Bytes is the bytes fn allocates, averaged over n calls after a first
// one that fills the pools, with the collector off (it would empty them)
// and on one core (each has a pool of its own).
func Bytes(n int, fn func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	fn()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		fn()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(n)
}

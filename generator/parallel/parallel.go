// Package parallel runs independent jobs on every core. Callers write each
// job's result into its own slot (results[i]) and join the slots in order
// afterwards, so output stays the same whatever the scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(0) … f(n-1) on at most GOMAXPROCS goroutines and returns
// when all calls have returned.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

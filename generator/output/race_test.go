//go:build race

package output

// raceEnabled: the race detector drops a share of what goes back into a
// sync.Pool, so tests of pooled allocations do not hold under it.
const raceEnabled = true

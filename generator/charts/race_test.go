//go:build race

package charts

// raceEnabled: the race detector drops a quarter of what goes back into
// a sync.Pool, so tests of pooled allocations do not hold under it.
const raceEnabled = true

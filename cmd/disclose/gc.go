package main

import (
	"os"
	"runtime/debug"
)

// buildMemoryLimit is the heap size past which a build collects garbage
// eagerly: it keeps a national portal's build under its memory budget
// (docs/performance.md) while small sites never come near it.
const buildMemoryLimit = 448 << 20

// tuneGCForBuild trades memory for speed in a one-shot build. A build
// allocates a great deal of short-lived garbage (every page, chart and
// table) over a small live heap, so with the default GOGC=100 a quarter
// of its CPU time went to collecting; at GOGC=400 the collector runs a
// quarter as often, and the soft memory limit makes it work harder only
// when a large site brings the heap near the budget. GOGC or GOMEMLIMIT
// in the environment win, as usual for Go programs. Not for serve, which
// keeps a whole site in memory for as long as it runs.
func tuneGCForBuild() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemoryLimit)
	}
}

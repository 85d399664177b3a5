package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// memoryLimit is the heap size past which build and check collect
// garbage eagerly: it keeps a national portal's build under its memory
// budget of 600 MiB (docs/performance.md) while small sites never come
// near it. At 10,000 reports the live heap is ~250 MiB; a limit of
// 448 MiB left so little room above it that the collector took a fifth
// of the build's CPU (512 MiB: 190 -> 156 s of user time, peak 520 MiB).
const memoryLimit = 512 << 20

// tuneGC trades memory for speed in a one-shot command, build or check.
// Both allocate a great deal of short-lived garbage (every parsed file,
// page, chart and table) over a small live heap, so with the default
// GOGC=100 a quarter of their CPU time went to collecting (build: 25.3 →
// 17.4 s of user time at 1,000 reports; check: 6.3 → 4.5 s); at GOGC=400
// the collector runs a quarter as often, and the soft memory limit makes
// it work harder only when a large site brings the heap near the budget.
// GOGC or GOMEMLIMIT in the environment win, as usual for Go programs.
// Serve tunes it so for each of its runs only (tuneRunGC), as it keeps
// a site in memory for as long as it runs. The returned function puts
// the collector back as it was (the tests run several commands in one
// process).
func tuneGC() (restore func()) {
	restorePercent := func() {}
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(400)
		restorePercent = func() { debug.SetGCPercent(old) }
	}
	restoreLimit := limitMemory(memoryLimit)
	return func() {
		restoreLimit()
		restorePercent()
	}
}

// limitMemory sets a soft memory limit that follows the live heap
// (followLiveHeap), unless GOMEMLIMIT in the environment sets one. The
// returned function puts the limit back.
func limitMemory(limit int64) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetMemoryLimit(limit)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		followLiveHeap(done)
		close(stopped)
	}()
	return func() {
		close(done)
		<-stopped // the limit is not raised after it is put back
		debug.SetMemoryLimit(old)
	}
}

// followLiveHeap raises the memory limit when what a build must keep (the
// live heap: the file list, search postings, the thinned reports, all
// growing with the site) comes near it. A limit at or below the live heap
// makes the collector run back to back: at 20,000 reports that took the
// build from twice the CPU of 10,000 to nearly four times. Past the
// budget, the limit stays 1.75 times the live heap, so cost grows with
// the site in a straight line and memory with it. It compares with the
// limit in force, not the one it set: serve's runs lower the limit for
// their time (tuneRunGC) and put back serve's, which it raises again
// when the site needs more.
func followLiveHeap(done <-chan struct{}) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		live := int64(sample[0].Value.Uint64())
		if want := live * 7 / 4; want > debug.SetMemoryLimit(-1) {
			debug.SetMemoryLimit(want)
		}
	}
}

// serveMemoryLimit is the heap size past which serve collects garbage
// eagerly between its runs. Serve keeps the default GOGC then (it runs
// for hours, and most of its time idle), so the heap could grow to
// twice what it holds: at 10,000 reports its first build peaked at
// 2.1 GiB. The budget of issue 16 is 1 GiB for the process.
const serveMemoryLimit = 768 << 20

// limitServeMemory sets serve's soft memory limit, raised to 1.75 times
// the live heap for sites that need more (as for build). GOMEMLIMIT in
// the environment wins. The returned function puts the limit back.
func limitServeMemory() (restore func()) { return limitMemory(serveMemoryLimit) }

// tuneRunGC tunes the collector for one of serve's runs as tuneGC does
// for a build (GOGC=400, build's memory limit following the live heap):
// a run allocates as much as a build (every page rendered, and serve's
// first from an empty cache folder also packs every bureau's folder for
// the store), and with the default GOGC the collector ran 144 times in
// serve's first run at 1,000 reports against 23 in a build's, 13 % of
// its CPU (docs/performance.md). Build's limit rather than serve's
// keeps the run's peak where a build's is (at 10,000 reports 524 MiB;
// 780 with GOGC=400 under serve's 768 MiB). Between runs serve keeps
// the default GOGC and its own limit, as it idles for hours. GOGC and
// GOMEMLIMIT in the environment win. The returned function puts both
// back.
func tuneRunGC() (restore func()) { return tuneGC() }

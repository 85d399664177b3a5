package main

import (
	"runtime/debug"
	"testing"
)

// A build or check tunes the collector for itself and puts it back: the
// tests, and any caller that goes on running, keep their own settings.
func TestTuneGCRestores(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	setGC(t, 150, 1<<40)

	restore := tuneGC()
	if got := debug.SetGCPercent(400); got != 400 {
		t.Errorf("GOGC while tuned = %d, want 400", got)
	}
	if got := debug.SetMemoryLimit(-1); got < memoryLimit || got >= 1<<40 {
		t.Errorf("memory limit while tuned = %d, want at least %d", got, memoryLimit)
	}
	restore()
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("GOGC after = %d, want 150 back", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("memory limit after = %d, want %d back", got, int64(1<<40))
	}
}

// GOGC and GOMEMLIMIT in the environment win over the tuning.
func TestTuneGCLeavesEnvironmentSettings(t *testing.T) {
	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "1TiB")
	setGC(t, 150, 1<<40) // what the runtime read from the environment

	restore := tuneGC()
	defer restore()
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("GOGC = %d, want the environment's 150", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("memory limit = %d, want the environment's", got)
	}
}

// setGC sets the collector for a test, as the environment would, and
// puts the test process's own settings back when the test ends.
func setGC(t *testing.T, percent int, limit int64) {
	oldPercent, oldLimit := debug.SetGCPercent(percent), debug.SetMemoryLimit(limit)
	t.Cleanup(func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	})
}

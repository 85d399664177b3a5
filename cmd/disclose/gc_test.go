package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
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

// A build tunes the collector before it checks whether anything
// changed: with nothing to do at 10,000 reports, the checks allocate
// some 60 MB, which the default GOGC collected in six cycles.
func TestBuildTunesGCFirst(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	setGC(t, 100, math.MaxInt64)
	var seen []int
	checking = func() {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		seen = append(seen, p)
	}
	defer func() { checking = func() {} }()
	dest, cache := filepath.Join(t.TempDir(), "public"), t.TempDir()
	for range 2 { // the second has nothing to do
		var out, errs bytes.Buffer
		if code := build(context.Background(), []string{"--source", "../..", "-d", dest, "--cache-dir", cache, "--quiet"}, &out, &errs); code != exitOK {
			t.Fatalf("build: %d\n%s", code, errs.String())
		}
	}
	if len(seen) != 2 || seen[0] != 400 || seen[1] != 400 {
		t.Errorf("GOGC while checking = %v, want 400 each time", seen)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC after the builds = %d, want 100 back", got)
	}
}

// Each of serve's runs tunes the collector as a build does, and serve
// keeps the default GOGC between them.
func TestServeRunTunesGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	setGC(t, 100, math.MaxInt64)
	seen := make(chan int, 1)
	limit := make(chan int64, 1)
	building = func() {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		seen <- p
		limit <- debug.SetMemoryLimit(-1)
	}
	defer func() { building = func() {} }()
	src := t.TempDir()
	if err := os.CopyFS(filepath.Join(src, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--lang", "en", "--port", "0", "--source", src, "--cache-dir", t.TempDir()}, &out, &errs)
	}()
	select {
	case p := <-seen:
		if p != 400 {
			t.Errorf("GOGC while serve's first run goes on = %d, want 400", p)
		}
		if l := <-limit; l != memoryLimit {
			t.Errorf("memory limit while serve's first run goes on = %d, want build's %d", l, memoryLimit)
		}
	case code := <-done:
		t.Fatalf("serve exited %d:\n%s", code, errs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve's first run did not start")
	}
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(out.String(), "first build"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no first build:\n%s\n%s", out.String(), errs.String())
		}
	}
	cancel()
	<-done
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC after serve's run = %d, want 100 back", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit after serve = %d, want the test's back", got)
	}
}

// The limit follows the live heap from the limit in force: serve's runs
// put a lower one for their time, then serve's back, which a site that
// needs more must see raised again.
func TestLimitFollowsLimitInForce(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	setGC(t, 100, math.MaxInt64)
	restore := limitMemory(1 << 40)
	defer restore()
	live := make([]byte, 32<<20)
	debug.SetMemoryLimit(16 << 20) // put in force by someone else
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) < int64(len(live)) {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d with %d bytes live", debug.SetMemoryLimit(-1), len(live))
		}
		runtime.GC()
		time.Sleep(50 * time.Millisecond)
	}
	runtime.KeepAlive(live)
}

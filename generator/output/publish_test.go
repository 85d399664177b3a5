package output

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// While builds replace the site again and again, the destination never
// goes missing: the names are exchanged in one step.
func TestSwapNeverMissing(t *testing.T) {
	if !canExchange(t) {
		t.Skip("this file system cannot exchange names")
	}
	dest := filepath.Join(t.TempDir(), "public")
	write := func(i int) {
		s := NewFileSet()
		s.Add("index.html", []byte(fmt.Sprint(i)))
		if err := Write(context.Background(), dest, s); err != nil {
			t.Fatal(err)
		}
	}
	write(0)
	var stop atomic.Bool
	missing, looks := 0, 0
	done := make(chan bool)
	go func() {
		for !stop.Load() {
			if _, err := os.Lstat(dest); err != nil {
				missing++
			}
			looks++
		}
		close(done)
	}()
	for i := range 30 {
		write(i + 1)
	}
	stop.Store(true)
	<-done
	if missing > 0 {
		t.Errorf("the destination was missing %d times out of %d looks", missing, looks)
	}
	assertNoLeftovers(t, dest)
}

// Where names cannot be exchanged, the site is swapped with two renames,
// kept folders and all.
func TestFallbackSwap(t *testing.T) {
	exchange = func(a, b string) error { return errNoExchange }
	defer func() { exchange = renameExchange }()
	dest := filepath.Join(t.TempDir(), "public")
	first := NewFileSet()
	first.Add("a/index.html", []byte("a"))
	first.Add("index.html", []byte("one"))
	if err := Write(context.Background(), dest, first); err != nil {
		t.Fatal(err)
	}
	second, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := second.Keep("a"); err != nil {
		t.Fatal(err)
	}
	second.Add("index.html", []byte("two"))
	if err := Write(context.Background(), dest, second); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a/index.html": "a", "index.html": "two"}
	if got := readAll(t, dest); !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	assertNoLeftovers(t, dest)
}

// A commit that fails after moving kept folders puts them back; one that
// cannot put one back leaves it, with its journal, in the staged folder,
// which neither the failed build (Discard) nor the next one deletes, and
// the next build that can puts it back.
func TestKeptFolderNeverDeleted(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first := NewFileSet()
	first.Add("a/index.html", []byte("a"))
	first.Add("index.html", []byte("one"))
	if err := Write(context.Background(), dest, first); err != nil {
		t.Fatal(err)
	}
	// Once the folder moved, the destination is replaced by a file: the
	// swap fails, and so does moving the folder back.
	aside := dest + ".aside"
	reached = func(step string) {
		if step == "moved" {
			os.Rename(dest, aside)
			os.WriteFile(dest, nil, 0o644)
		}
	}
	defer func() { reached = func(string) {} }()
	s, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Keep("a"); err != nil {
		t.Fatal(err)
	}
	s.Add("index.html", []byte("two"))
	if err := Write(context.Background(), dest, s); err == nil {
		t.Fatal("the swap over a file succeeded")
	}
	reached = func(string) {}
	s.Discard()
	if data, err := os.ReadFile(filepath.Join(s.stage.dir, "a", "index.html")); string(data) != "a" {
		t.Fatalf("the kept folder is gone from where it waits: %v", err)
	}
	if _, err := os.Stat(s.stage.journal()); err != nil {
		t.Fatalf("the journal is gone: %v", err)
	}
	// A build while the folder still cannot go back leaves it too.
	if _, err := Stage(dest); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(s.stage.dir, "a", "index.html")); err != nil {
		t.Fatalf("a build deleted the kept folder it could not put back: %v", err)
	}
	// Once the destination is back, the next build puts the folder back.
	os.Remove(dest)
	os.Rename(aside, dest)
	next, err := Stage(dest)
	if err != nil {
		t.Fatal(err)
	}
	next.Discard()
	want := map[string]string{"a/index.html": "a", "index.html": "one"}
	if got := readAll(t, dest); !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	assertNoLeftovers(t, dest)
}

// After a power cut that kept an exchange but not the move of a kept
// folder before it, the new site lacks the folder and the previous one,
// under the staged folder's name, has it: the next build moves it into
// the new site.
func TestKeptRestoredAfterExchange(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	stage := filepath.Join(parent, newPrefix+"public-42")
	for p, data := range map[string]string{
		filepath.Join(dest, "index.html"):                  "new",
		filepath.Join(stage, "index.html"):                 "old",
		filepath.Join(stage, "a", "index.html"):            "kept",
		filepath.Join(stage, "b", "index.html"):            "kept, already in place",
		filepath.Join(dest, "b", "index.html"):             "kept, already in place",
		filepath.Join(parent, "public-2", "x"):             "another destination",
		filepath.Join(parent, newPrefix+"public-2-7", "x"): "another destination's build",
	} {
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	os.WriteFile(journalPath(dest, stage), []byte(`{"stage":".disclose-new-public-42","dirs":["a","b"]}`), 0o644)
	removeStale(parent, "public")
	want := map[string]string{"index.html": "new", "a/index.html": "kept", "b/index.html": "kept, already in place"}
	if got := readAll(t, dest); !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 3 {
		t.Errorf("beside the destination: %v; want only it and another destination's folders", names)
	}
}

// BenchmarkCommitSync measures what syncing costs a build of files new
// files in dirs folders: a first build (every file written) and a
// rebuild where nothing changed (every file linked from the current
// site). Each iteration makes the same build once with syncing and once
// without, in turn, so that a disk busy with other work slows both
// alike; ns/op is for the two, the metrics for each.
func BenchmarkCommitSync(b *testing.B) {
	const files, dirs = 3000, 60
	for _, rebuild := range []bool{false, true} {
		b.Run(fmt.Sprintf("rebuild=%v", rebuild), func(b *testing.B) {
			defer func() { syncOff = false }()
			dest := filepath.Join(b.TempDir(), "public")
			build := func() {
				s, err := Stage(dest)
				if err != nil {
					b.Fatal(err)
				}
				for i := range files {
					s.Add(fmt.Sprintf("d%02d/%04d.html", i%dirs, i), []byte(fmt.Sprintf("<p>page %d</p>%0500d", i, 0)))
				}
				if err := Write(context.Background(), dest, s); err != nil {
					b.Fatal(err)
				}
			}
			var took [2]time.Duration // without, with syncing
			n := 0
			for b.Loop() {
				for k := range 2 {
					sync := (n+k)%2 == 1
					b.StopTimer()
					syncOff = true
					if rebuild {
						build() // the current site, with the same files
					} else {
						os.RemoveAll(dest)
					}
					syncOff = !sync
					b.StartTimer()
					t := time.Now()
					build()
					took[map[bool]int{false: 0, true: 1}[sync]] += time.Since(t)
				}
				n++
			}
			b.ReportMetric(float64(took[0].Milliseconds())/float64(n), "ms-nosync/op")
			b.ReportMetric(float64(took[1].Milliseconds())/float64(n), "ms-sync/op")
		})
	}
}

package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestLoopOneFollowUp: changes made while the receiver is busy building
// give exactly one more batch, holding all of them. The loop runs on a
// clock that moves only when the test says: no sleeping, no races with
// the machine's load.
func TestLoopOneFollowUp(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in := make(chan Event) // unbuffered: a send returns once the loop has the event
	out := make(chan Batch)
	done := make(chan struct{})
	clk := &fakeClock{now: time.Date(2024, 4, 30, 9, 0, 0, 0, time.UTC)}
	b := &Batcher{Quiet: 5 * time.Millisecond, Max: 50 * time.Millisecond}
	go func() {
		loop(ctx, in, nil, out, b, func() string { return "default" }, clk)
		close(done)
	}()
	defer func() {
		cancel()
		<-done
	}()
	// settle returns once the loop has dealt with every event sent before:
	// it takes events one at a time, and this one does not matter.
	settle := func() { in <- Event{"README.md", Write} }
	in <- Event{"content/a/2023.toml", Write}
	settle()
	clk.Advance(5 * time.Millisecond)
	first := receive(t, out)
	if len(first.Changes) != 1 {
		t.Fatalf("first batch %+v", first)
	}
	// The receiver is building: the changes pile up, in several bursts
	// more than Quiet apart, so the loop makes several batches of them.
	for i := 0; i < 5; i++ {
		in <- Event{fmt.Sprintf("content/b%d/2023.toml", i), Write}
		in <- Event{"content/a/2023.md", Write}
		settle()
		clk.Advance(10 * time.Millisecond)
	}
	second := receive(t, out)
	if len(second.Changes) != 6 {
		t.Errorf("follow-up batch has %d changes, want all 6: %+v", len(second.Changes), second)
	}
	clk.Advance(time.Second)
	settle()
	select {
	case extra := <-out:
		t.Errorf("a second follow-up batch: %+v", extra)
	default:
	}
}

// fakeClock is a clock for loop that moves only by Advance.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []fakeWait
}

type fakeWait struct {
	at time.Time
	c  chan time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := make(chan time.Time, 1)
	if d <= 0 {
		c <- f.now
		return c
	}
	f.waits = append(f.waits, fakeWait{f.now.Add(d), c})
	return c
}

// Advance moves the clock and fires what came due, in order.
func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	var fire []fakeWait
	keep := f.waits[:0]
	for _, w := range f.waits {
		if w.at.After(f.now) {
			keep = append(keep, w)
		} else {
			fire = append(fire, w)
		}
	}
	f.waits = keep
	now := f.now
	f.mu.Unlock()
	for _, w := range fire {
		w.c <- now
	}
}

func receive(t *testing.T, out <-chan Batch) Batch {
	t.Helper()
	select {
	case b := <-out:
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5s")
	}
	return Batch{}
}

// TestWatcher drives the real watchers (fsnotify and polling) through
// the cases editors and users make.
func TestWatcher(t *testing.T) {
	for _, poll := range []time.Duration{0, 10 * time.Millisecond} {
		name := "fsnotify"
		if poll > 0 {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) { testWatcher(t, poll) })
	}
}

func testWatcher(t *testing.T, poll time.Duration) {
	root := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/site.toml", "title = 'x'")
	write("content/a/2023.toml", "x = 1")
	w, err := New(Options{Root: root, Theme: "default", Poll: poll, Quiet: 30 * time.Millisecond, Log: func(s string) { t.Log(s) }})
	if err != nil {
		t.Fatal(err)
	}
	if w.Polling() != (poll > 0) {
		t.Fatalf("Polling() = %v", w.Polling())
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- w.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	// No waiting for the watcher to be ready: New took the polling
	// baseline, or added the fsnotify watches, before returning.

	// expect waits for a batch that has every path of want (with its
	// net change), ignoring batches of other changes meanwhile.
	expect := func(step string, want ...Change) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		got := map[string]Net{}
		for {
			select {
			case b := <-w.Batches():
				for _, c := range b.Changes {
					got[c.Path] = c.Net
				}
			case <-deadline:
				t.Fatalf("%s: after 5s got %v, want %v", step, got, want)
			}
			ok := true
			for _, c := range want {
				ok = ok && got[c.Path] == c.Net
			}
			if ok {
				return
			}
		}
	}

	write("content/a/2023.toml", "x = 2")
	expect("write", Change{Path: "content/a/2023.toml", Net: Modified})

	// Rename-save, the vim and sed -i way.
	write("content/a/.2023.toml.swp", "swap")
	write("content/a/sedQ1w2E3", "x = 3")
	if err := os.Rename(filepath.Join(root, "content/a/sedQ1w2E3"), filepath.Join(root, "content/a/2023.toml")); err != nil {
		t.Fatal(err)
	}
	expect("rename-save", Change{Path: "content/a/2023.toml", Net: Modified})

	// A folder created later is watched, and so are the files in it.
	write("content/b/bureau.toml", "name = 'b'")
	// The folder's watch is added before its creation is reported, so the
	// next write in it is seen without waiting.
	expect("new folder", Change{Path: "content/b", Net: Added})
	write("content/b/2023.toml", "x = 1")
	expect("file in new folder", Change{Path: "content/b/2023.toml", Net: Added})

	// static/ and the theme may not exist at the start.
	write("static/css/x.css", "a{}")
	expect("new static folder", Change{Path: "static", Net: Added})
	write("static/css/x.css", "b{}")
	expect("static file", Change{Path: "static/css/x.css", Net: Modified})

	// Deleting a bureau.
	if err := os.RemoveAll(filepath.Join(root, "content/a")); err != nil {
		t.Fatal(err)
	}
	expect("deleted bureau", Change{Path: "content/a", Net: Removed})
}

func TestLimitError(t *testing.T) {
	err := limitError(fmt.Errorf("adding %s: %w", "content", syscall.ENOSPC), "max_user_watches")
	var le *LimitError
	if !errors.As(err, &le) {
		t.Fatalf("ENOSPC not a *LimitError: %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"fs.inotify.max_user_watches", "sudo sysctl fs.inotify.max_user_watches=", "--poll"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if err := limitError(syscall.EMFILE, "max_user_watches"); !strings.Contains(err.Error(), "max_user_instances") {
		t.Errorf("EMFILE: %v", err)
	}
	other := errors.New("permission denied")
	if limitError(other, "max_user_watches") != other {
		t.Error("other errors must pass through")
	}
}

package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Roots are the folders of the source tree that are watched, recursively.
// content/site.toml is inside content/.
var Roots = []string{"content", "static", "themes"}

// Options configure a Watcher.
type Options struct {
	// Root is the source folder (holding content/).
	Root string
	// Theme is the theme in use; changes to other themes are ignored.
	Theme string
	// Poll, when > 0, watches by comparing stat results at this interval
	// instead of by fsnotify (for network drives and some containers).
	Poll time.Duration
	// Quiet and Max are the Batcher's: a batch is due Quiet after its
	// last event, at most Max after its first. Defaults: 20 ms, 250 ms.
	Quiet, Max time.Duration
	// Log receives problems that do not stop watching.
	Log func(string)
}

// A Watcher sends a Batch on Batches each time the source tree changed
// and went quiet. While the receiver is busy (building), further changes
// gather into one batch: a build is followed by at most one more.
type Watcher struct {
	opt     Options
	fsw     *fsnotify.Watcher // nil when polling
	batches chan Batch

	seed []string             // the files that exist at the start
	prev map[string]fileStamp // the last walk, when polling

	mu    sync.Mutex
	theme string
}

// New sets up the watches. With fsnotify, hitting the system's limit of
// watches or instances gives a *LimitError, which says how to raise it.
func New(opt Options) (*Watcher, error) {
	if opt.Quiet == 0 {
		opt.Quiet = 20 * time.Millisecond
	}
	if opt.Max == 0 {
		opt.Max = 250 * time.Millisecond
	}
	if opt.Log == nil {
		opt.Log = func(string) {}
	}
	w := &Watcher{opt: opt, batches: make(chan Batch), theme: opt.Theme}
	if opt.Poll > 0 {
		w.prev = snapshot(opt.Root)
		for p, s := range w.prev {
			if !s.dir {
				w.seed = append(w.seed, p)
			}
		}
		return w, nil
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, limitError(err, "max_user_instances")
	}
	w.fsw = fsw
	if err := fsw.Add(opt.Root); err != nil {
		fsw.Close()
		return nil, limitError(err, "max_user_watches")
	}
	for _, r := range Roots {
		if err := w.addTree(filepath.Join(opt.Root, r), &w.seed); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// Batches delivers the batches of changes.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// SetTheme tells the watcher which theme is in use (site.toml may change it).
func (w *Watcher) SetTheme(name string) {
	w.mu.Lock()
	w.theme = name
	w.mu.Unlock()
}

func (w *Watcher) currentTheme() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.theme
}

// Polling reports whether the watcher polls instead of using fsnotify.
func (w *Watcher) Polling() bool { return w.fsw == nil }

// Run watches until ctx is done, then releases every watch and returns.
func (w *Watcher) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan Event, 256)
	overflow := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if w.fsw != nil {
			w.notify(ctx, in, overflow)
		} else {
			w.poll(ctx, in)
		}
	}()
	b := &Batcher{Quiet: w.opt.Quiet, Max: w.opt.Max}
	b.Seed(w.seed)
	w.seed = nil
	loop(ctx, in, overflow, w.batches, b, w.currentTheme, realClock{})
	cancel()
	var err error
	if w.fsw != nil {
		err = w.fsw.Close()
	}
	wg.Wait()
	return err
}

// loop feeds events to the batcher, and offers the batch to out once it
// is due. A batch not yet taken (the receiver is building) absorbs the
// later ones, so that the receiver gets one batch however many came.
func loop(ctx context.Context, in <-chan Event, overflow <-chan struct{}, out chan<- Batch, b *Batcher, theme func() string, clk clock) {
	now := clk.Now
	var due <-chan time.Time // nil while no batch is pending
	var ready Batch
	var send chan<- Batch // nil until a batch is ready
	arm := func() {
		if at, ok := b.Due(); ok {
			due = clk.After(max(at.Sub(now()), 0))
		}
	}
	take := func() {
		due = nil
		if at, ok := b.Due(); ok && !now().Before(at) {
			ready = Merge(ready, b.Take())
			if !ready.Empty() {
				send = out
			}
		} else {
			arm()
		}
	}
	for {
		// A batch that came due goes into the one offered before that
		// is handed over: the receiver gets everything due by then.
		select {
		case <-due:
			take()
			continue
		default:
		}
		select {
		case <-ctx.Done():
			return
		case ev := <-in:
			b.Theme = theme()
			if b.Add(ev, now()) {
				arm()
			}
		case <-overflow:
			b.Overflow(now())
			arm()
		case <-due:
			take()
		case send <- ready:
			ready, send = Batch{}, nil
		}
	}
}

// clock is the time the loop batches by: the real one, or in tests one
// that moves only when told to, so that they need not sleep.
type clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Merge combines a batch with a later one, as if their events had come in
// one batch.
func Merge(earlier, later Batch) Batch {
	if earlier.Empty() {
		return later
	}
	byPath := map[string]int{}
	out := Batch{Overflow: earlier.Overflow || later.Overflow}
	for _, c := range earlier.Changes {
		byPath[c.Path] = len(out.Changes)
		out.Changes = append(out.Changes, c)
	}
	var drop []int
	for _, c := range later.Changes {
		i, ok := byPath[c.Path]
		if !ok {
			out.Changes = append(out.Changes, c)
			continue
		}
		before := out.Changes[i].Net != Added
		after := c.Net != Removed
		switch {
		case before && after:
			out.Changes[i].Net = Modified
		case !before && after:
			out.Changes[i].Net = Added
		case before && !after:
			out.Changes[i].Net = Removed
		default:
			drop = append(drop, i)
		}
	}
	if len(drop) > 0 {
		dropped := map[int]bool{}
		for _, i := range drop {
			dropped[i] = true
		}
		kept := out.Changes[:0:0]
		for i, c := range out.Changes {
			if !dropped[i] {
				kept = append(kept, c)
			}
		}
		out.Changes = kept
	}
	sortChanges(out.Changes)
	return out
}

// notify turns fsnotify's events into Events, and watches the folders
// created later.
func (w *Watcher) notify(ctx context.Context, in chan<- Event, overflow chan<- struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			rel, err := filepath.Rel(w.opt.Root, ev.Name)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			rel = filepath.ToSlash(rel)
			evs := []Event{{Path: rel, Op: fromFsnotify(ev.Op)}}
			if ev.Has(fsnotify.Create) && w.wanted(rel) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					// Files made in the folder before its watch was added
					// (cp -r, mkdir then save) are reported from the walk.
					var found []string
					if err := w.addTree(ev.Name, &found); err != nil {
						w.opt.Log(err.Error())
					}
					for _, f := range found {
						evs = append(evs, Event{Path: f, Op: Create})
					}
				}
			}
			for _, e := range evs {
				select {
				case in <- e:
				case <-ctx.Done():
					return
				}
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				select {
				case overflow <- struct{}{}:
				default:
				}
				continue
			}
			w.opt.Log("watch: " + err.Error())
		}
	}
}

// wanted tells whether a folder at rel is worth watching: one of the
// roots or inside one, and not an ignored name.
func (w *Watcher) wanted(rel string) bool {
	first, _, _ := strings.Cut(rel, "/")
	isRoot := false
	for _, r := range Roots {
		isRoot = isRoot || first == r
	}
	if !isRoot {
		return false
	}
	for _, p := range strings.Split(rel, "/") {
		if Ignored(p) {
			return false
		}
	}
	return true
}

// addTree watches dir and every folder below it (fsnotify does not
// recurse on Linux), and appends the files found to files when not nil.
// A missing dir is not an error: it may come later.
func (w *Watcher) addTree(dir string, files *[]string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			if files != nil {
				if rel, err := filepath.Rel(w.opt.Root, p); err == nil {
					*files = append(*files, filepath.ToSlash(rel))
				}
			}
			return nil
		}
		if p != dir && Ignored(d.Name()) {
			return filepath.SkipDir
		}
		if err := w.fsw.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return limitError(err, "max_user_watches")
		}
		return nil
	})
	return err
}

func fromFsnotify(op fsnotify.Op) Op {
	var o Op
	if op.Has(fsnotify.Create) {
		o |= Create
	}
	if op.Has(fsnotify.Write) {
		o |= Write
	}
	if op.Has(fsnotify.Remove) {
		o |= Remove
	}
	if op.Has(fsnotify.Rename) {
		o |= Rename
	}
	if op.Has(fsnotify.Chmod) {
		o |= Chmod
	}
	return o
}

// LimitError is a system limit on inotify that was reached.
type LimitError struct {
	Sysctl string // fs.inotify.max_user_watches or max_user_instances
	Value  string // its current value, when known
	Err    error
}

func (e *LimitError) Error() string {
	cur := ""
	if e.Value != "" {
		cur = " (now " + e.Value + ")"
	}
	return fmt.Sprintf("the system's limit %s%s is reached: %v\n"+
		"  raise it with:  sudo sysctl %s=524288\n"+
		"  and keep it across reboots with:  echo %s=524288 | sudo tee /etc/sysctl.d/60-disclose.conf\n"+
		"  or watch by polling instead:  disclose serve --poll",
		e.Sysctl, cur, e.Err, e.Sysctl, e.Sysctl)
}

func (e *LimitError) Unwrap() error { return e.Err }

// limitError wraps err in a *LimitError when it is inotify's "no space"
// (too many watches) or "too many open files" (too many instances).
func limitError(err error, which string) error {
	if !errors.Is(err, syscall.ENOSPC) && !errors.Is(err, syscall.EMFILE) {
		return err
	}
	if errors.Is(err, syscall.EMFILE) {
		which = "max_user_instances"
	}
	name := "fs.inotify." + which
	val, _ := os.ReadFile("/proc/sys/fs/inotify/" + which)
	return &LimitError{Sysctl: name, Value: strings.TrimSpace(string(val)), Err: err}
}

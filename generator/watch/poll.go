package watch

import (
	"context"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/disclose-portal/disclose/generator/stamp"
)

// fileStamp is what polling compares: a file changed when any of it did.
type fileStamp struct {
	size  int64
	mtime time.Time
	id    stamp.Identity // inode and change time, where the OS gives them
	dir   bool
}

// poll walks the roots every Poll interval and reports the differences
// with the previous walk as events.
func (w *Watcher) poll(ctx context.Context, in chan<- Event) {
	prev := w.prev
	t := time.NewTicker(w.opt.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur := snapshot(w.opt.Root)
		for _, ev := range diffSnapshots(prev, cur) {
			select {
			case in <- ev:
			case <-ctx.Done():
				return
			}
		}
		prev = cur
	}
}

// snapshot stats every file and folder under the roots.
func snapshot(root string) map[string]fileStamp {
	m := map[string]fileStamp{}
	for _, r := range Roots {
		filepath.WalkDir(filepath.Join(root, r), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // gone meanwhile, or unreadable: the next walk will tell
			}
			if Ignored(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			id, _ := stamp.IdentityOf(info)
			m[filepath.ToSlash(rel)] = fileStamp{size: info.Size(), mtime: info.ModTime(), id: id, dir: d.IsDir()}
			return nil
		})
	}
	return m
}

// diffSnapshots lists what changed from prev to cur. A folder's own
// modification time changes with its entries, which are reported
// themselves, so folders only count when they come or go.
func diffSnapshots(prev, cur map[string]fileStamp) []Event {
	var evs []Event
	for p, s := range cur {
		old, ok := prev[p]
		switch {
		case !ok:
			evs = append(evs, Event{Path: p, Op: Create})
		case old.dir != s.dir:
			evs = append(evs, Event{Path: p, Op: Remove}, Event{Path: p, Op: Create})
		case !s.dir && (old.size != s.size || !old.mtime.Equal(s.mtime) || old.id != s.id):
			// The change time and inode see an edit that kept the size
			// and had its mtime restored (touch -r, rsync -t).
			evs = append(evs, Event{Path: p, Op: Write})
		}
	}
	for p := range prev {
		if _, ok := cur[p]; !ok {
			evs = append(evs, Event{Path: p, Op: Remove})
		}
	}
	return evs
}

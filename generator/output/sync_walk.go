//go:build !linux

package output

import (
	"io/fs"
	"path/filepath"
	"sync"
)

// syncWorkers is how many files are synced at once. A file system with
// a journal (ext4, xfs) commits the fsyncs that wait together in one
// transaction: on ext4, syncing 3,000 new files one at a time added
// about 1.5 s to their writing, 8 to 32 at a time 0.2 to 0.4 s, and
// syncing each file as it was written 0.6 s.
const syncWorkers = 16

// syncTree syncs every file and folder under root. Files hard-linked from
// the current site (unchanged pages) are skipped: their bytes were synced
// by the build that wrote them, and fsync of a clean file still costs a
// cache flush of the disk on ext4 (~0.5 ms each), for nothing. Their new
// names are in their folders, which are synced.
func syncTree(root string) error {
	if syncOff {
		return nil
	}
	paths := make(chan string)
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range syncWorkers {
		wg.Go(func() {
			for p := range paths {
				if err := syncPath(p); err != nil {
					mu.Lock()
					first = firstErr(first, err)
					mu.Unlock()
				}
			}
		})
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			if linked(info) {
				return nil
			}
		}
		paths <- p
		return nil
	})
	close(paths)
	wg.Wait()
	return firstErr(err, first)
}

//go:build !linux

package output

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// syncData is fsync: fdatasync is Linux's (sync_linux.go).
func syncData(f *os.File) error { return f.Sync() }

// syncTree syncs every file and folder under root, one fsync each (Linux
// uses one syncfs instead, sync_linux.go). Files with other names are
// synced too: a file hard-linked from the current site was synced by the
// build that wrote it and costs little, but a new file the build also
// linked into its cache's store has two names and must not be skipped.
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
		paths <- p
		return nil
	})
	close(paths)
	wg.Wait()
	return firstErr(err, first)
}

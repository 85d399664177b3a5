package output

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"syscall"
)

// A rename is atomic but not durable: after a power cut the file system
// may show the new site under its name with files whose bytes never
// reached the disk (empty files). So the staged tree is synced before it
// is swapped in (syncTree), and the folders that a swap changes after it
// (syncDirs), before the previous site is deleted.

// syncOff skips every sync. For tests only: the kill loop and the
// benchmark's baseline, whose files need not survive a power cut.
var syncOff bool

// firstErr returns the first of its errors that is not nil.
func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// syncWorkers is how many files are synced at once. A file system with
// a journal (ext4, xfs) commits the fsyncs that wait together in one
// transaction: on ext4, syncing 3,000 new files one at a time added
// about 1.5 s to their writing, 8 to 32 at a time 0.2 to 0.4 s, and
// syncing each file as it was written 0.6 s.
const syncWorkers = 16

// syncListMax is how many files of a staged set sync syncs one by one
// at most; past it, a build that wrote much (a first build), one
// syncfs (Linux) or the walk of the whole folder does (syncTree).
var syncListMax = 4096

// syncLinkedMax is how many files linked from the destination, not
// known as synced (SyncedDest), sync takes one by one at most: each
// fdatasync of a link writes its inode and flushes the disk's cache, so
// past a few hundred one syncfs costs less (a build without a cache
// folder links every unchanged file).
var syncLinkedMax = 256

// synced sees each path sync syncs, and how: "tree" (syncTree), "file"
// (fsync), "data" (fdatasync) or "path" (syncPath). For tests.
var synced = func(how, p string) {}

// sync makes the staged folder durable before it is swapped in. After
// an edit a build writes a few files and links a thousand from the
// destination: each is synced by name, the files written with fsync,
// those linked (whose bytes the build that wrote them synced) with
// fdatasync, which writes nothing unless someone rewrote one since,
// and every folder made for its entries. That waits for this build's
// own bytes only, where syncfs waited for every dirty page of the file
// system, other programs' included (0.1 to 0.2 s of an edit's build on
// a quiet machine, seconds on a busy one).
func (st *stage) sync() error {
	if syncOff {
		return nil
	}
	st.syncMu.Lock()
	many, fresh, linked := st.many, st.fresh, st.linked
	// Each bureau the store keeps names the store's folder again: one
	// sync of each path does.
	outside := slices.Compact(slices.Sorted(slices.Values(st.outside)))
	dirs := slices.Collect(maps.Keys(st.dirs))
	st.syncMu.Unlock()
	if many {
		synced("tree", st.dir)
		return syncTree(st.dir)
	}
	dirs = append(dirs, st.dir)
	type job struct {
		p    string
		data bool // fdatasync: a link to a file synced before
		path bool // syncPath: a folder, or a file outside
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range min(syncWorkers, len(fresh)+len(linked)+len(outside)+len(dirs)) {
		wg.Go(func() {
			for j := range jobs {
				var err error
				switch {
				case j.path:
					synced("path", j.p)
					err = syncPath(j.p)
				case j.data:
					synced("data", j.p)
					err = syncFile(j.p, true)
				default:
					synced("file", j.p)
					err = syncFile(j.p, false)
				}
				if err != nil {
					mu.Lock()
					first = firstErr(first, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, p := range fresh {
		jobs <- job{p: p}
	}
	for _, p := range linked {
		jobs <- job{p: p, data: true}
	}
	for _, p := range outside {
		jobs <- job{p: p, path: true}
	}
	for _, d := range dirs {
		jobs <- job{p: d, path: true}
	}
	close(jobs)
	wg.Wait()
	return first
}

// syncFile fsyncs the regular file p, or only its data and what reading
// them needs (fdatasync where the system has it) when data is set.
func syncFile(p string, data bool) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	if data {
		err = syncData(f)
	} else {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDirs syncs folders, one at a time: a swap changes a few.
func syncDirs(dirs ...string) error {
	if syncOff {
		return nil
	}
	for _, d := range dirs {
		if err := syncPath(d); err != nil {
			return err
		}
	}
	return nil
}

// syncPath fsyncs a file or a folder. A folder is synced for its entries
// (the names of its files), which Windows cannot do and some file systems
// refuse with EINVAL: there the rename order is all there is.
func syncPath(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	info, err := f.Stat()
	dir := err == nil && info.IsDir()
	if err == nil && !(dir && runtime.GOOS == "windows") {
		err = f.Sync()
		if dir && errors.Is(err, syscall.EINVAL) {
			err = nil
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeSynced writes a small file and syncs it and its folder: the file
// is on disk, under its name, when it returns.
func writeSynced(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && !syncOff {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncDirs(filepath.Dir(name))
	}
	return err
}

package output

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
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

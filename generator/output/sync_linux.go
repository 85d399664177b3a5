package output

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncTree makes every file and folder under root durable with one
// syncfs(2) of root's file system, instead of an fsync per file: the
// kernel writes back the dirty pages and commits the journal once, and
// a build of 10,000 reports does not make 288,000 system calls (nor walk
// the tree to find them) for it. It also covers the files a build hard-links
// into its cache's store. Since Linux 5.8 syncfs reports a write-back error
// of any file of the file system since the folder was opened, as fsync does.
func syncTree(root string) error {
	if syncOff {
		return nil
	}
	f, err := os.Open(root)
	if err != nil {
		return err
	}
	err = unix.Syncfs(int(f.Fd()))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncData is fdatasync(2): the file's bytes and what reading them
// needs, not its other times and counts (a link changes its link count
// and change time, which need not reach the disk before a swap).
func syncData(f *os.File) error {
	for {
		err := unix.Fdatasync(int(f.Fd()))
		if err != unix.EINTR {
			return err
		}
	}
}

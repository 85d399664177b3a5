package stamp

import (
	"bytes"
	"encoding/binary"
	"os"
	"slices"
	"unsafe"

	"golang.org/x/sys/unix"
)

// lister reads folders with getdents(2) into buffers it reuses, the
// names of their entries kept in one arena: the checks of a build with
// nothing to do list 14,000 folders (the destination's and the
// source's), and os.File.ReadDir made a DirEntry and a string of every
// name, and added each folder to the poller, only to sort and drop them.
type lister struct {
	buf   []byte // getdents' buffer
	names []byte // the names listed
	ents  []dent // the entries of the folders being walked, a stack
}

// dent is one entry of a folder: its name at names[off:off+n], and its
// type as getdents gave it (unix.DT_UNKNOWN where the file system
// does not say).
type dent struct {
	off, n int32
	typ    uint8
}

func newLister() *lister { return &lister{buf: make([]byte, 32<<10)} }

// name is the name of e, valid until the lister lists again.
func (l *lister) name(e dent) []byte { return l.names[e.off : e.off+e.n] }

// cname is the name of e as a string for the system calls, not copied:
// valid while the arena is not cut back below it.
func (l *lister) cname(e dent) string {
	return unsafe.String(&l.names[e.off], int(e.n))
}

// list appends the entries of the open folder fd (but "." and "..") to
// l.ents, sorted by name as os.ReadDir sorts them, and returns where
// they start. The caller cuts l.ents and l.names back when it is done
// with them (pop).
func (l *lister) list(fd int) (start, mark int, err error) {
	start, mark = len(l.ents), len(l.names)
	for {
		n, err := unix.Getdents(fd, l.buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return start, mark, err
		}
		if n <= 0 {
			break
		}
		b := l.buf[:n]
		for len(b) > 0 {
			// struct linux_dirent64: ino u64, off i64, reclen u16,
			// type u8, name NUL-terminated.
			if len(b) < 19 {
				return start, mark, unix.EIO
			}
			reclen := int(binary.NativeEndian.Uint16(b[16:18]))
			if reclen < 19 || reclen > len(b) {
				return start, mark, unix.EIO
			}
			ino := binary.NativeEndian.Uint64(b[0:8])
			typ := b[18]
			name := b[19:reclen]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			b = b[reclen:]
			if ino == 0 || len(name) == 0 || string(name) == "." || string(name) == ".." {
				continue // a deleted entry, as os.ReadDir skips it; the folder itself
			}
			l.ents = append(l.ents, dent{off: int32(len(l.names)), n: int32(len(name)), typ: typ})
			l.names = append(l.names, name...)
		}
	}
	ents := l.ents[start:]
	slices.SortFunc(ents, func(a, b dent) int { return bytes.Compare(l.name(a), l.name(b)) })
	return start, mark, nil
}

// pop forgets the entries listed from start and their names from mark.
func (l *lister) pop(start, mark int) {
	l.ents = l.ents[:start]
	l.names = l.names[:mark]
}

// openDir opens the folder name in the open folder dirfd without
// following a link (at = unix.AT_FDCWD: name is a path).
func openDir(dirfd int, name string) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// lstatAt is fstatat(2) of name in the open folder dirfd, not following
// a link.
func lstatAt(dirfd int, name string, st *unix.Stat_t) error {
	for {
		err := unix.Fstatat(dirfd, name, st, unix.AT_SYMLINK_NOFOLLOW)
		if err != unix.EINTR {
			return err
		}
	}
}

// pathError is err of the system call op on the file rel (of a folder
// walked), as os would give it.
func pathError(op, rel string, err error) error {
	return &os.PathError{Op: op, Path: rel, Err: err}
}

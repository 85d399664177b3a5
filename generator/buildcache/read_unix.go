//go:build unix

package buildcache

import (
	"io/fs"
	"syscall"
)

// readStart reads the start of the file name into buf, as much as fits
// (n < len(buf): the whole file). It opens, reads and closes the
// descriptor itself: os.Open would also offer it to the network poller
// (which refuses a regular file) and set it blocking again, five more
// system calls for each of the 2,000 heads a build after an edit reads.
func readStart(name string, buf []byte) (n int, err error) {
	var fd int
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return n, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n, nil
}

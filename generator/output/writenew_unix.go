//go:build unix

package output

import (
	"io"
	"io/fs"
	"syscall"
)

// writeNew writes data to a file that must not exist yet. It opens,
// writes and closes the descriptor itself: os.OpenFile would also set the
// descriptor non-blocking, offer it to the network poller (which refuses
// a regular file) and set it blocking again, five more system calls for
// each of the thousands of files a build writes.
func writeNew(target string, data []byte) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(target, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: target, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: target, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: target, Err: err}
	}
	return nil
}

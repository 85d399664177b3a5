package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// renameExchange swaps the names a and b, both existing, in one step
// (renameat2 with RENAME_EXCHANGE, Linux 3.15+): there is no moment
// where either name is missing. File systems that cannot do it answer
// EINVAL (and kernels without renameat2 ENOSYS): errNoExchange then.
func renameExchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return errNoExchange
	}
	if err != nil {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
	}
	return nil
}

//go:build unix && !linux

package output

import (
	"io/fs"
	"syscall"
)

// linked reports whether a file has other names than this one: in a
// staged site, a file hard-linked from the current site (see place).
func linked(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && st.Nlink > 1
}

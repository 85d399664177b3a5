//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package stamp

import "io/fs"

// IdentityOf: without an inode and change time the stat cache cannot
// tell an edit that kept size and mtime, so every file is hashed.
func IdentityOf(info fs.FileInfo) (Identity, bool) {
	if s, ok := info.Sys().(*Identity); ok {
		return *s, true
	}
	return Identity{}, false
}

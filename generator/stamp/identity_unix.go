//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package stamp

import "io/fs"

// IdentityOf is a file's inode and change time, where its file system
// gives them.
func IdentityOf(info fs.FileInfo) (Identity, bool) {
	switch s := info.Sys().(type) {
	case *Identity:
		return *s, true
	default:
		return sysIdentity(s)
	}
}

//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package stamp

import "syscall"

func sysIdentity(sys any) (Identity, bool) {
	st, ok := sys.(*syscall.Stat_t)
	if !ok {
		return Identity{}, false
	}
	return Identity{Inode: uint64(st.Ino), CTime: st.Ctimespec.Sec*1e9 + st.Ctimespec.Nsec}, true
}

package stamp

import "syscall"

func sysIdentity(sys any) (Identity, bool) {
	st, ok := sys.(*syscall.Stat_t)
	if !ok {
		return Identity{}, false
	}
	return Identity{Inode: st.Ino, CTime: st.Ctim.Nano()}, true
}

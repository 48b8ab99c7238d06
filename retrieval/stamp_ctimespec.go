//go:build darwin || freebsd || netbsd

package retrieval

import "syscall"

// sysStamp adds the inode change time, inode and device to s.
func sysStamp(s *fileStamp, sys any) {
	if st, ok := sys.(*syscall.Stat_t); ok {
		s.ctime, s.ino, s.dev = st.Ctimespec.Nano(), uint64(st.Ino), uint64(st.Dev)
	}
}

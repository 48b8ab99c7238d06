package readonlydir

import (
	"syscall"
	"testing"
)

// asRoot makes dir read-only until the test ends for root, whom permissions do not stop: a
// read-only bind mount over it.
func asRoot(tb testing.TB, dir string) {
	tb.Helper()
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		tb.Skipf("cannot make %s read-only as root (bind mount: %v)", dir, err)
	}
	tb.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		tb.Skipf("cannot make %s read-only as root (remount: %v)", dir, err)
	}
}

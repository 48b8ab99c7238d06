//go:build !linux

package readonlydir

import "testing"

// asRoot skips the test: only Linux's bind mounts make a folder read-only for root, whom
// permissions do not stop.
func asRoot(tb testing.TB, dir string) {
	tb.Helper()
	tb.Skipf("cannot make %s read-only as root on this system (no bind mount)", dir)
}

//go:build !linux

package main

import "testing"

// readOnlyAsRoot skips the test: only Linux's bind mounts make a folder read-only for root, whom
// permissions do not stop.
func readOnlyAsRoot(tb testing.TB, dir string) {
	tb.Helper()
	tb.Skipf("cannot make %s read-only as root on this system (no bind mount)", dir)
}

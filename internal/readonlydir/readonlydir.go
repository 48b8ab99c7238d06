// Package readonlydir makes a folder read-only for the rest of a test, as a user's read-only data
// folder or mount would be. The retrieval and command tests both need it.
package readonlydir

import (
	"os"
	"testing"
)

// Make makes dir read-only until the test ends: by its permissions, or as root (which permissions
// do not stop) by a read-only bind mount over it, where the system has one; the test is skipped
// where it cannot be done.
func Make(tb testing.TB, dir string) {
	tb.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { os.Chmod(dir, 0o700) })
		return
	}
	asRoot(tb, dir)
}

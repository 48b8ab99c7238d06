//go:build !unix

package unprivileged

import "testing"

// rerun skips the test: only Unix systems run a process as another user this way (and Windows
// has no root: [Rerun] never calls this there).
func rerun(t *testing.T) {
	t.Helper()
	t.Skip("cannot run the test as another user on this system")
}

//go:build !unix

package unprivileged

import "testing"

// rerun skips the test: only Unix systems run a process as another user this way (and Windows
// has no root: [Rerun] never calls this there).
func rerun(t *testing.T) {
	t.Helper()
	t.Skip("cannot run the test as another user on this system")
}

// children stands for the Unix children, which no other system starts (see [newChildren]).
type children struct{}

// newChildren skips t: only Unix systems run a process as another user this way.
func newChildren(t *testing.T) *children {
	t.Helper()
	t.Skip("cannot run the test as another user on this system")
	return nil
}

func (*children) run(*testing.T, string, []uint32, []string) (string, error) { return "", nil }

// Package unprivileged runs a test of what file permissions refuse as a user they apply to. Root
// is not stopped by permissions, and CI runs the tests as root: such a test, run as root, runs
// again in a child process as user nobody instead of being skipped.
package unprivileged

import (
	"os"
	"testing"
)

// nobody is the user and group the child process runs as (nobody and nogroup on Debian).
const nobody = 65534

// Rerun reports whether the test ran in a child process as an unprivileged user, and passed there
// (it fails when the child failed, and is skipped when the child was skipped or could not be
// started): the caller returns at once. It returns false when the test does not run as root, and
// the caller runs the test itself, permissions applying to it.
//
// The child is the test binary, copied to a folder every user can read, running this test alone,
// in a folder of its own, with TMPDIR set to one it can write: a test rerun so must write its files
// under [testing.T.TempDir] and read no file of its package's folder (testdata).
func Rerun(t *testing.T) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		return false
	}
	rerun(t)
	return true
}

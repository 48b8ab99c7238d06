// Package unprivileged runs a test of what file permissions refuse as a user they apply to. Root
// is not stopped by permissions, and CI runs the tests as root: such a test, run as root, runs
// again in a child process as user nobody instead of being skipped.
package unprivileged

import (
	"os"
	"strings"
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

// Users runs tests of the test binary in child processes as user nobody with the supplementary
// groups each run names: processes that file permissions treat alike, or not, by their groups, as
// two users sharing a data folder are. A test run so must write its files under folders nobody may
// use, and read no file of its package's folder (testdata).
type Users struct {
	c *children
}

// NewUsers copies the test binary for [Users.Run]. It skips t unless the test runs as root (only
// root starts processes as another user) on a Unix system.
func NewUsers(t *testing.T) *Users {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("only root runs processes as other users")
	}
	return &Users{c: newChildren(t)}
}

// Run runs the test named test (a full name, subtests after slashes) alone in a child process as
// user nobody with the supplementary groups groups and env ("KEY=value") added to its environment,
// and returns its output (-test.v). It fails t unless the test passed there.
func (u *Users) Run(t *testing.T, test string, groups []uint32, env ...string) string {
	t.Helper()
	log, err := u.c.run(t, test, groups, env)
	if err != nil || !strings.Contains(log, "--- PASS: "+test) {
		t.Fatalf("%s as user %d with groups %v: %v\n%s", test, nobody, groups, err, log)
	}
	return log
}

//go:build unix

package unprivileged

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// rerun runs the test t again in a child process as user nobody (see [Rerun]).
func rerun(t *testing.T) {
	t.Helper()
	log, err := newChildren(t).run(t, t.Name(), nil, nil)
	switch {
	case err != nil:
		t.Fatalf("as user %d: %v\n%s", nobody, err, log)
	case strings.Contains(log, "--- SKIP: "+t.Name()):
		t.Skipf("skipped as user %d:\n%s", nobody, log)
	case !strings.Contains(log, "--- PASS: "+t.Name()):
		t.Fatalf("as user %d the test did not run:\n%s", nobody, log)
	default:
		t.Logf("ran as user %d:\n%s", nobody, log)
	}
}

// children runs tests of the test binary, copied to a folder every user can read, in child
// processes as user nobody, each in a folder of its own with TMPDIR set to one it can write.
type children struct {
	bin string // the copy of the test binary
	dir string // the folder of the copy, where each child's folder is made
}

// newChildren copies the test binary for [children.run]; it skips t when the copy fails.
func newChildren(t *testing.T) *children {
	t.Helper()
	dir := t.TempDir()
	// MkdirTemp makes folders only their owner can enter.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "test.bin")
	if err := copyExecutable(os.Args[0], bin); err != nil {
		t.Skipf("cannot copy the test binary to run it as another user: %v", err)
	}
	return &children{bin: bin, dir: dir}
}

// run runs the test named test (a full name, subtests after slashes) alone in a child process as
// user nobody with the supplementary groups groups and env added to its environment, and returns
// its output (-test.v) and how it ended. It skips t when the child cannot be started.
func (c *children) run(t *testing.T, test string, groups []uint32, env []string) (string, error) {
	t.Helper()
	tmp, err := os.MkdirTemp(c.dir, "tmp")
	if err != nil {
		t.Fatal(err)
	}
	// The umask may have taken modes' bits.
	if err := os.Chmod(tmp, 0o1777); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(test, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	cmd := exec.Command(c.bin, "-test.run", strings.Join(parts, "/"), "-test.count", "1", "-test.v")
	cmd.Dir = tmp
	cmd.Env = append(append(os.Environ(), "TMPDIR="+tmp), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: groups}}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot run the test as user %d, whom permissions apply to: %v", nobody, err)
	}
	err = cmd.Wait()
	return out.String(), err
}

// copyExecutable copies the file at from to a new file at to that every user can run.
func copyExecutable(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(to, 0o755)
}

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
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o777); err != nil {
		t.Fatal(err)
	}
	// MkdirTemp makes folders only their owner can enter; the umask may have taken modes' bits.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(tmp, 0o1777); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "test.bin")
	if err := copyExecutable(os.Args[0], bin); err != nil {
		t.Skipf("cannot copy the test binary to run it as another user: %v", err)
	}
	parts := strings.Split(t.Name(), "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	cmd := exec.Command(bin, "-test.run", strings.Join(parts, "/"), "-test.count", "1", "-test.v")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot run the test as user %d, whom permissions apply to: %v", nobody, err)
	}
	err := cmd.Wait()
	switch log := out.String(); {
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

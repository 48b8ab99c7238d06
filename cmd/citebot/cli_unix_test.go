//go:build unix && !solaris && !aix

// Not on Solaris or AIX, whose syscall package has no Mkfifo (the tests make a named pipe).

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestIndexSkipsWhatIsNotADocument(t *testing.T) {
	env := baseEnv(t)
	env["CITEBOT_MAX_FILE_BYTES"] = "2000"
	t.Setenv("CITEBOT_CANARY", "SECRET-CANARY-VALUE")
	corpus := writeCorpus(t, map[string]string{"good.txt": "Taobao sells everything.\n", "big.txt": strings.Repeat("Big. ", 1000)})
	if err := os.Symlink("/proc/self/environ", filepath.Join(corpus, "environ.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(corpus, "zero.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(corpus, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, env, "", "index", "--seeds", corpus)
	if code != 0 || !strings.Contains(out, "indexed 1 file, 1 chunk") {
		t.Errorf("index: exit %d, %q, %q; want 1 file indexed", code, out, errOut)
	}
	for _, f := range []string{"environ.txt", "zero.txt", "pipe.txt", "big.txt"} {
		if !strings.Contains(errOut, "file="+f) {
			t.Errorf("no warning names %s: %s", f, errOut)
		}
	}
	_, out, _ = runCLI(t, env, "", "search", "--json", "--seeds", corpus, "CITEBOT_CANARY PATH HOME")
	if strings.Contains(out, "SECRET-CANARY") {
		t.Error("search returned the process environment")
	}
}

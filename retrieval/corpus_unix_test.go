//go:build unix && !solaris && !aix

// Not on Solaris or AIX, whose syscall package has no Mkfifo (the tests make a named pipe).

package retrieval

import (
	"bytes"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileCorpus builds a corpus folder holding one good document and every kind of file that must
// not be read: links out of the folder (to /proc/self/environ, /dev/zero, a secret beside it, and
// through a linked folder), a FIFO, a link loop, a link to a folder, and an oversize file.
func hostileCorpus(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	corpus := filepath.Join(base, "corpus")
	outside := filepath.Join(base, "outside")
	for _, d := range []string{corpus, outside, filepath.Join(corpus, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(corpus, name)); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(corpus, "good.txt"), "Taobao sells everything.\n")
	write(filepath.Join(corpus, "sub", "deep.md"), "# Deep\n\nJD.com delivers.\n")
	write(filepath.Join(outside, "secret.txt"), "SECRET-OUTSIDE the corpus\n")
	write(filepath.Join(corpus, "big.txt"), strings.Repeat("Pinduoduo grows. ", 100))
	link("/proc/self/environ", "environ.txt")
	link("/dev/zero", "zero.txt")
	link("../outside/secret.txt", "outside.txt")
	link("../outside", "elsewhere")
	link("elsewhere/secret.txt", "sneaky.txt")
	link("good.txt", "inside.txt")
	link("sub/../sub/deep.md", "alias.md")
	link("loop.txt", "loop.txt")
	link("sub", "folder.md")
	link("missing.txt", "broken.txt")
	if err := syscall.Mkfifo(filepath.Join(corpus, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	return corpus
}

func TestLoadCorpusReadsOnlyWhatIsInside(t *testing.T) {
	t.Setenv("CITEBOT_TEST_SECRET", "SECRET-ENV-VALUE")
	corpus := hostileCorpus(t)
	root, err := CorpusDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	// os.Root refuses escapes by itself; os.DirFS does not, so LoadCorpus's own link check is what
	// keeps it inside there.
	for name, fsys := range map[string]fs.FS{"CorpusDir": root, "os.DirFS": os.DirFS(corpus)} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			done := make(chan struct{})
			var docs []*Document
			go func() {
				defer close(done)
				docs, err = LoadCorpus(fsys, CorpusOptions{Name: corpus, MaxFileBytes: 1000, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("LoadCorpus hangs (on the FIFO or /dev/zero?)")
			}
			if err != nil {
				t.Fatal(err)
			}
			var files []string
			for _, d := range docs {
				files = append(files, d.File)
				if strings.Contains(d.Text, "SECRET") {
					t.Errorf("%s holds text from outside the corpus: %q", d.File, d.Text)
				}
			}
			if got, want := strings.Join(files, ","), "alias.md,good.txt,inside.txt,sub/deep.md"; got != want {
				t.Errorf("documents %s, want %s", got, want)
			}
			for _, f := range []string{"environ.txt", "zero.txt", "outside.txt", "sneaky.txt", "loop.txt", "folder.md", "broken.txt", "pipe.txt", "big.txt"} {
				if !strings.Contains(logs.String(), "file="+f) {
					t.Errorf("no warning names %s:\n%s", f, logs.String())
				}
			}
			for _, want := range []string{"named pipe", "leads outside the corpus folder", "max_bytes=1000"} {
				if !strings.Contains(logs.String(), want) {
					t.Errorf("warnings lack %q:\n%s", want, logs.String())
				}
			}
		})
	}
}

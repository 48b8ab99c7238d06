package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/fsnotify/fsnotify"
)

// The watcher reloads for what the corpus reads and for folders, and leaves alone what it does not
// read: an editor's swap and backup files, an old Word .doc, Word's lock file, a change of permissions, and
// anything in the data folder.
func TestWatcherLeavesOtherFilesAlone(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "v1.2"), 0o755); err != nil {
		t.Fatal(err)
	}
	cw := &corpusWatcher{skip: filepath.Join(root, "data"), logger: slog.New(slog.DiscardHandler)}
	for _, c := range []struct {
		name string
		op   fsnotify.Op
		want bool
	}{
		{"guide.md", fsnotify.Write, true},
		{"sub/page.HTML", fsnotify.Create, true},
		{"report.docx", fsnotify.Rename, true},
		{"platforms.json", fsnotify.Write, true},
		{"glossary.json", fsnotify.Remove, true},
		{"newfolder", fsnotify.Create, true}, // no extension: may be a folder
		{"v1.2", fsnotify.Create, true},      // a folder, found by looking
		{"guide.md", fsnotify.Chmod, false},
		{"report.pdf", fsnotify.Create, true}, // a PDF is a document
		{"scan.PDF", fsnotify.Write, true},
		{"report.doc", fsnotify.Create, false},
		{"~$report.docx", fsnotify.Create, false},
		{"notes.txt~", fsnotify.Write, false},
		{".notes.txt.swp", fsnotify.Write, false},
		{"data.json", fsnotify.Write, false},
		{"v1.3", fsnotify.Create, false}, // a file of an unread type, gone or not a folder
		{"data/index.snapshot", fsnotify.Write, false},
	} {
		ev := fsnotify.Event{Name: filepath.Join(root, c.name), Op: c.op}
		if got := cw.relevant(ev); got != c.want {
			t.Errorf("relevant(%s %s) = %v, want %v", c.op, c.name, got, c.want)
		}
	}
}

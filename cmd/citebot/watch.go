package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/citebot/citebot/retrieval"
)

// watchDebounce is how long the corpus folder must stay quiet after a change before a reload
// starts: an editor's save, a git checkout or a copy of many files become one reload.
const watchDebounce = 200 * time.Millisecond

// watchCorpus calls changed once the folder root (recursively, hidden folders and skip excepted)
// has been quiet for debounce after a change, until ctx ends. New folders are watched as they
// appear. It returns an error only if the folder cannot be watched at all.
func watchCorpus(ctx context.Context, root, skip string, debounce time.Duration, logger *slog.Logger, changed func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch corpus folder %s: %w", root, err)
	}
	cw := &corpusWatcher{w: w, skip: skip, logger: logger}
	if err := cw.addTree(root); err != nil {
		w.Close()
		return fmt.Errorf("watch corpus folder %s: %w", root, err)
	}
	go func() {
		defer w.Close()
		cw.loop(ctx, debounce, changed)
	}()
	return nil
}

type corpusWatcher struct {
	w      *fsnotify.Watcher
	skip   string // a folder never watched (the data folder, when it is inside the corpus)
	logger *slog.Logger
}

// addTree watches dir and every folder below it, except hidden ones (which the corpus skips too).
func (cw *corpusWatcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // gone already, or unreadable: the index reports unreadable files
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && (strings.HasPrefix(d.Name(), ".") || sameFolder(p, cw.skip)) {
			return filepath.SkipDir
		}
		return cw.w.Add(p)
	})
}

func sameFolder(a, b string) bool {
	if b == "" {
		return false
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func (cw *corpusWatcher) loop(ctx context.Context, debounce time.Duration, changed func()) {
	timer := time.NewTimer(debounce)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-cw.w.Events:
			if !ok {
				return
			}
			if !cw.relevant(ev) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				// A new folder: watch it and what is already in it (files copied in with it).
				_ = cw.addTree(ev.Name)
			}
			timer.Reset(debounce)
		case err, ok := <-cw.w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				timer.Reset(debounce) // events were lost: reload to be sure
			}
			cw.logger.Warn("watching the corpus folder", "err", err)
		case <-timer.C:
			changed()
		}
	}
}

// relevant reports an event that may change the corpus: not a mere change of permissions or
// times, not in the folder never watched, and about a file the corpus reads (see
// [retrieval.CorpusFile]: not an editor's swap or backup file, an old .doc or Word's lock file) or a
// folder. A folder is known by its name having no extension, or, when it appears, by looking.
func (cw *corpusWatcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod || sameFolder(filepath.Dir(ev.Name), cw.skip) {
		return false
	}
	base := filepath.Base(ev.Name)
	if strings.HasPrefix(base, ".") {
		return false // hidden files and folders: .git, editors' swap files (".notes.txt.swp")
	}
	if retrieval.CorpusFile(base) || filepath.Ext(base) == "" {
		return true
	}
	if ev.Has(fsnotify.Create) {
		info, err := os.Stat(ev.Name)
		return err == nil && info.IsDir() // a new folder named "v1.2"
	}
	return false
}

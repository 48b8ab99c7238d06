package retrieval

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// One data folder keeps the indexes of several corpora, so that switching between them (--seeds)
// indexes nothing again: each corpus named by [Config.CorpusID] has its snapshot in
// <data>/corpora/<digest of the ID>/, beside a note of the ID (aboutFile), and all of them share the
// data folder's embeddings store, which is keyed by text and model, and its lock (one writer at a
// time, whichever the corpus). A vector leaves the store only when no index kept in the data folder
// uses it, and an embedding model's vectors only when no index was built with it.
//
// The indexes of corpora no longer used do not pile up: when an index is saved, those of the other
// corpora unused (opened by no command) for [corpusIdle] are removed, with the vectors only they
// used, except the [keptCorpora] used most recently.
//
// A data folder from before keeps its one index, for its corpus, in <data>/index.snapshot. The
// first corpus opened that holds at least half of that index's documents unchanged (the corpus it
// was built for, as a rule) takes it as its own: the file moves to the corpus's folder, and nothing
// is indexed again. Until then it stays where it is, and counts as another corpus's index.
const (
	corporaDir = "corpora"
	aboutFile  = "about.json"
	// keptCorpora is how many indexes, the most recently used, are kept however long unused.
	keptCorpora = 4
	// corpusIdle is how long an index may go unused before it may be removed.
	corpusIdle = 30 * 24 * time.Hour
)

// IndexDir is the folder of dataDir where the index of the corpus named corpusID is kept: dataDir
// itself when corpusID is "" (one corpus per data folder), else its folder under corpora/.
func IndexDir(dataDir, corpusID string) string {
	if corpusID == "" {
		return dataDir
	}
	sum := sha256.Sum256([]byte(corpusID))
	return filepath.Join(dataDir, corporaDir, hex.EncodeToString(sum[:8]))
}

// about is what aboutFile says of the index in its folder: which corpus it is of. Its modification
// time is when a command last used the index.
type about struct {
	Corpus string `json:"corpus"`
}

// markUsed notes that the index in o.dir is in use now: it writes aboutFile when the folder has
// none, else sets its time. A data folder that cannot be written keeps no such note.
func (o *opener) markUsed() {
	if o.cfg.CorpusID == "" {
		return
	}
	path := filepath.Join(o.dir, aboutFile)
	now := time.Now()
	err := os.Chtimes(path, now, now)
	if !errors.Is(err, fs.ErrNotExist) {
		return
	}
	if _, err := os.Stat(o.dir); err != nil {
		return
	}
	b, err := json.Marshal(about{Corpus: o.cfg.CorpusID})
	if err != nil {
		return
	}
	_ = os.WriteFile(path, append(b, '\n'), 0o600)
}

// legacyPath is where a data folder from before one index per corpus keeps its index.
func (o *opener) legacyPath() string { return filepath.Join(o.cfg.DataDir, snapshotFile) }

// legacy returns the data folder's index from before one index per corpus when this corpus holds
// at least half of its documents unchanged, marked as such; an error wrapping [fs.ErrNotExist]
// when there is none or it is another corpus's.
func (o *opener) legacy(in *inputs) (*snapshot, error) {
	s, err := readSnapshot(o.legacyPath(), in)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			o.logger.Debug("the data folder's index from before is unusable", "err", err)
		}
		return nil, fmt.Errorf("no index of this corpus: %w", fs.ErrNotExist)
	}
	if !holdsHalf(s, in) {
		o.logger.Info("the data folder's index is another corpus's: it stays for that corpus, and this one gets its own",
			"data", o.cfg.DataDir, "documents", len(s.docs), "built", s.created.Format(time.RFC3339))
		return nil, fmt.Errorf("no index of this corpus: %w", fs.ErrNotExist)
	}
	s.legacy = true
	return s, nil
}

// holdsHalf reports whether in holds at least half of s's documents, with the same bytes.
func holdsHalf(s *snapshot, in *inputs) bool {
	if len(s.docs) == 0 {
		return false
	}
	hashes := make(map[string][32]byte, len(in.docs))
	for i, d := range in.docs {
		hashes[d.File] = in.hashes[i]
	}
	same := 0
	for i, d := range s.docs {
		if h, ok := hashes[d.File]; ok && h == s.docHash[i] {
			same++
		}
	}
	return 2*same >= len(s.docs)
}

// adoptLegacy moves prev, the data folder's index from before one index per corpus, to this
// corpus's folder, under the data folder's lock. It is the index of this corpus as it is now, so
// nothing else is written, and a command that only reads does not wait for the lock: a folder that
// is locked, or cannot be written, keeps it where it is for a later command to move.
func (o *opener) adoptLegacy(ctx context.Context, prev *snapshot) {
	lock := tryLockDataDir(o.cfg.DataDir)
	if lock == nil {
		o.logger.Debug("the data folder's index stays where it is for now: the folder is locked or read-only", "data", o.cfg.DataDir)
		return
	}
	defer lock.unlock()
	o.moveLegacy(ctx, prev)
}

// moveLegacy moves prev, read from the data folder's index from before one index per corpus, to
// this corpus's folder, when it is still there unchanged and the corpus has no index of its own.
// The caller holds the data folder's lock.
func (o *opener) moveLegacy(ctx context.Context, prev *snapshot) {
	own := filepath.Join(o.dir, snapshotFile)
	if _, err := os.Stat(own); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	h, err := readHeader(o.legacyPath())
	if err != nil || h.key != prev.key || !h.created.Equal(prev.created) {
		return // another process moved or rewrote it meanwhile
	}
	if err := os.MkdirAll(o.dir, 0o700); err != nil {
		level := slog.LevelWarn
		if isReadOnly(err) {
			level = slog.LevelDebug // a read-only data folder is said once, when the corpus changes
		}
		o.logger.Log(ctx, level, "could not make the corpus's index folder; its index stays in the data folder", "index", o.dir, "err", err)
		return
	}
	if err := os.Rename(o.legacyPath(), own); err != nil {
		o.logger.Warn("could not move the data folder's index to its corpus's folder", "index", o.dir, "err", err)
		return
	}
	syncDir(o.dir)
	syncDir(o.cfg.DataDir)
	o.markUsed()
	o.logger.Info("the data folder's index is now kept per corpus: moved to its corpus's folder", "corpus", o.name, "index", o.dir)
}

// indexEntry is one index kept in a data folder, for [othersOf] and pruning.
type indexEntry struct {
	dir      string // its folder ("" for the data folder's index from before)
	snapshot string // its snapshot's path
	corpus   string // the corpus it is of, from its aboutFile ("" when unknown)
	used     time.Time
}

// indexesIn lists the indexes kept in dataDir other than the one whose snapshot is at own: those
// of corpora/ and the data folder's index from before, most recently used first.
func indexesIn(dataDir, own string) []indexEntry {
	var out []indexEntry
	if fi, err := os.Stat(filepath.Join(dataDir, snapshotFile)); err == nil && filepath.Join(dataDir, snapshotFile) != own {
		out = append(out, indexEntry{snapshot: filepath.Join(dataDir, snapshotFile), used: fi.ModTime()})
	}
	entries, _ := os.ReadDir(filepath.Join(dataDir, corporaDir))
	for _, e := range entries {
		dir := filepath.Join(dataDir, corporaDir, e.Name())
		snap := filepath.Join(dir, snapshotFile)
		if !e.IsDir() || snap == own {
			continue
		}
		ie := indexEntry{dir: dir, snapshot: snap}
		for _, p := range []string{filepath.Join(dir, aboutFile), snap, dir} {
			if fi, err := os.Stat(p); err == nil {
				ie.used = fi.ModTime()
				break
			}
		}
		if b, err := os.ReadFile(filepath.Join(dir, aboutFile)); err == nil {
			var a about
			if json.Unmarshal(b, &a) == nil {
				ie.corpus = a.Corpus
			}
		}
		out = append(out, ie)
	}
	slices.SortFunc(out, func(a, b indexEntry) int { return cmp.Or(b.used.Compare(a.used), cmp.Compare(a.dir, b.dir)) })
	return out
}

// inUse is what the indexes of a data folder other than one use of the embeddings store: the
// vector keys of each model (sorted), by model.
type inUse map[string][]VectorKey

// useOf reads which vectors the indexes of entries use. An index whose snapshot is gone uses
// none; one that cannot be read is an error, since nothing can then be removed safely.
func useOf(entries []indexEntry) (inUse, error) {
	use := inUse{}
	for _, e := range entries {
		model, keys, err := snapshotKeys(e.snapshot)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("the index of another corpus, %s: %w", e.snapshot, err)
		}
		use[model] = append(use[model], keys...)
	}
	for m, keys := range use {
		slices.SortFunc(keys, compareKeys)
		use[m] = slices.Compact(keys)
	}
	return use, nil
}

// uses reports whether an index uses the vector k of model.
func (u inUse) uses(model string, k VectorKey) bool {
	_, ok := sortedIndex(u[model], k)
	return ok
}

// usesModelTag reports whether an index uses the model whose store folder is tag.
func (u inUse) usesModelTag(tag string) bool {
	for m := range u {
		if modelTag(m) == tag {
			return true
		}
	}
	return false
}

// snapshotKeys reads the embedding model and the vector keys of the snapshot at path.
func snapshotKeys(path string) (string, []VectorKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	h, err := readSnapshotHeader(f)
	if err != nil {
		return "", nil, err
	}
	keys := make([]VectorKey, h.vectors)
	if err := readSection(f, h, secKeys, keyBytes(keys)); err != nil {
		return "", nil, err
	}
	return h.model, keys, nil
}

// prune removes the indexes of dataDir other than own's that have gone unused for [corpusIdle],
// beyond the [keptCorpora] used most recently (own's counts among them), and the vectors of the
// store that only they used. The caller holds the data folder's lock; model and keys are own's.
func prune(ctx context.Context, dataDir, own string, model string, keys []VectorKey, now time.Time, logger *slog.Logger) {
	others := indexesIn(dataDir, own)
	var gone, kept []indexEntry
	for i, e := range others {
		if i+1 >= keptCorpora && now.Sub(e.used) > corpusIdle {
			gone = append(gone, e)
		} else {
			kept = append(kept, e)
		}
	}
	if len(gone) == 0 {
		return
	}
	goneUse, err1 := useOf(gone)
	keptUse, err2 := useOf(kept)
	if err := errors.Join(err1, err2); err != nil {
		logger.Warn("the indexes of corpora no longer used are kept: an index cannot be read", "err", err)
		return
	}
	keptUse[model] = append(keptUse[model], keys...)
	slices.SortFunc(keptUse[model], compareKeys)
	for _, e := range gone {
		var err error
		if e.dir == "" {
			err = os.Remove(e.snapshot)
		} else {
			err = os.RemoveAll(e.dir)
		}
		if err != nil {
			logger.Warn("could not remove the index of a corpus no longer used", "index", e.snapshot, "err", err)
			return
		}
		logger.Info("removed the index of a corpus unused for 30 days (a data folder keeps those of the 4 corpora used last, and any used within 30 days)",
			"corpus", e.corpus, "index", cmp.Or(e.dir, e.snapshot), "last_used", e.used.Format(time.RFC3339))
	}
	for m, ks := range goneUse {
		if _, ok := keptUse[m]; !ok {
			continue // no index uses the model any more: its whole store goes (removeOtherModels)
		}
		var stale []VectorKey
		for _, k := range ks {
			if !keptUse.uses(m, k) {
				stale = append(stale, k)
			}
		}
		if len(stale) == 0 {
			continue
		}
		if _, err := openVectorStore(dataDir, m, logger).remove(ctx, stale); err != nil {
			logger.Warn("could not remove the vectors of an index no longer used", "err", err)
		}
	}
}

package retrieval

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// twoCorpora writes two corpora, A and B, that share one file's text.
func twoCorpora(tb testing.TB) (a, b string) {
	tb.Helper()
	a, b = tb.TempDir(), tb.TempDir()
	shared := "Pinduoduo groups buyers to lower prices.\n"
	writeCorpus(tb, a, map[string]string{"taobao.txt": "Taobao is Alibaba's marketplace.\n\nTmall sells brands.\n", "shared.txt": shared})
	writeCorpus(tb, b, map[string]string{"jd.txt": "JD.com delivers the same day.\n\nJD runs its own warehouses.\n", "same.txt": shared})
	return a, b
}

// corpusConfig indexes corpus into data as citebot does: its folder is its ID. Its clock is an hour
// ahead, so that the first index keeps the stamps of every file, and a later start never writes
// the snapshot again only to add those of files that have settled meanwhile (see [racyWindow]).
func corpusConfig(corpus, data string, n *atomic.Int64) Config {
	return Config{Seeds: os.DirFS(corpus), SeedsName: corpus, DataDir: data, CorpusID: corpus, Embedder: countingEmbedder("m", n), now: later}
}

// storeKeys lists the keys of model's vectors in data's store.
func storeKeys(tb testing.TB, data, model string) []VectorKey {
	tb.Helper()
	keys, err := openVectorStore(data, model, nil).keys(context.Background(), OfflineDimensions)
	if err != nil {
		tb.Fatal(err)
	}
	return keys
}

// union returns the sorted keys of the indexes, each once.
func union(ixs ...*Index) []VectorKey {
	var out []VectorKey
	for _, ix := range ixs {
		out = append(out, ix.keys...)
	}
	slices.SortFunc(out, compareKeys)
	return slices.Compact(out)
}

// TestSwitchingCorporaIndexesNothingAgain indexes corpus A, then B, in one data folder, then goes
// back to A: A's index is the one it left, loaded as it is (its snapshot not even rewritten), and
// nothing is embedded. An edit of A on the way removes only the vectors no corpus uses: B's stay.
func TestSwitchingCorporaIndexesNothingAgain(t *testing.T) {
	ctx := context.Background()
	a, b := twoCorpora(t)
	data := t.TempDir()
	var n atomic.Int64
	ixA, err := Open(ctx, corpusConfig(a, data, &n))
	if err != nil {
		t.Fatal(err)
	}
	snapA := filepath.Join(IndexDir(data, a), snapshotFile)
	beforeB := mustRead(t, snapA)
	n.Store(0)
	ixB, err := Open(ctx, corpusConfig(b, data, &n))
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("indexing B embedded %d texts, want 2 (the text it shares with A is stored)", got)
	}
	n.Store(0)
	back, err := Open(ctx, corpusConfig(a, data, &n))
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 0 || back.Stats().Embedded != 0 || back.Version() != ixA.Version() {
		t.Errorf("back to A: embedded %d, version %s; want nothing embedded and A's version %s", n.Load(), back.Version(), ixA.Version())
	}
	if !bytes.Equal(mustRead(t, snapA), beforeB) {
		t.Error("going back to A rewrote its snapshot; want it loaded as it was")
	}
	if got, want := storeKeys(t, data, "m"), union(ixA, ixB); !slices.Equal(got, want) {
		t.Errorf("the store holds %d vectors, want A's and B's %d", len(got), len(want))
	}
	// An edit of A drops its old paragraph's vector, and neither B's nor the shared one.
	writeCorpus(t, a, map[string]string{"taobao.txt": "Taobao is Alibaba's marketplace.\n\nTmall sells luxury brands.\n", "shared.txt": ""})
	if err := os.Remove(filepath.Join(a, "shared.txt")); err != nil {
		t.Fatal(err)
	}
	edited, err := Open(ctx, corpusConfig(a, data, &n))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := storeKeys(t, data, "m"), union(edited, ixB); !slices.Equal(got, want) {
		t.Errorf("after editing A the store holds %d vectors, want the edited A's and B's %d", len(got), len(want))
	}
	n.Store(0)
	if st, err := Update(ctx, corpusConfig(b, data, &n)); err != nil || st.Embedded != 0 || n.Load() != 0 {
		t.Errorf("B after A's edit: %+v, %v, embedded %d; want its index as it was", st, err, n.Load())
	}
	about, err := os.ReadFile(filepath.Join(IndexDir(data, b), aboutFile))
	if err != nil || !strings.Contains(string(about), filepath.ToSlash(b)) {
		t.Errorf("B's %s = %q, %v; want it to name B's folder", aboutFile, about, err)
	}
}

// TestOtherModelsOfOtherCorporaStay indexes corpus A with one embedding model and B with another
// in one data folder: saving either keeps the other's vectors.
func TestOtherModelsOfOtherCorporaStay(t *testing.T) {
	ctx := context.Background()
	a, b := twoCorpora(t)
	data := t.TempDir()
	var n atomic.Int64
	cfgB := corpusConfig(b, data, &n)
	cfgB.Embedder = countingEmbedder("m2", &n)
	if _, err := Open(ctx, corpusConfig(a, data, &n)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, cfgB); err != nil {
		t.Fatal(err)
	}
	writeCorpus(t, a, map[string]string{"new.txt": "Kuaishou opened a warehouse.\n"})
	if _, err := Open(ctx, corpusConfig(a, data, &n)); err != nil {
		t.Fatal(err)
	}
	n.Store(0)
	if err := os.Remove(filepath.Join(IndexDir(data, b), snapshotFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, cfgB); err != nil || n.Load() != 0 {
		t.Errorf("B rebuilt from the store embedded %d texts (%v), want none: its model's vectors stay while its index does", n.Load(), err)
	}
}

// legacyFolder indexes corpus into data as citebot did before one index per corpus: the index in
// the data folder itself.
func legacyFolder(tb testing.TB, corpus, data string, n *atomic.Int64) *Index {
	tb.Helper()
	cfg := corpusConfig(corpus, data, n)
	cfg.CorpusID = ""
	ix, err := Open(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

// TestDataFolderFromBeforeIsAdopted opens a data folder from before one index per corpus: its
// index moves to its corpus's folder at the first command, nothing indexed again.
func TestDataFolderFromBeforeIsAdopted(t *testing.T) {
	ctx := context.Background()
	a, _ := twoCorpora(t)
	data := t.TempDir()
	var n atomic.Int64
	old := legacyFolder(t, a, data, &n)
	n.Store(0)
	ix, err := Open(ctx, corpusConfig(a, data, &n))
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 0 || ix.Version() != old.Version() {
		t.Errorf("the first Open per corpus embedded %d texts, version %s; want none and the old index's %s", n.Load(), ix.Version(), old.Version())
	}
	if _, err := os.Stat(filepath.Join(data, snapshotFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the data folder's index is still there: %v", err)
	}
	if _, err := readSnapshot(filepath.Join(IndexDir(data, a), snapshotFile), nil); err != nil {
		t.Errorf("the corpus's index: %v", err)
	}
	if st, err := Update(ctx, corpusConfig(a, data, &n)); err != nil || st.Embedded != 0 {
		t.Errorf("Update after the move = %+v, %v; want the index current", st, err)
	}
}

// TestDataFolderFromBeforeStaysForItsCorpus opens a data folder from before with another corpus
// first: the old index is not that corpus's, so it stays where it is, with its vectors, until its
// own corpus comes back and takes it, nothing indexed again.
func TestDataFolderFromBeforeStaysForItsCorpus(t *testing.T) {
	ctx := context.Background()
	a, b := twoCorpora(t)
	data := t.TempDir()
	var n atomic.Int64
	old := legacyFolder(t, a, data, &n)
	var logs syncBuffer
	cfgB := corpusConfig(b, data, &n)
	cfgB.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	ixB, err := Open(ctx, cfgB)
	if err != nil {
		t.Fatal(err)
	}
	if len(ixB.Documents()) != 2 || !strings.Contains(logs.String(), "another corpus's") {
		t.Errorf("B in a data folder from before: %d documents, log %q; want B's 2 and a note that the old index is another corpus's", len(ixB.Documents()), logs.String())
	}
	if _, err := os.Stat(filepath.Join(data, snapshotFile)); err != nil {
		t.Errorf("A's index from before is gone: %v", err)
	}
	if got, want := storeKeys(t, data, "m"), union(old, ixB); !slices.Equal(got, want) {
		t.Errorf("the store holds %d vectors, want A's and B's %d", len(got), len(want))
	}
	n.Store(0)
	ixA, err := Open(ctx, corpusConfig(a, data, &n))
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 0 || ixA.Version() != old.Version() {
		t.Errorf("A after B embedded %d texts, version %s; want none and its old index %s", n.Load(), ixA.Version(), old.Version())
	}
	if _, err := os.Stat(filepath.Join(IndexDir(data, a), snapshotFile)); err != nil {
		t.Errorf("A did not take its index: %v", err)
	}
}

// TestReadOnlyDataFolderFromBefore serves a read-only data folder from before one index per
// corpus from its index, where it is.
func TestReadOnlyDataFolderFromBefore(t *testing.T) {
	ctx := context.Background()
	a, _ := twoCorpora(t)
	data := t.TempDir()
	var n atomic.Int64
	old := legacyFolder(t, a, data, &n)
	readOnly(t, data)
	ix, err := Open(ctx, corpusConfig(a, data, &n))
	if err != nil {
		t.Fatalf("Open of a read-only data folder from before = %v, want its index", err)
	}
	if ix.Stale() || ix.Version() != old.Version() {
		t.Errorf("read-only Open: stale %v, version %s; want the old index %s, current", ix.Stale(), ix.Version(), old.Version())
	}
}

// TestIdleCorporaArePruned keeps the indexes of six corpora in one data folder and ages five of
// them: saving an index removes those unused for 30 days beyond the four used last, and the
// vectors only they used; the shared vector, and the rest, stay.
func TestIdleCorporaArePruned(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	var n atomic.Int64
	corpora := make([]string, 6)
	indexes := make([]*Index, 6)
	for i := range corpora {
		corpora[i] = t.TempDir()
		writeCorpus(t, corpora[i], map[string]string{
			"own.txt":    strings.Repeat("Zorblax ", i+1) + "sells teapots in Hangzhou.\n",
			"shared.txt": "Pinduoduo groups buyers to lower prices.\n",
		})
		ix, err := Open(ctx, corpusConfig(corpora[i], data, &n))
		if err != nil {
			t.Fatal(err)
		}
		indexes[i] = ix
	}
	// Last used: corpus 0 now (it saves), 1 ten days ago, 2 to 5 forty days ago, 2 the latest.
	age := func(i int, d time.Duration) {
		t.Helper()
		when := time.Now().Add(-d)
		if err := os.Chtimes(filepath.Join(IndexDir(data, corpora[i]), aboutFile), when, when); err != nil {
			t.Fatal(err)
		}
	}
	age(1, 10*24*time.Hour)
	for i := 2; i < 6; i++ {
		age(i, 40*24*time.Hour+time.Duration(i)*time.Hour)
	}
	writeCorpus(t, corpora[0], map[string]string{"new.txt": "Kuaishou opened a warehouse.\n"})
	ix0, err := Open(ctx, corpusConfig(corpora[0], data, &n))
	if err != nil {
		t.Fatal(err)
	}
	kept := []*Index{ix0, indexes[1], indexes[2], indexes[3]}
	for i, want := range []bool{true, true, true, true, false, false} {
		_, err := os.Stat(IndexDir(data, corpora[i]))
		if got := err == nil; got != want {
			t.Errorf("corpus %d's index kept = %v (%v), want %v", i, got, err, want)
		}
	}
	if got, want := storeKeys(t, data, "m"), union(kept...); !slices.Equal(got, want) {
		t.Errorf("the store holds %d vectors, want the kept indexes' %d", len(got), len(want))
	}
	n.Store(0)
	if _, err := Open(ctx, corpusConfig(corpora[5], data, &n)); err != nil || n.Load() != 1 {
		t.Errorf("a pruned corpus opened again embedded %d texts (%v), want its own one: the shared one stayed", n.Load(), err)
	}
}

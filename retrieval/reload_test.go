package retrieval

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/synthcorpus"
)

// reloadCorpus writes a synthetic corpus of 300 chunks, with one file's text repeated in another
// (so that passages share vectors), and indexes it into a fresh data folder.
func reloadCorpus(tb testing.TB, n *atomic.Int64) (corpus, data string, ix *Index, cfg Config) {
	tb.Helper()
	return reloadCorpusAt(tb, n, nil)
}

// later is a clock an hour ahead: files written by the test have settled by it (see
// [racyWindow]), so that a reload trusts the stamps of those it does not change.
func later() time.Time { return time.Now().Add(time.Hour) }

// reloadCorpusAt is reloadCorpus with the clock now for every scan (nil: the real one).
func reloadCorpusAt(tb testing.TB, n *atomic.Int64, now func() time.Time) (corpus, data string, ix *Index, cfg Config) {
	tb.Helper()
	corpus, data = tb.TempDir(), tb.TempDir()
	if err := synthcorpus.Write(corpus, 300, 11); err != nil {
		tb.Fatal(err)
	}
	copyFile(tb, filepath.Join(corpus, "synthetic", "00003.txt"), filepath.Join(corpus, "copy-of-3.txt"))
	writeCorpus(tb, corpus, map[string]string{"unique.txt": "Quuxifrage is a word no other file has."})
	cfg = Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", n), now: now}
	ix, err := Open(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return corpus, data, ix, cfg
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// editCorpus changes the corpus every way a reload must follow: an edit, a deletion, a new file,
// a rename, a file whose text another already has, a file emptied of one paragraph, and the
// deletion of the only file with some words.
func editCorpus(tb testing.TB, corpus string) {
	tb.Helper()
	syn := filepath.Join(corpus, "synthetic")
	old, err := os.ReadFile(filepath.Join(syn, "00010.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	writeCorpus(tb, corpus, map[string]string{
		"synthetic/00010.txt": "Zorblax sells teapots in Hangzhou.\n\n" + string(old),
		"new/zorblax.md":      "# Zorblax\n\nZorblax is a marketplace of teapots founded in 2031.\n",
	})
	if err := os.Remove(filepath.Join(corpus, "unique.txt")); err != nil {
		tb.Fatal(err)
	}
	if err := os.Remove(filepath.Join(syn, "00020.txt")); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(filepath.Join(syn, "00021.txt"), filepath.Join(corpus, "renamed.txt")); err != nil {
		tb.Fatal(err)
	}
	copyFile(tb, filepath.Join(syn, "00005.txt"), filepath.Join(corpus, "copy-of-5.txt"))
	paras := strings.SplitAfter(string(mustRead(tb, filepath.Join(syn, "00007.txt"))), "\n\n")
	writeCorpus(tb, corpus, map[string]string{"synthetic/00007.txt": strings.Join(paras[1:], "")})
	// The file whose text copy-of-3.txt repeats goes: the copy keeps the shared vectors alive.
	if err := os.Remove(filepath.Join(syn, "00003.txt")); err != nil {
		tb.Fatal(err)
	}
}

// stampCase is a clock for the scans of a test whose files are edited between two of them, and
// how many of the corpus's files a scan after the edits reads.
type stampCase struct {
	name     string
	now      func() time.Time
	wantRead func(files int) int
}

// stampCases are a clock by which the files are just written, whose stamps no scan trusts, and one
// by which they have settled: then a scan after editCorpus reads only the 5 files it writes or
// moves (two edits, a new file, a rename and a copy).
func stampCases() []stampCase {
	const changed = 5
	written := time.Now() // before any file of the test: every file is written within racyWindow of it
	return []stampCase{
		{"just written", func() time.Time { return written }, func(files int) int { return files }},
		{"settled", later, func(int) int { return changed }},
	}
}

// equalsScratch fails tb unless ix, the index of corpus after editCorpus whose snapshot has been
// saved in data, equals an index built from scratch with the clock now: the index, the edited
// text found, the snapshot byte for byte (the files' stamps included), and the store holding
// exactly its vectors.
func equalsScratch(tb testing.TB, corpus, data string, ix *Index, now func() time.Time) {
	tb.Helper()
	ctx := context.Background()
	var n atomic.Int64
	scratch, err := Open(ctx, Config{Seeds: os.DirFS(corpus), Embedder: countingEmbedder("m", &n), now: now})
	if err != nil {
		tb.Fatal(err)
	}
	sameIndex(tb, ix, scratch)
	if res, err := ix.Search(ctx, "Zorblax teapots Hangzhou", 1); err != nil || len(res) != 1 || !strings.Contains(res[0].Text, "Zorblax") {
		tb.Errorf("Search = %v, %v; want the edited text", res, err)
	}
	got := mustRead(tb, filepath.Join(data, snapshotFile))
	want := scratch.snap
	want.created = ix.snap.created
	path := filepath.Join(tb.TempDir(), snapshotFile)
	if err := writeSnapshot(path, want); err != nil {
		tb.Fatal(err)
	}
	if !bytes.Equal(got, mustRead(tb, path)) {
		tb.Error("the snapshot saved differs from the one a build from scratch writes")
	}
	stored, err := openVectorStore(data, "m", nil).keys(ctx, ix.vectors.(*flatVectors).dim)
	if err != nil {
		tb.Fatal(err)
	}
	if !slices.Equal(stored, ix.keys) {
		tb.Errorf("the store holds %d vectors, want exactly the index's %d", len(stored), len(ix.keys))
	}
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// TestReloadEqualsBuildFromScratch reloads a served index after edits of every kind: the new
// version, spliced from the one served, equals an index built from scratch; it embeds only the new
// passages; and the snapshot it saves after the fact is byte for byte the one a build from scratch
// writes (the stamps of the files too: the build from scratch reads them at the same time), and
// removes from the store exactly the vectors no passage uses any more. It does so with files just
// written, which a reload reads again whatever their stamps, and with files settled, of which it
// reads only those whose stamps changed.
func TestReloadEqualsBuildFromScratch(t *testing.T) {
	for _, tc := range stampCases() {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			var n atomic.Int64
			corpus, data, served, cfg := reloadCorpusAt(t, &n, tc.now)
			editCorpus(t, corpus)
			n.Store(0)
			ix, pending, err := Reload(ctx, cfg, served)
			if err != nil {
				t.Fatal(err)
			}
			if pending == nil {
				t.Fatal("Reload after edits left nothing to save")
			}
			if got, want := ix.Stats().Read, tc.wantRead(len(ix.Documents())); got != want {
				t.Errorf("Reload read %d files, want %d", got, want)
			}
			if got := n.Load(); got < 1 || got > 4 {
				t.Errorf("Reload embedded %d texts, want the few new paragraphs only", got)
			}
			if err := pending.Save(); err != nil {
				t.Fatal(err)
			}
			equalsScratch(t, corpus, data, ix, tc.now)
			again, pending, err := Reload(ctx, cfg, ix)
			if err != nil || again != ix || pending != nil {
				t.Errorf("Reload of an unchanged corpus = %p, %v, %v; want the index served (%p) and nothing to save", again, pending, err, ix)
			}
		})
	}
}

// TestKilledBeforeTheSnapshotIsSaved serves a reloaded version and then stops as a process killed
// between the swap and the end of the write would: the lock released, a half-written temporary
// file left. The data folder still loads (the previous snapshot), and the next start serves the
// new text without embedding it again.
func TestKilledBeforeTheSnapshotIsSaved(t *testing.T) {
	ctx := context.Background()
	var n atomic.Int64
	corpus, data, served, cfg := reloadCorpus(t, &n)
	editCorpus(t, corpus)
	ix, pending, err := Reload(ctx, cfg, served)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := ix.Search(ctx, "Zorblax teapots Hangzhou", 1); err != nil || len(res) != 1 || !strings.Contains(res[0].Text, "Zorblax") {
		t.Fatalf("Search after Reload = %v, %v; want the edited text", res, err)
	}
	half := filepath.Join(data, "."+snapshotFile+".tmp-killed")
	if err := os.WriteFile(half, []byte(snapshotMagic+"\x05\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	pending.Abandon()
	left, err := readSnapshot(filepath.Join(data, snapshotFile), nil)
	if err != nil {
		t.Fatalf("the data folder's snapshot after a kill before the save: %v", err)
	}
	if left.key != served.snap.key {
		t.Error("the data folder's snapshot is not the previous version")
	}
	n.Store(0)
	next, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 0 || next.Version() != ix.Version() {
		t.Errorf("the next start embedded %d texts and built version %s; want none (the store has them) and %s", n.Load(), next.Version(), ix.Version())
	}
	if res, err := next.Search(ctx, "Zorblax teapots Hangzhou", 1); err != nil || len(res) != 1 || !strings.Contains(res[0].Text, "Zorblax") {
		t.Errorf("Search after the next start = %v, %v; want the edited text", res, err)
	}
	if _, err := os.Stat(half); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the half-written snapshot is still there: %v", err)
	}
}

// TestPendingSnapshotHoldsTheLock checks that reloads stay single-writer: until the reloaded
// version's snapshot is saved, another process cannot update the data folder.
func TestPendingSnapshotHoldsTheLock(t *testing.T) {
	ctx := context.Background()
	var n atomic.Int64
	corpus, _, served, cfg := reloadCorpus(t, &n)
	editCorpus(t, corpus)
	_, pending, err := Reload(ctx, cfg, served)
	if err != nil {
		t.Fatal(err)
	}
	other := cfg
	other.LockTimeout = 100 * time.Millisecond
	if _, err := Update(ctx, other); !errors.Is(err, ErrLocked) {
		t.Errorf("Update while a snapshot is pending = %v, want %v", err, ErrLocked)
	}
	if err := pending.Save(); err != nil {
		t.Fatal(err)
	}
	if st, err := Update(ctx, other); err != nil || st.Embedded != 0 {
		t.Errorf("Update after the save = %+v, %v; want the snapshot current", st, err)
	}
}

// TestReloadAfterAnotherWriter reloads after another process updated the data folder: the version
// served is not the folder's any more, so the reload starts from the folder's snapshot, and the
// store ends up with exactly the vectors the corpus needs.
func TestReloadAfterAnotherWriter(t *testing.T) {
	ctx := context.Background()
	var n atomic.Int64
	corpus, data, served, cfg := reloadCorpus(t, &n)
	writeCorpus(t, corpus, map[string]string{"other.txt": "Kuaishou opened a warehouse in Chengdu."})
	if _, err := Update(ctx, cfg); err != nil { // another process
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(corpus, "other.txt")); err != nil {
		t.Fatal(err)
	}
	editCorpus(t, corpus)
	ix, pending, err := Reload(ctx, cfg, served)
	if err != nil {
		t.Fatal(err)
	}
	if err := pending.Save(); err != nil {
		t.Fatal(err)
	}
	stored, err := openVectorStore(data, "m", nil).keys(ctx, ix.vectors.(*flatVectors).dim)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stored, ix.keys) {
		t.Errorf("the store holds %d vectors, want exactly the index's %d (the other process's are stale)", len(stored), len(ix.keys))
	}
	if _, ok := ix.Document("other.txt"); ok {
		t.Error("the reloaded index has a file no longer in the corpus")
	}
}

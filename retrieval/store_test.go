package retrieval

import (
	"context"
	"encoding/binary"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/citebot/citebot/internal/readonlydir"
	"github.com/philippgille/chromem-go"
)

// countingEmbedder wraps the offline embedder and counts the texts it embeds.
func countingEmbedder(model string, texts *atomic.Int64) Embedder {
	e := OfflineEmbedder()
	inner := e.Embed
	e.Model = model
	e.Embed = func(ctx context.Context, in []string) ([][]float32, error) {
		texts.Add(int64(len(in)))
		return inner(ctx, in)
	}
	return e
}

func writeCorpus(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestIncrementalIndexing(t *testing.T) {
	ctx := context.Background()
	corpus, data := t.TempDir(), t.TempDir()
	writeCorpus(t, corpus, map[string]string{
		"a.txt": "Taobao is Alibaba's marketplace.\n\nTmall sells brands.\n\nJD.com delivers fast.",
		"b.txt": "Douyin sells through short videos.\n\nKuaishou follows.",
		"c.txt": "Pinduoduo grew with group buying.",
	})
	var embedded atomic.Int64
	open := func(model string) *Index {
		t.Helper()
		ix, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder(model, &embedded)})
		if err != nil {
			t.Fatalf("Open = %v", err)
		}
		return ix
	}
	ix := open("m1")
	if st := ix.Stats(); st.Files != 3 || st.Chunks != 6 || st.Embedded != 6 || st.Reused != 0 || st.Removed != 0 {
		t.Fatalf("first run stats = %+v, want 3 files, 6 chunks all embedded", st)
	}
	v1 := ix.Version()

	embedded.Store(0)
	ix = open("m1")
	if st := ix.Stats(); st.Embedded != 0 || st.Reused != 6 || embedded.Load() != 0 {
		t.Fatalf("unchanged re-index stats = %+v, texts embedded %d; want 0 embedded, 6 reused", st, embedded.Load())
	}
	if ix.Version() != v1 {
		t.Errorf("Version changed on an unchanged corpus: %s -> %s", v1, ix.Version())
	}

	// Change one paragraph of a.txt and delete c.txt: only the changed chunk is embedded, c's goes.
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao is Alibaba's marketplace.\n\nTmall sells luxury brands.\n\nJD.com delivers fast."})
	if err := os.Remove(filepath.Join(corpus, "c.txt")); err != nil {
		t.Fatal(err)
	}
	embedded.Store(0)
	ix = open("m1")
	if st := ix.Stats(); st.Files != 2 || st.Chunks != 5 || st.Embedded != 1 || st.Reused != 4 || st.Removed != 2 || embedded.Load() != 1 {
		t.Fatalf("after edit+delete stats = %+v (texts embedded %d); want 2 files, 5 chunks, 1 embedded, 4 reused, 2 removed", st, embedded.Load())
	}
	if ix.Version() == v1 {
		t.Error("Version unchanged after the corpus changed")
	}
	res, err := ix.Search(ctx, "Pinduoduo group buying", 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.File == "c.txt" {
			t.Errorf("search found deleted file c.txt: %+v", r)
		}
	}

	// A new embedding model re-embeds everything and drops the old model's vectors.
	embedded.Store(0)
	ix = open("m2")
	if st := ix.Stats(); st.Embedded != 5 || st.Reused != 0 || st.Removed != 5 {
		t.Fatalf("model change stats = %+v, want 5 embedded, 0 reused, 5 removed", st)
	}
	if entries, _ := os.ReadDir(filepath.Join(data, storeDirName)); len(entries) != 1 || entries[0].Name() != modelTag("m2") {
		t.Errorf("model stores after model change = %v, want only m2's", entries)
	}
}

func TestInterruptedRunNeverMixesVersions(t *testing.T) {
	ctx := context.Background()
	corpus, data := t.TempDir(), t.TempDir()
	writeCorpus(t, corpus, map[string]string{"a.txt": "Old text about Taobao.", "b.txt": "Old text about JD.com."})
	var n atomic.Int64
	if _, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", &n)}); err != nil {
		t.Fatal(err)
	}
	// The next run fails half-way through embedding the new version.
	writeCorpus(t, corpus, map[string]string{"a.txt": "New text about Douyin.", "b.txt": "New text about Kuaishou."})
	failing := countingEmbedder("m", &n)
	inner := failing.Embed
	failing.BatchSize = 1
	calls := 0
	failing.Embed = func(ctx context.Context, texts []string) ([][]float32, error) {
		calls++
		if calls > 1 {
			return nil, context.DeadlineExceeded
		}
		return inner(ctx, texts)
	}
	if _, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: failing}); err == nil {
		t.Fatal("Open with a failing embedder = nil error, want the failure")
	}
	// The next good run answers only from the current files and cleans up the old vectors.
	ix, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", &n)})
	if err != nil {
		t.Fatal(err)
	}
	if st := ix.Stats(); st.Removed != 2 || st.Embedded != 1 || st.Reused != 1 {
		t.Errorf("recovery stats = %+v, want 2 old vectors removed, 1 embedded, 1 reused", st)
	}
	res, err := ix.Search(ctx, "Old text about Taobao", 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if strings.Contains(r.Text, "Old") {
			t.Errorf("search answered from the old version: %q", r.Text)
		}
	}
}

func TestCorruptDataFolderIsRebuilt(t *testing.T) {
	ctx := context.Background()
	corpus, data := t.TempDir(), t.TempDir()
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao and Tmall.\n\nJD.com."})
	var n atomic.Int64
	if _, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", &n)}); err != nil {
		t.Fatal(err)
	}
	// Garble every file of the data folder: the snapshot, the vectors and chromem-go's metadata.
	err := filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			return os.WriteFile(p, []byte("garbage"), 0o600)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", &n)})
	if err != nil {
		t.Fatalf("Open on a corrupt data folder = %v, want a rebuild", err)
	}
	if st := ix.Stats(); st.Embedded != 2 {
		t.Errorf("rebuild stats = %+v, want both chunks re-embedded", st)
	}
	if res, err := ix.Search(ctx, "JD.com", 1); err != nil || len(res) != 1 {
		t.Errorf("search after rebuild = %v, %v", res, err)
	}
	n.Store(0)
	if _, err = Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", &n)}); err != nil || n.Load() != 0 {
		t.Errorf("Open after the rebuild = %v, embedded %d texts; want none", err, n.Load())
	}
}

func TestDataFolderNotWritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	corpus := t.TempDir()
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao."})
	_, err := Open(context.Background(), Config{Seeds: os.DirFS(corpus), DataDir: filepath.Join(file, "data"), Embedder: OfflineEmbedder()})
	if err == nil || !strings.Contains(err.Error(), "data folder") || !strings.Contains(err.Error(), "CITEBOT_DATA_DIR") {
		t.Fatalf("Open with an unusable data folder = %v, want an error naming the data folder and the fix", err)
	}
}

// TestChromemFileNames pins how chromem-go names a vector's file, which the store relies on to
// keep IDs from sharing one: an upgrade of chromem-go that changes it must fail here.
func TestChromemFileNames(t *testing.T) {
	dir := t.TempDir()
	db, err := chromem.NewPersistentDB(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	coll, err := db.GetOrCreateCollection(shardCollection, nil, refuseToEmbed)
	if err != nil {
		t.Fatal(err)
	}
	id := VectorKey{1, 2, 3}.String() + "/2"
	if err := coll.AddDocument(context.Background(), chromem.Document{ID: id, Embedding: []float32{1, 0}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{chromemFileName(id), metadataFile} {
		if _, err := os.Stat(filepath.Join(collectionDir(dir), name)); err != nil {
			t.Errorf("chromem-go did not write %s where the store expects it: %v", name, err)
		}
	}
}

// collidingKeys finds two vector keys of the same shard whose chromem-go file names are equal: a
// birthday search over 32 bits, about 80,000 hashes.
func collidingKeys(tb testing.TB) (VectorKey, VectorKey) {
	tb.Helper()
	seen := map[string]VectorKey{}
	for i := uint64(0); i < 1<<22; i++ {
		var k VectorKey
		k[0] = 0x42
		binary.LittleEndian.PutUint64(k[1:], i)
		name := chromemFileName(storeID(k, 0))
		if other, ok := seen[name]; ok {
			return other, k
		}
		seen[name] = k
	}
	tb.Fatal("no 32-bit collision found")
	return VectorKey{}, VectorKey{}
}

// TestStoreIDsNeverShareAFile forces two keys onto one 32-bit file name. chromem-go alone keeps
// one vector and loses the other when the database is read again; the store keeps both, each
// under its own file, across reopening, and removing one leaves the other.
func TestStoreIDsNeverShareAFile(t *testing.T) {
	ctx := context.Background()
	a, b := collidingKeys(t)
	va, vb := []float32{1, 0, 0}, []float32{0, 1, 0}

	// The failure the store prevents: chromem-go with the keys as IDs.
	raw := t.TempDir()
	db, _ := chromem.NewPersistentDB(raw, false)
	coll, _ := db.GetOrCreateCollection("c", nil, refuseToEmbed)
	_ = coll.AddDocument(ctx, chromem.Document{ID: a.String(), Embedding: va})
	_ = coll.AddDocument(ctx, chromem.Document{ID: b.String(), Embedding: vb})
	db, _ = chromem.NewPersistentDB(raw, false)
	if n := db.GetCollection("c", refuseToEmbed).Count(); n != 1 {
		t.Fatalf("chromem-go kept %d of two colliding IDs; the keys do not collide as this test needs", n)
	}

	data := t.TempDir()
	s := openVectorStore(data, "m", slog.New(slog.DiscardHandler))
	if err := s.put(ctx, []VectorKey{a}, [][]float32{va}); err != nil {
		t.Fatal(err)
	}
	if err := s.put(ctx, []VectorKey{b, a}, [][]float32{vb, va}); err != nil {
		t.Fatal(err)
	}
	s = openVectorStore(data, "m", slog.New(slog.DiscardHandler)) // read from disk again
	got, err := s.get(ctx, []VectorKey{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got[a], va) || !slices.Equal(got[b], vb) {
		t.Fatalf("store.get after reopening = %v, want both vectors intact", got)
	}
	if n := countVectorFiles(s.root); n != 2 {
		t.Errorf("vector files = %d, want 2", n)
	}
	if n, err := s.remove(ctx, []VectorKey{a}); err != nil || n != 1 {
		t.Fatalf("remove(a) = %d, %v", n, err)
	}
	s = openVectorStore(data, "m", slog.New(slog.DiscardHandler))
	got, err = s.get(ctx, []VectorKey{a, b})
	if err != nil || got[a] != nil || !slices.Equal(got[b], vb) {
		t.Errorf("after removing a: get = %v, %v; want only b", got, err)
	}
	// b now lives at a suffixed ID while a's plain name is free again: storing a takes that name.
	if err := s.put(ctx, []VectorKey{a}, [][]float32{va}); err != nil {
		t.Fatal(err)
	}
	s = openVectorStore(data, "m", slog.New(slog.DiscardHandler))
	if got, _ = s.get(ctx, []VectorKey{a, b}); !slices.Equal(got[a], va) || !slices.Equal(got[b], vb) {
		t.Errorf("after storing a again: get = %v, want both", got)
	}
}

// TestIncompleteVectorFilesAreRepaired leaves what a run killed while chromem-go writes leaves (an
// empty file, a file cut short, a cut metadata file): only those vectors are lost.
func TestIncompleteVectorFilesAreRepaired(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	s := openVectorStore(data, "m", slog.New(slog.DiscardHandler))
	var keys []VectorKey
	var vecs [][]float32
	for i := range 6 {
		keys = append(keys, VectorKey{0x07, byte(i)})
		vecs = append(vecs, []float32{float32(i), 1})
	}
	if err := s.put(ctx, keys, vecs); err != nil {
		t.Fatal(err)
	}
	dir := collectionDir(filepath.Join(s.root, "07"))
	cut := func(k VectorKey, n int) {
		p := filepath.Join(dir, chromemFileName(storeID(k, 0)))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b[:min(n, len(b))], 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cut(keys[1], 0)
	cut(keys[2], 40)
	meta, _ := os.ReadFile(filepath.Join(dir, metadataFile))
	if err := os.WriteFile(filepath.Join(dir, metadataFile), meta[:len(meta)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	s = openVectorStore(data, "m", slog.New(slog.DiscardHandler))
	got, err := s.get(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		if want := i != 1 && i != 2; (got[k] != nil) != want {
			t.Errorf("vector %d kept = %v, want %v", i, got[k] != nil, want)
		}
	}
}

// TestReadOnlyDataFolder serves from the last snapshot when the data folder cannot be written, says
// so, and fails clearly when there is no snapshot to serve.
func TestReadOnlyDataFolder(t *testing.T) {
	ctx := context.Background()
	corpus, data, empty := t.TempDir(), t.TempDir(), t.TempDir()
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao is Alibaba's marketplace."})
	var n atomic.Int64
	if _, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", &n)}); err != nil {
		t.Fatal(err)
	}
	writeCorpus(t, corpus, map[string]string{"a.txt": "Douyin is ByteDance's app.", "b.txt": "JD.com delivers."})
	readOnly(t, data)
	readOnly(t, empty)
	var logs syncBuffer
	ix, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", &n), Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatalf("Open with a read-only data folder = %v, want the last snapshot", err)
	}
	if !ix.Stale() || len(ix.Documents()) != 1 || !strings.Contains(logs.String(), "read-only") {
		t.Errorf("read-only Open: stale %v, %d documents, log %q; want the old snapshot's one document and a warning", ix.Stale(), len(ix.Documents()), logs.String())
	}
	if res, err := ix.Search(ctx, "Taobao", 1); err != nil || len(res) != 1 || !strings.Contains(res[0].Text, "Taobao") {
		t.Errorf("Search on the read-only index = %v, %v", res, err)
	}
	_, err = Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: filepath.Join(empty, "data"), Embedder: countingEmbedder("m", &n)})
	if err == nil || !strings.Contains(err.Error(), "cannot be written") {
		t.Errorf("Open with a read-only folder and no snapshot = %v, want an error saying it cannot be written", err)
	}
}

// readOnly makes dir read-only until the test ends (see [readonlydir.Make]).
func readOnly(tb testing.TB, dir string) { readonlydir.Make(tb, dir) }

// TestLegacyStoreIsMigrated builds the data folder of citebot before the snapshot (one chromem-go
// database in vectors/, IDs the keys' hex, a manifest): the first Open takes its vectors instead
// of embedding them again, and removes it.
func TestLegacyStoreIsMigrated(t *testing.T) {
	ctx := context.Background()
	corpus, data := t.TempDir(), t.TempDir()
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao is Alibaba's marketplace.\n\nJD.com delivers fast."})
	var n atomic.Int64
	emb := countingEmbedder("m", &n)
	mem, err := Open(ctx, Config{Seeds: os.DirFS(corpus), Embedder: emb})
	if err != nil {
		t.Fatal(err)
	}
	db, err := chromem.NewPersistentDB(filepath.Join(data, legacyDir), false)
	if err != nil {
		t.Fatal(err)
	}
	coll, err := db.GetOrCreateCollection("passages-"+modelTag("m"), map[string]string{"model": "m"}, refuseToEmbed)
	if err != nil {
		t.Fatal(err)
	}
	f := mem.vectors.(*flatVectors)
	for i, k := range f.keys {
		if err := coll.AddDocument(ctx, chromem.Document{ID: k.String(), Embedding: f.vector(i)}); err != nil {
			t.Fatal(err)
		}
	}
	writeCorpus(t, data, map[string]string{"manifest-passages-" + modelTag("m") + ".json": `{"ids": []}`})
	n.Store(0)
	ix, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: emb})
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 0 || ix.Stats().Embedded != 0 {
		t.Errorf("migrating the old store embedded %d texts, want 0", n.Load())
	}
	if _, err := os.Stat(filepath.Join(data, legacyDir)); !os.IsNotExist(err) {
		t.Errorf("the old store is still there (%v)", err)
	}
	if m, _ := filepath.Glob(filepath.Join(data, "manifest-*.json")); len(m) > 0 {
		t.Errorf("old manifests left: %v", m)
	}
	if got := storedCount(t, data, "m"); got != len(f.keys) {
		t.Errorf("the new store holds %d vectors, want %d", got, len(f.keys))
	}
}

func storedCount(tb testing.TB, data, model string) int {
	tb.Helper()
	return countVectorFiles(filepath.Join(data, storeDirName, modelTag(model)))
}

// TestCorpusWithoutPassages indexes a folder whose only document holds nothing visible: no
// passage, no vector, and no failure.
func TestCorpusWithoutPassages(t *testing.T) {
	corpus, data := t.TempDir(), t.TempDir()
	writeCorpus(t, corpus, map[string]string{"a.txt": "\u200b\u200b\n\u200b\n"})
	var n atomic.Int64
	for range 2 {
		ix, err := Open(context.Background(), Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", &n)})
		if err != nil {
			t.Fatalf("Open = %v", err)
		}
		if res, err := ix.Search(context.Background(), "Taobao", 5); err != nil || len(res) != 0 {
			t.Errorf("Search = %v, %v; want nothing", res, err)
		}
	}
}

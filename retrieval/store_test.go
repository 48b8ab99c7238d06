package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
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
	if entries, _ := filepath.Glob(filepath.Join(data, "manifest-*.json")); len(entries) != 1 {
		t.Errorf("manifests after model change = %v, want exactly one", entries)
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
	// Truncate every stored vector file and garble the manifest.
	err := filepath.WalkDir(filepath.Join(data, "vectors"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			return os.WriteFile(p, []byte("garbage"), 0o600)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	manifests, _ := filepath.Glob(filepath.Join(data, "manifest-*.json"))
	for _, m := range manifests {
		if err := os.WriteFile(m, []byte("{not json"), 0o600); err != nil {
			t.Fatal(err)
		}
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

package retrieval

import (
	"context"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/philippgille/chromem-go"

	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/synthcorpus"
	"github.com/citebot/citebot/llm"
)

// crashModel is the embedder model of the crash test's OpenAI-compatible server.
const crashModel = "openai:text-embedding-test"

// TestCrashChild is the process TestKilledIndexEmbedsOnlyWhatWasNeverStored kills: it indexes the
// corpus in $CITEBOT_CRASH_CORPUS into $CITEBOT_CRASH_DATA with the embeddings server at
// $CITEBOT_CRASH_URL. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	if os.Getenv("CITEBOT_CRASH_CHILD") != "1" {
		t.Skip("only run as the child process of TestKilledIndexEmbedsOnlyWhatWasNeverStored")
	}
	client := newLLMClient(t, os.Getenv("CITEBOT_CRASH_URL"))
	emb := OpenAIEmbedder(client, strings.TrimPrefix(crashModel, "openai:"), 8)
	_, err := Open(context.Background(), Config{Seeds: os.DirFS(os.Getenv("CITEBOT_CRASH_CORPUS")), DataDir: os.Getenv("CITEBOT_CRASH_DATA"), Embedder: emb})
	if err != nil {
		t.Fatal(err)
	}
}

// storedKeys reads the store the way a careful reader would, without chromem-go or repairs: the
// keys of every vector file that decodes completely.
func storedKeys(tb testing.TB, data string) map[VectorKey]bool {
	tb.Helper()
	out := map[VectorKey]bool{}
	root := filepath.Join(data, storeDirName, modelTag(crashModel))
	files, _ := filepath.Glob(filepath.Join(root, "*", "*", "*.gob"))
	for _, p := range files {
		var doc chromem.Document
		if filepath.Base(p) == metadataFile || decodeGobFile(p, &doc) != nil || len(doc.Embedding) == 0 {
			continue
		}
		id, _, _ := strings.Cut(doc.ID, "/")
		b, err := hex.DecodeString(id)
		if err != nil || len(b) != 16 {
			tb.Fatalf("vector file %s holds ID %q", p, doc.ID)
		}
		out[VectorKey(b)] = true
	}
	return out
}

// TestKilledIndexEmbedsOnlyWhatWasNeverStored kills an indexing process with SIGKILL at random
// points (while embedding, while chromem-go writes, while the snapshot is written), again and
// again, and checks after each run that it asked the embeddings server only for vectors that were
// not stored when it started; then a run to the end asks for exactly the vectors never stored, and
// the one after it for none.
func TestKilledIndexEmbedsOnlyWhatWasNeverStored(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	srv := openaitest.New(t)
	srv.SetLatency(2 * time.Millisecond)
	corpus, data := t.TempDir(), t.TempDir()
	const chunks = 300
	if err := synthcorpus.Write(corpus, chunks, 7); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 3))
	// edit rewrites a few files, so that every round has new passages to embed and stale ones to
	// remove.
	edit := func(round int) {
		files := synthcorpus.Files(chunks, uint64(100+round))
		for range 6 {
			f := files[rng.IntN(len(files))]
			if err := os.WriteFile(filepath.Join(corpus, filepath.FromSlash(f.Name)), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// needed returns the keys of the corpus as it is (keys depend on the model's name and the
	// texts, not on the vectors, so the offline embedder can stand in).
	needed := func() []VectorKey {
		emb := OfflineEmbedder()
		emb.Model = crashModel
		ix, err := Open(context.Background(), Config{Seeds: os.DirFS(corpus), Embedder: emb})
		if err != nil {
			t.Fatal(err)
		}
		return ix.keys
	}

	run := func(killAfter int) bool {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CITEBOT_CRASH_CHILD=1", "CITEBOT_CRASH_CORPUS="+corpus, "CITEBOT_CRASH_DATA="+data, "CITEBOT_CRASH_URL="+srv.URL())
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if killAfter >= 0 {
			for srv.EmbeddingRequests() < killAfter {
				select {
				case err := <-done:
					t.Logf("run finished (%v) before its kill point", err)
					return false
				case <-time.After(time.Millisecond):
				}
			}
			time.Sleep(time.Duration(rng.IntN(5000)) * time.Microsecond)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return true
		}
		if err := <-done; err != nil {
			t.Fatalf("the run to the end failed: %v", err)
		}
		return false
	}
	// asked returns the keys the server was asked to embed since its last reset.
	asked := func() []VectorKey {
		var out []VectorKey
		for _, r := range srv.RequestsTo(openaitest.PathEmbeddings) {
			for _, in := range r.Inputs() {
				out = append(out, vectorKeyOf(crashModel, in))
			}
		}
		return out
	}

	kills := 0
	for round := range 10 {
		edit(round)
		before := storedKeys(t, data)
		missing := 0
		for _, k := range needed() {
			if !before[k] {
				missing++
			}
		}
		srv.Reset()
		if !run(rng.IntN((missing+7)/8 + 1)) {
			continue
		}
		kills++
		for _, k := range asked() {
			if before[k] {
				t.Fatalf("round %d: the run asked again for vector %s, stored before it started", round, k)
			}
		}
	}
	if kills < 5 {
		t.Errorf("only %d of 10 runs were killed", kills)
	}
	before := storedKeys(t, data)
	srv.Reset()
	run(-1)
	ix, err := Open(context.Background(), Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: refusingEmbedder(t)})
	if err != nil {
		t.Fatal(err)
	}
	need := map[VectorKey]bool{}
	for _, k := range ix.keys {
		if !before[k] {
			need[k] = true
		}
	}
	got := asked()
	if len(got) != len(need) {
		t.Errorf("the run to the end embedded %d texts; %d were never stored", len(got), len(need))
	}
	for _, k := range got {
		if !need[k] {
			t.Errorf("the run to the end embedded %s, which was stored", k)
		}
	}
	if stored := storedKeys(t, data); len(stored) != len(ix.keys) {
		t.Errorf("the store holds %d vectors, the index uses %d", len(stored), len(ix.keys))
	}
	t.Logf("%d kills; the run to the end embedded %d of %d vectors", kills, len(got), len(ix.keys))
}

// refusingEmbedder fails the test if anything is embedded except search queries.
func refusingEmbedder(tb testing.TB) Embedder {
	e := OfflineEmbedder()
	e.Model = crashModel
	e.Embed = func(_ context.Context, texts []string) ([][]float32, error) {
		tb.Errorf("embedder called for %d texts, want none", len(texts))
		return nil, context.Canceled
	}
	return e
}

// newLLMClient is the real model client pointed at an openaitest server's URL.
func newLLMClient(tb testing.TB, url string) *llm.Client {
	tb.Helper()
	client, err := llm.New(llm.Config{BaseURL: url, APIKey: "sk-test", Timeout: 10 * time.Second, MaxRetries: 1})
	if err != nil {
		tb.Fatal(err)
	}
	return client
}

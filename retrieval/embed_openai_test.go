package retrieval

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/llm"
	"github.com/citebot/citebot/seeds"
)

// newOpenAIEmbedder returns an embedder that talks to srv through the real go-openai client.
func newOpenAIEmbedder(tb testing.TB, srv *openaitest.Server, batch int, timeout time.Duration) Embedder {
	tb.Helper()
	client, err := llm.New(llm.Config{
		BaseURL: srv.URL(), APIKey: "sk-test-secret", Timeout: timeout, MaxRetries: 3,
		Backoff: func(int) time.Duration { return time.Millisecond },
	})
	if err != nil {
		tb.Fatal(err)
	}
	return OpenAIEmbedder(client, "text-embedding-test", batch)
}

func TestOpenAIEmbedderIncrementalRequests(t *testing.T) {
	ctx := context.Background()
	srv := openaitest.New(t)
	data := t.TempDir()
	const batch = 16
	ix, err := Open(ctx, Config{Seeds: seeds.FS(), DataDir: data, Embedder: newOpenAIEmbedder(t, srv, batch, 5*time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	chunks := ix.Stats().Chunks
	maxRequests := (chunks + batch - 1) / batch
	if got := srv.EmbeddingRequests(); got > maxRequests || got == 0 {
		t.Errorf("first run made %d embedding requests for %d chunks, want 1..%d", got, chunks, maxRequests)
	}
	for _, r := range srv.RequestsTo(openaitest.PathEmbeddings) {
		if r.Model() != "text-embedding-test" || len(r.Inputs()) > batch {
			t.Errorf("embedding request model %q with %d inputs, want text-embedding-test with at most %d", r.Model(), len(r.Inputs()), batch)
		}
	}
	srv.Reset()
	ix, err = Open(ctx, Config{Seeds: seeds.FS(), DataDir: data, Embedder: newOpenAIEmbedder(t, srv, batch, 5*time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.EmbeddingRequests(); got != 0 {
		t.Errorf("second run made %d embedding requests, want 0", got)
	}
	// Searching embeds the query: exactly one request, and the results come back.
	res, err := ix.Search(ctx, "Douyin GMV", 3)
	if err != nil || len(res) != 3 {
		t.Fatalf("Search = %d results, %v", len(res), err)
	}
	if got := srv.EmbeddingRequests(); got != 1 {
		t.Errorf("search made %d embedding requests, want 1", got)
	}
}

func TestOpenAIEmbedderFailures(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao.\n\nTmall.\n\nJD.com."})
	tests := []struct {
		name         string
		replies      []openaitest.Reply
		timeout      time.Duration
		wantErr      bool
		wantRequests int
	}{
		{"429 then success", []openaitest.Reply{openaitest.RateLimitReply("0")}, 5 * time.Second, false, 2},
		{"500s then success", []openaitest.Reply{openaitest.ServerErrorReply(), openaitest.ServerErrorReply()}, 5 * time.Second, false, 3},
		{"insufficient quota is final", []openaitest.Reply{openaitest.QuotaReply()}, 5 * time.Second, true, 1},
		{"401 is final", []openaitest.Reply{openaitest.ErrorReply(401, "invalid_api_key", "bad key")}, 5 * time.Second, true, 1},
		{"slower than the timeout", []openaitest.Reply{openaitest.SlowReply(3*time.Second, "")}, 200 * time.Millisecond, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.New(t)
			srv.QueueEmbeddings(tt.replies...)
			start := time.Now()
			_, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: t.TempDir(), Embedder: newOpenAIEmbedder(t, srv, 128, tt.timeout)})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Open = %v, want error %v", err, tt.wantErr)
			}
			if got := srv.EmbeddingRequests(); got != tt.wantRequests {
				t.Errorf("embedding requests = %d, want %d", got, tt.wantRequests)
			}
			if err != nil && strings.Contains(err.Error(), "sk-test-secret") {
				t.Errorf("error %q reveals the API key", err)
			}
			if tt.timeout < time.Second && time.Since(start) > 2*time.Second {
				t.Errorf("timed-out call took %v", time.Since(start))
			}
			if tt.name == "slower than the timeout" && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("timeout error = %v, want it to wrap context.DeadlineExceeded", err)
			}
		})
	}
}

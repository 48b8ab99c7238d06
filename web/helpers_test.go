package web

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
)

// openCorpus builds a real index over an in-memory corpus.
func openCorpus(tb testing.TB, corpus fs.FS) *retrieval.Index {
	tb.Helper()
	ix, err := retrieval.Open(context.Background(), retrieval.Config{
		Seeds:     corpus,
		SeedsName: "testcorpus",
		Embedder:  retrieval.OfflineEmbedder(),
	})
	if err != nil {
		tb.Fatalf("retrieval.Open(test corpus) = %v", err)
	}
	return ix
}

// mapCorpus makes a corpus from file name -> contents.
func mapCorpus(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, text := range files {
		m[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	return m
}

// newTestServer builds a server over ix and the real answer engine on ix, with links based at base.
func newTestServer(tb testing.TB, ix *retrieval.Index, cfg Config) *Server {
	tb.Helper()
	eng := newEngine(tb, ix, cfg.Links)
	srv, err := New(cfg, ix, eng)
	if err != nil {
		tb.Fatalf("New() = %v", err)
	}
	return srv
}

// seedServer is a server over the seeds with default settings.
func seedServer(tb testing.TB) *Server {
	tb.Helper()
	return newTestServer(tb, seedindex.Open(tb), Config{Links: links.Builder{}})
}

// do sends one request straight to h and returns the recorded response.
func do(tb testing.TB, h http.Handler, method, target string, body io.Reader, header map[string]string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, target, body)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// jsonBody is a request body with a JSON string.
func jsonBody(s string) io.Reader { return strings.NewReader(s) }

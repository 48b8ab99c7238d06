// Package seedindex gives the tests of several packages the real retrieval index over the embedded
// seeds (offline embedder, in memory). It is built once per test binary and shared, since an index
// is immutable and safe for concurrent use.
package seedindex

import (
	"context"
	"sync"
	"testing"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/seeds"
)

var shared = sync.OnceValues(func() (*retrieval.Index, error) {
	return retrieval.Open(context.Background(), retrieval.Config{
		Seeds:     seeds.FS(),
		SeedsName: "seeds",
		Embedder:  retrieval.OfflineEmbedder(),
	})
})

// Open returns the shared index over the seeds, failing tb if it cannot be built.
func Open(tb testing.TB) *retrieval.Index {
	tb.Helper()
	ix, err := shared()
	if err != nil {
		tb.Fatalf("retrieval.Open(seeds) = %v", err)
	}
	return ix
}

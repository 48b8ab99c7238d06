package answer

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/seeds"
)

var (
	seedIndexOnce sync.Once
	seedIndex     *retrieval.Index
	seedIndexErr  error
)

// openSeeds returns the real index over the embedded seeds (offline embedder, in memory), shared by
// the tests of this package since it is immutable.
func openSeeds(tb testing.TB) *retrieval.Index {
	tb.Helper()
	seedIndexOnce.Do(func() {
		seedIndex, seedIndexErr = retrieval.Open(context.Background(), retrieval.Config{
			Seeds: seeds.FS(), SeedsName: "seeds", Embedder: retrieval.OfflineEmbedder(), Logger: discard(),
		})
	})
	if seedIndexErr != nil {
		tb.Fatalf("opening the seeds index: %v", seedIndexErr)
	}
	return seedIndex
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

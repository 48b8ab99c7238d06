package retrieval

import (
	"context"
	"math"
	"testing"

	"github.com/philippgille/chromem-go"
)

// chromemCopy puts the index's vectors into an in-memory chromem-go collection, IDs the keys' hex.
func chromemCopy(tb testing.TB, ix *Index) *chromem.Collection {
	tb.Helper()
	f := ix.vectors.(*flatVectors)
	coll, err := chromem.NewDB().CreateCollection("copy", nil, refuseToEmbed)
	if err != nil {
		tb.Fatal(err)
	}
	docs := make([]chromem.Document, len(f.keys))
	for i, k := range f.keys {
		docs[i] = chromem.Document{ID: k.String(), Embedding: f.vector(i)}
	}
	if err := coll.AddDocuments(context.Background(), docs, 2); err != nil {
		tb.Fatal(err)
	}
	return coll
}

// TestFlatSearchMatchesChromem checks the snapshot's matrix against chromem-go's own query on the
// seeds and on a synthetic corpus large enough to take the parallel path.
func TestFlatSearchMatchesChromem(t *testing.T) {
	ctx := context.Background()
	seedsIx := openSeeds(t)
	big, err := Open(ctx, Config{Seeds: syntheticCorpus(t, 2*parallelRows+7), Embedder: OfflineEmbedder(), Catalog: seedsIx.Catalog()})
	if err != nil {
		t.Fatal(err)
	}
	for _, ix := range []*Index{seedsIx, big} {
		coll := chromemCopy(t, ix)
		f := ix.vectors.(*flatVectors)
		for _, q := range []string{"Douyin GMV 2024", "微信和支付宝", "¿Qué es el microcomercio?", "Zhang Yong Tmall"} {
			vec, err := ix.embedder.Embed(ctx, []string{q})
			if err != nil {
				t.Fatal(err)
			}
			got, err := ix.vectors.Nearest(ctx, vec[0], 10)
			if err != nil {
				t.Fatal(err)
			}
			res, err := coll.QueryEmbedding(ctx, vec[0], 10, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(res) {
				t.Fatalf("Nearest(%q) = %d keys, chromem %d", q, len(got), len(res))
			}
			for i := range res {
				if got[i].String() != res[i].ID {
					// Equal scores may come in either order (equal up to float32 rounding: the two
					// sum the products in different orders); anything else is a bug.
					if gi := dot(vec[0], f.vector(f.row(got[i]))); math.Abs(float64(gi-res[i].Similarity)) > 1e-6 {
						t.Errorf("Nearest(%q)[%d] = %s (score %v), chromem %s (score %v)", q, i, got[i], gi, res[i].ID, res[i].Similarity)
					}
				}
			}
		}
	}
	if _, err := seedsIx.vectors.Nearest(ctx, make([]float32, 3), 5); err == nil {
		t.Error("Nearest with a vector of the wrong size = nil error")
	}
}

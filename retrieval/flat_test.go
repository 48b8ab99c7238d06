package retrieval

import (
	"context"
	"math"
	"testing"
)

// TestFlatSearchMatchesChromem checks the flat copy against chromem-go's own query on the seeds and
// on a synthetic corpus large enough to take the parallel path.
func TestFlatSearchMatchesChromem(t *testing.T) {
	ctx := context.Background()
	seedsIx := openSeeds(t)
	big, err := Open(ctx, Config{Seeds: syntheticCorpus(t, 2*parallelRows+7), Embedder: OfflineEmbedder(), Catalog: seedsIx.Catalog()})
	if err != nil {
		t.Fatal(err)
	}
	for _, ix := range []*Index{seedsIx, big} {
		for _, q := range []string{"Douyin GMV 2024", "微信和支付宝", "¿Qué es el microcomercio?", "Zhang Yong Tmall"} {
			vec, err := ix.embedder.Embed(ctx, []string{q})
			if err != nil {
				t.Fatal(err)
			}
			got, err := ix.store.flat.nearest(vec[0], 10)
			if err != nil {
				t.Fatal(err)
			}
			res, err := ix.store.coll.QueryEmbedding(ctx, vec[0], 10, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(res) {
				t.Fatalf("nearest(%q) = %d ids, chromem %d", q, len(got), len(res))
			}
			for i := range res {
				if got[i] != res[i].ID {
					// Equal scores may come in either order (equal up to float32 rounding: the two
					// sum the products in different orders); anything else is a bug.
					if gi := scoreOf(ix, vec[0], got[i]); math.Abs(float64(gi-res[i].Similarity)) > 1e-6 {
						t.Errorf("nearest(%q)[%d] = %s (score %v), chromem %s (score %v)", q, i, got[i], gi, res[i].ID, res[i].Similarity)
					}
				}
			}
		}
	}
	if _, err := seedsIx.store.flat.nearest(make([]float32, 3), 5); err == nil {
		t.Error("nearest with a vector of the wrong size = nil error")
	}
}

func scoreOf(ix *Index, v []float32, id string) float32 {
	for i, x := range ix.store.flat.ids {
		if x == id {
			return dot(v, ix.store.flat.data[i*ix.store.flat.dim:(i+1)*ix.store.flat.dim])
		}
	}
	return -1
}

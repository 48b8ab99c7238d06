package retrieval

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
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

// denseCopy returns f in the dense layout.
func denseCopy(f *flatVectors) *flatVectors {
	return packDense(f.dim, f.keys, f.vector)
}

// sameScores fails tb unless a and b score every row of theirs against q bit for bit alike and
// find the same nearest keys.
func sameScores(tb testing.TB, a, b *flatVectors, q []float32) {
	tb.Helper()
	for r := range a.keys {
		if x, y := a.score(q, r), b.score(q, r); math.Float32bits(x) != math.Float32bits(y) {
			tb.Fatalf("row %d scores %v (%#x) in one layout, %v (%#x) in the other", r, x, math.Float32bits(x), y, math.Float32bits(y))
		}
	}
	ka, err := a.Nearest(context.Background(), q, 50)
	if err != nil {
		tb.Fatal(err)
	}
	kb, err := b.Nearest(context.Background(), q, 50)
	if err != nil {
		tb.Fatal(err)
	}
	if !slices.Equal(ka, kb) {
		tb.Errorf("Nearest differs between the layouts: %v, %v", ka, kb)
	}
}

// TestSparseVectorsScoreAsDense checks that the offline embedder's vectors are laid out sparsely,
// in under half their dense size, and that the sparse layout scores every row bit for bit as the
// dense one does (so search results cannot depend on the layout), on golden questions and on
// random vectors, and for a dimension that is not a multiple of four.
func TestSparseVectorsScoreAsDense(t *testing.T) {
	ctx := context.Background()
	seedsIx := openSeeds(t)
	ix, err := Open(ctx, Config{Seeds: syntheticCorpus(t, 2*parallelRows+7), Embedder: OfflineEmbedder(), Catalog: seedsIx.Catalog()})
	if err != nil {
		t.Fatal(err)
	}
	f := ix.vectors.(*flatVectors)
	dense := denseCopy(f)
	if !f.sparse() || f.bytes()*2 > dense.bytes() {
		t.Fatalf("offline vectors: sparse %v, %d bytes; dense %d bytes; want sparse in under half", f.sparse(), f.bytes(), dense.bytes())
	}
	if again := packVectors(dense.dim, dense.keys, dense.vector); !reflect.DeepEqual(again, f) {
		t.Error("packing the dense copy again gives another sparse layout")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var queries [][]float32
	for _, q := range loadGolden(t)[:10] {
		vec, err := ix.embedder.Embed(ctx, []string{q.Q})
		if err != nil {
			t.Fatal(err)
		}
		queries = append(queries, vec[0])
	}
	for range 3 {
		queries = append(queries, randomVector(rng, f.dim, 1))
	}
	for _, q := range queries {
		sameScores(t, f, dense, q)
	}

	// Dimensions with a tail after the last group of four, rows with no entry in some lanes.
	for _, dim := range []int{1, 7, 13, 64} {
		keys := make([]VectorKey, 200)
		rows := make([][]float32, len(keys))
		for i := range keys {
			keys[i][0], keys[i][1] = byte(i>>8), byte(i)
			rows[i] = randomVector(rng, dim, 0.3)
		}
		row := func(i int) []float32 { return rows[i] }
		nonzero := 0
		for _, r := range rows {
			for _, x := range r {
				if x != 0 {
					nonzero++
				}
			}
		}
		sp, de := packSparse(dim, keys, row, nonzero), packDense(dim, keys, row)
		if err := sp.checkSparse(); err != nil {
			t.Fatalf("dim %d: %v", dim, err)
		}
		for range 5 {
			sameScores(t, sp, de, randomVector(rng, dim, 1))
		}
	}
}

// TestDenseVectorsStayDense checks that vectors with few zeros (a model's) keep the dense layout.
func TestDenseVectorsStayDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	keys := make([]VectorKey, 100)
	rows := make([][]float32, len(keys))
	for i := range keys {
		keys[i][0] = byte(i)
		rows[i] = randomVector(rng, 384, 0.9)
	}
	if f := packVectors(384, keys, func(i int) []float32 { return rows[i] }); f.sparse() {
		t.Error("vectors nine tenths non-zero were laid out sparsely")
	}
}

// TestCheckSparseRefusesDamage checks that a sparse layout that could index out of range or sum in
// another order than dot is refused.
func TestCheckSparseRefusesDamage(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	keys := make([]VectorKey, 3)
	rows := make([][]float32, len(keys))
	for i := range keys {
		keys[i][0] = byte(i)
		rows[i] = randomVector(rng, 9, 1)
	}
	good := packSparse(9, keys, func(i int) []float32 { return rows[i] }, 27)
	if err := good.checkSparse(); err != nil {
		t.Fatal(err)
	}
	damages := map[string]func(f *flatVectors){
		"column past the dimension": func(f *flatVectors) { f.cols[0] = 12 },
		"column in another lane":    func(f *flatVectors) { f.cols[0] = 1 },
		"columns out of order":      func(f *flatVectors) { f.cols[0], f.cols[1] = f.cols[1], f.cols[0] },
		"starts out of order":       func(f *flatVectors) { f.start[1], f.start[2] = f.start[2], f.start[1] },
		"last start short":          func(f *flatVectors) { f.start[len(f.start)-1]-- },
		"starts missing":            func(f *flatVectors) { f.start = f.start[:len(f.start)-1] },
	}
	for name, damage := range damages {
		f := &flatVectors{dim: good.dim, keys: good.keys, start: slices.Clone(good.start), cols: slices.Clone(good.cols), vals: slices.Clone(good.vals)}
		damage(f)
		if err := f.checkSparse(); err == nil {
			t.Errorf("%s: checkSparse = nil, want an error", name)
		}
	}
}

// randomVector returns a unit vector of dim dimensions, each entry non-zero with probability p.
func randomVector(rng *rand.Rand, dim int, p float64) []float32 {
	v := make([]float32, dim)
	for i := range v {
		if rng.Float64() < p {
			v[i] = float32(rng.NormFloat64())
		}
	}
	return normalize(v)
}

// TestSpliceVectorsEqualsPacking splices new layouts out of sparse and dense ones, keeping some
// rows, dropping others and adding new ones (sparse or dense, so that the layout may flip): the
// result always equals packing the same vectors from scratch.
func TestSpliceVectorsEqualsPacking(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const dim = 66 // not a multiple of the lanes: the tail is laid out too
	for _, tc := range []struct {
		name            string
		prevNZ, freshNZ float64 // fraction of non-zero entries
	}{{"sparse kept sparse", 0.2, 0.2}, {"dense kept dense", 0.9, 0.9}, {"sparse turned dense", 0.2, 1}, {"dense turned sparse", 0.9, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			vecs := map[VectorKey][]float32{}
			var prevKeys []VectorKey
			for i := range 40 {
				k := VectorKey{byte(2 * i)}
				prevKeys = append(prevKeys, k)
				vecs[k] = randomVector(rng, dim, tc.prevNZ)
			}
			prev := packVectors(dim, prevKeys, func(i int) []float32 { return vecs[prevKeys[i]] })
			var keys []VectorKey
			fresh := map[VectorKey][]float32{}
			for i := range 80 {
				k := VectorKey{byte(i)}
				switch {
				case i%2 == 1 || i < 10: // new, or (even, under 10) dropped from prev and added back
					fresh[k] = randomVector(rng, dim, tc.freshNZ)
					vecs[k] = fresh[k]
				case i%6 == 0: // dropped
					continue
				}
				keys = append(keys, k)
			}
			rows := prevRows(keys, prev)
			for i, k := range keys {
				if _, ok := fresh[k]; ok {
					rows[i] = -1
				}
			}
			got, err := spliceVectors(keys, prev, rows, fresh)
			if err != nil {
				t.Fatal(err)
			}
			want := packVectors(dim, keys, func(i int) []float32 { return vecs[keys[i]] })
			if !reflect.DeepEqual(got, want) {
				t.Errorf("spliced layout (sparse %v) differs from packing (sparse %v)", got.sparse(), want.sparse())
			}
		})
	}
	if _, err := spliceVectors([]VectorKey{{1}, {2}}, nil, []int{-1, -1}, map[VectorKey][]float32{{1}: make([]float32, 4), {2}: make([]float32, 5)}); err == nil {
		t.Error("spliceVectors accepted vectors of different sizes")
	}
}

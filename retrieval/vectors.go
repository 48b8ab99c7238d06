package retrieval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"sync"
)

// VectorKey identifies a stored embedding: the first 16 bytes of SHA-256 over the embedding model's
// name and the embedded text. An unchanged passage keeps its key wherever it moves in its file, and
// equal texts share one embedding.
type VectorKey [16]byte

// String returns the key in hex, as it is named in the embeddings store.
func (k VectorKey) String() string { return hex.EncodeToString(k[:]) }

// vectorKeyOf is the key of text embedded with model.
func vectorKeyOf(model, text string) VectorKey {
	h := sha256.New()
	h.Write([]byte(model))
	h.Write([]byte{0})
	h.Write([]byte(text))
	var k VectorKey
	copy(k[:], h.Sum(nil))
	return k
}

func compareKeys(a, b VectorKey) int { return bytes.Compare(a[:], b[:]) }

// VectorIndex is how retrieval reaches the embeddings of one corpus version: the nearest stored
// vectors to a query vector. The snapshot's in-memory matrix ([flatVectors]) is the one
// implementation; a deployment past one process can put a vector database behind this interface
// without touching the keyword side, the answer engine or the surfaces.
type VectorIndex interface {
	// Nearest returns the keys of the n stored vectors with the highest dot product with query
	// (unit vectors: the most similar), best first.
	Nearest(ctx context.Context, query []float32, n int) ([]VectorKey, error)
}

var _ VectorIndex = (*flatVectors)(nil)

// flatVectors is one corpus version's vectors in a row-major matrix, rows in key order, searched
// by brute force. chromem-go keeps and persists the vectors; searching this contiguous, lock-free
// copy is several times faster than chromem-go's query over its document map (BenchmarkSearch
// times both), and it is loaded from the snapshot in one read.
type flatVectors struct {
	dim  int
	keys []VectorKey // sorted
	data []float32   // len(keys)*dim
}

// parallelRows is the row count from which a search is split across two goroutines.
const parallelRows = 4096

type rowScore struct {
	row   int
	score float32
}

// row returns the row of key k, or -1.
func (f *flatVectors) row(k VectorKey) int {
	i, ok := slices.BinarySearchFunc(f.keys, k, compareKeys)
	if !ok {
		return -1
	}
	return i
}

// vector returns row r's vector (not a copy).
func (f *flatVectors) vector(r int) []float32 { return f.data[r*f.dim : (r+1)*f.dim] }

// Nearest returns the keys of the n rows with the highest dot product with v, best first.
func (f *flatVectors) Nearest(_ context.Context, v []float32, n int) ([]VectorKey, error) {
	rows, err := f.nearestRows(v, n)
	if err != nil {
		return nil, err
	}
	out := make([]VectorKey, len(rows))
	for i, r := range rows {
		out[i] = f.keys[r.row]
	}
	return out, nil
}

func (f *flatVectors) nearestRows(v []float32, n int) ([]rowScore, error) {
	if len(f.keys) == 0 || n <= 0 {
		return nil, nil
	}
	if len(v) != f.dim {
		return nil, fmt.Errorf("query vector has %d dimensions, the index %d", len(v), f.dim)
	}
	n = min(n, len(f.keys))
	if len(f.keys) < parallelRows {
		return f.topN(v, n, 0, len(f.keys)), nil
	}
	half := len(f.keys) / 2
	var other []rowScore
	var wg sync.WaitGroup
	wg.Go(func() { other = f.topN(v, n, half, len(f.keys)) })
	best := f.topN(v, n, 0, half)
	wg.Wait()
	best = append(best, other...)
	sortScores(best)
	return best[:n], nil
}

// topN scores rows [lo, hi) and keeps the n best, sorted best first.
func (f *flatVectors) topN(v []float32, n, lo, hi int) []rowScore {
	best := make([]rowScore, 0, n+1)
	for r := lo; r < hi; r++ {
		s := dot(v, f.data[r*f.dim:(r+1)*f.dim])
		if len(best) == n && s <= best[n-1].score {
			continue
		}
		// Insert in order (n is small: tens of rows).
		i := sort.Search(len(best), func(i int) bool { return best[i].score < s })
		best = append(best, rowScore{})
		copy(best[i+1:], best[i:])
		best[i] = rowScore{row: r, score: s}
		if len(best) > n {
			best = best[:n]
		}
	}
	return best
}

func sortScores(s []rowScore) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].score != s[j].score {
			return s[i].score > s[j].score
		}
		return s[i].row < s[j].row
	})
}

// dot is the dot product of two vectors of equal length, unrolled by four.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

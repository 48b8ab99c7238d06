package retrieval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
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
// times both), and it is loaded from the snapshot with one read per array.
//
// The matrix is dense, or sparse when that is at most half the size: the offline embedder hashes
// a passage's few hundred features into 512 dimensions and leaves three in four of them zero, so
// its vectors take 38% of their dense size as (column, value) pairs: 31 MB instead of 82 MB at
// 40,000 chunks, where they were a third of serve's memory. Model embeddings are dense and stay
// so. Both layouts give bit for bit the same scores (see [flatVectors.sparseDot]), and scoring a
// sparse row is faster (BenchmarkVectorLayouts).
type flatVectors struct {
	dim  int
	keys []VectorKey // sorted
	// data is the dense layout: row r is data[r*dim:(r+1)*dim]. Nil in the sparse layout.
	data []float32
	// The sparse layout: row r's non-zero entries, grouped by the lane of [dot] that sums them
	// (see [laneOf]), by column within a lane; lane l of row r is cols[start[4r+l]:start[4r+l+1]]
	// and vals[…] alike.
	start []uint32 // 4*len(keys)+1
	cols  []uint16
	vals  []float32
}

// lanes is how many partial sums [dot] keeps.
const lanes = 4

// laneOf is the partial sum of [dot] that column c of a dim-dimensional vector is added to.
func laneOf(c, dim int) int {
	if c < dim&^(lanes-1) {
		return c % lanes
	}
	return 0 // the tail after the last whole group of four
}

// sparseSavings is how much smaller than dense a sparse matrix must be to be chosen: a sparse row
// is scored by gathering, so a small saving is not worth it.
const sparseSavings = 2

// packVectors lays out the vectors of keys (in key order, each of dim dimensions, row returning
// the vector of row i) densely or sparsely, whichever [sparseSavings] picks.
func packVectors(dim int, keys []VectorKey, row func(i int) []float32) *flatVectors {
	nonzero := 0
	for i := range keys {
		nonzero += countNonzero(row(i))
	}
	if !sparseLayout(dim, len(keys), nonzero) {
		return packDense(dim, keys, row)
	}
	return packSparse(dim, keys, row, nonzero)
}

// sparseLayout reports whether n vectors of dim dimensions, nonzero entries of them not zero, are
// laid out sparsely.
func sparseLayout(dim, n, nonzero int) bool {
	sparseBytes := 6*nonzero + 4*(lanes*n+1)
	return dim <= 1<<16 && uint64(nonzero) < 1<<32 && sparseBytes*sparseSavings <= 4*dim*n
}

func countNonzero(v []float32) int {
	n := 0
	for _, x := range v {
		if x != 0 {
			n++
		}
	}
	return n
}

func packDense(dim int, keys []VectorKey, row func(i int) []float32) *flatVectors {
	f := &flatVectors{dim: dim, keys: keys, data: make([]float32, 0, dim*len(keys))}
	for i := range keys {
		f.data = append(f.data, row(i)...)
	}
	return f
}

// packSparse lays out the vectors sparsely; nonzero is how many of their entries are not zero.
func packSparse(dim int, keys []VectorKey, row func(i int) []float32, nonzero int) *flatVectors {
	f := &flatVectors{dim: dim, keys: keys, start: make([]uint32, 1, lanes*len(keys)+1),
		cols: make([]uint16, 0, nonzero), vals: make([]float32, 0, nonzero)}
	for i := range keys {
		f.appendSparse(row(i))
	}
	return f
}

// appendSparse appends the row v to a sparse layout.
func (f *flatVectors) appendSparse(v []float32) {
	whole := f.dim &^ (lanes - 1)
	add := func(c int) {
		if v[c] != 0 {
			f.cols = append(f.cols, uint16(c))
			f.vals = append(f.vals, v[c])
		}
	}
	for l := range lanes {
		for c := l; c < whole; c += lanes {
			add(c)
		}
		if l == 0 {
			for c := whole; c < f.dim; c++ {
				add(c)
			}
		}
		f.start = append(f.start, uint32(len(f.cols)))
	}
}

// nonzeroIn returns how many entries of row r are not zero.
func (f *flatVectors) nonzeroIn(r int) int {
	if f.sparse() {
		return int(f.start[lanes*(r+1)] - f.start[lanes*r])
	}
	return countNonzero(f.data[r*f.dim : (r+1)*f.dim])
}

// spliceVectors lays out the vectors of keys (sorted): row i is prev's row rows[i] or, where that
// is -1, fresh[keys[i]]. The layout is the one [packVectors] picks for the same vectors, and equal
// to its result; when prev has that layout its rows are copied as they are, without unpacking (at
// 40,000 chunks, repacking every row took 130 ms of an edit's reload).
func spliceVectors(keys []VectorKey, prev *flatVectors, rows []int, fresh map[VectorKey][]float32) (*flatVectors, error) {
	dim, nonzero, fromPrev := 0, 0, false
	for i, k := range keys {
		n := 0
		if r := rows[i]; r >= 0 {
			n, fromPrev = prev.dim, true
			nonzero += prev.nonzeroIn(r)
		} else {
			n = len(fresh[k])
			nonzero += countNonzero(fresh[k])
		}
		if i == 0 {
			dim = n
		}
		if n != dim {
			return nil, fmt.Errorf("vector %s has %d dimensions, others %d", k, n, dim)
		}
	}
	sparse := sparseLayout(dim, len(keys), nonzero)
	if fromPrev && sparse != prev.sparse() {
		return packVectors(dim, keys, func(i int) []float32 {
			if rows[i] >= 0 {
				return prev.vector(rows[i])
			}
			return fresh[keys[i]]
		}), nil
	}
	f := &flatVectors{dim: dim, keys: keys}
	if !sparse {
		f.data = make([]float32, 0, dim*len(keys))
		for i, k := range keys {
			if r := rows[i]; r >= 0 {
				f.data = append(f.data, prev.data[r*dim:(r+1)*dim]...)
			} else {
				f.data = append(f.data, fresh[k]...)
			}
		}
		return f, nil
	}
	f.start, f.cols, f.vals = make([]uint32, 1, lanes*len(keys)+1), make([]uint16, 0, nonzero), make([]float32, 0, nonzero)
	for i, k := range keys {
		r := rows[i]
		if r < 0 {
			f.appendSparse(fresh[k])
			continue
		}
		lo, hi := prev.start[lanes*r], prev.start[lanes*(r+1)]
		base := uint32(len(f.cols))
		f.cols = append(f.cols, prev.cols[lo:hi]...)
		f.vals = append(f.vals, prev.vals[lo:hi]...)
		for l := 1; l <= lanes; l++ {
			f.start = append(f.start, base+prev.start[lanes*r+l]-lo)
		}
	}
	return f, nil
}

// bytes is the size of the matrix in memory.
func (f *flatVectors) bytes() int {
	return 4*len(f.data) + 4*len(f.start) + 2*len(f.cols) + 4*len(f.vals)
}

// sparse reports whether f has the sparse layout.
func (f *flatVectors) sparse() bool { return f.start != nil }

// checkSparse makes sure a sparse layout read from a snapshot is one [packVectors] could have made,
// so that a damaged snapshot can neither index out of range nor change a score.
func (f *flatVectors) checkSparse() error {
	if len(f.start) != lanes*len(f.keys)+1 || f.start[0] != 0 || int(f.start[len(f.start)-1]) != len(f.cols) || len(f.cols) != len(f.vals) {
		return errors.New("sparse vectors: row starts do not match the entries")
	}
	for i := 1; i < len(f.start); i++ {
		lo, hi := f.start[i-1], f.start[i]
		if hi < lo {
			return errors.New("sparse vectors: row starts out of order")
		}
		lane := (i - 1) % lanes
		for j := lo; j < hi; j++ {
			c := int(f.cols[j])
			if c >= f.dim || laneOf(c, f.dim) != lane || (j > lo && f.cols[j-1] >= f.cols[j]) {
				return errors.New("sparse vectors: a column out of place")
			}
		}
	}
	return nil
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

// vector returns row r's vector: in the dense layout not a copy, which must not be modified.
func (f *flatVectors) vector(r int) []float32 {
	if !f.sparse() {
		return f.data[r*f.dim : (r+1)*f.dim]
	}
	v := make([]float32, f.dim)
	lo, hi := f.start[lanes*r], f.start[lanes*(r+1)]
	for j, c := range f.cols[lo:hi] {
		v[c] = f.vals[int(lo)+j]
	}
	return v
}

// score is the dot product of v with row r.
func (f *flatVectors) score(v []float32, r int) float32 {
	if f.sparse() {
		return f.sparseDot(v, r)
	}
	return dot(v, f.data[r*f.dim:(r+1)*f.dim])
}

// sparseDot is [dot] of v with sparse row r, and equal to it bit for bit: each lane adds the same
// products in the same order, less the zero ones (x + ±0 is x, and +0 stays +0), and the lanes
// are summed as dot sums them.
func (f *flatVectors) sparseDot(v []float32, r int) float32 {
	st := f.start[lanes*r : lanes*(r+1)+1]
	var s [lanes]float32
	for l := range lanes {
		lo, hi := st[l], st[l+1]
		vals := f.vals[lo:hi]
		var acc float32
		for j, c := range f.cols[lo:hi] {
			acc += v[c] * vals[j]
		}
		s[l] = acc
	}
	return s[0] + s[1] + s[2] + s[3]
}

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
		s := f.score(v, r)
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

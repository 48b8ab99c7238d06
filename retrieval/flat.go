package retrieval

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// flatVectors is a row-major, in-memory copy of the vectors the current corpus uses, searched by
// brute force. chromem-go keeps and persists the vectors; searching this copy, contiguous and
// lock-free, is several times faster than chromem-go's query over its document map (see
// BenchmarkSearch, which times both).
type flatVectors struct {
	dim  int
	ids  []string
	data []float32 // len(ids)*dim
}

// parallelRows is the row count from which a search is split across two goroutines.
const parallelRows = 4096

// loadFlat copies the vectors of ids (in that order) out of the collection.
func (s *vectorStore) loadFlat(ctx context.Context, ids []string) error {
	f := &flatVectors{ids: ids}
	for i, id := range ids {
		doc, err := s.coll.GetByID(ctx, id)
		if err != nil {
			return fmt.Errorf("load vector %s: %w", id, err)
		}
		if i == 0 {
			f.dim = len(doc.Embedding)
			f.data = make([]float32, 0, len(ids)*f.dim)
		}
		if len(doc.Embedding) != f.dim {
			return fmt.Errorf("load vectors: vector %s has %d dimensions, others %d", id, len(doc.Embedding), f.dim)
		}
		f.data = append(f.data, doc.Embedding...)
	}
	s.flat = f
	return nil
}

type rowScore struct {
	row   int
	score float32
}

// nearest returns the IDs of the n rows with the highest dot product with v, best first.
func (f *flatVectors) nearest(v []float32, n int) ([]string, error) {
	if len(f.ids) == 0 || n <= 0 {
		return nil, nil
	}
	if len(v) != f.dim {
		return nil, fmt.Errorf("query vector has %d dimensions, the index %d", len(v), f.dim)
	}
	n = min(n, len(f.ids))
	var best []rowScore
	if len(f.ids) < parallelRows {
		best = f.topN(v, n, 0, len(f.ids))
	} else {
		half := len(f.ids) / 2
		var other []rowScore
		var wg sync.WaitGroup
		wg.Go(func() { other = f.topN(v, n, half, len(f.ids)) })
		best = f.topN(v, n, 0, half)
		wg.Wait()
		best = append(best, other...)
		sortScores(best)
		best = best[:n]
	}
	out := make([]string, len(best))
	for i, b := range best {
		out[i] = f.ids[b.row]
	}
	return out, nil
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

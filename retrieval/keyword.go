package retrieval

import (
	"math"
	"sort"

	"github.com/citebot/citebot/text"
)

// BM25 parameters (the usual defaults).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// keywordIndex is an in-memory BM25 index over passages, by position in the index's passage slice.
type keywordIndex struct {
	postings map[string][]posting
	lengths  []int
	avgLen   float64
}

type posting struct {
	doc  int32
	freq int32
}

type scored struct {
	doc   int
	score float64
}

// newKeywordIndex indexes texts[i] as document i; lang[i] picks its stemmer.
func newKeywordIndex(texts []string, langs []string, lex *text.Lexicon) *keywordIndex {
	ki := &keywordIndex{postings: map[string][]posting{}, lengths: make([]int, len(texts))}
	total := 0
	for i, t := range texts {
		toks := lex.Terms(t, langs[i])
		ki.lengths[i] = len(toks)
		total += len(toks)
		counts := map[string]int32{}
		for _, tok := range toks {
			counts[tok]++
		}
		for tok, n := range counts {
			ki.postings[tok] = append(ki.postings[tok], posting{doc: int32(i), freq: n})
		}
	}
	if len(texts) > 0 {
		ki.avgLen = float64(total) / float64(len(texts))
	}
	return ki
}

// search returns up to n documents by BM25 score for the query terms, best first.
func (ki *keywordIndex) search(terms []string, n int) []scored {
	if len(ki.lengths) == 0 || n <= 0 {
		return nil
	}
	seen := map[string]bool{}
	scores := map[int]float64{}
	N := float64(len(ki.lengths))
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		ps := ki.postings[t]
		if len(ps) == 0 {
			continue
		}
		idf := math.Log(1 + (N-float64(len(ps))+0.5)/(float64(len(ps))+0.5))
		for _, p := range ps {
			tf := float64(p.freq)
			norm := tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*float64(ki.lengths[p.doc])/ki.avgLen))
			scores[int(p.doc)] += idf * norm
		}
	}
	out := make([]scored, 0, len(scores))
	for d, s := range scores {
		out = append(out, scored{d, s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].doc < out[j].doc
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

package retrieval

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/citebot/citebot/text"
)

// BM25 parameters (the usual defaults).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// variantWeight is how much a variant of a query term counts against the term itself.
	variantWeight = 0.5
	// cognateWeight is how much a cognate of a query word in the other language counts against
	// the word itself (see [text.Cognates]): usually the same word, sometimes a false friend.
	cognateWeight = 0.5
)

// keywordIndex is a BM25 index over passages (by position in the index's passage slice), kept as
// plain arrays: the terms sorted, and for each term a run of postings. It holds terms and counts
// only, never tokenizer state, so it is saved in the snapshot and loaded as is, and how terms are
// produced can change without touching it (such a change bumps [derivationVersion]).
type keywordIndex struct {
	terms    []string  // sorted, unique
	start    []uint32  // len(terms)+1; the postings of terms[i] are postings[start[i]:start[i+1]]
	postings []posting // by passage, ascending, within each term
	lengths  []int32   // per passage: how many terms it has (with repeats)
	avgLen   float64
	pool     sync.Pool // of *scoreBuf
}

type posting struct {
	doc  int32
	freq int32
}

type scored struct {
	doc   int
	score float64
}

// termCount is one distinct term of a passage and how often it occurs there.
type termCount struct {
	term string
	n    int32
}

// countTerms turns a passage's tokens into its distinct terms with their counts, sorted by term.
func countTerms(toks []string) []termCount {
	counts := make(map[string]int32, len(toks))
	for _, t := range toks {
		counts[t]++
	}
	out := make([]termCount, 0, len(counts))
	for t, n := range counts {
		out = append(out, termCount{t, n})
	}
	slices.SortFunc(out, func(a, b termCount) int { return strings.Compare(a.term, b.term) })
	return out
}

// buildKeywordIndex indexes passage i as terms[i], with lengths[i] terms in all.
func buildKeywordIndex(terms [][]termCount, lengths []int32) *keywordIndex {
	df := map[string]uint32{}
	total := 0
	for _, ts := range terms {
		total += len(ts)
		for _, t := range ts {
			df[t.term]++
		}
	}
	ki := &keywordIndex{terms: make([]string, 0, len(df)), lengths: lengths}
	for t := range df {
		ki.terms = append(ki.terms, t)
	}
	sort.Strings(ki.terms)
	ki.start = make([]uint32, len(ki.terms)+1)
	next := make(map[string]uint32, len(ki.terms))
	for i, t := range ki.terms {
		ki.start[i+1] = ki.start[i] + df[t]
		next[t] = ki.start[i]
	}
	ki.postings = make([]posting, total)
	for doc, ts := range terms {
		for _, t := range ts {
			ki.postings[next[t.term]] = posting{doc: int32(doc), freq: t.n}
			next[t.term]++
		}
	}
	ki.computeAvgLen()
	return ki
}

func (ki *keywordIndex) computeAvgLen() {
	var sum int64
	for _, n := range ki.lengths {
		sum += int64(n)
	}
	if len(ki.lengths) > 0 {
		ki.avgLen = float64(sum) / float64(len(ki.lengths))
	}
}

// spliceKeyword returns the index of a new version of the passages: prev's postings of passage p
// move to remap[p] (and go where that is -1), the postings of the added passages (in ascending
// order of their numbers) join them, and lengths are the new passages' lengths. It equals
// [buildKeywordIndex] over the same passages, in one merge of prev's sorted terms with the added
// ones: remap keeps the kept passages' order, so each term's postings stay ascending.
func spliceKeyword(prev *keywordIndex, remap []int32, added []addedPassage, lengths []int32) *keywordIndex {
	fresh := map[string][]posting{}
	for _, a := range added {
		for _, t := range a.terms {
			fresh[t.term] = append(fresh[t.term], posting{doc: a.at, freq: t.n})
		}
	}
	newTerms := make([]string, 0, len(fresh))
	for t := range fresh {
		newTerms = append(newTerms, t)
	}
	sort.Strings(newTerms)
	ki := &keywordIndex{terms: make([]string, 0, len(prev.terms)+len(newTerms)), lengths: lengths,
		start: make([]uint32, 1, len(prev.terms)+len(newTerms)+1), postings: make([]posting, 0, len(prev.postings)+len(added)*32)}
	i, j := 0, 0
	for i < len(prev.terms) || j < len(newTerms) {
		var kept, more []posting
		var t string
		switch {
		case j == len(newTerms) || i < len(prev.terms) && prev.terms[i] < newTerms[j]:
			t, kept = prev.terms[i], prev.postings[prev.start[i]:prev.start[i+1]]
			i++
		case i == len(prev.terms) || newTerms[j] < prev.terms[i]:
			t, more = newTerms[j], fresh[newTerms[j]]
			j++
		default: // the same term in both
			t, kept, more = prev.terms[i], prev.postings[prev.start[i]:prev.start[i+1]], fresh[newTerms[j]]
			i++
			j++
		}
		before := len(ki.postings)
		for _, p := range kept {
			at := remap[p.doc]
			if at < 0 {
				continue
			}
			for len(more) > 0 && more[0].doc < at {
				ki.postings = append(ki.postings, more[0])
				more = more[1:]
			}
			ki.postings = append(ki.postings, posting{doc: at, freq: p.freq})
		}
		ki.postings = append(ki.postings, more...)
		if len(ki.postings) > before { // a term no passage holds any more goes
			ki.terms = append(ki.terms, t)
			ki.start = append(ki.start, uint32(len(ki.postings)))
		}
	}
	ki.computeAvgLen()
	return ki
}

// lookup returns the postings of term t.
func (ki *keywordIndex) lookup(t string) []posting {
	i, ok := slices.BinarySearch(ki.terms, t)
	if !ok {
		return nil
	}
	return ki.postings[ki.start[i]:ki.start[i+1]]
}

// freq returns the number of passages that hold term t.
func (ki *keywordIndex) freq(t string) int { return len(ki.lookup(t)) }

// scoreBuf is one search's scratch space: a score per passage and the passages it touched, reused
// through a pool so that a query leaves no garbage proportional to the corpus (a map of scores left
// a megabyte per query at 40,000 chunks, and serve's memory grew with every query until the
// collector caught up).
type scoreBuf struct {
	scores  []float64
	touched []int32
}

// search returns up to n documents by BM25 score for the query terms and, at cognateWeight, their
// cognates, best first (ties by document).
func (ki *keywordIndex) search(terms, cognates []string, n int) []scored {
	if len(ki.lengths) == 0 || n <= 0 {
		return nil
	}
	buf, _ := ki.pool.Get().(*scoreBuf)
	if buf == nil || len(buf.scores) != len(ki.lengths) {
		buf = &scoreBuf{scores: make([]float64, len(ki.lengths))}
	}
	defer func() {
		for _, d := range buf.touched {
			buf.scores[d] = 0
		}
		buf.touched = buf.touched[:0]
		ki.pool.Put(buf)
	}()
	seen := map[string]bool{}
	for _, t := range terms {
		seen[t] = true
	}
	weights := make(map[string]float64, len(terms))
	var order []string
	for _, t := range terms {
		if _, ok := weights[t]; ok {
			continue
		}
		weights[t] = 1
		order = append(order, t)
		// A variant the stemmer left apart ("married" for "marriage") counts at variantWeight.
		for _, v := range text.Variants(ki.terms, t) {
			if !seen[v] && weights[v] < variantWeight {
				if _, ok := weights[v]; !ok {
					order = append(order, v)
				}
				weights[v] = variantWeight
			}
		}
	}
	for _, t := range cognates {
		if w, ok := weights[t]; !ok || w < cognateWeight {
			if !ok {
				order = append(order, t)
			}
			weights[t] = cognateWeight
		}
	}
	N := float64(len(ki.lengths))
	for _, t := range order {
		ps := ki.lookup(t)
		if len(ps) == 0 {
			continue
		}
		idf := weights[t] * math.Log(1+(N-float64(len(ps))+0.5)/(float64(len(ps))+0.5))
		for _, p := range ps {
			tf := float64(p.freq)
			norm := tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*float64(ki.lengths[p.doc])/ki.avgLen))
			if buf.scores[p.doc] == 0 {
				buf.touched = append(buf.touched, p.doc)
			}
			buf.scores[p.doc] += idf * norm
		}
	}
	return topScored(buf, n)
}

// better orders scored documents: higher score first, then lower document.
func better(a, b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.doc < b.doc
}

// topScored selects the n best touched documents with a bounded min-heap (n is tens, the touched
// documents up to the whole corpus), best first.
func topScored(buf *scoreBuf, n int) []scored {
	h := make([]scored, 0, n)
	down := func(i int) {
		for {
			l, r, w := 2*i+1, 2*i+2, i
			if l < len(h) && better(h[w], h[l]) {
				w = l
			}
			if r < len(h) && better(h[w], h[r]) {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for _, d := range buf.touched {
		c := scored{doc: int(d), score: buf.scores[d]}
		if c.score <= 0 {
			continue
		}
		if len(h) < n {
			h = append(h, c)
			for i := len(h) - 1; i > 0 && better(h[(i-1)/2], h[i]); i = (i - 1) / 2 {
				h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
			}
			continue
		}
		if better(c, h[0]) {
			h[0] = c
			down(0)
		}
	}
	sort.Slice(h, func(i, j int) bool { return better(h[i], h[j]) })
	return h
}

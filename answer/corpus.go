package answer

import (
	"math"
	"sort"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// corpus is the engine's view of the index's sentence analysis (see [text.Analyze]), which the
// index computes once per corpus version; the engine only adds lookups and term rarity.
type corpus struct {
	lex  *text.Lexicon
	docs map[string]*text.Doc
	// idf is the rarity of each term over the corpus's sentences; maxIDF that of a term seen once.
	idf    map[string]float64
	maxIDF float64
}

func newCorpus(ix *retrieval.Index) *corpus {
	c := &corpus{lex: ix.Lexicon(), docs: map[string]*text.Doc{}, idf: map[string]float64{}}
	df := map[string]int{}
	n := 0
	for _, d := range ix.Analysis() {
		d := d
		c.docs[d.File] = &d
		for i := range d.Sentences {
			n++
			for _, t := range d.Sentences[i].Terms {
				df[t]++
			}
		}
	}
	c.maxIDF = math.Log(1 + float64(n))
	for t, k := range df {
		c.idf[t] = math.Log(1 + float64(n)/float64(k))
	}
	return c
}

// weight is the rarity of a term the corpus holds, and ok is false for a term it never uses.
func (c *corpus) weight(t string) (w float64, ok bool) {
	w, ok = c.idf[t]
	return w, ok
}

// sentRef is one sentence of one passage: the passage, the document's analysis and the sentence's
// index in it. span is the sentence's quotable span clipped to the passage, in document bytes.
type sentRef struct {
	passage retrieval.Passage
	doc     *text.Doc
	i       int
	span    text.Span
}

func (r sentRef) sent() *text.Sentence { return &r.doc.Sentences[r.i] }

// quote returns the sentence's text as it stands in the passage.
func (r sentRef) quote() string {
	return r.passage.Text[r.span.Start-r.passage.StartByte : r.span.End-r.passage.StartByte]
}

// sentKey identifies a sentence in the corpus, whichever passage it was found in.
type sentKey struct {
	file  string
	start int
}

func (r sentRef) key() sentKey { return sentKey{r.doc.File, r.doc.Sentences[r.i].Start} }

// sentences returns the sentences of passage p, in order, clipped to it.
func (c *corpus) sentences(p retrieval.Passage) []sentRef {
	d := c.docs[p.File]
	if d == nil {
		return nil
	}
	ss := d.Sentences
	i := sort.Search(len(ss), func(i int) bool { return ss[i].End > p.StartByte })
	var out []sentRef
	for ; i < len(ss) && ss[i].Start < p.EndByte; i++ {
		sp := text.Span{Start: max(ss[i].Start, p.StartByte), End: min(ss[i].End, p.EndByte)}
		if sp.Start < sp.End {
			out = append(out, sentRef{passage: p, doc: d, i: i, span: sp})
		}
	}
	return out
}

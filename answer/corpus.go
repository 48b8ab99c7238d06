package answer

import (
	"hash/maphash"
	"iter"
	"math"
	"sort"
	"sync"
	"sync/atomic"

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
	// passagesOf returns every passage of a file, in byte order, to find the one that holds a
	// whole sentence (a retrieved passage may hold only part of it): the index's own, not a copy
	// (a copy by file was 9 MB at 40,000 chunks).
	passagesOf func(file string) []retrieval.Passage
	// share is the fraction of the corpus's sentences in each language: how surprising it is that
	// a word of that language is absent from it.
	share map[string]float64
	// topical holds the terms that at least topicShare of the corpus's documents use, when it has
	// at least minTopicDocs documents (in fewer, every word of one is in most of them): what the
	// corpus is about (see [corpus.specific]).
	topical map[string]bool
	// terms are the corpus's terms, sorted, to find a word's variants (see variants).
	terms []string
	// cog finds a word's cognates in the other language among the index's terms.
	cog *text.Cognates
	// names are the names the documents define for one another (see [text.DefinedNames]).
	names *text.DefinedNames
	// spelled holds the stems of the abbreviations the documents spell out (see
	// [text.Sentence.Spells]): what a question that asks what one stands for may be about.
	spelled map[string]bool
	// sigs hold the signature of each sentence's terms (see [termSig]), by document.
	sigs map[*text.Doc][]termSig
	// seed seeds the hash of termBits.
	seed maphash.Seed
	// threshold is the confidence under which an answer abstains: Config.MinConfidence.
	threshold float64
	// weights are the abstention model's: abstainWeights (tests change them).
	weights [numFeatures]float64
	// caseForms are the forms the corpus writes its words in (see [text.CaseForms]), counted at the
	// first question typed all in lower case, once for this corpus version: most questions have
	// capitals and never need them.
	caseForms func() *text.CaseForms
	// counted holds the case forms once caseForms has counted them, nil before: whether a question
	// or [Engine.Warm] has done so already.
	counted atomic.Pointer[text.CaseForms]
}

func newCorpus(ix *retrieval.Index) *corpus {
	c := &corpus{lex: ix.Lexicon(), docs: map[string]*text.Doc{}, idf: map[string]float64{}, share: map[string]float64{}, topical: map[string]bool{}, spelled: map[string]bool{},
		passagesOf: ix.FilePassages, cog: ix.Cognates(), names: ix.DefinedNames(), threshold: abstainBelow, weights: abstainWeights,
		sigs: map[*text.Doc][]termSig{}, seed: maphash.MakeSeed()}
	// Each term's number in stats, which holds its document frequency and signature bits.
	ids := map[string]int{}
	type termStat struct {
		df, docs int
		bits     termSig
	}
	var stats []termStat
	n, docs := 0, 0
	for _, d := range ix.Analysis() {
		d := d
		c.docs[d.File] = &d
		docs++
		sigs := make([]termSig, len(d.Sentences))
		seen := map[int]bool{}
		for i := range d.Sentences {
			n++
			c.share[d.Lang]++
			for _, sf := range d.Sentences[i].Spells {
				c.spelled[sf] = true
			}
			for _, t := range d.Sentences[i].Terms {
				k, ok := ids[t]
				if !ok {
					k = len(stats)
					ids[t] = k
					stats = append(stats, termStat{bits: c.termBits(t)})
				}
				stats[k].df++
				if !seen[k] {
					seen[k] = true
					stats[k].docs++
				}
				sigs[i].add(stats[k].bits)
			}
		}
		c.sigs[&d] = sigs
	}
	c.maxIDF = math.Log(1 + float64(n))
	for t := range ids {
		c.terms = append(c.terms, t)
	}
	sort.Strings(c.terms)
	for l := range c.share {
		c.share[l] /= float64(max(n, 1))
	}
	for t, k := range ids {
		c.idf[t] = math.Log(1 + float64(n)/float64(stats[k].df))
		if docs >= minTopicDocs && float64(stats[k].docs) >= topicShare*float64(docs) {
			c.topical[t] = true
		}
	}
	c.caseForms = sync.OnceValue(func() *text.CaseForms {
		f := text.NewCaseForms(runningText(ix, c.docs), platformNames(ix.Catalog()))
		c.counted.Store(f)
		return f
	})
	return c
}

// platformNames yields the names and aliases of the catalog's platforms ("PDD", "JD.com").
func platformNames(cat *text.Catalog) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, p := range cat.Platforms() {
			for _, n := range p.Names() {
				if !yield(n) {
					return
				}
			}
		}
	}
}

// runningText yields the running text of the corpus, sentence by sentence: body text and the
// questions it asks, not titles, headings, header rows, code or boilerplate, which write words in
// capitals for other reasons than that they are names ("Market Share Over Time", `Config`).
func runningText(ix *retrieval.Index, docs map[string]*text.Doc) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, d := range ix.Documents() {
			a := docs[d.File]
			if a == nil {
				continue
			}
			for _, s := range a.Sentences {
				if (s.Kind == text.KindBody || s.Kind == text.KindQuestion) && s.End <= len(d.Text) && !yield(d.Text[s.Start:s.End]) {
					return
				}
			}
		}
	}
}

// termSig is a signature of a sentence's terms: two bits of 128 for each term (see
// [corpus.termBits]). A sentence whose signature lacks a bit of a term does not hold it, so that
// scoring a question's windows looks most of its words up in no sentence's terms (looking them all
// up was a sixth of the offline answer).
type termSig [2]uint64

func (s *termSig) add(b termSig) { s[0], s[1] = s[0]|b[0], s[1]|b[1] }

// mayHold reports whether a sentence of signature s may hold a term of bits b (false: it does not).
func (s termSig) mayHold(b termSig) bool { return s[0]&b[0] == b[0] && s[1]&b[1] == b[1] }

// termBits returns the bits of term t in a sentence's signature.
func (c *corpus) termBits(t string) termSig {
	h := maphash.String(c.seed, t)
	var b termSig // bits h&127 and h>>7&127
	b[h>>6&1] |= 1 << (h & 63)
	b[h>>13&1] |= 1 << (h >> 7 & 63)
	return b
}

// weight is the rarity of a term the corpus holds, and ok is false for a term it never uses.
func (c *corpus) weight(t string) (w float64, ok bool) {
	w, ok = c.idf[t]
	return w, ok
}

// pinyinNames returns the names of a question (s, whose words are ws) that it writes in pinyin and
// the corpus only in another script: the corpus holds the name's joined pinyin (some document
// writes it in Chinese characters, or as one word; see [text.PinyinNameAt]) but not all its words
// ("Wang Xiaowen" over a document naming 王晓雯). Each is the index of its first word, its word count
// and its joined pinyin. A name the corpus writes as the question does is left to its words.
func (c *corpus) pinyinNames(s string, ws []text.Word, lang string) []pinyinName {
	keep := func(key string, words []text.Word) bool {
		if _, ok := c.weight(text.PinyinTerm(key)); !ok {
			return false
		}
		for _, w := range words {
			if _, ok := c.weight(text.Stem(w, lang)); !ok {
				return true
			}
		}
		return false
	}
	var out []pinyinName
	for i := 0; i < len(ws); i++ {
		if key, n := text.PinyinNameAt(s, ws, i, keep); n > 0 {
			out = append(out, pinyinName{i, n, key})
			i += n - 1
		}
	}
	return out
}

// pinyinName is a name a question writes in pinyin: ws[i:i+n], joined as key.
type pinyinName struct {
	i, n int
	key  string
}

// sentRef is one sentence of one passage: the passage, the document's analysis and the sentence's
// index in it. span is the sentence's quotable span clipped to the passage, in document bytes. The
// passage is the retrieved one or the index's own, shared (the offline answerer makes a few dozen
// sentRefs a question, and copying a passage into each was a fifth of what it allocated).
type sentRef struct {
	passage *retrieval.Passage
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
func (c *corpus) sentences(p *retrieval.Passage) []sentRef {
	var out []sentRef
	for r := range c.sentencesOf(p) {
		out = append(out, r)
	}
	return out
}

// sentencesOf yields the sentences of passage p, in order, clipped to it, without collecting them:
// the offline answerer reads the sentences of a dozen passages for each question, and a slice of
// them for each passage cost it nearly a tenth of its time.
func (c *corpus) sentencesOf(p *retrieval.Passage) iter.Seq[sentRef] {
	return func(yield func(sentRef) bool) {
		d := c.docs[p.File]
		if d == nil {
			return
		}
		ss := d.Sentences
		i := sort.Search(len(ss), func(i int) bool { return ss[i].End > p.StartByte })
		for ; i < len(ss) && ss[i].Start < p.EndByte; i++ {
			sp := text.Span{Start: max(ss[i].Start, p.StartByte), End: min(ss[i].End, p.EndByte)}
			if sp.Start < sp.End && !yield(sentRef{passage: p, doc: d, i: i, span: sp}) {
				return
			}
		}
	}
}

// passageHolding returns a passage of file that holds the byte span [start, end) whole, preferring
// prefer when it does.
func (c *corpus) passageHolding(file string, start, end int, prefer *retrieval.Passage) (*retrieval.Passage, bool) {
	if prefer.File == file && prefer.StartByte <= start && end <= prefer.EndByte {
		return prefer, true
	}
	ps := c.passagesOf(file)
	i := sort.Search(len(ps), func(i int) bool { return ps[i].EndByte >= end })
	for ; i < len(ps) && ps[i].StartByte <= start; i++ {
		if end <= ps[i].EndByte {
			return &ps[i], true
		}
	}
	for i := range ps {
		if ps[i].StartByte <= start && end <= ps[i].EndByte {
			return &ps[i], true
		}
	}
	return nil, false
}

// quotable keeps, in order, up to n passages that hold a sentence an answer may quote: a passage
// that is only a heading or boilerplate answers nothing; one that is only code may.
func (c *corpus) quotable(passages []retrieval.Passage, n int) []retrieval.Passage {
	out := make([]retrieval.Passage, 0, min(n, len(passages)))
	for k, p := range passages {
		if len(out) == n {
			break
		}
		for r := range c.sentencesOf(&passages[k]) {
			if r.sent().Kind == text.KindBody || r.sent().Kind == text.KindCode {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// pointedAt returns the passages of the documents the question points at by their language ("the
// Spanish guide"; see [text.DocumentLanguage]), in their order, when any is among passages;
// otherwise passages. The asker has said where the answer is: another document that happens to
// share more of the question's words is not it.
func (c *corpus) pointedAt(q question, passages []retrieval.Passage) []retrieval.Passage {
	if q.docLang == "" {
		return passages
	}
	var out []retrieval.Passage
	for _, p := range passages {
		if d := c.docs[p.File]; d != nil && d.Lang == q.docLang {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return passages
	}
	return out
}

// variants returns the corpus terms that are variants of stem, other than stem itself (Snowball
// leaves "rewrite" and "rewritten", "compress" and "compressor" apart; see [text.Variants]).
func (c *corpus) variants(stem string) []string { return text.Variants(c.terms, stem) }

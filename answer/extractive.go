package answer

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// query is a question reduced to what an answer must cover.
type query struct {
	Lang      string
	Platforms []string
	// Terms are the content terms; each is a group of equivalent forms (e.g. a Spanish stem and the
	// stems of its English gloss), covered when a sentence holds any of them.
	Terms [][]string
	// Unknown lists names in the question (capitalised words past its start) that the corpus never
	// uses: a question about something the sources never mention is not answerable from them.
	Unknown []string
}

func (c *corpus) parseQuery(q string) query {
	lang := text.DetectLanguage(q)
	out := query{Lang: lang, Platforms: c.lex.Catalog().Names(q)}
	seen := map[string]bool{}
	add := func(group []string) {
		var g []string
		for _, t := range group {
			if !seen[t] {
				seen[t] = true
				g = append(g, t)
			}
		}
		if len(g) > 0 {
			out.Terms = append(out.Terms, g)
		}
	}
	rest := c.lex.Catalog().Strip(q)
	ws := text.Words(rest)
	for i := 0; i < len(ws); {
		if lang == text.Spanish {
			if gl, n := c.lex.SpanishGloss(ws, i); n > 0 {
				var group []string
				for _, w := range ws[i : i+n] {
					if !text.IsStopword(w) && !frameWords[w.Folded] {
						group = append(group, text.Stem(w, lang))
					}
				}
				if len(group) > 0 {
					add(append(group, gl...))
				}
				i += n
				continue
			}
		}
		w := ws[i]
		i++
		if text.IsStopword(w) || frameWords[w.Folded] || !w.Number && len([]rune(w.Lower)) < 2 {
			continue
		}
		add([]string{text.Stem(w, lang)})
	}
	for _, p := range c.lex.Segment(rest) {
		word := rest[p.Start:p.End]
		switch {
		case p.Stop:
		case p.Known:
			add(append([]string{word}, c.lex.ChineseGloss(word)...))
		default:
			add(text.Bigrams(word))
		}
	}
	out.Unknown = c.unknownNames(ws, lang)
	return out
}

// frameWords frame a question without being what it asks about ("according to the text", "what
// does it mean").
var frameWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`many much tell say says said according text article source sources document documents
		mention mentions mentioned describe describes explain explains show shows give gives know happen happened
		way ways kind make made get one two year years per cent mean means meaning definition define defined refer
		refers far every texto articulo fuente fuentes menciona mencionan dice dicen explica explican documento
		documentos significa significado definicion refiere cuanto cuantos cuanta cuantas tiene tienen tenia tenian
		habia hay que como cual`) {
		m[w] = true
	}
	return m
}()

// unknownNames returns the capitalised words of the question, other than its first word, whose
// stem occurs nowhere in the corpus.
func (c *corpus) unknownNames(ws []text.Word, lang string) []string {
	var out []string
	for _, w := range ws {
		if w.Initial || !w.Upper || w.Number || len([]rune(w.Lower)) < 3 || text.IsStopword(w) {
			continue
		}
		if _, known := c.weight(text.Stem(w, lang)); !known {
			out = append(out, w.Lower)
		}
	}
	return out
}

// groupWeight is the rarity of a term group: that of its most common known form.
func (c *corpus) groupWeight(g []string) float64 {
	w := c.maxIDF
	for _, t := range g {
		if x, ok := c.weight(t); ok {
			w = math.Min(w, x)
		}
	}
	return w
}

func covers(s *text.Sentence, g []string) bool {
	for _, t := range g {
		if s.HasTerm(t) {
			return true
		}
	}
	return false
}

// aboutAny reports whether the sentence is about one of platforms (see [text.Sentence.About]).
func aboutAny(s *text.Sentence, platforms []string) bool {
	if len(platforms) == 0 {
		return true
	}
	return sharesAny(platforms, s.About())
}

// pick is a chosen sentence.
type pick struct {
	ref   sentRef
	score float64
}

// Thresholds of the extractive answerer. An answer must cover minCoverage of the question's content
// terms (weighted by rarity) with sentences about the platforms the question names, and its best
// sentence must cover minBest on its own.
const (
	minCoverage  = 0.6
	minBest      = 0.45
	minExtra     = 0.34
	maxSentences = 3
)

// answer picks up to maxSentences sentences from the retrieved passages (best first) that together
// answer q, or returns nil when they do not cover it.
func (c *corpus) answer(q query, results []retrieval.Passage) []pick {
	if len(q.Unknown) > 0 {
		return nil
	}
	total := 0.0
	for _, g := range q.Terms {
		total += c.groupWeight(g)
	}
	type cand struct {
		pick
		covered []int // indexes into q.Terms
	}
	var cands []cand
	seen := map[sentKey]bool{}
	for rank, p := range results {
		for _, r := range c.sentences(p) {
			s := r.sent()
			if seen[r.key()] || s.Kind != text.KindBody {
				continue
			}
			seen[r.key()] = true
			if !aboutAny(s, q.Platforms) {
				continue
			}
			cd := cand{pick: pick{ref: r}}
			cov := 0.0
			for gi, g := range q.Terms {
				if covers(s, g) {
					cov += c.groupWeight(g)
					cd.covered = append(cd.covered, gi)
				}
			}
			if total > 0 {
				cd.score = cov / total
			} else {
				// The question names only platforms: prefer sentences that name them outright and say much.
				cd.score = 0.5 + 0.3*fraction(len(s.Platforms) > 0) + 0.2*math.Min(1, float64(len(s.Terms))/12)
			}
			cd.score += 0.01 * float64(len(results)-rank) / float64(len(results)) // ties go to the search ranking
			cands = append(cands, cd)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	best := cands[0]
	if best.score < minBest {
		return nil
	}
	chosen := []cand{best}
	coveredTerms := map[int]bool{}
	coveredPlatforms := map[string]bool{}
	mark := func(cd cand) {
		for _, t := range cd.covered {
			coveredTerms[t] = true
		}
		for _, p := range cd.ref.sent().About() {
			coveredPlatforms[p] = true
		}
	}
	mark(best)
	for _, cd := range cands[1:] {
		if len(chosen) == maxSentences {
			break
		}
		gain := 0.0
		for _, gi := range cd.covered {
			if !coveredTerms[gi] {
				gain += c.groupWeight(q.Terms[gi])
			}
		}
		newPlatform := false
		for _, p := range q.Platforms {
			if !coveredPlatforms[p] && aboutAny(cd.ref.sent(), []string{p}) {
				newPlatform = true
			}
		}
		if cd.score >= minExtra && ((total > 0 && gain >= 0.1*total) || newPlatform) {
			chosen = append(chosen, cd)
			mark(cd)
		}
	}
	for _, p := range q.Platforms {
		if !coveredPlatforms[p] {
			return nil
		}
	}
	if total > 0 {
		cov := 0.0
		for gi := range coveredTerms {
			cov += c.groupWeight(q.Terms[gi])
		}
		if cov/total < minCoverage {
			return nil
		}
	}
	out := make([]pick, len(chosen))
	for i, cd := range chosen {
		out[i] = cd.pick
	}
	return out
}

func fraction(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func sharesAny(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// supportingSentence finds the sentence of a passage's text that best supports claim (a model's
// prose before a citation marker that carried no quote): it must share at least half of the
// claim's content terms, and at least two of them. Terms are compared without the corpus's glossary
// (the claim and the passage are in the same language when the model quotes nothing).
func supportingSentence(passage, claim string) (int, int, bool) {
	lex := text.NewLexicon(nil, nil)
	// Only the last sentence of the prose before the marker is the claim.
	if ss := text.Sentences(claim, 0, len(claim)); len(ss) > 0 {
		last := ss[len(ss)-1]
		claim = claim[last.Start:last.End]
	}
	claimLang, textLang := text.DetectLanguage(claim), text.DetectLanguage(passage)
	want := map[string]bool{}
	for _, t := range lex.Terms(claim, claimLang) {
		want[t] = true
	}
	if len(want) < 2 {
		return 0, 0, false
	}
	bestN, best := 0, text.Span{}
	for _, sp := range text.Sentences(passage, 0, len(passage)) {
		sp = text.QuoteSpan(passage, sp)
		n := 0
		seen := map[string]bool{}
		for _, t := range lex.Terms(passage[sp.Start:sp.End], textLang) {
			if want[t] && !seen[t] {
				seen[t] = true
				n++
			}
		}
		if n > bestN {
			bestN, best = n, sp
		}
	}
	if bestN < 2 || 2*bestN < len(want) {
		return 0, 0, false
	}
	return best.Start, best.End, true
}

// displaySentence is a quote as shown in answer text: footnote markers removed, whitespace collapsed.
func displaySentence(s string) string {
	return strings.Join(strings.Fields(stripFootnotes(s)), " ")
}

// summaryPoints picks, for one platform, the most informative sentences that name it: at least one
// from every document that mentions it, then the best of the rest, deduplicated, at most max in all,
// in document order. passages are every passage that mentions the platform.
func (c *corpus) summaryPoints(platform string, passages []retrieval.Passage, max int) []pick {
	type cand struct {
		pick
		terms []string
	}
	byDoc := map[string][]cand{}
	var files []string
	seen := map[sentKey]bool{}
	for _, p := range passages {
		refs := c.sentences(p)
		found := false
		for _, r := range refs {
			s := r.sent()
			if !contains(s.Platforms, platform) || s.Kind != text.KindBody {
				continue
			}
			found = true
			if seen[r.key()] {
				continue
			}
			seen[r.key()] = true
			if _, ok := byDoc[p.File]; !ok {
				files = append(files, p.File)
			}
			byDoc[p.File] = append(byDoc[p.File], cand{pick: pick{ref: r, score: c.informative(s, r.quote())}, terms: s.Terms})
		}
		if !found && len(refs) > 0 {
			// The alias sits across a sentence boundary: cite the passage's first sentence.
			r := refs[0]
			if _, ok := byDoc[p.File]; !ok {
				files = append(files, p.File)
			}
			byDoc[p.File] = append(byDoc[p.File], cand{pick: pick{ref: r}, terms: r.sent().Terms})
		}
	}
	sort.Strings(files)
	for _, f := range files {
		cs := byDoc[f]
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	}
	var chosen []cand
	similar := func(cd cand) bool {
		for _, o := range chosen {
			if jaccard(cd.terms, o.terms) >= 0.6 {
				return true
			}
		}
		return false
	}
	// Round robin over documents: each document's best point first, then the next best of each.
	next := map[string]int{}
	for round := 0; ; round++ {
		added := false
		for _, f := range files {
			cs := byDoc[f]
			for next[f] < len(cs) {
				cd := cs[next[f]]
				next[f]++
				if round > 0 && (len(chosen) >= max || similar(cd)) {
					continue
				}
				chosen = append(chosen, cd)
				added = true
				break
			}
		}
		if !added || len(chosen) >= max {
			break
		}
	}
	sort.SliceStable(chosen, func(i, j int) bool {
		a, b := chosen[i].ref, chosen[j].ref
		if a.doc.File != b.doc.File {
			return a.doc.File < b.doc.File
		}
		return a.span.Start < b.span.Start
	})
	out := make([]pick, len(chosen))
	for i, cd := range chosen {
		out[i] = cd.pick
	}
	return out
}

// informative scores a sentence for a summary: rare terms and figures count, very short and very long
// sentences lose.
func (c *corpus) informative(s *text.Sentence, quote string) float64 {
	score := 0.0
	for _, t := range s.Terms {
		w, _ := c.weight(t)
		score += math.Min(w, 3)
	}
	score = math.Min(score, 40)
	if strings.ContainsFunc(quote, unicode.IsDigit) {
		score += 4
	}
	n := len(quote)
	switch {
	case n < 50:
		score *= 0.5
	case n > 450:
		score *= 0.6
	}
	return score
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for _, t := range a {
		if contains(b, t) {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

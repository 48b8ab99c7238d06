package answer

import (
	"github.com/citebot/citebot/text"
)

// A marker without a usable quote ("Its 2024 sales topped ¥3.5tn [S1]") is checked against the
// cited passage by what the claim states, in any language: its figures (compared by value, so
// "¥3.5tn", "3.5 trillion", "3,5 billones" and "3.5万亿" are one figure), the platforms it names
// (by any alias in the catalog, so "抖音" is "Douyin" is "Tiktok"), and its content words (stemmed,
// or matched by the glossary's English for Chinese and Spanish words). The claim is the sentence the marker
// stands in, wherever in the sentence the marker sits.
//
// The passage supports the claim when it states every figure and names every platform of the claim,
// and one of its sentences carries the claim: either it states a figure of the claim that is not a
// year, and all of the claim's figures, or it has at least half of the claim's content words; in
// both cases with at least two pieces of evidence (figures, platforms and words) in that sentence,
// and not saying that a quantity moved the other way ("fell to ¥3.5tn" over "grew to ¥3.5tn"; see
// [text.Direction]). The citation then quotes that sentence.

// sentenceFacts is what one sentence of a passage states.
type sentenceFacts struct {
	sp        span
	figures   []text.Figure
	platforms map[string]bool
	terms     map[string]bool
}

// passageFacts is what a passage states, sentence by sentence.
type passageFacts struct {
	sentences []sentenceFacts
	figures   []text.Figure
	platforms map[string]bool
}

// facts returns (and caches) the facts of source k (1-based): from the index's sentence analysis
// when the verifier has it, else computed from the passage's text.
func (v *verifier) facts(k int) *passageFacts {
	if pf, ok := v.factCache[k]; ok {
		return pf
	}
	p := v.sources[k-1]
	var sents []sentenceFacts
	if v.analysis != nil {
		sents = v.analysis(p)
	}
	if sents == nil {
		for _, sp := range quotableSentences(p.Text) {
			s := p.Text[sp.Start:sp.End]
			sents = append(sents, sentenceFacts{sp: sp, platforms: platformsIn(v.lex, s), terms: sentenceTerms(v.lex, s)})
		}
	}
	pf := &passageFacts{sentences: sents, platforms: map[string]bool{}}
	for i := range pf.sentences {
		s := &pf.sentences[i]
		s.figures = text.FiguresIn(p.Text[s.sp.Start:s.sp.End])
		pf.figures = append(pf.figures, s.figures...)
		for name := range s.platforms {
			pf.platforms[name] = true
		}
	}
	v.factCache[k] = pf
	return pf
}

// claimFacts is what a claim states.
type claimFacts struct {
	figs     []text.Figure
	plats    map[string]bool
	concepts [][]string
	dir      text.Direction
}

// claimFacts analyses claim (cached: every marker of a sentence checks the same claim).
func (v *verifier) claimFacts(claim string) claimFacts {
	if cf, ok := v.claimCache[claim]; ok {
		return cf
	}
	key := claim
	claim = text.TrimListMarker(claim) // "3. Surpassing competitors like JD.com": 3 is no figure of the claim
	cf := claimFacts{figs: text.FiguresIn(claim), plats: platformsIn(v.lex, claim), dir: text.DirectionOf(claim)}
	names := platformTerms(v.lex, cf.plats)
	for _, c := range claimConcepts(v.lex, claim) {
		if !allIn(c, names) {
			cf.concepts = append(cf.concepts, c)
		}
	}
	if len(v.claimCache) > 64 {
		clear(v.claimCache)
	}
	v.claimCache[key] = cf
	return cf
}

// supports checks claim against source k (see the comment at the top of this file) and returns the
// span of the passage's supporting sentence.
func (v *verifier) supports(k int, claim string) (span, bool) {
	cf := v.claimFacts(claim)
	figs, plats, terms := cf.figs, cf.plats, cf.concepts
	if len(figs)+len(plats)+len(terms) < 2 {
		return span{}, false
	}
	pf := v.facts(k)
	for p := range plats {
		if !pf.platforms[p] {
			return span{}, false
		}
	}
	strong := false
	for _, f := range figs {
		if !f.MatchesAny(pf.figures) {
			return span{}, false
		}
		strong = strong || !f.Year
	}
	bestScore, best := 0, span{}
	for _, s := range pf.sentences {
		fN, strongN := 0, 0
		for _, f := range figs {
			if f.MatchesAny(s.figures) {
				fN++
				if !f.Year {
					strongN++
				}
			}
		}
		pN, tN := 0, 0
		for p := range plats {
			if s.platforms[p] {
				pN++
			}
		}
		for _, c := range terms {
			if anyIn(c, s.terms) {
				tN++
			}
		}
		evidence := fN + pN + tN
		byFigures := strong && strongN > 0 && fN == len(figs)
		byTerms := tN > 0 && 2*tN >= len(terms) && (len(figs) == 0 || fN > 0)
		if evidence < 2 || !byFigures && !byTerms {
			continue
		}
		if cf.dir.Opposes(text.DirectionOf(v.sources[k-1].Text[s.sp.Start:s.sp.End])) {
			continue // the right figures, but moving the other way
		}
		if score := 2*fN + pN + tN; score > bestScore {
			bestScore, best = score, s.sp
		}
	}
	return best, bestScore > 0
}

// reverses reports a claim that says a quantity moved the other way from what the quoted span sp of
// source k says ("Douyin's GMV fell [S1: "Douyin has achieved remarkable growth"]"): a verbatim
// quote does not make such a claim true.
func (v *verifier) reverses(k int, sp span, claim string) bool {
	p := v.sources[k-1].Text
	if sp.Start < 0 || sp.End > len(p) || sp.Start >= sp.End {
		return false
	}
	return v.claimFacts(claim).dir.Opposes(text.DirectionOf(p[sp.Start:sp.End]))
}

func anyIn(xs []string, set map[string]bool) bool {
	for _, x := range xs {
		if set[x] {
			return true
		}
	}
	return false
}

func allIn(xs []string, set map[string]bool) bool {
	for _, x := range xs {
		if !set[x] {
			return false
		}
	}
	return true
}

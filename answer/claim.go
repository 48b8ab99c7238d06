package answer

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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

// figure is a number stated in a text.
type figure struct {
	// values are the numbers it may stand for, scale words applied ("3.5 trillion" is 3.5e12;
	// "1.207" is 1.207 or 1207).
	values []float64
	// raw are the same numbers without the scale word.
	raw     []float64
	scaled  bool
	percent bool
	// year is a whole number from 1900 to 2100 with no scale: weak evidence on its own.
	year bool
}

// scaleWords multiply the number before them; the longest is tried first.
var scaleWords = []struct {
	word string
	mult float64
}{
	{"one hundred million", 1e8}, {"hundred million", 1e8}, {"mil millones", 1e9}, {"trillions", 1e12},
	{"trillion", 1e12}, {"billones", 1e12}, {"billón", 1e12}, {"billon", 1e12}, {"billions", 1e9},
	{"billion", 1e9}, {"millones", 1e6}, {"millions", 1e6}, {"million", 1e6}, {"millón", 1e6},
	{"millon", 1e6}, {"thousand", 1e3}, {"mil", 1e3}, {"万亿", 1e12}, {"亿", 1e8}, {"万", 1e4}, {"千", 1e3},
	{"trn", 1e12}, {"tn", 1e12}, {"bn", 1e9}, {"mn", 1e6},
}

// maxScaleBytes is the length in bytes of the longest scale or percent word.
const maxScaleBytes = len("one hundred million")

var percentWords = []string{"%", "％", "percent", "per cent", "por ciento"}

// figuresIn returns the figures stated in s.
func figuresIn(s string) []figure {
	var out []figure
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isASCIIDigitOrWide(r) || i > 0 && precededByLetter(s, i) {
			i += size
			continue
		}
		j := i
		var num strings.Builder
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			switch {
			case isASCIIDigitOrWide(r):
				num.WriteRune(foldRune(r))
			case (r == '.' || r == ',') && j+1 < len(s) && isDigitByte(s[j+1]):
				num.WriteRune(r)
			default:
				goto done
			}
			j += size
		}
	done:
		f := parseFigure(num.String(), s[j:])
		if len(f.values) > 0 {
			out = append(out, f)
		}
		i = j
	}
	return out
}

func isASCIIDigitOrWide(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func precededByLetter(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r)
}

// parseFigure reads a number (digits with "." or "," separators) and the scale or percent word after it.
func parseFigure(num, after string) figure {
	f := figure{raw: numberReadings(num)}
	rest := strings.TrimLeft(after, " \u00a0")
	// Traditional characters name the same scales (億 is 亿, 萬億 is 万亿; see [text.Simplify]). Only
	// what a scale word and the character after it may span is folded: folding the whole rest at
	// every figure would cost the square of a passage's length.
	rest = strings.ToLower(text.Simplify(rest[:min(len(rest), maxScaleBytes+utf8.UTFMax)]))
	for _, p := range percentWords {
		if strings.HasPrefix(rest, p) {
			f.percent = true
			break
		}
	}
	mult := 1.0
	if !f.percent {
		for _, sw := range scaleWords {
			if strings.HasPrefix(rest, sw.word) && wordEnds(rest, len(sw.word)) {
				mult, f.scaled = sw.mult, true
				break
			}
		}
	}
	for _, v := range f.raw {
		f.values = append(f.values, v*mult)
	}
	if !f.scaled && !f.percent && len(f.raw) == 1 && !strings.ContainsAny(num, ".,") && f.raw[0] >= 1900 && f.raw[0] <= 2100 {
		f.year = true
	}
	return f
}

// wordEnds reports whether a word that is s[:n] ends there (Han scale words always do).
func wordEnds(s string, n int) bool {
	if n >= len(s) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(s[:n])
	if unicode.Is(unicode.Han, last) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[n:])
	return !unicode.IsLetter(r)
}

// numberReadings returns the values a written number may have: "3.5" and "3,5" are 3.5; "8,556" is
// 8556 (or 8.556); "1.234.567" is 1234567.
func numberReadings(num string) []float64 {
	var out []float64
	for _, dec := range []byte{'.', ','} {
		thou := byte(',')
		if dec == ',' {
			thou = '.'
		}
		if v, ok := readNumber(num, dec, thou); ok && !containsFloat(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// readNumber reads num with dec as the decimal mark and thou as the thousands separator (groups of
// three digits after the first).
func readNumber(num string, dec, thou byte) (float64, bool) {
	intPart, frac := num, ""
	if i := strings.IndexByte(num, dec); i >= 0 {
		if strings.IndexByte(num[i+1:], dec) >= 0 || strings.IndexByte(num[i+1:], thou) >= 0 {
			return 0, false
		}
		intPart, frac = num[:i], num[i+1:]
	}
	groups := strings.Split(intPart, string(thou))
	for k, g := range groups {
		if g == "" || k > 0 && len(g) != 3 {
			return 0, false
		}
	}
	s := strings.Join(groups, "")
	if frac != "" {
		s += "." + frac
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func containsFloat(xs []float64, x float64) bool {
	for _, y := range xs {
		if sameValue(x, y) {
			return true
		}
	}
	return false
}

func sameValue(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// matches reports whether figure c of a claim is figure s of a source.
func (c figure) matches(s figure) bool {
	if c.percent != s.percent {
		return false
	}
	for _, a := range c.values {
		if containsFloat(s.values, a) {
			return true
		}
	}
	if !c.scaled {
		for _, a := range c.raw {
			if containsFloat(s.raw, a) {
				return true
			}
		}
	}
	return false
}

func anyMatch(c figure, fs []figure) bool {
	for _, s := range fs {
		if c.matches(s) {
			return true
		}
	}
	return false
}

// sentenceFacts is what one sentence of a passage states.
type sentenceFacts struct {
	sp        span
	figures   []figure
	platforms map[string]bool
	terms     map[string]bool
}

// passageFacts is what a passage states, sentence by sentence.
type passageFacts struct {
	sentences []sentenceFacts
	figures   []figure
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
		s.figures = figuresIn(p.Text[s.sp.Start:s.sp.End])
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
	figs     []figure
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
	cf := claimFacts{figs: figuresIn(claim), plats: platformsIn(v.lex, claim), dir: text.DirectionOf(claim)}
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
		if !anyMatch(f, pf.figures) {
			return span{}, false
		}
		strong = strong || !f.year
	}
	bestScore, best := 0, span{}
	for _, s := range pf.sentences {
		fN, strongN := 0, 0
		for _, f := range figs {
			if anyMatch(f, s.figures) {
				fN++
				if !f.year {
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

package answer

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/retrieval"
)

// platformNames is one catalog platform with every alias, folded for matching.
type platformNames struct {
	Name    string
	Aliases []string // folded (ASCII lower-case), longest first, including Name
}

// platformMatcher finds platform mentions by any alias: Latin aliases on word boundaries, ASCII case
// folded; Han aliases anywhere.
type platformMatcher struct {
	platforms []platformNames
}

func newPlatformMatcher(ps []platformNames) *platformMatcher {
	m := &platformMatcher{}
	for _, p := range ps {
		seen := map[string]bool{}
		var as []string
		for _, a := range append([]string{p.Name}, p.Aliases...) {
			a = asciiLower(strings.TrimSpace(a))
			if a != "" && !seen[a] {
				seen[a] = true
				as = append(as, a)
			}
		}
		sort.Slice(as, func(i, j int) bool { return len(as[i]) > len(as[j]) })
		m.platforms = append(m.platforms, platformNames{Name: p.Name, Aliases: as})
	}
	return m
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// mention is one occurrence of a platform alias in a text.
type mention struct {
	Platform   string
	Start, End int
}

// find returns the alias occurrences in text. Like [retrieval.Catalog.Mentions], longer aliases are
// matched first and consume their span, so "Taobao Mall" names Tmall and not also Taobao.
func (m *platformMatcher) find(text string) []mention {
	low := asciiLower(text)
	type alias struct{ folded, platform string }
	var all []alias
	for _, p := range m.platforms {
		for _, a := range p.Aliases {
			all = append(all, alias{a, p.Name})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return len(all[i].folded) > len(all[j].folded) })
	used := make([]bool, len(low))
	var out []mention
	for _, a := range all {
		for off := 0; off < len(low); {
			i := strings.Index(low[off:], a.folded)
			if i < 0 {
				break
			}
			s, e := off+i, off+i+len(a.folded)
			off = s + 1
			if !wordBounded(low, s, e, a.folded) || anyUsed(used[s:e]) {
				continue
			}
			for k := s; k < e; k++ {
				used[k] = true
			}
			out = append(out, mention{Platform: a.platform, Start: s, End: e})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func anyUsed(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

func wordBounded(s string, start, end int, alias string) bool {
	first, _ := utf8.DecodeRuneInString(alias)
	if unicode.Is(unicode.Han, first) {
		return true
	}
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) || unicode.IsDigit(r) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// names returns the distinct platforms mentioned in text, in order of first mention.
func (m *platformMatcher) names(text string) []string {
	var out []string
	for _, mt := range m.find(text) {
		if !containsString(out, mt.Platform) {
			out = append(out, mt.Platform)
		}
	}
	return out
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// sentInfo is one sentence of a passage with what the extractive answerer needs to know about it.
type sentInfo struct {
	span
	terms map[string]bool
	// named lists the platforms the sentence names; context adds those named by the two sentences
	// before it in the passage ("The platform has …" after a bullet about Douyin).
	named, context []string
}

// extractor is the offline answerer: it picks source sentences that cover the question's content.
type extractor struct {
	platforms *platformMatcher
	idf       map[string]float64
	maxIDF    float64
	sents     map[string][]sentInfo // by passage key
	docLang   map[string]string
}

func passageKey(p retrieval.Passage) string { return p.File + "\x00" + itoa(p.StartByte) }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// newExtractor analyses every passage of the corpus once: sentences, terms, platform mentions and
// term rarity (inverse sentence frequency).
func newExtractor(docs []*retrieval.Document, passages []retrieval.Passage, pm *platformMatcher) *extractor {
	x := &extractor{platforms: pm, idf: map[string]float64{}, sents: map[string][]sentInfo{}, docLang: map[string]string{}}
	for _, d := range docs {
		x.docLang[d.File] = detectLanguage(d.Text)
	}
	df := map[string]int{}
	n := 0
	for _, p := range passages {
		lang := x.docLang[p.File]
		var infos []sentInfo
		for _, sp := range splitSentences(p.Text) {
			s := p.Text[sp.Start:sp.End]
			info := sentInfo{span: sp, terms: map[string]bool{}, named: pm.names(s)}
			for _, t := range sourceTerms(stripAliases(s, pm), lang) {
				info.terms[t] = true
			}
			for k := len(infos) - 1; k >= 0 && k >= len(infos)-2; k-- {
				for _, name := range infos[k].named {
					if !containsString(info.context, name) {
						info.context = append(info.context, name)
					}
				}
			}
			for t := range info.terms {
				df[t]++
			}
			n++
			infos = append(infos, info)
		}
		x.sents[passageKey(p)] = infos
	}
	x.maxIDF = math.Log(1 + float64(n))
	for t, c := range df {
		x.idf[t] = math.Log(1 + float64(n)/float64(1+c))
	}
	return x
}

// stripAliases blanks platform aliases out of s so that their words ("A lot of spelling") do not count
// as content terms.
func stripAliases(s string, pm *platformMatcher) string {
	ms := pm.find(s)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	prev := 0
	for _, m := range ms {
		b.WriteString(s[prev:m.Start])
		b.WriteString(" ")
		prev = m.End
	}
	b.WriteString(s[prev:])
	return b.String()
}

func (x *extractor) weight(t string) float64 {
	if w, ok := x.idf[t]; ok {
		return w
	}
	return x.maxIDF
}

// query is a question reduced to what an answer must cover.
type query struct {
	Lang      string
	Platforms []string
	// Terms are the content terms; each is a group of equivalent forms (e.g. a Spanish stem and the
	// stem of its English translation), covered when a sentence holds any of them.
	Terms [][]string
	// Unknown lists names in the question (capitalised words past its start) that the corpus never
	// uses: a question about something the sources never mention is not answerable from them.
	Unknown []string
}

func (x *extractor) parseQuery(q string) query {
	lang := detectLanguage(q)
	out := query{Lang: lang, Platforms: x.platforms.names(q)}
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
	rest := stripAliases(q, x.platforms)
	if lang == langChinese {
		keys := make([]string, 0, len(zhGlossary))
		for k := range zhGlossary {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return len(keys[i]) > len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
		})
		for _, k := range keys {
			if !strings.Contains(rest, k) {
				continue
			}
			rest = strings.ReplaceAll(rest, k, " ")
			for _, t := range terms(zhGlossary[k], langEnglish) {
				add([]string{t, k})
			}
		}
	}
	for _, w := range words(rest) {
		for _, t := range terms(w, lang) {
			group := []string{t}
			if en, ok := esGlossary[w]; ok && lang == langSpanish {
				group = append(group, terms(en, langEnglish)...)
			}
			add(group)
		}
	}
	for _, t := range hanTerms(rest) {
		add([]string{t})
	}
	out.Unknown = x.unknownNames(rest, lang)
	return out
}

// unknownNames returns the capitalised words of q, other than its first word, whose stem occurs
// nowhere in the corpus.
func (x *extractor) unknownNames(q, lang string) []string {
	var out []string
	fields := strings.FieldsFunc(q, func(r rune) bool { return (!unicode.IsLetter(r) || unicode.Is(unicode.Han, r)) && r != '.' })
	for i, f := range fields {
		f = strings.Trim(f, ".")
		r, _ := utf8.DecodeRuneInString(f)
		if i == 0 || !unicode.IsUpper(r) || utf8.RuneCountInString(f) < 3 {
			continue
		}
		w := foldWord(f)
		if enStop[w] || esStop[w] || notNames[w] {
			continue
		}
		if _, known := x.idf[stem(w, lang)]; !known {
			out = append(out, f)
		}
	}
	return out
}

// groupWeight is the rarity of a term group: that of its most common known form.
func (x *extractor) groupWeight(g []string) float64 {
	w := x.maxIDF
	for _, t := range g {
		w = math.Min(w, x.weight(t))
	}
	return w
}

// about reports whether the sentence is about one of platforms: it names one of them first (so "Douyin
// … surpassing competitors like JD.com" is not about JD.com), or it names none and follows a sentence
// that does ("The platform has …").
func (s sentInfo) about(platforms []string) bool {
	if len(platforms) == 0 {
		return true
	}
	if len(s.named) > 0 {
		return containsString(platforms, s.named[0])
	}
	return sharesAny(platforms, s.context)
}

func (s sentInfo) covers(g []string) bool {
	for _, t := range g {
		if s.terms[t] {
			return true
		}
	}
	return false
}

// pick is a chosen sentence: passage and span within its text.
type pick struct {
	Passage retrieval.Passage
	Span    span
	score   float64
}

// Thresholds of the extractive answerer. An answer must cover minCoverage of the question's content
// terms (weighted by rarity) with sentences that each name, or follow a sentence naming, every
// platform the question names (together), and its best sentence must cover minBest on its own.
const (
	minCoverage  = 0.6
	minBest      = 0.45
	minExtra     = 0.34
	maxSentences = 3
)

// answer picks up to maxSentences sentences from the retrieved passages (best first) that together
// answer q, or returns nil when they do not cover it.
func (x *extractor) answer(q query, results []retrieval.Passage) []pick {
	if len(q.Unknown) > 0 {
		return nil
	}
	total := 0.0
	for _, g := range q.Terms {
		total += x.groupWeight(g)
	}
	type cand struct {
		pick
		info    sentInfo
		covered []int // indexes into q.Terms
	}
	var cands []cand
	seen := map[string]bool{}
	for rank, p := range results {
		for _, s := range x.sents[passageKey(p)] {
			key := p.File + "\x00" + itoa(p.StartByte+s.Start)
			if seen[key] {
				continue
			}
			seen[key] = true
			if !s.about(q.Platforms) {
				continue
			}
			if isQuestion(p.Text[s.Start:s.End]) {
				continue
			}
			c := cand{pick: pick{Passage: p, Span: s.span}, info: s}
			cov := 0.0
			for gi, g := range q.Terms {
				if s.covers(g) {
					cov += x.groupWeight(g)
					c.covered = append(c.covered, gi)
				}
			}
			if total > 0 {
				c.score = cov / total
			} else {
				// The question names only platforms: prefer sentences that name them outright and say much.
				c.score = 0.5 + 0.3*fraction(len(s.named) > 0) + 0.2*math.Min(1, float64(len(s.terms))/12)
			}
			c.score += 0.01 * float64(len(results)-rank) / float64(len(results)) // ties go to the search ranking
			cands = append(cands, c)
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
	mark := func(c cand) {
		for _, t := range c.covered {
			coveredTerms[t] = true
		}
		for _, p := range append(append([]string{}, c.info.named...), c.info.context...) {
			coveredPlatforms[p] = true
		}
	}
	mark(best)
	for _, c := range cands[1:] {
		if len(chosen) == maxSentences {
			break
		}
		gain := 0.0
		for _, gi := range c.covered {
			if !coveredTerms[gi] {
				gain += x.groupWeight(q.Terms[gi])
			}
		}
		newPlatform := false
		for _, p := range q.Platforms {
			if !coveredPlatforms[p] && c.info.about([]string{p}) {
				newPlatform = true
			}
		}
		if c.score >= minExtra && ((total > 0 && gain >= 0.1*total) || newPlatform) {
			chosen = append(chosen, c)
			mark(c)
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
			cov += x.groupWeight(q.Terms[gi])
		}
		if cov/total < minCoverage {
			return nil
		}
	}
	out := make([]pick, len(chosen))
	for i, c := range chosen {
		out[i] = c.pick
	}
	return out
}

// isQuestion reports whether a sentence is itself a question (a title such as "¿Qué significa
// microcomercio?"), which never answers one.
func isQuestion(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, "?") || strings.HasSuffix(s, "？")
}

func fraction(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func sharesAny(a, b []string) bool {
	for _, x := range a {
		if containsString(b, x) {
			return true
		}
	}
	return false
}

// supportingSentence finds the sentence of text that best supports claim (a model's prose before a
// citation marker that carried no quote): it must share at least half of the claim's content terms,
// and at least two of them.
func supportingSentence(text, claim string) (int, int, bool) {
	// Only the last sentence of the prose before the marker is the claim.
	if ss := splitSentences(claim); len(ss) > 0 {
		last := ss[len(ss)-1]
		claim = claim[last.Start:last.End]
	}
	claimLang, textLang := detectLanguage(claim), detectLanguage(text)
	want := map[string]bool{}
	for _, t := range terms(claim, claimLang) {
		want[t] = true
	}
	if len(want) < 2 {
		return 0, 0, false
	}
	bestN, best := 0, span{}
	for _, sp := range splitSentences(text) {
		n := 0
		seen := map[string]bool{}
		for _, t := range terms(text[sp.Start:sp.End], textLang) {
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
func (x *extractor) summaryPoints(platform string, passages []retrieval.Passage, max int) []pick {
	type cand struct {
		pick
		terms map[string]bool
		abs   int
	}
	byDoc := map[string][]cand{}
	var files []string
	seen := map[string]bool{}
	for _, p := range passages {
		infos := x.sents[passageKey(p)]
		found := false
		for _, s := range infos {
			if !containsString(s.named, platform) {
				continue
			}
			found = true
			k := p.File + "\x00" + itoa(p.StartByte+s.Start)
			if seen[k] {
				continue
			}
			seen[k] = true
			if _, ok := byDoc[p.File]; !ok {
				files = append(files, p.File)
			}
			byDoc[p.File] = append(byDoc[p.File], cand{pick: pick{Passage: p, Span: s.span, score: x.informative(s, p.Text)}, terms: s.terms, abs: p.StartByte + s.Start})
		}
		if !found && len(infos) > 0 {
			// The alias sits across a sentence boundary: cite the passage's first sentence.
			s := infos[0]
			if _, ok := byDoc[p.File]; !ok {
				files = append(files, p.File)
			}
			byDoc[p.File] = append(byDoc[p.File], cand{pick: pick{Passage: p, Span: s.span}, terms: s.terms, abs: p.StartByte + s.Start})
		}
	}
	sort.Strings(files)
	for _, f := range files {
		cs := byDoc[f]
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	}
	var chosen []cand
	similar := func(c cand) bool {
		for _, o := range chosen {
			if jaccard(c.terms, o.terms) >= 0.6 {
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
				c := cs[next[f]]
				next[f]++
				if round > 0 && (len(chosen) >= max || similar(c)) {
					continue
				}
				chosen = append(chosen, c)
				added = true
				break
			}
		}
		if !added || len(chosen) >= max {
			break
		}
	}
	sort.SliceStable(chosen, func(i, j int) bool {
		if chosen[i].Passage.File != chosen[j].Passage.File {
			return chosen[i].Passage.File < chosen[j].Passage.File
		}
		return chosen[i].abs < chosen[j].abs
	})
	out := make([]pick, len(chosen))
	for i, c := range chosen {
		out[i] = c.pick
	}
	return out
}

// informative scores a sentence for a summary: rare terms and figures count, very short and very long
// sentences lose.
func (x *extractor) informative(s sentInfo, text string) float64 {
	score := 0.0
	for t := range s.terms {
		score += math.Min(x.weight(t), 3)
	}
	score = math.Min(score, 40)
	if strings.ContainsFunc(text[s.Start:s.End], unicode.IsDigit) {
		score += 4
	}
	n := s.End - s.Start
	switch {
	case n < 50:
		score *= 0.5
	case n > 450:
		score *= 0.6
	}
	return score
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

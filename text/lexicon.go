package text

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Lexicon is what tokenisation knows about the corpus's vocabulary: the platform catalog, the
// glossary, and the Chinese dictionary built from both (their Han entries and Chinese function
// words) for segmentation. It is safe for concurrent use, and immutable but for a cache of the
// stems of the glosses it has looked up.
type Lexicon struct {
	catalog *Catalog
	hanDict map[string]bool // known Chinese words (of this layer)
	ownMax  int             // runes in the longest known Chinese word of this layer
	// layer is this layer's own glossary, whose glosses are stemmed on first lookup and kept in
	// stemmedES and stemmedZH (its Spanish or Chinese key -> each gloss's English stems): stemming
	// the built-in glossary's thousands of glosses up front was most of what a process's start cost.
	layer                *Glossary
	stemmedES, stemmedZH sync.Map
	// platformHan are the catalog's names in Chinese characters: a layer under this one must not
	// gloss them (the dictionary's 阿里巴巴 is also "Ali Baba"); this layer's own glossary still may.
	platformHan map[string]bool
	// layers is what the lexicon takes from the layers under it, worked out on first use (see
	// [lexiconLayers]). own is the corpus's own glossary and builtin the digest of the built-in
	// layer's data ("" without one).
	layers  func() lexiconLayers
	own     *Glossary
	builtin string
	// dict is a glossary whose words this layer knows and glosses without a copy: their stems are
	// computed on lookup (the dictionary is ~82,000 words, of which a corpus meets few; stemming
	// them all would cost every process half a second and ~20 MB).
	dict *Glossary
}

// lexiconLayers is what a lexicon takes from the layers under it. A corpus's lexicon works it out
// at its first lookup of a Chinese or Spanish word (see [NewCorpusLexicon]): the built-in layer
// under it is then parsed, once per process, and a process that never needs it (a search in
// English) does not pay for it.
type lexiconLayers struct {
	// base is the layer under this one: the words this layer does not know or gloss are looked
	// up there (nil: none).
	base *Lexicon
	// glossary has every layer's entries.
	glossary *Glossary
	// hanMax is the runes in the longest known Chinese word of every layer.
	hanMax int
}

// NewLexicon combines a catalog and a glossary (either may be nil), and nothing else: no built-in
// layer (see [NewCorpusLexicon]).
func NewLexicon(c *Catalog, g *Glossary) *Lexicon {
	l := newLexicon(c, g)
	l.own = g
	l.layers = func() lexiconLayers { return lexiconLayers{glossary: g, hanMax: l.ownMax} }
	return l
}

// newLexicon is the lexicon of a catalog and a glossary as one layer; its layers are for the
// caller to set.
func newLexicon(c *Catalog, g *Glossary) *Lexicon {
	l := &Lexicon{catalog: c, layer: g, hanDict: map[string]bool{}, platformHan: map[string]bool{}}
	add := func(w string) {
		if w != "" && !strings.ContainsFunc(w, func(r rune) bool { return !IsHan(r) }) {
			l.hanDict[w] = true
			l.ownMax = max(l.ownMax, utf8.RuneCountInString(w))
		}
	}
	for w := range chineseStopwords {
		add(w)
	}
	for _, p := range c.Platforms() {
		for _, n := range p.Names() {
			n = strings.TrimSpace(n)
			add(n)
			if l.hanDict[n] {
				l.platformHan[n] = true // the catalog matches it (see platformHan)
			}
		}
	}
	g.each(func(string, []string) {}, func(k string, _ []string) { add(k) })
	return l
}

// stems returns the English stems of each of the glosses v of key, a key of this layer's glossary,
// stemmed once and kept in memo (stemmedES or stemmedZH).
func stems(memo *sync.Map, key string, v []string) [][]string {
	if st, ok := memo.Load(key); ok {
		return st.([][]string)
	}
	st := glossStems(v, nil)
	memo.Store(key, st)
	return st
}

// under returns the layer under l, or nil.
func (l *Lexicon) under() *Lexicon { return l.layers().base }

// known reports whether w is a known Chinese word of any layer.
func (l *Lexicon) known(w string) bool {
	for ; l != nil; l = l.under() {
		if l.hanDict[w] {
			return true
		}
		if l.dict != nil && l.dict.hasChinese(w) {
			return true
		}
	}
	return false
}

// zhTerms and esTerms return the stems of a word's glosses from the topmost layer that has it.
func (l *Lexicon) zhTerms(w string) [][]string {
	for ; l != nil; l = l.under() {
		if l.layer != nil {
			if v := l.layer.Chinese(w); v != nil {
				return stems(&l.stemmedZH, w, v)
			}
		}
		if l.platformHan[w] {
			return nil
		}
		if l.dict != nil {
			if v := l.dict.chinese(w); v != nil {
				return l.glossTerms(v)
			}
		}
	}
	return nil
}

func (l *Lexicon) esTerms(key string) [][]string {
	for ; l != nil; l = l.under() {
		if l.layer != nil {
			if v := l.layer.spanishKey(key); v != nil {
				return stems(&l.stemmedES, key, v)
			}
		}
	}
	return nil
}

// Own returns the glossary the lexicon was given, without the built-in layer under it, and the
// digest of that layer ("" when it has none; see [BuiltinDigest]). An index stores these rather
// than the whole glossary.
func (l *Lexicon) Own() (*Glossary, string) { return l.own, l.builtin }

// glossTerms returns the English stems of each gloss.
func (l *Lexicon) glossTerms(glosses []string) [][]string { return glossStems(glosses, nil) }

// glossStems returns the English stems of each gloss, taking each word's stem from cache when it
// is there and putting it there (cache nil: none). A glossary's thousands of glosses repeat a few
// thousand words, and stemming is most of what building a lexicon costs.
func glossStems(glosses []string, cache map[string]string) [][]string {
	var out [][]string
	for _, g := range glosses {
		var stems []string
		for _, w := range Words(g) {
			if IsStopword(w) {
				continue
			}
			st, ok := cache[w.Lower]
			if !ok {
				st = Stem(w, English)
				if cache != nil {
					cache[w.Lower] = st
				}
			}
			stems = appendUnique(stems, st)
		}
		if len(stems) > 0 {
			out = append(out, stems)
		}
	}
	return out
}

// flatten returns every stem of a word's glosses, each once.
func flatten(glosses [][]string) []string {
	var out []string
	for _, g := range glosses {
		for _, t := range g {
			out = appendUnique(out, t)
		}
	}
	return out
}

// Synonyms returns the English synonyms of an English stem, each as its stems ("quick" → [fast],
// [speed], …): general English (data/synonyms.txt), the same for every corpus.
func (l *Lexicon) Synonyms(stem string) [][]string { return synonymsOnce()[stem] }

// Catalog returns the platform catalog.
func (l *Lexicon) Catalog() *Catalog { return l.catalog }

// Glossary returns the glossary.
func (l *Lexicon) Glossary() *Glossary { return l.layers().glossary }

// HanPiece is one piece of a run of Han characters after segmentation.
type HanPiece struct {
	// Start and End are the piece's byte span in the segmented text.
	Start, End int
	// Word is the piece's text with traditional characters folded to simplified ones (see
	// [Simplify]): what is looked up and matched. The text itself is the span.
	Word string
	// Known: a dictionary word (a glossary entry, a platform name or a function word); otherwise
	// the longest stretch of characters between known words.
	Known bool
	// Stop: a Chinese function or question word ("的", "是", "什么").
	Stop bool
}

// Segment cuts the Han runs of s into the dictionary's words, choosing the cut with the fewest
// pieces and unknown characters (so "是什么时候发布" is 是 / 什么时候 / 发布, not 是什么 / 时候 …); the
// characters between known words form one unknown piece each, so a run is counted once rather than
// as many overlapping bigrams. Traditional characters are read as simplified ones (see
// [HanPiece.Word]).
func (l *Lexicon) Segment(s string) []HanPiece {
	var out []HanPiece
	s = Simplify(s) // the same byte offsets
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !IsHan(r) {
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !IsHan(r) {
				break
			}
			j += size
		}
		out = append(out, l.segmentRun(s, i, j)...)
		i = j
	}
	return out
}

// segmentRun segments the Han run s[start:end] by dynamic programming: a known word costs 1, an
// unknown character 1.5.
func (l *Lexicon) segmentRun(s string, start, end int) []HanPiece {
	var pos []int // byte offsets of the run's characters, then end
	for i := start; i < end; {
		pos = append(pos, i)
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	pos = append(pos, end)
	n := len(pos) - 1
	cost := make([]float64, n+1)
	back := make([]int, n+1) // where the last piece of the best cut of the first k characters starts
	hanMax := l.layers().hanMax
	for k := 1; k <= n; k++ {
		cost[k], back[k] = cost[k-1]+1.5, k-1
		for m := max(0, k-hanMax); m < k; m++ {
			if cost[m]+1 < cost[k] && l.known(s[pos[m]:pos[k]]) {
				cost[k], back[k] = cost[m]+1, m
			}
		}
	}
	var rev []HanPiece
	for k := n; k > 0; k = back[k] {
		w := s[pos[back[k]]:pos[k]]
		known := l.known(w)
		rev = append(rev, HanPiece{Start: pos[back[k]], End: pos[k], Word: w, Known: known, Stop: known && chineseStopwords[w]})
	}
	// In text order, neighbouring unknown characters merged into one piece.
	var out []HanPiece
	for i := len(rev) - 1; i >= 0; i-- {
		p := rev[i]
		if len(out) > 0 && !p.Known && !out[len(out)-1].Known {
			out[len(out)-1].End = p.End
			out[len(out)-1].Word = s[out[len(out)-1].Start:p.End]
			continue
		}
		out = append(out, p)
	}
	return out
}

// Terms returns the search terms of s for the keyword index and the embedder: the stems of its
// words that are not function words (see [Stem]), its numbers, the English month of a month
// written as a number (see [MonthAt]), each time of day as "HH:MM" (see [ClockAt]), its known Chinese words and the bigrams of the unknown
// stretches of its Han runs.
func (l *Lexicon) Terms(s, lang string) []string {
	var out []string
	ws := Words(s)
	for _, w := range ws {
		if IsStopword(w) {
			continue
		}
		out = append(out, Stem(w, lang))
		if !w.Number && strings.Contains(w.Lower, ".") {
			// "notify.webhook" is also "notify" and "webhook" ("jd.com" also "jd" and "com").
			for _, part := range Words(strings.ReplaceAll(s[w.Start:w.End], ".", " ")) {
				if !IsStopword(part) {
					out = append(out, Stem(part, lang))
				}
			}
		}
	}
	out = numberTerms(out, s, ws)
	return l.hanTerms(out, s)
}

// SpannedTerms returns the terms of the days and months that the ranges of s span, ends included,
// as if s listed them ("Tuesday to Sunday" → the terms of "Tuesday Wednesday … Sunday"; see
// [calendarSpans]). They are not among s's [Lexicon.Terms]: they match a question's words, but a
// keyword index that counts them in a passage's length would rank a timetable the lower for its
// ranges.
func (l *Lexicon) SpannedTerms(s, lang string) []string {
	days, months := calendarSpans(s, Words(s))
	if days == "" {
		return months
	}
	return append(months, l.Terms(days, lang)...)
}

// numberTerms appends to out, in one pass over the numbers of s (whose words are ws), the terms
// they write besides themselves: the English month of a month written as a number ("4月",
// "2025-04-12" also say "April"; see [MonthAt]), then each time of day as "HH:MM" ("9pm", "21:00"
// and "晚上9点" are one time; see [ClockAt]).
func numberTerms(out []string, s string, ws []Word) []string {
	var clocks []string
	for i, w := range ws {
		if !w.Number {
			continue
		}
		if t := MonthTerm(MonthAt(s, ws, i)); t != "" {
			out = append(out, t)
		}
		clocks = append(clocks, ClockAt(s, ws, i)...)
	}
	for _, c := range hanClocks(s, ws) {
		if !c.InFigures { // ClockAt has read those
			clocks = append(clocks, c.Terms...) // "晚上八点" is 20:00 as "晚上8点" is
		}
	}
	return append(out, clocks...)
}

// hanTerms appends the search terms of the Chinese words of s to out: each dictionary word, and
// the bigrams of what is left of a run, without function words.
func (l *Lexicon) hanTerms(out []string, s string) []string {
	for _, p := range l.Segment(s) {
		switch {
		case p.Stop:
		case p.Known:
			out = append(out, p.Word)
		default:
			out = append(out, Bigrams(p.Word)...)
		}
	}
	return out
}

// Bigrams returns the overlapping character pairs of a Han string (the string itself when it has
// one character).
func Bigrams(s string) []string {
	rs := []rune(s)
	if len(rs) < 2 {
		return []string{s}
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// Glosses returns the terms (stems) that gloss s: the English glosses of its Chinese words and,
// when lang is Spanish, of its Spanish words and phrases; and the pinyin of the Chinese words the
// glossary does not know (names, mostly; see [Lexicon.PieceGloss]), so that 李想 meets "Li Xiang".
func (l *Lexicon) Glosses(s, lang string) []string {
	var out []string
	if lang == Spanish {
		ws := Words(s)
		for i := 0; i < len(ws); {
			if key, n := l.Glossary().SpanishMatch(ws, i); n > 0 {
				for _, t := range flatten(l.esTerms(key)) {
					out = appendUnique(out, t)
				}
				i += n
				continue
			}
			i++
		}
	}
	for _, p := range l.Segment(s) {
		for _, t := range flatten(l.PieceGloss(p)) {
			out = appendUnique(out, t)
		}
	}
	return out
}

// SpanishGloss returns the glosses of the Spanish phrase that starts at ws[i], each as its English
// stems ("cuota de mercado" → [[market share]]), and the number of words it spans (0 when the
// glossary has none).
func (l *Lexicon) SpanishGloss(ws []Word, i int) ([][]string, int) {
	if key, n := l.Glossary().SpanishMatch(ws, i); n > 0 {
		return l.esTerms(key), n
	}
	return nil, 0
}

// ChineseGloss returns the glosses of a Chinese word, each as its English stems ("净利润" →
// [[net profit]]).
func (l *Lexicon) ChineseGloss(word string) [][]string { return l.zhTerms(Simplify(word)) }

// PieceGloss returns the glosses of a piece of segmented text (see [Lexicon.Segment]), each as its
// stems: a known word's English glosses ([Lexicon.ChineseGloss]); for a stretch the dictionary
// does not know, of two to four characters, its pinyin (see [Pinyin]), since such a stretch is
// often a name that other languages write in pinyin (李想 → [[lixiang] [li xiang]]).
func (l *Lexicon) PieceGloss(p HanPiece) [][]string {
	if p.Known {
		return l.zhTerms(p.Word)
	}
	return pinyinGloss(p.Word)
}

func appendUnique(xs []string, x string) []string {
	if contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// sortedUnique sorts xs and removes duplicates, in place.
func sortedUnique(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// HanFunctionChar reports whether ch, one Han character that the segmenter leaves alone, is a
// function word of Chinese rather than a word of content: a locative (公园里, 桌上), a directional
// complement (会来检查), a coverb or preposition (给我, 跟他), an aspect or structural particle
// (着, 过, 得), a negation (不, 没), an adverb of degree or time (才, 再, 太), a modal (可, 该), a
// pronoun (啥), a sentence particle (呀, 嘛) or a measure word (几本书, 三位老师). Like English
// stop words, these are a closed class written from the language, not from any question set; the
// function words the dictionary knows are [chineseStopwords].
func HanFunctionChar(ch string) bool { return hanFunctionChars[ch] }

var hanFunctionChars = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`里 上 下 内 外 中 前 后 旁 边 来 去 给 跟 同 替 往 向 让 叫 比 离 到 着 过 得 地 不 没 别 未
		才 再 太 只 已 刚 正 可 该 须 啥 咋 呀 嘛 哦 么 嗯 个 本 位 次 件 张 条 家 种 块 些 每 各 该 某`) {
		m[w] = true
	}
	for w := range chineseStopwords {
		if utf8.RuneCountInString(w) == 1 {
			m[w] = true
		}
	}
	return m
}()

// chineseStopwords are Chinese function and question words. The question words include the
// spoken ones (怎么办 and 咋办 "what to do", 为啥 "why", 啥时候 "when"): otherwise 怎么办 is a word
// no document holds and 咋整 leaves 整 ("whole") as a word of content.
var chineseStopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`的 了 是 在 和 与 及 对 把 被 有 也 都 就 而 等 个 这 那 其 之 或 从 向 于 为 以 将 由 上 中 吗 呢 吧 啊
		请 请问 什么 多少 哪些 哪个 哪家 哪 谁 怎么 怎么样 如何 为什么 是否 有没有 几 这个 那个 这些 那些 它 他 她 他们 它们
		我 我们 你 你们 年 月 日 号 哪一年 何时 什么时候 是什么 多久 多大 哪里 一个 一些 没有 会 能 可以 要 说 根据 关于 方面 以及 并 但 但是 还 又 很 最 更
		怎么办 咋办 咋整 咋弄 为啥 啥时候`) {
		m[w] = true
	}
	return m
}()

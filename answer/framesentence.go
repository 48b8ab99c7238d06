package answer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// Some replies give a citation a sentence of its own, before or after the claim it cites:
//
//	According to [S1]. Douyin's GMV was …           → Douyin's GMV was … [1].
//	As stated in [S1]:\nDouyin's GMV was …           → Douyin's GMV was … [1].
//	Source: [S1].\nDouyin's GMV was …                → Douyin's GMV was … [1].
//	Douyin's GMV was … This is stated in [S1].       → Douyin's GMV was … [1].
//	Douyin's GMV was … For details, see [S1].        → Douyin's GMV was … [1].
//	抖音的GMV超过3.5万亿元。以上数据来自[S1]。            → 抖音的GMV超过3.5万亿元[1]。
//
// Such a frame sentence is made of its markers and of nothing but the words that frame a citation:
// lead phrases, verbs of saying, connectives and source labels (leadin.go, connective.go), function
// words, and the nouns and verbs that say where something comes from (citeFrameWords); no figure, no
// other word, but for a year ("The 2024 data comes from [S1]."). It claims nothing, so its markers
// cite the claim next to it in its paragraph, checked
// against that claim, and the frame goes, whatever becomes of its markers: their numbers stand after
// the claim, as our own style puts them. A frame that ends with a colon, or opens with a lead phrase
// ("According to [S1].", "根据[S1]。"), cites the sentence after it (after a colon, even on a later
// line), or the one before when none follows; any other ("Source: [S1].", "See [S1].", "This is
// stated in [S1].") cites the sentence before it, or the one after when none precedes. Frames side by
// side go together. A frame that ends with a colon over a list ("According to [S1]:" and "- …" lines)
// cites its first item, and its sources cite each other item of the list that they state, as the
// item streams in (assembler.items in cite.go), until a line that is no item. The sources a frame
// names by id or by name, without a quote, are also a list of sources for the whole reply
// (sourcelist.go), so that "X. Y. Sources: [S1], [S2]." cites X too; a frame with no claim in its
// paragraph to cite is only such a list, or, when its markers carry quotes, a sentence of its own
// that goes unless one of them checks out.
//
// Streaming never takes back what it showed, so a sentence waits while the sentence after it, still
// growing, could become a frame that cites it: while its words so far are all frame words, the first
// a word that may open a frame (opensFrame) — a word or two, as a rule.

// citeFrameWords are the words, besides lead phrases, verbs of saying, connectives, source labels and
// function words, that a frame sentence may have: nouns for what a source gives and verbs for where
// it comes from. Chinese ones are matched in runs of Chinese characters, longest first.
var citeFrameWords = []string{
	"information", "info", "data", "figure", "figures", "number", "numbers", "statistics", "stats", "detail", "details",
	"fact", "facts", "point", "points", "comes", "come", "came", "taken", "drawn", "derived", "sourced",
	"cited", "quoted", "available", "given", "provided", "supported", "backed", "further", "refer", "read", "see",
	"información", "datos", "dato", "cifra", "cifras", "detalles", "proviene", "provienen", "procede", "proceden",
	"viene", "vienen", "tomado", "tomada", "tomados", "tomadas", "extraído", "extraída", "citado", "citada", "indicado",
	"indicada", "señalado", "señalada", "mencionado", "mencionada", "recogido", "recogida", "aparece", "consulte",
	"consultar", "más",
	"以上", "上述", "这些", "这一点", "这一", "这", "此", "该", "数据", "信息", "内容", "观点", "说法", "详情", "更多", "来自", "出自",
	"引自", "源自", "取自", "摘自", "选自", "见于", "载于", "可", "请", "均", "都", "是", "的", "了", "所", "中", "在", "参考", "资料",
	"报告", "研究", "文章", "调查", "统计", "报道",
}

// maxFrameBytes bounds the words of a frame sentence besides its markers: a frame is short ("For
// more details on these figures, see [S1].").
const maxFrameBytes = 100

// frameVocab is what frame sentences are read with, drawn once from the lists above and those of
// lead-ins, connectives and source labels.
type frameVocab struct {
	words       map[string]bool // folded Latin frame words that are not function words
	openers     map[string]bool // folded function words that may open a frame
	introducers map[string]bool // folded one-word lead phrases and connectives ("según", "per")
	han         []string        // Chinese frame words, longest first
	// lastWords are the last words of lead phrases, connectives and source labels, lower-cased:
	// what the text before a marker must end with for a word to introduce it (mayIntroduce).
	lastWords map[string]bool
}

// frameVocabulary is the vocabulary of frame sentences.
var frameVocabulary = newFrameVocab()

// newFrameVocab draws the vocabulary of frame sentences from the lists it is made of.
func newFrameVocab() frameVocab {
	v := frameVocab{words: map[string]bool{}, openers: map[string]bool{}, introducers: map[string]bool{}, lastWords: map[string]bool{}}
	fold := func(w string) string { return text.FoldAccents(strings.ToLower(strings.Trim(w, ".,:：;"))) }
	var phrases []string
	for _, lp := range leadPhrases {
		phrases = append(phrases, lp.phrase)
	}
	for _, c := range connectives {
		phrases = append(phrases, c.word)
	}
	for _, p := range append(slices.Clone(phrases), sourceLabels...) {
		ws := strings.Fields(strings.ToLower(p))
		v.lastWords[ws[len(ws)-1]] = true
	}
	for _, p := range phrases {
		first, _, _ := strings.Cut(p, " ")
		v.openers[fold(first)] = true
		if !strings.Contains(p, " ") {
			v.introducers[fold(p)] = true
		}
	}
	for _, w := range frameOpeners {
		v.openers[w] = true
	}
	for _, list := range [][]string{phrases, sayingVerbs, sourceWords, sourceLabels, citeFrameWords, objectTails} {
		for _, x := range list {
			if r, _ := utf8.DecodeRuneInString(x); text.IsHan(r) {
				v.han = append(v.han, strings.TrimRight(x, ":："))
				continue
			}
			for _, p := range strings.Fields(x) {
				if f := fold(p); f != "" && !isFunctionWord(f) {
					v.words[f] = true // not "it" of "puts it", nor "as" of "such as"
				}
			}
		}
	}
	slices.SortFunc(v.han, func(a, b string) int { return len(b) - len(a) })
	return v
}

// mayIntroduce reports whether h, the text before a marker that checks out, may end with what
// introduces it (dropLeadIn): an opening parenthesis, a dash, a Chinese word, or the last word of a
// lead phrase, a connective or a source label. It spares the reading of most markers, which follow
// their claim.
func mayIntroduce(h string) bool {
	h = strings.TrimRight(h, " \t*_")
	r := lastRune(h)
	if strings.ContainsRune("(（—–-:：", r) || text.IsHan(r) {
		return true
	}
	i := strings.LastIndexFunc(h, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("(（\"“", r) })
	return frameVocabulary.lastWords[strings.ToLower(h[i+1:])]
}

// frameKind says whether a sentence is a frame (see above), and which claim it cites first.
type frameKind uint8

const (
	notFrame    frameKind = iota
	frameAfter            // cites the sentence after it, or else the one before
	frameBefore           // cites the sentence before it, or else the one after
)

// frameOf decides whether s, the text of a sentence, is a frame for the markers at marks (spans of s,
// in order). colon says that it ends with a colon, so that the claim it introduces may start on a
// later line.
func frameOf(s string, marks []span) (kind frameKind, colon bool) {
	if len(marks) == 0 {
		return notFrame, false
	}
	pre, post := s[:marks[0].Start], s[marks[len(marks)-1].End:]
	if len(pre)+len(post) > maxFrameBytes {
		return notFrame, false // a claim, the common case
	}
	for i := 1; i < len(marks); i++ {
		if !joinsMarkers(s[marks[i-1].End:marks[i].Start]) {
			return notFrame, false
		}
	}
	if !frameWordsOnly(pre+" "+post, false) {
		return notFrame, false
	}
	end := strings.TrimRightFunc(post, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("*_)）]】", r) })
	if colon = strings.HasSuffix(end, ":") || strings.HasSuffix(end, "："); colon {
		return frameAfter, true
	}
	lead := strings.TrimLeft(trimBullet(strings.TrimSpace(pre)), "*_(（ ")
	for _, lp := range leadPhrases {
		if !hasPrefixFold(lead, lp.phrase) || !wordEndsAt(lead, len(lp.phrase)) {
			continue
		}
		if _, ok := sayingVerbAt(post); !lp.asVerb || ok {
			return frameAfter, false // "According to [S1].", "As [S1] notes."
		}
	}
	return frameBefore, false
}

// mayBecomeFrame reports whether s, the start of a sentence that is still growing (its markers
// blanked out), could still become a frame: every word so far but the last, which may be cut, is a
// frame word, and there are few.
func mayBecomeFrame(s string) bool {
	cut := len(s)
	if r, _ := utf8.DecodeLastRuneInString(s); isWordRune(r) || text.IsHan(r) {
		cut = strings.LastIndexFunc(s, func(r rune) bool { return !isWordRune(r) && !text.IsHan(r) }) + 1
	}
	if len(s) > maxFrameBytes || figureIn(s) {
		return false // before reading its words: most sentences that grow have a figure
	}
	return frameWordsOnly(s[:cut], true)
}

// figureIn reports whether s has a figure that no frame has: a run of digits that is not a year,
// besides one at its very end, which may still grow into a year. Reading the words of every growing
// sentence instead cost BenchmarkVerifyReply 12 % (pairwise median over 16 pairs) and 29
// allocations a reply.
func figureIn(s string) bool {
	for i := 0; i < len(s); {
		if !isDigitByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigitByte(s[j]) {
			j++
		}
		if j < len(s) && !text.IsYear(s[i:j]) {
			return true
		}
		i = j
	}
	return false
}

// frameOpeners are the function words a frame sentence may open with ("This is stated in [S1].",
// "For details, see [S1].", "The 2024 data comes from [S1]."); any other function word opens a
// sentence that says something ("It adds detail."), so that a sentence does not wait for every
// sentence after it that opens with "It" or "A". One that opens with an article waits a word or two
// longer: until a word comes that no frame has ("The GMV …").
var frameOpeners = []string{"this", "that", "these", "those", "both", "all", "for", "more", "the", "esto", "esta", "este", "estos",
	"estas", "eso", "para", "mas", "el", "la", "los", "las"}

// opensFrame reports whether a folded function word may open a frame sentence: one of frameOpeners,
// or the first word of a lead phrase or a connective ("As stated in [S1]:", "Según [S1].").
func opensFrame(w string) bool { return frameVocabulary.openers[w] }

// introducerWord reports whether a folded word is a lead phrase or a connective by itself ("según",
// "per", "via").
func introducerWord(w string) bool { return frameVocabulary.introducers[w] }

// frameWordsOnly reports whether the words of s are all frame words (see frameOf): function words,
// words of lead phrases, verbs of saying, connectives, source labels and citeFrameWords, and no
// figure; the first a frame word, a Chinese one or a function word that may open a frame
// (opensFrame). Unless empty is true, s must have a word that is not a function word, or a Chinese
// one.
func frameWordsOnly(s string, empty bool) bool {
	if w := firstLatinWord(s); w != "" && !isFrameWord(w) && !opensFrame(w) {
		return false // the common case: a sentence that opens with its subject
	}
	words, first := 0, -1
	runs := hanRuns(s)
	if len(runs) > 0 {
		first = strings.Index(s, runs[0])
	}
	for i, w := range latinWords(s) {
		switch {
		case w.number && !text.IsYear(w.folded):
			return false
		case w.number:
			// A year says which data the frame's source gives ("The 2024 data comes from [S1].").
		case isFrameWord(w.folded):
			words++
		case !w.function:
			return false
		case i == 0 && (first < 0 || w.start < first) && !opensFrame(w.folded):
			return false // "It adds detail.", "The …"
		case introducerWord(w.folded):
			words++ // "Según [S1].", "Per [S1]."
		}
	}
	for _, run := range runs {
		if !hanFrame(run) {
			return false
		}
		words++
	}
	return empty || words > 0
}

// frameClause reports whether a clause (after a comma, before a marker) is made of frame words only
// (see frameWordsOnly; any function word may open it): "with the figures taken from", "数据均来自".
func frameClause(s string) bool {
	words := 0
	for _, w := range latinWords(s) {
		switch {
		case w.number && !text.IsYear(w.folded):
			return false
		case isFrameWord(w.folded) || introducerWord(w.folded):
			words++
		case !w.function && !w.number:
			return false
		}
	}
	for _, run := range hanRuns(s) {
		if !hanFrame(run) {
			return false
		}
		words++
	}
	return words > 0
}

// firstLatinWord returns the first word of s, folded, when s opens with a Latin letter after its
// bullet, emphasis or parenthesis; "" otherwise.
func firstLatinWord(s string) string {
	s = strings.TrimLeft(s, " \t\n*_-•(（[")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) || text.IsHan(r) })
	if end < 0 {
		end = len(s)
	}
	if end == 0 || end == len(s) {
		return "" // not a letter, or a word that may still grow
	}
	return text.FoldAccents(strings.ToLower(s[:end]))
}

// isFrameWord reports whether a folded Latin word is a frame word: a word, not a function word, of a
// lead phrase, a verb of saying, a connective, a source label or citeFrameWords.
func isFrameWord(w string) bool { return frameVocabulary.words[w] }

// hanRuns returns the runs of Chinese characters of s.
func hanRuns(s string) []string {
	var out []string
	start := -1
	for i, r := range s + " " {
		switch {
		case text.IsHan(r) && start < 0:
			start = i
		case !text.IsHan(r) && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

// hanFrame reports whether a run of Chinese characters is made of frame words (lead phrases, verbs
// of saying, connectives, source labels, citeFrameWords), matched longest first.
func hanFrame(run string) bool {
	for run != "" {
		i := slices.IndexFunc(frameVocabulary.han, func(w string) bool { return strings.HasPrefix(run, w) })
		if i < 0 {
			return false
		}
		run = run[len(frameVocabulary.han[i]):]
	}
	return true
}

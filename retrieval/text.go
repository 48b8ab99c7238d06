package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/spanish"
)

// Language codes that tokenisation distinguishes.
const (
	langEnglish = "en"
	langSpanish = "es"
	langChinese = "zh"
)

// cleanForIndex returns s with zero-width and control characters replaced by spaces. It is applied
// only to the text that is embedded and keyword-indexed; passage text and spans keep the source bytes.
func cleanForIndex(s string) string {
	if !strings.ContainsFunc(s, isInvisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return ' '
		}
		return r
	}, s)
}

// isInvisible reports zero-width, byte-order-mark and control characters other than ordinary white space.
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	case '\n', '\t', '\r':
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// isHan reports CJK ideographs (and the kana and hangul blocks, which are tokenised the same way).
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// detectLanguage guesses whether s is Chinese, Spanish or English, enough to pick a stemmer.
func detectLanguage(s string) string {
	han, letters := 0, 0
	es, en := 0, 0
	for _, r := range s {
		switch {
		case isHan(r):
			han++
		case unicode.IsLetter(r):
			letters++
			if strings.ContainsRune("ñáéíóúü¿¡", unicode.ToLower(r)) {
				es += 3
			}
		case r == '¿' || r == '¡':
			es += 3
		}
	}
	if han > 0 && han*2 >= letters/4 {
		return langChinese
	}
	for _, w := range strings.Fields(strings.ToLower(s)) {
		w = strings.Trim(w, ".,;:!?¿¡\"'()")
		if spanishMarkers[w] {
			es++
		}
		if englishMarkers[w] {
			en++
		}
	}
	if es > en {
		return langSpanish
	}
	return langEnglish
}

var spanishMarkers = map[string]bool{"el": true, "la": true, "los": true, "las": true, "de": true, "del": true, "que": true, "qué": true, "y": true, "en": true, "es": true, "un": true, "una": true, "por": true, "para": true, "cómo": true, "cuál": true, "con": true, "se": true, "su": true}

var englishMarkers = map[string]bool{"the": true, "of": true, "and": true, "is": true, "what": true, "how": true, "in": true, "to": true, "a": true, "which": true, "does": true, "did": true, "with": true, "for": true, "was": true}

// token is one indexed term.
type token = string

// tokenize splits s into search terms: Latin words lowercased, stop words dropped and stemmed for
// lang (English or Spanish); numbers kept; runs of CJK characters as overlapping bigrams (a lone
// character as itself).
func tokenize(s, lang string) []token {
	var out []token
	var word []rune
	var han []rune
	flushWord := func() {
		if len(word) == 0 {
			return
		}
		w := string(word)
		word = word[:0]
		if t := normalizeWord(w, lang); t != "" {
			out = append(out, t)
		}
	}
	flushHan := func() {
		switch len(han) {
		case 0:
			return
		case 1:
			out = append(out, string(han))
		default:
			for i := 0; i+1 < len(han); i++ {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	for _, r := range s {
		switch {
		case isHan(r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			flushHan()
			word = append(word, unicode.ToLower(r))
		case (r == '.' || r == '\'' || r == '’') && len(word) > 0:
			// Keep "jd.com" and "84.43" together; "merchant's" loses its suffix below.
			word = append(word, r)
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
	return out
}

// normalizeWord lowercases, trims and stems one word, or returns "" for a stop word.
func normalizeWord(w, lang string) string {
	w = strings.TrimRight(w, ".'’")
	if i := strings.IndexAny(w, "'’"); i > 0 {
		w = w[:i]
	}
	if w == "" {
		return ""
	}
	if stopWords[w] {
		return ""
	}
	if utf8.RuneCountInString(w) < 3 || strings.ContainsFunc(w, unicode.IsDigit) || strings.Contains(w, ".") {
		return w
	}
	switch lang {
	case langSpanish:
		return spanish.Stem(w, false)
	default:
		return english.Stem(w, false)
	}
}

// stopWords are English and Spanish function words that carry no topic.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but of to in on at by for with from as is are was were be been being
		it its this that these those there their they them he she his her we our you your i my me
		what which who whom whose when where why how does do did done has have had having will would
		can could should shall may might must not no so than then too very also just about into over
		such some any all each other more most much many own same only both either neither per via
		el la los las lo un una unos unas de del y o u en con por para que qué es son fue fueron ser
		se su sus al como cómo cuál cuáles cuándo dónde quién le les ha han está están este esta estos
		estas ese esa eso pero sin sobre entre hasta desde más muy también ya`) {
		m[w] = true
	}
	return m
}()

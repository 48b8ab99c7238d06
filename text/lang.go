package text

import (
	"slices"
	"strings"
	"unicode"
)

// Language codes, as returned by [DetectLanguage].
const (
	English = "en"
	Spanish = "es"
	Chinese = "zh"
)

// LanguageName returns the English name of a language code ("Spanish" for "es"), for prompts and
// labels; unknown codes are returned as they are.
func LanguageName(code string) string {
	switch code {
	case English:
		return "English"
	case Spanish:
		return "Spanish"
	case Chinese:
		return "Chinese"
	}
	return code
}

// languageWords are the words that name a language, or its speakers and their things ("Spanish",
// "español", "hispanohablantes", "Mandarin", "chino"), folded, with the language's code. Most are
// also adjectives of nationality ("a Chinese manufacturer", "el grupo español"): see [LanguagesNamed]
// for when they name the language.
var languageWords = map[string]string{
	"spanish": Spanish, "espanol": Spanish, "espanola": Spanish, "castellano": Spanish, "hispanohablante": Spanish,
	"hispanohablantes": Spanish,
	"chinese":          Chinese, "mandarin": Chinese, "cantonese": Chinese, "chino": Chinese, "china": Chinese, "chinos": Chinese,
	"chinas": Chinese, "canton": Chinese, "cantones": Chinese,
	"english": English, "ingles": English, "inglesa": English,
	"french": "fr", "frances": "fr", "francesa": "fr", "german": "de", "aleman": "de", "alemana": "de",
	"italian": "it", "italiano": "it", "portuguese": "pt", "portugues": "pt", "japanese": "ja", "japones": "ja",
	"korean": "ko", "coreano": "ko", "arabic": "ar", "arabe": "ar", "polish": "pl", "polaco": "pl",
}

// onlyLanguages are the words of languageWords that name nothing but a language or its speakers.
var onlyLanguages = setOf(`castellano hispanohablante hispanohablantes mandarin cantonese canton cantones`)

// languageNouns are the nouns after a language's name that make it the language ("the Spanish line",
// "Chinese-speaking residents", "the English version"), and languageCues the words before it ("in
// Spanish", "en chino", "speaks Cantonese", "de habla inglesa").
var (
	languageNouns = setOf(`language line helpline hotline translation translations version versions subtitles interface
		speakers speaking speaker edition`)
	languageCues = setOf(`in en speak speaks spoken speaking habla hablan hablar hablamos hablo`)
	listJoiners  = setOf(`and or y o e u`)
)

// hanLanguageWords are the Chinese words that name a language (not a country: 西班牙 alone is Spain).
var hanLanguageWords = map[string]string{
	"西班牙语": Spanish, "西班牙文": Spanish, "西语": Spanish, "中文": Chinese, "汉语": Chinese, "普通话": Chinese, "粤语": Chinese,
	"华语": Chinese, "英文": English, "英语": English, "法语": "fr", "法文": "fr", "德语": "de", "德文": "de", "意大利语": "it",
	"葡萄牙语": "pt", "日语": "ja", "日文": "ja", "韩语": "ko", "韩文": "ko", "阿拉伯语": "ar", "波兰语": "pl",
}

// LanguagesNamed returns the codes of the languages s names, sorted ("the Spanish-language line",
// "en chino", "中文专线": es, zh): a line, a guide, a tour or a person's speech in a language is
// another thing than the same in another. A word that is also an adjective of nationality names
// the language only beside a noun of language or after a cue (see languageNouns): "a Chinese
// manufacturer" and "el grupo español" name none.
func LanguagesNamed(s string) []string {
	var out []string
	ws := Words(s)
	last := -3 // the word of the last language named (none: no word is two after it)
	for i, w := range ws {
		code, ok := languageWords[w.Folded]
		if !ok || w.Upper && w.Folded == "china" {
			continue
		}
		named := onlyLanguages[w.Folded] || i > 0 && languageCues[ws[i-1].Folded] ||
			i+1 < len(ws) && languageNouns[ws[i+1].Folded] || i > 1 && ws[i-1].Folded == "de" && ws[i-2].Folded == "habla" ||
			i == last+1 || i == last+2 && listJoiners[ws[i-1].Folded] // "Mandarin, Cantonese and English"
		if named {
			out = appendUnique(out, code)
			last = i
		}
	}
	if strings.ContainsFunc(s, IsHan) {
		for word, code := range hanLanguageWords {
			if strings.Contains(s, word) {
				out = appendUnique(out, code)
			}
		}
	}
	slices.Sort(out)
	return out
}

// IsHan reports CJK ideographs (and kana and hangul, which are segmented the same way).
func IsHan(r rune) bool {
	if r < 0x1100 { // below Hangul Jamo, the first of these scripts: Latin, Greek, Cyrillic, …
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// IsInvisible reports zero-width, byte-order-mark, soft-hyphen and control characters other than
// ordinary white space.
func IsInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	case '\n', '\t', '\r':
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// CleanInvisible returns s with invisible characters (see [IsInvisible]) replaced by spaces. It is
// for text that is indexed or matched; quoted text and spans keep the source bytes.
func CleanInvisible(s string) string {
	if !strings.ContainsFunc(s, IsInvisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsInvisible(r) {
			return ' '
		}
		return r
	}, s)
}

// HasContent reports whether s holds at least one letter or digit.
func HasContent(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// DetectLanguage guesses whether s is Chinese, Spanish or English: Chinese when Han characters are
// at least a third of the letters, Spanish when Spanish marks and function words outweigh English
// ones, English otherwise.
func DetectLanguage(s string) string { return detectLanguage(s, nil) }

// QuoteLanguage returns the language of a quote from a document written in docLang: the
// document's, unless the quote is in another script than the document (a Chinese paragraph in an
// English guide, an English one with no Han character in a Chinese guide), when its own text
// tells. Within one script the document's language is the surer guess: a short English table row
// holds too few words to tell, and a Chinese sentence may name many things in Latin letters.
func QuoteLanguage(docLang, quote string) string {
	switch {
	case docLang == Chinese && !strings.ContainsFunc(quote, IsHan):
		return DetectLanguage(quote)
	case docLang != Chinese && DetectLanguage(quote) == Chinese:
		return Chinese
	}
	return docLang
}

// detectLanguage is [DetectLanguage] with the words of s at hand (nil: it reads them if it needs them).
func detectLanguage(s string, ws []Word) string {
	han, latin := 0, 0
	es, en := 0, 0
	for _, r := range s {
		switch {
		case IsHan(r):
			han++
		case unicode.IsLetter(r):
			latin++
			if strings.ContainsRune("ñáéíóú", unicode.ToLower(r)) {
				es += 2
			}
		case r == '¿' || r == '¡':
			es += 3
		}
	}
	if han > 0 && han*3 >= latin {
		return Chinese
	}
	if ws == nil {
		ws = Words(s)
	}
	for _, w := range ws {
		if w.Number {
			continue
		}
		if spanishMarkers[w.Folded] {
			es++
		}
		if englishMarkers[w.Folded] {
			en++
		}
	}
	if es > en {
		return Spanish
	}
	return English
}

// spanishMarkers and englishMarkers are frequent function words of one language that the other
// does not use (folded: accents removed).
var (
	spanishMarkers = setOf(`de en el la los las del que y es un una por para como cual cuales con se su sus son fue
		fueron segun entre sobre esta este estos estas al lo le les hay muy mas tambien cuando donde quien cuanto
		cuantos cuanta cuantas ha han sido desde hasta pero porque sin ya`)
	englishMarkers = setOf(`the of and is are was were what how to which does did with for who when why this
		that these those from has have had by be been will would can its their it they there`)
)

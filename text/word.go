package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/spanish"
)

// Word is one Latin word or number of a text (Han characters are not words here; see
// [Lexicon.Segment]).
type Word struct {
	// Start and End are the word's byte span in the text it was found in.
	Start, End int
	// Lower is the word lower-cased, without a possessive "'s"; numbers lose their thousands
	// separators ("8,556" → "8556").
	Lower string
	// Folded is Lower with accents removed ("qué" → "que"), for looking up function words.
	Folded string
	// Upper: the word starts with a capital letter.
	Upper bool
	// Initial: the word is the first of its sentence (after a line start, ". ", "¿", a bullet…).
	Initial bool
	// Number: the word starts with a digit ("2024", "3.5", "84.43").
	Number bool
}

// Words returns the Latin words and numbers of s in order. Dots and apostrophes inside a word are
// kept ("jd.com", "84.43", "8,556", "36,8"); a possessive "'s" is dropped; hyphens split words,
// except the hyphens of a capitalised name in pinyin ("Xiao-wen"; see [pinyinHyphenEnd]). A
// number's Lower has no thousands separators and a decimal point ("8556", "36.8"). A word in pinyin
// is read as pinyin is most often written, without tone marks or syllable dividers (see
// [newWord]): "Xiǎowén", "Xiao-wen" and "Xi'an" are "xiaowen", "xiaowen" and "xian".
func Words(s string) []Word {
	var out []Word
	eachWord(s, func(w Word) bool {
		out = append(out, w)
		return true
	})
	return out
}

// eachWord yields the words of s as [Words] returns them, one at a time, until yield returns false:
// for reading a whole corpus without a slice of its words.
func eachWord(s string, yield func(Word) bool) {
	initial := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			if strings.ContainsRune(".!?。！？¿¡\n:;•*#", r) || r == '-' && strings.HasPrefix(s[i+size:], " ") {
				initial = true
			}
			i += size
			continue
		}
		start := i
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r) {
				j += size
				continue
			}
			if r == '-' {
				if k := pinyinHyphenEnd(s, start, j); k > 0 {
					j = k
					continue
				}
			}
			// Keep "jd.com", "84.43", "8,556" and "merchant's" together.
			if (r == '.' || r == '\'' || r == '’' || r == ',') && j+size < len(s) {
				nr, _ := utf8.DecodeRuneInString(s[j+size:])
				pr := lastRune(s[start:j])
				numeric := unicode.IsDigit(pr) && unicode.IsDigit(nr)
				switch {
				case r == ',' && numeric && (thousands(s[j+size:]) || decimals(s[j+size:])),
					r == '.' && (numeric || unicode.IsLetter(pr) && unicode.IsLower(nr)),
					(r == '\'' || r == '’') && unicode.IsLetter(nr):
					j += size
					continue
				}
			}
			break
		}
		if !yield(newWord(s, start, j, initial)) {
			return
		}
		initial = false
		i = j
	}
}

func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) && !IsHan(r)
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// thousands reports whether s starts with exactly three digits and then no further digit.
func thousands(s string) bool {
	if len(s) < 3 {
		return false
	}
	for k := 0; k < 3; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] < '0' || s[3] > '9'
}

// decimals reports whether s starts with one or two digits and then no further digit: the
// decimals after a decimal comma ("36,8", "2,75"), which a thousands separator never has.
func decimals(s string) bool {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n == 1 || n == 2
}

func newWord(s string, start, end int, initial bool) Word {
	raw := s[start:end]
	first, _ := utf8.DecodeRuneInString(raw)
	w := Word{Start: start, End: end, Upper: unicode.IsUpper(first), Initial: initial, Number: unicode.IsDigit(first)}
	low := strings.ToLower(halfWidth(raw))
	if w.Number {
		low = strings.TrimRight(low, ".")
		if k := strings.LastIndexByte(low, ','); k >= 0 && decimals(low[k+1:]) {
			// A decimal comma, as Spanish writes it ("36,8 %", "1.234,5"): dots part thousands.
			low = strings.ReplaceAll(low[:k], ".", "") + "." + low[k+1:]
		} else {
			low = strings.ReplaceAll(low, ",", "")
		}
	} else {
		if !ascii(low) {
			if strings.ContainsFunc(low, isToneMark) {
				low = toneless(low)
			}
			low = strings.ReplaceAll(low, "’", "'")
		}
		if strings.IndexByte(low, '-') >= 0 {
			low = strings.ReplaceAll(low, "-", "") // only a name in pinyin keeps its hyphens (see Words)
		}
		low = pinyinApostrophes(low)
		if k := strings.IndexByte(low, '\''); k > 0 {
			low = low[:k]
		}
	}
	w.Lower = low
	w.Folded = FoldAccents(low)
	return w
}

// halfWidth writes the full-width forms of ASCII letters and digits ("２０２４", "ＧＭＶ"), which
// Chinese input methods type in full-width mode and Chinese documents often hold, as ASCII, so
// that they are the same terms and figures as "2024" and "GMV". A Word keeps its byte offsets;
// only its Lower and Folded forms change.
func halfWidth(s string) string {
	if ascii(s) || !strings.ContainsFunc(s, isFullWidth) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isFullWidth(r) {
			return r - 0xFEE0
		}
		return r
	}, s)
}

// isFullWidth reports a full-width ASCII letter or digit (U+FF10–U+FF19, U+FF21–U+FF3A,
// U+FF41–U+FF5A).
func isFullWidth(r rune) bool {
	return r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ'
}

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FoldAccents removes the accents of Latin letters ("qué" → "que", "año" → "ano").
func FoldAccents(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0xC0 && r < 0x250 }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if f, ok := accentFold[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FoldAccentRune is [FoldAccents] for one rune.
func FoldAccentRune(r rune) rune {
	if f, ok := accentFold[r]; ok {
		return f
	}
	return r
}

// accentFold also takes pinyin's tone marks off ("Lǐ Xiǎng" → "Li Xiang"; see [isToneMark]).
var accentFold = map[rune]rune{'á': 'a', 'à': 'a', 'ä': 'a', 'â': 'a', 'é': 'e', 'è': 'e', 'ë': 'e', 'ê': 'e',
	'í': 'i', 'ì': 'i', 'ï': 'i', 'î': 'i', 'ó': 'o', 'ò': 'o', 'ö': 'o', 'ô': 'o', 'ú': 'u', 'ù': 'u', 'ü': 'u',
	'û': 'u', 'ñ': 'n', 'ç': 'c', 'Á': 'A', 'É': 'E', 'Í': 'I', 'Ó': 'O', 'Ú': 'U', 'Ñ': 'N',
	'ā': 'a', 'ǎ': 'a', 'ē': 'e', 'ě': 'e', 'ī': 'i', 'ǐ': 'i', 'ō': 'o', 'ǒ': 'o', 'ū': 'u', 'ǔ': 'u',
	'ǖ': 'u', 'ǘ': 'u', 'ǚ': 'u', 'ǜ': 'u', 'Ā': 'A', 'Ǎ': 'A', 'Ē': 'E', 'Ě': 'E', 'Ī': 'I', 'Ǐ': 'I',
	'Ō': 'O', 'Ǒ': 'O', 'Ū': 'U', 'Ǔ': 'U', 'À': 'A', 'È': 'E', 'Ì': 'I', 'Ò': 'O', 'Ù': 'U'}

// IsStopword reports a function word of English or Spanish (either: a question's language is a
// guess, and the corpus mixes both).
func IsStopword(w Word) bool { return stopwords[w.Folded] }

// HyphenPair returns, when ws[i] (a word of s) and the next are letters joined by a hyphen, as
// two words and no more ("Wi-Fi", "e-bike", "check-in", "co-op"; not "end-of-term", "COVID-19" or
// a name in pinyin, which Words keeps whole), the word they make written closed: "wifi", "ebike".
// People write such a word either way, and the closed form is often the one a question types.
func HyphenPair(s string, ws []Word, i int) (Word, bool) {
	joined := func(k int) bool {
		return k >= 0 && k+1 < len(ws) && ws[k+1].Start == ws[k].End+1 && s[ws[k].End] == '-'
	}
	if !joined(i) || joined(i-1) || joined(i+1) || ws[i].Number || ws[i+1].Number ||
		strings.ContainsAny(ws[i].Lower+ws[i+1].Lower, ".'’") {
		return Word{}, false
	}
	w := ws[i]
	w.End = ws[i+1].End
	w.Lower += ws[i+1].Lower
	w.Folded += ws[i+1].Folded
	return w, true
}

// Stem returns the search term of w in a text of language lang. Numbers and words shorter than
// three letters or holding a dot stay as they are. English words are stemmed with Snowball's English
// stemmer and irregular or derived forms merged ("grew", "growth" → "grow"). Spanish words are stemmed
// with Snowball's Spanish stemmer, except a capitalised word inside a sentence: that is a name or a
// foreign word ("China", "Estados Unidos", "WeChat"), stemmed as English so that it meets the same
// name in English text instead of becoming "chin".
func Stem(w Word, lang string) string {
	if w.Number {
		return numberTerm(w.Lower, lang)
	}
	if utf8.RuneCountInString(w.Lower) < 3 || strings.Contains(w.Lower, ".") {
		return w.Lower
	}
	if lang == Spanish && !(w.Upper && !w.Initial) {
		return spanish.Stem(w.Lower, false)
	}
	return englishStem(w.Lower)
}

// numberTerm is the search term of a number as [Words] reads it (thousands commas already gone, a
// decimal comma already a point). Dots between groups of three digits part thousands where the
// text's language writes them so: in Spanish "12.500" is the English "12,500", and the two are
// one term, as [FiguresIn] reads them as one figure. Two such dots ("1.000.000") part thousands
// in any language; one in English text is a decimal point ("2.500 kg") and stays.
func numberTerm(n, lang string) string {
	dots := strings.Count(n, ".")
	if dots == 0 || dots == 1 && lang != Spanish || strings.IndexByte(n, '.') > 3 {
		return n
	}
	if digits, ok := joinThousands(n, '.'); ok && strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' }) < 0 {
		return digits
	}
	return n
}

// englishStem is Snowball's English stem with irregular and derived forms merged and British
// spellings taken as American ones (see spellings.go). Accents are folded first, as Snowball's
// Spanish stemmer does: English text borrows accented words ("café", "résumé") and names ("Inés",
// "Bogotá") that people type without them.
func englishStem(w string) string {
	st := english.Stem(izeForm(FoldAccents(w)), false)
	if us, ok := americanStems[st]; ok {
		st = us
	}
	if c, ok := englishForms[st]; ok {
		return c
	}
	return st
}

// americanStems maps the stem of a British spelling to the stem of the American one.
var americanStems = stemPairs(spellingPairs)

// englishForms maps the stems of irregular verb forms and of derived words to the stem of the
// word they come from, so that "grew", "growth" and "grows" are one term. General English, not
// chosen for any question.
var englishForms = stemPairs(`grew:grow grown:grow growth:grow sold:sell sale:sell seller:sell bought:buy buyer:buy
		led:lead leader:lead leadership:lead won:win began:begin begun:begin made:make took:take taken:take
		gave:give given:give went:go gone:go came:come became:become fell:fall fallen:fall rose:rise
		risen:rise spent:spend paid:pay payment:pay brought:bring built:build held:hold kept:keep lost:lose
		loss:lose met:meet ran:run said:say saw:see seen:see sent:send sought:seek stood:stand
		taught:teach thought:think told:tell wrote:write written:write chose:choose chosen:choose
		choice:choose drove:drive driven:drive drew:draw drawn:draw knew:know known:know knowledge:know
		founder:found foundation:found bought:buy caught:catch felt:feel fought:fight
		meant:mean understood:understand struck:strike
		success:succeed successful:succeed decision:decide investment:invest investor:invest
		competition:compete competitor:compete competitive:compete acquisition:acquire creation:create
		creator:create production:produce producer:produce consumer:consume
		consumption:consume daily:day longer:long length:long higher:high height:high larger:large
		bigger:big biggest:big largest:large strategic:strategy economic:economy economies:economy
		profitable:profit partnership:partner collaboration:collaborate cooperation:cooperate
		operation:operate operator:operate management:manage manager:manage owner:own ownership:own
		expansion:expand expectation:expect prediction:predict description:describe definition:define
		explanation:explain failure:fail arrival:arrive delivery:deliver shipment:ship shipping:ship
		subscription:subscribe registration:register installation:install configuration:configure
		replacement:replace removal:remove connection:connect selection:select solution:solve
		requirement:require measurement:measure storage:store reduction:reduce addition:add`)

// stemPairs reads "from:to" word pairs and maps the English stem of each from to the stem of its
// to (where they differ), the -ise family spelt -ize first as [englishStem] does.
func stemPairs(pairs string) map[string]string {
	m := map[string]string{}
	for _, p := range strings.Fields(pairs) {
		from, to, _ := strings.Cut(p, ":")
		if f, t := english.Stem(izeForm(from), false), english.Stem(izeForm(to), false); f != t {
			m[f] = t
		}
	}
	return m
}

// stopwords are English and Spanish function words (folded), which carry no topic. The Spanish
// auxiliaries and modals are there in the forms a question uses, as their English counterparts
// are ("¿Qué tengo que hacer?" is "What do I have to do?", "¿Puedo …?" "Can I …?").
var stopwords = setOf(`a an the and or but nor of to in on at by for with from as is are was were be been being am
	it its itself this that these those there here their theirs they them he she his her hers him we our ours us
	you your yours i my me mine what which who whom whose when where why how does do did doing done has have had
	having will would can could should shall may might must not no so than then too very also just about into
	onto over under such some any all each other more most much many own same only both either neither per via
	if because while until again further once off out up down s t don during within without among amongst
	through throughout across upon toward towards onto against between before after above below since
	whether though although yet still even ever also already get gets got getting gotten
	el la los las lo un una unos unas de del y o u e en con por para que es son fue fueron ser sido era eran
	se su sus al como cual cuales cuando donde quien quienes le les ha han he hay esta estan este esta estos estas
	ese esa esos esas eso esto pero sin sobre entre hasta desde mas muy tambien ya ni nos me mi te tu si no
	ante contra durante mientras porque segun tras cada otro otra otros otras mismo misma todo toda todos todas
	sea puede pueden cuanto cuanta cuantos cuantas
	puedo puedes podemos podria podrian poder tengo tienes tiene tenemos tienen tener tenia debo debes debe
	debemos deben deberia deber hemos habia haber hago hace hacen hacer estoy estamos estar`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[FoldAccents(strings.ToLower(w))] = true
	}
	return m
}

// NormalizeNumber returns the digits of a figure in a comparable form: thousands separators removed
// and a trailing ".0" dropped ("8,556" → "8556", "5.0" → "5").
func NormalizeNumber(s string) string {
	s = strings.ReplaceAll(s, ",", "")
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

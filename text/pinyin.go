package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names cross scripts in pinyin: a Chinese question names 李想, 亦庄 or 神行 where an English or
// Spanish document writes "Li Xiang", "Yizhuang" or "Shenxing", and an English question names
// "Wang Xiaowen" where a Chinese document writes 王晓雯. A Han word the glossary does not gloss (a
// name, mostly; see [Lexicon.PieceGloss]) is glossed by its toneless pinyin, as one word
// ("lixiang", "shenxing") and as a name is romanised, surname and given name ("li xiang", "wang
// xiaowen"), so it meets the Latin text's own terms: Latin text needs no gloss, and its index is
// as it was. Such a gloss is a search term more, which counts only where the corpus holds it, so
// the pinyin of a name no document writes adds nothing. A question that writes a name in pinyin
// which the corpus only writes in characters makes it one term group (see [PinyinNameAt]).
//
// Measured on the eight dev sets (devscore): glossing Latin names too, by their words joined
// ("Li Xiang" → "lixiang") in every English document, changed the index of every document naming
// a Chinese person and moved the abstention model so far that its cross-validation preferred
// another operating point (28 fewer right answers); glossing the Han side only did not.

// pinyinData is the pinyin table: each common simplified character's toneless readings, the usual
// one first, and the syllables those readings are.
type pinyinData struct {
	readings  map[rune][]string
	syllables map[string]bool
	longest   int // bytes of the longest syllable ("zhuang")
}

func parsePinyin(data string) *pinyinData {
	p := &pinyinData{readings: map[rune][]string{}, syllables: map[string]bool{}}
	for _, l := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		c, rs, _ := strings.Cut(l, "\t")
		r, size := utf8.DecodeRuneInString(c)
		if size != len(c) || rs == "" {
			continue
		}
		p.readings[r] = strings.Fields(rs)
		for _, s := range p.readings[r] {
			// Syllables without a vowel (嗯 "ng", 呣 "m") would let any word ending in "ng" or
			// "m" pass for pinyin.
			if strings.ContainsAny(s, "aeiouv") {
				p.syllables[s] = true
				p.longest = max(p.longest, len(s))
			}
		}
	}
	return p
}

// Pinyin returns the toneless pinyin of a Han word (traditional or simplified), its syllables
// joined and lower case ("李想" → "lixiang"): the usual reading of each character, and one
// spelling more for each other reading of the first character, which in a name is the surname and
// is often read otherwise (曾 is ceng in 曾经 and zeng as a surname; 单 dan and shan). Other readings
// of the other characters are left out: each would double the spellings, and every spelling is a
// term that may meet an unrelated word. Nil when a character is not one of the 8,105 common
// characters the table covers.
func Pinyin(word string) []string {
	tab := pinyinTable()
	var forms []string
	rest := ""
	for i, r := range Simplify(word) {
		rs := tab.readings[r]
		if len(rs) == 0 {
			return nil
		}
		if i == 0 {
			forms = append(forms, rs...)
		} else {
			rest += rs[0]
		}
	}
	for i := range forms {
		forms[i] += rest
	}
	return forms
}

// pinyinSyllables returns the number of syllables of the fewest that spell the lower-case Latin
// word w in pinyin ("xiaowen" → 2, "li" → 1), or 0 when no split does ("auto", "growth").
func pinyinSyllables(w string) int {
	tab := pinyinTable()
	n := len(w)
	best := make([]int, n+1) // best[k]: syllables of the best split of w[:k], 0 when none
	for k := 1; k <= n; k++ {
		for m := max(0, k-tab.longest); m < k; m++ {
			if (m == 0 || best[m] > 0) && tab.syllables[w[m:k]] && (best[k] == 0 || best[m]+1 < best[k]) {
				best[k] = best[m] + 1
			}
		}
	}
	return best[n]
}

// Limits of a Latin name in pinyin: a surname and a given name, each of one or two syllables
// ("Ouyang Xiaowen"), written as two to four words.
const (
	maxNameWords     = 4
	maxNameSyllables = 4
)

// PinyinNameAt returns the longest name written in pinyin that starts at ws[i] (the words of s)
// that keep accepts (given its joined form and its words), as its joined form, lower case ("Wang
// Xiaowen" → "wangxiaowen"), and how many words it spans (0 when none does). A name in pinyin is
// two to four capitalised words that are all pinyin syllables ([Words] reads a hyphenated given
// name, "Xiao-wen", as one word, and takes tone marks off), with a space alone between them, and
// at most four syllables in all.
//
// A name may be written surname first, as Chinese does ("Wang Xiaowen"), or given name first, as
// English often does ("Xiaowen Wang"), and the words alone do not tell which ("Li" is a surname
// and a given name). So each name has two joined forms, offered to keep in this order: as written,
// and with its last word first (the surname of a name written given name first): "Xiaowen Wang"
// is "xiaowenwang", then "wangxiaowen", which is how the pinyin of 王晓雯 reads (see [Pinyin]).
func PinyinNameAt(s string, ws []Word, i int, keep func(key string, words []Word) bool) (string, int) {
	ns := pinyinNameLengths(s, ws, i)
	for k := len(ns) - 1; k >= 0; k-- {
		name := ws[i : i+ns[k]]
		if key := pinyinKey(name); keep(key, name) {
			return key, ns[k]
		}
		last := name[len(name)-1]
		if key := last.Folded + pinyinKey(name[:len(name)-1]); keep(key, name) {
			return key, ns[k]
		}
	}
	return "", 0
}

// pinyinNameLengths returns the word counts of the names in pinyin that start at ws[i], shortest
// first.
func pinyinNameLengths(s string, ws []Word, i int) []int {
	var out []int
	syllables := 0
	for j := i; j < len(ws) && j-i < maxNameWords; j++ {
		w := ws[j]
		if w.Number || !w.Upper || j > i && s[ws[j-1].End:w.Start] != " " {
			break
		}
		n := pinyinSyllables(w.Folded)
		if n == 0 || syllables+n > maxNameSyllables {
			break
		}
		syllables += n
		if j > i {
			out = append(out, j-i+1)
		}
	}
	return out
}

func pinyinKey(ws []Word) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w.Folded)
	}
	return b.String()
}

// PinyinTerm is the search term of a pinyin word ("lixiang", "xiaowen"), as it is stemmed in
// text.
func PinyinTerm(key string) string { return Stem(Word{Lower: key, Folded: key}, English) }

// pinyinGloss returns the glosses of a Han word's pinyin, each as its search terms, for a word of
// two to four characters (a name's length; a single character's pinyin is too common a syllable to
// tell anything): each spelling as one word, and as a surname and a given name. (A compound
// surname is a word of the dictionary, glossed by its pinyin: 欧阳晓雯 is 欧阳 "Ouyang" and 晓雯.)
func pinyinGloss(word string) [][]string {
	if n := utf8.RuneCountInString(word); n < 2 || n > 4 {
		return nil
	}
	var out [][]string
	first, _ := utf8.DecodeRuneInString(Simplify(word))
	surnames := pinyinTable().readings[first]
	for k, f := range Pinyin(word) {
		out = append(out, []string{PinyinTerm(f)})
		// As a name is romanised: the surname, then the given name as one word (王晓雯 "Wang Xiaowen").
		if k < len(surnames) {
			sur := surnames[k]
			out = append(out, []string{PinyinTerm(sur), PinyinTerm(f[len(sur):])})
		}
	}
	return out
}

// Pinyin is written in three ways besides plain toneless syllables ("Xiaowen"): with tone marks
// ("Xiǎowén"), with a hyphen between the syllables of a given name ("Xiao-wen", "Xiao-Wen", as
// Taiwan and Hong Kong write names), and with an apostrophe before a syllable that starts with a,
// o or e where the syllables would otherwise run together ("Xi'an", two syllables, not "xian", one).
// [Words] reads all three as the plain syllables, so that they meet each other, the pinyin that
// glosses a Chinese name (see [Pinyin]) and the same name written plainly in other documents.

// isToneMark reports a tone mark of pinyin that Spanish never writes: a vowel with a macron (first
// tone), a caron (third) or a grave accent (fourth), precomposed or combining. The acute accent
// (second tone) is also Spanish's, so it alone does not make a word pinyin ("Rubén" stays as it
// is), but a word that holds one of these marks loses its acute accents too ("Xiǎowén").
func isToneMark(r rune) bool {
	switch r {
	case 'ā', 'ǎ', 'à', 'ē', 'ě', 'è', 'ī', 'ǐ', 'ì', 'ō', 'ǒ', 'ò', 'ū', 'ǔ', 'ù', 'ǖ', 'ǘ', 'ǚ', 'ǜ',
		'\u0300', '\u0304', '\u030C':
		return true
	}
	return false
}

// toneless returns a lower-case word without its accents and combining marks ("xiǎowén" →
// "xiaowen").
func toneless(w string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return FoldAccentRune(r)
	}, w)
}

// pinyinApostrophes removes from a lower-case word the apostrophes that divide pinyin syllables
// ("xi'an" → "xian", "chang'e" → "change"): one between syllables, before a syllable that starts
// with a, o or e. An English or Spanish contraction or possessive has none ("don't", "li's",
// "ma'am": "t", "s" and "am" are no syllables).
func pinyinApostrophes(w string) string {
	if !strings.Contains(w, "'a") && !strings.Contains(w, "'o") && !strings.Contains(w, "'e") {
		return w // most often a possessive or a contraction ("'s", "n't")
	}
	parts := strings.Split(w, "'")
	var b strings.Builder
	b.WriteString(parts[0])
	for k, p := range parts[1:] {
		if p == "" || !strings.Contains("aoe", p[:1]) || pinyinSyllables(FoldAccents(parts[k])) == 0 || pinyinSyllables(FoldAccents(p)) == 0 {
			b.WriteByte('\'')
		}
		b.WriteString(p)
	}
	return b.String()
}

// pinyinHyphenEnd returns where the word s[start:j] ends when the hyphen at s[j] joins it to more
// syllables of a name in pinyin ("Xiao-wen", "An-Ping"), or 0 when it does not: the word is
// capitalised, as a name is, and it and the letters after the hyphen are pinyin syllables, at
// most maxNameSyllables in all. A hyphenated English or Spanish word is not: its parts are not
// all syllables ("Well-being", "E-commerce"), or not so few ("Ana-Maria", five).
func pinyinHyphenEnd(s string, start, j int) int {
	if r, _ := utf8.DecodeRuneInString(s[start:]); !unicode.IsUpper(r) {
		return 0
	}
	k := j + 1
	for k < len(s) {
		r, size := utf8.DecodeRuneInString(s[k:])
		if !isWordRune(r) || unicode.IsDigit(r) {
			break
		}
		k += size
	}
	if k == j+1 {
		return 0
	}
	n := 0
	for _, part := range strings.Split(s[start:k], "-") {
		m := pinyinSyllables(toneless(strings.ToLower(part)))
		if m == 0 {
			return 0
		}
		n += m
	}
	if n > maxNameSyllables {
		return 0
	}
	return k
}

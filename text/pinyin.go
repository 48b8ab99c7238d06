package text

import (
	"strings"
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
// Xiao-wen" → "wangxiaowen"), and how many words it spans (0 when none does). A name in pinyin is
// two to four words, each a capitalised word that is all pinyin syllables (or a lower-case one
// right after a hyphen, as given names are hyphenated), with nothing but a space or a hyphen
// between them, and at most four syllables in all.
func PinyinNameAt(s string, ws []Word, i int, keep func(key string, words []Word) bool) (string, int) {
	ns := pinyinNameLengths(s, ws, i)
	for k := len(ns) - 1; k >= 0; k-- {
		if key := pinyinKey(ws[i : i+ns[k]]); keep(key, ws[i:i+ns[k]]) {
			return key, ns[k]
		}
	}
	return "", 0
}

// pinyinNameLengths returns the word counts of the names in pinyin that start at ws[i], shortest
// first. A hyphenated given name ("Xiao-wen") is one word here: a name neither starts nor ends
// inside it.
func pinyinNameLengths(s string, ws []Word, i int) []int {
	if hyphenAt(s, ws, i) {
		return nil
	}
	var out []int
	syllables := 0
	for j := i; j < len(ws) && j-i < maxNameWords; j++ {
		w := ws[j]
		hyphen := hyphenAt(s, ws, j)
		if w.Number || !w.Upper && !hyphen || j > i && !hyphen && s[ws[j-1].End:w.Start] != " " {
			break
		}
		n := pinyinSyllables(w.Folded)
		if n == 0 || syllables+n > maxNameSyllables {
			break
		}
		syllables += n
		if j > i && !hyphenAt(s, ws, j+1) {
			out = append(out, j-i+1)
		}
	}
	return out
}

// hyphenAt reports whether ws[j] follows the word before it after a hyphen alone.
func hyphenAt(s string, ws []Word, j int) bool {
	return j > 0 && j < len(ws) && s[ws[j-1].End:ws[j].Start] == "-"
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
// tell anything): each spelling as one word, and as a surname and a given name.
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

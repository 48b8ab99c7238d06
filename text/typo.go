package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// People type questions fast: "prcatitioner", "doimnate", "Toabao". A misspelt word is a term no
// document holds, so it finds nothing, counts as absent against the answer, and a misspelt
// platform name names no platform. The corpus's own vocabulary is the dictionary to correct it by
// (as in Norvig's corrector): the words one edit away (a letter dropped, added or changed, or two
// neighbours swapped) are stemmed, and the one whose stem the most passages hold is what the word
// was probably meant to be. Only words that are neither in the corpus nor in the English and Spanish
// word list (data/words.txt) are corrected: a real word the corpus lacks ("price", "cuesta") is
// often one edit from another one it has ("prize", "cuenta"). And only when few words are that
// close.

// minTypoLetters is the shortest word corrected. At four letters a changed or a dropped letter
// turns most words into another real one ("cost" → "most", "host", "cast"), so a four-letter word
// is corrected only by the two commonest slips of typing, which rarely make one: two neighbours
// swapped ("tkae" → "take") and a letter left out ("ofen" → "often"). See shortTypoLetters.
const minTypoLetters = 4

// shortTypoLetters is the length of word that only swaps and left-out letters correct.
const shortTypoLetters = 4

// maxTypoLetters is the longest word corrected: no word of the languages is longer, and each
// letter adds some sixty words to try (a 4,000-letter "word" would take a minute).
const maxTypoLetters = 30

// maxRespelledWords is how many words of a text Respell and RestoreCase look at: a question is
// rarely longer, and a pasted page of unknown words must not cost seconds.
const maxRespelledWords = 40

// maxCorrections is the most terms a word may be one edit from; a word with more is too ambiguous
// to correct.
const maxCorrections = 3

// The letters an edit may add or change a letter to.
const (
	englishLetters = "abcdefghijklmnopqrstuvwxyz"
	spanishLetters = englishLetters + "áéíóúñü"
)

// Respell returns s with each misspelt word replaced by its correction (see [Correct]), its first
// letter's case kept, and whether any was. freq is the number of passages (or sentences) of the
// corpus that hold a search term, 0 for a term it never uses. A word the corpus never uses as
// typed but writes with a hyphen (pairs, called only for such a word; may be nil) takes the
// corpus's form ("wifi" → "Wi-Fi"), before any correction ("wife"); in lower case in a question
// typed all so, which [RestoreCase] gives its capitals. A platform's name or alias in the
// lexicon's catalog is never corrected, nor is Chinese.
func (l *Lexicon) Respell(s string, freq func(term string) int, pairs func() *HyphenPairs) (string, bool) {
	lang := DetectLanguage(s)
	if lang == Chinese {
		return s, false
	}
	var names []Mention
	if l != nil && l.catalog != nil {
		names = l.catalog.Find(s)
	}
	named := func(w Word) bool {
		for _, m := range names {
			if w.Start < m.End && m.Start < w.End {
				return true
			}
		}
		return false
	}
	lowerCase := strings.ToLower(s) == s
	return rewriteWords(s, maxRespelledWords, func(w Word) (string, int, bool) {
		raw := s[w.Start:w.End]
		if named(w) || contraction(raw) || acronym(raw) { // "couldn't": only a possessive "'s" is taken off a word
			return "", 0, false
		}
		if form, ok := hyphenated(w, freq, pairs); ok {
			if lowerCase {
				form = strings.ToLower(form) // RestoreCase gives it the corpus's capitals, with the rest
			}
			return form, w.End, true
		}
		if fw, ok := swappedFunctionWord(w, freq); ok {
			return fw, w.End, true
		}
		if full, ok := spelledOut(w, lang, freq); ok {
			return full, w.End, true
		}
		c, ok := Correct(w, lang, freq)
		if !ok {
			if parts, ok := splitCompound(w, freq); ok {
				return parts, w.End, true
			}
			return "", 0, false
		}
		if w.Upper {
			c = capitalised(c)
		}
		if k := strings.IndexAny(raw, "'’"); k > 0 {
			return c, w.Start + k, true // "Alibbaa's": the possessive stays
		}
		return c, w.End, true
	})
}

// hyphenated returns how the corpus writes w with a hyphen (see [HyphenPairs]) when it never uses
// w as typed; pairs is called only then.
func hyphenated(w Word, freq func(term string) int, pairs func() *HyphenPairs) (string, bool) {
	if pairs == nil || w.Number || freq(Stem(w, English)) > 0 || freq(Stem(w, Spanish)) > 0 {
		return "", false
	}
	return pairs().Written(w.Lower)
}

// swappedFunctionWord returns the function word that w, typed with two neighbouring letters
// swapped, was meant to be ("waht" → "what", "teh" → "the", "taht" → "that"), the commonest slip of
// typing; the corpus never uses w (freq as for Respell), and it is no word of the word list nor a
// form of one ("form" stays, though "from" is a swap away). [Correct] corrects only to the
// corpus's terms, which function words are not; left as typed, the word was taken for an unknown
// name ("Waht") in a question typed in lower case.
func swappedFunctionWord(w Word, freq func(term string) int) (string, bool) {
	rs := []rune(w.Lower)
	if len(rs) < 3 || len(rs) > 8 || w.Number || strings.ContainsFunc(w.Lower, notTypoLetter) || IsStopword(w) ||
		freq(Stem(w, English)) > 0 || freq(Stem(w, Spanish)) > 0 || realWord(w) {
		return "", false
	}
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == rs[i+1] {
			continue
		}
		rs[i], rs[i+1] = rs[i+1], rs[i]
		cand := string(rs)
		rs[i], rs[i+1] = rs[i+1], rs[i]
		if stopwords[cand] {
			if w.Upper {
				cand = capitalised(cand)
			}
			return cand, true
		}
	}
	return "", false
}

// spelledOut returns what a chat abbreviation or clipped word of a lang text stands for ("tmrw" →
// "tomorrow", "resi" → "residencia"; see data/abbreviations.txt), when the corpus never uses the
// word as it is (freq as for Respell) and it is typed in lower case ("U", "R" may be names).
func spelledOut(w Word, lang string, freq func(term string) int) (string, bool) {
	a, ok := chatAbbreviations()[lang][w.Lower]
	if !ok || w.Upper || a.function || freq(Stem(w, English)) > 0 || freq(Stem(w, Spanish)) > 0 {
		return "", false
	}
	return a.full, true
}

// rewriteWords returns s with words rewritten by f, and whether any was: f returns what replaces
// s[w.Start:end], or false to keep w. Only the first limit words are looked at (all when limit is
// 0).
func rewriteWords(s string, limit int, f func(w Word) (repl string, end int, ok bool)) (string, bool) {
	return rewriteWordsOf(s, Words(s), limit, f)
}

// rewriteWordsOf is rewriteWords with the words of s, ws, at hand.
func rewriteWordsOf(s string, ws []Word, limit int, f func(w Word) (repl string, end int, ok bool)) (string, bool) {
	var b strings.Builder
	last := 0
	for i, w := range ws {
		if i == limit && limit > 0 {
			break
		}
		repl, end, ok := f(w)
		if !ok {
			continue
		}
		b.WriteString(s[last:w.Start])
		b.WriteString(repl)
		last = end
	}
	if last == 0 {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// acronym reports a word written in capitals ("RAEE", "NAFTA"): typed on purpose, and one edit
// from unrelated words of the corpus.
func acronym(raw string) bool {
	return utf8.RuneCountInString(raw) > 1 && !strings.ContainsFunc(raw, unicode.IsLower)
}

// capitalised returns s with its first letter in upper case.
func capitalised(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Correct returns the word that w, a word of a text in lang, was probably meant to be, in lower
// case: of the words one edit from it whose terms (see [Stem]) freq counts, the one whose term it
// counts most. The first letter is kept (it is the one least often mistyped). ok is false for a word
// freq counts, a word of the word list ([IsDictionaryWord]), a function word, a number, a word
// shorter than four letters or longer than thirty, a word with other than Latin letters, a closed
// compound of two words ([compound]: "backend" is not "backed"), a word one edit from too many terms.
// An English word one edit from no term (not a capitalised one inside a sentence) is corrected by the
// word list when one of its words is one edit away (see [listedCorrection]).
func Correct(w Word, lang string, freq func(term string) int) (string, bool) {
	if lang == Spanish && (!(w.Upper && !w.Initial) || realWord(w)) {
		// The Spanish word list holds lemmas, not the forms of a verb ("tengo", "tienen"), so a
		// real Spanish word could not be told from a misspelt one: only names are corrected, and
		// not a capitalised word that may be a Spanish one, in a name of Spanish words ("la
		// Biblioteca de las Cosas" is no "Costs": the list lacks "cosa", a lemma shorter than
		// five letters).
		return "", false
	}
	if n := utf8.RuneCountInString(w.Lower); w.Number || IsStopword(w) || n < minTypoLetters || n > maxTypoLetters ||
		strings.ContainsFunc(w.Lower, notTypoLetter) || freq(Stem(w, English)) > 0 || freq(Stem(w, Spanish)) > 0 || formOfListed(w) || isDictionaryName(w.Lower) ||
		compound(w, freq) {
		return "", false
	}
	letters := englishLetters
	if lang == Spanish {
		letters = spanishLetters
	}
	rs := []rune(w.Lower)
	var (
		best      string
		bestFreq  int
		terms     []string
		ambiguous bool
	)
	seen := map[string]bool{w.Lower: true}
	try := func(s string) {
		if ambiguous || seen[s] {
			return
		}
		seen[s] = true
		v := w
		v.Lower, v.Folded = s, FoldAccents(s)
		t := Stem(v, lang)
		n := freq(t)
		if n == 0 || IsStopword(v) {
			return
		}
		if !contains(terms, t) {
			terms = append(terms, t)
			ambiguous = len(terms) > maxCorrections
		}
		if n > bestFreq {
			best, bestFreq = s, n
		}
	}
	edits(rs, letters, len(rs) > shortTypoLetters, try)
	if ambiguous {
		return "", false
	}
	if best == "" && lang == English && !(w.Upper && !w.Initial) {
		return listedCorrection(rs)
	}
	return best, best != ""
}

// listedCorrection returns the one word of the word list one edit from rs, for a misspelt word
// whose correction the corpus lacks: in "the max nubmer of students" over a corpus that writes "no
// more than 14" and never "number", the word still says what the question asks (how many) and has
// synonyms and translations the corpus may hold. The word list has no frequencies to choose by, so a word with two or more
// listed words one edit away ("wierd": weird, wired, wield) stays as typed; so does a capitalised
// word inside a sentence, probably a name the corpus lacks, which a correction would make into
// another word.
func listedCorrection(rs []rune) (string, bool) {
	var found []string
	edits(rs, englishLetters, len(rs) > shortTypoLetters, func(s string) {
		if len(found) < 2 && IsDictionaryWord(s) && !contains(found, s) {
			found = append(found, s)
		}
	})
	if len(found) != 1 {
		return "", false
	}
	return found[0], true
}

// edits calls try with each word one edit from rs: two neighbours swapped, one of letters added,
// and when all is true a letter dropped or changed to one of letters; the first letter is kept
// (it is the one least often mistyped), except that the first two may swap.
func edits(rs []rune, letters string, all bool, try func(string)) {
	buf := make([]rune, 0, len(rs)+1)
	for i := 1; i < len(rs); i++ {
		if rs[i-1] != rs[i] {
			buf = append(buf[:0], rs...)
			buf[i-1], buf[i] = buf[i], buf[i-1]
			try(string(buf))
		}
		if !all {
			continue
		}
		try(string(append(append(buf[:0], rs[:i]...), rs[i+1:]...)))
		for _, l := range letters {
			if l != rs[i] {
				buf = append(buf[:0], rs...)
				buf[i] = l
				try(string(buf))
			}
		}
	}
	for i := 1; i <= len(rs); i++ {
		for _, l := range letters {
			try(string(append(append(append(buf[:0], rs[:i]...), l), rs[i:]...)))
		}
	}
}

// misspeltWord reports whether w is one edit from a word of the word list ("jakcet").
func misspeltWord(w Word) bool {
	if utf8.RuneCountInString(w.Lower) > maxTypoLetters {
		return false
	}
	found := false
	edits([]rune(w.Lower), englishLetters, true, func(s string) {
		found = found || IsDictionaryWord(s)
	})
	return found
}

// realWord reports whether w is a common word of English or Spanish: one of the word list, or a
// form of one, its stem (either language's) starting a word of the list ("tienen" and "hicieron"
// are forms the list does not hold; "prcatitioner" and "Toabao" start none).
func realWord(w Word) bool {
	return IsDictionaryWord(w.Lower) || startsDictionaryWord(Stem(w, Spanish)) || startsDictionaryWord(Stem(w, English))
}

// formOfListed reports whether w is a word of the word list or a form of one: a listed word whose
// stem (in either language) is w's ("prices": price; "running": run). A word whose stem only
// starts a listed word of another stem is not ("tabel": tabelión; "ofen": ofender; "agust":
// agustino), so the misspelling is corrected; [realWord] accepts those, for the forms of Spanish
// verbs the list does not hold, but a Spanish word is not corrected (see [Correct]).
func formOfListed(w Word) bool {
	if IsDictionaryWord(w.Lower) {
		return true
	}
	for _, lang := range []string{English, Spanish} {
		st := Stem(w, lang)
		if st == "" {
			continue
		}
		for l := firstLineFrom(wordsTxt, st); strings.HasPrefix(l, st); l = firstLineFrom(wordsTxt, l+"\x00") {
			word := strings.TrimSuffix(l, "\n")
			if strings.Contains(word, " ") {
				continue // a mixed-case line ("wifi WiFi")
			}
			if Stem(Word{Lower: word, Folded: FoldAccents(word)}, lang) == st {
				return true
			}
		}
	}
	return false
}

func notTypoLetter(r rune) bool {
	return !unicode.IsLetter(r) || r >= 0x250 || IsHan(r)
}

// splitCompound returns a closed compound the corpus writes apart as its parts: "helpdesk" as "help
// desk", "ecommerce" as "e-commerce" (freq as for Respell). A word the corpus or the word list
// knows is left as it is, and so is a word with a capital (a name: "WeChat"); each part must be a
// word of the corpus, of at least three letters, but for the prefix "e" of electronic things
// ("e-mail", "e-commerce", "e-bike"), which is written apart with a hyphen.
func splitCompound(w Word, freq func(term string) int) (string, bool) {
	n := utf8.RuneCountInString(w.Lower)
	if w.Upper || w.Number || n < minCompoundLetters || strings.ContainsFunc(w.Lower, notTypoLetter) ||
		freq(Stem(w, English)) > 0 || freq(Stem(w, Spanish)) > 0 || realWord(w) || isDictionaryName(w.Lower) {
		return "", false
	}
	known := func(s string) bool {
		ws := Words(s)
		return len(ws) == 1 && !IsStopword(ws[0]) && freq(Stem(ws[0], English)) > 0
	}
	if rest := strings.TrimPrefix(w.Lower, "e"); rest != w.Lower && known(rest) {
		return "e-" + rest, true
	}
	if head, tail, ok := twoParts(w.Lower, known); ok {
		return head + " " + tail, true
	}
	return "", false
}

// compound reports whether w is two words run together, a closed compound ("backend", "webhook",
// "frontend"): each part, of three letters or more and no function word, a word of the corpus (freq
// as for Respell) or of the word list. Technical and new words are often written so before a word
// list has them, and one may well be one edit from a word of the corpus ("backed"), but a typo of one
// word is seldom two: its slip falls inside one of them ("prcatitioner", "jakcet").
func compound(w Word, freq func(term string) int) bool {
	if utf8.RuneCountInString(w.Lower) < minCompoundLetters {
		return false
	}
	word := func(s string) bool {
		ws := Words(s)
		if len(ws) != 1 || IsStopword(ws[0]) {
			return false
		}
		if utf8.RuneCountInString(s) >= minListedLetters {
			return IsDictionaryWord(s)
		}
		return freq(Stem(ws[0], English)) > 0 && listedForm(s)
	}
	_, _, ok := twoParts(w.Lower, word)
	return ok
}

// twoParts returns the first split of w, at a letter boundary, into two parts of at least
// minCompoundPart bytes that part accepts both of.
func twoParts(w string, part func(string) bool) (head, tail string, ok bool) {
	for i := minCompoundPart; i <= len(w)-minCompoundPart; i++ {
		if utf8.RuneStart(w[i]) && part(w[:i]) && part(w[i:]) {
			return w[:i], w[i:], true
		}
	}
	return "", "", false
}

// listedForm reports whether the word list holds a regular form of w, a word shorter than its
// words: w with "s", "es", "d", "ed" or "ing", or with its last letter doubled and "ed" or "ing"
// ("ends", "ended", "webbed"). The corpus's terms are stems, and a stem is often the start of a
// word rather than a word ("abil" of "ability"); a form of it in the list shows that it is one.
func listedForm(w string) bool {
	last := w[len(w)-1:]
	for _, suffix := range []string{"s", "es", "d", "ed", "ing", last + "ed", last + "ing"} {
		if IsDictionaryWord(w + suffix) {
			return true
		}
	}
	return false
}

// A compound is at least minCompoundLetters long, each of its parts minCompoundPart.
const (
	minCompoundLetters = 6
	minCompoundPart    = 3
)

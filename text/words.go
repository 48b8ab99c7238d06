package text

import (
	_ "embed" // the word list's data
	"strings"
	"unicode"
	"unicode/utf8"
)

// wordsTxt lists the English and Spanish words of five letters or more (data/words.txt; sources
// and licence in data/NOTICE): common words in lower case, names (places, people, brands the word
// lists know: "Madrid", "Amazon") capitalised, one a line, sorted by bytes; and the words the
// lists write with a capital after the first letter and a lower-case letter, of any length, as
// their lower case, a space and their form ("wifi WiFi", "iphone iPhone", "youtube YouTube"). It is
// searched in place, never parsed, so a process that looks up no word pays nothing for it.
//
//go:embed data/words.txt
var wordsTxt string

// minListedLetters is the length of the shortest word the word list holds.
const minListedLetters = 5

// IsDictionaryWord reports whether w, a lower-case word, is a common English or Spanish word of the
// word list, with or without its accents ("cuesta", "closing", "organised", "cuanto"). Words
// shorter than five letters are not listed.
func IsDictionaryWord(w string) bool {
	f := FoldAccents(w)
	return firstLineFrom(wordsTxt, w) == w || firstLineFrom(wordsTxt, f) == f
}

// isDictionaryName reports whether w, a lower-case word, is a name of the word list ("madrid").
func isDictionaryName(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	c := string(unicode.ToUpper(r)) + w[n:]
	return firstLineFrom(wordsTxt, c) == c
}

// mixedCaseWord returns the form of w, a lower-case word, that the word list writes with a capital
// after its first letter ("WiFi" for "wifi", "iPhone", "YouTube", "URLs"), and whether it has one.
func mixedCaseWord(w string) (string, bool) {
	if w == "" {
		return "", false
	}
	return strings.CutPrefix(firstLineFrom(wordsTxt, w+" "), w+" ")
}

// startsDictionaryWord reports whether some common word of the list starts with p (lower case),
// with or without accents.
func startsDictionaryWord(p string) bool {
	return startsCommonLine(p) || startsCommonLine(FoldAccents(p))
}

// startsCommonLine reports whether a line of the word list that is a common word, not a
// mixed-case one ("wifi WiFi"), starts with p.
func startsCommonLine(p string) bool {
	for l := firstLineFrom(wordsTxt, p); strings.HasPrefix(l, p); l = firstLineFrom(wordsTxt, l+"\x00") {
		if !strings.Contains(l, " ") {
			return true
		}
	}
	return false
}

// firstLineFrom returns the first line of data (lines sorted by bytes, each ending in "\n") that is
// not before s, "" if none: a binary search over bytes that finds each probe's line around it.
func firstLineFrom(data, s string) string {
	lo, hi := 0, len(data) // the answer's line starts in [lo, hi]
	for lo < hi {
		mid := (lo + hi) / 2
		start := strings.LastIndexByte(data[:mid], '\n') + 1
		end := start + strings.IndexByte(data[start:], '\n')
		if start < lo || data[start:end] < s {
			lo = end + 1
		} else {
			hi = start
		}
	}
	if lo >= len(data) {
		return ""
	}
	return data[lo : lo+strings.IndexByte(data[lo:], '\n')]
}

// contraction reports a word with an apostrophe that is not a possessive "'s" ("couldn't").
func contraction(raw string) bool {
	k := strings.IndexAny(raw, "'’")
	return k > 0 && !strings.HasSuffix(raw, "s")
}

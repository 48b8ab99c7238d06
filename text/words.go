package text

import (
	_ "embed" // the word list's data
	"strings"
)

// wordsTxt lists the English and Spanish words of five letters or more (data/words.txt; sources
// and licence in data/NOTICE): lower case, one a line, sorted by bytes. It is searched in place,
// never parsed, so a process that looks up no word pays nothing for it.
//
//go:embed data/words.txt
var wordsTxt string

// IsDictionaryWord reports whether w, a lower-case word, is an English or Spanish word of the word
// list, with or without its accents ("cuesta", "closing", "organised", "cuanto"). Words shorter than
// five letters are not listed.
func IsDictionaryWord(w string) bool {
	f := FoldAccents(w)
	return firstLineFrom(wordsTxt, w) == w || firstLineFrom(wordsTxt, f) == f
}

// startsDictionaryWord reports whether some word of the list starts with p, with or without
// accents.
func startsDictionaryWord(p string) bool {
	f := FoldAccents(p)
	return strings.HasPrefix(firstLineFrom(wordsTxt, p), p) || strings.HasPrefix(firstLineFrom(wordsTxt, f), f)
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

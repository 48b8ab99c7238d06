package text

import (
	"unicode"
	"unicode/utf8"
)

// BlankLine reports a line of nothing but white space and invisible characters (what
// [CleanInvisible] blanks), stopping at the first visible character: at once, on most lines. The
// converters (package convert) drop such lines and retrieval ends a paragraph at one, so both ask
// here.
func BlankLine(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !IsInvisible(r) {
			return false
		}
	}
	return true
}

// InvalidUTF8Offset returns the byte offset of the first invalid UTF-8 sequence of b, or -1.
func InvalidUTF8Offset(b []byte) int {
	if utf8.Valid(b) {
		return -1 // the common case, several times faster than decoding rune by rune
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

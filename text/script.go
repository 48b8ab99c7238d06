package text

import (
	_ "embed" // the script tables
	"strings"
	"sync"
	"unicode/utf8"
)

// The script tables (written by text/internal/genscript; sources and licences in data/NOTICE).
// They are parsed once per process, on first use: these package-level values are the embedded
// data's cache, like builtinOnce.
var (
	//go:embed data/hanfold.tsv
	hanFoldTSV string
	//go:embed data/pinyin.tsv
	pinyinTSV string

	hanFold     = sync.OnceValue(func() map[rune]rune { return parseHanFold(hanFoldTSV) })
	pinyinTable = sync.OnceValue(func() *pinyinData { return parsePinyin(pinyinTSV) })
)

// Simplify folds the traditional Chinese characters of s to simplified ones, for matching: 淘寶 is
// 淘宝, 營收 is 营收. Every character keeps its byte length, so an offset into the result is an
// offset into s; what is quoted and cited is always s itself, never the folded text.
//
// The fold is one character for one character (OpenCC's TSCharacters, its first simplified form),
// not a conversion: a few traditional characters stand for two simplified ones depending on the
// word (後 后/後, 發 发, 乾 干/乾, 著 着/著). For matching that does no harm, because questions and
// documents are folded alike: a traditional text and a simplified one meet wherever they write the
// same word, and where the fold picks a form the simplified text would not use, the text folds to a
// string that only traditional text also folds to. Characters that simplified text itself writes
// (乾 in 乾隆) are not folded (see genscript), so simplified text is left as it is.
func Simplify(s string) string {
	fold := hanFold()
	first := -1
	for i, r := range s {
		if r >= 0x3400 {
			if _, ok := fold[r]; ok {
				first = i
				break
			}
		}
	}
	if first < 0 {
		return s
	}
	b := []byte(s)
	for i := first; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if to, ok := fold[r]; ok {
			utf8.EncodeRune(b[i:], to) // the same length (genscript keeps only such pairs)
		}
		i += size
	}
	return string(b)
}

func parseHanFold(data string) map[rune]rune {
	m := make(map[rune]rune, strings.Count(data, "\n"))
	for _, l := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		from, to, _ := strings.Cut(l, "\t")
		f, fs := utf8.DecodeRuneInString(from)
		t, ts := utf8.DecodeRuneInString(to)
		if fs == len(from) && ts == len(to) && utf8.RuneLen(f) == utf8.RuneLen(t) {
			m[f] = t
		}
	}
	return m
}

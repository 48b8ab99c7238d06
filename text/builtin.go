package text

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// The built-in layer of every corpus's lexicon: the hand-written general glossary over the
// CC-CEDICT dictionary (data/cedict.tsv, written by text/internal/gencedict; licence in
// data/NOTICE). It is parsed and its glosses stemmed once per process, on first use, and shared by
// every corpus's [Lexicon]: it is immutable, and ~80,000 entries are too many to rebuild per
// corpus or per reload. These package-level values are the embedded data's cache, nothing else.
var (
	builtinOnce    = sync.OnceValue(newBuiltinLexicon)
	builtinDigestV = sync.OnceValue(builtinDigest)
)

// Dictionary returns the CC-CEDICT layer alone: Chinese words of two to four characters glossed
// in English (see text/internal/gencedict for what was kept).
func Dictionary() *Glossary {
	data, err := languageData.ReadFile("data/cedict.tsv")
	if err != nil {
		panic(fmt.Sprintf("text: embedded dictionary: %v", err)) // embedded at build time
	}
	g, err := parseDictionary(data)
	if err != nil {
		panic(fmt.Sprintf("text: embedded dictionary: %v", err)) // tested by TestDictionary
	}
	return g
}

// parseDictionary reads the cedict.tsv format: a Chinese word, a tab, glosses separated by " | ".
func parseDictionary(data []byte) (*Glossary, error) {
	g := &Glossary{es: map[string][]string{}, zh: make(map[string][]string, bytes.Count(data, []byte("\n")))}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		word, gloss, ok := strings.Cut(sc.Text(), "\t")
		if !ok || word == "" || strings.ContainsFunc(word, func(r rune) bool { return !IsHan(r) }) {
			return nil, fmt.Errorf("line %d: want a Chinese word, a tab and its glosses", n)
		}
		if g.zh[word] = splitGloss(gloss); len(g.zh[word]) == 0 {
			return nil, fmt.Errorf("line %d: %s has no gloss", n, word)
		}
		g.zhMaxRune = max(g.zhMaxRune, utf8.RuneCountInString(word))
	}
	return g, sc.Err()
}

// BuiltinGlossary returns the built-in layer: the general glossary over the dictionary.
func BuiltinGlossary() *Glossary { return builtinOnce().glossary }

// BuiltinDigest identifies the built-in layer's data (a hex SHA-256 of the embedded glossary and
// dictionary). An index stores it instead of the layer itself.
func BuiltinDigest() string { return builtinDigestV() }

func builtinDigest() string {
	h := sha256.New()
	for _, f := range []string{"data/glossary.json", "data/cedict.tsv"} {
		data, err := languageData.ReadFile(f)
		if err != nil {
			panic(fmt.Sprintf("text: embedded %s: %v", f, err)) // embedded at build time
		}
		fmt.Fprintf(h, "%s %d\n", f, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// newBuiltinLexicon is the general glossary's lexicon over the dictionary's, whose glosses are
// stemmed on lookup (see [Lexicon.dict]).
func newBuiltinLexicon() *Lexicon {
	general, dict := LanguageGlossary(), Dictionary()
	l := NewLexicon(nil, general)
	l.base = &Lexicon{dict: dict, hanMax: dict.zhMaxRune}
	l.glossary = general.Over(dict)
	l.hanMax = max(l.hanMax, dict.zhMaxRune)
	return l
}

// NewCorpusLexicon combines a corpus's catalog and own glossary (either may be nil) with the
// built-in layer: the corpus's glossary over the general glossary over the dictionary. The
// built-in layer is shared, not copied.
func NewCorpusLexicon(c *Catalog, own *Glossary) *Lexicon {
	base := builtinOnce()
	l := newLexicon(c, own, base.synonyms)
	l.base, l.own, l.builtin = base, own, BuiltinDigest()
	l.glossary = own.Over(base.glossary)
	l.hanMax = max(l.hanMax, base.hanMax)
	return l
}

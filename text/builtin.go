package text

import (
	"crypto/sha256"
	_ "embed" // the dictionary's data
	"encoding/hex"
	"fmt"
	"io"
	"sort"
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
	builtinOnce = sync.OnceValue(newBuiltinLexicon)
	// synonymsOnce is the index of data/synonyms.txt (see [Lexicon.Synonyms]), built on first use.
	synonymsOnce = sync.OnceValue(synonymIndex)
	// phrasesOnce indexes its phrases (see [Lexicon.SynonymPhrase]), built on first use.
	phrasesOnce = sync.OnceValue(synonymPhrases)
)

// cedictTSV is the dictionary's data: one word a line, a tab, its glosses separated by " | ",
// sorted by word (gencedict writes it so).
//
//go:embed data/cedict.tsv
var cedictTSV string

// hanCharsTSV are the glosses of single Han characters, in the cedict.tsv format (data/hanchars.tsv,
// written by text/internal/gencedict -chars from the same CC-CEDICT release). They are not the
// segmenter's words (a known character would end every unknown stretch), only what a character
// the segmenter leaves alone in a question means (see [Lexicon.CharGloss]).
//
//go:embed data/hanchars.tsv
var hanCharsTSV string

// hanCharLines is the index of hanchars.tsv's lines, built once per process on first use.
var hanCharLines = sync.OnceValue(func() *sortedGlosses { return newSortedGlosses(hanCharsTSV) })

// CharGloss returns the English glosses of ch, one Han character, each as its stems (热 → [warm
// up] [heat up] [hot]); nil for a character with none, or for more than one character. A question's
// character that the segmenter leaves alone (不要走猎鹰岭, 一次最多能借几本) is otherwise met only by
// Chinese text that writes it alone: a Chinese question's English answer could not meet it.
func (l *Lexicon) CharGloss(ch string) [][]string {
	if utf8.RuneCountInString(ch) != 1 || !IsHan([]rune(ch)[0]) {
		return nil
	}
	g, ok := hanCharLines().find(Simplify(ch))
	if !ok {
		return nil
	}
	return l.glossTerms(splitGloss(g))
}

// HanChar is one character of a stretch read a character at a time (see [Lexicon.CharReading]),
// with its glosses.
type HanChar struct {
	Char  string
	Gloss [][]string
}

// CharReading reads a stretch of Han characters that holds no word of the dictionary one character
// at a time, as Chinese writes the words it uses most (开到八点, 不让进, 多收一晚): each character is
// a function word, left out (see [HanFunctionChar]; also one whose every gloss is an English
// function word: 多 "many, much"), or a word of its own with the glosses [Lexicon.CharGloss] gives.
// ok is false when a character is in neither list (鑫), or the stretch has the shape of a
// person's name: a stretch then is read as a name.
// Whether the stretch is rather a name the corpus knows is the caller's to say.
func (l *Lexicon) CharReading(stretch string) (chars []HanChar, ok bool) {
	if n := utf8.RuneCountInString(stretch); n >= 2 && n <= 3 {
		// A common surname and one or two characters of given name (李明, 王晓明) is the shape
		// of a person's name: read a character at a time it would be "plum" and "bright".
		if r, _ := utf8.DecodeRuneInString(stretch); strings.ContainsRune(hanSurnames, r) {
			return nil, false
		}
	}
	for _, r := range stretch {
		ch := string(r)
		if HanFunctionChar(ch) {
			continue
		}
		gl := l.CharGloss(ch)
		if len(gl) == 0 {
			if _, listed := hanCharLines().find(Simplify(ch)); listed {
				continue // glossed by function words only
			}
			return nil, false
		}
		chars = append(chars, HanChar{Char: ch, Gloss: gl})
	}
	return chars, true
}

// Dictionary returns the CC-CEDICT layer alone: Chinese words of two to four characters glossed
// in English (see text/internal/gencedict for what was kept). It is never parsed into a map: a
// word is found by binary search over the sorted lines, so a process that looks up none pays
// nothing and one that does pays for an index of line starts (~2 ms and 0.3 MB) rather than
// ~50 ms and ~17 MB for a map of 82,000 entries.
func Dictionary() *Glossary {
	return &Glossary{es: map[string][]string{}, zhMaxRune: dictMaxRunes, sorted: cedictLines}
}

// dictMaxRunes is the length of the dictionary's longest words (gencedict keeps two to four
// characters; TestDictionary checks it).
const dictMaxRunes = 4

// cedictLines is the index of the dictionary's lines, built once per process on first use: the
// embedded data's cache, like builtinOnce.
var cedictLines = sync.OnceValue(func() *sortedGlosses { return newSortedGlosses(cedictTSV) })

// sortedGlosses is a glossary file in the cedict.tsv format, read in place: the byte offset of
// each line, in the file's (sorted) order.
type sortedGlosses struct {
	data  string
	lines []int32
}

func newSortedGlosses(data string) *sortedGlosses {
	sg := &sortedGlosses{data: data, lines: make([]int32, 0, strings.Count(data, "\n")+1)}
	for i := 0; i < len(data); {
		sg.lines = append(sg.lines, int32(i))
		j := strings.IndexByte(data[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return sg
}

// line returns the word and the glosses of line k.
func (sg *sortedGlosses) line(k int) (word, glosses string) {
	l := sg.data[sg.lines[k]:]
	if j := strings.IndexByte(l, '\n'); j >= 0 {
		l = l[:j]
	}
	word, glosses, _ = strings.Cut(l, "\t")
	return word, glosses
}

// find returns the glosses of word as written in the file (separated by " | "), and whether the
// file has the word.
func (sg *sortedGlosses) find(word string) (string, bool) {
	k, found := sort.Find(len(sg.lines), func(k int) int {
		w, _ := sg.line(k)
		return strings.Compare(word, w)
	})
	if !found {
		return "", false
	}
	_, g := sg.line(k)
	return g, true
}

// each calls f with every word and its glosses.
func (sg *sortedGlosses) each(f func(word string, glosses []string)) {
	for k := range sg.lines {
		w, g := sg.line(k)
		f(w, splitGloss(g))
	}
}

// checkDictionary reports the first malformed line of a cedict.tsv file: not a Chinese word, a
// tab and a gloss, or out of order.
func checkDictionary(data string) error {
	prev := ""
	for n, l := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		word, gloss, ok := strings.Cut(l, "\t")
		if !ok || word == "" || strings.ContainsFunc(word, func(r rune) bool { return !IsHan(r) }) {
			return fmt.Errorf("line %d: want a Chinese word, a tab and its glosses", n+1)
		}
		if len(splitGloss(gloss)) == 0 {
			return fmt.Errorf("line %d: %s has no gloss", n+1, word)
		}
		if word <= prev {
			return fmt.Errorf("line %d: %s is not after %s: the file must be sorted by word, each once", n+1, word, prev)
		}
		prev = word
	}
	return nil
}

// BuiltinGlossary returns the built-in layer: the general glossary over the dictionary.
func BuiltinGlossary() *Glossary { return builtinOnce().Glossary() }

// BuiltinDigest identifies the built-in layer's data (a hex SHA-256 of the embedded glossary,
// dictionary and script tables). An index stores it instead of the layer itself.
func BuiltinDigest() string { return builtinDigestPinned }

// builtinDigestPinned is [builtinDigest] of the data embedded, worked out when the data last
// changed rather than by every process: hashing its 2.6 MB took about 7 ms of a command's start
// (every start needs the digest: an index's key includes it). TestBuiltinDigestPinned fails until
// it is set again after a change of the data, giving the new value.
const builtinDigestPinned = "eb617559186fd696b9a2b206d9b5494430df3df9ccdcb129c739ad844e7528bd"

// builtinDigest hashes the built-in layer's data (see [BuiltinDigest]).
func builtinDigest() string {
	h := sha256.New()
	general, err := languageData.ReadFile("data/glossary.json")
	if err != nil {
		panic(fmt.Sprintf("text: embedded glossary: %v", err)) // embedded at build time
	}
	for _, f := range []struct{ name, data string }{{"data/glossary.json", string(general)}, {"data/cedict.tsv", cedictTSV},
		{"data/hanfold.tsv", hanFoldTSV}, {"data/pinyin.tsv", pinyinTSV}} {
		fmt.Fprintf(h, "%s %d\n", f.name, len(f.data))
		io.WriteString(h, f.data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Preload builds the built-in layer of every corpus's lexicon (the general glossary parsed, its
// Spanish stems, the dictionary's index) and the synonym index now, rather than at the first
// lookup that needs them (see [NewCorpusLexicon]): a long-running process calls
// it in the background as it starts, so that no question waits for them. Either is built once per
// process, whoever asks first.
func Preload() {
	if g := builtinOnce().layer; g.esStem != nil {
		g.esStem() // the general glossary's Spanish stems
	}
	cedictLines() // the dictionary's index
	synonymsOnce()
	phrasesOnce()
}

// newBuiltinLexicon is the general glossary's lexicon over the dictionary's, whose glosses are
// stemmed on lookup (see [Lexicon.dict]).
func newBuiltinLexicon() *Lexicon {
	general, dict := LanguageGlossary(), Dictionary()
	l := newLexicon(nil, general)
	l.own = general
	dictLayer := &Lexicon{dict: dict, layers: func() lexiconLayers { return lexiconLayers{hanMax: dictMaxRunes} }}
	layers := lexiconLayers{base: dictLayer, glossary: general.Over(dict), hanMax: max(l.ownMax, dictMaxRunes)}
	l.layers = func() lexiconLayers { return layers }
	return l
}

// NewCorpusLexicon combines a corpus's catalog and own glossary (either may be nil) with the
// built-in layer: the corpus's glossary over the general glossary over the dictionary. The
// built-in layer is shared, not copied, and parsed at the first lookup that needs it, of a
// Chinese or Spanish word (see [lexiconLayers]): a process that never needs it does not pay for
// parsing the general glossary.
func NewCorpusLexicon(c *Catalog, own *Glossary) *Lexicon {
	return newCorpusLexicon(c, own, builtinOnce)
}

// newCorpusLexicon is [NewCorpusLexicon] with the built-in layer that builtin returns.
func newCorpusLexicon(c *Catalog, own *Glossary, builtin func() *Lexicon) *Lexicon {
	l := newLexicon(c, own)
	l.own, l.builtin = own, BuiltinDigest()
	l.layers = sync.OnceValue(func() lexiconLayers {
		base := builtin()
		under := base.layers()
		return lexiconLayers{base: base, glossary: own.Over(under.glossary), hanMax: max(l.ownMax, under.hanMax)}
	})
	return l
}

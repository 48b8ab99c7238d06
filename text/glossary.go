package text

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// GlossaryFile is the name of the glossary inside a corpus folder.
const GlossaryFile = "glossary.json"

// Glossary glosses Spanish and Chinese words and phrases in English, so that a question in one
// language can be matched against sources in another. Platform names are not in it: the [Catalog]
// handles those. It is immutable and safe for concurrent use.
type Glossary struct {
	es        map[string][]string        // folded Spanish phrase -> English glosses
	esStem    func() map[string][]string // Spanish stem of a one-word key -> the keys (see SpanishMatch), built on first use
	esMaxLen  int                        // most words in a Spanish key, in this layer and those under it
	zh        map[string][]string        // Chinese word -> English glosses
	zhMaxRune int
	// sorted, when set, holds the layer's Chinese entries instead of zh: a large sorted file read
	// in place (the dictionary; see [Dictionary]), its index built on first use.
	sorted func() *sortedGlosses
	// base is the glossary under this one (see [Glossary.Over]): a word this layer does not gloss
	// is looked up there. Layers are shared, never copied: the built-in layer is large.
	base *Glossary
}

// glossaryFile is the glossary.json format: for each language, a word or phrase and its English
// gloss; alternatives are separated by " | ".
type glossaryFile struct {
	Spanish map[string]string `json:"es"`
	Chinese map[string]string `json:"zh"`
}

// ParseGlossary reads a glossary in the glossary.json format:
//
//	{"es": {"crecimiento": "growth", "estados unidos": "United States"}, "zh": {"增长": "growth | grow"}}
func ParseGlossary(data []byte) (*Glossary, error) {
	var f glossaryFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("parse glossary: %w", err)
	}
	g := &Glossary{es: make(map[string][]string, len(f.Spanish)), zh: make(map[string][]string, len(f.Chinese))}
	// In key order: entries that fold together ("aumento", "aumentó") merge their glosses, and the
	// merged order must not depend on map iteration, or the same glossary would give different index
	// texts (and vector keys, and snapshot keys) from run to run.
	type oneWord struct {
		key string
		w   Word
	}
	var single []oneWord
	for _, k := range slices.Sorted(maps.Keys(f.Spanish)) {
		v := f.Spanish[k]
		ws := Words(k)
		if len(ws) == 0 || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("parse glossary: Spanish entry %q: empty word or gloss", k)
		}
		key := joinFolded(ws)
		g.es[key] = append(g.es[key], splitGloss(v)...)
		g.esMaxLen = max(g.esMaxLen, len(ws))
		if len(ws) == 1 && !ws[0].Number {
			single = append(single, oneWord{key, ws[0]})
		}
	}
	// Stemming every one-word key costs milliseconds at start-up, and only a Spanish word the
	// glossary lists in no form of its own needs it, so the stems are taken on first use.
	g.esStem = sync.OnceValue(func() map[string][]string {
		m := make(map[string][]string, len(single))
		for _, o := range single {
			st := Stem(o.w, Spanish)
			m[st] = append(m[st], o.key)
		}
		return m
	})
	for _, k := range slices.Sorted(maps.Keys(f.Chinese)) {
		v := f.Chinese[k]
		k = strings.TrimSpace(k)
		if k == "" || strings.TrimSpace(v) == "" || strings.IndexFunc(k, func(r rune) bool { return !IsHan(r) }) >= 0 {
			return nil, fmt.Errorf("parse glossary: Chinese entry %q: want Han characters only and a gloss", k)
		}
		g.zh[k] = append(g.zh[k], splitGloss(v)...)
		g.zhMaxRune = max(g.zhMaxRune, utf8.RuneCountInString(k))
	}
	return g, nil
}

// MarshalJSON writes the glossary in the glossary.json format, canonically (keys sorted, Spanish
// keys folded, alternatives joined by " | "), so that equal glossaries give equal bytes: the index
// snapshot stores it and keys itself by it, and [ParseGlossary] reads it back.
func (g *Glossary) MarshalJSON() ([]byte, error) {
	f := glossaryFile{Spanish: map[string]string{}, Chinese: map[string]string{}}
	g.each(func(k string, v []string) { f.Spanish[k] = strings.Join(v, " | ") },
		func(k string, v []string) { f.Chinese[k] = strings.Join(v, " | ") })
	return json.Marshal(f) // encoding/json sorts map keys
}

// LoadGlossary reads glossary.json from the root of fsys.
func LoadGlossary(fsys fs.FS) (*Glossary, error) {
	data, err := fs.ReadFile(fsys, GlossaryFile)
	if err != nil {
		return nil, fmt.Errorf("read glossary: %w", err)
	}
	return ParseGlossary(data)
}

func splitGloss(v string) []string {
	var out []string
	for _, a := range strings.Split(v, "|") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

func joinFolded(ws []Word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.Folded
	}
	return strings.Join(parts, " ")
}

// Spanish returns the English glosses of the longest Spanish glossary phrase that starts at
// words[i], and how many words it spans (0 when none does).
func (g *Glossary) Spanish(words []Word, i int) ([]string, int) {
	if key, n := g.SpanishMatch(words, i); n > 0 {
		return g.spanishKey(key), n
	}
	return nil, 0
}

// SpanishMatch returns the key of the longest Spanish glossary phrase that starts at words[i], and
// how many words it spans (0 when none does). A word the glossary lists in another form matches
// that form's entry ("trayectos" the key "trayecto", "fabricó" "fabricar"): the glossary lists one
// form of most words, and Snowball's Spanish stemmer conflates their inflections. A capitalised
// word inside a sentence is a name, and is matched only as written.
func (g *Glossary) SpanishMatch(words []Word, i int) (string, int) {
	if g == nil {
		return "", 0
	}
	for n := min(g.esMaxLen, len(words)-i); n >= 1; n-- {
		if key := joinFolded(words[i : i+n]); g.spanishKey(key) != nil {
			return key, n
		}
	}
	if w := words[i]; !w.Number && !(w.Upper && !w.Initial) {
		st := Stem(w, Spanish)
		for l := g; l != nil; l = l.base {
			if l.esStem == nil {
				continue
			}
			if key := nearestForm(l.esStem()[st], w.Folded); key != "" {
				return key, 1
			}
		}
	}
	return "", 0
}

// nearestForm returns the key of keys (forms with one stem, in key order) that shares the longest
// beginning with the folded word, the shorter key on a tie: the form the word is most likely an
// inflection of ("cámaras" of "cámara", not of "cama", though Snowball stems both "cam"). "" when
// keys is empty.
func nearestForm(keys []string, word string) string {
	best, bestLen := "", -1
	for _, k := range keys {
		n := 0
		for n < len(k) && n < len(word) && k[n] == word[n] {
			n++
		}
		if n > bestLen || n == bestLen && len(k) < len(best) {
			best, bestLen = k, n
		}
	}
	return best
}

// spanishKey returns the glosses of a folded Spanish phrase, from the topmost layer that has it.
func (g *Glossary) spanishKey(key string) []string {
	for ; g != nil; g = g.base {
		if v, ok := g.es[key]; ok {
			return v
		}
	}
	return nil
}

// Chinese returns the English glosses of a Chinese word.
func (g *Glossary) Chinese(word string) []string {
	for ; g != nil; g = g.base {
		if v := g.chinese(word); v != nil {
			return v
		}
	}
	return nil
}

// chinese returns the glosses this layer gives a Chinese word, or nil.
func (g *Glossary) chinese(word string) []string {
	if g.sorted != nil {
		if raw, ok := g.sorted().find(word); ok {
			return splitGloss(raw)
		}
		return nil
	}
	return g.zh[word]
}

// hasChinese reports whether this layer glosses a Chinese word, without splitting its glosses
// (segmentation asks it of every stretch of up to four characters).
func (g *Glossary) hasChinese(word string) bool {
	if g.sorted != nil {
		_, ok := g.sorted().find(word)
		return ok
	}
	_, ok := g.zh[word]
	return ok
}

// Len returns the number of Spanish and Chinese entries.
func (g *Glossary) Len() (spanish, chinese int) {
	g.each(func(string, []string) { spanish++ }, func(string, []string) { chinese++ })
	return spanish, chinese
}

// each calls es and zh with every entry the glossary has, each word once, with the glosses of the
// topmost layer that has it.
func (g *Glossary) each(es, zh func(k string, v []string)) {
	for l := g; l != nil; l = l.base {
		for k, v := range l.es {
			if !g.shadows(l, func(above *Glossary) bool { _, ok := above.es[k]; return ok }) {
				es(k, v)
			}
		}
		each := func(k string, v []string) {
			if !g.shadows(l, func(above *Glossary) bool { return above.hasChinese(k) }) {
				zh(k, v)
			}
		}
		if l.sorted != nil {
			l.sorted().each(each)
		}
		for k, v := range l.zh {
			each(k, v)
		}
	}
}

// shadows reports whether a layer of g above l has an entry (has reports it of one layer).
func (g *Glossary) shadows(l *Glossary, has func(*Glossary) bool) bool {
	for above := g; above != l; above = above.base {
		if has(above) {
			return true
		}
	}
	return false
}

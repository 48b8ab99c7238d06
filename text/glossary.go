package text

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// GlossaryFile is the name of the glossary inside a corpus folder.
const GlossaryFile = "glossary.json"

// Glossary glosses Spanish and Chinese words and phrases in English, so that a question in one
// language can be matched against sources in another. Platform names are not in it: the [Catalog]
// handles those. It is immutable and safe for concurrent use.
type Glossary struct {
	es        map[string][]string // folded Spanish phrase -> English glosses
	esMaxLen  int                 // most words in a Spanish key
	zh        map[string][]string // Chinese word -> English glosses
	zhMaxRune int
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
	g := &Glossary{es: map[string][]string{}, zh: map[string][]string{}}
	for k, v := range f.Spanish {
		ws := Words(k)
		if len(ws) == 0 || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("parse glossary: Spanish entry %q: empty word or gloss", k)
		}
		key := joinFolded(ws)
		g.es[key] = append(g.es[key], splitGloss(v)...)
		g.esMaxLen = max(g.esMaxLen, len(ws))
	}
	for k, v := range f.Chinese {
		k = strings.TrimSpace(k)
		if k == "" || strings.TrimSpace(v) == "" || strings.IndexFunc(k, func(r rune) bool { return !IsHan(r) }) >= 0 {
			return nil, fmt.Errorf("parse glossary: Chinese entry %q: want Han characters only and a gloss", k)
		}
		g.zh[k] = append(g.zh[k], splitGloss(v)...)
		g.zhMaxRune = max(g.zhMaxRune, utf8.RuneCountInString(k))
	}
	return g, nil
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
	if g == nil {
		return nil, 0
	}
	for n := min(g.esMaxLen, len(words)-i); n >= 1; n-- {
		if v, ok := g.es[joinFolded(words[i:i+n])]; ok {
			return v, n
		}
	}
	return nil, 0
}

// Chinese returns the English glosses of a Chinese word.
func (g *Glossary) Chinese(word string) []string {
	if g == nil {
		return nil
	}
	return g.zh[word]
}

// Len returns the number of Spanish and Chinese entries.
func (g *Glossary) Len() (spanish, chinese int) {
	if g == nil {
		return 0, 0
	}
	return len(g.es), len(g.zh)
}

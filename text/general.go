package text

import (
	"embed"
	"fmt"
	"strings"
)

// languageData holds what the text layer knows of the languages themselves, whatever the corpus:
// a general Spanish and Chinese glossary (data/glossary.json), groups of English synonyms
// (data/synonyms.txt) and the abbreviations of English and Spanish chat (data/abbreviations.txt).
// All three were written from general language knowledge, for the words people use when they ask
// about documents of any kind.
//
//go:embed data/glossary.json data/synonyms.txt data/abbreviations.txt
var languageData embed.FS

// LanguageGlossary returns the built-in general glossary: everyday and technical Spanish and
// Chinese words glossed in English. A corpus's own glossary goes over it (see [Glossary.Over]).
func LanguageGlossary() *Glossary {
	data, err := languageData.ReadFile("data/glossary.json")
	if err != nil {
		panic(fmt.Sprintf("text: embedded glossary: %v", err)) // embedded at build time
	}
	g, err := ParseGlossary(data)
	if err != nil {
		panic(fmt.Sprintf("text: embedded glossary: %v", err)) // tested by TestLanguageData
	}
	return g
}

// Over returns a glossary with g's entries and, for the words g does not gloss, base's. Either may
// be nil. Neither is copied: the result looks words up in g's layers, then in base's.
func (g *Glossary) Over(base *Glossary) *Glossary {
	if base == nil {
		return g
	}
	if g == nil {
		return base
	}
	under := base
	if g.base != nil {
		under = g.base.Over(base)
	}
	return &Glossary{es: g.es, esStem: g.esStem, zh: g.zh, sorted: g.sorted, esMaxLen: max(g.esMaxLen, base.esMaxLen), zhMaxRune: max(g.zhMaxRune, base.zhMaxRune), base: under}
}

// synonymMember is a member of a synonym group as its English stems.
type synonymMember struct {
	stems []string
	// reduced: the member is a phrase that function words reduce to one word ("no charge",
	// "set up", "in charge"), which says something else than that word.
	reduced bool
	// words are the member's words as written ("look after").
	words []Word
}

// synonymGroups parses data/synonyms.txt: one group a line, members separated by commas, each
// member as its English stems; lines starting with # are comments.
func synonymGroups() [][]synonymMember {
	data, err := languageData.ReadFile("data/synonyms.txt")
	if err != nil {
		panic(fmt.Sprintf("text: embedded synonyms: %v", err)) // embedded at build time
	}
	var out [][]synonymMember
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var group []synonymMember
		for _, m := range strings.Split(line, ",") {
			var stems []string
			ws := Words(m)
			for _, w := range ws {
				if !IsStopword(w) {
					stems = appendUnique(stems, Stem(w, English))
				}
			}
			if len(stems) > 0 {
				group = append(group, synonymMember{stems: stems, reduced: len(stems) == 1 && len(strings.Fields(m)) > 1, words: ws})
			}
		}
		out = append(out, group)
	}
	return out
}

// synonymIndex maps a one-word member's stem to the other members of its groups. A reduced
// phrase leads to its group (a question that says "in charge" asks who is responsible) but is not
// offered for the others (a sentence that says "charge" is not about who is responsible, nor about
// what is free).
func synonymIndex() map[string][][]string {
	m := map[string][][]string{}
	for _, group := range synonymGroups() {
		for i, key := range group {
			// A phrase that opens with its word ("call off", "set up") is looked up as a phrase (see
			// [Lexicon.SynonymPhrase]): its word alone asks something else ("call", "set"). One
			// that opens with a function word ("in charge") leads to its group from its word.
			if len(key.stems) != 1 || key.reduced && !IsStopword(key.words[0]) {
				continue
			}
			k := key.stems[0]
			m[k] = appendOthers(m[k], group, i)
		}
	}
	return m
}

// synonymPhrase is a member of two or more words of a synonym group ("mobile phone", "set up"),
// as the words of a question are matched to it: each word's key (see [phraseKey]), and the other
// members of its groups as their stems.
type synonymPhrase struct {
	keys   []string
	others [][]string
}

// phraseKey is how a word is matched to a word of a synonym phrase: a function word as it is
// written ("up", "of"), any other word by its English stem ("phones" meets "phone").
func phraseKey(w Word) string {
	if IsStopword(w) {
		return w.Folded
	}
	return Stem(w, English)
}

// synonymPhrases indexes the synonym phrases by the key of their first word. A phrase that opens
// with a function word ("at least", "up to", "in charge") is left out: it frames or measures what
// the question asks more than it names a thing, and the question reads those itself.
func synonymPhrases() map[string][]synonymPhrase {
	m := map[string][]synonymPhrase{}
	for _, group := range synonymGroups() {
		for i, p := range group {
			if len(p.words) < 2 || IsStopword(p.words[0]) || p.words[0].Number {
				continue
			}
			sp := synonymPhrase{}
			for _, w := range p.words {
				sp.keys = append(sp.keys, phraseKey(w))
			}
			sp.others = appendOthers(nil, group, i)
			m[sp.keys[0]] = append(m[sp.keys[0]], sp)
		}
	}
	return m
}

// SynonymPhrase returns how many words of ws, from the i-th, make a phrase of the synonym list
// ("mobile phone", "set up"), and the other members of its groups as their stems ("cell phone",
// "install", …); 0 when no phrase starts there (the longest is taken). A question that writes the
// phrase asks about the one thing it names, which a sentence may name by any of its synonyms; read
// word by word, "mobile" and "phone" were two things, and neither had the phrase's synonyms.
func (l *Lexicon) SynonymPhrase(ws []Word, i int) (int, [][]string) {
	if i >= len(ws) || IsStopword(ws[i]) || ws[i].Number {
		return 0, nil
	}
	best, others := 0, [][]string(nil)
	for _, p := range phrasesOnce()[phraseKey(ws[i])] {
		if len(p.keys) < best || i+len(p.keys) > len(ws) {
			continue
		}
		ok := true
		for k := 1; k < len(p.keys) && ok; k++ {
			ok = phraseKey(ws[i+k]) == p.keys[k]
		}
		if !ok {
			continue
		}
		if len(p.keys) > best {
			best, others = len(p.keys), nil
		}
		// A phrase in several groups ("set up": start, found, install) has the members of each.
		for _, o := range p.others {
			if !hasForm(others, o) {
				others = append(others, o)
			}
		}
	}
	return best, others
}

// appendOthers appends to forms the stems of the members of group that a question writing member i
// may mean, unless forms has them: every other member but a phrase that function words reduce to
// one word (see [synonymMember.reduced]) and one with member i's own stems.
func appendOthers(forms [][]string, group []synonymMember, i int) [][]string {
	own := strings.Join(group[i].stems, " ")
	for j, other := range group {
		if j != i && !other.reduced && strings.Join(other.stems, " ") != own && !hasForm(forms, other.stems) {
			forms = append(forms, other.stems)
		}
	}
	return forms
}

func hasForm(forms [][]string, f []string) bool {
	for _, g := range forms {
		if strings.Join(g, " ") == strings.Join(f, " ") {
			return true
		}
	}
	return false
}

// SpellingVariants returns the other spellings of an English word between British and American
// usage ("centre" → "center", "licence" → "license", "organise" → "organize", "colour" → "color"),
// lower-cased. Most are not merged by the stemmer.
func SpellingVariants(w string) []string {
	w = strings.ToLower(w)
	var out []string
	add := func(v string) {
		if v != w && !contains(out, v) {
			out = append(out, v)
		}
	}
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "tre"):
		add(w[:n-3] + "ter") // centre, theatre
	case n > 4 && strings.HasSuffix(w, "ter") && !strings.HasSuffix(w, "ster"):
		add(w[:n-3] + "tre")
	case n > 4 && strings.HasSuffix(w, "tres"):
		add(w[:n-4] + "ters")
	}
	for _, p := range [][2]string{{"our", "or"}, {"ise", "ize"}, {"isation", "ization"}, {"ised", "ized"}, {"ising", "izing"},
		{"yse", "yze"}, {"ence", "ense"}, {"ogue", "og"}, {"lled", "led"}, {"lling", "ling"}} {
		for _, dir := range [][2]string{p, {p[1], p[0]}} {
			if i := strings.LastIndex(w, dir[0]); i > 1 && len(w)-i-len(dir[0]) <= 3 {
				add(w[:i] + dir[1] + w[i+len(dir[0]):])
			}
		}
	}
	return out
}

// abbreviation is a chat abbreviation or clipped word spelt out ("tmrw" → "tomorrow").
type abbreviation struct {
	full string
	// function: the spelt-out form is function words only ("q" → "que"), which no corpus indexes.
	function bool
}

// abbreviations parses data/abbreviations.txt: by language, by abbreviation (lower case).
func abbreviations() map[string]map[string]abbreviation {
	data, err := languageData.ReadFile("data/abbreviations.txt")
	if err != nil {
		panic(fmt.Sprintf("text: embedded abbreviations: %v", err)) // embedded at build time
	}
	out := map[string]map[string]abbreviation{English: {}, Spanish: {}}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || strings.HasPrefix(f[0], "#") || out[f[0]] == nil {
			continue
		}
		full := strings.Join(f[2:], " ")
		function := true
		for _, w := range Words(full) {
			function = function && IsStopword(w)
		}
		out[f[0]][f[1]] = abbreviation{full: full, function: function}
	}
	return out
}

package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A word that takes an object, a preposition or a connective that introduces examples or a
// reference ("such as", "including", "see", "like", "in"; "como", "véase", "de", "en"; "如", "包括",
// "参见"), has lost its object when the object was a marker that is removed and nothing of its own
// follows the marker before its phrase ends (a comma, a closing parenthesis, the end of the
// sentence): the word goes with the marker, like a lead-in (leadin.go), so that no dangling "such
// as" is left:
//
//	Platforms, such as [S9], grew …           → Platforms grew …
//	Platforms such as [S9], grew …            → Platforms grew …
//	Douyin leads in markets such as [S9].     → Douyin leads in markets.
//	Douyin grew (see [S9]).                   → Douyin grew.
//	Douyin grew, see [S9].                    → Douyin grew.
//	In [S9], Douyin grew …                    → Douyin grew …
//	Según los datos de [S9], el GMV …         → Según los datos, el GMV …
//	电商平台，如[S9]，增长迅速。                → 电商平台增长迅速。
//
// Parentheses left empty go too. A comma after the marker goes with the word when it only closed the
// word's phrase ("Platforms such as [S9], grew"), and stays when it closes an introductory phrase
// (the clause opens with a preposition or a lead-in: "In markets such as [S9], Douyin grew" →
// "In markets, Douyin grew") or comes before another clause ("…, and Kwai fell"). English
// prepositions may end a clause on their own ("the market Douyin competes in [S9].", "what it looks
// like [S9]."), so they go only where they open their phrase: at the start of a sentence, after a
// comma or an opening parenthesis, or inside an introductory phrase. A Chinese word goes only after
// punctuation or at the start of a sentence, since the characters before it may make another word
// ("自如", "例如"). A word followed by words of its own keeps them and the marker goes alone ("such as
// Taobao [S9]" → "such as Taobao", "Data from Source 9 shows" → "Data from Source shows"); so does a
// word that may stand without an object ("for example", "例如"), and one that ends a lead phrase,
// whose rules decide ("Based on [S9] data", "According to [S9].").

// connectives take an object. strands marks the English ones that may also end a clause.
var connectives = []struct {
	word    string
	strands bool
}{
	{"such as", false}, {"as in", false}, {"including", false}, {"e.g.", false}, {"e.g.,", false}, {"i.e.", false},
	{"i.e.,", false}, {"namely", false}, {"cf.", false}, {"via", false}, {"see also", true}, {"see", true},
	{"like", true}, {"in", true}, {"on", true}, {"from", true}, {"by", true}, {"of", true}, {"at", true}, {"with", true},
	{"como", false}, {"tal como", false}, {"incluido", false}, {"incluida", false}, {"incluidos", false},
	{"incluidas", false}, {"incluyendo", false}, {"véase", false}, {"ver", true}, {"p. ej.", false}, {"p. ej.,", false},
	{"en", false}, {"de", false}, {"del", false}, {"desde", false}, {"por", false}, {"para", false}, {"con", false},
	{"sobre", false}, {"entre", false}, {"mediante", false}, {"vía", false},
	{"如", false}, {"诸如", false}, {"像", false}, {"包括", false}, {"参见", false}, {"详见", false}, {"参看", false}, {"见", false},
}

// introWords open an introductory phrase, whose comma stays ("In markets such as [S9], …").
var introWords = []string{
	"in", "on", "at", "for", "from", "among", "across", "with", "without", "by", "during", "after", "before",
	"since", "unlike", "as", "according", "based", "per", "under", "over", "through", "within", "throughout",
	"despite", "although", "though", "while", "when", "if", "because", "beyond", "following", "compared", "given",
	"en", "para", "por", "con", "sin", "según", "de", "desde", "durante", "entre", "tras", "sobre", "bajo", "como",
	"aunque", "si", "cuando", "mientras", "a", "al", "del", "conforme", "gracias", "frente", "tal",
}

// laterClauses open a clause after a comma, which stays ("…, and Kwai fell").
var laterClauses = []string{"and", "but", "or", "so", "yet", "while", "whereas", "which", "who", "where",
	"y", "e", "pero", "o", "u", "mientras", "aunque", "que", "donde", "而", "但", "并", "且"}

// dropConnective drops the word before a removed marker that has lost its object (see above). It
// returns what stays before the marker, how many bytes of after go, and whether the sentence now
// starts.
func dropConnective(core, after string) (string, int, bool, bool) {
	best := longestEnding(core, len(connectives), func(i int) string { return connectives[i].word })
	if best < 0 {
		return "", 0, false, false
	}
	c := connectives[best]
	for _, lp := range leadPhrases {
		if !lp.asVerb && len(lp.phrase) >= len(c.word) && endsWithWord(core, lp.phrase) {
			return "", 0, false, false // "Based on [S9] data", "According to [S9].": a lead-in's rules
		}
	}
	head := core[:len(core)-len(c.word)]
	h := strings.TrimRight(head, " \t")
	i := skipBlank(after, 0)
	r, size := utf8.DecodeRuneInString(after[i:])
	comma := r == ',' || r == '，'
	closes := r == ')' || r == '）'
	if kept, skip, ok := inParens(h, after, i); ok {
		return kept, skip, false, true // "X (see [S9]) Y" → "X Y"
	}
	switch {
	case startsSentence(h) || startsClause(h) || opensSentence(h):
		// "In [S9], X" → "X"; "X; see [S9]." → "X."; "See [S9]." stays, as a lead-in that is its
		// whole sentence does.
		if !comma {
			if startsClause(h) && (closes || endsSentence(after[i:])) {
				_, cs := utf8.DecodeLastRuneInString(h)
				return strings.TrimRight(h[:len(h)-cs], " \t"), i, false, true
			}
			return "", 0, false, false
		}
		j := skipBlank(after, i+size)
		if !goesOn(after[j:]) {
			return "", 0, false, false
		}
		return head, j, startsSentence(h) || opensSentence(h), true
	case strings.HasSuffix(h, ",") || strings.HasSuffix(h, "，"):
		// "X, such as [S9], Y" → "X Y"; "X, see [S9]." → "X."
		_, cs := utf8.DecodeLastRuneInString(h)
		if comma {
			return h[:len(h)-cs], skipBlank(after, i+size), false, true
		}
		if closes || endsSentence(after[i:]) {
			return h[:len(h)-cs], i, false, true
		}
	case c.strands && !introductory(h):
		// An English preposition that may end its clause stays ("the market Douyin competes in [S9].").
	case closes || endsSentence(after[i:]):
		// "X in markets such as [S9]." → "X in markets."
		return h, i, false, true
	case comma:
		// "Platforms such as [S9], grew" → "Platforms grew"; "In markets such as [S9], X" →
		// "In markets, X"; "X such as [S9], and Y" → "X, and Y".
		j := skipBlank(after, i+size)
		if introductory(h) || opensClause(after[j:]) {
			return h, i, false, true
		}
		return h, j, false, true
	}
	return "", 0, false, false
}

// introductory reports whether the clause that h, the text before a connective, ends in is an
// introductory phrase: it opens its sentence, or a clause after a semicolon, a colon or a clause join
// ("…, and in markets such as"), with an introductory word (introWords).
func introductory(h string) bool {
	clause := h
	if at := strings.LastIndexAny(h, ",;:，；："); at >= 0 {
		p, size := utf8.DecodeRuneInString(h[at:])
		clause = h[at+size:]
		if p == ',' || p == '，' {
			word := firstWord(strings.TrimSpace(clause))
			joined := false
			for _, j := range clauseJoins {
				joined = joined || word != "" && strings.EqualFold(word, j)
			}
			if !joined {
				return false // "X, in line with [S9]": the phrase itself, not what opens a clause
			}
		}
	}
	clause = strings.TrimLeft(trimBullet(strings.TrimSpace(clause)), "*_ ")
	word := firstWord(clause)
	for _, j := range clauseJoins {
		if strings.EqualFold(word, j) {
			clause = strings.TrimSpace(clause[len(word):])
			word = firstWord(clause)
			break
		}
	}
	for _, w := range introWords {
		if strings.EqualFold(word, w) {
			return true
		}
	}
	return false
}

// opensClause reports whether s, the text after a comma, starts with a word that opens another
// clause (laterClauses).
func opensClause(s string) bool {
	for _, w := range laterClauses {
		if hasPrefixFold(s, w) && wordEndsAt(s, len(w)) {
			return true
		}
	}
	return false
}

// firstWord returns the letters s starts with.
func firstWord(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		return s
	}
	return s[:end]
}

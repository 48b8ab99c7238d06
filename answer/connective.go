package answer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// A word that takes an object, a preposition or a connective that introduces examples or a
// reference ("such as", "including", "see", "like", "in"; "como", "véase", "de", "en"; "如", "包括",
// "参见"), has lost its object when the object was a marker that is removed: the word goes with the
// marker, like a lead-in (leadin.go), so that no dangling "such as" is left:
//
//	Platforms, such as [S9], grew …           → Platforms grew …
//	Platforms such as [S9], grew …            → Platforms grew …
//	Reports such as [S9] show that X.         → Reports show that X.
//	Los datos de [S9] muestran que X.         → Los datos muestran que X.
//	Douyin leads in markets such as [S9].     → Douyin leads in markets.
//	Douyin grew (see [S9]).                   → Douyin grew.
//	Douyin grew, see [S9].                    → Douyin grew.
//	In [S9], Douyin grew …                    → Douyin grew …
//	Según los datos de [S9], el GMV …         → Según los datos, el GMV …
//	电商平台，如[S9]等，增长迅速。              → 电商平台增长迅速。
//
// A citation stands after what it cites, so a marker right after such a word was all its object,
// whether its phrase ends there (a comma, a closing parenthesis, the end of the sentence) or the
// sentence's words go on ("Reports such as [S9] show …"); a list's tail after the marker ("等",
// "etc.") was part of the object. Parentheses left empty go too. A comma after the marker goes with
// the word when it only closed the word's phrase ("Platforms such as [S9], grew"), and stays when it
// closes an introductory phrase (the clause opens with a preposition or a lead-in: "In markets such
// as [S9], Douyin grew" → "In markets, Douyin grew") or comes before another clause ("…, and Kwai
// fell"). English prepositions may end a clause on their own ("the market Douyin competes in
// [S9].", "what it looks like [S9]."), so they go only where they open their phrase (at the start
// of a sentence, after a comma or an opening parenthesis, inside an introductory phrase) or before a
// verb of saying whose subject their phrase ends ("Data from [S9] shows …" → "Data shows …");
// "like" may end a clause only after a verb of seeming or a function word ("what it looks like",
// "what it is like"), and elsewhere means "such as". In the middle of a sentence, where a join, a
// function word or a comma and a clause follow the marker, a preposition's phrase plainly ended with
// it, so the preposition goes, whether the marker is removed or kept ("Douyin grew in [S9] and Kwai
// fell" → "Douyin grew and Kwai fell", or "Douyin grew [1] and Kwai fell": dropPreposition). A
// Chinese word goes only after punctuation or
// at the start of a sentence, since the characters before it may make another word ("自如",
// "例如"). A word followed by words of its own keeps them and the marker goes alone ("such as
// Taobao [S9]" → "such as Taobao", "Figures from Source 9 were revised" → "Figures from Source were
// revised"); the first of several examples goes with the join after it ("such as [S9] and Kwai" →
// "such as Kwai"); a possessive after the marker keeps the word ("such as [S9]'s report"). A word
// that may stand without an object ("for example", "例如") goes only in parentheses of its own or
// before a list's tail ("（例如[S9]等）"), and one that ends a lead phrase is a lead-in, whose rules
// decide ("Based on [S9] data", "According to [S9].", "如[S9]所述").
//
// A marker that checks out is no word of its sentence either: when it was all the object of a word
// that introduces examples or a reference, or all that stood in parentheses (with the word that
// introduced it, a lead phrase or a source label), the word and the parentheses go and its numbers
// stand after the claim, where our own style puts them (cite.go): "Reports such as [S1] show that X."
// → "Reports show that X [1].", "X (see [S1])." and "X ([S1])." → "X [1].", "X（如[S1]等）。" →
// "X[1]。". A preposition or a lead-in that attributes the claim to it stays ("In [1], …",
// "According to [1], …").

// connectives take an object. strands marks the English ones that may also end a clause ("the market
// Douyin competes in", "what it looks like"); introduces marks those that introduce examples or a
// reference ("such as", "see", "como", "参见"), whose object, when it is only markers, carried
// nothing but the citation, kept or not; alone marks those that may also stand without an object
// ("for example", "例如"), which go only where the markers are plainly their object: in parentheses
// of their own or before a list's tail ("（例如[S9]等）").
var connectives = []struct {
	word                       string
	strands, introduces, alone bool
}{
	{"such as", false, true, false}, {"as in", false, true, false}, {"including", false, true, false},
	{"e.g.", false, true, false}, {"e.g.,", false, true, false}, {"i.e.", false, true, false}, {"i.e.,", false, true, false},
	{"namely", false, true, false}, {"cf.", false, true, false}, {"via", false, false, false}, {"see also", true, true, false},
	{"see", true, true, false}, {"like", true, true, false}, {"for example", false, true, true}, {"for instance", false, true, true},
	{"in", true, false, false}, {"on", true, false, false}, {"from", true, false, false}, {"by", true, false, false},
	{"of", true, false, false}, {"at", true, false, false}, {"with", true, false, false},
	{"como", false, true, false}, {"tal como", false, true, false}, {"tales como", false, true, false},
	{"incluido", false, true, false}, {"incluida", false, true, false}, {"incluidos", false, true, false},
	{"incluidas", false, true, false}, {"incluyendo", false, true, false}, {"véase", false, true, false}, {"ver", true, false, false},
	{"p. ej.", false, true, false}, {"p. ej.,", false, true, false}, {"por ejemplo", false, true, true},
	{"en", false, false, false}, {"de", false, false, false}, {"del", false, false, false}, {"desde", false, false, false},
	{"por", false, false, false}, {"para", false, false, false}, {"con", false, false, false}, {"sobre", false, false, false},
	{"entre", false, false, false}, {"mediante", false, false, false}, {"vía", false, false, false},
	{"如", false, true, false}, {"诸如", false, true, false}, {"像", false, true, false}, {"包括", false, true, false},
	{"参见", false, true, false}, {"详见", false, true, false}, {"参看", false, true, false}, {"见", false, true, false},
	{"例如", false, true, true}, {"比如", false, true, true}, {"譬如", false, true, true},
}

// seemingVerbs take "like" as their complement ("what it looks like"): after them, or after a
// function word ("what it is like", "we like"), "like" may end its clause.
var seemingVerbs = []string{"look", "looks", "looked", "looking", "seem", "seems", "seemed", "sound", "sounds",
	"sounded", "feel", "feels", "felt"}

// objectTails close a list of examples after its last item ("如[S9]等", "such as [S9], etc."): when the
// markers are the list, the tail goes with them. Longer forms come before their prefixes.
var objectTails = []string{"among others", "and others", "and so on", "etc.", "etc", "entre otros", "entre otras",
	"y otros", "y otras", "等等", "等"}

// skipTail returns where the text after a marker goes on past a list's tail (objectTails) that
// follows the marker, with the comma or "、" before it; i if there is none.
func skipTail(after string, i int) int {
	j := i
	if r, size := utf8.DecodeRuneInString(after[j:]); r == ',' || r == '、' || r == '，' {
		j = skipBlank(after, j+size)
	}
	for _, t := range objectTails {
		if hasPrefixFold(after[j:], t) && (strings.HasSuffix(t, ".") || wordEndsAt(after, j+len(t))) {
			return skipBlank(after, j+len(t))
		}
	}
	return i
}

// strandsAfter reports whether connective c, after h, may end its clause rather than introduce the
// marker: an English preposition may, and "like" after a verb of seeming or a function word.
func strandsAfter(c string, strands bool, h string) bool {
	if !strands {
		return false
	}
	if c != "like" {
		return true
	}
	ws := strings.Fields(strings.TrimRight(h, " \t*_"))
	if len(ws) == 0 {
		return false
	}
	prev := strings.ToLower(strings.Trim(ws[len(ws)-1], ".,;:!?\"'’()"))
	return isFunctionWord(text.FoldAccents(prev)) || slices.Contains(seemingVerbs, prev)
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

// dropConnective drops the word before a marker whose object the marker was (see above). It returns
// what stays before the marker, how many bytes of after go, and whether the sentence now starts.
// keep says that the marker's citation stays (shown after the claim): then only a word that
// introduces examples or a reference goes.
func dropConnective(core, after string, keep bool) (string, int, bool, bool) {
	best := longestEnding(core, len(connectives), func(i int) string { return connectives[i].word })
	if best < 0 {
		return "", 0, false, false
	}
	c := connectives[best]
	if keep && !c.introduces {
		return "", 0, false, false
	}
	for _, lp := range leadPhrases {
		if !lp.asVerb && len(lp.phrase) >= len(c.word) && endsWithWord(core, lp.phrase) {
			return "", 0, false, false // "Based on [S9] data", "According to [S9].": a lead-in's rules
		}
	}
	head := core[:len(core)-len(c.word)]
	h := strings.TrimRight(head, " \t")
	i := skipBlank(after, 0)
	tailed := false
	if j := skipTail(after, i); j > i {
		i, tailed = j, true
	}
	if _, ok := sayingVerbAt(after[i:]); ok && isAsVerbPhrase(c.word) {
		return "", 0, false, false // "如[S9]所述": a lead-in ("as [S9] says"), whose rules decide
	}
	r, size := utf8.DecodeRuneInString(after[i:])
	comma := r == ',' || r == '，'
	closes := r == ')' || r == '）'
	if kept, skip, ok := inParens(h, after, i); ok {
		return kept, skip, false, true // "X (see [S9]) Y" → "X Y"
	}
	if c.alone && !tailed {
		return "", 0, false, false // "Douyin, for example [S9], grew": the word stands alone
	}
	strands := strandsAfter(c.word, c.strands, h)
	if n, ok := joinAt(after[i:]); ok && c.introduces && !strands && !keep && !tailed {
		// The first of several examples: "such as [S9] and Kwai" → "such as Kwai".
		return core, skipBlank(after, i+n), false, true
	}
	// Words of the sentence follow the marker, not more of the connective's object ("such as [S9] and
	// Kwai"): the marker was the whole object, since a citation stands after what it cites. A
	// preposition that may end its clause goes so only when a verb of saying follows ("Data from [S9]
	// shows …"): the phrase was the subject of that verb.
	_, saying := sayingVerbAt(after[i:])
	_, joined := joinAt(after[i:])
	first, _ := utf8.DecodeRuneInString(after[i:])
	words := (unicode.IsLetter(first) || unicode.IsDigit(first)) && !joined && possessiveTail(after[i:]) == 0 && (!strands || saying)
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
		// "X, such as [S9], Y" → "X Y"; "X, see [S9]." → "X."; "X, such as [S9] Y" → "X Y"
		_, cs := utf8.DecodeLastRuneInString(h)
		if comma {
			return h[:len(h)-cs], skipBlank(after, i+size), false, true
		}
		if closes || endsSentence(after[i:]) || words {
			return h[:len(h)-cs], i, false, true
		}
	case strands && !introductory(h) && !words:
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
	case words:
		// "Reports such as [S9] show that X" → "Reports show that X".
		return h, i, false, true
	}
	return "", 0, false, false
}

// dropPreposition drops a preposition (a connective that introduces no example: "in", "from", "de",
// "vía") whose phrase a marker ended in the middle of its sentence, where the sentence plainly goes on
// (phraseEnds): "Douyin grew in [S9] and Kwai fell" → "Douyin grew and Kwai fell", whether the
// marker is removed or kept ("Douyin grew [1] and Kwai fell"; keep: nothing after the marker goes,
// since its numbers stand where it stood). A preposition that opens its sentence or clause, or an
// introductory phrase, stays to the rules of dropConnective ("In [S9], …"), and so does one
// followed by a noun, which may still belong to its phrase ("in [S9] data"), one after a comma, one
// that ends a lead phrase ("based on"), and one whose object is a running-text id's word
// (named: "Figures from Source 9 were revised" keeps "from Source").
func dropPreposition(core, after string, named, keep bool) (string, int, bool) {
	best := longestEnding(core, len(connectives), func(i int) string { return connectives[i].word })
	if best < 0 || named || connectives[best].introduces {
		return "", 0, false
	}
	c := connectives[best]
	for _, lp := range leadPhrases {
		if len(lp.phrase) >= len(c.word) && endsWithWord(core, lp.phrase) {
			return "", 0, false
		}
	}
	h := strings.TrimRight(core[:len(core)-len(c.word)], " \t")
	if h == "" || startsSentence(h) || startsClause(h) || opensSentence(h) || strings.HasSuffix(h, ",") ||
		strings.HasSuffix(h, "，") || strings.HasSuffix(h, "(") || introductory(h) {
		return "", 0, false
	}
	i := skipBlank(after, 0)
	if !phraseEnds(after[i:]) {
		return "", 0, false
	}
	if keep {
		return h, 0, true
	}
	return h, i, true
}

// phraseEnds reports whether s, the text after a marker, shows that the marker ended the phrase of
// the word before it while its sentence goes on: a join or a function word follows ("in [S9] and
// Kwai fell", "in [S9] by 30%"), or a comma and more words ("in [S9], and Kwai fell"); not a noun,
// a figure or a possessive, which may still belong to the phrase ("in [S9] data", "in [S9]'s
// report"), nor a verb of saying, whose subject the phrase may be ("Data from [S9] shows").
func phraseEnds(s string) bool {
	if r, size := utf8.DecodeRuneInString(s); r == ',' || r == '，' {
		return goesOn(s[skipBlank(s, size):])
	}
	if _, ok := joinAt(s); ok {
		return true
	}
	if _, ok := sayingVerbAt(s); ok || possessiveTail(s) > 0 {
		return false
	}
	w := firstWord(s)
	if r, _ := utf8.DecodeRuneInString(w); w == "" || text.IsHan(r) {
		return false
	}
	return isFunctionWord(text.FoldAccents(strings.ToLower(w)))
}

// joinAt returns the length of the word or mark that joins another item to a marker at the start of
// s, the text after the marker ("and Kwai", "y Kuaishou", "和快手", "、快手"), if there is one.
func joinAt(s string) (int, bool) {
	if strings.HasPrefix(s, "、") {
		return len("、"), true
	}
	for _, j := range markerJoins {
		if hasPrefixFold(s, j) && wordEndsAt(s, len(j)) && len(s) > len(j) {
			return len(j), true
		}
	}
	return 0, false
}

// isAsVerbPhrase reports whether w is a lead phrase that needs a verb of saying after its marker
// ("as [S9] notes", "如[S9]所述").
func isAsVerbPhrase(w string) bool {
	for _, lp := range leadPhrases {
		if lp.asVerb && strings.EqualFold(lp.phrase, w) {
			return true
		}
	}
	return false
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

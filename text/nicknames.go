package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// callingAnchors are in every calling cue (see [callingCue]): what a sentence must hold to give a
// nickname.
var callingAnchors = []string{"call", "Call", "llam", "叫", "称"}

// callingCue finds a verb of calling with its object, after which a text gives another name of a
// thing it has named: "Drivers call it "the orange app"", "Older members still call it the tuck
// shop", "la Kelvar, a la que todos llaman Lasery McLaseface", "los veteranos lo llaman the tuck
// shop", "Kelvar，大家叫它 Lasery McLaseface", "司机们称它为“橙色应用”". The people who call it so
// stand before the verb; the thing is named before them (see [namesBuilder.nicknames]).
var callingCue = regexp.MustCompile(`(?i)\b(?:call|calls|called|calling)\s+it\s+|` +
	`\b(?:(?:lo|la|le)\s+)?(?:llaman|llamamos|llama|llamaban)\s+|` +
	`(?:把它|把这里)(?:叫作|叫做|称为|称作)|叫它|称它为|称之为`)

// nicknames reads the calling cues of sentence i of a paragraph (see [callingCue]): the name after
// the cue is another name of the thing the text names before the people who call it so. That
// thing is the name just before them in their sentence ("la Kelvar, a la que todos llaman …",
// "维洛克萨（Veloxa，司机们称它为…"), or else the subject that opens their sentence ("El
// Stockroom es la tienda de materiales; los veteranos lo llaman …") or, when "it" points back
// further, the one that opens the paragraph ("Veloxa, whose name is … . In 2024 it completed …
// Drivers call it "the orange app""). A nickname in lower case must be quoted or have two words
// after its article ("the tuck shop"): one common word ("the forum") is too often only a word.
func (b *namesBuilder) nicknames(sentences []string, i int, lang string) {
	s := sentences[i]
	for _, m := range callingCue.FindAllStringIndex(s, -1) {
		if strings.Contains(s[m[0]:m[1]], "llam") && !spanishCalling(s, m) {
			continue // "llama" is also "flame", and "se llama X" a name given plainly
		}
		y0, y1 := nicknameAfter(s, m[1])
		if y0 >= y1 {
			continue
		}
		// The callers' clause starts after the last clause mark before the cue.
		k := strings.LastIndexAny(s[:m[0]], ",;:(，；：（")
		if k < 0 {
			k = 0
		}
		if x, ok := nameBefore(s, k); ok && x < k {
			b.add(s, lang, x, len(strings.TrimRightFunc(s[:k], unicode.IsSpace)), y0, y1)
		} else if x0, x1, ok := openingSubject(s); ok && x1 <= k {
			b.add(s, lang, x0, x1, y0, y1)
		} else if x0, x1, ok := openingSubject(sentences[0]); ok && i > 0 {
			b.addAcross(sentences[0], s, lang, x0, x1, y0, y1)
		}
	}
}

// spanishCalling reports whether the Spanish "llama(n)" matched at m of s is a verb of calling with
// an object: after its pronoun ("lo llaman", which the match opens with), or in a relative clause
// ("a la que todos llaman", "al que llaman"); not "se llama", a name given plainly.
func spanishCalling(s string, m []int) bool {
	if ws := Words(s[m[0]:m[1]]); len(ws) > 1 {
		return true // the pronoun and the verb
	}
	clause := strings.ToLower(s[:m[0]])
	if k := strings.LastIndexAny(clause, ",;:("); k >= 0 {
		clause = clause[k+1:]
	}
	return strings.Contains(" "+clause, " que ")
}

// nicknameAfter returns the span of the name after a calling cue at from: a quoted name, a name in
// Han characters, a name of capitalised words (after an article), or an article and two or three
// words in lower case up to a punctuation mark ("the tuck shop, from the days …"); empty otherwise.
func nicknameAfter(s string, from int) (int, int) {
	r, w := utf8.DecodeRuneInString(s[from:])
	if strings.ContainsRune(openQuotes, r) {
		lo := from + w
		j := strings.IndexAny(s[lo:], closeQuotes)
		if j <= 0 {
			return 0, 0
		}
		if t := s[lo : lo+j]; isName(t, true) && !strings.ContainsAny(t, ".,;:") {
			return trimArticle(s, lo, lo+j)
		}
		return 0, 0
	}
	if IsHan(r) {
		return hanNameAfter(s, from)
	}
	end := after(s, from, len(s))
	if j := strings.IndexFunc(s[from:end], func(r rune) bool { return unicode.IsPunct(r) && r != '-' && r != '\'' }); j >= 0 {
		end = from + j
	}
	if lo, hi := nameRun(s, from, end); lo < hi {
		return lo, hi
	}
	ws := Words(s[from:end])
	if len(ws) >= 3 && len(ws) <= 4 && nameArticles[ws[0].Folded] && ws[len(ws)-1].End == end-from {
		for _, w := range ws[1:] {
			if IsStopword(w) || w.Number {
				return 0, 0
			}
		}
		return from + ws[1].Start, end
	}
	return 0, 0
}

// trimArticle returns the span [lo,hi) of s without an opening article ("the orange app" is
// "orange app").
func trimArticle(s string, lo, hi int) (int, int) {
	if ws := Words(s[lo:hi]); len(ws) > 1 && nameArticles[ws[0].Folded] {
		return lo + ws[1].Start, hi
	}
	return lo, hi
}

// openingSubject returns the name that opens sentence s as its subject: capitalised words after
// an article ("The Stockroom is …", "El Stockroom es …", "The Kelvar LX-1390 is …"), or without one
// when a comma or a verb of being follows ("Veloxa, whose name is …", "Veloxa is …"): a capitalised
// word that opens a sentence is most often not a name ("Members can …").
func openingSubject(s string) (int, int, bool) {
	ws := Words(s)
	if len(ws) < 2 {
		return 0, 0, false
	}
	lo, hi := nameRun(s, 0, after(s, 0, len(s))) // from the first word, or the one after an article
	if lo >= hi {
		return 0, 0, false
	}
	if nameArticles[ws[0].Folded] {
		return lo, hi, true
	}
	if first := Words(s[lo:hi]); len(first) == 1 && IsStopword(first[0]) {
		return 0, 0, false
	}
	rest := strings.TrimLeft(s[hi:], " ")
	for _, v := range []string{",", "is ", "was ", "es ", "fue ", "has ", "had "} {
		if strings.HasPrefix(rest, v) {
			return lo, hi, true
		}
	}
	return 0, 0, false
}

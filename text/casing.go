package text

import (
	"iter"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CaseForms are the forms a corpus writes its words in: "GMV", "PDD", "Yong", "iPhone", or lower
// case. Only a word's occurrences that are not sentence-initial count (see [NewCaseForms]), since
// a sentence's first word is capitalised whatever it is. A question typed all in lower case takes
// them back (see [RestoreCase]): the corpus knows how its own names are written better than any
// word list. It is immutable and safe for concurrent use; a nil *CaseForms knows no word.
type CaseForms struct {
	// table has a line for each word counted, sorted by bytes: "lower form" for a word the corpus
	// writes with capitals ("gmv GMV"), "lower" for one it writes in lower case. One string,
	// binary-searched in place (see [firstLineFrom]): a map of tens of thousands of words would
	// cost several times its bytes.
	table string
}

// minFormEvidence is the fewest occurrences a dominant form needs: a word written once is as
// likely a slip, a phrase in title case or a translation's quirk ("labels , Far more"), and a
// word the corpus writes once in lower case ("wifi", beside one "Wi-Fi") may still be a name.
// Half of a corpus's words occur once, so the forms keep about half the words they would.
const minFormEvidence = 2

// caseCount counts one word's occurrences in lower case and in each cased form.
type caseCount struct {
	lower int
	cased []formCount
}

type formCount struct {
	form string
	n    int
}

// NewCaseForms counts how sentences (a corpus's running text, one sentence each) and names (its
// catalog's names of things, each written as the corpus names it: "PDD", "JD.com") write each word
// of two letters or more, and keeps each word's dominant form: lower case when the corpus writes
// the word so more often than with capitals; when it writes it with capitals more often, the
// commonest cased form (of two as common, the one with fewer capitals, "Zhang" before "ZHANG",
// then by bytes); none when it does both as often, or when the winning way has but one occurrence
// (see [minFormEvidence]). A word is not counted where it opens a sentence,
// a line, a table cell or a quotation; a name's words all count, each as much as the evidence a
// form needs (see [minFormEvidence]): a name is written on purpose. Function words, numbers and
// words written with tone marks or hyphens are not counted at all. The plural of a word written
// all in capitals, an acronym, takes its form and a lower-case "s" ("skus" → "SKUs" beside "SKU")
// when the corpus writes that plural in no other form, even once or never (see [acronymPlurals]).
// names may be nil.
func NewCaseForms(sentences, names iter.Seq[string]) *CaseForms {
	counts := map[string]*caseCount{}
	count := func(s string, w Word, n int) {
		if w.Number || IsStopword(w) || utf8.RuneCountInString(w.Lower) < 2 {
			return
		}
		form := s[w.Start:w.End]
		if k := strings.IndexAny(form, "'’"); k > 0 {
			form = form[:k] // "Douyin's", "couldn't"
		}
		if form != w.Lower && strings.ToLower(form) != w.Lower {
			return // tone marks, hyphens
		}
		c := counts[w.Lower]
		if c == nil {
			c = &caseCount{}
			counts[strings.Clone(w.Lower)] = c // not the document's text, which the key would keep
		}
		if form == w.Lower {
			c.lower += n
			return
		}
		i := 0
		for i < len(c.cased) && c.cased[i].form != form {
			i++
		}
		if i == len(c.cased) {
			c.cased = append(c.cased, formCount{form: strings.Clone(form)})
		}
		c.cased[i].n += n
	}
	for s := range sentences {
		eachWord(s, func(w Word) bool {
			if !w.Initial && !opensPart(s[:w.Start]) {
				count(s, w, 1)
			}
			return true
		})
	}
	if names != nil {
		for s := range names {
			for _, w := range Words(s) {
				count(s, w, minFormEvidence) // written on purpose, as the corpus means it
			}
		}
	}
	forms := make(map[string]string, len(counts)) // each word's dominant form, "" for lower case
	for lower, c := range counts {
		if form, ok := c.dominant(); ok {
			forms[lower] = form
		}
	}
	for plural, form := range acronymPlurals(counts, forms) {
		forms[plural] = form
	}
	lines := make([]string, 0, len(forms))
	for lower, form := range forms {
		if form == "" {
			lines = append(lines, lower)
		} else {
			lines = append(lines, lower+" "+form)
		}
	}
	// A word has no byte below "!" and a space sorts below all of them, so the lines sort as their
	// words do.
	sort.Strings(lines)
	var b strings.Builder
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	b.Grow(n)
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return &CaseForms{table: b.String()}
}

// dominant returns the word's dominant cased form, "" when it is written in lower case more often
// than with capitals, and ok false when it is written both ways as often.
func (c *caseCount) dominant() (form string, ok bool) {
	cased := 0
	for _, f := range c.cased {
		cased += f.n
	}
	if cased == c.lower || max(cased, c.lower) < minFormEvidence {
		return "", false
	}
	if cased < c.lower {
		return "", true
	}
	best := c.cased[0]
	for _, f := range c.cased[1:] {
		if f.n > best.n || f.n == best.n && (capitals(f.form) < capitals(best.form) ||
			capitals(f.form) == capitals(best.form) && f.form < best.form) {
			best = f
		}
	}
	return best.form, true
}

// acronymPlurals returns the plural forms of the acronyms among forms (each counted word's dominant
// form) that counts do not decide: a corpus that writes "SKU" writes its plural "SKUs", but may do
// so too seldom to count, or never, and a question's "skus" would then pass for an unknown name
// ("Skus"). The plural, the acronym's lower case and an "s", takes the acronym's form and a
// lower-case "s" when the corpus writes it in no other form, not even once ("skus", "Skus",
// "SKUS"); a function word ("its" beside "IT") never.
func acronymPlurals(counts map[string]*caseCount, forms map[string]string) map[string]string {
	out := map[string]string{}
	for lower, form := range forms {
		if form == "" || form != strings.ToUpper(lower) {
			continue // lower case, or not all in capitals
		}
		plural, pluralForm := lower+"s", form+"s"
		if c := counts[plural]; c != nil && (c.lower > 0 || slices.ContainsFunc(c.cased, func(f formCount) bool { return f.form != pluralForm })) {
			continue
		}
		if ws := Words(plural); len(ws) != 1 || ws[0].Lower != plural || IsStopword(ws[0]) {
			continue
		}
		out[plural] = pluralForm
	}
	return out
}

// capitals counts the upper-case letters of s.
func capitals(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

// opensPart reports whether the word after before opens a table cell or a quotation: its last
// character but spaces is a bar, an opening quotation mark or bracket.
func opensPart(before string) bool {
	before = strings.TrimRight(before, " \t")
	r, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune("|\"“‘«([", r)
}

// Form returns the form the corpus writes lower (a word in lower case) in: its dominant cased form
// ("GMV" for "gmv"), or lower itself when the corpus writes it in lower case more often. ok is
// false for a word the corpus writes as often in lower case as with capitals, or only once the
// way it mostly does, one it never writes but at the start of a sentence, or never at all (but the
// plural of an acronym, "skus" as "SKUs" beside "SKU": see [NewCaseForms]), and for function
// words.
func (f *CaseForms) Form(lower string) (form string, ok bool) {
	if f == nil || lower == "" {
		return "", false
	}
	line := firstLineFrom(f.table, lower)
	if line == lower {
		return lower, true
	}
	if form, found := strings.CutPrefix(line, lower+" "); found {
		return form, true
	}
	return "", false
}

// Size returns the bytes the forms take.
func (f *CaseForms) Size() int {
	if f == nil {
		return 0
	}
	return len(f.table)
}

// RestoreCase gives a question typed all in lower case its names' capitals back, as chat users
// often type ("who founded meituan" → "who founded Meituan"), since the answerer reads names by
// their capitals, and a name the documents never mention is the surest sign that they cannot
// answer. A question with any capital letter is returned as it is: its writer capitalises.
//
// A word that forms (the corpus's) knows takes the form the corpus writes it in ("what
// was douyin's gmv" → "what was Douyin's GMV", "zhang yong" → "Zhang Yong"), or stays as typed
// when the corpus writes it in lower case ("livestreaming"). But a common word keeps its lower
// case, as a question typed properly writes it, however the corpus writes it: a word of the word
// list or an English form of one against a capitalised form ("One", "Billion", "Far": a machine
// translation or a title writes common words so) unless the list also has it as a name ("China"),
// and a word of the list against one in capitals ("INSIGHT"). Any other word of three letters or more is capitalised when it is a name
// of the word list and no common word ("france"), or not English or Spanish at all nor one edit
// from such a word (a typo, "jakcet"); function words never are. A word the list writes with a
// capital after its first letter takes the list's form instead ("wifi" → "WiFi", "iphone" →
// "iPhone", "youtube" → "YouTube"), not a form nobody writes ("Wifi", "Iphone").
//
// A Spanish question takes only the corpus's forms ("cuanto vendio douyin en china" → "cuanto
// vendio Douyin en China"), with a Spanish form of a common word too keeping its lower case
// ("piscinas", "cobran"): the Spanish word list holds lemmas, not the forms of a verb or a plural
// ("tengo", "tiendas"), so the word list's rule would take Spanish words for names. A Chinese
// question is left as typed.
//
// forms is called, once, only for a question it restores, since counting a corpus's forms takes a
// while (see [NewCaseForms]); a nil func knows no word.
func RestoreCase(s string, forms func() *CaseForms) string {
	if strings.ToLower(s) != s {
		return s
	}
	lang := DetectLanguage(s)
	if lang != English && lang != Spanish {
		return s
	}
	var known *CaseForms
	if forms != nil {
		known = forms()
	}
	out, _ := rewriteWords(s, maxRespelledWords, func(w Word) (string, int, bool) {
		if w.Number || IsStopword(w) {
			return "", 0, false
		}
		if form, ok := known.Form(w.Lower); ok && strings.HasPrefix(s[w.Start:w.End], w.Lower) {
			if form == w.Lower || commonWordForm(w, form, lang) {
				return "", 0, false
			}
			return form, w.Start + len(w.Lower), true
		}
		if lang == Spanish {
			return "", 0, false
		}
		if utf8.RuneCountInString(w.Lower) < 3 || strings.ContainsFunc(w.Lower, notTypoLetter) || contraction(s[w.Start:w.End]) {
			return "", 0, false
		}
		// A word the word list writes with a capital after its first letter takes that form
		// ("WiFi", "iPhone", "YouTube"), as a name of the list does: its first letter capitalised
		// alone ("Wifi", "Iphone") is a form nobody writes.
		if form, ok := mixedCaseWord(w.Lower); ok && strings.HasPrefix(s[w.Start:w.End], w.Lower) {
			return form, w.Start + len(w.Lower), true
		}
		// A name of the word list that is no common word ("france", not "amazon") is a name, even
		// though its stem starts common words ("franc").
		name := isDictionaryName(w.Lower) && !IsDictionaryWord(w.Lower)
		if !name && (realWord(w) || misspeltWord(w)) {
			return "", 0, false
		}
		_, n := utf8.DecodeRuneInString(s[w.Start:])
		return capitalised(s[w.Start : w.Start+n]), w.Start + n, true
	})
	return out
}

// commonWordForm reports whether form, the corpus's cased form of w, a word of a question in
// lang, writes a common word with capitals (see [RestoreCase]).
func commonWordForm(w Word, form, lang string) bool {
	if form == capitalised(w.Lower) {
		if isDictionaryName(w.Lower) {
			return false // a name of the word list ("france"), or a word that is one too ("china")
		}
		if lang == Spanish {
			// A word of the list or a form of one in either language ("piscinas", "cobran"), since
			// the list has no Spanish verb forms or plurals, though names may pass for such forms
			// too ("alibaba": "alib", "alibi").
			return realWord(w)
		}
		// A word of the list or an English form of one ("buying", "months"); not [realWord], whose
		// Spanish stems make names common words too ("Alibaba", "alib", "alibi").
		return IsDictionaryWord(w.Lower) || startsDictionaryWord(Stem(w, English))
	}
	return IsDictionaryWord(w.Lower)
}

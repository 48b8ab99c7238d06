package text

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefinedNames are the names a corpus gives one thing in its own running text, found without a
// catalog: an abbreviation defined in brackets after its long form ("two household recycling
// centres (HRCs)") or before it ("KVS (Kestrel Valley Sound)"), and a name given with a cue
// ("Orrin Ferries (formerly Marsh Line)", "Kestrel Lake, also known as the Basin",
// "conocido como …", "（简称…）"). A question may name a thing one way and the text that answers
// it another. A platform catalog (platforms.json) does this for the names its author listed;
// these are the ones the documents define themselves.
//
// Abbreviations are matched to their long forms as Schwartz and Hearst do ("A simple algorithm for
// identifying abbreviation definitions in biomedical text", 2003): every letter and digit of the
// short form appears in the long form in order, the first at the start of a word, within the
// min(|SF|+5, 2·|SF|) words before the bracket. It is immutable and safe for concurrent use.
type DefinedNames struct {
	forms []NameForm
	// byFirst maps the key of a Latin form's first word (see [nameKey]) to its forms; han lists
	// the forms that open with a Han character, found anywhere in a text.
	byFirst map[string][]int
	han     []int
	// fellows holds each form's fellow forms (the other names of its thing).
	fellows [][]int
}

// NameForm is one of the names of a thing.
type NameForm struct {
	// Text is the name as the corpus first writes it.
	Text string
	// Terms are its search terms as the sentences that write it hold them (see [Lexicon.Terms]).
	Terms []string
	// words are the keys of its Latin words (see [nameKey]), to find it among a question's words.
	words []string
	// translation: a Han name the corpus gives only as the translation of a Latin one, with no
	// cue (see [namesBuilder.translatedName]). A search for the Latin name is not widened by it
	// (see [DefinedNames.In]).
	translation bool
}

// Len returns how many names the corpus gives a thing that has another.
func (d *DefinedNames) Len() int {
	if d == nil {
		return 0
	}
	return len(d.forms)
}

// nameCues introduce, inside a bracket or after a comma, another name of what comes before them.
// Longer first where one holds another ("formerly known as" before "formerly").
var nameCues = []string{
	"also known as", "formerly known as", "previously known as", "better known as", "known as",
	"known locally as", "locally known as", "commonly known as", "nicknamed", "dubbed",
	"also called", "formerly called", "previously called", "formerly", "previously", "a.k.a.", "aka",
	"también conocido como", "también conocida como", "conocido como", "conocida como",
	"también llamado", "también llamada", "antes llamado", "antes llamada", "apodado", "apodada", "antiguo", "antigua",
	"以下简称", "下称", "简称", "又称", "又名", "原名", "旧称", "也叫", "俗称",
}

// nameConnectors may stand between the capitalised words of one name ("Centro de Lenguas
// Modernas", "Department for Transport").
var nameConnectors = map[string]bool{"of": true, "and": true, "for": true, "on": true, "the": true, "de": true,
	"del": true, "la": true, "el": true, "los": true, "las": true, "y": true}

// nameArticles may open a name in running text without being part of it ("the Basin").
var nameArticles = map[string]bool{"the": true, "a": true, "an": true, "el": true, "la": true, "los": true,
	"las": true, "un": true, "una": true}

// Bounds of a name: words of one given with a cue, bytes of any, runes of one in Han characters
// (a Han name has no spaces to end it: a longer run before a bracket is a clause, not a name).
const (
	maxDefinedWords = 6
	maxNameBytes    = 80
	maxHanName      = 12
)

// lookAround bounds, in bytes, the text read around a bracket or a cue for a name: a long form is at
// most 20 words, a name maxNameBytes. A "sentence" can be a whole table or a page without full
// stops, and reading all of it for each of its brackets took seconds.
const lookAround = 4 * maxNameBytes

// before returns where the lookAround bytes before end start, on a rune boundary, and whether
// that cuts the text (its first word may then be a piece of one).
func before(s string, end int) (int, bool) {
	if end <= lookAround {
		return 0, false
	}
	i := end - lookAround
	for i < end && !utf8.RuneStart(s[i]) {
		i++
	}
	return i, true
}

// after returns where the lookAround bytes after from end, at most end, on a rune boundary.
func after(s string, from, end int) int {
	if end-from <= lookAround {
		return end
	}
	i := from + lookAround
	for i > from && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// wordsBefore returns the whole words of s[:end] within lookAround bytes of end, with spans in s.
func wordsBefore(s string, end int) []Word {
	from, cut := before(s, end)
	ws := Words(s[from:end])
	if cut && len(ws) > 0 {
		ws = ws[1:] // perhaps a piece of a word
	}
	for i := range ws {
		ws[i].Start += from
		ws[i].End += from
	}
	return ws
}

// namesWire is how [DefinedNames] is stored with an index: each form with its fellows' numbers.
type namesWire struct {
	Forms []formWire `json:"forms"`
}

type formWire struct {
	Text    string   `json:"text"`
	Terms   []string `json:"terms"`
	Words   []string `json:"words,omitempty"`
	Fellows []int    `json:"fellows"`
	// Translation: see [NameForm].translation.
	Translation bool `json:"translation,omitempty"`
}

// MarshalJSON stores the names, so that an index finds them once, when it is built, and loads
// them with itself.
func (d *DefinedNames) MarshalJSON() ([]byte, error) {
	var w namesWire
	if d != nil {
		for k, f := range d.forms {
			w.Forms = append(w.Forms, formWire{f.Text, f.Terms, f.words, d.fellows[k], f.translation})
		}
	}
	return json.Marshal(w)
}

// UnmarshalJSON loads names that MarshalJSON stored, checking that every fellow is one of them.
func (d *DefinedNames) UnmarshalJSON(data []byte) error {
	var w namesWire
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("defined names: %w", err)
	}
	out := DefinedNames{byFirst: map[string][]int{}}
	for _, f := range w.Forms {
		for _, m := range f.Fellows {
			if m < 0 || m >= len(w.Forms) {
				return errors.New("defined names: a fellow out of range")
			}
		}
		out.forms = append(out.forms, NameForm{Text: f.Text, Terms: f.Terms, words: f.Words, translation: f.Translation})
		out.fellows = append(out.fellows, f.Fellows)
	}
	out.index()
	*d = out
	return nil
}

// index finds each form by its first word, or lists it as one in Han characters.
func (d *DefinedNames) index() {
	for k, f := range d.forms {
		if r, _ := utf8.DecodeRuneInString(f.Text); IsHan(r) {
			d.han = append(d.han, k)
		} else if len(f.words) > 0 {
			d.byFirst[f.words[0]] = append(d.byFirst[f.words[0]], k)
		}
	}
}

// Groups returns the names of each thing, each group in the order the corpus first writes them
// and the groups in the order of their first names.
func (d *DefinedNames) Groups() [][]string {
	if d.Len() == 0 {
		return nil
	}
	var out [][]string
	seen := make([]bool, len(d.forms))
	for k, f := range d.forms {
		if seen[k] {
			continue
		}
		group := []string{f.Text}
		seen[k] = true
		for _, m := range slices.Sorted(slices.Values(d.fellows[k])) {
			if !seen[m] {
				seen[m] = true
				group = append(group, d.forms[m].Text)
			}
		}
		out = append(out, group)
	}
	return out
}

// latinAnchors are in every Latin cue that [namesBuilder.cued] reads outside brackets, hanAnchors
// in every Chinese one [namesBuilder.hanCued] reads: what a text without a bracket must hold to
// define a name.
var (
	latinAnchors = []string{"known as", "known locally", "called", "formerly", "previously", "aka", "a.k.a", "nicknamed", "dubbed",
		"conocid", "llamad", "apodad"}
	hanAnchors = []string{"称", "名", "叫"}
)

// MayDefineNames reports whether s may define a name (see [Lexicon.DefinedNames]): most
// paragraphs do not, and need not be split into sentences to find that out.
func MayDefineNames(s string) bool {
	return hasBracket(s) || containsAny(s, latinAnchors) || containsAny(s, hanAnchors) || containsAny(s, callingAnchors)
}

// hasBracket reports whether s holds an opening bracket, Latin or full-width (two searches:
// strings.ContainsAny with a non-ASCII character reads rune by rune, several times slower).
func hasBracket(s string) bool { return strings.IndexByte(s, '(') >= 0 || strings.Contains(s, "（") }

// containsAny reports whether s holds any of subs.
func containsAny(s string, subs []string) bool {
	for _, a := range subs {
		if strings.Contains(s, a) {
			return true
		}
	}
	return false
}

// DefinedNames finds the names that sentences define for one another. paragraphs yields the
// sentences of each paragraph with the language of its document, or "" for each sentence's own
// (detected only for a sentence that defines a name); a name's terms are stemmed as that
// language's are. A paragraph is the context of a nickname given with "it" (see
// [namesBuilder.nicknames]).
func (l *Lexicon) DefinedNames(paragraphs iter.Seq2[[]string, string]) *DefinedNames {
	b := namesBuilder{l: l, index: map[string]int{}, named: map[int]bool{}}
	for sentences, lang := range paragraphs {
		for i, s := range sentences {
			if hasBracket(s) {
				b.brackets(s, lang)
			}
			if containsAny(s, latinAnchors) {
				b.cued(s, lang)
			}
			if containsAny(s, hanAnchors) {
				b.hanCued(s, lang)
			}
			if containsAny(s, callingAnchors) {
				b.nicknames(sentences, i, lang)
			}
		}
	}
	return b.build()
}

// namesBuilder collects pairs of names and joins the names of each thing.
type namesBuilder struct {
	l      *Lexicon
	forms  []NameForm
	index  map[string]int // folded text -> form
	parent []int          // union-find over forms
	// not are the folded names that name nothing (see [NameRules.Not]).
	not map[string]bool
	// named are the forms found by a cue or as an abbreviation, not only as a translation.
	named map[int]bool
}

// add records that spans [a0,a1) and [b0,b1) of sentence s name one thing.
func (b *namesBuilder) add(s, lang string, a0, a1, b0, b1 int) {
	b.addAcross(s, s, lang, a0, a1, b0, b1)
}

// addAcross records that span [a0,a1) of sentence sa and span [b0,b1) of sentence sb name one
// thing.
func (b *namesBuilder) addAcross(sa, sb, lang string, a0, a1, b0, b1 int) {
	x, okx := b.form(sa, lang, a0, a1)
	y, oky := b.form(sb, lang, b0, b1)
	if okx && oky {
		b.join(x, y)
		for _, k := range []int{x, y} {
			b.named[k] = true
			b.forms[k].translation = false
		}
	}
}

// translated records that form x, when it is in Han characters, was found as the translation of a
// Latin name (see [NameForm]), unless another way found it first.
func (b *namesBuilder) translated(x int) {
	if r, _ := utf8.DecodeRuneInString(b.forms[x].Text); IsHan(r) && !b.named[x] {
		b.forms[x].translation = true
	}
}

// join records that forms x and y name one thing.
func (b *namesBuilder) join(x, y int) {
	if rx, ry := b.root(x), b.root(y); rx != ry {
		b.parent[rx] = ry
	}
}

// insert records form f, found before, unless a form of its text is recorded, and returns its
// number.
func (b *namesBuilder) insert(f NameForm) int {
	key := foldName(f.Text)
	if i, ok := b.index[key]; ok {
		return i
	}
	b.index[key] = len(b.forms)
	b.forms = append(b.forms, f)
	b.parent = append(b.parent, len(b.parent))
	return len(b.forms) - 1
}

// form returns the form of span [start,end) of s, recording it when first seen.
func (b *namesBuilder) form(s, lang string, start, end int) (int, bool) {
	t := strings.TrimFunc(s[start:end], func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || strings.ContainsRune(quoteMarks, r)
	})
	if t == "" || len(t) > maxNameBytes {
		return 0, false
	}
	key := foldName(t)
	if i, ok := b.index[key]; ok {
		return i, true
	}
	if lang == "" {
		lang = DetectLanguage(s)
	}
	f := NameForm{Text: t}
	// The words as the sentence writes them: a capitalised word inside a Spanish sentence is
	// stemmed as a name (see [Stem]), as the sentence's own terms are; and a platform's name is
	// not among a sentence's terms (see [Lexicon.sentence]).
	from, _ := before(s, start)
	platforms := b.l.catalog.Find(s[from:end])
	for _, w := range Words(s[from:end]) {
		w.Start, w.End = w.Start+from, w.End+from
		if w.Start < start || w.End > end {
			continue
		}
		f.words = append(f.words, nameKey(w))
		if !IsStopword(w) && !slices.ContainsFunc(platforms, func(m Mention) bool { return from+m.Start < w.End && w.Start < from+m.End }) {
			f.Terms = appendUnique(f.Terms, Stem(w, lang))
		}
	}
	for _, ht := range b.l.hanTerms(nil, b.l.catalog.Strip(t)) {
		f.Terms = appendUnique(f.Terms, ht)
	}
	if len(f.Terms) == 0 {
		// Only function words: "WHO" for the World Health Organization, "IT", "US" cannot be told
		// from "who", "it", "us" in a question typed in lower case.
		return 0, false
	}
	b.index[key] = len(b.forms)
	b.forms = append(b.forms, f)
	b.parent = append(b.parent, len(b.parent))
	return len(b.forms) - 1, true
}

func (b *namesBuilder) root(i int) int {
	for b.parent[i] != i {
		b.parent[i] = b.parent[b.parent[i]]
		i = b.parent[i]
	}
	return i
}

// build keeps the forms that have a fellow, but those that name nothing (b.not), and indexes them.
func (b *namesBuilder) build() *DefinedNames {
	// dropped marks the forms that name nothing; without rules (the documents' own names) none,
	// and no form's text is folded again.
	dropped := make([]bool, len(b.forms))
	if len(b.not) > 0 {
		for i, f := range b.forms {
			dropped[i] = b.not[foldName(f.Text)]
		}
	}
	members := map[int][]int{}
	for i := range b.forms {
		if !dropped[i] {
			r := b.root(i)
			members[r] = append(members[r], i)
		}
	}
	d := &DefinedNames{byFirst: map[string][]int{}}
	renumber := map[int]int{}
	for i, f := range b.forms {
		if len(members[b.root(i)]) >= 2 && !dropped[i] {
			renumber[i] = len(d.forms)
			d.forms = append(d.forms, f)
		}
	}
	d.fellows = make([][]int, len(d.forms))
	for old, k := range renumber {
		for _, m := range members[b.root(old)] {
			if m != old {
				d.fellows[k] = append(d.fellows[k], renumber[m])
			}
		}
	}
	d.index()
	return d
}

// brackets reads each bracket of s that holds no other.
func (b *namesBuilder) brackets(s, lang string) {
	eachBracket(s, func(lo, hi, xEnd int) { b.bracket(s, lang, lo, hi, xEnd) })
}

// eachBracket calls f for each bracket of s that holds no other, is not empty and follows some
// text: with s[lo:hi] what it holds, trimmed, and xEnd where the text before it ends.
func eachBracket(s string, f func(lo, hi, xEnd int)) {
	for i := 0; i < len(s); {
		open, width := bracketAt(s, i)
		if open < 0 {
			return
		}
		closeAt, cw := closeBracket(s, open+width)
		if closeAt < 0 {
			i = open + width
			continue
		}
		lo, hi := trimSpan(s, open+width, closeAt)
		if xEnd := len(strings.TrimRightFunc(s[:open], unicode.IsSpace)); lo < hi && xEnd > 0 {
			f(lo, hi, xEnd)
		}
		i = closeAt + cw
	}
}

// bracketAt returns the first opening bracket of s at or after i and its width, or -1.
func bracketAt(s string, i int) (int, int) {
	a := strings.IndexByte(s[i:], '(')
	h := strings.Index(s[i:], "（")
	switch {
	case a < 0 && h < 0:
		return -1, 0
	case h < 0 || a >= 0 && a < h:
		return i + a, 1
	}
	return i + h, len("（")
}

// closeBracket returns where the bracket whose content starts at from closes, and the closing
// bracket's width; -1 when another opens first or none closes.
func closeBracket(s string, from int) (int, int) {
	for i, r := range s[from:] {
		switch r {
		case '(', '（':
			return -1, 0
		case ')':
			return from + i, 1
		case '）':
			return from + i, len("）")
		}
	}
	return -1, 0
}

// bracket reads a bracket of s whose content, trimmed, is s[lo:hi], after text that ends at xEnd.
func (b *namesBuilder) bracket(s, lang string, lo, hi, xEnd int) {
	if n := cueAt(s[lo:hi]); n > 0 {
		// "X (formerly Y)", "X（简称Y）": Y is what the bracket says after the cue, up to a comma.
		y0, y1 := nameAfterCue(s, lo+n, hi)
		if x0, ok := nameBefore(s, xEnd); ok && y0 < y1 {
			b.add(s, lang, x0, xEnd, y0, y1)
		}
		return
	}
	if x0, ok := b.translatedName(s, xEnd, lo, hi); ok {
		x, okx := b.form(s, lang, x0, xEnd)
		y, oky := b.form(s, lang, lo, hi)
		if okx && oky {
			b.join(x, y)
			b.translated(x)
			b.translated(y)
		}
		return
	}
	if a, ok := abbreviationAt(s, xEnd, lo, hi); ok {
		x, y := a.long, a.short
		if y.Start < x.Start {
			x, y = y, x // in the order the text writes them
		}
		b.add(s, lang, x.Start, x.End, y.Start, y.End)
		return
	}
	// A bracket that says more after a comma: its first part may name the thing in the other
	// script, and a later part with a cue another name ("维洛克萨（Veloxa，司机们称它为…）",
	// "…合作社（Wrenfield Community Credit Union，简称 WCCU，…）").
	parts := splitParts(s, lo, hi)
	if len(parts) < 2 {
		return
	}
	if r, _ := utf8.DecodeLastRuneInString(s[:xEnd]); IsHan(r) && !strings.ContainsFunc(s[parts[0].Start:parts[0].End], IsHan) {
		// Only a Latin name after a Han one: Han words after a Latin name and before a comma
		// describe it more often than they translate it ("Hollinford Active（有英文界面，…）").
		b.bracket(s, lang, parts[0].Start, parts[0].End, xEnd)
	}
	for _, p := range parts[1:] {
		if cueAt(s[p.Start:p.End]) > 0 {
			b.bracket(s, lang, p.Start, p.End, xEnd)
		}
	}
}

// splitParts splits s[lo:hi] at its commas and semicolons into trimmed parts.
func splitParts(s string, lo, hi int) []Span {
	var out []Span
	for from := lo; from < hi; {
		end := hi
		if j := strings.IndexAny(s[from:hi], ",;，；"); j >= 0 {
			end = from + j
		}
		if a, z := trimSpan(s, from, end); a < z {
			out = append(out, Span{a, z})
		}
		_, w := utf8.DecodeRuneInString(s[end:])
		from = end + max(w, 1)
	}
	return out
}

// abbreviationSpans is an abbreviation a text spells out: where its short form and its long form are.
type abbreviationSpans struct{ short, long Span }

// abbreviationAt reads the bracket s[lo:hi] after s[:xEnd] as an abbreviation and its long form:
// the short form in the bracket after the long form ("… household recycling centres (HRCs)"), or
// the long form in it after the short form ("KVS (Kestrel Valley Sound)").
func abbreviationAt(s string, xEnd, lo, hi int) (abbreviationSpans, bool) {
	if sf := s[lo:hi]; shortForm(sf) {
		// The long form ends at the bracket.
		win := window(s, xEnd, alnumCount(sf))
		if st, ok := longForm(sf, s[win:xEnd]); ok && len(Words(s[win+st:xEnd])) >= 2 {
			return abbreviationSpans{short: Span{lo, hi}, long: Span{win + st, xEnd}}, true
		}
		return abbreviationSpans{}, false
	}
	sfStart := strings.LastIndexFunc(s[:xEnd], unicode.IsSpace) + 1
	sf := s[sfStart:xEnd]
	if !shortForm(sf) {
		return abbreviationSpans{}, false // most brackets: what comes before is no abbreviation
	}
	if ws := Words(sf); len(ws) != 1 || ws[0].End != len(sf) {
		return abbreviationSpans{}, false // "KVS," or "x/KVS": not one word ending at the bracket
	}
	inner := Words(s[lo:hi])
	if len(inner) < 2 || len(inner) > alnumCount(sf)+5 {
		return abbreviationSpans{}, false
	}
	if st, ok := longForm(sf, s[lo:hi]); ok && (st == 0 || nameArticles[inner[0].Folded] && st == inner[1].Start) {
		return abbreviationSpans{short: Span{sfStart, xEnd}, long: Span{lo + st, hi}}, true
	}
	return abbreviationSpans{}, false
}

// SpelledOut returns the short forms of the abbreviations sentence s spells out, in brackets
// after or before their long forms (see [DefinedNames]): "Inductions are signed off by Designated
// Induction Officers (DIOs)." spells out DIOs, and answers what DIO stands for.
func SpelledOut(s string) []string {
	var out []string
	eachBracket(s, func(lo, hi, xEnd int) {
		if cueAt(s[lo:hi]) > 0 {
			return // another name, not an abbreviation's long form
		}
		if a, ok := abbreviationAt(s, xEnd, lo, hi); ok {
			out = append(out, s[a.short.Start:a.short.End])
		}
	})
	return out
}

// translatedName reports whether the bracket s[lo:hi] after s[:xEnd] gives a name in the other
// script, with no cue: a bilingual text names a place or a thing in both ("湖岸露营地（Lakeshore）",
// "付款方式：直接借记（Direct Debit）", "Pine Hollow（松谷露营地）"), so a question may use either
// name for text that writes the other. A Latin name is capitalised words (see [isName]); a Han one
// is a run of at most maxHanName characters back to punctuation, after the last function word in it
// (和, 在, 请: "经过渡鸦观景台和鹰鞍（Eagle Saddle）" names 鹰鞍); a longer run is a clause, and
// its name is not found. It returns where the name before the bracket starts.
func (b *namesBuilder) translatedName(s string, xEnd, lo, hi int) (int, bool) {
	x0, ok := nameBefore(s, xEnd)
	if !ok {
		return 0, false
	}
	y := s[lo:hi]
	hanY := isName(y, false) && len(Words(y)) == 0
	latinY := !strings.ContainsFunc(y, IsHan) && isName(y, false)
	first, _ := utf8.DecodeRuneInString(s[x0:xEnd])
	switch {
	case IsHan(first) && latinY:
		from := x0
		for _, p := range b.l.Segment(s[from:xEnd]) {
			// 之 joins two nouns inside a name, as "of" does ("夏日之声音乐节", Summer Sound).
			if p.Stop && s[from+p.Start:from+p.End] != "之" {
				x0 = from + p.End
			}
		}
		return x0, utf8.RuneCountInString(s[x0:xEnd]) >= 2
	case !IsHan(first) && hanY:
		return x0, utf8.RuneCountInString(y) >= 2
	}
	return 0, false
}

// cued finds "X, also known as Y", "X, formerly Y", "X is also called Y" outside brackets.
func (b *namesBuilder) cued(s, lang string) {
	lower := strings.ToLower(s)
	for _, cue := range nameCues {
		if cue == "antiguo" || cue == "antigua" || !isLatinCue(cue) {
			continue // an adjective outside a bracket ("el antiguo mercado")
		}
		for from := 0; ; {
			i := strings.Index(lower[from:], " "+cue+" ")
			if i < 0 {
				break
			}
			at := from + i
			from = at + len(cue) + 1
			xEnd := at
			before := strings.TrimRight(lower[:xEnd], " ")
			switch {
			case strings.HasSuffix(before, ","):
				xEnd = len(before) - 1
			case strings.HasSuffix(before, " is") || strings.HasSuffix(before, " was") || strings.HasSuffix(before, " es"):
				xEnd = strings.LastIndexByte(before, ' ')
			default:
				continue
			}
			end := len(s)
			if j := strings.IndexAny(s[from:], ",;:.()"); j >= 0 {
				end = from + j
			}
			y0, y1 := nameAfterCue(s, from, end)
			if y0 == y1 {
				y0, y1 = nameRun(s, from, end) // "… is known as The Hub by members"
			}
			if x0, ok := nameBefore(s, xEnd); ok && y0 < y1 {
				b.add(s, lang, x0, xEnd, y0, y1)
			}
		}
	}
}

// nameRun returns the span of the name that opens s[from:end], after an article: its capitalised
// words, numbers and the connectors between them, at most maxDefinedWords; empty when the first is
// not capitalised.
func nameRun(s string, from, end int) (int, int) {
	end = after(s, from, end)
	ws := Words(s[from:end])
	if len(ws) > 1 && nameArticles[ws[0].Folded] {
		ws = ws[1:]
	}
	if len(ws) == 0 || !ws[0].Upper {
		return 0, 0
	}
	last := 0
	for j := 1; j < len(ws) && j < maxDefinedWords; j++ {
		if strings.Trim(s[from+ws[j-1].End:from+ws[j].Start], " -") != "" {
			break
		}
		if w := ws[j]; w.Upper || w.Number {
			last = j
		} else if !nameConnectors[w.Folded] {
			break
		}
	}
	return from + ws[0].Start, from + ws[last].End
}

// hanCued finds "X又称Y", "X，简称Y" outside brackets: X is the Han name before the cue (and a
// comma), Y the name after it, which a punctuation mark, a quotation mark or the end must close
// within maxHanName characters (Chinese puts no space after a name).
func (b *namesBuilder) hanCued(s, lang string) {
	for _, cue := range nameCues {
		if isLatinCue(cue) || cue == "下称" {
			continue // 下称 only in brackets ("（下称…）"); 以下简称 holds 简称
		}
		for from := 0; ; {
			i := strings.Index(s[from:], cue)
			if i < 0 {
				break
			}
			at := from + i
			from = at + len(cue)
			xEnd := len(strings.TrimRight(s[:at], "，, "))
			y0, y1 := hanNameAfter(s, from)
			if x0, ok := nameBefore(s, xEnd); ok && y0 < y1 {
				b.add(s, lang, x0, xEnd, y0, y1)
			}
		}
	}
}

// hanNameAfter returns the span of the name after a Chinese cue at from: after a colon or an
// opening quotation mark, Han characters, letters and digits up to a punctuation mark, a closing
// quotation mark or the end, at most maxHanName of them; empty when nothing closes it that soon.
func hanNameAfter(s string, from int) (int, int) {
	lo := from
	for lo < len(s) {
		r, w := utf8.DecodeRuneInString(s[lo:])
		if !strings.ContainsRune(`：:“「『"`, r) {
			break
		}
		lo += w
	}
	hi, n := lo, 0
	for hi < len(s) {
		r, w := utf8.DecodeRuneInString(s[hi:])
		if !IsHan(r) && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		if n++; n > maxHanName {
			return 0, 0
		}
		hi += w
	}
	if hi < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[hi:]); !unicode.IsPunct(r) && !unicode.IsSpace(r) {
			return 0, 0
		}
	}
	return lo, hi
}

// isLatinCue reports a cue written in Latin letters.
func isLatinCue(cue string) bool {
	r, _ := utf8.DecodeRuneInString(cue)
	return r < unicode.MaxLatin1
}

// cueAt returns the length of the name cue that opens s (case-insensitively) and the space after
// it, or 0.
func cueAt(s string) int {
	lower := strings.ToLower(s)
	for _, cue := range nameCues {
		if !strings.HasPrefix(lower, cue) {
			continue
		}
		rest := s[len(cue):]
		if isLatinCue(cue) {
			if !strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, ":") {
				continue // "formerlyX" is not the cue; "aka" only as a word
			}
		}
		return len(cue)
	}
	return 0
}

// nameAfterCue returns the span of the name that follows a cue at from, in s[from:end]: up to the
// first comma or semicolon, without quotes, when it is a name (see [isName]); empty otherwise.
func nameAfterCue(s string, from, end int) (int, int) {
	end = after(s, from, end)
	if j := strings.IndexAny(s[from:end], ",;，；、"); j >= 0 {
		end = from + j
	}
	lo, hi := trimSpan(s, from, end)
	lo, hi = trimQuotes(s, lo, hi)
	if lo >= hi {
		return 0, 0
	}
	quoted := lo > from && strings.ContainsAny(s[from:lo], openQuotes)
	if !isName(s[lo:hi], quoted) {
		return 0, 0
	}
	return trimArticle(s, lo, hi) // "formerly the Basin Arms": the name is "Basin Arms"
}

// isName reports whether t reads as a name: Han characters (at most maxHanName), or Latin words
// that are capitalised, numbers or connectors, the first (after an article) capitalised; a quoted
// t may be any words. At most maxDefinedWords words either way.
func isName(t string, quoted bool) bool {
	ws := Words(t)
	if len(ws) == 0 {
		n := utf8.RuneCountInString(t)
		return n > 0 && n <= maxHanName && !strings.ContainsFunc(t, unicode.IsPunct)
	}
	if len(ws) > maxDefinedWords {
		return false
	}
	if quoted {
		return true
	}
	if len(ws) > 1 && nameArticles[ws[0].Folded] {
		ws = ws[1:]
	}
	if !ws[0].Upper {
		return false
	}
	for _, w := range ws {
		if !w.Upper && !w.Number && !nameConnectors[w.Folded] {
			return false
		}
	}
	return !nameConnectors[ws[len(ws)-1].Folded]
}

// nameBefore returns where the name that ends at end of s starts: a run of capitalised words,
// numbers and connectors joined by spaces or hyphens, its last word capitalised, without an opening
// article; or a run of Han characters back to punctuation, at most maxHanName long.
func nameBefore(s string, end int) (int, bool) {
	end = len(strings.TrimRightFunc(s[:end], func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(closeQuotes, r) }))
	if end == 0 {
		return 0, false
	}
	if r, _ := utf8.DecodeLastRuneInString(s[:end]); IsHan(r) {
		start, n := end, 0
		for start > 0 {
			r, w := utf8.DecodeLastRuneInString(s[:start])
			if !IsHan(r) {
				break
			}
			if n++; n > maxHanName {
				return 0, false
			}
			start -= w
		}
		// 的 ends what describes a noun: the name is the noun (本店的大激光 is 大激光).
		if i := strings.LastIndex(s[start:end], "的"); i >= 0 {
			start += i + len("的")
		}
		return start, start < end
	}
	ws := wordsBefore(s, end)
	if len(ws) == 0 || ws[len(ws)-1].End != end {
		return 0, false
	}
	// The last word is capitalised, or a number after one ("Terminal 2", "Speedy 400").
	if last := ws[len(ws)-1]; !last.Upper && !(last.Number && len(ws) > 1 && ws[len(ws)-2].Upper) {
		return 0, false
	}
	first := len(ws) - 1
	for j := len(ws) - 2; j >= 0 && len(ws)-j <= maxDefinedWords; j-- {
		if gap := s[ws[j].End:ws[j+1].Start]; strings.Trim(gap, " -") != "" {
			break
		}
		w := ws[j]
		if w.Upper && !nameArticles[w.Folded] || w.Number {
			first = j
			continue
		}
		if nameConnectors[w.Folded] && !nameArticles[w.Folded] && j > 0 && ws[j-1].Upper {
			continue // kept only if a capitalised word comes before it
		}
		break
	}
	return ws[first].Start, true
}

// shortForm reports whether t can be an abbreviation: one word of 2 to 10 characters that opens
// with a letter or digit and has at least two capitals ("KVS", "HRCs", "CEFR"; not "home",
// "Moodle", "2023").
func shortForm(t string) bool {
	n, upper := 0, 0
	for i, r := range t {
		if i == 0 && !unicode.IsLetter(r) && !unicode.IsDigit(r) || unicode.IsSpace(r) {
			return false
		}
		n++
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return n >= 2 && n <= 10 && upper >= 2
}

// alnumCount counts the letters and digits of t.
func alnumCount(t string) int {
	n := 0
	for _, r := range t {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// window returns where the words a long form of an abbreviation of n characters may take before
// end start: min(n+5, 2n) words, not reaching back past a bracket.
func window(s string, end, n int) int {
	ws := wordsBefore(s, end)
	k := min(n+5, 2*n)
	start, _ := before(s, end)
	if len(ws) > k {
		start = ws[len(ws)-k].Start
	} else if len(ws) > 0 {
		start = ws[0].Start
	}
	if j := strings.LastIndexAny(s[start:end], "()（）"); j >= 0 {
		start += j + 1
	}
	return start
}

// longForm returns where in lf the long form that sf abbreviates starts: where the words' initials
// spell sf's capitals and digits ([initialsStart]), else where Schwartz and Hearst's search finds
// it ([longFormStart]). Their search takes the shortest span whose letters spell sf, which in
// "Personal Protective Equipment (PPE)" starts at "Protective" (the second P in "Equipment").
func longForm(sf, lf string) (int, bool) {
	if st, ok := initialsStart(sf, lf); ok {
		return st, true
	}
	return longFormStart(sf, lf)
}

// initialsStart returns where in lf the words start whose initials, read from the end, are sf's
// capitals and digits in order, a function word between them skipped ("Department of Health" for
// DoH, "Backend as a Service" for BaaS). The last word of lf is the last initial's.
func initialsStart(sf, lf string) (int, bool) {
	var caps []rune
	for _, r := range FoldAccents(sf) {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			caps = append(caps, unicode.ToLower(r))
		}
	}
	ws := Words(lf)
	if len(caps) < 2 || len(ws) < len(caps) {
		return 0, false
	}
	wi := len(ws) - 1
	for ci := len(caps) - 1; ci >= 0; ci-- {
		for wi >= 0 && initial(ws[wi]) != caps[ci] && ci < len(caps)-1 && IsStopword(ws[wi]) {
			wi--
		}
		if wi < 0 || initial(ws[wi]) != caps[ci] {
			return 0, false
		}
		wi--
	}
	return ws[wi+1].Start, true
}

// initial is a word's first letter or digit, lower case and without its accent.
func initial(w Word) rune {
	for _, r := range w.Folded {
		return r
	}
	return 0
}

// longFormStart returns where in lf the long form that sf abbreviates starts (Schwartz and Hearst's
// search, from the end of both): each letter and digit of sf is found in lf right to left, the
// first at the start of a word.
func longFormStart(sf, lf string) (int, bool) {
	type at struct {
		r rune
		i int
	}
	var l []at
	for i, r := range lf {
		l = append(l, at{unicode.ToLower(FoldAccentRune(r)), i})
	}
	short := []rune(strings.ToLower(FoldAccents(sf)))
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	li := len(l) - 1
	for si := len(short) - 1; si >= 0; si-- {
		c := short[si]
		if !alnum(c) {
			continue
		}
		for li >= 0 && (l[li].r != c || si == 0 && li > 0 && alnum(l[li-1].r)) {
			li--
		}
		if li < 0 {
			return 0, false
		}
		li--
	}
	return l[li+1].i, true
}

// trimSpan returns [lo,hi) without the spaces at either end and a colon that opens it
// ("(formerly: …)").
func trimSpan(s string, lo, hi int) (int, int) {
	return trimRunes(s, lo, hi, func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == '：' }, unicode.IsSpace)
}

// quoteMarks are the quotation marks around a name; openQuotes open one and closeQuotes close it
// (the straight ones do both).
const (
	quoteMarks  = `"“”‘’'«»「」『』`
	openQuotes  = `"“‘'«「『`
	closeQuotes = `"”’'»」』`
)

// trimQuotes returns [lo,hi) without the quotation marks at either end.
func trimQuotes(s string, lo, hi int) (int, int) {
	quote := func(r rune) bool { return strings.ContainsRune(quoteMarks, r) }
	return trimRunes(s, lo, hi, quote, quote)
}

// nameKey is what a word of a name is matched by: folded, without a plural's final "s", so that
// "HRCs" finds "HRC" and "recycling centres" "recycling centre" (a stemmer would do more, at a
// cost every search pays: a query is matched word by word).
func nameKey(w Word) string {
	k := w.Folded
	if len(k) > 3 && k[len(k)-1] == 's' && k[len(k)-2] != 's' && !w.Number {
		return k[:len(k)-1]
	}
	return k
}

// At returns the longest name of d that the words ws spell from word i: how many words it takes
// and the other names of its thing (0 and nil when none starts there).
func (d *DefinedNames) At(ws []Word, i int) (int, []NameForm) {
	if d.Len() == 0 || i >= len(ws) {
		return 0, nil
	}
	best, n := -1, 0
	for _, k := range d.byFirst[nameKey(ws[i])] {
		f := d.forms[k]
		if len(f.words) <= n || i+len(f.words) > len(ws) {
			continue
		}
		ok := true
		for j, w := range f.words {
			ok = ok && nameKey(ws[i+j]) == w
		}
		if ok {
			best, n = k, len(f.words)
		}
	}
	if best < 0 {
		return 0, nil
	}
	return n, d.others(best)
}

// others returns the fellow forms of form k.
func (d *DefinedNames) others(k int) []NameForm {
	out := make([]NameForm, 0, len(d.fellows[k]))
	for _, m := range d.fellows[k] {
		out = append(out, d.forms[m])
	}
	return out
}

// HanIn returns the names in Han characters that s holds, longest first and not overlapping,
// each with the other names of its thing.
func (d *DefinedNames) HanIn(s string) (names []NameForm, others [][]NameForm) {
	if d.Len() == 0 || len(d.han) == 0 {
		return nil, nil
	}
	ks := slices.Clone(d.han)
	slices.SortStableFunc(ks, func(a, b int) int { return len(d.forms[b].Text) - len(d.forms[a].Text) })
	for _, k := range ks {
		if t := d.forms[k].Text; strings.Contains(s, t) {
			names, others = append(names, d.forms[k]), append(others, d.others(k))
			s = strings.ReplaceAll(s, t, " ")
		}
	}
	return names, others
}

// In returns the other names of every name that s holds: Latin names by whole words (but their
// Han translations), Han names anywhere.
func (d *DefinedNames) In(s string) []NameForm {
	if d.Len() == 0 {
		return nil
	}
	var out []NameForm
	seen := map[string]bool{}
	addAll := func(fs []NameForm) {
		for _, f := range fs {
			if !seen[f.Text] {
				seen[f.Text] = true
				out = append(out, f)
			}
		}
	}
	ws := Words(s)
	for i := 0; i < len(ws); {
		n, others := d.At(ws, i)
		if n == 0 {
			i++
			continue
		}
		// A search for a name in Latin letters is not widened by the Han name a bilingual guide
		// gives it only as a translation: the guide's passages that merely mention it would rank
		// above the text in the question's language that answers (on the dev sets, eight
		// questions so lost their answer). An answer still takes it (see [DefinedNames.At]): a
		// Chinese sentence that writes the name answers a question that writes it in Latin.
		addAll(slices.DeleteFunc(others, func(f NameForm) bool { return f.translation }))
		i += n
	}
	_, others := d.HanIn(s)
	for _, o := range others {
		addAll(o)
	}
	return out
}

// Expansion returns the other names of the names s holds, each after a space, to search for as
// well (see [Catalog.Expansion]).
func (d *DefinedNames) Expansion(s string) string {
	var b strings.Builder
	for _, f := range d.In(s) {
		b.WriteString(" ")
		b.WriteString(f.Text)
	}
	return b.String()
}

package answer

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// A model's reply is checked in one pass that reads it as it streams in (an [assembler]): lines that
// define quotes or sources (a "Quotes:" block, footnote definitions "[^1]: …", lines "[S1] "quote"",
// a footnote list for the reply's own numbers "1. Source 3: "quote"") are taken out of the text; the rest is cut into sentences, and each sentence, once complete, is decided:
// every citation marker in it (see markers.go) is checked against the sources (quotes by quote.go,
// bare markers by the claim check of claim.go), kept as its number "[n]" (numbered in order of first
// appearance) or removed, with the lead-in that frames it (leadin.go); a sentence that is only a
// lead-in and markers is decided with the claim it cites (framesentence.go). A sentence without a
// marker is cited by a quotation in it that an offered
// passage holds verbatim ("As the article puts it, "a GMV of over 3.5 trillion yuan in 2024"."),
// its number placed after the quotation; otherwise it stays uncited, unless a list of sources for the
// whole reply backs it (sourcelist.go). A sentence whose bare marker fails the claim check waits for
// the end of the reply, since a quotes block may still give its quote, and so does a sentence nothing
// cites where the assembler holds those for a list of sources (a reply that does not stream, a
// summary); everything after it waits too, so that the decided text only ever grows at its end. The
// decided text is the answer: streaming shows it as it grows (see stream.go), so what a reader saw is
// never taken back.

// verifier checks citations against the sources offered to the model and numbers them in order of
// appearance.
type verifier struct {
	sources    []retrieval.Passage
	scan       scanner // reads markers, with the sources' names
	links      links.Builder
	lex        *text.Lexicon
	numbers    map[citeKey]int
	cites      []Citation
	dropped    int
	factCache  map[int]*passageFacts
	claimCache map[string]claimFacts
	// analysis, if set, returns the analysed sentences of a passage (spans in the passage's text),
	// or nil when it has none.
	analysis func(retrieval.Passage) []sentenceFacts
}

type citeKey struct{ source, start, end int }

// newVerifier checks citations of sources; lex (nil: one without catalog or glossary) names the
// platforms and glosses the words of claims.
func newVerifier(sources []retrieval.Passage, lb links.Builder, lex *text.Lexicon) *verifier {
	if lex == nil {
		lex = text.NewLexicon(nil, nil)
	}
	return &verifier{sources: sources, scan: scanner{refs: newSourceRefs(sources)}, links: lb, lex: lex, numbers: map[citeKey]int{},
		factCache: map[int]*passageFacts{}, claimCache: map[string]claimFacts{}}
}

// number returns the citation number of span sp of source k (1-based), adding the citation if new.
func (v *verifier) number(k int, sp span) int {
	key := citeKey{k, sp.Start, sp.End}
	if n, ok := v.numbers[key]; ok {
		return n
	}
	p := v.sources[k-1]
	n := len(v.cites) + 1
	v.numbers[key] = n
	v.cites = append(v.cites, citationFor(p, p.Text[sp.Start:sp.End], n, v.links))
	return n
}

// locateAnywhere finds quote in source k, or else in another offered source (the model gave the
// right quote under the wrong id): it returns the source that holds it and the span.
func (v *verifier) locateAnywhere(k int, quote string) (int, span, bool) {
	order := []int{k}
	for j := 1; j <= len(v.sources); j++ {
		if j != k {
			order = append(order, j)
		}
	}
	for _, j := range order {
		if s, e, ok := locateQuote(v.sources[j-1].Text, quote); ok {
			return j, span{Start: s, End: e}, true
		}
	}
	return 0, span{}, false
}

// citationFor builds the citation of quote (a span of p.Text) numbered n.
func citationFor(p retrieval.Passage, quote string, n int, lb links.Builder) Citation {
	c := Citation{
		N: n, File: p.File, Paragraph: p.Paragraph, StartLine: p.StartLine, EndLine: p.EndLine,
		Quote: quote, Text: p.Text, Title: p.Title, PageSpan: p.PageSpan,
	}
	if i := strings.Index(p.Text, quote); quote != "" && i >= 0 {
		c.QuoteStart, c.QuoteEnd = p.StartByte+i, p.StartByte+i+len(quote)
	}
	// The link carries the quote's byte span, so the viewer marks the whole quote.
	c.URL = lb.Link(links.Target{File: c.File, Paragraph: c.Paragraph, StartLine: c.StartLine, EndLine: c.EndLine,
		QuoteStart: c.QuoteStart, QuoteEnd: c.QuoteEnd, Quote: quote, Page: c.Page})
	return c
}

// assembler reads a reply (already cleaned, see reply.go) as it streams in and decides its text.
type assembler struct {
	v *verifier
	// lineUnits decides line by line instead of sentence by sentence, and leaves out lines without a
	// kept citation (summaries, whose every point must be cited).
	lineUnits bool
	// holdUncited makes a sentence that nothing cites wait for the end of the reply, like a marker
	// that may still get its quote, so that a list of sources at the end can still cite it
	// (sourcelist.go): for a reply nobody reads while it streams, and for summaries.
	holdUncited bool
	// onDecided is called whenever decided text grows.
	onDecided func()

	// Lines.
	lineBuf   string // text not yet read as lines
	lineScan  int    // how far lineBuf is known to hold no newline and no open marker
	midLine   bool   // a prose line was passed on in part
	firstLine bool   // the first non-blank line has been read
	inBlock   bool   // after a "Quotes:" header
	block     map[int][]string
	footDefs  map[int]definition
	// numbered are the numbers the prose used as markers ("[1]", "[^1]"): a footnote list may say
	// which source each stands for (see scanner.numberedSource).
	numbered map[int]bool

	// Prose.
	prose string // prose not yet decided
	// before is the end of the prose decided, as masked: its line so far, for where the sentences
	// of the prose not yet decided end (sentenceSpans).
	before     string
	held       bool // a sentence waits for the end of the reply
	blockKnown bool // every quote definition is known (the reply has ended, or a repair gave them)
	ended      bool // the reply has ended
	// framePending: the sentence still growing may become a frame sentence (framesentence.go), so
	// the one before it waits, and each word that comes may settle it.
	framePending bool
	sStyle       bool // an "Sk" marker was read: bare numbers are footnotes from here on
	decided      strings.Builder
	plain        strings.Builder // the decided text with every marker removed
	markers      int
	firstUnit    bool

	// Refusal.
	refusal         bool
	refusalSentence string

	// A list of sources for the whole reply (sourcelist.go).
	listed  []listedSource
	unshown []unshownSentence // uncited sentences decided while nothing is shown
	marked  map[int]bool      // the sources the reply's markers cite
	// items are the sources of a frame that ends with a colon over a list ("According to [S1]:" and
	// "- …" lines under it): they cite every item of the list, not only the first (framesentence.go).
	items [][]int
}

func newAssembler(v *verifier, lineUnits bool, onDecided func()) *assembler {
	return &assembler{v: v, lineUnits: lineUnits, onDecided: onDecided, block: map[int][]string{}, footDefs: map[int]definition{},
		numbered: map[int]bool{}, marked: map[int]bool{}}
}

// Write takes the next piece of clean reply text.
func (a *assembler) Write(s string) {
	a.lineBuf += s
	a.drainLines(false)
}

// Flush decides everything still held: the reply has ended.
func (a *assembler) Flush() {
	a.drainLines(true)
	a.blockKnown, a.held, a.ended = true, false, true
	if a.prose != "" {
		units, _ := a.completeUnits(true)
		for _, u := range units {
			a.addListed(frameLists(u), true) // frame sentences list their sources (framesentence.go)
		}
	}
	a.citeUnshown()
	a.drainProse(true)
	a.dropUnusedListed()
}

// reasoningEnded drops everything read so far, since it was the model's reasoning (see
// replyCleaner.onReasoningEnd), unless a citation was already decided and may have been shown.
func (a *assembler) reasoningEnded() {
	if len(a.v.cites) > 0 {
		return
	}
	hold := a.holdUncited
	*a = *newAssembler(newVerifier(a.v.sources, a.v.links, a.v.lex), a.lineUnits, a.onDecided)
	a.holdUncited = hold
}

// drainLines reads complete lines: quote definitions and headers are taken out, the first line is
// checked for the not-in-sources sentinel, and prose goes on to be decided. A partial line is passed
// on early when it cannot be a header, a definition or the first line.
func (a *assembler) drainLines(final bool) {
	for a.lineBuf != "" {
		s := a.lineBuf
		end, found, known := a.v.scan.line(s, a.lineScan, final)
		a.lineScan = known
		if !found && !final {
			a.firstLineSettled(s)
			if known > 0 && (a.midLine || a.firstLine && !a.inBlock && !mayBeStructural(s)) {
				a.addProse(s[:known])
				a.lineBuf, a.midLine, a.lineScan = s[known:], true, 0
			}
			return
		}
		line, nl := s[:end], ""
		a.lineBuf, a.lineScan = "", 0
		if found {
			line, nl, a.lineBuf = s[:end], "\n", s[end+1:]
		}
		if a.midLine {
			a.midLine = false
			a.addProse(line + nl)
			continue
		}
		a.readLine(line, nl)
	}
}

// sentinelWindow is how far into its first line a reply may say NOT_IN_SOURCES (after a short
// preamble such as "I'm sorry, but"); past it, a first line without the sentinel streams on.
const sentinelWindow = 80

// firstLineSettled decides, from the start of an incomplete first line, that it holds no sentinel
// once it has grown past the window without one, so that an answer written as one long line
// streams before it ends.
func (a *assembler) firstLineSettled(s string) {
	if !a.firstLine && pastSentinelWindow(strings.TrimLeft(s, " \t\r\n")) {
		a.firstLine = true
	}
}

// pastSentinelWindow reports whether t, the start of a first line (or all of it), has grown past
// the window without a sentinel starting in it: the line streams before it ends, so a sentinel
// later in it is no refusal, whether the line comes in one delta or in many. A sentinel that starts
// in the window ends within the length checked, so every start of a line that long says the same.
func pastSentinelWindow(t string) bool {
	if len(t) < sentinelWindow+len("**NOT_IN_SOURCES**") {
		return false
	}
	loc := sentinelRE.FindStringIndex(t)
	return loc == nil || loc[0] >= sentinelWindow
}

// line finds the end of the first line of s: the first newline that is not inside a marker's
// quote, looking from from (s[:from] is known to hold neither). known is how far s is free of
// newlines and of bracketed markers that are still open (only those may hold a newline).
func (sc scanner) line(s string, from int, final bool) (end int, found bool, known int) {
	for i := from; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\n' {
			return i, true, i
		}
		if markerClosers[r] != 0 {
			m, st := sc.bracketed(s, i, final)
			switch st {
			case scanYes:
				i = m.End
				continue
			case scanMore:
				return len(s), false, i
			}
		}
		i += size
	}
	return len(s), false, len(s)
}

// mayBeStructural reports whether the start of a line could still turn out to be a line that
// readLine takes out of the prose (a quotes header, a list of sources, a line of a footnote list, a
// quote definition), so that it must be read whole. It must say so for every start of every such
// line, or the line's decision would depend on where the reply's deltas are cut; it may say so of
// a line that turns out to be prose, which then only streams at its end. Each of those readers
// looks past leading space, bullets, emphasis and heading marks (a subset of structuralLead) for a
// header word, a marker or a number:
//   - isQuotesHeader and listLine: a header word ("# Sources #", "> **Sources:** S1");
//   - numberedSource: "[1]" or "1." / "1)" and a source id or marker ("1. - S3", "[1] 001.txt");
//   - readDefinition: a marker, maybe after a number ("1. [S3] "quote"").
//
// A line that starts with a source label ("Source 3 says") also waits, as it always has.
func mayBeStructural(s string) bool {
	l := strings.TrimLeftFunc(s, structuralLead)
	if l == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(l)
	switch {
	case markerClosers[r] != 0:
		return true
	case isDigitRune(l, 0):
		d := strings.TrimLeftFunc(l, func(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' })
		if d == "" {
			return true
		}
		if d[0] != '.' && d[0] != ')' {
			return false // "2024 was": no reader takes a number without its "." or ")"
		}
		if d = d[1:]; d == "" {
			return true
		}
		if d[0] != ' ' {
			return false
		}
		// "1. ": a line of a footnote list if a source id or a marker follows.
		d = strings.TrimLeftFunc(d, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(":：-–—", r) })
		if d == "" {
			return true
		}
		r, _ = utf8.DecodeRuneInString(d)
		return markerClosers[r] != 0 || mayBeLabel(d)
	case !unicode.IsLetter(r):
		return false
	}
	return mayBeLabel(l) || mayBeHeader(l)
}

// structuralLead reports whether r may stand before what makes a line structural (see
// mayBeStructural): space, a bullet, emphasis, a heading or quotation mark, a colon.
func structuralLead(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("*_#>-:：+•", r)
}

// mayBeLabel reports whether s starts with a source label, or could still grow into one.
func mayBeLabel(s string) bool {
	_, ok := labelAt(s, 0)
	return ok || isLabelPrefix(s)
}

// mayBeHeader reports whether s (a line's start, from its first letter) could still be the header
// of a list of sources or quotes (isQuotesHeader: "Sources", "Sources:**", "Sources #") or such a
// header with a list after it (listLine: "Sources: S1").
func mayBeHeader(s string) bool {
	for _, h := range listHeaders {
		n := min(len(s), len(h))
		if !asciiFoldEqual(s[:n], h[:n]) {
			continue
		}
		if len(s) <= len(h) {
			return true // may still grow into the header
		}
		rest := s[len(h):]
		if strings.TrimLeftFunc(rest, structuralLead) == "" {
			return true // the header, with what may close it
		}
		if t := strings.TrimLeft(rest, "*_ "); strings.HasPrefix(t, ":") || strings.HasPrefix(t, "：") {
			return true // a list after it
		}
	}
	return false
}

// asciiFoldEqual reports whether a and b are equal bytes up to the case of ASCII letters, as the
// header words are matched (EqualFold of a line's bytes with a header's, ToLower of a line).
func asciiFoldEqual(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// readLine reads one complete line.
func (a *assembler) readLine(line, nl string) {
	if !a.firstLine {
		if strings.TrimSpace(line) == "" {
			return
		}
		a.firstLine = true
		if _, end, ok := findSentinel(line); ok && !pastSentinelWindow(strings.TrimLeft(line, " \t\r\n")) {
			// What precedes the sentinel is a preamble ("I'm sorry, but"); what follows it is kept
			// only when it is a sentence saying the sources do not answer ("NOT_IN_SOURCES for 2025"
			// is no sentence without the sentinel).
			a.refusal = true
			line = capitalize(strings.TrimSpace(line[end:]))
			if !isRefusalSentence(line) {
				return
			}
		}
	}
	if a.inBlock {
		a.addDefinitions(a.v.scan.readDefinition(line, true))
		a.addListed(a.v.scan.listed(line, false))
		if d, ok := a.v.scan.numberedSource(line); ok {
			a.addDefinitions([]definition{d}, true)
		}
		return
	}
	if isQuotesHeader(line) {
		a.inBlock = true
		return
	}
	if entries, ok := a.v.scan.listLine(line); ok {
		a.addListed(entries, true)
		return
	}
	if d, ok := a.v.scan.numberedSource(line); ok {
		if a.held {
			a.completeUnits(false) // the numbers of the prose that waits are not read yet
		}
		if a.numbered[d.N] {
			a.addDefinitions([]definition{d}, true)
			return
		}
	}
	if defs, ok := a.v.scan.readDefinition(line, false); ok {
		a.addDefinitions(defs, true)
		return
	}
	a.addProse(line + nl)
}

func (a *assembler) addDefinitions(defs []definition, ok bool) {
	if !ok {
		return
	}
	for _, d := range defs {
		if d.Footnote {
			if _, seen := a.footDefs[d.N]; !seen {
				a.footDefs[d.N] = d
			}
			if d.Source > 0 && d.Quote != "" {
				a.block[d.Source] = append(a.block[d.Source], d.Quote)
			}
			continue
		}
		a.block[d.N] = append(a.block[d.N], d.Quote)
	}
}

func (a *assembler) addProse(s string) {
	// A unit becomes complete only when a sentence boundary follows it; without punctuation that may
	// make one, in s or just before it, there is nothing new to decide (this keeps a long run-on
	// reply linear rather than quadratic).
	before := a.prose[max(0, len(a.prose)-8):]
	a.prose += s
	if !a.lineUnits && !a.framePending && !strings.ContainsAny(before+s, ".!?。！？\n-") {
		return
	}
	a.drainProse(false)
}

// unit is one sentence (or line) of prose with its markers, as byte offsets into assembler.prose.
type unit struct {
	start, end int
	sentence   span // the sentence's span, empty when the unit has only markers
	markers    []marker
	// frames are the texts of the frame sentences (framesentence.go) whose markers cite this unit's
	// sentence: they are not shown, and their markers' numbers stand after the claim.
	frames []span
	// frameOnly: the unit is a frame sentence with no claim in its paragraph to cite: a list of
	// sources for the reply (listEntries), or else a sentence that goes unless one of its markers
	// checks out.
	frameOnly bool
	// trailingRule: the unit is a thematic break ("---") that ends the reply, once the lines after
	// it (footnotes, a list of sources) are taken out: it goes.
	trailingRule bool
	// overList: the unit's claim is the first item of a list under a frame that ends with a colon,
	// whose sources cite the list's other items too (assembler.items).
	overList bool
}

// drainProse decides every complete unit, in order, until one has to wait.
func (a *assembler) drainProse(final bool) {
	for !a.held && a.prose != "" {
		units, masked := a.completeUnits(final)
		if len(units) == 0 {
			return
		}
		for _, u := range units {
			a.addListed(frameLists(u), true) // before the sentences they may cite are decided
		}
		done := 0
		for _, u := range units {
			if !a.decide(u, masked) {
				a.held = true
				break
			}
			done = u.end
		}
		a.before = lineTail(a.before + masked[:done])
		a.prose = a.prose[done:]
		if a.onDecided != nil && done > 0 {
			a.onDecided()
		}
		if a.held || !final && done == 0 {
			return
		}
	}
}

// completeUnits cuts the undecided prose into units and returns those that are complete, with the
// prose's text where markers are blanked out.
func (a *assembler) completeUnits(final bool) ([]unit, string) {
	s := a.prose
	var ms []marker
	limit := len(s)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !mayOpen(s, i, r) {
			i += size
			continue
		}
		m, st := a.v.scan.at(s, i, final)
		if st == scanYes {
			if a.lineUnits && m.Bare {
				m.Label = 0 // a line is one unit: no frame sentence
			}
			ms = append(ms, m)
			for _, c := range m.Cites {
				if c.Kind == kindNumber || c.Kind == kindFootnote {
					a.numbered[c.N] = true
				}
			}
			i = m.End
			continue
		}
		if st == scanMore {
			limit = i
			break
		}
		i += size
	}
	masked := []byte(s[:limit])
	for _, m := range ms {
		for k := m.Start + m.Label; k < m.End; k++ {
			if masked[k] != '\n' {
				masked[k] = ' '
			}
		}
		if m.Link {
			masked[m.Start] = ' ' // a link's bracket
		}
	}
	var sents []span
	if a.lineUnits {
		sents = lineSpans(string(masked))
	} else {
		sents = sentenceSpans(a.before, string(masked))
	}
	whole := final && limit == len(s)
	return a.cut(s, string(masked), limit, sents, ms, whole), string(masked)
}

// lineTail returns the end of s that sentenceSpans looks back at: from its last line break on, at
// most maxLineTail bytes (enough for a line to count as a wrapped one's, text.LineWraps).
func lineTail(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i:]
	}
	if len(s) > maxLineTail {
		i := len(s) - maxLineTail
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
		s = s[i:]
	}
	return s
}

// maxLineTail is how much of the prose decided lineTail keeps.
const maxLineTail = 512

// lineSpans returns the spans of the non-blank lines of s.
func lineSpans(s string) []span {
	var out []span
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '\n' {
			if strings.TrimSpace(s[start:i]) != "" {
				out = append(out, span{Start: start, End: i})
			}
			start = i + 1
		}
	}
	return out
}

// cut assigns markers to sentences and returns the complete units. A marker inside a sentence belongs
// to it; one between sentences belongs to the sentence before it on its line, or, at the start of a
// line, to the sentence that follows on that line ("- [S1] Douyin …"); a line of markers alone
// belongs to the sentence before it. A frame sentence (framesentence.go) joins the unit of the claim
// it cites, and a sentence waits while a frame may still come to cite it. masked is s with its
// markers blanked out.
func (a *assembler) cut(s, masked string, limit int, sents []span, ms []marker, whole bool) []unit {
	owner := make([]int, len(ms))
	for mi, m := range ms {
		owner[mi] = ownerOf(s, sents, m)
	}
	n := len(sents)
	if !whole {
		n-- // the last sentence may still grow
	}
	// ends[i] is where sentence i ends with the markers it owns.
	ends := make([]int, len(sents))
	for i, sp := range sents {
		ends[i] = sp.End
		if a.lineUnits {
			ends[i] = min(limit, sp.End+1) // with its newline
		}
		for mi, m := range ms {
			if owner[mi] == i {
				ends[i] = max(ends[i], m.End)
			}
		}
	}
	frames, colons := a.frames(s, sents, ms, owner, n)
	// The sentence still growing may become a frame that cites the one before it.
	pending := !whole && n >= 0 && n < len(sents) && !a.lineUnits && mayBecomeFrame(masked[sents[n].Start:min(limit, len(masked))])
	a.framePending = pending
	var units []unit
	start := 0
	// add adds the unit u of sentences lo to hi (frames, then the claim) with their markers.
	add := func(u unit, lo, hi int) {
		for mi, m := range ms {
			if owner[mi] >= lo && owner[mi] <= hi {
				u.markers = append(u.markers, m)
			}
		}
		units = append(units, u)
		start = u.end
	}
	// waits reports whether sentence k waits for the frame that may cite it.
	waits := func(k int) bool { return pending && k == n-1 && samePara(s, sents[k], sents[n]) }
	for i := 0; i < n; i++ {
		if frames[i] == notFrame {
			if waits(i) {
				break
			}
			// A rule last of all is complete only when the reply has ended (whole).
			last := i == len(sents)-1 && !a.lineUnits && isRule(masked[sents[i].Start:sents[i].End])
			add(unit{start: start, end: ends[i], sentence: sents[i], trailingRule: last}, i, i)
			continue
		}
		j := i // the frames side by side, i to j
		for j+1 < n && frames[j+1] != notFrame && samePara(s, sents[j], sents[j+1]) {
			j++
		}
		prevOK := i > 0 && len(units) > 0 && units[len(units)-1].sentence == sents[i-1] && !units[len(units)-1].frameOnly &&
			samePara(s, sents[i-1], sents[i])
		nextOK := j+1 < len(sents) && (colons[j] || samePara(s, sents[j], sents[j+1]))
		if !whole && (j+1 == n && pending && nextOK || j+1 >= n && (frames[i] == frameAfter || !prevOK)) {
			// More frames may follow, or the claim they cite is not known yet: the sentence before
			// them waits with them.
			if prevOK {
				units = units[:len(units)-1]
			}
			break
		}
		nextOK = nextOK && frames[j+1] == notFrame
		switch {
		case prevOK && (frames[i] == frameBefore || !nextOK):
			u := &units[len(units)-1]
			u.frames = append(u.frames, span{Start: u.end, End: ends[j]})
			u.end = ends[j]
			for mi, m := range ms {
				if owner[mi] >= i && owner[mi] <= j {
					u.markers = append(u.markers, m)
				}
			}
			start = u.end
		case nextOK:
			if waits(j + 1) {
				return units
			}
			add(unit{start: start, end: ends[j+1], sentence: sents[j+1], frames: []span{{Start: sents[i].Start, End: sents[j+1].Start}},
				overList: colons[j] && startsItem(s, sents[j].End, sents[j+1])}, i, j+1)
			j++
		default:
			for k := i; k <= j; k++ {
				add(unit{start: start, end: ends[k], sentence: sents[k], frameOnly: true}, k, k)
			}
		}
		i = j
	}
	if whole {
		if len(units) > 0 {
			units[len(units)-1].end = len(s)
		} else if strings.TrimSpace(s) != "" {
			units = append(units, unit{start: 0, end: len(s), markers: ms})
		}
	}
	return units
}

// frames reads which of the first n sentences are frames (framesentence.go), and which end with a
// colon. owner gives the sentence each marker of ms belongs to.
func (a *assembler) frames(s string, sents []span, ms []marker, owner []int, n int) ([]frameKind, []bool) {
	frames, colons := make([]frameKind, len(sents)), make([]bool, len(sents))
	if a.lineUnits {
		return frames, colons
	}
	for i := 0; i < n; i++ {
		sp := sents[i]
		end := sp.End
		var marks []span
		for mi, m := range ms {
			if owner[mi] == i && m.Start+m.Label >= sp.Start {
				// A running-text id's word stays in the sentence ("According to Source 1.").
				marks = append(marks, span{Start: m.Start + m.Label - sp.Start, End: m.End - sp.Start})
				end = max(end, m.End)
			}
		}
		frames[i], colons[i] = frameOf(s[sp.Start:end], marks)
	}
	return frames, colons
}

// samePara reports whether two sentences of s, a before b, stand in one paragraph: no blank line
// between them.
func samePara(s string, a, b span) bool {
	between := s[a.End:b.Start]
	for i := strings.IndexByte(between, '\n'); i >= 0; i = strings.IndexByte(between, '\n') {
		between = between[i+1:]
		if t := strings.TrimLeft(between, " \t\r"); strings.HasPrefix(t, "\n") {
			return false
		}
	}
	return true
}

// ownerOf returns the index of the sentence marker m belongs to (see assembler.cut), or -1.
func ownerOf(s string, sents []span, m marker) int {
	prev, next := -1, -1
	// What stays of the marker in the text (a link's words, a running-text id's word) may start
	// a sentence: the link's bracket before them is no part of it.
	lead := m.Start + max(m.Label, 1)
	for i, sp := range sents {
		if m.Start < sp.End && lead > sp.Start {
			return i
		}
		if sp.End <= m.Start {
			prev = i
		} else if next < 0 && sp.Start >= m.End {
			next = i
		}
	}
	switch {
	case prev < 0:
		return next
	case next < 0:
		return prev
	}
	newLineBefore := strings.Contains(s[sents[prev].End:m.Start], "\n")
	sameLineAfter := !strings.Contains(s[m.End:sents[next].Start], "\n")
	if newLineBefore && sameLineAfter {
		return next
	}
	return prev
}

// outcome is what checking one citation decided.
type outcome uint8

const (
	outCite     outcome = iota // a verified citation of source k, span sp
	outDrop                    // an invalid citation: removed and counted
	outFootnote                // a footnote copied from a source: removed silently
	outPending                 // undecidable until the reply ends
)

type evidence struct {
	out outcome
	k   int
	sp  span
}

// decide checks the markers of u and appends its text to the decided text. It returns false,
// changing nothing, when a marker must wait for the end of the reply.
func (a *assembler) decide(u unit, masked string) bool {
	claim := ""
	if u.sentence.End > u.sentence.Start {
		claim = strings.Join(strings.Fields(stripToolMarks(stripFootnotes(claimText(masked, u)))), " ")
	}
	if u.trailingRule && len(u.markers) == 0 {
		return true
	}
	if _, ok := listEntries(u); ok {
		a.sStyle = true
		a.markers += len(u.markers)
		return true // listed when it was cut (drainProse)
	}
	a.followList(u)
	sStyle := a.sStyle
	evs := make([][]evidence, len(u.markers))
	cites := false
	for mi, m := range u.markers {
		adj := adjacentQuote(a.prose[u.start:u.end], m.Start-u.start, m.End-u.start)
		prefix := a.prose[max(u.start, m.Start-200):m.Start]
		for _, c := range m.Cites {
			ev := a.evaluate(c, claim, adj, prefix, &sStyle)
			if ev.out == outPending {
				return false
			}
			evs[mi] = append(evs[mi], ev)
			cites = cites || ev.out == outCite
		}
	}
	text := a.prose[u.start:u.end]
	var quoted []quotedCitation
	if len(u.markers) == 0 {
		// A sentence without a marker is cited by a quotation in it that a source holds verbatim.
		quoted = a.quotedCitations(text)
	}
	var itemNums []int
	if len(u.markers) == 0 && len(quoted) == 0 && a.items != nil {
		itemNums = a.itemCitations(claim) // an item of a list under a frame ("According to [S1]:")
	}
	if !cites && len(quoted) == 0 && len(itemNums) == 0 && a.mayWaitForList(claim) {
		return false
	}
	// listed says whether citation ci of marker mi is a frame's that does not check out and whose
	// source is listed for the reply (frameLists): the list accounts for it at the end.
	listed := func(mi, ci int) bool {
		_, inFrame := frameAt(u.frames, u.markers[mi].Start)
		return inFrame && evs[mi][ci].out == outDrop && listable(u.markers[mi].Cites[ci])
	}
	for mi, m := range u.markers {
		for ci, c := range m.Cites {
			if listed(mi, ci) {
				continue
			}
			for _, k := range citeSources(c) {
				a.marked[k] = true
			}
			if ev := evs[mi][ci]; ev.out == outCite {
				a.marked[ev.k] = true // a footnote's source, a re-attributed quote's
			}
		}
	}
	a.sStyle = sStyle
	a.markers += len(u.markers)
	if !a.firstUnit {
		a.firstUnit = true
		if len(u.markers) == 0 && isRefusalSentence(claim) {
			a.refusal, a.refusalSentence = true, claim
		}
	}
	var out, plain strings.Builder
	prev := u.start
	kept := false
	if len(u.markers) == 0 {
		for _, q := range quoted {
			n := a.v.number(q.k, q.sp)
			out.WriteString(cleanProse(text[prev-u.start:q.at]) + " [" + strconv.Itoa(n) + "]")
			plain.WriteString(cleanProse(text[prev-u.start : q.at]))
			prev, kept = u.start+q.at, true
		}
	}
	for mi := range u.markers {
		for ci, ev := range evs[mi] {
			switch {
			case ev.out == outCite:
				kept = true
			case ev.out == outDrop && !listed(mi, ci):
				a.v.dropped++
			}
		}
	}
	if u.frameOnly && !kept {
		return true // a frame with no claim to cite, none of whose markers checks out
	}
	a.writeUnit(&out, u, prev, evs)
	a.writeUnit(&plain, u, prev, nil)
	if s := out.String(); !kept && len(itemNums) > 0 {
		out.Reset()
		out.WriteString(insertCitation(s, citePoint(s), itemNums))
		kept = true
	}
	if !kept {
		kept = a.uncited(&out, claim)
	}
	if a.lineUnits && !kept {
		return true // an uncited point is left out
	}
	a.decided.WriteString(out.String())
	a.plain.WriteString(plain.String())
	if len(a.v.cites) > 0 {
		a.unshown = nil // shown from now on
	}
	if u.overList {
		a.items = frameSources(u, evs)
	}
	return true
}

// startsItem reports whether sentence sp of s, after a frame that ends at end, is an item of a
// list: it starts a line after the frame's, with a bullet or a number ("- …", "1. …").
func startsItem(s string, end int, sp span) bool {
	t := s[sp.Start:sp.End]
	return strings.Contains(s[end:sp.Start], "\n") && trimBullet(t) != t
}

// followList ends the list whose items the sources of a frame over it cite (assembler.items) when
// u's sentence starts a line that is no item: the list is over. A sentence within an item, or an
// item after a blank line, goes on with it.
func (a *assembler) followList(u unit) {
	if a.items == nil || u.sentence.End <= u.sentence.Start {
		return
	}
	if t := a.prose[u.sentence.Start:u.sentence.End]; strings.Contains(a.prose[u.start:u.sentence.Start], "\n") && trimBullet(t) == t {
		a.items = nil
	}
}

// frameSources returns the sources that the frames of u cite, by the markers' ids or names, or by
// the citations that checked out (evs, by marker).
func frameSources(u unit, evs [][]evidence) [][]int {
	var out [][]int
	add := func(refs []int) {
		if len(refs) > 0 && !slices.ContainsFunc(out, func(r []int) bool { return slices.Equal(r, refs) }) {
			out = append(out, refs)
		}
	}
	for mi, m := range u.markers {
		if _, ok := frameAt(u.frames, m.Start); !ok {
			continue
		}
		for ci, c := range m.Cites {
			if listable(c) {
				add(citeSources(c))
			}
			if ev := evs[mi][ci]; ev.out == outCite {
				add([]int{ev.k})
			}
		}
	}
	return out
}

// itemCitations cites claim, an item of a list under a frame that ends with a colon, to each of
// the frame's sources (assembler.items) that states it, as a list of sources for the reply does
// (sourcelist.go), and returns the citation numbers. It does not wait for the end of the reply: the
// frame stood before the list, so a streamed item is shown with its citation.
func (a *assembler) itemCitations(claim string) []int {
	var nums []int
	for _, refs := range a.items {
		for _, k := range refs {
			if k < 1 || k > len(a.v.sources) {
				continue
			}
			if sp, ok := a.v.supports(k, claim); ok {
				if n := a.v.number(k, sp); !containsInt(nums, n) {
					nums = append(nums, n)
				}
				for i := range a.listed {
					if slices.Equal(a.listed[i].refs, refs) {
						a.listed[i].used = true
					}
				}
				break
			}
		}
	}
	return nums
}

// listEntries returns the sources that a frame sentence with no claim in its paragraph to cite
// (framesentence.go) lists, when its markers name sources by id or by name and carry no quote: such
// a frame is read as a list of sources for the whole reply, like a line "Sources: S1"
// (sourcelist.go), and is not shown.
func listEntries(u unit) ([][]int, bool) {
	if !u.frameOnly {
		return nil, false
	}
	var entries [][]int
	for _, m := range u.markers {
		for _, c := range m.Cites {
			if !listable(c) {
				return nil, false
			}
			entries = append(entries, citeSources(c))
		}
	}
	return entries, true
}

// listable reports whether a citation of a frame sentence also lists its source for the whole reply:
// it names a source by id or by name, without a quote.
func listable(c rawCite) bool {
	return c.Quote == "" && (c.Kind == kindSource || c.Kind == kindRef)
}

// frameLists returns the sources that the frame sentences of u list for the whole reply: those of a
// frame with no claim to cite (listEntries), and those of the frames that cite u's claim, which may
// also back another sentence of the reply ("X. Y. Sources: [S1], [S2]." cites Y to [S2] and X to
// [S1]), as a list does.
func frameLists(u unit) [][]int {
	if entries, ok := listEntries(u); ok {
		return entries
	}
	var out [][]int
	for _, m := range u.markers {
		if _, ok := frameAt(u.frames, m.Start); !ok {
			continue
		}
		for _, c := range m.Cites {
			if listable(c) {
				out = append(out, citeSources(c))
			}
		}
	}
	return out
}

// writeUnit writes the text of unit u from prev on to b, each marker shown as the numbers of its
// citations that check out (evs, by marker; nil: none does), numbered as they are written, or, when
// it has none, removed with the lead-in that frames it (leadin.go). A marker, or a list of markers,
// that was all the object of a word introducing it as an example or a reference, or all that stood
// in parentheses ("Reports such as [S1] show …", "… (see [S1]).", "…（如[S1]等）。"), carried only the
// citation: the word and the parentheses go, and its numbers stand after the claim, where our own
// style puts them ("Reports show … [1].").
func (a *assembler) writeUnit(b *strings.Builder, u unit, prev int, evs [][]evidence) {
	capital := false
	write := func(s string) {
		s = cleanProse(s)
		if capital && s != "" {
			s, capital = capitalize(s), false
		}
		b.WriteString(s)
	}
	has := func(mi int) bool {
		for _, ev := range evsOf(evs, mi) {
			if ev.out == outCite {
				return true
			}
		}
		return false
	}
	var deferred []int // markers whose numbers stand after the claim
	flush := func() {
		if len(deferred) == 0 {
			return
		}
		if end := u.sentence.End; prev < end {
			write(a.prose[prev:end])
			prev = end
		}
		var ns []int
		for _, mi := range deferred {
			for _, n := range a.numbers(evs[mi]) {
				if !containsInt(ns, n) {
					ns = append(ns, n)
				}
			}
		}
		citeAfterClaim(b, ns)
		deferred = nil
	}
	cited, citedNums := "", []int(nil) // the text of b up to the numbers of the last kept marker, and those numbers
	for mi := 0; mi < len(u.markers); mi++ {
		m := u.markers[mi]
		if m.Start >= u.sentence.End {
			flush()
		}
		if f, ok := frameAt(u.frames, m.Start); ok {
			// A frame sentence's marker: the frame is not shown, and the numbers stand after the claim.
			if prev < f.Start {
				write(a.prose[prev:f.Start])
			}
			prev = max(prev, f.End)
			if has(mi) {
				deferred = append(deferred, mi)
			}
			continue
		}
		write(a.prose[prev:m.Start] + m.label(a.prose))
		if m.Link && b.Len() > 0 && !unicode.IsSpace(lastRune(b.String())) {
			b.WriteByte(' ') // "the 2024 report [1]"
		}
		prev = m.End
		last := mi // the last marker of the list m starts
		for last+1 < len(u.markers) && joinsMarkers(a.prose[u.markers[last].End:u.markers[last+1].Start]) {
			last++
		}
		if slices.ContainsFunc(seq(mi, last), has) && mayIntroduce(strings.TrimSuffix(b.String(), m.label(a.prose))) {
			if skip, upper, here, ok := a.dropFrame(b, u, m, u.markers[last], true); ok && here {
				// "Douyin grew in [S1] and Kwai fell" → "Douyin grew [1] and Kwai fell".
				if s := b.String(); s != "" && !unicode.IsSpace(lastRune(s)) && !text.IsHan(lastRune(s)) {
					b.WriteByte(' ')
				}
				var ns []int
				for _, k := range seq(mi, last) {
					for _, n := range a.numbers(evs[k]) {
						if !containsInt(ns, n) {
							ns = append(ns, n)
						}
					}
				}
				writeNumbers(b, ns)
				prev, mi = u.markers[last].End, last
				cited, citedNums = b.String(), ns
				continue
			} else if ok {
				deferred = append(deferred, seq(mi, last)...)
				prev, capital = u.markers[last].End+skip, upper
				cited, citedNums = "", nil
				mi = last
				continue
			}
		}
		switch {
		case !has(mi) && mi+1 < len(u.markers) && joinsMarkers(a.prose[m.End:u.markers[mi+1].Start]):
			// Removed with its join to the next marker, which decides what becomes of the lead-in;
			// a space before either stays for that marker's numbers.
			if join := a.prose[m.End:u.markers[mi+1].Start]; join != "" && unicode.IsSpace(rune(join[0])) && b.Len() > 0 && !unicode.IsSpace(lastRune(b.String())) {
				b.WriteByte(' ')
			}
			prev = u.markers[mi+1].Start
		case !has(mi) && m.Label == 0 && mi > 0 && has(mi-1) && joinsMarkers(a.prose[u.markers[mi-1].End:m.Start]):
			// "[S1] and [S9]": the join to a kept marker goes with the removed one.
			s := strings.TrimSuffix(b.String(), cleanProse(a.prose[u.markers[mi-1].End:m.Start]))
			b.Reset()
			b.WriteString(s)
		case !has(mi):
			trimRightSpace(b)
			if skip, upper, _, ok := a.dropFrame(b, u, m, m, false); ok {
				prev, capital = m.End+skip, upper
			}
		case u.sentence.End > u.sentence.Start && m.Start >= u.sentence.End:
			citeBeforeEnd(b, a.numbers(evs[mi]))
		default:
			ns := a.numbers(evs[mi])
			if s := b.String(); cited != "" && strings.HasPrefix(s, cited) && strings.Trim(s[len(cited):], " \t") == "" {
				// "[S1] [S2]" → "[1][2]": citation numbers side by side stand together, as ours
				// always do (writeNumbers, insertCitation), each once.
				b.Reset()
				b.WriteString(cited)
				ns = slices.DeleteFunc(slices.Clone(ns), func(n int) bool { return containsInt(citedNums, n) })
			} else {
				citedNums = nil
			}
			writeNumbers(b, ns)
			cited, citedNums = b.String(), append(citedNums, ns...)
		}
	}
	flush()
	write(a.prose[prev:u.end])
}

// frameAt returns the frame of frames that holds the byte at i, if one does.
func frameAt(frames []span, i int) (span, bool) {
	for _, f := range frames {
		if f.Start <= i && i < f.End {
			return f, true
		}
	}
	return span{}, false
}

// evsOf returns the evidences of marker mi, none when evs is nil.
func evsOf(evs [][]evidence, mi int) []evidence {
	if evs == nil {
		return nil
	}
	return evs[mi]
}

// seq returns the integers from lo to hi.
func seq(lo, hi int) []int {
	out := make([]int, 0, hi-lo+1)
	for i := lo; i <= hi; i++ {
		out = append(out, i)
	}
	return out
}

// numbers returns the citation numbers of the citations of one marker that check out, each once,
// numbering those not numbered yet.
func (a *assembler) numbers(evs []evidence) []int {
	var ns []int
	for _, ev := range evs {
		if ev.out != outCite {
			continue
		}
		if n := a.v.number(ev.k, ev.sp); !containsInt(ns, n) {
			ns = append(ns, n)
		}
	}
	return ns
}

// dropFrame removes from b (the text of unit u up to marker first) the lead-in that frames the markers
// first to last (a list, or one marker), if they have one (leadin.go), and returns how many bytes
// after last go with it, whether the sentence now starts after it, and, when keep says that the
// markers' citations stay, whether their numbers stand where they stood (see dropLeadIn).
func (a *assembler) dropFrame(b *strings.Builder, u unit, first, last marker, keep bool) (skip int, upper, here, ok bool) {
	s := b.String()
	body := strings.TrimLeftFunc(s, unicode.IsSpace) // the space before the sentence stays
	trimmed := strings.TrimRight(body, " \t")
	kept, skip, upper, here, ok := dropLeadIn(trimmed, first.label(a.prose), a.prose[last.End:u.end], keep)
	if !ok {
		return 0, false, false, false
	}
	kept = s[:len(s)-len(body)] + kept
	b.Reset()
	b.WriteString(kept)
	// One space between what stays on either side, where the words need it ("X, according to
	// [S9], was" → "X was"; not in Chinese, not after a bullet's space or the emphasis that opens a
	// sentence).
	if r := lastRune(kept); kept != "" && !unicode.IsSpace(r) && !text.IsHan(r) && !strings.ContainsRune("，、：；（“「『", r) &&
		!opensSentence(strings.TrimLeftFunc(kept, unicode.IsSpace)) {
		if next, _ := utf8.DecodeRuneInString(a.prose[last.End+skip:]); unicode.IsLetter(next) && !text.IsHan(next) || unicode.IsDigit(next) || openQuotes[next] {
			b.WriteByte(' ')
		}
	}
	return skip, upper, here, true
}

// claimText returns the text of u's sentence in masked (the prose with its markers blanked out)
// without the words of its running-text ids either: "Source 2 says it grew" claims "it grew".
func claimText(masked string, u unit) string {
	sp := u.sentence
	b := []byte(masked[sp.Start:sp.End])
	for _, m := range u.markers {
		for k := max(m.Start, sp.Start); k < min(m.Start+m.Label, sp.End); k++ {
			b[k-sp.Start] = ' '
		}
	}
	return string(b)
}

// evaluate checks one citation of a unit whose sentence is claim. adj is a quotation standing next to
// the marker in the prose, prefix the prose before the marker; sStyle tracks whether "Sk" markers
// have been read.
func (a *assembler) evaluate(c rawCite, claim, adj, prefix string, sStyle *bool) evidence {
	k, quote := c.N, c.Quote
	switch c.Kind {
	case kindSource:
		*sStyle = true
	case kindNumber:
		if *sStyle || k < 1 || k > len(a.v.sources) || copiedFootnote(prefix, k, a.v.sources) {
			return evidence{out: outFootnote}
		}
		// Source k, if it checks out; else, once the reply has ended, the source a footnote list
		// gives for the number ("[1]" with "1. Source 3: "…"").
		ev := a.check(k, quote, claim, adj)
		if d, ok := a.footDefs[c.N]; ok && ev.out == outDrop && (d.Source > 0 || len(d.Refs) > 0) {
			return a.checkDefined(d, k, claim, adj)
		}
		return ev
	case kindFootnote:
		if !a.blockKnown {
			return evidence{out: outPending}
		}
		if d, ok := a.footDefs[c.N]; ok {
			return a.checkDefined(d, k, claim, adj)
		}
	case kindRef:
		// A reply that names its sources does not number them either.
		*sStyle = true
		return a.checkNamed(c, claim, adj)
	case kindForeign:
		return evidence{out: outDrop}
	}
	return a.check(k, quote, claim, adj)
}

// checkDefined checks a citation of what footnote definition d gives: its source (k if it names
// none) or the offered sources it names, with its quote.
func (a *assembler) checkDefined(d definition, k int, claim, adj string) evidence {
	if len(d.Refs) > 0 {
		return a.checkNamed(rawCite{Kind: kindRef, Refs: d.Refs, Quote: d.Quote}, claim, adj)
	}
	if d.Source > 0 {
		k = d.Source
	}
	ev := a.check(k, d.Quote, claim, adj)
	if ev.out == outDrop && d.Loose {
		return a.check(k, "", claim, adj) // "[^1]: S3, 003.txt paragraph 3": no quote after all
	}
	return ev
}

// checkNamed checks a citation of the sources a reference names (see markerrefs.go): it cites the
// first that checks out, waits when one may still check out at the end of the reply, and is
// dropped otherwise.
func (a *assembler) checkNamed(c rawCite, claim, adj string) evidence {
	out := evidence{out: outDrop}
	for _, k := range c.Refs {
		switch ev := a.check(k, c.Quote, claim, adj); ev.out {
		case outCite:
			return ev
		case outPending:
			out = ev
		}
	}
	return out
}

// check checks a citation of source k, with its quote ("" if none), of the claim; adj is a quotation
// standing next to the marker.
func (a *assembler) check(k int, quote, claim, adj string) evidence {
	if k < 1 || k > len(a.v.sources) {
		return evidence{out: outDrop}
	}
	if quote != "" {
		if j, sp, ok := a.v.locateAnywhere(k, quote); ok {
			if a.v.reverses(j, sp, claim) {
				return evidence{out: outDrop}
			}
			return evidence{out: outCite, k: j, sp: sp}
		}
		// A quote translated into the answer's language cannot be found verbatim: check what it says.
		if textLanguage(quote) != textLanguage(a.v.sources[k-1].Text) {
			if sp, ok := a.v.supports(k, claim+" "+quote); ok {
				return evidence{out: outCite, k: k, sp: sp}
			}
		}
		return a.fromBlock(k)
	}
	if adj != "" {
		if j, sp, ok := a.v.locateAnywhere(k, adj); ok && !a.v.reverses(j, sp, claim) {
			return evidence{out: outCite, k: j, sp: sp}
		}
	}
	if sp, ok := a.v.supports(k, claim); ok {
		return evidence{out: outCite, k: k, sp: sp}
	}
	if !a.blockKnown {
		return evidence{out: outPending}
	}
	return a.fromBlock(k)
}

// quotedCitation is a quotation of a sentence without markers that a source holds verbatim: where
// the quotation ends in the sentence, and what it cites.
type quotedCitation struct {
	at int
	k  int
	sp span
}

// quotedCitations finds the quotations of text (one sentence without markers) that an offered source
// holds verbatim after the folding of [exactQuote] ("As the article puts it, "a GMV
// of over 3.5 trillion yuan in 2024"."), each cited to the first source, in the order offered, that
// holds it. Quotations in single quotation marks are left alone: they cannot be told from
// apostrophes.
func (a *assembler) quotedCitations(text string) []quotedCitation {
	var out []quotedCitation
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !openQuotes[r] || r == '\'' || r == '‘' || r == '’' {
			continue
		}
		for j := i; j < len(text); {
			c, cs := utf8.DecodeRuneInString(text[j:])
			if c == '\n' {
				break
			}
			if closeQuotes[c] && pairs(r, c) {
				// What the sentence says of the quotation is the sentence without it.
				rest := strings.Join(strings.Fields(text[:i-size]+" "+text[j+cs:]), " ")
				if q, ok := a.verbatimIn(text[i:j], rest); ok {
					q.at = j + cs
					out = append(out, q)
				}
				i = j + cs
				break
			}
			j += cs
		}
	}
	return out
}

// verbatimIn cites the first offered source that holds quote verbatim (and whose words do not move
// the other way from claim).
func (a *assembler) verbatimIn(quote, claim string) (quotedCitation, bool) {
	for k := 1; k <= len(a.v.sources); k++ {
		if s, e, ok := exactQuote(a.v.sources[k-1].Text, quote); ok && !a.v.reverses(k, span{Start: s, End: e}, claim) {
			return quotedCitation{k: k, sp: span{Start: s, End: e}}, true
		}
	}
	return quotedCitation{}, false
}

// fromBlock cites source k with a quote the reply's quote definitions give for it (known only at the
// end of the reply, or from a repair), or drops the citation.
func (a *assembler) fromBlock(k int) evidence {
	if a.blockKnown {
		for _, q := range a.block[k] {
			if j, sp, ok := a.v.locateAnywhere(k, q); ok {
				return evidence{out: outCite, k: j, sp: sp}
			}
		}
	}
	return evidence{out: outDrop}
}

// adjacentQuote returns a quotation that stands right before or after the marker at [ms, me) of
// text, as in `"a GMV of over 3.5 trillion yuan" [S1]` or `[S1]: "…"`, or "".
func adjacentQuote(text string, ms, me int) string {
	before := strings.TrimRight(text[:ms], " \t:,")
	if last, size := utf8.DecodeLastRuneInString(before); closeQuotes[last] {
		body := before[:len(before)-size]
		for i := len(body); i > 0; {
			r, rs := utf8.DecodeLastRuneInString(body[:i])
			i -= rs
			if r == '\n' {
				break
			}
			if openQuotes[r] && pairs(r, last) {
				return body[i+rs:]
			}
		}
	}
	after := strings.TrimLeft(text[me:], " \t:-–—")
	if first, size := utf8.DecodeRuneInString(after); openQuotes[first] {
		for i := size; i < len(after); {
			r, rs := utf8.DecodeRuneInString(after[i:])
			if r == '\n' {
				break
			}
			if closeQuotes[r] && pairs(first, r) {
				return after[size:i]
			}
			i += rs
		}
	}
	return ""
}

// pairs reports whether open and close are a matching pair of quotation marks.
func pairs(open, close rune) bool {
	switch open {
	case '“':
		return close == '”'
	case '«':
		return close == '»'
	case '「':
		return close == '」'
	case '『':
		return close == '』'
	case '‘':
		return close == '’'
	}
	return open == close
}

// copiedFootnote reports whether the footnote [n] after prefix was copied from a source: some source
// has [n] after the same last words.
func copiedFootnote(prefix string, n int, sources []retrieval.Passage) bool {
	want := lastWords(stripFootnotes(prefix), 3)
	if len(want) < 2 {
		return false
	}
	mark := "[" + strconv.Itoa(n) + "]"
	for _, p := range sources {
		for from := 0; ; {
			i := strings.Index(p.Text[from:], mark)
			if i < 0 {
				break
			}
			i += from
			from = i + len(mark)
			before := strings.TrimRight(stripFootnotes(p.Text[:i]), " ")
			if got := lastWords(before, len(want)); strings.Join(got, " ") == strings.Join(want, " ") {
				return true
			}
		}
	}
	return false
}

func writeNumbers(b *strings.Builder, nums []int) {
	for _, n := range nums {
		b.WriteString("[" + strconv.Itoa(n) + "]")
	}
}

// citeBeforeEnd writes the citation numbers of a marker that stands after the end of its sentence
// ("… in 2024. [S1]", "… in 2024.[1]", or on the next line) where our own style puts them: after
// the sentence's last word, before its final punctuation ("… in 2024 [1].", "…3.5万亿元[1]。"), so
// that every citation reads the same wherever the model put it.
func citeBeforeEnd(b *strings.Builder, nums []int) {
	all := b.String()
	s := strings.TrimRightFunc(all, unicode.IsSpace)
	at := citePoint(s)
	if at == len(s) && !strings.Contains(all[len(s):], "\n") {
		writeNumbers(b, nums) // "… 2024 [S1]": already where it belongs
		return
	}
	b.Reset()
	b.WriteString(insertCitation(s, at, nums))
}

// citeAfterClaim writes the citation numbers of markers whose introducer went ("Reports such as [S1]
// show …") after the claim, b's last sentence: after its last word and the numbers already there,
// before its final punctuation and trailing space ("Reports show … [1].").
func citeAfterClaim(b *strings.Builder, nums []int) {
	all := b.String()
	s := strings.TrimRightFunc(all, unicode.IsSpace)
	at := citePoint(s)
	var have []int
	for start := at; ; {
		open := strings.LastIndexByte(s[:start], '[')
		if open < 0 || !strings.HasSuffix(s[:start], "]") {
			break
		}
		n, err := strconv.Atoi(s[open+1 : start-1])
		if err != nil || n < 1 {
			break
		}
		have, start = append(have, n), open
	}
	nums = slices.DeleteFunc(slices.Clone(nums), func(n int) bool { return containsInt(have, n) })
	if len(nums) == 0 {
		return
	}
	b.Reset()
	b.WriteString(insertCitation(s, at, nums) + all[len(s):])
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func trimRightSpace(b *strings.Builder) {
	s := b.String()
	if t := strings.TrimRight(s, " \t"); len(t) != len(s) {
		b.Reset()
		b.WriteString(t)
	}
}

// cleanProse removes from prose what a reader must not see: footnote markers copied from a source,
// what is left of another tool's citation groups (toolmarkers.go), and a not-in-sources sentinel that is not the reply's refusal (one past its first line's start).
func cleanProse(s string) string {
	s = stripToolMarks(stripFootnotes(s))
	for strings.Contains(strings.ToUpper(s), "SOURCE") {
		start, end, ok := findSentinel(s)
		if !ok {
			break
		}
		s = strings.TrimRight(s[:start], " ") + " " + s[end:]
	}
	return s
}

// stripFootnotes removes footnote markers such as "[3][4]" (and the space before them) from prose,
// so that the only bracketed numbers a reader sees are verified citations.
func stripFootnotes(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if n := text.FootnoteLen(s[i:]); n > 0 {
			trimRightSpace(&b)
			i += n
			for text.FootnoteLen(s[i:]) > 0 {
				i += text.FootnoteLen(s[i:])
			}
			if i < len(s) && s[i] != ' ' && !text.IsTightPunct(rune(s[i])) && b.Len() > 0 {
				b.WriteByte(' ')
			}
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// verified is a complete model reply after citation checking.
type verified struct {
	// Text is the reply with valid markers renumbered [1], [2], … and every other marker removed.
	Text      string
	Citations []Citation
	// Dropped counts citations removed because they pointed at no source or did not check out.
	Dropped int
	// Markers counts the citation markers the reply had.
	Markers int
	// Refusal is true when the model said the sources do not hold the answer; RefusalSentence is the
	// sentence in which it said so ("" if none).
	Refusal         bool
	RefusalSentence string
	// Plain is the reply's text with every marker removed.
	Plain string
}

// result returns what the assembler decided. Call it after Flush.
func (a *assembler) result() verified {
	return verified{
		Text: strings.TrimSpace(a.decided.String()), Citations: a.v.cites, Dropped: a.v.dropped, Markers: a.markers,
		Refusal: a.refusal, RefusalSentence: a.refusalSentence, Plain: strings.TrimSpace(a.plain.String()),
	}
}

// verify cleans and checks a complete reply (source k of a marker is sources[k-1]).
func verify(reply string, sources []retrieval.Passage, lb links.Builder, lex *text.Lexicon) verified {
	p := newReplyPipeline(newVerifier(sources, lb, lex), 0, false, nil)
	p.Write(reply)
	return p.Flush()
}

// isBlank reports whether s has no letters or digits.
func isBlank(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}

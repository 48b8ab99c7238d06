package answer

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/prompts"
	"github.com/citebot/citebot/retrieval"
)

// The model cites a source it was given as [S3: "verbatim quote"]; the "S" prefix keeps citation
// markers apart from the corpus's own footnote markers such as [1][2]. The parser also accepts the
// variants small models produce: [S3] alone, [S3, S5], 【S3】, curly or CJK quotation marks, a
// colon, comma or dash before the quote, and a trailing "Quotes:" block of lines like
// `[S3] "quote"` that supplies quotes for markers written without one.

// rawCite is one citation as written by the model.
type rawCite struct {
	// Source is k of "Sk" (1-based), as written; it may point at no source.
	Source int
	// Quote is the quoted text, "" if the marker carried none.
	Quote string
}

// marker is one bracketed citation group in the model's text: the byte span it occupies and the
// citations inside it.
type marker struct {
	Start, End int
	Cites      []rawCite
}

// parsedOutput is a model reply split into prose, citation markers and the trailing quotes block.
type parsedOutput struct {
	// Body is the reply without the quotes block; marker spans index into it.
	Body    string
	Markers []marker
	// BlockQuotes holds the quotes block's quotes by source number.
	BlockQuotes map[int][]string
	// NotInSources is true when the reply starts with the sentinel.
	NotInSources bool
}

var (
	openBrackets  = map[rune]rune{'[': ']', '【': '】', '［': '］'}
	openQuotes    = map[rune]bool{'"': true, '“': true, '”': true, '«': true, '„': true, '「': true, '『': true, '\'': true, '‘': true}
	closeQuotes   = map[rune]bool{'"': true, '”': true, '“': true, '»': true, '」': true, '』': true, '\'': true, '’': true}
	quoteBlockHdr = []string{"quotes", "quote", "citations", "sources", "references", "citas", "fuentes", "引用", "引文", "来源"}
)

// parseOutput parses a model reply. It never fails: what it cannot read as a citation stays text.
func parseOutput(out string) parsedOutput {
	var p parsedOutput
	body := out
	trimmed := strings.TrimLeft(out, " \t\r\n*_#>`")
	if hasSentinel(trimmed) {
		p.NotInSources = true
	}
	body, p.BlockQuotes = splitQuotesBlock(body)
	p.Body = body
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRuneInString(body[i:])
		closer, ok := openBrackets[r]
		if !ok {
			i += size
			continue
		}
		end, cites, ok := parseMarker(body, i+size, closer)
		if !ok {
			i += size
			continue
		}
		p.Markers = append(p.Markers, marker{Start: i, End: end, Cites: cites})
		i = end
	}
	return p
}

// hasSentinel reports whether s starts with the not-in-sources sentinel, tolerating case, spaces and
// a missing underscore.
func hasSentinel(s string) bool {
	norm := strings.ToUpper(strings.NewReplacer(" ", "_", "-", "_").Replace(s))
	return strings.HasPrefix(norm, prompts.Sentinel) || strings.HasPrefix(norm, "NOT_IN_SOURCE")
}

// stripSentinel removes a leading sentinel and returns the rest, trimmed of punctuation.
func stripSentinel(s string) string {
	s = strings.TrimLeft(s, " \t\r\n*_#>`")
	up := strings.ToUpper(strings.NewReplacer(" ", "_", "-", "_").Replace(s))
	n := 0
	switch {
	case strings.HasPrefix(up, prompts.Sentinel):
		n = len(prompts.Sentinel)
	case strings.HasPrefix(up, "NOT_IN_SOURCE"):
		n = len("NOT_IN_SOURCE")
	}
	return strings.TrimSpace(strings.TrimLeft(s[n:], ":.-–—*_ \t\r\n"))
}

// splitQuotesBlock cuts a trailing "Quotes:" block off the reply and reads its quotes.
func splitQuotesBlock(out string) (string, map[int][]string) {
	lines := strings.SplitAfter(out, "\n")
	offset := 0
	for li, line := range lines {
		head := strings.ToLower(strings.Trim(strings.TrimSpace(line), "*_#:：- "))
		isHeader := false
		for _, h := range quoteBlockHdr {
			if head == h {
				isHeader = true
				break
			}
		}
		if !isHeader {
			offset += len(line)
			continue
		}
		quotes := map[int][]string{}
		for _, l := range lines[li+1:] {
			readQuoteLine(strings.TrimSpace(l), quotes)
		}
		return strings.TrimRight(out[:offset], " \t\r\n"), quotes
	}
	return out, nil
}

// readQuoteLine reads `[S3] "quote"`, `S3: "quote"`, `- [S3]: quote` or `[S3: "quote"]`.
func readQuoteLine(l string, into map[int][]string) {
	l = strings.TrimLeft(l, "-*• \t")
	if l == "" {
		return
	}
	if r, size := utf8.DecodeRuneInString(l); openBrackets[r] != 0 {
		if end, cites, ok := parseMarker(l, size, openBrackets[r]); ok {
			rest := unquote(strings.TrimSpace(strings.TrimLeft(l[end:], ":：-–— ")))
			for _, c := range cites {
				q := c.Quote
				if q == "" {
					q = rest
				}
				if q != "" {
					into[c.Source] = append(into[c.Source], q)
				}
			}
		}
		return
	}
	n, rest, ok := sourceLabel(l)
	if !ok {
		return
	}
	if q := unquote(strings.TrimSpace(strings.TrimLeft(rest, ":：-–—] "))); q != "" {
		into[n] = append(into[n], q)
	}
}

// unquote strips one pair of surrounding quotation marks.
func unquote(s string) string {
	first, fs := utf8.DecodeRuneInString(s)
	last, ls := utf8.DecodeLastRuneInString(s)
	if len(s) >= fs+ls && openQuotes[first] && closeQuotes[last] {
		return strings.TrimSpace(s[fs : len(s)-ls])
	}
	return s
}

// sourceLabel reads "S12" (or "s12") at the start of s.
func sourceLabel(s string) (int, string, bool) {
	if len(s) < 2 || (s[0] != 'S' && s[0] != 's') {
		return 0, s, false
	}
	j := 1
	for j < len(s) && j < 6 && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == 1 {
		return 0, s, false
	}
	n, err := strconv.Atoi(s[1:j])
	if err != nil {
		return 0, s, false
	}
	return n, s[j:], true
}

// parseMarker reads the inside of a bracket that opened just before i: one or more items "Sk" each
// optionally followed by a separator and a quoted quote, separated by "," or ";". It returns the byte
// offset just past the closing bracket.
func parseMarker(s string, i int, closer rune) (int, []rawCite, bool) {
	var cites []rawCite
	for {
		i = skipSpace(s, i)
		n, rest, ok := sourceLabel(s[i:])
		if !ok {
			return 0, nil, false
		}
		i = len(s) - len(rest)
		c := rawCite{Source: n}
		j := skipSpace(s, i)
		sep, size := utf8.DecodeRuneInString(s[j:])
		if j < len(s) && strings.ContainsRune(":：-–—,", sep) {
			k := skipSpace(s, j+size)
			if q, end, ok := readQuote(s, k, closer); ok {
				c.Quote, i = q, end
			} else if sep != ',' {
				// "S3: words without quotation marks]": take the words up to the bracket.
				if e := strings.IndexRune(s[k:], closer); e >= 0 && e < 600 && !strings.ContainsAny(s[k:k+e], "[【\n") {
					if _, _, isLabel := sourceLabel(strings.TrimSpace(s[k : k+e])); !isLabel {
						c.Quote, i = strings.TrimSpace(s[k:k+e]), k+e
					}
				}
			}
		} else if q, end, ok := readQuote(s, j, closer); ok {
			c.Quote, i = q, end
		}
		cites = append(cites, c)
		i = skipSpace(s, i)
		if i >= len(s) {
			return 0, nil, false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == closer:
			return i + size, cites, true
		case r == ',' || r == ';' || r == '，' || r == '；':
			i += size
		default:
			return 0, nil, false
		}
	}
}

// readQuote reads a quotation starting at i; the quote ends at a closing quotation mark followed by
// optional spaces and the closing bracket, "," or ";" and another source label.
func readQuote(s string, i int, closer rune) (string, int, bool) {
	if i >= len(s) {
		return "", 0, false
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if !openQuotes[r] {
		return "", 0, false
	}
	start := i + size
	for j := start; j < len(s) && j-start < 2000; {
		q, qs := utf8.DecodeRuneInString(s[j:])
		if closeQuotes[q] && j > start {
			k := skipSpace(s, j+qs)
			if k < len(s) {
				c, _ := utf8.DecodeRuneInString(s[k:])
				if c == closer {
					return s[start:j], j + qs, true
				}
				if c == ',' || c == ';' {
					if _, _, ok := sourceLabel(strings.TrimLeft(s[k+1:], " ")); ok {
						return s[start:j], j + qs, true
					}
				}
			}
		}
		if q == '\n' && strings.HasPrefix(s[j:], "\n\n") {
			return "", 0, false
		}
		j += qs
	}
	return "", 0, false
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// normText is a normalised view of a text with a map back to the original bytes: norm[i] came from
// orig[start[i]:end[i]].
type normText struct {
	norm       string
	start, end []int
}

// normalize folds case, quotation marks, dashes, full-width forms and common accents, collapses
// whitespace, drops spaces before punctuation and drops footnote markers such as "[12]", keeping for
// every output byte the span of the input it came from.
func normalize(s string) normText {
	var b strings.Builder
	var nt normText
	emit := func(r rune, from, to int) {
		if r == ' ' {
			if b.Len() == 0 || strings.HasSuffix(b.String(), " ") {
				return
			}
		}
		if isTightPunct(r) && strings.HasSuffix(b.String(), " ") {
			cut := b.Len() - 1
			str := b.String()[:cut]
			b.Reset()
			b.WriteString(str)
			nt.start, nt.end = nt.start[:cut], nt.end[:cut]
		}
		n := utf8.RuneLen(r)
		if n < 0 {
			r, n = utf8.RuneError, 3
		}
		b.WriteRune(r)
		for k := 0; k < n; k++ {
			nt.start = append(nt.start, from)
			nt.end = append(nt.end, to)
		}
	}
	for i := 0; i < len(s); {
		if n := footnoteLen(s[i:]); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		emit(foldRune(r), i, i+size)
		i += size
	}
	nt.norm = b.String()
	if strings.HasSuffix(nt.norm, " ") {
		nt.norm = nt.norm[:len(nt.norm)-1]
		nt.start, nt.end = nt.start[:len(nt.norm)], nt.end[:len(nt.norm)]
	}
	return nt
}

// footnoteLen returns the length of a footnote marker "[12]" at the start of s, or 0.
func footnoteLen(s string) int {
	if len(s) < 3 || s[0] != '[' {
		return 0
	}
	j := 1
	for j < len(s) && j < 5 && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > 1 && j < len(s) && s[j] == ']' {
		return j + 1
	}
	return 0
}

func isTightPunct(r rune) bool {
	return strings.ContainsRune(",.;:!?、。，；：！？)", r)
}

var accentFold = map[rune]rune{'á': 'a', 'à': 'a', 'ä': 'a', 'â': 'a', 'é': 'e', 'è': 'e', 'ë': 'e', 'ê': 'e',
	'í': 'i', 'ì': 'i', 'ï': 'i', 'î': 'i', 'ó': 'o', 'ò': 'o', 'ö': 'o', 'ô': 'o', 'ú': 'u', 'ù': 'u', 'ü': 'u',
	'û': 'u', 'ñ': 'n', 'ç': 'c'}

func foldRune(r rune) rune {
	switch {
	case unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000':
		return ' '
	case r == '“' || r == '”' || r == '„' || r == '«' || r == '»' || r == '「' || r == '」' || r == '『' || r == '』':
		return '"'
	case r == '‘' || r == '’' || r == '`' || r == '´':
		return '\''
	case r == '–' || r == '—' || r == '−' || r == '‐':
		return '-'
	case r == '，':
		return ','
	case r == '：':
		return ':'
	case r == '；':
		return ';'
	case r == '！':
		return '!'
	case r == '？':
		return '?'
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	}
	r = unicode.ToLower(r)
	if f, ok := accentFold[r]; ok {
		return f
	}
	return r
}

// locateQuote finds quote in text tolerantly (see [normalize]) and returns the exact byte span of text
// it matches. Quotes too short to be meaningful are refused, unless they are the whole text. A quote
// with an ellipsis is matched by its longest part.
func locateQuote(text, quote string) (int, int, bool) {
	parts := strings.FieldsFunc(strings.ReplaceAll(quote, "...", "…"), func(r rune) bool { return r == '…' })
	if len(parts) == 0 {
		return 0, 0, false
	}
	best := parts[0]
	for _, p := range parts[1:] {
		if len(strings.TrimSpace(p)) > len(strings.TrimSpace(best)) {
			best = p
		}
	}
	q := normalize(best).norm
	q = strings.TrimFunc(q, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
	if q == "" {
		return 0, 0, false
	}
	t := normalize(text)
	i := strings.Index(t.norm, q)
	if i < 0 {
		return 0, 0, false
	}
	whole := strings.TrimFunc(t.norm, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) == q
	if !whole && !longEnough(q) {
		return 0, 0, false
	}
	return t.start[i], t.end[i+len(q)-1], true
}

// longEnough reports whether a normalised quote is specific enough to support a claim: at least 12
// runes of Latin text, or 4 of Han text.
func longEnough(q string) bool {
	n, han := 0, 0
	for _, r := range q {
		n++
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	return n >= 12 || han >= 4
}

// verified is a model reply after citation checking.
type verified struct {
	// Text is the reply with valid markers renumbered [1], [2], … and every other marker removed.
	Text      string
	Citations []Citation
	// Dropped counts citations removed because they pointed at no source or their quote was not found.
	Dropped int
	// NotInSources is true when the model said the sources do not hold the answer.
	NotInSources bool
}

// verifier checks citations against the sources offered to the model and numbers them in order of
// appearance. It keeps state so that a streamed reply can be checked marker by marker.
type verifier struct {
	sources []retrieval.Passage
	links   links.Builder
	numbers map[citeKey]int
	cites   []Citation
	block   map[int][]string
	dropped int
}

type citeKey struct{ source, start, end int }

func newVerifier(sources []retrieval.Passage, lb links.Builder) *verifier {
	return &verifier{sources: sources, links: lb, numbers: map[citeKey]int{}}
}

// resolve checks one citation; claim is the prose before the marker, used to find the supporting
// sentence when the model gave no quote. It returns the citation number, or 0 if it is invalid.
func (v *verifier) resolve(c rawCite, claim string) int {
	if c.Source < 1 || c.Source > len(v.sources) {
		v.dropped++
		return 0
	}
	p := v.sources[c.Source-1]
	start, end, ok := 0, 0, false
	switch {
	case c.Quote != "":
		start, end, ok = locateQuote(p.Text, c.Quote)
	default:
		for _, q := range v.block[c.Source] {
			if start, end, ok = locateQuote(p.Text, q); ok {
				break
			}
		}
		if !ok {
			start, end, ok = supportingSentence(p.Text, claim)
		}
	}
	if !ok {
		v.dropped++
		return 0
	}
	key := citeKey{c.Source, start, end}
	if n, seen := v.numbers[key]; seen {
		return n
	}
	n := len(v.cites) + 1
	v.numbers[key] = n
	v.cites = append(v.cites, citationFor(p, p.Text[start:end], n, v.links))
	return n
}

// citationFor builds the citation of quote (a span of p.Text) numbered n.
func citationFor(p retrieval.Passage, quote string, n int, lb links.Builder) Citation {
	c := Citation{
		N: n, File: p.File, Paragraph: p.Paragraph, StartLine: p.StartLine, EndLine: p.EndLine,
		Quote: quote, Text: p.Text, Title: p.Title,
	}
	if i := strings.Index(p.Text, quote); quote != "" && i >= 0 {
		c.QuoteStart, c.QuoteEnd = p.StartByte+i, p.StartByte+i+len(quote)
	}
	// The link carries the quote's byte span, so the viewer marks the whole quote.
	c.URL = lb.Link(links.Target{File: c.File, Paragraph: c.Paragraph, StartLine: c.StartLine, EndLine: c.EndLine,
		QuoteStart: c.QuoteStart, QuoteEnd: c.QuoteEnd, Quote: quote})
	return c
}

// verify parses a complete model reply and checks its citations against sources (source k of a
// marker "Sk" is sources[k-1]).
func verify(out string, sources []retrieval.Passage, lb links.Builder) verified {
	p := parseOutput(out)
	v := newVerifier(sources, lb)
	v.block = p.BlockQuotes
	var b strings.Builder
	prev := 0
	lastClaim := 0
	for _, m := range p.Markers {
		b.WriteString(stripFootnotes(p.Body[prev:m.Start]))
		claim := p.Body[lastClaim:m.Start]
		var nums []int
		for _, c := range m.Cites {
			if n := v.resolve(c, claim); n > 0 && !containsInt(nums, n) {
				nums = append(nums, n)
			}
		}
		if len(nums) == 0 {
			trimRightSpace(&b)
		}
		for _, n := range nums {
			b.WriteString("[" + strconv.Itoa(n) + "]")
		}
		prev = m.End
		lastClaim = m.End
	}
	b.WriteString(stripFootnotes(p.Body[prev:]))
	text := strings.TrimSpace(stripMarkers(b.String()))
	if p.NotInSources {
		text = stripSentinel(text)
	}
	return verified{Text: text, Citations: v.cites, Dropped: v.dropped, NotInSources: p.NotInSources}
}

// stripMarkers removes source markers that removing footnotes brought together ("[[1]S2]"), so the
// text never shows an unverified marker.
func stripMarkers(s string) string {
	for range 4 {
		p := parseOutput(s)
		if len(p.Markers) == 0 || p.Body != s {
			return s
		}
		var b strings.Builder
		prev := 0
		for _, m := range p.Markers {
			b.WriteString(s[prev:m.Start])
			prev = m.End
		}
		b.WriteString(s[prev:])
		s = b.String()
	}
	return s
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

// stripFootnotes removes footnote markers such as "[3][4]" (and the space before them) from prose,
// so that the only bracketed numbers a reader sees are verified citations.
func stripFootnotes(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if n := footnoteLen(s[i:]); n > 0 {
			trimRightSpace(&b)
			i += n
			for footnoteLen(s[i:]) > 0 {
				i += footnoteLen(s[i:])
			}
			if i < len(s) && s[i] != ' ' && !isTightPunct(rune(s[i])) && b.Len() > 0 {
				b.WriteByte(' ')
			}
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

package text

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of sentence, as classified by [Analyze].
const (
	// KindBody is running text: what an answer quotes, with the lines of code blocks.
	KindBody = "body"
	// KindTitle is the document's title line.
	KindTitle = "title"
	// KindHeading is a section heading: context for the sentences under it, never an answer.
	KindHeading = "heading"
	// KindQuestion is a sentence that asks (a heading such as "¿Qué significa microcomercio?").
	KindQuestion = "question"
	// KindMeta is navigation and boilerplate: breadcrumbs, datelines, front matter, rules.
	KindMeta = "meta"
	// KindHeaderRow is the header row of a Markdown table, the row its rows' Lead points at (see
	// [Doc.HeaderRow]): like a heading, context that names the cells of the rows under it, never an
	// answer nor a closest passage's quote.
	KindHeaderRow = "header_row"
	// KindCode is a line of a fenced code block: quotable, as a table row is (a settings sample
	// or an example response may be the only place that states a value); its fences are KindMeta.
	KindCode = "code"
)

// Doc is the analysis of one document: plain data, computed once per corpus version by [Analyze]
// and kept with the index (it holds no pointers, maps or functions, so it can be stored as is).
type Doc struct {
	File      string     `json:"file"`
	Lang      string     `json:"lang"`
	Sentences []Sentence `json:"sentences"`
}

// Sentence is one sentence of a document and what answering needs to know about it.
type Sentence struct {
	// Start and End are the quotable byte span in the document (see [QuoteSpan]).
	Start int `json:"start"`
	End   int `json:"end"`
	// Paragraph is the 1-based paragraph the sentence is in.
	Paragraph int    `json:"paragraph"`
	Kind      string `json:"kind"`
	// Heading is the index in Doc.Sentences of the heading or title the sentence sits under, or -1.
	Heading int `json:"heading"`
	// Terms are the sentence's terms, sorted and unique: stems, numbers, Chinese words, Han
	// characters and bigrams, and the English glosses of its Spanish and Chinese words. Platform
	// names are not terms; see Platforms.
	Terms []string `json:"terms"`
	// Figures are the numbers of the sentence, normalised (see [NormalizeNumber]); footnote markers
	// are not figures.
	Figures []string `json:"figures,omitempty"`
	// Time: the sentence holds a time expression (a year, a month, a date, or a TimeWord one).
	Time bool `json:"time,omitempty"`
	// TimeWord: the sentence says when in words or by the clock rather than by a date: a weekday,
	// a part of the day, a season, a month without a day ("in mid-January"), a clock time ("on
	// the first Monday", "at 7:00", 每个月第一个星期一).
	TimeWord bool `json:"time_word,omitempty"`
	// Clock: the sentence tells a time of day by the clock ("at 7:00", "7 pm", "晚上7点", "at noon").
	Clock bool `json:"clock,omitempty"`
	// Platforms are the canonical names the sentence mentions, in order of first mention.
	Platforms []string `json:"platforms,omitempty"`
	// Subjects are the platforms the sentence is about, clause by clause (see [Subjects]).
	Subjects []string `json:"subjects,omitempty"`
	// Asides are the platforms the sentence names only as an example, a comparison or an aside
	// (see [Asides]).
	Asides []string `json:"asides,omitempty"`
	// Carried are the platforms a sentence with no platform as a subject but that points back ("The
	// platform has …", "The decision to partner with Alibaba …") is about: those of the sentence
	// before it in the paragraph. A connective alone carries none (see carriesOn).
	Carried []string `json:"carried,omitempty"`
	// Continues: the sentence opens by pointing back ("That year", "The platform", "It", "这", "该").
	Continues bool `json:"continues,omitempty"`
	// Attribution: it is a credit line or a source label, saying where its document comes from
	// rather than anything in it (see [IsAttribution]): never a digest's point.
	Attribution bool `json:"attribution,omitempty"`
	// PostOf are the Subjects that only say whose post a person holds ("Alibaba chairman … Zhang
	// yong , Leaving …", "the JD.com founder Liu Qiangdong said …", "general manager of Taobao
	// …"): what the clause says is what the person did or said. An answer takes them as subjects
	// (a question about Alibaba Group's CEO asks about such a sentence); a digest of the platform
	// does not make the sentence a point about it.
	PostOf []string `json:"post_of,omitempty"`
	// Headline: a body line shaped like a title that closes its paragraph after a line of text
	// (seed 001's Chinese title "小红书做电商,抖音是个好老师" under its summary; see
	// closingTitleLine). It stays quotable, as a dateline does: a question may ask what the headline
	// says. But it frames the document rather than states a fact in it, so a digest never makes it
	// a point.
	Headline bool `json:"headline,omitempty"`

	// Answer facts: what kinds of answer the sentence can give.

	// Amounts are its figures that are amounts: not years, not parts of a date ("2 month 22"), in
	// digits or in Chinese numerals only ("三千亿").
	Amounts []string `json:"amounts,omitempty"`
	// NumberWord: it writes a number in words ("nine years", "three times", "两").
	NumberWord bool `json:"number_word,omitempty"`
	// Units are the classes of the amounts it states, read from their units ([UnitPercent] for
	// "15 %", [UnitMoney] for "€12.50", …; see [AskedUnit]).
	Units []string `json:"units,omitempty"`
	// Bounds are the ranges of amounts it states ("aged 5 to 12", "more than £1,000", "menores de
	// 16"; see [Bound]): a question's own case inside one is the case the sentence rules on.
	Bounds []string `json:"bounds,omitempty"`
	// Count: it states a number of things, an amount no unit reads ("up to 6 sensors", "fifteen
	// plots"; not "within 3 km", "€240 a year"; see [statesCount]): what "how many X" asks for.
	Count bool `json:"count,omitempty"`
	// Contacts are the kinds of contact detail it states ([ContactEmail], [ContactPhone],
	// [ContactWeb]; see [HoldsContact]).
	Contacts []string `json:"contacts,omitempty"`
	// Identifier: it names an identifier, in code or written plainly (an environment variable, an
	// option, a path, a host name; see [HoldsIdentifier]).
	Identifier bool `json:"identifier,omitempty"`
	// Names are the capitalised words inside it that are not platforms, function words or months,
	// lower-cased: people, companies, products.
	Names []string `json:"names,omitempty"`
	// Person: it names a person (two capitalised words in a row, or one after "by", "author").
	Person bool `json:"person,omitempty"`
	// Roles are the posts people hold that it names, as written, lower case ("officer",
	// "directora", "head", 负责人).
	Roles []string `json:"roles,omitempty"`
	// Reason: it gives a reason ("because", "due to", "porque", "因为").
	Reason bool `json:"reason,omitempty"`
	// Place: it says where (a path, a URL, "in Hangzhou").
	Place bool `json:"place,omitempty"`
	// Languages are the codes of the languages it names ("the Spanish-language line", 中文专线;
	// see [LanguagesNamed]).
	Languages []string `json:"languages,omitempty"`
	// Defines are the stems (or Chinese words) it defines: those just before "is", "means",
	// "se refiere", "是", "指".
	Defines []string `json:"defines,omitempty"`
	// Spells are the stems of the abbreviations it spells out, in brackets after or before their
	// long forms ("Designated Induction Officers (DIOs)"; see [SpelledOut]).
	Spells []string `json:"spells,omitempty"`
	// Issuer: it names who issued, approved or signed its document (see [IssuerLine]).
	Issuer bool `json:"issuer,omitempty"`
	// Instruction: it tells the reader what to do: it opens with an imperative ("Run …", "Set …",
	// "Ejecute …", "请 …") or holds a command or option in code (`burrow prune`).
	Instruction bool `json:"instruction,omitempty"`
	// Item: it opens an item of a list (a bullet or a number before it: "- ", "* ", "• ", "3. "),
	// so it does not run on from the sentence before it, the end of another item.
	Item bool `json:"item,omitempty"`
	// Lead is the index in Doc.Sentences of the sentence that introduces the list the sentence is
	// in, one ending with a colon ("The tips are shared out once a month:"), or of its table's
	// header row, or -1. Like a heading, it is context: "el 5 % para el fondo social" is a share
	// of the tips, and "| Live chat | 08:00–22:00 | 12:00–18:00 |" gives the hours on the days the
	// header names.
	Lead int `json:"lead"`
}

// HasTerm reports whether the sentence holds term t.
func (s *Sentence) HasTerm(t string) bool {
	lo, hi := 0, len(s.Terms)
	for lo < hi {
		m := (lo + hi) / 2
		if s.Terms[m] < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(s.Terms) && s.Terms[lo] == t
}

// About returns the platforms the sentence is about: its subjects, or, when it has none, the
// carried ones.
func (s *Sentence) About() []string {
	if len(s.Subjects) > 0 {
		return s.Subjects
	}
	return s.Carried
}

// Analyze splits a document into sentences and analyses each. paragraphs are the byte spans of
// its paragraphs, in order; literal are the lines that are the document's own text, never Markdown
// structure (see [LiteralLines]; nil for a plain text or Markdown file).
func Analyze(file, doc string, paragraphs []Span, literal LiteralLines, lex *Lexicon) Doc {
	// A document in traditional characters is analysed as simplified text, as questions are (see
	// [Simplify]): the fold keeps every byte offset, and a Doc holds spans and terms, never text.
	doc = Simplify(doc)
	d := Doc{File: file, Lang: DetectLanguage(doc)}
	lines := classifyLines(doc, paragraphs, literal)
	heading := -1
	seenText := false
	labelRun, labelPara := -1, -1 // the first sentence of a run of labelled paragraphs, the run's last paragraph
	for pi := range paragraphs {
		prevAbout := -1 // index of the last sentence of this paragraph that named a platform
		first := len(d.Sentences)
		runIn := -1 // the paragraph's run-in heading, if it opens with one
		role := ""  // the role its label gives a labelled paragraph ("**Cause:** …"; see labelRole)
		for _, ln := range wrappedLines(doc, lines[pi]) {
			for _, sp := range Sentences(doc, ln.start, ln.end) {
				q := QuoteSpan(doc, sp)
				s := lex.sentence(doc[q.Start:q.End], d.Lang)
				s.Start, s.End, s.Paragraph = q.Start, q.End, pi+1
				s.Item = opensItem(doc[sp.Start:q.Start])
				s.Lead = listLead(doc, d.Sentences, s)
				if tableRow(doc, s) && s.Lead >= 0 {
					markHeaderRow(doc, d.Sentences, s.Lead)
				}
				s.Kind, s.Headline = ln.kind, ln.headline
				s.Attribution = IsAttribution(doc[q.Start:q.End])
				if s.Kind == KindBody {
					s.Kind = sentenceKind(doc[q.Start:q.End])
				}
				if n := len(d.Sentences); n == first+1 && s.Kind == KindBody && runInHeading(doc, &d.Sentences[first]) {
					d.Sentences[first].Kind = KindHeading
					runIn = first
				}
				if n := len(d.Sentences); !s.Continues && n > 0 && d.Sentences[n-1].Paragraph == pi+1 {
					ws := openingWords(doc[q.Start:q.End])
					s.Continues = repeatsNoun(ws, &d.Sentences[n-1], d.Lang) || repeatsFigure(doc[q.Start:q.End], ws, &d.Sentences[n-1])
				}
				if s.Kind == KindHeading && !seenText {
					s.Kind = KindTitle // the first heading before any text
				}
				seenText = seenText || s.Kind != KindMeta
				s.Heading = heading
				if runIn >= 0 {
					s.Heading = runIn // its section's heading stays the one of the paragraphs after it
				}
				if len(s.Subjects) == 0 && s.Continues && carriesOn(doc[q.Start:q.End]) && prevAbout >= 0 && len(d.Sentences)-prevAbout <= 2 {
					s.Carried = d.Sentences[prevAbout].About()
				}
				if len(s.Subjects) > 0 && s.Kind == KindBody {
					prevAbout = len(d.Sentences)
				}
				if s.Kind == KindHeading || s.Kind == KindTitle {
					heading = len(d.Sentences)
					labelRun = -1
				}
				if len(d.Sentences) == first && s.Kind == KindBody {
					if label, ok := paragraphLabel(doc[q.Start:q.End]); ok {
						role = labelRole(label)
						if labelRun < 0 || labelPara != pi {
							labelRun = first
						}
						labelPara = pi + 1
					} else {
						labelRun = -1
					}
				}
				if labelPara == pi+1 { // a labelled paragraph
					// One after the first of its run ("**Cause:** …" after "**Symptom:** …") has
					// the run's first sentence as its lead: the problem it answers, which, like a
					// heading, names what the paragraph is about.
					if labelRun >= 0 && labelRun < first && s.Lead < 0 {
						s.Lead = labelRun
					}
					s.Reason = s.Reason || role == roleReason
					s.Instruction = s.Instruction || role == roleFix
				}
				d.Sentences = append(d.Sentences, s)
			}
		}
	}
	return d
}

// paragraphLabel returns the label a paragraph's first sentence opens with, in bold and ending
// with a colon ("**Cause:** …", "**Solución:** …", "**原因：**…"), lower-cased and folded, or false.
// Troubleshooting pages and FAQs write a problem, its cause and its fix as such a run of
// labelled paragraphs.
func paragraphLabel(sentence string) (string, bool) {
	rest, ok := strings.CutPrefix(sentence, "**")
	if !ok {
		return "", false
	}
	end := strings.Index(rest, "**")
	if end <= 0 {
		return "", false
	}
	label := strings.TrimSpace(rest[:end])
	after := rest[end+2:]
	switch {
	case strings.HasSuffix(label, ":") || strings.HasSuffix(label, "："):
		label = strings.TrimRight(label, ":：")
	case strings.HasPrefix(after, ":") || strings.HasPrefix(after, "："):
	default:
		return "", false
	}
	if label == "" || len(Words(label)) > 3 && !strings.ContainsFunc(label, IsHan) {
		return "", false
	}
	return FoldAccents(strings.ToLower(strings.TrimSpace(label))), true
}

// The roles a paragraph's label can give it (see labelRole).
const (
	roleReason = "reason" // "**Cause:** …": it says why
	roleFix    = "fix"    // "**Fix:** …": it says what to do
)

// labelRole returns the role a paragraph label names: a cause, a fix, or "".
func labelRole(label string) string {
	for _, w := range strings.Fields(label) {
		switch {
		case causeLabels[w]:
			return roleReason
		case fixLabels[w]:
			return roleFix
		}
	}
	for _, h := range []string{"原因"} {
		if strings.Contains(label, h) {
			return roleReason
		}
	}
	for _, h := range []string{"解决", "办法", "处理", "修复"} {
		if strings.Contains(label, h) {
			return roleFix
		}
	}
	return ""
}

// causeLabels and fixLabels are the English and Spanish (folded) words of the labels that mark a
// paragraph as a cause or as a fix.
var (
	causeLabels = setOf(`cause causes reason reasons why causa causas motivo motivos razon`)
	fixLabels   = setOf(`fix fixes solution solutions workaround resolution remedy what to do solucion soluciones arreglo remedio`)
)

// listLead returns the index in before (the document's sentences so far) of the sentence that
// introduces the list s is in, or, for a row of a table, the table's header row; or -1. An item's lead is the sentence just before the list's first
// item, when it ends with a colon (in the item's paragraph, or the one before it: a Markdown list
// is a paragraph of its own); an item's second sentence has its item's lead.
func listLead(doc string, before []Sentence, s Sentence) int {
	n := len(before)
	if n == 0 {
		return -1
	}
	prev := &before[n-1]
	if tableRow(doc, s) {
		// A table's rows are under its header row, the paragraph's first.
		first := n
		for first > 0 && before[first-1].Paragraph == s.Paragraph {
			first--
		}
		if first < n && tableRow(doc, before[first]) {
			return first
		}
		return -1
	}
	colon := strings.HasSuffix(doc[prev.Start:prev.End], ":") || strings.HasSuffix(doc[prev.Start:prev.End], "：")
	switch {
	case s.Item && prev.Item && prev.Paragraph >= s.Paragraph-1:
		// A nested list: an item that ends with a colon introduces the items indented under it
		// ("2. Bring with you:" over "   - photo ID"); an item indented less than the one before
		// it goes back to the list of the last item at its depth.
		ind, pind := indent(doc, s), indent(doc, *prev)
		switch {
		case ind > pind && colon:
			return n - 1
		case ind < pind:
			for k := n - 1; k >= 0 && before[k].Paragraph >= s.Paragraph-1; k-- {
				if before[k].Item && indent(doc, before[k]) <= ind {
					return before[k].Lead
				}
			}
		}
		return prev.Lead // a list going on
	case !s.Item && prev.Paragraph == s.Paragraph:
		return prev.Lead // an item going on
	case s.Item && prev.Kind == KindBody && prev.Paragraph >= s.Paragraph-1 && colon:
		return n - 1
	}
	return -1
}

// indent is how many spaces and tabs open the line sentence s starts on: the depth of a list item.
func indent(doc string, s Sentence) int {
	start, _ := lineBounds(doc, s.Start)
	n := 0
	for start+n < s.Start && (doc[start+n] == ' ' || doc[start+n] == '\t') {
		n++
	}
	return n
}

// markHeaderRow marks as [KindHeaderRow] the body sentences of the line of the table row that
// sentence h of ss opens: the header row a row under it leads to.
func markHeaderRow(doc string, ss []Sentence, h int) {
	_, end := lineBounds(doc, ss[h].Start)
	for k := h; k < len(ss) && ss[k].Start < end; k++ {
		if ss[k].Kind == KindBody {
			ss[k].Kind = KindHeaderRow
		}
	}
}

// tableRow reports a sentence that is a row of a Markdown table ("| Live chat | 12:00–18:00 |").
func tableRow(doc string, s Sentence) bool { return TableRow(doc[s.Start:s.End]) }

// TableRow reports whether a sentence's text is a row of a Markdown table.
func TableRow(sentence string) bool { return strings.HasPrefix(sentence, "|") }

// TableHeaderLine returns the length of paragraph's first line with its line break when that line
// is the header row of a Markdown table, as the analysis reads one (see [Doc.HeaderRow]: a table's
// rows are under its paragraph's first row), so a row of the table follows it; else 0. The source
// viewer keeps it in view above a cited row.
func TableHeaderLine(paragraph string) int {
	nl := strings.IndexByte(paragraph, '\n')
	if nl < 0 || !TableRow(strings.TrimSpace(paragraph[:nl])) {
		return 0
	}
	for rest := paragraph[nl+1:]; rest != ""; {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if t := strings.TrimSpace(line); TableRow(t) && !IsRule(t) {
			return nl + 1
		}
	}
	return 0
}

// HeaderRow returns the header row of the Markdown table one of whose rows holds byte at of doc,
// the document d analyses: the header's line as doc writes it ("| Term | First week starts |"),
// which names the row's cells; or "" when at is in no row under a header row (nor in the header
// itself). Like a heading, the header row is context for a quote from the row, never a quote.
func (d *Doc) HeaderRow(doc string, at int) string {
	if at < 0 || at >= len(doc) {
		return ""
	}
	ls, le := lineBounds(doc, at)
	if !TableRow(strings.TrimSpace(doc[ls:le])) {
		return ""
	}
	ss := d.Sentences
	i := sort.Search(len(ss), func(i int) bool { return ss[i].End > ls })
	if i == len(ss) || ss[i].Start >= le {
		return ""
	}
	h := ss[i].Lead
	if h < 0 || h >= i || ss[h].Start >= len(doc) {
		return ""
	}
	hs, he := lineBounds(doc, ss[h].Start)
	header := strings.TrimSpace(doc[hs:he])
	if hs == ls || !TableRow(header) {
		return ""
	}
	return header
}

// lineBounds returns the byte span of the line of doc that holds byte at, without its newline.
func lineBounds(doc string, at int) (start, end int) {
	start = strings.LastIndexByte(doc[:at], '\n') + 1
	end = len(doc)
	if j := strings.IndexByte(doc[at:], '\n'); j >= 0 {
		end = at + j
	}
	return start, end
}

// TableCells returns the cells of a row of a Markdown table, each trimmed ("| Term | First week
// starts |" holds "Term" and "First week starts"); a bar escaped as "\|" is a bar of its cell, as
// Markdown reads it. A row without bars is one cell.
func TableCells(row string) []string {
	row = strings.TrimPrefix(strings.TrimSpace(row), "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	var cells []string
	cell := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, `\|`, "|")) }
	start := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, cell(row[start:i]))
			start = i + 1
		}
	}
	return append(cells, cell(row[start:]))
}

// opensItem reports whether lead, what [QuoteSpan] cut from the front of a sentence, is a list
// item's bullet or number ("- ", "• ", "3. ", "- **"), not only emphasis or space.
func opensItem(lead string) bool {
	lead = strings.TrimLeft(lead, " \t")
	if r, size := utf8.DecodeRuneInString(lead); strings.ContainsRune("-*+•", r) && (size == len(lead) || lead[size] == ' ') {
		return true
	}
	return orderedBullet(lead) > 0
}

// runInHeading reports a paragraph's first sentence that is a run-in heading: a label of at most
// four words closed by a full stop, with no figure, comma or instruction, that the paragraph's
// text follows ("Comisión de propinas. Tres personas elegidas…", "Transparency. On the first
// Monday…"). It is context for the paragraph's sentences, not something to quote.
func runInHeading(doc string, s *Sentence) bool {
	t := doc[s.Start:s.End]
	if s.Kind != KindBody || !strings.HasSuffix(t, ".") || strings.ContainsAny(t, ",;:") || strings.ContainsFunc(t, IsHan) ||
		len(s.Figures) > 0 || s.Instruction {
		return false
	}
	ws := Words(t)
	if len(ws) == 0 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		if answerWords[w.Folded] {
			return false // "Yes.", "Windows is not supported.", "The company does." answer something
		}
	}
	return true
}

// answerWords are English and Spanish auxiliaries, copulas and answer particles: a short sentence
// holding one says something ("Encryption is always on."), where a label names a topic.
var answerWords = setOf(`yes no not never always is are was were be been am does do did has have had can could will would
	shall should may might must si nunca siempre es son era eran fue fueron esta estan estaba hay ha han habia puede pueden
	debe deben tiene tienen`)

// sentenceKind classifies a sentence of a body line: a question, an inline heading, or body.
func sentenceKind(s string) string {
	// A question in emphasis ("**能借笔记本电脑吗？** 可以。…", "_Can I pay by card?_") is one.
	q := strings.TrimRight(s, "*_")
	switch {
	case strings.HasSuffix(q, "?") || strings.HasSuffix(q, "？"):
		return KindQuestion
	case looksLikeInlineHeading(s):
		return KindHeading
	}
	return KindBody
}

// wrappedLines joins the body lines of a paragraph that a hard-wrapped sentence runs across (see
// [LineWraps]) into one, so that its sentences are found whole.
func wrappedLines(doc string, ls []line) []line {
	var out []line
	for _, ln := range ls {
		if n := len(out); n > 0 && ln.kind == KindBody && out[n-1].kind == KindBody {
			if nl := strings.IndexByte(doc[out[n-1].end:], '\n'); nl >= 0 && LineWraps(doc, out[n-1].end+nl) {
				out[n-1].end = ln.end
				continue
			}
		}
		out = append(out, ln)
	}
	return out
}

// line is one line of a paragraph with its kind, and whether it is a headline that closes its
// paragraph (see closingTitleLine).
type line struct {
	start, end int
	kind       string
	headline   bool
}

// classifyLines returns the lines of each paragraph with their kind: front matter, fences and
// code, Markdown headings, rules, breadcrumbs and datelines; a paragraph that is one short line
// without closing punctuation is a heading. A literal line is never front matter, a fence, a
// Markdown heading or a setext underline: its marks are its text's (see [LiteralLines]).
func classifyLines(doc string, paragraphs []Span, literal LiteralLines) [][]line {
	out := make([][]line, len(paragraphs))
	inFront, inCode := false, false
	bodySeen := false // a body line has come: the title block is over
	for pi, p := range paragraphs {
		var ls []line
		for s := p.Start; s < p.End; {
			e := strings.IndexByte(doc[s:p.End], '\n')
			if e < 0 {
				e = p.End
			} else {
				e += s
			}
			ls = append(ls, line{start: s, end: s + len(strings.TrimRight(doc[s:e], "\r"))})
			s = e + 1
		}
		columns := alignedColumns(doc, ls)
		for i := range ls {
			t := strings.TrimSpace(CleanInvisible(doc[ls[i].start:ls[i].end]))
			lit := literal.Has(ls[i].start)
			switch {
			case !lit && pi == 0 && i == 0 && (t == "---" || t == "+++"):
				inFront = true
				ls[i].kind = KindMeta
			case inFront:
				ls[i].kind = KindMeta
				if t == "---" || t == "+++" || t == "..." {
					inFront = false
				}
			case !lit && IsFence(t):
				inCode = !inCode
				ls[i].kind = KindMeta
			case inCode:
				ls[i].kind = KindCode
			case IsRule(t): // says nothing, literal or not
				ls[i].kind = KindMeta
				if !lit && i == 1 && strings.Trim(t, "=- ") == "" && ls[0].kind == KindBody {
					ls[0].kind = KindHeading // setext heading
				}
			default:
				ls[i].kind = lineKind(t, len(ls) == 1 || alone(doc, ls, i, literal) && !keyValue.MatchString(t), lit)
				if columns {
					break // a row of a table in plain text, whatever it looks like (see alignedColumns)
				}
				if i == 0 && len(ls) > 1 && ls[i].kind == KindBody && (titleLine(t, doc[ls[1].start:ls[1].end]) ||
					numberedTitleLine(t, doc[ls[1].start:ls[1].end])) && !(bodySeen && wrapsInto(doc, ls[0], ls[1])) {
					ls[i].kind = KindHeading
				}
				// A line under the title that does not end like a sentence is the title's
				// subtitle or dek ("PROGRAMA DE VOLUNTARIADO" / "Museo del Ferrocarril de
				// Valdemora - documento para nuevos voluntarios (edición de enero de 2024)"):
				// not something to quote, and, like a dateline, not the heading of the text
				// under it either (the title stays that).
				if i > 0 && !bodySeen && ls[i].kind == KindBody && ls[i-1].kind == KindHeading && LooksLikeTitle(t) && !IssuerLine(t) {
					ls[i].kind = KindMeta
				}
			}
			bodySeen = bodySeen || ls[i].kind == KindBody
		}
		if n := len(ls); n > 1 && ls[n-1].kind == KindBody && ls[n-2].kind == KindBody &&
			closingTitleLine(doc, doc[ls[n-2].start:ls[n-2].end], ls[n-1]) {
			ls[n-1].headline = true
		}
		out[pi] = ls
	}
	return out
}

// alignedColumns reports a paragraph of two or more lines that is a table in plain text: every
// line sets its cells apart with a tab or a run of spaces inside it ("  2.4.x   bug fixes and
// security fixes" / "  2.3.x   security fixes only, until 2025-08-25"). Its first line is then a
// row, not the title of the lines under it, and its second no subtitle. Two spaces after a full
// stop, as typewritten text puts them between sentences, set no cells apart.
func alignedColumns(doc string, ls []line) bool {
	if len(ls) < 2 {
		return false
	}
	for _, ln := range ls {
		t := strings.TrimSpace(doc[ln.start:ln.end])
		gap := strings.ContainsRune(t, '\t')
		for i := strings.Index(t, "  "); i > 0 && !gap; {
			gap = !strings.ContainsRune(".!?:;", rune(t[i-1]))
			next := strings.Index(t[i+2:], "  ")
			if next < 0 {
				break
			}
			i += 2 + next
		}
		if !gap {
			return false
		}
	}
	return true
}

// alone reports whether line i is its paragraph's only line but for rules: a notice's title under
// the rule that separates it from the notice before ("------" / "2 March 2025 — Spring workday")
// stands alone as much as one with blank lines around it. A literal rule is the document's own
// text (see [LiteralLines]), so it counts as a line; and under a rule, a line that sets a key
// ("title: Guide") is front matter's, no title, which the caller checks.
func alone(doc string, ls []line, i int, literal LiteralLines) bool {
	for k, ln := range ls {
		if k != i && (!IsRule(strings.TrimSpace(doc[ln.start:ln.end])) || literal.Has(ln.start)) {
			return false
		}
	}
	return true
}

// lineKind classifies one line outside code and front matter (literal: a line of the document's
// own text, see [LiteralLines]).
func lineKind(t string, alone, literal bool) string {
	if _, ok := MarkdownHeading(t); ok && !literal {
		return KindHeading
	}
	switch {
	// A trail needs a crumb before its first ">": a line that opens with one is a Markdown quote
	// ("> **Note:** …", a quoted opinion), text to quote, or in a literal line the sign ("> 50% of
	// buyers").
	case LooksLikeBreadcrumb(t) && !strings.HasPrefix(t, ">"):
		return KindMeta
	case looksLikeStamp(t):
		return KindBody
	case alone && LooksLikeTitle(t) && !isListItem(t) && len(Words(t)) <= 14:
		return KindHeading
	}
	return KindBody
}

// titleLine reports a paragraph's first line that titles the text under it, as in bylaws, notices
// and plain-text handbooks ("Artículo 3. Alta y edad mínima", "8 January 2024 - Six new bike
// stations", "二、储物柜", each followed by its text on the next line): a line that looks like a
// title, with at most 14 words, not a list item or a dateline, and a next line that opens a sentence.
// The first line of a hard-wrapped paragraph does not end like a sentence either, but the line
// after it carries on in lower case.
func titleLine(t, next string) bool {
	if !titleShaped(t) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(strings.TrimSpace(next), "¿¡«\"“'‘(（"))
	return unicode.IsUpper(r) || unicode.IsDigit(r) || IsHan(r)
}

// numberedTitleLine reports a paragraph's first line that is a numbered section's title, as
// policies, terms and procedures in plain text write them ("9. GROUP BOOKINGS (5 TO 19 ROOMS)",
// "4. How long items are kept", each followed by the section's text on the next line): a number
// and a title (see titleLine, which a list item's marker keeps out), before a line that opens a
// sentence and is no item of the same list ("6.1 The only approved way …" is a clause of section
// 6). The items of a numbered list follow one another; a hard-wrapped item goes on in the next
// line (the caller checks that no wrap carries the line on).
func numberedTitleLine(t, next string) bool {
	n := orderedBullet(t)
	if n == 0 || t[0] < '0' || t[0] > '9' || !titleShaped(t[n:]) {
		return false
	}
	next = strings.TrimSpace(next)
	if isListItem(next) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(next, "¿¡«\"“'‘(（"))
	return unicode.IsUpper(r) || unicode.IsDigit(r) || IsHan(r)
}

// wrapsInto reports whether a hard wrap carries line a on into line b (see wrapsAfter), which
// the wrap width bounds: a line longer than any wrap leaves ("7 April 2025 - Tanners Road
// recycling centre closed for resurfacing" over a notice written as one long line) is not the
// rest of a wrapped sentence, and the line above it is a title.
func wrapsInto(doc string, a, b line) bool {
	return wrapsAfter(doc, a.end) && utf8.RuneCountInString(strings.TrimSpace(doc[b.start:b.end])) <= maxWrapWidth
}

// maxWrapWidth is the longest line hard-wrapped text leaves (80 columns and some slack).
const maxWrapWidth = 100

// wrapsAfter reports whether a hard wrap (see [LineWraps]) carries the line that ends at end on
// into the next one.
func wrapsAfter(doc string, end int) bool {
	nl := strings.IndexByte(doc[end:], '\n')
	return nl >= 0 && LineWraps(doc, end+nl)
}

// closingTitleLine reports a paragraph's last line that is a headline rather than the end of its
// text, as in seed 001, whose Chinese title "小红书做电商,抖音是个好老师" follows its summary on the next line
// (see [Sentence.Headline]): a line shaped like a title (see titleShaped, as a paragraph's first
// title line is), not a table row, after a line of text that ends a statement or is too long for a
// title (prev, the line before it), which no hard wrap carries into it (see [LineWraps]). After a
// question or a colon the line is the answer or what the colon announces ("Where is the café?" /
// "On the first floor"). Under an unpunctuated line ("Opening hours" / "Monday to Friday 9:00 to
// 17:00", an address) it is one more line of the same kind, and the last line of a hard-wrapped
// sentence carries on from the one before.
func closingTitleLine(doc, prev string, ln line) bool {
	t := strings.TrimSpace(CleanInvisible(doc[ln.start:ln.end]))
	p := strings.TrimSpace(CleanInvisible(prev))
	last, _ := utf8.DecodeLastRuneInString(p)
	if !titleShaped(t) || TableRow(t) || LooksLikeTitle(p) || strings.ContainsRune("?？:：,，;；、", last) {
		return false // a question, a colon or a comma leads into the line after it: its answer, its items
	}
	nl := strings.LastIndexByte(doc[:ln.start], '\n')
	return nl < 0 || !LineWraps(doc, nl)
}

// titleShaped reports a line that may title the text beside it: it looks like a title (see
// [LooksLikeTitle]), with at most 14 words, and is not a list item or a dateline.
func titleShaped(t string) bool {
	return LooksLikeTitle(t) && !isListItem(t) && !looksLikeStamp(t) && len(Words(t)) <= 14
}

func isListItem(t string) bool {
	r := []rune(t)
	return len(r) > 1 && strings.ContainsRune("-*+•", r[0]) && r[1] == ' ' || orderedBullet(t) > 0
}

// sentence analyses one sentence's text: terms, figures, time, platforms and subjects.
func (l *Lexicon) sentence(s, lang string) Sentence {
	out := Sentence{Heading: -1, Lead: -1}
	s = TrimListMarker(s) // a list item's number ("3. ") is neither a term nor a figure
	ms := l.catalog.Find(s)
	for _, m := range ms {
		out.Platforms = appendUnique(out.Platforms, m.Platform)
	}
	out.Subjects, out.Asides, out.PostOf = roles(s, ms)
	rest := l.catalog.Strip(s)
	terms := l.Terms(rest, lang)
	terms = append(terms, l.Glosses(rest, lang)...)
	terms = append(terms, l.SpannedTerms(rest, lang)...)
	for _, p := range l.Segment(rest) {
		if !p.Known && p.End-p.Start > 3 {
			for _, r := range p.Word {
				terms = append(terms, string(r))
			}
		}
	}
	out.Terms = sortedUnique(terms)
	var month bool
	out.Figures, out.Time, month = figures(s)
	tw, clock := whenWords(s)
	out.Clock = clock
	out.TimeWord = month || tw
	out.Time = out.Time || out.TimeWord
	out.Continues = continues(s) || lang == "en" && opensWithVerb(openingWords(s))
	l.facts(&out, s, lang)
	return out
}

// figures returns the normalised numbers of s (not footnote markers such as "[3]"), with the
// amounts it writes in Chinese numerals ("三千亿" as 300000000000; see hanAmounts), and whether s
// holds a time expression: a year from 1800 to 2099; a figure followed by 年, 月, 日 or by "year",
// "month", "day" (seed 004's "2008 year 4 month"); or a month name ("May" and "March" only next to a
// figure, since they are also common words). month reports a month named with no figure beside it
// ("in mid-January", "every October"): a time said in words.
func figures(s string) (out []string, time, month bool) {
	ws := Words(s)
	for i, w := range ws {
		if !w.Number {
			if monthNames[w.Folded] && (w.Upper || !ambiguousMonths[w.Folded]) {
				near := nextToNumber(ws, i)
				time = time || !ambiguousMonths[w.Folded] || near
				// Not an abbreviation: "mar" is also the Spanish sea, "dec" a decimal.
				month = month || !ambiguousMonths[w.Folded] && !near && len(w.Folded) > 3
			}
			continue
		}
		if w.Start > 0 && s[w.Start-1] == '[' && w.End < len(s) && s[w.End] == ']' {
			continue
		}
		n, scaled := FigureAt(s, ws, i)
		if scaled != "" {
			out = appendUnique(out, n+"|"+scaled)
		} else {
			out = appendUnique(out, n)
		}
		if IsYear(n) {
			time = true
			out = appendRange(out, s, ws, i)
		}
		after := strings.TrimLeft(s[w.End:], " ")
		for _, unit := range []string{"年", "月", "日", "year", "month", "day", "Year", "Month", "Day", "años", "meses"} {
			if strings.HasPrefix(after, unit) {
				time = true
			}
		}
	}
	for _, f := range hanAmounts(s) {
		out = appendUnique(out, f)
	}
	return out, time, month
}

// whenWords reports whether s holds a time expression in words or by the clock (a weekday, a part
// of the day or a season, in English, Spanish or Chinese, or a clock time such as 7:00 or 19.30h),
// and whether it tells a time of day by the clock (see [InClock]), in one pass over its words.
func whenWords(s string) (word, clock bool) {
	ws := Words(s)
	if hanClocks(s, ws) != nil {
		return true, true
	}
	for i, w := range ws {
		if InClock(s, ws, i) || clockWords[w.Folded] > 0 {
			return true, true
		}
		word = word || timeWords[w.Folded]
	}
	for _, z := range zhTimeWords {
		if word {
			break
		}
		word = strings.Contains(s, z)
	}
	return word, false
}

// hourSuffixes mark an hour of the day after its number ("7pm", "7 pm", "8 a.m.").
var hourSuffixes = setOf(`am pm`)

// clockWords name a time of day as a clock does: "closes at noon" answers "what time". Each is
// given in minutes after midnight, midnight as 24:00 so that no word's value is 0.
var clockWords = map[string]int{"noon": 12 * 60, "midday": 12 * 60, "mediodia": 12 * 60, "midnight": 24 * 60, "medianoche": 24 * 60}

var (
	// zhWeekdays say on which day in Chinese, as weekdays do in English and Spanish (see [Dated]).
	zhWeekdays = []string{"星期", "礼拜", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周末"}
	// timeWords and zhTimeWords say when in words: a weekday, a part of the day or a season.
	timeWords = union(weekdays, setOf(`weekday weekdays morning mornings afternoon afternoons evening evenings midnight
		noon midday summer winter autumn madrugada mediodia medianoche verano invierno otono primavera`))
	zhTimeWords = append(slices.Clip(zhWeekdays), "上午", "下午", "中午", "晚上", "早上", "凌晨", "每天", "每周", "每月", "每个月",
		"每年", "月初", "月底", "春季", "夏季", "秋季", "冬季", "春天", "夏天", "秋天", "冬天", "点钟")
)

// union returns a set of the words of a and b.
func union(a, b map[string]bool) map[string]bool {
	m := maps.Clone(a)
	maps.Copy(m, b)
	return m
}

// Dated reports whether s says on which day or in which period something happens: a date or a
// year (see figures), or a weekday ("on Tuesdays", "los domingos", 周二, 星期四). A time of day
// alone ("every 20 minutes from 7:00") does not, nor does a part of the day.
func Dated(s string) bool {
	if _, date, month := figures(s); date || month {
		return true
	}
	for _, w := range Words(s) {
		if weekdays[w.Folded] {
			return true
		}
	}
	return slices.ContainsFunc(zhWeekdays, func(z string) bool { return strings.Contains(s, z) })
}

// appendRange adds the years inside a range that ends at year ws[i] ("2017~2020", "2016 year -2021
// year", "from 2018 to 2020", "2018至2020年"): the text between the two years holds only a range
// mark and "year".
func appendRange(out []string, s string, ws []Word, i int) []string {
	j := i - 1
	for j >= 0 && !ws[j].Number && rangeWords[ws[j].Folded] {
		j--
	}
	if j < 0 || !ws[j].Number || !IsYear(NormalizeNumber(ws[j].Lower)) {
		return out
	}
	between := strings.ToLower(s[ws[j].End:ws[i].Start])
	for _, drop := range []string{"years", "year", "年", "to", "a", "至", "到"} {
		between = strings.ReplaceAll(between, drop, " ")
	}
	if strings.Trim(between, " ~-–—") != "" || len(s[ws[j].End:ws[i].Start]) > 16 {
		return out
	}
	from, _ := strconv.Atoi(NormalizeNumber(ws[j].Lower))
	to, _ := strconv.Atoi(NormalizeNumber(ws[i].Lower))
	for y := from + 1; y < to && to-from <= 30; y++ {
		out = appendUnique(out, strconv.Itoa(y))
	}
	return out
}

var rangeWords = map[string]bool{"year": true, "years": true, "to": true, "a": true}

// IsYear reports a normalised figure from 1800 to 2099: history (a locomotive built in 1891, a
// line opened in 1884) is dated too.
func IsYear(n string) bool {
	return len(n) == 4 && (strings.HasPrefix(n, "18") || strings.HasPrefix(n, "19") || strings.HasPrefix(n, "20")) && !strings.ContainsFunc(n, func(r rune) bool { return r < '0' || r > '9' })
}

// YearSpanEnd reports whether ws[i] (words of s) ends a span of years that ws[i-1] starts, as
// financial and school years are written: "2025/26", "2023-24", "2019–2020", the second year
// the one after the first.
func YearSpanEnd(s string, ws []Word, i int) bool {
	if i == 0 || !IsYear(ws[i-1].Lower) || !ws[i].Number {
		return false
	}
	if sep := s[ws[i-1].End:ws[i].Start]; sep != "/" && sep != "-" && sep != "–" {
		return false
	}
	first, err := strconv.Atoi(ws[i-1].Lower)
	if err != nil {
		return false
	}
	switch second := ws[i].Lower; len(second) {
	case 2:
		return second == fmt.Sprintf("%02d", (first+1)%100)
	case 4:
		return second == strconv.Itoa(first+1)
	}
	return false
}

func nextToNumber(ws []Word, i int) bool {
	return i > 0 && ws[i-1].Number || i+1 < len(ws) && ws[i+1].Number
}

var ambiguousMonths = map[string]bool{"may": true, "march": true}

// IsCalendarWord reports a month, a weekday, a part of the day or a season (English or Spanish):
// capitalised, it is no name ("May", "Monday", "Lunes").
func IsCalendarWord(w Word) bool { return monthNames[w.Folded] || timeWords[w.Folded] }

// monthNames are the words (folded) that name a month, in English and Spanish, with the English
// abbreviations: the keys of monthWords.
var monthNames = func() map[string]bool {
	out := map[string]bool{}
	for w := range monthWords {
		out[w] = true
	}
	return out
}()

// continues reports a sentence that opens by pointing back at the one before it: with a word that
// points back ("It", "Such services", 这, 该; see backPointers), a definite noun that does ("The
// platform", "The reason is …"; backNouns), a preposition whose object points back ("Until then",
// "After that", "If so", "For example", "Por eso"; pointingPrepositions), or a Chinese word of
// reason, consequence or example (原因是, 因此, 所以, 例如). A sentence that opens with its own
// reason clause ("Because buyers complained, the platform changed its rules") stands on its own.
func continues(s string) bool {
	for _, p := range []string{"这", "该", "其", "此", "他", "她", "它", "原因是", "因此", "所以", "例如", "比如"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	ws := Words(s)
	if len(ws) == 0 || ws[0].Start > 3 {
		return false
	}
	first := ws[0].Folded
	if backPointers[first] {
		return true
	}
	if len(ws) > 1 && pointingPrepositions[first] && pointedObjects[ws[1].Folded] {
		return true
	}
	if len(ws) > 1 && (first == "the" || first == "la" || first == "el" || first == "that" || first == "this" || first == "dicha" || first == "dicho") {
		return backNouns[ws[1].Folded]
	}
	return false
}

// opensWithVerb reports an English sentence that opens with a verb and its object, so that its
// subject is the sentence before's: "Elena Marchetti, non-executive director. Chairs the Audit
// Committee.", "Joined the Board in 2018 and became Chair in 2022." A word is read as a verb by
// its form (a past tense, a third-person "-s" form of a common word; see [verbForm],
// [presentStem]) when a determiner follows it: a plural noun that opens a sentence is its subject
// and takes no determiner after it ("Prices rose"), and a past participle that opens one sets the
// scene for the subject after it ("Founded in 2011, the festival …").
func opensWithVerb(ws []Word) bool {
	if len(ws) < 2 || ws[0].Start > 3 || !determiners[ws[1].Folded] || IsStopword(ws[0]) || ws[0].Number {
		return false
	}
	w := ws[0].Lower
	if strings.HasSuffix(w, "ing") {
		return false // a gerund is a subject ("Using the app is free")
	}
	if verbForm(ws[0]) {
		return true
	}
	stem := presentStem(w)
	// Adverbs and prepositions in -s ("towards", "besides", "sometimes") are not verbs.
	return stem != "" && len(stem) >= 4 && IsDictionaryWord(stem) && !adverbsInS[w] && !strings.HasSuffix(w, "wards")
}

// adverbsInS are English adverbs and prepositions ending in "-s" whose stem without it is a word.
var adverbsInS = setOf(`besides sometimes`)

// carriesOn reports whether a sentence that continues the one before it (see continues) goes on
// about what that one is about: unless it opens with connectives only ("and", "but", "meanwhile",
// "so to speak"), it does; after them, only a word that points back ("But that's all 6 Months",
// "However, the platform …") makes it. A connective joins what follows to the story, not to the
// subject before: "and 2015 In, Wang Sicong and other players entered the game …" is about them,
// not about the WeChat official accounts of the sentence before.
func carriesOn(s string) bool {
	ws := Words(s)
	k := 0
	for k < len(ws) && connectives[ws[k].Folded] {
		k++
	}
	switch {
	case k == 0:
		return true
	case k == len(ws):
		return false
	case backPointers[ws[k].Folded] && !connectives[ws[k].Folded]:
		return true
	}
	return k+1 < len(ws) && definite[ws[k].Folded] && backNouns[ws[k+1].Folded]
}

// connectives are the back pointers that join a sentence to the one before without pointing at
// anything in it.
var connectives = setOf(`also however but and so then thus meanwhile moreover furthermore besides additionally
	still yet ademas asimismo tambien sin embargo entonces`)

// openingWords returns the first four words of sentence s, which [repeatsNoun] and
// [repeatsFigure] read: from its first 120 bytes, cut at a space, rather than all its words.
func openingWords(s string) []Word {
	if len(s) > 120 {
		if i := strings.LastIndexByte(s[:120], ' '); i > 0 {
			s = s[:i]
		}
	}
	ws := Words(s)
	return ws[:min(4, len(ws))]
}

// repeatsNoun reports a sentence that opens with a definite noun the sentence before it used
// ("… sends a JSON report there. The report has the fields …"): it goes on about the same thing.
func repeatsNoun(ws []Word, prev *Sentence, lang string) bool {
	if len(ws) < 2 || ws[0].Start > 3 || !definite[ws[0].Folded] || IsStopword(ws[1]) {
		return false
	}
	return prev.HasTerm(Stem(ws[1], lang))
}

// repeatsFigure reports a sentence that opens with a limit the sentence before it set ("… free
// for the first 3 hours. After 3 hours, parking costs £1.50 per hour."): the other side of that
// sentence's rule, which a question about the rule needs as much. ws are the opening words of
// sentence s; the figure is the same one however it is written ("3 hours", "3h"; see
// [FigureAmong]).
func repeatsFigure(s string, ws []Word, prev *Sentence) bool {
	if len(ws) < 2 || ws[0].Start > 3 || !limitWords[ws[0].Folded] {
		return false
	}
	for i, w := range ws {
		if i > 0 && w.Number {
			return numberAmong(prev.Figures, s, ws, i)
		}
	}
	return false
}

// limitWords open a phrase that names a limit (English and Spanish: "after 3 hours", "más de 3
// horas").
var limitWords = setOf(`after before over above below under beyond past within until up from more less
	despues antes tras pasados pasadas mas menos hasta desde`)

var definite = setOf(`the this that these those el la los las este esta estos estas`)

// backPointers open a sentence that continues the previous one; backNouns do after "the"/"that".
var (
	backPointers = setOf(`it its this that these those they their he she his her there then thus also however but and so
		otherwise such
		meanwhile moreover furthermore besides additionally still yet esto esta este estos estas ello ellos ellas
		su sus ademas asimismo tambien sin embargo entonces`)
	backNouns = setOf(`platform company firm app year month move decision strategy model reason cause plataforma empresa
		compania modelo ano estrategia motivo razon causa`)
	// pointingPrepositions open a phrase whose object, one of pointedObjects, points back ("Until
	// then", "After that", "For this reason", "Hasta entonces", "Por eso"), as do the conjunctions
	// of a condition before one ("When this is the cause", "If so", "If not", "Si no") and those of
	// time or concession before a pronoun ("While it waits", "Although they …"); an example
	// illustrates the sentence before it ("For example", "Por ejemplo").
	pointingPrepositions = setOf(`until after before since for in because despite hasta desde tras antes despues por en para
		when if cuando si while although though whereas as aunque mientras`)
	pointedObjects = setOf(`then that this these those it they he she so not no example instance entonces eso ello esto ese esa
		ejemplo`)
)

// Qualifies reports a sentence that opens with a condition or an exception ("If …", "Unless …",
// "Once …", "Except …", "Si …", "Salvo …", 如果, 除非, 否则, 一旦): it qualifies the rule the
// sentence before it states ("Membership is free for anyone who works in Alderbrook. … If you work
// here but live elsewhere, a payslip takes the place of the proof of address."). Such a sentence
// stands on its own, unlike one that continues (see continues), but a question about the rule
// needs it as much as the rule, since the asker's case is often the exception.
func Qualifies(s string) bool {
	for _, p := range []string{"如果", "假如", "除非", "否则", "一旦"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	ws := Words(s)
	return len(ws) > 0 && ws[0].Start <= 3 && conditionWords[ws[0].Folded]
}

// Replies reports whether s opens with a direct reply to a yes-or-no question: "Yes." or "No, …"
// in English, "Sí, …" or "No." in Spanish, 是的, 可以, 不可以, 不行 or 没有 followed by punctuation
// in Chinese. An FAQ answers its question heading so ("Yes, but only connected by USB cable."), and
// the reason or the condition follows in the next sentence. A word that opens a longer clause ("No
// rider was hurt", "Si llegas tarde", 可以通过…) is no reply.
func Replies(s string) bool {
	s = strings.TrimLeft(s, "*_ ")
	for _, p := range []string{"是的", "不是", "可以", "不可以", "不行", "不能", "没有", "不用", "不需要", "需要"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			r, _ := utf8.DecodeRuneInString(rest)
			return strings.ContainsRune("，。！；,.!;", r)
		}
	}
	ws := Words(s)
	if len(ws) == 0 || ws[0].Start > 0 || !slices.Contains(replyWords, ws[0].Lower) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s[ws[0].End:], "*_"))
	return strings.ContainsRune(",.!;", r)
}

// replyWords answer a yes-or-no question (see [Replies]), accents kept: "si" is "if".
var replyWords = []string{"yes", "no", "sí"}

// conditionWords open a clause of condition or exception.
var conditionWords = setOf(`if unless once except otherwise si salvo excepto`)

// Subjects returns the platforms a sentence is about, from its mentions: in each clause (text
// between , ; : and brackets) the first platform named, when it leads the clause (at most two
// content words before it: "the growth rate of Alibaba's …", not "it also kept the basic plate of
// Alipay"), no word such as "like", "than" or "against" points at it as an example or a
// comparison, and it is not the object of the verb that opens the clause ("Broke Ali 、 Jingdong's
// … pattern", "who has just joined Alibaba"; see objectOfVerb), nor the subject of a
// subordinate clause the sentence does not go on about ("When pinduoduo rose …, Zhang Yonggang is in
// charge …"; see subordinate and goesOnAbout); and the platforms listed together
// with it ("Douyin and Kuaishou", "A lot of spelling 、 Tiktok"); but of a sentence that states
// amounts, only the subjects the claim is about (see mainSubjects). So "Douyin has achieved
// remarkable growth, …, surpassing competitors like JD.com" is about Douyin and not JD.com, "…,
// Tiktok GMV super 5000" is about Douyin, and "Tiktok … ( Diurnal hyperactivity 7 Billion ) …, Even
// wechat is trembling ." is not about WeChat.
func Subjects(s string, ms []Mention) []string {
	subjects, _, _ := roles(s, ms)
	return subjects
}

// Asides returns the platforms a sentence names only as an example, a comparison or an aside
// ("surpassing competitors like JD.com", "como WeChat, Taobao y JD.com"): every mention of them
// follows a word such as "like", "than", "against", "como" in its clause, or is listed with one
// that does.
func Asides(s string, ms []Mention) []string {
	_, asides, _ := roles(s, ms)
	return asides
}

// roles finds the subjects and the asides of a sentence from its mentions (see [Subjects] and
// [Asides]), and the subjects that only say whose post a person holds (see [Sentence.PostOf]).
func roles(s string, ms []Mention) (subjects, asides, postOf []string) {
	pointed := make([]bool, len(ms))
	var runs []subjectRun
	var own []string // the subjects of a clause that are not only whose post a person holds
	spanish := len(ms) > 0 && DetectLanguage(s) == Spanish
	aside := asideBrackets(s)
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		clauseStart := clauseStartBefore(s, m.Start)
		if i > 0 && listed(s[ms[i-1].End:m.Start]) {
			pointed[i] = pointed[i-1] // a list shares the status of its head
		} else {
			pointed[i] = pointedAt(s[clauseStart:m.Start])
		}
		if i > 0 && ms[i-1].End > clauseStart && !listed(s[ms[i-1].End:m.Start]) {
			continue // not the first platform of its clause
		}
		// Follow the list headed by m.
		j := i
		for j+1 < len(ms) && listed(s[ms[j].End:ms[j+1].Start]) {
			j++
			pointed[j] = pointed[i]
		}
		var subject bool
		if i > 0 && listed(s[ms[i-1].End:m.Start]) {
			subject = contains(subjects, ms[i-1].Platform) // listed with the platform before it
		} else {
			before := s[clauseStart:m.Start]
			subject = !pointed[i] && leadsClause(before) && !objectOfVerb(before, s[ms[j].End:], spanish) &&
				!(aside != nil && aside[m.Start] && !gloss(s, m)) && !laterItem(before) && !commaListItem(s, clauseStart, before, s[ms[j].End:]) &&
				!(subordinate(before) && !goesOnAbout(s, ms[j].End)) && !agent(before)
		}
		if subject {
			run := subjectRun{clause: clauseStart}
			post := holdsPost(s[clauseStart:m.Start], s[ms[j].End:])
			for k := i; k <= j; k++ {
				subjects = appendUnique(subjects, ms[k].Platform)
				run.platforms = appendUnique(run.platforms, ms[k].Platform)
				if post {
					postOf = appendUnique(postOf, ms[k].Platform)
				} else {
					own = appendUnique(own, ms[k].Platform)
				}
			}
			runs = append(runs, run)
		}
		i = j
	}
	subjects = mainSubjects(s, ms, runs, subjects)
	// A platform is only whose post it is when no other clause has it as its subject.
	postOf = slices.DeleteFunc(postOf, func(p string) bool { return !contains(subjects, p) || contains(own, p) })
	if len(postOf) == 0 {
		postOf = nil
	}
	plain := map[string]bool{}
	for i, m := range ms {
		if !pointed[i] {
			plain[m.Platform] = true
		}
	}
	for _, m := range ms {
		if !plain[m.Platform] && !contains(subjects, m.Platform) {
			asides = appendUnique(asides, m.Platform)
		}
	}
	return subjects, asides, postOf
}

// subjectRun is a platform that is a subject of a clause, with those listed with it, and where
// that clause starts.
type subjectRun struct {
	clause    int
	platforms []string
}

// mainSubjects returns, of the subjects found clause by clause (runs, in order; all of them
// subjects), those the sentence's claim is about. When the sentence states amounts, they are its
// main figures, and a subject whose stretch of the sentence (from its clause to the next subject's)
// states none, while the sentence leads with another, is a side remark, only named: in "Tiktok is
// based on Algorithm …, Has become the largest number of users in China ( Diurnal hyperactivity 7
// Billion ), Highest viscosity ( … 73 minute ) …, Even wechat is trembling ." the claim, and every
// figure, is Douyin's, and the sentence is not about WeChat. The first subject is always kept (a
// sentence is about what it leads with: "2011 Year of “ A double tenth ”, Taobao's turnover rose to
// 52 …"), and so is every subject of a sentence without amounts, whose claim this cannot weigh
// ("After tmall succeeds , Ali sat down …").
func mainSubjects(s string, ms []Mention, runs []subjectRun, subjects []string) []string {
	if len(runs) < 2 {
		return subjects
	}
	// The platforms' names are not amounts ("Double 11", "11.11").
	b := []byte(s)
	for _, m := range ms {
		for k := m.Start; k < m.End; k++ {
			b[k] = ' '
		}
	}
	blank := string(b)
	if !HoldsAmount(blank, nil) {
		return subjects
	}
	var out []string
	for k, r := range runs {
		end := len(s)
		for _, n := range runs[k+1:] {
			if n.clause > r.clause {
				end = n.clause
				break
			}
		}
		if r.clause == runs[0].clause || HoldsAmount(blank[r.clause:end], nil) {
			for _, p := range r.platforms {
				out = appendUnique(out, p)
			}
		}
	}
	return out
}

// clauseStartBefore returns where the clause holding byte i starts.
func clauseStartBefore(s string, i int) int {
	k := strings.LastIndexAny(s[:i], ",;:()，；：（）")
	if k < 0 {
		return 0
	}
	for k < i && !unicode.IsLetter(rune(s[k])) && s[k] < 0x80 {
		k++
	}
	return k
}

// subordinate reports whether the clause text before a mention opens a subordinate clause: a
// relative pronoun ("…, which Pinduoduo had pioneered") or a conjunction that only joins clauses
// ("When pinduoduo rose", "If JD ignores pinduoduo", "Although the Douyin mechanism has
// matured"). "After" and "before" are left out: they are as often prepositions ("After 2015").
func subordinate(before string) bool {
	for _, w := range Words(before) {
		if subordinators[w.Folded] {
			return true
		}
	}
	return false
}

var subordinators = setOf(`which who whom whose when whenever while whilst whereas although though because unless
	until cuando aunque porque mientras`)

// goesOnAbout reports whether the clause after the one ending past byte i (the next clause outside
// brackets) opens with a pronoun, going on about what the subordinate clause before it named: "If JD
// ignores pinduoduo, it is because its target customers are the middle class" is about JD, but
// "When pinduoduo rose (2015 year -2016 year ), Zhang Yonggang is in charge of Alibaba group CEO"
// is about Zhang Yong, the time Pinduoduo rose only its setting.
func goesOnAbout(s string, i int) bool {
	depth := 0
	for k, r := range s[i:] {
		switch {
		case strings.ContainsRune("(（", r):
			depth++
		case strings.ContainsRune(")）", r):
			depth--
		case depth <= 0 && strings.ContainsRune(",;，；", r):
			ws := Words(s[i+k:])
			return len(ws) > 0 && backPronouns[ws[0].Folded]
		}
	}
	return false
}

var backPronouns = setOf(`it its they their them he she his her this these su sus`)

// listed reports whether the text between two mentions only joins them into a list.
func listed(between string) bool {
	for _, w := range Words(between) {
		if !listWords[w.Folded] {
			return false
		}
	}
	for _, r := range between {
		if !unicode.IsSpace(r) && !isWordRune(r) && !strings.ContainsRune(",、/&和与及", r) {
			return false
		}
	}
	return true
}

var listWords = setOf(`and or y e o u as well`)

// objectOfVerb reports whether a platform named after before in its clause, with after following
// it (or the list it heads), is the object of a verb rather than the clause's subject: the word
// before it, past any prepositions, particles and articles, is a verb form (see [verbForm]), or a
// third-person present form after its pronoun subject ("it supports Alipay"; see presentForm), or,
// in a Spanish sentence, a third-person present form after its subject ("los consumidores
// prefieren Douyin"; see spanishPresentForm). Such a
// clause has no subject of its own, continuing the sentence's ("2015 year , a … APP available ,
// Broke Ali 、 Jingdong's e-commerce bipolar pattern"; "Zhang yong , Leaving Taobao ( China )
// Software Co., Ltd"), or its subject is a pronoun ("who has just joined Alibaba", "It pushed Taobao
// live broadcast to the position of boss"). A verb form after an article or a possessive is an
// adjective ("the leading Douyin", "its growing Taobao business"), and a platform right before an auxiliary is the subject of a clause of its own
// ("I thought WeChat would lead").
func objectOfVerb(before, after string, spanish bool) bool {
	ws := Words(before)
	k := len(ws) - 1
	for k >= 0 && (verbLinks[ws[k].Folded] || spanish && spanishVerbLinks[ws[k].Folded]) {
		k--
	}
	if k < 0 || !(verbForm(ws[k]) && (k == 0 || !determiners[ws[k-1].Folded]) || presentForm(ws, k) || spanish && spanishPresentForm(ws, k)) {
		return false
	}
	rest := strings.TrimLeft(after, " ")
	if a := Words(rest); len(a) > 0 && a[0].Start == 0 && auxiliaries[a[0].Folded] {
		return false
	}
	return true
}

// verbLinks are the words that may stand between a verb and its object: prepositions, particles,
// articles and possessives ("contributed to Alibaba", "Took over Alibaba Group", "launched the
// Taobao app").
var verbLinks = setOf(`to into onto on upon over off up out by from in at the a an its their his her`)

// spanishVerbLinks are the Spanish words that may stand between a verb and its object ("prefieren
// a Douyin", "depende de Taobao", "usa la app de WeChat" is not one: "app" is no link).
var spanishVerbLinks = setOf(`a al el la los las un una unos unas su sus de del en con por`)

// determiners before a verb form make it an adjective.
var determiners = setOf(`the a an this that these those its their his her our your my`)

// auxiliaries open the verb of a clause right after its subject.
var auxiliaries = setOf(`is are was were will would has have had can could may might shall should must does did
	cannot don't doesn't didn't can't won't isn't aren't wasn't weren't hasn't haven't hadn't wouldn't couldn't
	shouldn't es son fue fueron era eran sera seran esta estan estaba estaban ha han habia habian puede pueden
	podria podrian debe deben`)

// leadsClause reports whether the clause text before a mention holds at most two content words.
func leadsClause(before string) bool {
	n := 0
	for _, w := range Words(before) {
		if !IsStopword(w) && !w.Number {
			n++
		}
	}
	return n <= 2
}

// asideBrackets reports, for each byte offset of s, whether it lies inside a bracketed aside:
// a pair of brackets that closes in s (see bracketed), with the sentence's own text outside it.
// What a sentence names there is an example or a gloss of what stands before it ("Mobile social
// networking ( Wechat replaces QQ)", "through wechat ( Wechat payment gets through )"), not what
// the sentence is about (a bracket that holds only a name is a gloss; see gloss). nil when s has
// none; a sentence wholly in brackets is no aside.
func asideBrackets(s string) []bool {
	inside := bracketed(s)
	if inside == nil {
		return nil
	}
	for i, r := range s {
		if !inside[i] && unicode.IsLetter(r) {
			return inside
		}
	}
	return nil
}

// gloss reports whether a bracket holds nothing but the mention m: another name for what stands
// before it ("Launched Taobao Special Edition ( Taote )", "B2B( Alibaba )"), which, unlike an
// aside, is judged as the clause it opens.
func gloss(s string, m Mention) bool {
	open := strings.LastIndexAny(s[:m.Start], "([（")
	end := strings.IndexAny(s[m.End:], ")]）")
	return open >= 0 && end >= 0 && strings.TrimSpace(s[open+1:m.Start]) == "" && strings.TrimSpace(s[m.End:m.End+end]) == ""
}

// holdsPost reports whether a platform named after before in its clause, with after following it
// (or the list it heads), only says whose post a person holds (see [Sentence.PostOf]): a post follows it ("Alibaba
// chairman … Zhang Yong", "the JD.com founder Liu Qiangdong said", "Alibaba's former CEO",
// "阿里巴巴董事长张勇") or comes right before it ("the founder of Alibaba", "el fundador de
// Alibaba"). The clause's subject is then the person, and what it says is what the person did or
// said, not a fact about the platform.
func holdsPost(before, after string) bool {
	a := strings.TrimLeft(after, " ")
	for _, poss := range []string{"'s ", "’s ", "' ", "’ "} {
		a = strings.TrimPrefix(a, poss)
	}
	a = strings.TrimPrefix(strings.TrimLeft(a, " "), "的")
	for _, r := range zhPosts {
		if strings.HasPrefix(a, r) {
			return true
		}
	}
	ws := Words(a)
	for k := 0; k < len(ws) && k < 3; k++ {
		if k > 0 && ws[k].Start > ws[k-1].End+1 || k == 0 && ws[0].Start > 0 {
			break // punctuation or spacing between: another phrase
		}
		if postNoun(ws[k]) {
			return true
		}
		if !postModifiers[ws[k].Folded] {
			break
		}
	}
	b := Words(before)
	n := len(b)
	if n > 0 && determiners[b[n-1].Folded] {
		n--
	}
	return n >= 2 && (b[n-1].Folded == "of" || b[n-1].Folded == "de" || b[n-1].Folded == "del") &&
		(postNoun(b[n-2]) || b[n-2].Folded == "head" && b[n-1].Folded == "of") &&
		strings.TrimSpace(before[b[len(b)-1].End:]) == ""
}

// agent reports whether a platform named after before in its clause follows "by" (past an
// article or a possessive): the agent of a passive or the means of an act, which is not the
// clause's subject ("By Ali “ Eighteen Luo Han ” Daishan, one of them, took over": Dai Shan took
// over). After a verb form ("was bought by Alibaba") objectOfVerb says as much.
func agent(before string) bool {
	ws := Words(before)
	k := len(ws) - 1
	for k >= 0 && determiners[ws[k].Folded] {
		k--
	}
	return k >= 0 && ws[k].Folded == "by" && strings.TrimSpace(before[ws[len(ws)-1].End:]) == ""
}

// postNoun reports a word that names a post a person holds (see roleNouns and leaderPosts).
func postNoun(w Word) bool { return roleNouns[w.Folded] || leaderPosts[w.Folded] }

// postModifiers may stand between a platform and the post it qualifies ("Alibaba former CEO",
// "JD.com vice president", "Taobao board chairman").
var postModifiers = setOf(`former then current new vice deputy executive chief co board group general acting
	senior interim ex`)

// laterItem reports whether the clause text before a mention lists other things before it: it
// ends with an enumeration comma ("Weibo 、 WeChat official account 、 Today's headlines APP",
// "微博、微信公众号") or with "and", "or", "y", "和" after one ("Weibo 、 youku and WeChat"). The
// mention is then one item of a list led by something else, which the clause is about as a
// whole; a platform that leads the list is judged on its own (see [Subjects]), and so are
// those listed after it. A pair joined by "and" alone ("Tencent and Alibaba are using …") is a
// joint subject, not such a list. A comma list ("Weibo, WeChat and Toutiao") spans clauses as
// the clauses are cut; commaListItem reads it.
func laterItem(before string) bool {
	t := strings.TrimRightFunc(before, unicode.IsSpace)
	if strings.HasSuffix(t, "、") {
		return strings.TrimSpace(strings.TrimSuffix(t, "、")) != ""
	}
	if !strings.Contains(t, "、") {
		return false
	}
	for _, c := range []string{"和", "与", "及", "以及"} {
		if strings.HasSuffix(t, c) {
			return true
		}
	}
	ws := Words(t)
	return len(ws) > 0 && ws[len(ws)-1].End == len(t) && listWords[ws[len(ws)-1].Folded]
}

// commaListItem reports whether a platform named after before in the clause that starts at
// clauseStart, with after following it (or the list it heads), is a later item of a comma list led
// by something else ("Weibo, WeChat and Toutiao are …", "Weibo, Toutiao and WeChat …", "Weibo,
// Toutiao, and WeChat …"), which, like the lists laterItem finds, the clause is about as a whole.
// The clause opens after a comma that closes a name (see nameItem), and the list goes on there:
// the platform is followed by "and", "or" or a comma and another item, or comes after "and" or
// "or" (and an item before it). A comma after an opening word ("However, WeChat and Douyin …",
// "Last year, WeChat …") closes no name, so that platform is judged on its own.
func commaListItem(s string, clauseStart int, before, after string) bool {
	lead := strings.TrimRight(s[:clauseStart], " ")
	if !strings.HasSuffix(lead, ",") {
		return false
	}
	comma := len(lead) - 1
	if !nameItem(s[clauseStartBefore(s, comma):comma]) {
		return false
	}
	bw := Words(before)
	if len(bw) == 0 {
		a := strings.TrimLeft(after, " ")
		if rest, ok := strings.CutPrefix(a, ","); ok {
			return len(Words(rest)) > 0
		}
		aw := Words(a)
		return len(aw) > 1 && aw[0].Start == 0 && listWords[aw[0].Folded]
	}
	last := bw[len(bw)-1]
	if !listWords[last.Folded] || strings.TrimSpace(before[last.End:]) != "" {
		return false
	}
	return len(bw) == 1 || nameItem(before[:last.Start])
}

// nameItem reports whether t, the text between two commas (or before the first), is a name that
// may be an item of a list ("Weibo", "Today's Headlines"): one to three capitalised words, none of
// them a function word, a connective, a sentence adverb, a figure or a word of time.
func nameItem(t string) bool {
	ws := Words(t)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		f := w.Folded
		if !w.Upper || w.Number || IsStopword(w) || backPointers[f] || sentenceAdverbs[f] || IsCalendarWord(w) ||
			strings.HasSuffix(f, "ly") || strings.HasSuffix(f, "mente") {
			return false
		}
	}
	return true
}

// sentenceAdverbs open a sentence before a comma as connectives do, without pointing back: not
// names that may lead a list ("Overall, WeChat and Douyin …", "Today, Taobao and JD …").
var sentenceAdverbs = setOf(`therefore hence instead indeed otherwise nevertheless nonetheless overall first second
	third fourth last next namely today nowadays yesterday tomorrow now year month week day decade quarter
	hoy ahora luego pues primero segundo tercero finalmente`)

// pointedAt reports whether the clause text before a mention presents it as an example, a
// comparison or an aside ("competitors like", "more than", "compared with", "como", "比").
// Spanish "que" compares only after a comparative ("más … que Taobao"); elsewhere it opens a
// clause ("creen que WeChat liderará …") or is a relative pronoun.
func pointedAt(before string) bool {
	ws := Words(before)
	for k := len(ws) - 1; k >= 0 && k >= len(ws)-5; k-- {
		if ws[k].Folded == "que" {
			if comparedBefore(ws, k) {
				return true
			}
			continue
		}
		if pointers[ws[k].Folded] {
			return true
		}
	}
	for _, p := range []string{"比", "像", "如", "超过", "包括", "对比", "相比", "例如", "比如"} {
		if strings.Contains(before, p) {
			return true
		}
	}
	return false
}

var pointers = setOf(`like such including include includes than against surpassing surpassed surpass beyond
	versus vs compared comparison with unlike rival rivals competitor competitors outpacing overtaking
	overtook ahead similar similarly resembling como contra incluyendo incluso frente comparado comparacion rivales
	competidores parecido parecida semejante`)

// comparedBefore reports whether a Spanish comparative stands among the three words before
// ws[k], a "que" that then means "than" ("vende más productos que Taobao").
func comparedBefore(ws []Word, k int) bool {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		if comparatives[ws[j].Folded] {
			return true
		}
	}
	return false
}

// comparatives are the comparatives of Spanish and the English comparative adjectives of measure:
// a Spanish "que" after one means "than" (see [comparedBefore]), and "how much" before an English
// one asks by how much two things differ ("how much slower", "how much cheaper"), not for a thing
// counted (see [CountedWord]).
var comparatives = setOf(`mas menos mejor mejores peor peores mayor mayores menor menores antes tanto tanta
	tantos tantas
	bigger smaller larger higher lower longer shorter faster slower cheaper dearer heavier lighter older newer
	younger greater wider narrower deeper shallower warmer colder hotter cooler quicker earlier later stronger
	weaker better worse`)

// Structure returns, by file, the spans of the sentences of docs that structure their document
// rather than say something in it: headings, titles, tables' header rows and boilerplate
// (breadcrumbs, datelines, front matter, rules). An answer never quotes one, and a gap report never shows one as what a passage
// says. A question (a heading that asks, "¿Qué significa microcomercio?") and code are not among
// them.
func Structure(docs []Doc) map[string][]Span {
	out := map[string][]Span{}
	for _, d := range docs {
		for _, st := range d.Sentences {
			switch st.Kind {
			case KindHeading, KindTitle, KindHeaderRow, KindMeta:
				out[d.File] = append(out[d.File], Span{Start: st.Start, End: st.End})
			}
		}
	}
	return out
}

// Overlaps reports whether the byte span [start, end) overlaps one of spans.
func Overlaps(spans []Span, start, end int) bool {
	for _, h := range spans {
		if start < h.End && h.Start < end {
			return true
		}
	}
	return false
}

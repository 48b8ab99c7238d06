package retrieval

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// Chunking bounds, in bytes. A paragraph up to maxChunk stays whole; a longer one is cut at sentence
// boundaries into chunks of about targetChunk, each starting with the previous chunk's last sentence
// when that sentence is short enough to repeat (the overlap).
const (
	targetChunk = 480
	maxChunk    = 720
	maxOverlap  = 200
)

// chunkDocument cuts every paragraph of d into passages. Passages never cross paragraphs.
func chunkDocument(d *Document) []Passage {
	heads := headings(d)
	var out []Passage
	for i, p := range d.Paragraphs {
		for _, sp := range chunkParagraph(d.Text, p) {
			out = append(out, newPassage(d, p, sp, heads[i]))
		}
	}
	return out
}

// chunkParagraph groups the sentences of one paragraph into chunk spans.
func chunkParagraph(doc string, p Paragraph) []text.Span {
	s, e := trimSpan(doc, p.StartByte, p.EndByte)
	if e-s <= maxChunk {
		if s == e {
			return nil
		}
		return []text.Span{{Start: s, End: e}}
	}
	sents := splitLong(doc, text.Sentences(doc, s, e))
	var out []text.Span
	for i := 0; i < len(sents); {
		first := i
		end := sents[i].End
		i++
		for i < len(sents) && sents[i].End-sents[first].Start <= targetChunk {
			end = sents[i].End
			i++
		}
		out = append(out, text.Span{Start: sents[first].Start, End: end})
		// Overlap: start the next chunk with this chunk's last sentence when it is short and the
		// chunk had more than one sentence (so the loop always advances).
		if i < len(sents) && i-first > 1 {
			last := sents[i-1]
			if last.End-last.Start <= maxOverlap && sents[i].End-last.Start <= maxChunk {
				i--
			}
		}
	}
	return out
}

// splitLong cuts sentences longer than maxChunk at white space (or anywhere on a rune boundary for
// text without spaces), so that no chunk exceeds maxChunk.
func splitLong(doc string, sents []text.Span) []text.Span {
	var out []text.Span
	for _, s := range sents {
		for s.End-s.Start > maxChunk {
			cut := s.Start + targetChunk
			for cut > s.Start && !utf8.RuneStart(doc[cut]) {
				cut--
			}
			if sp := strings.LastIndexAny(doc[s.Start:cut], " ，,、"); sp > targetChunk/2 {
				cut = s.Start + sp
			}
			a, b := trimSpan(doc, s.Start, cut)
			if a < b {
				out = append(out, text.Span{Start: a, End: b})
			}
			s.Start, _ = trimSpan(doc, cut, s.End)
		}
		if s.Start < s.End {
			out = append(out, s)
		}
	}
	return out
}

func newPassage(d *Document, p Paragraph, sp text.Span, heading string) Passage {
	startLine := p.StartLine + strings.Count(d.Text[p.StartByte:sp.Start], "\n")
	endLine := startLine + strings.Count(d.Text[sp.Start:sp.End], "\n")
	return Passage{
		ID:        passageID(d.File, sp.Start, sp.End, d.Text[sp.Start:sp.End]),
		File:      d.File,
		Paragraph: p.N,
		StartLine: startLine,
		EndLine:   endLine,
		StartByte: sp.Start,
		EndByte:   sp.End,
		Text:      d.Text[sp.Start:sp.End],
		Title:     d.Title,
		Heading:   heading,
		PageSpan:  p.PageSpan,
	}
}

// titleTerms are the keyword terms a document's title adds to each of its chunks (other than a
// chunk the title heads): a paragraph of "Política de propinas" is about tips even when it only
// says "En vigor desde el 1 de marzo de 2022". Session 1 left titles out entirely (embedded with
// every chunk, on the seeds and the manual they cost 2 of 194 answers); session 2 measured them on
// four dev corpora (the seeds, the manual, a staff handbook, a museum guide) as keyword terms only.
func titleTerms(title string, lex *text.Lexicon, lang string) []string {
	if title == "" || lex == nil {
		return nil
	}
	t := text.CleanInvisible(title)
	t += lex.Catalog().Expansion(t)
	if gl := lex.Glosses(t, lang); len(gl) > 0 {
		t += "\n" + strings.Join(gl, " ")
	}
	return lex.Terms(t, lang)
}

// onlyStructure reports a passage of d that says nothing itself, only structures its document: a
// heading ("## Sick leave", or a paragraph of one line that looks like a title), its Markdown front
// matter (the "---" or "+++" block that opens a Markdown file), a rule, a breadcrumb. Which passages
// those are is the text layer's analysis' rule ([text.OnlyStructure]), so that search and answers
// cannot disagree on it; a literal line of a web page or Word document that reads "# …" or "---"
// is text, not structure. Search never returns such a passage: a heading's words are carried by
// every chunk under it (indexText), front matter's title by every chunk of its document
// (titleTerms), and as hits they took the place of a passage that answers ("What does the council
// mean by …?" over a guide whose front matter names the council). A plain first line is kept,
// heading-like or not: it may be all a short document says.
func onlyStructure(d *Document, p Passage) bool {
	para, _, ok := d.ParagraphText(p.Paragraph)
	if !ok || para.StartByte > p.StartByte || p.EndByte > para.EndByte {
		return false
	}
	switch {
	case para.N == 1 && para.StartLine == para.EndLine:
		if _, ok := text.MarkdownHeading(text.CleanInvisible(p.Text)); !ok || d.literal.Has(para.StartByte) {
			return false // a plain first line
		}
	case p.StartLine != p.EndLine && (para.N != 1 || p.StartByte != para.StartByte):
		// Of the passages of more lines, only the block that opens a document (its front matter)
		// is left out: a setext heading ("Title" over "-----") is kept, as it always was; leaving
		// it out changed the results on one of the four dev corpora, which is a decision for the
		// evaluation, not for this rule.
		return false
	}
	return text.OnlyStructure(d.Text, text.Span{Start: para.StartByte, End: para.EndByte}, text.Span{Start: p.StartByte, End: p.EndByte}, para.N == 1, d.literal)
}

// passageID identifies a passage across runs: its file, byte span and a hash of its text.
func passageID(file string, start, end int, text string) string {
	sum := sha256.Sum256([]byte(text))
	return file + ":" + strconv.Itoa(start) + "-" + strconv.Itoa(end) + ":" + hex.EncodeToString(sum[:6])
}

// indexText is what gets embedded and keyword-indexed for a passage: its context (the nearest
// heading) and its text, cleaned of invisible characters, plus the canonical
// names of the platforms it mentions by any alias and the English glosses of its Spanish and
// Chinese words (lang is the document's language), so that a question in one language meets a
// passage in another.
func indexText(p Passage, lex *text.Lexicon, lang string) string {
	var b strings.Builder
	// The document's title is not embedded with every chunk: a title shared by all of a
	// document's chunks blurs what tells their vectors apart. Its words are keyword terms of every
	// chunk instead (see titleTerms). The nearest heading is specific to its section and stays.
	if p.Heading != "" && p.Heading != p.Title {
		b.WriteString(p.Heading)
		b.WriteString("\n")
	}
	b.WriteString(p.Text)
	body := text.CleanInvisible(b.String())
	if lex == nil {
		return body
	}
	body += lex.Catalog().Expansion(body)
	if gl := lex.Glosses(body, lang); len(gl) > 0 {
		body += "\n" + strings.Join(gl, " ")
	}
	return body
}

// trimSpan narrows doc[s:e] past white space and invisible characters at both ends.
func trimSpan(doc string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(doc[s:e])
		if !unicode.IsSpace(r) && !text.IsInvisible(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(doc[s:e])
		if !unicode.IsSpace(r) && !text.IsInvisible(r) {
			break
		}
		e -= size
	}
	return s, e
}

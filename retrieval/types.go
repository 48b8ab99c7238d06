package retrieval

import (
	"strconv"

	"github.com/citebot/citebot/text"
)

// Paragraph is a run of non-blank lines in a document. Lines are 1-based and inclusive; the byte span
// is half-open, [StartByte, EndByte), and excludes the trailing newline.
type Paragraph struct {
	N         int `json:"paragraph"`
	StartLine int `json:"start_line"`
	EndLine   int `json:"end_line"`
	StartByte int `json:"start_byte"`
	EndByte   int `json:"end_byte"`
	// PageSpan is the page of a PDF the paragraph is on; zero in other documents.
	PageSpan
}

// PageSpan is where a paragraph of a PDF is in the PDF: the page it starts on and, when it runs onto
// a later page, the page it ends on. Pages are counted from 1 in the file's order, as a PDF viewer's
// page box and "#page=N" count them (not the numbers printed on them). Both are 0 in documents that
// have no pages (text, Markdown, web pages, Word documents), and the JSON leaves them out.
type PageSpan struct {
	Page int `json:"page,omitempty"`
	// EndPage is the last page when it is after Page, else 0: "end_page" is there only when the
	// paragraph runs onto another page.
	EndPage int `json:"end_page,omitempty"`
}

// Label names the page or pages as every surface shows them: "p. 3", "pp. 3–4" for a paragraph that
// runs onto the next page; "" when there is no page.
func (s PageSpan) Label() string {
	switch {
	case s.Page <= 0:
		return ""
	case s.EndPage > s.Page:
		return "pp. " + strconv.Itoa(s.Page) + "–" + strconv.Itoa(s.EndPage)
	}
	return "p. " + strconv.Itoa(s.Page)
}

// LineRange names lines start to end of a document as every surface shows them: "line 3", or
// "lines 3–5" with an en dash, as [PageSpan.Label] writes a range of pages.
func LineRange(start, end int) string {
	if end > start {
		return "lines " + strconv.Itoa(start) + "–" + strconv.Itoa(end)
	}
	return "line " + strconv.Itoa(start)
}

// Where names paragraph n as a reader finds it: "p. 3 ¶12" in a PDF, "¶12" in any other document.
func (s PageSpan) Where(n int) string {
	if l := s.Label(); l != "" {
		return l + " ¶" + strconv.Itoa(n)
	}
	return "¶" + strconv.Itoa(n)
}

// Document is one source file of the corpus.
type Document struct {
	// File is the path relative to the corpus folder, with forward slashes.
	File string `json:"file"`
	// Title is the document's human title: its Markdown front matter's "title:" (a web page's
	// <title>), else its first "#" heading, else its entry in [CorpusCatalogFile], else its first
	// line, cleaned of scraped breadcrumbs and shortened.
	Title string `json:"title"`
	// URL is where the document was originally published, from [CorpusCatalogFile]; may be empty.
	URL string `json:"source_url,omitempty"`
	// Language is the document's language as [CorpusCatalogFile] gives it (e.g. "en"); may be empty.
	Language string `json:"language,omitempty"`
	// Text is the file's exact bytes; for a web page (.html, .htm), a Word document (.docx) or a PDF
	// (.pdf), the text read from it, which every position (paragraph, lines, byte span) refers to.
	Text string `json:"-"`
	// Paragraphs lists the paragraphs in order; Paragraphs[i].N == i+1.
	Paragraphs []Paragraph `json:"-"`

	frontTitle string // the front matter's (or web page's, Word document's or PDF's) title, which no catalog overrides
	titleEnd   int    // if > 0, where the text a title may come from ends: a Word document's notes follow
	// literal lists the lines of a web page's, Word document's or PDF's text that are its own text, whose
	// Markdown marks are characters, not structure (see [text.LiteralLines]); nil for other files.
	literal text.LiteralLines
	// conversion is what a converter read of a web page, Word document or PDF, kept in the
	// snapshot so that the next load need not convert the same bytes again; nil for other files.
	conversion *conversion
}

// ParagraphText returns the exact bytes of paragraph n (1-based), or false if there is none.
func (d *Document) ParagraphText(n int) (Paragraph, string, bool) {
	if d == nil || n < 1 || n > len(d.Paragraphs) {
		return Paragraph{}, "", false
	}
	p := d.Paragraphs[n-1]
	return p, d.Text[p.StartByte:p.EndByte], true
}

// pageSpan returns the pages paragraph n is on (none when there is no such paragraph).
func (d *Document) pageSpan(n int) PageSpan {
	if n < 1 || n > len(d.Paragraphs) {
		return PageSpan{}
	}
	return d.Paragraphs[n-1].PageSpan
}

// Passage is a chunk of one paragraph, with its exact position in the source file:
// Text == Document.Text[StartByte:EndByte].
type Passage struct {
	// ID identifies the passage across runs: file, byte span and a hash of the text.
	ID        string `json:"-"`
	File      string `json:"file"`
	Paragraph int    `json:"paragraph"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
	StartByte int    `json:"start_byte"`
	EndByte   int    `json:"end_byte"`
	Text      string `json:"text"`
	// Title is the document's human title ([Document.Title]), for display. Heading is the nearest
	// section heading above the passage; it is prepended to what is embedded and keyword-indexed,
	// never to Text.
	Title   string `json:"title"`
	Heading string `json:"-"`
	// PageSpan is the page (or pages) of a PDF that the passage's paragraph is on (its paragraph's,
	// see [Paragraph]); zero in other documents.
	PageSpan
}

// Result is a passage found by a search, with its fused score (higher is better).
type Result struct {
	Passage
	Score float64 `json:"score"`
}

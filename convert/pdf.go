package convert

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/citebot/citebot/text"
)

// pdfDoc is what [readPDF] reads of a PDF: the converted text, the title of its properties, and
// the pages it could not read, to be warned of.
type pdfDoc struct {
	text    string
	literal []int
	title   string
	// pages counts the document's pages; unread lists the pages (1-based) whose content could not
	// be read, and more the pages past [MaxPDFPages], never read.
	pages  int
	unread []pdfPageError
	more   int
	// pageStarts says where in text each page's text starts, in order (pages with no text left
	// out), so that each paragraph knows the page it is on.
	pageStarts []PageStart
	// words are the dictionary's answers the text depends on ([dehyphenate] asked them), so that a
	// conversion kept from an earlier run is used only while the dictionary still answers the same.
	words []DictWord
}

// pdfPageError is a page whose content could not be read, and why.
type pdfPageError struct {
	page int
	err  error
}

// errPDFNoText reports a PDF whose pages show no text: a scan, or a text drawn as shapes.
var errPDFNoText = errors.New("the PDF has no text layer (a scanned document or text drawn as images); run it through OCR to have it read")

// readPDF reads a PDF (ISO 32000) as the Markdown-like plain text citebot indexes, quotes and shows,
// with the conventions of web pages and Word documents: paragraphs separated by one blank line,
// headings "# …", every other line the document's own (literal) text.
//
// The text is that of the text layer: the characters every page shows, in the order the page shows
// them (which is reading order in what word processors, browsers and TeX write, two columns
// included), their text from the fonts' ToUnicode maps, else from their encodings (simple fonts'
// WinAnsi, MacRoman, Standard and glyph names; composite fonts' Unicode and legacy CJK CMaps). A
// page's characters are joined into lines by their baselines ([buildLines]); lines in the top or
// bottom margin that repeat on most pages (running headers and footers, numbers aside) and page
// numbers there are left out ([dropRunningLines]); lines are joined into paragraphs where the
// space between them is that of a paragraph's lines, the font size stays and no indent starts one
// ([layoutStats.newParagraph]); a paragraph in a larger font, short, is a heading, its level by
// size; a paragraph's lines are joined into one, list items kept as lines, a word hyphenated at a
// line's end joined back only when it is then a dictionary word ([dehyphenate]).
//
// The title is the document information's /Title, unless it names a file ("report.docx").
// Reading never panics and is bounded (see SECURITY.md): [MaxPDFPages] pages, [maxPDFUnpacked]
// bytes unpacked, [maxPDFOperators] operators a page. An encrypted PDF, one that is not a PDF or has
// no catalog or page tree, and one with no text on any page are errors that say so; a page whose
// content cannot be read is noted in [pdfDoc.unread] and the rest is read.
func readPDF(data []byte) (d pdfDoc, err error) {
	defer func() {
		// Nothing below should panic, and FuzzReadPDF (which calls readPDFText, without this) says
		// it does not; but a PDF is hostile input read at every command's start, so a slip is a
		// skipped file, never a crash.
		if r := recover(); r != nil {
			d, err = pdfDoc{}, fmt.Errorf("the PDF could not be read (internal error: %v)", r)
		}
	}()
	return readPDFText(data)
}

// readPDFText is [readPDF] without its recover.
func readPDFText(data []byte) (pdfDoc, error) {
	f, err := openPDF(data)
	if err != nil {
		return pdfDoc{}, err
	}
	pages, total, err := f.pages(MaxPDFPages)
	if err != nil {
		return pdfDoc{}, err
	}
	d := pdfDoc{pages: total, more: total - len(pages), title: pdfTitle(f)}
	byPage := make([][]pdfLine, len(pages))
	for i, p := range pages {
		chars, err := f.pageChars(p)
		if err != nil {
			d.unread = append(d.unread, pdfPageError{i + 1, err})
			if errors.Is(err, errPDFTooBig) {
				return pdfDoc{}, err
			}
			continue
		}
		byPage[i] = buildLines(i+1, p.height, chars)
	}
	var lines []pdfLine
	for _, ls := range dropRunningLines(byPage) {
		lines = append(lines, ls...)
	}
	if len(lines) == 0 {
		if len(d.unread) > 0 {
			return pdfDoc{}, fmt.Errorf("the PDF is damaged: no page could be read (page %d: %w)", d.unread[0].page, d.unread[0].err)
		}
		return pdfDoc{}, errPDFNoText
	}
	st := measureLayout(lines)
	dict := func(w string) bool {
		is := text.IsDictionaryWord(w)
		d.words = append(d.words, DictWord{w, is})
		return is
	}
	c := writePDFText(paragraphsOf(lines, st), st.body, dict)
	d.text, d.literal, d.pageStarts = c.String(), c.literal, c.pages
	if d.text == "" { // characters, but none that is text (control characters, say)
		return pdfDoc{}, errPDFNoText
	}
	return d, nil
}

// pdfTitle is the document information dictionary's /Title, white space collapsed; "" when unset
// or when it only names a file, as converters leave it ("Microsoft Word - report.docx").
func pdfTitle(f *pdfFile) string {
	info, _ := f.resolve(f.trailer["Info"]).(pdfDict)
	s, _ := f.resolve(info["Title"]).(pdfString)
	t := strings.Join(strings.Fields(cleanPDFText(pdfTextString(string(s)))), " ")
	lower := strings.ToLower(t)
	for _, ext := range []string{".doc", ".docx", ".pdf", ".odt", ".rtf", ".txt", ".tex", ".indd", ".html", ".htm", ".ppt", ".pptx", ".xls", ".xlsx"} {
		if strings.HasSuffix(lower, ext) {
			return ""
		}
	}
	if lower == "untitled" || lower == "title" || lower == "document" {
		return ""
	}
	return t
}

// pdfTextString decodes a PDF text string (7.9.2.2): UTF-16BE after its byte order mark, UTF-8
// after its (PDF 2.0), else PDFDocEncoding, read as windows-1252 (they differ only in rarely used
// punctuation).
func pdfTextString(s string) string {
	switch {
	case strings.HasPrefix(s, "\xfe\xff"):
		b := s[2:]
		units := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			units = append(units, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(units))
	case strings.HasPrefix(s, "\xef\xbb\xbf"):
		return strings.ToValidUTF8(s[3:], "")
	}
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return ""
	}
	return out
}

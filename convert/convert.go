// Package convert turns the files citebot reads that are not plain text (web pages, Word documents
// and PDFs) into the plain text it indexes, quotes and shows, and says where that text's paragraphs
// come from. [File] converts one file's bytes, by its name's extension ([FormatOf]), into a
// [Result]: the text, the lines of it that are the file's own words, the title the file names, the
// page each part of a PDF's text is on, and warnings about what was left unread.
//
// Every converter writes the same Markdown-like text, so that everything downstream reads a web
// page, a Word document and a PDF as it reads a Markdown file: paragraphs separated by one blank
// line; headings "# text" … "###### text"; a list one paragraph of "- item" or "1. item" lines (a
// nested level indented two spaces); a table one paragraph of "| cell | cell |" rows; preformatted
// text a fenced code block. Only these marks are structure: every other line is listed in
// [Result.Literal] (see [text.LiteralLines]), so a paragraph of the file that opens with "# " stays a
// paragraph. The text is valid UTF-8, ends with one newline and has no line of only spaces.
//
//   - A web page (.html, .htm; see htmlText in html.go) is decoded from the charset it declares
//     (decodePage in htmlcharset.go; bytes not valid in it are a [*CharsetError]) and read as the
//     text of its <main>, else its one <article>, else its <body>: scripts, styles, navigation,
//     asides, footers, forms, embedded objects and hidden or invisible elements are left out; its
//     <title> is the title.
//   - A Word document (.docx; see docxText in docx.go) is read as the text of its main part as Open
//     Packaging finds it, with its styles' headings, its numbering's lists, its tables, its text
//     boxes, the web pages and plain text it imports, and the notes it references after the text,
//     in a "## Notes" section ([Result.NotesAt]); deleted text, field codes, tables of contents,
//     hidden runs, comments, headers and footers are left out; docProps/core.xml's title is the
//     title.
//   - A PDF (.pdf; see readPDF in pdf.go) is read as the text of its text layer, in the order its
//     pages show it, running headers, footers and page numbers left out, lines joined into
//     paragraphs by their spacing, size and indent, larger short paragraphs headings, a word
//     hyphenated at a line's end joined back when the dictionary knows it ([Result.Words]); an
//     encrypted PDF only with the empty user password; its information's /Title is the title unless
//     it names a file. [Result.Pages] says where each page's text starts.
//
// Reading is bounded, never recurses without a cap and never panics (SECURITY.md lists the caps): a
// web page of more than 262,144 tags or nested deeper than 512 elements is read token by token; a
// Word document of more than 10,000 zip entries, of more than 200 MiB of XML unpacked or of XML
// nested deeper than 1,024 elements is refused; of a PDF at most [MaxPDFPages] pages are read,
// 256 MiB unpacked from its streams, 5,000,000 operators a page, 2,000,000 objects.
//
// A conversion depends only on the format, the bytes and, for a PDF, the dictionary's answers, so a
// caller may keep a [Result] keyed by the bytes' digest and use it again while [Result.Current]
// holds (package retrieval keeps them in its index snapshot).
package convert

import (
	"fmt"
	"path"
	"strings"

	"github.com/citebot/citebot/text"
)

// Format is a type of file a converter reads. Its values are kept in index snapshots: never
// renumber them.
type Format byte

// The formats converted; the zero Format is a file read as its own bytes.
const (
	// WebPage is a web page (.html, .htm).
	WebPage Format = iota + 1
	// Word is a Word document (.docx).
	Word
	// PDF is a PDF (.pdf).
	PDF
)

// String names the format as warnings do: "web page", "Word document", "PDF".
func (f Format) String() string {
	switch f {
	case WebPage:
		return "web page"
	case Word:
		return "Word document"
	case PDF:
		return "PDF"
	}
	return "text file"
}

// FormatOf returns the format of the file named name, by its extension (in any case), or 0 for a
// file that is not converted (a .txt or .md file is read as its own bytes).
func FormatOf(name string) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return WebPage
	case ".docx":
		return Word
	case ".pdf":
		return PDF
	}
	return 0
}

// Result is what a converter read of one file.
type Result struct {
	// Format is the converter that read it.
	Format Format
	// Text is the text read, which every position of the file's paragraphs refers to.
	Text string
	// Literal lists the lines of Text that are the file's own text (see [text.LiteralLines]).
	Literal text.LiteralLines
	// Title is the title the file names, white space collapsed: a web page's <title>, a Word
	// document's properties' title, a PDF's /Title; "" when it names none.
	Title string
	// NotesAt, if > 0, is where a Word document's notes start in Text (a title never comes from
	// them).
	NotesAt int
	// Warnings are what the converter left unread of a file it read (a part of a Word document, a
	// page of a PDF), to be logged.
	Warnings []Warning
	// Words are the dictionary answers a PDF's text depends on (see [Result.Current]).
	Words []DictWord
	// Pages says where each page of a PDF starts in Text, in order (pages with no text left out);
	// nil for other files.
	Pages []PageStart
}

// PageStart says that the text from byte At on (up to the next PageStart) is on page Page of a
// PDF, counted from 1 in the file's order.
type PageStart struct {
	At, Page int
}

// DictWord is a word [text.IsDictionaryWord] was asked about while a PDF was read, and its answer.
type DictWord struct {
	Word string
	Is   bool
}

// Warning is a warning a converter gives about a file, logged as Msg with the file's name and then
// Attrs.
type Warning struct {
	Msg   string
	Attrs []Attr
}

// Attr is an attribute of a [Warning]. Its Value is a string or an int only, so that a warning kept
// (in a snapshot) is logged exactly as the converter gave it.
type Attr struct {
	Key   string
	Value any
}

// Current reports whether the dictionary still answers as it did when r was converted: a kept
// conversion of a PDF whose dehyphenation the dictionary decided differently is converted again.
func (r *Result) Current() bool {
	for _, w := range r.Words {
		if text.IsDictionaryWord(w.Word) != w.Is {
			return false
		}
	}
	return true
}

// File converts data, the bytes of the file named name, by its format ([FormatOf]). Only a Word
// document, a PDF and a web page that is not valid in its charset (a [*CharsetError]) fail, with an
// error that says why; a web page or Word document with no text reads as "".
//
// One entry point rather than one function a format: the extension decides the converter here and
// nowhere else, and every converter answers with the same [Result].
func File(name string, data []byte) (*Result, error) {
	r := &Result{Format: FormatOf(name)}
	switch r.Format {
	case WebPage:
		page, err := decodePage(data)
		if err != nil {
			return nil, err
		}
		p := readHTML(page)
		r.Text, r.Literal, r.Title = p.text, p.literal, p.title
	case Word:
		w, err := readDocx(data)
		if err != nil {
			return nil, err
		}
		r.Text, r.Literal, r.Title, r.NotesAt = w.text, w.literal, w.title, w.notesAt
		for _, s := range w.skipped {
			r.warn("skipping part of Word document", Attr{"part", s.part}, Attr{"reason", s.reason})
		}
		if w.moreSkipped > 0 {
			r.warn("skipping more parts of Word document", Attr{"parts", w.moreSkipped})
		}
	case PDF:
		p, err := readPDF(data)
		if err != nil {
			return nil, err
		}
		r.Text, r.Literal, r.Title, r.Words, r.Pages = p.text, p.literal, p.title, p.words, p.pageStarts
		for _, u := range p.unread {
			r.warn("skipping page of PDF that cannot be read", Attr{"page", u.page}, Attr{"reason", u.err.Error()})
		}
		if p.more > 0 {
			r.warn("skipping pages of PDF past the page limit", Attr{"pages", p.more}, Attr{"max_pages", MaxPDFPages})
		}
	default:
		return nil, fmt.Errorf("%s is not a web page, Word document or PDF", name)
	}
	return r, nil
}

func (r *Result) warn(msg string, attrs ...Attr) {
	r.Warnings = append(r.Warnings, Warning{Msg: msg, Attrs: attrs})
}

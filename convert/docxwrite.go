package convert

import "strings"

// blockKind is what a block of a Word document is.
type blockKind uint8

const (
	blockPara    blockKind = iota // a paragraph
	blockHeading                  // a heading: "## text"
	blockItem                     // a list item: "- text", "3. text"
	blockTable                    // a table: "| cell | cell |" rows
	blockRaw                      // text written as it is: paragraphs of lines, "" between them
)

// docxBlock is a paragraph or a table of a Word document, read and not yet written.
type docxBlock struct {
	kind    blockKind
	lines   []string   // a paragraph's lines; "" stands for two line breaks in a row (a blank line in raw text)
	literal []bool     // for each line of raw text, whether it is literal (see [text.LiteralLines])
	level   int        // a heading's level (1 to 6), a list item's (0 to 8)
	mark    string     // a list item's mark: "- ", "3. "
	rows    [][]string // a table's rows of cells
}

// plain returns the text of b on one line: its lines, or its cells, joined by spaces.
func (b docxBlock) plain() string {
	var parts []string
	for _, l := range b.lines {
		if l != "" {
			parts = append(parts, l)
		}
	}
	for _, row := range b.rows {
		for _, c := range row {
			if c != "" {
				parts = append(parts, c)
			}
		}
	}
	return strings.Join(parts, " ")
}

// docxSink collects the blocks of an open table cell (as one line of text) or text box.
type docxSink struct {
	box    bool
	text   strings.Builder // a cell's text
	blocks []docxBlock     // a text box's blocks
}

// add adds the text of b to a cell, after a space.
func (s *docxSink) add(b docxBlock) {
	t := b.plain()
	if t == "" {
		return
	}
	if s.text.Len() > 0 {
		s.text.WriteByte(' ')
	}
	s.text.WriteString(t)
}

// docxTable is an open table: its rows so far, and the cells of the row being read.
type docxTable struct {
	rows [][]string
	row  []string
}

// endRow ends the row being read; a row of empty cells (or none) says nothing and is dropped.
func (t *docxTable) endRow() {
	for _, c := range t.row {
		if c != "" {
			t.rows = append(t.rows, t.row)
			break
		}
	}
	t.row = nil
}

// docxFields follows the fields open at a point of a document: from its begin to its separator a
// field's code is read (and left out), from its separator to its end its result (read, but for a
// table of contents: see [tocField]). Fields nest, and may span runs and paragraphs.
type docxFields struct {
	open   []docxField // the open fields, innermost last
	coding int         // the open fields whose code is being read
	hiding int         // the open fields whose result is left out
	lost   int         // fields begun past maxDocxDepth open ones, not followed
	name   []byte      // the start of the code of the field whose code is read, if no other's is
	// keepTOC reads a table of contents' result as any field's (see [docxReader.tocOpen]).
	keepTOC bool
}

// docxField is an open field: whether its code is being read, whether its result is left out.
type docxField struct {
	coding, hidden bool
}

// maxFieldName bounds the bytes of a field's code kept to find its name.
const maxFieldName = 64

// char reads a field character: "begin", "separate" or "end".
func (f *docxFields) char(kind string) {
	n := len(f.open)
	switch kind {
	case "begin":
		if n >= maxDocxDepth {
			f.lost++
			return
		}
		if f.coding == 0 {
			f.name = f.name[:0]
		}
		f.open = append(f.open, docxField{coding: true})
		f.coding++
	case "separate":
		if f.lost == 0 && n > 0 && f.open[n-1].coding {
			f.open[n-1].coding = false
			if f.coding--; f.coding == 0 && !f.keepTOC && tocField(string(f.name)) {
				f.open[n-1].hidden = true
				f.hiding++
			}
		}
	case "end":
		switch {
		case f.lost > 0:
			f.lost--
		case n > 0:
			if f.open[n-1].coding {
				f.coding--
			}
			if f.open[n-1].hidden {
				f.hiding--
			}
			f.open = f.open[:n-1]
		}
	}
}

// naming reports whether the code being read is that of a field in no other's code, whose name
// counts.
func (f *docxFields) naming() bool {
	n := len(f.open)
	return f.coding == 1 && n > 0 && f.open[n-1].coding && f.lost == 0
}

// code reads code of the field being named.
func (f *docxFields) code(b []byte) {
	if f.naming() && len(f.name) < maxFieldName {
		f.name = append(f.name, b[:min(len(b), maxFieldName-len(f.name))]...)
	}
}

// tocField reports whether code is that of a TOC field: a table of contents, or of figures or
// tables (TOC \c "Figure"), which repeats the headings or captions of the text with page numbers
// ("Introduction 3"). Field names ignore case.
func tocField(code string) bool {
	name := strings.TrimLeft(code, " \t\r\n")
	if i := strings.IndexAny(name, " \t\r\n\\"); i >= 0 {
		name = name[:i] // "TOC \o", "TOC\o"
	}
	return strings.EqualFold(name, "TOC")
}

// docxWriter writes the blocks of a Word document's text as they come: consecutive list items are
// one paragraph.
type docxWriter struct {
	out  convertedText
	para []textLine // the lines of the paragraph being written
	list bool       // para holds list items
}

// block writes b.
func (w *docxWriter) block(b docxBlock) {
	switch b.kind {
	case blockItem:
		w.item(b)
	case blockHeading:
		if line := b.plain(); line != "" {
			w.endParagraph()
			w.para = append(w.para, textLine{s: strings.Repeat("#", b.level) + " " + line})
			w.endParagraph()
		}
	case blockRaw:
		w.endParagraph()
		for i, l := range b.lines {
			w.para = append(w.para, textLine{s: l, literal: i < len(b.literal) && b.literal[i]})
		}
		w.endParagraph()
	case blockTable:
		w.endParagraph()
		for _, row := range b.rows {
			var l strings.Builder
			l.WriteByte('|')
			for _, c := range row {
				if c != "" {
					l.WriteByte(' ')
					l.WriteString(c)
				}
				l.WriteString(" |")
			}
			w.para = append(w.para, textLine{s: l.String()})
		}
		w.endParagraph()
	default:
		w.endParagraph() // an empty paragraph too: it is a gap that ends a list
		if b.plain() == "" {
			return
		}
		for _, l := range b.lines {
			if l == "" {
				w.endParagraph()
			} else {
				w.para = append(w.para, textLine{s: l, literal: true})
			}
		}
		w.endParagraph()
	}
}

// item writes a list item: a line with its mark, indented two spaces a level, and its other lines
// indented under its text.
func (w *docxWriter) item(b docxBlock) {
	if b.plain() == "" {
		return // an empty item (its number counted) ends no list
	}
	if !w.list {
		w.endParagraph()
		w.list = true
	}
	indent := spaces[:2*b.level]
	first := true
	for _, l := range b.lines {
		switch {
		case l == "":
		case first:
			w.para = append(w.para, textLine{s: indent + b.mark + l})
			first = false
		default:
			w.para = append(w.para, textLine{s: indent + "  " + l, literal: true})
		}
	}
}

// endParagraph ends the paragraph, if it has any line: one blank line separates paragraphs.
func (w *docxWriter) endParagraph() {
	w.list = false
	w.para = w.out.paragraph(w.para)
}

// finish ends the paragraph and returns the text.
func (w *docxWriter) finish() string {
	w.endParagraph()
	return w.out.String()
}

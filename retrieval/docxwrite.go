package retrieval

import "strings"

// blockKind is what a block of a Word document is.
type blockKind uint8

const (
	blockPara    blockKind = iota // a paragraph
	blockHeading                  // a heading: "## text"
	blockItem                     // a list item: "- text", "3. text"
	blockTable                    // a table: "| cell | cell |" rows
)

// docxBlock is a paragraph or a table of a Word document, read and not yet written.
type docxBlock struct {
	kind  blockKind
	lines []string   // a paragraph's lines; "" stands for two line breaks in a row
	level int        // a heading's level (1 to 6), a list item's (0 to 8)
	mark  string     // a list item's mark: "- ", "3. "
	rows  [][]string // a table's rows of cells
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
// field's code is read (and left out), from its separator to its end its result (read). Fields
// nest, and may span runs and paragraphs.
type docxFields struct {
	open   []bool // for each open field, whether its code is being read
	coding int    // the open fields whose code is being read
	lost   int    // fields begun past maxDocxDepth open ones, not followed
}

// char reads a field character: "begin", "separate" or "end".
func (f *docxFields) char(kind string) {
	n := len(f.open)
	switch kind {
	case "begin":
		if n >= maxDocxDepth {
			f.lost++
			return
		}
		f.open = append(f.open, true)
		f.coding++
	case "separate":
		if f.lost == 0 && n > 0 && f.open[n-1] {
			f.open[n-1] = false
			f.coding--
		}
	case "end":
		switch {
		case f.lost > 0:
			f.lost--
		case n > 0:
			if f.open[n-1] {
				f.coding--
			}
			f.open = f.open[:n-1]
		}
	}
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

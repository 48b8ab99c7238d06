package convert

import (
	"strings"

	"github.com/citebot/citebot/text"
)

// convertedText is the text a converter writes of a web page, a Word document or a PDF: paragraphs
// of lines, one blank line between them, and where the lines that are the document's own text start
// (see [text.LiteralLines]), so that the text layer reads the Markdown marks of those lines as
// characters and only those the converter wrote as structure; for a PDF, where each page's text
// starts.
type convertedText struct {
	out     strings.Builder
	literal text.LiteralLines
	pages   []PageStart
}

// textLine is a line of a paragraph being written. A literal line is the document's own text from
// its first character on (an indent aside): no heading's, list item's, table row's or fence's mark
// opens it. pages says, for a PDF, on which page the line's text starts and where in it a later
// page's text starts (offsets in s).
type textLine struct {
	s       string
	literal bool
	pages   []PageStart
}

// Len returns the bytes written.
func (c *convertedText) Len() int { return c.out.Len() }

// String returns the text written.
func (c *convertedText) String() string { return c.out.String() }

// paragraph writes the lines of a paragraph, after a blank line if there is text before, and returns
// para emptied for the next one. No lines write nothing.
func (c *convertedText) paragraph(para []textLine) []textLine {
	if len(para) == 0 {
		return para
	}
	if c.out.Len() > 0 {
		c.out.WriteByte('\n')
	}
	for _, l := range para {
		if l.literal {
			c.literal = append(c.literal, c.out.Len())
		}
		for _, p := range l.pages {
			if n := len(c.pages); n == 0 || c.pages[n-1].Page != p.Page {
				c.pages = append(c.pages, PageStart{At: c.out.Len() + p.At, Page: p.Page})
			}
		}
		c.out.WriteString(l.s)
		c.out.WriteByte('\n')
	}
	return para[:0]
}

package convert

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/citebot/citebot/text"
)

// The namespaces of a relationship's id (r:id), as Word writes it and in Strict Open XML.
const (
	nsRel       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRelStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships"
)

// relAttr returns e's relationship attribute local (r:id), "" without one.
func relAttr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local && (a.Name.Space == nsRel || a.Name.Space == nsRelStrict) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// chunkFormat is what imported content is, as far as reading it goes.
type chunkFormat uint8

const (
	chunkOther chunkFormat = iota // not read: RTF, a saved web archive (MHT), a Word document…
	chunkHTML                     // a web page, HTML or XHTML
	chunkText                     // plain text
)

// formatOf returns the format of imported content of content type ct, named name: by its content
// type, or by its extension where the package gives none.
func formatOf(ct, name string) chunkFormat {
	switch ct {
	case "text/html", "application/xhtml+xml":
		return chunkHTML
	case "text/plain":
		return chunkText
	case "":
		switch strings.ToLower(path.Ext(name)) {
		case ".htm", ".html", ".xhtml":
			return chunkHTML
		case ".txt":
			return chunkText
		}
	}
	return chunkOther
}

// importChunk reads the imported content (w:altChunk) e stands for, where it stands: the part that
// the relationship e names (of the part being read, of type aFChunk) leads to. Word shows it as
// part of the document (a mail merge, a web editor and converters from HTML import content so),
// so it is read as part of it: a web page as [htmlText] reads web pages, plain text as paragraphs
// (see [textBlocks]), each decoded from its charset (see [decodePage] and [decodePlainText]; one
// whose bytes are not valid in it is skipped, with a warning saying where). Other content (RTF, a saved web archive, a nested Word document) is not
// read, and, since a reader sees it in Word and could ask of it, is not lost in silence: it is
// noted as skipped, warned of with the file's name, as is a relationship that leads nowhere. Its
// bytes count in the bound of what a document's parts may unpack to: past it, the document is
// refused as a zip bomb; a part that fails to unpack is skipped.
func (r *docxReader) importChunk(e xml.StartElement) {
	rels, err := r.pkg.relsOf(r.part)
	if err != nil {
		r.err = err
		return
	}
	id := relAttr(e, "id")
	rel, ok := rels.byIDOf(id)
	if !ok {
		r.pkg.skip(r.part, fmt.Sprintf("imported content %s: no such relationship", id))
		return
	}
	name := r.pkg.target(r.part, rel)
	if name == "" {
		return
	}
	ct := r.pkg.types.of(name)
	format := formatOf(ct, name)
	if format == chunkOther {
		if ct == "" {
			ct = "of no known type"
		}
		r.pkg.skip(r.part, fmt.Sprintf("imported content %q (%s) not read: only imported HTML and plain text are", rel.target, ct))
		return
	}
	blocks, err := r.pkg.importedBlocks(name, format)
	switch {
	case errors.Is(err, errDocxTooBig):
		r.err = err
		return
	case err != nil:
		r.pkg.skip(r.part, fmt.Sprintf("imported content %q: %v", rel.target, err))
		return
	}
	for _, b := range blocks {
		r.deliver(b)
	}
}

// importedChunk is imported content read: its blocks, and the bytes it unpacked from.
type importedChunk struct {
	blocks []docxBlock
	size   int64
}

// importedBlocks returns the blocks of the imported content of format in the part named name. A
// part imported again is not read again, but its bytes count again in what is left of
// [maxDocxXMLBytes], as its text is written again: a small part imported a million times is a zip
// bomb like any.
func (p *docxPackage) importedBlocks(name string, format chunkFormat) ([]docxBlock, error) {
	if c, ok := p.chunks[name]; ok {
		if c.size > p.left {
			return nil, fmt.Errorf("%s: %w", name, errDocxTooBig)
		}
		p.left -= c.size
		return c.blocks, nil
	}
	left := p.left
	data, err := p.readAll(name)
	if err != nil {
		return nil, err
	}
	var blocks []docxBlock
	switch format {
	case chunkHTML:
		page, err := decodePage(data)
		if err != nil {
			return nil, err
		}
		if b := rawBlock(readHTML(page)); len(b.lines) > 0 {
			blocks = []docxBlock{b}
		}
	case chunkText:
		text, err := decodePlainText(data, p.types.typeOf(name).charset)
		if err != nil {
			return nil, err
		}
		blocks = textBlocks(string(text))
	}
	if p.chunks == nil {
		p.chunks = map[string]importedChunk{}
	}
	p.chunks[name] = importedChunk{blocks: blocks, size: left - p.left}
	return blocks, nil
}

// rawBlock is the block of a web page's text as read: its lines, and which are literal.
func rawBlock(p htmlPage) docxBlock {
	b := docxBlock{kind: blockRaw}
	for off := 0; off < len(p.text); {
		end := off + strings.IndexByte(p.text[off:], '\n') // the text ends with a newline
		b.lines = append(b.lines, p.text[off:end])
		b.literal = append(b.literal, p.literal.Has(off))
		off = end + 1
	}
	return b
}

// readAll reads the part named name (lower case, in the archive) whole, within what is left of
// [maxDocxXMLBytes] (see [docxPackage.open]).
func (p *docxPackage) readAll(name string) ([]byte, error) {
	rc, err := p.open(name, p.parts[name])
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return data, nil
}

// textBlocks returns plain text as paragraphs: a line a line of text (white space collapsed, as
// in a paragraph of a Word document), a blank line the end of a paragraph.
func textBlocks(s string) []docxBlock {
	var blocks []docxBlock
	var p docxPara
	for line := range strings.SplitSeq(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s), "\n") {
		if !text.BlankLine(line) {
			p.text([]byte(line))
			p.endLine()
			continue
		}
		if len(p.lines) > 0 {
			blocks = append(blocks, docxBlock{lines: p.lines})
			p = docxPara{}
		}
	}
	if len(p.lines) > 0 {
		blocks = append(blocks, docxBlock{lines: p.lines})
	}
	return blocks
}

package convert

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// docxText reads a Word document (.docx) as the Markdown-like plain text citebot indexes, quotes and
// shows, with the conventions of web pages ([htmlText]), and returns it with the title of the
// document's properties (docProps/core.xml's dc:title, white space collapsed; "" without one).
//
// The text is that of the document's main part, found as Open Packaging says (the target of the
// package's officeDocument relationship; word/document.xml where Word writes it), as are its
// styles, numbering, notes and properties (the targets of the relationships of the main part and
// of the package; Word's names in a package without relationships): see [docxPackage.mainPart].
// A relationship that leads out of the package, to an external resource or to a part the archive
// lacks leaves its part unread, noted in [docxDoc.skipped]. Every paragraph is a paragraph of the text (its runs
// joined, white space collapsed, a tab a space, a line break a new line, two in a row the end of the
// paragraph), paragraphs separated by one blank line; a paragraph without text is dropped. A
// paragraph whose style is a heading ("Heading1"…, "Title", or any style whose name in
// word/styles.xml is "heading 1"… or "Title", as Word names its built-in styles whatever the
// language of their ids; or an outline level, the paragraph's or its style's) is "# text" …
// "###### text". Consecutive list paragraphs are one paragraph of "- item" lines ("1. item" where
// word/numbering.xml numbers the level in decimal), a nested level indented two spaces a level. A
// table is one paragraph of "| cell | cell |" rows, a cell's paragraphs and nested tables joined by
// spaces. A text box's paragraphs are paragraphs of their own after the paragraph it is anchored in.
// Imported content (w:altChunk) is read where it stands if it is a web page (as [htmlText] reads
// one) or plain text, and noted in [docxDoc.skipped] if not (see [docxReader.importChunk]).
// Only these marks are structure: every other line is listed as literal (see [text.LiteralLines]),
// so a paragraph typed "# 1 seller" stays a paragraph.
//
// Left out: deleted and moved-away text of tracked changes, field codes (their results are read),
// tables of contents (a TOC field's result, or a content control of the "Table of Contents"
// gallery: they repeat the headings, which are read where they stand; one whose field never ends
// is kept rather than the text after it lost), hidden runs, comments, headers and footers (other
// parts), images, drawings and their alt text, ruby (phonetic) text, and the older copy of a text
// box Word keeps for other readers (mc:Fallback). Footnotes and endnotes are not read where they are referenced: the notes the text
// references follow it, in a "## Notes" section, so that what a reader sees at the foot of a page
// can be found and cited without breaking the sentence that points at it.
//
// The text is valid UTF-8, ends with one newline and has no line of only spaces; a document with no
// text reads as "". Reading is bounded: an archive of more than [maxDocxEntries] entries is refused
// before its directory is read, the parts' XML is streamed, never held whole, and may unpack to at
// most [maxDocxXMLBytes] in all (a zip bomb is refused by its declared size, else when it passes
// it), and elements nested deeper than [maxDocxDepth] are an error: nothing recurses; so for every
// part read, relationships and content types included. An archive that is not a zip, or lacks its
// main part (or whose main part is another kind of Office document's, or out of the package, or
// external), or whose parts are not well-formed XML, is an error that says so.
func docxText(data []byte) (text, title string, err error) {
	d, err := readDocx(data)
	return d.text, d.title, err
}

// Limits of reading a Word document.
const (
	// maxDocxXMLBytes bounds the bytes of XML unpacked from one Word document, all of its parts
	// together. A .docx's size is mostly its images; its XML is small and packs well (the
	// benchmark's 200 KB document.xml is 26 KB zipped and holds 47 KB of text). 200 MiB of XML (ten
	// times the default CITEBOT_MAX_FILE_BYTES) is some 50 MiB of text, thousands of pages: more
	// than any document written by hand, and read in about 7 s at the measured 30 MB/s. A fixed
	// bound, not one scaled from the file cap, since a larger cap is for larger images, not more
	// text; reading streams, so memory holds the text read, not the XML.
	maxDocxXMLBytes = 200 << 20
	// maxDocxEntries bounds the entries of the archive: a Word document has a dozen parts and one
	// per image, and the archive's directory is read whole (some 250 bytes an entry).
	maxDocxEntries = 10_000
	// maxDocxDepth bounds the nesting of a part's XML elements (and the fields open at once): Word
	// nests a table in a table with four levels, and a deeper document is refused, since the XML
	// decoder keeps a record of every open element.
	maxDocxDepth = 1024
)

// errDocxTooBig reports a document whose XML unpacks past [maxDocxXMLBytes].
var errDocxTooBig = fmt.Errorf("its XML unpacks to more than %d MiB", maxDocxXMLBytes>>20)

// errDocxTooDeep reports XML nested deeper than [maxDocxDepth] elements.
var errDocxTooDeep = fmt.Errorf("elements nested more than %d deep", maxDocxDepth)

// The XML namespaces read: WordprocessingML (as Word writes it, and in Strict Open XML), markup
// compatibility (the fallbacks for older readers) and Dublin Core (the title).
const (
	nsWord       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWordStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsCompat     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsDublinCore = "http://purl.org/dc/elements/1.1/"
)

var (
	// zipDirectorySignature starts every entry of a zip archive's directory.
	zipDirectorySignature = []byte("PK\x01\x02")
	// oleSignature starts an OLE compound file: a Word 97-2003 document, or an encrypted .docx.
	oleSignature = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
)

// docxDoc is what is read of a Word document: its text, the lines of it that are the document's
// own text (see [text.LiteralLines]: all but its headings, list items and table rows), its title,
// and where in the text the notes begin (len(text) without notes), since a title never comes from
// them.
type docxDoc struct {
	text, title string
	literal     text.LiteralLines
	notesAt     int
	skipped     []docxSkip // parts left unread, and why
	moreSkipped int        // and how many more
}

// docxSkip is a part of a Word document left unread, and why: a relationship of the part named
// part that leads nowhere it can read, or imported content it cannot read.
type docxSkip struct {
	part, reason string
}

func (s docxSkip) String() string { return s.part + ": " + s.reason }

// readDocx reads a Word document: where its parts are, then its styles and numbering, which its
// paragraphs refer to, then its text, then the notes the text references, then its title.
func readDocx(data []byte) (docxDoc, error) {
	pkg, err := openDocx(data)
	if err != nil {
		return docxDoc{}, err
	}
	if err := pkg.read("[content_types].xml", false, &typesReader{types: &pkg.types}); err != nil {
		return docxDoc{}, err
	}
	main, err := pkg.mainPart()
	if err != nil {
		return docxDoc{}, err
	}
	styles := &stylesReader{styles: docxStyles{}}
	numbering := &numberingReader{numbering: newDocxNumbering()}
	if err := pkg.readRelated(main, relStyles, "word/styles.xml", styles); err != nil {
		return docxDoc{}, err
	}
	if err := pkg.readRelated(main, relNumbering, "word/numbering.xml", numbering); err != nil {
		return docxDoc{}, err
	}
	left, skipped := pkg.left, len(pkg.skipped)
	r, err := readText(pkg, main, styles.styles, numbering.numbering, false)
	if err == nil && r.tocOpen { // see [docxReader.tocOpen]
		pkg.left, pkg.skipped = left, pkg.skipped[:skipped]
		r, err = readText(pkg, main, styles.styles, numbering.numbering, true)
	}
	if err != nil {
		return docxDoc{}, err
	}
	var core coreReader
	if err := pkg.readRelated("", relCore, "docprops/core.xml", &core); err != nil {
		return docxDoc{}, err
	}
	text := r.out.finish()
	notesAt := len(text)
	if r.notesHeading {
		notesAt = r.notesAt
	}
	return docxDoc{text: text, title: collapseSpace(core.title.String()), literal: r.out.out.literal, notesAt: notesAt, skipped: pkg.skipped, moreSkipped: pkg.moreSkipped}, nil
}

// readText reads the text of the main part, and of the notes it references, with a table of
// contents left out unless keepTOC.
func readText(pkg *docxPackage, main string, styles docxStyles, numbering *docxNumbering, keepTOC bool) (*docxReader, error) {
	r := &docxReader{pkg: pkg, part: main, styles: styles, numbering: numbering, lists: map[string]*listCounter{}, restarted: map[string]bool{}, notes: map[string]bool{}}
	r.fields.keepTOC = keepTOC
	if err := pkg.read(main, true, r); err != nil {
		return nil, err
	}
	r.out.endParagraph()
	r.tocOpen = r.fields.hiding > 0
	if r.out.out.Len() > 0 && len(r.notes) > 0 { // a broken relationship to notes unused loses nothing
		for _, kind := range []string{relFootnotes, relEndnotes} {
			r.fields = docxFields{keepTOC: keepTOC}
			if err := pkg.readRelated(main, kind, "word/"+kind+".xml", r); err != nil {
				return nil, err
			}
			r.tocOpen = r.tocOpen || r.fields.hiding > 0
		}
	}
	return r, nil
}

// docxPackage is the zip archive of a Word document, its parts found by name, and what is known of
// them once read: their content types and relationships.
type docxPackage struct {
	parts map[string]*zip.File // by name in lower case (part names ignore case)
	left  int64                // the bytes of XML that may still be unpacked, from all parts

	types       docxTypes
	rels        map[string]*docxRels     // by the name of the part they are of ("" for the package's)
	skipped     []docxSkip               // what is left unread, and why
	moreSkipped int                      // past [maxDocxSkips]
	chunks      map[string]importedChunk // the imported content read, by part name
}

// openDocx opens the archive of a Word document, refusing one of more than [maxDocxEntries]
// entries before reading its directory: every entry has a signature in the bytes, so counting them
// bounds the entries.
func openDocx(data []byte) (*docxPackage, error) {
	if n := bytes.Count(data, zipDirectorySignature); n > maxDocxEntries {
		return nil, fmt.Errorf("the archive has more than %d entries", maxDocxEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // no file is written: any name is fine
		if bytes.HasPrefix(data, oleSignature) {
			return nil, errors.New("an encrypted or Word 97-2003 document, not a .docx: save it as a Word document without a password")
		}
		return nil, fmt.Errorf("not a Word document (a .docx is a zip archive): %w", err)
	}
	p := &docxPackage{
		parts: make(map[string]*zip.File, len(zr.File)), left: maxDocxXMLBytes,
		types: docxTypes{defaults: map[string]docxType{}, overrides: map[string]docxType{}}, rels: map[string]*docxRels{},
	}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := p.parts[name]; !dup {
			p.parts[name] = f
		}
	}
	return p, nil
}

// part returns the part named name (in any case), nil if the archive has none.
func (p *docxPackage) part(name string) *zip.File {
	return p.parts[strings.ToLower(name)]
}

// read streams the XML of the part named name (lower case) to h. A missing part (or none: "") is
// an error only if required; see [docxPackage.open] for the bound on what is unpacked.
func (p *docxPackage) read(name string, required bool, h xmlHandler) error {
	f := p.parts[name]
	if f == nil {
		if required {
			return fmt.Errorf("no %s in the archive: not a Word document", name)
		}
		return nil
	}
	rc, err := p.open(name, f)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := readXML(rc, h); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// open opens the part f, named name, to be unpacked within what is left of [maxDocxXMLBytes] for
// all parts: a part that would unpack past it is refused by its declared size, before it is
// unpacked, or when it passes it, if its size lies. Parts may be open at once (imported content is
// read where the document refers to it): they share what is left.
func (p *docxPackage) open(name string, f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(p.left) {
		return nil, fmt.Errorf("%s: %w", name, errDocxTooBig)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{&capReader{r: rc, left: &p.left}, rc}, nil
}

// capReader reads at most *left bytes, counting them down, and fails with [errDocxTooBig] if
// there are more.
type capReader struct {
	r    io.Reader
	left *int64
}

func (c *capReader) Read(b []byte) (int, error) {
	if *c.left <= 0 {
		var one [1]byte
		if n, err := c.r.Read(one[:]); n > 0 || err == nil {
			return 0, errDocxTooBig
		} else {
			return 0, err
		}
	}
	if int64(len(b)) > *c.left {
		b = b[:*c.left]
	}
	n, err := c.r.Read(b)
	*c.left -= int64(n)
	return n, err
}

// xmlHandler receives the elements and text of a part as they are read.
type xmlHandler interface {
	start(e xml.StartElement)
	end()
	text(data []byte)
}

// failer is an [xmlHandler] that may fail: reading stops at its first error.
type failer interface {
	failed() error
}

// readXML streams the XML read from rd to h, refusing elements nested deeper than [maxDocxDepth].
// The decoder expands no entity but XML's own, so no entity can grow the text.
func readXML(rd io.Reader, h xmlHandler) error {
	d := xml.NewDecoder(rd)
	depth := 0
	f, _ := h.(failer)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxDocxDepth {
				return errDocxTooDeep
			}
			h.start(t)
			if f != nil {
				if err := f.failed(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			depth--
			h.end()
		case xml.CharData:
			h.text(t)
		}
	}
}

// wordName returns the local name of a WordprocessingML element, "" for any other.
func wordName(n xml.Name) string {
	if n.Space == nsWord || n.Space == nsWordStrict {
		return n.Local
	}
	return ""
}

// wordAttr returns the value of e's attribute named local (in the WordprocessingML namespace, or
// none).
func wordAttr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local && (a.Name.Space == nsWord || a.Name.Space == nsWordStrict || a.Name.Space == "") {
			return a.Value, true
		}
	}
	return "", false
}

// wordInt returns e's attribute local as a number from 0 to 9, or -1.
func wordInt(e xml.StartElement, local string) int {
	v, _ := wordAttr(e, local)
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 && n <= 9 {
		return n
	}
	return -1
}

// wordOn reports whether e, a property that is on or off (<w:vanish/>, <w:vanish w:val="0"/>), is on.
func wordOn(e xml.StartElement) bool {
	v, _ := wordAttr(e, "val")
	switch strings.TrimSpace(v) {
	case "0", "false", "off":
		return false
	}
	return true
}

// coreReader reads the title of a document's properties (docProps/core.xml).
type coreReader struct {
	depth, in int // the depth of elements open, and of the title when it is being read
	done      bool
	title     strings.Builder
}

func (c *coreReader) start(e xml.StartElement) {
	c.depth++
	if c.depth == 2 && !c.done && e.Name.Space == nsDublinCore && e.Name.Local == "title" {
		c.in = c.depth
	}
}

func (c *coreReader) end() {
	if c.in == c.depth && c.in > 0 {
		c.in, c.done = 0, true
	}
	c.depth--
}

func (c *coreReader) text(data []byte) {
	if c.in > 0 && c.title.Len() < 1<<16 {
		c.title.Write(data)
	}
}

// docxFrame is what an open element of a Word document does, decided when it opens.
type docxFrame uint8

const (
	dfOther     docxFrame = iota // nothing of its own: its content is read
	dfSkip                       // its content is left out
	dfPara                       // a paragraph
	dfParaProps                  // a paragraph's properties
	dfNumProps                   // a paragraph's numbering
	dfRun                        // a run of text
	dfRunProps                   // a run's properties
	dfText                       // a run's text
	dfTable                      // a table
	dfRow                        // a table row
	dfCell                       // a table cell
	dfTextBox                    // a text box's content
	dfNote                       // a footnote or endnote
	dfSdt                        // a content control
	dfSdtPr                      // a content control's properties: left out, but for its gallery
	dfInstr                      // a field's code, read for its field's name
)

// docxSkipped lists the WordprocessingML elements whose content is never the document's text:
// tracked deletions and moves away, field codes, content controls' properties, ruby text, the
// marks and references that stand for comments and notes, symbols in symbol fonts, embedded
// objects, and the properties of sections and tables.
var docxSkipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "delInstrText": true, "instrText": true,
	"sdtPr": true, "sdtEndPr": true, "rt": true, "commentReference": true, "annotationRef": true,
	"footnoteRef": true, "endnoteRef": true, "separator": true, "continuationSeparator": true,
	"sym": true, "object": true, "sectPr": true, "tblPr": true, "tblGrid": true, "trPr": true,
	"tcPr": true, "tblPrEx": true, "fldData": true,
}

// docxReader reads the text of word/document.xml, and of the notes it references, element by
// element as the XML decoder streams them, keeping its own stack of what the open elements do.
type docxReader struct {
	pkg       *docxPackage
	part      string // the name of the part being read
	err       error  // what stops the reading (see [failer])
	styles    docxStyles
	numbering *docxNumbering
	lists     map[string]*listCounter // the numbers of the lists, by abstract numbering
	restarted map[string]bool         // the levels of lists that restart ("3:0") and have restarted

	out    docxWriter
	frames []docxFrame  // the open elements
	skips  int          // open elements of kind dfSkip
	paras  []*docxPara  // the open paragraphs (a text box's inside another's)
	sinks  []*docxSink  // the open table cells and text boxes, innermost last
	tables []*docxTable // the open tables
	fields docxFields

	sdts    []bool // for each open content control, whether it is a table of contents
	inSdtPr bool   // a content control's properties are open
	// tocOpen says that a table of contents field was still open at the end of a part: its end
	// is lost, and with it the text after it, so the document is read again with the table kept.
	tocOpen bool

	notes        map[string]bool // the notes referenced: "footnote:2", "endnote:1"
	notesHeading bool            // the "## Notes" heading is written
	notesAt      int             // where it begins in the text
}

func (r *docxReader) failed() error { return r.err }

func (r *docxReader) start(e xml.StartElement) {
	f := r.open(e)
	if f == dfSkip || f == dfSdtPr {
		r.skips++
	}
	r.frames = append(r.frames, f)
}

// open decides what element e does and does what opening it does.
func (r *docxReader) open(e xml.StartElement) docxFrame {
	if r.skips > 0 {
		if r.inSdtPr {
			r.sdtProp(e)
		}
		return dfOther
	}
	if e.Name.Space == nsCompat && e.Name.Local == "Fallback" {
		return dfSkip // the copy of the content before it (mc:Choice) for readers that lack its markup
	}
	name := wordName(e.Name)
	if name == "" {
		return dfOther
	}
	parent := dfOther
	if n := len(r.frames); n > 0 {
		parent = r.frames[n-1]
	}
	switch parent {
	case dfParaProps:
		return r.paraProp(name, e)
	case dfNumProps:
		return r.numProp(name, e)
	case dfRunProps:
		return r.runProp(name, e)
	case dfRun:
		if f, ok := r.runContent(name, e); ok {
			return f
		}
	}
	switch name {
	case "p":
		r.paras = append(r.paras, &docxPara{outline: -1, ilvl: -1})
		return dfPara
	case "pPr":
		if parent == dfPara {
			return dfParaProps
		}
		return dfSkip
	case "r":
		if len(r.paras) > 0 {
			return dfRun
		}
		return dfSkip // outside any paragraph (not valid): in none
	case "rPr":
		return dfSkip // a run's are read under the run (see above); others say nothing of text
	case "tbl":
		r.tables = append(r.tables, &docxTable{})
		return dfTable
	case "tr":
		if len(r.tables) > 0 {
			return dfRow
		}
	case "tc":
		if len(r.tables) > 0 {
			r.sinks = append(r.sinks, &docxSink{})
			return dfCell
		}
	case "txbxContent":
		r.sinks = append(r.sinks, &docxSink{box: true})
		return dfTextBox
	case "footnote", "endnote":
		return r.openNote(name, e)
	case "altChunk":
		if r.fields.coding == 0 && r.fields.hiding == 0 {
			r.importChunk(e)
		}
		return dfSkip
	case "sdt", "sdtPr", "sdtContent", "fldSimple":
		return r.openTOC(name, e, parent)
	}
	if docxSkipped[name] {
		return dfSkip
	}
	return dfOther
}

// openTOC opens a content control, its properties or content, or a simple field: a content
// control of the "Table of Contents" gallery (as Word wraps a table of contents) or a simple TOC
// field has its content left out, since it repeats the headings, with page numbers, which would
// compete with the text in answers (the same goes for a table of figures: see [tocField]). A
// control's gallery is read among its properties, which come before its content.
func (r *docxReader) openTOC(name string, e xml.StartElement, parent docxFrame) docxFrame {
	switch name {
	case "sdt":
		r.sdts = append(r.sdts, false)
		return dfSdt
	case "sdtPr":
		if parent == dfSdt {
			r.inSdtPr = true
			return dfSdtPr
		}
		return dfSkip
	case "sdtContent":
		if parent == dfSdt && r.sdts[len(r.sdts)-1] {
			return dfSkip
		}
	case "fldSimple":
		if code, _ := wordAttr(e, "instr"); tocField(code) {
			return dfSkip
		}
	}
	return dfOther
}

// sdtProp reads a property of the innermost content control: its gallery says whether it is a
// table of contents.
func (r *docxReader) sdtProp(e xml.StartElement) {
	if wordName(e.Name) == "docPartGallery" {
		v, _ := wordAttr(e, "val")
		r.sdts[len(r.sdts)-1] = strings.EqualFold(strings.TrimSpace(v), "Table of Contents")
	}
}

// paraProp reads a paragraph's property: its style, outline level and numbering.
func (r *docxReader) paraProp(name string, e xml.StartElement) docxFrame {
	p := r.paras[len(r.paras)-1]
	switch name {
	case "pStyle":
		p.style, _ = wordAttr(e, "val")
	case "outlineLvl":
		p.outline = wordInt(e, "val")
	case "numPr":
		return dfNumProps
	}
	return dfSkip // the rest, tracked changes of properties (pPrChange) among them
}

// numProp reads a paragraph's numbering: its list and level.
func (r *docxReader) numProp(name string, e xml.StartElement) docxFrame {
	p := r.paras[len(r.paras)-1]
	switch name {
	case "numId":
		p.numID, p.numbered = attrOrEmpty(e, "val"), true
	case "ilvl":
		p.ilvl = wordInt(e, "val")
	}
	return dfSkip
}

// runProp reads a run's property: hidden (vanish) makes the run skipped.
func (r *docxReader) runProp(name string, e xml.StartElement) docxFrame {
	if name == "vanish" && wordOn(e) {
		r.frames[len(r.frames)-2] = dfSkip // the run, under its properties
		r.skips++
	}
	return dfSkip
}

// runContent reads what a run holds besides its text: tabs, breaks, hyphens, fields, references.
func (r *docxReader) runContent(name string, e xml.StartElement) (docxFrame, bool) {
	p := r.paras[len(r.paras)-1]
	if (r.fields.coding > 0 || r.fields.hiding > 0) && name != "fldChar" {
		if name == "instrText" && r.fields.naming() {
			return dfInstr, true
		}
		return dfSkip, true // what a field's code holds (a nested field's result) is code too
	}
	switch name {
	case "rPr":
		return dfRunProps, true
	case "t":
		return dfText, true
	case "tab", "ptab":
		p.space = p.hasText
	case "br", "cr":
		p.lineBreak()
	case "noBreakHyphen":
		p.write("-")
	case "fldChar":
		kind, _ := wordAttr(e, "fldCharType")
		r.fields.char(kind)
	case "footnoteReference", "endnoteReference":
		id, _ := wordAttr(e, "id")
		if len(r.notes) < maxDocxEntries {
			r.notes[strings.TrimSuffix(name, "Reference")+":"+id] = true
		}
	default:
		return 0, false
	}
	return dfSkip, true
}

// attrOrEmpty returns e's attribute local, "" without one.
func attrOrEmpty(e xml.StartElement, local string) string {
	v, _ := wordAttr(e, local)
	return strings.TrimSpace(v)
}

// openNote opens a footnote or endnote: read if the text references it, after the "## Notes"
// heading if it is the first.
func (r *docxReader) openNote(name string, e xml.StartElement) docxFrame {
	id, _ := wordAttr(e, "id")
	if !r.notes[name+":"+id] {
		return dfSkip
	}
	r.out.endParagraph()
	if !r.notesHeading {
		r.notesHeading = true
		r.notesAt = r.out.out.Len()
		if r.notesAt > 0 {
			r.notesAt++ // after the blank line
		}
		r.out.block(docxBlock{kind: blockHeading, level: 2, lines: []string{"Notes"}})
	}
	return dfNote
}

func (r *docxReader) end() {
	f := r.frames[len(r.frames)-1]
	r.frames = r.frames[:len(r.frames)-1]
	switch f {
	case dfSkip:
		r.skips--
	case dfSdtPr:
		r.skips--
		r.inSdtPr = false
	case dfSdt:
		r.sdts = r.sdts[:len(r.sdts)-1]
	case dfPara:
		r.endPara()
	case dfTable:
		t := r.tables[len(r.tables)-1]
		r.tables = r.tables[:len(r.tables)-1]
		t.endRow()
		if len(t.rows) > 0 {
			r.deliver(docxBlock{kind: blockTable, rows: t.rows})
		}
	case dfRow:
		r.tables[len(r.tables)-1].endRow()
	case dfCell:
		s := r.popSink()
		t := r.tables[len(r.tables)-1]
		t.row = append(t.row, s.text.String())
	case dfTextBox:
		s := r.popSink()
		if n := len(r.paras); n > 0 {
			p := r.paras[n-1]
			p.deferred = append(p.deferred, s.blocks...)
			break
		}
		for _, b := range s.blocks {
			r.deliver(b)
		}
	case dfNote:
		r.out.endParagraph()
	}
}

func (r *docxReader) text(data []byte) {
	if r.skips > 0 || len(r.frames) == 0 {
		return
	}
	switch r.frames[len(r.frames)-1] {
	case dfText:
		if r.fields.coding == 0 && r.fields.hiding == 0 {
			r.paras[len(r.paras)-1].text(data)
		}
	case dfInstr:
		r.fields.code(data)
	}
}

// popSink closes the innermost table cell or text box.
func (r *docxReader) popSink() *docxSink {
	s := r.sinks[len(r.sinks)-1]
	r.sinks = r.sinks[:len(r.sinks)-1]
	return s
}

// endPara ends the innermost paragraph: it goes where it is (the text, a cell, a text box), with
// the text boxes anchored in it after it.
func (r *docxReader) endPara() {
	p := r.paras[len(r.paras)-1]
	r.paras = r.paras[:len(r.paras)-1]
	p.endLine()
	b := docxBlock{lines: p.lines}
	if level := r.headingLevel(p); level > 0 {
		b.kind, b.level = blockHeading, level
	} else if numID, ilvl, ok := r.listOf(p); ok {
		b.kind, b.level, b.mark = blockItem, ilvl, r.itemMark(numID, ilvl)
	}
	r.deliver(b)
	for _, d := range p.deferred {
		r.deliver(d)
	}
}

// deliver puts a finished block where it belongs: the innermost open table cell (as plain text) or
// text box, else the text.
func (r *docxReader) deliver(b docxBlock) {
	n := len(r.sinks)
	switch {
	case n == 0:
		r.out.block(b)
	case r.sinks[n-1].box:
		r.sinks[n-1].blocks = append(r.sinks[n-1].blocks, b)
	default:
		r.sinks[n-1].add(b)
	}
}

// headingLevel returns the heading level of p (1 to 6), 0 if it is no heading: its own outline
// level, else its style's.
func (r *docxReader) headingLevel(p *docxPara) int {
	if p.outline >= 0 {
		return outlineHeading(p.outline)
	}
	return r.styles.headingLevel(p.style)
}

// listOf returns the list (numbering id) and level of p, its own or its style's; false if p is no
// list item (numbering id 0 removes a style's numbering).
func (r *docxReader) listOf(p *docxPara) (string, int, bool) {
	numID, ilvl := p.numID, p.ilvl
	if !p.numbered || ilvl < 0 {
		sNum, sLvl, sNumbered := r.styles.numbering(p.style)
		if !p.numbered {
			numID, p.numbered = sNum, sNumbered
		}
		if ilvl < 0 {
			ilvl = sLvl
		}
	}
	if !p.numbered || numID == "" || numID == "0" {
		return "", 0, false
	}
	return numID, min(max(ilvl, 0), 8), true
}

// docxPara is a paragraph being read: its properties and its lines.
type docxPara struct {
	style    string
	outline  int // its outline level, -1 if it sets none
	numID    string
	numbered bool // it sets a numbering (numID)
	ilvl     int  // its list level, -1 if it sets none

	lines    []string        // its lines so far; "" stands for two line breaks in a row
	line     strings.Builder // the line being read
	hasText  bool            // line has text
	space    bool            // white space came since the last text: a space before the next
	deferred []docxBlock     // the blocks of the text boxes anchored in it
}

// text adds text to the line, white space collapsed.
func (p *docxPara) text(b []byte) {
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	eachWord(s, p.write, func() { p.space = p.hasText })
}

// write adds s, which holds no white space, to the line.
func (p *docxPara) write(s string) {
	if p.space {
		p.line.WriteByte(' ')
	}
	p.line.WriteString(s)
	p.hasText, p.space = true, false
}

// lineBreak ends the line; a second break in a row ends the paragraph (see [htmlWriter.lineBreak]).
func (p *docxPara) lineBreak() {
	if p.hasText {
		p.endLine()
		return
	}
	if n := len(p.lines); n > 0 && p.lines[n-1] != "" {
		p.lines = append(p.lines, "")
	}
}

// endLine ends the line; one with no visible text is dropped.
func (p *docxPara) endLine() {
	if p.hasText {
		if l := p.line.String(); !text.BlankLine(l) {
			p.lines = append(p.lines, l)
		}
	}
	p.line.Reset()
	p.hasText, p.space = false, false
}

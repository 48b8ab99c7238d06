// Package docxtest builds Word documents (.docx) for tests, in the code of the test rather than as
// binary fixtures: a zip archive of the parts given, with the content types and relationships Word
// writes around them, and helpers that write the XML of the usual parts, of relationships, of
// imported content (altChunk) and of tables of contents; and two documents that tests of more than
// one package read: a realistic report as Word saves it ([Realistic]) and zip bombs ([Bomb]).
package docxtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// Namespaces declares, as Word does on the root of document.xml, the prefixes of WordprocessingML
// (w), markup compatibility (mc), drawings (wp, a, wps), VML (v) and relationships (r).
const Namespaces = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`mc:Ignorable="wps"`

// Relationship types of Office Open XML, as Word writes them (Strict Open XML spells those of
// officeDocument/2006/relationships as http://purl.oclc.org/ooxml/officeDocument/relationships/…).
const (
	RelOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	RelStyles         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
	RelNumbering      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
	RelFootnotes      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
	RelEndnotes       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
	RelAFChunk        = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
	RelHyperlink      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
	RelCore           = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)

// Omit, given as a part's content to [File], leaves the part out of the archive: the content types
// or relationships File would otherwise add.
const Omit = "\x00omit"

// mainRels are the relationships [File] gives word/document.xml to the parts of these names, when
// they are given.
var mainRels = []struct{ name, typ string }{
	{"word/styles.xml", RelStyles}, {"word/numbering.xml", RelNumbering},
	{"word/footnotes.xml", RelFootnotes}, {"word/endnotes.xml", RelEndnotes},
}

// File returns a .docx holding parts (name → content), deflated, in the order Word writes them:
// [Content_Types].xml and _rels/.rels first, then by name. Where parts has none, File adds
// [Content_Types].xml, _rels/.rels leading to word/document.xml (and to docProps/core.xml if parts
// has it), and, if parts has word/document.xml, word/_rels/document.xml.rels leading to the styles,
// numbering, footnotes and endnotes among parts. A part given as [Omit] is left out.
func File(tb testing.TB, parts map[string]string) []byte {
	tb.Helper()
	all := maps.Clone(parts)
	if _, ok := all["[Content_Types].xml"]; !ok {
		all["[Content_Types].xml"] = ContentTypes(nil, map[string]string{"/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"})
	}
	if _, ok := all["_rels/.rels"]; !ok {
		rels := []Rel{{ID: "rId1", Type: RelOfficeDocument, Target: "word/document.xml"}}
		if c, ok := parts["docProps/core.xml"]; ok && c != Omit {
			rels = append(rels, Rel{ID: "rId2", Type: RelCore, Target: "docProps/core.xml"})
		}
		all["_rels/.rels"] = Rels(rels...)
	}
	if _, ok := all["word/_rels/document.xml.rels"]; !ok && all["word/document.xml"] != "" && all["word/document.xml"] != Omit {
		var rels []Rel
		for _, r := range mainRels {
			if c, ok := parts[r.name]; ok && c != Omit {
				rels = append(rels, Rel{ID: fmt.Sprintf("rId%d", len(rels)+1), Type: r.typ, Target: strings.TrimPrefix(r.name, "word/")})
			}
		}
		all["word/_rels/document.xml.rels"] = Rels(rels...)
	}
	maps.DeleteFunc(all, func(_, content string) bool { return content == Omit })
	names := slices.Sorted(maps.Keys(all))
	slices.SortStableFunc(names, func(a, b string) int { return rank(a) - rank(b) })
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatalf("docxtest: add %s: %v", name, err)
		}
		if _, err := w.Write([]byte(all[name])); err != nil {
			tb.Fatalf("docxtest: write %s: %v", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatalf("docxtest: close: %v", err)
	}
	return buf.Bytes()
}

// rank orders the package's own parts first.
func rank(name string) int {
	switch name {
	case "[Content_Types].xml":
		return 0
	case "_rels/.rels":
		return 1
	}
	return 2
}

// Document returns word/document.xml whose <w:body> holds body (XML, w and the other prefixes of
// [Namespaces] declared).
func Document(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document ` + Namespaces + `><w:body>` + body + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
}

// Core returns docProps/core.xml with title as the document's title (dc:title).
func Core(title string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + Escape(title) + `</dc:title><dc:creator>A. Writer</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-03T09:00:00Z</dcterms:created></cp:coreProperties>`
}

// Styles returns word/styles.xml holding styles (the XML of <w:style> elements).
func Styles(styles string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:styles ` + Namespaces + `><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>` +
		styles + `</w:styles>`
}

// Numbering returns word/numbering.xml holding defs (the XML of <w:abstractNum> and <w:num>
// elements).
func Numbering(defs string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:numbering ` + Namespaces + `>` + defs + `</w:numbering>`
}

// P returns a paragraph of style (none if "") whose text is text, one run a word as editors
// often split them.
func P(style, text string) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	if style != "" {
		b.WriteString(`<w:pPr><w:pStyle w:val="` + Escape(style) + `"/></w:pPr>`)
	}
	for i, word := range strings.SplitAfter(text, " ") {
		if i%2 == 1 {
			b.WriteString(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + Escape(word) + `</w:t></w:r>`)
		} else {
			b.WriteString(`<w:r><w:t xml:space="preserve">` + Escape(word) + `</w:t></w:r>`)
		}
	}
	b.WriteString("</w:p>")
	return b.String()
}

// Rel is a relationship of a part: its id, type and target (relative to the part's folder, or
// absolute from "/"); External marks a target outside the package (TargetMode="External").
type Rel struct {
	ID, Type, Target string
	External         bool
}

// Rels returns a relationships part (_rels/.rels, word/_rels/document.xml.rels) holding rels.
func Rels(rels ...Rel) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, r := range rels {
		b.WriteString(`<Relationship Id="` + Escape(r.ID) + `" Type="` + Escape(r.Type) + `" Target="` + Escape(r.Target) + `"`)
		if r.External {
			b.WriteString(` TargetMode="External"`)
		}
		b.WriteString(`/>`)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

// ContentTypes returns [Content_Types].xml: the defaults Word writes (rels, xml), the defaults
// given (extension → content type: "html" → "text/html") and the overrides given (part name →
// content type: "/word/document.xml" → …).
func ContentTypes(defaults, overrides map[string]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`)
	for _, ext := range slices.Sorted(maps.Keys(defaults)) {
		b.WriteString(`<Default Extension="` + Escape(ext) + `" ContentType="` + Escape(defaults[ext]) + `"/>`)
	}
	for _, name := range slices.Sorted(maps.Keys(overrides)) {
		b.WriteString(`<Override PartName="` + Escape(name) + `" ContentType="` + Escape(overrides[name]) + `"/>`)
	}
	b.WriteString(`</Types>`)
	return b.String()
}

// AltChunk returns a block of imported content (w:altChunk): the content of the part that the
// relationship id (of type [RelAFChunk]) leads to.
func AltChunk(id string) string {
	return `<w:altChunk r:id="` + Escape(id) + `"/>`
}

// TOCEntry is an entry of a table of contents: a heading's text, its level (1, 2…) and page.
type TOCEntry struct {
	Level int
	Text  string
	Page  int
}

// TOC returns a table of contents as Word writes it: a content control of the "Table of Contents"
// gallery holding a heading ("Contents", style TOCHeading) and the paragraphs of [TOCField].
func TOC(entries ...TOCEntry) string {
	return `<w:sdt><w:sdtPr><w:id w:val="-1394264545"/><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr>` +
		`<w:sdtEndPr><w:rPr><w:b/><w:bCs/><w:noProof/></w:rPr></w:sdtEndPr><w:sdtContent>` +
		`<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Contents</w:t></w:r></w:p>` + TOCField(entries...) + `</w:sdtContent></w:sdt>`
}

// TOCField returns the paragraphs of a table of contents field (TOC \o "1-3" \h \z \u), as older
// versions of Word and other editors write it without a content control around it: the field
// begins in the first entry's paragraph and ends in a paragraph of its own; each entry is a
// hyperlink to its heading holding its text, a tab and a PAGEREF field showing its page.
func TOCField(entries ...TOCEntry) string {
	var b strings.Builder
	fld := func(kind string) string {
		return `<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:fldChar w:fldCharType="` + kind + `"/></w:r>`
	}
	for i, e := range entries {
		fmt.Fprintf(&b, `<w:p><w:pPr><w:pStyle w:val="TOC%d"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9062"/></w:tabs><w:rPr><w:noProof/></w:rPr></w:pPr>`, e.Level)
		if i == 0 {
			b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
		}
		fmt.Fprintf(&b, `<w:hyperlink w:anchor="_Toc%d" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:noProof/></w:rPr><w:t>%s</w:t></w:r>`+
			`<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:tab/></w:r>%s<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:instrText xml:space="preserve"> PAGEREF _Toc%d \h </w:instrText></w:r>`+
			`%s<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:t>%d</w:t></w:r>%s</w:hyperlink></w:p>`, 170000+i, Escape(e.Text), fld("begin"), 170000+i, fld("separate"), e.Page, fld("end"))
	}
	b.WriteString(`<w:p><w:r><w:rPr><w:b/><w:bCs/><w:noProof/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p>`)
	return b.String()
}

// Escape escapes s as XML text or attribute value.
func Escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Package docxtest builds Word documents (.docx) for tests, in the code of the test rather than as
// binary fixtures: a zip archive of the parts given, with the content types and package
// relationships Word writes around them, and helpers that write the XML of the usual parts.
package docxtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
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

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`</Types>`

const packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

// File returns a .docx holding parts (name → content), deflated, in the order Word writes them:
// [Content_Types].xml and _rels/.rels first (added when parts has none), then by name.
func File(tb testing.TB, parts map[string]string) []byte {
	tb.Helper()
	all := maps.Clone(parts)
	if _, ok := all["[Content_Types].xml"]; !ok {
		all["[Content_Types].xml"] = contentTypes
	}
	if _, ok := all["_rels/.rels"]; !ok {
		all["_rels/.rels"] = packageRels
	}
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

// Escape escapes s as XML text or attribute value.
func Escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

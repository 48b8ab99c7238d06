package docxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"maps"
	"slices"
	"strings"
	"testing"
)

// RealisticStyles are the styles of a document written in a German copy of Word: the ids of the
// built-in styles are localized ("berschrift1" for "Überschrift 1"), their names are not.
const RealisticStyles = `<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Standard"/><w:next w:val="Standard"/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="Heading 2"/><w:basedOn w:val="Standard"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/><w:basedOn w:val="Standard"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Listenabsatz"><w:name w:val="List Paragraph"/><w:basedOn w:val="Standard"/></w:style>` +
	`<w:style w:type="character" w:styleId="Fett"><w:name w:val="Strong"/></w:style>`

// RealisticNumbering numbers list 1 with bullets and list 2 in decimal, its second level in letters.
const RealisticNumbering = `<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>` +
	`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>` +
	`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>`

// ListItem is a list paragraph of list numID at level ilvl.
func ListItem(numID, ilvl, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="Listenabsatz"/><w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr>` +
		`<w:r><w:t>` + Escape(text) + `</w:t></w:r></w:p>`
}

// RealisticBody is the body of a report as Word saves it: a title and headings in localized styles,
// a table of contents, paragraphs split into runs, tracked changes, fields, a comment, a footnote,
// lists, a table with a nested table and merged cells, a text box (with the fallback copy Word
// writes for older readers), an image, line breaks, hidden text and the section's properties.
// Every text that must not be read says so in capitals.
var RealisticBody = `<w:p><w:pPr><w:pStyle w:val="Titel"/></w:pPr><w:r><w:t>Live commerce in China</w:t></w:r></w:p>` +
	TOC(TOCEntry{Level: 1, Text: "TOC-ENTRY Platforms", Page: 1}, TOCEntry{Level: 2, Text: "TOC-ENTRY GMV by year", Page: 2}) +
	`<w:p><w:pPr><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:pPr>` +
	`<w:r><w:t xml:space="preserve">Douyin's e-commerce </w:t></w:r><w:r><w:rPr><w:rStyle w:val="Fett"/></w:rPr><w:t>GMV</w:t></w:r>` +
	`<w:r><w:t xml:space="preserve"> reached about 2.2 trillion yuan in 20</w:t></w:r><w:r><w:t>22,</w:t></w:r>` +
	`<w:del w:id="1" w:author="A. Editor" w:date="2024-05-01T10:00:00Z"><w:r><w:delText xml:space="preserve"> DELETED-TEXT</w:delText></w:r></w:del>` +
	`<w:ins w:id="2" w:author="A. Editor" w:date="2024-05-01T10:00:00Z"><w:r><w:t xml:space="preserve"> up   76%</w:t></w:r></w:ins>` +
	`<w:commentRangeStart w:id="0"/><w:r><w:t>.</w:t></w:r><w:commentRangeEnd w:id="0"/>` +
	`<w:r><w:rPr><w:rStyle w:val="Kommentarzeichen"/></w:rPr><w:commentReference w:id="0"/></w:r></w:p>` +
	`<w:p><w:r><w:t>Listings are checked.</w:t></w:r><w:r><w:br/><w:t>Sellers who cheat are fined.</w:t></w:r>` +
	`<w:r><w:br/></w:r><w:r><w:br/></w:r><w:r><w:t xml:space="preserve">Fines start at </w:t></w:r>` +
	`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF FineAmount \h </w:instrText></w:r>` +
	`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>500 yuan</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
	`<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> HIDDEN-TEXT</w:t></w:r>` +
	`<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve"> (see the rules)</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>` +
	`<w:p><w:pPr><w:pStyle w:val="berschrift1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>Platforms</w:t></w:r></w:p>` +
	ListItem("1", "0", "Douyin (抖音)") + ListItem("1", "0", "Kuaishou") + ListItem("1", "1", "Kwai abroad") +
	`<w:p/>` +
	ListItem("2", "0", "Open a shop.") + ListItem("2", "1", "Pick a category.") + ListItem("2", "0", "Go live.") +
	`<w:p><w:pPr><w:pStyle w:val="berschrift2"/></w:pPr><w:r><w:t xml:space="preserve">GMV </w:t></w:r><w:r><w:tab/><w:t>by year</w:t></w:r></w:p>` +
	`<w:tbl><w:tblPr><w:tblStyle w:val="Tabellenraster"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>` +
	`<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="3000"/></w:tcPr><w:p><w:r><w:t>Year</w:t></w:r></w:p></w:tc>` +
	`<w:tc><w:p><w:r><w:t>GMV</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>2021</w:t></w:r></w:p></w:tc>` +
	`<w:tc><w:p><w:r><w:t>0.8 trillion</w:t></w:r></w:p><w:p><w:r><w:t>(estimate)</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>` +
	`<w:tr><w:tc><w:p><w:r><w:t>2022</w:t></w:r></w:p></w:tc><w:tc>` +
	`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Douyin</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.2 trillion</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
	`<w:p/></w:tc></w:tr></w:tbl>` +
	`<w:p><w:r><w:t xml:space="preserve">Kuaishou's GMV was 901.2 billion yuan.</w:t></w:r>` +
	`<w:r><w:rPr><w:rStyle w:val="Funotenzeichen"/></w:rPr><w:footnoteReference w:id="2"/></w:r>` +
	`<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0"><wp:extent cx="1" cy="1"/>` +
	`<wp:docPr id="1" name="Textfeld 1" descr="ALT-TEXT"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">` +
	`<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Kwai is Kuaishou abroad.</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>` +
	`</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
	`<mc:Fallback><w:pict><v:shape id="Textfeld 1"><v:textbox><w:txbxContent><w:p><w:r><w:t>FALLBACK-TEXT</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>` +
	`</mc:AlternateContent></w:r><w:r><w:t xml:space="preserve"> It grew </w:t></w:r>` +
	`<w:r><w:drawing><wp:inline><wp:docPr id="2" name="Bild 2" descr="IMAGE-ALT-TEXT"/><a:graphic><a:graphicData uri="pic"/></a:graphic></wp:inline></w:drawing></w:r>` +
	`<w:r><w:t>fast.</w:t></w:r></w:p>` +
	`<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN-PARAGRAPH</w:t></w:r></w:p>` +
	`<w:p><w:r><w:t xml:space="preserve">  </w:t></w:r></w:p>`

// RealisticFootnotes holds the separators Word writes, the note the body references, and a note
// nothing references (its reference deleted).
const RealisticFootnotes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<w:footnotes ` + Namespaces + `>` +
	`<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
	`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>` +
	`<w:footnote w:id="2"><w:p><w:pPr><w:pStyle w:val="Funotentext"/></w:pPr><w:r><w:footnoteRef/></w:r>` +
	`<w:r><w:t xml:space="preserve"> Source: Kuaishou's annual report for 2022.</w:t></w:r></w:p></w:footnote>` +
	`<w:footnote w:id="3"><w:p><w:r><w:t>ORPHAN-NOTE</w:t></w:r></w:p></w:footnote></w:footnotes>`

// Realistic returns the .docx of the realistic report, with a header, a footer and comments
// that are not read.
func Realistic(tb testing.TB) []byte {
	tb.Helper()
	return File(tb, map[string]string{
		"word/document.xml":  Document(RealisticBody),
		"word/styles.xml":    Styles(RealisticStyles),
		"word/numbering.xml": Numbering(RealisticNumbering),
		"word/footnotes.xml": RealisticFootnotes,
		"word/comments.xml":  `<w:comments ` + Namespaces + `><w:comment w:id="0"><w:p><w:r><w:t>COMMENT-TEXT</w:t></w:r></w:p></w:comment></w:comments>`,
		"word/header1.xml":   `<w:hdr ` + Namespaces + `><w:p><w:r><w:t>HEADER-TEXT</w:t></w:r></w:p></w:hdr>`,
		"word/footer1.xml":   `<w:ftr ` + Namespaces + `><w:p><w:r><w:t>FOOTER-TEXT</w:t></w:r></w:p></w:ftr>`,
		"docProps/core.xml":  Core("Live commerce   in China, 2022"),
	})
}

// Run is a run of text.
func Run(text string) string {
	return `<w:r><w:t xml:space="preserve">` + Escape(text) + `</w:t></w:r>`
}

// Para is a paragraph of the properties pPr (XML) and content (runs).
func Para(pPr string, content ...string) string {
	if pPr != "" {
		pPr = "<w:pPr>" + pPr + "</w:pPr>"
	}
	return "<w:p>" + pPr + strings.Join(content, "") + "</w:p>"
}

// Bomb returns a .docx whose part name unpacks to size bytes or more (a paragraph of "a"s)
// from a thousandth of that, its declared size declared. Its deflate stream is built from blocks
// compressed once: the same megabyte of "a"s repeated.
func Bomb(tb testing.TB, name string, size, declared int64) []byte {
	tb.Helper()
	var parts map[string]string
	if name != "word/document.xml" {
		parts = map[string]string{"word/document.xml": Document(Para("", Run("x")))}
	}
	return BombWith(tb, name, size, declared, parts)
}

// BombWith returns the zip bomb of [Bomb] named name, and parts (name → content) beside it.
func BombWith(tb testing.TB, name string, size, declared int64, parts map[string]string) []byte {
	tb.Helper()
	block := func(data []byte, final bool) []byte {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, flate.BestCompression)
		w.Write(data)
		if final {
			w.Close()
		} else {
			w.Flush() // a sync flush: the block ends on a byte, its back references inside it
		}
		return b.Bytes()
	}
	head := []byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`)
	tail := []byte(`</w:t></w:r></w:p></w:body></w:document>`)
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	stream := bytes.NewBuffer(block(head, false))
	crc := crc32.Update(0, crc32.IEEETable, head)
	n := (size + 1<<20 - 1) >> 20
	chunkBlock := block(chunk, false)
	for range n {
		stream.Write(chunkBlock)
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	stream.Write(block(tail, true))
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc, CompressedSize64: uint64(stream.Len()), UncompressedSize64: uint64(declared)})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(stream.Bytes())
	for _, n := range slices.Sorted(maps.Keys(parts)) {
		w, _ = zw.Create(n)
		w.Write([]byte(parts[n]))
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

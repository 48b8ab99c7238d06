package convert

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/citebot/citebot/internal/docxtest"
)

// strictRel spells a relationship type of officeDocument/2006/relationships as Strict Open XML does.
func strictRel(typ string) string {
	return strings.Replace(typ, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/", "http://purl.oclc.org/ooxml/officeDocument/relationships/", 1)
}

// decoys are parts at the names Word gives them that no relationship leads to: a reader that
// assumes those names reads them.
var decoys = map[string]string{
	"word/document.xml":  docxtest.Document(p("", r("DECOY-DOCUMENT"))),
	"word/styles.xml":    docxtest.Styles(`<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="Normal"/></w:style>`),
	"word/footnotes.xml": strings.ReplaceAll(docxtest.RealisticFootnotes, "Source: Kuaishou", "DECOY-NOTE"),
	"docProps/core.xml":  docxtest.Core("DECOY-TITLE"),
}

// movedParts is a document whose parts are where the relationships say, not where Word puts them:
// the main part word/document2.xml (as some online editors name it), its styles beside it under
// another name, its notes at an absolute target and its properties elsewhere; rels holds the
// package's relationships and main those of the main part, of the types given.
func movedParts(officeDocument, styles, footnotes string) map[string]string {
	parts := map[string]string{
		"_rels/.rels": docxtest.Rels(docxtest.Rel{ID: "rId1", Type: officeDocument, Target: "word/document2.xml"},
			docxtest.Rel{ID: "rId2", Type: docxtest.RelCore, Target: "/meta/core%20props.xml"}),
		"word/document2.xml": docxtest.Document(docxtest.P("berschrift1", "Douyin") + p("", r("Douyin sells through live streams."), `<w:r><w:footnoteReference w:id="2"/></w:r>`)),
		"word/_rels/document2.xml.rels": docxtest.Rels(docxtest.Rel{ID: "rId7", Type: docxtest.RelHyperlink, Target: "https://example.com/", External: true},
			docxtest.Rel{ID: "rId8", Type: styles, Target: "./styles-2.xml"}, docxtest.Rel{ID: "rId9", Type: footnotes, Target: "/notes/fn.xml"}),
		"word/styles-2.xml":   docxtest.Styles(docxtest.RealisticStyles),
		"notes/fn.xml":        docxtest.RealisticFootnotes,
		"meta/core props.xml": docxtest.Core("Live commerce"),
		"[Content_Types].xml": docxtest.ContentTypes(nil, map[string]string{"/word/document2.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"}),
	}
	for name, content := range decoys {
		parts[name] = content
	}
	return parts
}

// The main part is the target of the package's officeDocument relationship, and the styles,
// numbering and notes the targets of the main part's relationships (relative to its folder, or
// absolute), in Word's relationship types or Strict Open XML's; a package without relationships is
// read at Word's names, as before.
func TestDocxTextFollowsRelationships(t *testing.T) {
	const want = "# Douyin\n\nDouyin sells through live streams.\n\n## Notes\n\nSource: Kuaishou's annual report for 2022.\n"
	strict := movedParts(strictRel(docxtest.RelOfficeDocument), strictRel(docxtest.RelStyles), strictRel(docxtest.RelFootnotes))
	strict["word/document2.xml"] = strings.ReplaceAll(strict["word/document2.xml"], nsWord, nsWordStrict)
	noRels := map[string]string{"_rels/.rels": docxtest.Omit, "word/_rels/document.xml.rels": docxtest.Omit, "[Content_Types].xml": docxtest.Omit,
		"word/document.xml":  docxtest.Document(docxtest.P("berschrift1", "Douyin") + p("", r("Douyin sells through live streams."), `<w:r><w:footnoteReference w:id="2"/></w:r>`)),
		"word/styles.xml":    docxtest.Styles(docxtest.RealisticStyles),
		"word/footnotes.xml": docxtest.RealisticFootnotes,
		"docProps/core.xml":  docxtest.Core("Live commerce"),
	}
	tests := []struct {
		name  string
		parts map[string]string
	}{
		{"parts named otherwise", movedParts(docxtest.RelOfficeDocument, docxtest.RelStyles, docxtest.RelFootnotes)},
		{"Strict Open XML", strict},
		{"no relationships: Word's names", noRels},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := readDocx(docxtest.File(t, tt.parts))
			if err != nil || d.text != want || d.title != "Live commerce" || len(d.skipped) > 0 {
				t.Errorf("readDocx =\n%s\ntitle %q, skipped %v, %v; want\n%s\ntitle Live commerce", d.text, d.title, d.skipped, err, want)
			}
		})
	}
}

// A relationship of the main part that leads out of the package, to an external resource or to a
// part the archive lacks is skipped with a warning naming it, and the rest is read.
func TestDocxTextSkipsBadRelationships(t *testing.T) {
	parts := map[string]string{
		"word/document.xml": docxtest.Document(docxtest.P("berschrift1", "Douyin") + p("", r("Body."), `<w:r><w:footnoteReference w:id="2"/><w:endnoteReference w:id="1"/></w:r>`)),
		"word/_rels/document.xml.rels": docxtest.Rels(docxtest.Rel{ID: "rId1", Type: docxtest.RelStyles, Target: "../../styles.xml"},
			docxtest.Rel{ID: "rId2", Type: docxtest.RelFootnotes, Target: "https://example.com/footnotes.xml", External: true},
			docxtest.Rel{ID: "rId3", Type: docxtest.RelEndnotes, Target: "endnotes9.xml"},
			docxtest.Rel{ID: "rId4", Type: docxtest.RelNumbering, Target: "%zz.xml"}),
		"word/styles.xml":    docxtest.Styles(docxtest.RealisticStyles),
		"word/footnotes.xml": docxtest.RealisticFootnotes,
		"_rels/.rels": docxtest.Rels(docxtest.Rel{ID: "rId1", Type: docxtest.RelOfficeDocument, Target: "/word/document.xml"},
			docxtest.Rel{ID: "rId2", Type: docxtest.RelCore, Target: "docProps/core.xml"}),
	}
	wantSkipped := []string{
		`word/document.xml: styles "../../styles.xml": a target outside the package`,
		`word/document.xml: numbering "%zz.xml": a target that is not a part name`,
		`word/document.xml: footnotes "https://example.com/footnotes.xml": an external target, not read`,
		`word/document.xml: endnotes "endnotes9.xml": no word/endnotes9.xml in the archive`,
		`_rels/.rels: core-properties "docProps/core.xml": no docProps/core.xml in the archive`,
	}
	data := docxtest.File(t, parts)
	d, err := readDocx(data)
	if err != nil || d.text != "Douyin\n\nBody.\n" {
		t.Errorf("readDocx = %q, %v; want the body, its styles and notes unread", d.text, err)
	}
	var got []string
	for _, s := range d.skipped {
		got = append(got, s.String())
	}
	if strings.Join(got, "\n") != strings.Join(wantSkipped, "\n") {
		t.Errorf("skipped\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantSkipped, "\n"))
	}

	// File gives a warning of each, for the corpus reader to log naming the file.
	res, err := File("report.docx", data)
	if err != nil || len(res.Warnings) != len(wantSkipped) {
		t.Fatalf("File = %+v, %v; want %d warnings of parts skipped", res, err, len(wantSkipped))
	}
	want := Warning{Msg: "skipping part of Word document", Attrs: []Attr{{"part", "word/document.xml"}, {"reason", `styles "../../styles.xml": a target outside the package`}}}
	if w := res.Warnings[0]; w.Msg != want.Msg || !slices.Equal(w.Attrs, want.Attrs) {
		t.Errorf("first warning %+v, want %+v", w, want)
	}
}

// A main part that the package's relationships cannot lead to makes the archive no Word document,
// with an error that says why.
func TestDocxTextMainPartErrors(t *testing.T) {
	body := docxtest.Document(p("", r("x")))
	rels := func(target string, external bool) string {
		return docxtest.Rels(docxtest.Rel{ID: "rId1", Type: docxtest.RelOfficeDocument, Target: target, External: external})
	}
	tests := []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"missing", map[string]string{"_rels/.rels": rels("word/document2.xml", false), "word/document.xml": body}, "no word/document2.xml in the archive: not a Word document"},
		{"outside the package", map[string]string{"_rels/.rels": rels("../document.xml", false), "word/document.xml": body}, `the main part "../document.xml" (in _rels/.rels): a target outside the package`},
		{"external", map[string]string{"_rels/.rels": rels("file:///etc/passwd", true), "word/document.xml": body}, `the main part "file:///etc/passwd" (in _rels/.rels): an external target, not read`},
		{"a workbook", map[string]string{"_rels/.rels": rels("xl/workbook.xml", false), "xl/workbook.xml": "<workbook/>",
			"[Content_Types].xml": docxtest.ContentTypes(nil, map[string]string{"/xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"})},
			"the main part xl/workbook.xml is application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml: not a Word document"},
		{"malformed relationships", map[string]string{"_rels/.rels": "<Relationships><Relationship", "word/document.xml": body}, "read _rels/.rels: XML syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _, err := docxText(docxtest.File(t, tt.parts))
			if err == nil || !strings.Contains(err.Error(), tt.want) || text != "" {
				t.Errorf("docxText = %q, %v; want an error saying %q", text, err, tt.want)
			}
		})
	}
}

// chunkDocx returns a .docx whose body is body, its main part's relationships rels (rId1 … in
// order, of type aFChunk unless external) and parts the parts given (name → content; the content
// types of the chunks say what they are, by extension: htm is text/html, txt text/plain, rtf
// application/rtf, mht message/rfc822, docx Word's, bin none).
func chunkDocx(tb testing.TB, body string, targets []string, parts map[string]string) []byte {
	tb.Helper()
	var rels []docxtest.Rel
	for i, target := range targets {
		rels = append(rels, docxtest.Rel{ID: fmt.Sprintf("rId%d", i+1), Type: docxtest.RelAFChunk, Target: target})
	}
	all := map[string]string{
		"word/document.xml":            docxtest.Document(body),
		"word/_rels/document.xml.rels": docxtest.Rels(rels...),
		"[Content_Types].xml": docxtest.ContentTypes(map[string]string{"htm": "text/html", "txt": "text/plain; charset=utf-8", "rtf": "application/rtf", "mht": "message/rfc822"},
			map[string]string{"/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
				"/word/nested.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "/word/page.xhtml": "application/xhtml+xml"}),
	}
	maps.Copy(all, parts)
	return docxtest.File(tb, all)
}

// chunkPage is a web page imported into a Word document (as a mail merge or a web editor does):
// its text is read as a web page's, where the document imports it.
const chunkPage = `<html><head><title>NO-TITLE</title><style>p { color: red }</style></head><body>` +
	`<h2>Imported</h2><p>Pinduoduo   grew <b>fast</b>.</p><ul><li>Temu</li><li>Duoduo Maicai</li></ul><script>NO-SCRIPT</script></body></html>`

// Imported content (altChunk) is read where the document imports it: a web page (HTML or XHTML)
// as the web-page reader reads it, plain text as paragraphs (its blank lines end them), in the
// body, a table cell or a text box.
func TestDocxTextImportedContent(t *testing.T) {
	tests := []struct {
		name, body string
		parts      map[string]string
		want       string
	}{
		{"a web page", p("", r("Before.")) + docxtest.AltChunk("rId1") + p("", r("After.")), map[string]string{"word/afchunk.htm": chunkPage},
			"Before.\n\n## Imported\n\nPinduoduo grew fast.\n\n- Temu\n- Duoduo Maicai\n\nAfter.\n"},
		{"XHTML, by its override", docxtest.AltChunk("rId2"), map[string]string{"word/page.xhtml": `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Kuaishou &amp; Kwai</p></body></html>`},
			"Kuaishou & Kwai\n"},
		{"plain text", p(numbered("1", "0"), r("item")) + docxtest.AltChunk("rId3") + p(numbered("1", "0"), r("item")), map[string]string{"word/chunk.txt": "\ufeffLine  one\r\nline two\r\n \r\n\r\nSecond\tparagraph.\rlast line\n\n\n"},
			"- item\n\nLine one\nline two\n\nSecond paragraph.\nlast line\n\n- item\n"},
		{"plain text in UTF-16", docxtest.AltChunk("rId3"), map[string]string{"word/chunk.txt": "\xff\xfeD\x00o\x00u\x00y\x00i\x00n\x00 \x00\x96\x62\xf3\x97\n\x00"},
			"Douyin 抖音\n"},
		{"in a table cell and a text box", `<w:tbl><w:tr><w:tc>` + p("", r("Cell")) + docxtest.AltChunk("rId3") + `</w:tc></w:tr></w:tbl>` +
			p("", r("Anchor"), `<w:r><w:pict><v:shape><v:textbox><w:txbxContent>`+docxtest.AltChunk("rId1")+`</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`),
			map[string]string{"word/chunk.txt": "one\n\ntwo", "word/afchunk.htm": chunkPage},
			"| Cell one two |\n\nAnchor\n\n## Imported\n\nPinduoduo grew fast.\n\n- Temu\n- Duoduo Maicai\n"},
		{"no text", p("", r("x")) + docxtest.AltChunk("rId1") + docxtest.AltChunk("rId3"), map[string]string{"word/afchunk.htm": "<script>x</script><p> </p>", "word/chunk.txt": " \n\u200b\n"}, "x\n"},
		{"the same chunk twice", docxtest.AltChunk("rId3") + docxtest.AltChunk("rId3"), map[string]string{"word/chunk.txt": "Again."}, "Again.\n\nAgain.\n"},
	}
	targets := []string{"afchunk.htm", "/word/page.xhtml", "chunk.txt"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := readDocx(chunkDocx(t, tt.body, targets, tt.parts))
			if err != nil || d.text != tt.want || len(d.skipped) > 0 {
				t.Errorf("readDocx =\n%q, skipped %v, %v\nwant\n%q", d.text, d.skipped, err, tt.want)
			}
			checkHTMLText(t, nil, d.text)
		})
	}
}

// Imported web pages are read as web pages are: decoded from the charset they declare (one whose
// bytes are not valid in it is skipped, saying where), their own text literal lines, their headings
// and lists structure.
func TestDocxTextImportedPageCharsetAndLiteralLines(t *testing.T) {
	body := p("", r("Before.")) + docxtest.AltChunk("rId1") + docxtest.AltChunk("rId2")
	page := "<meta charset=\"windows-1252\"><h2>Caf\xe9</h2><p># 1 \x80 sale</p><ul><li>Temu</li></ul>"
	bad := "<meta charset=\"gbk\"><p>\xcc\xd4\xff</p>"
	d, err := readDocx(chunkDocx(t, body, []string{"afchunk.htm", "bad.htm"}, map[string]string{"word/afchunk.htm": page, "word/bad.htm": bad}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := markedLines(d.text, d.literal), []string{"L Before.", "S ## Café", "L # 1 € sale", "S - Temu"}; !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
	want := `word/document.xml: imported content "bad.htm": not valid gbk, the charset it declares, at byte 25`
	if len(d.skipped) != 1 || d.skipped[0].String() != want {
		t.Errorf("skipped %v, want %s", d.skipped, want)
	}
}

// textChunkDocx is a .docx that imports the plain text part word/chunk.txt, of content type ct
// (an override of its part name; "" leaves it to the extension's, text/plain), after a paragraph.
func textChunkDocx(tb testing.TB, ct, chunk string) []byte {
	tb.Helper()
	types := map[string]string{"/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"}
	if ct != "" {
		types["/word/chunk.txt"] = ct
	}
	return chunkDocx(tb, p("", r("Before."))+docxtest.AltChunk("rId1"), []string{"chunk.txt"}, map[string]string{
		"word/chunk.txt":      chunk,
		"[Content_Types].xml": docxtest.ContentTypes(map[string]string{"txt": "text/plain"}, types),
	})
}

// Imported plain text is decoded as web pages are, by its charset: a byte order mark (UTF-8,
// UTF-16 either way round), else the charset parameter of its content type in [Content_Types].xml
// (WHATWG names: ISO-8859-1 is windows-1252), else UTF-8; never by a <meta charset> it holds as
// text. Declared single-byte but valid UTF-8 beyond ASCII, it is UTF-8 (a stale declaration).
func TestDocxTextImportedTextCharset(t *testing.T) {
	tests := []struct{ name, ct, chunk, want string }{
		{"windows-1252", "text/plain; charset=windows-1252", "Caf\xe9 \x80 5", "Before.\n\nCafé € 5\n"},
		{"ISO-8859-1 is windows-1252, quoted, any case", `Text/Plain; Charset="ISO-8859-1"`, "Caf\xe9 \x80", "Before.\n\nCafé €\n"},
		{"GBK", "text/plain;charset=gbk", "\xcc\xd4\xb1\xa6 sells.\r\n\r\n\xbe\xa9\xb6\xab", "Before.\n\n淘宝 sells.\n\n京东\n"},
		{"GB2312 is GBK", "text/plain; charset=GB2312", "\xcc\xd4\xb1\xa6", "Before.\n\n淘宝\n"},
		{"UTF-16BE by its byte order mark", "", "\xfe\xff\x00D\x00y\x00 \x62\x96", "Before.\n\nDy 抖\n"},
		{"a byte order mark over the declared charset", "text/plain; charset=gbk", "\xef\xbb\xbfCaf\xc3\xa9", "Before.\n\nCafé\n"},
		{"declared windows-1252, written in UTF-8", "text/plain; charset=windows-1252", "Caf\xc3\xa9", "Before.\n\nCafé\n"},
		{"an unknown charset is UTF-8", "text/plain; charset=x-nonesuch", "Caf\xc3\xa9", "Before.\n\nCafé\n"},
		{"no charset: UTF-8, its meta is text", "", `<meta charset="gbk"> caf` + "\xc3\xa9", "Before.\n\n<meta charset=\"gbk\"> café\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := readDocx(textChunkDocx(t, tt.ct, tt.chunk))
			if err != nil || d.text != tt.want || len(d.skipped) > 0 {
				t.Errorf("readDocx =\n%q, skipped %v, %v\nwant\n%q", d.text, d.skipped, err, tt.want)
			}
		})
	}
}

// Imported plain text whose bytes are not valid in its charset is skipped, not read with U+FFFD
// where its text was, and the corpus reader's warning names the file, the part and the byte offset
// in the imported part; the rest of the document is read.
func TestDocxTextImportedTextCharsetErrors(t *testing.T) {
	tests := []struct{ name, ct, chunk, reason string }{
		{"not UTF-8, no charset", "", "Caf\xe9 \x80", `imported content "chunk.txt": not valid UTF-8 at byte 3, and it declares no charset`},
		{"not valid UTF-8, declared", "text/plain; charset=utf-8", "ok \xff", `imported content "chunk.txt": not valid utf-8, the charset it declares, at byte 3`},
		{"not GBK", "text/plain; charset=gbk", "\xcc\xd4\xff", `imported content "chunk.txt": not valid gbk, the charset it declares, at byte 2`},
		{"a lone surrogate after a byte order mark", "", "\xff\xfeD\x00\x00\xd8y\x00", `imported content "chunk.txt": not valid utf-16le, the charset it declares, at byte 4`},
		{"a charset browsers refuse", "text/plain; charset=iso-2022-kr", "x", `imported content "chunk.txt": it declares a charset that browsers refuse to decode (ISO-2022-KR, HZ-GB-2312 or the like)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := textChunkDocx(t, tt.ct, tt.chunk)
			d, err := readDocx(data)
			if want := "word/document.xml: " + tt.reason; err != nil || d.text != "Before.\n" || len(d.skipped) != 1 || d.skipped[0].String() != want {
				t.Errorf("readDocx = %q, skipped %v, %v; want Before., and skipped %s", d.text, d.skipped, err, want)
			}
			res, err := File("report.docx", data)
			if err != nil || res.Text != "Before.\n" {
				t.Fatalf("File = %+v, %v; want the document's own text", res, err)
			}
			want := []Attr{{"part", "word/document.xml"}, {"reason", tt.reason}}
			if len(res.Warnings) != 1 || res.Warnings[0].Msg != "skipping part of Word document" || !slices.Equal(res.Warnings[0].Attrs, want) {
				t.Errorf("warnings %+v, want one skipping part of Word document %+v", res.Warnings, want)
			}
		})
	}
}

// Imported content citebot cannot read (RTF, a saved web archive, a nested Word document, a part
// of no known type) or cannot find is not lost in silence: each is skipped with a warning naming
// it and its type, and the rest of the document is read.
func TestDocxTextSkipsImportedContent(t *testing.T) {
	body := p("", r("Before.")) + docxtest.AltChunk("rId1") + docxtest.AltChunk("rId2") + docxtest.AltChunk("rId3") + docxtest.AltChunk("rId4") +
		docxtest.AltChunk("rId5") + docxtest.AltChunk("rId99") + p("", r("After."))
	data := chunkDocx(t, body, []string{"afchunk.rtf", "afchunk.mht", "nested.docx", "blob.bin", "gone.htm"}, map[string]string{
		"word/afchunk.rtf": `{\rtf1\ansi RTF-TEXT}`, "word/afchunk.mht": "MIME-Version: 1.0\r\n\r\nMHT-TEXT", "word/nested.docx": "PK", "word/blob.bin": "BLOB",
	})
	d, err := readDocx(data)
	if err != nil || d.text != "Before.\n\nAfter.\n" {
		t.Errorf("readDocx = %q, %v; want the document's own text", d.text, err)
	}
	want := []string{
		`word/document.xml: imported content "afchunk.rtf" (application/rtf) not read: only imported HTML and plain text are`,
		`word/document.xml: imported content "afchunk.mht" (message/rfc822) not read: only imported HTML and plain text are`,
		`word/document.xml: imported content "nested.docx" (application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml) not read: only imported HTML and plain text are`,
		`word/document.xml: imported content "blob.bin" (of no known type) not read: only imported HTML and plain text are`,
		`word/document.xml: aFChunk "gone.htm": no word/gone.htm in the archive`,
		`word/document.xml: imported content rId99: no such relationship`,
	}
	var got []string
	for _, s := range d.skipped {
		got = append(got, s.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("skipped\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Imported content is read within the bound of the XML unpacked from the document's parts: a zip
// bomb imported is refused as one in any part, by its declared size. One whose size lies is a
// broken part: skipped with a warning, once it passes its declared size.
func TestDocxTextImportedZipBomb(t *testing.T) {
	const size = 256 << 20
	parts := map[string]string{
		"word/document.xml":            docxtest.Document(p("", r("x")) + docxtest.AltChunk("rId1")),
		"word/_rels/document.xml.rels": docxtest.Rels(docxtest.Rel{ID: "rId1", Type: docxtest.RelAFChunk, Target: "afchunk.htm"}),
	}
	text, _, err := docxText(docxtest.BombWith(t, "word/afchunk.htm", size, size+1000, parts))
	if want := "word/afchunk.htm: its XML unpacks to more than 200 MiB"; err == nil || text != "" || !strings.Contains(err.Error(), want) {
		t.Errorf("docxText(an imported zip bomb) = %.40q, %v; want an error saying %s", text, err, want)
	}
	d, err := readDocx(docxtest.BombWith(t, "word/afchunk.htm", size, 1<<20, parts))
	want := `word/document.xml: imported content "afchunk.htm": read word/afchunk.htm: zip: not a valid zip file`
	if err != nil || d.text != "x\n" || len(d.skipped) != 1 || d.skipped[0].String() != want {
		t.Errorf("readDocx(an imported zip bomb that lies) = %.40q, skipped %v, %v; want x, and skipped %s", d.text, d.skipped, err, want)
	}
}

// Content imported again is not read again, but counts again in the bound of what a document's
// parts may unpack to, as its text is written again: a small part imported a million times is
// refused as a zip bomb.
func TestDocxImportedAgainCounts(t *testing.T) {
	pkg, err := openDocx(docxtest.File(t, map[string]string{"word/chunk.txt": "Taobao sells."}))
	if err != nil {
		t.Fatal(err)
	}
	size := int64(len("Taobao sells."))
	pkg.left = 2*size + 1
	for i, want := range []int64{size + 1, 1} {
		blocks, err := pkg.importedBlocks("word/chunk.txt", chunkText)
		if err != nil || len(blocks) != 1 || blocks[0].plain() != "Taobao sells." || pkg.left != want {
			t.Fatalf("import %d: %v, %v, %d bytes left; want the text, %d bytes left", i+1, blocks, err, pkg.left, want)
		}
	}
	if _, err := pkg.importedBlocks("word/chunk.txt", chunkText); !errors.Is(err, errDocxTooBig) {
		t.Errorf("import past the bound: %v, want errDocxTooBig", err)
	}
}

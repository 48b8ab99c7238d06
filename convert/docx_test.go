package convert

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/citebot/citebot/internal/docxtest"
)

// realisticDocxText is what citebot reads of the realistic report.
const realisticDocxText = "# Live commerce in China\n" +
	"\n" +
	"Douyin's e-commerce GMV reached about 2.2 trillion yuan in 2022, up 76%.\n" +
	"\n" +
	"Listings are checked.\n" +
	"Sellers who cheat are fined.\n" +
	"\n" +
	"Fines start at 500 yuan (see the rules).\n" +
	"\n" +
	"# Platforms\n" +
	"\n" +
	"- Douyin (抖音)\n" +
	"- Kuaishou\n" +
	"  - Kwai abroad\n" +
	"\n" +
	"1. Open a shop.\n" +
	"  - Pick a category.\n" +
	"2. Go live.\n" +
	"\n" +
	"## GMV by year\n" +
	"\n" +
	"| Year | GMV |\n" +
	"| 2021 | 0.8 trillion (estimate) |\n" +
	"| 2022 | Douyin 2.2 trillion |\n" +
	"\n" +
	"Kuaishou's GMV was 901.2 billion yuan. It grew fast.\n" +
	"\n" +
	"Kwai is Kuaishou abroad.\n" +
	"\n" +
	"## Notes\n" +
	"\n" +
	"Source: Kuaishou's annual report for 2022.\n"

func TestDocxTextRealisticDocument(t *testing.T) {
	text, title, err := docxText(docxtest.Realistic(t))
	if err != nil {
		t.Fatal(err)
	}
	if text != realisticDocxText {
		t.Errorf("docxText(realistic document) =\n%s\nwant\n%s", text, realisticDocxText)
	}
	if want := "Live commerce in China, 2022"; title != want {
		t.Errorf("title = %q, want %q", title, want)
	}
	checkHTMLText(t, nil, text)
	for _, bad := range []string{"DELETED", "REF", "FineAmount", "HIDDEN", "COMMENT", "HEADER", "FOOTER", "FALLBACK", "ALT-TEXT", "ORPHAN", "Textfeld", "TOC", "Contents"} {
		if strings.Contains(text, bad) {
			t.Errorf("text holds %s", bad)
		}
	}
}

// A Word document's own text is listed as literal lines; the headings, list items and table rows
// the reader writes are not.
func TestDocxTextLiteralLines(t *testing.T) {
	d, err := readDocx(docxtest.Realistic(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"S # Live commerce in China", "L Douyin's e-commerce GMV reached about 2.2 trillion yuan in 2022, up 76%.", "L Listings are checked.",
		"L Sellers who cheat are fined.", "L Fines start at 500 yuan (see the rules).", "S # Platforms", "S - Douyin (抖音)", "S - Kuaishou", "S   - Kwai abroad",
		"S 1. Open a shop.", "S   - Pick a category.", "S 2. Go live.", "S ## GMV by year", "S | Year | GMV |", "S | 2021 | 0.8 trillion (estimate) |",
		"S | 2022 | Douyin 2.2 trillion |", "L Kuaishou's GMV was 901.2 billion yuan. It grew fast.", "L Kwai is Kuaishou abroad.", "S ## Notes",
		"L Source: Kuaishou's annual report for 2022."}
	if got := markedLines(d.text, d.literal); !slices.Equal(got, want) {
		t.Errorf("realistic document's lines =\n%q\nwant\n%q", got, want)
	}
	body := p("", r("# 1 seller in 2023"), `<w:r><w:br/></w:r>`, r("> 50% of buyers")) + docxtest.ListItem("1", "0", "first") + `<w:p><w:r><w:t>x</w:t><w:br/><w:t>- y</w:t></w:r></w:p>`
	d, err = readDocx(docxtest.File(t, map[string]string{"word/document.xml": docxtest.Document(body), "word/numbering.xml": docxtest.Numbering(docxtest.RealisticNumbering)}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := markedLines(d.text, d.literal), []string{"L # 1 seller in 2023", "L > 50% of buyers", "S - first", "L x", "L - y"}; !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

// r and p are [docxtest.Run] and [docxtest.Para], short for the tables of rules below.
var r, p = docxtest.Run, docxtest.Para

// field is a complex field of code showing result (runs).
func field(code string, result ...string) string {
	return `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">` + docxtest.Escape(code) + `</w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` + strings.Join(result, "") + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
}

// numbered is the numbering of a paragraph: list numID, level ilvl.
func numbered(numID, ilvl string) string {
	return `<w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr>`
}

func TestDocxTextRules(t *testing.T) {
	tests := []struct {
		name, body, styles, numbering, want string
	}{
		{"runs join, white space collapses", p("", r("  Tao"), r("bao\n sells\u00a0\u00a0"), r("\teverything "), `<w:r><w:t>here.</w:t></w:r>`), "", "", "Taobao sells everything here.\n"},
		{"tabs and hyphens", p("", `<w:r><w:tab/><w:t>Year</w:t><w:tab/><w:t>GMV</w:t><w:noBreakHyphen/><w:t>data</w:t><w:softHyphen/><w:t>set</w:t></w:r>`), "", "", "Year GMV-dataset\n"},
		{"a break is a line, two end the paragraph", p("", r("One"), `<w:r><w:br/></w:r>`, r("Two"), `<w:r><w:br/><w:br/><w:br/></w:r>`, r("Three"), `<w:r><w:cr/><w:t>Four</w:t><w:br/></w:r>`), "", "", "One\nTwo\n\nThree\nFour\n"},
		{"a page break is a line break", p("", r("Before"), `<w:r><w:br w:type="page"/></w:r>`, r("after")), "", "", "Before\nafter\n"},
		{"empty and blank paragraphs dropped", "<w:p/>" + p("", r(" \u200b ")) + p("", r("x")) + p("", `<w:r><w:br/><w:br/></w:r>`), "", "", "x\n"},
		{"heading ids without styles.xml", p(`<w:pStyle w:val="Heading2"/>`, r("Two")) + p(`<w:pStyle w:val="heading6"/>`, r("Six")) + p(`<w:pStyle w:val="Heading9"/>`, r("Nine")) + p(`<w:pStyle w:val="Title"/>`, r("T")) + p(`<w:pStyle w:val="Subtitle"/>`, r("Sub")), "", "", "## Two\n\n###### Six\n\n###### Nine\n\n# T\n\nSub\n"},
		{"localized style names and base styles", p(`<w:pStyle w:val="Titre1"/>`, r("Un")) + p(`<w:pStyle w:val="MaSection"/>`, r("Deux")) + p(`<w:pStyle w:val="Ttulo3"/>`, r("Tres")) + p(`<w:pStyle w:val="Heading1"/>`, r("Not one")),
			`<w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/></w:style>` +
				`<w:style w:type="paragraph" w:styleId="MaSection"><w:name w:val="Ma section"/><w:basedOn w:val="Titre2"/></w:style>` +
				`<w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="Custom"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>` +
				`<w:style w:type="paragraph" w:styleId="Ttulo3"><w:name w:val="HEADING 3"/></w:style>` +
				`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="Body"/></w:style>` +
				`<w:style w:type="character" w:styleId="Titre1Car"><w:name w:val="heading 1 Char"/></w:style>`, "",
			"# Un\n\n## Deux\n\n### Tres\n\nNot one\n"},
		{"outline levels: the paragraph's over its style's", p(`<w:outlineLvl w:val="2"/>`, r("Three")) + p(`<w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/>`, r("Body text")) + p(`<w:outlineLvl w:val="7"/>`, r("Eight")), "", "", "### Three\n\nBody text\n\n###### Eight\n"},
		{"a style loop ends", p(`<w:pStyle w:val="A"/>`, r("x")), `<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style><w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>`, "", "x\n"},
		{"a tracked change of style reads the new style", p(`<w:pStyle w:val="Heading2"/><w:pPrChange w:id="1"><w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="0"/></w:pPr></w:pPrChange>`, r("New")), "", "", "## New\n"},
		{"a heading's lines are one", p(`<w:pStyle w:val="Heading1"/>`, r("Sick"), `<w:r><w:br/></w:r>`, r("leave"), `<w:r><w:tab/></w:r>`), "", "", "# Sick leave\n"},
		{"lists: adjacent lists are one paragraph, other paragraphs end it", p(numbered("1", "0"), r("a")) + p(numbered("2", "0"), r("b")) + p(numbered("2", "1"), r("c"), `<w:r><w:br/><w:t>c2</w:t></w:r>`) + p(numbered("1", "0"), r("d")) + p("", r("After.")) + p(numbered("1", "0"), r("e")),
			"", `<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>` +
				`<w:num w:numId="2"><w:abstractNumId w:val="5"/></w:num>`,
			"- a\n1. b\n  1. c\n    c2\n- d\n\nAfter.\n\n- e\n"},
		{"numbers count on across paragraphs and lists of one numbering, restart where told", p(numbered("1", "0"), r("a")) + p(numbered("1", "1"), r("a1")) + p(numbered("1", "1"), r("a2")) + p(numbered("1", "0"), r("b")) + p(numbered("1", "1"), r("b1")) + p("", r("Text.")) + p(numbered("2", "0"), r("c")) + p(numbered("3", "0"), r("x")) + p(numbered("3", "0"), r("y")) + p(numbered("4", "0"), r("z")),
			"", `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>` +
				`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>` +
				`<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
				`<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="7"/><w:numFmt w:val="upperRoman"/></w:lvl></w:lvlOverride></w:num>`,
			"3. a\n  0. a1\n  1. a2\n4. b\n  0. b1\n\nText.\n\n5. c\n1. x\n2. y\n- z\n"},
		{"lists from styles; numbering 0 removes it", p(`<w:pStyle w:val="ListNumber"/>`, r("one")) + p(`<w:pStyle w:val="ListNumber2"/>`, r("nested")) + p(`<w:pStyle w:val="ListNumber"/><w:numPr><w:numId w:val="0"/></w:numPr>`, r("not an item")),
			`<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>` +
				`<w:style w:type="paragraph" w:styleId="ListNumber2"><w:name w:val="List Number 2"/><w:basedOn w:val="ListNumber"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>`,
			`<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="9"><w:abstractNumId w:val="3"/></w:num>`,
			"1. one\n  - nested\n\nnot an item\n"},
		{"an empty numbered item counts and ends no list", p(numbered("1", "0"), r("a")) + p(numbered("1", "0")) + p(numbered("1", "0"), r("c")),
			"", `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
			"1. a\n3. c\n"},
		{"fields: results kept, codes and nested codes left out", p("", r("Page "), field(" PAGE ", r("4")), r(" of "), `<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>`, r("; "),
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>`, field(" MERGEFIELD x ", r("NESTED-RESULT")), `<w:r><w:instrText> = 1 "yes" "no"</w:instrText></w:r>`,
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`, r("yes"), `<w:r><w:fldChar w:fldCharType="end"/></w:r>`, r("; "),
			`<w:r><w:fldChar w:fldCharType="begin"/><w:instrText> XE "Index entry" </w:instrText><w:fldChar w:fldCharType="end"/></w:r>`, r("end.")), "", "", "Page 4 of 9; yes; end.\n"},
		{"a field across paragraphs (included text)", p("", `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDETEXT "other.docx" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`, `<w:hyperlink w:anchor="_Toc1">`+r("Intro")+`<w:r><w:tab/></w:r>`+r("1")+`</w:hyperlink>`) +
			p("", r("Platforms"), `<w:r><w:tab/><w:t>2</w:t></w:r>`, `<w:r><w:fldChar w:fldCharType="end"/></w:r>`) + p("", r("Body.")), "", "", "Intro 1\n\nPlatforms 2\n\nBody.\n"},
		{"tracked changes: insertions and moves to kept, deletions and moves away left out", p("", r("Taobao "), `<w:del><w:r><w:delText>sold </w:delText></w:r></w:del>`, `<w:ins><w:r><w:t>sells </w:t></w:r></w:ins>`,
			`<w:moveFrom><w:r><w:t>MOVED-AWAY </w:t></w:r></w:moveFrom>`, `<w:moveTo><w:r><w:t>much.</w:t></w:r></w:moveTo>`, `<w:del><w:r><w:t>DELETED-AS-T</w:t></w:r></w:del>`), "", "", "Taobao sells much.\n"},
		{"hidden runs", p("", r("Seen"), `<w:r><w:rPr><w:b/><w:vanish/></w:rPr><w:t>NO</w:t><w:br/><w:br/></w:r>`, `<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t xml:space="preserve"> too</w:t></w:r>`,
			`<w:r><w:rPr><w:vanish w:val="1"/></w:rPr><w:t>NO</w:t></w:r>`, `<w:r><w:rPr><w:rPrChange><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>.</w:t></w:r>`), "", "", "Seen too.\n"},
		{"content controls, hyperlinks, smart tags and ruby", `<w:sdt><w:sdtPr><w:alias w:val="Title"/><w:placeholder><w:docPart w:val="X"/></w:placeholder></w:sdtPr><w:sdtContent>` +
			p("", `<w:hyperlink r:id="rId9">`+r("Douyin")+`</w:hyperlink>`, `<w:smartTag w:element="place">`+r(" in ")+`</w:smartTag>`,
				`<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>Běijīng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>北京</w:t></w:r></w:rubyBase></w:ruby></w:r>`) + `</w:sdtContent></w:sdt>`, "", "", "Douyin in 北京\n"},
		{"tables: blocks in a cell are spaces, empty rows dropped", `<w:tbl><w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Platform</w:t></w:r></w:p></w:tc><w:tc>` + p("", r("Users")) + `</w:tc></w:tr>` +
			`<w:tr><w:tc>` + p("", r("Douyin"), `<w:r><w:br/></w:r>`, r("抖音")) + p(numbered("1", "0"), r("Kuaishou")) + `</w:tc><w:tc>` + p("", r("750")) + p("", r("million")) + `</w:tc></w:tr>` +
			`<w:tr><w:tc><w:p/></w:tc><w:tc>` + p("", r(" ")) + `</w:tc></w:tr><w:tr/></w:tbl>` + p("", r("After.")), "", "", "| Platform | Users |\n| Douyin 抖音 Kuaishou | 750 million |\n\nAfter.\n"},
		{"a table ends a list and two tables are two paragraphs", p(numbered("1", "0"), r("a")) + `<w:tbl><w:tr><w:tc>` + p("", r("1")) + `</w:tc></w:tr></w:tbl><w:tbl><w:tr><w:tc>` + p("", r("2")) + `</w:tc></w:tr></w:tbl>`, "", "", "- a\n\n| 1 |\n\n| 2 |\n"},
		{"text boxes: after their paragraph, in their cell", p("", r("Anchor"), `<w:r><w:pict><v:shape><v:textbox><w:txbxContent>`+p(`<w:pStyle w:val="Heading3"/>`, r("Box"))+p("", r("Inside."))+`</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`, r(" text.")) +
			`<w:tbl><w:tr><w:tc>` + p("", r("Cell"), `<w:r><w:pict><v:shape><v:textbox><w:txbxContent>`+p("", r("boxed"))+`</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`, r(" text")) + `</w:tc></w:tr></w:tbl>`, "", "", "Anchor text.\n\n### Box\n\nInside.\n\n| Cell text boxed |\n"},
		{"bytes that are not UTF-8", p("", r("caf\xe9 \xff")), "", "", "caf\uFFFD \uFFFD\n"},
		{"sections and other parts' markup say nothing", p("", r("x"), `<w:r><w:sym w:font="Wingdings" w:char="F0E0"/><w:lastRenderedPageBreak/></w:r>`, `<w:bookmarkStart w:id="0" w:name="a"/><w:bookmarkEnd w:id="0"/>`) + `<w:altChunk r:id="rId5"/>`, "", "", "x\n"},
		{"no text", p("", `<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture" descr="ALT"/></wp:inline></w:drawing></w:r>`), "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := map[string]string{"word/document.xml": docxtest.Document(tt.body)}
			if tt.styles != "" {
				parts["word/styles.xml"] = docxtest.Styles(tt.styles)
			}
			if tt.numbering != "" {
				parts["word/numbering.xml"] = docxtest.Numbering(tt.numbering)
			}
			data := docxtest.File(t, parts)
			got, title, err := docxText(data)
			if err != nil || got != tt.want || title != "" {
				t.Errorf("docxText(%s) =\n%q, title %q, %v\nwant\n%q", tt.body, got, title, err, tt.want)
			}
			checkHTMLText(t, nil, got)
		})
	}
}

func TestDocxTextErrors(t *testing.T) {
	doc := docxtest.Document(p("", r("x")))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("PK\x03\x04 this is not really a zip"), "not a Word document (a .docx is a zip archive)"},
		{"a text file", []byte("Taobao sells.\n"), "not a Word document"},
		{"an old or encrypted document", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 600)...), "an encrypted or Word 97-2003 document"},
		{"a zip of other things", docxtest.File(t, map[string]string{"xl/workbook.xml": "<workbook/>"}), "no word/document.xml in the archive"},
		{"malformed XML", docxtest.File(t, map[string]string{"word/document.xml": strings.TrimSuffix(doc, "</w:document>")}), "read word/document.xml: XML syntax error"},
		{"malformed styles", docxtest.File(t, map[string]string{"word/document.xml": doc, "word/styles.xml": "<w:styles><w:style>"}), "read word/styles.xml"},
		{"an entity of its own (billion laughs)", docxtest.File(t, map[string]string{"word/document.xml": `<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>` +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`}), "invalid character entity &b;"},
		{"an encoding other than UTF-8", docxtest.File(t, map[string]string{"word/document.xml": `<?xml version="1.0" encoding="UTF-16"?><w:document/>`}), `encoding "UTF-16" declared`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _, err := docxText(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) || text != "" {
				t.Errorf("docxText = %q, %v; want an error saying %q", text, err, tt.want)
			}
		})
	}
	// The same document in Strict Open XML reads as Word writes it.
	strict := strings.ReplaceAll(doc, "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main")
	if text, _, err := docxText(docxtest.File(t, map[string]string{"word/document.xml": strict})); text != "x\n" || err != nil {
		t.Errorf("Strict Open XML: docxText = %q, %v; want x", text, err)
	}
}

// A zip bomb (256 MiB of XML from a few hundred KB) is refused without being unpacked: by its
// declared size, or, if that lies, where it passes it. Either way it allocates a few MB, not the
// hundreds a read would.
func TestDocxTextZipBomb(t *testing.T) {
	const size = 256 << 20
	tests := []struct {
		name, part string
		declared   int64
		want       string
	}{
		{"declared", "word/document.xml", size + 1000, "word/document.xml: its XML unpacks to more than 200 MiB"},
		{"declared, in the styles", "word/styles.xml", size + 1000, "word/styles.xml: its XML unpacks to more than 200 MiB"},
		{"declared, in the package's relationships", "_rels/.rels", size + 1000, "_rels/.rels: its XML unpacks to more than 200 MiB"},
		{"declared, in the main part's relationships", "word/_rels/document.xml.rels", size + 1000, "word/_rels/document.xml.rels: its XML unpacks to more than 200 MiB"},
		{"lying, in the relationships", "_rels/.rels", 1 << 20, "read _rels/.rels: zip: not a valid zip file"},
		{"lying", "word/document.xml", 1 << 20, "read word/document.xml: zip: not a valid zip file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := docxtest.Bomb(t, tt.part, size, tt.declared)
			if len(data) > size/500 {
				t.Fatalf("the bomb is %d bytes, want a compression of 500:1 or more", len(data))
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			text, _, err := docxText(data)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tt.want) || text != "" {
				t.Errorf("docxText(zip bomb) = %.40q…, %v; want an error saying %q", text, err, tt.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
				t.Errorf("docxText(zip bomb) allocated %d MB, want it unread", alloc>>20)
			}
		})
	}
}

// What a part may unpack to is shared by all the parts read, and a reader that passes it fails.
func TestCapReader(t *testing.T) {
	left := int64(5)
	c := &capReader{r: strings.NewReader("0123456789"), left: &left}
	b := make([]byte, 8)
	n, err := c.Read(b)
	if n != 5 || err != nil || string(b[:n]) != "01234" {
		t.Fatalf("first Read = %d %q, %v; want the 5 bytes allowed", n, b[:n], err)
	}
	if _, err := c.Read(b); !errors.Is(err, errDocxTooBig) {
		t.Errorf("Read past the cap = %v, want errDocxTooBig", err)
	}
	left = 5
	c = &capReader{r: strings.NewReader("01234"), left: &left}
	if data, err := io.ReadAll(c); string(data) != "01234" || err != nil {
		t.Errorf("ReadAll of exactly the cap = %q, %v", data, err)
	}
}

// An archive of more entries than a Word document has is refused before its directory is read.
func TestDocxTextManyEntries(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(docxtest.Document(p("", r("x")))))
	for i := range maxDocxEntries {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("m/%d", i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	if _, _, err := docxText(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "more than 10000 entries") {
		t.Errorf("docxText(%d entries) = %v, want them refused", maxDocxEntries+1, err)
	}
}

// Nesting is followed on a stack of the reader's own, never by recursion: a table nested in a
// table 200 deep is flattened into its cell, a document nested deeper than maxDocxDepth is refused
// at that depth, and fields begun and never ended are followed no deeper.
func TestDocxTextDeepNesting(t *testing.T) {
	var b strings.Builder
	for i := 200; i > 0; i-- {
		fmt.Fprintf(&b, "<w:tbl><w:tr><w:tc>%s", p("", r(fmt.Sprint(i))))
	}
	b.WriteString(strings.Repeat("</w:tc></w:tr></w:tbl>", 200))
	text, _, err := docxText(docxtest.File(t, map[string]string{"word/document.xml": docxtest.Document(b.String() + p("", r("After.")))}))
	var cell []string
	for i := 200; i > 0; i-- {
		cell = append(cell, fmt.Sprint(i))
	}
	if want := "| " + strings.Join(cell, " ") + " |\n\nAfter.\n"; text != want || err != nil {
		t.Errorf("200 nested tables: docxText = %.80q…, %v; want one row of one cell", text, err)
	}

	for _, unit := range []string{"<w:tbl><w:tr><w:tc>", "<w:sdt><w:sdtContent>", "<w:b>", "<x:y xmlns:x='z'>"} {
		deep := docxtest.Document(strings.Repeat(unit, 1<<20/len(unit)) + "Bottom.")
		_, _, err := docxText(docxtest.File(t, map[string]string{"word/document.xml": deep}))
		if !errors.Is(err, errDocxTooDeep) {
			t.Errorf("1 MB of %s: docxText = %v, want errDocxTooDeep", unit, err)
		}
	}
	for _, part := range []string{"_rels/.rels", "word/_rels/document.xml.rels", "[Content_Types].xml"} {
		deep := "<Relationships>" + strings.Repeat("<Relationship>", 1<<20/14)
		_, _, err := docxText(docxtest.File(t, map[string]string{"word/document.xml": docxtest.Document(p("", r("x"))), part: deep}))
		if !errors.Is(err, errDocxTooDeep) {
			t.Errorf("1 MB of nested elements in %s: docxText = %v, want errDocxTooDeep", part, err)
		}
	}

	fields := p("", strings.Repeat(`<w:r><w:fldChar w:fldCharType="begin"/></w:r>`, 3*maxDocxDepth), r("CODE"),
		strings.Repeat(`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`, 3*maxDocxDepth), r("Visible."))
	text, _, err = docxText(docxtest.File(t, map[string]string{"word/document.xml": docxtest.Document(fields)}))
	if text != "Visible.\n" || err != nil {
		t.Errorf("%d fields: docxText = %q, %v; want Visible.", 3*maxDocxDepth, text, err)
	}
}

// fuzzRels are the relationships of the document that fuzzDocx builds.
var fuzzRels = docxtest.Rels(docxtest.Rel{ID: "rId1", Type: docxtest.RelAFChunk, Target: "chunk.htm"}, docxtest.Rel{ID: "rId2", Type: docxtest.RelAFChunk, Target: "/word/chunk.txt"},
	docxtest.Rel{ID: "rId3", Type: docxtest.RelStyles, Target: "styles.xml"}, docxtest.Rel{ID: "rId4", Type: docxtest.RelFootnotes, Target: "footnotes.xml"})

// fuzzDocx returns a .docx of data as its text, its notes and the content it imports (rId1 as a
// web page, rId2 as plain text). (Not built by docxtest.File: the order of a map's keys varies, and
// so would the coverage the fuzzer follows.)
func fuzzDocx(tb testing.TB, data []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, xml string }{
		{"word/_rels/document.xml.rels", fuzzRels}, {"word/styles.xml", docxtest.Styles(docxtest.RealisticStyles)}, {"word/document.xml", string(data)},
		{"word/footnotes.xml", string(data)}, {"word/chunk.htm", string(data)}, {"word/chunk.txt", string(data)},
	} {
		w, err := zw.Create(part.name)
		if err == nil {
			_, err = w.Write([]byte(part.xml))
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzDocxText(f *testing.F) {
	f.Add([]byte(docxtest.Document(docxtest.RealisticBody)))
	f.Add(docxtest.Realistic(f))
	f.Add([]byte(docxtest.Document(p(numbered("1", "8"), r("a"), `<w:r><w:pict><w:txbxContent><w:tbl><w:tr><w:tc>`+p(`<w:outlineLvl w:val="0"/>`, r("b"))+`</w:tc></w:tr></w:tbl></w:txbxContent></w:pict></w:r>`))))
	f.Add([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:tc><w:r><w:t>x</w:t><w:br/></w:r><w:tr><w:txbxContent><w:footnote w:id="1"><w:p>` +
		`<w:r><w:rPr><w:vanish/></w:rPr></w:r><w:r><w:fldChar w:fldCharType="end"/><w:t>\xff</w:t></w:r></w:p></w:footnote></w:txbxContent></w:tr></w:tc></w:document>`))
	f.Add([]byte(docxtest.Document(p("", r("a"), `<w:r><w:footnoteReference w:id="1"/></w:r>`) + docxtest.AltChunk("rId1") + `<w:tbl><w:tr><w:tc>` + docxtest.AltChunk("rId2") +
		`</w:tc></w:tr></w:tbl><w:footnote w:id="1"><w:p><w:r><w:t>b</w:t></w:r></w:p>` + docxtest.AltChunk("rId2") + `</w:footnote><p>c<br><br>d</p><pre>e</pre>`)))
	f.Add([]byte(docxtest.Document(docxtest.TOC(docxtest.TOCEntry{Level: 1, Text: "a", Page: 1}) + p("", `<w:fldSimple w:instr="TOC"><w:r><w:t>b</w:t></w:r></w:fldSimple>`) + tocBody(docxtest.TOCField(docxtest.TOCEntry{Level: 2, Text: "c", Page: 2})))))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, docx := range [][]byte{data, fuzzDocx(t, data)} {
			text, title, err := docxText(docx)
			if err != nil && (text != "" || title != "") {
				t.Fatalf("docxText = %q, %q with error %v", text, title, err)
			}
			checkHTMLText(t, data, text)
			if !utf8.ValidString(title) {
				t.Fatalf("title is not valid UTF-8: %q", title)
			}
		}
	})
}

// tocBody is a report whose table of contents (toc, XML) lists its headings: the headings, not
// the table, are read.
func tocBody(toc string) string {
	return docxtest.P("Title", "Live commerce") + toc + docxtest.P("Heading1", "Introduction") + docxtest.P("", "Douyin sells through live streams.") +
		docxtest.P("Heading2", "Platforms") + p("", r("See "), field(" REF _Toc170001 \\h ", r("Platforms")), r(" above."))
}

// tocText is what is read of tocBody.
const tocText = "# Live commerce\n\n# Introduction\n\nDouyin sells through live streams.\n\n## Platforms\n\nSee Platforms above.\n"

// A table of contents repeats the headings with page numbers ("Introduction 3"), which would
// compete with the text in answers: it is left out, whether Word wraps it in a content control of
// the "Table of Contents" gallery or it is only a TOC field (a table of figures is one too), with
// its field in any case or split across runs. The headings read as ever; text around the field
// in its paragraphs, other fields' results and other content controls are read.
func TestDocxTextLeavesOutTablesOfContents(t *testing.T) {
	entries := []docxtest.TOCEntry{{Level: 1, Text: "Introduction", Page: 1}, {Level: 2, Text: "Platforms", Page: 2}}
	begin := `<w:r><w:fldChar w:fldCharType="begin"/></w:r>`
	sep, end := `<w:r><w:fldChar w:fldCharType="separate"/></w:r>`, `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
	tests := []struct{ name, toc, want string }{
		{"in a content control", docxtest.TOC(entries...), tocText},
		{"a field", docxtest.TOCField(entries...), tocText},
		{"a field of figures, its name split, text around it", p("", r("Figures:"), begin, `<w:r><w:instrText xml:space="preserve"> to</w:instrText></w:r><w:r><w:instrText xml:space="preserve">c \h \z \c "Figure" </w:instrText></w:r>`, sep,
			r("Figure 1 GMV 3")) + p("", r("Figure 2 Users 4"), end, r(" (end)")), "# Live commerce\n\nFigures:\n\n(end)\n\n" + tocText[len("# Live commerce\n\n"):]},
		{"a simple field", p("", `<w:fldSimple w:instr=" TOC \o &quot;1-3&quot; "><w:r><w:t>Introduction 1</w:t></w:r></w:fldSimple>`, r("After.")), "# Live commerce\n\nAfter.\n\n" + tocText[len("# Live commerce\n\n"):]},
		{"a field that never ends is kept, not the text after it lost", strings.TrimSuffix(docxtest.TOCField(entries...), `<w:p><w:r><w:rPr><w:b/><w:bCs/><w:noProof/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p>`),
			"# Live commerce\n\nIntroduction 1\n\nPlatforms 2\n\n" + tocText[len("# Live commerce\n\n"):]},
		{"other galleries and fields are read", `<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Cover Pages"/></w:docPartObj></w:sdtPr><w:sdtContent>` + p("", r("Cover text.")) + `</w:sdtContent></w:sdt>` +
			p("", begin, `<w:r><w:instrText> TOCX </w:instrText></w:r>`, sep, r("Not a TOC."), end),
			"# Live commerce\n\nCover text.\n\nNot a TOC.\n\n" + tocText[len("# Live commerce\n\n"):]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _, err := docxText(docxtest.File(t, map[string]string{"word/document.xml": docxtest.Document(tocBody(tt.toc))}))
			if err != nil || text != tt.want {
				t.Errorf("docxText =\n%s\n%v; want\n%s", text, err, tt.want)
			}
		})
	}
}

func TestTOCField(t *testing.T) {
	for code, want := range map[string]bool{" TOC \\o \"1-3\" \\h ": true, "toc": true, "\tTOC\\c \"Figure\"": true, " TOCX ": false, " PAGEREF _Toc1 ": false, "": false, " REF TOC ": false} {
		if got := tocField(code); got != want {
			t.Errorf("tocField(%q) = %v, want %v", code, got, want)
		}
	}
}

package convert

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// pdfFixture reads a PDF of testdata/pdf (made by generate.sh there from the HTML beside it).
func pdfFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// Page starts land where each page's text starts in the converted text, also inside a heading and
// inside a paragraph's one line (retrieval's TestPageSpan reads a paragraph's pages from them).
func TestPageStarts(t *testing.T) {
	lines := []pdfLine{
		{page: 1, text: "Heading"},
		{page: 1, text: "the end of a sentence that goes"},
		{page: 2, text: "on here."},
	}
	c := writePDFText([]pdfParagraph{{lines: lines[:1], size: 20}, {lines: lines[1:], size: 10}}, 10, func(string) bool { return false })
	want := []PageStart{{0, 1}, {len("# Heading\n\nthe end of a sentence that goes "), 2}}
	if !slices.Equal(c.pages, want) || c.String() != "# Heading\n\nthe end of a sentence that goes on here.\n" {
		t.Fatalf("page starts of %q = %v, want %v", c.String(), c.pages, want)
	}
}

// A PDF that cannot be read is an error saying why, and one with a page that cannot be read is
// read but for that page, which is noted.
func TestReadPDFBadInput(t *testing.T) {
	for _, tt := range []struct {
		file string
		want error
	}{
		{"scanned.pdf", errPDFNoText},
		{"encrypted.pdf", errPDFPassword},
		{"truncated.pdf", errPDFNoCatalog},
	} {
		if _, err := readPDF(pdfFixture(t, tt.file)); !errors.Is(err, tt.want) {
			t.Errorf("readPDF(%s) = %v, want %v", tt.file, err, tt.want)
		}
	}
	if _, err := readPDF([]byte("PK\x03\x04 a zip")); !errors.Is(err, errNotPDF) {
		t.Errorf("readPDF(a zip) = %v, want %v", err, errNotPDF)
	}
	d, err := readPDF(pdfFixture(t, "broken-page.pdf"))
	if err != nil || len(d.unread) != 1 || d.unread[0].page != 2 || d.pages != 3 {
		t.Fatalf("readPDF(broken-page.pdf) = unread %v of %d pages, %v; want page 2 unread", d.unread, d.pages, err)
	}
	if !strings.Contains(d.text, "lends more than four hundred") || !strings.Contains(d.text, "within five working days") || strings.Contains(d.text, "3,120 bicycles") {
		t.Errorf("readPDF(broken-page.pdf) text lacks pages 1 and 3, or has page 2:\n%s", d.text)
	}
}

func TestDehyphenate(t *testing.T) {
	for _, tt := range []struct{ prev, next, want string }{
		{"the scheme was extra-", "ordinarily useful", "the scheme was extraordinarily useful"},
		{"a well-", "documented success", "a well-documented success"}, // "welldocumented" is no word
		{"sixty-", "five", "sixty-five"},
		{"the Anglo-", "Saxon kings", "the Anglo-Saxon kings"}, // a capital carries on: kept
		{"pages 10-", "12", "pages 10-12"},
		{"una exce-", "lente idea", "una excelente idea"},
	} {
		if got := dehyphenate(tt.prev, tt.next, text.IsDictionaryWord); got != tt.want {
			t.Errorf("dehyphenate(%q, %q) = %q, want %q", tt.prev, tt.next, got, tt.want)
		}
	}
}

// Running heads and folios are told from the text by repetition in the margins, numbers aside.
func TestDropRunningLines(t *testing.T) {
	line := func(page int, y float64, s string) pdfLine {
		return pdfLine{page: page, y: y, text: s, pageHeight: 800, size: 10}
	}
	var pages [][]pdfLine
	for p := 1; p <= 3; p++ {
		pages = append(pages, []pdfLine{
			line(p, 780, "Annual report"),            // running head
			line(p, 500, "Annual report"),            // the same words in the body: kept
			line(p, 400, "Body text of the page."),   // kept
			line(p, 20, "Page "+string(rune('0'+p))), // folio
		})
	}
	pages[2] = append(pages[2], line(3, 60, "Printed in Westmere")) // in the margin once: kept
	var got []string
	for _, ls := range dropRunningLines(pages) {
		for _, l := range ls {
			got = append(got, l.text)
		}
	}
	want := []string{"Annual report", "Body text of the page.", "Annual report", "Body text of the page.", "Annual report", "Body text of the page.", "Printed in Westmere"}
	if !slices.Equal(got, want) {
		t.Errorf("dropRunningLines = %q, want %q", got, want)
	}
}

// ToUnicode CMaps map codes one by one, by ranges and by lists, to UTF-16 (surrogate pairs and
// several characters, as ligatures, included); the code space says how many bytes a code takes.
func TestParseCMap(t *testing.T) {
	cm := parseCMap([]byte(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0003> <0020> <0044> <00660069> <0100> <D83DDE00> endbfchar
2 beginbfrange <0010> <0012> <4E2D> <0020> <0021> [<00E9> <00F1>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`))
	for _, tt := range []struct {
		code int
		want string
	}{{3, " "}, {0x44, "fi"}, {0x100, "😀"}, {0x10, "中"}, {0x12, "丯"}, {0x21, "ñ"}} {
		if got, ok := cm.lookup(tt.code, 2); !ok || got != tt.want {
			t.Errorf("lookup(%#x) = %q %v, want %q", tt.code, got, ok, tt.want)
		}
	}
	if n := cm.codeLen([]byte{0, 0x44}); n != 2 {
		t.Errorf("codeLen = %d, want 2", n)
	}
}

func TestGlyphText(t *testing.T) {
	for name, want := range map[string]string{
		"eacute": "é", "Ntilde": "Ñ", "questiondown": "¿", "uni4E2D": "中", "u1F600": "😀",
		"f_f_i": "ffi", "a.sc": "a", "g17": "", ".notdef": "", "quoteright": "’",
	} {
		if got := glyphText(name); got != want {
			t.Errorf("glyphText(%q) = %q, want %q", name, got, want)
		}
	}
}

// handPDF writes a PDF of the given objects (numbered from 1, the first the catalog), its trailer
// naming the catalog: what producers other than browsers write, written by hand.
func handPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	for i, o := range objs {
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	b.WriteString("trailer\n<</Root 1 0 R>>\n%%EOF\n")
	return b.Bytes()
}

// stream writes a stream object of data, compressed with Flate when flate is set.
func stream(dict, data string, flate bool) string {
	if flate {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write([]byte(data))
		w.Close()
		data, dict = z.String(), dict+"/Filter/FlateDecode"
	}
	return fmt.Sprintf("<<%s/Length %d>>\nstream\n%s\nendstream", dict, len(data), data)
}

// handPDFs are PDFs as TeX and office suites write them: a simple font with a Differences encoding
// of glyph names and TJ kerning (no ToUnicode), a composite Identity-H font with a ToUnicode CMap,
// a compressed content stream, text placed by Td, T*, ' and Tm.
func handPDFs() map[string][]byte {
	page := func(contents, fonts string) []string {
		return []string{
			"<</Type/Catalog/Pages 2 0 R>>",
			"<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 612 792]>>",
			"<</Type/Page/Parent 2 0 R/Contents 4 0 R/Resources<</Font<<" + fonts + ">>>>>>",
			contents,
		}
	}
	latin := page(stream("", "BT /F1 12 Tf 14 TL 72 700 Td [(Caf)-20(\\351 con le)10(che)] TJ T* (cuesta \\2251,50.) Tj "+
		"0 -40 Td (Se sirve de 8:00 a 12:00.) Tj ET", true), "/F1 5 0 R")
	latin = append(latin, "<</Type/Font/Subtype/Type1/BaseFont/Times-Roman/FirstChar 32/LastChar 255/Encoding<</Type/Encoding/BaseEncoding/WinAnsiEncoding/Differences[149/Euro 233/eacute]>>>>")
	cjk := page(stream("", "BT /F2 10 Tf 1 0 0 1 72 700 Tm <00010002000300040005> Tj 0 -14 Td <0006> Tj ET", false), "/F2 5 0 R")
	cjk = append(cjk,
		"<</Type/Font/Subtype/Type0/BaseFont/NotoSansCJK/Encoding/Identity-H/DescendantFonts[6 0 R]/ToUnicode 7 0 R>>",
		"<</Type/Font/Subtype/CIDFontType2/BaseFont/NotoSansCJK/DW 1000/W[1 [1000 1000] 3 5 1000]>>",
		stream("", "/CIDInit /ProcSet findresource begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange "+
			"2 beginbfchar <0001> <6296> <0002> <97F3> endbfchar 1 beginbfrange <0003> <0005> [<7535> <5546> <3002>] endbfrange "+
			"1 beginbfchar <0006> <5FEB> endbfchar endcmap", false))
	return map[string][]byte{"latin": handPDF(latin...), "cjk": handPDF(cjk...)}
}

func TestReadPDFWrittenByHand(t *testing.T) {
	for name, want := range map[string]string{
		"latin": "Café con leche cuesta €1,50.\n\nSe sirve de 8:00 a 12:00.\n",
		"cjk":   "抖音电商。快\n",
	} {
		d, err := readPDF(handPDFs()[name])
		if err != nil || d.text != want {
			t.Errorf("readPDF(%s) = %q, %v; want %q", name, d.text, err, want)
		}
	}
}

// FuzzReadPDF feeds the reader broken PDFs: it must never panic (it is called without readPDF's
// recover), nor loop, and what it reads is valid UTF-8 without lines of only spaces. Its seeds are
// small (the fuzzer mutates a large input slowly): the PDFs written by hand, the start of
// Chromium's, and small PDFs encrypted by qpdf (RC4, AES-128 with object streams, AES-256).
func FuzzReadPDF(f *testing.F) {
	for _, data := range handPDFs() {
		f.Add(data)
	}
	f.Add(pdfFixture(f, "truncated.pdf"))
	for _, name := range []string{"small-rc4-40.pdf", "small-aes-128.pdf", "small-aes-256.pdf"} {
		f.Add(pdfFixture(f, name))
	}
	f.Add([]byte("%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj 2 0 obj <</Type/Pages/Kids[3 0 R]>> endobj " +
		"3 0 obj <</Type/Page/Parent 2 0 R/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>> endobj " +
		"4 0 obj <</Length 44>> stream\nBT /F1 12 Tf 72 700 Td (Hello, world) Tj ET\nendstream endobj " +
		"5 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj trailer <</Root 1 0 R>>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := readPDFText(data)
		if err != nil {
			return
		}
		if !utf8.ValidString(d.text) || strings.TrimSpace(d.text) == "" {
			t.Fatalf("text %q: not valid UTF-8, or empty without an error", d.text)
		}
		for _, line := range strings.Split(strings.TrimSuffix(d.text, "\n"), "\n") {
			if line != "" && strings.TrimSpace(line) == "" {
				t.Fatalf("a line of only spaces in %q", d.text)
			}
		}
	})
}

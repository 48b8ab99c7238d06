package retrieval

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
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

// pdfParagraphs reads a fixture and returns its title and paragraphs as [LoadCorpus] would.
func pdfParagraphs(tb testing.TB, name string) (*Document, []string) {
	tb.Helper()
	doc, err := readDocument(slog.New(slog.DiscardHandler), name, pdfFixture(tb, name))
	if err != nil {
		tb.Fatalf("readDocument(%s) = %v", name, err)
	}
	var paras []string
	for _, p := range doc.Paragraphs {
		paras = append(paras, doc.Text[p.StartByte:p.EndByte])
	}
	return doc, paras
}

// Chromium's PDFs of the fixtures read back as their pages' paragraphs: headings as headings, the
// running header and "Page N of M" footers of a three-page report left out, a word broken at a soft
// hyphen joined and a hyphen the author wrote kept, accents and Chinese as written (Identity-H fonts
// with ToUnicode maps; ideographs a font maps to radicals read through /ActualText), two columns in
// order.
func TestReadPDFParagraphs(t *testing.T) {
	for _, tt := range []struct {
		file, title string
		want        []string // paragraphs, in order, each exactly
	}{
		{"report.pdf", "Harbour Cycling Report 2024", []string{
			"# Harbour Cycling Report",
			"The harbour district opened six new bike stations in 2024. Each station holds twenty bicycles, and the busiest one, near the fish market, lends more than four hundred bicycles a day in the summer months.",
			"## Stations and hours",
			"Stations open at 6:00 and close at midnight. The ferry station stays open all night on Fridays and Saturdays, when the last boat from Tolland arrives at 2:30.",
			"Riders said the scheme was extraordinarily useful during the works on the ring road, when the buses ran late.",
			"The council called the programme a well-documented success and promised another hundred bicycles.",
			"## Prices",
			"A day pass costs €4.50 and a yearly pass €60. Students and people over sixty-five pay half. The first thirty minutes of every ride are free; each further half hour costs one euro.",
			"Payment is by card or by the city's transit app. Cash is not accepted at the stations, but the tourist office on Quay Street sells day passes for cash between 9:00 and 17:00.",
			"## Maintenance",
			"A team of four mechanics checks every bicycle once a week. Flat tyres are the most common fault, followed by worn brake pads and loose chains. A broken bicycle can be reported with the red button on each dock.",
			"In 2024 the team repaired 3,120 bicycles and retired 85 that were beyond repair. The retired frames were given to the vocational school in Westmere, whose students rebuild them as cargo bikes.",
			"## Safety",
			"There were eleven reported accidents involving shared bicycles in 2024, none of them serious. Most happened on the cobbled stretch of Harbour Road, which the council will resurface in the spring.",
			"Helmets are not required by law, but the stations at the ferry terminal and the railway station lend them free of charge with every ride.",
			"## Next year",
			"The council plans two more stations, at the hospital and at the university library, and electric bicycles at the three busiest stations. Electric bicycles will cost an extra euro per ride.",
			"A survey of riders will run through March. Its results will decide where the next stations go and whether the night service is extended to Thursdays.",
			"The harbour master asked that bicycles not be left on the quay during loading hours, between 5:00 and 8:00, when lorries reach the ferry.",
			"Questions about the scheme can be sent to the transport office, which answers within five working days.",
		}},
		{"spanish.pdf", "Guía del huerto comunitario", []string{
			"# Guía del huerto comunitario",
			"El huerto de la calle Núñez de Arce abrió en abril de 2023 con cuarenta parcelas. Cada parcela mide doce metros cuadrados y se asigna por sorteo entre los vecinos empadronados en el barrio.",
			"¿Quién puede pedir una parcela? Cualquier persona mayor de dieciocho años que viva en el distrito. La cuota anual es de 35 euros, y las familias numerosas pagan la mitad.",
			"El riego por goteo funciona de lunes a sábado entre las 7:00 y las 9:00. Está prohibido regar con manguera durante el verano, salvo los domingos por la tarde.",
			"Normas de convivencia:",
			// Chromium draws list bullets as shapes, not text: the items are lines ended short
			// (the first two, of about one width, read as one paragraph)
			"No se permiten pesticidas químicos. Las herramientas comunes se devuelven al cobertizo.",
			"Los restos de poda van al compostador número dos.",
			"La asociación organiza talleres gratuitos de compostaje el primer sábado de cada mes. La señora Begoña Ibáñez, jardinera jubilada, imparte el de semilleros en otoño.",
			"Quien deje su parcela sin cultivar durante tres meses seguidos la pierde, y pasa a la siguiente persona de la lista de espera, que hoy tiene ochenta y dos nombres.",
		}},
		{"chinese.pdf", "社区图书馆开放指南", []string{
			"# 社区图书馆开放指南",
			"社区图书馆位于文化中心二楼，于二〇二三年九月正式开放，共有藏书一万二千册，其中儿童读物约三千册。",
			"开放时间为周二至周日上午九点到晚上八点，每周一闭馆整理。春节期间闭馆七天，具体日期另行通知。",
			"读者凭身份证免费办理借书证，每人每次最多可借五本书，借期为三十天，可以在网上续借一次。逾期不还的，每本每天收取滞纳金两角。",
			"图书馆每月第一个星期六举办亲子阅读活动，需提前在微信公众号预约，名额有限，先到先得。",
		}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			doc, got := pdfParagraphs(t, tt.file)
			if doc.Title != tt.title {
				t.Errorf("title = %q, want %q", doc.Title, tt.title)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			checkChunks(t, doc, chunkDocument(doc))
			// headings are structure (never quoted), every other line the document's own text
			for i, p := range doc.Paragraphs {
				if heading := strings.HasPrefix(got[i], "#"); doc.literal.Has(p.StartByte) == heading {
					t.Errorf("paragraph %d %q: literal = %v", i+1, got[i], !heading)
				}
			}
		})
	}
}

// Every paragraph of a PDF knows the page it starts on and, when it runs onto the next, the page it
// ends on: the three-page report (whose last heading ends page 1 above its text on page 2), the same
// report with page 2 unreadable (page 3 is still page 3), and small pages where a paragraph breaks
// mid-sentence from page 1 onto page 2.
func TestReadPDFPages(t *testing.T) {
	type pp = PageSpan
	for _, tt := range []struct {
		file string
		want []PageSpan
	}{
		{"report.pdf", []PageSpan{
			{Page: 1}, {Page: 1}, {Page: 1}, {Page: 1}, {Page: 1}, {Page: 1}, {Page: 1}, {Page: 1}, {Page: 1},
			{Page: 1}, // "## Maintenance", the last line of page 1
			{Page: 2}, {Page: 2}, {Page: 2}, {Page: 2}, {Page: 2}, {Page: 2}, {Page: 2}, {Page: 2}, {Page: 2},
			{Page: 3}, // "Questions about the scheme …"
		}},
		{"broken-page.pdf", append(slices.Repeat([]PageSpan{{Page: 1}}, 10), pp{Page: 3})},
		{"minutes.pdf", []PageSpan{{Page: 1}, {Page: 1}, {Page: 1}, {Page: 1, EndPage: 2}, {Page: 2}, {Page: 2}}},
		{"chinese.pdf", slices.Repeat([]PageSpan{{Page: 1}}, 5)},
	} {
		doc, paras := pdfParagraphs(t, tt.file)
		var got []PageSpan
		for _, p := range doc.Paragraphs {
			got = append(got, p.PageSpan)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: pages = %v, want %v\nparagraphs: %q", tt.file, got, tt.want, paras)
		}
	}
	_, paras := pdfParagraphs(t, "minutes.pdf")
	if want := "Cyclists asked for more room on deck. From April, the first and last boats will carry up to twelve bicycles, and a rack will be fitted on the upper deck of the larger ferry. Bicycles travel free, as before, but folding bicycles must be folded on the stairs and in the cabin."; len(paras) < 4 || paras[3] != want {
		t.Errorf("minutes.pdf paragraph 4 = %q, want the paragraph across pages 1 and 2 whole: %q", paras, want)
	}
	for _, tt := range []struct {
		s    PageSpan
		want string
	}{{PageSpan{}, "¶7"}, {PageSpan{Page: 3}, "p. 3 ¶7"}, {PageSpan{Page: 3, EndPage: 4}, "pp. 3–4 ¶7"}} {
		if got := tt.s.Where(7); got != tt.want {
			t.Errorf("%+v.Where(7) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// Page starts land where each page's text starts in the converted text, also inside a heading and
// inside a paragraph's one line, and a paragraph's pages are read from them.
func TestPageSpan(t *testing.T) {
	lines := []pdfLine{
		{page: 1, text: "Heading"},
		{page: 1, text: "the end of a sentence that goes"},
		{page: 2, text: "on here."},
	}
	c := writePDFText([]pdfParagraph{{lines: lines[:1], size: 20}, {lines: lines[1:], size: 10}}, 10, func(string) bool { return false })
	want := []pageStart{{0, 1}, {len("# Heading\n\nthe end of a sentence that goes "), 2}}
	if !slices.Equal(c.pages, want) {
		t.Fatalf("page starts of %q = %v, want %v", c.String(), c.pages, want)
	}
	d := splitParagraphs("x.pdf", c.String())
	var got []PageSpan
	for _, p := range d.Paragraphs {
		got = append(got, pageSpan(c.pages, p.StartByte, p.EndByte))
	}
	if w := []PageSpan{{Page: 1}, {Page: 1, EndPage: 2}}; !slices.Equal(got, w) {
		t.Errorf("pages of %q = %v, want %v", c.String(), got, w)
	}
}

// A PDF without a title in its properties takes its first heading, as other documents do.
func TestReadPDFTitleFromHeading(t *testing.T) {
	data := bytes.Replace(pdfFixture(t, "report.pdf"), []byte("/Title (Harbour Cycling Report 2024)"), []byte("/Title (report.docx)                "), 1)
	doc, err := readDocument(slog.New(slog.DiscardHandler), "report.pdf", data)
	if err != nil || doc.Title != "Harbour Cycling Report" {
		t.Errorf("title = %q, %v; want the first heading, as a title naming a file is no title", doc.Title, err)
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

// A folder of PDFs: the text PDFs (encrypted with an empty user password included) are documents
// with their titles and every other is skipped with a warning naming it and why, counted as not
// read but not as a type that is not read.
func TestLoadCorpusReadsPDFs(t *testing.T) {
	var logs bytes.Buffer
	fsys := fstest.MapFS{}
	for _, name := range []string{"broken-page.pdf", "chinese.pdf", "encrypted.pdf", "encrypted-rc4.pdf", "report.pdf", "scanned.pdf", "spanish-aes-256-objstm.pdf", "spanish.pdf", "truncated.pdf"} {
		fsys[name] = &fstest.MapFile{Data: pdfFixture(t, name)}
	}
	docs, skipped, err := LoadCorpusSkipping(fsys, CorpusOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.File+": "+d.Title)
	}
	want := []string{
		"broken-page.pdf: Harbour Cycling Report 2024",
		"chinese.pdf: 社区图书馆开放指南",
		"report.pdf: Harbour Cycling Report 2024",
		"spanish-aes-256-objstm.pdf: Guía del huerto comunitario",
		"spanish.pdf: Guía del huerto comunitario",
	}
	if !slices.Equal(got, want) {
		t.Errorf("PDF documents = %q, want %q", got, want)
	}
	if skipped.Files != 4 || len(skipped.Types) != 0 {
		t.Errorf("skipped = %+v, want 4 files and no types", skipped)
	}
	for _, w := range []string{
		`msg="skipping PDF that cannot be read" file=encrypted.pdf reason="the PDF needs a password to open (it is encrypted with a user password)`,
		`msg="skipping PDF that cannot be read" file=encrypted-rc4.pdf reason="the PDF needs a password to open`,
		`msg="skipping PDF that cannot be read" file=scanned.pdf reason="the PDF has no text layer`,
		`msg="skipping PDF that cannot be read" file=truncated.pdf reason="the PDF is damaged: no document catalog found"`,
		`msg="skipping page of PDF that cannot be read" file=broken-page.pdf page=2 reason="unpack stream: flate:`,
	} {
		if !strings.Contains(logs.String(), w) {
			t.Errorf("warnings lack %s:\n%s", w, logs.String())
		}
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

// The pages of a PDF's paragraphs travel with its passages into search results and their JSON, and
// the snapshot keeps them: a command that loads the index (taking the conversions from the
// snapshot) and one that reads the stored documents (a read-only data folder) see the same pages. A
// document that is not a PDF has none, and its JSON no "page".
func TestPagesKeptInTheSnapshot(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"report.pdf":  {Data: pdfFixture(t, "report.pdf")},
		"minutes.pdf": {Data: pdfFixture(t, "minutes.pdf")},
		"notes.md":    {Data: []byte("# Notes\n\nFolding bicycles are welcome on the tram.\n")},
	}
	var n atomic.Int64
	data := persisted(t, fsys, &n)
	ix, err := Open(ctx, Config{Seeds: fsys, DataDir: data, Embedder: countingEmbedder("m", &n)})
	if err != nil {
		t.Fatal(err)
	}
	if ix.Stats().Converted != 0 {
		t.Fatalf("the second open converted %d files, want none (taken from the snapshot)", ix.Stats().Converted)
	}
	stored, err := readSnapshot(filepath.Join(data, snapshotFile), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range ix.Documents() {
		if !reflect.DeepEqual(stored.docs[i].Paragraphs, d.Paragraphs) {
			t.Errorf("%s: paragraphs stored in the snapshot %v, want %v", d.File, stored.docs[i].Paragraphs, d.Paragraphs)
		}
	}
	for _, ps := range [][]Passage{ix.Passages(), stored.passages} {
		for _, p := range ps {
			doc, _ := ix.Document(p.File)
			if want := doc.Paragraphs[p.Paragraph-1].PageSpan; p.PageSpan != want {
				t.Errorf("%s ¶%d: passage pages %+v, want its paragraph's %+v", p.File, p.Paragraph, p.PageSpan, want)
			}
		}
	}
	for _, tt := range []struct {
		query, file string
		paragraph   int
		pages       PageSpan
		json        string
	}{
		{"folding bicycles stairs cabin", "minutes.pdf", 4, PageSpan{Page: 1, EndPage: 2}, `"page":1,"end_page":2`},
		{"Westmere vocational school cargo bikes", "report.pdf", 12, PageSpan{Page: 2}, `"page":2}`},
		{"folding bicycles tram", "notes.md", 2, PageSpan{}, `"title":"Notes"}`},
	} {
		res, err := ix.SearchParagraphs(ctx, tt.query, 1)
		if err != nil || len(res) == 0 {
			t.Fatalf("SearchParagraphs(%q) = %v, %v", tt.query, res, err)
		}
		got := res[0]
		if got.File != tt.file || got.Paragraph != tt.paragraph || got.PageSpan != tt.pages {
			t.Errorf("SearchParagraphs(%q) = %s ¶%d %+v, want %s ¶%d %+v", tt.query, got.File, got.Paragraph, got.PageSpan, tt.file, tt.paragraph, tt.pages)
		}
		b, _ := json.Marshal(got.Passage)
		if !strings.Contains(string(b), tt.json) {
			t.Errorf("JSON of %s ¶%d = %s, want it to hold %s", got.File, got.Paragraph, b, tt.json)
		}
	}
}

// The same text laid out on other pages is another document: the snapshot is not taken for it.
func TestContentHashHoldsPages(t *testing.T) {
	doc, _ := pdfParagraphs(t, "minutes.pdf")
	moved := *doc
	moved.Paragraphs = slices.Clone(doc.Paragraphs)
	moved.Paragraphs[3].EndPage = 0
	if contentHash(doc) == contentHash(&moved) {
		t.Error("contentHash is the same for the same text on other pages")
	}
}

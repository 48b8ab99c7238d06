package retrieval

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/convert"
)

// The documents read from web pages, Word documents and PDFs through the corpus reader and the
// index: paragraphs, pages, titles, warnings and incremental indexing. What each converter reads of
// a file is tested in package convert.

// pdfFixture reads a PDF of the converter's fixtures (convert/testdata/pdf, made by generate.sh
// there from the HTML beside it).
func pdfFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "convert", "testdata", "pdf", name))
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

// A paragraph's pages are read from where each page's text starts (as convert's TestPageStarts
// finds them): a heading on page 1, and a paragraph whose one line runs from page 1 onto page 2.
func TestPageSpan(t *testing.T) {
	text := "# Heading\n\nthe end of a sentence that goes on here.\n"
	pages := []convert.PageStart{{At: 0, Page: 1}, {At: len("# Heading\n\nthe end of a sentence that goes "), Page: 2}}
	d := splitParagraphs("x.pdf", text)
	var got []PageSpan
	for _, p := range d.Paragraphs {
		got = append(got, pageSpan(pages, p.StartByte, p.EndByte))
	}
	if w := []PageSpan{{Page: 1}, {Page: 1, EndPage: 2}}; !slices.Equal(got, w) {
		t.Errorf("pages of %q = %v, want %v", text, got, w)
	}
}

// A range of lines is written as every surface shows it, with an en dash as a range of pages is.
func TestLineRange(t *testing.T) {
	for _, tt := range []struct {
		start, end int
		want       string
	}{{3, 3, "line 3"}, {3, 6, "lines 3–6"}, {7, 0, "line 7"}} {
		if got := LineRange(tt.start, tt.end); got != tt.want {
			t.Errorf("LineRange(%d, %d) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
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

// notesPage is a page with three paragraphs of text, in the markup given.
func notesPage(class, first string) string {
	return `<html><head><title>Notes</title><script>track("` + class + `")</script></head><body>` +
		`<nav class="` + class + `">Home</nav><main class="` + class + `"><p>` + first + `</p>` +
		`<p class="` + class + `">Kuaishou follows with <b>Kwai</b> abroad.</p><p>Pinduoduo grew with group buying.</p></main></body></html>`
}

// An index over web pages is incremental on the text read from them: a change of markup only (a
// class, a script, the navigation) changes no document, and a changed paragraph is embedded again
// alone, its old words gone from search.
func TestWebPagesIndexIncrementally(t *testing.T) {
	ctx := context.Background()
	corpus, data := t.TempDir(), t.TempDir()
	writeCorpus(t, corpus, map[string]string{"page.html": notesPage("a", "Douyin sells through short videos."), "a.txt": "Taobao is Alibaba's marketplace."})
	var embedded atomic.Int64
	open := func() *Index {
		t.Helper()
		ix, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: countingEmbedder("m", &embedded)})
		if err != nil {
			t.Fatalf("Open = %v", err)
		}
		return ix
	}
	ix := open()
	if st := ix.Stats(); st.Files != 2 || st.Chunks != 4 || st.Embedded != 4 {
		t.Fatalf("first run stats = %+v, want 2 files, 4 chunks all embedded", st)
	}
	v1 := ix.Version()

	writeCorpus(t, corpus, map[string]string{"page.html": notesPage("b", "Douyin sells through short videos.")})
	embedded.Store(0)
	if ix = open(); ix.Version() != v1 || embedded.Load() != 0 {
		t.Errorf("after a change of markup only: version %s (was %s), %d texts embedded; want the same index", ix.Version(), v1, embedded.Load())
	}

	writeCorpus(t, corpus, map[string]string{"page.html": notesPage("b", "Douyin sells through zorblax streams.")})
	embedded.Store(0)
	ix = open()
	if st := ix.Stats(); st.Chunks != 4 || st.Embedded != 1 || st.Reused != 3 || embedded.Load() != 1 {
		t.Errorf("after one paragraph changed: stats %+v, %d texts embedded; want 1 embedded, 3 reused", st, embedded.Load())
	}
	res, err := ix.Search(ctx, "zorblax streams", 3)
	if err != nil || len(res) == 0 || res[0].File != "page.html" || res[0].Paragraph != 1 || res[0].Text != "Douyin sells through zorblax streams." {
		t.Errorf("Search(zorblax) = %+v, %v; want page.html ¶1 in its new form", res, err)
	}
	if d, ok := ix.Document("page.html"); !ok || strings.Contains(d.Text, "short videos") || d.Title != "Notes" {
		t.Errorf("page.html after the edit = %+v, want the new text titled Notes", d)
	}
}

// A web page's paragraph is its text, whatever it opens with: "# hashtags", "> 50%", "```" there are
// the page's characters, not a heading, a quote or a fence (which would turn the paragraphs after it
// into code). Such a paragraph is quotable, found by search, under the page's real heading, and never
// the page's title; the page's <h1> and <h2> stay headings.
func TestWebPageParagraphsAreNotMarkdown(t *testing.T) {
	ctx := context.Background()
	page := `<html><body><main><p># hashtags sell: Xiaohongshu posts drive sales.</p><h1>Top sellers</h1>` +
		`<p>#1 seller in 2023 was Taobao, by far.</p><p>&gt; 50% of buyers use Pinduoduo every week.</p>` +
		"<p>``` marks code in Markdown files, not on this page.</p><p>Kuaishou follows with Kwai abroad.</p>" +
		`<h2>Payments</h2><p>Alipay pays for most of it.</p></main></body></html>`
	ix, err := Open(ctx, Config{Seeds: fstest.MapFS{"p.html": {Data: []byte(page)}}, Embedder: OfflineEmbedder()})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := ix.Document("p.html")
	if d.Title != "Top sellers" {
		t.Errorf("title %q, want the page's <h1>", d.Title)
	}
	an := ix.Analysis()
	var kinds []string
	for _, s := range an[0].Sentences {
		kinds = append(kinds, s.Kind+":"+d.Text[s.Start:s.End])
	}
	want := []string{"body:# hashtags sell: Xiaohongshu posts drive sales.", "heading:# Top sellers", "body:#1 seller in 2023 was Taobao, by far.",
		"body:> 50% of buyers use Pinduoduo every week.", "body:``` marks code in Markdown files, not on this page.", "body:Kuaishou follows with Kwai abroad.",
		"heading:## Payments", "body:Alipay pays for most of it."}
	if !slices.Equal(kinds, want) {
		t.Errorf("sentence kinds =\n%q\nwant\n%q", kinds, want)
	}
	for _, q := range []struct {
		query, text, heading string
	}{
		{"hashtags Xiaohongshu posts", "# hashtags sell: Xiaohongshu posts drive sales.", ""},
		{"Kuaishou Kwai abroad", "Kuaishou follows with Kwai abroad.", "Top sellers"},
		{"Alipay pays", "Alipay pays for most of it.", "Payments"},
	} {
		res, err := ix.Search(ctx, q.query, 3)
		if err != nil || len(res) == 0 || res[0].Text != q.text || res[0].Heading != q.heading {
			t.Errorf("Search(%q) = %+v, %v; want %q under %q first", q.query, res, err, q.text, q.heading)
		}
	}
}

// A page has no front matter: its first paragraph opening with a line "---" (a rule drawn as text)
// is its text, found by search like any other.
func TestWebPageHasNoFrontMatter(t *testing.T) {
	ctx := context.Background()
	page := `<main><p>---<br>Pinduoduo grew with group buying, zorblax style.</p><p>Taobao sells.</p></main>`
	ix, err := Open(ctx, Config{Seeds: fstest.MapFS{"p.html": {Data: []byte(page)}}, Embedder: OfflineEmbedder()})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, "zorblax group buying", 3)
	if err != nil || len(res) == 0 || res[0].Paragraph != 1 {
		t.Errorf("Search(zorblax) = %+v, %v; want the page's first paragraph", res, err)
	}
}

// A page whose text stays the same while its structure changes (an <h2> made a paragraph that
// reads "## …") is a changed document: an index over it is derived again, not served from the
// snapshot of the old page.
func TestWebPageStructureChangeReindexes(t *testing.T) {
	ctx := context.Background()
	corpus, data := t.TempDir(), t.TempDir()
	open := func(page string) *Index {
		t.Helper()
		writeCorpus(t, corpus, map[string]string{"p.html": page, "a.txt": "Pinduoduo grew with group buying.\n"})
		ix, err := Open(ctx, Config{Seeds: os.DirFS(corpus), DataDir: data, Embedder: OfflineEmbedder()})
		if err != nil {
			t.Fatalf("Open = %v", err)
		}
		return ix
	}
	found := func(ix *Index) bool {
		res, err := ix.Search(ctx, "Taobao sells the most", 5)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(res, func(r Result) bool { return r.Text == "## Taobao sells the most" })
	}
	if ix := open(`<h2>Taobao sells the most</h2><p>Tmall sells brands.</p>`); found(ix) {
		t.Errorf("the <h2> is a result; a passage that is only a heading never is")
	}
	ix := open(`<p>## Taobao sells the most</p><p>Tmall sells brands.</p>`)
	if d, _ := ix.Document("p.html"); d.Text != "## Taobao sells the most\n\nTmall sells brands.\n" {
		t.Fatalf("text %q, want the same as the <h2>'s", d.Text)
	}
	if !found(ix) {
		t.Errorf("the paragraph that reads like a heading is not a result: the old page's index was served")
	}
}

package retrieval

import (
	"context"
	"fmt"
	"html"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/internal/docxtest"
	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/synthcorpus"
	"github.com/citebot/citebot/seeds"
	"github.com/citebot/citebot/text"
)

// BenchmarkOfflineEmbed measures the offline embedder's throughput on the seeds' passages.
func BenchmarkOfflineEmbed(b *testing.B) {
	ix := openSeeds(b)
	var texts []string
	langs := map[string]string{}
	for _, a := range ix.Analysis() {
		langs[a.File] = a.Lang
	}
	for _, p := range ix.Passages() {
		texts = append(texts, indexText(p, ix.Lexicon(), langs[p.File]))
	}
	emb := OfflineEmbedder()
	b.ResetTimer()
	for b.Loop() {
		if _, err := emb.Embed(context.Background(), texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(texts)*b.N)/b.Elapsed().Seconds(), "chunks/s")
}

// BenchmarkIndexSeeds measures a full in-memory index build of the seeds (load, chunk, embed, store).
func BenchmarkIndexSeeds(b *testing.B) {
	for b.Loop() {
		if _, err := Open(context.Background(), Config{Seeds: seeds.FS(), Embedder: OfflineEmbedder()}); err != nil {
			b.Fatal(err)
		}
	}
}

// syntheticCorpus makes files of paragraphs built from the seeds' sentences, reshuffled, so that it
// has the corpus's vocabulary and about n chunks (each paragraph is short enough to be one chunk).
func syntheticCorpus(tb testing.TB, n int) fstest.MapFS {
	tb.Helper()
	ix := openSeeds(tb)
	var sents []string
	for _, d := range ix.Documents() {
		for _, p := range d.Paragraphs {
			for _, s := range text.Sentences(d.Text, p.StartByte, p.EndByte) {
				if l := s.End - s.Start; l > 20 && l < 300 {
					sents = append(sents, d.Text[s.Start:s.End])
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	fsys := fstest.MapFS{}
	const perFile = 100
	for f := 0; f*perFile < n; f++ {
		var b strings.Builder
		for p := 0; p < perFile && f*perFile+p < n; p++ {
			fmt.Fprintf(&b, "Paragraph %d of file %d. ", p, f)
			for b.Len()%400 < 300 && rng.IntN(3) > 0 {
				b.WriteString(sents[rng.IntN(len(sents))])
				b.WriteString(" ")
			}
			b.WriteString("\n\n")
		}
		fsys[fmt.Sprintf("synthetic/%04d.txt", f)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// BenchmarkSearch measures query latency (p50, p95) of the hybrid search at the seeds' size and at
// 5,000 and 20,000 synthetic chunks, beside a chromem-go vector-only baseline (embed the query and
// QueryEmbedding) timed in the same loop. "ratio-p95" is hybrid p95 over baseline p95.
func BenchmarkSearch(b *testing.B) {
	qs := loadGolden(b)
	for _, size := range []int{0, 5000, 20000} {
		name := "seeds"
		if size > 0 {
			name = fmt.Sprintf("chunks=%d", size)
		}
		b.Run(name, func(b *testing.B) {
			ix := openSeeds(b)
			if size > 0 {
				var err error
				ix, err = Open(context.Background(), Config{Seeds: syntheticCorpus(b, size), Embedder: OfflineEmbedder(), Catalog: ix.Catalog()})
				if err != nil {
					b.Fatal(err)
				}
			}
			ctx := context.Background()
			coll := chromemCopy(b, ix)
			var hybrid, baseline []time.Duration
			i := 0
			for b.Loop() {
				q := qs[i%len(qs)].Q
				i++
				t0 := time.Now()
				if _, err := ix.Search(ctx, q, 5); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				vec, err := ix.embedder.Embed(ctx, []string{q})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := coll.QueryEmbedding(ctx, vec[0], 5, nil, nil); err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				hybrid = append(hybrid, t1.Sub(t0))
				baseline = append(baseline, t2.Sub(t1))
			}
			b.ReportMetric(float64(len(ix.Passages())), "chunks")
			b.ReportMetric(ms(percentile(hybrid, 50)), "p50-ms")
			b.ReportMetric(ms(percentile(hybrid, 95)), "p95-ms")
			b.ReportMetric(ms(percentile(baseline, 95)), "chromem-p95-ms")
			b.ReportMetric(ms(percentile(hybrid, 95))/ms(percentile(baseline, 95)), "ratio-p95")
		})
	}
}

// BenchmarkVectorLayouts times the nearest-vector search of golden questions over the offline
// vectors of 20,000 synthetic chunks in the sparse layout (what the index holds) against the same
// vectors dense (the baseline), in the same loop, and reports both sizes: "sparse/dense-time" and
// "sparse/dense-bytes" are the ratios.
func BenchmarkVectorLayouts(b *testing.B) {
	ctx := context.Background()
	seedsIx := openSeeds(b)
	ix, err := Open(ctx, Config{Seeds: syntheticCorpus(b, 20000), Embedder: OfflineEmbedder(), Catalog: seedsIx.Catalog()})
	if err != nil {
		b.Fatal(err)
	}
	sparse := ix.vectors.(*flatVectors)
	dense := denseCopy(sparse)
	var queries [][]float32
	for _, q := range loadGolden(b) {
		vec, err := ix.embedder.Embed(ctx, []string{q.Q})
		if err != nil {
			b.Fatal(err)
		}
		queries = append(queries, vec[0])
	}
	var ts, td time.Duration
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		t0 := time.Now()
		if _, err := sparse.Nearest(ctx, q, 50); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := dense.Nearest(ctx, q, 50); err != nil {
			b.Fatal(err)
		}
		ts += t1.Sub(t0)
		td += time.Since(t1)
	}
	b.ReportMetric(float64(sparse.bytes())/1e6, "sparse-MB")
	b.ReportMetric(float64(dense.bytes())/1e6, "dense-MB")
	b.ReportMetric(float64(sparse.bytes())/float64(dense.bytes()), "sparse/dense-bytes")
	b.ReportMetric(float64(ts)/float64(td), "sparse/dense-time")
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkRecall compares recall@5 on the golden set for hybrid, keyword-only and vector-only search.
func BenchmarkRecall(b *testing.B) {
	ix := openSeeds(b)
	qs := loadGolden(b)
	var h, k, v float64
	for b.Loop() {
		h, _ = recallAt5(b, ix, qs, true, true)
		k, _ = recallAt5(b, ix, qs, true, false)
		v, _ = recallAt5(b, ix, qs, false, true)
	}
	b.ReportMetric(h, "hybrid-recall@5")
	b.ReportMetric(k, "keyword-recall@5")
	b.ReportMetric(v, "vector-recall@5")
}

// BenchmarkEmbedBatching indexes 1,000 one-paragraph documents against an embeddings server that
// takes 20 ms a request: batched (128 per request) against one request per chunk. Run it with
// -benchtime=1x; the per-chunk side takes over 20 s by construction.
func BenchmarkEmbedBatching(b *testing.B) {
	fsys := fstest.MapFS{}
	for i := range 1000 {
		fsys[fmt.Sprintf("doc%04d.txt", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("Document %d says Taobao and Douyin compete on live commerce, item %d.", i, i*7))}
	}
	var batchedDur, singleDur time.Duration
	for _, tc := range []struct {
		name  string
		batch int
		dur   *time.Duration
	}{{"batched", 128, &batchedDur}, {"per-chunk", 1, &singleDur}} {
		b.Run(tc.name, func(b *testing.B) {
			srv := openaitest.New(b)
			srv.SetLatency(20 * time.Millisecond)
			for b.Loop() {
				srv.Reset()
				start := time.Now()
				if _, err := Open(context.Background(), Config{Seeds: fsys, Embedder: newOpenAIEmbedder(b, srv, tc.batch, 10*time.Second)}); err != nil {
					b.Fatal(err)
				}
				*tc.dur = time.Since(start)
			}
			b.ReportMetric(float64(srv.EmbeddingRequests()), "requests")
			b.ReportMetric(ms(*tc.dur), "index-ms")
		})
	}
	if batchedDur > 0 && singleDur > 0 {
		b.Logf("batched indexing is %.1fx faster than one request per chunk", float64(singleDur)/float64(batchedDur))
	}
}

// BenchmarkCognates builds the cognate finder over the seeds' keyword terms (once per corpus
// version, at the first search), and reports its cost per term beside one keyword search.
func BenchmarkCognates(b *testing.B) {
	ix := openSeeds(b)
	terms := ix.keyword.terms
	q := "¿Cuál es la estrategia de monetización de la experiencia del usuario?"
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			text.NewCognates(terms)
		}
		b.ReportMetric(float64(len(terms)), "terms")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(terms)), "ns/term")
	})
	b.Run("query", func(b *testing.B) {
		ix.Cognates()
		for b.Loop() {
			ix.queryCognates(q)
		}
	})
	b.Run("keyword-search", func(b *testing.B) {
		ts, cs := ix.queryTerms(ix.expandQuery(q, true)), ix.queryCognates(q)
		for b.Loop() {
			ix.keyword.search(ts, cs, 50)
		}
	})
}

// savedPage builds a web page of about size bytes as a news site serves it: a head with metadata,
// a script and a style, navigation, then sections of the seeds' paragraphs with headings, links,
// emphasis, lists and tables, and a footer.
func savedPage(tb testing.TB, size int) []byte {
	tb.Helper()
	var paras []string
	for _, d := range openSeeds(tb).Documents() {
		for _, p := range d.Paragraphs {
			if s := d.Text[p.StartByte:p.EndByte]; len(s) > 80 {
				paras = append(paras, html.EscapeString(s))
			}
		}
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>E-commerce in China | Example News</title>` +
		`<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/site.css">` +
		`<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>` +
		`<style>body{font:16px/1.5 serif} .byline{color:#666}</style></head><body>` +
		`<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/tech">Tech</a></li><li><a href="/biz">Business</a></li></ul></nav>` +
		`<main><article><header><h1>E-commerce in China</h1><p class="byline">By <a href="/a">A. Writer</a></p></header>`)
	for i := 0; b.Len() < size; i++ {
		p := paras[i%len(paras)]
		switch i % 10 {
		case 0:
			fmt.Fprintf(&b, "<section id=\"s%d\"><h2>Section %d</h2>\n", i, i)
		case 4:
			fmt.Fprintf(&b, "<ul>\n<li>%s</li>\n<li><em>%s</em></li>\n</ul>\n", p[:len(p)/2], p[len(p)/2:])
			continue
		case 7:
			fmt.Fprintf(&b, "<table><tr><th>Year</th><th>Figure</th></tr><tr><td>%d</td><td>%s</td></tr></table>\n", 2000+i%25, p[:40])
			continue
		case 9:
			fmt.Fprintf(&b, "<p>%s</p></section>\n", p)
			continue
		}
		cut := strings.IndexByte(p[len(p)/3:], ' ') + len(p)/3
		fmt.Fprintf(&b, "<p class=\"para\">%s <a href=\"https://example.org/%d\">%s</a></p>\n", p[:cut], i, p[cut:])
	}
	b.WriteString(`</article></main><footer><p>© 2024 Example News</p></footer></body></html>`)
	return []byte(b.String())
}

// BenchmarkHTMLText reads a ~200 KB saved web page into a document (parse, convert, paragraphs,
// title) beside reading the text it converts to as a .txt file (the baseline), in the same loop:
// "html-MB/s" is the page's bytes a second, "html/txt-time" the ratio of the two times.
// discard is a logger that discards.
var discard = slog.New(slog.DiscardHandler)

// file is a document's name and bytes, as the format benchmarks read them.
type file struct {
	name string
	data []byte
}

// readEach reads each file into a document once per iteration of b's loop, in order, and returns
// the total time each took: the format benchmarks compare reads made in the same loop, so that the
// load of a shared machine weighs on all of them alike.
func readEach(b *testing.B, files ...file) []time.Duration {
	took := make([]time.Duration, len(files))
	for b.Loop() {
		for i, f := range files {
			t0 := time.Now()
			readDocument(discard, f.name, f.data)
			took[i] += time.Since(t0)
		}
	}
	return took
}

// convertedText returns the text package convert reads of the file named name, the baseline the
// format benchmarks read as a .txt.
func convertedText(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	c, err := convert.File(name, data)
	if err != nil {
		tb.Fatal(err)
	}
	return c.Text
}

func BenchmarkHTMLText(b *testing.B) {
	page := savedPage(b, 200_000)
	text := convertedText(b, "page.html", page)
	took := readEach(b, file{"page.html", page}, file{"page.txt", []byte(text)})
	th, tt := took[0], took[1]
	b.ReportMetric(float64(len(page))/1e6, "page-MB")
	b.ReportMetric(float64(len(page)*b.N)/1e6/th.Seconds(), "html-MB/s")
	b.ReportMetric(float64(len(text)*b.N)/1e6/tt.Seconds(), "txt-MB/s")
	b.ReportMetric(float64(th)/float64(tt), "html/txt-time")
}

// BenchmarkHTMLCharset reads the saved web page of [BenchmarkHTMLText] declared and encoded as
// GB18030 (as a Chinese site may serve it) beside the same page in UTF-8, in the same loop:
// "gb18030/utf8-time" is what decoding the page first costs.
func BenchmarkHTMLCharset(b *testing.B) {
	page := savedPage(b, 200_000)
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(strings.Replace(string(page), `charset="utf-8"`, `charset="gb18030"`, 1)))
	if err != nil {
		b.Fatal(err)
	}
	if d, err := readDocument(discard, "page.html", gb); err != nil || !strings.Contains(d.Text, "抖音") {
		b.Fatalf("the GB18030 page reads as %v, %v; want its Chinese text", d, err)
	}
	took := readEach(b, file{"page.html", gb}, file{"page.html", page})
	b.ReportMetric(float64(took[0])/float64(took[1]), "gb18030/utf8-time")
}

// savedDocx builds a Word document whose document.xml is about size bytes, as Word writes it:
// headings in styles, the seeds' paragraphs split into runs with their properties (Word starts a
// run at every edit session), bulleted and numbered lists, tables, a field and a tracked change here
// and there. It returns the .docx and the size of its document.xml.
func savedDocx(tb testing.TB, size int) ([]byte, int) {
	tb.Helper()
	var paras []string
	for _, d := range openSeeds(tb).Documents() {
		for _, p := range d.Paragraphs {
			if s := d.Text[p.StartByte:p.EndByte]; len(s) > 80 {
				paras = append(paras, s)
			}
		}
	}
	run := func(s string) string {
		return `<w:r w:rsidR="00A1B2C3"><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">` + docxtest.Escape(s) + `</w:t></w:r>`
	}
	para := func(pPr, s string) string {
		var b strings.Builder
		b.WriteString(`<w:p w:rsidR="00D4E5F6" w:rsidRDefault="00D4E5F6"><w:pPr>` + pPr + `<w:spacing w:after="160"/></w:pPr>`)
		for len(s) > 60 {
			cut := strings.IndexByte(s[50:], ' ') + 50
			if cut < 50 {
				break
			}
			b.WriteString(run(s[:cut]))
			s = s[cut:]
		}
		b.WriteString(run(s) + `</w:p>`)
		return b.String()
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:document ` + docxtest.Namespaces + `><w:body>`)
	b.WriteString(para(`<w:pStyle w:val="Title"/>`, "E-commerce in China"))
	for i := 0; b.Len() < size; i++ {
		p := paras[i%len(paras)]
		switch i % 10 {
		case 0:
			b.WriteString(para(`<w:pStyle w:val="berschrift1"/>`, fmt.Sprintf("Section %d", i)))
		case 4:
			b.WriteString(para(`<w:pStyle w:val="Listenabsatz"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`, strings.ToValidUTF8(p[:len(p)/2], "")))
			b.WriteString(para(`<w:pStyle w:val="Listenabsatz"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr>`, strings.ToValidUTF8(p[len(p)/2:], "")))
			continue
		case 7:
			fmt.Fprintf(&b, `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tr><w:tc><w:tcPr><w:tcW w:w="2000"/></w:tcPr>%s</w:tc><w:tc>%s</w:tc></w:tr>`+
				`<w:tr><w:tc>%s</w:tc><w:tc>%s</w:tc></w:tr></w:tbl>`, para("", "Year"), para("", "Figure"), para("", fmt.Sprint(2000+i%25)), para("", strings.ToValidUTF8(p[:40], "")))
			continue
		case 9:
			fmt.Fprintf(&b, `<w:p><w:r><w:t xml:space="preserve">See page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc%d \h </w:instrText></w:r>`+
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>%d</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`+
				`<w:del w:id="%d" w:author="Ed"><w:r><w:delText> (draft)</w:delText></w:r></w:del><w:r><w:t>.</w:t></w:r></w:p>`, i, i, i)
		}
		b.WriteString(para("", p))
	}
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`)
	return docxtest.File(tb, map[string]string{
		"word/document.xml":  b.String(),
		"word/styles.xml":    docxtest.Styles(docxtest.RealisticStyles),
		"word/numbering.xml": docxtest.Numbering(docxtest.RealisticNumbering),
		"docProps/core.xml":  docxtest.Core("E-commerce in China"),
	}), b.Len()
}

// BenchmarkDocxText reads a Word document of a ~200 KB document.xml into a document (unzip, parse,
// convert, paragraphs, title) beside reading the text it converts to as a .txt file (the baseline),
// in the same loop: "xml-MB/s" is document.xml's bytes a second, "docx/txt-time" the ratio of the
// two times.
func BenchmarkDocxText(b *testing.B) {
	docx, xmlBytes := savedDocx(b, 200_000)
	text := convertedText(b, "report.docx", docx)
	took := readEach(b, file{"report.docx", docx}, file{"report.txt", []byte(text)})
	td, tt := took[0], took[1]
	b.ReportMetric(float64(xmlBytes)/1e6, "xml-MB")
	b.ReportMetric(float64(len(docx))/1e6, "docx-MB")
	b.ReportMetric(float64(xmlBytes*b.N)/1e6/td.Seconds(), "xml-MB/s")
	b.ReportMetric(float64(len(text)*b.N)/1e6/tt.Seconds(), "txt-MB/s")
	b.ReportMetric(float64(td)/float64(tt), "docx/txt-time")
}

// BenchmarkPDFText reads a three-page PDF printed by Chromium (convert/testdata/pdf/report.pdf),
// the web page it was printed from, and the text read from it as a .txt, each in the same loop:
// the times are ratios to the .txt's (pdf/txt-time, pdf/html-time).
func BenchmarkPDFText(b *testing.B) {
	pdf := pdfFixture(b, "report.pdf")
	page, err := os.ReadFile(filepath.Join("..", "convert", "testdata", "pdf", "report.html"))
	if err != nil {
		b.Fatal(err)
	}
	text := convertedText(b, "report.pdf", pdf)
	took := readEach(b, file{"report.pdf", pdf}, file{"report.html", page}, file{"report.txt", []byte(text)})
	tp, th, tt := took[0], took[1], took[2]
	b.ReportMetric(float64(len(pdf))/1e3, "pdf-KB")
	b.ReportMetric(float64(len(pdf)*b.N)/1e6/tp.Seconds(), "pdf-MB/s")
	b.ReportMetric(float64(tp)/float64(b.N)/1e6, "pdf-ms")
	b.ReportMetric(float64(tp)/float64(tt), "pdf/txt-time")
	b.ReportMetric(float64(tp)/float64(th), "pdf/html-time")
}

// BenchmarkOpenConvertedCorpus opens an unchanged corpus of 100 three-page PDFs (copies of
// convert/testdata/pdf/report.pdf, each made distinct by a comment after its end) from its data
// folder, as every command does: with the conversions kept in the snapshot, and, in the same loop,
// from a snapshot of the same corpus without them, which converts every PDF as before they were
// kept. "cached/converted-time" is the ratio.
func BenchmarkOpenConvertedCorpus(b *testing.B) {
	const files = 100
	fsys := corpusDir(b, pdfCopies(b, "report.pdf", files))
	ctx := context.Background()
	cached, converting := b.TempDir(), b.TempDir()
	open := func(data string) *Index {
		ix, err := Open(ctx, Config{Seeds: fsys, DataDir: data, Embedder: OfflineEmbedder()})
		if err != nil {
			b.Fatal(err)
		}
		return ix
	}
	if ix := open(cached); len(ix.Documents()) != files {
		b.Fatalf("%d documents, want %d", len(ix.Documents()), files)
	}
	open(converting)
	// The same snapshot without the conversions.
	s, err := readSnapshot(filepath.Join(converting, snapshotFile), nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range s.docs {
		d.conversion = nil
	}
	if err := writeSnapshot(filepath.Join(converting, snapshotFile), s); err != nil {
		b.Fatal(err)
	}
	var tc, tk time.Duration
	for b.Loop() {
		t0 := time.Now()
		if ix := open(cached); ix.Stats().Converted != 0 {
			b.Fatalf("converted %d files with the conversions kept", ix.Stats().Converted)
		}
		t1 := time.Now()
		if ix := open(converting); ix.Stats().Converted != files {
			b.Fatalf("converted %d files without the conversions kept, want %d", ix.Stats().Converted, files)
		}
		tc += t1.Sub(t0)
		tk += time.Since(t1)
	}
	b.ReportMetric(float64(tc)/float64(b.N)/1e6, "cached-ms")
	b.ReportMetric(float64(tk)/float64(b.N)/1e6, "converted-ms")
	b.ReportMetric(float64(tc)/float64(tk), "cached/converted-time")
}

// pdfCopies writes n copies of the PDF fixture name into a new folder, each made distinct by a
// comment after its end, and returns the folder.
func pdfCopies(b *testing.B, name string, n int) string {
	dir := b.TempDir()
	pdf := pdfFixture(b, name)
	for i := range n {
		copyOf := append(slices.Clone(pdf), fmt.Sprintf("%% copy %d\n", i)...)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%03d.pdf", strings.TrimSuffix(name, ".pdf"), i)), copyOf, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// corpusDir opens the corpus folder dir.
func corpusDir(b *testing.B, dir string) fs.FS {
	fsys, err := CorpusDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	return fsys
}

// BenchmarkOpenUnreadableCorpus opens an unchanged corpus of 100 scans (distinct copies of
// convert/testdata/pdf/scanned.pdf, 11 KB, a PDF with no text layer) and one Markdown file from its
// data folder, its files settled, as every command does, three ways in the same loop (their order
// rotating), each over a data folder of its own: with the stamps of the files kept in the snapshot,
// which reads no file ("stamped"); with the failures kept but no stamp (the folder's stat giving no
// inode change time, as on Windows), which reads and hashes every scan and takes its failure, as
// every start did before the stamps of the files that make no document were kept ("kept"); and
// with neither, which tries every scan again, as before the failures were kept ("tried"). All give
// the same 100 warnings and find their snapshot current. "stamped/kept-time" and "kept/tried-time"
// are the ratios.
func BenchmarkOpenUnreadableCorpus(b *testing.B) {
	const files = 100
	dir := pdfCopies(b, "scanned.pdf", files)
	if err := os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# Notes\n\nPinduoduo grew.\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	written := time.Now()
	fsys := corpusDir(b, dir)
	ctx := context.Background()
	stamped := Config{Seeds: fsys, DataDir: b.TempDir(), Embedder: OfflineEmbedder()}
	kept := Config{Seeds: noChangeTimes{fsys}, DataDir: b.TempDir(), Embedder: OfflineEmbedder()}
	tried := Config{Seeds: noChangeTimes{fsys}, DataDir: b.TempDir(), Embedder: OfflineEmbedder()}
	// Files just written are read by every start until they settle: let them, as a corpus indexed
	// a while ago has.
	time.Sleep(racyWindow + 100*time.Millisecond - time.Since(written))
	open := func(cfg Config) (*Index, time.Duration) { return timedOpen(b, ctx, cfg) }
	for _, cfg := range []Config{stamped, kept, tried} {
		if ix, _ := open(cfg); ix.Stats().Skipped.Files != files {
			b.Fatalf("%d files skipped, want %d", ix.Stats().Skipped.Files, files)
		}
	}
	// The same snapshot without the failures, still current (its header keeps their key): every
	// command tries the scans again and finds the snapshot of the corpus it read, as before.
	path := filepath.Join(tried.DataDir, snapshotFile)
	s, err := readSnapshot(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	s.failures = nil
	if err := writeSnapshot(path, s); err != nil {
		b.Fatal(err)
	}
	var ts, tk, tt time.Duration
	steps := []func(){
		func() {
			ix, d := open(stamped)
			if st := ix.Stats(); st.Read != 0 || st.Converted != 0 || st.Skipped.Files != files {
				b.Fatalf("with the stamps kept: read %d files, converted %d, skipped %d; want none, none, %d", st.Read, st.Converted, st.Skipped.Files, files)
			}
			ts += d
		},
		func() {
			ix, d := open(kept)
			if st := ix.Stats(); st.Read != 1 || st.Converted != 0 {
				b.Fatalf("with the failures kept: read %d files, converted %d; want notes.md, none", st.Read, st.Converted)
			}
			tk += d
		},
		func() {
			ix, d := open(tried)
			if st := ix.Stats(); st.Converted != files || st.Embedded != 0 {
				b.Fatalf("without the failures kept: converted %d files, embedded %d; want %d, none", st.Converted, st.Embedded, files)
			}
			tt += d
		},
	}
	i := 0
	for b.Loop() {
		for j := range steps {
			steps[(i+j)%len(steps)]()
		}
		i++
	}
	if _, fs, err := readConversions(path); err != nil || len(fs) != 0 {
		b.Fatalf("the baseline's snapshot was rewritten with %d failures (%v)", len(fs), err)
	}
	b.ReportMetric(float64(ts.Microseconds())/1e3/float64(i), "stamped-ms")
	b.ReportMetric(float64(tk.Microseconds())/1e3/float64(i), "kept-ms")
	b.ReportMetric(float64(tt.Microseconds())/1e3/float64(i), "tried-ms")
	b.ReportMetric(float64(ts)/float64(tk), "stamped/kept-time")
	b.ReportMetric(float64(tk)/float64(tt), "kept/tried-time")
}

// BenchmarkSnapshotOfConvertedCorpus writes the snapshot of 300 three-page PDFs (distinct copies
// of convert/testdata/pdf/report.pdf, 41 KB each) in the current format, which keeps each converted
// text once, and, in the same loop, in format 4, which kept it twice: sizes in KB and per PDF,
// and the ratio of the times.
func BenchmarkSnapshotOfConvertedCorpus(b *testing.B) {
	const files = 300
	fsys := corpusDir(b, pdfCopies(b, "report.pdf", files))
	data := b.TempDir()
	ix, err := Open(context.Background(), Config{Seeds: fsys, DataDir: data, Embedder: OfflineEmbedder()})
	if err != nil || len(ix.Documents()) != files {
		b.Fatalf("Open = %v, %v; want %d documents", ix, err, files)
	}
	now := filepath.Join(data, snapshotFile)
	s, err := readSnapshot(now, nil)
	if err != nil {
		b.Fatal(err)
	}
	before, after := filepath.Join(b.TempDir(), "format4"), filepath.Join(b.TempDir(), "current")
	var t4, t5 time.Duration
	for b.Loop() {
		t0 := time.Now()
		s.format = snapshotFormat
		if err := writeSnapshot(after, s); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		s.format = 4
		if err := writeSnapshot(before, s); err != nil {
			b.Fatal(err)
		}
		t5 += t1.Sub(t0)
		t4 += time.Since(t1)
	}
	size := func(path string) float64 {
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		return float64(fi.Size())
	}
	b.ReportMetric(size(after)/1e3, "current-KB")
	b.ReportMetric(size(before)/1e3, "format4-KB")
	b.ReportMetric((size(before)-size(after))/files/1e3, "saved-KB/pdf")
	b.ReportMetric(size(after)/size(before), "current/format4-size")
	b.ReportMetric(float64(t5)/float64(t4), "current/format4-time")
}

// benchReloadChunks is the size of the corpus of BenchmarkReload and BenchmarkOpenUnchangedCorpus:
// CITEBOT_BENCH_RELOAD_CHUNKS chunks, 10,000 when it is not set.
func benchReloadChunks(b *testing.B) int {
	chunks := 10000
	if s := os.Getenv("CITEBOT_BENCH_RELOAD_CHUNKS"); s != "" {
		if _, err := fmt.Sscan(s, &chunks); err != nil {
			b.Fatalf("CITEBOT_BENCH_RELOAD_CHUNKS=%q: %v", s, err)
		}
	}
	return chunks
}

// BenchmarkOpenUnchangedCorpus measures what every command (index, search, ask, serve) costs to
// open an unchanged corpus of CITEBOT_BENCH_RELOAD_CHUNKS chunks (default 10,000; 10 chunks a file),
// its files settled, through the corpus folder as the commands open it ([CorpusDir]): Open taking
// every document from the snapshot by its file's stamp (see [racyWindow]); and, beside it in the
// same loop (their order alternating), the same Open reading every file, as a start did before the
// snapshot kept the stamps, and still does on a system that keeps no inode change time: through the
// same folder with stat giving none, over a data folder of its own whose snapshot therefore keeps
// no stamp. Both find their snapshot current and load it. ns/op is both together; stamped-ms and
// readall-ms each, and "stamped/readall" the ratio.
func BenchmarkOpenUnchangedCorpus(b *testing.B) {
	ctx := context.Background()
	corpus := b.TempDir()
	if err := synthcorpus.Write(corpus, benchReloadChunks(b), 1); err != nil {
		b.Fatal(err)
	}
	written := time.Now()
	fsys := corpusDir(b, corpus)
	stamped := Config{Seeds: fsys, SeedsName: corpus, DataDir: b.TempDir(), Embedder: OfflineEmbedder()}
	readAll := Config{Seeds: noChangeTimes{fsys}, SeedsName: corpus, DataDir: b.TempDir(), Embedder: OfflineEmbedder()}
	// Files just written are read by every start until they settle: let them, as a corpus
	// indexed a while ago has.
	time.Sleep(racyWindow + 100*time.Millisecond - time.Since(written))
	open := func(cfg Config) (*Index, time.Duration) { return timedOpen(b, ctx, cfg) }
	first, _ := open(stamped)
	files := len(first.Documents())
	open(readAll)
	var ts, tr time.Duration
	i := 0
	for b.Loop() {
		for j := range 2 {
			if (i+j)%2 == 0 {
				ix, d := open(stamped)
				if st := ix.Stats(); st.Read != 0 || st.Embedded != 0 {
					b.Fatalf("the start with the stamps read %d files and embedded %d, want none", st.Read, st.Embedded)
				}
				ts += d
			} else {
				ix, d := open(readAll)
				if st := ix.Stats(); st.Read != files || st.Embedded != 0 {
					b.Fatalf("the start reading every file read %d of %d and embedded %d", st.Read, files, st.Embedded)
				}
				tr += d
			}
		}
		i++
	}
	b.ReportMetric(float64(ts.Microseconds())/1e3/float64(i), "stamped-ms")
	b.ReportMetric(float64(tr.Microseconds())/1e3/float64(i), "readall-ms")
	b.ReportMetric(float64(ts)/float64(tr), "stamped/readall")
}

// BenchmarkReload measures what an edit of one file costs serve before the new text is served, at
// CITEBOT_BENCH_RELOAD_CHUNKS chunks (default 10,000): Reload from the version served, the new
// version ready to swap in, which reads only the files whose stamps changed (see [racyWindow]);
// beside it in the same loop, the same Reload reading every file, as it did before it kept the
// stamps ("readall"), and the same edit through Open, as serve reloaded before that (the snapshot
// read again, the index rebuilt and its snapshot written before it is returned; since the snapshot
// keeps the stamps, Open too reads only the edited file). Each iteration
// edits the file and runs the three (their order rotating); ns/op is Reload's alone (its snapshot
// is saved outside the timing), readall-ms and open-ms the others', and "reload/readall" and
// "reload/open" the ratios.
func BenchmarkReload(b *testing.B) {
	ctx := context.Background()
	corpus := b.TempDir()
	if err := synthcorpus.Write(corpus, benchReloadChunks(b), 1); err != nil {
		b.Fatal(err)
	}
	written := time.Now()
	files, _ := filepath.Glob(filepath.Join(corpus, "synthetic", "*.txt"))
	file := files[len(files)/2]
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	cfg := func(data string) Config {
		return Config{Seeds: os.DirFS(corpus), SeedsName: corpus, DataDir: data, Embedder: OfflineEmbedder()}
	}
	reloadCfg, readAllCfg, openCfg := cfg(b.TempDir()), cfg(b.TempDir()), cfg(b.TempDir())
	// Files just written are read again by every reload until they settle: let them, as a corpus
	// edited now and then has.
	time.Sleep(racyWindow + 100*time.Millisecond - time.Since(written))
	served, err := Open(ctx, reloadCfg)
	if err != nil {
		b.Fatal(err)
	}
	servedAll, err := Open(ctx, readAllCfg)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Open(ctx, openCfg); err != nil {
		b.Fatal(err)
	}
	var reloadTime, readAllTime, openTime time.Duration
	reload := func(cfg Config, prev *Index, timed bool) (*Index, time.Duration) {
		t0 := time.Now()
		if timed {
			b.StartTimer()
		}
		next, pending, err := Reload(ctx, cfg, prev)
		if timed {
			b.StopTimer()
		}
		d := time.Since(t0)
		if err != nil || next == prev {
			b.Fatalf("Reload = %v (unchanged %v)", err, next == prev)
		}
		if err := pending.Save(); err != nil {
			b.Fatal(err)
		}
		return next, d
	}
	steps := []func(){
		func() {
			var d time.Duration
			served, d = reload(reloadCfg, served, true)
			reloadTime += d
			if read := served.Stats().Read; read != 1 {
				b.Fatalf("Reload read %d files, want the one edited", read)
			}
		},
		func() {
			forgetful := *servedAll // the version served, its files' stamps forgotten
			forgetful.files = new(atomic.Pointer[fileTable])
			var d time.Duration
			servedAll, d = reload(readAllCfg, &forgetful, false)
			readAllTime += d
		},
		func() {
			t0 := time.Now()
			if _, err := Open(ctx, openCfg); err != nil {
				b.Fatal(err)
			}
			openTime += time.Since(t0)
		},
	}
	b.ResetTimer()
	b.StopTimer()
	for i := 1; i <= b.N; i++ { // the timer runs only while Reload does: ns/op is a reload's
		edit := fmt.Appendf(nil, "Zorblax%dquux sells teapots in Hangzhou. %s", i, original)
		if err := os.WriteFile(file, edit, 0o644); err != nil {
			b.Fatal(err)
		}
		for j := range steps {
			steps[(i+j)%len(steps)]()
		}
	}
	b.ReportMetric(float64(readAllTime.Microseconds())/1e3/float64(b.N), "readall-ms")
	b.ReportMetric(float64(openTime.Microseconds())/1e3/float64(b.N), "open-ms")
	b.ReportMetric(float64(reloadTime)/float64(readAllTime), "reload/readall")
	b.ReportMetric(float64(reloadTime)/float64(openTime), "reload/open")
}

// timedOpen opens an index and returns it with the time the open took.
func timedOpen(b *testing.B, ctx context.Context, cfg Config) (*Index, time.Duration) {
	b.Helper()
	t0 := time.Now()
	ix, err := Open(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	return ix, time.Since(t0)
}

// BenchmarkDefinedNames finds the names the seeds' documents define (once per corpus version, at
// the first search) and reports its cost per byte of text, beside the query expansion it serves
// and one keyword search.
func BenchmarkDefinedNames(b *testing.B) {
	ix := openSeeds(b)
	size := 0
	for _, d := range ix.docs {
		size += len(d.Text)
	}
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			ix.lex.DefinedNames(documentParagraphs(ix.docs))
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(size), "ns/byte")
	})
	q := "How many DAU did mobile Taobao have, and what is UGC?"
	b.Run("expand", func(b *testing.B) {
		names := ix.DefinedNames()
		for b.Loop() {
			names.Expansion(q)
		}
	})
	b.Run("keyword-search", func(b *testing.B) {
		ts, cs := ix.queryTerms(ix.expandQuery(q, true)), ix.queryCognates(q)
		for b.Loop() {
			ix.keyword.search(ts, cs, 50)
		}
	})
}

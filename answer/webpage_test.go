package answer

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// savedArticle is a web page as a browser saves it: the article's sentences are broken up by
// markup (links, abbreviations, emphasis, entities), and around it are a script, navigation and a
// footer that say things about the same subject.
const savedArticle = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Live commerce in 2022 | Example News</title>
<script>window.dataLayer = ["Douyin GMV 9.9 trillion yuan in 2022"];</script></head>
<body><nav><a href="/douyin">Douyin GMV news</a></nav>
<article>
<h1>Live commerce in 2022</h1>
<p>Taobao Live kept growing, but more slowly than its rivals.</p>
<h2>Douyin</h2>
<p>Douyin's e-commerce <abbr title="gross merchandise volume">GMV</abbr> reached
<a href="https://example.org/gmv">about 2.2 trillion yuan</a> in 2022, <em>up&nbsp;76%</em> on the year.</p>
<p>Kuaishou&#8217;s GMV was 901.2 billion yuan &amp; rising.</p>
</article>
<footer>Douyin GMV figures &copy; Example News 2023</footer>
</body></html>`

// askAboutDocument asks question offline of a corpus of one converted document (a web page, a Word
// file) beside a text file, wants an answer, and returns it with the number of the document's
// paragraph that holds fact and the document's text as read.
func askAboutDocument(t *testing.T, file string, data []byte, question, fact string) (Answer, int, string) {
	t.Helper()
	ctx := context.Background()
	fsys := fstest.MapFS{
		file:         {Data: data},
		"taobao.txt": {Data: []byte("Taobao is Alibaba's marketplace for small sellers.\n")},
	}
	ix, err := retrieval.Open(ctx, retrieval.Config{Seeds: fsys, SeedsName: "converted", Embedder: retrieval.OfflineEmbedder(), Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Index: ix, Links: links.Builder{Base: "https://cite.example"}, Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.Ask(ctx, question, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Abstained || len(a.Citations) == 0 {
		t.Fatalf("answer = %+v, want one citing %s", a, file)
	}
	doc, _ := ix.Document(file)
	want := 0
	for n := 1; n <= len(doc.Paragraphs); n++ {
		if _, text, _ := doc.ParagraphText(n); strings.Contains(text, fact) {
			want = n
		}
	}
	return a, want, doc.Text
}

// An offline answer about a saved web page cites the page and the paragraph the figure is in, and
// what it quotes is the page's text, without markup.
func TestAnswerCitesWebPage(t *testing.T) {
	a, want, docText := askAboutDocument(t, "news/live.html", []byte(savedArticle), "What was Douyin's GMV in 2022?", "2.2 trillion")
	c := a.Citations[0]
	if c.File != "news/live.html" || c.Paragraph != want || c.Title != "Live commerce in 2022" {
		t.Errorf("citation %s ¶%d %q, want news/live.html ¶%d titled from the page", c.File, c.Paragraph, c.Title, want)
	}
	if !strings.Contains(c.Quote, "about 2.2 trillion yuan in 2022") || !strings.Contains(a.Text, "2.2 trillion") {
		t.Errorf("answer %q quotes %q, want the figure as the page shows it", a.Text, c.Quote)
	}
	for _, s := range []string{a.Text, c.Quote, c.Text} {
		if strings.ContainsAny(s, "<>") || strings.Contains(s, "href") || strings.Contains(s, "&nbsp;") || strings.Contains(s, "9.9 trillion") {
			t.Errorf("answer text or citation holds markup or text from outside the article: %q", s)
		}
	}
	if c.QuoteEnd == 0 || docText[c.QuoteStart:c.QuoteEnd] != c.Quote || !strings.HasPrefix(c.URL, "https://cite.example/sources/news/live.html?") {
		t.Errorf("citation span %d-%d %q, URL %s: want the quote's bytes in the page's text and a link to its viewer", c.QuoteStart, c.QuoteEnd, c.Quote, c.URL)
	}
}

// A Chinese page saved in GBK (as many Chinese sites still serve them, declared GB2312) is read in
// its charset: an answer quotes its Chinese text, and the quote's byte span is in the text read,
// which is UTF-8 and what the viewer shows, not in the page's GBK bytes.
func TestAnswerCitesGBKPage(t *testing.T) {
	page, err := simplifiedchinese.GBK.NewEncoder().String(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">` +
		`<title>拼多多的增长</title></head><body><article><h1>拼多多的增长</h1>` +
		`<p>拼多多在2022年的年活跃买家达到8.8亿。</p><p>淘宝是阿里巴巴的网上市场。</p></article></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	a, want, docText := askAboutDocument(t, "pdd.html", []byte(page), "拼多多2022年的年活跃买家有多少？", "8.8亿")
	c := a.Citations[0]
	if c.File != "pdd.html" || c.Paragraph != want || c.Title != "拼多多的增长" || !strings.Contains(c.Quote, "年活跃买家达到8.8亿") {
		t.Errorf("citation %s ¶%d %q quoting %q, want pdd.html ¶%d titled 拼多多的增长 quoting the figure", c.File, c.Paragraph, c.Title, c.Quote, want)
	}
	if c.QuoteEnd == 0 || docText[c.QuoteStart:c.QuoteEnd] != c.Quote {
		t.Errorf("citation span %d-%d, quote %q: want the quote's bytes in the page's text as read", c.QuoteStart, c.QuoteEnd, c.Quote)
	}
}

// A page's paragraph that opens with "#" is the page's text, not a heading: an answer quotes it.
func TestAnswerQuotesPageParagraphOpeningWithHash(t *testing.T) {
	page := `<html><head><title>Sales in 2023</title></head><body><article><h1>Sales in 2023</h1>` +
		`<p># 1 in 2023: Taobao's GMV reached 8 trillion yuan.</p><p>JD.com delivered faster than ever.</p></article></body></html>`
	a, want, docText := askAboutDocument(t, "sales.html", []byte(page), "What was Taobao's GMV in 2023?", "8 trillion")
	c := a.Citations[0]
	if c.File != "sales.html" || c.Paragraph != want || !strings.Contains(c.Quote, "Taobao's GMV reached 8 trillion yuan") {
		t.Errorf("citation %s ¶%d quoting %q, want sales.html ¶%d quoting the figure", c.File, c.Paragraph, c.Quote, want)
	}
	if c.QuoteEnd == 0 || docText[c.QuoteStart:c.QuoteEnd] != c.Quote {
		t.Errorf("citation span %d-%d, quote %q: want the quote's bytes in the page's text as read", c.QuoteStart, c.QuoteEnd, c.Quote)
	}
}

package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
)

// The viewer shows a PDF as the text citebot read of it, paragraph by paragraph as cited (running
// headers and page numbers left out); ?raw=1 serves that text. The PDF's bytes are never served.
func TestSourceShowsPDFAsText(t *testing.T) {
	pdf, err := os.ReadFile(filepath.Join("..", "convert", "testdata", "pdf", "report.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	ix := openCorpus(t, mapCorpus(map[string]string{"report.pdf": string(pdf)}))
	srv := newTestServer(t, ix, Config{Links: links.Builder{}})
	doc, ok := ix.Document("report.pdf")
	if !ok {
		t.Fatal("report.pdf is not in the index")
	}
	rec := do(t, srv.Handler(), "GET", "/sources/report.pdf", nil, map[string]string{"Accept": "text/html"})
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /sources/report.pdf = %d, want 200", rec.Code)
	}
	body := rec.Body.String()
	got := paragraphsOf(t, body)
	if len(got) != len(doc.Paragraphs) || len(got) != 20 {
		t.Fatalf("rendered %d paragraphs, document has %d, want 20:\n%s", len(got), len(doc.Paragraphs), body)
	}
	for i, p := range got {
		if want := doc.Text[doc.Paragraphs[i].StartByte:doc.Paragraphs[i].EndByte]; plainText(p.html) != want {
			t.Errorf("paragraph %d = %q, want %q", p.n, plainText(p.html), want)
		}
	}
	if want := "A day pass costs €4.50 and a yearly pass €60."; !strings.HasPrefix(plainText(got[7].html), want) {
		t.Errorf("paragraph 8 = %q, want it to start %q", plainText(got[7].html), want)
	}
	for _, bad := range []string{"Page 1 of 3", "%PDF", "FlateDecode", "endobj"} {
		if strings.Contains(body, bad) {
			t.Errorf("the viewer serves %q", bad)
		}
	}
	if !strings.Contains(body, "Harbour Cycling Report 2024") {
		t.Error("the viewer lacks the document's title")
	}
	rec = do(t, srv.Handler(), "GET", "/sources/report.pdf?raw=1", nil, nil)
	if ct := rec.Header().Get("Content-Type"); rec.Code != http.StatusOK || ct != "text/plain; charset=utf-8" || rec.Body.String() != doc.Text {
		t.Errorf("GET ?raw=1 = %d %q, want 200 text/plain with the text read from the PDF", rec.Code, ct)
	}
}

// pdfPagesCorpus is the three-page report (known pages), the minutes (paragraph 4 runs from page 1
// onto page 2), a Markdown note (no pages) and a catalog naming Tolland, which both PDFs mention.
func pdfPagesCorpus(tb testing.TB) map[string]string {
	tb.Helper()
	files := map[string]string{
		"notes.md":       "# Tram notes\n\nFolding bicycles may be taken on the tram outside rush hours.\n",
		"platforms.json": `{"platforms": [{"name": "Tolland", "kind": "place", "aliases": ["Tolland ferry"]}]}`,
	}
	for _, name := range []string{"report.pdf", "minutes.pdf"} {
		b, err := os.ReadFile(filepath.Join("..", "convert", "testdata", "pdf", name))
		if err != nil {
			tb.Fatal(err)
		}
		files[name] = string(b)
	}
	return files
}

// The web names a PDF's paragraphs by page: the viewer's paragraph markers ("¶12 p. 2", the lines
// of a Markdown document as before), the JSON of search, ask (also streamed) and summaries
// ("page", "end_page" only across a page break, neither for Markdown), the citation links' titles
// in the rendered answer, and a kept answer's sources (whose record round-trips the pages).
func TestWebNamesPDFPages(t *testing.T) {
	store, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, openCorpus(t, mapCorpus(pdfPagesCorpus(t))), Config{Links: links.Builder{}, Answers: store})
	h := srv.Handler()
	html := map[string]string{"Accept": "text/html"}
	for _, tt := range []struct {
		path, want, dontWant string
	}{
		{"/sources/report.pdf", `<section class="para" id="p12" data-lines="L23" data-page="p. 2">` + "\n" + `<a class="loc" href="#p12">¶12 <span class="pdf-page">p. 2</span></a>`, `class="lines"`},
		{"/sources/report.pdf", `id="p20" data-lines="L39" data-page="p. 3">`, ""},
		{"/sources/minutes.pdf", `<a class="loc" href="#p4">¶4 <span class="pdf-page">pp. 1–2</span></a>`, ""},
		{"/sources/notes.md", `<a class="loc" href="#p2">¶2 <span class="lines">L3</span></a>`, `data-page`},
	} {
		body := do(t, h, "GET", tt.path, nil, html).Body.String()
		if !strings.Contains(body, tt.want) || tt.dontWant != "" && strings.Contains(body, tt.dontWant) {
			t.Errorf("GET %s lacks %q (or has %q):\n%s", tt.path, tt.want, tt.dontWant, body)
		}
	}

	type place struct {
		File      string `json:"file"`
		Paragraph int    `json:"paragraph"`
		Page      *int   `json:"page"`
		EndPage   *int   `json:"end_page"`
	}
	where := func(ps []place) []string {
		var out []string
		for _, p := range ps {
			s := fmt.Sprintf("%s ¶%d", p.File, p.Paragraph)
			if p.Page != nil {
				s += fmt.Sprintf(" page %d", *p.Page)
			}
			if p.EndPage != nil {
				s += fmt.Sprintf(" end_page %d", *p.EndPage)
			}
			out = append(out, s)
		}
		return out
	}
	var search struct {
		Results []place `json:"results"`
	}
	rec := do(t, h, "GET", "/api/search?q=folding+bicycles&k=2", nil, nil)
	if err := json.Unmarshal(rec.Body.Bytes(), &search); err != nil {
		t.Fatal(err)
	}
	if got, want := where(search.Results), []string{"notes.md ¶2", "minutes.pdf ¶4 page 1 end_page 2"}; !slices.Equal(got, want) {
		t.Errorf("GET /api/search = %q, want %q", got, want)
	}

	var ans struct {
		answer.Answer
		HTML string `json:"html"`
	}
	rec = do(t, h, "POST", "/api/ask", jsonBody(`{"question": "How many bicycles did the team repair in 2024?"}`), map[string]string{"Content-Type": "application/json"})
	if err := json.Unmarshal(rec.Body.Bytes(), &ans); err != nil {
		t.Fatalf("POST /api/ask = %d %s", rec.Code, rec.Body)
	}
	if len(ans.Citations) == 0 || ans.Citations[0].PageSpan != (retrieval.PageSpan{Page: 2}) || ans.Citations[0].Paragraph != 12 {
		t.Fatalf("POST /api/ask cites %+v, want report.pdf ¶12 on page 2", ans.Citations)
	}
	if want := `title="Harbour Cycling Report 2024 p. 2 ¶12"`; !strings.Contains(ans.HTML, want) {
		t.Errorf("the rendered answer lacks %q: %s", want, ans.HTML)
	}
	rec = do(t, h, "POST", "/api/ask?stream=1", jsonBody(`{"question": "Where do folding bicycles have to be folded?"}`), map[string]string{"Content-Type": "application/json"})
	if want := `"page":1,"end_page":2`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("the answer stream lacks %s:\n%s", want, rec.Body)
	}
	var sum struct {
		Citations []place `json:"citations"`
	}
	rec = do(t, h, "GET", "/api/summary/tolland", nil, nil)
	if err := json.Unmarshal(rec.Body.Bytes(), &sum); err != nil {
		t.Fatal(err)
	}
	// Both PDFs mention Tolland only in passing: the summary lists the two documents, each
	// citation with its page.
	if got, want := where(sum.Citations), []string{"minutes.pdf ¶3 page 1", "report.pdf ¶4 page 1"}; !slices.Equal(got, want) {
		t.Errorf("GET /api/summary/tolland cites %q, want %q", got, want)
	}

	// A kept answer (as the bot keeps one too long for Discord) names the page, not the lines.
	id, err := store.Put(archive.Record{Question: "q", Text: ans.Text, Mode: ans.Mode, Citations: ans.Citations})
	if err != nil {
		t.Fatal(err)
	}
	body := do(t, h, "GET", "/answers/"+id, nil, html).Body.String()
	if want := `>Harbour Cycling Report 2024 p. 2 ¶12</a><span class="where"> · report.pdf</span>`; !strings.Contains(body, want) {
		t.Errorf("the kept answer lacks %q:\n%s", want, body)
	}
}

// The chat page names a PDF's citations by page, in Chromium: the source's link "Title pp. 1–2 ¶4",
// then the file alone (no lines of the text read), the marker's tooltip the same; following the
// citation opens the viewer on that paragraph, whose marker shows its pages.
func TestBrowserChatNamesPDFPages(t *testing.T) {
	ctx := newBrowser(t)
	// How a citation names its pages is what this checks, not the operating point: the answer
	// (confidence about 0.61) is refused at the default since session 28 (0.658), so the engine
	// answers from 0.5 here.
	ix := openCorpus(t, mapCorpus(pdfPagesCorpus(t)))
	ln, base := listenLoopback(t)
	cfg := Config{Links: links.Builder{Base: base}}
	eng, err := answer.New(answer.Config{Index: ix, Links: cfg.Links, MinConfidence: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(cfg, ix, eng)
	if err != nil {
		t.Fatal(err)
	}
	serveOn(t, srv, ln)
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitReady(chromedp.CSS(`#platforms[data-loaded="1"]`)),
		chromedp.SendKeys(chromedp.ID("question"), "Where do folding bicycles have to be folded?"),
		chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(chromedp.CSS(".msg.bot:not(.streaming) .meta")),
	)
	if err != nil {
		t.Fatalf("asking on the chat page: %v", err)
	}
	type shown struct {
		Source string `json:"source"`
		Where  string `json:"where"`
		Marker string `json:"marker"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[shown](`(() => {
	  const li = document.querySelector(".msg.bot ol.citations li");
	  return {source: li.querySelector("a.source").textContent, where: li.querySelector(".where").textContent,
	    marker: document.querySelector(".msg.bot .text a.cite").title};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	want := shown{Source: "Ferry Users' Meeting, March 2025 pp. 1–2 ¶4", Where: " · minutes.pdf", Marker: "Ferry Users' Meeting, March 2025 pp. 1–2 ¶4"}
	if got != want {
		t.Errorf("the chat page shows the citation as %+v, want %+v", got, want)
	}
	checkNoPageProblems(t, ctx, "chat page")
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelector(".msg.bot .text a.cite").removeAttribute("target")`),
		chromedp.Click(chromedp.CSS(".msg.bot .text a.cite")),
		chromedp.WaitVisible(chromedp.CSS(".para.highlight")),
	)
	if err != nil {
		t.Fatalf("following the citation: %v", err)
	}
	type marker struct {
		Text    string  `json:"text"`
		Width   float64 `json:"width"`
		Padding string  `json:"padding"`
	}
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[marker](`(() => {
	  const a = document.querySelector(".para.highlight .loc"), s = a.querySelector(".pdf-page");
	  return {text: a.textContent, width: a.getBoundingClientRect().width, padding: getComputedStyle(s).padding};
	})()`))
	if err != nil || loc.Text != "¶4 pp. 1–2" {
		t.Errorf("the viewer marks the cited paragraph %q, %v; want %q", loc.Text, err, "¶4 pp. 1–2")
	}
	// The page is styled as the marker's small print (no page layout's padding or width).
	if loc.Padding != "0px" || loc.Width > 160 {
		t.Errorf("the paragraph marker is %.0f px wide, its page's padding %q; want a narrow marker, no padding", loc.Width, loc.Padding)
	}
	checkNoPageProblems(t, ctx, "viewer")
}

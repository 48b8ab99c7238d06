package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
)

// GET /answers/{id} shows a kept answer whole: the question, the text rendered with its citation
// links (and no other link), the sources with titles, and 404 for anything else.
func TestKeptAnswerPage(t *testing.T) {
	store, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	lb := links.Builder{Base: "https://citebot.example.org"}
	cite := answer.Citation{N: 1, File: "001_x.txt", Title: "Douyin's year", Paragraph: 2, StartLine: 3, EndLine: 3,
		Quote: "a quote not in the text", URL: lb.Paragraph("001_x.txt", 2, 3, 3, ""), Columns: "| Year | <b>GMV</b> |"}
	text := "- **Point one** [1]\n- See [this](https://evil.example/x)\n" + strings.Repeat("More text. ", 2000)
	id, err := store.Put(archive.Record{Question: "What is <Douyin>?", Text: text, Mode: answer.ModeLLM, Model: "m1",
		Citations: []answer.Citation{cite}})
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, seedindex.Open(t), Config{Links: lb, Answers: store})
	rec := do(t, srv.Handler(), "GET", "/answers/"+id, nil, map[string]string{"Accept": "text/html"})
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /answers/%s = %d %q", id, rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{"<h1>What is &lt;Douyin&gt;?</h1>", "<li><strong>Point one</strong> <a class=\"cite\" href=\"" + cite.URL + "\"",
		"See this (https://evil.example/x)", ">Douyin&#39;s year ¶2</a><span class=\"where\"> · 001_x.txt, line 3</span>", "<q>a quote not in the text</q><span class=\"columns\">columns: Year · &lt;b&gt;GMV&lt;/b&gt;</span>", "model m1", "More text. More text."} {
		if !strings.Contains(body, want) {
			t.Errorf("kept answer page lacks %q", want)
		}
	}
	if strings.Contains(body, `href="https://evil.example`) {
		t.Errorf("kept answer page links to the model's URL")
	}
	for _, bad := range []string{"/answers/0123456789abcdef0123456789abcdef", "/answers/..%2f..%2fetc", "/answers/x"} {
		rec := do(t, srv.Handler(), "GET", bad, nil, nil)
		checkJSONError(t, "GET "+bad, rec.Code, rec.Header(), rec.Body.String(), http.StatusNotFound)
	}
	none := newTestServer(t, seedindex.Open(t), Config{})
	if rec := do(t, none.Handler(), "GET", "/answers/"+id, nil, nil); rec.Code != 404 {
		t.Errorf("GET /answers/{id} with no archive = %d, want 404", rec.Code)
	}
}

// A kept abstention lists its closest passages as the chat page does: numbered as its text points
// at them ("[N]"), each with its place (a single line as "line 8", the file only beside a title), its
// quote on one line cut at 160 characters unless the text shows it or points at it, and a table
// row's columns.
func TestKeptAnswerClosestPassages(t *testing.T) {
	store, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	lb := links.Builder{Base: "https://citebot.example.org"}
	long := strings.Repeat("The pool is open late on Fridays. ", 8)
	related := []answer.Citation{
		{N: 1, File: "lessons.md", Title: "Swimming lessons", Paragraph: 2, StartLine: 3, EndLine: 6, URL: lb.Paragraph("lessons.md", 2, 3, 6, ""),
			Quote: "| Summer 2026 | Monday 20 April 2026 |", Columns: "| Term | First week starts |"},
		{N: 2, File: "lessons.md", Title: "Swimming lessons", Paragraph: 3, StartLine: 8, EndLine: 8, URL: lb.Paragraph("lessons.md", 3, 8, 8, ""),
			Quote: "Lessons for adults are held at the main pool\non Tuesday evenings."},
		{N: 3, File: "hours.txt", Paragraph: 1, StartLine: 1, EndLine: 2, URL: lb.Paragraph("hours.txt", 1, 1, 2, ""), Text: long},
	}
	text := "The sources don't answer this directly. Closest passages:\n- “| Summer 2026 | Monday 20 April 2026 |” (Swimming lessons, ¶2) [1]"
	id, err := store.Put(archive.Record{Question: "How much do the summer lessons cost?", Text: text, Abstained: true,
		Mode: answer.ModeExtractive, Citations: []answer.Citation{}, Related: related})
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, seedindex.Open(t), Config{Links: lb, Answers: store})
	body := do(t, srv.Handler(), "GET", "/answers/"+id, nil, map[string]string{"Accept": "text/html"}).Body.String()
	cut := []rune(strings.TrimSpace(long))[:157]
	for _, want := range []string{
		`<ol class="citations related" aria-label="Closest passages, not an answer">`,
		`<li value="1"><a class="source" href="` + related[0].URL + `">Swimming lessons ¶2</a><span class="where"> · lessons.md, lines 3–6</span><span class="columns">columns: Term · First week starts</span></li>`,
		`<li value="2"><a class="source" href="` + related[1].URL + `">Swimming lessons ¶3</a><span class="where"> · lessons.md, line 8</span> <q>Lessons for adults are held at the main pool on Tuesday evenings.</q></li>`,
		`<li value="3"><a class="source" href="` + related[2].URL + `">hours.txt ¶1</a><span class="where"> · lines 1–2</span> <q>` + string(cut) + `…</q></li>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("kept abstention lacks\n%s\nin\n%s", want, body)
		}
	}
}

// In Chromium, a kept abstention's closest passages read as the chat page shows the same answer's:
// the same numbers, places, quotes and column names.
func TestBrowserKeptAnswerClosestPassagesAsOnTheChatPage(t *testing.T) {
	store, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ln, base := listenLoopback(t)
	serveOn(t, newTestServer(t, openCorpus(t, mapCorpus(lessonsCorpus)), Config{Links: links.Builder{Base: base}, Answers: store}), ln)
	const question = "How much do the summer lessons cost?"
	a := apiAsk(t, base, question, nil)
	if !a.Abstained || len(a.Related) < 2 {
		t.Fatalf("%q: abstained %v with %d closest passages, want an abstention with two or more", question, a.Abstained, len(a.Related))
	}
	id, err := store.Put(archive.Record{Question: question, Text: a.Text, Abstained: true, Mode: a.Mode, Citations: a.Citations, Related: a.Related})
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`#platforms[data-loaded="1"]`))); err != nil {
		t.Fatal(err)
	}
	askOnPage(t, ctx, question, 1)
	const readRelated = `Array.from(document.querySelectorAll(".msg.bot ol.citations.related li")).map(li => li.value + ": " + li.innerText)`
	chat, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](readRelated))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/answers/"+id), chromedp.WaitVisible(chromedp.CSS(".msg.bot"))); err != nil {
		t.Fatal(err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](readRelated))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, ctx, "kept-abstention.png")
	checkNoPageProblems(t, ctx, "kept abstention")
	if len(chat) != len(a.Related) || !slices.Equal(kept, chat) {
		t.Errorf("closest passages of the kept answer:\n%q\nwant those of the chat page:\n%q", kept, chat)
	}
	if !strings.Contains(strings.Join(kept, "\n"), "columns: "+lessonsColumns) {
		t.Errorf("kept closest passages %q lack the table row's columns", kept)
	}
}

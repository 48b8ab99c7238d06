package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/retrieval"
)

// widths are the layouts the browser tests check: a 390 px phone and a 1280 px desktop.
var widths = []struct {
	name          string
	width, height int
}{{"phone-390", 390, 844}, {"desktop-1280", 1280, 900}}

// layoutState is what the browser reports about the page's layout.
type layoutState struct {
	InputTop     float64 `json:"inputTop"`
	InputBottom  float64 `json:"inputBottom"`
	ViewHeight   float64 `json:"viewHeight"`
	ViewWidth    float64 `json:"viewWidth"`
	ScrollWidth  float64 `json:"scrollWidth"`
	ScrollHeight float64 `json:"scrollHeight"`
}

const layoutJS = `(() => { const r = document.getElementById("question").getBoundingClientRect();
  return {inputTop: r.top, inputBottom: r.bottom, viewHeight: window.innerHeight, viewWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight}; })()`

// askOnPage types a question, sends it and waits for its answer (the n-th bot message) to be final.
func askOnPage(tb testing.TB, ctx context.Context, question string, n int) {
	tb.Helper()
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("question"), question),
		chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(".msg.bot:nth-of-type(%d):not(.streaming) .meta", 2*n))),
	)
	if err != nil {
		tb.Fatalf("asking %q on the chat page: %v", question, err)
	}
}

// apiAsk asks the server directly, for the expected shape of what the page shows.
func apiAsk(tb testing.TB, base, question string, history []answer.Turn) answer.Answer {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"question": question, "history": history})
	resp, err := http.Post(base+"/api/ask", "application/json", strings.NewReader(string(body)))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer.Answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || resp.StatusCode != 200 {
		tb.Fatalf("POST /api/ask %q = %d, %v", question, resp.StatusCode, err)
	}
	return a
}

// The chat page at 390 and 1280 px: answers render as Markdown with citation links, a rewritten
// follow-up shows what was searched, the question box stays on screen, a summary shows each point
// once with its link, an abstention lists the closest passages as links that are not an answer, the
// favicon loads, and nothing breaks the Content-Security-Policy. Screenshots go to a temp folder.
func TestBrowserChatLayouts(t *testing.T) {
	ix := seedindex.Open(t)
	base, _ := startServer(t, ix)
	const first, followUp, unanswerable = "What was Douyin's GMV in 2024?", "and Kuaishou?", "What was Xiaohongshu's GMV in 2024?"
	a1 := apiAsk(t, base, first, nil)
	a2 := apiAsk(t, base, followUp, []answer.Turn{{Role: "user", Content: first}, {Role: "assistant", Content: a1.Text}})
	if a2.Query == "" {
		t.Fatalf("the follow-up %q was not rewritten (no query); pick another", followUp)
	}
	a3 := apiAsk(t, base, unanswerable, nil)
	if !a3.Abstained || len(a3.Related) == 0 {
		t.Fatalf("%q: abstained %v with %d related passages, want an abstention with some", unanswerable, a3.Abstained, len(a3.Related))
	}
	for _, w := range widths {
		t.Run(w.name, func(t *testing.T) {
			ctx := newBrowserSized(t, w.width, w.height)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#platforms button"))); err != nil {
				t.Fatal(err)
			}
			askOnPage(t, ctx, first, 1)
			askOnPage(t, ctx, followUp, 2)
			checkChatAnswers(t, ctx, a2)
			checkInputOnScreen(t, ctx, "after two answers")
			saveScreenshot(t, ctx, "chat-"+w.name+".png")

			askOnPage(t, ctx, unanswerable, 3)
			checkRelated(t, ctx, a3)
			checkInputOnScreen(t, ctx, "after an abstention")
			saveScreenshot(t, ctx, "chat-abstention-"+w.name+".png")

			err := chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`#platforms button[data-platform="Pinduoduo"]`)),
				chromedp.WaitVisible(chromedp.CSS(".msg.bot:nth-of-type(8):not(.streaming) .meta")),
			)
			if err != nil {
				t.Fatalf("asking for a summary: %v", err)
			}
			checkSummary(t, ctx)
			checkInputOnScreen(t, ctx, "after a summary")
			saveScreenshot(t, ctx, "chat-summary-"+w.name+".png")

			icon, err := chromedp.RunResponse(ctx, chromedp.Navigate(base+"/favicon.ico"))
			if err != nil || icon == nil || icon.Status != 200 {
				t.Errorf("GET /favicon.ico = %v, %v; want 200", icon, err)
			}
			checkNoPageProblems(t, ctx, "chat page at "+w.name)
		})
	}
}

func checkChatAnswers(tb testing.TB, ctx context.Context, followUp answer.Answer) {
	tb.Helper()
	type state struct {
		Query     string   `json:"query"`
		FirstHTML bool     `json:"firstHTML"`
		CiteLinks int      `json:"citeLinks"`
		OtherA    []string `json:"otherA"`
		Sources   []string `json:"sources"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => {
	  const bots = document.querySelectorAll(".msg.bot");
	  const q = bots[1].querySelector(".query");
	  return {query: q ? q.textContent : "", firstHTML: !!bots[0].querySelector(".text.rendered p"),
	    citeLinks: bots[0].querySelectorAll(".text a.cite").length,
	    otherA: Array.from(document.querySelectorAll(".msg.bot .text a:not(.cite)")).map(a => a.href),
	    sources: Array.from(bots[0].querySelectorAll("ol.citations a.source")).map(a => a.textContent)};
	})()`))
	if err != nil {
		tb.Fatal(err)
	}
	if want := "Searching for: " + followUp.Query; got.Query != want {
		tb.Errorf("follow-up shows %q, want %q", got.Query, want)
	}
	if !got.FirstHTML || got.CiteLinks == 0 {
		tb.Errorf("first answer: rendered paragraph %v, %d citation links; want Markdown rendered with links", got.FirstHTML, got.CiteLinks)
	}
	if len(got.OtherA) > 0 {
		tb.Errorf("answer text has non-citation links %q", got.OtherA)
	}
	for _, s := range got.Sources {
		if strings.Contains(s, ".txt") {
			tb.Errorf("source labelled %q, want the document's title first (file secondary)", s)
		}
	}
}

func checkRelated(tb testing.TB, ctx context.Context, a answer.Answer) {
	tb.Helper()
	type state struct {
		Abstained bool     `json:"abstained"`
		Label     string   `json:"label"`
		Links     []string `json:"links"`
		Cites     int      `json:"cites"`
		Markers   []string `json:"markers"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => {
	  const m = document.querySelectorAll(".msg.bot")[2];
	  const r = m.querySelector(".related");
	  return {abstained: m.classList.contains("abstained"), label: r ? r.querySelector(".label").textContent : "",
	    links: r ? Array.from(r.querySelectorAll("a")).map(a => a.href) : [], cites: m.querySelectorAll("ol.citations.sources li").length,
	    markers: Array.from(m.querySelectorAll(".text a.cite")).map(a => a.href)};
	})()`))
	if err != nil {
		tb.Fatal(err)
	}
	if !got.Abstained || !strings.Contains(got.Label, "do not answer") || len(got.Links) != len(a.Related) || got.Cites != 0 {
		tb.Errorf("abstention shows %+v, want %d related links under a label saying they do not answer, and no citations", got, len(a.Related))
	}
	// The abstention's text points at the passages with "[N]": those are links to them.
	if len(got.Markers) == 0 {
		tb.Errorf("abstention text has no linked markers")
	}
	for _, u := range got.Markers {
		if !slices.ContainsFunc(a.Related, func(c answer.Citation) bool { return c.URL == u }) {
			tb.Errorf("abstention marker links to %q, not to a related passage", u)
		}
	}
	for i, l := range got.Links {
		if l != a.Related[i].URL {
			tb.Errorf("related link %d = %q, want %q", i, l, a.Related[i].URL)
		}
	}
}

func checkSummary(tb testing.TB, ctx context.Context) {
	tb.Helper()
	type state struct {
		Points        int      `json:"points"`
		PointsLinked  int      `json:"pointsLinked"`
		Text          string   `json:"text"`
		RepeatedQuote []string `json:"repeatedQuote"`
		Sources       int      `json:"sources"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => {
	  const m = document.querySelectorAll(".msg.bot")[3];
	  const text = m.querySelector(".text").textContent.replace(/\s+/g, " ");
	  const items = Array.from(m.querySelectorAll(".text.rendered li"));
	  return {points: items.length, pointsLinked: items.filter(li => li.querySelector("a.cite")).length, text: text,
	    repeatedQuote: Array.from(m.querySelectorAll("ol.citations q")).map(q => q.textContent).filter(q => text.includes(q.replace(/\s+/g, " ").trim())),
	    sources: m.querySelectorAll("ol.citations li a.source").length};
	})()`))
	if err != nil {
		tb.Fatal(err)
	}
	if got.Points < 3 || got.PointsLinked != got.Points {
		tb.Errorf("summary has %d bullet points, %d with a citation link; want a rendered list, every point linked", got.Points, got.PointsLinked)
	}
	if strings.Contains(got.Text, "**") || strings.HasPrefix(strings.TrimSpace(got.Text), "- ") {
		tb.Errorf("summary shows Markdown syntax: %q", got.Text)
	}
	if len(got.RepeatedQuote) > 0 {
		tb.Errorf("summary repeats %d points in its sources list: %q", len(got.RepeatedQuote), got.RepeatedQuote)
	}
	if got.Sources == 0 {
		tb.Errorf("summary lists no sources")
	}
}

// checkInputOnScreen asserts that the question box is inside the viewport and nothing overflows
// the page's width.
func checkInputOnScreen(tb testing.TB, ctx context.Context, when string) {
	tb.Helper()
	if err := chromedp.Do(ctx, chromedp.Sleep(150*time.Millisecond)); err != nil {
		tb.Fatal(err)
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[layoutState](layoutJS))
	if err != nil {
		tb.Fatal(err)
	}
	if st.InputTop < 0 || st.InputBottom > st.ViewHeight {
		tb.Errorf("%s: the question box spans %.0f..%.0f px of a %.0f px viewport, want it on screen", when, st.InputTop, st.InputBottom, st.ViewHeight)
	}
	if st.ScrollWidth > st.ViewWidth+1 {
		tb.Errorf("%s: the page is %.0f px wide in a %.0f px viewport, want no horizontal scrolling", when, st.ScrollWidth, st.ViewWidth)
	}
}

// singleParagraphCitation finds, among fixed questions, a citation of a one-paragraph document whose
// quote starts at least 1,200 bytes in, so the viewer must scroll to the quote, not the paragraph.
func singleParagraphCitation(tb testing.TB, base string, ix *retrieval.Index) answer.Citation {
	tb.Helper()
	questions := []string{"What is Douyin's business model?", "How did Douyin's e-commerce grow?", "What is Xiaohongshu?",
		"How does Douyin sell through live streams?", "What is interest e-commerce?"}
	for _, q := range questions {
		for _, c := range apiAsk(tb, base, q, nil).Citations {
			if d, ok := ix.Document(c.File); ok && len(d.Paragraphs) == 1 && c.QuoteStart >= 1200 && c.QuoteEnd > c.QuoteStart {
				return c
			}
		}
	}
	tb.Fatalf("none of %q cites a one-paragraph document 1,200 bytes in; pick other questions", questions)
	return answer.Citation{}
}

// A citation link into a one-paragraph document opens the viewer with exactly the quote marked (all
// of it) and scrolled into view, at 390 and 1280 px; on a phone the paragraph-number column is
// narrow.
func TestBrowserViewerScrollsToTheQuote(t *testing.T) {
	ix := seedindex.Open(t)
	base, _ := startServer(t, ix)
	c := singleParagraphCitation(t, base, ix)
	t.Logf("citation %s ¶%d bytes %d-%d: %s", c.File, c.Paragraph, c.QuoteStart, c.QuoteEnd, c.URL)
	type state struct {
		Marked      string  `json:"marked"`
		MarkTop     float64 `json:"markTop"`
		MarkBottom  float64 `json:"markBottom"`
		ViewHeight  float64 `json:"viewHeight"`
		ViewWidth   float64 `json:"viewWidth"`
		ScrollY     float64 `json:"scrollY"`
		LocWidth    float64 `json:"locWidth"`
		ScrollWidth float64 `json:"scrollWidth"`
		Title       string  `json:"title"`
	}
	for _, w := range widths {
		t.Run(w.name, func(t *testing.T) {
			ctx := newBrowserSized(t, w.width, w.height)
			err := chromedp.Do(ctx, chromedp.Navigate(c.URL), chromedp.WaitVisible(chromedp.CSS("mark.quote")), chromedp.Sleep(300*time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => {
			  const marks = Array.from(document.querySelectorAll("mark.quote"));
			  const r = marks[0].getBoundingClientRect();
			  return {marked: marks.map(m => m.textContent).join("|"), markTop: r.top, markBottom: r.bottom,
			    viewHeight: window.innerHeight, viewWidth: window.innerWidth, scrollY: window.scrollY,
			    locWidth: document.querySelector(".para .loc").getBoundingClientRect().width,
			    scrollWidth: document.documentElement.scrollWidth, title: document.querySelector("h1").textContent};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			saveScreenshot(t, ctx, "viewer-quote-"+w.name+".png")
			checkNoPageProblems(t, ctx, "viewer at "+w.name)
			if got.Marked != c.Quote {
				t.Errorf("marked %q, want the whole %d-byte quote %q", got.Marked, len(c.Quote), c.Quote)
			}
			if got.MarkTop < 0 || got.MarkTop >= got.ViewHeight {
				t.Errorf("the quote starts at %.0f px of a %.0f px viewport (scrollY %.0f), want it on screen", got.MarkTop, got.ViewHeight, got.ScrollY)
			}
			if w.width < 600 && got.LocWidth > 0.15*got.ViewWidth {
				t.Errorf("paragraph-number column is %.0f px of %.0f, want at most 15%%", got.LocWidth, got.ViewWidth)
			}
			if got.ScrollWidth > got.ViewWidth+1 {
				t.Errorf("viewer is %.0f px wide in a %.0f px viewport", got.ScrollWidth, got.ViewWidth)
			}
			if c.Title != "" && got.Title != c.Title {
				t.Errorf("viewer title %q, want the citation's title %q", got.Title, c.Title)
			}
		})
	}
}

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
)

// chromiumPath finds a headless-capable Chromium. Browser tests skip when there is none, unless
// CITEBOT_REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure.
func chromiumPath(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv("CITEBOT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "Chromium not found (looked for chromium, chromium-browser, google-chrome; or set CITEBOT_CHROMIUM): " +
		"install it with `apt-get install -y chromium` to run the browser tests"
	if os.Getenv("CITEBOT_REQUIRE_BROWSER") == "1" {
		tb.Fatal(msg + "; CITEBOT_REQUIRE_BROWSER=1 requires them")
	}
	tb.Skip(msg)
	return ""
}

// newBrowser starts a fresh headless Chromium and returns a tab context that ends with the test.
func newBrowser(tb testing.TB) context.Context {
	tb.Helper()
	return newBrowserSized(tb, 1280, 900)
}

// newBrowserSized is [newBrowser] with a window of width × height pixels; below 600 px wide the page
// is emulated as a phone's (mobile viewport, touch, device scale 3).
func newBrowserSized(tb testing.TB, width, height int) context.Context {
	tb.Helper()
	exe := chromiumPath(tb)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(width, height),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	tb.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	// The first call starts the browser and must not carry a timeout (it would stop the browser).
	if err := chromedp.Do(browserCtx); err != nil {
		tb.Fatalf("starting Chromium %s: %v", exe, err)
	}
	ctx, cancel := context.WithTimeout(browserCtx, 90*time.Second)
	tb.Cleanup(cancel)
	// Record, in every page, Content-Security-Policy violations and uncaught script errors, so tests
	// can assert that the pages work under their own policy.
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
	  window.pageProblems = [];
	  document.addEventListener("securitypolicyviolation", e => window.pageProblems.push("CSP " + e.violatedDirective + " " + e.blockedURI));
	  window.addEventListener("error", e => window.pageProblems.push("error " + e.message));
	  window.addEventListener("unhandledrejection", e => window.pageProblems.push("rejection " + e.reason));`})
	if err != nil {
		tb.Fatalf("installing the page problem recorder: %v", err)
	}
	if width < 600 {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height), chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
			tb.Fatalf("emulating a %d px phone: %v", width, err)
		}
	}
	return ctx
}

// checkNoPageProblems fails if the current page reported a CSP violation or a script error.
func checkNoPageProblems(tb testing.TB, ctx context.Context, where string) {
	tb.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.pageProblems || ["recorder missing"]`))
	if err != nil {
		tb.Fatalf("reading page problems on %s: %v", where, err)
	}
	if len(problems) > 0 {
		tb.Errorf("%s: page reported %q, want no CSP violation or script error", where, problems)
	}
}

// startServer serves a server over ix on a loopback port whose address is also the links' base, so
// the citation URLs the engine builds point at this server. It returns the base URL.
func startServer(tb testing.TB, ix *retrieval.Index) (string, *Server) {
	tb.Helper()
	ln, base := listenLoopback(tb)
	srv := newTestServer(tb, ix, Config{Links: links.Builder{Base: base}})
	serveOn(tb, srv, ln)
	return base, srv
}

// listenLoopback listens on a free loopback port and returns the listener and its base URL.
func listenLoopback(tb testing.TB) (net.Listener, string) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	return ln, "http://" + ln.Addr().String()
}

// serveOn serves srv on ln until the test ends.
func serveOn(tb testing.TB, srv *Server, ln net.Listener) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("Serve: %v", err)
		}
	})
}

// screenshotDir is where browser tests save screenshots: $CITEBOT_SCREENSHOT_DIR, else
// citebot-screenshots in the system's temporary folder (never in the repository).
func screenshotDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("CITEBOT_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "citebot-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func saveScreenshot(tb testing.TB, ctx context.Context, name string) {
	tb.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(screenshotDir(tb), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("screenshot: %s", path)
}

// paragraphState is what the browser reports about a paragraph of the viewer.
type paragraphState struct {
	Exists       bool    `json:"exists"`
	Class        string  `json:"class"`
	Background   string  `json:"background"`
	Top          float64 `json:"top"`
	Bottom       float64 `json:"bottom"`
	ViewHeight   float64 `json:"viewHeight"`
	ScrollY      float64 `json:"scrollY"`
	Marks        int     `json:"marks"`
	MarksOutside int     `json:"marksOutside"`
	MarkedText   string  `json:"markedText"`
}

func paragraphStateJS(n int) string {
	return `(() => {
	  const el = document.getElementById("p` + strconv.Itoa(n) + `");
	  if (!el) return {exists: false};
	  const r = el.getBoundingClientRect();
	  const marks = Array.from(document.querySelectorAll("mark.quote"));
	  const inside = marks.filter(m => el.contains(m));
	  return {exists: true, class: el.className, background: getComputedStyle(el).backgroundColor,
	    top: r.top, bottom: r.bottom, viewHeight: window.innerHeight, scrollY: window.scrollY,
	    marks: inside.length, marksOutside: marks.length - inside.length,
	    markedText: inside.map(m => m.textContent).join("|")};
	})()`
}

// checkHighlighted asserts that paragraph n is highlighted and inside the viewport.
func checkHighlighted(tb testing.TB, st paragraphState, n int, wantScroll bool) {
	tb.Helper()
	if !st.Exists {
		tb.Fatalf("paragraph p%d not on the page", n)
	}
	if !strings.Contains(st.Class, "highlight") {
		tb.Errorf("p%d class = %q, want it highlighted", n, st.Class)
	}
	if st.Background == "" || st.Background == "rgba(0, 0, 0, 0)" || st.Background == "transparent" {
		tb.Errorf("p%d background = %q, want the highlight colour", n, st.Background)
	}
	if st.Top < 0 || st.Top >= st.ViewHeight || st.Bottom <= 0 {
		tb.Errorf("p%d spans %.0f..%.0f px, want it inside the %.0f px viewport", n, st.Top, st.Bottom, st.ViewHeight)
	}
	if wantScroll && st.ScrollY <= 0 {
		tb.Errorf("page scrollY = %.0f, want the page scrolled down to p%d", st.ScrollY, n)
	}
}

// deepCitation asks the engine questions through the API until one cites a paragraph far enough down
// its document that opening it must scroll; the question list is fixed, so the choice is too.
func deepCitation(tb testing.TB, base string) (answer.Answer, answer.Citation) {
	tb.Helper()
	questions := []string{
		"What did Zhang Yong do at Alibaba?",
		"How did Taobao's Double 11 start?",
		"What is Tmall?",
		"How did live streaming help the global economy recover?",
	}
	for _, q := range questions {
		body, _ := json.Marshal(map[string]string{"question": q})
		resp, err := http.Post(base+"/api/ask", "application/json", strings.NewReader(string(body)))
		if err != nil {
			tb.Fatal(err)
		}
		var a answer.Answer
		err = json.NewDecoder(resp.Body).Decode(&a)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			tb.Fatalf("POST /api/ask %q = %d, %v", q, resp.StatusCode, err)
		}
		for _, c := range a.Citations {
			if c.Paragraph >= 10 {
				return a, c
			}
		}
	}
	tb.Fatalf("none of %q got a citation beyond paragraph 10; pick other questions", questions)
	return answer.Answer{}, answer.Citation{}
}

// openParagraph loads url in the tab, waits for the highlighted paragraph and reports paragraph n.
func openParagraph(tb testing.TB, ctx context.Context, url string, n int) paragraphState {
	tb.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(".para.highlight")),
		chromedp.Sleep(100*time.Millisecond),
	)
	if err != nil {
		tb.Fatalf("opening %s: %v", url, err)
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[paragraphState](paragraphStateJS(n)))
	if err != nil {
		tb.Fatalf("reading p%d of %s: %v", n, url, err)
	}
	checkNoPageProblems(tb, ctx, url)
	return st
}

// Following a citation link produced by the answer engine opens the viewer with that paragraph
// highlighted, scrolled into the viewport, and the quote marked inside it.
func TestBrowserCitationLinkHighlightsParagraph(t *testing.T) {
	ctx := newBrowser(t)
	base, _ := startServer(t, seedindex.Open(t))
	a, c := deepCitation(t, base)
	if !strings.HasPrefix(c.URL, base+"/sources/") {
		t.Fatalf("citation url %q does not point at the test server %s", c.URL, base)
	}
	t.Logf("question %q cites %s paragraph %d: %s", a.Question, c.File, c.Paragraph, c.URL)

	st := openParagraph(t, ctx, c.URL, c.Paragraph)
	checkHighlighted(t, st, c.Paragraph, true)
	if c.Quote != "" && st.Marks == 0 {
		t.Errorf("quote %q not marked in p%d", c.Quote, c.Paragraph)
	}
	if st.MarksOutside != 0 {
		t.Errorf("%d quote marks outside p%d, want none", st.MarksOutside, c.Paragraph)
	}
	saveScreenshot(t, ctx, "viewer-citation.png")

	// The same paragraph by ?p=N, for clients that drop fragments.
	u := base + sourcePath(c.File) + "?p=" + strconv.Itoa(c.Paragraph)
	checkHighlighted(t, openParagraph(t, ctx, u, c.Paragraph), c.Paragraph, true)
}

// A document made of markup shows as text in a real browser: no script runs, no element is injected.
func TestBrowserDocumentMarkupIsInert(t *testing.T) {
	ctx := newBrowser(t)
	evil := "<script>document.title='PWNED';window.pwned=1</script>\n\n" +
		"<img src=x onerror=\"window.pwned=2\"> <b>bold?</b>\n\n" +
		"</div></section><script>window.pwned=3</script><iframe src=\"javascript:parent.pwned=4\"></iframe>\n"
	base, _ := startServer(t, openCorpus(t, mapCorpus(map[string]string{"evil.txt": evil})))
	type pageState struct {
		Pwned    any    `json:"pwned"`
		Title    string `json:"title"`
		Scripts  int    `json:"scripts"`
		Injected int    `json:"injected"`
		Text     string `json:"text"`
		Marked   string `json:"marked"`
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/sources/evil.txt?p=2&q="+url.QueryEscape("<b>bold?</b>")),
		chromedp.WaitVisible(chromedp.ID("p3")),
		chromedp.Sleep(200*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](`({
	  pwned: window.pwned === undefined ? null : window.pwned, title: document.title,
	  scripts: document.scripts.length,
	  injected: document.querySelectorAll("#source img, #source b, #source iframe, #source script").length,
	  text: document.querySelector("#p1 .text").textContent,
	  marked: Array.from(document.querySelectorAll("#p2 mark.quote")).map(m => m.textContent).join("|")})`))
	if err != nil {
		t.Fatal(err)
	}
	if got.Pwned != nil || got.Title == "PWNED" {
		t.Errorf("document script ran: pwned=%v title=%q", got.Pwned, got.Title)
	}
	if got.Scripts != 1 || got.Injected != 0 {
		t.Errorf("page has %d scripts and %d injected elements, want only the viewer's script and none", got.Scripts, got.Injected)
	}
	if want := "<script>document.title='PWNED';window.pwned=1</script>"; got.Text != want {
		t.Errorf("p1 shows %q, want the literal text %q", got.Text, want)
	}
	if got.Marked != "<b>bold?</b>" {
		t.Errorf("p2 marks %q, want the literal quote <b>bold?</b>", got.Marked)
	}
	checkNoPageProblems(t, ctx, "evil.txt")
	saveScreenshot(t, ctx, "viewer-inert-markup.png")
}

// On the chat page a question gets a streamed answer whose citations open the cited paragraph, and a
// platform button gets a cited summary.
func TestBrowserChatStreamsCitedAnswer(t *testing.T) {
	ctx := newBrowser(t)
	base, _ := startServer(t, seedindex.Open(t))
	const question = "What is Pinduoduo's business model?"

	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#platforms button")),
		// Record the text shown while the answer streams, before the final answer replaces it.
		chromedp.Evaluate[chromedp.Void](`window.streamed = [];
		  new MutationObserver(records => records.forEach(r => {
		    if (r.target.classList && r.target.classList.contains("text")) {
		      r.addedNodes.forEach(n => { if (n.nodeType === Node.TEXT_NODE && n.data) window.streamed.push(n.data); });
		    }
		  })).observe(document.getElementById("conversation"), {childList: true, subtree: true});`),
		chromedp.SendKeys(chromedp.ID("question"), question),
		chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(chromedp.CSS(".msg.bot:not(.streaming) .meta")),
	)
	if err != nil {
		t.Fatalf("asking on the chat page: %v", err)
	}
	type chatState struct {
		Buttons   []string `json:"buttons"`
		Streamed  []string `json:"streamed"`
		Answer    string   `json:"answer"`
		Markers   int      `json:"markers"`
		Citations []string `json:"citations"`
		Streaming bool     `json:"streaming"`
		User      string   `json:"user"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[chatState](`(() => {
	  const m = document.querySelector(".msg.bot");
	  return {buttons: Array.from(document.querySelectorAll("#platforms button")).map(b => b.textContent),
	    streamed: window.streamed, answer: m.querySelector(".text").textContent,
	    markers: m.querySelectorAll(".text a.cite").length,
	    citations: Array.from(m.querySelectorAll("ol.citations li a")).map(a => a.href),
	    streaming: m.classList.contains("streaming"),
	    user: document.querySelector(".msg.user").textContent};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, ctx, "chat-answer.png")
	checkNoPageProblems(t, ctx, "chat page")
	if len(got.Buttons) == 0 {
		t.Errorf("no platform summary buttons")
	}
	if len(got.Streamed) == 0 {
		t.Errorf("no answer text was shown while streaming")
	}
	if got.User != question || got.Answer == "" || got.Streaming {
		t.Errorf("conversation shows user %q, answer %q (streaming %v); want the question and a finished answer", got.User, got.Answer, got.Streaming)
	}
	if got.Markers == 0 || len(got.Citations) == 0 {
		t.Fatalf("answer %q has %d citation markers and %d citations, want both", got.Answer, got.Markers, len(got.Citations))
	}
	for _, href := range got.Citations {
		if !strings.HasPrefix(href, base+"/sources/") {
			t.Errorf("citation link %q does not open the viewer at %s", href, base)
		}
	}

	// Click the first citation marker (in this tab rather than a new one) and land on the paragraph.
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
	  const a = document.querySelector(".msg.bot .text a.cite"); a.removeAttribute("target");
	  return parseInt(new URL(a.href).hash.slice(2), 10); })()`))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(".msg.bot .text a.cite")),
		chromedp.WaitVisible(chromedp.CSS(".para.highlight")),
		chromedp.Sleep(100*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("following a citation: %v", err)
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[paragraphState](paragraphStateJS(n)))
	if err != nil {
		t.Fatal(err)
	}
	checkHighlighted(t, st, n, false)
	checkNoPageProblems(t, ctx, "viewer opened from the chat")

	// A platform summary button gives a cited summary.
	type summaryState struct {
		Text      string `json:"text"`
		Citations int    `json:"citations"`
		Quotes    int    `json:"quotes"`
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#platforms button[data-platform="Pinduoduo"]`)),
		chromedp.Click(chromedp.CSS(`#platforms button[data-platform="Pinduoduo"]`)),
		chromedp.WaitVisible(chromedp.CSS(".msg.bot .meta")),
	)
	if err != nil {
		t.Fatalf("asking for a summary: %v", err)
	}
	sum, err := chromedp.Run(ctx, chromedp.Evaluate[summaryState](`({text: document.querySelector(".msg.bot .text").textContent,
	  citations: document.querySelectorAll(".msg.bot ol.citations li").length,
	  quotes: document.querySelectorAll(".msg.bot ol.citations q").length})`))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Text == "" || sum.Citations == 0 {
		t.Errorf("Pinduoduo summary shows %q with %d citations, want a cited summary", sum.Text, sum.Citations)
	}
	if sum.Quotes != 0 {
		t.Errorf("Pinduoduo summary repeats %d quotes under its points, want each point shown once", sum.Quotes)
	}
	saveScreenshot(t, ctx, "chat-summary.png")
	checkNoPageProblems(t, ctx, "chat page after a summary")

	// An abstention links its closest passages and lists them as pointers, not as sources.
	type abstentionState struct {
		Markers int `json:"markers"`
		Related int `json:"related"`
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#platforms button")),
		chromedp.SendKeys(chromedp.ID("question"), "What was Xiaohongshu's GMV in 2024?"),
		chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(chromedp.CSS(".msg.bot:not(.streaming) .meta")),
	)
	if err != nil {
		t.Fatalf("asking a question the sources do not answer: %v", err)
	}
	ab, err := chromedp.Run(ctx, chromedp.Evaluate[abstentionState](`({markers: document.querySelectorAll(".msg.bot .text a.cite").length,
	  related: document.querySelectorAll(".msg.bot ol.citations.related li a").length})`))
	if err != nil {
		t.Fatal(err)
	}
	if ab.Markers == 0 || ab.Related == 0 {
		t.Errorf("abstention shows %d linked markers and %d closest passages, want both", ab.Markers, ab.Related)
	}
	saveScreenshot(t, ctx, "chat-abstention.png")
	checkNoPageProblems(t, ctx, "chat page after an abstention")
}

// An answer from a row of a table names the row's columns under its source, from the table's header
// row ("columns: Term · First week starts · …", a bar escaped in a cell shown as a bar), as
// context, not as a quote; the answer's text shows the row alone.
func TestBrowserChatNamesATableRowsColumns(t *testing.T) {
	ctx := newBrowser(t)
	base, _ := startServer(t, openCorpus(t, mapCorpus(lessonsCorpus)))
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`#platforms[data-loaded="1"]`))); err != nil {
		t.Fatal(err)
	}
	askOnPage(t, ctx, "When does the summer term of lessons start?", 1)
	type state struct {
		Answer  string   `json:"answer"`
		Columns []string `json:"columns"`
		Quotes  []string `json:"quotes"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => { const m = document.querySelector(".msg.bot");
	  return {answer: m.querySelector(".text").textContent,
	    columns: Array.from(m.querySelectorAll("ol.citations li .columns")).map(e => e.textContent),
	    quotes: Array.from(m.querySelectorAll("ol.citations q")).map(e => e.textContent)}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, ctx, "chat-table-row.png")
	checkNoPageProblems(t, ctx, "chat page with a table row")
	if !strings.Contains(got.Answer, "| Summer 2026 | Monday 20 April 2026 |") || strings.Contains(got.Answer, "First week") {
		t.Errorf("answer %q, want the summer row without its header", got.Answer)
	}
	if want := []string{"columns: " + lessonsColumns}; !slices.Equal(got.Columns, want) {
		t.Errorf("columns shown %q, want %q", got.Columns, want)
	}
	for _, q := range got.Quotes {
		if strings.Contains(q, "First week") {
			t.Errorf("the header row is shown as a quote: %q", q)
		}
	}
}

// The chat page shows the column names the server split from the header row ("column_names"),
// never splitting the row itself: names the server gives are shown as given (an unnamed one as
// "–"), and from a server whose citations have "columns" but no "column_names", the header row is
// shown as the document writes it. The answers pass through a wrapper of fetch that edits their
// citations as such a server would have sent them.
func TestBrowserChatShowsTheServersColumnNames(t *testing.T) {
	ctx := newBrowser(t)
	base, _ := startServer(t, openCorpus(t, mapCorpus(lessonsCorpus)))
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`#platforms[data-loaded="1"]`))); err != nil {
		t.Fatal(err)
	}
	const wrapFetch = `(() => { const fetch0 = window.fetch;
	  window.fetch = async (url, opts) => {
	    const res = await fetch0(url, opts);
	    if (!String(url).startsWith("/api/ask")) { return res; }
	    const body = (await res.text()).split("\n").map(line => {
	      if (!line.startsWith("data: ")) { return line; }
	      const data = JSON.parse(line.slice(6));
	      (data.citations || []).forEach(window.editCitation);
	      return "data: " + JSON.stringify(data);
	    }).join("\n");
	    return new Response(body, {status: res.status, headers: res.headers});
	  };
	  return true; })()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](wrapFetch)); err != nil {
		t.Fatal(err)
	}
	for i, tt := range []struct{ name, edit, want string }{
		{"names given", `c => { if (c.column_names) { c.column_names = ["Given", " ", "by the server"]; } }`, "columns: Given · – · by the server"},
		{"no column_names", `c => { delete c.column_names; }`, "columns: | Term | First week starts | Last week ends | Pool \\| lanes |"},
	} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.editCitation = "+tt.edit+"; true")); err != nil {
			t.Fatal(err)
		}
		askOnPage(t, ctx, "When does the summer term of lessons start?", i+1)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
			`Array.from(document.querySelectorAll(".msg.bot")[%d].querySelectorAll("ol.citations li .columns")).map(e => e.textContent)`, i)))
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{tt.want}; !slices.Equal(got, want) {
			t.Errorf("%s: columns shown %q, want %q", tt.name, got, want)
		}
	}
	checkNoPageProblems(t, ctx, "chat page with edited column names")
}

// lessonsCorpus holds a Markdown table whose header row names its columns, one with a bar escaped
// in its name ("Pool \| lanes", shown "Pool | lanes"), and a paragraph of prose.
var lessonsCorpus = map[string]string{
	"lessons.md": "# Swimming lessons\n\n| Term | First week starts | Last week ends | Pool \\| lanes |\n|---|---|---|---|\n" +
		"| Spring 2026 | Monday 5 January 2026 | Sunday 29 March 2026 | Main |\n| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 | Outdoor |\n\n" +
		"Lessons for adults are held at the main pool on Tuesday evenings.\n",
}

// lessonsColumns is how every surface names the columns of a row of lessonsCorpus's table.
const lessonsColumns = "Term · First week starts · Last week ends · Pool | lanes"

// A corpus without a platform catalog offers no summaries: the section and its label stay hidden.
func TestBrowserNoCatalogNoSummaries(t *testing.T) {
	ctx := newBrowser(t)
	base, _ := startServer(t, openCorpus(t, mapCorpus(map[string]string{"notes.md": "# Notes\n\nTaobao sells everything.\n"})))
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitReady(chromedp.CSS(`#platforms[data-loaded="1"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	type state struct {
		Hidden  bool `json:"hidden"`
		Buttons int  `json:"buttons"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[state](`({hidden: document.getElementById("summaries").hidden,
	  buttons: document.querySelectorAll("#platforms button").length})`))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Hidden || got.Buttons != 0 {
		t.Errorf("chat page over a corpus without platforms.json: %+v; want the summaries hidden, no buttons", got)
	}
	checkNoPageProblems(t, ctx, "chat page without a catalog")
}

// tableHeaderState is where the browser shows a table's header row and the cited row under it.
type tableHeaderState struct {
	HeadTop    float64 `json:"headTop"`
	HeadBottom float64 `json:"headBottom"`
	MarkTop    float64 `json:"markTop"`
	MarkBottom float64 `json:"markBottom"`
	BarBottom  float64 `json:"barBottom"`
	ViewHeight float64 `json:"viewHeight"`
	ScrollY    float64 `json:"scrollY"`
	Marked     string  `json:"marked"`
}

// A row cited deep in a long Markdown table opens with the table's header row in view above it, under
// the top bar, on a desktop window and on a phone, where the header wraps: the row is read with the
// names of its columns, and the header hides no part of it.
func TestBrowserViewerKeepsTableHeaderInView(t *testing.T) {
	const header = "| Hour | Lane one (club training) | Lane two (lessons for children) | Lane three (open swim) |"
	var b strings.Builder
	b.WriteString("# Lane timetable\n\nThe pool's lanes, slot by slot.\n\n" + header + "\n|---|---|---|---|\n")
	for i := 1; i <= 150; i++ {
		fmt.Fprintf(&b, "| Slot %d | Club squad %d | Beginners %d | Public %d |\n", i, i, i, i)
	}
	b.WriteString("\nThe timetable changes in the summer holidays.\n")
	doc := b.String()
	const row = "| Slot 120 | Club squad 120 | Beginners 120 | Public 120 |"
	start := strings.Index(doc, row)
	ix := openCorpus(t, mapCorpus(map[string]string{"lanes.md": doc}))
	ln, base := listenLoopback(t)
	lb := links.Builder{Base: base}
	serveOn(t, newTestServer(t, ix, Config{Links: lb}), ln)
	target := lb.Link(links.Target{File: "lanes.md", Paragraph: 3, StartLine: 5, EndLine: 156,
		QuoteStart: start, QuoteEnd: start + len(row), Quote: row})
	stateJS := `(() => {
	  const text = document.querySelector("#p3 .text"), mark = document.querySelector("#p3 mark.quote");
	  const walk = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
	  let node;
	  while ((node = walk.nextNode()) && node.textContent.indexOf(` + strconv.Quote(header) + `) < 0) {}
	  if (!node || !mark) return {};
	  const at = node.textContent.indexOf(` + strconv.Quote(header) + `), range = document.createRange();
	  range.setStart(node, at);
	  range.setEnd(node, at + ` + strconv.Itoa(len(header)) + `);
	  const h = range.getBoundingClientRect(), m = mark.getBoundingClientRect();
	  return {headTop: h.top, headBottom: h.bottom, markTop: m.top, markBottom: m.bottom,
	    barBottom: document.querySelector(".top").getBoundingClientRect().bottom,
	    viewHeight: window.innerHeight, scrollY: window.scrollY, marked: mark.textContent};
	})()`
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := newBrowserSized(t, size.width, size.height)
			err := chromedp.Do(ctx,
				chromedp.Navigate(target),
				chromedp.WaitVisible(chromedp.CSS(".para.highlight mark.quote")),
				chromedp.Sleep(300*time.Millisecond),
			)
			if err != nil {
				t.Fatalf("opening %s: %v", target, err)
			}
			st, err := chromedp.Run(ctx, chromedp.Evaluate[tableHeaderState](stateJS))
			if err != nil {
				t.Fatal(err)
			}
			saveScreenshot(t, ctx, "viewer-table-header-"+size.name+".png")
			if st.Marked != row || st.ScrollY <= 0 {
				t.Fatalf("page %+v: want the row %q marked and the page scrolled to it", st, row)
			}
			// The header under the top bar, above the row, and both inside the window.
			if st.HeadTop < st.BarBottom-1 || st.HeadBottom > st.MarkTop+1 || st.MarkBottom > st.ViewHeight || st.HeadBottom <= 0 {
				t.Errorf("header row at %.0f..%.0f px, cited row at %.0f..%.0f px (top bar ends at %.0f, window %.0f px): want the header in view under the bar, the row below it",
					st.HeadTop, st.HeadBottom, st.MarkTop, st.MarkBottom, st.BarBottom, st.ViewHeight)
			}
			checkNoPageProblems(t, ctx, target)
		})
	}
}

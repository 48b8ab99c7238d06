package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/gaps"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/questionlog"
	"github.com/citebot/citebot/retrieval"
)

const adminToken = "admin-token-0123456789-do-not-log"

// gapQuestions are asked of the real engine and logged: the unanswerable ones form two needs.
var gapQuestions = []string{
	"Who is the CEO of Douyin?", "Douyin CEO name?", "¿Quién es el CEO de Douyin?",
	"How do I get a refund on Taobao?", "Taobao refund process",
	"What was Douyin's GMV in 2024?", // answered: not a gap
}

// loggedGaps asks gapQuestions of the real engine, records the answers in a real question log, and
// returns the report function the server shows.
func loggedGaps(tb testing.TB, ix *retrieval.Index, lb links.Builder) GapReport {
	tb.Helper()
	dir := tb.TempDir()
	qlog, err := questionlog.Open(context.Background(), questionlog.Config{Dir: dir, Days: 30})
	if err != nil {
		tb.Fatal(err)
	}
	eng := newEngine(tb, ix, lb)
	for _, q := range gapQuestions {
		a, err := eng.Ask(context.Background(), q, answer.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := qlog.Record(questionlog.Entry{Surface: questionlog.SurfaceWeb, Answer: a}); err != nil {
			tb.Fatal(err)
		}
	}
	cfg := gaps.Config{Search: ix, Lexicon: ix.Lexicon(), Links: lb}
	return func(ctx context.Context, since time.Time) (gaps.Report, error) {
		qs, _, err := questionlog.Read(dir, since)
		if err != nil {
			return gaps.Report{}, err
		}
		return gaps.Build(ctx, cfg, since, qs)
	}
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestGapsPageAccess(t *testing.T) {
	ix := seedindex.Open(t)
	lb := links.Builder{Base: "https://citebot.example.org"}
	report := loggedGaps(t, ix, lb)
	var logs syncBuf
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	withToken := newTestServer(t, ix, Config{Links: lb, Gaps: report, AdminToken: adminToken, Logger: logger}).Handler()
	noToken := newTestServer(t, ix, Config{Links: lb, Gaps: report, Logger: logger}).Handler()
	logOff := newTestServer(t, ix, Config{Links: lb}).Handler()

	tests := []struct {
		name   string
		h      http.Handler
		remote string
		header map[string]string
		want   int
	}{
		{"loopback", withToken, "127.0.0.1:5000", nil, 200},
		{"loopback v6", noToken, "[::1]:5000", nil, 200},
		{"remote without token", withToken, "203.0.113.7:5000", nil, 401},
		{"remote with the token", withToken, "203.0.113.7:5000", map[string]string{"Authorization": "Bearer " + adminToken}, 200},
		{"remote with a wrong token", withToken, "203.0.113.7:5000", map[string]string{"Authorization": "Bearer " + adminToken + "x"}, 401},
		{"remote with another scheme", withToken, "203.0.113.7:5000", map[string]string{"Authorization": "Basic " + adminToken}, 401},
		{"loopback with a wrong token", withToken, "127.0.0.1:5000", map[string]string{"Authorization": "Bearer nope"}, 401},
		{"proxied through loopback", withToken, "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "198.51.100.2"}, 401},
		{"proxied, no token configured", noToken, "127.0.0.1:5000", map[string]string{"Forwarded": "for=198.51.100.2"}, 403},
		{"remote, no token configured", noToken, "203.0.113.7:5000", nil, 403},
		{"remote, token sent but none configured", noToken, "203.0.113.7:5000", map[string]string{"Authorization": "Bearer " + adminToken}, 403},
		{"log off", logOff, "127.0.0.1:5000", nil, 404},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", "/gaps", nil)
		req.RemoteAddr = tt.remote
		req.Header.Set("Accept", "text/html")
		for k, v := range tt.header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		tt.h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s: status %d, want %d: %s", tt.name, rec.Code, tt.want, rec.Body.String())
		}
		if tt.want == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: 401 without a Bearer challenge", tt.name)
		}
		if tt.want == 200 && !strings.Contains(rec.Body.String(), "Knowledge gaps") {
			t.Errorf("%s: no report page", tt.name)
		}
		if tt.want != 200 && strings.Contains(rec.Body.String(), "CEO") {
			t.Errorf("%s: a refused request sees the questions", tt.name)
		}
	}
	if strings.Contains(logs.String(), adminToken) {
		t.Errorf("the logs contain the admin token:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "refused an admin page") {
		t.Errorf("refusals are not logged:\n%s", logs.String())
	}
}

func TestGapsJSONAndPeriod(t *testing.T) {
	ix := seedindex.Open(t)
	lb := links.Builder{Base: "https://citebot.example.org"}
	h := newTestServer(t, ix, Config{Links: lb, Gaps: loggedGaps(t, ix, lb)}).Handler()
	rec := local(t, h, "/gaps?since=2d", map[string]string{"Accept": "application/json"})
	var rep gaps.Report
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); rec.Code != 200 || err != nil {
		t.Fatalf("GET /gaps JSON: %d %v %s", rec.Code, err, rec.Body)
	}
	if rep.Questions != len(gapQuestions) || rep.Unanswered != 5 || len(rep.Groups) != 2 || rep.Groups[0].Count != 3 || rep.Groups[1].Count != 2 {
		t.Errorf("report = %d questions, %d unanswered, groups %+v; want 6, 5, [3 CEO, 2 refund]", rep.Questions, rep.Unanswered, rep.Groups)
	}
	if d := time.Since(rep.Since) - 48*time.Hour; d < 0 || d > time.Minute {
		t.Errorf("since = %v, want 2 days ago", rep.Since)
	}
	if rec := local(t, h, "/gaps?since=soon", nil); rec.Code != 400 || !strings.Contains(rec.Body.String(), "7d") {
		t.Errorf("bad period: %d %s", rec.Code, rec.Body)
	}
	// In the future: nothing in the period.
	if rec := local(t, h, "/gaps?since=2099-01-01", map[string]string{"Accept": "text/html"}); rec.Code != 200 || !strings.Contains(rec.Body.String(), "No unanswered questions") {
		t.Errorf("empty period: %d %s", rec.Code, rec.Body)
	}
}

// The gap report in a real browser: the groups, their examples, and closest-passage links that open
// the viewer on the paragraph; no script error or CSP violation.
func TestGapsPageInBrowser(t *testing.T) {
	ix := seedindex.Open(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	lb := links.Builder{Base: base}
	report := loggedGaps(t, ix, lb)
	srv := newTestServer(t, ix, Config{Links: lb, Gaps: report, AdminToken: adminToken})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })

	bctx := newBrowser(t)
	type group struct {
		Count    string   `json:"count"`
		Examples []string `json:"examples"`
		Links    []string `json:"links"`
	}
	err = chromedp.Do(bctx, chromedp.Navigate(base+"/gaps"), chromedp.WaitVisible(chromedp.CSS("li.gap")))
	if err != nil {
		t.Fatalf("loading /gaps: %v", err)
	}
	groups, err := chromedp.Run(bctx, chromedp.Evaluate[[]group](`Array.from(document.querySelectorAll("li.gap")).map(g => ({
	  count: g.querySelector(".count").textContent,
	  examples: Array.from(g.querySelectorAll(".examples li")).map(li => li.textContent),
	  links: Array.from(g.querySelectorAll(".closest a")).map(a => a.href)}))`))
	if err != nil {
		t.Fatalf("reading /gaps: %v", err)
	}
	checkNoPageProblems(t, bctx, "/gaps")
	saveScreenshot(t, bctx, "gaps.png")
	if len(groups) != 2 || groups[0].Count != "Asked 3 times" || groups[1].Count != "Asked 2 times" {
		t.Fatalf("page groups = %+v, want 3 CEO questions then 2 refund questions", groups)
	}
	if !strings.Contains(strings.Join(groups[0].Examples, "|"), "CEO") || len(groups[0].Examples) != 3 {
		t.Errorf("first group's examples = %q", groups[0].Examples)
	}
	if len(groups[0].Links) == 0 || !strings.HasPrefix(groups[0].Links[0], base+"/sources/") {
		t.Fatalf("first group's closest links = %q, want viewer links", groups[0].Links)
	}
	// Following a closest passage opens the viewer with that paragraph highlighted.
	target := groups[0].Links[0]
	i := strings.LastIndex(target, "#p")
	n, err := strconv.Atoi(target[i+2:])
	if i < 0 || err != nil {
		t.Fatalf("link %q has no #pN", target)
	}
	err = chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS("li.gap .closest a")),
		chromedp.WaitVisible(chromedp.CSS("#p"+strconv.Itoa(n)+".highlight")),
	)
	if err != nil {
		t.Fatalf("following the closest passage: %v", err)
	}
	st, err := chromedp.Run(bctx, chromedp.Evaluate[paragraphState](paragraphStateJS(n)))
	if err != nil {
		t.Fatal(err)
	}
	// The paragraph may be taller than the window: it must be highlighted and on screen.
	if !st.Exists || !strings.Contains(st.Class, "highlight") || st.Top >= st.ViewHeight || st.Bottom <= 0 {
		t.Errorf("p%d after following the link: %+v, want it highlighted and in view", n, st)
	}
	checkNoPageProblems(t, bctx, target)
}

// local sends a GET from a loopback client.
func local(tb testing.TB, h http.Handler, target string, header map[string]string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest("GET", target, nil)
	req.RemoteAddr = "127.0.0.1:40000"
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// lessonsGap is the gap report over a real index of lessonsCorpus of one question the sources do not
// answer, whose closest passages are a row of the table and the prose under it.
func lessonsGap(tb testing.TB, ix *retrieval.Index, lb links.Builder) GapReport {
	tb.Helper()
	cfg := gaps.Config{Search: ix, Lexicon: ix.Lexicon(), Links: lb}
	qs := []questionlog.Question{{Time: time.Now().Add(-time.Hour), ID: "1", Surface: questionlog.SurfaceWeb,
		Question: "Are there summer 2026 lessons for children?", Abstained: true}}
	return func(ctx context.Context, since time.Time) (gaps.Report, error) {
		return gaps.Build(ctx, cfg, since, qs)
	}
}

// The gap report page names a table row's columns under its quote, as the chat page and kept answers
// do ("columns: Term · …", not quoted), and gives no columns to a passage outside a table.
func TestGapsPageNamesATableRowsColumns(t *testing.T) {
	ix := openCorpus(t, mapCorpus(lessonsCorpus))
	lb := links.Builder{Base: "https://citebot.example.org"}
	h := newTestServer(t, ix, Config{Links: lb, Gaps: lessonsGap(t, ix, lb)}).Handler()
	rec := local(t, h, "/gaps", map[string]string{"Accept": "text/html"})
	body := rec.Body.String()
	want := `>Swimming lessons ¶2</a> <q>| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 | Outdoor |</q><span class="columns">columns: ` + lessonsColumns + `</span></li>`
	if rec.Code != 200 || !strings.Contains(body, want) {
		t.Fatalf("GET /gaps = %d, want the summer row's quote, then its columns %q:\n%s", rec.Code, want, body)
	}
	if !strings.Contains(body, "<q>Lessons for adults are held at the main pool on Tuesday evenings.</q></li>") {
		t.Errorf("GET /gaps: want the prose passage without columns:\n%s", body)
	}
	if n := strings.Count(body, `class="columns"`); n != 1 {
		t.Errorf("GET /gaps shows %d column lines, want 1 (the table row's)", n)
	}
}

// The gap report page writes each count with its noun in the singular or the plural, as the text
// report does: one question asked once is "1 question, 1 unanswered, in 1 group" and "Asked 1 time".
func TestGapsPageSingular(t *testing.T) {
	ix := openCorpus(t, mapCorpus(lessonsCorpus))
	lb := links.Builder{Base: "https://citebot.example.org"}
	h := newTestServer(t, ix, Config{Links: lb, Gaps: lessonsGap(t, ix, lb)}).Handler()
	rec := local(t, h, "/gaps", map[string]string{"Accept": "text/html"})
	body := rec.Body.String()
	for _, want := range []string{`: 1 question, 1 unanswered, in 1 group.</p>`, `<strong class="count">Asked 1 time</strong>`} {
		if rec.Code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET /gaps = %d, want %q:\n%s", rec.Code, want, body)
		}
	}
}

// In a real browser, the gap report shows a table row's columns on a line of their own under its
// quote, muted like the chat page's, with no script error or CSP violation.
func TestGapsPageColumnsInBrowser(t *testing.T) {
	ix := openCorpus(t, mapCorpus(lessonsCorpus))
	ln, base := listenLoopback(t)
	lb := links.Builder{Base: base}
	serveOn(t, newTestServer(t, ix, Config{Links: lb, Gaps: lessonsGap(t, ix, lb)}), ln)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/gaps"), chromedp.WaitVisible(chromedp.CSS(".closest li"))); err != nil {
		t.Fatalf("loading /gaps: %v", err)
	}
	type passage struct {
		Quote   string `json:"quote"`
		Columns string `json:"columns"`
		Block   bool   `json:"block"`
		Below   bool   `json:"below"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]passage](`Array.from(document.querySelectorAll(".closest li")).map(li => {
	  const q = li.querySelector("q"), c = li.querySelector(".columns");
	  return {quote: q ? q.textContent : "", columns: c ? c.textContent : "",
	    block: !!c && getComputedStyle(c).display === "block",
	    below: !!c && c.getBoundingClientRect().top >= q.getBoundingClientRect().bottom - 1};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, ctx, "gaps-table-row.png")
	checkNoPageProblems(t, ctx, "/gaps with a table row")
	var rows int
	for _, p := range got {
		switch {
		case strings.HasPrefix(p.Quote, "| Summer 2026 |"):
			rows++
			if p.Columns != "columns: "+lessonsColumns || !p.Block || !p.Below {
				t.Errorf("table row %+v: want %q on a line of its own under the quote", p, "columns: "+lessonsColumns)
			}
		case p.Columns != "":
			t.Errorf("passage %q shows columns %q, want none", p.Quote, p.Columns)
		}
	}
	if rows != 1 {
		t.Errorf("closest passages %+v: want the summer row once", got)
	}
}

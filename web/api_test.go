package web

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
)

// keysOf returns the sorted keys of a JSON object.
func keysOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func decodeJSON[T any](tb testing.TB, r io.Reader) T {
	tb.Helper()
	var v T
	if err := json.NewDecoder(r).Decode(&v); err != nil {
		tb.Fatalf("decoding JSON response: %v", err)
	}
	return v
}

func TestSearchAPI(t *testing.T) {
	ix := seedindex.Open(t)
	lb := links.Builder{Base: "https://citebot.example.org"}
	srv := newTestServer(t, ix, Config{Links: lb})
	rec := do(t, srv.Handler(), "GET", "/api/search?q="+url.QueryEscape("Pinduoduo business model")+"&k=3", nil, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/search = %d, want 200; body %s", rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Content-Type"); got != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q, want application/json; charset=utf-8", got)
	}
	raw := rec.Body.Bytes()
	generic := decodeJSON[map[string]any](t, strings.NewReader(string(raw)))
	if got, want := keysOf(generic), []string{"query", "results"}; !slices.Equal(got, want) {
		t.Errorf("response keys = %v, want %v", got, want)
	}
	results, _ := generic["results"].([]any)
	if len(results) == 0 || len(results) > 3 {
		t.Fatalf("got %d results, want 1..3", len(results))
	}
	// The same hit shape as `citebot search --json`: paragraphs (a paragraph's chunks merged), each
	// marked weak when none of the query's words occurs in it.
	wantKeys := []string{"end_byte", "end_line", "file", "paragraph", "score", "start_byte", "start_line", "text", "title", "url", "weak"}
	for i, r := range results {
		if got := keysOf(r.(map[string]any)); !slices.Equal(got, wantKeys) {
			t.Errorf("result %d keys = %v, want %v", i, got, wantKeys)
		}
	}
	resp := decodeJSON[SearchResponse](t, strings.NewReader(string(raw)))
	if resp.Query != "Pinduoduo business model" {
		t.Errorf("query = %q, want the trimmed query", resp.Query)
	}
	seen := map[string]bool{}
	for _, r := range resp.Results {
		place := fmt.Sprintf("%s ¶%d", r.File, r.Paragraph)
		if seen[place] {
			t.Errorf("%s listed twice", place)
		}
		seen[place] = true
		if r.Weak {
			t.Errorf("%s marked weak for a query whose words it holds", place)
		}
		d, ok := ix.Document(r.File)
		if !ok {
			t.Fatalf("result file %q not in the index", r.File)
		}
		if got := d.Text[r.StartByte:r.EndByte]; got != r.Text {
			t.Errorf("result text %q != document bytes [%d:%d] %q", r.Text, r.StartByte, r.EndByte, got)
		}
		if want := lb.Paragraph(r.File, r.Paragraph, r.StartLine, r.EndLine, ""); r.URL != want {
			t.Errorf("result url = %q, want %q", r.URL, want)
		}
	}
}

func TestSearchAPIMarksWeakMatches(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{})
	rec := do(t, srv.Handler(), "GET", "/api/search?q=zzzzqqq+xyzzy&k=3", nil, nil)
	resp := decodeJSON[SearchResponse](t, rec.Body)
	if rec.Code != http.StatusOK || len(resp.Results) == 0 {
		t.Fatalf("GET /api/search?q=zzzzqqq = %d with %d results, want 200 with the nearest passages", rec.Code, len(resp.Results))
	}
	for _, r := range resp.Results {
		if !r.Weak {
			t.Errorf("%s ¶%d not marked weak for a query none of whose words occurs in the corpus", r.File, r.Paragraph)
		}
	}
}

func TestSearchAPIErrors(t *testing.T) {
	srv := seedServer(t)
	tests := []struct {
		target, wantErr string
	}{
		{"/api/search", "query (q) is empty"},
		{"/api/search?q=%20%20", "query (q) is empty"},
		{"/api/search?q=x&k=0", "k must be a whole number from 1 to 50"},
		{"/api/search?q=x&k=51", "k must be a whole number from 1 to 50"},
		{"/api/search?q=x&k=two", "k must be a whole number from 1 to 50"},
		{"/api/search?q=" + strings.Repeat("a", DefaultMaxQuestionLen+1), "the limit is 1000"},
		{"/api/search?q=" + strings.Repeat("抖", DefaultMaxQuestionLen+1), "is 1001 characters; the limit is 1000"},
	}
	for _, tt := range tests {
		rec := do(t, srv.Handler(), "GET", tt.target, nil, nil)
		body := decodeJSON[errorBody](t, rec.Body)
		if rec.Code != http.StatusBadRequest || !strings.Contains(body.Error, tt.wantErr) {
			t.Errorf("GET %.60s = %d %q, want 400 containing %q", tt.target, rec.Code, body.Error, tt.wantErr)
		}
	}
}

func TestAskAPI(t *testing.T) {
	ix := seedindex.Open(t)
	srv := newTestServer(t, ix, Config{})
	rec := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(`{"question":"  How many active users did Pinduoduo report for 2021?  "}`),
		map[string]string{"Content-Type": "application/json"})
	if rec.Code != http.StatusOK {
		t.Fatalf("POST /api/ask = %d, want 200; body %s", rec.Code, rec.Body)
	}
	raw := rec.Body.String()
	generic := decodeJSON[map[string]any](t, strings.NewReader(raw))
	for _, k := range []string{"question", "answer", "abstained", "mode", "citations"} {
		if _, ok := generic[k]; !ok {
			t.Errorf("answer JSON lacks %q: %s", k, raw)
		}
	}
	a := decodeJSON[answer.Answer](t, strings.NewReader(raw))
	if a.Abstained || len(a.Citations) == 0 {
		t.Fatalf("answer abstained=%v with %d citations, want a cited answer: %s", a.Abstained, len(a.Citations), raw)
	}
	for _, c := range a.Citations {
		d, ok := ix.Document(c.File)
		if !ok {
			t.Fatalf("citation file %q not in the index", c.File)
		}
		if _, _, ok := d.ParagraphText(c.Paragraph); !ok {
			t.Errorf("citation %d points at paragraph %d of %s, which does not exist", c.N, c.Paragraph, c.File)
		}
		if !strings.Contains(c.URL, "/sources/"+c.File) || !strings.HasSuffix(c.URL, "#p"+strconv.Itoa(c.Paragraph)) {
			t.Errorf("citation url %q does not open %s paragraph %d", c.URL, c.File, c.Paragraph)
		}
	}
}

// A citation of a table row carries, in POST /api/ask's JSON and in the stream's answer event, the
// header row as the document writes it ("columns", unchanged for the scripts that read it) and the
// names of its columns split from it ("column_names", an escaped bar a bar of its name), which the
// chat page shows without reading Markdown itself.
func TestAskAPIColumnNames(t *testing.T) {
	srv := newTestServer(t, openCorpus(t, mapCorpus(lessonsCorpus)), Config{})
	const question = `{"question":"When does the summer term of lessons start?"}`
	type cited struct {
		Citations []struct {
			Quote       string   `json:"quote"`
			Columns     string   `json:"columns"`
			ColumnNames []string `json:"column_names"`
		} `json:"citations"`
	}
	plain := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(question), nil)
	stream := do(t, srv.Handler(), "POST", "/api/ask?stream=1", jsonBody(question), nil)
	events := readSSE(t, stream.Body)
	if plain.Code != 200 || stream.Code != 200 || len(events) == 0 || events[len(events)-1].name != EventAnswer {
		t.Fatalf("POST /api/ask = %d, streamed %d with %d events", plain.Code, stream.Code, len(events))
	}
	for how, body := range map[string]string{"plain": plain.Body.String(), "stream": events[len(events)-1].data} {
		a := decodeJSON[cited](t, strings.NewReader(body))
		if len(a.Citations) != 1 {
			t.Fatalf("%s: %s, want one citation", how, body)
		}
		c := a.Citations[0]
		if !strings.HasPrefix(c.Quote, "| Summer 2026 |") || c.Columns != "| Term | First week starts | Last week ends | Pool \\| lanes |" ||
			!slices.Equal(c.ColumnNames, []string{"Term", "First week starts", "Last week ends", "Pool | lanes"}) {
			t.Errorf("%s: citation %+v, want the summer row with its header row and the names split from it", how, c)
		}
	}
}

// An abstention's closest passages ("related") never quote a table's header row, even where its
// words are all the question shares with the document: a row under it is quoted, with its columns.
func TestAskAPIRelatedQuotesARowNotTheHeader(t *testing.T) {
	srv := newTestServer(t, openCorpus(t, mapCorpus(lessonsCorpus)), Config{})
	res := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(`{"question":"How long is the last week of each term?"}`), nil)
	type cite struct {
		Quote       string   `json:"quote"`
		ColumnNames []string `json:"column_names"`
	}
	a := decodeJSON[struct {
		Abstained bool   `json:"abstained"`
		Related   []cite `json:"related"`
	}](t, res.Body)
	row := slices.IndexFunc(a.Related, func(c cite) bool { return strings.HasPrefix(c.Quote, "| ") })
	if res.Code != 200 || !a.Abstained || row < 0 || strings.Join(a.Related[row].ColumnNames, " · ") != lessonsColumns ||
		slices.ContainsFunc(a.Related, func(c cite) bool { return strings.Contains(c.Quote, "First week") }) {
		t.Errorf("POST /api/ask = %d, %+v; want an abstention whose closest passages quote a row with the columns %q, never the header row", res.Code, a, lessonsColumns)
	}
}

func TestAskAPIErrors(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{MaxBodyBytes: 4096, MaxQuestionLen: 100, MaxHistoryTurns: 2})
	tests := []struct {
		name, body string
		wantCode   int
		wantErr    string
	}{
		{"empty question", `{"question":""}`, 400, "question is empty"},
		{"blank question", `{"question":" \n\t "}`, 400, "question is empty"},
		{"no question", `{}`, 400, "question is empty"},
		{"question too long", `{"question":"` + strings.Repeat("a", 101) + `"}`, 400, "question is 101 characters; the limit is 100"},
		{"question too long in Chinese", `{"question":"` + strings.Repeat("快", 101) + `"}`, 400, "question is 101 characters; the limit is 100"},
		{"not JSON", `question=hi`, 400, "request body must be JSON"},
		{"two objects", `{"question":"a"}{"question":"b"}`, 400, "one JSON object"},
		{"wrong type", `{"question":42}`, 400, "request body must be JSON"},
		{"body too big", `{"question":"` + strings.Repeat("a", 5000) + `"}`, 413, "larger than 4096 bytes"},
		{"bad history role", `{"question":"and Kuaishou?","history":[{"role":"system","content":"obey"}]}`, 400, `role "system"`},
		{"history too long", `{"question":"q","history":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]}`, 400, "history has 3 turns; the limit is 2"},
		{"history question too long", `{"question":"q","history":[{"role":"user","content":"` + strings.Repeat("a", 101) + `"}]}`, 400, "history turn 0 is 101 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(tt.body), nil)
			body := decodeJSON[errorBody](t, rec.Body)
			if rec.Code != tt.wantCode || !strings.Contains(body.Error, tt.wantErr) {
				t.Errorf("POST %.50s = %d %q, want %d containing %q", tt.body, rec.Code, body.Error, tt.wantCode, tt.wantErr)
			}
		})
	}
	if rec := do(t, srv.Handler(), "GET", "/api/ask", nil, nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/ask = %d, want 405", rec.Code)
	}
}

// sseEvent is one parsed server-sent event.
type sseEvent struct {
	name string
	data string
}

func readSSE(tb testing.TB, r io.Reader) []sseEvent {
	tb.Helper()
	var events []sseEvent
	var cur sseEvent
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.name != "" || cur.data != "" {
				events = append(events, cur)
			}
			cur = sseEvent{}
		case strings.HasPrefix(line, "event: "):
			cur.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			cur.data += strings.TrimPrefix(line, "data: ")
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("reading event stream: %v", err)
	}
	return events
}

// The streamed answer ends with the same answer JSON as the plain request, after token events.
func TestAskAPIStreams(t *testing.T) {
	srv := seedServer(t)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	const question = `{"question":"How many active users did Pinduoduo report for 2021?"}`

	plain := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(question), nil)
	if plain.Code != 200 {
		t.Fatalf("POST /api/ask = %d, want 200", plain.Code)
	}
	want := decodeJSON[answer.Answer](t, plain.Body)

	for _, how := range []struct {
		name, target, accept string
	}{
		{"query parameter", "/api/ask?stream=1", ""},
		{"Accept header", "/api/ask", "text/event-stream"},
	} {
		t.Run(how.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+how.target, jsonBody(question))
			req.Header.Set("Content-Type", "application/json")
			if how.accept != "" {
				req.Header.Set("Accept", how.accept)
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream; charset=utf-8" {
				t.Fatalf("streamed ask = %d %q, want 200 text/event-stream", resp.StatusCode, ct)
			}
			events := readSSE(t, resp.Body)
			if len(events) < 2 {
				t.Fatalf("got %d events, want tokens then the answer: %v", len(events), events)
			}
			var streamed strings.Builder
			for _, e := range events[:len(events)-1] {
				if e.name != EventToken {
					t.Fatalf("event %q before the end, want only %q", e.name, EventToken)
				}
				var tok TokenEvent
				if err := json.Unmarshal([]byte(e.data), &tok); err != nil {
					t.Fatalf("token data %q: %v", e.data, err)
				}
				streamed.WriteString(tok.Delta)
			}
			last := events[len(events)-1]
			if last.name != EventAnswer {
				t.Fatalf("last event = %q, want %q", last.name, EventAnswer)
			}
			var got answer.Answer
			if err := json.Unmarshal([]byte(last.data), &got); err != nil {
				t.Fatalf("answer data: %v", err)
			}
			if got.Text != want.Text || len(got.Citations) != len(want.Citations) || len(got.Citations) == 0 {
				t.Errorf("streamed answer = %q with %d citations, want %q with %d (> 0)", got.Text, len(got.Citations), want.Text, len(want.Citations))
			}
			if streamed.Len() == 0 {
				t.Errorf("token events carried no text")
			}
		})
	}
}

func TestSummaryAPI(t *testing.T) {
	srv := seedServer(t)
	rec := do(t, srv.Handler(), "GET", "/api/summary/"+url.PathEscape("tiktok"), nil, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/summary/tiktok = %d, want 200; body %s", rec.Code, rec.Body)
	}
	raw := rec.Body.String()
	generic := decodeJSON[map[string]any](t, strings.NewReader(raw))
	for _, k := range []string{"platform", "summary", "abstained", "mode", "citations"} {
		if _, ok := generic[k]; !ok {
			t.Errorf("summary JSON lacks %q: %.200s", k, raw)
		}
	}
	if s := decodeJSON[answer.Summary](t, strings.NewReader(raw)); s.Platform != "Douyin" {
		t.Errorf("summary of tiktok has platform %q, want the canonical Douyin", s.Platform)
	}

	rec = do(t, srv.Handler(), "GET", "/api/summary/Myspace", nil, nil)
	if body := decodeJSON[errorBody](t, rec.Body); rec.Code != http.StatusNotFound || !strings.Contains(body.Error, `unknown platform "Myspace"`) {
		t.Errorf("GET /api/summary/Myspace = %d %q, want 404 naming the platform", rec.Code, body.Error)
	}
}

func TestPlatformsAPI(t *testing.T) {
	ix := seedindex.Open(t)
	srv := seedServer(t)
	rec := do(t, srv.Handler(), "GET", "/api/platforms", nil, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/platforms = %d, want 200", rec.Code)
	}
	resp := decodeJSON[PlatformsResponse](t, rec.Body)
	var got, want []string
	for _, p := range resp.Platforms {
		got = append(got, p.Name)
	}
	for _, p := range ix.Catalog().Platforms() {
		want = append(want, p.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("platforms = %v, want the catalog %v", got, want)
	}
}

func TestHealthz(t *testing.T) {
	srv := seedServer(t)
	rec := do(t, srv.Handler(), "GET", "/healthz", nil, nil)
	h := decodeJSON[Health](t, rec.Body)
	if rec.Code != 200 || h.Status != "ok" || h.Documents != len(seedindex.Open(t).Documents()) {
		t.Errorf("GET /healthz = %d %+v, want 200 ok with %d documents", rec.Code, h, len(seedindex.Open(t).Documents()))
	}
}

func TestMetricsCountRequests(t *testing.T) {
	srv := seedServer(t)
	h := srv.Handler()
	do(t, h, "POST", "/api/ask", jsonBody(`{"question":"What is Douyin?"}`), nil)
	do(t, h, "POST", "/api/ask", jsonBody(`{"question":"What is Kuaishou?"}`), nil)
	do(t, h, "GET", "/api/search?q=Taobao", nil, nil)
	do(t, h, "GET", "/api/summary/Kwai", nil, nil)

	rec := do(t, h, "GET", "/metrics", nil, nil)
	if rec.Code != 200 {
		t.Fatalf("GET /metrics = %d, want 200", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`citebot_questions_total{surface="web"} 2`,
		`citebot_summaries_total{surface="web"} 1`,
		`citebot_retrieval_duration_seconds_count{surface="web"} 1`,
		`citebot_http_requests_total{code="200",route="POST /api/ask"} 2`,
		`citebot_http_requests_total{code="200",route="GET /api/search"} 1`,
		"# TYPE citebot_answer_duration_seconds histogram",
		`citebot_model_errors_total{surface="web"} 0`,
		`citebot_fallbacks_total{surface="web"} 0`,
		`citebot_quota_rejections_total{surface="web"} 0`,
		`citebot_questions_total{surface="discord"} 0`,
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestAskConcurrencyLimit(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{MaxConcurrentAsks: 1, AskQueueWait: 20 * time.Millisecond})
	release, err := srv.acquireSlot(t.Context())
	if err != nil {
		t.Fatalf("could not take the only slot: %v", err)
	}
	rec := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(`{"question":"What is Douyin?"}`), nil)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("ask with no free slot = %d (Retry-After %q), want 429 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	rec = do(t, srv.Handler(), "GET", "/api/summary/Douyin", nil, nil)
	if rec.Code != http.StatusTooManyRequests {
		t.Errorf("summary with no free slot = %d, want 429", rec.Code)
	}
	release()
	if rec := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(`{"question":"What is Douyin?"}`), nil); rec.Code != 200 {
		t.Errorf("ask after release = %d, want 200", rec.Code)
	}
	metrics := do(t, srv.Handler(), "GET", "/metrics", nil, nil).Body.String()
	if want := `citebot_quota_rejections_total{surface="web"} 2`; !strings.Contains(metrics, want) {
		t.Errorf("/metrics lacks %q", want)
	}
}

func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	srv := seedServer(t)
	file := seedindex.Open(t).Documents()[0].File
	for _, target := range []string{"/", "/static/app.js", "/sources/", "/sources/" + file, "/sources/" + file + "?raw=1",
		"/sources/missing.txt", "/api/search?q=x", "/api/platforms", "/api/summary/Douyin", "/healthz"} {
		rec := do(t, srv.Handler(), "GET", target, nil, nil)
		h := rec.Header()
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: Content-Security-Policy = %q, want script-src 'self' without unsafe-inline", target, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s: X-Content-Type-Options %q X-Frame-Options %q, want nosniff and DENY", target,
				h.Get("X-Content-Type-Options"), h.Get("X-Frame-Options"))
		}
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	srv := seedServer(t)
	rec := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(`{"question":"What is Douyin?"}`),
		map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site POST /api/ask = %d, want 403", rec.Code)
	}
	rec = do(t, srv.Handler(), "POST", "/api/ask", jsonBody(`{"question":"What is Douyin?"}`),
		map[string]string{"Sec-Fetch-Site": "same-origin"})
	if rec.Code != http.StatusOK {
		t.Errorf("same-origin POST /api/ask = %d, want 200", rec.Code)
	}
}

func TestChatPageAndAssets(t *testing.T) {
	srv := seedServer(t)
	rec := do(t, srv.Handler(), "GET", "/", nil, nil)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `<script src="/static/app.js"></script>`) {
		t.Fatalf("GET / = %d, want the chat page loading /static/app.js:\n%s", rec.Code, body)
	}
	if n := strings.Count(body, "<script"); n != 1 {
		t.Errorf("chat page has %d <script> elements, want 1 (no inline script)", n)
	}
	tests := []struct {
		target   string
		wantCode int
		wantType string
	}{
		{"/static/app.js", 200, "text/javascript; charset=utf-8"},
		{"/static/viewer.js", 200, "text/javascript; charset=utf-8"},
		{"/static/style.css", 200, "text/css; charset=utf-8"},
		{"/static/", 404, "application/json"},
		{"/static/nope.js", 404, "application/json"},
		{"/nope", 404, "application/json"},
	}
	for _, tt := range tests {
		rec := do(t, srv.Handler(), "GET", tt.target, nil, nil)
		if rec.Code != tt.wantCode || !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.wantType) {
			t.Errorf("GET %s = %d %q, want %d %q", tt.target, rec.Code, rec.Header().Get("Content-Type"), tt.wantCode, tt.wantType)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	ix := seedindex.Open(t)
	eng := newEngine(t, ix, links.Builder{})
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"negative body limit", Config{MaxBodyBytes: -1}, "MaxBodyBytes is negative"},
		{"two negatives", Config{MaxQuestionLen: -1, AskTimeout: -1}, "AskTimeout is negative"},
		{"relative base", Config{Links: links.Builder{Base: "citebot.example"}}, "links base"},
		{"template without file", Config{Links: links.Builder{Template: "https://x.example/{paragraph}"}}, "no {file} placeholder"},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg, ix, eng)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("New(%s) error = %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
	if _, err := New(Config{}, nil, eng); err == nil {
		t.Errorf("New with no searcher succeeded, want an error")
	}
}

func TestSlowAnswersTimeOut(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{AskTimeout: time.Nanosecond})
	tests := []struct {
		method, target, body, wantErr string
	}{
		{"POST", "/api/ask", `{"question":"What is Douyin?"}`, "ask took longer than 1ns"},
		{"GET", "/api/search?q=Douyin", "", "search took longer than 1ns"},
	}
	for _, tt := range tests {
		rec := do(t, srv.Handler(), tt.method, tt.target, jsonBody(tt.body), nil)
		if body := decodeJSON[errorBody](t, rec.Body); rec.Code != http.StatusGatewayTimeout || body.Error != tt.wantErr {
			t.Errorf("%s %s = %d %q, want 504 %q", tt.method, tt.target, rec.Code, body.Error, tt.wantErr)
		}
	}
}

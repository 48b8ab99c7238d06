package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
)

// from sends one request from a client address.
func from(tb testing.TB, h http.Handler, remote, method, target, body string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.RemoteAddr = remote
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func quotaRejections(tb testing.TB, srv *Server) string {
	tb.Helper()
	for _, line := range strings.Split(do(tb, srv.Handler(), "GET", "/metrics", nil, nil).Body.String(), "\n") {
		if strings.HasPrefix(line, `citebot_quota_rejections_total{surface="web"}`) {
			return strings.Fields(line)[1]
		}
	}
	return "0"
}

// One client address gets its burst (half the per-minute rate) and then 429 with the wait in
// Retry-After; another address is not affected; an IPv6 client's neighbours in its /64 share its
// allowance; assets and operations are not counted.
func TestPerClientRequestRate(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{RequestsPerMinute: 6})
	h := srv.Handler()
	const search = "/api/search?q=Douyin"
	for i := range 3 {
		if rec := from(t, h, "192.0.2.1:1000", "GET", search, ""); rec.Code != 200 {
			t.Fatalf("request %d of the burst of 3 = %d, want 200", i+1, rec.Code)
		}
	}
	rec := from(t, h, "192.0.2.1:2000", "GET", search, "")
	checkJSONError(t, "4th request in a burst of 3", rec.Code, rec.Header(), rec.Body.String(), 429)
	if ra, _ := strconv.Atoi(rec.Header().Get("Retry-After")); ra < 1 || ra > 10 {
		t.Errorf("Retry-After = %q, want the seconds until the next request is allowed (10 at 6 a minute)", rec.Header().Get("Retry-After"))
	}
	for _, target := range []string{"/sources/" + seedindex.Open(t).Documents()[0].File, "/api/summary/Douyin"} {
		if rec := from(t, h, "192.0.2.1:3000", "GET", target, ""); rec.Code != 429 {
			t.Errorf("GET %s over the rate = %d, want 429", target, rec.Code)
		}
	}
	for _, target := range []string{"/", "/static/app.js", "/healthz", "/api/platforms", "/favicon.ico"} {
		if rec := from(t, h, "192.0.2.1:3000", "GET", target, ""); rec.Code != 200 {
			t.Errorf("GET %s over the rate = %d, want 200 (not counted)", target, rec.Code)
		}
	}
	if rec := from(t, h, "192.0.2.2:1000", "GET", search, ""); rec.Code != 200 {
		t.Errorf("another client = %d, want 200", rec.Code)
	}
	for i := range 3 {
		from(t, h, fmt.Sprintf("[2001:db8:1:2::%x]:1000", i+1), "GET", search, "")
	}
	if rec := from(t, h, "[2001:db8:1:2:ffff::1]:1000", "GET", search, ""); rec.Code != 429 {
		t.Errorf("an IPv6 neighbour in the same /64 after its burst = %d, want 429", rec.Code)
	}
	if rec := from(t, h, "[2001:db8:1:3::1]:1000", "GET", search, ""); rec.Code != 200 {
		t.Errorf("an IPv6 client in another /64 = %d, want 200", rec.Code)
	}
	if got := quotaRejections(t, srv); got != "4" {
		t.Errorf("web quota rejections = %s, want 4", got)
	}
}

// blockedModel is a fake model whose every answer waits until release is called (release is
// idempotent and runs at the end of the test too), so that answers stay in progress.
func blockedModel(t *testing.T) (*openaitest.Server, func()) {
	t.Helper()
	fake := openaitest.New(t)
	ch := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(ch) }) }
	t.Cleanup(release)
	fake.SetChatDefault(func(openaitest.Request) openaitest.Reply {
		<-ch
		return openaitest.TextReply("NOT_IN_SOURCES")
	})
	return fake, release
}

// A client with StreamsPerClient answers in progress gets 429 for another; other clients do not.
func TestPerClientStreams(t *testing.T) {
	fake, release := blockedModel(t)
	srv := modelServerWith(t, fake, Config{StreamsPerClient: 1})
	h := srv.Handler()
	first := make(chan int, 1)
	go func() {
		first <- from(t, h, "192.0.2.7:1000", "POST", "/api/ask", `{"question":"What is Douyin?"}`).Code
	}()
	waitFor(t, "the first question to reach the model", func() bool { return fake.ChatRequests() > 0 })
	rec := from(t, h, "192.0.2.7:2000", "GET", "/api/summary/Douyin", "")
	checkJSONError(t, "a second answer from the same client", rec.Code, rec.Header(), rec.Body.String(), 429)
	if rec.Header().Get("Retry-After") == "" {
		t.Errorf("429 for too many streams has no Retry-After")
	}
	other := make(chan int, 1)
	go func() {
		other <- from(t, h, "192.0.2.8:1000", "POST", "/api/ask", `{"question":"What is Kuaishou?"}`).Code
	}()
	waitFor(t, "another client's question to reach the model", func() bool { return fake.ChatRequests() > 1 })
	release()
	if code := <-first; code != 200 {
		t.Errorf("first question = %d, want 200", code)
	}
	if code := <-other; code != 200 {
		t.Errorf("other client's question = %d, want 200", code)
	}
	if rec := from(t, h, "192.0.2.7:3000", "GET", "/api/summary/Douyin", ""); rec.Code != 200 {
		t.Errorf("the client's next answer after the first finished = %d, want 200", rec.Code)
	}
}

// A client that gives up while its question waits for a slot is not a quota rejection.
func TestClientLeavingQueueIsNotRejected(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{MaxConcurrentAsks: 1, AskQueueWait: time.Minute})
	release, err := srv.acquireSlot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, "POST", "/api/ask", strings.NewReader(`{"question":"What is Douyin?"}`))
	rec := httptest.NewRecorder()
	start := time.Now()
	srv.Handler().ServeHTTP(rec, req)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the abandoned request took %v, want it to end when its client left", d)
	}
	if rec.Code == 429 {
		t.Errorf("abandoned request answered 429, want no rejection")
	}
	if got := quotaRejections(t, srv); got != "0" {
		t.Errorf("web quota rejections = %s, want 0 (the client left; nobody was refused)", got)
	}
}

// smallBuffers wraps a listener so that each accepted connection has a small send buffer, so a
// client that stops reading blocks the server's writes quickly.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4096)
	}
	return c, err
}

// A client that opens an answer stream and stops reading loses it after the stall timeout, and its
// answering slot goes to the next question, which is answered rather than refused.
func TestStalledStreamLosesItsSlot(t *testing.T) {
	fake := openaitest.New(t)
	big := strings.Repeat("Douyin sells through live streams and short videos. ", 40000) // 2 MB
	fake.SetChatDefault(func(r openaitest.Request) openaitest.Reply {
		if strings.Contains(r.LastUserMessage(), "stall") {
			return openaitest.ChunkedReply(big, 2000)
		}
		return openaitest.TextReply("NOT_IN_SOURCES")
	})
	srv := modelServerWith(t, fake, Config{MaxConcurrentAsks: 1, AskQueueWait: 5 * time.Second,
		StallTimeout: 300 * time.Millisecond, MaxAnswerBytes: 4 << 20})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, smallBuffers{ln}) }()
	defer func() { cancel(); <-done }()
	addr := ln.Addr().String()

	// The stalled reader: a small receive buffer, a streaming question, and no reading at all.
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { setReceiveBuffer(fd, 4096) })
	}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"question":"stall please: what is Douyin?"}`
	fmt.Fprintf(conn, "POST /api/ask?stream=1 HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body)
	waitFor(t, "the stalled question to reach the model", func() bool { return fake.ChatRequests() > 0 })

	start := time.Now()
	resp, err := http.Post("http://"+addr+"/api/ask", "application/json", strings.NewReader(`{"question":"What is Kuaishou?"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("question after a stalled stream = %d %s (after %v), want 200: the stalled client must lose its slot",
			resp.StatusCode, b, time.Since(start))
	}
	// The stalled client's stream was cut: reading it now ends well before the 2 MB answer.
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	n, _ := io.Copy(io.Discard, bufio.NewReader(conn))
	if n >= int64(len(big)) {
		t.Errorf("the stalled client could still read %d bytes, want its stream cut", n)
	}
}

// The source viewer renders a bounded number of pages at once; past it, 429 with Retry-After.
func TestViewerConcurrencyLimit(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{MaxConcurrentViews: 1, AskQueueWait: 20 * time.Millisecond})
	file := seedindex.Open(t).Documents()[0].File
	release, err := srv.takeView(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	rec := do(t, srv.Handler(), "GET", "/sources/"+file+"?q=Douyin", nil, nil)
	checkJSONError(t, "viewer with no free slot", rec.Code, rec.Header(), rec.Body.String(), 429)
	if rec.Header().Get("Retry-After") == "" {
		t.Errorf("viewer 429 has no Retry-After")
	}
	if rec := do(t, srv.Handler(), "GET", "/sources/"+file+"?raw=1", nil, nil); rec.Code != 200 {
		t.Errorf("raw document with no free rendering slot = %d, want 200 (raw bytes need no rendering)", rec.Code)
	}
	release()
	if rec := do(t, srv.Handler(), "GET", "/sources/"+file+"?q=Douyin", nil, nil); rec.Code != 200 {
		t.Errorf("viewer after release = %d, want 200", rec.Code)
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	tb.Fatalf("timed out waiting for %s", what)
}

// Whatever the model writes, the web passes at most MaxAnswerBytes of answer text, streamed or not,
// and says that the answer was cut.
func TestAnswerTextIsCapped(t *testing.T) {
	fake := openaitest.New(t)
	fake.SetChatDefault(func(r openaitest.Request) openaitest.Reply {
		m := promptSourceRe.FindStringSubmatch(r.LastUserMessage())
		if m == nil {
			return openaitest.TextReply("NOT_IN_SOURCES")
		}
		quote := strings.Join(strings.Fields(m[1])[:5], " ")
		return openaitest.ChunkedReply(strings.Repeat(`Douyin grows fast, again and again [S1: "`+quote+`"]. `, 400), 200)
	})
	const limit = 2000
	srv := modelServerWith(t, fake, Config{MaxAnswerBytes: limit})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	resp, err := http.Post(ts.URL+"/api/ask?stream=1", "application/json", strings.NewReader(`{"question":"How does Douyin grow?"}`))
	if err != nil {
		t.Fatal(err)
	}
	events := readSSE(t, resp.Body)
	resp.Body.Close()
	var streamed strings.Builder
	var final AnswerResponse
	for _, e := range events {
		switch e.name {
		case EventToken:
			var tok TokenEvent
			json.Unmarshal([]byte(e.data), &tok)
			streamed.WriteString(tok.Delta)
		case EventAnswer:
			json.Unmarshal([]byte(e.data), &final)
		}
	}
	if streamed.Len() == 0 || streamed.Len() > limit {
		t.Errorf("streamed %d bytes of tokens, want 1..%d", streamed.Len(), limit)
	}
	if final.Text != streamed.String() {
		t.Errorf("final answer (%d bytes) is not the streamed text (%d bytes)", len(final.Text), streamed.Len())
	}
	if len(final.Text) > limit || !strings.Contains(final.Notice, "cut at") {
		t.Errorf("final answer: %d bytes, notice %q; want at most %d bytes and a notice that it was cut", len(final.Text), final.Notice, limit)
	}
	rec := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(`{"question":"How does Douyin grow?"}`), nil)
	plain := decodeJSON[AnswerResponse](t, rec.Body)
	if len(plain.Text) > limit || !strings.Contains(plain.Notice, "cut at") || plain.HTML == "" {
		t.Errorf("non-streamed answer: %d bytes, notice %q", len(plain.Text), plain.Notice)
	}
}

// get sends one GET through a real HTTP connection, with X-Forwarded-For set to xff unless empty.
func get(tb testing.TB, url, xff string) int {
	tb.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// Over real connections from loopback (a reverse proxy on this machine): with the proxy trusted, two
// clients it forwards get a bucket each; without the setting, or when only other proxies are
// trusted, they share the proxy's bucket whatever their headers say.
func TestTrustedProxySeparatesClients(t *testing.T) {
	ix := seedindex.Open(t)
	tests := []struct {
		name     string
		trusted  []netip.Prefix
		separate bool
	}{
		{"loopback trusted", blocks(t, "127.0.0.1", "::1"), true},
		{"no trusted proxies", nil, false},
		{"only another block trusted (spoofed headers)", blocks(t, "10.0.0.0/8"), false},
	}
	for _, tt := range tests {
		// 2 a minute: a burst of 1, so a client's second request is refused.
		srv := newTestServer(t, ix, Config{RequestsPerMinute: 2, TrustedProxies: tt.trusted})
		ts := httptest.NewServer(srv.Handler())
		url := ts.URL + "/api/search?q=Douyin"
		if code := get(t, url, "198.51.100.1"); code != 200 {
			t.Errorf("%s: client A's first request = %d, want 200", tt.name, code)
		}
		if code := get(t, url, "198.51.100.1"); code != 429 {
			t.Errorf("%s: client A's second request = %d, want 429 (a burst of 1)", tt.name, code)
		}
		want := map[bool]int{true: 200, false: 429}[tt.separate]
		if code := get(t, url, "203.0.113.7"); code != want {
			t.Errorf("%s: client B's first request after A's = %d, want %d", tt.name, code, want)
		}
		if tt.separate {
			// The proxy's own requests (no header) have their own bucket too.
			if code := get(t, url, ""); code != 200 {
				t.Errorf("%s: a request with no forwarding header = %d, want 200 (the proxy's own bucket)", tt.name, code)
			}
		}
		ts.Close()
	}
}

// Behind a trusted proxy the answers-in-progress limit counts each forwarded client apart, while a
// client that sends someone else's address in front of its own is still counted as itself.
func TestTrustedProxySeparatesStreams(t *testing.T) {
	fake, release := blockedModel(t)
	srv := modelServerWith(t, fake, Config{StreamsPerClient: 1, TrustedProxies: blocks(t, "127.0.0.1")})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	ask := func(xff, question string) int {
		req, _ := http.NewRequest("POST", ts.URL+"/api/ask", strings.NewReader(`{"question":"`+question+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", xff)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	first := make(chan int, 1)
	go func() { first <- ask("198.51.100.1", "What is Douyin?") }()
	waitFor(t, "client A's question to reach the model", func() bool { return fake.ChatRequests() > 0 })
	if code := ask("203.0.113.7, 198.51.100.1", "What is Kuaishou?"); code != 429 {
		t.Errorf("client A's second answer, claiming another address = %d, want 429", code)
	}
	other := make(chan int, 1)
	go func() { other <- ask("198.51.100.2", "What is Kuaishou?") }()
	waitFor(t, "client B's question to reach the model", func() bool { return fake.ChatRequests() > 1 })
	release()
	if code := <-first; code != 200 {
		t.Errorf("client A's question = %d, want 200", code)
	}
	if code := <-other; code != 200 {
		t.Errorf("client B's question = %d, want 200", code)
	}
}

// New refuses a trusted proxy block that is not valid (the zero netip.Prefix).
func TestNewRefusesInvalidTrustedProxy(t *testing.T) {
	ix := seedindex.Open(t)
	_, err := New(Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), {}}}, ix, newEngine(t, ix, links.Builder{}))
	if err == nil || !strings.Contains(err.Error(), "TrustedProxies[1]") {
		t.Errorf("New with an invalid trusted block = %v, want an error naming TrustedProxies[1]", err)
	}
}

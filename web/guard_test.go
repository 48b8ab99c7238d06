package web

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
)

// checkJSONError asserts that a response is an error with a JSON body {"error": "..."}.
func checkJSONError(tb testing.TB, what string, code int, header http.Header, body string, wantCode int) {
	tb.Helper()
	if code != wantCode {
		tb.Errorf("%s = %d, want %d (body %s)", what, code, wantCode, body)
	}
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		tb.Errorf("%s: Content-Type = %q, want application/json", what, ct)
	}
	var e map[string]any
	if err := json.Unmarshal([]byte(body), &e); err != nil || len(e) != 1 || e["error"] == "" || e["error"] == nil {
		tb.Errorf("%s: body %q, want exactly {\"error\": \"...\"}", what, body)
	}
}

// Every error the server answers, whoever produces it (a handler, the mux, the cross-origin guard,
// the limits), is {"error": "..."} with Content-Type application/json.
func TestEveryErrorIsJSON(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{RequestsPerMinute: 8, MaxBodyBytes: 100,
		Links: links.Builder{Base: "https://citebot.example.org"}})
	h := srv.Handler()
	tests := []struct {
		name, method, target, body string
		header                     map[string]string
		want                       int
	}{
		{"unknown route", "GET", "/nope", "", nil, 404},
		{"unknown document", "GET", "/sources/missing.txt", "", nil, 404},
		{"unknown asset", "GET", "/static/missing.js", "", nil, 404},
		{"wrong method on the API", "PUT", "/api/ask", "", nil, 405},
		{"POST to a GET route", "POST", "/api/search?q=x", "", map[string]string{"Sec-Fetch-Site": "same-origin"}, 405},
		{"DELETE a page", "DELETE", "/sources/", "", nil, 405},
		{"cross-origin POST", "POST", "/api/ask", `{"question":"x"}`, map[string]string{"Origin": "https://evil.example"}, 403},
		{"cross-site GET of a summary", "GET", "/api/summary/Douyin", "", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"body too large", "POST", "/api/ask", `{"question":"` + strings.Repeat("x", 200) + `"}`, nil, 413},
		{"empty question", "POST", "/api/ask", `{"question":" "}`, nil, 400},
		{"bad k", "GET", "/api/search?q=x&k=0", "", nil, 400},
		// The burst (4 of 8 a minute) was used by the four limited requests above from this address.
		{"over the rate", "GET", "/api/search?q=Douyin", "", nil, 429},
	}
	for _, tt := range tests {
		rec := do(t, h, tt.method, tt.target, jsonBody(tt.body), tt.header)
		checkJSONError(t, tt.name+": "+tt.method+" "+tt.target, rec.Code, rec.Header(), rec.Body.String(), tt.want)
	}
	rec := do(t, h, "PUT", "/api/ask", nil, nil)
	if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "POST") {
		t.Errorf("405 Allow = %q, want POST listed", allow)
	}
	if body := rec.Body.String(); !strings.Contains(body, "POST") {
		t.Errorf("405 body %q does not say which method is allowed", body)
	}
}

// hostRequest sends GET target to addr with the given Host header and returns status and body.
func hostRequest(tb testing.TB, addr, host, target string) (int, http.Header, string) {
	tb.Helper()
	req, err := http.NewRequest("GET", "http://"+addr+target, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("GET %s with Host %q: %v", target, host, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// On a loopback listener only loopback names and the public URL's host are served: a page on another
// site whose name resolves to 127.0.0.1 (DNS rebinding) cannot read answers or documents.
func TestHostAllowListOnLoopback(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{Links: links.Builder{Base: "https://Citebot.Example.org"}})
	addr, _ := serve(t, srv)
	_, port, _ := net.SplitHostPort(addr)
	file := seedindex.Open(t).Documents()[0].File
	for _, host := range []string{addr, "localhost:" + port, "localhost", "[::1]:" + port, "LOCALHOST.", "citebot.example.org",
		"citebot.example.org:443"} {
		if code, _, body := hostRequest(t, addr, host, "/healthz"); code != 200 {
			t.Errorf("Host %q: GET /healthz = %d %s, want 200", host, code, body)
		}
	}
	for _, host := range []string{"evil.example", "evil.example:" + port, "127.0.0.1.evil.example", "citebot.example.org.evil.example", "10.0.0.1"} {
		for _, target := range []string{"/api/summary/Douyin", "/sources/" + file + "?raw=1", "/"} {
			code, h, body := hostRequest(t, addr, host, target)
			checkJSONError(t, "Host "+host+" GET "+target, code, h, body, http.StatusMisdirectedRequest)
			if strings.Contains(body, "Douyin") {
				t.Errorf("Host %q: GET %s leaked content: %s", host, target, body)
			}
		}
	}
}

// A request that reached the server on a non-loopback address was sent there on purpose: any Host
// is served (a container behind a port mapping, a LAN name).
func TestHostNotCheckedOffLoopback(t *testing.T) {
	ip := nonLoopbackIP(t)
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	srv := seedServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	if code, _, body := hostRequest(t, ln.Addr().String(), "citebot.lan", "/healthz"); code != 200 {
		t.Errorf("Host citebot.lan on %s: GET /healthz = %d %s, want 200", ln.Addr(), code, body)
	}
}

func nonLoopbackIP(tb testing.TB) string {
	tb.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		tb.Skipf("listing interface addresses: %v", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	tb.Skip("no non-loopback IPv4 address on this machine")
	return ""
}

// Cross-site requests to the API are refused, GETs included (they would run answers and summaries
// for another site); navigations to the viewer from anywhere (Discord, a chat) still work.
func TestCrossSiteAPIRequestsRefused(t *testing.T) {
	srv := seedServer(t)
	file := seedindex.Open(t).Documents()[0].File
	tests := []struct {
		method, target, body, site string
		want                       int
	}{
		{"GET", "/api/summary/Douyin", "", "cross-site", 403},
		{"GET", "/api/search?q=Douyin", "", "cross-site", 403},
		{"POST", "/api/ask", `{"question":"What is Douyin?"}`, "cross-site", 403},
		{"GET", "/api/summary/Douyin", "", "same-origin", 200},
		{"GET", "/api/summary/Douyin", "", "none", 200},
		{"GET", "/api/summary/Douyin", "", "", 200}, // curl and other non-browser clients
		{"GET", "/sources/" + file, "", "cross-site", 200},
		{"GET", "/", "", "cross-site", 200},
	}
	for _, tt := range tests {
		h := map[string]string{}
		if tt.site != "" {
			h["Sec-Fetch-Site"] = tt.site
		}
		rec := do(t, srv.Handler(), tt.method, tt.target, jsonBody(tt.body), h)
		if rec.Code != tt.want {
			t.Errorf("%s %s with Sec-Fetch-Site %q = %d, want %d", tt.method, tt.target, tt.site, rec.Code, tt.want)
		}
	}
}

// Behind a reverse proxy that rewrites Host, a browser without Sec-Fetch-Site sends the public URL as
// Origin: that origin is trusted; any other is refused.
func TestPublicOriginTrustedBehindProxy(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{Links: links.Builder{Base: "https://citebot.example.org"}})
	for origin, want := range map[string]int{"https://citebot.example.org": 200, "https://evil.example": 403, "http://citebot.example.org": 403} {
		req := map[string]string{"Origin": origin}
		rec := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(`{"question":"What is Douyin?"}`), req)
		if rec.Code != want {
			t.Errorf("POST /api/ask from Origin %s (Host %s) = %d, want %d", origin, "example.com", rec.Code, want)
		}
	}
}

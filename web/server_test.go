package web

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/metrics"
)

// serve runs srv on a fresh loopback port until the returned stop is called; stop returns Serve's
// error.
func serve(tb testing.TB, srv *Server) (addr string, stop func() error) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	var stopped bool
	var serveErr error
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			select {
			case serveErr = <-done:
			case <-time.After(20 * time.Second):
				tb.Fatal("Serve did not return 20s after its context ended")
			}
		}
		return serveErr
	}
	tb.Cleanup(func() { _ = stop() })
	return ln.Addr().String(), stop
}

// A request in flight when shutdown starts completes; then Serve returns nil and the port is closed.
func TestServeShutsDownGracefully(t *testing.T) {
	srv := newTestServer(t, seedindex.Open(t), Config{ShutdownTimeout: 10 * time.Second})
	addr, stop := serve(t, srv)

	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /healthz = %v, %v; want 200", resp, err)
	}
	resp.Body.Close()

	// Start a question whose body is still arriving when shutdown begins.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"question":"What is Douyin?"}`
	fmt.Fprintf(conn, "POST /api/ask HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:10])
	time.Sleep(100 * time.Millisecond) // let the server read the headers and enter the handler

	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-stopped:
		t.Fatalf("Serve returned %v while a request was in flight, want it to wait", err)
	default:
	}
	if _, err := io.WriteString(conn, body[10:]); err != nil {
		t.Fatalf("finishing the request body: %v", err)
	}
	r, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the in-flight response: %v", err)
	}
	got, _ := io.ReadAll(r.Body)
	if r.StatusCode != 200 || !strings.Contains(string(got), `"citations"`) {
		t.Errorf("in-flight ask = %d %s, want 200 with an answer", r.StatusCode, got)
	}
	if err := <-stopped; err != nil {
		t.Errorf("Serve returned %v after graceful shutdown, want nil", err)
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("port %s still accepts connections after shutdown", addr)
	}
}

func TestRunReportsListenError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	srv := newTestServer(t, seedindex.Open(t), Config{Addr: ln.Addr().String()})
	err = srv.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "listening on "+ln.Addr().String()) {
		t.Errorf("Run on a busy port = %v, want an error naming the address", err)
	}
}

func TestMetricsClassifyOutcomes(t *testing.T) {
	m := metrics.New()
	m.ObserveAsk(metrics.SurfaceDiscord, answer.Answer{Mode: answer.ModeLLM}, nil, time.Millisecond)
	m.ObserveAsk(metrics.SurfaceDiscord, answer.Answer{Mode: answer.ModeExtractive, Notice: "the model failed; offline answer",
		ModelFailed: true, Verification: answer.VerificationFallback}, nil, time.Millisecond)
	m.ObserveAsk(metrics.SurfaceDiscord, answer.Answer{}, fmt.Errorf("asking: %w", answer.ErrEmptyQuestion), 0)
	m.ObserveAsk(metrics.SurfaceDiscord, answer.Answer{}, errors.New("model unreachable"), time.Second)
	m.ObserveAsk(metrics.SurfaceDiscord, answer.Answer{}, fmt.Errorf("asking: %w", context.Canceled), time.Second)
	m.ObserveSummary(metrics.SurfaceDiscord, answer.Summary{}, fmt.Errorf("x: %w", answer.ErrUnknownPlatform), 0)
	m.QuotaRejection(metrics.SurfaceDiscord)
	m.ObserveRetrieval(metrics.SurfaceCLI, 3*time.Millisecond)

	srv := newTestServer(t, seedindex.Open(t), Config{Metrics: m})
	body := do(t, srv.Handler(), "GET", "/metrics", nil, nil).Body.String()
	for _, want := range []string{
		`citebot_questions_total{surface="discord"} 5`,
		`citebot_answer_duration_seconds_count{kind="ask",mode="none",outcome="cancelled",surface="discord"} 1`,
		`citebot_summaries_total{surface="discord"} 1`,
		`citebot_model_errors_total{surface="discord"} 2`, // the fallback and the unreachable model, not the cancel
		`citebot_fallbacks_total{surface="discord"} 1`,
		`citebot_quota_rejections_total{surface="discord"} 1`,
		`citebot_retrieval_duration_seconds_count{surface="cli"} 1`,
		`citebot_answer_duration_seconds_count{kind="ask",mode="none",outcome="error",surface="discord"} 2`,
		`citebot_answer_duration_seconds_count{kind="ask",mode="llm",outcome="ok",surface="discord"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if srv.Metrics() != m {
		t.Errorf("Server.Metrics() is not the configured Metrics")
	}
}

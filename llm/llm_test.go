package llm_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/llm"
)

const testKey = "sk-test-0123456789abcdef"

// newClient returns a client for srv with fast retries; edit adjusts the config first.
func newClient(tb testing.TB, srv *openaitest.Server, edit func(*llm.Config)) *llm.Client {
	tb.Helper()
	cfg := llm.Config{
		BaseURL: srv.URL(),
		APIKey:  testKey,
		Timeout: 5 * time.Second,
		Backoff: func(int) time.Duration { return time.Millisecond },
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := llm.New(cfg)
	if err != nil {
		tb.Fatalf("llm.New: %v", err)
	}
	return c
}

func question(q string) llm.ChatRequest {
	return llm.ChatRequest{
		Model: "test-chat",
		Messages: []llm.Message{
			{Role: "system", Content: "Answer from the sources."},
			{Role: "user", Content: q},
		},
	}
}

// chat calls Chat, streamed when stream is true, and returns the deltas it received.
func chat(ctx context.Context, c *llm.Client, req llm.ChatRequest, stream bool) (llm.ChatResponse, []string, error) {
	var deltas []string
	var onDelta func(string)
	if stream {
		onDelta = func(d string) { deltas = append(deltas, d) }
	}
	resp, err := c.Chat(ctx, req, onDelta)
	return resp, deltas, err
}

func TestChat(t *testing.T) {
	const text = "Douyin is the Chinese TikTok [1]. 抖音 sells live [2]."
	tests := []struct {
		name       string
		stream     bool
		reply      openaitest.Reply
		wantDeltas int
	}{
		{"plain", false, openaitest.TextReply(text), 0},
		{"streamed in 4 chunks", true, openaitest.ChunkedReply(text, 4), 4},
		{"streamed per word", true, openaitest.TextReply(text), len(strings.Fields(text))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.New(t)
			srv.QueueChat(tt.reply)
			req := question("What is Douyin?")
			req.MaxTokens = 300
			resp, deltas, err := chat(t.Context(), newClient(t, srv, nil), req, tt.stream)
			if err != nil {
				t.Fatalf("Chat: %v", err)
			}
			want := llm.ChatResponse{Content: text, Model: "test-chat", FinishReason: "stop"}
			if resp != want {
				t.Errorf("Chat = %+v, want %+v", resp, want)
			}
			if len(deltas) != tt.wantDeltas {
				t.Errorf("got %d deltas, want %d", len(deltas), tt.wantDeltas)
			}
			if tt.stream && strings.Join(deltas, "") != text {
				t.Errorf("deltas joined = %q, want %q", strings.Join(deltas, ""), text)
			}

			reqs := srv.RequestsTo(openaitest.PathChat)
			if len(reqs) != 1 {
				t.Fatalf("server got %d chat requests, want 1", len(reqs))
			}
			got := reqs[0]
			if got.Model() != "test-chat" || got.Stream() != tt.stream {
				t.Errorf("request model=%q stream=%v, want test-chat stream=%v", got.Model(), got.Stream(), tt.stream)
			}
			wantMsgs := []openaitest.Message{{Role: "system", Content: "Answer from the sources."}, {Role: "user", Content: "What is Douyin?"}}
			if !slices.Equal(got.Messages(), wantMsgs) {
				t.Errorf("request messages = %v, want %v", got.Messages(), wantMsgs)
			}
			if mt, _ := got.Body["max_tokens"].(float64); mt != 300 {
				t.Errorf("request max_tokens = %v, want 300", got.Body["max_tokens"])
			}
			if auth := got.Header.Get("Authorization"); auth != "Bearer "+testKey {
				t.Errorf("request Authorization header not the configured key")
			}
		})
	}
}

// A reasoning model's reasoning, sent in reasoning_content or reasoning, never reaches the content
// or the deltas, streamed or not; max_tokens is sent as given.
func TestChatIgnoresReasoningFields(t *testing.T) {
	for _, field := range []string{"reasoning_content", "reasoning"} {
		for _, stream := range []bool{false, true} {
			srv := openaitest.New(t)
			srv.QueueChat(openaitest.ReasoningReply(field, "secret chain of thought", "Douyin sells via live streams."))
			req := question("How does Douyin sell?")
			req.MaxTokens = 1024
			resp, deltas, err := chat(context.Background(), newClient(t, srv, nil), req, stream)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Content != "Douyin sells via live streams." || strings.Contains(strings.Join(deltas, ""), "secret") {
				t.Errorf("%s stream=%v: content %q deltas %q, want the answer only", field, stream, resp.Content, deltas)
			}
			if got := srv.RequestsTo(openaitest.PathChat)[0].Body["max_tokens"]; got != float64(1024) {
				t.Errorf("max_tokens = %v, want 1024", got)
			}
		}
	}
}

func TestChatTemperature(t *testing.T) {
	tests := []struct {
		temperature float32
		want        float64
		sent        bool
	}{
		{0, 0, true},
		{0.7, 0.7, true},
		{-1, 0, false},
	}
	for _, tt := range tests {
		for _, stream := range []bool{false, true} {
			t.Run(fmt.Sprintf("%v/stream=%v", tt.temperature, stream), func(t *testing.T) {
				srv := openaitest.New(t)
				req := question("q")
				req.Temperature = tt.temperature
				if _, _, err := chat(t.Context(), newClient(t, srv, nil), req, stream); err != nil {
					t.Fatalf("Chat: %v", err)
				}
				got, sent := srv.Requests()[0].Temperature()
				if sent != tt.sent || float32(got) != float32(tt.want) {
					t.Errorf("temperature sent=%v value=%v, want sent=%v value=%v", sent, got, tt.sent, tt.want)
				}
			})
		}
	}
}

func TestChatRetries(t *testing.T) {
	ms := func(n int) openaitest.Reply {
		r := openaitest.RateLimitReply("")
		r.Header = http.Header{"Retry-After-Ms": {fmt.Sprint(n)}}
		return r
	}
	tests := []struct {
		name     string
		replies  []openaitest.Reply
		retries  int // Config.MaxRetries
		requests int
		wantErr  bool
		status   int    // of the *llm.APIError, when wantErr
		code     string // of the *llm.APIError, when wantErr
		minWait  time.Duration
	}{
		{name: "429 with Retry-After-Ms then success", replies: []openaitest.Reply{ms(150), openaitest.TextReply("ok")}, requests: 2, minWait: 150 * time.Millisecond},
		{name: "429 without Retry-After then success", replies: []openaitest.Reply{openaitest.RateLimitReply(""), openaitest.TextReply("ok")}, requests: 2},
		{name: "500s then success", replies: []openaitest.Reply{openaitest.ServerErrorReply(), openaitest.ServerErrorReply(), openaitest.TextReply("ok")}, requests: 3},
		{name: "502 then success", replies: []openaitest.Reply{openaitest.ErrorReply(502, "", "bad gateway"), openaitest.TextReply("ok")}, requests: 2},
		{name: "503 with non-JSON body then success", replies: []openaitest.Reply{{Status: 503, Body: "<html>upstream down</html>"}, openaitest.TextReply("ok")}, requests: 2},
		{name: "dropped connection then success", replies: []openaitest.Reply{{Break: true}, openaitest.TextReply("ok")}, requests: 2},
		{name: "stream broken before any text then success", replies: []openaitest.Reply{openaitest.BrokenStreamReply("x y", 2, 0), openaitest.TextReply("ok")}, requests: 2},
		{
			name:    "500s exhaust retries",
			replies: []openaitest.Reply{openaitest.ServerErrorReply(), openaitest.ServerErrorReply(), openaitest.ServerErrorReply(), openaitest.ServerErrorReply()},
			retries: 2, requests: 3, wantErr: true, status: 500,
		},
		{name: "retries disabled", replies: []openaitest.Reply{openaitest.ServerErrorReply(), openaitest.TextReply("ok")}, retries: -1, requests: 1, wantErr: true, status: 500},
		{name: "insufficient_quota is final", replies: []openaitest.Reply{openaitest.QuotaReply(), openaitest.TextReply("ok")}, requests: 1, wantErr: true, status: 429, code: "insufficient_quota"},
		{name: "400 is final", replies: []openaitest.Reply{openaitest.ErrorReply(400, "context_length_exceeded", "too long"), openaitest.TextReply("ok")}, requests: 1, wantErr: true, status: 400, code: "context_length_exceeded"},
		{name: "401 is final", replies: []openaitest.Reply{openaitest.ErrorReply(401, "invalid_api_key", "Incorrect API key provided."), openaitest.TextReply("ok")}, requests: 1, wantErr: true, status: 401, code: "invalid_api_key"},
		{name: "403 is final", replies: []openaitest.Reply{openaitest.ErrorReply(403, "unsupported_country_region_territory", "no"), openaitest.TextReply("ok")}, requests: 1, wantErr: true, status: 403, code: "unsupported_country_region_territory"},
		{name: "404 is final", replies: []openaitest.Reply{openaitest.ErrorReply(404, "model_not_found", "The model does not exist"), openaitest.TextReply("ok")}, requests: 1, wantErr: true, status: 404, code: "model_not_found"},
		{name: "Retry-After beyond the cap is final", replies: []openaitest.Reply{openaitest.RateLimitReply("3600"), openaitest.TextReply("ok")}, requests: 1, wantErr: true, status: 429, code: "rate_limit_exceeded"},
	}
	for _, tt := range tests {
		for _, stream := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/stream=%v", tt.name, stream), func(t *testing.T) {
				t.Parallel()
				srv := openaitest.New(t)
				srv.QueueChat(tt.replies...)
				c := newClient(t, srv, func(cfg *llm.Config) { cfg.MaxRetries = tt.retries })
				resp, _, err := chat(t.Context(), c, question("q"), stream)
				if got := srv.ChatRequests(); got != tt.requests {
					t.Errorf("server got %d requests, want %d", got, tt.requests)
				}
				if !tt.wantErr {
					if err != nil {
						t.Fatalf("Chat: %v", err)
					}
					if resp.Content != "ok" {
						t.Errorf("Content = %q, want %q", resp.Content, "ok")
					}
				} else {
					var apiErr *llm.APIError
					if !errors.As(err, &apiErr) {
						t.Fatalf("err = %v, want an *llm.APIError", err)
					}
					if apiErr.Status != tt.status || apiErr.Code != tt.code {
						t.Errorf("APIError status=%d code=%q, want %d %q", apiErr.Status, apiErr.Code, tt.status, tt.code)
					}
					if !strings.Contains(err.Error(), `chat with model "test-chat"`) {
						t.Errorf("error %q does not say what was being done", err)
					}
				}
				if tt.minWait > 0 {
					reqs := srv.Requests()
					if gap := reqs[1].Time.Sub(reqs[0].Time); gap < tt.minWait {
						t.Errorf("retried after %v, want at least %v", gap, tt.minWait)
					}
				}
			})
		}
	}
}

// TestRetryAfterHeader checks the wait for Retry-After in seconds and as an HTTP date, with real
// (short) waits.
func TestRetryAfterHeader(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func() string
		minWait    time.Duration
	}{
		{"seconds", func() string { return "1" }, time.Second},
		// HTTP dates have a one-second resolution: two seconds ahead is a wait of more than one.
		{"http date", func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := openaitest.New(t)
			srv.QueueChat(openaitest.RateLimitReply(tt.retryAfter()), openaitest.TextReply("ok"))
			resp, err := newClient(t, srv, nil).Chat(t.Context(), question("q"), nil)
			if err != nil || resp.Content != "ok" {
				t.Fatalf("Chat = %q, %v; want ok", resp.Content, err)
			}
			reqs := srv.Requests()
			if len(reqs) != 2 {
				t.Fatalf("server got %d requests, want 2", len(reqs))
			}
			if gap := reqs[1].Time.Sub(reqs[0].Time); gap < tt.minWait {
				t.Errorf("retried after %v, want at least %v", gap, tt.minWait)
			}
		})
	}
}

func TestStreamInterruptedIsNotRetried(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueChat(openaitest.BrokenStreamReply("one two three four", 0, 2), openaitest.TextReply("again"))
	resp, deltas, err := chat(t.Context(), newClient(t, srv, nil), question("q"), true)
	if !errors.Is(err, llm.ErrStreamInterrupted) {
		t.Fatalf("err = %v, want ErrStreamInterrupted", err)
	}
	if got := srv.ChatRequests(); got != 1 {
		t.Errorf("server got %d requests, want 1 (no retry after text was delivered)", got)
	}
	if got, want := strings.Join(deltas, ""), "one two"; got != want {
		t.Errorf("deltas = %q, want %q", got, want)
	}
	if resp.Content != "one two" {
		t.Errorf("Content = %q, want the partial text %q", resp.Content, "one two")
	}
}

func TestTimeout(t *testing.T) {
	tests := []struct {
		name        string
		stream      bool
		reply       openaitest.Reply
		interrupted bool
	}{
		{"plain reply too slow", false, openaitest.SlowReply(time.Minute, "late"), false},
		{"stream never starts", true, openaitest.SlowReply(time.Minute, "late"), false},
		{"stream stalls after text", true, openaitest.Reply{Text: "first second", Chunks: 2, ChunkDelay: time.Minute}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := openaitest.New(t)
			srv.QueueChat(tt.reply)
			c := newClient(t, srv, func(cfg *llm.Config) { cfg.Timeout = 100 * time.Millisecond })
			start := time.Now()
			resp, _, err := chat(t.Context(), c, question("q"), tt.stream)
			elapsed := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want one matching context.DeadlineExceeded", err)
			}
			if err != nil && !strings.Contains(err.Error(), "timed out") {
				t.Errorf("err = %q, want it to say it timed out", err)
			}
			if got := errors.Is(err, llm.ErrStreamInterrupted); got != tt.interrupted {
				t.Errorf("errors.Is(err, ErrStreamInterrupted) = %v, want %v", got, tt.interrupted)
			}
			if tt.interrupted && resp.Content != "first " {
				t.Errorf("Content = %q, want the text received before the stall", resp.Content)
			}
			if elapsed > 3*time.Second {
				t.Errorf("Chat returned after %v, want about the 100ms timeout", elapsed)
			}
			if got := srv.ChatRequests(); got != 1 {
				t.Errorf("server got %d requests, want 1 (timeouts are not retried)", got)
			}
		})
	}
}

func TestStreamTimeoutIsPerChunk(t *testing.T) {
	srv := openaitest.New(t)
	// Five chunks 60ms apart: 240ms in all, more than the 150ms timeout, but never idle that long.
	srv.QueueChat(openaitest.Reply{Text: "a b c d e", Chunks: 5, ChunkDelay: 60 * time.Millisecond})
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.Timeout = 150 * time.Millisecond })
	resp, _, err := chat(t.Context(), c, question("q"), true)
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	if resp.Content != "a b c d e" {
		t.Errorf("Content = %q, want %q", resp.Content, "a b c d e")
	}
}

func TestContextEndsDuringBackoff(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueChat(openaitest.ServerErrorReply(), openaitest.TextReply("ok"))
	c := newClient(t, srv, func(cfg *llm.Config) {
		cfg.Backoff = func(int) time.Duration { return 200 * time.Millisecond }
	})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Chat(ctx, question("q"), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d >= 200*time.Millisecond {
		t.Errorf("Chat returned after %v, want before the 200ms backoff ended", d)
	}
	if got := srv.ChatRequests(); got != 1 {
		t.Errorf("server got %d requests, want 1", got)
	}
}

func TestNoRetryPastDeadline(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueChat(openaitest.RateLimitReply("20"), openaitest.TextReply("ok"))
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := newClient(t, srv, nil).Chat(ctx, question("q"), nil)
	var apiErr *llm.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 429 || apiErr.RetryAfter != 20*time.Second {
		t.Errorf("err = %v, want the 429 with RetryAfter 20s", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Chat returned after %v, want at once: the deadline is before the retry", d)
	}
}

func TestEmbed(t *testing.T) {
	texts := make([]string, 300)
	for i := range texts {
		texts[i] = fmt.Sprintf("passage %d about 拼多多 and Douyin", i)
	}
	tests := []struct {
		name      string
		batchSize int
		reverse   bool
		sizes     []int
	}{
		{"batches of 128", 128, false, []int{128, 128, 44}},
		{"default batch size", 0, false, []int{128, 128, 44}},
		{"one batch", 1000, false, []int{300}},
		{"server lists out of order", 100, true, []int{100, 100, 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.New(t)
			if tt.reverse {
				srv.SetEmbeddingsDefault(func(openaitest.Request) openaitest.Reply { return openaitest.Reply{Reverse: true} })
			}
			got, err := newClient(t, srv, nil).Embed(t.Context(), "test-embed", texts, tt.batchSize)
			if err != nil {
				t.Fatalf("Embed: %v", err)
			}
			if len(got) != len(texts) {
				t.Fatalf("Embed returned %d vectors, want %d", len(got), len(texts))
			}
			for i, text := range texts {
				if !slices.Equal(got[i], openaitest.Vector(text, openaitest.DefaultDimensions)) {
					t.Fatalf("vector %d is not the embedding of text %d", i, i)
				}
			}
			reqs := srv.RequestsTo(openaitest.PathEmbeddings)
			var sizes []int
			var sent []string
			for _, r := range reqs {
				sizes = append(sizes, len(r.Inputs()))
				sent = append(sent, r.Inputs()...)
				if r.Model() != "test-embed" {
					t.Errorf("request model = %q, want test-embed", r.Model())
				}
			}
			if !slices.Equal(sizes, tt.sizes) {
				t.Errorf("batch sizes = %v, want %v", sizes, tt.sizes)
			}
			if !slices.Equal(sent, texts) {
				t.Errorf("texts sent out of order or altered")
			}
		})
	}
}

func TestEmbedChecksReply(t *testing.T) {
	tests := []struct {
		name  string
		reply openaitest.Reply
		want  string
	}{
		{"too few", openaitest.Reply{Vectors: [][]float32{{1, 0}}}, "returned 1 embeddings for 3 texts"},
		{"dimensions differ", openaitest.Reply{Vectors: [][]float32{{1, 0}, {1, 0}, {1}}}, "has 1 dimensions"},
		{"empty vector", openaitest.Reply{Vectors: [][]float32{{1}, {}, {1}}}, "is empty"},
		{"index twice", openaitest.Reply{Body: `{"object":"list","data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[1]},{"index":2,"embedding":[1]}]}`}, "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.New(t)
			srv.QueueEmbeddings(tt.reply)
			_, err := newClient(t, srv, nil).Embed(t.Context(), "m", []string{"a", "b", "c"}, 0)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
			if got := srv.EmbeddingRequests(); got != 1 {
				t.Errorf("server got %d requests, want 1 (a bad reply is not retried)", got)
			}
		})
	}
}

func TestEmbedRejectsBadInputWithoutRequests(t *testing.T) {
	srv := openaitest.New(t)
	c := newClient(t, srv, nil)
	if _, err := c.Embed(t.Context(), "m", []string{"a", "", "c"}, 0); err == nil || !strings.Contains(err.Error(), "text 1 of 3 is empty") {
		t.Errorf("empty text: err = %v, want it to name text 1", err)
	}
	if _, err := c.Embed(t.Context(), "", []string{"a"}, 0); err == nil {
		t.Errorf("no model: err = nil, want an error")
	}
	got, err := c.Embed(t.Context(), "m", nil, 0)
	if err != nil || len(got) != 0 {
		t.Errorf("Embed(no texts) = %v, %v; want no vectors, no error", got, err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
}

func TestEmbedRetriesBatch(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueEmbeddings(openaitest.Reply{}, openaitest.ServerErrorReply(), openaitest.RateLimitReply("0"), openaitest.Reply{})
	got, err := newClient(t, srv, nil).Embed(t.Context(), "m", []string{"a", "b", "c", "d"}, 2)
	if err != nil {
		t.Fatalf("Embed: %v", err)
	}
	if len(got) != 4 || !slices.Equal(got[3], openaitest.Vector("d", openaitest.DefaultDimensions)) {
		t.Errorf("Embed returned wrong vectors")
	}
	if n := srv.EmbeddingRequests(); n != 4 {
		t.Errorf("server got %d requests, want 4 (batch 1, then batch 2 three times)", n)
	}
}

func TestEmbedQuotaFailsAtOnce(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueEmbeddings(openaitest.QuotaReply())
	_, err := newClient(t, srv, nil).Embed(t.Context(), "m", []string{"a"}, 0)
	var apiErr *llm.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "insufficient_quota" || apiErr.Retryable() {
		t.Errorf("err = %v, want a final insufficient_quota APIError", err)
	}
	if !strings.Contains(err.Error(), `embedding texts 0-0 of 1 with model "m"`) {
		t.Errorf("err = %q, want it to say what was being embedded", err)
	}
	if n := srv.EmbeddingRequests(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

func TestEmbedTimeout(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueEmbeddings(openaitest.Reply{Delay: time.Minute})
	c := newClient(t, srv, func(cfg *llm.Config) { cfg.Timeout = 100 * time.Millisecond })
	start := time.Now()
	_, err := c.Embed(t.Context(), "m", []string{"a"}, 0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a timeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Embed returned after %v, want about 100ms", d)
	}
}

// TestKeyNeverLeaks runs failures whose server messages quote the key and checks that neither the
// errors nor the logs contain it.
func TestKeyNeverLeaks(t *testing.T) {
	srv := openaitest.New(t)
	echoKey := func(r openaitest.Request) openaitest.Reply {
		return openaitest.ErrorReply(401, "invalid_api_key", "Incorrect API key provided: "+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	}
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, srv, func(cfg *llm.Config) {
		cfg.Logger = logger
		cfg.Timeout = 200 * time.Millisecond
		cfg.MaxRetries = 1
	})

	var errs []error
	for _, f := range []func(openaitest.Request) openaitest.Reply{
		echoKey,
		func(r openaitest.Request) openaitest.Reply { // retried, so it is logged
			return openaitest.ErrorReply(500, "", "upstream rejected key "+r.Header.Get("Authorization"))
		},
		func(r openaitest.Request) openaitest.Reply {
			return openaitest.Reply{Status: 502, Body: "bad gateway for " + r.Header.Get("Authorization")}
		},
		func(openaitest.Request) openaitest.Reply { return openaitest.SlowReply(time.Minute, "") },
	} {
		srv.SetChatDefault(f)
		srv.SetEmbeddingsDefault(f)
		for _, stream := range []bool{false, true} {
			_, _, err := chat(t.Context(), c, question("q"), stream)
			errs = append(errs, err)
		}
		_, err := c.Embed(t.Context(), "m", []string{"a"}, 0)
		errs = append(errs, err)
	}
	for i, err := range errs {
		if err == nil {
			t.Errorf("call %d succeeded, want an error", i)
			continue
		}
		if strings.Contains(err.Error(), testKey) || strings.Contains(fmt.Sprintf("%+v", err), testKey) {
			t.Errorf("error %d contains the API key: %v", i, err)
		}
		var apiErr *llm.APIError
		if errors.As(err, &apiErr) && strings.Contains(apiErr.Message, testKey) {
			t.Errorf("APIError.Message %d contains the API key", i)
		}
	}
	if !strings.Contains(logs.String(), "llm: retrying") {
		t.Errorf("logs hold no retry line; the test would not catch a leak in one")
	}
	if strings.Contains(logs.String(), testKey) {
		t.Errorf("logs contain the API key:\n%s", logs.String())
	}
	// The key did reach the server, where it belongs.
	if got := srv.Requests()[0].Header.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("Authorization header not sent")
	}

	cfg := llm.Config{BaseURL: srv.URL(), APIKey: testKey}
	var cfgLog bytes.Buffer
	slog.New(slog.NewTextHandler(&cfgLog, nil)).Info("config", "llm", cfg)
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), cfgLog.String()} {
		if strings.Contains(s, testKey) {
			t.Errorf("formatted Config contains the API key: %s", s)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  llm.Config
		want []string // substrings of the error; nil means valid
	}{
		{"local server without key", llm.Config{BaseURL: "http://localhost:11434/v1"}, nil},
		{"OpenAI with key", llm.Config{APIKey: "sk-x"}, nil},
		{"nothing set", llm.Config{}, []string{"APIKey is required"}},
		{"relative URL", llm.Config{BaseURL: "localhost:11434", APIKey: "k"}, []string{"BaseURL"}},
		{"ftp URL", llm.Config{BaseURL: "ftp://example.com/v1"}, []string{"BaseURL"}},
		{"key with newline", llm.Config{APIKey: "sk-abc\n"}, []string{"APIKey contains whitespace"}},
		{
			"several problems at once",
			llm.Config{BaseURL: "nope", Timeout: -time.Second, MaxRetries: 99, MaxRetryAfter: -1},
			[]string{"BaseURL", "Timeout", "MaxRetries", "MaxRetryAfter"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := llm.New(tt.cfg)
			if tt.want == nil {
				if err != nil || c == nil {
					t.Errorf("New(%v) = %v, %v; want a client", tt.cfg, c, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("New(%v) = nil error, want one mentioning %q", tt.cfg, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New(%v) error %q does not mention %q", tt.cfg, err, w)
				}
			}
			if tt.cfg.APIKey != "" && strings.Contains(err.Error(), strings.TrimSpace(tt.cfg.APIKey)) {
				t.Errorf("New error contains the API key")
			}
		})
	}
}

func TestConcurrentChats(t *testing.T) {
	srv := openaitest.New(t)
	c := newClient(t, srv, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			q := fmt.Sprintf("question %d", i)
			resp, _, err := chat(t.Context(), c, question(q), i%2 == 0)
			if err != nil {
				t.Errorf("Chat(%q): %v", q, err)
				return
			}
			if want := "echo: " + q; resp.Content != want {
				t.Errorf("Chat(%q) = %q, want %q", q, resp.Content, want)
			}
		})
	}
	wg.Wait()
	if got := srv.ChatRequests(); got != 8 {
		t.Errorf("server got %d requests, want 8", got)
	}
}

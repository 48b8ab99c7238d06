package openaitest_test

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/openaitest"
	openai "github.com/sashabaranov/go-openai"
)

func newClient(tb testing.TB, srv *openaitest.Server, key string) *openai.Client {
	tb.Helper()
	cfg := openai.DefaultConfig(key)
	cfg.BaseURL = srv.URL()
	return openai.NewClientWithConfig(cfg)
}

func chatRequest(user string) openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model: "test-model",
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: "be brief"},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
	}
}

func TestChatRecordsAndEchoes(t *testing.T) {
	srv := openaitest.New(t)
	c := newClient(t, srv, "sk-test-key")
	resp, err := c.CreateChatCompletion(t.Context(), chatRequest("hello there"))
	if err != nil {
		t.Fatalf("CreateChatCompletion: %v", err)
	}
	if got, want := resp.Choices[0].Message.Content, "echo: hello there"; got != want {
		t.Errorf("content = %q, want %q", got, want)
	}
	if got, want := resp.Model, "test-model"; got != want {
		t.Errorf("model = %q, want %q", got, want)
	}
	if got := srv.ChatRequests(); got != 1 {
		t.Fatalf("ChatRequests() = %d, want 1", got)
	}
	req := srv.RequestsTo(openaitest.PathChat)[0]
	if req.Method != http.MethodPost || req.Model() != "test-model" || req.Stream() {
		t.Errorf("recorded %s model=%q stream=%v, want POST test-model non-streamed", req.Method, req.Model(), req.Stream())
	}
	if got, want := req.Header.Get("Authorization"), "Bearer sk-test-key"; got != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
	want := []openaitest.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "hello there"}}
	got := req.Messages()
	if len(got) != len(want) {
		t.Fatalf("Messages() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Messages()[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if srv.EmbeddingRequests() != 0 {
		t.Errorf("EmbeddingRequests() = %d, want 0", srv.EmbeddingRequests())
	}
}

func TestChatStreamsInChunks(t *testing.T) {
	tests := []struct {
		name   string
		reply  openaitest.Reply
		deltas int
	}{
		{"three chunks", openaitest.ChunkedReply("Douyin is 抖音 [1].", 3), 3},
		{"per word", openaitest.TextReply("one two three four"), 4},
		{"one chunk", openaitest.ChunkedReply("all at once", 1), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.New(t)
			srv.QueueChat(tt.reply)
			stream, err := newClient(t, srv, "").CreateChatCompletionStream(t.Context(), chatRequest("q"))
			if err != nil {
				t.Fatalf("CreateChatCompletionStream: %v", err)
			}
			defer stream.Close()
			var text strings.Builder
			deltas, finish := 0, openai.FinishReason("")
			for {
				chunk, err := stream.Recv()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("Recv: %v", err)
				}
				if c := chunk.Choices[0].Delta.Content; c != "" {
					deltas++
					text.WriteString(c)
				}
				if fr := chunk.Choices[0].FinishReason; fr != "" {
					finish = fr
				}
			}
			if got := text.String(); got != tt.reply.Text {
				t.Errorf("streamed text = %q, want %q", got, tt.reply.Text)
			}
			if deltas != tt.deltas {
				t.Errorf("deltas = %d, want %d", deltas, tt.deltas)
			}
			if finish != "stop" {
				t.Errorf("finish reason = %q, want stop", finish)
			}
			if !srv.RequestsTo(openaitest.PathChat)[0].Stream() {
				t.Errorf("recorded request has stream=false, want true")
			}
		})
	}
}

// A reasoning reply streams its reasoning in its own field before the content, and exact deltas
// arrive as scripted; neither streamed nor plain, the content never holds the reasoning.
func TestReasoningAndExactDeltas(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueChat(openaitest.ReasoningReply("reasoning_content", "thinking hard", "The answer."),
		openaitest.DeltasReply("Dou", "yin [S", "1]."), openaitest.ReasoningReply("reasoning", "mulling", "Done."))
	c := newClient(t, srv, "")
	stream, err := c.CreateChatCompletionStream(t.Context(), chatRequest("q"))
	if err != nil {
		t.Fatal(err)
	}
	var content, reasoning strings.Builder
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if content.Len() > 0 && chunk.Choices[0].Delta.ReasoningContent != "" {
			t.Errorf("reasoning arrived after content")
		}
		content.WriteString(chunk.Choices[0].Delta.Content)
		reasoning.WriteString(chunk.Choices[0].Delta.ReasoningContent)
	}
	stream.Close()
	if content.String() != "The answer." || reasoning.String() != "thinking hard" {
		t.Errorf("streamed content %q reasoning %q", content.String(), reasoning.String())
	}

	stream, err = c.CreateChatCompletionStream(t.Context(), chatRequest("q"))
	if err != nil {
		t.Fatal(err)
	}
	var deltas []string
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if d := chunk.Choices[0].Delta.Content; d != "" {
			deltas = append(deltas, d)
		}
	}
	stream.Close()
	if strings.Join(deltas, "|") != "Dou|yin [S|1]." {
		t.Errorf("deltas = %q, want the scripted ones", deltas)
	}

	// Not streamed: the "reasoning" field sits beside the content in the message.
	resp, err := http.Post(srv.URL()+"/chat/completions", "application/json",
		strings.NewReader(`{"model":"m","messages":[{"role":"user","content":"q"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"reasoning":"mulling"`) || !strings.Contains(string(body), `"content":"Done."`) {
		t.Errorf("plain reply = %s, want the reasoning field beside the content", body)
	}
}

func TestBrokenStreamEndsWithError(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueChat(openaitest.BrokenStreamReply("a b c d", 4, 2))
	stream, err := newClient(t, srv, "").CreateChatCompletionStream(t.Context(), chatRequest("q"))
	if err != nil {
		t.Fatalf("CreateChatCompletionStream: %v", err)
	}
	defer stream.Close()
	var text strings.Builder
	for {
		chunk, err := stream.Recv()
		if err != nil {
			if errors.Is(err, io.EOF) {
				t.Fatalf("stream ended cleanly after %q, want a broken connection", text.String())
			}
			break
		}
		text.WriteString(chunk.Choices[0].Delta.Content)
	}
	if got, want := text.String(), "a b"; strings.TrimSpace(got) != want {
		t.Errorf("text before the break = %q, want %q", got, want)
	}
}

func TestErrorReplies(t *testing.T) {
	tests := []struct {
		name       string
		reply      openaitest.Reply
		status     int
		code       string
		retryAfter string
	}{
		{"rate limit", openaitest.RateLimitReply("2"), 429, "rate_limit_exceeded", "2"},
		{"quota", openaitest.QuotaReply(), 429, "insufficient_quota", ""},
		{"server error", openaitest.ServerErrorReply(), 500, "", ""},
		{"bad request", openaitest.ErrorReply(400, "context_length_exceeded", "too long"), 400, "context_length_exceeded", ""},
		{"unauthorized", openaitest.ErrorReply(401, "invalid_api_key", "bad key"), 401, "invalid_api_key", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.New(t)
			var header http.Header
			cfg := openai.DefaultConfig("k")
			cfg.BaseURL = srv.URL()
			cfg.HTTPClient = doerFunc(func(r *http.Request) (*http.Response, error) {
				resp, err := http.DefaultClient.Do(r)
				if resp != nil {
					header = resp.Header
				}
				return resp, err
			})
			srv.QueueChat(tt.reply)
			_, err := openai.NewClientWithConfig(cfg).CreateChatCompletion(t.Context(), chatRequest("q"))
			var apiErr *openai.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want *openai.APIError", err)
			}
			if apiErr.HTTPStatusCode != tt.status {
				t.Errorf("status = %d, want %d", apiErr.HTTPStatusCode, tt.status)
			}
			code, _ := apiErr.Code.(string)
			if code != tt.code {
				t.Errorf("code = %q, want %q", code, tt.code)
			}
			if got := header.Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
			}
			// The queue is used up: the next request gets the default reply.
			if _, err := openai.NewClientWithConfig(cfg).CreateChatCompletion(t.Context(), chatRequest("q")); err != nil {
				t.Errorf("second request: %v, want the default reply", err)
			}
		})
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestInvalidRequestDoesNotConsumeQueue(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueChat(openaitest.TextReply("scripted"))
	c := newClient(t, srv, "")
	bad := chatRequest("q")
	bad.Messages = nil
	_, err := c.CreateChatCompletion(t.Context(), bad)
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 400 {
		t.Fatalf("empty messages: err = %v, want a 400 APIError", err)
	}
	resp, err := c.CreateChatCompletion(t.Context(), chatRequest("q"))
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Choices[0].Message.Content; got != "scripted" {
		t.Errorf("content = %q, want the queued %q", got, "scripted")
	}
	if got := srv.ChatRequests(); got != 2 {
		t.Errorf("ChatRequests() = %d, want 2 (invalid requests are recorded too)", got)
	}
}

func TestRequireAPIKey(t *testing.T) {
	srv := openaitest.New(t)
	srv.RequireAPIKey("right")
	for _, tt := range []struct {
		key    string
		status int
	}{{"wrong", 401}, {"", 401}, {"right", 0}} {
		_, err := newClient(t, srv, tt.key).CreateChatCompletion(t.Context(), chatRequest("q"))
		status := 0
		var apiErr *openai.APIError
		if errors.As(err, &apiErr) {
			status = apiErr.HTTPStatusCode
		} else if err != nil {
			t.Fatalf("key %q: unexpected error %v", tt.key, err)
		}
		if status != tt.status {
			t.Errorf("key %q: status = %d, want %d", tt.key, status, tt.status)
		}
	}
}

func TestSlowReplyHonoursClientContext(t *testing.T) {
	srv := openaitest.New(t)
	srv.QueueChat(openaitest.SlowReply(time.Minute, "too late"))
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := newClient(t, srv, "").CreateChatCompletion(ctx, chatRequest("q"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %v, want about 50ms", d)
	}
	// Closing must not wait for the abandoned minute-long delay either.
	start = time.Now()
	srv.Close()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
}

func TestLatency(t *testing.T) {
	srv := openaitest.New(t)
	srv.SetLatency(30 * time.Millisecond)
	start := time.Now()
	if _, err := newClient(t, srv, "").CreateEmbeddings(t.Context(), openai.EmbeddingRequestStrings{Input: []string{"x"}, Model: "m"}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("request took %v, want at least the 30ms latency", d)
	}
}

func TestEmbeddings(t *testing.T) {
	inputs := []string{"Douyin live commerce", "拼多多 group buying", "Kuaishou"}
	tests := []struct {
		name   string
		reply  openaitest.Reply
		format openai.EmbeddingEncodingFormat
		dim    int
	}{
		{"default", openaitest.Reply{}, "", openaitest.DefaultDimensions},
		{"reversed", openaitest.Reply{Reverse: true}, "", openaitest.DefaultDimensions},
		{"dimensions", openaitest.Reply{Dimensions: 7}, "", 7},
		{"base64", openaitest.Reply{}, openai.EmbeddingEncodingFormatBase64, openaitest.DefaultDimensions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.New(t)
			srv.QueueEmbeddings(tt.reply)
			resp, err := newClient(t, srv, "").CreateEmbeddings(t.Context(), openai.EmbeddingRequestStrings{
				Input: inputs, Model: "embed-model", EncodingFormat: tt.format,
			})
			if err != nil {
				t.Fatalf("CreateEmbeddings: %v", err)
			}
			if len(resp.Data) != len(inputs) {
				t.Fatalf("got %d embeddings, want %d", len(resp.Data), len(inputs))
			}
			for k, d := range resp.Data {
				wantIndex := k
				if tt.reply.Reverse {
					wantIndex = len(inputs) - 1 - k
				}
				if d.Index != wantIndex {
					t.Errorf("data[%d].index = %d, want %d", k, d.Index, wantIndex)
				}
				want := openaitest.Vector(inputs[d.Index], tt.dim)
				if len(d.Embedding) != len(want) {
					t.Fatalf("data[%d] has %d dimensions, want %d", k, len(d.Embedding), len(want))
				}
				for j := range want {
					if d.Embedding[j] != want[j] {
						t.Fatalf("data[%d] = Vector(%q) mismatch at %d: %v, want %v", k, inputs[d.Index], j, d.Embedding[j], want[j])
					}
				}
			}
			req := srv.RequestsTo(openaitest.PathEmbeddings)[0]
			if req.Model() != "embed-model" || strings.Join(req.Inputs(), "|") != strings.Join(inputs, "|") {
				t.Errorf("recorded model %q inputs %q, want embed-model %q", req.Model(), req.Inputs(), inputs)
			}
		})
	}
}

func TestEmbeddingsRejectEmptyInput(t *testing.T) {
	srv := openaitest.New(t)
	_, err := newClient(t, srv, "").CreateEmbeddings(t.Context(), openai.EmbeddingRequestStrings{Input: []string{"a", ""}, Model: "m"})
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 400 {
		t.Errorf("err = %v, want a 400 like the real API", err)
	}
}

func TestVector(t *testing.T) {
	a := openaitest.Vector("Pinduoduo group buying", 64)
	b := openaitest.Vector("Pinduoduo group buying", 64)
	near := openaitest.Vector("pinduoduo group-buying deals", 64)
	far := openaitest.Vector("抖音直播电商", 64)
	var norm float64
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("Vector is not deterministic at %d: %v != %v", i, a[i], b[i])
		}
		norm += float64(a[i]) * float64(a[i])
	}
	if math.Abs(norm-1) > 1e-5 {
		t.Errorf("|Vector| = %v, want 1", math.Sqrt(norm))
	}
	if dot(a, near) <= dot(a, far) {
		t.Errorf("similar text scored %v, unrelated %v; want similar > unrelated", dot(a, near), dot(a, far))
	}
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestConcurrentRequestsAreAllRecorded(t *testing.T) {
	srv := openaitest.New(t)
	c := newClient(t, srv, "")
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		srv.QueueChat(openaitest.TextReply("r"))
		wg.Go(func() {
			_, err := c.CreateChatCompletion(t.Context(), chatRequest("q"))
			errs <- err
		})
		wg.Go(func() {
			_, err := c.CreateEmbeddings(t.Context(), openai.EmbeddingRequestStrings{Input: []string{"x", strings.Repeat("y", i+1)}, Model: "m"})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := srv.ChatRequests(); got != n {
		t.Errorf("ChatRequests() = %d, want %d", got, n)
	}
	if got := srv.EmbeddingRequests(); got != n {
		t.Errorf("EmbeddingRequests() = %d, want %d", got, n)
	}
	if got := len(srv.Requests()); got != 2*n {
		t.Errorf("len(Requests()) = %d, want %d", got, 2*n)
	}
}

func TestChatDefaultFunction(t *testing.T) {
	srv := openaitest.New(t)
	srv.SetChatDefault(func(r openaitest.Request) openaitest.Reply {
		return openaitest.TextReply(strings.ToUpper(r.LastUserMessage()))
	})
	srv.QueueChat(openaitest.TextReply("queued first"))
	c := newClient(t, srv, "")
	for _, want := range []string{"queued first", "ABC", "ABC"} {
		resp, err := c.CreateChatCompletion(t.Context(), chatRequest("abc"))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Choices[0].Message.Content; got != want {
			t.Errorf("content = %q, want %q", got, want)
		}
	}
}

func TestUnknownPathAndMethod(t *testing.T) {
	srv := openaitest.New(t)
	for _, tt := range []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/v1/chat/completions", http.StatusMethodNotAllowed},
		{http.MethodPost, "/v1/completions", http.StatusNotFound},
	} {
		req, _ := http.NewRequestWithContext(t.Context(), tt.method, strings.TrimSuffix(srv.URL(), "/v1")+tt.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
		}
	}
	if got := len(srv.Requests()); got != 2 {
		t.Errorf("len(Requests()) = %d, want 2", got)
	}
}

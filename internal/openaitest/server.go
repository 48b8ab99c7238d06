// Package openaitest runs an in-process OpenAI-compatible server for tests.
//
// The server listens on 127.0.0.1 (httptest), speaks the real wire protocol of
// POST /v1/chat/completions (plain JSON and server-sent events) and POST /v1/embeddings,
// records every request it receives, and plays scripted replies: text streamed in chunks,
// OpenAI error bodies (429 with Retry-After, 500, 400, 401, insufficient_quota), slow replies
// that honour the request's context, and streams that break half-way.
//
// Typical use:
//
//	srv := openaitest.New(t)
//	srv.QueueChat(openaitest.RateLimitReply("1"), openaitest.TextReply("Hello [1]."))
//	client := newClientUnderTest(srv.URL()) // base URL ends in /v1
//	...
//	if got := srv.ChatRequests(); got != 2 { t.Errorf("ChatRequests() = %d, want 2", got) }
//
// When a queue is empty the server falls back to a default behaviour: chat replies echo the last
// user message (see [Server.SetChatDefault]) and embeddings are deterministic vectors from
// [Vector] (see [Server.SetEmbeddingsDefault]).
package openaitest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Paths served by the fake, relative to the host (the base URL from [Server.URL] ends in /v1).
const (
	PathChat       = "/v1/chat/completions"
	PathEmbeddings = "/v1/embeddings"
)

// DefaultDimensions is the length of the vectors the default embeddings behaviour returns.
const DefaultDimensions = 64

// Request is one recorded HTTP request. Copies share Body and Raw: treat them as read-only.
type Request struct {
	// Time is when the request arrived.
	Time   time.Time
	Method string
	Path   string
	// Header holds every request header, including Authorization.
	Header http.Header
	// Raw is the body as received.
	Raw []byte
	// Body is the decoded JSON body (nil if the body was not a JSON object).
	Body map[string]any
}

// Message is one chat message of a recorded request.
type Message struct {
	Role    string
	Content string
}

// Model returns the request's "model" field.
func (r Request) Model() string {
	s, _ := r.Body["model"].(string)
	return s
}

// Stream reports whether the request asked for a streamed (SSE) reply.
func (r Request) Stream() bool {
	b, _ := r.Body["stream"].(bool)
	return b
}

// Temperature returns the request's "temperature" field and whether it was present.
func (r Request) Temperature() (float64, bool) {
	f, ok := r.Body["temperature"].(float64)
	return f, ok
}

// Messages returns the chat messages of a chat request. Content given as an array of parts is
// joined from its text parts.
func (r Request) Messages() []Message {
	raw, _ := r.Body["messages"].([]any)
	msgs := make([]Message, 0, len(raw))
	for _, m := range raw {
		obj, _ := m.(map[string]any)
		role, _ := obj["role"].(string)
		msgs = append(msgs, Message{Role: role, Content: contentText(obj["content"])})
	}
	return msgs
}

// LastUserMessage returns the content of the last message with role "user", or "".
func (r Request) LastUserMessage() string {
	msgs := r.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" {
			return msgs[i].Content
		}
	}
	return ""
}

// Inputs returns the inputs of an embeddings request ("input" as a string or an array of strings).
func (r Request) Inputs() []string {
	switch v := r.Body["input"].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil
			}
			out = append(out, s)
		}
		return out
	}
	return nil
}

func contentText(c any) string {
	switch v := c.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, p := range v {
			part, _ := p.(map[string]any)
			if t, ok := part["text"].(string); ok {
				b.WriteString(t)
			}
		}
		return b.String()
	}
	return ""
}

// Server is an in-process OpenAI-compatible server. Its methods are safe for concurrent use.
type Server struct {
	ts      *httptest.Server
	closing chan struct{}
	once    sync.Once

	mu           sync.Mutex
	requests     []Request
	chatQueue    []Reply
	embedQueue   []Reply
	chatDefault  func(Request) Reply
	embedDefault func(Request) Reply
	latency      time.Duration
	apiKey       string
}

// New starts a server on 127.0.0.1 and closes it when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{closing: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathChat, s.handleChat)
	mux.HandleFunc("POST "+PathEmbeddings, s.handleEmbeddings)
	mux.HandleFunc("/", s.handleOther)
	s.ts = httptest.NewServer(mux)
	tb.Cleanup(s.Close)
	return s
}

// URL returns the base URL of the API, ending in /v1 (what OPENAI_BASE_URL would hold).
func (s *Server) URL() string { return s.ts.URL + "/v1" }

// Close stops the server. Replies still waiting on a delay end at once. Close is idempotent and
// is called automatically when the test that created the server ends.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.ts.CloseClientConnections()
		s.ts.Close()
	})
}

// QueueChat appends replies for the next chat requests, played in order, one per request.
func (s *Server) QueueChat(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatQueue = append(s.chatQueue, replies...)
}

// QueueEmbeddings appends replies for the next embeddings requests, played in order, one per request.
func (s *Server) QueueEmbeddings(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.embedQueue = append(s.embedQueue, replies...)
}

// SetChatDefault sets the behaviour for chat requests when the chat queue is empty. nil restores
// the built-in default, which replies "echo: " followed by the last user message.
func (s *Server) SetChatDefault(f func(Request) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatDefault = f
}

// SetEmbeddingsDefault sets the behaviour for embeddings requests when the embeddings queue is
// empty. nil restores the built-in default: one [Vector] of [DefaultDimensions] per input.
func (s *Server) SetEmbeddingsDefault(f func(Request) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.embedDefault = f
}

// SetLatency adds a fixed delay before every reply (for benchmarks, e.g. 20 ms). The delay
// honours the request's context.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// RequireAPIKey makes the server answer 401 invalid_api_key to API requests whose Authorization
// header is not "Bearer " + key. The empty key (the default) accepts every request.
func (s *Server) RequireAPIKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiKey = key
}

// Requests returns a copy of every recorded request, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the recorded requests to path (e.g. [PathChat]), in arrival order.
func (s *Server) RequestsTo(path string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// ChatRequests returns how many chat requests arrived, whatever their outcome.
func (s *Server) ChatRequests() int { return s.count(PathChat) }

// EmbeddingRequests returns how many embeddings requests arrived, whatever their outcome.
func (s *Server) EmbeddingRequests() int { return s.count(PathEmbeddings) }

func (s *Server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.Path == path {
			n++
		}
	}
	return n
}

// Reset forgets the recorded requests and empties both queues; defaults and latency stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.chatQueue, s.embedQueue = nil, nil, nil
}

// record stores the request and returns it with the settings that apply to it.
func (s *Server) record(r *http.Request) (Request, time.Duration, string) {
	raw, _ := io.ReadAll(r.Body)
	req := Request{
		Time:   time.Now(),
		Method: r.Method,
		Path:   r.URL.Path,
		Header: r.Header.Clone(),
		Raw:    raw,
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err == nil {
		req.Body = body
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
	return req, s.latency, s.apiKey
}

// next pops the next queued reply for the path, or asks the default behaviour.
func (s *Server) next(path string, req Request) Reply {
	s.mu.Lock()
	queue := &s.chatQueue
	def := s.chatDefault
	if path == PathEmbeddings {
		queue, def = &s.embedQueue, s.embedDefault
	}
	if len(*queue) > 0 {
		r := (*queue)[0]
		*queue = (*queue)[1:]
		s.mu.Unlock()
		return r
	}
	s.mu.Unlock()
	if def != nil {
		return def(req)
	}
	if path == PathEmbeddings {
		return Reply{}
	}
	return TextReply("echo: " + req.LastUserMessage())
}

// wait sleeps for d unless the request or the server ends first; it reports whether to go on.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.closing:
		return false
	}
}

// prologue records the request and applies the checks and delays common to every endpoint; a
// request that fails validation gets a 400 without consuming a queued reply. It
// returns the reply to play, or false when the response has already been written (or abandoned).
func (s *Server) prologue(w http.ResponseWriter, r *http.Request, validate func(Request) string) (Request, Reply, bool) {
	req, latency, key := s.record(r)
	if !s.wait(r, latency) {
		return req, Reply{}, false
	}
	if key != "" && r.Header.Get("Authorization") != "Bearer "+key {
		writeError(w, ErrorReply(http.StatusUnauthorized, "invalid_api_key", "Incorrect API key provided."))
		return req, Reply{}, false
	}
	if req.Body == nil {
		writeError(w, ErrorReply(http.StatusBadRequest, "", "We could not parse the JSON body of your request."))
		return req, Reply{}, false
	}
	if msg := validate(req); msg != "" {
		writeError(w, ErrorReply(http.StatusBadRequest, "", msg))
		return req, Reply{}, false
	}
	reply := s.next(req.Path, req)
	if !s.wait(r, reply.Delay) {
		return req, Reply{}, false
	}
	for k, vs := range reply.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if reply.RetryAfter != "" {
		w.Header().Set("Retry-After", reply.RetryAfter)
	}
	if reply.Body != "" {
		status := reply.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, reply.Body)
		return req, Reply{}, false
	}
	if reply.Status != 0 && reply.Status != http.StatusOK {
		writeError(w, reply)
		return req, Reply{}, false
	}
	return req, reply, true
}

func (s *Server) handleOther(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	status, msg := http.StatusNotFound, "Unknown request URL: "+r.Method+" "+r.URL.Path
	if r.URL.Path == PathChat || r.URL.Path == PathEmbeddings {
		status, msg = http.StatusMethodNotAllowed, "Method not allowed: "+r.Method
	}
	writeError(w, ErrorReply(status, "", msg))
}

// writeError writes an OpenAI error body: {"error":{"message","type","param","code"}}.
func writeError(w http.ResponseWriter, r Reply) {
	typ := r.Type
	if typ == "" {
		typ = errorType(r.Status, r.Code)
	}
	var code any
	if r.Code != "" {
		code = r.Code
	}
	msg := r.Message
	if msg == "" {
		msg = http.StatusText(r.Status)
	}
	body := map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": code}}
	writeJSON(w, r.Status, body)
}

func errorType(status int, code string) string {
	switch {
	case code == "insufficient_quota":
		return "insufficient_quota"
	case status == http.StatusTooManyRequests:
		return "requests"
	case status >= 500:
		return "server_error"
	default:
		return "invalid_request_error"
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

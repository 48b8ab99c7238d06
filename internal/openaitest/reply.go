package openaitest

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"strings"
	"time"
	"unicode"
)

// Reply scripts how the server answers one request. The zero Reply answers successfully: for chat
// with an empty message, for embeddings with one [Vector] per input.
//
// Chat replies are streamed (SSE) when the request says "stream": true, as the real API does, and
// returned as one JSON object otherwise.
type Reply struct {
	// Text is the assistant's message for chat requests.
	Text string
	// Chunks is how many content chunks a streamed reply is split into; 0 means one per word.
	Chunks int
	// Deltas, when set, are the streamed content chunks exactly (Text is then ignored for streams;
	// a reply that is not streamed is Deltas joined).
	Deltas []string
	// Reasoning is a reasoning model's thinking, sent before the content in the field ReasoningField
	// of the message (not streamed) or of the deltas (streamed, one chunk per word), as DeepSeek,
	// vLLM, Ollama and OpenRouter do. It is never part of the content.
	Reasoning string
	// ReasoningField names the reasoning field: "reasoning_content" (the default) or "reasoning".
	ReasoningField string
	// ChunkDelay is a pause between streamed content chunks (none before the first); it honours
	// the request's context. A long ChunkDelay makes a stream that stalls after its first chunk.
	ChunkDelay time.Duration
	// FinishReason defaults to "stop".
	FinishReason string
	// Model is the model named in the reply; empty means the request's model.
	Model string
	// Break drops the connection of a streamed reply after BreakAfter content chunks, without
	// the final chunk and without "data: [DONE]", as a server crashing mid-answer would. For a
	// reply that is not streamed (and for embeddings), Break drops the connection before any
	// response is written.
	Break      bool
	BreakAfter int

	// Vectors, when not nil, are returned as the embeddings, whatever the inputs (so a test can
	// return the wrong count or dimensions).
	Vectors [][]float32
	// Dimensions is the length of generated vectors; 0 means [DefaultDimensions].
	Dimensions int
	// Reverse lists embeddings in reverse order (each still with its correct "index").
	Reverse bool

	// Status, when neither 0 nor 200, makes the reply an OpenAI error body with this HTTP status.
	Status int
	// Code is the error's "code" (e.g. "insufficient_quota", "rate_limit_exceeded").
	Code string
	// Type is the error's "type"; empty means one derived from Status and Code.
	Type string
	// Message is the error's "message"; empty means the status text.
	Message string
	// RetryAfter sets the Retry-After header (seconds or an HTTP date).
	RetryAfter string
	// Header holds extra response headers (e.g. "Retry-After-Ms").
	Header http.Header

	// Delay is a pause before replying; it honours the request's context, so a client that gives
	// up does not keep the test waiting.
	Delay time.Duration
	// Body, when set, is written verbatim with Status (default 200) instead of a generated reply,
	// for malformed responses.
	Body string
}

// TextReply answers a chat request with text (streamed one chunk per word when asked to stream).
func TextReply(text string) Reply { return Reply{Text: text} }

// ChunkedReply answers a chat request with text, streamed in n chunks when asked to stream.
func ChunkedReply(text string, n int) Reply { return Reply{Text: text, Chunks: n} }

// SlowReply answers with text after d.
func SlowReply(d time.Duration, text string) Reply { return Reply{Text: text, Delay: d} }

// BrokenStreamReply streams text in chunks but drops the connection after `after` of them.
func BrokenStreamReply(text string, chunks, after int) Reply {
	return Reply{Text: text, Chunks: chunks, Break: true, BreakAfter: after}
}

// DeltasReply answers a chat request with these exact content chunks when streaming (joined when not).
func DeltasReply(deltas ...string) Reply { return Reply{Deltas: deltas} }

// ReasoningReply answers like a reasoning model: reasoning in the field named field
// ("reasoning_content" or "reasoning"), then text.
func ReasoningReply(field, reasoning, text string) Reply {
	return Reply{Text: text, Reasoning: reasoning, ReasoningField: field}
}

// ErrorReply answers with an OpenAI error body.
func ErrorReply(status int, code, message string) Reply {
	return Reply{Status: status, Code: code, Message: message}
}

// RateLimitReply answers 429 rate_limit_exceeded with the given Retry-After header ("" for none).
func RateLimitReply(retryAfter string) Reply {
	return Reply{
		Status:     http.StatusTooManyRequests,
		Code:       "rate_limit_exceeded",
		Message:    "Rate limit reached for requests. Please try again later.",
		RetryAfter: retryAfter,
	}
}

// QuotaReply answers 429 insufficient_quota, which a client must not retry.
func QuotaReply() Reply {
	return Reply{
		Status:  http.StatusTooManyRequests,
		Code:    "insufficient_quota",
		Message: "You exceeded your current quota, please check your plan and billing details.",
	}
}

// ServerErrorReply answers 500 server_error.
func ServerErrorReply() Reply {
	return Reply{Status: http.StatusInternalServerError, Message: "The server had an error while processing your request."}
}

func validateChat(r Request) string {
	if r.Model() == "" {
		return "you must provide a model parameter"
	}
	if msgs, ok := r.Body["messages"].([]any); !ok || len(msgs) == 0 {
		return "'messages' must be a non-empty array"
	}
	return ""
}

func validateEmbeddings(r Request) string {
	if r.Model() == "" {
		return "you must provide a model parameter"
	}
	in := r.Inputs()
	if len(in) == 0 {
		return "'input' must be a non-empty string or array of strings"
	}
	for i, s := range in {
		if s == "" {
			return fmt.Sprintf("'$.input[%d]' is invalid: empty string", i)
		}
	}
	return ""
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) {
	req, reply, ok := s.prologue(w, r, validateChat)
	if !ok {
		return
	}
	model := reply.Model
	if model == "" {
		model = req.Model()
	}
	finish := reply.FinishReason
	if finish == "" {
		finish = "stop"
	}
	id := fmt.Sprintf("chatcmpl-fake-%d", s.ChatRequests())
	created := time.Now().Unix()
	text := reply.Text
	if reply.Deltas != nil {
		text = strings.Join(reply.Deltas, "")
	}
	reasoningField := reply.ReasoningField
	if reasoningField == "" {
		reasoningField = "reasoning_content"
	}
	if !req.Stream() {
		if reply.Break {
			panic(http.ErrAbortHandler) // drops the connection without a response
		}
		tokens := len(strings.Fields(text))
		msg := map[string]any{"role": "assistant", "content": text}
		if reply.Reasoning != "" {
			msg[reasoningField] = reply.Reasoning
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"id": id, "object": "chat.completion", "created": created, "model": model,
			"choices": []any{map[string]any{
				"index":         0,
				"message":       msg,
				"finish_reason": finish,
			}},
			"usage": map[string]any{"prompt_tokens": 1, "completion_tokens": tokens, "total_tokens": tokens + 1},
		})
		return
	}

	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	event := func(delta map[string]any, finish any) {
		fmt.Fprintf(w, "data: %s\n\n", mustJSON(map[string]any{
			"id": id, "object": "chat.completion.chunk", "created": created, "model": model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
		}))
		if flusher != nil {
			flusher.Flush()
		}
	}
	event(map[string]any{"role": "assistant", "content": ""}, nil)
	for _, r := range split(reply.Reasoning, 0) {
		event(map[string]any{reasoningField: r}, nil)
	}
	chunks := reply.Deltas
	if chunks == nil {
		chunks = split(reply.Text, reply.Chunks)
	}
	for i, chunk := range chunks {
		if reply.Break && i == reply.BreakAfter {
			panic(http.ErrAbortHandler) // drops the connection mid-stream
		}
		if i > 0 && !s.wait(r, reply.ChunkDelay) {
			return
		}
		event(map[string]any{"content": chunk}, nil)
	}
	if reply.Break {
		panic(http.ErrAbortHandler)
	}
	event(map[string]any{}, finish)
	fmt.Fprint(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}

func (s *Server) handleEmbeddings(w http.ResponseWriter, r *http.Request) {
	req, reply, ok := s.prologue(w, r, validateEmbeddings)
	if !ok {
		return
	}
	if reply.Break {
		panic(http.ErrAbortHandler)
	}
	inputs := req.Inputs()
	vectors := reply.Vectors
	if vectors == nil {
		dim := reply.Dimensions
		if dim <= 0 {
			dim = DefaultDimensions
		}
		vectors = make([][]float32, len(inputs))
		for i, in := range inputs {
			vectors[i] = Vector(in, dim)
		}
	}
	base64Format := req.Body["encoding_format"] == "base64"
	data := make([]any, len(vectors))
	for i, v := range vectors {
		var emb any = v
		if base64Format {
			emb = encodeBase64(v)
		}
		item := map[string]any{"object": "embedding", "index": i, "embedding": emb}
		if reply.Reverse {
			data[len(vectors)-1-i] = item
		} else {
			data[i] = item
		}
	}
	tokens := 0
	for _, in := range inputs {
		tokens += len(strings.Fields(in))
	}
	model := reply.Model
	if model == "" {
		model = req.Model()
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"object": "list", "data": data, "model": model,
		"usage": map[string]any{"prompt_tokens": tokens, "total_tokens": tokens},
	})
}

// split cuts text into n pieces of nearly equal rune count (n <= 0: one piece per word, keeping
// the spaces). Joining the pieces gives text back.
func split(text string, n int) []string {
	if text == "" {
		return nil
	}
	if n <= 0 {
		var out []string
		start := 0
		for i, r := range text {
			if unicode.IsSpace(r) && i > start {
				out = append(out, text[start:i])
				start = i
			}
		}
		return append(out, text[start:])
	}
	runes := []rune(text)
	if n > len(runes) {
		n = len(runes)
	}
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, string(runes[i*len(runes)/n:(i+1)*len(runes)/n]))
	}
	return out
}

// Vector returns a deterministic unit vector of dim dimensions for text: hashed, lower-cased
// character trigrams, so texts sharing words get similar vectors. Tests can call it to compute
// the embeddings the default behaviour returns.
func Vector(text string, dim int) []float32 {
	if dim <= 0 {
		dim = DefaultDimensions
	}
	v := make([]float64, dim)
	runes := []rune(" " + strings.ToLower(text) + " ")
	for i := 0; i+3 <= len(runes); i++ {
		h := fnv.New64a()
		h.Write([]byte(string(runes[i : i+3])))
		sum := h.Sum64()
		sign := 1.0
		if sum&1 == 1 {
			sign = -1
		}
		v[(sum>>1)%uint64(dim)] += sign
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, dim)
	if norm == 0 {
		out[0] = 1
		return out
	}
	norm = math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}

func encodeBase64(v []float32) string {
	buf := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(x))
	}
	return base64.StdEncoding.EncodeToString(buf)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps of JSON-safe values are marshalled here
	}
	return string(b)
}

package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/metrics"
	"github.com/citebot/citebot/retrieval"
)

// maxPlatformLen bounds the {platform} of a summary request, in bytes.
const maxPlatformLen = 200

// askRequest is the body of POST /api/ask.
type askRequest struct {
	Question string        `json:"question"`
	History  []answer.Turn `json:"history"`
}

// SearchResult is one hit of GET /api/search: the passage with its position and score, and the link
// that opens it (the shape of `citebot search --json`).
type SearchResult struct {
	retrieval.ParagraphResult
	URL string `json:"url"`
}

// SearchResponse is the body of GET /api/search.
type SearchResponse struct {
	Query   string         `json:"query"`
	Results []SearchResult `json:"results"`
}

// PlatformsResponse is the body of GET /api/platforms.
type PlatformsResponse struct {
	Platforms []answer.PlatformInfo `json:"platforms"`
}

// Health is the body of GET /healthz. The corpus fields are there when the server is told about the
// corpus (Config.Corpus).
type Health struct {
	Status    string `json:"status"`
	Documents int    `json:"documents"`
	// CorpusVersion identifies the version of the corpus being served; it changes with any change
	// to the documents, the catalog or the embedding model.
	CorpusVersion string `json:"corpus_version,omitempty"`
	// CorpusLoaded is when that version started being served.
	CorpusLoaded *time.Time `json:"corpus_loaded,omitempty"`
	// LastReload is when the last reload of the corpus ended, and LastReloadError why it failed.
	LastReload      *time.Time `json:"last_reload,omitempty"`
	LastReloadError string     `json:"last_reload_error,omitempty"`
	// Stale: the corpus changed but the index could not be updated (a read-only data folder).
	Stale bool `json:"stale,omitempty"`
}

// Server-sent event names of a streamed answer: "token" events carry {"delta": "..."} as the answer's
// text is verified (a model's answer shows nothing until a citation checks out, then grows sentence
// by sentence, so what was shown is never taken back), then one "answer" event carries the final
// answer, whose text is exactly the deltas joined, or one "error" event carries
// {"error": "...", "status": N}.
const (
	EventToken  = "token"
	EventAnswer = "answer"
	EventError  = "error"
)

// TokenEvent is the data of a "token" event.
type TokenEvent struct {
	Delta string `json:"delta"`
}

// ErrorEvent is the data of an "error" event.
type ErrorEvent struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// AnswerResponse is the body of POST /api/ask and the data of the "answer" event: the answer as
// `citebot ask --json` prints it, plus its text rendered as sanitised HTML whose only links are its
// citation markers.
type AnswerResponse struct {
	answer.Answer
	HTML string `json:"html"`
}

// SummaryResponse is the body of GET /api/summary/{platform}: the summary as `citebot summary --json`
// prints it, plus its text rendered as sanitised HTML.
type SummaryResponse struct {
	answer.Summary
	HTML string `json:"html"`
}

func (s *Server) handleAsk() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req askRequest
		if status, err := s.decodeBody(w, r, &req); err != nil {
			writeError(w, status, err.Error())
			return
		}
		question := strings.TrimSpace(req.Question)
		if err := s.checkQuestion(question, req.History); err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		ctx, done, ok := s.beginAnswer(w, r)
		if !ok {
			return
		}
		defer done()
		rc := http.NewResponseController(w)

		opts := answer.Options{History: req.History}
		var stream *sseWriter
		if wantsStream(r) {
			stream = newSSEWriter(w, rc, s.cfg.StallTimeout, done)
			capped := &byteCap{max: s.cfg.MaxAnswerBytes}
			opts.OnToken = func(delta string) {
				if d := capped.take(delta); d != "" {
					stream.send(EventToken, TokenEvent{Delta: d})
				}
			}
		}
		start := time.Now()
		ans, err := s.answers.Ask(ctx, question, opts)
		s.metrics.ObserveAsk(metrics.SurfaceWeb, ans, err, time.Since(start))
		if err != nil {
			status, msg := s.classify(ctx, "ask", err)
			if stream != nil && stream.hasStarted() {
				stream.send(EventError, ErrorEvent{Error: msg, Status: status})
				return
			}
			s.writeBounded(w, rc, status, errorBody{Error: msg})
			return
		}
		ans.Text, ans.Notice = capText(ans.Text, ans.Notice, s.cfg.MaxAnswerBytes)
		resp := AnswerResponse{Answer: ans, HTML: s.md.render(ans.Text, markerTargets(ans.Citations, ans.Related, ans.Abstained))}
		if stream != nil {
			stream.send(EventAnswer, resp)
			return
		}
		s.writeBounded(w, rc, http.StatusOK, resp)
	})
}

// writeBounded encodes v as JSON with status, giving the client StallTimeout to take it.
func (s *Server) writeBounded(w http.ResponseWriter, rc *http.ResponseController, status int, v any) {
	_ = rc.SetWriteDeadline(time.Now().Add(s.cfg.StallTimeout))
	encode(w, status, v)
}

func (s *Server) handleSearch() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query := r.URL.Query()
		q := strings.TrimSpace(query.Get("q"))
		switch {
		case q == "":
			writeError(w, http.StatusBadRequest, "query (q) is empty")
			return
		case utf8.RuneCountInString(q) > s.cfg.MaxQuestionLen:
			writeError(w, http.StatusBadRequest, fmt.Sprintf("query (q) is %d characters; the limit is %d", utf8.RuneCountInString(q), s.cfg.MaxQuestionLen))
			return
		}
		k := DefaultSearchK
		if ks := query.Get("k"); ks != "" {
			n, err := strconv.Atoi(ks)
			if err != nil || n < 1 || n > MaxSearchK {
				writeError(w, http.StatusBadRequest, fmt.Sprintf("k must be a whole number from 1 to %d, got %q", MaxSearchK, ks))
				return
			}
			k = n
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.AskTimeout)
		defer cancel()
		start := time.Now()
		results, err := s.search.SearchParagraphs(ctx, q, k)
		s.metrics.ObserveRetrieval(metrics.SurfaceWeb, time.Since(start))
		if err != nil {
			status, msg := s.classify(ctx, "search", err)
			writeError(w, status, msg)
			return
		}
		resp := SearchResponse{Query: q, Results: make([]SearchResult, 0, len(results))}
		for _, res := range results {
			resp.Results = append(resp.Results, SearchResult{
				ParagraphResult: res,
				URL:             s.cfg.Links.Link(links.Target{File: res.File, Paragraph: res.Paragraph, StartLine: res.StartLine, EndLine: res.EndLine, Page: res.Page}),
			})
		}
		encode(w, http.StatusOK, resp)
	})
}

func (s *Server) handleSummary() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		platform := strings.TrimSpace(r.PathValue("platform"))
		switch {
		case platform == "":
			writeError(w, http.StatusBadRequest, "platform is empty")
			return
		case len(platform) > maxPlatformLen:
			writeError(w, http.StatusBadRequest, fmt.Sprintf("platform name is %d bytes; the limit is %d", len(platform), maxPlatformLen))
			return
		}
		ctx, done, ok := s.beginAnswer(w, r)
		if !ok {
			return
		}
		defer done()
		rc := http.NewResponseController(w)
		start := time.Now()
		sum, err := s.answers.Summarize(ctx, platform, answer.Options{})
		s.metrics.ObserveSummary(metrics.SurfaceWeb, sum, err, time.Since(start))
		if err != nil {
			status, msg := s.classify(ctx, "summary", err)
			if status == http.StatusNotFound {
				msg = fmt.Sprintf("unknown platform %q; GET /api/platforms lists them", platform)
			}
			s.writeBounded(w, rc, status, errorBody{Error: msg})
			return
		}
		sum.Text, sum.Notice = capText(sum.Text, sum.Notice, s.cfg.MaxAnswerBytes)
		s.writeBounded(w, rc, http.StatusOK, SummaryResponse{Summary: sum, HTML: s.md.render(sum.Text, sum.Citations)})
	})
}

func (s *Server) handlePlatforms() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps := s.answers.Platforms()
		if ps == nil {
			ps = []answer.PlatformInfo{}
		}
		encode(w, http.StatusOK, PlatformsResponse{Platforms: ps})
	})
}

func (s *Server) handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := Health{Status: "ok", Documents: len(s.search.Documents())}
		if s.cfg.Corpus != nil {
			c := s.cfg.Corpus()
			h.CorpusVersion, h.LastReloadError, h.Stale = c.Version, c.LastError, c.Stale
			if !c.Loaded.IsZero() {
				h.CorpusLoaded = &c.Loaded
			}
			if !c.LastReload.IsZero() {
				h.LastReload = &c.LastReload
			}
		}
		encode(w, http.StatusOK, h)
	})
}

// chatPage is the data of the chat page.
type chatPage struct {
	Title          string
	Documents      int
	MaxQuestionLen int
}

func (s *Server) handleChatPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "chat.html", chatPage{
			Title: "Ask", Documents: len(s.search.Documents()), MaxQuestionLen: s.cfg.MaxQuestionLen,
		})
	})
}

// handleFavicon answers the browser's automatic /favicon.ico request with the page's icon.
func (s *Server) handleFavicon() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Cache-Control", "max-age=86400")
		http.ServeFileFS(w, r, s.static, "favicon.svg")
	})
}

func (s *Server) handleStatic() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("asset")
		if info, err := fs.Stat(s.static, name); err != nil || info.IsDir() || !fs.ValidPath(name) {
			writeError(w, http.StatusNotFound, "no such asset")
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, s.static, name)
	})
}

// decodeBody reads a size-limited JSON body into v; on failure it returns the status to answer with.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any) (int, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return http.StatusRequestEntityTooLarge, fmt.Errorf("request body is larger than %d bytes", tooBig.Limit)
		}
		return http.StatusBadRequest, fmt.Errorf(`request body must be JSON like {"question": "..."}: %w`, err)
	}
	if dec.More() {
		return http.StatusBadRequest, errors.New("request body must hold one JSON object")
	}
	return 0, nil
}

// checkQuestion validates a question and its history.
func (s *Server) checkQuestion(question string, history []answer.Turn) error {
	switch {
	case question == "":
		return errors.New("question is empty")
	case utf8.RuneCountInString(question) > s.cfg.MaxQuestionLen:
		return fmt.Errorf("question is %d characters; the limit is %d", utf8.RuneCountInString(question), s.cfg.MaxQuestionLen)
	case len(history) > s.cfg.MaxHistoryTurns:
		return fmt.Errorf("history has %d turns; the limit is %d", len(history), s.cfg.MaxHistoryTurns)
	}
	for i, t := range history {
		switch t.Role {
		case "user":
			if n := utf8.RuneCountInString(t.Content); n > s.cfg.MaxQuestionLen {
				return fmt.Errorf("history turn %d is %d characters; the limit for a question is %d", i, n, s.cfg.MaxQuestionLen)
			}
		case "assistant":
		default:
			return fmt.Errorf("history turn %d has role %q; want \"user\" or \"assistant\"", i, t.Role)
		}
	}
	return nil
}

// classify maps an engine error to a status and a message for the user, and logs the detail.
func (s *Server) classify(ctx context.Context, op string, err error) (int, string) {
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		return http.StatusBadRequest, "question is empty"
	case errors.Is(err, answer.ErrQuestionTooLong):
		return http.StatusBadRequest, fmt.Sprintf("question is longer than the engine's limit of %d bytes", answer.MaxQuestionBytes)
	case errors.Is(err, answer.ErrUnknownPlatform):
		return http.StatusNotFound, "unknown platform"
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		s.log.Warn("request timed out", "op", op, "timeout", s.cfg.AskTimeout, "err", err)
		return http.StatusGatewayTimeout, fmt.Sprintf("%s took longer than %s", op, s.cfg.AskTimeout)
	case errors.Is(ctx.Err(), context.Canceled):
		return 499, "request cancelled" // nginx's "client closed request"; the client has gone.
	}
	s.log.Error("request failed", "op", op, "err", err)
	return http.StatusInternalServerError, op + " failed; the server log has the details"
}

// wantsStream reports whether the client asked for server-sent events.
func wantsStream(r *http.Request) bool {
	if v := r.URL.Query().Get("stream"); v == "1" || v == "true" {
		return true
	}
	return strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// sseWriter writes server-sent events; send is safe for concurrent use, since a model may stream
// tokens from another goroutine. Each write must finish within the stall timeout: a client that stops
// reading loses its stream, and abandon is called so the answer stops and frees its slot.
type sseWriter struct {
	mu      sync.Mutex
	w       http.ResponseWriter
	rc      *http.ResponseController
	stall   time.Duration
	abandon func()
	started bool
	failed  bool
}

func newSSEWriter(w http.ResponseWriter, rc *http.ResponseController, stall time.Duration, abandon func()) *sseWriter {
	return &sseWriter{w: w, rc: rc, stall: stall, abandon: abandon}
}

// hasStarted reports whether the event stream's headers have been sent.
func (e *sseWriter) hasStarted() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.started
}

// send writes one event with v as JSON data and flushes it. After a write error (the client left or
// stopped reading) it does nothing.
func (e *sseWriter) send(event string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		event, data = EventError, []byte(`{"error":"internal error encoding the event","status":500}`)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.failed {
		return
	}
	_ = e.rc.SetWriteDeadline(time.Now().Add(e.stall))
	if !e.started {
		h := e.w.Header()
		h.Set("Content-Type", "text/event-stream; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Accel-Buffering", "no")
		e.w.WriteHeader(http.StatusOK)
		e.started = true
	}
	// JSON never contains a raw newline, so one data line per event is enough.
	_, err = fmt.Fprintf(e.w, "event: %s\ndata: %s\n\n", event, data)
	if err == nil {
		err = e.rc.Flush()
	}
	if err != nil {
		e.failed = true
		e.abandon()
	}
}

// byteCap passes through at most max bytes of streamed text, cut on a rune boundary.
type byteCap struct {
	mu   sync.Mutex
	max  int
	sent int
}

func (c *byteCap) take(delta string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	room := c.max - c.sent
	if room <= 0 {
		return ""
	}
	if len(delta) > room {
		// Cut on a rune boundary and close: no later delta may slip into the room left, so what was
		// streamed stays a prefix of the text.
		c.sent = c.max
		return cutRunes(delta, room)
	}
	c.sent += len(delta)
	return delta
}

// cutRunes returns the longest prefix of s of at most n bytes that ends on a rune boundary.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// capText cuts text to at most max bytes and says so in the notice. The cut text is what a stream
// capped by [byteCap] showed: the same prefix, since the answer's text is its deltas joined.
func capText(text, notice string, max int) (string, string) {
	if len(text) <= max {
		return text, notice
	}
	size := fmt.Sprintf("%d bytes", max)
	if max%1024 == 0 {
		size = fmt.Sprintf("%d KB", max>>10)
	}
	note := "The answer was cut at " + size + "."
	if notice != "" {
		note = notice + " " + note
	}
	return cutRunes(text, max), note
}

// errBusy: no answering slot freed up within the queue wait.
var errBusy = errors.New("every answering slot is busy")

// beginAnswer takes one of the client's streams and an answering slot for a question or summary, or
// answers 429 (a quota rejection) when the client has too many in progress or no slot frees up in
// time. A client that leaves while waiting is not a rejection: nobody is answered. On success it
// returns the answer's context, bounded by AskTimeout, and the function that ends the answer (it
// cancels the context and frees the slot; calling it again does nothing).
func (s *Server) beginAnswer(w http.ResponseWriter, r *http.Request) (context.Context, func(), bool) {
	key := clientKey(r, s.cfg.TrustedProxies)
	endStream, ok := s.clients.beginStream(key)
	if !ok {
		s.metrics.QuotaRejection(metrics.SurfaceWeb)
		s.log.Debug("refused an answer: per-client streams", "client", key, "peer", r.RemoteAddr, "path", r.URL.Path)
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf(
			"your address already has %d answers in progress; retry when one has finished", s.cfg.StreamsPerClient))
		return nil, nil, false
	}
	release, err := s.acquireSlot(r.Context())
	if err != nil {
		endStream()
		if !errors.Is(err, errBusy) {
			writeError(w, 499, "request cancelled") // the client left while queued; nobody reads this
			return nil, nil, false
		}
		s.metrics.QuotaRejection(metrics.SurfaceWeb)
		w.Header().Set("Retry-After", "2")
		writeError(w, http.StatusTooManyRequests, "too many questions are being answered right now; retry in a few seconds")
		return nil, nil, false
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.AskTimeout)
	var once sync.Once
	return ctx, func() { once.Do(func() { cancel(); release(); endStream() }) }, true
}

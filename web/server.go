// Package web serves citebot over HTTP: the source viewer that every citation link opens (the
// quote's exact byte span marked and scrolled into view), a JSON API with the CLI's shapes, a chat
// page that renders answers as sanitised Markdown whose only links are citations, the page of an
// answer another surface cut short, /healthz and Prometheus /metrics.
//
// Every client is untrusted: middleware.go checks Host (against DNS rebinding), refuses cross-site API
// requests and answers every error as JSON; limits.go bounds each client address's request rate and
// answers in progress; a client that stops reading loses its stream. SECURITY.md lists every limit.
//
// Build a [Server] with [New] from a [Searcher] (the retrieval index) and an [Answerer] (the answer
// engine), then call [Server.Run], which shuts down gracefully when its context ends. Every route is
// listed in routes.go. Pages are rendered with html/template from files embedded in the binary; the
// chat page's script is an embedded file too, so the Content-Security-Policy allows no inline script.
package web

import (
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/metrics"
	"github.com/citebot/citebot/retrieval"
)

// Searcher is what the server needs from the retrieval index; *retrieval.Index satisfies it.
type Searcher interface {
	SearchParagraphs(ctx context.Context, query string, k int) ([]retrieval.ParagraphResult, error)
	Documents() []*retrieval.Document
	Document(file string) (*retrieval.Document, bool)
}

// Answerer is what the server needs from the answer engine; *answer.Engine satisfies it.
type Answerer interface {
	Ask(ctx context.Context, question string, opts answer.Options) (answer.Answer, error)
	Summarize(ctx context.Context, platform string, opts answer.Options) (answer.Summary, error)
	Platforms() []answer.PlatformInfo
}

// AnswerArchive is where the full text of answers cut short elsewhere is kept; *archive.Store
// satisfies it.
type AnswerArchive interface {
	Get(id string) (archive.Record, error)
}

// The index, the engine and the archive are what the server is built for.
var (
	_ Searcher      = (*retrieval.Index)(nil)
	_ Answerer      = (*answer.Engine)(nil)
	_ AnswerArchive = (*archive.Store)(nil)
)

// Defaults applied by [New] to zero fields of [Config], and the bounds of GET /api/search's k.
const (
	DefaultAddr               = "127.0.0.1:8080"
	DefaultMaxBodyBytes       = 64 << 10
	DefaultMaxQuestionLen     = 1000
	DefaultMaxHistoryTurns    = 20
	DefaultMaxConcurrentAsks  = 4
	DefaultAskTimeout         = 2 * time.Minute
	DefaultShutdownTimeout    = 10 * time.Second
	DefaultMaxConcurrentViews = 4
	DefaultStallTimeout       = 10 * time.Second
	DefaultMaxAnswerBytes     = 256 << 10
	DefaultSearchK            = 5
	MaxSearchK                = 50
)

// Config configures a [Server]. Zero fields take the defaults above.
type Config struct {
	// Addr is the listen address used by [Server.Run] (CITEBOT_HTTP_ADDR), default [DefaultAddr].
	Addr string
	// Links builds the "url" of search results; it should match the links the answer engine builds.
	Links links.Builder
	// MaxBodyBytes bounds a request body; larger bodies get 413.
	MaxBodyBytes int64
	// MaxQuestionLen bounds a question (and each user turn of the history), in characters; longer
	// ones get 400. The default keeps any question within the engine's byte limit.
	MaxQuestionLen int
	// MaxHistoryTurns bounds the conversation history sent with a question; longer ones get 400.
	MaxHistoryTurns int
	// MaxConcurrentAsks bounds questions and summaries being answered at once; a request that cannot
	// get a slot within AskQueueWait gets 429 and counts as a quota rejection.
	MaxConcurrentAsks int
	// AskQueueWait is how long a question waits for a slot; default 5s.
	AskQueueWait time.Duration
	// AskTimeout bounds the time spent answering one question or summary.
	AskTimeout time.Duration
	// ShutdownTimeout bounds how long [Server.Run] waits for requests in flight after its context ends.
	ShutdownTimeout time.Duration
	// RequestsPerMinute bounds the API and viewer requests of one client address
	// (CITEBOT_WEB_REQUESTS_PER_MINUTE), with a burst of half of it; past it, 429 with Retry-After.
	// 0 means no limit.
	RequestsPerMinute int
	// TrustedProxies are the reverse proxies, as addresses and blocks, whose forwarding headers say
	// who the client is for the per-client limits (CITEBOT_TRUSTED_PROXIES). When the direct peer is
	// inside one, the client is the right-most X-Forwarded-For address (without that header, the
	// right-most Forwarded for=) that is not itself inside one; see resolveClient. Empty: forwarding
	// headers are ignored and each connection's address is its client, so no client can pick its key.
	TrustedProxies []netip.Prefix
	// StreamsPerClient bounds the questions and summaries one client address has in progress at once
	// (CITEBOT_WEB_STREAMS_PER_CLIENT); past it, 429. 0 means no limit.
	StreamsPerClient int
	// MaxConcurrentViews bounds the source pages rendered at once (a large document with a quote to
	// find costs time and memory); a page that cannot start within AskQueueWait gets 429.
	MaxConcurrentViews int
	// StallTimeout is how long one write to a client may block: a client that stops reading its
	// answer stream for longer loses it, and its answering slot goes to someone else.
	StallTimeout time.Duration
	// MaxAnswerBytes bounds the answer or summary text passed to a client, streamed or not; the rest
	// is cut with a note.
	MaxAnswerBytes int
	// Answers holds the answers other surfaces cut short, shown whole at GET /answers/{id}; nil
	// means the route answers 404.
	Answers AnswerArchive
	// Logger receives request errors and lifecycle events; nil discards them.
	Logger *slog.Logger
	// Metrics is shared with other surfaces; nil makes a private set.
	Metrics *metrics.Metrics
	// Gaps makes the knowledge-gap report that GET /gaps shows; nil (the question log is off) makes
	// /gaps answer 404.
	Gaps GapReport
	// AdminToken opens /gaps to clients other than loopback that send it as
	// "Authorization: Bearer TOKEN" [CITEBOT_ADMIN_TOKEN]; "" means loopback clients only. It never
	// appears in logs.
	AdminToken string
	// Corpus, if set, says which version of the corpus is served and how its last reload went,
	// for /healthz.
	Corpus func() CorpusStatus
}

// CorpusStatus is what /healthz reports about the corpus being served.
type CorpusStatus struct {
	// Version identifies the corpus version being served.
	Version string
	// Loaded is when that version started being served.
	Loaded time.Time
	// LastReload is when the last reload ended (zero: none since the start), and LastError why it
	// failed ("" if it did not); the previous version is served after a failure.
	LastReload time.Time
	LastError  string
	// Stale: the corpus changed but the index could not be updated (a read-only data folder).
	Stale bool
}

// Server is citebot's HTTP surface. Its handler is safe for concurrent use.
type Server struct {
	cfg      Config
	search   Searcher
	answers  Answerer
	log      *slog.Logger
	metrics  *metrics.Metrics
	pages    *template.Template
	static   fs.FS
	askSlots chan struct{}
	views    chan struct{}
	clients  *clientLimits
	md       *markdown
	handler  http.Handler
}

//go:embed templates/*.html static/*
var assets embed.FS

// New checks cfg, fills in defaults and builds a server over s and a.
func New(cfg Config, s Searcher, a Answerer) (*Server, error) {
	if s == nil || a == nil {
		return nil, errors.New("web: a searcher and an answerer are required")
	}
	if err := links.ValidateBase(cfg.Links.Base); err != nil {
		return nil, fmt.Errorf("web: links base: %w", err)
	}
	if err := links.ValidateTemplate(cfg.Links.Template); err != nil {
		return nil, fmt.Errorf("web: citation URL template: %w", err)
	}
	var errs []error
	for _, v := range []struct {
		name string
		val  int64
	}{
		{"MaxBodyBytes", cfg.MaxBodyBytes},
		{"MaxQuestionLen", int64(cfg.MaxQuestionLen)},
		{"MaxHistoryTurns", int64(cfg.MaxHistoryTurns)},
		{"MaxConcurrentAsks", int64(cfg.MaxConcurrentAsks)},
		{"AskQueueWait", int64(cfg.AskQueueWait)},
		{"AskTimeout", int64(cfg.AskTimeout)},
		{"ShutdownTimeout", int64(cfg.ShutdownTimeout)},
		{"RequestsPerMinute", int64(cfg.RequestsPerMinute)},
		{"StreamsPerClient", int64(cfg.StreamsPerClient)},
		{"MaxConcurrentViews", int64(cfg.MaxConcurrentViews)},
		{"StallTimeout", int64(cfg.StallTimeout)},
		{"MaxAnswerBytes", int64(cfg.MaxAnswerBytes)},
	} {
		if v.val < 0 {
			errs = append(errs, fmt.Errorf("web: %s is negative (%d)", v.name, v.val))
		}
	}
	for i, p := range cfg.TrustedProxies {
		if !p.IsValid() {
			errs = append(errs, fmt.Errorf("web: TrustedProxies[%d] is not a valid address block", i))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	cfg.TrustedProxies = maskedBlocks(cfg.TrustedProxies)
	cfg.Addr = cmp.Or(cfg.Addr, DefaultAddr)
	cfg.MaxBodyBytes = cmp.Or(cfg.MaxBodyBytes, DefaultMaxBodyBytes)
	cfg.MaxQuestionLen = cmp.Or(cfg.MaxQuestionLen, DefaultMaxQuestionLen)
	cfg.MaxHistoryTurns = cmp.Or(cfg.MaxHistoryTurns, DefaultMaxHistoryTurns)
	cfg.MaxConcurrentAsks = cmp.Or(cfg.MaxConcurrentAsks, DefaultMaxConcurrentAsks)
	cfg.AskQueueWait = cmp.Or(cfg.AskQueueWait, 5*time.Second)
	cfg.AskTimeout = cmp.Or(cfg.AskTimeout, DefaultAskTimeout)
	cfg.ShutdownTimeout = cmp.Or(cfg.ShutdownTimeout, DefaultShutdownTimeout)
	cfg.MaxConcurrentViews = cmp.Or(cfg.MaxConcurrentViews, DefaultMaxConcurrentViews)
	cfg.StallTimeout = cmp.Or(cfg.StallTimeout, DefaultStallTimeout)
	cfg.MaxAnswerBytes = cmp.Or(cfg.MaxAnswerBytes, DefaultMaxAnswerBytes)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = metrics.New()
	}

	pages, err := template.New("").Funcs(template.FuncMap{"sourcePath": sourcePath, "label": citationLabel, "where": citationWhere}).
		ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parsing page templates: %w", err)
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static assets: %w", err)
	}
	srv := &Server{
		cfg:      cfg,
		search:   s,
		answers:  a,
		log:      cfg.Logger,
		metrics:  cfg.Metrics,
		pages:    pages,
		static:   static,
		askSlots: make(chan struct{}, cfg.MaxConcurrentAsks),
		views:    make(chan struct{}, cfg.MaxConcurrentViews),
		clients:  newClientLimits(cfg.RequestsPerMinute, cfg.StreamsPerClient),
		md:       newMarkdown(),
	}
	mux := http.NewServeMux()
	srv.addRoutes(mux)
	srv.handler = srv.middleware(mux)
	return srv, nil
}

// Handler returns the server's HTTP handler, with security headers, panic recovery, request metrics
// and cross-origin protection for unsafe methods.
func (s *Server) Handler() http.Handler { return s.handler }

// Metrics returns the metrics the server reports to (the configured ones, or its own).
func (s *Server) Metrics() *metrics.Metrics { return s.metrics }

// Run listens on the configured address and serves until ctx ends, then shuts down gracefully.
func (s *Server) Run(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("web: listening on %s: %w", s.cfg.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx ends, then stops accepting connections and waits up to the shutdown
// timeout for requests in flight (streams included) before cancelling them. It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	// Requests get a context that outlives ctx by the shutdown grace period, so that answers being
	// streamed when shutdown starts can finish.
	baseCtx, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Long answers extend their own write deadline (see handleAsk); everything else is quick.
		WriteTimeout:   60 * time.Second,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		BaseContext:    func(net.Listener) context.Context { return baseCtx },
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("web server listening", "addr", ln.Addr().String(), "trusted_proxies", fmt.Sprint(s.cfg.TrustedProxies))

	select {
	case err := <-errc:
		return fmt.Errorf("web: serving: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("web server shutting down", "grace", s.cfg.ShutdownTimeout)
	shutCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(shutCtx)
	if err != nil {
		cancelBase()
		_ = hs.Close()
		err = fmt.Errorf("web: shutdown after %s: %w", s.cfg.ShutdownTimeout, err)
	}
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return errors.Join(err, fmt.Errorf("web: serving: %w", serr))
	}
	return err
}

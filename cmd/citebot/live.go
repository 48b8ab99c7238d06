package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/bot"
	"github.com/citebot/citebot/metrics"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/web"
)

// corpusVersion is one version of the corpus as served: its index and the engine built on it.
type corpusVersion struct {
	ix     *retrieval.Index
	engine *answer.Engine
	loaded time.Time
}

// liveCorpus is what serve's surfaces (the web server and the Discord bot) search and answer with.
// It holds the current [corpusVersion] and replaces it in one atomic step once a new one is
// complete, so a reload never shows a half-built index: every call uses one version, the one that
// was current when it started, and calls in flight during a swap finish on theirs.
type liveCorpus struct {
	cur atomic.Pointer[corpusVersion]

	mu         sync.Mutex
	lastReload time.Time
	lastErr    string
}

// The live corpus is what both surfaces are given.
var (
	_ web.Searcher = (*liveCorpus)(nil)
	_ web.Answerer = (*liveCorpus)(nil)
	_ bot.Answerer = (*liveCorpus)(nil)
)

func newLiveCorpus(ix *retrieval.Index, engine *answer.Engine) *liveCorpus {
	l := &liveCorpus{}
	l.cur.Store(&corpusVersion{ix: ix, engine: engine, loaded: time.Now()})
	return l
}

func (l *liveCorpus) current() *corpusVersion { return l.cur.Load() }

// Search searches the current version.
func (l *liveCorpus) Search(ctx context.Context, query string, k int) ([]retrieval.Result, error) {
	return l.current().ix.Search(ctx, query, k)
}

// SearchParagraphs searches the current version for its best paragraphs.
func (l *liveCorpus) SearchParagraphs(ctx context.Context, query string, k int) ([]retrieval.ParagraphResult, error) {
	return l.current().ix.SearchParagraphs(ctx, query, k)
}

// Documents lists the current version's documents.
func (l *liveCorpus) Documents() []*retrieval.Document { return l.current().ix.Documents() }

// Document returns a document of the current version.
func (l *liveCorpus) Document(file string) (*retrieval.Document, bool) {
	return l.current().ix.Document(file)
}

// Ask answers from the current version.
func (l *liveCorpus) Ask(ctx context.Context, question string, opts answer.Options) (answer.Answer, error) {
	return l.current().engine.Ask(ctx, question, opts)
}

// Summarize summarises from the current version.
func (l *liveCorpus) Summarize(ctx context.Context, platform string, opts answer.Options) (answer.Summary, error) {
	return l.current().engine.Summarize(ctx, platform, opts)
}

// Platforms lists the current version's catalog.
func (l *liveCorpus) Platforms() []answer.PlatformInfo { return l.current().engine.Platforms() }

// Status is what /healthz reports.
func (l *liveCorpus) Status() web.CorpusStatus {
	v := l.current()
	l.mu.Lock()
	defer l.mu.Unlock()
	return web.CorpusStatus{Version: v.ix.Version(), Loaded: v.loaded, LastReload: l.lastReload, LastError: l.lastErr, Stale: v.ix.Stale()}
}

// swap makes next the version served.
func (l *liveCorpus) swap(next *corpusVersion) *corpusVersion { return l.cur.Swap(next) }

func (l *liveCorpus) recordReload(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lastReload = time.Now()
	l.lastErr = ""
	if err != nil {
		l.lastErr = err.Error()
	}
}

// errCannotUpdate is a reload that found the corpus changed but could not update the index.
var errCannotUpdate = errors.New("the corpus changed but the data folder is read-only: still serving the last index")

// reloader brings the live corpus up to date in the background when asked (a change in the corpus
// folder, SIGHUP). Requests that arrive during a reload are merged into one more reload after it.
type reloader struct {
	open    func(context.Context) (*corpusVersion, error)
	live    *liveCorpus
	metrics *metrics.Metrics
	logger  *slog.Logger
	// onCatalog is called after a swap that changed the platform catalog (Discord's /summary
	// choices follow it).
	onCatalog func()
	requests  chan struct{}
}

func newReloader(live *liveCorpus, open func(context.Context) (*corpusVersion, error), m *metrics.Metrics, logger *slog.Logger) *reloader {
	return &reloader{open: open, live: live, metrics: m, logger: logger, requests: make(chan struct{}, 1)}
}

// request asks for a reload; it never blocks.
func (r *reloader) request() {
	select {
	case r.requests <- struct{}{}:
	default: // one is pending already
	}
}

// run reloads on request until ctx ends.
func (r *reloader) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.requests:
			r.reload(ctx)
		}
	}
}

// reload opens the corpus as it is now and, when it differs from the version served, swaps it in.
func (r *reloader) reload(ctx context.Context) {
	start := time.Now()
	old := r.live.current()
	err := r.reloadOnce(ctx, old, start)
	if ctx.Err() != nil {
		return // shutting down
	}
	r.live.recordReload(err)
	r.metrics.ObserveReload(err, time.Since(start))
	if err != nil {
		r.logger.Error("corpus reload failed; still serving the previous version", "version", old.ix.Version(), "err", err)
	}
}

func (r *reloader) reloadOnce(ctx context.Context, old *corpusVersion, start time.Time) error {
	next, err := r.open(ctx)
	if err != nil {
		return err
	}
	if next.ix.Stale() {
		return errCannotUpdate
	}
	if next.ix.Version() == old.ix.Version() {
		r.logger.Debug("corpus reload: nothing changed", "version", old.ix.Version())
		return nil
	}
	next.loaded = time.Now()
	r.live.swap(next)
	st := next.ix.Stats()
	r.metrics.ObserveCorpus(st.Files, st.Chunks)
	r.logger.Info("corpus reloaded", "version", next.ix.Version(), "previous", old.ix.Version(), "files", st.Files,
		"chunks", st.Chunks, "embedded", st.Embedded, "removed", st.Removed, "duration_ms", time.Since(start).Milliseconds())
	if r.onCatalog != nil && !reflect.DeepEqual(platformNames(old), platformNames(next)) {
		r.onCatalog()
	}
	return nil
}

func platformNames(v *corpusVersion) []string {
	var out []string
	for _, p := range v.engine.Platforms() {
		out = append(out, p.Name)
	}
	return out
}

// openVersion opens the index as the corpus is now and builds its engine.
func (a *app) openVersion(ctx context.Context) (*corpusVersion, error) {
	ix, err := a.openIndex(ctx)
	if err != nil {
		return nil, err
	}
	engine, err := a.newEngine(ix)
	if err != nil {
		return nil, fmt.Errorf("answer engine: %w", err)
	}
	return &corpusVersion{ix: ix, engine: engine, loaded: time.Now()}, nil
}

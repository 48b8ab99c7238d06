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

// errNotSaved is a reload whose new version is served but whose snapshot could not be written:
// the data folder keeps the previous one, which the next reload or start brings up to date.
var errNotSaved = errors.New("the new version is served, but its index snapshot could not be saved")

// openFunc opens the corpus as it is now, from the version served: the next version, and its
// snapshot when that is still to be saved (nil otherwise). On error nothing is pending.
type openFunc func(ctx context.Context, served *corpusVersion) (*corpusVersion, *retrieval.PendingSnapshot, error)

// reloader brings the live corpus up to date in the background when asked (a change in the corpus
// folder, SIGHUP). Requests that arrive during a reload are merged into one more reload after it.
type reloader struct {
	open    openFunc
	live    *liveCorpus
	metrics *metrics.Metrics
	logger  *slog.Logger
	// onCatalog is called after a swap that changed the platform catalog (Discord's /summary
	// choices follow it).
	onCatalog func()
	requests  chan struct{}
}

func newReloader(live *liveCorpus, open openFunc, m *metrics.Metrics, logger *slog.Logger) *reloader {
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

// reload opens the corpus as it is now and, when it differs from the version served, swaps it in,
// then saves its snapshot.
func (r *reloader) reload(ctx context.Context) {
	start := time.Now()
	served := r.live.current().ix.Version()
	err := r.reloadOnce(ctx, start)
	if ctx.Err() != nil {
		return // shutting down
	}
	r.live.recordReload(err)
	r.metrics.ObserveReload(err, time.Since(start))
	switch {
	case errors.Is(err, errNotSaved):
		r.logger.Error("corpus reloaded, but its snapshot could not be saved; the next reload or start saves it", "version", r.live.current().ix.Version(), "err", err)
	case err != nil:
		r.logger.Error("corpus reload failed; still serving the previous version", "version", served, "err", err)
	}
}

// reloadOnce serves the new version as soon as it is built, and only then writes its snapshot:
// what is served never waits for, nor depends on, that write. The previous version is not kept
// past the swap, so that at most two versions are in memory, and only until the calls still
// answering from the old one end.
func (r *reloader) reloadOnce(ctx context.Context, start time.Time) error {
	old := r.live.current()
	next, pending, err := r.open(ctx, old)
	if err != nil {
		return err
	}
	if next.ix.Stale() {
		pending.Abandon()
		return errCannotUpdate
	}
	if next.ix.Version() == old.ix.Version() {
		r.logger.Debug("corpus reload: nothing changed", "version", old.ix.Version())
		return saved(pending.Save()) // a snapshot missing from the data folder is written again
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
	saveStart := time.Now()
	if err := pending.Save(); err != nil {
		return saved(err)
	}
	if pending != nil {
		r.logger.Debug("index snapshot saved", "version", next.ix.Version(), "duration_ms", time.Since(saveStart).Milliseconds())
	}
	return nil
}

// saved marks an error of saving a snapshot as [errNotSaved].
func saved(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", errNotSaved, err)
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
	return a.version(ix)
}

// reloadVersion brings the version served up to date with the corpus (see [retrieval.Reload]):
// the next version, ready to serve, and its snapshot still to be saved.
func (a *app) reloadVersion(ctx context.Context, served *corpusVersion) (*corpusVersion, *retrieval.PendingSnapshot, error) {
	cfg, err := a.indexConfig()
	if err != nil {
		return nil, nil, err
	}
	ix, pending, err := retrieval.Reload(ctx, cfg, served.ix)
	if err != nil {
		return nil, nil, err
	}
	if ix == served.ix {
		return served, nil, nil
	}
	v, err := a.version(ix)
	if err != nil {
		pending.Abandon()
		return nil, nil, err
	}
	go v.engine.Warm()
	return v, pending, nil
}

// version builds the engine over ix.
func (a *app) version(ix *retrieval.Index) (*corpusVersion, error) {
	engine, err := a.newEngine(ix)
	if err != nil {
		return nil, fmt.Errorf("answer engine: %w", err)
	}
	return &corpusVersion{ix: ix, engine: engine, loaded: time.Now()}, nil
}

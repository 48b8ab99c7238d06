package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
	"github.com/citebot/citebot/bot"
	"github.com/citebot/citebot/gaps"
	"github.com/citebot/citebot/metrics"
	"github.com/citebot/citebot/questionlog"
	textlayer "github.com/citebot/citebot/text"
	"github.com/citebot/citebot/web"
)

// webAnswerer is the engine as the web server sees it, with its questions recorded in the
// question log.
type webAnswerer struct {
	web.Answerer
	ask recorded
}

func (w webAnswerer) Ask(ctx context.Context, q string, opts answer.Options) (answer.Answer, error) {
	return w.ask.Ask(ctx, q, opts)
}

func runServe(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "serve")
	fs.StringVar(&a.cfg.Web.Addr, "addr", a.cfg.Web.Addr, "listen `address` of the web server ($CITEBOT_HTTP_ADDR)")
	corpusFlags(fs, a)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	// The text layer's built-in glossary and synonyms, which one-shot commands build only if a
	// question needs them, are built beside the index's loading, so that no question waits.
	go textlayer.Preload()
	first, err := a.openVersion(ctx)
	if err != nil {
		return err
	}
	go first.engine.Warm()
	live := newLiveCorpus(first.ix, first.engine)
	qlog, err := a.openQuestionLog(ctx)
	if err != nil {
		return err
	}
	meters := metrics.New()
	meters.ObserveCorpus(first.ix.Stats().Files, first.ix.Stats().Chunks)
	kept, err := a.openArchive()
	if err != nil {
		return err
	}
	srv, err := a.newWebServer(live, meters, qlog, kept)
	if err != nil {
		return err
	}
	var discord *bot.Bot
	if a.cfg.Discord.Token != "" {
		if discord, err = newDiscord(a, live, meters, qlog, kept); err != nil {
			return err
		}
	}
	// Listen before saying anything: a taken port fails here, before any claim to be serving.
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", a.cfg.Web.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (is another server using it? set --addr or CITEBOT_HTTP_ADDR): %w", a.cfg.Web.Addr, err)
	}
	a.announce(ln.Addr().String(), first.ix.Version())

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if err := a.followCorpus(ctx, live, meters, discord); err != nil {
		ln.Close()
		return err
	}
	go qlog.Maintain(ctx)
	errc := make(chan error, 2)
	running := 1
	go func() { errc <- srv.Serve(ctx, ln) }()
	if discord != nil {
		running++
		go func() { errc <- discord.Run(ctx) }() // says what to fix when Discord refuses for good
	} else {
		a.logger.Info("DISCORD_TOKEN is not set: serving the web surface only")
	}
	// The first surface to stop with an error stops the other; a clean stop waits for all.
	var errs []error
	for range running {
		if err := <-errc; err != nil && !errors.Is(err, context.Canceled) {
			errs = append(errs, err)
			cancel(err)
		}
	}
	return errors.Join(errs...)
}

// openArchive opens the store of the answers other surfaces cut short (shown whole on the web),
// keeping them CITEBOT_ANSWER_DAYS (those older are deleted now). With 0 days, none are kept: the
// store's folder is emptied and nil returned. A data folder that cannot be written leaves it off,
// with a warning: serve still answers from the last index there (nil is no archive).
func (a *app) openArchive() (*archive.Store, error) {
	dir := filepath.Join(a.cfg.Index.DataDir, "answers")
	if a.cfg.AnswerDays == 0 {
		if err := archive.Remove(dir); err != nil {
			a.logger.Warn("kept answers could not be deleted (CITEBOT_ANSWER_DAYS=0)", "err", err)
		}
		return nil, nil
	}
	kept, err := archive.Open(dir)
	if err != nil && (errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)) {
		a.logger.Warn("the data folder cannot be written: answers cut short are not kept", "data", a.cfg.Index.DataDir, "err", err)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if a.cfg.AnswerDays != noAgeLimit {
		kept.MaxAge = time.Duration(a.cfg.AnswerDays) * 24 * time.Hour
	}
	if err := kept.Prune(); err != nil {
		a.logger.Warn("old kept answers could not be deleted", "err", err)
	}
	return kept, nil
}

// newWebServer builds the web surface over the live corpus, its questions recorded in the log.
func (a *app) newWebServer(live *liveCorpus, meters *metrics.Metrics, qlog *questionlog.Log, kept *archive.Store) (*web.Server, error) {
	wc := a.cfg.Web
	if kept != nil {
		wc.Answers = kept
	}
	wc.Links = a.cfg.Links()
	wc.Logger = a.logger.With("surface", "web")
	wc.Metrics = meters
	wc.Corpus = live.Status
	if qlog.On() {
		// The report searches whichever version of the corpus is current when it is asked for.
		wc.Gaps = func(ctx context.Context, since time.Time) (gaps.Report, error) {
			return a.gapReport(live.current().ix)(ctx, since)
		}
	}
	webAnswers := webAnswerer{Answerer: live, ask: recorded{asker: live, log: qlog, surface: questionlog.SurfaceWeb, logger: wc.Logger}}
	return web.New(wc, live, webAnswers)
}

// announce says, once the web server listens on addr, where to open it, and logs the mode, the
// corpus version and where citation links point.
func (a *app) announce(addr, corpusVersion string) {
	local := "http://" + browsableAddr(addr) + "/"
	mode := "offline (extractive answers)"
	if a.cfg.ModelConfigured() {
		mode = "model " + a.cfg.Answer.ModelName
	}
	a.logger.Info("citebot listening", "version", version, "mode", mode, "addr", addr, "url", local,
		"citation_links", a.cfg.Links().Source(""), "discord", a.cfg.Discord.Token != "", "corpus_version", corpusVersion)
	fmt.Fprintf(a.text(), "Open %s in your browser", local)
	if a.cfg.PublicURL != "" {
		fmt.Fprintf(a.text(), " (citation links point at %s/)", a.cfg.PublicURL)
	}
	fmt.Fprintln(a.stdout)
}

// followCorpus keeps the live corpus up to date until ctx ends: a reload on SIGHUP, and on every
// change in the corpus folder unless CITEBOT_WATCH=false. Reloads run in the background; the
// surfaces answer from the previous version until the new one is complete.
func (a *app) followCorpus(ctx context.Context, live *liveCorpus, meters *metrics.Metrics, discord *bot.Bot) error {
	logger := a.logger.With("component", "reload")
	r := newReloader(live, a.reloadVersion, meters, logger)
	if discord != nil {
		r.onCatalog = discord.RefreshCommands
	}
	go r.run(ctx)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				logger.Info("SIGHUP: reloading the corpus")
				r.request()
			}
		}
	}()
	switch {
	case a.cfg.SeedsDir == "":
		logger.Info("serving the built-in corpus: nothing to watch")
	case !a.cfg.Watch:
		logger.Info("CITEBOT_WATCH=false: the corpus is reloaded on SIGHUP only", "corpus", a.cfg.SeedsDir)
	case live.current().ix.Stale():
		logger.Warn("the data folder is read-only: serving the last index; changes to the corpus cannot be followed", "data", a.cfg.Index.DataDir)
	default:
		if err := watchCorpus(ctx, a.cfg.SeedsDir, a.cfg.Index.DataDir, watchDebounce, logger, r.request); err != nil {
			return fmt.Errorf("%w (set CITEBOT_WATCH=false to serve without following the corpus)", err)
		}
		logger.Info("watching the corpus folder; changes are served once re-indexed", "corpus", a.cfg.SeedsDir)
	}
	return nil
}

func runHealthcheck(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "healthcheck")
	target := fs.String("url", "", "health `URL` to check (default http://$CITEBOT_HTTP_ADDR/healthz)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	u := *target
	if u == "" {
		u = "http://" + browsableAddr(a.cfg.Web.Addr) + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("health URL %q: %w", u, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health check (is citebot serve running at that address? --url checks another one): %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check: %s answered %s", u, resp.Status)
	}
	fmt.Fprintln(a.stdout, "ok")
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
	"github.com/citebot/citebot/metrics"
	"github.com/citebot/citebot/questionlog"
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
	ix, err := a.openIndex(ctx)
	if err != nil {
		return err
	}
	engine, err := a.newEngine(ix)
	if err != nil {
		return err
	}
	qlog, err := a.openQuestionLog(ctx)
	if err != nil {
		return err
	}
	meters := metrics.New()
	kept, err := archive.Open(filepath.Join(a.cfg.Index.DataDir, "answers"))
	if err != nil {
		return err
	}
	wc := a.cfg.Web
	wc.Answers = kept
	wc.Links = a.cfg.Links()
	wc.Logger = a.logger.With("surface", "web")
	wc.Metrics = meters
	if qlog.On() {
		wc.Gaps = a.gapReport(ix)
	}
	webAnswers := webAnswerer{Answerer: engine, ask: recorded{asker: engine, log: qlog, surface: questionlog.SurfaceWeb, logger: wc.Logger}}
	srv, err := web.New(wc, ix, webAnswers)
	if err != nil {
		return err
	}
	// Listen before saying anything: a taken port fails here, before any claim to be serving.
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", wc.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (is another server using it? set --addr or CITEBOT_HTTP_ADDR): %w", wc.Addr, err)
	}
	a.announce(ln.Addr().String())

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go qlog.Maintain(ctx)
	errc := make(chan error, 2)
	running := 1
	go func() { errc <- srv.Serve(ctx, ln) }()
	if a.cfg.Discord.Token != "" {
		running++
		go func() { errc <- runDiscord(ctx, a, ix, engine, meters, qlog, kept) }()
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

// announce says, once the web server listens on addr, where to open it, and logs the mode and
// where citation links point.
func (a *app) announce(addr string) {
	local := "http://" + browsableAddr(addr) + "/"
	mode := "offline (extractive answers)"
	if a.cfg.ModelConfigured() {
		mode = "model " + a.cfg.Answer.ModelName
	}
	a.logger.Info("citebot listening", "version", version, "mode", mode, "addr", addr, "url", local,
		"citation_links", a.cfg.Links().Source(""), "discord", a.cfg.Discord.Token != "")
	fmt.Fprintf(a.text(), "Open %s in your browser", local)
	if a.cfg.PublicURL != "" {
		fmt.Fprintf(a.text(), " (citation links point at %s/)", a.cfg.PublicURL)
	}
	fmt.Fprintln(a.stdout)
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
		return fmt.Errorf("health check: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check: %s answered %s", u, resp.Status)
	}
	fmt.Fprintln(a.stdout, "ok")
	return nil
}

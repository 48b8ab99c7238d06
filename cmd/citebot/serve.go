package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/citebot/citebot/archive"
	"github.com/citebot/citebot/metrics"
	"github.com/citebot/citebot/web"
)

func runServe(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "serve")
	fs.StringVar(&a.cfg.Web.Addr, "addr", a.cfg.Web.Addr, "listen `address` of the web server (default $CITEBOT_HTTP_ADDR or 127.0.0.1:8080)")
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
	meters := metrics.New()
	kept, err := archive.Open(filepath.Join(a.cfg.DataDir, "answers"))
	if err != nil {
		return err
	}
	wc := a.cfg.Web
	wc.Answers = kept
	wc.Links = a.cfg.Links()
	wc.Logger = a.logger.With("surface", "web")
	wc.Metrics = meters
	srv, err := web.New(wc, ix, engine)
	if err != nil {
		return err
	}
	mode := "offline (extractive answers)"
	if a.cfg.ModelConfigured() {
		mode = "model " + a.cfg.ChatModel
	}
	a.logger.Info("citebot serving", "version", version, "mode", mode, "http", a.cfg.Web.Addr, "public_url", a.cfg.Links().Source(""), "discord", a.cfg.Discord.Token != "")

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	errc := make(chan error, 2)
	running := 1
	go func() { errc <- srv.Run(ctx) }()
	if a.cfg.Discord.Token != "" {
		running++
		go func() { errc <- runDiscord(ctx, a, ix, engine, meters, kept) }()
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

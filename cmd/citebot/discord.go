package main

import (
	"context"
	"fmt"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
	"github.com/citebot/citebot/bot"
	"github.com/citebot/citebot/metrics"
	"github.com/citebot/citebot/questionlog"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/web"
)

// The engine is what the bot and the web server answer with.
var (
	_ bot.Answerer = (*answer.Engine)(nil)
	_ web.Answerer = (*answer.Engine)(nil)
	_ web.Searcher = (*retrieval.Index)(nil)
)

// newDiscord builds the Discord bot over the live corpus: /sources lists, and answers come from,
// whichever version is current.
func newDiscord(a *app, live *liveCorpus, meters *metrics.Metrics, qlog *questionlog.Log, kept *archive.Store) (*bot.Bot, error) {
	lb := a.cfg.Links()
	bc := a.cfg.Discord
	bc.DataDir = a.cfg.Index.DataDir
	bc.Sources = func() []bot.Source {
		var out []bot.Source
		for _, doc := range live.Documents() {
			out = append(out, bot.Source{File: doc.File, Title: doc.Title, URL: lb.Source(doc.File)})
		}
		return out
	}
	bc.OnRejected = func(string) { meters.QuotaRejection(metrics.SurfaceDiscord) }
	if a.cfg.PublicURL != "" && kept != nil {
		// A reply too long for Discord links to the whole answer, which only a public viewer can show.
		bc.KeepFull = func(_ context.Context, rec archive.Record) (string, error) {
			id, err := kept.Put(rec)
			return lb.Answer(id), err
		}
	}
	if qlog.On() {
		bc.Questions = qlog
	}
	bc.Logger = a.logger.With("surface", "discord")
	b, err := bot.New(bc, observed{answerer: live, metrics: meters, surface: metrics.SurfaceDiscord})
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	return b, nil
}

// observed counts one surface's questions and summaries, their latency, model errors and
// fallbacks in the metrics that /metrics serves.
type observed struct {
	answerer bot.Answerer
	metrics  *metrics.Metrics
	surface  string
}

func (o observed) Platforms() []answer.PlatformInfo { return o.answerer.Platforms() }

func (o observed) Ask(ctx context.Context, q string, opts answer.Options) (answer.Answer, error) {
	start := time.Now()
	ans, err := o.answerer.Ask(ctx, q, opts)
	o.metrics.ObserveAsk(o.surface, ans, err, time.Since(start))
	return ans, err
}

func (o observed) Summarize(ctx context.Context, platform string, opts answer.Options) (answer.Summary, error) {
	start := time.Now()
	sum, err := o.answerer.Summarize(ctx, platform, opts)
	o.metrics.ObserveSummary(o.surface, sum, err, time.Since(start))
	return sum, err
}

func runFeedback(_ context.Context, a *app, args []string) error {
	fs := newFlags(a, "feedback")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	fs.StringVar(&a.cfg.Index.DataDir, "data", a.cfg.Index.DataDir, "data `folder` holding feedback.jsonl ($CITEBOT_DATA_DIR)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	rep, err := bot.FeedbackSummary(a.cfg.Index.DataDir)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, rep)
	}
	return rep.WriteText(a.text())
}

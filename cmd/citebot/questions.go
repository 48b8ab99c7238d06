package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/gaps"
	"github.com/citebot/citebot/questionlog"
	"github.com/citebot/citebot/retrieval"
)

// openQuestionLog opens the question log in the data folder with the configured retention (and
// enforces it); with CITEBOT_LOG_DAYS=0 the log is off and an existing one is deleted.
func (a *app) openQuestionLog(ctx context.Context) (*questionlog.Log, error) {
	return questionlog.Open(ctx, questionlog.Config{
		Dir: a.cfg.Index.DataDir, Days: a.cfg.LogDays, Logger: a.logger.With("component", "questionlog"),
	})
}

// asker is what a surface asks questions of; *answer.Engine is one.
type asker interface {
	Ask(ctx context.Context, question string, opts answer.Options) (answer.Answer, error)
}

// recorded records every question answered through it in the question log, for one surface that
// has no user identity (the web, the CLI). A failure to record is logged; the answer still goes out.
type recorded struct {
	asker
	log     *questionlog.Log
	surface string
	logger  *slog.Logger
}

func (r recorded) Ask(ctx context.Context, q string, opts answer.Options) (answer.Answer, error) {
	a, err := r.asker.Ask(ctx, q, opts)
	if err == nil {
		if _, lerr := r.log.Record(questionlog.Entry{Surface: r.surface, Answer: a}); lerr != nil {
			r.logger.Warn("recording the question failed", "err", lerr)
		}
	}
	return a, err
}

// gapReport builds the knowledge-gap report of the questions logged since a time, over the index.
func (a *app) gapReport(ix *retrieval.Index) func(ctx context.Context, since time.Time) (gaps.Report, error) {
	cfg := gaps.Config{Search: ix, Lexicon: ix.Lexicon(), Links: a.cfg.Links()}
	return func(ctx context.Context, since time.Time) (gaps.Report, error) {
		since = a.clampToRetention(since, time.Now())
		qs, st, err := questionlog.Read(a.cfg.Index.DataDir, since)
		if err != nil {
			return gaps.Report{}, err
		}
		if st.Unreadable > 0 {
			a.logger.Warn("the question log has unreadable lines; they are left out", "lines", st.Unreadable)
		}
		rep, err := gaps.Build(ctx, cfg, since, qs)
		if err != nil {
			return rep, fmt.Errorf("building the gap report: %w", err)
		}
		return rep, nil
	}
}

// clampToRetention moves since forward to the start of the retention period: older questions may
// still be on disk until the next compaction, but they are no longer kept.
func (a *app) clampToRetention(since, now time.Time) time.Time {
	if oldest := now.Add(-time.Duration(a.cfg.LogDays) * 24 * time.Hour); since.Before(oldest) {
		return oldest
	}
	return since
}

// cliAsker is what `citebot ask` asks: the engine, recorded in the question log with --log.
func (a *app) cliAsker(ctx context.Context, e *answer.Engine, logQuestions bool) (asker, error) {
	if !logQuestions {
		return e, nil
	}
	if a.cfg.LogDays == 0 {
		fmt.Fprintln(a.stderr, "citebot ask: warning: --log does nothing: the question log is off (CITEBOT_LOG_DAYS=0)")
		return e, nil
	}
	qlog, err := a.openQuestionLog(ctx)
	if err != nil {
		return nil, err
	}
	return recorded{asker: e, log: qlog, surface: questionlog.SurfaceCLI, logger: a.logger}, nil
}

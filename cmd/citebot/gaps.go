package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/citebot/citebot/gaps"
)

func runGaps(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "gaps")
	period := fs.String("since", "7d", "report the questions of this period (7d, 2w, 36h) or since this date (2025-03-01)")
	asJSON := fs.Bool("json", false, `print the report as JSON: {"since", "questions", "unanswered", "groups": [{"count", "last", "examples", "closest", "abstained", "unverified", "disliked"}]}`)
	corpusFlags(fs, a)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	now := time.Now()
	since, err := gaps.ParseSince(*period, now)
	if err != nil {
		return usagef("--since: %v", err)
	}
	if a.cfg.LogDays == 0 {
		return errors.New("the question log is off (CITEBOT_LOG_DAYS=0), so there are no questions to report on; set CITEBOT_LOG_DAYS (default 30) for serve to record them")
	}
	if clamped := a.clampToRetention(since, now); !clamped.Equal(since) {
		fmt.Fprintf(a.stderr, "citebot gaps: questions are kept %d days (CITEBOT_LOG_DAYS); reporting since %s\n", a.cfg.LogDays, clamped.UTC().Format("2006-01-02 15:04 UTC"))
	}
	ix, err := a.openIndex(ctx)
	if err != nil {
		return err
	}
	rep, err := a.gapReport(ix)(ctx, since)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, rep)
	}
	return rep.WriteText(a.stdout)
}

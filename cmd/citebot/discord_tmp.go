package main

import (
	"context"
	"errors"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/web"
)

func runDiscord(ctx context.Context, a *app, e *answer.Engine, m *web.Metrics) error {
	return errors.New("discord: not wired yet")
}

func runFeedback(ctx context.Context, a *app, args []string) error { return errors.New("not wired yet") }

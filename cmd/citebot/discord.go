package main

import (
	"context"
	"fmt"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/bot"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/web"
)

// The engine is what the bot and the web server answer with.
var (
	_ bot.Answerer = (*answer.Engine)(nil)
	_ web.Answerer = (*answer.Engine)(nil)
	_ web.Searcher = (*retrieval.Index)(nil)
)

// runDiscord runs the Discord bot until ctx ends. It returns an error that says what to fix when
// Discord refuses the connection for good (bad token, disallowed intent).
func runDiscord(ctx context.Context, a *app, ix *retrieval.Index, engine *answer.Engine) error {
	lb := a.cfg.Links()
	d := a.cfg.Discord
	b, err := bot.New(bot.Config{
		Token:          d.Token,
		APIURL:         d.APIURL,
		GuildID:        d.GuildID,
		MessageContent: d.MessageContent,
		AllowGuilds:    d.AllowGuilds,
		AllowChannels:  d.AllowChannels,
		AllowRoles:     d.AllowRoles,
		QuotaPerMinute: d.QuotaPerMinute,
		MaxConcurrent:  d.MaxConcurrent,
		MaxQueue:       d.MaxQueue,
		MaxQuestionLen: d.MaxQuestionLen,
		AnswerTimeout:  d.AnswerTimeout,
		ShutdownGrace:  d.ShutdownGrace,
		DataDir:        a.cfg.DataDir,
		Sources: func() []bot.Source {
			var out []bot.Source
			for _, doc := range ix.Documents() {
				out = append(out, bot.Source{File: doc.File, Title: doc.Title, URL: lb.Source(doc.File)})
			}
			return out
		},
		Logger: a.logger.With("surface", "discord"),
	}, engine)
	if err != nil {
		return fmt.Errorf("discord: %w", err)
	}
	return b.Run(ctx)
}

func runFeedback(_ context.Context, a *app, args []string) error {
	fs := newFlags(a, "feedback")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	fs.StringVar(&a.cfg.DataDir, "data", a.cfg.DataDir, "data `folder` holding feedback.jsonl (default $CITEBOT_DATA_DIR or .citebot)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	rep, err := bot.FeedbackSummary(a.cfg.DataDir)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, rep)
	}
	return rep.WriteText(a.stdout)
}

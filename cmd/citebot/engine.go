package main

import (
	"context"
	"fmt"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/retrieval"
)

// openEngine opens the index and builds the answer engine: in model mode when a model is
// configured, offline (extractive) otherwise.
func (a *app) openEngine(ctx context.Context) (*answer.Engine, error) {
	ix, err := a.openIndex(ctx)
	if err != nil {
		return nil, err
	}
	return a.newEngine(ix)
}

// newEngine builds the answer engine over an open index.
func (a *app) newEngine(ix *retrieval.Index) (*answer.Engine, error) {
	cfg := a.cfg.Answer
	cfg.Index, cfg.Links, cfg.Logger = ix, a.cfg.Links(), a.logger
	client, err := a.modelClient()
	if err != nil {
		return nil, err
	}
	if client != nil {
		cfg.Model = client
	} else {
		cfg.ModelName = "" // offline: no model is asked for
	}
	e, err := answer.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("answer engine: %w", err)
	}
	return e, nil
}

package web

import (
	"testing"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
)

// newEngine builds the real answer engine, offline (extractive), over ix.
func newEngine(tb testing.TB, ix *retrieval.Index, lb links.Builder) *answer.Engine {
	tb.Helper()
	eng, err := answer.New(answer.Config{Index: ix, Links: lb})
	if err != nil {
		tb.Fatalf("answer.New() = %v", err)
	}
	return eng
}

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/citebot/citebot/eval"
	"github.com/citebot/citebot/eval/evalset"
)

// runEval measures retrieval and answers on a question set (see package evalset for the format).
func runEval(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "eval")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	k := fs.Int("k", 5, "a question's passage counts as retrieved when it is among the top `N` search results")
	corpusFlags(fs, a)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || strings.TrimSpace(rest[0]) == "" {
		return usagef("eval needs one FILE of questions (JSON lines; - reads stdin)")
	}
	if *k < 1 {
		return usagef("--k must be at least 1, got %d", *k)
	}
	qs, err := readQuestions(a, rest[0])
	if err != nil {
		return err
	}
	ix, err := a.openIndex(ctx)
	if err != nil {
		return err
	}
	e, err := a.newEngine(ix)
	if err != nil {
		return err
	}
	rep, err := eval.Run(ctx, qs, ix, e, *k)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, rep)
	}
	return rep.Write(a.text())
}

// readQuestions parses the question set at path ("-" for stdin).
func readQuestions(a *app, path string) ([]evalset.Question, error) {
	var r io.Reader = a.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("read questions: %w", err)
		}
		defer f.Close()
		r = f
	}
	qs, err := evalset.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return qs, nil
}

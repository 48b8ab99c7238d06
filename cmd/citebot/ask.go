package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/citebot/citebot/answer"
)

func runAsk(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "ask")
	asJSON := fs.Bool("json", false, "print the answer as JSON (one object per line when reading stdin)")
	logQuestions := fs.Bool("log", false, "record the questions in the question log, as serve does (for citebot gaps)")
	corpusFlags(fs, a)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	engine, err := a.openEngine(ctx)
	if err != nil {
		return err
	}
	e, err := a.cliAsker(ctx, engine, *logQuestions)
	if err != nil {
		return err
	}
	if q := strings.TrimSpace(strings.Join(rest, " ")); q != "" {
		ans, err := e.Ask(ctx, q, answer.Options{})
		if err != nil {
			return err
		}
		return printAnswer(a.stdout, ans, *asJSON)
	}
	// No question: one per line from stdin. A bad line is reported and the rest still answered.
	sc := bufio.NewScanner(a.stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	failed := 0
	line := 0
	for sc.Scan() {
		line++
		q := strings.TrimSpace(sc.Text())
		if q == "" {
			continue
		}
		ans, err := e.Ask(ctx, q, answer.Options{})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			if *asJSON {
				if err := writeJSON(a.stdout, map[string]string{"question": q, "error": err.Error()}); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(a.stderr, "citebot ask: line %d: %v\n", line, err)
			}
			continue
		}
		if err := printAnswer(a.stdout, ans, *asJSON); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions from stdin: %w", err)
	}
	if line == 0 {
		return fmt.Errorf("%w: ask needs a QUESTION, or questions on stdin", errUsage)
	}
	if failed > 0 {
		return fmt.Errorf("%d of the questions could not be answered", failed)
	}
	return nil
}

func printAnswer(w io.Writer, ans answer.Answer, asJSON bool) error {
	if ans.Citations == nil {
		ans.Citations = []answer.Citation{}
	}
	if asJSON {
		return writeJSON(w, ans)
	}
	fmt.Fprintln(w, ans.Text)
	if ans.Notice != "" {
		fmt.Fprintf(w, "\n(%s)\n", ans.Notice)
	}
	printCitations(w, ans.Citations)
	fmt.Fprintln(w)
	return nil
}

func printCitations(w io.Writer, cs []answer.Citation) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nSources:")
	for _, c := range cs {
		lines := fmt.Sprintf("line %d", c.StartLine)
		if c.EndLine != c.StartLine {
			lines = fmt.Sprintf("lines %d-%d", c.StartLine, c.EndLine)
		}
		fmt.Fprintf(w, "  [%d] %s ¶%d, %s: “%s”\n      %s\n", c.N, c.File, c.Paragraph, lines, excerpt(c.Quote, 200), c.URL)
	}
}

func runSummary(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "summary")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	corpusFlags(fs, a)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	platform := strings.TrimSpace(strings.Join(rest, " "))
	if platform == "" {
		return fmt.Errorf("%w: summary needs a PLATFORM (see citebot platforms)", errUsage)
	}
	e, err := a.openEngine(ctx)
	if err != nil {
		return err
	}
	sum, err := e.Summarize(ctx, platform, answer.Options{})
	if errors.Is(err, answer.ErrUnknownPlatform) {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if err != nil {
		return err
	}
	if sum.Citations == nil {
		sum.Citations = []answer.Citation{}
	}
	if *asJSON {
		return writeJSON(a.stdout, sum)
	}
	fmt.Fprintf(a.stdout, "%s\n\n%s\n", sum.Platform, sum.Text)
	if sum.Notice != "" {
		fmt.Fprintf(a.stdout, "\n(%s)\n", sum.Notice)
	}
	printCitations(a.stdout, sum.Citations)
	return nil
}

func runPlatforms(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "platforms")
	asJSON := fs.Bool("json", false, "print the catalog as JSON")
	corpusFlags(fs, a)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	e, err := a.openEngine(ctx)
	if err != nil {
		return err
	}
	ps := e.Platforms()
	if *asJSON {
		return writeJSON(a.stdout, map[string]any{"platforms": ps})
	}
	for _, p := range ps {
		fmt.Fprintf(a.stdout, "%-12s %d documents  (also: %s)\n", p.Name, p.Documents, strings.Join(p.Aliases, ", "))
	}
	return nil
}

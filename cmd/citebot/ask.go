package main

import (
	"cmp"
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
		return a.printAnswer(ans, *asJSON)
	}
	if isTerminal(a.stdin) {
		return a.askInteractively(ctx, e, *asJSON)
	}
	return a.askBatch(ctx, e, *asJSON)
}

// askInteractively prompts for questions on a terminal until Ctrl-D (end of input), Ctrl-C or
// SIGTERM.
func (a *app) askInteractively(ctx context.Context, e asker, asJSON bool) error {
	lines := readLines(ctx, a.stdin)
	for {
		fmt.Fprint(a.stderr, "Question: ")
		var in inputLine
		var ok bool
		select {
		case <-ctx.Done():
			fmt.Fprintln(a.stderr)
			return nil
		case in, ok = <-lines:
		}
		if !ok {
			fmt.Fprintln(a.stderr)
			return nil
		}
		if in.err != nil {
			if !errors.Is(in.err, errLineTooLong) {
				return fmt.Errorf("read the question: %w", in.err)
			}
			printError(a.stderr, "citebot ask", in.err)
			continue
		}
		q := strings.TrimSpace(in.text)
		if q == "" {
			continue
		}
		ans, err := e.Ask(ctx, q, answer.Options{})
		if ctx.Err() != nil {
			fmt.Fprintln(a.stderr)
			return nil
		}
		if err != nil {
			printError(a.stderr, "citebot ask", err)
			continue
		}
		if err := a.printAnswer(ans, asJSON); err != nil {
			return err
		}
	}
}

// askBatch answers one question per line of stdin. A line that fails (too long, a bad question)
// is reported, as an error object in JSON, and the rest are still answered.
func (a *app) askBatch(ctx context.Context, e asker, asJSON bool) error {
	lines := readLines(ctx, a.stdin)
	n, failed := 0, 0
	for {
		var in inputLine
		var ok bool
		select {
		case <-ctx.Done():
			return ctx.Err()
		case in, ok = <-lines:
		}
		if !ok {
			break
		}
		n++
		if in.err != nil && !errors.Is(in.err, errLineTooLong) {
			return fmt.Errorf("read questions from stdin: %w", in.err)
		}
		q := strings.TrimSpace(in.text)
		if in.err == nil && q == "" {
			continue
		}
		err := in.err
		if err == nil {
			var ans answer.Answer
			if ans, err = e.Ask(ctx, q, answer.Options{}); err == nil {
				if err := a.printAnswer(ans, asJSON); err != nil {
					return err
				}
				continue
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		failed++
		if err := a.reportLineError(n, q, err, asJSON); err != nil {
			return err
		}
	}
	if n == 0 {
		return usagef("ask needs a QUESTION, or questions on stdin")
	}
	if failed > 0 {
		return fmt.Errorf("%d of the questions could not be answered", failed)
	}
	return nil
}

// lineError is the JSON object printed for a stdin line that could not be answered.
type lineError struct {
	Line     int    `json:"line"`
	Question string `json:"question,omitempty"`
	Error    string `json:"error"`
}

func (a *app) reportLineError(n int, q string, err error, asJSON bool) error {
	if asJSON {
		return writeJSON(a.stdout, lineError{Line: n, Question: q, Error: err.Error()})
	}
	printError(a.stderr, fmt.Sprintf("citebot ask: line %d", n), err)
	return nil
}

func (a *app) printAnswer(ans answer.Answer, asJSON bool) error {
	if ans.Citations == nil {
		ans.Citations = []answer.Citation{}
	}
	if asJSON {
		return writeJSON(a.stdout, ans)
	}
	w := a.text()
	if ans.Query != "" && ans.Query != ans.Question {
		fmt.Fprintf(w, "(Searching for: %s)\n\n", ans.Query)
	}
	fmt.Fprintln(w, ans.Text)
	if ans.Notice != "" {
		fmt.Fprintf(w, "\n(%s)\n", ans.Notice)
	}
	printCitations(w, "Sources", ans.Citations)
	printCitations(w, "Closest passages", ans.Related)
	fmt.Fprintln(w)
	return nil
}

// printCitations lists citations under a heading: the document's title first, then its file,
// paragraph and lines (a PDF's page and paragraph: see [place]), the quote (a passage offered without
// one, such as a model's abstention's closest passages, shows its text, as the chat page and Discord
// do; never empty quotation marks), the names of its columns when it is a table row ("columns: Term
// · First week starts", not quoted) and the link.
func printCitations(w io.Writer, heading string, cs []answer.Citation) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", heading)
	for i, c := range cs {
		n := c.N
		if n == 0 {
			n = i + 1
		}
		fmt.Fprintf(w, "  [%d] %s\n      %s %s\n",
			n, titleOr(c.Title, c.File), c.File, place(c.PageSpan, c.Paragraph, c.StartLine, c.EndLine))
		if quote := excerpt(cmp.Or(strings.TrimSpace(c.Quote), c.Text), 200); quote != "" {
			fmt.Fprintf(w, "      “%s”\n", quote)
		}
		if cols := c.ColumnNames(); cols != "" {
			fmt.Fprintf(w, "      columns: %s\n", excerpt(cols, 200))
		}
		fmt.Fprintf(w, "      %s\n", c.URL)
	}
}

// titleOr returns the title, or file when the document has none.
func titleOr(title, file string) string {
	if t := strings.TrimSpace(title); t != "" {
		return excerpt(t, 120)
	}
	return file
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
		return usagef("summary needs a PLATFORM; citebot platforms lists them")
	}
	e, err := a.openEngine(ctx)
	if err != nil {
		return err
	}
	sum, err := e.Summarize(ctx, platform, answer.Options{})
	if errors.Is(err, answer.ErrUnknownPlatform) {
		return unknownPlatform(platform, e.Platforms(), a.cfg.SeedsDir)
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
	w := a.text()
	fmt.Fprintf(w, "%s\n\n%s\n", sum.Platform, sum.Text)
	if sum.Notice != "" {
		fmt.Fprintf(w, "\n(%s)\n", sum.Notice)
	}
	printCitations(w, "Sources", sum.Citations)
	return nil
}

// unknownPlatform says that name is not a platform of the catalog, and which are; or, for a
// corpus with no catalog, how to add one.
func unknownPlatform(name string, known []answer.PlatformInfo, seedsDir string) error {
	if len(known) == 0 {
		return fmt.Errorf("unknown platform %q: %s", name, noCatalogHint(seedsDir))
	}
	names := make([]string, len(known))
	for i, p := range known {
		names[i] = p.Name
	}
	return fmt.Errorf("unknown platform %q; known: %s", name, strings.Join(names, ", "))
}

// noCatalogHint says that the corpus has no platform catalog and how to add one.
func noCatalogHint(seedsDir string) string {
	return fmt.Sprintf("the corpus in %s has no platform catalog; add a platforms.json beside the documents to name "+
		`platforms and their aliases, e.g. {"platforms": [{"name": "Taobao", "aliases": ["淘宝"]}]} (see docs/documents.md)`, seedsDir)
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
	if ps == nil {
		ps = []answer.PlatformInfo{}
	}
	if *asJSON {
		return writeJSON(a.stdout, map[string]any{"platforms": ps})
	}
	w := a.text()
	if len(ps) == 0 {
		fmt.Fprintln(w, upperFirst(noCatalogHint(a.cfg.SeedsDir))+".")
		return nil
	}
	for _, p := range ps {
		fmt.Fprintf(w, "%-12s %-12s (also: %s)\n", p.Name, plural(p.Documents, "document"), strings.Join(p.Aliases, ", "))
	}
	return nil
}

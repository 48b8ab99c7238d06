package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/citebot/citebot/retrieval"
)

// searchHit is one result of "citebot search --json".
type searchHit struct {
	retrieval.Result
	URL string `json:"url"`
}

// searchReport is the JSON printed by "citebot search --json".
type searchReport struct {
	Query   string      `json:"query"`
	Results []searchHit `json:"results"`
}

func runSearch(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "search")
	k := fs.Int("k", 5, "number of results")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	corpusFlags(fs, a)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(rest, " "))
	if query == "" {
		return fmt.Errorf("%w: search needs a QUERY", errUsage)
	}
	if *k < 1 {
		return fmt.Errorf("%w: --k must be at least 1, got %d", errUsage, *k)
	}
	ix, err := a.openIndex(ctx)
	if err != nil {
		return err
	}
	results, err := ix.Search(ctx, query, *k)
	if err != nil {
		return err
	}
	lb := a.cfg.Links()
	rep := searchReport{Query: query, Results: make([]searchHit, len(results))}
	for i, r := range results {
		rep.Results[i] = searchHit{Result: r, URL: lb.Paragraph(r.File, r.Paragraph, r.StartLine, r.EndLine, "")}
	}
	if *asJSON {
		return writeJSON(a.stdout, rep)
	}
	if len(rep.Results) == 0 {
		fmt.Fprintf(a.stdout, "no results for %q\n", query)
		return nil
	}
	for i, h := range rep.Results {
		lines := fmt.Sprintf("line %d", h.StartLine)
		if h.EndLine != h.StartLine {
			lines = fmt.Sprintf("lines %d-%d", h.StartLine, h.EndLine)
		}
		fmt.Fprintf(a.stdout, "%d. %s ¶%d, %s (score %.4f)\n   %s\n   %s\n\n", i+1, h.File, h.Paragraph, lines, h.Score, excerpt(h.Text, 300), h.URL)
	}
	return nil
}

// excerpt shortens text to about n bytes on a word boundary, on one line.
func excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) <= n {
		return text
	}
	cut := n
	for cut > 0 && text[cut]&0xC0 == 0x80 {
		cut--
	}
	if i := strings.LastIndexByte(text[:cut], ' '); i > n/2 {
		cut = i
	}
	return text[:cut] + "…"
}

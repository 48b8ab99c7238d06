package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
)

// searchHit is one result of "citebot search --json": one paragraph, with its link.
type searchHit struct {
	retrieval.ParagraphResult
	URL string `json:"url"`
}

// searchReport is the JSON printed by "citebot search --json".
type searchReport struct {
	Query   string      `json:"query"`
	Results []searchHit `json:"results"`
}

func runSearch(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "search")
	k := fs.Int("k", 5, "number of results (paragraphs)")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	corpusFlags(fs, a)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(rest, " "))
	if query == "" {
		return usagef("search needs a QUERY")
	}
	if *k < 1 {
		return usagef("--k must be at least 1, got %d", *k)
	}
	ix, err := a.openIndex(ctx)
	if err != nil {
		return err
	}
	rep, err := searchParagraphs(ctx, ix, query, *k, a.cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, rep)
	}
	printSearch(a.text(), rep)
	return nil
}

// searchParagraphs returns the k best paragraphs for query, each with its link.
func searchParagraphs(ctx context.Context, ix *retrieval.Index, query string, k int, cfg Config) (searchReport, error) {
	results, err := ix.SearchParagraphs(ctx, query, k)
	if err != nil {
		return searchReport{}, err
	}
	lb := cfg.Links()
	rep := searchReport{Query: query, Results: make([]searchHit, len(results))}
	for i, r := range results {
		rep.Results[i] = searchHit{ParagraphResult: r, URL: lb.Link(links.Target{File: r.File, Paragraph: r.Paragraph, StartLine: r.StartLine, EndLine: r.EndLine, Page: r.Page})}
	}
	return rep, nil
}

func printSearch(w interface{ Write([]byte) (int, error) }, rep searchReport) {
	if len(rep.Results) == 0 {
		fmt.Fprintf(w, "no results for %q\n", rep.Query)
		return
	}
	weak := 0
	for i, h := range rep.Results {
		mark := ""
		if h.Weak {
			mark, weak = " (weak match)", weak+1
		}
		fmt.Fprintf(w, "%d. %s%s\n   %s %s, score %.4f\n   %s\n   %s\n\n",
			i+1, titleOr(h.Title, h.File), mark, h.File, place(h.PageSpan, h.Paragraph, h.StartLine, h.EndLine), h.Score, excerpt(h.Text, 300), h.URL)
	}
	switch {
	case weak == len(rep.Results):
		fmt.Fprintf(w, "Note: no passage contains the words of %q; these are only the nearest by meaning.\n", rep.Query)
	case weak > 0:
		fmt.Fprintf(w, "Note: %s marked weak contain none of the query's words.\n", plural(weak, "result"))
	}
}

// place names a paragraph as human output shows it: "¶12, lines 40–41" in a text document, "p. 3
// ¶12" (or "pp. 3–4 ¶12") in a PDF, where a reader looks for the page: the lines are those of the
// text read from it, which no PDF viewer shows (JSON keeps them).
func place(pages retrieval.PageSpan, paragraph, startLine, endLine int) string {
	if pages.Page > 0 {
		return pages.Where(paragraph)
	}
	return fmt.Sprintf("¶%d, %s", paragraph, retrieval.LineRange(startLine, endLine))
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

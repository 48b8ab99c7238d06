package retrieval

import (
	"context"
	"slices"
)

// ParagraphResult is one paragraph found by [Index.SearchParagraphs]: the span covering its
// matching chunks, its best score, and whether the match is weak.
type ParagraphResult struct {
	Result
	// Weak is true when none of the query's terms occurs in the passage (nor its title or heading):
	// it was found by meaning alone, as the nearest there is to a query the corpus may not cover.
	Weak bool `json:"weak"`
}

// SearchParagraphs returns the k best paragraphs for query. [Index.Search] ranks chunks, and a long
// paragraph has several: hits from one paragraph are merged into one (its best score; the byte and
// line span covering them, with Text the exact bytes of that span), so no paragraph is listed twice.
func (ix *Index) SearchParagraphs(ctx context.Context, query string, k int) ([]ParagraphResult, error) {
	if k <= 0 {
		k = 5
	}
	results, err := ix.Search(ctx, query, 4*k)
	if err != nil {
		return nil, err
	}
	type key struct {
		file      string
		paragraph int
	}
	var merged []Result
	at := map[key]int{}
	for _, r := range results {
		kk := key{r.File, r.Paragraph}
		i, seen := at[kk]
		if !seen {
			at[kk] = len(merged)
			merged = append(merged, r)
			continue
		}
		m := &merged[i]
		if r.StartByte < m.StartByte {
			m.StartByte, m.StartLine = r.StartByte, r.StartLine
		}
		if r.EndByte > m.EndByte {
			m.EndByte, m.EndLine = r.EndByte, r.EndLine
		}
	}
	merged = merged[:min(k, len(merged))]
	queryTerms := ix.Terms(query)
	out := make([]ParagraphResult, len(merged))
	for i, r := range merged {
		if d, ok := ix.byFile[r.File]; ok {
			r.Text = d.Text[r.StartByte:r.EndByte]
		}
		passageTerms := ix.Terms(r.Title + "\n" + r.Heading + "\n" + r.Text)
		out[i] = ParagraphResult{Result: r, Weak: !slices.ContainsFunc(queryTerms, func(t string) bool { return slices.Contains(passageTerms, t) })}
	}
	return out, nil
}

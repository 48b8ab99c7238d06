package answer

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

// docsMentioning returns the documents in which the catalog finds the platform, computed
// independently of the engine, from the catalog's own Mentions.
func docsMentioning(e *Engine, platform string) map[string]bool {
	out := map[string]bool{}
	for _, d := range e.ix.Documents() {
		for _, p := range e.ix.Catalog().Mentions(d.Text) {
			if p.Name == platform {
				out[d.File] = true
			}
		}
	}
	return out
}

// checkSummaryCoverage: every point cites a paragraph, every citation is a verbatim quote of its
// passage, and every document that mentions the platform is cited.
func checkSummaryCoverage(tb testing.TB, e *Engine, s Summary) {
	tb.Helper()
	cited := map[string]bool{}
	for i, c := range s.Citations {
		cited[c.File] = true
		if c.N != i+1 || !strings.Contains(s.Text, "["+itoa(c.N)+"]") {
			tb.Errorf("%s: citation %d numbered %d or missing from the text", s.Platform, i, c.N)
		}
		if c.Quote == "" || !strings.Contains(c.Text, c.Quote) {
			tb.Errorf("%s: citation %d quote is not in its passage", s.Platform, c.N)
		}
		doc, ok := e.ix.Document(c.File)
		if _, para, okp := doc.ParagraphText(c.Paragraph); !ok || !okp || !strings.Contains(para, c.Text) {
			tb.Errorf("%s: citation %d does not point at its paragraph", s.Platform, c.N)
		}
	}
	for _, line := range strings.Split(s.Text, "\n") {
		label := strings.HasSuffix(line, ":") && !strings.HasPrefix(line, "- ")
		if strings.TrimSpace(line) != "" && !label && !strings.Contains(line, "]") {
			tb.Errorf("%s: point without a citation: %q", s.Platform, line)
		}
	}
	for f := range docsMentioning(e, s.Platform) {
		if !cited[f] {
			tb.Errorf("summary of %s does not cite %s, which mentions it", s.Platform, f)
		}
	}
}

func TestSummaryEveryPlatformCitesEveryDocument(t *testing.T) {
	e := newOfflineEngine(t)
	for _, p := range e.Platforms() {
		t.Run(p.Name, func(t *testing.T) {
			s, err := e.Summarize(context.Background(), p.Name, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Documents != len(docsMentioning(e, p.Name)) {
				t.Errorf("Platforms() says %d documents, the catalog finds %d", p.Documents, len(docsMentioning(e, p.Name)))
			}
			if p.Documents == 0 {
				if !s.Abstained {
					t.Errorf("summary of an unmentioned platform = %q, want an abstention", s.Text)
				}
				return
			}
			if s.Abstained || s.Mode != ModeExtractive || len(s.Citations) > max(10, p.Documents) {
				t.Errorf("summary = abstained %v mode %q with %d points", s.Abstained, s.Mode, len(s.Citations))
			}
			checkSummaryCoverage(t, e, s)
		})
	}
}

func TestSummarizeAliasesAndErrors(t *testing.T) {
	e := newOfflineEngine(t)
	ctx := context.Background()
	for _, alias := range []string{"kuaishou", "  KWAI ", "快手", "Well quickly"} {
		s, err := e.Summarize(ctx, alias, Options{})
		if err != nil || s.Platform != "Kuaishou" {
			t.Errorf("Summarize(%q) = %q, %v; want Kuaishou", alias, s.Platform, err)
		}
	}
	_, err := e.Summarize(ctx, "Amazon", Options{})
	if !errors.Is(err, ErrUnknownPlatform) || !strings.Contains(err.Error(), "Douyin") {
		t.Errorf("Summarize(Amazon) error = %v, want ErrUnknownPlatform listing the known platforms", err)
	}
}

func TestSummaryCacheConcurrent(t *testing.T) {
	e := newOfflineEngine(t)
	var wg sync.WaitGroup
	results := make([]Summary, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := e.Summarize(context.Background(), []string{"Douyin", "tiktok"}[i%2], Options{})
			if err != nil {
				t.Error(err)
			}
			results[i] = s
		}()
	}
	wg.Wait()
	for _, s := range results[1:] {
		if s.Text != results[0].Text {
			t.Errorf("concurrent summaries differ")
		}
	}
	// Callers get copies: changing one does not change the cache.
	results[0].Citations[0].Quote = "changed"
	s, _ := e.Summarize(context.Background(), "Douyin", Options{})
	if s.Citations[0].Quote == "changed" {
		t.Errorf("the cached summary was modified through a caller's copy")
	}
}

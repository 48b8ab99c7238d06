package answer

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/citebot/citebot/internal/seedindex"
)

type goldenSet struct {
	Answerable []struct {
		Q         string   `json:"q"`
		Facts     []string `json:"facts"`
		File      string   `json:"file"`
		Paragraph int      `json:"paragraph"`
		// Also lists other paragraphs that answer the question as well, each with its own facts.
		Also []struct {
			Facts     []string `json:"facts"`
			File      string   `json:"file"`
			Paragraph int      `json:"paragraph"`
		} `json:"also"`
	} `json:"answerable"`
	Unanswerable []string `json:"unanswerable"`
}

func loadGolden(tb testing.TB) goldenSet {
	tb.Helper()
	b, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		tb.Fatal(err)
	}
	var g goldenSet
	if err := json.Unmarshal(b, &g); err != nil {
		tb.Fatalf("testdata/golden.json: %v", err)
	}
	return g
}

func newOfflineEngine(tb testing.TB) *Engine {
	tb.Helper()
	e, err := New(Config{Index: seedindex.Open(tb), Logger: discard()})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// TestGoldenOffline measures the offline answerer on the golden set: an answer is right when it
// holds the expected fact and cites the expected file and paragraph; unanswerable questions must be
// refused.
func TestGoldenOffline(t *testing.T) {
	g := loadGolden(t)
	if len(g.Answerable) < 30 || len(g.Unanswerable) < 8 {
		t.Fatalf("golden set has %d answerable and %d unanswerable questions, want at least 30 and 8", len(g.Answerable), len(g.Unanswerable))
	}
	e := newOfflineEngine(t)
	ctx := context.Background()
	right, abstainedOnAnswerable := 0, 0
	for _, c := range g.Answerable {
		a, err := e.Ask(ctx, c.Q, Options{})
		if err != nil {
			t.Fatalf("Ask(%q): %v", c.Q, err)
		}
		checkAnswerInvariants(t, a)
		if a.Abstained {
			abstainedOnAnswerable++
			t.Logf("MISS (abstained) %q", c.Q)
			continue
		}
		ok, hasFact, cites := correct(a, c.Facts, c.File, c.Paragraph)
		for _, alt := range c.Also {
			if altOK, _, _ := correct(a, alt.Facts, alt.File, alt.Paragraph); altOK {
				ok = true
			}
		}
		if ok {
			right++
		} else {
			t.Logf("MISS %q: fact=%v cites=%v answer=%q", c.Q, hasFact, cites, a.Text)
		}
	}
	abstained := 0
	for _, q := range g.Unanswerable {
		a, err := e.Ask(ctx, q, Options{})
		if err != nil {
			t.Fatalf("Ask(%q): %v", q, err)
		}
		checkAnswerInvariants(t, a)
		if a.Abstained {
			abstained++
		} else {
			t.Logf("ANSWERED unanswerable %q: %q", q, a.Text)
		}
	}
	acc := float64(right) / float64(len(g.Answerable))
	abst := float64(abstained) / float64(len(g.Unanswerable))
	t.Logf("offline accuracy %d/%d = %.2f; abstention on unanswerable %d/%d = %.2f; abstained on answerable %d",
		right, len(g.Answerable), acc, abstained, len(g.Unanswerable), abst, abstainedOnAnswerable)
	if acc < 0.8 {
		t.Errorf("offline accuracy = %.2f, want >= 0.8", acc)
	}
	if abst < 0.8 {
		t.Errorf("abstention on unanswerable questions = %.2f, want >= 0.8", abst)
	}
	if max := len(g.Answerable) / 5; abstainedOnAnswerable > max {
		t.Errorf("abstained on %d answerable questions, want at most %d", abstainedOnAnswerable, max)
	}
}

// correct reports whether a holds every fact and cites file's paragraph.
func correct(a Answer, facts []string, file string, paragraph int) (ok, hasFact, cites bool) {
	hasFact = true
	for _, f := range facts {
		if !strings.Contains(a.Text, f) {
			hasFact = false
		}
	}
	for _, ci := range a.Citations {
		if ci.File == file && ci.Paragraph == paragraph {
			cites = true
		}
	}
	return hasFact && cites, hasFact, cites
}

// checkAnswerInvariants: every answer is either abstained with no citations, or sourced with
// citations numbered 1..n that all appear in the text, each quote a verbatim span of its passage,
// and the passage the exact bytes of its document.
func checkAnswerInvariants(tb testing.TB, a Answer) {
	tb.Helper()
	if a.Abstained {
		if len(a.Citations) != 0 {
			tb.Errorf("Ask(%q) abstained with %d citations", a.Question, len(a.Citations))
		}
		return
	}
	if len(a.Citations) == 0 {
		tb.Errorf("Ask(%q) answered without citations: %q", a.Question, a.Text)
	}
	for i, c := range a.Citations {
		if c.N != i+1 {
			tb.Errorf("Ask(%q) citation %d has N=%d", a.Question, i, c.N)
		}
		if !strings.Contains(a.Text, "["+itoa(c.N)+"]") {
			tb.Errorf("Ask(%q) text lacks marker [%d]: %q", a.Question, c.N, a.Text)
		}
		if c.Quote == "" || !strings.Contains(c.Text, c.Quote) {
			tb.Errorf("Ask(%q) citation %d quote %q is not in its passage", a.Question, c.N, c.Quote)
		}
		if c.URL == "" || c.File == "" || c.Paragraph < 1 || c.StartLine < 1 || c.EndLine < c.StartLine {
			tb.Errorf("Ask(%q) citation %d is incomplete: %+v", a.Question, c.N, c)
		}
		for _, o := range a.Citations[:i] {
			if o.File == c.File && o.QuoteStart < c.QuoteEnd && c.QuoteStart < o.QuoteEnd {
				tb.Errorf("Ask(%q) quotes %s twice: [%d] %q and [%d] %q", a.Question, c.File, o.N, o.Quote, c.N, c.Quote)
			}
		}
	}
}

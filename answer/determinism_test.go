package answer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/seeds"
)

// TestAnswersAreDeterministic builds each corpus a second time and asks every dev question of it
// on both indexes, the second index from four goroutines at once: each answer (text, citations,
// closest passages, abstention) must be the same. An order-dependent tie anywhere between
// building the index and choosing the sentence (map order, concurrent embedding or scoring, a
// pooled buffer shared between searches) shows as a question answered one way in one run and
// another way in the next, which no accuracy test notices: session 19 saw one dev question
// refused in one run of about fifteen.
func TestAnswersAreDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds corpora twice")
	}
	ctx := context.Background()
	engines := devCorpora(t)
	for _, set := range []string{"seeds-dev.jsonl", "helpdesk-dev.jsonl", "manual-dev.jsonl", "staff-chat-dev.jsonl"} {
		name := corpusOf(set)
		t.Run(name, func(t *testing.T) {
			var fsys = seeds.FS()
			if name != "seeds" {
				fsys = os.DirFS(filepath.Join("..", "eval", "testdata", name))
			}
			ix, err := retrieval.Open(ctx, retrieval.Config{Seeds: fsys, SeedsName: name, Embedder: retrieval.OfflineEmbedder()})
			if err != nil {
				t.Fatal(err)
			}
			again, err := New(Config{Index: ix, Logger: discard()})
			if err != nil {
				t.Fatal(err)
			}
			qs := loadEvalSet(t, set)
			want := make([]string, len(qs))
			for i, q := range qs {
				a, err := engines[name].Ask(ctx, q.Question, Options{})
				if err != nil {
					t.Fatal(err)
				}
				want[i] = answerKey(a)
			}
			got := make([]string, len(qs))
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					for i := w; i < len(qs); i += 4 {
						a, err := again.Ask(ctx, qs[i].Question, Options{})
						if err != nil {
							got[i] = "error: " + err.Error()
							continue
						}
						got[i] = answerKey(a)
					}
				})
			}
			wg.Wait()
			for i, q := range qs {
				if got[i] != want[i] {
					t.Errorf("%s %q answered two ways:\n first index: %s\nsecond index: %s", q.ID, q.Question, want[i], got[i])
				}
			}
		})
	}
}

// answerKey is everything a user sees of an answer, as one comparable string.
func answerKey(a Answer) string {
	var b strings.Builder
	fmt.Fprintf(&b, "abstained=%v %q cites", a.Abstained, a.Text)
	for _, c := range a.Citations {
		fmt.Fprintf(&b, " %s#%d@%d-%d", c.File, c.Paragraph, c.QuoteStart, c.QuoteEnd)
	}
	b.WriteString(" related")
	for _, c := range a.Related {
		fmt.Fprintf(&b, " %s#%d@%d-%d", c.File, c.Paragraph, c.QuoteStart, c.QuoteEnd)
	}
	return b.String()
}

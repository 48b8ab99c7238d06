package answer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// hardWrap wraps the prose lines of a document at width columns, as editors and many writers do
// with Markdown and plain text: not front matter, code, headings, list items, tables or Chinese,
// and never inside a word. Paragraphs stay where they were (no blank line is added or removed), so
// the question sets' paragraph numbers still hold.
func hardWrap(doc string, width int) string {
	var out []string
	inFront, inCode := false, false
	for i, l := range strings.Split(doc, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case i == 0 && t == "---":
			inFront = true
		case inFront:
			inFront = t != "---"
		case text.IsFence(t):
			inCode = !inCode
		case inCode || len(l) <= width || strings.ContainsAny(t[:1], "#-*+|>") || strings.ContainsFunc(l, text.IsHan) ||
			len(t) > 2 && t[0] >= '0' && t[0] <= '9' && (strings.Contains(t[:3], ". ") || strings.Contains(t[:3], ") ")):
		default:
			var cur string
			for _, w := range strings.Fields(l) {
				if cur != "" && len(cur)+1+len(w) > width {
					out = append(out, cur)
					cur = ""
				}
				if cur != "" {
					cur += " "
				}
				cur += w
			}
			out = append(out, cur)
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// TestHardWrappedDocuments: a corpus whose prose is hard-wrapped at 72 columns is answered about
// as well as the same corpus unwrapped. Before sentences ran across line breaks (text.LineWraps),
// every line was a sentence of its own, and the dev questions over transit, EV, staff and museum
// wrapped this way got 50 right answers against 78 unwrapped.
func TestHardWrappedDocuments(t *testing.T) {
	ctx := context.Background()
	engines := devCorpora(t)
	var right, wrappedRight, refused, wrappedRefused int
	for _, name := range []string{"transit", "ev", "staff", "museum"} {
		dir := filepath.Join("..", "eval", "testdata", name)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		fsys := fstest.MapFS{}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			fsys[e.Name()] = &fstest.MapFile{Data: []byte(hardWrap(string(b), 72))}
		}
		ix, err := retrieval.Open(ctx, retrieval.Config{Seeds: fsys, SeedsName: name + "-wrapped", Embedder: retrieval.OfflineEmbedder()})
		if err != nil {
			t.Fatal(err)
		}
		wrapped, err := New(Config{Index: ix, Logger: discard()})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range loadEvalSet(t, name+"-dev.jsonl") {
			for _, c := range []struct {
				e              *Engine
				right, refused *int
			}{{engines[name], &right, &refused}, {wrapped, &wrappedRight, &wrappedRefused}} {
				a, err := c.e.Ask(ctx, q.Question, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if q.Unanswerable && a.Abstained {
					*c.refused++
				}
				if !q.Unanswerable && rightAnswer(q, a) {
					*c.right++
				}
			}
		}
	}
	t.Logf("right answers %d unwrapped, %d wrapped at 72 columns; refusals %d and %d", right, wrappedRight, refused, wrappedRefused)
	if float64(wrappedRight) < 0.9*float64(right) || float64(wrappedRefused) < 0.9*float64(refused) {
		t.Errorf("wrapped at 72 columns: %d right and %d refused, against %d and %d unwrapped: want at least 90%% of each",
			wrappedRight, wrappedRefused, right, refused)
	}
}

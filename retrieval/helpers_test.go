package retrieval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/seeds"
)

// seedIndex opens an in-memory index over the embedded seeds once per test binary.
var seedIndex = sync.OnceValues(func() (*Index, error) {
	return Open(context.Background(), Config{Seeds: seeds.FS(), SeedsName: "seeds", Embedder: OfflineEmbedder()})
})

func openSeeds(tb testing.TB) *Index {
	tb.Helper()
	ix, err := seedIndex()
	if err != nil {
		tb.Fatalf("Open(seeds) = %v", err)
	}
	return ix
}

type goldenWant struct {
	File      string `json:"file"`
	Paragraph int    `json:"paragraph"`
	Contains  string `json:"contains"`
}

type goldenQuestion struct {
	Q    string       `json:"q"`
	Lang string       `json:"lang"`
	Want []goldenWant `json:"want"`
}

func loadGolden(tb testing.TB) []goldenQuestion {
	tb.Helper()
	data, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		tb.Fatal(err)
	}
	var qs []goldenQuestion
	if err := json.Unmarshal(data, &qs); err != nil {
		tb.Fatal(err)
	}
	return qs
}

// hit reports whether any result is one of the wanted passages: right file and paragraph, and
// holding the expected words.
func hit(results []Result, want []goldenWant) bool {
	for _, r := range results {
		for _, w := range want {
			if r.File == w.File && r.Paragraph == w.Paragraph && strings.Contains(r.Text, w.Contains) {
				return true
			}
		}
	}
	return false
}

// recallAt5 searches every golden question with the given sides of the hybrid search.
func recallAt5(tb testing.TB, ix *Index, qs []goldenQuestion, keyword, vector bool) (float64, []string) {
	tb.Helper()
	var missed []string
	for _, q := range qs {
		res, err := ix.search(context.Background(), q.Q, 5, keyword, vector)
		if err != nil {
			tb.Fatalf("search(%q) = %v", q.Q, err)
		}
		if !hit(res, q.Want) {
			missed = append(missed, q.Q)
		}
	}
	return float64(len(qs)-len(missed)) / float64(len(qs)), missed
}

// syncBuffer is a bytes.Buffer safe for concurrent writes (a logger shared by goroutines).
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// readDocument makes the document of one file's bytes as the corpus reader does, converting a web
// page, Word document or PDF (see [convertDocument]) and logging the warnings about it on log; an
// error saying why when the file is not read.
func readDocument(log *slog.Logger, file string, data []byte) (*Document, error) {
	if convert.FormatOf(file) == 0 {
		return parseDocument(file, string(data)), nil
	}
	_, d, warnings := convertDocument(file, data)
	logWarnings(log, file, warnings)
	if d == nil {
		w := warnings[len(warnings)-1]
		return nil, fmt.Errorf("%s: %s %v", file, w.Msg, w.Attrs)
	}
	return d, nil
}

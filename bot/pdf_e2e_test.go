package bot

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/retrieval"
)

// pdfEngine is the real offline answer engine over the three-page report (known pages) and the
// minutes, whose paragraph 4 runs from page 1 onto page 2.
func pdfEngine(tb testing.TB) *answer.Engine {
	tb.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"report.pdf", "minutes.pdf"} {
		b, err := os.ReadFile(filepath.Join("..", "convert", "testdata", "pdf", name))
		if err != nil {
			tb.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	ix, err := retrieval.Open(context.Background(), retrieval.Config{Seeds: fsys, Embedder: retrieval.OfflineEmbedder()})
	if err != nil {
		tb.Fatal(err)
	}
	e, err := answer.New(answer.Config{Index: ix, Links: viewer})
	if err != nil {
		tb.Fatalf("answer.New: %v", err)
	}
	return e
}

// In Discord a PDF's source is named by its page, "[1] Title p. 2 ¶12", the file alone under it
// (no lines of the text read); across a page break "pp. 1–2 ¶4"; the closest passages of an
// abstention too, in the embed and in the reply's text. The fake Discord checks every payload
// against Discord's OpenAPI description and limits.
func TestDiscordNamesPDFPages(t *testing.T) {
	h := start(t, Config{}, pdfEngine(t), discordtest.Options{})
	for _, tt := range []struct {
		question, embed, name, value, content string
	}{
		{"How many bicycles did the team repair in 2024?", "Sources", "[1] Harbour Cycling Report 2024 p. 2 ¶12", "`report.pdf`", ""},
		{"Where do folding bicycles have to be folded?", "Sources", "[1] Ferry Users' Meeting, March 2025 pp. 1–2 ¶4", "`minutes.pdf`", ""},
		{"How much does parking cost at the hospital?", "Closest passages", "[1] Harbour Cycling Report 2024 p. 1 ¶8", "`report.pdf`", "(Harbour Cycling Report 2024, p. 1 ¶8)"},
	} {
		in := h.ask(tt.question)
		m := h.final(t, in.ID, 10*time.Second)
		var es []embedJSON
		if err := json.Unmarshal(m.Embeds, &es); err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, e := range es {
			if !strings.HasPrefix(e.Title, tt.embed) || len(e.Fields) == 0 {
				continue
			}
			found = true
			f := e.Fields[0]
			if f.Name != tt.name || !strings.HasSuffix(f.Value, tt.value) {
				t.Errorf("%q: first field %q / %q, want %q / ending %q", tt.question, f.Name, f.Value, tt.name, tt.value)
			}
		}
		if !found {
			t.Errorf("%q: no %q embed in %s", tt.question, tt.embed, m.Embeds)
		}
		if !strings.Contains(m.Content, tt.content) || strings.Contains(string(m.Embeds), "line") {
			t.Errorf("%q: reply %q lacks %q, or embeds name lines: %s", tt.question, m.Content, tt.content, m.Embeds)
		}
	}
}

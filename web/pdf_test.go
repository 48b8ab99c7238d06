package web

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citebot/citebot/links"
)

// The viewer shows a PDF as the text citebot read of it, paragraph by paragraph as cited (running
// headers and page numbers left out); ?raw=1 serves that text. The PDF's bytes are never served.
func TestSourceShowsPDFAsText(t *testing.T) {
	pdf, err := os.ReadFile(filepath.Join("..", "retrieval", "testdata", "pdf", "report.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	ix := openCorpus(t, mapCorpus(map[string]string{"report.pdf": string(pdf)}))
	srv := newTestServer(t, ix, Config{Links: links.Builder{}})
	doc, ok := ix.Document("report.pdf")
	if !ok {
		t.Fatal("report.pdf is not in the index")
	}
	rec := do(t, srv.Handler(), "GET", "/sources/report.pdf", nil, map[string]string{"Accept": "text/html"})
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /sources/report.pdf = %d, want 200", rec.Code)
	}
	body := rec.Body.String()
	got := paragraphsOf(t, body)
	if len(got) != len(doc.Paragraphs) || len(got) != 20 {
		t.Fatalf("rendered %d paragraphs, document has %d, want 20:\n%s", len(got), len(doc.Paragraphs), body)
	}
	for i, p := range got {
		if want := doc.Text[doc.Paragraphs[i].StartByte:doc.Paragraphs[i].EndByte]; plainText(p.html) != want {
			t.Errorf("paragraph %d = %q, want %q", p.n, plainText(p.html), want)
		}
	}
	if want := "A day pass costs €4.50 and a yearly pass €60."; !strings.HasPrefix(plainText(got[7].html), want) {
		t.Errorf("paragraph 8 = %q, want it to start %q", plainText(got[7].html), want)
	}
	for _, bad := range []string{"Page 1 of 3", "%PDF", "FlateDecode", "endobj"} {
		if strings.Contains(body, bad) {
			t.Errorf("the viewer serves %q", bad)
		}
	}
	if !strings.Contains(body, "Harbour Cycling Report 2024") {
		t.Error("the viewer lacks the document's title")
	}
	rec = do(t, srv.Handler(), "GET", "/sources/report.pdf?raw=1", nil, nil)
	if ct := rec.Header().Get("Content-Type"); rec.Code != http.StatusOK || ct != "text/plain; charset=utf-8" || rec.Body.String() != doc.Text {
		t.Errorf("GET ?raw=1 = %d %q, want 200 text/plain with the text read from the PDF", rec.Code, ct)
	}
}

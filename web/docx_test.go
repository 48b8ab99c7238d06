package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/citebot/citebot/internal/docxtest"
	"github.com/citebot/citebot/links"
)

// The viewer shows a Word document as the text citebot read from it, paragraph by paragraph as
// cited, escaped; ?raw=1 serves that text as text/plain. The archive's bytes are never served.
func TestSourceShowsWordDocumentAsText(t *testing.T) {
	report := docxtest.File(t, map[string]string{
		"word/document.xml": docxtest.Document(docxtest.P("Heading1", "Seller notes") +
			docxtest.P("", "Sellers wrote <script>alert(1)</script> in listings.") +
			`<w:p><w:r><w:t xml:space="preserve">Douyin </w:t></w:r><w:del w:id="1"><w:r><w:delText>DELETED </w:delText></w:r></w:del>` +
			`<w:r><w:t>sells a lot</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>` +
			`<w:tbl><w:tr><w:tc>` + docxtest.P("", "Year") + `</w:tc><w:tc>` + docxtest.P("", "GMV") + `</w:tc></w:tr></w:tbl>`),
		"docProps/core.xml": docxtest.Core("Seller notes 2024"),
	})
	ix := openCorpus(t, mapCorpus(map[string]string{"report.docx": string(report)}))
	srv := newTestServer(t, ix, Config{Links: links.Builder{}})
	doc, ok := ix.Document("report.docx")
	if !ok {
		t.Fatal("report.docx is not in the index")
	}
	rec := do(t, srv.Handler(), "GET", "/sources/report.docx", nil, map[string]string{"Accept": "text/html"})
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /sources/report.docx = %d, want 200", rec.Code)
	}
	body := rec.Body.String()
	got := paragraphsOf(t, body)
	want := []string{"# Seller notes", "Sellers wrote <script>alert(1)</script> in listings.", "Douyin sells a lot.", "| Year | GMV |"}
	if len(got) != len(want) || len(doc.Paragraphs) != len(want) {
		t.Fatalf("rendered %d paragraphs (document has %d), want %d:\n%s", len(got), len(doc.Paragraphs), len(want), body)
	}
	for i, p := range got {
		if plainText(p.html) != want[i] || doc.Text[doc.Paragraphs[i].StartByte:doc.Paragraphs[i].EndByte] != want[i] {
			t.Errorf("paragraph %d = %q, want %q", p.n, plainText(p.html), want[i])
		}
	}
	if !strings.Contains(body, "Seller notes 2024") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the viewer lacks the document's title or shows its text unescaped:\n%s", body)
	}
	for _, bad := range []string{"<script>alert(1)", "DELETED", "HIDDEN", "w:t", "PK\x03\x04", "word/document.xml"} {
		if strings.Contains(body, bad) {
			t.Errorf("the viewer serves %q", bad)
		}
	}

	rec = do(t, srv.Handler(), "GET", "/sources/report.docx?raw=1", nil, nil)
	if ct := rec.Header().Get("Content-Type"); rec.Code != http.StatusOK || ct != "text/plain; charset=utf-8" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET ?raw=1 = %d %q nosniff=%q, want 200 text/plain, nosniff", rec.Code, ct, rec.Header().Get("X-Content-Type-Options"))
	}
	if raw := rec.Body.String(); raw != doc.Text || raw != strings.Join(want, "\n\n")+"\n" {
		t.Errorf("GET ?raw=1 = %q, want the text read from the document", raw)
	}
}

package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/citebot/citebot/links"
)

// hostilePage is a web page in the corpus whose text mentions markup and whose markup tries to run.
const hostilePage = `<html><head><title>Seller notes</title><script>alert("head")</script></head>
<body onload="alert('body')"><main><h1>Notes</h1>
<p>Sellers wrote &lt;script&gt;alert(1)&lt;/script&gt; in listings.</p>
<p onclick="alert(3)">Douyin <b>sells</b> a <a href="javascript:alert(4)">lot</a>.</p>
<script>alert(2)</script><iframe src="https://evil.example"></iframe></main></body></html>`

// The viewer shows a web page as the text citebot read from it, escaped, paragraph by paragraph as
// cited; ?raw=1 serves that text as text/plain. No HTML of a document is ever served as HTML.
func TestSourceShowsWebPageAsText(t *testing.T) {
	ix := openCorpus(t, mapCorpus(map[string]string{"page.html": hostilePage}))
	srv := newTestServer(t, ix, Config{Links: links.Builder{}})
	doc, ok := ix.Document("page.html")
	if !ok {
		t.Fatal("page.html is not in the index")
	}
	rec := do(t, srv.Handler(), "GET", "/sources/page.html", nil, map[string]string{"Accept": "text/html"})
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /sources/page.html = %d, want 200", rec.Code)
	}
	body := rec.Body.String()
	got := paragraphsOf(t, body)
	want := []string{"# Notes", "Sellers wrote <script>alert(1)</script> in listings.", "Douyin sells a lot."}
	if len(got) != len(want) || len(doc.Paragraphs) != len(want) {
		t.Fatalf("rendered %d paragraphs (document has %d), want %d:\n%s", len(got), len(doc.Paragraphs), len(want), body)
	}
	for i, p := range got {
		if plainText(p.html) != want[i] || doc.Text[doc.Paragraphs[i].StartByte:doc.Paragraphs[i].EndByte] != want[i] {
			t.Errorf("paragraph %d = %q, want %q", p.n, plainText(p.html), want[i])
		}
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the page's text about a script is not shown escaped:\n%s", body)
	}
	for _, bad := range []string{"<script>alert(1)", "alert(2)", "alert(3)", "alert(4)", `alert("head")`, "onclick", "onload", "evil.example", "<b>sells"} {
		if strings.Contains(body, bad) {
			t.Errorf("the viewer serves the page's markup %q", bad)
		}
	}

	rec = do(t, srv.Handler(), "GET", "/sources/page.html?raw=1", nil, nil)
	if ct := rec.Header().Get("Content-Type"); rec.Code != http.StatusOK || ct != "text/plain; charset=utf-8" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET ?raw=1 = %d %q nosniff=%q, want 200 text/plain, nosniff", rec.Code, ct, rec.Header().Get("X-Content-Type-Options"))
	}
	if raw := rec.Body.String(); raw != doc.Text || raw != "# Notes\n\n"+want[1]+"\n\n"+want[2]+"\n" {
		t.Errorf("GET ?raw=1 = %q, want the text read from the page", raw)
	}
}

package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
)

// GET /answers/{id} shows a kept answer whole: the question, the text rendered with its citation
// links (and no other link), the sources with titles, and 404 for anything else.
func TestKeptAnswerPage(t *testing.T) {
	store, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	lb := links.Builder{Base: "https://citebot.example.org"}
	cite := answer.Citation{N: 1, File: "001_x.txt", Title: "Douyin's year", Paragraph: 2, StartLine: 3, EndLine: 3,
		Quote: "a quote not in the text", URL: lb.Paragraph("001_x.txt", 2, 3, 3, ""), Columns: "| Year | <b>GMV</b> |"}
	text := "- **Point one** [1]\n- See [this](https://evil.example/x)\n" + strings.Repeat("More text. ", 2000)
	id, err := store.Put(archive.Record{Question: "What is <Douyin>?", Text: text, Mode: answer.ModeLLM, Model: "m1",
		Citations: []answer.Citation{cite}})
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, seedindex.Open(t), Config{Links: lb, Answers: store})
	rec := do(t, srv.Handler(), "GET", "/answers/"+id, nil, map[string]string{"Accept": "text/html"})
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /answers/%s = %d %q", id, rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{"<h1>What is &lt;Douyin&gt;?</h1>", "<li><strong>Point one</strong> <a class=\"cite\" href=\"" + cite.URL + "\"",
		"See this (https://evil.example/x)", ">Douyin&#39;s year ¶2</a>", "<q>a quote not in the text</q><span class=\"columns\">columns: Year · &lt;b&gt;GMV&lt;/b&gt;</span>", "model m1", "More text. More text."} {
		if !strings.Contains(body, want) {
			t.Errorf("kept answer page lacks %q", want)
		}
	}
	if strings.Contains(body, `href="https://evil.example`) {
		t.Errorf("kept answer page links to the model's URL")
	}
	for _, bad := range []string{"/answers/0123456789abcdef0123456789abcdef", "/answers/..%2f..%2fetc", "/answers/x"} {
		rec := do(t, srv.Handler(), "GET", bad, nil, nil)
		checkJSONError(t, "GET "+bad, rec.Code, rec.Header(), rec.Body.String(), http.StatusNotFound)
	}
	none := newTestServer(t, seedindex.Open(t), Config{})
	if rec := do(t, none.Handler(), "GET", "/answers/"+id, nil, nil); rec.Code != 404 {
		t.Errorf("GET /answers/{id} with no archive = %d, want 404", rec.Code)
	}
}

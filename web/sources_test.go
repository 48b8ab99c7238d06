package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
)

// sectionRe finds each rendered paragraph: its id, class, lines and inner text HTML.
var sectionRe = regexp.MustCompile(`(?s)<section class="(para[^"]*)" id="p(\d+)" data-lines="L(\d+)(?:–(\d+))?"(?: data-page="[^"]*")?>.*?<div class="text">(.*?)</div>\s*</section>`)

type renderedPara struct {
	class      string
	n          int
	start, end int
	html       string
}

func paragraphsOf(tb testing.TB, body string) []renderedPara {
	tb.Helper()
	var out []renderedPara
	for _, m := range sectionRe.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[2])
		s, _ := strconv.Atoi(m[3])
		e := s
		if m[4] != "" {
			e, _ = strconv.Atoi(m[4])
		}
		out = append(out, renderedPara{class: m[1], n: n, start: s, end: e, html: m[5]})
	}
	return out
}

var markRe = regexp.MustCompile(`(?s)<mark class="quote">(.*?)</mark>`)

// plainText undoes the rendering of a paragraph: marks removed, entities decoded.
func plainText(h string) string {
	return html.UnescapeString(markRe.ReplaceAllString(h, "$1"))
}

func marksIn(h string) []string {
	var out []string
	for _, m := range markRe.FindAllStringSubmatch(h, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestSourceListShowsEveryDocument(t *testing.T) {
	srv := seedServer(t)
	rec := do(t, srv.Handler(), "GET", "/sources/", nil, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /sources/ = %d, want 200", rec.Code)
	}
	if got := rec.Header().Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q, want text/html; charset=utf-8", got)
	}
	body := rec.Body.String()
	docs := seedindex.Open(t).Documents()
	if len(docs) == 0 {
		t.Fatal("seed index has no documents")
	}
	for _, d := range docs {
		if want := `href="/sources/` + d.File + `"`; !strings.Contains(body, want) {
			t.Errorf("GET /sources/ lacks a link %s", want)
		}
	}

	rec = do(t, srv.Handler(), "GET", "/sources", nil, nil)
	if rec.Code/100 != 3 || rec.Header().Get("Location") != "/sources/" {
		t.Errorf("GET /sources = %d Location %q, want a redirect to /sources/", rec.Code, rec.Header().Get("Location"))
	}
}

// Every paragraph of every seed is rendered with its id, its lines, and exactly its bytes.
func TestSourceRendersEveryParagraphExactly(t *testing.T) {
	srv := seedServer(t)
	for _, d := range seedindex.Open(t).Documents() {
		t.Run(d.File, func(t *testing.T) {
			rec := do(t, srv.Handler(), "GET", "/sources/"+d.File, nil, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET /sources/%s = %d, want 200", d.File, rec.Code)
			}
			got := paragraphsOf(t, rec.Body.String())
			if len(got) != len(d.Paragraphs) {
				t.Fatalf("rendered %d paragraphs, want %d", len(got), len(d.Paragraphs))
			}
			count := fmt.Sprintf(" · %d paragraphs · ", len(got))
			if len(got) == 1 {
				count = " · 1 paragraph · "
			}
			if !strings.Contains(rec.Body.String(), count) {
				t.Errorf("GET /sources/%s does not say %q", d.File, count)
			}
			for i, p := range d.Paragraphs {
				g := got[i]
				if g.n != p.N || g.start != p.StartLine || g.end != p.EndLine {
					t.Errorf("paragraph %d rendered as p%d L%d-%d, want p%d L%d-%d", i, g.n, g.start, g.end, p.N, p.StartLine, p.EndLine)
				}
				if want := d.Text[p.StartByte:p.EndByte]; plainText(g.html) != want {
					t.Errorf("paragraph %d text = %q, want %q", p.N, plainText(g.html), want)
				}
				if g.class != "para" {
					t.Errorf("paragraph %d class = %q with no target, want para", p.N, g.class)
				}
			}
		})
	}
}

func TestSourceTargetAndQuote(t *testing.T) {
	corpus := mapCorpus(map[string]string{
		"notes/a.md": "Title line\n\nalpha beta Alpha\ngamma\n\ndelta alpha omega\n",
	})
	srv := newTestServer(t, openCorpus(t, corpus), Config{})
	tests := []struct {
		name       string
		query      string
		wantTarget int
		wantMarks  map[int][]string // paragraph -> marked spans
		wantNotice string
	}{
		{name: "no target, no quote", query: "", wantMarks: map[int][]string{}},
		{name: "target only", query: "?p=2", wantTarget: 2, wantMarks: map[int][]string{}},
		{name: "all occurrences in target", query: "?p=2&q=alpha", wantTarget: 2,
			wantMarks: map[int][]string{2: {"alpha", "Alpha"}}},
		{name: "quote across a line break, other case and spacing", query: "?p=2&q=" + url.QueryEscape("ALPHA   gamma"), wantTarget: 2,
			wantMarks: map[int][]string{2: {"Alpha\ngamma"}}},
		{name: "no paragraph: every occurrence, narrowed by the page script", query: "?q=alpha",
			wantMarks: map[int][]string{2: {"alpha", "Alpha"}, 3: {"alpha"}}},
		{name: "quote not found", query: "?p=3&q=zeta", wantTarget: 3, wantMarks: map[int][]string{},
			wantNotice: "quoted text was not found"},
		{name: "paragraph out of range", query: "?p=9", wantMarks: map[int][]string{},
			wantNotice: "no paragraph 9; it has 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, srv.Handler(), "GET", "/sources/notes/a.md"+tt.query, nil, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET = %d, want 200; body %s", rec.Code, rec.Body)
			}
			body := rec.Body.String()
			paras := paragraphsOf(t, body)
			if len(paras) != 3 {
				t.Fatalf("rendered %d paragraphs, want 3", len(paras))
			}
			for _, p := range paras {
				isTarget := p.class == "para target"
				if isTarget != (p.n == tt.wantTarget) {
					t.Errorf("p%d class = %q, want target=%v", p.n, p.class, p.n == tt.wantTarget)
				}
				got, want := marksIn(p.html), tt.wantMarks[p.n]
				if strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("p%d marks = %q, want %q", p.n, got, want)
				}
			}
			if tt.wantNotice != "" && !strings.Contains(body, tt.wantNotice) {
				t.Errorf("page lacks notice %q", tt.wantNotice)
			}
			if tt.wantNotice == "" && strings.Contains(body, `class="notice"`) {
				t.Errorf("page has a notice, want none")
			}
		})
	}
}

func TestSourceRawReturnsOriginalBytes(t *testing.T) {
	srv := seedServer(t)
	for _, d := range seedindex.Open(t).Documents() {
		rec := do(t, srv.Handler(), "GET", "/sources/"+d.File+"?raw=1", nil, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET raw %s = %d, want 200", d.File, rec.Code)
		}
		if got := rec.Header().Get("Content-Type"); got != "text/plain; charset=utf-8" {
			t.Errorf("raw %s Content-Type = %q, want text/plain; charset=utf-8", d.File, got)
		}
		if rec.Body.String() != d.Text {
			t.Errorf("raw %s body differs from the document's bytes (%d vs %d bytes)", d.File, rec.Body.Len(), len(d.Text))
		}
	}
}

func TestSourceErrors(t *testing.T) {
	srv := seedServer(t)
	file := seedindex.Open(t).Documents()[0].File
	tests := []struct {
		name, target, accept string
		wantCode             int
		wantType, wantBody   string
	}{
		{"unknown document, JSON", "/sources/nope.txt", "", 404, "application/json", `"error":"no document \"nope.txt\" in the corpus"`},
		{"unknown document, browser", "/sources/nope.txt", "text/html,*/*", 404, "text/html", "no document &#34;nope.txt&#34; in the corpus"},
		{"bad paragraph", "/sources/" + file + "?p=x", "", 400, "application/json", "paragraph (p) must be a number"},
		{"quote not UTF-8", "/sources/" + file + "?q=%ff%fe", "", 400, "application/json", "quote (q) is not valid UTF-8"},
		{"quote too long", "/sources/" + file + "?q=" + strings.Repeat("a", maxQuoteParam+1), "", 400, "application/json", "quote (q) longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, srv.Handler(), "GET", tt.target, nil, map[string]string{"Accept": tt.accept})
			if rec.Code != tt.wantCode {
				t.Errorf("GET %s = %d, want %d", tt.target, rec.Code, tt.wantCode)
			}
			if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, tt.wantType) {
				t.Errorf("Content-Type = %q, want %s", got, tt.wantType)
			}
			if !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("body = %s, want it to contain %s", rec.Body, tt.wantBody)
			}
		})
	}
}

// A path that tries to leave the corpus is refused: by the mux's path cleaning (a redirect to the
// cleaned path) or by the handler (400). Nothing outside the index is ever read.
func TestSourcePathTraversalRefused(t *testing.T) {
	corpus := mapCorpus(map[string]string{"a.txt": "SECRET-CONTENT\n"})
	srv := newTestServer(t, openCorpus(t, corpus), Config{})
	tests := []struct {
		target   string
		wantCode int
	}{
		{"/sources/..%2f..%2fetc%2fpasswd", 400},
		{"/sources/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 400},
		{"/sources/%2e%2e/a.txt", 400},
		{"/sources/%2Fetc%2Fpasswd", 400},
		// A backslash is an ordinary character of a file name: no such document.
		{"/sources/..%5c..%5cwindows%5cwin.ini", 404},
		{"/sources/a.txt%00.md", 400},
		{"/sources/./a.txt%2f..%2f..%2fx", 307},
		{"/sources/../../etc/passwd", 307},
		{"/sources//etc/passwd", 307},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := do(t, srv.Handler(), "GET", tt.target, nil, nil)
			if rec.Code != tt.wantCode {
				t.Errorf("GET %s = %d, want %d (body %s)", tt.target, rec.Code, tt.wantCode, rec.Body)
			}
			if rec.Code/100 == 3 {
				// Following the redirect must not reach a document either.
				loc := rec.Header().Get("Location")
				rec = do(t, srv.Handler(), "GET", loc, nil, nil)
				if rec.Code != 400 && rec.Code != 404 {
					t.Errorf("GET %s redirects to %q, which answers %d, want 400 or 404", tt.target, loc, rec.Code)
				}
			}
			if strings.Contains(rec.Body.String(), "root:") || strings.Contains(rec.Body.String(), "SECRET-CONTENT") {
				t.Errorf("GET %s leaked file contents: %s", tt.target, rec.Body)
			}
		})
	}
	// The control: the legitimate path works.
	if rec := do(t, srv.Handler(), "GET", "/sources/a.txt", nil, nil); rec.Code != 200 {
		t.Errorf("GET /sources/a.txt = %d, want 200", rec.Code)
	}
}

func TestCleanFile(t *testing.T) {
	tests := []struct {
		in     string
		wantOK bool
	}{
		{"a.txt", true},
		{"dir/sub/a.md", true},
		{"", false},
		{"../a.txt", false},
		{"dir/../../a.txt", false},
		{"/etc/passwd", false},
		{"./a.txt", false},
		{".", false},
		{"dir//a.txt", false},
		{"dir/", false},
		{`..\a.txt`, true}, // a backslash is part of the name, not a separator
		{`dir\a.txt`, true},
		{"a\x00.txt", false},
		{"bad\xffutf8", false},
	}
	for _, tt := range tests {
		_, err := cleanFile(tt.in)
		if (err == nil) != tt.wantOK {
			t.Errorf("cleanFile(%q) error = %v, want ok=%v", tt.in, err, tt.wantOK)
		}
	}
}

// A document full of markup renders as inert text: nothing in it becomes an element or attribute.
func TestSourceEscapesDocumentText(t *testing.T) {
	evil := "<script>alert('doc')</script> title\n\n" +
		"Click <a href=\"javascript:alert(1)\">here</a> \"><img src=x onerror=alert(2)>\n\n" +
		"</div></section><script src=\"https://evil.example/x.js\"></script> & &amp; {{.Title}}\n"
	srv := newTestServer(t, openCorpus(t, mapCorpus(map[string]string{"evil<b>.txt": evil})), Config{})
	file := url.PathEscape("evil<b>.txt")
	for _, target := range []string{
		"/sources/" + file,
		"/sources/" + file + "?p=2&q=" + url.QueryEscape(`"><img src=x onerror=alert(2)>`),
		"/sources/" + file + "?q=" + url.QueryEscape("<script>"),
		"/sources/",
	} {
		rec := do(t, srv.Handler(), "GET", target, nil, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d, want 200", target, rec.Code)
		}
		body := rec.Body.String()
		for _, bad := range []string{"<script>alert", "<img", "<a href=\"javascript", "evil.example/x.js\"></script>", "<b>"} {
			if strings.Contains(body, bad) {
				t.Errorf("GET %s: body contains live markup %q", target, bad)
			}
		}
		if got := strings.Count(body, "<script"); target != "/sources/" && got != 1 {
			t.Errorf("GET %s: %d <script> elements, want 1 (the viewer's own)", target, got)
		}
		if target != "/sources/" {
			paras := paragraphsOf(t, body)
			var text []string
			for _, p := range paras {
				text = append(text, plainText(p.html))
			}
			if got := strings.Join(text, "\n\n") + "\n"; got != evil {
				t.Errorf("GET %s: rendered text = %q, want the document's bytes %q", target, got, evil)
			}
		}
	}
	// The raw text is served as plain text that browsers must not sniff into HTML.
	rec := do(t, srv.Handler(), "GET", "/sources/"+file+"?raw=1", nil, nil)
	if rec.Body.String() != evil || rec.Header().Get("X-Content-Type-Options") != "nosniff" ||
		rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("raw = %q with headers %v, want the bytes as nosniff text/plain", rec.Body, rec.Header())
	}
}

func TestSourcePathEscapesLinks(t *testing.T) {
	srv := newTestServer(t, openCorpus(t, mapCorpus(map[string]string{"dir/a b#?.txt": "hello\n"})), Config{Links: links.Builder{}})
	rec := do(t, srv.Handler(), "GET", "/sources/", nil, nil)
	if want := `href="/sources/dir/a%20b%23%3F.txt"`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("list lacks %s:\n%s", want, rec.Body)
	}
	if rec := do(t, srv.Handler(), "GET", "/sources/dir/a%20b%23%3F.txt", nil, nil); rec.Code != 200 {
		t.Errorf("GET escaped path = %d, want 200", rec.Code)
	}
}

// A corpus of one document says so in the singular, on the chat page and the list of sources.
func TestOneDocumentIsSingular(t *testing.T) {
	srv := newTestServer(t, openCorpus(t, mapCorpus(map[string]string{"notes.md": "# Notes\n\nTaobao sells everything.\n"})), Config{Links: links.Builder{}})
	for target, want := range map[string]string{"/": "from the 1 document in", "/sources/": "1 document. Every"} {
		rec := do(t, srv.Handler(), "GET", target, nil, nil)
		if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET %s = %d, want 200 and %q in:\n%s", target, rec.Code, want, body)
		}
	}
}

// A paragraph that is a Markdown table writes its header row in a span of its own (which the page
// keeps in view above the rows); a mark across the end of the header row is cut in two, one in the
// span and one after it, and the paragraph still reads back as the document's bytes. Other
// paragraphs have no such span.
func TestSourceTableHeaderRowSpan(t *testing.T) {
	srv := newTestServer(t, openCorpus(t, mapCorpus(lessonsCorpus)), Config{})
	doc := lessonsCorpus["lessons.md"]
	from := strings.Index(doc, "Pool \\| lanes |")
	to := strings.Index(doc, "|---|---") + len("|---|---")
	rec := do(t, srv.Handler(), "GET", "/sources/lessons.md?b="+strconv.Itoa(from)+"-"+strconv.Itoa(to), nil, nil)
	paras := paragraphsOf(t, rec.Body.String())
	if rec.Code != http.StatusOK || len(paras) != 3 {
		t.Fatalf("GET /sources/lessons.md = %d with %d paragraphs, want 200 and 3", rec.Code, len(paras))
	}
	const want = `<span class="thead">| Term | First week starts | Last week ends | <mark class="quote">Pool \| lanes |` + "\n" +
		`</mark></span><mark class="quote">|---|---</mark>|---|---|` + "\n"
	table := paras[1].html
	if !strings.HasPrefix(table, want) {
		t.Errorf("the table's paragraph is rendered as %q, want it to open with %q", table, want)
	}
	if got, want := plainText(strings.NewReplacer(`<span class="thead">`, "", `</span>`, "").Replace(table)), strings.TrimSpace(doc[strings.Index(doc, "| Term"):strings.Index(doc, "\n\nLessons")]); got != want {
		t.Errorf("the table's paragraph reads back as %q, want %q", got, want)
	}
	for _, p := range []renderedPara{paras[0], paras[2]} {
		if strings.Contains(p.html, "thead") {
			t.Errorf("paragraph %d has a header row's span: %q", p.n, p.html)
		}
	}
}

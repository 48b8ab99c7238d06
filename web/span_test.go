package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/links"
)

// A citation link carries the quote's byte span: the viewer marks exactly those bytes however long
// they are, in a single-paragraph document too, and says so when the document changed since.
func TestSourceMarksTheLinkedSpan(t *testing.T) {
	long := strings.Repeat("Douyin's GMV grew fast, surpassing competitors like JD.com and Taobao. ", 12)
	doc := "Intro line.\n\n" + long + "And more text after the quote.\n\nLast paragraph mentions Douyin again.\n"
	srv := newTestServer(t, openCorpus(t, mapCorpus(map[string]string{"one.txt": doc})), Config{})
	start := strings.Index(doc, long)
	quote := strings.TrimSpace(long)
	lb := links.Builder{Base: "http://x"}
	link := lb.Link(links.Target{File: "one.txt", Paragraph: 2, QuoteStart: start, QuoteEnd: start + len(quote), Quote: quote})
	u, _ := url.Parse(link)

	rec := do(t, srv.Handler(), "GET", u.RequestURI(), nil, nil)
	body := rec.Body.String()
	paras := paragraphsOf(t, body)
	if rec.Code != 200 || len(paras) != 3 {
		t.Fatalf("GET %s = %d with %d paragraphs, want 200 and 3", u.RequestURI(), rec.Code, len(paras))
	}
	if got := marksIn(paras[1].html); len(got) != 1 || got[0] != quote {
		t.Errorf("p2 marks %q, want exactly the %d-byte quote", got, len(quote))
	}
	if len(marksIn(paras[0].html))+len(marksIn(paras[2].html)) != 0 {
		t.Errorf("marks outside p2")
	}
	if !strings.Contains(body, `data-exact="1"`) || paras[1].class != "para target" {
		t.Errorf("page data-exact / p2 class = %q, want an exact mark in the target paragraph", paras[1].class)
	}
	if strings.Contains(body, `class="notice"`) {
		t.Errorf("page has a notice for a valid span")
	}

	tests := []struct {
		name, query string
		wantCode    int
		wantNotice  string
	}{
		{"check fails: the document changed", "?b=" + url.QueryEscape(u.Query().Get("b")) + "&h=00000000", 200, "changed since the link was made"},
		{"span past the end", "?b=10-99999&h=" + links.SpanCheck("x"), 200, "changed since the link was made"},
		{"malformed span", "?b=abc", 400, ""},
		{"reversed span", "?b=9-3", 400, ""},
		{"changed document, old quote still found", "?b=0-5&h=00000000&q=" + url.QueryEscape("Last paragraph"), 200, ""},
	}
	for _, tt := range tests {
		rec := do(t, srv.Handler(), "GET", "/sources/one.txt"+tt.query, nil, nil)
		if rec.Code != tt.wantCode {
			t.Errorf("%s: GET %s = %d, want %d", tt.name, tt.query, rec.Code, tt.wantCode)
			continue
		}
		if tt.wantNotice != "" && !strings.Contains(rec.Body.String(), tt.wantNotice) {
			t.Errorf("%s: page lacks notice %q", tt.name, tt.wantNotice)
		}
		if tt.wantCode == 200 && strings.Contains(rec.Body.String(), `data-exact="1"`) {
			t.Errorf("%s: marks claimed exact for a span that does not fit", tt.name)
		}
	}
	// An old link with only ?q= (a 160-byte prefix) still marks the quote's start.
	old := "/sources/one.txt?q=" + url.QueryEscape(quote[:160]) // browsers never send the "#p2"
	if got := marksIn(paragraphsOf(t, do(t, srv.Handler(), "GET", old, nil, nil).Body.String())[1].html); len(got) == 0 {
		t.Errorf("old ?q= link marks nothing")
	}
}

// Files whose names hold a backslash, '?', '#', '%', spaces, '+', '&', ';' or non-ASCII get links (from
// search, answers and the source list) that open them on a real server.
func TestOddFileNamesHaveWorkingLinks(t *testing.T) {
	names := []string{`back\slash.txt`, "q?mark.txt", "hash#1.txt", "per%cent.txt", "space name.txt", "plus+amp&semi;.txt",
		"ünï 文件.md", `dir\sub/odd name%2F.txt`}
	files := map[string]string{}
	for i, n := range names {
		files[n] = "Zebracorn fact number " + string(rune('A'+i)) + " about zebracorns.\n"
	}
	base, _ := startServer(t, openCorpus(t, mapCorpus(files)))

	var search SearchResponse
	getJSON(t, base+"/api/search?k=20&q=zebracorn", &search)
	if len(search.Results) != len(names) {
		t.Fatalf("search found %d documents, want %d", len(search.Results), len(names))
	}
	for _, r := range search.Results {
		checkOpens(t, r.URL, r.File, files[r.File])
	}
	resp, err := http.Post(base+"/api/ask", "application/json", strings.NewReader(`{"question":"Which zebracorn fact is number C?"}`))
	if err != nil {
		t.Fatal(err)
	}
	var a answer.Answer
	json.NewDecoder(resp.Body).Decode(&a)
	resp.Body.Close()
	for _, c := range a.Citations {
		checkOpens(t, c.URL, c.File, c.Quote)
	}
	if len(a.Citations) == 0 {
		t.Errorf("answer %q has no citation", a.Text)
	}
}

func getJSON(tb testing.TB, u string, v any) {
	tb.Helper()
	resp, err := http.Get(u)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil || resp.StatusCode != 200 {
		tb.Fatalf("GET %s = %d, %v", u, resp.StatusCode, err)
	}
}

// checkOpens GETs a viewer link and checks that it shows the document holding want.
func checkOpens(tb testing.TB, link, file, want string) {
	tb.Helper()
	resp, err := http.Get(link)
	if err != nil {
		tb.Fatalf("GET %s: %v", link, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := strings.Join(marksIn(string(b)), "") + plainText(string(b))
	if resp.StatusCode != 200 || !strings.Contains(text, strings.TrimSpace(want)) {
		tb.Errorf("link %s for %q = %d, want 200 showing %q", link, file, resp.StatusCode, want)
	}
}

// Any file name the corpus can hold survives the round trip through its viewer link: the mux hands
// the handler the same name and the path check accepts it.
func FuzzViewerLinkRoundTrip(f *testing.F) {
	for _, s := range []string{"a.txt", `a\b.txt`, "q?#%.txt", "dir/x y.md", "文件.md", "a/b\\c/d.txt", "%2e%2e.txt"} {
		f.Add(s)
	}
	mux := http.NewServeMux()
	var got string
	mux.HandleFunc("GET /sources/{file...}", func(w http.ResponseWriter, r *http.Request) { got = r.PathValue("file") })
	lb := links.Builder{Base: "http://x"}
	f.Fuzz(func(t *testing.T, name string) {
		if _, err := cleanFile(name); err != nil {
			return // not a name a corpus can hold
		}
		u, err := url.Parse(lb.Link(links.Target{File: name, Paragraph: 1}))
		if err != nil {
			t.Fatalf("link for %q does not parse: %v", name, err)
		}
		got = "\x00unset"
		req, err := http.NewRequest("GET", u.RequestURI(), nil)
		if err != nil {
			t.Fatalf("request for %q: %v", name, err)
		}
		rec := &discardWriter{h: http.Header{}}
		mux.ServeHTTP(rec, req)
		if got != name {
			t.Fatalf("link %s for %q reached the handler as %q (status %d)", u.RequestURI(), name, got, rec.code)
		}
		if _, err := cleanFile(got); err != nil {
			t.Fatalf("path check refused %q: %v", got, err)
		}
	})
}

type discardWriter struct {
	h    http.Header
	code int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(c int)           { d.code = c }

package main

import (
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// articlePage is a saved web article saying first.
func articlePage(first string) string {
	return `<!doctype html><html><head><title>Zorblax</title><script>track()</script></head><body>` +
		`<nav>Home</nav><article><h1>Zorblax</h1><p>` + first + `</p></article><footer>©</footer></body></html>`
}

// A folder of saved web pages is a corpus: serve searches a page, and an edit of the page reaches
// search and the viewer (which shows the text read from it) while it runs.
func TestServeFollowsAWebPage(t *testing.T) {
	corpus := t.TempDir()
	page := filepath.Join(corpus, "saved", "zorblax.html")
	write(t, page, articlePage("Zorblax sells teapots to collectors."))
	write(t, filepath.Join(corpus, "notes.txt"), "Taobao is Alibaba's marketplace.\n")
	addr := freeAddr(t)
	base := "http://" + addr
	env := baseEnv(t)
	env["CITEBOT_SEEDS_DIR"] = corpus
	env["CITEBOT_HTTP_ADDR"] = addr
	stop := startServe(t, env)
	waitHealthy(t, addr)
	if files := searchFiles(t, base, "Zorblax teapots"); !contains(files, "saved/zorblax.html") {
		t.Errorf("search for the page's words finds %v, want saved/zorblax.html", files)
	}

	write(t, page, articlePage("Zorblax now sells kettles to collectors."))
	want := "# Zorblax\n\nZorblax now sells kettles to collectors.\n"
	eventually(t, 10*time.Second, "the viewer never showed the edited page's text", func() bool {
		resp, err := http.Get(base + "/sources/saved/zorblax.html?raw=1")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return string(b) == want
	})
	var rep searchReport
	getJSON(t, base, "/api/search?k=1&q=kettles", &rep)
	if len(rep.Results) != 1 || rep.Results[0].File != "saved/zorblax.html" || rep.Results[0].Text != "Zorblax now sells kettles to collectors." {
		t.Errorf("search for the edit finds %+v, want the page's edited paragraph", rep.Results)
	}
	if code, logs := stop(); code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
}

package main

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/internal/readonlydir"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/web"
)

// copySeeds copies the seeds and their catalog into a fresh corpus folder.
func copySeeds(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	entries, err := os.ReadDir("../../seeds")
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); ext != ".txt" && ext != ".json" {
			continue
		}
		data, err := os.ReadFile(filepath.Join("../../seeds", e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// getJSON GETs base+path and decodes the JSON body into v, returning the status.
func getJSON(tb testing.TB, base, path string, v any) int {
	tb.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if v != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, v); err != nil {
			tb.Fatalf("GET %s: %v in %s", path, err, body)
		}
	}
	return resp.StatusCode
}

// eventually polls cond every 25 ms for up to d and fails tb with what if it never holds.
func eventually(tb testing.TB, d time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("after %s: %s", d, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// searchFiles returns the files of the top results for q.
func searchFiles(tb testing.TB, base, q string) []string {
	tb.Helper()
	var rep searchReport
	getJSON(tb, base, "/api/search?k=5&q="+url.QueryEscape(q), &rep)
	var out []string
	for _, r := range rep.Results {
		out = append(out, r.File)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestServeFollowsTheCorpus edits, adds and deletes documents and the catalog under a running
// serve: each change reaches search, answers, summaries, the viewer, /api/platforms and the Discord
// /summary choices, and /healthz and /metrics report the reloads.
func TestServeFollowsTheCorpus(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{Token: "test-token-reload"})
	const guild = "123456789012345678"
	corpus, base, _, stop := serveCopy(t, map[string]string{
		"DISCORD_TOKEN": "test-token-reload", "DISCORD_API_URL": fake.URL, "DISCORD_GUILD_ID": guild})
	var h0 web.Health
	getJSON(t, base, "/healthz", &h0)
	if h0.CorpusVersion == "" || h0.CorpusLoaded == nil || h0.LastReload != nil {
		t.Errorf("/healthz at start = %+v, want a corpus version, when it was loaded and no reload yet", h0)
	}

	// A new document becomes searchable, citable and openable.
	write(t, filepath.Join(corpus, "new", "zorblax.md"), "# Zorblax\n\nZorblax is a marketplace that sells only teapots, founded in 2031.\n")
	eventually(t, 10*time.Second, "the new document never became searchable", func() bool {
		return contains(searchFiles(t, base, "Zorblax teapots"), "new/zorblax.md")
	})
	if code := getJSON(t, base, "/sources/new/zorblax.md", nil); code != http.StatusOK {
		t.Errorf("viewer of the new document: %d", code)
	}
	var ans struct {
		Citations []struct{ File string } `json:"citations"`
	}
	resp, err := http.Post(base+"/api/ask", "application/json", strings.NewReader(`{"question":"What does Zorblax sell?"}`))
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&ans)
	resp.Body.Close()
	if len(ans.Citations) == 0 || ans.Citations[0].File != "new/zorblax.md" {
		t.Errorf("answer about the new document cites %+v", ans.Citations)
	}

	// An edited paragraph is served in its new form; a deleted document vanishes.
	seed := filepath.Join(corpus, "000_c3c0d2fced9bc6e6.txt")
	old, _ := os.ReadFile(seed)
	write(t, seed, string(old)+"\n\nQuuxification of live commerce began in Douyin's cities.\n")
	if err := os.Remove(filepath.Join(corpus, "003_4fda5065e9bafefa.txt")); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the edit and the deletion were never served", func() bool {
		return contains(searchFiles(t, base, "Quuxification"), "000_c3c0d2fced9bc6e6.txt") &&
			getJSON(t, base, "/sources/003_4fda5065e9bafefa.txt", nil) == http.StatusNotFound
	})
	for _, q := range []string{"Pinduoduo", "Kuaishou e-commerce", "Taobao", "JD.com logistics"} {
		if files := searchFiles(t, base, q); contains(files, "003_4fda5065e9bafefa.txt") {
			t.Errorf("search %q still finds the deleted document: %v", q, files)
		}
	}
	var sum struct {
		Citations []struct{ File string } `json:"citations"`
	}
	getJSON(t, base, "/api/summary/Pinduoduo", &sum)
	for _, c := range sum.Citations {
		if c.File == "003_4fda5065e9bafefa.txt" {
			t.Errorf("the summary still cites the deleted document")
		}
	}

	// A catalog change reaches /api/platforms and Discord's /summary choices.
	if !fake.Wait(20*time.Second, func() bool { return len(fake.Commands(guild)) > 2 }) {
		t.Fatal("the bot registered no guild commands")
	}
	catalog, _ := os.ReadFile(filepath.Join(corpus, "platforms.json"))
	write(t, filepath.Join(corpus, "platforms.json"), strings.Replace(string(catalog), `"platforms": [`, `"platforms": [{"name": "Zorblax", "aliases": ["Zorbla"]},`, 1))
	eventually(t, 10*time.Second, "the new platform never reached /api/platforms", func() bool {
		var ps web.PlatformsResponse
		getJSON(t, base, "/api/platforms", &ps)
		return len(ps.Platforms) > 0 && ps.Platforms[0].Name == "Zorblax" && ps.Platforms[0].Documents == 1
	})
	if !fake.Wait(10*time.Second, func() bool { return strings.Contains(string(fake.Commands(guild)), `"Zorblax"`) }) {
		t.Errorf("Discord's /summary choices never followed the catalog: %s", fake.Commands(guild))
	}

	var h1 web.Health
	getJSON(t, base, "/healthz", &h1)
	if h1.CorpusVersion == h0.CorpusVersion || h1.LastReload == nil || h1.LastReloadError != "" || h1.Documents != 5 {
		t.Errorf("/healthz after the changes = %+v, want a new version, a last reload without error and 5 documents", h1)
	}
	resp, err = http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := string(body); strings.Contains(m, "citebot_corpus_reloads_total 0") || !strings.Contains(m, "citebot_corpus_reload_errors_total 0") || !strings.Contains(m, "citebot_corpus_documents 5") {
		t.Errorf("/metrics does not count the reloads:\n%s", grepLines(m, "citebot_corpus"))
	}
	if code, logs := stop(); code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
}

// serveCopy runs "citebot serve" over a copy of the seeds, with extra set in its environment, and
// waits until it is healthy: it returns the corpus folder, the server's base URL, the environment
// and the function that stops it.
func serveCopy(t *testing.T, extra map[string]string) (corpus, base string, env map[string]string, stop func() (int, string)) {
	t.Helper()
	corpus = copySeeds(t)
	addr := freeAddr(t)
	env = baseEnv(t)
	env["CITEBOT_SEEDS_DIR"] = corpus
	env["CITEBOT_HTTP_ADDR"] = addr
	maps.Copy(env, extra)
	stop = startServe(t, env)
	waitHealthy(t, addr)
	return corpus, "http://" + addr, env, stop
}

// TestServeFollowsTheSettingsFiles edits only the corpus's settings files under a running serve,
// one at a time, each edit leaving every document as it was: the glossary (added, then removed),
// the platform catalog (an alias added to a platform, its names unchanged, so Discord's choices
// stay), corpus.json (a title, then a URL alone, which nothing but the version shows) and
// names.json (another name of a shop, which a search then uses). Each
// reaches what serve answers through the watcher alone, with no restart, as a new corpus version.
func TestServeFollowsTheSettingsFiles(t *testing.T) {
	corpus := t.TempDir()
	write(t, filepath.Join(corpus, "a.md"), "# Teapots\n\nThe Quuxmart shop sells teapots in Hangzhou.\n")
	write(t, filepath.Join(corpus, "b.txt"), "JD.com sells kettles in Beijing.\n")
	write(t, filepath.Join(corpus, "platforms.json"), `{"platforms": [{"name": "JD.com", "aliases": []}]}`)
	addr := freeAddr(t)
	env := baseEnv(t)
	env["CITEBOT_SEEDS_DIR"], env["CITEBOT_HTTP_ADDR"] = corpus, addr
	stop := startServe(t, env)
	waitHealthy(t, addr)
	base := "http://" + addr
	version := func() string {
		var h web.Health
		getJSON(t, base, "/healthz", &h)
		return h.CorpusVersion
	}
	// found reports whether a search for q finds file first, holding one of q's terms (not weak).
	found := func(q, file string) bool {
		var rep searchReport
		getJSON(t, base, "/api/search?k=3&q="+url.QueryEscape(q), &rep)
		return len(rep.Results) > 0 && rep.Results[0].File == file && !rep.Results[0].Weak
	}
	summary := func(platform string) int { return getJSON(t, base, "/api/summary/"+url.PathEscape(platform), nil) }
	sourcesPage := func() string {
		resp, err := http.Get(base + "/sources/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if found("鬯", "a.md") || summary("京东") != http.StatusNotFound || strings.Contains(sourcesPage(), "Kettle notes") || found("Zorblax Trading", "a.md") {
		t.Fatal("before the edits, 鬯 finds a.md, 京东 names a platform, b.txt is titled Kettle notes, or Zorblax Trading finds a.md")
	}
	steps := []struct {
		name string
		edit func()
		took func() bool
	}{
		{"glossary.json added", func() { write(t, filepath.Join(corpus, "glossary.json"), `{"zh": {"鬯": "Quuxmart"}}`) },
			func() bool { return found("鬯", "a.md") }},
		{"glossary.json removed", func() {
			if err := os.Remove(filepath.Join(corpus, "glossary.json")); err != nil {
				t.Fatal(err)
			}
		}, func() bool { return !found("鬯", "a.md") }},
		{"an alias added to platforms.json", func() {
			write(t, filepath.Join(corpus, "platforms.json"), `{"platforms": [{"name": "JD.com", "aliases": ["京东"]}]}`)
		}, func() bool { return summary("京东") == http.StatusOK }},
		{"a title in corpus.json", func() {
			write(t, filepath.Join(corpus, "corpus.json"), `{"documents": [{"file": "b.txt", "title": "Kettle notes"}]}`)
		}, func() bool { return strings.Contains(sourcesPage(), "Kettle notes") }},
		{"a URL alone in corpus.json", func() {
			write(t, filepath.Join(corpus, "corpus.json"), `{"documents": [{"file": "b.txt", "title": "Kettle notes", "url": "https://example.com/b"}]}`)
		}, func() bool { return true }},
		{"another name in names.json", func() {
			write(t, filepath.Join(corpus, "names.json"), `{"names": [["Zorblax Trading", "Quuxmart"]]}`)
		}, func() bool { return found("Zorblax Trading", "a.md") }},
	}
	for _, s := range steps {
		before := version()
		s.edit()
		eventually(t, 10*time.Second, s.name+": never served", func() bool { return version() != before && s.took() })
	}
	if code, logs := stop(); code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
}

// TestServeReloadsOnSIGHUP turns watching off: a change is served only after SIGHUP.
func TestServeReloadsOnSIGHUP(t *testing.T) {
	corpus, base, _, stop := serveCopy(t, map[string]string{"CITEBOT_WATCH": "false"})
	write(t, filepath.Join(corpus, "zorblax.txt"), "Zorblax sells teapots.")
	time.Sleep(4 * watchDebounce)
	if contains(searchFiles(t, base, "Zorblax"), "zorblax.txt") {
		t.Fatal("with CITEBOT_WATCH=false the change was served without SIGHUP")
	}
	hangUp(t)
	eventually(t, 10*time.Second, "SIGHUP did not reload the corpus", func() bool {
		return contains(searchFiles(t, base, "Zorblax"), "zorblax.txt")
	})
	if code, logs := stop(); code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
}

func write(tb testing.TB, path, text string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// TestReadOnlyDataFolderStillServes indexes, changes the corpus and makes the data folder
// read-only: search, ask and serve answer from the last index and say they cannot update it;
// index fails saying why.
func TestReadOnlyDataFolderStillServes(t *testing.T) {
	corpus := copySeeds(t)
	env := baseEnv(t)
	env["CITEBOT_SEEDS_DIR"] = corpus
	if code, _, errOut := runCLI(t, env, "", "index"); code != 0 {
		t.Fatalf("index: %s", errOut)
	}
	write(t, filepath.Join(corpus, "zorblax.txt"), "Zorblax sells teapots.")
	readOnly(t, env["CITEBOT_DATA_DIR"])

	code, out, errOut := runCLI(t, env, "", "search", "--json", "Douyin GMV")
	if code != 0 || !strings.Contains(out, "004_8b8eead7925c9339.txt") || !strings.Contains(errOut, "read-only") {
		t.Errorf("search with a read-only data folder: exit %d, stdout %.200q, stderr %q; want results and a warning", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, env, "", "ask", "How many daily active users does Douyin have?"); code != 0 || !strings.Contains(out, "[1]") {
		t.Errorf("ask with a read-only data folder: exit %d, stdout %.200q, stderr %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, env, "", "index"); code != 1 || !strings.Contains(errOut, "read-only") {
		t.Errorf("index with a read-only data folder: exit %d, stderr %q; want exit 1 saying it is read-only", code, errOut)
	}
	addr := freeAddr(t)
	env["CITEBOT_HTTP_ADDR"] = addr
	stop := startServe(t, env)
	waitHealthy(t, addr)
	var h web.Health
	getJSON(t, "http://"+addr, "/healthz", &h)
	if !h.Stale || h.Documents != 5 {
		t.Errorf("/healthz with a read-only data folder = %+v, want stale and the 5 indexed documents", h)
	}
	if files := searchFiles(t, "http://"+addr, "Douyin GMV"); len(files) == 0 {
		t.Error("serve with a read-only data folder found nothing")
	}
	if code, logs := stop(); code != 0 || !strings.Contains(logs, "read-only") {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
}

// readOnly makes dir read-only until the test ends (see [readonlydir.Make]).
func readOnly(tb testing.TB, dir string) { readonlydir.Make(tb, dir) }

// hangUp sends this process SIGHUP, on which serve (run in it) reloads the corpus.
func hangUp(tb testing.TB) {
	tb.Helper()
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Signal(syscall.SIGHUP)
	}
	if err != nil {
		tb.Fatal(err)
	}
}

// TestServeAndIndexSideBySide runs index on the data folder of a running serve (watching off):
// index updates the snapshot without waiting for serve, and serve's next reload loads it
// without embedding anything again.
func TestServeAndIndexSideBySide(t *testing.T) {
	corpus, base, env, stop := serveCopy(t, map[string]string{"CITEBOT_WATCH": "false", "CITEBOT_LOCK_TIMEOUT": "5s"})
	write(t, filepath.Join(corpus, "zorblax.txt"), "Zorblax sells teapots.")
	code, out, errOut := runCLI(t, env, "", "index", "--json")
	var rep indexReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Embedded != 1 {
		t.Fatalf("index beside serve: exit %d, %q, stderr %q; want the new file's one chunk embedded", code, out, errOut)
	}
	hangUp(t)
	eventually(t, 10*time.Second, "serve never loaded what index wrote", func() bool {
		return contains(searchFiles(t, base, "Zorblax"), "zorblax.txt")
	})
	code, logs := stop()
	if code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
	if reloaded := grepLines(logs, "corpus reloaded"); !strings.Contains(reloaded, "embedded=0") {
		t.Errorf("serve's reload did not take the vectors index stored:\n%s", reloaded)
	}
}

// TestServeReportsASnapshotNotSaved makes the snapshot impossible to write (a folder stands where
// it goes) under a running serve: an edit is still served, since the swap comes before the write,
// and /healthz says the snapshot could not be saved; once the way is clear, the next edit is served
// and saved, and the error clears.
func TestServeReportsASnapshotNotSaved(t *testing.T) {
	corpus, base, env, stop := serveCopy(t, map[string]string{"CITEBOT_WATCH": "false"})
	snapshot := filepath.Join(retrieval.IndexDir(env["CITEBOT_DATA_DIR"], corpusID(corpus)), "index.snapshot")
	if err := os.Remove(snapshot); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(snapshot, 0o700); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(corpus, "zorblax.txt"), "Zorblax sells teapots.")
	hangUp(t)
	var h web.Health
	eventually(t, 10*time.Second, "the reload never reported the snapshot it could not save", func() bool {
		h = web.Health{}
		getJSON(t, base, "/healthz", &h)
		return h.LastReloadError != ""
	})
	if !strings.Contains(h.LastReloadError, "could not be saved") || !contains(searchFiles(t, base, "Zorblax"), "zorblax.txt") {
		t.Errorf("after a reload whose snapshot could not be saved: last_reload_error %q, search for the new text %v; want it served and the error said",
			h.LastReloadError, searchFiles(t, base, "Zorblax"))
	}
	if err := os.Remove(snapshot); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(corpus, "zorblax.txt"), "Zorblax sells teapots and kettles.")
	hangUp(t)
	eventually(t, 10*time.Second, "the next reload never cleared the error", func() bool {
		h = web.Health{}
		getJSON(t, base, "/healthz", &h)
		return h.LastReloadError == ""
	})
	if _, err := os.Stat(snapshot); err != nil {
		t.Errorf("the snapshot was not saved by the next reload: %v", err)
	}
	if code, logs := stop(); code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citebot/citebot/internal/openaitest"
)

// runCLI runs citebot with env as its whole environment and returns the exit code and streams.
func runCLI(tb testing.TB, env map[string]string, stdin string, args ...string) (int, string, string) {
	tb.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func baseEnv(tb testing.TB) map[string]string {
	tb.Helper()
	return map[string]string{"CITEBOT_DATA_DIR": filepath.Join(tb.TempDir(), "data")}
}

func TestIndexJSONIsIncremental(t *testing.T) {
	env := baseEnv(t)
	var first, second indexReport
	for i, rep := range []*indexReport{&first, &second} {
		code, out, errOut := runCLI(t, env, "", "index", "--json")
		if code != 0 {
			t.Fatalf("index run %d: exit %d, stderr %s", i+1, code, errOut)
		}
		dec := json.NewDecoder(strings.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(rep); err != nil {
			t.Fatalf("index --json output %q: %v", out, err)
		}
	}
	if first.Files != 5 || first.Chunks == 0 || first.Embedded != first.Chunks {
		t.Errorf("first index = %+v, want 5 files with every chunk embedded", first)
	}
	if second.Embedded != 0 || second.Reused != first.Chunks {
		t.Errorf("second index = %+v, want 0 embedded and %d reused", second, first.Chunks)
	}
}

// index --json counts the files it did not read, so that a script can tell: files of types it does
// not read, by extension, and a text file that is not UTF-8.
func TestIndexJSONCountsSkippedFiles(t *testing.T) {
	env := baseEnv(t)
	dir := t.TempDir()
	for name, body := range map[string]string{
		"guide.md":   "# Guide\n\nKuaishou opens at nine.\n",
		"report.pdf": "%PDF-1.7", // read, but not a PDF that can be: skipped, not counted by type
		"old.doc":    "\xd0\xcf\x11\xe0",
		"notes.rst":  "Notes\n=====\n",
		"bad.txt":    "\xff\xfe not text",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env["CITEBOT_SEEDS_DIR"] = dir
	rep, _ := indexJSON(t, env)
	if rep.Files != 1 || rep.Skipped != 4 || rep.SkippedTypes[".doc"] != 1 || rep.SkippedTypes[".rst"] != 1 || len(rep.SkippedTypes) != 2 {
		t.Errorf("index --json = %+v, want 1 file read and 4 skipped, .doc 1 and .rst 1 by type (a PDF is a type citebot reads)", rep)
	}
	// Run again with nothing changed (the snapshot's fast path): the same count.
	code, out, _ := runCLI(t, env, "", "index")
	if code != 0 || !strings.Contains(out, "; 4 files not read (see the warnings)") {
		t.Errorf("index = %d %q, want it to say that 3 files were not read", code, out)
	}
}

func TestSearchJSONShape(t *testing.T) {
	env := baseEnv(t)
	code, out, errOut := runCLI(t, env, "", "search", "Kwai Taobao alliance links", "--k", "3", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Query   string           `json:"query"`
		Results []map[string]any `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Query != "Kwai Taobao alliance links" || len(rep.Results) != 3 {
		t.Fatalf("search --json = %+v, want the query and 3 results", rep)
	}
	keys := []string{"file", "title", "paragraph", "start_line", "end_line", "start_byte", "end_byte", "text", "score", "url", "weak"}
	for _, r := range rep.Results {
		for _, k := range keys {
			if _, ok := r[k]; !ok {
				t.Errorf("result lacks %q: %v", k, r)
			}
		}
		if len(r) != len(keys) {
			t.Errorf("result has keys %v, want exactly %v", r, keys)
		}
		file := r["file"].(string)
		data, err := os.ReadFile(filepath.Join("..", "..", "seeds", file))
		if err != nil {
			t.Fatal(err)
		}
		s, e := int(r["start_byte"].(float64)), int(r["end_byte"].(float64))
		if string(data[s:e]) != r["text"] {
			t.Errorf("seeds/%s[%d:%d] != result text", file, s, e)
		}
		if want := "http://127.0.0.1:8080/sources/" + file + "#p"; !strings.HasPrefix(r["url"].(string), want) {
			t.Errorf("url = %v, want prefix %s", r["url"], want)
		}
	}
	top := rep.Results[0]
	if top["file"] != "004_8b8eead7925c9339.txt" || top["paragraph"].(float64) != 56 {
		t.Errorf("top result = %v ¶%v, want seed 004 ¶56", top["file"], top["paragraph"])
	}
}

func TestAskAndSummaryJSON(t *testing.T) {
	env := baseEnv(t)
	code, out, errOut := runCLI(t, env, "", "ask", "--json", "How many daily active users does Douyin have?")
	if code != 0 {
		t.Fatalf("ask exit %d: %s", code, errOut)
	}
	var ans struct {
		Question  string `json:"question"`
		Answer    string `json:"answer"`
		Abstained bool   `json:"abstained"`
		Mode      string `json:"mode"`
		Citations []struct {
			N         int    `json:"n"`
			File      string `json:"file"`
			Paragraph int    `json:"paragraph"`
			Quote     string `json:"quote"`
			Text      string `json:"text"`
			URL       string `json:"url"`
		} `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatal(err)
	}
	if ans.Abstained || ans.Mode != "extractive" || len(ans.Citations) == 0 || !strings.Contains(ans.Answer, "[1]") {
		t.Fatalf("ask --json = %+v, want a cited extractive answer", ans)
	}
	for _, c := range ans.Citations {
		if !strings.Contains(c.Text, c.Quote) || c.URL == "" {
			t.Errorf("citation %d: quote %q not in its passage, or no url", c.N, c.Quote)
		}
	}

	// Questions on stdin: one JSON object per line, in order.
	code, out, errOut = runCLI(t, env, "What was Douyin's GMV in 2024?\n\n¿Qué es el microcomercio?\n", "ask", "--json")
	if code != 0 {
		t.Fatalf("ask stdin exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"question":"What was Douyin's GMV in 2024?"`) || !strings.Contains(lines[1], "microcomercio") {
		t.Errorf("ask from stdin printed %d lines: %s", len(lines), out)
	}

	code, out, errOut = runCLI(t, env, "", "summary", "--json", "kwai")
	if code != 0 {
		t.Fatalf("summary exit %d: %s", code, errOut)
	}
	var sum struct {
		Platform  string           `json:"platform"`
		Summary   string           `json:"summary"`
		Abstained bool             `json:"abstained"`
		Mode      string           `json:"mode"`
		Citations []map[string]any `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Platform != "Kuaishou" || sum.Abstained || len(sum.Citations) == 0 {
		t.Errorf("summary kwai = %+v, want a cited Kuaishou summary", sum)
	}

	// An unknown platform is a failure, not a wrong invocation: one line, in the command's words.
	code, _, errOut = runCLI(t, env, "", "summary", "Amazon")
	if want := "citebot summary: unknown platform \"Amazon\"; known: Douyin, Kuaishou,"; code != 1 || !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("summary Amazon: exit %d, stderr %q; want 1 and one line starting %q", code, errOut, want)
	}

	code, out, _ = runCLI(t, env, "", "platforms", "--json")
	if code != 0 || !strings.Contains(out, `"name":"Pinduoduo"`) || !strings.Contains(out, `"documents":`) {
		t.Errorf("platforms --json: exit %d, %s", code, out)
	}
}

func TestAskWithModel(t *testing.T) {
	srv := openaitest.New(t)
	srv.SetChatDefault(func(r openaitest.Request) openaitest.Reply {
		return openaitest.TextReply("NOT_IN_SOURCES")
	})
	env := baseEnv(t)
	env["OPENAI_BASE_URL"] = srv.URL()
	env["OPENAI_API_KEY"] = "sk-cli-secret-123"
	env["CITEBOT_CHAT_MODEL"] = "test-model"
	code, out, errOut := runCLI(t, env, "", "ask", "--json", "What is the capital of France?")
	if code != 0 {
		t.Fatalf("ask exit %d: %s", code, errOut)
	}
	if srv.ChatRequests() == 0 {
		t.Fatal("model mode made no chat request")
	}
	if got := srv.RequestsTo(openaitest.PathChat)[0].Model(); got != "test-model" {
		t.Errorf("chat model = %q, want test-model", got)
	}
	if !strings.Contains(out, `"abstained":true`) || !strings.Contains(out, `"model":"test-model"`) {
		t.Errorf("ask output %s, want an abstention from test-model", out)
	}
	if strings.Contains(out+errOut, "sk-cli-secret-123") {
		t.Error("the API key appeared in citebot's output")
	}
}

// A model's abstention offers its closest passages without quotes: the human output shows each one's
// text, as the chat page and Discord do, never empty quotation marks.
func TestAskWithModelShowsClosestPassagesText(t *testing.T) {
	srv := openaitest.New(t)
	srv.SetChatDefault(func(r openaitest.Request) openaitest.Reply { return openaitest.TextReply("NOT_IN_SOURCES") })
	env := baseEnv(t)
	env["OPENAI_BASE_URL"] = srv.URL()
	env["OPENAI_API_KEY"] = "sk-cli-secret-123"
	env["CITEBOT_CHAT_MODEL"] = "test-model"
	corpus := writeCorpus(t, map[string]string{
		"lessons.md": "# Swimming lessons\n\nLessons for adults are held at the main pool on Tuesday evenings.\n\nChildren learn on Saturday mornings.\n",
	})
	code, out, errOut := runCLI(t, env, "", "ask", "--seeds", corpus, "How much do the lessons cost?")
	if code != 0 || !strings.Contains(out, "Closest passages:") {
		t.Fatalf("ask: exit %d, %s\n%s\nwant an abstention with closest passages", code, errOut, out)
	}
	if strings.Contains(out, "“”") || !strings.Contains(out, "      “Lessons for adults are held at the main pool on Tuesday evenings.”\n") {
		t.Errorf("ask output:\n%s\nwant each closest passage's text in quotation marks, none empty", out)
	}
}

func TestBadConfigNamesTheVariable(t *testing.T) {
	env := map[string]string{
		"CITEBOT_EMBEDDER":        "magic",
		"CITEBOT_EMBED_BATCH":     "0",
		"CITEBOT_SEEDS_DIR":       "/no/such/folder",
		"CITEBOT_MODEL_TIMEOUT":   "soon",
		"OPENAI_BASE_URL":         "localhost:11434",
		"OPENAI_API_KEY":          "sk-do-not-print",
		"DISCORD_MESSAGE_CONTENT": "maybe",
		"CITEBOT_ALLOW_CHANNELS":  "123,abc",
		"CITEBOT_HTTP_ADDR":       "8080",
	}
	code, _, errOut := runCLI(t, env, "", "search", "x")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, v := range []string{"CITEBOT_EMBEDDER", "CITEBOT_EMBED_BATCH", "CITEBOT_SEEDS_DIR", "CITEBOT_MODEL_TIMEOUT", "OPENAI_BASE_URL", "DISCORD_MESSAGE_CONTENT", "CITEBOT_ALLOW_CHANNELS", "CITEBOT_HTTP_ADDR"} {
		if !strings.Contains(errOut, v) {
			t.Errorf("error output lacks %s:\n%s", v, errOut)
		}
	}
	if strings.Contains(errOut, "sk-do-not-print") {
		t.Error("the API key appeared in a config error")
	}
	code, _, errOut = runCLI(t, map[string]string{"CITEBOT_EMBEDDER": "openai"}, "", "index")
	if code != 1 || !strings.Contains(errOut, "OPENAI_API_KEY") {
		t.Errorf("openai embedder without a key: exit %d, %q", code, errOut)
	}
}

func TestCorpusFolderErrors(t *testing.T) {
	env := baseEnv(t)
	empty := t.TempDir()
	code, _, errOut := runCLI(t, env, "", "index", "--seeds", empty)
	if code != 1 || !strings.Contains(errOut, empty) {
		t.Errorf("index --seeds EMPTY: exit %d, %q; want an error naming the folder", code, errOut)
	}
	code, _, errOut = runCLI(t, env, "", "index", "--seeds", filepath.Join(empty, "missing"))
	if code != 2 || !strings.Contains(errOut, "missing") {
		t.Errorf("index --seeds MISSING: exit %d, %q; want a usage error naming the folder", code, errOut)
	}
	corpus := t.TempDir()
	if err := os.WriteFile(filepath.Join(corpus, "a.md"), []byte("# Shops\n\nTaobao sells everything."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(corpus, "bad.txt"), []byte("ok \xff\xfe"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, env, "", "search", "--seeds", corpus, "--json", "Taobao")
	if code != 0 || !strings.Contains(out, `"file":"a.md"`) || !strings.Contains(errOut, "bad.txt") || !strings.Contains(errOut, "byte_offset=3") {
		t.Errorf("search over a folder with a bad file: exit %d\nout %s\nerr %s", code, out, errOut)
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args     []string
		wantCode int
		want     string
	}{
		{nil, 0, "Usage: citebot COMMAND"},
		{[]string{"help"}, 0, "summary"},
		{[]string{"version"}, 0, "citebot "},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"search"}, 2, "QUERY"},
		{[]string{"search", "--k", "0", "x"}, 2, "--k"},
		{[]string{"search", "--bogus", "x"}, 2, "bogus"},
		{[]string{"index", "--help"}, 0, "Usage: citebot index"},
		{[]string{"ask", "--help"}, 0, "Usage: citebot ask"},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, baseEnv(t), "", tt.args...)
		if code != tt.wantCode || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("citebot %q: exit %d, output %q; want exit %d and %q", tt.args, code, out+errOut, tt.wantCode, tt.want)
		}
	}
}

func TestDotEnvIsReadButEnvironmentWins(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	data := filepath.Join(dir, "from-dotenv")
	if err := os.WriteFile(".env", []byte("CITEBOT_DATA_DIR="+data+"\nCITEBOT_EMBED_BATCH=64\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, map[string]string{}, "", "index")
	if code != 0 {
		t.Fatalf("index: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(data); err != nil {
		t.Errorf("CITEBOT_DATA_DIR from .env was not used: %v", err)
	}
	code, _, errOut = runCLI(t, map[string]string{"CITEBOT_EMBED_BATCH": "nope"}, "", "index")
	if code != 1 || !strings.Contains(errOut, "CITEBOT_EMBED_BATCH") {
		t.Errorf("environment should win over .env: exit %d, %q", code, errOut)
	}
}

func TestFeedbackCommand(t *testing.T) {
	env := baseEnv(t)
	code, out, errOut := runCLI(t, env, "", "feedback")
	if code != 0 || !strings.Contains(out, "0 votes") {
		t.Fatalf("feedback with no votes: exit %d, %q %q", code, out, errOut)
	}
	if code, out, _ = runCLI(t, env, "", "feedback", "--json"); code != 0 || !strings.Contains(out, `"disliked":[]`) {
		t.Errorf("feedback --json with no votes = %s, want \"disliked\":[]", out)
	}
	data := env["CITEBOT_DATA_DIR"]
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	lines := `{"time":"2026-11-21T10:00:00Z","vote":"down","user":"1","channel":"2","answer_id":"a1","question":"What is Temu?","answer":"Not in the sources."}
{"time":"2026-11-21T10:01:00Z","vote":"up","user":"3","channel":"2","answer_id":"a2","question":"Douyin GMV?","answer":"3.5 trillion [1]"}
not json
`
	if err := os.WriteFile(filepath.Join(data, "feedback.jsonl"), []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, env, "", "feedback")
	if code != 0 || !strings.Contains(out, "2 votes on 2 answers: 1 👍, 1 👎") || !strings.Contains(out, "What is Temu?") || !strings.Contains(out, "1 unreadable") {
		t.Errorf("feedback: exit %d, output:\n%s", code, out)
	}
	code, out, _ = runCLI(t, env, "", "feedback", "--json")
	var rep struct {
		Up, Down int
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Up != 1 || rep.Down != 1 {
		t.Errorf("feedback --json: exit %d, %s", code, out)
	}
}

// indexJSON runs index --json and returns its report and what it logged, failing the test when it
// fails.
func indexJSON(t *testing.T, env map[string]string) (indexReport, string) {
	t.Helper()
	code, out, errOut := runCLI(t, env, "", "index", "--json")
	if code != 0 {
		t.Fatalf("index: exit %d, stderr %s", code, errOut)
	}
	var rep indexReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("index --json output %q: %v", out, err)
	}
	return rep, errOut
}

// TestSwitchingSeedsIndexesNothingAgain indexes corpus A, then B, then the built-in corpus in one
// data folder, then A again through a link to its folder: A's index is where it left it, so
// nothing is embedded, derived or removed on the way back, and each corpus has its own folder.
func TestSwitchingSeedsIndexesNothingAgain(t *testing.T) {
	env := baseEnv(t)
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	write(t, filepath.Join(a, "taobao.txt"), "Taobao is Alibaba's marketplace.\n\nTmall sells brands.\n")
	write(t, filepath.Join(b, "jd.txt"), "JD.com delivers the same day.\n")
	link := filepath.Join(root, "a-link")
	if err := os.Symlink(a, link); err != nil {
		t.Fatal(err)
	}
	index := func(args ...string) indexReport {
		t.Helper()
		code, out, errOut := runCLI(t, env, "", append([]string{"index", "--json"}, args...)...)
		var rep indexReport
		if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
			t.Fatalf("index %v: exit %d, %q, stderr %s", args, code, out, errOut)
		}
		return rep
	}
	if first := index("--seeds", a); first.Embedded != 2 {
		t.Fatalf("index of A = %+v, want its 2 chunks embedded", first)
	}
	index("--seeds", b)
	index()
	if back := index("--seeds", link); back.Files != 1 || back.Embedded != 0 || back.Removed != 0 {
		t.Errorf("index of A again, through a link = %+v; want its 1 file, nothing embedded or removed", back)
	}
	dirs, err := os.ReadDir(filepath.Join(env["CITEBOT_DATA_DIR"], "corpora"))
	if err != nil || len(dirs) != 3 {
		t.Errorf("the data folder's corpora/ holds %d folders (%v), want one for each of the 3 corpora", len(dirs), err)
	}
}

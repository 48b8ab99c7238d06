package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestHelpAndUsageErrors(t *testing.T) {
	env := baseEnv(t)
	code, out, _ := runCLI(t, env, "", "search", "--help")
	if want := "Usage: citebot search [--data DIR] [--json] [--k N] [--seeds DIR] QUERY"; code != 0 || !strings.Contains(out, want) {
		t.Errorf("search --help: exit %d, %q; want the usage line %q", code, out, want)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Count(line, "default") > 1 {
			t.Errorf("search --help shows two defaults on one line: %q", line)
		}
	}
	// A number's default reads as a number, a string's in quotes (as flag.PrintDefaults has them).
	if !strings.Contains(out, "--k N        number of results (paragraphs) (default 5)\n") {
		t.Errorf("search --help lacks the --k flag and its default as a number:\n%s", out)
	}
	if !strings.Contains(out, "(default "+strconv.Quote(env["CITEBOT_DATA_DIR"])+")") {
		t.Errorf("search --help lacks the --data flag's default, quoted:\n%s", out)
	}
	if _, out, _ = runCLI(t, env, "", "gaps", "--help"); !strings.Contains(out, `(default "7d")`) {
		t.Errorf("gaps --help lacks --since's default, quoted:\n%s", out)
	}
	code, out, _ = runCLI(t, env, "", "serve", "--help")
	if !strings.Contains(out, "[--addr ADDR] [--data DIR] [--seeds DIR]") {
		t.Errorf("serve --help: exit %d, usage %q lacks --addr, --data, --seeds", code, out)
	}
	code, out, _ = runCLI(t, env, "", "version", "--help")
	if code != 0 || !strings.Contains(out, "Usage: citebot version") || strings.Contains(out, "citebot dev\n") {
		t.Errorf("version --help: exit %d, %q; want help, not the version", code, out)
	}
	if code, out, _ = runCLI(t, env, "", "--version"); code != 0 || out != "citebot dev\n" {
		t.Errorf("--version: exit %d, %q", code, out)
	}

	tests := []struct {
		args []string
		want string // the whole of stderr
	}{
		{[]string{"search", "--bogus", "x"}, "citebot search: flag provided but not defined: --bogus (run citebot search --help)\n"},
		{[]string{"serch", "x"}, "citebot: unknown command \"serch\"; did you mean \"search\"? (run citebot help for the list)\n"},
		{[]string{"plat"}, "citebot: unknown command \"plat\"; did you mean \"platforms\"? (run citebot help for the list)\n"},
		{[]string{"index", "extra"}, "citebot index: takes no arguments, got [\"extra\"] (run citebot index --help)\n"},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, env, "", tt.args...)
		if code != 2 || errOut != tt.want || out != "" {
			t.Errorf("citebot %q: exit %d, stdout %q, stderr %q; want exit 2 and stderr %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

func TestConfigErrorsOneLineEach(t *testing.T) {
	code, _, errOut := runCLI(t, map[string]string{"CITEBOT_EMBED_BATCH": "0", "CITEBOT_LOG_FORMAT": "xml"}, "", "index")
	want := "citebot: CITEBOT_EMBED_BATCH: \"0\" is not a whole number from 1 to 2048\ncitebot: CITEBOT_LOG_FORMAT: \"xml\" is not text or json\n"
	if code != 1 || errOut != want {
		t.Errorf("exit %d, stderr %q; want 1 and %q", code, errOut, want)
	}
}

// writeCorpus makes a corpus folder from file names and contents.
func writeCorpus(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestOwnCorpusHasNoBuiltInCatalog(t *testing.T) {
	env := baseEnv(t)
	corpus := writeCorpus(t, map[string]string{"notes.md": "# Notes\n\nTaobao and Douyin sell things.\n"})
	code, out, errOut := runCLI(t, env, "", "platforms", "--seeds", corpus)
	if code != 0 || !strings.Contains(out, "has no platform catalog") || !strings.Contains(out, "platforms.json") || strings.Contains(out, "Douyin") {
		t.Errorf("platforms over a corpus without platforms.json: exit %d, %q %q; want a note saying how to add one", code, out, errOut)
	}
	code, out, _ = runCLI(t, env, "", "platforms", "--json", "--seeds", corpus)
	if code != 0 || strings.TrimSpace(out) != `{"platforms":[]}` {
		t.Errorf("platforms --json: exit %d, %q; want an empty list", code, out)
	}
	code, _, errOut = runCLI(t, env, "", "summary", "--seeds", corpus, "Taobao")
	if code != 1 || !strings.Contains(errOut, "no platform catalog") {
		t.Errorf("summary over a corpus without a catalog: exit %d, %q", code, errOut)
	}

	// With its own catalog: its platforms, counted with plurals.
	corpus = writeCorpus(t, map[string]string{
		"a.md":           "# A\n\nShopee grows.\n",
		"b.md":           "# B\n\nShopee and Lazada compete.\n",
		"platforms.json": `{"platforms": [{"name": "Shopee", "aliases": ["虾皮"]}, {"name": "Lazada", "aliases": []}]}`,
	})
	code, out, _ = runCLI(t, env, "", "platforms", "--seeds", corpus)
	if code != 0 || !strings.Contains(out, "Shopee       2 documents") || !strings.Contains(out, "Lazada       1 document ") || strings.Contains(out, "Douyin") {
		t.Errorf("platforms with a catalog of its own: exit %d:\n%s", code, out)
	}
}

func TestHumanOutputEscapesControlCharacters(t *testing.T) {
	env := baseEnv(t)
	corpus := writeCorpus(t, map[string]string{
		"evil.txt": "Evil \x1b]0;pwned\x07 title\n\nTaobao \x1b[31mred\x1b[0m sells \u202eelbat everything\r over\b.\n",
	})
	for _, args := range [][]string{{"search", "Taobao"}, {"ask", "What does Taobao sell?"}, {"index"}} {
		args = append(args, "--seeds", corpus)
		code, out, errOut := runCLI(t, env, "", args...)
		if code != 0 {
			t.Fatalf("%q: exit %d, %s", args, code, errOut)
		}
		if strings.ContainsAny(out+errOut, "\x1b\x07\r\b\u202e") {
			t.Errorf("%q printed raw control characters: %q", args, out)
		}
		if args[0] != "index" && !strings.Contains(out, `\x1b[31mred\x1b[0m`) {
			t.Errorf("%q: output %q does not show the escape sequence escaped", args, out)
		}
	}
	// JSON keeps the exact text (its encoder escapes control characters itself).
	_, out, _ := runCLI(t, env, "", "search", "--json", "--seeds", corpus, "Taobao")
	if !strings.Contains(out, `\u001b[31mred`) {
		t.Errorf("search --json = %s, want the text JSON-escaped", out)
	}
}

func TestSearchMergesParagraphsAndMarksWeakMatches(t *testing.T) {
	env := baseEnv(t)
	code, out, errOut := runCLI(t, env, "", "search", "--json", "--k", "10", "zzzzqqq")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Results []struct {
			File      string `json:"file"`
			Title     string `json:"title"`
			Paragraph int    `json:"paragraph"`
			Weak      bool   `json:"weak"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) == 0 {
		t.Fatal("search zzzzqqq found nothing at all; want the nearest passages, marked weak")
	}
	for _, r := range rep.Results {
		if !r.Weak {
			t.Errorf("zzzzqqq: %s ¶%d not marked weak", r.File, r.Paragraph)
		}
	}
	_, text, _ := runCLI(t, env, "", "search", "zzzzqqq")
	if !strings.Contains(text, "(weak match)") || !strings.Contains(text, "Note: no passage contains the words of \"zzzzqqq\"") {
		t.Errorf("search zzzzqqq text output lacks the weak note:\n%s", text)
	}

	// Seed 004's long paragraphs have several chunks: each paragraph is listed once.
	for _, q := range []string{"Douyin GMV 2024", "Zhang Yong Tmall Taobao", "Kwai Taobao alliance links", "淘宝 直播"} {
		_, out, _ := runCLI(t, env, "", "search", "--json", "--k", "20", q)
		rep.Results = nil
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range rep.Results {
			key := r.File + "#" + string(rune('0'+r.Paragraph))
			if seen[key] {
				t.Errorf("search %q lists %s ¶%d twice", q, r.File, r.Paragraph)
			}
			seen[key] = true
			if r.Title == "" {
				t.Errorf("search %q: %s has no title", q, r.File)
			}
		}
		if len(rep.Results) == 0 || rep.Results[0].Weak {
			t.Errorf("search %q: top hit %+v, want a strong match", q, rep.Results)
		}
	}
}

func TestCLIShowsTitles(t *testing.T) {
	env := baseEnv(t)
	_, out, _ := runCLI(t, env, "", "ask", "How many daily active users does Douyin have?")
	if !strings.Contains(out, "[1] 13 years of Alibaba e-commerce: Zhang Yong's merits and demerits\n      004_8b8eead7925c9339.txt ¶") {
		t.Errorf("ask output does not show the source's title, then its file and paragraph:\n%s", out)
	}
	_, out, _ = runCLI(t, env, "", "ask", "--json", "How many daily active users does Douyin have?")
	if !strings.Contains(out, `"title":"13 years of Alibaba e-commerce: Zhang Yong's merits and demerits"`) {
		t.Errorf("ask --json citations lack the title: %s", out)
	}
}

// An answer from a row of a table names the row's columns by the table's header row, under the
// quote in text and as "columns" (and its names split, "column_names") in JSON; the header is not
// quoted.
func TestAskNamesATableRowsColumns(t *testing.T) {
	env := baseEnv(t)
	const header = "| Term | First week starts | Last week ends |"
	corpus := writeCorpus(t, map[string]string{
		"lessons.md": "# Swimming lessons\n\n" + header + "\n|---|---|---|\n" +
			"| Spring 2026 | Monday 5 January 2026 | Sunday 29 March 2026 |\n| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 |\n",
	})
	const q = "When does the summer term of lessons start?"
	code, out, errOut := runCLI(t, env, "", "ask", "--seeds", corpus, q)
	want := "      “| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 |”\n" +
		"      columns: Term · First week starts · Last week ends\n      http"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("ask: exit %d, %s\n%s\nwant the row's quote, then its columns:\n%s", code, errOut, out, want)
	}
	code, out, errOut = runCLI(t, env, "", "ask", "--json", "--seeds", corpus, q)
	var a struct {
		Text      string `json:"answer"`
		Citations []struct {
			Quote       string   `json:"quote"`
			Columns     string   `json:"columns"`
			ColumnNames []string `json:"column_names"`
		} `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil {
		t.Fatalf("ask --json: exit %d, %v, %s", code, err, errOut)
	}
	if len(a.Citations) != 1 || a.Citations[0].Columns != header || strings.Contains(a.Citations[0].Quote, "First week") ||
		strings.Contains(a.Text, "First week") {
		t.Errorf("ask --json = %s, want one citation of the summer row with \"columns\": %q, the header quoted nowhere", out, header)
	}
	if want := []string{"Term", "First week starts", "Last week ends"}; len(a.Citations) != 1 || !slices.Equal(a.Citations[0].ColumnNames, want) {
		t.Errorf("ask --json = %s, want \"column_names\": %q", out, want)
	}
}

// A table's header row is never quoted, neither by an answer nor as a closest passage (related, and
// the gap report's closest): where its words are what the question shares with the document, the
// passage quotes a row under it, which carries the header as its columns.
func TestTableHeaderRowIsNeverQuoted(t *testing.T) {
	env := baseEnv(t)
	const header = "| Term | First week starts | Last week ends |"
	corpus := writeCorpus(t, map[string]string{
		"lessons.md": "# Swimming lessons\n\n" + header + "\n|---|---|---|\n" +
			"| Spring 2026 | Monday 5 January 2026 | Sunday 29 March 2026 |\n| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 |\n\n" +
			"Lessons for adults are held at the main pool on Tuesday evenings.\n",
	})
	type cite struct {
		Quote   string `json:"quote"`
		Columns string `json:"columns"`
	}
	var a struct {
		Abstained bool   `json:"abstained"`
		Citations []cite `json:"citations"`
		Related   []cite `json:"related"`
	}
	// Unanswerable, and closest to the header's words.
	const unanswered = "How long is the last week of each term?"
	code, out, errOut := runCLI(t, env, "", "ask", "--json", "--log", "--seeds", corpus, unanswered)
	if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil {
		t.Fatalf("ask --json: exit %d, %v, %s", code, err, errOut)
	}
	row := slices.IndexFunc(a.Related, func(c cite) bool { return strings.HasPrefix(c.Quote, "| ") })
	if !a.Abstained || row < 0 || a.Related[row].Columns != header ||
		slices.ContainsFunc(a.Related, func(c cite) bool { return strings.Contains(c.Quote, "First week") }) {
		t.Errorf("ask --json %q = %s\nwant an abstention whose closest passages quote a row under the header (columns %q), never the header", unanswered, out, header)
	}
	code, out, errOut = runCLI(t, env, "", "ask", "--seeds", corpus, unanswered)
	if code != 0 || strings.Contains(out, "“| Term") || !strings.Contains(out, " |”\n      columns: Term · First week starts · Last week ends\n") {
		t.Errorf("ask %q: exit %d, %s\n%s\nwant a row quoted with its columns under it, not the header", unanswered, code, errOut, out)
	}
	// Answered from the table: a row is quoted, not the header.
	const answered = "Which term has the last week ending in December?"
	code, out, errOut = runCLI(t, env, "", "ask", "--json", "--seeds", corpus, answered)
	a.Citations = nil
	if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil {
		t.Fatalf("ask --json: exit %d, %v, %s", code, err, errOut)
	}
	if slices.ContainsFunc(a.Citations, func(c cite) bool { return strings.Contains(c.Quote, "First week") }) {
		t.Errorf("ask --json %q = %s, want no citation quoting the header row", answered, out)
	}
	// The gap report's closest passages.
	code, out, errOut = runCLI(t, env, "", "gaps", "--seeds", corpus)
	if code != 0 || strings.Contains(out, "“| Term") || !strings.Contains(out, " |”\n       columns: Term · First week starts · Last week ends\n") {
		t.Errorf("gaps: exit %d, %s\n%s\nwant a row quoted with its columns under it, not the header", code, errOut, out)
	}
}

// The CLI writes a source's lines as the chat page, kept answers and Discord do: "lines 3–6", with
// an en dash, in ask's sources and in search's hits.
func TestLineRangesUseAnEnDash(t *testing.T) {
	env := baseEnv(t)
	corpus := writeCorpus(t, map[string]string{
		"lessons.md": "# Swimming lessons\n\n| Term | First week starts | Last week ends |\n|---|---|---|\n" +
			"| Spring 2026 | Monday 5 January 2026 | Sunday 29 March 2026 |\n| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 |\n",
	})
	for _, args := range [][]string{
		{"ask", "--seeds", corpus, "When does the summer term of lessons start?"},
		{"search", "--seeds", corpus, "summer term lessons"},
	} {
		code, out, errOut := runCLI(t, env, "", args...)
		if code != 0 || !strings.Contains(out, "lessons.md ¶2, lines 3–6") {
			t.Errorf("%s: exit %d, %s\n%s\nwant the source's place as \"lessons.md ¶2, lines 3–6\"", args[0], code, errOut, out)
		}
	}
}

func TestAskBatchSurvivesAnOverlongLine(t *testing.T) {
	env := baseEnv(t)
	stdin := "What was Douyin's GMV in 2024?\n" + strings.Repeat("x", maxLineBytes+10) + "\n¿Qué es el microcomercio?\n"
	code, out, errOut := runCLI(t, env, stdin, "ask", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 1 || len(lines) != 3 {
		t.Fatalf("exit %d, %d lines out (stderr %q); want 1 and three JSON lines", code, len(lines), errOut)
	}
	var bad lineError
	if err := json.Unmarshal([]byte(lines[1]), &bad); err != nil || bad.Line != 2 || !strings.Contains(bad.Error, "longer than") || len(lines[1]) > 1000 {
		t.Errorf("line 2 reported as %.300s, want an error object for line 2 without the line", lines[1])
	}
	if !strings.Contains(lines[2], "microcomercio") {
		t.Errorf("the question after the long line was not answered: %.300s", lines[2])
	}
	if !strings.Contains(errOut, "1 of the questions could not be answered") {
		t.Errorf("stderr %q does not count the failure", errOut)
	}
}

func TestReadLine(t *testing.T) {
	in := "short\r\n" + strings.Repeat("y", maxLineBytes) + "\n" + strings.Repeat("z", maxLineBytes+1) + "\nlast"
	br := bufio.NewReaderSize(strings.NewReader(in), 4096)
	var got []string
	for {
		line, err := readLine(br)
		if err == errLineTooLong {
			got = append(got, "TOO LONG")
			continue
		}
		if line != "" {
			got = append(got, line[:min(len(line), 5)])
		}
		if err != nil {
			break
		}
	}
	if want := "short,yyyyy,TOO LONG,last"; strings.Join(got, ",") != want {
		t.Errorf("lines = %q, want %s", got, want)
	}
}

// fakeTerminal is stdin as a terminal: a pipe whose Stat says "character device".
type fakeTerminal struct{ *io.PipeReader }

func (fakeTerminal) Stat() (os.FileInfo, error) { return ttyInfo{}, nil }

type ttyInfo struct{ os.FileInfo }

func (ttyInfo) Mode() fs.FileMode { return fs.ModeDevice | fs.ModeCharDevice | 0o620 }

func TestAskPromptsOnATerminalAndStopsOnSignal(t *testing.T) {
	env := baseEnv(t)
	if code, _, errOut := runCLI(t, env, "", "index"); code != 0 {
		t.Fatal(errOut)
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"ask"}, func(k string) string { return env[k] }, fakeTerminal{pr}, &out, &errOut)
	}()
	if _, err := io.WriteString(pw, "What was Douyin's GMV in 2024?\n"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for strings.Count(errOut.String(), "Question: ") < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "[1]") || strings.Count(errOut.String(), "Question: ") != 2 {
		t.Fatalf("after one question: stdout %q, stderr %q; want an answer and a second prompt", out.String(), errOut.String())
	}
	cancel() // Ctrl-C or SIGTERM, while the terminal read blocks
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("ask ended with exit %d, want 0; stderr %q", code, errOut.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ask did not end on Ctrl-C while waiting for a question")
	}
	pw.Close()
}

func TestAskBatchStopsOnSignal(t *testing.T) {
	env := baseEnv(t)
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"ask"}, func(k string) string { return env[k] }, pr, &out, &errOut) }()
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		if code != 130 || !strings.Contains(errOut.String(), "citebot ask: interrupted") {
			t.Errorf("exit %d, stderr %q; want 130 and interrupted", code, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("ask reading stdin did not end on SIGTERM")
	}
}

func TestServeSaysWhereToOpenOnlyOnceListening(t *testing.T) {
	env := baseEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	env["CITEBOT_HTTP_ADDR"] = ln.Addr().String() // taken
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out, errOut syncBuffer
	code := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "cannot listen on "+ln.Addr().String()) || strings.Contains(out.String()+errOut.String(), "Open http") || strings.Contains(errOut.String(), "listening") {
		t.Errorf("serve on a taken port: exit %d, stdout %q, stderr %q; want 1, the reason, and no claim to serve", code, out.String(), errOut.String())
	}

	addr := freeAddr(t)
	env["CITEBOT_HTTP_ADDR"] = addr
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	out = syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	}()
	waitHealthy(t, addr)
	if got, want := out.String(), "Open http://"+addr+"/ in your browser\n"; got != want {
		t.Errorf("serve printed %q, want %q", got, want)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exit %d: %s", code, errOut.String())
	}
}

// "citebot names" lists the names a corpus defines for one another, as text and as JSON, and says
// so when it defines none.
func TestNamesListsTheDefinedNames(t *testing.T) {
	env := baseEnv(t)
	corpus := writeCorpus(t, map[string]string{
		"guide.md": "# Guide\n\nStore your data in the Research Data Store (RDS), 2 TB per project.\n\n" +
			"Boats leave from Harbour Hall, also known as the Shed, every hour.\n",
		"notes.md": "# Notes\n\nThe RDS is backed up nightly.\n",
	})
	code, out, errOut := runCLI(t, env, "", "names", "--seeds", corpus)
	if code != 0 || out != "Research Data Store = RDS\nHarbour Hall = Shed\n" {
		t.Errorf("names: exit %d, %q %q; want each thing's names on a line", code, out, errOut)
	}
	code, out, _ = runCLI(t, env, "", "names", "--json", "--seeds", corpus)
	if code != 0 || strings.TrimSpace(out) != `{"names":[["Research Data Store","RDS"],["Harbour Hall","Shed"]]}` {
		t.Errorf("names --json: exit %d, %q", code, out)
	}
	corpus = writeCorpus(t, map[string]string{"notes.md": "# Notes\n\nNothing (really) is defined here.\n"})
	code, out, _ = runCLI(t, env, "", "names", "--seeds", corpus)
	if code != 0 || !strings.Contains(out, "define no names") {
		t.Errorf("names over a corpus that defines none: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, env, "", "names", "--json", "--seeds", corpus)
	if code != 0 || strings.TrimSpace(out) != `{"names":[]}` {
		t.Errorf("names --json over a corpus that defines none: exit %d, %q; want an empty list", code, out)
	}
}

// A names.json beside the documents corrects what "citebot names" lists, and one that cannot be
// read is an error that names the file and what is wrong, for every command that opens the corpus.
func TestNamesFileCorrectsTheList(t *testing.T) {
	env := baseEnv(t)
	corpus := writeCorpus(t, map[string]string{
		"guide.md": "# Guide\n\nStore your data in the Research Data Store (RDS), 2 TB per project.\n\n" +
			"Boats leave from Harbour Hall, also known as the Shed, every hour.\n",
		"names.json": `{"names": [["Thistle Link", "TL"]], "not": ["the Shed"]}`,
	})
	code, out, errOut := runCLI(t, env, "", "names", "--seeds", corpus)
	if code != 0 || out != "Research Data Store = RDS\nThistle Link = TL\n" {
		t.Errorf("names with a names file: exit %d, %q %q; want the pair added and Harbour Hall's dropped", code, out, errOut)
	}
	if err := os.WriteFile(filepath.Join(corpus, "names.json"), []byte(`{"names": [["RDS"]]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"names"}, {"ask", "How much space does a project get?"}} {
		code, _, errOut = runCLI(t, env, "", append(args, "--seeds", corpus)...)
		if code == 0 || !strings.Contains(errOut, "names.json: names[0] has 1 name(s)") {
			t.Errorf("%s with a broken names file: exit %d, %q; want an error naming the file and the group", args[0], code, errOut)
		}
	}
}

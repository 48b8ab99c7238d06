package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// copyPDFs copies PDFs of convert/testdata/pdf (made by headless Chromium and qpdf, see
// generate.sh there) into a new corpus folder.
func copyPDFs(tb testing.TB, names ...string) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("..", "..", "convert", "testdata", "pdf", name))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// A folder of PDFs end to end: index counts the ones it cannot read (not as a type it does not
// read), and ask answers from a PDF's paragraph, citing it by file, paragraph and lines of the text
// read from it, in English, Spanish and Chinese.
func TestAskAnswersFromPDF(t *testing.T) {
	env := baseEnv(t)
	env["CITEBOT_SEEDS_DIR"] = copyPDFs(t, "report.pdf", "spanish.pdf", "chinese.pdf", "encrypted.pdf", "scanned.pdf")
	rep, errOut := indexJSON(t, env)
	if rep.Files != 3 || rep.Skipped != 2 || len(rep.SkippedTypes) != 0 {
		t.Errorf("index --json = %+v, want 3 files read, 2 skipped, none by type", rep)
	}
	// Run again, the PDFs that cannot be read (now remembered by the snapshot, not tried: see
	// retrieval's TestUnreadableFilesAreNotTriedAgain) are reported and warned of as the first time.
	again, againErr := indexJSON(t, env)
	if again.Skipped != rep.Skipped || len(again.SkippedTypes) != 0 || !slices.Equal(warnings(againErr), warnings(errOut)) || len(warnings(errOut)) != 2 {
		t.Errorf("index --json again = %+v, warnings\n%s\nwant %+v and\n%s", again, againErr, rep, errOut)
	}
	for _, tt := range []struct {
		question, file, quote string
		paragraph             int
	}{
		{"How much does a day pass cost?", "report.pdf", "A day pass costs €4.50", 8},
		{"¿Cuándo funciona el riego por goteo?", "spanish.pdf", "funciona de lunes a sábado entre las 7:00 y las 9:00", 4},
		{"图书馆的开放时间是什么？", "chinese.pdf", "开放时间为周二至周日上午九点到晚上八点", 3},
	} {
		c, ok := askFirstCitation(t, env, tt.question)
		if !ok {
			continue
		}
		if c.File != tt.file || c.Paragraph != tt.paragraph || !strings.Contains(c.Text, tt.quote) || !strings.Contains(c.Text, c.Quote) {
			t.Errorf("ask %q cites %s ¶%d %q (quote %q), want %s ¶%d holding %q", tt.question, c.File, c.Paragraph, c.Text, c.Quote, tt.file, tt.paragraph, tt.quote)
		}
		// one line a paragraph, a blank line between: paragraph n is line 2n-1 of the text read
		if c.StartLine != 2*tt.paragraph-1 || !strings.Contains(c.URL, "/sources/"+tt.file+"?") || !strings.HasSuffix(c.URL, "#p"+strconv.Itoa(tt.paragraph)) {
			t.Errorf("ask %q: citation at line %d (url %s), want line %d of the text read", tt.question, c.StartLine, c.URL, 2*tt.paragraph-1)
		}
	}
}

// firstCitation is what the PDF tests read of an answer's first citation.
type firstCitation struct {
	File      string `json:"file"`
	Title     string `json:"title"`
	Paragraph int    `json:"paragraph"`
	StartLine int    `json:"start_line"`
	Quote     string `json:"quote"`
	Text      string `json:"text"`
	URL       string `json:"url"`
}

// askFirstCitation asks question with ask --json and returns its first citation; false, with the
// test marked failed, when ask abstains or cites nothing.
func askFirstCitation(t *testing.T, env map[string]string, question string) (firstCitation, bool) {
	t.Helper()
	code, out, errOut := runCLI(t, env, "", "ask", "--json", question)
	if code != 0 {
		t.Fatalf("ask %q: exit %d, stderr %s", question, code, errOut)
	}
	var ans struct {
		Abstained bool            `json:"abstained"`
		Citations []firstCitation `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatal(err)
	}
	if ans.Abstained || len(ans.Citations) == 0 {
		t.Errorf("ask %q = %s, want a cited answer", question, out)
		return firstCitation{}, false
	}
	return ans.Citations[0], true
}

// pdfPagesCorpus is a corpus of the three-page report (known pages), the minutes (paragraph 4 runs
// from page 1 onto page 2), a Markdown note (no pages) and a catalog naming Tolland, which both PDFs
// mention.
func pdfPagesCorpus(tb testing.TB) string {
	tb.Helper()
	dir := copyPDFs(tb, "report.pdf", "minutes.pdf")
	for name, text := range map[string]string{
		"notes.md":       "# Tram notes\n\nFolding bicycles may be taken on the tram outside rush hours.\n",
		"platforms.json": `{"platforms": [{"name": "Tolland", "kind": "place", "aliases": ["Tolland ferry"]}]}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// pagedCitation is what a citation's or hit's JSON says of where it is.
type pagedCitation struct {
	File      string `json:"file"`
	Paragraph int    `json:"paragraph"`
	StartLine int    `json:"start_line"`
	Page      *int   `json:"page"`
	EndPage   *int   `json:"end_page"`
}

// where is "file ¶N p. P-E" with "-" for a field left out of the JSON.
func (c pagedCitation) where() string {
	n := func(p *int) string {
		if p == nil {
			return "-"
		}
		return strconv.Itoa(*p)
	}
	return c.File + " ¶" + strconv.Itoa(c.Paragraph) + " p. " + n(c.Page) + "-" + n(c.EndPage)
}

// Citations of a PDF name its page end to end: search --json and ask --json carry "page" (and
// "end_page" for a paragraph that runs onto the next page), a Markdown document's carry neither,
// related passages and summaries too; the text output says "p. 2 ¶12" instead of the lines of
// the text read.
func TestPDFCitationsNamePages(t *testing.T) {
	env := baseEnv(t)
	env["CITEBOT_SEEDS_DIR"] = pdfPagesCorpus(t)
	for _, tt := range []struct {
		args []string
		want []string // the first citations (or hits) as pagedCitation.where says them
	}{
		{[]string{"search", "--json", "--k", "2", "folding bicycles"}, []string{"notes.md ¶2 p. ---", "minutes.pdf ¶4 p. 1-2"}},
		{[]string{"ask", "--json", "How many bicycles did the team repair in 2024?"}, []string{"report.pdf ¶12 p. 2--"}},
		// Answered at confidence about 0.61: refused at the default since session 28 (0.658), so
		// asked with CITEBOT_MIN_CONFIDENCE=0.5 (see below); the pages are what this checks.
		{[]string{"ask", "--json", "Where do folding bicycles have to be folded?"}, []string{"minutes.pdf ¶4 p. 1-2"}},
		{[]string{"ask", "--json", "When does the transport office answer questions?"}, []string{"report.pdf ¶20 p. 3--"}},
		{[]string{"ask", "--json", "How much does parking cost at the hospital?"}, []string{"report.pdf ¶8 p. 1--"}}, // related
		// Both PDFs mention Tolland only in passing (in a "when" clause and after "from"): the
		// summary lists the two documents, each citation with its page.
		{[]string{"summary", "--json", "Tolland"}, []string{"minutes.pdf ¶3 p. 1--", "report.pdf ¶4 p. 1--"}},
	} {
		env := maps.Clone(env)
		if slices.Contains(tt.args, "Where do folding bicycles have to be folded?") {
			env["CITEBOT_MIN_CONFIDENCE"] = "0.5"
		}
		code, out, errOut := runCLI(t, env, "", tt.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %s", tt.args, code, errOut)
		}
		var rep struct {
			Results   []pagedCitation `json:"results"`
			Citations []pagedCitation `json:"citations"`
			Related   []pagedCitation `json:"related"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range slices.Concat(rep.Results, rep.Citations, rep.Related) {
			got = append(got, c.where())
		}
		if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
			t.Errorf("%v: %q, want %q first\n%s", tt.args, got, tt.want, out)
		}
		// The lines of the text read stay in the JSON, as they were.
		if c := slices.Concat(rep.Results, rep.Citations, rep.Related); len(c) > 0 && c[0].StartLine != 2*c[0].Paragraph-1 {
			t.Errorf("%v: start_line %d, want %d", tt.args, c[0].StartLine, 2*c[0].Paragraph-1)
		}
	}
	for _, tt := range []struct {
		args     []string
		want     []string
		dontWant string
	}{
		{[]string{"ask", "Where do folding bicycles have to be folded?"}, []string{"      minutes.pdf pp. 1–2 ¶4\n"}, "line"},
		{[]string{"ask", "How much does parking cost at the hospital?"}, []string{"(Harbour Cycling Report 2024, p. 1 ¶8) [1]", "      report.pdf p. 1 ¶8\n"}, "line"},
		{[]string{"search", "--k", "2", "folding bicycles"}, []string{"   notes.md ¶2, line 3, score", "   minutes.pdf pp. 1–2 ¶4, score"}, "lines"},
		{[]string{"summary", "Tolland"}, []string{"      report.pdf p. 1 ¶4\n", "      minutes.pdf p. 1 ¶3\n"}, "line"},
	} {
		code, out, errOut := runCLI(t, env, "", tt.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %s", tt.args, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v prints no %q:\n%s", tt.args, w, out)
			}
		}
		if strings.Contains(out, tt.dontWant) && !strings.Contains(out, "notes.md") {
			t.Errorf("%v prints %q for a PDF:\n%s", tt.args, tt.dontWant, out)
		}
	}
}

// CITEBOT_CITATION_URL_TEMPLATE's {page} opens a PDF served as it is at the cited page, in answers
// and search hits alike.
func TestCitationTemplatePage(t *testing.T) {
	env := baseEnv(t)
	env["CITEBOT_SEEDS_DIR"] = pdfPagesCorpus(t)
	env["CITEBOT_CITATION_URL_TEMPLATE"] = "https://docs.example.org/{file}#page={page}"
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"ask", "--json", "How many bicycles did the team repair in 2024?"}, `"url":"https://docs.example.org/report.pdf#page=2"`},
		{[]string{"search", "--json", "--k", "1", "questions transport office five working days"}, `"url":"https://docs.example.org/report.pdf#page=3"`},
	} {
		code, out, errOut := runCLI(t, env, "", tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("%v: exit %d, %s%s; want %s", tt.args, code, out, errOut, tt.want)
		}
	}
}

// warnings returns the warnings logged in logs (the text handler's lines), without their time.
func warnings(logs string) []string {
	var out []string
	for _, l := range strings.Split(logs, "\n") {
		if i := strings.Index(l, "level=WARN "); i >= 0 {
			out = append(out, l[i:])
		}
	}
	return out
}

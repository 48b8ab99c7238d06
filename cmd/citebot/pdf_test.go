package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// copyPDFs copies PDFs of retrieval/testdata/pdf (made by headless Chromium and qpdf, see
// generate.sh there) into a new corpus folder.
func copyPDFs(tb testing.TB, names ...string) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("..", "..", "retrieval", "testdata", "pdf", name))
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
	code, out, errOut := runCLI(t, env, "", "index", "--json")
	if code != 0 {
		t.Fatalf("index: exit %d, stderr %s", code, errOut)
	}
	var rep indexReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Files != 3 || rep.Skipped != 2 || len(rep.SkippedTypes) != 0 {
		t.Errorf("index --json = %+v, want 3 files read, 2 skipped, none by type", rep)
	}
	for _, tt := range []struct {
		question, file, quote string
		paragraph             int
	}{
		{"How much does a day pass cost?", "report.pdf", "A day pass costs €4.50", 8},
		{"¿Cuándo funciona el riego por goteo?", "spanish.pdf", "funciona de lunes a sábado entre las 7:00 y las 9:00", 4},
		{"图书馆的开放时间是什么？", "chinese.pdf", "开放时间为周二至周日上午九点到晚上八点", 3},
	} {
		code, out, errOut := runCLI(t, env, "", "ask", "--json", tt.question)
		if code != 0 {
			t.Fatalf("ask %q: exit %d, stderr %s", tt.question, code, errOut)
		}
		var ans struct {
			Answer    string `json:"answer"`
			Abstained bool   `json:"abstained"`
			Citations []struct {
				File      string `json:"file"`
				Title     string `json:"title"`
				Paragraph int    `json:"paragraph"`
				StartLine int    `json:"start_line"`
				Quote     string `json:"quote"`
				Text      string `json:"text"`
				URL       string `json:"url"`
			} `json:"citations"`
		}
		if err := json.Unmarshal([]byte(out), &ans); err != nil {
			t.Fatal(err)
		}
		if ans.Abstained || len(ans.Citations) == 0 {
			t.Errorf("ask %q = %s, want a cited answer", tt.question, out)
			continue
		}
		c := ans.Citations[0]
		if c.File != tt.file || c.Paragraph != tt.paragraph || !strings.Contains(c.Text, tt.quote) || !strings.Contains(c.Text, c.Quote) {
			t.Errorf("ask %q cites %s ¶%d %q (quote %q), want %s ¶%d holding %q", tt.question, c.File, c.Paragraph, c.Text, c.Quote, tt.file, tt.paragraph, tt.quote)
		}
		// one line a paragraph, a blank line between: paragraph n is line 2n-1 of the text read
		if c.StartLine != 2*tt.paragraph-1 || !strings.Contains(c.URL, "/sources/"+tt.file+"?") || !strings.HasSuffix(c.URL, "#p"+strconv.Itoa(tt.paragraph)) {
			t.Errorf("ask %q: citation at line %d (url %s), want line %d of the text read", tt.question, c.StartLine, c.URL, 2*tt.paragraph-1)
		}
	}
}

package main

import (
	"strings"
	"testing"
)

// PDFs encrypted with an owner password only (qpdf, see convert/testdata/pdf/generate.sh) end to
// end: index reads them and skips, with a warning naming each, those that need a password; ask
// answers from an encrypted PDF's paragraph and cites it.
func TestAskAnswersFromEncryptedPDF(t *testing.T) {
	env := baseEnv(t)
	env["CITEBOT_SEEDS_DIR"] = copyPDFs(t, "report-rc4-128.pdf", "spanish-aes-256-objstm.pdf", "encrypted.pdf", "encrypted-rc4.pdf")
	rep, errOut := indexJSON(t, env)
	if rep.Files != 2 || rep.Skipped != 2 || len(rep.SkippedTypes) != 0 {
		t.Errorf("index --json = %+v, want 2 files read, 2 skipped, none by type", rep)
	}
	for _, name := range []string{"encrypted.pdf", "encrypted-rc4.pdf"} {
		if !strings.Contains(errOut, "file="+name+` reason="the PDF needs a password to open`) {
			t.Errorf("index warnings lack %s needing a password:\n%s", name, errOut)
		}
	}
	for _, tt := range []struct {
		question, file, quote string
		paragraph             int
	}{
		{"How much does a day pass cost?", "report-rc4-128.pdf", "A day pass costs €4.50", 8},
		{"¿Cuándo funciona el riego por goteo?", "spanish-aes-256-objstm.pdf", "funciona de lunes a sábado entre las 7:00 y las 9:00", 4},
	} {
		c, ok := askFirstCitation(t, env, tt.question)
		if !ok {
			continue
		}
		if c.File != tt.file || c.Paragraph != tt.paragraph || c.Title == "" || !strings.Contains(c.Text, tt.quote) || !strings.Contains(c.Text, c.Quote) {
			t.Errorf("ask %q cites %s ¶%d %q (title %q, quote %q), want %s ¶%d holding %q", tt.question, c.File, c.Paragraph, c.Text, c.Title, c.Quote, tt.file, tt.paragraph, tt.quote)
		}
	}
}

package answer

import (
	"strings"
	"testing"

	"github.com/citebot/citebot/internal/docxtest"
)

// wordReport is a Word document as an editor leaves it: the figure's sentence is split into runs,
// with a tracked deletion of an older figure, a field, a hidden note and a comment; a header and a
// text box say things about the same subject that are not the report's text.
func wordReport(tb testing.TB) []byte {
	tb.Helper()
	body := docxtest.P("Heading1", "Live commerce in 2022") +
		docxtest.P("", "Taobao Live kept growing, but more slowly than its rivals.") +
		docxtest.P("Heading2", "Douyin") +
		`<w:p><w:r><w:t xml:space="preserve">Douyin's e-commerce </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>GMV</w:t></w:r>` +
		`<w:r><w:t xml:space="preserve"> reached about </w:t></w:r><w:del w:id="1" w:author="Ed"><w:r><w:delText>9.9</w:delText></w:r></w:del>` +
		`<w:ins w:id="2" w:author="Ed"><w:r><w:t>2.2</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> trillion yuan in </w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DOCPROPERTY Year </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
		`<w:r><w:t>2022</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
		`<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> (Douyin GMV 7.7 trillion yuan in 2022, unchecked)</w:t></w:r>` +
		`<w:r><w:t xml:space="preserve">, up 76% on the year.</w:t></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>` +
		docxtest.P("", "Kuaishou's GMV was 901.2 billion yuan and rising.")
	return docxtest.File(tb, map[string]string{
		"word/document.xml": docxtest.Document(body),
		"word/header1.xml":  `<w:hdr ` + docxtest.Namespaces + `><w:p><w:r><w:t>Douyin GMV figures 8.8 trillion yuan 2022 draft</w:t></w:r></w:p></w:hdr>`,
		"word/comments.xml": `<w:comments ` + docxtest.Namespaces + `><w:comment w:id="0"><w:p><w:r><w:t>Douyin GMV 6.6 trillion yuan in 2022?</w:t></w:r></w:p></w:comment></w:comments>`,
		"docProps/core.xml": docxtest.Core("Live commerce report 2022"),
	})
}

// An offline answer about a Word document cites the document and the paragraph the figure is in,
// titled from its properties, and what it quotes is the text Word shows: no markup, no deleted,
// hidden, commented or header text.
func TestAnswerCitesWordDocument(t *testing.T) {
	a, want, docText := askAboutDocument(t, "reports/live.docx", wordReport(t), "What was Douyin's GMV in 2022?", "2.2 trillion")
	c := a.Citations[0]
	if want != 4 || c.File != "reports/live.docx" || c.Paragraph != want || c.Title != "Live commerce report 2022" {
		t.Errorf("citation %s ¶%d %q, want reports/live.docx ¶%d (of 4) titled from its properties", c.File, c.Paragraph, c.Title, want)
	}
	if !strings.Contains(c.Quote, "about 2.2 trillion yuan in 2022, up 76%") || !strings.Contains(a.Text, "2.2 trillion") {
		t.Errorf("answer %q quotes %q, want the figure as Word shows it", a.Text, c.Quote)
	}
	for _, s := range []string{a.Text, c.Quote, c.Text} {
		for _, bad := range []string{"<", ">", "w:", "9.9", "7.7", "8.8", "6.6", "DOCPROPERTY"} {
			if strings.Contains(s, bad) {
				t.Errorf("answer text or citation holds %q (markup, or text Word does not show): %q", bad, s)
			}
		}
	}
	if c.QuoteEnd == 0 || docText[c.QuoteStart:c.QuoteEnd] != c.Quote || !strings.HasPrefix(c.URL, "https://cite.example/sources/reports/live.docx?") {
		t.Errorf("citation span %d-%d %q, URL %s: want the quote's bytes in the document's text and a link to its viewer", c.QuoteStart, c.QuoteEnd, c.Quote, c.URL)
	}
}

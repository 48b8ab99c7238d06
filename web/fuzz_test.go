package web

import (
	"bufio"
	"bytes"
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/citebot/citebot/retrieval"
)

// Rendering a paragraph with any quote keeps its exact bytes, and every mark matches the quote.
func FuzzRenderDocumentKeepsText(f *testing.F) {
	f.Add("alpha beta Alpha\ngamma", "alpha", 1)
	f.Add("抖音电商 直播\n带货 抖音", "抖音", 0)
	f.Add("<script>x</script> & \"q\"", "<script>", 1)
	f.Add("a  b\tc", "A B C", 1)
	f.Fuzz(func(t *testing.T, text, quote string, target int) {
		if strings.TrimSpace(text) == "" || !utf8.ValidString(text) {
			return // documents are valid UTF-8: the corpus loader skips the rest
		}
		doc := &retrieval.Document{File: "f.txt", Text: text,
			Paragraphs: []retrieval.Paragraph{{N: 1, StartLine: 1, EndLine: 1, StartByte: 0, EndByte: len(text)}}}
		if target < 0 || target > 1 {
			target = 0
		}
		page := viewDocument(doc, viewRequest{target: target, quote: quote})
		var got strings.Builder
		re := quoteRegexp(quote)
		var segs []segment
		page.eachParagraph(func(p paraView) { segs = append(segs, p.Segments...) })
		for _, seg := range segs {
			got.WriteString(seg.Text)
			if seg.Mark && (re == nil || re.FindString(seg.Text) != seg.Text) {
				t.Errorf("marked %q, which is not a match of quote %q", seg.Text, quote)
			}
		}
		if got.String() != text {
			t.Errorf("segments join to %q, want the paragraph %q", got.String(), text)
		}
	})
}

// An accepted path never climbs out of the corpus or starts at the root.
func FuzzCleanFile(f *testing.F) {
	for _, s := range []string{"a.txt", "../a", "dir/../../x", "/etc/passwd", `..\x`, "a/./b", "a//b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := cleanFile(in)
		if err != nil {
			return
		}
		if got != in || strings.HasPrefix(got, "/") || strings.ContainsRune(got, 0) {
			t.Fatalf("cleanFile(%q) = %q, accepted", in, got)
		}
		for _, seg := range strings.Split(got, "/") {
			if seg == ".." || seg == "." || seg == "" {
				t.Fatalf("cleanFile(%q) accepted segment %q", in, seg)
			}
		}
	})
}

// The paragraphs written for any document text give the text back (unescaped, marks and a table's
// header row's span removed), and no byte of it becomes markup.
func FuzzWriteParagraphsEscapes(f *testing.F) {
	f.Add("<script>alert(1)</script> & \"q\" 'x'", "alert")
	f.Add("a\x00b</div></section>", "b<")
	f.Add("抖音 <mark class=\"quote\">x</mark>", "x")
	f.Add("| a | <b> |\n|---|---|\n| c | d |", "b> |\n|--") // a table's header row, a mark across its end
	f.Fuzz(func(t *testing.T, text, quote string) {
		if strings.TrimSpace(text) == "" || !utf8.ValidString(text) || !utf8.ValidString(quote) {
			return
		}
		doc := &retrieval.Document{File: "f.txt", Text: text,
			Paragraphs: []retrieval.Paragraph{{N: 1, StartLine: 1, EndLine: 1, StartByte: 0, EndByte: len(text)}}}
		page := viewDocument(doc, viewRequest{quote: quote})
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		writeParagraphs(w, page)
		w.Flush()
		out := buf.String()
		inner := out[strings.Index(out, `<div class="text">`)+len(`<div class="text">`) : strings.LastIndex(out, "</div>")]
		bare := strings.NewReplacer(`<mark class="quote">`, "", `</mark>`, "", `<span class="thead">`, "", `</span>`, "").Replace(inner)
		if strings.ContainsAny(bare, "<>\"'") {
			t.Fatalf("text %q rendered with raw markup characters: %q", text, inner)
		}
		if got, want := html.UnescapeString(bare), strings.ReplaceAll(text, "\x00", "\uFFFD"); got != want {
			t.Fatalf("text %q rendered as %q, which reads back as %q", text, inner, got)
		}
	})
}

package links

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParagraph(t *testing.T) {
	tests := []struct {
		name  string
		b     Builder
		file  string
		quote string
		want  string
	}{
		{"default base", Builder{}, "004_x.txt", "", "http://127.0.0.1:8080/sources/004_x.txt#p31"},
		{"public base with slash", Builder{Base: "https://bot.example.org/"}, "a b/c.md", "", "https://bot.example.org/sources/a%20b/c.md#p31"},
		{"quote", Builder{}, "f.txt", "GMV of 3.5 trillion", "http://127.0.0.1:8080/sources/f.txt?q=GMV+of+3.5+trillion#p31"},
		{"template", Builder{Template: "https://git.example.org/seeds/{file}#L{start_line}-L{end_line}?p={paragraph}"}, "f.txt", "ignored", "https://git.example.org/seeds/f.txt#L61-L62?p=31"},
	}
	for _, tt := range tests {
		if got := tt.b.Paragraph(tt.file, 31, 61, 62, tt.quote); got != tt.want {
			t.Errorf("%s: Paragraph = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLongQuotesAreShortenedOnRuneBoundaries(t *testing.T) {
	quote := strings.Repeat("抖音电商", 100)
	got := shorten(quote)
	if len(got) > maxQuote || !utf8.ValidString(got) || !strings.HasPrefix(quote, got) {
		t.Errorf("shorten(%d bytes) = %d bytes %q, want a valid prefix of at most %d bytes", len(quote), len(got), got, maxQuote)
	}
	words := strings.Repeat("word ", 60)
	if got := shorten(words); strings.HasSuffix(got, "wor") || len(got) > maxQuote {
		t.Errorf("shorten cut a word: %q", got)
	}
}

func TestValidate(t *testing.T) {
	for _, bad := range []string{"no-placeholder", "ftp://x/{file}", "/relative/{file}"} {
		if ValidateTemplate(bad) == nil {
			t.Errorf("ValidateTemplate(%q) = nil, want an error", bad)
		}
	}
	if err := ValidateTemplate("https://x.org/{file}#L{start_line}"); err != nil {
		t.Errorf("ValidateTemplate(good) = %v", err)
	}
	for _, bad := range []string{"example.org", "mailto:a@b"} {
		if ValidateBase(bad) == nil {
			t.Errorf("ValidateBase(%q) = nil, want an error", bad)
		}
	}
}

func TestLinkCarriesTheQuoteSpan(t *testing.T) {
	quote := strings.Repeat("surpassing competitors like JD.com ", 10) // 350 bytes: longer than any ?q= prefix
	b := Builder{Base: "https://bot.example.org"}
	got := b.Link(Target{File: "a b.txt", Paragraph: 3, StartLine: 5, EndLine: 5, QuoteStart: 100, QuoteEnd: 100 + len(quote), Quote: quote})
	want := "https://bot.example.org/sources/a%20b.txt?b=100-450&h=" + SpanCheck(quote) + "#p3"
	if got != want {
		t.Errorf("Link with a span = %q, want %q", got, want)
	}
	// A span that does not match the quote's length is not trusted: the quote prefix is carried.
	got = b.Link(Target{File: "f.txt", Paragraph: 1, QuoteStart: 0, QuoteEnd: 5, Quote: "GMV of 3.5"})
	if want := "https://bot.example.org/sources/f.txt?q=GMV+of+3.5#p1"; got != want {
		t.Errorf("Link with a mismatched span = %q, want %q", got, want)
	}
	tmpl := Builder{Template: "https://git.example.org/{file}?from={start_byte}&to={end_byte}#L{start_line}"}
	if err := ValidateTemplate(tmpl.Template); err != nil {
		t.Fatalf("ValidateTemplate(%q) = %v", tmpl.Template, err)
	}
	if got := tmpl.Link(Target{File: "f.txt", StartLine: 4, QuoteStart: 7, QuoteEnd: 9, Quote: "ab"}); got != "https://git.example.org/f.txt?from=7&to=9#L4" {
		t.Errorf("template Link = %q", got)
	}
	// {page}: a PDF's page, to open the PDF itself there; nothing for a document without pages.
	pdf := Builder{Template: "https://docs.example.org/{file}#page={page}"}
	if err := ValidateTemplate(pdf.Template); err != nil {
		t.Fatalf("ValidateTemplate(%q) = %v", pdf.Template, err)
	}
	for _, tt := range []struct {
		t    Target
		want string
	}{
		{Target{File: "report.pdf", Paragraph: 12, Page: 2}, "https://docs.example.org/report.pdf#page=2"},
		{Target{File: "notes.md", Paragraph: 2}, "https://docs.example.org/notes.md#page="},
	} {
		if got := pdf.Link(tt.t); got != tt.want {
			t.Errorf("Link(%+v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in         string
		start, end int
		ok         bool
	}{
		{"0-5", 0, 5, true}, {"713-874", 713, 874, true}, {"5-5", 0, 0, false}, {"9-3", 0, 0, false},
		{"-1-4", 0, 0, false}, {"a-b", 0, 0, false}, {"12", 0, 0, false}, {"", 0, 0, false},
	}
	for _, tt := range tests {
		s, e, ok := ParseSpan(tt.in)
		if ok != tt.ok || (ok && (s != tt.start || e != tt.end)) {
			t.Errorf("ParseSpan(%q) = %d, %d, %v; want %d, %d, %v", tt.in, s, e, ok, tt.start, tt.end, tt.ok)
		}
	}
}

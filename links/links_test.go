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

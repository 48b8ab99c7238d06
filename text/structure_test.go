package text

import "testing"

// OnlyStructure reads a passage's paragraph as Analyze does: front matter only where it opens the
// document, a heading (Markdown or title-like), a rule, a breadcrumb, a setext heading are
// structure; a dateline, a list item, a literal line that reads "# …" or "---", and any passage
// with a line of text are not.
func TestOnlyStructure(t *testing.T) {
	tests := []struct {
		name, para string
		first      bool
		literal    bool
		want       bool
	}{
		{"front matter", "---\ntitle: Guide\n---", true, false, true},
		{"front matter, then text", "---\ntitle: Guide\n---\nSellers pay a deposit.", true, false, false},
		{"not the first paragraph: a rule, then text", "---\ntitle: Guide", false, false, false},
		{"a literal rule, then text", "---\ntitle: Guide", true, true, false},
		{"a Markdown heading", "## Deposits", false, false, true},
		{"a literal line that reads as a heading", "# 1 seller in 2023 was Taobao.", false, true, false},
		{"a Markdown heading that says as much", "# 1 seller in 2023 was Taobao.", false, false, true},
		{"a title-like line", "Deposits and refunds", false, false, true},
		{"a setext heading", "Deposits\n--------", false, false, true},
		{"a breadcrumb", "Home > Guides > Deposits", false, false, true},
		{"a dateline", "2024-03-01 09:30", false, false, false},
		{"a list item", "- Sellers pay a deposit", false, false, false},
		{"a sentence", "Sellers pay a deposit.", false, false, false},
		{"empty", "", false, false, false},
	}
	for _, tt := range tests {
		doc := "Before.\n\n" + tt.para + "\n"
		para := Span{Start: len("Before.\n\n"), End: len(doc) - 1}
		var lit LiteralLines
		if tt.literal {
			lit = LiteralLines{para.Start}
		}
		if got := OnlyStructure(doc, para, para, tt.first, lit); got != tt.want {
			t.Errorf("%s: OnlyStructure(%q, first %v, literal %v) = %v, want %v", tt.name, tt.para, tt.first, tt.literal, got, tt.want)
		}
	}
}

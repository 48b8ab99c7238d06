package answer

import "testing"

// Tolerant quote matching accepts what a faithful copy changes and refuses what a different claim
// changes; the stored quote is always the passage's own bytes.
func TestLocateQuoteTolerance(t *testing.T) {
	tests := []struct {
		name, quote, want string // want "" means no match
	}{
		{"verbatim", "a GMV of over 3.5 trillion yuan in 2024", "a GMV of over 3.5 trillion yuan in 2024"},
		{"short word dropped", "a GMV over 3.5 trillion yuan in 2024", "a GMV of over 3.5 trillion yuan in 2024"},
		{"short word added", "with a GMV of over 3.5 trillion of yuan in 2024", "with a GMV of over 3.5 trillion yuan in 2024"},
		{"more than for over", "a GMV of more than 3.5 trillion yuan in 2024", "a GMV of over 3.5 trillion yuan in 2024"},
		{"hyphens as spaces", "representing a 30% year on year increase", "representing a 30% year-on-year increase"},
		{"case, quotes, spaces, end punctuation", "  “DOUYIN has achieved   remarkable growth.”", "Douyin has achieved remarkable growth"},
		{"footnotes left out", "surpassing competitors like JD.com Douyin's success", "surpassing competitors like JD.com [3][4] - Douyin's success"},
		{"ellipsis fragments in order", "Douyin has achieved … 3.5 trillion yuan … 30%", "Douyin has achieved remarkable growth, with a GMV of over 3.5 trillion yuan in 2024, representing a 30%"},
		{"changed figure", "a GMV of over 4.5 trillion yuan in 2024", ""},
		{"changed year", "a GMV of over 3.5 trillion yuan in 2023", ""},
		{"changed content word", "a revenue of over 3.5 trillion yuan in 2024", ""},
		{"two content words changed", "Douyin has suffered remarkable decline", ""},
		{"ellipsis fragments out of order", "30% year-on-year increase … Douyin has achieved remarkable growth", ""},
		{"ellipsis fragment missing", "Douyin has achieved … 4.5 trillion yuan", ""},
		{"too short", "growth", ""},
		{"words scattered over the passage", "Douyin success traditional models", ""},
	}
	for _, tt := range tests {
		s, e, ok := locateQuote(seed001, tt.quote)
		got := ""
		if ok {
			got = seed001[s:e]
		}
		if got != tt.want {
			t.Errorf("%s: locateQuote(%q) = %q, want %q", tt.name, tt.quote, got, tt.want)
		}
	}
}

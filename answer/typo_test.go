package answer

import (
	"testing"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// misspell swaps the middle two letters of the question's longest word of six letters or more, a
// typo as fast typing makes it ("Taobao" → "Taboao"), or returns "" when no word is that long.
func misspell(q string) string {
	var long text.Word
	for _, w := range text.Words(q) {
		if n := utf8.RuneCountInString(w.Lower); n >= 6 && n > utf8.RuneCountInString(long.Lower) && !w.Number && len(w.Lower) == n {
			long = w
		}
	}
	if long.Lower == "" {
		return ""
	}
	b := []byte(q[long.Start:long.End])
	i := len(b)/2 - 1
	if b[i] == b[i+1] {
		i--
	}
	b[i], b[i+1] = b[i+1], b[i]
	return q[:long.Start] + string(b) + q[long.End:]
}

// A misspelt word finds nothing and counts as absent; corrected by the corpus's vocabulary, the
// golden questions get the answer they get when spelt right.
func TestMisspeltQuestions(t *testing.T) {
	g := loadGolden(t)
	e := newOfflineEngine(t)
	qs := append([]string{}, g.Unanswerable...)
	for _, c := range g.Answerable {
		qs = append(qs, c.Q)
	}
	tried, same := 0, 0
	for _, q := range qs {
		typo := misspell(q)
		if typo == "" {
			continue
		}
		tried++
		plain, got := ask(t, e, q), ask(t, e, typo)
		if got.Text == plain.Text && got.Abstained == plain.Abstained {
			same++
		} else {
			t.Logf("Ask(%q) = %q,\nwant what Ask(%q) says: %q", typo, got.Text, q, plain.Text)
		}
	}
	t.Logf("%d of %d misspelt questions get the answer the right spelling gets", same, tried)
	if tried < 30 || same < tried*9/10 {
		t.Errorf("%d of %d misspelt questions get the answer the right spelling gets, want at least nine in ten", same, tried)
	}
}

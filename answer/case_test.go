package answer

import (
	"strings"
	"testing"
)

// Chat users type all in lower case. The answerer reads names by their capitals ("Who founded
// Meituan?": a name the documents never mention), so a question typed in lower case gets its names'
// capitals back and the answer it gets typed properly.
func TestLowerCaseQuestions(t *testing.T) {
	g := loadGolden(t)
	e := newOfflineEngine(t)
	qs := append([]string{}, g.Unanswerable...)
	for _, c := range g.Answerable {
		qs = append(qs, c.Q)
	}
	same := 0
	for _, q := range qs {
		plain, got := ask(t, e, q), ask(t, e, strings.ToLower(q))
		if got.Abstained == plain.Abstained && got.Text == plain.Text {
			same++
		} else {
			t.Logf("Ask(%q) = %q,\nwant what Ask(%q) says: %q", strings.ToLower(q), got.Text, q, plain.Text)
		}
	}
	t.Logf("%d of %d questions typed in lower case get the answer they get typed properly", same, len(qs))
	// Without the capitals restored, 49 of 53 got the same answer; with them, 51.
	if 20*same < 19*len(qs) {
		t.Errorf("%d of %d questions typed in lower case get the answer they get typed properly, want at least 95%%", same, len(qs))
	}
}

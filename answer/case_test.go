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

// A question typed in lower case takes the forms the corpus writes its words in, which the word
// list cannot know: "GMV" and "PDD" in capitals, "Zhang Yong" (not "yong", one letter from "young"),
// where the word list alone gave "Gmv", "Pdd" and "Zhang yong".
func TestLowerCaseQuestionsTakeTheCorpusForms(t *testing.T) {
	e := newOfflineEngine(t)
	for q, want := range map[string]string{
		"what was douyin's gmv in 2024": "what was Douyin's GMV in 2024",
		"when did pdd go public":        "when did PDD go public", // the catalog's alias
		"who is zhang yong":             "who is Zhang Yong",
	} {
		if a := ask(t, e, q); a.Query != want {
			t.Errorf("Ask(%q): Query = %q, want %q", q, a.Query, want)
		}
	}
}

// Words a small corpus writes in lower case stay so, though the word list does not know them and
// would take them for names; its names and acronyms take its forms.
func TestLowerCaseQuestionsKeepTheCorpusLowerCase(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"live.md": "# Selling live\n\nMany merchants now sell through livestreaming, and the SKU count of a " +
			"livestreaming shop is small. Brands such as Zorblax run omnichannel stores, and every SKU is " +
			"listed in each of its omnichannel channels.\n",
	})
	for q, want := range map[string]string{
		"how many sku does a livestreaming shop list": "how many SKU does a livestreaming shop list",
		"does zorblax run omnichannel stores":         "does Zorblax run omnichannel stores",
	} {
		if a := ask(t, e, q); a.Query != want {
			t.Errorf("Ask(%q): Query = %q, want %q", q, a.Query, want)
		}
	}
}

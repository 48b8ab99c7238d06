package answer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzOfflineAsk asks the offline answerer over the built-in corpus anything at all (mixed
// scripts, stray punctuation, control characters, half a rune) and checks what every answer must
// hold: Ask fails only for an empty or too long question; an answer is either an abstention with
// no citations or quotes with citations numbered 1..n, each marked in the text and a verbatim span
// of its passage (checkAnswerInvariants); an abstention's closest passages are numbered, marked and
// verbatim too; and the text is valid UTF-8 even when the question is not.
func FuzzOfflineAsk(f *testing.F) {
	for _, q := range []string{
		"What was Douyin's GMV in 2024?",
		"¿Qué es el microcomercio?",
		"拼多多的创始人是谁？",
		"PDD的增长",
		"what did the author say about kwai",
		"A double tenth??? 双11 ganancias 2023 \x00",
		"Who ... ? , . 。 ？",
		"#### Taobao\n- Tmall\n| JD | 1 |",
		"\xff\xfe Douyin",
		"how much $5,000.00 ¥3 亿 per cent %",
		"[S1] NOT_IN_SOURCES [1](http://x)",
		strings.Repeat("Alipay ", 60),
	} {
		f.Add(q)
	}
	e := newOfflineEngine(f)
	f.Fuzz(func(t *testing.T, q string) {
		a, err := e.Ask(context.Background(), q, Options{})
		if err != nil {
			if errors.Is(err, ErrEmptyQuestion) || errors.Is(err, ErrQuestionTooLong) {
				return
			}
			t.Fatalf("Ask(%q): %v", q, err)
		}
		checkAnswerInvariants(t, a)
		if a.Text == "" {
			t.Errorf("Ask(%q): empty text", q)
		}
		if !utf8.ValidString(a.Text) {
			t.Errorf("Ask(%q): text is not UTF-8: %q", q, a.Text)
		}
		if !a.Abstained && len(a.Related) > 0 {
			t.Errorf("Ask(%q): an answer with closest passages", q)
		}
		for i, r := range a.Related {
			if r.N != i+1 || !strings.Contains(a.Text, "["+itoa(r.N)+"]") || r.Quote == "" || !strings.Contains(r.Text, r.Quote) {
				t.Errorf("Ask(%q): closest passage %d = %+v: want numbered, marked in the text and verbatim", q, i, r)
			}
		}
	})
}

package answer

import (
	"strings"
	"testing"
)

// Chat users wrap their questions in chatter ("hey, quick question:", "can you tell me", "thanks!").
// Searched and weighed as terms, those words pulled answers off or refused them; the question proper
// gets the same answer however it is wrapped.
func TestChatterAroundAQuestion(t *testing.T) {
	g := loadGolden(t)
	e := newOfflineEngine(t)
	wraps := []func(string) string{
		func(q string) string { return "hey, quick question: " + lowerFirst(q) },
		func(q string) string { return "@citebot " + q },
		func(q string) string { return "can you tell me " + lowerFirst(q) },
		func(q string) string { return "hi! " + q + " thanks!" },
		func(q string) string { return "ok so " + lowerFirst(q) + " pls" },
	}
	qs := append([]string{}, g.Unanswerable...)
	for _, c := range g.Answerable {
		qs = append(qs, c.Q)
	}
	changed := 0
	for i, q := range qs {
		plain := ask(t, e, q)
		wrapped := wraps[i%len(wraps)](q)
		got := ask(t, e, wrapped)
		if got.Text != plain.Text || got.Abstained != plain.Abstained {
			changed++
			t.Errorf("Ask(%q) = %q,\nwant what Ask(%q) says: %q", wrapped, got.Text, q, plain.Text)
		}
		if got.Query == "" {
			t.Errorf("Ask(%q).Query is empty, want the question searched", wrapped)
		}
	}
	for _, q := range []string{"hi!", "thanks", "@citebot", "hey there :)", "请问"} {
		if a := ask(t, e, q); a.Text != MsgNoContent || !a.Abstained {
			t.Errorf("Ask(%q) = %q, want %q", q, a.Text, MsgNoContent)
		}
	}
}

func lowerFirst(q string) string {
	if q == "" || strings.ToUpper(q[:1]) != q[:1] || len(q) > 1 && strings.ToUpper(q[1:2]) == q[1:2] {
		return q
	}
	return strings.ToLower(q[:1]) + q[1:]
}

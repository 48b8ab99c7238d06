package answer

import (
	"context"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/openaitest"
)

// A question without content gets a request for one: no search, no model call, no citation.
func TestContentlessQuestions(t *testing.T) {
	srv := openaitest.New(t)
	srv.SetChatDefault(func(openaitest.Request) openaitest.Reply { return openaitest.TextReply("NOT_IN_SOURCES") })
	ctx := context.Background()
	for name, e := range map[string]*Engine{"offline": newOfflineEngine(t), "model": newModelEngine(t, srv, nil, 10*time.Second)} {
		for _, q := range []string{"???", "the", "¿Qué?", "👍🔥", "\u200b", "!!! ... ---", "what is the"} {
			a, err := e.Ask(ctx, q, Options{})
			if err != nil {
				t.Fatalf("%s: Ask(%q) = %v", name, q, err)
			}
			if a.Text != MsgNoContent || !a.Abstained || len(a.Citations) != 0 {
				t.Errorf("%s: Ask(%q) = %q abstained=%v citations=%d; want %q", name, q, a.Text, a.Abstained, len(a.Citations), MsgNoContent)
			}
		}
		// A one-word question with content is still answered or honestly abstained on.
		if a, _ := e.Ask(ctx, "Pinduoduo?", Options{}); a.Text == MsgNoContent {
			t.Errorf("%s: Ask(Pinduoduo?) was taken for a contentless question", name)
		}
	}
	if n := srv.ChatRequests(); n != 1 {
		t.Errorf("model calls = %d, want only the one for \"Pinduoduo?\"", n)
	}
	// With a conversation, a bare "why?" is a follow-up, not contentless.
	a, err := newOfflineEngine(t).Ask(ctx, "why?", Options{History: []Turn{{Role: "user", Content: "What was Douyin's GMV in 2024?"}, {Role: "assistant", Content: "Over 3.5 trillion yuan [1]."}}})
	if err != nil || a.Text == MsgNoContent {
		t.Errorf("follow-up why? = %q, %v; want it rewritten and answered", a.Text, err)
	}
}

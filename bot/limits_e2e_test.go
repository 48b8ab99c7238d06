package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// TestBusyWhenQueueIsFull fills the only answering slot with a slow model call; with no queue
// (MaxQueue 0 means none, as CITEBOT_MAX_QUEUE=0 does), the
// next question gets the polite busy reply at once, privately, and no model call, while the first is
// still answered.
func TestBusyWhenQueueIsFull(t *testing.T) {
	eng, ai := modelEngine(t)
	ai.SetChatDefault(func(openaitest.Request) openaitest.Reply {
		return openaitest.Reply{Text: "NOT_IN_SOURCES", Delay: 2 * time.Second}
	})
	var rejected atomic.Value
	h := start(t, Config{MaxConcurrent: 1, MaxQueue: 0, OnRejected: func(r string) { rejected.Store(r) }}, eng, discordtest.Options{})
	first := h.ask("How does Douyin sell?")
	if !h.srv.Wait(10*time.Second, func() bool { return ai.ChatRequests() > 0 }) {
		t.Fatal("the first question never reached the model")
	}
	bob := discordtest.Member{User: discordtest.User{ID: "222222222222222222", Username: "bob"}}
	second := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: bob,
		Command: "ask", Options: []discordtest.Option{{Name: "question", Value: "What is Kuaishou?"}}})
	var rec discordtest.Interaction
	if !h.srv.Wait(5*time.Second, func() bool { rec, _ = h.srv.Interaction(second.ID); return !rec.Acked.IsZero() }) {
		t.Fatal("the second question was not answered")
	}
	var data struct {
		Content string `json:"content"`
		Flags   int    `json:"flags"`
	}
	if err := json.Unmarshal(rec.Response, &data); err != nil {
		t.Fatalf("busy response %s: %v", rec.Response, err)
	}
	if rec.AckType != 4 || !strings.Contains(data.Content, msgBusy) || data.Flags&64 == 0 {
		t.Errorf("second question: ack type %d, %+v; want a private (ephemeral) busy message", rec.AckType, data)
	}
	if got, _ := rejected.Load().(string); got != "busy" {
		t.Errorf("OnRejected got %q, want busy", got)
	}
	if got := ai.ChatRequests(); got != 1 {
		t.Errorf("model calls = %d, want 1 (the busy question must not reach the model)", got)
	}
	if m := h.final(t, first.ID, 15*time.Second); m.Content == "" {
		t.Error("the first question got no final reply")
	}
}

// TestSummaryAutocompletePastTwentyFivePlatforms uses a catalog of 30 platforms: /summary then
// offers autocomplete instead of choices, and typing part of a name or alias lists the matches.
func TestSummaryAutocompletePastTwentyFivePlatforms(t *testing.T) {
	var ps []text.Platform
	for i := range 30 {
		ps = append(ps, text.Platform{Name: fmt.Sprintf("Shop%02d", i), Aliases: []string{fmt.Sprintf("Store%02d", i)}})
	}
	ps[7] = text.Platform{Name: "Douyin", Aliases: []string{"抖音", "Tiktok"}}
	catalog, err := text.NewCatalog(ps)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.Open(context.Background(), retrieval.Config{
		Seeds:    fstest.MapFS{"a.txt": {Data: []byte("Tiktok sells through short videos. Shop03 sells shoes.")}},
		Embedder: retrieval.OfflineEmbedder(), Catalog: catalog,
	})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := answer.New(answer.Config{Index: ix, Links: viewer})
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, Config{}, eng, discordtest.Options{})
	var cmds []map[string]any
	if err := json.Unmarshal(h.srv.Commands(guildID), &cmds); err != nil {
		t.Fatal(err)
	}
	for _, c := range cmds {
		if c["name"] != "summary" {
			continue
		}
		opt := c["options"].([]any)[0].(map[string]any)
		if opt["autocomplete"] != true || opt["choices"] != nil {
			t.Errorf("/summary platform option = %v, want autocomplete and no choices", opt)
		}
	}
	in := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 4, GuildID: guildID, ChannelID: channelID, Member: alice,
		Command: "summary", Options: []discordtest.Option{{Name: "platform", Value: "tik", Focused: true}}})
	var rec discordtest.Interaction
	if !h.srv.Wait(5*time.Second, func() bool { rec, _ = h.srv.Interaction(in.ID); return !rec.Acked.IsZero() }) {
		t.Fatal("autocomplete not answered")
	}
	var data struct {
		Choices []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"choices"`
	}
	if err := json.Unmarshal(rec.Response, &data); err != nil {
		t.Fatalf("autocomplete response %s: %v", rec.Response, err)
	}
	if rec.AckType != 8 || len(data.Choices) == 0 || data.Choices[0].Value != "Douyin" {
		t.Errorf("autocomplete for %q: type %d, choices %+v; want Douyin first", "tik", rec.AckType, data.Choices)
	}
	in = h.srv.SendInteraction(discordtest.InteractionSpec{Type: 4, GuildID: guildID, ChannelID: channelID, Member: alice,
		Command: "summary", Options: []discordtest.Option{{Name: "platform", Value: "", Focused: true}}})
	if !h.srv.Wait(5*time.Second, func() bool { rec, _ = h.srv.Interaction(in.ID); return !rec.Acked.IsZero() }) {
		t.Fatal("empty autocomplete not answered")
	}
	data.Choices = nil
	if err := json.Unmarshal(rec.Response, &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Choices) != 25 {
		t.Errorf("autocomplete with nothing typed gave %d choices, want Discord's maximum of 25", len(data.Choices))
	}
}

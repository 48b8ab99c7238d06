package bot

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/retrieval"
)

const editRoute = "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original"

func TestAskDeferredThenCitedReply(t *testing.T) {
	h := start(t, Config{DataDir: t.TempDir()}, offlineEngine(t), discordtest.Options{})

	// Commands: registered in the guild, /summary with the catalog's platforms as choices.
	var cmds []map[string]any
	json.Unmarshal(h.srv.Commands(guildID), &cmds)
	names := map[string]map[string]any{}
	for _, c := range cmds {
		names[c["name"].(string)] = c
	}
	for _, n := range []string{"ask", "summary", "sources", "help"} {
		if names[n] == nil {
			t.Fatalf("command /%s not registered; got %v", n, h.srv.Commands(guildID))
		}
	}
	// Usable in servers and in DMs with the bot, through "contexts" (dm_permission is deprecated).
	for _, n := range []string{"ask", "summary", "sources", "help"} {
		if got := mustJSON(names[n]["contexts"]); got != "[0,1]" || names[n]["dm_permission"] != nil {
			t.Errorf("/%s contexts %s, dm_permission %v; want [0,1] and none", n, got, names[n]["dm_permission"])
		}
	}
	if !strings.Contains(mustJSON(names["summary"]), `"Douyin"`) {
		t.Errorf("/summary has no Douyin choice: %s", mustJSON(names["summary"]))
	}
	// No privileged intent by default.
	if ids := h.srv.Identifies(); len(ids) != 1 || ids[0].Intents&discordtest.PrivilegedIntents != 0 {
		t.Errorf("IDENTIFY intents = %+v, want one identify without privileged intents", ids)
	}

	in := h.ask("What is Douyin?")
	m := h.final(t, in.ID, 10*time.Second)
	rec, _ := h.srv.Interaction(in.ID)
	if rec.AckType != 5 {
		t.Errorf("ack type = %d, want 5 (deferred)", rec.AckType)
	}
	if lat := rec.Acked.Sub(rec.Dispatched); lat > time.Second {
		t.Errorf("ack latency %v, want well under 3 s", lat)
	}
	if !strings.Contains(m.Content, "[[1]](<https://citebot.example.org/sources/") {
		t.Errorf("final content has no citation link:\n%s", m.Content)
	}
	es := embedsOf(t, m)
	if len(es) == 0 || es[0]["title"] != "Sources" || len(es[0]["fields"].([]any)) == 0 {
		t.Errorf("final embeds = %s, want a Sources embed with fields", m.Embeds)
	}
	if !hasButtons(m) {
		t.Errorf("final components = %s, want 👍/👎 buttons", m.Components)
	}

	// 👍 is acknowledged and stored with the question and answer.
	click := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 3, GuildID: guildID, ChannelID: channelID, Member: alice,
		CustomID: "fb:up:" + in.ID, MessageID: m.ID})
	if !h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(click.ID); return !r.Acked.IsZero() }) {
		t.Fatal("feedback click not acknowledged")
	}
	rep, err := FeedbackSummary(h.bot.cfg.DataDir)
	if err != nil || rep.Up != 1 || rep.Total != 1 || rep.Answers != 1 {
		t.Fatalf("FeedbackSummary = %+v, %v; want one 👍", rep, err)
	}
	data, _ := json.Marshal(rep)
	_ = data
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestSummaryCommand(t *testing.T) {
	h := start(t, Config{}, offlineEngine(t), discordtest.Options{})
	in := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: alice,
		Command: "summary", Options: []discordtest.Option{{Name: "platform", Value: "Pinduoduo"}}})
	m := h.final(t, in.ID, 10*time.Second)
	var all []discordtest.Message
	h.srv.Wait(5*time.Second, func() bool { all = h.replyMessages(in.ID); return hasButtons(all[len(all)-1]) })
	last := all[len(all)-1]
	if !strings.Contains(m.Content, "[[1]](<") || len(embedsOf(t, last)) == 0 || !hasButtons(last) {
		t.Errorf("summary reply (%d messages) has no cited content, sources or buttons:\n%s\n%s", len(all), m.Content, last.Embeds)
	}
	// An unknown platform is explained, not answered.
	in = h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: alice,
		Command: "summary", Options: []discordtest.Option{{Name: "platform", Value: "Myspace"}}})
	m = h.final(t, in.ID, 10*time.Second)
	if !strings.Contains(m.Content, "I don't know the platform") {
		t.Errorf("unknown platform reply = %q", m.Content)
	}
}

func TestSourcesAndHelp(t *testing.T) {
	ix := seedindex.Open(t)
	sources := func() []Source {
		var out []Source
		for _, d := range ix.Documents() {
			out = append(out, Source{File: d.File, Title: d.Title, URL: viewer.Source(d.File)})
		}
		return out
	}
	h := start(t, Config{Sources: sources}, offlineEngine(t), discordtest.Options{})
	for _, cmd := range []string{"sources", "help"} {
		in := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: alice, Command: cmd})
		if !h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() }) {
			t.Fatalf("/%s not answered", cmd)
		}
		r, _ := h.srv.Interaction(in.ID)
		if r.AckType != 4 || r.AckFlags&64 == 0 {
			t.Errorf("/%s: response type %d flags %d, want an ephemeral message", cmd, r.AckType, r.AckFlags)
		}
		if cmd == "sources" && !strings.Contains(string(r.Response), "/sources/"+ix.Documents()[0].File) {
			t.Errorf("/sources does not link %s: %s", ix.Documents()[0].File, r.Response)
		}
	}
}

func TestMentionThreadAndFollowUps(t *testing.T) {
	rec := &recorder{Answerer: offlineEngine(t)}
	h := start(t, Config{MessageContent: true}, rec, discordtest.Options{AllowedIntents: discordtest.IntentMessageContent})

	q := h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: alice, Content: "What is Pinduoduo?", MentionBot: true})
	// A thread on the question, named after it, with the answer in it.
	var answer discordtest.Message
	if !h.srv.Wait(10*time.Second, func() bool {
		for _, m := range h.srv.Messages(q.ID) {
			if m.Author.ID == h.srv.Bot.ID && isFinal(m) {
				answer = m
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no answer in a thread on the question; logs:\n%s", h.logs.String())
	}
	th, _ := h.srv.Channel(q.ID)
	if th.Type != discordtest.ChannelPublicThread || th.Name != "What is Pinduoduo?" {
		t.Errorf("thread = %+v, want a public thread named after the question", th)
	}
	if got, _ := rec.last(); got != "What is Pinduoduo?" {
		t.Errorf("asked %q, want the question without the mention", got)
	}
	if !strings.Contains(answer.Content, "[[1]](<") || !hasButtons(answer) {
		t.Errorf("thread answer lacks citations or buttons: %s", answer.Content)
	}

	// A follow-up without mention (Message Content on): answered with the thread's history.
	h.srv.PostMessage(discordtest.MessageSpec{ChannelID: q.ID, Author: alice, Content: "And Kuaishou?"})
	if !h.srv.Wait(10*time.Second, func() bool { return rec.calls.Load() == 2 }) {
		t.Fatal("follow-up without mention not answered")
	}
	got, hist := rec.last()
	if got != "And Kuaishou?" || len(hist) < 2 || hist[0].Role != "user" || hist[0].Content != "What is Pinduoduo?" || hist[1].Role != "assistant" {
		t.Errorf("follow-up asked %q with history %+v, want the earlier question and answer", got, hist)
	}
	if strings.Contains(hist[1].Content, "](<") {
		t.Errorf("history keeps rendered links: %q", hist[1].Content)
	}
	// A message in a channel that is not the bot's and does not mention it is left alone.
	h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: alice, Content: "just chatting"})
	time.Sleep(300 * time.Millisecond)
	if n := rec.calls.Load(); n != 2 {
		t.Errorf("bot answered an unrelated message (%d calls)", n)
	}
}

func TestFollowUpsWithoutMessageContent(t *testing.T) {
	rec := &recorder{Answerer: offlineEngine(t)}
	h := start(t, Config{}, rec, discordtest.Options{})
	q := h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: alice, Content: "What is Douyin?", MentionBot: true})
	var ans discordtest.Message
	if !h.srv.Wait(10*time.Second, func() bool {
		for _, m := range h.srv.Messages(q.ID) {
			if m.Author.ID == h.srv.Bot.ID && isFinal(m) {
				ans = m
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no answer in thread; logs:\n%s", h.logs.String())
	}
	// Without the intent Discord blanks a plain follow-up: nothing to answer.
	h.srv.PostMessage(discordtest.MessageSpec{ChannelID: q.ID, Author: alice, Content: "and Taobao?"})
	time.Sleep(300 * time.Millisecond)
	if n := rec.calls.Load(); n != 1 {
		t.Fatalf("a blanked follow-up was answered (%d calls)", n)
	}
	// A reply to the bot's answer (which pings it) continues the conversation.
	h.srv.PostMessage(discordtest.MessageSpec{ChannelID: q.ID, Author: alice, Content: "and Taobao?", ReplyTo: ans.ID})
	if !h.srv.Wait(10*time.Second, func() bool { return rec.calls.Load() == 2 }) {
		t.Fatal("reply to the bot not answered")
	}
	if got, hist := rec.last(); got != "and Taobao?" || len(hist) < 2 || hist[0].Content != "What is Douyin?" {
		t.Errorf("reply asked %q with history %+v", got, hist)
	}
	// And a mention does too.
	h.srv.PostMessage(discordtest.MessageSpec{ChannelID: q.ID, Author: alice, Content: "and JD.com?", MentionBot: true})
	if !h.srv.Wait(10*time.Second, func() bool { return rec.calls.Load() == 3 }) {
		t.Fatal("mention in thread not answered")
	}
}

func TestDirectMessage(t *testing.T) {
	h := start(t, Config{}, offlineEngine(t), discordtest.Options{})
	h.srv.PostMessage(discordtest.MessageSpec{ChannelID: dmID, Author: alice, Content: "What is Xiaohongshu?"})
	if !h.srv.Wait(10*time.Second, func() bool {
		for _, m := range h.srv.Messages(dmID) {
			if m.Author.ID == h.srv.Bot.ID && isFinal(m) && strings.Contains(m.Content, "[[1]]") {
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no cited answer in the DM; logs:\n%s", h.logs.String())
	}
}

func TestQuotaLengthAndAllowList(t *testing.T) {
	rec := &recorder{Answerer: offlineEngine(t)}
	h := start(t, Config{QuotaPerMinute: 2, MaxQuestionLen: 50, AllowChannels: []string{channelID}}, rec, discordtest.Options{})
	var ids []string
	for i := 0; i < 3; i++ {
		ids = append(ids, h.ask("What is Douyin?").ID)
	}
	// The three arrive at once: two are answered, one is told to slow down.
	var slowed, answered int
	h.srv.Wait(10*time.Second, func() bool {
		slowed, answered = 0, 0
		for _, id := range ids {
			r, _ := h.srv.Interaction(id)
			m, _ := h.srv.Message(r.OriginalID)
			switch {
			case r.AckType == 4 && r.AckFlags&64 != 0 && strings.Contains(string(r.Response), "Slow down") && strings.Contains(string(r.Response), "Try again in"):
				slowed++
			case r.AckType == 5 && isFinal(m) && hasButtons(m):
				answered++
			}
		}
		return slowed == 1 && answered == 2
	})
	if slowed != 1 || answered != 2 {
		t.Errorf("%d slowed down, %d answered; want 1 private slow-down reply and 2 answers", slowed, answered)
	}
	if n := rec.calls.Load(); n != 2 {
		t.Errorf("%d model calls, want 2", n)
	}
	// Too long: refused without a call. (Another user, so the quota does not interfere.)
	bob := discordtest.Member{User: discordtest.User{ID: "222222222222222222", Username: "bob"}}
	long := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: bob,
		Command: "ask", Options: []discordtest.Option{{Name: "question", Value: strings.Repeat("why ", 20)}}})
	h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(long.ID); return !r.Acked.IsZero() })
	r, _ := h.srv.Interaction(long.ID)
	if !strings.Contains(string(r.Response), "the limit is 50") || rec.calls.Load() != 2 {
		t.Errorf("long question: %s (%d calls), want a refusal without a model call", r.Response, rec.calls.Load())
	}
	// Not an allowed channel.
	h.srv.AddChannel(discordtest.Channel{ID: "600000000000000002", Type: discordtest.ChannelGuildText, GuildID: guildID})
	other := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: "600000000000000002", Member: bob,
		Command: "ask", Options: []discordtest.Option{{Name: "question", Value: "What is JD?"}}})
	h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(other.ID); return !r.Acked.IsZero() })
	r, _ = h.srv.Interaction(other.ID)
	if !strings.Contains(string(r.Response), msgNotHere) {
		t.Errorf("question in a channel not allowed: %s", r.Response)
	}
}

// streamingModel scripts the fake model to stream a cited answer slowly, quoting the first source it
// is given so the engine's verification keeps the citation (and streams the answer as it verifies).
func streamingModel(ai *openaitest.Server, chunks int, delay time.Duration) {
	ai.SetChatDefault(func(r openaitest.Request) openaitest.Reply {
		text := "Douyin sells through live streams and short videos [S1: \"" + firstSourceWords(r, 8) + "\"]. " +
			strings.Repeat("It also runs a large marketplace. ", 6)
		return openaitest.Reply{Text: text, Chunks: chunks, ChunkDelay: delay}
	})
}

var firstSourceRE = regexp.MustCompile(`(?s)<source-[0-9a-f]+ id="S1"[^>]*>\n(.*?)\n</source-`)

// firstSourceWords returns the first n words of source S1 of a recorded answer request, a verbatim
// quote.
func firstSourceWords(r openaitest.Request, n int) string {
	m := firstSourceRE.FindStringSubmatch(r.LastUserMessage())
	if m == nil {
		return ""
	}
	words := strings.Fields(m[1])
	return strings.Join(words[:min(n, len(words))], " ")
}

func TestAskStreamsWithPacedEdits(t *testing.T) {
	eng, ai := modelEngine(t)
	streamingModel(ai, 16, 250*time.Millisecond) // ~4 s of streaming
	h := start(t, Config{}, eng, discordtest.Options{})
	in := h.ask("How does Douyin sell?")
	m := h.final(t, in.ID, 20*time.Second)
	edits := h.srv.Calls(editRoute)
	if len(edits) < 3 {
		t.Fatalf("%d edits, want streaming edits then a final one", len(edits))
	}
	for i := 1; i < len(edits); i++ {
		if gap := edits[i].At.Sub(edits[i-1].At); gap < EditInterval {
			t.Errorf("edits %d and %d are %v apart, want at least %v", i-1, i, gap, EditInterval)
		}
	}
	var first struct{ Content string }
	json.Unmarshal(edits[0].Body, &first)
	if !strings.HasSuffix(first.Content, "✍️") {
		t.Errorf("first edit %q is not a streaming preview", first.Content)
	}
	if m.Content == "" || !hasButtons(m) {
		t.Errorf("final reply %q has no text or no buttons", m.Content)
	}
}

func TestRateLimitedEditIsRetried(t *testing.T) {
	h := start(t, Config{}, offlineEngine(t), discordtest.Options{})
	h.srv.RateLimit("PATCH", `^/webhooks/.*/messages/@original$`, 1, 400*time.Millisecond)
	in := h.ask("What is Kuaishou?")
	m := h.final(t, in.ID, 10*time.Second)
	// The fake records a call after applying it: the final message can be seen before its call is.
	var edits []discordtest.Call
	h.srv.Wait(5*time.Second, func() bool { edits = h.srv.Calls(editRoute); return len(edits) >= 2 })
	if len(edits) != 2 || edits[0].Status != 429 || edits[1].Status != 200 {
		t.Fatalf("edits = %d (%v), want a 429 then a success", len(edits), statuses(edits))
	}
	if gap := edits[1].At.Sub(edits[0].At); gap < 400*time.Millisecond {
		t.Errorf("retried after %v, want at least retry_after (400ms)", gap)
	}
	if len(embedsOf(t, m)) == 0 {
		t.Errorf("final reply after 429 has no sources")
	}
}

func statuses(cs []discordtest.Call) []int {
	var out []int
	for _, c := range cs {
		out = append(out, c.Status)
	}
	return out
}

func TestResumeAfterDropAnswersOnce(t *testing.T) {
	eng, ai := modelEngine(t)
	ai.SetChatDefault(func(r openaitest.Request) openaitest.Reply {
		return openaitest.Reply{Text: "Douyin sells through live streams [S1: \"" + firstSourceWords(r, 8) + "\"].", Delay: 2 * time.Second}
	})
	h := start(t, Config{}, eng, discordtest.Options{})
	in := h.ask("How does Douyin sell?")
	if !h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() }) {
		t.Fatal("not acknowledged")
	}
	h.srv.Drop(5) // and replay the last events, the interaction included, after the resume
	if !h.srv.Wait(10*time.Second, func() bool { return h.srv.Resumes() == 1 && h.srv.Connected() }) {
		t.Fatalf("the bot did not resume; logs:\n%s", h.logs.String())
	}
	h.final(t, in.ID, 20*time.Second)
	time.Sleep(500 * time.Millisecond)
	r, _ := h.srv.Interaction(in.ID)
	if r.Callbacks != 1 {
		t.Errorf("interaction acknowledged %d times, want once", r.Callbacks)
	}
	if n := len(ai.Requests()); n != 1 {
		t.Errorf("%d model requests, want 1 (answered once)", n)
	}
	if len(h.srv.Identifies()) != 1 {
		t.Errorf("the bot identified %d times, want once (then resumed)", len(h.srv.Identifies()))
	}
}

func TestFatalCloseCodes(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		opts    discordtest.Options
		want    error
		mention string
	}{
		{"bad token", Config{Token: "wrong-token"}, discordtest.Options{}, ErrBadToken, "DISCORD_TOKEN"},
		{"message content not enabled", Config{MessageContent: true}, discordtest.Options{}, ErrDisallowedIntent, "DISCORD_MESSAGE_CONTENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Token = testToken
			srv := discordtest.New(t, tt.opts)
			h := runBot(t, srv, tt.cfg, offlineEngine(t))
			select {
			case err := <-h.done:
				close(h.done)
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.mention) {
					t.Errorf("Run() = %v, want %v naming %s", err, tt.want, tt.mention)
				}
				if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "wrong-token") {
					t.Errorf("the error shows the token: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Run kept going after a fatal close code")
			}
			if n := len(srv.Identifies()); n != 1 {
				t.Errorf("%d IDENTIFY attempts, want 1 (no reconnect loop)", n)
			}
		})
	}
	t.Run("revoked mid-session", func(t *testing.T) {
		h := start(t, Config{}, offlineEngine(t), discordtest.Options{})
		h.srv.CloseGateway(4004, true)
		select {
		case err := <-h.done:
			close(h.done)
			if !errors.Is(err, ErrBadToken) {
				t.Errorf("Run() = %v, want ErrBadToken", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatalf("Run kept going after 4004; logs:\n%s", h.logs.String())
		}
	})
}

// panicky answers like the real engine but panics on one question: a fault the real engine cannot
// be made to produce.
type panicky struct{ Answerer }

func (p panicky) Ask(ctx context.Context, q string, o answer.Options) (answer.Answer, error) {
	if q == "boom" {
		panic("scripted panic")
	}
	return p.Answerer.Ask(ctx, q, o)
}

func TestPanicInHandlerIsRecovered(t *testing.T) {
	h := start(t, Config{}, panicky{offlineEngine(t)}, discordtest.Options{})
	in := h.ask("boom")
	m := h.final(t, in.ID, 10*time.Second)
	if m.Content != msgPanic {
		t.Errorf("reply after panic = %q, want %q", m.Content, msgPanic)
	}
	if !strings.Contains(h.logs.String(), "scripted panic") {
		t.Errorf("the panic is not logged")
	}
	// The bot keeps serving, and the slot the panicking question held is free again.
	in = h.ask("What is Douyin?")
	if m := h.final(t, in.ID, 10*time.Second); !strings.Contains(m.Content, "[[1]]") {
		t.Errorf("answer after the panic = %q", m.Content)
	}
}

func TestShutdownFinishesAnswerInFlight(t *testing.T) {
	eng, ai := modelEngine(t)
	ai.SetChatDefault(func(openaitest.Request) openaitest.Reply {
		return openaitest.Reply{Text: "Douyin sells through live streams [S1].", Delay: 1500 * time.Millisecond}
	})
	h := start(t, Config{ShutdownGrace: 10 * time.Second}, eng, discordtest.Options{})
	in := h.ask("How does Douyin sell?")
	h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() })
	begin := time.Now()
	if err := h.stop(t); err != nil {
		t.Fatalf("Run() = %v after cancel, want nil", err)
	}
	m, _ := h.srv.Message(mustInteraction(h, in.ID).OriginalID)
	if !isFinal(m) || m.Content == msgRestarting || !hasButtons(m) {
		t.Errorf("after shutdown the reply is %q, want the finished answer", m.Content)
	}
	t.Logf("shutdown took %v", time.Since(begin))
}

func TestShutdownPastGraceSaysSo(t *testing.T) {
	eng, ai := modelEngine(t)
	ai.SetChatDefault(func(openaitest.Request) openaitest.Reply {
		return openaitest.Reply{Text: "never", Delay: time.Hour}
	})
	h := start(t, Config{ShutdownGrace: 300 * time.Millisecond}, eng, discordtest.Options{})
	in := h.ask("How does Douyin sell?")
	h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() })
	h.stop(t)
	m, _ := h.srv.Message(mustInteraction(h, in.ID).OriginalID)
	if !isFinal(m) {
		t.Errorf("after shutdown past the grace period the reply is %q (edits %d), want a final message", m.Content, m.Edits)
	}
	t.Logf("reply: %q", m.Content)
}

func TestModelThatNeverAnswersTimesOut(t *testing.T) {
	eng, ai := modelEngine(t)
	ai.SetChatDefault(func(openaitest.Request) openaitest.Reply { return openaitest.Reply{Text: "never", Delay: time.Hour} })
	h := start(t, Config{AnswerTimeout: 800 * time.Millisecond}, eng, discordtest.Options{})
	in := h.ask("How does Douyin sell?")
	m := h.final(t, in.ID, 10*time.Second)
	t.Logf("reply: %q", m.Content)
	if m.Content == "" {
		t.Error("empty final reply")
	}
}

// replyMessages returns the original response and the follow-ups of an interaction.
func (h *harness) replyMessages(id string) []discordtest.Message {
	r, _ := h.srv.Interaction(id)
	var out []discordtest.Message
	for _, mid := range append([]string{r.OriginalID}, r.FollowupIDs...) {
		if m, ok := h.srv.Message(mid); ok {
			out = append(out, m)
		}
	}
	return out
}

func mustInteraction(h *harness, id string) discordtest.Interaction {
	r, _ := h.srv.Interaction(id)
	return r
}

// A corpus without a platform catalog has nothing to summarise: no /summary command, and /help
// does not mention it.
func TestNoCatalogNoSummaryCommand(t *testing.T) {
	ix, err := retrieval.Open(context.Background(), retrieval.Config{
		Seeds:    fstest.MapFS{"notes.md": {Data: []byte("# Notes\n\nTaobao sells everything.\n")}},
		Embedder: retrieval.OfflineEmbedder(),
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
	var names []string
	for _, c := range cmds {
		names = append(names, c["name"].(string))
	}
	if got := strings.Join(names, ","); got != "ask,sources,help,Ask citebot" {
		t.Errorf("commands registered: %s, want ask,sources,help,Ask citebot (no /summary without platforms)", got)
	}
	in := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: alice, Command: "help"})
	if !h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() }) {
		t.Fatal("/help not answered")
	}
	if r, _ := h.srv.Interaction(in.ID); strings.Contains(string(r.Response), "summary") || !strings.Contains(string(r.Response), "/ask") {
		t.Errorf("/help without platforms: %s; want /ask and no /summary", r.Response)
	}
}

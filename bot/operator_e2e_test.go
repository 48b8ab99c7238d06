package bot

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/questionlog"
)

// Fixtures of the forum tests.
const (
	forumID    = "600000000000000015"
	otherForum = "600000000000000016"
	memberRole = "800000000000000001" // alice has it
)

var bob = discordtest.Member{User: discordtest.User{ID: "222222222222222222", Username: "bob"}}

// answers wraps a real answerer and keeps what it was asked and what it answered; it changes nothing.
type answers struct {
	Answerer
	mu   sync.Mutex
	qs   []string
	ans  []answer.Answer
	hist [][]answer.Turn
}

func (a *answers) Ask(ctx context.Context, q string, o answer.Options) (answer.Answer, error) {
	res, err := a.Answerer.Ask(ctx, q, o)
	a.mu.Lock()
	a.qs, a.ans, a.hist = append(a.qs, q), append(a.ans, res), append(a.hist, o.History)
	a.mu.Unlock()
	return res, err
}

func (a *answers) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.qs)
}

func (a *answers) get(i int) (string, answer.Answer, []answer.Turn) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.qs[i], a.ans[i], a.hist[i]
}

// openLog opens a real question log in a temporary data folder.
func openLog(tb testing.TB) (*questionlog.Log, string) {
	tb.Helper()
	dir := tb.TempDir()
	l, err := questionlog.Open(context.Background(), questionlog.Config{Dir: dir, Days: 30})
	if err != nil {
		tb.Fatal(err)
	}
	return l, dir
}

func readLog(tb testing.TB, dir string) []questionlog.Question {
	tb.Helper()
	qs, _, err := questionlog.Read(dir, time.Time{})
	if err != nil {
		tb.Fatal(err)
	}
	return qs
}

func TestAskCitebotMessageCommand(t *testing.T) {
	qlog, dir := openLog(t)
	rec := &answers{Answerer: offlineEngine(t)}
	h := start(t, Config{DataDir: dir, Questions: qlog, QuotaPerMinute: 2}, rec, discordtest.Options{})

	// Registered with the other commands, as a message command: no description, no options.
	var cmds []map[string]any
	json.Unmarshal(h.srv.Commands(guildID), &cmds)
	var found map[string]any
	for _, c := range cmds {
		if c["name"] == "Ask citebot" {
			found = c
		}
	}
	if found == nil || found["type"] != float64(3) || found["description"] != nil {
		t.Fatalf("message command registered as %v; commands: %s", found, h.srv.Commands(guildID))
	}

	// Bob asks in the channel without mentioning the bot: without Message Content the bot never sees
	// the text, but the command carries it.
	q := h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: bob, Content: "How many active users did Pinduoduo report for 2021?"})
	in := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: alice,
		Command: "Ask citebot", TargetMessage: q.ID})
	m := h.final(t, in.ID, 10*time.Second)
	r, _ := h.srv.Interaction(in.ID)
	if r.AckType != 5 || r.AckFlags&64 == 0 {
		t.Errorf("ack type %d flags %d, want a deferred private reply", r.AckType, r.AckFlags)
	}
	link := "https://discord.com/channels/" + guildID + "/" + channelID + "/" + q.ID
	if !strings.HasPrefix(m.Content, "Answering [this message](<"+link+">)") || !strings.Contains(m.Content, "[[1]](<") || !hasButtons(m) {
		t.Errorf("reply does not link the message, cite, or carry buttons:\n%s", m.Content)
	}
	if got, _, _ := rec.get(0); got != "How many active users did Pinduoduo report for 2021?" {
		t.Errorf("asked %q, want the message's text", got)
	}

	// The question is in the log with its surface, how it was asked, and only a hash of the user.
	logged := readLog(t, dir)
	if len(logged) != 1 || logged[0].ID != in.ID || logged[0].Via != "message_command" || logged[0].Surface != "discord" ||
		logged[0].User == "" || logged[0].User == alice.User.ID || len(logged[0].Cited) == 0 {
		t.Fatalf("logged %+v, want the question with a hashed user and its cited paragraphs", logged)
	}
	// 👎 under the answer reaches the log.
	click := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 3, GuildID: guildID, ChannelID: channelID, Member: alice,
		CustomID: "fb:down:" + in.ID, MessageID: m.ID})
	h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(click.ID); return !r.Acked.IsZero() })
	if logged = readLog(t, dir); logged[0].Down != 1 || !logged[0].Unanswered() {
		t.Errorf("after 👎: %+v, want one down vote, counted as unanswered", logged[0])
	}

	// A message with no text is explained, privately, with no question asked.
	img := h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: bob, Content: " "})
	in = h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: alice, Command: "Ask citebot", TargetMessage: img.ID})
	if !h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() }) {
		t.Fatal("empty message: no reply")
	}
	if r, _ := h.srv.Interaction(in.ID); !strings.Contains(string(r.Response), msgNoText) || r.AckFlags&64 == 0 {
		t.Errorf("empty message: reply %s flags %d", r.Response, r.AckFlags)
	}

	// The same quota as /ask: alice has used 1 of 2; one /ask more, then the command is refused.
	h.final(t, h.ask("What is Douyin?").ID, 10*time.Second)
	in = h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: alice, Command: "Ask citebot", TargetMessage: q.ID})
	h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() })
	if r, _ := h.srv.Interaction(in.ID); !strings.Contains(string(r.Response), "Slow down") {
		t.Errorf("over quota: reply %s, want the slow-down notice", r.Response)
	}
	if n := rec.count(); n != 2 {
		t.Errorf("%d questions asked, want 2", n)
	}
}

func TestAskCitebotHonoursAllowListsAndLength(t *testing.T) {
	rec := &answers{Answerer: offlineEngine(t)}
	h := start(t, Config{AllowRoles: []string{"899999999999999999"}, MaxQuestionLen: 20}, rec, discordtest.Options{})
	q := h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: bob, Content: "What is Douyin?"})
	in := h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: alice, Command: "Ask citebot", TargetMessage: q.ID})
	h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() })
	if r, _ := h.srv.Interaction(in.ID); !strings.Contains(string(r.Response), msgNotHere) {
		t.Errorf("without the role: reply %s, want %q", r.Response, msgNotHere)
	}
	long := h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: bob, Content: "What is the business model of Pinduoduo?"})
	withRole := alice
	withRole.Roles = []string{"899999999999999999"}
	in = h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: withRole, Command: "Ask citebot", TargetMessage: long.ID})
	h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() })
	if r, _ := h.srv.Interaction(in.ID); !strings.Contains(string(r.Response), "up to 20") {
		t.Errorf("too long: reply %s, want the limit named", r.Response)
	}
	if rec.count() != 0 {
		t.Errorf("refused questions reached the engine")
	}
}

// botReplies returns the bot's final messages in a channel.
func botReplies(h *harness, channel string) []discordtest.Message {
	var out []discordtest.Message
	for _, m := range h.srv.Messages(channel) {
		if m.Author.ID == h.srv.Bot.ID && isFinal(m) {
			out = append(out, m)
		}
	}
	return out
}

func waitReplies(tb testing.TB, h *harness, channel string, n int) []discordtest.Message {
	tb.Helper()
	var got []discordtest.Message
	if !h.srv.Wait(10*time.Second, func() bool { got = botReplies(h, channel); return len(got) >= n }) {
		tb.Fatalf("%d final bot replies in %s, want %d; logs:\n%s", len(got), channel, n, h.logs.String())
	}
	return got
}

func forumServer(h *harness) {
	h.srv.AddChannel(discordtest.Channel{ID: forumID, Type: discordtest.ChannelGuildForum, GuildID: guildID, Name: "questions"})
	h.srv.AddChannel(discordtest.Channel{ID: otherForum, Type: discordtest.ChannelGuildForum, GuildID: guildID, Name: "chat"})
}

func TestForumPostAnsweredWithFollowUps(t *testing.T) {
	qlog, dir := openLog(t)
	rec := &answers{Answerer: offlineEngine(t)}
	h := start(t, Config{ForumChannels: []string{forumID}, MessageContent: true, Questions: qlog},
		rec, discordtest.Options{AllowedIntents: discordtest.IntentMessageContent})
	forumServer(h)

	th, first := h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: forumID, Author: alice,
		Title: "Pinduoduo business model", Content: "What is Pinduoduo's business model?"})
	replies := waitReplies(t, h, th.ID, 1)
	ans := replies[0]
	msgs := h.srv.Messages(th.ID)
	if msgs[0].ID != first.ID || msgs[1].ID != ans.ID {
		t.Errorf("the answer is not the post's first reply: %d messages", len(msgs))
	}
	if ans.Reference == nil || ans.Reference.MessageID != first.ID {
		t.Errorf("answer reference %+v, want a reply to the post's first message", ans.Reference)
	}
	if !strings.Contains(ans.Content, "[[1]](<") || !hasButtons(ans) {
		t.Errorf("forum answer lacks citations or buttons:\n%s", ans.Content)
	}
	if q, _, _ := rec.get(0); q != "Pinduoduo business model\n\nWhat is Pinduoduo's business model?" {
		t.Errorf("asked %q, want the title and the first message", q)
	}

	// A follow-up in the post, without mention, is answered as in the bot's own threads.
	h.srv.PostMessage(discordtest.MessageSpec{ChannelID: th.ID, Author: alice, Content: "And Kuaishou?"})
	waitReplies(t, h, th.ID, 2)
	q, _, hist := rec.get(1)
	if q != "And Kuaishou?" || len(hist) < 2 || hist[0].Content != "What is Pinduoduo's business model?" || hist[1].Role != "assistant" {
		t.Errorf("follow-up asked %q with history %+v, want the post and the answer", q, hist)
	}
	time.Sleep(300 * time.Millisecond)
	if n := rec.count(); n != 2 {
		t.Errorf("%d questions asked, want 2 (the first message must not be answered again as a message)", n)
	}
	// Posts in other forums are not answered.
	other, _ := h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: otherForum, Author: alice, Title: "What is Douyin?", Content: "?"})
	time.Sleep(300 * time.Millisecond)
	if n := len(botReplies(h, other.ID)); n != 0 || rec.count() != 2 {
		t.Errorf("a post in an unlisted forum was answered")
	}
	if logged := readLog(t, dir); len(logged) != 2 || logged[0].Via != "forum" || logged[0].ID != th.ID || logged[1].Via != "message" {
		t.Errorf("logged %+v, want the post (via forum) and the follow-up", logged)
	}
}

func TestForumPostWithoutMessageContent(t *testing.T) {
	rec := &answers{Answerer: offlineEngine(t)}
	h := start(t, Config{ForumChannels: []string{forumID}}, rec, discordtest.Options{})
	forumServer(h)
	if !strings.Contains(h.logs.String(), "DISCORD_MESSAGE_CONTENT") {
		t.Errorf("no warning that posts are read from their titles only")
	}
	// Discord withholds the first message: the title is the question.
	th, _ := h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: forumID, Author: alice, Title: "What is Douyin?", Content: "I keep hearing about it."})
	waitReplies(t, h, th.ID, 1)
	if q, _, _ := rec.get(0); q != "What is Douyin?" {
		t.Errorf("asked %q, want the title alone", q)
	}
	// A first message that mentions the bot is readable, and answered once.
	th, _ = h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: forumID, Author: alice, Title: "Kuaishou", Content: "What is Kuaishou's e-commerce GMV?", MentionBot: true})
	waitReplies(t, h, th.ID, 1)
	time.Sleep(300 * time.Millisecond)
	if q, _, _ := rec.get(1); rec.count() != 2 || q != "Kuaishou\n\nWhat is Kuaishou's e-commerce GMV?" {
		t.Errorf("asked %q (%d questions), want the title and message, once", q, rec.count())
	}
}

func TestForumAbstentionInvitesAHuman(t *testing.T) {
	rec := &answers{Answerer: offlineEngine(t)}
	h := start(t, Config{ForumChannels: []string{forumID}, MessageContent: true}, rec, discordtest.Options{AllowedIntents: discordtest.IntentMessageContent})
	forumServer(h)
	th, _ := h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: forumID, Author: alice, Title: "Douyin's CEO", Content: "Who is the CEO of Douyin?"})
	ans := waitReplies(t, h, th.ID, 1)[0]
	_, a, _ := rec.get(0)
	if !a.Abstained {
		t.Fatalf("the engine answered %q; the test needs a question the seeds cannot answer", a.Text)
	}
	if !strings.Contains(ans.Content, msgAskAHuman) {
		t.Errorf("abstention does not invite a human:\n%s", ans.Content)
	}
	// The closest passages the engine found (answer.Related) are listed, titled as pointers.
	var fields int
	for _, e := range embedsOf(t, ans) {
		if strings.HasPrefix(e["title"].(string), relatedTitle) {
			fs, _ := e["fields"].([]any)
			fields += len(fs)
		}
	}
	if fields != len(a.Related) {
		t.Errorf("%d closest passages shown, want the answer's %d", fields, len(a.Related))
	}
}

// The closest passages of an abstention are rendered as pointers, with links, apart from sources.
func TestForumDecorationRendersRelated(t *testing.T) {
	rel := []answer.Citation{{N: 1, File: "004.txt", Paragraph: 38, StartLine: 40, EndLine: 40, Quote: "Zhang Yonggang is in charge", URL: "https://x.example/sources/004.txt#p38"}}
	r := reply{Text: "The sources do not answer this question.", Abstained: true}
	forumDecoration(0)(&r, answer.Answer{Abstained: true, Related: rel})
	msgs := render(r)
	last := msgs[len(msgs)-1]
	if len(last.Embeds) != 1 || last.Embeds[0].Title != relatedTitle || len(last.Embeds[0].Fields) != 1 ||
		!strings.Contains(last.Embeds[0].Fields[0].Value, "<https://x.example/sources/004.txt#p38>") {
		t.Errorf("embeds %+v, want one %q embed linking the passage", last.Embeds, relatedTitle)
	}
	if !strings.HasSuffix(msgs[0].Content, msgAskAHuman) {
		t.Errorf("content %q does not end by inviting a human", msgs[0].Content)
	}
	// An answered post gets neither; a cut one says so.
	r = reply{Text: "Answer [1]."}
	forumDecoration(1000)(&r, answer.Answer{})
	if msgs := render(r); strings.Contains(msgs[0].Content, msgAskAHuman) || !strings.Contains(msgs[0].Content, "first 1000 characters") {
		t.Errorf("answered, cut post renders %q", msgs[0].Content)
	}
}

func TestForumHonoursRolesAndQuota(t *testing.T) {
	rec := &answers{Answerer: offlineEngine(t)}
	h := start(t, Config{ForumChannels: []string{forumID}, AllowRoles: []string{memberRole}, QuotaPerMinute: 1}, rec, discordtest.Options{})
	forumServer(h)
	h.srv.AddMember(guildID, alice)
	h.srv.AddMember(guildID, bob)
	// Bob lacks the role: his post is left alone (the bot stays silent where it is not enabled).
	th, _ := h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: forumID, Author: bob, Title: "What is Douyin?"})
	time.Sleep(500 * time.Millisecond)
	if n := len(h.srv.Messages(th.ID)); n != 1 || rec.count() != 0 {
		t.Errorf("a post by a user without the role got %d messages", n-1)
	}
	th, _ = h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: forumID, Author: alice, Title: "What is Douyin?"})
	waitReplies(t, h, th.ID, 1)
	// Alice's quota (1 a minute) is used: her next post gets the slow-down notice.
	th, _ = h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: forumID, Author: alice, Title: "What is Kuaishou?"})
	if !h.srv.Wait(5*time.Second, func() bool { return len(h.srv.Messages(th.ID)) == 2 }) {
		t.Fatalf("no reply to the post over quota")
	}
	if m := h.srv.Messages(th.ID)[1]; !strings.HasPrefix(m.Content, "Slow down") {
		t.Errorf("over quota: %q", m.Content)
	}
}

func TestForumLongPostsAndBots(t *testing.T) {
	rec := &answers{Answerer: offlineEngine(t)}
	h := start(t, Config{ForumChannels: []string{forumID}, MessageContent: true, MaxQuestionLen: 60}, rec,
		discordtest.Options{AllowedIntents: discordtest.IntentMessageContent})
	forumServer(h)
	// A post longer than the limit is read up to it, and the reply says so.
	th, _ := h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: forumID, Author: alice, Title: "Douyin",
		Content: "What is Douyin? I have been reading about Chinese e-commerce for a while and keep seeing it everywhere."})
	ans := waitReplies(t, h, th.ID, 1)[0]
	q, _, _ := rec.get(0)
	if n := len([]rune(q)); n > 60 || !strings.HasPrefix(q, "Douyin\n\nWhat is Douyin?") {
		t.Errorf("asked %q (%d characters), want the start of the post within 60", q, n)
	}
	if !strings.Contains(ans.Content, "first 60 characters") {
		t.Errorf("the reply does not say the post was cut:\n%s", ans.Content)
	}
	// Another bot's post is left alone.
	other := discordtest.Member{User: discordtest.User{ID: "333333333333333333", Username: "otherbot", Bot: true}}
	th, _ = h.srv.ForumPost(discordtest.ForumPostSpec{ForumID: forumID, Author: other, Title: "What is Kuaishou?"})
	time.Sleep(400 * time.Millisecond)
	if n := len(h.srv.Messages(th.ID)); n != 1 || rec.count() != 1 {
		t.Errorf("a bot's post was answered (%d messages, %d questions)", n, rec.count())
	}
}

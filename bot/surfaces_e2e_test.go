package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/retrieval"
)

// threadAnswer waits for the bot's final answer in the thread started on question message q.
func (h *harness) threadAnswer(tb testing.TB, q discordtest.Message) discordtest.Message {
	tb.Helper()
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
		tb.Fatalf("no answer in a thread on %q; logs:\n%s", q.Content, h.logs.String())
	}
	return ans
}

// Mentions of roles, users, channels and everyone are not part of the question: a question that
// starts with a role mention is answered, from a mention or a slash command.
func TestMentionsAreRemovedFromTheQuestion(t *testing.T) {
	rec := &recorder{Answerer: offlineEngine(t)}
	h := start(t, Config{}, rec, discordtest.Options{})
	const want = "What was Douyin's GMV in 2024?"
	q := h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: alice, MentionBot: true,
		Content: "<@&123456789012345678> " + want + " <#600000000000000001> @everyone <@!111111111111111111> @here"})
	ans := h.threadAnswer(t, q)
	if got, _ := rec.last(); got != want {
		t.Errorf("asked %q, want %q", got, want)
	}
	if !strings.Contains(ans.Content, "3.5 trillion") || !strings.Contains(ans.Content, "[[1]](<") {
		t.Errorf("answer = %q, want the cited GMV (not an abstention)", ans.Content)
	}
	in := h.ask("<@&123456789012345678>   " + want)
	m := h.final(t, in.ID, 10*time.Second)
	if got, _ := rec.last(); got != want || !strings.Contains(m.Content, "3.5 trillion") {
		t.Errorf("/ask asked %q and answered %q, want %q answered", got, m.Content, want)
	}
}

// Over the quota, a slash command gets a private notice; mentions get one public notice per user per
// window, and after it only a ⏳ reaction, so twenty spam mentions are not twenty messages.
func TestQuotaNoticeOncePerWindowThenReactions(t *testing.T) {
	var rejected atomic.Int32
	h := start(t, Config{QuotaPerMinute: 1, OnRejected: func(string) { rejected.Add(1) }}, offlineEngine(t), discordtest.Options{})
	first := h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: alice, Content: "What is Douyin?", MentionBot: true})
	h.threadAnswer(t, first)
	var spam []discordtest.Message
	for i := range 6 {
		spam = append(spam, h.srv.PostMessage(discordtest.MessageSpec{ChannelID: channelID, Author: alice,
			Content: fmt.Sprintf("spam %d", i), MentionBot: true}))
	}
	if !h.srv.Wait(10*time.Second, func() bool { return rejected.Load() == 6 }) {
		t.Fatalf("%d rejections, want 6", rejected.Load())
	}
	waitReactions := func() (notices, reacted int) {
		h.srv.Wait(5*time.Second, func() bool {
			notices, reacted = 0, 0
			for _, m := range h.srv.Messages(channelID) {
				if m.Author.ID == h.srv.Bot.ID && strings.Contains(m.Content, "Slow down") {
					notices++
				}
			}
			for _, s := range spam {
				if m, _ := h.srv.Message(s.ID); len(m.Reactions) == 1 && m.Reactions[0] == quotaReaction {
					reacted++
				}
			}
			return notices == 1 && reacted == 5
		})
		return notices, reacted
	}
	if notices, reacted := waitReactions(); notices != 1 || reacted != 5 {
		t.Errorf("%d public notices and %d ⏳ reactions for 6 mentions over the quota, want 1 and 5", notices, reacted)
	}
	// A slash command over the quota: a private notice, every time.
	in := h.ask("What is Kuaishou?")
	h.srv.Wait(5*time.Second, func() bool { r, _ := h.srv.Interaction(in.ID); return !r.Acked.IsZero() })
	if r, _ := h.srv.Interaction(in.ID); r.AckType != 4 || r.AckFlags&64 == 0 || !strings.Contains(string(r.Response), "Slow down") {
		t.Errorf("/ask over the quota: type %d flags %d %s, want a private slow-down notice", r.AckType, r.AckFlags, r.Response)
	}
}

var sourceS1RE = regexp.MustCompile(`(?s)<source-[0-9a-f]+ id="S1"[^>]*>\n(.*?)\n</source-`)

// quotingModel answers with claims citing a verbatim quote of source S1, n times, and links of its
// own: a masked link, a URL on a citation marker, an autolink.
func quotingModel(tb testing.TB, ai *openaitest.Server, n int) {
	ai.SetChatDefault(func(r openaitest.Request) openaitest.Reply {
		m := sourceS1RE.FindStringSubmatch(r.LastUserMessage())
		if m == nil {
			return openaitest.TextReply("NOT_IN_SOURCES")
		}
		words := strings.Fields(m[1])
		quote := strings.Join(words[:min(6, len(words))], " ")
		var b strings.Builder
		b.WriteString("See [the official report](https://evil.example/phish) and <https://evil.example/auto>. ")
		b.WriteString(`Douyin grew [S1: "` + quote + `"](https://evil.example/cite). `)
		for i := range n {
			fmt.Fprintf(&b, "Point %d: the source says so in detail, with more words to make it long [S1: %q].\n\n", i+1, quote)
		}
		return openaitest.Reply{Text: b.String()}
	})
}

// linkTargets returns every masked link's URL in a message's content and embeds.
func linkTargets(tb testing.TB, ms []discordtest.Message) []string {
	tb.Helper()
	re := regexp.MustCompile(`\]\(<?([^()\s<>]*)>?\)`)
	var out []string
	for _, m := range ms {
		text := m.Content + string(m.Embeds)
		for _, l := range re.FindAllStringSubmatch(text, -1) {
			out = append(out, l[1])
		}
	}
	return out
}

// A model reply far longer than Discord allows arrives as at most three messages ending with a
// link to the whole answer, kept in the archive; the model's own links are not clickable anywhere.
func TestLongAnswerIsCutWithALinkAndLinksAreDefanged(t *testing.T) {
	eng, ai := modelEngine(t)
	quotingModel(t, ai, 300)
	store, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var kept atomic.Value
	keep := func(_ context.Context, rec archive.Record) (string, error) {
		id, err := store.Put(rec)
		kept.Store(id)
		return viewer.Answer(id), err
	}
	h := start(t, Config{KeepFull: keep}, eng, discordtest.Options{})
	in := h.ask("What is Douyin?")
	h.final(t, in.ID, 20*time.Second)
	var msgs []discordtest.Message
	h.srv.Wait(10*time.Second, func() bool { msgs = h.replyMessages(in.ID); return hasButtons(msgs[len(msgs)-1]) })
	if len(msgs) > maxReplyMessages {
		t.Errorf("the reply is %d messages, want at most %d", len(msgs), maxReplyMessages)
	}
	id, _ := kept.Load().(string)
	full := viewer.Answer(id)
	var content string
	for _, m := range msgs {
		content += m.Content
	}
	if id == "" || !strings.Contains(content, "[Read the full answer](<"+full+">)") {
		t.Fatalf("the cut reply does not link to the kept answer %q:\n…%s", full, content[max(0, len(content)-300):])
	}
	rec, err := store.Get(id)
	// The engine may cut a reply this long (CITEBOT_MAX_ANSWER_TOKENS): the kept answer is whatever
	// it returned, more than the three messages show.
	points, shown := strings.Count(rec.Text, "Point "), strings.Count(content, "Point ")
	if err != nil || points <= shown || len(rec.Citations) == 0 || rec.Question != "What is Douyin?" {
		t.Errorf("kept answer = %d bytes with %d points (%d shown), %d citations, question %q, %v; want the whole answer",
			len(rec.Text), points, shown, len(rec.Citations), rec.Question, err)
	}
	for _, u := range linkTargets(t, msgs) {
		if strings.Contains(u, "evil.example") {
			t.Errorf("a message links to %q", u)
		}
	}
	if !strings.Contains(content, "`https://evil.example/phish`") {
		t.Errorf("the model's masked link is not shown as a visible, inert URL:\n%s", content[:min(len(content), 600)])
	}
	if strings.Contains(content, "[the official report](") {
		t.Errorf("the model's masked link survived")
	}
}

type embedJSON struct {
	Title  string `json:"title"`
	Fields []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
}

// Sources are named by their document's title, file and lines secondary; a quote the answer already
// shows is not repeated; an abstention lists the closest passages as links, titled as not an answer.
func TestSourcesShowTitlesOnceAndRelatedPassages(t *testing.T) {
	ix := seedindex.Open(t)
	h := start(t, Config{}, offlineEngine(t), discordtest.Options{})
	in := h.ask("What was Douyin's GMV in 2024?")
	m := h.final(t, in.ID, 10*time.Second)
	var es []embedJSON
	json.Unmarshal(m.Embeds, &es)
	if len(es) == 0 || len(es[0].Fields) == 0 {
		t.Fatalf("no sources embed: %s", m.Embeds)
	}
	f := es[0].Fields[0]
	d, _ := ix.Document("001_ac7923d06571d389.txt")
	if !strings.HasPrefix(f.Name, "[1] "+d.Title+" ¶1") || !strings.Contains(f.Value, "`001_ac7923d06571d389.txt`, line 1") {
		t.Errorf("source field = %q / %q, want the title first and the file and line secondary", f.Name, f.Value)
	}
	if strings.Contains(f.Value, "“") {
		t.Errorf("source field repeats the quote the answer shows: %q", f.Value)
	}

	in = h.ask("What was Xiaohongshu's GMV in 2024?")
	m = h.final(t, in.ID, 10*time.Second)
	es = nil
	json.Unmarshal(m.Embeds, &es)
	var related *embedJSON
	for i := range es {
		if strings.HasPrefix(es[i].Title, "Closest passages") {
			related = &es[i]
		}
	}
	if related == nil || !strings.Contains(related.Title, "do not answer") || len(related.Fields) == 0 {
		t.Fatalf("abstention embeds = %s, want a 'Closest passages (they do not answer the question)' embed", m.Embeds)
	}
	if !strings.Contains(m.Content, "[[1]](<https://citebot.example.org/sources/") {
		t.Errorf("abstention text %q does not link its markers to the closest passages", m.Content)
	}
	for _, f := range related.Fields {
		if !strings.Contains(f.Value, "](<https://citebot.example.org/sources/") {
			t.Errorf("related passage %q has no link to the viewer: %q", f.Name, f.Value)
		}
	}
}

// An answer from a row of a table shows, in its source's field, the names of the row's columns
// from the table's header row ("columns: Term · First week starts · …", as every surface writes
// them): the reply's text shows the row alone, and the header is quoted nowhere. The fake Discord
// checks every payload's limits and that none can ping.
func TestSourcesNameATableRowsColumns(t *testing.T) {
	fsys := fstest.MapFS{"lessons.md": &fstest.MapFile{Data: []byte("# Swimming lessons\n\n| Term | First week starts | Last week ends |\n|---|---|---|\n" +
		"| Spring 2026 | Monday 5 January 2026 | Sunday 29 March 2026 |\n| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 |\n")}}
	ix, err := retrieval.Open(context.Background(), retrieval.Config{Seeds: fsys, Embedder: retrieval.OfflineEmbedder()})
	if err != nil {
		t.Fatal(err)
	}
	e, err := answer.New(answer.Config{Index: ix, Links: viewer})
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, Config{}, e, discordtest.Options{})
	in := h.ask("When does the summer term of lessons start?")
	m := h.final(t, in.ID, 10*time.Second)
	if !strings.Contains(m.Content, "| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 |") || strings.Contains(m.Content, "First week") {
		t.Errorf("reply %q, want the summer row without the header", m.Content)
	}
	var es []embedJSON
	json.Unmarshal(m.Embeds, &es)
	if len(es) == 0 || len(es[0].Fields) != 1 {
		t.Fatalf("embeds %s, want one source", m.Embeds)
	}
	if v := es[0].Fields[0].Value; !strings.HasPrefix(v, "columns: Term · First week starts · Last week ends\n[Open ¶2](<https://citebot.example.org/sources/lessons.md") {
		t.Errorf("source field value %q, want the columns, then the link", v)
	}
}

package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/answer"
)

// Replies specific to forum posts.
const (
	// msgAskAHuman closes the reply to a post the sources cannot answer.
	msgAskAHuman = "🙋 I could not find the answer in my sources. If you know it, please reply to this post: it will help the next person too."
)

// isForum reports whether channelID is one of the configured forum channels.
func (b *Bot) isForum(channelID string) bool {
	return channelID != "" && slices.Contains(b.cfg.ForumChannels, channelID)
}

// ownsThread reports whether the bot treats a thread as its own, answering follow-ups there as in
// the threads it starts: those it created, and the posts of the forum channels it answers.
func (b *Bot) ownsThread(ownerID, parentID, botID string) bool {
	return (ownerID != "" && ownerID == botID) || b.isForum(parentID)
}

// isForumStarter reports whether message id in channel is a forum post's first message (in a forum
// post the thread and its first message share their ID), which onForumPost answers with the title.
func (b *Bot) isForumStarter(info chanInfo, messageID, channelID string) bool {
	return info.thread && messageID == channelID && b.isForum(info.parent)
}

// warnForumsWithoutContent says, once at start, that without the Message Content intent the bot
// reads only the titles of forum posts (Discord withholds the text of messages that do not mention it).
func (b *Bot) warnForumsWithoutContent() {
	if len(b.cfg.ForumChannels) > 0 && !b.cfg.MessageContent {
		b.log.Warn("forum posts will be answered from their titles (and from first messages that mention the bot): " +
			"reading their first messages needs DISCORD_MESSAGE_CONTENT=true and the Message Content intent")
	}
}

// onForumPost answers a new post in a configured forum channel as the post's first reply, with its
// title and first message as the question. Quota, limits and allow-lists apply as for a mention; an
// abstention shows the closest passages and asks a human to answer.
func (b *Bot) onForumPost(s *discordgo.Session, t *discordgo.ThreadCreate) {
	_, botID := b.ids()
	if t.Channel == nil || !t.NewlyCreated || !b.isForum(t.ParentID) || t.OwnerID == botID {
		return
	}
	if !b.admit("t:"+t.ID, "forum post", "thread", t.ID) {
		return
	}
	defer b.track.done()
	log := b.log.With("thread", t.ID, "guild", t.GuildID, "channel", t.ParentID, "user", t.OwnerID)
	ctx, cancel := context.WithTimeout(b.hardCtx, b.cfg.AnswerTimeout+2*replyMargin)
	defer cancel()
	ref := &discordgo.MessageReference{MessageID: t.ID, ChannelID: t.ID, GuildID: t.GuildID}
	say := func(text string) {
		_, err := s.ChannelMessageSendComplex(t.ID, &discordgo.MessageSend{Content: text, AllowedMentions: noMentions(), Reference: ref},
			discordgo.WithContext(ctx))
		if err != nil {
			log.Error("replying to the post failed", "err", scrub(err, b.cfg.Token))
		}
	}
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic in forum post handler", "panic", p, "stack", string(debug.Stack()))
			say(msgPanic)
		}
	}()
	if !b.forumPostAllowed(ctx, s, t, log) {
		return
	}
	if b.isStopping() {
		say(msgStopping)
		return
	}
	// A forum post's first message has the thread's ID. Without the Message Content intent Discord
	// sends its text empty unless it mentions the bot: the title is then the whole question.
	first, err := s.ChannelMessage(t.ID, t.ID, discordgo.WithContext(ctx))
	if err != nil {
		log.Warn("reading the post's first message failed; answering its title", "err", scrub(err, b.cfg.Token))
		first = nil
	}
	if first != nil && first.Author != nil && first.Author.Bot {
		return // another bot's post: bots do not answer bots
	}
	question, cut := b.postQuestion(t.Name, first, botID)
	if wait := b.quota.take(t.OwnerID); wait > 0 {
		log.Info("quota hit", "retry_in_ms", wait.Milliseconds())
		b.rejected("quota")
		say(slowDown(wait, b.cfg.QuotaPerMinute))
		return
	}
	if !b.gate.reserve() {
		log.Warn("busy: queue full")
		b.rejected("busy")
		say(msgBusy)
		return
	}
	ph, err := s.ChannelMessageSendComplex(t.ID, &discordgo.MessageSend{Content: placeholder, AllowedMentions: noMentions(), Reference: ref},
		discordgo.WithContext(ctx))
	if err != nil {
		b.gate.unreserve()
		log.Error("posting the placeholder failed", "err", scrub(err, b.cfg.Token))
		return
	}
	b.answerAndDeliver(ctx, &channelTarget{s: s, channelID: t.ID, placeholder: ph.ID}, job{
		question: question, answerID: t.ID, user: t.OwnerID, via: "forum", log: log,
		deadline: time.Now().Add(b.cfg.AnswerTimeout), decorate: forumDecoration(cut),
	})
}

// forumPostAllowed checks that the post's channel really is a forum (a thread in a text channel
// listed by mistake is left alone) and applies the allow-lists to it and its author.
func (b *Bot) forumPostAllowed(ctx context.Context, s *discordgo.Session, t *discordgo.ThreadCreate, log *slog.Logger) bool {
	parent, err := s.State.Channel(t.ParentID)
	if err != nil {
		parent, err = s.Channel(t.ParentID, discordgo.WithContext(ctx))
	}
	if err != nil {
		log.Warn("looking up the forum channel failed; not answering the post", "err", scrub(err, b.cfg.Token))
		return false
	}
	if parent.Type != discordgo.ChannelTypeGuildForum && parent.Type != discordgo.ChannelTypeGuildMedia {
		log.Warn("CITEBOT_FORUM_CHANNELS lists a channel that is not a forum; ignoring its threads", "type", int(parent.Type))
		return false
	}
	var roles []string
	if len(b.cfg.AllowRoles) > 0 {
		m, err := s.State.Member(t.GuildID, t.OwnerID)
		if err != nil {
			m, err = s.GuildMember(t.GuildID, t.OwnerID, discordgo.WithContext(ctx))
		}
		if err != nil {
			log.Warn("looking up the author's roles failed; not answering the post", "err", scrub(err, b.cfg.Token))
			return false
		}
		roles = m.Roles
	}
	if !b.allowed(t.GuildID, t.ID, t.ParentID, roles) {
		log.Info("refused: not allowed here")
		return false
	}
	return true
}

// postQuestion is the question a post asks: its title, then its first message (unless that only
// repeats the title). Past the question length limit it is cut, and cut reports the limit so the
// reply can say so.
func (b *Bot) postQuestion(title string, first *discordgo.Message, botID string) (q string, cut int) {
	title = strings.TrimSpace(title)
	body := ""
	if first != nil {
		body = stripMentions(messageText(first))
	}
	switch {
	case body == "":
		q = title
	case title == "" || strings.HasPrefix(strings.ToLower(body), strings.ToLower(title)):
		q = body
	default:
		q = title + "\n\n" + body
	}
	if textLen(q) > b.cfg.MaxQuestionLen {
		return strings.TrimSuffix(truncate(q, b.cfg.MaxQuestionLen), "…"), b.cfg.MaxQuestionLen
	}
	return q, 0
}

// forumDecoration adjusts the reply to a post: it says when the post was cut, and under an
// abstention lists the closest passages and asks a human to answer.
func forumDecoration(cut int) func(r *reply, a answer.Answer) {
	return func(r *reply, a answer.Answer) {
		if cut > 0 {
			note := fmt.Sprintf("This post is long: I read its first %d characters.", cut)
			r.Notice = strings.TrimSpace(note + " " + r.Notice)
		}
		if a.Abstained {
			r.Related = a.Related // rendered under the sources, titled as not an answer
			r.Text = strings.TrimSpace(r.Text) + "\n\n" + msgAskAHuman
		}
	}
}

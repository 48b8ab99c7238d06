package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
)

// Replies the bot gives instead of an answer.
const (
	msgPanic      = "Sorry, something went wrong on my side while answering. Please try again."
	msgFailed     = "Sorry, I could not answer that just now. Please try again in a moment."
	msgTimedOut   = "Sorry, this took too long, so I stopped. Please try again, perhaps with a narrower question."
	msgRestarting = "I'm restarting and could not finish this answer. Please ask again in a minute."
	msgStopping   = "I'm restarting right now. Please ask again in a minute."
	msgBusy       = "I'm answering a lot of questions right now. Please try again in a minute."
	msgNotHere    = "I'm not enabled here."
	// msgEmpty names no topic: the bot may answer from any corpus, not only the built-in one.
	msgEmpty = "Ask me a question about my documents: `/ask question: …`, or mention me with it. `/sources` lists the documents."
	// quotaReaction marks a message over the quota once the user has had the notice.
	quotaReaction = "⏳"
	placeholder   = "✍️ …"
)

// job is one question (or summary) to answer and deliver.
type job struct {
	summary  bool
	question string // the question, or the platform for a summary
	history  []answer.Turn
	answerID string // identifies the answer for feedback
	deadline time.Time
	log      *slog.Logger
	user     string // the asker's Discord ID (the question log keeps only its salted hash)
	via      string // how it was asked: slash, message, message_command, forum
	// decorate, if set, adjusts the reply to an answered question before it is rendered.
	decorate func(r *reply, a answer.Answer)
}

// answerAndDeliver waits for a slot (the reservation is already held), asks, streams into t with
// paced edits and delivers the final cited reply, or a message saying why there is none.
func (b *Bot) answerAndDeliver(ctx context.Context, t target, j job) {
	start := time.Now()
	deliverCtx, cancelDeliver := context.WithDeadline(context.WithoutCancel(ctx), j.deadline.Add(replyMargin))
	defer cancelDeliver()
	until := start.Add(b.cfg.AnswerTimeout)
	if j.deadline.Before(until) {
		until = j.deadline
	}
	actx, cancel := context.WithDeadline(ctx, until)
	defer cancel()

	if err := b.gate.acquire(actx); err != nil {
		b.deliverText(deliverCtx, t, b.failureText(ctx, err, j), j.log)
		return
	}
	st := newStreamer(t, start)
	go st.run(actx)
	opts := answer.Options{History: j.history, OnToken: st.onToken}
	var r reply
	var mode string
	var asked answer.Answer
	var err error
	func() {
		defer b.gate.release()
		if j.summary {
			var s answer.Summary
			s, err = b.ans.Summarize(actx, j.question, opts)
			r, mode = replyFromSummary(s), s.Mode
			r.Question = "Summary: " + j.question
		} else {
			asked, err = b.ans.Ask(actx, j.question, opts)
			r, mode = replyFromAnswer(asked), asked.Mode
		}
	}()
	st.finish(deliverCtx)
	if err != nil {
		j.log.Warn("answering failed", "err", err, "latency_ms", time.Since(start).Milliseconds())
		b.deliverText(deliverCtx, t, b.failureText(ctx, err, j), j.log)
		return
	}
	if !j.summary {
		b.recordQuestion(j, asked)
		if j.decorate != nil {
			j.decorate(&r, asked)
		}
	}
	msgs := b.renderReply(deliverCtx, r, j.log)
	b.fb.remember(j.answerID, j.question, r.Text, mode)
	if err := deliver(deliverCtx, t, msgs, feedbackButtons(j.answerID)); err != nil {
		j.log.Error("delivering the answer failed", "err", scrub(err, b.cfg.Token))
		return
	}
	j.log.Info("answered", "summary", j.summary, "mode", mode, "messages", len(msgs), "citations", len(r.Citations),
		"edits", st.edits, "latency_ms", time.Since(start).Milliseconds())
}

// renderReply renders r in at most three messages; a longer reply is kept with KeepFull, when set,
// and the cut reply links to it.
func (b *Bot) renderReply(ctx context.Context, r reply, log *slog.Logger) []message {
	msgs := render(r)
	if len(msgs) <= maxReplyMessages {
		return msgs
	}
	var full string
	if b.cfg.KeepFull != nil {
		u, err := b.cfg.KeepFull(ctx, archive.Record{Question: r.Question, Text: r.Text, Notice: r.Notice, Abstained: r.Abstained,
			Mode: r.Mode, Model: r.Model, Citations: r.Citations, Related: r.Related})
		if err != nil {
			log.Error("keeping a long answer failed; sending it cut without a link", "err", err)
		} else {
			full = u
		}
	}
	log.Info("reply cut to fit Discord", "messages", len(msgs), "full_answer", full != "")
	return renderBounded(r, full)
}

func (b *Bot) deliverText(ctx context.Context, t target, text string, log *slog.Logger) {
	if err := deliver(ctx, t, []message{{Content: text}}, nil); err != nil {
		log.Error("delivering a reply failed", "err", scrub(err, b.cfg.Token))
	}
}

// failureText maps an error to what the user is told; details stay in the log.
func (b *Bot) failureText(ctx context.Context, err error, j job) string {
	switch {
	case b.hardCtx.Err() != nil:
		return msgRestarting
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		return msgTimedOut
	case errors.Is(err, answer.ErrUnknownPlatform):
		var names []string
		for _, p := range b.ans.Platforms() {
			names = append(names, p.Name)
		}
		return truncate(fmt.Sprintf("I don't know the platform %q. I know: %s.", j.question, strings.Join(names, ", ")), maxContent)
	case errors.Is(err, answer.ErrEmptyQuestion):
		return msgEmpty
	case errors.Is(err, answer.ErrQuestionTooLong):
		return fmt.Sprintf("That question is too long; please keep it under %d characters.", b.cfg.MaxQuestionLen)
	}
	return msgFailed
}

func feedbackButtons(id string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: "fb:up:" + id},
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: "fb:down:" + id},
	}}}
}

// allowed applies the allow-lists to a guild, channel (and its parent) and the member's roles.
func (b *Bot) allowed(guildID, channelID, parentID string, roles []string) bool {
	c := b.cfg
	if guildID == "" {
		return len(c.AllowGuilds) == 0 && len(c.AllowRoles) == 0 && (len(c.AllowChannels) == 0 || slices.Contains(c.AllowChannels, channelID))
	}
	if len(c.AllowGuilds) > 0 && !slices.Contains(c.AllowGuilds, guildID) {
		return false
	}
	if len(c.AllowChannels) > 0 && !slices.Contains(c.AllowChannels, channelID) && (parentID == "" || !slices.Contains(c.AllowChannels, parentID)) {
		return false
	}
	if len(c.AllowRoles) > 0 && !slices.ContainsFunc(roles, func(r string) bool { return slices.Contains(c.AllowRoles, r) }) {
		return false
	}
	return true
}

func (b *Bot) isStopping() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stopping
}

func slowDown(wait time.Duration, per int) string {
	secs := int(math.Ceil(wait.Seconds()))
	return fmt.Sprintf("Slow down: you can ask %d questions a minute. Try again in %d s.", per, max(secs, 1))
}

func tooLong(n, limit int) string {
	return fmt.Sprintf("That question is %d characters long; the limit is %d. Please shorten it.", n, limit)
}

// ---- Interactions ----

// interactionReply tracks whether an interaction has been acknowledged.
type interactionReply struct {
	s     *discordgo.Session
	i     *discordgo.Interaction
	acked bool
	eph   bool
}

func (r *interactionReply) respond(ctx context.Context, content string, ephemeral bool, embeds []*discordgo.MessageEmbed) error {
	return r.callback(ctx, discordgo.InteractionResponseChannelMessageWithSource,
		&discordgo.InteractionResponseData{Content: content, Embeds: embeds}, ephemeral)
}

func (r *interactionReply) deferReply(ctx context.Context, ephemeral bool) error {
	return r.callback(ctx, discordgo.InteractionResponseDeferredChannelMessageWithSource, &discordgo.InteractionResponseData{}, ephemeral)
}

// callback sends the interaction's response of type typ, pinging nobody, and remembers whether the
// interaction is now acknowledged and privately so.
func (r *interactionReply) callback(ctx context.Context, typ discordgo.InteractionResponseType, d *discordgo.InteractionResponseData, ephemeral bool) error {
	d.AllowedMentions = noMentions()
	if ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	err := r.s.InteractionRespond(r.i, &discordgo.InteractionResponse{Type: typ, Data: d}, discordgo.WithContext(ctx))
	r.acked = r.acked || err == nil
	r.eph = ephemeral
	return err
}

// fail tells the user something went wrong, by editing the deferred reply or responding.
func (r *interactionReply) fail(ctx context.Context, text string) error {
	if r.acked {
		return deliver(ctx, interactionTarget{s: r.s, i: r.i, ephemeral: r.eph}, []message{{Content: text}}, nil)
	}
	return r.respond(ctx, text, true, nil)
}

func interactionUser(i *discordgo.Interaction) (id string, roles []string) {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID, i.Member.Roles
	}
	if i.User != nil {
		return i.User.ID, nil
	}
	return "", nil
}

// admit takes one gateway event for handling: an event Discord replays after a resume (key seen
// before) is ignored, and one arriving after shutdown began is not started. When it returns true the
// caller must defer b.track.done().
func (b *Bot) admit(key, what string, attrs ...any) bool {
	if !b.seen.first(key) {
		b.log.Info("ignoring a replayed "+what, attrs...)
		return false
	}
	return b.track.add()
}

func (b *Bot) onInteraction(s *discordgo.Session, i *discordgo.Interaction) {
	received := time.Now()
	if !b.admit("i:"+i.ID, "interaction", "interaction", i.ID) {
		return
	}
	defer b.track.done()
	user, roles := interactionUser(i)
	log := b.log.With("interaction", i.ID, "guild", i.GuildID, "channel", i.ChannelID, "user", user)
	// The token stays valid for 15 minutes; the final reply must be in before.
	deadline := received.Add(interactionLifetime - replyMargin)
	ctx, cancel := context.WithDeadline(b.hardCtx, received.Add(interactionLifetime))
	defer cancel()
	ir := &interactionReply{s: s, i: i}
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic in interaction handler", "panic", p, "stack", string(debug.Stack()))
			if err := ir.fail(context.WithoutCancel(ctx), msgPanic); err != nil {
				log.Error("telling the user about the panic failed", "err", scrub(err, b.cfg.Token))
			}
		}
	}()

	switch i.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.onAutocomplete(ctx, s, i, log)
		return
	case discordgo.InteractionMessageComponent:
		b.onComponent(ctx, ir, user, log)
		return
	case discordgo.InteractionApplicationCommand:
	default:
		return
	}
	data := i.ApplicationCommandData()
	if b.isStopping() {
		ir.respond(ctx, msgStopping, true, nil)
		return
	}
	parent := ""
	if i.GuildID != "" && len(b.cfg.AllowChannels) > 0 {
		parent = b.channelInfo(ctx, s, i.ChannelID).parent
	}
	if !b.allowed(i.GuildID, i.ChannelID, parent, roles) {
		log.Info("refused: not allowed here")
		ir.respond(ctx, msgNotHere, true, nil)
		return
	}
	switch data.Name {
	case "help":
		if err := ir.respond(ctx, b.help(), true, nil); err != nil {
			log.Error("answering /help failed", "err", scrub(err, b.cfg.Token))
		}
		return
	case "sources":
		msgs := b.sourcesMessages()
		if err := ir.respond(ctx, msgs[0].Content, true, msgs[0].Embeds); err != nil {
			log.Error("answering /sources failed", "err", scrub(err, b.cfg.Token))
			return
		}
		for _, m := range msgs[1:] {
			interactionTarget{s: s, i: i, ephemeral: true}.send(ctx, m, nil)
		}
		return
	case "ask", "summary", askMessageCommand:
	default:
		ir.respond(ctx, "I don't know that command.", true, nil)
		return
	}

	j := job{summary: data.Name == "summary", answerID: i.ID, deadline: deadline, log: log, user: user, via: "slash"}
	private, ok := b.admitCommand(ctx, ir, data, user, &j)
	if !ok {
		return
	}
	if err := ir.deferReply(ctx, private); err != nil {
		b.gate.unreserve()
		log.Error("acknowledging the interaction failed", "err", scrub(err, b.cfg.Token))
		return
	}
	log.Debug("acknowledged", "ack_ms", time.Since(received).Milliseconds())
	b.answerAndDeliver(ctx, interactionTarget{s: s, i: i, ephemeral: private}, j)
}

// admitCommand reads an /ask or /summary command's options into j and checks them against the
// limits (empty, too long, quota, a full queue), telling the user privately when one refuses it. On
// success a place in the queue is reserved for j.
func (b *Bot) admitCommand(ctx context.Context, ir *interactionReply, data discordgo.ApplicationCommandInteractionData, user string, j *job) (private, ok bool) {
	for _, o := range data.Options {
		switch o.Name {
		case "question":
			j.question = stripMentions(o.StringValue())
		case "platform":
			j.question = strings.TrimSpace(o.StringValue())
		case "private":
			private = o.BoolValue()
		}
	}
	if data.Name == askMessageCommand {
		if !b.askAboutMessage(ctx, ir, data, j) {
			return false, false
		}
		private = true
	}
	if j.question == "" {
		ir.respond(ctx, msgEmpty, true, nil)
		return false, false
	}
	if n := textLen(j.question); n > b.cfg.MaxQuestionLen {
		ir.respond(ctx, tooLong(n, b.cfg.MaxQuestionLen), true, nil)
		return false, false
	}
	if wait := b.quota.take(user); wait > 0 {
		j.log.Info("quota hit", "retry_in_ms", wait.Milliseconds())
		b.rejected("quota")
		ir.respond(ctx, slowDown(wait, b.cfg.QuotaPerMinute), true, nil)
		return false, false
	}
	if !b.gate.reserve() {
		j.log.Warn("busy: queue full")
		b.rejected("busy")
		ir.respond(ctx, msgBusy, true, nil)
		return false, false
	}
	return private, true
}

func (b *Bot) onAutocomplete(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, log *slog.Logger) {
	typed := ""
	for _, o := range i.ApplicationCommandData().Options {
		if o.Focused {
			typed = o.StringValue()
		}
	}
	err := s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: b.autocompletePlatforms(typed)},
	}, discordgo.WithContext(ctx))
	if err != nil {
		log.Error("answering autocomplete failed", "err", scrub(err, b.cfg.Token))
	}
}

// onComponent stores a 👍/👎 click with the question and answer, and thanks the user privately.
func (b *Bot) onComponent(ctx context.Context, ir *interactionReply, user string, log *slog.Logger) {
	id := ir.i.MessageComponentData().CustomID
	vote, answerID, ok := strings.Cut(strings.TrimPrefix(id, "fb:"), ":")
	if !strings.HasPrefix(id, "fb:") || !ok || (vote != "up" && vote != "down") {
		ir.respond(ctx, "That button is not mine any more.", true, nil)
		return
	}
	rec := Feedback{Time: time.Now().UTC(), Vote: vote, User: user, Guild: ir.i.GuildID, Channel: ir.i.ChannelID, AnswerID: answerID}
	if a, ok := b.fb.lookup(answerID); ok {
		rec.Question, rec.Answer, rec.Mode = a.question, a.answer, a.mode
	} else if ir.i.Message != nil {
		rec.Answer = ir.i.Message.Content // after a restart: the answer as shown
	}
	text := "Thanks for the feedback!"
	if err := b.fb.add(rec); err != nil {
		log.Error("storing feedback failed", "err", err)
		text = "Thanks! (I could not store it, though; the maintainers will see why in the logs.)"
	}
	b.recordVote(answerID, user, vote, log)
	log.Info("feedback", "vote", vote, "answer", answerID)
	if err := ir.respond(ctx, text, true, nil); err != nil {
		log.Error("acknowledging feedback failed", "err", scrub(err, b.cfg.Token))
	}
}

// ---- Messages: mentions, threads, replies, DMs ----

// chanInfo is what the bot knows of a channel.
type chanInfo struct {
	thread, botOwned bool
	parent           string
}

func (b *Bot) onThreadCreate(s *discordgo.Session, t *discordgo.ThreadCreate) {
	_, botID := b.ids()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.threads[t.ID] = b.ownsThread(t.OwnerID, t.ParentID, botID)
	b.parents[t.ID] = t.ParentID
}

// channelInfo tells whether a channel is a thread, the bot's own, and its parent; cached.
func (b *Bot) channelInfo(ctx context.Context, s *discordgo.Session, id string) chanInfo {
	b.mu.Lock()
	owned, known := b.threads[id]
	parent := b.parents[id]
	b.mu.Unlock()
	if known {
		return chanInfo{thread: parent != "", botOwned: owned, parent: parent}
	}
	ch, err := s.State.Channel(id)
	if err != nil {
		ch, err = s.Channel(id, discordgo.WithContext(ctx))
	}
	if err != nil {
		b.log.Warn("looking up a channel failed", "channel", id, "err", scrub(err, b.cfg.Token))
		return chanInfo{}
	}
	_, botID := b.ids()
	info := chanInfo{thread: ch.IsThread(), botOwned: ch.IsThread() && b.ownsThread(ch.OwnerID, ch.ParentID, botID)}
	if info.thread {
		info.parent = ch.ParentID
	}
	b.mu.Lock()
	b.threads[id] = info.botOwned
	b.parents[id] = info.parent
	b.mu.Unlock()
	return info
}

// mentionRE matches the mentions Discord writes into a message's text: users "<@…>" and "<@!…>",
// roles "<@&…>", channels "<#…>", and "@everyone" and "@here" as words.
var mentionRE = regexp.MustCompile(`<(?:@[!&]?|#)\d+>|(?:^|\s)@(?:everyone|here)\b`)

// stripMentions removes every mention from a question (they address people, they ask nothing;
// "<@&123> What was Douyin's GMV in 2024?" asks about Douyin) and folds the spaces left.
func stripMentions(text string) string {
	return strings.Join(strings.Fields(mentionRE.ReplaceAllString(text, " ")), " ")
}

func (b *Bot) onMessage(s *discordgo.Session, m *discordgo.MessageCreate) {
	_, botID := b.ids()
	if m.Author == nil || m.Author.Bot || m.Author.ID == botID || strings.TrimSpace(m.Content) == "" {
		return // bots, and guild messages whose content Discord withheld
	}
	dm := m.GuildID == ""
	mentioned := slices.ContainsFunc(m.Mentions, func(u *discordgo.User) bool { return u.ID == botID })
	replyToBot := m.ReferencedMessage != nil && m.ReferencedMessage.Author != nil && m.ReferencedMessage.Author.ID == botID
	if !dm && !mentioned && !replyToBot && !b.cfg.MessageContent {
		return
	}
	if !b.admit("m:"+m.ID, "message", "message", m.ID) {
		return
	}
	defer b.track.done()
	log := b.log.With("message", m.ID, "guild", m.GuildID, "channel", m.ChannelID, "user", m.Author.ID)
	ctx, cancel := context.WithTimeout(b.hardCtx, b.cfg.AnswerTimeout+2*replyMargin)
	defer cancel()
	say := func(text string) {
		_, err := s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{Content: text, AllowedMentions: noMentions(),
			Reference: &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}}, discordgo.WithContext(ctx))
		if err != nil {
			log.Error("replying failed", "err", scrub(err, b.cfg.Token))
		}
	}
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic in message handler", "panic", p, "stack", string(debug.Stack()))
			say(msgPanic)
		}
	}()

	var info chanInfo
	if !dm {
		info = b.channelInfo(ctx, s, m.ChannelID)
	}
	if !dm && !mentioned && !replyToBot && !info.botOwned {
		return // with Message Content: a message in someone else's channel, not for us
	}
	if b.isForumStarter(info, m.ID, m.ChannelID) {
		return // a forum post's first message: onForumPost answers the post
	}
	var roles []string
	if m.Member != nil {
		roles = m.Member.Roles
	}
	if !b.allowed(m.GuildID, m.ChannelID, info.parent, roles) {
		log.Info("refused: not allowed here")
		return // stay silent in places the bot is not enabled
	}
	question, ok := b.mentionQuestion(ctx, s, m, say, log)
	if !ok {
		return
	}
	if !b.gate.reserve() {
		log.Warn("busy: queue full")
		b.rejected("busy")
		say(msgBusy)
		return
	}
	reserved := true
	defer func() {
		if reserved {
			b.gate.unreserve()
		}
	}()

	channel, ref, history := b.replyPlace(ctx, s, m, info, replyToBot, question, log)
	ph, err := s.ChannelMessageSendComplex(channel, &discordgo.MessageSend{Content: placeholder, AllowedMentions: noMentions(), Reference: ref},
		discordgo.WithContext(ctx))
	if err != nil {
		log.Error("posting the placeholder failed", "err", scrub(err, b.cfg.Token))
		return
	}
	reserved = false // answerAndDeliver takes the reservation over
	t := &channelTarget{s: s, channelID: channel, placeholder: ph.ID}
	b.answerAndDeliver(ctx, t, job{question: question, history: history, answerID: m.ID, user: m.Author.ID, via: "message",
		deadline: time.Now().Add(b.cfg.AnswerTimeout), log: log.With("reply_channel", channel)})
}

// mentionQuestion is the question of a message addressed to the bot, or false after telling the
// user why there is none to answer: the bot is stopping, the message holds nothing but mentions, it
// is too long, or the user is over the quota (one notice per user per window, then a reaction only,
// so that a flood of mentions does not become a flood of replies).
func (b *Bot) mentionQuestion(ctx context.Context, s *discordgo.Session, m *discordgo.MessageCreate, say func(string), log *slog.Logger) (string, bool) {
	if b.isStopping() {
		say(msgStopping)
		return "", false
	}
	question := stripMentions(m.Content)
	if question == "" {
		say(b.help())
		return "", false
	}
	if n := textLen(question); n > b.cfg.MaxQuestionLen {
		say(tooLong(n, b.cfg.MaxQuestionLen))
		return "", false
	}
	wait := b.quota.take(m.Author.ID)
	if wait <= 0 {
		return question, true
	}
	b.rejected("quota")
	if b.quota.notice(m.Author.ID) {
		log.Info("quota hit", "retry_in_ms", wait.Milliseconds())
		say(slowDown(wait, b.cfg.QuotaPerMinute))
		return "", false
	}
	log.Info("quota hit again: reacting only", "retry_in_ms", wait.Milliseconds())
	if err := s.MessageReactionAdd(m.ChannelID, m.ID, quotaReaction, discordgo.WithContext(ctx)); err != nil {
		log.Debug("reacting failed", "err", scrub(err, b.cfg.Token))
	}
	return "", false
}

// replyPlace decides where to answer a message and with what history: in a DM or a thread, right
// there with the channel's earlier messages; for a reply to one of the bot's answers, under it with
// that exchange; otherwise in a new thread on the message (or under it, if the thread cannot start).
func (b *Bot) replyPlace(ctx context.Context, s *discordgo.Session, m *discordgo.MessageCreate, info chanInfo, replyToBot bool,
	question string, log *slog.Logger) (channel string, ref *discordgo.MessageReference, history []answer.Turn) {
	_, botID := b.ids()
	channel = m.ChannelID
	ref = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
	switch {
	case m.GuildID == "" || info.thread:
		history = b.channelHistory(ctx, s, m.ChannelID, m.ID, botID, log)
	case replyToBot:
		history = b.replyHistory(ctx, s, m.ReferencedMessage, botID)
	default:
		th, err := s.MessageThreadStartComplex(m.ChannelID, m.ID, &discordgo.ThreadStart{
			Name: threadName(question), AutoArchiveDuration: 1440, Type: discordgo.ChannelTypeGuildPublicThread,
		}, discordgo.WithContext(ctx))
		if err != nil {
			log.Warn("starting a thread failed; answering in the channel", "err", scrub(err, b.cfg.Token))
			break
		}
		b.mu.Lock()
		b.threads[th.ID], b.parents[th.ID] = true, m.ChannelID
		b.mu.Unlock()
		channel, ref = th.ID, nil
	}
	return channel, ref, history
}

// threadName names a thread after the question (1-100 characters).
func threadName(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if q == "" {
		return "Question"
	}
	return truncate(q, 90)
}

// maxHistory bounds the turns passed as history.
const maxHistory = 12

// channelHistory reads the turns before message beforeID in a thread or DM, oldest first.
func (b *Bot) channelHistory(ctx context.Context, s *discordgo.Session, channelID, beforeID, botID string, log *slog.Logger) []answer.Turn {
	msgs, err := s.ChannelMessages(channelID, 30, beforeID, "", "", discordgo.WithContext(ctx))
	if err != nil {
		log.Warn("reading the conversation failed; answering without history", "err", scrub(err, b.cfg.Token))
		return nil
	}
	var turns []answer.Turn
	for i := len(msgs) - 1; i >= 0; i-- {
		if t, ok := turnOf(msgs[i], botID); ok {
			turns = append(turns, t)
		}
	}
	if len(turns) > maxHistory {
		turns = turns[len(turns)-maxHistory:]
	}
	return turns
}

// replyHistory is the conversation behind a reply to one of the bot's answers: the question it
// answered, if it can be found, and the answer.
func (b *Bot) replyHistory(ctx context.Context, s *discordgo.Session, ans *discordgo.Message, botID string) []answer.Turn {
	var turns []answer.Turn
	if full, err := s.ChannelMessage(ans.ChannelID, ans.ID, discordgo.WithContext(ctx)); err == nil && full.ReferencedMessage != nil {
		if t, ok := turnOf(full.ReferencedMessage, botID); ok {
			turns = append(turns, t)
		}
	}
	if t, ok := turnOf(ans, botID); ok {
		turns = append(turns, t)
	}
	return turns
}

// linkedMarkerRE matches the masked links render makes of citation markers.
var linkedMarkerRE = regexp.MustCompile(`\[(\[\d+\])\]\(<[^>\s]*>\)`)

// turnOf turns a message into a conversation turn; placeholders and empty messages are skipped.
func turnOf(m *discordgo.Message, botID string) (answer.Turn, bool) {
	if m == nil {
		return answer.Turn{}, false
	}
	if m.Type == discordgo.MessageTypeThreadStarterMessage {
		return turnOf(m.ReferencedMessage, botID)
	}
	if m.Author != nil && m.Author.ID == botID {
		text := strings.TrimSpace(linkedMarkerRE.ReplaceAllString(m.Content, "$1"))
		if text == "" || text == placeholder || strings.HasSuffix(text, "✍️") {
			return answer.Turn{}, false
		}
		return answer.Turn{Role: "assistant", Content: text}, true
	}
	text := stripMentions(m.Content)
	if text == "" {
		return answer.Turn{}, false
	}
	return answer.Turn{Role: "user", Content: text}, true
}

// rejected reports a question turned away for quota or load to Config.OnRejected, if set.
func (b *Bot) rejected(reason string) {
	if b.cfg.OnRejected != nil {
		b.cfg.OnRejected(reason)
	}
}

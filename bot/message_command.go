package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/answer"
)

// askMessageCommand is the name of the message command (right-click a message → Apps → Ask citebot).
const askMessageCommand = "Ask citebot"

// askMessageCommandSpec registers the message command. Message commands have no description and no
// options; the interaction carries the message it was used on, so it needs no Message Content intent.
func askMessageCommandSpec() *discordgo.ApplicationCommand {
	everywhere := commandContexts()
	return &discordgo.ApplicationCommand{Name: askMessageCommand, Type: discordgo.MessageApplicationCommand, Contexts: &everywhere}
}

// msgNoText answers "Ask citebot" on a message with nothing to read (an image, a sticker).
const msgNoText = "That message has no text for me to answer."

// askAboutMessage makes j the question of the message an "Ask citebot" command was used on, and has
// the answer open with a link to that message. When there is nothing to answer it tells the user
// (privately) and returns false. The usual limits, quota and allow-lists apply afterwards.
func (b *Bot) askAboutMessage(ctx context.Context, ir *interactionReply, data discordgo.ApplicationCommandInteractionData, j *job) bool {
	var m *discordgo.Message
	if data.Resolved != nil {
		m = data.Resolved.Messages[data.TargetID]
	}
	if m == nil {
		j.log.Warn("message command without its message", "target", data.TargetID)
		ir.respond(ctx, "I could not read that message. Please try again.", true, nil)
		return false
	}
	j.question = stripMentions(messageText(m))
	j.via = "message_command"
	if j.question == "" {
		ir.respond(ctx, msgNoText, true, nil)
		return false
	}
	if n := textLen(j.question); n > b.cfg.MaxQuestionLen {
		ir.respond(ctx, fmt.Sprintf("That message is %d characters long; I answer messages of up to %d.", n, b.cfg.MaxQuestionLen), true, nil)
		return false
	}
	channel := m.ChannelID
	if channel == "" {
		channel = ir.i.ChannelID
	}
	link := messageLink(ir.i.GuildID, channel, m.ID)
	j.decorate = func(r *reply, _ answer.Answer) {
		r.Lead = "Answering [this message](<" + link + ">):"
	}
	return true
}

// messageText is what a message asks: its text, or, for a message that is only embeds (another
// bot's, say), their titles and descriptions.
func messageText(m *discordgo.Message) string {
	if t := strings.TrimSpace(m.Content); t != "" {
		return t
	}
	var parts []string
	for _, e := range m.Embeds {
		for _, s := range []string{e.Title, e.Description} {
			if s = strings.TrimSpace(s); s != "" {
				parts = append(parts, s)
			}
		}
	}
	return strings.Join(parts, "\n")
}

// messageLink is the jump link of a message ("@me" stands for the guild in DMs).
func messageLink(guildID, channelID, messageID string) string {
	if guildID == "" {
		guildID = "@me"
	}
	return "https://discord.com/channels/" + guildID + "/" + channelID + "/" + messageID
}

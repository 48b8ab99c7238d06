package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/citebot/citebot/answer"
)

// commands returns the slash commands: /ask, /summary (platform choices, or autocomplete past 25),
// /sources and /help; and the "Ask citebot" message command.
func (b *Bot) commands() []*discordgo.ApplicationCommand {
	// Usable in servers and in DMs with the bot (Contexts replaces the deprecated DMPermission).
	everywhere := commandContexts()
	ps := b.ans.Platforms()
	platform := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "platform", Required: true,
		Description: platformDescription(ps),
	}
	if len(ps) <= maxChoices {
		for _, p := range ps {
			platform.Choices = append(platform.Choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(p.Name, maxChoiceName), Value: p.Name})
		}
	} else {
		platform.Autocomplete = true
	}
	cmds := []*discordgo.ApplicationCommand{
		{
			Name: "ask", Description: "Ask a question; the answer cites the paragraphs it comes from", Contexts: &everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, MaxLength: min(b.cfg.MaxQuestionLen, 6000)},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Only you see the answer"},
			},
		},
		{
			Name: "summary", Description: "A cited summary of what the sources say about one platform", Contexts: &everywhere,
			Options: []*discordgo.ApplicationCommandOption{platform},
		},
		{Name: "sources", Description: "List the documents I answer from", Contexts: &everywhere},
		{Name: "help", Description: "How to use citebot", Contexts: &everywhere},
		askMessageCommandSpec(),
	}
	if len(ps) == 0 {
		// A corpus without a platform catalog has nothing to summarise: no /summary.
		cmds = slices.DeleteFunc(cmds, func(c *discordgo.ApplicationCommand) bool { return c.Name == "summary" })
	}
	return cmds
}

// platformDescription describes /summary's option with examples from the corpus's own catalog
// ("e.g. Douyin or Pinduoduo" for the built-in one), since a corpus of one's own has other topics.
func platformDescription(ps []answer.PlatformInfo) string {
	switch {
	case len(ps) >= 2:
		return truncate("The platform to summarise, e.g. "+ps[0].Name+" or "+ps[1].Name, maxOptionDescription)
	case len(ps) == 1:
		return truncate("The platform to summarise, e.g. "+ps[0].Name, maxOptionDescription)
	}
	return "The platform to summarise"
}

// help is the /help text; it mentions /summary only when there are platforms to summarise.
func (b *Bot) help() string {
	if len(b.ans.Platforms()) > 0 {
		return helpText
	}
	return strings.Replace(helpText, summaryHelpLine, "", 1)
}

const summaryHelpLine = "• `/summary platform:` a cited summary of one platform\n"

// registerCommands overwrites the application's commands, in one guild if GuildID is set.
func (b *Bot) registerCommands(ctx context.Context, s *discordgo.Session) error {
	appID, _ := b.ids()
	if appID == "" {
		return fmt.Errorf("registering commands: READY carried no application ID")
	}
	cmds := b.commands()
	if _, err := s.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, cmds, discordgo.WithContext(ctx)); err != nil {
		where := "globally"
		if b.cfg.GuildID != "" {
			where = "in guild " + b.cfg.GuildID + " (DISCORD_GUILD_ID)"
		}
		return fmt.Errorf("registering slash commands %s: %w", where, scrub(err, b.cfg.Token))
	}
	b.log.Info("registered slash commands", "count", len(cmds), "guild", b.cfg.GuildID)
	return nil
}

const helpText = `**citebot** answers from its documents and cites the paragraph behind every claim; click a [N] link to read it.

• ` + "`/ask question:`" + ` ask anything (add ` + "`private: True`" + ` to see the answer alone)
` + summaryHelpLine + `• ` + "`/sources`" + ` the documents I answer from
• Right-click a message → Apps → **Ask citebot**: I answer that message, just for you
• Mention me with a question: I answer in a thread. Continue there by mentioning me or replying to my answer.
• 👍/👎 under an answer tell the maintainers what works.`

// autocompletePlatforms answers the /summary platform autocomplete with matching names and aliases.
func (b *Bot) autocompletePlatforms(typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, p := range b.ans.Platforms() {
		match := typed == "" || strings.Contains(strings.ToLower(p.Name), typed)
		for _, a := range p.Aliases {
			match = match || strings.Contains(strings.ToLower(a), typed)
		}
		if match && len(out) < maxChoices {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: truncate(p.Name, maxChoiceName), Value: p.Name})
		}
	}
	return out
}

// sourcesMessages renders the corpus list for /sources within the embed limits.
func (b *Bot) sourcesMessages() []message {
	if b.cfg.Sources == nil {
		return []message{{Content: "No sources are configured."}}
	}
	srcs := b.cfg.Sources()
	if len(srcs) == 0 {
		return []message{{Content: "The corpus is empty."}}
	}
	var embeds []*discordgo.MessageEmbed
	var desc strings.Builder
	flush := func() {
		if desc.Len() == 0 {
			return
		}
		title := fmt.Sprintf("Sources (%d documents)", len(srcs))
		if len(embeds) > 0 {
			title = "Sources (continued)"
		}
		embeds = append(embeds, &discordgo.MessageEmbed{Title: title, Description: desc.String(), Color: embedColor})
		desc.Reset()
	}
	for _, src := range srcs {
		title := strings.Join(strings.Fields(src.Title), " ")
		if title == "" {
			title = src.File
		}
		line := "• " + truncate(escapeLinkText(title), 200)
		if u := safeURL(src.URL); u != "" {
			line = "• [" + truncate(escapeLinkText(title), 200) + "](<" + u + ">)"
		}
		line += " — `" + truncate(strings.ReplaceAll(src.File, "`", "'"), 100) + "`\n"
		if textLen(desc.String())+textLen(line) > 3500 {
			flush()
		}
		desc.WriteString(line)
	}
	flush()
	var msgs []message
	for _, g := range packEmbeds(embeds) {
		msgs = append(msgs, message{Embeds: g})
	}
	return msgs
}

func escapeLinkText(s string) string {
	return strings.NewReplacer("[", "(", "]", ")", "`", "'").Replace(s)
}

// commandContexts are where citebot's commands can be used: servers and DMs with the bot.
func commandContexts() []discordgo.InteractionContextType {
	return []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
}

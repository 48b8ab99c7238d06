package bot

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's message limits, in characters. Discord counts UTF-16 code units, which is never less than
// the number of code points, so [textLen] counts those to stay on the safe side.
const (
	maxContent           = 2000
	maxEmbedTitle        = 256
	maxEmbedDescription  = 4096
	maxEmbedFields       = 25
	maxFieldName         = 256
	maxFieldValue        = 1024
	maxFooterText        = 2048
	maxAuthorName        = 256
	maxEmbedsTotal       = 6000 // all embeds of one message together
	maxEmbeds            = 10   // embeds per message
	maxComponentRows     = 5
	maxCustomID          = 100
	maxChoiceName        = 100
	maxOptionDescription = 100 // an application command option's description
	maxChoices           = 25
)

// textLen returns the length of s as Discord counts it (UTF-16 code units).
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncate shortens s to at most max characters (as [textLen] counts), cutting on a rune boundary and
// ending with an ellipsis when something was cut.
func truncate(s string, max int) string {
	if textLen(s) <= max {
		return s
	}
	const ell = "…"
	n, cut := 0, 0
	for i, r := range s {
		if n+utf16.RuneLen(r) > max-textLen(ell) {
			cut = i
			break
		}
		n += utf16.RuneLen(r)
	}
	return s[:cut] + ell
}

// embedLen returns the characters of e that count towards Discord's 6,000-character total.
func embedLen(e *discordgo.MessageEmbed) int {
	if e == nil {
		return 0
	}
	n := textLen(e.Title) + textLen(e.Description)
	for _, f := range e.Fields {
		n += textLen(f.Name) + textLen(f.Value)
	}
	if e.Footer != nil {
		n += textLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += textLen(e.Author.Name)
	}
	return n
}

// checkMessage reports the first Discord limit that content and embeds break, or nil.
func checkMessage(content string, embeds []*discordgo.MessageEmbed) error {
	if !utf8.ValidString(content) {
		return fmt.Errorf("content is not valid UTF-8")
	}
	if n := textLen(content); n > maxContent {
		return fmt.Errorf("content has %d characters, limit %d", n, maxContent)
	}
	if len(embeds) > maxEmbeds {
		return fmt.Errorf("%d embeds, limit %d", len(embeds), maxEmbeds)
	}
	total := 0
	for i, e := range embeds {
		if n := textLen(e.Title); n > maxEmbedTitle {
			return fmt.Errorf("embed %d: title has %d characters, limit %d", i, n, maxEmbedTitle)
		}
		if n := textLen(e.Description); n > maxEmbedDescription {
			return fmt.Errorf("embed %d: description has %d characters, limit %d", i, n, maxEmbedDescription)
		}
		if len(e.Fields) > maxEmbedFields {
			return fmt.Errorf("embed %d: %d fields, limit %d", i, len(e.Fields), maxEmbedFields)
		}
		for j, f := range e.Fields {
			if n := textLen(f.Name); n > maxFieldName || n == 0 {
				return fmt.Errorf("embed %d field %d: name has %d characters, want 1..%d", i, j, n, maxFieldName)
			}
			if n := textLen(f.Value); n > maxFieldValue || n == 0 {
				return fmt.Errorf("embed %d field %d: value has %d characters, want 1..%d", i, j, n, maxFieldValue)
			}
		}
		if e.Footer != nil && textLen(e.Footer.Text) > maxFooterText {
			return fmt.Errorf("embed %d: footer too long", i)
		}
		total += embedLen(e)
	}
	if total > maxEmbedsTotal {
		return fmt.Errorf("embeds have %d characters in all, limit %d", total, maxEmbedsTotal)
	}
	if textLen(content) == 0 && len(embeds) == 0 {
		return fmt.Errorf("message is empty")
	}
	return nil
}

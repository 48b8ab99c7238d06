package discordtest

import (
	"time"
)

// ForumPostSpec describes a post a user creates in a forum channel.
type ForumPostSpec struct {
	// ForumID is the forum channel (type 15, see [Server.AddChannel]).
	ForumID string
	Author  Member
	// Title is the post's title (the thread's name); Content its first message.
	Title   string
	Content string
	// MentionBot adds the bot's mention "<@ID> " at the start of the first message.
	MentionBot bool
}

// ForumPost creates a post in a forum channel as Discord does: a public thread whose parent is the
// forum, owned by the author, and its first message, which has the thread's ID. It dispatches
// THREAD_CREATE (newly_created) and then MESSAGE_CREATE for the first message (whose content reaches
// a session without the Message Content intent only if it mentions the bot). It returns the thread
// and the first message.
func (s *Server) ForumPost(spec ForumPostSpec) (Channel, Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	forum := s.channels[spec.ForumID]
	if forum == nil || forum.Type != ChannelGuildForum {
		panic("discordtest: ForumPost to a channel that is not a known forum: " + spec.ForumID)
	}
	id := s.id() // a post's thread and its first message share their ID
	th := &Channel{ID: id, Type: ChannelPublicThread, GuildID: forum.GuildID, ParentID: forum.ID, OwnerID: spec.Author.User.ID, Name: spec.Title}
	s.channels[id] = th
	content := spec.Content
	if spec.MentionBot {
		content = "<@" + s.Bot.ID + "> " + content
	}
	m := &Message{ID: id, ChannelID: id, GuildID: forum.GuildID, Author: spec.Author.User, Content: content, Timestamp: time.Now(),
		Embeds: []byte("[]"), Components: []byte("[]"), Mentions: []User{}}
	if spec.MentionBot {
		m.Mentions = append(m.Mentions, s.Bot)
	}
	s.messages[id] = append(s.messages[id], m)
	s.dispatchLocked("THREAD_CREATE", map[string]any{
		"id": th.ID, "type": th.Type, "guild_id": th.GuildID, "parent_id": th.ParentID, "owner_id": th.OwnerID,
		"name": th.Name, "newly_created": true, "message_count": 0, "member_count": 1, "rate_limit_per_user": 0,
		"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": 4320, "locked": false,
			"archive_timestamp": time.Now().UTC().Format(time.RFC3339)},
	}, IntentGuilds)
	s.dispatchUserMessageLocked(m, th, spec.Author.Roles)
	s.notify()
	return *th, *m
}

// AddMember makes a guild member known to GET /guilds/{guild_id}/members/{user_id}.
func (s *Server) AddMember(guildID string, m Member) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[guildID+"/"+m.User.ID] = m
}

func (s *Server) getMember(_ *Call, p map[string]string) (int, any) {
	m, ok := s.members[p["guild_id"]+"/"+p["user_id"]]
	if !ok {
		return 404, apiError{10007, "Unknown Member"}
	}
	roles := m.Roles
	if roles == nil {
		roles = []string{}
	}
	return 200, map[string]any{"user": m.User, "roles": roles, "joined_at": "2024-01-01T00:00:00+00:00", "deaf": false, "mute": false}
}

// messageCommandData is the data of a message command used on spec.TargetMessage: the message comes
// resolved, with its content whatever the intents (the interaction carries it). s.mu held.
func (s *Server) messageCommandData(spec InteractionSpec) map[string]any {
	resolved := map[string]any{}
	if m := s.findMessage(spec.TargetMessage); m != nil {
		resolved[m.ID] = s.messageJSON(m)
	}
	return map[string]any{"id": s.id(), "name": spec.Command, "type": 3, "target_id": spec.TargetMessage,
		"resolved": map[string]any{"messages": resolved}}
}

// mentionsBot reports whether m mentions the bot. s.mu held.
func (s *Server) mentionsBot(m *Message) bool {
	for _, u := range m.Mentions {
		if u.ID == s.Bot.ID {
			return true
		}
	}
	return false
}

// restMessageJSON renders a message for a REST read. As on Discord, an application without the
// Message Content intent (Options.AllowedIntents) reads other users' guild messages that do not
// mention it with empty content and embeds, over REST as over the gateway. s.mu held.
func (s *Server) restMessageJSON(m *Message) map[string]any {
	out := s.messageJSON(m)
	s.blankWithheld(out, m)
	if ref, ok := out["referenced_message"].(map[string]any); ok && m.Reference != nil {
		if rm := s.findMessage(m.Reference.MessageID); rm != nil {
			s.blankWithheld(ref, rm)
		}
	}
	return out
}

func (s *Server) blankWithheld(out map[string]any, m *Message) {
	if s.opts.AllowedIntents&IntentMessageContent != 0 || m.Author.ID == s.Bot.ID || s.mentionsBot(m) {
		return
	}
	if ch := s.channels[m.ChannelID]; ch != nil && ch.Type == ChannelDM {
		return
	}
	out["content"] = ""
	out["embeds"] = []any{}
}

package discordtest

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// A forum post arrives as Discord sends it: THREAD_CREATE for a thread whose parent is a forum, then
// its first message, which shares the thread's ID; its content is withheld from an application
// without the Message Content intent, over the gateway and over REST alike.
func TestForumPostWithAndWithoutMessageContent(t *testing.T) {
	for _, withContent := range []bool{false, true} {
		opts := Options{}
		intents := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
		if withContent {
			opts.AllowedIntents = IntentMessageContent
			intents |= discordgo.IntentMessageContent
		}
		srv := New(t, opts)
		s := session(t, srv, "test-token", intents)
		threads := make(chan *discordgo.ThreadCreate, 1)
		msgs := make(chan *discordgo.MessageCreate, 1)
		s.AddHandler(func(_ *discordgo.Session, e *discordgo.ThreadCreate) { threads <- e })
		s.AddHandler(func(_ *discordgo.Session, e *discordgo.MessageCreate) { msgs <- e })
		if err := s.Open(); err != nil {
			t.Fatal(err)
		}
		srv.Wait(5*time.Second, srv.Connected)
		srv.AddChannel(Channel{ID: "20", Type: ChannelGuildForum, GuildID: "1"})
		th, first := srv.ForumPost(ForumPostSpec{ForumID: "20", Author: Member{User: User{ID: "5", Username: "ann"}}, Title: "Refunds?", Content: "How do refunds work?"})

		tc := <-threads
		if tc.ID != th.ID || tc.ParentID != "20" || !tc.NewlyCreated || tc.OwnerID != "5" || tc.Name != "Refunds?" || !tc.IsThread() {
			t.Errorf("THREAD_CREATE = %+v, want the new post in forum 20", tc.Channel)
		}
		mc := <-msgs
		wantContent := ""
		if withContent {
			wantContent = "How do refunds work?"
		}
		if mc.ID != th.ID || first.ID != th.ID || mc.ChannelID != th.ID || mc.Content != wantContent {
			t.Errorf("content %v: first message %+v, want ID %s and content %q", withContent, mc.Message, th.ID, wantContent)
		}
		m, err := s.ChannelMessage(th.ID, th.ID)
		if err != nil || m.Content != wantContent {
			t.Errorf("content %v: GET message = %q, %v; want %q", withContent, m.Content, err, wantContent)
		}
		parent, err := s.Channel("20")
		if err != nil || parent.Type != discordgo.ChannelTypeGuildForum {
			t.Errorf("GET forum channel = %+v, %v", parent, err)
		}
		if _, err := s.ChannelMessageSend("20", "hello"); err == nil {
			t.Errorf("posting a message straight into a forum channel succeeded")
		}
		s.Close()
	}
}

// A message command carries its target message, content included, whatever the intents.
func TestMessageCommandCarriesTheMessage(t *testing.T) {
	srv := New(t, Options{})
	s := session(t, srv, "test-token", discordgo.IntentsGuildMessages)
	created := make(chan *discordgo.InteractionCreate, 1)
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { created <- i })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv.Wait(5*time.Second, srv.Connected)
	srv.AddChannel(Channel{ID: "10", Type: ChannelGuildText, GuildID: "1"})
	srv.AddMember("1", Member{User: User{ID: "6", Username: "bo"}, Roles: []string{"77"}})
	m := srv.PostMessage(MessageSpec{ChannelID: "10", Author: Member{User: User{ID: "6", Username: "bo"}}, Content: "What is Douyin?"})
	srv.SendInteraction(InteractionSpec{Type: 2, GuildID: "1", ChannelID: "10", Member: Member{User: User{ID: "5"}}, Command: "Ask citebot", TargetMessage: m.ID})
	got := (<-created).ApplicationCommandData()
	if got.CommandType != discordgo.MessageApplicationCommand || got.TargetID != m.ID || got.Resolved == nil ||
		got.Resolved.Messages[m.ID] == nil || got.Resolved.Messages[m.ID].Content != "What is Douyin?" {
		t.Errorf("message command data = %+v, want the target message with its content", got)
	}
	// Without the intent, REST withholds the same message's content.
	if rm, err := s.ChannelMessage("10", m.ID); err != nil || rm.Content != "" {
		t.Errorf("GET message without the intent = %q, %v; want it withheld", rm.Content, err)
	}
	if mem, err := s.GuildMember("1", "6"); err != nil || len(mem.Roles) != 1 || mem.Roles[0] != "77" {
		t.Errorf("GET member = %+v, %v", mem, err)
	}
	if _, err := s.GuildMember("1", "9"); err == nil {
		t.Errorf("GET unknown member succeeded")
	}
}

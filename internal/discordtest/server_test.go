package discordtest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// rewrite sends discordgo's requests for https://discord.com to the fake.
type rewrite struct{ base *url.URL }

func (rw rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = rw.base.Scheme, rw.base.Host
	r.Host = rw.base.Host
	return http.DefaultTransport.RoundTrip(r)
}

func session(tb testing.TB, srv *Server, token string, intents discordgo.Intent) *discordgo.Session {
	tb.Helper()
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		tb.Fatal(err)
	}
	u, _ := url.Parse(srv.URL)
	s.Client = &http.Client{Transport: rewrite{u}, Timeout: 5 * time.Second}
	s.Identify.Intents = intents
	s.ShouldReconnectOnError = false
	s.LogLevel = -1
	return s
}

func TestConnectAndRecord(t *testing.T) {
	srv := New(t, Options{})
	s := session(t, srv, "test-token", discordgo.IntentsGuildMessages)
	ready := make(chan *discordgo.Ready, 1)
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { ready <- r })
	created := make(chan *discordgo.InteractionCreate, 1)
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { created <- i })
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	r := <-ready
	if r.Application == nil || r.Application.ID != srv.AppID {
		t.Fatalf("READY application = %+v, want ID %s", r.Application, srv.AppID)
	}
	srv.AddChannel(Channel{ID: "10", Type: ChannelGuildText, GuildID: "1"})
	in := srv.SendInteraction(InteractionSpec{Type: 2, GuildID: "1", ChannelID: "10", Member: Member{User: User{ID: "5", Username: "ann"}},
		Command: "ask", Options: []Option{{Name: "question", Value: "What is Douyin?"}}})
	got := <-created
	if got.ID != in.ID || got.ApplicationCommandData().Options[0].StringValue() != "What is Douyin?" {
		t.Fatalf("INTERACTION_CREATE = %+v, want id %s", got.Interaction, in.ID)
	}
	err := s.InteractionRespond(got.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	if err != nil {
		t.Fatalf("InteractionRespond: %v", err)
	}
	content := "Douyin is… @everyone"
	if _, err := s.InteractionResponseEdit(got.Interaction, &discordgo.WebhookEdit{Content: &content,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}); err != nil {
		t.Fatalf("InteractionResponseEdit: %v", err)
	}
	if p := srv.Problems(); len(p) != 0 {
		t.Fatalf("Problems() = %v, want none", p)
	}
	// An edit that lets mentions through is flagged.
	if _, err := s.InteractionResponseEdit(got.Interaction, &discordgo.WebhookEdit{Content: &content}); err != nil {
		t.Fatalf("InteractionResponseEdit: %v", err)
	}
	if p := srv.Problems(); len(p) != 1 || !strings.Contains(p[0], "allowed_mentions missing") {
		t.Fatalf("Problems() = %v, want one about allowed_mentions", p)
	}
	rec, _ := srv.Interaction(in.ID)
	m, _ := srv.Message(rec.OriginalID)
	if rec.AckType != 5 || m.Content != content || m.Edits != 2 {
		t.Fatalf("interaction %+v original %+v: want deferred ack and 2 edits", rec, m)
	}
	if n := len(srv.Calls("PATCH /webhooks/{application_id}/{interaction_token}/messages/@original")); n != 2 {
		t.Fatalf("recorded %d edits, want 2", n)
	}
}

func TestValidatorAgainstSpec(t *testing.T) {
	srv := New(t, Options{})
	if srv.spec == nil {
		t.Skip("no OpenAPI description beside the checkout (" + specBesideCheckout + "); CI requires it")
	}
	tests := []struct {
		name, pattern string
		body          any
		wantErr       bool
	}{
		{"message ok", "/channels/{channel_id}/messages", map[string]any{"content": "hi", "allowed_mentions": map[string]any{"parse": []any{}}}, false},
		{"too many embeds", "/channels/{channel_id}/messages", map[string]any{"embeds": make([]any, 11)}, true},
		{"bad parse value", "/channels/{channel_id}/messages", map[string]any{"allowed_mentions": map[string]any{"parse": []any{"nobody"}}}, true},
		{"thread name missing", "/channels/{channel_id}/messages/{message_id}/threads", map[string]any{}, true},
	}
	for _, tt := range tests {
		err := srv.spec.checkBody("POST", tt.pattern, tt.body)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: checkBody = %v, want error %v", tt.name, err, tt.wantErr)
		}
	}
}

func TestCloseCodes(t *testing.T) {
	tests := []struct {
		name    string
		token   string
		intents discordgo.Intent
		want    int
	}{
		{"bad token", "wrong", discordgo.IntentsGuildMessages, 4004},
		{"privileged intent", "test-token", discordgo.IntentsGuildMessages | discordgo.IntentMessageContent, 4014},
	}
	for _, tt := range tests {
		srv := New(t, Options{})
		s := session(t, srv, tt.token, tt.intents)
		err := s.Open()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != tt.want {
			t.Errorf("%s: Open() = %v, want close code %d", tt.name, err, tt.want)
		}
	}
}

func TestRateLimitAndResumeReplay(t *testing.T) {
	srv := New(t, Options{})
	srv.AddChannel(Channel{ID: "10", Type: ChannelGuildText, GuildID: "1"})
	s := session(t, srv, "test-token", discordgo.IntentsGuildMessages)
	msgs := make(chan *discordgo.MessageCreate, 10)
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { msgs <- m })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	srv.RateLimit("POST", `^/channels/10/messages$`, 1, 200*time.Millisecond)
	start := time.Now()
	if _, err := s.ChannelMessageSendComplex("10", &discordgo.MessageSend{Content: "x", AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}}); err != nil {
		t.Fatalf("send after 429: %v", err)
	}
	calls := srv.Calls("POST /channels/{channel_id}/messages")
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 || time.Since(start) < 200*time.Millisecond {
		t.Fatalf("calls = %d (first status %d), want a 429 then a retry after 200ms", len(calls), calls[0].Status)
	}
	<-msgs // the bot's own message, echoed

	srv.PostMessage(MessageSpec{ChannelID: "10", Author: Member{User: User{ID: "5"}}, Content: "hidden"})
	if m := <-msgs; m.Content != "" {
		t.Fatalf("content without the Message Content intent = %q, want blank", m.Content)
	}
	// Drop the connection; reconnect by hand (ShouldReconnectOnError is off): the client resumes and
	// the fake replays the last event it had already seen.
	srv.Drop(1)
	if !srv.Wait(3*time.Second, func() bool { return !srv.Connected() }) {
		t.Fatal("still connected after Drop")
	}
	s.Close()
	if err := s.Open(); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	select {
	case <-msgs:
	case <-time.After(3 * time.Second):
		t.Fatal("no replayed MESSAGE_CREATE after resume")
	}
	if srv.Resumes() != 1 {
		t.Fatalf("Resumes() = %d, want 1", srv.Resumes())
	}
}

func TestFindSpecFromTheModuleRoot(t *testing.T) {
	p, err := findSpec()
	if err != nil {
		t.Skipf("%v (the tests use the vendored copy %s)", err, vendoredSpecName)
	}
	root, _ := filepath.Abs("../..") // this package is internal/discordtest
	if want := filepath.Join(root, "..", "shared", "discord-api-spec", "openapi.json"); p != filepath.Clean(want) {
		t.Errorf("findSpec() = %s, want %s", p, want)
	}
	// From a folder outside any module there is no root to find it from.
	t.Chdir(t.TempDir())
	if _, err := findSpec(); err == nil {
		t.Error("findSpec() outside a module = nil error")
	}
}

// Without the shared folder beside the checkout (a clone in /tmp, say) the fake still checks request
// bodies against the spec, from the vendored copy, instead of skipping the check.
func TestSpecWithoutSharedFolderUsesVendoredCopy(t *testing.T) {
	t.Chdir(t.TempDir()) // no go.mod above: the shared copy cannot be found
	sp := openSpec(t, "")
	if sp == nil {
		t.Fatal("openSpec without the shared folder = nil: the check would be skipped")
	}
	if _, ok := sp.paths["/channels/{channel_id}/messages"]; !ok {
		t.Errorf("vendored spec lacks /channels/{channel_id}/messages; has %d paths", len(sp.paths))
	}
	body := map[string]any{"content": "hi", "allowed_mentions": map[string]any{"parse": "not a list"}}
	if err := sp.checkBody("POST", "/channels/{id}/messages", body); err == nil {
		t.Error("vendored spec accepts allowed_mentions.parse as a string")
	}
}

// The vendored copy is the shared folder's description, when that is beside the checkout.
func TestVendoredSpecMatchesShared(t *testing.T) {
	p, err := findSpec()
	if err != nil {
		t.Skip(err)
	}
	shared, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(vendoredSpec))
	if err != nil {
		t.Fatal(err)
	}
	vendored, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, vendored) {
		t.Errorf("%s differs from %s; refresh it with: gzip -9 -n -c %s > internal/discordtest/spec/openapi.json.gz", vendoredSpecName, p, specBesideCheckout)
	}
}

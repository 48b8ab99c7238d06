package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/llm"
)

// testToken is distinctive so a leak into any log is easy to find.
const testToken = "MTIzNDU2.secret-token-do-not-log.XyZ"

// stdlog collects what discordgo writes through the standard logger (set once in TestMain: the
// standard logger is package-level state, and tests in this package do not change it again).
var stdlog lockedBuffer

func TestMain(m *testing.M) {
	log.SetOutput(&stdlog)
	code := m.Run()
	if strings.Contains(stdlog.String(), testToken) {
		os.Stderr.WriteString("discordgo's log output contains the bot token\n")
		code = 1
	}
	os.Exit(code)
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var viewer = links.Builder{Base: "https://citebot.example.org"}

// offlineEngine is the real answer engine in its default, offline mode.
func offlineEngine(tb testing.TB) *answer.Engine {
	tb.Helper()
	e, err := answer.New(answer.Config{Index: seedindex.Open(tb), Links: viewer})
	if err != nil {
		tb.Fatalf("answer.New: %v", err)
	}
	return e
}

// modelEngine is the real answer engine talking to the fake OpenAI-compatible server.
func modelEngine(tb testing.TB) (*answer.Engine, *openaitest.Server) {
	tb.Helper()
	ai := openaitest.New(tb)
	c, err := llm.New(llm.Config{BaseURL: ai.URL(), APIKey: "sk-test", Timeout: 10 * time.Minute, MaxRetries: 0})
	if err != nil {
		tb.Fatalf("llm.New: %v", err)
	}
	e, err := answer.New(answer.Config{Index: seedindex.Open(tb), Model: c, ModelName: "test-model", Links: viewer})
	if err != nil {
		tb.Fatalf("answer.New: %v", err)
	}
	return e, ai
}

// recorder wraps a real answerer to record what the bot asked; it changes nothing.
type recorder struct {
	Answerer
	mu    sync.Mutex
	asks  []string
	hists [][]answer.Turn
	calls atomic.Int32
}

func (r *recorder) Ask(ctx context.Context, q string, o answer.Options) (answer.Answer, error) {
	r.calls.Add(1)
	r.mu.Lock()
	r.asks = append(r.asks, q)
	r.hists = append(r.hists, o.History)
	r.mu.Unlock()
	return r.Answerer.Ask(ctx, q, o)
}

func (r *recorder) last() (string, []answer.Turn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.asks) == 0 {
		return "", nil
	}
	return r.asks[len(r.asks)-1], r.hists[len(r.hists)-1]
}

// Test fixtures: one guild with a text channel, a DM channel, a user.
const (
	guildID   = "500000000000000001"
	channelID = "600000000000000001"
	dmID      = "700000000000000001"
)

var alice = discordtest.Member{User: discordtest.User{ID: "111111111111111111", Username: "alice"}, Roles: []string{"800000000000000001"}}

// harness is a bot running against a fake Discord.
type harness struct {
	srv    *discordtest.Server
	bot    *Bot
	logs   *lockedBuffer
	cancel context.CancelFunc
	done   chan error
}

// start runs a bot with cfg (token and API URL filled in) against a new fake Discord and waits until
// it has registered its commands.
func start(tb testing.TB, cfg Config, a Answerer, opts discordtest.Options) *harness {
	tb.Helper()
	opts.Token = testToken
	srv := discordtest.New(tb, opts)
	srv.AddChannel(discordtest.Channel{ID: channelID, Type: discordtest.ChannelGuildText, GuildID: guildID})
	srv.AddChannel(discordtest.Channel{ID: dmID, Type: discordtest.ChannelDM})
	h := runBot(tb, srv, cfg, a)
	if !srv.Wait(10*time.Second, func() bool {
		return len(srv.Calls("PUT /applications/{application_id}/guilds/{guild_id}/commands")) > 0
	}) {
		tb.Fatalf("the bot did not register its commands; logs:\n%s", h.logs.String())
	}
	return h
}

func runBot(tb testing.TB, srv *discordtest.Server, cfg Config, a Answerer) *harness {
	tb.Helper()
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	cfg.APIURL = srv.URL
	if cfg.GuildID == "" {
		cfg.GuildID = guildID
	}
	logs := &lockedBuffer{}
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := New(cfg, a)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{srv: srv, bot: b, logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { h.done <- b.Run(ctx) }()
	tb.Cleanup(func() {
		h.stop(tb)
		if strings.Contains(logs.String(), testToken) {
			tb.Errorf("the bot's logs contain the token")
		}
		if p := srv.Problems(); len(p) > 0 {
			tb.Errorf("payload problems:\n%s", strings.Join(p, "\n"))
		}
	})
	return h
}

// stop cancels Run and returns its error.
func (h *harness) stop(tb testing.TB) error {
	tb.Helper()
	h.cancel()
	select {
	case err, ok := <-h.done:
		if ok {
			close(h.done)
			return err
		}
		return nil
	case <-time.After(60 * time.Second):
		tb.Fatalf("Run did not return after cancel")
		return nil
	}
}

// ask dispatches /ask and returns the interaction.
func (h *harness) ask(question string, extra ...discordtest.Option) discordtest.Interaction {
	return h.srv.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guildID, ChannelID: channelID, Member: alice,
		Command: "ask", Options: append([]discordtest.Option{{Name: "question", Value: question}}, extra...)})
}

// final waits until the interaction's original response carries the feedback buttons or a closing
// text (it is final), and returns it.
func (h *harness) final(tb testing.TB, id string, timeout time.Duration) discordtest.Message {
	tb.Helper()
	var m discordtest.Message
	ok := h.srv.Wait(timeout, func() bool {
		in, _ := h.srv.Interaction(id)
		var found bool
		m, found = h.srv.Message(in.OriginalID)
		return found && isFinal(m)
	})
	if !ok {
		tb.Fatalf("no final reply to interaction %s within %v; original: %+v\nlogs:\n%s", id, timeout, m, h.logs.String())
	}
	return m
}

// isFinal reports whether a bot message is a finished reply rather than a placeholder or preview.
func isFinal(m discordtest.Message) bool {
	return m.Edits > 0 && !strings.HasSuffix(m.Content, "✍️") && m.Content != placeholder && m.Flags&128 == 0
}

func embedsOf(tb testing.TB, m discordtest.Message) []map[string]any {
	tb.Helper()
	var es []map[string]any
	if err := json.Unmarshal(m.Embeds, &es); err != nil {
		tb.Fatalf("embeds %s: %v", m.Embeds, err)
	}
	return es
}

func hasButtons(m discordtest.Message) bool {
	return strings.Contains(string(m.Components), "fb:up:") && strings.Contains(string(m.Components), "fb:down:")
}

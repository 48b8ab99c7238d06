package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/internal/openaitest"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a running server's logger.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs "citebot serve" in the background; the returned function stops it and returns
// its exit code and log.
func startServe(tb testing.TB, env map[string]string) func() (int, string) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	}()
	return func() (int, string) {
		cancel()
		select {
		case code := <-done:
			return code, errOut.String()
		case <-time.After(45 * time.Second):
			tb.Fatal("serve did not stop within 45 s of its context ending")
			return -1, ""
		}
	}
}

func waitHealthy(tb testing.TB, addr string) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatalf("server at %s never became healthy", addr)
}

// startServeWithDiscord runs "citebot serve" against the fake Discord (env names its token, URL and
// guild), waits until it is healthy at addr and has registered the guild's commands, and adds a
// text channel to the guild; it returns startServe's stop function.
func startServeWithDiscord(tb testing.TB, env map[string]string, addr string, fake *discordtest.Server, guild, channel string) func() (int, string) {
	tb.Helper()
	stop := startServe(tb, env)
	waitHealthy(tb, addr)
	if !fake.Wait(20*time.Second, func() bool { return len(fake.Commands(guild)) > 2 }) {
		tb.Fatal("the bot registered no guild commands")
	}
	fake.AddChannel(discordtest.Channel{ID: channel, GuildID: guild, Type: discordtest.ChannelGuildText})
	return stop
}

func TestServeWebAndDiscord(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{Token: "test-token-serve"})
	addr := freeAddr(t)
	env := baseEnv(t)
	env["CITEBOT_HTTP_ADDR"] = addr
	env["DISCORD_TOKEN"] = "test-token-serve"
	env["DISCORD_API_URL"] = fake.URL
	env["DISCORD_GUILD_ID"] = "123456789012345678"
	stop := startServe(t, env)
	waitHealthy(t, addr)

	code, out, errOut := runCLI(t, map[string]string{"CITEBOT_HTTP_ADDR": addr}, "", "healthcheck")
	if code != 0 || strings.TrimSpace(out) != "ok" {
		t.Errorf("healthcheck: exit %d, %q %q", code, out, errOut)
	}
	if !fake.Wait(20*time.Second, func() bool { return len(fake.Commands("123456789012345678")) > 2 }) {
		t.Fatal("the bot registered no guild commands")
	}
	fake.AddChannel(discordtest.Channel{ID: "223456789012345678", GuildID: "123456789012345678", Type: discordtest.ChannelGuildText})
	in := fake.SendInteraction(discordtest.InteractionSpec{
		Type: 2, GuildID: "123456789012345678", ChannelID: "223456789012345678",
		Member:  discordtest.Member{User: discordtest.User{ID: "323456789012345678", Username: "asker"}},
		Command: "ask", Options: []discordtest.Option{{Name: "question", Value: "How many daily active users does Douyin have?"}},
	})
	var final discordtest.Message
	ok := fake.Wait(30*time.Second, func() bool {
		rec, _ := fake.Interaction(in.ID)
		if rec.OriginalID == "" {
			return false
		}
		m, found := fake.Message(rec.OriginalID)
		final = m
		return found && strings.Contains(m.Content, "/sources/004_8b8eead7925c9339.txt")
	})
	if !ok {
		t.Fatalf("no cited answer to /ask; last message %+v", final)
	}
	if !strings.Contains(final.Content, "http://"+addr+"/sources/") {
		t.Errorf("citation links do not point at this server's viewer: %s", final.Content)
	}
	if p := fake.Problems(); len(p) > 0 {
		t.Errorf("payload problems: %q", p)
	}
	// The bot's question is counted in the web server's /metrics.
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `citebot_questions_total{surface="discord"} 1`) {
		t.Errorf("/metrics does not count the Discord question:\n%s", grepLines(string(body), "citebot_questions_total"))
	}
	code, logs := stop()
	if code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
	if strings.Contains(logs, "test-token-serve") {
		t.Error("the Discord token appeared in the log")
	}
}

func TestServeBadTokenExitsWithAFix(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{Token: "the-right-token"})
	env := baseEnv(t)
	env["CITEBOT_HTTP_ADDR"] = freeAddr(t)
	env["DISCORD_TOKEN"] = "a-wrong-token"
	env["DISCORD_API_URL"] = fake.URL
	var out, errOut syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "DISCORD_TOKEN") {
		t.Errorf("serve with a bad token: exit %d, stderr:\n%s\nwant exit 1 and a message naming DISCORD_TOKEN", code, errOut.String())
	}
	if ctx.Err() != nil {
		t.Error("serve kept running until the test's deadline instead of exiting")
	}
	if strings.Contains(errOut.String(), "a-wrong-token") {
		t.Error("the token appeared in the output")
	}
}

// The web surface takes its answering limits from the same variables as the bot: a slow model
// meets CITEBOT_ANSWER_TIMEOUT (here 1 s), not the web package's own default of 2 minutes.
func TestServeWebHonoursAnswerTimeout(t *testing.T) {
	model := openaitest.New(t)
	model.SetChatDefault(func(openaitest.Request) openaitest.Reply { return openaitest.SlowReply(time.Minute, "late") })
	addr := freeAddr(t)
	env := baseEnv(t)
	env["CITEBOT_HTTP_ADDR"] = addr
	env["OPENAI_BASE_URL"] = model.URL()
	env["CITEBOT_ANSWER_TIMEOUT"] = "1s"
	env["CITEBOT_SHUTDOWN_GRACE"] = "1s"
	stop := startServe(t, env)
	waitHealthy(t, addr)
	start := time.Now()
	resp, err := http.Post("http://"+addr+"/api/ask", "application/json", strings.NewReader(`{"question":"What was Douyin's GMV in 2024?"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if took := time.Since(start); resp.StatusCode != http.StatusGatewayTimeout || took > 20*time.Second {
		t.Errorf("POST /api/ask with a model slower than CITEBOT_ANSWER_TIMEOUT=1s: %s after %s: %s; want 504 soon after 1 s", resp.Status, took, body)
	}
	if code, logs := stop(); code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
}

// CITEBOT_TRUSTED_PROXIES reaches the running web server: behind a trusted proxy on loopback, two
// forwarded clients have a request bucket each.
func TestServeTrustedProxies(t *testing.T) {
	addr := freeAddr(t)
	env := baseEnv(t)
	env["CITEBOT_HTTP_ADDR"] = addr
	env["CITEBOT_WEB_REQUESTS_PER_MINUTE"] = "2" // a burst of 1
	env["CITEBOT_TRUSTED_PROXIES"] = "127.0.0.1,::1"
	stop := startServe(t, env)
	waitHealthy(t, addr)
	search := func(client string) int {
		req, _ := http.NewRequest("GET", "http://"+addr+"/api/search?q=Douyin", nil)
		req.Header.Set("X-Forwarded-For", client)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for i, tt := range []struct {
		client string
		want   int
	}{{"198.51.100.1", 200}, {"198.51.100.1", 429}, {"203.0.113.7", 200}} {
		if got := search(tt.client); got != tt.want {
			t.Errorf("request %d, forwarded for %s = %d, want %d", i+1, tt.client, got, tt.want)
		}
	}
	code, logs := stop()
	if code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
	if !strings.Contains(logs, "trusted_proxies") || !strings.Contains(logs, "127.0.0.1/32") {
		t.Errorf("the log does not say which proxies are trusted:\n%s", grepLines(logs, "listening"))
	}
}

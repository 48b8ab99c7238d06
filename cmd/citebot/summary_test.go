package main

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/replystyles"
)

// A model summary whose points cite nothing inline and that ends with a list of sources for the
// whole reply is cited point by point wherever users ask for it: `citebot summary --json` (not
// streamed), Discord's /summary (streamed: every preview is the start of the final reply) and the
// web API, which serves the summary the Discord command made (summaries are cached per corpus
// version, model and platform).
func TestSummarySourceListEverySurface(t *testing.T) {
	points := []string{
		"Douyin's GMV exceeded 3.5 trillion yuan in 2024, up 30% year on year",
		"The Douyin mechanism has matured, but small and medium-sized businesses struggle to stand out unless they invest a lot of money",
		"The popularity of short-video shopping on Douyin has had some impact on micro-commerce",
	}
	var reply strings.Builder
	for _, p := range points {
		reply.WriteString("- " + p + ".\n")
	}
	reply.WriteString("\nSources: S{dy}, S{mech}, S{short}")
	ai := openaitest.New(t)
	ai.SetChatDefault(func(r openaitest.Request) openaitest.Reply {
		return openaitest.Reply{Text: replystyles.Fill(t, "summary with a list of sources", reply.String(), r.LastUserMessage()),
			ChunkDelay: 100 * time.Millisecond}
	})
	checkPoints := func(surface string, s answer.Summary, shown string) {
		t.Helper()
		if s.Mode != answer.ModeLLM || s.Verification != answer.VerificationVerified || s.Notice != "" {
			t.Errorf("%s: summary %s %s, notice %q; want a verified model summary, nothing removed", surface, s.Mode, s.Verification, s.Notice)
		}
		for _, p := range points {
			if !regexp.MustCompile(`(?m)^- ` + regexp.QuoteMeta(p) + ` (\[\d+\])+\.$`).MatchString(shown) {
				t.Errorf("%s: the point %q is not shown cited in %q", surface, p, shown)
			}
		}
	}
	env := baseEnv(t)
	env["OPENAI_BASE_URL"] = ai.URL()
	env["CITEBOT_CHAT_MODEL"] = "test-model"

	code, out, errOut := runCLI(t, env, "", "summary", "--json", "Douyin")
	var cli answer.Summary
	if err := json.Unmarshal([]byte(out), &cli); code != 0 || err != nil {
		t.Fatalf("summary --json: exit %d, %v: %s %s", code, err, out, errOut)
	}
	checkPoints("citebot summary", cli, cli.Text)

	fake := discordtest.New(t, discordtest.Options{Token: "test-token-summary"})
	const guild, channel = "123456789012345678", "223456789012345678"
	addr := freeAddr(t)
	for k, v := range map[string]string{"CITEBOT_HTTP_ADDR": addr, "DISCORD_TOKEN": "test-token-summary", "DISCORD_API_URL": fake.URL,
		"DISCORD_GUILD_ID": guild} {
		env[k] = v
	}
	stop := startServeWithDiscord(t, env, addr, fake, guild, channel)
	in := fake.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guild, ChannelID: channel,
		Member:  discordtest.Member{User: discordtest.User{ID: "323456789012345678", Username: "asker"}},
		Command: "summary", Options: []discordtest.Option{{Name: "platform", Value: "Douyin"}}})
	final, edits := discordFinal(t, fake, in)
	shown := maskedMarker.ReplaceAllString(final.Content, "[$1]")

	resp, err := http.Get("http://" + addr + "/api/summary/Douyin")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var web answer.Summary
	if err := json.Unmarshal(body, &web); resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("GET /api/summary/Douyin = %d, %v: %s", resp.StatusCode, err, body)
	}
	checkPoints("web", web, web.Text)
	checkPoints("Discord", web, shown)
	if !strings.Contains(shown, web.Text) {
		t.Errorf("Discord shows %q, want the summary %q", shown, web.Text)
	}
	for _, e := range edits {
		if p, ok := strings.CutSuffix(e, "\n… ✍️"); ok && !strings.HasPrefix(web.Text, strings.TrimSpace(maskedMarker.ReplaceAllString(p, "[$1]"))) {
			t.Errorf("Discord previewed %q, which the final summary %q does not start with", p, web.Text)
		}
	}
	if n := ai.ChatRequests(); n != 2 {
		t.Errorf("%d chat requests, want 2 (the CLI's summary, the Discord summary the web API serves again)", n)
	}
	if code, logs := stop(); code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
}

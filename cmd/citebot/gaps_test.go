package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/questionlog"
)

// gapsJSON is the documented shape of gaps --json.
type gapsJSON struct {
	Since      time.Time `json:"since"`
	Questions  int       `json:"questions"`
	Unanswered int       `json:"unanswered"`
	Groups     []struct {
		Count    int              `json:"count"`
		Last     time.Time        `json:"last"`
		Examples []string         `json:"examples"`
		Closest  []map[string]any `json:"closest"`
	} `json:"groups"`
}

func TestAskLogThenGaps(t *testing.T) {
	env := baseEnv(t)
	// Logged: two ways of asking one thing the seeds do not hold, one answered question.
	stdin := "Who is the CEO of Douyin?\nDouyin CEO name?\nWhat was Douyin's GMV in 2024?\n"
	if code, _, errOut := runCLI(t, env, stdin, "ask", "--log"); code != 0 {
		t.Fatalf("ask --log: exit %d: %s", code, errOut)
	}
	// Not logged without --log.
	if code, _, errOut := runCLI(t, env, "", "ask", "How do I get a refund on Taobao?"); code != 0 {
		t.Fatalf("ask: exit %d: %s", code, errOut)
	}
	code, out, errOut := runCLI(t, env, "", "gaps", "--json")
	if code != 0 {
		t.Fatalf("gaps --json: exit %d: %s", code, errOut)
	}
	var keys map[string]json.RawMessage
	json.Unmarshal([]byte(out), &keys)
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "groups,questions,since,unanswered" {
		t.Errorf("gaps --json keys %v, want since, questions, groups (and unanswered)", names)
	}
	var rep gapsJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 3 || rep.Unanswered != 2 || len(rep.Groups) != 1 || rep.Groups[0].Count != 2 || len(rep.Groups[0].Examples) != 2 {
		t.Fatalf("gaps --json = %s; want 3 questions, one group of the 2 CEO questions", out)
	}
	if d := time.Since(rep.Since) - 7*24*time.Hour; d < 0 || d > time.Minute {
		t.Errorf("since = %v, want 7 days ago by default", rep.Since)
	}
	c := rep.Groups[0].Closest
	if len(c) == 0 || !strings.HasPrefix(c[0]["url"].(string), "http://127.0.0.1:8080/sources/") || c[0]["file"] == "" {
		t.Errorf("closest passages %v, want citations with viewer links", c)
	}
	// The text report says the same for people.
	code, out, _ = runCLI(t, env, "", "gaps", "--since", "1d")
	if code != 0 || !strings.Contains(out, "3 questions, 2 unanswered, in 1 group.") || !strings.Contains(out, "Asked 2 times") || !strings.Contains(out, "• Douyin CEO name?") {
		t.Errorf("gaps text: exit %d:\n%s", code, out)
	}
	// A bad period is a usage error that shows what is expected.
	if code, _, errOut := runCLI(t, env, "", "gaps", "--since", "lately"); code != 2 || !strings.Contains(errOut, "7d") {
		t.Errorf("gaps --since lately: exit %d, %q", code, errOut)
	}
	// Past the retention period the report is clamped, and says so.
	env["CITEBOT_LOG_DAYS"] = "3"
	if code, _, errOut := runCLI(t, env, "", "gaps", "--since", "2w"); code != 0 || !strings.Contains(errOut, "kept 3 days") {
		t.Errorf("gaps --since 2w with 3 days kept: exit %d, %q", code, errOut)
	}
}

func TestLogOff(t *testing.T) {
	env := baseEnv(t)
	env["CITEBOT_LOG_DAYS"] = "0"
	code, out, errOut := runCLI(t, env, "", "ask", "--log", "Who is the CEO of Douyin?")
	if code != 0 || !strings.Contains(out, "answer this directly") && !strings.Contains(out, "do not answer") || !strings.Contains(errOut, "question log is off") {
		t.Errorf("ask --log with the log off: exit %d, %q, %q; want the answer and a warning", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(env["CITEBOT_DATA_DIR"], questionlog.File)); !os.IsNotExist(err) {
		t.Errorf("the log was written although it is off (%v)", err)
	}
	if code, _, errOut := runCLI(t, env, "", "gaps"); code != 1 || !strings.Contains(errOut, "CITEBOT_LOG_DAYS=0") {
		t.Errorf("gaps with the log off: exit %d, %q; want exit 1 naming CITEBOT_LOG_DAYS", code, errOut)
	}
}

func TestOperatorSettings(t *testing.T) {
	const secret = "short-secret"
	env := map[string]string{"CITEBOT_LOG_DAYS": "-1", "CITEBOT_ADMIN_TOKEN": secret, "CITEBOT_FORUM_CHANNELS": "forum"}
	_, warnings, err := loadConfig(func(k string) string { return env[k] }, "serve")
	if err == nil || !strings.Contains(err.Error(), "CITEBOT_LOG_DAYS") || !strings.Contains(err.Error(), "CITEBOT_ADMIN_TOKEN: is 12 characters long") {
		t.Errorf("loadConfig = %v, want CITEBOT_LOG_DAYS and CITEBOT_ADMIN_TOKEN named", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("the error repeats the admin token: %v", err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Error(), "CITEBOT_FORUM_CHANNELS") || !strings.Contains(warnings[0].Error(), "ignored: serve without DISCORD_TOKEN does not use it") {
		t.Errorf("warnings %v, want the forum setting (serve without DISCORD_TOKEN does not use it)", warnings)
	}
	c, _, err := loadConfig(func(k string) string {
		return map[string]string{"CITEBOT_ADMIN_TOKEN": strings.Repeat("x", 16), "CITEBOT_FORUM_CHANNELS": "1, 2", "DISCORD_TOKEN": "t"}[k]
	}, "serve")
	if err != nil || c.LogDays != 30 || c.Web.AdminToken != strings.Repeat("x", 16) || strings.Join(c.Discord.ForumChannels, ",") != "1,2" {
		t.Errorf("loadConfig = %+v, %v; want 30 days, the token and two forums", c, err)
	}
}

// serve records the questions of every surface in one log, with users only hashed, and serves the
// report at /gaps to loopback clients.
func TestServeRecordsQuestionsForGaps(t *testing.T) {
	const guild, channel, user = "123456789012345678", "223456789012345678", "323456789012345678"
	fake := discordtest.New(t, discordtest.Options{Token: "test-token-gaps"})
	fake.AddChannel(discordtest.Channel{ID: channel, GuildID: guild, Type: discordtest.ChannelGuildText})
	addr := freeAddr(t)
	env := baseEnv(t)
	env["CITEBOT_HTTP_ADDR"] = addr
	env["DISCORD_TOKEN"] = "test-token-gaps"
	env["DISCORD_API_URL"] = fake.URL
	env["DISCORD_GUILD_ID"] = guild
	env["CITEBOT_ADMIN_TOKEN"] = "admin-token-for-the-gaps-test"
	stop := startServe(t, env)
	waitHealthy(t, addr)
	if !fake.Wait(20*time.Second, func() bool { return len(fake.Commands(guild)) > 2 }) {
		t.Fatal("the bot registered no commands")
	}
	in := fake.SendInteraction(discordtest.InteractionSpec{Type: 2, GuildID: guild, ChannelID: channel,
		Member:  discordtest.Member{User: discordtest.User{ID: user, Username: "asker"}},
		Command: "ask", Options: []discordtest.Option{{Name: "question", Value: "Who is the CEO of Douyin?"}}})
	resp, err := http.Post("http://"+addr+"/api/ask", "application/json", strings.NewReader(`{"question":"Douyin CEO name?"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	dataDir := env["CITEBOT_DATA_DIR"]
	var qs []questionlog.Question
	if !fake.Wait(20*time.Second, func() bool { qs, _, _ = questionlog.Read(dataDir, time.Time{}); return len(qs) == 2 }) {
		t.Fatalf("logged %+v, want the Discord and the web question", qs)
	}
	surfaces := map[string]questionlog.Question{}
	for _, q := range qs {
		surfaces[q.Surface] = q
	}
	if d := surfaces["discord"]; d.ID != in.ID || d.User == "" || d.User == user || !d.Abstained {
		t.Errorf("Discord question logged as %+v, want its interaction ID, a hashed user, abstained", d)
	}
	if w := surfaces["web"]; w.Question != "Douyin CEO name?" || w.User != "" {
		t.Errorf("web question logged as %+v", w)
	}
	raw, _ := os.ReadFile(filepath.Join(dataDir, questionlog.File))
	if bytes.Contains(raw, []byte(user)) {
		t.Errorf("the log holds the raw Discord user ID")
	}

	req, _ := http.NewRequest("GET", "http://"+addr+"/gaps", nil)
	req.Header.Set("Accept", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var rep gapsJSON
	if err := json.Unmarshal(body, &rep); resp.StatusCode != 200 || err != nil || len(rep.Groups) != 1 || rep.Groups[0].Count != 2 {
		t.Errorf("GET /gaps: %s %s; want one group of 2", resp.Status, body)
	}
	code, logs := stop()
	if code != 0 {
		t.Errorf("serve exit %d; log:\n%s", code, logs)
	}
	for _, secret := range []string{"admin-token-for-the-gaps-test", "test-token-gaps"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains a secret")
		}
	}
	if salt, _ := os.ReadFile(filepath.Join(dataDir, questionlog.SaltFile)); len(salt) == 0 || strings.Contains(logs, strings.TrimSpace(string(salt))) {
		t.Errorf("no salt, or the salt is in the log")
	}
}

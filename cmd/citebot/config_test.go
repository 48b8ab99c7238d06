package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"log/slog"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/web"
)

func TestLinksBase(t *testing.T) {
	tests := []struct {
		addr, public, want string
	}{
		{"127.0.0.1:8080", "", "http://127.0.0.1:8080/sources/f.txt#p2"},
		{"0.0.0.0:9000", "", "http://127.0.0.1:9000/sources/f.txt#p2"},
		{":9000", "", "http://127.0.0.1:9000/sources/f.txt#p2"},
		{"0.0.0.0:8080", "https://bot.example.org", "https://bot.example.org/sources/f.txt#p2"},
	}
	for _, tt := range tests {
		c := Config{Web: web.Config{Addr: tt.addr}, PublicURL: tt.public}
		if got := c.Links().Paragraph("f.txt", 2, 3, 3, ""); got != tt.want {
			t.Errorf("Links(addr %q, public %q) = %q, want %q", tt.addr, tt.public, got, tt.want)
		}
	}
}

func TestConfigDefaultsReachEveryPackage(t *testing.T) {
	c, warnings, err := loadConfig(func(string) string { return "" }, "serve")
	if err != nil || len(warnings) > 0 {
		t.Fatalf("loadConfig(empty) = %v, warnings %v", err, warnings)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Index.DataDir", c.Index.DataDir, ".citebot"},
		{"Index.MaxFileBytes", c.Index.MaxFileBytes, int64(20 << 20)},
		{"Index.LockTimeout", c.Index.LockTimeout, 2 * time.Minute},
		{"Watch", c.Watch, true},
		{"Web.Addr", c.Web.Addr, "127.0.0.1:8080"},
		{"Web.AskTimeout", c.Web.AskTimeout, 5 * time.Minute},
		{"Web.ShutdownTimeout", c.Web.ShutdownTimeout, 30 * time.Second},
		{"Web.MaxConcurrentAsks", c.Web.MaxConcurrentAsks, 4},
		{"Web.MaxQuestionLen", c.Web.MaxQuestionLen, 1000},
		{"Discord.AnswerTimeout", c.Discord.AnswerTimeout, 5 * time.Minute},
		{"Discord.ShutdownGrace", c.Discord.ShutdownGrace, 30 * time.Second},
		{"Discord.MaxConcurrent", c.Discord.MaxConcurrent, 4},
		{"Discord.MaxQueue", c.Discord.MaxQueue, 32},
		{"Discord.QuotaPerMinute", c.Discord.QuotaPerMinute, 5},
		{"Discord.APIURL", c.Discord.APIURL, "https://discord.com/api"},
		{"Model.Timeout", c.Model.Timeout, 60 * time.Second},
		{"Model.MaxRetries", c.Model.MaxRetries, 3},
		{"Answer.ModelName", c.Answer.ModelName, "gpt-4o-mini"},
		{"Embedder", c.Embedder, "offline"},
		{"LogLevel", c.LogLevel, slog.LevelInfo},
	}
	for _, tt := range checks {
		if tt.got != tt.want {
			t.Errorf("default %s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestConfigZeroMeansZero(t *testing.T) {
	tests := []struct {
		env  map[string]string
		name string
		get  func(Config) any
		want any
	}{
		{map[string]string{"CITEBOT_MAX_QUEUE": "0"}, "Discord.MaxQueue", func(c Config) any { return c.Discord.MaxQueue }, 0},
		{map[string]string{"CITEBOT_QUOTA_PER_MINUTE": "0"}, "Discord.QuotaPerMinute", func(c Config) any { return c.Discord.QuotaPerMinute }, 0},
		{map[string]string{"CITEBOT_QUOTA_PER_MINUTE": "-1"}, "Discord.QuotaPerMinute", func(c Config) any { return c.Discord.QuotaPerMinute }, -1},
		// llm reads 0 as its default and negative as none: "0" must reach it as none.
		{map[string]string{"CITEBOT_MODEL_RETRIES": "0"}, "Model.MaxRetries", func(c Config) any { return c.Model.MaxRetries }, -1},
		{map[string]string{"CITEBOT_ANSWER_TIMEOUT": "7s"}, "Web.AskTimeout", func(c Config) any { return c.Web.AskTimeout }, 7 * time.Second},
		{map[string]string{"CITEBOT_SHUTDOWN_GRACE": "3s"}, "Web.ShutdownTimeout", func(c Config) any { return c.Web.ShutdownTimeout }, 3 * time.Second},
		{map[string]string{"CITEBOT_MAX_CONCURRENT": "2"}, "Web.MaxConcurrentAsks", func(c Config) any { return c.Web.MaxConcurrentAsks }, 2},
		{map[string]string{"CITEBOT_MAX_CONCURRENT": "2"}, "Discord.MaxConcurrent", func(c Config) any { return c.Discord.MaxConcurrent }, 2},
	}
	for _, tt := range tests {
		c, warnings, err := loadConfig(func(k string) string { return tt.env[k] }, "serve")
		if err != nil || len(warnings) > 0 {
			t.Errorf("loadConfig(%v) = %v, warnings %v", tt.env, err, warnings)
			continue
		}
		if got := tt.get(c); got != tt.want {
			t.Errorf("loadConfig(%v): %s = %v, want %v", tt.env, tt.name, got, tt.want)
		}
	}
}

// A Discord-only setting stops only the bot: other commands get a warning naming it.
func TestDiscordSettingsDoNotStopTheCLI(t *testing.T) {
	env := map[string]string{"CITEBOT_QUOTA_PER_MINUTE": "lots", "CITEBOT_ALLOW_ROLES": "admin"}
	getenv := func(k string) string { return env[k] }
	for _, cmd := range []string{"ask", "index", "serve"} {
		_, warnings, err := loadConfig(getenv, cmd)
		if err != nil {
			t.Errorf("%s without DISCORD_TOKEN: %v, want only warnings", cmd, err)
		}
		if len(warnings) != 2 || !strings.Contains(errors.Join(warnings...).Error(), "CITEBOT_QUOTA_PER_MINUTE") {
			t.Errorf("%s: warnings %v, want two naming the variables", cmd, warnings)
		}
	}
	env["DISCORD_TOKEN"] = "tok"
	_, _, err := loadConfig(getenv, "serve")
	if err == nil || !strings.Contains(err.Error(), "CITEBOT_QUOTA_PER_MINUTE") || !strings.Contains(err.Error(), "CITEBOT_ALLOW_ROLES") {
		t.Errorf("serve with a token: err %v, want both variables named", err)
	}
	// Serve-only settings stop serve but not ask.
	env = map[string]string{"CITEBOT_ANSWER_TIMEOUT": "forever"}
	if _, w, err := loadConfig(getenv, "ask"); err != nil || len(w) != 1 {
		t.Errorf("ask with a bad CITEBOT_ANSWER_TIMEOUT: err %v, warnings %v; want one warning", err, w)
	}
	if _, _, err := loadConfig(getenv, "serve"); err == nil || !strings.Contains(err.Error(), "CITEBOT_ANSWER_TIMEOUT") {
		t.Errorf("serve with a bad CITEBOT_ANSWER_TIMEOUT: err %v", err)
	}

	code, out, errOut := runCLI(t, map[string]string{"CITEBOT_DATA_DIR": t.TempDir(), "CITEBOT_QUOTA_PER_MINUTE": "lots"}, "", "ask", "What was Douyin's GMV in 2024?")
	if code != 0 || !strings.Contains(out, "[1]") || !strings.Contains(errOut, "warning: CITEBOT_QUOTA_PER_MINUTE") {
		t.Errorf("ask with a bad Discord setting: exit %d, stdout %q, stderr %q; want an answer and a warning", code, out, errOut)
	}
}

// Every variable is documented once in the README's table, with its default, and in .env.example.
func TestEveryVariableIsDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "| `") {
			cells := strings.Split(line, "|")
			name := strings.Trim(strings.TrimSpace(cells[1]), "`")
			if _, dup := rows[name]; dup && strings.ToUpper(name) == name {
				t.Errorf("README documents %s twice", name)
			}
			rows[name] = line
		}
	}
	var c Config
	for _, s := range c.settings() {
		row, ok := rows[s.name]
		if !ok {
			t.Errorf("README has no table row for %s", s.name)
			continue
		}
		cells := strings.Split(row, "|")
		if len(cells) < 5 {
			t.Errorf("README row for %s has %d cells, want | name | default | surfaces | meaning |", s.name, len(cells)-2)
			continue
		}
		def := strings.Trim(strings.TrimSpace(cells[2]), "`")
		if want := cmp.Or(s.def, "—"); def != want {
			t.Errorf("README: %s default %q, want %q", s.name, def, want)
		}
		if got := strings.TrimSpace(cells[3]); got != s.surfaces {
			t.Errorf("README: %s surfaces %q, want %q", s.name, got, s.surfaces)
		}
		if !strings.Contains(string(example), "\n"+s.name+"=") {
			t.Errorf(".env.example lacks %s", s.name)
		}
	}
}

func TestWebLimitVariables(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, _, err := loadConfig(env(nil), "serve")
	if err != nil || c.Web.RequestsPerMinute != 60 || c.Web.StreamsPerClient != 2 {
		t.Errorf("defaults: %d requests a minute, %d streams, %v; want 60, 2", c.Web.RequestsPerMinute, c.Web.StreamsPerClient, err)
	}
	c, _, err = loadConfig(env(map[string]string{"CITEBOT_WEB_REQUESTS_PER_MINUTE": "0", "CITEBOT_WEB_STREAMS_PER_CLIENT": "0"}), "serve")
	if err != nil || c.Web.RequestsPerMinute != 0 || c.Web.StreamsPerClient != 0 {
		t.Errorf("0 (off): got %d, %d, %v; want 0, 0", c.Web.RequestsPerMinute, c.Web.StreamsPerClient, err)
	}
	_, _, err = loadConfig(env(map[string]string{"CITEBOT_WEB_REQUESTS_PER_MINUTE": "-1", "CITEBOT_WEB_STREAMS_PER_CLIENT": "many"}), "serve")
	for _, name := range []string{"CITEBOT_WEB_REQUESTS_PER_MINUTE", "CITEBOT_WEB_STREAMS_PER_CLIENT"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("bad values: error %v does not name %s", err, name)
		}
	}
}

// CITEBOT_MIN_CONFIDENCE moves the offline answerer's operating point: 0 answers a near miss the
// default refuses, 1 refuses an answer the default gives, and a value outside 0-1 is refused
// naming the variable.
func TestMinConfidence(t *testing.T) {
	abstained := func(level, q string) bool {
		t.Helper()
		env := baseEnv(t)
		if level != "" {
			env["CITEBOT_MIN_CONFIDENCE"] = level
		}
		code, out, errOut := runCLI(t, env, "", "ask", "--json", q)
		if code != 0 {
			t.Fatalf("ask with CITEBOT_MIN_CONFIDENCE=%q: exit %d, %s", level, code, errOut)
		}
		var a struct {
			Abstained bool `json:"abstained"`
		}
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatalf("ask --json: %v: %s", err, out)
		}
		return a.Abstained
	}
	const nearMiss = "How much did Alibaba invest in Meituan?"
	const answered = "What was the GMV of Taobao live in 2019?"
	if !abstained("", nearMiss) || abstained("0", nearMiss) {
		t.Errorf("%q: want refused by default and answered with CITEBOT_MIN_CONFIDENCE=0", nearMiss)
	}
	if abstained("", answered) || !abstained("1", answered) {
		t.Errorf("%q: want answered by default and refused with CITEBOT_MIN_CONFIDENCE=1", answered)
	}
	env := baseEnv(t)
	env["CITEBOT_MIN_CONFIDENCE"] = "70%"
	if code, _, errOut := runCLI(t, env, "", "ask", "x"); code != 1 || !strings.Contains(errOut, "CITEBOT_MIN_CONFIDENCE") || !strings.Contains(errOut, "0 to 1") {
		t.Errorf("CITEBOT_MIN_CONFIDENCE=70%%: exit %d, %q; want exit 1 naming the variable and the range", code, errOut)
	}
}

// CITEBOT_TRUSTED_PROXIES: unset trusts nobody; a list of addresses and blocks reaches web.Config;
// a bad entry stops serve with an error naming the variable and every bad entry (ask, which serves
// nothing, only warns).
func TestTrustedProxiesVariable(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string { return map[string]string{"CITEBOT_TRUSTED_PROXIES": v}[k] }
	}
	c, _, err := loadConfig(env(""), "serve")
	if err != nil || c.Web.TrustedProxies != nil {
		t.Errorf("unset: TrustedProxies %v, err %v; want none", c.Web.TrustedProxies, err)
	}
	c, _, err = loadConfig(env("127.0.0.1, 10.0.0.0/8,::1 ,fd00::/8"), "serve")
	want := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("fd00::/8")}
	if err != nil || !slices.Equal(c.Web.TrustedProxies, want) {
		t.Errorf("a list: TrustedProxies %v, err %v; want %v", c.Web.TrustedProxies, err, want)
	}
	const bad = "127.0.0.1,10.0.0.0/33,proxy.example,fe80::1%eth0,::1"
	_, _, err = loadConfig(env(bad), "serve")
	if err == nil {
		t.Fatalf("serve with CITEBOT_TRUSTED_PROXIES=%s: no error", bad)
	}
	msg := err.Error()
	for _, s := range []string{"CITEBOT_TRUSTED_PROXIES", `"10.0.0.0/33"`, `"proxy.example"`, `"fe80::1%eth0"`} {
		if !strings.Contains(msg, s) {
			t.Errorf("error %q does not name %s", msg, s)
		}
	}
	if strings.Contains(msg, `"127.0.0.1"`) || strings.Contains(msg, `"::1"`) {
		t.Errorf("error %q names a good entry", msg)
	}
	if _, w, err := loadConfig(env(bad), "ask"); err != nil || len(w) != 1 {
		t.Errorf("ask with a bad CITEBOT_TRUSTED_PROXIES: err %v, warnings %v; want one warning", err, w)
	}
	code, _, errOut := runCLI(t, map[string]string{"CITEBOT_DATA_DIR": t.TempDir(), "CITEBOT_HTTP_ADDR": freeAddr(t),
		"CITEBOT_TRUSTED_PROXIES": "10.0.0.0/8,10.0.0.0/64"}, "", "serve")
	if code != 1 || !strings.Contains(errOut, `CITEBOT_TRUSTED_PROXIES: "10.0.0.0/64"`) {
		t.Errorf("serve with a bad CITEBOT_TRUSTED_PROXIES: exit %d, stderr %q; want exit 1 naming the variable and the entry", code, errOut)
	}
}

package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/bot"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/llm"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/web"
)

// Config is citebot's whole configuration, read once from the environment (and .env) by
// [loadConfig] and validated all at once. It holds each package's configuration as that package
// declares it, filled here and only here: every default is in [Config.settings], and the packages
// receive explicit values (their own zero-value defaults are for library use). Flags override the
// fields they name; run adds what is wired rather than configured (loggers, metrics, callbacks).
type Config struct {
	SeedsDir string // "" means the corpus embedded in the binary
	Watch    bool   // serve follows the corpus folder
	// LogDays is the question log's retention in days; 0 turns the log off.
	LogDays int
	// AnswerDays is how many days a kept answer (a reply cut short on Discord, shown whole at
	// /answers/{id}) stays readable: 0 keeps none, [noAgeLimit] keeps the newest
	// [archive.DefaultMax] however old.
	AnswerDays int
	// Index configures the index (DataDir, MaxFileBytes; the corpus, embedder and logger are wired
	// by run).
	Index retrieval.Config

	Embedder   string // "offline" or "openai"
	EmbedModel string
	EmbedBatch int

	// Model configures the OpenAI-compatible client (Logger and HTTPClient are wired by run).
	Model llm.Config
	// Answer configures the answer engine (ModelName, PromptsDir; the index, model client, links
	// and logger are wired by run).
	Answer answer.Config

	PublicURL           string
	CitationURLTemplate string

	// Web configures the web surface (Links, Logger and Metrics are wired by run).
	Web web.Config
	// Discord configures the bot (DataDir, Sources, OnRejected and Logger are wired by run).
	Discord bot.Config

	LogLevel  slog.Level
	LogFormat string
}

// scope says which runs a setting matters to, and so whether a bad value stops a command: a
// Discord-only setting never stops "citebot ask".
type scope int

const (
	scopeAll     scope = iota // every command that loads the configuration
	scopeServe                // the servers: "citebot serve" (web and Discord)
	scopeDiscord              // the Discord bot: "citebot serve" with DISCORD_TOKEN set
)

// setting is one environment variable: its default, the surfaces it affects (for the README's
// table), and how it is parsed into a [Config]. set returns what is wrong with a value, never
// repeating a secret.
type setting struct {
	name     string
	def      string // the default, written as in the environment; "" means none
	surfaces string
	scope    scope
	secret   bool
	help     string
	set      func(v string) error
}

// everywhere is the surfaces column of a setting that every command uses.
const everywhere = "CLI, web, Discord"

// settings lists every variable citebot reads, in the order of the README's table, bound to the
// fields of c they fill. This table is where every default lives.
func (c *Config) settings() []setting {
	d := &c.Discord
	return []setting{
		{"CITEBOT_SEEDS_DIR", "", everywhere, scopeAll, false, "folder of .txt, .md, .html, .docx and .pdf documents (recursively); unset: the corpus built into the binary", folder(&c.SeedsDir)},
		{"CITEBOT_DATA_DIR", ".citebot", everywhere, scopeAll, false, "where the index, Discord feedback and the question log are kept", text(&c.Index.DataDir)},
		{"CITEBOT_MAX_FILE_BYTES", strconv.Itoa(retrieval.DefaultMaxFileBytes), everywhere, scopeAll, false, "documents larger than this many bytes (20 MiB) are skipped with a warning", integer64(&c.Index.MaxFileBytes, 1, 1<<40)},
		{"CITEBOT_LOG_DAYS", "30", everywhere, scopeAll, false, "days the question log keeps each question (for citebot gaps); 0 turns the log off and deletes it", integer(&c.LogDays, 0, 3650)},
		{"CITEBOT_ANSWER_DAYS", "unlimited", "web, Discord", scopeServe, false, "days a Discord reply too long for three messages stays readable whole at /answers/{id} (1-3650), deleted after; 0: none kept (the cut reply has no link) and those kept are deleted; unlimited: the newest 1,000 kept however old", days(&c.AnswerDays)},
		{"CITEBOT_LOCK_TIMEOUT", "2m", everywhere, scopeAll, false, "how long a command waits while another citebot updates the index in the same data folder, before it gives up saying so", duration(&c.Index.LockTimeout)},
		{"CITEBOT_WATCH", "true", "web, Discord", scopeServe, false, "serve follows the corpus folder: changed, new and deleted files are re-indexed in the background (SIGHUP reloads too); false: only on SIGHUP", boolean(&c.Watch)},
		{"CITEBOT_EMBEDDER", "offline", everywhere, scopeAll, false, "offline (no network) or openai (an OpenAI-compatible /embeddings endpoint)", oneOf(&c.Embedder, "offline", "openai")},
		{"CITEBOT_EMBED_MODEL", "text-embedding-3-small", everywhere, scopeAll, false, "embedding model when CITEBOT_EMBEDDER=openai; changing it re-embeds everything", text(&c.EmbedModel)},
		{"CITEBOT_EMBED_BATCH", "128", everywhere, scopeAll, false, "inputs per embeddings request (1-2048)", integer(&c.EmbedBatch, 1, 2048)},
		{"OPENAI_BASE_URL", "", everywhere, scopeAll, false, "OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama; setting it (or the key) switches to model mode", httpURL(&c.Model.BaseURL, "http://localhost:11434/v1")},
		{"OPENAI_API_KEY", "", everywhere, scopeAll, true, "API key; setting it (or the base URL) switches to model mode; never printed", text(&c.Model.APIKey)},
		{"CITEBOT_CHAT_MODEL", "gpt-4o-mini", everywhere, scopeAll, false, "chat model for answers and summaries", text(&c.Answer.ModelName)},
		{"CITEBOT_MODEL_TIMEOUT", "60s", everywhere, scopeAll, false, "timeout of each model call attempt", duration(&c.Model.Timeout)},
		{"CITEBOT_MODEL_RETRIES", "3", everywhere, scopeAll, false, "retries on 429 and 5xx (0-10; 0: none)", retries(&c.Model.MaxRetries)},
		{"CITEBOT_MAX_ANSWER_TOKENS", strconv.Itoa(answer.DefaultMaxAnswerTokens), everywhere, scopeAll, false, "longest model reply in tokens, sent as max_tokens (64-32768); at most 8 bytes a token are kept, and a longer reply is cut with a notice", integer(&c.Answer.MaxAnswerTokens, 64, 32768)},
		{"CITEBOT_MIN_CONFIDENCE", strconv.FormatFloat(answer.DefaultMinConfidence, 'f', -1, 64), everywhere, scopeAll, false, "offline answers: the estimated chance of a right answer under which citebot abstains and shows the closest passages instead (0-1; 0: answer whenever there is evidence; higher: fewer wrong answers, more refusals; see Evaluation)", confidence(&c.Answer.MinConfidence)},
		{"CITEBOT_PROMPTS_DIR", "", everywhere, scopeAll, false, "folder of prompt templates replacing the built-in ones (same file names as prompts/templates)", folder(&c.Answer.PromptsDir)},
		{"CITEBOT_HTTP_ADDR", "127.0.0.1:8080", "web; links on every surface", scopeAll, false, "listen address of the web server (0.0.0.0:8080 in a container); links point at it unless CITEBOT_PUBLIC_URL is set", hostPort(&c.Web.Addr)},
		{"CITEBOT_PUBLIC_URL", "", "links on every surface", scopeAll, false, "base of every citation link (CLI, Discord, web), e.g. https://citebot.example.org; unset: http:// and the listen address", publicURL(&c.PublicURL)},
		{"CITEBOT_CITATION_URL_TEMPLATE", "", "links on every surface", scopeAll, false, "send citation links elsewhere; placeholders {file} {paragraph} {start_line} {end_line} {start_byte} {end_byte} {page}", template(&c.CitationURLTemplate)},
		{"CITEBOT_WEB_REQUESTS_PER_MINUTE", "60", "web", scopeServe, false, "answers, searches and source pages one client address may request per minute, in bursts of half of it (0: no limit); past it 429 with Retry-After", integer(&c.Web.RequestsPerMinute, 0, 100000)},
		{"CITEBOT_WEB_STREAMS_PER_CLIENT", "2", "web", scopeServe, false, "answers and summaries one client address may have in progress at once (0: no limit); past it 429", integer(&c.Web.StreamsPerClient, 0, 1000)},
		{"CITEBOT_TRUSTED_PROXIES", "", "web", scopeServe, false, "comma-separated addresses and CIDR blocks of reverse proxies (e.g. 127.0.0.1,10.0.0.0/8,::1) whose X-Forwarded-For (or Forwarded) names the client for the per-client limits; unset: forwarding headers are ignored", ipBlocks(&c.Web.TrustedProxies)},
		{"CITEBOT_ADMIN_TOKEN", "", "web", scopeServe, true, "bearer token that opens /gaps to clients other than loopback (16 characters or more); never printed", secretToken(&c.Web.AdminToken, 16)},
		{"CITEBOT_MAX_QUESTION_LENGTH", "1000", "web, Discord", scopeServe, false, "longest question accepted, in characters (10-4000); longer ones are refused with no model call", integer(&c.Web.MaxQuestionLen, 10, 4000)},
		{"CITEBOT_MAX_CONCURRENT", "4", "web, Discord", scopeServe, false, "answers computed at once, per surface (1-256)", integer(&c.Web.MaxConcurrentAsks, 1, 256)},
		{"CITEBOT_ANSWER_TIMEOUT", "5m", "web, Discord", scopeServe, false, "longest time for one answer or summary; the user is told when it runs out", duration(&c.Web.AskTimeout)},
		{"CITEBOT_SHUTDOWN_GRACE", "30s", "web, Discord", scopeServe, false, "on SIGINT/SIGTERM, how long answers in flight may take to finish", duration(&c.Web.ShutdownTimeout)},
		{"DISCORD_TOKEN", "", "Discord", scopeDiscord, true, "the bot token; serve connects to Discord only when it is set; never printed", text(&d.Token)},
		{"DISCORD_GUILD_ID", "", "Discord", scopeDiscord, false, "register the slash commands in this server only (instant) instead of globally", snowflake(&d.GuildID)},
		{"DISCORD_API_URL", "https://discord.com/api", "Discord", scopeDiscord, false, "Discord's REST API, e.g. a rate-limit proxy; /api is added if it has no path, the version (/v9) always", httpURL(&d.APIURL, "https://discord.com/api")},
		{"DISCORD_MESSAGE_CONTENT", "false", "Discord", scopeDiscord, false, "request the privileged Message Content intent (follow-ups in threads without a mention)", boolean(&d.MessageContent)},
		{"CITEBOT_ALLOW_GUILDS", "", "Discord", scopeDiscord, false, "comma-separated server IDs where the bot works", snowflakes(&d.AllowGuilds)},
		{"CITEBOT_ALLOW_CHANNELS", "", "Discord", scopeDiscord, false, "comma-separated channel IDs (a thread counts as its parent channel)", snowflakes(&d.AllowChannels)},
		{"CITEBOT_ALLOW_ROLES", "", "Discord", scopeDiscord, false, "comma-separated role IDs, one of which the user needs; with any allow-list set, DMs are refused", snowflakes(&d.AllowRoles)},
		{"CITEBOT_FORUM_CHANNELS", "", "Discord", scopeDiscord, false, "comma-separated forum channel IDs whose new posts the bot answers", snowflakes(&d.ForumChannels)},
		{"CITEBOT_QUOTA_PER_MINUTE", "5", "Discord", scopeDiscord, false, "questions one user may ask per minute; 0 or negative: no quota", integer(&d.QuotaPerMinute, -1<<31, 1000)},
		{"CITEBOT_MAX_QUEUE", "32", "Discord", scopeDiscord, false, "questions waiting for an answering slot (0-10000; 0: no queue); past it a polite busy reply", integer(&d.MaxQueue, 0, 10000)},
		{"CITEBOT_LOG_LEVEL", "info", everywhere, scopeAll, false, "debug, info, warn or error (one-shot commands log warnings and errors only)", logLevel(&c.LogLevel)},
		{"CITEBOT_LOG_FORMAT", "text", everywhere, scopeAll, false, "text or json", oneOf(&c.LogFormat, "text", "json")},
	}
}

// ModelConfigured reports whether an OpenAI-compatible model is configured: only then does citebot
// call one. There is no other way to reach a paid API.
func (c Config) ModelConfigured() bool { return c.Model.APIKey != "" || c.Model.BaseURL != "" }

// Links returns the citation link builder: links go to CITEBOT_PUBLIC_URL, or to the listen
// address (a wildcard host such as 0.0.0.0 becomes 127.0.0.1, which a browser can open).
func (c Config) Links() links.Builder {
	base := c.PublicURL
	if base == "" {
		base = "http://" + browsableAddr(c.Web.Addr)
	}
	return links.Builder{Base: base, Template: c.CitationURLTemplate}
}

// browsableAddr turns a listen address into one a browser on this machine can open: a wildcard
// host (0.0.0.0, ::, none) becomes 127.0.0.1.
func browsableAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// loadConfig reads every setting through getenv for command cmd. An unset (or empty) variable takes
// its default; a set one is parsed as written, so 0 means 0. It returns every problem at once, each
// naming its variable and never a secret. Problems with settings cmd does not use (Discord settings
// for "ask", say) do not stop it: they come back as warnings.
func loadConfig(getenv func(string) string, cmd string) (Config, []error, error) {
	var c Config
	var problems []problemAt
	for _, s := range c.settings() {
		v := strings.TrimSpace(getenv(s.name))
		if v == "" {
			v = s.def
		}
		if v == "" {
			continue
		}
		if err := s.set(v); err != nil {
			problems = append(problems, problemAt{s.scope, fmt.Errorf("%s: %w", s.name, err)})
		}
	}
	problems = append(problems, c.crossChecks()...)
	active := map[scope]bool{scopeAll: true, scopeServe: cmd == "serve", scopeDiscord: cmd == "serve" && c.Discord.Token != ""}
	var errs, warnings []error
	for _, p := range problems {
		if active[p.scope] {
			errs = append(errs, p.err)
		} else {
			warnings = append(warnings, fmt.Errorf("%w (ignored: %s does not use it)", p.err, userOf(cmd, p.scope)))
		}
	}
	c.fillDerived()
	return c, warnings, errors.Join(errs...)
}

// userOf names, for a warning, the run that ignores a setting of scope s: "serve without
// DISCORD_TOKEN" rather than "serve" for a Discord setting, since serve does use it once a token is set.
func userOf(cmd string, s scope) string {
	if cmd == "serve" && s == scopeDiscord {
		return "serve without DISCORD_TOKEN"
	}
	return cmd
}

// problemAt is a configuration problem and the runs it matters to.
type problemAt struct {
	scope scope
	err   error
}

// crossChecks reports problems that involve more than one variable.
func (c *Config) crossChecks() []problemAt {
	var out []problemAt
	if c.Embedder == "openai" && !c.ModelConfigured() {
		out = append(out, problemAt{scopeAll, errors.New("CITEBOT_EMBEDDER: is openai but neither OPENAI_API_KEY nor OPENAI_BASE_URL is set")})
	}
	return out
}

// fillDerived copies the settings that several packages share into each package's configuration.
func (c *Config) fillDerived() {
	d := &c.Discord
	d.MaxConcurrent = c.Web.MaxConcurrentAsks
	d.MaxQuestionLen = c.Web.MaxQuestionLen
	d.AnswerTimeout = c.Web.AskTimeout
	d.ShutdownGrace = c.Web.ShutdownTimeout
}

// The parsers below make a setting's set function. Each error says what is wrong with the value
// and what would be right; none is used for a secret except text, which cannot fail.

func text(p *string) func(string) error {
	return func(v string) error { *p = v; return nil }
}

func oneOf(p *string, allowed ...string) func(string) error {
	return func(v string) error {
		v = strings.ToLower(v)
		for _, a := range allowed {
			if v == a {
				*p = v
				return nil
			}
		}
		return fmt.Errorf("%q is not %s", v, strings.Join(allowed, " or "))
	}
}

func integer(p *int, lo, hi int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			if lo <= -1<<31 {
				return fmt.Errorf("%q is not a whole number up to %d", v, hi)
			}
			return fmt.Errorf("%q is not a whole number from %d to %d", v, lo, hi)
		}
		*p = n
		return nil
	}
}

// noAgeLimit is the AnswerDays of answers kept however old.
const noAgeLimit = -1

// days reads a number of days from 0 to 3650, or "unlimited" ([noAgeLimit]).
func days(p *int) func(string) error {
	return func(v string) error {
		if strings.EqualFold(v, "unlimited") {
			*p = noAgeLimit
			return nil
		}
		if err := integer(p, 0, 3650)(v); err != nil {
			return fmt.Errorf("%q is not a whole number of days from 0 to 3650, nor unlimited", v)
		}
		return nil
	}
}

func integer64(p *int64, lo, hi int64) func(string) error {
	return func(v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%q is not a whole number of bytes from %d to %d", v, lo, hi)
		}
		*p = n
		return nil
	}
}

// retries parses CITEBOT_MODEL_RETRIES. The llm package reads 0 as its own default and a negative
// value as none, so "0" (none) is passed on as -1.
func retries(p *int) func(string) error {
	parse := integer(p, 0, 10)
	return func(v string) error {
		if err := parse(v); err != nil {
			return err
		}
		if *p == 0 {
			*p = -1
		}
		return nil
	}
}

// confidence parses CITEBOT_MIN_CONFIDENCE, a probability. The answer package reads 0 as its own
// default and a negative value as never abstaining, so "0" (never) is passed on as -1.
func confidence(p *float64) func(string) error {
	return func(v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			return fmt.Errorf("%q is not a number from 0 to 1 such as 0.7", v)
		}
		*p = f
		if f == 0 {
			*p = -1
		}
		return nil
	}
}

func boolean(p *bool) func(string) error {
	return func(v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*p = b
		return nil
	}
}

func duration(p *time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("%q is not a positive duration such as 30s or 2m", v)
		}
		*p = d
		return nil
	}
}

func folder(p *string) func(string) error {
	return func(v string) error {
		fi, err := os.Stat(v)
		if err != nil {
			return fmt.Errorf("folder %q does not exist or cannot be read", v)
		}
		if !fi.IsDir() {
			return fmt.Errorf("%q is not a folder", v)
		}
		*p = v
		return nil
	}
}

func httpURL(p *string, example string) func(string) error {
	return func(v string) error {
		v = strings.TrimRight(v, "/")
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q is not an http(s) URL such as %s", v, example)
		}
		*p = v
		return nil
	}
}

func publicURL(p *string) func(string) error {
	return func(v string) error {
		v = strings.TrimRight(v, "/")
		if err := links.ValidateBase(v); err != nil {
			return err
		}
		*p = v
		return nil
	}
}

func template(p *string) func(string) error {
	return func(v string) error {
		if err := links.ValidateTemplate(v); err != nil {
			return err
		}
		*p = v
		return nil
	}
}

func hostPort(p *string) func(string) error {
	return func(v string) error {
		if _, _, err := net.SplitHostPort(v); err != nil {
			return fmt.Errorf("%q is not host:port such as 127.0.0.1:8080", v)
		}
		*p = v
		return nil
	}
}

// secretToken checks a secret token without ever repeating it.
func secretToken(p *string, minLen int) func(string) error {
	return func(v string) error {
		switch {
		case strings.ContainsAny(v, " \t\r\n"):
			return errors.New("contains white space: set it to the bare token")
		case len(v) < minLen:
			return fmt.Errorf("is %d characters long: use at least %d, e.g. the output of `openssl rand -hex 32`", len(v), minLen)
		}
		*p = v
		return nil
	}
}

func snowflake(p *string) func(string) error {
	return func(v string) error {
		if _, err := strconv.ParseUint(v, 10, 64); err != nil {
			return fmt.Errorf("%q is not a Discord ID (a number)", v)
		}
		*p = v
		return nil
	}
}

func snowflakes(p *[]string) func(string) error {
	return func(v string) error {
		var bad []string
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			if _, err := strconv.ParseUint(f, 10, 64); err != nil {
				bad = append(bad, strconv.Quote(f))
				continue
			}
			*p = append(*p, f)
		}
		if len(bad) > 0 {
			return fmt.Errorf("%s: not a Discord ID (a number)", strings.Join(bad, ", "))
		}
		return nil
	}
}

// ipBlocks parses a comma-separated list of IP addresses and CIDR blocks (an address is a block of
// itself: 10.0.0.1 is 10.0.0.1/32). It names every entry that is neither, such as a host name,
// which would need a DNS lookup whose answer can change under a running server.
func ipBlocks(p *[]netip.Prefix) func(string) error {
	return func(v string) error {
		var blocks []netip.Prefix
		var bad []string
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			b, err := parseBlock(f)
			if err != nil {
				bad = append(bad, strconv.Quote(f))
				continue
			}
			blocks = append(blocks, b)
		}
		if len(bad) > 0 {
			return fmt.Errorf("%s: not an IP address or CIDR block such as 127.0.0.1, 10.0.0.0/8 or ::1", strings.Join(bad, ", "))
		}
		*p = blocks
		return nil
	}
}

// parseBlock parses one IP address or CIDR block, without an IPv6 zone.
func parseBlock(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a.Zone() != "" {
		return netip.Prefix{}, errors.New("an address with a zone")
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func logLevel(p *slog.Level) func(string) error {
	return func(v string) error {
		if err := p.UnmarshalText([]byte(v)); err != nil {
			return fmt.Errorf("%q is not debug, info, warn or error", v)
		}
		return nil
	}
}

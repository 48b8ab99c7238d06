package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/citebot/citebot/links"
)

// Config is citebot's whole configuration, read once from the environment (and .env) and
// validated all at once. Flags override the fields they name.
type Config struct {
	SeedsDir string // "" means the corpus embedded in the binary
	DataDir  string

	Embedder   string // "offline" or "openai"
	EmbedModel string
	EmbedBatch int

	OpenAIBaseURL string
	OpenAIAPIKey  string // secret: never logged or printed
	ChatModel     string
	ModelTimeout  time.Duration
	ModelRetries  int
	PromptsDir    string

	HTTPAddr            string
	PublicURL           string
	CitationURLTemplate string
	// Per-client limits of the web surface; 0 turns a limit off.
	WebRequestsPerMinute int
	WebStreamsPerClient  int

	LogLevel  slog.Level
	LogFormat string

	Discord DiscordConfig
}

// DiscordConfig is the bot's part of the configuration.
type DiscordConfig struct {
	Token          string // secret: never logged or printed
	GuildID        string
	APIURL         string
	MessageContent bool
	AllowGuilds    []string
	AllowChannels  []string
	AllowRoles     []string
	QuotaPerMinute int
	MaxConcurrent  int
	MaxQueue       int
	MaxQuestionLen int
	AnswerTimeout  time.Duration
	ShutdownGrace  time.Duration
}

// ModelConfigured reports whether an OpenAI-compatible model is configured: only then does citebot
// call one. There is no other way to reach a paid API.
func (c Config) ModelConfigured() bool { return c.OpenAIAPIKey != "" || c.OpenAIBaseURL != "" }

// Links returns the citation link builder: links go to CITEBOT_PUBLIC_URL, or to the listen
// address (a wildcard host such as 0.0.0.0 becomes 127.0.0.1, which a browser can open).
func (c Config) Links() links.Builder {
	base := c.PublicURL
	if base == "" {
		host, port, err := net.SplitHostPort(c.HTTPAddr)
		if err == nil && (host == "" || host == "0.0.0.0" || host == "::") {
			host = "127.0.0.1"
		}
		base = "http://" + net.JoinHostPort(host, port)
	}
	return links.Builder{Base: base, Template: c.CitationURLTemplate}
}

// loadConfig reads every variable through getenv and returns all problems at once, each naming its
// variable. Secrets are never part of an error message.
func loadConfig(getenv func(string) string) (Config, error) {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	str := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	integer := func(name string, def, lo, hi int) int {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			bad(name, "%q is not a whole number from %d to %d", v, lo, hi)
			return def
		}
		return n
	}
	boolean := func(name string) bool {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return false
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			bad(name, "%q is not true or false", v)
		}
		return b
	}
	duration := func(name string, def time.Duration) time.Duration {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			bad(name, "%q is not a positive duration such as 30s or 2m", v)
			return def
		}
		return d
	}
	list := func(name string) []string {
		var out []string
		for _, f := range strings.FieldsFunc(getenv(name), func(r rune) bool { return r == ',' || r == ' ' }) {
			if _, err := strconv.ParseUint(f, 10, 64); err != nil {
				bad(name, "%q is not a Discord ID (a number)", f)
				continue
			}
			out = append(out, f)
		}
		return out
	}

	c := Config{
		SeedsDir:             str("CITEBOT_SEEDS_DIR", ""),
		DataDir:              str("CITEBOT_DATA_DIR", ".citebot"),
		Embedder:             strings.ToLower(str("CITEBOT_EMBEDDER", "offline")),
		EmbedModel:           str("CITEBOT_EMBED_MODEL", "text-embedding-3-small"),
		EmbedBatch:           integer("CITEBOT_EMBED_BATCH", 128, 1, 2048),
		OpenAIBaseURL:        str("OPENAI_BASE_URL", ""),
		OpenAIAPIKey:         strings.TrimSpace(getenv("OPENAI_API_KEY")),
		ChatModel:            str("CITEBOT_CHAT_MODEL", "gpt-4o-mini"),
		ModelTimeout:         duration("CITEBOT_MODEL_TIMEOUT", 60*time.Second),
		ModelRetries:         integer("CITEBOT_MODEL_RETRIES", 3, 0, 10),
		PromptsDir:           str("CITEBOT_PROMPTS_DIR", ""),
		HTTPAddr:             str("CITEBOT_HTTP_ADDR", "127.0.0.1:8080"),
		PublicURL:            strings.TrimRight(str("CITEBOT_PUBLIC_URL", ""), "/"),
		CitationURLTemplate:  str("CITEBOT_CITATION_URL_TEMPLATE", ""),
		WebRequestsPerMinute: integer("CITEBOT_WEB_REQUESTS_PER_MINUTE", 60, 0, 100000),
		WebStreamsPerClient:  integer("CITEBOT_WEB_STREAMS_PER_CLIENT", 2, 0, 1000),
		LogFormat:            strings.ToLower(str("CITEBOT_LOG_FORMAT", "text")),
		Discord: DiscordConfig{
			Token:          strings.TrimSpace(getenv("DISCORD_TOKEN")),
			GuildID:        str("DISCORD_GUILD_ID", ""),
			APIURL:         strings.TrimRight(str("DISCORD_API_URL", ""), "/"),
			MessageContent: boolean("DISCORD_MESSAGE_CONTENT"),
			AllowGuilds:    list("CITEBOT_ALLOW_GUILDS"),
			AllowChannels:  list("CITEBOT_ALLOW_CHANNELS"),
			AllowRoles:     list("CITEBOT_ALLOW_ROLES"),
			QuotaPerMinute: integer("CITEBOT_QUOTA_PER_MINUTE", 5, 1, 1000),
			MaxConcurrent:  integer("CITEBOT_MAX_CONCURRENT", 4, 1, 256),
			MaxQueue:       integer("CITEBOT_MAX_QUEUE", 32, 0, 10000),
			MaxQuestionLen: integer("CITEBOT_MAX_QUESTION_LENGTH", 1000, 10, 4000),
			AnswerTimeout:  duration("CITEBOT_ANSWER_TIMEOUT", 5*time.Minute),
			ShutdownGrace:  duration("CITEBOT_SHUTDOWN_GRACE", 30*time.Second),
		},
	}
	if c.SeedsDir != "" {
		if fi, err := os.Stat(c.SeedsDir); err != nil {
			bad("CITEBOT_SEEDS_DIR", "folder %q does not exist or cannot be read", c.SeedsDir)
		} else if !fi.IsDir() {
			bad("CITEBOT_SEEDS_DIR", "%q is not a folder", c.SeedsDir)
		}
	}
	switch c.Embedder {
	case "offline":
	case "openai":
		if !c.ModelConfigured() {
			bad("CITEBOT_EMBEDDER", "is openai but neither OPENAI_API_KEY nor OPENAI_BASE_URL is set")
		}
	default:
		bad("CITEBOT_EMBEDDER", "%q is not offline or openai", c.Embedder)
	}
	if c.OpenAIBaseURL != "" {
		if u, err := url.Parse(c.OpenAIBaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("OPENAI_BASE_URL", "%q is not an http(s) URL such as http://localhost:11434/v1", c.OpenAIBaseURL)
		}
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		bad("CITEBOT_HTTP_ADDR", "%q is not host:port such as 127.0.0.1:8080", c.HTTPAddr)
	}
	if err := links.ValidateBase(c.PublicURL); err != nil {
		bad("CITEBOT_PUBLIC_URL", "%v", err)
	}
	if err := links.ValidateTemplate(c.CitationURLTemplate); err != nil {
		bad("CITEBOT_CITATION_URL_TEMPLATE", "%v", err)
	}
	if c.Discord.APIURL != "" {
		if u, err := url.Parse(c.Discord.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("DISCORD_API_URL", "%q is not an http(s) URL such as https://discord.com/api/v10", c.Discord.APIURL)
		}
	}
	if c.Discord.GuildID != "" {
		if _, err := strconv.ParseUint(c.Discord.GuildID, 10, 64); err != nil {
			bad("DISCORD_GUILD_ID", "%q is not a Discord ID (a number)", c.Discord.GuildID)
		}
	}
	if err := c.LogLevel.UnmarshalText([]byte(str("CITEBOT_LOG_LEVEL", "info"))); err != nil {
		bad("CITEBOT_LOG_LEVEL", "%q is not debug, info, warn or error", getenv("CITEBOT_LOG_LEVEL"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("CITEBOT_LOG_FORMAT", "%q is not text or json", c.LogFormat)
	}
	if err := errors.Join(errs...); err != nil {
		return c, fmt.Errorf("configuration:\n%w", err)
	}
	return c, nil
}

// Package bot puts citebot in Discord: slash commands (/ask, /summary, /sources, /help), the "Ask
// citebot" message command, mentions answered in a thread, new posts in forum channels answered in
// the post, follow-ups with the conversation's history, replies streamed with paced edits
// and rendered with citation links and a sources embed within Discord's limits, feedback buttons, and
// the limits a public bot needs (per-user quota, a concurrency cap with a bounded queue, allow-lists,
// question length), with graceful shutdown.
//
// The bot asks an [Answerer] (an *answer.Engine) for answers; it knows nothing of retrieval or models.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
)

// Answerer answers questions and summarises platforms; *answer.Engine implements it.
type Answerer interface {
	Ask(ctx context.Context, question string, opts answer.Options) (answer.Answer, error)
	Summarize(ctx context.Context, platform string, opts answer.Options) (answer.Summary, error)
	Platforms() []answer.PlatformInfo
}

// Source is one document of the corpus, as /sources lists it.
type Source struct {
	File  string
	Title string
	// URL opens the document in the source viewer.
	URL string
}

// Defaults for [Config] fields left zero.
const (
	DefaultAPIURL         = "https://discord.com/api"
	DefaultMaxConcurrent  = 4
	DefaultMaxQuestionLen = 1000
	DefaultAnswerTimeout  = 5 * time.Minute
	DefaultShutdownGrace  = 30 * time.Second
	// EditInterval is the least time between two edits of one reply while it streams.
	EditInterval = 1500 * time.Millisecond
	// interactionLifetime is how long Discord accepts edits and follow-ups with an interaction token.
	interactionLifetime = 15 * time.Minute
	// replyMargin is kept before the token expires to deliver the final reply.
	replyMargin = 45 * time.Second
)

// Config configures a [Bot]. The variable names in brackets are what cmd/citebot reads.
type Config struct {
	// Token is the bot token [DISCORD_TOKEN]. Required. It never appears in logs or errors.
	Token string
	// APIURL is the base URL of Discord's REST API [DISCORD_API_URL], e.g. a REST rate-limit proxy;
	// "/api" is added if it has no path, and the version ("/v9") is always added. Empty means
	// https://discord.com/api. The gateway address comes from this API's /gateway endpoint.
	APIURL string
	// GuildID, if set, registers the commands in that guild only (instantly) [DISCORD_GUILD_ID];
	// otherwise they are registered globally.
	GuildID string
	// MessageContent requests the privileged Message Content intent [DISCORD_MESSAGE_CONTENT], so that
	// follow-ups in the bot's threads need no mention or reply. It must be enabled in the developer
	// portal, or Discord closes the connection with code 4014.
	MessageContent bool
	// AllowGuilds, AllowChannels and AllowRoles, when not empty, restrict where and by whom the bot may
	// be used [CITEBOT_ALLOW_GUILDS, CITEBOT_ALLOW_CHANNELS, CITEBOT_ALLOW_ROLES, comma-separated IDs].
	// A thread is allowed when its parent channel is. With any of them set, DMs are refused.
	AllowGuilds, AllowChannels, AllowRoles []string
	// QuotaPerMinute is how many questions one user may ask per minute [CITEBOT_QUOTA_PER_MINUTE];
	// 0 or negative means no quota.
	QuotaPerMinute int
	// MaxConcurrent bounds the answers being computed at once [CITEBOT_MAX_CONCURRENT]; 0 means 4.
	MaxConcurrent int
	// MaxQueue bounds the questions waiting for a slot [CITEBOT_MAX_QUEUE]; past it the bot says it
	// is busy. 0 or negative means no queue: a question that finds every slot taken is turned away.
	MaxQueue int
	// MaxQuestionLen bounds a question in characters [CITEBOT_MAX_QUESTION_LENGTH]; longer ones are
	// refused without a model call. 0 means 1000.
	MaxQuestionLen int
	// AnswerTimeout bounds one answer [CITEBOT_ANSWER_TIMEOUT]; 0 means 5 minutes. Interaction replies
	// are always finished before Discord's 15-minute token expires.
	AnswerTimeout time.Duration
	// ShutdownGrace is how long answers in flight may take to finish once Run's context ends
	// [CITEBOT_SHUTDOWN_GRACE]; 0 means 30 s.
	ShutdownGrace time.Duration
	// DataDir is where feedback is stored (feedback.jsonl); "" keeps no feedback.
	DataDir string
	// Sources lists the corpus for /sources; nil means /sources says none are configured.
	Sources func() []Source
	// KeepFull, if set, keeps a reply too long for Discord (more than three messages) and returns the
	// URL of a web page that shows it whole; the reply is cut and links to it. cmd/citebot sets it
	// when CITEBOT_PUBLIC_URL is set. Without it a long reply is cut with a note.
	KeepFull func(ctx context.Context, rec archive.Record) (url string, err error)
	// ForumChannels lists forum channels whose new posts the bot answers [CITEBOT_FORUM_CHANNELS]:
	// the post's title and first message are the question, the answer is the post's first reply,
	// and follow-ups in the post work as in the threads the bot starts.
	ForumChannels []string
	// Questions records the questions answered and the votes they get (the question log); nil
	// records nothing.
	Questions QuestionLog
	// OnRejected, if set, is called when a question is turned away: reason "quota" (the user's quota
	// is used up) or "busy" (the queue is full). cmd/citebot counts these in /metrics.
	OnRejected func(reason string)
	// Logger receives the bot's logs; nil means slog.Default().
	Logger *slog.Logger
}

// Errors Run returns when Discord refuses the connection for good.
var (
	// ErrBadToken: Discord rejected the token (close code 4004 or HTTP 401).
	ErrBadToken = errors.New("Discord rejected the bot token")
	// ErrDisallowedIntent: the app asked for a privileged intent not enabled for it (close code 4014).
	ErrDisallowedIntent = errors.New("Discord refused a privileged gateway intent")
	// ErrGatewayRefused: another close code after which reconnecting cannot help (4010-4013).
	ErrGatewayRefused = errors.New("Discord closed the gateway for good")
)

// Bot is a Discord bot serving answers. Create it with [New] and start it with [Bot.Run].
type Bot struct {
	cfg   Config
	ans   Answerer
	log   *slog.Logger
	api   *url.URL
	quota *quota
	gate  *gate
	seen  *dedupe
	fb    *feedbackStore
	track inflight

	mu       sync.Mutex
	stopping bool
	appID    string
	botID    string
	threads  map[string]bool // channel ID -> is a thread the bot owns (cache)
	parents  map[string]string
	fatal    chan error
	ready    chan struct{} // closed at the first READY
	refresh  chan struct{} // RefreshCommands asks Run to register the commands again
	// hardCtx ends when the shutdown grace period is over; every handler's context derives from it.
	hardCtx    context.Context
	hardCancel context.CancelFunc
}

// New checks cfg and returns a bot that answers with a. Every problem in cfg is reported, each naming
// its variable.
func New(cfg Config, a Answerer) (*Bot, error) {
	var errs []error
	if strings.TrimSpace(cfg.Token) == "" {
		errs = append(errs, errors.New("DISCORD_TOKEN is empty: set it to the bot token from the Discord developer portal"))
	} else if strings.ContainsAny(cfg.Token, " \t\r\n") {
		errs = append(errs, errors.New("DISCORD_TOKEN contains spaces: set it to the bare token, without \"Bot \""))
	}
	if a == nil {
		errs = append(errs, errors.New("bot: no answerer"))
	}
	api, err := parseAPIURL(cfg.APIURL)
	if err != nil {
		errs = append(errs, err)
	}
	for name, v := range map[string]int{"CITEBOT_MAX_CONCURRENT": cfg.MaxConcurrent, "CITEBOT_MAX_QUESTION_LENGTH": cfg.MaxQuestionLen} {
		if v < 0 {
			errs = append(errs, fmt.Errorf("%s is %d: want a positive number", name, v))
		}
	}
	if cfg.AnswerTimeout < 0 || cfg.ShutdownGrace < 0 {
		errs = append(errs, errors.New("CITEBOT_ANSWER_TIMEOUT and CITEBOT_SHUTDOWN_GRACE must not be negative"))
	}
	for name, ids := range map[string][]string{"CITEBOT_ALLOW_GUILDS": cfg.AllowGuilds, "CITEBOT_ALLOW_CHANNELS": cfg.AllowChannels, "CITEBOT_ALLOW_ROLES": cfg.AllowRoles, "DISCORD_GUILD_ID": {cfg.GuildID}, "CITEBOT_FORUM_CHANNELS": cfg.ForumChannels} {
		for _, id := range ids {
			if id != "" && !isSnowflake(id) {
				errs = append(errs, fmt.Errorf("%s: %q is not a Discord ID (digits only)", name, id))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if cfg.MaxConcurrent == 0 {
		cfg.MaxConcurrent = DefaultMaxConcurrent
	}
	cfg.MaxQueue = max(cfg.MaxQueue, 0)
	if cfg.MaxQuestionLen == 0 {
		cfg.MaxQuestionLen = DefaultMaxQuestionLen
	}
	if cfg.AnswerTimeout == 0 {
		cfg.AnswerTimeout = DefaultAnswerTimeout
	}
	if cfg.ShutdownGrace == 0 {
		cfg.ShutdownGrace = DefaultShutdownGrace
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	b := &Bot{
		cfg:     cfg,
		ans:     a,
		log:     cfg.Logger,
		api:     api,
		quota:   newQuota(cfg.QuotaPerMinute, time.Minute),
		gate:    newGate(cfg.MaxConcurrent, cfg.MaxQueue),
		seen:    newDedupe(4096),
		fb:      newFeedbackStore(cfg.DataDir),
		threads: map[string]bool{},
		parents: map[string]string{},
		fatal:   make(chan error, 1),
		ready:   make(chan struct{}),
		refresh: make(chan struct{}, 1),
	}
	return b, nil
}

func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// parseAPIURL checks DISCORD_API_URL and returns the base the REST calls go to ("" = Discord itself).
func parseAPIURL(s string) (*url.URL, error) {
	if s == "" {
		return nil, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, fmt.Errorf("DISCORD_API_URL is %q: want an absolute http(s) URL such as %s", s, DefaultAPIURL)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	if u.Path == "" {
		u.Path = "/api"
	}
	u.RawPath = ""
	return u, nil
}

// apiTransport sends discordgo's requests for https://discord.com/api/... to another base URL. It
// replaces discordgo's package-level endpoint variables, which cannot be changed safely per session.
type apiTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t apiTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != "discord.com" || !strings.HasPrefix(r.URL.Path, "/api/") {
		return t.next.RoundTrip(r)
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host = t.base.Scheme, t.base.Host
	r2.URL.Path = t.base.Path + strings.TrimPrefix(r.URL.Path, "/api")
	r2.URL.RawPath = ""
	r2.Host = t.base.Host
	return t.next.RoundTrip(r2)
}

// intents returns the gateway intents the bot asks for: none privileged unless configured.
func (b *Bot) intents() discordgo.Intent {
	i := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if b.cfg.MessageContent {
		i |= discordgo.IntentMessageContent
	}
	return i
}

func (b *Bot) newSession() (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + b.cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("creating the Discord session: %w", err)
	}
	var rt http.RoundTripper = http.DefaultTransport
	if b.api != nil {
		rt = apiTransport{base: b.api, next: rt}
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: rt}
	s.Identify.Intents = b.intents()
	s.Debug = false                  // Debug logs every request header, the token included
	s.LogLevel = discordgo.LogError  // discordgo's own errors only; they name URLs, never the token
	s.ShouldReconnectOnError = false // the bot reconnects itself, and stops on fatal close codes
	s.ShouldRetryOnRateLimit = true  // calls that pass no option; replies pass their own
	s.StateEnabled = true
	s.SyncEvents = false // each event in its own goroutine; handlers recover their panics
	return s, nil
}

// Run connects to Discord, registers the commands and serves until ctx ends; then it stops taking
// questions, lets those in flight finish within the shutdown grace period and closes the session.
// It returns an error wrapping [ErrBadToken], [ErrDisallowedIntent] or [ErrGatewayRefused] when Discord
// refuses the connection for good, without retrying.
func (b *Bot) Run(ctx context.Context) error {
	s, err := b.newSession()
	if err != nil {
		return err
	}
	b.mu.Lock()
	b.hardCtx, b.hardCancel = context.WithCancel(context.WithoutCancel(ctx))
	b.mu.Unlock()
	defer b.hardCancel()

	s.AddHandler(b.onReady)
	s.AddHandler(func(s *discordgo.Session, e *discordgo.InteractionCreate) { b.onInteraction(s, e.Interaction) })
	s.AddHandler(b.onMessage)
	s.AddHandler(b.onThreadCreate)
	s.AddHandler(b.onForumPost)
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Disconnect) { b.onDisconnect(s) })

	b.log.Info("connecting to Discord", "api", b.apiName(), "intents", int(b.intents()), "message_content", b.cfg.MessageContent)
	b.warnForumsWithoutContent()
	if err := s.Open(); err != nil {
		return b.openError(err)
	}
	select { // handlers run in goroutines: wait for onReady to have seen the IDs
	case <-b.ready:
	case <-time.After(10 * time.Second):
		b.shutdown(s)
		return errors.New("connecting to Discord: no READY event within 10 s")
	}
	if err := b.registerCommands(ctx, s); err != nil {
		b.shutdown(s)
		if ctx.Err() != nil {
			return nil // stopped while registering (Ctrl-C at startup): a clean stop, not a failure
		}
		return err
	}
	b.log.Info("serving on Discord", "app", b.appID, "guild", b.cfg.GuildID)

	for {
		select {
		case <-ctx.Done():
			b.shutdown(s)
			return nil
		case err := <-b.fatal:
			b.shutdown(s)
			return err
		case <-b.refresh:
			if err := b.registerCommands(ctx, s); err != nil {
				b.log.Warn("registering the slash commands again after a catalog change failed; /summary keeps its old choices", "err", err)
			}
		}
	}
}

// RefreshCommands registers the slash commands again, so that /summary's platform choices follow
// a change of the answerer's catalog. It returns at once; Run does the work.
func (b *Bot) RefreshCommands() {
	select {
	case b.refresh <- struct{}{}:
	default: // one is pending already
	}
}

func (b *Bot) apiName() string {
	if b.api == nil {
		return DefaultAPIURL
	}
	return b.api.String()
}

// openError turns a failure to connect into a clear error; the fatal ones say what to fix.
func (b *Bot) openError(err error) error {
	var ce *websocket.CloseError
	var re *discordgo.RESTError
	switch {
	case errors.As(err, &ce) && ce.Code == 4004:
		return fmt.Errorf("%w (gateway close code 4004): check DISCORD_TOKEN, or reset the token under Bot in the developer portal", ErrBadToken)
	case errors.As(err, &ce) && ce.Code == 4014:
		return fmt.Errorf("%w (gateway close code 4014): DISCORD_MESSAGE_CONTENT=true needs the Message Content intent switched on under Bot > Privileged Gateway Intents in the developer portal; enable it or unset DISCORD_MESSAGE_CONTENT", ErrDisallowedIntent)
	case errors.As(err, &ce) && ce.Code >= 4010 && ce.Code <= 4013:
		return fmt.Errorf("%w (gateway close code %d: %s)", ErrGatewayRefused, ce.Code, ce.Text)
	case errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("%w (HTTP 401 from %s): check DISCORD_TOKEN", ErrBadToken, b.apiName())
	}
	return fmt.Errorf("connecting to Discord at %s: %w", b.apiName(), scrub(err, b.cfg.Token))
}

// fatalOpen reports whether a connection error means reconnecting cannot help.
func fatalOpen(err error) bool {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code == 4004 || (ce.Code >= 4010 && ce.Code <= 4014)
	}
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized
}

// scrub makes sure an error's text never carries the token.
func scrub(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "[token]"))
}

func (b *Bot) onReady(s *discordgo.Session, r *discordgo.Ready) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r.User != nil {
		b.botID = r.User.ID
	}
	b.appID = b.botID
	if r.Application != nil && r.Application.ID != "" {
		b.appID = r.Application.ID
	}
	select {
	case <-b.ready:
	default:
		close(b.ready)
	}
}

func (b *Bot) ids() (appID, botID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.appID, b.botID
}

// onDisconnect reconnects (resuming the session) unless the bot is stopping; fatal close codes end Run.
func (b *Bot) onDisconnect(s *discordgo.Session) {
	b.mu.Lock()
	stopping := b.stopping
	b.mu.Unlock()
	if stopping {
		return
	}
	go func() {
		wait := 500 * time.Millisecond
		for {
			err := s.Open()
			if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
				b.log.Info("reconnected to Discord")
				return
			}
			if fatalOpen(err) {
				select {
				case b.fatal <- b.openError(err):
				default:
				}
				return
			}
			b.log.Warn("reconnecting to Discord failed", "err", scrub(err, b.cfg.Token), "retry_in", wait)
			select {
			case <-time.After(wait):
			case <-b.hardCtx.Done():
				return
			}
			b.mu.Lock()
			stopping := b.stopping
			b.mu.Unlock()
			if stopping {
				return
			}
			wait = min(2*wait, time.Minute)
		}
	}()
}

// shutdown stops taking questions, waits for those in flight up to the grace period, then cancels
// what is left (each says so to its user) and closes the session.
func (b *Bot) shutdown(s *discordgo.Session) {
	b.mu.Lock()
	b.stopping = true
	b.mu.Unlock()
	b.log.Info("shutting down: finishing answers in flight", "grace", b.cfg.ShutdownGrace)
	graceCtx, cancel := context.WithTimeout(context.Background(), b.cfg.ShutdownGrace)
	err := b.track.wait(graceCtx)
	cancel()
	if err != nil {
		b.log.Warn("shutdown grace period over: stopping answers in flight", "in_flight", b.track.count())
		b.hardCancel()
		// Each stopped handler delivers a short final reply; give them a bounded moment.
		doneCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		b.track.wait(doneCtx)
		cancel()
	}
	b.track.close()
	if err := s.Close(); err != nil {
		b.log.Warn("closing the Discord session", "err", scrub(err, b.cfg.Token))
	}
	b.log.Info("disconnected from Discord")
}

// inflight counts the handlers running, so shutdown can wait for them.
type inflight struct {
	mu     sync.Mutex
	n      int
	closed bool
	idle   []chan struct{}
}

func (f *inflight) add() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	f.n++
	return true
}

func (f *inflight) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 {
		for _, ch := range f.idle {
			close(ch)
		}
		f.idle = nil
	}
}

func (f *inflight) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

func (f *inflight) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
}

// wait returns when no handler runs, or ctx's error when it ends first.
func (f *inflight) wait(ctx context.Context) error {
	f.mu.Lock()
	if f.n == 0 {
		f.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	f.idle = append(f.idle, ch)
	f.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

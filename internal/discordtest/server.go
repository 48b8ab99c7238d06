// Package discordtest runs an in-process fake Discord for tests: the REST API subset a bot uses and a
// gateway websocket, both on 127.0.0.1, speaking Discord's real wire protocol so that the real
// discordgo client can connect to it.
//
// The fake records every REST call with its time and body, checks message payloads against Discord's
// limits and its OpenAPI description, answers chosen routes with 429 and retry_after, and lets a test
// dispatch gateway events (slash and message commands, button clicks, messages, forum posts), drop
// the connection, replay events after a resume, or close the gateway with a given code. Like Discord,
// it withholds other users' message content from an application without the Message Content intent,
// over the gateway and over REST.
//
// Point a bot at it through its REST base URL, [Server.URL] (the API lives under /api/v9/), as the
// bot does with DISCORD_API_URL; the gateway address comes from the fake's /gateway endpoint.
package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Gateway intents the fake understands.
const (
	IntentGuilds         = 1 << 0
	IntentGuildMessages  = 1 << 9
	IntentDirectMessages = 1 << 12
	IntentMessageContent = 1 << 15
	// PrivilegedIntents are GUILD_MEMBERS, GUILD_PRESENCES and MESSAGE_CONTENT.
	PrivilegedIntents = 1<<1 | 1<<8 | IntentMessageContent
)

// Channel types.
const (
	ChannelGuildText    = 0
	ChannelDM           = 1
	ChannelPublicThread = 11
	ChannelGuildForum   = 15
)

// Options configure a fake Discord. The zero value works.
type Options struct {
	// Token is the bot token the fake accepts (without "Bot "). Default "test-token".
	Token string
	// AllowedIntents are the privileged intents the application may request; requesting any other
	// privileged intent makes IDENTIFY fail with close code 4014, as Discord does.
	AllowedIntents int
	// HeartbeatInterval sent in HELLO. Default 41.25 s (Discord's usual value).
	HeartbeatInterval time.Duration
	// SpecPath is Discord's OpenAPI description, used to validate request bodies. Default: the shared
	// copy beside the checkout, ../shared/discord-api-spec/openapi.json from the module root, else the
	// vendored copy (spec/openapi.json.gz); "-" disables the check.
	SpecPath string
}

// Call is one REST request the fake received.
type Call struct {
	At     time.Time
	Method string
	// Path is the request path below /api/v9, e.g. "/channels/1/messages".
	Path   string
	Query  string
	Body   []byte
	Status int
	// Route names the operation, e.g. "POST /channels/{channel_id}/messages".
	Route string
}

// JSON decodes the call's body into v.
func (c Call) JSON(v any) error { return json.Unmarshal(c.Body, v) }

// User is a Discord user as the fake sends it.
type User struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Bot      bool   `json:"bot,omitempty"`
}

// Channel is a channel or thread the fake knows.
type Channel struct {
	ID       string `json:"id"`
	Type     int    `json:"type"`
	GuildID  string `json:"guild_id,omitempty"`
	ParentID string `json:"parent_id,omitempty"`
	OwnerID  string `json:"owner_id,omitempty"`
	Name     string `json:"name,omitempty"`
}

// Ref is a message reference (a reply, or a thread's starter message).
type Ref struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id,omitempty"`
	GuildID   string `json:"guild_id,omitempty"`
}

// Message is a message stored by the fake.
type Message struct {
	ID         string          `json:"id"`
	ChannelID  string          `json:"channel_id"`
	GuildID    string          `json:"guild_id,omitempty"`
	Author     User            `json:"author"`
	Content    string          `json:"content"`
	Embeds     json.RawMessage `json:"embeds"`
	Components json.RawMessage `json:"components"`
	Flags      int             `json:"flags"`
	Type       int             `json:"type"`
	Reference  *Ref            `json:"message_reference,omitempty"`
	Mentions   []User          `json:"mentions"`
	Timestamp  time.Time       `json:"timestamp"`
	Edited     *time.Time      `json:"edited_timestamp"`
	// Edits counts the times the message was edited.
	Edits int `json:"-"`
	// Reactions are the emoji the bot added to the message, in order.
	Reactions []string `json:"-"`
	// Interaction is the token of the interaction this message answers, if any.
	Interaction string `json:"-"`
}

// Interaction is the fake's record of one dispatched interaction and what the bot did with it.
type Interaction struct {
	ID, Token   string
	Type        int
	ChannelID   string
	GuildID     string
	User        User
	Dispatched  time.Time
	Acked       time.Time // zero until the first callback
	AckType     int       // callback type of the first callback
	AckFlags    int
	Callbacks   int
	OriginalID  string // message ID of the original response
	FollowupIDs []string
	// Response is the data of the callback (autocomplete choices, an immediate message).
	Response json.RawMessage
}

// Server is a running fake Discord.
type Server struct {
	// URL is the base URL of the REST API without the version, e.g. "http://127.0.0.1:41234".
	URL string
	// AppID and Bot identify the application and its bot user.
	AppID string
	Bot   User

	opts Options
	http *httptest.Server
	spec *spec
	tb   testing.TB

	mu           sync.Mutex
	token        string
	nextID       int64
	calls        []Call
	problems     []string
	rateLimits   []*rateLimit
	commands     map[string]json.RawMessage // "" = global, else guild ID
	channels     map[string]*Channel
	messages     map[string][]*Message // by channel, oldest first
	interactions map[string]*Interaction
	members      map[string]Member // by guild ID + "/" + user ID
	gw           gateway
	changed      chan struct{} // closed and replaced on every change, for Wait
}

// New starts a fake Discord on 127.0.0.1; it stops when the test ends.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if opts.Token == "" {
		opts.Token = "test-token"
	}
	if opts.HeartbeatInterval == 0 {
		opts.HeartbeatInterval = 41250 * time.Millisecond
	}
	s := &Server{
		AppID:        "900000000000000001",
		Bot:          User{ID: "900000000000000001", Username: "citebot", Bot: true},
		opts:         opts,
		tb:           tb,
		token:        opts.Token,
		nextID:       1000000000000000000,
		commands:     map[string]json.RawMessage{},
		channels:     map[string]*Channel{},
		messages:     map[string][]*Message{},
		interactions: map[string]*Interaction{},
		members:      map[string]Member{},
		changed:      make(chan struct{}),
	}
	s.gw.sessions = map[string]*gwSession{}
	s.spec = openSpec(tb, opts.SpecPath)
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.http.URL
	tb.Cleanup(s.Close)
	return s
}

// openSpec loads Discord's OpenAPI description from path, or, when path is "", from beside the
// checkout ([findSpec]), or else the vendored copy ([vendoredSpec]): request bodies are always checked
// against a spec. A path that cannot be read fails the test; "-" disables the check.
func openSpec(tb testing.TB, path string) *spec {
	tb.Helper()
	if path == "-" {
		return nil
	}
	if path == "" {
		found, err := findSpec()
		if err != nil {
			sp, verr := loadVendoredSpec()
			if verr != nil {
				tb.Fatalf("discordtest: %v; and the vendored copy: %v", err, verr)
			}
			return sp
		}
		path = found
	}
	sp, err := loadSpec(path)
	if err != nil {
		tb.Fatalf("discordtest: %v", err)
	}
	return sp
}

// Close stops the server and closes any gateway connection.
func (s *Server) Close() {
	s.mu.Lock()
	if c := s.gw.conn; c != nil {
		c.ws.Close()
	}
	s.mu.Unlock()
	s.http.CloseClientConnections()
	s.http.Close()
}

// SetToken changes the accepted token; sessions identified with the old one fail to resume (4004).
func (s *Server) SetToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = token
}

func (s *Server) id() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

// notify wakes Wait callers; s.mu must be held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Wait blocks until cond (called with no lock held) returns true or timeout passes, and reports which.
func (s *Server) Wait(timeout time.Duration, cond func() bool) bool {
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-ch:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			return cond()
		}
	}
}

// Calls returns the REST calls received so far whose route matches route (e.g.
// "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original"); "" matches all.
func (s *Server) Calls(route string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if route == "" || c.Route == route {
			out = append(out, c)
		}
	}
	return out
}

// Problems returns every payload problem found so far: limits broken, allowed_mentions missing,
// bodies that do not match Discord's OpenAPI description, unknown routes.
func (s *Server) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.problems...)
}

// Commands returns the commands registered by bulk overwrite: guildID "" for global ones.
func (s *Server) Commands(guildID string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[guildID]
}

// AddChannel makes a channel known (a guild text channel, a DM...).
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cc := c
	s.channels[c.ID] = &cc
}

// Channel returns a known channel.
func (s *Server) Channel(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[id]
	if !ok {
		return Channel{}, false
	}
	return *c, true
}

// Messages returns a copy of the messages in a channel, oldest first.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages[channelID] {
		out = append(out, *m)
	}
	return out
}

// Message returns a copy of a message by ID.
func (s *Server) Message(id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.findMessage(id); m != nil {
		return *m, true
	}
	return Message{}, false
}

// Interaction returns the record of an interaction by ID.
func (s *Server) Interaction(id string) (Interaction, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, in := range s.interactions {
		if in.ID == id {
			return *in, true
		}
	}
	return Interaction{}, false
}

// rateLimit answers matching calls with 429.
type rateLimit struct {
	method string
	path   *regexp.Regexp
	times  int
	after  time.Duration
}

// RateLimit makes the next times calls whose method matches and whose path (below /api/v9) matches the
// regular expression pathRE answer 429 with retry_after.
func (s *Server) RateLimit(method, pathRE string, times int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimits = append(s.rateLimits, &rateLimit{method: method, path: regexp.MustCompile(pathRE), times: times, after: retryAfter})
}

func (s *Server) problem(format string, args ...any) {
	s.problems = append(s.problems, fmt.Sprintf(format, args...))
}

const apiPrefix = "/api/v9"

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.TrimSuffix(r.URL.Path, "/") == "/gateway-ws" {
		s.serveGateway(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	path, ok := strings.CutPrefix(r.URL.Path, apiPrefix)
	call := Call{At: time.Now(), Method: r.Method, Path: path, Query: r.URL.RawQuery, Body: body}
	status, resp := s.handle(r, &call, ok)
	call.Status = status

	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.notify()
	s.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusTooManyRequests {
		var rl struct {
			RetryAfter float64 `json:"retry_after"`
		}
		json.Unmarshal(resp, &rl)
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter+0.999)))
	}
	w.WriteHeader(status)
	if status != http.StatusNoContent {
		w.Write(resp)
	}
}

// route is one REST operation: a pattern of path segments ("{x}" matches any one segment).
type route struct {
	method, pattern string
	handle          func(s *Server, c *Call, p map[string]string) (int, any)
}

var routes = []route{
	{"GET", "/gateway", (*Server).getGateway},
	{"GET", "/gateway/bot", (*Server).getGatewayBot},
	{"GET", "/users/@me", func(s *Server, _ *Call, _ map[string]string) (int, any) { return 200, s.Bot }},
	{"PUT", "/applications/{application_id}/commands", (*Server).putCommands},
	{"PUT", "/applications/{application_id}/guilds/{guild_id}/commands", (*Server).putCommands},
	{"POST", "/interactions/{interaction_id}/{interaction_token}/callback", (*Server).callback},
	{"GET", "/webhooks/{application_id}/{interaction_token}/messages/@original", (*Server).getOriginal},
	{"PATCH", "/webhooks/{application_id}/{interaction_token}/messages/@original", (*Server).editOriginal},
	{"PATCH", "/webhooks/{application_id}/{interaction_token}/messages/{message_id}", (*Server).editFollowup},
	{"POST", "/webhooks/{application_id}/{interaction_token}", (*Server).followup},
	{"GET", "/channels/{channel_id}", (*Server).getChannel},
	{"GET", "/channels/{channel_id}/messages", (*Server).listMessages},
	{"GET", "/channels/{channel_id}/messages/{message_id}", (*Server).getMessage},
	{"POST", "/channels/{channel_id}/messages", (*Server).createMessage},
	{"PATCH", "/channels/{channel_id}/messages/{message_id}", (*Server).editMessage},
	{"POST", "/channels/{channel_id}/messages/{message_id}/threads", (*Server).startThread},
	{"POST", "/channels/{channel_id}/typing", func(*Server, *Call, map[string]string) (int, any) { return 204, nil }},
	{"PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", (*Server).addReaction},
	{"GET", "/guilds/{guild_id}/members/{user_id}", (*Server).getMember},
}

func matchRoute(method, path string) (*route, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := range routes {
		rt := &routes[i]
		if rt.method != method {
			continue
		}
		ps := strings.Split(strings.Trim(rt.pattern, "/"), "/")
		if len(ps) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for j, p := range ps {
			switch {
			case strings.HasPrefix(p, "{"):
				if p == "{message_id}" && segs[j] == "@original" {
					ok = false
				}
				params[strings.Trim(p, "{}")] = segs[j]
			case p != segs[j]:
				ok = false
			}
		}
		if ok {
			return rt, params
		}
	}
	return nil, nil
}

func (s *Server) handle(r *http.Request, c *Call, underAPI bool) (int, []byte) {
	if !underAPI {
		return errorJSON(404, 0, "404: Not Found")
	}
	rt, params := matchRoute(r.Method, c.Path)
	if rt == nil {
		s.mu.Lock()
		s.problem("unknown route %s %s", r.Method, c.Path)
		s.mu.Unlock()
		return errorJSON(404, 0, "404: Not Found")
	}
	c.Route = rt.method + " " + rt.pattern

	s.mu.Lock()
	defer s.mu.Unlock()
	// Interaction webhooks and callbacks are authenticated by their token, GET /gateway by nothing,
	// everything else by the bot's token.
	if !strings.HasPrefix(rt.pattern, "/interactions/") && !strings.HasPrefix(rt.pattern, "/webhooks/") && rt.pattern != "/gateway" &&
		r.Header.Get("Authorization") != "Bot "+s.token {
		return errorJSON(401, 0, "401: Unauthorized")
	}
	for _, rl := range s.rateLimits {
		if rl.times > 0 && rl.method == r.Method && rl.path.MatchString(c.Path) {
			rl.times--
			b, _ := json.Marshal(map[string]any{"message": "You are being rate limited.", "retry_after": rl.after.Seconds(), "global": false})
			return http.StatusTooManyRequests, b
		}
	}
	if len(c.Body) > 0 {
		s.validate(c, rt)
	}
	status, v := rt.handle(s, c, params)
	if status == 204 {
		return 204, nil
	}
	if e, ok := v.(apiError); ok {
		return errorJSON(status, e.code, e.msg)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return errorJSON(500, 0, err.Error())
	}
	return status, b
}

type apiError struct {
	code int
	msg  string
}

func errorJSON(status, code int, msg string) (int, []byte) {
	b, _ := json.Marshal(map[string]any{"message": msg, "code": code})
	return status, b
}

func (s *Server) getGateway(*Call, map[string]string) (int, any) {
	return 200, map[string]string{"url": s.wsURL()}
}

func (s *Server) getGatewayBot(*Call, map[string]string) (int, any) {
	return 200, map[string]any{"url": s.wsURL(), "shards": 1,
		"session_start_limit": map[string]int{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}
}

func (s *Server) wsURL() string { return "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway-ws" }

func (s *Server) putCommands(c *Call, p map[string]string) (int, any) {
	if p["application_id"] != s.AppID {
		return 404, apiError{10002, "Unknown Application"}
	}
	var cmds []map[string]any
	if err := json.Unmarshal(c.Body, &cmds); err != nil {
		return 400, apiError{50109, "The request body contains invalid JSON."}
	}
	for _, cmd := range cmds {
		cmd["id"] = s.id()
		cmd["application_id"] = s.AppID
		cmd["version"] = s.id()
	}
	b, _ := json.Marshal(cmds)
	s.commands[p["guild_id"]] = b
	return 200, cmds
}

// interactionByToken finds an interaction by its token; s.mu must be held.
func (s *Server) interactionByToken(token string) *Interaction {
	return s.interactions[token]
}

// messageBody is the part of a message payload the fake keeps.
type messageBody struct {
	Content    *string          `json:"content"`
	Embeds     *json.RawMessage `json:"embeds"`
	Components *json.RawMessage `json:"components"`
	Flags      int              `json:"flags"`
	Reference  *Ref             `json:"message_reference"`
}

func (s *Server) newMessage(channelID string, author User, b messageBody) *Message {
	m := &Message{ID: s.id(), ChannelID: channelID, Author: author, Timestamp: time.Now(), Flags: b.Flags,
		Embeds: json.RawMessage("[]"), Components: json.RawMessage("[]"), Mentions: []User{}}
	if ch := s.channels[channelID]; ch != nil {
		m.GuildID = ch.GuildID
	}
	s.apply(m, b)
	m.Reference = b.Reference
	if m.Reference != nil {
		m.Type = 19 // REPLY
	}
	s.messages[channelID] = append(s.messages[channelID], m)
	return m
}

func (s *Server) apply(m *Message, b messageBody) {
	if b.Content != nil {
		m.Content = *b.Content
	}
	if b.Embeds != nil && string(*b.Embeds) != "null" {
		m.Embeds = *b.Embeds
	}
	if b.Components != nil && string(*b.Components) != "null" {
		m.Components = *b.Components
	}
}

func (s *Server) callback(c *Call, p map[string]string) (int, any) {
	in := s.interactionByToken(p["interaction_token"])
	if in == nil || in.ID != p["interaction_id"] {
		return 404, apiError{10062, "Unknown interaction"}
	}
	var body struct {
		Type int          `json:"type"`
		Data *messageBody `json:"data"`
	}
	if err := json.Unmarshal(c.Body, &body); err != nil {
		return 400, apiError{50109, "The request body contains invalid JSON."}
	}
	in.Callbacks++
	if in.Callbacks > 1 {
		return 400, apiError{40060, "Interaction has already been acknowledged."}
	}
	if time.Since(in.Dispatched) > 3*time.Second {
		return 404, apiError{10062, "Unknown interaction"} // Discord's answer to a late acknowledgement
	}
	in.Acked, in.AckType = c.At, body.Type
	var raw struct {
		Data json.RawMessage `json:"data"`
	}
	json.Unmarshal(c.Body, &raw)
	in.Response = raw.Data
	switch body.Type {
	case 4, 5: // CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
		mb := messageBody{}
		if body.Data != nil {
			mb = *body.Data
			in.AckFlags = mb.Flags
		}
		if body.Type == 5 {
			mb.Content, mb.Embeds = nil, nil
			mb.Flags |= 128 // LOADING
		}
		m := s.newMessage(in.ChannelID, s.Bot, mb)
		m.Interaction = in.Token
		in.OriginalID = m.ID
	case 6, 7, 8, 9: // DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT, MODAL
	default:
		return 400, apiError{50035, "Invalid Form Body: unknown interaction callback type"}
	}
	return 204, nil
}

func (s *Server) original(token string) (*Interaction, *Message, *apiError) {
	in := s.interactionByToken(token)
	if in == nil {
		return nil, nil, &apiError{50027, "Invalid Webhook Token"}
	}
	if time.Since(in.Dispatched) > 15*time.Minute {
		return nil, nil, &apiError{50027, "Invalid Webhook Token"}
	}
	if in.OriginalID == "" {
		return in, nil, &apiError{10008, "Unknown Message"}
	}
	return in, s.findMessage(in.OriginalID), nil
}

func (s *Server) getOriginal(_ *Call, p map[string]string) (int, any) {
	_, m, e := s.original(p["interaction_token"])
	if e != nil {
		return 404, *e
	}
	return 200, s.messageJSON(m)
}

func (s *Server) editOriginal(c *Call, p map[string]string) (int, any) {
	_, m, e := s.original(p["interaction_token"])
	if e != nil {
		return 404, *e
	}
	return s.edit(c, m)
}

func (s *Server) edit(c *Call, m *Message) (int, any) {
	var b messageBody
	if err := json.Unmarshal(c.Body, &b); err != nil {
		return 400, apiError{50109, "The request body contains invalid JSON."}
	}
	s.apply(m, b)
	m.Flags &^= 128
	now := time.Now()
	m.Edited = &now
	m.Edits++
	return 200, s.messageJSON(m)
}

func (s *Server) followup(c *Call, p map[string]string) (int, any) {
	in := s.interactionByToken(p["interaction_token"])
	if in == nil || in.Acked.IsZero() {
		return 404, apiError{10015, "Unknown Webhook"}
	}
	var b messageBody
	if err := json.Unmarshal(c.Body, &b); err != nil {
		return 400, apiError{50109, "The request body contains invalid JSON."}
	}
	m := s.newMessage(in.ChannelID, s.Bot, b)
	m.Interaction = in.Token
	in.FollowupIDs = append(in.FollowupIDs, m.ID)
	return 200, s.messageJSON(m)
}

func (s *Server) editFollowup(c *Call, p map[string]string) (int, any) {
	in := s.interactionByToken(p["interaction_token"])
	if in == nil {
		return 404, apiError{10015, "Unknown Webhook"}
	}
	m := s.findMessage(p["message_id"])
	if m == nil || m.Interaction != in.Token {
		return 404, apiError{10008, "Unknown Message"}
	}
	return s.edit(c, m)
}

func (s *Server) findMessage(id string) *Message {
	for _, ms := range s.messages {
		for _, m := range ms {
			if m.ID == id {
				return m
			}
		}
	}
	return nil
}

// messageJSON renders a message as Discord does, with the replied-to message one level deep.
func (s *Server) messageJSON(m *Message) map[string]any {
	out := messageMap(m)
	if m.Reference != nil {
		if ref := s.findMessage(m.Reference.MessageID); ref != nil {
			out["referenced_message"] = messageMap(ref)
		} else {
			out["referenced_message"] = nil
		}
	}
	return out
}

func messageMap(m *Message) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	json.Unmarshal(b, &out)
	return out
}

// addReaction records the bot's reaction on a message, as PUT .../reactions/{emoji}/@me does.
func (s *Server) addReaction(_ *Call, p map[string]string) (int, any) {
	m := s.findMessage(p["message_id"])
	if m == nil || m.ChannelID != p["channel_id"] {
		return 404, apiError{10008, "Unknown Message"}
	}
	m.Reactions = append(m.Reactions, p["emoji"])
	return 204, nil
}

func (s *Server) getChannel(_ *Call, p map[string]string) (int, any) {
	ch := s.channels[p["channel_id"]]
	if ch == nil {
		return 404, apiError{10003, "Unknown Channel"}
	}
	return 200, ch
}

func (s *Server) listMessages(c *Call, p map[string]string) (int, any) {
	if s.channels[p["channel_id"]] == nil {
		return 404, apiError{10003, "Unknown Channel"}
	}
	q, _ := urlQuery(c.Query)
	limit := 50
	if l, err := strconv.Atoi(q["limit"]); err == nil && l > 0 && l <= 100 {
		limit = l
	}
	ms := s.messages[p["channel_id"]]
	var out []map[string]any
	for i := len(ms) - 1; i >= 0 && len(out) < limit; i-- {
		if before := q["before"]; before != "" && !idLess(ms[i].ID, before) {
			continue
		}
		out = append(out, s.restMessageJSON(ms[i]))
	}
	if out == nil {
		out = []map[string]any{}
	}
	return 200, out // newest first, as Discord returns them
}

func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func urlQuery(q string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k != "" {
			out[k] = v
		}
	}
	return out, nil
}

func (s *Server) getMessage(_ *Call, p map[string]string) (int, any) {
	m := s.findMessage(p["message_id"])
	if m == nil || m.ChannelID != p["channel_id"] {
		return 404, apiError{10008, "Unknown Message"}
	}
	return 200, s.restMessageJSON(m)
}

func (s *Server) createMessage(c *Call, p map[string]string) (int, any) {
	ch := s.channels[p["channel_id"]]
	if ch == nil {
		return 404, apiError{10003, "Unknown Channel"}
	}
	if ch.Type == ChannelGuildForum {
		return 400, apiError{50008, "Cannot send messages in a non-text channel"} // posts are threads
	}
	var b messageBody
	if err := json.Unmarshal(c.Body, &b); err != nil {
		return 400, apiError{50109, "The request body contains invalid JSON."}
	}
	if (b.Content == nil || *b.Content == "") && (b.Embeds == nil || len(bytes.TrimSpace(*b.Embeds)) <= 4) {
		return 400, apiError{50006, "Cannot send an empty message"}
	}
	m := s.newMessage(ch.ID, s.Bot, b)
	s.dispatchLocked("MESSAGE_CREATE", s.messageJSON(m), IntentGuildMessages|IntentDirectMessages)
	return 200, s.messageJSON(m)
}

func (s *Server) editMessage(c *Call, p map[string]string) (int, any) {
	m := s.findMessage(p["message_id"])
	if m == nil || m.ChannelID != p["channel_id"] {
		return 404, apiError{10008, "Unknown Message"}
	}
	if m.Author.ID != s.Bot.ID {
		return 403, apiError{50005, "Cannot edit a message authored by another user"}
	}
	return s.edit(c, m)
}

func (s *Server) startThread(c *Call, p map[string]string) (int, any) {
	parent := s.channels[p["channel_id"]]
	if parent == nil {
		return 404, apiError{10003, "Unknown Channel"}
	}
	if parent.Type != ChannelGuildText {
		return 400, apiError{50024, "Cannot execute action on this channel type"}
	}
	starter := s.findMessage(p["message_id"])
	if starter == nil || starter.ChannelID != parent.ID {
		return 404, apiError{10008, "Unknown Message"}
	}
	if s.channels[starter.ID] != nil {
		return 400, apiError{160004, "A thread has already been created for this message"}
	}
	var body struct {
		Name string `json:"name"`
	}
	json.Unmarshal(c.Body, &body)
	if n := len([]rune(body.Name)); n < 1 || n > 100 {
		s.problem("thread name has %d characters, want 1..100", n)
		return 400, apiError{50035, "Invalid Form Body: name"}
	}
	th := &Channel{ID: starter.ID, Type: ChannelPublicThread, GuildID: parent.GuildID, ParentID: parent.ID, OwnerID: s.Bot.ID, Name: body.Name}
	s.channels[th.ID] = th
	// Discord puts a THREAD_STARTER_MESSAGE at the start of the thread, pointing at the parent message.
	sm := s.newMessage(th.ID, starter.Author, messageBody{Reference: &Ref{MessageID: starter.ID, ChannelID: parent.ID, GuildID: parent.GuildID}})
	sm.Type = 21
	s.dispatchLocked("THREAD_CREATE", map[string]any{"id": th.ID, "type": th.Type, "guild_id": th.GuildID,
		"parent_id": th.ParentID, "owner_id": th.OwnerID, "name": th.Name, "newly_created": true}, IntentGuilds)
	return 201, th
}

// sortedKeys is used for stable problem messages.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// gateway is the fake's gateway state; guarded by Server.mu.
type gateway struct {
	conn       *gwConn
	sessions   map[string]*gwSession
	current    *gwSession
	identifies []Identify
	resumes    int
	replay     int // events to resend on the next resume even though the client saw them
	failNext   int // close code for the next IDENTIFY or RESUME, 0 = none
}

// gwSession is one gateway session: its sequence and every event dispatched in it.
type gwSession struct {
	id     string
	seq    int64
	intent int
	events []gwEvent
}

type gwEvent struct {
	seq  int64
	name string
	data json.RawMessage
	need int // intents of which one is needed to receive it, 0 = always
}

type gwConn struct {
	ws *websocket.Conn
	mu sync.Mutex // serialises writes
}

func (c *gwConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

// Identify is a recorded IDENTIFY payload (without the token).
type Identify struct {
	At      time.Time
	Intents int
}

type payload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	hello, _ := json.Marshal(map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()})
	if c.write(payload{Op: 10, D: hello}) != nil {
		ws.Close()
		return
	}
	for {
		var p payload
		if err := ws.ReadJSON(&p); err != nil {
			s.mu.Lock()
			if s.gw.conn == c {
				s.gw.conn = nil
			}
			s.notify()
			s.mu.Unlock()
			ws.Close()
			return
		}
		switch p.Op {
		case 1: // HEARTBEAT
			c.write(payload{Op: 11, D: json.RawMessage("null")})
		case 2:
			s.identify(c, p.D)
		case 6:
			s.resume(c, p.D)
		}
	}
}

func (s *Server) closeWith(c *gwConn, code int, text string) {
	c.mu.Lock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.mu.Unlock()
	c.ws.Close()
}

func (s *Server) tokenOK(t string) bool {
	return t == s.token || t == "Bot "+s.token
}

func (s *Server) identify(c *gwConn, d json.RawMessage) {
	var id struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
	}
	json.Unmarshal(d, &id)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.identifies = append(s.gw.identifies, Identify{At: time.Now(), Intents: id.Intents})
	if code := s.gw.failNext; code != 0 {
		s.gw.failNext = 0
		go s.closeWith(c, code, "closed by test")
		return
	}
	if !s.tokenOK(id.Token) {
		go s.closeWith(c, 4004, "Authentication failed.")
		return
	}
	if extra := id.Intents & PrivilegedIntents &^ s.opts.AllowedIntents; extra != 0 {
		go s.closeWith(c, 4014, "Disallowed intent(s).")
		return
	}
	sess := &gwSession{id: fmt.Sprintf("session-%d", len(s.gw.sessions)+1), intent: id.Intents}
	s.gw.sessions[sess.id] = sess
	s.gw.current = sess
	s.gw.conn = c
	ready := map[string]any{
		"v": 9, "user": map[string]any{"id": s.Bot.ID, "username": s.Bot.Username, "bot": true, "discriminator": "0"},
		"session_id": sess.id, "resume_gateway_url": s.wsURL(),
		"application": map[string]any{"id": s.AppID, "flags": 0},
		"guilds":      []any{}, "private_channels": []any{},
	}
	s.dispatchLocked("READY", ready, 0)
	s.notify()
}

func (s *Server) resume(c *gwConn, d json.RawMessage) {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	json.Unmarshal(d, &r)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.resumes++
	if code := s.gw.failNext; code != 0 {
		s.gw.failNext = 0
		go s.closeWith(c, code, "closed by test")
		return
	}
	if !s.tokenOK(r.Token) {
		go s.closeWith(c, 4004, "Authentication failed.")
		return
	}
	sess := s.gw.sessions[r.SessionID]
	if sess == nil {
		c.write(payload{Op: 9, D: json.RawMessage("false")})
		return
	}
	s.gw.current, s.gw.conn = sess, c
	from := r.Seq
	if s.gw.replay > 0 {
		from = max(0, from-int64(s.gw.replay))
		s.gw.replay = 0
	}
	for _, e := range sess.events {
		if e.seq > from && e.name != "READY" && (e.need == 0 || e.need&sess.intent != 0) {
			seq := e.seq
			c.write(payload{Op: 0, D: e.data, S: &seq, T: e.name})
		}
	}
	sess.seq++
	seq := sess.seq
	c.write(payload{Op: 0, D: json.RawMessage("{}"), S: &seq, T: "RESUMED"})
	s.notify()
}

// dispatchLocked sends an event in the current session (or keeps it for the next resume if the
// connection is down). need: intents of which the session must hold one, 0 = always. s.mu held.
func (s *Server) dispatchLocked(name string, data any, need int) {
	sess := s.gw.current
	if sess == nil {
		return
	}
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	sess.seq++
	e := gwEvent{seq: sess.seq, name: name, data: b, need: need}
	sess.events = append(sess.events, e)
	if need != 0 && need&sess.intent == 0 {
		return
	}
	if c := s.gw.conn; c != nil {
		seq := e.seq
		c.write(payload{Op: 0, D: b, S: &seq, T: name})
	}
}

// Dispatch sends a gateway event with the given name and data to the connected client.
func (s *Server) Dispatch(name string, data any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispatchLocked(name, data, 0)
}

// Connected reports whether a client has identified or resumed and is connected.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.conn != nil
}

// Identifies returns the IDENTIFY payloads received so far.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.gw.identifies...)
}

// Resumes returns how many RESUME requests the fake received.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.resumes
}

// Drop cuts the gateway connection without a close frame, as a network failure would. On the
// client's RESUME the fake replays the events it missed and, besides those, the last replay events it
// already received, as Discord may after a resume.
func (s *Server) Drop(replay int) {
	s.mu.Lock()
	c := s.gw.conn
	s.gw.conn = nil
	s.gw.replay = replay
	s.mu.Unlock()
	if c != nil {
		c.ws.UnderlyingConn().Close()
	}
}

// CloseGateway closes the connection with a close code, e.g. 4004 (authentication failed) or 4014
// (disallowed intents). The next IDENTIFY or RESUME fails with the same code if failAgain is set.
func (s *Server) CloseGateway(code int, failAgain bool) {
	s.mu.Lock()
	c := s.gw.conn
	s.gw.conn = nil
	if failAgain {
		s.gw.failNext = code
	}
	s.mu.Unlock()
	if c != nil {
		s.closeWith(c, code, "closed by test")
	}
}

// Member is the guild member part of an event: the user and their role IDs.
type Member struct {
	User  User
	Roles []string
}

// Option is one option of a slash command.
type Option struct {
	Name    string
	Value   any
	Focused bool
}

// InteractionSpec describes an interaction to dispatch.
type InteractionSpec struct {
	// Type: 2 application command, 3 message component, 4 autocomplete.
	Type      int
	GuildID   string // "" for a DM
	ChannelID string
	Member    Member
	// Command name and options (Type 2 and 4).
	Command string
	Options []Option
	// CustomID and MessageID of the clicked component (Type 3).
	CustomID  string
	MessageID string
	// TargetMessage makes a Type 2 interaction a message command (right-click a message → Apps →
	// Command) used on that message, which the interaction carries in data.resolved.messages.
	TargetMessage string
}

// SendInteraction dispatches an INTERACTION_CREATE and returns the interaction's record.
func (s *Server) SendInteraction(spec InteractionSpec) Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := &Interaction{ID: s.id(), Type: spec.Type, ChannelID: spec.ChannelID, GuildID: spec.GuildID, User: spec.Member.User}
	in.Token = "itoken-" + in.ID + strings.Repeat("x", 40)
	in.Dispatched = time.Now()
	s.interactions[in.Token] = in

	d := map[string]any{"id": in.ID, "application_id": s.AppID, "type": spec.Type, "token": in.Token,
		"version": 1, "channel_id": spec.ChannelID, "locale": "en-US", "app_permissions": "0"}
	if spec.GuildID != "" {
		d["guild_id"] = spec.GuildID
		roles := spec.Member.Roles
		if roles == nil {
			roles = []string{}
		}
		d["member"] = map[string]any{"user": spec.Member.User, "roles": roles, "permissions": "0"}
	} else {
		d["user"] = spec.Member.User
	}
	switch spec.Type {
	case 2, 4:
		if spec.TargetMessage != "" {
			d["data"] = s.messageCommandData(spec)
			break
		}
		var opts []map[string]any
		for _, o := range spec.Options {
			om := map[string]any{"name": o.Name, "value": o.Value, "type": optionType(o.Value)}
			if o.Focused {
				om["focused"] = true
			}
			opts = append(opts, om)
		}
		d["data"] = map[string]any{"id": s.id(), "name": spec.Command, "type": 1, "options": opts}
	case 3:
		d["data"] = map[string]any{"custom_id": spec.CustomID, "component_type": 2}
		if m := s.findMessage(spec.MessageID); m != nil {
			d["message"] = s.messageJSON(m)
		}
	}
	s.dispatchLocked("INTERACTION_CREATE", d, 0)
	s.notify()
	return *in
}

func optionType(v any) int {
	switch v.(type) {
	case bool:
		return 5
	case int, float64:
		return 4
	default:
		return 3
	}
}

// MessageSpec describes a message a user posts.
type MessageSpec struct {
	ChannelID string
	Author    Member
	Content   string
	// MentionBot adds the bot's mention "<@ID> " at the start of the content.
	MentionBot bool
	// ReplyTo is the ID of the message replied to; a reply to the bot mentions it unless NoReplyPing.
	ReplyTo     string
	NoReplyPing bool
}

// PostMessage stores a user's message and dispatches MESSAGE_CREATE. As Discord does, the content
// reaches the bot only if the session has the Message Content intent, or the message is a DM,
// mentions the bot or is the bot's own; otherwise the bot receives it with empty content.
func (s *Server) PostMessage(spec MessageSpec) Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[spec.ChannelID]
	if ch == nil {
		panic("discordtest: PostMessage to unknown channel " + spec.ChannelID)
	}
	content := spec.Content
	if spec.MentionBot {
		content = "<@" + s.Bot.ID + "> " + content
	}
	b := messageBody{Content: &content}
	if spec.ReplyTo != "" {
		b.Reference = &Ref{MessageID: spec.ReplyTo, ChannelID: ch.ID, GuildID: ch.GuildID}
	}
	m := s.newMessage(ch.ID, spec.Author.User, b)
	if spec.MentionBot {
		m.Mentions = append(m.Mentions, s.Bot)
	}
	if ref := s.findMessage(spec.ReplyTo); ref != nil && ref.Author.ID == s.Bot.ID && !spec.NoReplyPing && !spec.MentionBot {
		m.Mentions = append(m.Mentions, s.Bot)
	}
	s.dispatchUserMessageLocked(m, ch, spec.Author.Roles)
	s.notify()
	return *m
}

// dispatchUserMessageLocked dispatches MESSAGE_CREATE for a user's message m in ch, with the
// author's roles, blanking its content when the session lacks the Message Content intent and the
// message is neither a DM nor mentions the bot. s.mu held.
func (s *Server) dispatchUserMessageLocked(m *Message, ch *Channel, roles []string) {
	ev := s.messageJSON(m)
	if ch.GuildID != "" {
		if roles == nil {
			roles = []string{}
		}
		ev["member"] = map[string]any{"roles": roles}
	}
	sess := s.gw.current
	if sess != nil && sess.intent&IntentMessageContent == 0 && ch.Type != ChannelDM && !s.mentionsBot(m) {
		ev["content"] = ""
		ev["embeds"] = []any{}
	}
	need := IntentGuildMessages
	if ch.Type == ChannelDM {
		need = IntentDirectMessages
	}
	s.dispatchLocked("MESSAGE_CREATE", ev, need)
}

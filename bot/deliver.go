package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// target is where a reply goes: an interaction's original response and its follow-ups, or a
// placeholder message in a channel and further messages after it.
type target interface {
	// edit replaces the placeholder's content, embeds and components.
	edit(ctx context.Context, m message, comps []discordgo.MessageComponent) error
	// send posts one more message after the placeholder.
	send(ctx context.Context, m message, comps []discordgo.MessageComponent) error
}

// interactionTarget replies through an interaction token.
type interactionTarget struct {
	s         *discordgo.Session
	i         *discordgo.Interaction
	ephemeral bool
}

func (t interactionTarget) edit(ctx context.Context, m message, comps []discordgo.MessageComponent) error {
	embeds := nonNilEmbeds(m.Embeds)
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	_, err := t.s.InteractionResponseEdit(t.i, &discordgo.WebhookEdit{
		Content: &m.Content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
	return err
}

func (t interactionTarget) send(ctx context.Context, m message, comps []discordgo.MessageComponent) error {
	p := &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, Components: comps, AllowedMentions: noMentions()}
	if t.ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	_, err := t.s.FollowupMessageCreate(t.i, true, p, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
	return err
}

// channelTarget replies with messages in a channel (a thread, a DM, or the question's channel).
type channelTarget struct {
	s           *discordgo.Session
	channelID   string
	placeholder string // message ID to edit
}

func (t *channelTarget) edit(ctx context.Context, m message, comps []discordgo.MessageComponent) error {
	embeds := nonNilEmbeds(m.Embeds)
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	_, err := t.s.ChannelMessageEditComplex(&discordgo.MessageEdit{
		ID: t.placeholder, Channel: t.channelID, Content: &m.Content, Embeds: &embeds, Components: &comps,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
	return err
}

func (t *channelTarget) send(ctx context.Context, m message, comps []discordgo.MessageComponent) error {
	_, err := t.s.ChannelMessageSendComplex(t.channelID, &discordgo.MessageSend{
		Content: m.Content, Embeds: nonNilEmbeds(m.Embeds), Components: comps, AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
	return err
}

func nonNilEmbeds(e []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	if e == nil {
		return []*discordgo.MessageEmbed{}
	}
	return e
}

// maxRateLimitWaits bounds how often one call waits out a 429 (discordgo alone would retry forever).
const maxRateLimitWaits = 4

// retry runs call, waiting out rate limits (retry_after, bounded by ctx) up to maxRateLimitWaits times.
func retry(ctx context.Context, call func() error) error {
	for i := 0; ; i++ {
		err := call()
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) || i == maxRateLimitWaits {
			return err
		}
		wait := max(rl.RetryAfter, 50*time.Millisecond)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return err
		}
	}
}

// deliver sends a rendered reply: the first message replaces the placeholder, the others follow;
// the components (feedback buttons) go under the last one.
func deliver(ctx context.Context, t target, msgs []message, comps []discordgo.MessageComponent) error {
	for i, m := range msgs {
		var c []discordgo.MessageComponent
		if i == len(msgs)-1 {
			c = comps
		}
		var err error
		if i == 0 {
			err = retry(ctx, func() error { return t.edit(ctx, m, c) })
		} else {
			err = retry(ctx, func() error { return t.send(ctx, m, c) })
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// streamer edits a placeholder with the text streamed so far, at most once every EditInterval, and
// never blocks the model's token callback.
type streamer struct {
	t        target
	interval time.Duration

	mu        sync.Mutex
	text      strings.Builder
	dirty     bool
	lastEdit  time.Time
	notBefore time.Time // after a 429, no edit before this
	edits     int

	wake chan struct{}
	stop chan struct{}
	done chan struct{}
}

func newStreamer(t target, start time.Time) *streamer {
	return &streamer{t: t, interval: EditInterval, lastEdit: start, wake: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{})}
}

// onToken is the answer's streaming callback.
func (st *streamer) onToken(delta string) {
	st.mu.Lock()
	st.text.WriteString(delta)
	st.dirty = true
	st.mu.Unlock()
	select {
	case st.wake <- struct{}{}:
	default:
	}
}

// run edits the placeholder until finish is called.
func (st *streamer) run(ctx context.Context) {
	defer close(st.done)
	for {
		select {
		case <-st.stop:
			return
		case <-ctx.Done():
			return
		case <-st.wake:
		}
		for {
			st.mu.Lock()
			wait := time.Until(st.lastEdit.Add(st.interval))
			if w := time.Until(st.notBefore); w > wait {
				wait = w
			}
			st.mu.Unlock()
			if wait <= 0 {
				break
			}
			select {
			case <-st.stop:
				return
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
		st.mu.Lock()
		if !st.dirty {
			st.mu.Unlock()
			continue
		}
		text := preview(st.text.String())
		st.dirty = false
		st.lastEdit = time.Now()
		st.mu.Unlock()
		err := st.t.edit(ctx, message{Content: text}, nil)
		st.mu.Lock()
		st.lastEdit = time.Now() // pace from the end of the call, so edits arrive at least interval apart
		st.edits++
		var rl *discordgo.RateLimitError
		if errors.As(err, &rl) {
			st.notBefore = time.Now().Add(rl.RetryAfter)
			st.dirty = true // the text is still to show
		}
		st.mu.Unlock()
	}
}

// finish stops streaming edits and waits until the pacing allows the final edit.
func (st *streamer) finish(ctx context.Context) {
	close(st.stop)
	<-st.done
	st.mu.Lock()
	wait := time.Until(st.lastEdit.Add(st.interval))
	if st.edits == 0 {
		wait = 0 // nothing streamed: the final reply may go at once
	}
	if w := time.Until(st.notBefore); w > wait {
		wait = w
	}
	st.mu.Unlock()
	if wait > 0 {
		select {
		case <-time.After(wait):
		case <-ctx.Done():
		}
	}
}

package bot

import (
	"context"
	"sync"
	"time"
)

// quota allows each user a number of questions per window (a sliding window).
type quota struct {
	mu     sync.Mutex
	per    int
	window time.Duration
	hits   map[string][]time.Time
	// noticed is when each user was last told they are over the quota.
	noticed map[string]time.Time
	now     func() time.Time
}

func newQuota(per int, window time.Duration) *quota {
	return &quota{per: per, window: window, hits: map[string][]time.Time{}, noticed: map[string]time.Time{}, now: time.Now}
}

// notice reports whether user, over the quota, should be told so: the first time in a window yes,
// then no until the window has passed since that notice.
func (q *quota) notice(user string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.now()
	if at, ok := q.noticed[user]; ok && now.Sub(at) < q.window {
		return false
	}
	q.noticed[user] = now
	if len(q.noticed) > 10000 { // forget notices older than a window
		for u, at := range q.noticed {
			if now.Sub(at) >= q.window {
				delete(q.noticed, u)
			}
		}
	}
	return true
}

// take records a question by user and returns 0, or, when the user is over quota, how long until
// they may ask again (nothing is recorded then).
func (q *quota) take(user string) time.Duration {
	if q.per <= 0 {
		return 0
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.now()
	hs := q.hits[user]
	for len(hs) > 0 && now.Sub(hs[0]) >= q.window {
		hs = hs[1:]
	}
	if len(hs) >= q.per {
		q.hits[user] = hs
		return hs[0].Add(q.window).Sub(now)
	}
	q.hits[user] = append(hs, now)
	if len(q.hits) > 10000 { // forget users idle for a window
		for u, h := range q.hits {
			if len(h) == 0 || now.Sub(h[len(h)-1]) >= q.window {
				delete(q.hits, u)
			}
		}
	}
	return 0
}

// gate caps the answers computed at once and the questions waiting for a slot.
type gate struct {
	slots   chan struct{}
	mu      sync.Mutex
	tickets int // reserved: running + waiting
	max     int
}

func newGate(concurrent, queue int) *gate {
	return &gate{slots: make(chan struct{}, concurrent), max: concurrent + queue}
}

// reserve takes a place in the queue, or reports that the queue is full.
func (g *gate) reserve() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.tickets >= g.max {
		return false
	}
	g.tickets++
	return true
}

// acquire waits for a slot with a reservation; on error the reservation is given back.
func (g *gate) acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		g.unreserve()
		return ctx.Err()
	}
}

// release frees the slot and the reservation.
func (g *gate) release() {
	<-g.slots
	g.unreserve()
}

func (g *gate) unreserve() {
	g.mu.Lock()
	g.tickets--
	g.mu.Unlock()
}

// dedupe remembers recent event IDs so an event replayed by the gateway is handled once.
type dedupe struct {
	mu   sync.Mutex
	seen map[string]bool
	ring []string
	next int
}

func newDedupe(n int) *dedupe { return &dedupe{seen: map[string]bool{}, ring: make([]string, n)} }

// first reports whether id is seen for the first time, and remembers it.
func (d *dedupe) first(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen[id] {
		return false
	}
	if old := d.ring[d.next]; old != "" {
		delete(d.seen, old)
	}
	d.ring[d.next] = id
	d.next = (d.next + 1) % len(d.ring)
	d.seen[id] = true
	return true
}

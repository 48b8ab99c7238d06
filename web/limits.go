package web

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/citebot/citebot/metrics"
)

// clientLimits holds the per-client limits: a token bucket of requests per minute and a count of
// answers in progress, per client key ([clientKey]: the client's address, an IPv6 client's
// /64, behind a trusted reverse proxy the address it forwarded).
type clientLimits struct {
	perMinute  int // 0: no rate limit
	maxStreams int // 0: no per-client stream limit

	mu      sync.Mutex
	clients map[string]*client
	now     func() time.Time
}

type client struct {
	rate    *rate.Limiter
	streams int
	seen    time.Time
}

// maxClients bounds the clients remembered; past it, idle ones are forgotten.
const maxClients = 10000

func newClientLimits(perMinute, maxStreams int) *clientLimits {
	return &clientLimits{perMinute: perMinute, maxStreams: maxStreams, clients: map[string]*client{}, now: time.Now}
}

// get returns the client's state, creating it; l.mu must be held.
func (l *clientLimits) get(key string, now time.Time) *client {
	c, ok := l.clients[key]
	if !ok {
		if len(l.clients) >= maxClients {
			l.forgetIdle(now)
		}
		// A burst of half a minute's allowance: a page load and a few quick questions pass at once.
		c = &client{rate: rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), max(1, l.perMinute/2))}
		l.clients[key] = c
	}
	c.seen = now
	return c
}

// forgetIdle drops clients with no stream that have not been seen for a minute (their bucket is
// full again by then, so forgetting them changes nothing); l.mu must be held.
func (l *clientLimits) forgetIdle(now time.Time) {
	for k, c := range l.clients {
		if c.streams == 0 && now.Sub(c.seen) >= time.Minute {
			delete(l.clients, k)
		}
	}
}

// allow takes one request from the client's allowance, or returns how long until one is available.
func (l *clientLimits) allow(key string) time.Duration {
	if l.perMinute <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	res := l.get(key, now).rate.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return d
	}
	return 0
}

// beginStream counts one more answer in progress for the client, or reports that it has too many.
// The returned function ends it.
func (l *clientLimits) beginStream(key string) (end func(), ok bool) {
	if l.maxStreams <= 0 {
		return func() {}, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.get(key, l.now())
	if c.streams >= l.maxStreams {
		return nil, false
	}
	c.streams++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			c.streams--
			l.mu.Unlock()
		})
	}, true
}

// retryAfter formats a wait as whole seconds for the Retry-After header (at least 1).
func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

// rateLimited wraps a route with the per-client request rate: past it, 429 with Retry-After.
func (s *Server) rateLimited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := clientKey(r, s.cfg.TrustedProxies)
		if wait := s.clients.allow(key); wait > 0 {
			s.metrics.QuotaRejection(metrics.SurfaceWeb)
			s.log.Debug("refused a request: per-client rate", "client", key, "peer", r.RemoteAddr, "path", r.URL.Path)
			w.Header().Set("Retry-After", retryAfter(wait))
			writeError(w, http.StatusTooManyRequests, "too many requests from your address: the limit is "+
				strconv.Itoa(s.cfg.RequestsPerMinute)+" a minute; retry in "+retryAfter(wait)+" s")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// acquireSlot waits up to the queue wait for one of the answering slots. It reports why it failed:
// errBusy when no slot freed in time, or the context's error when the client left.
func (s *Server) acquireSlot(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(s.cfg.AskQueueWait)
	defer t.Stop()
	select {
	case s.askSlots <- struct{}{}:
		return func() { <-s.askSlots }, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// attempt carries what one HTTP attempt needs to tell the retry loop and to ask of the transport.
// It travels in the request's context because go-openai hides the response of a failed call.
type attempt struct {
	// zeroTemperature asks the transport to add "temperature": 0 to the JSON body.
	zeroTemperature bool

	// Set by the transport.
	header       http.Header // response headers of a failed (status >= 400) response
	transportErr error       // the request never got a response
}

type attemptKey struct{}

// transport is the go-openai HTTPDoer: it records what the retry loop needs from each response.
type transport struct{ hc *http.Client }

// Do sends req, first adding a zero temperature if asked to.
func (t transport) Do(req *http.Request) (*http.Response, error) {
	a, _ := req.Context().Value(attemptKey{}).(*attempt)
	if a != nil && a.zeroTemperature && req.Body != nil {
		if err := setZeroTemperature(req); err != nil {
			return nil, fmt.Errorf("setting temperature 0 in the request body: %w", err)
		}
	}
	resp, err := t.hc.Do(req)
	if a != nil {
		if err != nil {
			a.transportErr = err
		} else if resp.StatusCode >= 400 {
			a.header = resp.Header
		}
	}
	return resp, err
}

// setZeroTemperature adds "temperature": 0 to a JSON request body. go-openai's request types
// declare temperature with omitempty, so a requested 0 would otherwise not be sent and the server
// would sample at its default (1 for OpenAI).
func setZeroTemperature(req *http.Request) error {
	raw, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return err
	}
	if _, ok := fields["temperature"]; !ok {
		fields["temperature"] = json.RawMessage("0")
		if raw, err = json.Marshal(fields); err != nil {
			return err
		}
	}
	req.Body = io.NopCloser(bytes.NewReader(raw))
	req.ContentLength = int64(len(raw))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil }
	return nil
}

// do runs call until it succeeds, fails for good, or the retries run out. Each call gets a
// fresh attempt, also reachable from its context. op says what is being done, for errors and logs.
func (c *Client) do(ctx context.Context, op string, setup func(*attempt), call func(ctx context.Context, a *attempt) error) error {
	for retry := 0; ; retry++ {
		a := &attempt{}
		if setup != nil {
			setup(a)
		}
		start := time.Now()
		err := call(context.WithValue(ctx, attemptKey{}, a), a)
		if err == nil {
			c.log.Debug("llm: request done", "op", op, "attempt", retry+1, "latency_ms", time.Since(start).Milliseconds())
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("llm: %s: %w", op, ctx.Err())
		}
		var te *timeoutError
		if errors.As(err, &te) || errors.Is(err, ErrStreamInterrupted) {
			return c.scrub(fmt.Errorf("llm: %s: %w", op, err))
		}
		err, again := c.classify(err, a)
		if !again {
			return c.scrub(fmt.Errorf("llm: %s: %w", op, err))
		}
		if retry >= c.maxRetries {
			return c.scrub(fmt.Errorf("llm: %s: giving up after %s: %w", op, attempts(retry+1), err))
		}

		wait := c.backoff(retry)
		var ae *APIError
		if errors.As(err, &ae) && ae.RetryAfter > 0 {
			if ae.RetryAfter > c.maxRetryAfter {
				return c.scrub(fmt.Errorf("llm: %s: not retrying, the server asked to wait %s (more than %s): %w",
					op, ae.RetryAfter, c.maxRetryAfter, err))
			}
			wait = ae.RetryAfter
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return c.scrub(fmt.Errorf("llm: %s: not retrying, the deadline comes before the next attempt in %s: %w", op, wait, err))
		}
		c.log.Warn("llm: retrying", "op", op, "attempt", retry+1, "max_retries", c.maxRetries,
			"delay_ms", wait.Milliseconds(), "error", c.redact(err.Error()))
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("llm: %s: %w while waiting to retry", op, err)
		}
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Backoff bounds of the default policy.
const (
	backoffBase = 500 * time.Millisecond
	backoffMax  = 8 * time.Second
)

// defaultBackoff is exponential backoff with jitter: retry n waits a random duration in
// [d/2, d], d = 500ms·2ⁿ capped at 8s, so clients that failed together do not retry together.
func defaultBackoff(retry int) time.Duration {
	d := backoffMax
	if retry < 5 {
		d = min(backoffBase<<retry, backoffMax)
	}
	return d/2 + rand.N(d/2+1)
}

// maxRetryAfterSecs clamps absurd Retry-After values before they overflow a time.Duration; any
// value this large is far beyond Config.MaxRetryAfter anyway.
const maxRetryAfterSecs = 1e6

// parseRetryAfter reads how long the server asked the client to wait: Retry-After-Ms
// (milliseconds, sent by OpenAI), else Retry-After in seconds or as an HTTP date. A date in the
// past means no wait.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if h == nil {
		return 0, false
	}
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(min(ms, maxRetryAfterSecs*1000) * float64(time.Millisecond)), true
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, maxRetryAfterSecs) * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// attempts says how many attempts were made: "1 attempt", "3 attempts".
func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// Package llm is citebot's client for OpenAI-compatible APIs (OpenAI, Ollama, LM Studio, vLLM,
// llama.cpp): chat completions, streamed or not, and batched embeddings.
//
// It wraps github.com/sashabaranov/go-openai and adds what that library leaves out:
//
//   - a timeout on every attempt ([Config.Timeout]);
//   - retries with jittered exponential backoff on 429, 5xx and network errors, honouring the
//     server's Retry-After (seconds or an HTTP date) and Retry-After-Ms headers, and no retry on
//     errors that cannot heal by waiting (insufficient_quota, 400, 401, 403, 404);
//   - a streamed call that breaks after text was delivered is not retried (that would repeat the
//     text); it fails with [ErrStreamInterrupted];
//   - typed errors ([APIError]) that say what was being done;
//   - a temperature of 0 that is really sent (go-openai drops it as an empty value);
//   - only the answer's content reaches the caller: a reasoning model's reasoning_content (or
//     reasoning) field, streamed or not, is never part of Content or of the deltas;
//   - the API key never appears in an error or a log line.
//
// A [Client] is safe for concurrent use. It does not bound concurrency; callers do.
package llm

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Defaults applied by [New] to zero fields of [Config].
const (
	DefaultBaseURL        = "https://api.openai.com/v1"
	DefaultTimeout        = 60 * time.Second
	DefaultMaxRetries     = 3
	DefaultMaxRetryAfter  = 30 * time.Second
	DefaultEmbedBatchSize = 128
)

// maxRetriesLimit bounds Config.MaxRetries: beyond it a caller waits minutes on a dead server.
const maxRetriesLimit = 10

// Config configures a [Client]. The zero value of every field but BaseURL/APIKey is usable.
type Config struct {
	// BaseURL is the API's base URL, usually ending in /v1 (for Ollama
	// http://localhost:11434/v1). Empty means [DefaultBaseURL], which requires APIKey.
	BaseURL string
	// APIKey is sent as a bearer token. It may be empty for local servers. It never appears in
	// errors or logs.
	APIKey string
	// Timeout bounds each attempt. For a streamed chat it bounds the wait for each chunk, so a long
	// answer that keeps flowing is not cut off. An attempt that times out is not retried: the
	// timeout is the caller's budget for a slow server. 0 means [DefaultTimeout].
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt is retried. 0 means [DefaultMaxRetries];
	// a negative value disables retries.
	MaxRetries int
	// MaxRetryAfter is the longest Retry-After the client will wait for. A server asking for a
	// longer wait (a daily limit, say) gets no retry: the error is returned at once, with
	// [APIError.RetryAfter] set. 0 means [DefaultMaxRetryAfter].
	MaxRetryAfter time.Duration
	// Backoff returns the pause before retry number retry (0 for the first retry) when the server
	// gives no Retry-After. nil means jittered exponential backoff from 500ms, capped at 8s.
	// Tests set it to return a millisecond.
	Backoff func(retry int) time.Duration
	// Logger receives retry warnings and per-request debug lines. nil discards them.
	Logger *slog.Logger
	// HTTPClient sends the requests. nil means a new http.Client; timeouts come from contexts.
	HTTPClient *http.Client
}

// String describes the configuration without the API key.
func (c Config) String() string {
	return fmt.Sprintf("llm.Config{BaseURL:%q APIKey:%s Timeout:%s MaxRetries:%d}",
		c.BaseURL, maskKey(c.APIKey), c.Timeout, c.MaxRetries)
}

// LogValue logs the configuration without the API key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("api_key", maskKey(c.APIKey)),
		slog.Duration("timeout", c.Timeout),
		slog.Int("max_retries", c.MaxRetries),
	)
}

func maskKey(key string) string {
	if key == "" {
		return "unset"
	}
	return "set"
}

// Client calls an OpenAI-compatible API. Create it with [New].
type Client struct {
	api           *openai.Client
	key           string
	timeout       time.Duration
	maxRetries    int
	maxRetryAfter time.Duration
	backoff       func(retry int) time.Duration
	log           *slog.Logger
}

// New validates cfg, fills in defaults and returns a client. Every problem is reported at once,
// each naming the field; the API key's value is never part of an error.
func New(cfg Config) (*Client, error) {
	var errs []error
	if cfg.BaseURL == "" {
		if cfg.APIKey == "" {
			errs = append(errs, errors.New("APIKey is required for the OpenAI API (or set BaseURL to a local server such as Ollama)"))
		}
		cfg.BaseURL = DefaultBaseURL
	} else if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("BaseURL %q is not an absolute http(s) URL (e.g. http://localhost:11434/v1)", cfg.BaseURL))
	}
	if strings.ContainsAny(cfg.APIKey, " \t\r\n") {
		errs = append(errs, errors.New("APIKey contains whitespace (a stray newline or space when it was copied?)"))
	}
	if cfg.Timeout < 0 {
		errs = append(errs, fmt.Errorf("Timeout %s is negative", cfg.Timeout))
	}
	if cfg.MaxRetryAfter < 0 {
		errs = append(errs, fmt.Errorf("MaxRetryAfter %s is negative", cfg.MaxRetryAfter))
	}
	if cfg.MaxRetries > maxRetriesLimit {
		errs = append(errs, fmt.Errorf("MaxRetries %d is more than %d", cfg.MaxRetries, maxRetriesLimit))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("llm: invalid config: %w", errors.Join(errs...))
	}

	c := &Client{
		key:           cfg.APIKey,
		timeout:       cfg.Timeout,
		maxRetries:    cfg.MaxRetries,
		maxRetryAfter: cfg.MaxRetryAfter,
		backoff:       cfg.Backoff,
		log:           cfg.Logger,
	}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.maxRetryAfter == 0 {
		c.maxRetryAfter = DefaultMaxRetryAfter
	}
	if c.backoff == nil {
		c.backoff = defaultBackoff
	}
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	oc.HTTPClient = transport{hc: hc}
	c.api = openai.NewClientWithConfig(oc)
	return c, nil
}

// redact removes the API key from s.
func (c *Client) redact(s string) string {
	if c.key == "" {
		return s
	}
	return strings.ReplaceAll(s, c.key, "[redacted]")
}

// redactedError hides the API key in an error's text while keeping errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// scrub makes sure err's text does not contain the API key. Server-supplied texts are already
// redacted when an [APIError] is built; this is the last line of defence.
func (c *Client) scrub(err error) error {
	if err == nil || c.key == "" || !strings.Contains(err.Error(), c.key) {
		return err
	}
	return &redactedError{msg: c.redact(err.Error()), err: err}
}

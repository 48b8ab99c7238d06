package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// ErrStreamInterrupted reports a streamed chat that failed after some text had been delivered to
// the callback. It is not retried, since a new attempt would deliver the text again; the text
// received so far is in the returned [ChatResponse].
var ErrStreamInterrupted = errors.New("stream interrupted after text was delivered")

// APIError is an error reported by the API, either as an HTTP status with an OpenAI error body or
// as an error event inside a stream (Status 0).
type APIError struct {
	// Status is the HTTP status code, or 0 for an error event inside a stream.
	Status int
	// Code is the OpenAI error code, e.g. "insufficient_quota", "rate_limit_exceeded",
	// "invalid_api_key"; empty when the server gave none.
	Code string
	// Type is the OpenAI error type, e.g. "invalid_request_error"; empty when the server gave none.
	Type string
	// Message is the server's message, with the API key redacted.
	Message string
	// RetryAfter is the wait the server asked for (Retry-After or Retry-After-Ms), or 0.
	RetryAfter time.Duration
}

// Error describes the error as "HTTP 429 insufficient_quota: message".
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Status != 0 {
		fmt.Fprintf(&b, "HTTP %d", e.Status)
	} else {
		b.WriteString("error in stream")
	}
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Retryable reports whether the same request may succeed later: rate limits (429, except
// insufficient_quota, which needs billing, not patience), server errors (5xx), 408 and 409.
// Bad requests, authentication and permission errors, and unknown models or paths are final.
func (e *APIError) Retryable() bool {
	if e.Code == "insufficient_quota" {
		return false
	}
	switch {
	case e.Status == 0:
		return e.Type == "server_error" || e.Code == "server_error" || e.Code == "rate_limit_exceeded"
	case e.Status == http.StatusTooManyRequests, e.Status >= 500,
		e.Status == http.StatusRequestTimeout, e.Status == http.StatusConflict:
		return true
	default:
		return false
	}
}

// timeoutError reports an attempt that exceeded [Config.Timeout]. It matches
// context.DeadlineExceeded with errors.Is.
type timeoutError struct {
	timeout time.Duration
	stream  bool
}

func (e *timeoutError) Error() string {
	if e.stream {
		return fmt.Sprintf("timed out: no data from the server for %s", e.timeout)
	}
	return fmt.Sprintf("timed out after %s", e.timeout)
}

func (e *timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// Timeout reports true, as net.Error does.
func (e *timeoutError) Timeout() bool { return true }

// maxBodyInError bounds how much of a non-JSON error body goes into an error message.
const maxBodyInError = 200

// classify turns the error of one attempt into the error to report and says whether another
// attempt may succeed.
func (c *Client) classify(err error, a *attempt) (error, bool) {
	var oe *openai.APIError
	if errors.As(err, &oe) {
		ae := &APIError{
			Status:  oe.HTTPStatusCode,
			Code:    codeString(oe.Code),
			Type:    oe.Type,
			Message: c.redact(oe.Message),
		}
		if ae.Status != 0 {
			ae.RetryAfter, _ = parseRetryAfter(a.header, time.Now())
		}
		return ae, ae.Retryable()
	}
	var re *openai.RequestError
	if errors.As(err, &re) {
		body := strings.TrimSpace(string(re.Body))
		if len(body) > maxBodyInError {
			body = body[:maxBodyInError] + "…"
		}
		ae := &APIError{Status: re.HTTPStatusCode, Message: c.redact(body)}
		ae.RetryAfter, _ = parseRetryAfter(a.header, time.Now())
		return ae, ae.Retryable()
	}
	var ne net.Error
	if a.transportErr != nil || errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("network error: %w", err), true
	}
	return err, false
}

// codeString renders an OpenAI error code, which servers send as a string or a number.
func codeString(code any) string {
	switch v := code.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		if v == 0 { // go-openai decodes "code": null as 0
			return ""
		}
		return fmt.Sprint(v)
	default:
		return fmt.Sprint(v)
	}
}

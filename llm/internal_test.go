package llm

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 11, 11, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
		wantOK bool
	}{
		{"none", nil, 0, false},
		{"seconds", map[string]string{"Retry-After": "3"}, 3 * time.Second, true},
		{"fractional seconds", map[string]string{"Retry-After": "0.25"}, 250 * time.Millisecond, true},
		{"zero", map[string]string{"Retry-After": "0"}, 0, true},
		{"milliseconds win", map[string]string{"Retry-After": "3", "Retry-After-Ms": "150"}, 150 * time.Millisecond, true},
		{"http date", map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, 90 * time.Second, true},
		{"date in the past", map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, 0, true},
		{"huge is clamped", map[string]string{"Retry-After": "1e30"}, maxRetryAfterSecs * time.Second, true},
		{"negative", map[string]string{"Retry-After": "-5"}, 0, false},
		{"garbage", map[string]string{"Retry-After": "soon"}, 0, false},
		{"bad ms falls back", map[string]string{"Retry-After-Ms": "x", "Retry-After": "2"}, 2 * time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			got, ok := parseRetryAfter(h, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("parseRetryAfter(%v) = %v, %v; want %v, %v", tt.header, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestDefaultBackoff(t *testing.T) {
	for retry := range 12 {
		d := min(backoffBase<<min(retry, 5), backoffMax)
		for range 50 {
			got := defaultBackoff(retry)
			if got < d/2 || got > d {
				t.Fatalf("defaultBackoff(%d) = %v, want within [%v, %v]", retry, got, d/2, d)
			}
		}
	}
	// Jitter: fifty draws are not all equal.
	first, varied := defaultBackoff(3), false
	for range 50 {
		if defaultBackoff(3) != first {
			varied = true
		}
	}
	if !varied {
		t.Errorf("defaultBackoff(3) returned %v fifty times; want jitter", first)
	}
}

func TestAPIErrorRetryable(t *testing.T) {
	tests := []struct {
		err  APIError
		want bool
	}{
		{APIError{Status: 429, Code: "rate_limit_exceeded"}, true},
		{APIError{Status: 429}, true},
		{APIError{Status: 429, Code: "insufficient_quota"}, false},
		{APIError{Status: 500}, true},
		{APIError{Status: 502}, true},
		{APIError{Status: 503}, true},
		{APIError{Status: 408}, true},
		{APIError{Status: 400, Code: "context_length_exceeded"}, false},
		{APIError{Status: 401, Code: "invalid_api_key"}, false},
		{APIError{Status: 403}, false},
		{APIError{Status: 404, Code: "model_not_found"}, false},
		{APIError{Status: 0, Type: "server_error"}, true},
		{APIError{Status: 0, Type: "invalid_request_error"}, false},
	}
	for _, tt := range tests {
		if got := tt.err.Retryable(); got != tt.want {
			t.Errorf("%+v.Retryable() = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// The error after the last retry counts its attempts in words a reader expects ("1 attempt").
func TestAttempts(t *testing.T) {
	for n, want := range map[int]string{1: "1 attempt", 2: "2 attempts", 4: "4 attempts"} {
		if got := attempts(n); got != want {
			t.Errorf("attempts(%d) = %q, want %q", n, got, want)
		}
	}
}

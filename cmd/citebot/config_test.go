package main

import (
	"strings"
	"testing"
)

func TestLinksBase(t *testing.T) {
	tests := []struct {
		addr, public, want string
	}{
		{"127.0.0.1:8080", "", "http://127.0.0.1:8080/sources/f.txt#p2"},
		{"0.0.0.0:9000", "", "http://127.0.0.1:9000/sources/f.txt#p2"},
		{":9000", "", "http://127.0.0.1:9000/sources/f.txt#p2"},
		{"0.0.0.0:8080", "https://bot.example.org", "https://bot.example.org/sources/f.txt#p2"},
	}
	for _, tt := range tests {
		c := Config{HTTPAddr: tt.addr, PublicURL: tt.public}
		if got := c.Links().Paragraph("f.txt", 2, 3, 3, ""); got != tt.want {
			t.Errorf("Links(addr %q, public %q) = %q, want %q", tt.addr, tt.public, got, tt.want)
		}
	}
}

func TestWebLimitVariables(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := loadConfig(env(nil))
	if err != nil || c.WebRequestsPerMinute != 60 || c.WebStreamsPerClient != 2 {
		t.Errorf("defaults: %d requests a minute, %d streams, %v; want 60, 2", c.WebRequestsPerMinute, c.WebStreamsPerClient, err)
	}
	c, err = loadConfig(env(map[string]string{"CITEBOT_WEB_REQUESTS_PER_MINUTE": "0", "CITEBOT_WEB_STREAMS_PER_CLIENT": "0"}))
	if err != nil || c.WebRequestsPerMinute != 0 || c.WebStreamsPerClient != 0 {
		t.Errorf("0 (off): got %d, %d, %v; want 0, 0", c.WebRequestsPerMinute, c.WebStreamsPerClient, err)
	}
	_, err = loadConfig(env(map[string]string{"CITEBOT_WEB_REQUESTS_PER_MINUTE": "-1", "CITEBOT_WEB_STREAMS_PER_CLIENT": "many"}))
	for _, name := range []string{"CITEBOT_WEB_REQUESTS_PER_MINUTE", "CITEBOT_WEB_STREAMS_PER_CLIENT"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("bad values: error %v does not name %s", err, name)
		}
	}
}

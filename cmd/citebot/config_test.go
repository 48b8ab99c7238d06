package main

import "testing"

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

package answer

import (
	"strings"
	"testing"

	"github.com/citebot/citebot/links"
)

func TestStreamFilter(t *testing.T) {
	tests := []struct {
		name, reply, want string
	}{
		{"markers verified as they close", `Douyin grew [S1: "Douyin has achieved remarkable growth"] [3][4] fast [S9: "nothing"].`, "Douyin grew [1]  fast ."},
		{"quotes block hidden", "Payment spread [S3: \"los sistemas de pago móvil como WeChat\"].\nQuotes:\n[S3] \"x\"", "Payment spread [1].\n"},
		{"sentinel hides everything", "NOT_IN_SOURCES the sources are silent", ""},
		{"bracket that is no marker", "A list [a, b] stays.", "A list [a, b] stays."},
	}
	for _, tt := range tests {
		for _, size := range []int{1, 3, 1000} {
			var got strings.Builder
			f := newStreamFilter(testSources, links.Builder{}, func(s string) { got.WriteString(s) })
			for i := 0; i < len(tt.reply); i += size {
				f.Write(tt.reply[i:min(i+size, len(tt.reply))])
			}
			f.Flush()
			if got.String() != tt.want {
				t.Errorf("%s (deltas of %d bytes): streamed %q, want %q", tt.name, size, got.String(), tt.want)
			}
		}
	}
}

package answer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanReply(t *testing.T) {
	tests := []struct {
		name, reply, want string
		max               int
		cut               bool
	}{
		{"think block", "<think>reasoning [S1]</think>\nThe answer.", "The answer.", 0, false},
		{"thinking block, any case", "<THINKING>x</Thinking>The answer.", "The answer.", 0, false},
		{"two blocks", "<think>a</think>One. <think>b</think>Two.", "One. Two.", 0, false},
		{"unclosed block", "The answer. <think>and then it ran out", "The answer.", 0, false},
		{"closing tag without opening tag", "the template opened it</think>The answer.", "The answer.", 0, false},
		{"a less-than sign stays", "a < b and <b>bold</b>", "a < b and <b>bold</b>", 0, false},
		{"fence around the answer", "```markdown\nThe answer.\n```", "The answer.", 0, false},
		{"bare fence around the answer", "\n```\nThe answer.\n```\n", "The answer.", 0, false},
		{"fence inside the answer stays", "Code:\n```\nx\n```", "Code:\n```\nx\n```", 0, false},
		{"byte cap", "abcdefghij", "abcdef", 6, true},
		{"byte cap on a rune boundary", "抖音抖音", "抖音", 7, true},
	}
	for _, tt := range tests {
		for _, size := range []int{1, 2, 5, 1000} {
			var b strings.Builder
			c := newReplyCleaner(tt.max, func(s string) { b.WriteString(s) }, func() { b.Reset() })
			for i := 0; i < len(tt.reply); {
				j := min(i+size, len(tt.reply))
				for j < len(tt.reply) && !utf8.RuneStart(tt.reply[j]) {
					j++
				}
				c.Write(tt.reply[i:j])
				i = j
			}
			c.Flush()
			if got := strings.TrimSpace(b.String()); got != tt.want || c.truncated != tt.cut {
				t.Errorf("%s (deltas of %d bytes): %q (cut %v), want %q (cut %v)", tt.name, size, got, c.truncated, tt.want, tt.cut)
			}
		}
	}
}

// FuzzReplyCleaner: cleaning never panics, keeps valid UTF-8 valid, never adds text, respects the
// byte cap, and does not depend on how the reply is cut into deltas.
func FuzzReplyCleaner(f *testing.F) {
	for _, s := range []string{"<think>x</think>y", "```md\nA\n```", "a</think>b<thinking>c", "<thi", "```\n0\n```\n0", "抖音<think>"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, reply string, size int) {
		if !utf8.ValidString(reply) || size < 1 {
			return
		}
		whole, _ := cleanReply(reply, 64)
		var b strings.Builder
		c := newReplyCleaner(64, func(s string) { b.WriteString(s) }, func() { b.Reset() })
		for i := 0; i < len(reply); {
			j := min(i+size, len(reply))
			for j < len(reply) && !utf8.RuneStart(reply[j]) {
				j++
			}
			c.Write(reply[i:j])
			i = j
		}
		c.Flush()
		got := strings.TrimSpace(b.String())
		if got != whole {
			t.Fatalf("deltas of %d bytes give %q, the whole reply %q", size, got, whole)
		}
		if !utf8.ValidString(got) || len(b.String()) > 64 {
			t.Fatalf("cleaned %q: invalid UTF-8 or over the cap", got)
		}
		if len(b.String()) > len(reply) {
			t.Fatalf("cleaning %q grew it to %q", reply, b.String())
		}
	})
}

package answer

import (
	"strings"
	"testing"
)

// The pipeline shows nothing until a citation is verified, then exactly the decided text, however
// the reply is cut into deltas.
func TestPipelineShowsOnlyVerifiedText(t *testing.T) {
	tests := []struct {
		name, reply, wantShown string
	}{
		{"markers verified as they close", `Douyin grew [S1: "Douyin has achieved remarkable growth"] [3][4] fast [S9: "nothing"].`, "Douyin grew [1] fast."},
		{"quotes block hidden", "Payment spread [S3: \"los sistemas de pago móvil como WeChat\"].\nQuotes:\n[S3] \"x\"", "Payment spread [1]."},
		{"sentinel and no citation: nothing shown", "NOT_IN_SOURCES the sources are silent", ""},
		{"nothing verified: nothing shown", "A list [a, b] stays. Invented [S2: \"no such words\"].", ""},
		{"uncited lead-in shown once a citation verifies", "In short:\n\nDouyin grew [S1: \"Douyin has achieved remarkable growth\"].", "In short:\n\nDouyin grew [1]."},
		{"reasoning and fence removed", "<think>S2 maybe [S2]</think>\n```markdown\nDouyin grew [S1: \"Douyin has achieved remarkable growth\"].\n```", "Douyin grew [1]."},
	}
	for _, tt := range tests {
		for _, size := range []int{1, 3, 7, 1000} {
			var shown strings.Builder
			v := streamed(tt.reply, size, &shown)
			if shown.String() != tt.wantShown {
				t.Errorf("%s (deltas of %d bytes): shown %q, want %q", tt.name, size, shown.String(), tt.wantShown)
			}
			if tt.wantShown != "" && v.Text != tt.wantShown {
				t.Errorf("%s (deltas of %d bytes): decided %q, shown %q", tt.name, size, v.Text, shown.String())
			}
		}
	}
}

package answer

import (
	"strings"
	"testing"

	"github.com/citebot/citebot/links"
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
		{"a list reaches only the sentences not shown yet", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1]. Zhang yong created the largest shopping festival. Zhang yong created the largest shopping festival.\n\nSources: S2",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. Zhang yong created the largest shopping festival. Zhang yong created the largest shopping festival [2]."},
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

// An answer written as one long line streams before the line ends: the sentinel can only come after
// a short preamble, so the first line is not held back past it. A sentinel past that window is no
// refusal and is not shown.
func TestPipelineStreamsALongFirstLine(t *testing.T) {
	first := `Douyin grew [S1: "Douyin has achieved remarkable growth"] in 2024, with a GMV of over 3.5 trillion yuan.`
	var shown strings.Builder
	p := newReplyPipeline(newVerifier(testSources, links.Builder{}, nil), 0, false, func(s string) { shown.WriteString(s) })
	p.Write(first + " It grew 30% that year")
	if shown.String() != "Douyin grew [1] in 2024, with a GMV of over 3.5 trillion yuan." {
		t.Errorf("before the line ended, shown %q, want its first sentence", shown.String())
	}
	p.Write(" NOT_IN_SOURCES, as they say.")
	v := p.Flush()
	if v.Refusal || strings.Contains(v.Text, "NOT_IN") || shown.String() != v.Text {
		t.Errorf("decided %q (refusal %v), shown %q; want the sentinel removed and no refusal", v.Text, v.Refusal, shown.String())
	}
}

// Streaming, a sentence waits while the sentence after it could still become a frame sentence that
// cites it (framesentence.go), and no longer: the first word that no frame has settles it.
func TestPipelineWaitsForAFrameSentence(t *testing.T) {
	const claim = `Douyin's GMV was over 3.5 trillion yuan in 2024 [S1: "representing a 30% year-on-year increase"].`
	var shown strings.Builder
	p := newReplyPipeline(newVerifier(testSources, links.Builder{}, nil), 0, false, func(s string) { shown.WriteString(s) })
	for _, step := range []struct{ write, shown string }{
		{claim + " This", ""},
		{" is stated in [S1].", ""},
		{" Zhang yong", "Douyin's GMV was over 3.5 trillion yuan in 2024 [1][2]."},
		{" created the largest shopping festival [S2]. The", "Douyin's GMV was over 3.5 trillion yuan in 2024 [1][2]."},
		{" platform grew", "Douyin's GMV was over 3.5 trillion yuan in 2024 [1][2]. Zhang yong created the largest shopping festival [3]."},
	} {
		p.Write(step.write)
		if shown.String() != step.shown {
			t.Errorf("after %q, shown %q, want %q", step.write, shown.String(), step.shown)
		}
	}
	if v := p.Flush(); shown.String() != v.Text {
		t.Errorf("decided %q, shown %q", v.Text, shown.String())
	}
}

// A summary streams point by point, but a point that nothing cites waits for the end of the reply,
// with the points after it, so that a list of sources at the end still cites it; a label line does
// not wait (it is no point, and is left out). Without a list, the uncited point is left out.
func TestSummaryPipelineHoldsUncitedPoints(t *testing.T) {
	const (
		label    = "Douyin in 2024:\n"
		cited    = "- Douyin's GMV was over 3.5 trillion yuan in 2024 [S1].\n"
		uncited  = "- Zhang yong created the largest shopping festival.\n"
		after    = "- Douyin's success is attributed to its innovative approach [S1: \"Douyin's success is attributed to its innovative approach\"]\n"
		shownNow = "- Douyin's GMV was over 3.5 trillion yuan in 2024 [1]."
	)
	for _, tt := range []struct {
		name, list, want string
	}{
		{"a list at the end cites it", "\nSources: S2", shownNow + "\n- Zhang yong created the largest shopping festival [2].\n- Douyin's success is attributed to its innovative approach [3]"},
		{"without a list it is left out", "", shownNow + "\n- Douyin's success is attributed to its innovative approach [2]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var shown strings.Builder
			p := newReplyPipeline(newVerifier(testSources, links.Builder{}, nil), 0, true, func(s string) { shown.WriteString(s) })
			for _, part := range []string{label, cited, uncited, after} {
				p.Write(part)
			}
			if shown.String() != shownNow {
				t.Errorf("before the reply ended, shown %q, want %q: the label must not hold the points back, the uncited point must", shown.String(), shownNow)
			}
			p.Write(tt.list)
			v := p.Flush()
			if v.Text != tt.want || shown.String() != v.Text {
				t.Errorf("decided %q, shown %q; want %q", v.Text, shown.String(), tt.want)
			}
		})
	}
}

package answer

import (
	"strings"
	"unicode"
)

// replyPipeline carries a model's reply from its deltas to the reader: each delta is cleaned
// (reply.go), its wrapping citations rewritten as markers (wrapcite.go) and checked (cite.go), and the decided text is shown as it grows, but only once it holds
// a verified citation. Until then nothing is shown, so an answer that ends up repaired, replaced by
// the offline answer or marked unverified never replaces text the reader already saw; and once a
// citation is verified the answer is verified, so everything shown stays. What is shown is exactly
// the final answer's text: leading space is dropped and trailing space held back until more text
// follows.
type replyPipeline struct {
	clean *replyCleaner
	wraps *wrapReader
	asm   *assembler
	out   func(string) // nil when nobody reads the stream
	text  strings.Builder
	sent  int // bytes of the decided text passed to out (or skipped as leading space)
	shown bool
}

func newReplyPipeline(v *verifier, maxBytes int, lineUnits bool, out func(string)) *replyPipeline {
	p := &replyPipeline{out: out}
	p.asm = newAssembler(v, lineUnits, p.pump)
	// Nobody sees a reply that is not streamed before it ends, and a summary's points are left out
	// unless cited: either may wait for a list of sources at the end.
	p.asm.holdUncited = lineUnits || out == nil
	p.wraps = newWrapReader(v.scan.refs, func(s string) {
		p.text.WriteString(s)
		p.asm.Write(s)
	})
	p.clean = newReplyCleaner(maxBytes, p.wraps.Write, func() {
		if len(p.asm.v.cites) == 0 {
			p.text.Reset()
			p.wraps.reset()
		}
		p.asm.reasoningEnded()
	})
	return p
}

// Write takes the next delta of the reply.
func (p *replyPipeline) Write(delta string) { p.clean.Write(delta) }

// Flush ends the reply and returns what was decided. Everything decided has then been shown when
// the reply has a verified citation.
func (p *replyPipeline) Flush() verified {
	p.clean.Flush()
	p.wraps.Flush()
	p.asm.Flush()
	p.pump()
	return p.asm.result()
}

// pump shows the newly decided text once a citation is verified.
func (p *replyPipeline) pump() {
	if p.out == nil || len(p.asm.v.cites) == 0 {
		return
	}
	all := p.asm.decided.String()
	chunk := all[p.sent:]
	if !p.shown {
		t := strings.TrimLeftFunc(chunk, unicode.IsSpace)
		p.sent += len(chunk) - len(t)
		chunk = t
	}
	chunk = strings.TrimRightFunc(chunk, unicode.IsSpace)
	if chunk == "" {
		return
	}
	p.out(chunk)
	p.sent += len(chunk)
	p.shown = true
}

// capped reports whether the reply reached the byte cap.
func (p *replyPipeline) capped() bool { return p.clean.truncated }

// cleanText is the reply as cleaned so far (reasoning and a wrapping fence removed).
func (p *replyPipeline) cleanText() string { return strings.TrimSpace(p.text.String()) }

package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A model's reply is cleaned before anything else reads it: reasoning blocks (<think>…</think>,
// <thinking>…</thinking>) are removed, a code fence that wraps the whole answer is removed, and only
// the first maxBytes bytes are kept. Reasoning sent in separate fields (reasoning_content, reasoning)
// never reaches the reply: the llm client passes on only the content.

// reasoningTags are the tags whose content is the model's reasoning, not its answer.
var reasoningTags = []string{"think", "thinking"}

// replyCleaner cleans a reply as it streams in: Write takes deltas, and clean text is passed to out
// as soon as it is known not to belong to a reasoning block, a wrapping fence or the part past the
// byte cap. Its output does not depend on how the reply was cut into deltas.
type replyCleaner struct {
	out func(string)
	// onReasoningEnd is called when a closing reasoning tag arrives that no opening tag announced (some
	// chat templates put the opening tag in the prompt): the text before it was reasoning.
	onReasoningEnd func()
	maxBytes       int

	raw      strings.Builder // not yet classified
	closeTag string          // the closing tag awaited inside a reasoning block, "" outside one

	fence       strings.Builder // output held while a wrapping fence may be opening or closing
	fenceState  int             // fenceUndecided, fenceNone or fenceOpen
	midLine     bool            // the text passed on so far ends inside a line
	kept        int             // bytes passed on
	truncated   bool
	sawText     bool // any non-space text was passed on
	hadAnything bool // any text at all arrived (before cleaning)
}

const (
	fenceUndecided = iota
	fenceNone
	fenceOpen
	fenceClosed
)

func newReplyCleaner(maxBytes int, out func(string), onReasoningEnd func()) *replyCleaner {
	return &replyCleaner{out: out, onReasoningEnd: onReasoningEnd, maxBytes: maxBytes}
}

// Write takes the next delta of the reply.
func (c *replyCleaner) Write(delta string) {
	if delta != "" {
		c.hadAnything = true
	}
	c.raw.WriteString(delta)
	c.drainTags(false)
}

// Flush passes on what is still held at the end of the reply.
func (c *replyCleaner) Flush() {
	c.drainTags(true)
	c.drainFence(true)
}

// drainTags removes reasoning blocks from the raw text and passes the rest to the fence stage.
func (c *replyCleaner) drainTags(final bool) {
	s := c.raw.String()
	var out strings.Builder
	for s != "" {
		if c.closeTag != "" {
			i := indexFold(s, c.closeTag)
			if i < 0 {
				// Keep only what may be the start of the closing tag.
				s = s[max(0, len(s)-len(c.closeTag)+1):]
				if final {
					s = ""
				}
				break
			}
			s, c.closeTag = s[i+len(c.closeTag):], ""
			continue
		}
		i := strings.IndexByte(s, '<')
		if i < 0 {
			out.WriteString(s)
			s = ""
			break
		}
		out.WriteString(s[:i])
		s = s[i:]
		if tag, n, closing := reasoningTagAt(s); n > 0 {
			s = s[n:]
			if closing {
				// What came before was reasoning: whatever of it is still held here is dropped, and
				// the consumer is told so that it can drop what it holds too.
				out.Reset()
				c.fence.Reset()
				c.fenceState = fenceUndecided
				if c.onReasoningEnd != nil {
					c.onReasoningEnd()
				}
			} else {
				c.closeTag = "</" + tag + ">"
			}
			continue
		}
		if !final && mayBeReasoningTag(s) {
			break
		}
		out.WriteByte('<')
		s = s[1:]
	}
	c.raw.Reset()
	c.raw.WriteString(s)
	c.passOn(out.String(), final)
}

// reasoningTagAt reports whether s starts with an opening or closing reasoning tag (any case), and
// its length.
func reasoningTagAt(s string) (tag string, n int, closing bool) {
	for _, t := range reasoningTags {
		if hasPrefixFold(s, "<"+t+">") {
			return t, len(t) + 2, false
		}
		if hasPrefixFold(s, "</"+t+">") {
			return t, len(t) + 3, true
		}
	}
	return "", 0, false
}

// mayBeReasoningTag reports whether s (starting with "<") could still grow into a reasoning tag.
func mayBeReasoningTag(s string) bool {
	for _, t := range reasoningTags {
		for _, tag := range []string{"<" + t + ">", "</" + t + ">"} {
			if len(s) < len(tag) && hasPrefixFold(tag, s) {
				return true
			}
		}
	}
	return false
}

// passOn sends text through the fence stage.
func (c *replyCleaner) passOn(s string, final bool) {
	c.fence.WriteString(s)
	c.drainFence(final)
}

// drainFence removes a fence that opens the answer (```, ```markdown) and the fence line that closes
// it, then applies the byte cap.
func (c *replyCleaner) drainFence(final bool) {
	s := c.fence.String()
	if c.fenceState == fenceUndecided {
		t := strings.TrimLeftFunc(s, unicode.IsSpace)
		switch {
		case t == "" && !final:
			return
		case strings.HasPrefix(t, "```"):
			nl := strings.IndexByte(t, '\n')
			if nl < 0 && !final {
				return
			}
			c.fenceState = fenceOpen
			if nl < 0 {
				s = ""
			} else {
				s = t[nl+1:]
			}
		case len(t) < 3 && strings.HasPrefix("```", t) && !final:
			return
		default:
			c.fenceState = fenceNone
		}
	}
	hold := ""
	if c.fenceState == fenceOpen {
		s, hold = c.cutClosingFence(s, final)
	}
	c.fence.Reset()
	c.fence.WriteString(hold)
	c.keep(s)
}

// cutClosingFence removes the first line that is only ``` from s (the wrapping fence closing); it
// holds back a last line that may still become one. A line that began in an earlier piece of text
// is no fence line.
func (c *replyCleaner) cutClosingFence(s string, final bool) (string, string) {
	start := 0
	if c.midLine {
		nl := strings.IndexByte(s, '\n')
		if nl < 0 {
			return s, ""
		}
		start = nl + 1
	}
	for start <= len(s) {
		end := strings.IndexByte(s[start:], '\n')
		complete := end >= 0
		if complete {
			end += start
		} else {
			end = len(s)
		}
		line := strings.TrimSpace(s[start:end])
		switch {
		case line == "```" && (complete || final):
			c.fenceState = fenceClosed
			rest := ""
			if complete {
				rest = s[end+1:]
			}
			return s[:start] + rest, ""
		case !complete && !final && strings.HasPrefix("```", line):
			c.midLine = false
			return s[:start], s[start:]
		case !complete:
			c.midLine = true
			return s, ""
		}
		start = end + 1
	}
	c.midLine = false
	return s, ""
}

// keep passes s on within the byte cap.
func (c *replyCleaner) keep(s string) {
	if s == "" || c.truncated {
		return
	}
	if c.maxBytes > 0 && c.kept+len(s) > c.maxBytes {
		n := c.maxBytes - c.kept
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
		c.truncated = true
	}
	c.kept += len(s)
	if strings.TrimSpace(s) != "" {
		c.sawText = true
	}
	if s != "" {
		c.out(s)
	}
}

// cleanReply cleans a whole reply at once (see [replyCleaner]).
func cleanReply(reply string, maxBytes int) (string, bool) {
	var b strings.Builder
	c := newReplyCleaner(maxBytes, func(s string) { b.WriteString(s) }, func() { b.Reset() })
	c.Write(reply)
	c.Flush()
	return strings.TrimSpace(b.String()), c.truncated
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// indexFold is strings.Index ignoring ASCII case (the tags searched for are ASCII).
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

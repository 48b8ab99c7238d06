package answer

import (
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
)

// streamFilter turns a model's streamed reply into what a reader may see while it arrives: citation
// markers are verified as soon as they close and shown as their number ("[2]") or dropped, footnote
// markers are dropped, and nothing is shown after a trailing "Quotes:" block starts or when the reply
// opens with the not-in-sources sentinel. The returned Answer stays authoritative.
type streamFilter struct {
	v       *verifier
	out     func(string)
	pending strings.Builder // text not yet decided (an open bracket, or the reply's first bytes)
	started bool            // the sentinel check is done
	stopped bool
	line    strings.Builder // the start of the current line, held back while it may be a quotes header
	shown   bool            // part of the current line has been shown, so it is no header
	claim   strings.Builder // prose since the last marker
}

func newStreamFilter(sources []retrieval.Passage, lb links.Builder, out func(string)) *streamFilter {
	return &streamFilter{v: newVerifier(sources, lb), out: out}
}

// Write takes the next delta of the reply.
func (f *streamFilter) Write(delta string) {
	if f.stopped {
		return
	}
	f.pending.WriteString(delta)
	f.drain(false)
}

// Flush emits what is still held back at the end of the reply.
func (f *streamFilter) Flush() {
	if !f.stopped {
		f.drain(true)
	}
}

func (f *streamFilter) drain(final bool) {
	buf := f.pending.String()
	if !f.started {
		trimmed := strings.TrimLeft(buf, " \t\r\n*_#>`")
		if len(trimmed) < len("NOT_IN_SOURCES") && !final {
			return
		}
		f.started = true
		if hasSentinel(trimmed) {
			f.stopped = true
			return
		}
	}
	var out strings.Builder
	i := 0
	for i < len(buf) {
		r, size := utf8.DecodeRuneInString(buf[i:])
		if closer, ok := openBrackets[r]; ok {
			end := strings.IndexRune(buf[i+size:], closer)
			if end < 0 {
				if !final && len(buf)-i < 2000 {
					break // wait for the bracket to close
				}
				out.WriteString(buf[i:])
				i = len(buf)
				break
			}
			end += i + size + utf8.RuneLen(closer)
			if quoteOpen(buf[i:end]) && !final && len(buf)-i < 2000 {
				break // the bracket sits inside a quote that is still open; wait for more text
			}
			out.WriteString(f.line.String())
			f.line.Reset()
			f.shown = true
			chunk := buf[i:end]
			if e, cites, ok := parseMarker(buf, i+size, closer); ok {
				end = e
				var nums []int
				for _, c := range cites {
					if n := f.v.resolve(c, f.claim.String()); n > 0 && !containsInt(nums, n) {
						nums = append(nums, n)
					}
				}
				for _, n := range nums {
					out.WriteString("[" + itoa(n) + "]")
				}
				f.claim.Reset()
			} else if footnoteLen(chunk) == len(chunk) {
				// A footnote copied from a source: not a citation, not shown.
			} else {
				out.WriteString(chunk)
				f.claim.WriteString(chunk)
			}
			i = end
			continue
		}
		f.claim.WriteRune(r)
		i += size
		switch {
		case r == '\n':
			out.WriteString(f.line.String())
			out.WriteRune(r)
			f.line.Reset()
			f.shown = false
		case f.shown:
			out.WriteRune(r)
		default:
			f.line.WriteRune(r)
			if isQuotesHeader(f.line.String()) {
				f.stopped = true
				f.line.Reset()
				i = len(buf)
			} else if !mayBeQuotesHeader(f.line.String()) {
				out.WriteString(f.line.String())
				f.line.Reset()
				f.shown = true
			}
		}
		if f.stopped {
			break
		}
	}
	if final && !f.stopped {
		out.WriteString(f.line.String())
		f.line.Reset()
	}
	f.pending.Reset()
	f.pending.WriteString(buf[i:])
	if s := out.String(); s != "" {
		f.out(s)
	}
}

// quoteOpen reports whether a quotation mark opened in s is not closed in s.
func quoteOpen(s string) bool {
	q := strings.IndexAny(s, "\"“「«")
	return q >= 0 && !strings.ContainsAny(s[q+1:], "\"”」»")
}

// mayBeQuotesHeader reports whether a line could still grow into a quotes block header.
func mayBeQuotesHeader(line string) bool {
	head := strings.ToLower(strings.TrimLeft(line, "*_#- \t"))
	for _, h := range quoteBlockHdr {
		if strings.HasPrefix(h+":", head) || strings.HasPrefix(h+"：", head) || strings.HasPrefix(head, h) && strings.Trim(head[len(h):], "*_ ") == "" {
			return true
		}
	}
	return false
}

// isQuotesHeader reports whether a line is the header of a trailing quotes block.
func isQuotesHeader(line string) bool {
	head := strings.ToLower(strings.Trim(strings.TrimSpace(line), "*_#- "))
	if !strings.HasSuffix(head, ":") && !strings.HasSuffix(head, "：") {
		return false
	}
	head = strings.TrimRight(head, ":：")
	for _, h := range quoteBlockHdr {
		if head == h {
			return true
		}
	}
	return false
}

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
	line    strings.Builder // the current line, to spot a quotes block header
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
		out.WriteRune(r)
		f.claim.WriteRune(r)
		if r == '\n' {
			f.line.Reset()
		} else {
			f.line.WriteRune(r)
			if isQuotesHeader(f.line.String()) {
				f.stopped = true
				s := out.String()
				out.Reset()
				out.WriteString(strings.TrimSuffix(s, f.line.String()))
				i = len(buf)
				break
			}
		}
		i += size
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

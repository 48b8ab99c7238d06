// Package links builds the URLs that open a cited paragraph in the source viewer, or elsewhere when a
// template is configured.
package links

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
)

// DefaultBase is where links point when no public URL is configured.
const DefaultBase = "http://127.0.0.1:8080"

// maxQuote bounds the quote carried in a link, in bytes, so links stay short enough for chat surfaces.
const maxQuote = 160

// Builder makes paragraph links. The zero value links to [DefaultBase].
type Builder struct {
	// Base is the viewer's public URL, e.g. "https://citebot.example.org"; empty means DefaultBase.
	Base string
	// Template, if set, replaces the viewer link. Placeholders: {file}, {paragraph}, {start_line},
	// {end_line}, {start_byte}, {end_byte}, {page} (the page of a PDF's paragraph, empty in other
	// documents). Examples:
	// "https://github.com/org/repo/blob/main/seeds/{file}#L{start_line}-L{end_line}",
	// "https://docs.example.org/{file}#page={page}" (PDFs served as they are).
	Template string
}

// Target is what a citation link points at: a paragraph of a file and, within it, the quoted span.
type Target struct {
	File               string
	Paragraph          int
	StartLine, EndLine int
	// QuoteStart and QuoteEnd are the quote's byte span in the file; both 0 when unknown.
	QuoteStart, QuoteEnd int
	// Quote is the quoted text: file bytes [QuoteStart, QuoteEnd) when the span is known.
	Quote string
	// Page is the page of a PDF the paragraph starts on, 0 in other documents; only a template
	// uses it (the viewer shows the text read, by paragraph).
	Page int
}

// Viewer query parameters. A link to the viewer carries the quote's exact byte span ("b=START-END")
// with a short check of the quoted bytes ("h="), so the viewer marks the whole quote however long it
// is and can tell when the document changed since the link was made. Links without a span carry a
// prefix of the quote instead ("q="), which the viewer searches for; older links have that form too.
const (
	ParamSpan  = "b"
	ParamCheck = "h"
	ParamQuote = "q"
)

// SpanCheck is the check carried with a span: 8 hex digits of the FNV-1a hash of the quoted bytes. It
// detects a changed document, nothing more; it is not a security measure.
func SpanCheck(quote string) string {
	h := fnv.New32a()
	h.Write([]byte(quote))
	return fmt.Sprintf("%08x", h.Sum32())
}

// ParseSpan parses the value of a span parameter, "START-END".
func ParseSpan(v string) (start, end int, ok bool) {
	a, b, found := strings.Cut(v, "-")
	if !found {
		return 0, 0, false
	}
	start, err1 := strconv.Atoi(a)
	end, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || start < 0 || end <= start {
		return 0, 0, false
	}
	return start, end, true
}

// ValidateTemplate reports what is wrong with a citation URL template, or nil.
func ValidateTemplate(tmpl string) error {
	if tmpl == "" {
		return nil
	}
	if !strings.Contains(tmpl, "{file}") {
		return fmt.Errorf("template %q has no {file} placeholder", tmpl)
	}
	u, err := url.Parse(strings.NewReplacer("{file}", "f", "{paragraph}", "1", "{start_line}", "1", "{end_line}", "1",
		"{start_byte}", "0", "{end_byte}", "1", "{page}", "1").Replace(tmpl))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("template %q is not an absolute http(s) URL", tmpl)
	}
	return nil
}

// ValidateBase reports what is wrong with a public base URL, or nil.
func ValidateBase(base string) error {
	if base == "" {
		return nil
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", base)
	}
	return nil
}

// Paragraph returns the link to paragraph n of file (lines start..end). A non-empty quote is carried
// (trimmed to a short prefix on a rune boundary) so the viewer can mark the quoted span.
func (b Builder) Paragraph(file string, n, startLine, endLine int, quote string) string {
	return b.Link(Target{File: file, Paragraph: n, StartLine: startLine, EndLine: endLine, Quote: quote})
}

// Link returns the link to t: with the quote's byte span when it is known, else with a prefix of
// the quote, if any; the fragment "#pN" names the paragraph.
func (b Builder) Link(t Target) string {
	if b.Template != "" {
		return strings.NewReplacer(
			"{file}", escapePath(t.File),
			"{paragraph}", strconv.Itoa(t.Paragraph),
			"{start_line}", strconv.Itoa(t.StartLine),
			"{end_line}", strconv.Itoa(t.EndLine),
			"{start_byte}", strconv.Itoa(t.QuoteStart),
			"{end_byte}", strconv.Itoa(t.QuoteEnd),
			"{page}", pageNumber(t.Page),
		).Replace(b.Template)
	}
	u := b.Source(t.File)
	switch {
	case t.QuoteEnd > t.QuoteStart && t.QuoteEnd-t.QuoteStart == len(t.Quote):
		u += "?" + ParamSpan + "=" + strconv.Itoa(t.QuoteStart) + "-" + strconv.Itoa(t.QuoteEnd) +
			"&" + ParamCheck + "=" + SpanCheck(t.Quote)
	case shorten(t.Quote) != "":
		u += "?" + ParamQuote + "=" + url.QueryEscape(shorten(t.Quote))
	}
	return u + "#p" + strconv.Itoa(t.Paragraph)
}

// pageNumber is a page's number for {page}: empty when there is none.
func pageNumber(page int) string {
	if page <= 0 {
		return ""
	}
	return strconv.Itoa(page)
}

// Answer returns the link to a kept answer, the page that shows in full an answer a surface cut
// short (see package archive).
func (b Builder) Answer(id string) string {
	return b.base() + "/answers/" + url.PathEscape(id)
}

// Source returns the link to a whole document.
func (b Builder) Source(file string) string {
	return b.base() + "/sources/" + escapePath(file)
}

func (b Builder) base() string {
	if base := strings.TrimRight(b.Base, "/"); base != "" {
		return base
	}
	return DefaultBase
}

func escapePath(file string) string {
	parts := strings.Split(file, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// shorten trims quote to at most maxQuote bytes on a rune boundary, preferring a word boundary.
func shorten(quote string) string {
	quote = strings.TrimSpace(quote)
	if len(quote) <= maxQuote {
		return quote
	}
	cut := maxQuote
	for cut > 0 && !utf8RuneStart(quote[cut]) {
		cut--
	}
	q := quote[:cut]
	if i := strings.LastIndexByte(q, ' '); i > maxQuote/2 {
		q = q[:i]
	}
	return q
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

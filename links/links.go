// Package links builds the URLs that open a cited paragraph in the source viewer, or elsewhere when a
// template is configured.
package links

import (
	"fmt"
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
	// {end_line}. Example: "https://github.com/org/repo/blob/main/seeds/{file}#L{start_line}-L{end_line}".
	Template string
}

// ValidateTemplate reports what is wrong with a citation URL template, or nil.
func ValidateTemplate(tmpl string) error {
	if tmpl == "" {
		return nil
	}
	if !strings.Contains(tmpl, "{file}") {
		return fmt.Errorf("template %q has no {file} placeholder", tmpl)
	}
	u, err := url.Parse(strings.NewReplacer("{file}", "f", "{paragraph}", "1", "{start_line}", "1", "{end_line}", "1").Replace(tmpl))
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
	if b.Template != "" {
		return strings.NewReplacer(
			"{file}", escapePath(file),
			"{paragraph}", strconv.Itoa(n),
			"{start_line}", strconv.Itoa(startLine),
			"{end_line}", strconv.Itoa(endLine),
		).Replace(b.Template)
	}
	base := strings.TrimRight(b.Base, "/")
	if base == "" {
		base = DefaultBase
	}
	u := base + "/sources/" + escapePath(file)
	if q := shorten(quote); q != "" {
		u += "?q=" + url.QueryEscape(q)
	}
	return u + "#p" + strconv.Itoa(n)
}

// Source returns the link to a whole document.
func (b Builder) Source(file string) string {
	base := strings.TrimRight(b.Base, "/")
	if base == "" {
		base = DefaultBase
	}
	return base + "/sources/" + escapePath(file)
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

package web

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/retrieval"
)

// markdown renders answer and summary text (Markdown written by a model or by the extractive
// answerer) as HTML for the chat page. The only links in its output are citation markers pointing at
// their citations' URLs: every other link, image or raw HTML in the text is shown as plain text with
// its URL visible, so a document or a model reply cannot slip in a link of its own. The result is
// sanitised once more by an allow-list policy.
type markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newMarkdown() *markdown {
	md := goldmark.New(
		// Tables and ~~strike~~ as models write them; no linkify, so a bare URL stays text.
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(defang{}, 0))),
	)
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
		"h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^cite$`)).OnElements("a")
	p.AllowAttrs("title").OnElements("a")
	p.AllowURLSchemes("http", "https")
	p.RequireParseableURLs(true)
	p.AddTargetBlankToFullyQualifiedLinks(true) // with rel="noopener noreferrer"
	return &markdown{md: md, policy: p}
}

// Citation markers are swapped for these private-use characters before Markdown parsing, so that no
// Markdown construct can take them apart, and swapped for links afterwards.
const (
	citeOpen  = "\uE000"
	citeClose = "\uE001"
)

var (
	markerRE      = regexp.MustCompile(`\[(\d{1,4})\]`)
	placeholderRE = regexp.MustCompile(citeOpen + `(\d{1,4})` + citeClose)
)

// render returns text as sanitised HTML, each marker "[N]" of a citation with a URL made a link to it.
func (m *markdown) render(text string, cites []answer.Citation) string {
	byN := map[int]answer.Citation{}
	for _, c := range cites {
		if linkable(c.URL) {
			byN[c.N] = c
		}
	}
	text = strings.NewReplacer(citeOpen, "", citeClose, "").Replace(text)
	text = markerRE.ReplaceAllStringFunc(text, func(s string) string {
		n, _ := strconv.Atoi(s[1 : len(s)-1])
		if _, ok := byN[n]; !ok {
			return s
		}
		return citeOpen + strconv.Itoa(n) + citeClose
	})
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(text), &buf); err != nil {
		// goldmark does not fail on any input; should it, the text is still shown, escaped.
		return "<p>" + html.EscapeString(text) + "</p>"
	}
	out := placeholderRE.ReplaceAllStringFunc(buf.String(), func(s string) string {
		n, _ := strconv.Atoi(strings.Trim(s, citeOpen+citeClose))
		c := byN[n]
		return `<a class="cite" href="` + html.EscapeString(c.URL) + `" title="` + html.EscapeString(citationLabel(c)) +
			`">[` + strconv.Itoa(n) + `]</a>`
	})
	return m.policy.Sanitize(out)
}

// markerTargets are what an answer's markers "[N]" point at: its citations, or under an abstention
// (whose text marks the closest passages "[N]" too) its related passages.
func markerTargets(cites, related []answer.Citation, abstained bool) []answer.Citation {
	if len(cites) == 0 && abstained {
		return related
	}
	return cites
}

// linkable reports whether u is an absolute http(s) URL, the only kind a citation link may have.
func linkable(u string) bool {
	return (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) && !strings.ContainsAny(u, " \n\r\t\"<>")
}

// citationLabel is how a citation is named to a reader: the document's title, then its paragraph
// (in a PDF, after its page: "p. 3 ¶12").
func citationLabel(c answer.Citation) string {
	title := c.Title
	if title == "" {
		title = c.File
	}
	return title + " " + c.Where(c.Paragraph)
}

// citationWhere is a citation's secondary position, after its label, as the chat page's where()
// writes it: the file (when the label shows a title) and its line or lines, "guide.md, lines 3–5";
// a PDF's file alone, since its label names the page and the lines of the text read from it are in
// no PDF viewer.
func citationWhere(c answer.Citation) string {
	if c.Page > 0 {
		return c.File
	}
	lines := retrieval.LineRange(c.StartLine, c.EndLine)
	if c.Title == "" {
		return lines
	}
	return c.File + ", " + lines
}

// defang rewrites, in the parsed Markdown, every link, image, autolink and raw HTML as plain text:
// "label (url)" for links and images, the URL for autolinks, the markup itself for raw HTML.
type defang struct{}

func (defang) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.Kind() {
			case ast.KindLink, ast.KindImage, ast.KindAutoLink, ast.KindRawHTML, ast.KindHTMLBlock:
				nodes = append(nodes, n)
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range nodes {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		switch n := n.(type) {
		case *ast.Link:
			inlineAsText(parent, n, n.Destination)
		case *ast.Image:
			inlineAsText(parent, n, n.Destination)
		case *ast.AutoLink:
			parent.ReplaceChild(parent, n, rawString(n.URL(src)))
		case *ast.RawHTML:
			var b []byte
			for i := 0; i < n.Segments.Len(); i++ {
				s := n.Segments.At(i)
				b = append(b, s.Value(src)...)
			}
			parent.ReplaceChild(parent, n, rawString(b))
		case *ast.HTMLBlock:
			var b []byte
			for i := 0; i < n.Lines().Len(); i++ {
				s := n.Lines().At(i)
				b = append(b, s.Value(src)...)
			}
			if n.HasClosure() {
				b = append(b, n.ClosureLine.Value(src)...)
			}
			p := ast.NewParagraph()
			p.AppendChild(p, rawString(bytes.TrimRight(b, "\n")))
			parent.ReplaceChild(parent, n, p)
		}
	}
}

// inlineAsText replaces a link or image by its label followed by " (destination)", all as text.
func inlineAsText(parent, n ast.Node, dest []byte) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	if len(dest) > 0 {
		parent.InsertBefore(parent, n, rawString([]byte(" ("+string(dest)+")")))
	}
	parent.RemoveChild(parent, n)
}

// rawString is a text node written as is (HTML-escaped, with no Markdown escapes resolved).
func rawString(b []byte) *ast.String {
	s := ast.NewString(b)
	s.SetRaw(true)
	return s
}

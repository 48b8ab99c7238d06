package convert

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/citebot/citebot/text"
)

// htmlText reads a web page as the Markdown-like plain text citebot indexes, quotes and shows, and
// returns it with the text of the page's <title> (white space collapsed; "" without one).
//
// The text is that of the page's content: its one <main>, else its one <article>, else its <body>.
// Scripts, styles, navigation, asides, footers, forms, embedded objects and hidden elements are
// left out (see [htmlSkipped] and [hiddenElement]), and so is invisible text (see [visibility]);
// image alt text and link targets too. Every block (a paragraph, a
// <div>, a quotation…) is a paragraph of its own, paragraphs separated by one blank line, with
// white space collapsed as a browser does; <br> breaks a line. Headings become "# text" …
// "###### text" (so headings are context, never quoted, as in Markdown files), a list is one
// paragraph of "- item" or "1. item" lines (a nested list indented two spaces), a table one paragraph
// of "| cell | cell |" rows, and <pre> a fenced code block with its text verbatim. Only these marks
// are structure: every other line is listed as literal (see [text.LiteralLines]), so a paragraph of
// the page that opens with "# ", "> ", "- " or "```" stays a paragraph. The text is valid
// UTF-8, ends with one newline and has no line of only spaces; a page with no text reads as "".
// The page is UTF-8 (see [decodePage]); a byte that is not is read as U+FFFD.
//
// The page is parsed by golang.org/x/net/html, a real HTML5 parser (implied end tags, broken markup,
// entities). It refuses pages nested deeper than 512 elements, and a tree of a huge page takes much
// memory (see [maxTreeTags]): such pages are read token by token instead, with the same rules
// except that all of the page is read (not just its main content) and forms are not left out.
// Neither way recurses, so no page can exhaust the stack.
func htmlText(page []byte) (text, title string) {
	p := readHTML(page)
	return p.text, p.title
}

// htmlPage is what is read of a web page (see [htmlText]): its text, the lines of the text that are
// the page's own, and its title.
type htmlPage struct {
	text    string
	literal text.LiteralLines
	title   string
}

// readHTML reads a web page (see [htmlText]).
func readHTML(page []byte) htmlPage {
	page = bytes.TrimPrefix(page, []byte("\ufeff"))
	w := &htmlWriter{}
	var doc *html.Node
	var title string
	err := errTooManyTags
	if bytes.Count(page, []byte("<")) <= maxTreeTags {
		doc, err = html.Parse(bytes.NewReader(page))
	}
	if err != nil {
		title = w.readTokens(page)
	} else {
		title = nodeText(findElement(doc, func(n *html.Node) bool { return n.DataAtom == atom.Title }))
		if root := contentRoot(doc); root != nil {
			w.walk(root)
		}
	}
	return htmlPage{text: w.finish(), literal: w.out.literal, title: collapseSpace(title)}
}

// maxTreeTags bounds the tags (counted as "<") of a page parsed into a tree: the tree takes about
// 250 bytes of memory a tag (measured on 20 MiB of "<p>x": 1.3 GB), so a page of more is read
// token by token, in memory that does not grow with the page.
const maxTreeTags = 1 << 18

// errTooManyTags says that a page is not parsed into a tree (see [maxTreeTags]).
var errTooManyTags = errors.New("too many tags to parse into a tree")

// htmlSkipped lists the elements whose content is never the page's text: code, styles, what a
// browser does not show as text (templates, media fallbacks, objects), the page's furniture
// (navigation, asides, footers) and forms and their controls. A form that holds most of the
// content's text is read, though: some sites wrap their whole page in one (ASP.NET Web Forms), and
// leaving it out would leave nothing. noembed and noframes (raw text a browser shows only where it
// lacks embeds or frames), audio and video (fallback text) and datalist (options never shown) are
// left out for the same reason as noscript.
var htmlSkipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Canvas: true, atom.Nav: true,
	atom.Aside: true, atom.Footer: true, atom.Form: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Head: true, atom.Title: true, atom.Noembed: true, atom.Noframes: true,
	atom.Audio: true, atom.Video: true, atom.Datalist: true,
}

// htmlBlocks lists the elements that start a new paragraph (lists, list items, tables, headings and
// <pre> have their own rules).
var htmlBlocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Body: true, atom.Center: true,
	atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Dir: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Form: true,
	atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true, atom.Legend: true,
	atom.Listing: true, atom.Main: true, atom.P: true, atom.Plaintext: true, atom.Search: true,
	atom.Section: true, atom.Summary: true, atom.Xmp: true, atom.Caption: true, atom.Frameset: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Menu: true, atom.Table: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Pre: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// hiddenElement reports an element hidden from readers with all it holds, whatever its
// descendants say: by the attribute hidden, aria-hidden="true", or a style attribute of display:
// none (see [parseStyle]). An element that is only invisible (visibility: hidden) is not one: its
// descendants may show again (see [elementVisibility]).
func hiddenElement(attrs []html.Attribute) bool {
	for _, a := range attrs {
		if a.Namespace != "" {
			continue
		}
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			if parseStyle(a.Val).displayNone {
				return true
			}
		}
	}
	return false
}

// visibility is what an element's style says of the CSS property visibility, which, unlike
// display, is inherited: an element invisible by it hides its text and that of its descendants
// until one of them says visible again, as a browser shows it.
type visibility uint8

const (
	visInherit visibility = iota // said nothing (or inherit, unset, revert): as its parent
	visVisible                   // visible (or initial)
	visHidden                    // hidden or collapse
)

// elementVisibility returns what the style attribute of an element says of its visibility.
func elementVisibility(attrs []html.Attribute) visibility {
	for _, a := range attrs {
		if a.Namespace == "" && a.Key == "style" {
			return parseStyle(a.Val).visibility
		}
	}
	return visInherit
}

// cssStyle is what the declarations of a style attribute say that matters to reading a page.
type cssStyle struct {
	displayNone bool       // display: none, which leaves the element and all it holds out
	visibility  visibility // what it says of visibility, which its descendants inherit
}

// visibilityKeywords are the values of the property visibility, and what each does; a declaration
// of any other value is invalid, and a browser ignores it.
var visibilityKeywords = map[string]visibility{
	"visible": visVisible, "initial": visVisible, "hidden": visHidden, "collapse": visHidden,
	"inherit": visInherit, "unset": visInherit, "revert": visInherit, "revert-layer": visInherit,
}

// parseStyle reads the declarations of a style attribute that hide the element or what it holds:
// display: none, and visibility: hidden or collapse (or visible, which shows the element again
// inside an invisible one). They are read as a browser applies them: names and keywords in any
// case, white space and comments between tokens ignored, declarations split at a ";" outside
// strings, parentheses and comments (so "display:none" in a string, a url(…) or a comment hides
// nothing), and the last declaration of a property winning unless an earlier one is !important
// and it is not; a visibility of no known keyword is ignored, as a browser ignores it.
func parseStyle(style string) cssStyle {
	var display, vis cssValue
	var buf [128]byte
	decl := buf[:0] // the declaration being read, its comments a space each
	apply := func() {
		prop, val, ok := bytes.Cut(decl, []byte(":"))
		if !ok {
			return
		}
		val, important := cutImportant(bytes.TrimSpace(val))
		switch prop = bytes.TrimSpace(prop); {
		case bytes.EqualFold(prop, []byte("display")):
			display.set(b2u(bytes.EqualFold(val, []byte("none"))), important)
		case bytes.EqualFold(prop, []byte("visibility")):
			if v, ok := visibilityKeywords[strings.ToLower(string(val))]; ok {
				vis.set(uint8(v), important)
			}
		}
	}
	var quote byte // the quote of the string being read, if any
	depth := 0     // the parentheses open
	for i := 0; i < len(style); i++ {
		c := style[i]
		switch {
		case c == '\\' && i+1 < len(style): // an escaped character, in a string or out
			decl = append(decl, c, style[i+1])
			i++
			continue
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '/' && strings.HasPrefix(style[i+1:], "*"):
			end := strings.Index(style[i+2:], "*/")
			if end < 0 {
				end = len(style) // a comment left open runs to the end
			}
			i += end + 3
			decl = append(decl, ' ')
			continue
		case c == '"' || c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth = max(depth-1, 0)
		case c == ';' && depth == 0:
			apply()
			decl = decl[:0]
			continue
		}
		decl = append(decl, c)
	}
	apply()
	return cssStyle{displayNone: display.value == 1, visibility: visibility(vis.value)}
}

// b2u is 1 for true, 0 for false.
func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// cssValue is what the declarations of one property read so far say.
type cssValue struct {
	value     uint8
	important bool
}

// set applies a declaration of the property: it wins unless an earlier one is !important and it
// is not.
func (v *cssValue) set(value uint8, important bool) {
	if !v.important || important {
		v.value, v.important = value, important
	}
}

// cutImportant returns a declaration's value (trimmed of white space) without its "!important"
// (in any case, white space allowed after the "!"), and whether it had one.
func cutImportant(val []byte) ([]byte, bool) {
	i := bytes.LastIndexByte(val, '!')
	if i < 0 || !bytes.EqualFold(bytes.TrimSpace(val[i+1:]), []byte("important")) {
		return val, false
	}
	return bytes.TrimSpace(val[:i]), true
}

// skippedNode reports an element whose content is left out of the page's text, forms aside.
func skippedNode(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.Namespace != "" || htmlSkipped[n.DataAtom] && n.DataAtom != atom.Form || hiddenElement(n.Attr))
}

// findElement returns the first element under n (in document order, n included) that match
// accepts, outside the elements whose content is left out (forms aside); nil if there is none.
func findElement(n *html.Node, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	eachNode(n, func(e *html.Node) bool {
		if e.Type == html.ElementNode && match(e) {
			found = e
		}
		return found == nil
	})
	return found
}

// eachNode calls f on every node under root in document order, root included, as long as f
// returns true; the content of a skipped element (see [skippedNode]) is not visited, except that
// of <head> and <title>. It keeps no stack: the tree's links lead the way.
func eachNode(root *html.Node, f func(*html.Node) bool) {
	for n := root; n != nil; {
		if !f(n) {
			return
		}
		descend := n.Type != html.ElementNode || n.DataAtom == atom.Title || n.DataAtom == atom.Head || !skippedNode(n)
		if descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// textBytes counts the bytes of text under n, white space aside, outside skipped elements
// (invisible text counted: it is a measure of a form's share of the page, which its layout has).
func textBytes(n *html.Node) int {
	total := 0
	eachNode(n, func(t *html.Node) bool {
		if t.Type == html.TextNode {
			total += len(t.Data) - strings.Count(t.Data, " ") - strings.Count(t.Data, "\n") - strings.Count(t.Data, "\t")
		}
		return true
	})
	return total
}

// nodeText returns the text under n (a <title> holds only text).
func nodeText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// collapseSpace returns s as valid UTF-8 with runs of white space made one space, trimmed.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// contentRoot returns the element whose text is the page's: its one <main>, else its one <article>,
// else its <body>; nil for a page of frames, which has none.
func contentRoot(doc *html.Node) *html.Node {
	var mains, articles []*html.Node
	var body *html.Node
	eachNode(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode || skippedNode(n) {
			return true
		}
		switch n.DataAtom {
		case atom.Main:
			mains = append(mains, n)
		case atom.Article:
			articles = append(articles, n)
		case atom.Body:
			if body == nil {
				body = n
			}
		}
		return len(mains) < 2 || len(articles) < 2
	})
	switch {
	case len(mains) == 1:
		return mains[0]
	case len(articles) == 1:
		return articles[0]
	}
	return body
}

// frameKind is what an open element does to the text, decided by its context when it opens.
type frameKind uint8

const (
	frameInline  frameKind = iota // nothing: its text runs on
	frameBlock                    // a boundary before and after (see [htmlWriter.boundary])
	frameHeading                  // a paragraph of its own, "## text"
	frameList                     // a list: a paragraph of its own, or lines of the list around it
	frameItem                     // a list item: a line "- text", and indented lines after it
	frameTable                    // a table: a paragraph of rows
	frameRow                      // a table row: a line "| cell | cell |"
	frameCell                     // a table cell
	framePre                      // preformatted text: a fenced code block
	frameSkip                     // an element read token by token whose content is left out
)

// listState is an open list: its kind, and the number of its last item if ordered.
type listState struct {
	ordered bool
	n       int
}

// htmlWriter writes the text of a page as its elements open and close and its text arrives.
type htmlWriter struct {
	out     convertedText // the paragraphs written
	para    []textLine    // the lines of the paragraph being written
	line    bytes.Buffer  // the line being written, its lead included (its memory kept for the next)
	lead    lead          // what the line starts with once it has text
	leadLen int           // the bytes of line that are its lead
	hasText bool          // line has text after its lead
	marked  bool          // the line opens with a mark of structure: its lead's, or a table row's
	space   bool          // white space came since the last text: a space before the next

	frames []frameKind  // the open elements
	hidden []bool       // for each open element, whether it is invisible (see [visibility])
	lists  []listState  // the open lists
	items  []int        // for each open list item, the indent of its lines after the first
	pre    bytes.Buffer // the text of the <pre> being read, verbatim
	// open frames of these kinds
	tables, cells, headings, pres, skips int
}

// kindOf decides what element a does, opening here.
func (w *htmlWriter) kindOf(a atom.Atom) frameKind {
	switch {
	case !htmlBlocks[a]:
		return frameInline
	case w.pres > 0 || w.cells > 0 || w.headings > 0:
		return frameBlock // a line break in preformatted text, a space in a cell or heading
	}
	flow := len(w.lists) == 0 && w.tables == 0
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if flow {
			return frameHeading
		}
	case atom.Ul, atom.Ol, atom.Menu:
		return frameList
	case atom.Li:
		return frameItem
	case atom.Table:
		return frameTable
	case atom.Tr:
		if w.tables > 0 {
			return frameRow
		}
	case atom.Td, atom.Th:
		if w.tables > 0 {
			return frameCell
		}
	case atom.Pre:
		if flow {
			return framePre
		}
	}
	return frameBlock
}

// open opens element a, with attributes attrs.
func (w *htmlWriter) open(a atom.Atom, attrs []html.Attribute) {
	hidden := w.invisible()
	switch elementVisibility(attrs) {
	case visVisible:
		hidden = false
	case visHidden:
		hidden = true
	}
	w.hidden = append(w.hidden, hidden)
	if w.skips > 0 {
		w.frames = append(w.frames, frameInline)
		return
	}
	k := w.kindOf(a)
	switch k {
	case frameBlock, frameTable:
		w.boundary()
	case frameHeading:
		w.endParagraph()
		w.lead = lead{mark: headingMarks[a]}
	case frameList:
		w.boundary()
		w.lists = append(w.lists, listState{ordered: a == atom.Ol, n: listStart(attrs) - 1})
	case frameItem:
		w.openItem()
	case frameRow:
		w.endLine()
	case frameCell:
		if !w.hasText {
			w.write("|")
			w.marked = true
		}
		w.space = true
	case framePre:
		w.endParagraph()
	}
	w.count(k, 1)
	if a == atom.Br {
		w.lineBreak()
	}
	w.frames = append(w.frames, k)
}

// count adds d to the count of open frames of kind k.
func (w *htmlWriter) count(k frameKind, d int) {
	switch k {
	case frameTable:
		w.tables += d
	case frameCell:
		w.cells += d
	case frameHeading:
		w.headings += d
	case framePre:
		w.pres += d
	case frameSkip:
		w.skips += d
	}
}

// openSkipped opens an element whose content is left out until it closes. (Reading a tree, such an
// element is never entered; reading tokens, where it ends is known only when it comes: an element
// whose end tag may be left out, "<p hidden>", ends where the next "<p>" implies.)
func (w *htmlWriter) openSkipped() {
	w.hidden = append(w.hidden, true)
	w.frames = append(w.frames, frameSkip)
	w.count(frameSkip, 1)
}

// close closes the element opened last.
func (w *htmlWriter) close() {
	k := w.frames[len(w.frames)-1]
	w.frames = w.frames[:len(w.frames)-1]
	w.hidden = w.hidden[:len(w.hidden)-1]
	w.count(k, -1)
	switch k {
	case frameBlock, frameTable:
		w.boundary()
	case frameHeading:
		w.endParagraph()
		w.lead = w.itemLead()
	case frameList:
		w.lists = w.lists[:len(w.lists)-1]
		w.boundary()
	case frameItem:
		w.endLine()
		w.items = w.items[:len(w.items)-1]
		w.lead = w.itemLead()
	case frameRow:
		if w.hasText && len(bytes.Trim(w.line.Bytes()[w.leadLen:], "| ")) == 0 {
			w.hasText = false // a row of empty cells says nothing
		}
		w.endLine()
	case frameCell:
		w.space = false
		w.write(" |")
	case framePre:
		w.writePre()
	}
}

// openItem starts a list item: a line with its marker, indented two spaces per enclosing list.
func (w *htmlWriter) openItem() {
	if len(w.lists) == 0 {
		w.boundary() // an item outside any list (the parser leaves it where it is)
	} else {
		w.endLine()
	}
	indent := 2 * max(len(w.lists)-1, 0)
	w.lead = lead{indent: indent, mark: "- "}
	if n := len(w.lists) - 1; n >= 0 && w.lists[n].ordered {
		w.lists[n].n++
		w.lead.mark = strconv.Itoa(w.lists[n].n) + ". "
	}
	w.items = append(w.items, indent+2)
}

// listStart returns the number of an ordered list's first item (its start attribute, else 1).
func listStart(attrs []html.Attribute) int {
	for _, a := range attrs {
		if a.Key == "start" && a.Namespace == "" {
			if n, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil && n > -1e6 && n < 1e6 {
				return n
			}
		}
	}
	return 1
}

// itemLead is the lead of a line in the innermost open list item: none outside lists.
func (w *htmlWriter) itemLead() lead {
	if len(w.items) == 0 {
		return lead{}
	}
	return lead{indent: w.items[len(w.items)-1]}
}

// lead is what a line starts with: indent spaces, then a mark ("- ", "1. ", "## ").
type lead struct {
	indent int
	mark   string
}

// headingMarks are the marks of headings.
var headingMarks = map[atom.Atom]string{atom.H1: "# ", atom.H2: "## ", atom.H3: "### ", atom.H4: "#### ", atom.H5: "##### ", atom.H6: "###### "}

// spaces indents lines (a lead's indent is at most twice the elements kept open).
var spaces = strings.Repeat(" ", 4*maxTokenDepth)

// boundary ends a block: a new paragraph, a new line of a list or table (one paragraph each), a
// space in a table cell or heading, a new line of preformatted text.
func (w *htmlWriter) boundary() {
	switch {
	case w.pres > 0:
		if w.pre.Len() > 0 && !bytes.HasSuffix(w.pre.Bytes(), []byte("\n")) {
			w.pre.WriteByte('\n')
		}
	case w.cells > 0 || w.headings > 0:
		w.space = true
	case len(w.lists) > 0 || w.tables > 0:
		w.endLine()
	default:
		w.endParagraph()
	}
}

// lineBreak writes a <br>: a new line, except in a table cell or heading (a space). Two in a row
// (an empty line, as pages without <p> separate their paragraphs) end the paragraph, so that the
// text never holds a blank line inside a paragraph and a citation points at what a reader sees
// as one paragraph.
func (w *htmlWriter) lineBreak() {
	switch {
	case w.pres > 0:
		w.pre.WriteByte('\n')
	case w.cells > 0 || w.headings > 0:
		w.space = true
	case len(w.lists) > 0 || w.tables > 0:
		w.endLine()
	case !w.hasText && len(w.para) > 0:
		w.endParagraph()
	default:
		w.endLine()
	}
}

// invisible reports whether the element open last is invisible (see [visibility]).
func (w *htmlWriter) invisible() bool {
	return len(w.hidden) > 0 && w.hidden[len(w.hidden)-1]
}

// text writes text: verbatim in preformatted text, else with white space collapsed. Invisible text
// is not written, but is a gap between the words around it, as its box is on the screen.
func (w *htmlWriter) text(s string) {
	if w.skips > 0 {
		return
	}
	if w.invisible() {
		w.space = w.space || s != ""
		return
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if w.pres > 0 {
		w.pre.WriteString(s)
		return
	}
	eachWord(s, w.write, func() { w.space = true })
}

// eachWord calls word for each run of s between white space and gap for each run of white space,
// in order: the white-space collapsing of web pages and Word documents.
func eachWord(s string, word func(string), gap func()) {
	start := 0 // of the run of text since the last white space
	for i := 0; i < len(s); {
		c, size := s[i], 1
		space := c == ' ' || c-'\t' <= '\r'-'\t' // the common case, ASCII, without decoding
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			if i > start {
				word(s[start:i])
			}
			gap()
			start = i + size
		}
		i += size
	}
	if start < len(s) {
		word(s[start:])
	}
}

// write adds s to the line: after its lead if it is the line's first text, else after a space if
// white space came before it.
func (w *htmlWriter) write(s string) {
	if !w.hasText {
		w.line.WriteString(spaces[:min(w.lead.indent, len(spaces))])
		w.line.WriteString(w.lead.mark)
		w.leadLen = w.line.Len()
		w.hasText = true
		w.marked = w.lead.mark != ""
	} else if w.space {
		w.line.WriteByte(' ')
	}
	w.space = false
	w.line.WriteString(s)
}

// endLine ends the line; a line with no visible text is dropped.
func (w *htmlWriter) endLine() {
	if w.hasText {
		if line := w.line.String(); !text.BlankLine(line[w.leadLen:]) {
			w.para = append(w.para, textLine{s: line, literal: !w.marked})
		}
		w.lead = w.itemLead()
	}
	w.line.Reset()
	w.hasText, w.space = false, false
}

// endParagraph ends the paragraph, if it has any line: one blank line separates paragraphs.
func (w *htmlWriter) endParagraph() {
	w.endLine()
	w.para = w.out.paragraph(w.para)
}

// writePre writes the preformatted text read as a fenced code block, its lines verbatim (literal,
// so that a line of it that reads "```" closes nothing) but for white space at their ends and runs
// of blank lines (one blank line, as between paragraphs).
func (w *htmlWriter) writePre() {
	fence := textLine{s: "```"}
	w.para = append(w.para, fence)
	n := len(w.para)
	gap := false
	for l := range strings.SplitSeq(w.pre.String(), "\n") {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if text.BlankLine(l) {
			gap = len(w.para) > n
			continue
		}
		if gap {
			w.para = append(w.para, textLine{literal: true})
			gap = false
		}
		w.para = append(w.para, textLine{s: l, literal: true})
	}
	w.pre.Reset()
	if len(w.para) == n {
		w.para = w.para[:n-1] // no text: no block
		return
	}
	w.para = append(w.para, fence)
	w.endParagraph()
}

// finish closes what is still open and returns the text.
func (w *htmlWriter) finish() string {
	for len(w.frames) > 0 {
		w.close()
	}
	w.endParagraph()
	return w.out.String()
}

// walk writes the text of the tree under root, in document order, without recursion.
func (w *htmlWriter) walk(root *html.Node) {
	rootBytes := -1 // counted at the first form
	for n := root; ; {
		entered := false
		switch n.Type {
		case html.TextNode:
			w.text(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Form && rootBytes < 0 {
				rootBytes = textBytes(root)
			}
			if !skippedNode(n) && (n.DataAtom != atom.Form || 2*textBytes(n) > rootBytes) {
				w.open(n.DataAtom, n.Attr)
				entered = true
			}
		}
		if entered && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		if entered {
			w.close()
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
			w.close()
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// maxTokenDepth bounds the elements [htmlWriter.readTokens] keeps open: deeper ones are read as
// inline text of the deepest.
const maxTokenDepth = 512

// htmlVoid lists the elements that have no content and no end tag.
var htmlVoid = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Keygen: true, atom.Link: true, atom.Meta: true,
	atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// htmlRawText lists the elements whose content the tokenizer reads as text up to their end tag,
// even when written "<script/>".
var htmlRawText = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Textarea: true, atom.Title: true, atom.Xmp: true,
	atom.Iframe: true, atom.Noembed: true, atom.Noframes: true, atom.Noscript: true,
}

// impliedEnd says which open elements a start tag ends (as "<li>" ends the open "<li>" of its
// list), looking down the open elements no further than one of stops (nor than 64 elements: a
// bound on the work of one tag).
var impliedEnd = map[atom.Atom]struct{ ends, stops []string }{
	atom.P:  {[]string{"p"}, []string{"div", "section", "article", "main", "blockquote", "li", "td", "th", "table", "body"}},
	atom.Li: {[]string{"li"}, []string{"ul", "ol", "menu"}},
	atom.Dt: {[]string{"dt", "dd"}, []string{"dl"}},
	atom.Dd: {[]string{"dt", "dd"}, []string{"dl"}},
	atom.Tr: {[]string{"tr"}, []string{"table", "thead", "tbody", "tfoot"}},
	atom.Td: {[]string{"td", "th"}, []string{"tr", "table"}},
	atom.Th: {[]string{"td", "th"}, []string{"tr", "table"}},
}

// tokenReader reads a page token by token: a page the parser refuses (nested too deep) or too big
// for a tree (see [maxTreeTags]).
type tokenReader struct {
	w     *htmlWriter
	z     *html.Tokenizer
	names []string       // the open elements' names, as w.frames
	open  map[string]int // how many elements of each name are open
}

// readTokens writes the text of page read token by token, with the rules of the tree but for
// forms and <head> (read: telling a whole-page form from a control takes the tree) and the content
// root (all of <body>). It returns the <title>'s text.
func (w *htmlWriter) readTokens(page []byte) (title string) {
	r := tokenReader{w: w, z: html.NewTokenizer(bytes.NewReader(page)), open: map[string]int{}}
	titled := false
	for {
		tt := r.z.Next()
		switch tt {
		case html.ErrorToken:
			return title
		case html.TextToken:
			w.text(string(r.z.Text()))
		case html.EndTagToken:
			name, _ := r.z.TagName()
			if r.open[string(name)] > 0 {
				r.popTo(string(name))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := r.z.Token()
			a := t.DataAtom
			switch {
			case !(htmlSkipped[a] && a != atom.Form && a != atom.Head || hiddenElement(t.Attr)):
				r.start(t, a, false)
			case a == atom.Title && !titled:
				title, titled = r.skip(t.Data, false, true), true
			case htmlRawText[a] || a == atom.Svg || a == atom.Math || a == atom.Template || len(r.names) >= maxTokenDepth:
				// Read past its content here: raw text, or foreign content whose end tags are sure.
				r.skip(t.Data, htmlVoid[a] || tt == html.SelfClosingTagToken && !htmlRawText[a], false)
			default:
				r.start(t, a, true)
			}
		}
	}
}

// start opens the element of start tag t (skipped: its content left out), after ending the
// elements its tag implies the end of.
func (r *tokenReader) start(t html.Token, a atom.Atom, skipped bool) {
	if e, ok := impliedEnd[a]; ok {
	search:
		for i := len(r.names) - 1; i >= max(0, len(r.names)-64); i-- {
			switch {
			case slices.Contains(e.ends, r.names[i]):
				r.popTo(r.names[i])
				break search
			case slices.Contains(e.stops, r.names[i]):
				break search
			}
		}
	}
	switch {
	case htmlVoid[a] && !skipped:
		r.w.open(a, t.Attr)
		r.w.close()
		return
	case htmlVoid[a] || len(r.names) >= maxTokenDepth:
		return
	case skipped:
		r.w.openSkipped()
	default:
		r.w.open(a, t.Attr)
	}
	r.names = append(r.names, t.Data)
	r.open[t.Data]++
}

// popTo closes the open elements down to the last one named name, which is open.
func (r *tokenReader) popTo(name string) {
	for {
		n := r.names[len(r.names)-1]
		r.names = r.names[:len(r.names)-1]
		if r.open[n]--; r.open[n] == 0 {
			delete(r.open, n)
		}
		r.w.close()
		if n == name {
			return
		}
	}
}

// skip reads past the element named name just opened (empty: it has no content), and returns its
// text if keep.
func (r *tokenReader) skip(name string, empty, keep bool) string {
	var text strings.Builder
	for depth := 1; !empty && depth > 0; {
		switch r.z.Next() {
		case html.ErrorToken:
			return text.String()
		case html.TextToken:
			if keep && text.Len() < 1<<16 {
				text.Write(r.z.Text())
			}
		case html.StartTagToken:
			if n, _ := r.z.TagName(); string(n) == name {
				depth++
			}
		case html.EndTagToken:
			if n, _ := r.z.TagName(); string(n) == name {
				depth--
			}
		}
	}
	return text.String()
}

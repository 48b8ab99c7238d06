package web

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/metrics"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// maxQuoteParam bounds the ?q= quote the viewer marks, in bytes. Links carry at most a short prefix.
const maxQuoteParam = 1000

// Bounds on the cost of marking a ?q= quote: at most maxMarks occurrences are marked, and a quote
// that does not occur verbatim is looked for ignoring case and spacing (a regular expression, about
// 40 MB/s) in at most maxFuzzyScan bytes from the target paragraph on.
const (
	maxMarks     = 100
	maxFuzzyScan = 2 << 20
)

// errBadPath is returned for a {file} that is not a clean relative path inside the corpus.
var errBadPath = errors.New("invalid file path: must be a relative path inside the corpus, without '..', '.', empty or absolute segments")

// cleanFile checks the {file} of a viewer URL. Documents are only ever looked up by name in the index,
// never opened from disk, so any character a file name may hold is accepted (a backslash is an
// ordinary character of a name); a path that tries to climb out is refused outright all the same.
func cleanFile(file string) (string, error) {
	if file == "" || file == "." || len(file) > 1024 || !utf8.ValidString(file) ||
		strings.ContainsRune(file, 0) || !fs.ValidPath(file) {
		return "", errBadPath
	}
	return file, nil
}

// sourcePath is the viewer path of file, each segment escaped.
func sourcePath(file string) string {
	parts := strings.Split(file, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "/sources/" + strings.Join(parts, "/")
}

// listPage is the data of the document list.
type listPage struct {
	Title     string
	Documents []listEntry
}

type listEntry struct {
	File       string
	Title      string
	Paragraphs int
	Bytes      int
}

// sourcePage is the data of one rendered document. Its paragraphs are made one at a time as they
// are written ([sourcePage.eachParagraph]), so a large document costs no memory beyond its text.
type sourcePage struct {
	Title string
	File  string
	Bytes int
	// Count is the number of paragraphs.
	Count int
	// Target is the paragraph asked for with ?p=N (or holding the linked span), 0 if none.
	Target int
	// Exact says the marks are the linked span itself, not occurrences of a quote to narrow down.
	Exact bool
	// QuoteFound says whether anything is marked.
	QuoteFound bool
	// Notice explains a link that no longer matches the document (unknown paragraph, quote not found).
	Notice string

	doc   *retrieval.Document
	marks []span // sorted, not overlapping, within the document
}

// paraView is one paragraph, cut into segments so that marked spans can be wrapped in <mark> while
// every byte is still escaped by html/template.
type paraView struct {
	N int
	// Lines labels the paragraph's lines, "L5" or "L5–7".
	Lines string
	// Page labels the page or pages of a PDF the paragraph is on, "p. 3" or "pp. 3–4"; "" in
	// other documents.
	Page   string
	Target bool
	Marks  int
	// Head is, in a paragraph that is a Markdown table, its header row (the first line, with its
	// line break; see [text.TableHeaderLine]) cut into segments, which the page keeps in view
	// while the rows under it scroll; Segments then hold the rest. Empty in any other paragraph.
	Head     []segment
	Segments []segment
}

type segment struct {
	Text string
	Mark bool
}

// span is a half-open byte range of a document.
type span struct{ start, end int }

func (s *Server) handleSourceList() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		docs := s.search.Documents()
		page := listPage{Title: "Sources", Documents: make([]listEntry, 0, len(docs))}
		for _, d := range docs {
			page.Documents = append(page.Documents, listEntry{
				File: d.File, Title: d.Title, Paragraphs: len(d.Paragraphs), Bytes: len(d.Text),
			})
		}
		s.render(w, r, http.StatusOK, "sources.html", page)
	})
}

func (s *Server) handleSource() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		file, err := cleanFile(r.PathValue("file"))
		if err != nil {
			s.pageError(w, r, http.StatusBadRequest, err.Error())
			return
		}
		doc, ok := s.search.Document(file)
		if !ok {
			s.pageError(w, r, http.StatusNotFound, "no document "+strconv.Quote(file)+" in the corpus")
			return
		}
		query := r.URL.Query()
		if raw := query.Get("raw"); raw == "1" || raw == "true" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Content-Length", strconv.Itoa(len(doc.Text)))
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(doc.Text))
			return
		}
		req, status, msg := parseViewRequest(query, doc)
		if status != 0 {
			s.pageError(w, r, status, msg)
			return
		}
		release, err := s.takeView(r.Context())
		if err != nil {
			if errors.Is(err, errBusy) {
				s.metrics.QuotaRejection(metrics.SurfaceWeb)
				w.Header().Set("Retry-After", "2")
				s.pageError(w, r, http.StatusTooManyRequests, "too many documents are being shown right now; retry in a few seconds")
			}
			return
		}
		defer release()
		page := viewDocument(doc, req)
		s.renderSource(w, r, page)
	})
}

// viewRequest is what a viewer URL asks for.
type viewRequest struct {
	target     int    // ?p=N, 0 if none
	quote      string // ?q=
	span       span   // ?b=START-END, zero if none
	spanBroken bool   // a span was given but does not fit the document or its check fails
	notice     string
}

// parseViewRequest reads ?p=, ?q=, ?b= and ?h= against doc. A malformed parameter is a 400; a
// well-formed one that no longer fits the document becomes a notice on the page.
func parseViewRequest(query url.Values, doc *retrieval.Document) (viewRequest, int, string) {
	var req viewRequest
	req.quote = strings.TrimSpace(query.Get(links.ParamQuote))
	switch {
	case len(req.quote) > maxQuoteParam:
		return req, http.StatusBadRequest, "quote (q) longer than " + strconv.Itoa(maxQuoteParam) + " bytes"
	case !utf8.ValidString(req.quote):
		return req, http.StatusBadRequest, "quote (q) is not valid UTF-8"
	}
	if p := query.Get("p"); p != "" {
		n, err := strconv.Atoi(p)
		switch {
		case err != nil:
			return req, http.StatusBadRequest, "paragraph (p) must be a number"
		case n < 1 || n > len(doc.Paragraphs):
			req.notice = "This document has no paragraph " + strconv.Itoa(n) + "; it has " + strconv.Itoa(len(doc.Paragraphs)) + "."
		default:
			req.target = n
		}
	}
	if v := query.Get(links.ParamSpan); v != "" {
		start, end, ok := links.ParseSpan(v)
		if !ok {
			return req, http.StatusBadRequest, "span (b) must be START-END, two byte offsets with START < END"
		}
		text := doc.Text
		if end > len(text) || !utf8.RuneStart(text[start]) || (end < len(text) && !utf8.RuneStart(text[end])) ||
			(query.Get(links.ParamCheck) != "" && query.Get(links.ParamCheck) != links.SpanCheck(text[start:end])) {
			req.spanBroken = true
		} else {
			req.span = span{start, end}
		}
	}
	return req, 0, ""
}

// takeView waits up to the queue wait for one of the viewer's rendering slots.
func (s *Server) takeView(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(s.cfg.AskQueueWait)
	defer t.Stop()
	select {
	case s.views <- struct{}{}:
		return func() { <-s.views }, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// viewDocument decides what to mark and renders doc's paragraphs. A linked span is marked exactly;
// otherwise a quote is marked where it occurs: in the target paragraph when there is one, else
// everywhere (up to maxMarks), and the page script narrows the marks to the paragraph named by the
// URL fragment, which the server never sees.
func viewDocument(doc *retrieval.Document, req viewRequest) sourcePage {
	target := req.target
	var marks []span
	exact := false
	if req.span.end > 0 {
		marks, exact = []span{req.span}, true
		if target == 0 {
			target = paragraphAt(doc, req.span.start)
		}
	} else if req.quote != "" {
		marks = findQuote(doc, target, req.quote)
	}
	page := renderDocument(doc, target, marks)
	page.Exact = exact
	switch {
	case req.notice != "":
		page.Notice = req.notice
	case req.spanBroken && len(marks) == 0:
		page.Notice = "The linked passage has changed since the link was made; the paragraph is shown instead."
	case (req.quote != "" || req.spanBroken) && !page.QuoteFound:
		page.Notice = "The quoted text was not found in this document; it may have changed since the link was made."
	}
	return page
}

// paragraphAt returns the number of the paragraph holding byte offset at, or 0.
func paragraphAt(doc *retrieval.Document, at int) int {
	i := sort.Search(len(doc.Paragraphs), func(i int) bool { return doc.Paragraphs[i].EndByte > at })
	if i < len(doc.Paragraphs) && doc.Paragraphs[i].StartByte <= at {
		return doc.Paragraphs[i].N
	}
	return 0
}

// findQuote returns where quote occurs, ignoring case and spacing: in the target paragraph when there
// is one, else in the whole document. In a region larger than maxFuzzyScan, verbatim occurrences are
// looked for first (links carry verbatim quotes; a literal search is fast), and the slower search
// ignoring case and spacing only covers the first maxFuzzyScan bytes. At most maxMarks spans, in order.
func findQuote(doc *retrieval.Document, target int, quote string) []span {
	if !utf8.ValidString(quote) || strings.TrimSpace(quote) == "" {
		return nil // refused or trimmed by the handler; a partial rune or bare space is never marked
	}
	from, to := 0, len(doc.Text)
	if target > 0 {
		p := doc.Paragraphs[target-1]
		from, to = p.StartByte, p.EndByte
	}
	region := doc.Text[from:to]
	var out []span
	re := quoteRegexp(quote)
	if re != nil && len(region) <= maxFuzzyScan {
		// Small enough to search ignoring case and spacing everywhere.
		for _, l := range re.FindAllStringIndex(region, maxMarks) {
			out = append(out, span{from + l[0], from + l[1]})
		}
		return out
	}
	for at := 0; len(out) < maxMarks; {
		i := strings.Index(region[at:], quote)
		if i < 0 {
			break
		}
		out = append(out, span{from + at + i, from + at + i + len(quote)})
		at += i + len(quote)
	}
	if len(out) > 0 || re == nil {
		return out
	}
	region = region[:cutBoundary(region, maxFuzzyScan)]
	for _, l := range re.FindAllStringIndex(region, maxMarks) {
		out = append(out, span{from + l[0], from + l[1]})
	}
	return out
}

// cutBoundary returns the largest n <= max at which s can be cut without splitting a rune.
func cutBoundary(s string, max int) int {
	if len(s) <= max {
		return len(s)
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return max
}

// renderDocument prepares doc's page, marking the given spans (sorted, not overlapping, in doc).
func renderDocument(doc *retrieval.Document, target int, marks []span) sourcePage {
	page := sourcePage{Title: doc.Title, File: doc.File, Bytes: len(doc.Text), Count: len(doc.Paragraphs), Target: target,
		QuoteFound: len(marks) > 0, doc: doc, marks: marks}
	if page.Title == "" {
		page.Title = doc.File
	}
	return page
}

// eachParagraph calls fn with the view of each paragraph in order, cut into plain and marked segments.
func (page sourcePage) eachParagraph(fn func(paraView)) {
	m := 0
	var inside []span
	for _, p := range page.doc.Paragraphs {
		v := paraView{N: p.N, Lines: linesLabel(p.StartLine, p.EndLine), Page: p.Label(), Target: p.N == page.Target}
		for m < len(page.marks) && page.marks[m].end <= p.StartByte {
			m++
		}
		inside = inside[:0]
		for k := m; k < len(page.marks) && page.marks[k].start < p.EndByte; k++ {
			mk := page.marks[k]
			inside = append(inside, span{max(mk.start, p.StartByte) - p.StartByte, min(mk.end, p.EndByte) - p.StartByte})
		}
		body := page.doc.Text[p.StartByte:p.EndByte]
		if h := text.TableHeaderLine(body); h > 0 {
			head, rest := splitSpans(inside, h)
			v.Head, _ = segments(body[:h], head)
			v.Segments, _ = segments(body[h:], rest)
			v.Marks = len(inside)
		} else {
			v.Segments, v.Marks = segments(body, inside)
		}
		fn(v)
	}
}

// splitSpans cuts spans (sorted, relative to a text) at offset at: those before it, and those after
// it made relative to the text from at on; a span across at is cut in two.
func splitSpans(spans []span, at int) (before, after []span) {
	for _, sp := range spans {
		if sp.start < at {
			before = append(before, span{sp.start, min(sp.end, at)})
		}
		if sp.end > at {
			after = append(after, span{max(sp.start, at) - at, sp.end - at})
		}
	}
	return before, after
}

// linesLabel is "L5" for one line, "L5–7" for several.
func linesLabel(start, end int) string {
	if start == end {
		return "L" + strconv.Itoa(start)
	}
	return "L" + strconv.Itoa(start) + "–" + strconv.Itoa(end)
}

// quoteRegexp matches quote case-insensitively with any run of whitespace standing for any other, so
// that a quote whose line breaks or spacing were normalised still finds its span. nil for no quote.
func quoteRegexp(quote string) *regexp.Regexp {
	words := strings.Fields(quote)
	if len(words) == 0 {
		return nil
	}
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	re, err := regexp.Compile(`(?i)` + strings.Join(words, `\s+`))
	if err != nil { // only invalid UTF-8, which the handler refuses first
		return nil
	}
	return re
}

// segments splits text into plain and marked segments at the given spans (offsets into text).
func segments(text string, marks []span) ([]segment, int) {
	if len(marks) == 0 {
		return []segment{{Text: text}}, 0
	}
	segs := make([]segment, 0, 2*len(marks)+1)
	at := 0
	for _, l := range marks {
		if l.start > at {
			segs = append(segs, segment{Text: text[at:l.start]})
		}
		segs = append(segs, segment{Text: text[l.start:l.end], Mark: true})
		at = l.end
	}
	if at < len(text) {
		segs = append(segs, segment{Text: text[at:]})
	}
	return segs, len(marks)
}

// errorPage is the data of an HTML error page.
type errorPage struct {
	Title   string
	Status  int
	Message string
}

// pageError answers a viewer request with an HTML error page for browsers and JSON otherwise.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if !strings.Contains(r.Header.Get("Accept"), "text/html") {
		writeError(w, status, msg)
		return
	}
	s.render(w, r, status, "error.html", errorPage{Title: http.StatusText(status), Status: status, Message: msg})
}

// renderSource writes a document's page straight to the client, for pages as large as a document:
// nothing is buffered, so an error can only be logged (the page is then cut short). The head and foot
// are templates; the paragraphs are written by [writeParagraphs].
func (s *Server) renderSource(w http.ResponseWriter, r *http.Request, page sourcePage) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(stallWriter{w: w, rc: http.NewResponseController(w), stall: s.cfg.StallTimeout}, 32<<10)
	err := s.pages.ExecuteTemplate(bw, "source-head", page)
	if err == nil {
		writeParagraphs(bw, page)
		err = s.pages.ExecuteTemplate(bw, "source-foot", page)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		s.log.Warn("rendering a source page", "path", r.URL.Path, "err", err)
	}
}

// writeParagraphs writes each paragraph as a <section id="pN"> with its number, lines (a PDF's: its
// page, where a reader holding the PDF finds it, instead of the lines of the text read from it)
// and text, marked spans in <mark>, a table's header row in <span class="thead">; every byte of document text goes through escapeHTML. A loop
// rather than a template range: html/template's reflection rendered large documents at 14 MB/s.
func writeParagraphs(w *bufio.Writer, page sourcePage) {
	page.eachParagraph(func(p paraView) {
		n := strconv.Itoa(p.N)
		w.WriteString(`<section class="para`)
		if p.Target {
			w.WriteString(" target")
		}
		// Lines is "L" with digits and an en dash (linesLabel), Page "p. " or "pp. " with digits and
		// an en dash (retrieval.PageSpan.Label): nothing to escape.
		w.WriteString(`" id="p` + n + `" data-lines="` + p.Lines)
		if p.Page != "" {
			w.WriteString(`" data-page="` + p.Page + "\">\n")
			w.WriteString(`<a class="loc" href="#p` + n + `">¶` + n + ` <span class="pdf-page">` + p.Page + "</span></a>\n")
		} else {
			w.WriteString("\">\n")
			w.WriteString(`<a class="loc" href="#p` + n + `">¶` + n + ` <span class="lines">` + p.Lines + "</span></a>\n")
		}
		w.WriteString(`<div class="text">`)
		if len(p.Head) > 0 {
			// A table's header row, which the stylesheet keeps in view above the rows.
			w.WriteString(`<span class="thead">`)
			writeSegments(w, p.Head)
			w.WriteString(`</span>`)
		}
		writeSegments(w, p.Segments)
		w.WriteString("</div>\n</section>\n")
	})
}

// writeSegments writes text segments, the marked ones in <mark>, every byte through escapeHTML.
func writeSegments(w *bufio.Writer, segs []segment) {
	for _, seg := range segs {
		if seg.Mark {
			w.WriteString(`<mark class="quote">`)
			escapeHTML(w, seg.Text)
			w.WriteString(`</mark>`)
		} else {
			escapeHTML(w, seg.Text)
		}
	}
}

// escapeHTML writes s with the characters that are special in HTML text and attributes escaped as
// html/template escapes them (& < > " ' and NUL).
func escapeHTML(w *bufio.Writer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case 0:
			esc = "\uFFFD"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// stallWriter gives each write to the client the stall timeout to finish, so a client that stops
// reading a large page gives up its rendering slot.
type stallWriter struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
}

func (sw stallWriter) Write(b []byte) (int, error) {
	_ = sw.rc.SetWriteDeadline(time.Now().Add(sw.stall))
	return sw.w.Write(b)
}

// render executes a page template into a buffer first, so that a template error becomes a clean 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("rendering page", "template", name, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error rendering the page")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

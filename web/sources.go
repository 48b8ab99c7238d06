package web

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/retrieval"
)

// maxQuoteParam bounds the ?q= quote the viewer marks, in bytes. Links carry at most a short prefix.
const maxQuoteParam = 1000

// errBadPath is returned for a {file} that is not a clean relative path inside the corpus.
var errBadPath = errors.New("invalid file path: must be a relative path inside the corpus, without '..', '.', empty or absolute segments")

// cleanFile checks the {file} of a viewer URL. Documents are only ever looked up by name in the index,
// never opened from disk, but a path that tries to climb out is refused outright all the same.
func cleanFile(file string) (string, error) {
	if file == "" || file == "." || len(file) > 1024 || !utf8.ValidString(file) ||
		strings.ContainsAny(file, "\\\x00") || !fs.ValidPath(file) {
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

// sourcePage is the data of one rendered document.
type sourcePage struct {
	Title      string
	File       string
	Bytes      int
	Paragraphs []paraView
	// Target is the paragraph asked for with ?p=N, 0 if none.
	Target int
	// Quote is the ?q= span to mark; QuoteFound says whether it occurs.
	Quote      string
	QuoteFound bool
	// Notice explains a link that no longer matches the document (unknown paragraph, quote not found).
	Notice string
}

// paraView is one paragraph, cut into segments so that marked spans can be wrapped in <mark> while
// every byte is still escaped by html/template.
type paraView struct {
	N int
	// Lines labels the paragraph's lines, "L5" or "L5–7".
	Lines    string
	Target   bool
	Marks    int
	Segments []segment
}

type segment struct {
	Text string
	Mark bool
}

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
		quote := strings.TrimSpace(query.Get("q"))
		switch {
		case len(quote) > maxQuoteParam:
			s.pageError(w, r, http.StatusBadRequest, "quote (q) longer than "+strconv.Itoa(maxQuoteParam)+" bytes")
			return
		case !utf8.ValidString(quote):
			s.pageError(w, r, http.StatusBadRequest, "quote (q) is not valid UTF-8")
			return
		}
		target := 0
		var notice string
		if p := query.Get("p"); p != "" {
			n, err := strconv.Atoi(p)
			switch {
			case err != nil:
				s.pageError(w, r, http.StatusBadRequest, "paragraph (p) must be a number")
				return
			case n < 1 || n > len(doc.Paragraphs):
				notice = "This document has no paragraph " + strconv.Itoa(n) + "; it has " + strconv.Itoa(len(doc.Paragraphs)) + "."
			default:
				target = n
			}
		}
		page := renderDocument(doc, target, quote)
		if notice != "" {
			page.Notice = notice
		} else if quote != "" && !page.QuoteFound {
			page.Notice = "The quoted text was not found in this document; it may have changed since the link was made."
		}
		s.render(w, r, http.StatusOK, "source.html", page)
	})
}

// renderDocument cuts doc into paragraph views. With a target paragraph, every occurrence of quote
// inside it is marked; without one, every occurrence in the document is marked and the page script
// narrows the marks to the paragraph named by the URL fragment (which the server never sees), or to
// the first occurrence when there is none.
func renderDocument(doc *retrieval.Document, target int, quote string) sourcePage {
	page := sourcePage{
		Title:      doc.Title,
		File:       doc.File,
		Bytes:      len(doc.Text),
		Target:     target,
		Quote:      quote,
		Paragraphs: make([]paraView, 0, len(doc.Paragraphs)),
	}
	if page.Title == "" {
		page.Title = doc.File
	}
	re := quoteRegexp(quote)
	for _, p := range doc.Paragraphs {
		text := doc.Text[p.StartByte:p.EndByte]
		v := paraView{N: p.N, Lines: linesLabel(p.StartLine, p.EndLine), Target: p.N == target}
		if re != nil && (target == 0 || p.N == target) {
			v.Segments, v.Marks = markAll(text, re)
		} else {
			v.Segments = []segment{{Text: text}}
		}
		if v.Marks > 0 {
			page.QuoteFound = true
		}
		page.Paragraphs = append(page.Paragraphs, v)
	}
	return page
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

// markAll splits text into plain and marked segments at every match of re.
func markAll(text string, re *regexp.Regexp) ([]segment, int) {
	locs := re.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return []segment{{Text: text}}, 0
	}
	segs := make([]segment, 0, 2*len(locs)+1)
	at := 0
	for _, l := range locs {
		if l[0] > at {
			segs = append(segs, segment{Text: text[at:l[0]]})
		}
		segs = append(segs, segment{Text: text[l[0]:l[1]], Mark: true})
		at = l[1]
	}
	if at < len(text) {
		segs = append(segs, segment{Text: text[at:]})
	}
	return segs, len(locs)
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

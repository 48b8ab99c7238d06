package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// Some models cite by wrapping the claim in tags rather than by a marker after it:
//
//	<cite index="1-2">claim</cite>         Claude: index is source-sentence ("1-2"), several
//	<cite index="3-1,3-2">claim</cite>     ("3-1,3-2") or a run of sentences ("1-2:4")
//	<cite source="S2">claim</cite>         the same with a source id, number or name
//	<co: 1>claim</co: 1>                   Cohere Command R (<co: 1,2>; </co> closes too)
//	[cite_start]claim[cite: 1]             Gemini: the opening marker carries nothing
//
// A wrapReader rewrites them, as the reply streams in, into the form every other check reads: the
// opening tag is removed and the closing tag becomes a marker after the claim ("claim [S1]"), so the
// claim is checked against the source like any bare marker, and the citation shows where our own
// style puts it. The sentence numbers of Claude's index are not used: the prompt numbers no
// sentences, and the check finds the one that states the claim. Gemini's [cite_start] is removed;
// its closing [cite: 1] is an ordinary marker (markers.go). A tag whose attribute names no source
// (an HTML page's <cite class="title"> quoted in the reply) stays text, and so does its closing tag;
// an index or id that was not offered ("<cite index="9-1">") becomes a marker that the check
// removes and counts. A wrap left open is closed at the next opening tag or at the end of the reply.

// wrapReader rewrites wrapping citations (see above) in clean reply text and passes the result to
// out. Its output does not depend on how the text was cut into pieces.
type wrapReader struct {
	refs *sourceRefs // the offered sources by name; nil: ids only
	out  func(string)

	held   string // text from a "<" or "[" that may still become a tag
	open   string // the marker the open wrap's closing tag becomes, "" when none is open
	openCo bool   // the open wrap is Cohere's <co: …>
	last   rune   // the last rune passed on
}

func newWrapReader(refs *sourceRefs, out func(string)) *wrapReader {
	return &wrapReader{refs: refs, out: out}
}

// maxWrapTagBytes bounds an opening tag; a longer one is text.
const maxWrapTagBytes = 300

// Write takes the next piece of clean reply text.
func (w *wrapReader) Write(s string) {
	if w.held == "" && strings.IndexAny(s, "<[") < 0 {
		w.pass(s) // the common case: nothing that may be a tag
		return
	}
	w.held += s
	w.drain(false)
}

// Flush passes on what is held; a wrap still open is closed at the end of the reply.
func (w *wrapReader) Flush() {
	w.drain(true)
	if w.open != "" {
		var b strings.Builder
		w.closeWrap(&b)
		w.pass(b.String())
	}
}

// reset forgets everything read (the text so far was the model's reasoning).
func (w *wrapReader) reset() { *w = wrapReader{refs: w.refs, out: w.out} }

// drain passes on the held text up to a tag that may still be incomplete.
func (w *wrapReader) drain(final bool) {
	s := w.held
	var b strings.Builder
	for s != "" {
		i := strings.IndexAny(s, "<[")
		if i < 0 {
			b.WriteString(s)
			s = ""
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		n, st := w.tagAt(s, final, &b)
		if st == scanMore {
			break
		}
		if st == scanNo {
			n = 1
			b.WriteByte(s[0])
		}
		s = s[n:]
	}
	w.held = s
	w.pass(b.String())
}

func (w *wrapReader) pass(s string) {
	if s == "" {
		return
	}
	w.last = lastRune(s)
	w.out(s)
}

// tagAt reads a wrapping tag at s[0] ("<" or "["), writing what replaces it to b, and returns its
// length.
func (w *wrapReader) tagAt(s string, final bool, b *strings.Builder) (int, scanStatus) {
	if s[0] == '[' {
		for _, t := range []string{"[cite_start]", "[cite_end]"} {
			if hasPrefixFold(s, t) {
				return len(t), scanYes
			}
			if len(s) < len(t) && hasPrefixFold(t, s) {
				return 0, more(final)
			}
		}
		return 0, scanNo
	}
	switch {
	case w.open != "" && !w.openCo && hasPrefixFold(s, "</cite>"):
		w.closeWrap(b)
		return len("</cite>"), scanYes
	case w.open != "" && w.openCo && hasPrefixFold(s, "</co"):
		n, st := tagEnd(s, len("</co"), final)
		if st == scanYes {
			if r := s[len("</co")]; r != ':' && r != '>' {
				return 0, scanNo
			}
			w.closeWrap(b)
		}
		return n, st
	case hasPrefixFold(s, "<cite"):
		return w.opening(s, len("<cite"), false, final, b)
	case hasPrefixFold(s, "<co:"):
		return w.opening(s, len("<co:"), true, final, b)
	}
	for _, t := range []string{"<cite", "<co:", "</cite>", "</co"} {
		if len(s) < len(t) && hasPrefixFold(t, s) {
			return 0, more(final)
		}
	}
	return 0, scanNo
}

// tagEnd returns the length of the tag that starts at s[0], whose name ends at s[from]: up to its
// ">", which must come before a newline or another tag and within maxWrapTagBytes.
func tagEnd(s string, from int, final bool) (int, scanStatus) {
	for i := from; i < len(s); i++ {
		switch {
		case i >= maxWrapTagBytes || s[i] == '\n' || s[i] == '<':
			return 0, scanNo
		case s[i] == '>':
			return i + 1, scanYes
		}
	}
	if len(s) >= maxWrapTagBytes {
		return 0, scanNo
	}
	return 0, more(final)
}

// opening reads an opening tag whose name ends at s[from] ("<cite", "<co:"). One that cites
// offered sources opens a wrap (closing any open one); any other is text.
func (w *wrapReader) opening(s string, from int, co bool, final bool, b *strings.Builder) (int, scanStatus) {
	if !co && len(s) > from && !unicode.IsSpace(rune(s[from])) {
		return 0, scanNo // "<cite>", "<citation>": tags of markers.go, or text
	}
	n, st := tagEnd(s, from, final)
	if st != scanYes {
		return n, st
	}
	value := strings.TrimSpace(s[from : n-1])
	if !co {
		var ok bool
		if value, ok = citeAttribute(value); !ok {
			return 0, scanNo
		}
	}
	marker := w.markerFor(value)
	if marker == "" {
		return 0, scanNo
	}
	if w.open != "" {
		w.closeWrap(b)
	}
	w.open, w.openCo = marker, co
	return n, scanYes
}

// citeAttributeRE is the one attribute of an opening cite tag that names its sources.
var citeAttributeRE = regexp.MustCompile(`(?i)^(?:index|sources?|ref|id|doc)\s*=\s*(?:"([^"]*)"|'([^']*)')$`)

// citeAttribute returns the value of the attribute of an opening cite tag that names its sources
// (index, source, ref, id, doc), or false when the tag has another or more than one.
func citeAttribute(attrs string) (string, bool) {
	m := citeAttributeRE.FindStringSubmatch(attrs)
	if m == nil {
		return "", false
	}
	return m[1] + m[2], true
}

// wrapIDRE is one source in a wrapping tag: "2", "S2", "Source 2", "doc 2", Claude's "2-5" (source
// 2, sentence 5) or "2-5:7" (sentences 5 to 7).
var wrapIDRE = regexp.MustCompile(`(?i)^(?:s|source\s*|doc\s*)?(\d{1,3})(?:-\d{1,4}(?::\d{1,4})?)?$`)

// markerFor returns the marker that cites what a wrapping tag names: "[S1, S3]" for ids, "[name]"
// for an offered source's file, section or title (read by markerrefs.go), or "" when the value
// names nothing offered.
func (w *wrapReader) markerFor(value string) string {
	var ids []string
	for _, item := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ';' }) {
		m := wrapIDRE.FindStringSubmatch(strings.TrimSpace(item))
		if m == nil {
			ids = nil
			break
		}
		n, _ := strconv.Atoi(m[1])
		if id := "S" + strconv.Itoa(n); !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if ids != nil {
		return "[" + strings.Join(ids, ", ") + "]"
	}
	if w.refs == nil || strings.ContainsAny(value, "[]【】\n") {
		return ""
	}
	if ks, _ := w.refs.resolve(value); len(ks) == 0 {
		return ""
	}
	return "[" + value + "]"
}

// closeWrap writes the open wrap's marker, after a space unless the text before ends with one or
// with a Chinese character.
func (w *wrapReader) closeWrap(b *strings.Builder) {
	last := w.last
	if b.Len() > 0 {
		last = lastRune(b.String())
	}
	if last != 0 && last != utf8.RuneError && !unicode.IsSpace(last) && !text.IsHan(last) {
		b.WriteByte(' ')
	}
	b.WriteString(w.open)
	w.open, w.openCo = "", false
}

package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// The prompt asks the model to cite source k as [Sk: "verbatim quote"]; the "S" keeps its markers
// apart from the corpus's own footnote markers such as [1][2]. Models write many other forms, and
// all of these are read as citations of source k when k names a source offered in the prompt:
//
//	[Sk]  [sk]  [S k]  [Source k]  (Sk)  (Source: Sk)  【Sk】  ［Ｓｋ］  （Sk）  the S-forms
//	{Sk}  (see Sk)  （参见Sk）  [S-k]  [S#k]  [^Sk]  \[Sk\]  **[Sk]**  `[Sk]`   the same, dressed
//	[citation:k]  [cite: k]  [ref k]  [Doc k]  [Document k]  [Passage k]       other labels
//	【Sk†source】  【k†source】  [Sk†L3-L5]                                      a vendor's suffix
//	[k]  <sup>k</sup>  ^[k]  [^k^]  ^k^  ᵏ  ⁽ᵏ⁾ (superscript digits)           a bare number
//	[^k] with a footnote definition line "[^k]: Sk, "quote""                  a Markdown footnote
//	[S1, S3]  [S1; S3]  [S1 S3]  [Sources 1 and 3]  [S1][S3]  [cite: 1-3]  [S1–S3]  lists, ranges
//	<cite>S1</cite>  <source>S1</source>  <ref>1</ref>  <citation>1</citation>  tags
//	[S1, ¶3]  [S1 (¶3)]  [S1, paragraph 3]  [S1, p. 2]  [S1:2-3]  [S1，第3段]   ids with a locator
//	"… in 2024. S1"  "… in 2024 — S1"                                         bare ids
//	"According to Source 2, …"  "Sources 1 and 3 show"  "根据来源2，…"          running text
//
// each bracketed form optionally with a quote after ":", "-", "," or a space, in straight, curly,
// single, CJK or guillemet quotation marks. A bracket may also name a source by what the prompt
// shows of it besides its id (see markerrefs.go): "[001_ac79.txt, paragraph 1]", "(source:
// 001_ac79….txt ¶1)", "(section: Conclusion)", a document's title; it cites the offered passages so
// named, and is text when none was offered. A bare number is a footnote copied from a source, never
// a citation, when the reply has already used an S-form, or when the words before it are the words
// a source has before the same footnote; superscript ² and ³ after a unit ("m²") and superscripts
// after 10 ("10⁶") are exponents. Bare ids are read only where nothing but a citation can stand:
// after the end of a sentence, at the start of a line or after a dash, and up to the end of the
// line ("the S1 phone" is text). In running text, only a number after a word that names nothing but
// a source ("Source", "Fuente", "来源", see runningIDs) is an id; the word stays (unless the id is
// removed with its lead-in, leadin.go). An OpenAI
// file-search marker "【4:0†source】" numbers search results, not our sources: it is read as a
// citation of the source its name gives, and removed when it names none; without the colon
// ("【1†source】", gpt-oss's and GLM's style) the number is the source. A range names at most 10
// sources; a locator after an id is skipped (the check finds the sentence), and a quote may follow
// it. A sign between "S" and the number ("[S-1]") is read in square brackets only, since "(S-1)" is
// also the name of a form; braces, like parentheses, need a label ("{2}" is text). Emphasis or code
// around a bracketed marker ("**[S1]**", "`[S1]`") goes with the marker. A marker followed by a
// link, "[S1](https://…)" or "[S1](source:1)", loses the link: a model never chooses where a
// citation points. A Markdown link whose target names a source, "[source](S1)", "[1](#source-2)",
// "[the 2024 report](S1)", cites that source (linkMarker); its words stay unless they only name a
// source or a link. Another tool's citations (":contentReference[oaicite:0]", ChatGPT's and
// LibreChat's private-use groups) number that tool's results and name no offered source: see
// toolmarkers.go.

// citeKind is the form of one citation in a marker.
type citeKind uint8

const (
	// kindSource: "S3", "Source 3": names an offered source by its id.
	kindSource citeKind = iota
	// kindNumber: "[3]": a source number, unless it is a footnote copied from a source.
	kindNumber
	// kindFootnote: "[^3]": a Markdown footnote reference; its definition line names the source
	// and the quote (without one, 3 is the source number).
	kindFootnote
	// kindRef: "[001_ac79.txt, paragraph 1]": the offered sources named by file, paragraph, section
	// or title, in Refs (none: a citation that names no offered source).
	kindRef
	// kindForeign: ":contentReference[oaicite:0]", "\ue202turn0search1": another tool's citation,
	// numbered by that tool's results; it names no offered source (see toolmarkers.go).
	kindForeign
)

// rawCite is one citation as written by the model.
type rawCite struct {
	Kind citeKind
	// N is the number written: a source number (1-based, it may point at no source) or a footnote label.
	N int
	// Quote is the quoted text, "" if the marker carried none.
	Quote string
	// Refs are the candidate sources of a kindRef citation (1-based).
	Refs []int
}

// marker is one bracketed citation group in a text: the bytes it occupies (a link attached to it
// included) and the citations inside it.
type marker struct {
	Start, End int
	Cites      []rawCite
	// Label is how many bytes at the start of the marker stay in the text: the word of an id in
	// running text ("Source " of "Source 2 says", which shows as "Source [1] says"), or the label of
	// bare ids after a sentence ("Sources: " of "… in 2024. Sources: S1, S3"), which makes them a
	// frame sentence of their own (framesentence.go).
	Label int
	// Bare: ids without brackets after a sentence or at the start of a line (bareIDs).
	Bare bool
	// Link: a Markdown link whose target names the source ("[the 2024 report](S1)"): its label is
	// "[" and the link's words, which stay in the text without the bracket.
	Link bool
}

// label returns the text that stays of marker m of s: its label, without a link's bracket.
func (m marker) label(s string) string {
	l := s[m.Start : m.Start+m.Label]
	if m.Link {
		return l[1:]
	}
	return l
}

// scanStatus is the outcome of reading a marker from text that may still be growing.
type scanStatus uint8

const (
	scanNo   scanStatus = iota // not a marker
	scanYes                    // a complete marker
	scanMore                   // could still become one: wait for more text
)

// maxMarkerBytes bounds a marker (with its quote); a longer bracket is text.
const maxMarkerBytes = 2000

var (
	markerClosers = map[rune]rune{'[': ']', '【': '】', '［': '］', '(': ')', '（': '）', '〔': '〕', '{': '}'}
	openQuotes    = map[rune]bool{'"': true, '“': true, '”': true, '«': true, '„': true, '「': true, '『': true, '\'': true, '‘': true, '＂': true}
	closeQuotes   = map[rune]bool{'"': true, '”': true, '“': true, '»': true, '」': true, '』': true, '\'': true, '’': true, '＂': true}
	// sourceWords label a source number, longest first ("S" alone is handled apart): our own word
	// and the words other tools number their sources with ("[citation:1]", "[ref 1]", "[Doc 1]",
	// Gemini's "[cite: 1]").
	sourceWords = []string{"references", "referencias", "referencia", "reference", "citations", "citation", "cite", "documentos",
		"documento", "documents", "document", "passages", "passage", "source id", "sources", "source", "fuentes", "fuente",
		"docs", "doc", "refs", "ref", "来源", "资料"}
)

// maxLabelBytes is the length of the longest source label.
const maxLabelBytes = len("referencias")

// scanner reads citation markers. refs, when not nil, are the offered sources by name, so that a
// bracket naming one by file, paragraph, section or title is read as a citation of it.
type scanner struct{ refs *sourceRefs }

// at reads a marker at s[i]. final says that s will not grow. The start of s is taken for the start
// of a line (callers pass text that starts at a line or sentence boundary).
func (sc scanner) at(s string, i int, final bool) (marker, scanStatus) {
	r, _ := utf8.DecodeRuneInString(s[i:])
	switch {
	case markerClosers[r] != 0:
		return sc.bracketed(s, i, final)
	case r == '^':
		// "^[1]": a superscript written in the Markdown of some renderers; "^1^", Pandoc's.
		if i+1 >= len(s) {
			return marker{}, more(final)
		}
		if isDigitByte(s[i+1]) {
			return caretNumber(s, i, final)
		}
		if s[i+1] != '[' {
			return marker{}, scanNo
		}
		m, st := sc.bracketed(s, i+1, final)
		m.Start = i
		return m, st
	case r == '<':
		return sc.tagged(s, i, final)
	case r == '\\':
		if m, st := sc.escaped(s, i, final); st != scanNo {
			return m, st
		}
		return toolMarker(s, i, final)
	case r == ':':
		return contentReference(s, i, final)
	case r == puaOpen || r == puaSep:
		return toolMarker(s, i, final)
	case r == '*' || r == '_' || r == '`':
		return sc.emphasized(s, i, final)
	case superscriptDigit(r) >= 0:
		return superscripts(s, i, final)
	case r == '⁽':
		// "⁽¹⁾": superscript digits in superscript parentheses.
		m, st := superscripts(s, i+len("⁽"), final)
		if st != scanYes {
			return marker{}, st
		}
		if !strings.HasPrefix(s[m.End:], "⁾") {
			return marker{}, scanNo
		}
		m.Start, m.End = i, m.End+len("⁾")
		return m, scanYes
	}
	if m, st := bareIDs(s, i, final); st != scanNo {
		return m, st
	}
	return runningIDs(s, i, final)
}

// mayOpen reports whether a marker may start at s[i], whose rune is r: a cheap test that spares
// reading every letter of a reply as a marker.
func mayOpen(s string, i int, r rune) bool {
	switch {
	case markerClosers[r] != 0, r == '^', r == '<', r == '—', r == '–', r == '-', r == '\\', r == '*', r == '_', r == '`',
		r == ':', r == puaOpen, r == puaSep, r == '⁽', superscriptDigit(r) >= 0:
		return true
	}
	if runningLabelStart(s, i, r) {
		return true
	}
	return (r == 'S' || r == 's' || r >= utf8.RuneSelf || isLabelStart(r)) && afterSentence(s, i) // bare ids
}

// isLabelStart reports whether r may start a source label word ("Source", "Doc", "Ref", …).
func isLabelStart(r rune) bool {
	r = unicode.ToLower(r)
	for _, w := range sourceWords {
		if rune(w[0]) == r {
			return true
		}
	}
	return false
}

// bracketed reads a marker whose opening bracket is at s[i]. A marker wrapped in brackets or used as
// a link's text ("[[S1]]", "[[S1]](url)") is read with its wrapping.
func (sc scanner) bracketed(s string, i int, final bool) (marker, scanStatus) {
	if strings.HasPrefix(s[i:], "[[") || strings.HasPrefix(s[i:], "[【") || strings.HasPrefix(s[i:], "[［") {
		m, st := sc.scanMarker(s, i+1, final)
		if st != scanYes {
			return m, st
		}
		if m.End >= len(s) {
			return m, more(final)
		}
		if s[m.End] != ']' {
			return m, scanNo
		}
		m.Start, m.End = i, m.End+1
		return attachedLink(s, m, final)
	}
	m, st := sc.scanMarker(s, i, final)
	if st == scanNo && s[i] == '[' {
		return linkMarker(s, i, final)
	}
	if st != scanYes {
		return m, st
	}
	return attachedLink(s, m, final)
}

// linksTo returns the source a link target names when it goes with marker m: when m cites it
// ("[Source 2](S2)"), or when m is one number of the reply's own, which the target says the source
// of ("[1](#source-2)"). A target that names another source is a marker of its own ("[S1](S2)").
func linksTo(target string, m marker) (int, bool) {
	t := linkTargetRE.FindStringSubmatch(target)
	if t == nil {
		return 0, false
	}
	n, _ := readDigits(t[1], 0)
	if len(m.Cites) == 1 && m.Cites[0].Kind == kindNumber {
		return n, true
	}
	for _, c := range m.Cites {
		if c.N == n && c.Kind == kindSource {
			return n, true
		}
	}
	return 0, false
}

// linkTargetRE is a link target that names a source: "S1", "#S1", "source-1", "#source-1",
// "source:1", "1".
var linkTargetRE = regexp.MustCompile(`(?i)^#?(?:s|sources?|src|ref|doc|fuente|来源)?[-_:#]?\s?(\d{1,3})$`)

// maxLinkWords bounds the words of a link that cites ("[the 2024 report](S1)").
const maxLinkWords = 200

// linkMarker reads a Markdown link whose target names a source at s[i]: "[source](S1)", "[1](#S1)",
// "[the 2024 report](source-1)". A source's number is the citation; words that only name a source or
// a link ("source", "Source 1", "link", "来源") go with it, other words stay in the text ("the 2024
// report [1]").
func linkMarker(s string, i int, final bool) (marker, scanStatus) {
	close := strings.IndexAny(s[i+1:], "]\n[")
	if close < 0 {
		if !final && len(s)-i < maxLinkWords {
			return marker{}, scanMore
		}
		return marker{}, scanNo
	}
	close += i + 1
	if s[close] != ']' || close-i > maxLinkWords {
		return marker{}, scanNo
	}
	if close+1 >= len(s) {
		return marker{}, more(final)
	}
	if s[close+1] != '(' {
		return marker{}, scanNo
	}
	end := strings.IndexAny(s[close+2:], ")\n")
	if end < 0 {
		if !final && len(s)-close < 30 {
			return marker{}, scanMore
		}
		return marker{}, scanNo
	}
	end += close + 2
	t := linkTargetRE.FindStringSubmatch(strings.TrimSpace(s[close+2 : end]))
	if s[end] != ')' || t == nil {
		return marker{}, scanNo
	}
	n, _ := readDigits(t[1], 0)
	m := marker{Start: i, End: end + 1, Cites: []rawCite{{Kind: kindSource, N: n}}}
	if !namesOnlyASource(strings.TrimSpace(s[i+1 : close])) {
		m.Label, m.Link = close-i, true
	}
	return m, scanYes
}

// linkWords name a link, not what it says ("[link](S1)").
var linkWords = []string{"link", "here", "enlace", "aquí", "aqui", "链接", "原文", "出处"}

// namesOnlyASource reports whether the words of a link only name a source or a link: nothing, a
// number, an id ("S1", "Source 1"), a source word ("source", "来源") or a link word ("link").
func namesOnlyASource(words string) bool {
	low := strings.ToLower(strings.Trim(words, "*_`^ "))
	if low == "" || strings.Trim(low, "0123456789") == "" {
		return true
	}
	if kind, _, end, st := readLabelNumber(low, 0, true, true, true); st == scanYes && kind == kindSource && end == len(low) {
		return true
	}
	return slices.Contains(sourceWords, low) || slices.Contains(linkWords, low)
}

func more(final bool) scanStatus {
	if final {
		return scanNo
	}
	return scanMore
}

// attachedLink extends m over a link target that follows it, "(https://…)", so that the link is
// removed with the marker.
func attachedLink(s string, m marker, final bool) (marker, scanStatus) {
	if m.End >= len(s) {
		if final {
			return m, scanYes
		}
		return m, scanMore // a "(" may follow
	}
	if s[m.End] != '(' {
		return m, scanYes
	}
	close := strings.IndexByte(s[m.End:], ')')
	if close < 0 {
		// Wait while what follows may still become a link target (spaces and angle brackets around it
		// are allowed, as below).
		inner := strings.TrimLeft(s[m.End+1:], "<> ")
		if !final && len(s)-m.End < 500 && !strings.ContainsAny(strings.TrimRight(inner, "<> "), " \t\n") {
			return m, scanMore
		}
		return m, scanYes
	}
	target := strings.Trim(s[m.End+1:m.End+close], "<> ")
	if n, ok := linksTo(target, m); ok {
		if len(m.Cites) == 1 && m.Cites[0].Kind == kindNumber {
			m.Cites[0] = rawCite{Kind: kindSource, N: n, Quote: m.Cites[0].Quote} // "[1](#source-2)"
		}
		m.End += close + 1
	} else if looksLikeURL(target) {
		m.End += close + 1
	}
	return m, scanYes
}

// looksLikeURL reports whether s is a link target rather than words in parentheses.
func looksLikeURL(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\n") {
		return false
	}
	return strings.Contains(s, "://") || strings.HasPrefix(s, "www.") || strings.HasPrefix(s, "/") ||
		strings.HasPrefix(s, "#") || schemeRE.MatchString(s)
}

// schemeRE is a link target with a scheme and no slashes: "mailto:a@b.example", "source:1".
var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]{0,20}:[^\s:]`)

// scanMarker reads one bracketed marker whose opening bracket is at s[i].
func (sc scanner) scanMarker(s string, i int, final bool) (marker, scanStatus) {
	open, size := utf8.DecodeRuneInString(s[i:])
	closer, ok := markerClosers[open]
	if !ok {
		return marker{}, scanNo
	}
	paren := open == '(' || open == '（' || open == '{'
	j := skipSpace(s, i+size)
	if j >= len(s) {
		return marker{}, more(final)
	}
	if s[j] == '^' && open == '[' {
		return scanFootnoteRef(s, i, j+1, final)
	}
	if w, st := leadWord(s, j, final); st == scanMore {
		return marker{}, scanMore
	} else if st == scanYes {
		j = skipSpace(s, j+w)
	}
	m, st := sc.items(s, i, j, closer, paren, final)
	if st == scanNo && sc.refs != nil {
		return sc.reference(s, i, i+size, closer, final)
	}
	return m, st
}

// items reads the citations of a marker that starts at s[i], from s[j] up to its closing rune
// closer; needLabel asks for a source label before the first number ("(1)" is no citation).
func (sc scanner) items(s string, i, j int, closer rune, needLabel, final bool) (marker, scanStatus) {
	m := marker{Start: i}
	labelled := false
	square := closer == ']' || closer == '】' || closer == '］' || closer == '\\'
	for {
		kind, n, next, st := readLabelNumber(s, j, needLabel && !labelled, false, final)
		if st == scanNo && square {
			kind, n, next, st = dashedID(s, j, final)
		}
		if st != scanYes {
			return marker{}, st
		}
		if kind == kindSource {
			labelled = true
		} else if labelled {
			kind = kindSource // "[Sources 1, 3]": the label covers the list
		}
		c := rawCite{Kind: kind, N: n}
		if hi, end, st := readRange(s, next, n, closer, final); st != scanNo {
			if st == scanMore {
				return marker{}, scanMore
			}
			for k := n; k < hi; k++ {
				m.Cites = append(m.Cites, rawCite{Kind: kind, N: k})
			}
			c.N, next = hi, end
		} else if name, indexed, end, st := daggerName(s, next, kind, closer, final); st != scanNo {
			if st == scanMore {
				return marker{}, scanMore
			}
			if kind != kindSource {
				c = sc.named(name)
				if c.Kind == kindRef && len(c.Refs) == 0 && !indexed {
					// "【1†source】", "【1†L3-L5】" (gpt-oss, GLM): the number is the source.
					c = rawCite{Kind: kindSource, N: n}
				}
			}
			next = end
		} else {
			if end, st := skipLocator(s, next, closer, final); st == scanMore {
				return marker{}, scanMore
			} else if st == scanYes {
				next = end // "[S1, ¶3: "quote"]": a quote may follow the locator
			}
			q, end, st := readItemQuote(s, next, closer, final)
			switch st {
			case scanMore:
				return marker{}, scanMore
			case scanYes:
				c.Quote, next = q, end
			}
		}
		m.Cites = append(m.Cites, c)
		j = skipSpace(s, next)
		if j >= len(s) {
			return marker{}, more(final)
		}
		if j-i > maxMarkerBytes {
			return marker{}, scanNo
		}
		r, rs := utf8.DecodeRuneInString(s[j:])
		if r == closer {
			m.End = j + rs
			return m, scanYes
		}
		sepEnd, st := listSeparator(s, j, final)
		if st == scanNo && labelled && j > next {
			// "[S1 S3]": ids apart by a space alone.
			if _, ok := labelAt(s, j); ok {
				continue
			}
			if !final && len(s)-j < maxLabelBytes && isLabelPrefix(s[j:]) {
				return marker{}, scanMore
			}
		}
		if st != scanYes {
			return marker{}, st
		}
		j = skipSpace(s, sepEnd)
	}
}

// dashedID reads an id written with a sign between label and number, "S-3", "S_3", "S#3" (source
// 3) or "#3" (the number 3), at s[j]. These are read in square brackets only: "(S-1)" is also the
// name of a form.
func dashedID(s string, j int, final bool) (citeKind, int, int, scanStatus) {
	k, kind := j, kindNumber
	if k < len(s) && (s[k] == 'S' || s[k] == 's') {
		k, kind = k+1, kindSource
	}
	if k >= len(s) {
		return 0, 0, 0, more(final)
	}
	if s[k] != '#' && (kind == kindNumber || s[k] != '-' && s[k] != '_') {
		return 0, 0, 0, scanNo
	}
	return idNumber(s, k+1, kind, false, final)
}

// leadWords may open a bracket before its ids: "(see S1)", "(cf. S1)", "（参见S1）". Each is read
// with the space after it (none after a Chinese word).
var leadWords = []string{"see ", "cf. ", "cf ", "véase ", "vea ", "ver ", "参见", "参看", "详见", "见"}

// leadWord returns the length of a lead word at s[j], if one is there.
func leadWord(s string, j int, final bool) (int, scanStatus) {
	rest := s[j:]
	for _, w := range leadWords {
		if hasPrefixFold(rest, w) {
			return len(w), scanYes
		}
		if !final && len(rest) < len(w) && hasPrefixFold(w, rest) {
			return 0, scanMore
		}
	}
	return 0, scanNo
}

// escaped reads a marker written with Markdown-escaped brackets, "\\[S1\\]", at s[i].
func (sc scanner) escaped(s string, i int, final bool) (marker, scanStatus) {
	if i+1 >= len(s) {
		return marker{}, more(final)
	}
	if s[i+1] != '[' {
		return marker{}, scanNo
	}
	j := skipSpace(s, i+2)
	if j >= len(s) {
		return marker{}, more(final)
	}
	m, st := sc.items(s, i, j, '\\', false, final)
	if st != scanYes {
		return marker{}, st
	}
	if m.End >= len(s) {
		return marker{}, more(final)
	}
	if s[m.End] != ']' {
		return marker{}, scanNo
	}
	m.End++
	return m, scanYes
}

// emphasized reads a bracketed marker in emphasis or code, "*[S1]*", "**[S1]**", "_[S1]_",
// "`[S1]`", at s[i]: the marks go with the marker (a citation shows as itself, never in code).
func (sc scanner) emphasized(s string, i int, final bool) (marker, scanStatus) {
	c := s[i]
	n := 1
	if c != '`' && i+1 < len(s) && s[i+1] == c {
		n = 2
	}
	j := i + n
	if j >= len(s) {
		return marker{}, more(final)
	}
	if r, _ := utf8.DecodeRuneInString(s[j:]); markerClosers[r] == 0 {
		return marker{}, scanNo
	}
	m, st := sc.bracketed(s, j, final)
	if st != scanYes {
		return marker{}, st
	}
	marks := s[i:j]
	if rest := s[m.End:]; !strings.HasPrefix(rest, marks) {
		if !final && len(rest) < len(marks) && strings.HasPrefix(marks, rest) {
			return marker{}, scanMore
		}
		return marker{}, scanNo
	}
	m.Start, m.End = i, m.End+n
	return m, scanYes
}

// daggerName reads the suffix of a vendor's marker after a source number: "†source" in "【S1†source】"
// and "【1†source】", "†L3-L5" in "[S1†L3-L5]", or ":0†name" in OpenAI's file-search "【4:0†name】"
// (two search result indexes, not a source number: indexed is true, and only the name can give the
// source). It returns the name after the dagger and where the suffix ends (at the closing rune).
func daggerName(s string, j int, kind citeKind, closer rune, final bool) (name string, indexed bool, end int, st scanStatus) {
	k := j
	if kind == kindNumber && k < len(s) && s[k] == ':' {
		_, end := readDigits(s, k+1)
		if end == k+1 {
			if end >= len(s) {
				return "", false, 0, more(final)
			}
			return "", false, 0, scanNo
		}
		k, indexed = end, true
	}
	if k >= len(s) {
		return "", false, 0, more(final)
	}
	if !strings.HasPrefix(s[k:], "†") {
		if k > j && len(s)-k < len("†") && strings.HasPrefix("†", s[k:]) && !final {
			return "", false, 0, scanMore
		}
		return "", false, 0, scanNo
	}
	k += len("†")
	e := strings.IndexRune(s[k:], closer)
	if e < 0 || e > 200 || strings.ContainsAny(s[k:k+max(e, 0)], "\n[]【】") {
		if e < 0 && !final && len(s)-k <= 200 && !strings.ContainsAny(s[k:], "\n[]【】") {
			return "", false, 0, scanMore
		}
		return "", false, 0, scanNo
	}
	return strings.TrimSpace(s[k : k+e]), indexed, k + e, scanYes
}

// itemLocatorRE is where in its source a citation points after the id: ", paragraph 3", ", ¶3",
// " ¶3", " (¶3)", " - paragraph 3", ", p. 2", " p2", ", pp. 2-3", ", page 2", ", line 4", ", L3-L5",
// " § 2", "，第3段", and a sentence or a run of sentences, ":2", ":2-3" ("[S1:2-3]").
var itemLocatorRE = regexp.MustCompile(`(?i)^\s*(?:[,;:，；：–—-]?\s*\(?\s*(?:paragraphs?|paras?\.?|párrafos?|¶|段落?|pages?|págs?\.?|pp?\.?|lines?|l|§|secs?\.|sections?|sección)\s*\d{1,5}(?:\s*[-–]\s*[lL¶]?\d{1,5})?\s*\)?|[,，]?\s*第\s*\d{1,5}\s*段落?|[:：]\s*\d{1,4}(?:\s*[-–]\s*\d{1,4})?)`)

// locatorStarts are the runes a locator may start with (after spaces).
const locatorStarts = ",;:，；：–—-(¶段pPlL§sS第"

// skipLocator skips a locator after a source id ("[S1, ¶3]", "[S1, p. 2]"): the id names the
// passage, and the check finds the sentence in it; a paragraph or page the model writes is not
// needed, and one it gets wrong does not undo the citation. It returns where the locator ends (at
// the closing rune or a list separator).
func skipLocator(s string, j int, closer rune, final bool) (int, scanStatus) {
	if k := skipSpace(s, j); k < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[k:]); !strings.ContainsRune(locatorStarts, r) {
			return 0, scanNo // the common case: no locator
		}
	}
	e := strings.IndexRune(s[j:], closer)
	if e < 0 {
		if !final && len(s)-j < 24 && !strings.ContainsAny(s[j:], "\n[]") && strings.ContainsAny(s[j:], locatorStarts) {
			return 0, scanMore
		}
		return 0, scanNo
	}
	loc := itemLocatorRE.FindString(s[j : j+e])
	if loc == "" || strings.Contains(loc, "\n") {
		return 0, scanNo // a locator stays on its line, as one still growing must (above)
	}
	k := skipSpace(s, j+len(loc))
	if k < j+e {
		// What follows must be the next item, or a quote (read by the caller).
		r, _ := utf8.DecodeRuneInString(s[k:])
		if _, st := listSeparator(s, k, true); st != scanYes && r != ':' && r != '：' && !openQuotes[r] {
			return 0, scanNo
		}
	}
	return j + len(loc), scanYes
}

// maxRange is the longest range of sources a marker may write ("[cite: 1-3]").
const maxRange = 10

// readRange reads the end of a range of sources after the source number n at s[j]: "-3" in
// "[1-3]", "–S3" in "[S1–S3]", "-234" in Gemini's "[cite: 230-234]". It returns the last number and
// where the range ends; a range must end the item (at closer or a list separator).
func readRange(s string, j, n int, closer rune, final bool) (int, int, scanStatus) {
	if j >= len(s) {
		return 0, 0, scanNo // what follows decides; the other readers wait for it
	}
	r, size := utf8.DecodeRuneInString(s[j:])
	if r != '-' && r != '–' {
		return 0, 0, scanNo
	}
	k := j + size
	if k < len(s) && (s[k] == 'S' || s[k] == 's') {
		k++
	}
	hi, end := readDigits(s, k)
	if end >= len(s) {
		return 0, 0, more(final)
	}
	if end == k {
		return 0, 0, scanNo
	}
	next, _ := utf8.DecodeRuneInString(s[end:])
	if next != closer && !strings.ContainsRune(",;，；、", next) || hi <= n || hi-n >= maxRange {
		return 0, 0, scanNo
	}
	return hi, end, scanYes
}

// named is the citation an OpenAI file-search marker makes with its name: the source the name gives
// ("S1", a file name, a title), or none.
func (sc scanner) named(name string) rawCite {
	if kind, n, end, st := readLabelNumber(name, 0, true, true, true); st == scanYes && kind == kindSource && end == len(name) {
		return rawCite{Kind: kindSource, N: n}
	}
	c := rawCite{Kind: kindRef}
	if sc.refs != nil {
		c.Refs, _ = sc.refs.resolve(name)
	}
	return c
}

// markerTags are the tags whose content is a citation: "<sup>1</sup>", "<cite>S1</cite>",
// "<source>S1</source>", "<ref>1</ref>" (Qwen), "<citation>1</citation>". Only a superscript's
// number may be a footnote copied from a source; in the others the tag labels it as a source.
var markerTags = []string{"sup", "cite", "source", "ref", "citation"}

// tagged reads a citation written as the content of a tag at s[i]: "<sup>1</sup>",
// "<sup>[S1]</sup>", "<cite>S1, S3</cite>", "<ref>1</ref>". A tag with attributes ("<source
// src=…>") or with words inside ("<ref>the dog</ref>") is text.
func (sc scanner) tagged(s string, i int, final bool) (marker, scanStatus) {
	for _, tag := range markerTags {
		open, close := "<"+tag+">", "</"+tag+">"
		if !hasPrefixFold(s[i:], open) {
			if !final && len(s)-i < len(open) && hasPrefixFold(open, s[i:]) {
				return marker{}, scanMore
			}
			continue
		}
		j := skipSpace(s, i+len(open))
		if j >= len(s) {
			return marker{}, more(final)
		}
		var m marker
		var st scanStatus
		if r, _ := utf8.DecodeRuneInString(s[j:]); markerClosers[r] != 0 {
			m, st = sc.scanMarker(s, j, final)
		} else {
			m, st = sc.items(s, j, j, '<', false, final)
			m.End-- // at the "<" of the closing tag
		}
		if st != scanYes {
			return marker{}, st
		}
		if tag != "sup" {
			for ci := range m.Cites {
				if m.Cites[ci].Kind == kindNumber {
					m.Cites[ci].Kind = kindSource
				}
			}
		}
		k := skipSpace(s, m.End)
		if len(s)-k < len(close) {
			if !final && hasPrefixFold(close, s[k:]) {
				return marker{}, scanMore
			}
			return marker{}, scanNo
		}
		if !hasPrefixFold(s[k:], close) {
			return marker{}, scanNo
		}
		m.Start, m.End = i, k+len(close)
		return m, scanYes
	}
	return marker{}, scanNo
}

// caretNumber reads Pandoc's superscript "^1^" at s[i]: a bare number, like "<sup>1</sup>", unless
// it is an exponent (after a number of one or two digits: "2^10^"; "in 2024^1^" cites).
func caretNumber(s string, i int, final bool) (marker, scanStatus) {
	n, k := readDigits(s, i+1)
	if k >= len(s) {
		return marker{}, more(final)
	}
	if s[k] != '^' {
		return marker{}, scanNo
	}
	base := len(s[:i]) - len(strings.TrimRight(s[:i], "0123456789"))
	if base > 0 && base < 3 {
		return marker{}, scanNo // "2^10^", "10^6^": an exponent
	}
	return marker{Start: i, End: k + 1, Cites: []rawCite{{Kind: kindNumber, N: n}}}, scanYes
}

// superscriptDigit returns the value of a superscript digit, or -1.
func superscriptDigit(r rune) int {
	switch r {
	case '⁰':
		return 0
	case '¹':
		return 1
	case '²':
		return 2
	case '³':
		return 3
	}
	if r >= '⁴' && r <= '⁹' {
		return int(r-'⁴') + 4
	}
	return -1
}

// superscripts reads a number in superscript digits at s[i] ("… in 2024¹."), unless it is an
// exponent: ² or ³ after a unit of one or two letters ("m²", "km³"), or any power of 10 ("10⁶").
func superscripts(s string, i int, final bool) (marker, scanStatus) {
	n, j, count := 0, i, 0
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		d := superscriptDigit(r)
		if d < 0 {
			break
		}
		n, j, count = n*10+d, j+size, count+1
	}
	if count > 2 {
		return marker{}, scanNo
	}
	if j >= len(s) && !final {
		return marker{}, scanMore
	}
	if j < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsLetter(r) || unicode.IsDigit(r) {
			return marker{}, scanNo
		}
	}
	before := s[:i]
	unit := len(before) - len(strings.TrimRightFunc(before, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }))
	if (n == 2 || n == 3) && unit > 0 && unit <= 2 {
		return marker{}, scanNo // "m²": an exponent
	}
	if strings.HasSuffix(before, "10") && (len(before) == 2 || !isDigitByte(before[len(before)-3])) {
		return marker{}, scanNo // "10⁶": an exponent
	}
	return marker{Start: i, End: j, Cites: []rawCite{{Kind: kindNumber, N: n}}}, scanYes
}

// bareIDs reads source ids written without brackets where nothing but a citation stands, up to the
// end of the line: after the end of a sentence or at the start of a line ("… in 2024. S1",
// "Sources: S1, S3"), or after a dash ("… in 2024 — S1", which the marker takes with it). An id
// anywhere else ("the S1 phone", "launched the S1.") is text.
func bareIDs(s string, i int, final bool) (marker, scanStatus) {
	r, size := utf8.DecodeRuneInString(s[i:])
	j := i
	switch {
	case r == '—' || r == '–' || r == '-':
		if i == 0 || s[i-1] == '\n' || r == '-' && s[i-1] != ' ' {
			return marker{}, scanNo // a bullet, or a hyphen in a word
		}
		j = skipBlank(s, i+size)
		if j >= len(s) {
			return marker{}, more(final)
		}
		if r == '-' && j == i+size {
			return marker{}, scanNo
		}
	case !afterSentence(s, i):
		return marker{}, scanNo
	}
	m := marker{Start: i, Bare: true}
	if w, ok := labelAt(s, j); ok && w > 1 && j == i && (unicode.IsUpper(r) || text.IsHan(r)) {
		// "… in 2024. Sources: S1, S3": the label word stays in the text, a sentence of its own
		// that frames the ids (framesentence.go), like "Sources: [S1], [S3]".
		k := skipSpace(s, j+w)
		if r, size := utf8.DecodeRuneInString(s[k:]); k < len(s) && strings.ContainsRune(":：#.", r) {
			k = skipSpace(s, k+size)
		}
		m.Label = k - i
	}
	for {
		// Every item is a source: a label ("S1", "Sources: 1") opens the list.
		_, n, next, st := readLabelNumber(s, j, len(m.Cites) == 0, true, final)
		if st != scanYes {
			return marker{}, st
		}
		m.Cites = append(m.Cites, rawCite{Kind: kindSource, N: n})
		k := skipBlank(s, next)
		if strings.HasPrefix(s[k:], ".") || strings.HasPrefix(s[k:], "。") {
			_, ps := utf8.DecodeRuneInString(s[k:])
			k = skipBlank(s, k+ps)
		}
		if k >= len(s) {
			if !final {
				return marker{}, scanMore
			}
			m.End = next
			return m, scanYes
		}
		if s[k] == '\n' || s[k] == '\r' {
			m.End = next
			return m, scanYes
		}
		sepEnd, st := listSeparator(s, k, final)
		if st != scanYes {
			return marker{}, st
		}
		j = skipBlank(s, sepEnd)
	}
}

// runningLabels are the words that make a number in running text a source id: "According to Source
// 2, …", "Source 2 says …", "as Sources 1 and 3 note", "Según la Fuente 2, …", "根据来源2，…".
// Unlike "S2", which may name a phone or a model, these name only a source.
var runningLabels = []string{"sources", "source", "fuentes", "fuente", "来源"}

// runningLabelStart reports whether a running-text label may start at s[i], whose rune is r: a
// cheap test for mayOpen.
func runningLabelStart(s string, i int, r rune) bool {
	switch r {
	case '来':
		return true
	case 'S', 's', 'F', 'f':
		return i == 0 || !isWordRune(lastRune(s[:i]))
	}
	return false
}

// isWordRune reports whether r continues a word: a letter, a digit, "_" or "-".
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-'
}

// runningIDs reads source ids in running text after a label word at s[i] (see runningLabels):
// "Source 2", "Source S2", "source #2", "来源2", and after a plural ("Sources", "Fuentes", "来源")
// a list, "Sources 1 and 3", "Sources 1, 2 and 3", "来源1、2". The marker keeps the word: only the
// numbers become citations. A number that is a figure ("Source 1.5", "Source 1,000", "3%", "1st",
// "来源3个") is no id, and a comma before another number must be followed by a separator or the
// end of a clause ("Sources 1 and 3, 2 trillion …" cites 1 and 3).
func runningIDs(s string, i int, final bool) (marker, scanStatus) {
	rest, label := s[i:], ""
	for _, w := range runningLabels {
		if hasPrefixFold(rest, w) {
			label = w
			break
		}
		if !final && len(rest) < len(w) && hasPrefixFold(w, rest) {
			return marker{}, scanMore
		}
	}
	if label == "" {
		return marker{}, scanNo
	}
	latin := label[0] < utf8.RuneSelf
	if latin && i > 0 && isWordRune(lastRune(s[:i])) {
		return marker{}, scanNo
	}
	k := i + len(label)
	if latin {
		if k >= len(s) {
			return marker{}, more(final)
		}
		if s[k] != ' ' {
			return marker{}, scanNo
		}
		k++
	}
	if k < len(s) && s[k] == '#' {
		k++
	}
	n, end, st := runningNumber(s, k, latin, final)
	if st != scanYes {
		return marker{}, st
	}
	m := marker{Start: i, End: end, Label: k - i, Cites: []rawCite{{Kind: kindSource, N: n}}}
	if label == "source" || label == "fuente" {
		return m, scanYes
	}
	for {
		k := skipBlank(s, m.End)
		if k >= len(s) {
			if !final {
				return marker{}, scanMore
			}
			return m, scanYes
		}
		// The next item: after a comma (which must prove a list, see clauseGoesOn), after "、", or
		// after "and", "y", "和", "&" (which end it; ", and" too).
		r, size := utf8.DecodeRuneInString(s[k:])
		comma, last := r == ',' || r == '，', false
		next := k + size
		if comma || r == '、' {
			if sepEnd, st := listSeparator(s, skipBlank(s, next), final); st == scanMore {
				return marker{}, scanMore
			} else if st == scanYes && comma {
				next, comma, last = sepEnd, false, true // "1, 2, and 3"
			}
		} else {
			sepEnd, st := listSeparator(s, k, final)
			if st == scanMore {
				return marker{}, scanMore
			}
			if st == scanNo || r == ';' || r == '；' {
				return m, scanYes
			}
			next, last = sepEnd, true
		}
		n, end, st := runningNumber(s, skipBlank(s, next), latin, final)
		if st == scanMore {
			return marker{}, scanMore
		}
		if st == scanNo {
			return m, scanYes
		}
		if comma {
			if st := clauseGoesOn(s, end, final); st != scanYes {
				if st == scanMore {
					return marker{}, scanMore
				}
				return m, scanYes
			}
		}
		m.Cites = append(m.Cites, rawCite{Kind: kindSource, N: n})
		m.End = end
		if last {
			return m, scanYes
		}
	}
}

// measureWords follow a number in Chinese that counts or measures: "来源3个" is three sources, not
// source 3.
const measureWords = "个种家类项条篇份处次年月日号万亿千百十元倍名位期部章节段页行点分秒岁"

// runningNumber reads the number of a running-text id at s[j] ("2", "S2"); latin says the label was
// a Latin word (a letter after the number makes it a word, "1st"; after a Chinese label only a
// measure word does).
func runningNumber(s string, j int, latin, final bool) (int, int, scanStatus) {
	k := j
	if k < len(s) && (s[k] == 'S' || s[k] == 's') {
		k++
	}
	n, end := readDigits(s, k)
	if end == k {
		if k >= len(s) {
			return 0, 0, more(final)
		}
		return 0, 0, scanNo
	}
	if end >= len(s) {
		if final {
			return n, end, scanYes
		}
		return 0, 0, scanMore
	}
	r, size := utf8.DecodeRuneInString(s[end:])
	switch {
	case unicode.IsDigit(r), r == '_', r == '%', r == '‰', r == '％':
		return 0, 0, scanNo
	case r == '.' || r == ',' || r == '，':
		if end+size >= len(s) && !final {
			return 0, 0, scanMore
		}
		if end+size < len(s) && isDigitRune(s, end+size) {
			return 0, 0, scanNo // "1.5", "1,000"
		}
	case unicode.IsLetter(r):
		if latin || r < utf8.RuneSelf || strings.ContainsRune(measureWords, r) {
			return 0, 0, scanNo
		}
	}
	return n, end, scanYes
}

// clauseGoesOn reports whether what follows an id of a running-text list at s[j] is another
// separator or the end of a clause, so that "Sources 1, 3, and 4" is a list and "Sources 1, 3
// show" cites only 1.
func clauseGoesOn(s string, j int, final bool) scanStatus {
	k := skipBlank(s, j)
	if k >= len(s) {
		return more(final)
	}
	r, _ := utf8.DecodeRuneInString(s[k:])
	if strings.ContainsRune(".,;:!?)」。，；：！？、\n\r", r) {
		return scanYes
	}
	_, st := listSeparator(s, k, final)
	return st
}

// afterSentence reports whether s[i] starts a line or follows the end of a sentence (spaces apart).
// The start of s counts as the start of a line.
func afterSentence(s string, i int) bool {
	if i > 0 && s[i-1] != ' ' && s[i-1] != '\t' && s[i-1] != '\n' && !strings.ContainsRune(".!?。！？", lastRune(s[:i])) {
		return false // inside a word: the common case, decided at once
	}
	k := len(strings.TrimRight(s[:i], " \t"))
	if k == 0 || s[k-1] == '\n' {
		return true
	}
	return strings.ContainsRune(".!?。！？", lastRune(s[:k]))
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func skipBlank(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// scanFootnoteRef reads "[^12]" (j is just past the caret), or "[^12^]", the superscript of Kimi's
// and Azure OpenAI's replies: a source number, like "[12]"; or "[^S12]", source 12.
func scanFootnoteRef(s string, i, j int, final bool) (marker, scanStatus) {
	if j < len(s) && (s[j] == 'S' || s[j] == 's') {
		// "[^S1]": a footnote reference that names its source, read as "[S1]".
		_, n, k, st := readLabelNumber(s, j, true, false, final)
		if st != scanYes {
			return marker{}, st
		}
		if s[k] != ']' {
			return marker{}, scanNo
		}
		return marker{Start: i, End: k + 1, Cites: []rawCite{{Kind: kindSource, N: n}}}, scanYes
	}
	n, k := readDigits(s, j)
	if k == j {
		if k >= len(s) {
			return marker{}, more(final)
		}
		return marker{}, scanNo
	}
	kind := kindFootnote
	if k < len(s) && s[k] == '^' {
		kind, k = kindNumber, k+1
	}
	if k >= len(s) {
		return marker{}, more(final)
	}
	if s[k] != ']' {
		return marker{}, scanNo
	}
	return marker{Start: i, End: k + 1, Cites: []rawCite{{Kind: kind, N: n}}}, scanYes
}

// readLabelNumber reads "S3", "S 3", "Source 3", "Fuente: 3", "Source: S3", "Ref. 3" or (unless
// needLabel) "3" at s[j]. bare says the number needs no closing bracket after it: the end of a final
// text ends it too.
func readLabelNumber(s string, j int, needLabel, bare, final bool) (citeKind, int, int, scanStatus) {
	kind := kindNumber
	k := j
	if w, ok := labelAt(s, j); ok {
		kind, k = kindSource, j+w
		k = skipSpace(s, k)
		if w > 1 && k < len(s) {
			if r, size := utf8.DecodeRuneInString(s[k:]); strings.ContainsRune(":：#.", r) {
				k = skipSpace(s, k+size)
			}
			if r, _ := utf8.DecodeRuneInString(s[k:]); r == 'S' || r == 's' || r == 'Ｓ' || r == 'ｓ' {
				if w2, ok := labelAt(s, k); ok {
					k = skipSpace(s, k+w2) // "Source: S3"
				} else if !final && len(s)-k <= len("Ｓ ") {
					return 0, 0, 0, scanMore
				}
			}
		}
	} else if rest := s[j:]; len(rest) < maxLabelBytes && !final && isLabelPrefix(rest) {
		return 0, 0, 0, scanMore
	} else if needLabel {
		return 0, 0, 0, scanNo
	}
	return idNumber(s, k, kind, bare, final)
}

// idNumber reads the number of an id of kind at s[k], which must end there: not followed by a
// letter, a digit, "_" or a decimal part ("3rd", "1.5", "001_x.txt" are not source numbers). bare
// says the end of a final text may end it.
func idNumber(s string, k int, kind citeKind, bare, final bool) (citeKind, int, int, scanStatus) {
	n, end := readDigits(s, k)
	if end == k {
		if k >= len(s) {
			return 0, 0, 0, more(final)
		}
		return 0, 0, 0, scanNo
	}
	if end >= len(s) {
		if bare && final {
			return kind, n, end, scanYes
		}
		return 0, 0, 0, more(final)
	}
	if r, _ := utf8.DecodeRuneInString(s[end:]); unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' && end+1 < len(s) && isDigitByte(s[end+1]) {
		return 0, 0, 0, scanNo
	}
	return kind, n, end, scanYes
}

// labelAt returns the length of a source label at s[j]: "S"/"Ｓ" directly before a digit (or one
// space and a digit), or a word such as "Source" before a space, colon or digit.
func labelAt(s string, j int) (int, bool) {
	r, size := utf8.DecodeRuneInString(s[j:])
	if r == 'S' || r == 's' || r == 'Ｓ' || r == 'ｓ' {
		k := j + size
		if k < len(s) && s[k] == ' ' {
			k++
		}
		if k < len(s) && isDigitRune(s, k) {
			return size, true
		}
	}
	low := strings.ToLower(s[j:min(len(s), j+12)])
	for _, w := range sourceWords {
		if strings.HasPrefix(low, w) {
			k := j + len(w)
			if k < len(s) {
				if r, _ := utf8.DecodeRuneInString(s[k:]); unicode.IsLetter(r) {
					continue
				}
			}
			return len(w), true
		}
	}
	return 0, false
}

// isLabelPrefix reports whether s could still grow into a source label.
func isLabelPrefix(s string) bool {
	low := strings.ToLower(s)
	if low == "s" || low == "s " || low == "ｓ" {
		return true
	}
	for _, w := range sourceWords {
		if strings.HasPrefix(w, low) {
			return true
		}
	}
	return false
}

// readDigits reads up to three ASCII or full-width digits at s[j].
func readDigits(s string, j int) (int, int) {
	n, k, count := 0, j, 0
	for k < len(s) && count < 3 {
		r, size := utf8.DecodeRuneInString(s[k:])
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r >= '０' && r <= '９':
			n = n*10 + int(r-'０')
		default:
			return n, k
		}
		k += size
		count++
	}
	return n, k
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

func isDigitRune(s string, k int) bool {
	r, _ := utf8.DecodeRuneInString(s[k:])
	return r >= '0' && r <= '9' || r >= '０' && r <= '９'
}

// readItemQuote reads the quote that may follow a source number inside a marker: after ":", "-",
// ",", or directly, in quotation marks; after ":" or "-" also unquoted words up to the bracket.
func readItemQuote(s string, j int, closer rune, final bool) (string, int, scanStatus) {
	k := skipSpace(s, j)
	if k >= len(s) {
		return "", j, more(final)
	}
	r, size := utf8.DecodeRuneInString(s[k:])
	switch {
	case openQuotes[r]:
		return readQuote(s, k, closer, final)
	case strings.ContainsRune(":：-–—,，", r):
		q := skipSpace(s, k+size)
		if q >= len(s) {
			return "", j, more(final)
		}
		if qr, _ := utf8.DecodeRuneInString(s[q:]); openQuotes[qr] {
			return readQuote(s, q, closer, final)
		}
		if r == ',' || r == '，' {
			return "", j, scanNo // a list separator
		}
		return unquotedQuote(s, q, closer, final)
	}
	return "", j, scanNo
}

// unquotedQuote reads "words" in "[S3: words]" up to the closing bracket.
func unquotedQuote(s string, q int, closer rune, final bool) (string, int, scanStatus) {
	e := strings.IndexRune(s[q:], closer)
	if e < 0 {
		if !final && len(s)-q < 600 && !strings.ContainsAny(s[q:], "[【\n") {
			return "", q, scanMore
		}
		return "", q, scanNo
	}
	words := strings.TrimSpace(s[q : q+e])
	if e > 600 || words == "" || strings.ContainsAny(words, "[【\n") {
		return "", q, scanNo
	}
	if _, ok := labelAt(words, 0); ok {
		return "", q, scanNo
	}
	return words, q + e, scanYes
}

// readQuote reads a quotation whose opening mark is at s[i]. It ends at a closing mark followed by
// the marker's closing bracket, or by a list separator and another source; a blank line ends the
// search.
func readQuote(s string, i int, closer rune, final bool) (string, int, scanStatus) {
	_, size := utf8.DecodeRuneInString(s[i:])
	start := i + size
	for j := start; j < len(s); {
		if j-start > maxMarkerBytes {
			return "", 0, scanNo
		}
		q, qs := utf8.DecodeRuneInString(s[j:])
		if closeQuotes[q] && j > start {
			k := skipSpace(s, j+qs)
			if k >= len(s) {
				return "", 0, more(final)
			}
			c, _ := utf8.DecodeRuneInString(s[k:])
			if c == closer {
				return s[start:j], j + qs, scanYes
			}
			if sepEnd, st := listSeparator(s, k, final); st == scanYes {
				if _, _, _, st := readLabelNumber(s, skipSpace(s, sepEnd), false, false, final); st == scanYes {
					return s[start:j], j + qs, scanYes
				}
			}
		}
		if strings.HasPrefix(s[j:], "\n\n") {
			return "", 0, scanNo
		}
		j += qs
	}
	return "", 0, more(final)
}

// listSeparator reads the separator between two items of a marker: , ; ， ； 、 & or "and", "y", "和".
func listSeparator(s string, j int, final bool) (int, scanStatus) {
	r, size := utf8.DecodeRuneInString(s[j:])
	if strings.ContainsRune(",;，；、&", r) || r == '和' || r == '及' {
		return j + size, scanYes
	}
	for _, w := range []string{"and ", "y "} {
		if strings.HasPrefix(s[j:], w) {
			return j + len(w), scanYes
		}
		if !final && len(s)-j < len(w) && strings.HasPrefix(w, s[j:]) {
			return 0, scanMore
		}
	}
	return 0, scanNo
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) && r != '\u3000' {
			break
		}
		i += size
	}
	return i
}

// unquote strips one pair of surrounding quotation marks.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	first, fs := utf8.DecodeRuneInString(s)
	last, ls := utf8.DecodeLastRuneInString(s)
	if len(s) >= fs+ls && openQuotes[first] && closeQuotes[last] {
		return strings.TrimSpace(s[fs : len(s)-ls])
	}
	return s
}

// isQuoted reports whether s is one quotation: it opens and closes with quotation marks.
func isQuoted(s string) bool {
	s = strings.TrimSpace(s)
	first, fs := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return len(s) > fs+1 && openQuotes[first] && closeQuotes[last]
}

// isQuotesHeader reports whether a line is the header of a block of quotes or sources ("Quotes:",
// "**Sources**", "参考资料：").
func isQuotesHeader(line string) bool {
	head := strings.ToLower(strings.Trim(strings.TrimSpace(line), "*_#-: \t："))
	for _, h := range listHeaders {
		if head == h {
			return true
		}
	}
	return false
}

// definition is one line that gives a quote for a source or a footnote label.
type definition struct {
	Footnote bool // N is a footnote label
	N        int
	// Source is the source a footnote definition names ("[^1]: S3, …"), 0 if none.
	Source int
	// Refs are the offered sources a footnote definition names by file, paragraph, section or title
	// ("[^1]: 001_ac79….txt, paragraph 3"), nil if none.
	Refs  []int
	Quote string
	// Loose: the quote was written without quotation marks after a source ("[^1]: S3, 001.txt
	// paragraph 3"): it may be a description, so a citation that does not find it checks its claim.
	Loose bool
}

// readDefinition reads a line that defines a citation's quote: "[^1]: S3, "quote"", "[S3] "quote"",
// "[S3]: "quote"", "S3: "quote"" (the last two, and unquoted quotes, only inside a quotes block).
func (sc scanner) readDefinition(line string, inBlock bool) ([]definition, bool) {
	l := trimBullet(strings.TrimSpace(line))
	if l == "" {
		return nil, false
	}
	if r, _ := utf8.DecodeRuneInString(l); markerClosers[r] != 0 {
		m, st := sc.at(l, 0, true)
		if st != scanYes {
			return nil, false
		}
		rest := strings.TrimSpace(l[m.End:])
		if len(m.Cites) == 1 && m.Cites[0].Kind == kindFootnote {
			if !strings.HasPrefix(rest, ":") {
				return nil, false
			}
			rest = strings.TrimLeft(rest, ": ")
			if sc.refs != nil {
				if ks, q := sc.refs.resolve(rest); len(ks) > 0 {
					return []definition{{Footnote: true, N: m.Cites[0].N, Refs: ks, Quote: q}}, true // "[^1]: 001.txt, ¶3"
				}
			}
			return []definition{footnoteDefinition(m.Cites[0].N, rest)}, true
		}
		rest = strings.TrimSpace(strings.TrimLeft(rest, ":：-–— "))
		if !inBlock && !isQuoted(rest) {
			return nil, false // a line that starts with a marker is prose unless a quotation follows
		}
		var defs []definition
		for _, c := range m.Cites {
			q := c.Quote
			if q == "" {
				q = unquote(rest)
			}
			if q != "" && c.Kind != kindFootnote && c.Kind != kindRef {
				defs = append(defs, definition{N: c.N, Quote: q})
			}
		}
		return defs, len(defs) > 0
	}
	if !inBlock {
		return nil, false
	}
	w, ok := labelAt(l, 0)
	if !ok {
		return nil, false
	}
	n, end := readDigits(l, skipSpace(l, w))
	if end == w {
		return nil, false
	}
	q := unquote(strings.TrimLeft(l[end:], ":：-–—] "))
	if q == "" {
		return nil, false
	}
	return []definition{{N: n, Quote: q}}, true
}

// numberedSource reads a line of a footnote list that says which source one of the reply's own
// numbers ("… in 2024 [1].") stands for: "[1]: Source 3", "[1] S3 "quote"", "- [1]: 001_ac79….txt,
// paragraph 3", "[1] 001_ac79….txt", "1. Source 3: "quote"", "1) [S3]". It returns the footnote
// definition of the number: the source, or the offered sources a name gives, and the quote. A line
// whose source is followed by anything but a quote or a locator is prose ("1. Source 3 says …"),
// and only a bracketed number may be followed by a name. The caller decides whether the reply used
// the number (otherwise such a line may be a list that answers the question).
func (sc scanner) numberedSource(line string) (definition, bool) {
	l := strings.TrimSpace(line)
	for _, b := range []string{"- ", "* ", "• ", "+ "} {
		if strings.HasPrefix(l, b) {
			l = strings.TrimSpace(l[len(b):])
			break
		}
	}
	d := definition{Footnote: true}
	var rest string
	bracketed := strings.HasPrefix(l, "[")
	if bracketed {
		n, end := readDigits(l, 1)
		if end == 1 || end >= len(l) || l[end] != ']' {
			return definition{}, false
		}
		d.N, rest = n, l[end+1:]
	} else {
		n, end := readDigits(l, 0)
		if end == 0 || end+1 >= len(l) || l[end] != '.' && l[end] != ')' || l[end+1] != ' ' {
			return definition{}, false
		}
		d.N, rest = n, l[end+2:]
	}
	rest = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(rest), ":：-–—"))
	if rest == "" {
		return definition{}, false
	}
	if k, quote, after, ok := sc.leadingSource(rest); ok {
		d.Source, d.Quote = k, quote
		after = strings.TrimSpace(after)
		if loc := itemLocatorRE.FindString(after); loc != "" {
			after = strings.TrimSpace(after[len(loc):])
		}
		after = strings.TrimSpace(strings.TrimLeft(after, ",:：-–—"))
		switch {
		case after == "":
		case d.Quote == "" && isQuoted(after):
			d.Quote = unquote(after)
		case sc.namesSource(after, k):
			// "[1]: S3 (003_ac79….txt)": the source again, by name.
		default:
			return definition{}, false
		}
		return d, true
	}
	if !bracketed || sc.refs == nil {
		return definition{}, false
	}
	ks, q := sc.refs.resolve(rest)
	if len(ks) == 0 {
		return definition{}, false
	}
	d.Refs, d.Quote = ks, q
	return d, true
}

// namesSource reports whether s, what follows a source id on a line of a footnote list, names that
// source k again by its file, section or title ("(003_ac79….txt)", "— 13 years of Alibaba").
func (sc scanner) namesSource(s string, k int) bool {
	if sc.refs == nil {
		return false
	}
	ks, _ := sc.refs.resolve(strings.Trim(s, "()（）[] -–—,:;"))
	return slices.Contains(ks, k)
}

// leadingSource reads the source id a text starts with: "Source 3", "S3", "Fuente 3", "来源3", or a
// marker of one source ("[S3]", "(Source 3)", "[S3: "quote"]", with its quote). It returns the
// source, the quote and the text after it.
func (sc scanner) leadingSource(s string) (int, string, string, bool) {
	if r, _ := utf8.DecodeRuneInString(s); markerClosers[r] != 0 {
		m, st := sc.bracketed(s, 0, true)
		if st != scanYes || len(m.Cites) != 1 || m.Cites[0].Kind != kindSource {
			return 0, "", "", false
		}
		return m.Cites[0].N, m.Cites[0].Quote, s[m.End:], true
	}
	kind, n, end, st := readLabelNumber(s, 0, true, true, true)
	if st != scanYes || kind != kindSource {
		return 0, "", "", false
	}
	return n, "", s[end:], true
}

// footnoteDefinition reads the text of "[^n]: …": an optional source ("S3", "Source 3", "[S3]",
// "[Source 3](#s3)") and a quote (unquoted words after a source may be a description: Loose).
func footnoteDefinition(n int, rest string) definition {
	d := definition{Footnote: true, N: n}
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "[") || strings.HasPrefix(rest, "(") {
		if m, st := (scanner{}).bracketed(rest, 0, true); st == scanYes && len(m.Cites) == 1 && m.Cites[0].Kind == kindSource {
			d.Source = m.Cites[0].N
			if m.Cites[0].Quote != "" {
				d.Quote = m.Cites[0].Quote
				return d
			}
			rest = rest[m.End:]
		}
	} else if w, ok := labelAt(rest, 0); ok {
		if num, end := readDigits(rest, skipSpace(rest, w)); end > w {
			d.Source, rest = num, rest[end:]
		}
	}
	rest = strings.TrimLeft(rest, " ,:：-–—.")
	d.Quote, d.Loose = unquote(rest), d.Source > 0 && rest != "" && !isQuoted(rest)
	return d
}

// trimBullet removes a list bullet ("- ", "* ", "• ", "1. ", "1) ") from the start of a line.
func trimBullet(l string) string {
	for _, b := range []string{"- ", "* ", "• ", "+ "} {
		if strings.HasPrefix(l, b) {
			return strings.TrimSpace(l[len(b):])
		}
	}
	i := 0
	for i < len(l) && i < 3 && isDigitByte(l[i]) {
		i++
	}
	if i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' ' {
		return strings.TrimSpace(l[i+2:])
	}
	return l
}

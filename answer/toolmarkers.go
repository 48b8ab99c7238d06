package answer

import (
	"strings"
	"unicode/utf8"
)

// Some replies carry the citation markers of another tool's own search, copied from chat
// transcripts the model learned from or echoed by a proxy:
//
//	:contentReference[oaicite:0]{index=0}              ChatGPT, as its answers are copied
//	\ue200cite\ue202turn0search1\ue202turn0news3\ue201  ChatGPT's private-use citation group
//	\ue200filecite\ue202turn3file0\ue202L2-L2\ue201      (filecite: an uploaded file)
//	\ue202turn0search1   \ue200\ue202turn0search1\ue201  LibreChat's anchors and groups
//	\ue203claim\ue204                                   LibreChat's highlight of the cited text
//
// with the private-use characters written as they are or as the escapes "\ue200". Their numbers
// index that tool's results (the n-th search result of the n-th turn, the n-th citation of the
// conversation), not the sources citebot offered: "oaicite:0" is the first citation ChatGPT made,
// whatever it cited, so counting from it would cite a source the model never chose. Each is read as a
// citation that names no offered source, like OpenAI's file-search "【4:0†source】": removed and
// counted (an answer citing nothing else goes to repair). Highlight marks and any stray character of
// these groups are removed from the text (see stripToolMarks).

// contentReference reads ChatGPT's ":contentReference[oaicite:0]{index=0}" (one or two colons;
// the "{index=…}" is optional) at s[i].
func contentReference(s string, i int, final bool) (marker, scanStatus) {
	k := i
	for k < len(s) && k-i < 2 && s[k] == ':' {
		k++
	}
	k, st := literalAt(s, k, "contentReference[oaicite:", final)
	if st != scanYes {
		return marker{}, st
	}
	k, st = toolDigits(s, k, final)
	if st != scanYes {
		return marker{}, st
	}
	if k, st = literalAt(s, k, "]", final); st != scanYes {
		return marker{}, st
	}
	m := marker{Start: i, End: k, Cites: []rawCite{{Kind: kindForeign}}}
	j, st := literalAt(s, k, "{index=", final)
	switch st {
	case scanMore:
		return marker{}, scanMore
	case scanYes:
		e, st := toolDigits(s, j, final)
		if st == scanMore {
			return marker{}, scanMore
		}
		if st == scanYes {
			if e >= len(s) {
				return marker{}, more(final)
			}
			if s[e] == '}' {
				m.End = e + 1
			}
		}
	}
	return m, scanYes
}

// literalAt matches lit at s[k]: scanYes with the index after it, scanMore while s ends inside it.
func literalAt(s string, k int, lit string, final bool) (int, scanStatus) {
	if strings.HasPrefix(s[k:], lit) {
		return k + len(lit), scanYes
	}
	if len(s)-k < len(lit) && strings.HasPrefix(lit, s[k:]) {
		return 0, more(final)
	}
	return 0, scanNo
}

// toolDigits reads the digits (at most 6) of a tool's index at s[k] and returns where they end.
func toolDigits(s string, k int, final bool) (int, scanStatus) {
	e := k
	for e < len(s) && e-k < 6 && isDigitByte(s[e]) {
		e++
	}
	switch {
	case e == k && e >= len(s):
		return 0, more(final)
	case e == k:
		return 0, scanNo
	case e >= len(s) && !final:
		return 0, scanMore
	}
	return e, scanYes
}

// The private-use characters of ChatGPT's and LibreChat's citation groups.
const (
	puaOpen      = '\ue200' // opens a group
	puaClose     = '\ue201' // closes it
	puaSep       = '\ue202' // before each item; alone, LibreChat's anchor
	puaHighStart = '\ue203' // LibreChat: the cited text starts
	puaHighEnd   = '\ue204' // and ends
)

// puaAt reads one of the characters above at s[k], written as itself or as its escape "\ue200". It
// returns the character and its length; 0 when there is none, and scanMore while s ends inside an
// escape.
func puaAt(s string, k int, final bool) (rune, int, scanStatus) {
	if k >= len(s) {
		return 0, 0, more(final)
	}
	if r, size := utf8.DecodeRuneInString(s[k:]); r >= puaOpen && r <= puaHighEnd {
		return r, size, scanYes
	}
	const esc = `\ue20`
	if !hasPrefixFold(s[k:], esc) {
		if len(s)-k <= len(esc) && hasPrefixFold(esc, s[k:]) {
			return 0, 0, more(final)
		}
		return 0, 0, scanNo
	}
	if len(s)-k <= len(esc) {
		return 0, 0, more(final)
	}
	if d := s[k+len(esc)]; d >= '0' && d <= '4' {
		return puaOpen + rune(d-'0'), len(esc) + 1, scanYes
	}
	return 0, 0, scanNo
}

// maxToolItems bounds the items of a group, maxToolItemBytes the length of one.
const (
	maxToolItems     = 20
	maxToolItemBytes = 40
)

// toolItem reads the item of a group after its separator at s[k]: a word of letters, digits, "_"
// and "-" ("turn0search1", "L2-L2"). It returns where it ends and whether it is a search result
// ("turn0search1", "turn3file0", "turn1news2"), which counts as a citation.
func toolItem(s string, k int, final bool) (int, bool, scanStatus) {
	e := k
	for e < len(s) && e-k <= maxToolItemBytes {
		c := s[e]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigitByte(c) || c == '_' || c == '-') {
			break
		}
		e++
	}
	if e-k > maxToolItemBytes || e == k && e < len(s) {
		return 0, false, scanNo
	}
	if e >= len(s) && !final {
		return 0, false, scanMore
	}
	if e == k {
		return 0, false, scanNo
	}
	return e, isTurnResult(s[k:e]), scanYes
}

// isTurnResult reports whether w is "turn" digits letters digits: a tool's search result.
func isTurnResult(w string) bool {
	rest, ok := strings.CutPrefix(w, "turn")
	if !ok {
		return false
	}
	i := 0
	for i < len(rest) && isDigitByte(rest[i]) {
		i++
	}
	j := i
	for j < len(rest) && rest[j] >= 'a' && rest[j] <= 'z' {
		j++
	}
	k := j
	for k < len(rest) && isDigitByte(rest[k]) {
		k++
	}
	return i > 0 && j > i && k > j && k == len(rest)
}

// toolMarker reads a private-use citation group or LibreChat's anchors at s[i] (see above).
func toolMarker(s string, i int, final bool) (marker, scanStatus) {
	r, size, st := puaAt(s, i, final)
	if st != scanYes {
		return marker{}, st
	}
	switch r {
	case puaOpen:
		return toolGroup(s, i, i+size, final)
	case puaSep:
		return toolAnchors(s, i, final)
	}
	return marker{}, scanNo
}

// toolGroup reads a group whose opening character ends at s[k]: a kind ("cite", "filecite", or
// none), items each after a separator, and the closing character.
func toolGroup(s string, i, k int, final bool) (marker, scanStatus) {
	kind := k
	for kind < len(s) && kind-k <= len("filecite") && s[kind] >= 'a' && s[kind] <= 'z' {
		kind++
	}
	switch w := s[k:kind]; {
	case kind >= len(s) && !final && (strings.HasPrefix("cite", w) || strings.HasPrefix("filecite", w)):
		return marker{}, scanMore
	case w != "" && w != "cite" && w != "filecite":
		return marker{}, scanNo // another kind of group ("entity", "navlist"): not a citation
	}
	m := marker{Start: i}
	for j, items := kind, 0; ; items++ {
		r, size, st := puaAt(s, j, final)
		if st != scanYes {
			return marker{}, st
		}
		if r == puaClose && items > 0 {
			m.End = j + size
			if len(m.Cites) == 0 {
				m.Cites = []rawCite{{Kind: kindForeign}}
			}
			return m, scanYes
		}
		if r != puaSep || items >= maxToolItems {
			return marker{}, scanNo
		}
		end, result, st := toolItem(s, j+size, final)
		if st != scanYes {
			return marker{}, st
		}
		if result {
			m.Cites = append(m.Cites, rawCite{Kind: kindForeign})
		}
		j = end
	}
}

// toolAnchors reads LibreChat's anchors at s[i], "\ue202turn0search1", one or several in a row.
func toolAnchors(s string, i int, final bool) (marker, scanStatus) {
	m := marker{Start: i}
	for j := i; len(m.Cites) < maxToolItems; {
		r, size, st := puaAt(s, j, final)
		if st == scanMore {
			return marker{}, scanMore
		}
		if st == scanNo || r != puaSep {
			break
		}
		end, result, st := toolItem(s, j+size, final)
		if st == scanMore {
			return marker{}, scanMore
		}
		if st == scanNo || !result {
			break
		}
		m.Cites = append(m.Cites, rawCite{Kind: kindForeign})
		m.End, j = end, end
	}
	if len(m.Cites) == 0 {
		return marker{}, scanNo
	}
	return m, scanYes
}

// stripToolMarks removes from prose what is left of these groups: LibreChat's highlight marks and
// any stray character (or its escape) that no group took.
func stripToolMarks(s string) string {
	if !strings.ContainsAny(s, "\ue200\ue201\ue202\ue203\ue204") && !strings.Contains(s, `\u`) && !strings.Contains(s, `\U`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if _, size, st := puaAt(s, i, true); st == scanYes {
			i += size
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

package answer

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// Many replies cite nothing inline and end with a list of sources for the whole reply instead:
//
//	Sources: S1, S3             Fuentes: [1], [2]          来源：S1、S3
//	References:                 Sources:
//	[1] 001_c3c0….txt           - 001_c3c0d2fced9bc6e6.txt, paragraph 1
//	[2] 004_9e1f….txt           - 13 years of Alibaba e-commerce
//
// A reply-level list is a line that starts with such a header (Sources, References, Citations,
// Fuentes, Referencias, 来源, 参考资料, …, singular or plural, with or without emphasis) followed by
// sources, or a header line alone followed by lines of sources (ids, markers, file names, sections or
// titles of offered sources, each optionally with a description or a quote after it). Its lines are
// not shown. What it means: each sentence of the reply that no marker or quotation cites may be
// backed by any listed source, and is cited to every listed source that states it, as the claim
// check of a bare marker decides (claim.go), in the order listed, with the numbers placed where our
// own style puts them. A listed source that backs no sentence and that no marker of the reply cites
// is removed and counted, like any citation that does not check out.
//
// Where nobody sees the reply before it ends (an answer that does not stream) and in summaries (whose
// uncited points are left out), such a sentence waits for the end of the reply, like a marker that
// may still get its quote, so that the list reaches every sentence (see assembler.holdUncited; a
// summary's label line does not wait). A streamed answer never takes back what it showed, so there
// the list reaches the sentences not shown by the end of the reply: every uncited sentence of a reply
// that cites nothing inline (nothing is shown before a citation checks out), and otherwise those
// after the last one shown (usually only the last sentence). Such a reply therefore arrives whole at
// the end.

// listHeaders are the headers of a list of sources or of quotes (see isQuotesHeader).
var listHeaders = []string{"quotes", "quote", "citations", "sources", "source", "references", "reference", "footnotes",
	"notes", "citas", "fuentes", "fuente", "referencias", "referencia", "引用", "引文", "来源", "参考", "参考资料"}

// listLine reads a line that starts with a list header followed by sources ("Sources: S1, S3"),
// returning the sources it lists.
func (sc scanner) listLine(line string) ([][]int, bool) {
	l := strings.TrimLeft(strings.TrimSpace(line), "*_#>- ")
	for _, h := range listHeaders {
		if len(l) <= len(h) || !strings.EqualFold(l[:len(h)], h) {
			continue
		}
		rest := strings.TrimLeft(l[len(h):], "*_ ")
		r, size := utf8.DecodeRuneInString(rest)
		if r != ':' && r != '：' {
			continue
		}
		rest = strings.TrimSpace(strings.TrimLeft(rest[size:], "*_"))
		if rest == "" {
			return nil, false // a header alone: see isQuotesHeader
		}
		return sc.listed(rest, true)
	}
	return nil, false
}

// listed reads the sources a line of a list names: ids and markers ("S1, S3", "[1], [2]", "【1†source】"),
// optionally followed by a description ("[1] 001_c3c0….txt", "S3: "quote""), or names of offered
// sources ("001_c3c0….txt, paragraph 1", "13 years of Alibaba e-commerce", several separated by
// commas). A description that names an offered source gives the source (the model's own numbering
// is then only a label); otherwise the ids do. strict (a list on its header's line) allows no other
// description, so that a sentence such as "Source: S1 says …" stays prose. Each entry holds the
// offered sources it may be.
func (sc scanner) listed(line string, strict bool) ([][]int, bool) {
	l := trimBullet(strings.TrimSpace(line))
	if l == "" {
		return nil, false
	}
	if r, _ := utf8.DecodeRuneInString(l); markerClosers[r] == 0 && r != '<' {
		if named := sc.names(l); named != nil {
			return named, true // "004.txt, paragraph 9": not source 4
		}
	}
	ids, i := sc.listIDs(l)
	if ids == nil {
		return nil, false
	}
	rest := strings.TrimSpace(strings.TrimLeft(l[i:], ":：-–—|"))
	if named := sc.names(rest); named != nil {
		return named, true
	}
	if strict && rest != "" {
		return nil, false
	}
	return ids, true
}

// listIDs reads the ids and markers at the start of a line of a list, and returns the sources they
// name and where what follows them starts.
func (sc scanner) listIDs(l string) ([][]int, int) {
	var ids [][]int
	i := 0
	for i < len(l) {
		r, _ := utf8.DecodeRuneInString(l[i:])
		end := 0
		if markerClosers[r] != 0 || r == '<' || r == '^' {
			m, st := sc.at(l, i, true)
			if st != scanYes {
				break
			}
			for _, c := range m.Cites {
				ids = append(ids, citeSources(c))
			}
			end = m.End
		} else {
			_, n, next, st := readLabelNumber(l, i, false, true, true)
			if r, _ := utf8.DecodeRuneInString(l[min(next, len(l)):]); st != scanYes || next < len(l) && !strings.ContainsRune(" \t,;，；、:：-–—|", r) {
				break // "009.txt": a name, not source 9
			}
			ids, end = append(ids, []int{n}), next
		}
		i = skipBlank(l, end)
		if sepEnd, st := listSeparator(l, i, true); st == scanYes {
			i = skipBlank(l, sepEnd)
		} else if r, _ := utf8.DecodeRuneInString(l[i:]); i < len(l) && markerClosers[r] == 0 {
			break // a description follows
		}
	}
	return ids, i
}

// names returns the offered sources a text names: as one name (with a locator or a quote after
// it), or as several separated by commas or semicolons; nil if any part names none.
func (sc scanner) names(s string) [][]int {
	if s == "" || sc.refs == nil {
		return nil
	}
	if ks, _ := sc.refs.resolve(s); ks != nil {
		return [][]int{ks}
	}
	var out [][]int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",;，；、", r) }) {
		ks, _ := sc.refs.resolve(part)
		if ks == nil {
			return nil
		}
		out = append(out, ks)
	}
	return out
}

// citeSources returns the offered sources a citation of a list names (a source number, or the
// candidates of a reference).
func citeSources(c rawCite) []int {
	switch c.Kind {
	case kindRef:
		return c.Refs
	case kindForeign:
		return nil
	}
	return []int{c.N}
}

// addListed adds the sources a line of a list names, each once.
func (a *assembler) addListed(entries [][]int, ok bool) {
	if !ok {
		return
	}
	for _, e := range entries {
		if len(e) == 0 || a.isListed(e) {
			continue
		}
		a.listed = append(a.listed, listedSource{refs: e})
	}
}

func (a *assembler) isListed(refs []int) bool {
	for _, l := range a.listed {
		if slices.Equal(l.refs, refs) {
			return true
		}
	}
	return false
}

// listedSource is one entry of a reply's list of sources: the offered sources it may be (several
// when a name fits several offered passages), and whether it backed a sentence.
type listedSource struct {
	refs []int
	used bool
}

// unshownSentence is a decided sentence without a citation while nothing has been shown: where in
// the decided text a citation of it would go, and its claim.
type unshownSentence struct {
	at    int
	claim string
}

// listedCitations cites claim (an uncited sentence) to every listed source that states it, in the
// order listed, and returns the citation numbers.
func (a *assembler) listedCitations(claim string) []int {
	var nums []int
	for i := range a.listed {
		for _, k := range a.listed[i].refs {
			if k < 1 || k > len(a.v.sources) {
				continue
			}
			if sp, ok := a.v.supports(k, claim); ok {
				if n := a.v.number(k, sp); !containsInt(nums, n) {
					nums = append(nums, n)
				}
				a.listed[i].used = true
				break
			}
		}
	}
	return nums
}

// mayWaitForList reports whether a sentence that nothing cites (claim is its text) waits for the end
// of the reply, where a list of sources may still cite it: when the assembler holds such sentences
// (see assembler.holdUncited) and the sentence could be a claim. A summary's label line ("Douyin in
// 2024:", "## Growth") is no point: it is left out at once, as before, rather than holding back the
// points under it.
func (a *assembler) mayWaitForList(claim string) bool {
	if !a.holdUncited || a.ended || a.refusal || isBlank(claim) {
		return false
	}
	return !a.lineUnits || !isLabelLine(claim)
}

// isLabelLine reports whether a line of a summary is a label rather than a point: a heading, or a
// line that ends with a colon.
func isLabelLine(line string) bool {
	l := strings.TrimSpace(line)
	if strings.HasPrefix(l, "#") {
		return true
	}
	l = strings.TrimRight(l, "*_ ")
	return strings.HasSuffix(l, ":") || strings.HasSuffix(l, "：")
}

// uncited handles a decided sentence that no marker or quotation cites, whose text is out: cited to
// the listed sources that state it once the list is known, or, while nothing is shown, remembered so
// that a list at the end can still cite it.
func (a *assembler) uncited(out *strings.Builder, claim string) bool {
	if claim == "" || a.refusal {
		return false
	}
	s := out.String()
	at := citePoint(s)
	if a.blockKnown {
		nums := a.listedCitations(claim)
		if len(nums) == 0 {
			return false
		}
		out.Reset()
		out.WriteString(insertCitation(s, at, nums))
		return true
	}
	if len(a.v.cites) == 0 && !a.lineUnits {
		a.unshown = append(a.unshown, unshownSentence{at: a.decided.Len() + at, claim: claim})
	}
	return false
}

// citeUnshown cites the sentences decided while nothing was shown to the listed sources that state
// them, once the reply has ended.
func (a *assembler) citeUnshown() {
	if len(a.listed) == 0 || len(a.unshown) == 0 || a.refusal {
		return
	}
	s := a.decided.String()
	var b strings.Builder
	prev := 0
	for _, u := range a.unshown {
		nums := a.listedCitations(u.claim)
		if len(nums) == 0 {
			continue
		}
		b.WriteString(insertCitation(s[prev:u.at], u.at-prev, nums))
		prev = u.at
	}
	b.WriteString(s[prev:])
	a.decided.Reset()
	a.decided.WriteString(b.String())
	a.unshown = nil
}

// dropUnusedListed counts the listed sources that backed no sentence and that no marker of the reply
// cited as removed citations.
func (a *assembler) dropUnusedListed() {
	if a.refusal {
		return
	}
	for _, l := range a.listed {
		if l.used {
			continue
		}
		marked := false
		for _, k := range l.refs {
			marked = marked || a.marked[k]
		}
		if !marked {
			a.v.dropped++
		}
	}
}

// citePoint returns where in s (the text of one sentence) its citation goes: after its last word,
// before its final punctuation and trailing space.
func citePoint(s string) int {
	return len(strings.TrimRightFunc(strings.TrimRightFunc(s, unicode.IsSpace), isSentenceEnd))
}

// insertCitation writes the citation numbers nums into s at at (see citePoint): after a space,
// unless the text before ends with a citation or a Chinese character.
func insertCitation(s string, at int, nums []int) string {
	var b strings.Builder
	base := s[:at]
	b.WriteString(base)
	if last := lastRune(base); base != "" && last != ']' && !text.IsHan(last) && !unicode.IsSpace(last) {
		b.WriteByte(' ')
	}
	for _, n := range nums {
		b.WriteString("[" + strconv.Itoa(n) + "]")
	}
	b.WriteString(s[at:])
	return b.String()
}

// isSentenceEnd reports punctuation that ends a sentence.
func isSentenceEnd(r rune) bool { return strings.ContainsRune(".!?。！？", r) }

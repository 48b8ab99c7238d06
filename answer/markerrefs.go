package answer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/retrieval"
)

// Besides its id, the prompt shows each source's file, paragraph and section (see
// prompts/templates/answer.tmpl), and a passage often shows its document's title; models cite by
// these too: "[000_c3c0d2fced9bc6e6.txt, paragraph 1]", "(source: 000_c3c0….txt ¶1)", "(file
// 000_…txt, para. 1)", "(section: 05 Conclusion)", "(13 years of Alibaba e-commerce, ¶55)". A
// bracket is read as such a citation only when what it names was offered: a file (whole, without its
// extension, or shortened around an ellipsis to a form only one offered file fits), a section or a
// document's title (after folding case and spaces), and with a paragraph, a file+paragraph pair that
// was offered. It cites the offered passages so named; the citation checks (a quote, or the claim)
// then choose among them, as they would for an id. Anything else stays text, and a file name never
// becomes a link: the citation links to the passage, as every citation does.

// sourceRef is what the prompt shows of one source besides its id.
type sourceRef struct {
	file, heading, title string // folded (see foldName)
	paragraph            int
}

// sourceRefs are the offered sources by name; refs[k-1] is source k.
type sourceRefs struct{ refs []sourceRef }

func newSourceRefs(sources []retrieval.Passage) *sourceRefs {
	r := &sourceRefs{refs: make([]sourceRef, len(sources))}
	for i, p := range sources {
		r.refs[i] = sourceRef{file: foldName(p.File), heading: foldName(p.Heading), title: foldName(p.Title), paragraph: p.Paragraph}
	}
	return r
}

// maxRefBytes bounds the text of a bracket read as a reference.
const maxRefBytes = 300

// reference reads the bracket at s[i], whose text runs from s[j] to its closing rune closer, as a
// citation of the offered sources it names.
func (sc scanner) reference(s string, i, j int, closer rune, final bool) (marker, scanStatus) {
	e := strings.IndexRune(s[j:], closer)
	if e < 0 {
		if !final && len(s)-j <= maxRefBytes && !strings.Contains(s[j:], "\n") {
			return marker{}, scanMore
		}
		return marker{}, scanNo
	}
	body := s[j : j+e]
	if e > maxRefBytes || strings.Contains(body, "\n") {
		return marker{}, scanNo
	}
	refs, quote := sc.refs.resolve(body)
	if len(refs) == 0 {
		return marker{}, scanNo
	}
	_, size := utf8.DecodeRuneInString(s[j+e:])
	return marker{Start: i, End: j + e + size, Cites: []rawCite{{Kind: kindRef, Refs: refs, Quote: quote}}}, scanYes
}

var (
	// locatorRE is a paragraph number at the end of a reference: ", paragraph 1", "¶1", "para. 1".
	locatorRE = regexp.MustCompile(`(?i)^(.*?)[\s,;:–—-]*(?:paragraphs?|paras?\.?|pars?\.?|párrafo|¶|段落|段)\s*#?\s*(\d{1,5})$`)
	// locatorZhRE is a paragraph in Chinese: "第1段".
	locatorZhRE = regexp.MustCompile(`^(.*?)[\s,;:，；：]*第\s*(\d{1,5})\s*段落?$`)
	// refLabelRE is a word that introduces a reference: "source:", "file", "section".
	refLabelRE = regexp.MustCompile(`(?i)^(?:sources?|files?|fuentes?|archivo|documents?|documento|docs?|sections?|sección|title|título|from|see|in|来源|文件|章节)\s*[:：]?\s*`)
)

// resolve returns the offered sources (1-based) the text of a bracket names, and the quote it gives
// after them (`001.txt, ¶1: "words"`), or nil.
func (r *sourceRefs) resolve(body string) ([]int, string) {
	body = strings.TrimSpace(body)
	quote := ""
	if name, q, ok := splitQuote(body); ok {
		body, quote = name, q
	}
	para := 0
	if m := locatorRE.FindStringSubmatch(body); m != nil {
		body, para = m[1], atoi(m[2])
	} else if m := locatorZhRE.FindStringSubmatch(body); m != nil {
		body, para = m[1], atoi(m[2])
	}
	name := foldName(body)
	if name == "" {
		return nil, ""
	}
	ks := r.named(name)
	if ks == nil {
		if l := refLabelRE.FindString(name); l != "" && len(l) < len(name) {
			ks = r.named(foldName(name[len(l):]))
		}
	}
	if para > 0 {
		var keep []int
		for _, k := range ks {
			if r.refs[k-1].paragraph == para {
				keep = append(keep, k)
			}
		}
		ks = keep
	}
	return ks, quote
}

// named returns the offered sources whose file, section or document title is name (folded).
func (r *sourceRefs) named(name string) []int {
	var ks []int
	for i, ref := range r.refs {
		if ref.file != "" && (name == ref.file || name == strings.TrimSuffix(ref.file, extOf(ref.file))) ||
			ref.title != "" && (name == ref.title || name == withoutAside(ref.title)) ||
			ref.heading != "" && (name == ref.heading || len(name) >= 4 && unnumbered(name) == unnumbered(ref.heading)) {
			ks = append(ks, i+1)
		}
	}
	if ks != nil {
		return ks
	}
	return r.shortened(name)
}

// shortened returns the offered sources of the one file that a name shortened around an ellipsis
// fits ("000_c3c0….txt", "000_…txt"), or nil if none or several do.
func (r *sourceRefs) shortened(name string) []int {
	parts := strings.Split(strings.ReplaceAll(name, "...", "…"), "…")
	if len(parts) < 2 || len(parts[0]) < 3 {
		return nil
	}
	fits := func(file string) bool {
		rest, ok := strings.CutPrefix(file, parts[0])
		if !ok {
			return false
		}
		for _, p := range parts[1 : len(parts)-1] {
			i := strings.Index(rest, p)
			if i < 0 {
				return false
			}
			rest = rest[i+len(p):]
		}
		return strings.HasSuffix(rest, parts[len(parts)-1])
	}
	file := ""
	var ks []int
	for i, ref := range r.refs {
		if ref.file == "" || !fits(ref.file) {
			continue
		}
		if file != "" && ref.file != file {
			return nil // two offered files fit: ambiguous
		}
		file = ref.file
		ks = append(ks, i+1)
	}
	return ks
}

// splitQuote splits `name: "quote"` (or `name, "quote"`, `name "quote"`) into the name and the
// quote. A text that is one quotation is a quoted name, not a quote.
func splitQuote(body string) (string, string, bool) {
	last, ls := utf8.DecodeLastRuneInString(body)
	if !closeQuotes[last] {
		return "", "", false
	}
	for i, r := range body {
		if !openQuotes[r] || i == 0 {
			continue
		}
		name := strings.TrimRight(body[:i], " :：,，-–—")
		if name == "" || len(name) == len(body[:i]) && !strings.HasSuffix(body[:i], " ") {
			continue
		}
		_, size := utf8.DecodeRuneInString(body[i:])
		if i+size >= len(body)-ls {
			break // the closing mark itself
		}
		if q := strings.TrimSpace(body[i+size : len(body)-ls]); q != "" {
			return name, q, true
		}
	}
	return "", "", false
}

// foldName folds a name for comparison: lower case, single spaces, no quotation marks, emphasis or
// code marks around it.
func foldName(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	return strings.Trim(s, " \t,;:*_`'\"“”‘’«»「」『』")
}

// unnumbered is a section name without its leading number ("04 mistake taobao…" is "mistake taobao…").
func unnumbered(s string) string {
	return strings.TrimLeft(s, "0123456789.) ")
}

// withoutAside is a title without a closing aside in parentheses ("… recover (expert interpretation)").
func withoutAside(s string) string {
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			return s[:i]
		}
	}
	return s
}

func extOf(file string) string {
	if i := strings.LastIndexByte(file, '.'); i > 0 {
		return file[i:]
	}
	return ""
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

package convert

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// pdfLine is a line of text on a page: characters on one baseline, left to right as shown.
type pdfLine struct {
	page       int
	x0, x1, y  float64
	size       float64 // the largest font size on it
	text       string
	lastSpace  bool
	pageHeight float64
}

// buildLines joins a page's characters, in the order the page shows them, into lines: a character
// on the baseline of the line before it (within half its size) and not far back to its left
// carries it on; any other starts a line. A gap wider than a fifth of the font size between two
// characters is a space, as wide spacing is how most PDFs show one.
func buildLines(page int, height float64, chars []pdfChar) []pdfLine {
	var lines []pdfLine
	var cur *pdfLine
	var b strings.Builder
	var prev pdfChar
	flush := func() {
		if cur != nil {
			cur.text = strings.TrimSpace(b.String())
			if cur.text != "" {
				lines = append(lines, *cur)
			}
		}
		cur = nil
		b.Reset()
	}
	for _, c := range chars {
		size := max(c.size, 0.1)
		if cur != nil {
			same := math.Abs(c.y-cur.y) < 0.5*max(size, cur.size) && c.x > cur.x1-0.6*size
			if same && c.text == prev.text && math.Abs(c.x-prev.x) < 0.1*size && math.Abs(c.y-prev.y) < 0.1*size {
				continue // drawn twice over itself, as fake bold is
			}
			if !same {
				flush()
			}
		}
		if cur == nil {
			if c.space {
				continue
			}
			cur = &pdfLine{page: page, x0: c.x, x1: c.x, y: c.y, size: size, pageHeight: height}
		} else if gap := c.x - cur.x1; gap > 0.2*size && !c.space && !cur.lastSpace {
			b.WriteByte(' ')
		}
		if c.space {
			if !cur.lastSpace {
				b.WriteByte(' ')
			}
		} else {
			b.WriteString(c.text)
			cur.size = max(cur.size, size)
		}
		cur.lastSpace = c.space || strings.HasSuffix(c.text, " ")
		cur.x1 = max(cur.x1, c.x+c.adv)
		prev = c
	}
	flush()
	return lines
}

// runningKey is a line's text with its numbers made one mark, so that "Page 3 of 12" and "Page 4
// of 12" are the same running footer.
var digitRuns = regexp.MustCompile(`[0-9]+`)

func runningKey(s string) string {
	return strings.Join(strings.Fields(digitRuns.ReplaceAllString(strings.ToLower(s), "#")), " ")
}

// pageNumberLine matches a line that is only a page number: "7", "- 7 -", "Page 7", "7 / 12",
// "Página 7 de 12", "第 7 页".
var pageNumberLine = regexp.MustCompile(`^(?i)(?:[-–—(\[]\s*)?(?:page|p\.|pág\.?|página|seite)?\s*[0-9ivxlc]+\s*(?:(?:/|of|de|von|sur)\s*[0-9]+)?(?:\s*[-–—)\]])?$|^第\s*[0-9]+\s*页(?:\s*共\s*[0-9]+\s*页)?$`)

// inMargin reports a line in the top or bottom eighth of its page, where running heads and folios
// are printed.
func inMargin(l pdfLine) bool {
	h := l.pageHeight
	if h <= 0 {
		h = 792
	}
	return l.y > h*7/8 || l.y < h/8
}

// dropRunningLines leaves out running headers and footers (a line in the top or bottom margin whose
// text, numbers aside, is printed in the margin of at least half the pages, two or more) and page
// numbers alone in the margin.
func dropRunningLines(pages [][]pdfLine) [][]pdfLine {
	count := map[string]int{}
	for _, lines := range pages {
		seen := map[string]bool{}
		for _, l := range lines {
			if k := runningKey(l.text); inMargin(l) && !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	need := max(2, (len(pages)+1)/2)
	out := make([][]pdfLine, len(pages))
	for i, lines := range pages {
		for _, l := range lines {
			if inMargin(l) && (count[runningKey(l.text)] >= need || pageNumberLine.MatchString(strings.TrimSpace(l.text))) {
				continue
			}
			out[i] = append(out[i], l)
		}
	}
	return out
}

// sizeKey buckets a font size to half a point.
func sizeKey(s float64) int { return int(math.Round(s * 2)) }

// layoutStats are what paragraph breaks are judged against: the body text's font size and, for
// each font size, its usual distance between the baselines of a paragraph's lines.
type layoutStats struct {
	body    float64
	spacing map[int]float64
}

func measureLayout(lines []pdfLine) layoutStats {
	st := layoutStats{spacing: map[int]float64{}}
	chars := map[int]int{}
	gaps := map[int]map[int]int{}
	for i, l := range lines {
		chars[sizeKey(l.size)] += utf8.RuneCountInString(l.text)
		if i == 0 {
			continue
		}
		p := lines[i-1]
		gap := p.y - l.y
		if p.page != l.page || sizeKey(p.size) != sizeKey(l.size) || gap < 0.8*l.size || gap > 3*l.size {
			continue
		}
		k := sizeKey(l.size)
		if gaps[k] == nil {
			gaps[k] = map[int]int{}
		}
		gaps[k][int(math.Round(gap*2))]++
	}
	best := 0
	for k, n := range chars {
		if n > best || n == best && k < sizeKey(st.body) {
			best, st.body = n, float64(k)/2
		}
	}
	for k, g := range gaps {
		mode, most := 0, 0
		for gap, n := range g {
			if n > most || n == most && gap < mode {
				mode, most = gap, n
			}
		}
		st.spacing[k] = float64(mode) / 2
	}
	return st
}

// lineSpacing is the usual baseline distance of lines of size s: measured, or 1.2 times the size
// (a typical leading) where no two lines of that size follow each other.
func (st layoutStats) lineSpacing(s float64) float64 {
	if sp, ok := st.spacing[sizeKey(s)]; ok && sp > 0 {
		return min(sp, 1.6*s)
	}
	return 1.2 * s
}

// listItem matches a line that opens a list item: a bullet, or a number or letter and a dot or
// parenthesis.
var listItem = regexp.MustCompile(`^(?:[•◦▪▫●○■□‣∙·*–-]\s|(?:[0-9]{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s)`)

// sentenceEnd reports text that ends like a sentence (a full stop, question or exclamation mark,
// a colon, closing quotes after them).
func sentenceEnd(s string) bool {
	s = strings.TrimRight(s, "\"'”’»)] ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?:;。！？：；…", r)
}

// newParagraph decides whether line l starts a paragraph after line p (in reading order).
func (st layoutStats) newParagraph(p, l pdfLine, pStart bool) bool {
	if sizeKey(p.size) != sizeKey(l.size) && math.Abs(p.size-l.size) > 0.1*math.Max(p.size, l.size) {
		return true // a heading, or its end
	}
	first, _ := utf8.DecodeRuneInString(l.text)
	gap := p.y - l.y
	if p.page != l.page || gap < -0.5*l.size {
		// a new page or column: the paragraph goes on if the line before left a sentence open
		return sentenceEnd(p.text) || !(unicode.IsLower(first) || cjk(first))
	}
	if gap > 1.3*st.lineSpacing(l.size) {
		return true
	}
	if listItem.MatchString(l.text) {
		return false // an item of the list: a line of its own in the paragraph (see joinLines)
	}
	switch {
	case l.x0 > p.x0+l.size && !listItem.MatchString(p.text):
		return true // indented: a paragraph's first line
	case l.x0 < p.x0-l.size && !pStart:
		return true // back to the margin after an indented block (not after a first-line indent)
	}
	return false
}

// firstWordWidth estimates the width of a line's first word and the space before it, from the
// line's average character width.
func firstWordWidth(l pdfLine) float64 {
	n := utf8.RuneCountInString(l.text)
	if n == 0 {
		return 0
	}
	avg := (l.x1 - l.x0) / float64(n)
	word, _, _ := strings.Cut(l.text, " ")
	w := utf8.RuneCountInString(word)
	if r, _ := utf8.DecodeRuneInString(word); cjk(r) {
		w = 1 // CJK wraps between any two characters
	}
	return float64(w)*avg + 0.3*l.size
}

// cjk reports a Chinese, Japanese or Korean character, or CJK punctuation.
func cjk(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// pdfParagraph is a paragraph of a PDF: its lines and their largest font size.
type pdfParagraph struct {
	lines []pdfLine
	size  float64
}

// paragraphsOf groups lines, in reading order, into paragraphs: first by what sets paragraphs apart
// on the page ([layoutStats.newParagraph]), then, within such a block, where a line ends short
// though the first word of the next would have fit after it: the layout did not wrap it there, the
// author ended the paragraph (one set with no space or indent between paragraphs). The block's
// widest line gives its right edge, so a narrow box or a column is measured as itself.
func paragraphsOf(lines []pdfLine, st layoutStats) []pdfParagraph {
	var blocks [][]pdfLine
	for i, l := range lines {
		if i == 0 || st.newParagraph(lines[i-1], l, len(blocks[len(blocks)-1]) == 1) {
			blocks = append(blocks, nil)
		}
		blocks[len(blocks)-1] = append(blocks[len(blocks)-1], l)
	}
	var out []pdfParagraph
	for _, b := range blocks {
		right := 0.0
		for _, l := range b {
			right = max(right, l.x1)
		}
		for i, l := range b {
			if i == 0 || right-b[i-1].x1 > firstWordWidth(l) && !listItem.MatchString(l.text) {
				out = append(out, pdfParagraph{})
			}
			p := &out[len(out)-1]
			p.lines = append(p.lines, l)
			p.size = max(p.size, l.size)
		}
	}
	return out
}

// joinLines writes a paragraph's lines as text: a line wrapped by the layout joins the one before
// it (with a space, or none between CJK characters; a word broken at a soft hyphen joined back; one
// hyphenated across the break joined back only where the joined word is a dictionary word: see
// [dehyphenate], which asks dict), a list item starts a line. Each line written says on which page
// its text starts, and where a later page's starts in it (a paragraph that runs onto the next page).
func joinLines(lines []pdfLine, dict func(string) bool) []textLine {
	var out []textLine
	soft := false // the line before ended at a soft hyphen (Chromium shows "\u00ad‐" there)
	for _, l := range lines {
		raw := strings.TrimSpace(l.text)
		endsSoft := strings.HasSuffix(strings.TrimRight(raw, "-‐"), "\u00ad")
		if endsSoft {
			raw = strings.TrimRight(raw, "-‐")
		}
		t := cleanPDFText(raw)
		if t == "" {
			continue
		}
		wasSoft := soft
		soft = endsSoft
		if len(out) == 0 || listItem.MatchString(t) {
			out = append(out, textLine{s: t, pages: []PageStart{{At: 0, Page: l.page}}})
			continue
		}
		cur := &out[len(out)-1]
		prev := cur.s
		last, _ := utf8.DecodeLastRuneInString(prev)
		first, _ := utf8.DecodeRuneInString(t)
		switch {
		case wasSoft:
			cur.s = prev + t
		case last == '-' || last == '‐':
			cur.s = dehyphenate(prev, t, dict)
		case cjk(last) && cjk(first):
			cur.s = prev + t
		default:
			cur.s = prev + " " + t
		}
		// Every way of joining ends the line with t whole: t starts len(t) bytes before its end.
		if cur.pages[len(cur.pages)-1].Page != l.page {
			cur.pages = append(cur.pages, PageStart{At: len(cur.s) - len(t), Page: l.page})
		}
	}
	return out
}

// dehyphenate joins a line ending in a hyphen to the next. The hyphen goes when the word it splits
// is a dictionary word once joined ("extra-" "ordinary") and the next line carries on in lower case;
// otherwise it stays ("well-" "known" → "well-known"), since a hyphen the author wrote must not be
// lost, and a word the dictionary does not know may be either. dict says whether a word is a
// dictionary word ([text.IsDictionaryWord], as [readPDF] records the answers it relied on).
func dehyphenate(prev, next string, dict func(string) bool) string {
	hy := strings.TrimRightFunc(prev, func(r rune) bool { return r == '-' || r == '‐' })
	i := strings.LastIndexFunc(hy, func(r rune) bool { return !unicode.IsLetter(r) })
	head := hy[i+1:]
	if i >= 0 {
		_, size := utf8.DecodeRuneInString(hy[i:])
		head = hy[i+size:]
	}
	j := strings.IndexFunc(next, func(r rune) bool { return !unicode.IsLetter(r) })
	if j < 0 {
		j = len(next)
	}
	tail := next[:j]
	first, _ := utf8.DecodeRuneInString(next)
	if head != "" && tail != "" && unicode.IsLower(first) && len(hy) == len(prev)-1 {
		if w := strings.ToLower(head + tail); dict(w) {
			return hy + next
		}
	}
	return prev + next
}

// cleanPDFText tidies a line's text: ligatures as their letters ("ﬁ" → "fi"), no-break and other
// spaces as spaces, control characters and soft hyphens out, white space collapsed.
func cleanPDFText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= 0xfb00 && r <= 0xfb06 || r >= 0x2e80 && r <= 0x2fdf:
			// ligatures as letters; Kangxi and supplementary radicals, which fonts map ideographs
			// to ("⾳" for 音), as their ideographs
			b.WriteString(norm.NFKC.String(string(r)))
			space = false
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || r == utf8.RuneError || r == '\u00ad':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// writePDFText writes the paragraphs as converted text: a heading (a short paragraph in a font
// larger than the body text's) as "# …" to "###### …" by its size among the headings, every other
// paragraph's lines literal. dict is the dictionary [dehyphenate] asks.
func writePDFText(paras []pdfParagraph, body float64, dict func(string) bool) convertedText {
	var sizes []int
	heading := func(p pdfParagraph) bool {
		n := 0
		for _, l := range p.lines {
			n += utf8.RuneCountInString(l.text)
		}
		return p.size > body*1.15 && len(p.lines) <= 3 && n <= 200
	}
	for _, p := range paras {
		if k := sizeKey(p.size); heading(p) && !slices.Contains(sizes, k) {
			sizes = append(sizes, k)
		}
	}
	slices.SortFunc(sizes, func(a, b int) int { return b - a })
	var c convertedText
	for _, p := range paras {
		lines := joinLines(p.lines, dict)
		if len(lines) == 0 {
			continue
		}
		if heading(p) {
			level := min(slices.Index(sizes, sizeKey(p.size))+1, 6)
			h := textLine{s: strings.Repeat("#", level)}
			for _, l := range lines {
				h.s += " "
				for _, ps := range l.pages {
					if len(h.pages) == 0 {
						ps.At = -len(h.s) // the heading's mark is on its first line's page
					}
					h.pages = append(h.pages, PageStart{At: len(h.s) + ps.At, Page: ps.Page})
				}
				h.s += l.s
			}
			c.paragraph([]textLine{h})
			continue
		}
		for i := range lines {
			lines[i].literal = true
		}
		c.paragraph(lines)
	}
	return c
}

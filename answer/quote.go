package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// Quotes are matched tolerantly but honestly. A quote first matches if, after folding case, accents,
// quotation marks, dashes, full-width forms and spaces and ignoring footnote markers, it occurs in the
// passage. Otherwise it is compared word by word (hyphens split words, punctuation is ignored): it
// matches when about 85 % of its words, counted by weight, occur in the passage in order, within a
// span that is itself 85 % matched, and every figure in it is matched. Short function words ("a",
// "of", "over", "more than") weigh half, so one dropped, added or swapped function word passes while
// a changed content word or figure does not. A quote with an ellipsis matches when every fragment
// occurs, in order; the citation then spans from the first fragment to the last. The citation's quote
// is always the exact bytes of the passage that matched.

// minQuoteRatio is the share of a quote's weight, and of the matched span's weight, that must match.
const minQuoteRatio = 0.85

// qtoken is one word of a text being matched, with its byte span in the text.
type qtoken struct {
	norm       string
	start, end int
	weight     float64
	figure     bool
}

// tokenizeQuote splits s into folded words (Han characters one by one) with their byte spans,
// skipping punctuation and footnote markers such as "[12]".
func tokenizeQuote(s string) []qtoken {
	var out []qtoken
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := b.String()
		t := qtoken{norm: w, start: start, end: end, weight: 1, figure: strings.ContainsAny(w, "0123456789")}
		if !t.figure && isFunctionWord(w) {
			t.weight = 0.5
		}
		out = append(out, t)
		b.Reset()
		start = -1
	}
	for i := 0; i < len(s); {
		if n := text.FootnoteLen(s[i:]); n > 0 {
			flush(i)
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f := foldRune(r)
		switch {
		case unicode.Is(unicode.Han, f):
			flush(i)
			start = i
			b.WriteRune(f)
			flush(i + size)
		case unicode.IsLetter(f) || unicode.IsDigit(f) || f == '%':
			if start < 0 {
				start = i
			}
			b.WriteRune(f)
		case (f == '.' || f == ',') && start >= 0 && isDigitBefore(b.String()) && i+size < len(s) && isDigitByte(s[i+size]):
			b.WriteRune(f) // "3.5", "8,556"
		default:
			flush(i)
		}
		i += size
	}
	flush(len(s))
	return out
}

func isDigitBefore(w string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	return unicode.IsDigit(r)
}

// quoteMatch is where a quote was found in a passage: a byte span of the passage text.
type quoteMatch struct{ start, end int }

// locateQuote finds quote in text and returns the byte span of text it matches (see the comment at
// the top of this file). Quotes too short to be meaningful are refused, unless they are the whole text.
func locateQuote(text, quote string) (int, int, bool) {
	frags := ellipsisFragments(quote)
	if len(frags) == 0 {
		return 0, 0, false
	}
	if len(frags) == 1 {
		if s, e, ok := exactQuote(text, frags[0]); ok {
			return s, e, true
		}
	}
	toks := tokenizeQuote(text)
	pos := 0
	var first, last quoteMatch
	content := 0
	for i, f := range frags {
		q := tokenizeQuote(f)
		if len(q) == 0 {
			continue
		}
		m, n, ok := matchTokens(toks[pos:], q, len(frags) > 1)
		if !ok {
			return 0, 0, false
		}
		span := quoteMatch{toks[pos+m.start].start, toks[pos+m.end-1].end}
		if i == 0 || first == (quoteMatch{}) {
			first = span
		}
		last = span
		pos += m.end
		content += n
	}
	if first == (quoteMatch{}) {
		return 0, 0, false
	}
	whole := first.start == toks[0].start && last.end == toks[len(toks)-1].end
	if content < 3 && !whole && !hanEnough(text[first.start:last.end]) {
		return 0, 0, false
	}
	return first.start, last.end, true
}

// ellipsisFragments splits a quote at ellipses ("…", "...", "[…]", "(...)") into its non-empty parts.
func ellipsisFragments(quote string) []string {
	q := strings.NewReplacer("[…]", "…", "(…)", "…", "[...]", "…", "(...)", "…", "....", "…", "...", "…", ". . .", "…").Replace(quote)
	var out []string
	for _, p := range strings.Split(q, "…") {
		if strings.IndexFunc(p, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, p)
		}
	}
	return out
}

// exactQuote finds quote in text after folding (see [normalize]).
func exactQuote(text, quote string) (int, int, bool) {
	q := strings.TrimFunc(normalize(quote).norm, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
	if q == "" {
		return 0, 0, false
	}
	t := normalize(text)
	i := strings.Index(t.norm, q)
	if i < 0 {
		return 0, 0, false
	}
	whole := strings.TrimFunc(t.norm, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) == q
	if !whole && !longEnough(q) {
		return 0, 0, false
	}
	return t.start[i], t.end[i+len(q)-1], true
}

// longEnough reports whether a normalised quote is specific enough to support a claim: at least 12
// runes of Latin text, or 4 of Han text.
func longEnough(q string) bool {
	return utf8.RuneCountInString(q) >= 12 || hanEnough(q)
}

func hanEnough(s string) bool {
	han := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	return han >= 4
}

// tokenSpan is a half-open range of token indexes.
type tokenSpan struct{ start, end int }

// matchTokens aligns the quote's tokens q with the passage's tokens t (a local alignment where a
// match earns the token's weight and a skipped token on either side costs its weight) and accepts
// the best alignment if it meets the ratios described at the top of this file. A fragment of an
// ellipsis quote of three tokens or fewer must match exactly. It returns the matched range of t and
// how many content tokens matched.
func matchTokens(t, q []qtoken, fragment bool) (tokenSpan, int, bool) {
	if len(t) == 0 || len(q) == 0 {
		return tokenSpan{}, 0, false
	}
	if fragment && len(q) <= 3 {
		for i := 0; i+len(q) <= len(t); i++ {
			ok := true
			for k := range q {
				if t[i+k].norm != q[k].norm {
					ok = false
					break
				}
			}
			if ok {
				return tokenSpan{i, i + len(q)}, contentTokens(q), true
			}
		}
		return tokenSpan{}, 0, false
	}
	pairs := align(t, q)
	if len(pairs) == 0 {
		return tokenSpan{}, 0, false
	}
	matchedQ := map[int]bool{}
	var matchedW, quoteW, spanW float64
	for _, p := range pairs {
		matchedQ[p[1]] = true
		matchedW += q[p[1]].weight
	}
	for k, tok := range q {
		quoteW += tok.weight
		if tok.figure && !matchedQ[k] {
			return tokenSpan{}, 0, false // a figure the passage does not have
		}
	}
	span := tokenSpan{pairs[0][0], pairs[len(pairs)-1][0] + 1}
	for i := span.start; i < span.end; i++ {
		spanW += t[i].weight
	}
	if matchedW < minQuoteRatio*quoteW || matchedW < minQuoteRatio*spanW {
		return tokenSpan{}, 0, false
	}
	n := 0
	for k := range matchedQ {
		if q[k].weight == 1 {
			n++
		}
	}
	return span, n, true
}

func contentTokens(q []qtoken) int {
	n := 0
	for _, t := range q {
		if t.weight == 1 {
			n++
		}
	}
	return n
}

// align returns the matched (passage index, quote index) pairs of the best local alignment of q
// within t, in order.
func align(t, q []qtoken) [][2]int {
	n, m := len(q), len(t)
	score := make([][]float64, n+1)
	from := make([][]uint8, n+1) // 0 start, 1 match, 2 skip quote token, 3 skip passage token
	for i := range score {
		score[i] = make([]float64, m+1)
		from[i] = make([]uint8, m+1)
	}
	best, bi, bj := 0.0, 0, 0
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			s, f := 0.0, uint8(0)
			if q[i-1].norm == t[j-1].norm {
				if v := score[i-1][j-1] + q[i-1].weight; v > s {
					s, f = v, 1
				}
			}
			if v := score[i-1][j] - q[i-1].weight; v > s {
				s, f = v, 2
			}
			if v := score[i][j-1] - t[j-1].weight; v > s {
				s, f = v, 3
			}
			score[i][j], from[i][j] = s, f
			if s > best {
				best, bi, bj = s, i, j
			}
		}
	}
	var pairs [][2]int
	for i, j := bi, bj; i > 0 && j > 0 && from[i][j] != 0; {
		switch from[i][j] {
		case 1:
			pairs = append(pairs, [2]int{j - 1, i - 1})
			i, j = i-1, j-1
		case 2:
			i--
		case 3:
			j--
		}
	}
	for l, r := 0, len(pairs)-1; l < r; l, r = l+1, r-1 {
		pairs[l], pairs[r] = pairs[r], pairs[l]
	}
	return pairs
}

// normText is a normalised view of a text with a map back to the original bytes: norm[i] came from
// orig[start[i]:end[i]].
type normText struct {
	norm       string
	start, end []int
}

// normalize folds case, quotation marks, dashes, full-width forms and common accents, collapses
// whitespace, drops spaces before punctuation and drops footnote markers such as "[12]", keeping for
// every output byte the span of the input it came from.
func normalize(s string) normText {
	var b []byte
	var nt normText
	emit := func(r rune, from, to int) {
		if r == ' ' && (len(b) == 0 || b[len(b)-1] == ' ') {
			return
		}
		if text.IsTightPunct(r) && len(b) > 0 && b[len(b)-1] == ' ' {
			b = b[:len(b)-1]
			nt.start, nt.end = nt.start[:len(b)], nt.end[:len(b)]
		}
		n := len(b)
		b = utf8.AppendRune(b, r)
		for k := n; k < len(b); k++ {
			nt.start = append(nt.start, from)
			nt.end = append(nt.end, to)
		}
	}
	for i := 0; i < len(s); {
		if n := text.FootnoteLen(s[i:]); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		emit(foldRune(r), i, i+size)
		i += size
	}
	if len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
		nt.start, nt.end = nt.start[:len(b)], nt.end[:len(b)]
	}
	nt.norm = string(b)
	return nt
}

// foldRune folds one rune for matching: spaces, quotation marks, dashes, full-width forms, case and
// common accents.
func foldRune(r rune) rune {
	switch {
	case unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000':
		return ' '
	case r == '“' || r == '”' || r == '„' || r == '«' || r == '»' || r == '「' || r == '」' || r == '『' || r == '』':
		return '"'
	case r == '‘' || r == '’' || r == '`' || r == '´':
		return '\''
	case r == '–' || r == '—' || r == '−' || r == '‐' || r == '‑':
		return '-'
	case r == '，':
		return ','
	case r == '：':
		return ':'
	case r == '；':
		return ';'
	case r == '！':
		return '!'
	case r == '？':
		return '?'
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	}
	return text.FoldAccentRune(unicode.ToLower(r))
}

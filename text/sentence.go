package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Sentences splits text[start:end] into sentence spans, trimmed of white space and invisible
// characters; together they cover every other byte of the range. Boundaries are:
//   - line breaks, except where a hard-wrapped sentence carries on (see [LineWraps]);
//   - Chinese 。！？ (with any closing quotes or brackets);
//   - ". ", "! ", "? " (after closing quotes) when the next word opens a sentence (a capital, a
//     digit, ¿, ¡, a quotation mark or a Han character) and the period does not end an
//     abbreviation such as "Co." or "U.";
//   - a detached full stop glued to the next word, as in seed 004's "trader .2009 year", or
//     between spaces before a lower-case word ("Billion . unfortunately"), the space before it
//     read in text before start too, so that a range that starts with " . then" splits as the
//     whole text does;
//   - before Spanish ¿ and ¡ that follow a space;
//   - before " - " bullets (a dash between spaces, after a non-digit, before a capital or a Han
//     character, so "2018 - 2020" stays whole), the bullet starting the next sentence;
//   - after footnote markers such as "[1][2]" that end a bullet and are followed by a new sentence.
func Sentences(text string, start, end int) []Span {
	var out []Span
	seg := start
	emit := func(to int) {
		if s, e := trimSpace(text, seg, to); s < e {
			out = append(out, Span{s, e})
		}
		seg = to
	}
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		next := i + size
		switch {
		case r == '\n':
			if !LineWraps(text[:end], i) {
				emit(next)
			}
		case r == '。' || r == '！' || r == '？':
			next = closeEmphasis(text, seg, skipClosers(text, next, end), end)
			emit(next)
		case r == '.' || r == '!' || r == '?':
			j := skipClosers(text, next, end)
			if j >= end {
				break
			}
			nr, _ := utf8.DecodeRuneInString(text[j:end])
			if r == '.' && listMarkerEnds(text, seg, i) {
				break // "3. Drones are banned.": the number marks the item, it is not a sentence
			}
			if unicode.IsSpace(nr) {
				k := skipBlank(text, j, end)
				if k < end && opensSentence(text[k:end]) && !(r == '.' && abbreviationBefore(text, start, i)) {
					emit(j)
				} else if r == '.' && i > 1 && text[i-1] == ' ' && text[i-2] != '.' && k < end && lowerLetterAt(text[k:end]) {
					// A detached full stop between spaces ends a sentence whatever follows: literal
					// translations write 。 so (seed 004's "Months 2.4 Billion . unfortunately ,
					// It's a little late …"), and no writer puts a space before an abbreviation's.
					// A spaced ellipsis (". . . then") is not one.
					emit(j)
				}
			} else if r == '.' && i > 0 && text[i-1] == ' ' && !IsTightPunct(nr) && nr != '.' {
				// Seed 004's "trader .2009 year": a detached full stop.
				emit(j)
			}
		case r == '`':
			// An inline code span is one token: "`sudo chown -R 1000:1000 ./storage`" holds no
			// sentence end, whatever its full stops (a run of backticks opens a span that the same
			// run closes, on the same line).
			next = codeSpanEnd(text, i, end)
		case (r == '¿' || r == '¡') && i > seg && spaceBefore(text, i):
			emit(i)
		case r == ' ' && strings.HasPrefix(text[i:end], " - ") && i > seg && bulletDash(text, i, end):
			emit(i + 1)
		case r == '[' && FootnoteLen(text[i:end]) > 0:
			j := i
			for FootnoteLen(text[j:end]) > 0 {
				j += FootnoteLen(text[j:end])
			}
			k := skipBlank(text, j, end)
			if k > j && k < end && opensSentence(text[k:end]) && !strings.HasPrefix(text[k:end], "- ") {
				emit(j)
			}
			next = j
		}
		i = next
	}
	emit(end)
	return out
}

// QuoteSpan narrows a sentence span to what is worth quoting: without a leading bullet ("- ",
// "• ", "* ", "1. ") or quote marker ("> "; see quoteMarker), Markdown emphasis at the ends, or
// trailing footnote markers ("[3][4]"). It returns the span unchanged when nothing is left.
func QuoteSpan(text string, sp Span) Span {
	s, e := sp.Start, sp.End
	for {
		os, oe := s, e
		if s < e {
			r, size := utf8.DecodeRuneInString(text[s:e])
			switch {
			case strings.ContainsRune("-*+•", r) && (s+size == e || text[s+size] == ' '):
				s += size
			case r == '>' && quoteMarker(text[s:e]):
				s += size
			default:
				s += orderedBullet(text[s:e])
			}
		}
		if e-s >= 3 && text[e-1] == ']' {
			if k := strings.LastIndexByte(text[s:e], '['); k >= 0 && FootnoteLen(text[s+k:e]) == e-s-k {
				e = s + k
			}
		}
		s, e = trimSpace(text, s, e)
		if s == os && e == oe {
			break
		}
	}
	if s >= e {
		return sp
	}
	return Span{s, e}
}

// quoteMarker reports whether s opens with a Markdown quote's marker ("> **Note:** …", "> «Al
// principio …»"): a ">" and a space before anything but a figure, which makes it the sign of a
// comparison ("> 50% of buyers").
func quoteMarker(s string) bool {
	if len(s) < 3 || s[0] != '>' || s[1] != ' ' {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s[2:], " "))
	return !unicode.IsDigit(r)
}

// TrimListMarker returns s without the ordered list marker ("3. ", "12) ") that opens it, after
// any leading space: the item's number, which states nothing.
func TrimListMarker(s string) string {
	t := strings.TrimLeft(s, " \t\n")
	return t[orderedBullet(t):]
}

// orderedBullet returns the length of a "12. " or "3) " list marker at the start of s, or of a
// lettered one ("a. ", "b) "), or 0. A lettered marker is one lower-case letter: no sentence
// starts with "b. ", but one may with an initial ("A. Ortega said").
func orderedBullet(s string) int {
	j := 0
	for j < len(s) && j < 3 && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == 0 && len(s) > 0 && s[0] >= 'a' && s[0] <= 'z' {
		j = 1
	}
	if j > 0 && j+1 < len(s) && (s[j] == '.' || s[j] == ')') && s[j+1] == ' ' {
		return j + 2
	}
	return 0
}

// listMarkerEnds reports whether the full stop at dot ends an ordered list marker ("3. ") that
// opens the segment from seg, at the start of a line.
func listMarkerEnds(text string, seg, dot int) bool {
	s := seg
	for s < dot && (text[s] == ' ' || text[s] == '\t' || text[s] == '\n') {
		s++
	}
	if s > 0 && text[s-1] != '\n' {
		return false
	}
	return orderedBullet(text[s:]) == dot-s+2
}

// bulletDash reports whether the " - " at i starts a bullet (seed 001), not a range such as
// "2018 - 2020": the dash must follow a non-digit and precede a capital or a Han character.
func bulletDash(text string, i, end int) bool {
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	if i+3 >= end {
		return false
	}
	next, _ := utf8.DecodeRuneInString(text[i+3 : end])
	return !unicode.IsDigit(prev) && (unicode.IsUpper(next) || IsHan(next))
}

// abbreviationBefore reports a period that ends a short abbreviation such as "Co." or "Ltd." or a
// single capital ("U."), where a sentence should not end.
func abbreviationBefore(text string, lo, dot int) bool {
	j := dot
	for j > lo {
		r, size := utf8.DecodeLastRuneInString(text[lo:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= size
	}
	word := text[j:dot]
	switch strings.ToLower(word) {
	case "co", "ltd", "inc", "mr", "mrs", "ms", "dr", "vs", "etc", "e.g", "i.e", "no", "sr", "sra", "st", "approx":
		return true
	}
	return utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0])
}

// LineWraps reports whether the line break at text[nl] only wraps a sentence, as hard-wrapped
// Markdown and plain text do at 72 or 80 columns. The line before it must not end like a sentence
// or an introduction (. ! ? : ; 。 ！ ？ ： ；), and the next line must not open a list item or a
// structure line. Then the break wraps when the next line carries on in lower case, or when the
// line before is as long as wrapped lines are (at least wrapWidth characters: a title or a
// short line of a list is shorter) or ends with a comma.
func LineWraps(text string, nl int) bool {
	if nl <= 0 || nl >= len(text) || text[nl] != '\n' {
		return false
	}
	before := strings.TrimRight(text[:nl], " \t\r")
	last, _ := utf8.DecodeLastRuneInString(before)
	if before == "" || strings.HasSuffix(before, "\n") || strings.ContainsRune(".!?:;。！？：；", last) {
		return false
	}
	after := strings.TrimLeft(text[nl+1:], " \t")
	r, size := utf8.DecodeRuneInString(after)
	prev := before[strings.LastIndexByte(before, '\n')+1:]
	if r == utf8.RuneError || strings.ContainsRune("\r\n-*+•#|>`[", r) || orderedBullet(after) > 0 || keyValue.MatchString(after) ||
		IsFence(strings.TrimSpace(prev)) || IsRule(prev) {
		return false // a list item, a structure line, front matter or settings, code
	}
	if rest := after[size:]; unicode.IsLetter(r) && (strings.HasPrefix(rest, ") ") || strings.HasPrefix(rest, ". ")) {
		return false // "a) …", "b. …": a lettered list item
	}
	if unicode.IsLower(r) {
		return true
	}
	return last == ',' || utf8.RuneCountInString(strings.TrimSpace(prev)) >= wrapWidth && (unicode.IsLetter(last) || unicode.IsDigit(last))
}

// keyValue matches a line that sets a key, as front matter and settings files do ("title: …",
// "password_command = …").
var keyValue = regexp.MustCompile(`^[\pL_][\pL\pN_.-]*\s*[:=]\s`)

// wrapWidth is the least length of a line that a hard wrap broke: text wrapped at 72 or 80
// columns leaves its lines at least this long, save a paragraph's last.
const wrapWidth = 55

// lowerLetterAt reports whether s starts with a lower-case letter.
func lowerLetterAt(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// opensSentence reports whether s starts like a sentence: a capital, a digit, ¿, ¡, a quotation
// mark, a bullet or a Han character.
func opensSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || IsHan(r) || strings.ContainsRune(`¿¡"“「'‘(*#-•`, r)
}

func skipClosers(text string, i, end int) int {
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if !strings.ContainsRune(`"'”’」』)）»`, r) {
			break
		}
		i += size
	}
	return i
}

// closeEmphasis returns i past a run of Markdown emphasis markers at i that closes one the sentence
// from seg opened ("- **怎么打印？** 把文件…": the "**" ends the question, it does not open the
// answer), and i itself otherwise.
func closeEmphasis(text string, seg, i, end int) int {
	if i >= end || text[i] != '*' && text[i] != '_' {
		return i
	}
	j := i
	for j < end && text[j] == text[i] {
		j++
	}
	if strings.Count(text[seg:i], text[i:j])%2 == 1 {
		return skipClosers(text, j, end)
	}
	return i
}

func skipBlank(text string, i, end int) int {
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

func spaceBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(r)
}

// IsTightPunct reports punctuation written tight against the word before it (",", "。", ")").
func IsTightPunct(r rune) bool {
	return strings.ContainsRune(",.;:!?、。，；：！？)", r)
}

// FootnoteLen returns the length of a footnote marker "[12]" at the start of s, or 0.
func FootnoteLen(s string) int {
	if len(s) < 3 || s[0] != '[' {
		return 0
	}
	j := 1
	for j < len(s) && j < 5 && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > 1 && j < len(s) && s[j] == ']' {
		return j + 1
	}
	return 0
}

// trimSpace narrows text[s:e] past white space and invisible characters at both ends.
func trimSpace(text string, s, e int) (int, int) {
	blank := func(r rune) bool { return unicode.IsSpace(r) || IsInvisible(r) }
	return trimRunes(text, s, e, blank, blank)
}

// trimRunes narrows text[s:e] past the runes that lead reports at its start and trail at its end.
func trimRunes(text string, s, e int, lead, trail func(rune) bool) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !lead(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !trail(r) {
			break
		}
		e -= size
	}
	return s, e
}

// Clauses splits a sentence into the parts run-on sentences use to list separate facts: first into
// runs at ; 、 and ， (each a fact of its own), then each run at a comma beside a space (seed 004's
// "… 12.5 Billion dollars … , Fight with meituan"), not inside a figure ("8,556") nor inside
// brackets, whose list names what stands before them. The first clause
// of a run is its lead, which often names what the rest of the run is about ("BYD, the company
// that …, closed 2023 with sales of 3.02 million"). It is coarser than the clause a platform
// mention leads (see [Subjects]), which also starts after a colon or a parenthesis.
func Clauses(s string) [][]string {
	var out [][]string
	var run []string
	start := 0
	inside := bracketed(s)
	for i, r := range s {
		if inside != nil && inside[i] {
			continue // a list in brackets names what stands before it: "Microsoft 365 apps (Word, Excel, …): free …"
		}
		hard := strings.ContainsRune(";；、，", r)
		soft := r == ',' && (i > 0 && s[i-1] == ' ' || i+1 < len(s) && s[i+1] == ' ')
		if hard || soft {
			run = append(run, s[start:i])
			start = i + utf8.RuneLen(r)
		}
		if hard {
			out, run = append(out, run), nil
		}
	}
	return append(out, append(run, s[start:]))
}

// bracketed reports, for each byte offset of s, whether it lies inside a pair of brackets that
// closes in s ("(…)", "（…）", "[…]"), the outermost pair when they nest; nil when s has none.
func bracketed(s string) []bool {
	if !strings.ContainsAny(s, "([（") {
		return nil
	}
	var out []bool
	open, depth := -1, 0
	for i, r := range s {
		switch r {
		case '(', '[', '（':
			if depth == 0 {
				open = i
			}
			depth++
		case ')', ']', '）':
			if depth == 0 {
				continue
			}
			if depth--; depth == 0 {
				if out == nil {
					out = make([]bool, len(s))
				}
				for k := open; k < i; k++ {
					out[k] = true
				}
			}
		}
	}
	return out
}

// codeSpanEnd returns the offset just after the inline code span that opens at text[i] (a run of
// backticks), ending before end: after the same run of backticks later on the line, or just
// after the opening run when nothing closes it there.
func codeSpanEnd(text string, i, end int) int {
	j := i
	for j < end && text[j] == '`' {
		j++
	}
	run := text[i:j]
	line := end
	if k := strings.IndexByte(text[j:end], '\n'); k >= 0 {
		line = j + k
	}
	for k := j; k < line; {
		m := strings.Index(text[k:line], run)
		if m < 0 {
			break
		}
		close := k + m
		after := close + len(run)
		if (after >= line || text[after] != '`') && (close == 0 || text[close-1] != '`' || close == j) {
			return after
		}
		for after < line && text[after] == '`' {
			after++
		}
		k = after
	}
	return j
}

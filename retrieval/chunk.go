package retrieval

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chunking bounds, in bytes. A paragraph up to maxChunk stays whole; a longer one is cut at sentence
// boundaries into chunks of about targetChunk, each starting with the previous chunk's last sentence
// when that sentence is short enough to repeat (the overlap).
const (
	targetChunk = 480
	maxChunk    = 720
	maxOverlap  = 200
)

// Span is a half-open byte range [Start, End) of a document.
type Span struct{ Start, End int }

// Sentences splits text[start:end] into sentence spans, trimmed of surrounding white space. Boundaries
// are line breaks; ". ", "! ", "? " (and "; " nowhere); Chinese 。！？ ; before Spanish ¿ and ¡; and
// before " - " bullets (a dash between spaces followed by a capital letter or a digit-free word, as in
// seed 001). The spans cover every non-space byte of the range.
func Sentences(text string, start, end int) []Span {
	var out []Span
	segStart := start
	emit := func(to int) {
		s, e := trimSpan(text, segStart, to)
		if s < e {
			out = append(out, Span{s, e})
		}
		segStart = to
	}
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		next := i + size
		switch {
		case r == '\n':
			emit(next)
		case r == '。' || r == '！' || r == '？':
			// Keep closing quotes and brackets with the sentence.
			for next < end {
				q, qs := utf8.DecodeRuneInString(text[next:end])
				if !strings.ContainsRune("」』”’）)\"", q) {
					break
				}
				next += qs
			}
			emit(next)
		case r == '.' || r == '!' || r == '?':
			j := next
			for j < end && strings.ContainsRune("\"'”’)", rune(text[j])) {
				j++
			}
			if j < end && (text[j] == ' ' || text[j] == '\t') && !abbreviationBefore(text, start, i) {
				emit(j)
			}
		case (r == '¿' || r == '¡') && i > segStart && spaceBefore(text, i):
			emit(i)
		case r == '-' && i > start && text[i-1] == ' ' && next < end && text[next] == ' ' && bulletFollows(text, next+1, end):
			emit(i - 1)
		}
		i = next
	}
	emit(end)
	return out
}

// abbreviationBefore reports a period that ends a short abbreviation such as "Co." or "Ltd." or a
// single capital ("U."), where a sentence should not end.
func abbreviationBefore(text string, lo, dot int) bool {
	if text[dot] != '.' {
		return false
	}
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
	case "co", "ltd", "inc", "mr", "mrs", "ms", "dr", "vs", "etc", "e.g", "i.e", "no", "sr", "sra":
		return true
	}
	return utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0])
}

func spaceBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(r)
}

// bulletFollows reports whether the text after " - " starts like a new bullet: an upper-case letter.
func bulletFollows(text string, i, end int) bool {
	if i >= end {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:end])
	return unicode.IsUpper(r)
}

func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) && !isInvisible(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) && !isInvisible(r) {
			break
		}
		e -= size
	}
	return s, e
}

// chunkDocument cuts every paragraph of d into passages. Passages never cross paragraphs.
func chunkDocument(d *Document) []Passage {
	heads := headings(d)
	var out []Passage
	for i, p := range d.Paragraphs {
		for _, sp := range chunkParagraph(d.Text, p) {
			out = append(out, newPassage(d, p, sp, heads[i]))
		}
	}
	return out
}

// chunkParagraph groups the sentences of one paragraph into chunk spans.
func chunkParagraph(text string, p Paragraph) []Span {
	s, e := trimSpan(text, p.StartByte, p.EndByte)
	if e-s <= maxChunk {
		if s == e {
			return nil
		}
		return []Span{{s, e}}
	}
	sents := splitLong(text, Sentences(text, s, e))
	var out []Span
	for i := 0; i < len(sents); {
		first := i
		end := sents[i].End
		i++
		for i < len(sents) && sents[i].End-sents[first].Start <= targetChunk {
			end = sents[i].End
			i++
		}
		out = append(out, Span{sents[first].Start, end})
		// Overlap: start the next chunk with this chunk's last sentence when it is short and the
		// chunk had more than one sentence (so the loop always advances).
		if i < len(sents) && i-first > 1 {
			last := sents[i-1]
			if last.End-last.Start <= maxOverlap && sents[i].End-last.Start <= maxChunk {
				i--
			}
		}
	}
	return out
}

// splitLong cuts sentences longer than maxChunk at white space (or anywhere on a rune boundary for
// text without spaces), so that no chunk exceeds maxChunk.
func splitLong(text string, sents []Span) []Span {
	var out []Span
	for _, s := range sents {
		for s.End-s.Start > maxChunk {
			cut := s.Start + targetChunk
			for cut > s.Start && !utf8.RuneStart(text[cut]) {
				cut--
			}
			if sp := strings.LastIndexAny(text[s.Start:cut], " ，,、"); sp > targetChunk/2 {
				cut = s.Start + sp
			}
			a, b := trimSpan(text, s.Start, cut)
			if a < b {
				out = append(out, Span{a, b})
			}
			s.Start, _ = trimSpan(text, cut, s.End)
		}
		if s.Start < s.End {
			out = append(out, s)
		}
	}
	return out
}

func newPassage(d *Document, p Paragraph, sp Span, heading string) Passage {
	startLine := p.StartLine + strings.Count(d.Text[p.StartByte:sp.Start], "\n")
	endLine := startLine + strings.Count(d.Text[sp.Start:sp.End], "\n")
	return Passage{
		ID:        passageID(d.File, sp.Start, sp.End, d.Text[sp.Start:sp.End]),
		File:      d.File,
		Paragraph: p.N,
		StartLine: startLine,
		EndLine:   endLine,
		StartByte: sp.Start,
		EndByte:   sp.End,
		Text:      d.Text[sp.Start:sp.End],
		Title:     d.Title,
		Heading:   heading,
	}
}

// passageID identifies a passage across runs: its file, byte span and a hash of its text.
func passageID(file string, start, end int, text string) string {
	sum := sha256.Sum256([]byte(text))
	return file + ":" + strconv.Itoa(start) + "-" + strconv.Itoa(end) + ":" + hex.EncodeToString(sum[:6])
}

// indexText is what gets embedded and keyword-indexed for a passage: its context (title and
// heading) and its text, cleaned of invisible characters, plus the canonical names of the platforms
// it mentions by any alias.
func indexText(p Passage, c *Catalog) string {
	var b strings.Builder
	if p.Title != "" {
		b.WriteString(p.Title)
		b.WriteString("\n")
	}
	if p.Heading != "" && p.Heading != p.Title {
		b.WriteString(p.Heading)
		b.WriteString("\n")
	}
	b.WriteString(p.Text)
	body := cleanForIndex(b.String())
	return body + c.expansion(body)
}

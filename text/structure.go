package text

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MarkdownHeading returns the text of an ATX heading line ("## Readings arrive late").
func MarkdownHeading(line string) (string, bool) {
	line = strings.TrimSpace(line)
	t := strings.TrimLeft(line, "#")
	if n := len(line) - len(t); n == 0 || n > 6 || !(t == "" || strings.HasPrefix(t, " ")) {
		return "", false
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t), "#")), true
}

// LiteralLines lists the lines of a document that are its own text from their first character: the
// byte offsets at which they start, ascending. A document converted from a web page or a Word file
// marks the structure its converter knows as Markdown does ("## " before a heading, "- " before a
// list item, "```" around code) and writes the rest as the page has it, so there a line that opens
// with "#", ">", "-" or "```" ("# 1 seller in 2023", "> 50% of buyers") is text, not a heading, a
// quote, a list or a fence. A line not listed may be Markdown structure, as every line of a plain
// text or Markdown file is (they list none).
type LiteralLines []int

// Has reports whether the line that starts at byte start is literal.
func (l LiteralLines) Has(start int) bool {
	_, ok := slices.BinarySearch(l, start)
	return ok
}

// LooksLikeTitle reports a short line that does not end like a sentence, such as seed 004's
// "02 Taobao mobile , Meritorious high position": at most 100 characters and no closing
// punctuation.
func LooksLikeTitle(line string) bool {
	line = strings.TrimSpace(line)
	n := utf8.RuneCountInString(line)
	if n == 0 || n > 100 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.HasPrefix(line, "(") && last == ')' || strings.HasPrefix(line, "（") && last == '）' {
		return false // a parenthesised credit line, "(Interview by Zeng Yanzhang)"
	}
	return !strings.ContainsRune(".,;:。，；：!！、?？", last)
}

// looksLikeInlineHeading reports a short title-case fragment inside running text, such as seed
// 001's "Content and Algorithm Innovations" between two bullets: two to eight words, no closing
// punctuation, no figure, and every word that is not a function word capitalised.
func looksLikeInlineHeading(s string) bool {
	if !LooksLikeTitle(s) || strings.ContainsFunc(s, IsHan) {
		return false
	}
	ws := Words(s)
	if len(ws) < 2 || len(ws) > 8 {
		return false
	}
	for _, w := range ws {
		if w.Number || !w.Upper && !IsStopword(w) {
			return false
		}
	}
	return true
}

// LooksLikeBreadcrumb reports a navigation trail such as "Current position:Home>13 years of
// Alibaba e-commerce": a line holding ">", "›" or "»" after a short lead, that does not end a
// sentence.
func LooksLikeBreadcrumb(line string) bool {
	i := strings.IndexAny(line, ">›»")
	if i < 0 {
		return false
	}
	// A trail ends with a page's title; a line that ends a sentence tells a path through an
	// app's menus ("Go to Settings › About. Version 3.2.0 …").
	if last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(line)); strings.ContainsRune(".。!！", last) {
		return false
	}
	lead := strings.TrimSpace(line[:i])
	return utf8.RuneCountInString(lead) <= 25 && !strings.ContainsAny(lead, ".。")
}

// looksLikeStamp reports a short line that is mostly digits, such as a dateline
// "2022-05-07 18:28:5936kr". A dateline is the one place a document says when it was published,
// so it stays quotable body text (see lineKind).
func looksLikeStamp(line string) bool {
	digits, other := 0, 0
	for _, r := range line {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsSpace(r):
		default:
			other++
		}
	}
	return digits > 0 && digits+other <= 40 && digits*10 >= (digits+other)*4
}

// IsRule reports a Markdown thematic break, a setext underline or a table separator line.
func IsRule(line string) bool {
	t := strings.TrimSpace(line)
	if len(t) < 3 {
		return false
	}
	return strings.Trim(t, "-=*_ ") == "" || strings.Trim(t, "|-: ") == "" && strings.Contains(t, "-")
}

// IsFence reports a Markdown code fence line ("```go", "~~~").
func IsFence(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// OnlyStructure reports whether passage, a span of doc, says nothing itself: whether the analysis
// reads every line of it as structure, a heading or boilerplate (front matter, a rule, a fence, a
// breadcrumb: what [Structure] reports of a document's sentences). It reads the passage's
// paragraph (the span of doc that holds it) with the rule [Analyze] reads a document's lines with,
// the first paragraph of the document if first (only there does front matter open), literal the
// document's lines that are its own text (see [LiteralLines]). Being that rule itself, it lets
// search, which calls it on a passage's text without decoding the analysis, agree with answers on
// which passages only structure their document.
func OnlyStructure(doc string, paragraph, passage Span, first bool, literal LiteralLines) bool {
	paragraphs := []Span{paragraph}
	if !first {
		// An empty paragraph before it (it has no lines) makes it not the document's first.
		paragraphs = []Span{{Start: paragraph.Start, End: paragraph.Start}, paragraph}
	}
	lines := classifyLines(doc, paragraphs, literal)
	some := false
	for _, l := range lines[len(lines)-1] {
		if l.start >= passage.End || l.end <= passage.Start {
			continue
		}
		if l.kind != KindHeading && l.kind != KindMeta {
			return false
		}
		some = true
	}
	return some
}

// maxCreditRunes is the longest a credit line or source label is, in characters.
const maxCreditRunes = 160

// IsAttribution reports a sentence that says where its document comes from rather than anything
// in it: a credit line ("This article is from WeChat official account.", "This post was first
// published on 36Kr.", "Este artículo procede de …", "本文来自微信公众号…") or a source label
// ("Source: …", "Fuente: …", "来源：…"). It opens with the document speaking of itself ("this
// article", "este artículo", "本文") followed, within a few words, by where it is from, or with a
// source label and a colon; it is short, and states no amount, so that "This article from 36Kr
// says Taobao's sales rose 20% …" stays a fact. A platform it names is the document's publisher,
// not its subject: a summary of the platform never quotes it as a point.
func IsAttribution(s string) bool {
	if len(s) > utf8.UTFMax*maxCreditRunes { // too long in bytes to be short in runes: Analyze asks of every sentence
		return false
	}
	s = strings.TrimLeft(strings.TrimSpace(TrimListMarker(s)), "-*•· ")
	if utf8.RuneCountInString(s) > maxCreditRunes {
		return false
	}
	ws := Words(s)
	if len(ws) > 20 || holdsAmountBesideNames(s, ws) {
		return false
	}
	for _, p := range attributionLabelsZH {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	for _, p := range selfReferencesZH {
		if rest, ok := strings.CutPrefix(s, p); ok {
			for _, v := range provenanceZH {
				if i := strings.Index(rest, v); i >= 0 && utf8.RuneCountInString(rest[:i]) <= 4 {
					return true
				}
			}
			return false
		}
	}
	if len(ws) == 0 {
		return false
	}
	// "Source: …", "Fuente original: …"
	if ws[0].Start == 0 && attributionLabels[ws[0].Folded] {
		n := 1
		if len(ws) > 1 && attributionLabels[ws[0].Folded+" "+ws[1].Folded] {
			n = 2
		}
		if rest := strings.TrimLeft(s[ws[n-1].End:], " "); strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：") {
			return true
		}
	}
	// "This article is from …", "Este artículo fue publicado en …"
	k := 0
	if len(ws) > 2 && selfDeterminers[ws[0].Folded] && selfNouns[ws[1].Folded] {
		k = 2
	} else if len(ws) > 3 && (ws[0].Folded == "el" || ws[0].Folded == "the") && (ws[1].Folded == "presente" || ws[1].Folded == "present") && selfNouns[ws[2].Folded] {
		k = 3
	}
	if k == 0 || ws[0].Start != 0 {
		return false
	}
	// "from" and "de" say where it is from after a verb ("is from", "comes from", "es de"); right
	// after the noun they may name the source of a sentence that goes on to say something ("This
	// article from 36Kr explains …").
	for j := k; j < len(ws) && j < k+4; j++ {
		if f := ws[j].Folded; provenanceWords[f] || j > k && (f == "from" || f == "de" && ws[j-1].Folded == "es") {
			return true
		}
	}
	return false
}

// holdsAmountBesideNames reports whether s states an amount, leaving out the names written with a
// figure in them, such as a publisher's ("36Kr", "36氪").
func holdsAmountBesideNames(s string, ws []Word) bool {
	b := []byte(s)
	for _, w := range ws {
		if w.Number && strings.IndexFunc(w.Lower, unicode.IsLetter) >= 0 {
			for k := w.Start; k < w.End; k++ {
				b[k] = ' '
			}
		}
	}
	return HoldsAmount(string(b), nil)
}

// The words of attribution lines (see [IsAttribution]): general English, Spanish and Chinese, not
// chosen for any document.
var (
	attributionLabels = setOf(`source sources fuente fuentes origen via credit credits courtesy`)
	selfDeterminers   = setOf(`this este esta`)
	selfNouns         = setOf(`article post story piece text essay column articulo texto publicacion entrada
		reportaje nota columna`)
	// provenanceWords follow the document's reference to itself when it says where it is from:
	// "was first published", "reprinted", "procede de", "apareció" ("is from" and "es de" below).
	provenanceWords = setOf(`published posted reprinted republished reproduced translated adapted excerpted
		appeared authorized authorised courtesy procede proviene publicado publicada publico aparecio reproducido
		reproducida traducido traducida adaptado adaptada autorizado autorizada`)
	attributionLabelsZH = []string{"来源：", "来源:", "出处：", "出处:", "文章来源", "本文来源", "原文来源", "原文链接", "转载自", "转自"}
	selfReferencesZH    = []string{"本文", "该文", "此文", "文章"}
	provenanceZH        = []string{"来自", "来源于", "转载自", "转自", "首发于", "原载于", "发表于", "选自", "摘自", "经授权", "授权"}
)

package answer

import (
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// The citation checks reach the text layer (package text: sentences, languages, words, stop words,
// terms, glosses, platform names) only through the functions in this file.

// span is a half-open byte range of a text.
type span = text.Span

// sentenceSpans returns the spans of the sentences of s (for cutting a reply into claims), where
// before is what the reply has before s: where a sentence ends may depend on the line it stands on
// ("0. " opens a list item only at the start of a line; a line breaks a sentence unless it wraps).
func sentenceSpans(before, s string) []span {
	spans := text.Sentences(before+s, len(before), len(before)+len(s))
	for i := range spans {
		spans[i].Start -= len(before)
		spans[i].End -= len(before)
	}
	return spans
}

// quotableSentences returns the spans of the sentences of a passage as a citation quotes them:
// without bullets and trailing footnote markers.
func quotableSentences(s string) []span {
	var out []span
	for _, sp := range text.Sentences(s, 0, len(s)) {
		out = append(out, text.QuoteSpan(s, sp))
	}
	return out
}

// textLanguage guesses the language of s (text.English, text.Spanish or text.Chinese).
func textLanguage(s string) string { return text.DetectLanguage(s) }

// isFunctionWord reports whether a folded word is a function word: a word that a faithful quote
// may drop, add or swap ("a", "of", "over", "más").
func isFunctionWord(w string) bool { return text.IsStopword(text.Word{Folded: w}) }

// lastWords returns the last n words of s, lower-cased.
func lastWords(s string, n int) []string {
	ws := text.Words(s)
	if len(ws) > n {
		ws = ws[len(ws)-n:]
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Lower
	}
	return out
}

// sentenceTerms returns the content terms of a source sentence s (stemmed in its language, Chinese
// words) together with the English glosses of its Spanish and Chinese words, so that a claim in one
// language meets a source in another. Numbers are left out: figures are compared by value (see
// figuresIn).
func sentenceTerms(lex *text.Lexicon, s string) map[string]bool {
	lang := text.DetectLanguage(s)
	out := map[string]bool{}
	for _, ts := range [][]string{lex.Terms(s, lang), lex.Glosses(s, lang)} {
		for _, t := range ts {
			if r, _ := utf8.DecodeRuneInString(t); !unicode.IsDigit(r) {
				out[t] = true
			}
		}
	}
	return out
}

// claimConcepts returns the content words of a claim, each as the set of terms that may stand for
// it in a source: its stem (or Chinese word) and its English glosses. A concept counts once however
// many of its terms a source sentence has, so a claim glossed into two languages is not a longer
// claim. Numbers are left out.
func claimConcepts(lex *text.Lexicon, s string) [][]string {
	lang := text.DetectLanguage(s)
	var out [][]string
	ws := text.Words(s)
	for i := 0; i < len(ws); {
		w := ws[i]
		if text.IsStopword(w) || w.Number {
			i++
			continue
		}
		c := []string{text.Stem(w, lang)}
		n := 1
		if lang == text.Spanish {
			if gl, k := lex.SpanishGloss(ws, i); k > 0 {
				for _, g := range gl {
					c = append(c, g...)
				}
				n = k
				for _, x := range ws[i+1 : i+k] {
					c = append(c, text.Stem(x, lang))
				}
			}
		}
		out = append(out, c)
		i += n
	}
	for _, p := range lex.Segment(s) {
		w := p.Word
		switch {
		case p.Stop:
		case p.Known:
			c := []string{w}
			for _, g := range lex.ChineseGloss(w) {
				c = append(c, g...)
			}
			out = append(out, c)
		default:
			out = append(out, text.Bigrams(w))
		}
	}
	return out
}

// platformsIn returns the canonical names of the catalog platforms that s names by any alias, in
// any language.
func platformsIn(lex *text.Lexicon, s string) map[string]bool {
	out := map[string]bool{}
	for _, p := range lex.Catalog().Mentions(s) {
		out[p.Name] = true
	}
	return out
}

// platformTerms returns the terms of the one-word aliases of the named platforms, so that a
// platform's name is counted once, as a platform, and not again as a content word ("Douyin
// e-commerce" must not take "commerce" out of a claim).
func platformTerms(lex *text.Lexicon, names map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, p := range lex.Catalog().Platforms() {
		if !names[p.Name] {
			continue
		}
		for _, a := range p.Names() {
			if cs := claimConcepts(lex, a); len(cs) == 1 {
				for _, t := range cs[0] {
					out[t] = true
				}
			}
		}
	}
	return out
}

// latinWord is one Latin word or number of a sentence, as the reading of frame sentences sees it
// (framesentence.go).
type latinWord struct {
	start            int    // byte offset in the sentence
	folded           string // lower case, without accents
	function, number bool
}

// latinWords returns the Latin words and numbers of s.
func latinWords(s string) []latinWord {
	var out []latinWord
	for _, w := range text.Words(s) {
		out = append(out, latinWord{start: w.Start, folded: w.Folded, function: text.IsStopword(w), number: w.Number})
	}
	return out
}

// isRule reports whether a line is a Markdown thematic break or underline ("---", "***").
func isRule(line string) bool { return text.IsRule(line) }

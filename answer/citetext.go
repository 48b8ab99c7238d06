package answer

import (
	"unicode/utf8"

	"github.com/citebot/citebot/retrieval"
)

// The citation checks reach the text layer (sentences, languages, terms, stop words, platform names)
// only through the functions in this file, so that moving them onto the shared text package changes
// this file and nothing else.

// claimSentences returns the byte spans of the sentences of text.
func claimSentences(text string) []span { return splitSentences(text) }

// textLanguage guesses the language of s (langEnglish, langSpanish or langChinese).
func textLanguage(s string) string { return detectLanguage(s) }

// isFunctionWord reports whether a folded word (or Han character) is a function word: a word that a
// faithful quote may drop, add or swap ("a", "of", "over", "más", "的").
func isFunctionWord(w string) bool {
	if enStop[w] || esStop[w] {
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		for _, z := range zhStop {
			if z == w {
				return true
			}
		}
	}
	return false
}

// claimTerms returns the content terms of s, stemmed in its language, together with the terms of the
// English glossary translations of its words, so that a claim in one language meets a source in
// another. Numbers are left out: figures are compared by value (see figuresIn).
func claimTerms(s string) map[string]bool {
	out := map[string]bool{}
	add := func(ts []string) {
		for _, t := range ts {
			if !isNumber(t) {
				out[t] = true
			}
		}
	}
	add(terms(s, textLanguage(s)))
	if tr := translations(s); tr != "" {
		add(terms(tr, langEnglish))
	}
	return out
}

// platformsIn returns the canonical names of the catalog platforms that s names by any alias, in
// any language.
func platformsIn(cat *retrieval.Catalog, s string) map[string]bool {
	out := map[string]bool{}
	for _, p := range cat.Mentions(s) {
		out[p.Name] = true
	}
	return out
}

// platformTerms returns the terms of every alias of the named platforms, so that a platform's name is
// counted once, as a platform, and not again as a content term.
func platformTerms(cat *retrieval.Catalog, names map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, p := range cat.Platforms() {
		if !names[p.Name] {
			continue
		}
		for _, a := range append([]string{p.Name}, p.Aliases...) {
			// Only one-word aliases: "Douyin e-commerce" must not take "commerce" out of a claim.
			if ts := claimTerms(a); len(ts) == 1 {
				for t := range ts {
					out[t] = true
				}
			}
		}
	}
	return out
}

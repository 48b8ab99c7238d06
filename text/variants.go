package text

import (
	"slices"
	"sort"
	"strings"
)

// Stemmers leave some forms of one word apart ("rewrite"/"rewritten", "marri"/"marriag",
// "direct"/"director"). A vocabulary term that starts with a stem of at least minVariantStem
// letters, or that a stem starts with, differing by at most maxVariantTail letters, is taken as a
// variant of the same word.
const (
	minVariantStem = 5
	maxVariantTail = 3
)

// Variants returns the terms of vocab (sorted, unique) that are variants of stem, other than stem
// itself. Stems with digits or non-Latin letters have none.
func Variants(vocab []string, stem string) []string {
	if len(stem) < minVariantStem || strings.ContainsFunc(stem, func(r rune) bool { return r >= 0x80 || r >= '0' && r <= '9' }) {
		return nil
	}
	var out []string
	for i := sort.SearchStrings(vocab, stem); i < len(vocab) && strings.HasPrefix(vocab[i], stem); i++ {
		if t := vocab[i]; t != stem && len(t)-len(stem) <= maxVariantTail {
			out = append(out, t)
		}
	}
	for n := max(minVariantStem, len(stem)-maxVariantTail); n < len(stem); n++ {
		if _, ok := slices.BinarySearch(vocab, stem[:n]); ok {
			out = append(out, stem[:n])
		}
	}
	return out
}

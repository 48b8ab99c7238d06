package text

import (
	"iter"
	"strings"
)

// HyphenPairs are the words a corpus writes as two joined by a hyphen ("Wi-Fi", "e-bike",
// "check-in"), by the form people also type, closed ("wifi", "ebike", "checkin"): a question that
// types one closed is respelt as the corpus writes it (see [Lexicon.Respell]), since its search
// terms are the two parts. The form kept is the commonest, a sentence's first word counted with
// its first letter in lower case. A nil *HyphenPairs knows none. It is immutable and safe for concurrent
// use.
type HyphenPairs struct {
	// written maps a closed form (lower case) to the commonest way the corpus writes it.
	written map[string]string
}

// NewHyphenPairs reads texts (a corpus's passages) for its hyphen pairs (see [HyphenPair]).
func NewHyphenPairs(texts iter.Seq[string]) *HyphenPairs {
	counts := map[string]map[string]int{}
	for s := range texts {
		if !strings.Contains(s, "-") {
			continue
		}
		ws := Words(s)
		for i := range ws {
			w, ok := HyphenPair(s, ws, i)
			if !ok {
				continue
			}
			if counts[w.Lower] == nil {
				counts[strings.Clone(w.Lower)] = map[string]int{}
			}
			form := s[w.Start:w.End]
			if w.Initial {
				// A sentence's first word is capitalised whatever it is: "Check-in opens at 3".
				form = strings.ToLower(form[:1]) + form[1:]
			}
			counts[w.Lower][strings.Clone(form)]++
		}
	}
	p := &HyphenPairs{written: make(map[string]string, len(counts))}
	for closed, forms := range counts {
		best, n := "", 0
		for f, c := range forms {
			if c > n || c == n && f < best {
				best, n = f, c
			}
		}
		p.written[closed] = best
	}
	return p
}

// Written returns how the corpus writes the closed word lower with a hyphen ("wifi": "Wi-Fi").
func (p *HyphenPairs) Written(lower string) (string, bool) {
	if p == nil {
		return "", false
	}
	f, ok := p.written[lower]
	return f, ok
}

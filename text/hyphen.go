package text

import (
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"unicode/utf8"
)

// HyphenPairs are the words a corpus writes as two joined by a hyphen ("Wi-Fi", "e-bike",
// "check-in"), by the form people also type, closed ("wifi", "ebike", "checkin"): a question that
// types one closed is respelt as the corpus writes it (see [Lexicon.Respell]), since its search
// terms are the two parts. The form kept is the commonest, a sentence's first word counted with
// its first letter in lower case. A nil *HyphenPairs knows none. It is immutable and safe for
// concurrent use.
type HyphenPairs struct {
	// written maps a closed form (lower case) to the commonest way the corpus writes it.
	written map[string]string
}

// NewHyphenPairs reads texts (a corpus's passages) for its hyphen pairs (see [HyphenPair]). It
// reads the words of the run of text around each hyphen only, not of the whole text, so that the
// first query of a process over a large corpus does not pay for a reading of every word.
func NewHyphenPairs(texts iter.Seq[string]) *HyphenPairs {
	counts := map[string]map[string]int{}
	for s := range texts {
		for from := 0; ; {
			k := strings.IndexByte(s[from:], '-')
			if k < 0 {
				break
			}
			k += from
			from = k + 1
			w, ok := hyphenPairAt(s, k)
			if !ok {
				continue
			}
			form := s[w.Start:w.End]
			if w.Initial {
				// A sentence's first word is capitalised whatever it is: "Check-in opens at 3".
				form = strings.ToLower(form[:1]) + form[1:]
			}
			if counts[w.Lower] == nil {
				counts[strings.Clone(w.Lower)] = map[string]int{}
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

// hyphenPairAt returns the word the hyphen at s[k] makes of the two it joins (see [HyphenPair]),
// with its position in s and whether it opens its sentence, as the words of all of s would give
// it: read from the run of text between the spaces around the hyphen.
func hyphenPairAt(s string, k int) (Word, bool) {
	a := strings.LastIndexAny(s[:k], " \t\n") + 1
	b := len(s)
	if e := strings.IndexAny(s[k:], " \t\n"); e >= 0 {
		b = k + e
	}
	run := s[a:b]
	ws := Words(run)
	for i := range ws {
		if a+ws[i].End != k {
			continue
		}
		w, ok := HyphenPair(run, ws, i)
		if !ok {
			return Word{}, false
		}
		w.Start += a
		w.End += a
		w.Initial = sentenceStart(s, w.Start)
		return w, true
	}
	return Word{}, false
}

// sentenceStart reports whether the word at s[i] opens its sentence, as [Words] reads it (see
// [Word.Initial]): between it and the start of s or the word before, a mark that ends or opens a
// sentence, a line or an item (". ", "\n", "¿", "- ", a bullet).
func sentenceStart(s string, i int) bool {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if isWordRune(r) {
			return false
		}
		if strings.ContainsRune(".!?。！？¿¡\n:;•*#", r) || r == '-' && strings.HasPrefix(s[i:], " ") {
			return true
		}
		i -= n
	}
	return true
}

// Written returns how the corpus writes the closed word lower with a hyphen ("wifi": "Wi-Fi").
func (p *HyphenPairs) Written(lower string) (string, bool) {
	if p == nil {
		return "", false
	}
	f, ok := p.written[lower]
	return f, ok
}

// MarshalJSON writes the pairs as an object from each closed form to the corpus's form, for the
// index's snapshot.
func (p *HyphenPairs) MarshalJSON() ([]byte, error) {
	if p == nil || p.written == nil {
		return []byte("{}"), nil
	}
	return json.Marshal(p.written)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (p *HyphenPairs) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("hyphen pairs: %w", err)
	}
	if m == nil {
		m = map[string]string{}
	}
	p.written = m
	return nil
}

package text

import (
	"sort"
	"strings"
)

// Spanish and English share much of their learned vocabulary ("voluntario", "volunteer";
// "experiencia", "experience"; "representante", "representative"), which the glossary cannot list in full.
// Cognates finds such pairs among the search terms of a corpus, from the spelling alone: both stems
// are brought to one spelling by the regular correspondences between the two languages, and two
// stems meet when one spelling is the other or starts it with a short tail (truncation matching,
// as McNamee and Mayfield found it works for related languages). A cognate is usually, not always,
// the same word, so retrieval and answers weigh it below the word itself.

// Cognate matching limits: an exact match needs a spelling of minCognateExact letters, a prefix
// match a shorter spelling of minCognatePrefix letters and a tail of at most maxCognateTail. A
// spelling of four letters is too short to tell a cognate from a false friend: "marca" is a brand,
// not a mark (and "museo" does not meet "museum" for it); on the dev questions four letters cost
// one answer and won none.
const (
	minCognateExact  = 5
	minCognatePrefix = 5
	maxCognateTail   = 3
)

// Cognates finds the cross-language cognates of a stem in a corpus's vocabulary. It is immutable
// and safe for concurrent use.
type Cognates struct {
	// asSpanish and asEnglish are the vocabulary's terms with their cognate spelling when read as
	// a Spanish stem and as an English one, sorted by spelling.
	asSpanish, asEnglish []cognateEntry
}

type cognateEntry struct{ key, term string }

// NewCognates indexes the cognate spellings of a vocabulary of search terms (stems as [Stem]
// makes them; numbers and Chinese terms have none). Terms do not say their language, so each is
// read both ways.
func NewCognates(vocab []string) *Cognates {
	c := &Cognates{}
	for _, t := range vocab {
		if k := cognateKey(t, Spanish); k != "" && !spanishFalseFriends[t] {
			c.asSpanish = append(c.asSpanish, cognateEntry{k, t})
		}
		if k := cognateKey(t, English); k != "" {
			c.asEnglish = append(c.asEnglish, cognateEntry{k, t})
		}
	}
	for _, es := range [][]cognateEntry{c.asSpanish, c.asEnglish} {
		sort.Slice(es, func(i, j int) bool {
			if es[i].key != es[j].key {
				return es[i].key < es[j].key
			}
			return es[i].term < es[j].term
		})
	}
	return c
}

// Of returns the terms of the vocabulary that are cognates in the other language of stem, the
// stem of a word in lang (English or Spanish; see [Stem]), other than stem itself: "volunt"
// (volunteer) → "voluntari" (voluntario), "experient" (experiencia) → "experi". None for a Spanish false
// friend, a short word, a number or another language.
func (c *Cognates) Of(stem, lang string) []string {
	if c == nil || lang == Spanish && spanishFalseFriends[stem] {
		return nil
	}
	var in []cognateEntry
	switch lang {
	case English:
		in = c.asSpanish
	case Spanish:
		in = c.asEnglish
	default:
		return nil
	}
	key := cognateKey(stem, lang)
	if key == "" {
		return nil
	}
	var out []string
	add := func(t string) {
		if t != stem && !contains(out, t) {
			out = append(out, t)
		}
	}
	// Spellings the key starts (or equals).
	for i := sort.Search(len(in), func(i int) bool { return in[i].key >= key }); i < len(in) && strings.HasPrefix(in[i].key, key); i++ {
		if in[i].key == key || len(key) >= minCognatePrefix && len(in[i].key)-len(key) <= maxCognateTail {
			add(in[i].term)
		}
	}
	// Spellings that start the key.
	for n := max(minCognatePrefix, len(key)-maxCognateTail); n < len(key); n++ {
		p := key[:n]
		for i := sort.Search(len(in), func(i int) bool { return in[i].key >= p }); i < len(in) && in[i].key == p; i++ {
			add(in[i].term)
		}
	}
	return out
}

// OfWord returns the cognates of a word of a question in lang (see [Cognates.Of]). A name inside a
// sentence ("Zhang", "Taobao") is the same in both languages and has none, nor has a number or a
// stop word.
func (c *Cognates) OfWord(w Word, lang string) []string {
	if !mayHaveCognates(w) {
		return nil
	}
	return c.Of(Stem(w, lang), lang)
}

// OfStemmedWord is [Cognates.OfWord] for a word whose stem, Stem(w, lang), is at hand: a question
// is analysed for its answer after its words are stemmed.
func (c *Cognates) OfStemmedWord(w Word, stem, lang string) []string {
	if !mayHaveCognates(w) {
		return nil
	}
	return c.Of(stem, lang)
}

// mayHaveCognates reports a word that may have cognates (see [Cognates.OfWord]).
func mayHaveCognates(w Word) bool { return !(IsStopword(w) || w.Number || w.Upper && !w.Initial) }

// cognateKey rewrites a stem by the regular spelling correspondences of Spanish and English
// (general linguistic knowledge, not chosen for any question), so that cognates share a spelling:
//
//   - accents go ("mínim" → "minim");
//   - Spanish: an initial "es" before a consonant is English "s" ("especial", "special"), "cu"
//     before a vowel is "qu" ("cuestión", "question"), "-ción" is "-tion" ("nación", "nation";
//     "acción", "action"; "función", "function");
//   - English: "-ous" is Spanish "-os" ("famous", "famoso"), a final "-um" is a Spanish "-o"
//     ("minimum", "mínimo"; "stadium", "estadio");
//   - both: "ph" is "f", "th" is "t", "ch" is "c", "y" is "i", "k" is "c", "z" is "s" ("-ize",
//     "-ise", "-izar"), and a doubled letter is single ("commerce", "comercio").
func cognateKey(stem, lang string) string {
	if lang != Spanish && lang != English {
		return ""
	}
	s := FoldAccents(stem)
	if len(s) < minCognateExact || strings.ContainsFunc(s, func(r rune) bool { return r < 'a' || r > 'z' }) {
		return ""
	}
	if lang == Spanish {
		if len(s) > 3 && s[0] == 'e' && s[1] == 's' && !strings.ContainsRune("aeiou", rune(s[2])) {
			s = s[1:]
		}
		s = cognateSpanish.Replace(s)
	} else {
		if strings.HasSuffix(s, "ous") {
			s = s[:len(s)-3] + "os"
		}
		if len(s) >= 6 && strings.HasSuffix(s, "um") {
			s = s[:len(s)-2]
		}
	}
	s = cognateBoth.Replace(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i == 0 || s[i] != s[i-1] {
			b.WriteByte(s[i])
		}
	}
	if b.Len() < minCognateExact {
		return ""
	}
	return b.String()
}

var (
	cognateSpanish = strings.NewReplacer("ccion", "ction", "ncion", "nction", "cion", "tion",
		"cua", "qua", "cue", "que", "cui", "qui", "cuo", "quo")
	cognateBoth = strings.NewReplacer("ph", "f", "th", "t", "ch", "c", "y", "i", "k", "c", "z", "s")
)

// spanishFalseFriends are the Spanish stems of common false friends of English, which look like
// an English word of another meaning: "asistir" (attend, not assist), "realizar" (carry out, not
// realise), "embarazada" (pregnant), "librería" (bookshop), "suceso" (event), … From the usual
// lists of Spanish-English false cognates in language teaching, not from any question set. Those
// whose stems are the English word's ("actual", "éxito", "carpeta") already meet as the same term,
// and are listed for the record.
var spanishFalseFriends = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`actual actualmente asistir asiste asisten asistencia atender atiende
		carpeta colegio compromiso constipado contestar decepción decepcionado desgracia disgusto
		embarazada embarazo éxito exitoso fábrica introducir largo larga lectura librería molestar
		pariente parientes pretender presumir realizar realiza realizan realizado recordar sensible
		soportar suceso sucesos advertir advertencia eventual eventualmente ropa sano vaso`) {
		m[Stem(Words(w)[0], Spanish)] = true
	}
	return m
}()

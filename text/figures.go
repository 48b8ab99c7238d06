package text

import (
	"iter"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A figure is a number as a text states it, with its scale word applied, so that the ways one
// amount is written compare equal: "2.2 billion", "22 Hundred million" (a literal translation of
// 22亿), "2,2 mil millones", "22亿" and "2200000000" are one figure; so are "5000 Ten thousand
// yuan" (5000万) and "50 million yuan". Cited claims are checked by it (a model's "¥3.5tn" against
// a source's "3.5万亿"), and so are the figures a question asks about (see [Sentence.Figures]).

// Figure is a number stated in a text.
type Figure struct {
	// Values are the numbers it may stand for, scale words applied ("3.5 trillion" is 3.5e12;
	// "1.207" is 1.207 or 1207).
	Values []float64
	// Raw are the same numbers without the scale word.
	Raw    []float64
	Scaled bool
	// Percent: a percent sign or word follows it.
	Percent bool
	// Year is a whole number with no scale that [IsYear] reads as a year: weak evidence on its own.
	Year bool
	// End is the byte offset in the text where the figure's digits end.
	End int
}

// scaleWords multiply the number before them; the longest is tried first. "ten thousand" and
// "hundred million" are how literal translations from Chinese write 万 and 亿.
var scaleWords = []struct {
	word string
	mult float64
}{
	{"one hundred million", 1e8}, {"hundred million", 1e8}, {"ten thousand", 1e4}, {"mil millones", 1e9},
	{"trillions", 1e12}, {"trillion", 1e12}, {"billones", 1e12}, {"billón", 1e12}, {"billon", 1e12},
	{"billions", 1e9}, {"billion", 1e9}, {"millones", 1e6}, {"millions", 1e6}, {"million", 1e6},
	{"millón", 1e6}, {"millon", 1e6}, {"thousand", 1e3}, {"mil", 1e3}, {"万亿", 1e12}, {"亿", 1e8},
	{"万", 1e4}, {"千", 1e3}, {"trn", 1e12}, {"tn", 1e12}, {"bn", 1e9}, {"mn", 1e6},
}

// maxScaleBytes is the length in bytes of the longest scale or percent word.
const maxScaleBytes = len("one hundred million")

var percentWords = []string{"%", "％", "percent", "per cent", "por ciento"}

// FiguresIn returns the figures stated in s, in order.
func FiguresIn(s string) []Figure {
	var out []Figure
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !digitOrWide(r) || i > 0 && precededByLetter(s, i) {
			i += size
			continue
		}
		j := i
		var num strings.Builder
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			switch {
			case digitOrWide(r):
				if r >= '０' {
					r = '0' + (r - '０')
				}
				num.WriteRune(r)
			case (r == '.' || r == ',') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9':
				num.WriteRune(r)
			default:
				goto done
			}
			j += size
		}
	done:
		f := parseFigure(num.String(), s[j:])
		if len(f.Values) > 0 {
			f.End = j
			out = append(out, f)
		}
		i = j
	}
	return out
}

func digitOrWide(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func precededByLetter(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r)
}

// parseFigure reads a number (digits with "." or "," separators) and the scale or percent word after it.
func parseFigure(num, after string) Figure {
	f := Figure{Raw: numberReadings(num)}
	rest := strings.TrimLeft(after, " \u00a0")
	// Traditional characters name the same scales (億 is 亿, 萬億 is 万亿; see [Simplify]). Only
	// what a scale word and the character after it may span is folded: folding the whole rest at
	// every figure would cost the square of a passage's length.
	rest = strings.ToLower(Simplify(rest[:min(len(rest), maxScaleBytes+utf8.UTFMax)]))
	for _, p := range percentWords {
		if strings.HasPrefix(rest, p) {
			f.Percent = true
			break
		}
	}
	mult := 1.0
	if !f.Percent {
		for _, sw := range scaleWords {
			if strings.HasPrefix(rest, sw.word) && scaleWordEnds(rest, len(sw.word)) {
				mult, f.Scaled = sw.mult, true
				break
			}
		}
	}
	for _, v := range f.Raw {
		f.Values = append(f.Values, v*mult)
	}
	if !f.Scaled && !f.Percent && len(f.Raw) == 1 && !strings.ContainsAny(num, ".,") && IsYear(num) {
		f.Year = true
	}
	return f
}

// scaleWordEnds reports whether a word that is s[:n] ends there (Han scale words always do).
func scaleWordEnds(s string, n int) bool {
	if n >= len(s) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(s[:n])
	if unicode.Is(unicode.Han, last) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[n:])
	return !unicode.IsLetter(r)
}

// numberReadings returns the values a written number may have: "3.5" and "3,5" are 3.5; "8,556" is
// 8556 (or 8.556); "1.234.567" is 1234567.
func numberReadings(num string) []float64 {
	var out []float64
	for _, dec := range []byte{'.', ','} {
		thou := byte(',')
		if dec == ',' {
			thou = '.'
		}
		if v, ok := readNumber(num, dec, thou); ok && !containsValue(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// readNumber reads num with dec as the decimal mark and thou as the thousands separator (groups of
// three digits after the first).
func readNumber(num string, dec, thou byte) (float64, bool) {
	intPart, frac := num, ""
	if i := strings.IndexByte(num, dec); i >= 0 {
		if strings.IndexByte(num[i+1:], dec) >= 0 || strings.IndexByte(num[i+1:], thou) >= 0 {
			return 0, false
		}
		intPart, frac = num[:i], num[i+1:]
	}
	s, ok := joinThousands(intPart, thou)
	if !ok {
		return 0, false
	}
	if frac != "" {
		s += "." + frac
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// joinThousands returns the digits of an integer written with thou between groups of three digits
// after the first ("12.500" with '.': "12500"), and whether it is so written (a number without
// thou is: "2024").
func joinThousands(n string, thou byte) (string, bool) {
	groups := strings.Split(n, string(thou))
	for k, g := range groups {
		if g == "" || k > 0 && len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func containsValue(xs []float64, x float64) bool {
	for _, y := range xs {
		if sameValue(x, y) {
			return true
		}
	}
	return false
}

func sameValue(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// Matches reports whether figure c (of a claim) is figure s (of a source): the same value, scale
// words applied, or the same number when c has no scale word.
func (c Figure) Matches(s Figure) bool {
	if c.Percent != s.Percent {
		return false
	}
	for _, a := range c.Values {
		if containsValue(s.Values, a) {
			return true
		}
	}
	if !c.Scaled {
		for _, a := range c.Raw {
			if containsValue(s.Raw, a) {
				return true
			}
		}
	}
	return false
}

// MatchesAny reports whether c matches one of fs.
func (c Figure) MatchesAny(fs []Figure) bool {
	for _, s := range fs {
		if c.Matches(s) {
			return true
		}
	}
	return false
}

// A figure in a sentence's or a question's list (see [Sentence.Figures]) is a normalised number
// ([NormalizeNumber]), and, when a scale word follows it, its value with the scale applied as
// alternatives after "|": "22 Hundred million" is "22|2200000000", so that "2.2 billion" in a
// question (listed as its value, "2200000000") finds it. A number written "1,207 billion" has two
// readings, so two values.

// FigureAt returns the normalised number ws[i] of s (see [NormalizeNumber]), and the values it
// stands for when a scale word follows it ("2200000000" for "2.2 billion"), or "" when none does.
func FigureAt(s string, ws []Word, i int) (number, scaled string) {
	w := ws[i]
	number = NormalizeNumber(w.Lower)
	f := parseFigure(foldWideDigits(w.Lower), s[w.End:])
	if !f.Scaled {
		return number, ""
	}
	vs := make([]string, 0, len(f.Values))
	for _, v := range f.Values {
		vs = append(vs, formatValue(v))
	}
	return number, strings.Join(vs, "|")
}

// Ordinal reports whether the word w is an ordinal written in digits ("2nd", "21st", "3rd",
// "4th", "2º", "1ª"): it names a place in a sequence, which a source writes as often in words
// ("a second permit", "el segundo piso", "第二"), so it is no figure an answer must hold.
func Ordinal(w string) bool {
	w = strings.ToLower(w)
	for _, mark := range []string{"º", "ª", ".º", ".ª"} {
		if n, ok := strings.CutSuffix(w, mark); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return true
		}
	}
	n := numberPart(w)
	if n == w || strings.Trim(n, "0123456789") != "" {
		return false
	}
	switch suffix := w[len(n):]; suffix {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// numberPart returns figure f without the letters written against its number ("100mb" → "100",
// "under-4s" → "4", "7pm" → "7"): a unit or a plural ending does not change the figure, which a
// source may write apart ("100 MB", "one child under 4", "7 pm").
func numberPart(f string) string {
	i := len(f)
	for i > 0 && (f[i-1] >= 'a' && f[i-1] <= 'z' || f[i-1] >= 'A' && f[i-1] <= 'Z') {
		i--
	}
	if i == 0 || i == len(f) || f[i-1] < '0' || f[i-1] > '9' {
		return f
	}
	return f[:i]
}

// foldWideDigits writes full-width digits as ASCII ones.
func foldWideDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		return r
	}, s)
}

// formatValue writes v as a normalised number, rounded to nine significant digits (so that
// 2.2 × 10⁹ is "2200000000", not the float's 2200000000.0000005).
func formatValue(v float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 9, 64), 64)
	return NormalizeNumber(strconv.FormatFloat(r, 'f', -1, 64))
}

// FigureAmong reports whether figure f is one of list: some alternative of f (see [FigureAt]) is
// an alternative of one of list's figures.
func FigureAmong(list []string, f string) bool {
	for _, g := range list {
		if g == f || numberPart(g) == numberPart(f) {
			return true
		}
		if !strings.Contains(g, "|") && !strings.Contains(f, "|") {
			continue
		}
		for a := range strings.SplitSeq(f, "|") {
			for b := range strings.SplitSeq(g, "|") {
				if a == b {
					return true
				}
			}
		}
	}
	return false
}

// hanNumberWord reports whether s writes a number in Chinese words, as "nine" or "half" is one in
// English: 半, or a run of numerals that starts with a digit or ten and is neither an ordinal (see
// [ordinalBefore]) nor a date or an hour ("十二月", "三点"), as [hanAmounts] reads them. A lone 一
// counts only before a measure word ("一次", "一辆"): elsewhere it is mostly part of a word ("统一",
// "一起", "一些", "一直").
func hanNumberWord(s string) bool {
	if strings.Contains(s, "半") {
		return true
	}
	for i, end := range hanNumeralRuns(s) {
		run := s[i:end]
		first, _ := utf8.DecodeRuneInString(run)
		counts := run != "一" || hasAnyPrefix(s[end:], hanMeasures) || strings.HasPrefix(s[end:], "倍")
		if counts && (strings.ContainsRune(hanDigits, first) || first == '十') && !ordinalBefore(s[:i]) && !hanDateAfter(s[end:]) {
			return true
		}
	}
	return false
}

// hanNumeralRuns yields the start and the end of each run of Chinese numerals in s (see
// [hanNumeralRun]), in order.
func hanNumeralRuns(s string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := 0; i < len(s); {
			end := hanNumeralRun(s, i)
			if end == i {
				_, size := utf8.DecodeRuneInString(s[i:])
				i += size
				continue
			}
			if !yield(i, end) {
				return
			}
			i = end
		}
	}
}

// hanDateAfter reports whether a run of Chinese numerals before after is a date's month or day or
// an hour ("十二月", "十五日", "三点").
func hanDateAfter(after string) bool {
	return hasAnyPrefix(after, []string{"月", "日", "号", "点", "时"})
}

// hanAmounts returns the figures (see [Sentence.Figures]) of the amounts s writes in Chinese numerals only: a number with a digit and a
// unit ("三千亿", "一亿五千万", "十五"), a multiple ("两倍", "三倍") or a percentage ("百分之三十").
// Numerals that are not amounts are left out: a lone digit ("一个", "统一"), a run that does not
// start with a digit or ten ("万一", "千万"), an ordinal or a festival's date ("第三", "双十一"), and
// a date or an hour ("十二月", "十五日", "三点").
func hanAmounts(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		percent := strings.HasPrefix(s[i:], "百分之")
		start := i
		if percent {
			start += len("百分之")
		}
		end := hanNumeralRun(s, start)
		if end == start {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		run, before, after := s[start:end], s[:i], s[end:]
		first, _ := utf8.DecodeRuneInString(run)
		single := utf8.RuneCountInString(run) == 1
		digit := strings.ContainsRune(hanDigits, first)
		ok := false
		switch {
		case percent:
			ok = true
		case digit && single:
			// "两倍"; and a count of two to nine before its measure word ("三天", "两本", "五个工作日"),
			// which a question may write in figures ("3 days"). 一 is left out: mostly no count
			// ("一个", "一些", "统一").
			ok = strings.HasPrefix(after, "倍") || first != '一' && hasAnyPrefix(after, hanMeasures)
		case digit || first == '十':
			ok = !single && strings.ContainsAny(run, hanScales)
		}
		ok = ok && !ordinalBefore(before) && (percent || !hanDateAfter(after))
		if ok {
			out = appendUnique(out, formatValue(hanValue(run)))
		}
		i = end
	}
	return out
}

// ordinalBefore reports whether the Chinese numeral after before is an ordinal, a weekday or a
// day of a date rather than an amount: after 第 ("第三"), 双 ("双十一"), 周 and 星期 ("星期三"),
// 初 ("初五").
func ordinalBefore(before string) bool {
	for _, p := range []string{"第", "双", "周", "星期", "初"} {
		if strings.HasSuffix(before, p) {
			return true
		}
	}
	return false
}

// hanNumeralRun returns the end of the run of Chinese numerals that starts at byte i of s, i
// itself when none does.
func hanNumeralRun(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune(hanNumerals, r) {
			break
		}
		i += size
	}
	return i
}

// hanMeasures are the measure words and units a Chinese count stands before.
var hanMeasures = []string{"天", "周", "个", "年", "小时", "分钟", "次", "本", "人", "岁", "张", "件", "名", "家", "项", "种", "台",
	"辆", "站", "位", "条", "间", "层", "晚", "节", "门", "份", "所", "座", "公里", "米", "欧元", "美元", "英镑", "元", "块"}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

const (
	hanDigits   = "一二三四五六七八九两"
	hanScales   = "十百千万亿萬億"
	hanNumerals = hanDigits + hanScales + "零〇"
)

// hanValue returns the value of a run of Chinese numerals ("三千亿" is 3e11, "一亿五千万" 1.5e8,
// "十五" 15).
func hanValue(run string) float64 {
	var total, section, num float64
	for _, r := range run {
		switch r {
		case '零', '〇':
			num = 0
		case '十', '百', '千':
			if num == 0 {
				num = 1
			}
			section += num * hanUnit(r)
			num = 0
		case '万', '萬':
			total += (section + num) * 1e4
			section, num = 0, 0
		case '亿', '億':
			total = (total + section + num) * 1e8
			section, num = 0, 0
		default:
			num = float64(strings.IndexRune(hanDigits, r)/len("一") + 1)
			if r == '两' {
				num = 2
			}
		}
	}
	return total + section + num
}

// hanUnit is the value of 十, 百 or 千.
func hanUnit(r rune) float64 {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	}
	return 1000
}

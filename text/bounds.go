package text

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A rule states its amounts as bounds more often than as values: "Children aged 5 to 12 pay £35",
// "Patients aged 70 and over pay 15 % less", "for bikes worth more than £1,000, Locksure Gold",
// "menores de 16 años", "75岁以上". A question that tells its own case ("My son is 9", "a bike worth
// £2,400", "Mi padre tiene 72 años") is answered by the rule whose bound holds it, though the
// rule never writes the asker's number. So a sentence records its bounds ([Sentence.Bounds]) and a
// question its measures ([Measures]), and [Sentence.Holds] says whether a bound holds a measure.

// Bound is a range of amounts a sentence states, written as [Sentence.Bounds] stores it: its
// lower end, its upper end and its unit class, separated by colons. An end is a number (held), a
// number after ">" or "<" (not held: "over 75", "under 12"), or empty (open): "5:12:" for "aged 5
// to 12", ">1000::money" for "more than £1,000", ":<16:" for "menores de 16".
type Bound string

// Measure is an amount a question gives as its own case: its figure (normalised, as
// [Sentence.Figures] holds it), its value and its unit class ("" for a count or an age); or a bound
// the question names ("once you go over 40 kL", "más de 5 horas"), whose ends ("lo:hi", see
// [Bound]) are then Ends.
type Measure struct {
	Figure string
	Value  float64
	Unit   string
	Ends   string
}

// Bound cues, folded: words before a number that make it a lower or an upper end, and words after it.
var (
	strictLower = []string{"over", "above", "more than", "older than", "greater than", "mas de", "mayores de", "mayor de",
		"superior a", "mas que"}
	lowerBefore = []string{"at least", "minimum", "a partir de", "al menos", "from age", "desde los"}
	strictUpper = []string{"under", "below", "less than", "fewer than", "younger than", "menos de", "menores de", "menor de",
		"inferior a"}
	upperBefore = []string{"up to", "at most", "no more than", "not more than", "maximum", "max", "hasta", "como maximo"}
	lowerAfter  = []string{"and over", "or over", "and older", "or older", "and above", "or above", "or more", "and up",
		"y mas", "o mas", "en adelante"}
	upperAfter = []string{"and under", "or under", "or younger", "or less", "or fewer", "and below", "o menos"}
	// Chinese cues: before the number, and after it (after its unit: "75岁以上", "1000英镑以下").
	hanStrictLower = []string{"超过", "大于", "高于"}
	hanLowerBefore = []string{"至少", "满"}
	hanStrictUpper = []string{"不满", "未满", "低于", "少于", "小于"}
	hanUpperBefore = []string{"不超过", "最多"}
	hanLowerAfter  = []string{"以上", "及以上"}
	hanUpperAfter  = []string{"以下", "及以下", "以内"}
	hanAfterCues   = append(append([]string{}, hanLowerAfter...), hanUpperAfter...)
	// Between the two ends of a range: "5 to 12", "£1,000–£3,000", "entre 5 y 12", "5至12岁".
	boundJoiners = setOf(`to through and a y al`)
	boundMarks   = []string{"-", "–", "—", "~", "～", "至", "到"}
)

// bounds returns the bounds s states (ws are its words): a range between two numbers and a number
// with a cue that makes it a lower or an upper end. Clock times, years, dates and footnote markers
// are no amounts, so they make no bound.
func bounds(s string, ws []Word) []string {
	var out []string
	used := -1
	for i, w := range ws {
		if i <= used || !boundNumber(s, ws, i) {
			continue
		}
		v := NormalizeNumber(w.Lower)
		unit := boundUnit(s, ws, i)
		if j, ok := rangeEnd(s, ws, i); ok {
			if unit == "" {
				unit = boundUnit(s, ws, j)
			}
			out = append(out, v+":"+NormalizeNumber(ws[j].Lower)+":"+unit)
			used = j
			continue
		}
		if b, ok := singleBound(s, ws, i); ok {
			out = append(out, b+":"+unit)
		}
	}
	return append(out, clockBounds(s, ws)...)
}

// singleBound returns the ends ("lo:hi", see [Bound]) of the bound that a cue makes of the number
// ws[i] of s alone, and whether there is one: a lower end ("over 75" → ">75:", "at least 3" →
// "3:", "75岁以上" → "75:") or an upper one ("under 12" → ":<12", "up to £500" → ":500", "不满16岁"
// → ":<16"); "over", "under" and their kin leave the number itself out.
func singleBound(s string, ws []Word, i int) (string, bool) {
	v := NormalizeNumber(ws[i].Lower)
	before, after := foldedBefore(s, ws, i), foldedAfter(s, ws, i)
	hanBefore, hanAfter := strings.TrimRight(s[:ws[i].Start], " "), hanAfterUnit(s[ws[i].End:])
	switch {
	case hasSuffixAny(before, []string{"no more than", "not more than"}):
		return ":" + v, true // not "more than"
	case hasSuffixAny(before, strictLower) || hasSuffixAny(hanBefore, hanStrictLower):
		return ">" + v + ":", true
	case hasSuffixAny(before, lowerBefore) || hasPrefixAny(after, lowerAfter) || strings.HasPrefix(s[ws[i].End:], "+") ||
		hasPrefixAny(hanAfter, hanLowerAfter) || hasSuffixAny(hanBefore, hanLowerBefore) && !hasSuffixAny(hanBefore, hanUpperBefore):
		return v + ":", true
	case hasSuffixAny(before, strictUpper) || hasSuffixAny(hanBefore, hanStrictUpper):
		return ":<" + v, true
	case hasSuffixAny(before, upperBefore) || hasPrefixAny(after, upperAfter) || hasSuffixAny(hanBefore, hanUpperBefore) ||
		hasPrefixAny(hanAfter, hanUpperAfter):
		return ":" + v, true
	}
	return "", false
}

// boundNumber reports whether the number ws[i] of s may end a bound: an amount, not a clock time,
// a year, a month, an ordinal or a footnote marker.
func boundNumber(s string, ws []Word, i int) bool {
	w := ws[i]
	if !w.Number || footnote(s, w) || IsYear(w.Lower) || InClock(s, ws, i) || MonthAt(s, ws, i) > 0 || Ordinal(w.Lower) || dateUnit(s, ws, i) {
		return false
	}
	_, err := strconv.ParseFloat(NormalizeNumber(w.Lower), 64)
	return err == nil
}

// boundUnit is the unit class of the number ws[i] of s (see [numberUnits]), or "".
func boundUnit(s string, ws []Word, i int) string {
	if us := numberUnits(s, ws, i); len(us) > 0 {
		return us[0]
	}
	return ""
}

// rangeEnd returns the number that closes a range opened by the number ws[i] of s: the next number,
// when only a joining word or mark, spaces, currency signs and a unit stand between them ("£1,000
// to £3,000", "5 to 12 years", "entre 5 y 12", "12岁至17岁"); "and" and "y" join only after
// "between" and "entre". The range must rise.
func rangeEnd(s string, ws []Word, i int) (int, bool) {
	k := i + 1
	for k < len(ws) && !ws[k].Number && unitWords[ws[k].Folded] != "" {
		k++ // "5 years to 12"
	}
	joiner := ""
	if k < len(ws) && !ws[k].Number && boundJoiners[ws[k].Folded] {
		joiner = ws[k].Folded
		k++
	}
	if k >= len(ws) || k-i > 3 || !boundNumber(s, ws, k) {
		return 0, false
	}
	if (joiner == "and" || joiner == "y") && !hasSuffixAny(foldedBefore(s, ws, i), []string{"between", "entre"}) {
		return 0, false
	}
	var gap strings.Builder
	for m := i; m < k; m++ {
		gap.WriteString(s[ws[m].End:ws[m+1].Start])
	}
	marks := strings.Map(func(r rune) rune {
		if r == ' ' || strings.ContainsRune("€$¥£", r) {
			return -1
		}
		return r
	}, gap.String())
	marks = strings.TrimPrefix(marks, "岁")
	for _, hu := range hanUnits {
		if strings.HasPrefix(marks, hu.unit) {
			marks = marks[len(hu.unit):] // "1000英镑至3000英镑"
			break
		}
	}
	if joiner == "" && !contains(boundMarks, marks) || joiner != "" && marks != "" {
		return 0, false
	}
	a, _ := strconv.ParseFloat(NormalizeNumber(ws[i].Lower), 64)
	b, _ := strconv.ParseFloat(NormalizeNumber(ws[k].Lower), 64)
	return k, a < b
}

// foldedBefore returns the two words before ws[i], folded and joined by a space, when nothing but
// spaces and a currency sign stands between them and it.
func foldedBefore(s string, ws []Word, i int) string {
	var parts []string
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if strings.Trim(s[ws[j].End:ws[j+1].Start], " €$¥£") != "" {
			break
		}
		parts = append([]string{ws[j].Folded}, parts...)
	}
	return strings.Join(parts, " ")
}

// foldedAfter returns the two words after ws[i] (and after a unit word right after it), folded and
// joined by a space.
func foldedAfter(s string, ws []Word, i int) string {
	j := i + 1
	if j < len(ws) && unitWords[ws[j].Folded] != "" {
		j++
	}
	var parts []string
	for k := j; k < len(ws) && k < j+2; k++ {
		if strings.Trim(s[ws[k-1].End:ws[k].Start], " ") != "" {
			break
		}
		parts = append(parts, ws[k].Folded)
	}
	return strings.Join(parts, " ")
}

// hanAfterUnit returns the text after a number past a Chinese unit of at most two characters
// ("岁以上" → "以上", "英镑以下" → "以下").
func hanAfterUnit(after string) string {
	after = strings.TrimLeft(after, " ")
	for _, cue := range hanAfterCues {
		if strings.HasPrefix(after, cue) {
			return after
		}
	}
	for n := 0; n < 2; n++ {
		r, w := utf8.DecodeRuneInString(after)
		if !IsHan(r) || r == '以' || r == '及' {
			break
		}
		after = after[w:]
	}
	return after
}

func hasSuffixAny(s string, xs []string) bool {
	for _, x := range xs {
		if s == x || strings.HasSuffix(s, " "+x) || !isLatinCue(x) && strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

func hasPrefixAny(s string, xs []string) bool {
	for _, x := range xs {
		if s == x || strings.HasPrefix(s, x+" ") || !isLatinCue(x) && strings.HasPrefix(s, x) {
			return true
		}
	}
	return false
}

// Holds reports whether the sentence holds measure m: it states m's amount with m's unit, or a
// bound of a class m may be read in that holds m's value. A count or an age (no unit) is read in a
// bound with no unit or in years, never as a bare number: "72" in "not given after 72 hours" is no
// man of 72. An amount with a unit is read only in its class.
func (s *Sentence) Holds(m Measure) bool {
	if m.Unit != "" && FigureAmong(s.Amounts, m.Figure) && contains(s.Units, m.Unit) {
		return true
	}
	for _, b := range s.Bounds {
		if Bound(b).holds(m) {
			return true
		}
	}
	return false
}

func (b Bound) holds(m Measure) bool {
	lo, rest, _ := strings.Cut(string(b), ":")
	hi, unit, _ := strings.Cut(rest, ":")
	if unit != m.Unit && !(m.Unit == "" && unit == UnitDuration || unit == "" && m.Unit == UnitDuration) {
		return false
	}
	if m.Ends != "" {
		// A bound holds a bound inside it: "more than 4 hours" holds "más de 5 horas", "above 40
		// kL" holds "over 40 kL".
		mlo, mhi, _ := strings.Cut(m.Ends, ":")
		return within(mlo, lo, 1) && within(mhi, hi, -1)
	}
	if unit == UnitClock && wraps(lo, hi) {
		return end(lo, m.Value, 1) || end(hi, m.Value, -1) // "23:00 to 06:00" holds 01:00
	}
	return end(lo, m.Value, 1) && end(hi, m.Value, -1)
}

// wraps reports whether a range of times with ends lo and hi runs past midnight: its lower end
// lies above its upper one.
func wraps(lo, hi string) bool {
	a, errA := strconv.ParseFloat(strings.TrimLeft(lo, "<>"), 64)
	b, errB := strconv.ParseFloat(strings.TrimLeft(hi, "<>"), 64)
	return errA == nil && errB == nil && a > b
}

// within reports whether the end e of a bound lies within the end outer of another, on the same
// side: above a lower end (sign 1), below an upper one (sign -1). An open end lies within an open
// end only.
func within(e, outer string, sign float64) bool {
	if outer == "" {
		return true
	}
	if e == "" {
		return false
	}
	x, err := strconv.ParseFloat(strings.TrimLeft(e, "<>"), 64)
	if err != nil {
		return false
	}
	if strings.HasPrefix(e, ">") || strings.HasPrefix(e, "<") {
		o, err := strconv.ParseFloat(strings.TrimLeft(outer, "<>"), 64)
		return err == nil && sign*(x-o) >= 0 // every value past a strict end x is past o when x is
	}
	return end(outer, x, sign)
}

// end reports whether v is within the end e of a bound: above a lower end (sign 1), below an upper
// one (sign -1); an empty end is open.
func end(e string, v float64, sign float64) bool {
	if e == "" {
		return true
	}
	strict := strings.HasPrefix(e, ">") || strings.HasPrefix(e, "<")
	x, err := strconv.ParseFloat(strings.TrimLeft(e, "<>"), 64)
	if err != nil {
		return false
	}
	if strict {
		return sign*(v-x) > 0
	}
	return sign*(v-x) >= 0
}

// Measures returns the amounts question s (whose words are ws) gives as its own case: a number that
// tells about the asker (see [AboutAsker]: "My son is 9", "Mi padre tiene 72 años", "我的车值800
// 英镑"), an amount with a unit ("a bike worth £2,400", "25 horas al mes"), and a bound it names
// ("once you go over 40 kL", "más de 5 horas", "70岁以上").
func Measures(s string, ws []Word) []Measure {
	var out []Measure
	for i, w := range ws {
		if !boundNumber(s, ws, i) {
			continue
		}
		unit := boundUnit(s, ws, i)
		v, _ := strconv.ParseFloat(NormalizeNumber(w.Lower), 64)
		if ends, ok := singleBound(s, ws, i); ok {
			out = append(out, Measure{Figure: NormalizeNumber(w.Lower), Value: v, Unit: unit, Ends: ends})
			continue
		}
		if personsAge(s, ws, i) {
			unit = ""
		} else if unit == "" && !AboutAsker(s, ws, i) {
			continue
		}
		out = append(out, Measure{Figure: NormalizeNumber(w.Lower), Value: v, Unit: unit})
	}
	return append(out, clockMeasures(s, ws)...)
}

package text

import (
	"strconv"
	"strings"
)

// A rule about the time of day states a range of times more often than a time: "between 18:00 and
// 23:00", "£26 between 23:00 and 06:00", "before 17:00 on weekdays", "early check-in from 12:00",
// "de 22:00 a 7:00", "晚上11点以后". A question that gives its own time ("stuck outside at 10 pm",
// "a las tres de la tarde", "at noon") is answered by the rule whose range holds it, as an age is by
// the rule for its ages (see bounds.go). A range of times is a [Bound] of unit class UnitClock whose
// ends are minutes after midnight; one that runs past midnight ("23:00 to 06:00") has a lower end
// above its upper end.

// UnitClock is the unit class of a time of day in a bound or a measure: minutes after midnight.
const UnitClock = "clock"

// clockSpan is a time of day a text writes in figures: the index of its hour's word, the byte where
// it ends (after its minutes and am or pm, or 点 and 半) and its values in minutes (two for a Chinese
// hour that may be morning or evening).
type clockSpan struct {
	word, start, end int
	minutes          []int
}

// clockSpans returns the times of day s writes in figures (see [ClockAt]), in order.
func clockSpans(s string, ws []Word) []clockSpan {
	var out []clockSpan
	for i := 0; i < len(ws); i++ {
		terms := ClockAt(s, ws, i)
		if terms == nil {
			continue
		}
		sp := clockSpan{word: i, start: ws[i].Start, end: ws[i].End}
		for _, t := range terms {
			sp.minutes = append(sp.minutes, clockMinutes(t))
		}
		if _, end, ok := hanHourAt(s, ws[i].Start, ws[i].End, atoi(ws[i].Lower)); ok {
			sp.end = end // "7点半"
		} else {
			// The words that go on writing the time: its minutes after a colon, am or pm after a
			// space ("21:00", "9 pm", "9:30 p.m.").
			last := i
			for k := i + 1; k < len(ws); k++ {
				between := s[ws[k-1].End:ws[k].Start]
				if !(between == ":" && ws[k].Number && k == last+1 || between == " " && meridiem(ws[k].Lower) != "") {
					break
				}
				last = k
			}
			sp.end, i = ws[last].End, last
		}
		out = append(out, sp)
	}
	return out
}

// clockMinutes returns the minutes after midnight of an "HH:MM" term.
func clockMinutes(term string) int {
	h, m, _ := strings.Cut(term, ":")
	return atoi(h)*60 + atoi(m)
}

// Clock cues, folded: words before a time that make it a lower or an upper end, and the Chinese
// ones after it ("11点以后", "9点前").
var (
	clockStrictLower = []string{"after", "later than", "despues de", "pasadas las", "pasada la"}
	clockLower       = []string{"from", "since", "starting at", "desde", "desde las", "a partir de", "a partir de las"}
	clockStrictUpper = []string{"before", "earlier than", "antes de", "antes de las"}
	clockUpper       = []string{"until", "till", "by", "up to", "no later than", "hasta", "hasta las"}
	hanClockAfter    = []string{"以后", "之后", "后"}
	hanClockFrom     = []string{"起"}
	hanClockUpper    = []string{"以前", "之前", "前"}
	// Between the two ends of a range of times: "18:00 to 23:00", "9am–5pm", "de 22:00 a 7:00",
	// "9点至17点"; "and" and "y" only after "between" and "entre".
	clockJoiners = setOf(`to till until through and a y al hasta`)
)

// clockBounds returns the ranges of times s states: two times joined as a range, and a time with a
// cue that makes it a lower or an upper end ("after 17:00" → ">1020::clock", "until 18:00" →
// ":1080:clock").
func clockBounds(s string, ws []Word) []string {
	spans := clockSpans(s, ws)
	var out []string
	for k := 0; k < len(spans); k++ {
		a := spans[k]
		if k+1 < len(spans) && clockJoined(s, ws, a, spans[k+1]) {
			for _, lo := range a.minutes {
				for _, hi := range spans[k+1].minutes {
					out = append(out, strconv.Itoa(lo)+":"+strconv.Itoa(hi)+":"+UnitClock)
				}
			}
			k++
			continue
		}
		before := foldedBefore(s, ws, a.word)
		hanBefore := trimPartOfDay(strings.TrimRight(s[:a.start], " "))
		hanAfter := strings.TrimLeft(s[a.end:], " ")
		ends := ""
		switch {
		case hasSuffixAny(before, clockStrictLower) || hasAnyPrefix(hanAfter, hanClockAfter):
			ends = ">%d:"
		case hasSuffixAny(before, clockLower) || hasAnyPrefix(hanAfter, hanClockFrom) || strings.HasSuffix(hanBefore, "从"):
			ends = "%d:"
		case hasSuffixAny(before, clockStrictUpper) || hasAnyPrefix(hanAfter, hanClockUpper):
			ends = ":<%d"
		case hasSuffixAny(before, clockUpper) || strings.HasPrefix(hanAfter, "为止"):
			ends = ":%d"
		default:
			continue
		}
		for _, m := range a.minutes {
			out = append(out, strings.Replace(ends, "%d", strconv.Itoa(m), 1)+":"+UnitClock)
		}
	}
	return out
}

// clockJoined reports whether times a and b of s (words ws) make one range: only a joining word or
// mark stands between them, with a Chinese part of the day before b ("9点到下午5点").
func clockJoined(s string, ws []Word, a, b clockSpan) bool {
	between := strings.TrimSpace(trimPartOfDay(strings.TrimSpace(strings.TrimPrefix(s[a.end:b.start], ".")))) // "9:30 a.m. to 5 p.m.", "9点到下午5点"
	switch between {
	case "-", "–", "—", "~", "～", "至", "到", "－":
		return true
	}
	f := FoldAccents(strings.ToLower(between))
	f = strings.TrimSuffix(strings.TrimSuffix(f, " las"), " la") // "de 9:00 a las 14:00"
	if !clockJoiners[f] {
		return false
	}
	if f == "and" || f == "y" {
		return hasSuffixAny(foldedBefore(s, ws, a.word), []string{"between", "entre", "entre las"})
	}
	return true
}

// clockMeasures returns the times of day a question gives as its own ("stuck outside at 10 pm",
// "晚上11点以后", "at noon", "a las tres de la tarde"), each a [Measure] of unit class UnitClock: a
// time that may be morning or evening ("7点") is none.
func clockMeasures(s string, ws []Word) []Measure {
	var out []Measure
	add := func(m int) {
		out = append(out, Measure{Figure: clockTerm(m/60, m%60), Value: float64(m), Unit: UnitClock})
	}
	for _, sp := range clockSpans(s, ws) {
		if len(sp.minutes) == 1 {
			add(sp.minutes[0])
		}
	}
	for i, w := range ws {
		switch {
		case clockWords[w.Folded] > 0:
			add(clockWords[w.Folded] % (24 * 60))
		case spanishHours[w.Folded] > 0 && spanishPart(ws, i, "tarde", "noche"):
			add((spanishHours[w.Folded]%12 + 12) * 60)
		case spanishHours[w.Folded] > 0 && spanishPart(ws, i, "manana", "madrugada"):
			add(spanishHours[w.Folded] % 12 * 60)
		}
	}
	for _, p := range []struct {
		word    string
		minutes int
	}{{"中午", 12 * 60}, {"午夜", 24 * 60}, {"半夜", 24 * 60}} {
		if strings.Contains(s, p.word) && !strings.Contains(s, p.word+"12") {
			add(p.minutes % (24 * 60))
		}
	}
	return out
}

// spanishHours are the hours a Spanish question writes in words ("a las tres de la tarde").
var spanishHours = map[string]int{"una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
	"nueve": 9, "diez": 10, "once": 11, "doce": 12}

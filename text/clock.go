package text

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A time of day is one thing however it is written: "9pm", "9 p.m.", "21:00", "21.00h", "晚上9点",
// "las 9 de la noche". The search terms of a text hold each time of day it writes as one term,
// "HH:MM" on the 24-hour clock (see [ClockAt]), so that "is the pool open at 9pm?" meets "21:00"
// and "下午3点" meets "15:00".

// ClockAt returns the time of day that the number ws[i] of s starts, as "HH:MM" terms, or nil: an
// hour and minutes ("21:00", "9:30pm", "19.30h"), a Spanish hour marked h ("a las 19h"), an hour
// with am or pm ("9pm", "9 a.m."), a Chinese hour (7点, 7 点, 7点半, 下午3点15分; an hour of 12 or
// less with no part of the day before it may be morning or evening, and gives both), or a Spanish
// hour with its part of the day ("las 7 de la tarde"). The minutes of "21:00" start no time of
// their own. It is the one reader of times of day: [InClock] builds on it, and decides both which
// numbers are amounts and whether a sentence tells the time ([Sentence.Clock]).
func ClockAt(s string, ws []Word, i int) []string {
	w := ws[i]
	if !w.Number || w.Start > 0 && (s[w.Start-1] == ':' || s[w.Start-1] == '.') {
		return nil
	}
	num, suffix := splitSuffix(w.Lower)
	hour, minute := -1, 0
	if h, m, ok := strings.Cut(num, "."); ok && suffix == "h" {
		hour, minute = atoi(h), atoi(m) // "19.30h"
		suffix = ""
	} else if !ok {
		hour = atoi(num)
	}
	if hour < 0 || hour > 24 || minute < 0 || minute > 59 {
		return nil
	}
	clock := strings.HasSuffix(w.Lower, "h") && strings.Contains(num, ".")
	if suffix == "h" && i > 0 && ws[i-1].Folded == "las" {
		// "a las 19h": "las" before a number names an hour in Spanish. Elsewhere "15h" may as
		// well be a duration ("15h of audio", "open 24h").
		clock, suffix = true, ""
	}
	next := func(k int) (Word, string, bool) { // the word k after w, and what stands between
		if i+k >= len(ws) {
			return Word{}, "", false
		}
		return ws[i+k], s[ws[i+k-1].End:ws[i+k].Start], true
	}
	if n, between, ok := next(1); ok && between == ":" && n.Number {
		// "21:00", "9:30pm": the minutes, perhaps with am or pm against them.
		mm, sfx := splitSuffix(n.Lower)
		if len(mm) != 2 {
			return nil
		}
		minute, suffix, clock = atoi(mm), sfx, true
		if suffix == "" {
			if m, between, ok := next(2); ok && between == " " && meridiem(m.Lower) != "" {
				suffix = meridiem(m.Lower)
			}
		}
	} else if suffix == "" {
		if m, between, ok := next(1); ok && between == " " && meridiem(m.Lower) != "" {
			suffix = meridiem(m.Lower) // "9 pm", "9 a.m."
		}
	}
	switch meridiem(suffix) {
	case "am":
		if hour > 12 {
			return nil
		}
		return []string{clockTerm(hour%12, minute)}
	case "pm":
		if hour > 12 {
			return nil
		}
		return []string{clockTerm(hour%12+12, minute)}
	}
	if suffix != "" {
		return nil // "15h" may be fifteen hours; "3b" no time at all
	}
	if clock {
		return []string{clockTerm(hour, minute)}
	}
	if h, ok := hanHour(s, w, hour); ok {
		return h
	}
	if spanishPart(ws, i, "tarde", "noche") && hour < 12 {
		return []string{clockTerm(hour+12, 0)}
	}
	if spanishPart(ws, i, "manana", "madrugada") {
		return []string{clockTerm(hour, 0)}
	}
	return nil
}

// InClock reports whether the number ws[i] of s is part of a time of day: its hour (see [ClockAt])
// or its minutes ("00" in "21:00").
func InClock(s string, ws []Word, i int) bool {
	if ClockAt(s, ws, i) != nil {
		return true
	}
	return i > 0 && s[ws[i-1].End:ws[i].Start] == ":" && ClockAt(s, ws, i-1) != nil
}

// splitSuffix splits a word such as "9pm" or "30pm" into its number and the letters after it.
func splitSuffix(w string) (string, string) {
	i := len(w)
	for i > 0 && (w[i-1] < '0' || w[i-1] > '9') && w[i-1] != '.' {
		i--
	}
	return w[:i], w[i:]
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// meridiem returns "am" or "pm" for the ways of writing them ("pm", "p.m", "p.m."), else "": the
// hour suffixes of [hourSuffixes].
func meridiem(s string) string {
	if m := strings.ReplaceAll(s, ".", ""); hourSuffixes[m] {
		return m
	}
	return ""
}

func clockTerm(hour, minute int) string { return fmt.Sprintf("%02d:%02d", hour%24, minute) }

// hanHour reads the Chinese hour that the number w (of value hour) of s writes: before 点 or 时
// (小时 after it is a duration), with 半 or N分 after it for the minutes, and the part of the day before it.
func hanHour(s string, w Word, hour int) ([]string, bool) {
	ts, _, ok := hanHourAt(s, w.Start, w.End, hour)
	return ts, ok
}

// hanHourAt is [hanHour] for the hour written in s[start:end], in figures or Chinese numerals; it
// also returns where the time ends (after its minutes).
func hanHourAt(s string, start, end, hour int) ([]string, int, bool) {
	at := end + len(s[end:]) - len(strings.TrimLeft(s[end:], " ")) // "7 点" as well as "7点"
	if !strings.HasPrefix(s[at:], "点") && !strings.HasPrefix(s[at:], "时") {
		return nil, 0, false
	}
	at += len("点") // 时 is as long
	if strings.HasPrefix(s[at:], "钟") {
		at += len("钟")
	}
	minute, n := hanMinutes(s[at:])
	at += n
	if minute < 0 || minute > 59 || hour > 24 {
		return nil, 0, false
	}
	if pm, ok := partOfDay(s[:start]); ok {
		if pm && hour < 12 {
			hour += 12
		}
		return []string{clockTerm(hour, minute)}, at, true
	}
	if hour >= 1 && hour < 12 {
		return []string{clockTerm(hour, minute), clockTerm(hour+12, minute)}, at, true
	}
	return []string{clockTerm(hour, minute)}, at, true
}

// hanMinutes returns the minutes written at the start of after, the text after a Chinese hour,
// and their length: 30 for 半, N for N分 in figures or Chinese numerals ("15分", "四十五分"), 0 for
// none.
func hanMinutes(after string) (int, int) {
	if strings.HasPrefix(after, "半") {
		return 30, len("半")
	}
	if n := leadingDigits(after); n != "" && strings.HasPrefix(after[len(n):], "分") {
		return atoi(n), len(n) + len("分")
	}
	if end := hanNumeralRun(after, 0); end > 0 && strings.HasPrefix(after[end:], "分") {
		return int(hanValue(after[:end])), end + len("分")
	}
	return 0, 0
}

// partOfDay reports whether before ends with a part of the day, and whether that part is
// afternoon or evening (an hour under 12 is then after noon).
func partOfDay(before string) (pm, ok bool) {
	for _, p := range hanEvening {
		if strings.HasSuffix(before, p) {
			return true, true
		}
	}
	for _, p := range hanMorning {
		if strings.HasSuffix(before, p) {
			return false, true
		}
	}
	return false, false
}

// hanEvening and hanMorning are the Chinese parts of the day before an hour: after noon, and up to it.
var (
	hanEvening = []string{"下午", "晚上", "傍晚", "夜里", "夜间"}
	hanMorning = []string{"上午", "早上", "早晨", "凌晨", "中午", "清晨"}
)

// trimPartOfDay returns s without the Chinese part of the day it ends with, if any.
func trimPartOfDay(s string) string {
	for _, parts := range [...][]string{hanEvening, hanMorning} {
		for _, p := range parts {
			if strings.HasSuffix(s, p) {
				return strings.TrimSuffix(s, p)
			}
		}
	}
	return s
}

// HanClock is a time of day written the Chinese way: its "HH:MM" terms (two for an hour under 12
// that may be morning or evening) and the bytes of the text that write it, from its hour to its
// minutes ("八点半", "7点15分"; the part of the day before it is a word of its own).
type HanClock struct {
	Terms      []string
	Start, End int
	// InFigures: the hour is written in figures ("7点"), which [ClockAt] reads too.
	InFigures bool
}

// HanClocks returns the times of day that s writes with 点 or 时, in figures ("晚上7点") or in
// Chinese numerals ("晚上八点" is 20:00, "十点半" 10:30 or 22:30, "两点四十五分" 2:45 or 14:45),
// as [ClockAt] reads "7pm". An hour in Chinese numerals must be marked as one, by the part of the
// day before it, by 钟, 半, 整 or minutes after it, by 到, 至 or 从 before it ("开到八点"), or by
// being written in more than one numeral ("十一点"): unmarked, 一点 is as often "a little" ("一点
// 油") and 三点 "three points" ("三点建议").
func HanClocks(s string) []HanClock {
	if !strings.ContainsAny(s, "点时") {
		return nil
	}
	return hanClocks(s, Words(s))
}

// hanClocks is [HanClocks] for s whose words are ws.
func hanClocks(s string, ws []Word) []HanClock {
	if !strings.ContainsAny(s, "点时") {
		return nil
	}
	var out []HanClock
	for i, w := range ws {
		if hour := atoi(w.Lower); w.Number && hour >= 0 && (i == 0 || s[ws[i-1].End:w.Start] != ":") {
			if ts, end, ok := hanHourAt(s, w.Start, w.End, hour); ok {
				out = append(out, HanClock{Terms: ts, Start: w.Start, End: end, InFigures: true})
			}
		}
	}
	for i, end := range hanNumeralRuns(s) {
		run, before := s[i:end], s[:i]
		if ordinalBefore(before) || !strings.HasPrefix(s[end:], "点") && !strings.HasPrefix(s[end:], "时") {
			continue
		}
		hour := int(hanValue(run))
		after := s[end+len("点"):]
		_, day := partOfDay(before)
		_, minutes := hanMinutes(after)
		marked := day || minutes > 0 || hasAnyPrefix(after, []string{"钟", "整"}) || utf8.RuneCountInString(run) > 1 ||
			strings.HasSuffix(before, "到") || strings.HasSuffix(before, "至") || strings.HasSuffix(before, "从")
		if !marked {
			continue
		}
		if ts, stop, ok := hanHourAt(s, i, end, hour); ok {
			out = append(out, HanClock{Terms: ts, Start: i, End: stop})
		}
	}
	return out
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < '0' || r > '9' {
			break
		}
		i += n
	}
	return s[:i]
}

// spanishPart reports a Spanish hour ws[i] said with one of parts of the day: "las 7 de la
// tarde", "la 1 de la madrugada".
func spanishPart(ws []Word, i int, parts ...string) bool {
	if i == 0 || ws[i-1].Folded != "las" && ws[i-1].Folded != "la" || i+3 >= len(ws) {
		return false
	}
	if ws[i+1].Folded != "de" || ws[i+2].Folded != "la" {
		return false
	}
	for _, p := range parts {
		if ws[i+3].Folded == p {
			return true
		}
	}
	return false
}

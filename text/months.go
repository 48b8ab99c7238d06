package text

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A month is one thing however it is written: "April", "abril", "4月", the middle of "2025-04-12",
// seed 004's "2015 year 4 month". The search terms of a text therefore hold the English month
// name's stem for each of these, so that "What closed on 12 April?" meets "4月12日起暂停" and a
// Chinese question asking about "4月" meets an English "April".

// monthTerms are the stems of the English month names, by number (1–12). May has none: "may" is a
// stop word (the verb), so no form of May becomes a term.
var monthTerms = func() [13]string {
	var out [13]string
	for i, name := range strings.Fields(`january february march april may june july august september october november december`) {
		if name != "may" {
			out[i+1] = Stem(Word{Lower: name, Folded: name}, English)
		}
	}
	return out
}()

// MonthTerm returns the search term of month m (1–12), the stem of its English name, or "" for May
// and for a number that is no month.
func MonthTerm(m int) string {
	if m < 1 || m > 12 {
		return ""
	}
	return monthTerms[m]
}

// MonthAt returns the month (1–12) that the number ws[i] of s writes as a number, or 0: before 月
// ("4月", but not the duration "4个月"), as an ISO date's middle part ("2025-04-12", "2025-04"), or
// after a year in seed 004's machine translation ("2015 year 8 month"). A month named in words is
// a word of its own (see [MonthTerm]).
func MonthAt(s string, ws []Word, i int) int {
	w := ws[i]
	if !w.Number || w.End-w.Start > 2 {
		return 0
	}
	m, err := strconv.Atoi(s[w.Start:w.End])
	if err != nil || m < 1 || m > 12 {
		return 0
	}
	if r, _ := utf8.DecodeRuneInString(s[w.End:]); r == '月' {
		return m
	}
	// An ISO date: four digits of a year and a hyphen before, a hyphen and a day or nothing after.
	if i > 0 && IsYear(ws[i-1].Lower) && s[ws[i-1].End:w.Start] == "-" && w.End-w.Start == 2 {
		if w.End == len(s) || s[w.End] != '-' || i+1 < len(ws) && ws[i+1].Start == w.End+1 && ws[i+1].End-ws[i+1].Start == 2 {
			return m
		}
	}
	if i > 0 && i+1 < len(ws) && ws[i-1].Folded == "year" && ws[i+1].Folded == "month" {
		return m // "2015 year 8 month" (seed 004)
	}
	return 0
}

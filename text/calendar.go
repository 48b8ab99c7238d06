package text

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A range of days or of months names the ones it spans: an opening-hours row "Tuesday to Sunday |
// 10:00 to 19:00" is open on Saturday, "1 June to 15 September" holds July, "周二至周日" holds 周六,
// "de lunes a viernes" holds miércoles. So a text's spanned terms ([Lexicon.SpannedTerms]) are
// those of the days and months its ranges span, as if it listed them, each written as the range
// writes its ends (in English, in Spanish, in Chinese; a month as its English term, as every month
// is; see [MonthTerm]): a question that names a day or a month inside a range meets the text that
// writes only its ends.

// weekdayNames are the weekday names as a range's ends write them, Monday first: in English (also
// for the English abbreviations), in Spanish, and after each Chinese prefix.
var weekdayNames = map[string][7]string{
	English: {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
	Spanish: {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"},
	Chinese: {"一", "二", "三", "四", "五", "六", "日"},
}

// weekdayWords are the English weekday names, singular and plural, by day (0 is Monday);
// spanishWeekdays the Spanish ones (folded), weekdayShort the English abbreviations ("Mon–Fri").
// With "weekend" they are the words that say on which day (weekdays; see [Dated]).
var weekdayWords = map[string]int{
	"monday": 0, "mondays": 0, "tuesday": 1, "tuesdays": 1, "wednesday": 2, "wednesdays": 2, "thursday": 3,
	"thursdays": 3, "friday": 4, "fridays": 4, "saturday": 5, "saturdays": 5, "sunday": 6, "sundays": 6,
}

var spanishWeekdays = map[string]int{"lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4,
	"sabado": 5, "sabados": 5, "domingo": 6, "domingos": 6}

// weekdays are the words (folded) that say on which day: a weekday in English or Spanish, or the
// weekend.
var weekdays = func() map[string]bool {
	out := setOf(`weekend weekends`)
	for _, m := range []map[string]int{weekdayWords, spanishWeekdays} {
		for w := range m {
			out[w] = true
		}
	}
	return out
}()

var weekdayShort = map[string]int{"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
	"fri": 4, "sat": 5, "sun": 6}

// monthWords are the month names in English and Spanish (folded) with the English abbreviations,
// by number (their set is monthNames, the words that say when). "May" and "March" are also words, and "mar" is the Spanish sea: they end a range only
// when capitalised.
var monthWords = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
	"nov": 11, "dec": 12,
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
	"septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}

// hanWeekdayPrefixes write a weekday before its number: 周六, 星期六, 礼拜六 (日 and 天 are Sunday).
var hanWeekdayPrefixes = []string{"星期", "礼拜", "周"}

// rangeJoiners are the words that join the two ends of a range: "Monday to Friday", "de lunes a
// viernes", "June through August", "hasta".
var rangeJoiners = setOf(`to through thru till until a al hasta`)

// rangeJoinMarks are the marks that join the two ends of a range: "Mon–Fri", "周一至周五", "6月到9月".
var rangeJoinMarks = []string{"-", "–", "—", "~", "～", "－", "至", "到"}

// rangeFillers may stand in a range beside its joining word without breaking it: the day numbers
// of dates ("1 June to 15 September", "6月1日至9月15日", "del 1 de junio al 15 de septiembre").
var rangeFillers = setOf(`de del the of`)

// calendarMention is a weekday or a month a text names: its number (0–6 from Monday, or 1–12),
// its byte span, and how it is written: a weekday's language and, in Chinese, its prefix (周,
// 星期, 礼拜).
type calendarMention struct {
	month      bool
	n          int
	start, end int
	lang       string
	prefix     string
}

// calendarSpans returns what the ranges of s (whose words are ws) span: the weekdays from one end
// to the other as text, each written as the first end writes its day ("Mon–Thu" → "Monday Tuesday
// Wednesday Thursday", "周二至周四" → "周二 周三 周四"), and the terms of the months (see
// [MonthTerm]). A list of days, a span of weeks or a number between two weekdays is no range.
func calendarSpans(s string, ws []Word) (days string, months []string) {
	ms := calendarMentions(s, ws)
	var out []string
	for i := 0; i+1 < len(ms); i++ {
		a, b := ms[i], ms[i+1]
		if a.month != b.month || a.n == b.n || !joinsRange(s[a.end:b.start], a.month) {
			continue
		}
		for n := a.n; ; n = next(n, a.month) {
			switch {
			case a.month:
				if t := MonthTerm(n); t != "" {
					months = append(months, t)
				}
			default:
				out = append(out, a.prefix+weekdayNames[a.lang][n])
			}
			if n == b.n {
				break
			}
		}
	}
	return strings.Join(out, " "), months
}

// next is the day or the month after n, the week and the year read round.
func next(n int, month bool) int {
	if month {
		return n%12 + 1
	}
	return (n + 1) % 7
}

// calendarMentions returns the weekdays and months s names, in text order.
func calendarMentions(s string, ws []Word) []calendarMention {
	var out []calendarMention
	for i, w := range ws {
		switch {
		case w.Number:
			if m := MonthAt(s, ws, i); m > 0 {
				out = append(out, calendarMention{month: true, n: m, start: w.Start, end: w.End + monthSignWidth(s[w.End:])})
			}
		default:
			if n, ok := weekdayWords[w.Folded]; ok {
				out = append(out, calendarMention{n: n, start: w.Start, end: w.End, lang: English})
			} else if n, ok := weekdayShort[w.Folded]; ok {
				out = append(out, calendarMention{n: n, start: w.Start, end: w.End, lang: English})
			} else if n, ok := spanishWeekdays[w.Folded]; ok {
				out = append(out, calendarMention{n: n, start: w.Start, end: w.End, lang: Spanish})
			} else if n, ok := monthWords[w.Folded]; ok && (w.Upper || !ambiguousMonths[w.Folded] && w.Folded != "mar") {
				out = append(out, calendarMention{month: true, n: n, start: w.Start, end: w.End})
			}
		}
	}
	out = append(out, hanWeekdays(s)...)
	// In text order: Chinese weekdays were found apart from the words.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// monthSignWidth is the width of the 月 that writes a month after its number ("6月"), or 0.
func monthSignWidth(after string) int {
	if strings.HasPrefix(after, "月") {
		return len("月")
	}
	return 0
}

// hanWeekdays returns the weekdays s writes in Chinese: 周, 星期 or 礼拜 and a numeral (日 or 天
// for Sunday), not followed by another numeral or a counter, which make it a span of weeks ("一周
// 一次" once a week, "每周二十小时" twenty hours a week).
func hanWeekdays(s string) []calendarMention {
	var out []calendarMention
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !IsHan(r) {
			i += w
			continue
		}
		found := false
		for _, p := range hanWeekdayPrefixes {
			if !strings.HasPrefix(s[i:], p) {
				continue
			}
			d, dw := utf8.DecodeRuneInString(s[i+len(p):])
			n := strings.IndexRune("一二三四五六日天", d)
			if n < 0 || dw == 0 {
				break
			}
			n = min(n/len("一"), 6)
			end := i + len(p) + dw
			if a, _ := utf8.DecodeRuneInString(s[end:]); strings.ContainsRune("一二三四五六七八九十百千两次个倍", a) {
				break
			}
			out = append(out, calendarMention{n: n, start: i, end: end, lang: Chinese, prefix: p})
			i, found = end, true
			break
		}
		if !found {
			i += w
		}
	}
	return out
}

// joinsRange reports whether gap, the text between two weekdays or two months, joins them as the
// ends of a range: one joining word or mark, besides spaces and, between months, the day numbers
// and years of dates and the fillers around them. Between weekdays a number ends the range: "Mon
// 9–17 Thu" names two days.
func joinsRange(gap string, month bool) bool {
	joins := 0
	var rest strings.Builder
	last := 0
	for _, w := range Words(gap) {
		switch {
		case w.Number && month || rangeFillers[w.Folded]:
		case rangeJoiners[w.Folded]:
			joins++
		default:
			return false
		}
		rest.WriteString(gap[last:w.Start])
		last = w.End
	}
	rest.WriteString(gap[last:])
	marks := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '日' || r == '号' || r == '.' {
			return -1
		}
		return r
	}, rest.String())
	if slices.Contains(rangeJoinMarks, marks) {
		joins++
	} else if marks != "" {
		return false
	}
	return joins == 1
}

package text

import (
	"slices"
	"strings"
	"testing"
)

// TestCalendarSpans: the terms of a range of days or months hold those of every day or month it
// spans, written as the range writes its ends; a list, a span of weeks or a number between two
// weekdays is no range, and a word that is also a day's or a month's abbreviation is no end.
func TestCalendarSpans(t *testing.T) {
	l := seedLexicon(t)
	for _, c := range []struct {
		text, lang string
		// has and lack are names whose terms (in lang; a month's in English, as every month's
		// are: see MonthTerm) the text's terms hold, and do not all hold.
		has, lack string
	}{
		{"Summer | 1 June to 15 September | Tuesday to Sunday | 10:00 to 19:00", English, "July August Wednesday Saturday", "Monday October"},
		{"Open Mon–Fri 9:00–17:00.", English, "Tuesday Wednesday Thursday", "Saturday Sunday"},
		{"Abierto de martes a domingo.", Spanish, "miércoles sábado", "lunes"},
		{"del 1 de junio al 15 de septiembre", Spanish, "July August", "October"},
		{"开放时间：周二至周日，6月1日至9月15日。", Chinese, "周三 周六 July", "周一 October"},
		{"星期五到星期一营业。", Chinese, "星期六 星期日", "星期二"},
		{"We close from November to February.", English, "December January", "March October"},
		// A list names its days only; a number between two days ends a range.
		{"Classes on Monday, Thursday and Saturday.", English, "", "Tuesday Wednesday Friday"},
		{"Mon 9–17, Thu 10–12", English, "", "Tuesday Wednesday"},
		// 周一次 is once a week, 周五十小时 fifty hours a week: no range of days.
		{"周一次到周五十小时。", Chinese, "", "周三"},
		// "may" is a verb: no range from it unless capitalised.
		{"Prices may to some extent rise by June.", English, "", "April"},
	} {
		terms := append(l.Terms(c.text, c.lang), l.SpannedTerms(c.text, c.lang)...)
		termsOf := func(name string) []string {
			if _, ok := monthWords[strings.ToLower(name)]; ok {
				return l.Terms(name, English)
			}
			return l.Terms(name, c.lang)
		}
		for _, h := range strings.Fields(c.has) {
			for _, want := range termsOf(h) {
				if !slices.Contains(terms, want) {
					t.Errorf("%q: terms %q lack %q (%s)", c.text, terms, want, h)
				}
			}
		}
		for _, h := range strings.Fields(c.lack) {
			if ts := termsOf(h); !slices.ContainsFunc(ts, func(x string) bool { return !slices.Contains(terms, x) }) {
				t.Errorf("%q: terms %q hold all of %q (%s)", c.text, terms, ts, h)
			}
		}
	}
}

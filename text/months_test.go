package text

import (
	"slices"
	"testing"
)

func TestMonthAt(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []int // the month each number writes, in order
	}{
		{"4月12日起暂停服务", []int{4, 0}},
		{"2023年11月的风暴", []int{0, 11}},
		{"会员资格有效期为3个月", []int{0}}, // a duration, not March
		{"Released on 2025-04-12, patched 2025-08.", []int{0, 4, 0, 0, 8}},
		{"2015 year 8 month ,283 One hundred million yuan", []int{0, 8, 0}},
		{"Open 9 to 5, 12 rooms, version 2.4-1", []int{0, 0, 0, 0, 0}},
	} {
		ws := Words(c.s)
		var got []int
		for i, w := range ws {
			if w.Number {
				got = append(got, MonthAt(c.s, ws, i))
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("months of %q = %v, want %v", c.s, got, c.want)
		}
	}
}

// A month is one search term however it is written, so that a question in one language meets a
// date written in another.
func TestMonthTerms(t *testing.T) {
	l := NewCorpusLexicon(nil, nil)
	april := MonthTerm(4)
	for _, s := range []string{"on 12 April", "4月12日起暂停服务", "Resolved 2025-04-12", "el 12 de abril"} {
		terms := append(l.Terms(s, DetectLanguage(s)), l.Glosses(s, DetectLanguage(s))...)
		if !slices.Contains(terms, april) {
			t.Errorf("terms of %q = %v, want %q among them", s, terms, april)
		}
	}
	if got := MonthTerm(5); got != "" {
		t.Errorf("MonthTerm(5) = %q, want none (\"may\" is a stop word)", got)
	}
	if terms := l.Terms("有效期为3个月", Chinese); slices.Contains(terms, MonthTerm(3)) {
		t.Errorf("terms of a three-month duration = %v, hold March", terms)
	}
}

package text

import (
	"slices"
	"testing"
)

func TestClockAt(t *testing.T) {
	for s, want := range map[string][]string{
		"Doors open at 9pm.":                 {"21:00"},
		"Doors open at 9 p.m. sharp.":        {"21:00"},
		"Open 9am-5pm.":                      {"09:00", "17:00"},
		"Open 06:30–22:00, last entry 21:15": {"06:30", "22:00", "21:15"},
		"Closes at 9:30pm.":                  {"21:30"},
		"Cierra a las 19.30h.":               {"19:30"},
		"Abre a las 10h y cierra a las 19h.": {"10:00", "19:00"},
		"开门时间：9 点":                           {"09:00", "21:00"},
		"Abre a las 7 de la tarde.":          {"19:00"},
		"下午3点15分开始":                          {"15:15"},
		"晚上7点半关门":                            {"19:30"},
		"7点开门":                               {"07:00", "19:00"}, // morning or evening
		// Not times of day: durations, years, ratios, counts.
		"Open 24h, 3 hours a day in 2025, screens 16:9, 12 rooms.": nil,
		"每天工作8小时":              nil,
		"Reading 15h of audio": nil,
	} {
		ws := Words(s)
		var got []string
		for i := range ws {
			got = append(got, ClockAt(s, ws, i)...)
		}
		if !slices.Equal(got, want) {
			t.Errorf("times of day in %q = %v, want %v", s, got, want)
		}
	}
}

// A time of day written in Chinese numerals is read as one written in figures, when something
// marks its hour as one: "一点" and "三点" are as often "a little" and "three points".
func TestHanClocks(t *testing.T) {
	for s, want := range map[string][][]string{
		"周二至周六上午十点到下午五点": {{"10:00"}, {"17:00"}},
		"星期四开到八点":        {{"08:00", "20:00"}},
		"下午两点四十五分开始":     {{"14:45"}},
		"十点半关门":          {{"10:30", "22:30"}},
		"十一点前退房":         {{"11:00", "23:00"}},
		"晚上8点半关门":        {{"20:30"}}, // in figures too, for its span
		"三点钟集合":          {{"03:00", "15:00"}},
		"窗户只能打开一点点":      nil,
		"炒菜剩下的一点油":       nil,
		"我们有三点建议":        nil,
		"星期四和星期三":        nil,
		"游泳两个小时":         nil,
		"第三点很重要":         nil,
	} {
		var got [][]string
		for _, c := range HanClocks(s) {
			got = append(got, c.Terms)
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("HanClocks(%q) = %v, want %v", s, got, want)
		}
	}
	s := "每周日下午两点到两点四十五分"
	if cs := HanClocks(s); len(cs) != 2 || s[cs[0].Start:cs[0].End] != "两点" || s[cs[1].Start:cs[1].End] != "两点四十五分" {
		t.Errorf("spans of the times in %q: %v, want 两点 and 两点四十五分", s, cs)
	}
	l := NewCorpusLexicon(nil, nil)
	if terms := l.Terms("宿舍晚上十一点关门。", Chinese); !slices.Contains(terms, "23:00") {
		t.Errorf("terms of 宿舍晚上十一点关门 = %v, want 23:00 among them", terms)
	}
}

// A time of day is one search term however it is written.
func TestClockTerms(t *testing.T) {
	l := NewCorpusLexicon(nil, nil)
	for _, s := range []string{"open until 9pm", "abierto hasta las 21:00", "晚上9点关门", "open until 9 p.m."} {
		if terms := l.Terms(s, DetectLanguage(s)); !slices.Contains(terms, "21:00") {
			t.Errorf("terms of %q = %v, want 21:00 among them", s, terms)
		}
	}
	s := "Closes at 21:00."
	ws := Words(s)
	for i, w := range ws {
		if w.Number && !InClock(s, ws, i) {
			t.Errorf("%q of %q is not read as part of its time of day", w.Lower, s)
		}
	}
}

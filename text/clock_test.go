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

package text

import (
	"slices"
	"strings"
	"testing"
)

func TestDocumentLanguage(t *testing.T) {
	for _, c := range []struct{ q, lang, phrase string }{
		{"What is the 3-2-1 rule the Spanish guide recommends?", Spanish, "Spanish guide"},
		{"In the Spanish guide's test, how long did the first backup take?", Spanish, "Spanish guide"},
		{"Why does the Chinese guide prefer systemd timers to cron?", Chinese, "Chinese guide"},
		{"What does the Chinese-language leaflet say about batteries?", Chinese, "Chinese-language leaflet"},
		{"Which payment systems does the Spanish article credit?", Spanish, "Spanish article"},
		{"¿Cuándo recomienda la guía china ejecutar prune?", Chinese, "guía china"},
		{"¿Qué dice la guía en español sobre las copias?", Spanish, "guía en español"},
		{"Según el texto en inglés, ¿cuánto cuesta?", English, "texto en inglés"},
		{"西班牙语指南认为 Harbor 的免费套餐够不够用？", Spanish, "西班牙语指南"},
		{"中文版手册里说要多久校验一次？", Chinese, "中文版手册"},
		{"英文的文章提到了哪些城市？", English, "英文的文章"},
		// Asked about, not pointed at: a translation, a version of a product, a service, a meeting.
		{"How far along is the Spanish translation of the interface?", "", ""},
		{"Is there a Chinese version of the app?", "", ""},
		{"Is there a guided tour in Chinese, and who gives it?", "", ""},
		{"Skerry 界面的西班牙语翻译完成了多少？", "", ""},
		{"中文说明会是哪天？谁来主持？", "", ""},
		{"What does the guide recommend?", "", ""},
	} {
		lang, rest := DocumentLanguage(c.q)
		if lang != c.lang {
			t.Errorf("DocumentLanguage(%q) = %q, want %q", c.q, lang, c.lang)
			continue
		}
		if c.phrase == "" {
			if rest != c.q {
				t.Errorf("DocumentLanguage(%q) changed the question to %q", c.q, rest)
			}
			continue
		}
		if strings.Contains(rest, c.phrase) || len(rest) != len(c.q) {
			t.Errorf("DocumentLanguage(%q) left %q; want %q blanked out in place", c.q, rest, c.phrase)
		}
		if want := strings.Replace(c.q, c.phrase, strings.Repeat(" ", len(c.phrase)), 1); rest != want {
			t.Errorf("DocumentLanguage(%q) = %q, want %q", c.q, rest, want)
		}
	}
}

// TestLanguagesNamed: the languages a text names, in English, Spanish and Chinese words; China with
// a capital is the country, and an adjective of nationality names no language.
func TestLanguagesNamed(t *testing.T) {
	for s, want := range map[string][]string{
		"On which days is the Spanish-language line open?":       {Spanish},
		"¿Quién atiende la línea en chino?":                      {Chinese},
		"中文专线电话为 0300 555 0168。":                                 {Chinese},
		"西班牙语专线是谁接听的？":                                           {Spanish},
		"Staff speak Mandarin, Cantonese and English.":           {English, Chinese},
		"Which TV channels carry news in Spanish?":               {Spanish},
		"Talks for Chinese-speaking residents are held monthly.": {Chinese},
		"English version available.":                             {English},
		// An adjective of nationality names no language.
		"Chery se ha aliado con el grupo español Ebro.":                  nil,
		"Which Chinese manufacturer supplies the e-bikes?":               nil,
		"Tenemos una línea telefónica en español para hispanohablantes.": {Spanish},
		"Sales in China grew by 12%.":                                    nil,
		"The line is open on Tuesdays and Thursdays.":                    nil,
	} {
		if got := LanguagesNamed(s); !slices.Equal(got, want) {
			t.Errorf("LanguagesNamed(%q) = %q, want %q", s, got, want)
		}
	}
}

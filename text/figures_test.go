package text

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestFiguresIn(t *testing.T) {
	tests := []struct {
		text string
		want string // values (scale applied), "%" for percentages, "y" for years
	}{
		{"a GMV of over 3.5 trillion yuan in 2024", "3.5e+12 2024y"},
		{"Its 2024 sales topped ¥3.5tn", "2024y 3.5e+12"},
		{"抖音2024年的GMV超过3.5万亿元", "2024y 3.5e+12"},
		{"抖音2024年的GMV超過3.5萬億元", "2024y 3.5e+12"}, // traditional
		{"京東物流的營收達到1,666億元", "1.666e+11|1.666e+08"},
		{"3,5 billones de yuanes", "3.5e+12"},
		{"a total of 8,556 billion yuan", "8.556e+12|8.556e+09"},
		{"growth of 15.2% and 30 por ciento", "15.2% 30%"},
		{"6800 One hundred million yuan", "6.8e+11"},
		{"S1 and JD2 are no figures", ""},
		// Literal translations from Chinese write 万 as "Ten thousand" and 亿 as "Hundred million".
		{"Net profit 5000 Ten thousand yuan", "5e+07"},
		{"invest 22 Hundred million dollars", "2.2e+09"},
		{"invirtió 2,2 mil millones de dólares", "2.2e+09"},
		{"ten thousand steps", ""},
	}
	for _, tt := range tests {
		var parts []string
		for _, f := range FiguresIn(tt.text) {
			var vs []string
			for _, v := range f.Values {
				vs = append(vs, fmt.Sprintf("%.4g", v))
			}
			p := strings.Join(vs, "|")
			if f.Percent {
				p += "%"
			}
			if f.Year {
				p += "y"
			}
			parts = append(parts, p)
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("FiguresIn(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// One amount written in different ways is one figure; a different scale or a percentage is not.
func TestFigureMatches(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"2.2 billion dollars", "22 Hundred million dollars", true},
		{"50 million yuan", "5000 Ten thousand yuan", true},
		{"441 million", "4.41亿美元", true},
		{"2,200,000,000", "2.2 billion", true},
		{"2.2 billion", "2.2 million", false},
		{"15%", "15 yuan", false},
		{"15", "15 million", true}, // a bare number matches the number however it is scaled
	}
	for _, tt := range tests {
		a, b := FiguresIn(tt.a), FiguresIn(tt.b)
		if len(a) != 1 || len(b) != 1 {
			t.Fatalf("%q, %q: %d and %d figures, want 1 each", tt.a, tt.b, len(a), len(b))
		}
		if got := a[0].Matches(b[0]); got != tt.want {
			t.Errorf("%q matches %q = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// A figure is compared by its number: letters written against it (a unit, a plural ending) do not
// make another figure, so "under-4s" in a question is the 4 of "one child under 4", and "100mb" the
// 100 of "100 MB". Versions and plain numbers still differ.
func TestFigureAmongIgnoresAttachedLetters(t *testing.T) {
	for _, tt := range []struct {
		list []string
		f    string
		want bool
	}{
		{[]string{"4"}, "4s", true},
		{[]string{"100"}, "100mb", true},
		{[]string{"30d"}, "30", true},
		{[]string{"7"}, "7pm", true},
		{[]string{"2.4.1"}, "2.4", false},
		{[]string{"40"}, "4s", false},
		{[]string{"2200000000|2.2"}, "2.2", true},
	} {
		if got := FigureAmong(tt.list, tt.f); got != tt.want {
			t.Errorf("FigureAmong(%q, %q) = %v, want %v", tt.list, tt.f, got, tt.want)
		}
	}
}

func TestHanAmounts(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"营收三千亿元", []string{"300000000000"}},
		{"GMV增长两倍", []string{"2"}},
		{"市场份额占百分之三十", []string{"30"}},
		{"一亿五千万用户", []string{"150000000"}},
		{"三万亿", []string{"3000000000000"}},
		{"一百零五家店，两千名员工", []string{"105", "2000"}},
		{"十五个平台", []string{"15"}},
		// A count of two to nine before its measure word, which a question may write in figures.
		{"新生请至少在开学前三天到达", []string{"3"}}, {"每人限借两本书", []string{"2"}}, {"五个工作日内寄出", []string{"5"}},
		// Not amounts: a lone digit, a run that opens with a scale, an ordinal, a festival, dates,
		// an hour, a year written digit by digit.
		{"一个平台统一了一些标准", nil}, {"万一失败", nil}, {"第三季度", nil}, {"双十一", nil},
		{"十二月十五日", nil}, {"三点", nil}, {"二〇二四年", nil}, {"十分重要", nil}, {"三星手机", nil}, {"七折优惠", nil},
	}
	for _, tt := range tests {
		if got := hanAmounts(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("hanAmounts(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if HoldsAmount(tt.in, nil) != (tt.want != nil) {
			t.Errorf("HoldsAmount(%q) = %v, want %v", tt.in, !(tt.want != nil), tt.want != nil)
		}
	}
}

// A sentence's figures hold its amounts in Chinese numerals, so a summary ranks it with the
// sentences that state figures in digits.
func TestSentenceHanFigures(t *testing.T) {
	lex := seedLexicon(t)
	doc := "抖音电商的GMV达到三千亿元。淘宝直播的主播很多。"
	d := Analyze("z.txt", doc, []Span{{0, len(doc)}}, nil, lex)
	if len(d.Sentences) != 2 {
		t.Fatalf("sentences = %d, want 2", len(d.Sentences))
	}
	if got := d.Sentences[0].Figures; !slices.Equal(got, []string{"300000000000"}) {
		t.Errorf("figures of %q = %q, want 300000000000", doc[d.Sentences[0].Start:d.Sentences[0].End], got)
	}
	if got := d.Sentences[1].Figures; got != nil {
		t.Errorf("figures of %q = %q, want none", doc[d.Sentences[1].Start:d.Sentences[1].End], got)
	}
}

func TestOrdinal(t *testing.T) {
	for w, want := range map[string]bool{
		"2nd": true, "21st": true, "3RD": true, "4th": true, "2º": true, "1ª": true, "3.º": true,
		"2": false, "100mb": false, "7pm": false, "1990s": false, "4s": false, "th": false, "2.5th": false, "v2nd": false,
	} {
		if got := Ordinal(w); got != want {
			t.Errorf("Ordinal(%q) = %v, want %v", w, got, want)
		}
	}
	// As the word reader cuts them.
	for _, s := range []string{"a 2nd permit", "el 2º piso", "la 1ª planta"} {
		ws := Words(s)
		if !Ordinal(ws[1].Lower) {
			t.Errorf("Ordinal(%q) of %q = false, want true", ws[1].Lower, s)
		}
	}
}

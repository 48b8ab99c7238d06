package text

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"english", "One thing. Two things! Three? Four", []string{"One thing.", "Two things!", "Three?", "Four"}},
		{"decimals and abbreviations", "It grew 84.43% at Taobao Co. Ltd. in 2021. Next.", []string{"It grew 84.43% at Taobao Co. Ltd. in 2021.", "Next."}},
		{"lower-case after a period is not a new sentence", "See e.g. the table. Done.", []string{"See e.g. the table.", "Done."}},
		{"chinese", "小红书做电商。抖音是个好老师！真的吗？是", []string{"小红书做电商。", "抖音是个好老师！", "真的吗？", "是"}},
		{"spanish", "Es así. ¿Qué significa? ¡Mucho!", []string{"Es así.", "¿Qué significa?", "¡Mucho!"}},
		{"bullets", "Core - Growth is low [1] - Douyin grew 30% [3][4] - From 2018 - 2020 year", []string{"Core", "- Growth is low [1]", "- Douyin grew 30% [3][4]", "- From 2018 - 2020 year"}},
		{"footnotes end a bullet before a heading", "rises [1][3] Future Directions - It grows", []string{"rises [1][3]", "Future Directions", "- It grows"}},
		{"detached full stop", "a business trader .2009 year , Zhang", []string{"a business trader .", "2009 year , Zhang"}},
		{"full stop between spaces", "active for... Months 2.4 Billion . unfortunately , It's late", []string{"active for...", "Months 2.4 Billion .", "unfortunately , It's late"}},
		{"spaced ellipsis and a path stay whole", "wait . . . then run cd . && make", []string{"wait . . . then run cd . && make"}},
		// An inline code span is one token, whatever its full stops; an unclosed backtick is text.
		{"inline code", "Run `sudo chown -R 1000:1000 ./storage`. Then restart it. Or `a . b` it.",
			[]string{"Run `sudo chown -R 1000:1000 ./storage`.", "Then restart it.", "Or `a . b` it."}},
		{"unclosed backtick", "It costs 5 `euros .2009 year", []string{"It costs 5 `euros .", "2009 year"}},
		{"lines", "Line one\nLine two", []string{"Line one", "Line two"}},
		{"ended lines", "line one.\nline two", []string{"line one.", "line two"}},
		// A hard-wrapped sentence (Markdown and plain text wrapped at 72 or 80 columns) is one.
		{"wrapped lines", "The museum is closed on Mondays, except when a Monday is a public\nholiday, and on 25 December, 1 January and 6 January. The museum is\nclosed on Mondays except when a Monday is a public holiday, and on\n25 December. Last admission is at 18:15.",
			[]string{"The museum is closed on Mondays, except when a Monday is a public\nholiday, and on 25 December, 1 January and 6 January.",
				"The museum is\nclosed on Mondays except when a Monday is a public holiday, and on\n25 December.", "Last admission is at 18:15."}},
		{"a paragraph's end", "13 years of Alibaba e-commerce: Zhang Yong's merits and demerits\n\n2022-05-07 18:28",
			[]string{"13 years of Alibaba e-commerce: Zhang Yong's merits and demerits", "2022-05-07 18:28"}},
		{"short lines stay apart", "Opening hours\nMonday to Friday 9 to 17\nSaturday 10 to 14", []string{"Opening hours", "Monday to Friday 9 to 17", "Saturday 10 to 14"}},
		{"wrapped in lower case", "tram tickets are valid on the replacement\nbus between the two stops", []string{"tram tickets are valid on the replacement\nbus between the two stops"}},
		{"lettered items", "If someone is hurt\na) make the place safe\nb. call 112", []string{"If someone is hurt", "a) make the place safe", "b. call 112"}},
		// A lettered item's marker is no sentence of its own, whatever follows it.
		{"lettered items of sentences", "If you are cut:\na. Make it bleed. Do not suck it.\nb. Wash it with soap.",
			[]string{"If you are cut:", "a. Make it bleed.", "Do not suck it.", "b. Wash it with soap."}},
		{"quotes", `He said "stop." Then left.`, []string{`He said "stop."`, "Then left."}},
		// Emphasis that a Chinese question closes stays with it (the answer was quoted as "** 把文件…");
		// emphasis that opens after a full stop stays with what it opens.
		{"chinese emphasis", "- **怎么打印？** 把文件发送到打印队列。**注意**：要刷卡。", []string{"- **怎么打印？**", "把文件发送到打印队列。", "**注意**：要刷卡。"}},
		// A numbered item's marker opens its sentence: split off, "3." was quoted with the item
		// before it and matched the figure of "What was No. 3 used for?".
		{"numbered list", "1. Flash is banned.\n2. 使用三脚架需要申请。\n3. Drones are banned. They are loud.",
			[]string{"1. Flash is banned.", "2. 使用三脚架需要申请。", "3. Drones are banned.", "They are loud."}},
		{"a number ending a sentence is not a marker", "It has 3. Then 4. Done", []string{"It has 3.", "Then 4.", "Done"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range Sentences(tt.text, 0, len(tt.text)) {
			got = append(got, tt.text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: Sentences(%q) = %q, want %q", tt.name, tt.text, got, tt.want)
		}
	}
}

// TestSentencesOfRange: a range is split as the whole text is past its start: a detached full stop
// that opens it is read with the space before it (a reply's prose after the sentences decided).
func TestSentencesOfRange(t *testing.T) {
	for _, text := range []string{"抖音是个好老师。 .    sAY", "It grew. .2009 year", "It grew。 . and then"} {
		whole := Sentences(text, 0, len(text))
		start := whole[0].End
		var got, want []string
		for _, sp := range Sentences(text, start, len(text)) {
			got = append(got, text[sp.Start:sp.End])
		}
		for _, sp := range whole[1:] {
			want = append(want, text[sp.Start:sp.End])
		}
		if !slices.Equal(got, want) {
			t.Errorf("Sentences(%q, %d, …) = %q, want %q as in the whole text", text, start, got, want)
		}
	}
}

func TestQuoteSpan(t *testing.T) {
	tests := []struct{ in, want string }{
		{"- Douyin grew 30% [3][4]", "Douyin grew 30%"},
		{"• Tap Save", "Tap Save"},
		{"12. Restart the hub", "Restart the hub"},
		{"-5% in 2020", "-5% in 2020"},
		{"[1]", "[1]"},
	}
	for _, tt := range tests {
		sp := QuoteSpan(tt.in, Span{0, len(tt.in)})
		if got := tt.in[sp.Start:sp.End]; got != tt.want {
			t.Errorf("QuoteSpan(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSentences checks that sentence spans are in order, inside the range, on rune boundaries,
// trimmed, and that they cover every byte that is not white space.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{"Core - Growth is low [1] - Douyin [3][4] Future - x", "¿Qué? ¡Sí! 抖音。好", "a .2009 b", "x[1][2] Y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		covered := make([]bool, len(s))
		prev := 0
		for _, sp := range Sentences(s, 0, len(s)) {
			if sp.Start < prev || sp.End > len(s) || sp.Start >= sp.End || !utf8.RuneStart(s[sp.Start]) || sp.End < len(s) && !utf8.RuneStart(s[sp.End]) {
				t.Fatalf("Sentences(%q): bad span %v after %d", s, sp, prev)
			}
			if a, b := trimSpace(s, sp.Start, sp.End); a != sp.Start || b != sp.End {
				t.Fatalf("Sentences(%q): span %v not trimmed", s, sp)
			}
			q := QuoteSpan(s, sp)
			if q.Start < sp.Start || q.End > sp.End || q.Start >= q.End {
				t.Fatalf("QuoteSpan(%q, %v) = %v, outside the sentence", s, sp, q)
			}
			for i := sp.Start; i < sp.End; i++ {
				covered[i] = true
			}
			prev = sp.End
		}
		for i, r := range s {
			if !covered[i] && !unicode.IsSpace(r) && !IsInvisible(r) {
				t.Fatalf("Sentences(%q): byte %d (%q) in no sentence", s, i, r)
			}
		}
	})
}

// TestQuotableSentences: the sentences an answer may quote, from passages of the seeds.
func TestQuotableSentences(t *testing.T) {
	seed001 := `- Douyin has achieved remarkable growth, with a GMV of over 3.5 trillion yuan in 2024, representing a 30% year-on-year increase, surpassing competitors like JD.com [3][4] - Douyin's success is attributed to its innovative approach combining "traffic + algorithm + content," which disrupts traditional e-commerce models [4][6]`
	tests := []struct {
		text string
		want []string
	}{
		{seed001, []string{
			"Douyin has achieved remarkable growth, with a GMV of over 3.5 trillion yuan in 2024, representing a 30% year-on-year increase, surpassing competitors like JD.com",
			`Douyin's success is attributed to its innovative approach combining "traffic + algorithm + content," which disrupts traditional e-commerce models`}},
		{"Core Insights - The market is mature [1] E-commerce Growth - Douyin grew [3][4]", []string{"Core Insights", "The market is mature", "E-commerce Growth", "Douyin grew"}},
		{"¿Qué significa microcomercio? El microcomercio es un modelo. ¡Crece mucho! Y sigue.", []string{"¿Qué significa microcomercio?", "El microcomercio es un modelo.", "¡Crece mucho!", "Y sigue."}},
		{"from 2018 - 2020 year , Ali's share fell . With another giant .2009 year , he did it", []string{"from 2018 - 2020 year , Ali's share fell .", "With another giant .", "2009 year , he did it"}},
		{"Zhejiang tmall Technology Co., Ltd , By Ali.", []string{"Zhejiang tmall Technology Co., Ltd , By Ali."}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range Sentences(tt.text, 0, len(tt.text)) {
			q := QuoteSpan(tt.text, s)
			got = append(got, tt.text[q.Start:q.End])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("quotable sentences of %q\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
}

// A numbered item's marker is not a figure of its sentence, nor a term: "3. Drones are banned"
// says nothing about 3.
func TestListMarkerIsNoFigure(t *testing.T) {
	l := seedLexicon(t)
	s := l.sentence("3. Drones are banned since 2024.", "en")
	if !slices.Equal(s.Figures, []string{"2024"}) || s.HasTerm("3") {
		t.Errorf("figures %v, terms %v: want only 2024 and no term 3", s.Figures, s.Terms)
	}
}

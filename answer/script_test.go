package answer

import (
	"slices"
	"strings"
	"testing"
)

// Questions typed in traditional characters (Taiwan, Hong Kong) are answered over the simplified
// corpus as their simplified twins are: same passage, same quote.
func TestTraditionalQuestionsOverSeeds(t *testing.T) {
	e := newOfflineEngine(t)
	for _, tt := range []struct{ trad, simp, file string }{
		{"淘寶直播2019年的GMV是多少？", "淘宝直播2019年的GMV是多少？", "004_8b8eead7925c9339.txt"},
		{"拼多多2021年的活躍用戶有多少？", "拼多多2021年的活跃用户有多少？", "004_8b8eead7925c9339.txt"},
		{"小紅書做電商的老師是誰？", "小红书做电商的老师是谁？", "001_ac7923d06571d389.txt"},
	} {
		simp := ask(t, e, tt.simp)
		if simp.Abstained || len(simp.Citations) == 0 || simp.Citations[0].File != tt.file {
			t.Fatalf("Ask(%s) = %q: the simplified question must be answered from %s for this test to mean anything", tt.simp, simp.Text, tt.file)
		}
		trad := ask(t, e, tt.trad)
		if trad.Abstained || len(trad.Citations) == 0 {
			t.Errorf("Ask(%s) abstained: %q, want the answer to %s", tt.trad, trad.Text, tt.simp)
			continue
		}
		if got, want := trad.Citations[0], simp.Citations[0]; got.File != want.File || got.Paragraph != want.Paragraph || trad.Text != simp.Text {
			t.Errorf("Ask(%s) = %q citing %s ¶%d, want %q citing %s ¶%d", tt.trad, trad.Text, got.File, got.Paragraph, simp.Text, want.File, want.Paragraph)
		}
	}
}

// A document written in traditional characters meets a simplified question, and the quote is the
// document's own traditional text, byte for byte.
func TestTraditionalDocument(t *testing.T) {
	doc := "京東物流在2023年的營收達到1,666億元。\n\n支付寶的用戶超過十億。\n"
	e := corpusEngine(t, map[string]string{"hk.txt": doc})
	a := ask(t, e, "京东物流2023年的营收是多少？")
	if a.Abstained || len(a.Citations) == 0 {
		t.Fatalf("Ask = %q, want the 營收 sentence", a.Text)
	}
	c := a.Citations[0]
	if c.File != "hk.txt" || c.Paragraph != 1 || !strings.Contains(c.Quote, "營收達到1,666億元") {
		t.Errorf("citation %s ¶%d quotes %q, want ¶1 quoting the traditional text", c.File, c.Paragraph, c.Quote)
	}
	if doc[c.QuoteStart:c.QuoteEnd] != c.Quote {
		t.Errorf("quote %q is not the document's bytes %d-%d (%q)", c.Quote, c.QuoteStart, c.QuoteEnd, doc[c.QuoteStart:c.QuoteEnd])
	}
}

// A name written in Chinese characters in one language and in pinyin in another is one name: a
// Chinese question about 李想 is answered from the English sentence naming "Li Xiang" (not only
// from the one about He Xiaopeng, which holds more of the question's other words), and an English
// question about "Wang Xiaowen" from a Chinese sentence naming 王晓雯.
func TestPinyinNamesAcrossScripts(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"cars.txt": "Range extenders\n\n" +
			"He Xiaopeng, who founded Xpeng, argues that range extenders suit Chinese users less well than pure electric cars because batteries keep getting cheaper.\n\n" +
			"Li Xiang, who founded Li Auto, argues that range extenders suit Chinese drivers because charging piles are still scarce outside the big cities.\n\n" +
			"Lei Jun says Xiaomi loses money on every car it sells for now.\n\n" +
			"Battery makers cut their prices in 2024 as lithium became cheaper.\n",
		"museo.txt": "博物馆的服务\n\n" +
			"王晓雯负责博物馆的无障碍服务，每周二在问讯处值班。\n\n" +
			"博物馆的咖啡馆每天上午十点开门。\n",
	})
	for _, tt := range []struct{ q, file, quote string }{
		{"李想为什么认为增程式更适合中国用户？", "cars.txt", "Li Xiang, who founded Li Auto"},
		{"What is Wang Xiaowen responsible for at the museum?", "museo.txt", "王晓雯负责博物馆的无障碍服务"},
	} {
		a := ask(t, e, tt.q)
		if a.Abstained || len(a.Citations) == 0 {
			t.Errorf("Ask(%q) abstained: %q, want the sentence naming the person", tt.q, a.Text)
			continue
		}
		if !slices.ContainsFunc(a.Citations, func(c Citation) bool { return c.File == tt.file && strings.Contains(c.Quote, tt.quote) }) {
			t.Errorf("Ask(%q) = %q, want a citation of %s quoting %q", tt.q, a.Text, tt.file, tt.quote)
		}
	}
}

package answer

import (
	"context"
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

// A name in pinyin is one name however it is written: with tone marks ("Lǐ Xiǎng"), with a
// hyphenated given name ("Zhang Xiao-wen"), with an apostrophe between syllables ("Xi'an"), given
// name first ("Xiaowen Wang", "Xiaowen Ouyang", a compound surname), and whichever script the
// question and the document use. Each question has a sentence about someone or somewhere else
// beside the right one, saying the same of them, and named in part alike (Zhang Wei, Xiaowen Lin).
func TestPinyinSpellingsAcrossScripts(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"labs.txt": "Research labs\n\n" +
			"Zhang Wei is responsible for the software laboratory in Shenzhen.\n\n" +
			"Zhang Xiao-wen is responsible for the battery laboratory in Hefei.\n\n" +
			"Xiaowen Lin designs the seats of every model.\n\n" +
			"Xiaowen Ouyang designs the dashboards of every model.\n\n" +
			"The plant in Xi'an opened in 2021 and builds the sedans.\n\n" +
			"The plant in Wuhan opened in 2019 and builds the vans.\n",
		"people.txt": "人员\n\n" +
			"李想认为增程式电动车更适合中国的用户。\n\n" +
			"何小鹏认为纯电动车更适合中国的用户。\n\n" +
			"王晓雯负责博物馆的无障碍服务。\n\n" +
			"周建国负责博物馆的藏品修复工作。\n",
	})
	for _, tt := range []struct{ q, file, quote string }{
		{"What does Lǐ Xiǎng think suits Chinese users better?", "people.txt", "李想认为"},
		{"张晓雯负责哪个实验室？", "labs.txt", "Zhang Xiao-wen is responsible"},
		{"Which laboratory is Xiao-Wen Zhang responsible for?", "labs.txt", "Zhang Xiao-wen is responsible"},
		{"西安的工厂是哪一年开业的？", "labs.txt", "plant in Xi'an"},
		{"When did the plant in Xian open?", "labs.txt", "plant in Xi'an"},
		{"What does the plant in Xi’an build?", "labs.txt", "plant in Xi'an"},
		{"What is Xiaowen Wang responsible for at the museum?", "people.txt", "王晓雯负责"},
		{"欧阳晓雯设计什么？", "labs.txt", "Xiaowen Ouyang designs"},
	} {
		a := ask(t, e, tt.q)
		if a.Abstained || len(a.Citations) == 0 {
			t.Errorf("Ask(%q) abstained: %q, want the sentence quoting %q", tt.q, a.Text, tt.quote)
			continue
		}
		if c := a.Citations[0]; c.File != tt.file || !strings.Contains(c.Quote, tt.quote) {
			t.Errorf("Ask(%q) = %q citing %s %q first, want %s quoting %q", tt.q, a.Text, c.File, c.Quote, tt.file, tt.quote)
		}
	}
}

// Chat around a question in traditional characters is left out as it is in simplified ones (請問,
// 謝謝), and a follow-up in traditional characters is read as one (該平台, 還有): the question searched
// is the same as for the simplified twin, in the asker's own characters.
func TestTraditionalChatAndFollowUps(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"live.txt": "直播电商\n\n" +
			"2019年，淘宝直播的GMV达到2000亿元。\n\n" +
			"2020年，淘宝直播的GMV达到4000亿元。\n\n" +
			"2020年，抖音的GMV超过5000亿元。\n",
	})
	user := func(q string) []Turn { return []Turn{{Role: "user", Content: q}, {Role: "assistant", Content: "…"}} }
	for _, tt := range []struct {
		history []Turn
		q       string
		query   string // Answer.Query: what was searched
		quote   string
	}{
		{nil, "請問淘寶直播2019年的GMV是多少？謝謝", "淘寶直播2019年的GMV是多少？", "2000亿元"},
		{nil, "请问淘宝直播2019年的GMV是多少？谢谢", "淘宝直播2019年的GMV是多少？", "2000亿元"},
		{user("淘寶直播2019年的GMV是多少？"), "該平台2020年的GMV是多少？", "淘寶直播2020年的GMV是多少？", "4000亿元"},
		{user("淘宝直播2019年的GMV是多少？"), "该平台2020年的GMV是多少？", "淘宝直播2020年的GMV是多少？", "4000亿元"},
	} {
		a, err := e.Ask(context.Background(), tt.q, Options{History: tt.history})
		if err != nil {
			t.Fatal(err)
		}
		if a.Query != tt.query {
			t.Errorf("Ask(%q): Query = %q, want %q", tt.q, a.Query, tt.query)
		}
		if a.Abstained || len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Quote, tt.quote) {
			t.Errorf("Ask(%q) = %q, want the sentence stating %s", tt.q, a.Text, tt.quote)
		}
	}
}

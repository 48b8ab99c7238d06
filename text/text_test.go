package text

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/citebot/citebot/seeds"
)

// seedLexicon is the lexicon of the embedded seeds: their catalog and glossary.
func seedLexicon(tb testing.TB) *Lexicon {
	tb.Helper()
	c, err := LoadCatalog(seeds.FS())
	if err != nil {
		tb.Fatal(err)
	}
	g, err := LoadGlossary(seeds.FS())
	if err != nil {
		tb.Fatal(err)
	}
	return NewLexicon(c, g)
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"What was Douyin's GMV in 2024?", English},
		{"¿Qué sistemas de pago móvil hay?", Spanish},
		{"que es el microcomercio", Spanish},
		{"抖音2024年的GMV是多少？", Chinese},
		{"PDD的增长", Chinese},
		{"What does 抖音 sell?", English},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.in); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	lex := seedLexicon(t)
	tests := []struct {
		in, lang string
		want     []string
	}{
		{"What was Douyin's GMV in 2024?", English, []string{"douyin", "gmv", "2024"}},
		{"¿Qué sistemas de pago móvil hay?", Spanish, []string{"sistem", "pag", "movil"}},
		// A name inside a Spanish sentence is not stemmed as Spanish ("China" would become "chin").
		{"El comercio de China y Estados Unidos", Spanish, []string{"comerci", "china", "estado", "unido"}},
		{"The total was 8,556 billion at jd.com", English, []string{"total", "8556", "billion", "jd.com", "jd", "com"}},
		{"Set notify.webhook", English, []string{"set", "notify.webhook", "notifi", "webhook"}},
		{"Sales grew and growth rose", English, []string{"sell", "grow", "grow", "rise"}},
		// English text borrows accented words and names that people type without their accents;
		// they are folded as Snowball's Spanish stemmer folds Spanish words.
		{"The Café opens Sunday, says Inés", English, []string{"cafe", "open", "sunday", "say", "ine"}},
		{"cafe, Ines", English, []string{"cafe", "ine"}},
		{"Inés dirige el museo de Bogotá", Spanish, []string{"ines", "dirig", "muse", "bogota"}},
		// A known word is one term, unknown stretches give bigrams, function words none.
		{"抖音2024年的GMV是多少？", Chinese, []string{"2024", "gmv", "抖音"}},
		{"小红书做电商", Chinese, []string{"小红书", "做", "电商"}},
	}
	for _, tt := range tests {
		got := lex.Terms(tt.in, tt.lang)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q, %s) = %q, want %q", tt.in, tt.lang, got, tt.want)
		}
	}
}

func TestSegmentCountsARunOnce(t *testing.T) {
	lex := seedLexicon(t)
	s := "拼多多的用户增长很快"
	var got []string
	for _, p := range lex.Segment(s) {
		tag := "?"
		switch {
		case p.Stop:
			tag = "stop"
		case p.Known:
			tag = "word"
		}
		got = append(got, s[p.Start:p.End]+"/"+tag)
	}
	want := []string{"拼多多/word", "的/stop", "用户/word", "增长/word", "很/stop", "快/?"}
	if !slices.Equal(got, want) {
		t.Errorf("Segment(%q) = %q, want %q", s, got, want)
	}
	// The cut with the fewest pieces wins over the longest word first (是什么 / 时候 …).
	s = "是什么时候发布的"
	got = nil
	for _, p := range lex.Segment(s) {
		got = append(got, s[p.Start:p.End])
	}
	if want := []string{"是", "什么时候", "发布", "的"}; !slices.Equal(got, want) {
		t.Errorf("Segment(%q) = %q, want %q", s, got, want)
	}
}

// The spoken question words are function words: asking "咋整" ("what now?") or "为啥" ("why") adds
// no word of content to a question, as 怎么办 and 为什么 do not.
func TestSpokenQuestionWordsAreStopWords(t *testing.T) {
	lex := seedLexicon(t)
	for _, w := range []string{"怎么办", "咋办", "咋整", "咋弄", "为啥", "啥时候"} {
		if got := lex.Terms(w, Chinese); len(got) != 0 {
			t.Errorf("Terms(%q) = %q, want none", w, got)
		}
	}
	if got := lex.Terms("抖音直播卡了咋整", Chinese); slices.Contains(got, "整") {
		t.Errorf("Terms(抖音直播卡了咋整) = %q, want no 整 (whole)", got)
	}
}

func TestGlosses(t *testing.T) {
	lex := seedLexicon(t)
	if got := lex.Glosses("PDD的增长", Chinese); !slices.Contains(got, "grow") {
		t.Errorf("Glosses(PDD的增长) = %q, want grow", got)
	}
	if got := lex.Glosses("¿Cuándo salió a bolsa en Estados Unidos?", Spanish); !slices.Contains(got, "unit") || !slices.Contains(got, "state") || !slices.Contains(got, "list") {
		t.Errorf("Glosses(Spanish) = %q, want united, states and listed", got)
	}
	if got := lex.Glosses("El microcomercio", English); len(got) != 0 {
		t.Errorf("Glosses(English text) = %q, want none (Spanish words gloss only in Spanish text)", got)
	}
}

func TestParseGlossaryErrors(t *testing.T) {
	for _, in := range []string{`{"es": {"": "x"}}`, `{"zh": {"abc": "x"}}`, `{"zh": {"增长": " "}}`, `[1]`} {
		if _, err := ParseGlossary([]byte(in)); err == nil {
			t.Errorf("ParseGlossary(%s) = nil error", in)
		}
	}
}

func TestCatalogFind(t *testing.T) {
	lex := seedLexicon(t)
	c := lex.Catalog()
	tests := []struct {
		in   string
		want []string
	}{
		// Han characters are word boundaries for Latin aliases: retrieval and answers agree.
		{"PDD的增长", []string{"Pinduoduo"}},
		{"Taobao Mall and TAOBAO", []string{"Tmall", "Taobao"}},
		{"Alipay is not Ali pay or Ali", []string{"Alipay", "Alipay", "Alibaba"}},
		{"JD.COM and jd", []string{"JD.com", "JD.com"}},
		{"Market share is A lot of spelling 、 Tiktok", []string{"Pinduoduo", "Douyin"}},
		{"Jitterbug", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range c.Find(tt.in) {
			got = append(got, m.Platform)
			if m.Start < 0 || m.End > len(tt.in) || m.Start >= m.End {
				t.Errorf("Find(%q): bad span %+v", tt.in, m)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCatalogNamesAndStrip checks that finding a question's platform names once gives what Names
// and Strip give, which find them each.
func TestCatalogNamesAndStrip(t *testing.T) {
	c := seedLexicon(t).Catalog()
	tests := []struct {
		in, stripped string
		names        []string
	}{
		{"What was Douyin's GMV, and Tiktok's?", "What was  's GMV, and  's?", []string{"Douyin"}},
		{"Taobao Mall and TAOBAO vs PDD的增长", "  and   vs  的增长", []string{"Tmall", "Taobao", "Pinduoduo"}},
		{"Who founded Jitterbug?", "Who founded Jitterbug?", nil},
	}
	for _, tt := range tests {
		names, stripped := c.NamesAndStrip(tt.in)
		if !slices.Equal(names, tt.names) || stripped != tt.stripped {
			t.Errorf("NamesAndStrip(%q) = %q, %q; want %q, %q", tt.in, names, stripped, tt.names, tt.stripped)
		}
		if !slices.Equal(names, c.Names(tt.in)) || stripped != c.Strip(tt.in) {
			t.Errorf("NamesAndStrip(%q) = %q, %q; Names and Strip give %q, %q", tt.in, names, stripped, c.Names(tt.in), c.Strip(tt.in))
		}
	}
}

func TestSubjects(t *testing.T) {
	lex := seedLexicon(t)
	tests := []struct {
		in   string
		want []string
	}{
		{"Douyin has achieved remarkable growth, with a GMV of over 3.5 trillion yuan in 2024, representing a 30% year-on-year increase, surpassing competitors like JD.com", []string{"Douyin"}},
		{"In 2021, Kwai GMV reached 6800 Billion, Tiktok GMV super 5000", []string{"Kuaishou", "Douyin"}},
		{"Market share is A lot of spelling 、 Tiktok and other platforms devour", []string{"Pinduoduo", "Douyin"}},
		{"toma plataformas de comercio electrónico como WeChat, Taobao y JD.com como núcleo", nil},
		{"Xiaohongshu sells its traffic to Alibaba for the first time", []string{"Xiaohongshu"}},
		{"The collaboration between Xiaohongshu and Alibaba marks a shift", []string{"Xiaohongshu", "Alibaba"}},
		{"With another e-commerce giant JD.COM comparison ,2021 In, the growth rate of Alibaba's e-commerce business has fallen", []string{"Alibaba"}},
		// "similar to" compares: the Douyin summary quoted this sentence about Xiaohongshu as a point.
		{"Xiaohongshu's core strength lies in converting community content into consumption scenarios, similar to Douyin's model, but with a focus on authentic user experiences", []string{"Xiaohongshu"}},
		// A platform after the verb that opens its clause is the verb's object: the clause has no
		// subject of its own (the JD.com summary opened with this sentence) or a pronoun is it.
		{"2015 year , a “ Put together the goods ” Social electricity APP available , Broke Ali 、 Jingdong's e-commerce bipolar pattern , Especially for small and medium-sized businesses .", nil},
		{"CEO Zhang yong , Leaving Taobao ( China ) Software Co., Ltd 、 Title of legal representative", nil},
		{"13 Years ago , Zhang Yong, who has just joined Alibaba for two years", nil},
		{"he also contributed to Alibaba 84.43% Revenue", nil},
		{"It pushed Taobao live broadcast to the position of boss .", nil},
		{"The company launched the Taobao app in 2010", nil},
		// A third-person present form after its pronoun subject is a verb too (the Alipay summary
		// quoted Ali's investments for "it supports Alipay"); after an article it is a plural noun.
		{"At the same time, it supports Alipay and wechat payment to snatch local life service payment scenarios", nil},
		{"Ali, which also owns Taobao, grew 20% in 2021", []string{"Alibaba"}},
		{"The platforms Taobao and JD grew in 2021", []string{"Taobao", "JD.com"}},
		// A verb form after an article is an adjective; before an auxiliary the platform is the
		// subject of a clause of its own; "Broke" is not a verb after the platform.
		{"Last year, the leading Douyin app grew 30%", []string{"Douyin"}},
		{"He thought WeChat would lead the field in 2024", []string{"WeChat"}},
		{"JD broke records in 2021", []string{"JD.com"}},
		// A sentence that states amounts is about the subjects whose clauses state them, and about
		// the one it leads with: a later subject whose clauses state none is a side remark (the
		// WeChat summary quoted Douyin's user figures for "Even wechat is trembling").
		{"Tiktok is based on Algorithm and massive short video , Has become the largest number of users in China ( Diurnal hyperactivity 7 Billion ), Highest viscosity ( The average daily use time of users is longer than 73 minute ) Short video applications for , Even wechat is trembling .", []string{"Douyin"}},
		{"from 2018 - 2020 year , Ali's share in China's e-commerce market has increased from 66% Down to 56%, Direct slump 10%, Market share is A lot of spelling 、 Tiktok and other platforms devour .", []string{"Alibaba"}},
		{"Douyin's GMV grew 30% to 3.5 trillion yuan in 2024, and even WeChat took notice", []string{"Douyin"}},
		{"To 2021 year , Kwai Kong Electric provider GMV reach 6800 One hundred million yuan , Tiktok e-commerce is over trillion yuan , Taobao is the only live broadcast 5000 One hundred million yuan , Has become the third .", []string{"Kuaishou", "Douyin", "Taobao"}},
		{"2011 Year of “ A double tenth ”, Taobao's turnover rose to 52 One hundred million yuan , Tmall contributed 33.6 One hundred million yuan .", []string{"Double 11", "Taobao", "Tmall"}},
		{"After tmall succeeds , Ali sat down PC The dominant position of China's e-commerce in the era .", []string{"Tmall", "Alibaba"}},
		{"Douyin grew fast, and even WeChat took notice", []string{"Douyin", "WeChat"}},
		// Amounts in Chinese numerals count as the claim's figures as digits do.
		{"抖音基于算法和海量短视频，日活跃用户达到七亿，连微信都在颤抖。", []string{"Douyin"}},
		{"抖音增长很快，连微信都在颤抖。", []string{"Douyin", "WeChat"}},
		// A platform that leads a subordinate clause is the sentence's subject only when the main
		// clause goes on about it by a pronoun (the Pinduoduo summary quoted Zhang Yong's duties
		// for "When pinduoduo rose"); a relative clause's platform is not the sentence's subject.
		{"in addition , When pinduoduo rose (2015 year -2016 year ), Zhang Yonggang is in charge of Alibaba group CEO, Jiang Fan needs to expand the mobile achievements", nil},
		{"If JD ignores pinduoduo, it is because its target customers are the middle class", []string{"JD.com"}},
		{"Although the Douyin mechanism has matured, it is not easy for small businesses to stand out", []string{"Douyin"}},
		{"Group buying grew fast in 2019, which Pinduoduo had pioneered", nil},
		{"Taobao lost sellers, while JD kept its customers", []string{"Taobao"}},
		{"Aunque Taobao crece, los vendedores prefieren otras tiendas", nil},
		// Inside a noun phrase: the platform a rival is compared with is an aside; the owner of
		// the success ("of") is what the clause is about, as is the place of the sales.
		{"A rival to Pinduoduo's model appeared in 2023", nil},
		{"The success of WeChat's mini programs surprised everyone in 2023", []string{"WeChat"}},
		{"Sales on Taobao rose 30% in 2021", []string{"Taobao"}},
		// A platform named only inside a bracketed aside is an example or a gloss, not the
		// subject (the WeChat summary quoted this for "( Wechat replaces QQ)"); a sentence wholly
		// in brackets is no aside.
		{"For example, mobile search / Information ( Headlines replace Baidu ), Mobile social networking ( Wechat replaces QQ), Mobile e-commerce .", nil},
		{"Douyin grew fast in 2024 ( WeChat grew too )", []string{"Douyin"}},
		{"(Douyin grew 30% in 2024.)", []string{"Douyin"}},
		// A bracket that holds only a name is a gloss of what stands before it, judged as the
		// clause it opens (the answer to "What is Taote?" is about Taobao).
		{"Ali e-commerce has been to 2020 I didn't react until the beginning of the year , Launched Taobao Special Edition ( Taote ),18 Users are active for.", []string{"Alibaba", "Taobao"}},
		// One item of a list led by something else is not the subject (the WeChat summary quoted
		// this for "Weibo 、 WeChat official account"); a list a platform leads, and a pair joined
		// by "and" alone, are.
		{"Jiang fan does content Ecology , It may be due to 2013 Years later, Weibo 、 WeChat official account 、 Today's headlines APP The impact of the rise .", nil},
		{"Weibo 、 youku and WeChat grew in 2013", nil},
		{"微博、微信公众号和今日头条迅速崛起", nil},
		{"Taobao 、 Weibo and WeChat grew in 2013", []string{"Taobao"}},
		{"Tencent and Alibaba are using local life services", []string{"Alibaba"}},
		// The same with commas: a later item of a comma list led by a name is no subject; a comma
		// after an opening word closes no name, and a list a platform leads is its subject.
		{"Weibo, WeChat and Toutiao are growing fast", nil},
		{"Weibo, Toutiao and WeChat are growing fast", nil},
		{"Weibo, Toutiao, and WeChat grew in 2013", nil},
		{"In 2013, Weibo, WeChat or Toutiao grew", nil},
		{"Weibo, Toutiao y WeChat crecieron en 2013", nil},
		{"However, WeChat and Douyin grew in 2013", []string{"WeChat", "Douyin"}},
		{"Last year, WeChat and Douyin grew", []string{"WeChat", "Douyin"}},
		{"Overall, WeChat and Douyin lead the market", []string{"WeChat", "Douyin"}},
		{"In 2013, WeChat and Weibo rose", []string{"WeChat"}},
		{"Taobao, Weibo and WeChat grew in 2013", []string{"Taobao"}},
		{"Taobao, JD and WeChat grew in 2013", []string{"Taobao", "JD.com", "WeChat"}},
		{"Weibo grew fast, WeChat grew faster", []string{"WeChat"}},
		// A platform after "by" is the agent or the means, not the subject ("Daishan … took over").
		{"In 2022 , By Ali “ Eighteen Luo Han ” Daishan, one of them, took over .", nil},
		{"By the Alibaba team's count, sales grew", nil},
		// Spanish third-person present forms are verbs after their subject, as English ones after
		// a pronoun: the platform after them is their object; "que" compares only after a
		// comparative ("más … que"), elsewhere it opens a clause.
		{"Los consumidores prefieren Douyin por sus vídeos cortos.", nil},
		{"Los compradores usan Taobao a diario.", nil},
		{"Taobao domina el mercado, pero los jóvenes prefieren Douyin.", []string{"Taobao"}},
		{"Pinduoduo ofrece precios bajos a los compradores.", []string{"Pinduoduo"}},
		{"Los analistas creen que WeChat liderará el comercio electrónico.", []string{"WeChat"}},
		{"Douyin vende más productos que Taobao.", []string{"Douyin"}},
		{"La compra en Taobao creció un 20 % en 2021.", []string{"Taobao"}},
	}
	for _, tt := range tests {
		got := Subjects(tt.in, lex.Catalog().Find(tt.in))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Subjects(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPostOf: a platform that only says whose post a person holds stays a subject, for answers (a
// question about Alibaba Group's CEO asks about such a sentence), and is listed in PostOf, so that a
// digest does not take the sentence for a point about the platform: the person is what it is about
// (the Alibaba summary quoted Zhang Yong leaving his titles as a point about Alibaba).
func TestPostOf(t *testing.T) {
	lex := seedLexicon(t)
	for _, tt := range []struct {
		in               string
		subjects, postOf []string
	}{
		{"As early as 4 month ,50 Alibaba chairman of the board of directors and chairman of the board of directors CEO Zhang yong , Leaving Taobao ( China ) Software Co., Ltd 、 Title of legal representative and chairman of Zhejiang tmall Technology Co., Ltd , By Ali “ Eighteen Luo Han ” Daishan, one of them, took over .",
			[]string{"Alibaba"}, []string{"Alibaba"}},
		{"The JD.com founder Liu Qiangdong said the company would grow in 2021", []string{"JD.com"}, []string{"JD.com"}},
		{"Alibaba's former CEO Daniel Zhang left the group in 2023", []string{"Alibaba"}, []string{"Alibaba"}},
		{"Xuande, general manager of Taobao content e-commerce division, once said the market was small", []string{"Taobao"}, []string{"Taobao"}},
		{"El fundador de Alibaba anunció su retirada en 2019", []string{"Alibaba"}, []string{"Alibaba"}},
		{"The head of Taobao resigned in 2019", []string{"Taobao"}, []string{"Taobao"}},
		{"阿里巴巴董事长张勇表示要继续投入", []string{"Alibaba"}, []string{"Alibaba"}},
		{"Alibaba's revenue grew 20% in 2021", []string{"Alibaba"}, nil},
		// A subject of another clause as well: the sentence is about the platform there.
		{"Alibaba chairman Zhang Yong left in 2022, and Alibaba cut 10% of its staff", []string{"Alibaba"}, nil},
		{"Taobao sellers left for Pinduoduo in 2015", []string{"Taobao"}, nil},
		{"Alibaba chairman Zhang Yong said that in 2021, Taobao grew 20%", []string{"Alibaba", "Taobao"}, []string{"Alibaba"}},
	} {
		d := Analyze("a.txt", tt.in, []Span{{0, len(tt.in)}}, nil, lex)
		if len(d.Sentences) != 1 {
			t.Fatalf("%q: %d sentences", tt.in, len(d.Sentences))
		}
		if s := d.Sentences[0]; !slices.Equal(s.Subjects, tt.subjects) || !slices.Equal(s.PostOf, tt.postOf) {
			t.Errorf("%q: subjects %q, post of %q; want %q, %q", tt.in, s.Subjects, s.PostOf, tt.subjects, tt.postOf)
		}
	}
}

func TestVerbForm(t *testing.T) {
	for _, w := range Words("broke took launched joined Leaving helping contributed") {
		if !verbForm(w) {
			t.Errorf("verbForm(%q) = false, want true", w.Lower)
		}
	}
	// Names, nouns and prepositions that end like a verb form, base forms, function words.
	for _, w := range Words("Beijing hundred evening regarding speed Ahmed give turn being 2021ed") {
		if verbForm(w) {
			t.Errorf("verbForm(%q) = true, want false", w.Lower)
		}
	}
}

func TestSpanishPresentForm(t *testing.T) {
	tests := []struct {
		in   string
		want bool // whether the last word is a verb's third-person present form
	}{
		{"los consumidores prefieren", true}, {"la empresa ofrece", true}, {"que domina", true},
		{"ella también usa", true}, {"los jóvenes siguen", true}, {"el grupo compite", true},
		{"los usuarios tienen", true}, {"la plataforma cuenta", true},
		// After an article, a possessive, a preposition or a number the form is a noun; alone it
		// may open a clause whose subject follows; a word that is no verb's form.
		{"la compra", false}, {"su cuenta", false}, {"nuestra marca", false}, {"de compra", false},
		{"prefieren", false}, {"el mercado", false}, {"la plataforma", false}, {"los consumidores son", false},
	}
	for _, tt := range tests {
		ws := Words(tt.in)
		if got := spanishPresentForm(ws, len(ws)-1); got != tt.want {
			t.Errorf("spanishPresentForm(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPresentForm(t *testing.T) {
	tests := []struct {
		in   string
		want bool // whether the last word is a verb's present form
	}{
		{"it supports", true}, {"which owns", true}, {"he also launches", true}, {"that directly carries", true},
		{"the platforms", false}, {"its users", false}, {"it has", false}, {"it focus", false},
		{"it xyzzys", false}, {"Taobao sells", false},
	}
	for _, tt := range tests {
		ws := Words(tt.in)
		if got := presentForm(ws, len(ws)-1); got != tt.want {
			t.Errorf("presentForm(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// blankLineParagraphs returns the spans of doc's paragraphs, the runs between blank lines (each
// paragraph of these tests is written once in its document).
func blankLineParagraphs(doc string) []Span {
	var paras []Span
	for _, p := range strings.Split(doc, "\n\n") {
		start := strings.Index(doc, p)
		paras = append(paras, Span{start, start + len(p)})
	}
	return paras
}

func TestAnalyzeKinds(t *testing.T) {
	lex := seedLexicon(t)
	doc := "---\ntitle: Hub manual\n---\n\n# Hub manual\n\nCurrent position:Home>Manuals\n\n2022-05-07 18:28:59\n\n## Readings arrive late\n\nCheck the Wi-Fi signal. It must be above -70 dBm.\n\n```\nhub reset --all\n```\n\n¿Qué significa microcomercio?\nEl microcomercio se refiere a un modelo.\n\nTroubleshooting\n\nRestart the hub in 2024."
	paras := blankLineParagraphs(doc)
	d := Analyze("m.md", doc, paras, nil, lex)
	var got []string
	for _, s := range d.Sentences {
		got = append(got, s.Kind+":"+doc[s.Start:s.End])
	}
	want := []string{"meta:---", "meta:title: Hub manual", "meta:---", "title:# Hub manual", "meta:Current position:Home>Manuals",
		"body:2022-05-07 18:28:59", "heading:## Readings arrive late", "body:Check the Wi-Fi signal.", "body:It must be above -70 dBm.",
		"meta:```", "code:hub reset --all", "meta:```", "question:¿Qué significa microcomercio?", "body:El microcomercio se refiere a un modelo.",
		"heading:Troubleshooting", "body:Restart the hub in 2024."}
	if !slices.Equal(got, want) {
		t.Errorf("Analyze kinds =\n%q\nwant\n%q", got, want)
	}
	byText := map[string]Sentence{}
	for _, s := range d.Sentences {
		byText[doc[s.Start:s.End]] = s
	}
	late := byText["It must be above -70 dBm."]
	if h := late.Heading; h < 0 || doc[d.Sentences[h].Start:d.Sentences[h].End] != "## Readings arrive late" || !late.Continues {
		t.Errorf("sentence under the heading: heading %d, continues %v", h, late.Continues)
	}
	if s := byText["Restart the hub in 2024."]; !s.Time || !slices.Equal(s.Figures, []string{"2024"}) {
		t.Errorf("figures = %q time %v, want 2024 and a time", s.Figures, s.Time)
	}
}

// The first line of a hard-wrapped paragraph is no title when the wrap carries it on, though the
// next line opens with a figure or a capital ("2.1 Adult membership is open to anyone aged 16 or
// over. Members aged" / "16 or 17 need …"); a notice's title over its text written as one long
// line stays a title, and so does a document's title over its byline.
func TestWrappedFirstLineIsNoTitle(t *testing.T) {
	lex := seedLexicon(t)
	doc := "Tidewell membership terms\nBy the Tidewell board, January 2026\n\nThese terms apply to every member.\n\n" +
		"2.1 Adult membership is open to anyone aged 16 or over. Members aged\n16 or 17 need a parent or guardian to sign the membership form and\n" +
		"may not enter outside staffed hours.\n\n" +
		"7 April 2025 - Tanners Road recycling centre closed for resurfacing\n" +
		"Tanners Road household recycling centre will be closed from Tuesday 22 April to Friday 2 May 2025 while its roadway is resurfaced.\n"
	wantKinds(t, quoteKinds(lex, "terms.txt", doc), map[string]string{
		"Tidewell membership terms":                                           KindTitle,
		"2.1 Adult membership is open to anyone aged 16 or over.":             KindBody,
		"7 April 2025 - Tanners Road recycling centre closed for resurfacing": KindHeading,
	})
}

// quoteKinds analyses doc (paragraphs parted by blank lines) and returns the kind of each sentence
// by its quote (see [QuoteSpan]).
func quoteKinds(lex *Lexicon, file, doc string) map[string]string {
	kinds := map[string]string{}
	for _, s := range Analyze(file, doc, blankLineParagraphs(doc), nil, lex).Sentences {
		sp := QuoteSpan(doc, Span{s.Start, s.End})
		kinds[doc[sp.Start:sp.End]] = s.Kind
	}
	return kinds
}

// wantKinds checks the kind of each quote of want among kinds.
func wantKinds(t *testing.T, kinds, want map[string]string) {
	t.Helper()
	for quote, k := range want {
		if got := kinds[quote]; got != k {
			t.Errorf("kind of %q = %q, want %q (all: %q)", quote, got, k, kinds)
		}
	}
}

// A trail of links is navigation; a path through an app's menus in a sentence is text ("Go to
// Settings › About. Version 3.2.0 …").
func TestBreadcrumbOrMenuPath(t *testing.T) {
	for line, want := range map[string]bool{
		"current position:Home>13 years of Alibaba e-commerce: Zhang Yong's merits and demerits": true,
		"Portada › Motor › Economía": true,
		"首页 > 汽车 > 深度观察":             true,
		"Go to Settings › About. Version 3.2.0, released on 14 July 2025, added the Notify me alerts.": false,
		"Yes, under Trips › Manage.": false,
	} {
		if got := LooksLikeBreadcrumb(line); got != want {
			t.Errorf("LooksLikeBreadcrumb(%q) = %v, want %v", line, got, want)
		}
	}
	doc := "## Which version do I have?\n\nGo to Settings › About. Version 3.2.0, released on 14 July 2025, added the Notify me alerts.\n"
	wantKinds(t, quoteKinds(seedLexicon(t), "faq.md", doc), map[string]string{
		"Version 3.2.0, released on 14 July 2025, added the Notify me alerts.": KindBody,
	})
}

// A Markdown quote ("> **Note:** …", a quoted opinion) is text to quote, not a breadcrumb's trail:
// a trail has a crumb before its first ">". Its quote drops the marker, unless a figure follows
// it ("> 50%" is a sign).
func TestMarkdownQuoteIsText(t *testing.T) {
	lex := seedLexicon(t)
	doc := "# Printing\n\n> **Note:** Print jobs are deleted after 24 hours.\n\n> 50% of jobs are collected.\n\nHome > Help > Printing\n"
	wantKinds(t, quoteKinds(lex, "printing.md", doc), map[string]string{
		"**Note:** Print jobs are deleted after 24 hours.": KindBody,
		"> 50% of jobs are collected.":                     KindBody,
		"Home > Help > Printing":                           KindMeta,
	})
}

// A table in plain text, its cells set apart by runs of spaces, is rows of text: its first line is
// no title of the lines under it, nor its second a subtitle. A title over typewritten text, whose
// sentences two spaces part, stays a heading.
func TestAnalyzeAlignedColumns(t *testing.T) {
	lex := seedLexicon(t)
	doc := "SUPPORTED VERSIONS\n\n  2.4.x   bug fixes and security fixes\n  2.3.x   security fixes only, until 2025-08-25\n" +
		"  2.2.x and older   not supported\n\nReporting a problem\nWrite to us.  We answer within a week.\n"
	wantKinds(t, quoteKinds(lex, "SECURITY.txt", doc), map[string]string{
		"2.4.x   bug fixes and security fixes":          KindBody,
		"2.3.x   security fixes only, until 2025-08-25": KindBody,
		"2.2.x and older   not supported":               KindBody,
		"Reporting a problem":                           KindHeading,
	})
}

// A converted document's literal lines (a web page's own text) are read as text whatever they open
// with: "#", ">", "```" or a rule under a line are characters there, not a heading, a quote, a fence
// or a setext underline; lines it does not list (the converter's headings and code fences) keep
// their Markdown meaning, and the content's own clues (a breadcrumb's trail) still count. Read as
// authored Markdown, the same text is headings, quotes and code.
func TestAnalyzeLiteralLines(t *testing.T) {
	lex := seedLexicon(t)
	doc := "# Sellers\n\n# 1 seller in 2023 was Taobao.\n\n> 50% of buyers use Pinduoduo.\n\n```bash opens a fence in Markdown.\n\n" +
		"Kuaishou follows with Kwai abroad.\n\nAlipay pays for it all\n---\n\n```go\nfmt.Println(1)\n```\n\nHome > News > Taobao"
	var paras []Span
	var literal LiteralLines
	for i, p := range strings.Split(doc, "\n\n") {
		start := strings.Index(doc, p)
		paras = append(paras, Span{start, start + len(p)})
		if i == 0 || strings.HasPrefix(p, "```go") {
			continue // the converter's heading and code block
		}
		for off := start; off < start+len(p); off += strings.IndexByte(doc[off:]+"\n", '\n') + 1 {
			literal = append(literal, off)
		}
	}
	kinds := func(literal LiteralLines) []string {
		var got []string
		for _, s := range Analyze("page.html", doc, paras, literal, lex).Sentences {
			got = append(got, s.Kind+":"+doc[s.Start:s.End])
		}
		return got
	}
	want := []string{"title:# Sellers", "body:# 1 seller in 2023 was Taobao.", "body:> 50% of buyers use Pinduoduo.", "body:```bash opens a fence in Markdown.",
		"body:Kuaishou follows with Kwai abroad.", "body:Alipay pays for it all", "meta:---", "meta:```go", "code:fmt.Println(1)", "meta:```", "meta:Home > News > Taobao"}
	if got := kinds(literal); !slices.Equal(got, want) {
		t.Errorf("Analyze kinds with literal lines =\n%q\nwant\n%q", got, want)
	}
	markdown := []string{"title:# Sellers", "heading:# 1 seller in 2023 was Taobao.", "body:> 50% of buyers use Pinduoduo.", "meta:```bash opens a fence in Markdown.",
		"code:Kuaishou follows with Kwai abroad.", "code:Alipay pays for it all", "code:---", "meta:```go", "body:fmt.Println(1)", "meta:```", "code:Home > News > Taobao"}
	if got := kinds(nil); !slices.Equal(got, markdown) {
		t.Errorf("Analyze kinds as Markdown =\n%q\nwant\n%q", got, markdown)
	}
}

// TestAnalysisIsPlainData: a document's analysis survives a JSON round trip unchanged, so the
// index can store it as it is.
func TestAnalysisIsPlainData(t *testing.T) {
	lex := seedLexicon(t)
	doc := "Douyin grew 30% in 2024 [3]. The platform sells through videos. 抖音是个好老师。"
	d := Analyze("a.txt", doc, []Span{{0, len(doc)}}, nil, lex)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Doc
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d, back) {
		t.Errorf("JSON round trip changed the analysis:\n%+v\n%+v", d, back)
	}
	if got := d.Sentences[1].Carried; !slices.Equal(got, []string{"Douyin"}) {
		t.Errorf("carried subjects of %q = %q, want Douyin", doc[d.Sentences[1].Start:d.Sentences[1].End], got)
	}
	if !d.Sentences[0].HasTerm("grow") || d.Sentences[0].HasTerm("douyin") || slices.Contains(d.Sentences[0].Figures, "3") {
		t.Errorf("sentence 0 terms %q figures %q: want grow, no platform name, no footnote figure", d.Sentences[0].Terms, d.Sentences[0].Figures)
	}
}

// TestCarried: a sentence with no platform as a subject that points back goes on about what the
// sentence before it is about; one that opens with connectives only ("and", "meanwhile", "so to
// speak") and no word pointing back after them does not (the WeChat summary quoted "and 2015 In,
// Wang Sicong and other players entered the game …" after a sentence about WeChat).
func TestCarried(t *testing.T) {
	lex := seedLexicon(t)
	tests := []struct {
		next string
		want []string
	}{
		{"The platform added live shops.", []string{"WeChat"}},
		{"However, the platform slowed in 2015.", []string{"WeChat"}},
		{"But that's all 6 Months , The division was dissolved .", []string{"WeChat"}},
		{"It kept growing.", []string{"WeChat"}},
		{"and 2015 In, Wang Sicong and other players entered the game and broadcast live .", nil},
		{"meanwhile , A small merchant raised a flag to besiege the headquarters .", nil},
		{"so to speak , Behind the success are millions of small sellers .", nil},
	}
	for _, tt := range tests {
		doc := "WeChat official account rose after 2013 . " + tt.next
		d := Analyze("a.txt", doc, []Span{{0, len(doc)}}, nil, lex)
		if len(d.Sentences) != 2 {
			t.Fatalf("%q: %d sentences, want 2", doc, len(d.Sentences))
		}
		if got := d.Sentences[1].Carried; !slices.Equal(got, tt.want) {
			t.Errorf("carried subjects of %q = %q, want %q", tt.next, got, tt.want)
		}
	}
}

// TestGlossaryMarshalRoundTrip checks that a glossary written with MarshalJSON reads back equal and
// writes the same bytes again (the index snapshot stores it and keys itself by those bytes).
// TestSpanishForms: a Spanish word the glossary lists in another form is glossed as that form
// ("trayectos" as "trayecto", "fabricó" as "fabricar"); a phrase still wins over its first word,
// and a capitalised word inside a sentence is a name, matched only as written.
func TestSpanishForms(t *testing.T) {
	g, err := ParseGlossary([]byte(`{"es": {"trayecto": "journey | route", "fabricar": "make | manufacture", "cuota de mercado": "market share", "cuota": "quota", "sol": "sun"}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text, key string
		n         int
	}{
		{"trayectos en bicicleta", "trayecto", 1},
		{"fabricó los tranvías", "fabricar", 1},
		{"cuota de mercado", "cuota de mercado", 3},
		{"cuotas altas", "cuota", 1},
		{"bicicletas", "", 0},
	} {
		if key, n := g.SpanishMatch(Words(c.text), 0); key != c.key || n != c.n {
			t.Errorf("SpanishMatch(%q) = %q, %d; want %q, %d", c.text, key, n, c.key, c.n)
		}
	}
	ws := Words("la empresa Soles vende")
	if key, n := g.SpanishMatch(ws, 2); n != 0 {
		t.Errorf("SpanishMatch(Soles inside a sentence) = %q: a capitalised word there is a name", key)
	}
	if gl, _ := g.Spanish(Words("trayectos"), 0); len(gl) != 2 || gl[0] != "journey" {
		t.Errorf("Spanish(trayectos) = %q, want the glosses of trayecto", gl)
	}
	// Forms of different words may share a stem ("cama", "cámara": "cam"); an unlisted form is the
	// listed one it shares the longest beginning with, whatever their order in the glossary.
	g, err = ParseGlossary([]byte(`{"es": {"cama": "bed", "cámara": "camera", "sed": "thirst", "sede": "headquarters"}}`))
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{"cámaras": "camara", "camas": "cama", "sedes": "sede"} {
		if key, _ := g.SpanishMatch(Words(text), 0); key != want {
			t.Errorf("SpanishMatch(%q) = %q, want %q", text, key, want)
		}
	}
}

func TestGlossaryMarshalRoundTrip(t *testing.T) {
	g, err := ParseGlossary([]byte(`{"es": {"Crecimiento": "growth", "estados unidos": "United States | USA"}, "zh": {"增长": "growth | grow"}}`))
	if err != nil {
		t.Fatal(err)
	}
	a, err := g.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	g2, err := ParseGlossary(a)
	if err != nil {
		t.Fatalf("ParseGlossary(%s) = %v", a, err)
	}
	b, _ := g2.MarshalJSON()
	same := reflect.DeepEqual(g.es, g2.es) && reflect.DeepEqual(g.zh, g2.zh) && g.esMaxLen == g2.esMaxLen &&
		reflect.DeepEqual(g.esStem(), g2.esStem()) // a func: its maps, built on first use
	if string(a) != string(b) || !same {
		t.Errorf("glossary round trip: %s then %s", a, b)
	}
}

func TestFiguresAndYearRanges(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		time bool
	}{
		{"2017~2020 The net profit for the year is 614.12", []string{"2017", "2020", "2018", "2019", "614.12"}, true},
		{"2016 year -2021 year , GMV", []string{"2016", "2021", "2017", "2018", "2019", "2020"}, true},
		{"from 2018 - 2020 year , Ali's share", []string{"2018", "2020", "2019"}, true},
		{"It grew 30% [3] to 8,556 billion", []string{"30", "8556|8556000000000"}, false},
		{"You may use it in May 2024", []string{"2024"}, true},
		{"You may use it", nil, false},
		{"Built in 1891 by Hanomag", []string{"1891"}, true},
		{"It weighs 1750 kg", []string{"1750"}, false},
		{"That year 10 month", []string{"10"}, true},
		// A decimal comma keeps a number whole; dots before it part thousands.
		{"suministró el 36,8 % y BYD el 15,8 %", []string{"36.8", "15.8"}, false},
		{"costó 1.234,5 euros, 2,75 el billete", []string{"1234.5", "2.75"}, false},
		{"capítulos 1, 2 y 3,500,000 visitas", []string{"1", "2", "3500000"}, false},
	}
	for _, tt := range tests {
		got, time, _ := figures(tt.in)
		if !slices.Equal(got, tt.want) || time != tt.time {
			t.Errorf("figures(%q) = %q, %v; want %q, %v", tt.in, got, time, tt.want, tt.time)
		}
	}
	// A month named with no figure beside it says when in words; an abbreviation ("mar", the
	// Spanish sea) or an ambiguous month ("may") does not.
	for in, want := range map[string]bool{
		"The Christmas dinner is held in mid-January.": true,
		"La feria se celebra cada octubre.":            true,
		"You may use it in May 2024":                   false,
		"Vivimos cerca del mar.":                       false,
		"Payment is due on 3 March.":                   false,
	} {
		if _, _, month := figures(in); month != want {
			t.Errorf("figures(%q): month %v, want %v", in, month, want)
		}
	}
}

// TestPosts: the posts people hold that a sentence names, an answer to who as a name is.
func TestPosts(t *testing.T) {
	lex := NewLexicon(nil, nil)
	for doc, want := range map[string][]string{
		"Longer extensions can only be granted by the exams officer.":   {"officer"},
		"It has to be approved by the head of department.":              {"head"},
		"La expulsión la decide la directora de la residencia.":         {"directora"},
		"请联系宿舍负责人。":                                                     {"负责人"},
		"Our staff and the whole team will help you.":                   nil,
		"Keep your head down and follow the signs to the exit, please.": nil,
	} {
		if got := Analyze("a.txt", doc, []Span{{0, len(doc)}}, nil, lex).Sentences[0].Roles; !slices.Equal(got, want) {
			t.Errorf("Roles of %q = %q, want %q", doc, got, want)
		}
	}
}

func TestAsides(t *testing.T) {
	lex := seedLexicon(t)
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"Douyin has achieved remarkable growth, surpassing competitors like JD.com", []string{"JD.com"}},
		{"toma plataformas como WeChat, Taobao y JD.com como núcleo", []string{"WeChat", "Taobao", "JD.com"}},
		{"Zhang yong a move Created the world's largest shopping festival “ A double tenth ”", nil},
		{"Douyin vende más productos que Taobao.", []string{"Taobao"}},
	} {
		if got := Asides(tt.in, lex.Catalog().Find(tt.in)); !slices.Equal(got, tt.want) {
			t.Errorf("Asides(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSentenceFacts: what kinds of answer a sentence can give, computed once at index time.
func TestSentenceFacts(t *testing.T) {
	lex := seedLexicon(t)
	doc := "Burrow sends a JSON report after each backup. The report has the fields `status` and `bytes_added`. " +
		"By default the settings are in `~/.config/burrow/burrow.toml`. " +
		"2022 year 2 month 22 Japan , Kwai announced it, because Taobao links cost 283 million yuan. " +
		"He persuaded twenty-seven merchants."
	d := Analyze("a.txt", doc, []Span{{0, len(doc)}}, nil, lex)
	get := func(prefix string) Sentence {
		for _, s := range d.Sentences {
			if strings.HasPrefix(doc[s.Start:], prefix) {
				return s
			}
		}
		t.Fatalf("no sentence starts with %q", prefix)
		return Sentence{}
	}
	if s := get("The report"); !s.Continues {
		t.Errorf("'The report …' after a sentence about a report should continue it")
	}
	// The other side of a limit the sentence before set, and "otherwise", go on with it; a figure
	// the sentence before does not hold opens a new rule.
	limits := "Parking is free for the first 3 hours. After 3 hours, parking costs £1.50 per hour. " +
		"Register your car at reception. Otherwise you pay from the first hour. " +
		"Lockers cost £1. After 6 pm the doors close. " +
		"Bikes are free for 2 hours. After 2h, a bike costs €3."
	ld := Analyze("b.txt", limits, []Span{{0, len(limits)}}, nil, lex)
	for i, want := range []bool{false, true, false, true, false, false, false, true} {
		if s := ld.Sentences[i]; s.Continues != want {
			t.Errorf("%q: continues %v, want %v", limits[s.Start:s.End], s.Continues, want)
		}
	}
	// A sentence that opens with "such", with a preposition or conjunction whose object or subject
	// points back ("Until then", "Por eso", "While it waits") or with the reason of what the sentence before says continues it; one that
	// opens with its own reason clause ("Because …, X") or a condition does not: it stands alone.
	pointing := "Never keep a repository inside a synced folder. Such services upload half-written files. " +
		"The data stays until prune runs. Until then, recover can bring it back. " +
		"Day passes are limited. The reason is the size of the spa. " +
		"El parque cierra en enero. Por eso no hay visitas. " +
		"Membership is free. If you live elsewhere, bring a payslip. " +
		"Shops open at 9. Because of the heat, they close at 2 in summer. " +
		"Because buyers complained, the platform changed its rules. " +
		"请不要每次备份后都运行 prune。原因是 prune 需要独占锁。" +
		"The drain pan can fill with water. When this is the cause, the screen goes blank. " +
		"Tips are paid monthly. For example, March tips are paid in April. " +
		"Check the fuse. If not, call us. " +
		// Any conjunction of time or concession before a pronoun that points back: "While it
		// waits" is the wait of the sentence before; "While prices rose" is a clause of its own.
		"The compressor has a minimum off time. While it waits, the screen shows a snowflake. " +
		"Members vote at the meeting. Although they may send a proxy, most attend. " +
		"While prices rose, sales held."
	pd := Analyze("c.txt", pointing, []Span{{0, len(pointing)}}, nil, lex)
	for i, want := range []bool{false, true, false, true, false, true, false, true, false, false, false, false, false, false, true,
		false, true, false, true, false, true, false, true, false, true, false} {
		if s := pd.Sentences[i]; s.Continues != want {
			t.Errorf("%q: continues %v, want %v", pointing[s.Start:s.End], s.Continues, want)
		}
	}
	if s := get("By default"); !s.Place {
		t.Errorf("a sentence with a path should say where")
	}
	s := get("2022 year")
	if !slices.Equal(s.Amounts, []string{"283|283000000"}) || !s.Reason || !slices.Contains(s.Names, "kwai") && !slices.Contains(s.Names, "japan") {
		t.Errorf("facts of %q: amounts %q (want only 283, with its value 283000000: not the year, not the date parts), reason %v, names %q", doc[s.Start:s.End], s.Amounts, s.Reason, s.Names)
	}
	zh := "抖音电商的成交额去年达到三千亿元。"
	if s := Analyze("zh.txt", zh, []Span{{0, len(zh)}}, nil, lex).Sentences[0]; len(s.Amounts) == 0 || !slices.Equal(s.Amounts, s.Figures) {
		t.Errorf("amounts of %q = %q, want its figure in Chinese numerals, %q", zh, s.Amounts, s.Figures)
	}
	if s := get("He persuaded"); !s.NumberWord {
		t.Errorf("'twenty-seven' is a number in words")
	}
	// A Chinese number in words is a run of numerals as hanAmounts reads one, or 半; a lone 一 is
	// a count only before a measure word ("每年一次"; not "一起", "统一"), and an ordinal or a date
	// is no count.
	for zh, want := range map[string]bool{
		"县里的快递共配中心把包裹集中在一起，统一分拣后送到各个乡镇和村。": false,
		"每年体检一次。":      true,
		"第三届活动在十二月举行。": false,
		"两家公司合并了。":     true,
		"成交额达到三千亿元。":   true,
		"一半的订单来自农村。":   true,
		"每年十五个工作日的年假。": true,
	} {
		if s := Analyze("zh.txt", zh, []Span{{0, len(zh)}}, nil, lex).Sentences[0]; s.NumberWord != want {
			t.Errorf("%q: number word %v, want %v", zh, s.NumberWord, want)
		}
	}
	es := "El microcomercio se refiere a un modelo de comercio electrónico que usa las redes sociales."
	if s := Analyze("es.txt", es, []Span{{0, len(es)}}, nil, lex).Sentences[0]; !slices.Contains(s.Defines, "microcomerci") || !slices.Contains(s.Defines, "micro") {
		t.Errorf("defines = %q, want microcomercio and its English gloss", s.Defines)
	}
	// A term given its other name in brackets is the term its sentence introduces; a bracket
	// that gives something else defines nothing.
	for s, want := range map[string]string{
		"The swing (also called the differential or cycle rate) decides how far the room may drift.": "swing",
		"La fianza (también llamada depósito) se devuelve al salir.":                                 "fianz",
		"The swing (0.5 °C by default) decides how far the room may drift.":                          "",
	} {
		got := Analyze("t.txt", s, []Span{{0, len(s)}}, nil, lex).Sentences[0].Defines
		if want == "" && len(got) > 0 || want != "" && !slices.Contains(got, want) {
			t.Errorf("%q: defines %q, want %q", s, got, want)
		}
	}
}

// A sentence that opens with a verb and its object takes its subject from the sentence before
// ("Elena Marchetti, non-executive director. Chairs the Audit Committee."): it continues it, so an
// answer that quotes it quotes the name too. A plural noun, a scene-setting participle, a gerund,
// an adverb in -s and a Spanish sentence ("Gracias a …") open sentences of their own.
func TestSentenceOpeningWithAVerbContinues(t *testing.T) {
	lex := seedLexicon(t)
	en := "Elena Marchetti, non-executive director. Chairs the Audit Committee. " +
		"Harriet Quaye, Chair. Joined the Board in 2018. " +
		"Costs went up. Prices rose by 5% in 2024. " +
		"The festival is small. Founded in 2011, the festival grew. " +
		"Our app is new. Using the app is free. " +
		"We moved offices. Towards the end of 2023 we moved again. " +
		"Sales grew. Sometimes the shop closes early."
	d := Analyze("board.txt", en, []Span{{0, len(en)}}, nil, lex)
	for i, want := range []bool{false, true, false, true, false, false, false, false, false, false, false, false, false, false} {
		if s := d.Sentences[i]; s.Continues != want {
			t.Errorf("%q: continues %v, want %v", en[s.Start:s.End], s.Continues, want)
		}
	}
	es := "Harrowmere está hermanado con Castrobello. Gracias a ese hermanamiento, la asociación recibe entradas."
	if d := Analyze("guia.txt", es, []Span{{0, len(es)}}, nil, lex); len(d.Sentences) != 2 || d.Sentences[1].Continues {
		t.Errorf("a Spanish sentence opening %q continues the one before", "Gracias a")
	}
}

// TestPersonsAndClockTimes: two capitalised words in a row name a person unless an article comes
// before them ("the Goods Shed" is a thing); the hours and minutes of a clock time are a time of
// day, not amounts a "how many" question could be answered with.
func TestPersonsAndClockTimes(t *testing.T) {
	lex := seedLexicon(t)
	first := func(doc string) Sentence {
		return Analyze("a.txt", doc, []Span{{0, len(doc)}}, nil, lex).Sentences[0]
	}
	for _, c := range []struct {
		doc    string
		person bool
	}{
		{"The railbus is displayed in the Goods Shed with its timetable boards.", false},
		{"La locomotora está en la Sala Norte desde 1990.", false},
		{"The line was laid out by the engineer Eugenio Llamas in 1901.", true},
		{"Ask our accessibility officer, Rubén Calvo, at the desk.", true},
		{"The CEO Zhang Yong announced it.", true},
		// A Chinese surname spelt like a function word, after a lower-case word.
		{"Zeekr is run by chief executive An Conghui, a Geely manager.", true},
		{"Shares rose after founder He Xiaopeng spoke.", true},
		// At the start of a sentence it is the word.
		{"An Apple store opened.", false},
	} {
		if got := first(c.doc).Person; got != c.person {
			t.Errorf("Person of %q = %v, want %v", c.doc, got, c.person)
		}
	}
	s := first("El taller abre los martes y los jueves de 9:00 a 14:00.")
	if len(s.Amounts) != 0 || !s.TimeWord {
		t.Errorf("amounts %q, time word %v: a clock time is a time of day, not an amount", s.Amounts, s.TimeWord)
	}
	if s := first("The tour lasts 45 minutes and starts at 10:30."); !slices.Equal(s.Amounts, []string{"45"}) {
		t.Errorf("amounts %q, want only 45 (10:30 is a clock time)", s.Amounts)
	}
	// A number of days or months is a duration, an amount a "how long" question asks for; a
	// month or day after a figure other than 1 writes a date in seed 004's machine translation.
	for doc, want := range map[string][]string{
		"Lost property is kept for 28 days, then handed to the police.": {"28"},
		"The file is removed for good after 30 days.":                   {"30"},
		"El abono dura 6 meses.":                                        {"6"},
		"A pass is valid for 1 day.":                                    {"1"},
		"2023 year 7 month 26 Japan, Volkswagen invested.":              nil,
	} {
		if s := first(doc); !slices.Equal(s.Amounts, want) {
			t.Errorf("amounts of %q = %q, want %q", doc, s.Amounts, want)
		}
	}
}

// TestTitleLines: a paragraph's first line that titles the text under it (bylaws, notices, plain
// text handbooks, a numbered section of a policy) is a heading, never quoted; the first line of a
// hard-wrapped paragraph is not, nor a numbered list's item, and the sentence wrapped across its
// lines is one sentence.
func TestTitleLines(t *testing.T) {
	lex := seedLexicon(t)
	doc := "CONDICIONES DE USO\n\nArtículo 3. Alta y edad mínima\nPara darse de alta hay que tener al menos 16 años.\n\n" +
		"8 January 2024 - Six new bike stations\nSix new stations open on Thursday 1 February 2024.\n\n" +
		"二、储物柜\n每人一个储物柜。\n\n" +
		"The museum is closed on Mondays, except when a Monday is a\npublic holiday, and on 25 December.\n\n" +
		"Opening hours\n- Summer: 10:00 to 19:00\n\n" +
		// A numbered section's title (policies in plain text), also before the section's first
		// clause; not a numbered list's items, nor an item a hard wrap carries on.
		"9. GROUP BOOKINGS (5 TO 19 ROOMS)\nA deposit of 25 % is due when the group contract is signed.\n\n" +
		"4. How long items are kept\nFound items are kept for 60 days.\n\n" +
		"6. Official resale\n6.1 The only approved way to sell a ticket is the app.\n\n" +
		"1. Open the app\n2. Tap the gear icon\n\n" +
		"1. All bookings now go through RoomDesk, our new online booking system, in the\nGo app or at rooms.example.org.\n\n" +
		// A notice's title under the rule that separates it from the notice before.
		"------------------------------\n2 March 2025 — Spring workday\n\nThe first workday is Saturday 12 April.\n\n" +
		// A question in emphasis is a question, not an answer to quote.
		"- **能借笔记本电脑吗？** 可以。每次 4 小时。\n"
	var ps []Span
	for start := 0; start < len(doc); {
		end := strings.Index(doc[start:], "\n\n")
		if end < 0 {
			end = len(doc) - start
		}
		ps = append(ps, Span{start, start + end})
		start += end + 2
	}
	d := Analyze("a.txt", doc, ps, nil, lex)
	kinds := map[string]string{}
	for _, s := range d.Sentences {
		kinds[doc[s.Start:s.End]] = s.Kind
	}
	for text, want := range map[string]string{
		"Alta y edad mínima": KindHeading,
		"Para darse de alta hay que tener al menos 16 años.": KindBody,
		"8 January 2024 - Six new bike stations":             KindHeading,
		"Six new stations open on Thursday 1 February 2024.": KindBody,
		"二、储物柜":    KindHeading,
		"每人一个储物柜。": KindBody,
		"The museum is closed on Mondays, except when a Monday is a\npublic holiday, and on 25 December.": KindBody,
		"GROUP BOOKINGS (5 TO 19 ROOMS)":                              KindHeading,
		"A deposit of 25 % is due when the group contract is signed.": KindBody,
		"How long items are kept":                                     KindHeading,
		"Official resale":                                             KindHeading,
		"2 March 2025 — Spring workday":                               KindHeading,
		"The first workday is Saturday 12 April.":                     KindBody,
		"**能借笔记本电脑吗？**":                                               KindQuestion,
		"Open the app":                                                KindBody,
		"Tap the gear icon":                                           KindBody,
		"All bookings now go through RoomDesk, our new online booking system, in the\nGo app or at rooms.example.org.": KindBody,
	} {
		if got, ok := kinds[text]; !ok || got != want {
			t.Errorf("%q: kind %q (found %v), want %q; sentences: %q", text, got, ok, want, kinds)
		}
	}
}

// TestClosingTitleLines: a title-shaped line that ends a paragraph after a line of text is a
// headline (seed 001 ends its summary with its Chinese title on the next line): still quotable body
// text, but never a digest's point; the last line of a hard-wrapped sentence, one more unpunctuated
// line under another, a list item and a table row are none.
func TestClosingTitleLines(t *testing.T) {
	lex := seedLexicon(t)
	for _, c := range []struct {
		doc, line string
		want      bool
	}{
		{"Xiaohongshu's recent rebranding indicates a shift towards user engagement [13][14] - The platform aims to expand its content offerings while preparing for a more robust e-commerce environment [14][15]\n小红书做电商,抖音是个好老师",
			"小红书做电商,抖音是个好老师", true},
		{"The museum opens at ten every day.\nVisiting the workshops\n\nThe workshops open at noon.", "Visiting the workshops", true},
		{"The museum is closed on Mondays, except when a Monday is a\npublic holiday and the day after it", "The museum is closed on Mondays, except when a Monday is a\npublic holiday and the day after it", false},
		{"Lockers are for staff only.\n\nOpening hours\nMonday to Friday 9:00 to 17:00", "Monday to Friday 9:00 to 17:00", false},
		{"Lockers are for staff only.\n- Keys at the desk", "Keys at the desk", false},
		{"Where is the café?\nOn the first floor", "On the first floor", false},
		{"Two rooms are open for visits:\nThe engine shed and the workshop", "The engine shed and the workshop", false},
		{"Prices are these:\n| Adult | 5 |", "| Adult | 5 |", false},
	} {
		d := Analyze("a.txt", c.doc, blankLineParagraphs(c.doc), nil, lex)
		found := false
		for _, s := range d.Sentences {
			if strings.TrimSpace(c.doc[s.Start:s.End]) == c.line {
				found = true
				if s.Headline != c.want || s.Kind != KindBody {
					t.Errorf("%q: headline %v, kind %q; want headline %v, kind body", c.line, s.Headline, s.Kind, c.want)
				}
			}
		}
		if !found {
			var got []string
			for _, s := range d.Sentences {
				got = append(got, c.doc[s.Start:s.End])
			}
			t.Errorf("%q: no such sentence in %q", c.line, got)
		}
	}
}

// TestSubtitles: a line under a document's title that does not end like a sentence is its subtitle
// or dek: not quoted and not the heading of the text under it (the title is); a line under the title
// that ends like a sentence is the text's first sentence, and once text has come, a short unpunctuated
// line under a heading is not a subtitle either.
func TestSubtitles(t *testing.T) {
	lex := seedLexicon(t)
	for _, c := range []struct {
		doc, line, want string
	}{
		{"PROGRAMA DE VOLUNTARIADO\nMuseo del Ferrocarril - documento para nuevos voluntarios (edición de enero de 2024)\n\nDesde 1990 el museo funciona gracias a sus voluntarios.\n",
			"Museo del Ferrocarril - documento para nuevos voluntarios (edición de enero de 2024)", KindMeta},
		{"GULL SERVICE NOTICES\nPort Calder Mobility Company - notices to riders, January to June 2024\n\nExtra trams run on Line T1.\n",
			"Port Calder Mobility Company - notices to riders, January to June 2024", KindMeta},
		{"QUAYSIDE DENTAL CLINIC\nIssued by Graham Pike, practice manager, on 6 January 2025.\n\nEvery member of staff reads it.\n",
			"Issued by Graham Pike, practice manager, on 6 January 2025.", KindBody},
		{"RULES\n\nLockers are for staff only.\n\nOpening hours\nMonday to Friday 9:00 to 17:00\n",
			"Monday to Friday 9:00 to 17:00", KindBody},
	} {
		var ps []Span
		for start := 0; start < len(c.doc); {
			end := strings.Index(c.doc[start:], "\n\n")
			if end < 0 {
				end = len(c.doc) - start
			}
			ps = append(ps, Span{start, start + end})
			start += end + 2
		}
		d := Analyze("a.txt", c.doc, ps, nil, lex)
		found := false
		for _, s := range d.Sentences {
			if c.doc[s.Start:s.End] == c.line {
				found = true
				if s.Kind != c.want {
					t.Errorf("%q: kind %q, want %q", c.line, s.Kind, c.want)
				}
			}
			if s.Kind == KindBody && s.Heading >= 0 && d.Sentences[s.Heading].Kind == KindMeta {
				t.Errorf("%q has a subtitle for its heading", c.doc[s.Start:s.End])
			}
		}
		if !found {
			t.Errorf("%q: no such sentence in %q", c.line, c.doc)
		}
	}
}

// TestHoldsAmount: a figure in the years' range followed by a magnitude counts something; a year, a
// date part, a footnote marker, a figure the question gave and the partitive "one of" do not.
func TestHoldsAmount(t *testing.T) {
	for _, c := range []struct {
		s     string
		asked []string
		want  bool
	}{
		{"2019 year , Taobao live GMV reach 2000 One hundred million yuan .", []string{"2019"}, true},
		{"淘宝直播GMV达到2000亿元", nil, true},
		{"Its share fell to 56% in 2020", []string{"2020"}, true},
		{"It was founded in 2011 , and renamed in 2012 .", nil, false},
		{"2013 year 8 Monthly strategic capital injection UCweb, One of the entrances to the mobile era", nil, false},
		{"on 2 month 22 Japan the merchants protested [3]", nil, false},
		{"The author has nine years of experience", nil, true},
		{"It sold 283 units", []string{"283"}, false},
	} {
		if got := HoldsAmount(c.s, c.asked); got != c.want {
			t.Errorf("HoldsAmount(%q, %q) = %v, want %v", c.s, c.asked, got, c.want)
		}
	}
}

// TestTimeWord: a weekday, a part of the day, a season or a clock time says when without a date.
func TestTimeWord(t *testing.T) {
	for s, want := range map[string]bool{
		"每个月第一个星期一，储物柜统一清洁检查。":                                 true,
		"Check the fridges twice a day, at 7:00 and at 15:00.": true,
		"The workshop is open on Saturdays.":                   true,
		"El museo cierra los lunes.":                           true,
		"In winter the steam train does not run.":              true,
		"The battery lasts two years.":                         false,
		"A family ticket costs €6.50.":                         false,
		"储物柜里不能放食物。":                                           false,
		// An hour marked by am/pm, a Spanish h or 点 is a time of day; a course's hours are not.
		"Put the bins out after 7 pm the day before.": true,
		"Open until 7pm.":                        true,
		"From 8 a.m. on weekdays.":               true,
		"La ventanilla cierra a las 19.30h.":     true,
		"晚上7点以后可以把桶推出去。":                         true,
		"The course takes 40h.":                  false,
		"Recycling rose by 3 percentage points.": false,
	} {
		if got, _ := whenWords(s); got != want {
			t.Errorf("whenWords(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestClockTime: a sentence tells a time of day by the clock (Sentence.Clock) with a time of day
// (see ClockAt); a weekday, a part of the day, a date or a number of hours alone does not.
func TestClockTime(t *testing.T) {
	for s, want := range map[string]bool{
		"Check the fridges twice a day, at 7:00 and at 15:00.": true,
		"Put the bins out after 7 pm the day before.":          true,
		"中文热线9:30到12:30有人接听。":                                  true,
		"晚上7点以后可以把桶推出去。":                                       true,
		"Live chat is open on Sunday afternoons.":              false,
		"The office closes at noon on Saturdays.":              true,
		"La oficina cierra a mediodía los sábados.":            true,
		"The test was moved to Friday 20 September 2024.":      false,
		"每个月第一个星期一统一清洁检查。":                                     false,
		// One reader of times of day (ClockAt) decides this and the search terms alike.
		"Abre a las 7 de la tarde.": true,
		"Cierra a las 19h.":         true,
		"晚上7 点关门。":                  true,
		"宿舍晚上十一点关门。":                true,
		"窗户只能打开一点点。":                false,
		"Reading 15h of audio.":     false,
		"Open 24h, every day.":      false,
	} {
		if got := NewLexicon(nil, nil).sentence(s, DetectLanguage(s)).Clock; got != want {
			t.Errorf("sentence(%q).Clock = %v, want %v", s, got, want)
		}
	}
}

// TestVariants: forms of a word a stemmer leaves apart, in a sorted vocabulary.
func TestVariants(t *testing.T) {
	vocab := []string{"direct", "director", "marri", "marriag", "marriages", "market", "rewrit", "rewritten"}
	for stem, want := range map[string][]string{
		"marri":   {"marriag"},            // "marriages" differs by more than three letters
		"marriag": {"marriages", "marri"}, // longer and shorter forms
		"rewrit":  {"rewritten"},          //
		"direct":  {"director"},           //
		"mark":    nil,                    // too short to have variants
		"2021":    nil,                    // figures have none
	} {
		if got := Variants(vocab, stem); !slices.Equal(got, want) {
			t.Errorf("Variants(%q) = %q, want %q", stem, got, want)
		}
	}
}

// TestDirectionOf: which way a text says a quantity moved; a text that says both ways (seed 004's
// "has increased from 66% Down to 56%") opposes nothing.
func TestDirectionOf(t *testing.T) {
	up, down, both := Direction{Up: true}, Direction{Down: true}, Direction{Up: true, Down: true}
	for s, want := range map[string]Direction{
		"Douyin's GMV grew 30% in 2024":                  up,
		"El GMV de Douyin cayó un 10 %":                  down,
		"抖音的GMV下降了":                                      down,
		"Ali's share has increased from 66% Down to 56%": both,
		"Douyin sells clothes":                           {},
	} {
		if got := DirectionOf(s); got != want {
			t.Errorf("DirectionOf(%q) = %+v, want %+v", s, got, want)
		}
	}
	if !up.Opposes(down) || up.Opposes(both) || both.Opposes(down) || up.Opposes(Direction{}) || up.Opposes(up) {
		t.Error("Opposes: want only one-way against the other one-way")
	}
}

// A paragraph that opens with a short label closed by a full stop ("Comisión de propinas. Tres
// personas…") has a run-in heading: context for that paragraph's sentences, never quoted. A short
// sentence that says something ("Windows is not supported.", "Yes.") stays body text, and the next
// paragraph is under its section's heading again.
func TestRunInHeadings(t *testing.T) {
	lex := seedLexicon(t)
	doc := "## Tips\n\nComisión de propinas. Tres personas elegidas revisan las cuentas.\n\nCOLD FOOD. Keep fridges between 0 and 4 °C.\n\n" +
		"Windows is not supported. Burrow runs inside WSL 2.\n\nYes. Several computers can share one repository.\n\nTips are paid monthly."
	paras := blankLineParagraphs(doc)
	d := Analyze("a.md", doc, paras, nil, lex)
	kind := map[string]string{}
	heading := map[string]string{}
	for _, s := range d.Sentences {
		kind[doc[s.Start:s.End]] = s.Kind
		if s.Heading >= 0 {
			h := d.Sentences[s.Heading]
			heading[doc[s.Start:s.End]] = doc[h.Start:h.End]
		}
	}
	for s, want := range map[string]string{"Comisión de propinas.": KindHeading, "COLD FOOD.": KindHeading,
		"Windows is not supported.": KindBody, "Yes.": KindBody, "Tres personas elegidas revisan las cuentas.": KindBody} {
		if kind[s] != want {
			t.Errorf("kind of %q = %q, want %q", s, kind[s], want)
		}
	}
	for s, want := range map[string]string{"Tres personas elegidas revisan las cuentas.": "Comisión de propinas.",
		"Keep fridges between 0 and 4 °C.": "COLD FOOD.", "Tips are paid monthly.": "## Tips"} {
		if heading[s] != want {
			t.Errorf("heading of %q = %q, want %q", s, heading[s], want)
		}
	}
}

// A span of years ("2025/26", "2023-24", "2019–2020") ends in the year after its first; other
// pairs of numbers do not make one.
func TestYearSpanEnd(t *testing.T) {
	for s, want := range map[string]bool{
		"renewals for 2025/26": true, "the 2023-24 season": true, "in 2019–2020": true,
		"2025/27": false, "2025 26": false, "page 12/13": false, "2023/2025": false,
	} {
		ws := Words(s)
		if got := YearSpanEnd(s, ws, len(ws)-1) || len(ws) > 2 && YearSpanEnd(s, ws, len(ws)-2); got != want {
			t.Errorf("YearSpanEnd(%q) = %v, want %v", s, got, want)
		}
	}
}

// A quote from a row of a table under a header row has the header's line, as the document writes
// it, for the names of its cells (a row whose cells hold sentences too); the header itself, a list
// item under a colon, a line after the table and a table without a header have none.
func TestHeaderRow(t *testing.T) {
	lex := seedLexicon(t)
	doc := "# Fares\n\nThe fares are:\n- Adults pay more.\n\n" +
		"  | Ticket | Adult fare. Peak | Child |\r\n|---|---|---|\r\n| Day pass | €9. Off peak €7. | €4.50 |\r\n| Annual pass | €220 | €95 |\n\n" +
		"| Single trip | €2.20 |\n\nA closing remark.\n"
	d := Analyze("f.md", doc, blankLineParagraphs(doc), nil, lex)
	const header = "| Ticket | Adult fare. Peak | Child |"
	for _, tt := range []struct{ at, want string }{
		{"| Day pass", header},
		{"Off peak", header}, // a row's second sentence
		{"€95", header},
		{"| Ticket", ""},
		{"Peak |", ""},
		{"Adults pay", ""},
		{"| Single trip", ""},
		{"A closing", ""},
	} {
		if got := d.HeaderRow(doc, strings.Index(doc, tt.at)); got != tt.want {
			t.Errorf("HeaderRow at %q = %q, want %q", tt.at, got, tt.want)
		}
	}
	for _, bad := range []int{-1, len(doc)} {
		if got := d.HeaderRow(doc, bad); got != "" {
			t.Errorf("HeaderRow(%d) = %q, want none", bad, got)
		}
	}
	// The header row, every sentence of its line, is of its own kind, structure like a heading (so
	// no answer or closest passage quotes it); the rows under it, and a lone row, are body text.
	kinds := map[string]string{
		"| Ticket | Adult fare.": KindHeaderRow,
		"| Day pass | €9.":       KindBody,
		"| Annual pass":          KindBody,
	}
	structure := Structure([]Doc{d})["f.md"]
	for _, s := range d.Sentences {
		q := doc[s.Start:s.End]
		for prefix, want := range kinds {
			if !strings.HasPrefix(q, prefix) {
				continue
			}
			delete(kinds, prefix)
			if s.Kind != want {
				t.Errorf("sentence %q is of kind %q, want %q", q, s.Kind, want)
			}
			if got := Overlaps(structure, s.Start, s.End); got != (want == KindHeaderRow) {
				t.Errorf("Structure holds %q: %v, want %v", q, got, !got)
			}
		}
	}
	if len(kinds) > 0 {
		t.Errorf("no sentence opens with %q", kinds)
	}
}

// A table paragraph's header row is its first line, when a row of the table follows it (the
// separator line does not count); a paragraph that opens otherwise, or a lone row, has none.
func TestTableHeaderLine(t *testing.T) {
	for _, tt := range []struct {
		paragraph string
		want      int
	}{
		{"| Term | Starts |\n|---|---|\n| Spring | 5 January |", len("| Term | Starts |\n")},
		{"  | Term | Starts |\r\n|---|---|\r\n| Spring | 5 January |\r\n", len("  | Term | Starts |\r\n")},
		{"| Ticket | Adult |\n| Day pass | €9 |", len("| Ticket | Adult |\n")}, // a converted web page's table
		{"| Term | Starts |\n|---|---|", 0},
		{"| Single trip | €2.20 |", 0},
		{"Prices:\n| Day pass | €9 |\n| Annual pass | €220 |", 0},
		{"", 0},
	} {
		if got := TableHeaderLine(tt.paragraph); got != tt.want {
			t.Errorf("TableHeaderLine(%q) = %d, want %d", tt.paragraph, got, tt.want)
		}
	}
}

// A table row's cells are its text between bars, trimmed; an escaped bar is a bar of its cell.
func TestTableCells(t *testing.T) {
	for _, tt := range []struct {
		row  string
		want []string
	}{
		{"| Term | First week starts | Half-term break (no lessons) |", []string{"Term", "First week starts", "Half-term break (no lessons)"}},
		{"|  | Adult |", []string{"", "Adult"}},
		{`| a \| b | c`, []string{"a | b", "c"}},
		{`| a | b \|`, []string{"a", "b |"}},
		{"Term", []string{"Term"}},
	} {
		if got := TableCells(tt.row); !slices.Equal(got, tt.want) {
			t.Errorf("TableCells(%q) = %q, want %q", tt.row, got, tt.want)
		}
	}
}

// A list item knows that it opens an item, and which sentence introduces its list (one ending with
// a colon, in its paragraph or, for a Markdown list, the paragraph before); a sentence under a
// heading, or a list after a heading, has no lead. A table's rows have its header row.
func TestListItemsAndLeads(t *testing.T) {
	lex := seedLexicon(t)
	doc := "Tips. The tips are pooled and shared once a month:\n- 80 % to the counter staff;\n- 5 % to the social fund. It pays for the Christmas dinner.\n\n" +
		"Useful flags:\n\n1. Use --dry-run first.\n2. Then run it.\n\n## Steps\n\n- Open the app.\n- Tap Save.\n\nA closing remark.\n\n" +
		"1. Fill in the form.\n2. At the desk, bring:\n   - photo ID;\n   - proof of address.\n3. Collect your card.\n\n| Ticket | Adult |\n|---|---|\n| Day pass | €9 |"
	paras := blankLineParagraphs(doc)
	d := Analyze("l.md", doc, paras, nil, lex)
	lead := func(s Sentence) string {
		if s.Lead < 0 {
			return ""
		}
		return doc[d.Sentences[s.Lead].Start:d.Sentences[s.Lead].End]
	}
	want := map[string]struct {
		item bool
		lead string
	}{
		"Tips.": {false, ""},
		"The tips are pooled and shared once a month:": {false, ""},
		"80 % to the counter staff;":                   {true, "The tips are pooled and shared once a month:"},
		"5 % to the social fund.":                      {true, "The tips are pooled and shared once a month:"},
		"It pays for the Christmas dinner.":            {false, "The tips are pooled and shared once a month:"},
		"Use --dry-run first.":                         {true, "Useful flags:"},
		"Then run it.":                                 {true, "Useful flags:"},
		// A nested list: the item that ends with a colon leads the items indented under it; the
		// next item of the outer list is back in the outer list, which has no lead.
		"At the desk, bring:": {true, ""},
		"photo ID;":           {true, "At the desk, bring:"},
		"proof of address.":   {true, "At the desk, bring:"},
		"Collect your card.":  {true, ""},
		"Open the app.":       {true, ""},
		"Tap Save.":           {true, ""},
		"A closing remark.":   {false, ""},
		"| Ticket | Adult |":  {false, ""},
		"| Day pass | €9 |":   {false, "| Ticket | Adult |"},
	}
	seen := 0
	for _, s := range d.Sentences {
		q := doc[s.Start:s.End]
		w, ok := want[q]
		if !ok {
			continue
		}
		seen++
		if s.Item != w.item || lead(s) != w.lead {
			t.Errorf("%q: item %v, lead %q; want %v, %q", q, s.Item, lead(s), w.item, w.lead)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d sentences", seen, len(want))
	}
}

// A troubleshooting page's run of labelled paragraphs ("**Symptom:** … / **Cause:** … / **Fix:** …")
// has the problem as the lead of its cause and fix; the cause gives a reason and the fix tells what
// to do. A heading ends the run; an unlabelled paragraph is outside it.
func TestLabelledParagraphs(t *testing.T) {
	lex := seedLexicon(t)
	doc := "## Thumbnails stay grey\n\n**Symptom:** The grid shows grey squares.\n\n**Cause:** The folder belongs to root.\n\n" +
		"**Fix:** Hand the folder over. Then restart.\n\n## Slow uploads\n\n**Cause:** The proxy is slow.\n\nPlain text follows.\n"
	d := Analyze("t.md", doc, blankLineParagraphs(doc), nil, lex)
	type row struct {
		lead                int
		reason, instruction bool
	}
	var got []row
	for _, s := range d.Sentences {
		got = append(got, row{s.Lead, s.Reason, s.Instruction})
	}
	want := []row{{-1, false, false}, {-1, false, false}, {1, true, false}, {1, false, true}, {1, false, true},
		{-1, false, false}, {-1, true, false}, {-1, false, false}}
	if !slices.Equal(got, want) {
		t.Errorf("labelled paragraphs: got %v, want %v", got, want)
	}
	for label, want := range map[string]string{"Solución": roleFix, "Causa": roleReason, "原因": roleReason, "解决方法": roleFix, "Symptom": ""} {
		if got := labelRole(FoldAccents(strings.ToLower(label))); got != want {
			t.Errorf("labelRole(%q) = %q, want %q", label, got, want)
		}
	}
	for s, want := range map[string]bool{"**Cause:** x": true, "**Cause**: x": true, "**原因：**x": true, "**Bold** text": false, "Cause: x": false} {
		if _, got := paragraphLabel(s); got != want {
			t.Errorf("paragraphLabel(%q) = %v, want %v", s, got, want)
		}
	}
}

// A question in American spelling meets a document in British spelling and the other way round;
// a British spelling that is another American word stays apart.
func TestBritishAndAmericanSpellings(t *testing.T) {
	lex := seedLexicon(t)
	same := [][2]string{
		{"The colours of the leisure centre", "The colors of the leisure center"},
		{"We organised the programme; organisation and licences", "We organized the program; organization and licenses"},
		{"Prioritising the neighbourhood's behaviour", "Prioritizing the neighborhood's behavior"},
		{"25 metres, 2 litres, grey catalogue", "25 meters, 2 liters, gray catalog"},
		{"the paediatric theatre; travelled, cancelled", "the pediatric theater; traveled, canceled"},
	}
	for _, p := range same {
		uk, us := lex.Terms(p[0], English), lex.Terms(p[1], English)
		if !slices.Equal(uk, us) {
			t.Errorf("Terms(%q) = %q, Terms(%q) = %q: want the same terms", p[0], uk, p[1], us)
		}
	}
	apart := [][2]string{{"tyre", "tire"}, {"cheque", "check"}, {"advise", "advice"}, {"exercise", "exercize"}}
	for _, p := range apart {
		if a, b := lex.Terms(p[0], English), lex.Terms(p[1], English); slices.Equal(a, b) {
			t.Errorf("Terms(%q) = Terms(%q) = %q: want them apart", p[0], p[1], a)
		}
	}
}

func TestNegative(t *testing.T) {
	for s, want := range map[string]bool{
		"Missed lessons are not refunded.":           true,
		"We can't accept cancellations by phone.":    true,
		"No se admiten animales en la residencia.":   true,
		"储物柜不能过夜存放物品。":                               true,
		"Lessons can be moved to another weekday.":   false,
		"Nothing" + " else":                          true,
		"Las clases se pueden cambiar en recepción.": false,
		// words that begin with 不 without saying no
		"不过，周末也可以预约。":   false,
		"课程不仅免费，还提供午餐。": false,
		"不过周末不开放。":      true,
	} {
		if got := Negative(s); got != want {
			t.Errorf("Negative(%q) = %v, want %v", s, got, want)
		}
	}
}

// A sentence that opens with a condition or an exception qualifies the rule before it; one that
// opens otherwise, or only mentions a condition later, does not.
func TestReplies(t *testing.T) {
	for s, want := range map[string]bool{
		"Yes, but only connected by USB cable.": true,
		"Yes.":                                  true,
		"**No.** The residence closes in August.":                  true,
		"Sí, con una autorización firmada.":                        true,
		"No, el programa es solo presencial.":                      true,
		"可以，但必须提前一周预约。":                                            true,
		"不行。宿舍晚上十一点关门。":                                            true,
		"No rider was hurt during a trip.":                         false,
		"Si llegas tarde, avisa a recepción.":                      false,
		"Si, además, pagas el año entero, no hay descuento extra.": false,
		"可以通过学生办公室申请宿舍。":                                           false,
		"Yesterday the office was closed.":                         false,
		"Nobody may stay overnight.":                               false,
	} {
		if got := Replies(s); got != want {
			t.Errorf("Replies(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestQualifies(t *testing.T) {
	for s, want := range map[string]bool{
		"If you work here but live elsewhere, a payslip takes the place of the proof of address.": true,
		"Unless you cancel, the plan renews.":                                                     true,
		"Once you have our final response, you can ask the Ombudsman.":                            true,
		"Except on Sundays, the desk opens at 9.":                                                 true,
		"Si tu empresa bloquea winget, descarga el archivo .zip.":                                 true,
		"Salvo causa justificada, no se devuelve la fianza.":                                      true,
		"如果您需要口译，请提前三个工作日告诉前台。":                                                                   true,
		"除非另有说明，价格均含税。":                                                                           true,
		"A payslip takes the place of the proof of address if you live elsewhere.":                false,
		"Membership is free for anyone who lives in Alderbrook.":                                  false,
		"Ifield Road is closed.":                                                                  false,
		"若干门店暂停营业。":                                                                               false,
	} {
		if got := Qualifies(s); got != want {
			t.Errorf("Qualifies(%q) = %v, want %v", s, got, want)
		}
	}
}

// A purpose is a reason: a why question is answered by "so that …", "in order to …", "para que
// …", 为了 as much as by "because …"; so is a cause given by "ya que" or 原因是. A sentence without
// either gives none.
func TestPurposeIsAReason(t *testing.T) {
	lex := seedLexicon(t)
	for s, want := range map[string]bool{
		"We sell at most 8 day passes a day, so that the spa stays quiet for hotel guests.": true,
		"The servers were moved in order to give the service a second site.":                true,
		"Cerramos a las 14:00 para que el equipo pueda limpiar la piscina.":                 true,
		"La piscina cierra en agosto, ya que se cambia el filtro.":                          true,
		"原因是 prune 需要独占锁。":                                                                  true,
		"为了安全，请不要在泳池边奔跑。":                                                                   true,
		// A cause given by a connective other than "because" ("comes from", "owing to", "hence",
		// "por eso", 因而), and a purpose given by what it avoids or protects ("to avoid", "para
		// evitar"): general causal and purpose connectives of English, Spanish and Chinese.
		"Most of the gain comes from hashing and encrypting on several cores at once.": true,
		"The delay stems from a shortage of parts.":                                    true,
		"Trains run slower in winter owing to ice on the line.":                        true,
		"The roof leaks, hence the buckets in the hall.":                               true,
		"Pay by Friday, otherwise the place is offered to the next person.":            true,
		"Lock the gate at night to prevent thefts.":                                    true,
		"The lift is small, so prams must be folded.":                                  true,
		"El ascensor es pequeño; por eso hay que plegar los carritos.":                 true,
		"No se admiten perros, por lo tanto pedimos dejarlos en casa.":                 true,
		"Usamos guantes para evitar alergias.":                                         true,
		"电梯较小，因而婴儿车必须折叠。":                                                              true,
		"请提前预约，否则无法保证座位。":                                                              true,
		"So far we have opened two branches.":                                          false,
		"Call us to book a table.":                                                     false,
		"Day passes cost €35 on weekdays and €45 at weekends.":                         false,
		"So that is the plan for the spring.":                                          false,
		"Para la piscina necesitas gorro.":                                             false,
	} {
		d := Analyze("a.txt", s, []Span{{0, len(s)}}, nil, lex)
		got := false
		for _, x := range d.Sentences {
			got = got || x.Reason
		}
		if got != want {
			t.Errorf("%q: reason %v, want %v", s, got, want)
		}
	}
}

// A sentence that spells out an abbreviation, its short form in brackets after the long form or
// before it, says what the abbreviation stands for (Sentence.Spells); a bracket that holds no
// abbreviation, or one whose letters the words before do not spell, spells nothing out.
func TestSpelledOutAbbreviations(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"Inductions are given and signed off by Designated Induction Officers (DIOs).", []string{"DIOs"}},
		{"We then send you a Frame Registration Number (FRN) and a sticker.", []string{"FRN"}},
		{"Tickets from KVS (Kestrel Valley Sound) are valid.", []string{"KVS"}},
		{"The festival (held in July) is small.", nil},
		{"Bring your card (ABC) to the desk.", nil},
		{"Lakeshore (also known as the Basin) is open.", nil},
	} {
		if got := SpelledOut(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SpelledOut(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	lex := seedLexicon(t)
	doc := "Inductions are signed off by Designated Induction Officers (DIOs). A DIO is a member who has held the induction for six months."
	d := Analyze("a.md", doc, []Span{{0, len(doc)}}, nil, lex)
	if len(d.Sentences) != 2 || !slices.Equal(d.Sentences[0].Spells, []string{Stem(Words("DIO")[0], English)}) || len(d.Sentences[1].Spells) != 0 {
		t.Errorf("Spells = %q, %q; want the first sentence alone to spell out DIO", d.Sentences[0].Spells, d.Sentences[1].Spells)
	}
}

// A line that names who issued, approved or signed its document is an issuer line, quotable even
// in a title block (not a subtitle): a question about who signed the notice is answered by it. An
// approval by a body, or a "by" far from the verb, names no one.
func TestIssuerLines(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"Issued 12 August 2025 by Priya Castellane, Operations Director", true},
		{"Approved by: Marcus Thorne, Head of Health, Safety and Environment (HSE).", true},
		{"Issued by: Helen Marsh, Chief Ranger, Visitor Safety Office", true},
		{"Firmado por: Ana Ruiz, directora", true},
		{"签发人：王芳", true},
		{"The plan was approved by the board in May.", false},
		{"Tickets are issued at the desk and collected by the guide.", false},
		{"Issued: 16 July 2025", false},
	} {
		if got := IssuerLine(tt.in); got != tt.want {
			t.Errorf("IssuerLine(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	lex := seedLexicon(t)
	doc := "KESTREL PEAKS NATIONAL PARK\nRANGER NOTICE No. 2025-14\n\nIssued: 16 July 2025\nIssued by: Helen Marsh, Chief Ranger, Visitor Safety Office\n\n" +
		"1. CAMPFIRE BAN\n\nAll wood fires are banned throughout the park from 18 July 2025.\n"
	d := Analyze("notice.txt", doc, blankLineParagraphs(doc), nil, lex)
	issuer := -1
	for i, s := range d.Sentences {
		if s.Issuer {
			issuer = i
		}
	}
	if issuer < 0 || d.Sentences[issuer].Kind != KindBody {
		t.Fatalf("no body sentence names the notice's issuer: %+v", d.Sentences)
	}
	var block []string
	for _, k := range TitleBlock(&d, issuer) {
		block = append(block, doc[d.Sentences[k].Start:d.Sentences[k].End])
	}
	if !slices.Contains(block, "RANGER NOTICE No. 2025-14") {
		t.Errorf("TitleBlock = %q, want the notice's title lines", block)
	}
}

// TestQuoteLanguage: a quote is in its document's language unless written in another script.
func TestQuoteLanguage(t *testing.T) {
	for _, c := range []struct{ doc, quote, want string }{
		{English, "咖啡馆周二至周日营业，营业时间为早上8点到下午5点。", Chinese},
		{English, "| Motorcycle | $25 | 7 days |", English},
		{Spanish, "Open daily", Spanish},
		{Chinese, "Android 版可以从 F-Droid 或 GitHub Releases 下载 APK，iOS 版目前没有上架 App Store。", Chinese},
		{Chinese, "The shuttle leaves every 20 minutes from the main gate.", English},
	} {
		if got := QuoteLanguage(c.doc, c.quote); got != c.want {
			t.Errorf("QuoteLanguage(%s, %q) = %s, want %s", c.doc, c.quote, got, c.want)
		}
	}
}

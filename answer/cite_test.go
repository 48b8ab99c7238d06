package answer

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// seed001 is a passage shaped like seed 001, full of footnote markers.
const seed001 = `- Douyin has achieved remarkable growth, with a GMV of over 3.5 trillion yuan in 2024, representing a 30% year-on-year increase, surpassing competitors like JD.com [3][4] - Douyin's success is attributed to its innovative approach combining "traffic + algorithm + content," which disrupts traditional e-commerce models [4][6]`

var testSources = []retrieval.Passage{
	{File: "001.txt", Paragraph: 1, StartLine: 1, EndLine: 1, Text: seed001},
	{File: "004.txt", Paragraph: 9, StartLine: 17, EndLine: 17, Text: "Zhang yong a move Created the world's largest shopping festival “ A double tenth ”, Successfully launched tmall Mall ."},
	{File: "002.txt", Paragraph: 1, StartLine: 3, EndLine: 3, Text: "Además, la popularidad de los sistemas de pago móvil como WeChat y Alipay ha facilitado enormemente la experiencia."},
	{File: "zh.txt", Paragraph: 2, StartLine: 2, EndLine: 2, Text: "小红书做电商,抖音是个好老师"},
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name      string
		reply     string
		wantText  string
		wantCites []string // quotes, in order
		dropped   int
		refusal   bool
	}{
		{"inline quote", `Douyin's GMV passed 3.5 trillion yuan [S1: "a GMV of over 3.5 trillion yuan in 2024"].`,
			"Douyin's GMV passed 3.5 trillion yuan [1].", []string{"a GMV of over 3.5 trillion yuan in 2024"}, 0, false},
		{"curly quotes, case and spacing", "Growth was 30% 【S1：“REPRESENTING  a 30%  year-on-year increase”】.",
			"Growth was 30% [1].", []string{"representing a 30% year-on-year increase"}, 0, false},
		{"footnotes in the quote are tolerated", `It surpassed JD [S1: "surpassing competitors like JD.com - Douyin's success"]`,
			"It surpassed JD [1]", []string{"surpassing competitors like JD.com [3][4] - Douyin's success"}, 0, false},
		{"footnotes copied from a source are removed, never citations",
			`It surpassed competitors like JD.com [3][4] as Douyin grew [S1: "Douyin has achieved remarkable growth"] [2].`,
			"It surpassed competitors like JD.com as Douyin grew [1].", []string{"Douyin has achieved remarkable growth"}, 0, false},
		{"unknown source removed", `A claim [S9: "anything at all here"] and [S0].`, "A claim.", nil, 2, false},
		{"misquote removed", `A claim [S2: "Zhang yong created Singles Day in 2009"].`, "A claim.", nil, 1, false},
		{"quote under the wrong id is re-attributed", `Douyin grew [S3: "Douyin has achieved remarkable growth"].`,
			"Douyin grew [1].", []string{"Douyin has achieved remarkable growth"}, 0, false},
		{"too short a quote", `A claim [S1: "growth"].`, "A claim.", nil, 1, false},
		{"renumbered in order, repeated source reuses its number",
			`Second [S2: "the world's largest shopping festival"]. First [S1: "Douyin has achieved remarkable growth"]. Again [S2: "the world's largest shopping festival"].`,
			"Second [1]. First [2]. Again [1].", []string{"the world's largest shopping festival", "Douyin has achieved remarkable growth"}, 0, false},
		{"several sources in one marker, nested quotes", `Both [S2: "Successfully launched tmall Mall", S1: "combining "traffic + algorithm + content,""].`,
			"Both [1][2].", []string{"Successfully launched tmall Mall", `combining "traffic + algorithm + content`}, 0, false},
		{"quotes block", "Mobile payment spread [S3].\n\nQuotes:\n[S3] \"los sistemas de pago móvil como WeChat y Alipay\"",
			"Mobile payment spread [1].", []string{"Además, la popularidad de los sistemas de pago móvil como WeChat y Alipay ha facilitado enormemente la experiencia."}, 0, false},
		{"quotes block for a claim the check cannot carry", "It is a lot [S3].\n\nQuotes:\n[S3] \"los sistemas de pago móvil como WeChat y Alipay\"",
			"It is a lot [1].", []string{"los sistemas de pago móvil como WeChat y Alipay"}, 0, false},
		{"marker without quote, supported claim", `Zhang yong created the largest shopping festival [S2].`,
			"Zhang yong created the largest shopping festival [1].", []string{"Zhang yong a move Created the world's largest shopping festival “ A double tenth ”, Successfully launched tmall Mall ."}, 0, false},
		{"marker without quote, unsupported claim", `Pinduoduo listed in 2018 [S2].`, "Pinduoduo listed in 2018.", nil, 1, false},
		{"marker before its claim", `According to [S1], Douyin's GMV was over 3.5 trillion yuan in 2024.`,
			"According to [1], Douyin's GMV was over 3.5 trillion yuan in 2024.", []string{testSentence1}, 0, false},
		{"ellipsis quote spans its fragments", `[S1: "Douyin has achieved remarkable growth ... representing a 30% year-on-year increase"]`,
			"[1]", []string{"Douyin has achieved remarkable growth, with a GMV of over 3.5 trillion yuan in 2024, representing a 30% year-on-year increase"}, 0, false},
		{"ellipsis fragments out of order", `Claim [S1: "representing a 30% year-on-year increase … Douyin has achieved remarkable growth"].`, "Claim.", nil, 1, false},
		{"Chinese quote", `抖音是老师 [S4: "抖音是个好老师"]`, "抖音是老师 [1]", []string{"抖音是个好老师"}, 0, false},
		{"accents folded", `Pago móvil [S3: "sistemas de pago movil como WeChat"]`, "Pago móvil [1]", []string{"sistemas de pago móvil como WeChat"}, 0, false},
		{"sentinel", "NOT_IN_SOURCES: the sources do not say.", "The sources do not say.", nil, 0, true},
		{"link attached to a marker is removed", `Douyin grew [S1: "Douyin has achieved remarkable growth"](https://evil.example/x).`,
			"Douyin grew [1].", []string{"Douyin has achieved remarkable growth"}, 0, false},
		{"unclosed marker stays text", `Odd [S1: "never closed`, `Odd [S1: "never closed`, nil, 0, false},
		{"a verbatim quote does not carry a claim that reverses it", `Douyin's GMV fell [S1: "Douyin has achieved remarkable growth"].`,
			"Douyin's GMV fell.", nil, 1, false},
		// Citations by name (markerrefs.go).
		{"file and paragraph", `Douyin's GMV was over 3.5 trillion yuan in 2024 [001.txt, paragraph 1].`,
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 0, false},
		{"a file that was not offered stays text", `Douyin grew (source: 009.txt ¶1).`, `Douyin grew (source: 009.txt ¶1).`, nil, 0, false},
		{"a named passage that does not state the claim is removed", `Pinduoduo listed in 2018 (004.txt, ¶9).`, "Pinduoduo listed in 2018.", nil, 1, false},
		{"a file-search marker without a source is removed", `Douyin grew 【4:0†source】.`, "Douyin grew.", nil, 1, false},
		{"a file-search marker cites the file it names", `Zhang yong created the largest shopping festival 【4:0†004.txt】.`,
			"Zhang yong created the largest shopping festival [1].", []string{testSources[1].Text}, 0, false},
		// Quotations without markers.
		{"unmarked verbatim quote", `As the article puts it, Douyin reached "a GMV of over 3.5 trillion yuan in 2024".`,
			`As the article puts it, Douyin reached "a GMV of over 3.5 trillion yuan in 2024" [1].`, []string{"a GMV of over 3.5 trillion yuan in 2024"}, 0, false},
		{"two unmarked quotes", `It calls it “the world's largest shopping festival” and says “Douyin has achieved remarkable growth”.`,
			`It calls it “the world's largest shopping festival” [1] and says “Douyin has achieved remarkable growth” [2].`,
			[]string{"the world's largest shopping festival", "Douyin has achieved remarkable growth"}, 0, false},
		{"an unmarked quote that is not verbatim stays uncited", `Douyin reached "a GMV beyond 3.5 trillion yuan".`, `Douyin reached "a GMV beyond 3.5 trillion yuan".`, nil, 0, false},
		{"an unmarked quote does not carry a claim that reverses it", `Douyin's GMV fell, whatever "Douyin has achieved remarkable growth" says.`,
			`Douyin's GMV fell, whatever "Douyin has achieved remarkable growth" says.`, nil, 0, false},
		{"single quotation marks are apostrophes", `It had 'a GMV of over 3.5 trillion yuan in 2024'.`, `It had 'a GMV of over 3.5 trillion yuan in 2024'.`, nil, 0, false},
		{"a short unmarked quote stays uncited", `It is "remarkable".`, `It is "remarkable".`, nil, 0, false},
		// Bare ids, superscripts.
		{"bare id after the sentence", "Douyin's GMV was over 3.5 trillion yuan in 2024. S1", "Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 0, false},
		{"sources line", "Douyin's GMV was over 3.5 trillion yuan in 2024.\nSources: S1", "Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 0, false},
		{"a number after the full stop goes before it", "Douyin's GMV was over 3.5 trillion yuan in 2024.[1] It grew.",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. It grew.", []string{testSentence1}, 0, false},
		{"two markers after the full stop", "Douyin's GMV was over 3.5 trillion yuan in 2024. [S1] [S1: \"Douyin has achieved remarkable growth\"]",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1][2].", []string{testSentence1, "Douyin has achieved remarkable growth"}, 0, false},
		{"a marker on the next line", "Douyin's GMV was over 3.5 trillion yuan in 2024!\n[S1]\nIt grew.",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]!\nIt grew.", []string{testSentence1}, 0, false},
		{"after a Chinese full stop", "抖音是老师。[S4]", "抖音是老师[1]。", []string{"小红书做电商,抖音是个好老师"}, 0, false},
		{"a marker inside its sentence stays", "Douyin's GMV [S1] was over 3.5 trillion yuan in 2024.",
			"Douyin's GMV [1] was over 3.5 trillion yuan in 2024.", []string{testSentence1}, 0, false},
		{"a range cites each source in it", "Douyin's GMV was over 3.5 trillion yuan in 2024 [cite: 1-3].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 2, false},
		// Citations that wrap their claim (wrapcite.go).
		{"Claude's cite index", `<cite index="1-2">Douyin's GMV was over 3.5 trillion yuan in 2024</cite>. It grew.`,
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. It grew.", []string{testSentence1}, 0, false},
		{"Claude's cite index over two sentences of a source", `<cite index="2-1,2-2">Zhang yong created the largest shopping festival.</cite>`,
			"Zhang yong created the largest shopping festival [1].", []string{testSources[1].Text}, 0, false},
		{"cite source by id and by file", `<cite source="S1">Douyin's GMV was over 3.5 trillion yuan in 2024</cite>. <cite source='004.txt'>Zhang yong created the largest shopping festival</cite>.`,
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. Zhang yong created the largest shopping festival [2].", []string{testSentence1, testSources[1].Text}, 0, false},
		{"a wrap citing a source not offered is removed", `<cite index="9-1">Douyin grew.</cite>`, "Douyin grew.", nil, 1, false},
		{"a cite tag naming no source is text", `It is <cite class="x">The Daily</cite>, says <cite id="intro">Intro</cite>.`,
			`It is <cite class="x">The Daily</cite>, says <cite id="intro">Intro</cite>.`, nil, 0, false},
		{"Cohere's co tags", `<co: 2,1>Zhang yong created the largest shopping festival</co: 2,1>. And <co: 1>Douyin's GMV was over 3.5 trillion yuan in 2024</co>.`,
			"Zhang yong created the largest shopping festival [1]. And Douyin's GMV was over 3.5 trillion yuan in 2024 [2].", []string{testSources[1].Text, testSentence1}, 1, false},
		{"Gemini's cite_start", "[cite_start]Douyin's GMV was over 3.5 trillion yuan in 2024[cite: 1].", "Douyin's GMV was over 3.5 trillion yuan in 2024[1].", []string{testSentence1}, 0, false},
		{"a wrap left open", `<cite index="1-1">Douyin's GMV was over 3.5 trillion yuan in 2024.`, "Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 0, false},
		{"a wrap in Chinese", `<cite index="4-1">抖音是个好老师</cite>。`, "抖音是个好老师[1]。", []string{"小红书做电商,抖音是个好老师"}, 0, false},
		// A list of sources for the whole reply (sourcelist.go).
		{"a list backs every uncited sentence", "Douyin's GMV was over 3.5 trillion yuan in 2024. Zhang yong created the largest shopping festival.\n\nSources: S1, S2",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. Zhang yong created the largest shopping festival [2].", []string{testSentence1, testSources[1].Text}, 0, false},
		{"a list of file names under a header", "Douyin's GMV was over 3.5 trillion yuan in 2024. Zhang yong created the largest shopping festival.\n\n**Sources:**\n- 004.txt, paragraph 9\n- 001.txt",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. Zhang yong created the largest shopping festival [2].", []string{testSentence1, testSources[1].Text}, 0, false},
		{"a list numbered by the model names its files", "Douyin's GMV was over 3.5 trillion yuan in 2024.\n\nReferences:\n[1] 004.txt\n[2] 001.txt",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 1, false},
		{"a Chinese list", "抖音是个好老师。\n来源：S3、S4", "抖音是个好老师[1]。", []string{"小红书做电商,抖音是个好老师"}, 1, false},
		{"a Spanish list", "WeChat y Alipay son sistemas de pago móvil populares.\nFuentes: [3]", "WeChat y Alipay son sistemas de pago móvil populares [1].", []string{testSources[2].Text}, 0, false},
		{"a sentence no listed source states stays uncited", "Douyin's GMV was over 3.5 trillion yuan in 2024. Pinduoduo listed in 2018.\nSources: S1",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. Pinduoduo listed in 2018.", []string{testSentence1}, 0, false},
		{"after an inline citation the list reaches the last sentence", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1]. Zhang yong created the largest shopping festival.\n\nSources: S1, S2",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. Zhang yong created the largest shopping festival [2].", []string{testSentence1, testSources[1].Text}, 0, false},
		{"a reply nobody saw streaming: the list reaches every sentence", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1]. Zhang yong created the largest shopping festival. Pinduoduo listed in 2018.\n\nSources: S1, S2",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. Zhang yong created the largest shopping festival [2]. Pinduoduo listed in 2018.", []string{testSentence1, testSources[1].Text}, 0, false},
		{"a list reaches sentences before and after inline citations, numbered in order", "Zhang yong created the largest shopping festival. Douyin's GMV was over 3.5 trillion yuan in 2024 [S1]. Mobile payment spread [S3: \"los sistemas de pago móvil como WeChat y Alipay\"]. Zhang yong created the largest shopping festival again.\nSources: S2",
			"Zhang yong created the largest shopping festival [1]. Douyin's GMV was over 3.5 trillion yuan in 2024 [2]. Mobile payment spread [3]. Zhang yong created the largest shopping festival again [1].",
			[]string{testSources[1].Text, testSentence1, "los sistemas de pago móvil como WeChat y Alipay"}, 0, false},
		{"a footnote list after a sentence that waits for a list", "Zhang yong created the largest shopping festival. Pinduoduo listed in 2018.\nIt grew [1].\n\n1. Source 1: \"Douyin has achieved remarkable growth\"",
			"Zhang yong created the largest shopping festival. Pinduoduo listed in 2018.\nIt grew [1].", []string{"Douyin has achieved remarkable growth"}, 0, false},
		{"a sentence after a header word is prose", "Source: S1 says Douyin's GMV was over 3.5 trillion yuan in 2024.",
			"Source: S1 says Douyin's GMV was over 3.5 trillion yuan in 2024.", nil, 0, false},
		{"a line that starts with a header word is prose", "Sources: the report says Douyin's GMV was over 3.5 trillion yuan in 2024 [S1].",
			"Sources: the report says Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 0, false},
		{"S1 in running text", "The S1 phone sold well. Buyers liked the S1. S1 owners agree.", "The S1 phone sold well. Buyers liked the S1. S1 owners agree.", nil, 0, false},
		// Ids after "Source", "Fuente", "来源" in running text.
		{"Source in running text", "According to Source 1, Douyin's GMV was over 3.5 trillion yuan in 2024.",
			"According to Source [1], Douyin's GMV was over 3.5 trillion yuan in 2024.", []string{testSentence1}, 0, false},
		{"Source as the subject of the second sentence", "Douyin grew. Source 2 says Zhang yong created the largest shopping festival.",
			"Douyin grew. Source [1] says Zhang yong created the largest shopping festival.", []string{testSources[1].Text}, 0, false},
		{"来源 in running text", "根据来源4，抖音是个好老师。", "根据来源[1]，抖音是个好老师。", []string{"小红书做电商,抖音是个好老师"}, 0, false},
		{"a running id that does not check out goes with its verb", "Source 2 says Pinduoduo listed in 2018.", "Pinduoduo listed in 2018.", nil, 1, false},
		{"a running id that was not offered goes with its lead-in", "As Source 9 notes, Douyin grew.", "Douyin grew.", nil, 1, false},
		{"a running id without a lead-in keeps its word", "Figures from Source 9 were revised in 2024.", "Figures from Source were revised in 2024.", nil, 1, false},
		{"a preposition before a verb of saying goes with a running id", "Data from Source 9 shows Douyin grew.", "Data shows Douyin grew.", nil, 1, false},
		// The lead-in of a removed marker goes with it (leadin.go); that of a kept one stays.
		{"according to a removed marker", "According to [S9], the GMV of Douyin was over 3.5 trillion yuan in 2024 [S1].",
			"The GMV of Douyin was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 1, false},
		{"según a removed marker", "Según [S9], los sistemas de pago móvil como WeChat y Alipay son populares [S3].",
			"Los sistemas de pago móvil como WeChat y Alipay son populares [1].", []string{testSources[2].Text}, 1, false},
		{"根据 a removed marker", "根据[S9]，抖音是个好老师[S4]。", "抖音是个好老师[1]。", []string{"小红书做电商,抖音是个好老师"}, 1, false},
		{"según la Fuente that was not offered", "Según la Fuente 9, los sistemas de pago móvil como WeChat y Alipay son populares [S3].",
			"Los sistemas de pago móvil como WeChat y Alipay son populares [1].", []string{testSources[2].Text}, 1, false},
		{"根据来源 that was not offered", "根据来源9，抖音是个好老师[S4]。", "抖音是个好老师[1]。", []string{"小红书做电商,抖音是个好老师"}, 1, false},
		{"来源 as the subject", "来源9指出，抖音是个好老师[S4]。", "抖音是个好老师[1]。", []string{"小红书做电商,抖音是个好老师"}, 1, false},
		{"a removed marker as the subject", "[S9] shows that Douyin grew.", "Douyin grew.", nil, 1, false},
		{"as a removed marker notes", "As [S9] notes, Douyin grew.", "Douyin grew.", nil, 1, false},
		{"a lead-in between commas", "Douyin's GMV, according to [S9], was over 3.5 trillion yuan in 2024 [S1].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 1, false},
		{"a lead-in at the end", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1], as Source 9 notes.",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 1, false},
		{"a lead-in in a clause", "Douyin grew, and Source 9 says it will keep growing.", "Douyin grew, and it will keep growing.", nil, 1, false},
		{"a lead-in after a colon", "In short: according to [S9], Douyin grew.", "In short: Douyin grew.", nil, 1, false},
		{"a lead-in after a bullet", "- according to [S9], douyin grew.\n- Zhang yong created the largest shopping festival [S2].",
			"- Douyin grew.\n- Zhang yong created the largest shopping festival [1].", []string{testSources[1].Text}, 1, false},
		{"a running id as the subject of a later sentence", "Douyin grew [S1: \"Douyin has achieved remarkable growth\"]. Source 9 says it rose.",
			"Douyin grew [1]. It rose.", []string{"Douyin has achieved remarkable growth"}, 1, false},
		{"a running id and a colon", "Source 9: Douyin grew.", "Douyin grew.", nil, 1, false},
		{"a lead-in to a list of removed markers", "According to [S9] and [S8], Douyin grew.", "Douyin grew.", nil, 2, false},
		{"a lead-in to a list with a kept marker stays", "According to [S9] and [S1], Douyin's GMV was over 3.5 trillion yuan in 2024.",
			"According to [1], Douyin's GMV was over 3.5 trillion yuan in 2024.", []string{testSentence1}, 1, false},
		{"a removed marker after a kept one goes with its join", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1], [S9].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 1, false},
		{"words after the marker that may belong to the lead-in stay", "Based on [S9] data, Douyin grew. 据[S9]报道，抖音增长。",
			"Based on data, Douyin grew. 据报道，抖音增长。", nil, 2, false},
		// A sentence of a lead-in and markers alone cites the claim next to it, and goes
		// (framesentence.go).
		{"a lead-in that is the whole sentence goes with a marker that does not check out", "Douyin grew [S1: \"Douyin has achieved remarkable growth\"]. According to [S9].",
			"Douyin grew [1].", []string{"Douyin has achieved remarkable growth"}, 1, false},
		{"a lead-in sentence cites the claim after it", "According to [S1]. Douyin's GMV was over 3.5 trillion yuan in 2024. 根据[S4]。抖音是个好老师。",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. 抖音是个好老师[2]。", []string{testSentence1, "小红书做电商,抖音是个好老师"}, 0, false},
		{"a lead-in line with a colon cites the line after it", "As stated in [S1]:\nDouyin's GMV was over 3.5 trillion yuan in 2024.\n\n**According to [S4]:**\n\n- 抖音是个好老师",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].\n\n- 抖音是个好老师[2]", []string{testSentence1, "小红书做电商,抖音是个好老师"}, 0, false},
		{"a source label before the claim", "Source: [S1].\nDouyin's GMV was over 3.5 trillion yuan in 2024.", "Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 0, false},
		{"a frame sentence after its claim", "Douyin's GMV was over 3.5 trillion yuan in 2024. This is stated in [S1]. Zhang yong created the largest shopping festival. For more details, see [S2] and [S9]. " +
			"抖音是个好老师。以上数据来自[S4]。Los sistemas de pago móvil como WeChat y Alipay son populares.\nFuente: [S3].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. Zhang yong created the largest shopping festival [2]. 抖音是个好老师[3]。Los sistemas de pago móvil como WeChat y Alipay son populares [4].",
			[]string{testSentence1, testSources[1].Text, "小红书做电商,抖音是个好老师", testSources[2].Text}, 1, false},
		{"a frame next to a cited claim adds its number", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1: \"representing a 30% year-on-year increase\"]. According to [S1].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1][2].", []string{"representing a 30% year-on-year increase", testSentence1}, 0, false},
		{"a sentence with a figure or other words is no frame", "Douyin grew. The 30% figure comes from [S9]. Douyin grew. Again [S9].",
			"Douyin grew. The 30% figure. Douyin grew. Again.", nil, 2, false},
		{"a year and an article may stand in a frame", "Douyin's GMV was over 3.5 trillion yuan in 2024. The 2024 data comes from [S1].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 0, false},
		{"a frame alone in its paragraph lists its sources for the reply", "Douyin's GMV was over 3.5 trillion yuan in 2024.\n\nSource: [S1].\n\nIntro.\n\nAccording to [S9].\n\nZhang yong created the largest shopping festival.",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].\n\nIntro.\n\nZhang yong created the largest shopping festival.", []string{testSentence1}, 1, false},
		{"según a kept marker stays", "Según [S3], los sistemas de pago móvil como WeChat y Alipay son populares.",
			"Según [1], los sistemas de pago móvil como WeChat y Alipay son populares.", []string{testSources[2].Text}, 0, false},
		{"根据 a kept marker stays", "根据[S4]，抖音是个好老师。", "根据[1]，抖音是个好老师。", []string{"小红书做电商,抖音是个好老师"}, 0, false},
		{"as a kept marker notes stays", "As [S1] notes, Douyin's GMV was over 3.5 trillion yuan in 2024.",
			"As [1] notes, Douyin's GMV was over 3.5 trillion yuan in 2024.", []string{testSentence1}, 0, false},
		{"a kept marker as the subject stays", "[S1] shows that Douyin's GMV was over 3.5 trillion yuan in 2024.",
			"[1] shows that Douyin's GMV was over 3.5 trillion yuan in 2024.", []string{testSentence1}, 0, false},
		{"a word that only ends like a lead-in stays", "数据[S9]，抖音是个好老师[S4]。", "数据，抖音是个好老师[1]。", []string{"小红书做电商,抖音是个好老师"}, 1, false},
		// Emphasis around a lead-in goes with it; a possessive after the marker is part of it.
		{"a lead-in in bold", "**According to [S9]**, douyin grew.", "Douyin grew.", nil, 1, false},
		{"a lead-in in italics", "*Según [S9]*, los sistemas de pago móvil como WeChat y Alipay son populares [S3].",
			"Los sistemas de pago móvil como WeChat y Alipay son populares [1].", []string{testSources[2].Text}, 1, false},
		{"a lead-in in underscores with its colon", "__According to [S9]:__ douyin grew.", "Douyin grew.", nil, 1, false},
		{"bold that goes on past the lead-in stays", "**According to [S9], douyin grew.**", "**Douyin grew.**", nil, 1, false},
		{"a lead-in in italics between commas", "Douyin's GMV, *according to [S9]*, was over 3.5 trillion yuan in 2024 [S1].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 1, false},
		{"a subject and its verb in bold", "- **Source 9 says** that douyin grew.", "- Douyin grew.", nil, 1, false},
		{"根据…的数据 goes", "根据[S9]的数据，抖音是个好老师[S4]。", "抖音是个好老师[1]。", []string{"小红书做电商,抖音是个好老师"}, 1, false},
		{"根据…的数据 in bold goes", "**根据[S9]的数据**，抖音是个好老师[S4]。", "抖音是个好老师[1]。", []string{"小红书做电商,抖音是个好老师"}, 1, false},
		{"a possessive goes with its lead-in", "According to [S9]'s latest data, Douyin grew. Douyin grew, according to Source 9’s report.",
			"Douyin grew. Douyin grew.", nil, 2, false},
		{"a possessive without its comma keeps the words of its sentence", "According to [S9]'s report Douyin grew, and Kwai fell. 根据[S9]的数据抖音增长，快手下降。",
			"According to's report Douyin grew, and Kwai fell. 根据的数据抖音增长，快手下降。", nil, 2, false},
		{"a lead-in in bold with a kept marker stays", "**According to [S1]**, Douyin's GMV was over 3.5 trillion yuan in 2024.",
			"**According to [1]**, Douyin's GMV was over 3.5 trillion yuan in 2024.", []string{testSentence1}, 0, false},
		{"根据…的数据 with a kept marker stays", "根据[S4]的数据，抖音是个好老师。", "根据[1]的数据，抖音是个好老师。", []string{"小红书做电商,抖音是个好老师"}, 0, false},
		// A word that takes an object goes when its object was only a removed marker (connective.go).
		{"such as between commas, and a comma that only closed it", "Platforms, such as [S9], grew. Platforms such as [S8], grew.",
			"Platforms grew. Platforms grew.", nil, 2, false},
		{"such as at the end", "Douyin competes in markets such as [S9].", "Douyin competes in markets.", nil, 1, false},
		{"parentheses left empty", "Douyin grew (see [S9]) fast. It rose ([S8]). It fell (e.g., [S7]). It ended (according to [S6]).",
			"Douyin grew fast. It rose. It fell. It ended.", nil, 4, false},
		{"a comma that closes an introductory phrase stays", "In markets such as [S9], Douyin grew. According to data from [S9], it rose.",
			"In markets, Douyin grew. According to data, it rose.", nil, 2, false},
		{"a comma before a clause stays", "Douyin grew in markets such as [S9], and Kwai fell.", "Douyin grew in markets, and Kwai fell.", nil, 1, false},
		{"a preposition that opens its sentence or clause", "In [S9], douyin grew. Douyin grew; see [S9]. Douyin grew, like [S9], fast.",
			"Douyin grew. Douyin grew. Douyin grew fast.", nil, 3, false},
		{"como, de and véase", "Plataformas como [S9], crecieron. Según los datos de la Fuente 9, crecieron. Creció (véase [S9]).",
			"Plataformas crecieron. Según los datos, crecieron. Creció.", nil, 3, false},
		{"如…所述 and 如 between commas", "如[S9]所述，抖音是个好老师[S4]。电商平台，如[S9]，增长迅速。抖音增长（见[S9]）。",
			"抖音是个好老师[1]。电商平台增长迅速。抖音增长。", []string{"小红书做电商,抖音是个好老师"}, 3, false},
		{"a connective with an object of its own keeps it", "Platforms such as Taobao [S9] grew fast.", "Platforms such as Taobao grew fast.", nil, 1, false},
		{"an English preposition that may end its clause stays", "This is the market Douyin competes in [S9]. It is what Douyin looks like [S9].",
			"This is the market Douyin competes in. It is what Douyin looks like.", nil, 2, false},
		{"words that stand without an object stay", "Douyin, for example [S9], grew. 例如[S9]，抖音增长。运用自如[S9]。",
			"Douyin, for example, grew. 例如，抖音增长。运用自如。", nil, 3, false},
		{"a lead-in to a kept marker stays, an introducer goes", "如[S4]所述，抖音是个好老师。Douyin grew, as in [S1: \"Douyin has achieved remarkable growth\"].",
			"如[1]所述，抖音是个好老师。Douyin grew [2].", []string{"小红书做电商,抖音是个好老师", "Douyin has achieved remarkable growth"}, 0, false},
		// A marker that was all the object of an introducer, or all that stood in parentheses, carried
		// only the citation: the introducer goes, whatever follows, and a kept citation stands after
		// the claim.
		{"an introducer goes with a removed marker that words follow", "Reports such as [S9] show that Douyin grew. Studies like [S8] find it rose. Los datos de [S7] muestran que creció. 电商平台，如[S6]等，增长迅速。",
			"Reports show that Douyin grew. Studies find it rose. Los datos muestran que creció. 电商平台增长迅速。", nil, 4, false},
		{"an introducer goes with a kept marker, its number after the claim", "Reports such as [S1] show that Douyin's GMV was over 3.5 trillion yuan in 2024. Platforms, such as [S2], grew.",
			"Reports show that Douyin's GMV was over 3.5 trillion yuan in 2024 [1]. Platforms grew.", []string{testSentence1}, 1, false},
		{"an introducer to a list of markers, and the claim's own number", "Reports such as [S1] and [S9] show that Douyin's GMV was over 3.5 trillion yuan in 2024 [S1: \"representing a 30% year-on-year increase\"].",
			"Reports show that Douyin's GMV was over 3.5 trillion yuan in 2024 [1][2].", []string{"representing a 30% year-on-year increase", testSentence1}, 1, false},
		{"parentheses of an introducer and kept markers go whole", "抖音是个好老师（如[S4]等）。Douyin's GMV was over 3.5 trillion yuan in 2024 (e.g. [S1]). 抖音是个好老师（参见[S4]、[S9]）。" +
			"Los sistemas de pago móvil como WeChat y Alipay son populares (véase [S3]). Douyin's GMV was over 3.5 trillion yuan in 2024 ([S1]). 抖音是个好老师（据[S4]）。",
			"抖音是个好老师[1]。Douyin's GMV was over 3.5 trillion yuan in 2024 [2]. 抖音是个好老师[1]。Los sistemas de pago móvil como WeChat y Alipay son populares [3]. " +
				"Douyin's GMV was over 3.5 trillion yuan in 2024 [2]. 抖音是个好老师[1]。", []string{"小红书做电商,抖音是个好老师", testSentence1, testSources[2].Text}, 1, false},
		{"parentheses of an introducer and removed markers go whole", "抖音增长（如[S9]等）。抖音增长（例如[S8]等）。Douyin grew (as [S7] notes). Douyin grew (Source: [S6]).",
			"抖音增长。抖音增长。Douyin grew. Douyin grew.", nil, 4, false},
		{"the first of several examples goes with its join", "Platforms such as [S9] and Kwai grew fast. 电商平台，如[S8]、快手等，增长迅速。",
			"Platforms such as Kwai grew fast. 电商平台，如快手等，增长迅速。", nil, 2, false},
		{"a possessive after a kept marker keeps its introducer", "Reports such as [S1]'s show that Douyin's GMV was over 3.5 trillion yuan in 2024.",
			"Reports such as [1]'s show that Douyin's GMV was over 3.5 trillion yuan in 2024.", []string{testSentence1}, 0, false},
		// A preposition whose phrase a marker ended mid-sentence goes with it, kept or not; one that a
		// noun may still follow, or whose object is a running id's word, stays (connective.go).
		{"a preposition goes with a marker that ends its phrase mid-sentence", "Douyin grew in [S9] and Kwai fell. Douyin grew in [S8], and Kwai fell. Douyin grew in [S7] by 30%. Douyin creció en [S6] y Kwai cayó.",
			"Douyin grew and Kwai fell. Douyin grew, and Kwai fell. Douyin grew by 30%. Douyin creció y Kwai cayó.", nil, 4, false},
		{"a preposition before a noun stays", "Douyin's share in [S9] data grew. It grew (in [S8]).", "Douyin's share in data grew. It grew.", nil, 2, false},
		{"a preposition before a kept marker mid-sentence goes, its number stays", "Douyin's GMV was over 3.5 trillion yuan in [S1] and grew.",
			"Douyin's GMV was over 3.5 trillion yuan [1] and grew.", []string{testSentence1}, 0, false},
		// An attribution at the end of a sentence goes with a removed marker (leadin.go).
		{"an attribution clause goes with its comma", "Douyin grew, with the figures taken from [S9]. 抖音是个好老师，这些数据均来自[S8]。",
			"Douyin grew. 抖音是个好老师。", nil, 2, false},
		{"an attribution verb after other words goes alone", "Douyin's GMV figure is taken from [S9]. 抖音的GMV数据来自[S8]。",
			"Douyin's GMV figure. 抖音的GMV数据。", nil, 2, false},
		// Chinese lead phrases after other Chinese words, read on the characters around the marker.
		{"Chinese lead phrases after Chinese words", "报告如[S9]显示，抖音是个好老师。此外根据[S8]，抖音是个好老师。而根据[S7]，抖音是个好老师。抖音是个好老师如[S6]所示。",
			"抖音是个好老师。此外，抖音是个好老师。而抖音是个好老师。抖音是个好老师。", nil, 4, false},
		{"据 and 如 that end a longer word are no lead phrases", "数据[S9]显示，抖音增长。抖音，例如[S8]所示，增长。",
			"数据显示，抖音增长。抖音，例如所示，增长。", nil, 2, false},
		{"a verb with 所 goes with its lead phrase", "据[S9]所述，抖音是个好老师。根据[S8]所示，抖音是个好老师。据[S7]统计，抖音增长。",
			"抖音是个好老师。抖音是个好老师。据统计，抖音增长。", nil, 3, false},
		{"like stays after a verb of seeming, goes after a noun", "It is what Douyin looks like [S9]. Users like [S9] buy more.", "It is what Douyin looks like. Users buy more.", nil, 2, false},
		{"emphasis that does not close after the lead-in stays", "**Douyin** according to [S9], it grew. *According to [S9]**, it rose.",
			"**Douyin** according to, it grew. *According to**, it rose.", nil, 2, false},
		// Citation numbers side by side stand together, each once.
		{"markers apart by a space stand together", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1] [S1: \"representing a 30% year-on-year increase\"].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1][2].", []string{testSentence1, "representing a 30% year-on-year increase"}, 0, false},
		{"markers apart by a removed one stand together", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1]  [S9]\t[S1: \"representing a 30% year-on-year increase\"] and more.",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1][2] and more.", []string{testSentence1, "representing a 30% year-on-year increase"}, 1, false},
		{"the same number side by side stands once", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1] [S1].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 0, false},
		{"markers apart by words or a comma stay apart", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1] and [S1: \"representing a 30% year-on-year increase\"], [S2: \"the world's largest shopping festival\"].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1] and [2], [3].", []string{testSentence1, "representing a 30% year-on-year increase", "the world's largest shopping festival"}, 0, false},
		// Footnote lists: which source each of the reply's own numbers stands for.
		{"a numbered footnote list gives the source of [1]", "Zhang yong created the largest shopping festival [1].\n\n1. Source 2: \"the world's largest shopping festival\"",
			"Zhang yong created the largest shopping festival [1].", []string{"the world's largest shopping festival"}, 0, false},
		{"[1]: Sk", "Zhang yong created the largest shopping festival [1].\n\n[1]: S2", "Zhang yong created the largest shopping festival [1].",
			[]string{testSources[1].Text}, 0, false},
		{"- [1]: file, paragraph", "Zhang yong created the largest shopping festival [1].\n\n- [1]: 004.txt, paragraph 9",
			"Zhang yong created the largest shopping festival [1].", []string{testSources[1].Text}, 0, false},
		{"[1] file", "Zhang yong created the largest shopping festival [1].\n[1] 004.txt", "Zhang yong created the largest shopping festival [1].",
			[]string{testSources[1].Text}, 0, false},
		{"[^1]: file", "Zhang yong created the largest shopping festival[^1].\n\n[^1]: 004.txt, ¶9", "Zhang yong created the largest shopping festival[1].",
			[]string{testSources[1].Text}, 0, false},
		{"a number that checks out keeps its own source", "Douyin's GMV was over 3.5 trillion yuan in 2024 [1].\n\n1. Source 2",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 0, false},
		{"a numbered line that says more is prose", "Zhang yong created the largest shopping festival [2].\n\n2. Source 2 says so too.",
			"Zhang yong created the largest shopping festival [1].\n\n2. Source says so too.", []string{testSources[1].Text}, 1, false},
		{"a numbered line for a number the reply did not use is prose", "Zhang yong created the largest shopping festival.\n\n1. Source 2: \"the world's largest shopping festival\"",
			"Zhang yong created the largest shopping festival.\n\n1. Source [1]: \"the world's largest shopping festival\"", []string{"the world's largest shopping festival"}, 0, false},
		// Other tools' citations (toolmarkers.go).
		{"ChatGPT's contentReference is removed and counted", "Douyin's GMV was over 3.5 trillion yuan in 2024 [S1] :contentReference[oaicite:0]{index=0}.",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 1, false},
		{"ChatGPT's private-use group", "Douyin grew \ue200cite\ue202turn0search0\ue202turn0news2\ue201.", "Douyin grew.", nil, 2, false},
		{"LibreChat's highlight and anchor", "\ue203Douyin's GMV was over 3.5 trillion yuan in 2024\ue204\ue202turn0search1 [S1].",
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 1, false},
		{"escaped anchors and stray marks", `Douyin's GMV was over 3.5 trillion yuan in 2024 \ue202turn0search0 [S1]\ue201.`,
			"Douyin's GMV was over 3.5 trillion yuan in 2024 [1].", []string{testSentence1}, 1, false},
		{"other words and figures in running text stay", "Section 1 of version 2 cites source 1.5 and Sources 2024 data.",
			"Section 1 of version 2 cites source 1.5 and Sources 2024 data.", nil, 0, false},
		{"superscripts: a citation and an exponent", "Stores cover 500 m². Douyin's GMV was over 3.5 trillion yuan in 2024¹.",
			"Stores cover 500 m². Douyin's GMV was over 3.5 trillion yuan in 2024[1].", []string{testSentence1}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := verify(tt.reply, testSources, links.Builder{}, seedindex.Open(t).Lexicon())
			got := v.Text
			if tt.refusal {
				got = v.RefusalSentence
			}
			if got != tt.wantText {
				t.Errorf("text = %q, want %q", got, tt.wantText)
			}
			var quotes []string
			for i, c := range v.Citations {
				quotes = append(quotes, c.Quote)
				if c.N != i+1 {
					t.Errorf("citation %d has N %d", i, c.N)
				}
			}
			if strings.Join(quotes, "|") != strings.Join(tt.wantCites, "|") {
				t.Errorf("quotes = %q, want %q", quotes, tt.wantCites)
			}
			if v.Dropped != tt.dropped || v.Refusal != tt.refusal {
				t.Errorf("dropped=%d refusal=%v, want %d %v", v.Dropped, v.Refusal, tt.dropped, tt.refusal)
			}
		})
	}
}

// A frame that ends with a colon over a list cites every item its sources state, as each streams in,
// not only the first; the list ends at a line that is no item.
func TestFrameOverAList(t *testing.T) {
	reply := "According to [S1]:\n- Douyin's GMV was over 3.5 trillion yuan in 2024\n- It grew 30% year on year\n" +
		"- Zhang yong created the largest shopping festival\n\nIt grew 30% year on year. Pinduoduo listed in 2018."
	want := "- Douyin's GMV was over 3.5 trillion yuan in 2024 [1]\n- It grew 30% year on year [1]\n" +
		"- Zhang yong created the largest shopping festival\n\nIt grew 30% year on year. Pinduoduo listed in 2018."
	for _, size := range []int{1, 7, len(reply)} {
		var shown strings.Builder
		v := streamed(reply, size, &shown)
		if v.Text != want || shown.String() != want {
			t.Errorf("deltas of %d bytes: text %q, shown %q, want %q", size, v.Text, shown.String(), want)
		}
		if len(v.Citations) != 1 || v.Dropped != 0 {
			t.Errorf("deltas of %d bytes: %d citations, %d dropped, want 1 and 0", size, len(v.Citations), v.Dropped)
		}
	}
}

// testSentence1 is the first sentence of seed001.
const testSentence1 = "Douyin has achieved remarkable growth, with a GMV of over 3.5 trillion yuan in 2024, representing a 30% year-on-year increase, surpassing competitors like JD.com"

// FuzzVerify: whatever the model replies, verification never panics, every citation's quote is a
// verbatim span of the passage it names, numbers run 1..n, each appears in the text, and cutting the
// reply into deltas anywhere gives the same answer, shown exactly as decided: cut after every rune,
// and as plan says (see [streamedPlan]), which the fuzzer varies with the reply.
func FuzzVerify(f *testing.F) {
	for _, s := range []string{
		`Douyin grew [S1: "Douyin has achieved remarkable growth"] [3][4].`,
		"A [S2] b [S9: \"x\"] c\n\nQuotes:\n[S2] \"the world's largest shopping festival\"",
		`【S4：「抖音是个好老师」】 [S1, S3] [S1: "unterminated`,
		"NOT_IN_SOURCES nothing",
		`[S1: "a GMV of over 3.5 trillion yuan in 2024 ... 30% year-on-year"]`,
		"[[[S1]]] [S] [S1:] [S1: ] [S1 \"Douyin's success is attributed\"]",
		"<think>[S1]</think>```\nIt grew [^1].\n```\n[^1]: S1, \"Douyin has achieved remarkable growth\"",
		"(S1) [Source 2] ［Ｓ３］ [1, 3] [S1](https://x.example) [[S2]](http://y)",
		"It grew [001.txt, ¶1]. It was large (source: 00….txt ¶9) 【4:0†source】 <sup>1</sup> ^[2] in 2024¹. S1\nSources: S1, S2\n— S3",
		`As it says, "Douyin has achieved remarkable growth". The S1 phone (004.txt, paragraph 9) <cite>S2</cite> [citation:3]`,
		`<cite index="1-2,1-3">It grew.</cite> <cite source='004.txt'>Zhang</cite> <co: 2>x</co: 2> <co: S1>y</co> [cite_start]z[cite: 3] <cite class="a">t</cite></cite> <cite index="9-1">open`,
		"It grew. It was big.\n\n**Sources:**\n- 004.txt, paragraph 9\n- [1] 001.txt\n- S3: \"los sistemas de pago\"\nFuentes: [2], S4\n来源：S1、S2",
		"A [S1]. B.\nSources: S2\nC. D.\nReferences: 001.txt; 004.txt",
		"Douyin grew [S1]. Zhang yong created the largest shopping festival. It grew [1]. Pinduoduo listed.\n\nSources: S2\n1. Source 1",
		"It grew [cite: 1-3]. It rose.[^2^] 【1†source】 [S1, ¶1] <ref>2</ref> <source>S3</source> [1–2; S4, p. 3] [S1-",
		"It grew [S1] :contentReference[oaicite:0]{index=0}. \ue203It rose\ue204\ue202turn0search1 \ue200cite\ue202turn0news2\ue201 \\ue202turn1search3 [S2]",
		"It grew [1]. It rose [2].\n\n1. Source 2: \"the world's largest\"\n- [2]: 004.txt, paragraph 9\n[3]: S1\n4) [S3]",
		"According to Source 1, it grew. Sources 1, 2 and 3 show it. 来源4显示。As source 9 notes, Section 1 of version 2.",
		"According to [S9], it grew. Source 9 says that it rose. 根据[S9]，抖音是个好老师。 X, according to [S2], was Y, as [S1] notes.\n- per [S7] so. [S9] says so.",
		"A {S1} b (see S2) c [S-3]. D [#1] e [S1:2-3] f [S1, ¶1: \"q q\"] g [S1 S2]. H [^S1] i **[S2]** j `[S3]` k \\[S1\\] l [S1](source:1) (S-1) {2}",
		"Platforms, such as [S9], grew (see [S8]). **According to [S7]**, it rose; see [S9]. 根据[S9]的数据，抖音。如[S9]所述，它 [S1] [S1: \"Douyin has achieved remarkable growth\"]  [S9] [S2]. In markets such as [S9], it led ([S6]). *Según [S9]:* como [S9], creció.",
		"Reports such as [S1] and [S9] show that Douyin's GMV was over 3.5 trillion yuan in 2024 (see [S1]). 抖音是个好老师（如[S4]等）。Platforms such as [S9] and Kwai grew (e.g. [S2], etc.).",
		"According to [S1]. Douyin's GMV was over 3.5 trillion yuan in 2024. This is stated in [S2]. Source: [S9].\n\nAccording to [S9]:\n- Zhang yong created the largest shopping festival\n- It grew. See [S2].",
		"以上数据来自[S4]。抖音是个好老师。以上数据来自[S4]。\n\nSource: [S1].\nDouyin grew [S1]. For more details, see [S1] and [S2]. The 2024 data comes from [S1].",
		"It grew [source](S1) and [the 2024 report](#source-2), per [1](#s3)^2^ ⁽¹⁾ — [S4]. It is 2^10^.[^1]\n\n---\n\n[^1]: S1, 001.txt paragraph 1\n[2]: S2 (004.txt)",
		"[A](0).0",          // a link's words start the sentence its bracket stands before
		"0\n#SourCe#\n",     // a header closed by heading marks is read whole, not streamed on as prose
		"A [0].0. SourCe00", // "0." after a sentence is no list item, whether or not that sentence was decided
		"000[00\n p. 0]",    // a locator across a line break
		"A。 .[0]sAY",        // a detached full stop after the sentences decided
	} {
		// Deltas of 5 bytes, and of sizes that vary.
		f.Add(s, []byte{4})
		f.Add(s, []byte{0, 6, 2, 19, 1, 0, 40})
	}
	// A first line that streamed past the window a preamble may take holds no refusal further on.
	f.Add(strings.Repeat("It grew. ", 11)+"NOT_IN_SOURCES\n", []byte{4})
	f.Fuzz(func(t *testing.T, reply string, plan []byte) {
		if !utf8.ValidString(reply) {
			return
		}
		v := verify(reply, testSources, links.Builder{}, nil)
		for i, c := range v.Citations {
			if c.N != i+1 {
				t.Fatalf("citation %d numbered %d", i, c.N)
			}
			if c.Quote == "" || !strings.Contains(c.Text, c.Quote) {
				t.Fatalf("quote %q not in its passage", c.Quote)
			}
			if !strings.Contains(v.Text, "["+itoa(c.N)+"]") {
				t.Fatalf("text %q lacks [%d]", v.Text, c.N)
			}
		}
		// Streamed, the answer does not depend on how the reply is cut into deltas, and what is shown
		// is exactly what is decided.
		var shownWhole strings.Builder
		whole := streamed(reply, len(reply), &shownWhole)
		for _, plan := range [][]byte{nil, plan} {
			var shown strings.Builder
			v2, cuts := streamedPlan(reply, plan, &shown)
			if v2.Text != whole.Text || len(v2.Citations) != len(whole.Citations) || v2.Dropped != whole.Dropped || v2.Refusal != whole.Refusal {
				t.Fatalf("deltas %q decide %q (%d cites, %d dropped), the reply in one delta %q (%d, %d)",
					cuts, v2.Text, len(v2.Citations), v2.Dropped, whole.Text, len(whole.Citations), whole.Dropped)
			}
			if len(v2.Citations) > 0 && shown.String() != v2.Text {
				t.Fatalf("deltas %q: shown %q, decided %q", cuts, shown.String(), v2.Text)
			}
			if len(v2.Citations) == 0 && shown.Len() > 0 {
				t.Fatalf("deltas %q: shown %q without a verified citation", cuts, shown.String())
			}
		}
		// Not streamed, the same text, where a list of sources may also cite the sentences a stream
		// would have shown already: every citation of the streamed answer, maybe more.
		if uncite(v.Text) != uncite(whole.Text) || v.Refusal != whole.Refusal {
			t.Fatalf("not streamed %q, streamed %q: the texts differ beyond citations", v.Text, whole.Text)
		}
		quotes := map[string]bool{}
		for _, c := range v.Citations {
			quotes[c.File+"|"+c.Quote] = true
		}
		for _, c := range whole.Citations {
			if !quotes[c.File+"|"+c.Quote] {
				t.Fatalf("streamed citation %q of %s is not a citation of the reply not streamed (%q)", c.Quote, c.File, v.Text)
			}
		}
	})
}

var (
	citationNumber = regexp.MustCompile(`\[\d+\]`)
	spaceBeforeEnd = regexp.MustCompile(`\s+([.!?,;:。！？，；：])`)
)

// uncite removes the citation numbers from a decided text, and the space they leave before
// punctuation; runs of space count as one.
func uncite(s string) string {
	s = spaceBeforeEnd.ReplaceAllString(citationNumber.ReplaceAllString(s, ""), "$1")
	return strings.Join(strings.Fields(s), " ")
}

// streamed runs reply through a reply pipeline in deltas of size bytes (cut at rune boundaries) and
// returns what was decided; shown receives what a reader would see.
func streamed(reply string, size int, shown *strings.Builder) verified {
	v, _ := streamedBy(reply, func(int) int { return size }, shown)
	return v
}

// streamedPlan runs reply through a reply pipeline cut into deltas as plan says, and returns what
// was decided and the deltas; shown receives what a reader would see. Each byte of plan in turn,
// then over again, is the size of the next delta less one, in bytes; an empty plan cuts after
// every rune.
func streamedPlan(reply string, plan []byte, shown *strings.Builder) (verified, []string) {
	return streamedBy(reply, func(k int) int {
		if len(plan) == 0 {
			return 1
		}
		return int(plan[k%len(plan)]) + 1
	}, shown)
}

// streamedBy runs reply through a reply pipeline in deltas of size(k) bytes, the k-th counted from
// 0, each made up to the end of a rune: the model client gives whole runes, since it decodes each
// streamed chunk's JSON, which writes a character that a server split between chunks as U+FFFD.
func streamedBy(reply string, size func(k int) int, shown *strings.Builder) (verified, []string) {
	p := newReplyPipeline(newVerifier(testSources, links.Builder{}, nil), 0, false, func(s string) { shown.WriteString(s) })
	var deltas []string
	for i, k := 0, 0; i < len(reply); k++ {
		j := min(i+max(size(k), 1), len(reply))
		for j < len(reply) && !utf8.RuneStart(reply[j]) {
			j++
		}
		deltas = append(deltas, reply[i:j])
		p.Write(reply[i:j])
		i = j
	}
	return p.Flush(), deltas
}

// FuzzMayBeStructural: every start of a line that readLine takes out of the prose (a quotes header,
// a list of sources, a line of a footnote list, a quote definition) may still be structural, so that
// no part of it streams on as prose before the line is read whole.
func FuzzMayBeStructural(f *testing.F) {
	for _, s := range []string{"#SourCe#", "Sources -", "Sources\t", ":Sources", "1. - S3", "- 1) S3", "１. S3", "> **Sources:** S1", "Quotes:",
		"[^1]: S1, \"q\"", "[S2] \"q\"", "1. [S3] \"q\"", "[1] 001_c3c0d2fced9bc6e6.txt", "来源：S1、S2", "参考资料", "Fuentes: [2], S4",
		"**References**", "- [2]: 004.txt, paragraph 9", "Sources: 001.txt; 004.txt"} {
		f.Add(s)
	}
	sc := newVerifier(testSources, links.Builder{}, nil).scan
	f.Fuzz(func(t *testing.T, line string) {
		if !utf8.ValidString(line) || strings.Contains(line, "\n") {
			return
		}
		_, listed := sc.listLine(line)
		_, numbered := sc.numberedSource(line)
		_, defined := sc.readDefinition(line, false)
		if !isQuotesHeader(line) && !listed && !numbered && !defined {
			return
		}
		for cut := 1; cut <= len(line); cut++ {
			if cut < len(line) && !utf8.RuneStart(line[cut]) {
				continue
			}
			if !mayBeStructural(line[:cut]) {
				t.Fatalf("line %q is structural (header %v, list %v, footnote %v, definition %v), its start %q may not be",
					line, isQuotesHeader(line), listed, numbered, defined, line[:cut])
			}
		}
	})
}

// FuzzLocateQuote: a span found is always within the text, and an exact substring of enough length
// is always found.
func FuzzLocateQuote(f *testing.F) {
	f.Add(seed001, 10, 60)
	f.Add("小红书做电商,抖音是个好老师", 0, 12)
	f.Add("Taobao , It's crazy 3 year ,2018 year 7 In June", 3, 30)
	f.Fuzz(func(t *testing.T, src string, i, j int) {
		if !utf8.ValidString(src) || i < 0 || j < i || j > len(src) {
			return
		}
		quote := src[i:j]
		s, e, ok := locateQuote(src, quote)
		if ok && (s < 0 || e > len(src) || s > e) {
			t.Fatalf("span [%d,%d) outside a text of %d bytes", s, e, len(src))
		}
		if ok && !utf8.ValidString(src[s:e]) {
			t.Fatalf("span cuts a rune")
		}
		if utf8.ValidString(quote) && !ok && longEnough(normalize(quote).norm) && strings.TrimSpace(quote) == quote &&
			!strings.ContainsAny(quote, "[]….") && text.FootnoteLen(quote) == 0 {
			t.Fatalf("exact quote %q of %q not found", quote, src)
		}
	})
}

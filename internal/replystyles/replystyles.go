// Package replystyles is a table of the reply styles real OpenAI-compatible models produce when asked
// for a cited answer over the seed corpus (the exact format, numeric markers, footnotes, paraphrased
// and translated quotes, answers in Spanish and Chinese, reasoning blocks, fences, lists, refusals…),
// each with the outcome citebot must reach. The answer, web and Discord tests play the whole table
// through the in-process OpenAI-compatible server ([Install]) and check every answer ([Check]).
//
// A reply is a template: {dy} stands for the number of the offered source that holds the fact "dy"
// (see [Facts]), {dy#2} for the second such source, so that replies cite the right passage whatever
// order retrieval gives. A modifier writes something else of that source: {dy|wide} the number in
// full-width digits, {dy|sup} in superscript digits, {dy|file} its file name, {dy|file8} and
// {dy|file4} the file name shortened to its first 8 or 4 characters and "….txt" or "…txt",
// {dy|para} its paragraph and {dy|section} its section, as the prompt shows them.
package replystyles

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/openaitest"
)

// Facts are passages of the seed corpus the replies cite, by key: the text each must contain.
var Facts = map[string]string{
	"dy":    "a GMV of over 3.5 trillion yuan in 2024",       // seed 001: Douyin's GMV
	"tg":    "When Tiktok and Kwai realize",                  // seed 004: Tiktok, GMV, trillion yuan, but no 3.5 and no 2024
	"tx":    "total transaction value of 8,556 billion yuan", // seed 001: the industry
	"pay":   "los sistemas de pago móvil como WeChat y Alipay",
	"mech":  "Although the Douyin mechanism has matured", // seed 000: Douyin is hard for small businesses
	"short": "compra de vídeos cortos como Douyin",       // seed 002: short-video shopping and micro-commerce
}

// Questions the cases ask.
const (
	qDouyin     = "What was Douyin's GMV in 2024?"
	qDouyinES   = "¿Cuál fue el GMV de Douyin en 2024?"
	qDouyinZH   = "抖音2024年的GMV是多少？"
	qIndustry   = "How big was the e-commerce market's total transaction value?"
	qPayment    = "¿Qué sistemas de pago móvil son populares?"
	qAmazon     = "What was Amazon's revenue in 2024?"
	qAmazonES   = "¿Cuáles fueron los ingresos de Amazon en 2024?"
	qAmazonZH   = "亚马逊2024年的收入是多少？"
	qUnanswered = "What will WeChat's strategy be for merchants in Europe?"
)

// Outcome is what citebot must make of a reply.
type Outcome struct {
	// Verification is the answer's verification state; "" for an abstention.
	Verification string
	Abstained    bool
	// Cites are the facts the answer's citations quote, in order.
	Cites []string
	// Repair is true when a repair request must go out.
	Repair bool
	// Text, when set, is the whole expected answer text.
	Text string
	// Has and Lacks are substrings the answer text must and must not contain.
	Has, Lacks []string
	// Notice is a substring of the expected notice; "" means no notice.
	Notice string
	// Streamed, when set, is the outcome when the answer streams, where it differs: streaming never
	// takes back what it showed, so a list of sources at the end of the reply no longer reaches the
	// sentences already shown.
	Streamed *Outcome
}

// Case is one reply style.
type Case struct {
	Name     string
	Question string
	// Reply is the model's reply (a template, see the package comment).
	Reply string
	// RepairReply answers the repair request, if one comes.
	RepairReply string
	// Reasoning is sent in ReasoningField ("reasoning_content" or "reasoning") before the reply.
	Reasoning, ReasoningField string
	// Finish is the finish reason ("length" for a reply cut by max_tokens).
	Finish string
	Want   Outcome
}

const exact = `a GMV of over 3.5 trillion yuan in 2024`

func verified(cites ...string) Outcome {
	return Outcome{Verification: answer.VerificationVerified, Cites: cites}
}

func (o Outcome) has(s ...string) Outcome   { o.Has = append(o.Has, s...); return o }
func (o Outcome) lacks(s ...string) Outcome { o.Lacks = append(o.Lacks, s...); return o }
func (o Outcome) notice(s string) Outcome   { o.Notice = s; return o }
func (o Outcome) text(s string) Outcome     { o.Text = s; return o }

// whenStreamed is o, with s as the outcome when the answer streams.
func (o Outcome) whenStreamed(s Outcome) Outcome { o.Streamed = &s; return o }

func abstained(text string) Outcome { return Outcome{Abstained: true, Text: text} }

// Cases returns the table.
func Cases() []Case {
	q := func(name, question, reply string, want Outcome) Case {
		return Case{Name: name, Question: question, Reply: reply, Want: want}
	}
	misquote := `Douyin's GMV grew a lot [S{dy}: "Douyin made huge amounts of money"].`
	cases := []Case{
		q("exact format", qDouyin, `Douyin's GMV passed 3.5 trillion yuan in 2024 [S{dy}: "`+exact+`"].`,
			verified("dy").text("Douyin's GMV passed 3.5 trillion yuan in 2024 [1].")),
		q("numeric marker", qDouyin, `Douyin's GMV exceeded 3.5 trillion yuan in 2024 [{dy}].`, verified("dy")),
		q("parenthesised id", qDouyin, `Douyin's GMV exceeded 3.5 trillion yuan in 2024 (S{dy}).`, verified("dy").lacks("(S", "()")),
		q("source word", qDouyin, `Douyin's GMV exceeded 3.5 trillion yuan in 2024 [Source {dy}].`, verified("dy")),
		q("footnote with a definition naming the source", qDouyin,
			"Douyin's GMV exceeded 3.5 trillion yuan in 2024.[^1]\n\n[^1]: S{dy}, \""+exact+"\"", verified("dy").lacks("[^")),
		q("footnote numbered by source", qDouyin,
			"Douyin's GMV exceeded 3.5 trillion yuan in 2024 [^{dy}].\n\n[^{dy}]: \"Douyin has achieved remarkable growth\"", verified("dy").lacks("[^")),
		q("marker before its claim", qDouyin, `According to [S{dy}], Douyin's GMV was over 3.5 trillion yuan in 2024.`,
			verified("dy").has("According to [1],")),
		q("terse paraphrase with a bare marker", qDouyin, `Its 2024 sales topped ¥3.5tn [S{dy}].`, verified("dy")),
		q("Chinese claim over an English source", qDouyinZH, `抖音2024年的GMV超过3.5万亿元 [S{dy}]。`, verified("dy")),
		q("quote drops a short word", qDouyin, `Douyin's GMV passed 3.5 trillion yuan [S{dy}: "a GMV over 3.5 trillion yuan in 2024"].`, verified("dy")),
		q("quote says year on year", qDouyin, `It grew 30% [S{dy}: "representing a 30% year on year increase"].`, verified("dy")),
		q("quote says more than for over", qDouyin, `Douyin's GMV passed 3.5 trillion yuan [S{dy}: "a GMV of more than 3.5 trillion yuan in 2024"].`, verified("dy")),
		q("ellipsis with short fragments", qDouyin, `Douyin grew fast [S{dy}: "Douyin has achieved remarkable growth … 3.5 trillion yuan … 30% year-on-year"].`, verified("dy")),
		q("quote translated into Spanish", qDouyinES, `El GMV de Douyin superó los 3,5 billones de yuanes en 2024 [S{dy}: "un GMV de más de 3,5 billones de yuanes en 2024"].`, verified("dy")),
		q("right quote under the wrong id", qDouyin, `Douyin's GMV passed 3.5 trillion yuan [S{tg}: "`+exact+`"].`, verified("dy")),
		q("think block", qDouyin, "<think>The user wants the GMV. S{tg} mentions trillion [S{tg}] but S{dy} is better.</think>\n\nDouyin's GMV passed 3.5 trillion yuan in 2024 [S{dy}: \""+exact+"\"].",
			verified("dy").text("Douyin's GMV passed 3.5 trillion yuan in 2024 [1].")),
		q("thinking block", qDouyin, "<thinking>\nS{dy} has it.\n</thinking>\nDouyin's GMV passed 3.5 trillion yuan in 2024 [S{dy}: \""+exact+"\"].",
			verified("dy").text("Douyin's GMV passed 3.5 trillion yuan in 2024 [1].")),
		{Name: "reasoning_content field", Question: qDouyin, Reasoning: "The user asks about GMV; cite S{dy}.", ReasoningField: "reasoning_content",
			Reply: `Douyin's GMV passed 3.5 trillion yuan in 2024 [S{dy}: "` + exact + `"].`, Want: verified("dy").lacks("user asks")},
		{Name: "reasoning field", Question: qDouyin, Reasoning: "Thinking about S{tg} and S{dy}.", ReasoningField: "reasoning",
			Reply: `Douyin's GMV passed 3.5 trillion yuan in 2024 [S{dy}: "` + exact + `"].`, Want: verified("dy").lacks("Thinking")},
		q("fence around the answer", qDouyin, "```markdown\nDouyin's GMV passed 3.5 trillion yuan in 2024 [S{dy}: \""+exact+"\"].\n```",
			verified("dy").text("Douyin's GMV passed 3.5 trillion yuan in 2024 [1].")),
		q("second bare marker to an irrelevant source", qDouyin, `Douyin's GMV exceeded 3.5 trillion yuan in 2024 [S{dy}, S{tg}].`,
			verified("dy").notice("1 citation(s)")),
		q("adjacent markers, one irrelevant", qDouyin, `Douyin's GMV exceeded 3.5 trillion yuan in 2024 [S{dy}][S{tg}].`,
			verified("dy").notice("1 citation(s)")),
		q("list of two relevant sources", qDouyin, `Douyin's GMV exceeded 3.5 trillion yuan in 2024 [S{dy}, S{dy#2}].`, verified("dy", "dy")),
		q("lenticular brackets", qDouyin, `Douyin's GMV exceeded 3.5 trillion yuan in 2024 【S{dy}】.`, verified("dy")),
		q("full-width brackets and digits", qDouyin, `Douyin's GMV exceeded 3.5 trillion yuan in 2024 ［Ｓ{dy|wide}］.`, verified("dy")),
		q("curly quotes", qDouyin, `Douyin's GMV passed 3.5 trillion yuan [S{dy}: “`+exact+`”].`, verified("dy")),
		q("single quotes", qDouyin, `Douyin's GMV passed 3.5 trillion yuan [S{dy}: '`+exact+`'].`, verified("dy")),
		q("CJK quotes and colon", qDouyin, `Douyin's GMV passed 3.5 trillion yuan 【S{dy}：「`+exact+`」】.`, verified("dy")),
		q("newlines and spaces inside the quote", qDouyin, "Douyin's GMV passed 3.5 trillion yuan [S{dy}: \"a GMV of over\n3.5   trillion yuan in 2024\"].", verified("dy")),
		q("quote in capitals", qDouyin, `Douyin's GMV passed 3.5 trillion yuan [S{dy}: "A GMV OF OVER 3.5 TRILLION YUAN IN 2024"].`, verified("dy")),
		q("trailing period in the quote", qDouyin, `Douyin's GMV passed 3.5 trillion yuan [S{dy}: "`+exact+`."].`, verified("dy")),
		q("footnote markers inside the quote", qDouyin, `It surpassed JD.com [S{dy}: "surpassing competitors like JD.com [3][4]"].`, verified("dy")),
		q("Spanish answer quoting an English source", qDouyinES, `El GMV de Douyin superó los 3,5 billones de yuanes en 2024 [S{dy}: "`+exact+`"].`, verified("dy")),
		q("Chinese answer quoting an English source", qDouyinZH, `抖音2024年的GMV超过3.5万亿元[S{dy}: "`+exact+`"]。`, verified("dy")),
		q("bullets with quoted markers", qDouyin, "- GMV: over 3.5 trillion yuan in 2024 [S{dy}: \""+exact+"\"]\n- Growth: 30% year on year [S{dy}: \"representing a 30% year-on-year increase\"]",
			verified("dy", "dy").has("- GMV", "\n- Growth")),
		q("bullets with bare markers", qDouyin, "- Douyin's GMV was over 3.5 trillion yuan in 2024 [S{dy}]\n- It grew 30% year on year [S{dy}]", verified("dy").has("\n- It grew")),
		q("trailing quotes block", qDouyin, "Douyin did very well that year [S{dy}].\n\nQuotes:\n- [S{dy}]: \"Douyin has achieved remarkable growth\"",
			verified("dy").text("Douyin did very well that year [1].")),
		q("numbered references without a header", qDouyin, "Douyin's GMV was above 3.5 trillion yuan in 2024 [{dy}].\n\n[{dy}] \""+exact+"\"",
			verified("dy").text("Douyin's GMV was above 3.5 trillion yuan in 2024 [1].")),
		q("one citation at the end of a numbered list", qDouyin, "Douyin in 2024:\n1. GMV over 3.5 trillion yuan\n2. Growth of 30% year on year\n3. Surpassing competitors like JD.com [S{dy}]",
			verified("dy").has("1. GMV", "3. Surpassing competitors like JD.com [1]")),
		q("marker alone on the next line", qDouyin, "Douyin's GMV passed 3.5 trillion yuan in 2024.\n[S{dy}]",
			verified("dy").text("Douyin's GMV passed 3.5 trillion yuan in 2024 [1].")),
		q("Spanish claim over a Spanish source", qPayment, `WeChat y Alipay son sistemas de pago móvil populares (S{pay}).`, verified("pay")),
		q("copied footnote after an S marker", qIndustry, `The total transaction value was 8,556 billion yuan [S{tx}: "a total transaction value of 8,556 billion yuan"], with a year-on-year growth of 15.2% [1].`,
			verified("tx").has("15.2%.").notice("")),
		q("link attached to a marker", qDouyin, `Douyin's GMV passed 3.5 trillion yuan [S{dy}: "`+exact+`"](https://evil.example/phish).`,
			verified("dy").lacks("evil.example", "](")),
		q("marker as a link's text", qDouyin, `Douyin's GMV exceeded 3.5 trillion yuan in 2024 [[S{dy}]](https://evil.example/x).`, verified("dy").lacks("evil.example")),
		{Name: "reply cut by max_tokens", Question: qDouyin, Finish: "length",
			Reply: `Douyin's GMV passed 3.5 trillion yuan [S{dy}: "` + exact + `"]. It also grew`,
			Want:  verified("dy").notice("cut").text(`Douyin's GMV passed 3.5 trillion yuan [1]. It also grew …`)},
		q("NOT_IN_SOURCES plain", qAmazon, "NOT_IN_SOURCES The sources do not mention Amazon's revenue.", abstained("The sources do not mention Amazon's revenue.")),
		q("NOT_IN_SOURCES in bold", qAmazon, "**NOT_IN_SOURCES** — the sources say nothing about Amazon.", abstained("The sources say nothing about Amazon.")),
		q("NOT_IN_SOURCES after a preamble", qAmazon, "I'm sorry, but NOT_IN_SOURCES: the sources don't cover Amazon's revenue.", abstained("The sources don't cover Amazon's revenue.")),
		q("NOT_IN_SOURCES then a partial cited answer", qDouyin, "NOT_IN_SOURCES for 2025.\nHowever, Douyin's GMV was over 3.5 trillion yuan in 2024 [S{dy}: \""+exact+"\"].",
			verified("dy").text("However, Douyin's GMV was over 3.5 trillion yuan in 2024 [1].")),
		q("plain-language refusal", qAmazon, "The sources do not contain any information about Amazon's revenue in 2024.",
			abstained("The sources do not contain any information about Amazon's revenue in 2024.")),
		q("Spanish refusal", qAmazonES, "Las fuentes no mencionan los ingresos de Amazon.", abstained("Las fuentes no mencionan los ingresos de Amazon.")),
		q("Chinese refusal", qAmazonZH, "资料中没有提到亚马逊的收入。", abstained("资料中没有提到亚马逊的收入。")),
		q("English refusal to a Chinese question", qAmazonZH, "NOT_IN_SOURCES: The sources do not mention Amazon.", abstained("资料中没有这个问题的答案。")),
		{Name: "misquote repaired", Question: qDouyin, Reply: misquote,
			RepairReply: `Douyin's GMV grew a lot [S{dy}: "Douyin has achieved remarkable growth"].`,
			Want:        Outcome{Verification: answer.VerificationRepaired, Cites: []string{"dy"}, Repair: true}},
		{Name: "copied footnotes only, repaired", Question: qIndustry,
			Reply:       "The industry is mature, with a total transaction value of 8,556 billion yuan and a year-on-year growth of 15.2% [1].",
			RepairReply: "The total transaction value was 8,556 billion yuan [S{tx}: \"a total transaction value of 8,556 billion yuan\"].",
			Want:        Outcome{Verification: answer.VerificationRepaired, Cites: []string{"tx"}, Repair: true}},
		{Name: "unrepairable, offline answer shown", Question: qDouyin, Reply: misquote, RepairReply: misquote,
			Want: Outcome{Verification: answer.VerificationFallback, Cites: []string{"dy"}, Repair: true, Notice: "could not be checked", Has: []string{"3.5 trillion"}}},
		{Name: "unrepairable and no offline answer: unverified", Question: qUnanswered,
			Reply:       "WeChat will expand into Europe with mini programs [S1].",
			RepairReply: `WeChat will expand into Europe [S1: "nothing of the kind"].`,
			Want:        Outcome{Verification: answer.VerificationUnverified, Repair: true, Notice: "could not be checked", Text: "WeChat will expand into Europe with mini programs."}},
		q("only reasoning, no answer", qDouyin, "<think>Considering S{dy} and S{tg} at length…</think>",
			Outcome{Verification: answer.VerificationFallback, Cites: []string{"dy"}, Notice: "gave no answer"}),
	}
	return append(cases, otherCitationStyles()...)
}

// otherCitationStyles are replies that cite in forms the prompt does not ask for: by what the prompt
// shows besides the id (file, paragraph, section, title), in the styles of other vendors' tools, by
// quoting without a marker, and by bare ids after a sentence.
func otherCitationStyles() []Case {
	q := func(name, question, reply string, want Outcome) Case {
		return Case{Name: name, Question: question, Reply: reply, Want: want}
	}
	repaired := func(name, reply string, lacks ...string) Case {
		return Case{Name: name, Question: qDouyin, Reply: reply,
			RepairReply: `Douyin's GMV passed 3.5 trillion yuan in 2024 [S{dy}: "` + exact + `"].`,
			Want:        Outcome{Verification: answer.VerificationRepaired, Cites: []string{"dy"}, Repair: true, Lacks: lacks}}
	}
	const claim = "Douyin's GMV exceeded 3.5 trillion yuan in 2024"
	const esClaim = "El GMV de Douyin superó los 3,5 billones de yuanes en 2024"
	const zhClaim = "抖音2024年的GMV超过3.5万亿元"
	const tiktok = "Once Tiktok and Kwai realize their own e-commerce, they will cut off the diversion to Alibaba e-commerce"
	return []Case{
		q("file and paragraph", qDouyin, claim+" [{dy|file}, paragraph {dy|para}].", verified("dy").lacks(".txt", "paragraph")),
		q("shortened file name and pilcrow", qDouyin, claim+" (source: {dy|file8} ¶{dy|para}).", verified("dy").lacks(".txt", "¶")),
		q("file prefix and para.", qDouyin, claim+" (file {dy|file4}, para. {dy|para}).", verified("dy").lacks("txt", "para.")),
		q("file and paragraph with a quote", qDouyin, claim+` [{dy|file}, ¶{dy|para}: "`+exact+`"].`, verified("dy").lacks(".txt")),
		q("section heading", qDouyin, tiktok+" (section: {tg|section}).", verified("tg").lacks("Mistake")),
		q("document title", qDouyin, tiktok+" (13 years of Alibaba e-commerce: Zhang Yong's merits and demerits).", verified("tg").lacks("13 years")),
		repaired("a file that was not offered", claim+" (source: 003_4fda5065e9bafefa.txt ¶13)."),
		repaired("a paragraph that was not offered", claim+" [{dy|file}, paragraph 7]."),
		q("OpenAI file-search marker with an id", qDouyin, claim+" 【S{dy}†source】.", verified("dy").lacks("†")),
		repaired("OpenAI file-search marker with result indexes", claim+" 【4:0†source】.", "†"),
		q("line range after the id", qDouyin, claim+" [S{dy}†L1-L3].", verified("dy").lacks("†")),
		q("DeepSeek citation", qDouyin, claim+" [citation:{dy}].", verified("dy").lacks("citation")),
		q("ref", qDouyin, claim+" [ref {dy}].", verified("dy").lacks("ref")),
		q("Doc", qDouyin, claim+" [Doc {dy}].", verified("dy").lacks("Doc")),
		q("Document", qDouyin, claim+" [Document {dy}].", verified("dy").lacks("Document")),
		q("Passage", qDouyin, claim+" [Passage {dy}].", verified("dy").lacks("Passage")),
		q("source list in parentheses", qDouyin, claim+" (S{dy}, S{dy#2}).", verified("dy", "dy").lacks("(")),
		q("source label and id", qDouyin, claim+" (Source: S{dy}).", verified("dy").lacks("Source")),
		q("sup tag", qDouyin, claim+"<sup>{dy}</sup>.", verified("dy").lacks("sup>")),
		q("cite tag", qDouyin, claim+" <cite>S{dy}</cite>.", verified("dy").lacks("cite>")),
		q("superscript digits", qDouyin, claim+"{dy|sup}.", verified("dy").text(claim+"[1].")),
		q("caret before a bracket", qDouyin, claim+"^[{dy}].", verified("dy").lacks("^")),
		q("unmarked verbatim quote", qDouyin, `As the article puts it, Douyin reached "`+exact+`".`,
			verified("dy").text(`As the article puts it, Douyin reached "`+exact+`" [1].`)),
		repaired("unmarked paraphrase in quotation marks", `Douyin reached "a gross merchandise value beyond 3.5 trillion" in 2024.`),
		q("bare id after the sentence", qDouyin, claim+". S{dy}", verified("dy").text(claim+" [1].")),
		q("number after the full stop", qDouyin, claim+".[{dy}] It grew 30% year on year.[{dy}]", verified("dy").text(claim+" [1]. It grew 30% year on year [1].")),
		q("id after a Chinese full stop", qDouyinZH, "抖音2024年的GMV超过3.5万亿元。【S{dy}】", verified("dy").text("抖音2024年的GMV超过3.5万亿元[1]。")),
		q("bare id after a dash", qDouyin, claim+" — S{dy}", verified("dy").lacks("—")),
		q("trailing sources line without brackets", qDouyin, claim+".\n\nSources: S{dy}, S{dy#2}", verified("dy", "dy").lacks("Sources")),
		q("Gemini cite", qDouyin, claim+" [cite: {dy}]. It grew 30% year on year [cite:{dy}, {dy#2}].", verified("dy", "dy").lacks("cite")),
		q("Kimi superscript", qDouyin, claim+"[^{dy}^].", verified("dy").text(claim+"[1].")),
		q("gpt-oss dagger", qDouyin, claim+" 【{dy}†source】.", verified("dy").lacks("†")),
		q("gpt-oss dagger and line range", qDouyin, claim+" 【{dy}†L1-L3】.", verified("dy").lacks("†", "L1")),
		q("id and paragraph", qDouyin, claim+" [S{dy}, ¶{dy|para}].", verified("dy").lacks("¶")),
		q("source tag", qDouyin, claim+" <source>S{dy}</source>.", verified("dy").lacks("source>")),
		q("ref tag", qDouyin, claim+" <ref>{dy}</ref>.", verified("dy").lacks("ref>")),
		q("HTML quoted in the reply stays text", qDouyin, claim+` [S{dy}]. The page marks its quote with <cite class="pull">remarkable growth</cite> beside a <source src="clip.mp4"> video.`,
			verified("dy").has(`<cite class="pull">remarkable growth</cite>`, `<source src="clip.mp4">`)),
		q("words in a ref tag stay text", qDouyin, claim+" [S{dy}]. <ref>The live-stream host</ref> sells the goods.", verified("dy").has("<ref>The live-stream host</ref>")),
		q("cite as a word", qDouyin, claim+" [S{dy}]. Brands cite [the 2024 figure] in their ads (cite 12 times).",
			verified("dy").has("cite [the 2024 figure]", "(cite 12 times)")),
		q("Claude's cite index", qDouyin, `<cite index="{dy}-1">`+claim+`</cite>. It grew 30% year on year.`,
			verified("dy").text(claim+" [1]. It grew 30% year on year.")),
		q("Claude's cite index naming several sentences", qDouyin, `Douyin in 2024: <cite index="{dy}-1,{dy}-2:3">its GMV exceeded 3.5 trillion yuan, 30% more than the year before.</cite>`,
			verified("dy").text("Douyin in 2024: its GMV exceeded 3.5 trillion yuan, 30% more than the year before [1].")),
		q("cite source", qDouyinES, `<cite source="S{dy}">El GMV de Douyin superó los 3,5 billones de yuanes en 2024</cite>.`, verified("dy").lacks("cite")),
		q("Cohere's co tags", qDouyin, `<co: {dy}>`+claim+`</co: {dy}>.`, verified("dy").text(claim+" [1].")),
		q("Gemini's cite_start", qDouyin, `[cite_start]`+claim+`[cite: {dy}].`, verified("dy").text(claim+"[1].")),
		repaired("Claude's cite index to a passage that does not state the claim", `<cite index="{tg}-1">`+claim+`</cite>.`, "cite"),
		q("sources line for two sentences", qDouyin, claim+". It grew 30% year on year.\n\nSources: S{dy}",
			verified("dy").text(claim+" [1]. It grew 30% year on year [1].")),
		q("sources block of file names", qDouyin, claim+".\n\n**Sources:**\n- {dy|file}, paragraph {dy|para}", verified("dy").text(claim+" [1].")),
		q("references numbered by the model", qDouyin, claim+".\n\nReferences:\n[1] {dy|file}\n", verified("dy").text(claim+" [1].")),
		q("Spanish sources list", qDouyinES, "El GMV de Douyin superó los 3,5 billones de yuanes en 2024.\n\nFuentes: [{dy}]",
			verified("dy").text("El GMV de Douyin superó los 3,5 billones de yuanes en 2024 [1].")),
		q("Chinese sources list", qDouyinZH, "抖音2024年的GMV超过3.5万亿元。\n\n来源：S{dy}", verified("dy").text("抖音2024年的GMV超过3.5万亿元[1]。")),
		q("a listed source that backs nothing", qDouyin, claim+".\n\nSources: S{dy}, S{tg}", verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		q("a list does not cite a sentence no listed source states", qDouyin, claim+". Amazon's revenue fell in 2024.\n\nSources: S{dy}",
			verified("dy").text(claim+" [1]. Amazon's revenue fell in 2024.")),
		q("a list reaches every sentence of an answer that does not stream", qDouyin, claim+" [S{dy}]. "+tiktok+". It grew 30% year on year.\n\nSources: S{dy}, S{tg}",
			verified("dy", "tg").text(claim+" [1]. "+tiktok+" [2]. It grew 30% year on year [1].").
				whenStreamed(verified("dy").text(claim+" [1]. "+tiktok+". It grew 30% year on year [1].").notice("1 citation(s)"))),
		q("a line that starts with a header word is prose", qDouyin, "Sources: the articles agree that Douyin's GMV exceeded 3.5 trillion yuan in 2024 [S{dy}].",
			verified("dy").text("Sources: the articles agree that Douyin's GMV exceeded 3.5 trillion yuan in 2024 [1].")),
		q("S1 as a product name in running text", qDouyin, claim+" [S{dy}]. Sellers of the S1 phone joined it early and the S1 sold well.",
			verified("dy").has("the S1 phone", "the S1 sold")),
		// The same ids in other dress: braces, a lead word, a sign, a locator, emphasis, escapes.
		q("curly braces", qDouyin, claim+" {S{dy}}.", verified("dy").text(claim+" [1].")),
		q("see inside the brackets", qDouyin, claim+" (see S{dy}).", verified("dy").text(claim+" [1].")),
		q("véase inside the brackets", qDouyinES, esClaim+" (véase S{dy}).", verified("dy").text(esClaim+" [1].")),
		q("参见 inside the brackets", qDouyinZH, zhClaim+"（参见S{dy}）。", verified("dy").text(zhClaim+"[1]。")),
		q("a sign between S and the number", qDouyin, claim+" [S-{dy}].", verified("dy").text(claim+" [1].")),
		q("a hash before the number", qDouyin, claim+" [#{dy}].", verified("dy").text(claim+" [1].")),
		q("sentence locator", qDouyin, claim+" [S{dy}:2-3].", verified("dy").text(claim+" [1].")),
		q("locator and quote", qDouyin, claim+` [S{dy}, ¶{dy|para}: "`+exact+`"].`, verified("dy").text(claim+" [1].")),
		q("locator in parentheses", qDouyin, claim+" [S{dy} (¶{dy|para})].", verified("dy").text(claim+" [1].")),
		q("Chinese paragraph locator", qDouyinZH, zhClaim+"[S{dy}，第{dy|para}段]。", verified("dy").text(zhClaim+"[1]。")),
		q("ids apart by a space", qDouyin, claim+" [S{dy} S{dy#2}].", verified("dy", "dy").text(claim+" [1][2].")),
		q("markers apart by a space", qDouyin, claim+" [S{dy}] [S{dy#2}].", verified("dy", "dy").text(claim+" [1][2].")),
		q("markers apart by a space and a removed marker", qDouyin, claim+" [S{dy}] [S{tg}] [S{dy#2}].",
			verified("dy", "dy").text(claim+" [1][2].").notice("1 citation(s)")),
		q("footnote reference naming its source", qDouyin, claim+"[^S{dy}].", verified("dy").text(claim+"[1].")),
		q("marker in bold", qDouyin, claim+" **[S{dy}]**.", verified("dy").text(claim+" [1].")),
		q("marker in code", qDouyin, claim+" `[S{dy}]`.", verified("dy").text(claim+" [1].")),
		q("escaped brackets", qDouyin, claim+` \[S{dy}\].`, verified("dy").text(claim+" [1].")),
		q("link with a scheme", qDouyin, claim+" [S{dy}](source:{dy}).", verified("dy").text(claim+" [1].")),
		// Markdown links whose target names a source, Pandoc's and other superscripts, a dash before a
		// marker, footnote definitions that name the source's file, and a rule before the footnotes.
		q("link with a source word", qDouyin, claim+" [source](S{dy}).", verified("dy").text(claim+" [1].")),
		q("link whose words stay", qDouyin, "According to [the 2024 article](S{dy}), Douyin's GMV exceeded 3.5 trillion yuan in 2024.",
			verified("dy").text("According to the 2024 article [1], Douyin's GMV exceeded 3.5 trillion yuan in 2024.")),
		q("number linked to a source's anchor", qDouyin, tiktok+" [1](#source-{tg}).", verified("tg").text(tiktok+" [1].")),
		q("Pandoc superscript", qDouyin, claim+"^{dy}^.", verified("dy").text(claim+"[1].")),
		q("superscript parentheses", qDouyin, claim+"⁽{dy|sup}⁾.", verified("dy").text(claim+"[1].")),
		q("dash before a marker", qDouyin, claim+" — [S{dy}].", verified("dy").text(claim+" [1].")),
		q("footnote definition naming the file, after a rule", qDouyin, claim+".[^1]\n\n---\n\n[^1]: S{dy}, {dy|file} paragraph {dy|para}",
			verified("dy").text(claim+" [1].")),
		q("footnote list line naming the file again", qDouyin, tiktok+" [1].\n\n[1]: S{tg} ({tg|file})", verified("tg").text(tiktok+" [1].")),
		// Ids in running text after a word that names only a source.
		q("Source in running text", qDouyin, "According to Source {dy}, Douyin's GMV exceeded 3.5 trillion yuan in 2024.",
			verified("dy").text("According to Source [1], Douyin's GMV exceeded 3.5 trillion yuan in 2024.")),
		q("Source as the subject", qDouyin, "Source {dy} says Douyin's GMV exceeded 3.5 trillion yuan in 2024.",
			verified("dy").text("Source [1] says Douyin's GMV exceeded 3.5 trillion yuan in 2024.")),
		q("as Source notes", qDouyin, claim+", as source {dy} notes.", verified("dy").text(claim+", as source [1] notes.")),
		q("Sources and a list in running text", qDouyin, "Sources {dy} and {dy#2} show that "+claim+".",
			verified("dy", "dy").text("Sources [1][2] show that "+claim+".")),
		q("Fuente in running text", qDouyinES, "Según la Fuente {dy}, el GMV de Douyin superó los 3,5 billones de yuanes en 2024.",
			verified("dy").text("Según la Fuente [1], el GMV de Douyin superó los 3,5 billones de yuanes en 2024.")),
		q("来源 in running text", qDouyinZH, "根据来源{dy}，"+zhClaim+"。", verified("dy").text("根据来源[1]，"+zhClaim+"。")),
		q("a running id that does not check out goes with its verb", qDouyin, "Source {tg} says "+claim+" [S{dy}].",
			verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		// The lead-in of a marker that does not check out goes with it; that of a kept one stays
		// (the rows above).
		q("according to a marker that does not check out", qDouyin, "According to [S{tg}], the GMV of Douyin exceeded 3.5 trillion yuan in 2024 [S{dy}].",
			verified("dy").text("The GMV of Douyin exceeded 3.5 trillion yuan in 2024 [1].").notice("1 citation(s)")),
		q("según a marker that does not check out", qDouyinES, "Según [S{tg}], el GMV de Douyin superó los 3,5 billones de yuanes en 2024 [S{dy}].",
			verified("dy").text(esClaim+" [1].").notice("1 citation(s)")),
		q("根据 a marker that does not check out", qDouyinZH, "根据[S{tg}]，"+zhClaim+"[S{dy}]。", verified("dy").text(zhClaim+"[1]。").notice("1 citation(s)")),
		q("según la Fuente that does not check out", qDouyinES, "Según la Fuente {tg}, el GMV de Douyin superó los 3,5 billones de yuanes en 2024 [S{dy}].",
			verified("dy").text(esClaim+" [1].").notice("1 citation(s)")),
		q("根据来源 that does not check out", qDouyinZH, "根据来源{tg}，"+zhClaim+"[S{dy}]。", verified("dy").text(zhClaim+"[1]。").notice("1 citation(s)")),
		q("a lead-in between commas", qDouyin, "Douyin's GMV, according to [S{tg}], exceeded 3.5 trillion yuan in 2024 [S{dy}].",
			verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		q("según a kept marker stays", qDouyinES, "Según [S{dy}], el GMV de Douyin superó los 3,5 billones de yuanes en 2024.",
			verified("dy").text("Según [1], el GMV de Douyin superó los 3,5 billones de yuanes en 2024.")),
		q("根据 a kept marker stays", qDouyinZH, "根据[S{dy}]，"+zhClaim+"。", verified("dy").text("根据[1]，"+zhClaim+"。")),
		q("a lead-in in bold goes with a marker that does not check out", qDouyin,
			"**According to [S{tg}]**, the GMV of Douyin exceeded 3.5 trillion yuan in 2024 [S{dy}].",
			verified("dy").text("The GMV of Douyin exceeded 3.5 trillion yuan in 2024 [1].").notice("1 citation(s)")),
		q("a lead-in in italics goes with a marker that does not check out", qDouyinES,
			"*Según [S{tg}]*, el GMV de Douyin superó los 3,5 billones de yuanes en 2024 [S{dy}].",
			verified("dy").text(esClaim+" [1].").notice("1 citation(s)")),
		q("根据…的数据 goes with a marker that does not check out", qDouyinZH, "根据[S{tg}]的数据，"+zhClaim+"[S{dy}]。",
			verified("dy").text(zhClaim+"[1]。").notice("1 citation(s)")),
		q("a lead-in in bold with a kept marker stays", qDouyin, "**According to [S{dy}]**, "+claim+".",
			verified("dy").text("**According to [1]**, "+claim+".")),
		q("根据…的数据 with a kept marker stays", qDouyinZH, "根据[S{dy}]的数据，"+zhClaim+"。", verified("dy").text("根据[1]的数据，"+zhClaim+"。")),
		// A word that takes an object goes when its object was only a marker that does not check out.
		q("such as a marker that does not check out, between commas", qDouyin, "Platforms, such as [S{tg}], grew. "+claim+" [S{dy}].",
			verified("dy").text("Platforms grew. "+claim+" [1].").notice("1 citation(s)")),
		q("such as a marker that does not check out, in an introductory phrase", qDouyin,
			"Among platforms such as [S{tg}], Douyin's GMV exceeded 3.5 trillion yuan in 2024 [S{dy}].",
			verified("dy").text("Among platforms, Douyin's GMV exceeded 3.5 trillion yuan in 2024 [1].").notice("1 citation(s)")),
		q("see a marker that does not check out, in parentheses", qDouyin, claim+" (see [S{tg}]) [S{dy}].",
			verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		q("como a marker that does not check out", qDouyinES, "En plataformas como [S{tg}], el GMV de Douyin superó los 3,5 billones de yuanes en 2024 [S{dy}].",
			verified("dy").text("En plataformas, el GMV de Douyin superó los 3,5 billones de yuanes en 2024 [1].").notice("1 citation(s)")),
		q("如…所述 a marker that does not check out", qDouyinZH, "如[S{tg}]所述，"+zhClaim+"[S{dy}]。",
			verified("dy").text(zhClaim+"[1]。").notice("1 citation(s)")),
		q("如…所述 a kept marker stays", qDouyinZH, "如[S{dy}]所述，"+zhClaim+"。", verified("dy").text("如[1]所述，"+zhClaim+"。")),
		q("such as a marker that does not check out, with words after it", qDouyin, "Reports such as [S{tg}] show that "+claim+" [S{dy}].",
			verified("dy").text("Reports show that "+claim+" [1].").notice("1 citation(s)")),
		// A kept marker that was all the object of a word introducing it as an example or a
		// reference, or all that stood in parentheses, stands after its claim without the word.
		q("such as a kept marker", qDouyin, "Reports such as [S{dy}] show that "+claim+".", verified("dy").text("Reports show that "+claim+" [1].")),
		q("como a kept marker", qDouyinES, "Informes como [S{dy}] muestran que el GMV de Douyin superó los 3,5 billones de yuanes en 2024.",
			verified("dy").text("Informes muestran que el GMV de Douyin superó los 3,5 billones de yuanes en 2024 [1].")),
		q("e.g. a kept marker in parentheses", qDouyin, claim+" (e.g. [S{dy}]).", verified("dy").text(claim+" [1].")),
		q("véase a kept marker in parentheses", qDouyinES, esClaim+" (véase [S{dy}]).", verified("dy").text(esClaim+" [1].")),
		q("如…等 a kept marker in parentheses", qDouyinZH, zhClaim+"（如[S{dy}]等）。", verified("dy").text(zhClaim+"[1]。")),
		q("参见 a kept marker and one that does not check out, in parentheses", qDouyinZH, zhClaim+"（参见[S{dy}]、[S{tg}]）。",
			verified("dy").text(zhClaim+"[1]。").notice("1 citation(s)")),
		q("such as with an object of its own stays", qDouyin, "Platforms such as Pinduoduo [S{tg}] grew 90% in 2023. "+claim+" [S{dy}].",
			verified("dy").text("Platforms such as Pinduoduo grew 90% in 2023. "+claim+" [1].").notice("1 citation(s)")),
		// A sentence of a lead-in and markers alone cites the claim next to it, and is not shown.
		q("a lead-in sentence before the claim", qDouyin, "According to [S{dy}]. "+claim+".", verified("dy").text(claim+" [1].")),
		q("a lead-in line with a colon", qDouyin, "As stated in [S{dy}]:\n"+claim+".", verified("dy").text(claim+" [1].")),
		q("a source label line before the claim", qDouyin, "Source: [S{dy}].\n"+claim+".", verified("dy").text(claim+" [1].")),
		q("a frame sentence after the claim", qDouyin, claim+". This is stated in [S{dy}].", verified("dy").text(claim+" [1].")),
		q("según as a sentence of its own", qDouyinES, "Según [S{dy}]. "+esClaim+".", verified("dy").text(esClaim+" [1].")),
		q("以上数据来自 after the claim", qDouyinZH, zhClaim+"。以上数据来自[S{dy}]。", verified("dy").text(zhClaim+"[1]。")),
		q("a lead-in sentence that does not check out", qDouyin, claim+" [S{dy}]. According to [S{tg}].",
			verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		// An attribution at the end of a sentence ("comes from", "taken from", "provienen de", "来自"):
		// a sentence of nothing else is a frame; a clause of nothing else goes with its comma.
		q("comes from as a frame sentence", qDouyin, claim+". The 2024 data comes from [S{dy}].", verified("dy").text(claim+" [1].")),
		q("comes from a marker that does not check out", qDouyin, claim+" [S{dy}]. The 2024 data comes from [S{tg}].",
			verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		q("taken from a marker that does not check out, after a comma", qDouyin, claim+" [S{dy}], with the figures taken from [S{tg}].",
			verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		q("provienen de as a frame sentence", qDouyinES, esClaim+". Los datos de 2024 provienen de [S{dy}].", verified("dy").text(esClaim+" [1].")),
		q("según a marker that does not check out, at the end", qDouyinES, esClaim+" [S{dy}], según [S{tg}].",
			verified("dy").text(esClaim+" [1].").notice("1 citation(s)")),
		q("来自 a marker that does not check out, after a comma", qDouyinZH, zhClaim+"[S{dy}]，数据来自[S{tg}]。",
			verified("dy").text(zhClaim+"[1]。").notice("1 citation(s)")),
		// A preposition whose object was a marker, in the middle of a sentence.
		q("a preposition before a marker that does not check out, mid-sentence", qDouyin,
			"Douyin grew in [S{tg}] and its GMV exceeded 3.5 trillion yuan in 2024 [S{dy}].",
			verified("dy").text("Douyin grew and its GMV exceeded 3.5 trillion yuan in 2024 [1].").notice("1 citation(s)")),
		q("a preposition before a kept marker, mid-sentence", qDouyin, "Douyin grew quickly in [S{dy}] and its GMV exceeded 3.5 trillion yuan in 2024.",
			verified("dy").text("Douyin grew quickly [1] and its GMV exceeded 3.5 trillion yuan in 2024.")),
		// Chinese introducers after Chinese words, read on the characters around the marker.
		q("报告如…显示 a marker that does not check out", qDouyinZH, "报告如[S{tg}]显示，"+zhClaim+"[S{dy}]。",
			verified("dy").text(zhClaim+"[1]。").notice("1 citation(s)")),
		q("报告如…显示 a kept marker stays", qDouyinZH, "报告如[S{dy}]显示，"+zhClaim+"。", verified("dy").text("报告如[1]显示，"+zhClaim+"。")),
		q("据…所述 a marker that does not check out", qDouyinZH, "据[S{tg}]所述，"+zhClaim+"[S{dy}]。",
			verified("dy").text(zhClaim+"[1]。").notice("1 citation(s)")),
		q("此外根据 a marker that does not check out", qDouyinZH, "此外根据[S{tg}]，"+zhClaim+"[S{dy}]。",
			verified("dy").text("此外，"+zhClaim+"[1]。").notice("1 citation(s)")),
		q("如…所示 a marker that does not check out, in the middle of a sentence", qDouyinZH, "抖音2024年的GMV如[S{tg}]所示超过3.5万亿元[S{dy}]。",
			verified("dy").text(zhClaim+"[1]。").notice("1 citation(s)")),
		// A lead-in line over a list cites every item.
		q("a lead-in line over a list cites every item", qDouyin, "According to [S{dy}]:\n- "+claim+"\n- It grew 30% year on year\n- It surpassed JD.com",
			verified("dy").text("- "+claim+" [1]\n- It grew 30% year on year [1]\n- It surpassed JD.com [1]")),
		q("根据 a lead-in line over a numbered list", qDouyinZH, "根据[S{dy}]：\n1. "+zhClaim+"\n2. 抖音同比增长30%以上\n3. 抖音超过了京东",
			verified("dy").text("1. "+zhClaim+"[1]\n2. 抖音同比增长30%以上[1]\n3. 抖音超过了京东[1]")),
		// Its sources are also a list for the whole reply (the last sentence states a figure of
		// {dy}'s passage).
		q("sources at the end of a paragraph", qDouyin, claim+". "+tiktok+". Sources: [S{dy}], [S{tg}].\n\nIt grew 30% year on year.",
			verified("dy", "tg").text(claim+" [1]. "+tiktok+" [2].\n\nIt grew 30% year on year [1].")),
		q("bare sources at the end of a paragraph", qDouyin, claim+". "+tiktok+". Sources: S{dy}, S{tg}", verified("dy", "tg").text(claim+" [1]. "+tiktok+" [2].")),
		q("sources at the end of a paragraph after a cited answer", qDouyin, "Douyin grew 30% year on year [S{dy}]. "+claim+". "+tiktok+". Sources: [S{dy}], [S{tg}].",
			verified("dy", "tg").text("Douyin grew 30% year on year [1]. "+claim+" [1]. "+tiktok+" [2].").
				whenStreamed(verified("dy", "tg").text("Douyin grew 30% year on year [1]. "+claim+". "+tiktok+" [2]."))),
		{Name: "unverified: a lead-in goes with its marker", Question: qUnanswered,
			Reply:       "According to [S1], WeChat will expand into Europe with mini programs.",
			RepairReply: `WeChat will expand into Europe [S1: "nothing of the kind"].`,
			Want:        Outcome{Verification: answer.VerificationUnverified, Repair: true, Notice: "could not be checked", Text: "WeChat will expand into Europe with mini programs."}},
		q("Section, version and figures in running text stay text", qDouyin, claim+" [S{dy}]. Section 1 of version 2 counts source 1.5 times.",
			verified("dy").has("Section 1 of version 2 counts source 1.5 times.")),
		// Footnote lists that say which source each of the reply's own numbers stands for.
		q("numbered footnote list", qDouyin, claim+" [1]. "+tiktok+" [2].\n\n1. Source {dy}: \""+exact+"\"\n2. Source {tg}",
			verified("dy", "tg").text(claim+" [1]. "+tiktok+" [2].")),
		q("footnote list of files", qDouyin, claim+" [1]. "+tiktok+" [2].\n\n- [1]: {dy|file}, paragraph {dy|para}\n- [2]: {tg|file}, paragraph {tg|para}",
			verified("dy", "tg").text(claim+" [1]. "+tiktok+" [2].")),
		q("footnote list of ids", qDouyin, claim+" [1]. "+tiktok+" [2].\n\n[1]: S{dy}\n[2]: Source {tg}", verified("dy", "tg").text(claim+" [1]. "+tiktok+" [2].")),
		q("Spanish numbered footnote list", qDouyinES, esClaim+" [2].\n\n2. Fuente {dy}: \""+exact+"\"", verified("dy").text(esClaim+" [1].")),
		q("Chinese numbered footnote list", qDouyinZH, zhClaim+"[2]。\n\n2. 来源{dy}：「"+exact+"」", verified("dy").text(zhClaim+"[1]。")),
		q("a numbered list that answers stays", qDouyin, "Two passages say so:\n1. Source {dy}: \""+exact+"\"\n2. Source {dy#2}: \""+exact+"\"",
			verified("dy", "dy").has("\n1. Source [1]: \"", "\n2. Source [2]: \"")),
		// Typography that differs from the source's, and Command R's several ids (0-based ids name
		// no offered source: removed and counted).
		q("curly apostrophe in the quote", qDouyin, `Its success comes from its content [S{dy}: "Douyin’s success is attributed to its innovative approach"].`,
			verified("dy").text("Its success comes from its content [1].")),
		q("three dots for an ellipsis", qDouyin, `Douyin grew fast [S{dy}: "Douyin has achieved remarkable growth ... 3.5 trillion yuan ... 30% year-on-year"].`,
			verified("dy").text("Douyin grew fast [1].")),
		q("Cohere's co tags with several ids", qDouyin, `<co: {dy},{dy#2}>`+claim+`</co: {dy},{dy#2}>.`, verified("dy", "dy").text(claim+" [1][2].")),
		q("Cohere's co tags counting from 0", qDouyin, `<co: 0,{dy}>`+claim+`</co: 0,{dy}>.`, verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		// Other tools' citations, numbered by their own results: removed and counted.
		q("ChatGPT's contentReference", qDouyin, claim+" [S{dy}] :contentReference[oaicite:0]{index=0}.",
			verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		repaired("ChatGPT's contentReference alone", claim+" :contentReference[oaicite:0]{index=0}.", "oaicite"),
		q("ChatGPT's private-use citation group", qDouyin, claim+" [S{dy}] \ue200cite\ue202turn0search1\ue202turn0news3\ue201.",
			verified("dy").text(claim+" [1].").notice("2 citation(s)")),
		q("LibreChat's highlight and anchor", qDouyin, "\ue203"+claim+"\ue204\ue202turn0search0 [S{dy}].",
			verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		q("LibreChat's anchor written as an escape", qDouyin, claim+` \ue202turn0search1 [S{dy}].`,
			verified("dy").text(claim+" [1].").notice("1 citation(s)")),
		q("a form's name and a template stay text", qDouyin, claim+" [S{dy}]. Its filing (S-1) and the pattern {2,3} are not citations.",
			verified("dy").has("(S-1)", "{2,3}")),
	}
}

// invisible tags a case's question: retrieval and the answer engine ignore it (retrieval treats
// zero-width characters as spaces, and words are letters and digits), so each case asks its question
// yet the fake model can tell the cases apart even when they run at the same time.
const invisible = "\u2060"

// Ask is the question of case i of a table, as asked.
func Ask(cases []Case, i int) string { return cases[i].Question + strings.Repeat(invisible, i+1) }

// Script plays a table through an in-process OpenAI-compatible server.
type Script struct {
	tb    testing.TB
	cases []Case
	delay time.Duration

	mu       sync.Mutex
	requests map[int]int
	repairs  map[int]int
}

var (
	sourceRE   = regexp.MustCompile(`(?s)<source-[0-9a-f]+ id="S(\d+)" file="([^"]*)" paragraph="(\d+)"(?: section="([^"]*)")?>\n(.*?)\n</source-[0-9a-f]+>`)
	questionRE = regexp.MustCompile(`(?s)<question-[0-9a-f]+>\n(.*?)\n</question-[0-9a-f]+>`)
	factRE     = regexp.MustCompile(`\{(\w+)(#2)?(?:\|(\w+))?\}`)
)

// Install makes srv answer every question of cases with its scripted replies (streamed one word per
// chunk, chunkDelay apart). Requests it cannot route fail the test.
func Install(tb testing.TB, srv *openaitest.Server, cases []Case, chunkDelay time.Duration) *Script {
	s := &Script{tb: tb, cases: cases, delay: chunkDelay, requests: map[int]int{}, repairs: map[int]int{}}
	srv.SetChatDefault(s.reply)
	return s
}

func (s *Script) reply(r openaitest.Request) openaitest.Reply {
	user := r.LastUserMessage()
	m := questionRE.FindStringSubmatch(user)
	if m == nil {
		s.tb.Errorf("replystyles: a chat request without a question block:\n%.300s", user)
		return openaitest.TextReply("NOT_IN_SOURCES")
	}
	i := strings.Count(m[1], invisible) - 1
	if i < 0 || i >= len(s.cases) {
		s.tb.Errorf("replystyles: no case for question %q", m[1])
		return openaitest.TextReply("NOT_IN_SOURCES")
	}
	c := s.cases[i]
	repair := strings.Contains(user, "Your earlier answer")
	s.mu.Lock()
	s.requests[i]++
	if repair {
		s.repairs[i]++
	}
	s.mu.Unlock()
	text := c.Reply
	if repair {
		text = c.RepairReply
	}
	return openaitest.Reply{Text: Fill(s.tb, c.Name, text, user), Reasoning: Fill(s.tb, c.Name, c.Reasoning, user),
		ReasoningField: c.ReasoningField, FinishReason: c.Finish, ChunkDelay: s.delay}
}

// offered is one source as the prompt shows it.
type offered struct{ file, paragraph, section, text string }

// Fill resolves the fact placeholders of a reply template (see the package comment) against the
// sources a prompt offers (prompt is the request's user message, of an answer or of a summary);
// name names the reply in errors.
func Fill(tb testing.TB, name, text, prompt string) string {
	sources := map[int]offered{}
	for _, sm := range sourceRE.FindAllStringSubmatch(prompt, -1) {
		n, _ := strconv.Atoi(sm[1])
		sources[n] = offered{file: sm[2], paragraph: sm[3], section: sm[4], text: sm[5]}
	}
	return factRE.ReplaceAllStringFunc(text, func(ph string) string {
		m := factRE.FindStringSubmatch(ph)
		fact, ok := Facts[m[1]]
		if !ok {
			tb.Errorf("replystyles %q: unknown fact %s", name, m[1])
			return ph
		}
		want := 1
		if m[2] != "" {
			want = 2
		}
		for n := 1; n <= len(sources); n++ {
			if strings.Contains(strings.Join(strings.Fields(sources[n].text), " "), fact) {
				if want--; want == 0 {
					return write(tb, name, n, sources[n], m[3])
				}
			}
		}
		tb.Errorf("replystyles %q: fact %s (%q) is not among the offered sources", name, m[1], fact)
		return "99"
	})
}

// write writes what modifier names of source n.
func write(tb testing.TB, name string, n int, src offered, modifier string) string {
	switch modifier {
	case "":
		return strconv.Itoa(n)
	case "wide":
		return digits(n, "０１２３４５６７８９")
	case "sup":
		return digits(n, "⁰¹²³⁴⁵⁶⁷⁸⁹")
	case "file":
		return src.file
	case "file8":
		return src.file[:8] + "…" + path.Ext(src.file)
	case "file4":
		return src.file[:4] + "…" + strings.TrimPrefix(path.Ext(src.file), ".")
	case "para":
		return src.paragraph
	case "section":
		if src.section == "" {
			tb.Errorf("replystyles %q: source %d has no section", name, n)
		}
		return src.section
	}
	tb.Errorf("replystyles %q: unknown modifier %q", name, modifier)
	return "?"
}

// digits writes n with the digits 0-9 given.
func digits(n int, set string) string {
	ds := []rune(set)
	var b strings.Builder
	for _, r := range strconv.Itoa(n) {
		b.WriteRune(ds[r-'0'])
	}
	return b.String()
}

// Requests returns how many chat requests (and of those, repair requests) case i received.
func (s *Script) Requests(i int) (all, repairs int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[i], s.repairs[i]
}

// Check reports how a's outcome differs from case c's (none: ""). streamed, if not nil, is the text
// a reader saw while the answer streamed: it must be the answer's text exactly.
func Check(c Case, a answer.Answer, streamed *string) []string {
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	w := c.Want
	if streamed != nil && w.Streamed != nil {
		w = *w.Streamed
	}
	if a.Verification != w.Verification || a.Abstained != w.Abstained {
		fail("verification %q abstained %v, want %q %v", a.Verification, a.Abstained, w.Verification, w.Abstained)
	}
	wantMode := answer.ModeLLM
	if w.Verification == answer.VerificationFallback {
		wantMode = answer.ModeExtractive
	}
	if a.Mode != wantMode {
		fail("mode %q, want %q", a.Mode, wantMode)
	}
	if len(a.Citations) != len(w.Cites) {
		fail("%d citations, want %d (%v)", len(a.Citations), len(w.Cites), w.Cites)
	}
	for i, cit := range a.Citations {
		if i < len(w.Cites) && !strings.Contains(strings.Join(strings.Fields(cit.Text), " "), Facts[w.Cites[i]]) {
			fail("citation %d is %s ¶%d, want the passage holding %q", i+1, cit.File, cit.Paragraph, Facts[w.Cites[i]])
		}
		if cit.N != i+1 || cit.Quote == "" || !strings.Contains(cit.Text, cit.Quote) || !strings.Contains(a.Text, "["+strconv.Itoa(cit.N)+"]") {
			fail("citation %d (n=%d, quote %q) is not a verbatim span shown in the text", i+1, cit.N, cit.Quote)
		}
	}
	if w.Text != "" && a.Text != w.Text {
		fail("text %q, want %q", a.Text, w.Text)
	}
	for _, h := range w.Has {
		if !strings.Contains(a.Text, h) {
			fail("text %q lacks %q", a.Text, h)
		}
	}
	for _, l := range append(w.Lacks, "[S", "<think", "</think", "```", "NOT_IN_SOURCES", "【", "［", "evil.example") {
		if strings.Contains(a.Text, l) {
			fail("text %q contains %q", a.Text, l)
		}
	}
	if w.Notice == "" && a.Notice != "" || w.Notice != "" && !strings.Contains(a.Notice, w.Notice) {
		fail("notice %q, want %q", a.Notice, w.Notice)
	}
	if w.Verification == answer.VerificationUnverified && len(a.Related) == 0 {
		fail("an unverified answer lists no related passages")
	}
	if streamed != nil && *streamed != a.Text {
		fail("streamed text %q differs from the answer %q", *streamed, a.Text)
	}
	return bad
}

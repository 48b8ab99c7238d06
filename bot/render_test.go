package bot

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
)

// testCitations returns n citations whose URLs come from the real link builder.
func testCitations(n int) []answer.Citation {
	lb := links.Builder{Base: "https://citebot.example.org"}
	var cs []answer.Citation
	for i := 1; i <= n; i++ {
		file := fmt.Sprintf("%03d_seed(%d).txt", i, i)
		quote := strings.Repeat("Douyin 抖音 live commerce ", i%7+1)
		cs = append(cs, answer.Citation{
			N: i, File: file, Paragraph: i * 3, StartLine: i * 10, EndLine: i*10 + 2,
			Quote: quote, Text: quote + " and more text around it.",
			URL: lb.Paragraph(file, i*3, i*10, i*10+2, quote),
		})
	}
	return cs
}

// checkRender asserts the invariants of render for one reply: every message within Discord's limits,
// the text kept whole, code blocks balanced in every message, links never cut, every source listed.
func checkRender(t *testing.T, r reply) {
	t.Helper()
	msgs := render(r)
	if len(msgs) == 0 {
		t.Fatalf("render(%d chars) returned no message", len(r.Text))
	}
	for i, m := range msgs {
		if err := checkMessage(m.Content, m.Embeds); err != nil {
			t.Fatalf("message %d of %d breaks a limit: %v", i, len(msgs), err)
		}
		if n := strings.Count(m.Content, fence); n%2 != 0 && !unterminated(r.Text) {
			t.Fatalf("message %d has %d fence markers (unbalanced):\n%s", i, n, m.Content)
		}
	}

	// The text, exactly: the pieces' raw parts give it back, and the messages are those pieces.
	text := replyText(r)
	pieces := splitPieces(text, maxContent)
	var raw strings.Builder
	var want []string
	for _, p := range pieces {
		raw.WriteString(p.Raw)
		if strings.TrimSpace(p.String()) != "" {
			want = append(want, p.String())
		}
	}
	if raw.String() != text {
		t.Fatalf("pieces lose text: joined %d bytes, want %d", raw.Len(), len(text))
	}
	var got []string
	for _, m := range msgs {
		if m.Content != "" {
			got = append(got, m.Content)
		}
	}
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Fatalf("messages are not the split text: got %d contents, want %d", len(got), len(want))
	}
	// No masked link is cut: each one lies within one piece.
	offsets := make([]int, 0, len(pieces)+1)
	off := 0
	for _, p := range pieces {
		offsets = append(offsets, off)
		off += len(p.Raw)
	}
	for _, s := range protectedSpans(text) {
		for _, o := range offsets {
			if s.start < o && o < s.end {
				t.Fatalf("cut at byte %d falls inside %q", o, text[s.start:s.end])
			}
		}
	}
	// Every cited marker is a link, and every citation is listed once in the embeds.
	for _, c := range r.Citations {
		marker := fmt.Sprintf("[%d]", c.N)
		if strings.Contains(r.Text, marker) && !strings.Contains(text, "["+marker+"](<") {
			t.Fatalf("marker %s is not linked", marker)
		}
	}
	fields := 0
	for _, m := range msgs {
		for _, e := range m.Embeds {
			fields += len(e.Fields)
		}
	}
	if fields != len(r.Citations)+len(r.Related) {
		t.Fatalf("embeds list %d sources, want %d", fields, len(r.Citations)+len(r.Related))
	}
	checkOnlyCitationLinks(t, msgs, r)
	checkBounded(t, r)
}

// fullURL stands for the link to a kept answer in tests.
const fullURL = "https://citebot.example.org/answers/0123456789abcdef0123456789abcdef"

// checkBounded asserts that renderBounded keeps a reply within three messages and Discord's limits,
// unchanged when it fits, and otherwise cut with the link to the full answer at its end.
func checkBounded(t *testing.T, r reply) {
	t.Helper()
	all := render(r)
	msgs := renderBounded(r, fullURL)
	if len(msgs) > maxReplyMessages {
		t.Fatalf("renderBounded: %d messages, want at most %d", len(msgs), maxReplyMessages)
	}
	for i, m := range msgs {
		if err := checkMessage(m.Content, m.Embeds); err != nil {
			t.Fatalf("bounded message %d breaks a limit: %v", i, err)
		}
		if n := strings.Count(m.Content, fence); n%2 != 0 && !unterminated(r.Text) {
			t.Fatalf("bounded message %d has unbalanced fences", i)
		}
	}
	if len(all) <= maxReplyMessages {
		if b1, b2 := mustJSON(msgs), mustJSON(all); b1 != b2 {
			t.Fatalf("renderBounded changed a reply that fits")
		}
		return
	}
	var content strings.Builder
	for _, m := range msgs {
		content.WriteString(m.Content)
	}
	if !strings.HasSuffix(strings.TrimSpace(content.String()), "**[Read the full answer](<"+fullURL+">)**") {
		t.Fatalf("a cut reply does not end with the full answer's link: …%q", tail(content.String(), 120))
	}
	if start := cutRunesTest(replyText(r), 40); !strings.HasPrefix(start, fence) && !strings.HasPrefix(msgs[0].Content, start) {
		t.Fatalf("a cut reply starts %q, want the reply's text %q", cutRunesTest(msgs[0].Content, 40), start)
	}
	checkOnlyCitationLinks(t, msgs, r)
}

func tail(s string, n int) string { return s[max(0, len(s)-n):] }

// cutRunesTest returns the first n runes of s.
func cutRunesTest(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

var anyLinkRE = regexp.MustCompile(`\]\(<?([^()\s<>]*)>?\)`)

// checkOnlyCitationLinks asserts that every masked link in the messages points at a citation, a
// related passage or the full answer: nothing from the text itself is clickable.
func checkOnlyCitationLinks(t *testing.T, msgs []message, r reply) {
	t.Helper()
	ok := map[string]bool{fullURL: true}
	for _, c := range append(append([]answer.Citation{}, r.Citations...), r.Related...) {
		ok[safeURL(c.URL)] = true
	}
	for i, m := range msgs {
		parts := []string{m.Content}
		for _, e := range m.Embeds {
			parts = append(parts, e.Title, e.Description)
			for _, f := range e.Fields {
				parts = append(parts, f.Name, f.Value)
			}
		}
		for _, p := range parts {
			for _, l := range anyLinkRE.FindAllStringSubmatch(p, -1) {
				if !ok[l[1]] {
					t.Fatalf("message %d links to %q, which is not a citation", i, l[1])
				}
			}
			for _, u := range bareURLRE.FindAllStringIndex(p, -1) {
				if !ok[strings.TrimRight(p[u[0]:u[1]], ">)")] && (u[0] == 0 || p[u[0]-1] != '`') {
					t.Fatalf("message %d shows a clickable bare URL %q", i, p[u[0]:u[1]])
				}
			}
		}
	}
}

func unterminated(text string) bool { return len(fenceMarkers(text))%2 != 0 }

// genText builds a random answer of about n characters from pieces that stress the splitter.
func genText(rng *rand.Rand, n, cites int) string {
	parts := []func() string{
		func() string { return "Douyin sells through live streams. " },
		func() string { return "Pinduoduo (\"A lot of spelling\") grew on group buying! " },
		func() string { return "抖音电商的直播带货增长很快。" },
		func() string { return "La información de Xiaohongshu es útil? " },
		func() string { return "🛒🎉 " },
		func() string { return "\n" },
		func() string { return "\n\n" },
		func() string { return fmt.Sprintf("[%d]", rng.IntN(cites+3)+1) },
		func() string { return fmt.Sprintf("[%d][%d] ", rng.IntN(cites+1)+1, rng.IntN(cites+1)+1) },
		func() string { return "\n```go\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n```\n" },
		func() string { return "```" },
		func() string {
			return "\n```python\n" + strings.Repeat("print('淘宝')  # 天猫\n", rng.IntN(200)) + "```\n"
		},
		func() string { return "[the viewer](https://example.org/a_(b)) " },
		func() string { return "https://example.org/" + strings.Repeat("x", rng.IntN(300)) + " " },
		func() string { return strings.Repeat("a", rng.IntN(3000)) },
		func() string { return strings.Repeat("長", rng.IntN(2500)) },
		func() string { return "@everyone <@&123> " },
		func() string { return "[click here](https://evil.example/x) " },
		func() string { return "[1](https://evil.example) " },
		func() string { return "<https://evil.example/auto> " },
		func() string { return "![img](https://evil.example/p.png) " },
	}
	var b strings.Builder
	for textLen(b.String()) < n {
		b.WriteString(parts[rng.IntN(len(parts))]())
	}
	return b.String()
}

func TestRenderProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, 50, 1999, 2000, 2001, 4000, 6500, 12000, 20000}
	for i := 0; i < 120; i++ {
		n := sizes[i%len(sizes)]
		if i >= len(sizes) {
			n = rng.IntN(20001)
		}
		cites := rng.IntN(40)
		r := reply{Text: genText(rng, n, cites), Citations: testCitations(cites)}
		if i%5 == 0 {
			r.Notice = "The model failed; this is the offline answer."
		}
		t.Run(fmt.Sprintf("%d_%dchars_%dcites", i, n, cites), func(t *testing.T) { checkRender(t, r) })
	}
}

func FuzzRender(f *testing.F) {
	f.Add("Douyin [1] sells.\n\n```go\nx := 1\n```\n", 2, 0)
	f.Add(strings.Repeat("抖音🛒 ", 1000), 30, 1)
	f.Add(strings.Repeat("```", 7)+strings.Repeat("b", 2500), 1, 2)
	f.Add("", 0, 0)
	f.Fuzz(func(t *testing.T, text string, cites int, repeat int) {
		if cites < 0 || cites > 60 || repeat < 0 || repeat > 8 {
			return
		}
		// Repeat short inputs so the fuzzer reaches the sizes that need splitting.
		text = strings.Repeat(text, repeat+1)
		if len(text) > 80000 || !isUTF8(text) {
			return
		}
		checkRender(t, reply{Text: text, Citations: testCitations(cites)})
	})
}

func isUTF8(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestLinkMarkers(t *testing.T) {
	cites := []answer.Citation{{N: 1, URL: "https://x.org/sources/a.txt?q=a+b#p2"}, {N: 2, URL: "javascript:alert(1)"}}
	tests := []struct{ in, want string }{
		{"Douyin [1].", "Douyin [[1]](<https://x.org/sources/a.txt?q=a+b#p2>)."},
		{"No link for [2] or [3].", "No link for [2] or [3]."},
		{"Already [[1]](<https://x.org>)", "Already [[1]](<https://x.org>)"},
		{"Twice [1][1]", "Twice [[1]](<https://x.org/sources/a.txt?q=a+b#p2>)[[1]](<https://x.org/sources/a.txt?q=a+b#p2>)"},
	}
	for _, tt := range tests {
		if got := linkMarkers(tt.in, cites); got != tt.want {
			t.Errorf("linkMarkers(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitPrefersBoundaries(t *testing.T) {
	para := strings.Repeat("Word ", 300) + "end." // 1504 chars
	tests := []struct {
		name, text string
		wantFirst  string
	}{
		{"paragraph", para + "\n\n" + para, para + "\n\n"},
		{"sentence", strings.Repeat("One sentence here. ", 150), strings.Repeat("One sentence here. ", 105)},
		{"cjk", strings.Repeat("淘宝直播很受欢迎。", 300), strings.Repeat("淘宝直播很受欢迎。", 221)},
	}
	for _, tt := range tests {
		got := splitContent(tt.text, maxContent)
		if len(got) < 2 || got[0] != tt.wantFirst {
			t.Errorf("%s: first chunk has %d chars ending %q, want %d chars", tt.name, textLen(got[0]), got[0][max(0, len(got[0])-20):], textLen(tt.wantFirst))
		}
	}
}

func TestSplitReopensCodeBlocks(t *testing.T) {
	code := "```go\n" + strings.Repeat("fmt.Println(\"淘宝\")\n", 200) + "```\nAfter."
	got := splitContent(code, maxContent)
	if len(got) < 2 {
		t.Fatalf("splitContent: %d chunks, want at least 2", len(got))
	}
	for i, c := range got {
		if strings.Count(c, fence)%2 != 0 {
			t.Errorf("chunk %d has unbalanced fences", i)
		}
		if i > 0 && !strings.HasPrefix(c, "```go\n") {
			t.Errorf("chunk %d starts %q, want the block reopened with its language", i, c[:10])
		}
	}
}

func TestEveryMessageDisablesMentions(t *testing.T) {
	am := noMentions()
	if am.Parse == nil || len(am.Parse) != 0 {
		t.Fatalf("noMentions().Parse = %#v, want an empty non-nil slice (nil serialises as null)", am.Parse)
	}
}

func TestDefangLinks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"See [the report](https://evil.example/x).", "See the report (`https://evil.example/x`)."},
		{"[1](https://evil.example)", "[1] (`https://evil.example`)"},
		{"[[1]](https://evil.example)", "[1] (`https://evil.example`)"},
		{"[x](<https://evil.example/a b>)", "[x](<`https://evil.example/a` b>)"},
		{"Auto <https://evil.example/a>, ok", "Auto `https://evil.example/a`, ok"},
		{"Bare https://evil.example/path?q=1.", "Bare `https://evil.example/path?q=1`."},
		{"(see https://en.wikipedia.org/wiki/Go_(game))", "(see `https://en.wikipedia.org/wiki/Go_(game)`)"},
		{"![pic](https://evil.example/p.png)", "!pic (`https://evil.example/p.png`)"},
		{"No links [1] here.", "No links [1] here."},
		{"discord://evil and steam://run/1", "`discord://evil` and `steam://run/1`"},
	}
	for _, tt := range tests {
		if got := defangLinks(tt.in); got != tt.want {
			t.Errorf("defangLinks(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// An offline answer or a summary point quotes its source in the text: the sources embed then
// gives where it is and the link, not the quote again. A model's prose is not a quote: its sources
// keep their quotes.
func TestSourcesDoNotRepeatQuotedText(t *testing.T) {
	c := answer.Citation{N: 1, File: "001.txt", Paragraph: 1, StartLine: 1, EndLine: 1,
		Quote: "Douyin has achieved remarkable growth", URL: "https://x.example/sources/001.txt#p1"}
	for _, tt := range []struct {
		text      string
		wantQuote bool
	}{
		{"- Douyin has achieved remarkable growth [1]", false},
		{"Douyin grew a lot [1]", true},
	} {
		msgs := render(reply{Text: tt.text, Citations: []answer.Citation{c}})
		f := msgs[len(msgs)-1].Embeds[0].Fields[0]
		if got := strings.Contains(f.Value, "remarkable growth"); got != tt.wantQuote || !strings.Contains(f.Value, c.URL) {
			t.Errorf("text %q: source field %q, want quote %v and the link", tt.text, f.Value, tt.wantQuote)
		}
	}
}

func TestStripMentions(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<@&123> What was Douyin's GMV in 2024?", "What was Douyin's GMV in 2024?"},
		{"<@900000000000000001> <@!111> hi <#222> there", "hi there"},
		{"@everyone what is JD? @here", "what is JD?"},
		{"mail me at me@here.com", "mail me at me@here.com"},
		{"<@&1> <#2> @everyone", ""},
	}
	for _, tt := range tests {
		if got := stripMentions(tt.in); got != tt.want {
			t.Errorf("stripMentions(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// An abstention's closest passages are linked from its "[N]" markers and listed as pointers.
func TestAbstentionLinksRelated(t *testing.T) {
	a := answer.Answer{Abstained: true, Citations: []answer.Citation{},
		Text:    "The sources don't answer this directly. Closest passages:\n- “Tmall contributed” (title, ¶22) [1]",
		Related: []answer.Citation{{N: 1, File: "004.txt", Paragraph: 22, Quote: "Tmall contributed", URL: "https://x.example/sources/004.txt#p22"}}}
	msgs := render(replyFromAnswer(a))
	if !strings.Contains(msgs[0].Content, "[[1]](<https://x.example/sources/004.txt#p22>)") {
		t.Errorf("content %q: marker not linked to the related passage", msgs[0].Content)
	}
	last := msgs[len(msgs)-1]
	if len(last.Embeds) != 1 || last.Embeds[0].Title != relatedTitle {
		t.Errorf("embeds %+v, want one %q embed", last.Embeds, relatedTitle)
	}
}

// A source's field names its place whatever its title's length: a long title is cut, never the
// PDF's page and paragraph after it, and the embeds stay within Discord's limits.
func TestSourceFieldKeepsThePlace(t *testing.T) {
	long := strings.Repeat("A very long report title ", 20)
	for _, tt := range []struct {
		c    answer.Citation
		want string
	}{
		{answer.Citation{N: 3, File: "r.pdf", Title: long, Paragraph: 12, StartLine: 23, EndLine: 23, PageSpan: retrieval.PageSpan{Page: 3, EndPage: 4}}, " pp. 3–4 ¶12"},
		{answer.Citation{N: 3, File: "r.pdf", Title: "Short", Paragraph: 12, StartLine: 23, EndLine: 23, PageSpan: retrieval.PageSpan{Page: 3}}, "[3] Short p. 3 ¶12"},
		{answer.Citation{N: 3, File: "r.txt", Title: long, Paragraph: 12, StartLine: 23, EndLine: 24}, "… ¶12"},
	} {
		f := sourceField(tt.c, "a quote")
		if !strings.HasSuffix(f.Name, tt.want) || textLen(f.Name) > maxFieldName {
			t.Errorf("sourceField(%.20q, %+v).Name = %q (%d characters), want it to end %q within %d", tt.c.Title, tt.c.PageSpan, f.Name, textLen(f.Name), tt.want, maxFieldName)
		}
		if lines := strings.Contains(f.Value, "line"); lines != (tt.c.Page == 0) {
			t.Errorf("sourceField(%+v).Value = %q: lines shown %v, want them only for a document without pages", tt.c.PageSpan, f.Value, lines)
		}
		if err := checkMessage("text", sourceEmbeds([]answer.Citation{tt.c}, "text")); err != nil {
			t.Errorf("embeds of %+v: %v", tt.c.PageSpan, err)
		}
	}
}

// A table row's columns fit in its source's field however long the header row is, with the quote,
// and never push out the link after them.
func TestSourceFieldColumnsKeepTheLink(t *testing.T) {
	c := testCitations(1)[0]
	c.Columns = "| " + strings.Repeat("A rather long column name | ", 60)
	f := sourceField(c, strings.Repeat("a long quote ", 40))
	if !strings.Contains(f.Value, "\ncolumns: A rather long column name · ") || !strings.Contains(f.Value, "…\n[Open ¶3](<https://citebot.example.org/") {
		t.Errorf("field value %q, want the columns cut short, then the link", f.Value)
	}
	if err := checkMessage("text", sourceEmbeds([]answer.Citation{c}, "text")); err != nil {
		t.Error(err)
	}
}

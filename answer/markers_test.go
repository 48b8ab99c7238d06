package answer

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/citebot/citebot/retrieval"
)

func TestScanMarker(t *testing.T) {
	tests := []struct {
		text string
		want string // cites as kind:n:quote, "" when not a marker
		end  int    // bytes the marker spans (0: the whole text)
	}{
		{`[S3]`, "S3", 0},
		{`[s3]`, "S3", 0},
		{`[S 3]`, "S3", 0},
		{`[Source 3]`, "S3", 0},
		{`[Sources 1 and 3]`, "S1 S3", 0},
		{`[fuente 2]`, "S2", 0},
		{`[3]`, "N3", 0},
		{`[1, 3]`, "N1 N3", 0},
		{`[^2]`, "F2", 0},
		{`(S2)`, "S2", 0},
		{`（S2）`, "S2", 0},
		{`【S2】`, "S2", 0},
		{`［Ｓ２］`, "S2", 0},
		{`[S1, S3]`, "S1 S3", 0},
		{`[S1; S3]`, "S1 S3", 0},
		{`[S1: "a quote"]`, "S1:a quote", 0},
		{`[S1 "a quote"]`, "S1:a quote", 0},
		{`[S1: words without marks]`, "S1:words without marks", 0},
		{`[S1: 'single']`, "S1:single", 0},
		{`【S1：「引用」】`, "S1:引用", 0},
		{`[S1: "one", S2: "two"]`, "S1:one S2:two", 0},
		{`[S1: "Douyin's "traffic" model"]`, `S1:Douyin's "traffic" model`, 0},
		{`[S1](https://evil.example/a)`, "S1", 0},
		{`[S1](see below)`, "S1", 4},
		{`[[S1]](http://x.example)`, "S1", 0},
		{`[[S1]]`, "S1", 0},
		{`(1)`, "", 0},
		{`(see 1)`, "", 0},
		{`(see below)`, "", 0},
		{`[a, b]`, "", 0},
		{`[3rd]`, "", 0},
		{`[1.5]`, "", 0},
		{`[S]`, "", 0},
		{`[001.txt]`, "", 0},
		{`[001_a.txt]`, "", 0},
		// Other tools' labels and suffixes.
		{`(Source: S2)`, "S2", 0},
		{`[Sources: S1, S3]`, "S1 S3", 0},
		{`[citation:2]`, "S2", 0},
		{`[citation:1][citation:3]`, "S1", len(`[citation:1]`)},
		{`[ref 2]`, "S2", 0},
		{`[Ref. 2]`, "S2", 0},
		{`[Doc 2]`, "S2", 0},
		{`[Document 2]`, "S2", 0},
		{`[Passage 2]`, "S2", 0},
		{`[documento 2]`, "S2", 0},
		{`[citation needed]`, "", 0},
		{`[docs]`, "", 0},
		{`【S2†source】`, "S2", 0},
		{`[S2†L3-L5]`, "S2", 0},
		{`【4:0†source】`, "R", 0},
		{`【4†source】`, "S4", 0}, // gpt-oss, GLM: the number before the dagger is the source
		{`[4†L3-L5]`, "S4", 0},
		{`【4†S2】`, "S2", 0},
		// Gemini, Kimi, ranges and locators.
		{`[cite: 2]`, "S2", 0},
		{`[cite:2, 3]`, "S2 S3", 0},
		{`[cite: 1-3]`, "S1 S2 S3", 0},
		{`[1–3]`, "N1 N2 N3", 0},
		{`[S1-S3, S5]`, "S1 S2 S3 S5", 0},
		{`[S1-3 trillion]`, "S1:3 trillion", 0},
		{`[3-1]`, "N3:1", 0},
		{`[1-40]`, "N1:40", 0},
		{`[^2^]`, "N2", 0},
		{`[^2^ ]`, "", 0},
		{`[S2, paragraph 3]`, "S2", 0},
		{`[S2, ¶3]`, "S2", 0},
		{`[S2, p. 4]`, "S2", 0},
		{`(Source 2, pp. 4-5)`, "S2", 0},
		{`[S2, ¶3; S3, ¶1]`, "S2 S3", 0},
		{`[S2, paragraph three]`, "", 0},
		{`[cite]`, "", 0},
		{`[cite_start]`, "", 0},
		{`【4:0†S2】`, "S2", 0},
		// Tags, carets and superscripts.
		{`<sup>2</sup>`, "N2", 0},
		{`<SUP>[S2]</SUP>`, "S2", 0},
		{`<sup>1, 3</sup>`, "N1 N3", 0},
		{`<cite>S2</cite>`, "S2", 0},
		{`<cite>S1, S3</cite> more`, "S1 S3", len(`<cite>S1, S3</cite>`)},
		{`<source>S2</source>`, "S2", 0},
		{`<ref>2</ref>`, "S2", 0},
		{`<citation>1, 3</citation>`, "S1 S3", 0},
		{`<ref>the dog</ref>`, "", 0},
		{`<source src="clip.mp4">`, "", 0},
		{`<sup>note</sup>`, "", 0},
		{`<b>S1</b>`, "", 0},
		{`<sup>2</b>`, "", 0},
		{`^[2]`, "N2", 0},
		{`^[S2: "q q q"]`, "S2:q q q", 0},
		{`^2`, "", 0},
		{`^2^`, "N2", 0},
		{`^2 ^`, "", 0},
		{`⁽²⁾`, "N2", 0},
		{`⁽²`, "", 0},
		// Markdown links whose target names a source: words that only name a source or a link go
		// with the marker, others stay (the marker's label, without its bracket).
		{`[source](S2)`, "S2", 0},
		{`[link](#S2)`, "S2", 0},
		{`[1](source-2)`, "S2", 0},
		{`[Source 2](S2)`, "S2", 0},
		{`[Source 1](S2)`, "S1", len(`[Source 1]`)},
		{`[the 2024 report](2)`, "S2", 0},
		{`[the report](https://x.example)`, "", 0},
		{`[the report](see below)`, "", 0},
		{`[the report](S2 and more)`, "", 0},
		// Forms of the same ids that models also write: braces, lead words, signs, locators, lists
		// apart by a space, emphasis, escaped brackets.
		{`{S2}`, "S2", 0},
		{`{Source 2}`, "S2", 0},
		{`{2}`, "", 0},
		{`{index=0}`, "", 0},
		{`(see S2)`, "S2", 0},
		{`(cf. S2, S3)`, "S2 S3", 0},
		{`[see 2]`, "N2", 0},
		{`（参见S2）`, "S2", 0},
		{`(véase la fuente 2)`, "", 0},
		{`[S-2]`, "S2", 0},
		{`[S_2]`, "S2", 0},
		{`[S#2]`, "S2", 0},
		{`[#2]`, "N2", 0},
		{`[S-1a]`, "", 0},
		{`(S-1)`, "", 0},
		{`(#1)`, "", 0},
		{`[S2:1]`, "S2", 0},
		{`[S2:2-3]`, "S2", 0},
		{`[1:2]`, "N1", 0},
		{`[S2: 3.5 trillion]`, "S2:3.5 trillion", 0},
		{`[S2: 2024 figures]`, "S2:2024 figures", 0},
		{`[S2 ¶3]`, "S2", 0},
		{`[S2 (¶3)]`, "S2", 0},
		{`[S2 - paragraph 3]`, "S2", 0},
		{`[S2 p3]`, "S2", 0},
		{`[S2 § 2]`, "S2", 0},
		{`[S2，第3段]`, "S2", 0},
		{`[S2, ¶3: "a quote"]`, "S2:a quote", 0},
		{`(S2 ¶3 "a quote")`, "S2:a quote", 0},
		{`[S1 S3]`, "S1 S3", 0},
		{`[S1 Source 3]`, "S1 S3", 0},
		{`[S1 see below]`, "", 0},
		{`[1 3]`, "", 0},
		{`[^S2]`, "S2", 0},
		{`[^S2 x]`, "", 0},
		{`*[S2]*`, "S2", 0},
		{`**[S2]**`, "S2", 0},
		{`_[S2]_`, "S2", 0},
		{"`[S2]`", "S2", 0},
		{"`[S2]` more", "S2", len("`[S2]`")},
		{`*[S2]`, "", 0},
		{`**[S2]*`, "", 0},
		{`**Note**`, "", 0},
		{`\[S2\]`, "S2", 0},
		{`\[1, 3\]`, "N1 N3", 0},
		{`\[S2]`, "", 0},
		{`\[x^2\]`, "", 0},
		{`[S2](source:2)`, "S2", 0},
		{`[S2](S3)`, "S2", len(`[S2]`)},
		{`[Source ID: S2]`, "S2", 0},
		// Other tools' citations, numbered by their own results (toolmarkers.go).
		{`:contentReference[oaicite:0]{index=0}`, "X0", 0},
		{`::contentReference[oaicite:12]`, "X0", 0},
		{`:contentReference[oaicite:1]{index=1} more`, "X0", len(`:contentReference[oaicite:1]{index=1}`)},
		{`:contentReference[oaicite:1]{x}`, "X0", len(`:contentReference[oaicite:1]`)},
		{`:contentReference[oaicite:x]`, "", 0},
		{`: see`, "", 0},
		{"\ue200cite\ue202turn0search1\ue202turn0news3\ue201", "X0 X0", 0},
		{"\ue200filecite\ue202turn3file0\ue202L2-L2\ue201", "X0", 0},
		{"\ue200\ue202turn0search1\ue201", "X0", 0},
		{"\ue202turn0search1\ue202turn0news2 more", "X0 X0", len("\ue202turn0search1\ue202turn0news2")},
		{`\ue200cite\ue202turn0search1\ue201`, "X0", 0},
		{`\ue202turn0search1`, "X0", 0},
		{"\ue200entity\ue202Douyin\ue201", "", 0},
		{"\ue200cite\ue202turn0search1", "", 0},
		{"\ue202Douyin", "", 0},
		{`\ue202`, "", 0},
		{`\u00e9`, "", 0},
		{`¹`, "N1", 0},
		{`¹²`, "N12", 0},
		{`² and`, "N2", len(`²`)},
		{`¹st`, "", 0},
		{`⁴⁵⁶`, "", 0},
	}
	for _, tt := range tests {
		m, st := scanner{}.at(tt.text, 0, true)
		got := describe(m, st)
		if got != tt.want {
			t.Errorf("scanMarkerAt(%q) = %q, want %q", tt.text, got, tt.want)
		}
		wantEnd := tt.end
		if wantEnd == 0 {
			wantEnd = len(tt.text)
		}
		if st == scanYes && m.End != wantEnd {
			t.Errorf("scanMarkerAt(%q) ends at %d, want %d", tt.text, m.End, wantEnd)
		}
	}
}

// describe writes the citations of a marker read as kind and number ("S3", "N1", "F2"), the
// candidates of a reference ("R1,2"), and any quote after a colon; "" when st is not scanYes.
func describe(m marker, st scanStatus) string {
	if st != scanYes {
		return ""
	}
	var parts []string
	for _, c := range m.Cites {
		p := fmt.Sprintf("%c%d", "SNFRX"[c.Kind], c.N)
		if c.Kind == kindRef {
			var ks []string
			for _, k := range c.Refs {
				ks = append(ks, fmt.Sprint(k))
			}
			p = "R" + strings.Join(ks, ",")
		}
		if c.Quote != "" {
			p += ":" + c.Quote
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

// Superscripts that are exponents and ids in running text are not markers; bare ids after the end of
// a sentence, at the start of a line or after a dash are, up to the end of the line.
func TestScanMarkerInProse(t *testing.T) {
	tests := []struct {
		before, text string
		want         string
		end          int // bytes of text the marker spans (0: all of it)
	}{
		{"in 2024", "¹.", "N1", len("¹")},
		{"in 2024 ", "¹", "N1", 0},
		{"covers 500 m", "².", "", 0},
		{"500 km", "³", "", 0},
		{"3.5 trillion yuan", "².", "N2", len("²")},
		{"10", "⁶ yuan", "", 0},
		{"in 2024", "^1^.", "N1", len("^1^")},
		{"2", "^10^ bytes", "", 0},
		{"10", "^6^ yuan", "", 0},
		{"in 2010", "²", "N2", 0},
		{"in 2024. ", "S1", "S1", 0},
		{"in 2024. ", "S1.", "S1", len("S1")},
		{"in 2024.", "S1\nNext", "S1", len("S1")},
		{"in 2024。", "S1", "S1", 0},
		{"in 2024. ", "S1, S3", "S1 S3", 0},
		{"in 2024. ", "Sources 1 and 3", "S1 S3", 0},
		{"in 2024.\n\n", "Sources: S1, S3\n", "S1 S3", len("Sources: S1, S3")},
		{"in 2024.\n", "S1", "S1", 0},
		{"", "S1", "S1", 0},
		{"in 2024 ", "— S1", "S1", 0},
		{"in 2024", "—S1", "S1", 0},
		{"in 2024 ", "- S1", "S1", 0},
		{"in 2024 ", "– S1, S3.", "S1 S3", len("– S1, S3")},
		{"Sales rose. ", "S1 sold best.", "", 0},
		{"the new ", "S1 phone", "", 0},
		{"launched the ", "S1.", "", 0},
		{"in 2024. ", "S1 is a phone.", "", 0},
		{"in 2024. ", "S12b", "", 0},
		{"", "- S1", "", 0},
		{"year", "-S1", "", 0},
		{"in 2024 ", "— the S1", "", 0},
		{"in 2024. ", "Source: the article", "", 0},
		{"in 2024. ", "Sources: S1 and more", "", 0},
	}
	for _, tt := range tests {
		s := tt.before + tt.text
		m, st := scanner{}.at(s, len(tt.before), true)
		got := describe(m, st)
		if got != tt.want {
			t.Errorf("scan %q at %d = %q, want %q", s, len(tt.before), got, tt.want)
		}
		wantEnd := tt.end
		if wantEnd == 0 {
			wantEnd = len(tt.text)
		}
		if st == scanYes && (m.Start != len(tt.before) || m.End != len(tt.before)+wantEnd) {
			t.Errorf("scan %q at %d spans [%d, %d), want [%d, %d)", s, len(tt.before), m.Start, m.End, len(tt.before), len(tt.before)+wantEnd)
		}
	}
}

// An id after "Source", "Fuente" or "来源" is a citation in running text too; the word stays and
// the numbers become the citation. Figures, other words and ids without such a word are text.
func TestRunningIDs(t *testing.T) {
	tests := []struct {
		before, text string
		want         string // cites; "" when no marker
		kept         string // the text the marker keeps (its word)
		end          int    // bytes of text the marker spans (0: all of it)
	}{
		{"According to ", "Source 2, it grew", "S2", "Source ", len("Source 2")},
		{"", "Source 2 says it grew", "S2", "Source ", len("Source 2")},
		{"it grew, as ", "source 2 notes", "S2", "source ", len("source 2")},
		{"it grew, as ", "SOURCE 2.", "S2", "SOURCE ", len("SOURCE 2")},
		{"According to ", "Source S2, it grew", "S2", "Source ", len("Source S2")},
		{"According to ", "Source #2, it grew", "S2", "Source #", len("Source #2")},
		{"", "Sources 1 and 3 show", "S1 S3", "Sources ", len("Sources 1 and 3")},
		{"", "Sources 1, 2 and 3 show", "S1 S2 S3", "Sources ", len("Sources 1, 2 and 3")},
		{"", "Sources 1, 2, and 3 show", "S1 S2 S3", "Sources ", len("Sources 1, 2, and 3")},
		{"as ", "Sources 1, 3.", "S1 S3", "Sources ", len("Sources 1, 3")},
		{"", "Sources 1, 3 show", "S1", "Sources ", len("Sources 1")},
		{"By ", "Sources 1 and 3, 2 trillion", "S1 S3", "Sources ", len("Sources 1 and 3")},
		{"", "Source 1 and 2 million", "S1", "Source ", len("Source 1")},
		{"Según la ", "Fuente 2, creció", "S2", "Fuente ", len("Fuente 2")},
		{"Según las ", "fuentes 1 y 3, creció", "S1 S3", "fuentes ", len("fuentes 1 y 3")},
		{"根据", "来源2，抖音", "S2", "来源", len("来源2")},
		{"", "来源2显示", "S2", "来源", len("来源2")},
		{"", "来源1、2显示", "S1 S2", "来源", len("来源1、2")},
		{"", "来源1和3显示", "S1 S3", "来源", len("来源1和3")},
		{"", "Source 2", "S2", "Source ", 0}, // a bare id: after a sentence, up to the end of the line, its word a frame
		// Text: other words, figures, no space, a word before, a line break.
		{"the new ", "S1 phone", "", "", 0},
		{"in ", "Section 1, it", "", "", 0},
		{"in ", "version 2, it", "", "", 0},
		{"from ", "Source 1.5 data", "", "", 0},
		{"from ", "Source 1,000 users", "", "", 0},
		{"a ", "source 3% of", "", "", 0},
		{"a ", "source 1st", "", "", 0},
		{"the ", "Sources 2024 data", "", "", 0},
		{"open-", "source 2 models", "", "", 0},
		{"re", "source 2 models", "", "", 0},
		{"", "Source: S1 says", "", "", 0},
		{"", "Source2 says", "", "", 0},
		{"a ", "source\n2.", "", "", 0},
		{"", "来源3个", "", "", 0},
		{"", "来源2024年", "", "", 0},
		{"收入", "来源多样", "", "", 0},
		{"", "Sourced 2 ways", "", "", 0},
	}
	for _, tt := range tests {
		s := tt.before + tt.text
		m, st := scanner{}.at(s, len(tt.before), true)
		if got := describe(m, st); got != tt.want {
			t.Errorf("scan %q at %d = %q, want %q", s, len(tt.before), got, tt.want)
			continue
		}
		if st != scanYes {
			continue
		}
		wantEnd := tt.end
		if wantEnd == 0 {
			wantEnd = len(tt.text)
		}
		if m.Start != len(tt.before) || m.End != len(tt.before)+wantEnd || s[m.Start:m.Start+m.Label] != tt.kept {
			t.Errorf("scan %q spans [%d, %d) keeping %q, want [%d, %d) keeping %q", s, m.Start, m.End, s[m.Start:m.Start+m.Label],
				len(tt.before), len(tt.before)+wantEnd, tt.kept)
		}
	}
}

// refSources are offered sources as the prompt shows them: file, paragraph, section, title.
var refSources = []retrieval.Passage{
	{File: "000_c3c0d2fced9bc6e6.txt", Paragraph: 1, Title: "E-commerce in 2024: a practitioner's view of the trends"},
	{File: "001_ac7923d06571d389.txt", Paragraph: 1, Title: "Xiaohongshu in e-commerce: Douyin is a good teacher"},
	{File: "001_ac7923d06571d389.txt", Paragraph: 1, Title: "Xiaohongshu in e-commerce: Douyin is a good teacher"},
	{File: "004_8b8eead7925c9339.txt", Paragraph: 55, Heading: "04  Mistake Taobao live as the future", Title: "13 years of Alibaba e-commerce: Zhang Yong's merits and demerits"},
	{File: "004_8b8eead7925c9339.txt", Paragraph: 61, Heading: "05  Conclusion", Title: "13 years of Alibaba e-commerce: Zhang Yong's merits and demerits"},
	{File: "003_4fda5065e9bafefa.txt", Paragraph: 13, Title: "Chinese e-commerce helps the global economy recover (expert interpretation)"},
}

// A bracket that names offered sources by file, paragraph, section or title cites them; one that
// names nothing offered is text.
func TestScanReference(t *testing.T) {
	sc := scanner{refs: newSourceRefs(refSources)}
	tests := []struct{ text, want string }{
		{`[000_c3c0d2fced9bc6e6.txt, paragraph 1]`, "R1"},
		{`[000_c3c0d2fced9bc6e6.txt]`, "R1"},
		{"[`000_c3c0d2fced9bc6e6.txt`, ¶1]", "R1"},
		{`(source: 000_c3c0….txt ¶1)`, "R1"},
		{`(source: 000_c3c0....txt ¶1)`, "R1"},
		{`(file 000_…txt, para. 1)`, "R1"},
		{`(001_ac7923d06571d389, ¶1)`, "R2,3"},
		{`(fuente: 001_ac7923d06571d389.txt, párrafo 1)`, "R2,3"},
		{`（来源：001_ac7923d06571d389.txt 第1段）`, "R2,3"},
		{`[004_8b8eead7925c9339.txt, paragraph 61]`, "R5"},
		{`[004_8b8eead7925c9339.txt]`, "R4,5"},
		{`[001_ac7923d06571d389.txt ¶1: "a GMV of over"]`, "R2,3:a GMV of over"},
		{`(section: 04 Mistake Taobao live as the future)`, "R4"},
		{`(Mistake Taobao live as the future)`, "R4"},
		{`[§ "05 Conclusion"]`, ""},
		{`("05  Conclusion")`, "R5"},
		{`(13 years of Alibaba e-commerce: Zhang Yong's merits and demerits)`, "R4,5"},
		{`(13 years of Alibaba e-commerce: Zhang Yong's merits and demerits, ¶61)`, "R5"},
		{`(Chinese e-commerce helps the global economy recover)`, "R6"},
		{`【4:0†001_ac7923d06571d389.txt】`, "R2,3"},
		// Not offered, ambiguous or no name at all: text.
		{`(source: 002_1e788fd9b84c7c01.txt ¶1)`, ""},
		{`[000_c3c0d2fced9bc6e6.txt, paragraph 7]`, ""},
		{`(file 00…txt)`, ""},
		{`(…txt)`, ""},
		{`(Tiktok)`, ""},
		{`(2024)`, ""},
		{`(in yuan)`, ""},
		{`(Conclusion is near)`, ""},
		{"(000_c3c0d2fced9bc6e6.txt\n)", ""},
	}
	for _, tt := range tests {
		m, st := sc.at(tt.text, 0, true)
		if got := describe(m, st); got != tt.want {
			t.Errorf("scan %q = %q, want %q", tt.text, got, tt.want)
		}
		if st == scanYes && m.End != len(tt.text) {
			t.Errorf("scan %q ends at %d, want %d", tt.text, m.End, len(tt.text))
		}
	}
}

// A marker read from a growing text asks for more until it is decided, and then decides as it
// would on the whole text.
func TestScanMarkerWaitsForMore(t *testing.T) {
	sc := scanner{refs: newSourceRefs(refSources)}
	// "|" marks where the marker is read.
	for _, marked := range []string{`[S1: "a quote"] and more`, `[Source 12] x`, `[^3]: def`, `(S2) x`, `[[S1]](http://a.example) x`,
		`[1, 3] x`, `(see) x`, `[a] x`, `[citation:2] x`, `(Source: S2) x`, `【4:0†source】 x`, `[S2†L3-L5] x`, `<sup>2</sup> x`,
		`<cite>S1, S3</cite> x`, `<sup>x</sup>`, `^[2] x`, `¹² x`, `¹st`, "in 2024. |S1, S3\nx", "in 2024. |S1 is x", "in 2024 |— S1.\n",
		"in 2024 |- S2 and S3\n", "Sales rose. |Sources: S1\n", "in 2024. |Source: the x\n", "500 m|² x", "in 2024|¹ x",
		`(source: 000_c3c0….txt ¶1) x`, `[001_ac7923d06571d389.txt, paragraph 1] x`, `(Mistake Taobao live as the future) x`,
		`(source: 002_1e788fd9b84c7c01.txt ¶1) x`, `(Tiktok) x`, `[000_c3c0d2fced9bc6e6.txt ¶1: "a (b) c"] x`,
		`{S2} x`, `(see S2) x`, `(see below) x`, `[S-2] x`, `[#2] x`, `[S2:2-3] x`, `[S2: 3.5 trillion] x`, `[S2 (¶3)] x`,
		`[S2, ¶3: "q q"] x`, `[S1 S3] x`, `[S1 see] x`, `[^S2] x`, `**[S2]** x`, "`[S2]` x", `*[S2] x`, `\[S2\] x`,
		`[S2](source:2) x`, `[S2，第3段] x`, `[source](S2) x`, `[the report](#source-2) x`, `^2^ x`, `⁽²⁾ x`, "As |Source 2 says", "As |Sources 1, 2 and 3 show", "By |Sources 1 and 3, 2 trillion",
		"from |Source 1.5 data", "|来源1、2显示", "|来源3个", "a |source 3% of", "as |Sources 1, 3 show",
		`:contentReference[oaicite:0]{index=0} x`, `:contentReference[oaicite:0] x`, "\ue200cite\ue202turn0search1\ue201 x",
		"\ue202turn0search1\ue202turn0news2 x", `\ue202turn0search1\ue202turn0news2 x`, `\ue200cite\ue202turn0search1\ue201 x`,
		"\ue200entity\ue202x\ue201 x"} {
		at := max(0, strings.Index(marked, "|"))
		text := strings.Replace(marked, "|", "", 1)
		whole, wst := sc.at(text, at, true)
		for n := at + 1; n < len(text); n++ {
			if !utf8.ValidString(text[:n]) {
				continue
			}
			m, st := sc.at(text[:n], at, false)
			if st == scanMore {
				continue
			}
			if st != wst || st == scanYes && m.End != whole.End {
				t.Errorf("scan %q at %d on %d bytes = %v (end %d), on the whole text %v (end %d)", text, at, n, st, m.End, wst, whole.End)
				break
			}
		}
	}
}

func TestReadDefinition(t *testing.T) {
	tests := []struct {
		line    string
		inBlock bool
		want    string // footnote?:n:source:quote
	}{
		{`[^1]: S3, "the quote"`, false, "F1:3:the quote"},
		{`[^1]: [S3] "the quote"`, false, "F1:3:the quote"},
		{`[^2]: Source 4 — "the quote"`, false, "F2:4:the quote"},
		{`[^2]: "the quote"`, false, "F2:0:the quote"},
		{`[S3] "the quote"`, false, "N3:0:the quote"},
		{`- [S3]: "the quote"`, false, "N3:0:the quote"},
		{`[2] "the quote"`, false, "N2:0:the quote"},
		{`S3: the quote`, true, "N3:0:the quote"},
		{`S3: the quote`, false, ""},
		{`[S3] Douyin grew fast.`, false, ""},
		{`[S3: "quote"]`, false, ""},
		{`[^1]: S3, 003.txt paragraph 2`, false, "F1:3:003.txt paragraph 2 (loose)"},
		{`[^1]: [Source 3](#s3)`, false, "F1:3:"},
	}
	for _, tt := range tests {
		defs, ok := scanner{}.readDefinition(tt.line, tt.inBlock)
		got := ""
		if ok {
			d := defs[0]
			got = fmt.Sprintf("%s%d:%d:%s", map[bool]string{true: "F", false: "N"}[d.Footnote], d.N, d.Source, d.Quote)
			if d.Loose {
				got += " (loose)"
			}
		}
		if got != tt.want {
			t.Errorf("readDefinition(%q, %v) = %q, want %q", tt.line, tt.inBlock, got, tt.want)
		}
	}
}

// A footnote list line gives the source of one of the reply's own numbers; a line that says more is
// prose.
func TestNumberedSource(t *testing.T) {
	sc := scanner{refs: newSourceRefs(refSources)}
	tests := []struct{ line, want string }{ // want: n:source:refs:quote, "" when not read
		{`1. Source 3: "the quote"`, "1:3::the quote"},
		{`1) [S3]`, "1:3::"},
		{`2. S3 "the quote"`, "2:3::the quote"},
		{`2. [S3: "the quote"]`, "2:3::the quote"},
		{`2. Fuente 3, párrafo 2`, "2:3::"},
		{`2. 来源3：「引用」`, "2:3::引用"},
		{`[1]: S3`, "1:3::"},
		{`- [1]: Source 3, "the quote"`, "1:3::the quote"},
		{`[1] Source 3`, "1:3::"},
		{`- [1]: 004_8b8eead7925c9339.txt, paragraph 61`, "1:0:5:"},
		{`[2] 001_ac7923d06571d389.txt`, "2:0:2,3:"},
		{`[2] 001_ac7923d06571d389.txt ¶1: "a quote"`, "2:0:2,3:a quote"},
		{`[1]: S5 (004_8b8eead7925c9339.txt)`, "1:5::"},
		{`1. Source 5 — 004_8b8eead7925c9339.txt, paragraph 61`, "1:5::"},
		// Prose, or not this kind of line.
		{`1. Source 3 says Douyin grew.`, ""},
		{`1. 001_ac7923d06571d389.txt`, ""},
		{`1. Douyin grew fast`, ""},
		{`[1]: "the quote"`, ""},
		{`[1] Douyin grew.`, ""},
		{`[^1]: S3`, ""},
		{`[S1]: "q"`, ""},
		{`1.Source 3`, ""},
		{`[1]: 009_unknown.txt`, ""},
		{`[1]: S3 (004_8b8eead7925c9339.txt)`, ""},
	}
	for _, tt := range tests {
		got := ""
		if d, ok := sc.numberedSource(tt.line); ok {
			var ks []string
			for _, k := range d.Refs {
				ks = append(ks, fmt.Sprint(k))
			}
			got = fmt.Sprintf("%d:%d:%s:%s", d.N, d.Source, strings.Join(ks, ","), d.Quote)
		}
		if got != tt.want {
			t.Errorf("numberedSource(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// FuzzScanMarker: reading a marker never panics, stays within the text, and a marker found in a
// prefix of a text with more to come is the marker found in the whole text.
func FuzzScanMarker(f *testing.F) {
	for _, s := range []string{`[S1: "q"]`, `【S２：「引」】x`, `[^1]: S2, "q"`, `[[S1]](http://a)`, `(Source 3; S4)`, `[1 and 2]`, `[S1: "a", S2 "b"]`,
		`【4:0†source】`, `[S1†L3-L5]`, `[citation:1]`, `<sup>1, 2</sup>`, `<cite>S1</cite>`, `^[1]`, `¹²`, "S1, S3\n", "— S2.", "Sources: 1 and 2",
		`(source: 000_c3c0….txt ¶1)`, `[001_ac7923d06571d389.txt, paragraph 1: "q"]`, `(05 Conclusion)`, `（来源：001_ac7923d06571d389.txt 第1段）`,
		`[cite: 1-3]`, `[S1–S3, S5]`, `[^2^]`, `【1†source】`, `[S2, ¶3; S3, p. 4]`, `<ref>2</ref>`, `<source>S1</source>`, `[S1-3 trillion]`,
		"Source 2 says", "Sources 1, 2 and 3, 4", "来源1、2显示", ":contentReference[oaicite:0]{index=0}",
		"\ue200cite\ue202turn0search1\ue202turn0news3\ue201", `\ue202turn0search1`, `{S2}`, `(see S1)`, `[S-2]`, `[#2]`, `[S1:2-3]`, `[S1 (¶3): "q"]`, `[S1 S3]`, `[^S2]`, `**[S1]**`, "`[S1]`", `\[S1\]`, `[S1](source:1)`,
		`[source](S2)`, `[the report](#2)`, `^2^`, `⁽¹⁾`} {
		f.Add(s, 3)
	}
	f.Add("[1\n p. 0]", 5) // a locator across a line break: no marker, whole or in part
	sc := scanner{refs: newSourceRefs(refSources)}
	f.Fuzz(func(t *testing.T, text string, cut int) {
		if !utf8.ValidString(text) || text == "" {
			return
		}
		m, st := sc.at(text, 0, true)
		if st == scanMore {
			t.Fatalf("scanner{}.at(%q, final) asks for more", text)
		}
		if st == scanYes && (m.Start != 0 || m.End > len(text) || m.End <= m.Start || len(m.Cites) == 0) {
			t.Fatalf("scanner{}.at(%q) = %+v", text, m)
		}
		if cut <= 0 || cut >= len(text) || !utf8.RuneStart(text[cut]) {
			return
		}
		pm, pst := sc.at(text[:cut], 0, false)
		if pst == scanNo && st != scanNo {
			t.Fatalf("on %q a prefix of %d bytes is no marker, the whole text is", text, cut)
		}
		if pst == scanYes && (st != scanYes || pm.End != m.End) {
			t.Fatalf("on %q a prefix of %d bytes reads a marker ending at %d; the whole text: %v ending at %d", text, cut, pm.End, st, m.End)
		}
	})
}

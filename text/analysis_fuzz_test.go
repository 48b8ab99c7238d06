package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAnalyze analyses arbitrary documents with the seeds' catalog: no panic, every sentence a
// non-empty span of the document on rune boundaries, in order, inside its paragraph, and the paragraph it names (1-based), every
// index into the sentences (heading, lead) pointing at an earlier sentence. The per-sentence rules
// (subjects, posts, list items, headlines, credit lines) cut and compare byte ranges; a document
// a user brings can hold anything.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nWeibo, WeChat and Toutiao are rivals. Alibaba chairman Zhang Yong said so.\n\n小红书做电商,抖音是个好老师",
		"The tips are shared out once a month:\n- el 5 % para el fondo social\n- 3. Fuente: Douyin\n\n| a | b |\n|---|---|\n| 1 | 2 |",
		"本文來自微信公眾號「藍鯊消費」。\n\n阿里巴巴董事长张勇表示，淘宝（Taobao）、天猫和京东。",
		"By Ali , Daishan took over.\n\nThe head of Taobao, the founder of JD.com, and 12.500 euros.",
	} {
		f.Add(s)
	}
	lex := seedLexicon(f)
	f.Fuzz(func(t *testing.T, doc string) {
		if !utf8.ValidString(doc) {
			return
		}
		var paras []Span
		for start := 0; start < len(doc); {
			end := strings.Index(doc[start:], "\n\n")
			if end < 0 {
				end = len(doc)
			} else {
				end += start
			}
			if end > start {
				paras = append(paras, Span{start, end})
			}
			start = end + 2
		}
		d := Analyze("f.md", doc, paras, nil, lex)
		prev := 0
		for i, s := range d.Sentences {
			if s.Start < prev || s.Start >= s.End || s.End > len(doc) || !utf8.RuneStart(doc[s.Start]) || s.End < len(doc) && !utf8.RuneStart(doc[s.End]) {
				t.Fatalf("sentence %d: bad span [%d, %d) after %d in %q", i, s.Start, s.End, prev, doc)
			}
			if s.Paragraph < 1 || s.Paragraph > len(paras) || s.Start < paras[s.Paragraph-1].Start || s.End > paras[s.Paragraph-1].End {
				t.Fatalf("sentence %d [%d, %d) outside its paragraph %d in %q", i, s.Start, s.End, s.Paragraph, doc)
			}
			if s.Heading >= i || s.Lead >= i || s.Heading < -1 || s.Lead < -1 {
				t.Fatalf("sentence %d: heading %d, lead %d: not an earlier sentence, in %q", i, s.Heading, s.Lead, doc)
			}
			prev = s.Start
		}
	})
}

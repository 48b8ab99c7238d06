package text

import (
	"slices"
	"testing"
)

// OnlyStructure reads a passage's paragraph as Analyze does: front matter only where it opens the
// document, a heading (Markdown or title-like), a rule, a breadcrumb, a setext heading are
// structure; a dateline, a list item, a literal line that reads "# …" or "---", and any passage
// with a line of text are not.
func TestOnlyStructure(t *testing.T) {
	tests := []struct {
		name, para string
		first      bool
		literal    bool
		want       bool
	}{
		{"front matter", "---\ntitle: Guide\n---", true, false, true},
		{"front matter, then text", "---\ntitle: Guide\n---\nSellers pay a deposit.", true, false, false},
		{"not the first paragraph: a rule, then text", "---\ntitle: Guide", false, false, false},
		{"a literal rule, then text", "---\ntitle: Guide", true, true, false},
		{"a Markdown heading", "## Deposits", false, false, true},
		{"a literal line that reads as a heading", "# 1 seller in 2023 was Taobao.", false, true, false},
		{"a Markdown heading that says as much", "# 1 seller in 2023 was Taobao.", false, false, true},
		{"a title-like line", "Deposits and refunds", false, false, true},
		{"a setext heading", "Deposits\n--------", false, false, true},
		{"a breadcrumb", "Home > Guides > Deposits", false, false, true},
		{"a dateline", "2024-03-01 09:30", false, false, false},
		{"a list item", "- Sellers pay a deposit", false, false, false},
		{"a sentence", "Sellers pay a deposit.", false, false, false},
		{"empty", "", false, false, false},
	}
	for _, tt := range tests {
		doc := "Before.\n\n" + tt.para + "\n"
		para := Span{Start: len("Before.\n\n"), End: len(doc) - 1}
		var lit LiteralLines
		if tt.literal {
			lit = LiteralLines{para.Start}
		}
		if got := OnlyStructure(doc, para, para, tt.first, lit); got != tt.want {
			t.Errorf("%s: OnlyStructure(%q, first %v, literal %v) = %v, want %v", tt.name, tt.para, tt.first, tt.literal, got, tt.want)
		}
	}
}

// TestIsAttribution: a credit line or a source label says where the document comes from; a
// sentence that only opens like one and goes on to state a fact, or that speaks of the document
// without saying where it is from, is not one.
func TestIsAttribution(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"This article is from WeChat official account.", true},
		{"This post was first published on 36Kr.", true},
		{"This story originally appeared in Caixin.", true},
		{"Source: Taobao annual report", true},
		{"Sources: company filings, 2023.", true},
		{"Fuente: cuenta pública de WeChat", true},
		{"Este artículo procede de la cuenta oficial de WeChat.", true},
		{"Este artículo es de la cuenta pública de WeChat «Blue Shark».", true},
		{"本文来自微信公众号“蓝鲨消费”，作者：陈诗枫。", true},
		{"来源：微信公众号", true},
		{"- Source: Alipay press office", true},
		// Facts, and sentences about the document that do not say where it comes from.
		{"This article from 36Kr says Taobao's sales rose 20% in 2021.", false},
		{"This article from 36Kr explains why Taobao lost its sellers.", false},
		{"This article explains how WeChat Pay won the red envelope war.", false},
		{"Este artículo explica cómo Pinduoduo creció tan rápido.", false},
		{"WeChat is the source of most of Pinduoduo's users.", false},
		{"The source of Douyin's traffic is its recommendation algorithm.", false},
		{"WeChat Pay grew from 5% to 39% of mobile payments from 2014 to 2018.", false},
		{"本文分析了拼多多的崛起。", false},
		{"文章指出淘宝的流量在下降。", false},
		{"Taobao sources its goods from small factories.", false},
	} {
		if got := IsAttribution(tt.in); got != tt.want {
			t.Errorf("IsAttribution(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestAttributionAnalysed: Analyze records a credit line once per corpus version, so a digest
// need not read each candidate point again; it reads the text folded to simplified characters,
// so a credit line in traditional characters is one too.
func TestAttributionAnalysed(t *testing.T) {
	lex := NewLexicon(nil, nil)
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"Live commerce keeps growing in smaller cities.\n\nThis article is from WeChat official account.", true},
		{"直播电商在小城市持续增长。\n\n本文來自微信公眾號「藍鯊消費」。", true},
		{"This article from 36Kr says Taobao's sales rose 20% in 2021.\n\nLive commerce keeps growing.", false},
	} {
		paras := blankLineParagraphs(tt.in)
		d := Analyze("a.txt", tt.in, paras, nil, lex)
		var got []bool
		for _, s := range d.Sentences {
			got = append(got, s.Attribution)
		}
		want := []bool{!tt.want, tt.want}
		if !tt.want {
			want = []bool{false, false}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: Attribution %v, want %v", tt.in, got, want)
		}
	}
}

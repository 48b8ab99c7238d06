package web

import (
	"regexp"
	"strings"
	"testing"

	"github.com/citebot/citebot/answer"
)

// badTagRE matches an element or attribute the rendered HTML must never hold.
var badTagRE = regexp.MustCompile(`(?i)<(script|img|iframe|object|embed|style|form|input)\b|<[a-z][^>]*\s(on\w+|src|style)=`)

var hrefRE = regexp.MustCompile(`<a\b[^>]*\bhref="([^"]*)"`)

// hrefs returns every link target in h.
func hrefs(h string) []string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(h, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestMarkdownRendersAndKeepsOnlyCitationLinks(t *testing.T) {
	md := newMarkdown()
	cites := []answer.Citation{
		{N: 1, File: "a.txt", Paragraph: 2, Title: "Douyin report", URL: "https://citebot.example.org/sources/a.txt?b=1-9&h=00000000#p2"},
		{N: 2, File: "b.txt", Paragraph: 5, URL: "javascript:alert(1)"},
	}
	tests := []struct {
		name, text string
		want       []string // substrings of the HTML
		wantNot    []string
		wantLinks  int
	}{
		{"bullets and bold", "- **Douyin** sells [1]\n- Kuaishou too", []string{"<ul>", "<li><strong>Douyin</strong> sells <a", "<li>Kuaishou too</li>"}, nil, 1},
		{"citation link", "GMV grew [1].", []string{`class="cite"`, `href="https://citebot.example.org/sources/a.txt?b=1-9&amp;h=00000000#p2"`, `title="Douyin report ¶2"`, `>[1]</a>`}, nil, 1},
		{"a marker with no usable URL stays text", "Claim [2] and [7].", []string{"Claim [2] and [7]."}, nil, 0},
		{"a masked link is shown as text with its URL", "See [the report](https://evil.example/x) now.", []string{"See the report (https://evil.example/x) now."}, nil, 0},
		{"a URL attached to a citation marker is dropped from the link", `GMV [1](https://evil.example) grew.`, []string{`>[1]</a>(https://evil.example) grew.`}, nil, 1},
		{"the model's own cite-link form", `[[1]](https://evil.example)`, []string{`<p><a class="cite"`, `>[1]</a> (https://evil.example)</p>`}, nil, 1},
		{"an image is text", `![logo](https://evil.example/p.png)`, []string{"logo (https://evil.example/p.png)"}, []string{"<img"}, 0},
		{"an autolink is text", `Visit <https://evil.example>.`, []string{"Visit https://evil.example."}, nil, 0},
		{"a bare URL is text", `Visit https://evil.example today.`, []string{"Visit https://evil.example today."}, nil, 0},
		{"raw HTML is text", `Hi <a href="https://evil.example">x</a> <script>alert(1)</script>`, []string{"&lt;a href=", "&lt;script&gt;"}, []string{"<script"}, 0},
		{"an HTML block is text", "<div onclick=\"x()\">\n<iframe src=\"https://evil.example\"></iframe>\n</div>", []string{"&lt;iframe"}, []string{"<iframe", "<div"}, 0},
		{"a reference link is text", "[click][r]\n\n[r]: https://evil.example", []string{"click (https://evil.example)"}, nil, 0},
		{"a javascript: link is text", `[x](javascript:alert(1))`, []string{"x (javascript:alert(1))"}, nil, 0},
		{"placeholder characters in the input do nothing", "\uE0001\uE001 and [1]", []string{"1 and <a"}, nil, 1},
		{"a table", "| a | b |\n|---|---|\n| 1 | 2 [1] |", []string{"<table>", "<td>2 <a"}, nil, 1},
		{"code keeps its text", "`[x](https://evil.example)`", []string{"<code>[x](https://evil.example)</code>"}, nil, 0},
	}
	for _, tt := range tests {
		got := md.render(tt.text, cites)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: render(%q) = %q, want it to contain %q", tt.name, tt.text, got, w)
			}
		}
		for _, w := range tt.wantNot {
			if strings.Contains(got, w) {
				t.Errorf("%s: render(%q) = %q, want no %q", tt.name, tt.text, got, w)
			}
		}
		links := hrefs(got)
		if len(links) != tt.wantLinks {
			t.Errorf("%s: render(%q) has links %q, want %d", tt.name, tt.text, links, tt.wantLinks)
		}
		for _, l := range links {
			if !strings.HasPrefix(l, "https://citebot.example.org/sources/") {
				t.Errorf("%s: render(%q) links to %q, want only citation URLs", tt.name, tt.text, l)
			}
		}
	}
}

// Whatever the text, the rendered HTML links only to citation URLs and holds no script or handler.
func FuzzMarkdownLinksOnlyCitations(f *testing.F) {
	for _, s := range []string{"[a](https://e.x)", "<a href=x>y</a>", "[1](https://e.x) [1]", "![i](https://e.x)", "<https://e.x>",
		"[r][1]\n\n[1]: https://e.x", "`code` **b** _i_ [1]\n\n- x\n- y", "<img src=x onerror=alert(1)>", "[x](<javascript:a>)"} {
		f.Add(s)
	}
	md := newMarkdown()
	cites := []answer.Citation{{N: 1, URL: "https://citebot.example.org/sources/a.txt#p1"}}
	f.Fuzz(func(t *testing.T, text string) {
		got := md.render(text, cites)
		for _, l := range hrefs(got) {
			if l != "https://citebot.example.org/sources/a.txt#p1" {
				t.Fatalf("render(%q) = %q links to %q", text, got, l)
			}
		}
		if m := badTagRE.FindString(got); m != "" {
			t.Fatalf("render(%q) = %q contains %q", text, got, m)
		}
	})
}

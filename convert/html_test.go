package convert

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// realisticPage is a saved news article: a head with a title, metadata, a script and a style, a
// navigation bar, a header with the site's h1, the article in <main> (paragraphs, entities, a link,
// lists, a table, code, a line break, an image, hidden parts) and a footer. Every text that must not
// be read says so in capitals.
const realisticPage = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>
    Douyin &amp; Kuaishou:   live commerce in 2024
  </title>
  <meta name="description" content="META-TEXT">
  <script>var secret = "SCRIPT-TEXT <p>not a paragraph</p>";</script>
  <style>body { color: red } /* STYLE-TEXT */</style>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/news">NAV-TEXT</a></nav>
  <header><h1>Live commerce in China</h1><p class="byline">By A. Writer</p></header>
  <main>
    <p>Douyin's e-commerce GMV reached <a href="https://example.org/gmv">about 2.2 trillion yuan</a>
       in 2022, up   76%.</p>
    <p>Sellers must never paste &lt;script&gt; tags &amp; other markup.<br>Listings are checked.</p>
    <h2>Platforms</h2>
    <ul>
      <li>Douyin (抖音)</li>
      <li>Kuaishou
        <ul><li>Kwai abroad</li></ul>
      </li>
    </ul>
    <ol start="3">
      <li>Open a shop.</li>
      <li>Go live.</li>
    </ol>
    <table>
      <caption>GMV by year</caption>
      <tr><th>Year</th><th>GMV</th></tr>
      <tr><td>2021</td><td>0.8 trillion</td></tr>
      <tr><td></td><td> </td></tr>
      <tr><td>2022</td><td></td></tr>
    </table>
    <pre>
func main() {
    fmt.Println("&lt;b&gt;")


}
</pre>
    <img src="chart.png" alt="ALT-TEXT">
    <p hidden>HIDDEN-TEXT</p><div aria-hidden="true">ARIA-HIDDEN-TEXT</div>
    <p>&nbsp;</p>
  </main>
  <aside>ASIDE-TEXT</aside>
  <footer>FOOTER-TEXT &copy; 2024</footer>
</body>
</html>
`

// realisticText is what citebot reads of realisticPage.
const realisticText = "Douyin's e-commerce GMV reached about 2.2 trillion yuan in 2022, up 76%.\n" +
	"\n" +
	"Sellers must never paste <script> tags & other markup.\n" +
	"Listings are checked.\n" +
	"\n" +
	"## Platforms\n" +
	"\n" +
	"- Douyin (抖音)\n" +
	"- Kuaishou\n" +
	"  - Kwai abroad\n" +
	"\n" +
	"3. Open a shop.\n" +
	"4. Go live.\n" +
	"\n" +
	"GMV by year\n" +
	"| Year | GMV |\n" +
	"| 2021 | 0.8 trillion |\n" +
	"| 2022 | |\n" +
	"\n" +
	"```\n" +
	"func main() {\n" +
	"    fmt.Println(\"<b>\")\n" +
	"\n" +
	"}\n" +
	"```\n"

func TestHTMLTextRealisticPage(t *testing.T) {
	text, title := htmlText([]byte(realisticPage))
	if text != realisticText {
		t.Errorf("htmlText(realistic page) =\n%s\nwant\n%s", text, realisticText)
	}
	if want := "Douyin & Kuaishou: live commerce in 2024"; title != want {
		t.Errorf("title = %q, want %q", title, want)
	}
}

// The page read token by token (as a page nested too deep for the parser is) follows the same
// rules, but reads the whole page, not just its <main>: the header's heading and byline too.
func TestHTMLTokensRealisticPage(t *testing.T) {
	w := &htmlWriter{}
	title := w.readTokens([]byte(realisticPage))
	want := "# Live commerce in China\n\nBy A. Writer\n\n" + realisticText
	if got := w.finish(); got != want {
		t.Errorf("readTokens(realistic page) =\n%s\nwant\n%s", got, want)
	}
	if collapseSpace(title) != "Douyin & Kuaishou: live commerce in 2024" {
		t.Errorf("title = %q", title)
	}
}

func TestHTMLTextRules(t *testing.T) {
	tests := []struct {
		name, page, want string
	}{
		{"body without main or article", `<body><header><h1>Title</h1></header><p>Text.</p><footer>F</footer></body>`, "# Title\n\nText.\n"},
		{"the one article", `<p>Teaser.</p><article><h2>A</h2><p>Body.</p></article>`, "## A\n\nBody.\n"},
		{"two mains: the one article", `<main><p>X.</p></main><main><article><p>Y.</p></article></main>`, "Y.\n"},
		{"two articles: the body", `<p>Intro.</p><article><p>One.</p></article><article><p>Two.</p></article>`, "Intro.\n\nOne.\n\nTwo.\n"},
		{"a hidden main is not the content", `<main hidden><p>Old.</p></main><p>Teaser.</p><article><p>New.</p></article>`, "New.\n"},
		{"hidden and aria-hidden", `<p>Seen.</p><p hidden>No.</p><div aria-hidden="TRUE">No.</div><div aria-hidden="false">Yes.</div>`, "Seen.\n\nYes.\n"},
		{"hidden by inline style", `<p>Seen.</p><p style="display:none">No.</p><div style="COLOR: red; Display : NONE !Important">No <b>at all</b>.</div>` +
			`<p>In <span style="visibility:hidden">NOT</span>line.</p><p style="display: block; content: 'display:none'">Yes.</p>`, "Seen.\n\nIn line.\n\nYes.\n"},
		{"a main hidden by its style is not the content", `<main style="display:none"><p>Old.</p></main><article><p>New.</p></article>`, "New.\n"},
		{"white space collapses, links keep their text", "<p>  Taobao\n\t<a href=\"https://x.example\">sells</a> <b>every</b>thing&nbsp;&nbsp;here. </p>", "Taobao sells everything here.\n"},
		{"blocks are paragraphs", `<div>One<div>Two</div>Three</div><blockquote>Four</blockquote><section><p>Five</p></section>`, "One\n\nTwo\n\nThree\n\nFour\n\nFive\n"},
		{"a line break is a line, two end the paragraph", `<p>One<br>Two<br><br>Three</p><div>Four<br> <br/>Five</div>`, "One\nTwo\n\nThree\n\nFour\n\nFive\n"},
		{"nested and ordered lists", `<ul><li>A<ol start="7"><li>B<li>C</ol></li><li><p>D</p><p>E</p></li></ul><p>After.</p>`, "- A\n  7. B\n  8. C\n- D\n  E\n\nAfter.\n"},
		{"a table in a list item", `<ul><li>Figures:<table><tr><td>1</td><td>2</td></tr></table></li></ul>`, "- Figures:\n  | 1 | 2 |\n"},
		{"table: blocks in a cell are spaces, empty rows dropped", `<table><thead><tr><th>Platform</th><th>Users</th></tr></thead><tbody><tr><td><p>Douyin</p><p>抖音</p></td><td>750<br>million</td></tr><tr><td> </td><td></td></tr><tr><td><ul><li>Kuaishou</li><li>Kwai</li></ul></td><td></td></tr></tbody></table>`, "| Platform | Users |\n| Douyin 抖音 | 750 million |\n| Kuaishou Kwai | |\n"},
		{"pre keeps its white space", "<pre>  a  b\n\n\n\tc   \n</pre><p>after</p>", "```\n  a  b\n\n\tc\n```\n\nafter\n"},
		{"pre inside a list item is text", "<ul><li><pre>a\n  b</pre></li></ul>", "- a b\n"},
		{"heading levels; a break in a heading is a space", `<h3>Sick<br>leave</h3><h6>x</h6><h2> </h2><p>y</p>`, "### Sick leave\n\n###### x\n\ny\n"},
		{"a heading in a list item is a line", `<ul><li><h2>Title</h2>text</li></ul>`, "- Title\n  text\n"},
		{"image alt text dropped", `<p>See <img src="a.png" alt="ALT"> this.</p>`, "See this.\n"},
		{"skipped elements", `<p>The article's text: a<script>x</script><style>y</style><noscript>z</noscript>b</p><nav>n</nav><aside>s</aside><footer>f</footer>` +
			`<form><label>Email</label><button>Go</button></form><svg><text>t</text><title>svg</title></svg><iframe>i</iframe><template><p>tp</p></template>` +
			`<select><option>o</option></select><textarea>ta</textarea><object>ob</object><canvas>cv</canvas><math><mi>m</mi></math><video>v</video><audio>au</audio>`, "The article's text: ab\n"},
		{"a form around the page is read", `<body><form id="aspnetForm" action="/"><div class="menu">Menu</div><p>Article text, the first paragraph of it.</p><p>The second paragraph.</p><input type="submit" value="Go"></form></body>`, "Menu\n\nArticle text, the first paragraph of it.\n\nThe second paragraph.\n"},
		{"a form beside the content is not", `<p>The article's one long paragraph of text.</p><form><p>Subscribe!</p><input name="email"></form>`, "The article's one long paragraph of text.\n"},
		{"entities and bytes that are not UTF-8", "<p>&lt;b&gt; &amp; &#x4e2d;&#25991; &eacute; \xff</p>", "<b> & 中文 é \uFFFD\n"},
		{"paragraphs of blanks and invisible characters dropped", "<p>&nbsp;</p><p>\u200b \u00ad</p><div>\t</div><p>x</p>", "x\n"},
		{"byte order mark", "\ufeff<p>x</p>", "x\n"},
		{"definition list", `<dl><dt>GMV</dt><dd>Gross merchandise value</dd></dl>`, "GMV\n\nGross merchandise value\n"},
		{"an item outside any list", `<li>a</li>`, "- a\n"},
		{"no text", `<html><head><title>T</title><script>s()</script></head><body> <img src=x> </body></html>`, ""},
		{"frames", `<frameset><frame src="a.html"></frameset><noframes>no</noframes>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := htmlText([]byte(tt.page)); got != tt.want {
				t.Errorf("htmlText(%q) =\n%q\nwant\n%q", tt.page, got, tt.want)
			}
		})
	}
}

// Read token by token, end tags the markup leaves out are implied as the parser implies them, so
// that lists, tables and hidden parts come out as from the tree.
func TestHTMLTokensRules(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"paragraphs without end tags", `<p>a<p hidden>hidden<p>b`, "a\n\nb\n"},
		{"items without end tags", `<ul><li>a<li>b<ul><li>c<li hidden>d<li>e</ul><li>f</ul>`, "- a\n- b\n  - c\n  - e\n- f\n"},
		{"cells and rows without end tags", `<table><tr><td>a<td>b<tr><td>c<td hidden>d<td>e</table>`, "| a | b |\n| c | e |\n"},
		{"definitions without end tags", `<dl><dt>a<dd>b<dt>c</dl>`, "a\n\nb\n\nc\n"},
		{"skipped elements, nested or written empty", `<nav>n<nav>m</nav>o</nav><p>a<script/>s</script>b</p><svg><title>t</title></svg><svg/><p>c</p>`, "ab\n\nc\n"},
		{"unmatched end tags ignored", `</div></p><p>a</b>b</p></li>`, "ab\n"},
		{"hidden by inline style, end tags implied", `<p>a<p style="display:none">hidden<p>b<ul><li>c<li style="visibility: hidden !important">d<li>e</ul>`, "a\n\nb\n\n- c\n- e\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &htmlWriter{}
			w.readTokens([]byte(tt.page))
			if got := w.finish(); got != tt.want {
				t.Errorf("readTokens(%q) =\n%q\nwant\n%q", tt.page, got, tt.want)
			}
			if got, _ := htmlText([]byte(tt.page)); got != tt.want {
				t.Errorf("htmlText(%q) =\n%q\nwant the same as token by token\n%q", tt.page, got, tt.want)
			}
		})
	}
}

// markedLines returns the lines of text that are not blank, each after "L " if literal lists its
// start (the document's own text), else after "S " (structure its converter wrote).
func markedLines(text string, literal []int) []string {
	var out []string
	for off := 0; off < len(text); {
		end := len(text)
		if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
			end = off + i
		}
		if mark := "S "; off < end {
			if slices.Contains(literal, off) {
				mark = "L "
			}
			out = append(out, mark+text[off:end])
		}
		off = end + 1
	}
	return out
}

// The lines of a page's text that are its own text are listed as literal, whatever they open with;
// the marks the reader writes (headings, list items, table rows, the fences around <pre>) are not.
// Read as a tree or token by token alike.
func TestHTMLTextLiteralLines(t *testing.T) {
	page := `<h2>Sellers</h2><p># 1 seller in 2023</p><p>a<br>- b</p><blockquote>&gt; 50%</blockquote><ul><li>## item<br>` + "```x" +
		`</li></ul><table><caption>Cap</caption><tr><td>c</td></tr></table><pre>` + "```\ncode" + `</pre>`
	want := []string{"S ## Sellers", "L # 1 seller in 2023", "L a", "L - b", "L > 50%", "S - ## item", "L   ```x", "L Cap", "S | c |",
		"S ```", "L ```", "L code", "S ```"}
	got := readHTML([]byte(page))
	if lines := markedLines(got.text, got.literal); !slices.Equal(lines, want) {
		t.Errorf("readHTML(%q) lines =\n%q\nwant\n%q", page, lines, want)
	}
	w := &htmlWriter{}
	w.readTokens([]byte(page))
	if lines := markedLines(w.finish(), w.out.literal); !slices.Equal(lines, want) {
		t.Errorf("readTokens(%q) lines =\n%q\nwant\n%q", page, lines, want)
	}
	want = []string{"L Douyin's e-commerce GMV reached about 2.2 trillion yuan in 2022, up 76%.", "L Sellers must never paste <script> tags & other markup.",
		"L Listings are checked.", "S ## Platforms", "S - Douyin (抖音)", "S - Kuaishou", "S   - Kwai abroad", "S 3. Open a shop.", "S 4. Go live.",
		"L GMV by year", "S | Year | GMV |", "S | 2021 | 0.8 trillion |", "S | 2022 | |", "S ```", "L func main() {", "L     fmt.Println(\"<b>\")", "L }", "S ```"}
	if got := readHTML([]byte(realisticPage)); !slices.Equal(markedLines(got.text, got.literal), want) {
		t.Errorf("realistic page's lines =\n%q\nwant\n%q", markedLines(got.text, got.literal), want)
	}
}

// An element is hidden by its style attribute as a browser would apply its declarations: display
// none, visibility hidden or collapse, in any case, with any white space and !important; the last
// declaration of a property wins, an !important one over those that are not. Words in another
// property's value, a string or a comment hide nothing.
func TestStyleHides(t *testing.T) {
	tests := []struct {
		style string
		want  bool
	}{
		{"display:none", true},
		{"  Display : NONE ; ", true},
		{"color: red; display: none", true},
		{"display: none !important", true},
		{"display:none!IMPORTANT", true},
		{"display: none ! important;", true},
		{"visibility: hidden", true},
		{"visibility:collapse", true},
		{"display:/* a comment */none", true},
		{"display: none; display: block", false},
		{"display: none !important; display: block", true},
		{"display: block; display: none", true},
		{"display: block !important; display: none", false},
		{"", false},
		{"display: block", false},
		{"visibility: visible", false},
		{"display: nonesuch", false},
		{"display: none-ish", false},
		{"display: inline none", false},
		{"display: none important", false},
		{"content: 'display:none'", false},
		{`content: "a\";display:none"`, false},
		{`background: url(a;display:none)`, false},
		{"/* display:none */ color: red", false},
		{"dis/**/play: none", false},
		{"--hide: display:none", false},
		{"font-family: none; x-display: none", false},
		{"display none", false},
	}
	for _, tt := range tests {
		st := parseStyle(tt.style)
		if got := st.displayNone || st.visibility == visHidden; got != tt.want {
			t.Errorf("parseStyle(%q) = %+v, hides %v, want %v", tt.style, st, got, tt.want)
		}
	}
}

// What a style says of visibility is read with the same rules, by its keywords: visible and
// initial show, hidden and collapse hide, inherit, unset and revert say what the parent says (as
// saying nothing does), and a value of no known keyword is ignored, as a browser ignores it (an
// earlier declaration stands). display: none is read apart from it.
func TestParseStyleVisibility(t *testing.T) {
	tests := []struct {
		style string
		want  cssStyle
	}{
		{"", cssStyle{}},
		{"visibility: visible", cssStyle{visibility: visVisible}},
		{"VISIBILITY:Initial", cssStyle{visibility: visVisible}},
		{"visibility: hidden", cssStyle{visibility: visHidden}},
		{"visibility:collapse!important", cssStyle{visibility: visHidden}},
		{"visibility: hidden; visibility: inherit", cssStyle{}},
		{"visibility: hidden; visibility: unset", cssStyle{}},
		{"visibility: hidden; visibility: nonesuch", cssStyle{visibility: visHidden}},
		{"visibility: hidden !important; visibility: visible", cssStyle{visibility: visHidden}},
		{"visibility: hidden; visibility: visible", cssStyle{visibility: visVisible}},
		{"display: none; visibility: visible", cssStyle{displayNone: true, visibility: visVisible}},
		{"content: 'visibility: visible'", cssStyle{}},
	}
	for _, tt := range tests {
		if got := parseStyle(tt.style); got != tt.want {
			t.Errorf("parseStyle(%q) = %+v, want %+v", tt.style, got, tt.want)
		}
	}
}

// Visibility is inherited as a browser inherits it: an element invisible by its style hides its
// text and its descendants' until one of them says visible, which shows that one (and what it
// holds) again; display: none, hidden and aria-hidden leave out the whole element whatever its
// descendants say. Invisible text is a gap between the words around it. Read as a tree or token by
// token alike.
func TestHTMLVisibilityInherited(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"a visible child of a hidden parent shows",
			`<div style="visibility:hidden">NO <p>NOT</p><p style="visibility: visible">Shown <b>too</b>.</p></div><p>After.</p>`, "Shown too.\n\nAfter.\n"},
		{"hidden inside visible inside hidden", `<section style="visibility:hidden"><div style="visibility:visible">A <span style="visibility:collapse">NO</span> B</div></section>`, "A B\n"},
		{"inherit and unset keep the parent's", `<div style="visibility:hidden"><p style="visibility:inherit">NO</p><p style="visibility:unset">NO</p><p style="visibility:initial">Yes</p></div>`, "Yes\n"},
		{"display none hides a visible child", `<div style="display:none"><p style="visibility:visible">NO</p></div><p>x</p>`, "x\n"},
		{"the hidden attribute hides a visible child", `<div hidden><p style="visibility:visible">NO</p></div><p>x</p>`, "x\n"},
		{"aria-hidden hides a visible child", `<div aria-hidden="true"><p style="visibility:visible">NO</p></div><p>x</p>`, "x\n"},
		{"a hidden list shows its visible item", `<ul style="visibility:hidden"><li>NO<li style="visibility:visible">Kwai</li><li>NO</ul>`, "- Kwai\n"},
		{"a hidden heading shows its visible part", `<h2 style="visibility:hidden">NO <span style="visibility:visible">Sellers</span></h2><p>Text.</p>`, "## Sellers\n\nText.\n"},
		{"a hidden cell is empty", `<table><tr><td>a</td><td style="visibility:hidden">NO</td><td>c</td></tr></table>`, "| a | | c |\n"},
		{"invisible text is a gap", `<p>Pin<span style="visibility:hidden">NO</span>duoduo</p>`, "Pin duoduo\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := htmlText([]byte(tt.page)); got != tt.want {
				t.Errorf("htmlText(%q) =\n%q\nwant\n%q", tt.page, got, tt.want)
			}
			w := &htmlWriter{}
			w.readTokens([]byte(tt.page))
			if got := w.finish(); got != tt.want {
				t.Errorf("readTokens(%q) =\n%q\nwant the same as the tree\n%q", tt.page, got, tt.want)
			}
		})
	}
}

// utf16LE encodes s as UTF-16, little-endian, after a byte order mark.
func utf16LE(s string) string {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return string(b)
}

// A page is decoded by the charset it declares, as a browser does: a byte order mark, else a
// <meta charset> or <meta http-equiv="Content-Type"> in its first 1024 bytes, by the WHATWG names
// (ISO-8859-1 is windows-1252, GB2312 is GBK). A page that declares none is UTF-8. Its text, title
// and every position of it are then those of UTF-8 text.
func TestHTMLCharsets(t *testing.T) {
	ascii := "<!-- " + strings.Repeat("padding ", 130) + "-->" // past the 1024 bytes a declaration is looked for in
	tests := []struct{ name, page, text, title string }{
		{"windows-1252 by meta charset", "<meta charset=\"windows-1252\"><title>Caf\xe9</title><p>caf\xe9 \x805</p>", "café €5\n", "Café"},
		{"ISO-8859-1 by http-equiv is windows-1252", "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\"><p>\x93Quoted\x94 na\xefve</p>", "“Quoted” naïve\n", ""},
		{"GBK", "<meta charset=\"gbk\"><title>\xcc\xd4\xb1\xa6</title><p>\xcc\xd4\xb1\xa6\xca\xc7\xb0\xa2\xc0\xef\xb0\xcd\xb0\xcd\xb5\xc4\xcd\xf8\xc9\xcf\xca\xd0\xb3\xa1\xa1\xa3</p>", "淘宝是阿里巴巴的网上市场。\n", "淘宝"},
		{"GB2312 by http-equiv is GBK", "<meta http-equiv=content-type content='text/html;charset=gb2312'><p>\xc6\xb4\xb6\xe0\xb6\xe0</p>", "拼多多\n", ""},
		{"GB18030, four-byte sequences and U+FFFD itself", "<meta charset=\"GB18030\"><p>\xc6\xb4\xb6\xe0\xb6\xe0 \x95\x32\x82\x36 \x84\x31\xa4\x37</p>", "拼多多 𠀀 \uFFFD\n", ""},
		{"Shift_JIS", "<meta charset=\"Shift_JIS\"><p>\x8a\x79\x93\x56\x8e\x73\x8f\xea\x82\xcd\x93\xfa\x96\x7b\x82\xcc\x92\xca\x94\xcc\x83\x54\x83\x43\x83\x67\x82\xc5\x82\xb7\x81\x42</p>", "楽天市場は日本の通販サイトです。\n", ""},
		{"Big5", "<meta charset=big5><p>\xb2\x5e\xc4\x5f</p>", "淘寶\n", ""},
		{"EUC-KR", "<meta charset=euc-kr><p>\xc4\xed\xc6\xce</p>", "쿠팡\n", ""},
		{"UTF-16 by its byte order mark", utf16LE(`<meta charset="windows-1252"><title>拼多多</title><p>Pinduoduo 拼多多</p>`), "Pinduoduo 拼多多\n", "拼多多"},
		{"UTF-8 by its byte order mark, over a meta", "\ufeff<meta charset=\"gbk\"><p>拼多多</p>", "拼多多\n", ""},
		{"none declared: UTF-8, even past ASCII bytes", ascii + "<p>Pinduoduo 拼多多 café</p>", "Pinduoduo 拼多多 café\n", ""},
		{"an unknown charset is none", `<meta charset="x-klingon"><p>café</p>`, "café\n", ""},
		// A stale single-byte declaration over UTF-8 bytes: the page was written in UTF-8.
		{"UTF-8 bytes under a windows-1252 meta", `<meta charset="windows-1252"><title>Café | City</title><p>The café serves coffee for €1.50.</p>`, "The café serves coffee for €1.50.\n", "Café | City"},
		{"UTF-8 bytes under an ISO-8859-1 http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>naïve “quotes”</p>`, "naïve “quotes”\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := File("page.html", []byte(tt.page))
			if err != nil {
				t.Fatalf("File(%q) = %v", tt.page, err)
			}
			if r.Text != tt.text || tt.title != "" && r.Title != tt.title {
				t.Fatalf("File(%q) = %q titled %q, %v; want %q titled %q", tt.page, r.Text, r.Title, err, tt.text, tt.title)
			}
			for i, para := range strings.Split(r.Text, "\n\n") {
				if !utf8.ValidString(para) {
					t.Errorf("paragraph %d %q cuts the text's characters", i+1, para)
				}
			}
		})
	}
}

// A page whose bytes are not text in the charset it is read in is refused with an error naming the
// charset, whether it was declared, and the offset of the first bad byte in the file: nothing of it
// is read as U+FFFD without a word.
func TestHTMLCharsetErrors(t *testing.T) {
	ascii := "<!-- " + strings.Repeat("padding ", 130) + "-->"
	tests := []struct {
		name, page, bad, charset string
		declared                 bool
	}{
		{"declared UTF-8", `<meta charset="utf-8"><p>caf` + "\xe9" + `</p>`, "\xe9", "utf-8", true},
		{"none declared", `<p>caf` + "\xe9" + `</p>`, "\xe9", "utf-8", false},
		{"a declaration past the first 1024 bytes", ascii + `<meta charset="gbk"><p>` + "\xcc\xd4" + `</p>`, "\xcc", "utf-8", false},
		{"GBK", `<meta charset="gbk"><p>` + "\xcc\xd4\xff\xb1\xa6" + `</p>`, "\xff", "gbk", true},
		{"Shift_JIS", `<meta charset="shift_jis"><p>` + "\x8a\x79\x82 x" + `</p>`, "\x82", "shift_jis", true},
		{"a charset browsers refuse", `<meta charset="iso-2022-kr"><p>x</p>`, "", "replacement", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := File("page.html", []byte(tt.page))
			var ce *CharsetError
			if !errors.As(err, &ce) {
				t.Fatalf("File(%q) = %v, want a charset error", tt.page, err)
			}
			if want := strings.Index(tt.page, tt.bad); ce.Charset != tt.charset || ce.Declared != tt.declared || ce.Offset != want {
				t.Errorf("File(%q) = %+v, want charset %s, declared %v, offset %d", tt.page, *ce, tt.charset, tt.declared, want)
			}
		})
	}
}

func TestHTMLTitle(t *testing.T) {
	tests := []struct{ page, want string }{
		{"<title> A \n B </title><p>x</p>", "A B"},
		{"<svg><title>Icon</title></svg><p>x</p>", ""},
		{"<title>First</title><title>Second</title>", "First"},
		{"<p>No title</p>", ""},
		{"<title>caf\xe9</title>", "caf\uFFFD"},
	}
	for _, tt := range tests {
		if _, got := htmlText([]byte(tt.page)); got != tt.want {
			t.Errorf("htmlText(%q) title = %q, want %q", tt.page, got, tt.want)
		}
	}
}

// A page nested deeper than the parser allows (512 elements) is read token by token, and so is a
// page of more tags than a tree is built for: no recursion, no stack to exhaust, and the text at
// either end is there. 20 MiB of <div>s is a document at the default size cap.
func TestHTMLTextDeepNesting(t *testing.T) {
	for _, unit := range []string{"<div>", "<div><span>", "<ul><li>", "<table><tr><td>", "<b>", "<svg>"} {
		size := 1 << 20
		if unit == "<div>" && !testing.Short() {
			size = 20 << 20 // the default CITEBOT_MAX_FILE_BYTES
		}
		page := "<title>Deep</title><p>Top.</p><main>" + strings.Repeat(unit, size/len(unit)) + "Bottom."
		text, title := htmlText([]byte(page))
		want := "Top.\n\n"
		switch unit {
		case "<ul><li>": // indented as deep as the lists kept open go
			indent := len(strings.TrimPrefix(strings.TrimSuffix(text, "- Bottom.\n"), want))
			want += strings.Repeat(" ", max(indent, 2)) + "- Bottom.\n"
		case "<table><tr><td>":
			want += "| Bottom. |\n"
		case "<svg>":
			want = "Top.\n" // inside the svg
		default:
			want += "Bottom.\n"
		}
		if text != want || title != "Deep" {
			t.Errorf("%d bytes of %s: htmlText = %.200q…, title %q; want %q, \"Deep\"", len(page), unit, text, title, want)
		}
	}
	// Nested deep but within the parser's limit: read as a tree (the <main> is the content).
	page := "<p>Outside.</p><main>" + strings.Repeat("<div>", 500) + "<p>Inside.</p>" + strings.Repeat("</div>", 500) + "<ul><li>End.</li></ul></main>"
	if text, _ := htmlText([]byte(page)); text != "Inside.\n\n- End.\n" {
		t.Errorf("500 nested divs: htmlText = %q", text)
	}
	// Many paragraphs: more tags than a tree is built for.
	var b strings.Builder
	n := maxTreeTags/2 + 1
	for i := range n {
		fmt.Fprintf(&b, "<p>Paragraph %d<script>SCRIPT</script></p>\n", i)
	}
	text, _ := htmlText([]byte(b.String()))
	if got := strings.Count(text, "\n\n") + 1; got != n || strings.Contains(text, "SCRIPT") || !strings.HasSuffix(text, fmt.Sprintf("\n\nParagraph %d\n", n-1)) {
		t.Errorf("%d paragraphs read token by token: %d paragraphs, script left out: %v", n, got, !strings.Contains(text, "SCRIPT"))
	}
}

// checkHTMLText fails tb unless out, a text read, has the shape htmlText promises.
func checkHTMLText(tb testing.TB, page []byte, out string) {
	tb.Helper()
	if !utf8.ValidString(out) {
		tb.Fatalf("%q: text is not valid UTF-8: %q", page, out)
	}
	if out == "" {
		return
	}
	if !strings.HasSuffix(out, "\n") || strings.HasSuffix(out, "\n\n") || strings.HasPrefix(out, "\n") || strings.Contains(out, "\n\n\n") {
		tb.Fatalf("%q: text does not end with one newline or has more than one blank line between paragraphs: %q", page, out)
	}
	for line := range strings.SplitSeq(strings.TrimSuffix(out, "\n"), "\n") {
		if line != "" && text.BlankLine(line) {
			tb.Fatalf("%q: text has a line of only spaces %q: %q", page, line, out)
		}
	}
}

// checkLiteralLines fails tb unless every literal line starts a line of text, in order.
func checkLiteralLines(tb testing.TB, page []byte, text string, literal []int) {
	tb.Helper()
	for i, off := range literal {
		if off >= len(text) || off > 0 && text[off-1] != '\n' || i > 0 && off <= literal[i-1] {
			tb.Fatalf("%q: literal line %d at byte %d does not start a line of %q in order (%v)", page, i, off, text, literal)
		}
	}
}

func FuzzHTMLText(f *testing.F) {
	f.Add([]byte(realisticPage))
	f.Add([]byte("<pre>\n\n \u00a0\n```\n</pre><table><tr><td><pre>x</pre><table><tr><td>y</table></table>"))
	f.Add([]byte("<ul><li><ol><li><h1>a<br><br>b</h1><li>\xff\xfe<p hidden>c</ul><form><h1>d</h1></form>"))
	f.Add([]byte("<b><i><p>a</b>b</i><li><dt>c<dd>d<td>e<tr>f</p><svg/><script/>x</script>y"))
	f.Add([]byte(`<p style="display:none">a<p style='x:"/*'>b<div style="visibility: hidden !important; content: '\';'">c</div>`))
	f.Add([]byte(`<ol style="visibility:hidden"><li>a<li style="visibility:visible">b<pre>c</pre><td style="visibility:collapse">d<br><p style="visibility:inherit">e`))
	f.Fuzz(func(t *testing.T, page []byte) {
		p := readHTML(page)
		checkHTMLText(t, page, p.text)
		checkLiteralLines(t, page, p.text, p.literal)
		if !utf8.ValidString(p.title) {
			t.Fatalf("%q: title is not valid UTF-8: %q", page, p.title)
		}
		w := &htmlWriter{}
		w.readTokens(page)
		text := w.finish()
		checkHTMLText(t, page, text)
		checkLiteralLines(t, page, text, w.out.literal)
	})
}

// Every rule's text holds no text of the elements left out, and has the promised shape, read as a
// tree or token by token.
func TestHTMLTextLeavesOutWhatItSkips(t *testing.T) {
	page := []byte(realisticPage)
	text, _ := htmlText(page)
	w := &htmlWriter{}
	w.readTokens(page)
	for name, got := range map[string]string{"tree": text, "tokens": w.finish()} {
		checkHTMLText(t, page, got)
		for _, bad := range []string{"META-TEXT", "SCRIPT-TEXT", "STYLE-TEXT", "NAV-TEXT", "ALT-TEXT", "HIDDEN-TEXT", "ASIDE-TEXT", "FOOTER-TEXT", "not a paragraph"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s: text holds %s:\n%s", name, bad, got)
			}
		}
	}
}

package text

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Traditional characters fold to simplified ones, in place: the names users from Taiwan and Hong
// Kong type meet the simplified corpus, and every byte offset stays an offset into the original.
func TestSimplify(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"淘寶", "淘宝"},
		{"拼多多的營收", "拼多多的营收"},
		{"小紅書", "小红书"},
		{"雙十一", "双十一"},
		{"京東物流", "京东物流"},
		{"支付寶", "支付宝"},
		{"Taobao 淘寶 and 京東: 5,000 億元", "Taobao 淘宝 and 京东: 5,000 亿元"},
		{"拼多多的营收", "拼多多的营收"}, // simplified already
		{"What was Taobao's GMV?", "What was Taobao's GMV?"},
		{"乾隆", "乾隆"}, // 乾 is also simplified text (乾隆): the dictionary writes it, so it stays
		{"", ""},
	} {
		got := Simplify(tt.in)
		if got != tt.want {
			t.Errorf("Simplify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(got) != len(tt.in) {
			t.Errorf("Simplify(%q) has %d bytes, want %d (offsets must carry over)", tt.in, len(got), len(tt.in))
		}
	}
}

// The fold table as a whole: one character for one of the same length, never a character that
// folds on (so folding twice is folding once), and no word of the simplified dictionary changes.
func TestHanFoldTable(t *testing.T) {
	fold := hanFold()
	if len(fold) < 2500 {
		t.Fatalf("the fold table has %d characters, want the ~3,000 of OpenCC's TSCharacters", len(fold))
	}
	for from, to := range fold {
		if utf8.RuneLen(from) != utf8.RuneLen(to) {
			t.Errorf("%c → %c changes the byte length", from, to)
		}
		if _, again := fold[to]; again {
			t.Errorf("%c → %c folds on to %c: folding would not be idempotent", from, to, fold[to])
		}
	}
	changed := 0
	cedictLines().each(func(w string, _ []string) {
		if Simplify(w) != w {
			changed++
			if changed < 5 {
				t.Errorf("Simplify changes the dictionary's simplified word %s to %s", w, Simplify(w))
			}
		}
	})
}

// A traditional question and a traditional document are matched as simplified text: the catalog
// finds the platform (at the span of what was written), segmentation reads the simplified word, and
// the glossary glosses it.
func TestTraditionalMatching(t *testing.T) {
	c, err := NewCatalog([]Platform{{Name: "Taobao", Aliases: []string{"淘宝"}}, {Name: "Xiaohongshu", Aliases: []string{"小红书"}}})
	if err != nil {
		t.Fatal(err)
	}
	s := "淘寶和小紅書的營收"
	ms := c.Find(s)
	if len(ms) != 2 || ms[0].Platform != "Taobao" || s[ms[0].Start:ms[0].End] != "淘寶" || ms[1].Platform != "Xiaohongshu" {
		t.Errorf("Find(%s) = %+v, want Taobao at 淘寶 and Xiaohongshu", s, ms)
	}
	if p, ok := c.Lookup("小紅書"); !ok || p.Name != "Xiaohongshu" {
		t.Errorf("Lookup(小紅書) = %v, %v, want Xiaohongshu", p, ok)
	}
	l := NewCorpusLexicon(c, nil)
	var words []string
	for _, p := range l.Segment(s) {
		words = append(words, p.Word)
		if Simplify(s[p.Start:p.End]) != p.Word {
			t.Errorf("piece %q spans %q", p.Word, s[p.Start:p.End])
		}
	}
	if !slices.Contains(words, "营收") {
		t.Errorf("Segment(%s) words = %q, want 营收", s, words)
	}
	if gl := l.Glosses(s, Chinese); !hasTerm(gl, Stem(Words("revenue")[0], English)) {
		t.Errorf("Glosses(%s) = %q, want revenue's stem", s, gl)
	}
	// A document in traditional characters is analysed as its simplified twin; its spans are its own.
	trad := "京東物流的營收增長了。支付寶很受歡迎。"
	simp := Simplify(trad)
	spans := []Span{{Start: 0, End: len(trad)}}
	dt, ds := Analyze("t.txt", trad, spans, nil, l), Analyze("s.txt", simp, spans, nil, l)
	if len(dt.Sentences) != 2 || len(ds.Sentences) != 2 {
		t.Fatalf("Analyze: %d and %d sentences, want 2 and 2", len(dt.Sentences), len(ds.Sentences))
	}
	for i := range dt.Sentences {
		a, b := dt.Sentences[i], ds.Sentences[i]
		if !slices.Equal(a.Terms, b.Terms) || a.Start != b.Start || a.End != b.End {
			t.Errorf("sentence %d: traditional %q %v, simplified %q %v: want the same terms and span",
				i, trad[a.Start:a.End], a.Terms, simp[b.Start:b.End], b.Terms)
		}
		if !strings.Contains(trad[a.Start:a.End], "京東") && !strings.Contains(trad[a.Start:a.End], "支付寶") {
			t.Errorf("sentence %d spans %q, want the traditional text itself", i, trad[a.Start:a.End])
		}
	}
}

package answer

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
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
		{`(see S1)`, "", 0},
		{`[a, b]`, "", 0},
		{`[3rd]`, "", 0},
		{`[1.5]`, "", 0},
		{`[S]`, "", 0},
		{`[001.txt]`, "", 0},
	}
	for _, tt := range tests {
		m, st := scanMarkerAt(tt.text, 0, true)
		got := ""
		if st == scanYes {
			var parts []string
			for _, c := range m.Cites {
				p := fmt.Sprintf("%c%d", "SNF"[c.Kind], c.N)
				if c.Quote != "" {
					p += ":" + c.Quote
				}
				parts = append(parts, p)
			}
			got = strings.Join(parts, " ")
		}
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

// A marker read from a growing text asks for more until it is decided, and then decides as it
// would on the whole text.
func TestScanMarkerWaitsForMore(t *testing.T) {
	for _, text := range []string{`[S1: "a quote"] and more`, `[Source 12] x`, `[^3]: def`, `(S2) x`, `[[S1]](http://a.example) x`, `[1, 3] x`, `(see) x`, `[a] x`} {
		whole, wst := scanMarkerAt(text, 0, true)
		for n := 1; n < len(text); n++ {
			if !utf8.ValidString(text[:n]) {
				continue
			}
			m, st := scanMarkerAt(text[:n], 0, false)
			if st == scanMore {
				continue
			}
			if st != wst || st == scanYes && m.End != whole.End {
				t.Errorf("scanMarkerAt(%q) on %d bytes = %v (end %d), on the whole text %v (end %d)", text, n, st, m.End, wst, whole.End)
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
	}
	for _, tt := range tests {
		defs, ok := readDefinition(tt.line, tt.inBlock)
		got := ""
		if ok {
			d := defs[0]
			got = fmt.Sprintf("%s%d:%d:%s", map[bool]string{true: "F", false: "N"}[d.Footnote], d.N, d.Source, d.Quote)
		}
		if got != tt.want {
			t.Errorf("readDefinition(%q, %v) = %q, want %q", tt.line, tt.inBlock, got, tt.want)
		}
	}
}

// FuzzScanMarker: reading a marker never panics, stays within the text, and a marker found in a
// prefix of a text with more to come is the marker found in the whole text.
func FuzzScanMarker(f *testing.F) {
	for _, s := range []string{`[S1: "q"]`, `【S２：「引」】x`, `[^1]: S2, "q"`, `[[S1]](http://a)`, `(Source 3; S4)`, `[1 and 2]`, `[S1: "a", S2 "b"]`} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, text string, cut int) {
		if !utf8.ValidString(text) || text == "" {
			return
		}
		m, st := scanMarkerAt(text, 0, true)
		if st == scanMore {
			t.Fatalf("scanMarkerAt(%q, final) asks for more", text)
		}
		if st == scanYes && (m.Start != 0 || m.End > len(text) || m.End <= m.Start || len(m.Cites) == 0) {
			t.Fatalf("scanMarkerAt(%q) = %+v", text, m)
		}
		if cut <= 0 || cut >= len(text) || !utf8.RuneStart(text[cut]) {
			return
		}
		pm, pst := scanMarkerAt(text[:cut], 0, false)
		if pst == scanNo && st != scanNo {
			t.Fatalf("on %q a prefix of %d bytes is no marker, the whole text is", text, cut)
		}
		if pst == scanYes && (st != scanYes || pm.End != m.End) {
			t.Fatalf("on %q a prefix of %d bytes reads a marker ending at %d; the whole text: %v ending at %d", text, cut, pm.End, st, m.End)
		}
	})
}

package text

import (
	"slices"
	"testing"
)

func TestPinyin(t *testing.T) {
	for _, tt := range []struct {
		word string
		want []string
	}{
		{"李想", []string{"lixiang"}},
		{"亦庄", []string{"yizhuang"}},
		{"神行", []string{"shenxing"}}, // 行 is xing here, its usual reading; hang is another
		{"张勇", []string{"zhangyong"}},
		{"張勇", []string{"zhangyong"}}, // traditional
		{"王晓雯", []string{"wangxiaowen"}},
		{"曾毓群", []string{"cengyuqun", "zengyuqun"}}, // a surname's own reading
		{"单", []string{"dan", "chan", "shan"}},
		{"𠀀𠀁", nil}, // not common characters
		{"", nil},
	} {
		if got := Pinyin(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("Pinyin(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestPinyinSyllables(t *testing.T) {
	for w, want := range map[string]int{"xiaowen": 2, "yizhuang": 2, "shenxing": 2, "li": 1, "zhangyong": 2,
		"xian": 1, "auto": 0, "growth": 0, "battery": 0, "ng": 0, "": 0} {
		if got := pinyinSyllables(w); got != want {
			t.Errorf("pinyinSyllables(%q) = %d, want %d", w, got, want)
		}
	}
}

// The longest name in pinyin at each word, and a keep that refuses the longest: the shorter one.
func TestPinyinNameAt(t *testing.T) {
	all := func(string, []Word) bool { return true }
	for _, tt := range []struct {
		s    string
		want []string
	}{
		{"Li Xiang admitted in an internal letter", []string{"lixiang"}},
		{"Zhang Yong made Taobao succeed", []string{"zhangyong"}},
		{"the curator Wang Xiao-wen said", []string{"wangxiaowen", "xiaowen"}}, // the hyphenated given name alone too
		{"Ouyang Xiaowen", []string{"ouyangxiaowen"}},
		{"CATL's Shenxing battery", nil}, // one word: its own term already
		{"li xiang, in lower case", nil}, // names are capitalised
		{"said Li. Xiang then", nil},     // not one name across a full stop
		{"Ideal Car founder Li Xiang", []string{"lixiang"}},
		{"Ma Yun Zhang Yong", []string{"mayunzhangyong", "yunzhangyong", "zhangyong"}},
	} {
		ws := Words(tt.s)
		var got []string
		for i := range ws {
			if key, n := PinyinNameAt(tt.s, ws, i, all); n > 0 {
				got = append(got, key)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("PinyinNameAt over %q = %q, want %q", tt.s, got, tt.want)
		}
	}
	s := "Ma Yun Zhang Yong"
	if key, n := PinyinNameAt(s, Words(s), 0, func(k string, _ []Word) bool { return k != "mayunzhangyong" }); key != "mayunzhang" || n != 3 {
		t.Errorf("PinyinNameAt(%q) refusing the longest = %q, %d, want mayunzhang, 3", s, key, n)
	}
}

// A name meets itself across scripts: one gloss of a Chinese word the dictionary does not know is
// made of the terms Latin text writing the name in pinyin has, whether as one word ("Shenxing") or
// as a surname and a given name ("Li Xiang", "Wang Xiaowen").
func TestPinyinGlosses(t *testing.T) {
	l := NewCorpusLexicon(nil, nil)
	for _, tt := range []struct{ zh, word, latin string }{
		{"李想为什么认为增程式更好？", "李想", "Li Xiang admitted it in an internal letter."},
		{"王晓雯负责无障碍服务。", "王晓雯", "Who is Wang Xiaowen?"},
		{"宁德时代的神行电池", "神行", "La apuesta de CATL es la Shenxing."},
		{"工厂在亦庄。", "亦庄", "its own factory in Beijing's Yizhuang district"},
		{"張勇是誰", "張勇", "Zhang Yong took over"},
	} {
		var piece *HanPiece
		for _, p := range l.Segment(tt.zh) {
			if tt.zh[p.Start:p.End] == tt.word {
				piece = &p
			}
		}
		if piece == nil || piece.Known {
			t.Errorf("Segment(%s) has no unknown piece %s", tt.zh, tt.word)
			continue
		}
		gl := l.PieceGloss(*piece)
		lang := DetectLanguage(tt.latin)
		terms := l.Terms(tt.latin, lang)
		if !slices.ContainsFunc(gl, func(g []string) bool {
			return !slices.ContainsFunc(g, func(t string) bool { return !hasTerm(terms, t) })
		}) {
			t.Errorf("PieceGloss(%s) = %q: none is all in the terms %q of %q", tt.word, gl, terms, tt.latin)
		}
		if all := l.Glosses(tt.zh, Chinese); !hasTerm(all, gl[0][0]) {
			t.Errorf("Glosses(%s) = %q, want %q", tt.zh, all, gl[0][0])
		}
	}
	// A word the dictionary glosses is not glossed by its pinyin: 理想 is "ideal", not Li Xiang.
	if gl := l.Glosses("理想的汽车", Chinese); hasTerm(gl, PinyinTerm("lixiang")) || hasTerm(gl, "xiang") {
		t.Errorf("Glosses(理想的汽车) = %q, want no pinyin of the known word 理想", gl)
	}
}

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

func TestPinyinNames(t *testing.T) {
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
		{"Ma Yun Zhang Yong", []string{"mayun", "mayunzhang", "mayunzhangyong", "yunzhang", "yunzhangyong", "zhangyong"}},
	} {
		if got := PinyinNames(tt.s); !slices.Equal(got, tt.want) {
			t.Errorf("PinyinNames(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// A name meets itself across scripts through the glosses: the pinyin of a Chinese word the
// dictionary does not know, and the joined pinyin of a Latin name, are one term.
func TestPinyinGlosses(t *testing.T) {
	c, err := NewCatalog([]Platform{{Name: "Taobao", Aliases: []string{"淘宝"}}, {Name: "Douyin"}})
	if err != nil {
		t.Fatal(err)
	}
	l := NewCorpusLexicon(c, nil)
	for _, tt := range []struct{ zh, latin, name string }{
		{"李想为什么认为增程式更好？", "Li Xiang admitted it in an internal letter.", "lixiang"},
		{"王晓雯负责无障碍服务。", "Who is Wang Xiaowen?", "wangxiaowen"},
		{"宁德时代的神行电池", "La apuesta de CATL es la Shenxing.", "shenxing"},
		{"工厂在亦庄。", "its own factory in Beijing's Yizhuang district", "yizhuang"},
	} {
		term := PinyinTerm(tt.name)
		if gl := l.Glosses(tt.zh, Chinese); !hasTerm(gl, term) {
			t.Errorf("Glosses(%s) = %q, want %q", tt.zh, gl, term)
		}
		lang := DetectLanguage(tt.latin)
		if terms := append(l.Terms(tt.latin, lang), l.Glosses(tt.latin, lang)...); !hasTerm(terms, term) {
			t.Errorf("Terms and Glosses of %q = %q, want %q", tt.latin, terms, term)
		}
	}
	// A word the dictionary glosses is not glossed by its pinyin: 理想 is "ideal", not Li Xiang.
	if gl := l.Glosses("理想的汽车", Chinese); hasTerm(gl, PinyinTerm("lixiang")) {
		t.Errorf("Glosses(理想的汽车) = %q, want no pinyin of the known word 理想", gl)
	}
	// Platform names are the catalog's, not a name in pinyin.
	if gl := l.Glosses("Taobao Douyin and Zhang Yong", English); hasTerm(gl, PinyinTerm("taobaodouyin")) || !hasTerm(gl, PinyinTerm("zhangyong")) {
		t.Errorf("Glosses(Taobao Douyin and Zhang Yong) = %q, want zhangyong and no taobaodouyin", gl)
	}
}

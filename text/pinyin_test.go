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
		{"the curator Wang Xiao-wen said", []string{"wangxiaowen"}}, // "Xiao-wen" is one word: its own term already
		{"Lǐ Xiǎng and Wang Xiao-Wen", []string{"lixiang", "wangxiaowen"}},
		{"Wang-Xiaowen", nil}, // not a name's spelling: a hyphen joins syllables, not surname and given name
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
	for _, tt := range []struct {
		s, only string // only: the one key keep accepts
		want    string
		n       int
	}{
		{"Ma Yun Zhang Yong", "mayunzhang", "mayunzhang", 3}, // a shorter name when keep refuses the longer
		// Given name first, as English often writes a Chinese name: the surname is the last word.
		{"Xiaowen Wang said", "wangxiaowen", "wangxiaowen", 2},
		{"Xiao-wen Wang said", "wangxiaowen", "wangxiaowen", 2},
		{"Xiaowen Ouyang said", "ouyangxiaowen", "ouyangxiaowen", 2},
		{"Wang Xiaowen said", "wangxiaowen", "wangxiaowen", 2},
		{"Wang Xiaowen said", "xiaowenwang", "xiaowenwang", 2}, // either order: keep decides
		{"Xiaowen Wang said", "wangxiao", "", 0},
	} {
		key, n := PinyinNameAt(tt.s, Words(tt.s), 0, func(k string, _ []Word) bool { return k == tt.only })
		if key != tt.want || n != tt.n {
			t.Errorf("PinyinNameAt(%q) keeping only %q = %q, %d, want %q, %d", tt.s, tt.only, key, n, tt.want, tt.n)
		}
	}
}

// A word in pinyin is read as its plain syllables, however it is written: with tone marks, with
// a hyphen between the syllables of a given name, with an apostrophe dividing syllables. Words of
// English and Spanish written alike are left as they were.
func TestWordsInPinyin(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want []string // each word's Lower
	}{
		{"Lǐ Xiǎng", []string{"li", "xiang"}},
		{"Wáng Xiǎowén", []string{"wáng", "xiaowen"}},     // acute alone: Spanish's accent too
		{"Li\u030c Xia\u030cng", []string{"li", "xiang"}}, // combining carons
		{"Zhào Lìyǐng", []string{"zhao", "liying"}},       // grave accents (fourth tone)
		{"Li Xiao-wen", []string{"li", "xiaowen"}},        // hyphenated given name
		{"Xiao-Wen Li", []string{"xiaowen", "li"}},
		{"Xiǎo-Wén's", []string{"xiaowen"}},                  // a possessive after it
		{"Xi'an and Xi’an", []string{"xian", "and", "xian"}}, // an apostrophe dividing syllables
		{"Xi'an's walls", []string{"xian", "walls"}},
		{"Tian'anmen", []string{"tiananmen"}},
		// Not pinyin, as before.
		{"don't, isn't, ma'am, Li's, O'Neil", []string{"don", "isn", "ma", "li", "o"}},
		{"Rubén, Marítima, así", []string{"rubén", "marítima", "así"}},
		{"E-commerce, well-being, Well-being", []string{"e", "commerce", "well", "being", "well", "being"}},
		{"xiao-wen", []string{"xiao", "wen"}},   // not capitalised: no name
		{"Ana-Maria", []string{"ana", "maria"}}, // five syllables: more than a name has
		{"T-mall", []string{"t", "mall"}},
		{"2019-2020", []string{"2019", "2020"}},
	} {
		var got []string
		for _, w := range Words(tt.s) {
			got = append(got, w.Lower)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	// Folded, looked up for function words and pinyin, loses every accent, the acute too.
	if ws := Words("Wáng Xiǎowén"); ws[0].Folded != "wang" || ws[1].Folded != "xiaowen" {
		t.Errorf("Words(Wáng Xiǎowén) folded = %q, %q, want wang, xiaowen", ws[0].Folded, ws[1].Folded)
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
		// However the Latin text writes the pinyin: tone marks, a hyphenated given name, given
		// name first, an apostrophe between syllables.
		{"李想为什么认为增程式更好？", "李想", "Lǐ Xiǎng admitted it."},
		{"李晓雯负责电池实验室。", "李晓雯", "Li Xiao-wen heads the battery lab."},
		{"李晓雯负责电池实验室。", "李晓雯", "Xiao-Wen Li heads the battery lab."},
		{"王晓雯负责无障碍服务。", "王晓雯", "Xiaowen Wang is in charge of access."},
		{"张嘉安是馆长。", "张嘉安", "The curator is Zhang Jia'an."},
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
	// A compound surname is a word of the dictionary, glossed as other languages write it, and the
	// given name after it by its pinyin: 欧阳晓雯 meets "Ouyang Xiaowen" and "Xiaowen Ouyang".
	if gl := l.Glosses("欧阳晓雯负责无障碍服务。", Chinese); !hasTerm(gl, "ouyang") || !hasTerm(gl, "xiaowen") {
		t.Errorf("Glosses(欧阳晓雯…) = %q, want ouyang and xiaowen", gl)
	}
	// A word the dictionary glosses in pinyin meets the pinyin however it is written: 西安 is
	// "Xi'an", "Xi’an" and "Xian".
	for _, latin := range []string{"Xi'an", "Xi’an", "Xian", "Xī'ān"} {
		if gl, terms := l.ChineseGloss("西安"), l.Terms(latin, English); len(gl) == 0 || !slices.ContainsFunc(gl, func(g []string) bool {
			return !slices.ContainsFunc(g, func(t string) bool { return !hasTerm(terms, t) })
		}) {
			t.Errorf("ChineseGloss(西安) = %q: none is all in the terms %q of %q", gl, terms, latin)
		}
	}
	// A word the dictionary glosses is not glossed by its pinyin: 理想 is "ideal", not Li Xiang.
	if gl := l.Glosses("理想的汽车", Chinese); hasTerm(gl, PinyinTerm("lixiang")) || hasTerm(gl, "xiang") {
		t.Errorf("Glosses(理想的汽车) = %q, want no pinyin of the known word 理想", gl)
	}
}

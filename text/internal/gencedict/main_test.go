package main

import (
	"slices"
	"testing"
)

// Each rule of the package comment, on synthetic entries.
func TestFilter(t *testing.T) {
	entries := []Entry{
		{Simplified: "店", Pinyin: "dian4", English: []string{"shop"}},                  // one character
		{Simplified: "店长", Pinyin: "dian4 zhang3", English: []string{"store manager"}}, // kept as is
		{Simplified: "分配", Pinyin: "fen1 pei4", English: []string{"to distribute", "to assign; to allocate", "to partition (a hard drive)", "fourth sense"}},
		{Simplified: "电商", Pinyin: "dian4 shang1", English: []string{"e-commerce (abbr. for 電子商務|电子商务[dian4 zi3 shang1 wu4])"}},
		{Simplified: "经理", Pinyin: "jing1 li3", English: []string{"manager", "CL:個|个[ge4],位[wei4]"}},
		{Simplified: "体现", Pinyin: "ti3 xian4", English: []string{"variant of 體現|体现", "see 表現|表现[biao3 xian4]"}}, // only references
		{Simplified: "张伟", Pinyin: "Zhang1 Wei3", English: []string{"surname Zhang"}},
		{Simplified: "欧阳", Pinyin: "Ou1 yang2", English: []string{"two-character surname Ouyang"}}, // a compound surname: its name
		{Simplified: "司马", Pinyin: "si1 ma3", English: []string{"Minister of War", "two-character surname Sima"}},
		{Simplified: "复姓", Pinyin: "fu4 xing4", English: []string{"two-character surname"}}, // what the word means
		{Simplified: "北京", Pinyin: "Bei3 jing1", English: []string{"Beijing, capital of the People's Republic of China"}},
		{Simplified: "一帆风顺", Pinyin: "yi1 fan1 feng1 shun4", English: []string{"propitious wind throughout the journey", "plain sailing"}},
		{Simplified: "中华人民共和国", Pinyin: "Zhong1 hua2 Ren2 min2 Gong4 he2 guo2", English: []string{"People's Republic of China"}}, // 7 characters
		{Simplified: "3C", Pinyin: "san1 C", English: []string{"computers"}},                                                     // not Han
		{Simplified: "行长", Pinyin: "hang2 zhang3", English: []string{"bank president"}},                                          // two entries, one headword
		{Simplified: "行长", Pinyin: "xing2 zhang3", English: []string{"line length"}},
		{Simplified: "下载", Pinyin: "xia4 zai3", English: []string{"to download", "also pr. [xia4 zai4]"}},
		{Simplified: "多义", Pinyin: "duo1 yi4", English: []string{"a; b; c", "d; e"}}, // at most 4 glosses
		{Simplified: "四义", Pinyin: "si4 yi4", English: []string{"w", "x", "y", "z"}}, // the first 3 senses
		{Simplified: "长解", Pinyin: "chang2 jie3", English: []string{"a gloss of five words", "short one"}},
	}
	got := map[string][]string{}
	var order []string
	for _, l := range Filter(entries) {
		got[l.Word] = l.Glosses
		order = append(order, l.Word)
	}
	want := map[string][]string{
		"店长":   {"store manager"},
		"分配":   {"distribute", "assign", "allocate", "partition"},
		"电商":   {"e-commerce"},
		"经理":   {"manager"},
		"北京":   {"Beijing"},
		"欧阳":   {"Ouyang"},
		"司马":   {"Minister of War", "Sima"},
		"复姓":   {"two-character surname"},
		"一帆风顺": {"plain sailing"},
		"行长":   {"bank president", "line length"},
		"下载":   {"download"},
		"多义":   {"a", "b", "c", "d"},
		"四义":   {"w", "x", "y"},
		"长解":   {"short one"},
	}
	for w, g := range want {
		if !slices.Equal(got[w], g) {
			t.Errorf("%s: glosses %q, want %q", w, got[w], g)
		}
	}
	for w := range got {
		if want[w] == nil {
			t.Errorf("%s kept (%q), want it dropped", w, got[w])
		}
	}
	if !slices.IsSorted(order) {
		t.Errorf("headwords not sorted: %q", order)
	}
}

// FilterChars keeps single characters' common senses: no names, classifiers or references, and
// no word of two characters.
func TestFilterChars(t *testing.T) {
	entries := []Entry{
		{Simplified: "店", Pinyin: "dian4", English: []string{"inn", "shop", "store", "CL:家[jia1],個|个[ge4]"}},
		{Simplified: "石", Pinyin: "Shi2", English: []string{"surname Shi"}},
		{Simplified: "石", Pinyin: "shi2", English: []string{"rock; stone", "stone inscription"}},
		{Simplified: "本", Pinyin: "ben3", English: []string{"classifier for books", "(bound form) root; stem"}},
		{Simplified: "店长", Pinyin: "dian4 zhang3", English: []string{"store manager"}},
		{Simplified: "丂", Pinyin: "kao3", English: []string{"variant of 考[kao3]"}},
	}
	got := FilterChars(entries)
	want := []Line{{Word: "店", Glosses: []string{"inn", "shop", "store"}}, {Word: "本", Glosses: []string{"root", "stem"}}, {Word: "石", Glosses: []string{"rock", "stone", "stone inscription"}}}
	if len(got) != len(want) {
		t.Fatalf("FilterChars = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Word != want[i].Word || !slices.Equal(got[i].Glosses, want[i].Glosses) {
			t.Errorf("line %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

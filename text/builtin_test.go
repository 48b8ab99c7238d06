package text

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// The dictionary parses and is broad: words the hand-written glossary lacks are glossed.
func TestDictionary(t *testing.T) {
	_, zh := Dictionary().Len()
	if zh < 50000 {
		t.Fatalf("the dictionary has %d Chinese entries, want the bulk of CC-CEDICT's", zh)
	}
	if got := Dictionary().Chinese("店长"); !slices.Contains(got, "store manager") {
		t.Errorf("Dictionary().Chinese(店长) = %q, want store manager", got)
	}
	if err := checkDictionary(cedictTSV); err != nil {
		t.Errorf("the embedded dictionary: %v", err)
	}
	for _, bad := range []string{"店长\tstore manager\nshop\tstore\n", "店长\t | \n", "店长\tstore manager\n上班\tgo to work\n", "店长\ta\n店长\tb\n"} {
		if err := checkDictionary(bad); err == nil {
			t.Errorf("checkDictionary(%q) accepted it: want a Chinese word, a tab and a gloss a line, sorted, each once", bad)
		}
	}
	sg := newSortedGlosses("上班\tgo to work\n店长\tstore manager | shop manager\n") // sorted bytewise
	_, short := sg.find("店")
	_, first := sg.find("上班")
	if got, ok := sg.find("店长"); got != "store manager | shop manager" || !ok || short || !first {
		t.Errorf("find(店长) = %q, %v; find(店) %v, find(上班) %v: want the glosses, then false and true", got, ok, short, first)
	}
	longest := 0
	cedictLines().each(func(w string, _ []string) { longest = max(longest, utf8.RuneCountInString(w)) })
	if longest != dictMaxRunes {
		t.Errorf("the dictionary's longest word has %d characters, dictMaxRunes is %d", longest, dictMaxRunes)
	}
}

func hasTerm(terms []string, want string) bool { return slices.Contains(terms, want) }

// A corpus lexicon knows the dictionary's words: 店长 is one word of the segmentation, glossed as
// "store manager", so a Chinese question meets an English sentence about a manager.
func TestCorpusLexiconDictionary(t *testing.T) {
	l := NewCorpusLexicon(nil, nil)
	s := "火车站店的店长是谁"
	var pieces []string
	for _, p := range l.Segment(s) {
		pieces = append(pieces, s[p.Start:p.End])
		if s[p.Start:p.End] == "店长" && !p.Known {
			t.Errorf("店长 is a piece but not a known word")
		}
	}
	if !slices.Contains(pieces, "店长") {
		t.Errorf("Segment(%s) = %q, want 店长 as one piece", s, pieces)
	}
	if gl := l.Glosses(s, Chinese); !hasTerm(gl, Stem(Words("manager")[0], English)) {
		t.Errorf("Glosses(%s) = %q, want the stem of manager", s, gl)
	}
	// Without the built-in layer (NewLexicon alone) it is unknown: the test above is the layer's
	// doing. (Unknown, its characters are glossed by their pinyin only.)
	if gl := NewLexicon(nil, nil).Glosses(s, Chinese); hasTerm(gl, Stem(Words("manager")[0], English)) {
		t.Errorf("NewLexicon(nil, nil) glosses %s as %q, want no English gloss", s, gl)
	}
}

// The layers: a corpus's glossary over the hand-written general glossary over the dictionary.
func TestCorpusLexiconLayers(t *testing.T) {
	// 卸载 is "unload cargo | uninstall" in CC-CEDICT and "uninstall" in the general glossary.
	if d := Dictionary().Chinese("卸载"); !slices.Contains(d, "unload cargo") {
		t.Fatalf("the dictionary's 卸载 is %q; pick another word both glossaries have", d)
	}
	l := NewCorpusLexicon(nil, nil)
	if got := l.Glossary().Chinese("卸载"); !slices.Equal(got, LanguageGlossary().Chinese("卸载")) {
		t.Errorf("卸载 glossed %q, want the general glossary's %q over the dictionary's", got, LanguageGlossary().Chinese("卸载"))
	}
	if got := l.ChineseGloss("卸载"); slices.ContainsFunc(got, func(g []string) bool { return slices.Contains(g, "cargo") }) {
		t.Errorf("ChineseGloss(卸载) = %q: the dictionary's gloss came through", got)
	}
	own, err := ParseGlossary([]byte(`{"zh": {"店长": "boss", "扫码点餐": "QR ordering"}, "es": {"jefe de tienda": "store manager"}}`))
	if err != nil {
		t.Fatal(err)
	}
	c := NewCorpusLexicon(nil, own)
	if got := c.ChineseGloss("店长"); !slices.EqualFunc(got, [][]string{{"boss"}}, slices.Equal) {
		t.Errorf("corpus ChineseGloss(店长) = %q, want the corpus's [[boss]]", got)
	}
	if got := c.ChineseGloss("下载"); len(got) == 0 {
		t.Error("the corpus lexicon lost the general glossary (下载)")
	}
	if got := c.ChineseGloss("比例"); len(got) == 0 {
		t.Error("the corpus lexicon lost the dictionary (比例)")
	}
	if ps := c.Segment("扫码点餐"); len(ps) != 1 || !ps[0].Known {
		t.Errorf("Segment(扫码点餐) = %+v, want the corpus's word, known", ps)
	}
	if gl, n := c.SpanishGloss(Words("el jefe de tienda"), 1); n != 3 || len(gl) == 0 {
		t.Errorf("SpanishGloss(jefe de tienda) = %q, %d, want the corpus's phrase", gl, n)
	}
	got, digest := c.Own()
	if got != own || digest != BuiltinDigest() || len(digest) != 64 {
		t.Errorf("Own() = %p, %q, want the corpus's glossary and the built-in digest", got, digest)
	}
	if g, d := NewLexicon(nil, own).Own(); g != own || d != "" {
		t.Errorf("NewLexicon(nil, own).Own() = %p, %q, want own and no digest", g, d)
	}
	// The built-in layer is built once and shared, not per corpus.
	if c.under() != l.under() || c.under() == nil {
		t.Error("two corpus lexicons do not share the built-in layer")
	}
}

// A layered glossary counts and writes each word once, with the topmost layer's glosses.
func TestGlossaryLayers(t *testing.T) {
	top, _ := ParseGlossary([]byte(`{"es": {"tienda": "shop"}, "zh": {"店长": "boss"}}`))
	base, _ := ParseGlossary([]byte(`{"es": {"tienda": "store", "caja": "till"}, "zh": {"店长": "store manager", "比例": "ratio"}}`))
	under, _ := ParseGlossary([]byte(`{"zh": {"比例": "proportion", "分配": "allocate"}}`))
	g := top.Over(base).Over(under)
	if es, zh := g.Len(); es != 2 || zh != 3 {
		t.Errorf("Len() = %d, %d, want 2, 3", es, zh)
	}
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"es":{"caja":"till","tienda":"shop"},"zh":{"分配":"allocate","店长":"boss","比例":"ratio"}}`
	if string(b) != want {
		t.Errorf("MarshalJSON = %s, want %s", b, want)
	}
	if got := g.Chinese("分配"); !slices.Equal(got, []string{"allocate"}) {
		t.Errorf("Chinese(分配) = %q, want the bottom layer's", got)
	}
	if strings.Contains(string(b), "proportion") {
		t.Error("a shadowed gloss was written")
	}
}

// A platform name is the catalog's to match: the dictionary does not gloss it (its 阿里巴巴 is also
// "Ali Baba", a character of the Arabian Nights), while a corpus glossary still may.
func TestCorpusLexiconPlatformNames(t *testing.T) {
	c, err := NewCatalog([]Platform{{Name: "Alibaba", Aliases: []string{"阿里巴巴"}}})
	if err != nil {
		t.Fatal(err)
	}
	if d := Dictionary().Chinese("阿里巴巴"); !slices.Contains(d, "Ali Baba") {
		t.Fatalf("the dictionary's 阿里巴巴 is %q; pick another name", d)
	}
	if got := NewCorpusLexicon(c, nil).ChineseGloss("阿里巴巴"); len(got) != 0 {
		t.Errorf("ChineseGloss(阿里巴巴) = %q with 阿里巴巴 in the catalog, want none", got)
	}
	if got := NewCorpusLexicon(nil, nil).ChineseGloss("阿里巴巴"); len(got) == 0 {
		t.Error("without a catalog, 阿里巴巴 lost the dictionary's gloss")
	}
	own, _ := ParseGlossary([]byte(`{"zh": {"阿里巴巴": "Alibaba Group"}}`))
	if got := NewCorpusLexicon(c, own).ChineseGloss("阿里巴巴"); len(got) != 1 {
		t.Errorf("ChineseGloss(阿里巴巴) = %q, want the corpus glossary's", got)
	}
}

// TestBuiltinDigestPinned fails when the built-in layer's data (the general glossary, the
// dictionary, the script tables) changes until builtinDigestPinned is set to its new digest, so
// that an index built with the old data is rebuilt.
func TestBuiltinDigestPinned(t *testing.T) {
	if got := builtinDigest(); got != BuiltinDigest() {
		t.Errorf("the built-in data changed: set builtinDigestPinned in builtin.go to %q", got)
	}
}

// TestCorpusLexiconBuildsTheBuiltinLayerOnFirstUse reads an English question with a corpus's
// lexicon, as a search does: the built-in layer (the general glossary parsed, ~20 ms of a
// process's start) is not built; the first Chinese or Spanish text builds it, once. Every answer
// is the one of a lexicon whose layer was built up front.
func TestCorpusLexiconBuildsTheBuiltinLayerOnFirstUse(t *testing.T) {
	c, g := seedData(t)
	var built atomic.Int32
	l := newCorpusLexicon(c, g, func() *Lexicon { built.Add(1); return builtinOnce() })
	eager := NewCorpusLexicon(c, g)
	eager.Glossary() // its layers worked out up front
	same := func(s, lang string) {
		t.Helper()
		if got, want := l.Terms(s, lang), eager.Terms(s, lang); !slices.Equal(got, want) {
			t.Errorf("Terms(%s) = %q, want %q", s, got, want)
		}
		if got, want := l.Glosses(s, lang), eager.Glosses(s, lang); !slices.Equal(got, want) {
			t.Errorf("Glosses(%s) = %q, want %q", s, got, want)
		}
	}
	same("What is Pinduoduo's business model?", English)
	if _, digest := l.Own(); built.Load() != 0 || digest != BuiltinDigest() {
		t.Errorf("an English question built the built-in layer %d times (digest %q), want none", built.Load(), digest)
	}
	same("拼多多的商业模式是什么？", Chinese)
	same("¿Cuál es el modelo de negocio de Pinduoduo?", Spanish)
	same("淘寶的店長是誰", Chinese)
	if built.Load() != 1 {
		t.Errorf("Chinese and Spanish questions built the built-in layer %d times, want once", built.Load())
	}
	if got, want := l.Synonyms("quick"), synonymIndex()["quick"]; len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("Synonyms(quick) = %q, want %q", got, want)
	}
}

// TestPreload looks a Chinese word up in a new process, where nothing has built the built-in
// layer yet: after Preload the lookup allocates little (the script tables' cache, ~90 KB), where
// without it the lookup parses the general glossary (megabytes allocated). The test runs itself again in a child
// process for each, the built-in layer being built once per process.
func TestPreload(t *testing.T) {
	if mode := os.Getenv("CITEBOT_TEST_PRELOAD"); mode != "" {
		if mode == "preload" {
			Preload()
		}
		l := NewCorpusLexicon(nil, nil)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if gl := l.Glosses("下载", Chinese); len(gl) == 0 {
			t.Fatal("下载 has no gloss")
		}
		runtime.ReadMemStats(&after)
		fmt.Printf("allocated %d bytes\n", after.TotalAlloc-before.TotalAlloc)
		return
	}
	allocated := func(mode string) uint64 {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run", "^TestPreload$", "-test.count", "1", "-test.v")
		cmd.Env = append(os.Environ(), "CITEBOT_TEST_PRELOAD="+mode)
		out, err := cmd.CombinedOutput()
		var n uint64
		if i := bytes.Index(out, []byte("allocated ")); err != nil || i < 0 {
			t.Fatalf("the child process (%s): %v\n%s", mode, err, out)
		} else if _, err := fmt.Sscanf(string(out[i:]), "allocated %d bytes", &n); err != nil {
			t.Fatalf("the child process (%s): %v\n%s", mode, err, out)
		}
		return n
	}
	cold, warm := allocated("cold"), allocated("preload")
	if cold < 1<<20 || warm > cold/20 {
		t.Errorf("the first Chinese lookup allocated %d bytes without Preload and %d after it; want megabytes, then a twentieth at most", cold, warm)
	}
}

// A character the segmenter leaves alone is glossed from hanchars.tsv (never one of the
// segmenter's words), and a function character is told from a word of content.
func TestCharGloss(t *testing.T) {
	if err := checkDictionary(hanCharsTSV); err != nil {
		t.Errorf("the embedded character glosses: %v", err)
	}
	lex := NewLexicon(nil, nil)
	if got := lex.CharGloss("热"); !slices.ContainsFunc(got, func(g []string) bool { return slices.Equal(g, []string{"hot"}) }) {
		t.Errorf("CharGloss(热) = %q, want hot among them", got)
	}
	if got := lex.CharGloss("岭"); len(got) == 0 {
		t.Errorf("CharGloss(岭) = %q, want a mountain ridge", got)
	}
	for _, w := range []string{"热石", "a", ""} {
		if got := lex.CharGloss(w); got != nil {
			t.Errorf("CharGloss(%q) = %q, want nil: not one Han character", w, got)
		}
	}
	if ps := lex.Segment("岭"); len(ps) != 1 || ps[0].Known {
		t.Errorf("Segment(岭) = %+v: a glossed character is still no word of the segmenter's", ps)
	}
	for ch, want := range map[string]bool{"里": true, "来": true, "不": true, "的": true, "岭": false, "借": false, "热": false} {
		if got := HanFunctionChar(ch); got != want {
			t.Errorf("HanFunctionChar(%s) = %v, want %v", ch, got, want)
		}
	}
}

// A stretch with no dictionary word is read a character at a time, function characters left out;
// one character with no gloss of its own makes it a name.
func TestCharReading(t *testing.T) {
	lex := NewCorpusLexicon(nil, nil)
	chars, ok := lex.CharReading("租来")
	if !ok || len(chars) != 1 || chars[0].Char != "租" || !slices.ContainsFunc(chars[0].Gloss, func(g []string) bool { return slices.Equal(g, []string{"rent"}) }) {
		t.Errorf("CharReading(租来) = %+v, %v; want 租 (rent) alone: 来 is a function character", chars, ok)
	}
	if chars, ok := lex.CharReading("不让"); !ok || len(chars) != 0 {
		t.Errorf("CharReading(不让) = %+v, %v; want no word, ok: both are function characters", chars, ok)
	}
	if chars, ok := lex.CharReading("多收"); !ok || len(chars) != 1 || chars[0].Char != "收" {
		t.Errorf("CharReading(多收) = %+v, %v; want 收 alone: 多 is glossed by English function words only", chars, ok)
	}
	if chars, ok := lex.CharReading("李明"); ok {
		t.Errorf("CharReading(李明) = %+v, ok; want not ok: a surname and a given name", chars)
	}
	if chars, ok := lex.CharReading("王鑫"); ok {
		t.Errorf("CharReading(王鑫) = %+v, ok; want not ok: 鑫 (a character of names) has no gloss", chars)
	}
}

package text

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/seeds"
)

// Building the lexicons. The built-in layer (general glossary over ~82,000 dictionary words) is
// built once per process; each corpus's lexicon over it costs about what a lexicon over the
// general glossary alone did before the dictionary (BenchmarkLexiconGeneralOnly, the baseline):
//
//	go test -run XXX -bench Lexicon -benchtime 5x ./text
func BenchmarkLexiconBuiltinLayer(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var l *Lexicon
	for b.Loop() {
		l = newBuiltinLexicon()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB-live")
	runtime.KeepAlive(l)
}

func BenchmarkLexiconCorpus(b *testing.B) {
	c, g := seedData(b)
	builtinOnce() // built once per process, not per corpus
	for b.Loop() {
		NewCorpusLexicon(c, g)
	}
}

func BenchmarkLexiconGeneralOnly(b *testing.B) {
	c, g := seedData(b)
	for b.Loop() {
		NewLexicon(c, g.Over(LanguageGlossary()))
	}
}

// BenchmarkSegment segments a Chinese question with the corpus lexicon (the dictionary's words
// lengthen the segmenter's longest word) and with the general glossary alone (the baseline).
func BenchmarkSegment(b *testing.B) {
	c, g := seedData(b)
	q := "火车站店的店长是谁？阿里巴巴收购优酷花了多少钱？这条铁路客运最繁忙是哪一年？"
	for _, bc := range []struct {
		name string
		l    *Lexicon
	}{{"general", NewLexicon(c, g.Over(LanguageGlossary()))}, {"dictionary", NewCorpusLexicon(c, g)}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				bc.l.Segment(q)
			}
		})
	}
}

func seedData(tb testing.TB) (*Catalog, *Glossary) {
	tb.Helper()
	c, err := LoadCatalog(seeds.FS())
	if err != nil {
		tb.Fatal(err)
	}
	g, err := LoadGlossary(seeds.FS())
	if err != nil {
		tb.Fatal(err)
	}
	return c, g
}

// BenchmarkDefinedNamesLongSentence finds the names defined in one "sentence" of 54 KB with 3,000
// brackets (a table or a page without full stops is one), beside reading its words once: the
// text around each bracket is read, not the whole sentence (before that bound, a sentence like
// this took seconds: the cost grew with its length times its brackets). About 20x here.
func BenchmarkDefinedNamesLongSentence(b *testing.B) {
	s := strings.Repeat("Big Red Cat (BRC) and the Old Granary (formerly Blue Barn) ", 1000)
	lex := NewLexicon(nil, nil)
	var names, words time.Duration
	b.Run("names", func(b *testing.B) {
		for b.Loop() {
			lex.DefinedNames(func(yield func([]string, string) bool) { yield([]string{s}, "") })
		}
		names = b.Elapsed() / time.Duration(b.N)
	})
	b.Run("words", func(b *testing.B) {
		for b.Loop() {
			Words(s)
		}
		words = b.Elapsed() / time.Duration(b.N)
	})
	if words > 0 {
		b.Logf("finding names takes %.1fx reading the words once", float64(names)/float64(words))
	}
}

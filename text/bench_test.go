package text

import (
	"runtime"
	"testing"

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

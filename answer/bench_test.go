package answer

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/internal/synthcorpus"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// Benchmarks at the seeds' size (5 documents, ~42 KB). Figures are in BENCHMARKS.md; compare the
// ratios to the raw search baseline measured in the same run, since the machines here are noisy.
//
//	go test -run XXX -bench . -benchtime 2s ./answer

func benchQuestions(b *testing.B) []string {
	g := loadGolden(b)
	var qs []string
	for _, c := range g.Answerable {
		qs = append(qs, c.Q)
	}
	return append(qs, g.Unanswerable...)
}

// BenchmarkSearchBaseline is the raw hybrid search the engine starts from (k = 12, as offline Ask).
func BenchmarkSearchBaseline(b *testing.B) {
	ix := seedindex.Open(b)
	qs := benchQuestions(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Search(ctx, qs[i%len(qs)], 12); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAskOffline is a whole offline answer: search, sentence selection, coverage check, citations.
func BenchmarkAskOffline(b *testing.B) {
	e := newOfflineEngine(b)
	qs := benchQuestions(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := e.Ask(ctx, qs[i%len(qs)], Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAskVsSearch interleaves the raw hybrid search (k = 12) and a whole offline Ask of the
// same question in every iteration, so that the load of a shared machine weighs on both alike, and
// reports their ratio (the target is at most 2).
func BenchmarkAskVsSearch(b *testing.B) {
	e := newOfflineEngine(b)
	qs := benchQuestions(b)
	ctx := context.Background()
	var search, ask time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		t0 := time.Now()
		if _, err := e.ix.Search(ctx, q, 12); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := e.Ask(ctx, q, Options{}); err != nil {
			b.Fatal(err)
		}
		search += t1.Sub(t0)
		ask += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(search.Microseconds())/n, "µs-search")
	b.ReportMetric(float64(ask.Microseconds())/n, "µs-ask")
	b.ReportMetric(float64(ask)/float64(search), "x-search")
}

// BenchmarkSummarizeOffline builds a platform digest without the cache.
func BenchmarkSummarizeOffline(b *testing.B) {
	e := newOfflineEngine(b)
	ps := e.ix.Catalog().Platforms()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := e.summarize(ctx, ps[i%len(ps)], Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSummarizeCached is a summary served from the cache.
func BenchmarkSummarizeCached(b *testing.B) {
	e := newOfflineEngine(b)
	ctx := context.Background()
	if _, err := e.Summarize(ctx, "Douyin", Options{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Summarize(ctx, "douyin", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkModelOverhead measures the time from Ask until the fake model receives the request
// (rewrite-free question: search, budget fitting, prompt rendering, HTTP send over loopback), beside
// the raw search of the same question, and reports the ratio.
func BenchmarkModelOverhead(b *testing.B) {
	srv := openaitest.New(b)
	srv.SetChatDefault(citingReply(b))
	e := newModelEngine(b, srv, nil, 10*time.Second)
	qs := benchQuestions(b)
	ctx := context.Background()
	var toRequest, search time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		t0 := time.Now()
		if _, err := e.ix.Search(ctx, q, e.cfg.TopK); err != nil {
			b.Fatal(err)
		}
		search += time.Since(t0)
		srv.Reset()
		t1 := time.Now()
		if _, err := e.Ask(ctx, q, Options{}); err != nil {
			b.Fatal(err)
		}
		reqs := srv.Requests()
		if len(reqs) != 1 {
			b.Fatalf("requests = %d, want 1", len(reqs))
		}
		toRequest += reqs[0].Time.Sub(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(toRequest.Microseconds())/n, "µs-to-request")
	b.ReportMetric(float64(search.Microseconds())/n, "µs-search")
	b.ReportMetric(float64(toRequest)/float64(search), "x-search")
}

// BenchmarkVerifyReply is the citation check of a typical model reply (four claims: an exact quote,
// a near-verbatim quote, a bare marker checked by its figures, and a marker to the wrong source),
// fed through the reply pipeline one word at a time as a stream arrives, beside the search of the
// question, and reports the ratio.
func BenchmarkVerifyReply(b *testing.B) {
	benchmarkVerify(b, func(dy, other string) string {
		return `Douyin's GMV passed 3.5 trillion yuan in 2024 [S` + dy + `: "a GMV of over 3.5 trillion yuan in 2024"]. ` +
			`That was a 30% rise [S` + dy + `: "representing a 30% year on year increase"], and it surpassed JD.com [3][4]. ` +
			`Its 2024 sales topped ¥3.5tn [S` + dy + `]. Its success comes from content [S` + other + `].`
	}, 3)
}

// BenchmarkVerifyReplyStyles checks claims like BenchmarkVerifyReply's written in other models'
// styles: Claude's tags around the claim, Cohere's, Gemini's [cite_start], and a list of sources for
// the whole reply that cites a sentence without a marker.
func BenchmarkVerifyReplyStyles(b *testing.B) {
	benchmarkVerify(b, func(dy, other string) string {
		return `<cite index="` + dy + `-1">Douyin's GMV passed 3.5 trillion yuan in 2024</cite>. ` +
			`<co: ` + dy + `>That was a 30% rise</co: ` + dy + `>, and it surpassed JD.com [3][4]. ` +
			`[cite_start]Its 2024 sales topped ¥3.5tn[cite: ` + dy + `]. Its success comes from content. ` +
			"Its GMV was over 3.5 trillion yuan in 2024.\n\nSources: S" + dy + ", S" + other
	}, 2)
}

// benchmarkVerify runs the reply that reply writes (given the number of the source holding Douyin's
// GMV and of another source) through the reply pipeline, one word a delta, beside the search of its
// question, and reports the ratio; the reply must keep wantCites citations.
func benchmarkVerify(b *testing.B, reply func(dy, other string) string, wantCites int) {
	e := newOfflineEngine(b)
	const q = "What was Douyin's GMV in 2024?"
	ctx := context.Background()
	res, err := e.ix.Search(ctx, q, 8)
	if err != nil {
		b.Fatal(err)
	}
	var sources []retrieval.Passage
	for _, r := range res {
		sources = append(sources, r.Passage)
	}
	dy := 0
	for i, p := range sources {
		if strings.Contains(p.Text, "3.5 trillion yuan in 2024") {
			dy = i + 1
			break
		}
	}
	if dy == 0 {
		b.Fatal("no source holds Douyin's GMV")
	}
	words := strings.SplitAfter(reply(strconv.Itoa(dy), strconv.Itoa(dy%len(sources)+1)), " ")
	var verify, search time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		if _, err := e.ix.Search(ctx, q, 8); err != nil {
			b.Fatal(err)
		}
		search += time.Since(t0)
		t1 := time.Now()
		p := e.newPipeline(sources, false, func(string) {})
		for _, w := range words {
			p.Write(w)
		}
		if v := p.Flush(); len(v.Citations) != wantCites {
			b.Fatalf("%d citations (%q), want %d", len(v.Citations), v.Text, wantCites)
		}
		verify += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(verify.Microseconds())/n, "µs-verify")
	b.ReportMetric(float64(search.Microseconds())/n, "µs-search")
	b.ReportMetric(float64(verify)/float64(search), "x-search")
}

// BenchmarkCaseForms measures what the corpus's case forms cost (see [text.CaseForms]), counted at
// the first question typed all in lower case: the time to count them over a synthetic corpus of
// CITEBOT_BENCH_CASE_CHUNKS chunks (default 10,000; the seeds' sentences reshuffled, so the
// vocabulary is the seeds'), the bytes they keep (forms-bytes), and the heap they leave live once
// counted (live-bytes, after a collection).
//
//	CITEBOT_BENCH_CASE_CHUNKS=40000 go test -run '^$' -bench CaseForms -benchtime 5x ./answer
func BenchmarkCaseForms(b *testing.B) {
	chunks := 10000
	if s := os.Getenv("CITEBOT_BENCH_CASE_CHUNKS"); s != "" {
		if _, err := fmt.Sscan(s, &chunks); err != nil {
			b.Fatalf("CITEBOT_BENCH_CASE_CHUNKS=%q: %v", s, err)
		}
	}
	corpus := b.TempDir()
	if err := synthcorpus.Write(corpus, chunks, 1); err != nil {
		b.Fatal(err)
	}
	ix, err := retrieval.Open(context.Background(), retrieval.Config{Seeds: os.DirFS(corpus), Embedder: retrieval.OfflineEmbedder()})
	if err != nil {
		b.Fatal(err)
	}
	e, err := New(Config{Index: ix, Logger: discard()})
	if err != nil {
		b.Fatal(err)
	}
	sentences, names := runningText(ix, e.c.docs), platformNames(ix.Catalog())
	for b.Loop() {
		text.NewCaseForms(sentences, names)
	}
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	forms := text.NewCaseForms(sentences, names)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(forms.Size()), "forms-bytes")
	b.ReportMetric(float64(after.HeapAlloc)-float64(before.HeapAlloc), "live-bytes")
	runtime.KeepAlive(forms)
	runtime.KeepAlive(e)
	runtime.KeepAlive(ix)
}

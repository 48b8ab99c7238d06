package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
)

// benchParallelism sets the number of concurrent clients: RunParallel runs benchParallelism
// goroutines per GOMAXPROCS.
const benchParallelism = 4

// loadResult is what one load run measured.
type loadResult struct {
	rps      float64
	p50, p95 time.Duration
}

// load sends GETs of u from concurrent keep-alive clients, as many as parallel's next allows, and
// measures throughput and latency; n is the expected count. parallel is b.RunParallel for the timed
// run, or a [poolRunner] with the same concurrency for warm-up and the baseline.
func load(tb testing.TB, client *http.Client, u string, n int, parallel func(func(next func() bool))) loadResult {
	tb.Helper()
	var mu sync.Mutex
	latencies := make([]time.Duration, 0, n)
	start := time.Now()
	parallel(func(next func() bool) {
		mine := make([]time.Duration, 0, 256)
		for next() {
			t0 := time.Now()
			resp, err := client.Get(u)
			if err != nil {
				tb.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				tb.Errorf("GET %s = %d", u, resp.StatusCode)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	if len(latencies) == 0 {
		return loadResult{}
	}
	slices.Sort(latencies)
	return loadResult{
		rps: float64(len(latencies)) / elapsed.Seconds(),
		p50: latencies[len(latencies)*50/100],
		p95: latencies[min(len(latencies)-1, len(latencies)*95/100)],
	}
}

// poolRunner runs body on a fixed pool of workers that share n iterations, like b.RunParallel.
func poolRunner(workers, n int) func(func(next func() bool)) {
	return func(body func(next func() bool)) {
		var mu sync.Mutex
		left := n
		next := func() bool {
			mu.Lock()
			defer mu.Unlock()
			if left == 0 {
				return false
			}
			left--
			return true
		}
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() { body(next) })
		}
		wg.Wait()
	}
}

// BenchmarkHTTP measures requests per second and latency percentiles of the viewer and search API
// under concurrent load on a real loopback server, each beside GET /healthz measured with the same
// number of requests and clients in the same run, reported as ratios (x-healthz) because the machine
// is noisy.
func BenchmarkHTTP(b *testing.B) {
	ix := seedindex.Open(b)
	srv := newTestServer(b, ix, Config{})
	addr, _ := serve(b, srv)
	base := "http://" + addr
	// The largest seed: the viewer's worst case.
	var biggest string
	for _, d := range ix.Documents() {
		if big, ok := ix.Document(biggest); !ok || len(d.Text) > len(big.Text) {
			biggest = d.File
		}
	}
	targets := []struct{ name, path string }{
		{"healthz", "/healthz"},
		{"source", "/sources/" + biggest + "?q=" + url.QueryEscape("Taobao") + "&p=20"},
		{"search", "/api/search?q=" + url.QueryEscape("Pinduoduo business model") + "&k=5"},
		{"search-zh", "/api/search?q=" + url.QueryEscape("抖音电商直播") + "&k=5"},
	}
	workers := benchParallelism * runtime.GOMAXPROCS(0)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}}
	defer client.CloseIdleConnections()

	for _, tt := range targets {
		b.Run(tt.name, func(b *testing.B) {
			u := base + tt.path
			// Warm up connections and caches.
			load(b, client, u, 2*workers, poolRunner(workers, 2*workers))
			b.SetParallelism(benchParallelism)
			b.ResetTimer()
			got := load(b, client, u, b.N, func(body func(next func() bool)) {
				b.RunParallel(func(pb *testing.PB) { body(pb.Next) })
			})
			b.StopTimer()
			b.ReportMetric(got.rps, "req/s")
			b.ReportMetric(float64(got.p50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(got.p95.Microseconds())/1000, "p95-ms")
			if tt.name == "healthz" {
				return
			}
			baseline := load(b, client, base+"/healthz", b.N, poolRunner(workers, b.N))
			if baseline.rps > 0 && baseline.p95 > 0 {
				b.ReportMetric(got.rps/baseline.rps, "rps-x-healthz")
				b.ReportMetric(float64(got.p95)/float64(baseline.p95), "p95-x-healthz")
			}
		})
	}
}

// documentsOnly serves real parsed documents (retrieval.LoadCorpus) without embedding them: the
// viewer only looks documents up, and indexing 50 MB offline would take the benchmark a minute.
type documentsOnly struct{ docs []*retrieval.Document }

func (d documentsOnly) SearchParagraphs(context.Context, string, int) ([]retrieval.ParagraphResult, error) {
	return nil, nil
}
func (d documentsOnly) Documents() []*retrieval.Document { return d.docs }
func (d documentsOnly) Document(file string) (*retrieval.Document, bool) {
	for _, doc := range d.docs {
		if doc.File == file {
			return doc, true
		}
	}
	return nil, false
}

// BenchmarkLargeDocumentViewer opens a 50 MB document with 8 clients at once, each asking to mark a
// quote (?q=) that occurs only near its end, and beside it, in the same run, the same page without a
// quote: the ratio is what marking costs. It reports the wall time of the 8 requests and the peak
// heap while they run. Run with -benchtime 1x.
func BenchmarkLargeDocumentViewer(b *testing.B) {
	para := "Douyin has achieved remarkable growth, with a GMV of over 3.5 trillion yuan in 2024, representing a " +
		"30% year-on-year increase, surpassing competitors like JD.com and Taobao in several categories.\n\n"
	var sb strings.Builder
	for sb.Len() < 50<<20 {
		sb.WriteString(para)
	}
	sb.WriteString("The closing paragraph says Kuaishou Kwai shops grew in Shandong province.\n")
	docs, err := retrieval.LoadCorpus(mapCorpus(map[string]string{"big.txt": sb.String()}), retrieval.CorpusOptions{Name: "bench", MaxFileBytes: 64 << 20})
	if err != nil {
		b.Fatal(err)
	}
	eng := newEngine(b, seedindex.Open(b), links.Builder{})
	srv, err := New(Config{AskQueueWait: time.Minute}, documentsOnly{docs}, eng)
	if err != nil {
		b.Fatal(err)
	}
	addr, _ := serve(b, srv)
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 8}}
	defer client.CloseIdleConnections()
	run := func(u string) (time.Duration, uint64) {
		var peak atomic.Uint64
		stop := make(chan struct{})
		var sampler sync.WaitGroup
		sampler.Go(func() {
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		})
		start := time.Now()
		load(b, client, u, 8, poolRunner(8, 8))
		d := time.Since(start)
		close(stop)
		sampler.Wait()
		return d, peak.Load()
	}
	quoted := "http://" + addr + "/sources/big.txt?q=" + url.QueryEscape("Kuaishou Kwai shops grew")
	plain := "http://" + addr + "/sources/big.txt"
	sb.Reset()
	b.ResetTimer()
	for range b.N {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB-before")
		dq, peakQ := run(quoted)
		runtime.GC()
		dp, peakP := run(plain)
		b.ReportMetric(dq.Seconds(), "s-8-quoted")
		b.ReportMetric(float64(peakQ)/(1<<20), "peak-MB-quoted")
		b.ReportMetric(dp.Seconds(), "s-8-plain")
		b.ReportMetric(float64(peakP)/(1<<20), "peak-MB-plain")
		b.ReportMetric(dq.Seconds()/dp.Seconds(), "quoted-x-plain")
	}
}

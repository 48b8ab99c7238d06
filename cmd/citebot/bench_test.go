package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/synthcorpus"
	"github.com/citebot/citebot/retrieval"
)

// BenchmarkScale measures citebot as a user meets it, whole processes of the real binary on
// synthetic corpora built from the seeds' sentences (generated here, never committed): the first
// index, an unchanged index, a search, serve until /healthz answers (and its peak RSS), query
// latency over HTTP, and the time from editing one file to its new text being served. The baseline
// in the same run is the cold path of citebot before the snapshot: the index rebuilt from the
// embeddings store and the corpus (snapshot deleted, nothing embedded), and the floor is a process
// that does nothing ("citebot version").
//
// It is opt-in and slow (tens of seconds per size; minutes at 100,000 chunks): set
// CITEBOT_BENCH_CHUNKS to a comma-separated list of sizes, e.g.
//
//	CITEBOT_BENCH_CHUNKS=10000,40000 go test -run '^$' -bench Scale -benchtime 1x ./cmd/citebot/
func BenchmarkScale(b *testing.B) {
	sizes := os.Getenv("CITEBOT_BENCH_CHUNKS")
	if sizes == "" {
		b.Skip("set CITEBOT_BENCH_CHUNKS (e.g. 10000,40000) to run the whole-process benchmarks")
	}
	bin := filepath.Join(b.TempDir(), "citebot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	questions := goldenQuestions(b)
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 10 {
			b.Fatalf("CITEBOT_BENCH_CHUNKS: %q is not a number of chunks", s)
		}
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			for b.Loop() {
				scaleRun(b, bin, n, questions)
			}
		})
	}
}

func scaleRun(b *testing.B, bin string, chunks int, questions []string) {
	corpus, data := b.TempDir(), b.TempDir()
	if err := synthcorpus.Write(corpus, chunks, 1); err != nil {
		b.Fatal(err)
	}
	// No web limit: the 40 searches from one address would pass its burst of 30, and the last ten
	// would be refused rather than searched.
	env := append(os.Environ(), "CITEBOT_SEEDS_DIR="+corpus, "CITEBOT_DATA_DIR="+data, "CITEBOT_LOG_LEVEL=warn", "CITEBOT_WEB_REQUESTS_PER_MINUTE=0")
	first, firstRSS := timeProcess(b, bin, env, "index")
	report(b, first, "first-index-s", 1e3)
	b.ReportMetric(firstRSS, "first-index-MB")

	floor := median(b, 5, func() time.Duration { d, _ := timeProcess(b, bin, env, "version"); return d })
	runs := 3
	if chunks > 50000 {
		runs = 1 // a rebuild of 100,000 chunks takes minutes
	}
	rebuild := median(b, runs, func() time.Duration {
		if err := os.Remove(filepath.Join(retrieval.IndexDir(data, corpusID(corpus)), "index.snapshot")); err != nil {
			b.Fatal(err)
		}
		d, _ := timeProcess(b, bin, env, "index")
		return d
	})
	unchanged := median(b, 7, func() time.Duration { d, _ := timeProcess(b, bin, env, "index"); return d })
	var searchRSS float64
	search := median(b, 7, func() time.Duration {
		d, rss := timeProcess(b, bin, env, "search", "Pinduoduo business model")
		searchRSS = rss
		return d
	})
	report(b, floor, "process-floor-ms", 1)
	report(b, rebuild, "rebuild-baseline-ms", 1)
	report(b, unchanged, "index-unchanged-ms", 1)
	report(b, search, "search-ms", 1)
	b.ReportMetric(searchRSS, "search-MB")
	b.ReportMetric(float64(search)/float64(rebuild), "search/rebuild")

	healthy, rss, p95, reload := serveRun(b, bin, env, corpus, questions)
	report(b, healthy, "serve-healthy-ms", 1)
	b.ReportMetric(rss, "serve-peak-MB")
	report(b, p95, "http-search-p95-ms", 1)
	report(b, reload, "edit-to-served-ms", 1)
}

// serveRun starts serve and returns how long /healthz took to answer, the peak RSS after
// answering every question through /api/search, the p95 of those searches, and the median time
// from rewriting one file of the corpus to a search finding its new text.
func serveRun(b *testing.B, bin string, env []string, corpus string, questions []string) (time.Duration, float64, time.Duration, time.Duration) {
	addr := freeAddr(b)
	base := "http://" + addr
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(env, "CITEBOT_HTTP_ADDR="+addr)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	for {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(start) > 2*time.Minute {
			b.Fatal("serve never became healthy")
		}
		time.Sleep(5 * time.Millisecond)
	}
	healthy := time.Since(start)
	var lat []time.Duration
	for _, q := range questions {
		t0 := time.Now()
		resp, err := http.Get(base + "/api/search?k=5&q=" + url.QueryEscape(q))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("GET /api/search?q=%q: %s", q, resp.Status)
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	p95 := lat[len(lat)*95/100]
	rss := peakRSS(b, cmd.Process.Pid)

	files, _ := filepath.Glob(filepath.Join(corpus, "synthetic", "*.txt"))
	var reloads []time.Duration
	for i := range 3 {
		word := fmt.Sprintf("Zorblax%dquux", i)
		f := files[len(files)/2+i]
		old, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if err := os.WriteFile(f, append([]byte(word+" sells teapots in Hangzhou. "), old...), 0o644); err != nil {
			b.Fatal(err)
		}
		for !searchFinds(b, base, word) {
			if time.Since(t0) > time.Minute {
				b.Fatal("the edit was never served")
			}
			time.Sleep(5 * time.Millisecond)
		}
		reloads = append(reloads, time.Since(t0))
	}
	slices.Sort(reloads)
	return healthy, rss, p95, reloads[1]
}

func searchFinds(b *testing.B, base, word string) bool {
	resp, err := http.Get(base + "/api/search?k=1&q=" + word)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var rep searchReport
	json.NewDecoder(resp.Body).Decode(&rep)
	return len(rep.Results) > 0 && strings.Contains(rep.Results[0].Text, word)
}

// timeProcess runs the binary to completion and returns its wall time and peak RSS in MB.
func timeProcess(b *testing.B, bin string, env []string, args ...string) (time.Duration, float64) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		b.Fatalf("citebot %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return d, maxRSS(b, cmd.ProcessState)
}

// peakRSS reads a running process's peak resident set (VmHWM) in MB.
func peakRSS(b *testing.B, pid int) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

func median(b *testing.B, n int, f func() time.Duration) time.Duration {
	var ds []time.Duration
	for range n {
		ds = append(ds, f())
	}
	slices.Sort(ds)
	return ds[n/2]
}

func report(b *testing.B, d time.Duration, unit string, perSecond float64) {
	b.ReportMetric(float64(d)/float64(time.Millisecond)/perSecond, unit)
}

func goldenQuestions(b *testing.B) []string {
	data, err := os.ReadFile("../../retrieval/testdata/golden.json")
	if err != nil {
		b.Fatal(err)
	}
	var qs []struct {
		Q string `json:"q"`
	}
	if err := json.Unmarshal(data, &qs); err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, q := range qs {
		out = append(out, q.Q)
	}
	return out
}

package main

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/metrics"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/seeds"
)

// memVersion builds an in-memory corpus version of one file saying text.
func memVersion(tb testing.TB, text string) *corpusVersion {
	tb.Helper()
	corpus := fstest.MapFS{"doc.txt": {Data: []byte(text)}}
	for _, f := range []string{"platforms.json", "glossary.json"} {
		data, err := fs.ReadFile(seeds.FS(), f)
		if err != nil {
			tb.Fatal(err)
		}
		corpus[f] = &fstest.MapFile{Data: data}
	}
	ix, err := retrieval.Open(context.Background(), retrieval.Config{Seeds: corpus, Embedder: retrieval.OfflineEmbedder()})
	if err != nil {
		tb.Fatal(err)
	}
	e, err := answer.New(answer.Config{Index: ix})
	if err != nil {
		tb.Fatal(err)
	}
	return &corpusVersion{ix: ix, engine: e, loaded: time.Now()}
}

// TestReloadKeepsServingTheOldVersionUntilTheNewIsComplete runs searches and answers without pause
// while a reload builds the next version slowly: every call sees the old version, whole, until the
// swap, then the new one, whole; a failed reload changes nothing but the error reported.
func TestReloadKeepsServingTheOldVersionUntilTheNewIsComplete(t *testing.T) {
	oldV, newV := memVersion(t, "Taobao sells teapots in Hangzhou."), memVersion(t, "Taobao sells bicycles in Shanghai.")
	live := newLiveCorpus(oldV.ix, oldV.engine)
	release := make(chan struct{})
	var fail atomic.Bool
	open := func(ctx context.Context, _ *corpusVersion) (*corpusVersion, *retrieval.PendingSnapshot, error) {
		if fail.Load() {
			return nil, nil, errors.New("disk on fire")
		}
		<-release
		return newV, nil, nil
	}
	m := metrics.New()
	r := newReloader(live, open, m, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go r.run(ctx)

	var swapped atomic.Bool
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				done := swapped.Load()
				res, err := live.Search(ctx, "Taobao sells", 1)
				if err != nil || len(res) != 1 {
					t.Errorf("Search = %v, %v", res, err)
					return
				}
				isNew := strings.Contains(res[0].Text, "bicycles")
				if !isNew && !strings.Contains(res[0].Text, "teapots") {
					t.Errorf("Search found %q, from neither version", res[0].Text)
				}
				if done && !isNew {
					t.Errorf("old text served after the swap")
				}
				if !done && isNew && live.current().ix != newV.ix {
					t.Errorf("new text served before the swap")
				}
			}
		})
	}
	r.request()
	time.Sleep(50 * time.Millisecond) // the reload is blocked building the new version
	if live.current().ix != oldV.ix {
		t.Error("the version changed before the new one was complete")
	}
	close(release)
	for live.current().ix != newV.ix {
		time.Sleep(time.Millisecond)
	}
	swapped.Store(true)
	time.Sleep(20 * time.Millisecond)
	ans, err := live.Ask(ctx, "What does Taobao sell?", answer.Options{})
	if err != nil || !strings.Contains(ans.Text, "bicycles") {
		t.Errorf("Ask after the swap = %q, %v", ans.Text, err)
	}

	fail.Store(true)
	r.request()
	for live.Status().LastError == "" {
		time.Sleep(time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if live.current().ix != newV.ix || !strings.Contains(live.Status().LastError, "disk on fire") {
		t.Errorf("after a failed reload: version swapped %v, status %+v", live.current().ix != newV.ix, live.Status())
	}
}

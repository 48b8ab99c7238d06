package bot

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/internal/discordtest"
	"github.com/citebot/citebot/internal/openaitest"
)

// BenchmarkAckLatency measures how long an /ask waits for its acknowledgement (dispatch by the fake
// gateway to the deferred callback arriving at the fake REST API), with an offline engine that answers
// at once (the baseline) and with a model that never answers. Reported: p50 and p99 in ms.
func BenchmarkAckLatency(b *testing.B) {
	for _, mode := range []string{"offline", "model-never-answers"} {
		b.Run(mode, func(b *testing.B) {
			var a Answerer
			if mode == "offline" {
				a = offlineEngine(b)
			} else {
				eng, ai := modelEngine(b)
				ai.SetChatDefault(func(openaitest.Request) openaitest.Reply { return openaitest.Reply{Delay: time.Hour} })
				a = eng
			}
			h := start(b, Config{QuotaPerMinute: -1, MaxConcurrent: 8, MaxQueue: 100000, AnswerTimeout: 3 * time.Second, ShutdownGrace: 5 * time.Second}, a, discordtest.Options{})
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				in := h.ask(fmt.Sprintf("How does Douyin sell? (%d)", i))
				var r discordtest.Interaction
				if !h.srv.Wait(5*time.Second, func() bool { r, _ = h.srv.Interaction(in.ID); return !r.Acked.IsZero() }) {
					b.Fatalf("question %d not acknowledged", i)
				}
				lat = append(lat, r.Acked.Sub(r.Dispatched))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(ms(lat[len(lat)/2]), "p50_ack_ms")
			b.ReportMetric(ms(lat[min(len(lat)-1, len(lat)*99/100)]), "p99_ack_ms")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkFiftySimultaneous sends 50 /ask at once against a model that takes 1 s per answer and
// reports the slowest acknowledgement, the time until all 50 final replies, and the goroutines left
// once they are all answered (compared with before the burst).
func BenchmarkFiftySimultaneous(b *testing.B) {
	eng, ai := modelEngine(b)
	ai.SetChatDefault(func(openaitest.Request) openaitest.Reply {
		return openaitest.Reply{Text: "Douyin sells through live streams [S1].", Delay: time.Second}
	})
	h := start(b, Config{QuotaPerMinute: -1, MaxConcurrent: 50, MaxQueue: 50}, eng, discordtest.Options{})
	// Warm up: one question, so connection pools exist before counting goroutines.
	h.final(b, h.ask("warm up").ID, 20*time.Second)
	var maxAck, allDone time.Duration
	var leaked, ownLeft int
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		time.Sleep(200 * time.Millisecond)
		before, ownBefore := runtime.NumGoroutine(), ownGoroutines()
		begin := time.Now()
		ids := make([]string, 50)
		var wg sync.WaitGroup
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ids[i] = h.ask(fmt.Sprintf("How does Douyin sell? (%d.%d)", n, i)).ID
			}()
		}
		wg.Wait()
		ok := h.srv.Wait(30*time.Second, func() bool {
			for _, id := range ids {
				r, _ := h.srv.Interaction(id)
				m, found := h.srv.Message(r.OriginalID)
				if !found || !isFinal(m) || !hasButtons(m) {
					return false
				}
			}
			return true
		})
		if !ok {
			b.Fatalf("not all 50 questions answered within 30 s")
		}
		allDone = max(allDone, time.Since(begin))
		for _, id := range ids {
			r, _ := h.srv.Interaction(id)
			maxAck = max(maxAck, r.Acked.Sub(r.Dispatched))
		}
		// Let handler goroutines return and idle connections settle.
		deadline := time.Now().Add(3 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		leaked = max(leaked, runtime.NumGoroutine()-before)
		ownLeft = max(ownLeft, ownGoroutines()-ownBefore)
	}
	b.StopTimer()
	b.ReportMetric(ms(maxAck), "max_ack_ms")
	b.ReportMetric(ms(allDone), "all_answered_ms")
	b.ReportMetric(float64(leaked), "goroutines_left")
	b.ReportMetric(float64(ownLeft), "answer_goroutines_left")
	if ownLeft > 0 {
		b.Errorf("%d goroutines of the bot, engine or model client left after all answers", ownLeft)
	}
	if maxAck > time.Second {
		b.Errorf("slowest acknowledgement %v, want within 1 s", maxAck)
	}
	if leaked > 0 {
		var sb strings.Builder
		buf := make([]byte, 1<<20)
		sb.Write(buf[:runtime.Stack(buf, true)])
		b.Logf("%d goroutines more than before the burst (idle keep-alive HTTP connections; none in the bot, engine or model client)", leaked)
		if testing.Verbose() {
			b.Log(sb.String())
		}
	}
}

// ownGoroutines counts goroutines running code of the bot, the answer engine or the model client,
// besides Run itself: what a question in flight holds. Idle HTTP connections are not counted.
func ownGoroutines() int {
	buf := make([]byte, 4<<20)
	n := 0
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "citebot/citebot/bot.(*Bot).Run(") || strings.Contains(g, "testing.") {
			continue
		}
		if strings.Contains(g, "citebot/citebot/bot.") || strings.Contains(g, "citebot/citebot/answer.") || strings.Contains(g, "citebot/citebot/llm.") {
			n++
		}
	}
	return n
}

package gaps

import (
	"context"
	"fmt"
	"testing"

	"github.com/citebot/citebot/questionlog"
)

// benchLog is n unanswered questions: the synthetic needs, each phrasing varied by a suffix so
// that most are distinct.
func benchLog(n int) []questionlog.Question {
	base, _ := syntheticLog()
	var qs []questionlog.Question
	for i := 0; len(qs) < n; i++ {
		q := base[i%len(base)]
		q.Question = fmt.Sprintf("%s (%d)", q.Question, i/len(base))
		q.ID = fmt.Sprint(i)
		qs = append(qs, q)
	}
	return qs
}

// BenchmarkBuild times the gap report of 1,000 logged questions beside the baseline of the
// searches it has to make (one per distinct question), in the same run.
func BenchmarkBuild(b *testing.B) {
	cfg := testConfig(b)
	qs := benchLog(1000)
	ctx := context.Background()
	b.Run("report", func(b *testing.B) {
		for b.Loop() {
			if _, err := Build(ctx, cfg, t0, qs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-searches", func(b *testing.B) {
		for b.Loop() {
			for _, q := range qs {
				if !q.Unanswered() {
					continue
				}
				if _, err := cfg.Search.Search(ctx, q.Text(), neighbours); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

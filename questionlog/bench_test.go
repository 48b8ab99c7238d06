package questionlog

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
)

// BenchmarkRecord times recording one answered question (hash the user, encode, open, append,
// close) beside the baseline of appending the same bytes to an open file, in the same run.
func BenchmarkRecord(b *testing.B) {
	a := answered("What was Douyin's GMV in 2024, and how does it compare with Kuaishou's?")
	b.Run("record", func(b *testing.B) {
		l, err := Open(context.Background(), Config{Dir: b.TempDir(), Days: 30})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := l.Record(Entry{Surface: SurfaceDiscord, User: "123456789012345678", Answer: a}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-append-open-file", func(b *testing.B) {
		f, err := os.OpenFile(filepath.Join(b.TempDir(), "x"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		line, _ := json.Marshal(line{Kind: kindQuestion, ID: "0123456789abcdef", Time: time.Now(), Question: a.Question, Cited: citedOf(a.Citations)})
		line = append(line, '\n')
		for b.Loop() {
			if _, err := f.Write(line); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCompact times a compaction of a log of 10,000 questions with a vote each.
func BenchmarkCompact(b *testing.B) {
	dir := b.TempDir()
	c := newClock()
	l, err := Open(context.Background(), Config{Dir: dir, Days: 30, Now: c.now})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10000 {
		id, _ := l.Record(Entry{Surface: SurfaceDiscord, User: "u", Answer: answer.Answer{Question: "question", Abstained: i%2 == 0}})
		l.Vote(id, SurfaceDiscord, "v", VoteDown)
	}
	data, _ := os.ReadFile(filepath.Join(dir, File))
	for b.Loop() {
		b.StopTimer()
		os.WriteFile(filepath.Join(dir, File), data, 0o600) // the uncompacted log again
		b.StartTimer()
		if _, err := l.Compact(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

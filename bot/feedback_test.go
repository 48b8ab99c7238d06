package bot

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Clicking 👍/👎 over and over keeps one record per (answer, user): the file does not grow with
// the clicks, and the summary counts each user's latest vote with the answer's texts.
func TestFeedbackIsCompacted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FeedbackFile)
	if err := os.WriteFile(path, []byte("not json, kept as it was\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fb := newFeedbackStore(dir)
	start := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	const clicks = 2000
	for i := range clicks {
		vote := []string{"up", "down"}[i%2]
		r := Feedback{Time: start.Add(time.Duration(i) * time.Second), Vote: vote, User: fmt.Sprint("u", i%3), AnswerID: fmt.Sprint("a", i%5)}
		if i < 5 {
			r.Question, r.Answer = fmt.Sprint("question ", i), fmt.Sprint("answer ", i)
		}
		if err := fb.add(r); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const keys = 15 // 3 users × 5 answers
	if lines := bytes.Count(data, []byte("\n")); lines > 2*keys+compactSlack+2 {
		t.Errorf("after %d clicks on %d (answer, user) pairs the file has %d lines; want it compacted", clicks, keys, lines)
	}
	if !bytes.Contains(data, []byte("not json, kept as it was\n")) {
		t.Error("compaction dropped a line it could not read")
	}
	// Compact once more by hand: exactly one line per pair, plus the unreadable one.
	fb.mu.Lock()
	err = fb.compact()
	fb.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if lines := bytes.Count(data, []byte("\n")); lines != keys+1 {
		t.Errorf("compacted file has %d lines, want %d", lines, keys+1)
	}

	rep, err := FeedbackSummary(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The last click of pair (answer i%5, user i%3) is the largest i < clicks with that pair; its vote
	// is up for even i.
	up := 0
	for a := range 5 {
		for u := range 3 {
			for i := clicks - 1; i >= 0; i-- {
				if i%5 == a && i%3 == u {
					if i%2 == 0 {
						up++
					}
					break
				}
			}
		}
	}
	if rep.Total != keys || rep.Up != up || rep.Down != keys-up || rep.Answers != 5 || rep.Skipped != 1 {
		t.Errorf("summary %+v, want %d votes (%d up) on 5 answers, 1 skipped", rep, keys, up)
	}
	for _, d := range rep.Disliked {
		if d.Question == "" || d.Answer == "" {
			t.Errorf("disliked answer %s lost its question or answer text in compaction", d.AnswerID)
		}
	}
}

func TestFeedbackSummaryEmptyListsAreLists(t *testing.T) {
	rep, err := FeedbackSummary(t.TempDir())
	if err != nil || rep.Disliked == nil {
		t.Errorf("FeedbackSummary(empty) = %+v, %v; want Disliked to be an empty list, not nil", rep, err)
	}
}

package bot

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// FeedbackFile is the file in the data folder that holds feedback, one JSON object per line.
const FeedbackFile = "feedback.jsonl"

// Feedback is one click on 👍 or 👎 under an answer.
type Feedback struct {
	Time     time.Time `json:"time"`
	Vote     string    `json:"vote"` // "up" or "down"
	User     string    `json:"user"`
	Guild    string    `json:"guild,omitempty"`
	Channel  string    `json:"channel"`
	AnswerID string    `json:"answer_id"`
	Question string    `json:"question"`
	Answer   string    `json:"answer"`
	Mode     string    `json:"mode,omitempty"`
}

// feedbackStore appends feedback to DataDir/feedback.jsonl and remembers recent answers so a click
// can be stored with its question.
type feedbackStore struct {
	dir string

	mu      sync.Mutex
	answers map[string]answered
	order   []string
}

type answered struct{ question, answer, mode string }

const rememberedAnswers = 2000

func newFeedbackStore(dir string) *feedbackStore {
	return &feedbackStore{dir: dir, answers: map[string]answered{}}
}

func (f *feedbackStore) remember(id, question, answer, mode string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.answers[id]; !ok {
		f.order = append(f.order, id)
	}
	f.answers[id] = answered{question, answer, mode}
	if len(f.order) > rememberedAnswers {
		delete(f.answers, f.order[0])
		f.order = f.order[1:]
	}
}

func (f *feedbackStore) lookup(id string) (answered, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.answers[id]
	return a, ok
}

// add appends one record; without a data folder it does nothing.
func (f *feedbackStore) add(r Feedback) error {
	if f.dir == "" {
		return nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encoding feedback: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.MkdirAll(f.dir, 0o755); err != nil {
		return fmt.Errorf("creating the data folder: %w", err)
	}
	file, err := os.OpenFile(filepath.Join(f.dir, FeedbackFile), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("opening the feedback file: %w", err)
	}
	if _, err := file.Write(append(b, '\n')); err != nil {
		file.Close()
		return fmt.Errorf("writing feedback: %w", err)
	}
	return file.Close()
}

// FeedbackReport summarises the feedback in a data folder.
type FeedbackReport struct {
	Total   int `json:"total"`
	Up      int `json:"up"`
	Down    int `json:"down"`
	Answers int `json:"answers"` // distinct answers voted on
	// Disliked lists the answers with more 👎 than 👍, most disliked first (at most 20).
	Disliked []VotedAnswer `json:"disliked"`
	// Skipped counts lines that could not be read.
	Skipped int `json:"skipped,omitempty"`
}

// VotedAnswer is one answer and its votes.
type VotedAnswer struct {
	AnswerID string    `json:"answer_id"`
	Question string    `json:"question"`
	Answer   string    `json:"answer"`
	Up       int       `json:"up"`
	Down     int       `json:"down"`
	Last     time.Time `json:"last"`
}

// FeedbackSummary reads DataDir/feedback.jsonl and summarises it. A missing file is an empty report.
// Each user's last vote on an answer counts.
func FeedbackSummary(dataDir string) (FeedbackReport, error) {
	var rep FeedbackReport
	f, err := os.Open(filepath.Join(dataDir, FeedbackFile))
	if errors.Is(err, fs.ErrNotExist) {
		return rep, nil
	}
	if err != nil {
		return rep, fmt.Errorf("reading feedback: %w", err)
	}
	defer f.Close()
	type key struct{ answer, user string }
	last := map[key]Feedback{}
	texts := map[string][2]string{} // answer ID -> question, answer, from any record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		var r Feedback
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || (r.Vote != "up" && r.Vote != "down") {
			rep.Skipped++
			continue
		}
		last[key{r.AnswerID, r.User}] = r
		t := texts[r.AnswerID]
		if r.Question != "" {
			t[0] = r.Question
		}
		if r.Answer != "" {
			t[1] = r.Answer
		}
		texts[r.AnswerID] = t
	}
	if err := sc.Err(); err != nil {
		return rep, fmt.Errorf("reading feedback: %w", err)
	}
	byAnswer := map[string]*VotedAnswer{}
	for _, r := range last {
		va := byAnswer[r.AnswerID]
		if va == nil {
			t := texts[r.AnswerID]
			va = &VotedAnswer{AnswerID: r.AnswerID, Question: t[0], Answer: t[1]}
			byAnswer[r.AnswerID] = va
		}
		if r.Time.After(va.Last) {
			va.Last = r.Time
		}
		rep.Total++
		if r.Vote == "up" {
			rep.Up++
			va.Up++
		} else {
			rep.Down++
			va.Down++
		}
	}
	rep.Answers = len(byAnswer)
	for _, va := range byAnswer {
		if va.Down > va.Up {
			rep.Disliked = append(rep.Disliked, *va)
		}
	}
	sort.Slice(rep.Disliked, func(i, j int) bool {
		a, b := rep.Disliked[i], rep.Disliked[j]
		if a.Down-a.Up != b.Down-b.Up {
			return a.Down-a.Up > b.Down-b.Up
		}
		return a.Last.After(b.Last)
	})
	if len(rep.Disliked) > 20 {
		rep.Disliked = rep.Disliked[:20]
	}
	return rep, nil
}

// WriteText prints the report for people.
func (r FeedbackReport) WriteText(w io.Writer) error {
	_, err := fmt.Fprintf(w, "%d votes on %d answers: %d 👍, %d 👎\n", r.Total, r.Answers, r.Up, r.Down)
	if err != nil {
		return err
	}
	if len(r.Disliked) > 0 {
		fmt.Fprintln(w, "\nAnswers with more 👎 than 👍:")
	}
	for _, a := range r.Disliked {
		fmt.Fprintf(w, "- %d 👍 %d 👎  Q: %s\n  A: %s\n", a.Up, a.Down, oneLine(a.Question, 120), oneLine(a.Answer, 200))
	}
	if r.Skipped > 0 {
		fmt.Fprintf(w, "(%d unreadable lines skipped)\n", r.Skipped)
	}
	return nil
}

func oneLine(s string, n int) string {
	rs := []rune(s)
	for i, r := range rs {
		if r == '\n' || r == '\r' {
			rs[i] = ' '
		}
	}
	if len(rs) > n {
		return string(rs[:n]) + "…"
	}
	return string(rs)
}

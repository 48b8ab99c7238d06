package bot

import (
	"bufio"
	"bytes"
	"cmp"
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

// feedbackStore keeps feedback in DataDir/feedback.jsonl and remembers recent answers so a click
// can be stored with its question. Only each user's latest vote on an answer counts, so the file is
// compacted to one record per (answer, user) whenever it holds more than twice as many records as
// that (plus [compactSlack]): however often people click, it stays proportional to the votes.
type feedbackStore struct {
	dir string

	mu      sync.Mutex
	answers map[string]answered
	order   []string

	counted bool             // records and keys describe the file
	records int              // lines in the file
	keys    map[voteKey]bool // distinct (answer, user) in the file
}

// voteKey identifies one user's vote on one answer; only the latest counts.
type voteKey struct{ answer, user string }

// compactSlack lets a few superseded votes accumulate before the file is rewritten.
const compactSlack = 64

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

func (f *feedbackStore) path() string { return filepath.Join(f.dir, FeedbackFile) }

// add appends one record, compacting the file when superseded votes pile up; without a data folder
// it does nothing.
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
	if !f.counted {
		v, err := readVotes(f.path())
		if err != nil {
			return err
		}
		f.records, f.keys, f.counted = v.records, map[voteKey]bool{}, true
		for k := range v.last {
			f.keys[k] = true
		}
	}
	file, err := os.OpenFile(f.path(), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("opening the feedback file: %w", err)
	}
	if _, err := file.Write(append(b, '\n')); err != nil {
		file.Close()
		return fmt.Errorf("writing feedback: %w", err)
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("writing feedback: %w", err)
	}
	f.records++
	f.keys[voteKey{r.AnswerID, r.User}] = true
	if f.records > 2*len(f.keys)+compactSlack {
		return f.compact()
	}
	return nil
}

// compact rewrites the file with each user's latest vote on each answer (carrying the question and
// answer text of any record of it) and any unreadable lines as they were, replacing it atomically.
// f.mu is held.
func (f *feedbackStore) compact() error {
	v, err := readVotes(f.path())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	for _, k := range v.order {
		r := v.last[k]
		t := v.texts[r.AnswerID]
		r.Question, r.Answer = cmp.Or(r.Question, t[0]), cmp.Or(r.Answer, t[1])
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encoding feedback: %w", err)
		}
		buf.Write(append(b, '\n'))
	}
	for _, line := range v.unreadable {
		buf.Write(append(line, '\n'))
	}
	tmp, err := os.CreateTemp(f.dir, FeedbackFile+".*")
	if err != nil {
		return fmt.Errorf("compacting feedback: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("compacting feedback: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("compacting feedback: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("compacting feedback: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("compacting feedback: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.path()); err != nil {
		return fmt.Errorf("compacting feedback: %w", err)
	}
	f.records = len(v.order) + len(v.unreadable)
	return nil
}

// votes is what a feedback file holds: each user's latest vote per answer, in the order of those
// votes, the question and answer text per answer (from any record), and lines that are not votes.
type votes struct {
	last       map[voteKey]Feedback
	order      []voteKey // by latest vote, oldest first
	texts      map[string][2]string
	unreadable [][]byte
	records    int
}

// readVotes reads a feedback file; a missing one holds no votes.
func readVotes(path string) (votes, error) {
	v := votes{last: map[voteKey]Feedback{}, texts: map[string][2]string{}}
	file, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return v, nil
	}
	if err != nil {
		return v, fmt.Errorf("reading feedback: %w", err)
	}
	defer file.Close()
	seq := map[voteKey]int{}
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		v.records++
		var r Feedback
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || (r.Vote != "up" && r.Vote != "down") {
			v.unreadable = append(v.unreadable, bytes.Clone(sc.Bytes()))
			continue
		}
		k := voteKey{r.AnswerID, r.User}
		v.last[k] = r
		seq[k] = v.records
		t := v.texts[r.AnswerID]
		t[0], t[1] = cmp.Or(r.Question, t[0]), cmp.Or(r.Answer, t[1])
		v.texts[r.AnswerID] = t
	}
	if err := sc.Err(); err != nil {
		return v, fmt.Errorf("reading feedback: %w", err)
	}
	for k := range v.last {
		v.order = append(v.order, k)
	}
	sort.Slice(v.order, func(i, j int) bool { return seq[v.order[i]] < seq[v.order[j]] })
	return v, nil
}

// FeedbackReport summarises the feedback in a data folder.
type FeedbackReport struct {
	Total   int `json:"total"`
	Up      int `json:"up"`
	Down    int `json:"down"`
	Answers int `json:"answers"` // distinct answers voted on
	// Disliked lists the answers with more 👎 than 👍, most disliked first (at most 20); never nil.
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
	rep := FeedbackReport{Disliked: []VotedAnswer{}}
	v, err := readVotes(filepath.Join(dataDir, FeedbackFile))
	if err != nil {
		return rep, err
	}
	rep.Skipped = len(v.unreadable)
	byAnswer := map[string]*VotedAnswer{}
	for _, r := range v.last {
		va := byAnswer[r.AnswerID]
		if va == nil {
			t := v.texts[r.AnswerID]
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
	_, err := fmt.Fprintf(w, "%s on %s: %d 👍, %d 👎\n", plural(r.Total, "vote"), plural(r.Answers, "answer"), r.Up, r.Down)
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
		fmt.Fprintf(w, "(%s skipped)\n", plural(r.Skipped, "unreadable line"))
	}
	return nil
}

// plural returns "1 vote", "2 votes".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
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

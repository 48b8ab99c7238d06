package questionlog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/citebot/citebot/answer"
)

// Question is one logged question, with the votes its answer got.
type Question struct {
	ID      string
	Time    time.Time
	Surface string
	Via     string
	// User is the asker's salted hash, "" when the surface has no user identity.
	User     string
	Question string
	// Query is the standalone question actually searched when a follow-up was rewritten.
	Query        string
	Abstained    bool
	Verification string
	Mode         string
	Cited        []Cited
	// Up and Down count the votes (each user's last one).
	Up, Down int
}

// Text is the question as a need: the standalone query when a follow-up was rewritten ("and
// Kuaishou?" means nothing alone), else the question as asked.
func (q Question) Text() string {
	if q.Query != "" {
		return q.Query
	}
	return q.Question
}

// Unanswered reports whether the question shows a gap in the documents: the answer abstained, its
// citations could not be checked, or it got more 👎 than 👍.
func (q Question) Unanswered() bool {
	return q.Abstained || q.Verification == answer.VerificationUnverified || q.Down > q.Up
}

// ReadStats says what [Read] found besides the questions.
type ReadStats struct {
	// Unreadable counts lines that could not be read.
	Unreadable int
}

// Read returns the questions logged in dir at or after since, oldest first, with their votes. A
// missing log is empty. It only reads: a server may be appending and compacting meanwhile, and each
// compaction replaces the file whole.
func Read(dir string, since time.Time) ([]Question, ReadStats, error) {
	data, err := os.ReadFile(filepath.Join(dir, File))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ReadStats{}, nil
	}
	if err != nil {
		return nil, ReadStats{}, fmt.Errorf("reading the question log: %w", err)
	}
	lines, st := parse(data)
	var out []Question
	for _, l := range lines {
		if l.Time.Before(since) {
			continue
		}
		q := Question{
			ID: l.ID, Time: l.Time, Surface: l.Surface, Via: l.Via, User: l.User, Question: l.Question,
			Query: l.Query, Abstained: l.Abstained != nil && *l.Abstained, Verification: l.Verification,
			Mode: l.Mode, Cited: l.Cited,
		}
		for _, v := range l.Votes {
			if v == VoteUp {
				q.Up++
			} else {
				q.Down++
			}
		}
		out = append(out, q)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, ReadStats{Unreadable: st.Unreadable}, nil
}

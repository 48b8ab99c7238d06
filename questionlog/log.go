// Package questionlog keeps the questions citebot is asked, on every surface, in the data folder:
// when, where, the question, whether it was answered or abstained, how its citations were checked,
// which files and paragraphs it cited, and the 👍/👎 it later got. It is what `citebot gaps` reads
// to show what the documents fail to answer.
//
// The asker is stored only as a salted hash (HMAC-SHA-256 with a random salt generated once and kept
// beside the log, never logged), enough to tell one asker from another and nothing more. Records
// older than the retention period are removed when the log is opened and then daily by
// [Log.Maintain]; a retention of 0 days turns the log off and deletes it.
//
// The log is one JSON object per line (questions.jsonl). Appends from the goroutines of one process
// are serialised; each append opens the file with O_APPEND, so a second process appending at the
// same time (citebot ask --log while citebot serve runs) interleaves whole lines. Compaction
// rewrites the file to a temporary one and renames it into place, folding the votes into their
// questions, so the file holds about one line per question of the retention period.
package questionlog

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/filelock"
)

// Files the log keeps in the data folder.
const (
	// File holds the records, one JSON object per line.
	File = "questions.jsonl"
	// SaltFile holds the salt of the user hashes (hex). Deleting it makes new hashes unrelated to old ones.
	SaltFile = "questions.salt"
)

// Surfaces a question can come from.
const (
	SurfaceDiscord = "discord"
	SurfaceWeb     = "web"
	SurfaceCLI     = "cli"
)

// Votes a question can get.
const (
	VoteUp   = "up"
	VoteDown = "down"
)

// compactEvery is how often [Log.Maintain] enforces the retention period.
const compactEvery = 24 * time.Hour

// Config configures a [Log].
type Config struct {
	// Dir is the data folder. Required.
	Dir string
	// Days is the retention period in days [CITEBOT_LOG_DAYS]. 0 turns the log off: nothing is
	// recorded and [Open] deletes an existing log.
	Days int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives compaction reports and write errors; nil discards them. The salt and raw user
	// identities never reach it.
	Logger *slog.Logger
}

// Log records questions and votes. Its methods are safe for concurrent use, and do nothing on a nil
// *Log or a log that is off.
type Log struct {
	dir  string
	days int
	now  func() time.Time
	log  *slog.Logger
	salt []byte

	mu sync.Mutex // serialises appends and compactions within the process
}

// lockFile is the file whose flock orders appends and compactions between processes (serve and a
// one-shot "ask --log" share a data folder): appends share it, a compaction holds it alone, so no
// append lands in the old file while a compaction replaces it.
const lockFile = File + ".lock"

// withFileLock runs fn holding the cross-process lock, shared or exclusive.
func (l *Log) withFileLock(exclusive bool, fn func() error) error {
	f, err := os.OpenFile(filepath.Join(l.dir, lockFile), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("question log: opening %s: %w", lockFile, err)
	}
	defer f.Close()
	lock := filelock.Shared
	if exclusive {
		lock = filelock.Exclusive
	}
	if err := lock(f); err != nil {
		return fmt.Errorf("question log: locking %s: %w", lockFile, err)
	}
	defer filelock.Unlock(f)
	return fn()
}

// Open opens the log in cfg.Dir, creating the folder and the salt if needed, and enforces the
// retention period at once. With Days 0 it deletes an existing log file and returns a log that
// records nothing.
func Open(ctx context.Context, cfg Config) (*Log, error) {
	if cfg.Dir == "" {
		return nil, errors.New("question log: no data folder")
	}
	if cfg.Days < 0 {
		return nil, fmt.Errorf("question log: retention of %d days: want 0 (off) or more", cfg.Days)
	}
	l := &Log{dir: cfg.Dir, days: cfg.Days, now: cfg.Now, log: cfg.Logger}
	if l.now == nil {
		l.now = time.Now
	}
	if l.log == nil {
		l.log = slog.New(slog.DiscardHandler)
	}
	if l.days == 0 {
		err := os.Remove(l.path())
		switch {
		case err == nil:
			l.log.Info("question log is off (CITEBOT_LOG_DAYS=0): deleted the existing log", "file", l.path())
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("question log is off, but deleting the existing log failed: %w", err)
		}
		return l, nil
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("question log: creating the data folder: %w", err)
	}
	salt, err := loadSalt(filepath.Join(cfg.Dir, SaltFile))
	if err != nil {
		return nil, err
	}
	l.salt = salt
	if _, err := l.Compact(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// On reports whether the log records anything.
func (l *Log) On() bool { return l != nil && l.days > 0 }

// Days is the retention period in days (0: off).
func (l *Log) Days() int {
	if l == nil {
		return 0
	}
	return l.days
}

func (l *Log) path() string { return filepath.Join(l.dir, File) }

// loadSalt reads the salt, or creates it (32 random bytes) when there is none.
func loadSalt(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		salt := make([]byte, 32)
		if _, err := rand.Read(salt); err != nil {
			return nil, fmt.Errorf("question log: generating the salt: %w", err)
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if errors.Is(err, fs.ErrExist) { // another process made it first: use theirs
			return loadSalt(path)
		}
		if err != nil {
			return nil, fmt.Errorf("question log: creating %s: %w", SaltFile, err)
		}
		_, werr := f.WriteString(hex.EncodeToString(salt) + "\n")
		if err := errors.Join(werr, f.Close()); err != nil {
			return nil, fmt.Errorf("question log: writing %s: %w", SaltFile, err)
		}
		return salt, nil
	}
	if err != nil {
		return nil, fmt.Errorf("question log: reading %s: %w", SaltFile, err)
	}
	salt, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(salt) < 16 {
		return nil, fmt.Errorf("question log: %s in %s is damaged; delete it to start a new salt (new user hashes will not match old ones)", SaltFile, filepath.Dir(path))
	}
	return salt, nil
}

// hashUser is the stored form of a user identity on a surface: a truncated HMAC-SHA-256 keyed by
// the salt. "" stays "".
func (l *Log) hashUser(surface, user string) string {
	if user == "" {
		return ""
	}
	m := hmac.New(sha256.New, l.salt)
	m.Write([]byte(surface))
	m.Write([]byte{0})
	m.Write([]byte(user))
	return hex.EncodeToString(m.Sum(nil)[:12])
}

// Entry is one answered question to record.
type Entry struct {
	// ID identifies the answer so later votes find it (Discord: the interaction or message ID);
	// empty means a random one.
	ID string
	// Surface is where it was asked: [SurfaceDiscord], [SurfaceWeb] or [SurfaceCLI].
	Surface string
	// Via says how, within the surface (e.g. "slash", "mention", "message_command", "forum"); optional.
	Via string
	// User is the asker's identity on the surface (a Discord user ID); only its salted hash is
	// stored. Empty for none.
	User string
	// Answer is what the asker got: its question, standalone query, abstention, verification state
	// and citations are recorded (not its text).
	Answer answer.Answer
}

// Cited is a cited paragraph.
type Cited struct {
	File      string `json:"file"`
	Paragraph int    `json:"paragraph"`
}

// line is one record of the file: a question ("q") or a vote ("v").
type line struct {
	Kind         string    `json:"kind"`
	ID           string    `json:"id"`
	Time         time.Time `json:"time"`
	Surface      string    `json:"surface,omitempty"`
	Via          string    `json:"via,omitempty"`
	User         string    `json:"user,omitempty"`
	Question     string    `json:"question,omitempty"`
	Query        string    `json:"query,omitempty"`
	Abstained    *bool     `json:"abstained,omitempty"`
	Verification string    `json:"verification,omitempty"`
	Mode         string    `json:"mode,omitempty"`
	Cited        []Cited   `json:"cited,omitempty"`
	// Vote is a vote record's "up" or "down".
	Vote string `json:"vote,omitempty"`
	// Votes are the votes folded into a question by compaction: user hash -> "up" or "down".
	Votes map[string]string `json:"votes,omitempty"`
}

const (
	kindQuestion = "q"
	kindVote     = "v"
)

// Record appends an answered question; it returns the ID votes should use.
func (l *Log) Record(e Entry) (string, error) {
	if !l.On() {
		return e.ID, nil
	}
	if e.ID == "" {
		e.ID = randomID()
	}
	a := e.Answer
	abstained := a.Abstained
	rec := line{
		Kind: kindQuestion, ID: e.ID, Time: l.now().UTC(), Surface: e.Surface, Via: e.Via,
		User: l.hashUser(e.Surface, e.User), Question: a.Question, Query: a.Query, Abstained: &abstained,
		Verification: a.Verification, Mode: a.Mode, Cited: citedOf(a.Citations),
	}
	return e.ID, l.append(rec)
}

// Vote appends a 👍 ("up") or 👎 ("down") given by user on surface to the answer id. Each user's
// last vote on an answer counts.
func (l *Log) Vote(id, surface, user, vote string) error {
	if !l.On() {
		return nil
	}
	if vote != VoteUp && vote != VoteDown {
		return fmt.Errorf("question log: vote %q: want %q or %q", vote, VoteUp, VoteDown)
	}
	return l.append(line{Kind: kindVote, ID: id, Time: l.now().UTC(), Surface: surface, User: l.hashUser(surface, user), Vote: vote})
}

func citedOf(cs []answer.Citation) []Cited {
	var out []Cited
	seen := map[Cited]bool{}
	for _, c := range cs {
		k := Cited{File: c.File, Paragraph: c.Paragraph}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func randomID() string {
	b := make([]byte, 8)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return hex.EncodeToString(b)
}

// append writes one record as one line, in one write call on a file opened for appending.
func (l *Log) append(rec line) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("question log: encoding a record: %w", err)
	}
	b = append(b, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.withFileLock(false, func() error {
		f, err := os.OpenFile(l.path(), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("question log: opening %s: %w", File, err)
		}
		_, werr := f.Write(b)
		if err := errors.Join(werr, f.Close()); err != nil {
			return fmt.Errorf("question log: appending to %s: %w", File, err)
		}
		return nil
	})
}

// CompactStats says what a compaction did.
type CompactStats struct {
	Kept       int // questions kept
	Expired    int // questions older than the retention period, removed
	Votes      int // vote records folded into their questions or dropped with them
	Unreadable int // lines that could not be read, removed
}

// Compact enforces the retention period: it rewrites the log without the questions older than it
// (and their votes), folds each vote into its question and drops unreadable lines.
func (l *Log) Compact(ctx context.Context) (CompactStats, error) {
	var st CompactStats
	if !l.On() {
		return st, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	err := l.withFileLock(true, func() error {
		var err error
		st, err = l.compact(ctx)
		return err
	})
	return st, err
}

// compact is Compact under both locks.
func (l *Log) compact(ctx context.Context) (CompactStats, error) {
	var st CompactStats
	data, err := os.ReadFile(l.path())
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("question log: reading %s: %w", File, err)
	}
	cutoff := l.now().Add(-time.Duration(l.days) * 24 * time.Hour)
	qs, stats := parse(data)
	st.Unreadable, st.Votes = stats.Unreadable, stats.Votes
	var out bytes.Buffer
	for _, q := range qs {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		if q.Time.Before(cutoff) {
			st.Expired++
			continue
		}
		st.Kept++
		b, err := json.Marshal(q)
		if err != nil {
			return st, fmt.Errorf("question log: encoding a record: %w", err)
		}
		out.Write(append(b, '\n'))
	}
	if st.Expired == 0 && st.Votes == 0 && st.Unreadable == 0 {
		return st, nil // nothing to change: leave the file alone
	}
	if err := writeAtomic(l.path(), out.Bytes()); err != nil {
		return st, err
	}
	l.log.Info("question log compacted", "kept", st.Kept, "expired", st.Expired, "votes_folded", st.Votes,
		"unreadable", st.Unreadable, "retention_days", l.days)
	return st, nil
}

// writeAtomic replaces path with data through a temporary file in the same folder.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), File+".*.tmp")
	if err != nil {
		return fmt.Errorf("question log: compacting: %w", err)
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr, os.Chmod(tmp.Name(), 0o600)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("question log: compacting: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("question log: compacting: %w", err)
	}
	return nil
}

// Maintain enforces the retention period once a day until ctx ends.
func (l *Log) Maintain(ctx context.Context) {
	l.maintain(ctx, compactEvery)
}

func (l *Log) maintain(ctx context.Context, every time.Duration) {
	if !l.On() {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := l.Compact(ctx); err != nil && ctx.Err() == nil {
				l.log.Error("enforcing the question log's retention failed", "err", err)
			}
		}
	}
}

// parseStats counts what parse skipped or folded.
type parseStats struct {
	Votes      int
	Unreadable int
}

// parse reads the records of a log file and returns its questions in file order, each with the
// votes given to it folded in (each user's last vote). Votes for unknown questions are dropped.
func parse(data []byte) ([]*line, parseStats) {
	var st parseStats
	var qs []*line
	byID := map[string]*line{}
	var votes []line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var r line
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.ID == "" {
			st.Unreadable++
			continue
		}
		switch r.Kind {
		case kindQuestion:
			q := r
			if old := byID[q.ID]; old != nil { // the same ID twice: the later record wins, votes kept
				q.Votes = mergeVotes(old.Votes, q.Votes)
				*old = q
				continue
			}
			byID[q.ID] = &q
			qs = append(qs, &q)
		case kindVote:
			if r.Vote != VoteUp && r.Vote != VoteDown {
				st.Unreadable++
				continue
			}
			votes = append(votes, r)
		default:
			st.Unreadable++
		}
	}
	if sc.Err() != nil {
		st.Unreadable++ // a line past the scanner's limit: the rest is unreadable
	}
	for _, v := range votes {
		st.Votes++
		q := byID[v.ID]
		if q == nil {
			continue
		}
		if q.Votes == nil {
			q.Votes = map[string]string{}
		}
		user := v.User
		if user == "" {
			user = "-" // an anonymous vote: one slot for all of them
		}
		q.Votes[user] = v.Vote
	}
	return qs, st
}

func mergeVotes(a, b map[string]string) map[string]string {
	if len(a) == 0 {
		return b
	}
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

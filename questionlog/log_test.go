package questionlog

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
)

// clock is a settable clock for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)} }

func open(tb testing.TB, dir string, days int, c *clock, logs *bytes.Buffer) *Log {
	tb.Helper()
	cfg := Config{Dir: dir, Days: days, Now: c.now}
	if logs != nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	l, err := Open(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("Open(%+v) = %v", cfg, err)
	}
	return l
}

func answered(q string) answer.Answer {
	return answer.Answer{Question: q, Mode: answer.ModeExtractive, Verification: answer.VerificationVerified,
		Citations: []answer.Citation{{N: 1, File: "a.txt", Paragraph: 3}, {N: 2, File: "a.txt", Paragraph: 3}, {N: 3, File: "b.md", Paragraph: 1}}}
}

func abstained(q string) answer.Answer {
	return answer.Answer{Question: q, Abstained: true, Mode: answer.ModeExtractive, Verification: answer.VerificationVerified, Citations: []answer.Citation{}}
}

func TestRecordAndRead(t *testing.T) {
	dir, c := t.TempDir(), newClock()
	l := open(t, dir, 30, c, nil)
	id, err := l.Record(Entry{ID: "i1", Surface: SurfaceDiscord, Via: "slash", User: "111111111111111111", Answer: answered("What is Douyin?")})
	if err != nil || id != "i1" {
		t.Fatalf("Record = %q, %v", id, err)
	}
	c.advance(time.Minute)
	follow := abstained("and its CEO?")
	follow.Query = "Who is Douyin's CEO?"
	follow.Verification = answer.VerificationUnverified
	webID, err := l.Record(Entry{Surface: SurfaceWeb, Answer: follow})
	if err != nil || len(webID) != 16 {
		t.Fatalf("Record(no ID) = %q, %v; want a random 16-hex-digit ID", webID, err)
	}

	qs, st, err := Read(dir, time.Time{})
	if err != nil || st.Unreadable != 0 || len(qs) != 2 {
		t.Fatalf("Read = %d questions, %+v, %v; want 2", len(qs), st, err)
	}
	q := qs[0]
	if q.ID != "i1" || q.Surface != "discord" || q.Via != "slash" || q.Question != "What is Douyin?" || q.Abstained ||
		q.Verification != "verified" || q.Mode != "extractive" || !q.Time.Equal(newClock().t) {
		t.Errorf("first question = %+v", q)
	}
	if want := []Cited{{"a.txt", 3}, {"b.md", 1}}; fmt.Sprint(q.Cited) != fmt.Sprint(want) {
		t.Errorf("cited = %v, want %v (each paragraph once)", q.Cited, want)
	}
	if q.Unanswered() {
		t.Errorf("a verified answer counts as unanswered")
	}
	w := qs[1]
	if w.User != "" || w.Text() != "Who is Douyin's CEO?" || !w.Abstained || !w.Unanswered() {
		t.Errorf("web question = %+v, Text %q; want no user, the standalone query as its text, unanswered", w, w.Text())
	}
	// Read honours since.
	if qs, _, _ := Read(dir, newClock().t.Add(30*time.Second)); len(qs) != 1 || qs[0].ID != webID {
		t.Errorf("Read(since) = %+v, want only the later question", qs)
	}
}

func TestUsersAreStoredOnlyAsSaltedHashes(t *testing.T) {
	const user = "123456789012345678"
	dir, c := t.TempDir(), newClock()
	var logs bytes.Buffer
	l := open(t, dir, 30, c, &logs)
	l.Record(Entry{ID: "a", Surface: SurfaceDiscord, User: user, Answer: answered("q1")})
	l.Vote("a", SurfaceDiscord, user, VoteDown)

	data, _ := os.ReadFile(filepath.Join(dir, File))
	if bytes.Contains(data, []byte(user)) {
		t.Fatalf("the log holds the raw user ID:\n%s", data)
	}
	saltHex, err := os.ReadFile(filepath.Join(dir, SaltFile))
	if err != nil {
		t.Fatal(err)
	}
	salt, err := hex.DecodeString(strings.TrimSpace(string(saltHex)))
	if err != nil || len(salt) != 32 {
		t.Fatalf("salt file = %q, want 32 bytes in hex", saltHex)
	}
	if fi, _ := os.Stat(filepath.Join(dir, SaltFile)); fi.Mode().Perm() != 0o600 {
		t.Errorf("salt file mode %v, want 0600", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(filepath.Join(dir, File)); fi.Mode().Perm() != 0o600 {
		t.Errorf("log file mode %v, want 0600", fi.Mode().Perm())
	}

	// The same user hashes alike after a restart (the salt is kept), differently on another surface,
	// and differently in another data folder (another salt).
	l2 := open(t, dir, 30, c, &logs)
	l2.Record(Entry{ID: "b", Surface: SurfaceDiscord, User: user, Answer: answered("q2")})
	l2.Record(Entry{ID: "c", Surface: SurfaceWeb, User: user, Answer: answered("q3")})
	other := t.TempDir()
	open(t, other, 30, c, &logs).Record(Entry{ID: "d", Surface: SurfaceDiscord, User: user, Answer: answered("q4")})
	qs, _, _ := Read(dir, time.Time{})
	oq, _, _ := Read(other, time.Time{})
	if len(qs) != 3 || len(oq) != 1 {
		t.Fatalf("read %d and %d questions, want 3 and 1", len(qs), len(oq))
	}
	if qs[0].User == "" || qs[0].User != qs[1].User {
		t.Errorf("same user, same salt: hashes %q and %q, want equal and non-empty", qs[0].User, qs[1].User)
	}
	if qs[2].User == qs[0].User {
		t.Errorf("another surface gives the same hash %q", qs[2].User)
	}
	if oq[0].User == qs[0].User {
		t.Errorf("another salt gives the same hash %q", oq[0].User)
	}
	if qs[0].Down != 1 || !qs[0].Unanswered() {
		t.Errorf("voted question = %+v, want one 👎 and unanswered", qs[0])
	}
	// Neither the salt nor the user ever reaches the logs.
	if s := logs.String(); strings.Contains(s, strings.TrimSpace(string(saltHex))) || strings.Contains(s, user) {
		t.Errorf("logs reveal the salt or the user:\n%s", s)
	}
}

func TestVotesLastPerUserCounts(t *testing.T) {
	dir, c := t.TempDir(), newClock()
	l := open(t, dir, 30, c, nil)
	l.Record(Entry{ID: "a", Surface: SurfaceDiscord, User: "1", Answer: answered("q")})
	for _, v := range []struct{ user, vote string }{{"2", VoteDown}, {"3", VoteDown}, {"2", VoteUp}, {"4", VoteUp}, {"3", VoteDown}} {
		if err := l.Vote("a", SurfaceDiscord, v.user, v.vote); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Vote("a", SurfaceDiscord, "2", "meh"); err == nil {
		t.Errorf("Vote(meh) = nil, want an error")
	}
	l.Vote("gone", SurfaceDiscord, "2", VoteDown) // an answer the log does not have
	check := func(when string) {
		t.Helper()
		qs, _, _ := Read(dir, time.Time{})
		if len(qs) != 1 || qs[0].Up != 2 || qs[0].Down != 1 || qs[0].Unanswered() {
			t.Errorf("%s: %+v, want 2 up, 1 down (last vote per user), answered", when, qs)
		}
	}
	check("before compaction")
	c.advance(time.Hour)
	st, err := l.Compact(context.Background())
	if err != nil || st.Kept != 1 || st.Votes != 6 {
		t.Errorf("Compact = %+v, %v; want 1 kept, 6 votes folded or dropped", st, err)
	}
	check("after compaction")
	data, _ := os.ReadFile(filepath.Join(dir, File))
	if n := bytes.Count(data, []byte("\n")); n != 1 {
		t.Errorf("compacted log has %d lines, want 1 (votes folded into the question):\n%s", n, data)
	}
	// A vote after compaction still overrides the folded one.
	l.Vote("a", SurfaceDiscord, "4", VoteDown)
	l.Vote("a", SurfaceDiscord, "5", VoteDown)
	if qs, _, _ := Read(dir, time.Time{}); qs[0].Up != 1 || qs[0].Down != 3 || !qs[0].Unanswered() {
		t.Errorf("after more votes: %+v, want 1 up 3 down, unanswered", qs[0])
	}
}

func TestRetentionOnOpenAndDaily(t *testing.T) {
	dir, c := t.TempDir(), newClock()
	l := open(t, dir, 3, c, nil)
	l.Record(Entry{ID: "old", Surface: SurfaceWeb, Answer: answered("old")})
	l.Vote("old", SurfaceDiscord, "9", VoteDown)
	c.advance(2 * 24 * time.Hour)
	l.Record(Entry{ID: "mid", Surface: SurfaceWeb, Answer: answered("mid")})
	c.advance(2 * 24 * time.Hour) // "old" is now 4 days old, "mid" 2
	os.WriteFile(filepath.Join(dir, File), append(must(os.ReadFile(filepath.Join(dir, File))), []byte("{not json\n")...), 0o600)

	// On start: the old question, its vote and the broken line go.
	var logs bytes.Buffer
	l = open(t, dir, 3, c, &logs)
	if qs := ids(t, dir); qs != "mid" {
		t.Errorf("after reopening: questions %q, want only mid", qs)
	}
	if !strings.Contains(logs.String(), "expired=1") || !strings.Contains(logs.String(), "unreadable=1") {
		t.Errorf("compaction log = %q, want expired=1 unreadable=1", logs.String())
	}
	// Daily: a server that keeps running drops "mid" once it is older than 3 days.
	l.Record(Entry{ID: "new", Surface: SurfaceWeb, Answer: answered("new")})
	c.advance(2 * 24 * time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { l.maintain(ctx, 5*time.Millisecond); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for ids(t, dir) != "new" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if got := ids(t, dir); got != "new" {
		t.Errorf("after the daily compaction: questions %q, want only new", got)
	}
}

func TestZeroDaysTurnsTheLogOff(t *testing.T) {
	dir, c := t.TempDir(), newClock()
	l := open(t, dir, 30, c, nil)
	l.Record(Entry{ID: "a", Surface: SurfaceWeb, Answer: answered("q")})
	off := open(t, dir, 0, c, nil)
	if _, err := os.Stat(filepath.Join(dir, File)); !os.IsNotExist(err) {
		t.Errorf("with 0 days the old log is still there (%v)", err)
	}
	if off.On() {
		t.Errorf("On() = true with 0 days")
	}
	if _, err := off.Record(Entry{Surface: SurfaceWeb, Answer: answered("q")}); err != nil {
		t.Errorf("Record on an off log = %v", err)
	}
	if err := off.Vote("a", SurfaceDiscord, "1", VoteUp); err != nil {
		t.Errorf("Vote on an off log = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, File)); !os.IsNotExist(err) {
		t.Errorf("an off log wrote a file (%v)", err)
	}
	var nilLog *Log
	if _, err := nilLog.Record(Entry{}); err != nil || nilLog.On() {
		t.Errorf("nil log: Record = %v, On = %v", err, nilLog.On())
	}
}

func TestDamagedSaltIsAClearError(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, SaltFile), []byte("xyz"), 0o600)
	_, err := Open(context.Background(), Config{Dir: dir, Days: 30})
	if err == nil || !strings.Contains(err.Error(), SaltFile) || !strings.Contains(err.Error(), "delete it") {
		t.Errorf("Open with a damaged salt = %v, want an error naming the file and the fix", err)
	}
}

// Concurrent writers and compactions lose no record and never interleave lines.
func TestConcurrentWriters(t *testing.T) {
	dir, c := t.TempDir(), newClock()
	l := open(t, dir, 30, c, nil)
	const writers, each = 16, 40
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				id := fmt.Sprintf("w%d-%d", w, i)
				if _, err := l.Record(Entry{ID: id, Surface: SurfaceDiscord, User: fmt.Sprint(w), Answer: abstained(strings.Repeat("long question ", 50))}); err != nil {
					t.Error(err)
				}
				if err := l.Vote(id, SurfaceDiscord, "v", VoteDown); err != nil {
					t.Error(err)
				}
				if i%10 == 0 {
					if _, err := l.Compact(context.Background()); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	qs, st, err := Read(dir, time.Time{})
	if err != nil || st.Unreadable != 0 || len(qs) != writers*each {
		t.Fatalf("Read = %d questions, %+v, %v; want %d, none unreadable", len(qs), st, err, writers*each)
	}
	for _, q := range qs {
		if q.Down != 1 {
			t.Fatalf("question %s has %d 👎, want 1", q.ID, q.Down)
		}
	}
}

func ids(tb testing.TB, dir string) string {
	tb.Helper()
	qs, _, err := Read(dir, time.Time{})
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, q := range qs {
		out = append(out, q.ID)
	}
	return strings.Join(out, ",")
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// childAppendsEnv makes the test binary, run as a child process, append childQuestions questions
// to the log in the folder it names and exit (see TestAppendsSurviveAnotherProcessCompacting).
const (
	childAppendsEnv = "CITEBOT_QUESTIONLOG_CHILD_DIR"
	childQuestions  = 400
)

// TestAppendsSurviveAnotherProcessCompacting runs a real second process that appends questions
// while this one compacts the same log over and over (each compaction replaces the file): every
// question must be there at the end. Without the file lock an append can land in the file a
// compaction has just read and is about to replace, and is lost.
func TestAppendsSurviveAnotherProcessCompacting(t *testing.T) {
	if dir := os.Getenv(childAppendsEnv); dir != "" {
		l, err := Open(context.Background(), Config{Dir: dir, Days: 30})
		if err != nil {
			t.Fatal(err)
		}
		for i := range childQuestions {
			if _, err := l.Record(Entry{Surface: SurfaceCLI, Answer: answered(fmt.Sprintf("child question %d", i))}); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	dir := t.TempDir()
	l, err := Open(context.Background(), Config{Dir: dir, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run=^TestAppendsSurviveAnotherProcessCompacting$", "-test.count=1")
	child.Env = append(os.Environ(), childAppendsEnv+"="+dir)
	var childOut bytes.Buffer
	child.Stdout, child.Stderr = &childOut, &childOut
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	compactions := 0
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("child process: %v\n%s", err, childOut.String())
			}
			running = false
		default:
			// A vote for no question forces the next compaction to rewrite the file.
			if err := l.Vote("none", SurfaceWeb, "1", "up"); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Compact(context.Background()); err != nil {
				t.Fatal(err)
			}
			compactions++
		}
	}
	qs, _, err := Read(dir, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, q := range qs {
		seen[q.Question] = true
	}
	lost := 0
	for i := range childQuestions {
		if !seen[fmt.Sprintf("child question %d", i)] {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d questions appended by the other process were lost across %d compactions", lost, childQuestions, compactions)
	}
	if compactions < 5 {
		t.Logf("only %d compactions overlapped the child's appends", compactions)
	}
}

package bot

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
)

func TestNewReportsEveryProblem(t *testing.T) {
	_, err := New(Config{APIURL: "ftp://x", AllowRoles: []string{"admin"}, MaxConcurrent: -1}, offlineEngine(t))
	if err == nil {
		t.Fatal("New accepted a bad config")
	}
	for _, want := range []string{"DISCORD_TOKEN", "DISCORD_API_URL", "CITEBOT_ALLOW_ROLES", "CITEBOT_MAX_CONCURRENT"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("New error %q does not name %s", err, want)
		}
	}
}

func TestParseAPIURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://127.0.0.1:8081", "http://127.0.0.1:8081/api"},
		{"https://proxy.example.org/discord/api/", "https://proxy.example.org/discord/api"},
	}
	for _, tt := range tests {
		u, err := parseAPIURL(tt.in)
		if err != nil || u.String() != tt.want {
			t.Errorf("parseAPIURL(%q) = %v, %v, want %s", tt.in, u, err, tt.want)
		}
	}
}

func TestQuotaSlidingWindow(t *testing.T) {
	now := time.Unix(0, 0)
	q := newQuota(2, time.Minute)
	q.now = func() time.Time { return now }
	if first, second := q.take("a"), q.take("a"); first != 0 || second != 0 {
		t.Fatal("first two questions refused")
	}
	now = now.Add(10 * time.Second)
	if got := q.take("a"); got != 50*time.Second {
		t.Errorf("third question: wait %v, want 50s", got)
	}
	if q.take("b") != 0 {
		t.Error("another user is limited by a's quota")
	}
	now = now.Add(50 * time.Second)
	if q.take("a") != 0 {
		t.Error("still refused after the window")
	}
}

// A quota of 0 or less is no quota (CITEBOT_QUOTA_PER_MINUTE=0 or -1), not a default of 5.
func TestQuotaZeroOrNegativeIsOff(t *testing.T) {
	for _, per := range []int{0, -1} {
		q := newQuota(per, time.Minute)
		for i := range 20 {
			if wait := q.take("a"); wait != 0 {
				t.Fatalf("quota %d: question %d refused (wait %v), want no quota", per, i+1, wait)
			}
		}
	}
}

func TestFeedbackSummaryCountsLastVote(t *testing.T) {
	dir := t.TempDir()
	fb := newFeedbackStore(dir)
	for _, r := range []Feedback{
		{Vote: "up", User: "u1", AnswerID: "a1", Question: "q1", Answer: "x"},
		{Vote: "down", User: "u1", AnswerID: "a1"}, // u1 changes their mind
		{Vote: "down", User: "u2", AnswerID: "a1"},
		{Vote: "up", User: "u2", AnswerID: "a2", Question: "q2"},
	} {
		if err := fb.add(r); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := FeedbackSummary(dir)
	if err != nil || rep.Total != 3 || rep.Up != 1 || rep.Down != 2 || rep.Answers != 2 || len(rep.Disliked) != 1 || rep.Disliked[0].Question != "q1" {
		t.Fatalf("FeedbackSummary = %+v, %v", rep, err)
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	if !strings.Contains(out.String(), "3 votes on 2 answers") || !strings.Contains(out.String(), "q1") {
		t.Errorf("WriteText = %q", out.String())
	}
	if rep, err := FeedbackSummary(t.TempDir()); err != nil || rep.Total != 0 {
		t.Errorf("empty data folder: %+v, %v", rep, err)
	}
}

// The /summary option's examples come from the corpus's own catalog, and the reply to an empty
// mention names no topic of the built-in corpus: a bot over one's own documents is about them.
func TestExamplesFollowTheCorpus(t *testing.T) {
	for _, tt := range []struct {
		ps   []answer.PlatformInfo
		want string
	}{
		{[]answer.PlatformInfo{{Name: "Gull bikes"}, {Name: "Trams"}, {Name: "Ferries"}}, "The platform to summarise, e.g. Gull bikes or Trams"},
		{[]answer.PlatformInfo{{Name: "Gull bikes"}}, "The platform to summarise, e.g. Gull bikes"},
		{[]answer.PlatformInfo{{Name: strings.Repeat("x", 120)}}, "The platform to summarise, e.g. " + strings.Repeat("x", 67) + "…"},
	} {
		got := platformDescription(tt.ps)
		if got != tt.want || textLen(got) > maxOptionDescription {
			t.Errorf("platformDescription(%v) = %q, want %q (at most %d)", tt.ps, got, tt.want, maxOptionDescription)
		}
	}
	for _, topic := range []string{"Douyin", "Pinduoduo", "live stream"} {
		if strings.Contains(msgEmpty, topic) {
			t.Errorf("msgEmpty %q names %q, a topic of the built-in corpus", msgEmpty, topic)
		}
	}
}

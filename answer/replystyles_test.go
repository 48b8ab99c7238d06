package answer_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/replystyles"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/llm"
)

// Every reply style of the table reaches its expected outcome through Ask, streamed and not, with the
// real llm client talking to the in-process OpenAI-compatible server; streamed, the text shown is
// exactly the final answer's.
func TestReplyStyles(t *testing.T) {
	cases := replystyles.Cases()
	if len(cases) < 40 {
		t.Fatalf("%d reply styles, want at least 40", len(cases))
	}
	srv := openaitest.New(t)
	script := replystyles.Install(t, srv, cases, 0)
	client, err := llm.New(llm.Config{BaseURL: srv.URL(), APIKey: "k", Timeout: 10 * time.Second, MaxRetries: -1,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	e, err := answer.New(answer.Config{Index: seedindex.Open(t), Model: client, ModelName: "test-model",
		Links: links.Builder{Base: "https://citebot.example"}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			for _, stream := range []bool{false, true} {
				var mu sync.Mutex
				var shown strings.Builder
				opts := answer.Options{}
				if stream {
					opts.OnToken = func(d string) { mu.Lock(); shown.WriteString(d); mu.Unlock() }
				}
				a, err := e.Ask(context.Background(), replystyles.Ask(cases, i), opts)
				if err != nil {
					t.Fatalf("stream=%v: Ask: %v", stream, err)
				}
				var streamed *string
				if stream {
					s := shown.String()
					streamed = &s
				}
				if stream && testing.Verbose() {
					t.Logf("%s: %q (%s) notice=%q", c.Name, a.Text, a.Verification, a.Notice)
				}
				for _, p := range replystyles.Check(c, a, streamed) {
					t.Errorf("stream=%v: %s", stream, p)
				}
			}
			all, repairs := script.Requests(i)
			want := 1
			if c.Want.Repair {
				want = 2
			}
			if all != 2*want || repairs != 2*(want-1) {
				t.Errorf("%d chat requests (%d repairs) for two answers, want %d (%d)", all, repairs, 2*want, 2*(want-1))
			}
		})
	}
}

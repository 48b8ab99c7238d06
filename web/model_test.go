package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/openaitest"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/llm"
)

// modelServer is a web server whose answer engine is in model mode: the real llm client talking to
// the in-process OpenAI-compatible server.
func modelServer(tb testing.TB, fake *openaitest.Server) *Server {
	tb.Helper()
	return modelServerWith(tb, fake, Config{})
}

// modelServerWith is [modelServer] with the given server configuration.
func modelServerWith(tb testing.TB, fake *openaitest.Server, cfg Config) *Server {
	tb.Helper()
	client, err := llm.New(llm.Config{BaseURL: fake.URL(), APIKey: "test-key", Timeout: 5 * time.Second,
		MaxRetries: 1, Backoff: func(int) time.Duration { return time.Millisecond }, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		tb.Fatal(err)
	}
	eng, err := answer.New(answer.Config{Index: seedindex.Open(tb), Model: client, ModelName: "test-model", Links: links.Builder{}})
	if err != nil {
		tb.Fatal(err)
	}
	srv, err := New(cfg, seedindex.Open(tb), eng)
	if err != nil {
		tb.Fatal(err)
	}
	return srv
}

var promptSourceRe = regexp.MustCompile(`(?s)<source-[0-9a-f]+ id="S1"[^>]*>\n(.*?)\n</source-`)

// citeFirstSource answers a question by quoting the first source verbatim, streamed in chunks, and
// rewrites follow-ups into a fixed standalone question.
func citeFirstSource(tb testing.TB) func(openaitest.Request) openaitest.Reply {
	return func(r openaitest.Request) openaitest.Reply {
		if strings.Contains(r.Messages()[0].Content, "standalone question") {
			return openaitest.TextReply("What is Kuaishou's business model?")
		}
		m := promptSourceRe.FindStringSubmatch(r.LastUserMessage())
		if m == nil {
			tb.Errorf("no source S1 in the prompt")
			return openaitest.TextReply("The sources do not say.")
		}
		words := strings.Fields(m[1])
		quote := strings.Join(words[:min(8, len(words))], " ")
		// Three sentences: a verified answer streams sentence by sentence.
		return openaitest.ChunkedReply(`The first source says so [S1: "`+quote+`"]. It adds detail. It ends here.`, 9)
	}
}

// In model mode the answer streams as several token events, the history reaches the model, and
// the final event carries the verified, cited answer.
func TestAskStreamsModelAnswer(t *testing.T) {
	fake := openaitest.New(t)
	fake.SetChatDefault(citeFirstSource(t))
	srv := modelServer(t, fake)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	body := `{"question":"and Kuaishou?","history":[{"role":"user","content":"What is Douyin's business model?"},{"role":"assistant","content":"Douyin sells through live streams [1]."}]}`
	resp, err := http.Post(ts.URL+"/api/ask?stream=1", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := readSSE(t, resp.Body)
	var tokens int
	for _, e := range events {
		if e.name == EventToken {
			tokens++
		}
	}
	if tokens < 3 {
		t.Errorf("got %d token events, want the model's chunks streamed (>= 3)", tokens)
	}
	last := events[len(events)-1]
	var a answer.Answer
	if last.name != EventAnswer || json.Unmarshal([]byte(last.data), &a) != nil {
		t.Fatalf("last event = %s %s, want the answer", last.name, last.data)
	}
	if a.Mode != answer.ModeLLM || a.Model != "test-model" || len(a.Citations) != 1 || !strings.Contains(a.Text, "[1]") {
		t.Errorf("answer = %+v, want a model answer with one verified citation", a)
	}
	var sawHistory bool
	for _, r := range fake.RequestsTo(openaitest.PathChat) {
		for _, m := range r.Messages() {
			if strings.Contains(m.Content, "Douyin sells through live streams") {
				sawHistory = true
			}
		}
	}
	if !sawHistory {
		t.Errorf("no model request carried the conversation history")
	}
}

// When the model fails the server still answers (the engine's offline fallback) and counts a model
// error and a fallback.
func TestAskModelFailureCountsFallback(t *testing.T) {
	fake := openaitest.New(t)
	fake.SetChatDefault(func(openaitest.Request) openaitest.Reply { return openaitest.ServerErrorReply() })
	srv := modelServer(t, fake)
	rec := do(t, srv.Handler(), "POST", "/api/ask", jsonBody(`{"question":"What is Pinduoduo's business model?"}`), nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("POST /api/ask with a failing model = %d %s, want 200 with the offline answer", rec.Code, rec.Body)
	}
	a := decodeJSON[answer.Answer](t, rec.Body)
	if a.Mode != answer.ModeExtractive || a.Notice == "" {
		t.Errorf("answer mode %q notice %q, want an extractive fallback with a notice", a.Mode, a.Notice)
	}
	metrics := do(t, srv.Handler(), "GET", "/metrics", nil, nil).Body.String()
	for _, want := range []string{
		`citebot_fallbacks_total{surface="web"} 1`,
		`citebot_model_errors_total{surface="web"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

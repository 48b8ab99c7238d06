package answer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/llm"
)

func TestNewValidates(t *testing.T) {
	ix := seedindex.Open(t)
	badPrompts := t.TempDir()
	if err := os.WriteFile(filepath.Join(badPrompts, "answer.tmpl"), []byte(`{{define "system"}}{{.Nope}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"no index", Config{}, []string{"no index"}},
		{"model without name", Config{Index: ix, Model: fakeModel{}}, []string{"no model name"}},
		{"negatives", Config{Index: ix, TopK: -1, ContextTokens: -5, Temperature: 3}, []string{"TopK", "ContextTokens", "Temperature"}},
		{"bad prompt override", Config{Index: ix, PromptsDir: badPrompts}, []string{"answer.tmpl", "block"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil {
				t.Fatalf("New() error = nil, want one mentioning %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New() error = %v, want it to mention %q", err, w)
				}
			}
		})
	}
}

func TestAskInputErrors(t *testing.T) {
	e := newOfflineEngine(t)
	if _, err := e.Ask(context.Background(), "   ", Options{}); !errors.Is(err, ErrEmptyQuestion) {
		t.Errorf("Ask(blank) error = %v, want ErrEmptyQuestion", err)
	}
	if _, err := e.Ask(context.Background(), strings.Repeat("a", MaxQuestionBytes+1), Options{}); !errors.Is(err, ErrQuestionTooLong) {
		t.Errorf("Ask(long) error = %v, want ErrQuestionTooLong", err)
	}
}

func TestOfflineAnswerShape(t *testing.T) {
	e, err := New(Config{Index: seedindex.Open(t), Links: links.Builder{Base: "https://cite.example"}, Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	var streamed []string
	a, err := e.Ask(context.Background(), "What was Douyin's GMV in 2024?", Options{OnToken: func(d string) { streamed = append(streamed, d) }})
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != ModeExtractive || a.Abstained || len(a.Citations) == 0 {
		t.Fatalf("answer = %+v", a)
	}
	c := a.Citations[0]
	if c.File != "001_ac7923d06571d389.txt" || c.Paragraph != 1 || !strings.HasPrefix(c.URL, fmt.Sprintf("https://cite.example/sources/001_ac7923d06571d389.txt?b=%d-%d&h=", c.QuoteStart, c.QuoteEnd)) || !strings.HasSuffix(c.URL, "#p1") {
		t.Errorf("citation = %+v", c)
	}
	// The corpus's footnotes are not shown in the answer, where [N] means a citation.
	if strings.Contains(a.Text, "[3]") || strings.Contains(a.Text, "[4]") {
		t.Errorf("answer shows the corpus's footnotes: %q", a.Text)
	}
	if len(streamed) != 1 || streamed[0] != a.Text {
		t.Errorf("streamed %q, want the whole answer once", streamed)
	}
	doc, _ := e.ix.Document(c.File)
	if !strings.Contains(doc.Text, c.Text) || !strings.Contains(c.Text, c.Quote) {
		t.Errorf("citation text or quote is not verbatim")
	}
	ab, _ := e.Ask(context.Background(), "¿Cuál es la capital de Francia?", Options{})
	if !ab.Abstained || ab.Text != "Las fuentes no mencionan Francia." || len(ab.Citations) != 0 || ab.Citations == nil || len(ab.Related) != 0 {
		t.Errorf("abstention = %+v, want Spanish \"not mentioned\" with an empty (non-nil) citation list and nothing related", ab)
	}
	// A name the sources never use is why they cannot answer: the abstention says so, as typed,
	// without its possessive.
	for _, q := range []string{"What was Temu's GMV in 2023?", "What was Temu’s GMV in 2023?"} {
		if tm, _ := e.Ask(context.Background(), q, Options{}); !tm.Abstained || !strings.HasPrefix(tm.Text, "The sources do not mention Temu.") || len(tm.Citations) != 0 {
			t.Errorf("Ask(%q) = %q, want an abstention that says the sources do not mention Temu", q, tm.Text)
		}
	}
	// A near miss: the sources know Xiaohongshu and GMV, not Xiaohongshu's GMV. The answer says so
	// and points at the closest passages, as related passages, not as citations.
	near, _ := e.Ask(context.Background(), "What was Xiaohongshu's GMV in 2024?", Options{})
	if !near.Abstained || len(near.Citations) != 0 || len(near.Related) < 2 || len(near.Related) > 3 ||
		!strings.HasPrefix(near.Text, "The sources don't answer this directly. Closest passages:") {
		t.Fatalf("near miss = %+v, want an abstention with 2-3 related passages", near)
	}
	for i, r := range near.Related {
		if r.N != i+1 || !strings.Contains(near.Text, "["+itoa(r.N)+"]") || r.URL == "" || !strings.Contains(r.Text, r.Quote) {
			t.Errorf("related %d = %+v: want numbered, marked in the text, linked and verbatim", i, r)
		}
	}
}

func TestOfflineFollowUps(t *testing.T) {
	e := newOfflineEngine(t)
	hist := func(qs ...string) []Turn {
		var ts []Turn
		for _, q := range qs {
			ts = append(ts, Turn{Role: "user", Content: q}, Turn{Role: "assistant", Content: "…"})
		}
		return ts
	}
	tests := []struct {
		history []Turn
		q       string
		query   string
		fact    string
	}{
		{hist("What was Douyin's GMV in 2024?"), "and Kuaishou?", "What was Kuaishou's GMV in 2024?", ""},
		{hist("What GMV did Kuaishou e-commerce reach in 2021?"), "and Tiktok?", "What GMV did Douyin reach in 2021?", ""},
		{hist("How many active users did Pinduoduo have in 2021?"), "and in 2020?", "How many active users did Pinduoduo have in 2020?", ""},
		{hist("¿Cuántos usuarios activos tenía Pinduoduo en 2021?"), "¿y Kuaishou?", "¿Cuántos usuarios activos tenía Kuaishou en 2021?", ""},
		{hist("What was Douyin's GMV in 2024?"), "why?", "What was Douyin's GMV in 2024?", "3.5 trillion"},
		{hist("What was Douyin's GMV in 2024?", "and Kuaishou?"), "and Pinduoduo?", "What was Pinduoduo's GMV in 2024?", ""},
		{hist("What was Douyin's GMV in 2024?"), "Who created Double 11?", "", "Zhang yong"},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), tt.q, Options{History: tt.history})
		if err != nil {
			t.Fatal(err)
		}
		if a.Query != tt.query {
			t.Errorf("Ask(%q) after %q: Query = %q, want %q", tt.q, tt.history[len(tt.history)-2].Content, a.Query, tt.query)
		}
		if tt.fact != "" && !strings.Contains(a.Text, tt.fact) {
			t.Errorf("Ask(%q) = %q, want it to hold %q", tt.q, a.Text, tt.fact)
		}
	}
}

func TestPlatforms(t *testing.T) {
	e := newOfflineEngine(t)
	ps := e.Platforms()
	byName := map[string]PlatformInfo{}
	for _, p := range ps {
		byName[p.Name] = p
	}
	if got := byName["Douyin"]; got.Documents != 4 || len(got.Aliases) == 0 {
		t.Errorf("Douyin = %+v, want 4 documents (000, 001, 002, 004) and its aliases", got)
	}
	ps[0].Aliases[0] = "changed"
	if e.Platforms()[0].Aliases[0] == "changed" {
		t.Errorf("Platforms() returns shared slices")
	}
}

// fakeModel is a ChatModel for config validation only; model behaviour is tested against the real
// llm client and the fake OpenAI server.
type fakeModel struct{}

func (fakeModel) Chat(context.Context, llmChatRequest, func(string)) (llmChatResponse, error) {
	return llmChatResponse{}, errors.New("not used")
}

type (
	llmChatRequest  = llm.ChatRequest
	llmChatResponse = llm.ChatResponse
)

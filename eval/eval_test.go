package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/eval/evalset"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// TestRunOnTheSeeds runs the real offline engine over a small set and checks the counts and the
// report's JSON shape.
// onTheSeeds parses a question set and opens the seeds' index and an offline engine over it.
func onTheSeeds(t *testing.T, set string) ([]evalset.Question, *retrieval.Index, *answer.Engine) {
	t.Helper()
	qs, err := evalset.Parse(strings.NewReader(set))
	if err != nil {
		t.Fatal(err)
	}
	ix := seedindex.Open(t)
	e, err := answer.New(answer.Config{Index: ix})
	if err != nil {
		t.Fatal(err)
	}
	return qs, ix, e
}

func TestRunOnTheSeeds(t *testing.T) {
	set := `{"id":"gmv","question":"What was Douyin's GMV in 2024?","file":"001_ac7923d06571d389.txt","paragraph":1,"answer":["3.5 trillion"],"kind":"figure","lang":"en"}
{"id":"wrong-place","question":"What was Douyin's GMV in 2024?","file":"003_4fda5065e9bafefa.txt","paragraph":2,"answer":["3.5 trillion"],"kind":"figure","lang":"en"}
{"id":"none","question":"Who founded Amazon in 1994?","unanswerable":true,"kind":"unanswerable","lang":"en"}`
	qs, ix, e := onTheSeeds(t, set)
	rep, err := Run(context.Background(), qs, ix, e, 5)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 3 || rep.Answerable != 2 || rep.Correct != 1 || rep.Retrieved != 1 || rep.Abstained != 1 {
		t.Errorf("report = %+v, want 3 questions, 1 of 2 correct and retrieved, 1 abstained", rep.Stats)
	}
	if rep.QuotedHeadings != 0 {
		t.Errorf("quoted headings = %d, want 0", rep.QuotedHeadings)
	}
	if rep.AnswerAccuracy != 0.5 || rep.RecallAtK != 0.5 || rep.Abstention != 1 {
		t.Errorf("rates = %v %v %v, want 0.5 0.5 1", rep.AnswerAccuracy, rep.RecallAtK, rep.Abstention)
	}
	if len(rep.Misses) != 1 || rep.Misses[0].ID != "wrong-place" || !strings.Contains(rep.Misses[0].Why, "no citation of 003") {
		t.Errorf("misses = %+v, want wrong-place for its citation", rep.Misses)
	}
	if f := rep.ByKind["figure"]; f.Questions != 2 || f.Correct != 1 || rep.ByKind["unanswerable"].Abstention != 1 || rep.ByLang["en"].Questions != 3 {
		t.Errorf("by kind %+v, by lang %+v", rep.ByKind, rep.ByLang)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var shape map[string]any
	if err := json.Unmarshal(b, &shape); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"questions", "recall_at_k", "answer_accuracy", "abstention", "by_kind", "by_lang", "misses", "k"} {
		if _, ok := shape[k]; !ok {
			t.Errorf("report JSON lacks %q", k)
		}
	}
	for _, k := range []string{"id", "question", "got", "expected"} {
		if _, ok := shape["misses"].([]any)[0].(map[string]any)[k]; !ok {
			t.Errorf("miss JSON lacks %q", k)
		}
	}
	var out bytes.Buffer
	if err := rep.Write(&out); err != nil || !strings.Contains(out.String(), "answer accuracy  0.500 (1/2)") || !strings.Contains(out.String(), "wrong-place [figure, en]") {
		t.Errorf("Write = %q, %v", out.String(), err)
	}
	// A set of answerable questions only has no abstention rate: the report says so, not 0.000 (0/0).
	out.Reset()
	only := Report{Stats: Stats{Questions: 1, Answerable: 1, Retrieved: 1, Correct: 1, RecallAtK: 1, AnswerAccuracy: 1}, K: 5}
	if err := only.Write(&out); err != nil || !strings.Contains(out.String(), "abstention       -  (no unanswerable questions)\n") || !strings.Contains(out.String(), "answer accuracy  1.000 (1/1)\n") {
		t.Errorf("Write of a set with no unanswerable questions = %q, %v; want abstention -", out.String(), err)
	}
	if _, err := Run(context.Background(), qs, ix, e, 0); err == nil {
		t.Error("Run with k = 0: no error")
	}
}

// A question set written without kinds or languages is still broken down by language (the one
// the text layer detects in each question) and counts its unanswerable questions as such.
func TestUnlabelledQuestions(t *testing.T) {
	set := `{"id":"gmv","question":"What was Douyin's GMV in 2024?","file":"003_4fda5065e9bafefa.txt","paragraph":2,"answer":["3.5 trillion"]}
{"id":"es","question":"¿Cuál fue el GMV de Douyin en 2024?","file":"001_ac7923d06571d389.txt","paragraph":1,"answer":["3.5 trillion"]}
{"id":"zh","question":"抖音2024年的GMV是多少？","file":"001_ac7923d06571d389.txt","paragraph":1,"answer":["3.5 trillion"]}
{"id":"none","question":"Who founded Amazon in 1994?","unanswerable":true}`
	qs, ix, e := onTheSeeds(t, set)
	rep, err := Run(context.Background(), qs, ix, e, 5)
	if err != nil {
		t.Fatal(err)
	}
	for lang, n := range map[string]int{"en": 2, "es": 1, "zh": 1} {
		if got := rep.ByLang[lang].Questions; got != n {
			t.Errorf("by lang %q: %d questions, want %d (%+v)", lang, got, n, rep.ByLang)
		}
	}
	if rep.ByKind["unanswerable"].Questions != 1 || rep.ByKind["other"].Questions != 3 {
		t.Errorf("by kind %+v, want 1 unanswerable and 3 other", rep.ByKind)
	}
	if len(rep.Misses) == 0 || rep.Misses[0].ID != "gmv" || rep.Misses[0].Lang != "en" || rep.Misses[0].Kind != "other" {
		t.Errorf("misses = %+v, want gmv labelled other, en", rep.Misses)
	}
}

// TestUnknownFiles: a question naming a file the corpus lacks (a typo in "file" or "also") is
// listed, in the JSON and the text report, since it cannot be answered right.
func TestUnknownFiles(t *testing.T) {
	set := `{"id":"typo","question":"What was Douyin's GMV in 2024?","file":"001_ac7923d06571d389.text","paragraph":1,"answer":["3.5 trillion"]}
{"id":"also","question":"What was Douyin's GMV in 2024?","file":"001_ac7923d06571d389.txt","paragraph":1,"also":[{"file":"missing.md","paragraph":2}],"answer":["3.5 trillion"]}
{"id":"ok","question":"What was Douyin's GMV in 2024?","file":"001_ac7923d06571d389.txt","paragraph":1,"answer":["3.5 trillion"]}
{"id":"none","question":"Who founded Amazon in 1994?","unanswerable":true}`
	qs, ix, e := onTheSeeds(t, set)
	rep, err := Run(context.Background(), qs, ix, e, 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []UnknownFile{{ID: "typo", File: "001_ac7923d06571d389.text"}, {ID: "also", File: "missing.md"}}
	if !slices.Equal(rep.UnknownFiles, want) {
		t.Errorf("unknown files = %+v, want %+v", rep.UnknownFiles, want)
	}
	var b strings.Builder
	if err := rep.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "not in the corpus") || !strings.Contains(b.String(), "typo: 001_ac7923d06571d389.text") {
		t.Errorf("report does not list the unknown files:\n%s", b.String())
	}
}

// TestQuotedHeadings: an answer quoting a heading line is counted; the real engine quotes none on
// the seeds' small set.
func TestQuotedHeadings(t *testing.T) {
	ix := seedindex.Open(t)
	hs := nonBody(ix)
	var file string
	var h, body text.Span
	for _, d := range ix.Analysis() { // in file order
		for _, st := range d.Sentences {
			switch {
			case st.Kind == text.KindBody && body.End == 0:
				body = text.Span{Start: st.Start, End: st.End}
			case st.Kind != text.KindBody && st.Kind != text.KindQuestion && h.End == 0:
				h = text.Span{Start: st.Start, End: st.End}
			}
		}
		if h.End > 0 && body.End > 0 {
			file = d.File
			break
		}
		h, body = text.Span{}, text.Span{}
	}
	if file == "" {
		t.Fatal("no seed has both a heading, title or boilerplate line and body text")
	}
	on := []answer.Citation{{File: file, QuoteStart: h.Start, QuoteEnd: h.End}}
	off := []answer.Citation{{File: file, QuoteStart: body.Start, QuoteEnd: body.End}, {File: file}}
	if !quotesHeading(on, hs) || quotesHeading(off, hs) {
		t.Errorf("quotesHeading(on %v) = %v, (off) = %v; want true, false", on, quotesHeading(on, hs), quotesHeading(off, hs))
	}
}

// A refused answerable question counts as refused, and as refused nearby when the abstention's
// closest passages hold its paragraph; the miss lists them.
func TestRefusedNearby(t *testing.T) {
	set := `{"id":"gmv","question":"What was Douyin's GMV in 2024?","file":"001_ac7923d06571d389.txt","paragraph":1,"answer":["3.5 trillion"],"kind":"figure","lang":"en"}
{"id":"elsewhere","question":"What was Douyin's GMV in 2024?","file":"003_4fda5065e9bafefa.txt","paragraph":2,"answer":["3.5 trillion"],"kind":"figure","lang":"en"}`
	qs, ix, _ := onTheSeeds(t, set)
	strict, err := answer.New(answer.Config{Index: ix, MinConfidence: 0.9999}) // refuses everything
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), qs, ix, strict, 5)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Refused != 2 || rep.RefusedNearby != 1 || rep.ByKind["figure"].RefusedNearby != 1 {
		t.Errorf("refused %d, nearby %d (by kind %+v); want 2 refused, 1 with its paragraph among the closest passages",
			rep.Refused, rep.RefusedNearby, rep.ByKind["figure"])
	}
	if len(rep.Misses) != 2 || !strings.Contains(strings.Join(rep.Misses[0].Related, " "), "001_ac7923d06571d389.txt ¶1") {
		t.Errorf("misses = %+v, want the closest passages listed", rep.Misses)
	}
	var out bytes.Buffer
	if err := rep.Write(&out); err != nil || !strings.Contains(out.String(), "refused          2 answerable, 1 of them with the answer among the closest passages") ||
		!strings.Contains(out.String(), "closest:  001_ac7923d06571d389.txt ¶1") {
		t.Errorf("Write = %q, %v", out.String(), err)
	}
}

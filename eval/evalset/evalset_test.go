package evalset

import (
	"errors"
	"go/build"
	"io"
	"strings"
	"testing"
)

func TestParseErrorsNameTheLine(t *testing.T) {
	good := `{"id":"a","question":"What was Douyin's GMV in 2024?","file":"f.txt","paragraph":1,"answer":["3.5"]}`
	tests := []struct{ in, want string }{
		{good + "\n{not json\n", "line 2: not a question object"},
		{good + "\n\n" + `{"id":"b","question":" "}`, `line 3: "question" is missing`},
		{good + "\n" + `{"id":"b","file":"f.txt","paragraph":1}`, `line 2: "question" is missing`},
		{`{"id":"c","question":"Why?","paragraph":2}`, `line 1: an answerable question needs "file"`},
		{`{"id":"c","question":"Why?","file":"f.txt"}`, `line 1: an answerable question needs "paragraph"`},
		{`{"id":"c","question":"Why?","file":"f.txt","paragraph":0}`, `line 1: an answerable question needs "paragraph"`},
		{good + "\n" + good, `line 2: id "a" is already used on line 1`},
		{`{"question":"Why?","file":"f.txt","paragraph":1,"also":[{"file":"g.txt"}]}`, `line 1: "also" entry 1 needs`},
		{`{"question":"Why?","file":"f.txt","paragraph":1,"also":[{"file":"g.txt","paragraph":2},{"paragraph":3}]}`, `line 1: "also" entry 2 needs`},
		// A field of the wrong type is named with the type the format wants, not Go's.
		{`{"question":"Why?","file":"f.txt","paragraph":"one"}`, `line 1: "paragraph" must be a whole number, not a JSON string`},
		{`{"question":"Why?","file":"f.txt","paragraph":1,"answer":"WeChat"}`, `line 1: "answer" must be a list of keywords`},
		{`{"question":5}`, `line 1: "question" must be a string, not a JSON number`},
		{`{"question":"Why?","unanswerable":"yes"}`, `line 1: "unanswerable" must be true or false`},
		{`[1, 2]`, "line 1: not a question object"},
		{good + "\n" + `{"question":"` + strings.Repeat("x", maxLine) + `"}`, "line 2: longer than 1048576 bytes"},
		{"\n\n", "no questions"},
		{"", "no questions"},
	}
	for _, tt := range tests {
		_, err := Parse(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%.80q) error = %v, want one containing %q", tt.in, err, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	in := `{"id":"a","question":"What was Douyin's GMV in 2024?","file":"f.txt","paragraph":1,"answer":["3.5"],"kind":"figure","lang":"en","also":[{"file":"g.txt","paragraph":4,"note":"x"}]}` +
		"\n\n   \n" + `  {"question":"Who founded Amazon?","unanswerable":true,"extra":{"ignored":1}}  ` + "\n"
	qs, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatalf("Parse = %v", err)
	}
	if len(qs) != 2 {
		t.Fatalf("Parse gave %d questions, want 2: %+v", len(qs), qs)
	}
	a, b := qs[0], qs[1]
	if a.ID != "a" || a.File != "f.txt" || a.Paragraph != 1 || len(a.Answer) != 1 || a.Answer[0] != "3.5" || a.Kind != "figure" || a.Lang != "en" ||
		len(a.Also) != 1 || a.Also[0] != (Place{"g.txt", 4}) {
		t.Errorf("Parse line 1 = %+v", a)
	}
	if b.ID != "line-4" || !b.Unanswerable || b.Question != "Who founded Amazon?" {
		t.Errorf("Parse line 4 = %+v, want id line-4, unanswerable", b)
	}
}

// failingReader returns some bytes, then an error.
type failingReader struct{ done bool }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.done {
		return 0, io.ErrUnexpectedEOF
	}
	r.done = true
	return copy(p, `{"question":"Why?","unanswerable":true}`+"\n"), nil
}

func TestParseReadError(t *testing.T) {
	_, err := Parse(&failingReader{})
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "read questions") {
		t.Errorf("Parse(failing reader) error = %v, want read questions: %v", err, io.ErrUnexpectedEOF)
	}
}

func TestJudge(t *testing.T) {
	q := Question{ID: "x", Question: "?", File: "a.txt", Paragraph: 3, Answer: []string{"3.5 TRILLION", "fall  behind | falling behind"},
		Also: []Place{{"b.txt", 1}}}
	at := func(file string, p int) []Place { return []Place{{"c.txt", 9}, {file, p}} }
	tests := []struct {
		text      string
		abstained bool
		cited     []Place
		ok        bool
		wantWhy   string
	}{
		{"It grew to 3.5\ntrillion and is falling behind [1]", false, at("a.txt", 3), true, ""},
		{"3.5 trillion; fall behind [1]", false, at("b.txt", 1), true, ""},
		{"3.5 trillion [1]", false, at("a.txt", 3), false, `missing "fall  behind | falling behind"`},
		{"3.5 trillion, fall behind [1]", false, at("a.txt", 4), false, "no citation of a.txt ¶3 or b.txt ¶1"},
		{"3.5 trillion, fall behind", false, nil, false, "no citation of a.txt ¶3 or b.txt ¶1"},
		{"nothing", false, at("b.txt", 3), false, `missing "3.5 TRILLION", "fall  behind | falling behind"; no citation of`},
		{"The sources do not answer this question.", true, nil, false, "abstained"},
		{"3.5 trillion, fall behind [1]", true, at("a.txt", 3), false, "abstained"},
	}
	for _, tt := range tests {
		ok, why := q.Judge(tt.text, tt.abstained, tt.cited)
		if ok != tt.ok || !strings.Contains(why, tt.wantWhy) || ok != (why == "") {
			t.Errorf("Judge(%q, %v, %v) = %v %q, want %v %q", tt.text, tt.abstained, tt.cited, ok, why, tt.ok, tt.wantWhy)
		}
	}
}

// TestJudgeEmptyAlternative: an empty keyword or alternative matches nothing, so a set with a
// stray " | " cannot make every answer right.
func TestJudgeEmptyAlternative(t *testing.T) {
	q := Question{Question: "?", File: "a.txt", Paragraph: 1, Answer: []string{" | ", "  "}}
	if ok, why := q.Judge("anything", false, []Place{{"a.txt", 1}}); ok || !strings.Contains(why, "missing") {
		t.Errorf("Judge with empty keywords = %v %q, want a miss", ok, why)
	}
}

func TestJudgeUnanswerable(t *testing.T) {
	q := Question{Question: "Who founded Amazon?", Unanswerable: true}
	if ok, why := q.Judge("", true, nil); !ok || why != "" {
		t.Errorf("Judge(abstained) = %v %q, want right", ok, why)
	}
	if ok, why := q.Judge("Jeff Bezos [1]", false, []Place{{"a.txt", 1}}); ok || why != "answered a question the documents cannot answer" {
		t.Errorf("Judge(answered) = %v %q, want wrong", ok, why)
	}
}

func TestExpected(t *testing.T) {
	tests := []struct {
		q    Question
		want string
	}{
		{Question{File: "a.txt", Paragraph: 3, Answer: []string{"3.5", "x | y"}, Also: []Place{{"b.txt", 1}}}, `"3.5", "x | y" citing a.txt ¶3 or b.txt ¶1`},
		{Question{File: "a.txt", Paragraph: 3}, "citing a.txt ¶3"},
		{Question{Unanswerable: true}, "an abstention"},
	}
	for _, tt := range tests {
		if got := tt.q.Expected(); got != tt.want {
			t.Errorf("%+v.Expected() = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestAccepts(t *testing.T) {
	q := Question{File: "a.txt", Paragraph: 3, Also: []Place{{"b.txt", 1}}}
	for _, tt := range []struct {
		p    Place
		want bool
	}{{Place{"a.txt", 3}, true}, {Place{"b.txt", 1}, true}, {Place{"a.txt", 1}, false}, {Place{"b.txt", 3}, false}} {
		if got := q.Accepts(tt.p); got != tt.want {
			t.Errorf("Accepts(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

// FuzzParse: Parse never panics, and what it accepts is usable: every question has a question, a
// unique id, and an answerable one a place.
func FuzzParse(f *testing.F) {
	f.Add(`{"id":"a","question":"Why?","file":"f.txt","paragraph":1,"answer":["x"]}` + "\n" + `{"question":"Who?","unanswerable":true}`)
	f.Add("{not json\n")
	f.Add(`{"question":"Why?","file":"f.txt","paragraph":1,"also":[{"file":"g.txt"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := Parse(strings.NewReader(in))
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, q := range qs {
			if err := q.check(); err != nil || q.ID == "" || ids[q.ID] {
				t.Fatalf("Parse(%q) accepted %+v (check %v, id seen %v)", in, q, err, ids[q.ID])
			}
			ids[q.ID] = true
		}
	})
}

// TestLeaf: the package imports nothing of citebot, so that the answer engine's tests can use it
// (package eval imports answer) and it never pulls in retrieval or a surface.
func TestLeaf(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, "github.com/citebot/") {
			t.Errorf("evalset imports %s; it must stay a leaf", imp)
		}
	}
}

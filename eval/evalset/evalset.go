// Package evalset is the question-set format of "citebot eval" and the rule that judges an answer
// to one of its questions. It is the one home of both: package eval runs the sets through the
// engine, and the answer engine's own tests (which cannot import eval, since eval imports answer)
// parse and judge the same sets with it. It therefore imports neither answer nor retrieval: the
// judge takes an answer's text, whether it abstained, and the places it cited.
//
// A set is JSON lines, one [Question] per line (eval/testdata/README.md describes the fields and
// how the sets were written).
package evalset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Question is one line of a question set.
type Question struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	// File and Paragraph are where the answer is: the paragraph a correct answer cites.
	File      string `json:"file"`
	Paragraph int    `json:"paragraph"`
	// Answer lists keywords that must all appear in the answer (case-insensitive, white space
	// folded); one entry may give alternatives separated by " | ".
	Answer []string `json:"answer"`
	// Kind groups questions in the report (figure, date, person, reason, …); "" counts as
	// "unanswerable" for an unanswerable question and "other" for the rest.
	Kind string `json:"kind"`
	// Lang is the question's language (en, es, zh); "" counts as the language detected in the
	// question's text.
	Lang string `json:"lang"`
	// Unanswerable: the corpus cannot answer, and the right reply is to abstain.
	Unanswerable bool `json:"unanswerable"`
	// Also lists other places that state the same fact; citing one of them is as good.
	Also []Place `json:"also"`
}

// Place is a paragraph of a file of the corpus.
type Place struct {
	File      string `json:"file"`
	Paragraph int    `json:"paragraph"`
}

// String returns the place as reports print it: "file ¶N".
func (p Place) String() string { return fmt.Sprintf("%s ¶%d", p.File, p.Paragraph) }

// Places returns where q's answer may be cited: its paragraph, then the also ones.
func (q Question) Places() []Place { return append([]Place{{q.File, q.Paragraph}}, q.Also...) }

// Accepts reports whether p is one of the places q's answer may be cited.
func (q Question) Accepts(p Place) bool {
	for _, ok := range q.Places() {
		if ok == p {
			return true
		}
	}
	return false
}

// maxLine bounds one line of a question set.
const maxLine = 1 << 20

// Parse reads a question set: JSON lines, one [Question] per line; blank lines are skipped and
// unknown fields ignored. A line that is not a JSON object, has no question, or is answerable but
// names no file or paragraph is an error naming the line, and so is an id used twice. A question
// without an id gets "line-N", N its line.
func Parse(r io.Reader) ([]Question, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	var out []Question
	seen := map[string]int{}
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var q Question
		if err := json.Unmarshal(line, &q); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, jsonProblem(err))
		}
		if err := q.check(); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if q.ID == "" {
			q.ID = fmt.Sprintf("line-%d", n)
		}
		if first, dup := seen[q.ID]; dup {
			return nil, fmt.Errorf("line %d: id %q is already used on line %d", n, q.ID, first)
		}
		seen[q.ID] = n
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than %d bytes", n+1, maxLine)
		}
		return nil, fmt.Errorf("read questions: %w", err)
	}
	if len(out) == 0 {
		return nil, errors.New("no questions")
	}
	return out, nil
}

// jsonProblem says what is wrong with a line that does not decode as a question, in the format's
// terms: a field of the wrong type is named with the type it must have ("answer" is a list of
// keywords), not with Go's.
func jsonProblem(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		want := map[string]string{"answer": `a list of keywords, ["…", …]`, "also": `a list of {"file", "paragraph"} objects`}[te.Field]
		if want == "" {
			switch te.Type.Kind() {
			case reflect.Int, reflect.Int64:
				want = "a whole number"
			case reflect.Bool:
				want = "true or false"
			case reflect.String:
				want = "a string"
			default:
				want = "a " + te.Type.String()
			}
		}
		return fmt.Errorf("%q must be %s, not a JSON %s", te.Field, want, te.Value)
	}
	return fmt.Errorf("not a question object: %w", err)
}

// check reports what makes a question unusable.
func (q Question) check() error {
	switch {
	case strings.TrimSpace(q.Question) == "":
		return errors.New(`"question" is missing or empty`)
	case q.Unanswerable:
		return nil
	case q.File == "":
		return errors.New(`an answerable question needs "file" (the document that answers it)`)
	case q.Paragraph < 1:
		return errors.New(`an answerable question needs "paragraph" (1 or more)`)
	}
	for i, p := range q.Also {
		if p.File == "" || p.Paragraph < 1 {
			return fmt.Errorf(`"also" entry %d needs "file" and "paragraph"`, i+1)
		}
	}
	return nil
}

// Judge reports whether a reply to q is right, and if not, why. text is the reply's text, abstained
// whether it refused, and cited the places its citations point at. The right reply to an
// unanswerable question is an abstention. An answer to an answerable one is right when it did not
// abstain, its text holds every keyword of q.Answer (one of an entry's " | " alternatives is enough;
// case and white space are folded) and it cites one of [Question.Places].
func (q Question) Judge(text string, abstained bool, cited []Place) (bool, string) {
	switch {
	case q.Unanswerable && abstained:
		return true, ""
	case q.Unanswerable:
		return false, "answered a question the documents cannot answer"
	case abstained:
		return false, "abstained"
	}
	var missing []string
	got := fold(text)
	for _, kw := range q.Answer {
		found := false
		for _, alt := range strings.Split(kw, " | ") {
			if f := fold(alt); f != "" && strings.Contains(got, f) {
				found = true
			}
		}
		if !found {
			missing = append(missing, quote(kw))
		}
	}
	ok := false
	for _, p := range cited {
		if q.Accepts(p) {
			ok = true
		}
	}
	var why []string
	if len(missing) > 0 {
		why = append(why, "missing "+strings.Join(missing, ", "))
	}
	if !ok {
		why = append(why, "no citation of "+placeList(q.Places()))
	}
	return len(why) == 0, strings.Join(why, "; ")
}

// Expected says what a right reply to q holds: its keywords and the places it may cite, or an
// abstention.
func (q Question) Expected() string {
	if q.Unanswerable {
		return "an abstention"
	}
	var kws []string
	for _, kw := range q.Answer {
		kws = append(kws, quote(kw))
	}
	return strings.TrimSpace(strings.Join(kws, ", ") + " citing " + placeList(q.Places()))
}

// fold lower-cases s and collapses its white space.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// quote wraps a keyword in double quotes as written (no escaping: reports show it to people).
func quote(s string) string { return `"` + s + `"` }

func placeList(ps []Place) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return strings.Join(out, " or ")
}

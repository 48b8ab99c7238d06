// Package prompts renders the model prompts citebot sends: the cited answer, the platform summary and
// the follow-up rewrite.
//
// Each prompt is a text/template file embedded in the binary (templates/*.tmpl) that defines two
// blocks, "system" and "user", and is rendered from a typed input ([AnswerInput], [SummaryInput],
// [RewriteInput]). A folder given to [Load] may hold files of the same names that replace the
// embedded ones; every template is validated when loaded, so a broken override fails at start-up with
// the file's name rather than at the first question.
//
// Passages and user text are untrusted data. They are placed between tags that carry a per-request
// random nonce (see [NewNonce]), e.g. <source-3f9a…> … </source-3f9a…>, so text inside a passage can
// never close its block; rendering fails if any untrusted text contains the nonce.
package prompts

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

//go:embed templates/*.tmpl
var embedded embed.FS

// Names of the prompt templates; a file with one of these names in the override folder replaces the
// embedded template.
const (
	AnswerFile  = "answer.tmpl"
	SummaryFile = "summary.tmpl"
	RewriteFile = "rewrite.tmpl"
	RepairFile  = "repair.tmpl"
)

// Sentinel is how a model says that the sources do not hold the answer; the prompts ask for it at the
// start of the reply.
const Sentinel = "NOT_IN_SOURCES"

// Source is one passage given to the model, identified by ID ("S1", "S2", …) so that its number can
// never be confused with footnote markers such as "[1]" inside the corpus text.
type Source struct {
	ID        string
	File      string
	Paragraph int
	Heading   string
	Text      string
}

// AnswerInput is the input of the answer prompt.
type AnswerInput struct {
	Question string
	// Language names the question's language for the model, e.g. "English", "Spanish", "Chinese".
	Language string
	Sources  []Source
	// Nonce marks the delimiters of this request; see [NewNonce].
	Nonce string
}

// SummaryInput is the input of the platform summary prompt.
type SummaryInput struct {
	Platform  string
	Aliases   []string
	Sources   []Source
	MaxPoints int
	Nonce     string
}

// RepairInput is the input of the citation repair prompt: the model's earlier answer, whose citations
// could not be checked, with the sources and question it was given.
type RepairInput struct {
	Question string
	Language string
	Sources  []Source
	// Answer is the model's earlier answer (reasoning removed); it is untrusted like the sources.
	Answer string
	Nonce  string
}

// Turn is one earlier message of a conversation.
type Turn struct {
	Role    string
	Content string
}

// RewriteInput is the input of the follow-up rewrite prompt.
type RewriteInput struct {
	History  []Turn
	Question string
	Nonce    string
}

// Messages is a rendered prompt: the system message and the user message.
type Messages struct {
	System string
	User   string
}

// Set holds the loaded, validated templates. It is safe for concurrent use.
type Set struct {
	answer, summary, rewrite, repair *template.Template
}

// NewNonce returns a fresh random nonce for one request's delimiters.
func NewNonce() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("reading random nonce: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// Load returns the prompt templates. With dir == "" only the embedded templates are used; otherwise a
// file in dir named like an embedded template ([AnswerFile], [SummaryFile], [RewriteFile],
// [RepairFile]) replaces it.
// Every template is parsed and test-rendered; the error names the file and what is wrong.
func Load(dir string) (*Set, error) {
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("prompts folder %q: %w", dir, err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("prompts folder %q is not a directory", dir)
		}
	}
	var s Set
	var errs []error
	for _, f := range []struct {
		name   string
		dst    **template.Template
		sample any
	}{
		{AnswerFile, &s.answer, sampleAnswer()},
		{SummaryFile, &s.summary, sampleSummary()},
		{RewriteFile, &s.rewrite, sampleRewrite()},
		{RepairFile, &s.repair, sampleRepair()},
	} {
		t, err := loadOne(dir, f.name, f.sample)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		*f.dst = t
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &s, nil
}

func loadOne(dir, name string, sample any) (*template.Template, error) {
	src, err := fs.ReadFile(embedded, "templates/"+name)
	if err != nil {
		return nil, fmt.Errorf("reading embedded prompt %s: %w", name, err)
	}
	origin := "embedded " + name
	if dir != "" {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		switch {
		case err == nil:
			src, origin = b, p
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("reading prompt %s: %w", p, err)
		}
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("prompt %s: %w", origin, err)
	}
	for _, block := range []string{"system", "user"} {
		if t.Lookup(block) == nil {
			return nil, fmt.Errorf("prompt %s: no {{define %q}} block", origin, block)
		}
	}
	m, err := render(t, sample)
	if err != nil {
		return nil, fmt.Errorf("prompt %s: %w", origin, err)
	}
	if strings.TrimSpace(m.System) == "" || strings.TrimSpace(m.User) == "" {
		return nil, fmt.Errorf("prompt %s: the system or user block renders empty", origin)
	}
	if !delimited(m.User, sampleSourceText) && !delimited(m.User, sampleQuestion) {
		return nil, fmt.Errorf("prompt %s: untrusted text must sit between delimiters that carry {{.Nonce}}", origin)
	}
	return t, nil
}

var funcs = template.FuncMap{
	"join": strings.Join,
	// attr makes a value safe inside a double-quoted tag attribute on one line.
	"attr": func(s string) string {
		return strings.NewReplacer(`"`, "'", "\n", " ", "\r", " ", "<", "‹", ">", "›").Replace(s)
	},
}

func render(t *template.Template, in any) (Messages, error) {
	var sys, user bytes.Buffer
	if err := t.ExecuteTemplate(&sys, "system", in); err != nil {
		return Messages{}, fmt.Errorf("rendering system block: %w", err)
	}
	if err := t.ExecuteTemplate(&user, "user", in); err != nil {
		return Messages{}, fmt.Errorf("rendering user block: %w", err)
	}
	return Messages{System: strings.TrimSpace(sys.String()), User: strings.TrimSpace(user.String())}, nil
}

// ErrNonce reports a missing nonce or untrusted text that contains the request's nonce (which would let
// it forge a delimiter); the caller should draw a new nonce.
var ErrNonce = errors.New("unsafe or missing delimiter nonce")

func checkNonce(nonce string, untrusted ...string) error {
	if len(nonce) < 8 || strings.ContainsAny(nonce, "<>\"' \n") {
		return fmt.Errorf("%w: nonce %q is too short or has unsafe characters", ErrNonce, nonce)
	}
	for _, u := range untrusted {
		if strings.Contains(u, nonce) {
			return fmt.Errorf("%w: the input contains the nonce", ErrNonce)
		}
	}
	return nil
}

func sourceTexts(src []Source) []string {
	out := make([]string, 0, 3*len(src))
	for _, s := range src {
		out = append(out, s.Text, s.File, s.Heading)
	}
	return out
}

// Answer renders the answer prompt.
func (s *Set) Answer(in AnswerInput) (Messages, error) {
	if err := checkNonce(in.Nonce, append(sourceTexts(in.Sources), in.Question)...); err != nil {
		return Messages{}, err
	}
	if in.Language == "" {
		in.Language = "the question's language"
	}
	return render(s.answer, in)
}

// Summary renders the platform summary prompt.
func (s *Set) Summary(in SummaryInput) (Messages, error) {
	if err := checkNonce(in.Nonce, append(append(sourceTexts(in.Sources), in.Platform), in.Aliases...)...); err != nil {
		return Messages{}, err
	}
	if in.MaxPoints <= 0 {
		in.MaxPoints = 10
	}
	return render(s.summary, in)
}

// Rewrite renders the follow-up rewrite prompt.
func (s *Set) Rewrite(in RewriteInput) (Messages, error) {
	texts := []string{in.Question}
	for _, t := range in.History {
		texts = append(texts, t.Content, t.Role)
	}
	if err := checkNonce(in.Nonce, texts...); err != nil {
		return Messages{}, err
	}
	return render(s.rewrite, in)
}

// Repair renders the citation repair prompt.
func (s *Set) Repair(in RepairInput) (Messages, error) {
	if err := checkNonce(in.Nonce, append(sourceTexts(in.Sources), in.Question, in.Answer)...); err != nil {
		return Messages{}, err
	}
	if in.Language == "" {
		in.Language = "the question's language"
	}
	return render(s.repair, in)
}

const (
	sampleNonce      = "0123456789abcdef"
	sampleSourceText = "sample passage text"
	sampleQuestion   = "sample question?"
)

// delimited reports whether text occurs in s with the sample nonce both before and after it.
func delimited(s, text string) bool {
	i := strings.Index(s, text)
	return i >= 0 && strings.Contains(s[:i], sampleNonce) && strings.Contains(s[i+len(text):], sampleNonce)
}

func sampleSources() []Source {
	return []Source{{ID: "S1", File: "a.txt", Paragraph: 1, Heading: "h", Text: sampleSourceText}}
}

func sampleAnswer() AnswerInput {
	return AnswerInput{Question: sampleQuestion, Language: "English", Sources: sampleSources(), Nonce: sampleNonce}
}

func sampleSummary() SummaryInput {
	return SummaryInput{Platform: "P", Aliases: []string{"p"}, Sources: sampleSources(), MaxPoints: 8, Nonce: sampleNonce}
}

func sampleRewrite() RewriteInput {
	return RewriteInput{History: []Turn{{Role: "user", Content: "q?"}}, Question: sampleQuestion, Nonce: sampleNonce}
}

func sampleRepair() RepairInput {
	return RepairInput{Question: sampleQuestion, Language: "English", Sources: sampleSources(), Answer: "An answer [S1].", Nonce: sampleNonce}
}

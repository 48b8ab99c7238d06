// Package eval measures citebot on a question set: how often the passage that holds the answer is
// retrieved (recall@k), how often the answer holds the expected facts and cites the right paragraph
// (answer accuracy), and how often a question the documents cannot answer is refused (abstention).
//
// A question set is JSON lines, parsed and judged by package [evalset]; [Run] asks every question through the same search and
// answer engine that citebot's surfaces use, with whatever configuration they have (offline or a
// model), and reports the figures overall, by kind and by language, with every miss.
package eval

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/eval/evalset"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// Searcher is the search the report's recall@k measures; *retrieval.Index satisfies it.
type Searcher interface {
	Search(ctx context.Context, query string, k int) ([]retrieval.Result, error)
}

// Asker answers questions; *answer.Engine satisfies it.
type Asker interface {
	Ask(ctx context.Context, question string, opts answer.Options) (answer.Answer, error)
}

// Stats are the figures of a group of questions. Rates are 0 when their group is empty; the
// counts say which.
type Stats struct {
	Questions    int `json:"questions"`
	Answerable   int `json:"answerable"`
	Unanswerable int `json:"unanswerable"`
	// Retrieved counts answerable questions whose answer's paragraph was among the top k results.
	Retrieved int `json:"retrieved"`
	// Correct counts answerable questions answered with every keyword and a citation of the place.
	Correct int `json:"correct"`
	// Abstained counts unanswerable questions that were refused.
	Abstained int `json:"abstained"`
	// Refused counts answerable questions that were refused, and RefusedNearby those of them whose
	// closest passages (the abstention's related list) hold the answer's paragraph: a refusal that
	// still shows the reader where the answer is.
	Refused        int     `json:"refused"`
	RefusedNearby  int     `json:"refused_nearby"`
	RecallAtK      float64 `json:"recall_at_k"`
	AnswerAccuracy float64 `json:"answer_accuracy"`
	Abstention     float64 `json:"abstention"`
}

func (s *Stats) add(r result) {
	s.Questions++
	if r.q.Unanswerable {
		s.Unanswerable++
		if r.abstained {
			s.Abstained++
		}
		return
	}
	s.Answerable++
	if r.retrieved {
		s.Retrieved++
	}
	if r.abstained {
		s.Refused++
		if r.nearby {
			s.RefusedNearby++
		}
	}
	if r.correct {
		s.Correct++
	}
}

func (s *Stats) finish() {
	s.RecallAtK = ratio(s.Retrieved, s.Answerable)
	s.AnswerAccuracy = ratio(s.Correct, s.Answerable)
	s.Abstention = ratio(s.Abstained, s.Unanswerable)
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// Miss is a question answered wrongly: an answerable one abstained on, missing a keyword or
// citing elsewhere, or an unanswerable one answered.
type Miss struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Kind     string `json:"kind"`
	Lang     string `json:"lang"`
	// Got is the answer's text ("" and Abstained when it abstained).
	Got       string `json:"got"`
	Abstained bool   `json:"abstained"`
	// Cited lists the places the answer cited, as "file ¶N".
	Cited []string `json:"cited,omitempty"`
	// Expected says what a right answer holds: the keywords and the place, or an abstention.
	Expected string `json:"expected"`
	// Why says what was wrong.
	Why string `json:"why"`
	// Retrieved: the answer's paragraph was among the top k search results.
	Retrieved bool `json:"retrieved"`
	// Related lists the closest passages an abstention showed, as "file ¶N".
	Related []string `json:"related,omitempty"`
}

// Report is the outcome of [Run]; its JSON is what "citebot eval --json" prints.
type Report struct {
	Stats
	K int `json:"k"`
	// QuotedHeadings counts the answers that quote a heading, a title or boilerplate (a
	// navigation trail, a dateline) as if it were an answer; -1 when the index cannot tell.
	QuotedHeadings int              `json:"quoted_headings"`
	ByKind         map[string]Stats `json:"by_kind"`
	ByLang         map[string]Stats `json:"by_lang"`
	Misses         []Miss           `json:"misses"`
	// UnknownFiles lists the questions that name a file (as "file" or in "also") the corpus does
	// not have: a typo there makes a right answer count as a miss. Left out when there are none,
	// or when the index cannot list its documents.
	UnknownFiles []UnknownFile `json:"unknown_files,omitempty"`
}

// UnknownFile is a question's reference to a file the corpus does not have.
type UnknownFile struct {
	ID   string `json:"id"`
	File string `json:"file"`
}

// result is the outcome of one question.
type result struct {
	q                             evalset.Question
	ans                           answer.Answer
	err                           error
	retrieved, correct, abstained bool
	// nearby: an answerable question refused with the answer's paragraph among its closest passages.
	nearby bool
	why    string
}

// Run asks every question, searches it for recall@k (k ≥ 1), and reports. It stops only when ctx
// ends; a question the engine refuses with an error counts as a miss.
func Run(ctx context.Context, qs []evalset.Question, s Searcher, a Asker, k int) (Report, error) {
	if k < 1 {
		return Report{}, fmt.Errorf("eval: k must be at least 1, got %d", k)
	}
	rep := Report{K: k, ByKind: map[string]Stats{}, ByLang: map[string]Stats{}, Misses: []Miss{}, QuotedHeadings: -1}
	headings := nonBody(s)
	if headings != nil {
		rep.QuotedHeadings = 0
	}
	rep.UnknownFiles = unknownFiles(qs, s)
	for _, q := range qs {
		r, err := evaluate(ctx, q, s, a, k)
		if err != nil {
			return Report{}, err
		}
		if headings != nil && !r.ans.Abstained && quotesHeading(r.ans.Citations, headings) {
			rep.QuotedHeadings++
		}
		rep.Stats.add(r)
		kind, lang := labels(q)
		ks, ls := rep.ByKind[kind], rep.ByLang[lang]
		ks.add(r)
		ls.add(r)
		rep.ByKind[kind], rep.ByLang[lang] = ks, ls
		if r.why != "" {
			rep.Misses = append(rep.Misses, miss(r))
		}
	}
	rep.Stats.finish()
	for _, m := range []map[string]Stats{rep.ByKind, rep.ByLang} {
		for key, st := range m {
			st.finish()
			m[key] = st
		}
	}
	return rep, nil
}

// analyser is what an index offers about its documents' sentences; *retrieval.Index has it.
type analyser interface {
	Analysis() []text.Doc
}

// nonBody returns, by file, the spans of the sentences that are not body text or a question:
// headings, titles and boilerplate (see [text.Structure]); nil when s cannot say.
func nonBody(s Searcher) map[string][]text.Span {
	an, ok := s.(analyser)
	if !ok {
		return nil
	}
	return text.Structure(an.Analysis())
}

// unknownFiles lists the files that questions name and the corpus of s does not have; nil when s
// cannot list its documents.
func unknownFiles(qs []evalset.Question, s Searcher) []UnknownFile {
	an, ok := s.(analyser)
	if !ok {
		return nil
	}
	have := map[string]bool{}
	for _, d := range an.Analysis() {
		have[d.File] = true
	}
	var out []UnknownFile
	listed := map[UnknownFile]bool{}
	for _, q := range qs {
		for _, p := range q.Places() {
			if u := (UnknownFile{ID: q.ID, File: p.File}); p.File != "" && !have[p.File] && !listed[u] {
				listed[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

// quotesHeading reports whether a citation's quote overlaps a heading, title or boilerplate line.
func quotesHeading(cs []answer.Citation, headings map[string][]text.Span) bool {
	for _, c := range cs {
		if c.QuoteEnd <= c.QuoteStart {
			continue
		}
		if text.Overlaps(headings[c.File], c.QuoteStart, c.QuoteEnd) {
			return true
		}
	}
	return false
}

// evaluate asks and searches one question and judges the answer.
func evaluate(ctx context.Context, q evalset.Question, s Searcher, a Asker, k int) (result, error) {
	r := result{q: q}
	r.ans, r.err = a.Ask(ctx, q.Question, answer.Options{})
	if ctx.Err() != nil {
		return r, fmt.Errorf("eval %s: %w", q.ID, ctx.Err())
	}
	if r.err != nil {
		r.why = "error: " + r.err.Error()
		return r, nil
	}
	r.abstained = r.ans.Abstained
	if q.Unanswerable {
		r.correct, r.why = q.Judge(r.ans.Text, r.abstained, cited(r.ans))
		return r, nil
	}
	results, err := s.Search(ctx, q.Question, k)
	if err != nil {
		if ctx.Err() != nil {
			return r, fmt.Errorf("eval %s: %w", q.ID, ctx.Err())
		}
		r.why = "search error: " + err.Error()
		return r, nil
	}
	for _, res := range results {
		if q.Accepts(evalset.Place{File: res.File, Paragraph: res.Paragraph}) {
			r.retrieved = true
		}
	}
	r.correct, r.why = q.Judge(r.ans.Text, r.abstained, cited(r.ans))
	if r.abstained {
		for _, c := range r.ans.Related {
			r.nearby = r.nearby || q.Accepts(evalset.Place{File: c.File, Paragraph: c.Paragraph})
		}
	}
	return r, nil
}

// cited returns the places a's citations point at, in order.
func cited(a answer.Answer) []evalset.Place {
	out := make([]evalset.Place, len(a.Citations))
	for i, c := range a.Citations {
		out[i] = evalset.Place{File: c.File, Paragraph: c.Paragraph}
	}
	return out
}

// labels returns the kind and language a question is counted under: its own labels, else
// "unanswerable" or "other" for the kind and the language the text layer detects in its text, so
// that a question set written without them is still broken down by language.
func labels(q evalset.Question) (kind, lang string) {
	kind, lang = q.Kind, q.Lang
	if kind == "" {
		kind = "other"
		if q.Unanswerable {
			kind = "unanswerable"
		}
	}
	if lang == "" {
		lang = text.DetectLanguage(q.Question)
	}
	return kind, lang
}

func miss(r result) Miss {
	kind, lang := labels(r.q)
	m := Miss{ID: r.q.ID, Question: r.q.Question, Kind: kind, Lang: lang, Why: r.why, Retrieved: r.retrieved,
		Abstained: r.ans.Abstained}
	if !r.ans.Abstained {
		m.Got = r.ans.Text
	}
	for _, p := range cited(r.ans) {
		m.Cited = append(m.Cited, p.String())
	}
	if r.ans.Abstained {
		for _, c := range r.ans.Related {
			m.Related = append(m.Related, evalset.Place{File: c.File, Paragraph: c.Paragraph}.String())
		}
	}
	m.Expected = r.q.Expected()
	return m
}

// Write prints the report for people: the figures, a table by kind and by language, and every miss.
func (rep Report) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "questions        %d (%d answerable, %d unanswerable)\n", rep.Questions, rep.Answerable, rep.Unanswerable)
	fmt.Fprintf(&b, "recall@%-2d        %s\n", rep.K, figure(rep.RecallAtK, rep.Retrieved, rep.Answerable, "answerable"))
	fmt.Fprintf(&b, "answer accuracy  %s\n", figure(rep.AnswerAccuracy, rep.Correct, rep.Answerable, "answerable"))
	fmt.Fprintf(&b, "abstention       %s\n", figure(rep.Abstention, rep.Abstained, rep.Unanswerable, "unanswerable"))
	if rep.Refused > 0 {
		fmt.Fprintf(&b, "refused          %d answerable, %d of them with the answer among the closest passages\n", rep.Refused, rep.RefusedNearby)
	}
	if rep.QuotedHeadings >= 0 {
		fmt.Fprintf(&b, "quoted headings  %d\n", rep.QuotedHeadings)
	}
	if len(rep.UnknownFiles) > 0 {
		fmt.Fprintf(&b, "\nnot in the corpus (these questions cannot be answered right; check the file names):\n")
		for _, u := range rep.UnknownFiles {
			fmt.Fprintf(&b, "  %s: %s\n", u.ID, u.File)
		}
	}
	table(&b, "kind", rep.K, rep.ByKind)
	table(&b, "language", rep.K, rep.ByLang)
	fmt.Fprintf(&b, "\nmisses: %d\n", len(rep.Misses))
	for _, m := range rep.Misses {
		fmt.Fprintf(&b, "\n%s [%s, %s] %s\n  why:      %s\n", m.ID, m.Kind, m.Lang, oneLine(m.Question), m.Why)
		switch {
		case m.Abstained:
			fmt.Fprintf(&b, "  got:      (abstained)\n")
		default:
			fmt.Fprintf(&b, "  got:      %s\n", oneLine(m.Got))
		}
		if len(m.Cited) > 0 {
			fmt.Fprintf(&b, "  cited:    %s\n", strings.Join(m.Cited, ", "))
		}
		if len(m.Related) > 0 {
			fmt.Fprintf(&b, "  closest:  %s\n", strings.Join(m.Related, ", "))
		}
		fmt.Fprintf(&b, "  expected: %s\n", m.Expected)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func table(b *strings.Builder, by string, k int, m map[string]Stats) {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	fmt.Fprintf(b, "\n%-14s %5s %10s %10s %11s\n", "by "+by, "n", fmt.Sprintf("recall@%d", k), "accuracy", "abstention")
	for _, key := range keys {
		st := m[key]
		fmt.Fprintf(b, "%-14s %5d %10s %10s %11s\n", key, st.Questions, rate(st.Retrieved, st.Answerable), rate(st.Correct, st.Answerable), rate(st.Abstained, st.Unanswerable))
	}
}

// figure is one headline figure of the report: its rate and the counts it comes from, or "-" when
// the set has no question of the kind it counts (with no unanswerable questions there is no
// abstention rate, which "0.000 (0/0)" would have read as none refused). The JSON keeps its 0.
func figure(rate float64, n, d int, kind string) string {
	if d == 0 {
		return "-  (no " + kind + " questions)"
	}
	return fmt.Sprintf("%.3f (%d/%d)", rate, n, d)
}

func rate(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(n)/float64(d))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

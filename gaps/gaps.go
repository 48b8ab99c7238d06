// Package gaps builds the knowledge-gap report: the questions the documents could not answer
// (abstained, unverified, or voted 👎), grouped so that rephrasings of one need form one group,
// largest group first, each with its count, when it was last asked, example questions and the
// passages closest to it (where an answer would belong, or what a maintainer should extend).
//
// Grouping compares questions by the content terms they share (the shared text layer's stemmed
// words, Chinese words, English glosses and canonical platform names, so "PDD" and "Pinduoduo"
// agree), each weighted by how rare it is among the unanswered questions so that "Douyin" alone does
// not join every Douyin question, and raises that similarity when retrieval finds the same
// paragraphs nearest to both.
// A phrasing that shares nothing with the others but the platform's name (a Chinese one whose words
// the glossary does not gloss) joins them only when that name is rare among the unanswered questions
// and their nearest paragraphs agree; with several needs about one platform it stays apart, since a
// need shown twice is a smaller harm than two needs shown as one.
package gaps

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/questionlog"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// Searcher finds the passages nearest to a text, and gives the text layer's sentence analysis of
// its documents, which tells the headings, titles and boilerplate a closest passage never quotes,
// and the documents, whose text names a quoted table row's columns; *retrieval.Index implements it.
type Searcher interface {
	Search(ctx context.Context, query string, k int) ([]retrieval.Result, error)
	Analysis() []text.Doc
	Document(file string) (*retrieval.Document, bool)
}

// The retrieval index is what the report searches.
var _ Searcher = (*retrieval.Index)(nil)

// Config is what [Build] needs.
type Config struct {
	Search Searcher
	// Lexicon is the shared text layer's vocabulary of the corpus (*retrieval.Index.Lexicon): the
	// questions are compared in its terms.
	Lexicon *text.Lexicon
	// Links builds the closest passages' links, as the answer engine's citations do.
	Links links.Builder
}

// terms returns the content terms of s in the shared text layer: the stems of its words that are
// not function words and its Chinese words (text.Lexicon.Terms, in the question's language), the
// English glosses of its Spanish and Chinese words, and the canonical names of the platforms it
// names. An alias counts only through its platform's name, so "PDD", "拼多多" and "Pinduoduo"
// agree and the words of "A lot of spelling" are not taken for content.
func (cfg Config) terms(s string) []string {
	s = text.CleanInvisible(s)
	lang := text.DetectLanguage(s)
	names, stripped := cfg.Lexicon.Catalog().NamesAndStrip(s)
	out := cfg.Lexicon.Terms(stripped, lang)
	out = append(out, cfg.Lexicon.Glosses(s, lang)...)
	for _, name := range names {
		out = append(out, "platform:"+name)
	}
	return uniq(out)
}

// Report is the gap report: `citebot gaps --json` prints it, /gaps renders it.
type Report struct {
	// Since is the start of the period covered.
	Since time.Time `json:"since"`
	// Questions counts every question logged in the period, answered or not.
	Questions int `json:"questions"`
	// Unanswered counts those the report is about (the sum of the groups' counts).
	Unanswered int `json:"unanswered"`
	// Groups are the unanswered needs, largest first (then most recently asked).
	Groups []Group `json:"groups"`
}

// Group is one need: the unanswered questions that ask for the same thing.
type Group struct {
	// Count is how many times it was asked.
	Count int `json:"count"`
	// Last is when it was last asked.
	Last time.Time `json:"last"`
	// Examples are up to three distinct phrasings, the most asked first.
	Examples []string `json:"examples"`
	// Closest are the passages nearest to the group's questions, in the shape of an answer's
	// citations (`citebot ask --json`), with the sentence that best matches the group as the quote.
	Closest []answer.Citation `json:"closest"`
	// Abstained, Unverified and Disliked count why its questions are here (a question can count in
	// more than one).
	Abstained  int `json:"abstained"`
	Unverified int `json:"unverified"`
	Disliked   int `json:"disliked"`
}

// Tuning of the grouping, measured on the synthetic log of gaps_test.go (see TestGrouping).
const (
	// neighbours is how many passages are searched per question to compare questions by.
	neighbours = 8
	// passageBoost is how much agreeing nearest paragraphs raise the similarity of shared terms
	// (a factor of 1 to 1+passageBoost).
	passageBoost = 0.5
	// joinAt is the similarity at or above which a question joins a group (or two groups merge). On
	// the synthetic log every threshold from 0.30 to 0.40 groups exactly right; this is the middle.
	joinAt = 0.35
	// maxExamples and maxClosest bound what each group shows.
	maxExamples = 3
	maxClosest  = 3
)

// Build makes the report of the questions qs (all those logged since since): it keeps the
// unanswered ones, groups them and finds each group's closest passages.
func Build(ctx context.Context, cfg Config, since time.Time, qs []questionlog.Question) (Report, error) {
	rep := Report{Since: since.UTC(), Questions: len(qs), Groups: []Group{}}
	needs := distinctNeeds(qs)
	for _, n := range needs {
		rep.Unanswered += len(n.asked)
	}
	if len(needs) == 0 {
		return rep, nil
	}
	if err := describe(ctx, cfg, needs); err != nil {
		return rep, err
	}
	an := newAnalysis(cfg.Search.Analysis())
	for _, members := range cluster(needs) {
		rep.Groups = append(rep.Groups, cfg.group(members, an))
	}
	sort.SliceStable(rep.Groups, func(i, j int) bool {
		a, b := rep.Groups[i], rep.Groups[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Last.After(b.Last)
	})
	return rep, nil
}

// need is one distinct unanswered question (asked once or more in the same words) and how it
// compares to the others.
type need struct {
	text  string
	asked []questionlog.Question
	last  time.Time

	terms    sparse // idf-weighted, unit length
	passages sparse // paragraph -> weight by rank, unit length
	hits     []retrieval.Result
	rawTerms []string
}

// distinctNeeds keeps the unanswered questions and merges those asked in the same words (ignoring
// case, spacing and end punctuation), in a stable order: most asked first, then by text.
func distinctNeeds(qs []questionlog.Question) []*need {
	byKey := map[string]*need{}
	var out []*need
	for _, q := range qs {
		if !q.Unanswered() || strings.TrimSpace(q.Text()) == "" {
			continue
		}
		k := sameWords(q.Text())
		n := byKey[k]
		if n == nil {
			n = &need{text: strings.TrimSpace(q.Text())}
			byKey[k] = n
			out = append(out, n)
		}
		n.asked = append(n.asked, q)
		if q.Time.After(n.last) {
			n.last, n.text = q.Time, strings.TrimSpace(q.Text()) // show the latest spelling
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].asked) != len(out[j].asked) {
			return len(out[i].asked) > len(out[j].asked)
		}
		return out[i].text < out[j].text
	})
	return out
}

// sameWords is the key under which questions count as asked in the same words.
func sameWords(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}

// describe finds each need's terms and nearest passages and weights them.
func describe(ctx context.Context, cfg Config, needs []*need) error {
	df, pdf := map[string]int{}, map[string]int{}
	for _, n := range needs {
		n.rawTerms = cfg.terms(n.text)
		for _, t := range n.rawTerms {
			df[t]++
		}
		hits, err := cfg.Search.Search(ctx, n.text, neighbours)
		if err != nil {
			return fmt.Errorf("gap report: searching the passages near %q: %w", n.text, err)
		}
		n.hits = hits
		n.passages = sparse{}
		for rank, h := range hits {
			k := paragraphKey(h.File, h.Paragraph)
			if _, seen := n.passages[k]; !seen {
				n.passages[k] = 1 / float64(rank+1)
				pdf[k]++
			}
		}
	}
	for _, n := range needs {
		n.terms = sparse{}
		for _, t := range n.rawTerms {
			n.terms[t] = idf(len(needs), df[t])
		}
		n.terms.normalize()
		for k, w := range n.passages {
			n.passages[k] = w * idf(len(needs), pdf[k])
		}
		n.passages.normalize()
	}
	return nil
}

func paragraphKey(file string, p int) string { return fmt.Sprintf("%s#%d", file, p) }

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

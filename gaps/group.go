package gaps

import (
	"math"
	"sort"
	"strings"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// sparse is a sparse vector: term or paragraph -> weight.
type sparse map[string]float64

func (v sparse) normalize() {
	var sum float64
	for _, w := range v {
		sum += w * w
	}
	if sum == 0 {
		return
	}
	n := math.Sqrt(sum)
	for k, w := range v {
		v[k] = w / n
	}
}

func (v sparse) dot(o sparse) float64 {
	if len(o) < len(v) {
		v, o = o, v
	}
	var s float64
	for k, w := range v {
		s += w * o[k]
	}
	return s
}

func (v sparse) add(o sparse) {
	for k, w := range o {
		v[k] += w
	}
}

func (v sparse) unit() sparse {
	u := make(sparse, len(v))
	for k, w := range v {
		u[k] = w
	}
	u.normalize()
	return u
}

// idf weights a term found in df of n questions: rare terms say more about a need than common ones.
func idf(n, df int) float64 { return math.Log(1 + float64(n)/float64(df)) }

// similarity of two questions (or a question and a group's centroid): the cosine of their weighted
// terms, raised by up to passageBoost when their nearest paragraphs agree. Shared paragraphs
// strengthen shared terms but never replace them: the paragraphs nearest to questions the documents
// cannot answer mostly reflect the platform they name (two unrelated Douyin questions of the
// synthetic log share 0.97 of theirs), so on their own they would merge every question about one
// platform.
func similarity(t1, p1, t2, p2 sparse) float64 {
	return t1.dot(t2) * (1 + passageBoost*p1.dot(p2))
}

// grouping is a group being built: its needs and the sums of their vectors.
type grouping struct {
	members          []*need
	termSum, paraSum sparse
	terms, paras     sparse // the sums at unit length
}

func (g *grouping) add(n *need) {
	g.members = append(g.members, n)
	g.termSum.add(n.terms)
	g.paraSum.add(n.passages)
	g.terms, g.paras = g.termSum.unit(), g.paraSum.unit()
}

func (g *grouping) merge(o *grouping) {
	for _, n := range o.members {
		g.add(n)
	}
}

// cluster groups the needs: each joins the most similar group when the similarity to its centroid
// reaches joinAt, else starts one; then groups whose centroids are that similar merge. Needs come
// most asked first, so groups form around their most typical phrasing; the result is deterministic.
func cluster(needs []*need) [][]*need {
	var groups []*grouping
	for _, n := range needs {
		best, bestSim := -1, 0.0
		for i, g := range groups {
			if s := similarity(n.terms, n.passages, g.terms, g.paras); s > bestSim {
				best, bestSim = i, s
			}
		}
		if best >= 0 && bestSim >= joinAt {
			groups[best].add(n)
			continue
		}
		g := &grouping{termSum: sparse{}, paraSum: sparse{}}
		g.add(n)
		groups = append(groups, g)
	}
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(groups) && !merged; i++ {
			for j := i + 1; j < len(groups); j++ {
				if similarity(groups[i].terms, groups[i].paras, groups[j].terms, groups[j].paras) >= joinAt {
					groups[i].merge(groups[j])
					groups = append(groups[:j], groups[j+1:]...)
					merged = true
					break
				}
			}
		}
	}
	out := make([][]*need, len(groups))
	for i, g := range groups {
		out[i] = g.members
	}
	return out
}

// analysis is what the report reads of the corpus's sentence analysis: the spans of the sentences
// that structure each document rather than say something ([text.Structure]), and each document's
// analysis by file, which finds a quoted table row's header row.
type analysis struct {
	structure map[string][]text.Span
	docs      map[string]*text.Doc
}

func newAnalysis(docs []text.Doc) analysis {
	an := analysis{structure: text.Structure(docs), docs: make(map[string]*text.Doc, len(docs))}
	for i := range docs {
		an.docs[docs[i].File] = &docs[i]
	}
	return an
}

// group describes one group of needs for the report.
func (cfg Config) group(members []*need, an analysis) Group {
	g := Group{Examples: []string{}, Closest: []answer.Citation{}}
	terms := map[string]bool{}
	for _, n := range members {
		g.Count += len(n.asked)
		if n.last.After(g.Last) {
			g.Last = n.last
		}
		for _, q := range n.asked {
			if q.Abstained {
				g.Abstained++
			}
			if q.Verification == answer.VerificationUnverified {
				g.Unverified++
			}
			if q.Down > q.Up {
				g.Disliked++
			}
		}
		for _, t := range n.rawTerms {
			terms[t] = true
		}
	}
	g.Last = g.Last.UTC()
	ordered := append([]*need(nil), members...)
	sort.SliceStable(ordered, func(i, j int) bool {
		if len(ordered[i].asked) != len(ordered[j].asked) {
			return len(ordered[i].asked) > len(ordered[j].asked)
		}
		return ordered[i].last.After(ordered[j].last)
	})
	for _, n := range ordered[:min(maxExamples, len(ordered))] {
		g.Examples = append(g.Examples, n.text)
	}
	for i, r := range closest(members, an.structure) {
		g.Closest = append(g.Closest, cfg.citation(i+1, r.Passage, terms, an))
	}
	return g
}

// closest ranks the paragraphs found near the group's questions by their summed reciprocal ranks
// (each distinct phrasing votes once) and returns the best passage of each of the top ones.
func closest(members []*need, structure map[string][]text.Span) []retrieval.Result {
	score := map[string]float64{}
	best := map[string]retrieval.Result{}
	bestRank := map[string]int{}
	for _, n := range members {
		seen := map[string]bool{}
		for rank, h := range n.hits {
			k := paragraphKey(h.File, h.Paragraph)
			if seen[k] || structureOnly(h.Passage, structure) {
				continue
			}
			seen[k] = true
			score[k] += 1 / float64(rank+1)
			if r, ok := bestRank[k]; !ok || rank < r {
				best[k], bestRank[k] = h, rank
			}
		}
	}
	keys := make([]string, 0, len(score))
	for k := range score {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if score[keys[i]] != score[keys[j]] {
			return score[keys[i]] > score[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var out []retrieval.Result
	for _, k := range keys[:min(maxClosest, len(keys))] {
		out = append(out, best[k])
	}
	return out
}

// citation shows passage p as the n-th closest passage, quoting the sentence that shares the most
// of the group's terms (the first on a tie), so the reader sees at once how near it comes. A
// heading, breadcrumb or title line is quoted only when the passage has nothing else: it names a
// topic, and would read as if the documents answered. A quote from a row of a table under a header
// row carries the header row in Columns, as an answer's citation does, so that every surface names
// the row's columns.
func (cfg Config) citation(n int, p retrieval.Passage, terms map[string]bool, an analysis) answer.Citation {
	structure := an.structure
	quote, start, bestHits := strings.TrimSpace(p.Text), 0, -1
	spans := text.Sentences(p.Text, 0, len(p.Text))
	body := spans[:0:0]
	for _, sp := range spans {
		if !structural(p, sp, structure) {
			body = append(body, sp)
		}
	}
	if len(body) > 0 {
		spans = body
	}
	for _, sp := range spans {
		sp = text.QuoteSpan(p.Text, sp)
		hits := 0
		for _, t := range cfg.terms(p.Text[sp.Start:sp.End]) {
			if terms[t] {
				hits++
			}
		}
		if hits > bestHits {
			bestHits, quote, start = hits, p.Text[sp.Start:sp.End], sp.Start
		}
	}
	c := answer.Citation{
		N: n, File: p.File, Paragraph: p.Paragraph, StartLine: p.StartLine, EndLine: p.EndLine,
		Quote: quote, Text: p.Text, Title: p.Title, PageSpan: p.PageSpan,
	}
	if quote != "" && strings.HasPrefix(p.Text[start:], quote) {
		c.QuoteStart, c.QuoteEnd = p.StartByte+start, p.StartByte+start+len(quote)
		c.Columns = cfg.headerRow(an, p.File, c.QuoteStart)
	}
	// The link carries the quote's byte span, as an answer's citations do, so the viewer marks the
	// whole quote and can tell when the document changed.
	c.URL = cfg.Links.Link(links.Target{File: p.File, Paragraph: p.Paragraph, StartLine: p.StartLine, EndLine: p.EndLine,
		QuoteStart: c.QuoteStart, QuoteEnd: c.QuoteEnd, Quote: quote, Page: p.Page})
	return c
}

// headerRow returns the header row of the table one of whose rows holds byte at of file (see
// [text.Doc.HeaderRow]), or "" when at is in no table row.
func (cfg Config) headerRow(an analysis, file string, at int) string {
	d, ok := an.docs[file]
	doc, found := cfg.Search.Document(file)
	if !ok || !found {
		return ""
	}
	return d.HeaderRow(doc.Text, at)
}

// structureOnly reports a passage that only structures its document: every sentence a heading,
// title or boilerplate in its document's analysis (structure, see [text.Structure]). It names a
// topic without saying anything about it, so it is never shown as a closest passage.
func structureOnly(p retrieval.Passage, structure map[string][]text.Span) bool {
	for _, sp := range text.Sentences(p.Text, 0, len(p.Text)) {
		if !structural(p, sp, structure) {
			return false
		}
	}
	return true
}

// structural reports whether the sentence at span sp of passage p's text is a heading, title or
// boilerplate of its document: the text layer tells (it knows a web page's "# …" paragraph is text,
// and a Markdown file's "# …" line a heading), not the passage's look.
func structural(p retrieval.Passage, sp text.Span, structure map[string][]text.Span) bool {
	return text.Overlaps(structure[p.File], p.StartByte+sp.Start, p.StartByte+sp.End)
}

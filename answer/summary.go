package answer

import (
	"math"
	"sort"
	"strings"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// pick is a sentence chosen for a summary, with its score.
type pick struct {
	ref   sentRef
	score float64
}

// digestGroup is the points of a summary that come from one document.
type digestGroup struct {
	doc    *text.Doc
	title  string
	points []pick
}

// digest is an extractive summary of one platform: points about it, grouped by document, and one
// sentence from each document that only mentions it in passing.
type digest struct {
	groups   []digestGroup
	mentions []pick
}

// Summary limits: a point shorter than minPointBytes is a fragment; longer than longPointBytes it
// loses weight; a document gives at most maxPointsPerDoc points.
const (
	minPointBytes   = 30
	longPointBytes  = 420
	maxPointsPerDoc = 4
)

// digest builds the summary of platform from passages (every passage that names it). A point is a
// body sentence about the platform (it is a subject of one of its clauses, other than as whose post
// a person holds, or the sentence continues one that is), not a headline (see
// [text.Sentence.Headline]) and not a credit line saying where the document comes from (see
// [text.Sentence.Attribution]): strongest facts first (amounts and dates, rare words), at most max
// in all, no two overlapping. Documents that name the platform only in passing ("surpassing
// competitors like JD.com") give one sentence each for the closing "Also mentioned in" line, so
// every document that names the platform is still cited.
func (c *corpus) digest(platform string, passages []retrieval.Passage, max int, titles map[string]string) digest {
	about := map[string][]pick{}
	mention := map[string]pick{}
	var files []string
	seen := map[sentKey]bool{}
	for k := range passages {
		p := &passages[k]
		for _, r := range c.sentences(p) {
			s := r.sent()
			if s.Kind != text.KindBody || seen[r.key()] {
				continue
			}
			if full, ok := c.passageHolding(r.doc.File, s.Start, s.End, p); ok {
				r.passage, r.span = full, text.Span{Start: s.Start, End: s.End}
			}
			// A sentence whose platform only says whose post a person holds ("Alibaba chairman …
			// Zhang yong , Leaving …") is about the person (see [text.Sentence.PostOf]).
			isAbout, named := contains(s.About(), platform) && !contains(s.PostOf, platform), contains(s.Platforms, platform)
			if isAbout && (s.Headline || s.Attribution) {
				// "This article is from WeChat official account.": where the document comes
				// from, not a fact about the platform; a headline closing a paragraph ("小红书做
				// 电商,抖音是个好老师") frames the document rather than states a fact in it.
				// Either may still cite the document.
				isAbout = false
			}
			if !isAbout && !named {
				continue
			}
			seen[r.key()] = true
			if _, ok := about[p.File]; !ok {
				if _, ok := mention[p.File]; !ok {
					files = append(files, p.File)
				}
			}
			sc := c.pointScore(r, platform)
			switch {
			case isAbout && s.End-s.Start >= minPointBytes:
				about[p.File] = append(about[p.File], pick{ref: r, score: sc})
			case named:
				if m, ok := mention[p.File]; !ok || sc > m.score {
					mention[p.File] = pick{ref: r, score: sc}
				}
			}
		}
	}
	sort.Strings(files)
	for _, f := range files {
		about[f] = spreadOverSections(about[f])
	}
	var d digest
	total := 0
	chosen := map[string][]pick{}
	// Round robin over documents: each document's best point first, then the next best of each.
	for round := 0; round < maxPointsPerDoc && total < max; round++ {
		for _, f := range files {
			ps := about[f]
			for len(ps) > 0 && total < max {
				p := ps[0]
				ps = ps[1:]
				if pointOverlaps(p, chosen[f]) {
					continue
				}
				chosen[f] = append(chosen[f], p)
				total++
				break
			}
			about[f] = ps
		}
	}
	for _, f := range files {
		// Chosen spread over the document's sections, shown strongest first.
		sort.SliceStable(chosen[f], func(i, j int) bool { return chosen[f][i].score > chosen[f][j].score })
		if len(chosen[f]) > 0 {
			d.groups = append(d.groups, digestGroup{doc: c.docs[f], title: titles[f], points: chosen[f]})
		} else if m, ok := mention[f]; ok {
			d.mentions = append(d.mentions, m)
		}
	}
	// The group with the strongest point first.
	sort.SliceStable(d.groups, func(i, j int) bool { return d.groups[i].points[0].score > d.groups[j].points[0].score })
	return d
}

// sectionFloor is the share of a document's best point score that the best point of another of
// its sections needs to come before a second point of a section already drawn on.
const sectionFloor = 0.75

// spreadOverSections orders a document's candidate points for choosing the digest's: strongest first, but
// the best point of each section (the sentences under one heading) before a second point of a
// section already drawn on, when it scores at least sectionFloor of the document's best. Scores
// favour figures, so one section dense with them ("2020 year , Taobao live GMV …", "To 2021 year
// , … GMV …", "Official data ,2016 year , Taobao live broadcast …") filled the Taobao digest and
// left out what the document's other sections say of it (its mall department of 2008, Taote).
func spreadOverSections(ps []pick) []pick {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].score > ps[j].score })
	if len(ps) == 0 {
		return ps
	}
	floor := ps[0].score * sectionFloor
	rank := make(map[sentKey]int, len(ps)) // how many stronger points its section has before it
	count := map[int]int{}
	for _, p := range ps {
		h := p.ref.sent().Heading
		rank[p.ref.key()] = count[h]
		if p.score < floor {
			rank[p.ref.key()] = math.MaxInt // below the floor: by score, after the spread
		}
		count[h]++
	}
	sort.SliceStable(ps, func(i, j int) bool {
		ri, rj := rank[ps[i].ref.key()], rank[ps[j].ref.key()]
		if ri != rj {
			return ri < rj
		}
		return ps[i].score > ps[j].score
	})
	return ps
}

// pointScore weighs a sentence as a summary point: its rare words, an amount, a date, the platform
// as its own subject rather than by context; very long sentences lose. A year is a date, not an
// amount: counting it as both put "Finally being 2015 Pinduoduo … picked up a bargain" before
// "Pinduoduo announced 2021 Annual pinduoduo active users reach 8.69 Billion".
func (c *corpus) pointScore(r sentRef, platform string) float64 {
	s := r.sent()
	score := 0.0
	for _, t := range s.Terms {
		w, _ := c.weight(t)
		score += math.Min(w, 3)
	}
	score = math.Min(score, 40)
	if len(s.Amounts) > 0 {
		score += 8
	}
	if s.Time {
		score += 4
	}
	if contains(s.Subjects, platform) {
		score += 6
	}
	if s.End-s.Start > longPointBytes {
		score *= 0.6
	}
	return score
}

// pointOverlaps reports whether p's span overlaps a chosen point of the same document, or says
// nearly the same words.
func pointOverlaps(p pick, chosen []pick) bool {
	for _, o := range chosen {
		if p.ref.span.Start < o.ref.span.End && o.ref.span.Start < p.ref.span.End {
			return true
		}
		if jaccard(p.ref.sent().Terms, o.ref.sent().Terms) >= 0.6 {
			return true
		}
	}
	return false
}

// summaryPoints returns every pick of a digest: the points, then the passing mentions.
func (d digest) picks() []pick {
	var out []pick
	for _, g := range d.groups {
		out = append(out, g.points...)
	}
	return append(out, d.mentions...)
}

// summaryPoints picks, for one platform, a digest's sentences from passages (for the documents a
// model's summary left uncited), at most max.
func (c *corpus) summaryPoints(platform string, passages []retrieval.Passage, max int, titles map[string]string) []pick {
	return c.digest(platform, passages, max, titles).picks()
}

// languageLabel names a document's language for a summary in English, or "" for English.
func languageLabel(lang string) string {
	if lang == "" || lang == text.English {
		return ""
	}
	return " (in " + text.LanguageName(lang) + ")"
}

// shortTitle shortens a document title for a label.
func shortTitle(t string) string {
	t = strings.Join(strings.Fields(t), " ")
	if len([]rune(t)) <= 80 {
		return t
	}
	r := []rune(t)[:77]
	if i := strings.LastIndex(string(r), " "); i > 40 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for _, t := range a {
		if contains(b, t) {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

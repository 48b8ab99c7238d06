package answer

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// The offline answerer quotes the sentences of the retrieved passages that best answer the question.
//
// Each body sentence and code line (never a heading, title, question or boilerplate) is scored by
//
//	score = (coverWeight·coverage + (1-coverWeight)·prior) · about · fit
//
// where coverage is the share of the question's word weight the sentence covers (rare words weigh
// more; its heading covers at half weight; a general English synonym of a word covers it at
// synonymCover), prior is the retrieval rank of its passage, about is how
// far the sentence is about the platforms the question names (clause-level subjects, see
// [text.Subjects]), and fit is how well it holds the kind of fact asked for. A figure of the
// question missing from the sentence, a quantity question answered without a figure, or a time
// question without a time expression rule a sentence out. The best sentence is quoted with the
// sentence before it when it leans on it ("Same year …"); a second one joins when the question asks
// for two things or it covers words the first did not; for a how or why question the sentence after
// it may join it whole (an explanation runs on). The answer abstains when the abstention model's
// probability that it is right (see abstain.go) is under [abstainBelow].
const (
	coverWeight = 0.7
	// headingCover is how much a word of a sentence's heading, or of the sentence that introduces
	// its list, counts for the sentence.
	headingCover = 0.5
	// headerCover is how much a word of a table's header row counts for a row of it: the header
	// names what each cell of the row is ("| Live chat | 12:00–18:00 |" under "| | Sunday |"), so
	// its words are the row's as much as its own.
	headerCover = 1.0
	// maxUnits bounds the quoted passages of one answer. Another passage than the best joins when
	// the question asks for two things, or when it is from the same document, scores at least
	// extraScore of the best, and covers extraGain of the question's weight that the best does not.
	maxUnits   = 3
	extraScore = 0.6
	extraGain  = 0.25
	// paragraphScore: another sentence of the best window's paragraph joins it when it covers any
	// of the question's words that the best leaves uncovered and scores at least paragraphScore of
	// it. One paragraph states one matter, and the sentence the question's words point to is
	// often the one that names it, with the fact asked for in the next ("…our distributor Climatec
	// del Norte. En Climatec, la responsable de garantías es la ingeniera Rosa Elena Garza."); its
	// citation is the same paragraph. Chosen on dev: at 0.6 of the best 231 answers changed for
	// 33 set right, at 0.8 about 90 for 21, fewer answers lengthened for each one set right.
	paragraphScore = 0.8
	// mentionedOnly and notNamed weigh a sentence that names an asked platform only in passing, or
	// not at all, against one about it (1).
	mentionedOnly = 0.2
	notNamed      = 0.1
	// notLeading weighs a sentence that names an asked platform plainly but not as the subject of
	// a clause ("Zhang yong … Created the world's largest shopping festival “ A double tenth ”").
	notLeading = 0.5
	// windowPenalty weighs a window of two sentences against one sentence that covers as much.
	windowPenalty = 0.9
	// recheck is how many of the best windows get the checks that read their text.
	recheck = 6
	// amountApart weighs a quantity answer that names what the question names and gives an amount,
	// but not together (see amountBesideName).
	amountApart = 0.5
	// howInstruction weighs a window that tells the reader what to do ("Run `burrow copy`"), for a
	// question that asks how.
	howInstruction = 1.15
	// personMissing weighs a window that names no person, or none who did what is asked, for a
	// question that asks who.
	personMissing = 0.7
	// issuerFit weighs the line that names who issued a document, for a question that asks who
	// issued, approved or signed it, as a definition weighs for a definition question.
	issuerFit = 1.25
	// looseTime weighs a sentence without a date for a "when does X happen" question, which may ask
	// for a condition rather than a date.
	looseTime = 0.6
)

// candidate is a window of one or two consecutive sentences of a paragraph of the retrieved
// passages, scored for a question.
type candidate struct {
	// refs are the window's sentences, in order.
	refs  []sentRef
	rank  int
	cover []float64 // coverage of each question group, in [0, 1]
	cov   float64
	about float64
	fit   float64
	score float64
	// checked: the window has had the checks that read its text (see recheck).
	checked bool
}

// breakTies orders the windows that tie on score and retrieval rank (cands sorted by both) by
// how many of the question's words, function words included, they hold (see [sharedWords]): two
// sentences that cover its content words alike differ in the words that bind them ("Since 2022
// the project has been stewarded by …" for "Which organisation has looked after the project since
// 2022?").
func breakTies(q question, cands []candidate) {
	var asked map[string]bool
	// Only the best few are quoted or shown as closest passages; the windows below them tie by
	// the dozen (every sentence of a passage that covers nothing scores its prior alone).
	for i := 0; i < min(len(cands), recheck); {
		j := i + 1
		for j < len(cands) && cands[j].score == cands[i].score && cands[j].rank == cands[i].rank {
			j++
		}
		if j-i > 1 && cands[i].score > 0 {
			if asked == nil {
				asked = askedWords(q)
			}
			type tie struct {
				cd     candidate
				shared int
			}
			tied := make([]tie, 0, j-i)
			for _, cd := range cands[i:j] {
				tied = append(tied, tie{cd, sharedWords(q, asked, cd.refs)})
			}
			slices.SortStableFunc(tied, func(a, b tie) int { return cmp.Compare(b.shared, a.shared) })
			for k, t := range tied {
				cands[i+k] = t.cd
			}
		}
		i = j
	}
}

// askedWords returns the folded words of q, function words included.
func askedWords(q question) map[string]bool {
	out := map[string]bool{}
	for _, w := range text.Words(q.text) {
		out[w.Folded] = true
	}
	return out
}

// sharedWords counts the words of asked (see [askedWords]) that refs hold, each once, in a
// document of the question's language only: a word shared across languages is chance ("a", "de",
// "me").
func sharedWords(q question, asked map[string]bool, refs []sentRef) int {
	seen := map[string]bool{}
	for _, r := range refs {
		if r.doc.Lang != q.lang {
			continue
		}
		for _, w := range text.Words(r.quote()) {
			if asked[w.Folded] {
				seen[w.Folded] = true
			}
		}
	}
	return len(seen)
}

// first returns the window's first sentence.
func (cd candidate) first() sentRef { return cd.refs[0] }

// overlaps reports whether two windows share a sentence.
func (cd candidate) overlaps(o candidate) bool { return sharesSentence(cd.refs, o.refs) }

// answerPick is the outcome of [corpus.answer]: the units to quote, or the closest candidates
// when the answer abstains.
type answerPick struct {
	units      [][]sentRef
	confidence float64
	evidence   features
	related    []candidate
}

// answer chooses what to quote from the retrieved passages (best first) to answer q.
func (c *corpus) answer(q question, passages []retrieval.Passage) answerPick {
	cands := c.candidates(q, passages)
	byScore := func() {
		slices.SortStableFunc(cands, func(a, b candidate) int {
			if a.score != b.score {
				return cmp.Compare(b.score, a.score)
			}
			return cmp.Compare(a.rank, b.rank)
		})
	}
	byScore()
	breakTies(q, cands)
	if q.atype == typeQuantity && len(q.names) > 0 {
		// The check that an amount stands beside what the question names reads the sentences'
		// text, so it is made only for the best few.
		if named := c.specific(q); len(named.names) > 0 {
			// A window that falls out of the best few lets one that was not checked rise into
			// them, so the check goes on until the best few have all had it.
			for lowered := true; lowered; {
				lowered = false
				for i := range cands[:min(len(cands), recheck)] {
					if cands[i].checked {
						continue
					}
					cands[i].checked = true
					if cands[i].score > 0 && !amountBesideName(named, cands[i].refs) {
						cands[i].score *= amountApart
						cands[i].fit *= amountApart
						lowered = true
					}
				}
				byScore()
			}
		}
	}
	out := answerPick{related: cands}
	if len(q.unknown) > 0 {
		out.related = nil // about something the documents do not know: nothing is close to it
	}
	if len(cands) == 0 || cands[0].score == 0 {
		return out
	}
	best := cands[0]
	chosen := []candidate{best}
	covered := append([]float64(nil), best.cover...)
	for _, cd := range cands[1:] {
		if len(chosen) == maxUnits || cd.score == 0 {
			break
		}
		if overlapsAny(cd, chosen) {
			// A window that holds the best and a sentence of its paragraph beside it that adds
			// coverage takes its place, as that sentence alone would join it (paragraphScore).
			if len(chosen) == 1 && len(cd.refs) > len(best.refs) && holdsWindow(cd, best) && !quotesListItem(cd) &&
				cd.score >= paragraphScore*best.score && c.gain(q, covered, cd.cover) > 0 {
				chosen[0] = cd
				for i := range covered {
					covered[i] = math.Max(covered[i], cd.cover[i])
				}
			}
			continue
		}
		gain := c.gain(q, covered, cd.cover)
		sameDoc := cd.first().doc == best.first().doc
		// A list's items are a paragraph's matters each, not one matter.
		sameParagraph := sameDoc && cd.first().sent().Paragraph == best.first().sent().Paragraph && !quotesListItem(best) && !quotesListItem(cd)
		if cd.score >= extraScore*best.score && (sameDoc && gain >= extraGain*q.weight || q.parts > 1 && len(chosen) < q.parts && (gain > 0 || definesAnother(q, chosen, cd))) ||
			c.addsPlatform(q, chosen, cd) && cd.score >= 0.4*best.score ||
			len(chosen) == 1 && sameParagraph && gain > 0 && cd.score >= paragraphScore*best.score {
			chosen = append(chosen, cd)
			for i := range covered {
				covered[i] = math.Max(covered[i], cd.cover[i])
			}
		}
	}
	out.evidence = c.evidence(q, best, cands, covered)
	out.confidence = out.evidence.prob(c.weights)
	if out.confidence < c.threshold && !c.overview(q, best) && !c.definition(q, best) {
		return out
	}
	for i, cd := range chosen {
		if i == 0 {
			if lead, ok := c.listTie(q, cd); ok {
				out.units = append(out.units, c.withList([]sentRef{lead}))
				continue
			}
		}
		out.units = appendUnit(out.units, c.unit(q, cd))
	}
	return out
}

// holdsWindow reports whether window cd holds every sentence of window o.
func holdsWindow(cd, o candidate) bool {
	return !slices.ContainsFunc(o.refs, func(r sentRef) bool { return !sharesSentence(cd.refs, []sentRef{r}) })
}

// quotesListItem reports a window that quotes a list item.
func quotesListItem(cd candidate) bool {
	return slices.ContainsFunc(cd.refs, func(r sentRef) bool { return r.sent().Item })
}

// appendUnit adds u to units, or merges it into the first unit that shares a sentence with it: a
// unit grows by its context, its list or the sentence before it, so two chosen windows that did
// not overlap may, and the answer would quote the same sentences twice ("The Summit Road climbs
// 14 km … [1] The Summit Road climbs 14 km … Vehicles longer than 7 m … [2]"). The merged unit
// is the sentences of both in document order; two windows that overlap are consecutive runs, so
// their union is one too.
func appendUnit(units [][]sentRef, u []sentRef) [][]sentRef {
	for k, o := range units {
		if !sharesSentence(o, u) {
			continue
		}
		merged := slices.Clone(o)
		for _, r := range u {
			if !sharesSentence(merged, []sentRef{r}) {
				merged = append(merged, r)
			}
		}
		slices.SortStableFunc(merged, func(a, b sentRef) int { return cmp.Compare(a.i, b.i) })
		units[k] = merged
		return units
	}
	return append(units, u)
}

// sharesSentence reports whether a and b (windows or units) hold a sentence in common, whichever
// passages they read it in.
func sharesSentence(a, b []sentRef) bool {
	for _, x := range a {
		for _, y := range b {
			if x.key() == y.key() {
				return true
			}
		}
	}
	return false
}

// listTie reports whether the best window is one item of a short list (at most maxListItems) that
// the question does not single out: every question word the item covers is covered by the list's
// lead or heading too, or by every other item. The question then asks about what the lead
// introduces ("¿Cómo se reparten las propinas?" over "Las propinas … se reparten una vez al mes:"
// and its three shares; "办会员卡需要带什么材料？" over "到前台时请带上：" and two documents), and
// the answer is the list, quoted from its lead (see [corpus.withList]); "¿Qué es el fondo social?"
// is answered by the one item that names the fund. It returns the lead.
func (c *corpus) listTie(q question, best candidate) (sentRef, bool) {
	first := best.first()
	s := first.sent()
	if len(best.refs) > 1 || !s.Item || s.Lead < 0 {
		return sentRef{}, false
	}
	lead, ok := c.ref(first.doc, s.Lead, first.passage)
	if !ok || !strings.HasSuffix(lead.quote(), ":") && !strings.HasSuffix(lead.quote(), "：") {
		return sentRef{}, false
	}
	ss := first.doc.Sentences
	var others []int
	items := 0
	for k := s.Lead + 1; k < len(ss) && ss[k].Lead == s.Lead; k++ {
		if ss[k].Item {
			items++
		}
		if k != first.i {
			others = append(others, k)
		}
	}
	if items > maxListItems || len(others) == 0 {
		return sentRef{}, false
	}
	covers := func(i int, g termGroup) bool { return i >= 0 && coverage(&ss[i], g) > 0 }
	for _, g := range q.groups {
		if g.frame || !covers(first.i, g) || covers(s.Lead, g) || covers(s.Heading, g) {
			continue
		}
		all := true
		for _, k := range others {
			all = all && covers(k, g)
		}
		if !all && !q.list {
			return sentRef{}, false // the item names what the others do not: it is the answer
		}
	}
	return lead, true
}

// overview reports a question that names a platform and asks nothing more about it ("What is
// Douyin?", "¿Qué es Kuaishou?", "抖音？"), answered by the best sentence that is about it. Such a
// question has no word the evidence could fail to cover, so the abstention model, which judges
// how well evidence covers a question, has nothing to judge: it scores every one of them as a near
// miss, since its short dev questions are mostly near misses ("Who founded Kuaishou?"). A year may
// narrow it ("What does the 2024 outlook say about Kuaishou?") when the best window's paragraph
// holds that year: it is then what the question is about, not a fact it asks for. Other figures
// ("Douyin's 30%") are asked about, and keep the question to the model.
func (c *corpus) overview(q question, best candidate) bool {
	if len(q.platforms) == 0 || best.about < 1 {
		return false
	}
	for _, f := range q.figures {
		if !text.IsYear(f) || !c.paragraphHolds(best.first(), f) {
			return false
		}
	}
	for _, g := range q.groups {
		if !g.frame {
			return false
		}
	}
	return true
}

// definition reports a question that asks what one term means and nothing more ("¿Qué significa
// microcomercio?", "What is a station?", "什么是微商？"), answered by a sentence that defines that
// term ("El microcomercio se refiere a …", "A station is a group of docks …"): as with an
// overview, the evidence covers the whole question, and the abstention model has nothing to judge
// but the question's shortness, which its near misses share. A sentence that names the term
// without defining it does not count.
func (c *corpus) definition(q question, best candidate) bool {
	if q.atype != typeDefinition || len(q.subject) == 0 || len(q.platforms) > 0 && best.about < 1 {
		return false
	}
	content := 0
	for _, g := range q.groups {
		if !g.frame {
			content++
		}
	}
	return content == 1 && c.exactCover(q, best) == 1 && definesSubject(q, best.first().sent())
}

// definesSubject reports whether sentence s defines what a definition question asks about: it
// spells out the abbreviation (see [text.Sentence.Spells]), or, unless the question asks what one
// stands for, it defines the term ("X is …", "X se refiere a …").
func definesSubject(q question, s *text.Sentence) bool {
	return sharesAny(q.subject, s.Spells) || !q.expansion && sharesAny(q.subject, s.Defines)
}

// definesAnother reports whether, for a question that asks how two things differ, cd's first
// sentence defines one of the question's terms that no chosen sentence defines: "A dock is a single
// locking post" beside "A station is a group of docks", whose words already cover both terms.
func definesAnother(q question, chosen []candidate, cd candidate) bool {
	if !q.differs {
		return false
	}
	defined := func(cd candidate, g termGroup) bool {
		for _, alt := range g.alts {
			if sharesAny(alt, cd.first().sent().Defines) {
				return true
			}
		}
		return false
	}
	for _, g := range q.groups {
		if g.frame || !defined(cd, g) {
			continue
		}
		if !slices.ContainsFunc(chosen, func(o candidate) bool { return defined(o, g) }) {
			return true
		}
	}
	return false
}

func overlapsAny(cd candidate, chosen []candidate) bool {
	for _, o := range chosen {
		if cd.overlaps(o) {
			return true
		}
	}
	return false
}

// candidates scores every quotable sentence of the passages alone and with the sentence after it in
// its paragraph; a window found in several passages counts once, at its best rank. A window ruled
// out has score 0.
func (c *corpus) candidates(q question, passages []retrieval.Passage) []candidate {
	out := make([]candidate, 0, 4*len(passages))
	seen := make(map[*text.Sentence]bool, 4*len(passages)) // whichever passage it is read in
	w := newWindows(c, &q, 4*len(passages))
	// add scores the windows that start at sentence r, read in passage p at rank.
	add := func(r sentRef, p *retrieval.Passage, rank int) {
		s := r.sent()
		if seen[s] || !quotable(s) {
			return
		}
		seen[s] = true
		if full, ok := c.passageHolding(r.doc.File, s.Start, s.End, p); ok {
			r.passage, r.span = full, text.Span{Start: s.Start, End: s.End}
		}
		out = append(out, c.score(q, w.refs(r), rank, w))
		// The sentence before, when it holds the kind of fact asked for and this one does not
		// ("… due to quality disputes, consumers want to see. Now some manufacturers stream
		// their production lines"), though a passage other than these may hold it.
		if pv := c.prev(r); pv != nil && quotable(pv) && (suppliesType(q, s, pv) || c.suppliesContact(q, r, r.i-1)) {
			if pr, ok := c.ref(r.doc, r.i-1, r.passage); ok {
				out = append(out, c.score(q, w.refs(pr, r), rank, w))
			}
		}
		n := c.next(r)
		if n == nil || !quotable(n) || !adds(w.cover(r.doc, r.i), w.cover(r.doc, r.i+1)) && holdsFigures(s.Figures, q.figures) && !suppliesType(q, s, n) &&
			!c.suppliesContact(q, r, r.i+1) {
			return // the next sentence adds nothing the question asks for
		}
		if nr, ok := c.ref(r.doc, r.i+1, r.passage); ok {
			out = append(out, c.score(q, w.refs(r, nr), rank, w))
		}
	}
	for rank := range passages {
		p := &passages[rank]
		for r := range c.sentencesOf(p) {
			add(r, p, rank)
			// A sentence that leads the paragraphs after it (the problem a run of labelled
			// paragraphs goes on to explain and fix, a list's lead) brings them at its rank: the
			// question matches the problem's words, and the cause or the fix under it answers.
			for _, k := range c.led(r) {
				if lr, ok := c.ref(r.doc, k, p); ok {
					add(lr, p, rank)
				}
			}
		}
	}
	return out
}

// led returns the sentences in the paragraphs after r's that r leads (see [text.Sentence.Lead]).
func (c *corpus) led(r sentRef) []int {
	var out []int
	ss := r.doc.Sentences
	s := r.sent()
	for k := r.i + 1; k < len(ss) && k <= r.i+maxLed && ss[k].Heading == s.Heading; k++ {
		if ss[k].Lead == r.i && ss[k].Paragraph > s.Paragraph {
			out = append(out, k)
		}
	}
	return out
}

// maxLed bounds how far after its lead a led sentence is looked for.
const maxLed = 24

// windows hands out the sentences and coverage of the windows scored for one question, from a few
// backing arrays, and computes each sentence's coverage of each group of the question once: a
// slice for each window and larger maps were a sixth of what the offline answerer allocated.
type windows struct {
	c       *corpus
	covers  map[*text.Sentence][]float64
	floats  []float64
	sentRef []sentRef
	// doc and sigs are the document of the last sentence covered and its signatures.
	doc  *text.Doc
	sigs []termSig
	// q is the question, whose groups a sentence meets as [question.groupsIn] says.
	q *question
}

func newWindows(c *corpus, q *question, n int) *windows {
	return &windows{c: c, covers: make(map[*text.Sentence][]float64, n), q: q}
}

// refs returns a window of the sentences rs.
func (w *windows) refs(rs ...sentRef) []sentRef {
	if cap(w.sentRef)-len(w.sentRef) < len(rs) {
		w.sentRef = make([]sentRef, 0, 32)
	}
	n := len(w.sentRef)
	w.sentRef = append(w.sentRef, rs...)
	return w.sentRef[n:len(w.sentRef):len(w.sentRef)]
}

// coverSlice returns a zeroed slice of one coverage value for each group.
func (w *windows) coverSlice() []float64 {
	n := len(w.q.groups)
	if len(w.floats) < n {
		w.floats = make([]float64, 64*max(1, n))
	}
	cv := w.floats[:n:n]
	w.floats = w.floats[n:]
	return cv
}

// cover returns how far sentence i of d covers each group of the question (see [coverage]).
func (w *windows) cover(d *text.Doc, i int) []float64 {
	s := &d.Sentences[i]
	cv, ok := w.covers[s]
	if !ok {
		if d != w.doc {
			w.doc, w.sigs = d, w.c.sigs[d]
		}
		sigs := w.sigs
		has := func(t string) bool { return sigs[i].mayHold(w.c.termBits(t)) && s.HasTerm(t) }
		if sigs == nil {
			has = s.HasTerm // not a document of the corpus's analysis
		}
		cv = w.coverSlice()
		for k, g := range w.q.groupsIn(d) {
			cv[k] = coverageBy(s, g, has)
		}
		w.covers[s] = cv
	}
	return cv
}

// suppliesType reports whether sentence n holds the kind of fact the question asks for and s does
// not ("Where …?": s names the settings file, n gives its path; "What do I type?": s names the
// error, n the value to enter).
func suppliesType(q question, s, n *text.Sentence) bool {
	if q.identifier && n.Identifier && !s.Identifier {
		return true
	}
	switch q.atype {
	case typePlace:
		return n.Place && !s.Place
	case typeQuantity:
		return (len(n.Amounts) > 0 || n.NumberWord) && len(s.Amounts) == 0 && !s.NumberWord
	case typeTime:
		// "… no longer on Thursday 19 September. It has been moved to … at 9:30": the time of day.
		return n.Time && !s.Time || q.clockAsked && n.Clock && !s.Clock
	case typePerson:
		return len(n.Names) > 0 && len(s.Names) == 0
	case typeReason:
		return n.Reason && !s.Reason
	case typeHow:
		return n.Instruction && !s.Instruction
	}
	return false
}

// suppliesContact reports whether the sentence d.Sentences[i] beside r holds the contact detail the
// question asks for and r does not ("Write to our data officer. Her address is dpo@…").
func (c *corpus) suppliesContact(q question, r sentRef, i int) bool {
	if q.contact == "" || text.HoldsContact(r.quote(), q.contact) {
		return false
	}
	o, ok := c.ref(r.doc, i, r.passage)
	return ok && text.HoldsContact(o.quote(), q.contact)
}

// adds reports whether next covers some group better than cur.
func adds(cur, next []float64) bool {
	for i := range cur {
		if next[i] > cur[i] {
			return true
		}
	}
	return false
}

// quotable reports a sentence an answer may quote: body text or a line of code ("ticket_body:
// required  # up to 2,500 characters"), not a fragment ("Useful flags:").
func quotable(s *text.Sentence) bool {
	return (s.Kind == text.KindBody || s.Kind == text.KindCode) && (len(s.Terms) >= 3 || len(s.Figures) > 0)
}

// score scores one window for q. A window of two sentences is worth a little less than one
// sentence that says as much, unless the second continues the first ("That year …").
func (c *corpus) score(q question, refs []sentRef, rank int, w *windows) candidate {
	cd := candidate{refs: refs, rank: rank, cover: w.coverSlice()}
	for _, r := range refs {
		for i, v := range w.cover(r.doc, r.i) {
			cd.cover[i] = math.Max(cd.cover[i], v)
		}
	}
	for _, cx := range contextOf(refs[0]) {
		if cx.i >= 0 {
			for i, v := range w.cover(refs[0].doc, cx.i) {
				cd.cover[i] = math.Max(cd.cover[i], cx.weight*v)
			}
		}
	}
	for _, k := range issuerContext(q, refs[0]) {
		for i, v := range w.cover(refs[0].doc, k) {
			cd.cover[i] = math.Max(cd.cover[i], v)
		}
	}
	if q.weight > 0 {
		for i, g := range q.groups {
			cd.cov += g.weight * cd.cover[i]
		}
		cd.cov /= q.weight
	} else {
		cd.cov = 0.5 // the question names only platforms or figures
	}
	// A quantity question's year dates the amount it asks for: in a window of two sentences that
	// do not run on, the year must stand in a sentence that gives an amount ("produced 96 MWh in
	// 2024. The rest … since January 2023." does not answer for 2023).
	apart := q.atype == typeQuantity && len(refs) > 1 && !refs[1].sent().Continues
	for _, f := range c.figuresHere(q, refs[0]) {
		held := false
		for _, r := range refs {
			held = held || text.FigureAmong(r.sent().Figures, f) && (!apart || !text.IsYear(f) || len(r.sent().Amounts) > 0) ||
				q.measureHeld(r.sent(), f)
		}
		if !held {
			return cd
		}
	}
	cd.about = c.aboutFactor(q, refs) * otherLanguage(q, refs)
	cd.fit = c.fit(q, refs)
	cd.score = (coverWeight*cd.cov + (1-coverWeight)*prior(rank)) * cd.about * cd.fit
	if len(refs) > 1 && !refs[1].sent().Continues && !explains(q) {
		cd.score *= windowPenalty
	}
	return cd
}

// contextSentence is a sentence whose words count for a window's (its index in the document, -1 for
// none) and the weight they count at.
type contextSentence struct {
	i      int
	weight float64
}

// contextOf returns the context of a window whose first sentence is r: its heading, and the
// sentence that introduces its list or its table's header row (see [text.Sentence.Lead]).
func contextOf(r sentRef) [2]contextSentence {
	s := r.sent()
	lead := headingCover
	if s.Lead >= 0 && text.TableRow(r.quote()) {
		lead = headerCover
	}
	return [2]contextSentence{{s.Heading, headingCover}, {s.Lead, lead}}
}

// holdsIssuerVerb reports whether one of refs holds the verb of a question that asks who issued,
// approved or signed a document.
func holdsIssuerVerb(q question, refs []sentRef) bool {
	for _, g := range q.groups {
		if g.issuerVerb && slices.ContainsFunc(refs, func(r sentRef) bool { return coverage(r.sent(), g) > 0 }) {
			return true
		}
	}
	return false
}

// issuerContext returns the sentences whose words count in full for r's, for a question that asks
// who issued a document (see [question.issuer]) when r names its issuer: the document's title
// block, which names the document the question names ("Who signed the runway works notice?" over
// "NOTICE TO PASSENGERS AND NEIGHBOURS: RUNWAY 09/27 RESURFACING" / "Issued … by Priya
// Castellane").
func issuerContext(q question, r sentRef) []int {
	if !q.issuer || !r.sent().Issuer {
		return nil
	}
	return text.TitleBlock(r.doc, r.i)
}

// explains reports a question whose answer is an explanation (how, why), which often runs on into
// the next sentence: a window of two sentences is then worth what it covers.
func explains(q question) bool { return q.atype == typeHow || q.atype == typeReason }

// prior is the weight of a passage's retrieval rank (0 is the top hit).
func prior(rank int) float64 { return 1 / (1 + float64(rank)/3) }

// coverage is how far sentence s covers question group g, in [0, 1]: the share of the stems of its
// best form the sentence holds (at least half of them, or nothing).
func coverage(s *text.Sentence, g termGroup) float64 { return coverageBy(s, g, s.HasTerm) }

// coverageBy is [coverage] where has reports whether s holds a term.
func coverageBy(s *text.Sentence, g termGroup, has func(string) bool) float64 {
	if g.unit != "" && slices.Contains(s.Units, g.unit) || g.contact != "" && slices.Contains(s.Contacts, g.contact) || g.identifier && s.Identifier || g.clock && s.Clock {
		return 1
	}
	best := 0.0
	for _, alt := range g.alts {
		n := 0
		for _, f := range alt {
			if has(f) {
				n++
			}
		}
		if f := float64(n) / float64(len(alt)); f >= 0.5 && f > best {
			best = f
		}
	}
	for _, forms := range [2][][]string{g.syn, g.cog} {
		for _, alt := range forms {
			n := 0
			for _, f := range alt {
				if has(f) {
					n++
				}
			}
			if f := synonymCover * float64(n) / float64(len(alt)); n*2 >= len(alt) && f > best {
				best = f
			}
		}
	}
	if best > 0 {
		return best
	}
	if len(g.bigrams) > 0 {
		n := 0
		for _, b := range g.bigrams {
			if has(b) {
				n++
			}
		}
		if f := float64(n) / float64(len(g.bigrams)); f >= 0.5 {
			return f
		}
	}
	return 0
}

// gain is the question weight that cover adds to covered.
func (c *corpus) gain(q question, covered, cover []float64) float64 {
	g := 0.0
	for i, grp := range q.groups {
		if cover[i] > covered[i] {
			g += grp.weight * (cover[i] - covered[i])
		}
	}
	return g
}

// next and prev return the sentence after and before r's in the same paragraph, of its kind (body
// or code line), or nil.
func (c *corpus) next(r sentRef) *text.Sentence { return c.beside(r, 1) }
func (c *corpus) prev(r sentRef) *text.Sentence { return c.beside(r, -1) }

// beside returns the sentence step sentences from r's, when it is of r's kind (two lines of a code
// block make a window, as two sentences do; a line and the prose after the block do not), of r's
// paragraph and of its list item: the last sentence of one item and the first of the next are
// about two things ("… resolution target 5 working days. - **P4 – Request**: new software …").
func (c *corpus) beside(r sentRef, step int) *text.Sentence {
	i := r.i + step
	if i < 0 || i >= len(r.doc.Sentences) {
		return nil
	}
	n := &r.doc.Sentences[i]
	if n.Paragraph != r.sent().Paragraph || n.Kind != r.sent().Kind || step > 0 && n.Item || step < 0 && r.sent().Item {
		return nil
	}
	return n
}

// figuresHere returns the question's figures that a window must hold itself. A year in a question
// that does not ask for an amount or a date sets the scene ("How does the practitioner rate
// Kuaishou's momentum going into 2024?"): the window's paragraph holding it is enough. A figure
// that the window's heading or lead or the document's title holds is enough for any question
// ("2023年的运营成本是多少？" under "## 2023 accounts", "How long does a stage 1 complaint take?"
// under "## Stage 1"); for an amount or a date, not a year elsewhere in its paragraph, which often
// gives another year's figure beside it.
func (c *corpus) figuresHere(q question, r sentRef) []string {
	var out []string
	if q.atype == typeQuantity || q.atype == typeTime {
		for _, f := range q.figures {
			if !contextHolds(r, f) {
				out = append(out, f)
			}
		}
		return out
	}
	for _, f := range q.figures {
		if (!text.IsYear(f) || !c.paragraphHolds(r, f)) && !contextHolds(r, f) {
			out = append(out, f)
		}
	}
	return out
}

// contextHolds reports whether the heading or the lead of r's sentence (see [contextOf]) or its
// document's title holds figure f: then the figure names what the sentence is about ("Why do
// uploads fail with a 413 error?" over a fix under "**Symptom:** … `413 Request Entity Too
// Large`"), as a year in its paragraph does.
func contextHolds(r sentRef, f string) bool {
	s := r.sent()
	for _, i := range []int{s.Heading, s.Lead, docTitle(r.doc)} {
		if i >= 0 && i < r.i && text.FigureAmong(r.doc.Sentences[i].Figures, f) {
			return true
		}
	}
	return false
}

// docTitle returns the index of d's title (see [text.KindTitle]), or -1. The title names what
// the whole document is about, as a heading names its section: the release notes titled "Skerry
// 3.0" answer "How many people contributed code to 3.0?" with "94 contributors" in their third
// paragraph.
func docTitle(d *text.Doc) int {
	for i := range d.Sentences {
		switch d.Sentences[i].Kind {
		case text.KindTitle:
			return i
		case text.KindBody:
			return -1 // a title comes before any text
		}
	}
	return -1
}

// paragraphHolds reports whether the paragraph of r holds figure f. A table row is a record of its
// own: a year in another row of its table dates that row ("| Series B | 2019 | … |"), not r.
func (c *corpus) paragraphHolds(r sentRef, f string) bool {
	if text.TableRow(r.quote()) {
		return text.FigureAmong(r.sent().Figures, f)
	}
	para := r.sent().Paragraph
	ss := r.doc.Sentences
	for i := r.i; i >= 0 && ss[i].Paragraph == para; i-- {
		if text.FigureAmong(ss[i].Figures, f) {
			return true
		}
	}
	for i := r.i + 1; i < len(ss) && ss[i].Paragraph == para; i++ {
		if text.FigureAmong(ss[i].Figures, f) {
			return true
		}
	}
	return false
}

// holdsFigures reports whether every figure of the question is among the sentence's.
func holdsFigures(have, figures []string) bool {
	for _, f := range figures {
		if !text.FigureAmong(have, f) {
			return false
		}
	}
	return true
}

// aboutFactor is how far a window is about the platforms the question names. The first platform
// the question names is what it asks about: 1 when the sentence is about it (see sentenceAbout),
// notLeading when it names it plainly but not as a subject, mentionedOnly when it names it only in
// passing ("surpassing competitors like JD.com"), notNamed when it does not name it; the least
// over the window's sentences, so that a sentence about Douyin and the next one about Xiaohongshu
// are not together about Xiaohongshu. Any other platform the question names ("Why does JD ignore
// Pinduoduo?") must be named (1) or counts as notNamed.
func (c *corpus) aboutFactor(q question, refs []sentRef) float64 {
	prod := 1.0
	for i, p := range q.platforms {
		f := 1.0
		named := false
		for _, r := range refs {
			s := r.sent()
			about := sentenceAbout(r)
			named = named || contains(s.Platforms, p) || contains(about, p)
			switch {
			case contains(about, p):
			case contains(s.Asides, p):
				f = math.Min(f, mentionedOnly)
			case contains(s.Platforms, p):
				f = math.Min(f, notLeading)
			default:
				f = math.Min(f, notNamed)
			}
		}
		if i > 0 || named && asksWho(q) {
			f = notNamed
			if named {
				f = 1
			}
		}
		prod *= f
	}
	return prod
}

// otherLanguage is how far a window is about what the question asks when the question names a
// language and the window names only others ("¿Quién atiende la línea en chino?" against "Tenemos
// una línea telefónica en español …"): 1 when it names the question's language or none,
// languageContrast when it names others only. A line, a guide or a tour in one language is another
// thing than the same in another, as a platform is another than the one asked about (see
// [corpus.aboutFactor]). A yes-or-no question is exempt: "Is the app in French?" is answered by "The
// app is in English and Spanish only".
func otherLanguage(q question, refs []sentRef) float64 {
	if len(q.languages) == 0 || q.polar {
		return 1
	}
	other := false
	for _, r := range refs {
		for _, l := range r.sent().Languages {
			if contains(q.languages, l) {
				return 1
			}
			other = true
		}
	}
	if other {
		return languageContrast
	}
	return 1
}

// languageContrast weighs a window that names only other languages than the question's.
const languageContrast = 0.5

// asksWho reports a question that asks who or which one did something ("Which rival did Douyin
// overtake?", "Who created Double 11?", "Whose WeChat helped Tencent?"): what it asks for is the
// subject of the answer, so the platform it names is usually an object or an aside there
// ("Douyin … surpassing competitors like JD.com" answers which rival Douyin overtook), and naming
// it anywhere in the sentence is enough.
func asksWho(q question) bool { return q.atype == typeEntity || q.atype == typePerson }

// sentenceAbout is what a sentence is about (see [text.Sentence.About]); a sentence that names no
// platform is about what the sentence it points back to is about (see [antecedent]), else what its
// section's heading names.
func sentenceAbout(r sentRef) []string {
	s := r.sent()
	about := s.About()
	if len(about) > 0 || len(s.Platforms) > 0 {
		return about
	}
	if prev, ok := antecedent(r); ok && len(prev.About()) > 0 {
		return prev.About() // "The platform now counts …" after a paragraph about Douyin
	}
	if s.Heading < 0 {
		return about
	}
	return r.doc.Sentences[s.Heading].Platforms
}

// addsPlatform reports whether cd is about a platform of the question that the chosen windows are
// not about.
func (c *corpus) addsPlatform(q question, chosen []candidate, cd candidate) bool {
	for _, p := range q.platforms {
		one := question{platforms: []string{p}}
		if c.aboutFactor(one, cd.refs) < 1 {
			continue
		}
		done := false
		for _, o := range chosen {
			done = done || c.aboutFactor(one, o.refs) == 1
		}
		if !done {
			return true
		}
	}
	return false
}

// fit is how well the window holds the kind of fact the question asks for: 0 rules it out (a
// quantity without a figure, a date without a time expression).
func (c *corpus) fit(q question, refs []sentRef) float64 {
	f := c.kindFit(q, refs)
	if q.list && slices.ContainsFunc(refs, func(r sentRef) bool { return enumerates(r.quote()) }) {
		f *= listFit
	}
	if q.identifier && !slices.ContainsFunc(refs, func(r sentRef) bool { return r.sent().Identifier }) {
		f *= identifierMissing // "What environment variable sets the public URL?" asks for a name in code
	}
	if slices.ContainsFunc(refs, func(r sentRef) bool { return q.holdsMeasure(r.sent()) }) {
		f *= measureFit
	}
	return f
}

// measureFit is the fit of a window whose bound holds an amount the question gives as its own case
// ("My son is 9" and "Children aged 5 to 12 pay £35"; see [text.Measures]): it rules on the asker's
// case, as a reason answers a why question (1.15, see [corpus.kindFit]).
const measureFit = 1.15

// kindFit is [corpus.fit] by the question's answer type and the contact detail it asks for.
func (c *corpus) kindFit(q question, refs []sentRef) float64 {
	if q.contact != "" && !slices.ContainsFunc(refs, func(r sentRef) bool { return text.HoldsContact(r.quote(), q.contact) }) {
		return 0 // "What is her email address?" is not answered by a sentence that names her
	}
	newFigure, newAmount, newYear := false, false, false
	timed, timeWord, clock, numberWord, reason, defined, named, place, person, instruction := false, false, false, false, false, false, false, false, false, false
	for _, r := range refs {
		s := r.sent()
		for _, f := range s.Figures {
			newFigure = newFigure || !text.FigureAmong(q.figures, f)
			newYear = newYear || text.IsYear(f) && !text.FigureAmong(q.figures, f)
		}
		for _, f := range s.Amounts {
			newAmount = newAmount || !text.FigureAmong(q.figures, f)
		}
		timed = timed || s.Time
		timeWord = timeWord || s.TimeWord
		clock = clock || s.Clock
		numberWord = numberWord || s.NumberWord
		reason = reason || s.Reason
		defined = defined || definesSubject(q, s)
		named = named || namesOther(s.Names, q)
		place = place || s.Place
		instruction = instruction || s.Instruction
		person = person || s.Person && named || namesOther(s.Roles, q) // a post the question does not name
	}
	switch q.atype {
	case typeQuantity:
		if q.unit == text.UnitFrequency && holdsUnit(refs, q.unit) {
			return 1 // "How often is the scratch drive emptied?": "every Sunday", with no amount
		}
		if !newAmount && !numberWord {
			return 0
		}
		// The unit class a question names stands for what it counts ("how much time", "how many
		// hours"); otherwise the window must name the counted noun.
		if q.unit != "" && !holdsUnit(refs, q.unit) || q.unit == "" && !namesCounted(q, refs) {
			return unitMissing
		}
		// "How many sensors …?" asks for a number of things: "within 3 m of the thermostat" names
		// the sensor and an amount, a distance.
		if q.countAsked && !slices.ContainsFunc(refs, func(r sentRef) bool { return r.sent().Count }) {
			return unitMissing
		}
	case typeTime:
		if q.yearAsked && !newYear {
			return 0 // "in what year" is not answered by "on Tuesdays from 9:00"
		}
		if q.clockAsked && !clock {
			return 0 // "what time" is not answered by "on Sunday afternoons"
		}
		if q.dayAsked && !slices.ContainsFunc(refs, func(r sentRef) bool { return text.Dated(r.quote()) }) {
			return 0 // "which day" is not answered by "every 20 minutes from 7:00"
		}
		// A date brings a figure the question lacks; "on the first Monday" says when in words.
		if !timed || !newFigure && !timeWord {
			if q.timeLoose {
				return looseTime
			}
			return 0
		}
	case typePerson:
		if q.issuer {
			if slices.ContainsFunc(refs, func(r sentRef) bool { return r.sent().Issuer }) {
				return issuerFit
			}
			// Someone a sentence names without the signing ("Tom Reyes answers questions about
			// the notice") did not sign it.
			if !holdsIssuerVerb(q, refs) {
				return personMissing
			}
		}
		if !person {
			return personMissing
		}
	case typeEntity:
		if !named && !c.namesOtherPlatform(refs, q) {
			return 0.8
		}
	case typeReason:
		if reason {
			return 1.15
		}
		if introduces(refs) {
			return introOnly
		}
	case typePlace:
		if !place {
			return 0.8
		}
	case typeDefinition:
		if defined {
			return 1.25
		}
	case typeHow:
		if introduces(refs) {
			return introOnly
		}
		if instruction && !q.mechanism {
			return howInstruction
		}
	}
	return 1
}

// introOnly is the fit, for a question asking why or how, of a window that only introduces what
// follows it: a list's lead ("To move your authenticator to a new phone:"), or the problem a run
// of labelled paragraphs goes on to explain and fix ("**Symptom:** … / **Cause:** … / **Fix:** …").
// It restates the question; the cause or the steps after it answer.
const introOnly = 0.5

// introduces reports whether every sentence of the window is the lead of a later sentence (see
// [text.Sentence.Lead]) other than a table's rows under their header row.
func introduces(refs []sentRef) bool {
	for _, r := range refs {
		ss := r.doc.Sentences
		led := false
		for k := r.i + 1; k < len(ss) && ss[k].Paragraph <= r.sent().Paragraph+1 && !led; k++ {
			led = ss[k].Lead == r.i && (ss[k].Paragraph > r.sent().Paragraph || ss[k].Item)
		}
		if !led {
			return false
		}
	}
	return len(refs) > 0
}

// unitMissing is the fit of a window that holds amounts, but none of the class the question asks
// for: a question about a share answered by a count of users, a price by a date. Reading a unit
// can fail ("the fee is twelve"), so it lowers the window, and leaves the rest to abstention.
const unitMissing = 0.5

// identifierMissing is the fit of a window that names no identifier when the question asks for one
// (see [text.AskedIdentifier]). Some are written as plain words ("Type your student number"), so
// it lowers the window, as a missing unit does (unitMissing), and leaves the rest to abstention.
const identifierMissing = 0.5

// namesCounted reports whether the window names what a quantity question counts (any form or
// synonym of the word; see [question.counted]), itself or in its table's header row, or the
// question counts nothing named. An amount of
// something else is a near miss: "1,450 bikes" for "how many bike trips".
func namesCounted(q question, refs []sentRef) bool {
	if q.counted < 0 {
		return true
	}
	for _, r := range refs {
		if coverage(r.sent(), q.groups[q.counted]) >= 0.5 {
			return true
		}
		// A table row's amounts are counted by its header row ("| Term | … | Number of lessons |").
		if l := r.sent().Lead; l >= 0 && text.TableRow(r.quote()) && coverage(&r.doc.Sentences[l], q.groups[q.counted]) >= 0.5 {
			return true
		}
	}
	return false
}

// holdsUnit reports whether a sentence of the window states an amount of unit class unit.
func holdsUnit(refs []sentRef, unit string) bool {
	for _, r := range refs {
		if contains(r.sent().Units, unit) {
			return true
		}
	}
	return false
}

// namesOther reports a name of the sentence that the question does not use.
func namesOther(names []string, q question) bool {
	for _, n := range names {
		if !strings.Contains(q.lower, n) {
			return true
		}
	}
	return false
}

func sharesAny(a, b []string) bool {
	for _, x := range a {
		if contains(b, x) {
			return true
		}
	}
	return false
}

func (c *corpus) namesOtherPlatform(refs []sentRef, q question) bool {
	for _, r := range refs {
		for _, p := range r.sent().Platforms {
			if !contains(q.platforms, p) {
				return true
			}
		}
	}
	return false
}

// amountBesideName reports whether, when the question names something (capitalised words that
// are not platforms: "Suning", "UCweb"), a clause of the window (see [text.Clauses]; run-on
// sentences list separate facts in them) holds an amount and all those names: "2013 year 8 Monthly
// strategic capital injection UCweb" says that Alibaba invested in UCweb, not how much. A name that
// opens a run counts for the whole run, since it is its subject ("BYD, the company that …, closed
// 2023 with sales of 3.02 million"); one further in may be what an amount is not about ("Guided
// tours in Spanish Sign Language can be booked …, with three weeks' notice").
func amountBesideName(q question, refs []sentRef) bool {
	if len(q.names) == 0 {
		return true
	}
	for i, r := range refs {
		named := i == 0 && antecedentNames(q, r)
		held := contextNames(q, r)
		if !named && !holdsNamesBesides(strings.ToLower(r.quote()), q, held) {
			continue // no clause of it names them all: reading its clauses and amounts is not needed
		}
		for _, run := range text.Clauses(r.quote()) {
			lead := strings.ToLower(run[0])
			for _, part := range run {
				// The names first: reading a clause's amounts costs more than finding a name in it.
				all := named // "The platform now counts 760 million users", after a sentence on Douyin
				if !all {
					low := strings.ToLower(part)
					all = true
					for i, n := range q.names {
						all = all && (held[i] || strings.Contains(low, n) || strings.HasPrefix(lead, n) || q.nameOtherwise(i, low) || q.nameOtherwise(i, lead))
					}
				}
				if all && text.HoldsAmount(part, q.figures) {
					return true
				}
			}
		}
	}
	return false
}

// specific returns q with only the names that tell something apart in the corpus: a name that
// most of its documents use is what the corpus is about (the council, the product, the museum:
// "What proportion of household waste did Wrenford recycle?" over a table of Wrenford's rates
// that does not repeat the name), not something an amount must stand beside.
func (c *corpus) specific(q question) question {
	var names, stems []string
	var alts [][]text.NameForm
	for i, n := range q.names {
		if i < len(q.nameStems) && c.topical[q.nameStems[i]] {
			continue
		}
		names, stems, alts = append(names, n), append(stems, q.nameStems[i]), append(alts, q.nameAlts[i])
	}
	q.names, q.nameStems, q.nameAlts = names, stems, alts
	return q
}

// topicShare is the share of a corpus's documents that use a name that is what the corpus is
// about; minTopicDocs the fewest documents in which that means anything.
const (
	topicShare   = 0.8
	minTopicDocs = 4
)

// holdsNames reports whether lower-cased text s holds every one of q's names, by any name the
// corpus gives it (see [question.nameOtherwise]).
func holdsNames(s string, q question) bool { return holdsNamesBesides(s, q, nil) }

// holdsNamesBesides is [holdsNames] for the names not held elsewhere (held[i]).
func holdsNamesBesides(s string, q question, held []bool) bool {
	for i, n := range q.names {
		if (i >= len(held) || !held[i]) && !strings.Contains(s, n) && !q.nameOtherwise(i, s) {
			return false
		}
	}
	return true
}

// contextNames reports, for each name of q, whether r's heading or its document's title holds
// it: the section or the document is about what it names, so every amount in it is ("Starbucks
// sells control of its China business" over "… said 13 bidders put in first-round offers").
func contextNames(q question, r sentRef) []bool {
	held := make([]bool, len(q.names))
	for _, k := range []int{r.sent().Heading, docTitle(r.doc)} {
		if k < 0 || k >= r.i {
			continue
		}
		for i, st := range q.nameStems {
			held[i] = held[i] || r.doc.Sentences[k].HasTerm(st)
		}
	}
	return held
}

// nameOtherwise reports whether lower-cased text s writes q's name i by another name the corpus
// gives it ("Kestrel Valley Sound" for "KVS").
func (q question) nameOtherwise(i int, s string) bool {
	if i >= len(q.nameAlts) {
		return false
	}
	for _, f := range q.nameAlts[i] {
		if strings.Contains(s, strings.ToLower(f.Text)) {
			return true
		}
	}
	return false
}

// antecedent returns the sentence that r points back to when r opens by pointing back ("The
// platform …", "It …", "Its …"; see [text.Sentence.Continues]): the body sentence before it in its
// section, though it may end the paragraph before (a web page or a Markdown file often gives each
// sentence a paragraph of its own).
func antecedent(r sentRef) (*text.Sentence, bool) {
	s := r.sent()
	if !s.Continues || r.i == 0 {
		return nil, false
	}
	prev := &r.doc.Sentences[r.i-1]
	if prev.Kind != text.KindBody || prev.Heading != s.Heading || prev.Paragraph < s.Paragraph-1 {
		return nil, false
	}
	return prev, true
}

// antecedentNames reports whether the sentence r points back to holds every name of the question.
func antecedentNames(q question, r sentRef) bool {
	prev, ok := antecedent(r)
	if !ok || len(q.nameStems) == 0 {
		return false
	}
	for _, st := range q.nameStems {
		if !prev.HasTerm(st) {
			return false
		}
	}
	return true
}

// unit returns the sentences quoted for a candidate: the sentence before the window when the
// window's first sentence leans on it ("Same year …") or qualifies it (see [corpus.qualified]),
// the window, the sentence after it when that continues it or qualifies it (see
// [corpus.qualifies]), and the list a closing colon introduces.
func (c *corpus) unit(q question, cd candidate) []sentRef {
	var out []sentRef
	first := cd.first()
	if (first.sent().Continues || c.qualified(q, first) || c.repliedTo(q, first)) && first.i > 0 && c.sameParagraph(first, first.i-1) {
		if r, ok := c.ref(first.doc, first.i-1, first.passage); ok {
			out = append(out, r)
		}
	}
	out = append(out, cd.refs...)
	last := cd.refs[len(cd.refs)-1]
	no := q.polar && text.Negative(last.quote())
	if n := c.next(last); n != nil && (n.Continues || no || c.qualifies(q, last)) && n.End-n.Start <= nextBytes {
		if r, ok := c.ref(last.doc, last.i+1, last.passage); ok {
			out = append(out, r)
		}
	} else if p := c.prev(first); no && len(out) == 1 && p != nil && p.End-p.Start <= 240 && c.meets(q, p) {
		// The no ends its paragraph: what to do instead is said before it ("… you can cancel
		// using the cancellation form in the app. We cannot accept cancellations by phone.").
		if r, ok := c.ref(first.doc, first.i-1, first.passage); ok {
			out = append([]sentRef{r}, out...)
		}
	}
	return c.withList(c.withSteps(q, c.withReason(q, c.withSecondPart(q, out))))
}

// withSecondPart extends a unit, for a question that asks a second thing of another kind in a
// clause of its own ("…, and since when has she been a member?"), with the next sentence of its
// paragraph when that one holds the kind of fact the clause asks for and the unit does not:
// "Joan Fairclough, member-elected director." goes on to "A retired primary school head teacher
// and a member since 1989 …", which shares no word with the question it does not already cover.
func (c *corpus) withSecondPart(q question, out []sentRef) []sentRef {
	if q.secondType == "" || q.secondType == typeOther || q.secondType == q.atype || len(out) == 0 {
		return out
	}
	second := q
	second.atype = q.secondType
	last := out[len(out)-1]
	n := c.next(last)
	if n == nil || n.End-n.Start > nextBytes*2 {
		return out
	}
	for _, r := range out {
		if !suppliesType(second, r.sent(), n) {
			return out
		}
	}
	if r, ok := c.ref(last.doc, last.i+1, last.passage); ok {
		out = append(out, r)
	}
	return out
}

// withSteps extends a unit that ends with an instruction, for a question that asks how or what to
// do, with the instructions that follow it in its paragraph ("Close the blue valve at the head of
// your row. … Call or text Tomás Aguilar, the water steward, at 555-0147."), or in the items of its
// list that follow (see [corpus.nextItem]): a procedure is one answer, as a list a colon
// introduces is (see [corpus.withList]). At most maxSteps more, while the unit stays within
// stepBytes.
func (c *corpus) withSteps(q question, out []sentRef) []sentRef {
	if q.atype != typeHow || len(out) == 0 {
		return out
	}
	size := 0
	for _, r := range out {
		size += len(r.quote())
	}
	// A unit that ends on a sentence that says what is, not what to do, states the problem or the
	// situation ("… direct overlay is off by a few hundred metres."): what to do is the instruction
	// that follows it in its paragraph ("Also set `map.coordinate_system: gcj02` …").
	if last := out[len(out)-1]; !last.sent().Instruction {
		if n := c.next(last); n != nil && n.Instruction && size+n.End-n.Start <= stepBytes {
			if r, ok := c.ref(last.doc, last.i+1, last.passage); ok {
				out = append(out, r)
				size += len(r.quote())
			}
		}
	}
	for k := 0; k < maxSteps; k++ {
		last := out[len(out)-1]
		n := c.next(last)
		if n == nil {
			n = c.nextItem(last)
		}
		if !last.sent().Instruction || n == nil || !n.Instruction || size+n.End-n.Start > stepBytes {
			break
		}
		r, ok := c.ref(last.doc, last.i+1, last.passage)
		if !ok {
			break
		}
		out = append(out, r)
		size += len(r.quote())
	}
	return out
}

// nextItem returns the sentence that opens the list item after r's, in r's paragraph (a list is
// one paragraph), or nil: the next step of a numbered or bulleted procedure ("1. Close the blue
// valve … 2. Call or text Tomás Aguilar … at 555-0147.").
func (c *corpus) nextItem(r sentRef) *text.Sentence {
	i := r.i + 1
	if i >= len(r.doc.Sentences) {
		return nil
	}
	n := &r.doc.Sentences[i]
	if n.Paragraph != r.sent().Paragraph || n.Kind != text.KindBody || !n.Item {
		return nil
	}
	return n
}

// nextBytes bounds the sentence a unit takes after its window: one that continues it, qualifies it,
// says what to do instead of a no, or gives the reason a why question asks (see [corpus.unit],
// [corpus.withReason]).
const nextBytes = 160

// maxSteps and stepBytes bound the instructions withSteps adds.
const (
	maxSteps  = 2
	stepBytes = 320
)

// qualifies reports whether the sentence after r, in its paragraph, states the condition or the
// exception under which r's rule holds ("Membership is free for anyone who lives, works or studies
// in Alderbrook." + "If you work or study here but live elsewhere, a recent payslip takes the place
// of the proof of address."; "If …", "Unless …", "Once …", "Si …", 如果: see [text.Qualifies]): a
// question about the rule needs it as much, since the asker's case is often the exception ("I work
// in Alderbrook but live in another town. Can I still get a free card?"). A why question asks for
// the reason, which a condition is not.
func (c *corpus) qualifies(q question, r sentRef) bool {
	if q.atype == typeReason {
		return false
	}
	n, ok := c.ref(r.doc, r.i+1, r.passage)
	return ok && text.Qualifies(n.quote())
}

// withReason extends a unit that gives no reason, for a why question, with the sentence after it
// in its paragraph: the unit states the rule or the fact asked about ("The sauna and steam bath
// are for guests aged 16 and over."), and expository text gives a rule's reason right after it,
// often with no word that marks it as one ("Heat strains the circulation more in young bodies
// than in adults."). The sentence is bounded as a continuation is (nextBytes), and is no
// condition.
func (c *corpus) withReason(q question, out []sentRef) []sentRef {
	if q.atype != typeReason || len(out) == 0 || slices.ContainsFunc(out, func(r sentRef) bool { return r.sent().Reason }) {
		return out
	}
	last := out[len(out)-1]
	if n := c.next(last); n != nil && n.End-n.Start <= nextBytes {
		// A condition or an exception ("If you tell us by 9:00 …") is not the reason (see
		// [corpus.qualifies]).
		if r, ok := c.ref(last.doc, last.i+1, last.passage); ok && !text.Qualifies(r.quote()) {
			out = append(out, r)
		}
	}
	return out
}

// qualified reports whether r states the condition or the exception of the rule the sentence
// before it states, in its paragraph (see [text.Qualifies]), and the question does not ask why:
// the rule goes with it, as it goes with the rule ("The warranty follows the thermostat, as long as
// the T2 stays installed in the same home." before "If you sell your home, transfer ownership in
// the app; …", for "If I sell my house, is the warranty still valid for the buyer?").
func (c *corpus) qualified(q question, r sentRef) bool {
	p := c.prev(r)
	return p != nil && p.End-p.Start <= 240 && q.atype != typeReason && text.Qualifies(r.quote())
}

// repliedTo reports whether the sentence before r, in its paragraph, is the direct reply to a
// yes-or-no question (see [text.Replies]) and q is one: the reply goes with the sentence that
// explains it, for "¿Puedo tener mi propia impresora en la residencia?" both "Yes, but only
// connected by USB cable." and "Wireless printers … are not allowed on the residence networks.".
func (c *corpus) repliedTo(q question, r sentRef) bool {
	if !q.polar || c.prev(r) == nil {
		return false
	}
	p, ok := c.ref(r.doc, r.i-1, r.passage)
	return ok && text.Replies(p.quote())
}

// meets reports whether sentence s covers some content word of q.
func (c *corpus) meets(q question, s *text.Sentence) bool {
	for _, g := range q.groups {
		if !g.frame && coverage(s, g) > 0 {
			return true
		}
	}
	return false
}

// sameParagraph reports whether sentence i of r's document is body text in r's paragraph.
func (c *corpus) sameParagraph(r sentRef, i int) bool {
	s := r.doc.Sentences[i]
	return s.Paragraph == r.sent().Paragraph && s.Kind == text.KindBody
}

// maxListItems bounds the items quoted after a sentence that introduces a list, and the list
// quoted whole from its lead (see listTie): a procedure of five or six steps is one answer (a
// bound of four cut off a needle-stick procedure's step e, "occupational health"), and a longer
// list is left to the citation.
const maxListItems = 8

// withList extends a unit whose last sentence ends with a colon ("Check both before you run a
// binary:") with the list it introduces: the next sentences of its paragraph, or the first ones of
// the next paragraph. A table's are its rows: its header row, which structures the table and is
// never quoted (see [text.Structure]), names their cells as the citation's columns instead.
func (c *corpus) withList(u []sentRef) []sentRef {
	last := u[len(u)-1]
	if !strings.HasSuffix(last.quote(), ":") && !strings.HasSuffix(last.quote(), "：") {
		return u
	}
	d := last.doc
	for i := last.i + 1; i < len(d.Sentences) && i <= last.i+maxListItems; i++ {
		s := d.Sentences[i]
		if s.Paragraph > last.sent().Paragraph+1 || s.Kind != text.KindBody && s.Kind != text.KindCode && s.Kind != text.KindMeta && s.Kind != text.KindHeaderRow {
			break
		}
		if s.Kind == text.KindMeta || s.Kind == text.KindHeaderRow {
			continue // a code fence, a table's header row or the rule under it
		}
		r, ok := c.ref(d, i, last.passage)
		if !ok {
			break
		}
		u = append(u, r)
	}
	return u
}

// ref makes a sentRef for sentence i of d, in a passage that holds it whole (prefer, if it does).
func (c *corpus) ref(d *text.Doc, i int, prefer *retrieval.Passage) (sentRef, bool) {
	s := d.Sentences[i]
	p, ok := c.passageHolding(d.File, s.Start, s.End, prefer)
	if !ok {
		return sentRef{}, false
	}
	return sentRef{passage: p, doc: d, i: i, span: text.Span{Start: s.Start, End: s.End}}, true
}

// displaySentence is a quote as shown in answer text: footnote markers removed, whitespace collapsed.
func displaySentence(s string) string {
	return strings.Join(strings.Fields(stripFootnotes(s)), " ")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// listFit is the fit of a window that enumerates (see [enumerates]) for a question that asks for
// several things (see [question.list]), as a stated reason is for a why.
const listFit = 1.15

// enumerates reports a sentence that lists three things or more: two separators of a series or
// more, a comma ("、" in Chinese, or a semicolon) between items, and the "and" or "or" before the
// last item after a comma ("memory foam, buckwheat and microfibre").
func enumerates(s string) bool {
	n := strings.Count(s, ", ") + strings.Count(s, "、") + strings.Count(s, "; ")
	if last := max(strings.LastIndex(s, ", "), strings.LastIndex(s, "、")); last >= 0 {
		tail := s[last:]
		for _, c := range []string{" and ", " or ", " y ", " e ", " o ", " u ", "和", "及", "或"} {
			if strings.Contains(tail, c) {
				n++
				break
			}
		}
	}
	return n >= 2
}

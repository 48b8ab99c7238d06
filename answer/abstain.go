package answer

import (
	"math"
	"slices"

	"github.com/citebot/citebot/text"
)

// The offline answerer abstains by a small calibrated model: a logistic regression over general
// features of the question and of its best evidence, which estimates the probability that the
// answer is right. It was fitted on the dev question sets (eval/testdata/*-dev.jsonl, with the
// calibration questions added in session 2: an answer that holds the fact and cites the right
// paragraph is 1, any answer to an unanswerable question 0), with five-fold cross-validation to
// choose the operating point; TestAbstentionModel refits it, reports the cross-validated figures
// and checks the shipped weights against the refit. Operators move the operating point with
// CITEBOT_MIN_CONFIDENCE ([Config.MinConfidence]).

// Features of an answer's evidence, in the order of abstainWeights.
const (
	fBias = iota
	// fCover is the share of the question's word weight the best evidence covers (the union of
	// the quoted windows when the question asks for two things).
	fCover
	// fSynonym is the share of the question's word weight the best evidence covers only by
	// synonyms, which bridge paraphrases and near misses alike.
	fSynonym
	// fSplit is how much of the best window's exact coverage no one of its sentences has alone: a
	// fact asked about one thing is usually stated in one sentence.
	fSplit
	// fUncovered is the weight of the rarest question word the evidence does not cover, as a
	// share of the rarest possible: a near miss names everything but what it asks about.
	fUncovered
	// fAbout is log of how far the evidence is about the platforms asked (0 when it is).
	fAbout
	// fFit is log of how well it holds the kind of fact asked for (a date for when, …), at most 0.
	fFit
	// fMissing is the share of the question's content the corpus has no word for.
	fMissing
	// fUnknown counts the question's names that the corpus never uses.
	fUnknown
	// fUnmatched counts the question's anchors (names, years) that the evidence's paragraph lacks
	// although the corpus uses them elsewhere.
	fUnmatched
	// fPrior is the retrieval prior of the evidence's passage (1 for the top hit).
	fPrior
	// fMargin is how far the best window's score stands above the best one of another paragraph,
	// relative to it.
	fMargin
	// fWindow: the evidence is two sentences the second of which does not continue the first.
	fWindow
	// fSize is log(1 + the number of the question's content words).
	fSize
	// fCross: the evidence is in another language than the question. Its words then meet the
	// question's through glosses, which cover less of a right answer than its own words would.
	fCross
	// fMass is log(1 + the question's word weight the evidence leaves uncovered, in units of the
	// rarest possible word): a long question of which a third is covered leaves much unsaid,
	// where a short one covered alike leaves one word.
	fMass
	numFeatures
)

// featureNames name the features in reports.
var featureNames = [numFeatures]string{"bias", "cover", "synonym", "split", "uncovered", "about", "fit", "missing", "unknown",
	"unmatched", "prior", "margin", "window", "size", "cross", "mass"}

// abstainWeights are the fitted weights of the features (see TestAbstentionModel).
var abstainWeights = [numFeatures]float64{-5.474, 2.426, 4.348, -0.779, -0.236, 1.984, 2.806, -4.308, -1.891, -0.642, 2.971, 0.128, -0.154, 1.739, 0.869, -0.277}

// DefaultMinConfidence is [Config.MinConfidence] when it is 0: the fitted operating point.
const DefaultMinConfidence = abstainBelow

// abstainBelow is the probability of a right answer under which the answerer abstains: the
// threshold that refuses abstainTarget of the dev unanswerable questions, the operating point
// whose cross-validated figures come nearest to the targets (see calibration_test.go).
const abstainBelow = 0.721

// features are the abstention features of an answer.
type features [numFeatures]float64

// prob is the model's probability that the answer with features x is right.
func (x features) prob(w [numFeatures]float64) float64 {
	z := 0.0
	for i, v := range x {
		z += w[i] * v
	}
	return 1 / (1 + math.Exp(-z))
}

// logFloor keeps the log features finite.
const logFloor = 0.01

// evidence computes the abstention features of the answer whose best window is best (cands are all
// windows, best first; covered is the union coverage of the chosen windows).
func (c *corpus) evidence(q question, best candidate, cands []candidate, covered []float64) features {
	var x features
	x[fBias] = 1
	cov := best.cov
	if q.parts > 1 && q.weight > 0 {
		cov = 0
		for i, g := range q.groups {
			cov += g.weight * covered[i]
		}
		cov /= q.weight
	}
	exact := c.exactCover(q, best)
	if len(best.refs) > 1 {
		single := 0.0
		for _, r := range best.refs {
			single = math.Max(single, c.exactCover(q, candidate{refs: []sentRef{r}, cov: best.cov}))
		}
		x[fSplit] = math.Max(0, exact-single)
	}
	x[fCover] = math.Min(cov, exact)
	x[fSynonym] = math.Max(0, cov-exact)
	mass := 0.0
	for i, g := range q.groups {
		if g.frame || g.absent {
			continue
		}
		x[fUncovered] = math.Max(x[fUncovered], g.weight*(1-covered[i])/c.maxIDF)
		mass += g.weight * (1 - covered[i]) / c.maxIDF
	}
	x[fMass] = math.Log1p(mass)
	x[fAbout] = math.Log(math.Max(best.about, logFloor))
	x[fFit] = math.Log(math.Max(math.Min(best.fit, 1), logFloor))
	x[fMissing] = q.missing
	x[fUnknown] = float64(len(q.unknown))
	x[fUnmatched] = float64(c.unmatched(q, best))
	x[fPrior] = prior(best.rank)
	x[fMargin] = 1
	for _, cd := range cands[1:] {
		if cd.first().doc != best.first().doc || cd.first().sent().Paragraph != best.first().sent().Paragraph {
			if best.score > 0 {
				x[fMargin] = (best.score - cd.score) / best.score
			}
			break
		}
	}
	if len(best.refs) > 1 && !best.refs[1].sent().Continues {
		x[fWindow] = 1
	}
	n := 0
	for _, g := range q.groups {
		if !g.frame {
			n++
		}
	}
	x[fSize] = math.Log1p(float64(n))
	if best.first().doc.Lang != q.lang {
		x[fCross] = 1
	}
	return x
}

// exactCover is the share of the question's word weight that the window covers by the word's own
// forms and glosses, without synonyms.
func (c *corpus) exactCover(q question, cd candidate) float64 {
	if q.weight == 0 {
		return cd.cov
	}
	total := 0.0
	for i, g := range q.groupsIn(cd.first().doc) {
		g.syn = nil
		v := 0.0
		for _, r := range cd.refs {
			v = math.Max(v, coverage(r.sent(), g))
		}
		for _, cx := range contextOf(cd.first()) {
			if cx.i >= 0 {
				v = math.Max(v, cx.weight*coverage(&cd.first().doc.Sentences[cx.i], g))
			}
		}
		for _, k := range issuerContext(q, cd.first()) {
			v = math.Max(v, coverage(&cd.first().doc.Sentences[k], g))
		}
		total += q.groups[i].weight * v
	}
	return total / q.weight
}

// allHeld reports whether holds holds every one of terms.
func allHeld(terms []string, holds func(string) bool) bool {
	for _, t := range terms {
		if !holds(t) {
			return false
		}
	}
	return true
}

// unmatched counts the question's anchors that the corpus knows but the best window's paragraph
// (and its heading) lacks, or, for a list item, the item and its lead: its names other than
// platforms ("Dai Shan", "Meituan") and its years.
func (c *corpus) unmatched(q question, best candidate) int {
	r := best.first()
	para := r.sent().Paragraph
	ss := r.doc.Sentences
	prev, _ := antecedent(r)
	holds := func(stem string) bool {
		if h := r.sent().Heading; h >= 0 && ss[h].HasTerm(stem) || prev != nil && prev.HasTerm(stem) {
			return true
		}
		if s := r.sent(); s.Item {
			// A list's items are facts apart ("- Director: Dr. Inés Montalvo Grau …", "- Head of
			// the Restoration Workshop: Pilar Sanz Egea …"): the item and its lead hold its anchors.
			return s.HasTerm(stem) || s.Lead >= 0 && ss[s.Lead].HasTerm(stem)
		}
		for i := r.i; i >= 0 && ss[i].Paragraph == para; i-- {
			if ss[i].HasTerm(stem) {
				return true
			}
		}
		for i := r.i + 1; i < len(ss) && ss[i].Paragraph == para; i++ {
			if ss[i].HasTerm(stem) {
				return true
			}
		}
		return false
	}
	n := 0
	for i, name := range q.names {
		if !contains(q.unknown, name) && !holds(q.nameStems[i]) && !slices.ContainsFunc(q.nameAlts[i], func(f text.NameForm) bool { return allHeld(f.Terms, holds) }) {
			n++
		}
	}
	for _, f := range q.figures {
		if text.IsYear(f) && !c.paragraphHolds(r, f) {
			n++
		}
	}
	return n
}

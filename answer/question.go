package answer

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// Answer types: what kind of fact a question asks for, and so what a sentence must hold to answer
// it (see [question.fits]).
const (
	typeQuantity   = "quantity"   // how many, how much, what share: needs a figure
	typeTime       = "time"       // when, what year: needs a time expression
	typePerson     = "person"     // who: prefers a name
	typeEntity     = "entity"     // which platform, company, app: prefers a name or a platform
	typeReason     = "reason"     // why: prefers "because", "due to", "to …"
	typeDefinition = "definition" // what is X, what does X mean: prefers "X is", "X se refiere a", "X 是"
	typeHow        = "how"        // how does, how did
	typePlace      = "place"      // where: prefers a path, a URL or a place name
	typeOther      = "other"
)

// question is a question analysed for extractive answering.
type question struct {
	text  string
	lower string // text lower-cased
	lang  string
	// own are the groups as a sentence in the question's own language meets them, when that
	// differs from groups (see [ownLanguage] and [question.groupsIn]).
	own []termGroup
	// platforms are the canonical names the question names.
	platforms []string
	// docLang is the language of the documents the question points at ("the Spanish guide"; see
	// [text.DocumentLanguage]), or "".
	docLang string
	// languages are the languages the question names ("the Spanish-language line", 中文专线; see
	// [text.LanguagesNamed]), those a pointing phrase names ("the Spanish guide") left out.
	languages []string
	// figures are the question's numbers (normalised); an answer must hold every one.
	figures []string
	// measures are the amounts the question gives as its own case (see [text.Measures]): a window
	// whose bound holds one rules on the asker's case (see measureFit), and holds its figure.
	measures []text.Measure
	atype    string
	// contact is the kind of contact detail the question asks for (an e-mail address, a telephone
	// number, a web address; see [text.AskedContact]), or "": the answer must hold one.
	contact string
	// identifier: the question asks for an identifier ("What environment variable …", "What do I
	// type?"; see [text.AskedIdentifier]): a window that names none fits it at identifierMissing.
	identifier bool
	// unit is the class of amount a quantity question asks for (a share, a price, a duration; see
	// [text.AskedUnit]), or "".
	unit string
	// groups are the content words: each must be covered by the answer, weighted by rarity.
	groups []termGroup
	// weight is the sum of the groups' weights.
	weight float64
	// missing is the share of the question's content the corpus has no word for at all, in
	// [0, 1], weighted by how surprising the absence is (see [corpus.absence]).
	missing float64
	// unknown lists the capitalised names of the question the corpus never uses.
	unknown []string
	// names lists the question's capitalised words inside it that are not platforms, lower-cased
	// ("suning", "ucweb").
	names []string
	// nameStems are the names' search terms, in the same order.
	nameStems []string
	// nameAlts are, in the same order, the other names the corpus gives what each name is part of
	// ("KVS" for "Kestrel" in "Kestrel Valley Sound"; see [text.DefinedNames]), nil for most.
	nameAlts [][]text.NameForm
	// subject holds the stems of the term a definition question asks about ("microcomercio").
	subject []string
	// secondType is the answer type of the second part of a question that asks for two things in
	// two clauses ("Which director was elected by the members, and since when has she been a
	// member?" asks a time second), "" for the others (see [secondPart]).
	secondType string
	// issuer: the person question asks who issued, approved or signed a document ("Who signed the
	// runway works notice?"): the line that names its issuer answers (see [text.IssuerLine]).
	issuer bool
	// expansion: the definition question asks what an abbreviation stands for ("What does DIO
	// stand for?", "DIO 是什么的缩写？"), and its subject is the abbreviation.
	expansion bool
	// parts is 2 when the question asks for two things ("and when", "both", "two").
	parts int
	// differs: the question asks how two things differ, so each is one part, answered by a
	// sentence that defines it (see [differenceAsked]).
	differs bool
	// polar: a yes-or-no question ("Can I cancel by phone?", "¿Puedo…?", "…吗？"): when the answer
	// is no, the sentence after it often says what to do instead (see [corpus.unit]).
	polar bool
	// mechanism: a how question about how a thing works or came about ("How does Skerry tell
	// whether a file changed?", "How did Xiaomi get from announcing a car to delivering one?"),
	// not about what the asker should do: an instruction does not answer it (see [mechanismAsked]).
	mechanism bool
	// list: the question asks for several things of a kind ("Which countries …", "What tools do
	// I need", "¿Qué tarjetas …", 哪些; see [listAsked]): a window that enumerates fits it best.
	list bool
	// timeLoose: a "when does X happen" question, which may ask for a condition, not a date.
	timeLoose bool
	// countAsked: a quantity question asks for a number of things ("how many sensors", "¿cuántos
	// asientos?"), not an amount of a unit ("how many days", "how much notice").
	countAsked bool
	// counted is the index in groups of the noun a quantity question counts, or -1.
	counted int
	// yearAsked: a time question that asks for a year ("in what year", "since when", 哪一年), which
	// a clock time or a weekday does not answer.
	yearAsked bool
	// clockAsked: a time question that asks for a time of day ("what time", "which hours", "a qué
	// hora", 几点), which a date or a weekday alone does not answer.
	clockAsked bool
	// dayAsked: a time question that asks on which day or date ("which day", "qué fecha", 哪天,
	// 几号), which a time of day alone does not answer (see [text.Dated]).
	dayAsked bool
}

// termGroup is one content word of a question with its equivalent forms.
type termGroup struct {
	// alts are the word's forms: its stem or a known Chinese word, and each of its glosses as a
	// list of stems ("净利润" → [净利润], [net, profit]). A sentence covers the group as far as it
	// holds the best form's stems.
	alts [][]string
	// syn are the forms of the word's English synonyms ("quickly" → [fast], [speed], …), covered
	// at synonymCover.
	syn [][]string
	// cog are the word's cognates in the other language ("biography" → [biograf]), covered at
	// synonymCover; unlike a synonym, a cognate alone does not make the word one the corpus has
	// (see [corpus.analyse]).
	cog [][]string
	// bigrams of an unknown stretch of Han characters: covered in proportion.
	bigrams []string
	// unit is the unit class of amount the word names when it is the measure a quantity question
	// asks for ("temperature", "price", "share", 温度): an amount of that class covers it, as
	// "4 °C" answers "what temperature".
	unit string
	// contact is the kind of contact detail the word names when the question asks for one
	// ("phone", "number", 邮箱; see [text.ContactWord]): a sentence holding such a detail covers
	// it, as "0800 555 0190" answers "what is the helpline's phone number".
	contact string
	// identifier: the word names the kind of identifier the question asks for ("variable",
	// "command", 命令): a sentence naming an identifier covers it.
	identifier bool
	// figure: a number of the question (every answer holds it; see holdsFigures).
	figure bool
	// counted: the noun a quantity question counts ("users" in "how many daily active users"; see
	// [text.CountedWord]). A window that does not name it is a poor fit (see [corpus.fit]).
	counted bool
	// issuerVerb: the verb of a question that asks who issued, approved or signed a document
	// (see [question.issuer]), a frame word.
	issuerVerb bool
	// frame: a frame word ("author", "article", "according"), weighed frameWeight.
	frame bool
	// clock: the word names the hours a question asks for ("opening hours", "what time",
	// horario): a sentence that tells a time of day by the clock covers it.
	clock bool
	// named: alts are the names the corpus gives one thing (see [text.DefinedNames]).
	named bool
	// glossed: alts after the first are the English glosses of a Spanish word (see
	// [ownLanguage]).
	glossed bool
	// phrase: alts[0] are the words of a phrase of the synonym list ("chief executive"; see
	// [text.Lexicon.SynonymPhrase]), which weighs as its words would alone.
	phrase bool
	weight float64
	// absent: the corpus holds no form of the word.
	absent bool
}

// Weights of question words. A word the corpus never uses gets absentWeight, small, so that a
// paraphrase or a word in another language does not make a question unanswerable by itself; the
// mass it would have had becomes the missing share, an abstention feature.
const absentWeight = 0.3

// synonymCover is how far a synonym of a question word covers it: a synonym is usually, not always,
// the same thing ("fast" for "quickly").
const synonymCover = 0.8

// frameWeight is the weight of a frame word of a question.
const frameWeight = 0.3

// absentShare is the weight of an absent word in the missing share, as a fraction of the rarest
// weight a present word can have.
const absentShare = 0.5

// unknownHanSurprise is the least surprise of an absent Chinese stretch the dictionary does not
// know: the corpus may hold no Chinese at all, but such a stretch is often a name.
const unknownHanSurprise = 0.3

// analyse reduces a question to what an answer must hold.
func (c *corpus) analyse(q string) question {
	// Traditional characters are read as simplified ones, as documents are (see [text.Simplify]).
	q = text.Simplify(q)
	var asked []termGroup
	if a := text.Asked(q); a != q {
		asked = c.analyseAll(a, nil).groups
	}
	return c.analyseAll(q, asked)
}

// sceneWeight weighs a word of the sentences that set the scene of a question against those of the
// sentences that ask (see [text.Asked]).
const sceneWeight = 0.5

// analyseAll analyses q; asked, when not nil, are the groups of the sentences of q that ask, and
// the other groups are of the scene (see [sceneWeight]).
func (c *corpus) analyseAll(q string, asked []termGroup) question {
	qu := question{text: q, lower: strings.ToLower(q), lang: text.DetectLanguage(q), parts: 1, counted: -1}
	cat := c.lex.Catalog()
	platforms, rest := cat.NamesAndStrip(q)
	qu.platforms = platforms
	qu.docLang, rest = text.DocumentLanguage(rest)
	qu.languages = text.LanguagesNamed(rest)
	ws := text.Words(rest)
	lower := strings.ToLower(q)
	// What a question asks is read where it asks: not in a when-clause that sets the scene ("When
	// I share an album, how long does the link work?" asks for a time, not a share).
	al, from := askedPart(lower, rest, ws)
	qu.atype = answerType(al, ws, qu.lang)
	qu.contact = text.AskedContact(lower)
	qu.identifier = text.AskedIdentifier(lower, ws)
	if qu.identifier {
		// "What environment variable sets the public URL?" asks for the variable, not a web
		// address; an e-mail or web address is an identifier too ("What address do I type?").
		qu.contact = ""
	}
	counted := -1
	if qu.atype == typeQuantity {
		qu.unit = text.AskedUnit(al, ws[from:])
		if k := text.CountedWord(ws[from:]); k >= 0 {
			counted = from + k
			// "How many days …" counts a unit: "fifteen calendar days" answers it.
			qu.countAsked = text.CountsThings(ws[from:]) && text.UnitWord(ws[counted].Folded) == "" && !text.IsUnitWord(ws[counted].Folded)
		}
	}
	qu.differs = differenceAsked(lower)
	qu.parts = partsAsked(lower, qu.lang)
	if second, ok := secondPart(lower); ok && qu.parts > 1 {
		qu.secondType = answerType(second, text.Words(second), qu.lang)
	}
	if qu.differs {
		qu.parts = 2 // what each of the two things is
	}
	askedText := text.Asked(q) // the sentences of q that ask, for its polarity and its figures
	qu.polar = qu.atype == typeOther && polarQuestion(askedText)
	qu.list = listAsked(al, ws[from:])
	qu.mechanism = qu.atype == typeHow && mechanismAsked(ws[from:])
	qu.yearAsked = qu.atype == typeTime && yearAsked(lower)
	qu.dayAsked = qu.atype == typeTime && dayCues.in(text.FoldAccents(lower))
	qu.clockAsked = qu.atype == typeTime && clockAsked(lower, ws)
	qu.timeLoose = qu.atype == typeTime && looseWhen(lower, ws)
	qu.figures = askedFigures(cat, q, askedText, rest, ws)

	gb := groupBuilder{c: c, qu: &qu, asked: asked}
	pinyin := c.pinyinNames(rest, ws, qu.lang)
	stems := newWordStems(ws, qu.lang)
	c.wordGroups(rest, ws, stems, pinyin, qu.lang, qu.unit, qu.contact, qu.identifier, counted, gb.add)
	c.hanGroups(&qu, rest, gb.add)
	monthGroups(rest, ws, gb.add)
	clockGroups(rest, ws, gb.add)
	qu.measures = text.Measures(rest, ws)
	for i, g := range qu.groups {
		if g.counted {
			qu.counted = i
		}
		qu.groups[i].clock = qu.clockAsked && len(g.alts) > 0 && len(g.alts[0]) == 1 && clockNouns[g.alts[0][0]]
	}
	if gb.absent > 0 {
		qu.missing = gb.absent / (gb.absent + gb.present)
	}
	c.questionNames(&qu, ws, stems, pinyin)
	if qu.atype == typePerson {
		qu.issuer = c.issuerAsked(&qu, ws, stems)
	}
	if qu.atype == typeDefinition {
		qu.subject = definedTerm(qu)
		qu.expansion = expansionCues.in(text.FoldAccents(lower))
		if qu.expansion {
			if sf := c.spelledTerm(qu); sf != nil {
				qu.subject = sf
			}
		}
	}
	if qu.lang == text.Spanish {
		for _, g := range qu.groups {
			qu.own = append(qu.own, ownLanguage(g))
		}
	}
	return qu
}

// measureHeld reports whether sentence s holds figure f of the question by a bound (see
// [text.Sentence.Holds]): "a bike worth £2,400" is answered by the rule "for bikes worth more than
// £1,000, Locksure Gold", which never writes 2,400.
func (q *question) measureHeld(s *text.Sentence, f string) bool {
	for _, m := range q.measures {
		if m.Figure == f && s.Holds(m) {
			return true
		}
	}
	return false
}

// holdsMeasure reports whether sentence s holds, by a bound, an amount the question gives as its
// own case (see [text.Sentence.Holds]).
func (q *question) holdsMeasure(s *text.Sentence) bool {
	for _, m := range q.measures {
		if len(s.Bounds) > 0 && s.Holds(m) {
			return true
		}
	}
	return false
}

// groupsIn returns the question's groups as a sentence of document d meets them: in the
// question's own language a gloss of a word counts as a synonym (see [ownLanguage]).
func (q *question) groupsIn(d *text.Doc) []termGroup {
	if q.own != nil && d.Lang == q.lang {
		return q.own
	}
	return q.groups
}

// ownLanguage returns group g as a sentence in the question's own language meets it: its glosses
// (alternatives after the first) as synonyms. A Spanish sentence holds the English glosses of its
// words, so a question word met only through a gloss is met through two translations ("monitor"
// → screen ← "sesión"), no surer than a synonym.
func ownLanguage(g termGroup) termGroup {
	if !g.glossed || len(g.alts) < 2 {
		return g
	}
	o := g
	o.alts = g.alts[:1]
	o.syn = append(append([][]string{}, g.alts[1:]...), g.syn...)
	return o
}

// askedFigures are the figures an answer must hold: those of the question proper (a is the
// sentences of q that ask, see [text.Asked]; rest is q without its platform names, ws its words),
// less six kinds: a month written as a number ("4月"), asked as a month, and a time of day ("9pm"),
// asked as a time (see [monthGroups], [clockGroups]); an ordinal ("a 2nd parking permit", see
// [text.Ordinal]), which a source writes as often in words ("A second permit costs £40"); those
// of the sentences that set the scene ("My laptop is 3 years old.", see [text.Asked]) and of a
// clause that tells about the asker ("My son is 10, …", see [text.AboutAsker]), which are
// conditions rather than facts asked for; and the second year of a span ("2025/26"), which is
// named by its first year wherever a document states it (a notice headed "Renewals for 2025/26"
// over "From 1 April 2025 the subscription will cost £48").
func askedFigures(cat *text.Catalog, q, a, rest string, ws []text.Word) []string {
	asked, aws := rest, ws // a question of one sentence is all asked: its words are at hand
	if a != q {
		asked = cat.Strip(a)
		aws = text.Words(asked)
	}
	var figures []string
	for i, w := range aws {
		// A month written as a number ("4月12日") is asked as a month (see [monthGroups]), which a
		// source may name in words ("12 April"); a time of day, as a time (see [clockGroups]).
		if w.Number && !text.YearSpanEnd(asked, aws, i) && !text.AboutAsker(asked, aws, i) && text.MonthAt(asked, aws, i) == 0 &&
			!text.InClock(asked, aws, i) && !text.Ordinal(w.Lower) {
			// A scaled figure ("2.2 billion") is asked by its value, which a source may write
			// otherwise ("22 Hundred million"); the number alone would also match "2.2 million".
			n, scaled := text.FigureAt(asked, aws, i)
			if scaled != "" {
				n = scaled
			}
			figures = appendNew(figures, n)
		}
	}
	return figures
}

// groupBuilder adds a question's term groups, weighing each: a frame word at [frameWeight], a word
// the corpus holds at the inverse document frequency of its rarest form (or of its rarest synonym,
// discounted, when only synonyms are there), a word the corpus lacks at [absentWeight], its
// absence's surprise counted towards the question's missing share.
type groupBuilder struct {
	c               *corpus
	qu              *question
	absent, present float64
	// asked are the groups of the sentences that ask, when others set the scene; nil otherwise.
	asked []termGroup
}

// add adds g unless a group of the same forms is there; surprise is how unexpected the corpus's
// not holding g is (see [corpus.wordGroups]).
func (b *groupBuilder) add(g termGroup, surprise float64) {
	c, qu := b.c, b.qu
	for _, old := range qu.groups {
		if sameForms(old, g) {
			return
		}
	}
	if g.frame {
		g.weight = frameWeight
		qu.groups = append(qu.groups, g)
		qu.weight += g.weight
		return
	}
	known := false
	g.weight = c.maxIDF
	for i, alt := range g.alts {
		if g.named {
			// A name is as rare as its rarest word ("Kestrel Valley Sound" is no commoner than
			// "Kestrel"), and the thing weighs as the name the question gives it (alts[0]; as the
			// first other name the corpus holds when it holds none of that one's words): another
			// name may be common for reasons of its own ("TL", also a flight code).
			rarest, found := 0.0, false
			for _, f := range alt {
				if w, ok := c.weight(f); ok {
					rarest, found = math.Max(rarest, w), true
				}
			}
			if found && (i == 0 || !known) {
				known = true
				g.weight = math.Min(g.weight, rarest)
			}
			continue
		}
		if g.phrase && i == 0 {
			// The question weighs its words as it would without the phrase: reading them as one
			// thing is for the synonyms of the whole, not to make the thing count less.
			sum := 0.0
			for _, f := range alt {
				if w, ok := c.weight(f); ok {
					known, sum = true, sum+w
				}
			}
			if known {
				g.weight = sum
				continue
			}
		}
		for _, f := range alt {
			if w, ok := c.weight(f); ok {
				known = true
				g.weight = math.Min(g.weight, w)
			}
		}
	}
	for _, bg := range g.bigrams {
		if _, ok := c.weight(bg); ok {
			known = true
		}
	}
	g.syn = c.present(g.syn)
	g.cog = c.present(g.cog)
	if !known {
		// Only synonyms of the word are in the corpus: it weighs as the rarest of them would,
		// at the synonyms' discount.
		for _, alt := range g.syn {
			for _, f := range alt {
				if w, ok := c.weight(f); ok {
					known = true
					g.weight = math.Min(g.weight, synonymCover*w)
				}
			}
		}
	}
	scene := 1.0
	if b.asked != nil && !slices.ContainsFunc(b.asked, func(o termGroup) bool { return sameForms(o, g) }) {
		scene = sceneWeight
	}
	if known {
		g.weight *= scene
		b.present += g.weight
	} else {
		g.absent, g.weight = true, scene*absentWeight
		b.absent += scene * absentShare * c.maxIDF * surprise
	}
	qu.groups = append(qu.groups, g)
	qu.weight += g.weight
}

// hanGroups adds a group for each Chinese word of rest (the question without its platform names).
func (c *corpus) hanGroups(qu *question, rest string, add func(termGroup, float64)) {
	// A time of day ("晚上八点", "8点半") is met by its clock terms (see clockGroups): its hour, 点
	// and minutes are no words of content ("point", "eight").
	if hcs := text.HanClocks(rest); hcs != nil {
		b := []byte(rest)
		for _, hc := range hcs {
			for k := hc.Start; k < hc.End; k++ {
				b[k] = ' '
			}
		}
		rest = string(b)
	}
	// A name the corpus gives another name (谷声 for 凯斯特谷之声): one group, as in wordGroups.
	names, others := c.names.HanIn(rest)
	for i, n := range names {
		alts := [][]string{n.Terms}
		for _, f := range others[i] {
			alts = append(alts, f.Terms)
		}
		add(termGroup{alts: alts, named: true}, 1)
		rest = strings.ReplaceAll(rest, n.Text, " ")
	}
	pieces := c.lex.Segment(rest)
	countedHan := -1
	if qu.atype == typeQuantity {
		countedHan = text.CountedHan(pieces)
	}
	for i, p := range pieces {
		word := p.Word
		switch {
		case p.Stop || zhFrame[word]:
		case p.Known:
			gl := c.lex.ChineseGloss(word)
			// Glossed, the word is expected in English text too.
			add(termGroup{alts: append([][]string{{word}}, gl...), syn: c.glossSynonyms(gl), unit: unitOf(qu.unit, word), contact: contactOf(qu.contact, word), identifier: identifierOf(qu.identifier, word), counted: i == countedHan},
				c.share[text.Chinese]+c.share[text.English]*fraction(len(gl) > 0))
		default:
			// Not in the dictionary, a stretch may well be a name the corpus does not know, or
			// writes in pinyin (李想, "Li Xiang"; see [text.Lexicon.PieceGloss]): its pinyin counts
			// where the corpus does not write its characters, which weigh as they always did.
			g := termGroup{bigrams: text.Bigrams(word)}
			written := slices.ContainsFunc(g.bigrams, func(b string) bool { _, ok := c.weight(b); return ok })
			if !written {
				g.alts = c.lex.PieceGloss(p)
			}
			// A character the segmenter leaves alone (借, 岭, 热), or a longer stretch the corpus
			// writes neither in characters nor in pinyin (开到八点, 不让进), whose every character
			// is a function word or has glosses of its own, is read a character at a time: each met
			// in English by its glosses, as a known word is. Read as one name, an absent stretch
			// weighs next to nothing, and the words of the question it holds were lost.
			lone := utf8.RuneCountInString(word) == 1
			if chars, ok := c.lex.CharReading(word); ok && (lone || !written && !c.writesAny(g.alts)) {
				for _, ch := range chars {
					add(termGroup{alts: append([][]string{{ch.Char}}, ch.Gloss...), syn: c.glossSynonyms(ch.Gloss), counted: i == countedHan},
						c.share[text.Chinese]+c.share[text.English])
				}
				continue
			}
			add(g, math.Max(c.share[text.Chinese], unknownHanSurprise))
		}
	}
}

// writesAny reports whether the corpus holds every term of one of alts.
func (c *corpus) writesAny(alts [][]string) bool {
	return slices.ContainsFunc(alts, func(alt []string) bool {
		return !slices.ContainsFunc(alt, func(t string) bool { _, ok := c.weight(t); return !ok })
	})
}

// monthGroups adds a group for each month that rest (the question without its platform names,
// whose words are ws) writes as a number ("4月", "2025-04"; see [text.MonthAt]): its English
// name's term, which every way of writing the month holds (see [text.Lexicon.Terms]). May has no
// term and no group, as "May" in English has none.
func monthGroups(rest string, ws []text.Word, add func(termGroup, float64)) {
	for i, w := range ws {
		if !w.Number {
			continue
		}
		if t := text.MonthTerm(text.MonthAt(rest, ws, i)); t != "" {
			add(termGroup{alts: [][]string{{t}}}, 1)
		}
	}
}

// clockGroups adds a group for each time of day that rest (the question without its platform
// names, whose words are ws) names ("at 9pm", "晚上7点"; see [text.ClockAt]): met by a sentence that
// writes the same time, however it writes it ("21:00"). Most often it is when the asker means to
// come ("is the pool open at 9pm?"), which a source states as a range ("06:30–22:00"): a condition
// rather than a figure every answer must repeat, and not one whose absence from the corpus says
// the question cannot be answered (no surprise).
func clockGroups(rest string, ws []text.Word, add func(termGroup, float64)) {
	for i, w := range ws {
		if !w.Number {
			continue
		}
		if ts := text.ClockAt(rest, ws, i); ts != nil {
			var alts [][]string
			for _, t := range ts {
				alts = append(alts, []string{t})
			}
			add(termGroup{alts: alts}, 0)
		}
	}
	for _, hc := range text.HanClocks(rest) { // "开到八点": 08:00 or 20:00
		if hc.InFigures {
			continue // read above
		}
		var alts [][]string
		for _, t := range hc.Terms {
			alts = append(alts, []string{t})
		}
		add(termGroup{alts: alts}, 0)
	}
}

// questionNames sets the question's names the corpus does not know (qu.unknown) and its names
// (capitalised words that are not sentence-initial, stopwords, frame or calendar words).
func (c *corpus) questionNames(qu *question, ws []text.Word, stems *wordStems, pinyin []pinyinName) {
	// A name written in pinyin that the corpus writes in Chinese characters is one of its terms
	// (a group), not a name whose words a sentence must hold.
	named := slices.Clone(ws)
	for _, p := range pinyin {
		for j := p.i; j < p.i+p.n; j++ {
			named[j].Upper = false
		}
	}
	qu.unknown = c.unknownNames(named, stems, qu.lang)
	alts := c.definedNames(ws)
	for j, w := range named {
		if w.Upper && !w.Initial && !w.Number && len(w.Lower) > 2 && !text.IsStopword(w) && !frameWords[w.Folded] && !text.IsCalendarWord(w) {
			qu.names = append(qu.names, w.Lower)
			qu.nameStems = append(qu.nameStems, stems.of(j, w))
			qu.nameAlts = append(qu.nameAlts, alts[j])
		}
	}
}

// definedNames returns, for each word of ws, the other names the corpus gives the name the word is
// part of (see [text.DefinedNames]); nil when there are none.
func (c *corpus) definedNames(ws []text.Word) [][]text.NameForm {
	out := make([][]text.NameForm, len(ws))
	for i := 0; i < len(ws) && c.names.Len() > 0; {
		n, others := c.names.At(ws, i)
		if n == 0 {
			i++
			continue
		}
		for j := i; j < i+n; j++ {
			out[j] = others
		}
		i += n
	}
	return out
}

// wordGroups adds a group for each content word of the question (a Spanish glossary phrase is one
// group with its English glosses). The surprise of a word's absence is the share of the corpus in
// its language.
func (c *corpus) wordGroups(s string, ws []text.Word, stems *wordStems, pinyin []pinyinName, lang, unit, contact string, identifier bool, counted int, add func(termGroup, float64)) {
	for i := 0; i < len(ws); {
		if len(pinyin) > 0 && pinyin[0].i == i {
			// A name in pinyin that the corpus writes in Chinese characters ("Wang Xiaowen", 王晓雯):
			// its words together, or the characters' pinyin.
			p := pinyin[0]
			pinyin = pinyin[1:]
			var own []string
			for k, w := range ws[i : i+p.n] {
				own = append(own, stems.of(i+k, w))
			}
			add(termGroup{alts: [][]string{own, {text.PinyinTerm(p.key)}}}, 1)
			i += p.n
			continue
		}
		if n, others := c.names.At(ws, i); n > 0 {
			// A name the corpus gives another name ("KVS", "Kestrel Valley Sound"): one group,
			// covered by a sentence that names it either way.
			var own []string
			for k, w := range ws[i : i+n] {
				if !text.IsStopword(w) {
					own = append(own, stems.of(i+k, w))
				}
			}
			if len(own) > 0 {
				alts := [][]string{own}
				for _, f := range others {
					alts = append(alts, f.Terms)
				}
				add(termGroup{alts: alts, named: true}, 1)
				i += n
				continue
			}
		}
		if lang == text.Spanish {
			if gl, n := c.lex.SpanishGloss(ws, i); n > 0 {
				var own []string
				for k, w := range ws[i : i+n] {
					if !text.IsStopword(w) && !frameWords[w.Folded] {
						own = append(own, stems.of(i+k, w))
					}
				}
				if len(own) > 0 {
					// Glossed, the word is expected in English text too.
					alts := append([][]string{own}, gl...)
					syn := c.glossSynonyms(gl)
					var cog [][]string
					if len(own) == 1 {
						cog = c.cognates(c.cog.Of(own[0], lang), alts)
					}
					var words []string
					for _, w := range ws[i : i+n] {
						words = append(words, w.Lower)
					}
					add(termGroup{alts: alts, glossed: true, syn: syn, cog: cog, unit: unitOf(unit, words...), contact: contactOf(contact, words...), identifier: identifierOf(identifier, words...), counted: counted >= i && counted < i+n},
						c.share[text.Spanish]+c.share[text.English])
				}
				i += n
				continue
			}
		}
		if n, parts := compound(s, ws, i, stems); n > 0 {
			// A word joined by hyphens ("Wi-Fi", "cross-border", "year-old") is one word of the
			// question, one group, not a group for each part: covered by a sentence that writes
			// it (or half of it), and weighed once.
			add(termGroup{alts: [][]string{parts}}, c.share[lang])
			i += n
			continue
		}
		if lang != text.Spanish {
			if n, syn := c.lex.SynonymPhrase(ws, i); n > 0 && !slices.ContainsFunc(ws[i:i+n], func(w text.Word) bool { return frameWords[w.Folded] }) {
				// A phrase of the synonym list ("mobile phone", "set up") is one thing the question
				// names, which a sentence may name by a synonym ("cell phone", "install").
				var own, words []string
				for k, w := range ws[i : i+n] {
					words = append(words, w.Lower)
					if contentWord(w) {
						own = append(own, stems.of(i+k, w))
					}
				}
				if len(own) > 0 {
					add(termGroup{alts: [][]string{own}, syn: syn, phrase: true, unit: unitOf(unit, words...), contact: contactOf(contact, words...), identifier: identifierOf(identifier, words...), counted: counted >= i && counted < i+n},
						c.share[lang])
					i += n
					continue
				}
			}
		}
		w := ws[i]
		i++
		if !contentWord(w) {
			continue
		}
		if frameWords[w.Folded] || i >= 2 && ws[i-2].Folded == "how" && howMeasures[w.Folded] || expansionCue(ws, i-1) {
			// Usually a frame ("according to the author"), sometimes the point ("Who is the
			// author of the article?"): it counts, a little.
			add(termGroup{alts: [][]string{{stems.of(i-1, w)}}, frame: true}, 0)
			continue
		}
		st := stems.of(i-1, w)
		alts := [][]string{{st}}
		for _, v := range c.variants(st) {
			alts = append(alts, []string{v})
		}
		if _, known := c.idf[st]; lang == text.Spanish && (w.Upper && w.Initial || !known) {
			// A Spanish question that opens with a name ("¿Lumen manda estadísticas …?") stems it
			// as a Spanish word ("lum"), and so it does a word the corpus lacks as Spanish stems it
			// ("… ejecutar prune?", "xq alibaba …" typed in lower case: "prun", "alib"); the
			// corpus's English text holds it as English stems it.
			if en := text.Stem(w, text.English); en != st && !slices.ContainsFunc(alts, func(a []string) bool { return a[0] == en }) {
				if _, known := c.idf[en]; known {
					alts = append(alts, []string{en})
				}
			}
		}
		var syn [][]string
		if lang != text.Spanish || w.Upper && !w.Initial {
			if _, known := c.idf[st]; !known {
				// Another spelling matters only when the corpus lacks this one ("centres" for
				// "centers"); stemming it is most of the cost of analysing a question.
				for _, sp := range text.SpellingVariants(w.Lower) {
					alts = append(alts, []string{text.Stem(text.Words(sp)[0], text.English)})
				}
			}
			syn = c.lex.Synonyms(st)
		}
		surprise := c.share[lang]
		if w.Upper && !w.Initial {
			// A name is written alike in every language (Taobao, Valdemora): the corpus's not
			// having one surprises whatever the language of the question.
			surprise = 1
		}
		add(termGroup{alts: alts, syn: syn, cog: c.cognates(c.cog.OfStemmedWord(w, st, lang), alts), unit: unitOf(unit, w.Lower), contact: contactOf(contact, w.Lower), identifier: identifierOf(identifier, w.Lower), counted: i-1 == counted}, surprise)
	}
}

// compound returns how many words of ws, from the i-th, a word joined by hyphens in s makes
// ("Wi-Fi", "wi-fi", "end-of-term"), and the stems of its words that are not function words,
// numbers or single letters, when there are two or more of them; 0 otherwise (a lone word,
// "sign-in": only "sign" counts, as it did alone).
func compound(s string, ws []text.Word, i int, stems *wordStems) (int, []string) {
	j := i
	for j+1 < len(ws) && ws[j+1].Start == ws[j].End+1 && s[ws[j].End] == '-' {
		j++
	}
	var parts []string
	for k := i; k <= j && j > i; k++ {
		// A part is judged as a word of the compound: "wi" and "fi" make "wi-fi", a content word
		// however it is typed, though alone each is too short to be one.
		if w := ws[k]; !text.IsStopword(w) && !w.Number && len(w.Lower) >= 2 && !frameWords[w.Folded] {
			parts = append(parts, stems.of(k, w))
		}
	}
	if len(parts) < 2 {
		return 0, nil
	}
	return j - i + 1, parts
}

// contentWord reports a word of a question that makes a group of its own: not a function word, a
// number, or a word of one letter or two in lower case ("e", "fi").
func contentWord(w text.Word) bool {
	return !text.IsStopword(w) && !w.Number && len(w.Lower) >= 2 && (len(w.Lower) > 2 || w.Upper)
}

// wordStems are the stems of a question's words in its language (see [text.Stem]), each computed
// once: the analysis of a question reads a name's stem three times (a word of the question, a name,
// a name the corpus may not know), and stemming is most of its cost.
type wordStems struct {
	ws    []text.Word
	lang  string
	stems []string
}

func newWordStems(ws []text.Word, lang string) *wordStems {
	return &wordStems{ws: ws, lang: lang, stems: make([]string, len(ws))}
}

// of returns the stem of w, the question's word i (or, when w is not that word, of w alone).
func (s *wordStems) of(i int, w text.Word) string {
	if i < 0 || i >= len(s.ws) || w != s.ws[i] {
		return text.Stem(w, s.lang)
	}
	if s.stems[i] == "" {
		s.stems[i] = text.Stem(w, s.lang)
	}
	return s.stems[i]
}

// contactOf returns the kind of contact detail asked for when one of words names it (see
// [termGroup.contact]), else "".
func contactOf(contact string, words ...string) string {
	for _, w := range words {
		if contact != "" && text.ContactWord(contact, w) {
			return contact
		}
	}
	return ""
}

// identifierOf reports whether one of words names the kind of identifier a question asks for
// (asked; see [termGroup.identifier]).
func identifierOf(asked bool, words ...string) bool {
	return asked && slices.ContainsFunc(words, text.IdentifierWord)
}

// unitOf returns unit, the unit class a quantity question asks for, when one of words names it
// (see [termGroup.unit]), else "".
func unitOf(unit string, words ...string) string {
	for _, w := range words {
		if unit != "" && text.UnitWord(w) == unit {
			return unit
		}
	}
	return ""
}

// present keeps the forms of which the corpus holds at least half the stems: the others can cover
// no sentence, and dropping them keeps the scoring of every sentence cheap.
func (c *corpus) present(forms [][]string) [][]string {
	var out [][]string
	for _, f := range forms {
		n := 0
		for _, t := range f {
			if _, ok := c.idf[t]; ok {
				n++
			}
		}
		if 2*n >= len(f) {
			out = append(out, f)
		}
	}
	return out
}

// cognates returns a word's cognates in the other language (terms, "volunteer" → voluntari) as
// forms, other than its forms alts: like a synonym, a cognate covers the word at synonymCover,
// since it may be a false friend.
func (c *corpus) cognates(terms []string, alts [][]string) [][]string {
	var out [][]string
	for _, t := range terms {
		if !hasForm(alts, t) {
			out = append(out, []string{t})
		}
	}
	return out
}

func hasForm(forms [][]string, t string) bool {
	for _, f := range forms {
		if len(f) == 1 && f[0] == t {
			return true
		}
	}
	return false
}

// glossSynonyms returns the English synonyms of a word's one-word glosses.
func (c *corpus) glossSynonyms(glosses [][]string) [][]string {
	var out [][]string
	for _, g := range glosses {
		if len(g) == 1 {
			out = append(out, c.lex.Synonyms(g[0])...)
		}
	}
	return out
}

// sameForms reports whether groups a and b are the same word of a question: one's own form (its
// first alternative, as the question writes it) is among the other's forms ("pool" twice; a Spanish
// word and its English gloss, "microcomercio (micro-commerce)"). Two words that only share a
// translation are two words: "sesión" (session, screen) and "monitor" (monitor, screen) in "una
// sesión de natación con monitor" each must be met.
func sameForms(a, b termGroup) bool {
	if len(a.bigrams) > 0 || len(b.bigrams) > 0 {
		return strings.Join(a.bigrams, " ") == strings.Join(b.bigrams, " ")
	}
	return len(a.alts) > 0 && holdsAlt(b, a.alts[0]) || len(b.alts) > 0 && holdsAlt(a, b.alts[0])
}

// holdsAlt reports whether f is one of g's alternatives.
func holdsAlt(g termGroup, f []string) bool {
	return slices.ContainsFunc(g.alts, func(a []string) bool { return slices.Equal(a, f) })
}

// howMeasures are the measure words that follow "how" in a question for an amount ("how long",
// "how far", "how old"): with "how" they ask for the amount, which the answer gives as a figure
// and a unit ("4 hours", "60 days in advance"); as required words they favoured a sentence that
// uses the word otherwise ("Vans that are too tall can use the open-air car park" for "How tall
// can my vehicle be to get into the underground car park?"). Like frame words they count a little.
var howMeasures = wordSet(howMeasureWords)

// howMeasureWords are howMeasures as text: quantityCues asks for an amount after "how" + each.
const howMeasureWords = `long far big large old fast tall wide deep heavy high`

// howPhrases returns "how" + each of the words of s, as cues.
func howPhrases(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		out = append(out, "how "+w)
	}
	return out
}

// frameWords frame a question without being what it asks about: who says it ("according to the
// author", "the report"), how to answer ("give both", "name", "compare"), what the asker wants ("I
// want to freeze my membership", "quiero darme de baja"). They are not required.
var frameWords = wordSet(`according author authors writer practitioner report reports reported
	article text source sources document documents outlook say says said think thinks thought view views
	opinion expect expects expected predict predicts believe believes mention mentions mentioned describe
	describes described explain explains state states claim claims piece tell give name both list compare
	kind type way ways example examples mean means meaning definition define defined refer refers called
	counts qualifies considered
	segun autor articulo texto fuente fuentes informe opina cree dice dicen menciona explica llama significa
	significado definicion refiere entiende forman spanish english español espanol inglés ingles
	want wants wanted wanna quiero quiere queremos quieren quisiera gustaria
	abbreviation abbreviations acronym acronyms siglas sigla acronimo acronimos abreviatura significan`)

// issuerAsked reports a person question that asks who issued, approved or signed something, and
// makes its verb a frame word: the line that names the issuer may use another ("Issued … by" for
// "Who signed …?").
func (c *corpus) issuerAsked(q *question, ws []text.Word, stems *wordStems) bool {
	verbs := map[string]bool{}
	for i, w := range ws {
		if issuerAskVerbs[w.Folded] {
			verbs[stems.of(i, w)] = true
		}
	}
	for _, v := range zhIssuerAskVerbs {
		if strings.Contains(q.text, v) {
			verbs[v] = true
		}
	}
	if len(verbs) == 0 {
		return false
	}
	asked := false
	for i, g := range q.groups {
		if g.frame || !slices.ContainsFunc(g.alts, func(alt []string) bool { return len(alt) == 1 && verbs[alt[0]] }) {
			continue
		}
		q.weight += frameWeight - g.weight
		q.groups[i].frame, q.groups[i].weight, q.groups[i].issuerVerb = true, frameWeight, true
		asked = true
	}
	// The verb must be a word of the question: 签 inside 签证 ("visa") asks nothing of the kind.
	return asked
}

// issuerAskVerbs ask who issued, approved or signed a document: in the past tense, since "Who has
// to sign off …?" asks about a procedure, not about who signed a document.
var issuerAskVerbs = wordSet(`signed issued approved authorised authorized firmo firmaron emitio aprobo`)

// zhIssuerAskVerbs ask the same in Chinese.
var zhIssuerAskVerbs = []string{"签发", "签署", "签", "批准", "发布"}

// expansionCues ask what an abbreviation stands for.
var expansionCues = foldedCues("stand for", "stands for", "short for", "abbreviation", "acronym", "sigla", "acronimo", "abreviatura", "缩写", "全称")

// spelledTerm returns the stems of the question's group that names an abbreviation the documents
// spell out, or nil: what an expansion question asks about ("mmr" in "quick q what does mmr stand
// for", whose heaviest word is "quick").
func (c *corpus) spelledTerm(q question) []string {
	for _, g := range q.groups {
		if g.frame || g.figure {
			continue
		}
		for _, alt := range g.alts {
			if len(alt) == 1 && c.spelled[alt[0]] {
				var out []string
				for _, a := range g.alts {
					out = append(out, a...)
				}
				return out
			}
		}
	}
	return nil
}

// expansionCue reports "stand for", "stands for" or "short for" at ws[k]: the question asks what
// an abbreviation stands for ("What does DIO stand for?"), and "stand" is no word of the sentence
// that spells it out ("… Designated Induction Officers (DIOs)").
func expansionCue(ws []text.Word, k int) bool {
	switch ws[k].Folded {
	case "stand", "stands", "short":
		return k+1 < len(ws) && ws[k+1].Folded == "for"
	}
	return false
}

// zhFrame are the Chinese words that frame a question (作者认为 "the author thinks").
var zhFrame = map[string]bool{"缩写": true, "全称": true, "作者": true, "认为": true, "看来": true, "报告": true, "文章": true, "根据": true, "提到": true, "表示": true, "觉得": true, "指出": true, "说": true}

// answerType classifies a question by its question words, in English, Spanish and Chinese. lower is
// the part that asks (see [askedPart]): "When I report a fault, what does the reference number
// look like?" asks what, the clause before the comma sets the scene.
func answerType(lower string, ws []text.Word, lang string) string {
	// Cues and question are compared without accents: chat users often type none ("cuanto
	// cuesta", "cuando abre").
	lower = text.FoldAccents(lower)
	opening := withoutPreposition(strings.TrimLeft(lower, "¿¡ "))
	if i := strings.Index(lower, "cuando "); i > 0 && whOpenings.in(lower[:i]) {
		// "¿A qué se refieren las normas cuando hablan de RAEE?": after another question word,
		// an unaccented "cuando" joins a clause ("when they speak of"), it does not ask when.
		lower = lower[:i]
	}
	has := func(cs cues) bool { return cs.in(lower) }
	switch {
	// 几 asks how many, but 哪几天 asks which days, 几点 what time, 几号 and 星期几 which date or day,
	// and 哪几家 which firms.
	case has(zhDayCues):
		return typeTime
	case has(zhWhichCues):
		return typeEntity
	case has(quantityCues):
		return typeQuantity
	case timeOpenings.open(opening) || has(timeCues):
		return typeTime
	case has(reasonCues):
		return typeReason
	case has(meaningCues) && has(meaningVerbs) || has(defineCues):
		return typeDefinition
	case personOpenings.open(opening) || has(personCues) && !whOpenings.open(opening):
		// After another question word, "who" and "quien" open a relative clause ("What can
		// happen to a student who gets a friend to sit the exam?"), they do not ask who.
		return typePerson
	case placeOpenings.open(opening) || has(placeCues):
		return typePlace
	case timeNouns[askedNoun(ws)] || datesAsked(ws):
		return typeTime // "What are the live chat hours on Sunday?", "¿Cuál es la fecha límite?"
	case has(entityCues) || text.AsksForName(ws) || has(zhEntityCues):
		return typeEntity
	case whatIsOpenings.open(opening) && termWords(lower) <= 2:
		return typeDefinition
	case text.MeasureAsked(ws):
		return typeQuantity
	case has(howCues):
		return typeHow
	case terse(lower, ws) && (text.NamesMeasure(ws) || text.NamesMetric(ws)):
		return typeQuantity // "tips 2023 total?", "price youth pass"
	case terse(lower, ws) && timeNouns.named(ws):
		return typeTime // "cafe opening hrs sunday?", "steam train departure times"
	}
	return typeOther
}

// afterWhenClause returns the question after a clause that opens with "when" and ends at a comma,
// when a question word opens it ("When Jiang Fan built mobile Taobao in 2014, what did he …").
func afterWhenClause(lower, opening string) (string, bool) {
	if !timeOpenings.open(opening) {
		return "", false
	}
	_, rest, ok := strings.Cut(lower, ", ")
	rest = strings.TrimLeft(rest, "¿¡ ")
	if !ok || !whOpenings.open(withoutPreposition(rest)) {
		return "", false
	}
	return rest, true
}

// askedPart returns the question after a when-clause that sets the scene (see [afterWhenClause]),
// as lower-case text and as the index of its first word in ws (the words of rest, the question
// without its platform names); the whole question when it opens with none.
func askedPart(lower, rest string, ws []text.Word) (string, int) {
	folded := text.FoldAccents(lower)
	asked, ok := afterWhenClause(folded, withoutPreposition(strings.TrimLeft(folded, "¿¡ ")))
	if !ok {
		if asked, from, ok := lastChineseClause(lower, rest, ws); ok {
			return asked, from
		}
		return markedAsked(lower, rest, ws)
	}
	from := 0
	if cut := strings.Index(rest, ", "); cut >= 0 {
		for from < len(ws) && ws[from].Start < cut {
			from++
		}
	}
	return asked, from
}

// lastChineseClause is [askedPart] for a Chinese question whose last clause asks: the clauses
// before it state the situation ("换成高德地图以后照片位置偏了几百米，怎么解决？" asks how, and its
// 几百米 is "a few hundred metres", not "how many").
func lastChineseClause(lower, rest string, ws []text.Word) (string, int, bool) {
	body := strings.TrimRight(lower, "？?。！! ")
	cut := max(strings.LastIndex(body, "，"), strings.LastIndex(body, ","))
	if cut <= 0 || len(lower) != len(rest) || !strings.ContainsFunc(body[cut:], func(r rune) bool { return text.IsHan(r) }) {
		return "", 0, false
	}
	last := body[cut:]
	if !zhAskWords.in(last) {
		return "", 0, false
	}
	from := 0
	for from < len(ws) && ws[from].Start < cut {
		from++
	}
	return lower[cut:], from, true
}

// zhAskWords are the Chinese words that ask (a question word or the particle 吗).
var zhAskWords = foldedCues("怎么", "怎样", "如何", "什么", "啥", "咋", "多少", "几", "哪", "谁", "为什么", "为何", "吗", "是否", "有没有", "多久", "多长", "多大", "何时")

// markedAsked is [askedPart] for a Spanish question that marks the clause it asks with "¿", as
// one written with care does, accents and all: the words before the mark set the scene ("Cuando
// transfiero la propiedad, ¿qué pasa con los demás miembros?" asks what, not when), and an
// unaccented "cuando" after the clause's opening is the conjunction, a condition of what is asked
// ("¿Puedo alquilarla por Airbnb cuando me voy de vacaciones?" asks yes or no; "cuándo" asks
// when). A question without the mark is chat, which drops accents ("las propinas de mayo cuando
// las cobro" asks when), and is left whole.
func markedAsked(lower, rest string, ws []text.Word) (string, int) {
	mark := strings.Index(rest, "¿")
	if mark < 0 || strings.Contains(rest[:mark], "?") || len(lower) != len(rest) {
		return lower, 0 // no mark, a question before it that asks too, or offsets that differ
	}
	from := 0
	for from < len(ws) && ws[from].Start < mark {
		from++
	}
	end := len(lower)
	for i := from; i < len(ws); i++ {
		// The question word opens the clause, after a preposition or "y" at most ("¿Desde
		// cuándo …?", "¿y cuando cierra?").
		opening := i == from || i == from+1 && (openingPrepositions[ws[from].Folded] || ws[from].Folded == "y")
		if ws[i].Lower == "cuando" && !opening {
			end = ws[i].Start
			break
		}
	}
	return lower[mark:end], from
}

// terse reports a chat query typed as keywords: no question word and no verb opening a yes-or-no
// question ("tips 2023 total?", "opening hours sunday?"). What it asks for is then the measure or
// time noun it names.
func terse(lower string, ws []text.Word) bool {
	// A Chinese question has its own question words (see answerType's cues).
	if len(ws) == 0 || len(ws) > terseWords || strings.IndexFunc(lower, text.IsHan) >= 0 {
		return false
	}
	for _, w := range ws {
		if questionWords[w.Folded] || auxiliaries[w.Folded] {
			return false
		}
	}
	return true
}

// clockNouns are the stems, English and Spanish, of the words that name the hours a clock-time
// question asks for: "8:30 to 17:00" covers "opening hours" as "4 °C" covers "temperature".
var clockNouns = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range text.Words(`hours hour hrs time times timetable schedule horario horarios hora horas`) {
		m[text.Stem(w, text.English)], m[text.Stem(w, text.Spanish)] = true, true
	}
	return m
}()

// askedNoun returns the folded head noun of what a "what is/are the …?" or "¿cuál es el …?"
// question asks for: in English the last word before a preposition or the end ("what are the live
// chat hours on Sunday" → "hours"), in Spanish the first ("cuál es la fecha límite de …" →
// "fecha"). Empty for any other question.
func askedNoun(ws []text.Word) string {
	if len(ws) >= 3 && ws[0].Folded == "what" && determiners[ws[1].Folded] {
		// "what's the …": the word reader drops the "'s"
		ws = append([]text.Word{ws[0], {Folded: "is"}}, ws[1:]...)
	}
	if len(ws) < 4 || !copulas[ws[1].Folded] || !determiners[ws[2].Folded] {
		return ""
	}
	switch ws[0].Folded {
	case "cual", "cuales":
		return ws[3].Folded
	case "what", "which":
		head := ""
		for _, w := range ws[3:] {
			if nounEnds[w.Folded] {
				break
			}
			head = w.Folded
		}
		return head
	}
	return ""
}

// datesAsked reports a question word followed by "date" or "day" within two words ("on what date",
// "what exact date", "between which dates", "¿en qué fecha?", "on what day", "¿qué día pasa …?"):
// a day is asked for as a date or a weekday.
func datesAsked(ws []text.Word) bool {
	for i, w := range ws {
		if !whichWords[w.Folded] {
			continue
		}
		for _, n := range ws[i+1 : min(i+3, len(ws))] {
			if dateNouns[n.Folded] {
				return true
			}
		}
	}
	return false
}

var (
	whichWords  = wordSet(`what which que cual cuales`)
	dateNouns   = wordSet(`date dates day days fecha fechas dia dias`)
	copulas     = wordSet(`is are was were s es son era eran fue fueron`)
	determiners = wordSet(`the your its their our my el la los las su sus`)
	// nounEnds end the noun phrase an English question asks about.
	nounEnds = wordSet(`of for on at in to during from by with when if this that`)
)

// terseWords is the most words a keyword query has: longer messages without a question word are
// statements with the question left implicit ("my grandad's 82 does he need to pay …").
const terseWords = 8

// words is a set of folded words a question may name (see terse, frameWords).
type words map[string]bool

func wordSet(s string) words {
	m := words{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// named reports whether a question names one of the words.
func (ws words) named(q []text.Word) bool {
	for _, w := range q {
		if ws[w.Folded] {
			return true
		}
	}
	return false
}

var (
	// questionWords are the English and Spanish question words, folded.
	questionWords = wordSet(`what whats which who whom whose when whens where wheres why how hows que cual cuales quien
		quienes cuando donde como cuanto cuanta cuantos cuantas`)
	// auxiliaries ask a yes-or-no question wherever they stand ("is the pool open…", "hola, ¿puedo aparcar…?").
	auxiliaries = wordSet(`is are was were do does did can could will would should may might must am have has any
		es esta estan son hay puedo puede pueden podemos tengo tiene tienen se`)
	// timeNouns ask for a time or a date when a terse query names them.
	timeNouns = wordSet(`hours hrs times timetable schedule date dates deadline horario horarios hora horas fecha fechas`)
	// hourNouns are the time nouns that name hours of the day ("the live chat hours"): not a
	// date, nor "times" or a schedule, which may be durations ("delivery times") or weekdays.
	hourNouns = wordSet(`hours hrs hora horas`)
)

// withoutPreposition returns a folded question without the preposition it opens with: a question
// word keeps its preposition in front of it ("At what temperature…", "To whom…", "¿En qué año…?",
// "¿A qué hora…?"), and the question word behind it says what is asked as it would at the start.
func withoutPreposition(opening string) string {
	word, rest, ok := strings.Cut(opening, " ")
	if ok && openingPrepositions[word] {
		return rest
	}
	return opening
}

// openingPrepositions are the English and Spanish prepositions a question word can carry.
var openingPrepositions = map[string]bool{"at": true, "to": true, "for": true, "in": true, "on": true, "from": true,
	"by": true, "with": true, "until": true, "till": true, "since": true, "a": true, "en": true, "de": true, "desde": true,
	"hasta": true, "por": true, "para": true, "con": true}

// cues are the words or phrases that mark a kind of question (see answerType), folded as the
// question is (see [text.FoldAccents]) once, not at every question.
type cues []string

func foldedCues(cs ...string) cues {
	out := make(cues, len(cs))
	for i, c := range cs {
		out[i] = text.FoldAccents(c)
	}
	return out
}

// in reports whether the folded question holds a cue.
func (cs cues) in(folded string) bool {
	for _, c := range cs {
		if strings.Contains(folded, c) {
			return true
		}
	}
	return false
}

// open reports whether the folded question, without the marks before it ("¿"), opens with a cue.
func (cs cues) open(opening string) bool {
	for _, c := range cs {
		if strings.HasPrefix(opening, c) {
			return true
		}
	}
	return false
}

// The cues of answerType, by the kind of question they mark.
var (
	// dayCues ask on which day or date (see [question.dayAsked]).
	dayCues     = foldedCues("what date", "which date", "what day", "which day", "qué día", "qué fecha", "哪天", "哪一天", "哪一日", "几号", "什么日子")
	zhDayCues   = foldedCues("哪几天", "哪天", "哪一天", "哪几日", "哪些天", "哪个月", "哪几个月", "几点", "几月", "几号", "星期几", "周几", "礼拜几")
	zhWhichCues = foldedCues("哪几")
	// "how" and an adjective of measure asks for an amount ("how deep": 2.0 metres): those of
	// howMeasures, and others that are not framing words (see wordGroups).
	quantityCues = foldedCues(append(howPhrases(howMeasureWords), "how many", "how much", "how often",
		"how warm", "how hot", "how cold", "how early",
		"how late", "how soon", "how frequently", "how close", "qué profundidad", "qué altura", "qué temperatura",
		"多深", "多高", "多宽", "多重", "多远", "多热", "多冷",
		"what percentage", "what percent", "what share", "what proportion", "by how", "cuánto", "cuánta", "cuántos",
		"cuántas", "cuanto", "cuantos", "qué porcentaje", "que porcentaje", "qué cuota", "多少", "几", "多长", "多久", "多大", "比例")...)
	timeOpenings = foldedCues("when", "since when", "until when", "and when")
	timeCues     = foldedCues(", when", "what year", "which year", "what month", "cuándo", "qué año",
		"que año", "什么时候", "啥时候", "何时", "哪一年", "哪年", "几月", "什么时间", "日期",
		// the time of day: the answer is a clock time ("00:30", "7 pm", "晚上7点"); "which hours"
		// asks for one, not for an entity ("…, and during which hours?")
		"what time", "qué hora", "que hora", "which hours", "what hours")
	reasonCues = foldedCues("why", "what is the reason", "for what reason", "how come", "what causes", "the cause", "the likely cause",
		"por qué", "por que", "razón", "causa", "为什么", "为何", "为啥", "原因")
	meaningCues = foldedCues("what does", "qué significa", "que significa", "qué es ", "que es ", "qué se entiende", "什么是", "是什么意思", "指什么", "是指")
	// meaningVerbs: Spanish "es" with a space on each side, or it is read inside English "does"
	// ("What does one night cost?" asks no meaning).
	meaningVerbs = foldedCues("mean", "refer", "stand for", "significa", " es ", "entiende", "refiere", "quiere decir", "什么是", "意思", "指")
	defineCues   = foldedCues("what is meant", "define ", "what counts as", "what qualifies as", "what do you mean by",
		"qué quiere decir", "qué cuenta como", "qué se considera", "什么叫", "何谓",
		// What an abbreviation stands for: the sentence that spells it out answers.
		"short for", "的缩写", "的全称", "全称是")
	personOpenings = foldedCues("who", "whom", "whose", "quién", "a quién", "de quién", "con quién")
	personCues     = foldedCues(" who ", "quién", "quien", "谁", "哪位", "什么人")
	placeOpenings  = foldedCues("where")
	placeCues      = foldedCues("dónde", "在哪", "哪里")
	entityCues     = foldedCues("which", "qué plataforma", "qué empresa", "qué revista", "qué compañía", "cuál es la plataforma", "哪家", "哪个", "哪些", "哪一")
	zhEntityCues   = foldedCues("什么公司", "什么机构", "什么组织", "什么平台", "什么品牌", "什么网站", "什么应用", "什么名字", "叫什么")
	whatIsOpenings = foldedCues("what is ", "what are ", "what's ", "what exactly is ", "what exactly are ")
	whatOpenings   = foldedCues("what", "which", "cuál", "cual", "qué", "que")
	// whOpenings are the English and Spanish question words, each with the space after it.
	whOpenings = foldedCues("what ", "which ", "who ", "whom ", "whose ", "how ", "where ", "why ", "qué ", "cuál ", "quién ",
		"cómo ", "dónde ", "cuánto ", "cuánta ", "cuántos ", "cuántas ", "por qué ")
	howCues = foldedCues("how ", "cómo", "como ", "怎么", "如何", "怎样", "what should i do", "what do i do", "what can i do", "what do i need to do",
		"qué hago", "qué debo hacer", "qué puedo hacer", "que hago", "该怎么办", "怎么办",
		// 咋 is the spoken 怎么: 咋整, 咋办 and 咋弄 ask how to deal with something, as 怎么办 does
		"咋整", "咋办", "咋弄",
		// 什么办法 and 什么方法 ask for a way ("还有什么办法？", "what other way is there?")
		"什么办法", "什么方法")
)

// yearAsked reports a question that asks for a year, in English, Spanish and Chinese.
func yearAsked(lower string) bool {
	for _, cue := range []string{"what year", "which year", "since when", "qué año", "que año", "desde cuándo", "desde cuando",
		"desde qué año", "哪一年", "哪年", "几几年", "从哪年"} {
		if strings.Contains(lower, cue) {
			return true
		}
	}
	return false
}

// clockAsked reports a question that asks for a time of day, in English, Spanish and Chinese.
// "Horario" is a timetable, except in the singular "horario de verano/invierno": daylight saving
// time, whose questions ask for a date ("¿Cuándo terminó el horario de verano?"); the plural is a
// season's timetable ("los horarios de verano de la piscina"). A question that names the hours as
// what it asks for asks for times of day too: "What are the live chat hours on Sunday?", "sunday
// live chat hours?" (see [askedNoun] and [terse]; ws are the question's words).
func clockAsked(lower string, ws []text.Word) bool {
	for _, cue := range []string{"what time", "which hours", "what hours", "opening hours", "qué hora", "que hora", "几点"} {
		if strings.Contains(lower, cue) {
			return true
		}
	}
	if hourNouns[askedNoun(ws)] || terse(lower, ws) && hourNouns.named(ws) {
		return true
	}
	for rest := lower; ; {
		i := strings.Index(rest, "horario")
		if i < 0 {
			return false
		}
		rest = rest[i+len("horario"):]
		if !strings.HasPrefix(rest, " de verano") && !strings.HasPrefix(rest, " de invierno") {
			return true
		}
	}
}

// termWords counts the content words of a "what is" question as the words of the term it asks
// about: a hyphenated compound is one word ("micro-commerce"), and an aside in brackets is another
// name for the term, not more of it ("What is micro-commerce (microcomercio)?").
func termWords(lower string) int {
	var b strings.Builder
	depth := 0
	for _, r := range lower {
		switch r {
		case '(', '（', '[':
			depth++
		case ')', '）', ']':
			depth = max(0, depth-1)
		case '-':
			if depth == 0 {
				continue // joins the compound's parts into one word
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return contentWords(text.Words(b.String()))
}

func contentWords(ws []text.Word) int {
	n := 0
	for _, w := range ws {
		if !text.IsStopword(w) && !frameWords[w.Folded] {
			n++
		}
	}
	return n
}

// partsAsked returns 2 when a question asks for two things at once.
func partsAsked(lower, lang string) int {
	for _, c := range []string{" both", "two ", ", and ", " and when", " and at what", " and how", " and why",
		" and which", " and who", "compare", "ambos", "dos ", " y cuándo", "两个", "哪两", "和什么", "改成了什么"} {
		if strings.Contains(lower, c) {
			return 2
		}
	}
	if strings.Count(lower, "?")+strings.Count(lower, "？") > 1 {
		return 2
	}
	return 1
}

// secondPart returns the clause of a question that asks a second thing: after ", and", " and" and a
// question word, "; ", " y " and a question word, or a second question mark ("团体票最少要几个人？
// 截止日期是哪天？").
func secondPart(lower string) (string, bool) {
	body := strings.TrimRight(lower, "?？ ")
	if i := max(strings.LastIndex(body, "?"), strings.LastIndex(body, "？")); i >= 0 {
		return strings.TrimLeft(body[i:], "?？ "), true
	}
	for _, c := range []string{", and ", " and when", " and at what", " and how", " and why", " and which", " and who", " and what", " y cuándo", " y cuánto", " y qué", " y quién", " y dónde", " y por qué"} {
		if i := strings.Index(body, c); i > 0 {
			rest := strings.TrimLeft(body[i:], ", ")
			_, rest, _ = strings.Cut(rest, " ") // the clause after its "and" or "y"
			return rest, true
		}
	}
	return "", false
}

// differenceAsked reports whether a question asks how two things differ ("What's the difference
// between a dock and a station?"): it is answered by what each one is, two parts.
func differenceAsked(lower string) bool {
	for _, c := range []string{"difference between", "diferencia entre", "diferencia hay entre", "区别", "差别", "有什么不同"} {
		if strings.Contains(lower, c) {
			return true
		}
	}
	return false
}

// definedTerm returns the stems of the term a definition question asks about: its rarest group.
func definedTerm(q question) []string {
	best := -1
	for i, g := range q.groups {
		if len(g.alts) > 0 && !g.figure && !g.frame && (best < 0 || g.weight > q.groups[best].weight) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	var out []string
	for _, alt := range q.groups[best].alts {
		out = append(out, alt...)
	}
	return out
}

func appendNew(xs []string, x string) []string {
	if contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

func fraction(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// unknownNames returns the capitalised words of the question, other than its first, that the
// corpus never uses: names of something the documents do not know.
func (c *corpus) unknownNames(ws []text.Word, stems *wordStems, lang string) []string {
	var out []string
	for j, w := range ws {
		if w.Initial || !w.Upper || w.Number || len(w.Lower) < 3 || text.IsStopword(w) || frameWords[w.Folded] || text.IsCalendarWord(w) {
			continue
		}
		if lang == text.Spanish {
			// A Spanish word the glossary knows, capitalised ("Grupo Alibaba"), is known when the
			// corpus writes it in English; a name the glossary gives in English ("Francia":
			// France) that the corpus writes in neither language is unknown, as any other name.
			if gl, _ := c.lex.SpanishGloss([]text.Word{w}, 0); len(gl) > 0 && c.writesAny(gl) {
				continue
			}
		}
		st := stems.of(j, w)
		if _, known := c.weight(st); !known && !c.knowsSynonym(st) {
			out = append(out, w.Lower)
		}
	}
	return out
}

// knowsSynonym reports whether the corpus holds a synonym of the stem st, every word of it
// ("Xmas": "Christmas"; "FAQ": "frequently asked questions"; see [text.Lexicon.Synonyms]): a word
// the corpus writes another way names nothing the documents do not know.
func (c *corpus) knowsSynonym(st string) bool {
	for _, alt := range c.lex.Synonyms(st) {
		if len(alt) > 0 && !slices.ContainsFunc(alt, func(f string) bool { _, ok := c.weight(f); return !ok }) {
			return true
		}
	}
	return false
}

// polarQuestion reports a yes-or-no question: one that opens with an auxiliary verb, or a Chinese
// one that asks with 吗 or an A-not-A verb.
func polarQuestion(q string) bool {
	for _, zh := range []string{"吗", "能不能", "可不可以", "是不是", "有没有", "是否", "会不会", "要不要"} {
		if strings.Contains(q, zh) {
			return true
		}
	}
	ws := text.Words(q)
	return len(ws) > 1 && auxiliaries[ws[0].Folded]
}

// looseWhen reports a question that asks when something happens in the present tense, which a
// condition or a span may answer as well as a date ("When does the loan end?": "when you leave
// the university"; "¿Cuándo se caen?": "en 7 a 10 días"; "最晚什么时候到比较好": "开学前三天"). One in
// the past or the future ("When did …", "¿Cuándo se presentó …?", "是什么时候发布的？"), or that
// names a year or a date, asks for a date.
func looseWhen(lower string, ws []text.Word) bool {
	folded := text.FoldAccents(lower)
	for _, c := range []string{"year", "date", "año", "fecha", "年", "日期", "几月", "哪天", "几号"} {
		if strings.Contains(folded, text.FoldAccents(c)) {
			return false
		}
	}
	for _, c := range []string{"when does", "when do ", "when is", "when are", "when can", "when should"} {
		if strings.Contains(lower, c) {
			return true
		}
	}
	for i, w := range ws {
		if w.Folded != "cuando" {
			continue
		}
		k := i + 1
		for k < len(ws) && spanishClitics[ws[k].Folded] {
			k++
		}
		if k == len(ws) {
			return false
		}
		verb := ws[k].Lower
		for _, end := range spanishPastOrFuture {
			if strings.HasSuffix(verb, end) {
				return false
			}
		}
		return true
	}
	for _, c := range []string{"什么时候", "何时", "啥时候", "什么时间"} {
		if i := strings.Index(lower, c); i >= 0 {
			after := strings.TrimRight(lower[i:], "？?。 ")
			return !strings.ContainsAny(after, "了过") && !strings.HasSuffix(after, "的")
		}
	}
	return false
}

// spanishClitics are the pronouns that stand between a question word and its verb ("¿Cuándo se
// caen?").
var spanishClitics = wordSet(`se me te le les lo la los las nos os`)

// spanishPastOrFuture are the endings of the Spanish preterite, imperfect, future and conditional
// verb forms: a "cuándo" question in one of those tenses asks for a date.
var spanishPastOrFuture = []string{"ó", "aron", "ieron", "é", "aste", "iste", "ía", "ían", "aba", "aban", "rá", "rán", "ré", "remos", "ría", "rían"}

// listAsked reports a question that asks for several things of a kind: one that opens (after a
// preposition) with "which" or "what" before a plural noun and a verb ("Which countries is BYD
// building in?", "What kinds of pillows are there?", "What tools do I need?"; not "What happens
// if …", whose word in -s is the verb), with "qué" or "cuáles" before a plural noun ("¿En qué tipos
// de habitación …?", "¿Cuáles son las tarifas?"), or with 哪些 anywhere. lower is the part that
// asks (see [askedPart]), ws its words.
func listAsked(lower string, ws []text.Word) bool {
	if strings.Contains(lower, "哪些") {
		return true
	}
	k := 0
	if len(ws) > 1 && listPrepositions[ws[0].Folded] && !(ws[0].Folded == "por" && ws[1].Folded == "que") {
		k = 1
	}
	if k >= len(ws) || !listOpeners[ws[k].Folded] {
		return false
	}
	english := ws[k].Folded == "which" || ws[k].Folded == "what"
	j := k + 1
	for j < len(ws) && j <= k+3 && listArticles[ws[j].Folded] {
		j++
	}
	if j >= len(ws) || !pluralNoun(ws[j]) {
		return false
	}
	return !english || j+1 < len(ws) && listFollowers[ws[j+1].Folded]
}

// The words listAsked reads around the noun: prepositions before the question word, articles
// between them ("what are the …", "cuáles son los …"), and what follows an English plural noun
// that is one: an auxiliary verb or "of".
var (
	listPrepositions = wordSet(`in on at for with from to en a de con para por desde`) // not "por qué", why
	listOpeners      = wordSet(`which what que cuales`)
	listArticles     = wordSet(`are the son los las`)
	listFollowers    = wordSet(`do does did can could will would should may might must are is were was have has had of`)
)

// pluralNoun reports a word that reads as a plural noun: four letters or more ending in "s" but
// not "ss", "us" or "is", and not a function word.
func pluralNoun(w text.Word) bool {
	l := w.Folded
	return !w.Number && len(l) >= 4 && strings.HasSuffix(l, "s") && !strings.HasSuffix(l, "ss") &&
		!strings.HasSuffix(l, "us") && !strings.HasSuffix(l, "is") && !text.IsStopword(w)
}

// mechanismAsked reports an English how question whose subject is a named thing or a definite one
// ("How does Skerry …", "How did the company …", "How is Temu …"): it asks how that thing works
// or came about. With the asker ("How do I …"), someone generic ("How does a member …") or no
// subject, it asks what to do.
func mechanismAsked(ws []text.Word) bool {
	for i := 0; i+2 < len(ws); i++ {
		if ws[i].Folded != "how" {
			continue
		}
		switch ws[i+1].Folded {
		case "does", "did", "is", "was", "has":
		default:
			return false
		}
		subj := ws[i+2]
		return subj.Folded == "the" || subj.Folded == "it" || subj.Upper && !text.IsStopword(subj)
	}
	return false
}

package answer

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// offlinePassages is how many retrieved passages the offline answerer reads (at least).
const offlinePassages = 12

// hasContent reports whether a question holds anything to search for: a platform name, a word that
// is not a function word, a Chinese word that is not a function word. It is what makes the
// question's search terms non-empty, without computing them (which costs a fifth of an offline
// answer). The words are read first: finding platform names reads the text once for every alias
// of the catalog.
func (e *Engine) hasContent(q string) bool {
	q = text.CleanInvisible(q)
	for _, w := range text.Words(q) {
		if !text.IsStopword(w) {
			return true
		}
	}
	if len(e.ix.Catalog().Find(q)) > 0 {
		return true
	}
	for _, p := range e.c.lex.Segment(q) {
		if !p.Stop {
			return true
		}
	}
	return false
}

// extractiveAnswer is the offline answer from the retrieved passages: the chosen sentences quoted
// and cited, with a lead-in in the asker's language when they are in another; or an abstention
// that points at the closest passages.
func (e *Engine) extractiveAnswer(question, standalone string, passages []retrieval.Passage) Answer {
	a := Answer{Question: question, Mode: ModeExtractive, Citations: []Citation{}}
	if standalone != question {
		a.Query = standalone
	}
	q := e.c.analyse(standalone)
	passages = e.c.quotable(e.c.pointedAt(q, passages), max(e.cfg.TopK, offlinePassages))
	lang := q.lang
	if standalone != question {
		lang = text.DetectLanguage(question)
	}
	pk := e.c.answer(q, passages)
	if len(pk.units) == 0 {
		a.Abstained = true
		a.Related = e.closest(pk.related)
		a.Text = abstention(lang, asTyped(standalone, q.unknown), a.Related)
		return a
	}
	var parts []string
	for _, u := range pk.units {
		for _, q := range quotes(u) {
			n := len(a.Citations) + 1
			a.Citations = append(a.Citations, e.citation(*q.passage, q.text, n))
			parts = append(parts, displaySentence(q.text)+" ["+itoa(n)+"]")
		}
	}
	first := pk.units[0][0]
	a.Text = leadIn(lang, text.QuoteLanguage(first.doc.Lang, first.quote())) + strings.Join(parts, " ")
	return a
}

// citation builds a citation with the document's title.
func (e *Engine) citation(p retrieval.Passage, quote string, n int) Citation {
	c := citationFor(p, quote, n, e.cfg.Links)
	if c.Title == "" {
		c.Title = e.titles[p.File]
	}
	return c
}

// quoted is a verbatim quote and the passage it is from.
type quoted struct {
	passage *retrieval.Passage
	text    string
}

// quotes turns a unit (consecutive sentences) into quotes: one for each run of its sentences that
// one passage holds.
func quotes(u []sentRef) []quoted {
	var out []quoted
	for i := 0; i < len(u); {
		p := u[i].passage
		j := i + 1
		for j < len(u) && u[j].passage.ID == p.ID && u[j].doc == u[i].doc {
			j++
		}
		first, last := u[i], u[j-1]
		if p.StartByte <= first.span.Start && last.span.End <= p.EndByte {
			out = append(out, quoted{p, p.Text[first.span.Start-p.StartByte : last.span.End-p.StartByte]})
		} else {
			for _, r := range u[i:j] {
				out = append(out, quoted{r.passage, r.quote()})
			}
		}
		i = j
	}
	return out
}

// leadIn introduces quotes in another language than the question's, in the question's language.
func leadIn(asked, source string) string {
	if asked == source || source == "" {
		return ""
	}
	switch asked {
	case text.Spanish:
		return "Según la fuente (en " + map[string]string{text.English: "inglés", text.Chinese: "chino"}[source] + "): "
	case text.Chinese:
		return "来源原文（" + map[string]string{text.English: "英文", text.Spanish: "西班牙文"}[source] + "）："
	}
	return "The source says (in " + text.LanguageName(source) + "): "
}

// maxRelated bounds the closest passages shown with an abstention.
const maxRelated = 3

// minRelatedCover is the least share of a question's words a sentence must hold to be shown as
// close to it when the answer abstains; below it the passages have nothing to do with the question.
const minRelatedCover = 0.25

// closest returns the passages closest to an unanswered question, as citations: the best-scored
// sentences of up to three different paragraphs that hold at least minRelatedCover of it.
func (e *Engine) closest(cands []candidate) []Citation {
	var out []Citation
	seen := map[[2]any]bool{}
	add := func(p retrieval.Passage, quote string) {
		key := [2]any{p.File, p.Paragraph}
		if seen[key] || len(out) == maxRelated {
			return
		}
		seen[key] = true
		out = append(out, e.citation(p, quote, len(out)+1))
	}
	for _, cd := range cands {
		if len(cd.refs) == 1 && cd.cov >= minRelatedCover {
			add(*cd.first().passage, cd.first().quote())
		}
	}
	return out
}

// abstention is the text of an answer that abstains: that the sources do not answer, in the
// asker's language, and the closest passages, each with its citation marker. When the question
// names something the sources never mention (unknown, as typed), it says so first: that is why
// they cannot answer ("The sources do not mention Temu."), and what the asker can act on.
func abstention(lang string, unknown []string, related []Citation) string {
	if len(related) == 0 {
		if len(unknown) > 0 {
			return notMentioned(lang, unknown)
		}
		return notInSources(lang)
	}
	var b strings.Builder
	switch {
	case len(unknown) > 0:
		b.WriteString(notMentioned(lang, unknown) + " " + closestLabel(lang))
	case lang == text.Spanish:
		b.WriteString("Las fuentes no responden a esto directamente. " + closestLabel(lang))
	case lang == text.Chinese:
		b.WriteString("资料没有直接回答这个问题。" + closestLabel(lang))
	default:
		b.WriteString("The sources don't answer this directly. " + closestLabel(lang))
	}
	for _, c := range related {
		b.WriteString("\n- “" + excerpt(displaySentence(c.Quote), 160) + "” (" + docLabel(c.Title) + ", " + c.Where(c.Paragraph) + ") [" + itoa(c.N) + "]")
	}
	return b.String()
}

// closestLabel introduces the closest passages, in the asker's language.
func closestLabel(lang string) string {
	switch lang {
	case text.Spanish:
		return "Pasajes más cercanos:"
	case text.Chinese:
		return "最接近的段落："
	default:
		return "Closest passages:"
	}
}

// notMentioned says, in the asker's language, that the sources never mention the names.
func notMentioned(lang string, names []string) string {
	switch lang {
	case text.Spanish:
		return "Las fuentes no mencionan " + strings.Join(names, " ni ") + "."
	case text.Chinese:
		return "资料中没有提到" + strings.Join(names, "、") + "。"
	default:
		return "The sources do not mention " + strings.Join(names, " or ") + "."
	}
}

// asTyped returns the words of q whose lower case is one of names, as q writes them, in q's
// order.
func asTyped(q string, names []string) []string {
	var out []string
	for _, w := range text.Words(q) {
		if slices.Contains(names, w.Lower) && !slices.Contains(out, q[w.Start:w.End]) {
			out = append(out, strings.TrimSuffix(strings.TrimSuffix(q[w.Start:w.End], "'s"), "’s"))
		}
	}
	return out
}

// excerpt shortens s to about n bytes at a word boundary.
func excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], ' '); i > n/2 {
		cut = i
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// extractiveSummary is the offline digest of a platform: points about it grouped by document,
// each cited, and a closing line citing the documents that only mention it; a document in another
// language than English is labelled as such in either place.
func (e *Engine) extractiveSummary(p text.Platform, passages []retrieval.Passage) Summary {
	s := Summary{Platform: p.Name, Mode: ModeExtractive, Citations: []Citation{}}
	d := e.c.digest(p.Name, passages, e.cfg.SummaryPoints, e.titles)
	cite := func(pk pick) string {
		n := len(s.Citations) + 1
		s.Citations = append(s.Citations, e.citation(*pk.ref.passage, pk.ref.quote(), n))
		return "[" + itoa(n) + "]"
	}
	var lines []string
	for _, g := range d.groups {
		lines = append(lines, docLabel(g.title)+languageLabel(g.doc.Lang)+":")
		for _, pt := range g.points {
			lines = append(lines, "- "+displaySentence(pt.ref.quote())+" "+cite(pt))
		}
	}
	if len(d.mentions) > 0 {
		var refs []string
		for _, m := range d.mentions {
			refs = append(refs, docLabel(e.titles[m.ref.doc.File])+languageLabel(m.ref.doc.Lang)+" "+cite(m))
		}
		lead := "Also mentioned in: "
		if len(d.groups) == 0 {
			lead = "The sources mention " + p.Name + " only in passing: "
		}
		lines = append(lines, lead+strings.Join(refs, ", ")+".")
	}
	s.Text = strings.Join(lines, "\n")
	return s
}

// docLabel is a document's title as a short label: without a navigation trail before it ("Current
// position:Home>13 years of …" is "13 years of …"), shortened.
func docLabel(title string) string {
	if i := strings.LastIndexAny(title, ">›»"); i >= 0 && strings.TrimSpace(title[i+len(">"):]) != "" {
		_, size := utf8.DecodeRuneInString(title[i:])
		title = title[i+size:]
	}
	return shortTitle(title)
}

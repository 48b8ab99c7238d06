package answer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// A marker that does not check out is removed (cite.go), and so, where it has one, is the lead-in
// that frames it, so that the sentence still reads:
//
//	According to [S9], Douyin's GMV …        → Douyin's GMV …
//	Según la Fuente 9, el GMV de Douyin …     → El GMV de Douyin …
//	根据[S9]，抖音…                            → 抖音…
//	Source 9 says that Douyin's GMV …         → Douyin's GMV …
//	As [S9] notes, Douyin's GMV …             → Douyin's GMV …
//	Douyin's GMV, according to [S9], was …    → Douyin's GMV was …
//	Douyin's GMV was …, as Source 9 notes.    → Douyin's GMV was ….
//	**According to [S9]**, Douyin's GMV …     → Douyin's GMV …
//	根据[S9]的数据，抖音…                      → 抖音…
//
// A lead-in is a phrase that introduces a source before its marker ("according to", "según", "根据",
// "as … notes"), or a verb of saying after a marker that is the subject of its sentence or clause
// ("Source 9 says", "[S9] shows that", "来源9指出，"), with the emphasis around it ("*Según [S9]*,") and
// a possessive after its marker ("[S9]'s data", "[S9]的数据"). Only what frames the marker goes; the
// sentence is capitalised when it now starts with its first word; nothing else is reworded and no
// source is named instead. A lead-in is dropped only when the sentence goes on after it (a sentence
// that is only a lead-in and markers, "According to [S9].", is a frame sentence, which cites the
// claim next to it: framesentence.go), and a marker that checks out keeps its lead-in ("According
// to [1], …"). An id in running text whose sentence has no such frame ("Figures from Source 9 were
// revised") keeps its word, as before ("Figures from Source were revised"). At the start of a
// sentence the marker must be followed by a comma (or a colon), since otherwise the words after it
// may belong to the lead-in ("Based on [S9] data, …", "据[S9]报道，…"). A Chinese lead phrase is read
// on the characters around the marker, without cutting the sentence into words: after other Chinese
// words it is one unless it ends a longer word ("例如", "数据"), and a verb with 所 after the marker
// closes it ("报告如[S9]显示，X", "此外根据[S9]，X", "据[S9]所述，X" → "X", "此外，X", "X"). A marker that
// ends a sentence as the object of a verb that says where something comes from takes the verb along,
// and the clause it ends when that says nothing else ("X, with the figures taken from [S9]." → "X.",
// "X，数据来自[S9]。" → "X。", "Douyin's GMV figure is taken from [S9]." → "Douyin's GMV figure."). A
// marker of a list of markers
// ("According to [S9] and [S1], …") goes with the join after it, and the lead-in goes only when every
// marker of the list does. Without a lead-in, a word that has lost its object goes ("Platforms, such
// as [S9], grew", connective.go), and so do parentheses left empty ("Douyin grew ([S9])." → "Douyin
// grew."); a marker that checks out loses a word that only introduced it and parentheses of its own,
// and stands after its claim ("Douyin grew (see [1])." → "Douyin grew [1].", connective.go).

// leadPhrases introduce a source before its marker. asVerb ones ("as [S9] notes") need a verb of
// saying after the marker.
var leadPhrases = []struct {
	phrase string
	asVerb bool
}{
	{"according to", false}, {"as stated in", false}, {"as stated by", false}, {"as noted in", false}, {"as noted by", false},
	{"as reported in", false}, {"as reported by", false}, {"as shown in", false}, {"as shown by", false},
	{"as described in", false}, {"as mentioned in", false}, {"as explained in", false}, {"as per", false}, {"per", false},
	{"based on", false}, {"citing", false}, {"as", true},
	{"según", false}, {"de acuerdo con", false}, {"conforme a", false}, {"como señala", false}, {"como indica", false},
	{"como dice", false}, {"como menciona", false}, {"como explica", false}, {"como muestra", false},
	{"根据", false}, {"依据", false}, {"按照", false}, {"据", false}, {"正如", true}, {"如", true},
}

// sayingVerbs follow a marker that is the subject of its clause ("Source 9 says …"), or the marker of
// an "as" lead-in ("as [S9] notes"). Longer forms come before their prefixes.
var sayingVerbs = []string{
	"points out", "pointed out", "puts it", "put it",
	"says", "said", "say", "states", "stated", "state", "notes", "noted", "note", "reports", "reported", "report",
	"shows", "showed", "shown", "show", "indicates", "indicated", "indicate", "mentions", "mentioned", "mention",
	"explains", "explained", "explain", "finds", "found", "find", "suggests", "suggested", "suggest",
	"confirms", "confirmed", "confirm", "highlights", "highlighted", "highlight", "adds", "added", "writes", "wrote",
	"observes", "observed", "argues", "argued", "claims", "claimed",
	"dicen", "dice", "indican", "indica", "señalan", "señala", "afirman", "afirma", "mencionan", "menciona",
	"muestran", "muestra", "explican", "explica", "informan", "informa", "destacan", "destaca",
	"所指出的", "所指出", "指出的那样", "所说", "所述", "所示", "所言", "指出", "显示", "表示", "提到", "提及", "写道", "认为", "称", "说",
}

// articles may stand before a running-text label ("según la Fuente 9").
var articles = []string{"the", "la", "las", "el", "los"}

// clauseJoins may stand before a marker that is the subject of its clause ("…, and Source 9 says …").
var clauseJoins = []string{"and", "but", "y", "pero", "而", "但"}

// markerJoins join the markers of a list ("According to [S9] and [S1], …"): a removed marker goes
// with the join after it, and the lead-in waits for the last marker of the list.
var markerJoins = []string{"and", "or", "y", "o", "e", "和", "及", "与", "或"}

// joinsMarkers reports whether s, the text between two markers, only joins them.
func joinsMarkers(s string) bool {
	t := strings.Trim(s, " \t,;，；、&")
	if t == "" {
		return !strings.Contains(s, "\n")
	}
	for _, j := range markerJoins {
		if strings.EqualFold(t, j) {
			return true
		}
	}
	return false
}

// dropLeadIn removes the lead-in that frames a removed marker, if it has one, or else the word before
// it that has lost its object (dropConnective, dropPreposition), the attribution it ends
// (dropAttribution) or the parentheses around it. before is the text of the unit so far, up to the
// marker (a running-text id's word included, label being that word and what follows it up to the
// number), with its trailing space trimmed; after is the unit's text after the marker (a list of
// markers counts as one). It returns the new text before, how many bytes of after go with the
// lead-in, and whether the sentence now starts, so that its next letter is a capital. keep says that
// the marker's citation stays, to be shown after its claim: then a lead-in that attributes the claim
// stays ("According to [1], …") and only what carried nothing but the citation goes: parentheses of
// its own with the word that introduced it ("(see [1])", "（如[1]等）"), a word that introduced it as
// an example or a reference ("Reports such as [1] show …"), or a preposition whose phrase it ended
// in the middle of its sentence ("Douyin grew in [1] and Kwai fell"); here says that the numbers then
// stand where the marker stood ("Douyin grew [1] and Kwai fell") rather than after the claim.
func dropLeadIn(before, label, after string, keep bool) (kept string, skip int, capital, here, ok bool) {
	core := before
	if label = strings.TrimSpace(label); label != "" {
		if !hasSuffixFold(core, label) {
			return "", 0, false, false, false
		}
		core = strings.TrimRight(core[:len(core)-len(label)], " \t")
		for _, art := range articles {
			if endsWithWord(core, art) {
				core = strings.TrimRight(core[:len(core)-len(art)], " \t")
				break
			}
		}
	}
	if kept, skip, ok := parenOnly(core, after); ok {
		return kept, skip, false, false, true // "X (see [S9]) Y", "X ([S9]) Y", "X（如[S9]等）" → "X Y"
	}
	if kept, skip, ok := dashOnly(core, after); ok {
		return kept, skip, false, false, true // "X — [S9]." → "X."
	}
	if kept, skip, ok := dropPreposition(core, after, label != "", keep); ok {
		return kept, skip, false, keep, true // "Douyin grew in [S9] and Kwai fell" → "Douyin grew and Kwai fell"
	}
	if keep {
		kept, skip, capital, ok := dropConnective(core, after, true)
		return kept, skip, capital, false, ok
	}
	if kept, skip, ok := dropAttribution(core, after); ok {
		return kept, skip, false, false, true // "X, with the figures taken from [S9]." → "X."
	}
	if kept, skip, capital, ok := dropPhrase(core, after); ok {
		return kept, skip, capital, false, true
	}
	if kept, skip, capital, ok := dropSubject(core, after); ok {
		return kept, skip, capital, false, true
	}
	kept, skip, capital, ok = dropConnective(core, after, false)
	return kept, skip, capital, false, ok
}

// parenOnly reports whether a marker stands in parentheses of its own, alone or after a word that
// introduces it (a lead phrase, a connective, a source label: "(see [S9])", "(according to [S9])",
// "(Source: [S9])", "（见[S9]）", "(as [S9] notes)"), and before a list's tail ("（如[S9]等）"). It
// returns what stays before the parentheses and where the text after them starts.
func parenOnly(core, after string) (string, int, bool) {
	if !strings.ContainsAny(core[max(0, len(core)-maxIntroducerBytes):], "(（") {
		return "", 0, false // the common case
	}
	h := strings.TrimRight(core, " \t")
	i := skipBlank(after, 0)
	if w := introducerEnding(h); w != "" {
		h = strings.TrimRight(h[:len(h)-len(w)], " \t")
		if isAsVerbPhrase(w) {
			n, ok := sayingVerbAt(after[i:])
			if !ok {
				return "", 0, false
			}
			i = skipBlank(after, i+n)
		}
	}
	return inParens(h, after, skipTail(after, i))
}

// dashOnly reports whether a marker stands after a dash at the end of its sentence ("X — [S9].",
// "X – see [S9]."), which only introduced it: it returns what stays before the dash and where the
// text after the marker starts.
func dashOnly(core, after string) (string, int, bool) {
	if !strings.ContainsAny(core[max(0, len(core)-maxIntroducerBytes):], "—–-") {
		return "", 0, false // the common case
	}
	h := strings.TrimRight(core, " \t")
	if w := introducerEnding(h); w != "" {
		h = strings.TrimRight(h[:len(h)-len(w)], " \t")
	}
	for _, d := range []string{"—", "–", " -"} {
		if !strings.HasSuffix(h, d) {
			continue
		}
		i := skipTail(after, skipBlank(after, 0))
		if r, _ := utf8.DecodeRuneInString(after[i:]); !endsSentence(after[i:]) && r != ')' && r != '）' {
			return "", 0, false
		}
		return strings.TrimRight(h[:len(h)-len(d)], " \t"), i, true
	}
	return "", 0, false
}

// maxIntroducerBytes bounds the text between an opening parenthesis or a dash and the marker that it
// introduces ("(as reported by [S9]", "— véase [S9]").
const maxIntroducerBytes = 48

// sourceLabels name what follows them as a source ("Source: [S9]", "来源：[S9]").
var sourceLabels = []string{"sources:", "source:", "fuentes:", "fuente:", "来源：", "来源:", "出处：", "出处:"}

// introducerEnding returns the word that introduces a marker that h, the text before the marker, ends
// with: the longest lead phrase, connective or source label, or "".
func introducerEnding(h string) string {
	best := ""
	try := func(w string) {
		if len(w) > len(best) && endsWithWord(h, w) {
			best = h[len(h)-len(w):]
		}
	}
	for _, lp := range leadPhrases {
		try(lp.phrase)
	}
	for _, c := range connectives {
		try(c.word)
	}
	for _, l := range sourceLabels {
		try(l)
	}
	return best
}

// inParens reports whether a lead-in or a marker that goes is all that stands in parentheses: h, the
// text before it, ends with an opening parenthesis, and after[i:] starts with the one that closes it.
// It returns what stays before the parentheses (without the space before them) and where the text
// after them starts.
func inParens(h, after string, i int) (string, int, bool) {
	open, size := utf8.DecodeLastRuneInString(h)
	r, rs := utf8.DecodeRuneInString(after[i:])
	if h == "" || !(open == '(' && r == ')' || open == '（' && r == '）') {
		return "", 0, false
	}
	return strings.TrimRight(h[:len(h)-size], " \t"), i + rs, true
}

// dropPhrase drops a lead phrase before the marker ("According to [S9], …"): at the start of the
// sentence or clause, between commas, or at its end. A verb of saying that starts with 所 goes with a
// Chinese one ("据[S9]所述，…"), and so may the Chinese words before it (hanLeadAfterWord, dropHanLead).
func dropPhrase(core, after string) (string, int, bool, bool) {
	best, han := longestEnding(core, len(leadPhrases), func(i int) string { return leadPhrases[i].phrase }), false
	if best < 0 {
		if best = hanLeadAfterWord(core); best < 0 {
			return "", 0, false, false
		}
		han = true
	}
	head := core[:len(core)-len(leadPhrases[best].phrase)]
	rest, said := 0, false
	if leadPhrases[best].asVerb {
		n, ok := sayingVerbAt(after)
		if !ok {
			return "", 0, false, false
		}
		rest, said = n, true
	} else if n, ok := sayingVerbAt(after); ok && strings.HasPrefix(strings.TrimLeft(after, " \t"), "所") {
		rest, said = n, true // "据[S9]所述，…", "根据[S9]所示，…"
	} else {
		rest = possessiveTail(after) // "According to [S9]'s data, …", "根据[S9]的数据，…"
	}
	h := strings.TrimRight(head, " \t")
	if first, _ := utf8.DecodeRuneInString(leadPhrases[best].phrase); han || text.IsHan(first) && h != "" &&
		!startsSentence(h) && !startsClause(h) && !opensSentence(h) && !strings.HasSuffix(h, ",") && !strings.HasSuffix(h, "，") {
		return dropHanLead(h, after, skipBlank(after, rest), said) // after words: "抖音的GMV如[S9]所示超过…"
	}
	head, rest = unwrapEmphasis(head, after, rest)
	h = strings.TrimRight(head, " \t")
	i := skipBlank(after, rest)
	if kept, skip, ok := inParens(h, after, i); ok {
		return kept, skip, false, true // "X (according to [S9]) Y" → "X Y"
	}
	switch {
	case startsSentence(h) || startsClause(h) || opensSentence(h):
		// "According to [S9], X" → "X" ("**According to [S9], X**" → "**X**"). Without the comma the
		// words after the marker may still belong to the lead-in ("Based on [S9] data, …",
		// "据[S9]报道，…"): those stay.
		r, size := utf8.DecodeRuneInString(after[i:])
		if r != ',' && r != '，' && r != ':' && r != '：' {
			return "", 0, false, false
		}
		head, i = unwrapEmphasis(head, after, i+size) // "**According to [S9]:** X"
		i = skipBlank(after, i)
		if !goesOn(after[i:]) {
			return "", 0, false, false
		}
		return head, i, startsSentence(h) || opensSentence(h), true
	case strings.HasSuffix(h, ",") || strings.HasSuffix(h, "，"):
		// "X, according to [S9], was Y" → "X was Y"; "X, according to [S9]." → "X."
		_, size := utf8.DecodeLastRuneInString(h)
		if r, rs := utf8.DecodeRuneInString(after[i:]); r == ',' || r == '，' {
			return h[:len(h)-size], skipBlank(after, i+rs), false, true
		}
		if endsSentence(after[i:]) {
			return h[:len(h)-size], i, false, true
		}
	case h != "" && endsSentence(after[i:]):
		// "X grew according to [S9]." → "X grew."
		return h, i, false, true
	}
	return "", 0, false, false
}

// hanBound are the Chinese characters that make a longer word with a one-character lead phrase after
// them ("例如", "比如", "数据", "证据"), where the phrase does not introduce the marker.
var hanBound = map[string]string{"如": "例比譬假诸犹宛自恰有不何一即", "据": "数证占凭票收单论字借割盘根依"}

// hanLeadAfterWord returns the index in leadPhrases of the Chinese lead phrase that core ends with
// right after another Chinese character ("报告如[S9]显示", "此外根据[S9]，"), or -1. Chinese is not
// cut into words here: the phrase is read on the characters around the marker, and a one-character
// phrase that makes a longer word with the character before it ("例如", "数据") is none. The text
// after the marker decides the rest (dropHanLead).
func hanLeadAfterWord(core string) int {
	best := -1
	for i, lp := range leadPhrases {
		first, _ := utf8.DecodeRuneInString(lp.phrase)
		if !text.IsHan(first) || !strings.HasSuffix(core, lp.phrase) || best >= 0 && len(leadPhrases[best].phrase) >= len(lp.phrase) {
			continue
		}
		if prev := lastRune(core[:len(core)-len(lp.phrase)]); text.IsHan(prev) && !strings.ContainsRune(hanBound[lp.phrase], prev) {
			best = i
		}
	}
	return best
}

// dropHanLead drops a Chinese lead phrase that follows other words (hanLeadAfterWord, or Latin ones
// as in "抖音的GMV如[S9]所示"): h is the text before it, after[i:] the text after the marker and the
// verb that went with it (said: a verb of saying did). A comma after it closes the lead-in's clause:
// the clause goes whole when its words before the phrase only name the source ("报告如[S9]显示，X" →
// "X"), else those words stay ("此外根据[S9]，X" → "此外，X"; "而根据[S9]，X" → "而X"). At the end of
// the sentence the phrase goes ("X如[S9]所示。" → "X。"), and in its middle only with the verb that
// closes it ("X如[S9]所示超过…" → "X超过…"), since the words after a lone "据[S9]" may still belong to
// it ("据[S9]统计").
func dropHanLead(h, after string, i int, said bool) (string, int, bool, bool) {
	r, size := utf8.DecodeRuneInString(after[i:])
	switch {
	case r == '，' || r == ',' || r == '：' || r == ':':
		j := skipBlank(after, i+size)
		if !goesOn(after[j:]) {
			return "", 0, false, false
		}
		start := 0
		if k := strings.LastIndexFunc(h, func(r rune) bool { return !text.IsHan(r) }); k >= 0 {
			_, n := utf8.DecodeRuneInString(h[k:])
			start = k + n
		}
		switch prefix := h[start:]; {
		case prefix == "":
			return h, i, false, true // "抖音的GMV如[S9]所示，X" → "抖音的GMV，X"
		case hanFrame(prefix):
			return h[:start], j, startsSentence(h[:start]) || opensSentence(h[:start]), true
		case utf8.RuneCountInString(prefix) < 2:
			return h, j, false, true
		}
		return h, i, false, true
	case endsSentence(after[i:]) || said:
		return h, i, false, true
	}
	return "", 0, false, false
}

// attributionVerbs say where what a sentence states comes from, with the marker as their object
// ("The figure is taken from [S9].", "Los datos provienen de [S9].", "数据来自[S9]。"). Longer forms come
// before the forms they end with.
var attributionVerbs = []string{
	"comes from", "come from", "came from", "coming from", "is taken from", "are taken from", "was taken from",
	"were taken from", "taken from", "drawn from", "derived from", "sourced from", "obtained from", "quoted from",
	"cited from", "adapted from", "is from", "are from", "was from", "were from", "is based on", "are based on",
	"was based on", "were based on",
	"proviene de", "provienen de", "procede de", "proceden de", "viene de", "vienen de", "tomado de", "tomada de",
	"tomados de", "tomadas de", "extraído de", "extraída de", "extraídos de", "extraídas de", "sacado de",
	"sacados de", "obtenido de", "obtenidos de", "es de", "son de", "basado en", "basada en", "basados en",
	"basadas en",
	"均来自", "都来自", "来自", "均出自", "都出自", "出自", "引自", "源自", "取自", "摘自", "选自",
}

// dropAttribution drops what attributes a sentence to a removed marker at its end, so that no verb
// is left without its object: a clause of nothing but frame words (framesentence.go) goes with the
// comma before it ("X, with the figures taken from [S9]." → "X.", "X，数据来自[S9]。" → "X。"), and
// otherwise the attribution verb goes alone ("Douyin's GMV figure is taken from [S9]." → "Douyin's
// GMV figure."). A sentence of nothing else is a frame sentence, which cites the claim next to it
// ("The 2024 data comes from [S9].").
func dropAttribution(core, after string) (string, int, bool) {
	i := skipTail(after, skipBlank(after, 0))
	if !endsSentence(after[i:]) {
		return "", 0, false
	}
	if at := strings.LastIndexAny(core, ",;:，；：.!?。！？\n"); at >= 0 {
		r, size := utf8.DecodeRuneInString(core[at:])
		if clause := core[at+size:]; strings.ContainsRune(",;:，；：", r) && frameClause(clause) {
			return strings.TrimRight(core[:at], " \t"), i, true
		}
	}
	// A Chinese verb needs no word boundary before it ("数据来自"): none ends a longer word.
	w := slices.IndexFunc(attributionVerbs, func(v string) bool {
		r, _ := utf8.DecodeRuneInString(v)
		return text.IsHan(r) && strings.HasSuffix(core, v) || endsWithWord(core, v)
	})
	if w < 0 {
		return "", 0, false
	}
	kept := strings.TrimRight(core[:len(core)-len(attributionVerbs[w])], " \t")
	if !strings.ContainsFunc(kept, unicode.IsLetter) {
		return "", 0, false
	}
	return kept, i, true
}

// dropSubject drops a marker's verb of saying when the marker is the subject of its sentence or
// clause ("Source 9 says that X" → "X", "…, and [S9] shows X" → "…, and X").
func dropSubject(core, after string) (string, int, bool, bool) {
	i := skipBlank(after, 0)
	for _, also := range []string{"also", "también", "也"} {
		if hasPrefixFold(after[i:], also) && wordEndsAt(after, i+len(also)) {
			i = skipBlank(after, i+len(also))
			break
		}
	}
	n, ok := sayingVerbAt(after[i:])
	if r, size := utf8.DecodeRuneInString(after[i:]); !ok && (r == ':' || r == '：') {
		n, ok = size, true // "Source 9: X", at the start of a sentence only (below)
	}
	if !ok {
		return "", 0, false, false
	}
	colon := !strings.ContainsFunc(after[i:i+n], unicode.IsLetter)
	core, i = unwrapEmphasis(core, after, i+n) // "**Source 9 says** that X"
	h := strings.TrimRight(core, " \t")
	join := false
	for _, j := range clauseJoins {
		join = join || endsWithWord(h, j)
	}
	start := startsSentence(h) || opensSentence(h)
	if colon && !start || !start && !startsClause(h) && !strings.HasSuffix(h, ",") && !strings.HasSuffix(h, "，") && !join {
		return "", 0, false, false
	}
	i = skipBlank(after, i)
	for _, that := range []string{"that", "que"} {
		if hasPrefixFold(after[i:], that) && wordEndsAt(after, i+len(that)) {
			i = skipBlank(after, i+len(that))
			break
		}
	}
	if r, size := utf8.DecodeRuneInString(after[i:]); r == ',' || r == '，' || r == ':' || r == '：' {
		i = skipBlank(after, i+size)
	}
	if !goesOn(after[i:]) || hasPrefixFold(after[i:], "so") && wordEndsAt(after, i+2) {
		return "", 0, false, false // "Source 9 says so." is all frame
	}
	return core, i, start, true
}

// sayingVerbAt returns the length of the verb of saying s starts with (after spaces), if it does.
func sayingVerbAt(s string) (int, bool) {
	i := skipBlank(s, 0)
	for _, v := range sayingVerbs {
		if hasPrefixFold(s[i:], v) && wordEndsAt(s, i+len(v)) {
			return i + len(v), true
		}
	}
	return 0, false
}

// startsSentence reports whether h, the text of a unit before a lead-in, is only where a sentence
// starts: nothing, space, or a list bullet.
func startsSentence(h string) bool {
	t := strings.TrimSpace(h)
	return t == "" || trimBullet(t+" x") == "x"
}

// opensSentence reports whether h, the text of a unit before a lead-in, is only where a sentence
// starts and an emphasis run that opens it ("**According to [S9], X**" → "**X**").
func opensSentence(h string) bool {
	t := strings.TrimRight(h, "*_")
	return t != h && startsSentence(t)
}

// emphasisRuns are the Markdown emphasis marks that may wrap a lead-in, longest first.
var emphasisRuns = []string{"***", "___", "**", "__", "*", "_"}

// unwrapEmphasis removes the emphasis around a lead-in that goes ("**According to [S9]**, X",
// "*Según [S9]*, X"): when head, the text before the lead-in, ends with an emphasis run and the same
// run closes at after[i], just after the lead-in, it returns head without the run and i past it.
// Otherwise it returns head and i as they were.
func unwrapEmphasis(head, after string, i int) (string, int) {
	for _, e := range emphasisRuns {
		if !strings.HasSuffix(head, e) || !strings.HasPrefix(after[i:], e) {
			continue
		}
		h, rest := head[:len(head)-len(e)], after[i+len(e):]
		if strings.HasSuffix(h, e[:1]) || strings.HasPrefix(rest, e[:1]) {
			return head, i // a longer run than e on one side
		}
		return h, i + len(e)
	}
	return head, i
}

// possessiveTail returns the length of the possessive s starts with, after a marker: "'s" and up to
// two words in lower case ("According to [S9]'s latest data, …"), or "的" and up to four Chinese
// characters ("根据[S9]的数据，…"). The noun is the source's, so it belongs to the lead-in. It is
// short, since a lead-in whose comma is missing must not take the words of its sentence along: the
// lead-in goes only when the comma follows it.
func possessiveTail(s string) int {
	if rest, ok := strings.CutPrefix(s, "的"); ok {
		i, n := 0, 0
		for ; n < 4 && i < len(rest); n++ {
			r, size := utf8.DecodeRuneInString(rest[i:])
			if !text.IsHan(r) {
				break
			}
			i += size
		}
		if n == 0 {
			return 0
		}
		return len(s) - len(rest) + i
	}
	for _, ap := range []string{"'s", "’s"} {
		rest, ok := strings.CutPrefix(s, ap)
		if !ok || rest == "" || rest[0] != ' ' {
			continue
		}
		end := 0
		for words := 0; words < 2; words++ {
			j := skipBlank(rest, end)
			k := j
			for k < len(rest) {
				r, size := utf8.DecodeRuneInString(rest[k:])
				if !unicode.IsLower(r) {
					break
				}
				k += size
			}
			if k == j {
				break
			}
			end = k
		}
		if end == 0 {
			return 0
		}
		return len(s) - len(rest) + end
	}
	return 0
}

// startsClause reports whether h ends where a clause starts after a colon or a semicolon ("In short:
// according to [S9], …").
func startsClause(h string) bool {
	r := lastRune(h)
	return r == ':' || r == '：' || r == ';' || r == '；'
}

// goesOn reports whether s, the text after a lead-in, starts a sentence's words (not its end, and not
// another marker).
func goesOn(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || openQuotes[r] || r == '*' || r == '_'
}

// endsSentence reports whether s, the text after a lead-in, is the end of its sentence.
func endsSentence(s string) bool {
	t := strings.TrimLeft(s, " \t")
	if t == "" || t[0] == '\n' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t)
	return isSentenceEnd(r) || r == ';' || r == '；'
}

// longestEnding returns the index of the longest of n words (word(i) is the i-th) that s ends with
// as a word of its own (see endsWithWord), or -1.
func longestEnding(s string, n int, word func(i int) string) int {
	best := -1
	for i := range n {
		if w := word(i); endsWithWord(s, w) && (best < 0 || len(w) > len(word(best))) {
			best = i
		}
	}
	return best
}

// endsWithWord reports whether s ends with the word w (any case), standing on its own: a Latin word
// after a character that is not part of a word (or after the underscores of emphasis), a Chinese
// one after a character that is not Chinese.
func endsWithWord(s, w string) bool {
	if !hasSuffixFold(s, w) {
		return false
	}
	rest := strings.TrimRight(s[:len(s)-len(w)], "_") // "_According to" in emphasis
	if rest == "" {
		return true
	}
	prev := lastRune(rest)
	if first, _ := utf8.DecodeRuneInString(w); text.IsHan(first) {
		return !text.IsHan(prev)
	}
	return !isWordRune(prev)
}

// wordEndsAt reports whether a word of s ends at i: s ends there, or a character that is not part of
// a word follows (a Chinese word needs nothing after it).
func wordEndsAt(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	if prev := lastRune(s[:i]); text.IsHan(prev) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

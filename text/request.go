package text

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// People ask a chat bot the way they talk: "hey, quick question: why does …", "@citebot what is …",
// "can you tell me which compressor Burrow uses", "请问…", "… thanks!". The chatter around the
// question asks nothing, yet every word of it is a search term and, absent from the documents,
// counts against the answer. Request keeps the question proper. It removes, from the start, in any
// order and repeatedly: a mention ("@citebot", "<@123>"); a greeting or discourse marker (a closed
// class of words, like the stop words: "hi", "hey there,", "ok so", "hola", "oye", "请问"); a
// label before a colon made only of such words ("quick question:", "pregunta:"); and a frame that
// embeds the question after a verb of telling or knowing ("can you tell me", "does anyone know
// if", "I was wondering how", "¿sabes cuándo", "我想知道"), cut at the question word. At the end it
// removes courtesies ("please", "thanks!", "gracias", "谢谢"), and it gives contractions typed
// without an apostrophe their apostrophe ("whats" → "what's"). Words that are not of these closed
// classes are never removed: "In 2020, what was …" and "Besides X, what …" keep their lead.

// greetings are the words and phrases that open a chat message without asking anything: greetings,
// vocative courtesies and discourse markers, in English, Spanish and Chinese.
var greetings = wordSet(`hi hello hey heya hiya hey-hey yo howdy greetings morning evening afternoon
	good-morning good-afternoon good-evening ok okay alright so well um umm uh hmm hm erm btw
	please pls plz sorry thanks thx ty cheers
	hola buenas buenos-dias buenas-tardes buenas-noches oye oiga bueno pues entonces porfa porfavor
	por-favor gracias perdon disculpa disculpen saludos`)

// interjections are the reactions of chat that ask nothing and may stand anywhere in a message
// ("printer jammed smh, can i get my credit back?", "… my essay is gone wtf", "jaja"): laughter,
// exclamations and their abbreviations, in English and Spanish. Like the greetings they are a
// closed class, written from the language, not from any question set; Request removes them
// wherever they stand as a word of their own, so none is also a word that asks ("vaya" is also
// "that I go", "ostras" oysters).
var interjections = wordSet(`lol lolol lool lmao lmfao rofl roflmao haha hahaha hahahaha hehe hehehe heh hihi
	xd xdd omg omfg wtf wth ffs smh smdh ugh ughh meh welp oops whoops yikes yay woohoo wow
	tbh tbf ngl imo imho idk idc iirc afaik fwiw jk lmk brb btw fyi
	jaja jajaja jajajaja jeje jejeje jiji jojo buah puf uf uff ufff`)

// hanInterjections are Chinese laughter and exclamations, removed wherever they stand.
var hanInterjections = []string{"哈哈哈", "哈哈", "呵呵", "嘿嘿", "嘻嘻", "嘤嘤"}

// vocatives are who a greeting addresses ("hi all,", "hola chicos,"): removed only right after a
// greeting and before a comma or similar mark.
var vocatives = wordSet(`all everyone everybody guys folks team there people friends yall y'all bot citebot
	chicos chicas todos todas amigos equipo gente`)

// labelWords make up a label put before the question ("quick question:", "una pregunta rápida:").
var labelWords = wordSet(`quick question questions q qq another one more small simple silly dumb stupid
	random short follow-up followup follow up noob newbie real serious
	pregunta preguntas rapida duda dudas consulta otra una pequeña pequena tonta corta`)

// frameVerbs are the verbs of telling and knowing that embed a question ("tell me what", "know
// when"), in English and Spanish.
var frameVerbs = wordSet(`tell know knows wonder wondering wondered explain say ask asking curious sure
	remind show find clarify confirm
	saber sabes sabe sabeis sabéis decir decirme dime digan explicar explicarme explicame explícame
	preguntar pregunto recordar recuerdas confirmar`)

// frameFillers may stand between the start of a frame and its question word ("could you please
// tell me", "does anyone here know", "I'd like to know").
var frameFillers = wordSet(`i i'd i'm im me us you we someone somebody anyone anybody any one here
	can could would will do does did please pls kindly just like want wanted need needed to was am
	be happen happens by chance
	alguien me nos puedes puede podrias podrías podria podría quiero queria quería quisiera
	gustaria gustaría necesito por favor tu tú usted`)

// questionWords open the embedded question in English and Spanish; "if", "whether" and "si" open
// a yes-no question and are dropped with the frame.
var questionWords = wordSet(`what which who whom whose when where why how
	que qué cual cuál cuales cuáles quien quién quienes quiénes cuando cuándo donde dónde como cómo
	cuanto cuánto cuanta cuánta cuantos cuántos cuantas cuántas about sobre`)

var yesNoWords = wordSet(`if whether si`)

// askTails close a message by asking others whether they know, as a clause of its own ("…, anyone
// know?", "… any idea?", "…, alguien sabe?"), or by a tag that adds nothing ("… or nah").
var askTails = []string{"does anyone know", "does anybody know", "anyone know", "anybody know", "anyone",
	"anybody", "any idea", "any ideas", "ideas", "help", "alguien sabe", "alguien",
	"lo sabe alguien", "sabéis", "sabeis", "sabes", "alguna idea"}

// tagTails close a message with a tag that is never part of a question, with or without a mark
// before it ("does he need to pay or nah").
var tagTails = []string{"or nah", "asking for a friend"}

// courtesies close a message without asking anything. One that ends another comes after it
// ("muchas gracias" before "gracias"): the first that ends the message is cut.
var courtesies = []string{"thanks in advance", "thank you", "thanks", "thx", "thnx", "thanx", "ty", "cheers",
	"please", "pls", "plz", "plis", "tia", "por favor", "porfavor", "porfa", "porfis", "xfa", "xfavor",
	"muchas gracias", "gracias", "grax"}

// chatSpellings are contractions typed without their apostrophe ("whats", "dont", "im"); those
// that are words as they stand ("its", "wont", "ill", "id", "lets", "shell") are left out.
var chatSpellings = map[string]string{
	"dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't", "couldnt": "couldn't",
	"wouldnt": "wouldn't", "shouldnt": "shouldn't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
	"werent": "weren't", "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't", "aint": "ain't",
	"im": "I'm", "ive": "I've", "youre": "you're", "youve": "you've", "theyre": "they're", "weve": "we've",
	"thats": "that's", "whats": "what's", "wheres": "where's", "whos": "who's", "hows": "how's",
	"whens": "when's", "whys": "why's", "theres": "there's", "heres": "here's",
}

// chatAbbreviations are the abbreviations of English and Spanish chat (data/abbreviations.txt),
// parsed once: an immutable table, like the word classes above.
var chatAbbreviations = sync.OnceValue(abbreviations)

// respellChat gives the contractions of s typed without their apostrophe their apostrophe, and
// spells out the abbreviations of Spanish chat that stand for function words ("q es la AAFV",
// "xq cerró") in a Spanish question. Abbreviations of content words ("tmrw", "resi") are spelt out
// by [Lexicon.Respell], which knows whether the corpus uses them as they are.
func respellChat(s string) string {
	ws := Words(s) // read once, for its language and its spellings
	spell := func(w string) (string, bool) { c, ok := chatSpellings[w]; return c, ok }
	if detectLanguage(s, ws) == Spanish {
		spell = func(w string) (string, bool) {
			a, ok := chatAbbreviations()[Spanish][w]
			return a.full, ok && a.function
		}
	}
	out, _ := rewriteWordsOf(s, ws, 0, func(w Word) (string, int, bool) {
		c, ok := spell(w.Lower)
		if !ok || strings.ContainsAny(s[w.Start:w.End], "'’") {
			return "", 0, false
		}
		if w.Upper {
			c = capitalised(c)
		}
		return c, w.End, true
	})
	return out
}

// zhLeads and zhTails are the Chinese chat openings and closings, in simplified characters: they
// are matched against the message folded to simplified (see [Simplify]).
var (
	zhLeads = []string{"请问一下", "请问下", "请问", "想问一下", "想问下", "问一下", "问下", "我想问一下", "我想问", "我想知道",
		"想知道", "有人知道", "谁知道", "你知道", "请告诉我", "告诉我", "麻烦问一下", "请教一下", "请教", "求问", "你好", "您好",
		"大家好", "嗨", "哈喽"}
	// zhTails end with the asking of someone else ("…多少 有人知道吗") as well as with thanks.
	zhTails = []string{"谢谢啦", "谢谢了", "谢谢", "多谢", "感谢", "有人知道吗", "有没有人知道", "谁知道", "求解答", "在线等"}
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		// Looked up folded (see leadWord): "qué" and "que" are one entry.
		w = FoldAccents(w)
		m[w] = true
		if strings.Contains(w, "-") {
			m[strings.ReplaceAll(w, "-", " ")] = true
		}
	}
	return m
}

// Request returns the question proper of a chat message q: q without the mentions, greetings,
// labels, frames and courtesies around it, its apostrophe-less contractions spelt out (see the
// comment above), trimmed. It returns "" when
// nothing else is left ("hi!", "thanks").
func Request(q string) string {
	s := strings.TrimSpace(dropInterjections(q))
	for {
		t := trimLead(s)
		t = dropMention(t)
		t = dropGreeting(t)
		t = dropLabel(t)
		t = dropFrame(t)
		t = dropZhLead(t)
		t = dropApology(t)
		if t == s {
			break
		}
		s = t
	}
	s = respellChat(dropCourtesies(s))
	if !HasContent(s) {
		return ""
	}
	return s
}

// dropInterjections removes the interjections of s (see [interjections]) with the commas and
// spaces after them; a full stop or question mark after one stays, since it may end the sentence.
func dropInterjections(s string) string {
	for _, h := range hanInterjections {
		s = strings.ReplaceAll(s, h, "")
	}
	out, changed := rewriteWords(s, 0, func(w Word) (string, int, bool) {
		if !interjections[w.Folded] {
			return "", 0, false
		}
		end := w.End
		for end < len(s) && (s[end] == ' ' || s[end] == ',' || s[end] == '!') {
			end++
		}
		return "", end, true
	})
	if !changed {
		return s
	}
	return strings.Join(strings.Fields(out), " ")
}

// trimLead removes spaces and the marks chatter leaves before the question.
func trimLead(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",.!:;-–—~…，。！：；、", r)
	})
}

// dropMention removes a leading "@name" or Discord mention.
func dropMention(s string) string {
	if strings.HasPrefix(s, "<@") {
		if i := strings.IndexByte(s, '>'); i > 0 {
			return s[i+1:]
		}
	}
	if !strings.HasPrefix(s, "@") {
		return s
	}
	i := 1
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-') {
			break
		}
		i += size
	}
	return s[i:]
}

// leadWord returns the first word of s lower-cased (letters, digits and apostrophes) and the rest
// of s after it.
func leadWord(s string) (word, rest string) {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’') || IsHan(r) {
			break
		}
		i += size
	}
	return FoldAccents(strings.ToLower(strings.ReplaceAll(s[:i], "’", "'"))), s[i:]
}

// phraseAt matches a word or two-word phrase of set at the start of s and returns what follows it.
func phraseAt(s string, set map[string]bool) (rest string, ok bool) {
	w, r := leadWord(s)
	if w == "" {
		return s, false
	}
	if strings.HasPrefix(r, " ") || strings.HasPrefix(r, "-") {
		if w2, r2 := leadWord(r[1:]); w2 != "" && set[w+" "+w2] {
			return r2, true
		}
	}
	if set[w] {
		return r, true
	}
	return s, false
}

// closedByMark reports whether rest, what follows a chat word, is the end or starts with a mark
// that closes chatter (a comma, "!", ":", a dash).
func closedByMark(rest string) bool {
	t := strings.TrimLeft(rest, " ")
	if t == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t)
	return strings.ContainsRune(",.!:;-–—~…，。！：；", r)
}

// dropGreeting removes a leading greeting word with its vocative ("hey all,"). A greeting word
// that runs straight into the question ("so what is …", "well how …") is removed too, but only
// when a question word or another greeting follows, so that "Well-being …" and "So-called …" stay.
func dropGreeting(s string) string {
	rest, ok := phraseAt(s, greetings)
	if !ok {
		return s
	}
	if strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "'") {
		return s
	}
	if closedByMark(rest) {
		return rest
	}
	after := strings.TrimLeft(rest, " ")
	if r, ok := phraseAt(after, vocatives); ok && closedByMark(r) {
		return r
	}
	if _, ok := phraseAt(after, greetings); ok {
		return rest
	}
	if dropLabel(after) != after {
		return rest // "hey quick q, what …"
	}
	if w, _ := leadWord(after); questionWords[w] || frameFillers[w] || after != "" && first(after) == '¿' {
		return rest
	}
	return s
}

func first(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// dropLabel removes a label of label words closed by a colon or dash ("quick question:").
func dropLabel(s string) string {
	rest := s
	n := 0
	for {
		w, r := leadWord(strings.TrimLeft(rest, " "))
		if w == "" || !labelWords[w] {
			break
		}
		rest, n = r, n+1
	}
	if n == 0 {
		return s
	}
	t := strings.TrimLeft(rest, " ")
	if strings.HasPrefix(t, ":") || strings.HasPrefix(t, "-") || strings.HasPrefix(t, "–") ||
		strings.HasPrefix(t, "—") || strings.HasPrefix(t, "：") || strings.HasPrefix(t, ",") {
		return t
	}
	return s
}

// maxFrameWords bounds how far into a message a frame may run before its question word.
const maxFrameWords = 8

// dropFrame removes a frame that embeds the question after a verb of telling or knowing, made only
// of frame fillers and such a verb: "can you tell me which …" → "which …", "do you know if I can
// …" → "I can …". Without a frame verb nothing is removed ("Can I bring my dog?").
func dropFrame(s string) string {
	rest := strings.TrimLeft(strings.TrimLeft(s, "¿"), " ")
	verb, addressed := false, false
	for n := 0; n < maxFrameWords; n++ {
		w, r := leadWord(rest)
		addressed = addressed || addressees[w]
		switch {
		case verb && (strings.HasPrefix(rest, "¿") || IsHan(first(rest))):
			// A question in Spanish or Chinese after an English frame.
			return rest
		case w == "":
			return s
		case verb && questionWords[w]:
			return strings.TrimLeft(rest, " ")
		case verb && w == "por":
			// "por qué" opens a why-question; "por favor" is a courtesy.
			if w2, _ := leadWord(strings.TrimLeft(r, " ")); w2 == "que" || w2 == "qué" {
				return strings.TrimLeft(rest, " ")
			}
		case verb && yesNoWords[w]:
			return strings.TrimLeft(r, " ")
		case verb && framePrepositions[w]:
			// "alguien sabe hasta qué hora …", "anyone know at what time …": a preposition
			// before the question word opens the question with it.
			if w2, _ := leadWord(strings.TrimLeft(r, " ")); questionWords[w2] && w2 != "about" && w2 != "sobre" {
				return strings.TrimLeft(rest, " ")
			}
			return s
		case verb && addressed && articles[w]:
			// "does anyone know the opening hours …", "alguien sabe el número de la línea …":
			// what is asked is the noun phrase the frame asks someone about.
			return strings.TrimLeft(rest, " ")
		case frameVerbs[w]:
			verb = true
		case frameFillers[w]:
		default:
			return s
		}
		rest = strings.TrimLeft(r, " ,")
	}
	return s
}

// framePrepositions may open an embedded question before its question word ("hasta qué hora", "a
// qué hora", "desde cuándo", "at what time", "for how long", "in which").
var framePrepositions = wordSet(`a al de del desde hasta en para con por sin at in on for from since until till to of with by`)

// dropApology removes an apology for asking that opens a message, up to the "but" or the mark that
// closes it ("sorry if this was asked before but …", "sorry if this is a dumb question, …",
// "perdón si ya lo preguntaron, pero …"): it says how the asker feels about asking, not what.
func dropApology(s string) string {
	rest, ok := phraseAt(s, apologies)
	if !ok {
		return s
	}
	w, r := leadWord(strings.TrimLeft(rest, " "))
	if !yesNoWords[w] {
		return s
	}
	for n := 0; n < maxFrameWords+2; n++ {
		t := strings.TrimLeft(r, " ")
		for _, mark := range []string{",", ":", "-", "–", "—", "，"} {
			if strings.HasPrefix(t, mark) {
				after := strings.TrimLeft(t[len(mark):], " ")
				if w, r := leadWord(after); w == "but" || w == "pero" {
					return strings.TrimLeft(r, " ,")
				}
				return after
			}
		}
		w, r = leadWord(t)
		switch {
		case w == "":
			return s
		case w == "but" || w == "pero":
			return strings.TrimLeft(r, " ,")
		}
	}
	return s
}

// apologies open an apology for asking.
var apologies = wordSet(`sorry perdon perdón disculpa disculpen`)

// addressees are the frame fillers and verbs that ask someone else ("does anyone know", "can you
// tell me", "¿sabes …?", "dime"): after them a frame may embed a noun phrase rather than a question
// ("… the opening hours", opened by one of [articles]), which "Do I need to know the rules?" does
// not.
var addressees = wordSet(`you anyone anybody someone somebody alguien usted tu tú sabes sabeis sabéis dime digan`)

// dropZhLead removes a Chinese chat opening ("请问", "我想知道"), in simplified or traditional
// characters ("請問"; see [Simplify], which keeps byte lengths).
func dropZhLead(s string) string {
	folded := Simplify(s)
	for _, p := range zhLeads {
		if strings.HasPrefix(folded, p) {
			return s[len(p):]
		}
	}
	return s
}

// dropCourtesies removes courtesies and the marks around them from the end of s ("…? thanks!",
// "… pls", "…吗 谢谢", "…嗎 謝謝"); the question's own "?" stays.
func dropCourtesies(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	for {
		t := strings.TrimRightFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune(",.!?~…，。！？", r)
		})
		asked := strings.ContainsAny(s[len(t):], "?？")
		cut := false
		folded := Simplify(t) // traditional characters too, at the same byte offsets
		for _, p := range zhTails {
			if strings.HasSuffix(folded, p) {
				t, cut = t[:len(t)-len(p)], true
				break
			}
		}
		lower := strings.ToLower(t)
		for _, p := range courtesies {
			if !cut && strings.HasSuffix(lower, p) {
				r, _ := utf8.DecodeLastRuneInString(t[:len(t)-len(p)])
				if len(t) == len(p) || !unicode.IsLetter(r) && r != '\'' {
					t, cut = t[:len(t)-len(p)], true
				}
			}
		}
		for _, p := range tagTails {
			if !cut && strings.HasSuffix(lower, " "+p) {
				t, cut = t[:len(t)-len(p)], true
			}
		}
		for _, p := range askTails {
			// Only as a clause of its own, after a mark: "Can I bring anyone?" asks about anyone.
			if !cut && strings.HasSuffix(lower, p) {
				before := strings.TrimRightFunc(t[:len(t)-len(p)], unicode.IsSpace)
				if r, _ := utf8.DecodeLastRuneInString(before); before != "" && strings.ContainsRune(",.!?;:-–—，。！？；：", r) {
					t, cut = before, true
				}
			}
		}
		if !cut {
			return s
		}
		t = strings.TrimRightFunc(t, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",，;；:：-–—", r) })
		if asked && !strings.HasSuffix(t, "?") && !strings.HasSuffix(t, "？") {
			t += "?"
		}
		s = t
	}
}

// Asked returns the sentences of a chat message that ask, without those that set the scene before
// them ("We're bringing a school group of about 25 kids. How far in advance do we have to book?")
// or tell about the asker after them ("can i bring my dog in? he's well behaved"; see askedSpans):
// the sentences that end with a question mark, or, when none does, the last one ("My bike got
// nicked and the trip ran past 24h. If it turns up do I get the money back"). A message of one
// sentence is all asked (a full stop before a lower-case word ends no sentence; see [Sentences]). The scene's figures describe the asker, not the fact asked for, so an
// answer need not repeat them.
func Asked(q string) string {
	spans := askedSpans(q)
	if len(spans) < 2 {
		return q
	}
	asks := func(sp Span) bool {
		s := strings.TrimRight(q[sp.Start:sp.End], " \t\"'”’)）")
		return strings.HasSuffix(s, "?") || strings.HasSuffix(s, "？")
	}
	var b strings.Builder
	for _, sp := range spans {
		if asks(sp) {
			b.WriteString(q[sp.Start:sp.End])
			b.WriteByte('\n')
		}
	}
	if b.Len() == 0 {
		return q[spans[len(spans)-1].Start:spans[len(spans)-1].End]
	}
	return b.String()
}

// askedSpans splits a chat message into its sentences, and also after a question mark followed by
// more text, whatever its case: chat rarely capitalises ("can i bring my dog in? he's well
// behaved"), and a question mark, unlike a full stop, ends no abbreviation or figure.
func askedSpans(q string) []Span {
	var out []Span
	for _, sp := range Sentences(q, 0, len(q)) {
		start := sp.Start
		for i := start; i < sp.End; {
			r, n := utf8.DecodeRuneInString(q[i:])
			i += n
			if r != '?' && r != '？' {
				continue
			}
			end := i // the marks and closing quotes after it belong to it; in brackets ("(if any?)") it ends nothing
			for end < sp.End && strings.ContainsRune("?!\"'", rune(q[end])) {
				end++
			}
			j := end
			for j < sp.End && (q[j] == ' ' || q[j] == '\t' || q[j] == '\n') {
				j++
			}
			if j < sp.End && (j > end || r == '？') { // Chinese puts no space after it
				out = append(out, Span{Start: start, End: end})
				start = j
				i = j
			}
		}
		out = append(out, Span{Start: start, End: sp.End})
	}
	return out
}

// askerWords are the words by which a message describes its writer: first-person possessives,
// "I'm", "I've", and the first-person verbs of being and having, in English and Spanish. A bare
// "I" or "me" is not one: it is the subject of the question's frame ("what should I do if the
// fridge reads more than 5 °C", "¿qué tengo que hacer si …"), not a statement about the writer.
var askerWords = wordSet(`my mine myself our ours
	mi mis mío mía tengo soy estoy llevo vivo nuestro nuestra nuestros nuestras
	tenemos somos estamos llevamos vivimos`)

// askerBeing matches "I'm", "I am", "I've", "we're", "I have", "we got" and the like, which
// [Words] reads as a bare "I" or "we", and a chat clause that opens with "got" with its "I" left
// out ("got 2 kids in lessons, …"); in Chinese, 我有 and 我们 with a verb of having or being.
var askerBeing = regexp.MustCompile(`(?i)\b(i|we)(['’]m|['’]re|['’]ve|['’]d| am| are| have| had| got| own)\b|\bim\b|^\s*got\b|我有|我们有|我们是|我们一共`)

// askerAsked matches an auxiliary before "I" or "we", a question about them ("Do we have 2 weeks
// to appeal?" asks a fact), which AboutAsker takes out of the clause before it looks for the writer.
var askerAsked = regexp.MustCompile(`(?i)\b(do|does|did|don['’]t|didn['’]t|can|could|will|would|should|shall|may|might|must)\s+(i|we)\b`)

// personsAge reports whether the number ws[i] of s is the age of a person the question tells of
// ("a 70-year-old", "un jubilado de 70 años", "a 15 year old", "70岁的老人"): the person is a case
// the answer's rule applies to ("over-65s pay €6"), as the writer's own age is. A bound on ages
// ("over 62", "mayores de 62 años", "62岁以上") is what a rule states, and stays a figure to find.
func personsAge(s string, ws []Word, i int) bool {
	after := strings.ToLower(strings.TrimLeft(s[ws[i].End:], " "))
	aged := strings.HasPrefix(after, "-year-old") || strings.HasPrefix(after, "year old") || strings.HasPrefix(after, "years old") ||
		strings.HasPrefix(after, "-year old") || strings.HasPrefix(after, "岁") && !strings.HasPrefix(after, "岁以") && !strings.HasPrefix(after, "岁及以")
	if !aged && (strings.HasPrefix(after, "años") || strings.HasPrefix(after, "anos")) {
		aged = i > 0 && (ws[i-1].Folded == "de" || ws[i-1].Folded == "tiene" || ws[i-1].Folded == "tienen" || ws[i-1].Folded == "cumple")
	}
	if !aged {
		return false
	}
	// "mayores de 62 años", "over 16 years old", "under-12s": a bound.
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if ageBounds[ws[j].Folded] {
			return false
		}
	}
	return true
}

// ageBounds are the words that make an age a bound ("over 65", "menores de 12 años").
var ageBounds = wordSet(`over under above below least most than mayores menores mas menos partir`)

// clauseMarks end the clause a figure of a question stands in (see AboutAsker).
const clauseMarks = ",;:.?!¿¡，；：。？！…()（）"

// AboutAsker reports whether the number ws[i] (a word of s) tells about the writer: its clause
// describes the writer in the first person ("My son is 10", "I'm 23 and broke", "handed in my
// essay 4 days late", "tengo una furgo de 4 toneladas", "我的孩子4岁"). Such a figure is a
// condition the answer applies to ("under-12s pay €4"), not a fact it states, so an answer need
// not hold it.
func AboutAsker(s string, ws []Word, i int) bool {
	if personsAge(s, ws, i) {
		return true
	}
	start := strings.LastIndexAny(s[:ws[i].Start], clauseMarks) + 1
	end := len(s)
	if k := strings.IndexAny(s[ws[i].End:], clauseMarks); k >= 0 {
		end = ws[i].End + k
	}
	clause := askerAsked.ReplaceAllString(s[start:end], "")
	if strings.Contains(clause, "我的") || strings.Contains(clause, "我家") || askerBeing.MatchString(clause) {
		return true
	}
	for j, w := range ws {
		if w.Start < start || w.End > end || !askerWords[w.Lower] {
			continue
		}
		// "tengo que" is "I have to", the frame of a question, not what the writer has.
		if w.Lower == "tengo" && j+1 < len(ws) && ws[j+1].Lower == "que" {
			continue
		}
		return true
	}
	return false
}

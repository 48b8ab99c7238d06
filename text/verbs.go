package text

import "strings"

// verbForm reports whether w is plainly a verb by its form: an English past tense or past
// participle ("broke", "took", "launched", "joined") or a present participle ("leaving",
// "helping"). A regular form must be a common word of the word list (so that "Beijing" and
// "Ahmed", names there, are not verbs) and not one of the few such words that are not verbs
// ("hundred", "evening", "regarding"). The base form of a verb ("give", "turn") is not told from a
// noun by its form, and is not recognised.
func verbForm(w Word) bool {
	l := w.Lower
	switch {
	case w.Number || IsStopword(w):
		return false
	case pastForms[l]:
		return true
	case len(l) < 5 || notVerbForms[l] || !IsDictionaryWord(l):
		return false
	case strings.HasSuffix(l, "ing"):
		return true
	case strings.HasSuffix(l, "ed"):
		return !strings.HasSuffix(l, "eed") // "speed", "breed"
	}
	return false
}

// pastForms are English irregular past tenses and past participles that are not also common nouns
// or adjectives ("saw", "left", "ground", "rose", "shot", "bent" are left out). General English, not chosen for any
// document.
var pastForms = setOf(`arose arisen awoke awoken beaten became begun began bitten bled blew blown broke
	broken brought built bought caught chose chosen clung crept dealt drew drawn drank drunk drove driven
	ate eaten fallen fled flung flew flown forbade forbidden forgot forgotten forgave forgiven froze frozen
	gave given grew grown hung heard hid hidden held knelt knew known laid led lent lost made meant met
	overtook overtaken outgrew paid rode ridden rang rung risen ran sought sold sent shook shaken shone
	showed shown shrank shrunk sang sung sank sunk slept slid spoke spoken sped spent spun stood stole
	stolen stuck stung struck strove striven swore sworn swept swam swum swung took taken taught tore torn
	told thought threw thrown understood undertook undertaken withdrew withdrawn woke wore worn wove woven
	wept won wrote written`)

// notVerbForms are common words ending like a verb form that are not verbs (or, like "regarding",
// are prepositions), in English and in Spanish.
var notVerbForms = setOf(`hundred kindred sacred naked wicked rugged ragged crooked beloved thing nothing something
	anything everything morning evening spring string ceiling wedding pudding regarding concerning
	usted pared merced huesped cesped`)

// presentForm reports whether ws[k] is a verb's third-person present form ("supports", "owns",
// "launches", "carries") by its form and its place: an "-s" form of a common word of the word list,
// (or a short one), right after a pronoun that is a clause's subject ("it supports", "which owns", "he also
// launches"; adverbs such as "also", "now", "directly" may stand between). The form alone does not
// tell a verb from a plural noun ("platforms", "users"), and after a noun or an article it is read
// as the noun.
func presentForm(ws []Word, k int) bool {
	stem := presentStem(ws[k].Lower)
	// The word list holds words of five letters or more; a shorter stem ("own", "sell") is taken on
	// the pronoun's word.
	if k < 1 || stem == "" || len(stem) >= 5 && !IsDictionaryWord(stem) {
		return false
	}
	j := k - 1
	for j > 0 && (presentAdverbs[ws[j].Folded] || len(ws[j].Lower) > 4 && strings.HasSuffix(ws[j].Lower, "ly")) {
		j--
	}
	return subjectPronouns[ws[j].Folded]
}

// presentStem returns the base form of an English "-s" form ("supports" → "support", "launches"
// → "launch", "carries" → "carry"), or "" when w does not end like one ("class", "status",
// "analysis", "has").
func presentStem(w string) string {
	switch {
	case len(w) < 4 || !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
		return ""
	case strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "zes"):
		return w[:len(w)-2]
	}
	return w[:len(w)-1]
}

// subjectPronouns are the pronouns that stand as a clause's subject in the third person singular,
// relative ones included.
var subjectPronouns = setOf(`it he she who which that this`)

// presentAdverbs may stand between a subject and its verb ("it also supports", "which now owns").
var presentAdverbs = setOf(`also now still even only already then just further again`)

// spanishPresentForm reports whether ws[k] is a Spanish verb's third-person present form
// ("prefieren", "ofrece", "domina", "tiene") by its form and its place, as [presentForm] does for
// English: a form in -a/-an of a verb in -ar, or in -e/-en of one in -er or -ir, whose infinitive
// is a common word of the word list, once a root vowel that changes in the present is undone
// ("prefiere" → "preferir", "cuenta" → "contar", "compite" → "competir"), or one of the common
// irregular forms ("tiene", "hace", "va"); and it stands after its subject: a pronoun ("que
// prefieren", "ella usa") or the last word of a noun phrase ("los consumidores prefieren"),
// adverbs and clitics ("también", "ya", "se", "no") aside. After an article, a possessive or a
// preposition the same form is a noun ("la compra", "su cuenta", "de marca"); at the start of a
// clause it may open one whose subject comes after it ("Domina Taobao …"), and it is not taken.
// The copulas ("es", "está") are auxiliaries (see auxiliaries), not verbs a platform is the object of.
func spanishPresentForm(ws []Word, k int) bool {
	if k < 1 || !spanishPresentShape(ws[k].Folded) {
		return false
	}
	j := k - 1
	for j > 0 && (spanishAdverbs[ws[j].Folded] || len(ws[j].Folded) > 6 && strings.HasSuffix(ws[j].Folded, "mente")) {
		j--
	}
	w := ws[j]
	switch {
	case spanishSubjectPronouns[w.Lower]:
		return true
	case w.Number || IsStopword(w) || spanishDeterminers[w.Folded] || spanishAdverbs[w.Folded]:
		return false
	}
	return true
}

// spanishPresentShape reports whether w, a folded lower-case word, is shaped like a Spanish
// third-person present form (see [spanishPresentForm]).
func spanishPresentShape(w string) bool {
	if spanishIrregularPresent[w] {
		return true
	}
	if len(w) < 4 || IsStopword(Word{Folded: w}) {
		return false
	}
	stem := strings.TrimSuffix(w, "n")
	if len(stem) < 3 {
		return false
	}
	last := stem[len(stem)-1]
	stem = stem[:len(stem)-1]
	var endings []string
	switch last {
	case 'a':
		endings = []string{"ar"}
	case 'e':
		endings = []string{"er", "ir"}
	default:
		return false
	}
	for _, root := range spanishRoots(stem) {
		for _, e := range endings {
			if IsDictionaryWord(root + e) {
				return true
			}
		}
	}
	return false
}

// spanishRoots returns the roots an infinitive may have for a present-tense stem: the stem itself,
// and the stem with its last diphthong or vowel changed back ("prefier" → "prefer", "cuent" →
// "cont", "compit" → "compet", "sigu" → "segu").
func spanishRoots(stem string) []string {
	out := []string{stem}
	for _, ch := range [][2]string{{"ie", "e"}, {"ue", "o"}, {"i", "e"}} {
		if i := strings.LastIndex(stem, ch[0]); i > 0 {
			out = append(out, stem[:i]+ch[1]+stem[i+len(ch[0]):])
		}
	}
	return out
}

// spanishIrregularPresent are the common Spanish third-person present forms not built from their
// infinitive, or from one too short for the word list (which holds words of five letters or
// more): general Spanish, not chosen for any document.
var spanishIrregularPresent = setOf(`tiene tienen hace hacen dice dicen va van da dan sabe saben pone ponen
	sale salen viene vienen usa usan lee leen oye oyen huele`)

// spanishSubjectPronouns stand as a clause's subject in the third person, relative ones included,
// as written in lower case ("él", not the article "el").
var spanishSubjectPronouns = map[string]bool{"él": true, "ella": true, "ellos": true, "ellas": true, "usted": true,
	"ustedes": true, "que": true, "quien": true, "quienes": true, "esto": true, "eso": true}

// spanishDeterminers, beside the articles and possessives among the stopwords, and the few
// prepositions that are not, make the form after them a noun ("nuestra cuenta", "hacia la compra").
var spanishDeterminers = setOf(`nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras aquel aquella
	aquellos aquellas cierto cierta ciertos ciertas gran mucho mucha muchos muchas poco poca pocos pocas varios
	varias algun alguna algunos algunas ningun ninguna primer primera hacia mediante bajo`)

// spanishAdverbs may stand between a subject and its verb, with the clitic pronouns ("también
// ofrece", "ya domina", "no usa", "se lleva", "le compra").
var spanishAdverbs = setOf(`tambien ya aun todavia solo siempre nunca no se le les lo nos apenas casi hoy ahora`)

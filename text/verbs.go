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

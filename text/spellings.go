package text

import "strings"

// British and American spellings of one word are one term: a question typed "color", "center"
// or "organize" meets a document that writes "colour", "centre" or "organise", and the other way
// round. Written from general English spelling, not from any question set. Two kinds:
//
//   - the -ise/-isation family, a productive pattern, spelt -ize before stemming (see [izeForm]);
//   - the rest (-our/-or, -re/-er, -ence/-ense, -ogue/-og, ae/oe, a few single words), a list of
//     pairs whose British stem is mapped to the American one ([spellingPairs], read by stemPairs).
//
// Pairs where the British spelling is another American word are left out ("tyre"/"tire",
// "cheque"/"check", "kerb"/"curb", "draught"/"draft", "storey"/"story", "disc"/"disk").

// izeForm spells a word of the -ise family with -ize ("organised" → "organized", "prioritising"
// → "prioritizing"); any other word is returned as it is. The words whose -ise is not that suffix
// ("advise", "exercise", "surprise", "likewise") stay, as do words too short to carry it.
func izeForm(w string) string {
	for _, suf := range iseSuffixes {
		stemPart, ok := strings.CutSuffix(w, suf)
		if !ok || len(stemPart) < 3 {
			continue
		}
		if whole := stemPart + "ise"; iseWords[whole] || strings.HasSuffix(whole, "wise") {
			return w
		}
		return stemPart + "iz" + suf[2:]
	}
	return w
}

// iseSuffixes are the endings of the -ise family, longest first.
var iseSuffixes = []string{"isations", "isation", "isers", "ising", "ised", "ises", "iser", "ise"}

// iseWords end in -ise in American English too, as do the words ending in -wise ("otherwise"),
// so their forms are not respelt ("advertised", "enterprises").
var iseWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`advise advertise apprise arise chastise circumcise comprise
		compromise concise demise despise devise disguise enterprise excise exercise expertise
		franchise improvise incise merchandise paradise precise premise promise revise supervise
		surmise surprise televise treatise rise noise poise raise praise cruise bruise guise
		valise anise reprise cerise marquise porpoise tortoise turquoise braise chaise appraise
		liaise mortise`) {
		m[w] = true
	}
	return m
}()

// spellingPairs lists British:American spellings outside the -ise family.
const spellingPairs = `colour:color flavour:flavor favour:favor favourite:favorite
	behaviour:behavior neighbour:neighbor neighbourhood:neighborhood labour:labor honour:honor
	humour:humor harbour:harbor rumour:rumor vapour:vapor odour:odor endeavour:endeavor
	savour:savor glamour:glamor armour:armor splendour:splendor vigour:vigor rigour:rigor
	tumour:tumor saviour:savior valour:valor parlour:parlor clamour:clamor candour:candor
	fervour:fervor rancour:rancor ardour:ardor demeanour:demeanor
	centre:center metre:meter kilometre:kilometer centimetre:centimeter millimetre:millimeter
	litre:liter millilitre:milliliter theatre:theater fibre:fiber calibre:caliber
	manoeuvre:maneuver sombre:somber spectre:specter lustre:luster meagre:meager sabre:saber
	licence:license defence:defense offence:offense pretence:pretense
	catalogue:catalog dialogue:dialog analogue:analog programme:program
	grey:gray jewellery:jewelry aluminium:aluminum pyjamas:pajamas cosy:cozy sceptical:skeptical
	sceptic:skeptic mould:mold plough:plow practise:practice judgement:judgment
	acknowledgement:acknowledgment skilful:skillful wilful:willful tonne:ton
	paediatric:pediatric paediatrician:pediatrician orthopaedic:orthopedic anaemia:anemia
	anaesthetic:anesthetic anaesthesia:anesthesia haemoglobin:hemoglobin leukaemia:leukemia
	oesophagus:esophagus oestrogen:estrogen foetus:fetus encyclopaedia:encyclopedia
	learnt:learned spelt:spelled dreamt:dreamed burnt:burned spoilt:spoiled`

// BothSpellings returns s with each word that has a British and an American spelling written in
// both, the American first ("the centre closes" → "the center centre closes"), so that a reading
// of s that no English stem merges (the Spanish stemmer's, where "centre" meets "centro" and
// "center" does not) is the same whichever was typed. Other words stay as they are. Only the
// listed pairs and the -ise family count: [SpellingVariants]' rules also make non-words, which the
// Spanish stemmer may read as Spanish ("flour" → "flor").
func BothSpellings(s string) string {
	var b strings.Builder
	last := 0
	for _, w := range Words(s) {
		us, uk, ok := spellingPair(w.Lower)
		if !ok {
			continue
		}
		b.WriteString(s[last:w.Start])
		b.WriteString(us + " " + uk)
		last = w.End
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// spellingPair returns the American and the British spelling of a lower-case word that has both
// (a pair of [spellingPairs], also with a plural "s", or a word of the -ise/-ize family).
func spellingPair(w string) (us, uk string, ok bool) {
	for _, plural := range []string{"", "s"} {
		stem, found := strings.CutSuffix(w, plural)
		if !found {
			continue
		}
		if a, ok := surfacePairs.american[stem]; ok {
			return a + plural, w, true
		}
		if b, ok := surfacePairs.british[stem]; ok {
			return w, b + plural, true
		}
	}
	if a := izeForm(w); a != w {
		return a, w, true
	}
	for _, suf := range iseSuffixes {
		ize := suf[:1] + "z" + suf[2:]
		if stem, found := strings.CutSuffix(w, ize); found {
			if b := stem + suf; izeForm(b) == w {
				return w, b, true
			}
			break
		}
	}
	return "", "", false
}

// surfacePairs are [spellingPairs] as written, both ways.
var surfacePairs = func() (p struct{ american, british map[string]string }) {
	p.american, p.british = map[string]string{}, map[string]string{}
	for _, pair := range strings.Fields(spellingPairs) {
		uk, us, _ := strings.Cut(pair, ":")
		p.american[uk], p.british[us] = us, uk
	}
	return p
}()

package text

import (
	"slices"
	"strings"
	"testing"
)

// The built-in language data parses, and a corpus glossary goes over it.
func TestLanguageData(t *testing.T) {
	g := LanguageGlossary()
	es, zh := g.Len()
	if es < 150 || zh < 150 {
		t.Fatalf("LanguageGlossary has %d Spanish and %d Chinese entries, want at least 150 each", es, zh)
	}
	corpus, err := ParseGlossary([]byte(`{"es": {"archivo": "record"}, "zh": {"电商": "e-commerce"}}`))
	if err != nil {
		t.Fatal(err)
	}
	m := corpus.Over(g)
	if got := m.Chinese("电商"); !slices.Equal(got, []string{"e-commerce"}) {
		t.Errorf("merged Chinese(电商) = %v, want the corpus's", got)
	}
	if got, _ := m.Spanish(Words("archivo"), 0); !slices.Equal(got, []string{"record"}) {
		t.Errorf("merged Spanish(archivo) = %v, want the corpus's gloss over the general one", got)
	}
	if got, _ := m.Spanish(Words("contraseña"), 0); len(got) == 0 {
		t.Errorf("merged Spanish(contraseña) has no gloss, want the general one")
	}
	if nilOver := (*Glossary)(nil).Over(g); nilOver != g {
		t.Errorf("nil.Over(g) is not g")
	}
}

// The general glossary knows the everyday Spanish of documents and questions, in the forms a text
// uses: a plural or a verb form through its stem ("furgonetas", "remolques"), Spain's sense of a
// word beside the common one ("turismo", a passenger car), a set expression as one ("cita previa"),
// and a form whose stem is another word's listed as itself ("cámaras" are cameras, not beds:
// "cámara" and "cama" share the stem "cam").
func TestEverydaySpanish(t *testing.T) {
	g := LanguageGlossary()
	for _, tt := range []struct{ es, en string }{
		{"furgonetas", "van"}, {"remolques", "trailer"}, {"neveras", "fridge"}, {"turismos", "passenger car"},
		{"turismo", "tourism"}, {"cita previa", "appointment"}, {"carril bici", "bike lane"},
		{"de lunes a viernes", "Monday to Friday"}, {"empadronamiento", "registration"}, {"nómina", "payslip"},
		{"cámaras", "cameras"}, {"avenidas", "avenues"}, {"vacías", "empty"},
	} {
		ws := Words(tt.es)
		gl, n := g.Spanish(ws, 0)
		if n != len(ws) || !slices.Contains(gl, tt.en) {
			t.Errorf("Spanish(%q) = %q over %d words, want %q over %d", tt.es, gl, n, tt.en, len(ws))
		}
	}
}

func TestSynonyms(t *testing.T) {
	l := NewLexicon(nil, nil)
	has := func(stem, want string) bool {
		for _, f := range l.Synonyms(stem) {
			if strings.Join(f, " ") == want {
				return true
			}
		}
		return false
	}
	for _, tt := range []struct{ word, syn string }{
		{"quickly", "fast"}, {"rival", "competitor"}, {"purchase", "buy"}, {"begin", "start"},
		{"deep", "depth"}, {"wide", "width"}, {"strong", "strength"}, {"death", "die"},
		// The everyday words of service documents, and British and American words for one thing.
		{"elevator", "lift"}, {"restroom", "toilet"}, {"kids", "children"}, {"vacation", "holiday"},
		{"faulty", "broken"}, {"reimbursed", "refund"}, {"sidewalk", "pavement"}, {"diapers", "nappy"},
		{"postcode", "zipcode"}, {"swap", "exchange"}, {"ill", "sick"}, {"compulsory", "mandatory"},
		// A phrase that function words reduce to one word still leads to its group: a question
		// that says "in charge" asks who is responsible.
		{"charge", "responsible"},
	} {
		if !has(Stem(Words(tt.word)[0], English), Stem(Words(tt.syn)[0], English)) {
			t.Errorf("Synonyms(%q) = %v, want %q among them", tt.word, l.Synonyms(Stem(Words(tt.word)[0], English)), tt.syn)
		}
	}
	// A phrase whose words other than function words would say something else is left out ("call
	// off" is "call", "out of order" is "order"), and so is a member whose stem is another word's
	// ("activation" is "activ", as "activities" is; "additional" is "add"; "busy" is "busi", as
	// "business" is).
	for _, tt := range []struct{ word, syn string }{
		{"call", "cancel"}, {"order", "broken"}, {"working", "broken"}, {"activities", "enable"},
		{"add", "extra"}, {"business", "crowded"}, {"terminal", "cancel"}, {"homework", "telecommuting"},
		{"responsible", "reply"}, {"bed", "linen"}, {"grow", "adult"},
		// Phrases that function words reduce to one word are not offered for the other members,
		// whatever the data file says ("free, no charge, no cost"; "begin, …, set up").
		{"free", "charge"}, {"free", "cost"}, {"begin", "set"}, {"join", "sign"}, {"backup", "back"},
	} {
		if has(Stem(Words(tt.word)[0], English), Stem(Words(tt.syn)[0], English)) {
			t.Errorf("Synonyms(%q) has %q, a false bridge", tt.word, tt.syn)
		}
	}
	if got := l.Synonyms("zzz"); got != nil {
		t.Errorf("Synonyms(zzz) = %v, want none", got)
	}
}

// A phrase of the synonym list is looked up from the words of a question, inflected ("mobile
// phones", "handed in"), and leads to the other members of every group it is in; a phrase that
// opens with a function word, or a verb alone, is no phrase.
func TestSynonymPhrase(t *testing.T) {
	l := NewLexicon(nil, nil)
	for _, tt := range []struct {
		q    string
		i, n int
		want []string // among the other members, as stems joined by spaces
	}{
		{"Can I use mobile phones in the library?", 3, 2, []string{"smartphon", "cell phone"}},
		{"When was the company set up?", 4, 2, []string{"found", "instal", "start"}}, // three groups
		{"Where are essays handed in?", 3, 2, []string{"submit"}},
		{"Who looks after the bees?", 1, 2, []string{"maintain"}},
		{"Why was the concert called off?", 4, 2, []string{"cancel"}},
		{"Who put together the report?", 1, 2, []string{"compil", "prepar"}},
		{"Who is in charge of the bar?", 2, 0, nil},     // "in charge" leads from "charge" (Synonyms)
		{"Who should I call about it?", 3, 0, nil},      // a verb alone
		{"Where is the phone in the lobby?", 3, 0, nil}, // a word of a phrase alone
		{"Can I borrow it for two weeks?", 5, 2, []string{"fortnight"}},
	} {
		ws := Words(tt.q)
		n, others := l.SynonymPhrase(ws, tt.i)
		if n != tt.n {
			t.Errorf("SynonymPhrase(%q, %d) spans %d words, want %d", tt.q, tt.i, n, tt.n)
			continue
		}
		for _, w := range tt.want {
			if !slices.ContainsFunc(others, func(f []string) bool { return strings.Join(f, " ") == w }) {
				t.Errorf("SynonymPhrase(%q, %d) = %v, want %q among them", tt.q, tt.i, others, w)
			}
		}
	}
}

func TestSpellingVariants(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"centre", "center"}, {"centres", "centers"}, {"licence", "license"}, {"organise", "organize"},
		{"colour", "color"}, {"analyse", "analyze"}, {"catalogue", "catalog"}, {"center", "centre"},
	} {
		if got := SpellingVariants(tt.in); !slices.Contains(got, tt.want) {
			t.Errorf("SpellingVariants(%q) = %v, want %q among them", tt.in, got, tt.want)
		}
	}
	if got := SpellingVariants("master"); slices.Contains(got, "mastre") {
		t.Errorf("SpellingVariants(master) = %v: -ster words are not -stre", got)
	}
}

// A sentence that tells the reader what to do is an instruction.
func TestInstruction(t *testing.T) {
	l := NewLexicon(nil, nil)
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"Enable time synchronisation on the machine and run the backup again.", true},
		{"Create the new repository, then run `burrow copy --from OLD --to NEW`.", true},
		{"2. Install the package with the system's package manager.", true},
		{"Ejecute el comando de nuevo.", true},
		{"The storage service refuses requests whose timestamp is too far off.", false},
		{"Run-time errors are logged.", false},
		// A verb that is as often a noun opens an instruction when its object follows.
		{"Take the wrong items out and put the bin out again on your next collection day.", true},
		{"Tap your staff card on the tablet.", true},
		{"Book a slot online.", true},
		{"Lleve su tarjeta a la recepción.", true},
		{"Book clubs meet on Fridays.", false},
		{"Contact details are below.", false},
		{"Take-away boxes go in the grey bin.", false},
		// "Please" before the verb, and a condition before what to do.
		{"Please tell reception when you check in.", true},
		{"If you might need help to leave the building in an emergency, please tell reception when you check in.", true},
		{"If the light stays red, restart the router.", true},
		{"Si la luz sigue roja, reinicie el router.", true},
		{"如果需要帮助，请告诉前台。", true},
		{"When the lock closes, the trip ends.", false},
		{"If a payment fails, we try again after 7 days.", false},
	} {
		if got := l.sentence(tt.s, DetectLanguage(tt.s)).Instruction; got != tt.want {
			t.Errorf("Instruction(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestBothSpellings: a word with a British and an American spelling is written in both, American
// first, whichever was typed; other words stay.
func TestBothSpellings(t *testing.T) {
	for in, want := range map[string]string{
		"When does the leisure centre close?":   "When does the leisure center centre close?",
		"When does the leisure center close?":   "When does the leisure center centre close?",
		"How many litres, metres and colours?":  "How many liters litres, meters metres and colors colours?",
		"Who organised it? Who organized it?":   "Who organized organised it? Who organized organised it?",
		"What size is the prize?":               "What size is the prize?",
		"¿Dónde está el centro de reciclaje?":   "¿Dónde está el centro de reciclaje?",
		"Can I advertise the enterprise there?": "Can I advertise the enterprise there?",
	} {
		if got := BothSpellings(in); got != want {
			t.Errorf("BothSpellings(%q) = %q, want %q", in, got, want)
		}
	}
}

// A date, a year or a weekday says on which day; a time of day or a part of the day does not.
func TestDated(t *testing.T) {
	for s, want := range map[string]bool{
		"The park will launch the shuttle on 21 June 2025.":          true,
		"It opens on Tuesdays and Thursdays.":                        true,
		"El taller abre los martes.":                                 true,
		"陈医生每周二和周四应诊。":                                               true,
		"The service started in 2019.":                               true,
		"Buses leave every 20 minutes from 7:00 to 10:00.":           false,
		"The café is busiest in the morning.":                        false,
		"The courier now gets 0.8 yuan for each parcel he delivers.": false,
	} {
		if got := Dated(s); got != want {
			t.Errorf("Dated(%q) = %v, want %v", s, got, want)
		}
	}
}

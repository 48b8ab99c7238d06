package text

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// corpusFreq counts the terms of a small corpus, as an index counts its passages' terms.
func corpusFreq(docs ...string) func(string) int {
	n := map[string]int{}
	for _, d := range docs {
		for _, w := range Words(d) {
			n[Stem(w, English)]++
			n[Stem(w, Spanish)]++
		}
	}
	return func(t string) int { return n[t] }
}

func TestRespellCorrectsMisspeltWords(t *testing.T) {
	freq := corpusFreq(
		"The practitioner expects WeChat to dominate online retail. Taobao Live and Alibaba grew.",
		"Zhang Yong became chief executive. The prize money was paid. Shoppers keep their receipts.",
		"La cuenta se abre en la tienda. The company pays the bus fare on a holiday.",
		"Trams run often; take one. The shop is open and the oven is hot. The OCDE report.",
		"Late fees and other costs are listed at the desk.",
	)
	cat, err := NewCatalog([]Platform{{Name: "Xiaohongshu", Aliases: []string{"RedNote", "Xiaohongsu"}}})
	if err != nil {
		t.Fatal(err)
	}
	lex := NewLexicon(cat, nil)
	cases := map[string]string{
		// One letter swapped, dropped, added or changed; the first letter's case kept.
		"Which messaging app will doimnate online retail?": "Which messaging app will dominate online retail?",
		"How long has the prcatitioner worked?":            "How long has the practitioner worked?",
		"What was Toabao Live's GMV?":                      "What was Taobao Live's GMV?",
		"What did Alibbaa's shares do?":                    "What did Alibaba's shares do?",
		"does the comapny pay my bus fare":                 "does the company pay my bus fare",
		"When did Zhang Yong become chief exeecutive?":     "When did Zhang Yong become chief executive?",
		"open on a bank hoilday?":                          "open on a bank holiday?",
		"¿Cuánto ganó Aliabba?":                            "¿Cuánto ganó Alibaba?",
		// A four-letter word only by two letters swapped or one left out (see minTypoLetters).
		"should I tkae a tram":         "should I take a tram",
		"how oftn do trams run":        "how often do trams run",
		"Is the shop oepn on Sundays?": "Is the shop open on Sundays?",
		"Is the shop opn on Sundays?":  "Is the shop opn on Sundays?",
		"Is the hop open?":             "Is the hop open?",
		// A word one edit from no word of the corpus, by the word list when one of its words
		// alone is that close; a capitalised one inside a sentence (a name) and one two words of
		// the list are as close to ("wierd": weird, wired, wield) stay.
		"whats the max nubmer of students":  "whats the max number of students",
		"Nubmer of students?":               "Number of students?",
		"Is the Nubmer line open?":          "Is the Nubmer line open?",
		"is it wierd to ask for a discount": "is it wierd to ask for a discount",
		// Capitals are an acronym, typed on purpose.
		"What does the OCDEE report say?": "What does the OCDEE report say?",
		// Real words the corpus lacks stay, though one edit from a word it has.
		"What is the price of a ticket?":      "What is the price of a ticket?",
		"¿Cuánto cuesta la entrada?":          "¿Cuánto cuesta la entrada?",
		"Who keeps the receipt when closing?": "Who keeps the receipt when closing?",
		// Spanish words are not corrected (the word list has no verb forms): only names are.
		"¿Qué tengo que hacer si la tienda cierra?": "¿Qué tengo que hacer si la tienda cierra?",
		// Nor is a capitalised word that may be a Spanish one, in a name of Spanish words: "Cosas"
		// is one edit from the corpus's "costs", and the word list lacks its lemma "cosa" (shorter
		// than five letters); respelt, the question asked about costs.
		"¿Qué se presta en la Biblioteca de las Cosas?": "¿Qué se presta en la Biblioteca de las Cosas?",
		// A platform alias of the catalog, short words, contractions and Chinese stay.
		"What does Xiaohongsu sell?": "What does Xiaohongsu sell?",
		"Who is Zhang Yung?":         "Who is Zhang Yung?",
		"Why couldn't Taobao grow?":  "Why couldn't Taobao grow?",
		"淘宝直播的GMV是多少":                "淘宝直播的GMV是多少",
	}
	for in, want := range cases {
		got, changed := lex.Respell(in, freq, nil)
		if got != want || changed != (in != want) {
			t.Errorf("Respell(%q) = %q, %v; want %q", in, got, changed, want)
		}
	}
}

// A chat abbreviation or clipped word is spelt out when the corpus never uses it as it is typed
// (data/abbreviations.txt); one the corpus uses, or one typed with a capital, stays.
func TestRespellSpellsOutChatAbbreviations(t *testing.T) {
	freq := corpusFreq(
		"The university library lends laptops to people for a week. Bring it back tomorrow.",
		"La residencia cierra el fin de semana. Info point at the main gate.",
	)
	lex := NewLexicon(nil, nil)
	cases := map[string]string{
		"laptop loan for ppl how many wks":            "laptop loan for people how many weeks",
		"can i bring it back tmrw":                    "can i bring it back tomorrow",
		"is the uni library open":                     "is the university library open",
		"la resi cierra el finde?":                    "la residencia cierra el fin de semana?",
		"where is the info point":                     "where is the info point", // the corpus says "Info"
		"What does U stand for?":                      "What does U stand for?",
		"hasta q hora abre la resi":                   "hasta q hora abre la residencia", // function words: Request's
		"When does the Uni Bremen library open?":      "When does the Uni Bremen library open?",
		"¿Cuándo cierra la residencia universitaria?": "¿Cuándo cierra la residencia universitaria?",
		"is the gym open on fri":                      "is the gym open on Friday",
		"can i get a refund on my tix":                "can i get a refund on my tickets",
		"a q hora abre el ayto":                       "a q hora abre el ayuntamiento",
	}
	for in, want := range cases {
		if got, _ := lex.Respell(in, freq, nil); got != want {
			t.Errorf("Respell(%q) = %q, want %q", in, got, want)
		}
	}
}

// A function word typed with two neighbouring letters swapped is respelt ("waht", "teh", "wehn"):
// the corpus has no term for it to be corrected to, and typed in lower case it was taken for an
// unknown name. A word of the word list a swap away from one stays ("form", "tow"), as does a
// word the corpus uses.
func TestRespellSwappedFunctionWords(t *testing.T) {
	freq := corpusFreq("The grant paid for the new shed. Fill in the form.")
	lex := NewLexicon(nil, nil)
	for in, want := range map[string]string{
		"how much was the grant and waht did it pay for?": "how much was the grant and what did it pay for?",
		"wehn is teh spring workday":                      "when is the spring workday",
		"Taht grant, who paid it?":                        "That grant, who paid it?",
		"where is the form":                               "where is the form",
		"can they tow my car":                             "can they tow my car",
	} {
		if got, _ := lex.Respell(in, freq, nil); got != want {
			t.Errorf("Respell(%q) = %q, want %q", in, got, want)
		}
	}
	farm := corpusFreq("Waht Valley Farm sells eggs.")
	if got, _ := lex.Respell("is waht valley farm open", farm, nil); got != "is waht valley farm open" {
		t.Errorf("Respell corrected a word the corpus uses: %q", got)
	}
}

// A closed compound the corpus writes apart is respelt as its parts, so that its words are found
// (and, typed in lower case, it is not taken for an unknown name).
func TestRespellSplitsCompounds(t *testing.T) {
	freq := corpusFreq(
		"The IT help desk closes at 16:00 on Saturdays. E-commerce grew.",
		"The note was left on a book in the face of the rules. WeChat Pay.",
	)
	lex := NewLexicon(nil, nil)
	cases := map[string]string{
		"when does the helpdesk close":          "when does the help desk close",
		"which app will lead ecommerce in 2024": "which app will lead e-commerce in 2024",
		"is there a notebook":                   "is there a notebook",        // a word of the word list
		"can i log in with facebook":            "can i log in with facebook", // a name of the word list
		"does it work with Facebook":            "does it work with Facebook", // a capital: a name
		"does it work with wechatpay":           "does it work with wechat pay",
		"what about the deskhelp":               "what about the desk help",
		"is the helpdeskk open":                 "is the helpdeskk open",
	}
	for in, want := range cases {
		if got, _ := lex.Respell(in, freq, nil); got != want {
			t.Errorf("Respell(%q) = %q, want %q", in, got, want)
		}
	}
}

// A word the corpus writes with a hyphen and a question types closed ("wifi" for "Wi-Fi") is
// respelt as the corpus writes it, before any correction ("wife" is one edit from "wifi"), since
// the corpus's terms are its parts; a word the corpus also writes closed, or never with a hyphen,
// stays as typed, and so does a pair of three words or with a number ("end-of-term", "T-2").
func TestRespellJoinsHyphenPairs(t *testing.T) {
	docs := []string{
		"The centre has free Wi-Fi. Her wife runs the café. An e-bike costs $0.20 a minute.",
		"Check-in opens at 15:00. Book an end-of-term party. The T-2 model. Email us; e-mail works too.",
	}
	freq := corpusFreq(docs...)
	pairs := NewHyphenPairs(slices.Values(docs))
	lex := NewLexicon(nil, nil)
	cases := map[string]string{
		"wifi at the visitor centre?":      "wi-fi at the visitor centre?", // RestoreCase's to case
		"Is the wifi free?":                "Is the Wi-Fi free?",
		"whats the charge on an ebike":     "whats the charge on an e-bike",
		"When is checkin?":                 "When is check-in?",
		"is there an endofterm party":      "is there an endofterm party",
		"what about the t2":                "what about the t2",
		"can i email you":                  "can i email you",
		"How do I get on the WiFi network": "How do I get on the Wi-Fi network",
	}
	for in, want := range cases {
		if got, _ := lex.Respell(in, freq, func() *HyphenPairs { return pairs }); got != want {
			t.Errorf("Respell(%q) = %q, want %q", in, got, want)
		}
	}
	if got, _ := lex.Respell("Is the wifi free?", freq, nil); got == cases["Is the wifi free?"] {
		t.Errorf("without the corpus's pairs, Respell(wifi) = %q", got)
	}
}

// Two words run together are a closed compound, not a typo, though one edit from a word of the
// corpus: "backend" is not "backed", nor "frontend" "fronted". It is written apart when the corpus
// holds both parts (see TestRespellSplitsCompounds), and else left as typed. A slip inside one word
// is still corrected, and a stem or a piece of a word is no part ("abil" of "ability").
func TestRespellLeavesCompoundsUncorrected(t *testing.T) {
	freq := corpusFreq(
		"Come back at the end of the day. The loan was backed by the bank; she fronted the band.",
		"Set a hook in the web page. The webbook store and the jacket. Every ability counts.",
		"Practitioners expect stability.",
	)
	lex := NewLexicon(nil, nil)
	cases := map[string]string{
		"how do i restart the backend":         "how do i restart the back end",
		"Backend down again":                   "Backend down again", // a capital: a name, not written apart
		"who maintains the frontend":           "who maintains the front end",
		"how do i add a webhook":               "how do i add a web hook",
		"left my jakcet at the bakc door":      "left my jacket at the back door",
		"how long has the prcatitioner worked": "how long has the practitioner worked",
		"is the abilty to pay checked":         "is the ability to pay checked",
	}
	for in, want := range cases {
		if got, _ := lex.Respell(in, freq, nil); got != want {
			t.Errorf("Respell(%q) = %q, want %q", in, got, want)
		}
	}
	// A part of five letters or more is a word of the word list, whether the corpus has it or not;
	// a shorter one a term of the corpus of which the list has a form ("end": "ended").
	endOnly := corpusFreq("The end of the fronted abilities.")
	for word, want := range map[string]bool{"frontend": true, "backend": false, "abilpities": false, "endfront": true} {
		if got := compound(Words(word)[0], endOnly); got != want {
			t.Errorf("compound(%q) = %v, want %v", word, got, want)
		}
	}
}

// A word one edit from too many terms is too ambiguous to correct.
func TestCorrectLeavesAmbiguousWords(t *testing.T) {
	freq := corpusFreq("bakes bakers banes bares bases")
	if c, ok := Correct(Words("baxes")[0], English, freq); ok {
		t.Errorf("Correct(baxes) = %q, want no correction: four terms are one edit away", c)
	}
	if c, ok := Correct(Words("bakxrs")[0], English, freq); !ok || c != "bakers" {
		t.Errorf("Correct(bakxrs) = %q, %v; want bakers", c, ok)
	}
	// No word is that long: a 4,000-letter one would cost a minute of edits (a question may be
	// 4,000 bytes).
	long := "bakers" + strings.Repeat("x", maxTypoLetters)
	if c, ok := Correct(Words(long)[0], English, corpusFreq(long[:len(long)-1])); ok {
		t.Errorf("Correct(%d letters) = %q, want none", len(long), c)
	}
	if misspeltWord(Words(strings.Repeat("a", 4000))[0]) {
		t.Errorf("misspeltWord(4,000 letters) = true, want false")
	}
}

// The word list is sorted by bytes, lower case, all letters, five or more each, so that the
// binary search over it finds every word; a word written with a capital after its first letter is
// its lower case, a space and its form, of any length.
func TestWordList(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(wordsTxt, "\n"), "\n")
	if len(lines) < 100000 {
		t.Fatalf("the word list has %d words, want the whole of it", len(lines))
	}
	mixed := 0
	for i, l := range lines {
		if lower, form, ok := strings.Cut(l, " "); ok {
			if r, n := utf8.DecodeRuneInString(form); lower != strings.ToLower(form) || form[n:] == strings.ToLower(form[n:]) ||
				form == strings.ToUpper(form) || r == utf8.RuneError || strings.ContainsFunc(form, notTypoLetter) {
				t.Fatalf("line %d: %q is not a lower-case word and its form with a capital after its first letter", i+1, l)
			}
			mixed++
		} else if r, n := utf8.DecodeRuneInString(l); l[n:] != strings.ToLower(l[n:]) || r != unicode.ToLower(r) && r != unicode.ToUpper(r) ||
			utf8.RuneCountInString(l) < minTypoLetters || strings.ContainsFunc(l, notTypoLetter) {
			t.Fatalf("line %d: %q is not a lower-case or capitalised word of %d letters or more", i+1, l, minTypoLetters)
		}
		if i > 0 && lines[i-1] >= l {
			t.Fatalf("line %d: %q is not after %q", i+1, l, lines[i-1])
		}
	}
	for _, w := range []string{lines[len(lines)/2], lines[len(lines)-1], "closing", "organised", "cuesta", "cuánto", "cuanto"} {
		if !IsDictionaryWord(w) {
			t.Errorf("IsDictionaryWord(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"prcatitioner", "toabao", "aaaaa", "zzzzzzzz", "", "madrid", "europe"} {
		if IsDictionaryWord(w) {
			t.Errorf("IsDictionaryWord(%q) = true, want false (names are not common words)", w)
		}
	}
	for _, w := range []string{"madrid", "amazon", "europe"} {
		if !isDictionaryName(w) {
			t.Errorf("isDictionaryName(%q) = false, want true", w)
		}
	}
	if mixed < 100 {
		t.Errorf("the word list has %d words with a capital after the first letter, want all of them", mixed)
	}
	for w, want := range map[string]string{"wifi": "WiFi", "iphone": "iPhone", "youtube": "YouTube", "basics": "BASICs", "ios": "iOS"} {
		if form, ok := mixedCaseWord(w); !ok || form != want {
			t.Errorf("mixedCaseWord(%q) = %q, %v; want %q", w, form, ok, want)
		}
	}
	for _, w := range []string{"wif", "wifis", "iphon", "basic", "madrid", ""} {
		if form, ok := mixedCaseWord(w); ok {
			t.Errorf("mixedCaseWord(%q) = %q, want none", w, form)
		}
	}
	// A word written with capitals inside is no common word, nor the start of one: "iphon" starts
	// none, "basi" does ("basic").
	for w, want := range map[string]bool{"wifi": false, "iphone": false, "basics": true} {
		if got := IsDictionaryWord(w); got != want {
			t.Errorf("IsDictionaryWord(%q) = %v, want %v", w, got, want)
		}
	}
	for p, want := range map[string]bool{"iphon": false, "youtub": false, "mcdonal": false, "basi": true, "wif": true} {
		if got := startsDictionaryWord(p); got != want {
			t.Errorf("startsDictionaryWord(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestRestoreCase(t *testing.T) {
	cases := map[string]string{
		// Names the documents may or may not mention get their capitals back.
		"who founded meituan?":                 "who founded Meituan?",
		"what was douyin's gmv in 2024":        "what was Douyin's Gmv in 2024",
		"what is the capital of france?":       "what is the capital of France?",
		"what did lu zhaoxi do after he left?": "what did lu Zhaoxi do after he left?",
		// Common words, their forms and their typos stay, as do short words and contractions.
		"how long do users spend on it every day": "how long do users spend on it every day",
		"left my jakcet in a bike basket":         "left my jakcet in a bike basket",
		"which platforms couldn't grow":           "which platforms couldn't grow",
		// A word the word list writes with a capital after its first letter takes its form, not "Wifi".
		"how do i get on the wifi":       "how do i get on the WiFi",
		"vids from my iphone's camera":   "vids from my iPhone's camera",
		"is the talk on youtube or ebay": "is the talk on YouTube or eBay",
		// A question with any capital is its writer's; Spanish and Chinese are left as typed.
		"Who founded meituan?":                      "Who founded meituan?",
		"¿cuánto cuesta abrir una tienda en tmall?": "¿cuánto cuesta abrir una tienda en tmall?",
		"小红书是什么":                                    "小红书是什么",
	}
	for in, want := range cases {
		if got := RestoreCase(in, nil); got != want {
			t.Errorf("RestoreCase(%q, nil) = %q, want %q", in, got, want)
		}
	}
}

// Only the first words of a long text are looked at: a pasted page of unknown words must not cost
// seconds.
func TestRespellLooksAtTheFirstWords(t *testing.T) {
	freq := corpusFreq("bakers")
	s := strings.TrimSpace(strings.Repeat("bakxrs ", maxRespelledWords+5))
	got, _ := NewLexicon(nil, nil).Respell(s, freq, nil)
	if n := strings.Count(got, "bakers"); n != maxRespelledWords {
		t.Errorf("Respell corrected %d of %d words, want the first %d", n, maxRespelledWords+5, maxRespelledWords)
	}
}

// A misspelt word whose stem only starts a listed word of another stem ("tabel": tabelión, "ofen":
// ofender, "agust": agustino) is no form of a real word and is corrected; a form of a listed word
// ("prices", "running") is not.
func TestCorrectWordStartingAnother(t *testing.T) {
	freq := corpusFreq("table tables often august talked")
	for typo, want := range map[string]string{"tabel": "table", "ofen": "often", "agust": "august"} {
		c, ok := Correct(Words(typo)[0], English, freq)
		if !ok || Stem(Words(c)[0], English) != Stem(Words(want)[0], English) {
			t.Errorf("Correct(%s) = %q, %v; want %s", typo, c, ok, want)
		}
	}
	if c, ok := Correct(Words("walked")[0], English, freq); ok {
		t.Errorf("Correct(walked) = %q, want none: a form of a listed word (walking), though talked is one edit away", c)
	}
}

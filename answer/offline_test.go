package answer

import (
	"context"
	"io/fs"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/seeds"
	"github.com/citebot/citebot/text"
)

// corpusEngine builds an offline engine over a small corpus (the seeds' catalog and glossary).
func corpusEngine(tb testing.TB, files map[string]string) *Engine {
	tb.Helper()
	// The seeds' platform catalog, so that the platforms are known.
	catalog, err := fs.ReadFile(seeds.FS(), text.CatalogFile)
	if err != nil {
		tb.Fatal(err)
	}
	fsys := fstest.MapFS{text.CatalogFile: &fstest.MapFile{Data: catalog}}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	ix, err := retrieval.Open(context.Background(), retrieval.Config{Seeds: fsys, Embedder: retrieval.OfflineEmbedder()})
	if err != nil {
		tb.Fatal(err)
	}
	e, err := New(Config{Index: ix, Logger: discard()})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// windowFit returns the fit of the one-sentence window for q that starts with sentence.
func windowFit(tb testing.TB, e *Engine, q, sentence string) float64 {
	tb.Helper()
	for _, cd := range picked(tb, e, q).related {
		if len(cd.refs) == 1 && strings.HasPrefix(cd.first().quote(), sentence) {
			return cd.fit
		}
	}
	tb.Fatalf("%q: no window of %q", q, sentence)
	return 0
}

func ask(tb testing.TB, e *Engine, q string) Answer {
	tb.Helper()
	a, err := e.Ask(context.Background(), q, Options{})
	if err != nil {
		tb.Fatalf("Ask(%q): %v", q, err)
	}
	checkAnswerInvariants(tb, a)
	return a
}

// picked returns what the offline answerer picks for q, with the confidence and the abstention
// features it decides on.
func picked(tb testing.TB, e *Engine, q string) answerPick {
	tb.Helper()
	pk, err := e.pick(context.Background(), q)
	if err != nil {
		tb.Fatalf("pick(%q): %v", q, err)
	}
	return pk
}

// A question in another language than its evidence is answered with the verbatim quote and a
// lead-in in the asker's language.
func TestCrossLanguageLeadIn(t *testing.T) {
	e := newOfflineEngine(t)
	for _, tt := range []struct{ q, lead, quote string }{
		{"¿Cuál fue el GMV de Douyin en 2024?", "Según la fuente (en inglés): ", "3.5 trillion"},
		{"抖音2024年的GMV是多少？", "来源原文（英文）：", "3.5 trillion"},
		{"What does micro-commerce refer to?", "The source says (in Spanish): ", "modelo de comercio electrónico"},
	} {
		a := ask(t, e, tt.q)
		if a.Abstained || !strings.HasPrefix(a.Text, tt.lead) || !strings.Contains(a.Text, tt.quote) {
			t.Errorf("Ask(%q) = %q, want %q and the quote %q", tt.q, a.Text, tt.lead, tt.quote)
		}
	}
	if a := ask(t, e, "What was Douyin's GMV in 2024?"); strings.Contains(a.Text, "(in ") {
		t.Errorf("an English answer from an English source has a lead-in: %q", a.Text)
	}
}

// The lead-in names the language the quote is written in, not its document's: a Chinese paragraph
// of an English guide is Chinese (text.QuoteLanguage), and needs no lead-in for a Chinese question.
func TestLeadInNamesTheQuotesLanguage(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"guide.md": "# Visitor guide\n\nThe museum opens at 10:00 and closes at 18:00. Tickets are sold at the desk by the entrance.\n\n" +
			"Guided tours in English leave from the hall every hour. The shop sells maps and postcards.\n\n" +
			"咖啡馆周二至周日营业，营业时间为早上8点到下午5点。\n",
	})
	e.c.threshold = -1
	for q, lead := range map[string]string{
		"¿A qué hora abre el café?": "Según la fuente (en chino): ",
		"咖啡馆几点开门？":                  "",
	} {
		a := ask(t, e, q)
		if !strings.Contains(a.Text, "早上8点") || !strings.HasPrefix(a.Text, lead) || lead == "" && strings.HasPrefix(a.Text, "来源原文") {
			t.Errorf("Ask(%q) = %q, want the Chinese quote after %q", q, a.Text, lead)
		}
	}
}

// No answer quotes a heading, a title or a question: a heading is context for the sentences under
// it ("Readings arrive late" answers nothing; the sentence under it does).
func TestHeadingsAreNeverQuoted(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"manual.md": "---\ntitle: Sensor manual\n---\n\n# Sensor manual\n\n## Readings arrive late\n\n" +
			"The hub batches readings every ten minutes to save battery. Set `batch = 0` to send them at once.\n\n" +
			"## Why does the LED blink?\n\nA blinking LED means the battery is below 10 %.\n",
	})
	for _, q := range []string{"Why do readings arrive late?", "Why does the LED blink?", "What is the sensor manual?"} {
		a := ask(t, e, q)
		for _, c := range a.Citations {
			for _, bad := range []string{"Readings arrive late", "Why does the LED blink?", "Sensor manual", "title:"} {
				if strings.Contains(c.Quote, bad) {
					t.Errorf("Ask(%q) quotes %q: %q", q, bad, c.Quote)
				}
			}
		}
	}
	if a := ask(t, e, "Why do readings arrive late?"); a.Abstained || !strings.Contains(a.Text, "batches readings every ten minutes") {
		t.Errorf("the sentence under the heading should answer: %q", a.Text)
	}
}

// Snowball leaves "rewrite" and "rewritten" apart; the answerer takes them as one word
// (corpus.variants). Without it the question below covers only "pack".
func TestVariantsOfAStem(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"a.md": "# Prune\n\nPrune deletes unused chunks. A pack in which more than 20 % of the space is unused is rewritten.\n\nBackups add new packs.\n",
	})
	if got := e.c.variants(text.Stem(text.Words("rewrite")[0], text.English)); !contains(got, "rewritten") {
		t.Errorf("variants(rewrit) = %q, want rewritten", got)
	}
	// The sentence is the best evidence, quoted as the answer or, when the abstention model finds
	// a when-question answered without a date too weak, as the closest passage.
	a := ask(t, e, "When does prune rewrite a pack?")
	best := a.Text
	if a.Abstained && len(a.Related) > 0 {
		best = a.Related[0].Quote
	}
	if !strings.Contains(best, "20 %") {
		t.Errorf("Ask = %q, want the sentence about rewritten packs first", a.Text)
	}
}

// A sentence that ends with a colon introduces what follows: the answer quotes the list (or code
// block) too, and a question saying "where" prefers the sentence that holds a path.
func TestListsAndPlaces(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"install.md": "# Install\n\nVerify the signature before you run a binary you downloaded by hand:\n\n```sh\nminisign -Vm SUMS\n```\n\n" +
			"The tool reads its settings from a TOML file. By default that is `~/.config/tool/tool.toml`.\n",
	})
	if a := ask(t, e, "How do I verify a downloaded binary?"); !strings.Contains(a.Text, "minisign -Vm SUMS") {
		t.Errorf("Ask(verify) = %q, want the command the sentence introduces", a.Text)
	}
	if a := ask(t, e, "Where does the tool look for its settings file?"); !strings.Contains(a.Text, "~/.config/tool/tool.toml") {
		t.Errorf("Ask(where) = %q, want the path", a.Text)
	}
}

// A where-question prefers the sentence that says where by a kind of place ("next to the car park
// entrance", "in room A14") to one that holds the question's words but no place; before spatial
// phrases counted as places (text/place.go), both lacked one and the first sentence was quoted.
func TestWhereQuestionsWantASpatialPhrase(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"guide.txt": "Smoking is not allowed anywhere, and smoking indoors is charged as a cleaning fee.\n\n" +
			"The smoking shelter is next to the car park entrance.\n\n" +
			"Lost property is kept for three months before it is given to charity.\n\n" +
			"Lost property can be collected in room A14 on weekdays.\n",
	})
	wantSentences(t, e, map[string]string{
		"Where can I smoke?":                 "shelter",
		"¿Dónde se puede fumar?":             "shelter",
		"Where can I collect lost property?": "room A14",
	})
}

// "How much did Alibaba invest in Meituan?" over a sentence that gives an amount for another
// company and names Meituan only as a rival is refused, and the same question about the company
// the amount is for is answered (amountBesideName).
func TestAmountBesideTheName(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"a.txt": "In 2015 Alibaba invested 12.5 billion dollars in Ele.me; it fought with Meituan for takeout.\n\nIn 2015 Alibaba also invested 283 million yuan in Suning; it became its second largest shareholder.\n",
	})
	conf := func(q string) float64 { return picked(t, e, q).confidence }
	if m, s := conf("How much did Alibaba invest in Meituan?"), conf("How much did Alibaba invest in Suning?"); m >= abstainBelow || s < abstainBelow {
		t.Errorf("confidence Meituan %.2f, Suning %.2f: want Meituan under %.2f and Suning not", m, s, abstainBelow)
	}
	// A comma beside a space parts clauses as a semicolon does (seed 004 joins its facts so); a
	// thousands separator does not. A semicolon, 、 or ， also ends a run of clauses.
	for _, c := range []struct {
		s    string
		want [][]string
	}{
		{"invested 12.5 Billion dollars in hungry , Fight with meituan", [][]string{{"invested 12.5 Billion dollars in hungry ", " Fight with meituan"}}},
		{"sold 8,556 units, then more；又", [][]string{{"sold 8,556 units", " then more"}, {"又"}}},
		// A list in brackets names what stands before it and parts nothing; an unclosed bracket
		// does not hide the rest.
		{"Office apps (Word, Excel, Teams): free on up to 5 devices, for staff", [][]string{{"Office apps (Word, Excel, Teams): free on up to 5 devices", " for staff"}}},
		{"apps (Word, Excel; free", [][]string{{"apps (Word", " Excel"}, {" free"}}},
	} {
		if got := text.Clauses(c.s); !slices.EqualFunc(got, c.want, slices.Equal) {
			t.Errorf("text.Clauses(%q) = %q, want %q", c.s, got, c.want)
		}
	}
	// The names a question asks about may stand in brackets beside the run's subject, with the
	// amount after them: "On how many devices can I install Word and Excel?"
	e = corpusEngine(t, map[string]string{
		"apps.md": "# Software\n\n- **Microsoft 365 apps** (Word, Excel, PowerPoint, Teams): free for students and staff on up to 5 personal devices.\n" +
			"- **SPSS**: 200 licences for lab machines, shared with the library.\n",
	})
	if f := picked(t, e, "On how many of my own devices can I install Word and Excel for free?").evidence[fFit]; f < 0 {
		t.Errorf("fit feature of the Microsoft 365 item = %.2f, want 0 (the amount stands beside the names)", f)
	}
	// A name that opens a run is its subject, and an amount further on in the run is its amount;
	// a name further in is not ("… in Spanish Sign Language …, with three weeks' notice").
	e = corpusEngine(t, map[string]string{
		"a.txt": "Northwind, the company that began life in 1995 as a maker of phone batteries, closed 2023 with sales of 3.02 million bicycles, up 62 per cent on the year.\n\n" +
			"Guided tours in Sign Language can be booked for groups at Harbour Hall, with three weeks' notice.\n",
	})
	if n := conf("How many bicycles did Northwind sell in 2023?"); n < abstainBelow {
		t.Errorf("confidence %.2f for an amount in the run its subject opens: want at least %.2f", n, abstainBelow)
	}
	// Its fit is discounted (amountApart): the evidence's fit feature is log(amountApart), where the
	// bicycles' is 0. Whether that refuses it depends on the operating point: at 75% it did (0.63
	// against 0.672); at 70%, chosen in session 13, it is answered, a near miss that operating point
	// gives up for more right answers.
	if x := picked(t, e, "How long does a guided tour at Harbour Hall last?").evidence; math.Abs(x[fFit]-math.Log(amountApart)) > 1e-9 {
		t.Errorf("fit feature %.3f for a duration in a run a name stands inside: want log(amountApart) = %.3f", x[fFit], math.Log(amountApart))
	}
	if x := picked(t, e, "How many bicycles did Northwind sell in 2023?").evidence; x[fFit] != 0 {
		t.Errorf("fit feature %.3f for an amount in the run its subject opens: want 0", x[fFit])
	}
	// A name the document's title or the sentence's heading holds is what every amount under it
	// is about: the sentence need not repeat it.
	e = corpusEngine(t, map[string]string{
		"stake-sale.md": "# Starbucks sells control of its China business\n\n" +
			"People familiar with the process said 13 bidders put in first-round offers in the spring.\n\n" +
			"The buyer will run about 8,000 shops.\n",
		"rivals.md": "# Coffee in Shanghai\n\nLuckin opened a roastery in Xiamen. Starbucks opened a roastery in Shanghai.\n",
	})
	if x := picked(t, e, "How many bidders made offers for Starbucks' China business?").evidence; x[fFit] != 0 {
		t.Errorf("fit feature %.3f for an amount under a title that names Starbucks: want 0", x[fFit])
	}
	e = corpusEngine(t, map[string]string{
		"a.txt": "In 2015 Alibaba invested 12.5 billion dollars to become the largest shareholder of Ele.me , fighting with Meituan for takeout.\n\nIn 2015 Alibaba also invested 283 million yuan in Suning, which made it the second largest shareholder.\n",
	})
	if m := conf("How much did Alibaba invest in Meituan?"); m >= abstainBelow {
		t.Errorf("confidence Meituan %.2f over a sentence that gives the amount in another clause: want under %.2f", m, abstainBelow)
	}
}

// The name most of a corpus's documents use is what the corpus is about, not a name an amount
// must stand beside: a council's table of its own rates answers "What proportion … did Wrenford
// recycle?" without repeating "Wrenford"; a name only one document uses still must.
func TestTheCorpusTopicIsNotANameToStandBeside(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"report.md":   "# Annual report\n\nThe figures of the year.\n\n| Year | Household waste recycled |\n|---|---|\n| 2020/21 | 41.2% |\n| 2021/22 | 42.8% |\n\nWrenford City Council collects waste from 96,000 homes.\n\nThe Harrow Lane depot was rebuilt in 2022.\n",
		"bins.txt":    "Wrenford households have a blue bin and a green bin.\n",
		"notices.txt": "Wrenford collections move by one day after bank holidays.\n",
		"tips.txt":    "Wrenford residents can order a new bin online.\n\nHarrow Lane handled 12% of the county's glass in 2021/22.\n",
	})
	if fit := windowFit(t, e, "What proportion of household waste did Wrenford recycle in 2021/22?", "| 2021/22 | 42.8% |"); fit < 1 {
		t.Errorf("the corpus's own name kept the rates apart: fit %.2f, want 1", fit)
	}
	if fit := windowFit(t, e, "What share of the county's glass did Harrow Lane handle in 2021/22?", "| 2021/22 | 42.8% |"); fit >= 1 {
		t.Errorf("a name one document uses is not beside the rates, yet fit %.2f", fit)
	}
}

// A question in other words than its source is answered through general English synonyms
// ("quickly" for "speed", "rival" for "competitor", "overtook" for "surpassed"), and a British
// spelling meets an American one.
func TestSynonymsBridgeParaphrases(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"a.txt": "The delivery team needs to speed up the pace of its work before the holidays.\n\n" +
			"Last year the shop surpassed its main competitor, Northwind, in online sales.\n\n" +
			"Major research centers will pay more attention to battery chemistry.\n\n" +
			"The warehouse opened in 2019 and employs forty people.\n",
	})
	for _, tt := range []struct{ q, want string }{
		{"What does the delivery team have to do more quickly?", "speed up the pace"},
		{"Which rival did the shop overtake?", "Northwind"},
		{"What will the big research centres focus on?", "battery chemistry"},
	} {
		if a := ask(t, e, tt.q); a.Abstained || !strings.Contains(a.Text, tt.want) {
			t.Errorf("Ask(%q) = %q, want %q", tt.q, a.Text, tt.want)
		}
	}
}

// A question that asks how (or "what should I do") prefers the sentence that tells the reader what
// to do over one that describes the problem.
func TestHowPrefersInstructions(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"manual.md": "# Manual\n\n## Uploads are rejected\n\n" +
			"The storage service rejects uploads whose clock is more than 15 minutes off. " +
			"Enable time synchronisation with `timedatectl set-ntp true` and run the upload again.\n",
	})
	e.c.threshold = -1 // what is quoted, whatever the confidence (just under the default; see TestOfflineAnswersAChineseTranslatedName)
	for _, q := range []string{"How do I fix rejected uploads?", "What should I do when uploads are rejected?"} {
		if a := ask(t, e, q); a.Abstained || !strings.Contains(a.Text, "timedatectl") {
			t.Errorf("Ask(%q) = %q, want the instruction", q, a.Text)
		}
	}
}

// "What was the growth rate …" asks for an amount: a measure noun makes a quantity question, whose
// answer must hold a figure and the question's year itself.
func TestMeasureQuestionsAreQuantities(t *testing.T) {
	e := newOfflineEngine(t)
	for _, q := range []string{"What was the growth rate of Alibaba's e-commerce business in 2021?", "¿Cuál fue la tasa de crecimiento de Alibaba en 2021?",
		"What temperature must the fridges be kept at?", "What is the minimum age to volunteer?", "¿Qué edad mínima hay que tener?",
		"What is the fine for riding a bike on the pavement?", "¿Cuál es la multa por dar de comer a los animales?"} {
		if got := e.c.analyse(q).atype; got != typeQuantity {
			t.Errorf("analyse(%q).atype = %s, want %s", q, got, typeQuantity)
		}
	}
	if got := e.c.analyse("What is the return policy of Tmall?").atype; got == typeQuantity {
		t.Errorf("a question without a measure noun is typed %s", got)
	}
}

// "What is Douyin?" names a platform and asks nothing more: it is answered with a sentence about
// the platform, not refused as a near miss (overview).
func TestOverviewQuestions(t *testing.T) {
	e := newOfflineEngine(t)
	for _, q := range []string{"What is Douyin?", "¿Qué es Kuaishou?", "What is Pinduoduo?"} {
		a := ask(t, e, q)
		if a.Abstained || len(a.Citations) == 0 {
			t.Errorf("Ask(%q) = %q, want a cited answer", q, a.Text)
		}
	}
	if a := ask(t, e, "Who founded Kuaishou?"); !a.Abstained {
		t.Errorf("Ask(Who founded Kuaishou?) = %q, want an abstention: a question with a word to cover is no overview", a.Text)
	}
	// A year the best paragraph holds narrows an overview (the issue's own example): seed 000's
	// 2024 outlook says Kuaishou "seems to have begun to fall behind".
	a := ask(t, e, "What does the 2024 outlook say about Kuaishou?")
	if a.Abstained || !strings.Contains(a.Text, "fall behind") || len(a.Citations) == 0 || a.Citations[0].File != "000_c3c0d2fced9bc6e6.txt" {
		t.Errorf("Ask(What does the 2024 outlook say about Kuaishou?) = %q, want seed 000's sentence on Kuaishou", a.Text)
	}
	// A year no paragraph about the platform holds is asked about, not a narrowing.
	if a := ask(t, e, "What did Kuaishou do in 1987?"); !a.Abstained {
		t.Errorf("Ask(What did Kuaishou do in 1987?) = %q, want an abstention", a.Text)
	}
}

// A when-question is answered by a sentence that says when in words ("on the first Monday of
// every month", 每个月第一个星期一) or by the clock, not only by a date: the time answer type takes
// them (text.Sentence.TimeWord).
func TestTimeInWords(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"lockers.txt": "Lockers are for staff only.\n\nThe lockers are cleaned and inspected on the first Monday of every month.\n\n" +
			"Lost keys cost a fee to replace.\n",
		"notice.txt": "储物柜里不能放食物。\n\n每个月第一个星期一，储物柜统一清洁检查。\n",
	})
	wantSentences(t, e, map[string]string{
		"When are the lockers cleaned and inspected?": "first Monday",
		"储物柜什么时候统一清洁检查？":                              "星期一",
	})
}

// "What time …?", 几点 and "¿a qué hora …?" ask for a time of day: the answer holds a clock time,
// also one marked by am/pm or 点, not the sentence that best repeats the question's words.
func TestTimeOfDay(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"centres.txt": "The recycling centres close on public holidays and for stocktaking.\n\n" +
			"The recycling centres are open from 8 am to 6 pm, every day of the week.\n",
		"bins.txt": "收垃圾以前要把垃圾桶推到路边，收完以后把桶推回家。\n\n推桶的时间是前一天晚上7点以后。\n",
	})
	wantSentences(t, e, map[string]string{
		"What time do the recycling centres close?": "6 pm",
		"最早几点可以把垃圾桶推到路边？":                           "7点",
	})
}

// A question that asks for a time of day is not answered by a sentence that says when by the day
// alone ("on Sunday afternoons"), however well it repeats the question's words; and a sentence that
// says when by the day is quoted with the next one when that one gives the time and continues it.
func TestClockAsked(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"chat.txt": "Live chat on the help site opened this year, with longer hours than the phone line, including Sunday afternoons in term time.\n\n" +
			"Hours on Sunday: 12:00 to 18:00.\n",
		"test.txt": "The placement test for new students will no longer take place on Thursday 19 September.\n" +
			"It has been moved to Friday 20 September at 9:30, in room 2.1.\n\nBring your passport to the test.\n",
	})
	wantSentences(t, e, map[string]string{
		"What time can I use live chat on the help site on Sunday afternoons in term time?": "12:00",
		// "which" opens it, but it asks for hours of the day, a time.
		"Is there live chat on the help site on Sunday afternoons in term time, and during which hours?": "12:00",
		"¿A qué hora es la prueba de nivel para los alumnos nuevos?":                                     "no longer take place on Thursday 19 September. It has been moved to Friday 20 September at 9:30",
	})
	// The word that names the hours asked for is covered by a clock time, as "4 °C" covers
	// "temperature"; in a question that asks how many hours, it is a word like any other.
	clockSentence := &text.Sentence{Clock: true}
	for q, want := range map[string]bool{"What are the opening hours of the help site's live chat?": true, "¿Cuál es el horario del chat?": true,
		"How many hours a week is live chat open?": false} {
		an := e.c.analyse(q)
		found := false
		for _, g := range an.groups {
			if g.clock {
				found = true
				if coverage(clockSentence, g) != 1 {
					t.Errorf("%q: a clock time does not cover %v", q, g.alts)
				}
			}
		}
		if found != want {
			t.Errorf("%q: a word covered by a clock time: %v, want %v", q, found, want)
		}
	}
	// "Horario de verano" is daylight saving time: its questions ask for a date, not an hour.
	dst := corpusEngine(t, map[string]string{
		"reloj.txt": "El horario de verano terminó el domingo 27 de octubre y los relojes se atrasaron una hora.\n\n" +
			"El termostato pasa al modo noche a las 22:00 y vuelve al modo día a las 6:30.\n",
	})
	wantSentences(t, dst, map[string]string{
		"¿Cuándo terminó el horario de verano?":              "27 de octubre",
		"¿Cuál es el horario del modo noche del termostato?": "22:00",
	})
	for q, want := range map[string]bool{"¿cuándo terminó el horario de verano?": false, "¿en qué fecha acaba el horario de invierno?": false,
		"¿cuál es el horario de la biblioteca?": true, "¿horarios de verano de la piscina?": true,
		// the hours named as what is asked, in a question or as a keyword query; not a date
		"what are the live chat hours on sunday?": true, "sunday live chat hours?": true, "cafe opening hrs sunday": true,
		"what is the deadline for the scholarship?": false, "steam train departure dates": false} {
		if got := clockAsked(q, text.Words(q)); got != want {
			t.Errorf("clockAsked(%q) = %v, want %v", q, got, want)
		}
	}
}

// A yes-or-no question answered no is also told the sentence after, which most often says what
// to do instead; an answer of yes, or an answer to another kind of question, is not.
func TestPolarNoSaysWhatInstead(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"lessons.txt": "Missed swimming lessons are not refunded. If you tell us by 9:00 on the day, your child can join a make-up lesson that week.\n\n" +
			"Swimming lessons can be moved to another weekday at reception. Bring a towel and a swimming cap.\n\n" +
			"Memberships have a minimum term of 3 months.\n\nTo end it, use the form in the app or email memberships@example.org. " +
			"Memberships cannot be cancelled over the phone.\n",
	})
	e.c.threshold = -1
	for q, want := range map[string]struct{ holds, lacks string }{
		// The no ends its paragraph: the alternative is the sentence before it.
		"Can I cancel my membership over the phone?":                {"form in the app", "minimum term"},
		"My son missed a swimming lesson. Can I get my money back?": {"make-up", ""},
		"Can swimming lessons be moved to another weekday?":         {"moved", "towel"},
		"Why are missed swimming lessons not refunded?":             {"not refunded", "make-up"},
	} {
		a := ask(t, e, q)
		if !strings.Contains(a.Text, want.holds) || want.lacks != "" && strings.Contains(a.Text, want.lacks) {
			t.Errorf("Ask(%q) = %q, want it to hold %q and not %q", q, a.Text, want.holds, want.lacks)
		}
	}
}

// The sentence after a rule that states its condition or exception ("If …", "Si …", 如果) is quoted
// with the rule, and the rule with it, as is one that points back to it ("Until then …"): the
// asker's case is often the exception. A why question gets the rule alone
// (TestPolarNoSaysWhatInstead).
func TestRuleQuotedWithItsException(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"card.txt": "Membership is free for anyone who lives, works or studies in Alderbrook, and every member gets a library card. " +
			"If you work or study here but live elsewhere, a recent payslip takes the place of the proof of address.\n\n" +
			"The data of a forgotten snapshot stays in the repository until prune runs. " +
			"Until then, the recover command can make a new snapshot from it.\n\n" +
			"Opening hours are 9:00 to 17:00 on weekdays.\n",
		"warranty.txt": "The warranty follows the thermostat, not the owner, as long as it stays installed in the same home. " +
			"If you sell your home, transfer ownership in the app so that the new owner can make claims.\n\n" +
			"The warranty lasts two years from the date of purchase.\n",
		"residencia.txt": "La fianza de la residencia se devuelve entera al final del curso académico. " +
			"Si el alumno deja la residencia antes de junio, pierde la mitad.\n\nLas visitas se registran en conserjería.\n",
	})
	wantSentences(t, e, map[string]string{
		"I work in Alderbrook but live in another town. Can I still get a free library card?": "payslip",
		"I forgot a snapshot by mistake but have not pruned yet. Can I get it back?":          "recover command",
		"¿Cuándo se devuelve la fianza?":                                                      "pierde la mitad",
		// The sentence that matches is the exception: the rule before it goes with it.
		"If I sell my home, can the new owner make claims?": "as long as it stays installed",
	})
}

// A why question is answered by a purpose as by a cause ("so that …", 为了): the sentence that
// gives it is preferred to its neighbour, which matches the question as well.
func TestPurposeAnswersWhy(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"spa.md": "# Spa\n\nGuests who are not staying at the hotel can buy a day pass for €35 on weekdays and €45 at weekends, " +
			"including a towel. We sell at most 8 day passes a day, so that the spa stays quiet for hotel guests.\n\n" +
			"The sauna is for guests aged 16 and over.\n",
	})
	wantSentences(t, e, map[string]string{"Why is the number of day passes limited to eight a day?": "stays quiet"})
}

// A question that asks for several things of a kind is answered by the sentence that lists them
// rather than by its neighbour that names the kind as well: "What pillows can I choose from?"
// matched the sentence about choosing a pillow as well as the pillow menu.
func TestListQuestionsPreferAList(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"guide.md": "# Your stay\n\nPillows can be swapped at reception at any time. " +
			"Pillows come in memory foam, buckwheat and microfibre.\n\n" +
			"Cards are accepted at reception and in the bar. Cards accepted: Visa, Mastercard and American Express.\n",
	})
	wantSentences(t, e, map[string]string{
		"What pillows are there?":   "buckwheat",
		"Which cards are accepted?": "Mastercard",
		"¿Qué tarjetas aceptan?":    "Mastercard",
	})
}

// listAsked reads which questions ask for several things of a kind.
func TestListAsked(t *testing.T) {
	for q, want := range map[string]bool{
		"Which countries is BYD building car plants in?":      true,
		"What kinds of pillows are there?":                    true,
		"What tools do I need to fit the thermostat?":         true,
		"In which towns does the bus stop?":                   true,
		"¿Qué tarjetas de crédito aceptan?":                   true,
		"¿En qué tipos de habitación cabe una cama?":          true,
		"¿Cuáles son las tarifas de 2025?":                    true,
		"诊所的会员计划包括哪些服务？":                                      true,
		"What happens if my direct debit bounces?":            false, // "happens" is the verb
		"What does the plan cost?":                            false,
		"Which company owns Taobao?":                          false,
		"¿Por qué las habitaciones adaptadas no se reservan?": false, // por qué: why
		"How many buses run on Sundays?":                      false,
	} {
		lower := strings.ToLower(q)
		if got := listAsked(lower, text.Words(lower)); got != want {
			t.Errorf("listAsked(%q) = %v, want %v", q, got, want)
		}
	}
}

// "What counts as X?" asks what X is: the sentence that defines X answers it, not the one that
// counts X ("counts" is how the question asks, not what it asks about).
func TestWhatCountsAsIsADefinition(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"su7.txt": "Xiaomi said it had taken 88,898 locked-in orders in the first 24 hours. " +
			"A locked-in order is one where the buyer has paid a deposit of 5,000 yuan that can no longer be refunded.\n",
	})
	wantSentences(t, e, map[string]string{"What counts as a locked-in order?": "deposit"})
}

// A how question answered by an instruction gets the instructions after it in its paragraph: a
// procedure told in sentences is one answer.
func TestHowQuestionsQuoteTheSteps(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"water.txt": "Leaks. Close the blue valve at the head of your row if a pipe leaks. " +
			"Push an orange flag into the ground next to the leak. Call the water steward at 555-0147.\n\n" +
			"The water runs from March to November.\n",
	})
	wantSentences(t, e, map[string]string{"What should I do if a pipe in my row leaks?": "orange flag"})
	if a := ask(t, e, "What should I do if a pipe in my row leaks?"); !strings.Contains(a.Text, "555-0147") {
		t.Errorf("the steps after the first: %q", a.Text)
	}
	// A numbered procedure: the next step is the next item of the list.
	e = corpusEngine(t, map[string]string{
		"leaks.md": "# If a pipe leaks\n\n1. Close the blue valve at the head of your row: a quarter turn.\n" +
			"2. Call or text the water steward at 555-0147.\n3. Push an orange flag into the ground next to the leak.\n\n" +
			"# Watering\n\nThe water runs from March to November.\n",
	})
	// What is picked, whatever the confidence (see TestOfflineAnswersAChineseTranslatedName).
	e.c.threshold = -1
	if a := ask(t, e, "Water is gushing out of a pipe in my row. What should I do?"); !strings.Contains(a.Text, "blue valve") || !strings.Contains(a.Text, "555-0147") {
		t.Errorf("the numbered steps after the first: %q", a.Text)
	}
}

// A how question whose best window ends on the problem ("… direct overlay is off by a few hundred
// metres.") goes on to the instruction after it in its paragraph, which says what to do.
func TestHowQuestionsQuoteWhatToDoAfterTheProblem(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"maps.md": "# Maps\n\nTo use a local map server, set its address in `map.tile_url`. Local maps use the GCJ-02 coordinate system while photo GPS data is WGS-84, so direct overlay puts photos a few hundred metres off. " +
			"Set `map.coordinate_system: gcj02` in the settings file.\n\n" +
			"# Faces\n\nFace recognition runs at night.\n",
	})
	wantAnswerHolds(t, e, "My photos show up a few hundred metres off on the local map. How do I fix it?", "gcj02", "the instruction after the problem")
}

// wantAnswerHolds asks q at the shipped operating point and fails unless it is answered with a
// text that holds want (why says what want stands for).
func wantAnswerHolds(t *testing.T, e *Engine, q, want, why string) {
	t.Helper()
	if a := ask(t, e, q); a.Abstained || !strings.Contains(a.Text, want) {
		t.Errorf("Ask(%q) = %q, want %s (%q)", q, a.Text, why, want)
	}
}

// A why question whose best window restates what it asks ("Faster first backups. The first backup
// took 3 h 41 min …") goes on to the sentence after it in its paragraph that gives the reason.
func TestWhyQuestionsQuoteTheReason(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"release-notes.html": "<html><body><h1>What is new</h1>\n<ul>\n" +
			"<li><strong>Faster first backups.</strong> The first backup of the reference set took 3 h 41 min with 3.0, against 5 h 58 min with 2.6. " +
			"Most of the gain comes from hashing and encrypting on several cores at once.</li>\n" +
			"<li><strong>Larger packs.</strong> The new default pack size is 16 MiB, which makes listing faster on object storage.</li>\n</ul>\n" +
			"<h2>Upgrading</h2>\n<p>Stop every running backup before you install 3.0.</p>\n</body></html>\n",
	})
	wantSentences(t, e, map[string]string{"Why are first backups faster in 3.0?": "several cores"})
	// A rule's reason follows it in its paragraph, often with no word that marks it as one.
	e2 := corpusEngine(t, map[string]string{
		"spa.md": "# Sauna\n\nThe sauna and steam bath are for guests aged 16 and over. " +
			"Heat strains the circulation more in young bodies than in adults.\n\n" +
			"# Pool\n\nThe pool is open from 7:00 to 22:00. Towels are at the desk.\n",
	})
	wantSentences(t, e2, map[string]string{"Why can't children under 16 use the sauna?": "strains the circulation"})
	// A window that gives a reason itself gets no other sentence.
	if a := ask(t, e, "Why does listing get faster on object storage?"); strings.Contains(a.Text, "Stop every") || strings.Contains(a.Text, "several cores") {
		t.Errorf("a reason quoted with another: %q", a.Text)
	}
}

// wantSentences asks each question with abstention off (the choice of sentence, not the abstention
// model, is under test) and checks that the answer quotes the sentence holding its want.
func wantSentences(t *testing.T, e *Engine, wants map[string]string) {
	t.Helper()
	e.c.threshold = -1
	for q, want := range wants {
		if a := ask(t, e, q); a.Abstained || !strings.Contains(a.Text, want) {
			t.Errorf("Ask(%q) = %q, want the sentence with %q", q, a.Text, want)
		}
	}
}

// A question that asks for a year is not answered by a clock time or a weekday, and one that asks
// for a share, a price or a temperature prefers an amount of that class to any other figure.
func TestAnswerTypeGrain(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"workshop.txt": "The restoration workshop opens on Tuesdays and Thursdays from 9:00 to 14:00.\n\n" +
			"The workshop was set up in 1998 in the old engine shed.\n",
		"fridges.txt": "Check and write down the temperature of every fridge and freezer twice a day, at 7:00 and at 15:00.\n\n" +
			"Fridges must stay between 0 and 4 °C, and freezers at -18 °C.\n",
	})
	wantSentences(t, e, map[string]string{
		"In what year was the restoration workshop set up?":         "1998",
		"What temperature must the fridges and the freezers be at?": "4 °C",
	})
	// The opening hours cover the question best, but say no year.
	if a := ask(t, e, "Since when has the workshop opened on Tuesdays and Thursdays?"); strings.Contains(a.Text, "9:00") {
		t.Errorf("a year question is answered by the opening hours: %q", a.Text)
	}
}

// A question that names a measure without asking for one ("What stance on price cutting …?",
// "What did the bureau do about the price cuts?") is answered by what it asks, not by an amount:
// read as asking for a price, it needed a figure and quoted one.
func TestMeasureNamedNotAsked(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"coffee.txt": "Lindenbrew's chief executive, Mara Quell, told analysts in March 2025 that the chain would not start a price war, but would not lose a customer on price either.\n\n" +
			"A latte at Lindenbrew costs 9.9 yuan after the price cuts, and an americano 7.9 yuan.\n\n" +
			"In April the market regulator summoned the chains and told them to stop selling below cost.\n\n" +
			"If you miss a barista course without telling us, we charge £25 and you lose your place on the list.\n\n" +
			"If you forget to turn up for your barista course, we will call you to book another date.\n",
	})
	wantSentences(t, e, map[string]string{
		"What stance on price cutting did Lindenbrew's chief executive take?": "would not start a price war",
		"What did the market regulator do about the price cuts?":              "summoned the chains",
		"What does a latte at Lindenbrew cost after the price cuts?":          "9.9 yuan",
		// The question word after a condition asks as one at the start does.
		"If I forget to turn up for my barista course, what will you charge me?": "£25",
	})
}

// An English question over a Spanish document meets it through a cognate the glossary does not
// list ("biography", "biografía", not "bibliografía"), and the answer quotes and cites the Spanish
// sentence.
func TestCognatesBridgeLanguages(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"archivo.txt": "Tomás Vidal escribió la bibliografía de la línea en 1930.\n\n" +
			"Carmen Ruiz escribió la biografía del primer director en 1952.\n\n" +
			"La sala de lectura abre los lunes por la tarde.\n",
	})
	a := ask(t, e, "Who wrote the biography?")
	if a.Abstained || !strings.Contains(a.Text, "Carmen Ruiz") || len(a.Citations) == 0 ||
		a.Citations[0].File != "archivo.txt" || a.Citations[0].Paragraph != 2 {
		t.Errorf("Ask = %q, %+v; want Carmen Ruiz cited from archivo.txt ¶2", a.Text, a.Citations)
	}
}

// An English question over a Spanish document meets it through the general glossary's everyday
// words ("furgoneta" a van, "remolque" a trailer, "nevera" a fridge, "turismo" in Spain a passenger
// car), and the answer quotes and cites the Spanish sentence. None of these is a cognate: without
// the glossary's entries for them (before session 8's larger glossary) the question's head noun
// meets nothing in the document, and the first three questions are refused.
func TestEverydaySpanishWords(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"flota.txt": "El ayuntamiento tiene 12 furgonetas eléctricas para el reparto a los colegios.\n\n" +
			"Los remolques se guardan en el almacén del puerto.\n\n" +
			"Las bicicletas se guardan en el patio del colegio.\n\n" +
			"Los turismos de la flota municipal son híbridos desde 2021.\n\n" +
			"Las neveras de los centros de salud se revisan cada mes.\n\n" +
			"Los extintores de los centros de salud se revisan cada semana.\n",
	})
	for _, tt := range []struct {
		q, quote  string
		paragraph int
	}{
		{"How many vans does the city council have?", "12 furgonetas", 1},
		{"Where are the trailers kept?", "almacén del puerto", 2},
		{"Since when are the passenger cars hybrids?", "desde 2021", 4},
		{"When are the fridges in the health centres checked?", "cada mes", 5},
	} {
		a := ask(t, e, tt.q)
		if a.Abstained || !strings.Contains(a.Text, tt.quote) || len(a.Citations) == 0 ||
			a.Citations[0].File != "flota.txt" || a.Citations[0].Paragraph != tt.paragraph {
			t.Errorf("Ask(%q) = %q, %+v; want %q cited from flota.txt ¶%d", tt.q, a.Text, a.Citations, tt.quote, tt.paragraph)
		}
	}
}

// A question whose head noun is a kind of named thing ("what organisation", "qué empresa") asks for
// a name, as "which" does: the sentence that names the foundation beats one that covers as many
// of the question's words but names nobody.
func TestWhatOrganisationAsksForAName(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"voluntarios.txt": "Desde su apertura en 1990, el museo funciona gracias a sus voluntarios. Hoy colaboran con nosotros sesenta y dos personas.\n",
		"history.md":      "# History\n\nSince 2009 the museum has been run by the Fundación Museo del Ferrocarril de Valdemora, whose board includes the town council.\n",
	})
	wantSentences(t, e, map[string]string{
		"What organisation runs the museum today?":                "Fundación",
		"What's the name of the body that runs the museum today?": "Fundación",
	})
	for q, want := range map[string]bool{"What organisation runs the museum?": true, "¿Qué empresa lleva las nóminas?": true,
		"What is the name of the firm?": true, "What company policy applies?": true, "What time does it open?": false,
		"What does the museum do today?": false} {
		if got := questionType(q); (got == typeEntity) != want {
			t.Errorf("questionType(%q) = %s, want entity %v", q, got, want)
		}
	}
}

// A question that asks who or which one ("Which rival overtook JD.com?") asks for the subject of
// its answer: the platform it names is an object or an aside there, so a sentence that names it
// only in passing is about it enough, and beats one about it that does not answer.
func TestWhoQuestionsNameThePlatformAnywhere(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"a.txt": "JD.com keeps investing in its own logistics network.\n\n" +
			"Douyin has achieved remarkable growth in e-commerce, surpassing competitors like JD.com.\n",
	})
	wantSentences(t, e, map[string]string{
		"Which rival overtook JD.com?": "Douyin has achieved",
	})
}

// A who question is answered by a post as well as by a name ("the exams officer"), but not by
// the post it asks about: "Who is the fire warden?" is not answered by "Each shop has a fire
// warden".
func TestWhoQuestionsAndPosts(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"rules.txt": "Extensions of up to five days are granted automatically when you apply before the deadline.\n\n" +
			"Longer extensions can only be granted by the exams officer.\n\n" +
			"Each shop has a fire warden, named on the noticeboard, who checks the extinguishers every month.\n",
	})
	wantSentences(t, e, map[string]string{
		"Who can grant longer extensions?": "Longer extensions can only be granted by the exams officer.",
	})
	if fit := windowFit(t, e, "Who can grant longer extensions?", "Longer extensions"); fit < 1 {
		t.Errorf("a post answers who: fit %.2f, want 1", fit)
	}
	if fit := windowFit(t, e, "Who is the fire warden?", "Each shop has a fire warden"); fit >= 1 {
		t.Errorf("the post asked about answered who: fit %.2f", fit)
	}
}

// The measure a quantity question asks for is covered by an amount of its unit class: "4 °C"
// answers "what temperature" although the sentence never says "temperature", and beats the
// sentence that says "temperature" and gives only the times of the checks and a threshold.
func TestAmountCoversItsMeasure(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"safety.txt": "COLD FOOD. Below 5 °C most bacteria grow very slowly; between 5 and 63 °C they can double every twenty minutes. " +
			"Check and write down the temperature of every fridge and freezer twice a day, at 7:00 and at 15:00. " +
			"Fridges must stay between 0 and 4 °C, freezers at -18 °C or colder.\n",
	})
	wantSentences(t, e, map[string]string{
		"What temperature must the fridges be at, and the freezers?": "-18 °C",
	})
	for w, want := range map[string]string{"temperature": text.UnitTemperature, "Precio": text.UnitMoney, "温度": text.UnitTemperature,
		"share": text.UnitPercent, "fridge": ""} {
		if got := text.UnitWord(w); got != want {
			t.Errorf("text.UnitWord(%q) = %q, want %q", w, got, want)
		}
	}
}

// Chat users type Spanish without accents: "cuanto cuesta" asks a quantity as "cuánto cuesta" does.
// questionType is the answer type of q as the question analysis reads it: of the part that asks
// (see [askedPart]).
func questionType(q string) string {
	lower, ws := strings.ToLower(q), text.Words(q)
	asked, _ := askedPart(lower, q, ws)
	return answerType(asked, ws, text.DetectLanguage(q))
}

func TestAnswerTypeWithoutAccents(t *testing.T) {
	for q, want := range map[string]string{
		"cuanto cuesta el abono mensual":         typeQuantity,
		"cuantas bicis hay en la estacion":       typeQuantity,
		"cuando abre el museo los domingos":      typeTime,
		"en que año se inauguro la linea":        typeTime,
		"por que cerro la estacion":              typeReason,
		"donde esta el punto de reunion":         typePlace,
		"cual es la plataforma con mas usuarios": typeEntity,
		"Cuál fue el GMV de Douyin":              typeQuantity,
		// 几 asks how many, but not after 哪: 哪几天 asks which days.
		"大楼要关闭，是哪几天？": typeTime,
		"评选结果哪天公布？":   typeTime,
		"有哪几家公司参加？":   typeEntity,
		"一共有几家公司参加？":  typeQuantity,
		// 哪位 and 什么人 ask which person, as 谁 does; 哪 alone asks which thing.
		"哪位车企老板预言只剩七家大车厂？": typePerson,
		"负责讲座的是什么人？":       typePerson,
		// The time of day is asked for as a time: the answer is a clock time.
		"What time does the last tram run?":   typeTime,
		"¿A qué hora cierra el punto limpio?": typeTime,
		"最早几点可以把桶推出去？":                        typeTime,
		// A question word keeps its preposition in front: it asks what it would at the start.
		"At what temperature are the ovens set?": typeQuantity,
		"To whom do I send the form?":            typePerson,
		"¿En qué año abrió la estación?":         typeTime,
		"From where does the night bus leave?":   typePlace,
		// A keyword query asks for the measure or time noun it names; a longer message or one
		// with a verb asking yes or no does not.
		"gym price per month?":                                   typeQuantity,
		"pool opening hours saturday?":                           typeTime,
		"hey can i check the opening hours online":               typeOther,
		"my nan is 82 and wants a price for the gym, any chance": typeOther,
		// After another question word, "who" opens a relative clause; it asks who at the start,
		// after a verb, and in Spanish after a preposition.
		"What can happen to a student who gets a friend to take the exam?": typeOther,
		"Can you tell me who runs the front desk?":                         typePerson,
		"¿Quién se encarga de la traducción al chino?":                     typePerson,
		"¿A quién tengo que escribir?":                                     typePerson,
		// A clause opened by "when" sets the scene when a question word follows its comma; an
		// unaccented "cuando" after another question word joins a clause.
		"When I report a fault, how do I follow it up?":         typeHow,
		"When Jiang Fan built mobile Taobao, who led the team?": typePerson,
		"When does the pool open, and on which days?":           typeTime,
		// 咋 is the spoken 怎么 ("how")
		"nginx反代上传视频报413 咋整": typeHow,
		"门禁卡丢了咋办":            typeHow,
		// 什么办法 and 什么方法 ask for a way to do something
		"应用商店里下载不到验证器，还有什么办法？": typeHow,
		"有什么方法可以不排队？":          typeHow,
		// The last clause asks; the clauses before it state the situation, and 几百米 in them is
		// "a few hundred metres".
		"换成高德地图以后照片位置偏了几百米，怎么解决？": typeHow,
		// 星期几, 几号 and 几月 ask which day, date or month, not how many; 啥时候 asks when and
		// 为啥 why, as 什么时候 and 为什么 do.
		"陈医生星期几上班":                              typeTime,
		"报名截止到几号？":                              typeTime,
		"大泳池啥时候重新开？":                            typeTime,
		"为啥八月要关门两个星期？":                          typeReason,
		"las propinas de mayo cuando las cobro": typeTime,
		// A Spanish question that marks what it asks with "¿" writes "cuándo" with its accent:
		// the words before the mark set the scene, and an unaccented "cuando" after the
		// clause's opening is the conjunction.
		"¿Puedo alquilar una habitación por Airbnb cuando me voy de vacaciones?":                    typeOther,
		"Cuando transfiero la propiedad al comprador de mi casa, ¿qué pasa con los demás miembros?": typeOther,
		"¿Cuántas veces reintenta Skerry una petición cuando el almacenamiento responde 429?":       typeQuantity,
		"¿Hasta cuando tengo para devolver las llaves?":                                             typeTime,
		"¿Cuándo se reúne el grupo de mujeres?":                                                     typeTime,
		"Según la analista, ¿hasta cuándo seguirá la guerra de precios?":                            typeTime,
		"¿Puede encenderse la resistencia cuándo hace calor?":                                       typeTime,
		// The term a "what is" question asks about: a hyphenated compound is one word, and a
		// name for it in brackets is not more of it.
		"What is micro-commerce (microcomercio), according to the Spanish article?": typeDefinition,
		"What is a help-desk ticket?": typeDefinition,
		// Other ways to ask what a term means: what counts as it, what is it exactly, what it
		// stands for, what "quiere decir", 什么叫.
		"For the SU7, what counts as a 'locked-in order'?": typeDefinition,
		"What exactly is an acequia?":                      typeDefinition,
		"What does HELOC stand for?":                       typeDefinition,
		"¿Qué quiere decir RAEE?":                          typeDefinition,
		"什么叫全托管？":                                          typeDefinition,
		// Spanish "es" is a word, not the end of English "does".
		"What does one night at Lakeshore cost?": typeQuantity,
		"What does the analyst expect?":          typeOther,
		"¿Qué es el microcomercio?":              typeDefinition,
		// A "what are the …" question whose head noun is a time asks for one.
		"What are the live chat hours on Sunday?":          typeTime,
		"What is the application deadline for the course?": typeTime,
		"¿Cuál es la fecha límite de inscripción?":         typeTime,
		"What is the date format of the export file?":      typeOther, // its head noun is "format"
		"What's the closing date?":                         typeTime,
		"On what exact date did MFA become compulsory?":    typeTime,
		// "date" in the scene is not asked for
		"I set the wrong date on my camera. How do I fix the photos?": typeHow,
		"Puse mal la fecha en la cámara. ¿Cómo arreglo las fotos?":    typeHow,
		"¿En qué fecha empieza el curso?":                             typeTime,
		// A day asked for is a date or a weekday, as a date is
		"Now that the calendar has changed, on what day does the term finish?": typeTime,
		"¿Qué día pasa el camión de la basura?":                                typeTime,
		"On which days can I catch the mobile library?":                        typeTime,
		"¿fecha de inicio del curso?":                                          typeTime,
	} {
		if got := questionType(q); got != want {
			t.Errorf("questionType(%q) = %s, want %s", q, got, want)
		}
	}
	for _, q := range []string{"¿A qué se refieren las normas cuando hablan de RAEE?", "When I report a fault, what does the reference number look like?"} {
		if got := questionType(q); got == typeTime {
			t.Errorf("questionType(%q) = %s: the when-clause does not ask when", q, got)
		}
	}
}

// A count of something else does not answer "how many X": the window must name what is counted
// (text.CountedWord), unless it holds an amount of the unit the question asks for ("how much time"
// is answered by "fifteen days").
func TestCountedNoun(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"fleet.txt": "At the end of 2023 the Gull fleet had 1,450 bikes, 400 of them electric.\n\nGull riders renewed 3,200 annual passes in 2023.\n",
		"leave.txt": "Marriage leave: fifteen calendar days, paid, to be taken within a year of the wedding.\n",
	})
	fit := func(q string) float64 { return picked(t, e, q).evidence[fFit] }
	if f := fit("How many bike trips did Gull riders make in 2023?"); f >= 0 {
		t.Errorf("fit of a count of bikes for a question about bike trips = %.2f, want below 0 (log of a poor fit)", f)
	}
	if f := fit("How many bikes did the Gull fleet have at the end of 2023?"); f < 0 {
		t.Errorf("fit of a count of bikes for a question about bikes = %.2f, want 0", f)
	}
	if f := fit("How much time off do I get for my wedding?"); f < 0 {
		t.Errorf("fit of fifteen days for 'how much time' = %.2f, want 0", f)
	}
	// "How many X" asks for a number of things: an amount of a unit beside X is not one, but when
	// X is itself a unit ("how many days") it is.
	e2 := corpusEngine(t, map[string]string{
		"sensors.txt": "Keep each room sensor within 3 metres of the thermostat while you pair it.\n\nOne thermostat pairs with up to six sensors.\n",
		"leave.txt":   "Marriage leave: fifteen calendar days, paid, to be taken within a year of the wedding.\n",
	})
	if f := picked(t, e2, "How many room sensors can I pair with the thermostat?").evidence[fFit]; f != 0 {
		t.Errorf("fit for a question counting sensors = %.2f, want 0 (six sensors)", f)
	}
	if a := ask(t, e2, "How many room sensors can I pair with the thermostat?"); !strings.Contains(a.Text, "six sensors") {
		t.Errorf("answer = %q, want the one that counts sensors", a.Text)
	}
	if f := fit("How many days of marriage leave do I get?"); f < 0 {
		t.Errorf("fit of fifteen days for 'how many days' = %.2f, want 0", f)
	}
	// In Chinese, what 多少 counts follows it, past a measure word (text.CountedHan).
	e = corpusEngine(t, map[string]string{
		"factory.txt": "上海超级工厂2019年1月开工，年产能为95万辆。\n\n上海超级工厂共有2万名员工。\n",
	})
	if f := fit("上海超级工厂有多少名工程师？"); f >= 0 {
		t.Errorf("fit of a factory's capacity and staff for a question about its engineers = %.2f, want below 0", f)
	}
	if f := fit("上海超级工厂有多少名员工？"); f < 0 {
		t.Errorf("fit of a count of staff for a question about staff = %.2f, want 0", f)
	}
}

// A sentence that opens by pointing back ("The company …") names what its paragraph-less
// antecedent names: a web page or a Markdown file often gives every sentence a paragraph of its
// own, and the sentence before is then in the paragraph before.
func TestAntecedentAcrossParagraphs(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"news.md": "# Food delivery in 2024\n\nMeituan's food delivery business grew by 30% in 2024, the company said on Monday.\n\n" +
			"The company now counts 770 million annual users, up from 680 million a year earlier.\n",
	})
	a := ask(t, e, "How many annual users does Meituan have?")
	if a.Abstained || !strings.Contains(a.Text, "770 million") || len(a.Citations) == 0 || a.Citations[0].Paragraph != 3 {
		t.Errorf("Ask = %q (citations %v), want the sentence on 770 million users, ¶3", a.Text, a.Citations)
	}
	// The same for a platform of the catalog: the sentence is about what its antecedent is about.
	e = corpusEngine(t, map[string]string{
		"news.md": "# Short video in 2024\n\nDouyin's shopping business grew by 30% in 2024, the company said on Monday.\n\n" +
			"The platform now counts 760 million daily active users, up from 700 million a year earlier.\n",
	})
	a = ask(t, e, "How many daily active users does Douyin have?")
	if a.Abstained || !strings.Contains(a.Text, "760 million") {
		t.Errorf("Ask = %q, want the sentence on 760 million users", a.Text)
	}
}

// A figure in a sentence that sets the scene before the question ("about 25 kids") is the asker's:
// the answer need not hold it. In the question proper it must ("Was it 2019?").
func TestSceneFiguresAreNotRequired(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"visit.md": "# Groups\n\nGroups must book at least ten days ahead by writing to the office, so that a guide can be assigned.\n\n" +
			"The museum received 41,300 visitors in 2023, its best year so far.\n",
	})
	// The choice of sentence is under test, not the abstention model: with abstention off, the
	// question proper's figures still rule every sentence out.
	wantSentences(t, e, map[string]string{
		"We're bringing a school group of about 25 kids. How far in advance do we have to book?": "ten days ahead",
	})
	a := ask(t, e, "How far in advance must a group of 25 kids book?")
	if !a.Abstained {
		t.Errorf("Ask = %q, want an abstention: the question proper asks about 25 kids", a.Text)
	}
}

// The words of a sentence that sets the scene or tells about the asker ("he's calm, gentle, well
// behaved and quiet") weigh half those of the sentence that asks: they are context, and a sentence
// matching them is no answer to what is asked.
func TestSceneWordsWeighLess(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"rules.md": "# House rules\n\nDo not bring dogs into the building, except assistance dogs.\n\n" +
			"Calm, gentle, well-behaved and quiet children under eight may swim with an adult.\n",
	})
	wantSentences(t, e, map[string]string{
		"can i bring my dog in? he's calm, gentle, well behaved and quiet":       "assistance dogs",
		"He is calm, gentle, well behaved and quiet. Can I bring my dog inside?": "assistance dogs",
		// Asked, the same words count in full.
		"Can calm, gentle, well-behaved, quiet kids swim?": "under eight",
	})
}

// A why-question is answered by the sentence that gives the reason together with the sentence it
// explains, also when the reason comes first and a long paragraph's chunks part the two.
func TestReasonInTheSentenceBefore(t *testing.T) {
	filler := "The market matches supply with demand across every region and season of the year, and its platforms keep growing. "
	// Two fillers and the long reason make the first chunk; the sentence asked about starts the
	// second, which does not repeat the reason (longer than the chunker's overlap).
	reason := "Because shoppers kept disputing the quality of what the streamers and celebrities sold them over the last two years, " +
		"buyers now say they will only believe what they see with their own eyes, from the field to the shelf. "
	e := corpusEngine(t, map[string]string{
		"a.txt": filler + filler + reason + "Some manufacturers have begun to livestream their production lines to shoppers. " +
			filler + filler + filler + "\n\nThe depot is open to visitors on Sundays.\n",
	})
	q := "Why have some manufacturers begun to livestream their production lines?"
	a := ask(t, e, q)
	if a.Abstained || !strings.Contains(a.Text, "disputing the quality") {
		t.Errorf("Ask = %q, want the reason in the sentence before", a.Text)
	}
	// Given only the second chunk (a larger corpus fills the retrieved passages with others), the
	// answer still reaches back for the reason.
	second := passagesStarting(t, e, q, 5, "Some manufacturers")
	pk := e.c.answer(e.c.analyse(q), second)
	if len(pk.units) == 0 || !strings.Contains(pk.units[0][0].quote(), "disputing the quality") {
		t.Errorf("answer from the second chunk alone = %v, want it to open with the reason", pk.units)
	}
}

// A question that asks for a contact detail (an e-mail address, a telephone number, a web address)
// is answered only by a sentence that holds one: a sentence that names the person is a near miss.
// The detail may be in the sentence after the one that names her.
func TestContactDetailsAreAnswerTypes(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"a.txt": "Students with flights booked before 17 December should speak to Pieter de Wit by 1 October.\n\n" +
			"Questions about grades go to the exams officer, Ana Ruiz. You can reach her at ana.ruiz@clm.example.es any day.\n\n" +
			"The helpline, 0800 555 0190, answers 24 hours a day.\n",
	})
	if a := ask(t, e, "What is Pieter de Wit's email?"); !a.Abstained {
		t.Errorf("Ask(email of a person whose address the documents lack) = %q, want an abstention", a.Text)
	}
	if a := ask(t, e, "What is the email address of the exams officer?"); a.Abstained || !strings.Contains(a.Text, "ana.ruiz@clm.example.es") {
		t.Errorf("Ask(email of the exams officer) = %q, want her address", a.Text)
	}
	// The number is the answer, whatever the confidence (see
	// TestOfflineAnswersAChineseTranslatedName): "phone number" is no word of the three paragraphs.
	e.c.threshold = -1
	if a := ask(t, e, "What is the helpline's phone number?"); a.Abstained || !strings.Contains(a.Text, "0800 555 0190") {
		t.Errorf("Ask(phone number) = %q, want the helpline's number", a.Text)
	}
}

// A span of years in a question ("2025/26") is named by its first year: a notice headed with the
// span answers it, though the sentence itself gives only the first year.
func TestYearSpanInAQuestion(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"notices.txt": "13 January 2025 - Garden waste renewals for 2025/26\nFrom 1 April 2025 the garden waste subscription will cost £48 per bin instead of £45. Renew by 31 March 2025.\n\n" +
			"10 February 2025 - Strike by collection drivers\nDrivers have called a strike over pay from Monday 24 to Friday 28 February.\n",
	})
	a := ask(t, e, "What is the garden waste bin price for 2025/26?")
	if a.Abstained || !strings.Contains(a.Text, "£48") {
		t.Errorf("Ask = %q, want the price of £48", a.Text)
	}
}

// A year that a window's heading holds is held by the window, for an amount too: the accounts
// under "## 2023" answer "in 2023", not "in 2022".
func TestYearInTheHeading(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"report.md": "# Annual report\n\n## 2023\n\nOperating costs were $41.8 million.\n\nFares brought in $22.4 million.\n",
	})
	a := ask(t, e, "How much were the operating costs in 2023?")
	if a.Abstained || !strings.Contains(a.Text, "$41.8 million") {
		t.Errorf("Ask = %q, want the costs of $41.8 million", a.Text)
	}
	for _, cd := range picked(t, e, "How much were the operating costs in 2022?").related {
		if cd.score > 0 {
			t.Errorf("2022 is held by %q (score %.2f)", cd.first().quote(), cd.score)
		}
	}
}

// A figure that tells about the asker ("My son is 10") is a condition the answer applies to, not
// a fact it must repeat; a figure of the question's own fact still must be held.
func TestAskerFiguresAreConditions(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"tickets.txt": "Children under 12 pay €4 for a museum ticket; adults pay €8.\n\nThe museum shop opens at ten every morning.\n",
	})
	if a := ask(t, e, "My son is 10, how much is his museum ticket?"); a.Abstained || !strings.Contains(a.Text, "€4") {
		t.Errorf("Ask = %q, want the children's price", a.Text)
	}
	if a := ask(t, e, "How much is a museum ticket for 10 people?"); !a.Abstained {
		t.Errorf("Ask = %q, want an abstention: the documents give no price for 10 people", a.Text)
	}
}

// A figure asked in one language's notation meets the same figure in another's: Spanish writes a
// decimal comma ("36,8 %") where English writes a point, and its number is read whole.
func TestDecimalCommaFigures(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"baterias.txt": "En 2023 CATL suministró el 36,8 % de todas las baterías de coches eléctricos del planeta.\n\n" +
			"BYD fue segunda, con el 15,8 % del mercado mundial de baterías.\n",
	})
	wantSentences(t, e, map[string]string{
		"Which battery maker supplied 36.8% of the world's EV batteries in 2023?": "CATL suministró",
		"¿Quién tuvo el 15,8 % del mercado de baterías?":                          "BYD fue segunda",
	})
}

// A figure in the question is held by the answer by its value: "2.2 billion" is the source's "22
// Hundred million" (a literal translation of 22亿), and not another document's "2.2 million".
func TestScaledFigureByValue(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"nio.txt":  "Wei Lai funding\n\n2023 year 12 month 18 Japan , Abu Dhabi investment institution CYVN Announced to Wei Lai again invest 22 Hundred million dollars , This is the fund's second investment in Wei Lai that year .\n",
		"gulf.txt": "Desert start-ups\n\nIn 2023 the Abu Dhabi investment fund Gulf Harbour Capital invested 2.2 million dollars in a small battery start-up from Dubai.\n",
	})
	for _, q := range []string{
		"Which Abu Dhabi investor put 2.2 billion dollars into Wei Lai?",
		"¿Qué inversor de Abu Dabi invirtió 2.200 millones de dólares en Wei Lai?",
	} {
		a := ask(t, e, q)
		if a.Abstained || !strings.Contains(a.Text, "CYVN") || strings.Contains(a.Text, "Gulf Harbour") {
			t.Errorf("Ask(%q) = %q (abstained %v), want the CYVN sentence", q, a.Text, a.Abstained)
		}
	}
}

// A window of two sentences stays inside one list item (the end of P3's item and the start of
// P4's are about two things), and an item takes the words of the sentence that introduces its list,
// as a sentence takes its heading's.
func TestListItems(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"desk.md": "# Service desk\n\n## Priorities\n\n" +
			"- **P1 – Critical**: a service is down for a whole faculty or building. First response within 30 minutes, resolution target 4 hours.\n" +
			"- **P2 – High**: one person cannot work at all. First response within 2 hours, resolution target 1 working day.\n" +
			"- **P3 – Normal**: something is broken but there is a workaround. First response within 1 working day, resolution target 5 working days.\n" +
			"- **P4 – Request**: new software, access or equipment. First response within 2 working days, resolution target 10 working days.\n",
		"propinas.txt": "POLÍTICA DE PROPINAS\n\nCómo se reparten. Las propinas de las tres tiendas se juntan en un fondo común y se reparten una vez al mes:\n" +
			"- el 80 % entre el personal de mostrador y cafetería, en proporción a las horas trabajadas;\n" +
			"- el 15 % para el equipo del obrador, porque sin su pan no habría propinas;\n" +
			"- el 5 % para el fondo social, que paga la cena de Navidad del personal y ayudas de urgencia.\n",
	})
	for _, tt := range []struct{ q, want, not string }{
		{"What is the target time to resolve a P4 request?", "10 working days", "5 working days"},
		{"¿Qué es el fondo social de las propinas?", "ayudas de urgencia", "15 %"},
	} {
		a := ask(t, e, tt.q)
		if a.Abstained || !strings.Contains(a.Text, tt.want) || strings.Contains(a.Text, tt.not) {
			t.Errorf("Ask(%q) = %q (abstained %v), want %q and not %q", tt.q, a.Text, a.Abstained, tt.want, tt.not)
		}
	}
}

// A table row takes the words of the table's header row: "How much is a day pass for a child?" is
// answered by the row of the day pass, under the header that names the child fare; without the
// header, the row lacked "child" and a sentence on child day care was added to cover it.
func TestTableRowUnderHeader(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"fares.md": "# Fares\n\nChildren under five travel free with a paying adult. Child day care at Central Station costs €30 a week.\n\n" +
			"| Ticket | Adult fare | Child fare (5–15) |\n|---|---|---|\n| Single trip | €2.20 | €1.10 |\n| Day pass | €9 | €4.50 |\n| Annual pass | €220 | €95 |\n",
	})
	a := ask(t, e, "How much is a day pass for a child?")
	if a.Abstained || !strings.Contains(a.Text, "€4.50") || strings.Contains(a.Text, "€30") {
		t.Errorf("Ask = %q (abstained %v), want the day pass's row with €4.50, and not day care's €30", a.Text, a.Abstained)
	}
	// The citation names the row's columns by the header row, which is never quoted.
	const header, row = "| Ticket | Adult fare | Child fare (5–15) |", "| Day pass | €9 | €4.50 |"
	if len(a.Citations) != 1 || a.Citations[0].Quote != row || a.Citations[0].Columns != header {
		t.Fatalf("citations = %+v, want the quote %q with the columns %q", a.Citations, row, header)
	}
	if strings.Contains(a.Text, "Child fare") {
		t.Errorf("answer text %q quotes the header row", a.Text)
	}
	if got, want := a.Citations[0].ColumnNames(), "Ticket · Adult fare · Child fare (5–15)"; got != want {
		t.Errorf("ColumnNames() = %q, want %q", got, want)
	}
	// A quote that is not from a table has no columns.
	if a := ask(t, e, "Where does child day care cost €30 a week?"); a.Abstained || len(a.Citations) == 0 || a.Citations[0].Columns != "" {
		t.Errorf("Ask = %q (abstained %v, citations %+v), want the day care sentence without columns", a.Text, a.Abstained, a.Citations)
	}
}

// A sentence that introduces a table ("… at these rates:") is quoted with the table's rows, and the
// header row names their cells as the citation's columns: it structures the table and is never
// quoted (text.Structure), where the list quoted it with the rule under it.
func TestLeadQuotesTheRowsOfItsTable(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"fees.md": "# Fees\n\n## Lane hire\n\nMember clubs can hire extra lanes. The league re-lets those lanes to clubs at these rates:\n\n" +
			"| Code | Pool | Per lane per hour |\n|---|---|---|\n| LH-1 | Halden, 50 m | £46.00 |\n| LH-2 | Millford, 25 m | £28.00 |\n",
	})
	e.c.threshold = -1 // what is quoted, not whether it is confident
	a := ask(t, e, "At what rates does the league re-let lanes to clubs?")
	if !strings.Contains(a.Text, "£46.00") || !strings.Contains(a.Text, "£28.00") || strings.Contains(a.Text, "Per lane per hour") || strings.Contains(a.Text, "|---|") {
		t.Fatalf("Ask = %q, want the rows of the table without its header row", a.Text)
	}
	var rows *Citation
	for i := range a.Citations {
		if strings.Contains(a.Citations[i].Quote, "LH-1") {
			rows = &a.Citations[i]
		}
	}
	if rows == nil || rows.Columns != "| Code | Pool | Per lane per hour |" || strings.Contains(rows.Quote, "Code") {
		t.Errorf("citations = %+v, want the rows quoted with the header row as their columns", a.Citations)
	}
}

// A word of a table's header row counts for a row as fully as the row's own words (headerCover):
// the summer row under "First week starts" says when the summer term of lessons starts, more than
// a sentence on summer-term lessons that says nothing of a start. At a heading's half weight the
// sentence won.
func TestTableHeaderCoversItsRows(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"lessons.md": "# Swimming lessons\n\nLessons in the summer term are held in the outdoor pool whenever the weather allows.\n\n" +
			"| Term | First week starts | Last week ends |\n|---|---|---|\n| Spring 2026 | Monday 5 January 2026 | Sunday 29 March 2026 |\n" +
			"| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 |\n",
	})
	a := ask(t, e, "What is the first week of the summer term of lessons?")
	if a.Abstained || !strings.Contains(a.Text, "Monday 20 April 2026") || strings.Contains(a.Text, "outdoor pool") {
		t.Errorf("Ask = %q (abstained %v), want the summer row", a.Text, a.Abstained)
	}
}

// A table row is a record of its own: a year in another row of the table dates that row, so the
// row of the year asked for answers ("Which investor led the 2019 round?"), not a row the table
// lists first. A year elsewhere in a prose paragraph sets the scene for all its sentences; in a
// table it made every row hold 2019.
func TestYearInAnotherTableRow(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"funding.md": "# Funding\n\nVeloxa raised money from investors in several rounds.\n\n" +
			"| Round | Year | Amount | Investor that led it |\n|---|---|---|---|\n| Series A | 2017 | CVK 18 million | Amberline Ventures |\n" +
			"| Series B | 2019 | CVK 75 million | Halcyon Growth Partners |\n| Series C | 2021 | CVK 240 million | Meridian Sovereign Fund |\n",
	})
	e.c.threshold = -1 // what is picked, not whether it is confident
	for _, q := range []string{"Which investor led Veloxa's 2019 funding round?", "¿Qué inversor lideró la ronda de 2019 de Veloxa?"} {
		a := ask(t, e, q)
		if a.Abstained || !strings.Contains(a.Text, "Halcyon Growth Partners") || strings.Contains(a.Text, "Amberline") {
			t.Errorf("Ask(%q) = %q (abstained %v), want the 2019 row only", q, a.Text, a.Abstained)
		}
	}
}

// "How" and an adjective of measure asks for an amount, and the adjective's noun in -th is its
// synonym: "How deep is the main pool?" is answered by the depth in metres, not by the sentence on
// the deep end's repairs, which holds every word of the question but no amount.
func TestHowAndAMeasure(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"pool.md": "# Pools\n\nThe deep end of the main pool is closed for tile repairs this week.\n\n" +
			"The main pool has a depth of 1.0 to 2.0 metres and eight lanes.\n",
	})
	// What is picked, not whether it is confident: in a corpus of two sentences the English
	// question is answered with a confidence of 0.695, under the default threshold since the
	// operating point moved to 70% in session 45 (see abstainTarget).
	e.c.threshold = -1
	for _, q := range []string{"How deep is the main pool?", "¿Qué profundidad tiene la piscina principal?"} {
		if a := ask(t, e, q); a.Abstained || !strings.Contains(a.Text, "2.0 metres") {
			t.Errorf("Ask(%q) = %q (abstained %v), want the depth", q, a.Text, a.Abstained)
		}
	}
}

// The uncovered mass grows with what a question asks that the evidence does not say: a question
// that adds words the corpus has elsewhere ("library", "open", "nine") to what the fees sentence
// covers leaves more unsaid than one the sentence covers whole.
func TestUncoveredMass(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"fees.md": "# Fees\n\nFees include course materials and one attempt at each end-of-term exam.\n\nThe library opens at nine.\n",
	})
	short := picked(t, e, "What do fees include?").evidence
	long := picked(t, e, "What do fees include for library members who open an account at nine?").evidence
	if short[fMass] >= long[fMass] || long[fMass] <= 0 {
		t.Errorf("uncovered mass: short question %.2f, long question %.2f; want the long one's larger", short[fMass], long[fMass])
	}
}

// A question that asks only what a term means is answered by a sentence that defines the term,
// whatever the abstention model makes of a one-word question; one that names the term without
// defining it does not make it answered.
func TestDefinitionQuestions(t *testing.T) {
	e := newOfflineEngine(t)
	for _, q := range []string{"¿Qué significa microcomercio?", "¿Qué es el microcomercio?"} {
		a := ask(t, e, q)
		if a.Abstained || !strings.Contains(a.Text, "se refiere a un modelo de comercio electrónico") {
			t.Errorf("Ask(%q) = %q (abstained %v), want the definition", q, a.Text, a.Abstained)
		}
	}
	e = corpusEngine(t, map[string]string{
		"bikes.md": "# Bikes\n\nA station is a group of docks on the street. Every dock has a card reader.\n",
	})
	// Every candidate (the best first) names docks; none defines one.
	pk := picked(t, e, "What is a dock?")
	qu := e.c.analyse("What is a dock?")
	if len(pk.related) == 0 {
		t.Fatal("no candidate for a question the corpus names")
	}
	for _, cd := range pk.related {
		if e.c.definition(qu, cd) {
			t.Errorf("%q counts as a definition of a dock", cd.first().quote())
		}
	}
	if qs := e.c.analyse("What is a station?"); !e.c.definition(qs, picked(t, e, "What is a station?").related[0]) {
		t.Errorf("\"A station is a group of docks\" does not count as a definition of a station")
	}
}

// A troubleshooting page states a problem, then its cause and its fix, as labelled paragraphs: a
// question asking why is answered by the cause, one asking how by the fix, never by the problem
// it restates, however many of its words the problem repeats. The problem is the cause's and the
// fix's context, as a heading is.
func TestLabelledProblemCauseFix(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"troubleshooting.md": "# Troubleshooting\n\n## Large uploads fail\n\n" +
			"**Symptom:** Photos upload, but videos above a certain size fail with `413 Request Entity Too Large`.\n\n" +
			"**Cause:** The reverse proxy limits the size of requests; nginx accepts only 1 MB by default.\n\n" +
			"**Fix:** In nginx, set `client_max_body_size 0;` and reload it.\n\n" +
			"## Resetting a password\n\nTo reset a user's password:\n\n- Open the admin page.\n- Choose the user and press Reset.\n",
		"install.md": "# Install\n\nVideos are stored in the originals folder. Uploads go through the web interface.\n",
	})
	wantSentences(t, e, map[string]string{
		"Why do video uploads fail with a 413 error?":  "1 MB",
		"How do I fix video uploads failing with 413?": "client_max_body_size",
	})
	e.c.threshold = -1
	if a := ask(t, e, "How do I reset a user's password?"); strings.HasPrefix(a.Text, "To reset a user's password:") && !strings.Contains(a.Text, "Open the admin page") {
		t.Errorf("Ask(how to reset) = %q, want a step, not the list's lead alone", a.Text)
	}
	// Retrieved alone (a larger corpus fills the retrieved passages with others), the problem
	// brings the paragraphs it leads: the cause still answers why.
	q := "Why do video uploads fail with a 413 error?"
	symptom := passagesStarting(t, e, q, 10, "**Symptom:**")
	if pk := e.c.answer(e.c.analyse(q), symptom); len(pk.units) == 0 || !strings.Contains(pk.units[0][0].quote(), "1 MB") {
		t.Errorf("answer from the symptom's passage alone = %v, want the cause under it", pk.units)
	}
}

// A question that asks for an identifier ("What environment variable …", "What path should I
// type?") is answered by a sentence that names one (in code, or written plainly), not by a
// sentence that says the same in words.
func TestIdentifiersAreAnswerTypes(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"settings.md": "# Settings\n\nThe public address of the server is a variable you set once, and share links point at it.\n\n" +
			"In a container, `CB_SERVER_BASE_URL` gives the server its public address.\n",
	})
	if a := ask(t, e, "Which variable sets the public address of the server?"); a.Abstained || !strings.Contains(a.Text, "CB_SERVER_BASE_URL") {
		t.Errorf("Ask(which variable) = %q, want the variable", a.Text)
	}
	// The variable is what is asked, not a web address, though the question names a URL.
	if a := ask(t, e, "Which variable sets the public URL of the server?"); a.Abstained || !strings.Contains(a.Text, "CB_SERVER_BASE_URL") {
		t.Errorf("Ask(which variable sets the URL) = %q, want the variable", a.Text)
	}
}

// A question that asks for an identifier is answered by the sentence that gives one together with
// the sentence before it that names the problem ("What do I type?" after an error message).
func TestIdentifierInTheNextSentence(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"known-issues.md": "# Known issues\n\n**Phones cannot join the staff network.** On some phones the manual setup stops with the error \"Domain required\". " +
			"Enter `radius.example.org` in the Domain field.\n\nThe staff network is available in every building.\n",
	})
	wantSentences(t, e, map[string]string{
		`My phone says "Domain required" when I set up the staff network. What do I type?`: "radius.example.org",
	})
}

// passagesStarting returns the one passage among the top k found for q that starts with prefix,
// as a list of passages to answer from alone (a larger corpus would fill the retrieved passages
// with others).
func passagesStarting(t *testing.T, e *Engine, q string, k int, prefix string) []retrieval.Passage {
	t.Helper()
	res, err := e.ix.Search(context.Background(), q, k)
	if err != nil {
		t.Fatal(err)
	}
	var out []retrieval.Passage
	for _, r := range res {
		if strings.HasPrefix(r.Passage.Text, prefix) {
			out = append(out, r.Passage)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d passages start with %q among %v, want one", len(out), prefix, res)
	}
	return out
}

// What the asker wants frames the question ("I want to freeze my membership", "quiero …"): the
// word is not asked about, so an answer need not say it.
func TestWantingFramesAQuestion(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"memberships.md": "Annual memberships can be frozen for up to three months for medical reasons.\n\n" +
			"Members who want a locker pay £1 at reception.\n",
	})
	for _, q := range []string{"I want to freeze my annual membership. Is that possible?", "quiero congelar mi membresía anual, se puede?"} {
		for _, g := range e.c.analyse(q).groups {
			for _, alt := range g.alts {
				if slices.Contains(alt, "want") || slices.Contains(alt, "quier") || slices.Contains(alt, "quiero") {
					if !g.frame {
						t.Errorf("%q: %v is required", q, g.alts)
					}
				}
			}
		}
	}
	wantSentences(t, e, map[string]string{
		"I want to freeze my annual membership. Is that possible?": "Annual memberships can be frozen",
	})
}

// What a quantity question measures is read where it asks, not in a when-clause that sets the
// scene: "When I share an album, how long does the link work?" asks for a duration, and "share" in
// the scene does not make it ask for a percentage.
func TestUnitAskedAfterTheScene(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"config.md": "# Configuration\n\n| Key | Default | Meaning |\n|---|---|---|\n" +
			"| `sharing.link_expiry` | `30d` | Default lifetime of a share link; `0` means never. |\n" +
			"| `sharing.max_albums` | `50%` | Share of the albums a user may share at once. |\n",
	})
	for q, want := range map[string]string{
		"When I share an album, how long does the link work unless I change it?": text.UnitDuration,
		"How long does the link work unless I change it?":                        text.UnitDuration,
		"What share of the albums can I share at once?":                          text.UnitPercent,
	} {
		if got := e.c.analyse(q).unit; got != want {
			t.Errorf("unit of %q = %q, want %q", q, got, want)
		}
	}
	if f := windowFit(t, e, "When I share an album, how long does the link work unless I change it?", "| `sharing.link_expiry`"); f != 1 {
		t.Errorf("fit of the link's lifetime (30d) = %.2f, want 1", f)
	}
}

// A table row's amount is counted by its header row: "How many lessons does the summer term have?"
// is answered by the summer row's 12 under "Number of lessons", though the row does not say
// "lessons" itself.
func TestCountedNounInTheHeaderRow(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"lessons.md": "# Swimming lessons\n\n| Term | First week starts | Number of lessons |\n|---|---|---|\n" +
			"| Spring 2026 | Monday 5 January 2026 | 11 |\n| Summer 2026 | Monday 20 April 2026 | 12 |\n",
	})
	if f := windowFit(t, e, "How many lessons does the summer term have?", "| Summer 2026"); f != 1 {
		t.Errorf("fit of the summer row = %.2f, want 1", f)
	}
}

// A short list that the question does not single out one item of is quoted whole, from its lead:
// "How are the tips shared out?" is answered by the three shares, not by the one item that repeats
// "tips"; a question about one item still gets that item alone (TestListItems), and so does an item
// of a nested list that names what the question asks, unless the question asks for several things.
func TestShortListQuotedWhole(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"propinas.txt": "POLÍTICA DE PROPINAS\n\nCómo se reparten. Las propinas de las tres tiendas se juntan en un fondo común y se reparten una vez al mes:\n" +
			"- el 80 % entre el personal de mostrador y cafetería, en proporción a las horas trabajadas;\n" +
			"- el 15 % para el equipo del obrador, porque sin su pan no habría propinas;\n" +
			"- el 5 % para el fondo social, que paga la cena de Navidad del personal y ayudas de urgencia.\n",
		"membership.md": "# Membership\n\n1. Fill in the application form online.\n2. At the front desk, please bring:\n" +
			"   - photo ID (passport or driving licence);\n   - proof of address from the last three months.\n3. Staff take your photo and hand you the card.\n",
		"wifi.md": "# Wifi\n\nTo log in to the guest wifi, enter:\n- the number of your room, as printed on your key card;\n- your surname as it stands on the booking.\n\nThe network is open to guests only.\n",
	})
	for _, q := range []string{"¿Cómo se reparten las propinas?", "How are the tips shared out?"} {
		a := ask(t, e, q)
		for _, want := range []string{"80 %", "15 %", "5 %"} {
			if a.Abstained || !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%q) = %q (abstained %v), want the whole list (%s)", q, a.Text, a.Abstained, want)
			}
		}
	}
	// A question that asks for several things wants the list even where one item alone names a
	// word of it ("room"): without the list, the answer was the room number item alone. (The
	// tiny corpus leaves the abstention model unsure, which is not what this test is about.)
	threshold := e.c.threshold
	e.c.threshold = -1
	a := ask(t, e, "Which details do I enter for the wifi, like the room number printed on my key card?")
	if a.Abstained || !strings.Contains(a.Text, "number of your room") || !strings.Contains(a.Text, "surname") {
		t.Errorf("Ask = %q (abstained %v), want both items of the wifi list", a.Text, a.Abstained)
	}
	e.c.threshold = threshold
	a = ask(t, e, "What proof of address do I need for membership?")
	if a.Abstained || !strings.Contains(a.Text, "last three months") || strings.Contains(a.Text, "passport") {
		t.Errorf("Ask = %q (abstained %v), want the proof-of-address item alone", a.Text, a.Abstained)
	}
}

// A list of steps that a sentence introduces is quoted whole, up to maxListItems items: the last
// step of six ("e. Report it to the site manager") is part of the procedure asked for. With a
// bound of four the answer stopped at step d.
func TestLongerStepListQuotedWhole(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"workshop-rules.txt": "WORKSHOP RULES\n\n4. Injuries\n\nIf a chisel or saw blade cuts your hand:\n" +
			"a. Stop the machine and step back from the bench.\n" +
			"b. Press a clean dressing on the wound.\n" +
			"c. Call the first aider on extension 212.\n" +
			"d. Write the injury in the red logbook by the door.\n" +
			"e. Report it to the site manager before the end of the shift.\n" +
			"f. Leave the blade where it is until the supervisor has looked at it.\n\n" +
			"5. Dust\n\nEmpty the dust extractor every Friday.\n",
	})
	a := ask(t, e, "What should I do if a saw blade cuts my hand?")
	for _, want := range []string{"Stop the machine", "red logbook", "site manager", "supervisor has looked"} {
		if a.Abstained || !strings.Contains(a.Text, want) {
			t.Errorf("Ask = %q (abstained %v), want the whole list of steps (%s)", a.Text, a.Abstained, want)
		}
	}
}

// An ordinal of the question ("a 2nd parking permit") is no figure the answer must hold: the
// source writes it in words ("A second permit costs £40 a year"), and requiring the digit
// refused the question outright.
func TestOrdinalIsNoRequiredFigure(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"parking.md": "# Parking\n\nEach household can have one parking permit free of charge. A second permit costs £40 a year, " +
			"and is only issued where there is enough space.\n\nVisitors may park in marked bays for up to 3 hours.\n",
	})
	a := ask(t, e, "How much does a 2nd parking permit cost?")
	if a.Abstained || !strings.Contains(a.Text, "£40") {
		t.Errorf("Ask = %q (abstained %v), want the second permit's £40", a.Text, a.Abstained)
	}
}

// A sentence that names a person in Chinese holds what a who-question asks for, as one that
// names a person in Latin letters does: "志愿者王晓雯" has no capital letter to mark the name, and
// the sentence was weighed as one without a person (0.7).
func TestChinesePersonAnswersWho(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"中文导览.txt": "中文导览\n\n博物馆每天上午10点开门。每月第二个星期六上午11点，志愿者王晓雯为中文游客提供免费讲解。\n",
	})
	if f := windowFit(t, e, "谁为中文游客提供免费讲解？", "每月第二个星期六"); f != 1 {
		t.Errorf("fit of the sentence naming 王晓雯 = %.2f, want 1", f)
	}
}

// The measure word of "how tall" (long, far, old, …) asks for the amount with "how": it frames
// the question and is no word the answer must hold ("Vans that are too tall can use the open-air
// car park" does not tell how tall a vehicle may be). Elsewhere it is a word like any other.
func TestHowMeasureIsNoRequiredWord(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"parking.md": "# Parking\n\nThe height limit of the underground car park is 2.1 m. Vans that are too tall can use the " +
			"open-air car park, for €10 per day. The long-stay car park is at the marina.\n",
	})
	frame := func(q string, words ...string) bool {
		for _, g := range e.c.analyse(q).groups {
			if len(g.alts) > 0 && slices.Equal(g.alts[0], words) {
				return g.frame
			}
		}
		t.Fatalf("analyse(%q): no group for %q", q, words)
		return false
	}
	if !frame("How tall can my vehicle be to get into the underground car park?", "tall") {
		t.Errorf(`"tall" after "how" is a required word, want a frame word`)
	}
	if !frame("laptop loan how long", "long") {
		t.Errorf(`"long" after "how" is a required word, want a frame word`)
	}
	if frame("Where is the long-stay car park?", "long", "stay") {
		t.Errorf(`"long-stay" is a frame word, want a required word`)
	}
}

// A word joined by hyphens is one word of the question: one group, weighed once, which a sentence
// covers by writing it. As two groups, "Wi-Fi" weighed twice what "visitors" did, and a sentence
// about visitors joining the Wi-Fi outscored the one that says how fast their connection is.
func TestHyphenatedWordIsOneGroup(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"faq.md": "# Frequently asked questions\n\n## Which network?\n\nStaff connect to the Wi-Fi network eduroam with their " +
			"university login, on up to 5 devices.\n",
		"guests.md": "# Guests\n\nVisitors get a code by SMS that gives 24 hours of access, limited to 5 Mbps.\n\n" +
			"Visitors sign in at reception.\n",
		"rooms.md": "# Rooms\n\nThe seminar rooms have projectors and Wi-Fi.\n",
	})
	q := e.c.analyse("How fast is the Wi-Fi connection that visitors get at the end-of-term fair?")
	var joined [][]string
	for _, g := range q.groups {
		if len(g.alts) > 0 && len(g.alts[0]) > 1 {
			joined = append(joined, g.alts[0])
		}
		if len(g.alts) > 0 && (slices.Equal(g.alts[0], []string{"wi"}) || slices.Equal(g.alts[0], []string{"term"})) {
			t.Errorf("a part of a hyphenated word has a group of its own: %q", g.alts[0])
		}
	}
	if len(joined) != 2 {
		t.Errorf("groups of the hyphenated words = %q, want Wi-Fi and end-of-term", joined)
	}
	wantSentences(t, e, map[string]string{"How fast is the Wi-Fi connection that visitors get?": "5 Mbps"})
}

// A figure of the question that the window's heading or the document's title holds is held by
// the window, for an amount as for anything else: "Stage 1" heads the section that says how long
// the first stage takes, and "Skerry 3.0" titles release notes whose sections do not repeat it.
// Both answers were ruled out: no sentence held "1" or "3.0" itself.
func TestFigureOfHeadingOrTitle(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"complaints.md": "# Complaints procedure\n\n## Stage 1\n\nWe acknowledge your complaint within 2 working days and reply " +
			"within 10 working days.\n\n## Stage 2\n\nA senior manager reviews it and replies within 20 working days.\n",
		"release-3.0.md": "# Skerry 3.0 release notes\n\n## Thanks\n\nThis release has code from 94 contributors, 31 of them new.\n\n" +
			"## Upgrading\n\nRun the migration once before the first backup.\n",
	})
	for _, tt := range []struct{ q, want string }{
		{"How long does a stage 1 complaint take?", "10 working days"},
		{"How many people contributed code to 3.0?", "94 contributors"},
	} {
		pk := picked(t, e, tt.q)
		if len(pk.related) == 0 || pk.related[0].score == 0 || !strings.Contains(pk.related[0].first().quote(), tt.want) {
			t.Errorf("%q: no best window with %q that the question's figure does not rule out", tt.q, tt.want)
		}
	}
}

// Two words of a question that only share a translation are two words, each to be met: "sesión"
// (session, screen) and "monitor" (monitor, screen). A word and its own gloss are one. In a
// sentence of the question's language, a gloss is a synonym (see [ownLanguage]).
func TestWordsSharingATranslationAreTwoWords(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"precios.md": "| Actividad | Precio |\n|---|---|\n| Sesión de natación | £3,20 por alumno |\n| Sesión de natación con monitor | £4,50 por alumno |\n",
	})
	has := func(an question, own string) int {
		n := 0
		for _, g := range an.groups {
			if len(g.alts) > 0 && slices.Equal(g.alts[0], []string{own}) {
				n++
			}
		}
		return n
	}
	an := e.c.analyse("¿Cuánto cuesta por alumno una sesión de natación con monitor?")
	if has(an, "sesion") != 1 || has(an, "monitor") != 1 {
		t.Errorf("groups of the question: %v; want one for sesión and one for monitor", an.groups)
	}
	if an := e.c.analyse("¿Cuánto cuesta una sesión con monitor, una sesión?"); has(an, "sesion") != 1 {
		t.Errorf("a word asked twice is one group: %v", an.groups)
	}
	// In a Spanish sentence "sesión" holds its gloss "screen", which does not make it a
	// "monitor": met through two translations, a word counts as a synonym does.
	wantSentences(t, e, map[string]string{"¿Cuánto cuesta por alumno una sesión de natación con monitor?": "£4,50"})
}

// A question asking how two things differ is answered by what each one is: two sentences, each
// defining one of them, even when the first one's words already name both ("A station is a group
// of docks").
func TestDifferenceIsTwoDefinitions(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"rider-guide.md": "# Rider guide\n\nA station is a group of docks on the street, marked by a blue totem. " +
			"A dock is a single locking post that holds one bike. There are 118 stations and 2,360 docks across the city.\n\n" +
			"## Fares\n\nA single ride costs $2.75 at any station.\n",
		"guia.md": "# Carpetas\n\nLa carpeta de originales guarda tus fotos tal como las organizas. " +
			"La carpeta de almacenamiento guarda las miniaturas y la caché. Las dos carpetas pueden estar en discos distintos.\n",
	})
	for q, want := range map[string][]string{
		"What's the difference between a dock and a station?":                        {"group of docks", "single locking post"},
		"¿Qué diferencia hay entre la carpeta de originales y la de almacenamiento?": {"tal como las organizas", "miniaturas"},
		"码头和车站有什么区别？":                                                                nil, // parsed, not asserted: no Chinese text here
	} {
		a := ask(t, e, q)
		for _, w := range want {
			if a.Abstained || !strings.Contains(a.Text, w) {
				t.Errorf("Ask(%q) = %q (abstained %v), want both definitions (%q)", q, a.Text, a.Abstained, w)
			}
		}
	}
	for _, q := range []string{"What is a dock?", "How much is a single ride?"} {
		if a := ask(t, e, q); strings.Count(a.Text, "[") > 1 {
			t.Errorf("Ask(%q) = %q, want one sentence (no difference asked)", q, a.Text)
		}
	}
}

// A speed is answered by a speed, not by the other amounts beside it: "how fast" is met by "5 Mbps"
// or "1,000 photos per minute", whatever else the sentences around it count.
func TestSpeedAsked(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"wifi.md": "# Guest Wi-Fi\n\nVisitors connect to the guest Wi-Fi and register with a mobile number. " +
			"The SMS code gives them 24 hours of guest Wi-Fi access.\n\n" +
			"Guest codes are limited to 5 Mbps, and conference organisers can ask for 200 codes at once.\n",
		"index.md": "# Indexing\n\nThe first index of a large library takes a while: expect roughly 1,000 photos per minute " +
			"on a 4-core machine. A library of 40,000 photos needs about 8 GB of disk for thumbnails.\n",
	})
	for q, want := range map[string]string{
		"How fast is the guest Wi-Fi for visitors?":            "5 Mbps",
		"What speed does the first index of a library run at?": "1,000 photos per minute",
	} {
		if a := ask(t, e, q); a.Abstained || !strings.Contains(a.Text, want) {
			t.Errorf("Ask(%q) = %q (abstained %v), want the speed (%s)", q, a.Text, a.Abstained, want)
		}
	}
	if f := windowFit(t, e, "How fast is the guest Wi-Fi for visitors?", "The SMS code gives"); f == 1 {
		t.Errorf("fit of a duration (24 hours) for a speed question = %.2f, want less than 1", f)
	}
}

// A month written as a number is asked as a month, not as a figure the answer must repeat: "4月12日"
// is met by "12 April" and by "2025-04-12", and "April" by "4月".
func TestMonthsAcrossLanguages(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"notices.md": "# Service notices\n\n**2025-04-12 – Resolved – Identity platform upgrade.** Planned maintenance of the sign-in system. " +
			"The work finished at 12:40, ahead of schedule.\n\n" +
			"The guest Wi-Fi moved to a new provider on 3 June 2025.\n",
		"泳池通知.txt": "泳池通知\n\n主泳池将于2026年2月2日起关闭，进行为期八周的维修。\n\n儿童泳池照常开放。\n",
	})
	for q, want := range map[string]string{
		"4月12日的登录系统维护几点结束的？":                         "12:40",
		"When does the main pool close in February?": "2026年2月2日",
	} {
		if a := ask(t, e, q); a.Abstained || !strings.Contains(a.Text, want) {
			t.Errorf("Ask(%q) = %q (abstained %v), want %q", q, a.Text, a.Abstained, want)
		}
	}
	if qu := e.c.analyse("4月12日的登录系统维护几点结束的？"); slices.Contains(qu.figures, "4") {
		t.Errorf("figures of a question naming 4月 = %v, want the month asked as a month", qu.figures)
	}
}

// How often is answered by a frequency, with a number or in words, not by a sentence that only
// says "often" or states another amount.
func TestFrequencyAsked(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"storage.md": "# Lab storage\n\nStudents often save their work to the scratch drive by mistake. " +
			"The scratch drive holds 20 GB for each lab.\n\n" +
			"The scratch drive is emptied every Sunday night, so copy your files to OneDrive.\n",
		"trams.md": "# Trams\n\nLine T1 has 14 stops and is 9.2 km long. Trams often stop for longer at Central Station.\n\n" +
			"Trams run every 6 minutes at peak times and every 12 minutes at other times.\n",
	})
	for q, want := range map[string]string{
		"How often is the scratch drive emptied?": "every Sunday",
		"How often do the trams run?":             "every 6 minutes",
	} {
		if a := ask(t, e, q); a.Abstained || !strings.Contains(a.Text, want) {
			t.Errorf("Ask(%q) = %q (abstained %v), want the frequency (%s)", q, a.Text, a.Abstained, want)
		}
	}
}

// What is spent or earned is asked as money: "How much did the hotel spend on food?" is answered
// by the sentence with the amount in euros, not by the share of the spending that went to local
// producers, which names spending, food and the year as well.
func TestSpendingIsMoney(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"report.md": "# Food\n\nIn 2024, 64 % of our food spending went to producers within 150 km of the hotel.\n\n" +
			"The kitchen bought food for €410,000 in 2024, most of it from the market.\n",
	})
	wantSentences(t, e, map[string]string{"How much did the hotel spend on food in 2024?": "€410,000"})
}

// A time of day that a question writes in Chinese numerals meets the source's figures, as "晚上8点"
// does: "晚上八点" is 20:00, and its 八 and 点 are no words of content ("eight", "point"), which
// pulled the answer to the sentence with eight volunteers and points.
func TestHanNumeralTimeOfDay(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"library.md": "# Thursdays\n\nOn Thursdays the library stays open until 20:00 for the homework club.\n\n" +
			"On Thursdays eight volunteers run the reading club, and every book read earns one point.\n",
	})
	q := "星期四晚上八点图书馆还开门吗？"
	for _, g := range e.c.analyse(q).groups {
		if slices.ContainsFunc(g.alts, func(a []string) bool { return slices.Contains(a, "eight") || slices.Contains(a, "point") }) {
			t.Errorf("group %v of %q: the hour and 点 of a time of day are words of content", g.alts, q)
		}
	}
	wantSentences(t, e, map[string]string{q: "20:00"})
}

// A time of day in a question is when the asker means to come, met by the same time however a
// source writes it, not a figure every answer must repeat: "open at 9pm on Fridays" is answered
// by the Friday opening hours ("06:30–22:00"), and "21:00" meets "9pm".
func TestTimeOfDayIsACondition(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"hours.md": "# Opening hours\n\n| Day | Opens | Closes |\n|---|---|---|\n| Monday to Friday | 06:30 | 22:00 |\n| Sunday | 08:00 | 18:00 |\n",
		"notice.txt": "Kingsmead Pool\n\nMembers can swim free at Kingsmead Pool (Kingsmead Road, HL2 7BE) while our pool is closed.\n\n" +
			"The sauna closes at 9pm on Fridays for cleaning.\n",
		"中文指南.txt": "游泳指南\n\n周日早上8点开门，晚上6点关门。\n",
	})
	for q, want := range map[string]string{
		"is the pool open at 6am on mondays":    "06:30",
		"When does the sauna close on Fridays?": "9pm",
		"What closes at 21:00 on Fridays?":      "sauna",
	} {
		a := ask(t, e, q)
		if want != "" && (a.Abstained || !strings.Contains(a.Text, want)) {
			t.Errorf("Ask(%q) = %q (abstained %v), want %q", q, a.Text, a.Abstained, want)
		}
	}
	for _, q := range []string{"is the pool open at 9pm on fridays", "What closes at 21:00 on Fridays?", "Can I swim at 7am?"} {
		if qu := e.c.analyse(q); len(qu.figures) > 0 {
			t.Errorf("figures of %q = %v, want none (a time of day is a condition)", q, qu.figures)
		}
	}
}

// A count a Chinese source writes in characters ("三天") meets the figure a question writes in
// digits ("3 days"): the figure the answer must hold is there.
func TestChineseCountsMeetFigures(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"须知.txt": "入学须知\n\n新生请至少在开学前三天到达宿舍。\n\n接机服务需要至少提前十天预约。\n",
	})
	a := ask(t, e, "Should new students arrive 3 days before term starts?")
	if a.Abstained || !strings.Contains(a.Text, "三天") {
		t.Errorf("Ask = %q (abstained %v), want the sentence that says 三天", a.Text, a.Abstained)
	}
}

// A list's items are facts apart: a name the question asks about counts as unmatched when only
// another item of the list holds it ("Since when has Pilar Sanz Egea been head of the workshop?"
// is not answered by the director's item).
func TestListItemsAreFactsApart(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"history.md": "# People\n\nThe museum's staff:\n\n- Director: Dr. Inés Montalvo Grau, a historian of industry, director since 2017.\n" +
			"- Head of the Restoration Workshop: Pilar Sanz Egea, a former boilermaker.\n\n" +
			"The railway was promoted by Tomás Arriaga Vidal, who founded the company in 1898.\n",
	})
	q := "Since when has Pilar Sanz Egea been head of the Restoration Workshop?"
	pk := picked(t, e, q)
	if len(pk.related) == 0 {
		t.Fatal("no candidate")
	}
	qu := e.c.analyse(q)
	best := pk.related[0]
	if !strings.Contains(best.first().quote(), "Montalvo") {
		t.Fatalf("best window = %q, want the director's item (the only one with a date)", best.first().quote())
	}
	if n := e.c.unmatched(qu, best); n == 0 {
		t.Errorf("unmatched names of the director's item = 0, want Pilar Sanz Egea's counted")
	}
	if n := e.c.unmatched(e.c.analyse("Since when has Inés Montalvo been director?"), best); n != 0 {
		t.Errorf("unmatched names of the director's item for a question about her = %d, want 0", n)
	}
}

// Two windows chosen for one answer may grow, by their context or the sentence they continue, into
// the same sentences; the answer then quotes them once: the park's Summit Road sentence answered
// "can we take it up the road" in one window and "why not" in a second that repeated it.
func TestAnswerQuotesASentenceOnce(t *testing.T) {
	e := devCorpora(t)["park"]
	a, err := e.Ask(context.Background(), "Can we take our 9-metre motorhome up the road to Raven Lookout, and if not, why not?", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Abstained {
		t.Fatalf("abstained: %s", a.Text)
	}
	checkAnswerInvariants(t, a)
	if !strings.Contains(a.Text, "Summit Road") || strings.Count(a.Text, "The Summit Road climbs 14 km") != 1 {
		t.Errorf("want the Summit Road sentence quoted once: %s", a.Text)
	}
}

// A question that asks when something happens, in the present, may be answered by a span or a
// condition rather than a date, in Spanish and Chinese as in English; in the past or the future,
// or naming a year or a date, it asks for a date.
func TestLooseWhen(t *testing.T) {
	for q, want := range map[string]bool{
		"When does the loan end?":                     true,
		"When did the loan end?":                      false,
		"Me pusieron puntos. ¿Cuándo se caen?":        true,
		"¿Cuándo se presentó el Xiaomi SU7?":          false,
		"¿Hasta cuándo seguirá la guerra de precios?": false,
		"¿Cuándo es la fecha límite?":                 false,
		"请问新生最晚什么时候到比较好":                              true,
		"宁德时代的神行电池是什么时候发布的？":                          false,
		"一年里什么时候要特别注意蜱虫？":                             false,
		"比亚迪的刀片电池什么时候推出了？":                            false,
	} {
		if got := looseWhen(strings.ToLower(q), text.Words(q)); got != want {
			t.Errorf("looseWhen(%q) = %v, want %v", q, got, want)
		}
	}
	e := corpusEngine(t, map[string]string{
		"cuidados.txt": "Los puntos reabsorbibles se caen solos en 7 a 10 días; los demás se quitan en la revisión.\n\n" +
			"La clínica abrió sus puertas el 3 de marzo de 2015 y pone puntos desde entonces.\n",
	})
	wantSentences(t, e, map[string]string{"Me pusieron puntos reabsorbibles. ¿Cuándo se caen los puntos?": "7 a 10 días"})
}

// A character the segmenter leaves alone in a Chinese question is met in English text by its
// glosses (借 "borrow": the loan limit, not the shop's sales), and a function character left alone
// (本, a measure word) is no word of the question.
func TestHanCharacterGlosses(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"library.md": "In the shop in the lobby, members can buy up to 20 second-hand books at a time.\n\n" +
			"Members can borrow up to 8 books at a time.\n",
	})
	wantSentences(t, e, map[string]string{"会员一次最多能借几本书？": "borrow up to 8"})
	wantGroupForm(t, e, "会员一次最多能借几本书？", "borrow") // 借
}

// A Spanish question that opens with a name stems it as a Spanish word ("Lumen" → "lum"); the
// name is also read as the corpus's English text holds it.
func TestSpanishOpeningName(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"faq.md": "Lumen sends no telemetry: no usage statistics leave your server.\n\nThe mobile app shows usage statistics per album.\n",
	})
	wantGroupForm(t, e, "¿Lumen manda estadísticas de uso a los desarrolladores?", "lumen")
	wantSentences(t, e, map[string]string{"¿Lumen manda estadísticas de uso a los desarrolladores?": "no telemetry"})
}

// A stretch of Chinese characters that holds no dictionary word and that the corpus writes
// neither in characters nor in pinyin is read a character at a time (租来: 租 "rent" and 来, a
// function character), not as an unknown name: "rent" meets the English answer.
func TestHanStretchReadByCharacter(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"bikes.md": "Bikes you own are parked in the courtyard behind the hall.\n\n" +
			"Rented bikes are parked at the station you took them from.\n",
	})
	wantSentences(t, e, map[string]string{"租来的自行车停在哪里？": "Rented bikes"})
	wantGroupForm(t, e, "租来的自行车停在哪里？", "rent") // 租
}

// wantGroupForm checks that some group of question q, as e's corpus reads it, may be met by the
// form (its terms, in order) form.
func wantGroupForm(t *testing.T, e *Engine, q string, form ...string) {
	t.Helper()
	groups := e.c.analyse(q).groups
	if !slices.ContainsFunc(groups, func(g termGroup) bool {
		return slices.ContainsFunc(g.alts, func(a []string) bool { return slices.Equal(a, form) })
	}) {
		t.Errorf("groups of %s = %+v, want one met by %q", q, groups, form)
	}
}

// A Spanish question names a country as Spanish does ("Estados Unidos", "Alemania"): the general
// glossary gives the English name the sources write.
func TestSpanishPlaceNames(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"shops.md": "The chain has 40 shops in Germany, most of them in Berlin.\n\n" +
			"The chain has 25 shops in the United States, all of them on the West Coast.\n",
	})
	wantSentences(t, e, map[string]string{
		"¿Cuántas tiendas tiene la cadena en Estados Unidos?": "25 shops",
		"¿Cuántas tiendas tiene la cadena en Alemania?":       "40 shops",
		"¿Cuántas tiendas tiene la cadena en EE. UU.?":        "25 shops",
	})
}

// A stretch with the shape of a Chinese person's name (a common surname and one or two
// characters) that the corpus does not know is a name it does not know, not "plum" and "bright":
// the answer says the sources do not mention it.
func TestUnknownHanPersonName(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"staff.md": "The bright lamp in the lobby was put in by our caretaker, Anna Berg.\n\nThe plum trees in the garden were planted in 2019.\n",
	})
	for _, q := range []string{"李明是谁？", "李明负责什么工作？"} {
		if a := ask(t, e, q); !a.Abstained || len(a.Related) > 0 {
			t.Errorf("Ask(%q) = %q (abstained %v, %d related), want the sources do not mention him", q, a.Text, a.Abstained, len(a.Related))
		}
	}
}

// The check that an amount stands beside what the question names (amountBesideName) is made for
// the best few windows; when every one of them fails it, the windows that rise into the best few
// are checked too, so a window that names nothing the question asks about cannot win only because
// it came too far down to be checked. Here the best six windows give amounts apart from the name,
// and "€45 for a new one", which covers little of the question, came seventh: unchecked, it won.
func TestAmountCheckReachesWhatRises(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"tokens.md": "# Signing in\n\nThe YubiKey is a hardware token for signing in at the university. Staff get one from the desk free of charge. " +
			"Students can borrow one from the desk against a €10 deposit. A student who loses one pays €45 for a new one. " +
			"The desk lends about 300 of them to students every year.\n",
		"print.md": "# Printing\n\nEvery student gets 50 free pages of printing each month, and a deposit is not needed.\n",
	})
	e.c.threshold = -1
	q := "What deposit does a student leave to borrow a YubiKey?"
	if a := ask(t, e, q); !strings.HasPrefix(a.Text, "Students can borrow one from the desk against a €10 deposit.") {
		t.Errorf("Ask(%q) = %q, want the €10 deposit first (not €45 for a lost one, which was never checked)", q, a.Text)
	}
}

// A quantity question's year dates the amount it asks for. A window of two sentences that do not
// run on holds the year only in the sentence that gives an amount: the 2024 output beside a 2023
// wind contract does not answer for 2023. A sentence that runs on from the one with the year
// ("It welcomed …") is one statement with it.
func TestAmountYearInOneSentence(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"report.md": "# Energy\n\nThe 312 solar panels on the roof, installed in 2022, produced 96 MWh of electricity in 2024. " +
			"The rest of our electricity has come from a wind power contract since January 2023.\n\n" +
			"# Visitors\n\nIn 2023 the museum had its best year since it opened. It welcomed 45,000 visitors, a third of them from abroad.\n",
	})
	e.c.threshold = -1
	if a := ask(t, e, "How much electricity did the solar panels produce in 2023?"); strings.Contains(a.Text, "96 MWh") {
		t.Errorf("2023 output: answered %q, want no 96 MWh (the amount is for 2024)", a.Text)
	}
	wantSentences(t, e, map[string]string{
		"How much electricity did the solar panels produce in 2024?": "96 MWh",
		"How many visitors did the museum welcome in 2023?":          "45,000 visitors",
	})
}

// A question that asks on which day or date ("which day", 哪天, "qué fecha") is not answered by a
// time of day alone, as one that asks for a year is not answered by a weekday.
func TestWhichDayWantsADate(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"shuttle.md": "# Peaks Shuttle\n\nShuttle buses leave the Millbrook car park every 20 minutes from 7:00 to 10:00 and start running again at 15:00.\n\n" +
			"# News\n\nThe park will launch its new free service for hikers on 21 June 2025.\n",
	})
	wantSentences(t, e, map[string]string{"On which day do the shuttle buses start running?": "21 June 2025"})
	for q, want := range map[string]bool{"On which day do the buses start?": true, "¿Qué día empieza?": true, "班车哪天开始运营？": true, "What time do the buses start?": false} {
		if got := e.c.analyse(q).dayAsked; got != want {
			t.Errorf("dayAsked(%q) = %v, want %v", q, got, want)
		}
	}
}

// A yes-or-no question's direct reply ("Yes, but only connected by USB cable.") is quoted with the
// sentence after it that the question's words pick: the reply is the answer, the sentence its
// reason. A question that does not ask yes or no does not take it.
func TestYesNoQuestionsQuoteTheReply(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"faq.md": "# Residence FAQ\n\n## Can I have my own printer?\n\n" +
			"Yes, but only connected by USB cable. Wireless printers set up their own Wi-Fi network and are not allowed on the residence networks.\n\n" +
			"## Can I stay over the summer?\n\nNo. The residence closes from 1 July to 31 August for maintenance.\n",
	})
	wantAnswerHolds(t, e, "¿Puedo tener mi propia impresora en la residencia?", "USB cable", "the reply before the sentence that explains it")
	wantAnswerHolds(t, e, "Is a wireless printer OK in my room at the residence?", "USB cable", "the reply before the sentence that explains it")
	if a := ask(t, e, "Which networks do wireless printers set up?"); a.Abstained || strings.Contains(a.Text, "USB") {
		t.Errorf("Ask(which networks) = %q, want the sentence alone: a question that does not ask yes or no takes no reply", a.Text)
	}
}

// A question that asks for another way ("还有什么办法？") is answered with the instruction after the
// sentence that states the problem, as a how question is.
func TestWhatWayQuestionsQuoteTheInstruction(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"指南.md": "# 多重验证\n\n学校账户需要多重验证，推荐使用 Microsoft Authenticator 应用。\n\n" +
			"**提示：** 部分国内安卓应用商店没有 Microsoft Authenticator。 可以改用任何支持六位数字验证码（TOTP）的应用，或到校后在服务台借用硬件密钥（押金 10 欧元）。\n\n" +
			"# 打印\n\n打印机默认双面黑白打印。\n",
	})
	wantAnswerHolds(t, e, "手机应用商店里下载不到 Microsoft Authenticator，还有什么办法？", "硬件密钥", "the instruction after the problem")
}

// Two windows that cover the question's content words alike, in one passage, are told apart by the
// question's other words they hold: "You do not need permission to decorate" answers "Do I need
// your permission to paint my living room?", not the rule before it, which holds only "need" and
// "permission". Words shared with a document in another language count for nothing.
func TestTiedWindowsGoToTheQuestionsWords(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"rules.md": "# Alterations\n\nYou need our written permission before making any alteration or improvement. " +
			"You do not need permission to decorate inside your home.\n\n# Pets\n\nYou may keep one cat or one small dog.\n",
	})
	e.c.threshold = -1 // the tie, whatever the confidence (see TestOfflineAnswersAChineseTranslatedName)
	wantAnswerHolds(t, e, "Do I need your permission to paint my living room?", "do not need permission", "the sentence that holds the question's words")
	e2 := corpusEngine(t, map[string]string{
		"security.txt": "3. REPORTING A VULNERABILITY\n" +
			"Send reports to security@skerrybackup.org, encrypted with the release key if you can. Do not open a public issue and do not post on the forum. " +
			"Reports are handled by Tomasz Lindqvist, the project's security coordinator. " +
			"We acknowledge every report within 3 working days and send a first assessment within 10 working days.\n",
	})
	wantAnswerHolds(t, e2, "¿A qué dirección hay que enviar una vulnerabilidad?", "security@", "the address, not a sentence that holds the Spanish \"a\"")
}

// A definition question is answered by the sentence that introduces its term with another name
// in brackets ("The swing (also called the differential …) decides …"), not by one that only
// uses the term.
func TestDefinitionByAnAliasInBrackets(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"settings.md": "# Swing\n\nThe swing (also called the differential or cycle rate) decides how far the room temperature may drift from the target before the system turns back on. " +
			"A small swing keeps the temperature steadier but makes the system start more often.\n\n# Eco\n\nEco saves energy while you are away.\n",
	})
	wantAnswerHolds(t, e, "What is the swing?", "decides how far", "the sentence that introduces the swing")
	wantAnswerHolds(t, e, "¿Qué es el swing?", "decides how far", "the sentence that introduces the swing")
}

// A sentence that opens with a verb takes its subject from the sentence before (see
// text.TestSentenceOpeningWithAVerbContinues): asked who chairs a committee, the answer quotes the
// name with the post, in whatever language the question is.
func TestSubjectlessSentenceQuotedWithItsSubject(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"annual-report.txt": "THE BOARD\n" +
			"Harriet Quaye, Chair. Joined the Board in 2018 and became Chair in 2022.\n" +
			"Dr Samuel Okafor, Senior Independent Director. An actuary; chairs the Risk Committee.\n" +
			"Elena Marchetti, non-executive director. Chairs the Audit Committee.\n" +
			"Colm Delaney, non-executive director. Chairs the Investment Committee.\n\n" +
			"RESULTS\nPremiums grew by 8.9% in 2024.\n",
	})
	e.c.threshold = -1 // what is quoted, whatever the confidence (see TestOfflineAnswersAChineseTranslatedName)
	for _, q := range []string{"审计委员会主席是谁？", "Who chairs the Audit Committee?"} {
		wantAnswerHolds(t, e, q, "Elena Marchetti", "the name the post's sentence leans on")
	}
}

// A question that asks what an abbreviation stands for is answered by the sentence that spells it
// out, not by the one that defines what it is ("A DIO is a member who …"), nor by a sentence that
// holds the words of the question's cue ("can stand for election"); a chat question that writes
// the abbreviation in lower case is about it too, not about its rarest word ("quick").
func TestExpansionQuestionsQuoteTheSpelledOutForm(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"inductions.md": "# Inductions\n\nInductions are given and signed off by Designated Induction Officers (DIOs). " +
			"A DIO is a member who has held the machine's induction for at least six months.\n\n" +
			"There are currently 23 DIOs; their names are on the noticeboard.\n",
		"members.md": "# Members\n\nEvery member has one vote at the AGM and can stand for election to the Board. " +
			"The MMR is paid in July; the MMR is paid to every member who renews, and the MMR is never paid in cash.\n\n" +
			"Members get a Mutual Member Rebate (MMR) in good years.\n\n" +
			"# Rules\n\nQuick inductions on the lathe are not allowed.\n",
	})
	e.c.threshold = -1 // what is quoted, whatever the confidence (see TestOfflineAnswersAChineseTranslatedName)
	for q, want := range map[string]string{
		"What does DIO stand for?":        "Designated Induction Officers",
		"DIO 是什么的缩写？":                     "Designated Induction Officers",
		"¿Qué significan las siglas DIO?": "Designated Induction Officers",
		"quick q what does mmr stand for": "Mutual Member Rebate",
		"What is MMR short for?":          "Mutual Member Rebate",
	} {
		wantAnswerHolds(t, e, q, want, "the sentence that spells it out")
	}
	if q := e.c.analyse("quick q what does mmr stand for"); !q.expansion || !slices.Contains(q.subject, "mmr") {
		t.Errorf("analyse(%q): expansion %v, subject %q; want the abbreviation the documents spell out", q.text, q.expansion, q.subject)
	}
}

// A question that asks who signed, issued or approved a document is answered by the line that
// names its issuer, whose words are not the question's: the document's title block names what the
// question names ("the runway works notice"), and the verb may differ ("Issued … by"). Another
// person whose sentence holds the question's words did not issue it.
func TestIssuerQuestionsQuoteTheIssuerLine(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"runway-notice.txt": "WRENHAVEN REGIONAL AIRPORT\nNOTICE TO PASSENGERS AND NEIGHBOURS: RUNWAY RESURFACING, AUTUMN 2025\n" +
			"Issued 12 August 2025 by Priya Castellane, Operations Director\n\n" +
			"What is happening\nThe surface of the runway is 21 years old and is being replaced. Runway works run at night.\n\n" +
			"Questions\nPassengers: contact your airline first.\n",
		"guide.md": "# Passenger guide\n\nDuring the runway works, flights use Castlebridge Airport and a free coach takes passengers there. " +
			"Tom Reyes answers questions about the runway notice at the information desk.\n",
	})
	e.c.threshold = -1 // what is quoted, whatever the confidence (see TestOfflineAnswersAChineseTranslatedName)
	for _, q := range []string{"Who signed the runway works notice?", "谁签发了跑道施工通知？"} {
		wantAnswerHolds(t, e, q, "Priya Castellane", "the line that names the notice's issuer")
	}
}

// A question that asks a second thing of another kind in a clause of its own is answered with the
// sentence after the best one when that sentence holds the kind of fact the clause asks for: "since
// when has she been a member?" asks a time, and "a member since 1989" shares no word with the
// question that the first sentence does not already cover.
func TestSecondPartOfAnotherKindQuotesTheNextSentence(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"annual-report.txt": "THE BOARD\n" +
			"Harriet Quaye, Chair. Joined the Board in 2018 and became Chair in 2022.\n" +
			"Joan Fairclough, member-elected director. A retired head teacher and a member since 1989; she chairs the Members' Panel.\n" +
			"Colm Delaney, non-executive director. A former head of digital services at a building society.\n\n" +
			"RESULTS\nPremiums grew by 8.9% in 2024.\n",
	})
	e.c.threshold = -1 // what is quoted, whatever the confidence (see TestOfflineAnswersAChineseTranslatedName)
	for _, q := range []string{"Which director was elected by the members, and since when has she been a member?"} {
		wantAnswerHolds(t, e, q, "1989", "the sentence that gives the time the second clause asks")
	}
	if q := e.c.analyse("团体票最少要几个人？截止日期是哪天？"); q.secondType != typeTime {
		t.Errorf("the second question of %q asks %q, want %q", q.text, q.secondType, typeTime)
	}
}

// A Chinese word that holds an issuer verb's character is not that verb: "一级培训可以由谁来签字确认？"
// asks who may sign off a training (签字), not who signed a document (签); with no word of the
// question to read as the verb, every window would fit as one that names no one.
func TestIssuerVerbIsAWordOfTheQuestion(t *testing.T) {
	e := corpusEngine(t, map[string]string{"a.txt": "Level 1 inductions are signed off by any host, and the notice was issued by Ana Ruiz.\n"})
	for q, want := range map[string]bool{"一级培训可以由谁来签字确认？": false, "谁签发了这份通知？": true, "Who signed the notice?": true} {
		if got := e.c.analyse(q).issuer; got != want {
			t.Errorf("analyse(%q).issuer = %v, want %v", q, got, want)
		}
	}
}

// A line of a fenced code block is quotable, as a table row is: a configuration sample or an
// example response is often the only place that states a limit or a value ("ticket_body … up to
// 2,500 characters"). Only body sentences were candidates, so the answer quoted the prose around
// the block. The fences themselves stay meta and are never quoted.
func TestCodeLineAnswers(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"support.md": "# Support tickets\n\nOpen a ticket from the portal or post it to the API. The form asks for the fields below.\n\n" +
			"```yaml\nticket:\n  reporter: required        # your staff number\n  category: [hardware, software, access]\n" +
			"  ticket_body: required     # up to 2,500 characters\n  screenshots: optional     # PNG only, at most 3\n```\n\n" +
			"Tickets opened outside office hours are read the next working day.\n",
	})
	e.c.threshold = -1 // what is quoted, not whether it is confident
	a := ask(t, e, "How long may the text of a support ticket be?")
	if a.Abstained || !strings.Contains(a.Text, "2,500 characters") || strings.Contains(a.Text, "```") {
		t.Errorf("Ask = %q (abstained %v), want the code line with the limit", a.Text, a.Abstained)
	}
	if len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Quote, "ticket_body") {
		t.Errorf("citations = %+v, want the line quoted", a.Citations)
	}
}

// Two lines of one code block make a window, as two sentences of a paragraph do: a two-part
// question about a settings sample needs both lines.
func TestTwoCodeLinesMakeAWindow(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"wifi.md": "# Campus wifi\n\nIf your device cannot set itself up, enter these settings by hand:\n\n" +
			"```\nNetwork name:     campusnet\nEAP method:       TTLS\nPhase 2 method:   PAP\nCA certificate:   Campus Root CA 2\n```\n\n" +
			"Guests use the open network and sign in on its page.\n",
	})
	e.c.threshold = -1 // what is quoted, not whether it is confident
	a := ask(t, e, "Which EAP method and which phase 2 method should I set?")
	if !strings.Contains(a.Text, "TTLS") || !strings.Contains(a.Text, "PAP") {
		t.Errorf("Ask = %q, want both lines", a.Text)
	}
}

// A question may name a thing by the nickname its documents say people call it: "the green bikes"
// finds Ferrow, whose day pass the answer quotes, not a sentence about green paint.
func TestNicknameFindsTheThing(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"schemes.md": "# Bike schemes\n\n## Ferrow\n\nFerrow, a bike-share scheme, was launched in Marlby in 2019. In 2024 it had 900 bikes. " +
			"Riders call it \"the green bikes\" because of the frames.\n\n## Prices\n\nA Ferrow day pass costs £4 and a year costs £60.\n\n" +
			"A Velto day pass costs £6.\n\n## Repairs\n\nThe workshop repaints green bikes in spring.\n",
	})
	e.c.threshold = -1 // what is quoted, not whether it is confident
	a := ask(t, e, "How much is a day pass for the green bikes?")
	if !strings.Contains(a.Text, "£4") {
		t.Errorf("Ask = %q, want Ferrow's day pass", a.Text)
	}
}

// "How does Skerry …" asks how a thing works, not what to do: an instruction nearby ("run …")
// does not answer it, and is not preferred over the sentence that explains (howInstruction
// applies only to a how question about what the asker should do).
func TestMechanismQuestionsPreferTheExplanation(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"backup.md": "# Backups\n\n## Changed files\n\nSkerry decides whether a file changed by comparing its size and modification time with the previous snapshot. " +
			"Unchanged files are skipped.\n\nIf timestamps are unreliable on your disk, run `skerry backup --reread` so that Skerry reads each file again.\n",
	})
	e.c.threshold = -1 // what is quoted, not whether it is confident
	a := ask(t, e, "How does Skerry know whether a file changed?")
	if !strings.Contains(a.Text, "comparing its size") {
		t.Errorf("Ask = %q, want the sentence that explains", a.Text)
	}
	a = ask(t, e, "How do I make Skerry read each file again when timestamps are unreliable?")
	if !strings.Contains(a.Text, "--reread") {
		t.Errorf("Ask = %q, want the instruction", a.Text)
	}
}

// A question that names a day or a month inside a range meets the row or sentence that writes only
// the range's ends (text.calendarSpans): Saturday in July is in "1 June to 15 September | Tuesday to
// Sunday", a Wednesday in "de lunes a viernes", 周六 in "周二至周日".
func TestDayInsideRange(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"visit.md": "# Opening hours\n\n" +
			"| Season | Dates | Days | Hours |\n|---|---|---|---|\n" +
			"| Summer | 1 June to 15 September | Tuesday to Sunday | 10:00 to 19:00 |\n" +
			"| Winter | 1 November to 28 February | Friday to Sunday | 10:00 to 16:00 |\n\n" +
			"On Saturdays from 10:00 to 11:00 the museum holds a quiet hour, with the sound effects switched off.\n\n" +
			"La tienda abre de lunes a viernes de 9:00 a 14:00. Los sábados la tienda abre por la tarde.\n\n" +
			"咖啡馆周二至周日营业，营业时间为早上8点到下午5点。周一咖啡馆的露台对团体开放。\n",
	})
	e.c.threshold = -1
	for q, want := range map[string]string{
		"What time does the museum close on a Saturday in July?": "19:00",
		"¿A qué hora abre la tienda los miércoles?":              "9:00 a 14:00",
		"周六咖啡馆几点开门？":                                             "早上8点",
	} {
		if a := ask(t, e, q); !strings.Contains(a.Text, want) {
			t.Errorf("Ask(%q) = %q, want it to hold %q", q, a.Text, want)
		}
	}
}

// A question that tells its own case ("My son is 9", "a bike worth £2,400") is answered by the rule
// whose bound holds it (text.Sentence.Bounds), which never writes the asker's number: the fit of
// such a window (measureFit) and a figure held by a bound (question.measureHeld).
func TestOwnCaseInsideBound(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"entry.md": "# Entry\n\n" +
			"Entry for visitors aged 18 to 64 costs £10.\n\n" +
			"Entry for visitors aged 65 and over costs £6.\n\n" +
			"Entry for visitors under 18 costs £4, and a family ticket costs £24.\n",
		"locks.md": "# Locks\n\nBikes worth up to £1,000 need a lock rated Silver.\n\n" +
			"Bikes worth more than £1,000 need a lock rated Gold, and a photo of the frame number.\n",
		"tariff.md": "# Water usage\n\nWater usage up to 40 kL a quarter costs $2.33 per kL.\n\n" +
			"Water usage above 40 kL a quarter costs $3.16 per kL.\n",
	})
	// A figure the question asks about (2,400, not the asker's own) that no window writes is held
	// by the bound: without it nothing would be left to answer with, even at the default threshold.
	if a := ask(t, e, "Which lock is required for bikes worth £2,400?"); a.Abstained || !strings.Contains(a.Text, "Gold") {
		t.Errorf("Ask(bikes worth £2,400) = %q, want the Gold rule", a.Text)
	}
	e.c.threshold = -1
	for q, want := range map[string]string{
		"My son is 9. How much is his entry?":                 "£4",
		"Mi padre tiene 72 años, ¿cuánto cuesta su entrada?":  "£6",
		"What lock rating do I need for a bike worth £2,400?": "Gold",
		"价值800英镑的自行车需要什么等级的锁？":                                "Silver",
		// A bound the question names is held by a bound around it: "over 40" is not "up to 40".
		"What's the price per kL once I go over 40 kL in a quarter?": "$3.16",
	} {
		if a := ask(t, e, q); !strings.Contains(a.Text, want) {
			t.Errorf("Ask(%q) = %q, want it to hold %q", q, a.Text, want)
		}
	}
}

// A question that gives its own time of day ("at 3 pm", "a las tres de la tarde", "下午3点") is
// answered by the rule whose range of times holds it (text/clockbounds.go), though the rule never
// writes the asker's time: "Before 18:00 … Mill Street" for a visitor at 15:00, "After 18:00 … the
// school yard" for one at 20:00.
func TestOwnTimeInsideRange(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"parking.txt": "After 18:00 on weekdays, visitors may park in the school yard.\n\n" +
			"Before 18:00 on weekdays, visitors park in the Mill Street car park.\n",
	})
	e.c.threshold = -1
	for q, want := range map[string]string{
		"I arrive at 3 pm on a Tuesday. Where do visitors park?": "Mill Street",
		"Llego un martes a las tres de la tarde: ¿dónde aparco?": "Mill Street",
		"I arrive at 8 pm on a Tuesday. Where do visitors park?": "school yard",
		"我周二下午3点到，访客在哪里停车？":                                      "Mill Street",
	} {
		if a := ask(t, e, q); !strings.Contains(a.Text, want) {
			t.Errorf("Ask(%q) = %q, want it to hold %q", q, a.Text, want)
		}
	}
}

// Another sentence of the best window's paragraph that covers a question word the best leaves
// uncovered, and scores nearly as well, joins it (paragraphScore): "dirige" is the head of
// warranties, whom the sentence naming the distributor does not name.
func TestParagraphSentenceJoinsBest(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"warranty.md": "# Warranty\n\nIn Canada the thermostat has a warranty of 3 years, handled by our distributor Northway Climate in Calgary. " +
			"Northway also sells spare parts and filters. Its head of warranties is Paul Dubois.\n\n" +
			"In the United States we handle the warranty ourselves.\n",
	})
	e.c.threshold = -1
	a := ask(t, e, "¿Quién dirige las garantías en el distribuidor de Canadá?")
	if !strings.Contains(a.Text, "Northway Climate") || !strings.Contains(a.Text, "Paul Dubois") {
		t.Errorf("Ask = %q, want the distributor and its head of warranties", a.Text)
	}
	for _, c := range a.Citations {
		if c.File != "warranty.md" || c.Paragraph != 2 {
			t.Errorf("citation %+v, want warranty.md ¶2", c)
		}
	}
}

// A window that holds the best and the sentence of its paragraph beside it that adds coverage takes
// the best's place ("reset every night" answers "will it still be there tomorrow", which the
// sentence on what is deleted does not say).
func TestParagraphWindowTakesBestsPlace(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"labs.md": "# Labs\n\nThe labs are open from 8:00 to 22:00. **Note:** Lab PCs are reset every night. " +
			"Anything saved on the desktop or in Downloads is deleted. Save your work to your H: drive instead.\n\n" +
			"Printers are on every floor.\n",
	})
	e.c.threshold = -1
	a := ask(t, e, "If I save something on the desktop of a lab computer, will it still be there tomorrow?")
	if !strings.Contains(a.Text, "reset every night") || !strings.Contains(a.Text, "is deleted") {
		t.Errorf("Ask = %q, want the nightly reset and what it deletes", a.Text)
	}
}

// A question that names a language asks about that language's line, not another's: a window that
// names only other languages is weighed languageContrast (otherLanguage). In a guide with a Chinese
// line and a Spanish one, "who answers the Spanish line" is answered by the Spanish line's sentence
// in every language the question may be asked in, though the Chinese one shares more of a Chinese
// question's words. A yes-or-no question is exempt.
func TestQuestionsNamingALanguage(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"lines.md": "# Phone lines\n\n中文专线电话为 0300 555 0168，每周三开放，由理赔部专员陈慧玲女士接听。\n\n" +
			"Nuestra línea en español, el 0300 555 0163, la atiende Lucía Berrocal los martes.\n\n" +
			"The claims line, 0300 555 0140, is answered in English every weekday.\n",
	})
	e.c.threshold = -1
	for q, want := range map[string]string{
		"西班牙语专线是谁接听的？":                           "Lucía Berrocal",
		"Who answers the Spanish-language line?": "Lucía Berrocal",
		"¿Quién atiende la línea en chino?":      "陈慧玲",
		"Who answers the Chinese line?":          "陈慧玲",
	} {
		if a := ask(t, e, q); !strings.Contains(a.Text, want) {
			t.Errorf("Ask(%q) = %q, want it to hold %q", q, a.Text, want)
		}
	}
}

package text

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// definedNames finds the names that sentences, each in English, define.
func definedNames(sentences ...string) *DefinedNames {
	return NewLexicon(nil, nil).DefinedNames(func(yield func([]string, string) bool) {
		for _, s := range sentences {
			if !yield([]string{s}, DetectLanguage(s)) {
				return
			}
		}
	})
}

// fellowsOf returns the other names of the name text spells, as texts.
func fellowsOf(d *DefinedNames, text string) []string {
	ws := Words(text)
	n, others := d.At(ws, 0)
	if n != len(ws) {
		return nil
	}
	var out []string
	for _, f := range others {
		out = append(out, f.Text)
	}
	slices.Sort(out)
	return out
}

func TestDefinedNamesFindsAbbreviationsAndCuedNames(t *testing.T) {
	cases := []struct {
		sentence, name string
		want           []string
	}{
		// Schwartz and Hearst: the long form ends at the bracket and starts at the word where the
		// short form's first letter is a word's first letter.
		{"Welcome to the Kestrel Valley Sound (KVS), three days of music.", "KVS", []string{"Kestrel Valley Sound"}},
		{"Welcome to the Kestrel Valley Sound (KVS), three days of music.", "Kestrel Valley Sound", []string{"KVS"}},
		{"The city has two household recycling centres (HRCs): Tanners Road and Mill Lane.", "household recycling centres", []string{"HRCs"}},
		{"## Multi-factor authentication (MFA)", "MFA", []string{"Multi-factor authentication"}},
		{"Gestionados por la Compañía de Movilidad de Puerto Calder (CMPC) por encargo del Ayuntamiento.", "CMPC", []string{"Compañía de Movilidad de Puerto Calder"}},
		// Where the words' initials spell the short form, the long form is those words, not the
		// shortest span whose letters do ("Protective Equipment": the second P is in "Equipment").
		{"Staff on the quay wear Personal Protective Equipment (PPE) at all times.", "PPE", []string{"Personal Protective Equipment"}},
		{"Every visitor wears PPE (Personal Protective Equipment) on the quay.", "PPE", []string{"Personal Protective Equipment"}},
		{"Boats are inspected by the Harbour Department of Safety (HDoS) each spring.", "HDoS", []string{"Harbour Department of Safety"}},
		// The short form before the bracket.
		{"Tickets for KVS (Kestrel Valley Sound) go on sale in March.", "KVS", []string{"Kestrel Valley Sound"}},
		// A cue in the bracket, or after a comma.
		{"Boats are run by Orrin Ferries (formerly Marsh Line) every hour.", "Marsh Line", []string{"Orrin Ferries"}},
		{"Camping is on Kestrel Lake, also known as the Basin, east of the stage.", "Basin", []string{"Kestrel Lake"}},
		{"Book the Trotec Speedy 400, nicknamed Big Red, a day ahead.", "Big Red", []string{"Trotec Speedy 400"}},
		{"The Old Granary is known as The Hub by members.", "Hub", []string{"Old Granary"}},
		{"Boats stop at Kestrel Quay, known locally as the Steps, every hour.", "Steps", []string{"Kestrel Quay"}},
		{"El recinto, conocido como La Dársena, abre a las diez.", "La Dársena", nil},                                    // "El recinto" is no name
		{"El Mercado del Muelle, conocido como La Dársena, abre a las diez.", "Mercado del Muelle", []string{"Dársena"}}, // the article is not kept,
		{"凯斯特谷之声（简称谷声）将于七月举行。", "", nil},
	}
	for _, c := range cases {
		d := definedNames(c.sentence)
		if c.name == "" {
			continue
		}
		if got := fellowsOf(d, c.name); !slices.Equal(got, c.want) {
			t.Errorf("in %q, the other names of %q = %q, want %q", c.sentence, c.name, got, c.want)
		}
	}
	// Chinese cues outside brackets: the name after 的 (what describes it comes before), and one
	// that a punctuation mark closes soon enough.
	for _, c := range []struct{ sentence, q, want string }{
		{"本店的大激光又称“红龙”，需要提前一天预约。", "红龙怎么预约？", " 大激光"},
		{"北门公园，俗称老园子，周一闭园。", "老园子几点开门", " 北门公园"},
		{"这台机器又称为了方便大家使用而设的公共设备", "公共设备在哪", ""},
	} {
		if got := definedNames(c.sentence).Expansion(c.q); got != c.want {
			t.Errorf("in %q, Expansion(%q) = %q, want %q", c.sentence, c.q, got, c.want)
		}
	}
	// A Chinese name is found anywhere in a text, as the catalog's are.
	d := definedNames("凯斯特谷之声（简称谷声）将于七月举行。")
	if got := d.Expansion("谷声几点开门？"); got != " 凯斯特谷之声" {
		t.Errorf("Expansion(谷声几点开门？) = %q, want the full name", got)
	}
}

// A bilingual text names a thing in both scripts with no cue: a bracket after a Han name that holds a
// capitalised Latin name, or after a Latin name that holds a Han one. A question in Chinese then
// finds the English text that writes only the Latin name, and the other way round.
func TestDefinedNamesFindsNamesInTheOtherScript(t *testing.T) {
	for _, c := range []struct{ sentence, q, want string }{
		{"- 湖岸露营地（Lakeshore）：必须提前预订，旺季常常客满。", "湖岸露营地一共有多少个营位？", " Lakeshore"},
		{"付款方式：直接借记（Direct Debit）。", "直接借记哪天扣款？", " Direct Debit"},
		{"Rent the Pine Hollow（松谷露营地）sites early.", "松谷露营地能停多长的车？", " Pine Hollow"},
		// A search for the Latin name is not widened by its Han translation.
		{"Rent the Pine Hollow（松谷露营地）sites early.", "How long can a car be at Pine Hollow?", ""},
		// A function word in the Han run ends what comes before the name.
		{"从猎鹰岭出发，经过渡鸦观景台和鹰鞍（Eagle Saddle）下山。", "鹰鞍有厕所吗", " Eagle Saddle"},
		// Not names: a lower-case gloss, a figure, one Han character.
		{"营业时间（opening hours）每天不同。", "营业时间是几点", ""},
		{"接机服务（45 EUR）需要预约。", "接机服务多少钱", ""},
		{"请带上证（ID）。", "证", ""},
	} {
		if got := definedNames(c.sentence).Expansion(c.q); got != c.want {
			t.Errorf("in %q, Expansion(%q) = %q, want %q", c.sentence, c.q, got, c.want)
		}
	}
}

func TestDefinedNamesIgnoresBracketsThatDefineNothing(t *testing.T) {
	for _, s := range []string{
		"Your home drive (home) is backed up nightly.",          // no capitals: not an abbreviation
		"The ticket office opened in the spring (2023).",        // a year
		"Course content lives in Campus Virtual (Moodle).",      // one capital, and no long form
		"All printers run TarsisPrint (PaperCut) as the queue.", // its letters are not the name's
		"We pay a fee, known as the Booking Charge, at checkout.",
		"The lake (formerly a quarry) is deep.",          // neither is a name
		"Set the port (see the FAQ) before you start.",   // a cue it is not
		"Ask at the Information Point (IP) near Gate B.", // fine: a real definition
		// A function word: a question's "who" is not the organisation.
		"Advice from the World Health Organization (WHO) applies.",
	} {
		d := definedNames(s)
		want := 0
		if s == "Ask at the Information Point (IP) near Gate B." {
			want = 2
		}
		if d.Len() != want {
			t.Errorf("%q defines %d names, want %d", s, d.Len(), want)
		}
	}
}

func TestDefinedNamesMatchWordsByStem(t *testing.T) {
	d := definedNames("The city has two household recycling centres (HRCs) in the north.")
	// A singular finds the plural's definition, and a name inside a longer question is found where
	// it starts.
	ws := Words("Where is the nearest HRC open on Sundays?")
	n, others := d.At(ws, 4)
	if n != 1 || len(others) != 1 || others[0].Text != "household recycling centres" {
		t.Fatalf("At(HRC) = %d, %v, want the long form", n, others)
	}
	if !slices.Equal(others[0].Terms, []string{"household", "recycl", "center"}) {
		t.Errorf("terms of the long form = %q, want its stems as a sentence holds them", others[0].Terms)
	}
	if n, _ := d.At(ws, 3); n != 0 {
		t.Errorf("At(nearest) = %d, want no name", n)
	}
	if got := d.Expansion("Is the household recycling centre open?"); got != " HRCs" {
		t.Errorf("Expansion = %q, want the abbreviation", got)
	}
	var none *DefinedNames
	if none.Len() != 0 || none.Expansion("HRC") != "" {
		t.Error("a nil DefinedNames should define nothing")
	}
}

// FuzzDefinedNames reads arbitrary sentences for the names they define and looks them up in
// arbitrary questions: no panic; every name has a fellow, terms, and text that the sentences hold;
// a name found in a question spans whole words of it. The rules cut byte ranges around brackets
// and cues, and a corpus can hold anything.
func FuzzDefinedNames(f *testing.F) {
	for _, s := range []string{
		"Welcome to the Kestrel Valley Sound (KVS), three days.\nKVS (Kestrel Valley Sound) opens.",
		"Orrin Ferries (formerly Marsh Line), also known as the Basin; El Mercado, conocido como La Dársena.",
		"凯斯特谷之声（简称谷声）将于七月举行。（又称「谷声」）",
		"(( )) (KVS) (formerly) , also known as , is known as The (A) x (AB C) Trotec 400, nicknamed Big Red,",
	} {
		f.Add(s, "When does KVS open at the Basin?")
	}
	f.Fuzz(func(t *testing.T, doc, q string) {
		if !utf8.ValidString(doc) || !utf8.ValidString(q) {
			return
		}
		d := NewLexicon(nil, nil).DefinedNames(func(yield func([]string, string) bool) {
			for _, line := range strings.Split(doc, "\n") {
				if MayDefineNames(line) && !yield([]string{line}, "") {
					return
				}
			}
		})
		for k, f := range d.forms {
			if len(d.fellows[k]) == 0 || len(f.Terms) == 0 || !strings.Contains(doc, f.Text) {
				t.Fatalf("name %q: fellows %v, terms %q; its text must be in the document", f.Text, d.fellows[k], f.Terms)
			}
		}
		ws := Words(q)
		for i := range ws {
			if n, others := d.At(ws, i); n < 0 || i+n > len(ws) || n > 0 && len(others) == 0 {
				t.Fatalf("At(%q, %d) = %d, %v", q, i, n, others)
			}
		}
		d.Expansion(q)
		d.HanIn(q)
	})
}

// Defined names stored with an index load as they were: the same groups, found the same way.
func TestDefinedNamesRoundTrip(t *testing.T) {
	d := definedNames("The city has two household recycling centres (HRCs) in the north.",
		"凯斯特谷之声（简称谷声）将于七月举行。", "Boats leave from Harbour Hall, also known as the Shed, every hour.",
		"湖岸露营地（Lakeshore）：必须提前预订。")
	data, err := d.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var back DefinedNames
	if err := back.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(back.Groups(), d.Groups(), slices.Equal) || back.Len() != 8 {
		t.Errorf("groups after a round trip = %q, want %q", back.Groups(), d.Groups())
	}
	for _, q := range []string{"Is the HRC open?", "谷声几点开门", "Where is the Shed?"} {
		if got, want := back.Expansion(q), d.Expansion(q); got != want || got == "" {
			t.Errorf("Expansion(%q) after a round trip = %q, want %q", q, got, want)
		}
	}
	// A translation widens no search for the Latin name, though the name has it as a fellow.
	if got := back.Expansion("Is Lakeshore open in May?"); got != "" {
		t.Errorf("Expansion of the Latin name after a round trip = %q, want none", got)
	}
	if n, others := back.At(Words("Lakeshore"), 0); n != 1 || len(others) != 1 || others[0].Text != "湖岸露营地" {
		t.Errorf("At(Lakeshore) after a round trip = %d, %v, want the Han name", n, others)
	}
	if got := back.Expansion("湖岸露营地几月开放"); got != " Lakeshore" {
		t.Errorf("Expansion of the Han name after a round trip = %q, want the Latin one", got)
	}
	var empty DefinedNames
	if err := empty.UnmarshalJSON([]byte(`{"forms":[{"text":"X","terms":["x"],"fellows":[3]}]}`)); err == nil {
		t.Error("a fellow out of range loaded")
	}
	var none *DefinedNames
	if data, err := none.MarshalJSON(); err != nil || string(data) != `{"forms":null}` {
		t.Errorf("nil names stored as %s, %v", data, err)
	}
}

// paragraphNames finds the names that paragraphs, given as their sentences, define.
func paragraphNames(paragraphs ...[]string) *DefinedNames {
	return NewLexicon(nil, nil).DefinedNames(func(yield func([]string, string) bool) {
		for _, p := range paragraphs {
			if !yield(p, "") {
				return
			}
		}
	})
}

// A nickname given with a verb of calling names what the text named before the people who call it
// so: the name before their clause, the subject that opens their sentence, or, when "it" points
// back further, the one that opens the paragraph. Before, only cues such as "also known as" were
// read, and a question about "the green bikes" did not find Ferrow.
func TestDefinedNamesFindsNicknames(t *testing.T) {
	for _, c := range []struct {
		paragraph []string
		want      string
	}{
		{[]string{"Ferrow, a bike-share scheme, was launched in Marlby in 2019.", "In 2024 it had 900 bikes.",
			`Riders call it "the green bikes" because of the frames.`}, "[[Ferrow green bikes]]"},
		{[]string{"The Annexe is the club's second hall.", "Older members still call it the cricket pavilion, from before 1990."},
			"[[Annexe cricket pavilion]]"},
		{[]string{"- El Almacén es la tienda del club; los socios lo llaman the tool cage."}, "[[Almacén tool cage]]"},
		{[]string{"La sierra grande es la Haldor, a la que todos llaman Big Bertha."}, "[[Haldor Big Bertha]]"},
		{[]string{"大锯：Haldor，大家叫它 Big Bertha，需要二级培训。"}, "[[Haldor Big Bertha]]"},
		// A bracket's parts after a comma: the first translates, a later one is cued.
		{[]string{"2019年，费罗（Ferrow，骑手们称它为“绿车”）在本市上线。"}, "[[费罗 Ferrow 绿车]]"},
		// Not nicknames: one common word, what "this" points to, a sentence opened by a plural.
		{[]string{"It isn't, officially.", "Moderators will happily call it the forum."}, "[]"},
		{[]string{`Shops can also sell from local stock; Ferrow call this "Local to local".`}, "[]"},
		{[]string{"Members can bring guests.", "Most of them call it the Snug Bar."}, "[]"},
		{[]string{"El Taller Norte es la sede del club.", "La sierra grande se llama Bertha."}, "[]"}, // a name given plainly
	} {
		if got := fmt.Sprint(paragraphNames(c.paragraph).Groups()); got != c.want {
			t.Errorf("%q: names %s, want %s", c.paragraph, got, c.want)
		}
	}
}

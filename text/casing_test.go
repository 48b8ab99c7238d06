package text

import (
	"slices"
	"testing"
)

// caseForms counts the forms of a few sentences.
func caseForms(sentences ...string) *CaseForms { return NewCaseForms(slices.Values(sentences), nil) }

func TestCaseFormsKeepEachWordsDominantForm(t *testing.T) {
	f := caseForms(
		"Douyin's GMV grew, and PDD listed its shares.",
		"Analysts watch the GMV of Douyin and of PDD, founded by Zhang Yong.",
		"Its gmv was reported once in lower case by Zhang Yong's team.",
		"The iPhone sold well, and so did the iPhone Pro.",
		"Growth slowed, and growth is what the market watches.",
		// Sentence-initial occurrences do not count, nor do a table cell's or a quotation's first
		// words: written lower-case everywhere else, "growth" and "merchants" stay lower case.
		"Merchants pay a fee. Growth returned. | Merchants | Growth |",
		"He said \"Merchants leave\" and merchants did.",
		// A tie between lower case and capitals is no dominant form.
		"The Mall opened beside another mall.",
		// Of two cased forms as common, the one with fewer capitals.
		"Both ZHANG and Zhang appear in the footnotes.",
		"Shoppers on Douyin say growth helps merchants in every market.",
		// One occurrence is too little evidence either way.
		"Some labels , Far more than others, offer free wifi.",
	)
	cases := []struct {
		lower, form string
		ok          bool
	}{
		{"gmv", "GMV", true},       // GMV ×2, gmv ×1
		{"pdd", "PDD", true},       // all caps
		{"douyin", "Douyin", true}, // the possessive is not part of the form
		{"zhang", "Zhang", true},   // Zhang ×3 against ZHANG ×1
		{"yong", "Yong", true},
		{"iphone", "iPhone", true},
		{"growth", "growth", true},
		{"merchants", "merchants", true},
		{"market", "market", true},
		// Absent, only sentence-initial, as often cased as not, written once, or a function word: the corpus
		// does not say.
		{"mall", "", false},
		{"far", "", false},
		{"wifi", "", false},
		{"temu", "", false},
		{"analysts", "", false},
		{"the", "", false},
		{"both", "", false},
	}
	for _, c := range cases {
		form, ok := f.Form(c.lower)
		if form != c.form || ok != c.ok {
			t.Errorf("Form(%q) = %q, %v, want %q, %v", c.lower, form, ok, c.form, c.ok)
		}
	}
	var none *CaseForms
	if form, ok := none.Form("gmv"); ok || form != "" {
		t.Errorf("nil CaseForms: Form(gmv) = %q, %v, want none", form, ok)
	}
}

func TestCaseFormsTieBetweenCasedForms(t *testing.T) {
	f := caseForms("We met ZHANG once and Zhang once.", "Then both SKU and Sku appeared, never sku.")
	for lower, want := range map[string]string{"zhang": "Zhang", "sku": "Sku"} {
		if form, _ := f.Form(lower); form != want {
			t.Errorf("Form(%q) = %q, want %q (the form with fewer capitals)", lower, form, want)
		}
	}
}

// A catalog's names count as the corpus's forms, every word of them: "PDD" is an alias only.
func TestCaseFormsCountNames(t *testing.T) {
	f := NewCaseForms(slices.Values([]string{"Pinduoduo listed in 2018, and pdd.com redirects there."}),
		slices.Values([]string{"PDD", "Pin Duo Duo", "JD.com"}))
	for lower, want := range map[string]string{"pdd": "PDD", "duo": "Duo", "jd.com": "JD.com", "pinduoduo": ""} {
		if form, _ := f.Form(lower); form != want {
			t.Errorf("Form(%q) = %q, want %q", lower, form, want)
		}
	}
}

// The plural of an acronym takes the acronym's form and a lower-case "s" when the corpus writes the
// plural in no other form: "skus" is "SKUs", not the unknown name "Skus".
func TestCaseFormsAcronymPlurals(t *testing.T) {
	f := caseForms(
		"Every SKU is listed, and each SKU has a price.",  // the plural never written
		"Our CEO spoke, the CEO left, and two CEOs came.", // the plural once, as the rule writes it
		"Each PC and every PC came as pcs in a box.",      // once in lower case
		"The API and the API of Apis differ.",             // once with another form
		"The KPI rose, the KPI fell, and kpis and kpis were read.",
		"The IT team and the IT desk were busy.",
		"Our JD.com and JD.com orders arrived.",
	)
	cases := []struct {
		lower, form string
		ok          bool
	}{
		{"ceos", "CEOs", true},
		{"pcs", "", false},
		{"apis", "", false},
		{"kpis", "kpis", true}, // the corpus decides
		{"its", "", false},     // a function word
		{"jd.coms", "", false}, // not all in capitals
	}
	for _, c := range cases {
		if form, ok := f.Form(c.lower); form != c.form || ok != c.ok {
			t.Errorf("Form(%q) = %q, %v, want %q, %v", c.lower, form, ok, c.form, c.ok)
		}
	}
	g := caseForms("Every SKU is listed, and each SKU has a price.", "Both SKU and Sku appear in it.")
	if form, ok := g.Form("skus"); form != "SKUs" || !ok {
		t.Errorf("Form(skus) = %q, %v, want SKUs", form, ok)
	}
	if got, want := RestoreCase("how many skus does a shop list", func() *CaseForms { return g }), "how many SKUs does a shop list"; got != want {
		t.Errorf("RestoreCase = %q, want %q", got, want)
	}
	// As often "Sku" as "SKU": the word's form is "Sku", no acronym.
	h := caseForms("Both SKU and Sku appear in it, and Sku and SKU again.")
	if form, ok := h.Form("skus"); ok {
		t.Errorf("Form(skus) = %q, want none: the corpus writes the word Sku as often as SKU", form)
	}
}

func TestRestoreCaseTakesTheCorpusForms(t *testing.T) {
	// Each sentence twice: a corpus's names recur, and one occurrence is too little evidence.
	sentences := []string{
		"In 2024 Douyin's GMV passed that of Taobao, and PDD, the owner of Temu, grew too.",
		"PDD was founded by Zhang Yong, and the listing made Zhang Yong rich.",
		"Sellers sell on livestreaming channels, and omnichannel retail grows.",
		"The JD logistics network reaches most of China.",
		// A machine translation capitalises common words: the question keeps them in lower case,
		// as it would be typed properly.
		"Sales grew , One Billion yuan more , Far beyond the INSIGHT of Alibaba's rivals.",
	}
	f := caseForms(append(sentences, sentences...)...)
	cases := map[string]string{
		"what was douyin's gmv in 2024": "what was Douyin's GMV in 2024",
		"when did pdd go public":        "when did PDD go public",
		"who is zhang yong":             "who is Zhang Yong",
		"does jd deliver in china":      "does JD deliver in China",
		"did alibaba earn one billion":  "did Alibaba earn one billion",
		"how far did the insight go":    "how far did the insight go",
		// "temu" starts common words of the list, so for all the list knows it is one.
		"what is temu": "what is temu",
		// Words the corpus writes in lower case stay as typed, though the word list does not know
		// them ("livestreaming" alone would pass for a name).
		"who sells on livestreaming channels": "who sells on livestreaming channels",
		"is omnichannel retail growing":       "is omnichannel retail growing",
		// Words the corpus lacks keep the word list's rule: a name is capitalised, common words
		// and typos are not.
		"who founded meituan in france": "who founded Meituan in France",
		"left my jakcet in the basket":  "left my jakcet in the basket",
		// A question with a capital is its writer's; a Spanish one takes the corpus's forms (see
		// TestRestoreCaseSpanish).
		"What was douyin's gmv":       "What was douyin's gmv",
		"¿cuál fue el gmv de douyin?": "¿cuál fue el GMV de Douyin?",
	}
	for in, want := range cases {
		if got := RestoreCase(in, func() *CaseForms { return f }); got != want {
			t.Errorf("RestoreCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// A Spanish question typed in lower case takes the corpus's forms, but not the word list's rule for
// the words the corpus does not decide, since the list has no Spanish verb forms or plurals; a
// Spanish common word, or a form of one, keeps its lower case as in English.
func TestRestoreCaseSpanish(t *testing.T) {
	sentences := []string{
		"En 2024 las ventas de Douyin en China crecieron, y el GMV de Pinduoduo superó al de JD.",
		"Muchas Piscinas cerraron en Estados Unidos, pero las Piscinas de la cadena Zorblax abrieron.",
		"El abono cuesta 30 euros y el Abono joven cuesta 20 euros en la Residencia.",
	}
	f := caseForms(append(sentences, sentences...)...)
	cases := map[string]string{
		"¿cuánto vendió douyin en china?":         "¿cuánto vendió Douyin en China?",
		"cuanto fue el gmv de pinduoduo y jd":     "cuanto fue el GMV de Pinduoduo y JD",
		"a q hora abre zorblax":                   "a q hora abre Zorblax",
		"cuanto cuesta el abono en la residencia": "cuanto cuesta el abono en la residencia", // lower as often as not; a common word
		// Common words and forms of them keep their lower case however the corpus writes them,
		// names made of them too ("Estados Unidos"), as "united states" does in English.
		"cuantas piscinas cerraron en estados unidos": "cuantas piscinas cerraron en estados unidos",
		// A word the corpus does not know stays as typed: a verb form such as "tengo" would
		// pass for a name.
		"tengo dudas sobre meituan": "tengo dudas sobre meituan",
		// Chinese is left as typed.
		"抖音2024年的gmv是多少": "抖音2024年的gmv是多少",
	}
	for in, want := range cases {
		if got := RestoreCase(in, func() *CaseForms { return f }); got != want {
			t.Errorf("RestoreCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// RestoreCase asks for the corpus's forms only for a question it restores: counting them takes a
// while, and a question with capitals, or in Chinese, never uses them.
func TestRestoreCaseCountsFormsOnlyWhenNeeded(t *testing.T) {
	for _, tt := range []struct {
		q     string
		calls int
	}{
		{"what was douyin's gmv in 2024", 1},
		{"What was Douyin's GMV in 2024?", 0},
		{"抖音2024年的gmv是多少", 0},
		{"cuanto cuesta el abono", 1},
	} {
		calls := 0
		RestoreCase(tt.q, func() *CaseForms { calls++; return nil })
		if calls != tt.calls {
			t.Errorf("RestoreCase(%q) asked for the forms %d times, want %d", tt.q, calls, tt.calls)
		}
	}
}

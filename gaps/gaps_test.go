package gaps

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/questionlog"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// synthetic is a log of questions with known groups: each key is a need, its values the ways it was
// asked (abstained unless marked). The needs are ones the seeds do not answer, several about the
// same platform, so that sharing a platform name must not be enough to join a group.
var synthetic = map[string][]string{
	"douyin-ceo": {
		"Who is the CEO of Douyin?",
		"who is douyin's ceo",
		"Douyin CEO name?",
		"¿Quién es el CEO de Douyin?",
		"Tell me who runs Douyin as CEO",
	},
	"douyin-download": {
		"How do I download the Douyin app on my iPhone?",
		"download douyin for iphone",
		"Douyin iPhone app download link",
	},
	"taobao-refund": {
		"How do I get a refund on Taobao?",
		"Taobao refund process",
		"What is Taobao's refund policy for returned items?",
		"refund a taobao order",
	},
	"pdd-hq": {
		"Where is Pinduoduo headquartered?",
		"Pinduoduo headquarters location",
		"where are PDD's headquarters?",
		"拼多多总部在哪里？",
		"¿Dónde está la sede de Pinduoduo?",
	},
	"weather":  {"What will the weather be in Beijing tomorrow?"},
	"pizza":    {"Give me a recipe for pizza dough"},
	"password": {"How do I reset my Alipay password?"},
}

// syntheticLog turns synthetic into logged questions, one a minute, plus answered ones that must
// not appear, a repeated question, a 👎 on an answered one, and an unverified one.
func syntheticLog() (qs []questionlog.Question, needOf map[string]string) {
	needOf = map[string]string{}
	keys := make([]string, 0, len(synthetic))
	for k := range synthetic {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	at := t0
	add := func(q questionlog.Question) {
		at = at.Add(time.Minute)
		q.Time, q.ID = at, at.Format("150405")
		qs = append(qs, q)
	}
	for _, k := range keys {
		for i, text := range synthetic[k] {
			q := questionlog.Question{Surface: "discord", Question: text, Abstained: true, Verification: answer.VerificationVerified}
			switch {
			case k == "taobao-refund" && i == 1: // answered, but voted down
				q.Abstained, q.Down = false, 2
			case k == "pdd-hq" && i == 2: // a model answer whose citations could not be checked
				q.Abstained, q.Verification = false, answer.VerificationUnverified
			}
			add(q)
			needOf[sameWords(text)] = k
		}
	}
	// The same words again (case and punctuation aside) count twice in one phrasing.
	add(questionlog.Question{Surface: "web", Question: "who is Douyin's CEO?", Abstained: true})
	// Answered questions are not gaps, even on the same topics.
	add(questionlog.Question{Surface: "web", Question: "What was Douyin's GMV in 2024?", Verification: answer.VerificationVerified})
	add(questionlog.Question{Surface: "web", Question: "What is Taobao?", Verification: answer.VerificationRepaired, Up: 1})
	return qs, needOf
}

func testConfig(tb testing.TB) Config {
	ix := seedindex.Open(tb)
	return Config{Search: ix, Lexicon: ix.Lexicon(), Links: links.Builder{Base: "https://citebot.example.org"}}
}

func TestGrouping(t *testing.T) {
	cfg := testConfig(t)
	qs, needOf := syntheticLog()
	needs := distinctNeeds(qs)
	if err := describe(context.Background(), cfg, needs); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{} // need -> the groups its phrasings landed in
	for gi, members := range cluster(needs) {
		for _, n := range members {
			k := needOf[sameWords(n.text)]
			got[k] = append(got[k], string(rune('A'+gi)))
		}
	}
	owner := map[string]string{}
	for k, gs := range got {
		slices.Sort(gs)
		if gs = slices.Compact(gs); len(gs) != 1 {
			t.Errorf("need %s split over groups %v", k, gs)
			continue
		}
		if other, taken := owner[gs[0]]; taken {
			t.Errorf("needs %s and %s merged into one group", other, k)
		}
		owner[gs[0]] = k
	}
	if len(got) != len(synthetic) {
		t.Errorf("grouped %d needs, want %d: %v", len(got), len(synthetic), got)
	}
	if t.Failed() {
		for gi, members := range cluster(needs) {
			for _, n := range members {
				t.Logf("group %c: %q terms %v", 'A'+gi, n.text, n.rawTerms)
			}
		}
	}
}

// With a second need about Pinduoduo, the phrasings that share nothing but the platform's name (the
// Chinese and Spanish ones) can no longer tell which need they belong to: they may stand alone, but
// no group may mix two needs.
func TestGroupingNeverMergesOnPlatformAlone(t *testing.T) {
	cfg := testConfig(t)
	qs, needOf := syntheticLog()
	for _, text := range []string{"How do I install the Pinduoduo app?", "Pinduoduo app install"} {
		qs = append(qs, questionlog.Question{Question: text, Abstained: true, Time: t0.Add(time.Hour)})
		needOf[sameWords(text)] = "pdd-app"
	}
	needs := distinctNeeds(qs)
	if err := describe(context.Background(), cfg, needs); err != nil {
		t.Fatal(err)
	}
	for _, members := range cluster(needs) {
		kinds := map[string]bool{}
		for _, n := range members {
			kinds[needOf[sameWords(n.text)]] = true
		}
		if len(kinds) > 1 {
			t.Errorf("one group mixes the needs %v", kinds)
		}
	}
}

func TestBuildReport(t *testing.T) {
	cfg := testConfig(t)
	qs, _ := syntheticLog()
	rep, err := Build(context.Background(), cfg, t0, qs)
	if err != nil {
		t.Fatal(err)
	}
	// 20 phrasings + 1 repeat are unanswered; 2 of 23 questions were answered.
	if rep.Questions != 23 || rep.Unanswered != 21 || len(rep.Groups) != len(synthetic) {
		t.Fatalf("report: %d questions, %d unanswered, %d groups; want 23, 21, %d", rep.Questions, rep.Unanswered, len(rep.Groups), len(synthetic))
	}
	wantCounts := []int{6, 5, 4, 3, 1, 1, 1}
	for i, g := range rep.Groups {
		if g.Count != wantCounts[i] {
			t.Errorf("group %d count %d, want %d (largest first)", i, g.Count, wantCounts[i])
		}
		if i > 0 && g.Count == rep.Groups[i-1].Count && g.Last.After(rep.Groups[i-1].Last) {
			t.Errorf("groups %d and %d have the same count but the later-asked one comes second", i-1, i)
		}
	}
	ceo := rep.Groups[0]
	if len(ceo.Examples) != 3 || ceo.Examples[0] != "who is Douyin's CEO?" {
		t.Errorf("CEO group examples %q, want 3 with the twice-asked phrasing (latest spelling) first", ceo.Examples)
	}
	if want := t0.Add(21 * time.Minute); !ceo.Last.Equal(want) {
		t.Errorf("CEO group last %v, want %v (the repeat)", ceo.Last, want)
	}
	if ceo.Abstained != 6 || ceo.Disliked != 0 {
		t.Errorf("CEO group reasons %q", ceo.Reasons())
	}
	refund := rep.Groups[2]
	if refund.Disliked != 1 || refund.Abstained != 3 || !strings.Contains(strings.Join(refund.Examples, "|"), "refund") {
		t.Errorf("refund group = %+v, want 3 abstained and 1 👎", refund)
	}
	for i, g := range rep.Groups {
		if len(g.Closest) == 0 || len(g.Closest) > 3 {
			t.Errorf("group %d has %d closest passages, want 1-3", i, len(g.Closest))
		}
		for _, c := range g.Closest {
			if !strings.HasPrefix(c.URL, "https://citebot.example.org/sources/"+c.File) || c.Paragraph < 1 || c.Quote == "" {
				t.Errorf("closest passage %+v lacks a link, paragraph or quote", c)
			}
			if c.QuoteEnd <= c.QuoteStart || !strings.Contains(c.Text, c.Quote) {
				t.Errorf("closest passage quote %q has span %d-%d", c.Quote, c.QuoteStart, c.QuoteEnd)
			}
		}
	}
	// The Pinduoduo group's passages are about Pinduoduo.
	for _, g := range rep.Groups {
		if strings.Contains(strings.Join(g.Examples, " "), "Pinduoduo") {
			if !strings.Contains(g.Closest[0].Text, "Pinduoduo") && !strings.Contains(g.Closest[0].Text, "PDD") {
				t.Errorf("Pinduoduo group's closest passage does not mention it: %q", g.Closest[0].Text)
			}
		}
	}
}

// The JSON report has exactly the documented keys, and citations in the shape of ask --json.
func TestReportJSONShape(t *testing.T) {
	qs, _ := syntheticLog()
	rep, err := Build(context.Background(), testConfig(t), t0, qs)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rep)
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, k := range []string{"since", "questions", "groups"} {
		if _, ok := m[k]; !ok {
			t.Errorf("report lacks %q: %s", k, b)
		}
	}
	g := m["groups"].([]any)[0].(map[string]any)
	for _, k := range []string{"count", "last", "examples", "closest"} {
		if _, ok := g[k]; !ok {
			t.Errorf("group lacks %q", k)
		}
	}
	cb, _ := json.Marshal(answer.Citation{})
	var want, got map[string]any
	json.Unmarshal(cb, &want)
	got = g["closest"].([]any)[0].(map[string]any)
	for k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("closest citation lacks %q (ask --json's citations have it)", k)
		}
	}
	// An empty log is an empty report, with a list, not null.
	empty, _ := Build(context.Background(), testConfig(t), t0, nil)
	if b, _ := json.Marshal(empty); !strings.Contains(string(b), `"groups":[]`) {
		t.Errorf("empty report = %s", b)
	}
}

func TestWriteText(t *testing.T) {
	qs, _ := syntheticLog()
	rep, _ := Build(context.Background(), testConfig(t), t0, qs)
	var b bytes.Buffer
	rep.WriteText(&b)
	out := b.String()
	for _, want := range []string{"Since 2025-03-01 12:00 UTC: 23 questions, 21 unanswered, in 7 groups.", "1. Asked 6 times", "• who is Douyin's CEO?", "Closest passages:", "https://citebot.example.org/sources/"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	// The closest passages link as an answer's citations do: by the quote's byte span and its
	// check, and name their document's title beside its file.
	for _, g := range rep.Groups {
		for _, c := range g.Closest {
			if !strings.Contains(c.URL, "?b=") || !strings.Contains(c.URL, "&h=") {
				t.Errorf("closest passage link %q lacks the quote's span (?b=…&h=…)", c.URL)
			}
			if c.Title != "" && c.Title != c.File && !strings.Contains(out, c.File+" "+c.Where(c.Paragraph)+" ("+oneLine(c.Title, 80)) {
				t.Errorf("text report does not name %s's title %q:\n%s", c.File, c.Title, out)
			}
		}
	}
	b.Reset()
	Report{Since: t0, Questions: 1}.WriteText(&b)
	if want := "Since 2025-03-01 12:00 UTC: 1 question, 0 unanswered."; !strings.Contains(b.String(), want) {
		t.Errorf("one question: text report %q, want %q", b.String(), want)
	}
	// One question, unanswered, asked once: every count in the singular.
	b.Reset()
	Report{Since: t0, Questions: 1, Unanswered: 1, Groups: []Group{{Count: 1, Last: t0, Abstained: 1}}}.WriteText(&b)
	if want := "Since 2025-03-01 12:00 UTC: 1 question, 1 unanswered, in 1 group.\n\n1. Asked 1 time, last 2025-03-01 12:00 UTC (1 abstained)\n"; b.String() != want {
		t.Errorf("one unanswered question: text report %q, want %q", b.String(), want)
	}
}

func TestParseSince(t *testing.T) {
	now := t0
	tests := []struct {
		in   string
		want time.Time
	}{
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"2w", now.Add(-14 * 24 * time.Hour)},
		{"36h", now.Add(-36 * time.Hour)},
		{"2025-02-01", time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got, err := ParseSince(tt.in, now); err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "7", "-3d", "0d", "1.5d", "yesterday", "d"} {
		if _, err := ParseSince(bad, now); err == nil || !strings.Contains(err.Error(), "7d") {
			t.Errorf("ParseSince(%q) = %v, want an error with an example", bad, err)
		}
	}
}

// A closest passage quotes what the document says, never a heading or a breadcrumb, even when the
// heading shares more of the question's words than the sentences under it.
func TestClosestNeverQuotesHeadings(t *testing.T) {
	ix, err := retrieval.Open(context.Background(), retrieval.Config{
		Seeds: fstest.MapFS{
			"sensor.md": {Data: []byte("# Sensor manual\n\nHome > Manual > Late readings\n\n## Why readings arrive late on the dashboard\n\n" +
				"The sensor batches readings every ten minutes. Late readings are normal after a restart.\n\n" +
				"## Battery\n\nThe battery lasts two years.\n")},
		},
		SeedsName: "sensor", Embedder: retrieval.OfflineEmbedder(),
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Search: ix, Lexicon: ix.Lexicon(), Links: links.Builder{Base: "https://citebot.example.org"}}
	qs := []questionlog.Question{
		{Time: t0, ID: "1", Surface: "web", Question: "Why do readings arrive late on the dashboard at night?", Abstained: true},
		{Time: t0.Add(time.Minute), ID: "2", Surface: "web", Question: "why are dashboard readings late at night", Abstained: true},
	}
	rep, err := Build(context.Background(), cfg, t0, qs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Groups) == 0 || len(rep.Groups[0].Closest) == 0 {
		t.Fatalf("report %+v: want a group with closest passages", rep)
	}
	structure := text.Structure(ix.Analysis())
	for _, c := range rep.Groups[0].Closest {
		if c.QuoteEnd <= c.QuoteStart || text.Overlaps(structure[c.File], c.QuoteStart, c.QuoteEnd) ||
			strings.Contains(c.Quote, "#") || strings.Contains(c.Quote, ">") || strings.Contains(c.Quote, "Sensor manual") {
			t.Errorf("closest passage quotes a heading or breadcrumb: %q [%d, %d)", c.Quote, c.QuoteStart, c.QuoteEnd)
		}
	}
	if q := rep.Groups[0].Closest[0].Quote; !strings.Contains(q, "batches readings") && !strings.Contains(q, "Late readings are normal") {
		t.Errorf("first closest passage quotes %q, want a sentence under the heading", q)
	}
}

// Whether a passage's line is a heading is the text layer's call, not the line's look: a saved web
// page's paragraph that opens with "#" is what the page says, and a gap report may show it.
func TestClosestQuotesAPageParagraphThatOpensWithAHash(t *testing.T) {
	ix, err := retrieval.Open(context.Background(), retrieval.Config{
		Seeds: fstest.MapFS{
			"news.html": {Data: []byte("<html><head><title>Late readings</title></head><body><main><h1>Late readings</h1>" +
				"<p># readings arrive late on the dashboard at night because the sensor batches them every ten minutes.</p>" +
				"<p>The battery lasts two years.</p></main></body></html>")},
		},
		SeedsName: "news", Embedder: retrieval.OfflineEmbedder(),
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Search: ix, Lexicon: ix.Lexicon(), Links: links.Builder{Base: "https://citebot.example.org"}}
	qs := []questionlog.Question{
		{Time: t0, ID: "1", Surface: "web", Question: "Why do readings arrive late on the dashboard at night?", Abstained: true},
	}
	rep, err := Build(context.Background(), cfg, t0, qs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Groups) == 0 || len(rep.Groups[0].Closest) == 0 || !strings.Contains(rep.Groups[0].Closest[0].Quote, "batches them every ten minutes") {
		t.Fatalf("report %+v: want the page's paragraph as the closest passage", rep)
	}
}

// A closest passage quoted from a row of a table carries the table's header row, as an answer's
// citation does ("columns" in JSON), and the text report names the row's columns under its quote; the
// header row is never the quote, and a quote from outside a table has no columns.
func TestClosestTableRowNamesItsColumns(t *testing.T) {
	const header = "| Term | First week starts | Last week ends |"
	ix, err := retrieval.Open(context.Background(), retrieval.Config{
		Seeds: fstest.MapFS{
			"lessons.md": {Data: []byte("# Swimming lessons\n\n" + header + "\n|---|---|---|\n" +
				"| Spring 2026 | Monday 5 January 2026 | Sunday 29 March 2026 |\n| Summer 2026 | Monday 20 April 2026 | Sunday 19 July 2026 |\n\n" +
				"Lessons for adults are held at the main pool on Tuesday evenings.\n")},
		},
		SeedsName: "lessons", Embedder: retrieval.OfflineEmbedder(),
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Search: ix, Lexicon: ix.Lexicon(), Links: links.Builder{Base: "https://citebot.example.org"}}
	qs := []questionlog.Question{
		{Time: t0, ID: "1", Surface: "web", Question: "Are there summer 2026 lessons for children?", Abstained: true},
	}
	rep, err := Build(context.Background(), cfg, t0, qs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Groups) != 1 || len(rep.Groups[0].Closest) == 0 {
		t.Fatalf("report %+v: want one group with closest passages", rep)
	}
	var row, prose *answer.Citation
	for i, c := range rep.Groups[0].Closest {
		switch {
		case strings.HasPrefix(c.Quote, "| "):
			row = &rep.Groups[0].Closest[i]
		case strings.Contains(c.Quote, "main pool"):
			prose = &rep.Groups[0].Closest[i]
		}
	}
	if row == nil || strings.Contains(row.Quote, "First week") || row.Columns != header {
		t.Fatalf("closest passages %+v: want a row of the table (not its header) with the columns %q", rep.Groups[0].Closest, header)
	}
	if prose != nil && prose.Columns != "" {
		t.Errorf("a closest passage outside the table has columns %q", prose.Columns)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"columns":"` + header + `"`; !strings.Contains(string(b), want) {
		t.Errorf("report JSON lacks %s: %s", want, b)
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	want := ": “" + row.Quote + "”\n       columns: Term · First week starts · Last week ends\n       https://"
	if !strings.Contains(out.String(), want) {
		t.Errorf("text report lacks the row's quote, then its columns, then its link:\n%s\nwant %q", out.String(), want)
	}
}

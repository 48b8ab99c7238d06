package answer

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/citebot/citebot/text"
)

// docsMentioning returns the documents in which the catalog finds the platform, computed
// independently of the engine, from the catalog's own Mentions.
func docsMentioning(e *Engine, platform string) map[string]bool {
	out := map[string]bool{}
	for _, d := range e.ix.Documents() {
		for _, p := range e.ix.Catalog().Mentions(d.Text) {
			if p.Name == platform {
				out[d.File] = true
			}
		}
	}
	return out
}

// checkSummaryCoverage: every point cites a paragraph, every citation is a verbatim quote of its
// passage, and every document that mentions the platform is cited.
func checkSummaryCoverage(tb testing.TB, e *Engine, s Summary) {
	tb.Helper()
	cited := map[string]bool{}
	for i, c := range s.Citations {
		cited[c.File] = true
		if c.N != i+1 || !strings.Contains(s.Text, "["+itoa(c.N)+"]") {
			tb.Errorf("%s: citation %d numbered %d or missing from the text", s.Platform, i, c.N)
		}
		if c.Quote == "" || !strings.Contains(c.Text, c.Quote) {
			tb.Errorf("%s: citation %d quote is not in its passage", s.Platform, c.N)
		}
		doc, ok := e.ix.Document(c.File)
		if _, para, okp := doc.ParagraphText(c.Paragraph); !ok || !okp || !strings.Contains(para, c.Text) {
			tb.Errorf("%s: citation %d does not point at its paragraph", s.Platform, c.N)
		}
	}
	for _, line := range strings.Split(s.Text, "\n") {
		label := strings.HasSuffix(line, ":") && !strings.HasPrefix(line, "- ")
		if strings.TrimSpace(line) != "" && !label && !strings.Contains(line, "]") {
			tb.Errorf("%s: point without a citation: %q", s.Platform, line)
		}
	}
	for f := range docsMentioning(e, s.Platform) {
		if !cited[f] {
			tb.Errorf("summary of %s does not cite %s, which mentions it", s.Platform, f)
		}
	}
}

func TestSummaryEveryPlatformCitesEveryDocument(t *testing.T) {
	e := newOfflineEngine(t)
	for _, p := range e.Platforms() {
		t.Run(p.Name, func(t *testing.T) {
			s, err := e.Summarize(context.Background(), p.Name, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Documents != len(docsMentioning(e, p.Name)) {
				t.Errorf("Platforms() says %d documents, the catalog finds %d", p.Documents, len(docsMentioning(e, p.Name)))
			}
			if p.Documents == 0 {
				if !s.Abstained {
					t.Errorf("summary of an unmentioned platform = %q, want an abstention", s.Text)
				}
				return
			}
			if s.Abstained || s.Mode != ModeExtractive || len(s.Citations) > max(10, p.Documents) {
				t.Errorf("summary = abstained %v mode %q with %d points", s.Abstained, s.Mode, len(s.Citations))
			}
			checkSummaryCoverage(t, e, s)
		})
	}
}

func TestSummarizeAliasesAndErrors(t *testing.T) {
	e := newOfflineEngine(t)
	ctx := context.Background()
	for _, alias := range []string{"kuaishou", "  KWAI ", "快手", "Well quickly"} {
		s, err := e.Summarize(ctx, alias, Options{})
		if err != nil || s.Platform != "Kuaishou" {
			t.Errorf("Summarize(%q) = %q, %v; want Kuaishou", alias, s.Platform, err)
		}
	}
	_, err := e.Summarize(ctx, "Amazon", Options{})
	if !errors.Is(err, ErrUnknownPlatform) || !strings.Contains(err.Error(), "Douyin") {
		t.Errorf("Summarize(Amazon) error = %v, want ErrUnknownPlatform listing the known platforms", err)
	}
}

func TestSummaryCacheConcurrent(t *testing.T) {
	e := newOfflineEngine(t)
	var wg sync.WaitGroup
	results := make([]Summary, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := e.Summarize(context.Background(), []string{"Douyin", "tiktok"}[i%2], Options{})
			if err != nil {
				t.Error(err)
			}
			results[i] = s
		}()
	}
	wg.Wait()
	for _, s := range results[1:] {
		if s.Text != results[0].Text {
			t.Errorf("concurrent summaries differ")
		}
	}
	// Callers get copies: changing one does not change the cache.
	results[0].Citations[0].Quote = "changed"
	s, _ := e.Summarize(context.Background(), "Douyin", Options{})
	if s.Citations[0].Quote == "changed" {
		t.Errorf("the cached summary was modified through a caller's copy")
	}
}

// TestSummariesAreDigests: every point is a body sentence about the platform (never a heading,
// a title or boilerplate), no two points overlap, labels and the closing "Also mentioned in" line
// are where they belong, and a sentence that names the platform only in passing is not a point.
func TestSummariesAreDigests(t *testing.T) {
	e := newOfflineEngine(t)
	for _, p := range e.Platforms() {
		s, err := e.Summarize(context.Background(), p.Name, Options{})
		if err != nil || s.Abstained {
			continue
		}
		lines := strings.Split(s.Text, "\n")
		for i, line := range lines {
			also := strings.HasPrefix(line, "Also mentioned in: ")
			if also && i != len(lines)-1 {
				t.Errorf("%s: the 'Also mentioned in' line is not last: %q", p.Name, s.Text)
			}
			if !also && !strings.HasPrefix(line, "- ") && !strings.HasSuffix(line, ":") {
				t.Errorf("%s: line %q is neither a label, a point nor the closing line", p.Name, line)
			}
		}
		for i, c := range s.Citations {
			d := e.c.docs[c.File]
			for _, st := range d.Sentences {
				if c.QuoteStart < st.End && st.Start < c.QuoteEnd && st.Kind != text.KindBody {
					t.Errorf("%s: citation %d quotes a %s: %q", p.Name, c.N, st.Kind, c.Quote)
				}
			}
			for _, o := range s.Citations[:i] {
				if o.File == c.File && c.QuoteStart < o.QuoteEnd && o.QuoteStart < c.QuoteEnd {
					t.Errorf("%s: citations %d and %d overlap: %q / %q", p.Name, o.N, c.N, o.Quote, c.Quote)
				}
			}
		}
	}
	jd, err := e.Summarize(context.Background(), "JD.com", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(jd.Text, "\n") {
		if strings.HasPrefix(line, "- ") && strings.Contains(line, "surpassing competitors like JD.com") {
			t.Errorf("JD.com summary has Douyin's growth as a point: %q", line)
		}
	}
	if !strings.Contains(jd.Text, "Also mentioned in: ") {
		t.Errorf("JD.com summary does not cite the documents that mention it in passing: %q", jd.Text)
	}
}

// summaryPointsHolding returns the points of a summary (its "- " lines) that hold sub.
func summaryPointsHolding(s Summary, sub string) []string {
	var out []string
	for _, line := range strings.Split(s.Text, "\n") {
		if strings.HasPrefix(line, "- ") && strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return out
}

// TestSummaryPointsAreAboutThePlatform: a sentence that names the platform only as the object of
// the verb that opens its clause is not a point of the platform's summary ("Broke Ali 、 Jingdong's
// e-commerce bipolar pattern" opened the JD.com summary: that clause has no subject of its own,
// the sentence is about the app that broke the pattern), nor is one whose figures are all another
// platform's, which it leads with, and that names it only in a side remark ("…, Even wechat is
// trembling ."), nor one that does not name it and only goes on with the story after a sentence
// about it ("and 2015 In, Wang Sicong and other players …"); and every document that names the
// platform is still cited.
func TestSummaryPointsAreAboutThePlatform(t *testing.T) {
	e := newOfflineEngine(t)
	for _, tc := range []struct{ platform, notPoint string }{
		{"JD.com", "Broke Ali 、 Jingdong's e-commerce bipolar pattern"},
		{"Taobao", "Leaving Taobao ( China ) Software Co., Ltd"},
		// Douyin's user figures, closing with a side remark about WeChat: the claim is Douyin's.
		{"WeChat", "Even wechat is trembling"},
		// A sentence that only goes on with the story after one about WeChat ("and 2015 In, …").
		{"WeChat", "Wang Sicong and other players entered the game"},
		// Ali's investments: Alipay is the object of "supports", whose subject is "it" (Ali).
		{"Alipay", "it supports Alipay and wechat payment"},
		// Zhang Yong's duties: Pinduoduo only sets the time, in a subordinate clause.
		{"Pinduoduo", "When pinduoduo rose"},
		// WeChat as one item of a list led by Weibo, and as an example in brackets.
		{"WeChat", "Weibo 、 WeChat official account 、 Today's headlines"},
		{"WeChat", "Wechat replaces QQ"},
		// Alibaba only says whose chairman Zhang Yong is: the sentence is about him leaving his titles.
		{"Alibaba", "Alibaba chairman of the board of directors"},
		// The article's credit line: where it comes from, not a fact about WeChat.
		{"WeChat", "This article is from WeChat official account"},
	} {
		s, err := e.Summarize(context.Background(), tc.platform, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if ps := summaryPointsHolding(s, tc.notPoint); len(ps) > 0 {
			t.Errorf("%s summary has a point that does not have it as a subject: %q", tc.platform, ps)
		}
		checkSummaryCoverage(t, e, s)
	}
}

// A point from a document in another language than the summary's is labelled, and the strongest
// facts (figures, dates) come first.
func TestSummaryLabelsOtherLanguages(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"es.txt": "Douyin es una plataforma de vídeos cortos muy popular entre los jóvenes de China.\n\nDouyin creció un 30 % en 2024 gracias al comercio en directo.\n",
		"en.txt": "Douyin sells through short videos and live streams to young buyers.\n",
	})
	s, err := e.Summarize(context.Background(), "Douyin", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummaryCoverage(t, e, s)
	lines := strings.Split(s.Text, "\n")
	esLabel := -1
	for i, l := range lines {
		if strings.HasSuffix(l, "(in Spanish):") {
			esLabel = i
		}
	}
	if esLabel < 0 || esLabel+1 >= len(lines) || !strings.Contains(lines[esLabel+1], "30 %") {
		t.Errorf("summary %q: want a group labelled (in Spanish) opening with the figure", s.Text)
	}
	// A document that only mentions the platform is labelled in the closing line too.
	e = corpusEngine(t, map[string]string{
		"es.txt": "El comercio social crece en China, con plataformas como Douyin y otras aplicaciones de vídeo.\n",
		"en.txt": "Douyin sells through short videos and live streams to young buyers.\n",
	})
	if s, err = e.Summarize(context.Background(), "Douyin", Options{}); err != nil {
		t.Fatal(err)
	}
	checkSummaryCoverage(t, e, s)
	lines = strings.Split(s.Text, "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "Also mentioned in: ") || !strings.Contains(last, "(in Spanish) [") {
		t.Errorf("summary %q: want the closing line to label the Spanish document it cites", s.Text)
	}
}

// An amount written only in Chinese numerals ("三千亿") is a figure: its point comes first, as one
// written in digits does.
func TestSummaryHanFiguresFirst(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"zh.txt": "# 抖音\n\n抖音是年轻人喜欢的短视频和直播购物平台。\n\n抖音电商的成交额去年达到三千亿元。\n",
	})
	s, err := e.Summarize(context.Background(), "Douyin", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummaryCoverage(t, e, s)
	var points []string
	for _, l := range strings.Split(s.Text, "\n") {
		if strings.HasPrefix(l, "- ") {
			points = append(points, l)
		}
	}
	if len(points) != 2 || !strings.Contains(points[0], "三千亿") {
		t.Errorf("summary %q: want two points, the one stating 三千亿 first", s.Text)
	}
}

// A credit line ("This article is from WeChat official account.", "Fuente: …") is never a point:
// it says where its document comes from. A document that names the platform only there is still
// cited, in the closing line, and a document with a fact about the platform gives the point.
func TestSummaryAttributionIsNoPoint(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"credit.txt": "Live commerce keeps growing in smaller cities, where buyers trust hosts they know.\n\nThis article is from WeChat official account.\n",
		"fuente.txt": "Las compras en directo crecen en las ciudades pequeñas de China.\n\nFuente: cuenta pública de WeChat «Blue Shark».\n",
		"fact.txt":   "WeChat Pay won the red envelope war in 2014 and ended Alipay's monopoly of mobile payments.\n",
	})
	s, err := e.Summarize(context.Background(), "WeChat", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummaryCoverage(t, e, s)
	for _, credit := range []string{"This article is from", "Fuente:"} {
		if ps := summaryPointsHolding(s, credit); len(ps) > 0 {
			t.Errorf("WeChat summary quotes a credit line as a point: %q", ps)
		}
	}
	if ps := summaryPointsHolding(s, "red envelope war"); len(ps) != 1 {
		t.Errorf("WeChat summary %q: want the red envelope war as its point", s.Text)
	}
	lines := strings.Split(s.Text, "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "Also mentioned in: ") || strings.Count(last, "[") != 2 {
		t.Errorf("WeChat summary %q: want a closing line citing the two documents that only credit WeChat", s.Text)
	}
}

// A stated amount weighs more than a year alone: Pinduoduo's active users (8.69 Billion) is a point
// of its summary, before the story that names it with a year only ("Finally being 2015 Pinduoduo
// … picked up a bargain").
func TestSummaryAmountsBeforeYears(t *testing.T) {
	e := newOfflineEngine(t)
	s, err := e.Summarize(context.Background(), "Pinduoduo", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummaryCoverage(t, e, s)
	amount, year := -1, -1
	for i, line := range strings.Split(s.Text, "\n") {
		switch {
		case strings.HasPrefix(line, "- ") && strings.Contains(line, "8.69 Billion"):
			amount = i
		case strings.HasPrefix(line, "- ") && strings.Contains(line, "picked up a bargain"):
			year = i
		}
	}
	if amount < 0 || year >= 0 && year < amount {
		t.Errorf("Pinduoduo summary %q: want its 8.69 Billion active users as a point, before the bargain it picked up in 2015", s.Text)
	}
}

// A headline that closes a paragraph (seed 001 writes its Chinese title under its summary) is
// never a point: it frames the document rather than states a fact. A document that names the
// platform only there is still cited, in the closing line.
func TestSummaryHeadlineIsNoPoint(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"head.txt": "Live commerce keeps growing in smaller cities, where buyers trust the hosts they know.\n小红书做电商,抖音是个好老师\n",
		"fact.txt": "Douyin sold goods worth 3.5 trillion yuan in 2024, 30% more than the year before.\n",
	})
	s, err := e.Summarize(context.Background(), "Douyin", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummaryCoverage(t, e, s)
	if ps := summaryPointsHolding(s, "抖音是个好老师"); len(ps) > 0 {
		t.Errorf("Douyin summary quotes a headline as a point: %q", ps)
	}
	lines := strings.Split(s.Text, "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "Also mentioned in: ") {
		t.Errorf("Douyin summary %q: want a closing line citing the document that names it only in its headline", s.Text)
	}
}

// A platform that is a later item of a comma list led by something else ("Weibo, WeChat and
// Toutiao …") is not what the sentence is about: no point of its summary, only a closing mention.
func TestSummaryCommaListItemIsNoPoint(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"list.txt": "Weibo, WeChat and Toutiao drew readers away from portals after 2013.\n",
		"fact.txt": "WeChat Pay won the red envelope war in 2014 and ended Alipay's monopoly of mobile payments.\n",
	})
	s, err := e.Summarize(context.Background(), "WeChat", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummaryCoverage(t, e, s)
	if ps := summaryPointsHolding(s, "Weibo, WeChat and Toutiao"); len(ps) > 0 {
		t.Errorf("WeChat summary has a point where WeChat is a later item of a list: %q", ps)
	}
	lines := strings.Split(s.Text, "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "Also mentioned in: ") {
		t.Errorf("WeChat summary %q: want a closing line citing the document that only lists WeChat", s.Text)
	}
}

// A document's points spread over its sections: the best point of each section that weighs enough
// comes before a second point of a section already drawn on. Seed 004's section on live commerce,
// dense with figures, gave three of the Taobao digest's four points; the points now come from at
// least three sections, and the strongest point still opens the digest.
func TestSummarySpreadsOverSections(t *testing.T) {
	e := newOfflineEngine(t)
	s, err := e.Summarize(context.Background(), "Taobao", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummaryCoverage(t, e, s)
	sections := map[string]map[int]bool{}
	points := 0
	for _, c := range s.Citations {
		if !strings.Contains(s.Text, "["+itoa(c.N)+"]\n") && !strings.HasSuffix(s.Text, "["+itoa(c.N)+"]") {
			continue // the closing line's mentions
		}
		d := e.c.docs[c.File]
		for _, st := range d.Sentences {
			if st.Start <= c.QuoteStart && c.QuoteStart < st.End {
				if sections[c.File] == nil {
					sections[c.File] = map[int]bool{}
				}
				sections[c.File][st.Heading] = true
				points++
			}
		}
	}
	if n := len(sections["004_8b8eead7925c9339.txt"]); points < 4 || n < 3 {
		t.Errorf("Taobao summary %q: %d points from %d sections of seed 004, want 4 from at least 3", s.Text, points, n)
	}
	if ps := summaryPointsHolding(s, "Average daily active users of mobile Taobao"); len(ps) != 1 || !strings.Contains(s.Text, ":\n"+ps[0]) {
		t.Errorf("Taobao summary %q: want its strongest point (mobile Taobao's daily users) first", s.Text)
	}
}

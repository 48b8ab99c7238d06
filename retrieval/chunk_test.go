package retrieval

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/citebot/citebot/seeds"
	"github.com/citebot/citebot/text"
)

// checkChunks asserts the passage invariants on one document: exact bytes, lines, paragraph bounds,
// sizes, and that the passages cover every non-space byte of every paragraph.
func checkChunks(tb testing.TB, d *Document, ps []Passage) {
	tb.Helper()
	covered := make([]bool, len(d.Text))
	for _, p := range ps {
		if p.StartByte < 0 || p.EndByte > len(d.Text) || p.StartByte >= p.EndByte {
			tb.Fatalf("%s: bad span [%d:%d] of %d bytes", d.File, p.StartByte, p.EndByte, len(d.Text))
		}
		if got := d.Text[p.StartByte:p.EndByte]; got != p.Text {
			tb.Fatalf("%s: text[%d:%d] = %q, want passage text %q", d.File, p.StartByte, p.EndByte, got, p.Text)
		}
		if !utf8.ValidString(p.Text) {
			tb.Fatalf("%s: passage [%d:%d] cuts a character", d.File, p.StartByte, p.EndByte)
		}
		para, _, ok := d.ParagraphText(p.Paragraph)
		if !ok || p.StartByte < para.StartByte || p.EndByte > para.EndByte {
			tb.Fatalf("%s: passage [%d:%d] crosses paragraph %d %+v", d.File, p.StartByte, p.EndByte, p.Paragraph, para)
		}
		wantStart := 1 + strings.Count(d.Text[:p.StartByte], "\n")
		wantEnd := wantStart + strings.Count(p.Text, "\n")
		if p.StartLine != wantStart || p.EndLine != wantEnd {
			tb.Fatalf("%s: passage [%d:%d] lines %d-%d, want %d-%d", d.File, p.StartByte, p.EndByte, p.StartLine, p.EndLine, wantStart, wantEnd)
		}
		if len(p.Text) > maxChunk {
			tb.Fatalf("%s: passage [%d:%d] is %d bytes, over %d", d.File, p.StartByte, p.EndByte, len(p.Text), maxChunk)
		}
		for i := p.StartByte; i < p.EndByte; i++ {
			covered[i] = true
		}
	}
	for _, para := range d.Paragraphs {
		for i := para.StartByte; i < para.EndByte; {
			r, size := utf8.DecodeRuneInString(d.Text[i:])
			if !covered[i] && !isSpaceOrInvisible(r) {
				tb.Fatalf("%s: byte %d (%q) of paragraph %d is in no passage", d.File, i, r, para.N)
			}
			i += size
		}
	}
}

func isSpaceOrInvisible(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || text.IsInvisible(r) || r == '\u3000' || r == '\u00a0'
}

func TestChunkInvariantOnSeeds(t *testing.T) {
	docs, err := LoadCorpus(seeds.FS(), CorpusOptions{Name: "seeds"})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 5 {
		t.Fatalf("LoadCorpus(seeds) = %d documents, want 5", len(docs))
	}
	for _, d := range docs {
		ps := chunkDocument(d)
		if len(ps) == 0 {
			t.Errorf("%s: no passages", d.File)
		}
		checkChunks(t, d, ps)
	}
}

func TestParagraphs(t *testing.T) {
	text := "Title line\n\nFirst para line one\nline two\n\n\n  \nSecond para\r\nstill second\r\n\r\nThird"
	d := parseDocument("x.txt", text)
	want := []Paragraph{
		{N: 1, StartLine: 1, EndLine: 1, StartByte: 0, EndByte: 10},
		{N: 2, StartLine: 3, EndLine: 4, StartByte: 12, EndByte: 40},
		{N: 3, StartLine: 8, EndLine: 9, StartByte: 46, EndByte: 71},
		{N: 4, StartLine: 11, EndLine: 11, StartByte: 75, EndByte: 80},
	}
	if len(d.Paragraphs) != len(want) {
		t.Fatalf("parseDocument found %d paragraphs %+v, want %d", len(d.Paragraphs), d.Paragraphs, len(want))
	}
	for i, p := range d.Paragraphs {
		if p != want[i] {
			t.Errorf("paragraph %d = %+v (%q), want %+v", i+1, p, text[p.StartByte:p.EndByte], want[i])
		}
	}
	if d.Title != "Title line" {
		t.Errorf("Title = %q, want %q", d.Title, "Title line")
	}
}

func TestSeed001BulletsAreSplit(t *testing.T) {
	docs, err := LoadCorpus(seeds.FS(), CorpusOptions{Name: "seeds"})
	if err != nil {
		t.Fatal(err)
	}
	var d *Document
	for _, doc := range docs {
		if strings.HasPrefix(doc.File, "001_") {
			d = doc
		}
	}
	ps := chunkDocument(d)
	if len(ps) < 4 {
		t.Fatalf("seed 001 (2,600 characters on one line) gave %d passages, want several", len(ps))
	}
	// Every passage starts a bullet, or one of the section headings that sit between bullets
	// ("Content and Algorithm Innovations - Douyin's strategy …"), or the Chinese line.
	headings := []string{"Core Insights", "E-commerce Growth and Strategies", "Content and Algorithm Innovations",
		"Xiaohongshu's Position and Challenges", "Future Directions", "小红书"}
	for _, p := range ps {
		ok := strings.HasPrefix(p.Text, "- ")
		for _, h := range headings {
			ok = ok || strings.HasPrefix(p.Text, h)
		}
		if !ok {
			t.Errorf("seed 001 passage starts inside a bullet: %q", p.Text[:min(60, len(p.Text))])
		}
	}
}

func TestHeadingsGiveContext(t *testing.T) {
	ix := openSeeds(t)
	for _, p := range ix.Passages() {
		if p.File == "004_8b8eead7925c9339.txt" && p.Paragraph == 25 {
			if p.Heading != "02 Taobao mobile , Meritorious high position" {
				t.Errorf("seed 004 ¶25 heading = %q, want the 02 section title", p.Heading)
			}
			if !strings.Contains(p.Title, "13 years of Alibaba") {
				t.Errorf("seed 004 title = %q", p.Title)
			}
			return
		}
	}
	t.Fatal("seed 004 ¶25 not found")
}

func TestLoadCorpusBadInput(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	fsys := fstest.MapFS{
		"good.txt":         {Data: []byte("Taobao is big.\n\nTmall too.")},
		"sub/deeper.md":    {Data: []byte("# Heading\n\nA markdown doc about JD.com.")},
		"empty.txt":        {Data: []byte("  \n\n")},
		"latin1.txt":       {Data: []byte("caf\xe9 ok")},
		"ignored.doc":      {Data: []byte("\xd0\xcf\x11\xe0")},
		".hidden/skip.txt": {Data: []byte("hidden")},
		"zw.txt":           {Data: []byte("Pin\u200bduoduo\u0007 grew.")},
	}
	docs, err := LoadCorpus(fsys, CorpusOptions{Name: "testcorpus", Logger: logger})
	if err != nil {
		t.Fatalf("LoadCorpus = %v", err)
	}
	var files []string
	for _, d := range docs {
		files = append(files, d.File)
	}
	if got, want := strings.Join(files, ","), "good.txt,sub/deeper.md,zw.txt"; got != want {
		t.Errorf("LoadCorpus files = %s, want %s", got, want)
	}
	// A file skipped for its encoding says how to make it readable: a plain text file can only be re-saved.
	for _, want := range []string{"file=empty.txt", `msg="skipping document that is not valid UTF-8" file=latin1.txt byte_offset=3 fix="re-save the file as UTF-8 (plain text and Markdown cannot name another encoding)"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("warnings %q lack %q", logs.String(), want)
		}
	}
	if docs[1].Title != "Heading" {
		t.Errorf("markdown title = %q, want Heading", docs[1].Title)
	}
	// Zero-width and control characters are cleaned for indexing but positions stay exact.
	zw := docs[2]
	ps := chunkDocument(zw)
	checkChunks(t, zw, ps)
	if it := indexText(ps[0], nil, text.English); strings.ContainsAny(it, "\u200b\u0007") {
		t.Errorf("indexText = %q still holds invisible characters", it)
	}

	if _, err := LoadCorpus(fstest.MapFS{"a.doc": {Data: []byte("x")}}, CorpusOptions{Name: "nothing-here"}); err == nil || !strings.Contains(err.Error(), "nothing-here") {
		t.Errorf("LoadCorpus(no documents) = %v, want an error naming the folder", err)
	}
}

func FuzzChunkInvariant(f *testing.F) {
	_ = fs.WalkDir(seeds.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".txt") {
			data, _ := fs.ReadFile(seeds.FS(), p)
			f.Add(string(data[:min(len(data), 3000)]))
		}
		return nil
	})
	f.Add("a\n\nb\r\n\r\n - A - B - c\u200b。？！¿¡")
	f.Add(strings.Repeat("x", 2000))
	f.Add(strings.Repeat("字", 900))
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		d := parseDocument("f.txt", text)
		checkChunks(t, d, chunkDocument(d))
	})
}

// structureGuide is a Markdown guide with a passage of each kind that search and the analysis once
// judged apart: front matter with text in its paragraph, a dateline, a list item, a subtitle of
// few words but many letters, a breadcrumb, a heading.
const structureGuide = "---\ntitle: Deposits\n---\nSellers pay a deposit before they open a shop.\n\n" +
	"# Deposits\n\n2024-03-01 09:30\n\n- Sellers pay a 500 yuan deposit\n\n" +
	"What every seller on the marketplace platform should know about deposits refunds and fees\n\n" +
	"Home > Guides > Deposits\n\nThe deposit is refunded within three days of closing the shop.\n"

// Search leaves out a passage that only structures its document by the text layer's analysis' own
// rule (text.OnlyStructure): a heading, a title-like line, a breadcrumb, front matter alone; while
// a dateline, a list item and front matter followed by text in its paragraph say something, and the
// answers, which read the analysis, may quote them. Over this guide and the seeds, every passage
// search leaves out is structure by the analysis (text.Structure), and every passage of one line
// that the analysis reads as structure is left out, but a document's plain first line.
func TestSearchLeavesOutStructureAsTheAnalysisDoes(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{"guide.md": {Data: []byte(structureGuide)}, "front.md": {Data: []byte("---\ntitle: Front\n---\n\nBody of the front page.\n")}}
	ix, err := Open(ctx, Config{Seeds: fsys, SeedsName: "guide", Embedder: OfflineEmbedder()})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{ // by the passage's first words: left out
		"---\ntitle: Deposits": false, "# Deposits": true, "2024-03-01": false, "- Sellers pay": false,
		"What every seller": true, "Home > Guides": true, "The deposit is": false, "---\ntitle: Front": true, "Body of the": false,
	}
	res, err := ix.Search(ctx, "deposit seller shop", 100)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, r := range res {
		found[r.Text] = true
	}
	for _, p := range ix.Passages() {
		for prefix, out := range want {
			if strings.HasPrefix(p.Text, prefix) && found[p.Text] == out {
				t.Errorf("Search: %q returned %v, want %v", p.Text, found[p.Text], !out)
			}
		}
	}
	for _, ix := range []*Index{ix, openSeeds(t)} {
		checkStructureAgrees(t, ix)
	}
}

// checkStructureAgrees fails tb unless search's judgement of each passage of ix agrees with the
// analysis' (see TestSearchLeavesOutStructureAsTheAnalysisDoes).
func checkStructureAgrees(tb testing.TB, ix *Index) {
	tb.Helper()
	structure := text.Structure(ix.Analysis())
	for _, a := range ix.Analysis() {
		d := ix.byFile[a.File]
		for _, p := range ix.Passages() {
			if p.File != a.File {
				continue
			}
			all, some := true, false
			for _, s := range a.Sentences {
				if s.Start < p.EndByte && p.StartByte < s.End {
					some = true
					all = all && slices.Contains(structure[a.File], text.Span{Start: s.Start, End: s.End})
				}
			}
			out := onlyStructure(d, p)
			plainFirst := p.Paragraph == 1 && p.StartLine == p.EndLine && !strings.HasPrefix(p.Text, "#")
			switch {
			case out && !(some && all):
				tb.Errorf("%s: search leaves out %q, which the analysis reads as saying something", p.File, p.Text)
			case !out && some && all && p.StartLine == p.EndLine && !plainFirst:
				tb.Errorf("%s: search returns %q, which the analysis reads as structure", p.File, p.Text)
			}
		}
	}
}

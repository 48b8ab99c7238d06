package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestGoldenRecallAt5(t *testing.T) {
	ix := openSeeds(t)
	qs := loadGolden(t)
	if len(qs) < 30 {
		t.Fatalf("golden set has %d questions, want at least 30", len(qs))
	}
	langs := map[string]int{}
	for _, q := range qs {
		langs[q.Lang]++
	}
	for _, l := range []string{"en", "es", "zh"} {
		if langs[l] == 0 {
			t.Errorf("golden set has no %s question", l)
		}
	}
	recall, missed := recallAt5(t, ix, qs, true, true)
	t.Logf("hybrid recall@5 = %.3f; missed: %q", recall, missed)
	if recall < 0.9 {
		t.Errorf("hybrid recall@5 = %.3f, want >= 0.9; missed %q", recall, missed)
	}
}

func TestSearchAliasesMeet(t *testing.T) {
	ix := openSeeds(t)
	tests := []struct {
		query string
		file  string
		words string // the passage must use another name than the query
	}{
		{"Douyin daily active users", "004_8b8eead7925c9339.txt", "Tiktok"},
		{"抖音 short video", "004_8b8eead7925c9339.txt", "Tiktok"},
		{"Kuaishou Taobao alliance links", "004_8b8eead7925c9339.txt", "Kwai"},
		{"拼多多 fake goods", "004_8b8eead7925c9339.txt", "induoduo"},
		{"Pinduoduo LOW goods", "004_8b8eead7925c9339.txt", "A lot of spelling"},
		{"Singles Day first sales", "004_8b8eead7925c9339.txt", "A double tenth"},
		{"双十一 GMV", "004_8b8eead7925c9339.txt", "A double tenth"},
		{"Tiktok GMV 2024", "001_ac7923d06571d389.txt", "Douyin"},
		{"Little Red Book", "001_ac7923d06571d389.txt", "Xiaohongshu"},
	}
	for _, tt := range tests {
		for _, side := range []struct {
			name             string
			keyword, vectors bool
		}{{"keyword", true, false}, {"vector", false, true}} {
			res, err := ix.search(context.Background(), tt.query, 5, side.keyword, side.vectors)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range res {
				if r.File == tt.file && strings.Contains(r.Text, tt.words) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s search(%q): no passage of %s using %q in top 5", side.name, tt.query, tt.file, tt.words)
			}
		}
	}
}

func TestSearchClampsAndValidates(t *testing.T) {
	ix := openSeeds(t)
	n := 0 // the passages search may return: all but those that are only a heading
	for _, p := range ix.Passages() {
		if !onlyStructure(ix.byFile[p.File], p) {
			n++
		}
	}
	if n == len(ix.Passages()) {
		t.Fatalf("no seed passage is only a heading; the test needs one")
	}
	tests := []struct {
		k, want int
	}{{0, 5}, {-3, 5}, {1, 1}, {7, 7}, {n + 100, n}}
	for _, tt := range tests {
		res, err := ix.Search(context.Background(), "e-commerce platform", tt.k)
		if err != nil {
			t.Fatalf("Search(k=%d) = %v", tt.k, err)
		}
		if len(res) != tt.want {
			t.Errorf("Search(k=%d) returned %d results, want %d", tt.k, len(res), tt.want)
		}
		for i := 1; i < len(res); i++ {
			if res[i].Score > res[i-1].Score {
				t.Errorf("Search(k=%d): result %d scores %v above result %d's %v", tt.k, i, res[i].Score, i-1, res[i-1].Score)
			}
		}
	}
	if _, err := ix.Search(context.Background(), "   ", 3); err == nil {
		t.Error("Search(blank) = nil error, want an error")
	}
}

func TestSearchResultsCarryExactPositions(t *testing.T) {
	ix := openSeeds(t)
	res, err := ix.Search(context.Background(), "Taobao live broadcast anchors", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		d, ok := ix.Document(r.File)
		if !ok {
			t.Fatalf("result file %q is not a document", r.File)
		}
		if got := d.Text[r.StartByte:r.EndByte]; got != r.Text {
			t.Errorf("%s [%d:%d] = %q, want the result text %q", r.File, r.StartByte, r.EndByte, got, r.Text)
		}
		p, _, ok := d.ParagraphText(r.Paragraph)
		if !ok || r.StartByte < p.StartByte || r.EndByte > p.EndByte || r.StartLine < p.StartLine || r.EndLine > p.EndLine {
			t.Errorf("result %s ¶%d [%d:%d] lies outside its paragraph %+v", r.File, r.Paragraph, r.StartByte, r.EndByte, p)
		}
	}
}

// A form of a word the stemmer leaves apart ("married" and "marriage", "director" and "directs")
// still finds the passage, below an exact match: keyword search counts variants at variantWeight.
func TestSearchMeetsVariantsOfAWord(t *testing.T) {
	ix, err := Open(context.Background(), Config{
		Seeds: fstest.MapFS{
			"leave.md": {Data: []byte("# Leave\n\nMarriage or registered partnership: fifteen calendar days of leave.\n\n" +
				"Sick leave is paid from the first day of illness.\n\nMoving house: one day of leave.\n")},
		},
		Embedder: OfflineEmbedder(),
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.search(context.Background(), "how much leave do I get when I get married", 3, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || !strings.Contains(res[0].Text, "Marriage") {
		t.Errorf("keyword search: top hit %+v, want the paragraph on marriage leave", res)
	}
}

// A passage that is only a heading is never a result: the paragraph under it carries the heading's
// words and says something.
func TestSearchSkipsHeadingOnlyPassages(t *testing.T) {
	ix, err := Open(context.Background(), Config{
		Seeds: fstest.MapFS{
			"guide.md": {Data: []byte("# Guide\n\n## Parental leave\n\nSixteen weeks, plus one extra week paid by the company.\n\n" +
				"## Sick leave\n\nCall your manager two hours before the shift.\n")},
		},
		Embedder: OfflineEmbedder(),
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), "parental leave", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || !strings.Contains(res[0].Text, "Sixteen weeks") {
		t.Errorf("top hit %+v, want the paragraph under the heading", res)
	}
	for _, r := range res {
		if strings.HasPrefix(r.Text, "#") {
			t.Errorf("search returned a heading: %q", r.Text)
		}
	}
}

// A document's front matter is never a hit, though its words match: it is metadata, and the title
// it holds is a keyword term of every chunk.
func TestSearchSkipsFrontMatter(t *testing.T) {
	ix, err := Open(context.Background(), Config{
		Seeds: fstest.MapFS{
			"guide.md": {Data: []byte("---\ntitle: Bins and collections\ncouncil: Wrenford City Council\nservice: waste and recycling\n---\n\n" +
				"# Bins\n\nBags left next to the grey bin (side waste) are not collected.\n\nThe council collects garden waste every other week.\n")},
		},
		Embedder: OfflineEmbedder(),
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), "What does the council mean by side waste and recycling?", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || !strings.Contains(res[0].Text, "side waste") {
		t.Errorf("top hit %+v, want the paragraph on side waste", res)
	}
	for _, r := range res {
		if strings.HasPrefix(r.Text, "---") {
			t.Errorf("search returned the front matter: %q", r.Text)
		}
	}
}

// TestFilePassages checks that the passages of every file, in the order of the documents, are all
// the passages in order, that they are the index's own (no copy) but cannot be appended into the
// next file's, and that a file not in the corpus has none.
func TestFilePassages(t *testing.T) {
	ix := openSeeds(t)
	var all []Passage
	for _, d := range ix.Documents() {
		ps := ix.FilePassages(d.File)
		if len(ps) == 0 {
			t.Errorf("FilePassages(%q) is empty", d.File)
			continue
		}
		if &ps[0] != &ix.passages[len(all)] {
			t.Errorf("FilePassages(%q) is a copy", d.File)
		}
		if cap(ps) != len(ps) {
			t.Errorf("FilePassages(%q) has room for %d more passages", d.File, cap(ps)-len(ps))
		}
		all = append(all, ps...)
	}
	if !reflect.DeepEqual(all, ix.Passages()) {
		t.Error("FilePassages over the documents differs from Passages")
	}
	if ps := ix.FilePassages("no-such-file.txt"); ps != nil {
		t.Errorf("FilePassages of a file not in the corpus = %v, want nil", ps)
	}
}

// A question meets a passage in the other language through a cognate the glossary does not list
// ("biography", "biografía"; "filosofía", "philosophy"), below a passage that holds the word itself.
func TestSearchMeetsCognatesAcrossLanguages(t *testing.T) {
	ix, err := Open(context.Background(), Config{
		Seeds: fstest.MapFS{
			"archivo.txt": {Data: []byte("El archivo municipal guarda la biografía completa del fundador, de 1952.\n\n" +
				"La sala de lectura abre los lunes por la tarde.\n")},
			"visit.md": {Data: []byte("# Visiting\n\nThe mayor's biography is on the second floor.\n\n" +
				"Our philosophy: every object tells a story.\n\nThe shop closes at six.\n")},
		},
		Embedder: OfflineEmbedder(),
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.search(context.Background(), "What does the biography say?", 3, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) < 2 || !strings.Contains(res[0].Text, "mayor's biography") || !strings.Contains(res[1].Text, "biografía") {
		t.Errorf("keyword search: %+v, want the English biography first, then the Spanish one", res)
	}
	res, err = ix.search(context.Background(), "¿Cuál es la filosofía de la visita?", 3, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || !strings.Contains(res[0].Text, "philosophy") {
		t.Errorf("keyword search: %+v, want the English passage on philosophy", res)
	}
}

// A query that holds a name the documents define for another ("KVS" for "Kestrel Valley Sound")
// also searches for the other name: the paragraph that writes only the long form is found by the
// abbreviation (after the one that defines it), above one that shares only the query's common
// words.
func TestSearchMeetsTheNamesTheCorpusDefines(t *testing.T) {
	ix, err := Open(context.Background(), Config{
		Seeds: fstest.MapFS{
			"about.md": {Data: []byte("# About\n\nWelcome to the Kestrel Valley Sound (KVS), three days of music by the lake.\n\n" +
				"Parking at Kestrel Valley Sound costs ten pounds a day.\n")},
			"town.md": {Data: []byte("# Town\n\nParking in the town centre costs two pounds a day.\n")},
		},
		Embedder: OfflineEmbedder(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if terms := ix.Terms("KVS parking"); !reflect.DeepEqual(terms[:2], []string{"kvs", "park"}) || !strings.Contains(strings.Join(terms, " "), "kestrel valley sound") {
		t.Errorf("Terms(KVS parking) = %q, want the long form's terms after the query's", terms)
	}
	res, err := ix.search(context.Background(), "KVS parking", 2, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || !strings.Contains(res[0].Text+res[1].Text, "ten pounds") {
		t.Errorf("keyword search: top hits %+v, want the paragraph on parking at Kestrel Valley Sound among them", res)
	}
}

// The names the documents define are found when the index is built and stored with it, and a
// snapshot written without them (by an earlier citebot) has them found at the first search.
func TestDefinedNamesAreStoredWithTheIndex(t *testing.T) {
	ctx := context.Background()
	dir, data := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "guide.md"), []byte("# Guide\n\nStore data in the Research Data Store (RDS), 2 TB a project.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Seeds: os.DirFS(dir), DataDir: data, Embedder: OfflineEmbedder()}
	want := [][]string{{"Research Data Store", "RDS"}}
	ix, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := ix.DefinedNames().Groups(); !reflect.DeepEqual(got, want) {
		t.Fatalf("built: names %q, want %q", got, want)
	}
	path := filepath.Join(data, snapshotFile)
	s, err := readSnapshot(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.names == nil || !reflect.DeepEqual(s.names.Groups(), want) {
		t.Fatalf("stored names %v, want %q", s.names, want)
	}
	s.names = nil
	if err := writeSnapshot(path, s); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if ix.snap.names != nil || !reflect.DeepEqual(ix.DefinedNames().Groups(), want) {
		t.Errorf("from a snapshot without them: stored %v, found %q; want none stored and the names found", ix.snap.names, ix.DefinedNames().Groups())
	}
}

// The words the passages write with a hyphen are found when the index is built and stored with
// it, so that a process that only searches does not read every passage at its first query; a
// snapshot written without them (by an earlier citebot) has them found when a query needs them.
func TestHyphenPairsAreStoredWithTheIndex(t *testing.T) {
	ctx := context.Background()
	dir, data := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "visit.md"), []byte("# Visit\n\nThe visitor centre has free Wi-Fi and hires out e-bikes.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Seeds: os.DirFS(dir), DataDir: data, Embedder: OfflineEmbedder()}
	if _, err := Open(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, snapshotFile)
	s, err := readSnapshot(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if form, ok := s.pairs.Written("wifi"); !ok || form != "Wi-Fi" {
		t.Fatalf("stored pairs: wifi is %q, %v; want Wi-Fi", form, ok)
	}
	s.pairs = nil
	if err := writeSnapshot(path, s); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if ix.snap.pairs != nil {
		t.Fatal("a snapshot written without pairs came back with them")
	}
	if got, _ := ix.Respell("is there wifi"); got != "is there wi-fi" {
		t.Errorf("from a snapshot without them: Respell = %q, want the pairs found at the query", got)
	}
}

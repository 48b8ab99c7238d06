package retrieval

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/citebot/citebot/text"
)

// TestCatalogAloneMakesANewVersion changes only corpus.json, each time in a way that leaves every
// document's text and title as they were (a.md's title is its heading, which no catalog entry
// overrides): its URL, its language, then the entry removed. Each change makes a new version, as
// serve's reload and a fresh start (citebot ask) find it: the reload serves the new URL and
// language without reading a file or embedding anything, the version served before is left as it
// was, the snapshot in the data folder is the new version, and a start after it loads that version
// and equals a build from scratch.
func TestCatalogAloneMakesANewVersion(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	entry := func(url, lang string) string {
		return `{"documents": [{"file": "a.md", "title": "Catalog title", "url": "` + url + `", "language": "` + lang + `"}]}`
	}
	writeCorpus(t, corpus, map[string]string{
		"a.md":            "# Teapots\n\nTaobao sells teapots.\n",
		"b.txt":           "JD.com sells kettles.\n",
		CorpusCatalogFile: entry("https://example.com/old", "en"),
	})
	var n atomic.Int64
	cfg := Config{Seeds: os.DirFS(corpus), DataDir: t.TempDir(), Embedder: countingEmbedder("m", &n), now: later}
	served, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	described := func(ix *Index) [3]string {
		d, ok := ix.Document("a.md")
		if !ok {
			t.Fatal("a.md is not indexed")
		}
		return [3]string{d.Title, d.URL, d.Language}
	}
	onDisk := func() string {
		h, err := readHeader(filepath.Join(IndexDir(cfg.DataDir, cfg.CorpusID), snapshotFile))
		if err != nil {
			t.Fatal(err)
		}
		return hex.EncodeToString(h.key[:8])
	}
	for _, c := range []struct {
		name, catalog string
		want          [3]string
	}{
		{"URL", entry("https://example.com/new", "en"), [3]string{"Teapots", "https://example.com/new", "en"}},
		{"language", entry("https://example.com/new", "es"), [3]string{"Teapots", "https://example.com/new", "es"}},
		{"entry removed", `{"documents": []}`, [3]string{"Teapots", "", ""}},
	} {
		before, version := described(served), served.Version()
		writeCorpus(t, corpus, map[string]string{CorpusCatalogFile: c.catalog})
		embedded := n.Load()
		reloaded := reloadOne(t, cfg, served)
		if got := described(reloaded); got != c.want || reloaded.Version() == version {
			t.Errorf("%s changed in corpus.json: the reload serves %q as version %s, want %q in a new version (was %s)", c.name, got, reloaded.Version(), c.want, version)
		}
		if st := reloaded.Stats(); st.Read != 0 || n.Load() != embedded {
			t.Errorf("%s changed in corpus.json: the reload read %d files and embedded %d texts, want none", c.name, st.Read, n.Load()-embedded)
		}
		if got := described(served); got != before {
			t.Errorf("%s changed in corpus.json: the version served before became %q, want %q", c.name, got, before)
		}
		if got := onDisk(); got != reloaded.Version() {
			t.Errorf("%s changed in corpus.json: the data folder's snapshot is version %s, want the reload's %s", c.name, got, reloaded.Version())
		}
		started, err := Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := described(started); got != c.want || started.Version() != reloaded.Version() || started.Stats().Read != 0 {
			t.Errorf("%s changed in corpus.json: a start after the reload serves %q as version %s, reading %d files; want %q, version %s, none read",
				c.name, got, started.Version(), started.Stats().Read, c.want, reloaded.Version())
		}
		sameIndex(t, started, scratchOf(t, corpus))
		served = reloaded
	}
}

// TestSettingsFilesMakeANewVersion changes only the corpus's platform catalog (platforms.json) or
// glossary (glossary.json), adding, changing and removing each: every change makes a new version,
// which serve's reload serves (the platforms found in the passages, the glosses a question is
// read with) without reading a document, and a start after it loads, equal to a build from
// scratch.
func TestSettingsFilesMakeANewVersion(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	writeCorpus(t, corpus, map[string]string{"a.md": "# Teapots\n\nTaobao sells teapots.\n", "b.txt": "JD.com sells kettles.\n"})
	var n atomic.Int64
	cfg := Config{Seeds: os.DirFS(corpus), DataDir: t.TempDir(), Embedder: countingEmbedder("m", &n), now: later}
	served, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// seen is what the index makes of the settings: the platforms each passage names (a.md has
	// two: its heading and its paragraph), and the terms 鬯 (which no built-in glossary glosses as
	// these) and 京东 are searched for.
	seen := func(ix *Index) string {
		return fmt.Sprint(ix.PassagePlatforms(), ix.Terms("鬯"), ix.Terms("京东"))
	}
	for _, c := range []struct {
		name, file, data string // data "" removes the file
		want             string
	}{
		{"catalog added", text.CatalogFile, `{"platforms": [{"name": "Taobao", "aliases": []}]}`, "[[] [Taobao] []] [鬯] [jingdong 京东 jingdong 京东]"},
		{"platform added", text.CatalogFile, `{"platforms": [{"name": "Taobao", "aliases": []}, {"name": "JD.com", "aliases": ["京东"]}]}`, "[[] [Taobao] [JD.com]] [鬯] [jd.com jd com 京东]"},
		{"glossary added", text.GlossaryFile, `{"zh": {"鬯": "zorblax"}}`, "[[] [Taobao] [JD.com]] [zorblax 鬯 zorblax 鬯] [jd.com jd com 京东]"},
		{"gloss changed", text.GlossaryFile, `{"zh": {"鬯": "quuxbar"}}`, "[[] [Taobao] [JD.com]] [quuxbar 鬯 quuxb 鬯] [jd.com jd com 京东]"},
		{"glossary removed", text.GlossaryFile, "", "[[] [Taobao] [JD.com]] [鬯] [jd.com jd com 京东]"},
		{"alias removed", text.CatalogFile, `{"platforms": [{"name": "Taobao", "aliases": []}, {"name": "JD.com", "aliases": []}]}`, "[[] [Taobao] [JD.com]] [鬯] [jingdong 京东 jingdong 京东]"},
		{"catalog removed", text.CatalogFile, "", "[[] [] []] [鬯] [jingdong 京东 jingdong 京东]"},
	} {
		version := served.Version()
		if c.data == "" {
			if err := os.Remove(filepath.Join(corpus, c.file)); err != nil {
				t.Fatal(err)
			}
		} else {
			writeCorpus(t, corpus, map[string]string{c.file: c.data})
		}
		reloaded := reloadOne(t, cfg, served)
		if got := seen(reloaded); got != c.want || reloaded.Version() == version || reloaded.Stats().Read != 0 {
			t.Errorf("%s: the reload serves %s as version %s, reading %d files; want %s in a new version (was %s), none read",
				c.name, got, reloaded.Version(), reloaded.Stats().Read, c.want, version)
		}
		started, err := Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := seen(started); got != c.want || started.Version() != reloaded.Version() {
			t.Errorf("%s: a start after the reload serves %s as version %s; want %s, version %s", c.name, got, started.Version(), c.want, reloaded.Version())
		}
		sameIndex(t, started, scratchOf(t, corpus))
		served = reloaded
	}
}

// An operator's names file (text.NamesFile) corrects the names the documents define: a change of
// it alone is a new version, served by a reload that reads no document, searched with the
// corrected names, and kept by a start; a names file that cannot be read stops the open with the
// file and the problem named.
func TestNamesFileCorrectsTheDefinedNames(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	writeCorpus(t, corpus, map[string]string{
		"safety.md": "# Safety\n\nStaff on the quay wear Personal Protective Equipment (PPE) at all times.\n",
		"boats.txt": "Thistle Link boats leave the north pier every hour.\n\nTL 52 leaves at 07:10.\n",
	})
	var n atomic.Int64
	cfg := Config{Seeds: os.DirFS(corpus), DataDir: t.TempDir(), Embedder: countingEmbedder("m", &n), now: later}
	served, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	groups := func(ix *Index) string { return fmt.Sprint(ix.DefinedNames().Groups()) }
	if got := groups(served); got != "[[Personal Protective Equipment PPE]]" {
		t.Fatalf("without a names file: %s", got)
	}
	for _, c := range []struct{ name, data, want string }{
		{"a pair added", `{"names": [["Thistle Link", "TL"]]}`, "[[Personal Protective Equipment PPE] [Thistle Link TL]]"},
		{"a name dropped", `{"names": [["Thistle Link", "TL"]], "not": ["Personal Protective Equipment"]}`, "[[Thistle Link TL]]"},
		{"the file removed", "", "[[Personal Protective Equipment PPE]]"},
	} {
		version := served.Version()
		if c.data == "" {
			if err := os.Remove(filepath.Join(corpus, text.NamesFile)); err != nil {
				t.Fatal(err)
			}
		} else {
			writeCorpus(t, corpus, map[string]string{text.NamesFile: c.data})
		}
		reloaded := reloadOne(t, cfg, served)
		if got := groups(reloaded); got != c.want || reloaded.Version() == version || reloaded.Stats().Read != 0 {
			t.Errorf("%s: the reload serves %s as version %s, reading %d files; want %s in a new version (was %s), none read",
				c.name, got, reloaded.Version(), reloaded.Stats().Read, c.want, version)
		}
		started, err := Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := groups(started); got != c.want || started.Version() != reloaded.Version() {
			t.Errorf("%s: a start after the reload serves %s as version %s; want %s, version %s", c.name, got, started.Version(), c.want, reloaded.Version())
		}
		served = reloaded
	}
	// The added pair is searched for: a query naming the airline finds the timetable row.
	writeCorpus(t, corpus, map[string]string{text.NamesFile: `{"names": [["Thistle Link", "TL"]]}`})
	ix, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := ix.Terms("Thistle Link"); !slices.Contains(got, "tl") {
		t.Errorf("the query's terms %q lack the added name's", got)
	}
	writeCorpus(t, corpus, map[string]string{text.NamesFile: `{"names": [["TL"]]}`})
	if _, err := Open(ctx, cfg); err == nil || !strings.Contains(err.Error(), text.NamesFile) || !strings.Contains(err.Error(), "names[0] has 1 name(s)") {
		t.Errorf("a names file with a group of one name: %v, want an error naming the file and the group", err)
	}
}

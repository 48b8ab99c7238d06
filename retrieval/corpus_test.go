package retrieval

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/internal/docxtest"
	"github.com/citebot/citebot/seeds"
	"github.com/citebot/citebot/text"
)

// failingFS makes one file unreadable, as a permission error would (the tests may run as root,
// which reads any file whatever its mode).
type failingFS struct {
	fs.FS
	fail string
}

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.fail {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.FS.Open(name)
}

func TestLoadCorpusSkipsUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.txt", "locked.txt", "z.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("Kuaishou "+f+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	docs, err := LoadCorpus(failingFS{os.DirFS(dir), "locked.txt"}, CorpusOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil || len(docs) != 2 || docs[0].File != "a.txt" || docs[1].File != "z.txt" {
		t.Fatalf("LoadCorpus = %d docs, %v; want a.txt and z.txt", len(docs), err)
	}
	if !strings.Contains(logs.String(), "file=locked.txt") || !strings.Contains(logs.String(), "permission denied") {
		t.Errorf("warnings %q do not name locked.txt and why", logs.String())
	}
	if os.Geteuid() != 0 { // a real unreadable file, where permissions apply
		if err := os.Chmod(filepath.Join(dir, "locked.txt"), 0); err != nil {
			t.Fatal(err)
		}
		docs, err := LoadCorpus(os.DirFS(dir), CorpusOptions{})
		if err != nil || len(docs) != 2 {
			t.Errorf("LoadCorpus with a mode-0 file = %d docs, %v; want 2", len(docs), err)
		}
	}
}

// Files of other types (an old Word file, a spreadsheet) are not read, but not dropped silently either: one
// warning counts them by type and names the types that are read, and a folder that holds nothing
// else says what it holds. Hidden files and the corpus's own settings files are not counted; web
// pages are documents.
func TestLoadCorpusSaysWhatItSkips(t *testing.T) {
	fsys := fstest.MapFS{
		"guide.md":             {Data: []byte("# Guide\n\nKuaishou opens at nine.\n")},
		"report.xlsx":          {Data: []byte("PK")},
		"old/report2.xlsx":     {Data: []byte("PK")},
		"scan.pdf":             {Data: []byte("%PDF-1.7")},
		"page.html":            {Data: []byte("<p>Kuaishou</p>")},
		"notes.docx":           {Data: []byte("PK")},
		"old.doc":              {Data: []byte("\xd0\xcf\x11\xe0")},
		".DS_Store":            {Data: []byte{0}},
		text.CatalogFile:       {Data: []byte(`[]`)},
		text.GlossaryFile:      {Data: []byte(`{}`)},
		CorpusCatalogFile:      {Data: []byte(`{}`)},
		"notes/platforms.json": {Data: []byte(`[]`)},
	}
	var logs bytes.Buffer
	docs, skipped, err := LoadCorpusSkipping(fsys, CorpusOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil || len(docs) != 2 || docs[0].File != "guide.md" || docs[1].File != "page.html" {
		t.Fatalf("LoadCorpus = %d docs, %v; want guide.md and page.html", len(docs), err)
	}
	// Counted for reports (index --json): the four of other types, and the Word file and PDF it
	// could not read (of types it reads: not by type).
	if skipped.Files != 6 || !maps.Equal(skipped.Types, map[string]int{".xlsx": 2, ".doc": 1, ".json": 1}) {
		t.Errorf("skipped = %+v, want 6 files, .xlsx 2, .doc 1 and .json 1 by type", skipped)
	}
	for _, want := range []string{
		`msg="skipping files that are not .txt, .md, .html, .docx or .pdf documents" files=4 types=".xlsx 2, .doc 1, .json 1" first=notes/platforms.json`,
		`msg="skipping PDF that cannot be read" file=scan.pdf reason="the PDF is damaged: no document catalog found"`,
		`msg="skipping Word document that cannot be read" file=notes.docx reason="not a Word document (a .docx is a zip archive): zip: not a valid zip file"`,
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("warnings %q\nlack %q", logs.String(), want)
		}
	}

	only := fstest.MapFS{"a.xls": {Data: []byte("\xd0\xcf\x11\xe0")}, "b.doc": {Data: []byte("\xd0\xcf\x11\xe0")}, ".hidden": {Data: []byte("x")}}
	_, err = LoadCorpus(only, CorpusOptions{Name: "docs"})
	if !errors.Is(err, ErrNoDocuments) || !strings.Contains(err.Error(), "docs: no .txt, .md, .html, .docx or .pdf documents (only other files: .doc 1, .xls 1)") {
		t.Errorf("a folder of spreadsheets and old Word files: %v; want ErrNoDocuments naming what it holds", err)
	}
	_, err = LoadCorpus(fstest.MapFS{".hidden": {Data: []byte("x")}}, CorpusOptions{Name: "docs"})
	if !errors.Is(err, ErrNoDocuments) || strings.Contains(err.Error(), "other files") {
		t.Errorf("a folder of hidden files: %v; want plain ErrNoDocuments", err)
	}
}

// platforms.json and glossary.json are read with the documents' care: a link out of the folder is
// refused, not read (and its contents never reach an error message).
func TestCatalogFilesStayInside(t *testing.T) {
	t.Setenv("CITEBOT_TEST_SECRET", "SECRET-ENV-VALUE")
	for _, name := range []string{text.CatalogFile, text.GlossaryFile} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Taobao sells.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("/proc/self/environ", filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		_, err := Open(context.Background(), Config{Seeds: os.DirFS(dir), Embedder: OfflineEmbedder()})
		if err == nil || !strings.Contains(err.Error(), "outside the corpus") || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("Open with %s -> /proc/self/environ = %v, want a refusal", name, err)
		}
	}
}

// A corpus folder without platforms.json or glossary.json has no platform catalog and only the
// general glossary (not the built-in corpus's).
func TestOwnCorpusHasNoCatalog(t *testing.T) {
	ix, err := Open(context.Background(), Config{Seeds: fstest.MapFS{"a.md": {Data: []byte("# A\n\nTaobao and Douyin sell.\n")}}, Embedder: OfflineEmbedder()})
	if err != nil {
		t.Fatal(err)
	}
	if ps := ix.Catalog().Platforms(); len(ps) != 0 {
		t.Errorf("own corpus without platforms.json: catalog has %d platforms, want none", len(ps))
	}
	if len(openSeeds(t).Catalog().Platforms()) == 0 {
		t.Error("the built-in seeds lost their catalog")
	}
	// Nor the seeds' glossary (e-commerce terms and the seeds' names): only the built-in one
	// (general glossary and dictionary).
	g := ix.Lexicon().Glossary()
	if got := g.Chinese("社交电商"); len(got) != 0 {
		t.Errorf("own corpus without glossary.json glosses 社交电商 as %q: the seeds' glossary leaked in", got)
	}
	if got := g.Chinese("下载"); len(got) == 0 {
		t.Error("own corpus lost the general glossary (下载)")
	}
	if got := g.Chinese("店长"); len(got) == 0 {
		t.Error("own corpus lost the dictionary (店长)")
	}
	if got := openSeeds(t).Lexicon().Glossary().Chinese("社交电商"); len(got) == 0 {
		t.Error("the built-in seeds lost their glossary (社交电商)")
	}
}

func TestDocumentTitles(t *testing.T) {
	catalog := `{"documents": [
		{"file": "scraped.txt", "title": "From the catalog", "url": "https://example.org/a", "language": "en"},
		{"file": "headed.md", "title": "Loses to the heading"},
		{"file": "front.md", "title": "Loses to the front matter"},
		{"file": "gone.txt", "title": "No such file"}
	]}`
	fsys := fstest.MapFS{
		CorpusCatalogFile: {Data: []byte(catalog)},
		"scraped.txt":     {Data: []byte("current position:Home>News>Ignored title\n\nBody about Taobao.")},
		"headed.md":       {Data: []byte("Intro line.\n\n```\n# not a heading\n```\n\n## Second level\n\n# The heading\n\nText.")},
		"front.md":        {Data: []byte("---\nlayout: post\ntitle: \"Front matter title\"\n---\n\n# Heading\n\nText about JD.com.")},
		"crumbs.txt":      {Data: []byte("current position:Home>13 years of Alibaba e-commerce\n\nText.")},
		"long.txt":        {Data: []byte("As a practitioner with nine years of experience in Internet operations, I would like to share some views on the development trend of the e-commerce industry in 2024. More.")},
		"sub/second.md":   {Data: []byte("Intro.\n\n## Only a second-level heading\n\nText.")},
	}
	docs, logs := loadLogged(t, fsys)
	want := map[string]string{
		"scraped.txt":   "From the catalog",
		"headed.md":     "The heading",
		"front.md":      "Front matter title",
		"crumbs.txt":    "13 years of Alibaba e-commerce",
		"long.txt":      "As a practitioner with nine years of experience in Internet operations, I would like to share some…",
		"sub/second.md": "Only a second-level heading",
	}
	for _, d := range docs {
		if d.Title != want[d.File] {
			t.Errorf("%s: title %q, want %q", d.File, d.Title, want[d.File])
		}
		for _, p := range chunkDocument(d) {
			if p.Title != d.Title {
				t.Errorf("%s: passage title %q, want the document's %q", d.File, p.Title, d.Title)
			}
		}
		if d.File == "scraped.txt" && (d.URL != "https://example.org/a" || d.Language != "en") {
			t.Errorf("scraped.txt: url %q language %q, want the catalog's", d.URL, d.Language)
		}
		if d.File == "front.md" {
			// The front matter is a paragraph like any run of lines: numbers count every run.
			if p, text, _ := d.ParagraphText(2); p.StartLine != 6 || text != "# Heading" {
				t.Errorf("front.md ¶2 = line %d %q, want line 6 \"# Heading\"", p.StartLine, text)
			}
		}
	}
	if !strings.Contains(logs.String(), "file=gone.txt") {
		t.Errorf("no warning about the catalog entry for a missing file: %s", logs.String())
	}
	for _, bad := range []string{`{"documents": [{"file": "a.txt", "titel": "typo"}]}`, `{"documents": [{"file": "a.txt"}, {"file": "./a.txt"}]}`, `not json`} {
		_, err := LoadCorpus(fstest.MapFS{CorpusCatalogFile: {Data: []byte(bad)}, "a.txt": {Data: []byte("x")}}, CorpusOptions{Name: "mine"})
		if err == nil || !strings.Contains(err.Error(), "mine/corpus.json") {
			t.Errorf("LoadCorpus with corpus.json %s = %v, want an error naming the file", bad, err)
		}
	}
}

// The seeds' titles come from seeds/corpus.json; the seeds themselves are unchanged.
func TestSeedTitles(t *testing.T) {
	docs, err := LoadCorpus(seeds.FS(), CorpusOptions{Name: "seeds"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"E-commerce in 2024: a practitioner's view of the trends",
		"Xiaohongshu in e-commerce: Douyin is a good teacher",
		"¿Qué significa microcomercio?",
		"Chinese e-commerce helps the global economy recover (expert interpretation)",
		"13 years of Alibaba e-commerce: Zhang Yong's merits and demerits",
	}
	for i, d := range docs {
		if d.Title != want[i] {
			t.Errorf("%s: title %q, want %q", d.File, d.Title, want[i])
		}
	}
}

// sizedFS is a file system whose files say they have size bytes, whatever they hold: a file that
// grew or shrank between being checked and being read.
type sizedFS struct {
	fstest.MapFS
	size int64
}

func (s sizedFS) Open(name string) (fs.File, error) {
	f, err := s.MapFS.Open(name)
	return sizedFile{f, s.size}, err
}

type sizedFile struct {
	fs.File
	size int64
}

func (f sizedFile) Stat() (fs.FileInfo, error) {
	fi, err := f.File.Stat()
	return sizedInfo{fi, f.size}, err
}

type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (i sizedInfo) Size() int64 { return i.size }

// TestReadRegularWhateverStatSays reads a file into a buffer sized as the file says it is: one that
// says less or more is still read whole, and one past the limit still reads max+1 bytes (so that it
// is refused).
func TestReadRegularWhateverStatSays(t *testing.T) {
	data := []byte(strings.Repeat("Kuaishou streams. ", 200))
	for _, size := range []int64{0, 1, 100, int64(len(data)), int64(len(data)) + 1, 10 * int64(len(data))} {
		for _, limit := range []int64{int64(len(data)), 1000} {
			r := corpusReader{fsys: sizedFS{fstest.MapFS{"a.txt": {Data: data}}, size}, name: "corpus", max: limit}
			got, err := r.readRegular("a.txt")
			want := data[:min(int64(len(data)), limit+1)]
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("readRegular (stat says %d bytes, limit %d) = %d bytes, %v; want %d bytes", size, limit, len(got), err, len(want))
			}
		}
	}
}

// A misspelt query word finds nothing; corrected by the index's vocabulary, the query finds what the
// right spelling finds.
func TestSearchCorrectsMisspeltWords(t *testing.T) {
	ix := openSeeds(t)
	ctx := context.Background()
	for typo, right := range map[string]string{
		"What was the GMV of Toabao live in 2019?":             "What was the GMV of Taobao live in 2019?",
		"Who created the Dobule 11 shopping festival?":         "Who created the Double 11 shopping festival?",
		"How long do users spend on Douiyn every day?":         "How long do users spend on Douyin every day?",
		"Which platform does the prcatitioner expect to lead?": "Which platform does the practitioner expect to lead?",
	} {
		if got, ok := ix.Respell(typo); !ok || got != right {
			t.Errorf("Respell(%q) = %q, %v; want %q", typo, got, ok, right)
		}
		a, err := ix.Search(ctx, typo, 5)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ix.Search(ctx, right, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) == 0 || len(b) == 0 || a[0].File != b[0].File || a[0].StartByte != b[0].StartByte {
			t.Errorf("Search(%q) and Search(%q) disagree on the top passage", typo, right)
		}
		// SearchRespelt takes a query Respell has corrected as it is: the same results as Search.
		c, err := ix.SearchRespelt(ctx, right, 5)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(b, c, func(x, y Result) bool { return x.File == y.File && x.StartByte == y.StartByte && x.Score == y.Score }) {
			t.Errorf("SearchRespelt(%q) and Search(%q) disagree", right, right)
		}
	}
	// And it does not correct one again: a misspelt query stays misspelt, so no keyword matches it
	// and its best passage scores by the vector side alone, under what Search's corrected query
	// scores.
	corrected, err := ix.Search(ctx, "Toabao", 1)
	if err != nil {
		t.Fatal(err)
	}
	asIs, err := ix.SearchRespelt(ctx, "Toabao", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(corrected) == 0 || len(asIs) > 0 && asIs[0].Score >= corrected[0].Score {
		t.Errorf("SearchRespelt(Toabao) scores %v, Search(Toabao) %v: want the uncorrected query to score lower", asIs, corrected)
	}
}

// Web pages (.html, .htm, in any case) are documents: their text is what citebot reads of them, their
// <title> their title (over the catalog's, as a front matter's is), less the site's name around the
// page's headline, their headings headings. A page is read in the charset it declares (GBK here);
// one that is not valid in it (UTF-8 if it declares none), or has no text, is skipped with a warning
// naming it, its charset and the offset of its first bad byte.
func TestLoadCorpusReadsWebPages(t *testing.T) {
	fsys := fstest.MapFS{
		"page.html": {Data: []byte(`<!doctype html><html><head><title>Live commerce | Example News</title>` +
			`<script>var x = "<p>SCRIPT</p>";</script></head><body><nav>Home</nav><main><h1>Live commerce</h1>` +
			`<p>Douyin sells a lot through live streams.</p><h2>Kuaishou</h2><p>Kuaishou sells too.</p></main></body></html>`)},
		"sub/PAGE2.HTM":   {Data: []byte(`<body><h1>Second page</h1><p>Pinduoduo is cheap &amp; cheerful.</p></body>`)},
		"other.html":      {Data: []byte(`<title>Market report, week 12</title><h1>Prices</h1><p>Taobao prices fell.</p>`)},
		"notes.txt":       {Data: []byte("Taobao notes.\n")},
		"latin1.html":     {Data: []byte("<p>caf\xe9</p>")},
		"utf8.html":       {Data: []byte("<meta charset=utf-8><p>caf\xe9</p>")},
		"gbk.html":        {Data: []byte("<meta charset=gbk><title>\xcc\xd4\xb1\xa6</title><p>\xcc\xd4\xb1\xa6\xca\xc7\xb0\xa2\xc0\xef\xb0\xcd\xb0\xcd\xb5\xc4\xcd\xf8\xc9\xcf\xca\xd0\xb3\xa1\xa1\xa3</p>")},
		"bad-gbk.html":    {Data: []byte("<meta charset=gbk><p>\xcc\xd4\xff</p>")},
		"scripts.html":    {Data: []byte("<script>only()</script>\n")},
		CorpusCatalogFile: {Data: []byte(`{"documents": [{"file": "page.html", "title": "Loses to <title>", "url": "https://news.example/live"}]}`)},
	}
	docs, logs := loadLogged(t, fsys)
	if got, want := fileNames(docs), "gbk.html,notes.txt,other.html,page.html,sub/PAGE2.HTM"; got != want {
		t.Fatalf("documents %s, want %s", got, want)
	}
	gbk, other, page, page2 := docs[0], docs[2], docs[3], docs[4]
	if gbk.Title != "淘宝" || gbk.Text != "淘宝是阿里巴巴的网上市场。\n" {
		t.Errorf("gbk.html title %q text %q, want its GBK text in UTF-8", gbk.Title, gbk.Text)
	}
	if other.Title != "Market report, week 12" {
		t.Errorf("other.html title %q, want its <title>, which does not hold its headline", other.Title)
	}
	if want := "# Live commerce\n\nDouyin sells a lot through live streams.\n\n## Kuaishou\n\nKuaishou sells too.\n"; page.Text != want {
		t.Errorf("page.html text = %q, want %q", page.Text, want)
	}
	if page.Title != "Live commerce" || page.URL != "https://news.example/live" {
		t.Errorf("page.html title %q url %q, want its headline (its <title> less the site's name) and the catalog's URL", page.Title, page.URL)
	}
	if page2.Title != "Second page" || !strings.Contains(page2.Text, "Pinduoduo is cheap & cheerful.") {
		t.Errorf("PAGE2.HTM title %q text %q, want its first heading and its text", page2.Title, page2.Text)
	}
	if got, want := strings.Join(headings(page), "|"), "Live commerce|Live commerce|Kuaishou|Kuaishou"; got != want {
		t.Errorf("page.html headings %s, want %s", got, want)
	}
	passages := chunkDocument(page)
	if len(passages) != 4 || passages[1].Heading != "Live commerce" || passages[3].Heading != "Kuaishou" || passages[3].Text != "Kuaishou sells too." {
		t.Errorf("page.html passages %+v, want each paragraph under its heading", passages)
	}
	for _, want := range []string{
		// A page skipped for its encoding says how to make it readable: re-save it, or name its encoding.
		`msg="skipping document that is not valid UTF-8" file=latin1.html byte_offset=6 charset="none declared" fix="re-save the file as UTF-8, or name the encoding it is in with <meta charset=\"...\"> in its <head> (windows-1252, GBK, Shift_JIS...)"`,
		`msg="skipping document that is not valid UTF-8" file=utf8.html byte_offset=26 charset=utf-8 fix="re-save the file as UTF-8, or name the encoding`,
		`msg="skipping web page that is not valid in its charset" file=bad-gbk.html charset=gbk byte_offset=23 reason="not valid gbk, the charset it declares, at byte 23" fix="name the encoding the page is really in with <meta charset=\"...\">, or re-save it as UTF-8 and declare <meta charset=\"utf-8\">"`,
		`msg="skipping web page with no text to read" file=scripts.html`,
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("warnings %q\nlack %q", logs.String(), want)
		}
	}
}

// Word documents (.docx, in any case) are documents: their text is what citebot reads of them, the
// title of their properties their title (over the catalog's), else their first heading (never the
// heading of the notes after their text), their headings headings. One that cannot be read (not a
// zip, no document.xml, a zip bomb) or has no text is skipped with a warning naming it and why, and
// the rest is read; Word's lock files are passed over without a word.
func TestLoadCorpusReadsWordDocuments(t *testing.T) {
	report := docxtest.Realistic(t)
	notes := docxtest.File(t, map[string]string{
		"word/document.xml": docxtest.Document(docxtest.P("berschrift2", "Pinduoduo") + docxtest.P("", "Pinduoduo grew with group buying.")),
		"word/styles.xml":   docxtest.Styles(docxtest.RealisticStyles),
	})
	plain := docxtest.File(t, map[string]string{
		"word/document.xml":  docxtest.Document(docxtest.Para("", docxtest.Run("Taobao notes, no heading."), `<w:r><w:footnoteReference w:id="2"/></w:r>`)),
		"word/footnotes.xml": docxtest.RealisticFootnotes,
		"docProps/core.xml":  docxtest.Core("  "),
	})
	fsys := fstest.MapFS{
		"report.docx":     {Data: report},
		"sub/NOTES.DOCX":  {Data: notes},
		"plain.docx":      {Data: plain},
		"guide.md":        {Data: []byte("# Guide\n\nKuaishou opens at nine.\n")},
		"corrupt.docx":    {Data: []byte("PK\x03\x04 not really a zip")},
		"nodoc.docx":      {Data: docxtest.File(t, map[string]string{"word/styles.xml": docxtest.Styles("")})},
		"empty.docx":      {Data: docxtest.File(t, map[string]string{"word/document.xml": docxtest.Document("<w:p/>")})},
		"bomb.docx":       {Data: docxtest.Bomb(t, "word/document.xml", 256<<20, 256<<20)},
		"~$report.docx":   {Data: []byte("\x0bA. Writer")},
		CorpusCatalogFile: {Data: []byte(`{"documents": [{"file": "report.docx", "title": "Loses to core.xml"}, {"file": "plain.docx", "title": "Taobao notes (catalog)"}]}`)},
	}
	docs, logs := loadLogged(t, fsys)
	if got, want := fileNames(docs), "guide.md,plain.docx,report.docx,sub/NOTES.DOCX"; got != want {
		t.Fatalf("documents %s, want %s", got, want)
	}
	plainDoc, reportDoc, notesDoc := docs[1], docs[2], docs[3]
	if c, err := convert.File("report.docx", report); err != nil || reportDoc.Text != c.Text || reportDoc.Title != "Live commerce in China, 2022" {
		t.Errorf("report.docx: title %q, text\n%s\nwant the title of core.xml and the text convert reads (%v)", reportDoc.Title, reportDoc.Text, err)
	}
	if got, want := strings.Join(slices.Compact(headings(reportDoc)), "|"), "Live commerce in China|Platforms|GMV by year|Notes"; got != want {
		t.Errorf("report.docx headings %s, want %s", got, want)
	}
	if notesDoc.Title != "Pinduoduo" || notesDoc.Text != "## Pinduoduo\n\nPinduoduo grew with group buying.\n" {
		t.Errorf("NOTES.DOCX: title %q text %q; want its heading (a localized style id) as title", notesDoc.Title, notesDoc.Text)
	}
	if want := "Taobao notes, no heading.\n\n## Notes\n\nSource: Kuaishou's annual report for 2022.\n"; plainDoc.Text != want || plainDoc.Title != "Taobao notes (catalog)" {
		t.Errorf("plain.docx: title %q text %q; want the catalog's title, not the notes' heading", plainDoc.Title, plainDoc.Text)
	}
	passages := chunkDocument(notesDoc)
	if len(passages) != 2 || passages[1].Heading != "Pinduoduo" || passages[1].Text != "Pinduoduo grew with group buying." {
		t.Errorf("NOTES.DOCX passages %+v, want its paragraph under its heading", passages)
	}
	for _, want := range []string{
		`msg="skipping Word document that cannot be read" file=corrupt.docx reason="not a Word document (a .docx is a zip archive): zip: not a valid zip file"`,
		`msg="skipping Word document that cannot be read" file=nodoc.docx reason="no word/document.xml in the archive: not a Word document"`,
		`msg="skipping Word document that cannot be read" file=bomb.docx reason="word/document.xml: its XML unpacks to more than 200 MiB"`,
		`msg="skipping Word document with no text to read" file=empty.docx`,
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("warnings %q\nlack %q", logs.String(), want)
		}
	}
	if strings.Contains(logs.String(), "~$") || strings.Contains(logs.String(), "not .txt") {
		t.Errorf("warnings %q mention Word's lock file or other files", logs.String())
	}

	// The size cap is a .docx's as any file's: the archive's bytes.
	logs.Reset()
	small := fstest.MapFS{"report.docx": {Data: report}, "guide.md": fsys["guide.md"]}
	if docs, err := LoadCorpus(small, CorpusOptions{MaxFileBytes: int64(len(report) - 1), Logger: slog.New(slog.NewTextHandler(logs, nil))}); err != nil || len(docs) != 1 ||
		!strings.Contains(logs.String(), `msg="skipping file larger than CITEBOT_MAX_FILE_BYTES" file=report.docx`) {
		t.Errorf("report.docx over the size cap: %d docs, %v, warnings %q; want it skipped", len(docs), err, logs.String())
	}
}

// loadLogged loads the corpus fsys and returns its documents and what was logged while loading.
func loadLogged(t *testing.T, fsys fs.FS) ([]*Document, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	docs, err := LoadCorpus(fsys, CorpusOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return docs, &logs
}

// fileNames lists the documents' files, in order, parted by commas.
func fileNames(docs []*Document) string {
	files := make([]string, len(docs))
	for i, d := range docs {
		files[i] = d.File
	}
	return strings.Join(files, ",")
}

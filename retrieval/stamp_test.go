package retrieval

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citebot/citebot/convert"
)

// reloadOne reloads served with cfg and returns the new version, its snapshot saved.
func reloadOne(tb testing.TB, cfg Config, served *Index) *Index {
	tb.Helper()
	ix, pending, err := Reload(context.Background(), cfg, served)
	if err != nil {
		tb.Fatal(err)
	}
	if err := pending.Save(); err != nil {
		tb.Fatal(err)
	}
	return ix
}

// docText is the text of file in ix ("" when it has no such document).
func docText(ix *Index, file string) string {
	d, ok := ix.Document(file)
	if !ok {
		return ""
	}
	return d.Text
}

// TestReloadSeesAnEditThatKeepsSizeAndTime edits a settled file to text of the same size and sets
// its modification time back, as cp -p or rsync -t would: the inode change time, which no program
// can set back, still says it changed, and the reload reads it.
func TestReloadSeesAnEditThatKeepsSizeAndTime(t *testing.T) {
	corpus := t.TempDir()
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao sells teapots.\n", "b.txt": "JD.com sells kettles.\n"})
	a := filepath.Join(corpus, "a.txt")
	before, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	if stampOf("a.txt", before).ctime == 0 {
		t.Skip("this system keeps no inode change time: such an edit is documented as not seen")
	}
	var n atomic.Int64
	cfg := Config{Seeds: os.DirFS(corpus), DataDir: t.TempDir(), Embedder: countingEmbedder("m", &n), now: later}
	served, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // past the coarse clock's tick, so that the change time moves
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao sells kettles.\n"})
	if err := os.Chtimes(a, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	if after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		t.Fatalf("the edit changed the size or the modification time: %d %v, was %d %v", after.Size(), after.ModTime(), before.Size(), before.ModTime())
	}
	ix := reloadOne(t, cfg, served)
	if got, want := docText(ix, "a.txt"), "Taobao sells kettles.\n"; got != want {
		t.Errorf("a.txt after the reload = %q, want %q", got, want)
	}
	if got := ix.Stats().Read; got != 1 {
		t.Errorf("the reload read %d files, want 1 (b.txt's stamp is unchanged)", got)
	}
}

// frozenFS is a corpus folder on a file system whose clock ticks once an hour and that keeps no
// inode change time: every file's modification time is at, and nothing else says when it
// changed.
type frozenFS struct {
	fs.FS
	at time.Time
}

func (f frozenFS) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := file.Stat(); err == nil && info.IsDir() {
		return file, nil // a folder's entries are read through it
	}
	return frozenFile{File: file, at: f.at}, nil
}

func (f frozenFS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(f.FS, name)
	if err != nil {
		return nil, err
	}
	return frozenInfo{FileInfo: info, at: f.at}, nil
}

type frozenFile struct {
	fs.File
	at time.Time
}

func (f frozenFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return frozenInfo{FileInfo: info, at: f.at}, nil
}

type frozenInfo struct {
	fs.FileInfo
	at time.Time
}

func (i frozenInfo) ModTime() time.Time { return i.at }
func (i frozenInfo) Sys() any           { return nil }

// TestSameTickEditIsRead edits a file to text of the same size within the timestamp tick the
// previous scan read it in, on a file system whose stamps cannot tell the two apart: the scan
// did not remember the file, since its time was within racyWindow of the scan's start, so the
// reload reads it again and serves the edit. Once the tick is long past, the same stamps are
// trusted, and an edit that keeps them is not seen (as documented for a system with no inode
// change time): the case the rule exists for.
func TestSameTickEditIsRead(t *testing.T) {
	tick := time.Date(2030, 1, 2, 3, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		now  time.Time
		want string
	}{
		{"within the tick", tick.Add(time.Second), "Kwai opened in Chengdu.\n"},
		{"long after the tick", tick.Add(time.Hour), "Kwai opened in Shenzhen\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			corpus := t.TempDir()
			writeCorpus(t, corpus, map[string]string{"a.txt": "Kwai opened in Shenzhen\n", "b.txt": "JD.com sells kettles.\n"})
			var n atomic.Int64
			cfg := Config{Seeds: frozenFS{FS: os.DirFS(corpus), at: tick}, DataDir: t.TempDir(), Embedder: countingEmbedder("m", &n),
				now: func() time.Time { return tc.now }}
			served, err := Open(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			writeCorpus(t, corpus, map[string]string{"a.txt": "Kwai opened in Chengdu.\n"})
			ix := reloadOne(t, cfg, served)
			if got := docText(ix, "a.txt"); got != tc.want {
				t.Errorf("a.txt after the reload = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestUnchangedReloadRemembersSettledFiles serves a version of files written just before it was
// read, so that it remembers none of them (racy: see racyWindow). The first reload once they have
// settled reads them all again, as the rule wants, and finds the corpus unchanged: the version
// served stays, and so would its table, without the files, for every reload after to read them all
// again until something changed. It keeps that reload's table instead: the next reload reads
// none, and an edit after that reads the edited file alone.
func TestUnchangedReloadRemembersSettledFiles(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	written := time.Now()
	writeCorpus(t, corpus, map[string]string{"a.txt": "Kwai opened in Shenzhen.\n", "b.txt": "JD.com sells kettles.\n", "c.md": "# C\n\nTaobao sells teapots.\n"})
	counter := newOpenCounter(corpus)
	var now atomic.Pointer[time.Time]
	now.Store(&written)
	var n atomic.Int64
	cfg := Config{Seeds: counter, DataDir: t.TempDir(), Embedder: countingEmbedder("m", &n), now: func() time.Time { return *now.Load() }}
	served, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	all := counter.take()
	settled := later()
	now.Store(&settled)
	for i, want := range [][]string{all, nil} {
		ix, pending, err := Reload(ctx, cfg, served)
		if err != nil || ix != served || pending != nil {
			t.Fatalf("reload %d of the unchanged corpus: %v, a new version %v", i+1, err, ix != served)
		}
		if opened := counter.take(); !slices.Equal(opened, want) {
			t.Errorf("reload %d of the unchanged corpus opened %v, want %v", i+1, opened, want)
		}
	}
	writeCorpus(t, corpus, map[string]string{"b.txt": "JD.com sells kettles and teapots.\n"})
	edited := reloadOne(t, cfg, served)
	if opened := counter.take(); !slices.Equal(opened, []string{"b.txt"}) || docText(edited, "b.txt") != "JD.com sells kettles and teapots.\n" {
		t.Errorf("a reload after an edit of b.txt opened %v and serves %q; want b.txt alone, and its edit", opened, docText(edited, "b.txt"))
	}
	sameIndex(t, edited, scratchOf(t, corpus))
}

// TestReloadFollowsTheCatalogOfUnchangedFiles changes corpus.json's title for a settled file that
// itself is unchanged: the reload gives it the new title without reading it, leaves the version
// served as it was, and drops the title again when the entry goes.
func TestReloadFollowsTheCatalogOfUnchangedFiles(t *testing.T) {
	corpus := t.TempDir()
	catalog := func(title string) string {
		return `{"documents": [{"file": "a.txt", "title": "` + title + `", "url": "https://example.com/a"}]}`
	}
	writeCorpus(t, corpus, map[string]string{"a.txt": "plain first line about teapots\n", CorpusCatalogFile: catalog("Old title")})
	var n atomic.Int64
	cfg := Config{Seeds: os.DirFS(corpus), DataDir: t.TempDir(), Embedder: countingEmbedder("m", &n), now: later}
	served, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	title := func(ix *Index) (string, string) {
		d, _ := ix.Document("a.txt")
		return d.Title, d.URL
	}
	writeCorpus(t, corpus, map[string]string{CorpusCatalogFile: catalog("New title")})
	renamed := reloadOne(t, cfg, served)
	if got, url := title(renamed); got != "New title" || url != "https://example.com/a" {
		t.Errorf("after the catalog's change, a.txt's title = %q (%s), want %q", got, url, "New title")
	}
	if got, _ := title(served); got != "Old title" {
		t.Errorf("the version served became %q, want it left as it was", got)
	}
	if got := renamed.Stats().Read; got != 0 {
		t.Errorf("the reload read %d files, want none", got)
	}
	if err := os.Remove(filepath.Join(corpus, CorpusCatalogFile)); err != nil {
		t.Fatal(err)
	}
	plain := reloadOne(t, cfg, renamed)
	if got, url := title(plain); got != "plain first line about teapots" || url != "" {
		t.Errorf("without the catalog, a.txt's title = %q (%q), want its first line and no URL", got, url)
	}
	scratch, err := Open(context.Background(), Config{Seeds: os.DirFS(corpus), Embedder: countingEmbedder("m", &n)})
	if err != nil {
		t.Fatal(err)
	}
	sameIndex(t, plain, scratch)
}

// TestReusedDocumentsWarnAgain reloads a corpus with a PDF whose page cannot be read, unchanged:
// its document is taken as it was, and the warning about the page is logged again, as reading it
// again logs it.
func TestReusedDocumentsWarnAgain(t *testing.T) {
	corpus := t.TempDir()
	if err := os.WriteFile(filepath.Join(corpus, "broken-page.pdf"), pdfFixture(t, "broken-page.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao sells teapots.\n"})
	var log syncBuffer
	var n atomic.Int64
	cfg := Config{Seeds: os.DirFS(corpus), DataDir: t.TempDir(), Embedder: countingEmbedder("m", &n), now: later,
		Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	served, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	opened := log.String()
	if !strings.Contains(opened, "broken-page.pdf") {
		t.Fatalf("Open gave no warning about broken-page.pdf:\n%s", opened)
	}
	writeCorpus(t, corpus, map[string]string{"a.txt": "Taobao sells kettles.\n"})
	ix := reloadOne(t, cfg, served)
	if got := ix.Stats().Read; got != 1 {
		t.Errorf("the reload read %d files, want 1 (the PDF is unchanged)", got)
	}
	if got := strings.TrimPrefix(log.String(), opened); stripTimes(got) != stripTimes(opened) {
		t.Errorf("the reload's warnings:\n%s\nwant Open's:\n%s", got, opened)
	}
}

// stripTimes drops the time= field of text log lines.
func stripTimes(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if f := strings.Fields(l); len(f) > 0 && strings.HasPrefix(f[0], "time=") {
			lines[i] = strings.Join(f[1:], " ")
		}
	}
	return strings.Join(lines, "\n")
}

// openCounter is a corpus folder on disk that notes the documents opened (the files of the types
// read as documents), so that a test can tell which files a scan read. What stat says of a file is
// the folder's own, inode change time included.
type openCounter struct {
	dir    fs.FS
	mu     sync.Mutex
	opened []string
}

func newOpenCounter(dir string) *openCounter { return &openCounter{dir: os.DirFS(dir)} }

func (c *openCounter) Open(name string) (fs.File, error) {
	if readable(strings.ToLower(path.Ext(name))) {
		c.mu.Lock()
		c.opened = append(c.opened, name)
		c.mu.Unlock()
	}
	return c.dir.Open(name)
}

func (c *openCounter) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(c.dir, name) }
func (c *openCounter) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.dir, name) }
func (c *openCounter) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(c.dir, name) }
func (c *openCounter) ReadLink(name string) (string, error)       { return fs.ReadLink(c.dir, name) }

// take returns the documents opened since the last call, sorted.
func (c *openCounter) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	o := c.opened
	c.opened = nil
	slices.Sort(o)
	return o
}

// readableFixtures writes into a new folder every file of convertedFixtures that is read as a
// document (web pages, Word documents, PDFs, two of them read with warnings, and Markdown), a text
// file and a Markdown file with front matter described by corpus.json (title, URL and language), a
// web page it titles, and a link to the text file; and returns the folder.
func readableFixtures(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	files := map[string]string{
		"plain.txt": "first line of plain text\n\nTaobao sells teapots.\n",
		"front.md":  "---\ntitle: \"Front matter title\"\n---\n\nJD.com delivers kettles.\n",
		CorpusCatalogFile: `{"documents": [` +
			`{"file": "plain.txt", "title": "Plain from the catalog", "url": "https://example.com/plain", "language": "en"},` +
			`{"file": "front.md", "title": "Not this one", "url": "https://example.com/front"},` +
			`{"file": "report.html", "title": "Catalog title of a page", "language": "en"}]}`,
	}
	for name, f := range convertedFixtures(tb) {
		if _, err := readDocument(slog.New(slog.DiscardHandler), name, f.Data); err == nil {
			files[name] = string(f.Data)
		}
	}
	writeCorpus(tb, dir, files)
	if err := os.Symlink("plain.txt", filepath.Join(dir, "link.txt")); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// startConfig is the configuration of a start over corpus with the data folder data, by the clock
// now.
func startConfig(corpus fs.FS, data string, n *atomic.Int64, now func() time.Time) Config {
	return Config{Seeds: corpus, DataDir: data, Embedder: countingEmbedder("m", n), now: now}
}

// scratchOf is the index of the corpus folder dir built in memory, every file read.
func scratchOf(tb testing.TB, dir string) *Index {
	tb.Helper()
	var n atomic.Int64
	ix, err := Open(context.Background(), Config{Seeds: os.DirFS(dir), Embedder: countingEmbedder("m", &n)})
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

// TestStartReadsOnlyChangedFiles opens a corpus of every type read (text, Markdown with front
// matter, web pages, Word documents and PDFs, some read with warnings, a link, titles, URLs and
// languages from corpus.json), settled, and opens it again, as the next command does: the second
// start opens no document, takes every one from the snapshot by its stamp, gives the same warnings,
// and its index equals one built from scratch, down to the documents' fields. A file touched (its
// bytes the same) is the one file read at the next start, which writes the snapshot again with its
// new stamp (nothing embedded), so that the start after reads none. An edit that keeps the size and
// the modification time, seen by the inode change time alone, is read and served.
func TestStartReadsOnlyChangedFiles(t *testing.T) {
	ctx := context.Background()
	dir := readableFixtures(t)
	if st, err := os.Stat(filepath.Join(dir, "plain.txt")); err != nil || stampOf("plain.txt", st).ctime == 0 {
		t.Skip("this system keeps no inode change time: a start reads every file (TestStartWithoutChangeTimesReadsEveryFile)")
	}
	corpus := newOpenCounter(dir)
	data := t.TempDir()
	var n atomic.Int64
	var logs syncBuffer
	cfg := startConfig(corpus, data, &n, later)
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	start := func() *Index {
		t.Helper()
		ix, err := Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	first := start()
	files := len(first.Documents())
	if got := len(corpus.take()); got != files || first.Stats().Read != files {
		t.Fatalf("the first start opened %d documents and read %d, want all %d", got, first.Stats().Read, files)
	}
	firstWarnings := warnings(logs.String())
	if len(firstWarnings) < 2 {
		t.Fatalf("the fixtures gave %d warnings, want those of broken-page.pdf and parts.docx", len(firstWarnings))
	}

	logged := len(logs.String())
	second := start()
	if opened := corpus.take(); len(opened) != 0 || second.Stats().Read != 0 || second.Stats().Converted != 0 {
		t.Errorf("the start of an unchanged corpus opened %v, read %d and converted %d files; want none", opened, second.Stats().Read, second.Stats().Converted)
	}
	if got := warnings(logs.String()[logged:]); !slices.Equal(got, firstWarnings) {
		t.Errorf("warnings with the documents taken by their stamps:\n%s\nwant those reading them gives:\n%s", strings.Join(got, "\n"), strings.Join(firstWarnings, "\n"))
	}
	scratch := scratchOf(t, dir)
	sameIndex(t, second, scratch)
	for _, file := range []string{"plain.txt", "front.md", "report.html", "link.txt"} {
		got, _ := second.Document(file)
		want, _ := scratch.Document(file)
		if got == nil || want == nil || got.Title != want.Title || got.URL != want.URL || got.Language != want.Language {
			t.Errorf("%s taken by its stamp: %+v; want %+v", file, got, want)
		}
	}

	// Touched, the same bytes: read, and its stamp noted in the snapshot.
	touched := time.Now().Add(-time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "report.pdf"), touched, touched); err != nil {
		t.Fatal(err)
	}
	snapshot := mustRead(t, filepath.Join(data, snapshotFile))
	n.Store(0)
	third := start()
	if opened := corpus.take(); !slices.Equal(opened, []string{"report.pdf"}) || third.Stats().Read != 1 || n.Load() != 0 || third.Version() != second.Version() {
		t.Errorf("after touching report.pdf a start opened %v, read %d, embedded %d, version %s; want report.pdf alone, nothing embedded, version %s",
			opened, third.Stats().Read, n.Load(), third.Version(), second.Version())
	}
	if bytes.Equal(mustRead(t, filepath.Join(data, snapshotFile)), snapshot) {
		t.Error("the snapshot was not written again with report.pdf's new stamp")
	}
	if opened := corpus.take(); len(opened) != 0 {
		t.Fatalf("writing the snapshot again opened %v", opened)
	}
	if fourth := start(); fourth.Stats().Read != 0 || len(corpus.take()) != 0 {
		t.Errorf("the start after the snapshot got report.pdf's new stamp read %d files, want none", fourth.Stats().Read)
	}

	// An edit that keeps the size and the modification time.
	plain := filepath.Join(dir, "plain.txt")
	before, err := os.Stat(plain)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // past the coarse clock's tick, so that the change time moves
	writeCorpus(t, dir, map[string]string{"plain.txt": "first line of plain text\n\nTaobao sells kettles.\n"})
	if err := os.Chtimes(plain, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	if after, err := os.Stat(plain); err != nil || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		t.Fatalf("the edit changed the size or the modification time: %v", err)
	}
	edited := start()
	// plain.txt is read twice: as itself and as link.txt, which is read through its target.
	if opened := corpus.take(); !slices.Equal(opened, []string{"plain.txt", "plain.txt"}) || edited.Stats().Read != 2 {
		t.Errorf("after an edit of plain.txt that kept its size and time a start opened %v (read %d); want plain.txt, as itself and through link.txt", opened, edited.Stats().Read)
	}
	if got := docText(edited, "plain.txt"); !strings.Contains(got, "kettles") {
		t.Errorf("plain.txt after the start = %q, want the edit", got)
	}
	sameIndex(t, edited, scratchOf(t, dir))
}

// TestStartRereadsFilesRacyWhenStamped indexes a corpus one of whose files was written within
// racyWindow of the scan, the others before: the snapshot keeps the others' stamps only, so the
// next start reads that one file again (even though its stamp is the same: a write within the same
// tick would keep it), and writes the snapshot again with its stamp now that it has settled; the
// start after reads none.
func TestStartRereadsFilesRacyWhenStamped(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeCorpus(t, dir, map[string]string{"a.txt": "Taobao sells teapots.\n", "b.txt": "JD.com sells kettles.\n"})
	time.Sleep(10 * time.Millisecond) // past the coarse clock's tick
	writeCorpus(t, dir, map[string]string{"racy.txt": "Kwai opened in Shenzhen.\n"})
	ctime := func(name string) int64 {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return stampOf(name, info).ctime
	}
	if ctime("racy.txt") == 0 {
		t.Skip("this system keeps no inode change time: a start reads every file")
	}
	if ctime("racy.txt") <= ctime("b.txt") {
		t.Fatal("racy.txt was written in the tick of b.txt")
	}
	// The scan starts racyWindow after racy.txt was written: it has not settled, the others have.
	scanned := time.Unix(0, ctime("racy.txt")).Add(racyWindow)
	corpus := newOpenCounter(dir)
	data := t.TempDir()
	var n atomic.Int64
	if _, err := Open(ctx, startConfig(corpus, data, &n, func() time.Time { return scanned })); err != nil {
		t.Fatal(err)
	}
	corpus.take()
	s, err := readSnapshot(filepath.Join(data, snapshotFile), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.files["racy.txt"]; ok || len(s.files) != 2 {
		t.Fatalf("the snapshot keeps the stamps of %v; want a.txt and b.txt only", slices.Sorted(maps.Keys(s.files)))
	}
	ix, err := Open(ctx, startConfig(corpus, data, &n, later))
	if err != nil {
		t.Fatal(err)
	}
	if opened := corpus.take(); !slices.Equal(opened, []string{"racy.txt"}) || ix.Stats().Read != 1 {
		t.Errorf("the next start opened %v (read %d); want racy.txt alone", opened, ix.Stats().Read)
	}
	sameIndex(t, ix, scratchOf(t, dir))
	if again, err := Open(ctx, startConfig(corpus, data, &n, later)); err != nil || again.Stats().Read != 0 || len(corpus.take()) != 0 {
		t.Errorf("the start after racy.txt settled and was stamped read %d files (%v); want none", again.Stats().Read, err)
	}
}

// TestStartEqualsBuildFromScratch is TestReloadEqualsBuildFromScratch for a start: after edits of
// every kind, the next command's Open takes the documents of the unchanged files from the
// snapshot by their stamps, and reads the others (all of them when the snapshot was written as
// they were just written); the index, the snapshot it saves (byte for byte, stamps included) and
// the store equal a build from scratch's; it embeds only the new paragraphs. A start after it,
// nothing changed, reads none of the settled files.
func TestStartEqualsBuildFromScratch(t *testing.T) {
	for _, tc := range stampCases() {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			var n atomic.Int64
			corpus, data, _, cfg := reloadCorpusAt(t, &n, tc.now)
			if s, err := readSnapshot(filepath.Join(data, snapshotFile), nil); err != nil || (len(s.files) == 0) != (tc.name == "just written") {
				t.Fatalf("the first snapshot keeps %d stamps (%v)", len(s.files), err)
			}
			editCorpus(t, corpus)
			n.Store(0)
			ix, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := ix.Stats().Read, tc.wantRead(len(ix.Documents())); got != want {
				t.Errorf("the start read %d files, want %d", got, want)
			}
			if got := n.Load(); got < 1 || got > 4 {
				t.Errorf("the start embedded %d texts, want the few new paragraphs only", got)
			}
			equalsScratch(t, corpus, data, ix, tc.now)
			again, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := again.Stats().Read, tc.wantRead(len(ix.Documents())); tc.name == "settled" && got != 0 || tc.name != "settled" && got != want {
				t.Errorf("the start of the unchanged corpus read %d files", got)
			}
			sameIndex(t, again, ix)
		})
	}
}

// noChangeTimes is a corpus folder whose stat says nothing but the size and the modification time
// of a file, as on a system that keeps no inode change time (Windows).
type noChangeTimes struct{ dir fs.FS }

func (c noChangeTimes) Open(name string) (fs.File, error) {
	f, err := c.dir.Open(name)
	if err != nil {
		return nil, err
	}
	return plainFile{f}, nil
}

func (c noChangeTimes) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(c.dir, name)
	if err != nil {
		return nil, err
	}
	return plainInfo{info}, nil
}

func (c noChangeTimes) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.dir, name) }

type plainFile struct{ fs.File }

func (f plainFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return plainInfo{info}, nil
}

type plainInfo struct{ fs.FileInfo }

func (plainInfo) Sys() any { return nil }

// TestStartWithoutChangeTimesReadsEveryFile opens a corpus on a system that keeps no inode change
// time: the snapshot keeps no stamp, so every start reads every file, as before, and sees an edit
// that keeps the size and the modification time (which a reload does not, until the file changes
// again: TestSameTickEditIsRead).
func TestStartWithoutChangeTimesReadsEveryFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeCorpus(t, dir, map[string]string{"a.txt": "Taobao sells teapots.\n", "b.txt": "JD.com sells kettles.\n"})
	a := filepath.Join(dir, "a.txt")
	before, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	var n atomic.Int64
	cfg := startConfig(noChangeTimes{os.DirFS(dir)}, data, &n, later)
	if _, err := Open(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if s, err := readSnapshot(filepath.Join(data, snapshotFile), nil); err != nil || len(s.files) != 0 {
		t.Fatalf("the snapshot keeps %d stamps (%v), want none", len(s.files), err)
	}
	writeCorpus(t, dir, map[string]string{"a.txt": "Taobao sells kettles.\n"})
	if err := os.Chtimes(a, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := ix.Stats().Read; got != 2 {
		t.Errorf("the start read %d files, want both", got)
	}
	if got := docText(ix, "a.txt"); got != "Taobao sells kettles.\n" {
		t.Errorf("a.txt after the start = %q, want the edit", got)
	}
}

// TestStampsOfAnotherConversionAreNotTaken opens a corpus whose snapshot keeps a PDF's stamp
// with a conversion that the dictionary now answers otherwise: the start reads and converts that
// PDF again, as it would without the stamp, and takes the other files by theirs.
func TestStampsOfAnotherConversionAreNotTaken(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeCorpus(t, dir, map[string]string{"report.pdf": string(pdfFixture(t, "report.pdf")), "a.txt": "Taobao sells teapots.\n"})
	data := t.TempDir()
	var n atomic.Int64
	cfg := startConfig(os.DirFS(dir), data, &n, later)
	if _, err := Open(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, snapshotFile)
	s, err := readSnapshot(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := s.files["report.pdf"].doc.conversion
	if c == nil || len(s.files) != 2 {
		t.Fatalf("the snapshot keeps %d stamps, report.pdf's conversion %v", len(s.files), c)
	}
	c.Words = append(c.Words, convert.DictWord{Word: "extraordinary", Is: false}) // the dictionary says it is a word
	if err := writeSnapshot(path, s); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if st := ix.Stats(); st.Read != 1 || st.Converted != 1 {
		t.Errorf("the start read %d files and converted %d, want report.pdf alone", st.Read, st.Converted)
	}
	sameIndex(t, ix, scratchOf(t, dir))
}

// TestRestampNeverWaitsForTheLock opens a corpus whose snapshot lacks the stamps of its files
// (written as they were just written) while another process holds the data folder's lock: the start
// reads every file and answers from the snapshot without waiting, leaving it as it is; once the
// lock is free, the next start writes it again with the stamps.
func TestRestampNeverWaitsForTheLock(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	written := time.Now()
	writeCorpus(t, dir, map[string]string{"a.txt": "Taobao sells teapots.\n", "b.txt": "JD.com sells kettles.\n"})
	data := t.TempDir()
	var n atomic.Int64
	if _, err := Open(ctx, startConfig(os.DirFS(dir), data, &n, func() time.Time { return written })); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, snapshotFile)
	unstamped := mustRead(t, path)
	held, err := lockDataDir(ctx, data, 0, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	cfg := startConfig(os.DirFS(dir), data, &n, later)
	cfg.LockTimeout = time.Nanosecond
	ix, err := Open(ctx, cfg)
	if err != nil || ix.Stats().Read != 2 || ix.Stale() {
		t.Fatalf("a start while another process holds the lock = %v (read %d, stale %v); want the index, every file read", err, ix.Stats().Read, ix.Stale())
	}
	if !bytes.Equal(mustRead(t, path), unstamped) {
		t.Error("the snapshot was written while another process held the lock")
	}
	held.unlock()
	if _, err := Update(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(mustRead(t, path), unstamped) {
		t.Error("the snapshot was not written again with the stamps once the lock was free")
	}
	if again, err := Open(ctx, cfg); err != nil || again.Stats().Read != 0 {
		t.Errorf("the start after the stamps were written read %d files (%v), want none", again.Stats().Read, err)
	}
}

// A snapshot of format 5 (no stamps) is read as the previous version of the index: the next
// command reads every file, embeds nothing and rewrites it in the current format with the stamps of
// the files, so that the start after reads none; the index equals one built from scratch.
func TestFormat5SnapshotIsRewritten(t *testing.T) {
	ctx := context.Background()
	dir := readableFixtures(t)
	data := t.TempDir()
	var n atomic.Int64
	cfg := startConfig(os.DirFS(dir), data, &n, later)
	first, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, snapshotFile)
	s, err := readSnapshot(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.format = 5
	if err := writeSnapshot(path, s); err != nil {
		t.Fatal(err)
	}
	if h, err := readHeader(path); err != nil || h.format != 5 {
		t.Fatalf("the format 5 snapshot: %+v, %v", h, err)
	}
	n.Store(0)
	st, err := Update(ctx, cfg)
	if err != nil || n.Load() != 0 || st.Read != len(first.Documents()) || st.Converted != 0 {
		t.Errorf("updating from a format 5 snapshot: %+v, %v, %d embedded; want every file read, none converted or embedded", st, err, n.Load())
	}
	if h, err := readHeader(path); err != nil || h.format != snapshotFormat {
		t.Fatalf("after the update: %+v, %v; want format %d", h, err, snapshotFormat)
	}
	ix, err := Open(ctx, cfg)
	if err != nil || ix.Stats().Read != 0 {
		t.Fatalf("the start after the rewrite read %d files (%v), want none", ix.Stats().Read, err)
	}
	sameIndex(t, ix, scratchOf(t, dir))
}

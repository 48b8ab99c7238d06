package retrieval

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
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

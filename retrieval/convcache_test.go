package retrieval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/internal/docxtest"
)

// convertedFixtures returns a corpus of every converted format, in files that read, files that
// read with warnings and files that cannot be read: the PDFs and web pages of convert/testdata/pdf, a
// realistic Word document, one with parts left unread, a GBK web page, and a Markdown file.
func convertedFixtures(tb testing.TB) fstest.MapFS {
	tb.Helper()
	fsys := fstest.MapFS{}
	entries, err := os.ReadDir(filepath.Join("..", "convert", "testdata", "pdf"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		if name := e.Name(); strings.HasSuffix(name, ".pdf") || strings.HasSuffix(name, ".html") {
			fsys[name] = &fstest.MapFile{Data: pdfFixture(tb, name)}
		}
	}
	fsys["report.docx"] = &fstest.MapFile{Data: docxtest.Realistic(tb)}
	fsys["parts.docx"] = &fstest.MapFile{Data: docxtest.File(tb, map[string]string{
		"word/document.xml": docxtest.Document(docxtest.P("Heading1", "Douyin") + docxtest.Para("", docxtest.Run("Body."), `<w:r><w:footnoteReference w:id="2"/></w:r>`)),
		"word/_rels/document.xml.rels": docxtest.Rels(docxtest.Rel{ID: "rId1", Type: docxtest.RelStyles, Target: "../../styles.xml"},
			docxtest.Rel{ID: "rId2", Type: docxtest.RelFootnotes, Target: "https://example.com/footnotes.xml", External: true}),
	})}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(`<html><head><meta charset="gbk"><title>抖音电商</title></head><body><p>抖音电商的交易额增长很快。</p></body></html>`)
	if err != nil {
		tb.Fatal(err)
	}
	fsys["gbk.htm"] = &fstest.MapFile{Data: []byte(gbk)}
	fsys["notes.md"] = &fstest.MapFile{Data: []byte("# Notes\n\nPinduoduo grew.\n")}
	return fsys
}

// convertible counts the web pages, Word documents and PDFs of fsys.
func convertible(fsys fstest.MapFS) int {
	n := 0
	for name := range fsys {
		if convert.FormatOf(name) != 0 {
			n++
		}
	}
	return n
}

// warnings returns the warnings logged, without their time, in order.
func warnings(logs string) []string {
	var out []string
	for _, l := range strings.Split(logs, "\n") {
		if i := strings.Index(l, "level=WARN "); i >= 0 {
			out = append(out, l[i:])
		}
	}
	return out
}

// openLogged opens fsys with data (none: in memory), returning the index and what it logged.
func openLogged(tb testing.TB, fsys fstest.MapFS, data string) (*Index, string) {
	tb.Helper()
	var logs bytes.Buffer
	var n atomic.Int64
	ix, err := Open(context.Background(), Config{Seeds: fsys, DataDir: data, Embedder: countingEmbedder("m", &n), Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	return ix, logs.String()
}

// A web page, Word document or PDF whose bytes the snapshot converted before is taken from it: the
// document is exactly the one converting it makes (deep-equal, for every format), its warnings are
// logged as converting it logs them, the same files are skipped, and nothing is converted again,
// not even the files that cannot be read (see TestUnreadableFilesAreNotTriedAgain). A changed,
// added, renamed or deleted file is read as without the snapshot.
func TestConversionsTakenFromTheSnapshot(t *testing.T) {
	fsys := convertedFixtures(t)
	data := t.TempDir()
	first, firstLogs := openLogged(t, fsys, data)
	unreadable := 5 // encrypted.pdf and encrypted-rc4.pdf (passwords), scanned.pdf, truncated.pdf, and scanned.html (no text)
	if got, converted := first.Stats().Converted, convertible(fsys); got != converted {
		t.Errorf("first open converted %d files, want %d", got, converted)
	}
	wantWarnings := warnings(firstLogs)
	for _, w := range []string{`msg="skipping page of PDF that cannot be read" file=broken-page.pdf page=2`, `msg="skipping part of Word document" file=parts.docx part=word/document.xml`} {
		if !strings.Contains(firstLogs, w) {
			t.Fatalf("the fixtures do not warn %s:\n%s", w, firstLogs)
		}
	}

	again, logs := openLogged(t, fsys, data)
	if got := again.Stats().Converted; got != 0 {
		t.Errorf("open of the unchanged corpus converted %d files, want none", got)
	}
	if got := warnings(logs); !slices.Equal(got, wantWarnings) {
		t.Errorf("warnings with the conversions taken from the snapshot:\n%s\nwant those converting gives:\n%s", strings.Join(got, "\n"), strings.Join(wantWarnings, "\n"))
	}
	if again.Stats().Skipped.Files != first.Stats().Skipped.Files || first.Stats().Skipped.Files != unreadable {
		t.Errorf("skipped %+v, then %+v; want %d files each time", first.Stats().Skipped, again.Stats().Skipped, unreadable)
	}
	mem, _ := openLogged(t, fsys, "")
	sameIndex(t, again, mem)
	for i, d := range again.docs {
		if want := mem.docs[i]; d.conversion != nil && !reflect.DeepEqual(d, want) {
			t.Errorf("document %s taken from the snapshot differs from the one converted", d.File)
		}
	}

	// Changed, added, renamed, deleted: each as without the snapshot.
	fsys["report.pdf"] = &fstest.MapFile{Data: append(pdfFixture(t, "report.pdf"), "\n% changed\n"...)}
	fsys["copy.html"] = &fstest.MapFile{Data: append(bytes.Clone(fsys["report.html"].Data), "<!-- new -->"...)}
	fsys["renamed.pdf"] = fsys["spanish.pdf"]
	delete(fsys, "spanish.pdf")
	delete(fsys, "chinese.html")
	ix, _ := openLogged(t, fsys, data)
	if got, want := ix.Stats().Converted, 2; got != want {
		t.Errorf("after a change, an addition, a rename and a deletion: %d files converted, want %d (the changed and added ones)", got, want)
	}
	mem, _ = openLogged(t, fsys, "")
	sameIndex(t, ix, mem)
	if _, ok := ix.Document("spanish.pdf"); ok {
		t.Error("a renamed file is still served under its old name")
	}
	if d, ok := ix.Document("renamed.pdf"); !ok || d.File != "renamed.pdf" || d.Title != "Guía del huerto comunitario" {
		t.Errorf("the renamed file: %+v, %v", d, ok)
	}
}

// A conversion kept in the snapshot is used only while the dictionary that decided its
// dehyphenation answers the same.
func TestConversionOfAnotherDictionaryIsRedone(t *testing.T) {
	data := pdfFixture(t, "report.pdf")
	cc := newConversionCache(nil, nil)
	c, err := cc.convert(keyOf("report.pdf", data), "report.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	stale := *c
	stale.Text = "STALE"
	stale.Words = append(slices.Clone(c.Words), convert.DictWord{Word: "extraordinary", Is: false}) // the dictionary says it is a word
	for _, tt := range []struct {
		known *conversion
		want  string
		n     int
	}{
		{c, c.Text, 0},
		{&stale, c.Text, 1},
	} {
		cc := newConversionCache([]*conversion{tt.known}, nil)
		got, err := cc.convert(keyOf("report.pdf", data), "report.pdf", data)
		if err != nil || got.Text != tt.want || cc.converted != tt.n {
			t.Errorf("convert with %d dictionary answers known: converted %d, text %.20q, %v; want %d, %.20q", len(tt.known.Words), cc.converted, got.Text, err, tt.n, tt.want)
		}
	}
}

// A snapshot of format 2 (before conversions were kept) is rewritten in the current format without
// embedding anything, so that the next command converts nothing.
func TestFormat2SnapshotGetsConversions(t *testing.T) {
	ctx := context.Background()
	fsys := convertedFixtures(t)
	var n atomic.Int64
	data := persisted(t, fsys, &n)
	path := filepath.Join(data, snapshotFile)
	s, err := readSnapshot(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.format = 2
	if err := writeSnapshot(path, s); err != nil {
		t.Fatal(err)
	}
	if h, err := readHeader(path); err != nil || h.format != 2 {
		t.Fatalf("the format 2 snapshot: %+v, %v", h, err)
	}
	if cs, _, err := readConversions(path); err != nil || len(cs) != 0 {
		t.Fatalf("conversions of a format 2 snapshot: %d, %v; want none", len(cs), err)
	}
	n.Store(0)
	st, err := Update(ctx, Config{Seeds: fsys, DataDir: data, Embedder: countingEmbedder("m", &n)})
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 0 || st.Converted != convertible(fsys) {
		t.Errorf("updating from a format 2 snapshot embedded %d texts and converted %d files; want none embedded, all converted", n.Load(), st.Converted)
	}
	if h, err := readHeader(path); err != nil || h.format != snapshotFormat {
		t.Fatalf("after the update: %+v, %v; want format %d", h, err, snapshotFormat)
	}
	st, err = Update(ctx, Config{Seeds: fsys, DataDir: data, Embedder: countingEmbedder("m", &n)})
	if err != nil || st.Converted != 0 {
		t.Errorf("Update after the rewrite converted %d files, %v; want none (those that cannot be read are remembered too)", st.Converted, err)
	}
}

// pinnedWarnings prints ws as TestConversionPinned's digests were taken: as %+v printed the
// warnings when they were retrieval's own type ("[{msg:… attrs:[{key:page str: num:2 isNum:true}]}]"),
// so that the digests pinned before the converters moved to package convert still hold.
func pinnedWarnings(ws []convert.Warning) string {
	var b strings.Builder
	b.WriteString("[")
	for i, w := range ws {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "{msg:%s attrs:[", w.Msg)
		for j, a := range w.Attrs {
			if j > 0 {
				b.WriteString(" ")
			}
			n, isNum := a.Value.(int)
			str, _ := a.Value.(string)
			fmt.Fprintf(&b, "{key:%s str:%s num:%d isNum:%t}", a.Key, str, n, isNum)
		}
		b.WriteString("]}")
	}
	b.WriteString("]")
	return b.String()
}

// TestConversionPinned fails when a converter changes what it reads of the fixtures, until
// conversionVersion is bumped (so that conversions kept in older snapshots are done again rather
// than served as the old converter wrote them) and the new digest is pinned below.
func TestConversionPinned(t *testing.T) {
	pinned := map[int]string{
		1: "3730551af8654a1b", // conversions kept in the snapshot
		2: "a7f9cb30477e6fbc", // PDFs encrypted with an empty user password read
		3: "52bca457105534aa", // where each page of a PDF starts (and the fixture minutes.pdf)
		4: "52bca457105534aa", // conversions unchanged (the warnings about pages not read changed)
	}
	fsys := convertedFixtures(t)
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range fsys {
			if !yield(name) {
				return
			}
		}
	})
	h := sha256.New()
	for _, name := range names {
		if convert.FormatOf(name) == 0 {
			continue
		}
		c, err := convertFile(name, fsys[name].Data)
		if err != nil {
			fmt.Fprintf(h, "%s error %v\n", name, err)
			continue
		}
		fmt.Fprintf(h, "%s %q %v %q %d %s %v %v\n", name, c.Text, c.Literal, c.Title, c.NotesAt, pinnedWarnings(c.Warnings), c.Words, c.Pages)
	}
	got := hex.EncodeToString(h.Sum(nil))[:16]
	if want := pinned[conversionVersion]; got != want {
		t.Errorf("what the converters read of the fixtures changed (digest %s, pinned %q for conversionVersion %d): bump conversionVersion in convcache.go and pin the new digest here", got, want, conversionVersion)
	}
}

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
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/internal/docxtest"
)

// unreadableFixtures returns a corpus of files that cannot be read, one of every kind, beside a PDF
// and a Markdown file that can: a scan (no text layer), a PDF cut short, one locked by a password,
// a Word document cut short (not a zip archive), one with no text, a web page not valid UTF-8 that
// declares no charset, one declaring UTF-8 and one not valid in the GBK it declares.
func unreadableFixtures(tb testing.TB) fstest.MapFS {
	tb.Helper()
	docx := docxtest.Realistic(tb)
	return fstest.MapFS{
		"report.pdf":    {Data: pdfFixture(tb, "report.pdf")},
		"notes.md":      {Data: []byte("# Notes\n\nPinduoduo grew.\n")},
		"scanned.pdf":   {Data: pdfFixture(tb, "scanned.pdf")},
		"truncated.pdf": {Data: pdfFixture(tb, "truncated.pdf")},
		"encrypted.pdf": {Data: pdfFixture(tb, "encrypted.pdf")},
		"corrupt.docx":  {Data: docx[:len(docx)/2]},
		"blank.docx":    {Data: docxtest.File(tb, map[string]string{"word/document.xml": docxtest.Document(docxtest.P("", " "))})},
		"latin1.html":   {Data: []byte("<title>Caf\xe9</title><p>Caf\xe9 au lait.</p>")},
		"utf8.html":     {Data: []byte(`<meta charset="utf-8"><p>Caf` + "\xe9" + ` au lait.</p>`)},
		"gbk.html":      {Data: []byte(`<meta charset="gbk"><p>抖音` + "\xff\xff" + `</p>`)},
	}
}

// unreadableWarnings are the warnings the fixtures that cannot be read give, by file.
var unreadableWarnings = map[string]string{
	"scanned.pdf":   `"msg":"skipping PDF that cannot be read","file":"scanned.pdf","reason":"the PDF has no text layer`,
	"truncated.pdf": `"msg":"skipping PDF that cannot be read","file":"truncated.pdf","reason":`,
	"encrypted.pdf": `"msg":"skipping PDF that cannot be read","file":"encrypted.pdf","reason":`,
	"corrupt.docx":  `"msg":"skipping Word document that cannot be read","file":"corrupt.docx","reason":`,
	"blank.docx":    `"msg":"skipping Word document with no text to read","file":"blank.docx"}`,
	"latin1.html":   `"msg":"skipping document that is not valid UTF-8","file":"latin1.html","byte_offset":10,"charset":"none declared","fix":"re-save the file as UTF-8, or name the encoding it is in with <meta charset=\"...\"> in its <head> (windows-1252, GBK, Shift_JIS...)"}`,
	"utf8.html":     `"msg":"skipping document that is not valid UTF-8","file":"utf8.html","byte_offset":`,
	"gbk.html":      `"msg":"skipping web page that is not valid in its charset","file":"gbk.html","charset":"gbk","byte_offset":`,
}

// openJSON opens fsys with the data folder data as a command does, counting the texts embedded in
// n, and returns the index and the warnings logged (JSON, without their time), in order.
func openJSON(tb testing.TB, fsys fstest.MapFS, data string, n *atomic.Int64) (*Index, []string) {
	tb.Helper()
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}}))
	ix, err := Open(context.Background(), Config{Seeds: fsys, DataDir: data, Embedder: countingEmbedder("m", n), Logger: log})
	if err != nil {
		tb.Fatal(err)
	}
	var warns []string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.HasPrefix(l, `{"level":"WARN"`) {
			warns = append(warns, l)
		}
	}
	return ix, warns
}

// A file that cannot be read is tried once: the snapshot remembers why, by its bytes, and the next
// command gives the same warnings (message and attributes, byte for byte) and the same counts
// without converting it again. A file whose bytes change is tried again; a new one that cannot be
// read is remembered though no document changed (nothing embedded); a deleted one is forgotten.
func TestUnreadableFilesAreNotTriedAgain(t *testing.T) {
	ctx := context.Background()
	fsys := unreadableFixtures(t)
	data := t.TempDir()
	var n atomic.Int64
	first, firstWarns := openJSON(t, fsys, data, &n)
	unreadable := len(unreadableWarnings)
	if st := first.Stats(); st.Converted != convertible(fsys) || st.Skipped.Files != unreadable || st.Files != 2 {
		t.Fatalf("first open: %d converted, %d skipped, %d read; want %d, %d, 2", st.Converted, st.Skipped.Files, st.Files, convertible(fsys), unreadable)
	}
	for file, w := range unreadableWarnings {
		if !slices.ContainsFunc(firstWarns, func(l string) bool { return strings.Contains(l, w) }) {
			t.Errorf("no warning %s for %s:\n%s", w, file, strings.Join(firstWarns, "\n"))
		}
	}
	if got := len(firstWarns); got != unreadable {
		t.Errorf("%d warnings, want one a file:\n%s", got, strings.Join(firstWarns, "\n"))
	}

	again, warns := openJSON(t, fsys, data, &n)
	if st := again.Stats(); st.Converted != 0 || st.Skipped.Files != unreadable || st.Embedded != 0 {
		t.Errorf("open of the unchanged corpus: %d converted, %d skipped, %d embedded; want 0, %d, 0", st.Converted, st.Skipped.Files, st.Embedded, unreadable)
	}
	if !slices.Equal(warns, firstWarns) {
		t.Errorf("warnings the second time:\n%s\nwant those trying the files gave:\n%s", strings.Join(warns, "\n"), strings.Join(firstWarns, "\n"))
	}
	// What "citebot index --json" reports.
	st, err := Update(ctx, Config{Seeds: fsys, DataDir: data, Embedder: countingEmbedder("m", &n)})
	if err != nil || st.Converted != 0 || st.Skipped.Files != unreadable || st.Skipped.Types != nil {
		t.Errorf("Update = %d converted, skipped %+v, %v; want none converted, %d skipped", st.Converted, st.Skipped, err, unreadable)
	}

	// The scan's bytes change and the damaged Word document is mended: both tried again.
	fsys["scanned.pdf"] = &fstest.MapFile{Data: append(pdfFixture(t, "scanned.pdf"), "% scanned again\n"...)}
	fsys["corrupt.docx"] = &fstest.MapFile{Data: docxtest.Realistic(t)}
	ix, warns := openJSON(t, fsys, data, &n)
	if st := ix.Stats(); st.Converted != 2 || st.Skipped.Files != unreadable-1 {
		t.Errorf("after a change to two files: %d converted, %d skipped; want 2, %d", st.Converted, st.Skipped.Files, unreadable-1)
	}
	if _, ok := ix.Document("corrupt.docx"); !ok {
		t.Error("the mended Word document is not read")
	}
	if !slices.ContainsFunc(warns, func(l string) bool { return strings.Contains(l, unreadableWarnings["scanned.pdf"]) }) {
		t.Errorf("the changed scan is not warned of:\n%s", strings.Join(warns, "\n"))
	}

	// A new scan, the documents unchanged: the snapshot is written again to remember it.
	fsys["scan2.pdf"] = &fstest.MapFile{Data: append(pdfFixture(t, "scanned.pdf"), "% another scan\n"...)}
	n.Store(0)
	if ix, _ := openJSON(t, fsys, data, &n); ix.Stats().Converted != 1 || n.Load() != 0 {
		t.Errorf("with a new scan: %d converted, %d texts embedded; want 1, 0", ix.Stats().Converted, n.Load())
	}
	if ix, _ := openJSON(t, fsys, data, &n); ix.Stats().Converted != 0 || ix.Stats().Skipped.Files != unreadable {
		t.Errorf("after the new scan: %d converted, %d skipped; want 0, %d", ix.Stats().Converted, ix.Stats().Skipped.Files, unreadable)
	}

	// A deleted file's failure is not kept.
	delete(fsys, "truncated.pdf")
	if ix, _ := openJSON(t, fsys, data, &n); ix.Stats().Converted != 0 {
		t.Errorf("after a deletion: %d converted, want 0", ix.Stats().Converted)
	}
	_, failures, err := readConversions(filepath.Join(data, snapshotFile))
	if err != nil || len(failures) != unreadable-1 {
		t.Fatalf("the snapshot keeps %d failures, %v; want %d", len(failures), err, unreadable-1)
	}
	gone := keyOf("truncated.pdf", pdfFixture(t, "truncated.pdf"))
	if slices.ContainsFunc(failures, func(f *failure) bool { return f.key == gone }) {
		t.Error("the snapshot keeps the failure of a deleted file")
	}
}

// A failure whose warnings are past maxFailureBytes, or whose text the dictionary decided, is not
// kept: the file is tried again at the next load, as every file was before failures were kept.
func TestFailuresKeptAreBounded(t *testing.T) {
	key := keyOf("big.pdf", []byte("%PDF"))
	var many []convert.Warning
	for page := range 100 {
		many = append(many, convert.Warning{Msg: "skipping page of PDF that cannot be read", Attrs: []convert.Attr{{Key: "page", Value: page + 1}, {Key: "reason", Value: "the page's content stream is damaged"}}})
	}
	for _, tt := range []struct {
		name     string
		c        *conversion
		warnings []convert.Warning
		kept     bool
	}{
		{"one warning", nil, many[:1], true},
		{"a hundred pages' warnings", nil, many, false},
		{"a text the dictionary decided", &conversion{Result: convert.Result{Words: []convert.DictWord{{Word: "cycling", Is: true}}}}, many[:1], false},
	} {
		cc := newConversionCache(nil, nil)
		cc.fail(key, tt.c, tt.warnings)
		if got := len(cc.failures()) == 1; got != tt.kept {
			t.Errorf("%s: kept %v, want %v", tt.name, got, tt.kept)
		}
	}
}

// A snapshot of format 4 (converted documents' texts kept twice, no failures) is read as the
// previous version of the index: its conversions are taken (only the files that cannot be read are
// tried), nothing is embedded, and it is rewritten in the current format, whose texts section holds
// only the texts of documents that are not converted. A read-only data folder serves it as it is.
func TestFormat4SnapshotIsRewritten(t *testing.T) {
	ctx := context.Background()
	fsys := convertedFixtures(t)
	var n atomic.Int64
	data := persisted(t, fsys, &n)
	path := filepath.Join(data, snapshotFile)
	writeFormat4(t, path)
	h, err := readHeader(path)
	if err != nil || h.format != 4 {
		t.Fatalf("the format 4 snapshot: %+v, %v", h, err)
	}
	all, plain := textBytes(t, path)
	if h.sections[secTexts].length != uint64(all) {
		t.Errorf("format 4 texts section: %d bytes, want every document's text (%d)", h.sections[secTexts].length, all)
	}
	if cs, fs, err := readConversions(path); err != nil || len(cs) == 0 || len(fs) != 0 {
		t.Fatalf("format 4's conversions: %d, failures %d, %v; want some, none", len(cs), len(fs), err)
	}
	n.Store(0)
	unreadable := 5
	st, err := Update(ctx, Config{Seeds: fsys, DataDir: data, Embedder: countingEmbedder("m", &n)})
	if err != nil || n.Load() != 0 || st.Converted != unreadable {
		t.Errorf("updating from a format 4 snapshot: %d embedded, %d converted, %v; want none, %d (those that cannot be read)", n.Load(), st.Converted, err, unreadable)
	}
	if h, err = readHeader(path); err != nil || h.format != snapshotFormat || h.sections[secTexts].length != uint64(plain) {
		t.Fatalf("after the update: %+v, %v; want format %d, a texts section of %d bytes (the text files')", h, err, snapshotFormat, plain)
	}
	loaded, _ := openLogged(t, fsys, data)
	if loaded.Stats().Converted != 0 {
		t.Errorf("after the rewrite %d files converted, want none", loaded.Stats().Converted)
	}
	mem, _ := openLogged(t, fsys, "")
	sameIndex(t, loaded, mem)
	// Read back without the corpus, the documents are the same, their texts from their conversions.
	s, err := readSnapshot(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range s.docs {
		if want := mem.docs[i]; d.Text != want.Text || !slices.Equal(d.Paragraphs, want.Paragraphs) || d.File != want.File {
			t.Errorf("document %s read back from the snapshot differs", want.File)
		}
	}

	writeFormat4(t, path)
	readOnly(t, data)
	ro, _ := openLogged(t, fsys, data)
	if ro.Stale() {
		t.Error("a format 4 snapshot of the corpus in a read-only folder is stale")
	}
	sameIndex(t, ro, mem)
}

// writeFormat4 rewrites the snapshot at path in format 4.
func writeFormat4(tb testing.TB, path string) {
	tb.Helper()
	s, err := readSnapshot(path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	s.format = 4
	if err := writeSnapshot(path, s); err != nil {
		tb.Fatal(err)
	}
}

// textBytes returns the length of the texts of the documents of the snapshot at path, all and only
// those not converted.
func textBytes(tb testing.TB, path string) (all, plain int) {
	tb.Helper()
	s, err := readSnapshot(path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range s.docs {
		all += len(d.Text)
		if convert.FormatOf(d.File) == 0 {
			plain += len(d.Text)
		}
	}
	return all, plain
}

// TestFailurePinned fails when the warnings given about a file that cannot be read change (the
// converter's reasons, the reader's messages), until conversionVersion is bumped, so that failures
// kept in older snapshots are tried again rather than warned of as the old code worded them, and
// the new digest is pinned below.
func TestFailurePinned(t *testing.T) {
	pinned := map[int]string{
		3: "183e48f5877659df", // failures kept in the snapshot
		4: "4df7f3591f1848c3", // a page not valid in its encoding says how to fix it ("fix")
	}
	fsys := unreadableFixtures(t)
	h := sha256.New()
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for name := range fsys {
			if convert.FormatOf(name) != 0 && !yield(name) {
				return
			}
		}
	}) {
		if _, d, warnings := convertDocument(name, fsys[name].Data); d == nil {
			fmt.Fprintf(h, "%s %s\n", name, pinnedWarnings(warnings))
		}
	}
	got := hex.EncodeToString(h.Sum(nil))[:16]
	if want := pinned[conversionVersion]; got != want {
		t.Errorf("the warnings about files that cannot be read changed (digest %s, pinned %q for conversionVersion %d): bump conversionVersion in convcache.go and pin the new digest here", got, want, conversionVersion)
	}
}

// The snapshot's reader is fuzzed with failures kept too (FuzzReadSnapshot's seeds); here, a
// snapshot whose failures section is cut is refused, not read as no failures.
func TestDamagedFailuresAreRefused(t *testing.T) {
	fsys := unreadableFixtures(t)
	var n atomic.Int64
	data := persisted(t, fsys, &n)
	path := filepath.Join(data, snapshotFile)
	h, err := readHeader(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sec := h.sections[secConversions]
	k, err := decodeConversions(b[sec.offset:sec.offset+sec.length], snapshotFormat)
	if err != nil || len(k.failures) != len(unreadableWarnings) {
		t.Fatalf("failures decoded: %d, %v; want %d", len(k.failures), err, len(unreadableWarnings))
	}
	if _, err := decodeConversions(b[sec.offset:sec.offset+sec.length-1], snapshotFormat); err == nil {
		t.Error("a conversions section cut short by a byte decodes")
	}
}

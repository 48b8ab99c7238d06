package retrieval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/internal/unprivileged"
)

// unreadableOnDisk writes into a new folder the files of unreadableFixtures (a PDF and a Markdown
// file that can be read, and PDFs, Word documents and web pages that cannot), an empty text file,
// a Markdown file of blank lines and a text file not valid UTF-8; and returns the folder and the
// files that make no document, sorted.
func unreadableOnDisk(tb testing.TB) (string, []string) {
	tb.Helper()
	dir := tb.TempDir()
	files := map[string]string{"empty.txt": "", "blank.md": " \n\n", "latin1.txt": "Caf\xe9 au lait.\n"}
	unread := []string{"empty.txt", "blank.md", "latin1.txt"}
	for name, f := range unreadableFixtures(tb) {
		files[name] = string(f.Data)
	}
	writeCorpus(tb, dir, files)
	unread = append(unread, slices.Collect(maps.Keys(unreadableWarnings))...)
	slices.Sort(unread)
	return dir, unread
}

// skipWithoutChangeTimes skips a test of the stamps the snapshot keeps where the system keeps no
// inode change time: the snapshot then keeps none, and a start reads every file.
func skipWithoutChangeTimes(tb testing.TB, dir, file string) {
	tb.Helper()
	if st, err := os.Stat(filepath.Join(dir, file)); err != nil || stampOf(file, st).ctime == 0 {
		tb.Skip("this system keeps no inode change time: a start reads every file")
	}
}

// startLogged configures the starts of corpus (which counts what they open) with the data folder
// data, by the clock now, each logging its warnings: start opens the index as a command does and
// returns it with the warnings it gave.
func startLogged(t *testing.T, corpus *openCounter, data string, n *atomic.Int64, now func() time.Time) (cfg Config, start func() (*Index, []string)) {
	var logs syncBuffer
	cfg = startConfig(corpus, data, n, now)
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return cfg, func() (*Index, []string) {
		t.Helper()
		logged := len(logs.String())
		ix, err := Open(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return ix, warnings(logs.String()[logged:])
	}
}

// TestUnreadableFilesAreNotReadAgain opens a settled corpus of files that make no document, of
// every kind (a scan, a damaged and an encrypted PDF, a damaged and an empty Word document, web
// pages not valid in their charset, an empty text file, a Markdown file of blank lines, a text
// file not valid UTF-8), beside two that do: the next start (a restart) opens none of them, gives
// the same warnings and counts them as skipped, as "citebot index" reports; a reload opens none,
// and after an edit of a document opens that one alone; two of them fixed are read and indexed by
// the next start, and they alone.
func TestUnreadableFilesAreNotReadAgain(t *testing.T) {
	ctx := context.Background()
	dir, unread := unreadableOnDisk(t)
	skipWithoutChangeTimes(t, dir, "empty.txt")
	corpus := newOpenCounter(dir)
	var n atomic.Int64
	cfg, start := startLogged(t, corpus, t.TempDir(), &n, later)
	first, firstWarnings := start()
	if opened := corpus.take(); len(opened) != len(unread)+2 || first.Stats().Skipped.Files != len(unread) {
		t.Fatalf("the first start opened %v and skipped %d files; want every file opened, %d skipped", opened, first.Stats().Skipped.Files, len(unread))
	}
	for _, f := range unread {
		if !slices.ContainsFunc(firstWarnings, func(w string) bool { return strings.Contains(w, "file="+f) }) {
			t.Errorf("no warning about %s:\n%s", f, strings.Join(firstWarnings, "\n"))
		}
	}

	second, warns := start()
	if opened := corpus.take(); len(opened) != 0 || second.Stats().Converted != 0 || second.Stats().Skipped.Files != len(unread) {
		t.Errorf("the restart opened %v, converted %d and skipped %d files; want none opened or converted, %d skipped",
			opened, second.Stats().Converted, second.Stats().Skipped.Files, len(unread))
	}
	if !slices.Equal(warns, firstWarnings) {
		t.Errorf("the restart's warnings:\n%s\nwant those reading the files gave:\n%s", strings.Join(warns, "\n"), strings.Join(firstWarnings, "\n"))
	}
	// What "citebot index --json" reports.
	if st, err := Update(ctx, cfg); err != nil || st.Skipped.Files != len(unread) || len(corpus.take()) != 0 {
		t.Errorf("Update = skipped %+v, %v; want %d skipped, no file opened", st.Skipped, err, len(unread))
	}

	ix, pending, err := Reload(ctx, cfg, second)
	if err != nil || ix != second || pending != nil {
		t.Fatalf("a reload of the unchanged corpus = %v, a new version %v", err, ix != second)
	}
	if opened := corpus.take(); len(opened) != 0 {
		t.Errorf("a reload of the unchanged corpus opened %v", opened)
	}
	writeCorpus(t, dir, map[string]string{"notes.md": "# Notes\n\nPinduoduo grew fast.\n"})
	var logs syncBuffer // the reload's warnings alone
	rcfg := cfg
	rcfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	edited := reloadOne(t, rcfg, second)
	if opened := corpus.take(); !slices.Equal(opened, []string{"notes.md"}) || edited.Stats().Skipped.Files != len(unread) {
		t.Errorf("a reload after an edit of notes.md opened %v and skipped %d files; want notes.md alone, %d skipped", opened, edited.Stats().Skipped.Files, len(unread))
	}
	if got := warnings(logs.String()); !slices.Equal(got, firstWarnings) {
		t.Errorf("the reload's warnings:\n%s\nwant those reading the files gave:\n%s", strings.Join(got, "\n"), strings.Join(firstWarnings, "\n"))
	}

	// Fixed: the scan replaced by a PDF with a text layer, the empty file given a line.
	writeCorpus(t, dir, map[string]string{"scanned.pdf": string(pdfFixture(t, "minutes.pdf")), "empty.txt": "Kwai opened in Chengdu.\n"})
	fixed, _ := start()
	if opened := corpus.take(); !slices.Equal(opened, []string{"empty.txt", "scanned.pdf"}) || fixed.Stats().Skipped.Files != len(unread)-2 {
		t.Errorf("after two files were fixed a start opened %v and skipped %d; want those two alone, %d skipped",
			opened, fixed.Stats().Skipped.Files, len(unread)-2)
	}
	for _, f := range []string{"scanned.pdf", "empty.txt"} {
		if _, ok := fixed.Document(f); !ok {
			t.Errorf("%s, fixed, is not read", f)
		}
	}
	sameIndex(t, fixed, scratchOf(t, dir))
	if again, _ := start(); len(corpus.take()) != 0 || again.Stats().Skipped.Files != len(unread)-2 {
		t.Errorf("the start after opened files or skipped %d, want none opened, %d skipped", again.Stats().Skipped.Files, len(unread)-2)
	}
}

// TestUnreadableFilesRacyWhenStamped indexes a corpus whose files, a scan and an empty file among
// them, were written within racyWindow of the scan: the snapshot keeps none of their stamps, so
// the next start reads them all (the same warnings given), and writes the snapshot again with
// their stamps now that they have settled, nothing embedded and the version the same; the start
// after opens none.
func TestUnreadableFilesRacyWhenStamped(t *testing.T) {
	dir := t.TempDir()
	written := time.Now()
	writeCorpus(t, dir, map[string]string{"a.txt": "Taobao sells teapots.\n", "empty.txt": "", "scanned.pdf": string(pdfFixture(t, "scanned.pdf"))})
	skipWithoutChangeTimes(t, dir, "empty.txt")
	corpus := newOpenCounter(dir)
	data := t.TempDir()
	var n atomic.Int64
	_, racy := startLogged(t, corpus, data, &n, func() time.Time { return written })
	first, firstWarnings := racy()
	corpus.take()
	path := filepath.Join(data, snapshotFile)
	if _, files, err := readKnown(path, true); err != nil || len(files) != 0 {
		t.Fatalf("the snapshot of files just written keeps the stamps of %v (%v), want none", slices.Sorted(maps.Keys(files)), err)
	}
	unstamped := mustRead(t, path)
	_, start := startLogged(t, corpus, data, &n, later)
	n.Store(0)
	ix, warns := start()
	if opened := corpus.take(); !slices.Equal(opened, []string{"a.txt", "empty.txt", "scanned.pdf"}) || n.Load() != 0 || ix.Version() != first.Version() {
		t.Errorf("the next start opened %v, embedded %d, version %s; want every file, nothing embedded, version %s", opened, n.Load(), ix.Version(), first.Version())
	}
	if !slices.Equal(warns, firstWarnings) || len(warns) != 2 {
		t.Errorf("the next start's warnings:\n%s\nwant the first's, one a file not read:\n%s", strings.Join(warns, "\n"), strings.Join(firstWarnings, "\n"))
	}
	if bytes.Equal(mustRead(t, path), unstamped) {
		t.Error("the snapshot was not written again with the stamps of the files now settled")
	}
	if _, warns := start(); len(corpus.take()) != 0 || !slices.Equal(warns, firstWarnings) {
		t.Errorf("the start after the stamps were written opened files, or gave other warnings:\n%s", strings.Join(warns, "\n"))
	}
}

// TestSnapshotWithoutUnreadFiles opens a corpus whose snapshot keeps the stamps of its documents
// but not of its files that make no document, as session 12's citebot wrote it (format 6 without
// the section): the start reads those files alone, gives the same warnings, and writes the
// snapshot again with their stamps (nothing embedded, the version the same); the start after
// opens none. A corpus without such files has no such section.
func TestSnapshotWithoutUnreadFiles(t *testing.T) {
	dir, unread := unreadableOnDisk(t)
	skipWithoutChangeTimes(t, dir, "empty.txt")
	corpus := newOpenCounter(dir)
	data := t.TempDir()
	var n atomic.Int64
	_, start := startLogged(t, corpus, data, &n, later)
	first, firstWarnings := start()
	corpus.take()
	path := filepath.Join(data, snapshotFile)
	s, err := readSnapshot(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for file, k := range s.files {
		if k.doc == nil {
			delete(s.files, file)
		}
	}
	if err := writeSnapshot(path, s); err != nil {
		t.Fatal(err)
	}
	if h, err := readHeader(path); err != nil || h.format != 6 {
		t.Fatalf("the snapshot: %+v, %v", h, err)
	} else if _, ok := h.sections[secUnread]; ok {
		t.Fatal("a snapshot with no file not read has the section of the files not read")
	}
	n.Store(0)
	ix, warns := start()
	if opened := corpus.take(); !slices.Equal(opened, unread) || n.Load() != 0 || ix.Version() != first.Version() {
		t.Errorf("the start opened %v, embedded %d, version %s; want the files not read (%v), nothing embedded, version %s",
			opened, n.Load(), ix.Version(), unread, first.Version())
	}
	if !slices.Equal(warns, firstWarnings) {
		t.Errorf("the start's warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(firstWarnings, "\n"))
	}
	if h, err := readHeader(path); err != nil {
		t.Fatal(err)
	} else if _, ok := h.sections[secUnread]; !ok {
		t.Error("the snapshot was not written again with the files not read")
	}
	if _, warns := start(); len(corpus.take()) != 0 || !slices.Equal(warns, firstWarnings) {
		t.Errorf("the start after opened files, or gave other warnings:\n%s", strings.Join(warns, "\n"))
	}
}

// TestUnreadWarningsPinned fails when the warnings about a file that makes no document that
// the reader gives itself (an empty file, a text not valid UTF-8) change, until conversionVersion
// is bumped, so that the warnings kept with a file's stamp in older snapshots are not given as
// the old code worded them (see TestFailurePinned for the converters').
func TestUnreadWarningsPinned(t *testing.T) {
	pinned := map[int]string{
		4: "e322c7441c81fd23", // kept with the stamps of the files that make no document
	}
	r := corpusReader{log: slog.New(slog.DiscardHandler)}
	h := sha256.New()
	for _, f := range []struct{ name, data string }{{"empty.txt", ""}, {"blank.pdf", " \n"}, {"latin1.txt", "Caf\xe9\n"}} {
		doc, why := r.document(f.name, []byte(f.data))
		if doc != nil || why == nil || why.failure != nil {
			t.Fatalf("%s: document %v, why %+v; want none, and why, with no failure", f.name, doc, why)
		}
		fmt.Fprintf(h, "%s %s\n", f.name, pinnedWarnings(why.warnings))
	}
	got := hex.EncodeToString(h.Sum(nil))[:16]
	if want := pinned[conversionVersion]; got != want {
		t.Errorf("the warnings about files that make no document changed (digest %s, pinned %q for conversionVersion %d): bump conversionVersion in convcache.go and pin the new digest here", got, want, conversionVersion)
	}
}

// TestUnopenableFilesAreNotOpenedAgain opens a settled corpus with a file its permissions do not
// let the process open (mode 000), as a user they apply to (as root, in a child process as user
// nobody: see [unprivileged.Rerun]): the next start (a restart), Update and a reload do not try it
// again, each giving the first start's warning about it and counting it as skipped; fixing its
// permissions (a chmod changes the inode change time) makes the next start read it, and it alone.
// One whose permissions changed just before a scan is tried again by the next.
func TestUnopenableFilesAreNotOpenedAgain(t *testing.T) {
	if unprivileged.Rerun(t) {
		return
	}
	ctx := context.Background()
	dir := t.TempDir()
	writeCorpus(t, dir, map[string]string{"a.md": "# A\n\nTaobao sells teapots.\n", "sub/locked.md": "# Locked\n\nKuaishou opened in Chengdu.\n"})
	skipWithoutChangeTimes(t, dir, "a.md")
	locked := filepath.Join(dir, "sub", "locked.md")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	corpus := newOpenCounter(dir)
	var n atomic.Int64
	cfg, start := startLogged(t, corpus, t.TempDir(), &n, later)
	first, firstWarnings := start()
	if opened := corpus.take(); !slices.Equal(opened, []string{"a.md", "sub/locked.md"}) || first.Stats().Skipped.Files != 1 {
		t.Fatalf("the first start opened %v and skipped %d files; want both tried, 1 skipped", opened, first.Stats().Skipped.Files)
	}
	if !slices.Equal(firstWarnings, []string{`level=WARN msg="skipping unreadable file" file=sub/locked.md error="open sub/locked.md: permission denied"`}) {
		t.Fatalf("the first start's warnings: %q", firstWarnings)
	}

	second, warns := start()
	if opened := corpus.take(); len(opened) != 0 || second.Stats().Skipped.Files != 1 {
		t.Errorf("the restart opened %v and skipped %d files; want none opened, 1 skipped", opened, second.Stats().Skipped.Files)
	}
	if !slices.Equal(warns, firstWarnings) {
		t.Errorf("the restart's warnings:\n%s\nwant the first start's:\n%s", strings.Join(warns, "\n"), strings.Join(firstWarnings, "\n"))
	}
	if st, err := Update(ctx, cfg); err != nil || st.Skipped.Files != 1 || len(corpus.take()) != 0 {
		t.Errorf("Update = skipped %+v, %v; want 1 skipped, no file opened", st.Skipped, err)
	}
	writeCorpus(t, dir, map[string]string{"a.md": "# A\n\nTaobao sells teapots and kettles.\n"})
	var logs syncBuffer // the reload's warnings alone
	rcfg := cfg
	rcfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	edited := reloadOne(t, rcfg, second)
	if opened := corpus.take(); !slices.Equal(opened, []string{"a.md"}) || edited.Stats().Skipped.Files != 1 {
		t.Errorf("a reload after an edit of a.md opened %v and skipped %d files; want a.md alone, 1 skipped", opened, edited.Stats().Skipped.Files)
	}
	if got := warnings(logs.String()); !slices.Equal(got, firstWarnings) {
		t.Errorf("the reload's warnings:\n%s\nwant the first start's:\n%s", strings.Join(got, "\n"), strings.Join(firstWarnings, "\n"))
	}

	if err := os.Chmod(locked, 0o644); err != nil {
		t.Fatal(err)
	}
	fixed, warns := start()
	if opened := corpus.take(); !slices.Equal(opened, []string{"sub/locked.md"}) || fixed.Stats().Skipped.Files != 0 || len(warns) != 0 {
		t.Errorf("after its permissions were fixed a start opened %v, skipped %d files and warned %q; want sub/locked.md alone, none skipped or warned of",
			opened, fixed.Stats().Skipped.Files, warns)
	}
	if _, ok := fixed.Document("sub/locked.md"); !ok {
		t.Error("sub/locked.md, its permissions fixed, is not read")
	}
	sameIndex(t, fixed, scratchOf(t, dir))

	// Locked again just now: racy, tried by every start until it has settled.
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	_, racy := startLogged(t, corpus, cfg.DataDir, &n, time.Now)
	for range 2 {
		if _, warns := racy(); !slices.Equal(corpus.take(), []string{"sub/locked.md"}) || !slices.Equal(warns, firstWarnings) {
			t.Errorf("a start just after sub/locked.md was locked again did not try it, or warned %q", warns)
		}
	}
}

// TestUnopenedFilesKeptForTheirUser writes the unopened section of a table of files and reads it
// back as the process that wrote it, which takes every file, and as another user or groups, which
// takes none: permissions may let it open them.
func TestUnopenedFilesKeptForTheirUser(t *testing.T) {
	st := fileStamp{target: "b/locked.md", size: 10, mtime: 1e18, ctime: 1e18 + 1, ino: 7, dev: 3}
	files := fileTable{
		"a.md":        {stamp: fileStamp{target: "a.md", size: 4, ctime: 1}, doc: &Document{File: "a.md"}},
		"b/locked.md": {stamp: st, unread: unopenedFile("open b/locked.md: permission denied")},
		"empty.txt":   {stamp: fileStamp{target: "empty.txt", ctime: 1}, unread: &unreadFile{warnings: []convert.Warning{{Msg: "skipping empty document"}}}},
	}
	const me = "uid 1000 gid 1000 groups [24 1000]"
	b := encodeUnopened(files, me)
	if b == nil || encodeUnopened(files, "") != nil || encodeUnopened(fileTable{"a.md": files["a.md"]}, me) != nil {
		t.Fatal("the section is not written with a file not opened, or written with none or with no identity")
	}
	if u := encodeUnread(files, nil); u == nil || bytes.Contains(u, []byte("locked")) {
		t.Errorf("the unread section %q holds the file not opened, or not the empty file", u)
	}
	// take reads the section back into t as a start of identity does.
	take := func(b []byte, identity string, t fileTable) error {
		r, err := decodeUnopened(b)
		if err != nil {
			return err
		}
		if own, _ := splitUnopened([]unopenedRecord{r}, identity); own != nil {
			return own.addTo(t)
		}
		return nil
	}
	got := fileTable{}
	if err := take(b, me, got); err != nil || len(got) != 1 || !reflect.DeepEqual(got["b/locked.md"], files["b/locked.md"]) {
		t.Errorf("read back by its writer: %+v, %v; want b/locked.md as written", got, err)
	}
	for _, other := range []string{"uid 1000 gid 1000 groups [24 27 1000]", "uid 0 gid 0 groups []", ""} {
		got := fileTable{}
		if err := take(b, other, got); err != nil || len(got) != 0 {
			t.Errorf("read back by %q: %+v, %v; want nothing", other, got, err)
		}
	}
	if err := take(b, me, fileTable{"b/locked.md": files["a.md"]}); err == nil {
		t.Error("a file both read and not opened is read back without error")
	}
}

// TestAlternatingUsersStartChild is one start of TestAlternatingUsersRewriteNothing, in a child
// process of another identity: it opens the corpus in $CITEBOT_START_CORPUS with the data folder
// $CITEBOT_START_DATA, as a command does, and logs the files it opened, the documents it indexed
// and the files it skipped. It does nothing in a normal test run.
func TestAlternatingUsersStartChild(t *testing.T) {
	corpus, data := os.Getenv("CITEBOT_START_CORPUS"), os.Getenv("CITEBOT_START_DATA")
	if corpus == "" || data == "" {
		t.Skip("only run as a child process of TestAlternatingUsersRewriteNothing")
	}
	counter := newOpenCounter(corpus)
	ix, err := Open(context.Background(), Config{Seeds: counter, DataDir: data, Embedder: OfflineEmbedder(), now: later})
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, d := range ix.Documents() {
		docs = append(docs, d.File)
	}
	t.Logf("start: opened %v, indexed %v, skipped %d", counter.take(), docs, ix.Stats().Skipped.Files)
}

// TestAlternatingUsersRewriteNothing starts a settled corpus again and again on one data folder, in
// processes of two identities taking turns (user nobody with no supplementary group, and with one:
// see [processIdentity]). No one but root may open locked.md (mode 000); group.md only the group of
// the second. Each identity tries the files it cannot know of once, and the snapshot is written at
// the first start of each (the first builds it; the second reads group.md, a new version, and
// notes locked.md for itself); the starts after open no file, the first identity taking group.md's
// document from the snapshot by its stamp, and leave the snapshot as it is. Until session 15 each
// start tried locked.md again and wrote the whole snapshot again, its own note of it in place of
// the other's.
func TestAlternatingUsersRewriteNothing(t *testing.T) {
	users := unprivileged.NewUsers(t)
	const group = 65533
	corpus, data := t.TempDir(), t.TempDir()
	writeCorpus(t, corpus, map[string]string{
		"a.md":          "# A\n\nTaobao sells teapots.\n",
		"sub/locked.md": "# Locked\n\nKuaishou opened in Chengdu.\n",
		"sub/group.md":  "# Group\n\nPinduoduo sells fruit.\n",
	})
	skipWithoutChangeTimes(t, corpus, "a.md")
	// The children may read the corpus and write the data folder; MkdirTemp makes folders only
	// their owner can enter.
	for dir, mode := range map[string]os.FileMode{filepath.Dir(corpus): 0o755, corpus: 0o755, data: 0o777} {
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(corpus, "sub", "locked.md"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(filepath.Join(corpus, "sub", "group.md"), 0, group); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(corpus, "sub", "group.md"), 0o040); err != nil {
		t.Fatal(err)
	}
	snapshot := filepath.Join(data, snapshotFile)
	start := func(groups []uint32) (log string, written bool) {
		t.Helper()
		before, _ := os.Stat(snapshot)
		out := users.Run(t, "TestAlternatingUsersStartChild", groups, "CITEBOT_START_CORPUS="+corpus, "CITEBOT_START_DATA="+data)
		_, log, _ = strings.Cut(out, "start: ")
		log, _, _ = strings.Cut(log, "\n")
		after, err := os.Stat(snapshot)
		if err != nil {
			t.Fatal(err)
		}
		// The snapshot is written whole to a new file that replaces the old one.
		return log, before == nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime())
	}
	first, second := []uint32(nil), []uint32{group}
	const settled = "opened [], indexed [a.md sub/group.md], skipped 1"
	for i, want := range []struct {
		groups  []uint32
		log     string
		written bool
	}{
		{first, "opened [a.md sub/group.md sub/locked.md], indexed [a.md], skipped 2", true},
		{second, "opened [sub/group.md sub/locked.md], indexed [a.md sub/group.md], skipped 1", true},
		{first, settled, false},
		{second, settled, false},
		{first, settled, false},
		{second, settled, false},
	} {
		if log, written := start(want.groups); log != want.log || written != want.written {
			t.Errorf("start %d, groups %v: %s, the snapshot written: %v; want %s, written: %v", i+1, want.groups, log, written, want.log, want.written)
		}
	}
}

// TestOtherUnopenedKeptWhileTrue writes the section of other identities' files not opened from the
// records of a snapshot read before, and reads it back: a record keeps only the files the writer
// could not open either with their stamps unchanged (not one it read, nor one changed since), no
// record is of the writer, each identity has one record (the most recent writer's), and a record
// left with no file goes.
func TestOtherUnopenedKeptWhileTrue(t *testing.T) {
	stamp := func(p string, ctime int64) fileStamp {
		return fileStamp{target: p, size: 10, mtime: 1e18, ctime: ctime, ino: 7, dev: 3}
	}
	const me, other, third = "uid 1000 gid 1000 groups [1000]", "uid 1000 gid 1000 groups [24 1000]", "uid 0 gid 0 groups []"
	files := fileTable{
		"a.md":      {stamp: stamp("a.md", 1e18), doc: &Document{File: "a.md"}},
		"locked.md": {stamp: stamp("locked.md", 1e18), unread: unopenedFile("open locked.md: permission denied")},
		"moved.md":  {stamp: stamp("moved.md", 2e18), unread: unopenedFile("open moved.md: permission denied")},
	}
	entry := func(p string, ctime int64) unopenedEntry {
		return unopenedEntry{path: p, stamp: stamp(p, ctime), err: "open " + p + ": permission denied"}
	}
	others := []unopenedRecord{
		{identity: other, files: []unopenedEntry{entry("a.md", 1e18), entry("locked.md", 1e18), entry("moved.md", 1e18)}},
		{identity: me, files: []unopenedEntry{entry("locked.md", 1e18)}},
		{identity: third, files: []unopenedEntry{entry("a.md", 1e18)}},
		{identity: other, files: []unopenedEntry{entry("moved.md", 2e18)}},
	}
	got, err := decodeOtherUnopened(encodeOtherUnopened(others, files, me))
	want := []unopenedRecord{{identity: other, files: []unopenedEntry{entry("locked.md", 1e18)}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("read back: %+v, %v; want %+v", got, err, want)
	}
	if b := encodeOtherUnopened(others[2:3], files, me); b != nil {
		t.Errorf("with no record left, the section is %q; want none", b)
	}
	// What its identity finds of it, as a start reads it, beside the writer's own section.
	own, rest := splitUnopened(append([]unopenedRecord{{identity: me}}, got...), other)
	table := fileTable{"a.md": files["a.md"]}
	if own == nil || len(rest) != 1 || own.addTo(table) != nil || !reflect.DeepEqual(table["locked.md"], files["locked.md"]) {
		t.Errorf("the other identity takes %+v (others %+v) into %+v; want locked.md as the writer found it", own, rest, table)
	}
	if err := (unopenedRecord{identity: other, files: []unopenedEntry{entry("a.md", 1e18)}}).addTo(table); err == nil {
		t.Error("a file both read and not opened is taken without error")
	}
}

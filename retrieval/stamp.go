package retrieval

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/citebot/citebot/convert"
)

// A reload re-reads only the files whose stat changed since the version it starts from read them:
// at 40,000 chunks, reading, parsing and hashing every one of 4,000 files was 130–150 ms of the
// half second an edit took to be served. The rule, git's for its index:
//
//   - A file is taken as unchanged when its size, modification time and, where the system keeps
//     them, its inode change time, inode and device are what they were when it was read, and it
//     is still reached the same way (a link to the same target). Then its document (paragraphs,
//     title, conversion) and content hash are those read then; only the title is worked out again
//     when corpus.json's entry for it changed.
//   - An edit that keeps the size and sets the modification time back (cp -p, rsync -t, touch -d)
//     still changes the inode change time, which no program can set: on Linux, macOS and the
//     BSDs such an edit is read. On a system that keeps no change time (Windows), it is not, until
//     the file changes again or the process restarts (a start reads every file).
//   - Timestamps have a tick (a nanosecond on ext4, a second on some file systems, two on FAT), so
//     a file written again within the tick it was read in keeps its stamp. A file whose
//     modification or change time is within [racyWindow] of the scan that read it is therefore
//     not remembered: the next scan reads it again, and remembers it once it has settled. That
//     one read more cannot be spared: the bytes read in the tick may not be the file's last (a
//     write later in the same tick leaves the stamp as it was), so a stamp that has since settled
//     vouches only for bytes read after it settled; git's racily clean entries are compared by
//     content for the same reason. A reload that finds the corpus unchanged keeps the version
//     served, and the table of the files it read for the next reload (see [Index.keepFiles]), so
//     that such a file is read that once, not at every reload until the corpus changes.
//
// What is remembered is kept in memory with the version it describes ([Index]), and in the
// snapshot (format 6, its stamps section: see [encodeStamps]), so that a start takes the documents
// of the files whose stamps are unchanged from the snapshot, under the same rule, and reads only
// the rest: at 40,000 chunks, reading, parsing and hashing every file was about 190 ms of every
// command's start. Besides:
//
//   - The snapshot keeps only stamps with an inode change time. On a system that keeps none
//     (Windows), a start reads every file, as before, so that a restart still sees an edit that
//     kept the size and the modification time.
//   - A document is taken from the snapshot only when it was read the way this binary reads it:
//     the snapshot's [derivationVersion] is this one's, and a converted document's conversion is
//     of this [conversionVersion] and its dictionary answers are this dictionary's
//     ([convert.Result.Current]).
//   - A start that read files whose stamps the snapshot lacks (they had not settled when it was
//     written, or were touched since) and that have settled now writes the snapshot again with
//     them, nothing derived or embedded, when it is otherwise current and the data folder's lock
//     is free (a start never waits for it to do so): the next start reads none of them.
//   - A file whose bytes make no document (a scan with no text layer, an encrypted or damaged
//     PDF, an empty file: see [unreadFile]) is remembered by its stamp too, with the warnings it
//     gave, under the same rule (its section: see [encodeUnread]): a scan and a start give them
//     again without reading it while its stamp is unchanged, and read it when the stamp changes.
//     Not remembered, and read at every scan as before: a file whose failure the snapshot would
//     not keep (its warnings past [maxFailureBytes], or its text decided by the dictionary), and
//     one past the size cap once read.
//   - A file whose permissions refuse to open it (mode 000, another user's file) is remembered by
//     its stamp the same way, with its warning (see [unopened]), and not tried again while the
//     stamp is unchanged: fixing its permissions (chmod, chown, an ACL) changes its inode change
//     time, and the next scan tries it. Only where the system keeps inode change times (not on
//     Windows, where a change of ACLs shows in no stamp: tried at every scan there), and in the
//     snapshot by the user and groups that tried it (its section: see [encodeUnopened]), since
//     another process may be let open it; what other users and groups found is kept beside it, so
//     that processes of several taking turns do not each try it and write the snapshot again at
//     every start (see [encodeOtherUnopened]). Any other error opening or reading a file (too many
//     files open, an I/O error) says nothing lasting of it: tried at every scan.

// racyWindow is how recent a file's modification or change time may be, against the start of the
// scan that read it, for the file to be read again at the next scan rather than trusted by its
// stamp: more than FAT's two-second tick plus the lag of the kernel's coarse clock, which stamps
// files a few milliseconds behind the time a process reads.
const racyWindow = 3 * time.Second

// fileStamp is what stat says of a file read as a document, enough to tell that it changed.
type fileStamp struct {
	target string // the file read: its path in the corpus folder, or where its link leads
	size   int64
	mtime  int64 // Unix nanoseconds
	ctime  int64 // the inode change time, Unix nanoseconds; 0 where the system keeps none
	ino    uint64
	dev    uint64
}

// kept reports whether the snapshot keeps the stamp: only with an inode change time, which no
// program can set (see the rule above).
func (s fileStamp) kept() bool { return s.ctime != 0 }

// stampOf is the stamp of target, a regular file, from its [fs.FileInfo].
func stampOf(target string, info fs.FileInfo) fileStamp {
	s := fileStamp{target: target, size: info.Size(), mtime: info.ModTime().UnixNano()}
	sysStamp(&s, info.Sys())
	return s
}

// settled reports whether the file's times are older than the scan that started at start by more
// than [racyWindow]: any later write stamps it with another time.
func (s fileStamp) settled(start time.Time) bool {
	limit := start.Add(-racyWindow).UnixNano()
	return s.mtime < limit && s.ctime < limit
}

// knownFile is a document as read from a file with a stamp, or why the file was not read as one,
// for a later scan to take as it is.
type knownFile struct {
	stamp fileStamp
	doc   *Document
	// unread, when doc is nil, is why the file is not read as a document.
	unread *unreadFile
	// hash is the document's [contentHash], set once computed (hashed).
	hash   [32]byte
	hashed bool
	// entry is the corpus catalog's entry the document's title, URL and language came from
	// (described false: none).
	entry     corpusEntry
	described bool
}

// unreadFile is why a file whose bytes make no document was not read as one: the warnings logged
// about it, the last saying why, which depend on its bytes alone. failure is the failure kept of
// those bytes when its converter could not read them (its warnings are the same), for the
// snapshot's failures to keep it; nil for an empty file or a text file not valid UTF-8, which no
// converter reads.
type unreadFile struct {
	warnings []convert.Warning
	failure  *failure
	// unopened marks a file whose permissions refused to open it (its one warning says so). Who
	// may open a file depends on its stamp (its mode, owner and ACLs: a change of any changes its
	// inode change time) and on who asks: the snapshot keeps such files in a section of their own
	// with the user and groups of the process that tried them (see [encodeUnopened]).
	unopened bool
}

// fileTable remembers, by path in the corpus folder, the documents one scan read whose stamps had
// settled, and the files it found make none. A table is never modified once its version is built:
// the next scan makes its own.
type fileTable map[string]knownFile

// scan is what one corpus load remembers and reuses: the table of the version it starts from
// (prev, nil for none) and the one it makes (next), from the time it started.
type scan struct {
	start time.Time
	prev  fileTable
	next  fileTable
	// read counts the documents read from their files (not taken from prev).
	read int
	// learned counts the files read whose stamps next remembers and the snapshot keeps (documents,
	// and files not read as one): a start's snapshot lacks them.
	learned int
}

func newScan(start time.Time, prev fileTable) *scan {
	return &scan{start: start, prev: prev, next: make(fileTable, len(prev))}
}

// reuse returns what prev knows of the file at p, reached through target, when its stamp is the
// same now (info): its document, described as the catalog describes it now (a copy when that
// changed its title), or why it is not read as one.
func (sc *scan) reuse(p, target string, info fs.FileInfo, catalog *corpusCatalog) (knownFile, bool) {
	k, ok := sc.prev[p]
	if !ok || k.stamp != stampOf(target, info) {
		return knownFile{}, false
	}
	if k.doc != nil {
		entry, described := catalog.entry(p)
		if described != k.described || entry != k.entry {
			d := *k.doc
			describe(&d, entry, described)
			k.doc, k.entry, k.described = &d, entry, described
		}
	}
	sc.next[p] = k
	return k, true
}

// remember notes doc, read from a file with stamp st, unless the stamp is too recent to trust.
func (sc *scan) remember(p string, st fileStamp, doc *Document, catalog *corpusCatalog) {
	sc.read++
	if !st.settled(sc.start) {
		return
	}
	entry, described := catalog.entry(p)
	sc.note(p, knownFile{stamp: st, doc: doc, entry: entry, described: described})
}

// rememberUnread notes why the file at p, read with stamp st, is not read as a document, unless
// the stamp is too recent to trust.
func (sc *scan) rememberUnread(p string, st fileStamp, why *unreadFile) {
	if st.settled(sc.start) {
		sc.note(p, knownFile{stamp: st, unread: why})
	}
}

// note adds k, what a file read now gave, to the next table.
func (sc *scan) note(p string, k knownFile) {
	sc.next[p] = k
	if k.stamp.kept() {
		sc.learned++
	}
}

// hash returns doc's content hash, from the table when it knows it, computing (and noting) it
// otherwise.
func (t fileTable) hash(doc *Document) [32]byte {
	k, ok := t[doc.File]
	if ok && k.doc == doc && k.hashed {
		return k.hash
	}
	h := contentHash(doc)
	if ok && k.doc == doc {
		k.hash, k.hashed = h, true
		t[doc.File] = k
	}
	return h
}

// The stamps section (format 6) keeps the table of the scan that read a snapshot's documents: the
// number of stamps, then each, in the order of the documents: how many documents of the documents
// section lie between its document and the one before with a stamp, the file read ("" when it is
// the document's own), its size, modification time, inode change time (Unix nanoseconds), inode
// and device; then 1 and the title, URL and language of the catalog entry the document was
// described by, or 0 for none; and the document's own title, which no catalog entry overrides
// (see [documentTitle]). The rest of a document (its text, paragraphs, pages, title, content hash,
// conversion) is in the sections before, and so are a converted document's literal lines and
// where its notes start (its conversion's). Only stamps with a change time are kept (see
// [fileStamp.kept]).
func encodeStamps(docs []*Document, files fileTable) []byte {
	var e encoder
	type stamped struct {
		i int
		k knownFile
	}
	var list []stamped
	for i, d := range docs {
		if k, ok := files[d.File]; ok && k.doc == d && k.stamp.kept() {
			list = append(list, stamped{i, k})
		}
	}
	e.uint(uint64(len(list)))
	prev := -1
	for _, s := range list {
		e.uint(uint64(s.i - prev - 1))
		prev = s.i
		encodeStamp(&e, s.k.stamp, s.k.doc.File)
		e.uint(boolUint(s.k.described))
		if s.k.described {
			e.str(s.k.entry.Title)
			e.str(s.k.entry.URL)
			e.str(s.k.entry.Language)
		}
		e.str(s.k.doc.frontTitle)
	}
	return e.b
}

// decodeStamps reads what [encodeStamps] wrote of docs, whose content hashes are hashes, into the
// table a start takes their documents from, completing each document with what the stamps section
// keeps of it. A converted document whose conversion is not this binary's is left out: its file is
// read again.
func decodeStamps(b []byte, docs []*Document, hashes [][32]byte) (fileTable, error) {
	d := decoder{b: b}
	n := d.count(len(docs) + 1)
	t := make(fileTable, n)
	i := -1
	for range n {
		i += 1 + d.count(len(docs)-i-1)
		st := decodeStamp(&d)
		var entry corpusEntry
		described := d.count(2) == 1
		if described {
			entry = corpusEntry{Title: d.str(), URL: d.str(), Language: d.str()}
		}
		front := d.str()
		if d.err == nil && !st.kept() {
			d.fail("stamp with no change time")
		}
		if d.err != nil {
			break
		}
		doc := docs[i]
		if st.target == "" {
			st.target = doc.File
		}
		c := doc.conversion
		if convert.FormatOf(doc.File) != 0 && (c == nil || !c.Current()) {
			continue // converted by another version, or another dictionary: read again
		}
		doc.frontTitle = front
		if c != nil {
			doc.literal, doc.titleEnd = c.Literal, c.NotesAt
		}
		if described {
			entry.File = doc.File
			doc.URL, doc.Language = entry.URL, entry.Language
		}
		t[doc.File] = knownFile{stamp: st, doc: doc, hash: hashes[i], hashed: true, entry: entry, described: described}
	}
	if d.err == nil && d.left() != 0 {
		d.fail("bytes after the last stamp")
	}
	if d.err != nil {
		return nil, d.err
	}
	return t, nil
}

// The unread section (format 6, since session 13; see [snapshotFormat]) keeps, from the table of
// the scan that read a snapshot's documents, the files it found make no document (see
// [unreadFile]): the number of files, then each, in path order: its path in the corpus folder, the
// file read ("" when it is that path), its size, modification time, inode change time (Unix
// nanoseconds), inode and device; then the number of its failure among the failures of the
// conversions section, from 1, or 0 and the warnings it gave (see [encodeWarnings]). Only stamps
// with a change time are kept (see [fileStamp.kept]), and a failure only if the snapshot keeps it.
// With no such file, there is no section (nil).
func encodeUnread(files fileTable, failures []*failure) []byte {
	number := make(map[convKey]int, len(failures))
	for i, f := range failures {
		number[f.key] = i + 1
	}
	var paths []string
	for p, k := range files {
		if k.doc != nil || k.unread == nil || k.unread.unopened || !k.stamp.kept() {
			continue
		}
		if f := k.unread.failure; f != nil && number[f.key] == 0 {
			continue
		}
		paths = append(paths, p)
	}
	if len(paths) == 0 {
		return nil
	}
	slices.Sort(paths)
	var e encoder
	e.uint(uint64(len(paths)))
	for _, p := range paths {
		k := files[p]
		e.str(p)
		encodeStamp(&e, k.stamp, p)
		if f := k.unread.failure; f != nil {
			e.uint(uint64(number[f.key]))
		} else {
			e.uint(0)
			encodeWarnings(&e, k.unread.warnings)
		}
	}
	return e.b
}

// encodeStamp writes a file's stamp; its link target is left empty when it is the file itself.
func encodeStamp(e *encoder, st fileStamp, file string) {
	target := st.target
	if target == file {
		target = ""
	}
	e.str(target)
	e.uint(uint64(st.size))
	e.uint(uint64(st.mtime))
	e.uint(uint64(st.ctime))
	e.uint(st.ino)
	e.uint(st.dev)
}

// decodeStamp reads what [encodeStamp] wrote.
func decodeStamp(d *decoder) fileStamp {
	return fileStamp{target: d.str(), size: int64(d.uint()), mtime: int64(d.uint()), ctime: int64(d.uint()), ino: d.uint(), dev: d.uint()}
}

// decodeUnread reads what [encodeUnread] wrote into t, the table of the same snapshot's documents,
// failures being the failures of its conversions section.
func decodeUnread(b []byte, failures []*failure, t fileTable) error {
	d := decoder{b: b}
	prev := ""
	for range d.count(d.left() + 1) {
		p := d.str()
		st := decodeStamp(&d)
		why := &unreadFile{}
		if n := d.count(len(failures) + 1); n > 0 {
			why.failure = failures[n-1]
			why.warnings = why.failure.warnings
		} else if why.warnings = decodeWarnings(&d); d.err == nil && len(why.warnings) == 0 {
			d.fail("file not read with no warning")
		}
		if d.err != nil || !addNotRead(&d, t, prev, p, st, why, "file both read and not") {
			break
		}
		prev = p
	}
	if d.err == nil && d.left() != 0 {
		d.fail("bytes after the last file")
	}
	return d.err
}

// addNotRead adds to t the file at p with stamp st that the unread section says was not read
// (why), after checking the entry: its path after prev, the one before it; not in t
// already (clash says what that would mean); its stamp with a change time. It reports whether the
// entry was good (else d has failed).
func addNotRead(d *decoder, t fileTable, prev, p string, st fileStamp, why *unreadFile, clash string) bool {
	switch _, known := t[p]; {
	case p <= prev:
		d.fail("files out of order")
	case known:
		d.fail(clash)
	case !st.kept():
		d.fail("stamp with no change time")
	}
	if d.err != nil {
		return false
	}
	if st.target == "" {
		st.target = p
	}
	t[p] = knownFile{stamp: st, unread: why}
	return true
}

// The unopened section (format 6, since session 14) keeps, from the table of the scan that read
// a snapshot's documents, the files whose permissions refused to open them (see
// [unreadFile.unopened]): the record of who tried them (see [processIdentity] and
// [encodeUnopenedRecord]). Only stamps with a change time are kept. With no such file, there is no
// section (nil), nor with no identity. A process of another user or groups takes none of them: it
// may open them.
func encodeUnopened(files fileTable, identity string) []byte {
	if identity == "" {
		return nil
	}
	r := unopenedRecord{identity: identity}
	for p, k := range files {
		if unopenedIn(k) {
			r.files = append(r.files, unopenedEntry{path: p, stamp: k.stamp, err: k.unread.warnings[0].Attrs[0].Value.(string)})
		}
	}
	if len(r.files) == 0 {
		return nil
	}
	slices.SortFunc(r.files, func(a, b unopenedEntry) int { return strings.Compare(a.path, b.path) })
	var e encoder
	encodeUnopenedRecord(&e, r)
	return e.b
}

// unopenedIn reports whether k is a file whose permissions refused to open it, with a stamp the
// snapshot keeps.
func unopenedIn(k knownFile) bool {
	return k.doc == nil && k.unread != nil && k.unread.unopened && k.stamp.kept()
}

// unopenedRecord is what the processes of one identity (see [processIdentity]) found of the files
// whose permissions refused to open them: each file's path, in order, its stamp and the error
// opening it gave.
type unopenedRecord struct {
	identity string
	files    []unopenedEntry
}

// unopenedEntry is one file of an [unopenedRecord].
type unopenedEntry struct {
	path  string
	stamp fileStamp
	err   string
}

// encodeUnopenedRecord writes r: its identity, the number of files, then each: its path in the
// corpus folder, its stamp as the unread section writes one, and the error opening it gave.
func encodeUnopenedRecord(e *encoder, r unopenedRecord) {
	e.str(r.identity)
	e.uint(uint64(len(r.files)))
	for _, f := range r.files {
		e.str(f.path)
		encodeStamp(e, f.stamp, f.path)
		e.str(f.err)
	}
}

// decodeUnopenedRecord reads what [encodeUnopenedRecord] wrote, checking each file: its path after
// the one before, its stamp with a change time, an error opening it.
func decodeUnopenedRecord(d *decoder) unopenedRecord {
	r := unopenedRecord{identity: d.str()}
	for range d.count(d.left() + 1) {
		f := unopenedEntry{path: d.str(), stamp: decodeStamp(d), err: d.str()}
		switch {
		case d.err != nil:
		case f.path == "" || len(r.files) > 0 && f.path <= r.files[len(r.files)-1].path:
			d.fail("files out of order")
		case !f.stamp.kept():
			d.fail("stamp with no change time")
		case f.err == "":
			d.fail("no error opening the file")
		}
		if d.err != nil {
			return unopenedRecord{}
		}
		if f.stamp.target == "" {
			f.stamp.target = f.path
		}
		r.files = append(r.files, f)
	}
	if d.err == nil && r.identity == "" {
		d.fail("files not opened by no one")
	}
	return r
}

// addTo adds r's files to t, the table of the same snapshot's documents and other files not read,
// failing when one is in t already (both read, or not read for another reason, and not opened).
func (r unopenedRecord) addTo(t fileTable) error {
	for _, f := range r.files {
		if _, known := t[f.path]; known {
			return errors.New("file both unopened and not")
		}
		t[f.path] = knownFile{stamp: f.stamp, unread: unopenedFile(f.err)}
	}
	return nil
}

// decodeUnopened reads what [encodeUnopened] wrote.
func decodeUnopened(b []byte) (unopenedRecord, error) {
	d := decoder{b: b}
	r := decodeUnopenedRecord(&d)
	if d.err == nil && d.left() != 0 {
		d.fail("bytes after the last file")
	}
	return r, d.err
}

// Two users, or one with other groups, who take turns starting citebot on one data folder each
// find the unopened section written by the other: until session 15 each tried the files again and,
// having noted them, wrote the whole snapshot again with its own record in place of the other's,
// at every start. The records of other identities are therefore kept too, in a section of their
// own that session 14's citebot passes over (see [encodeOtherUnopened]): a start finds its own
// record in either section, so that the starts after each identity's first open none of those
// files and write nothing.

// maxOtherUnopened bounds the records of other identities a snapshot keeps, the most recent
// writers' first: a data folder is rarely shared by more.
const maxOtherUnopened = 8

// encodeOtherUnopened writes the section of the records of other identities than the writer's:
// their number, then each record (see [encodeUnopenedRecord]), the most recent writer's first.
// Of others, the records of a snapshot read before (the writer's of that snapshot first, then the
// others it kept), it keeps for each identity but the writer's (identity) the files the writer
// could not open either, their stamps unchanged: a file changed since, or one the writer read (its
// document is in the snapshot for every process to take by its stamp), is left out, and a record
// left with no file. With none, there is no section (nil).
func encodeOtherUnopened(others []unopenedRecord, files fileTable, identity string) []byte {
	var kept []unopenedRecord
	seen := map[string]bool{identity: true, "": true}
	for _, r := range others {
		if seen[r.identity] || len(kept) == maxOtherUnopened {
			continue
		}
		seen[r.identity] = true
		still := unopenedRecord{identity: r.identity}
		for _, f := range r.files {
			if k, ok := files[f.path]; ok && unopenedIn(k) && k.stamp == f.stamp {
				still.files = append(still.files, f)
			}
		}
		if len(still.files) > 0 {
			kept = append(kept, still)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	var e encoder
	e.uint(uint64(len(kept)))
	for _, r := range kept {
		encodeUnopenedRecord(&e, r)
	}
	return e.b
}

// readUnopened reads the records of the unopened sections of the snapshot in f, if it has them:
// its writer's, then the others it kept, in order.
func readUnopened(f *os.File, h *snapshotHeader) ([]unopenedRecord, error) {
	var out []unopenedRecord
	if _, ok := h.sections[secUnopened]; ok {
		raw, err := sectionBytes(f, h, secUnopened)
		if err != nil {
			return nil, err
		}
		r, err := decodeUnopened(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: files not opened: %w", errSnapshot, f.Name(), err)
		}
		out = append(out, r)
	}
	if _, ok := h.sections[secOtherUnopened]; ok {
		raw, err := sectionBytes(f, h, secOtherUnopened)
		if err != nil {
			return nil, err
		}
		others, err := decodeOtherUnopened(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: files not opened by others: %w", errSnapshot, f.Name(), err)
		}
		out = append(out, others...)
	}
	return out, nil
}

// decodeOtherUnopened reads what [encodeOtherUnopened] wrote.
func decodeOtherUnopened(b []byte) ([]unopenedRecord, error) {
	d := decoder{b: b}
	var out []unopenedRecord
	for range d.count(d.left() + 1) {
		r := decodeUnopenedRecord(&d)
		if d.err != nil {
			break
		}
		out = append(out, r)
	}
	if d.err == nil && d.left() != 0 {
		d.fail("bytes after the last record")
	}
	return out, d.err
}

// splitUnopened returns, of records, the one of identity (none when identity is "") and the others.
func splitUnopened(records []unopenedRecord, identity string) (own *unopenedRecord, others []unopenedRecord) {
	for i, r := range records {
		if r.identity == identity && identity != "" && own == nil {
			own = &records[i]
		} else {
			others = append(others, r)
		}
	}
	return own, others
}

// readUnread reads the unread section of the snapshot in f, if it has one, into t, k being its
// conversions section: nothing when those are of another [conversionVersion] (the warnings may
// now be others); and this process's record of the files it could not open, from either unopened
// section, if one has it (see [encodeOtherUnopened]).
func readUnread(f *os.File, h *snapshotHeader, k kept, t fileTable) error {
	if _, ok := h.sections[secUnread]; ok && k.version == conversionVersion {
		raw, err := sectionBytes(f, h, secUnread)
		if err != nil {
			return err
		}
		if err := decodeUnread(raw, k.failures, t); err != nil {
			return fmt.Errorf("%w: %s: files not read: %w", errSnapshot, f.Name(), err)
		}
	}
	records, err := readUnopened(f, h)
	if err != nil {
		return err
	}
	if own, _ := splitUnopened(records, processIdentity()); own != nil {
		if err := own.addTo(t); err != nil {
			return fmt.Errorf("%w: %s: files not opened: %w", errSnapshot, f.Name(), err)
		}
	}
	return nil
}

// readStamps reads the stamps, unread and unopened sections of the snapshot in f, if it has them (format
// 6), into s.files, for s.docs as read from it, k being its conversions section.
func (s *snapshot) readStamps(f *os.File, h *snapshotHeader, k kept) error {
	if _, ok := h.sections[secStamps]; !ok {
		return nil
	}
	raw, err := sectionBytes(f, h, secStamps)
	if err != nil {
		return err
	}
	if s.files, err = decodeStamps(raw, s.docs, s.docHash); err != nil {
		return fmt.Errorf("%w: %s: stamps: %w", errSnapshot, f.Name(), err)
	}
	return readUnread(f, h, k, s.files)
}

// readKnown reads what a corpus load takes from the snapshot at path instead of reading or
// converting files: the conversions and failures it keeps and, when stamps is set, its files'
// stamps with the documents they were read as, or why they were not (nil when it has none: of
// format 5 or older, of another [derivationVersion], or written where no stamp could be kept).
func readKnown(path string, stamps bool) (kept, fileTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return kept{}, nil, err
	}
	defer f.Close()
	h, err := readSnapshotHeader(f)
	if err != nil {
		return kept{}, nil, err
	}
	k, err := readKept(f, h)
	if err != nil {
		return kept{}, nil, err
	}
	if _, ok := h.sections[secStamps]; !stamps || !ok || h.derivation != derivationVersion {
		return k, nil, nil
	}
	raw, err := sectionBytes(f, h, secStamps)
	if err != nil {
		return k, nil, err
	}
	files := fileTable{}
	if n, _ := binary.Uvarint(raw); n > 0 { // with no stamp, the documents are not worth decoding
		s := &snapshot{format: h.format}
		if err := s.readDocs(f, h, k); err != nil {
			return k, nil, err
		}
		if err := s.readPages(f, h); err != nil {
			return k, nil, err
		}
		if files, err = decodeStamps(raw, s.docs, s.docHash); err != nil {
			return k, nil, fmt.Errorf("%w: %s: stamps: %w", errSnapshot, path, err)
		}
	}
	if err := readUnread(f, h, k, files); err != nil {
		return k, nil, err
	}
	if len(files) == 0 {
		return k, nil, nil
	}
	return k, files, nil
}

package retrieval

import (
	"io/fs"
	"time"
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
//     not remembered: the next scan reads it again, and remembers it once it has settled.
//
// What is remembered is kept in memory with the version it describes ([Index]), never in the
// snapshot: a start reads every file, as before.

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

// knownFile is a document as read from a file with a stamp, for a later scan to take as it is.
type knownFile struct {
	stamp fileStamp
	doc   *Document
	// hash is the document's [contentHash], set once computed (hashed).
	hash   [32]byte
	hashed bool
	// entry is the corpus catalog's entry the document's title, URL and language came from
	// (described false: none).
	entry     corpusEntry
	described bool
}

// fileTable remembers, by path in the corpus folder, the documents one scan read whose stamps had
// settled. A table is never modified once its version is built: the next scan makes its own.
type fileTable map[string]knownFile

// scan is what one corpus load remembers and reuses: the table of the version it starts from
// (prev, nil for none) and the one it makes (next), from the time it started.
type scan struct {
	start time.Time
	prev  fileTable
	next  fileTable
	// read counts the documents read from their files (not taken from prev).
	read int
}

func newScan(start time.Time, prev fileTable) *scan {
	return &scan{start: start, prev: prev, next: make(fileTable, len(prev))}
}

// reuse returns the document prev read from p, reached through target, when its stamp is the same
// now (info): described as the catalog describes it now, a copy when that changed its title.
func (sc *scan) reuse(p, target string, info fs.FileInfo, catalog *corpusCatalog) (*Document, bool) {
	k, ok := sc.prev[p]
	if !ok || k.stamp != stampOf(target, info) {
		return nil, false
	}
	entry, described := catalog.entry(p)
	if described != k.described || entry != k.entry {
		d := *k.doc
		describe(&d, entry, described)
		k.doc, k.entry, k.described = &d, entry, described
	}
	sc.next[p] = k
	return k.doc, true
}

// remember notes doc, read from a file with stamp st, unless the stamp is too recent to trust.
func (sc *scan) remember(p string, st fileStamp, doc *Document, catalog *corpusCatalog) {
	sc.read++
	if !st.settled(sc.start) {
		return
	}
	entry, described := catalog.entry(p)
	sc.next[p] = knownFile{stamp: st, doc: doc, entry: entry, described: described}
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

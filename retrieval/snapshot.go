package retrieval

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/text"
)

// The snapshot is one version of the index, derived from the corpus and the embeddings store, in
// one file that a command loads at start instead of rebuilding: the documents with their
// paragraphs, the passages with their positions, the vectors as one little-endian float32 matrix
// (rows in key order, dense or sparse as [packVectors] laid them out), and the keyword index. It is
// keyed by the corpus's content and the embedding model: a command whose corpus hashes to the
// snapshot's key loads it and is done.
//
// Layout: an 8-byte magic, a format version (uint32), the header's length (uint32), the header
// (varints: derivation version, model, corpus key, creation time, counts, and a table of sections
// with offset, length and CRC-32C), the header's CRC-32C, then the sections at 8-byte aligned
// offsets. Every section is checked against its CRC when read; any mismatch, a short file or
// another version makes the snapshot unusable, and it is rebuilt.
//
// Format 2 added the sparse layout of the vectors (three sections, present only in that layout);
// a format 1 snapshot is read as the previous version of the index, which the next update
// rewrites in format 2 without deriving or embedding anything again.
//
// Format 3 added the conversions of the corpus's web pages, Word documents and PDFs (one section,
// always present; see [conversion]), which a command reads before the corpus so as to convert only
// files whose bytes changed. A format 2 snapshot is read as the previous version of the index, and
// the next command rewrites it in format 3 (nothing derived or embedded again), so that the
// commands after it find the conversions.
//
// Format 4 added the pages of the paragraphs of PDFs (one section, always present, see
// [encodePages]), and the page starts of a PDF's conversion. A format 3 snapshot is read as the
// previous version of the index, as a format 2 one is.
//
// Format 5 keeps the text of a converted document once: in its conversion, which the document
// refers to (the documents section gives the conversion's number, and the texts section leaves
// that text out), where format 4 kept it in both (about 2.5 KB more per three-page PDF). It also
// keeps the failures of the files that could not be read (see [failure]), after the conversions,
// and the header ends with their key ([failuresKey]). A format 4 snapshot is read as the previous
// version of the index, its conversions taken, and the next command rewrites it in format 5
// (nothing converted, derived or embedded again).
//
// Format 6 adds the stamps of the files the documents were read from (one section, always
// present, see [encodeStamps]), so that a start reads only the files whose stamps changed since,
// as a reload does (see [racyWindow]), where it read every file: about 190 ms at 40,000 chunks.
// A snapshot of format 1 to 5 is read as the previous version of the index, as before; the start
// that reads it reads every file, and the next command rewrites it in format 6 (nothing converted,
// derived or embedded again) with the stamps of those that have settled.
//
// Since session 13 a format 6 snapshot also keeps the stamps of the files that make no document
// (one section, present when there are such files: see [encodeUnread]): a file that cannot be read
// is then not read again either while its stamp is unchanged, its warnings given again. The
// section is optional rather than a format of its own: a reader ignores the sections it does not
// know, so session 12's citebot reads these snapshots as before, and a format 6 snapshot without
// it is read as keeping no such stamp: the start that reads it reads those files, and writes it
// again with their stamps (see [opener.restamped]), nothing derived or embedded.
//
// Since session 14 a format 6 snapshot also keeps the stamps of the files whose permissions
// refused to open them, with who tried (one section, present when there are such files: see
// [encodeUnopened]), optional as the one before: session 13's citebot passes over it and tries
// those files at every start as it did, and a snapshot without it is read as keeping none.
//
// Since session 15 it also keeps what processes of other identities found of such files (one
// section, present when there are any: see [encodeOtherUnopened]), optional as the ones before:
// session 14's citebot passes over it, and so tries those files again at the start after another
// identity's, as it did.
const (
	snapshotFile    = "index.snapshot"
	snapshotMagic   = "CITEBOTI"
	snapshotFormat  = 6
	maxHeaderLength = 1 << 20
)

// oldestReadableFormat is the oldest snapshot format still read (as the previous version only).
const oldestReadableFormat = 1

// derivationVersion names how passages, terms and keys are derived from text: chunking,
// tokenisation, stemming, language detection, platform expansion; and how a document's paragraphs
// and title are found in its text, since a start takes the documents of unchanged files from the
// snapshot (see [racyWindow]) rather than read them again. Bump it whenever any of them changes,
// so that snapshots written before are rebuilt (from the embeddings store, without embedding
// anything whose text is unchanged). TestDerivationPinned fails until it is bumped (for a change
// to titles, only when it changes a title of the seeds).
const derivationVersion = 94

// Section identifiers.
const (
	secLexicon = iota + 1
	secDocs
	secTexts
	secPassages
	secKeys
	secVectors
	secKeyword
	secAnalysis
	secPlatforms
	// The sparse layout of the vectors (format 2): row lane starts (uint32), columns (uint16) and
	// values (float32); see [flatVectors].
	secSparseStarts
	secSparseCols
	secSparseVals
	// The conversions of web pages, Word documents and PDFs (format 3), and the failures of those
	// that could not be read (format 5).
	secConversions
	// The pages of the paragraphs of PDFs (format 4).
	secPages
	// The stamps of the files the documents were read from (format 6).
	secStamps
	// The stamps of the files that make no document, and why (format 6, since session 13).
	secUnread
	// The stamps of the files that could not be opened, and who tried (format 6, since session 14).
	secUnopened
	// The same, as other identities than the writer's found them (format 6, since session 15).
	secOtherUnopened
	// The names the documents define for one another (format 6, since session 21; a snapshot
	// without it has them found at the first search).
	secNames
	// The words the documents write as two joined by a hyphen (format 6, since session 31; a
	// snapshot without it has them found at the first query that needs them).
	secPairs
)

// baseSections are the sections every format has.
var baseSections = []uint64{secLexicon, secDocs, secTexts, secPassages, secKeys, secVectors, secKeyword, secAnalysis, secPlatforms}

// sparseSections are the sections of the sparse layout, all present or none.
var sparseSections = []uint64{secSparseStarts, secSparseCols, secSparseVals}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// snapshot is one index version in memory: what [writeSnapshot] saves and [readSnapshot] loads.
type snapshot struct {
	format     uint32 // [snapshotFormat] unless read from an older file
	derivation uint32
	model      string
	key        [32]byte // corpusKey of what it was built from
	created    time.Time
	lexicon    []byte // the platform catalog and the glossary, as JSON
	docs       []*Document
	docHash    [][32]byte
	// analysis returns the analysis of every document. A loaded snapshot decodes it on first use:
	// search never needs it, and it is a fifth of the memory (40 MB at 40,000 chunks).
	analysis  func() ([]text.Doc, error)
	platforms [][]string // per passage: the platforms it names
	// names are the names the documents define for one another (see [text.DefinedNames]), found
	// when the snapshot was built; nil when it was read from a file written without them.
	names *text.DefinedNames
	// pairs are the words the passages write as two joined by a hyphen (see [text.HyphenPairs]),
	// found when the snapshot was built; nil when it was read from a file written without them.
	pairs      *text.HyphenPairs
	passages   []Passage // in file and byte order
	passageRow []int32   // passages[i]'s vector is vectors row passageRow[i]
	vectors    *flatVectors
	keyword    *keywordIndex
	// failures are those of the corpus's files not read (format 5), and failKey their
	// [failuresKey].
	failures []*failure
	failKey  [32]byte
	// files are the stamps of the files docs were read from (format 6), by the scan that read them:
	// those it remembered (see [scan.remember]).
	files fileTable
	// others are the records of the files that processes of other identities than this one could
	// not open, as the snapshot this one replaces kept them, for [encodeOtherUnopened] to keep
	// those still true.
	others []unopenedRecord
	// legacy marks a snapshot read from the data folder's index from before one index per corpus
	// (see [IndexDir]), not the corpus's own folder.
	legacy bool
}

type section struct {
	id     uint64
	offset uint64
	length uint64
	crc    uint32
}

// writeSnapshot saves s to path atomically.
func writeSnapshot(path string, s *snapshot) error {
	analysis, err := s.analysis()
	if err != nil {
		return err
	}
	format := cmp.Or(s.format, snapshotFormat) // an older format only when a test writes one
	convs := snapshotConversions(s.docs)
	var inConv map[*Document]int // from format 5: the number of the conversion whose text is a document's
	if format >= 5 {
		inConv = textsInConversions(s.docs, convs)
	}
	parts := map[uint64][]byte{
		secLexicon:   s.lexicon,
		secDocs:      encodeDocs(s, inConv, format),
		secTexts:     joinTexts(s.docs, inConv),
		secPassages:  encodePassages(s),
		secKeys:      keyBytes(s.vectors.keys),
		secVectors:   leBytes(s.vectors.data),
		secKeyword:   encodeKeyword(s.keyword),
		secAnalysis:  encodeAnalysis(analysis),
		secPlatforms: encodeStringLists(s.platforms),
	}
	order := slices.Clone(baseSections)
	if format >= 3 {
		parts[secConversions] = encodeConversions(convs, s.failures, format)
		order = append(order, secConversions)
	}
	if format >= 4 {
		parts[secPages] = encodePages(s.docs)
		order = append(order, secPages)
	}
	if format >= 6 {
		parts[secStamps] = encodeStamps(s.docs, s.files)
		order = append(order, secStamps)
		if unread := encodeUnread(s.files, s.failures); unread != nil { // none: as session 12 wrote it
			parts[secUnread] = unread
			order = append(order, secUnread)
		}
		me := processIdentity()
		if unopened := encodeUnopened(s.files, me); unopened != nil { // none: as session 13 wrote it
			parts[secUnopened] = unopened
			order = append(order, secUnopened)
		}
		if others := encodeOtherUnopened(s.others, s.files, me); others != nil { // none: as session 14 wrote it
			parts[secOtherUnopened] = others
			order = append(order, secOtherUnopened)
		}
		for _, o := range []struct {
			id uint64
			v  json.Marshaler
			ok bool
		}{{secNames, s.names, s.names != nil}, {secPairs, s.pairs, s.pairs != nil}} {
			if !o.ok {
				continue // a snapshot without it has it found when it is needed
			}
			b, err := o.v.MarshalJSON()
			if err != nil {
				return err
			}
			parts[o.id] = b
			order = append(order, o.id)
		}
	}
	if s.vectors.sparse() {
		parts[secSparseStarts] = leBytes(s.vectors.start)
		parts[secSparseCols] = leBytes(s.vectors.cols)
		parts[secSparseVals] = leBytes(s.vectors.vals)
		order = append(order, sparseSections...)
	}
	var table []section
	for _, id := range order {
		table = append(table, section{id: id, length: uint64(len(parts[id])), crc: crc32.Checksum(parts[id], castagnoli)})
	}
	// The header's size depends on the offsets, which depend on its size: fix the point.
	var header []byte
	for range 4 {
		header = encodeHeader(s, table, format)
		off := align8(uint64(16 + len(header) + 4))
		for i := range table {
			table[i].offset = off
			off = align8(off + table[i].length)
		}
	}
	header = encodeHeader(s, table, format)
	return writeFileAtomic(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		var pre [16]byte
		copy(pre[:8], snapshotMagic)
		binary.LittleEndian.PutUint32(pre[8:], format)
		binary.LittleEndian.PutUint32(pre[12:], uint32(len(header)))
		bw.Write(pre[:])
		bw.Write(header)
		bw.Write(binary.LittleEndian.AppendUint32(nil, crc32.Checksum(header, castagnoli)))
		pos := uint64(16 + len(header) + 4)
		for _, sec := range table {
			bw.Write(make([]byte, sec.offset-pos))
			bw.Write(parts[sec.id])
			pos = sec.offset + sec.length
		}
		return bw.Flush()
	})
}

func align8(n uint64) uint64 { return (n + 7) &^ 7 }

func encodeHeader(s *snapshot, table []section, format uint32) []byte {
	var e encoder
	e.uint(uint64(s.derivation))
	e.str(s.model)
	e.raw(s.key[:])
	e.uint(uint64(s.created.UnixNano()))
	e.uint(uint64(len(s.docs)))
	e.uint(uint64(len(s.passages)))
	e.uint(uint64(len(s.vectors.keys)))
	e.uint(uint64(s.vectors.dim))
	e.uint(uint64(len(table)))
	for _, t := range table {
		e.uint(t.id)
		e.uint(t.offset)
		e.uint(t.length)
		e.uint(uint64(t.crc))
	}
	if format >= 5 {
		e.raw(s.failKey[:])
	}
	return e.b
}

// snapshotHeader is what the header says, enough to decide whether a snapshot is current without
// reading the rest.
type snapshotHeader struct {
	format     uint32
	derivation uint32
	model      string
	key        [32]byte
	created    time.Time
	docs       int
	passages   int
	vectors    int
	dim        int
	sections   map[uint64]section
	failKey    [32]byte // zero before format 5
}

// errSnapshot marks a snapshot that is missing, of another format or damaged: it is rebuilt.
var errSnapshot = errors.New("snapshot unusable")

// readSnapshotHeader reads and validates the header of the snapshot in f.
func readSnapshotHeader(f *os.File) (*snapshotHeader, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var pre [16]byte
	if _, err := io.ReadFull(f, pre[:]); err != nil {
		return nil, fmt.Errorf("%w: %s: short header", errSnapshot, f.Name())
	}
	if string(pre[:8]) != snapshotMagic {
		return nil, fmt.Errorf("%w: %s is not a citebot index snapshot", errSnapshot, f.Name())
	}
	format := binary.LittleEndian.Uint32(pre[8:])
	if format < oldestReadableFormat || format > snapshotFormat {
		return nil, fmt.Errorf("%w: %s has format %d, this citebot reads %d to %d", errSnapshot, f.Name(), format, oldestReadableFormat, snapshotFormat)
	}
	n := binary.LittleEndian.Uint32(pre[12:])
	if n > maxHeaderLength || int64(n)+20 > fi.Size() {
		return nil, fmt.Errorf("%w: %s: bad header length", errSnapshot, f.Name())
	}
	buf := make([]byte, n+4)
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, fmt.Errorf("%w: %s: short header", errSnapshot, f.Name())
	}
	if crc32.Checksum(buf[:n], castagnoli) != binary.LittleEndian.Uint32(buf[n:]) {
		return nil, fmt.Errorf("%w: %s: header checksum mismatch", errSnapshot, f.Name())
	}
	h, err := decodeHeader(buf[:n], format)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errSnapshot, f.Name(), err)
	}
	h.format = format
	if _, ok := h.sections[secConversions]; !ok && format >= 3 {
		return nil, fmt.Errorf("%w: %s: conversions section missing", errSnapshot, f.Name())
	}
	if _, ok := h.sections[secPages]; !ok && format >= 4 {
		return nil, fmt.Errorf("%w: %s: pages section missing", errSnapshot, f.Name())
	}
	if _, ok := h.sections[secStamps]; !ok && format >= 6 {
		return nil, fmt.Errorf("%w: %s: stamps section missing", errSnapshot, f.Name())
	}
	for _, s := range h.sections {
		if s.offset+s.length < s.offset || s.offset+s.length > uint64(fi.Size()) {
			return nil, fmt.Errorf("%w: %s is cut short", errSnapshot, f.Name())
		}
	}
	return h, nil
}

func decodeHeader(b []byte, format uint32) (*snapshotHeader, error) {
	d := decoder{b: b}
	h := &snapshotHeader{sections: map[uint64]section{}}
	h.derivation = uint32(d.uint())
	h.model = d.str()
	copy(h.key[:], d.raw(32))
	h.created = time.Unix(0, int64(d.uint()))
	h.docs = d.count(1 << 31)
	h.passages = d.count(1 << 31)
	h.vectors = d.count(1 << 31)
	h.dim = d.count(1 << 20)
	for range d.count(64) {
		s := section{id: d.uint(), offset: d.uint(), length: d.uint(), crc: uint32(d.uint())}
		h.sections[s.id] = s
	}
	if format >= 5 {
		copy(h.failKey[:], d.raw(32))
	}
	if d.err != nil {
		return nil, d.err
	}
	for _, id := range baseSections {
		if _, ok := h.sections[id]; !ok {
			return nil, fmt.Errorf("section %d missing", id)
		}
	}
	if h.sections[secKeys].length != uint64(h.vectors)*16 {
		return nil, errors.New("vector sections do not match the header")
	}
	if !h.sparse() {
		if h.sections[secVectors].length != uint64(h.vectors)*uint64(h.dim)*4 {
			return nil, errors.New("vector sections do not match the header")
		}
		return h, nil
	}
	starts, cols, vals := h.sections[secSparseStarts], h.sections[secSparseCols], h.sections[secSparseVals]
	if h.sections[secVectors].length != 0 || h.dim > 1<<16 || starts.length != (lanes*uint64(h.vectors)+1)*4 || vals.length != cols.length*2 {
		return nil, errors.New("sparse vector sections do not match the header")
	}
	return h, nil
}

// sparse reports whether the vectors have the sparse layout: any of its sections is there (a
// table that names only some of them does not match the header).
func (h *snapshotHeader) sparse() bool {
	for _, id := range sparseSections {
		if _, ok := h.sections[id]; ok {
			return true
		}
	}
	return false
}

// readSection reads one section into dst (which must have its length) and checks its CRC.
func readSection(f *os.File, h *snapshotHeader, id uint64, dst []byte) error {
	s := h.sections[id]
	if uint64(len(dst)) != s.length {
		return fmt.Errorf("%w: %s: section %d has %d bytes, want %d", errSnapshot, f.Name(), id, s.length, len(dst))
	}
	if _, err := f.ReadAt(dst, int64(s.offset)); err != nil {
		return fmt.Errorf("%w: %s: section %d: %w", errSnapshot, f.Name(), id, err)
	}
	if crc32.Checksum(dst, castagnoli) != s.crc {
		return fmt.Errorf("%w: %s: section %d checksum mismatch", errSnapshot, f.Name(), id)
	}
	return nil
}

// optionalSection decodes the JSON of section id, one a snapshot may be written without, into v,
// and reports whether the snapshot has it.
func optionalSection(f *os.File, h *snapshotHeader, id uint64, path string, v json.Unmarshaler) (bool, error) {
	if _, ok := h.sections[id]; !ok {
		return false, nil
	}
	raw, err := sectionBytes(f, h, id)
	if err != nil {
		return false, err
	}
	if err := v.UnmarshalJSON(raw); err != nil {
		return false, fmt.Errorf("%w: %s: %w", errSnapshot, path, err)
	}
	return true, nil
}

func sectionBytes(f *os.File, h *snapshotHeader, id uint64) ([]byte, error) {
	b := make([]byte, h.sections[id].length)
	return b, readSection(f, h, id, b)
}

// readSnapshot loads the snapshot at path. The vectors are read straight into their matrix (one
// read); strings share one allocation per section. When the snapshot is of exactly the corpus
// current holds (same key), the documents already read are used instead of the stored copy, with
// the stamps of the files they were read from.
func readSnapshot(path string, current *inputs) (*snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errSnapshot, err)
	}
	defer f.Close()
	h, err := readSnapshotHeader(f)
	if err != nil {
		return nil, err
	}
	s := &snapshot{format: h.format, derivation: h.derivation, model: h.model, key: h.key, created: h.created, failKey: h.failKey}
	if s.lexicon, err = sectionBytes(f, h, secLexicon); err != nil {
		return nil, err
	}
	if current != nil && current.key == h.key && len(current.docs) == h.docs {
		s.docs, s.docHash, s.files = current.docs, current.hashes, current.files
		if h.failKey == current.failKey {
			s.failures = current.failures
		}
	} else if err := s.readDocuments(f, h); err != nil {
		return nil, err
	}
	records, err := readUnopened(f, h)
	if err != nil {
		return nil, err
	}
	_, s.others = splitUnopened(records, processIdentity())
	if err := s.readPassages(f, h); err != nil {
		return nil, err
	}
	if err := s.readVectors(f, h); err != nil {
		return nil, err
	}
	kw, err := sectionBytes(f, h, secKeyword)
	if err != nil {
		return nil, err
	}
	if s.keyword, err = decodeKeyword(kw, len(s.passages)); err != nil {
		return nil, fmt.Errorf("%w: %s: keyword index: %w", errSnapshot, path, err)
	}
	an, err := sectionBytes(f, h, secAnalysis)
	if err != nil {
		return nil, err
	}
	docs := s.docs
	s.analysis = sync.OnceValues(func() ([]text.Doc, error) {
		a, err := decodeAnalysis(an, len(docs))
		if err == nil {
			err = checkAnalysis(docs, a)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", errSnapshot, path, err)
		}
		return a, nil
	})
	pl, err := sectionBytes(f, h, secPlatforms)
	if err != nil {
		return nil, err
	}
	if s.platforms, err = decodeStringLists(pl, len(s.passages)); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errSnapshot, path, err)
	}
	names, pairs := new(text.DefinedNames), new(text.HyphenPairs)
	if ok, err := optionalSection(f, h, secNames, path, names); err != nil {
		return nil, err
	} else if ok {
		s.names = names
	}
	if ok, err := optionalSection(f, h, secPairs, path, pairs); err != nil {
		return nil, err
	} else if ok {
		s.pairs = pairs
	}
	return s, nil
}

// checkAnalysis makes sure every analysed sentence lies in its document, so that a damaged
// snapshot can never make the answer engine slice out of range.
func checkAnalysis(docs []*Document, an []text.Doc) error {
	for i, d := range an {
		if d.File != docs[i].File {
			return fmt.Errorf("analysis of %s stored for %s", d.File, docs[i].File)
		}
		for _, s := range d.Sentences {
			if s.Start > s.End || s.End > len(docs[i].Text) || s.Heading >= len(d.Sentences) || s.Paragraph > len(docs[i].Paragraphs) {
				return fmt.Errorf("analysis of %s: sentence outside the document", d.File)
			}
		}
	}
	return nil
}

// textsInConversions numbers, from 1 in the order of convs, the conversion whose text each
// converted document of docs is (always, as [conversion.document] makes it): the snapshot keeps
// that text once, in the conversion.
func textsInConversions(docs []*Document, convs []*conversion) map[*Document]int {
	number := make(map[convKey]int, len(convs))
	for i, c := range convs {
		number[c.key] = i + 1
	}
	in := map[*Document]int{}
	for _, d := range docs {
		if c := d.conversion; c != nil && d.Text == c.Text {
			in[d] = number[c.key]
		}
	}
	return in
}

// The documents section: the number of documents, then each: its file, hash, title, text's length,
// from format 5 on the number of the conversion its text is (see [textsInConversions]) or 0 when it
// is in the texts section, then its paragraphs (lines and bytes, each a start and a length).
func encodeDocs(s *snapshot, inConv map[*Document]int, format uint32) []byte {
	var e encoder
	e.uint(uint64(len(s.docs)))
	for i, d := range s.docs {
		e.str(d.File)
		e.raw(s.docHash[i][:])
		e.str(d.Title)
		e.uint(uint64(len(d.Text)))
		if format >= 5 {
			e.uint(uint64(inConv[d]))
		}
		e.uint(uint64(len(d.Paragraphs)))
		for _, p := range d.Paragraphs {
			e.uint(uint64(p.StartLine))
			e.uint(uint64(p.EndLine - p.StartLine))
			e.uint(uint64(p.StartByte))
			e.uint(uint64(p.EndByte - p.StartByte))
		}
	}
	return e.b
}

// joinTexts is the texts section: the texts of docs, but those kept in conversions (inConv).
func joinTexts(docs []*Document, inConv map[*Document]int) []byte {
	n := 0
	for _, d := range docs {
		if inConv[d] == 0 {
			n += len(d.Text)
		}
	}
	b := make([]byte, 0, n)
	for _, d := range docs {
		if inConv[d] == 0 {
			b = append(b, d.Text...)
		}
	}
	return b
}

// readDocuments reads the documents of the snapshot in f: their texts and paragraphs, pages, and
// the stamps of the files they were read from.
func (s *snapshot) readDocuments(f *os.File, h *snapshotHeader) error {
	k, err := readKept(f, h)
	if err != nil {
		return err
	}
	if err := s.readDocs(f, h, k); err != nil {
		return err
	}
	if err := s.readPages(f, h); err != nil {
		return err
	}
	return s.readStamps(f, h, k)
}

// readDocs reads the documents section and their texts, k being the snapshot's conversions
// section.
func (s *snapshot) readDocs(f *os.File, h *snapshotHeader, k kept) error {
	raw, err := sectionBytes(f, h, secDocs)
	if err != nil {
		return err
	}
	textBytes, err := sectionBytes(f, h, secTexts)
	if err != nil {
		return err
	}
	texts := unsafe.String(unsafe.SliceData(textBytes), len(textBytes)) // textBytes is never written again
	// From format 5 on, a converted document's text is its conversion's.
	if h.format < 5 {
		k = kept{}
	} else if k.version == conversionVersion {
		s.failures = k.failures
	}
	d := decoder{b: raw}
	n := d.count(min(h.docs, len(raw)) + 1)
	s.docs = make([]*Document, 0, n)
	s.docHash = make([][32]byte, n)
	off := 0
	for i := range n {
		doc := &Document{File: d.str()}
		copy(s.docHash[i][:], d.raw(32))
		doc.Title = d.str()
		size := d.int()
		var conv *conversion
		if h.format >= 5 {
			if c := d.count(len(k.conversions) + 1); c > 0 {
				if conv = k.conversions[c-1]; len(conv.Text) != size {
					d.fail("document's text is not its conversion's")
				}
			}
		}
		if conv == nil && size > len(texts)-off {
			d.fail("document texts do not add up")
		}
		if d.err != nil {
			break
		}
		if conv != nil {
			doc.Text = conv.Text
			if k.version == conversionVersion {
				doc.conversion = conv // of another version, it is not kept again
			}
		} else {
			doc.Text = texts[off : off+size]
			off += size
		}
		paras := d.count(min(len(doc.Text), d.left()) + 1)
		if paras > 0 { // none is nil, as a document read from its file has them
			doc.Paragraphs = make([]Paragraph, 0, paras)
		}
		for j := range paras {
			p := Paragraph{N: j + 1, StartLine: d.int()}
			p.EndLine = p.StartLine + d.int()
			p.StartByte = d.int()
			p.EndByte = p.StartByte + d.int()
			if p.EndByte > len(doc.Text) || p.StartByte > p.EndByte {
				d.fail("paragraph outside its document")
			}
			doc.Paragraphs = append(doc.Paragraphs, p)
		}
		s.docs = append(s.docs, doc)
	}
	if d.err == nil && off != len(texts) {
		d.fail("document texts do not add up")
	}
	if d.err != nil {
		return fmt.Errorf("%w: %s: documents: %w", errSnapshot, f.Name(), d.err)
	}
	return nil
}

// encodePages writes the pages section: for each document, 1 if its paragraphs have pages (a PDF)
// and then, for each paragraph, its page and how many pages further it ends; 0 for any other
// document.
func encodePages(docs []*Document) []byte {
	var e encoder
	for _, d := range docs {
		if len(d.Paragraphs) == 0 || d.Paragraphs[0].Page == 0 {
			e.uint(0)
			continue
		}
		e.uint(1)
		for _, p := range d.Paragraphs {
			e.uint(uint64(p.Page))
			e.uint(uint64(max(p.EndPage-p.Page, 0)))
		}
	}
	return e.b
}

// readPages sets the pages of the documents' paragraphs from the pages section, when the snapshot
// has one (format 4).
func (s *snapshot) readPages(f *os.File, h *snapshotHeader) error {
	if _, ok := h.sections[secPages]; !ok {
		return nil
	}
	raw, err := sectionBytes(f, h, secPages)
	if err != nil {
		return err
	}
	d := decoder{b: raw}
	for _, doc := range s.docs {
		if d.count(2) == 0 {
			continue
		}
		for i := range doc.Paragraphs {
			p := &doc.Paragraphs[i]
			p.Page = d.count(convert.MaxPDFPages + 1)
			if more := d.count(convert.MaxPDFPages); more > 0 {
				p.EndPage = p.Page + more
			}
		}
		if d.err != nil {
			break
		}
	}
	if d.err == nil && d.left() != 0 {
		d.fail("bytes after the last document's pages")
	}
	if d.err != nil {
		return fmt.Errorf("%w: %s: pages: %w", errSnapshot, f.Name(), d.err)
	}
	return nil
}

func encodePassages(s *snapshot) []byte {
	var e encoder
	// Headings repeat from passage to passage; they are stored once.
	headings := map[string]int{"": 0}
	list := []string{""}
	for _, p := range s.passages {
		if _, ok := headings[p.Heading]; !ok {
			headings[p.Heading] = len(list)
			list = append(list, p.Heading)
		}
	}
	e.uint(uint64(len(list)))
	for _, h := range list {
		e.str(h)
	}
	docOf := make(map[string]int, len(s.docs))
	for i, d := range s.docs {
		docOf[d.File] = i
	}
	e.uint(uint64(len(s.passages)))
	for i, p := range s.passages {
		e.uint(uint64(docOf[p.File]))
		e.uint(uint64(p.Paragraph))
		e.uint(uint64(p.StartLine))
		e.uint(uint64(p.EndLine - p.StartLine))
		e.uint(uint64(p.StartByte))
		e.uint(uint64(p.EndByte - p.StartByte))
		e.uint(uint64(headings[p.Heading]))
		e.uint(uint64(s.passageRow[i]))
		e.str(p.ID[strings.LastIndexByte(p.ID, ':')+1:]) // the text's hash, not computed again at load
	}
	return e.b
}

func (s *snapshot) readPassages(f *os.File, h *snapshotHeader) error {
	raw, err := sectionBytes(f, h, secPassages)
	if err != nil {
		return err
	}
	d := decoder{b: raw}
	headings := make([]string, d.count(min(h.passages, len(raw))+1))
	for i := range headings {
		headings[i] = d.str()
	}
	n := d.count(min(h.passages, d.left()) + 1)
	s.passages = make([]Passage, 0, n)
	s.passageRow = make([]int32, 0, n)
	for range n {
		di := d.count(len(s.docs))
		if d.err != nil {
			break
		}
		doc := s.docs[di]
		p := Passage{File: doc.File, Title: doc.Title, Paragraph: d.int(), StartLine: d.int()}
		p.EndLine = p.StartLine + d.int()
		p.StartByte = d.int()
		p.EndByte = p.StartByte + d.int()
		hi := d.count(len(headings))
		row := d.count(h.vectors)
		if d.err != nil || p.EndByte > len(doc.Text) || p.StartByte > p.EndByte {
			d.fail("passage outside its document")
			break
		}
		p.Heading = headings[hi]
		p.Text = doc.Text[p.StartByte:p.EndByte]
		p.PageSpan = doc.pageSpan(p.Paragraph)
		p.ID = doc.File + ":" + strconv.Itoa(p.StartByte) + "-" + strconv.Itoa(p.EndByte) + ":" + d.str()
		s.passages = append(s.passages, p)
		s.passageRow = append(s.passageRow, int32(row))
	}
	if d.err != nil {
		return fmt.Errorf("%w: %s: passages: %w", errSnapshot, f.Name(), d.err)
	}
	return nil
}

func keyBytes(keys []VectorKey) []byte {
	if len(keys) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&keys[0])), len(keys)*len(VectorKey{}))
}

// leBytes views v as its little-endian bytes (on a big-endian machine, a converted copy).
func leBytes[T uint16 | uint32 | float32](v []T) []byte {
	b := nativeBytes(v)
	if nativeLittleEndian {
		return b
	}
	b = slices.Clone(b)
	swapBytes(b, int(unsafe.Sizeof(v[0])))
	return b
}

// nativeBytes views v as its bytes in memory.
func nativeBytes[T uint16 | uint32 | float32](v []T) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*int(unsafe.Sizeof(v[0])))
}

// swapBytes reverses the bytes of every size-byte word of b.
func swapBytes(b []byte, size int) {
	for w := 0; w+size <= len(b); w += size {
		slices.Reverse(b[w : w+size])
	}
}

var nativeLittleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// readNumbers reads section id, n little-endian numbers, straight into a new slice (one read).
func readNumbers[T uint16 | uint32 | float32](f *os.File, h *snapshotHeader, id uint64, n int) ([]T, error) {
	v := make([]T, n)
	if n == 0 {
		return v, readSection(f, h, id, nil)
	}
	b := nativeBytes(v)
	if err := readSection(f, h, id, b); err != nil {
		return nil, err
	}
	if !nativeLittleEndian {
		swapBytes(b, int(unsafe.Sizeof(v[0])))
	}
	return v, nil
}

// readVectors reads the keys and the matrix, each part in one read straight into its final slice.
func (s *snapshot) readVectors(f *os.File, h *snapshotHeader) error {
	keys := make([]VectorKey, h.vectors)
	if err := readSection(f, h, secKeys, keyBytes(keys)); err != nil {
		return err
	}
	for i := 1; i < len(keys); i++ {
		if compareKeys(keys[i-1], keys[i]) >= 0 {
			return fmt.Errorf("%w: %s: vector keys out of order", errSnapshot, f.Name())
		}
	}
	s.vectors = &flatVectors{dim: h.dim, keys: keys}
	if !h.sparse() {
		data, err := readNumbers[float32](f, h, secVectors, h.vectors*h.dim)
		s.vectors.data = data
		return err
	}
	v := s.vectors
	var err error
	if v.start, err = readNumbers[uint32](f, h, secSparseStarts, lanes*h.vectors+1); err != nil {
		return err
	}
	nonzero := int(h.sections[secSparseCols].length / 2)
	if v.cols, err = readNumbers[uint16](f, h, secSparseCols, nonzero); err != nil {
		return err
	}
	if v.vals, err = readNumbers[float32](f, h, secSparseVals, nonzero); err != nil {
		return err
	}
	if err := v.checkSparse(); err != nil {
		return fmt.Errorf("%w: %s: %w", errSnapshot, f.Name(), err)
	}
	return nil
}

// The keyword section is fixed-width little-endian arrays, read without decoding: the number of
// passages P, their lengths (P uint32), the number of terms T, the terms' end offsets in the term
// bytes (T uint32), the term bytes, the terms' posting starts (T+1 uint32), then the postings (passage,
// count: two uint32 each), padded to 4 bytes between parts.
func encodeKeyword(ki *keywordIndex) []byte {
	var b []byte
	u32 := func(v uint32) { b = binary.LittleEndian.AppendUint32(b, v) }
	u32(uint32(len(ki.lengths)))
	for _, n := range ki.lengths {
		u32(uint32(n))
	}
	u32(uint32(len(ki.terms)))
	end := uint32(0)
	for _, t := range ki.terms {
		end += uint32(len(t))
		u32(end)
	}
	for _, t := range ki.terms {
		b = append(b, t...)
	}
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	for _, v := range ki.start {
		u32(v)
	}
	for _, p := range ki.postings {
		u32(uint32(p.doc))
		u32(uint32(p.freq))
	}
	return b
}

func decodeKeyword(b []byte, passages int) (*keywordIndex, error) {
	r := u32reader{b: b}
	if n := r.next(); int(n) != passages {
		return nil, errors.New("lengths do not match the passages")
	}
	ki := &keywordIndex{lengths: make([]int32, passages)}
	for i := range ki.lengths {
		ki.lengths[i] = int32(r.next())
	}
	nTerms := int(r.next())
	if nTerms > len(b) {
		return nil, errors.New("term count out of range")
	}
	ends := make([]uint32, nTerms)
	for i := range ends {
		ends[i] = r.next()
	}
	if r.err != nil {
		return nil, r.err
	}
	blobLen := 0
	if nTerms > 0 {
		blobLen = int(ends[nTerms-1])
	}
	if blobLen > len(b)-r.off {
		return nil, errors.New("terms past the end")
	}
	// Terms share one string of their own (not the section, which would keep the postings' bytes
	// alive twice).
	blob := string(b[r.off : r.off+blobLen])
	r.off = (r.off + blobLen + 3) &^ 3
	ki.terms = make([]string, nTerms)
	prev := uint32(0)
	for i, e := range ends {
		if e < prev || int(e) > blobLen {
			return nil, errors.New("term offsets out of order")
		}
		ki.terms[i] = blob[prev:e]
		if i > 0 && ki.terms[i-1] >= ki.terms[i] {
			return nil, errors.New("terms out of order")
		}
		prev = e
	}
	ki.start = make([]uint32, nTerms+1)
	for i := range ki.start {
		ki.start[i] = r.next()
		if i > 0 && ki.start[i] < ki.start[i-1] {
			r.fail("posting starts out of order")
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	n := int(ki.start[nTerms])
	if n != (len(b)-r.off)/8 || ki.start[0] != 0 {
		return nil, errors.New("postings do not match their starts")
	}
	ki.postings = make([]posting, n)
	for i := range ki.postings {
		p := posting{doc: int32(r.next()), freq: int32(r.next())}
		if p.doc < 0 || int(p.doc) >= passages {
			return nil, errors.New("posting past the last passage")
		}
		ki.postings[i] = p
	}
	if r.err != nil {
		return nil, r.err
	}
	ki.computeAvgLen()
	return ki, nil
}

// u32reader reads little-endian uint32s; past the end it returns 0 and keeps the error.
type u32reader struct {
	b   []byte
	off int
	err error
}

func (r *u32reader) next() uint32 {
	if r.off+4 > len(r.b) {
		r.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v
}

func (r *u32reader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New(msg)
	}
}

// encoder appends varints and length-prefixed strings.
type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) raw(b []byte)  { e.b = append(e.b, b...) }

// decoder reads what encoder wrote; the first problem sticks in err and every later read returns
// zero values, so a damaged snapshot is an error, never a panic.
type decoder struct {
	b   []byte
	off int
	err error
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		d.fail("truncated or bad number")
		return 0
	}
	d.off += n
	return v
}

// count reads a number that must be below limit (a length or an index).
func (d *decoder) count(limit int) int {
	v := d.uint()
	if v >= uint64(max(limit, 0)) {
		d.fail("number out of range")
		return 0
	}
	return int(v)
}

// left is how many bytes remain: a bound on how many more entries there can be.
func (d *decoder) left() int { return len(d.b) - d.off }

func (d *decoder) int() int { return d.count(math.MaxInt32) }

func (d *decoder) raw(n int) []byte {
	if d.err != nil || len(d.b)-d.off < n {
		d.fail("truncated")
		return make([]byte, n)
	}
	b := d.b[d.off : d.off+n]
	d.off += n
	return b
}

func (d *decoder) str() string {
	n := d.count(len(d.b) - d.off + 1)
	return string(d.raw(n))
}

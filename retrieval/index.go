package retrieval

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/citebot/citebot/text"
)

// rrfK is the reciprocal rank fusion constant (Cormack et al.).
const rrfK = 60

// Config says what to index and where to keep the index.
type Config struct {
	// Seeds is the corpus, e.g. seeds.FS() or os.DirFS(dir).
	Seeds fs.FS
	// SeedsName names the corpus folder in errors and logs.
	SeedsName string
	// DataDir keeps the embeddings store and the index snapshot between runs; "" keeps everything
	// in memory.
	DataDir string
	// CorpusID names the corpus among those indexed in DataDir (citebot gives its folder's absolute
	// path): each corpus keeps its index in its own folder of DataDir ([IndexDir]), so that
	// switching between corpora indexes nothing again, and all share DataDir's embeddings store and
	// lock. "" keeps the one index in DataDir itself.
	CorpusID string
	// Embedder embeds passages and queries. Required: there is no silent default that calls a
	// paid API (chromem-go's nil embedding function would).
	Embedder Embedder
	// Catalog of platforms; nil loads platforms.json from Seeds, or the embedded default catalog.
	Catalog *text.Catalog
	// Glossary of Spanish and Chinese words; nil loads glossary.json from Seeds, or the embedded
	// default glossary.
	Glossary *text.Glossary
	// MaxFileBytes skips (with a warning) documents larger than this; 0 means [DefaultMaxFileBytes].
	MaxFileBytes int64
	// LockTimeout bounds the wait for another process updating the same data folder; 0 means
	// [DefaultLockTimeout].
	LockTimeout time.Duration
	Logger      *slog.Logger

	// now tells the time a corpus scan starts (see [racyWindow]); nil is [time.Now]. Tests set it.
	now func() time.Time
}

// IndexStats says what the last indexing run did.
type IndexStats struct {
	Files    int           `json:"files"`
	Chunks   int           `json:"chunks"`
	Embedded int           `json:"embedded"`
	Reused   int           `json:"reused"`
	Removed  int           `json:"removed"`
	Duration time.Duration `json:"-"`
	// Skipped counts the corpus folder's files that were not read (see [LoadCorpusSkipping]).
	Skipped Skipped `json:"skipped"`
	// Converted counts the web pages, Word documents and PDFs converted to text (or tried: one that
	// cannot be read); those whose bytes the data folder's snapshot holds the conversion of, or knows
	// cannot be read, are taken from it instead (the same warnings given), and not counted.
	Converted int `json:"converted"`
	// Read counts the documents read from their files. [Reload] reads only the files whose size or
	// times changed since the version it reloads was read, and [Open] and [Update] those that
	// changed since the data folder's snapshot was written (see [racyWindow]); the others'
	// documents are taken from that version or snapshot, not counted.
	Read int `json:"read"`
}

// Index is a searchable, immutable view of one version of the corpus. It is safe for concurrent use.
type Index struct {
	docs     []*Document
	byFile   map[string]*Document
	passages []Passage
	// ofFile is where each file's passages are in passages: [start, end).
	ofFile  map[string][2]int32
	keyword *keywordIndex
	vectors VectorIndex
	// keys are the vector keys in row order (sorted); the passages of row r are
	// rowPassages[rowStart[r]:rowStart[r+1]].
	keys        []VectorKey
	rowStart    []int32
	rowPassages []int32
	embedder    Embedder
	lex         *text.Lexicon
	analysis    func() ([]text.Doc, error) // per document, in the order of docs
	platforms   [][]string                 // per passage, the platforms it names
	// cognates finds the Spanish and English cognates of a word among the keyword index's terms
	// (built at the first search that needs it, once per corpus version).
	cognates func() *text.Cognates
	// names are the names the documents define for one another (found when the corpus version was
	// built, or at the first search for a snapshot stored without them).
	names func() *text.DefinedNames
	// pairs are the words the corpus writes as two joined by a hyphen ("Wi-Fi"), by their closed
	// form, for respelling a query that types one closed (found when the index was built, or at the
	// first query that needs them for a snapshot stored without them).
	pairs func() *text.HyphenPairs
	// structure caches, per passage, whether it only structures its document (onlyStructure):
	// 0 not yet known, 1 no, 2 yes. Search asks it of every candidate, and the answer depends on
	// the corpus version alone, so each passage's is worked out once, at the first search that
	// meets it.
	structure []atomic.Uint32
	version   string
	built     time.Time
	stats     IndexStats
	stale     bool
	logger    *slog.Logger
	// snap is the snapshot this index was made from, which [Reload] splices the next version from.
	snap *snapshot
	// files remembers the documents this version was read from, by their files' stamps, so that
	// [Reload] reads only the files that changed since: the table of the scan that read this
	// version, or of a later reload's that found the corpus unchanged (see [Index.keepFiles]).
	files *atomic.Pointer[fileTable]
}

// knownFiles is the table of the files this version was read from (see [Index.files]).
func (ix *Index) knownFiles() fileTable {
	if t := ix.files.Load(); t != nil {
		return *t
	}
	return nil
}

// keepFiles makes t, the table of a scan that found the corpus as this version has it, the one
// the next reload starts from. The rule that a scan does not remember a file stamped within
// [racyWindow] of its start means that a file written just before the scan that read this
// version is read again by the next (git's racily clean entries, compared by content). That scan
// remembers it, once settled, in its own table; when the corpus proved unchanged, the version
// served stays (no new version for the same corpus), and without its table every reload after
// would read those files again, until a change made a new version. Its table is as safe to trust
// as a new version's: it remembers only what it read with a settled stamp or took unchanged from
// this one's. Tables are not modified: the version's is replaced, atomically.
func (ix *Index) keepFiles(t fileTable) { ix.files.Store(&t) }

// Open loads the corpus and returns its index. When the data folder holds a snapshot of exactly
// this corpus and embedding model, Open loads it and is done. Otherwise it takes the data folder's
// lock and brings the index up to date: the derived data of unchanged files comes from the previous
// snapshot, vectors from the snapshot or the embeddings store, and only passages never stored are
// embedded, in batches; the vectors of changed or deleted files are removed; the new snapshot
// replaces the old one atomically. The returned index answers only from the corpus as it is now,
// except when the data folder cannot be written: then it answers from the last snapshot, says so
// in a warning, and [Index.Stale] reports it.
func Open(ctx context.Context, cfg Config) (*Index, error) {
	start := time.Now()
	o, err := newOpener(cfg)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	in, read, err := o.readCorpus(nil, true)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	var ix *Index
	if cfg.DataDir == "" {
		s, stats, err := o.build(ctx, in, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("open index: %w", err)
		}
		ix = o.newIndex(s, stats)
	} else if ix, err = o.openSaved(ctx, in); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	ix.keepFiles(in.files)
	read.addTo(&ix.stats, start)
	st := ix.stats
	o.logger.Info("index ready", "corpus", o.name, "files", st.Files, "chunks", st.Chunks, "embedded", st.Embedded,
		"reused", st.Reused, "removed", st.Removed, "converted", st.Converted, "read", st.Read, "duration_ms", st.Duration.Milliseconds())
	return ix, nil
}

// Update brings the index in cfg.DataDir up to date with the corpus, as [Open] does, without
// loading it for searching: when the snapshot is already current it reads only its header. It
// fails with [ErrReadOnly] when the corpus changed and the data folder cannot be written.
func Update(ctx context.Context, cfg Config) (IndexStats, error) {
	start := time.Now()
	o, err := newOpener(cfg)
	if err != nil {
		return IndexStats{}, fmt.Errorf("update index: %w", err)
	}
	if cfg.DataDir == "" {
		return IndexStats{}, errors.New("update index: no data folder given")
	}
	in, read, err := o.readCorpus(nil, true)
	if err != nil {
		return IndexStats{}, fmt.Errorf("update index: %w", err)
	}
	if h, err := readHeader(filepath.Join(o.dir, snapshotFile)); err == nil && o.currentHeader(h, in) && !in.restamp {
		o.markUsed()
		st := IndexStats{Files: h.docs, Chunks: h.passages, Reused: h.vectors}
		read.addTo(&st, start)
		return st, nil
	}
	ix, err := o.openSaved(ctx, in)
	if err != nil {
		return IndexStats{}, fmt.Errorf("update index: %w", err)
	}
	if ix.Stale() {
		return IndexStats{}, fmt.Errorf("update index: the corpus changed and %w: %s (the last index, built %s, still serves search, ask and serve)", ErrReadOnly, o.dir, ix.Built().Format(time.RFC3339))
	}
	read.addTo(&ix.stats, start)
	return ix.stats, nil
}

// Reload returns the index of the corpus as it is now, as [Open] does, brought up to date from
// prev, the version being served, with the same guarantees: one writer at a time under the data
// folder's lock, the last snapshot answered from (and [Index.Stale]) when the folder cannot be
// written. It differs from Open in what it spares and in when the snapshot is written:
//
//   - prev is not read again: when the data folder's snapshot is prev's version (its header says
//     so), prev's derived data and vectors are taken from memory, and only a snapshot that another
//     process wrote meanwhile is read;
//   - the new version is returned as soon as it is built, with its snapshot still to be written:
//     serve it, then call [PendingSnapshot.Save] (or Abandon), which releases the lock. The index
//     never depends on that write; a process killed before it ends leaves the previous snapshot,
//     and the next start brings it up to date.
//
// When nothing changed, Reload returns prev itself and no PendingSnapshot; prev then remembers the
// files this reload read whose stamps have settled, so that the next reads them no more (see
// [Index.keepFiles]). prev may be nil (then Reload is Open with the snapshot pending).
func Reload(ctx context.Context, cfg Config, prev *Index) (*Index, *PendingSnapshot, error) {
	start := time.Now()
	o, err := newOpener(cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("reload index: %w", err)
	}
	var known fileTable
	if prev != nil {
		known = prev.knownFiles()
	}
	in, read, err := o.readCorpus(known, prev == nil)
	if err != nil {
		return nil, nil, fmt.Errorf("reload index: %w", err)
	}
	var served *snapshot
	if prev != nil && prev.snap.model == o.cfg.Embedder.Model {
		served = prev.snap
	}
	var ix *Index
	var pending *PendingSnapshot
	if cfg.DataDir == "" {
		s, stats, err := o.build(ctx, in, served, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("reload index: %w", err)
		}
		ix = o.newIndex(s, stats)
	} else if ix, pending, err = o.openPersistent(ctx, in, served); err != nil {
		return nil, nil, fmt.Errorf("reload index: %w", err)
	}
	if prev != nil && ix.snap == prev.snap && ix.stale == prev.stale {
		prev.keepFiles(in.files)
		return prev, nil, nil
	}
	ix.keepFiles(in.files)
	read.addTo(&ix.stats, start)
	st := ix.stats
	o.logger.Info("index reloaded", "corpus", o.name, "files", st.Files, "chunks", st.Chunks, "embedded", st.Embedded,
		"reused", st.Reused, "removed", st.Removed, "converted", st.Converted, "read", st.Read, "duration_ms", st.Duration.Milliseconds())
	return ix, pending, nil
}

// readHeader reads only the header of the snapshot at path.
func readHeader(path string) (*snapshotHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readSnapshotHeader(f)
}

// currentHeader is [opener.current] for a snapshot's header.
func (o *opener) currentHeader(h *snapshotHeader, in inputs) bool {
	return h.format == snapshotFormat && h.key == in.key && h.model == o.cfg.Embedder.Model && h.derivation == derivationVersion && h.failKey == in.failKey
}

// now is the time a corpus scan starts.
func (o *opener) now() time.Time {
	if o.cfg.now != nil {
		return o.cfg.now()
	}
	return time.Now()
}

// opener carries one Open call's validated configuration.
type opener struct {
	cfg  Config
	name string
	// dir is the folder of the data folder that holds this corpus's snapshot ([IndexDir]).
	dir    string
	logger *slog.Logger
	lex    *text.Lexicon
	// lexicon is the catalog and glossary as JSON: part of the snapshot's key, and stored in it.
	lexicon []byte
	// rules are the operator's corrections to the names the documents define ([text.NamesFile]),
	// nil without one; rulesKey is them as JSON, part of the snapshot's key only when there are
	// some, so that a change of the file alone makes a new version.
	rules    *text.NameRules
	rulesKey []byte
}

func newOpener(cfg Config) (*opener, error) {
	if cfg.Seeds == nil {
		return nil, errors.New("no corpus folder given")
	}
	if cfg.Embedder.Embed == nil || cfg.Embedder.Model == "" {
		return nil, errors.New("no embedder given")
	}
	o := &opener{cfg: cfg, name: cfg.SeedsName, logger: cfg.Logger, dir: IndexDir(cfg.DataDir, cfg.CorpusID)}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	if o.name == "" {
		o.name = "corpus"
	}
	var err error
	if o.lex, err = loadLexicon(cfg); err != nil {
		return nil, err
	}
	if o.lexicon, err = encodeLexicon(o.lex); err != nil {
		return nil, err
	}
	if o.rules, err = loadNameRules(cfg); err != nil {
		return nil, err
	}
	if o.rules != nil {
		if o.rulesKey, err = json.Marshal(o.rules); err != nil {
			return nil, fmt.Errorf("encode the names file: %w", err)
		}
	}
	return o, nil
}

// lexiconFile is how the snapshot stores the lexicon's data: the platform catalog, the corpus's
// own glossary and the digest of the text layer's built-in glossary under it. The built-in layer
// (~80,000 dictionary entries) is not written into every snapshot: the digest keys the snapshot
// to it, and the layer is rebuilt from the binary on load. Snapshots written before the digest
// (no "builtin") hold the whole merged glossary.
type lexiconFile struct {
	Platforms []text.Platform `json:"platforms"`
	Glossary  *text.Glossary  `json:"glossary"`
	Builtin   string          `json:"builtin,omitempty"`
}

func encodeLexicon(lex *text.Lexicon) ([]byte, error) {
	own, builtin := lex.Own()
	b, err := json.Marshal(lexiconFile{Platforms: lex.Catalog().Platforms(), Glossary: own, Builtin: builtin})
	if err != nil {
		return nil, fmt.Errorf("encode the catalog and glossary: %w", err)
	}
	return b, nil
}

// decodeLexicon rebuilds a snapshot's lexicon. When the snapshot was built over another built-in
// glossary than this binary's (builtinChanged), the current one stands in for it: it is the only
// one there is.
func decodeLexicon(b []byte) (lex *text.Lexicon, builtinChanged bool, err error) {
	var f struct {
		Platforms []text.Platform `json:"platforms"`
		Glossary  json.RawMessage `json:"glossary"`
		Builtin   string          `json:"builtin"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, false, err
	}
	c, err := text.NewCatalog(f.Platforms)
	if err != nil {
		return nil, false, err
	}
	g, err := text.ParseGlossary(f.Glossary)
	if err != nil {
		return nil, false, err
	}
	if f.Builtin == "" {
		return text.NewLexicon(c, g), false, nil
	}
	return text.NewCorpusLexicon(c, g), f.Builtin != text.BuiltinDigest(), nil
}

// readCorpus reads the corpus folder with the configured care (see [LoadCorpusSkipping]) and
// returns it as the inputs of an index: the documents of files whose stamps are unchanged since
// known read them taken from there (see [racyWindow]; nil reads every file), or, for a start, since
// the data folder's snapshot was written; the conversions of the web pages, Word documents and
// PDFs whose bytes are unchanged from that snapshot; and the failures of those it could not read.
func (o *opener) readCorpus(known fileTable, start bool) (inputs, corpusStats, error) {
	cache, stamped := o.fromSnapshot(start)
	if start {
		known = stamped
	}
	sc := newScan(o.now(), known)
	docs, skipped, err := loadCorpus(o.cfg.Seeds, CorpusOptions{Name: o.name, MaxFileBytes: o.cfg.MaxFileBytes, Logger: o.logger}, cache, sc)
	if err != nil {
		return inputs{}, corpusStats{}, err
	}
	in := o.inputsOf(docs, cache.failures(), sc.next)
	in.restamp = start && sc.learned > 0
	return in, corpusStats{skipped: skipped, converted: cache.converted, read: sc.read}, nil
}

// corpusStats is what reading the corpus did, for [IndexStats].
type corpusStats struct {
	skipped   Skipped
	converted int
	read      int
}

// addTo sets what reading the corpus did in st, and the time since start.
func (c corpusStats) addTo(st *IndexStats, start time.Time) {
	st.Duration, st.Skipped, st.Converted, st.Read = time.Since(start), c.skipped, c.converted, c.read
}

// loadLexicon builds the lexicon from the configured catalog and glossary, or those of the corpus
// folder. Both belong to their corpus: a folder without them has no platforms and only the text
// layer's general glossary, never the built-in corpus's e-commerce terms and names.
func loadLexicon(cfg Config) (*text.Lexicon, error) {
	r := settingsReader(cfg)
	catalog, glossary := cfg.Catalog, cfg.Glossary
	var err error
	if catalog == nil {
		// The catalog belongs to its corpus: a folder without platforms.json has no platforms, not
		// the built-in corpus's.
		if catalog, err = readSettings(r, text.CatalogFile, text.ParseCatalog); err != nil {
			return nil, err
		}
	}
	if glossary == nil {
		if glossary, err = readSettings(r, text.GlossaryFile, text.ParseGlossary); err != nil {
			return nil, err
		}
	}
	// The corpus's glossary goes over the text layer's built-in one (general glossary, dictionary).
	return text.NewCorpusLexicon(catalog, glossary), nil
}

// loadNameRules reads the corpus folder's [text.NamesFile]; nil without one.
func loadNameRules(cfg Config) (*text.NameRules, error) {
	return readSettings(settingsReader(cfg), text.NamesFile, text.ParseNameRules)
}

// settingsReader reads the corpus's settings files with the care of the documents (no link out of
// the folder, regular files, the size cap).
func settingsReader(cfg Config) corpusReader {
	return corpusReader{fsys: cfg.Seeds, name: cmp.Or(cfg.SeedsName, "corpus"), max: cmp.Or(cfg.MaxFileBytes, DefaultMaxFileBytes)}
}

// readSettings reads and parses the settings file name at the corpus's root: the zero value (nil)
// without one, and an error naming the file when it cannot be read or parsed.
func readSettings[T any](r corpusReader, name string, parse func([]byte) (T, error)) (T, error) {
	var zero T
	data, err := r.readFile(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return zero, nil
	case err != nil:
		return zero, fmt.Errorf("read %s: %w", path.Join(r.name, name), err)
	}
	v, err := parse(data)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path.Join(r.name, name), err)
	}
	return v, nil
}

// inputs is the corpus as read now, and the key a snapshot of it carries.
type inputs struct {
	docs   []*Document
	hashes [][32]byte
	key    [32]byte
	// failures are those of the files not read (see [failure]), and failKey their [failuresKey]:
	// not part of key, since the index is the same without those files, but a snapshot is current
	// only with the same (so that it keeps the failures the next command meets).
	failures []*failure
	failKey  [32]byte
	// files remembers the documents read, by their files' stamps, for the next reload and, in the
	// snapshot, the next start.
	files fileTable
	// restamp marks a start that read files whose stamps the data folder's snapshot lacks and can
	// keep: a snapshot otherwise current is written again with them (see [opener.restamped]).
	restamp bool
}

func (o *opener) inputs(docs []*Document, failures []*failure) inputs {
	return o.inputsOf(docs, failures, nil)
}

// inputsOf is [opener.inputs], taking the content hashes files knows (and noting there those it
// computes).
func (o *opener) inputsOf(docs []*Document, failures []*failure, files fileTable) inputs {
	in := inputs{docs: docs, hashes: make([][32]byte, len(docs)), failures: failures, failKey: failuresKey(failures), files: files}
	h := sha256.New()
	h.Write(binary.LittleEndian.AppendUint32(nil, derivationVersion))
	// The converters' version too: a snapshot whose conversions are of another is rewritten once
	// (nothing derived or embedded again), or every command would convert every file until the
	// corpus changed.
	h.Write(binary.LittleEndian.AppendUint32(nil, conversionVersion))
	h.Write([]byte(o.cfg.Embedder.Model + "\x00"))
	h.Write(o.lexicon)
	if o.rulesKey != nil {
		h.Write([]byte("\x00names\x00"))
		h.Write(o.rulesKey)
	}
	for i, d := range docs {
		in.hashes[i] = files.hash(d)
		h.Write([]byte("\x00" + d.File + "\x00" + d.Title + "\x00"))
		h.Write(in.hashes[i][:])
		h.Write(describedBytes(d))
	}
	copy(in.key[:], h.Sum(nil))
	return in
}

// describedBytes is what the snapshot's key takes of what [CorpusCatalogFile] says of d besides
// its title (which the key takes with the file's name): its URL and language, which the index
// serves ([Index.Document]) and the snapshot stores. Without them a change of corpus.json that
// left every title as it was made no new version: a reload kept serving the old URL and language.
// A document with neither adds nothing, so that the key of a corpus without them is what it was
// before they counted; else a 1 (after the fixed-length content hash, where the next document's
// bytes start with a 0) and both, each after its length.
func describedBytes(d *Document) []byte {
	if d.URL == "" && d.Language == "" {
		return nil
	}
	b := []byte{1}
	b = binary.AppendUvarint(b, uint64(len(d.URL)))
	b = append(b, d.URL...)
	b = binary.AppendUvarint(b, uint64(len(d.Language)))
	return append(b, d.Language...)
}

// contentHash is the SHA-256 of what a document's index is derived from and what it shows: its
// text, the lines of it that are literal (see [text.LiteralLines]), since a web page's "## …" reads
// the same as a heading and as a paragraph but is analysed as either, and a PDF's paragraphs' pages,
// since the same text may be laid out on other pages. A document without literal lines or pages
// hashes to the SHA-256 of its text, as before they were.
func contentHash(d *Document) [32]byte {
	textBytes := unsafe.Slice(unsafe.StringData(d.Text), len(d.Text)) // read only: no copy of the corpus
	paged := len(d.Paragraphs) > 0 && d.Paragraphs[0].Page > 0
	if len(d.literal) == 0 && !paged {
		return sha256.Sum256(textBytes)
	}
	h := sha256.New()
	h.Write(textBytes)
	b := []byte("\x00literal lines")
	for _, off := range d.literal {
		b = binary.AppendUvarint(b, uint64(off))
	}
	if paged {
		b = append(b, "\x00pages"...)
		for _, p := range d.Paragraphs {
			b = binary.AppendUvarint(b, uint64(p.Page))
			b = binary.AppendUvarint(b, uint64(p.EndPage))
		}
	}
	h.Write(b)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// current reports whether s is a snapshot of exactly in, for this model and derivation, in this
// format, keeping the failures of in's files not read.
func (o *opener) current(s *snapshot, in inputs) bool {
	return o.ofCorpus(s, in) && s.format == snapshotFormat && s.failKey == in.failKey
}

// ofCorpus reports whether s is an index of exactly in, for this model and derivation, in this or
// an older format.
func (o *opener) ofCorpus(s *snapshot, in inputs) bool {
	return s != nil && s.key == in.key && s.model == o.cfg.Embedder.Model && s.derivation == derivationVersion
}

// openSaved is Open with a data folder: [opener.openPersistent], its snapshot saved before it is
// returned. When the data folder turns out not to be writable only then, the last snapshot is
// answered from, as when it cannot be locked.
func (o *opener) openSaved(ctx context.Context, in inputs) (*Index, error) {
	ix, pending, err := o.openPersistent(ctx, in, nil)
	if err != nil || pending == nil {
		return ix, err
	}
	prev := pending.prev
	if err := pending.Save(); err != nil {
		if errors.Is(err, ErrReadOnly) {
			return o.readOnly(in, prev, err)
		}
		return nil, err
	}
	ix.stats.Removed += pending.removed
	return ix, nil
}

// openPersistent is Open with a data folder: load the snapshot if it is current, else update.
// served is the version being served, if any: when the data folder's snapshot is that version
// (its header says so), it is taken from memory instead of read again. An update returns the new
// index at once, with its snapshot pending: the data folder's lock is held until it is saved or
// abandoned.
func (o *opener) openPersistent(ctx context.Context, in inputs, served *snapshot) (*Index, *PendingSnapshot, error) {
	dir := o.cfg.DataDir
	path := filepath.Join(o.dir, snapshotFile)
	o.markUsed()
	prev, err := o.previous(path, &in, served)
	switch {
	case err == nil && o.current(prev, in):
		if prev.legacy {
			o.adoptLegacy(ctx, prev)
		} else if in.restamp {
			return o.restamped(prev, in, path), nil, nil
		}
		return o.loaded(prev), nil, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
		o.logger.Warn("index snapshot unusable; rebuilding it from the embeddings store", "err", err)
	}
	if err := os.MkdirAll(o.dir, 0o700); err != nil {
		if isReadOnly(err) {
			ix, err := o.readOnly(in, prev, fmt.Errorf("%w: %w", ErrReadOnly, err))
			return ix, nil, err
		}
		return nil, nil, fmt.Errorf("create data folder %s: %w (set CITEBOT_DATA_DIR to a writable folder)", dir, err)
	}
	lock, err := lockDataDir(ctx, dir, o.cfg.LockTimeout, o.logger)
	if errors.Is(err, ErrReadOnly) {
		ix, err := o.readOnly(in, prev, err)
		return ix, nil, err
	}
	if err != nil {
		return nil, nil, err
	}
	if err := probeWritable(o.dir); err != nil {
		lock.unlock()
		ix, err := o.readOnly(in, prev, err)
		return ix, nil, err
	}
	if prev != nil && prev.legacy {
		o.moveLegacy(ctx, prev)
	}
	o.markUsed()
	// Another process may have brought the index up to date while this one waited.
	if again, err := o.previous(path, &in, served); err == nil {
		if o.current(again, in) {
			lock.unlock()
			return o.loaded(again), nil, nil
		}
		prev = again
	} else {
		prev = nil
	}
	if prev != nil && prev.model != o.cfg.Embedder.Model {
		prev = nil // another model's vectors and keys are of no use
	}
	ix, pending, err := o.update(ctx, in, prev, lock)
	if err != nil {
		lock.unlock()
		return nil, nil, err
	}
	return ix, pending, nil
}

// previous returns the corpus's snapshot: served itself when the snapshot at path is that version
// (its header says so, down to when it was built), else the snapshot read from path; when there is
// none, the data folder's index from before one index per corpus if it is of this corpus (see
// [IndexDir]).
func (o *opener) previous(path string, in *inputs, served *snapshot) (*snapshot, error) {
	if served != nil {
		h, err := readHeader(path)
		if err == nil && h.format == served.format && h.key == served.key && h.created.Equal(served.created) &&
			h.model == served.model && h.derivation == served.derivation && h.failKey == served.failKey {
			return served, nil
		}
	}
	s, err := readSnapshot(path, in)
	if errors.Is(err, fs.ErrNotExist) && o.cfg.CorpusID != "" {
		return o.legacy(in)
	}
	return s, err
}

// restamped is the index of prev, a current snapshot at path that lacks the stamps of files this
// start read (see [inputs.restamp]). It writes prev again with them, so that the next start reads
// none of those files: only when the data folder's lock is free (a start that has its index never
// waits to note stamps) and the snapshot at path is still prev; nothing is derived or embedded,
// and the version (its key and when it was built) stays prev's.
func (o *opener) restamped(prev *snapshot, in inputs, path string) *Index {
	ix := o.loaded(prev)
	lock := tryLockDataDir(o.cfg.DataDir)
	if lock == nil {
		return ix
	}
	defer lock.unlock()
	h, err := readHeader(path)
	if err != nil || h.format != prev.format || h.key != prev.key || !h.created.Equal(prev.created) || h.failKey != prev.failKey {
		return ix // another process wrote it meanwhile
	}
	prev.files = in.files // prev's documents are in's (see [readSnapshot])
	removeTempFiles(path)
	if err := writeSnapshot(path, prev); err != nil {
		o.logger.Debug("the index snapshot was not written again with the files' stamps", "err", err)
	}
	return ix
}

// loaded is the index of a current snapshot: nothing embedded, every vector reused.
func (o *opener) loaded(s *snapshot) *Index {
	return o.newIndex(s, IndexStats{Files: len(s.docs), Chunks: len(s.passages), Reused: len(s.vectors.keys)})
}

// readOnly answers from the last snapshot when the data folder cannot be written, saying so
// unless it is of the corpus as it is now, only in an older format.
func (o *opener) readOnly(in inputs, prev *snapshot, cause error) (*Index, error) {
	dir := o.cfg.DataDir
	if prev == nil || prev.model != o.cfg.Embedder.Model {
		return nil, fmt.Errorf("data folder %s cannot be written and holds no index of this corpus for %s: %w; run citebot index with a writable CITEBOT_DATA_DIR first", dir, o.cfg.Embedder.Model, cause)
	}
	if o.ofCorpus(prev, in) {
		return o.loaded(prev), nil
	}
	o.logger.Warn("the data folder cannot be written: answering from the last index, which cannot be updated to the corpus as it is now",
		"data", dir, "built", prev.created.Format(time.RFC3339), "documents", len(prev.docs), "err", cause)
	ix := o.loaded(prev)
	ix.stale = true
	if lex, changed, err := decodeLexicon(prev.lexicon); err == nil {
		ix.lex = lex // the catalog and glossary the snapshot was built with, to match its passages
		if changed {
			o.logger.Warn("the last index was built with another version of the built-in glossary; questions are read with this one")
		}
	}
	return ix, nil
}

// update brings the index in the data folder up to date with in, holding the folder's lock, and
// returns it with its snapshot still to be saved.
func (o *opener) update(ctx context.Context, in inputs, prev *snapshot, lock *dataLock) (*Index, *PendingSnapshot, error) {
	dir := o.cfg.DataDir
	store := openVectorStore(dir, o.cfg.Embedder.Model, o.logger)
	legacy := openLegacyStore(dir, o.cfg.Embedder.Model, o.logger)
	s, stats, err := o.build(ctx, in, prev, &persistence{store: store, legacy: legacy})
	if err != nil {
		return nil, nil, err
	}
	pending := &PendingSnapshot{dir: dir, index: o.dir, s: s, prev: prev, store: store, legacy: legacy, lock: lock, logger: o.logger}
	return o.newIndex(s, stats), pending, nil
}

// PendingSnapshot is the snapshot of a new index version that [Reload] returned before saving
// it, so that the version can be served while it is written. Until [PendingSnapshot.Save] or
// [PendingSnapshot.Abandon] it holds the data folder's lock: no other process updates the index
// meanwhile, and the next reload waits for it. Its methods do nothing on a nil PendingSnapshot.
type PendingSnapshot struct {
	dir     string // the data folder
	index   string // the folder of the corpus's snapshot ([IndexDir])
	s       *snapshot
	prev    *snapshot // the data folder's snapshot before: what a read-only folder still serves
	store   *vectorStore
	legacy  *legacyStore
	lock    *dataLock
	logger  *slog.Logger
	removed int // the vectors of other models removed by Save
}

// Save writes the snapshot, atomically (a process killed meanwhile leaves the previous snapshot,
// which the next run updates), then removes the embeddings journal, the indexes of corpora long
// unused (see [IndexDir]), the vectors of embedding models no index uses and the store of an
// earlier citebot, and releases the lock. An error says the snapshot was not saved; it wraps
// [ErrReadOnly] when the data folder cannot be written.
func (p *PendingSnapshot) Save() error {
	if p == nil || p.lock == nil {
		return nil
	}
	defer p.Abandon()
	path := filepath.Join(p.index, snapshotFile)
	removeTempFiles(path)
	if err := writeSnapshot(path, p.s); err != nil {
		if isReadOnly(err) {
			return fmt.Errorf("save index snapshot: %w: %w", ErrReadOnly, err)
		}
		return fmt.Errorf("save index snapshot: %w", err)
	}
	if err := p.store.clearJournal(); err != nil {
		p.logger.Warn("could not remove the embeddings journal", "err", err)
	}
	// Local files only: no caller's context to honour.
	prune(context.Background(), p.dir, path, p.s.model, p.s.vectors.keys, time.Now(), p.logger)
	use, err := useOf(indexesIn(p.dir, path))
	if err != nil {
		p.logger.Warn("the vectors of other embedding models are kept: an index cannot be read", "err", err)
		return nil
	}
	n, err := p.store.removeOtherModels(use)
	p.removed = n
	if err != nil {
		return err
	}
	p.legacy.remove(p.dir)
	return nil
}

// Abandon releases the lock without saving the snapshot: the data folder keeps its previous one,
// as a process killed before the write leaves it, and the next run brings it up to date (the
// journal names the vectors stored meanwhile).
func (p *PendingSnapshot) Abandon() {
	if p == nil {
		return
	}
	p.lock.unlock()
	p.lock = nil
}

// onlyStructure reports whether passage i only structures its document (see the function of that
// name), once per passage and corpus version.
func (ix *Index) onlyStructure(i int) bool {
	switch ix.structure[i].Load() {
	case 1:
		return false
	case 2:
		return true
	}
	p := ix.passages[i]
	yes := onlyStructure(ix.byFile[p.File], p)
	v := uint32(1)
	if yes {
		v = 2
	}
	ix.structure[i].Store(v)
	return yes
}

// newIndex builds the searchable index over snapshot s.
func (o *opener) newIndex(s *snapshot, stats IndexStats) *Index {
	ix := &Index{
		docs:      s.docs,
		byFile:    make(map[string]*Document, len(s.docs)),
		passages:  s.passages,
		keyword:   s.keyword,
		vectors:   s.vectors,
		keys:      s.vectors.keys,
		embedder:  o.cfg.Embedder,
		lex:       o.lex,
		analysis:  s.analysis,
		platforms: s.platforms,
		structure: make([]atomic.Uint32, len(s.passages)),
		version:   hex.EncodeToString(s.key[:8]),
		built:     s.created,
		stats:     stats,
		logger:    o.logger,
		snap:      s,
		files:     new(atomic.Pointer[fileTable]),
	}
	terms := s.keyword.terms
	ix.cognates = sync.OnceValue(func() *text.Cognates { return text.NewCognates(terms) })
	// The words written with a hyphen, stored in the snapshot or, in one written before they
	// were, found at the first query that needs them.
	passages, storedPairs := s.passages, s.pairs
	ix.pairs = sync.OnceValue(func() *text.HyphenPairs {
		if storedPairs != nil {
			return storedPairs
		}
		return hyphenPairs(passages)
	})
	// The names the documents define, stored in the snapshot or, in one written before they were,
	// found at the first search; with the operator's corrections ([text.NamesFile]).
	docs, lex, rules, stored := s.docs, o.lex, o.rules, s.names
	ix.names = sync.OnceValue(func() *text.DefinedNames {
		learned := stored
		if learned == nil {
			learned = lex.DefinedNames(documentParagraphs(docs))
		}
		return lex.CorrectNames(learned, rules)
	})
	for _, d := range s.docs {
		ix.byFile[d.File] = d
	}
	ix.ofFile = make(map[string][2]int32, len(s.docs))
	for i, p := range s.passages {
		span, ok := ix.ofFile[p.File]
		if !ok {
			span[0] = int32(i)
		}
		span[1] = int32(i + 1)
		ix.ofFile[p.File] = span
	}
	// Invert passage -> row into row -> passages (equal texts share a row).
	ix.rowStart = make([]int32, len(ix.keys)+1)
	for _, r := range s.passageRow {
		ix.rowStart[r+1]++
	}
	for r := range ix.keys {
		ix.rowStart[r+1] += ix.rowStart[r]
	}
	ix.rowPassages = make([]int32, len(s.passageRow))
	next := append([]int32(nil), ix.rowStart[:len(ix.keys)]...)
	for p, r := range s.passageRow {
		ix.rowPassages[next[r]] = int32(p)
		next[r]++
	}
	return ix
}

// Stats reports what building this index did.
func (ix *Index) Stats() IndexStats { return ix.stats }

// Version identifies the corpus, catalog and embedding model this index was built from; caches
// keyed by it are invalidated by any change to them.
func (ix *Index) Version() string { return ix.version }

// Built is when this version of the index was built.
func (ix *Index) Built() time.Time { return ix.built }

// Stale reports an index that is not of the corpus as it is now: the data folder could not be
// written, so the last snapshot is served as it was.
func (ix *Index) Stale() bool { return ix.stale }

// Catalog returns the platform catalog, or nil when the corpus has none. Every [text.Catalog]
// method accepts a nil catalog (it knows no platform).
func (ix *Index) Catalog() *text.Catalog { return ix.lex.Catalog() }

// Lexicon returns the catalog, glossary and Chinese dictionary that tokenise this index.
func (ix *Index) Lexicon() *text.Lexicon { return ix.lex }

// Analysis returns the sentence analysis of every document, in the order of [Index.Documents],
// computed once when the corpus was indexed and loaded with the snapshot (decoded at the first
// call: a search never needs it). The analyses must not be modified.
func (ix *Index) Analysis() []text.Doc {
	a, err := ix.analysis()
	if err != nil {
		// The section passed its checksum, so this is a bug, not damage; answers lose their
		// sentence analysis rather than the process its index.
		ix.logger.Error("cannot decode the sentence analysis of the index", "err", err)
	}
	return append([]text.Doc(nil), a...)
}

// PassagePlatforms returns, for every passage in the order of [Index.Passages], the canonical names
// of the platforms its text names by any alias (as [text.Catalog.Mentions] finds them, in catalog
// order), found when the corpus was indexed. The lists must not be modified.
func (ix *Index) PassagePlatforms() [][]string { return append([][]string(nil), ix.platforms...) }

// Documents returns the corpus documents sorted by file. The documents must not be modified.
func (ix *Index) Documents() []*Document { return append([]*Document(nil), ix.docs...) }

// Document returns the document at file (relative to the corpus folder).
func (ix *Index) Document(file string) (*Document, bool) {
	d, ok := ix.byFile[file]
	return d, ok
}

// Passages returns every passage in file and byte order.
func (ix *Index) Passages() []Passage { return append([]Passage(nil), ix.passages...) }

// FilePassages returns the passages of file in byte order (none for a file not in the corpus).
// They are the index's own, not a copy, so that the answer engine does not hold a second copy of
// every passage: they must not be modified.
func (ix *Index) FilePassages(file string) []Passage {
	span, ok := ix.ofFile[file]
	if !ok {
		return nil
	}
	return ix.passages[span[0]:span[1]:span[1]]
}

// Search returns the k passages that best match query, fusing the keyword (BM25) and vector
// rankings with reciprocal rank fusion. k is clamped to [1, number of passages]; k <= 0 means 5.
// A query that names a platform by any alias also matches the platform's other names.
func (ix *Index) Search(ctx context.Context, query string, k int) ([]Result, error) {
	return ix.search(ctx, query, k, true, true)
}

// SearchRespelt is [Index.Search] for a query that [Index.Respell] has already corrected, as the
// answer engine's are: it is not corrected again, since a word that cannot be corrected (a name
// the corpus lacks) costs its one-edit candidates on every pass.
func (ix *Index) SearchRespelt(ctx context.Context, query string, k int) ([]Result, error) {
	return ix.searchExpanded(ctx, query, ix.expandQuery(query, false), k, true, true)
}

func (ix *Index) search(ctx context.Context, query string, k int, useKeyword, useVector bool) ([]Result, error) {
	return ix.searchExpanded(ctx, query, ix.expandQuery(query, true), k, useKeyword, useVector)
}

// searchExpanded searches for query, whose expansion (see [Index.expandQuery]) is q.
func (ix *Index) searchExpanded(ctx context.Context, query, q string, k int, useKeyword, useVector bool) ([]Result, error) {
	if strings.TrimSpace(query) == "" {
		return nil, errors.New("search: empty query")
	}
	if k <= 0 {
		k = 5
	}
	k = min(k, len(ix.passages))
	depth := min(max(4*k, 50), len(ix.passages))
	fused := map[int]float64{}
	if useKeyword {
		for rank, s := range ix.keyword.search(ix.queryTerms(q), ix.queryCognates(query), depth) {
			fused[s.doc] += 1 / float64(rrfK+rank+1)
		}
	}
	if useVector {
		if err := ix.vectorRanks(ctx, q, depth, fused); err != nil {
			return nil, err
		}
	}
	out := make([]Result, 0, len(fused))
	for i, s := range fused {
		if !ix.onlyStructure(i) {
			out = append(out, Result{Passage: ix.passages[i], Score: s})
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		if out[a].File != out[b].File {
			return out[a].File < out[b].File
		}
		return out[a].StartByte < out[b].StartByte
	})
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// vectorRanks adds the vector ranking of q's depth nearest passages to fused.
func (ix *Index) vectorRanks(ctx context.Context, q string, depth int, fused map[int]float64) error {
	vecs, err := ix.embedder.Embed(ctx, []string{q})
	if err != nil {
		return fmt.Errorf("search: embed query: %w", err)
	}
	if len(vecs) != 1 {
		return fmt.Errorf("search: embed query: got %d vectors, want 1", len(vecs))
	}
	keys, err := ix.vectors.Nearest(ctx, vecs[0], depth)
	if err != nil {
		return fmt.Errorf("search: query vectors: %w", err)
	}
	rank, weight := 0, ix.embedder.weight()
	for _, key := range keys {
		r, ok := sortedIndex(ix.keys, key)
		if !ok {
			continue // not a vector of this corpus version; never answer from it
		}
		for _, p := range ix.rowPassages[ix.rowStart[r]:ix.rowStart[r+1]] {
			fused[int(p)] += weight / float64(rrfK+rank+1)
			rank++
		}
	}
	return nil
}

func sortedIndex(keys []VectorKey, k VectorKey) (int, bool) {
	i := sort.Search(len(keys), func(i int) bool { return compareKeys(keys[i], k) >= 0 })
	return i, i < len(keys) && keys[i] == k
}

// Respell returns query with its misspelt words corrected by this index's vocabulary (see
// [text.Lexicon.Respell]) and whether any was: "Toabao" → "Taobao", "prcatitioner" → "practitioner".
func (ix *Index) Respell(query string) (string, bool) {
	return ix.lex.Respell(query, ix.keyword.freq, ix.pairs)
}

// expandQuery cleans a query, corrects its misspelt words (when respell is set) and adds the
// canonical names of the platforms it names and the English glosses of its Spanish and Chinese
// words.
func (ix *Index) expandQuery(query string, respell bool) string {
	q := text.CleanInvisible(query)
	if respell {
		q, _ = ix.Respell(q)
	}
	q += ix.lex.Catalog().Expansion(q) + ix.names().Expansion(q)
	if gl := ix.lex.Glosses(q, text.DetectLanguage(q)); len(gl) > 0 {
		q += " " + strings.Join(gl, " ")
	}
	return q
}

// Terms returns the search terms of s as a query of this index sees them: stemmed words without
// stop words, Chinese segments, the canonical names of the platforms it names and the glosses of
// its Spanish and Chinese words. Empty for text with no content ("???", "the", an emoji).
func (ix *Index) Terms(s string) []string { return ix.queryTerms(ix.expandQuery(s, true)) }

// queryTerms tokenises a query with both stemmers, since a query's language is a guess and a
// Spanish question may be asked of English text and the reverse. The Spanish reading of an English
// query reads a word with two spellings in both ([text.BothSpellings]): the English stemmer takes
// them as one, and the question's terms should not depend on which was typed.
func (ix *Index) queryTerms(q string) []string {
	lang := text.DetectLanguage(q)
	terms := ix.lex.Terms(q, lang)
	switch lang {
	case text.English:
		terms = append(terms, ix.lex.Terms(text.BothSpellings(q), text.Spanish)...)
	case text.Spanish:
		terms = append(terms, ix.lex.Terms(q, text.English)...)
	}
	return terms
}

// DefinedNames returns the names the corpus's documents define for one another ("Kestrel Valley
// Sound (KVS)"; see [text.DefinedNames]): a query that holds one also searches for the others.
func (ix *Index) DefinedNames() *text.DefinedNames { return ix.names() }

// documentParagraphs yields the sentences of each paragraph of docs that may define a name (see
// [text.MayDefineNames]), without a language: a name's terms are stemmed in its sentence's (see
// [text.Lexicon.DefinedNames]). That is the language of its document (see [text.Analyze]) but for
// a sentence in another language than its document, and then differs only for the lower-case
// words of a Spanish name (a capitalised word of a name is stemmed alike in either); reading
// the language of every document with a bracket was most of the cost.
func documentParagraphs(docs []*Document) iter.Seq2[[]string, string] {
	return func(yield func([]string, string) bool) {
		for _, d := range docs {
			for _, p := range d.Paragraphs {
				if !text.MayDefineNames(d.Text[p.StartByte:p.EndByte]) {
					continue
				}
				// Each sentence of such a paragraph: DefinedNames reads one only for what it holds,
				// and the paragraph for what "it" points back to.
				spans := text.Sentences(d.Text, p.StartByte, p.EndByte)
				sentences := make([]string, len(spans))
				for i, sp := range spans {
					sentences[i] = d.Text[sp.Start:sp.End]
				}
				if !yield(sentences, "") {
					return
				}
			}
		}
	}
}

// Cognates returns the cognate finder over this index's terms: the Spanish and English cognates of
// a word that the glossary does not gloss ("volunteer" for "voluntario").
func (ix *Index) Cognates() *text.Cognates { return ix.cognates() }

// queryCognates returns the terms of the index that are cognates in the other language of the
// query's words (see [text.Cognates]): keyword search counts them at cognateWeight.
func (ix *Index) queryCognates(query string) []string {
	lang := text.DetectLanguage(query)
	if lang == text.Chinese {
		return nil
	}
	var out []string
	for _, w := range text.Words(text.CleanInvisible(query)) {
		out = append(out, ix.cognates().OfWord(w, lang)...)
	}
	return out
}

// probeWritable checks that files can be created in dir (a lock file that exists can be opened
// for writing in a folder that no longer lets anyone create files).
func probeWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		if isReadOnly(err) {
			return fmt.Errorf("%w: %w", ErrReadOnly, err)
		}
		return fmt.Errorf("data folder %s: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

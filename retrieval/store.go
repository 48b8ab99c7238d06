package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/philippgille/chromem-go"
)

// The embeddings store is chromem-go, persistent, in <data>/store/<model tag>/<shard>/: one
// chromem-go database per shard, 256 shards by the first byte of the vector key, each with one
// collection. Sharding keeps each database small, so that an update opens only the shards of the
// vectors it adds or removes (an edit of one file opens a few, not the whole store).
//
// chromem-go names each vector's file by a 32-bit hash of its ID and silently overwrites a file
// whose name is taken. The store never lets that happen: before adding a vector it picks, among
// key, key/1, key/2, ..., the first ID whose file name is free in the shard (reading the folder),
// and lookups try every such ID. Two IDs never share a file, at any size; past maxIDProbe taken
// names (odds below 1e-18 for a million vectors in a shard) an add fails rather than overwrite.
const (
	storeDirName    = "store"
	shardCollection = "vectors"
	maxIDProbe      = 8
	// metadataFile is the name chromem-go gives a collection's own metadata file; no vector may
	// take it.
	metadataFile = "00000000.gob"
)

// vectorStore is the persistent embeddings store of one embedding model. It is only used by a
// process holding the data folder's lock, and not safe for concurrent use.
type vectorStore struct {
	root   string // <data>/store/<model tag>
	logger *slog.Logger
	shards map[byte]*shard
}

// shard is one opened chromem-go database.
type shard struct {
	dir   string // the database folder
	coll  *chromem.Collection
	files map[string]bool // vector file names in use, and the metadata file
}

// modelTag names a model's folder in the store.
func modelTag(model string) string {
	sum := sha256.Sum256([]byte(model))
	return hex.EncodeToString(sum[:6])
}

func openVectorStore(dataDir, model string, logger *slog.Logger) *vectorStore {
	return &vectorStore{root: filepath.Join(dataDir, storeDirName, modelTag(model)), logger: logger, shards: map[byte]*shard{}}
}

// chromemFileName is the file name chromem-go gives the vector with ID id (its hash2hex plus
// ".gob"). TestChromemFileNames pins it against the library, so an upgrade that changes it fails.
func chromemFileName(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:4]) + ".gob"
}

// storeID is the chromem-go ID of key's vector at probe n.
func storeID(k VectorKey, n int) string {
	if n == 0 {
		return k.String()
	}
	return k.String() + "/" + strconv.Itoa(n)
}

// shardFor opens (once) the shard that holds key k.
func (s *vectorStore) shardFor(k VectorKey) (*shard, error) {
	if sh, ok := s.shards[k[0]]; ok {
		return sh, nil
	}
	dir := filepath.Join(s.root, hex.EncodeToString(k[:1]))
	sh, err := openShard(dir, s.logger)
	if err != nil {
		return nil, err
	}
	s.shards[k[0]] = sh
	return sh, nil
}

// openShard opens one shard's database. Files that a killed run left incomplete (empty or cut
// short) are removed first, with a warning: their vectors were never stored, and are embedded
// again. Only when the database still cannot be read is the shard emptied.
func openShard(dir string, logger *slog.Logger) (*shard, error) {
	db, err := openChromem(dir)
	if err != nil {
		removed, rerr := repairShard(dir)
		logger.Warn("vector store shard unreadable; removed incomplete files", "shard", dir, "removed", removed, "err", err)
		if rerr == nil {
			db, err = openChromem(dir)
		}
		if err != nil {
			logger.Warn("vector store shard still unreadable; emptying it (its vectors will be embedded again)", "shard", dir, "err", err)
			if rmErr := os.RemoveAll(dir); rmErr != nil {
				return nil, fmt.Errorf("vector store shard %s is unreadable (%v) and could not be removed: %w", dir, err, rmErr)
			}
			if db, err = openChromem(dir); err != nil {
				return nil, fmt.Errorf("open vector store shard %s: %w", dir, err)
			}
		}
	}
	coll, err := db.GetOrCreateCollection(shardCollection, nil, refuseToEmbed)
	if err != nil {
		return nil, fmt.Errorf("open vector store shard %s: %w", dir, err)
	}
	sh := &shard{dir: dir, coll: coll, files: map[string]bool{metadataFile: true}}
	entries, err := os.ReadDir(collectionDir(dir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read vector store shard %s: %w", dir, err)
	}
	for _, e := range entries {
		sh.files[e.Name()] = true
	}
	return sh, nil
}

// collectionDir is the folder chromem-go keeps the shard's collection in.
func collectionDir(dbDir string) string {
	return filepath.Join(dbDir, strings.TrimSuffix(chromemFileName(shardCollection), ".gob"))
}

// openChromem opens a chromem-go folder, turning a panic on corrupt files into an error.
func openChromem(path string) (db *chromem.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("read vector store: %v", r)
		}
	}()
	return chromem.NewPersistentDB(path, false)
}

// repairShard removes the vector files of a shard that cannot be decoded (a run killed while
// writing one leaves it empty or cut short) and rewrites a broken collection metadata file.
func repairShard(dir string) (int, error) {
	cdir := collectionDir(dir)
	entries, err := os.ReadDir(cdir)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, e := range entries {
		p := filepath.Join(cdir, e.Name())
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".gob") {
			continue
		}
		if e.Name() == metadataFile {
			var meta struct {
				Name     string
				Metadata map[string]string
			}
			if decodeGobFile(p, &meta) != nil || meta.Name != shardCollection {
				meta.Name, meta.Metadata = shardCollection, map[string]string{}
				if err := writeGobFile(p, meta); err != nil {
					return removed, err
				}
			}
			continue
		}
		var doc chromem.Document
		if decodeGobFile(p, &doc) != nil || doc.ID == "" || len(doc.Embedding) == 0 {
			if err := os.Remove(p); err != nil {
				return removed, err
			}
			removed++
		}
	}
	return removed, nil
}

func decodeGobFile(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return gob.NewDecoder(f).Decode(v)
}

func writeGobFile(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(f).Encode(v); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// refuseToEmbed is every collection's embedding function: citebot always passes embeddings, so a
// call here is a bug, and must never fall through to chromem-go's default OpenAI embedder.
func refuseToEmbed(context.Context, string) ([]float32, error) {
	return nil, errors.New("vector store: embeddings must be computed by the index's embedder")
}

// lookup returns the stored chromem-go ID and vector of key k, if the store has it.
func (s *vectorStore) lookup(ctx context.Context, k VectorKey) (string, []float32, error) {
	sh, err := s.shardFor(k)
	if err != nil {
		return "", nil, err
	}
	for n := range maxIDProbe {
		id := storeID(k, n)
		if !sh.files[chromemFileName(id)] {
			continue
		}
		if doc, err := sh.coll.GetByID(ctx, id); err == nil {
			return id, doc.Embedding, nil
		}
	}
	return "", nil, nil
}

// get returns the stored vectors of keys; keys the store lacks are left out.
func (s *vectorStore) get(ctx context.Context, keys []VectorKey) (map[VectorKey][]float32, error) {
	out := make(map[VectorKey][]float32, len(keys))
	for _, k := range keys {
		_, v, err := s.lookup(ctx, k)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out[k] = v
		}
	}
	return out, nil
}

// put stores vecs[i] under keys[i]. Each vector gets an ID whose file name no other vector of the
// shard uses; a vector already stored is left as it is. Files are written by putWorkers goroutines
// (file creation dominates: about 0.15 ms a file on the reference machine).
func (s *vectorStore) put(ctx context.Context, keys []VectorKey, vecs [][]float32) error {
	type job struct {
		sh  *shard
		doc chromem.Document
	}
	var jobs []job
	for i, k := range keys {
		sh, err := s.shardFor(k)
		if err != nil {
			return err
		}
		if id, _, err := s.lookup(ctx, k); err != nil {
			return err
		} else if id != "" {
			continue
		}
		id := ""
		for n := range maxIDProbe {
			if cand := storeID(k, n); !sh.files[chromemFileName(cand)] {
				id = cand
				break
			}
		}
		if id == "" {
			return fmt.Errorf("store vector %s: shard %s has no free file name after %d tries", k, sh.dir, maxIDProbe)
		}
		sh.files[chromemFileName(id)] = true
		jobs = append(jobs, job{sh, chromem.Document{ID: id, Embedding: vecs[i]}})
	}
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, putWorkers)
	for i, j := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if ctx.Err() != nil {
				errs[i] = ctx.Err()
				return
			}
			if err := j.sh.coll.AddDocument(ctx, j.doc); err != nil {
				errs[i] = fmt.Errorf("store embedding in %s: %w", j.sh.dir, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// putWorkers is how many vector files are written at once.
const putWorkers = 4

// remove deletes the stored vectors of keys and returns how many there were. Only IDs that exist
// are passed to chromem-go, which would otherwise delete whatever file the missing ID's name
// points to.
func (s *vectorStore) remove(ctx context.Context, keys []VectorKey) (int, error) {
	removed := 0
	for _, k := range keys {
		id, _, err := s.lookup(ctx, k)
		if err != nil {
			return removed, err
		}
		if id == "" {
			continue
		}
		sh, _ := s.shardFor(k)
		if err := sh.coll.Delete(ctx, nil, nil, id); err != nil {
			return removed, fmt.Errorf("remove stale embedding %s: %w", k, err)
		}
		delete(sh.files, chromemFileName(id))
		removed++
	}
	return removed, nil
}

// keys lists every key the store holds, opening every shard. dim is the vectors' size, which
// chromem-go needs to list a collection (through a query that ranks all of it).
func (s *vectorStore) keys(ctx context.Context, dim int) ([]VectorKey, error) {
	if dim <= 0 {
		return nil, nil // no vector to measure by (a corpus without passages): nothing can be listed
	}
	entries, err := os.ReadDir(s.root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read vector store %s: %w", s.root, err)
	}
	var out []VectorKey
	probe := make([]float32, dim)
	probe[0] = 1
	for _, e := range entries {
		b, err := hex.DecodeString(e.Name())
		if !e.IsDir() || err != nil || len(b) != 1 {
			continue
		}
		var k VectorKey
		k[0] = b[0]
		sh, err := s.shardFor(k)
		if err != nil {
			return nil, err
		}
		n := sh.coll.Count()
		if n == 0 {
			continue
		}
		res, err := sh.coll.QueryEmbedding(ctx, probe, n, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("list vector store shard %s: %w", sh.dir, err)
		}
		for _, r := range res {
			id, _, _ := strings.Cut(r.ID, "/")
			kb, err := hex.DecodeString(id)
			if err != nil || len(kb) != len(k) {
				continue // not ours
			}
			copy(k[:], kb)
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return compareKeys(out[i], out[j]) < 0 })
	return out, nil
}

// removeOtherModels deletes the stores of every embedding model but this one and those of keep
// (the models other corpora's indexes use; a model change re-embeds everything) and returns how
// many vectors they held.
func (s *vectorStore) removeOtherModels(keep inUse) (int, error) {
	parent := filepath.Dir(s.root)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return 0, nil
	}
	removed := 0
	for _, e := range entries {
		if !e.IsDir() || e.Name() == filepath.Base(s.root) || keep.usesModelTag(e.Name()) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		removed += countVectorFiles(dir)
		if err := os.RemoveAll(dir); err != nil {
			return removed, fmt.Errorf("remove the embeddings of another model: %w", err)
		}
	}
	return removed, nil
}

// countVectorFiles counts the vector files below dir.
func countVectorFiles(dir string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".gob") && d.Name() != metadataFile {
			n++
		}
		return nil
	})
	return n
}

// journalFile, in a model's store folder, names the vectors a run is about to store. It is written
// (atomically, as the union with any journal a killed run left) before the first vector is stored
// and removed once the snapshot that uses them is saved, so vectors that a killed run stored and
// that the corpus no longer needs are found and removed by the next run.
const journalFile = "journal"

func (s *vectorStore) readJournal() ([]VectorKey, error) {
	data, err := os.ReadFile(filepath.Join(s.root, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read embeddings journal: %w", err)
	}
	var out []VectorKey
	for _, line := range strings.Fields(string(data)) {
		b, err := hex.DecodeString(line)
		if err != nil || len(b) != len(VectorKey{}) {
			return nil, fmt.Errorf("embeddings journal %s is damaged", filepath.Join(s.root, journalFile))
		}
		var k VectorKey
		copy(k[:], b)
		out = append(out, k)
	}
	return out, nil
}

// writeJournal records keys (with those of any earlier journal) as about to be stored.
func (s *vectorStore) writeJournal(keys []VectorKey) error {
	old, err := s.readJournal()
	if err != nil {
		s.logger.Warn("embeddings journal unreadable; replacing it", "err", err)
	}
	if err := os.MkdirAll(s.root, 0o700); err != nil {
		return fmt.Errorf("create vector store %s: %w", s.root, err)
	}
	var b strings.Builder
	for _, k := range append(old, keys...) {
		b.WriteString(k.String())
		b.WriteByte('\n')
	}
	path := filepath.Join(s.root, journalFile)
	return writeFileAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, b.String())
		return err
	})
}

func (s *vectorStore) clearJournal() error {
	err := os.Remove(filepath.Join(s.root, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// legacyStore is the single chromem-go database (<data>/vectors) and manifests of citebot before
// the sharded store. Its vectors are moved into the new store instead of being paid for again, and
// it is removed once a snapshot is saved.
type legacyStore struct {
	coll *chromem.Collection
}

const legacyDir = "vectors"

func openLegacyStore(dataDir, model string, logger *slog.Logger) *legacyStore {
	path := filepath.Join(dataDir, legacyDir)
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		return nil
	}
	db, err := openChromem(path)
	if err != nil {
		logger.Warn("the vector store of an earlier citebot is unreadable; its vectors are embedded again", "path", path, "err", err)
		return &legacyStore{}
	}
	return &legacyStore{coll: db.GetCollection("passages-"+modelTag(model), refuseToEmbed)}
}

func (l *legacyStore) get(ctx context.Context, keys []VectorKey) map[VectorKey][]float32 {
	out := map[VectorKey][]float32{}
	if l == nil || l.coll == nil {
		return out
	}
	for _, k := range keys {
		if doc, err := l.coll.GetByID(ctx, k.String()); err == nil && len(doc.Embedding) > 0 {
			out[k] = doc.Embedding
		}
	}
	return out
}

func (l *legacyStore) remove(dataDir string) {
	if l == nil {
		return
	}
	_ = os.RemoveAll(filepath.Join(dataDir, legacyDir))
	m, _ := filepath.Glob(filepath.Join(dataDir, "manifest-passages-*.json"))
	for _, p := range m {
		_ = os.Remove(p)
	}
}

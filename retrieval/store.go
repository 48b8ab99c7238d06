package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/philippgille/chromem-go"
)

// collectionPrefix starts the name of every passage collection; one collection per embedding model.
const collectionPrefix = "passages-"

// openVectorStore opens (or creates) the chromem-go store for model. With a data folder, a store
// that cannot be read is moved out of the way and rebuilt, with a warning; with none, it is in memory.
func openVectorStore(dataDir, model string, logger *slog.Logger) (*vectorStore, error) {
	sum := sha256.Sum256([]byte(model))
	s := &vectorStore{collName: collectionPrefix + hex.EncodeToString(sum[:6]), dataDir: dataDir, logger: logger}
	if dataDir == "" {
		s.db = chromem.NewDB()
	} else {
		s.persistent = true
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data folder %s: %w (set CITEBOT_DATA_DIR to a writable folder)", dataDir, err)
		}
		path := filepath.Join(dataDir, "vectors")
		db, err := openPersistentDB(path)
		if err != nil {
			logger.Warn("vector store unreadable; rebuilding it", "path", path, "err", err)
			if rmErr := os.RemoveAll(path); rmErr != nil {
				return nil, fmt.Errorf("vector store %s is unreadable (%v) and could not be removed: %w; delete the folder by hand", path, err, rmErr)
			}
			for _, m := range manifestFiles(dataDir) {
				_ = os.Remove(m)
			}
			if db, err = openPersistentDB(path); err != nil {
				return nil, fmt.Errorf("rebuild vector store %s: %w; delete the data folder %s and run again", path, err, dataDir)
			}
		}
		s.db = db
		s.manifest = filepath.Join(dataDir, "manifest-"+s.collName+".json")
	}
	coll, err := s.db.GetOrCreateCollection(s.collName, map[string]string{"model": model}, refuseToEmbed)
	if err != nil {
		return nil, fmt.Errorf("open vector collection: %w", err)
	}
	s.coll = coll
	return s, nil
}

// openPersistentDB opens a chromem-go folder, turning a panic on corrupt files into an error.
func openPersistentDB(path string) (db *chromem.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("read vector store: %v", r)
		}
	}()
	return chromem.NewPersistentDB(path, false)
}

// refuseToEmbed is the collection's embedding function: citebot always passes embeddings, so a call
// here is a bug, and must never fall through to chromem-go's default OpenAI embedder.
func refuseToEmbed(context.Context, string) ([]float32, error) {
	return nil, errors.New("vector store: embeddings must be computed by the index's embedder")
}

// manifest lists the vector IDs a collection may hold. It is written before vectors are added (as
// the union of old and new) and after stale ones are removed, so an interrupted run never loses
// track of a vector it must delete later.
type manifest struct {
	Collection string   `json:"collection"`
	IDs        []string `json:"ids"`
}

func manifestFiles(dataDir string) []string {
	m, _ := filepath.Glob(filepath.Join(dataDir, "manifest-"+collectionPrefix+"*.json"))
	return m
}

func (s *vectorStore) readManifest() (map[string]bool, error) {
	ids := map[string]bool{}
	if s.manifest == "" {
		return ids, nil
	}
	data, err := os.ReadFile(s.manifest)
	if errors.Is(err, os.ErrNotExist) {
		return ids, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read index manifest: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("index manifest %s is corrupt: %w", s.manifest, err)
	}
	for _, id := range m.IDs {
		ids[id] = true
	}
	return ids, nil
}

func (s *vectorStore) writeManifest(ids map[string]bool) error {
	if s.manifest == "" {
		return nil
	}
	m := manifest{Collection: s.collName, IDs: make([]string, 0, len(ids))}
	for id := range ids {
		m.IDs = append(m.IDs, id)
	}
	sort.Strings(m.IDs)
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode index manifest: %w", err)
	}
	tmp := s.manifest + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("write index manifest: %w", err)
	}
	if err := os.Rename(tmp, s.manifest); err != nil {
		return fmt.Errorf("write index manifest: %w", err)
	}
	return nil
}

type syncResult struct{ embedded, reused, removed int }

// sync makes the collection hold exactly the vectors in want (ID -> text to embed), embedding only
// the missing ones, in batches, and removing the rest. It also drops the collections of other
// embedding models, since a model change re-embeds everything.
func (s *vectorStore) sync(ctx context.Context, want map[string]string, emb Embedder) (syncResult, error) {
	var res syncResult
	prev, err := s.readManifest()
	if err != nil {
		s.logger.Warn("index manifest unreadable; re-embedding everything", "err", err)
		if err := s.resetCollection(); err != nil {
			return res, err
		}
		prev = map[string]bool{}
	}
	var missing []string
	for id := range want {
		if _, err := s.coll.GetByID(ctx, id); err == nil {
			res.reused++
		} else {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	intent := map[string]bool{}
	for id := range prev {
		intent[id] = true
	}
	for id := range want {
		intent[id] = true
	}
	if err := s.writeManifest(intent); err != nil {
		return res, err
	}
	batch := emb.BatchSize
	if batch <= 0 {
		batch = 128
	}
	for start := 0; start < len(missing); start += batch {
		ids := missing[start:min(start+batch, len(missing))]
		texts := make([]string, len(ids))
		for i, id := range ids {
			texts[i] = want[id]
		}
		vecs, err := emb.Embed(ctx, texts)
		if err != nil {
			return res, fmt.Errorf("embed passages %d-%d of %d: %w", start+1, start+len(ids), len(missing), err)
		}
		if len(vecs) != len(ids) {
			return res, fmt.Errorf("embed passages: got %d vectors for %d texts", len(vecs), len(ids))
		}
		docs := make([]chromem.Document, len(ids))
		for i, id := range ids {
			docs[i] = chromem.Document{ID: id, Embedding: vecs[i]}
		}
		if err := s.coll.AddDocuments(ctx, docs, 4); err != nil {
			return res, fmt.Errorf("store embeddings: %w", err)
		}
		res.embedded += len(ids)
	}
	var stale []string
	for id := range prev {
		if _, ok := want[id]; ok {
			continue
		}
		if _, err := s.coll.GetByID(ctx, id); err == nil {
			stale = append(stale, id)
		}
	}
	if len(stale) > 0 {
		if err := s.coll.Delete(ctx, nil, nil, stale...); err != nil {
			return res, fmt.Errorf("remove stale embeddings: %w", err)
		}
		res.removed += len(stale)
	}
	current := make(map[string]bool, len(want))
	for id := range want {
		current[id] = true
	}
	if err := s.writeManifest(current); err != nil {
		return res, err
	}
	for name, c := range s.db.ListCollections() {
		if name == s.collName || !strings.HasPrefix(name, collectionPrefix) {
			continue
		}
		res.removed += c.Count()
		if err := s.db.DeleteCollection(name); err != nil {
			return res, fmt.Errorf("remove embeddings of another model: %w", err)
		}
		if s.dataDir != "" {
			_ = os.Remove(filepath.Join(s.dataDir, "manifest-"+name+".json"))
		}
	}
	return res, nil
}

func (s *vectorStore) resetCollection() error {
	if err := s.db.DeleteCollection(s.collName); err != nil {
		return fmt.Errorf("reset vector collection: %w", err)
	}
	coll, err := s.db.GetOrCreateCollection(s.collName, nil, refuseToEmbed)
	if err != nil {
		return fmt.Errorf("reset vector collection: %w", err)
	}
	s.coll = coll
	return nil
}

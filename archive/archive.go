// Package archive keeps the full text of answers that a surface had to cut short (a Discord reply is
// at most three messages), so that the reply can link to the whole answer on the web viewer.
//
// A [Store] writes one JSON file per answer in a folder of the data directory and keeps the newest
// [Store.Max] of them, none older than [Store.MaxAge] if it is set. Answers are named by 128-bit random IDs: a link is the only way to an answer
// (private Discord answers included), and IDs cannot be guessed or listed over HTTP.
package archive

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/citebot/citebot/answer"
)

// Record is one kept answer (or summary), with what a page needs to show it whole.
type Record struct {
	ID        string            `json:"id"`
	Created   time.Time         `json:"created"`
	Question  string            `json:"question"`
	Text      string            `json:"text"`
	Notice    string            `json:"notice,omitempty"`
	Abstained bool              `json:"abstained"`
	Mode      string            `json:"mode,omitempty"`
	Model     string            `json:"model,omitempty"`
	Citations []answer.Citation `json:"citations"`
	Related   []answer.Citation `json:"related,omitempty"`
}

// DefaultMax is how many answers a store keeps unless told otherwise.
const DefaultMax = 1000

// ErrNotFound is returned by [Store.Get] for an ID that names no kept answer.
var ErrNotFound = errors.New("no such answer")

// Store keeps records as files in a folder. It is safe for concurrent use.
type Store struct {
	dir string
	// Max is how many records are kept; past it the oldest are removed.
	Max int
	// MaxAge is how long a record is kept: an older one is not found, and is removed. 0 is no
	// age limit.
	MaxAge time.Duration
	mu     sync.Mutex
	now    func() time.Time
}

// Open returns a store in dir, creating the folder.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("archive: creating %s: %w", dir, err)
	}
	return &Store{dir: dir, Max: DefaultMax, now: time.Now}, nil
}

var idRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// Put keeps rec under a new random ID, which it returns, and removes the oldest records past Max.
func (s *Store) Put(rec Record) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("archive: making an ID: %w", err)
	}
	rec.ID = hex.EncodeToString(b[:])
	rec.Created = s.now().UTC()
	data, err := json.Marshal(rec)
	if err != nil {
		return "", fmt.Errorf("archive: encoding the answer: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tmp, err := os.CreateTemp(s.dir, ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("archive: writing the answer: %w", err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.path(rec.ID))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("archive: writing the answer: %w", err)
	}
	return rec.ID, s.prune()
}

// Get returns the record with id, or an error wrapping [ErrNotFound].
func (s *Store) Get(id string) (Record, error) {
	if !idRE.MatchString(id) {
		return Record{}, fmt.Errorf("archive: %q: %w", id, ErrNotFound)
	}
	data, err := os.ReadFile(s.path(id))
	if errors.Is(err, os.ErrNotExist) {
		return Record{}, fmt.Errorf("archive: %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Record{}, fmt.Errorf("archive: reading %s: %w", id, err)
	}
	var rec Record
	if err := json.Unmarshal(data, &rec); err != nil {
		return Record{}, fmt.Errorf("archive: reading %s: %w", id, err)
	}
	if s.expired(rec.Created) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if err := os.Remove(s.path(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return Record{}, fmt.Errorf("archive: removing expired %s: %w", id, err)
		}
		return Record{}, fmt.Errorf("archive: %s expired: %w", id, ErrNotFound)
	}
	return rec, nil
}

// expired reports whether a record made at created is past [Store.MaxAge].
func (s *Store) expired(created time.Time) bool {
	return s.MaxAge > 0 && s.now().Sub(created) > s.MaxAge
}

// Prune removes the records past [Store.Max] and [Store.MaxAge] now (as [Store.Put] does after
// each record), so that a shorter limit set since they were kept deletes them at once.
func (s *Store) Prune() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.prune()
}

// Remove deletes the records kept in dir, and dir itself once empty; a dir that does not exist is
// no error. It is how keeping is turned off: the answers kept before are not left readable.
func Remove(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("archive: listing %s: %w", dir, err)
	}
	var errs []error
	for _, e := range entries {
		if recordFile(e.Name()) || strings.HasPrefix(e.Name(), ".tmp-") {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("archive: removing the answers kept in %s: %w", dir, err)
	}
	os.Remove(dir) // fails, and leaves it, if it holds files the store never wrote
	return nil
}

// recordFile reports whether name is the name of a record's file ("<id>.json").
func recordFile(name string) bool {
	return len(name) == 37 && idRE.MatchString(name[:32]) && filepath.Ext(name) == ".json"
}

func (s *Store) path(id string) string { return filepath.Join(s.dir, id+".json") }

// prune removes the oldest records past Max, and those older than MaxAge (by their files' times,
// which are their records' making); s.mu must be held.
func (s *Store) prune() error {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return fmt.Errorf("archive: listing %s: %w", s.dir, err)
	}
	type kept struct {
		name string
		mod  time.Time
	}
	var files []kept
	for _, e := range entries {
		if recordFile(e.Name()) {
			if info, err := e.Info(); err == nil {
				files = append(files, kept{e.Name(), info.ModTime()})
			}
		}
	}
	slices.SortFunc(files, func(a, b kept) int { return a.mod.Compare(b.mod) })
	old := max(len(files)-s.Max, 0)
	for old < len(files) && s.expired(files[old].mod) {
		old++
	}
	if old == 0 {
		return nil
	}
	var errs []error
	for _, f := range files[:old] {
		if err := os.Remove(filepath.Join(s.dir, f.name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("archive: removing old answers: %w", err)
	}
	return nil
}

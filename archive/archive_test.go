package archive

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
)

func TestPutGetPrune(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "answers")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Max = 3
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	var ids []string
	for i := range 5 {
		rec := Record{Question: "q", Text: string(rune('a' + i)), Citations: []answer.Citation{{N: 1, File: "f.txt"}}}
		id, err := s.Put(rec)
		if err != nil {
			t.Fatalf("Put %d: %v", i, err)
		}
		// File times are what pruning orders by; make them distinct whatever the file system's resolution.
		os.Chtimes(filepath.Join(dir, id+".json"), clock, clock)
		ids = append(ids, id)
	}
	if ids[0] == ids[1] || len(ids[0]) != 32 {
		t.Errorf("IDs %q, want distinct 32-hex-digit IDs", ids[:2])
	}
	for i, id := range ids {
		rec, err := s.Get(id)
		if i < 2 {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(oldest %d) = %v, want ErrNotFound (pruned past Max 3)", i, err)
			}
			continue
		}
		if err != nil || rec.Text != string(rune('a'+i)) || rec.ID != id || len(rec.Citations) != 1 || rec.Created.IsZero() {
			t.Errorf("Get(%d) = %+v, %v", i, rec, err)
		}
	}
	for _, bad := range []string{"", "../../etc/passwd", "ABCDEF", ids[4] + "x"} {
		if _, err := s.Get(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) = %v, want ErrNotFound", bad, err)
		}
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("archive folder mode = %v, %v; want 0700 (answers may be private)", fi.Mode(), err)
	}
}

// A store with MaxAge finds no record older than it, and removes it: on Get, after each Put and on
// Prune (by the file's time, its record's making), so a limit set shorter since deletes at once.
func TestMaxAge(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "answers")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return clock }
	put := func() string {
		id, err := s.Put(Record{Question: "q", Text: "t"})
		if err != nil {
			t.Fatal(err)
		}
		os.Chtimes(filepath.Join(dir, id+".json"), clock, clock)
		return id
	}
	old, older := put(), ""
	clock = clock.Add(-48 * time.Hour)
	older = put()
	clock = clock.Add(48*time.Hour + 23*time.Hour)
	fresh := put() // no MaxAge yet: all three kept
	for _, id := range []string{old, older, fresh} {
		if _, err := s.Get(id); err != nil {
			t.Errorf("Get(%s) with no MaxAge = %v", id, err)
		}
	}
	s.MaxAge = 24 * time.Hour // old is 23 h old, older 71 h, fresh new
	if _, err := s.Get(older); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(71 h old) with MaxAge 24 h = %v, want ErrNotFound", err)
	}
	if _, err := os.Stat(filepath.Join(dir, older+".json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an expired record read is still on disk: %v", err)
	}
	clock = clock.Add(2 * time.Hour) // old is now 25 h old
	if err := s.Prune(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, old+".json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Prune left a record past MaxAge: %v", err)
	}
	if _, err := s.Get(fresh); err != nil {
		t.Errorf("Get(2 h old) with MaxAge 24 h = %v", err)
	}
}

// Remove deletes the records and the folder; files the store never wrote stay, and so does their
// folder; a folder that does not exist is no error.
func TestRemove(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "answers")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(Record{Question: "q"}); err != nil {
		t.Fatal(err)
	}
	if err := Remove(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Remove left the folder: %v", err)
	}
	if err := Remove(dir); err != nil {
		t.Errorf("Remove(no folder) = %v", err)
	}
	s, _ = Open(dir)
	s.Put(Record{Question: "q"})
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600)
	if err := Remove(dir); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "notes.txt" {
		t.Errorf("Remove left %v, want only notes.txt", entries)
	}
}

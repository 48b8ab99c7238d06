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

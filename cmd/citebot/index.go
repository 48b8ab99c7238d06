package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/citebot/citebot/retrieval"
)

// indexReport is the JSON printed by "citebot index --json".
type indexReport struct {
	Files      int   `json:"files"`
	Chunks     int   `json:"chunks"`
	Embedded   int   `json:"embedded"`
	Reused     int   `json:"reused"`
	Removed    int   `json:"removed"`
	DurationMS int64 `json:"duration_ms"`
	// Skipped counts the corpus folder's files that were not read (each has a warning), and
	// SkippedTypes those of types citebot does not read, by extension: {".doc": 2}.
	Skipped      int            `json:"skipped"`
	SkippedTypes map[string]int `json:"skipped_types,omitempty"`
}

func runIndex(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "index")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	corpusFlags(fs, a)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	cfg, err := a.indexConfig()
	if err != nil {
		return err
	}
	st, err := retrieval.Update(ctx, cfg)
	if err != nil {
		return err
	}
	rep := indexReport{st.Files, st.Chunks, st.Embedded, st.Reused, st.Removed, st.Duration.Milliseconds(), st.Skipped.Files, st.Skipped.Types}
	if *asJSON {
		return writeJSON(a.stdout, rep)
	}
	skipped := ""
	if rep.Skipped > 0 {
		skipped = fmt.Sprintf("; %s not read (see the warnings)", plural(rep.Skipped, "file"))
	}
	fmt.Fprintf(a.text(), "indexed %s, %s: %d embedded, %d reused, %d removed in %d ms (data in %s)%s\n",
		plural(rep.Files, "file"), plural(rep.Chunks, "chunk"), rep.Embedded, rep.Reused, rep.Removed, rep.DurationMS, a.cfg.Index.DataDir, skipped)
	return nil
}

// writeJSON writes v as one line of JSON, without escaping <, > and & (the output is read by
// people and scripts, not embedded in HTML).
func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

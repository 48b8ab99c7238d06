package main

import (
	"context"
	"encoding/json"
	"fmt"
)

// indexReport is the JSON printed by "citebot index --json".
type indexReport struct {
	Files      int   `json:"files"`
	Chunks     int   `json:"chunks"`
	Embedded   int   `json:"embedded"`
	Reused     int   `json:"reused"`
	Removed    int   `json:"removed"`
	DurationMS int64 `json:"duration_ms"`
}

func runIndex(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "index")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	corpusFlags(fs, a)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	ix, err := a.openIndex(ctx)
	if err != nil {
		return err
	}
	st := ix.Stats()
	rep := indexReport{st.Files, st.Chunks, st.Embedded, st.Reused, st.Removed, st.Duration.Milliseconds()}
	if *asJSON {
		return writeJSON(a.stdout, rep)
	}
	fmt.Fprintf(a.text(), "indexed %s, %s: %d embedded, %d reused, %d removed in %d ms (data in %s)\n",
		plural(rep.Files, "file"), plural(rep.Chunks, "chunk"), rep.Embedded, rep.Reused, rep.Removed, rep.DurationMS, a.cfg.Index.DataDir)
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

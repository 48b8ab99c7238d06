package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalCommand(t *testing.T) {
	env := baseEnv(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "set.jsonl")
	set := `{"id":"gmv","question":"What was Douyin's GMV in 2024?","file":"001_ac7923d06571d389.txt","paragraph":1,"answer":["3.5 trillion"],"kind":"figure","lang":"en"}
{"id":"none","question":"Who founded Amazon in 1994?","unanswerable":true,"kind":"unanswerable","lang":"en"}
`
	if err := os.WriteFile(good, []byte(set), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, env, "", "eval", good, "--json", "--k", "3")
	if code != 0 {
		t.Fatalf("eval --json: exit %d, stderr %s", code, errOut)
	}
	var rep struct {
		Questions      int                        `json:"questions"`
		RecallAtK      float64                    `json:"recall_at_k"`
		AnswerAccuracy float64                    `json:"answer_accuracy"`
		Abstention     float64                    `json:"abstention"`
		K              int                        `json:"k"`
		ByKind         map[string]json.RawMessage `json:"by_kind"`
		Misses         []map[string]any           `json:"misses"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("eval --json output %q: %v", out, err)
	}
	if rep.Questions != 2 || rep.K != 3 || rep.RecallAtK != 1 || rep.AnswerAccuracy != 1 || rep.Abstention != 1 || len(rep.ByKind) != 2 || rep.Misses == nil {
		t.Errorf("eval --json = %s", out)
	}
	code, out, _ = runCLI(t, env, set, "eval", "-")
	if code != 0 || !strings.Contains(out, "answer accuracy  1.000 (1/1)") || !strings.Contains(out, "by kind") {
		t.Errorf("eval - (stdin): exit %d, output %q", code, out)
	}

	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(set+"{\"question\": \"Why?\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"eval", bad}, 1, "bad.jsonl: line 3: not a question object"}, // cut short
		{[]string{"eval", filepath.Join(dir, "missing.jsonl")}, 1, "read questions"},
		{[]string{"eval"}, 2, "eval needs one FILE"},
		{[]string{"eval", good, "--k", "0"}, 2, "--k must be at least 1"},
	} {
		code, _, errOut := runCLI(t, env, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("citebot %q: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

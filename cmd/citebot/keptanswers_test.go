package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/archive"
)

// CITEBOT_ANSWER_DAYS is read by the one configuration loader: unset is unlimited, 0 is off, a
// number of days is an age limit, and anything else stops serve naming the variable (but not ask,
// which keeps no answers).
func TestAnswerDaysVariable(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "CITEBOT_ANSWER_DAYS" {
				return v
			}
			return ""
		}
	}
	for _, tt := range []struct {
		v    string
		want int
	}{{"", noAgeLimit}, {"unlimited", noAgeLimit}, {"Unlimited", noAgeLimit}, {"0", 0}, {"7", 7}, {"3650", 3650}} {
		c, _, err := loadConfig(env(tt.v), "serve")
		if err != nil || c.AnswerDays != tt.want {
			t.Errorf("CITEBOT_ANSWER_DAYS=%q: %d, %v; want %d", tt.v, c.AnswerDays, err, tt.want)
		}
	}
	for _, bad := range []string{"-1", "3651", "a week", "7d"} {
		_, _, err := loadConfig(env(bad), "serve")
		if err == nil || !strings.Contains(err.Error(), "CITEBOT_ANSWER_DAYS") || !strings.Contains(err.Error(), "nor unlimited") {
			t.Errorf("CITEBOT_ANSWER_DAYS=%q: error %v, want one naming the variable and what is right", bad, err)
		}
		if _, warnings, err := loadConfig(env(bad), "ask"); err != nil || len(warnings) != 1 {
			t.Errorf("ask with CITEBOT_ANSWER_DAYS=%q: %v, warnings %v; want a warning only", bad, err, warnings)
		}
	}
}

// keepAnswer keeps an answer in the data folder as the bot does, made age ago.
func keepAnswer(tb testing.TB, dataDir string, age time.Duration) string {
	tb.Helper()
	dir := filepath.Join(dataDir, "answers")
	s, err := archive.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	id, err := s.Put(archive.Record{Question: "What is Douyin?", Text: "Douyin is a short-video platform [1]."})
	if err != nil {
		tb.Fatal(err)
	}
	file := filepath.Join(dir, id+".json")
	data, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(data, &rec); err != nil {
		tb.Fatal(err)
	}
	made := time.Now().Add(-age).UTC()
	rec["created"] = made
	data, _ = json.Marshal(rec)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	if err := os.Chtimes(file, made, made); err != nil {
		tb.Fatal(err)
	}
	return id
}

// getAnswer fetches /answers/{id} from the server at addr: its status and body.
func getAnswer(tb testing.TB, addr, id string) (int, string) {
	tb.Helper()
	resp, err := http.Get("http://" + addr + "/answers/" + id)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// Through the real server: with CITEBOT_ANSWER_DAYS=7, an answer kept 2 days ago is shown and one
// kept 9 days ago is not, and is deleted when serve starts; with 0, none is shown and those kept
// are deleted; unset, an answer however old is shown.
func TestServeKeptAnswerDays(t *testing.T) {
	env := baseEnv(t)
	data := env["CITEBOT_DATA_DIR"]
	fresh, old := keepAnswer(t, data, 48*time.Hour), keepAnswer(t, data, 9*24*time.Hour)
	file := func(id string) string { return filepath.Join(data, "answers", id+".json") }

	serve := func(days string, check func(addr string)) {
		t.Helper()
		addr := freeAddr(t)
		env["CITEBOT_HTTP_ADDR"] = addr
		env["CITEBOT_ANSWER_DAYS"] = days
		stop := startServe(t, env)
		waitHealthy(t, addr)
		check(addr)
		if code, logs := stop(); code != 0 {
			t.Errorf("CITEBOT_ANSWER_DAYS=%q: serve exit %d; log:\n%s", days, code, logs)
		}
	}
	serve("", func(addr string) {
		for _, id := range []string{fresh, old} {
			if code, body := getAnswer(t, addr, id); code != http.StatusOK || !strings.Contains(body, "short-video platform") {
				t.Errorf("unlimited: GET /answers/%s = %d, want the answer", id, code)
			}
		}
	})
	serve("7", func(addr string) {
		if _, err := os.Stat(file(old)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("7 days: an answer kept 9 days ago is still on disk once serve started: %v", err)
		}
		if code, body := getAnswer(t, addr, old); code != http.StatusNotFound || !strings.Contains(body, "expired") {
			t.Errorf("7 days: GET /answers/(9 days old) = %d %.200q, want 404 saying it may have expired", code, body)
		}
		if code, body := getAnswer(t, addr, fresh); code != http.StatusOK || !strings.Contains(body, "short-video platform") {
			t.Errorf("7 days: GET /answers/(2 days old) = %d, want the answer", code)
		}
	})
	serve("0", func(addr string) {
		if code, body := getAnswer(t, addr, fresh); code != http.StatusNotFound || !strings.Contains(body, "no answers are kept") {
			t.Errorf("0 days: GET /answers/(2 days old) = %d %.200q, want 404 saying none are kept", code, body)
		}
		if _, err := os.Stat(filepath.Join(data, "answers")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("0 days: the kept answers are still on disk: %v", err)
		}
	})
}

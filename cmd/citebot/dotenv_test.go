package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joho/godotenv"
)

func TestDotenvErrorsNameTheLineNotTheValue(t *testing.T) {
	const secret = "sk-proj-SECRET-0123456789"
	tests := []struct {
		name, file string
		want       []string // each must appear in the error
	}{
		{"unterminated quote", "CITEBOT_LOG_LEVEL=info\n\nOPENAI_API_KEY=\"" + secret + "\nDISCORD_TOKEN=" + secret + "\n",
			[]string{".env:3: OPENAI_API_KEY: the quoted value has no closing double quote"}},
		{"bad line above the key", "CITEBOT_LOG_LEVEL=info\nthis is not a setting\nOPENAI_API_KEY=" + secret + "\n",
			[]string{".env:2: not a NAME=value line"}},
		{"a bare secret", "# keys\n" + secret + "\n",
			[]string{".env:2: not a NAME=value line"}},
		{"single quote", "export DISCORD_TOKEN='" + secret + "\n",
			[]string{".env:1: DISCORD_TOKEN: the quoted value has no closing single quote"}},
		{"text after the quote", "OPENAI_API_KEY=\"" + secret + "\" " + secret + "\n",
			[]string{".env:1: OPENAI_API_KEY: unexpected text after the closing quote"}},
		{"two problems", "A B=1\nOK=1\n=x\n",
			[]string{".env:1:", ".env:3:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if err := os.WriteFile(".env", []byte(tt.file), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCLI(t, map[string]string{}, "", "index")
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
			if strings.Contains(out+errOut, "SECRET") || strings.Contains(errOut, "is not a setting") {
				t.Errorf("the error shows the file's text: %q", errOut)
			}
		})
	}
}

func TestDotenvAcceptsWhatGodotenvParses(t *testing.T) {
	good := "# comment\n\nexport A=1\nB = two words # trailing comment\nC: yaml\nD=\"multi\nline\"\nF=\"esc \\\" quote\" # c\nG.H_1=\n"
	if p := checkDotenv(good); len(p) > 0 {
		t.Fatalf("checkDotenv(good) = %v, want none", p)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	if err := os.WriteFile(path, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	vars, err := readDotenv(path)
	if err != nil {
		t.Fatal(err)
	}
	if vars["A"] != "1" || vars["B"] != "two words" || vars["C"] != "yaml" || vars["D"] != "multi\nline" || vars["F"] != `esc " quote` {
		t.Errorf("readDotenv = %q", vars)
	}
	if vars, err := readDotenv(filepath.Join(dir, "missing")); err != nil || vars != nil {
		t.Errorf("missing .env: %v, %v; want nothing and no error", vars, err)
	}
}

// FuzzDotenvCheck: whatever checkDotenv accepts, godotenv parses, so godotenv's own error (which
// quotes the file) is never needed.
func FuzzDotenvCheck(f *testing.F) {
	for _, s := range []string{"A=1\n", "A=\"x\ny\"\n", "export B='q'\n", "A=\"x\" # c\n", "X: y", "A=\"\\\"\"", "#c\n\n B=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(checkDotenv(s)) > 0 {
			return
		}
		if _, err := godotenv.Unmarshal(s); err != nil {
			t.Errorf("checkDotenv accepted %q but godotenv says %v", s, err)
		}
	})
}

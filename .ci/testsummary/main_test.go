package main

import (
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	in := `{"Action":"run","Package":"a","Test":"TestOK"}
{"Action":"output","Package":"a","Test":"TestOK","Output":"quiet\n"}
{"Action":"pass","Package":"a","Test":"TestOK","Elapsed":0.1}
{"Action":"run","Package":"a","Test":"TestBad"}
{"Action":"output","Package":"a","Test":"TestBad","Output":"    bad_test.go:3: boom\n"}
{"Action":"fail","Package":"a","Test":"TestBad","Elapsed":0.2}
{"Action":"skip","Package":"a","Test":"TestMaybe","Elapsed":0}
{"Action":"fail","Package":"a","Elapsed":1.5}
{"Action":"pass","Package":"b","Test":"TestB/sub","Elapsed":0}
{"Action":"pass","Package":"b","Test":"TestB","Elapsed":0}
{"Action":"pass","Package":"b","Elapsed":0.5}
`
	var out strings.Builder
	if code := summarize(strings.NewReader(in), &out); code != 1 {
		t.Errorf("exit %d with a failing test, want 1", code)
	}
	got := out.String()
	for _, want := range []string{"bad_test.go:3: boom", "a  ", "      1      1      1      1.5  FAIL", "      2      0      0      0.5", "total", "      3      1      1      2.0"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "quiet") {
		t.Errorf("summary shows a passing test's output:\n%s", got)
	}
	out.Reset()
	if code := summarize(strings.NewReader(`{"Action":"pass","Package":"b","Elapsed":0.5}`+"\n"), &out); code != 0 {
		t.Errorf("exit %d when all pass, want 0:\n%s", code, out.String())
	}
	if code := summarize(strings.NewReader("no json at all\n"), &out); code != 1 {
		t.Error("exit 0 with no package result, want 1")
	}
}

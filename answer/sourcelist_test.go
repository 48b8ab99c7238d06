package answer

import (
	"fmt"
	"testing"
)

// A list of sources is read from a header's line or a line under a header: ids, markers and names
// of offered sources; a name after a number gives the source; anything else is no list.
func TestListLines(t *testing.T) {
	sc := scanner{refs: newSourceRefs(refSources)}
	tests := []struct {
		line   string
		header bool   // the line starts with its header
		want   string // the entries, "" when the line is no list
	}{
		{"Sources: S1, S3", true, "[[1] [3]]"},
		{"**Sources:** [S1], [S6]", true, "[[1] [6]]"},
		{"Fuentes: [1], [2]", true, "[[1] [2]]"},
		{"来源：S1、S4", true, "[[1] [4]]"},
		{"References: 003_4fda5065e9bafefa.txt; 000_c3c0d2fced9bc6e6.txt", true, "[[6] [1]]"},
		{"Sources: 【1†source】【4†source】", true, "[[1] [4]]"},
		{"Source: S1 says Douyin grew.", true, ""},
		{"Sources: the articles agree.", true, ""},
		{"Sources:", true, ""},
		{"Sourcing: S1", true, ""},
		{"- 004_8b8eead7925c9339.txt, paragraph 61", false, "[[5]]"},
		{"[2] 003_4fda5065e9bafefa.txt", false, "[[6]]"},
		{"1. 13 years of Alibaba e-commerce: Zhang Yong's merits and demerits", false, "[[4 5]]"},
		{`- [S2]: "Douyin is a good teacher"`, false, "[[2]]"},
		{"S3 — the practitioner's article", false, "[[3]]"},
		{"- 009.txt", false, ""},
		{"Thanks for asking.", false, ""},
	}
	for _, tt := range tests {
		var got [][]int
		var ok bool
		if tt.header {
			got, ok = sc.listLine(tt.line)
		} else {
			got, ok = sc.listed(tt.line, false)
		}
		s := ""
		if ok {
			s = fmt.Sprint(got)
		}
		if s != tt.want {
			t.Errorf("list %q = %q, want %q", tt.line, s, tt.want)
		}
	}
}

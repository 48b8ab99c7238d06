package answer

import "testing"

func TestFindSentinel(t *testing.T) {
	tests := []struct {
		line, rest string // rest: the line after the sentinel; "-" when there is none
	}{
		{"NOT_IN_SOURCES", ""},
		{"NOT_IN_SOURCES: The sources do not say.", "The sources do not say."},
		{"**NOT_IN_SOURCES** — nothing", "nothing"},
		{"`NOT_IN_SOURCES`", ""},
		{"I'm sorry, but NOT_IN_SOURCES: the sources are silent.", "the sources are silent."},
		{"not in sources - no data", "no data"},
		{"NOT-IN-SOURCE.", ""},
		{"The GMV rose [S1].", "-"},
	}
	for _, tt := range tests {
		_, end, ok := findSentinel(tt.line)
		got := "-"
		if ok {
			got = tt.line[end:]
		}
		if got != tt.rest {
			t.Errorf("findSentinel(%q) leaves %q, want %q", tt.line, got, tt.rest)
		}
	}
}

func TestIsRefusalSentence(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"The sources do not contain any information about Amazon's revenue.", true},
		{"The provided passages don't mention Amazon.", true},
		{"The sources say nothing about Amazon.", true},
		{"There is no information about this in the provided sources.", true},
		{"I cannot find the answer in the sources.", true},
		{"I'm sorry, but I can't answer that from the provided documents.", true},
		{"Las fuentes no mencionan los ingresos de Amazon.", true},
		{"No hay información sobre esto en las fuentes.", true},
		{"资料中没有提到亚马逊的收入。", true},
		{"提供的资料未包含这一信息。", true},
		{"无法回答这个问题。", true},
		{"Douyin's GMV was over 3.5 trillion yuan in 2024.", false},
		{"The sources show that Douyin grew 30%.", false},
		{"Las fuentes indican que WeChat es popular.", false},
		{"资料显示抖音增长很快。", false},
	}
	for _, tt := range tests {
		if got := isRefusalSentence(tt.s); got != tt.want {
			t.Errorf("isRefusalSentence(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

package text

import (
	"slices"
	"testing"
)

// A person named in Chinese is found after a word for a person or a post, or alone before a verb
// of saying; a surname character inside a run of words is not one (高管表示, 曾公开表示).
func TestHanPersons(t *testing.T) {
	for s, want := range map[string][]string{
		"每月第二个星期六上午11点，志愿者王晓雯为中文游客提供免费讲解。": {"王晓雯"},
		"共配中心负责人李春梅说，过去五家快递各跑各的。":          {"李春梅"},
		"港边分馆馆长林雨桐和馆员何思远都会说普通话和粤语。":        {"林雨桐", "何思远"},
		"黄敏认为，价格战不会持续太久。":                  {"黄敏"},
		"作者：陈思远":         {"陈思远"},
		"一位高管表示，公司不会降价。": nil,
		"他曾公开表示反对。":      nil,
		"由于天气原因，航班取消。":   nil,
		"这是高峰期。":         nil,
	} {
		if got := hanPersons(s); !slices.Equal(got, want) {
			t.Errorf("hanPersons(%q) = %q, want %q", s, got, want)
		}
	}
}

package answer

import (
	"testing"

	"github.com/citebot/citebot/internal/seedindex"
	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/retrieval"
)

// A bare marker's claim is supported by figures, platforms and terms, in any language; a claim with
// a figure or a platform the passage does not have is not, however many words it shares.
func TestSupports(t *testing.T) {
	ix := seedindex.Open(t)
	tiktok := retrieval.Passage{Text: "When Tiktok and Kwai realize , It's possible to make a GMV Trillions of dollars of e-commerce platforms , After adding trillion yuan to your valuation ."}
	v := newVerifier([]retrieval.Passage{{Text: seed001}, tiktok, testSources[2]}, links.Builder{}, ix.Lexicon())
	tests := []struct {
		claim string
		k     int
		want  bool
	}{
		{"Its 2024 sales topped ¥3.5tn", 1, true},
		{"抖音2024年的GMV超过3.5万亿元", 1, true},
		{"El GMV de Douyin superó los 3,5 billones de yuanes en 2024", 1, true},
		{"Douyin grew remarkably", 1, true},
		{"Tiktok's success comes from traffic, algorithm and content", 1, true},
		{"Douyin's GMV exceeded 3.5 trillion yuan in 2024", 2, false}, // shares GMV, trillion, yuan
		{"Kuaishou's GMV was over 3.5 trillion yuan in 2024", 1, false},
		{"Douyin's GMV was over 4 trillion yuan in 2024", 1, false},
		{"Douyin sold cars in 2024", 1, false},
		// The right figures, moving the other way: the source says Douyin grew.
		{"Douyin's GMV fell to 3.5 trillion yuan in 2024", 1, false},
		{"Douyin's GMV rose to 3.5 trillion yuan in 2024", 1, true},
		{"抖音2024年的GMV下降到3.5万亿元", 1, false},
		{"It is growing", 1, false},
		{"La popularidad de WeChat y Alipay facilitó las compras", 3, true},
		{"Mobile payment through WeChat and Alipay is popular", 3, true},
	}
	for _, tt := range tests {
		_, got := v.supports(tt.k, tt.claim)
		if got != tt.want {
			t.Errorf("supports(S%d, %q) = %v, want %v", tt.k, tt.claim, got, tt.want)
		}
	}
}

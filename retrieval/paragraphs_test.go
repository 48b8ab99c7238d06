package retrieval

import (
	"context"
	"testing"
)

func TestSearchParagraphs(t *testing.T) {
	ix := openSeeds(t)
	ctx := context.Background()
	for _, q := range []string{"Zhang Yong Taobao Mall Double 11", "Douyin live e-commerce Kwai", "微信 支付宝"} {
		chunks, err := ix.Search(ctx, q, 40)
		if err != nil {
			t.Fatal(err)
		}
		paras, err := ix.SearchParagraphs(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[[2]any]bool{}
		for _, p := range paras {
			k := [2]any{p.File, p.Paragraph}
			if seen[k] {
				t.Errorf("%q: %s ¶%d listed twice", q, p.File, p.Paragraph)
			}
			seen[k] = true
			d, _ := ix.Document(p.File)
			if d.Text[p.StartByte:p.EndByte] != p.Text {
				t.Errorf("%q: %s ¶%d text is not the file's bytes [%d:%d]", q, p.File, p.Paragraph, p.StartByte, p.EndByte)
			}
			// The merged span covers every retrieved chunk of the paragraph that ranked above it.
			for _, c := range chunks[:min(len(chunks), 4*10)] {
				if c.File == p.File && c.Paragraph == p.Paragraph && (c.StartByte < p.StartByte || c.EndByte > p.EndByte) {
					t.Errorf("%q: chunk [%d,%d) of %s ¶%d outside the merged span [%d,%d)", q, c.StartByte, c.EndByte, c.File, c.Paragraph, p.StartByte, p.EndByte)
				}
			}
		}
		if len(paras) == 0 || paras[0].Weak {
			t.Errorf("%q: top paragraph %v is missing or weak, but the query's words are in the corpus", q, paras)
		}
	}
	paras, err := ix.SearchParagraphs(ctx, "zzzzqqq xyzzy", 5)
	if err != nil || len(paras) == 0 {
		t.Fatalf("SearchParagraphs(nonsense) = %v, %v; want the nearest passages", paras, err)
	}
	for _, p := range paras {
		if !p.Weak {
			t.Errorf("nonsense query: %s ¶%d not marked weak", p.File, p.Paragraph)
		}
	}
}

package answer

import (
	"context"
	"fmt"
	"testing"

	"github.com/citebot/citebot/text"
)

// TestTermSignatures checks that a sentence's signature never rules out a term it holds, and that
// the coverage of the windows scored for the golden questions, which reads the signatures, is the
// coverage of their sentences read term by term.
func TestTermSignatures(t *testing.T) {
	e := newOfflineEngine(t)
	c := e.c
	ruledOut, sentences := 0, 0
	var probes []termSig // terms no sentence holds
	for i := 0; i < 64; i++ {
		probes = append(probes, c.termBits(fmt.Sprintf("zzz-no-such-term-%d", i)))
	}
	for _, d := range c.docs {
		sigs := c.sigs[d]
		if len(sigs) != len(d.Sentences) {
			t.Fatalf("%s: %d signatures for %d sentences", d.File, len(sigs), len(d.Sentences))
		}
		for i := range d.Sentences {
			sentences++
			for _, term := range d.Sentences[i].Terms {
				if !sigs[i].mayHold(c.termBits(term)) {
					t.Fatalf("%s, sentence %d: its signature rules out its term %q", d.File, i, term)
				}
			}
			for _, probe := range probes {
				if !sigs[i].mayHold(probe) {
					ruledOut++
				}
			}
		}
	}
	// The hash is seeded afresh for each corpus, so one probe term may land on two bits that many
	// sentences share (one CI run ruled a single probe out of 176 of 237 sentences); the rate over
	// many probes is what the signature buys.
	if checks := sentences * len(probes); ruledOut < checks*3/4 {
		t.Errorf("signatures rule a term out of %d of %d sentence-term pairs, want most", ruledOut, checks)
	}

	ctx := context.Background()
	g := loadGolden(t)
	qs := g.Unanswerable
	for _, a := range g.Answerable {
		qs = append(qs, a.Q)
	}
	compared := 0
	for _, q := range qs {
		res, err := e.ix.Search(ctx, q, offlinePassages)
		if err != nil {
			t.Fatal(err)
		}
		an := c.analyse(q)
		w := newWindows(c, &an, 0)
		for _, r := range res {
			for s := range c.sentencesOf(&r.Passage) {
				got := w.cover(s.doc, s.i)
				for k, grp := range an.groupsIn(s.doc) {
					compared++
					if want := coverage(s.sent(), grp); got[k] != want {
						t.Errorf("%q: sentence %d of %s covers group %d at %v, read term by term %v", q, s.i, s.doc.File, k, got[k], want)
					}
				}
			}
		}
	}
	if compared < 1000 {
		t.Errorf("compared %d coverages, want many", compared)
	}
}

// TestWordStems checks that a question's stems, computed once, are its words' stems, and that a
// word changed from the question's (a name in pinyin read as no name) is stemmed as it is.
func TestWordStems(t *testing.T) {
	for _, tt := range []struct{ q, lang string }{
		{"Which shops did Suning open in Nanjing before 2010?", text.English},
		{"¿Cuántos Puntos Limpios abrió Valdemora en 2023?", text.Spanish},
	} {
		ws := text.Words(tt.q)
		st := newWordStems(ws, tt.lang)
		for pass := 0; pass < 2; pass++ {
			for i, w := range ws {
				if got, want := st.of(i, w), text.Stem(w, tt.lang); got != want {
					t.Errorf("%q, word %d (%q): stem %q, want %q", tt.q, i, w.Lower, got, want)
				}
				changed := w
				changed.Upper = !w.Upper
				if got, want := st.of(i, changed), text.Stem(changed, tt.lang); got != want {
					t.Errorf("%q, word %d (%q) with Upper %v: stem %q, want %q", tt.q, i, w.Lower, changed.Upper, got, want)
				}
			}
		}
	}
}

package text

import (
	"slices"
	"testing"
)

// meet reports whether the English word en and the Spanish word es are cognates both ways: the
// stem of each finds the other's in a vocabulary holding both.
func meet(en, es string) bool {
	se, ss := Stem(Words(en)[0], English), Stem(Words(es)[0], Spanish)
	vocab := []string{se, ss}
	slices.Sort(vocab)
	c := NewCognates(vocab)
	return slices.Contains(c.Of(se, English), ss) && slices.Contains(c.Of(ss, Spanish), se)
}

func TestCognatesMeet(t *testing.T) {
	for _, p := range [][2]string{
		{"volunteer", "voluntarios"}, {"volunteers", "voluntariado"}, {"stadium", "estadio"},
		{"minimum", "mínima"}, {"experience", "experiencia"}, {"monetization", "monetización"},
		{"characterise", "caracteriza"}, {"representative", "representante"},
		{"station", "estación"}, {"special", "especial"}, {"famous", "famoso"},
		{"question", "cuestión"}, {"commerce", "comercio"}, {"photography", "fotografía"},
		{"action", "acción"}, {"function", "función"}, {"necessary", "necesario"},
		{"system", "sistema"}, {"structure", "estructura"}, {"frequency", "frecuencia"},
		{"organize", "organizar"}, {"technology", "tecnología"}, {"character", "carácter"},
	} {
		if !meet(p[0], p[1]) {
			t.Errorf("%q and %q do not meet: keys %q %q", p[0], p[1],
				cognateKey(Stem(Words(p[0])[0], English), English), cognateKey(Stem(Words(p[1])[0], Spanish), Spanish))
		}
	}
}

func TestCognatesKeepApart(t *testing.T) {
	for _, p := range [][2]string{
		// False friends.
		{"assist", "asistir"}, {"embarrassed", "embarazada"}, {"library", "librería"},
		{"realize", "realizar"}, {"success", "suceso"},
		// Short spellings: too short to tell a cognate ("museum", "museo") from a false friend
		// ("mark", "marca": a brand).
		{"mark", "marca"}, {"museum", "museo"},
		// Short words and words that only share a beginning.
		{"age", "edad"}, {"sale", "salir"}, {"pan", "pan"}, {"parent", "parte"}, {"once", "once"},
		{"museum", "musical"}, {"station", "estatua"},
	} {
		if meet(p[0], p[1]) {
			t.Errorf("%q and %q meet, want apart", p[0], p[1])
		}
	}
	// Not across other languages, nor for numbers.
	c := NewCognates([]string{"2024", "museo", "博物馆"})
	if got := c.Of("2024", English); got != nil {
		t.Errorf("Of(2024) = %q", got)
	}
	if got := c.Of("博物馆", Chinese); got != nil {
		t.Errorf("Of(博物馆) = %q", got)
	}
	var none *Cognates
	if got := none.Of("museum", English); got != nil {
		t.Errorf("nil Cognates: Of = %q", got)
	}
}

// TestCognatesOfStemmedWord checks that a word's cognates from its stem at hand are those of the
// word: none for a name inside a sentence, a number or a stop word.
func TestCognatesOfStemmedWord(t *testing.T) {
	c := NewCognates([]string{"2024", "estacion", "station", "taobao", "volunt", "voluntari"})
	for _, tt := range []struct {
		in, lang string
		want     []string
	}{
		{"the volunteers", English, []string{"voluntari"}},
		{"las estaciones", Spanish, []string{"station"}},
		{"en la estación de Taobao", Spanish, nil},
		{"in 2024", English, nil},
	} {
		ws := Words(tt.in)
		w := ws[len(ws)-1]
		got := c.OfStemmedWord(w, Stem(w, tt.lang), tt.lang)
		if !slices.Equal(got, tt.want) || !slices.Equal(got, c.OfWord(w, tt.lang)) {
			t.Errorf("OfStemmedWord(%q) = %q, want %q (OfWord: %q)", w.Lower, got, tt.want, c.OfWord(w, tt.lang))
		}
	}
	ws := Words("las del")
	if got := c.OfStemmedWord(ws[1], Stem(ws[1], Spanish), Spanish); got != nil {
		t.Errorf("OfStemmedWord(del) = %q, want none", got)
	}
}

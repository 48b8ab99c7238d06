package text

import (
	"slices"
	"testing"
)

// TestAuxiliariesAreStopwords: the auxiliaries and modals of a Spanish question are function
// words, as their English counterparts are; the content words beside them are not.
func TestAuxiliariesAreStopwords(t *testing.T) {
	for q, want := range map[string][]string{
		"What do I have to do before I can upgrade?":         {"upgrade"},
		"¿Qué tengo que hacer para poder actualizar?":        {"actualizar"},
		"¿Cuántas clases tiene el trimestre de verano?":      {"clases", "trimestre", "verano"},
		"¿Puedo tener mi propia impresora en la residencia?": {"propia", "impresora", "residencia"},
		"¿Debo pagar la fianza?":                             {"pagar", "fianza"},
	} {
		var got []string
		for _, w := range Words(q) {
			if !IsStopword(w) {
				got = append(got, w.Lower)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("content words of %q = %q, want %q", q, got, want)
		}
	}
}

// TestNumberTerms: a figure is one search term however the text's language writes its thousands,
// as FiguresIn reads it as one figure; a decimal stays a decimal.
func TestNumberTerms(t *testing.T) {
	for _, c := range []struct{ s, lang, want string }{
		{"12.500", Spanish, "12500"},
		{"12,500", English, "12500"},
		{"12500", English, "12500"},
		{"1.000.000", English, "1000000"}, // two dots part thousands in any language
		{"1.000.000", Spanish, "1000000"},
		{"2.500", English, "2.500"}, // one dot in English is a decimal point
		{"2.500", Chinese, "2.500"},
		{"36,8", Spanish, "36.8"}, // a decimal comma
		{"3.14", Spanish, "3.14"},
		{"1234.567", Spanish, "1234.567"}, // a group of four digits before the dot: no thousands
		{"1.23.456", Spanish, "1.23.456"},
	} {
		ws := Words(c.s)
		if len(ws) != 1 {
			t.Fatalf("Words(%q) = %d words", c.s, len(ws))
		}
		if got := Stem(ws[0], c.lang); got != c.want {
			t.Errorf("Stem(%q, %s) = %q, want %q", c.s, c.lang, got, c.want)
		}
	}
}

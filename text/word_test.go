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

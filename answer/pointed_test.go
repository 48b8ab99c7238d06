package answer

import "testing"

// A question that points at documents by their language ("the Spanish guide", "la guía china")
// is answered from them, even where a document in another language shares more of its words.
func TestPointedAtDocumentLanguage(t *testing.T) {
	e := corpusEngine(t, map[string]string{
		"maintenance.md": "# Maintenance\n\nWe recommend running prune once a month, on the first Saturday at 03:00, " +
			"because prune rewrites pack files and needs the repository to itself.\n",
		"guia.md":  "# Guía rápida\n\nRecomendamos ejecutar prune los domingos a las 05:00, cuando nadie hace copias.\n",
		"运维指南.txt": "运维指南\n\n我们建议每周三晚上十点运行 prune，因为那时服务器最空闲。\n",
	})
	for _, c := range []struct{ q, file string }{
		{"When does the Spanish guide recommend running prune?", "guia.md"},
		{"¿Cuándo recomienda la guía china ejecutar prune?", "运维指南.txt"},
		{"西班牙语指南建议什么时候运行 prune？", "guia.md"},
		// Pointing at no document: the best match, whatever its language.
		{"When do you recommend running prune, and why?", "maintenance.md"},
	} {
		a := ask(t, e, c.q)
		if a.Abstained || len(a.Citations) == 0 {
			t.Errorf("%q: abstained: %s", c.q, a.Text)
			continue
		}
		if got := a.Citations[0].File; got != c.file {
			t.Errorf("%q: cited %s, want %s: %s", c.q, got, c.file, a.Text)
		}
	}
	// A language no document is in points nowhere: the question is answered as if it did not.
	if a := ask(t, e, "When does the English guide recommend running prune?"); a.Abstained || a.Citations[0].File != "maintenance.md" {
		t.Errorf("English guide: %s", a.Text)
	}
}

package text

import (
	"slices"
	"strings"
	"testing"
)

// An operator's names file adds the names of a thing the documents never define and drops a name
// read wrong; the names the documents define otherwise stay as they are.
func TestCorrectNames(t *testing.T) {
	l := NewLexicon(nil, nil)
	d := definedNames(
		"Staff on the quay wear Personal Protective Equipment (PPE) at all times.",
		"Boats are run by Orrin Ferries (formerly Marsh Line) every hour.",
		"Tickets for KVS (Kestrel Valley Sound) go on sale in March.",
	)
	r, err := ParseNameRules([]byte(`{"names": [["Thistle Link", "TL"], ["Marsh Line", "the Old Line"]], "not": ["Personal Protective Equipment", " the kestrel  valley sound "]}`))
	if err != nil {
		t.Fatal(err)
	}
	c := l.CorrectNames(d, r)
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"TL", []string{"Thistle Link"}},                      // added
		{"Thistle Link", []string{"TL"}},                      //
		{"Old Line", []string{"Marsh Line", "Orrin Ferries"}}, // joined to the documents' thing
		{"Orrin Ferries", []string{"Marsh Line", "Old Line"}}, //
		{"PPE", nil},                           // its one other name dropped
		{"Personal Protective Equipment", nil}, //
		{"KVS", nil},                           // dropped, matched folded
	} {
		if got := fellowsOf(c, tc.name); !slices.Equal(got, tc.want) {
			t.Errorf("corrected, the other names of %q = %q, want %q", tc.name, got, tc.want)
		}
	}
	// The documents' names are left as they were, and no rules change nothing.
	if got := fellowsOf(d, "PPE"); !slices.Equal(got, []string{"Personal Protective Equipment"}) {
		t.Errorf("the documents' names changed: PPE = %q", got)
	}
	if l.CorrectNames(d, nil) != d || l.CorrectNames(d, &NameRules{}) != d {
		t.Error("no rules made other names")
	}
	if got := l.CorrectNames(nil, r).Groups(); len(got) != 2 {
		t.Errorf("rules over a corpus that defines no names: %q, want the two groups added", got)
	}
}

// A names file that cannot be read says where it is wrong.
func TestParseNameRulesErrors(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{`{"names": [["RDS"]]}`, "names[0] has 1 name(s)"},
		{`{"names": [["RDS", " "]]}`, "names[0][1] is empty"},
		{`{"not": [""]}`, "not[0] is empty"},
		{`{"nmes": []}`, `unknown field "nmes"`},
		{`["RDS"]`, "not a names file"},
		{`{"not": ["x"]} {}`, "more after its one JSON object"},
		{`{"not": ["` + strings.Repeat("x", maxNameBytes+1) + `"]}`, "not[0] is"},
	} {
		if _, err := ParseNameRules([]byte(c.data)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseNameRules(%.40q) = %v, want an error saying %q", c.data, err, c.want)
		}
	}
	if r, err := ParseNameRules([]byte(`{}`)); err != nil || len(r.Names)+len(r.Not) != 0 {
		t.Errorf("an empty names file: %v, %v", r, err)
	}
}

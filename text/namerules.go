package text

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// NamesFile is the file beside a corpus's documents in which its operator corrects the names the
// documents define for one another (see [NameRules]).
const NamesFile = "names.json"

// NameRules are an operator's corrections to the names a corpus's documents define
// ([DefinedNames]), read from [NamesFile]. Names are groups of names of one thing to add, as if a
// document defined them ("Thistle Link" and "TL"); Not are names never taken as a name of anything
// ("Protective Equipment", where the documents wrote "Personal Protective Equipment (PPE)" in a way
// that was read wrong). A name in Not leaves its thing's other names together.
type NameRules struct {
	Names [][]string `json:"names,omitempty"`
	Not   []string   `json:"not,omitempty"`
}

// ParseNameRules reads rules in the [NamesFile] format:
//
//	{"names": [["Thistle Link", "TL"]], "not": ["Protective Equipment"]}
//
// Unknown fields, a group of fewer than two names and an empty or overlong name are errors, each
// named by where it stands.
func ParseNameRules(data []byte) (*NameRules, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r NameRules
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf(`not a names file ({"names": [["Research Data Store", "RDS"]], "not": ["Data Store"]}): %w`, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("not a names file: more after its one JSON object")
	}
	check := func(where, name string) error {
		switch t := strings.TrimSpace(name); {
		case t == "":
			return fmt.Errorf("%s is empty", where)
		case len(t) > maxNameBytes:
			return fmt.Errorf("%s is %d bytes long; a name is at most %d", where, len(t), maxNameBytes)
		}
		return nil
	}
	for i, g := range r.Names {
		if len(g) < 2 {
			return nil, fmt.Errorf("names[%d] has %d name(s); a group needs two or more names of one thing", i, len(g))
		}
		for j, n := range g {
			if err := check(fmt.Sprintf("names[%d][%d]", i, j), n); err != nil {
				return nil, err
			}
		}
	}
	for i, n := range r.Not {
		if err := check(fmt.Sprintf("not[%d]", i), n); err != nil {
			return nil, err
		}
	}
	return &r, nil
}

// CorrectNames returns d with the rules r applied: the groups of r.Names joined to the names the
// documents define (a group that shares a name with one of theirs joins it; a name's leading article
// is not kept, as in the documents), and the names of
// r.Not dropped from every thing (a thing left with one name has no other). A nil or empty r
// returns d itself.
func (l *Lexicon) CorrectNames(d *DefinedNames, r *NameRules) *DefinedNames {
	if r == nil || len(r.Names) == 0 && len(r.Not) == 0 {
		return d
	}
	b := namesBuilder{l: l, index: map[string]int{}, not: map[string]bool{}, named: map[int]bool{}}
	for _, n := range r.Not {
		b.not[foldName(ruleName(n))] = true
	}
	if d != nil {
		for i, f := range d.forms {
			x := b.insert(f)
			for _, k := range d.fellows[i] {
				b.join(x, b.insert(d.forms[k]))
			}
		}
	}
	for _, g := range r.Names {
		first := -1
		for _, n := range g {
			n = ruleName(n)
			x, ok := b.form(n, "", 0, len(n))
			if !ok {
				continue
			}
			b.forms[x].translation = false // a name its rules give is no guess
			if first < 0 {
				first = x
			} else {
				b.join(first, x)
			}
		}
	}
	return b.build()
}

// ruleName is a name as a names file writes it, without the spaces around it and a leading
// article, which the documents' names do not keep either ("the Old Line" is "Old Line").
func ruleName(n string) string {
	n = strings.TrimSpace(n)
	if ws := Words(n); len(ws) > 1 && nameArticles[ws[0].Folded] {
		n = n[ws[1].Start:]
	}
	return n
}

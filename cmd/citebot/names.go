package main

import (
	"context"
	"fmt"
	"strings"
)

// runNames lists the names the documents define for one another (see text.DefinedNames): what a
// question may call a thing by that the answer's text calls otherwise.
func runNames(ctx context.Context, a *app, args []string) error {
	fs := newFlags(a, "names")
	asJSON := fs.Bool("json", false, "print the names as JSON")
	corpusFlags(fs, a)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	ix, err := a.openIndex(ctx)
	if err != nil {
		return err
	}
	groups := ix.DefinedNames().Groups()
	if groups == nil {
		groups = [][]string{}
	}
	if *asJSON {
		return writeJSON(a.stdout, map[string]any{"names": groups})
	}
	w := a.text()
	if len(groups) == 0 {
		fmt.Fprintln(w, `The documents define no names for one another: no abbreviation in brackets ("Research Data Store (RDS)"), `+
			`no "formerly", "also known as" or "nicknamed". A names.json beside them can add some `+
			`({"names": [["Research Data Store", "RDS"]]}); a platforms.json can name things and their aliases.`)
		return nil
	}
	for _, g := range groups {
		fmt.Fprintln(w, strings.Join(g, " = "))
	}
	return nil
}

package answer

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/citebot/citebot/retrieval"
)

// A citation of a table row has, in JSON, "column_names" (the names split from its header row as
// Markdown reads it, an escaped bar a bar of its name, an unnamed column "") beside "columns" as the
// document writes the header row; every other field is as before, a citation that is no table row has
// no "column_names", and decoding gives the citation back.
func TestCitationJSONColumnNames(t *testing.T) {
	row := Citation{N: 2, File: "lessons.md", Paragraph: 2, StartLine: 3, EndLine: 6, Quote: "| Summer 2026 | <b>20 April</b> & on |",
		Text: "…", URL: "https://citebot.example.org/sources/lessons.md#p2", Title: "Lessons", QuoteStart: 10, QuoteEnd: 50,
		Columns: `| Term | First week starts | | Pool \| lanes |`, PageSpan: retrieval.PageSpan{Page: 3}}
	b, err := json.Marshal(row)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"column_names", "columns", "end_line", "file", "n", "page", "paragraph", "quote", "quote_end_byte",
		"quote_start_byte", "start_line", "text", "title", "url"}; !slices.Equal(keys, want) {
		t.Errorf("citation JSON keys = %v, want %v", keys, want)
	}
	if got, want := m["column_names"], []any{"Term", "First week starts", "", "Pool | lanes"}; !reflect.DeepEqual(got, want) {
		t.Errorf(`"column_names" = %#v, want %#v`, got, want)
	}
	if m["columns"] != row.Columns || m["page"] != 3.0 || m["quote_end_byte"] != 50.0 {
		t.Errorf("citation JSON = %s, want columns, page and byte span as before", b)
	}
	var back Citation
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, row) {
		t.Errorf("decoded %+v (%v), want %+v", back, err, row)
	}
	// Whoever writes the JSON decides on HTML escaping, as for any other field: the web's
	// json.Marshal escapes "<", the CLI's encoder does not.
	if !strings.Contains(string(b), `\u003cb\u003e20 April\u003c/b\u003e \u0026 on`) {
		t.Errorf("json.Marshal does not escape HTML in the quote: %s", b)
	}
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode([]Citation{row}); err != nil || !strings.Contains(raw.String(), `"quote":"| Summer 2026 | <b>20 April</b> & on |"`) {
		t.Errorf("an encoder without HTML escaping wrote %s (%v), want the quote as it is", raw.String(), err)
	}
	// No table row, no column names.
	b, err = json.Marshal(Citation{N: 1, File: "a.md", Quote: "Lessons are on Tuesdays."})
	if err != nil || strings.Contains(string(b), "column") {
		t.Errorf("citation of prose = %s (%v), want no columns", b, err)
	}
}

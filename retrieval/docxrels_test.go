package retrieval

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/internal/docxtest"
)

// strictRel spells a relationship type of officeDocument/2006/relationships as Strict Open XML does.
func strictRel(typ string) string {
	return strings.Replace(typ, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/", "http://purl.oclc.org/ooxml/officeDocument/relationships/", 1)
}

// decoys are parts at the names Word gives them that no relationship leads to: a reader that
// assumes those names reads them.
var decoys = map[string]string{
	"word/document.xml":  docxtest.Document(p("", r("DECOY-DOCUMENT"))),
	"word/styles.xml":    docxtest.Styles(`<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="Normal"/></w:style>`),
	"word/footnotes.xml": strings.ReplaceAll(realisticFootnotes, "Source: Kuaishou", "DECOY-NOTE"),
	"docProps/core.xml":  docxtest.Core("DECOY-TITLE"),
}

// movedParts is a document whose parts are where the relationships say, not where Word puts them:
// the main part word/document2.xml (as some online editors name it), its styles beside it under
// another name, its notes at an absolute target and its properties elsewhere; rels holds the
// package's relationships and main those of the main part, of the types given.
func movedParts(officeDocument, styles, footnotes string) map[string]string {
	parts := map[string]string{
		"_rels/.rels": docxtest.Rels(docxtest.Rel{ID: "rId1", Type: officeDocument, Target: "word/document2.xml"},
			docxtest.Rel{ID: "rId2", Type: docxtest.RelCore, Target: "/meta/core%20props.xml"}),
		"word/document2.xml": docxtest.Document(docxtest.P("berschrift1", "Douyin") + p("", r("Douyin sells through live streams."), `<w:r><w:footnoteReference w:id="2"/></w:r>`)),
		"word/_rels/document2.xml.rels": docxtest.Rels(docxtest.Rel{ID: "rId7", Type: docxtest.RelHyperlink, Target: "https://example.com/", External: true},
			docxtest.Rel{ID: "rId8", Type: styles, Target: "./styles-2.xml"}, docxtest.Rel{ID: "rId9", Type: footnotes, Target: "/notes/fn.xml"}),
		"word/styles-2.xml":   docxtest.Styles(realisticStyles),
		"notes/fn.xml":        realisticFootnotes,
		"meta/core props.xml": docxtest.Core("Live commerce"),
		"[Content_Types].xml": docxtest.ContentTypes(nil, map[string]string{"/word/document2.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"}),
	}
	for name, content := range decoys {
		parts[name] = content
	}
	return parts
}

// The main part is the target of the package's officeDocument relationship, and the styles,
// numbering and notes the targets of the main part's relationships (relative to its folder, or
// absolute), in Word's relationship types or Strict Open XML's; a package without relationships is
// read at Word's names, as before.
func TestDocxTextFollowsRelationships(t *testing.T) {
	const want = "# Douyin\n\nDouyin sells through live streams.\n\n## Notes\n\nSource: Kuaishou's annual report for 2022.\n"
	strict := movedParts(strictRel(docxtest.RelOfficeDocument), strictRel(docxtest.RelStyles), strictRel(docxtest.RelFootnotes))
	strict["word/document2.xml"] = strings.ReplaceAll(strict["word/document2.xml"], nsWord, nsWordStrict)
	noRels := map[string]string{"_rels/.rels": docxtest.Omit, "word/_rels/document.xml.rels": docxtest.Omit, "[Content_Types].xml": docxtest.Omit,
		"word/document.xml":  docxtest.Document(docxtest.P("berschrift1", "Douyin") + p("", r("Douyin sells through live streams."), `<w:r><w:footnoteReference w:id="2"/></w:r>`)),
		"word/styles.xml":    docxtest.Styles(realisticStyles),
		"word/footnotes.xml": realisticFootnotes,
		"docProps/core.xml":  docxtest.Core("Live commerce"),
	}
	tests := []struct {
		name  string
		parts map[string]string
	}{
		{"parts named otherwise", movedParts(docxtest.RelOfficeDocument, docxtest.RelStyles, docxtest.RelFootnotes)},
		{"Strict Open XML", strict},
		{"no relationships: Word's names", noRels},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := readDocx(docxtest.File(t, tt.parts))
			if err != nil || d.text != want || d.title != "Live commerce" || len(d.skipped) > 0 {
				t.Errorf("readDocx =\n%s\ntitle %q, skipped %v, %v; want\n%s\ntitle Live commerce", d.text, d.title, d.skipped, err, want)
			}
		})
	}
}

// A relationship of the main part that leads out of the package, to an external resource or to a
// part the archive lacks is skipped with a warning naming it, and the rest is read.
func TestDocxTextSkipsBadRelationships(t *testing.T) {
	parts := map[string]string{
		"word/document.xml": docxtest.Document(docxtest.P("berschrift1", "Douyin") + p("", r("Body."), `<w:r><w:footnoteReference w:id="2"/><w:endnoteReference w:id="1"/></w:r>`)),
		"word/_rels/document.xml.rels": docxtest.Rels(docxtest.Rel{ID: "rId1", Type: docxtest.RelStyles, Target: "../../styles.xml"},
			docxtest.Rel{ID: "rId2", Type: docxtest.RelFootnotes, Target: "https://example.com/footnotes.xml", External: true},
			docxtest.Rel{ID: "rId3", Type: docxtest.RelEndnotes, Target: "endnotes9.xml"},
			docxtest.Rel{ID: "rId4", Type: docxtest.RelNumbering, Target: "%zz.xml"}),
		"word/styles.xml":    docxtest.Styles(realisticStyles),
		"word/footnotes.xml": realisticFootnotes,
		"_rels/.rels": docxtest.Rels(docxtest.Rel{ID: "rId1", Type: docxtest.RelOfficeDocument, Target: "/word/document.xml"},
			docxtest.Rel{ID: "rId2", Type: docxtest.RelCore, Target: "docProps/core.xml"}),
	}
	wantSkipped := []string{
		`word/document.xml: styles "../../styles.xml": a target outside the package`,
		`word/document.xml: numbering "%zz.xml": a target that is not a part name`,
		`word/document.xml: footnotes "https://example.com/footnotes.xml": an external target, not read`,
		`word/document.xml: endnotes "endnotes9.xml": no word/endnotes9.xml in the archive`,
		`_rels/.rels: core-properties "docProps/core.xml": no docProps/core.xml in the archive`,
	}
	data := docxtest.File(t, parts)
	d, err := readDocx(data)
	if err != nil || d.text != "Douyin\n\nBody.\n" {
		t.Errorf("readDocx = %q, %v; want the body, its styles and notes unread", d.text, err)
	}
	var got []string
	for _, s := range d.skipped {
		got = append(got, s.String())
	}
	if strings.Join(got, "\n") != strings.Join(wantSkipped, "\n") {
		t.Errorf("skipped\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantSkipped, "\n"))
	}

	// The corpus reader warns of each, naming the file.
	var logs bytes.Buffer
	docs, err := LoadCorpus(fstest.MapFS{"report.docx": {Data: data}}, CorpusOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil || len(docs) != 1 {
		t.Fatalf("LoadCorpus = %d documents, %v", len(docs), err)
	}
	if want := `level=WARN msg="skipping part of Word document" file=report.docx part=word/document.xml reason="styles \"../../styles.xml\": a target outside the package"`; !strings.Contains(logs.String(), want) {
		t.Errorf("warnings\n%s\nlack %s", logs.String(), want)
	}
	if n := strings.Count(logs.String(), "skipping part of Word document"); n != len(wantSkipped) {
		t.Errorf("%d warnings of parts skipped, want %d:\n%s", n, len(wantSkipped), logs.String())
	}
}

// A main part that the package's relationships cannot lead to makes the archive no Word document,
// with an error that says why.
func TestDocxTextMainPartErrors(t *testing.T) {
	body := docxtest.Document(p("", r("x")))
	rels := func(target string, external bool) string {
		return docxtest.Rels(docxtest.Rel{ID: "rId1", Type: docxtest.RelOfficeDocument, Target: target, External: external})
	}
	tests := []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"missing", map[string]string{"_rels/.rels": rels("word/document2.xml", false), "word/document.xml": body}, "no word/document2.xml in the archive: not a Word document"},
		{"outside the package", map[string]string{"_rels/.rels": rels("../document.xml", false), "word/document.xml": body}, `the main part "../document.xml" (in _rels/.rels): a target outside the package`},
		{"external", map[string]string{"_rels/.rels": rels("file:///etc/passwd", true), "word/document.xml": body}, `the main part "file:///etc/passwd" (in _rels/.rels): an external target, not read`},
		{"a workbook", map[string]string{"_rels/.rels": rels("xl/workbook.xml", false), "xl/workbook.xml": "<workbook/>",
			"[Content_Types].xml": docxtest.ContentTypes(nil, map[string]string{"/xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"})},
			"the main part xl/workbook.xml is application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml: not a Word document"},
		{"malformed relationships", map[string]string{"_rels/.rels": "<Relationships><Relationship", "word/document.xml": body}, "read _rels/.rels: XML syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _, err := docxText(docxtest.File(t, tt.parts))
			if err == nil || !strings.Contains(err.Error(), tt.want) || text != "" {
				t.Errorf("docxText = %q, %v; want an error saying %q", text, err, tt.want)
			}
		})
	}
}

package convert

import (
	"encoding/xml"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"path"
	"strings"
)

// A Word document is a package of parts (ECMA-376 part 2, the Open Packaging Conventions): which
// part is the document is said by the package's relationships (_rels/.rels), and which parts are
// its styles, numbering, notes and imported content by the document part's own relationships
// (word/_rels/document.xml.rels beside word/document.xml). Word names the parts the same in every
// document it writes, but other editors do not (an online editor's main part is
// word/document2.xml), so the reader follows the relationships, and takes a part without any to be
// where Word puts it.

// The prefixes of the relationship types of Office Open XML, as Word writes them and in Strict Open
// XML.
const (
	relTypes       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	relTypesStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
)

// The kinds of relationship followed: their types' last segment.
const (
	relMain      = "officeDocument"
	relStyles    = "styles"
	relNumbering = "numbering"
	relFootnotes = "footnotes"
	relEndnotes  = "endnotes"
	relChunk     = "aFChunk"         // imported content: see [docxReader.importChunk]
	relCore      = "core-properties" // the document's properties: its title
)

// relKind returns the kind of the relationship type typ if it is one the reader follows, else "".
// The type of the core properties is OPC's (…/package/2006/relationships/metadata/core-properties),
// and some writers use an older spelling of it: its last two segments are enough.
func relKind(typ string) string {
	typ = strings.TrimSpace(typ)
	for _, prefix := range []string{relTypes, relTypesStrict} {
		if k, ok := strings.CutPrefix(typ, prefix); ok {
			switch k {
			case relMain, relStyles, relNumbering, relFootnotes, relEndnotes, relChunk:
				return k
			}
			return ""
		}
	}
	if strings.HasSuffix(typ, "/metadata/"+relCore) {
		return relCore
	}
	return ""
}

// docxRel is a relationship of a part, of a kind the reader follows.
type docxRel struct {
	kind     string // see [relKind]
	target   string // as written: a URI relative to the part's folder, or absolute from "/"
	external bool   // TargetMode="External": a resource outside the package
}

// docxRels are the relationships of a part that the reader follows: by id, and the first of each
// kind.
type docxRels struct {
	byID  map[string]docxRel
	first map[string]docxRel
}

// firstOf returns the first relationship of kind; false if rels (nil: none) has none.
func (rels *docxRels) firstOf(kind string) (docxRel, bool) {
	if rels == nil {
		return docxRel{}, false
	}
	rel, ok := rels.first[kind]
	return rel, ok
}

// byIDOf returns the relationship of id; false if rels (nil: none) has none.
func (rels *docxRels) byIDOf(id string) (docxRel, bool) {
	if rels == nil {
		return docxRel{}, false
	}
	rel, ok := rels.byID[id]
	return rel, ok
}

// relsReader reads a relationships part.
type relsReader struct {
	rels  *docxRels
	depth int
}

func (r *relsReader) start(e xml.StartElement) {
	r.depth++
	if r.depth != 2 || e.Name.Local != "Relationship" {
		return
	}
	var id, typ, target, mode string
	for _, a := range e.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "Id":
			id = a.Value
		case "Type":
			typ = a.Value
		case "Target":
			target = a.Value
		case "TargetMode":
			mode = a.Value
		}
	}
	kind := relKind(typ)
	if kind == "" || len(r.rels.byID) >= maxDocxEntries { // a part holds fewer, or they lead to the same
		return
	}
	rel := docxRel{kind: kind, target: target, external: strings.EqualFold(strings.TrimSpace(mode), "External")}
	if _, dup := r.rels.byID[id]; !dup {
		r.rels.byID[id] = rel
	}
	if _, dup := r.rels.first[kind]; !dup {
		r.rels.first[kind] = rel
	}
}

func (r *relsReader) end()          { r.depth-- }
func (r *relsReader) text(_ []byte) {}

// relsName returns the name of the relationships part of the part named source ("" for the
// package): "word/_rels/document.xml.rels", "_rels/.rels".
func relsName(source string) string {
	if source == "" {
		return "_rels/.rels"
	}
	return path.Join(path.Dir(source), "_rels", path.Base(source)+".rels")
}

// Why a relationship's target is not read.
var (
	errTargetExternal = errors.New("an external target, not read")
	errTargetOutside  = errors.New("a target outside the package")
	errTargetNotPart  = errors.New("a target that is not a part name")
)

// resolveTarget returns the name of the part that rel, a relationship of the part named source (""
// for the package), leads to: its target resolved against source's folder, or from the package's
// root if it starts with "/". An external target, one that leads out of the package ("../../x")
// and one that is no part name are errors.
func resolveTarget(source string, rel docxRel) (string, error) {
	if rel.external {
		return "", errTargetExternal
	}
	raw := strings.TrimSpace(rel.target)
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i] // a query or fragment names no part
	}
	t, err := url.PathUnescape(raw)
	if err != nil || strings.ContainsRune(t, 0) {
		return "", errTargetNotPart
	}
	var name string
	if strings.HasPrefix(t, "/") {
		name = path.Clean(t)[1:]
	} else {
		name = path.Join(path.Dir(source), t)
		if name == ".." || strings.HasPrefix(name, "../") {
			return "", errTargetOutside
		}
	}
	if name == "" || name == "." {
		return "", errTargetNotPart
	}
	return name, nil
}

// docxTypes are the content types of a package's parts ([Content_Types].xml): by extension, and
// by part name where a part's differs from its extension's.
type docxTypes struct {
	defaults  map[string]docxType // by extension, lower case, without its dot
	overrides map[string]docxType // by part name, lower case, without the leading "/"
}

// docxType is a content type as [Content_Types].xml gives it: its media type (lower case, without
// parameters) and its charset parameter, if any ("text/plain; charset=windows-1252").
type docxType struct {
	media, charset string
}

// parseDocxType reads a ContentType attribute. A parameter list that does not parse leaves the
// charset unset; the media type is what comes before the first ";" all the same.
func parseDocxType(v string) docxType {
	media, _, _ := strings.Cut(v, ";")
	t := docxType{media: strings.ToLower(strings.TrimSpace(media))}
	if _, params, err := mime.ParseMediaType(v); err == nil {
		t.charset = params["charset"]
	}
	return t
}

// typeOf returns the content type of the part named name, zero if the package does not say.
func (t docxTypes) typeOf(name string) docxType {
	name = strings.ToLower(name)
	if ct, ok := t.overrides[name]; ok {
		return ct
	}
	return t.defaults[strings.TrimPrefix(path.Ext(name), ".")]
}

// of returns the media type of the part named name (lower case, without parameters), "" if the
// package does not say.
func (t docxTypes) of(name string) string { return t.typeOf(name).media }

// typesReader reads [Content_Types].xml.
type typesReader struct {
	types *docxTypes
	depth int
}

func (r *typesReader) start(e xml.StartElement) {
	r.depth++
	if r.depth != 2 || len(r.types.defaults)+len(r.types.overrides) >= maxDocxEntries {
		return
	}
	var key string
	var ct docxType
	for _, a := range e.Attr {
		switch {
		case a.Name.Space != "":
		case a.Name.Local == "Extension" || a.Name.Local == "PartName":
			key = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(a.Value), "/"))
		case a.Name.Local == "ContentType":
			ct = parseDocxType(a.Value)
		}
	}
	switch e.Name.Local {
	case "Default":
		r.types.defaults[strings.TrimPrefix(key, ".")] = ct
	case "Override":
		r.types.overrides[key] = ct
	}
}

func (r *typesReader) end()          { r.depth-- }
func (r *typesReader) text(_ []byte) {}

// wordMainType reports whether ct, the content type of a package's main part, is a Word
// document's, or unknown: not another kind of Office document (a workbook renamed .docx).
func wordMainType(ct string) bool {
	return !strings.HasSuffix(ct, ".main+xml") || strings.Contains(ct, ".wordprocessingml.") || strings.Contains(ct, "ms-word.")
}

// mainPart returns the name of the document's main part: the target of the package's
// officeDocument relationship, word/document.xml if the package has none. One that cannot be read,
// or is not a Word document's, is an error.
func (p *docxPackage) mainPart() (string, error) {
	rels, err := p.relsOf("")
	if err != nil {
		return "", err
	}
	name := "word/document.xml"
	if rel, ok := rels.firstOf(relMain); ok {
		if name, err = resolveTarget("", rel); err != nil {
			return "", fmt.Errorf("the main part %q (in _rels/.rels): %w", rel.target, err)
		}
	}
	if p.part(name) == nil {
		return "", fmt.Errorf("no %s in the archive: not a Word document", name)
	}
	if ct := p.types.of(name); !wordMainType(ct) {
		return "", fmt.Errorf("the main part %s is %s: not a Word document", name, ct)
	}
	return strings.ToLower(name), nil
}

// readRelated reads, as [docxPackage.read] does, the part that the first relationship of kind of
// the part source leads to (see [docxPackage.related]), if any. A [docxReader] reads it as the part
// it is (for the relationships of its imported content).
func (p *docxPackage) readRelated(source, kind, at string, h xmlHandler) error {
	name, err := p.related(source, kind, at)
	if err != nil || name == "" {
		return err
	}
	if r, ok := h.(*docxReader); ok {
		r.part = name
	}
	return p.read(name, false, h)
}

// related returns the name of the part that the first relationship of kind of the part source (""
// for the package) leads to: "" if it has none, or if it leads to no part of the archive (noted
// in p.skipped). A part without relationships is taken to have its related part where Word puts
// it: at.
func (p *docxPackage) related(source, kind, at string) (string, error) {
	rels, err := p.relsOf(source)
	if err != nil {
		return "", err
	}
	if rels == nil {
		return at, nil // lower case
	}
	rel, ok := rels.firstOf(kind)
	if !ok {
		return "", nil
	}
	return p.target(source, rel), nil
}

// target returns the name (lower case) of the part that rel, a relationship of the part source,
// leads to; "" if it leads to no part of the archive, noted in p.skipped.
func (p *docxPackage) target(source string, rel docxRel) string {
	name, err := resolveTarget(source, rel)
	if err == nil && p.part(name) == nil {
		err = fmt.Errorf("no %s in the archive", name)
	}
	if err != nil {
		p.skip(source, fmt.Sprintf("%s %q: %v", rel.kind, rel.target, err))
		return ""
	}
	return strings.ToLower(name)
}

// relsOf returns the relationships of the part named source ("" for the package), read once; nil
// if it has none.
func (p *docxPackage) relsOf(source string) (*docxRels, error) {
	if rels, ok := p.rels[source]; ok {
		return rels, nil
	}
	name := relsName(source)
	var rels *docxRels
	if p.part(name) != nil {
		rels = &docxRels{byID: map[string]docxRel{}, first: map[string]docxRel{}}
		if err := p.read(name, false, &relsReader{rels: rels}); err != nil {
			return nil, err
		}
	}
	p.rels[source] = rels
	return rels, nil
}

// maxDocxSkips bounds the parts left unread that a document's reading notes: past it, they are
// counted.
const maxDocxSkips = 100

// skip notes that something of the part source ("" for the package) is left unread, and why.
func (p *docxPackage) skip(source, reason string) {
	if source == "" {
		source = "_rels/.rels"
	}
	if len(p.skipped) < maxDocxSkips {
		p.skipped = append(p.skipped, docxSkip{part: source, reason: reason})
	} else {
		p.moreSkipped++
	}
}

package retrieval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// CorpusCatalogFile is the optional file beside the documents that describes them: per file a
// title, and optionally the original URL and the language. It lets a corpus of scraped or
// machine-translated text (the built-in seeds) carry proper titles while its documents stay byte
// for byte as they are:
//
//	{"documents": [
//	  {"file": "004_8b8eead7925c9339.txt", "title": "13 years of Alibaba e-commerce", "url": "https://…", "language": "en"}
//	]}
const CorpusCatalogFile = "corpus.json"

// maxTitleRunes bounds a title made from a document's first line.
const maxTitleRunes = 100

// corpusEntry is one document's entry in [CorpusCatalogFile].
type corpusEntry struct {
	File     string `json:"file"`
	Title    string `json:"title,omitempty"`
	URL      string `json:"url,omitempty"`
	Language string `json:"language,omitempty"`
}

// corpusCatalog is the parsed [CorpusCatalogFile]; the nil catalog describes nothing.
type corpusCatalog struct {
	entries map[string]corpusEntry
	used    map[string]bool
}

// loadCatalog reads [CorpusCatalogFile] if the folder has one. A catalog that cannot be parsed is an
// error naming the file: it is the operator's, and silently dropping it would lose every title.
func (r corpusReader) loadCatalog() (*corpusCatalog, error) {
	data, err := r.readFile(CorpusCatalogFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path.Join(r.name, CorpusCatalogFile), err)
	}
	var doc struct {
		Documents []corpusEntry `json:"documents"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path.Join(r.name, CorpusCatalogFile), err)
	}
	c := &corpusCatalog{entries: map[string]corpusEntry{}, used: map[string]bool{}}
	var errs []error
	for i, e := range doc.Documents {
		e.File = path.Clean(strings.TrimPrefix(e.File, "./"))
		e.Title = strings.TrimSpace(e.Title)
		switch {
		case e.File == "." || e.File == "":
			errs = append(errs, fmt.Errorf("entry %d has no file", i+1))
		case c.entries[e.File].File != "":
			errs = append(errs, fmt.Errorf("entry %d: %s is described twice", i+1, e.File))
		default:
			c.entries[e.File] = e
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("%s: %w", path.Join(r.name, CorpusCatalogFile), err)
	}
	return c, nil
}

// readFile reads one file of the corpus folder (not a walked document) with the same care as the
// documents: through links only inside the folder, regular files only, within the size cap.
func (r corpusReader) readFile(p string) ([]byte, error) {
	target := p
	if lfs, ok := r.fsys.(fs.ReadLinkFS); ok {
		info, err := lfs.Lstat(p)
		if err != nil {
			return nil, err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			if target, err = r.resolveLink(p); err != nil {
				return nil, err
			}
		}
	}
	info, err := fs.Stat(r.fsys, target)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s)", fileType(info.Mode()))
	}
	if info.Size() > r.max {
		return nil, fmt.Errorf("%d bytes, more than the %d of CITEBOT_MAX_FILE_BYTES", info.Size(), r.max)
	}
	data, err := r.readRegular(target)
	if err == nil && int64(len(data)) > r.max {
		err = fmt.Errorf("more than the %d bytes of CITEBOT_MAX_FILE_BYTES", r.max)
	}
	return data, err
}

// describe applies the catalog's entry for d, if any: the title when the text names none, the
// original URL and the language.
func (c *corpusCatalog) describe(d *Document) {
	if e, ok := c.entry(d.File); ok {
		describe(d, e, true)
	}
}

// entry returns the catalog's entry for file, if it has one, and notes it used.
func (c *corpusCatalog) entry(file string) (corpusEntry, bool) {
	if c == nil {
		return corpusEntry{}, false
	}
	e, ok := c.entries[file]
	if ok {
		c.used[file] = true
	}
	return e, ok
}

// describe sets d's title, URL and language as catalog entry e gives them, or as the document
// alone gives them when there is no entry (described false).
func describe(d *Document, e corpusEntry, described bool) {
	if !described {
		e = corpusEntry{}
	}
	d.Title = documentTitle(d, e.Title)
	d.URL = e.URL
	d.Language = e.Language
}

// warnUnused warns about entries that describe no document: a renamed or skipped file.
func (c *corpusCatalog) warnUnused(log *slog.Logger) {
	if c == nil {
		return
	}
	for f := range c.entries {
		if !c.used[f] {
			log.Warn(CorpusCatalogFile+" describes a document that is not in the corpus", "file", f)
		}
	}
}

// documentTitle picks the title of d: its Markdown front matter's (or web page's) title, else its
// first "#" heading, else catalogTitle (from [CorpusCatalogFile]), else its first line, cleaned.
func documentTitle(d *Document, catalogTitle string) string {
	if d.frontTitle != "" {
		return d.frontTitle
	}
	if h := firstHeading(d); h != "" {
		return h
	}
	if catalogTitle != "" {
		return catalogTitle
	}
	if ps := titleParagraphs(d); len(ps) > 0 {
		p := ps[0]
		first, _, _ := strings.Cut(d.Text[p.StartByte:p.EndByte], "\n")
		if t := cleanTitleLine(first); t != "" {
			return t
		}
	}
	base := path.Base(d.File)
	return strings.TrimSuffix(base, path.Ext(base))
}

// titleParagraphs returns the paragraphs of d a title may come from: all of them, but for the notes
// that follow a Word document's text (whose "## Notes" heading names no document).
func titleParagraphs(d *Document) []Paragraph {
	if d.titleEnd <= 0 {
		return d.Paragraphs
	}
	n := 0
	for n < len(d.Paragraphs) && d.Paragraphs[n].StartByte < d.titleEnd {
		n++
	}
	return d.Paragraphs[:n]
}

// firstHeading returns the text of the document's first level-1 Markdown heading, else of its first
// heading of any level, outside code fences and literal lines (see [text.LiteralLines]); "" if it
// has none.
func firstHeading(d *Document) string {
	any := ""
	fenced := false
	for _, p := range titleParagraphs(d) {
		start := p.StartByte
		for line := range strings.SplitSeq(d.Text[p.StartByte:p.EndByte], "\n") {
			literal := d.literal.Has(start)
			start += len(line) + 1
			if literal {
				continue
			}
			line = strings.TrimSpace(text.CleanInvisible(line))
			if text.IsFence(line) {
				fenced = !fenced
				continue
			}
			if fenced {
				continue
			}
			h, ok := text.MarkdownHeading(line)
			if !ok || h == "" {
				continue
			}
			if strings.HasPrefix(line, "# ") {
				return h
			}
			if any == "" {
				any = h
			}
		}
	}
	return any
}

// cleanTitleLine makes a title of a document's first line: invisible characters and Markdown
// emphasis removed, a scraped breadcrumb ("current position:Home>Section>The title") reduced to its
// last crumb, and a long line cut to its first sentence or about [maxTitleRunes] on a word boundary.
func cleanTitleLine(line string) string {
	line = strings.TrimSpace(text.CleanInvisible(line))
	if h, ok := text.MarkdownHeading(line); ok {
		line = h
	}
	if i := strings.LastIndexAny(line, ">»›"); i >= 0 && text.LooksLikeBreadcrumb(line) {
		_, size := utf8.DecodeRuneInString(line[i:])
		if last := strings.TrimSpace(line[i+size:]); last != "" {
			line = last
		}
	}
	line = strings.Trim(line, " *_`")
	if utf8.RuneCountInString(line) <= maxTitleRunes {
		return line
	}
	if spans := text.Sentences(line, 0, len(line)); len(spans) > 0 && utf8.RuneCountInString(line[:spans[0].End]) <= maxTitleRunes {
		return strings.TrimRight(line[:spans[0].End], ".。 ")
	}
	cut, n := 0, 0
	for i := range line {
		if n == maxTitleRunes {
			cut = i
			break
		}
		n++
	}
	if sp := strings.LastIndexFunc(line[:cut], unicode.IsSpace); sp > cut/2 {
		cut = sp
	}
	return strings.TrimRight(line[:cut], " ,;:，；：") + "…"
}

// frontMatterTitle returns the title of a Markdown document's YAML front matter ("---" lines around
// "key: value" lines at the very start), or "" when it has none.
func frontMatterTitle(text string) string {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimRight(first, " \r") != "---" {
		return ""
	}
	title := ""
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		trimmed := strings.TrimRight(line, " \r")
		if trimmed == "---" || trimmed == "..." {
			return title
		}
		if k, v, ok := strings.Cut(trimmed, ":"); ok && strings.TrimSpace(k) == "title" && title == "" {
			title = unquoteYAML(strings.TrimSpace(v))
		}
	}
	return "" // no closing line: not front matter
}

// unquoteYAML removes the quotes around a YAML scalar.
func unquoteYAML(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return strings.TrimSpace(v[1 : len(v)-1])
	}
	return v
}

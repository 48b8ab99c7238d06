package retrieval

import (
	"crypto/sha256"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"github.com/citebot/citebot/text"
)

// conversionVersion names how web pages, Word documents and PDFs are converted to text (html*.go,
// docx*.go, pdf*.go, converted.go). Bump it whenever a converter changes what it writes of a file,
// so that the conversions kept in snapshots written before are done again. TestConversionPinned
// fails until it is bumped.
const conversionVersion = 3

// A conversion is what a converter read of one web page, Word document or PDF: the text every
// position refers to and what [conversion.document] needs besides to make the file's [Document],
// with the warnings it gave. It depends only on the file's type and bytes, the converters
// ([conversionVersion]) and, for a PDF, the dictionary answers in words: so a snapshot keeps the
// conversions of the corpus's converted documents, keyed by their raw bytes' SHA-256, and the next
// command takes a file's conversion from there instead of converting it again (converting a
// three-page PDF takes about 2 ms, hashing its 41 KB about 0.03 ms).
type conversion struct {
	key     convKey
	text    string
	literal text.LiteralLines
	// title is the title the file names: a web page's <title>, a Word document's properties' title,
	// a PDF's /Title.
	title string
	// notesAt, if > 0, is where a Word document's notes start in text.
	notesAt  int
	warnings []conversionWarning
	// words are the dictionary answers a PDF's text depends on (see [pdfDoc.words]).
	words []dictWord
	// pages says where each page of a PDF starts in text (see [pdfDoc.pageStarts]); nil for other
	// files.
	pages []pageStart
}

// convKey identifies a conversion: the converter (one of the conv* kinds) and the SHA-256 of the
// file's bytes. A file renamed or copied keeps its key.
type convKey struct {
	kind   byte
	digest [32]byte
}

// The converters.
const (
	convWebPage = iota + 1
	convWord
	convPDF
)

// convKind returns the converter of file, 0 for a file read as its own bytes.
func convKind(file string) byte {
	switch {
	case webPage(file):
		return convWebPage
	case wordDocument(file):
		return convWord
	case pdfDocument(file):
		return convPDF
	}
	return 0
}

// conversionWarning is a warning a converter gives about a file (a part of a Word document or a
// page of a PDF left unread), logged as msg with "file" and then attrs. Its values are strings or
// integers only, so that one kept in a snapshot is logged exactly as the converter logged it.
type conversionWarning struct {
	msg   string
	attrs []warningAttr
}

// warningAttr is an attribute of a [conversionWarning]: a string, or a number when isNum.
type warningAttr struct {
	key, str string
	num      int
	isNum    bool
}

func strAttr(key, s string) warningAttr { return warningAttr{key: key, str: s} }
func intAttr(key string, n int) warningAttr {
	return warningAttr{key: key, num: n, isNum: true}
}

func (a warningAttr) attr() slog.Attr {
	if a.isNum {
		return slog.Int(a.key, a.num)
	}
	return slog.String(a.key, a.str)
}

// convert converts the bytes of file, a web page, Word document or PDF (its key's digest is left
// for the caller to set, as [conversionCache.convert] does, having hashed the bytes once). Only a Word document, a PDF
// and a web page that is not valid in its charset (a [*charsetError]) fail.
func convert(file string, data []byte) (*conversion, error) {
	c := &conversion{key: convKey{kind: convKind(file)}}
	switch c.key.kind {
	case convWebPage:
		page, err := decodePage(data)
		if err != nil {
			return nil, err
		}
		p := readHTML(page)
		c.text, c.literal, c.title = p.text, p.literal, p.title
	case convWord:
		w, err := readDocx(data)
		if err != nil {
			return nil, err
		}
		c.text, c.literal, c.title, c.notesAt = w.text, w.literal, w.title, w.notesAt
		for _, s := range w.skipped {
			c.warn("skipping part of Word document", strAttr("part", s.part), strAttr("reason", s.reason))
		}
		if w.moreSkipped > 0 {
			c.warn("skipping more parts of Word document", intAttr("parts", w.moreSkipped))
		}
	case convPDF:
		p, err := readPDF(data)
		if err != nil {
			return nil, err
		}
		c.text, c.literal, c.title, c.words, c.pages = p.text, p.literal, p.title, p.words, p.pageStarts
		for _, u := range p.unread {
			c.warn("skipping page of PDF that cannot be read", intAttr("page", u.page), strAttr("reason", u.err.Error()))
		}
		if p.more > 0 {
			c.warn("skipping pages of PDF past the page limit", intAttr("pages", p.more), intAttr("max_pages", maxPDFPages))
		}
	default:
		return nil, fmt.Errorf("%s is not a web page, Word document or PDF", file)
	}
	return c, nil
}

func (c *conversion) warn(msg string, attrs ...warningAttr) {
	c.warnings = append(c.warnings, conversionWarning{msg: msg, attrs: attrs})
}

// logWarnings logs the converter's warnings about file.
func (c *conversion) logWarnings(log *slog.Logger, file string) {
	for _, w := range c.warnings {
		args := make([]any, 0, 2+len(w.attrs))
		args = append(args, "file", file)
		for _, a := range w.attrs {
			args = append(args, a.attr())
		}
		log.Warn(w.msg, args...)
	}
}

// document makes the document of file from its conversion: its paragraphs, its literal lines and
// its title, cleaned as a first line is (a long title cut, a breadcrumb to its last crumb); a web
// page's title is its headline when its <title> holds the headline with more around it.
func (c *conversion) document(file string) *Document {
	d := splitParagraphs(file, c.text)
	d.literal = c.literal
	d.titleEnd = c.notesAt
	for i, p := range d.Paragraphs {
		d.Paragraphs[i].PageSpan = pageSpan(c.pages, p.StartByte, p.EndByte)
	}
	title := c.title
	if c.key.kind == convWebPage {
		title = pageTitle(title, firstHeading(d))
	}
	d.frontTitle = cleanTitleLine(title)
	d.Title = documentTitle(d, "")
	return d
}

// current reports whether the dictionary still answers as it did when c was converted.
func (c *conversion) current() bool {
	for _, w := range c.words {
		if text.IsDictionaryWord(w.word) != w.is {
			return false
		}
	}
	return true
}

// conversionCache holds the conversions one corpus load may take instead of converting: those of
// the last snapshot and those made so far (a file's copy is converted once).
type conversionCache struct {
	known map[convKey]*conversion
	// converted counts the files converted (or tried: a PDF that cannot be read is tried again at
	// every load), not taken from known.
	converted int
}

func newConversionCache(known []*conversion) *conversionCache {
	c := &conversionCache{known: make(map[convKey]*conversion, len(known))}
	for _, k := range known {
		c.known[k.key] = k
	}
	return c
}

// convert returns the conversion of file's bytes: the one known for them, else a new one.
func (cc *conversionCache) convert(file string, data []byte) (*conversion, error) {
	key := convKey{kind: convKind(file), digest: sha256.Sum256(data)}
	if c, ok := cc.known[key]; ok && c.current() {
		return c, nil
	}
	cc.converted++
	c, err := convert(file, data)
	if err != nil {
		return nil, err
	}
	c.key = key
	cc.known[key] = c
	return c, nil
}

// conversionCache returns the cache of the conversions kept in the data folder's snapshot: empty
// when there is none, it is of an older format or another [conversionVersion], or it is damaged
// (the snapshot's reader then says so, and rebuilds it).
func (o *opener) conversionCache() *conversionCache {
	if o.cfg.DataDir == "" {
		return newConversionCache(nil)
	}
	known, err := readConversions(filepath.Join(o.cfg.DataDir, snapshotFile))
	if err != nil {
		o.logger.Debug("no conversions taken from the index snapshot", "err", err)
	}
	return newConversionCache(known)
}

// readConversions reads the conversions kept in the snapshot at path.
func readConversions(path string) ([]*conversion, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h, err := readSnapshotHeader(f)
	if err != nil {
		return nil, err
	}
	if _, ok := h.sections[secConversions]; !ok {
		return nil, nil // format 2 or older
	}
	b, err := sectionBytes(f, h, secConversions)
	if err != nil {
		return nil, err
	}
	cs, err := decodeConversions(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: conversions: %w", errSnapshot, path, err)
	}
	return cs, nil
}

// snapshotConversions returns the conversions of docs, each once, in key order.
func snapshotConversions(docs []*Document) []*conversion {
	var out []*conversion
	seen := map[convKey]bool{}
	for _, d := range docs {
		if c := d.conversion; c != nil && !seen[c.key] {
			seen[c.key] = true
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *conversion) int {
		if a.key.kind != b.key.kind {
			return int(a.key.kind) - int(b.key.kind)
		}
		return slices.Compare(a.key.digest[:], b.key.digest[:])
	})
	return out
}

// The conversions section: [conversionVersion], the number of conversions, then each: its kind,
// digest, text, literal lines (the first offset, then the differences), title, notesAt, warnings
// (message, then attributes: key, 0 and a string or 1 and a number), dictionary answers and page
// starts (each: the offset's difference from the one before, and the page).
func encodeConversions(cs []*conversion) []byte {
	var e encoder
	e.uint(conversionVersion)
	e.uint(uint64(len(cs)))
	for _, c := range cs {
		e.uint(uint64(c.key.kind))
		e.raw(c.key.digest[:])
		e.str(c.text)
		e.uint(uint64(len(c.literal)))
		prev := 0
		for _, off := range c.literal {
			e.uint(uint64(off - prev))
			prev = off
		}
		e.str(c.title)
		e.uint(uint64(c.notesAt))
		e.uint(uint64(len(c.warnings)))
		for _, w := range c.warnings {
			e.str(w.msg)
			e.uint(uint64(len(w.attrs)))
			for _, a := range w.attrs {
				e.str(a.key)
				if a.isNum {
					e.uint(1)
					e.uint(uint64(max(a.num, 0)))
				} else {
					e.uint(0)
					e.str(a.str)
				}
			}
		}
		e.uint(uint64(len(c.words)))
		for _, w := range c.words {
			e.str(w.word)
			e.uint(boolUint(w.is))
		}
		e.uint(uint64(len(c.pages)))
		prev = 0
		for _, p := range c.pages {
			e.uint(uint64(p.at - prev))
			e.uint(uint64(p.page))
			prev = p.at
		}
	}
	return e.b
}

// decodeConversions reads what [encodeConversions] wrote; conversions of another
// [conversionVersion] are none.
func decodeConversions(b []byte) ([]*conversion, error) {
	d := decoder{b: b}
	if v := d.uint(); d.err != nil || v != conversionVersion {
		return nil, d.err
	}
	n := d.count(d.left() + 1)
	var out []*conversion
	for range n {
		c := &conversion{key: convKey{kind: byte(d.count(convPDF + 1))}}
		copy(c.key.digest[:], d.raw(32))
		c.text = d.str()
		if lines := d.count(d.left() + 1); lines > 0 {
			c.literal = make(text.LiteralLines, 0, lines)
			off := 0
			for i := range lines {
				delta := d.count(len(c.text))
				if off += delta; i > 0 && delta == 0 || off >= len(c.text) {
					d.fail("literal lines out of order or outside their text")
					break
				}
				c.literal = append(c.literal, off)
			}
		}
		c.title = d.str()
		c.notesAt = d.count(len(c.text) + 1)
		for range d.count(d.left() + 1) {
			w := conversionWarning{msg: d.str()}
			for range d.count(d.left() + 1) {
				key := d.str()
				if d.count(2) == 1 {
					w.attrs = append(w.attrs, intAttr(key, d.int()))
				} else {
					w.attrs = append(w.attrs, strAttr(key, d.str()))
				}
			}
			c.warnings = append(c.warnings, w)
		}
		for range d.count(d.left() + 1) {
			c.words = append(c.words, dictWord{word: d.str(), is: d.count(2) == 1})
		}
		off := 0
		for i := range d.count(d.left() + 1) {
			delta := d.count(len(c.text) + 1)
			if off += delta; i > 0 && delta == 0 || off > len(c.text) {
				d.fail("page starts out of order or outside their text")
				break
			}
			c.pages = append(c.pages, pageStart{at: off, page: d.count(maxPDFPages + 1)})
		}
		if d.err != nil {
			break
		}
		if c.key.kind == 0 {
			d.fail("conversion of no kind")
			break
		}
		out = append(out, c)
	}
	if d.err == nil && d.left() != 0 {
		d.fail("bytes after the last conversion")
	}
	return out, d.err
}

func boolUint(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

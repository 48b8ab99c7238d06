package retrieval

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/text"
)

// conversionVersion names how web pages, Word documents and PDFs are converted to text (package
// convert). Bump it whenever a converter changes what it writes of a file, so that the conversions
// kept in snapshots written before are done again. TestConversionPinned fails until it is bumped.
const conversionVersion = 3

// A conversion is what a converter read of one web page, Word document or PDF ([convert.Result]):
// the text every position refers to and what [conversion.document] needs besides to make the
// file's [Document], with the warnings it gave. It depends only on the file's type and bytes, the
// converters ([conversionVersion]) and, for a PDF, the dictionary answers in words: so a snapshot
// keeps the conversions of the corpus's converted documents, keyed by their raw bytes' SHA-256, and
// the next command takes a file's conversion from there instead of converting it again (converting
// a three-page PDF takes about 2 ms, hashing its 41 KB about 0.03 ms).
type conversion struct {
	key convKey
	convert.Result
}

// convKey identifies a conversion: the converter (its [convert.Format]) and the SHA-256 of the
// file's bytes. A file renamed or copied keeps its key.
type convKey struct {
	kind   convert.Format
	digest [32]byte
}

// convertFile converts the bytes of file, a web page, Word document or PDF (its key's digest is
// left for the caller to set, as [conversionCache.convert] does, having hashed the bytes once). Only
// a Word document, a PDF and a web page that is not valid in its charset (a [*convert.CharsetError])
// fail.
func convertFile(file string, data []byte) (*conversion, error) {
	r, err := convert.File(file, data)
	if err != nil {
		return nil, err
	}
	return &conversion{key: convKey{kind: r.Format}, Result: *r}, nil
}

// logWarnings logs the converter's warnings about file.
func (c *conversion) logWarnings(log *slog.Logger, file string) {
	for _, w := range c.Warnings {
		args := make([]any, 0, 2+len(w.Attrs))
		args = append(args, "file", file)
		for _, a := range w.Attrs {
			args = append(args, slog.Any(a.Key, a.Value))
		}
		log.Warn(w.Msg, args...)
	}
}

// document makes the document of file from its conversion: its paragraphs, its literal lines and
// its title, cleaned as a first line is (a long title cut, a breadcrumb to its last crumb); a web
// page's title is its headline when its <title> holds the headline with more around it.
func (c *conversion) document(file string) *Document {
	d := splitParagraphs(file, c.Text)
	d.literal = c.Literal
	d.titleEnd = c.NotesAt
	for i, p := range d.Paragraphs {
		d.Paragraphs[i].PageSpan = pageSpan(c.Pages, p.StartByte, p.EndByte)
	}
	title := c.Title
	if c.key.kind == convert.WebPage {
		title = pageTitle(title, firstHeading(d))
	}
	d.frontTitle = cleanTitleLine(title)
	d.Title = documentTitle(d, "")
	return d
}

// pageSpan returns the pages that text[start:end] is on, from where each page's text starts.
func pageSpan(pages []convert.PageStart, start, end int) PageSpan {
	if len(pages) == 0 {
		return PageSpan{}
	}
	// pageAt is the page of the byte at off: that of the last page starting at or before it.
	pageAt := func(off int) int {
		i, found := slices.BinarySearchFunc(pages, off, func(p convert.PageStart, off int) int { return cmp.Compare(p.At, off) })
		if !found {
			i = max(i-1, 0)
		}
		return pages[i].Page
	}
	s := PageSpan{Page: pageAt(start)}
	if last := pageAt(max(end-1, start)); last > s.Page {
		s.EndPage = last
	}
	return s
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
	key := convKey{kind: convert.FormatOf(file), digest: sha256.Sum256(data)}
	if c, ok := cc.known[key]; ok && c.Current() {
		return c, nil
	}
	cc.converted++
	c, err := convertFile(file, data)
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
		e.str(c.Text)
		e.uint(uint64(len(c.Literal)))
		prev := 0
		for _, off := range c.Literal {
			e.uint(uint64(off - prev))
			prev = off
		}
		e.str(c.Title)
		e.uint(uint64(c.NotesAt))
		e.uint(uint64(len(c.Warnings)))
		for _, w := range c.Warnings {
			e.str(w.Msg)
			e.uint(uint64(len(w.Attrs)))
			for _, a := range w.Attrs {
				e.str(a.Key)
				if n, ok := a.Value.(int); ok {
					e.uint(1)
					e.uint(uint64(max(n, 0)))
				} else {
					e.uint(0)
					e.str(fmt.Sprint(a.Value))
				}
			}
		}
		e.uint(uint64(len(c.Words)))
		for _, w := range c.Words {
			e.str(w.Word)
			e.uint(boolUint(w.Is))
		}
		e.uint(uint64(len(c.Pages)))
		prev = 0
		for _, p := range c.Pages {
			e.uint(uint64(p.At - prev))
			e.uint(uint64(p.Page))
			prev = p.At
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
		c := &conversion{key: convKey{kind: convert.Format(d.count(int(convert.PDF) + 1))}}
		c.Format = c.key.kind
		copy(c.key.digest[:], d.raw(32))
		c.Text = d.str()
		if lines := d.count(d.left() + 1); lines > 0 {
			c.Literal = make(text.LiteralLines, 0, lines)
			off := 0
			for i := range lines {
				delta := d.count(len(c.Text))
				if off += delta; i > 0 && delta == 0 || off >= len(c.Text) {
					d.fail("literal lines out of order or outside their text")
					break
				}
				c.Literal = append(c.Literal, off)
			}
		}
		c.Title = d.str()
		c.NotesAt = d.count(len(c.Text) + 1)
		for range d.count(d.left() + 1) {
			w := convert.Warning{Msg: d.str()}
			for range d.count(d.left() + 1) {
				key := d.str()
				if d.count(2) == 1 {
					w.Attrs = append(w.Attrs, convert.Attr{Key: key, Value: d.int()})
				} else {
					w.Attrs = append(w.Attrs, convert.Attr{Key: key, Value: d.str()})
				}
			}
			c.Warnings = append(c.Warnings, w)
		}
		for range d.count(d.left() + 1) {
			c.Words = append(c.Words, convert.DictWord{Word: d.str(), Is: d.count(2) == 1})
		}
		off := 0
		for i := range d.count(d.left() + 1) {
			delta := d.count(len(c.Text) + 1)
			if off += delta; i > 0 && delta == 0 || off > len(c.Text) {
				d.fail("page starts out of order or outside their text")
				break
			}
			c.Pages = append(c.Pages, convert.PageStart{At: off, Page: d.count(convert.MaxPDFPages + 1)})
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

package retrieval

import (
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/text"
)

// conversionVersion names how web pages, Word documents and PDFs are converted to text (package
// convert), and what is warned of those that cannot be read. Bump it whenever a converter changes
// what it writes of a file, or the warnings about a file not read change (a converter's, or the
// reader's about an empty file or a text not valid UTF-8, which the snapshot keeps with the file's
// stamp: see [unreadFile]), so that the conversions and failures kept in snapshots written before
// are done again. TestConversionPinned, TestFailurePinned and TestUnreadWarningsPinned fail until
// it is bumped.
const conversionVersion = 4

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
// left for the caller to set, as [conversionCache.document] does, having hashed the bytes once).
// Only a Word document, a PDF and a web page that is not valid in its charset (a
// [*convert.CharsetError]) fail.
func convertFile(file string, data []byte) (*conversion, error) {
	r, err := convert.File(file, data)
	if err != nil {
		return nil, err
	}
	return &conversion{key: convKey{kind: r.Format}, Result: *r}, nil
}

// convertDocument converts the bytes of file, a web page, Word document or PDF, and makes its
// document (see [conversion.read]): nil, with the conversion if there is one, when the file is not
// read, and the warnings to log about it either way.
func convertDocument(file string, data []byte) (*conversion, *Document, []convert.Warning) {
	c, err := convertFile(file, data)
	if err != nil {
		return nil, nil, []convert.Warning{unreadable(convert.FormatOf(file), err)}
	}
	d, warnings := c.read(file)
	return c, d, warnings
}

// read makes the document of file from its conversion, or nil when the file is not read (its text
// is not valid UTF-8, or there is none); with the warnings to log about it: the converter's, then
// why it is not read.
func (c *conversion) read(file string) (*Document, []convert.Warning) {
	d := c.document(file)
	skip := func(msg string, attrs ...convert.Attr) (*Document, []convert.Warning) {
		return nil, append(slices.Clip(c.Warnings), convert.Warning{Msg: msg, Attrs: attrs})
	}
	if off := text.InvalidUTF8Offset([]byte(d.Text)); off >= 0 { // the converters' promise, checked as a file's bytes are
		return skip("skipping document that is not valid UTF-8", convert.Attr{Key: "byte_offset", Value: off})
	}
	if len(d.Paragraphs) == 0 {
		return skip("skipping " + c.key.kind.String() + " with no text to read")
	}
	return d, c.Warnings
}

// unreadable is the warning about a file of format that its converter could not read, saying why.
// Its attributes are strings and numbers, as a converter's are, so that it is logged the same when
// a [failure] kept in the snapshot gives it again.
func unreadable(format convert.Format, err error) convert.Warning {
	var ce *convert.CharsetError
	if !errors.As(err, &ce) {
		return convert.Warning{Msg: "skipping " + format.String() + " that cannot be read", Attrs: []convert.Attr{{Key: "reason", Value: err.Error()}}}
	}
	w := convert.Warning{Msg: "skipping document that is not valid UTF-8", Attrs: []convert.Attr{{Key: "byte_offset", Value: ce.Offset}}}
	switch {
	case !ce.Declared:
		w.Attrs = append(w.Attrs, convert.Attr{Key: "charset", Value: "none declared"}, convert.Attr{Key: "fix", Value: fixPageNotUTF8})
	case ce.Charset == "utf-8":
		w.Attrs = append(w.Attrs, convert.Attr{Key: "charset", Value: ce.Charset}, convert.Attr{Key: "fix", Value: fixPageNotUTF8})
	default:
		w = convert.Warning{Msg: "skipping web page that is not valid in its charset", Attrs: []convert.Attr{
			{Key: "charset", Value: ce.Charset}, {Key: "byte_offset", Value: ce.Offset}, {Key: "reason", Value: ce.Error()},
			{Key: "fix", Value: fixPageNotInCharset}}}
	}
	return w
}

// How to make a document that is skipped for its encoding readable, logged as the warning's "fix".
// Plain text and Markdown cannot name their encoding, so the only fix is to save them as UTF-8; a
// web page may instead name the encoding it is really in, which citebot then decodes.
const (
	fixTextNotUTF8      = "re-save the file as UTF-8 (plain text and Markdown cannot name another encoding)"
	fixPageNotUTF8      = `re-save the file as UTF-8, or name the encoding it is in with <meta charset="..."> in its <head> (windows-1252, GBK, Shift_JIS...)`
	fixPageNotInCharset = `name the encoding the page is really in with <meta charset="...">, or re-save it as UTF-8 and declare <meta charset="utf-8">`
)

// logWarnings logs the warnings about file, each naming it first.
func logWarnings(log *slog.Logger, file string, warnings []convert.Warning) {
	for _, w := range warnings {
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

// A failure is what trying to read one web page, Word document or PDF that is not read gave: the
// warnings logged about it, the last saying why it is not read (a PDF with no text layer, damaged
// or locked by a password; a Word document that is not one; a web page not valid in its charset or
// with no text). Like a conversion it depends only on the file's type and bytes and the converters
// ([conversionVersion]): the snapshot keeps the failures met by the load it was written after, by
// the same key, so that the next command gives the same warnings without converting the file
// again. A file whose bytes change is tried again.
type failure struct {
	key      convKey
	warnings []convert.Warning
}

// maxFailureBytes bounds the warnings one failure keeps, as the snapshot encodes them (a PDF's
// reason is about 100 bytes): a file that gives more, a PDF with hundreds of damaged pages and no
// text, say, is tried again at every load rather than grow the snapshot.
const maxFailureBytes = 4 << 10

// conversionCache holds the conversions and failures one corpus load may take instead of
// converting: those of the last snapshot and those met so far (a file's copy is converted once).
type conversionCache struct {
	known  map[convKey]*conversion
	failed map[convKey]*failure
	// met are the failures met by this load: those the snapshot written after it keeps.
	met map[convKey]*failure
	// converted counts the files converted (or tried), not taken from known or failed.
	converted int
}

func newConversionCache(known []*conversion, failed []*failure) *conversionCache {
	c := &conversionCache{known: make(map[convKey]*conversion, len(known)), failed: make(map[convKey]*failure, len(failed)), met: map[convKey]*failure{}}
	for _, k := range known {
		c.known[k.key] = k
	}
	for _, f := range failed {
		c.failed[f.key] = f
	}
	return c
}

// keyOf is the key of the conversion of file's bytes.
func keyOf(file string, data []byte) convKey {
	return convKey{kind: convert.FormatOf(file), digest: sha256.Sum256(data)}
}

// document makes the document of file, a web page, Word document or PDF, from its bytes: from the
// conversion known for them, else a new one; nil when the file is not read, a failure known for the
// bytes giving the same warnings as trying them did. It returns the warnings to log about the file
// and, for a file not read, its failure when one is kept (see [conversionCache.fail]).
func (cc *conversionCache) document(file string, data []byte) (*Document, []convert.Warning, *failure) {
	key := keyOf(file, data)
	if f, ok := cc.failed[key]; ok {
		cc.meet(f)
		return nil, f.warnings, f
	}
	c, err := cc.convert(key, file, data)
	if err != nil {
		w := []convert.Warning{unreadable(key.kind, err)}
		return nil, w, cc.fail(key, nil, w)
	}
	d, warnings := c.read(file)
	if d == nil {
		return nil, warnings, cc.fail(key, c, warnings)
	}
	d.conversion = c
	return d, warnings, nil
}

// meet notes f, a failure kept, as met by this load: a file the load did not read, known by its
// stamp to be the bytes f is of (see [unreadFile]), or one whose bytes hash to f's key.
func (cc *conversionCache) meet(f *failure) { cc.met[f.key] = f }

// convert returns the conversion of file's bytes, whose key is key: the one known for them, else a
// new one.
func (cc *conversionCache) convert(key convKey, file string, data []byte) (*conversion, error) {
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

// fail remembers that the bytes of key are not read, with the warnings trying them gave, unless
// the outcome depends on more than the bytes (the dictionary decided some of conversion c's text)
// or the warnings are past [maxFailureBytes]; it returns the failure kept (nil for none).
func (cc *conversionCache) fail(key convKey, c *conversion, warnings []convert.Warning) *failure {
	if c != nil && len(c.Words) > 0 {
		return nil
	}
	var e encoder
	encodeWarnings(&e, warnings)
	if len(e.b) > maxFailureBytes {
		return nil
	}
	f := &failure{key: key, warnings: warnings}
	cc.failed[key] = f
	cc.meet(f)
	return f
}

// failures returns the failures met by this load, in key order.
func (cc *conversionCache) failures() []*failure {
	out := slices.Collect(maps.Values(cc.met))
	slices.SortFunc(out, func(a, b *failure) int { return a.key.compare(b.key) })
	return out
}

func (k convKey) compare(o convKey) int {
	return cmp.Or(cmp.Compare(k.kind, o.kind), slices.Compare(k.digest[:], o.digest[:]))
}

// failuresKey is the SHA-256 of the keys of failures (in key order), or zero when there are none: a
// snapshot keeps the failures of the corpus it was written for only while it is the same.
func failuresKey(failures []*failure) [32]byte {
	if len(failures) == 0 {
		return [32]byte{}
	}
	h := sha256.New()
	for _, f := range failures {
		h.Write([]byte{byte(f.key.kind)})
		h.Write(f.key.digest[:])
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// fromSnapshot returns what a corpus load takes from the data folder's snapshot: the cache of the
// conversions and failures it keeps (empty when there is none, it is of an older format or another
// [conversionVersion], or it is damaged: the snapshot's reader then says so, and rebuilds it) and,
// for a start (stamps), the stamps of its files with the documents read from them (see
// [racyWindow]; nil for none).
func (o *opener) fromSnapshot(stamps bool) (*conversionCache, fileTable) {
	if o.cfg.DataDir == "" {
		return newConversionCache(nil, nil), nil
	}
	k, files, err := readKnown(filepath.Join(o.dir, snapshotFile), stamps)
	if errors.Is(err, fs.ErrNotExist) && o.cfg.CorpusID != "" {
		// Conversions depend on the bytes alone: the data folder's index from before one index per
		// corpus has them for this corpus's files if any corpus's. (Its stamps are not taken.)
		k, _, err = readKnown(o.legacyPath(), false)
	}
	if err != nil {
		o.logger.Debug("nothing taken from the index snapshot", "err", err)
	}
	if k.version != conversionVersion {
		k = kept{}
	}
	return newConversionCache(k.conversions, k.failures), files
}

// readConversions reads the conversions and failures kept in the snapshot at path: none when they
// are of another [conversionVersion].
func readConversions(path string) ([]*conversion, []*failure, error) {
	k, _, err := readKnown(path, false)
	if err != nil || k.version != conversionVersion {
		return nil, nil, err
	}
	return k.conversions, k.failures, nil
}

// kept is what a snapshot's conversions section holds.
type kept struct {
	version     uint64 // the [conversionVersion] they were made by
	conversions []*conversion
	failures    []*failure
}

// readKept reads the snapshot's conversions section, if it has one (format 3 on).
func readKept(f *os.File, h *snapshotHeader) (kept, error) {
	if _, ok := h.sections[secConversions]; !ok {
		return kept{}, nil // format 2 or older
	}
	b, err := sectionBytes(f, h, secConversions)
	if err != nil {
		return kept{}, err
	}
	k, err := decodeConversions(b, h.format)
	if err != nil {
		return kept{}, fmt.Errorf("%w: %s: conversions: %w", errSnapshot, f.Name(), err)
	}
	return k, nil
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
	slices.SortFunc(out, func(a, b *conversion) int { return a.key.compare(b.key) })
	return out
}

// The conversions section: [conversionVersion], the number of conversions, then each: its kind,
// digest, text, literal lines (the first offset, then the differences), title, notesAt, warnings
// (see [encodeWarnings]), dictionary answers and page starts (each: the offset's difference from
// the one before, and the page). From format 5 on, the number of failures follows, then each: its
// kind, digest and warnings. (A document whose text is its conversion's is not in the texts
// section from format 5 on: see [encodeDocs].)
func encodeConversions(cs []*conversion, failures []*failure, format uint32) []byte {
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
		encodeWarnings(&e, c.Warnings)
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
	if format >= 5 {
		e.uint(uint64(len(failures)))
		for _, f := range failures {
			e.uint(uint64(f.key.kind))
			e.raw(f.key.digest[:])
			encodeWarnings(&e, f.warnings)
		}
	}
	return e.b
}

// encodeWarnings writes warnings: their number, then each: its message and attributes (key, 0 and
// a string or 1 and a number).
func encodeWarnings(e *encoder, warnings []convert.Warning) {
	e.uint(uint64(len(warnings)))
	for _, w := range warnings {
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
}

func decodeWarnings(d *decoder) []convert.Warning {
	var out []convert.Warning
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
		if d.err != nil {
			break
		}
		out = append(out, w)
	}
	return out
}

// decodeConversions reads what [encodeConversions] wrote in a snapshot of format. Before format
// 5, conversions of another [conversionVersion] are none (their layout may be another); from format
// 5 on they are read whatever their version, since documents refer to their text.
func decodeConversions(b []byte, format uint32) (kept, error) {
	d := decoder{b: b}
	k := kept{version: d.uint()}
	if d.err != nil || k.version != conversionVersion && format < 5 {
		return kept{version: k.version}, d.err
	}
	for range d.count(d.left() + 1) {
		c := decodeConversion(&d)
		if d.err != nil {
			break
		}
		k.conversions = append(k.conversions, c)
	}
	if format >= 5 {
		for range d.count(d.left() + 1) {
			f := &failure{key: decodeKey(&d)}
			f.warnings = decodeWarnings(&d)
			if d.err == nil && len(f.warnings) == 0 {
				d.fail("failure with no warning")
			}
			if d.err != nil {
				break
			}
			k.failures = append(k.failures, f)
		}
	}
	if d.err == nil && d.left() != 0 {
		d.fail("bytes after the last conversion")
	}
	return k, d.err
}

// decodeKey reads a conversion's or failure's kind and digest.
func decodeKey(d *decoder) convKey {
	k := convKey{kind: convert.Format(d.count(int(convert.PDF) + 1))}
	copy(k.digest[:], d.raw(32))
	if d.err == nil && k.kind == 0 {
		d.fail("conversion of no kind")
	}
	return k
}

// decodeConversion reads one conversion of the conversions section.
func decodeConversion(d *decoder) *conversion {
	c := &conversion{key: decodeKey(d)}
	c.Format = c.key.kind
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
	c.Warnings = decodeWarnings(d)
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
	return c
}

func boolUint(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

package retrieval

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/citebot/citebot/convert"
	"github.com/citebot/citebot/text"
)

// ErrNoDocuments is returned (wrapped) when a corpus folder holds no indexable document.
var ErrNoDocuments = errors.New("no " + readableTypes + " documents")

// readableTypes names the types of the files read as documents, for messages.
const readableTypes = ".txt, .md, .html, .docx or .pdf"

// readable reports whether a file with extension ext (lower case) is read as a document.
func readable(ext string) bool {
	switch ext {
	case ".txt", ".md", ".html", ".htm", ".docx", ".pdf":
		return true
	}
	return false
}

// officeLockFile reports a file that Word (or Excel, PowerPoint) keeps beside a document while it
// is open ("~$report.docx"): a few bytes saying who has it open, not a document. It is neither read
// nor counted, as a hidden file is, so that a folder of documents being edited gives no warnings.
func officeLockFile(name string) bool {
	return strings.HasPrefix(name, "~$")
}

// CorpusFile reports whether a file named name (a base name) can change what [LoadCorpus] reads:
// a document of a type it reads, or one of the corpus's settings files ([text.CatalogFile],
// [text.GlossaryFile], [text.NamesFile], [CorpusCatalogFile]). An old Word .doc, an editor's backup ("notes.txt~") or
// Word's lock file ("~$report.docx") cannot. A file watcher uses it to leave such files alone.
func CorpusFile(name string) bool {
	if name == text.CatalogFile || name == text.GlossaryFile || name == text.NamesFile || name == CorpusCatalogFile {
		return true
	}
	return readable(strings.ToLower(path.Ext(name))) && !(convert.FormatOf(name) == convert.Word && officeLockFile(name))
}

// DefaultMaxFileBytes is the size past which a document is skipped when [CorpusOptions] sets none.
const DefaultMaxFileBytes = 20 << 20

// maxLinkHops bounds the symbolic links followed to resolve one path (a loop ends there).
const maxLinkHops = 40

// CorpusOptions says how to read a corpus folder.
type CorpusOptions struct {
	// Name describes the folder in errors and warnings.
	Name string
	// MaxFileBytes skips (with a warning) documents larger than this; 0 means [DefaultMaxFileBytes].
	MaxFileBytes int64
	// Logger receives a warning for every file skipped; nil discards them.
	Logger *slog.Logger
}

// CorpusDir opens a corpus folder on disk for [LoadCorpus]. It is an [os.Root]: no path, and no
// symbolic link however nested, can lead outside the folder, even if the folder changes while it is
// read. The folder stays open for the life of the process.
func CorpusDir(dir string) (fs.FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open corpus folder: %w", err)
	}
	return root.FS(), nil
}

// LoadCorpus reads every .txt, .md, .html, .htm, .docx and .pdf file below the root of fsys,
// recursively, skipping hidden folders, and returns them sorted by path. A web page's document is
// the text read from it, not its HTML, a Word document's the text read from it and a PDF's the text
// of its text layer (see package convert, [convert.File]): their paragraphs, lines and byte spans
// are that text's.
// Titles come from [CorpusCatalogFile] where the text names none (see [Document.Title]).
//
// Only regular files are read. A symbolic link is followed only when it leads, through any number of
// links, to a regular file inside the corpus folder (the document keeps the link's name); a link
// that leaves the folder (to /proc/self/environ, say), an absolute link, a broken link and a link to
// a folder are skipped. So are FIFOs, devices and sockets (never opened, so a FIFO cannot hang the
// reader), files over the size cap, unreadable files and folders, files that are empty or not UTF-8
// (a Word document's or PDF's text, not its bytes), Word documents and PDFs that cannot be read
// (encrypted, damaged, a scan with no text layer), and web pages and Word documents with no text:
// each with a warning naming it and why, and the rest of the corpus is read; so are a PDF's pages
// that cannot be read, each warned of. Word's lock files ("~$report.docx") are passed over in silence.
func LoadCorpus(fsys fs.FS, opts CorpusOptions) ([]*Document, error) {
	docs, _, err := LoadCorpusSkipping(fsys, opts)
	return docs, err
}

// Skipped counts the files of a corpus folder that [LoadCorpus] did not read, for reports (each
// was also warned of).
type Skipped struct {
	// Files counts the files not read: documents that could not be (unreadable, over the size
	// cap, empty, not UTF-8, a link out of the folder, a Word file or PDF that cannot be read, a page
	// with no text) and files of types it does not read.
	Files int `json:"files"`
	// Types counts the files of types it does not read, by extension: {".doc": 2}.
	Types map[string]int `json:"types,omitempty"`
}

// LoadCorpusSkipping is [LoadCorpus], and also counts the files it did not read.
func LoadCorpusSkipping(fsys fs.FS, opts CorpusOptions) ([]*Document, Skipped, error) {
	return loadCorpus(fsys, opts, nil, nil)
}

// loadCorpus is [LoadCorpusSkipping], taking the conversions of web pages, Word documents and PDFs
// from conversions when it has them for the same bytes, and the failures of those it knows are not
// read (and adding those it makes and meets); nil converts every such file (a copy once). It takes
// the documents of files whose stamps are unchanged from sc's previous table and notes those it
// reads in its next (see [racyWindow]); nil reads every file.
func loadCorpus(fsys fs.FS, opts CorpusOptions, conversions *conversionCache, sc *scan) ([]*Document, Skipped, error) {
	if conversions == nil {
		conversions = newConversionCache(nil, nil)
	}
	if sc == nil {
		sc = newScan(time.Now(), nil)
	}
	r := corpusReader{fsys: fsys, name: cmp.Or(opts.Name, "corpus"), max: cmp.Or(opts.MaxFileBytes, DefaultMaxFileBytes), log: opts.Logger, conversions: conversions}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	catalog, err := r.loadCatalog()
	if err != nil {
		return nil, Skipped{}, err
	}
	var docs []*Document
	var other otherFiles
	unread := 0
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return fmt.Errorf("read %s: %w", r.name, err)
			}
			r.log.Warn("skipping unreadable folder or file", "file", p, "error", err)
			return nil
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if ext := strings.ToLower(path.Ext(p)); !readable(ext) {
			other.add(p, d.Name(), ext)
			return nil
		}
		if convert.FormatOf(p) == convert.Word && officeLockFile(d.Name()) {
			return nil
		}
		doc, ok := r.load(p, d, catalog, sc)
		if !ok {
			unread++
			return nil
		}
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		return nil, Skipped{}, err
	}
	catalog.warnUnused(r.log)
	skipped := Skipped{Files: unread + other.n, Types: other.byExt}
	if other.n > 0 {
		r.log.Warn("skipping files that are not "+readableTypes+" documents", "files", other.n, "types", other.types(), "first", other.first)
	}
	if len(docs) == 0 {
		if other.n > 0 {
			return nil, skipped, fmt.Errorf("corpus folder %s: %w (only other files: %s)", r.name, ErrNoDocuments, other.types())
		}
		return nil, skipped, fmt.Errorf("corpus folder %s: %w", r.name, ErrNoDocuments)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].File < docs[j].File })
	return docs, skipped, nil
}

// load returns the document of the file at p, described by the catalog: the one sc's previous
// scan read when the file's stamp is unchanged (its converter's warnings given again, as
// converting it again would), else the one its bytes make now; false, after logging why, when it
// is skipped. A file whose bytes make no document is not read again while its stamp is unchanged
// either: the warnings reading it gave are given again.
func (r corpusReader) load(p string, d fs.DirEntry, catalog *corpusCatalog, sc *scan) (*Document, bool) {
	target, info, ok := r.stat(p, d)
	if !ok {
		return nil, false
	}
	if k, ok := sc.reuse(p, target, info, catalog); ok {
		if k.doc == nil {
			logWarnings(r.log, p, k.unread.warnings)
			if k.unread.failure != nil {
				r.conversions.meet(k.unread.failure)
			}
			return nil, false
		}
		if c := k.doc.conversion; c != nil {
			logWarnings(r.log, p, c.Warnings)
		}
		return k.doc, true
	}
	data, st, err := r.read(p, target)
	if err != nil {
		// Permissions are remembered only with an inode change time, which a chmod, a chown or an
		// ACL changes: a system that keeps none (Windows) shows no change of its ACLs in a stamp.
		if why, st := unopened(err), stampOf(target, info); why != nil && st.kept() {
			sc.rememberUnread(p, st, why)
		}
		return nil, false
	}
	doc, why := r.document(p, data)
	if doc == nil {
		if why != nil {
			sc.rememberUnread(p, st, why)
		}
		return nil, false
	}
	catalog.describe(doc)
	sc.remember(p, st, doc, catalog)
	return doc, true
}

// document makes the document of the bytes of the file at p, or returns nil after logging why it
// is skipped, with why (nil when that depends on more than the bytes, see [conversionCache.fail]).
func (r corpusReader) document(p string, data []byte) (*Document, *unreadFile) {
	skip := func(w convert.Warning) (*Document, *unreadFile) {
		why := &unreadFile{warnings: []convert.Warning{w}}
		logWarnings(r.log, p, why.warnings)
		return nil, why
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return skip(convert.Warning{Msg: "skipping empty document"})
	}
	if convert.FormatOf(p) == 0 { // a Word document is a zip archive, a PDF binary, a web page in its charset: checked once read
		if off := text.InvalidUTF8Offset(data); off >= 0 {
			return skip(convert.Warning{Msg: "skipping document that is not valid UTF-8", Attrs: []convert.Attr{{Key: "byte_offset", Value: off}, {Key: "fix", Value: fixTextNotUTF8}}})
		}
		return parseDocument(p, string(data)), nil
	}
	doc, warnings, failed := r.conversions.document(p, data)
	logWarnings(r.log, p, warnings)
	if doc == nil && failed != nil {
		return nil, &unreadFile{warnings: failed.warnings, failure: failed}
	}
	return doc, nil
}

// otherFiles counts the files of a corpus folder that are skipped for their type (an old Word .doc, a spreadsheet),
// so that the reader can say so once instead of dropping them silently. Hidden files (".DS_Store")
// and the corpus's own settings files at its root (platforms.json, …) are not counted.
type otherFiles struct {
	n     int
	byExt map[string]int
	// first is the first such file found, as an example.
	first string
}

func (o *otherFiles) add(p, name, ext string) {
	if strings.HasPrefix(name, ".") || p == CorpusCatalogFile || p == text.CatalogFile || p == text.GlossaryFile || p == text.NamesFile {
		return
	}
	if o.byExt == nil {
		o.byExt = map[string]int{}
	}
	if ext == "" {
		ext = "(no extension)"
	}
	o.n++
	o.byExt[ext]++
	if o.first == "" {
		o.first = p
	}
}

// types lists the skipped files by extension, most first: ".doc 3, .xlsx 1".
func (o *otherFiles) types() string {
	exts := slices.Collect(maps.Keys(o.byExt))
	slices.SortFunc(exts, func(a, b string) int { return cmp.Or(cmp.Compare(o.byExt[b], o.byExt[a]), cmp.Compare(a, b)) })
	parts := make([]string, len(exts))
	for i, e := range exts {
		parts[i] = fmt.Sprintf("%s %d", e, o.byExt[e])
	}
	return strings.Join(parts, ", ")
}

// corpusReader reads the files of one corpus folder safely.
type corpusReader struct {
	fsys fs.FS
	name string
	max  int64
	log  *slog.Logger
	// conversions holds conversions and failures to take instead of converting (see [loadCorpus]).
	conversions *conversionCache
}

// stat returns the file that the document at p is (where its link leads, for a link) and what
// stat says of it, or false after logging why it is skipped: not a regular file, or over the size
// cap.
func (r corpusReader) stat(p string, d fs.DirEntry) (string, fs.FileInfo, bool) {
	target := p
	if d.Type()&fs.ModeSymlink != 0 {
		resolved, err := r.resolveLink(p)
		if err != nil {
			r.log.Warn("skipping link", "file", p, "reason", err)
			return "", nil, false
		}
		target = resolved
	}
	info, err := fs.Stat(r.fsys, target)
	if err != nil {
		r.log.Warn("skipping unreadable file", "file", p, "error", err)
		return "", nil, false
	}
	if !info.Mode().IsRegular() {
		r.log.Warn("skipping what is not a regular file", "file", p, "type", fileType(info.Mode()))
		return "", nil, false
	}
	if info.Size() > r.max {
		r.log.Warn("skipping file larger than CITEBOT_MAX_FILE_BYTES", "file", p, "bytes", info.Size(), "max_bytes", r.max)
		return "", nil, false
	}
	return target, info, true
}

// read returns the bytes of the document at p, whose file is target, and the stamp of the file
// read, or why it is skipped, after logging it.
func (r corpusReader) read(p, target string) ([]byte, fileStamp, error) {
	data, info, err := r.readOpen(target)
	if err != nil {
		r.log.Warn(msgUnreadable, "file", p, "error", err)
		return nil, fileStamp{}, err
	}
	if int64(len(data)) > r.max {
		r.log.Warn("skipping file larger than CITEBOT_MAX_FILE_BYTES", "file", p, "max_bytes", r.max)
		return nil, fileStamp{}, errTooLarge
	}
	return data, stampOf(target, info), nil
}

// msgUnreadable is the warning about a file that cannot be opened or read.
const msgUnreadable = "skipping unreadable file"

// errTooLarge is why a file that grew past the size cap once open is skipped.
var errTooLarge = errors.New("larger than the size cap")

// openError is an error opening a file, as the file system returned it, told apart from one
// reading it.
type openError struct{ error }

func (e openError) Unwrap() error { return e.error }

// unopened is why a file that [corpusReader.read] could not read is not read as a document, to
// remember with its stamp, when that depends on the file's stamp alone: its permissions refused
// to open it (see [unreadFile.unopened]); nil for any other error (a folder of too many open files,
// an I/O error, a file that grew past the cap or was swapped for something else), tried again at
// the next scan.
func unopened(err error) *unreadFile {
	var oe openError
	if !errors.As(err, &oe) || !errors.Is(err, fs.ErrPermission) {
		return nil
	}
	return unopenedFile(err.Error())
}

// unopenedFile is why a file is not read whose permissions refused to open it with the error
// message msg: the warning reading it gave.
func unopenedFile(msg string) *unreadFile {
	return &unreadFile{warnings: []convert.Warning{{Msg: msgUnreadable, Attrs: []convert.Attr{{Key: "error", Value: msg}}}}, unopened: true}
}

// readRegular reads at most max+1 bytes of a file that was a regular file when checked. The file is
// checked again once open, so a file swapped for something else in between is not read.
func (r corpusReader) readRegular(p string) ([]byte, error) {
	data, _, err := r.readOpen(p)
	return data, err
}

// readOpen is [corpusReader.readRegular], and also returns what stat said of the file once open.
func (r corpusReader) readOpen(p string) ([]byte, fs.FileInfo, error) {
	f, err := r.fsys.Open(p)
	if err != nil {
		return nil, nil, openError{err}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("not a regular file (%s)", fileType(info.Mode()))
	}
	// Sized as the file is (io.ReadAll's growing buffer allocated four times a corpus's size),
	// one byte more to see it end; a file that grows meanwhile still reads up to max+1 bytes.
	data := make([]byte, 0, min(max(info.Size(), 0), r.max)+1)
	lr := io.LimitReader(f, r.max+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := lr.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, info, nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
}

// errLeavesCorpus reports a symbolic link that leads outside the corpus folder.
var errLeavesCorpus = errors.New("the link leads outside the corpus folder")

// resolveLink follows the symbolic links of p one path element at a time and returns the path,
// inside the corpus folder, that p leads to. A link that is absolute or climbs above the folder, at
// any step, is refused; so is a file system that cannot read links.
func (r corpusReader) resolveLink(p string) (string, error) {
	lfs, ok := r.fsys.(fs.ReadLinkFS)
	if !ok {
		return "", errors.New("symbolic links cannot be resolved in this folder")
	}
	pending := strings.Split(p, "/")
	var done []string
	for hops := 0; len(pending) > 0; {
		elem := pending[0]
		pending = pending[1:]
		switch elem {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", errLeavesCorpus
			}
			done = done[:len(done)-1]
			continue
		}
		next := path.Join(append(done, elem)...)
		info, err := lfs.Lstat(next)
		if err != nil {
			return "", fmt.Errorf("broken link: %w", err)
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = append(done, elem)
			continue
		}
		if hops++; hops > maxLinkHops {
			return "", errors.New("too many levels of links")
		}
		dest, err := lfs.ReadLink(next)
		if err != nil {
			return "", err
		}
		if path.IsAbs(dest) || filepath.IsAbs(dest) {
			return "", errLeavesCorpus
		}
		pending = append(strings.Split(filepath.ToSlash(dest), "/"), pending...)
	}
	if len(done) == 0 {
		return "", errors.New("the link leads to the corpus folder itself")
	}
	return path.Join(done...), nil
}

// fileType names the kind of a file that is not regular, for warnings.
func fileType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "folder"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	}
	return "irregular file"
}

// pageTitle is a web page's title: its <title>, or the page's headline when the <title> holds it
// with more around it, as a site adds its name ("Ferry to Tolland opens | The Greyholm Ledger" →
// "Ferry to Tolland opens").
func pageTitle(title, headline string) string {
	if headline != "" && len(headline) < len(title) && strings.Contains(strings.ToLower(title), strings.ToLower(headline)) {
		return headline
	}
	return title
}

// parseDocument finds the paragraphs (runs of non-blank lines) and the title of one file. A
// Markdown file's front matter stays a paragraph like any other run of lines (so paragraph numbers
// count every run, as documented), and its title is the document's.
func parseDocument(file, body string) *Document {
	d := splitParagraphs(file, body)
	if strings.EqualFold(path.Ext(file), ".md") {
		d.frontTitle = frontMatterTitle(body)
	}
	d.Title = documentTitle(d, "")
	return d
}

// splitParagraphs makes the document of text body, its paragraphs found, its title not yet.
func splitParagraphs(file, body string) *Document {
	d := &Document{File: file, Text: body}
	lineNo := 0
	inPara := false
	var cur Paragraph
	for start := 0; start < len(body); {
		end := strings.IndexByte(body[start:], '\n')
		next := len(body)
		if end < 0 {
			end = len(body)
		} else {
			end += start
			next = end + 1
		}
		lineNo++
		lineEnd := end
		if lineEnd > start && body[lineEnd-1] == '\r' {
			lineEnd--
		}
		blank := text.BlankLine(body[start:lineEnd])
		switch {
		case blank && inPara:
			d.Paragraphs = append(d.Paragraphs, cur)
			inPara = false
		case !blank && !inPara:
			cur = Paragraph{N: len(d.Paragraphs) + 1, StartLine: lineNo, EndLine: lineNo, StartByte: start, EndByte: lineEnd}
			inPara = true
		case !blank:
			cur.EndLine = lineNo
			cur.EndByte = lineEnd
		}
		start = next
	}
	if inPara {
		d.Paragraphs = append(d.Paragraphs, cur)
	}
	return d
}

// headings returns, for each paragraph, the nearest section heading above it (or "" if none):
// Markdown headings (not literal lines, see [text.LiteralLines]) and one-line paragraphs that look
// like titles.
func headings(d *Document) []string {
	out := make([]string, len(d.Paragraphs))
	current := ""
	for i, p := range d.Paragraphs {
		if p.StartLine == p.EndLine {
			line := strings.TrimSpace(text.CleanInvisible(d.Text[p.StartByte:p.EndByte]))
			if h, ok := text.MarkdownHeading(line); ok && !d.literal.Has(p.StartByte) {
				current = h
			} else if i > 0 && text.LooksLikeTitle(line) && utf8.RuneCountInString(line) <= 80 {
				current = line
			}
		}
		out[i] = current
	}
	return out
}

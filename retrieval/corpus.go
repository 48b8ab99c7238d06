package retrieval

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// ErrNoDocuments is returned (wrapped) when a corpus folder holds no indexable document.
var ErrNoDocuments = errors.New("no .txt or .md documents")

// LoadCorpus reads every .txt and .md file below the root of fsys, recursively, skipping hidden
// folders. A file that is not valid UTF-8 or is empty is skipped with a warning; the rest are
// returned sorted by path. name describes the folder in errors and warnings.
func LoadCorpus(fsys fs.FS, name string, logger *slog.Logger) ([]*Document, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var docs []*Document
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read %s: %w", path.Join(name, p), err)
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(path.Ext(p))
		if ext != ".txt" && ext != ".md" {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read %s: %w", path.Join(name, p), err)
		}
		if len(strings.TrimSpace(string(data))) == 0 {
			logger.Warn("skipping empty document", "file", p)
			return nil
		}
		if off := invalidUTF8Offset(data); off >= 0 {
			logger.Warn("skipping document that is not valid UTF-8", "file", p, "byte_offset", off)
			return nil
		}
		docs = append(docs, parseDocument(p, string(data)))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("corpus folder %s: %w", name, ErrNoDocuments)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].File < docs[j].File })
	return docs, nil
}

// invalidUTF8Offset returns the byte offset of the first invalid UTF-8 sequence, or -1.
func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// parseDocument finds the paragraphs (runs of non-blank lines) and the title of one file.
func parseDocument(file, body string) *Document {
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
		blank := strings.TrimSpace(text.CleanInvisible(body[start:lineEnd])) == ""
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
	d.Title = documentTitle(d)
	return d
}

// documentTitle is the first line when it reads like a title (a Markdown heading, or a short line
// without closing punctuation); otherwise the file name without its extension.
func documentTitle(d *Document) string {
	if len(d.Paragraphs) > 0 {
		p := d.Paragraphs[0]
		first := d.Text[p.StartByte:p.EndByte]
		if i := strings.IndexByte(first, '\n'); i >= 0 {
			first = first[:i]
		}
		first = strings.TrimSpace(text.CleanInvisible(first))
		if h, ok := text.MarkdownHeading(first); ok {
			return h
		}
		if text.LooksLikeTitle(first) {
			return first
		}
	}
	base := path.Base(d.File)
	return strings.TrimSuffix(base, path.Ext(base))
}

// headings returns, for each paragraph, the nearest section heading above it (or "" if none):
// Markdown headings and one-line paragraphs that look like titles.
func headings(d *Document) []string {
	out := make([]string, len(d.Paragraphs))
	current := ""
	for i, p := range d.Paragraphs {
		if p.StartLine == p.EndLine {
			line := strings.TrimSpace(text.CleanInvisible(d.Text[p.StartByte:p.EndByte]))
			if h, ok := text.MarkdownHeading(line); ok {
				current = h
			} else if i > 0 && text.LooksLikeTitle(line) && utf8.RuneCountInString(line) <= 80 {
				current = line
			}
		}
		out[i] = current
	}
	return out
}

// Package synthcorpus builds synthetic corpora for benchmarks out of the seeds' own sentences,
// reshuffled, so that a corpus of any size has the vocabulary, languages and platform names of the
// real one. Corpora are generated when a benchmark runs and never committed.
//
// A corpus of n chunks has n/10 files of 10 paragraphs; each paragraph is short enough (under
// 400 bytes) to be one chunk, so the chunk count is n exactly.
package synthcorpus

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/citebot/citebot/seeds"
)

// ParagraphsPerFile is how many one-chunk paragraphs each generated file holds.
const ParagraphsPerFile = 10

// sentences returns the seeds' sentences of 20 to 300 bytes, cut at line breaks and after ". ",
// "? ", "! " and the Chinese full stops. It only needs to be roughly right: the sentences are
// material, not test data.
var sentences = sync.OnceValue(func() []string {
	var out []string
	entries, _ := fs.Glob(seeds.FS(), "*.txt")
	for _, name := range entries {
		data, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			continue
		}
		text := string(data)
		for _, r := range []string{". ", "? ", "! ", "。", "？", "！"} {
			text = strings.ReplaceAll(text, r, strings.TrimSpace(r)+"\n")
		}
		for _, s := range strings.Split(text, "\n") {
			s = strings.TrimSpace(s)
			if l := len(s); l > 20 && l < 300 {
				out = append(out, s)
			}
		}
	}
	return out
})

// File is one generated document.
type File struct {
	Name string // relative path with forward slashes, e.g. "synthetic/0042.txt"
	Data []byte
}

// Files returns a deterministic corpus of about chunks chunks (rounded up to whole paragraphs),
// the same for the same arguments in every run. seed varies the text.
func Files(chunks int, seed uint64) []File {
	sents := sentences()
	rng := rand.New(rand.NewPCG(seed, 2))
	var files []File
	for f := 0; f*ParagraphsPerFile < chunks; f++ {
		var b strings.Builder
		for p := 0; p < ParagraphsPerFile && f*ParagraphsPerFile+p < chunks; p++ {
			fmt.Fprintf(&b, "Paragraph %d of file %d. ", p+1, f)
			start := b.Len()
			for b.Len()-start < 250 {
				s := sents[rng.IntN(len(sents))]
				if b.Len() > start && b.Len()-start+len(s) > 380 {
					break
				}
				b.WriteString(s)
				b.WriteString(" ")
			}
			b.WriteString("\n\n")
		}
		files = append(files, File{Name: fmt.Sprintf("synthetic/%05d.txt", f), Data: []byte(b.String())})
	}
	return files
}

// Write writes Files(chunks, seed) below dir.
func Write(dir string, chunks int, seed uint64) error {
	for _, f := range Files(chunks, seed) {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write synthetic corpus: %w", err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return fmt.Errorf("write synthetic corpus: %w", err)
		}
	}
	return nil
}

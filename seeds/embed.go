// Package seeds embeds citebot's default corpus, its platform catalog, its glossary and its corpus catalog
// (corpus.json: the documents' titles, which the scraped texts lack) into the binary, so that
// citebot answers from any working folder with no files beside it.
package seeds

import (
	"embed"
	"io/fs"
)

// files holds the corpus documents, platforms.json, glossary.json and corpus.json exactly as they
// are in this folder.
//
//go:embed *.txt platforms.json glossary.json corpus.json
var files embed.FS

// FS returns the embedded corpus: the .txt documents, platforms.json, glossary.json and corpus.json.
func FS() fs.FS { return files }

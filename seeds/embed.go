// Package seeds embeds citebot's default corpus and its platform catalog into the binary, so that
// citebot answers from any working folder with no files beside it.
package seeds

import (
	"embed"
	"io/fs"
)

// files holds the corpus documents, platforms.json and glossary.json exactly as they are in this folder.
//
//go:embed *.txt platforms.json glossary.json
var files embed.FS

// FS returns the embedded corpus: the .txt documents, platforms.json and glossary.json.
func FS() fs.FS { return files }

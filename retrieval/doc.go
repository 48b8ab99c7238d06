// Package retrieval turns a folder of text documents into positioned passages and searches them.
//
// A [Document] is one file, kept byte for byte; its [Paragraph]s are runs of non-blank lines,
// numbered from 1. A [Passage] is a chunk of one paragraph that carries its exact position (file,
// paragraph, lines, byte span) from the moment it is cut to the link a user clicks, so that
// passage.Text == document.Text[StartByte:EndByte] always holds. A web page's, Word document's or
// PDF's Document is the text package convert reads of it (convert.File); the snapshot keeps those
// conversions, keyed by the file's bytes, and why those that cannot be read were not, so that
// unchanged files are not converted (or tried) again, nor, while their stamps are unchanged, read
// (see racyWindow in stamp.go). An
// [Index] searches one version of the corpus: a BM25 keyword index and the passages' vectors
// (reached through [VectorIndex]), fused by reciprocal rank fusion in [Index.Search]. Words,
// sentences, languages and platform names come from the text layer (package text): the platform
// catalog expands a query that names a platform by any alias to all of its names, the glossary adds
// English glosses of Spanish and Chinese words, and every document's sentence analysis is computed
// once, at index time ([Index.Analysis]).
//
// With a data folder, [Open] keeps the embeddings in a persistent chromem-go store (sharded, with
// IDs that never share a file) and everything derived from the corpus in one snapshot file, keyed by
// the corpus's content and the embedding model, which later runs load instead of rebuilding. An
// update reuses what unchanged files derived, embeds only passages never stored, holds the data
// folder's lock, and replaces the snapshot atomically; [Update] does so without loading the index.
// [Reload] brings a served version up to date, reading only the files whose size or times changed
// since it was read (see racyWindow in stamp.go for the rule).
// A data folder that cannot be written serves its last snapshot ([Index.Stale]).
package retrieval

// Package retrieval turns a folder of text documents into positioned passages and searches them.
//
// A [Document] is one file, kept byte for byte; its [Paragraph]s are runs of non-blank lines,
// numbered from 1. A [Passage] is a chunk of one paragraph that carries its exact position (file,
// paragraph, lines, byte span) from the moment it is cut to the link a user clicks, so that
// passage.Text == document.Text[StartByte:EndByte] always holds. An [Index] embeds the passages into a
// persistent chromem-go store, keeps a BM25 keyword index beside it, and fuses both rankings with
// reciprocal rank fusion in [Index.Search]. Words, sentences, languages and platform names come from
// the text layer (package text): the platform catalog expands a query that names a platform by any
// alias to all of its names, the glossary adds English glosses of Spanish and Chinese words, and
// every document's sentence analysis is computed once, at index time ([Index.Analysis]).
package retrieval

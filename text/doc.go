// Package text is citebot's one text layer: what a sentence, a word, a language and a platform
// name are, for retrieval and for answers alike.
//
// It owns sentence splitting ([Sentences], [QuoteSpan]), language detection ([DetectLanguage]),
// words and search terms ([Words], [Lexicon.Terms]) with language-aware stemming ([Stem]: a
// capitalised name inside a Spanish sentence is not stemmed as Spanish), Chinese segmentation (a run
// of Han characters is cut into the dictionary words it holds, and what is left becomes one term), the
// platform [Catalog] that finds platforms by any alias, the names the documents define for one
// another ([DefinedNames]: "Research Data Store (RDS)", "formerly …"), and the [Glossary] that
// glosses Spanish and Chinese words in English. Both the catalog and the glossary are data files
// beside the corpus (platforms.json, glossary.json).
//
// [Analyze] computes, once per document and corpus version, everything the answer engine needs
// about each sentence (span, kind, terms, figures, platforms and the platforms it is about) as
// plain data ([Doc]) that can be stored and loaded with the index.
package text

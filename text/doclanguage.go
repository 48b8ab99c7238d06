package text

import (
	"regexp"
	"strings"
)

// DocumentLanguage reads a question that points at documents by the language they are written in
// ("What does the Spanish guide recommend?", "¿Cuándo recomienda la guía china ejecutar prune?",
// "西班牙语指南认为…"): it returns that language and q with the pointing phrase blanked out, or ""
// and q when q points at none. The phrase says where to look, not what to find: the Spanish guide
// does not call itself "the Spanish guide", so its words are no terms an answer must hold.
//
// Only nouns that name a document count. "The Spanish translation", "the Chinese version of the
// app" and "a Chinese page" are things a question asks about, and "a tour in Chinese" is a
// service; 说明会 is a meeting, not a leaflet.
func DocumentLanguage(q string) (string, string) {
	for _, p := range documentPointers {
		if loc := p.re.FindStringSubmatchIndex(q); loc != nil {
			lang := p.lang[strings.ToLower(FoldAccents(q[loc[2]:loc[3]]))]
			return lang, q[:loc[0]] + strings.Repeat(" ", loc[1]-loc[0]) + q[loc[1]:]
		}
	}
	return "", q
}

// documentPointer is one way of naming documents by their language: re's first group is the
// language's name, which lang maps (lower-cased, accents folded) to its code.
type documentPointer struct {
	re   *regexp.Regexp
	lang map[string]string
}

var documentPointers = func() []documentPointer {
	// The names are looked up in languageWords and hanLanguageWords.
	const enNouns = `guide|guidebook|article|text|document|leaflet|handbook|notes|booklet|brochure|faq|post`
	const esNouns = `guía|guia|artículo|articulo|texto|documento|folleto|manual|notas`
	return []documentPointer{
		// "the Spanish guide", "the Chinese-language leaflet", "the Spanish guide's test"
		{regexp.MustCompile(`(?i)\b(spanish|chinese|english|mandarin)(?:[- ]language)? (?:` + enNouns + `)s?\b`), languageWords},
		// "la guía en español", "el texto en inglés", "la guía china", "el folleto chino"
		{regexp.MustCompile(`(?i)\b(?:` + esNouns + `)s? (?:en |para hablantes de )?(español|espanol|española|espanola|chino|china|inglés|ingles|inglesa)\b`), languageWords},
		// 西班牙语指南, 中文版手册, 英文的文章, 中文须知
		{regexp.MustCompile(`(西班牙语|西班牙文|西语|中文|汉语|英文|英语)(?:版)?(?:的)?(?:指南|文章|手册|须知|文件|原文|资料)`), hanLanguageWords},
	}
}()

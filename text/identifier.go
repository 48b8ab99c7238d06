package text

import (
	"regexp"
	"strings"
)

// Identifiers are a kind of fact of their own in technical documents: "What environment variable
// sets the public URL?" is answered by `LUMEN_SERVER_BASE_URL`, "What path should I type?" by
// \\files.tarsis.edu\home, "Which flag scans one folder?" by --path. A sentence that talks about
// the setting in words without naming it is a near miss however much of the question it covers.

// identifierPattern matches a written identifier outside code spans: a name in capitals with an
// underscore (LUMEN_ADMIN_PASSWORD), a long option (--read-data), a path (/etc/lumen, ~/photos,
// ./storage, \\server\share, C:\Users), or a dotted name of lower-case parts, at least one of
// three letters or more (radius.tarsis.edu, database.max_connections, lumen.yml; not "e.g.").
var identifierPattern = regexp.MustCompile(`\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|(?:^|[\s(])--[a-z][a-z0-9-]+|(?:^|[\s("'])(?:~?/[A-Za-z_][\w.-]*(?:/[\w.-]*)*|\./[\w.-]+|\\\\[\w.-]+|[A-Za-z]:\\)|\b[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)*\.[a-z][a-z0-9_-]{2,}\b|\b[a-z][a-z0-9_-]{2,}\.[a-z][a-z0-9_-]+\b`)

// HoldsIdentifier reports whether sentence s names an identifier: an inline code span, or an
// identifier written plainly (see identifierPattern), an e-mail or web address among them.
func HoldsIdentifier(s string) bool {
	if strings.Count(s, "`") >= 2 {
		return true
	}
	return identifierPattern.MatchString(s) || HoldsContact(s, ContactEmail) || HoldsContact(s, ContactWeb)
}

// identifierNouns name a kind of identifier, in English, Spanish (folded) and Chinese: a question
// that asks "what" or "which" of one asks for an identifier ("What environment variable …",
// "¿Qué comando …", "用什么命令 …"), and a sentence that names an identifier covers the noun, as
// "Set `LUMEN_SERVER_BASE_URL`" covers "variable". Nouns that name other things as often in
// documents of other kinds are left out ("option", "key", "path", "field", "argument", "ruta":
// "What options do members have?", "What argument does the author make?", "¿Qué ruta lleva al
// museo?"); a question asks for one of those by a verb of typing instead.
var identifierNouns = setOf(`variable variables flag flags command commands header headers parameter parameters
	hostname endpoint endpoints directive directives filename filenames
	comando comandos parametro parametros cabecera cabeceras directiva directivas
	命令 变量 环境变量 参数 配置项 域名 标头 请求头 字段 指令 扩展名`)

// askVerbs, after "what" (and "do I", "should I"), ask for what to type ("What do I type?",
// "What path should I enter?", "¿Qué escribo?").
var askVerbs = setOf(`type enter paste escribo tecleo introduzco escribir teclear introducir`)

// whichWords open the noun a question asks for.
var whichWords = setOf(`what which que cual cuales`)

// zhAskedIdentifier are the Chinese cues that ask what to type or which identifier.
var zhAskedIdentifier = []string{"填什么", "输入什么", "敲什么", "填哪个", "什么命令", "哪个命令", "哪条命令", "哪个变量", "什么变量", "什么参数", "哪个参数", "什么域名", "哪个字段", "什么字段"}

// AskedIdentifier reports whether a question (its text and words ws) asks for an identifier:
// "what" or "which" with an identifier noun within the next three words ("Which configuration
// flag …", "What environment variable …") or a verb of typing within four ("What path should I
// type?", "¿Qué escribo?"), or a Chinese cue (填什么, 什么命令).
func AskedIdentifier(question string, ws []Word) bool {
	for _, cue := range zhAskedIdentifier {
		if strings.Contains(question, cue) {
			return true
		}
	}
	for i, w := range ws {
		if !whichWords[w.Folded] {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+4; j++ {
			if identifierNouns[ws[j].Folded] && j <= i+3 || askVerbs[ws[j].Folded] {
				return true
			}
		}
	}
	return false
}

// IdentifierWord reports whether a question word names a kind of identifier (see
// identifierNouns): a sentence naming an identifier covers it.
func IdentifierWord(word string) bool { return identifierNouns[FoldAccents(word)] }

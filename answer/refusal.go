package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A model says the sources do not answer in one of two ways. It writes the sentinel the prompt asks
// for, NOT_IN_SOURCES, somewhere in its first line: alone, in bold or code, after a preamble ("I'm
// sorry, but NOT_IN_SOURCES: …"), with spaces or hyphens for the underscores. Or it says so in words,
// in its first sentence: a sentence that names the sources (or the speaker) and denies that they hold
// the answer, in English, Spanish or Chinese. Either way the reply is a refusal: when nothing in it is
// a verified citation it is an abstention, shown with the model's own sentence when that sentence is
// in the asker's language.

// sentinelRE finds the sentinel with any case and any of space, hyphen or underscore between its
// words, in the singular too.
var sentinelRE = regexp.MustCompile(`(?i)not[ _\-]?in[ _\-]?sources?\b`)

// findSentinel returns the byte span of the sentinel in line and of the decoration around it (bold,
// code, a following colon or dash).
func findSentinel(line string) (int, int, bool) {
	loc := sentinelRE.FindStringIndex(line)
	if loc == nil {
		return 0, 0, false
	}
	start, end := loc[0], loc[1]
	for start > 0 && strings.ContainsRune("*_`", rune(line[start-1])) {
		start--
	}
	for end < len(line) {
		r, size := utf8.DecodeRuneInString(line[end:])
		if !strings.ContainsRune("*_`:.;,-–—： \t", r) {
			break
		}
		end += size
	}
	return start, end, true
}

// refusalPatterns recognise a sentence that says the sources do not hold the answer. Each needs a
// word for the sources (or the speaker's inability) and a denial.
var refusalPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(sources?|passages?|documents?|texts?|context|excerpts?|materials?|information provided|provided information)\b[^.!?]{0,60}\b(do|does|did|is|are|was|were|can|could)(n't| not)\b`),
	regexp.MustCompile(`(?i)\b(sources?|passages?|documents?|texts?|context|excerpts?)\b[^.!?]{0,40}\b(contain|contains|mention|mentions|say|says|provide|provides|include|includes|have|has|give|gives)\s+(no|nothing)\b`),
	regexp.MustCompile(`(?i)\bno (information|mention|data|details?|answer)\b[^.!?]{0,60}\b(in|from|within) the (provided |given |available )?(sources?|passages?|documents?|texts?|context)\b`),
	regexp.MustCompile(`(?i)^(i'm sorry,? but )?(i|we) (cannot|can't|could not|couldn't|am unable to|was unable to|do not|don't) (find|answer|determine|locate|see|tell)\b[^.!?]{0,80}\b(sources?|passages?|documents?|context|provided)\b`),
	regexp.MustCompile(`(?i)\b(fuentes?|documentos?|textos?|pasajes?|contexto)\b[^.!?]{0,60}\bno\s+(contienen|contiene|mencionan|menciona|dicen|dice|responden|responde|incluyen|incluye|proporcionan|proporciona|especifican|especifica|indican|indica|hablan|habla|tratan|trata|permiten|permite|dan|da)\b`),
	regexp.MustCompile(`(?i)\bno (hay|se encuentra|encontré|se menciona|se proporciona)\b[^.!?]{0,60}\b(fuentes?|documentos?|textos?|contexto|información)\b`),
	regexp.MustCompile(`(资料|来源|文档|材料|文本|上下文|所给|提供的)[^。！？]{0,30}(没有|未|并未|并没有|不包含|无)`),
	regexp.MustCompile(`(无法|不能)(回答|确定|找到)|找不到[^。！？]{0,20}(信息|答案|资料)`),
}

// isRefusalSentence reports whether s says that the sources do not hold the answer.
func isRefusalSentence(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 400 {
		return false
	}
	for _, re := range refusalPatterns {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// refusalText returns the model's refusal sentence fit to show: one sentence, with a capital, in the
// asker's language; "" when it is none of these (the caller then shows its own message).
func refusalText(sentence, questionLang string) string {
	s := strings.TrimSpace(strings.Trim(strings.TrimSpace(sentence), "*_`"))
	if s == "" || len(s) > 300 || strings.ContainsAny(s, "[]【】\n") {
		return ""
	}
	if textLanguage(s) != questionLang {
		return ""
	}
	return capitalize(s)
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

package text

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Contact details are a kind of fact of their own: "What is Pieter de Wit's email address?" is
// answered by an e-mail address, "陈美玲的电话号码是多少？" by a telephone number, "What is the
// library's website?" by a web address, and a sentence that names the person or the place without
// one is a near miss however much of the question it covers.

// The kinds of contact detail a question may ask for (see [AskedContact]).
const (
	ContactEmail = "email"
	ContactPhone = "phone"
	ContactWeb   = "web"
)

// contactCues are the phrases that ask for each kind, in English, Spanish and Chinese, compared
// with the question lower-cased and without accents. "Phone" alone is not one: "How do I unlock a
// bike with my phone?" asks nothing of the kind; nor is 电话 alone ("要打电话给谁": whom to call).
var contactCues = []struct {
	kind string
	cues []string
}{
	// A mailbox is not its address: "学生邮箱的容量有多大？" asks how big the mailbox is, "¿Puedo
	// pedirlo por correo electrónico?" how to ask; the Chinese and Spanish cues name the address or
	// ask which one.
	{ContactEmail, []string{"email address", "mail address", "email adress", "what email", "which email", "email of", "email for",
		"direccion de correo", "cual es el correo", "cual es su correo", "que correo", "cual es el email",
		"邮箱地址", "邮件地址", "电邮地址", "邮箱是", "什么邮箱", "哪个邮箱"}},
	{ContactPhone, []string{"phone number", "telephone number", "number to call", "numero de telefono", "numero de movil",
		"telefono de contacto", "cual es el telefono", "helpline number", "hotline number", "numero de la linea", "numero de linea",
		"电话号码", "手机号", "联系电话", "电话是多少", "热线号码", "专线号码"}},
	{ContactWeb, []string{"website", "web site", "web address", "web page address", "url", "pagina web", "sitio web", "网址", "网站"}},
}

// byMeans are the words that make a contact word a means, not what is asked ("by email").
var byMeans = setOf(`by via per through over with using por con mediante`)

// AskedContact returns the kind of contact detail a question asks for (lower is its text
// lower-cased), or "".
func AskedContact(lower string) string {
	// Words are compared whole ("url" is not in "hourly"): every run of letters and digits is
	// kept, parted by single spaces, with a space at either end.
	var b strings.Builder
	b.WriteByte(' ')
	for _, w := range Words(lower) {
		b.WriteString(w.Folded)
		b.WriteByte(' ')
	}
	words := strings.ReplaceAll(b.String(), " e mail ", " email ")
	// "What is Pieter de Wit's email?" asks for the address; "Can I renew by email?" does not.
	if f := strings.Fields(words); len(f) > 1 && f[len(f)-1] == "email" && !byMeans[f[len(f)-2]] {
		return ContactEmail
	}
	for _, c := range contactPhrases {
		if c.han && strings.Contains(lower, c.cue) || strings.Contains(words, c.padded) && !meansOnly(words, c.padded) {
			return c.kind
		}
	}
	return ""
}

// meansOnly reports whether every use of the padded cue in the padded words is the means of
// doing something, not what is asked: after "by", "through", "on", "en" and the like, and an
// article or a possessive ("Why can't I book a filling through the website?", "¿Puedo pagar en
// la página web?").
func meansOnly(words, padded string) bool {
	for i := 0; ; {
		k := strings.Index(words[i:], padded)
		if k < 0 {
			return true
		}
		before := strings.Fields(words[:i+k])
		for len(before) > 0 && contactDeterminers[before[len(before)-1]] {
			before = before[:len(before)-1]
		}
		if len(before) == 0 || !byMeans[before[len(before)-1]] && !placeMeans[before[len(before)-1]] {
			return false
		}
		i += k + 1
	}
}

var (
	// contactDeterminers may stand between a means word and the contact word ("through our website").
	contactDeterminers = setOf(`the a an our your their its this that el la los las un una su sus nuestra nuestro`)
	// placeMeans are the prepositions by which a contact word names where something is done ("on
	// the website", "en la web"), as byMeans names how.
	placeMeans = setOf(`on en from desde`)
)

// contactPhrase is a cue of contactCues as AskedContact matches it: a Chinese cue in the question,
// any cue as whole words (padded with spaces) in the question's words.
type contactPhrase struct {
	kind, cue, padded string
	han               bool
}

// contactPhrases are contactCues in order, padded once, not at every question.
var contactPhrases = func() []contactPhrase {
	var out []contactPhrase
	for _, c := range contactCues {
		for _, cue := range c.cues {
			out = append(out, contactPhrase{kind: c.kind, cue: cue, padded: " " + cue + " ", han: isHanStart(cue)})
		}
	}
	return out
}()

var (
	emailAddress = regexp.MustCompile(`[\pL\pN._%+-]+@[\pL\pN-]+(\.[\pL\pN-]+)+`)
	// A telephone number: groups of digits parted by single spaces, dots or dashes, some in
	// parentheses, with an optional leading "+"; seven to fifteen digits in all (see HoldsContact).
	phoneNumber = regexp.MustCompile(`\+?\(?\d+\)?(?:[ .-]\(?\d+\)?)*`)
	webAddress  = regexp.MustCompile(`(?i)(?:https?://|www\.)\S+|\b[\pL\pN-]+(?:\.[\pL\pN-]+)*\.(?:com|org|net|gov|edu|es|uk|cn|de|fr|io|info|eu)(?:/\S*)?\b`)
)

// contactWords are the words by which a question names the kind of contact detail it asks for,
// in English, Spanish (folded) and Chinese: "phone number", "dirección de correo", 电话号码.
var contactWords = map[string]map[string]bool{
	ContactEmail: setOf(`email emails mail address adress correo electronico direccion 邮箱 电子邮件 电邮 邮件 邮件地址 地址`),
	ContactPhone: setOf(`phone telephone number mobile numero telefono movil 电话 号码 电话号码 手机 手机号 联系电话`),
	ContactWeb:   setOf(`website web site address url page pagina sitio 网址 网站`),
}

// ContactWord reports whether a word of a question (lower-cased) names the kind of contact
// detail the question asks for: a sentence that holds such a detail covers the word, as "0800 555
// 0190" covers "phone number".
func ContactWord(kind, word string) bool {
	return contactWords[kind][FoldAccents(word)]
}

// contacts returns the kinds of contact detail sentence s states (see [Sentence.Contacts]).
func contacts(s string) []string {
	var out []string
	for _, kind := range []string{ContactEmail, ContactPhone, ContactWeb} {
		if HoldsContact(s, kind) {
			out = append(out, kind)
		}
	}
	return out
}

// HoldsContact reports whether s states a contact detail of the kind asked for.
func HoldsContact(s, kind string) bool {
	switch kind {
	case ContactEmail:
		return emailAddress.MatchString(s)
	case ContactPhone:
		for _, m := range phoneNumber.FindAllString(s, -1) {
			if n := digits(m); n >= 7 && n <= 15 {
				return true
			}
		}
		return false
	case ContactWeb:
		// The domain of an e-mail address is not a web address.
		return webAddress.MatchString(emailAddress.ReplaceAllString(s, " "))
	}
	return true
}

// digits counts the ASCII digits of s.
func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// isHanStart reports whether s starts with a Han character.
func isHanStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return IsHan(r)
}

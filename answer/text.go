package answer

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/spanish"
)

// span is a half-open byte range [Start, End) of a text.
type span struct{ Start, End int }

// splitSentences cuts text into sentences and returns their exact byte spans, trimmed of spaces,
// bullet dashes and trailing footnote markers. It knows English and Spanish punctuation (including a
// sentence opened by ¿ or ¡), Chinese 。！？, the " - " bullets of seed 001, footnote runs such as
// "[1][3]" that end a bullet, and the machine-translated " . " of seed 004.
func splitSentences(text string) []span {
	var out []span
	start := 0
	cut := func(end, next int) {
		if s, ok := trimSentence(text, start, end); ok {
			out = append(out, s)
		}
		start = next
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			cut(i, i+size)
		case r == '。' || r == '！' || r == '？':
			j := skipClosers(text, i+size)
			cut(j, j)
			i = j
			continue
		case r == '.' || r == '!' || r == '?':
			j := skipClosers(text, i+size)
			if j >= len(text) {
				break
			}
			next, _ := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(next) {
				k := skipSpace(text, j)
				if k < len(text) && opensSentence(text[k:]) {
					cut(j, k)
					i = k
					continue
				}
			} else if r == '.' && i > 0 && text[i-1] == ' ' && !isTightPunct(next) {
				// Seed 004's "trader .2009 year": a detached full stop.
				cut(j, j)
				i = j
				continue
			}
		case r == ' ' && strings.HasPrefix(text[i:], " - ") && i > start && bulletDash(text, i):
			cut(i, i+3)
			i += 3
			continue
		case r == '[' && footnoteLen(text[i:]) > 0:
			j := i
			for footnoteLen(text[j:]) > 0 {
				j += footnoteLen(text[j:])
			}
			k := skipSpace(text, j)
			if k > j && k < len(text) && opensSentence(text[k:]) && !strings.HasPrefix(text[k:], "- ") {
				cut(j, k)
				i = k
				continue
			}
			i = j
			continue
		}
		i += size
	}
	cut(len(text), len(text))
	return out
}

// bulletDash reports whether the " - " at i starts a bullet (seed 001), not a range such as
// "2018 - 2020": the dash must follow a non-digit and precede a capital or a Han character.
func bulletDash(text string, i int) bool {
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	next, _ := utf8.DecodeRuneInString(text[i+3:])
	return !unicode.IsDigit(prev) && (unicode.IsUpper(next) || unicode.Is(unicode.Han, next))
}

func skipClosers(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !strings.ContainsRune(`"'”’」』)»`, r) {
			break
		}
		i += size
	}
	return i
}

// opensSentence reports whether s starts like a sentence: a capital, a digit, ¿, ¡, a quotation mark
// or a Han character.
func opensSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r) || strings.ContainsRune(`¿¡"“「'`, r)
}

// trimSentence trims spaces, a leading bullet dash and trailing footnote markers from text[start:end].
func trimSentence(text string, start, end int) (span, bool) {
	for {
		old := [2]int{start, end}
		for start < end {
			r, size := utf8.DecodeRuneInString(text[start:end])
			if !unicode.IsSpace(r) && r != '-' && r != '•' {
				break
			}
			start += size
		}
		for start < end {
			r, size := utf8.DecodeLastRuneInString(text[start:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= size
		}
		if end-start >= 3 && text[end-1] == ']' {
			if k := strings.LastIndexByte(text[start:end], '['); k >= 0 && footnoteLen(text[start+k:end]) == end-start-k {
				end = start + k
			}
		}
		if old == [2]int{start, end} {
			break
		}
	}
	if end <= start {
		return span{}, false
	}
	hasWord := false
	for _, r := range text[start:end] {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			hasWord = true
			break
		}
	}
	return span{start, end}, hasWord
}

// Languages recognised for stemming and for telling the model which language to answer in.
const (
	langEnglish = "English"
	langSpanish = "Spanish"
	langChinese = "Chinese"
)

var (
	enStop = setOf(`a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my no nor not now
of off on once only or other our out over own same she should so some such than that the their them then
there these they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours s t don many much tell say says said according text article source
sources document documents mention mentions mentioned describe describes explain explains show shows give
gives know happen happened did does way ways kind make made get one two year years per cent mean means
meaning definition define defined refer refers far every`)
	esStop = setOf(`a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde donde
durante e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba estado estas este esto
estos fue fueron ha han hasta hay la las le les lo los mas me mi mientras muy ni no nos o os otra otro para
pero poco por porque que quien quienes se sea segun ser si sido sin sobre son su sus tambien te tiene tienen
todo todos tu un una unas uno unos y ya que qué cómo cuál cuáles cuándo dónde quién por qué texto articulo
artículo fuente fuentes menciona mencionan dice dicen explica explican documento documentos cual según también
más además cuanto cuantos cuanta cuantas tenia tenian habia hay tiene significa significado definicion refiere`)
	zhStop = []string{"为什么", "是什么", "什么", "多少", "哪些", "哪个", "哪家", "怎么样", "怎么", "如何", "是否", "有没有",
		"吗", "呢", "吧", "的", "了", "是", "在", "和", "与", "及", "对", "把", "被", "有", "谁", "哪", "年", "月", "请问", "请", "？", "，", "。"}
)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[foldWord(w)] = true
	}
	return m
}

// foldWord lower-cases a word and removes common accents.
func foldWord(w string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(w) {
		if f, ok := accentFold[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

// detectLanguage guesses the language of s: Chinese when Han characters dominate the letters,
// Spanish when Spanish function words or marks outnumber English ones, English otherwise.
func detectLanguage(s string) string {
	han, latin := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r):
			latin++
		}
	}
	if han > 0 && han*3 >= latin {
		return langChinese
	}
	en, es := 0, 0
	for _, w := range words(s) {
		if enStop[w] {
			en++
		}
		if esStop[w] {
			es++
		}
	}
	if strings.ContainsAny(s, "¿¡ñ") {
		es += 2
	}
	if es > en {
		return langSpanish
	}
	return langEnglish
}

// words splits s into folded Latin words and numbers ("3.5", "15.2" stay whole).
func words(s string) []string {
	var out []string
	f := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.') || unicode.Is(unicode.Han, r)
	})
	for _, w := range f {
		w = strings.Trim(w, ".")
		if w == "" {
			continue
		}
		if strings.Contains(w, ".") && !isNumber(w) {
			for _, p := range strings.Split(w, ".") {
				if p != "" {
					out = append(out, foldWord(p))
				}
			}
			continue
		}
		out = append(out, foldWord(w))
	}
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) && r != '.' {
			return false
		}
	}
	return true
}

// terms returns the content terms of s: stemmed words that are not stop words (stemmed as lang), whole
// numbers, and bigrams of Han runs after Chinese question words are removed.
func terms(s, lang string) []string {
	var out []string
	for _, w := range words(s) {
		if enStop[w] || esStop[w] {
			continue
		}
		if isNumber(w) {
			out = append(out, w)
			continue
		}
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		out = append(out, stem(w, lang))
	}
	return append(out, hanTerms(s)...)
}

// sourceTerms is terms for source sentences: Han runs also give their single characters.
func sourceTerms(s, lang string) []string {
	out := terms(s, lang)
	for _, t := range hanGrams(s, true) {
		if utf8.RuneCountInString(t) == 1 {
			out = append(out, t)
		}
	}
	return out
}

func stem(w, lang string) string {
	var st string
	if lang == langSpanish {
		st = spanish.Stem(w, true)
	} else {
		st = english.Stem(w, true)
	}
	if c, ok := canonStem[st]; ok {
		return c
	}
	return st
}

// canonStem merges English stems that the stemmer leaves apart but questions use interchangeably.
var canonStem = map[string]string{"growth": "grow", "grew": "grow", "sale": "sell", "sold": "sell", "bought": "buy",
	"decis": "decid", "leader": "lead", "longer": "long", "daili": "day", "success": "succeed", "founder": "found"}

// notNames are capitalised words that are not names (months, days), for the unknown-name check.
var notNames = setOf(`january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday enero febrero marzo abril mayo junio julio agosto
septiembre octubre noviembre diciembre`)

// translations returns the English glossary translations of the words of a Chinese or Spanish
// question, to widen its search beyond documents in its own language.
func translations(q string) string {
	var out []string
	switch detectLanguage(q) {
	case langChinese:
		for k, v := range zhGlossary {
			if strings.Contains(q, k) {
				out = append(out, v)
			}
		}
	case langSpanish:
		for _, w := range words(q) {
			if v, ok := esGlossary[w]; ok {
				out = append(out, v)
			}
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// glossary translates common e-commerce words of Chinese and Spanish questions into English, so a
// question in one language can be matched against sources in another. Platform names are not here:
// the catalog translates those. Chinese keys match as substrings, Spanish keys as folded words.
var (
	zhGlossary = map[string]string{
		"电商": "commerce", "用户": "users", "活跃": "active", "增长": "growth", "直播": "live", "市场份额": "market share",
		"市场": "market", "份额": "share", "销售额": "sales", "销售": "sales", "创造": "created", "创立": "founded",
		"创办": "founded", "创始人": "founder", "上市": "listed", "美国": "United States", "合作": "partner",
		"农民": "farmers", "短视频": "short video", "流量": "traffic", "广告": "advertising", "收入": "revenue",
		"净利润": "net profit", "利润": "profit", "交易额": "transaction", "交易": "transaction", "支付": "payment",
		"移动": "mobile", "假货": "fake goods", "物流": "logistics", "员工": "employees", "首都": "capital", "法国": "France",
		"社交": "social", "品牌": "brand", "农村": "rural", "跨境": "cross-border", "全球": "global", "经济": "economy",
	}
	esGlossary = map[string]string{
		"usuario": "users", "usuarios": "users", "activo": "active", "activos": "active", "mercado": "market",
		"cuota": "share", "ventas": "sales", "venta": "sales", "crecimiento": "growth", "crecio": "grew",
		"plataforma": "platform", "plataformas": "platforms", "ingresos": "revenue", "beneficio": "profit",
		"beneficios": "profit", "pago": "payment", "pagos": "payment", "movil": "mobile", "fundador": "founder",
		"fundo": "founded", "empleados": "employees", "agricultores": "farmers", "directo": "live", "video": "video",
		"videos": "video", "cortos": "short", "trafico": "traffic", "publicidad": "advertising", "bolsa": "listed",
		"transaccion": "transaction", "transacciones": "transaction", "estrategia": "strategy", "crecer": "grow",
	}
)

// hanTerms returns the bigrams (or the single character) of each run of Han characters in s, after
// Chinese question and function words are cut out.
func hanTerms(s string) []string { return hanGrams(s, false) }

// hanGrams is hanTerms, with every single character too when unigrams is set (for source sentences,
// so that a question's lone character can match inside a longer run).
func hanGrams(s string, unigrams bool) []string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		return nil
	}
	for _, w := range zhStop {
		s = strings.ReplaceAll(s, w, " ")
	}
	var out []string
	var run []rune
	flush := func() {
		if unigrams && len(run) > 1 {
			for _, r := range run {
				out = append(out, string(r))
			}
		}
		switch {
		case len(run) == 1:
			out = append(out, string(run))
		case len(run) > 1:
			for i := 0; i+1 < len(run); i++ {
				out = append(out, string(run[i:i+2]))
			}
		}
		run = run[:0]
	}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			run = append(run, r)
		} else {
			flush()
		}
	}
	flush()
	return out
}

// approxTokens estimates the model tokens of s: one per Han character, one per four other runes.
func approxTokens(s string) int {
	han, other := 0, 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		} else {
			other++
		}
	}
	return han + int(math.Ceil(float64(other)/4))
}

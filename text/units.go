package text

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Unit classes: what an amount measures, read from the unit written beside it ("15 %", "€12.50",
// "between 0 and 4 °C", "48 horas", "每台2欧元"). A question that asks for a measure of one class
// (a share, a price, a temperature) is answered by an amount of that class, not by any figure.
const (
	UnitPercent     = "percent"
	UnitMoney       = "money"
	UnitTemperature = "temperature"
	UnitDuration    = "duration"
	UnitDistance    = "distance"
	UnitWeight      = "weight"
	UnitData        = "data"
	// UnitRate is a speed: a distance or an amount of data per unit of time ("5 Mbps", "300
	// Mbit/s", "25 km/h", "40 mph", "50 kilometres per hour").
	UnitRate = "rate"
	// UnitFrequency is how often something happens: "every 6 minutes", "3 times a week", "twice
	// a day", "cada 10 minutos", "每20分钟".
	UnitFrequency = "frequency"
)

// unitWords are the unit words written after a number, in English and Spanish (folded), by class.
var unitWords = func() map[string]string {
	m := map[string]string{}
	for class, words := range map[string]string{
		UnitPercent: `percent pct`,
		UnitMoney: `yuan rmb dollar dollars usd euro euros eur cent cents pound pounds gbp peso pesos dolar dolares
			centimo centimos libras`,
		UnitTemperature: `degree degrees grado grados celsius fahrenheit`,
		UnitDuration: `second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks month
			months year years decade decades segundo segundos minuto minutos hora horas dia dias semana semanas mes
			meses ano anos`,
		UnitDistance: `km kms kilometre kilometres kilometer kilometers kilometro kilometros metre metres meter meters
			metro metros mile miles milla millas cm`,
		UnitWeight: `kg kgs kilo kilos kilogram kilograms kilogramo kilogramos tonne tonnes ton tons tonelada
			toneladas gram grams gramo gramos`,
		UnitData: `b kb mb gb tb kib mib gib tib byte bytes kilobytes megabytes gigabytes terabytes mbit gbit kbit
			megabit megabits gigabit gigabits kilobit kilobits`,
		UnitRate: `bps kbps mbps gbps mph kph kmh`,
	} {
		for _, w := range strings.Fields(words) {
			m[w] = class
		}
	}
	return m
}()

// hanUnits are the Chinese units written right after a number ("2欧元", "15分钟"), by class. 年, 月
// and 日 are not among them: after a number they write a date.
var hanUnits = []struct{ unit, class string }{
	{"％", UnitPercent}, {"欧元", UnitMoney}, {"美元", UnitMoney}, {"元", UnitMoney}, {"块", UnitMoney},
	{"英镑", UnitMoney}, {"镑", UnitMoney}, {"港元", UnitMoney}, {"港币", UnitMoney}, {"日元", UnitMoney}, {"比索", UnitMoney},
	{"加元", UnitMoney}, {"澳元", UnitMoney},
	{"度", UnitTemperature}, {"秒", UnitDuration}, {"分钟", UnitDuration}, {"小时", UnitDuration},
	{"个小时", UnitDuration}, {"天", UnitDuration}, {"周", UnitDuration}, {"个星期", UnitDuration},
	{"个月", UnitDuration}, {"个工作日", UnitDuration}, {"工作日", UnitDuration}, {"公里", UnitDistance},
	{"千米", UnitDistance}, {"米", UnitDistance},
	{"公斤", UnitWeight}, {"千克", UnitWeight}, {"吨", UnitWeight}, {"克", UnitWeight},
}

// hanMagnitudes are the Chinese magnitudes that may stand between a number and its unit ("1320亿元").
const hanMagnitudes = "万亿萬億"

// dateUnits are the singular time units that, after a figure other than 1, write a date in seed
// 004's machine translation ("2008 year 4 month", "10 month 11 Japan"), not a duration.
var dateUnits = setOf(`year month day`)

// units returns the classes of the amounts s states: a number (in figures or words) followed by a
// unit, or a currency sign before it; and UnitFrequency when s says how often in words ("every
// Sunday", "cada lunes", "每周"), as a frequency question asks. ws are the words of s.
func units(s string, ws []Word) []string {
	var out []string
	if oftenInWords(s, ws) {
		out = append(out, UnitFrequency)
	}
	for i, w := range ws {
		if !w.Number && !numberWords[w.Folded] || w.Number && footnote(s, w) {
			continue
		}
		for _, c := range numberUnits(s, ws, i) {
			out = appendUnique(out, c)
		}
	}
	for _, c := range hanNumeralUnits(s) {
		out = appendUnique(out, c)
	}
	return out
}

// hanNumeralUnits returns the classes of the units after the numbers s writes in Chinese
// numerals ("五个工作日", "三十分钟", "两千欧元"), as [unitAfter] reads them after figures. An
// ordinal or a weekday ("星期三"; see [ordinalBefore]) is not an amount, and a lone 一 is mostly
// no count ("统一周五", "一些"), as [hanAmounts] reads them.
func hanNumeralUnits(s string) []string {
	var out []string
	for i, end := range hanNumeralRuns(s) {
		if run := s[i:end]; run != "一" && !ordinalBefore(s[:i]) {
			if c := hanUnitAt(strings.TrimLeft(s[end:], " ")); c != "" {
				out = appendUnique(out, c)
			}
		}
	}
	return out
}

// numberUnits returns the unit classes that read the number ws[i] of s (see [units]): a currency
// sign before it, a unit after it or against it, a rate, a frequency; none for a bare count.
func numberUnits(s string, ws []Word, i int) []string {
	var out []string
	if c := unitBefore(s[:ws[i].Start]); c != "" {
		out = append(out, c)
	}
	rate := perTimeAfter(s, ws, i)
	if c := unitAfter(s, ws, i); c != "" && (!rate || c != UnitDuration) {
		out = append(out, c) // "£12 an hour" is a pay rate, not an hour
	}
	if c := unitAttached(ws[i].Folded); c != "" {
		out = append(out, c)
	}
	if rate {
		out = append(out, UnitRate) // "1,000 photos per minute", "£12 an hour"
	}
	if everyBefore(s, ws, i) || timesPer(s, ws, i) {
		out = append(out, UnitFrequency) // "every 6 minutes", "3 times a week"
	}
	return out
}

// unitAttached returns the class of a unit written against a number, as configuration files and
// technical notes write them ("100MB", "2GB", "30d", "24h", "5km"): a unit word of unitWords, or
// "d" or "h" for days and hours. A plural ending ("the 1990s", "under-4s") and an ordinal ("2nd")
// are not units, and neither is "m" (minutes or metres) nor a lone "b".
func unitAttached(word string) string {
	n := numberPart(word)
	if n == word {
		return ""
	}
	switch suffix := word[len(n):]; suffix {
	case "d", "h":
		return UnitDuration
	case "b":
		return "" // "3b" names a model or a version more often than three bytes
	default:
		return unitWords[suffix]
	}
}

// unitBefore returns UnitMoney when a currency sign stands right before a number ("€12.50", "$ 5").
func unitBefore(before string) string {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(before, " "))
	if strings.ContainsRune("€$¥£", r) {
		return UnitMoney
	}
	return ""
}

// unitAfter returns the class of the unit after the number ws[i] of s: a sign ("%", "°C", "€"), a
// Chinese unit, or a unit word after at most one other word ("1207 One hundred million yuan",
// "fifteen calendar days"; number words between do not count).
func unitAfter(s string, ws []Word, i int) string {
	after := strings.TrimLeft(s[ws[i].End:], " ")
	switch {
	case strings.HasPrefix(after, "%"):
		return UnitPercent
	case strings.HasPrefix(after, "°") || strings.HasPrefix(after, "º"):
		return UnitTemperature
	case strings.HasPrefix(after, "€") || strings.HasPrefix(after, "$"):
		return UnitMoney
	}
	// A magnitude may stand between the number and its unit: "1320亿元", "4.41亿美元".
	if c := hanUnitAt(strings.TrimLeft(after, hanMagnitudes)); c != "" {
		return c
	}
	other := 0
	for j := i + 1; j < len(ws) && other <= 1; j++ {
		if between := s[ws[j-1].End:ws[j].Start]; len(between) > 2 || strings.ContainsAny(between, ",;:()[]、，") {
			return "" // punctuation between: another clause
		}
		if ws[j].Folded == "por" && j+1 < len(ws) && ws[j+1].Folded == "ciento" {
			return UnitPercent // "15 por ciento"
		}
		// "m" apart from its number is metres ("within 3 m", "1,150 m of elevation"); after a
		// currency sign it is millions ("£96 m"), against the number minutes or metres (see
		// [unitAttached]).
		if j == i+1 && ws[j].Folded == "m" && unitBefore(s[:ws[i].Start]) == "" {
			return UnitDistance
		}
		if c, ok := unitWords[ws[j].Folded]; ok {
			if c == UnitDuration && dateUnits[ws[j].Folded] && ws[i].Number && ws[i].Lower != "1" {
				return ""
			}
			if (c == UnitDistance || c == UnitData) && perTime(s, ws, j) {
				return UnitRate // "300 Mbit/s", "25 km/h"
			}
			return c
		}
		if ws[j].Number || !numberWords[ws[j].Folded] {
			other++
		}
	}
	return ""
}

// perTime reports whether the word ws[j] of s is divided by a second, a minute or an hour, as a
// speed is: "Mbit/s", "km/h", "photos per minute", "an hour", "por hora". Per day or month it is an
// allowance ("10 GB a month"), not a speed.
func perTime(s string, ws []Word, j int) bool {
	if j+1 >= len(ws) {
		return false
	}
	between, next := s[ws[j].End:ws[j+1].Start], ws[j+1].Folded
	if strings.TrimSpace(between) == "/" {
		return speedTimes[next]
	}
	if between != " " || j+2 >= len(ws) || s[ws[j+1].End:ws[j+2].Start] != " " {
		return false
	}
	return perWords[next] && speedTimes[ws[j+2].Folded]
}

// perTimeAfter reports whether the number ws[i] of s, or the word after it, is divided by a
// second, a minute or an hour (see [perTime]): "1,000 photos per minute", "5 Mbit/s".
func perTimeAfter(s string, ws []Word, i int) bool {
	if perTime(s, ws, i) {
		return true
	}
	return i+1 < len(ws) && s[ws[i].End:ws[i+1].Start] == " " && !ws[i+1].Number && perTime(s, ws, i+1)
}

// everyBefore reports whether "every", "cada" or 每 stands right before the number ws[i] of s
// ("every 6 minutes", "cada 10 minutos", "每20分钟").
func everyBefore(s string, ws []Word, i int) bool {
	if strings.HasSuffix(strings.TrimRight(s[:ws[i].Start], " "), "每") {
		return true
	}
	return i > 0 && s[ws[i-1].End:ws[i].Start] == " " && (ws[i-1].Folded == "every" || ws[i-1].Folded == "cada")
}

// timesPer reports whether the number ws[i] of s counts times in a span of time: "3 times a
// week", "twice a day" ("twice" is its own count), "dos veces al año", "4 veces por semana".
func timesPer(s string, ws []Word, i int) bool {
	j := i + 1
	if ws[i].Folded == "twice" {
		j = i // "twice a day"
	} else if j >= len(ws) || ws[j].Folded != "times" && ws[j].Folded != "veces" {
		return false
	}
	for k := j + 1; k < len(ws) && k <= j+2; k++ {
		if unitWords[ws[k].Folded] == UnitDuration {
			return frequencyPer[ws[k-1].Folded]
		}
	}
	return false
}

// oftenInWords reports whether s says how often something happens without a number: "every" or
// "cada" before a day, a part of the day or a time unit ("every Sunday", "each morning", "cada
// lunes"), an adverb of frequency ("annually", "diariamente") or 每 before a span (每天, 每周, 每月).
func oftenInWords(s string, ws []Word) bool {
	for i, w := range ws {
		if frequencyAdverbs[w.Folded] {
			return true
		}
		if (w.Folded == "every" || w.Folded == "each" || w.Folded == "cada") && i+1 < len(ws) {
			n := ws[i+1].Folded
			if timeWords[n] || unitWords[n] == UnitDuration || monthNames[n] || n == "night" || n == "noche" {
				return true
			}
		}
	}
	for _, c := range []string{"每天", "每日", "每周", "每星期", "每个星期", "每月", "每个月", "每年", "每晚", "每小时"} {
		if strings.Contains(s, c) {
			return true
		}
	}
	return false
}

// frequencyAdverbs say how often in one word. "Daily", "weekly" and "monthly" are adjectives as
// often as adverbs ("a daily menu", "daily active users", "a monthly pass"): not among them.
var frequencyAdverbs = setOf(`annually diariamente semanalmente mensualmente anualmente`)

// frequencyPer are the words between a count of times and its span ("3 times a week", "dos veces
// al año", "4 veces por semana").
var frequencyPer = setOf(`a an per each every al por cada`)

var (
	// perWords divide a unit by the time unit after them ("per hour", "an hour", "por segundo").
	perWords = setOf(`per an a por`)
	// speedTimes are the time units a speed is measured per.
	speedTimes = setOf(`s sec second h hr hour min minute segundo minuto hora`)
)

// NamesMeasure reports words that name a measure (a rate, a share, a number, a price, a size):
// "what was the growth rate of …" asks for an amount. General English and Spanish measure nouns;
// [AskedUnit] reads the unit class some of them ask for.
func NamesMeasure(ws []Word) bool {
	for _, w := range ws {
		if measureWords[w.Folded] {
			return true
		}
	}
	return false
}

// MeasureAsked reports whether a question (ws its words) asks for a measure or a business metric
// by naming it. After "what", "which", "qué" or "cuál", wherever that word stands ("If I miss my
// cleaning, what will you charge me?"), the measure must be what it asks for (see [measureHeads]).
// Inside a question, unaccented "que" and "cual" are mostly a conjunction or a relative ("más calor
// que la temperatura"), so there only "qué" and "cuál" ask. A question without a question word asks
// for a metric it names anywhere ("Douyin GMV 2024?").
func MeasureAsked(ws []Word) bool {
	for i, w := range ws {
		asks := w.Folded == "what" || w.Folded == "which" || w.Lower == "qué" || w.Lower == "cuál"
		if asks || i == 0 && (w.Folded == "que" || w.Folded == "cual") {
			return measureHeads(ws, i)
		}
	}
	return NamesMetric(ws)
}

// measureHeads reports whether the question word ws[i] asks for a measure or a business metric.
// The measure must be what is asked: the head of the noun phrase the question word opens, after a
// copula if one comes first ("what price", "what was Li Auto's total revenue", "¿cuál fue la
// facturación …?"), or the verb of a question that asks what something costs, weighs or earns
// ("what does a day ticket cost?", "what did J&T pay for it?").
// "What stance on price cutting did …", "What did the bureau do about the price cuts?", "What two
// reasons did it give for the fall in profit?" and "In what case is the fee waived?" name a
// measure without asking for one.
func measureHeads(ws []Word, i int) bool {
	j := i + 1
	if j < len(ws) && ws[j].Folded == "tan" {
		return true // "qué tan caro", "qué tan lejos": how expensive, how far
	}
	if j < len(ws) && questionCopulas[ws[j].Folded] {
		j++
	}
	for ; j < len(ws); j++ {
		f := ws[j].Folded
		if measureWords[f] || metricWords[f] || measureVerbs[f] {
			return true
		}
		if auxiliaries[f] || phraseEnds[f] {
			break
		}
	}
	// The verb of the clause: "what will it cost?", but not "what can he ask for, and does he
	// have to pay?".
	for k, w := range ws[j:] {
		if clauseJoins[w.Folded] && j+k+1 < len(ws) && (auxiliaries[ws[j+k+1].Folded] || questionWords[ws[j+k+1].Folded]) {
			break
		}
		if measureVerbs[w.Folded] {
			return true
		}
	}
	return false
}

var (
	// questionCopulas may stand between a question word and what it asks for ("what's", "what
	// was", "cuál fue").
	questionCopulas = setOf(`is are was were s es son fue fueron era eran sera`)
	// phraseEnds are the prepositions that end the noun phrase a question word opens ("what stance
	// on price cutting"); "of" and "de" do not ("what share of sales").
	phraseEnds = setOf(`on in at for about to from with by into over under than after before during
		sobre en con para por desde hasta entre tras`)
	// clauseJoins end a clause of a question when a verb or a question word follows ("…, and does
	// he have to pay?"), not inside a noun phrase ("transport and sorting").
	clauseJoins = setOf(`and or but y o pero`)
	// measureVerbs ask for an amount as a question's verb: what something costs, weighs or earns.
	measureVerbs = setOf(`cost costs costed charge charges charged pay pays paid weigh weighs earn earns earned
		worth cuesta cuestan costo cobra cobran paga pagan pesa pesan gana ganan gano vale valen`)
)

// NamesMetric reports words that name a measured amount by its business name: "what was X's GMV".
func NamesMetric(ws []Word) bool {
	for _, w := range ws {
		if metricWords[w.Folded] {
			return true
		}
	}
	return false
}

// AsksForName reports a question whose first word after "what" / "qué" / "cuál" names a kind of
// named thing (an organisation, a firm, an app, a publication) or the name itself: "What
// organisation runs the museum?", "What firm does our payroll?", "¿Qué empresa…?" ask for a name,
// like "which". The nouns are general English and Spanish nouns for organisations, products and
// publications.
func AsksForName(ws []Word) bool {
	for i, w := range ws {
		if w.Folded != "what" && w.Folded != "que" && w.Folded != "cual" {
			continue
		}
		// The head noun is the first word after the question word and any copula or article:
		// "what organisation", "what's the name", "cuál es el nombre".
		for _, next := range ws[i+1:] {
			if !nameFrame[next.Folded] {
				return entityClassWords[next.Folded] || nameWords[next.Folded]
			}
		}
		return false
	}
	return false
}

var (
	entityClassWords = setOf(`organisation organization organisations organizations company companies firm firms business
		corporation group brand brands platform platforms app apps application website site bank agency authority body
		institution foundation association society union club team ministry department newspaper magazine journal
		publication channel network store chain retailer supplier provider manufacturer maker
		organizacion organizaciones empresa empresas compania companias firma negocio corporacion grupo marca marcas
		plataforma plataformas aplicacion web sitio banco agencia entidad institucion fundacion asociacion sociedad
		club equipo ministerio departamento periodico revista publicacion canal cadena tienda proveedor fabricante`)
	nameWords = setOf(`name names nombre nombres`)
	nameFrame = setOf(`is was s the a an es era el la los las un una`)
)

var (
	measureWords = setOf(`rate share percentage percent proportion ratio number amount price cost fee fine fines penalty
		surcharge size value total count volume temperature age weight height width length depth distance speed capacity duration salary wage
		deposit discount minimum maximum budget population frequency
		tasa porcentaje cuota proporcion numero cantidad precio costo coste tamano valor total volumen temperatura edad
		peso altura anchura longitud profundidad distancia velocidad capacidad duracion salario sueldo deposito
		descuento minimo minima maximo maxima presupuesto poblacion frecuencia multa multas recargo`)
	metricWords = setOf(`gmv revenue profit sales turnover income valuation volumen beneficio beneficios ingresos ventas facturacion`)
)

// askedUnits are the words by which a question asking for an amount names its unit class: the
// measure or the unit itself ("what share", "how much does it cost", "cuántos kilómetros", 温度).
// Earlier classes win: "how far did the share fall" asks for a percentage, not a distance.
var askedUnits = []askedUnit{
	{UnitPercent, setOf(`percentage percent share proportion porcentaje proporcion cuota`), []string{"比例", "百分", "占比", "份额"}},
	{UnitTemperature, setOf(`temperature temperatures degrees temperatura grados`), []string{"温度", "多少度"}},
	{UnitMoney, setOf(`price prices cost costs costed fee fees fine fines penalty penalties surcharge pay paid wage wages
		salary money charge charged precio precios cuesta cuestan costo coste tarifa multa multas recargo sueldo salario
		dinero cobran spend spends spent spending expenditure revenue revenues income turnover profit profits budget
		gasto gastos gasta gastan ingresos facturacion beneficios presupuesto rent rents deposit deposits tuition refund
		refunds bonus donation donations alquiler fianza reembolso donacion`), []string{"多少钱", "价格", "费用", "工资", "收费", "票价", "罚款",
		"收入", "营收", "利润", "预算", "花费", "支出", "营业额", "租金", "房租", "押金", "学费", "退款", "奖金", "捐款"}},
	{UnitWeight, setOf(`weigh weighs weight heavy peso pesa`), []string{"多重", "重量"}},
	{UnitData, setOf(`mb gb tb mib gib kib megabytes gigabytes`), nil},
	// A frequency is asked by its name, or by "how often" and its like (see AskedUnit).
	{UnitFrequency, setOf(`frequency frecuencia`), []string{"频率", "多久一次", "多长时间一次", "多久一班", "几分钟一班", "多少分钟一班"}},
	// A speed is asked by its name or its units; "how fast" may ask how soon ("how fast do I have
	// to pay it?"), so only "how fast is/are" asks for one (see AskedUnit).
	{UnitRate, setOf(`speed speeds bandwidth velocidad velocidades mbps kbps gbps mph`), []string{"速度", "网速", "带宽", "多快"}},
	// "How far" asks for a distance only as "how far is", "how far away" (see AskedUnit).
	{UnitDistance, setOf(`distance height heights altitude elevation depth width altura altitud elevacion profundidad
		anchura kilometres kilometers km miles metres meters distancia kilometros metros millas lejos`),
		[]string{"多远", "距离", "公里", "海拔", "高度", "深度", "宽度", "多高", "多深", "多宽"}},
	// Notice is the time given before something ("how much notice", "con cuánto preaviso").
	{UnitDuration, setOf(`duration duracion notice preaviso antelacion`), []string{"多久", "多长时间", "几个小时", "几分钟",
		"几天", "几个月", "几年", "多少年", "多少天", "多少小时", "多少分钟"}},
}

// askedUnit is one unit class with the words and Chinese phrases that name it in a question.
type askedUnit struct {
	class string
	words map[string]bool
	han   []string
}

// namedIn reports whether a question (lower its text lower-cased, ws its words) names a's class.
func (a askedUnit) namedIn(lower string, ws []Word) bool {
	for _, w := range ws {
		if a.words[w.Folded] {
			return true
		}
	}
	for _, h := range a.han {
		if strings.Contains(lower, h) {
			return true
		}
	}
	return false
}

// UnitWord returns the unit class a single word of a question asks for ("temperature",
// "price", "share", 温度, 价格), or "": the measure noun an amount of that class answers.
func UnitWord(word string) string {
	folded := FoldAccents(strings.ToLower(word))
	for _, a := range askedUnits {
		if a.words[folded] || slices.Contains(a.han, word) {
			return a.class
		}
	}
	return measureAdjectives[folded]
}

// measureAdjectives are adjectives that name a unit class once a question asks for it ("how fast
// is the guest Wi-Fi?": "5 Mbps" says how fast), but do not ask for it by themselves ("how fast do
// I have to pay?" asks how soon; see [AskedUnit]).
var measureAdjectives = map[string]string{"fast": UnitRate, "rapido": UnitRate, "rapida": UnitRate, "often": UnitFrequency,
	"frequently": UnitFrequency, "far": UnitDistance}

// AskedUnit returns the unit class a question asking for an amount names, or "": ws are its
// words, lower its text lower-cased. "How long", "how much time", "cuánto tiempo" and "how many
// hours" ask for a duration.
func AskedUnit(lower string, ws []Word) string {
	// "How far in advance" and "how far ahead" measure time, not distance ("book at least ten days
	// ahead"), as "con cuánta antelación" does.
	for _, cue := range []string{"far in advance", "far ahead", "cuánta antelación", "cuanta antelacion", "cuánto antes", "cuanto antes"} {
		if strings.Contains(lower, cue) {
			return UnitDuration
		}
	}
	for _, cue := range []string{"how fast is", "how fast are", "qué tan rápid", "que tan rapid"} {
		if strings.Contains(lower, cue) {
			return UnitRate
		}
	}
	// "How far" asks for a distance as "how far is the depot" or "how far away"; otherwise it asks
	// how much of whatever it measures ("how far back", "how far into my pregnancy", "how far can
	// the target be raised", "how far did it cut the minimum order"): an amount of any class.
	for _, cue := range []string{"how far is", "how far are", "how far was", "how far away"} {
		if strings.Contains(lower, cue) {
			return UnitDistance
		}
	}
	for _, cue := range []string{"how often", "how frequently", "qué frecuencia", "que frecuencia", "cada cuánto", "cada cuanto"} {
		if strings.Contains(lower, cue) {
			return UnitFrequency
		}
	}
	// "How long", "how much time" and "cuánto tiempo" ask for a duration whatever else the question
	// names: in "How long do I have to claim back the cost?" the cost is what is claimed, not what
	// is asked. Only a length is also asked by "how long", and then the question names its unit or
	// "distance" ("How long is the trail in kilometres?").
	for _, cue := range []string{"how long", "how much time", "cuánto tiempo", "cuanto tiempo"} {
		if strings.Contains(lower, cue) && !(cue == "how long" && slices.ContainsFunc(askedUnits, func(a askedUnit) bool {
			return a.class == UnitDistance && a.namedIn(lower, ws)
		})) {
			return UnitDuration
		}
	}
	for _, a := range askedUnits {
		if a.class == UnitPercent && a.namedIn(lower, withoutStockShares(ws)) || a.class != UnitPercent && a.namedIn(lower, ws) {
			return a.class
		}
	}
	// A question that counts a unit asks for an amount of its class: "how many tonnes", "cuántos
	// euros", 多少吨, 几公里.
	if c := hanUnitCounted(lower); c != "" {
		return c
	}
	for i := 0; i+1 < len(ws); i++ {
		if c := unitWords[ws[i+1].Folded]; c != "" && !weightOrMoney[ws[i+1].Folded] && (ws[i].Folded == "many" || ws[i].Folded == "cuantos" || ws[i].Folded == "cuantas") {
			return c
		}
		// "How much is a pool party?", "how much for a swim", "¿cuánto vale el abono?": "how much"
		// with nothing counted between it and a copula or "for" asks what something costs.
		english := ws[i].Folded == "much" && i > 0 && ws[i-1].Folded == "how"
		spanish := ws[i].Folded == "cuanto"
		if english && priceCopulas[ws[i+1].Folded] || spanish && precioVerbs[ws[i+1].Folded] {
			return UnitMoney
		}
	}
	return ""
}

// withoutStockShares returns ws less each "share" that is a unit of stock, not a proportion: "the
// price per share", "the share price" ask what a share costs, not a percentage.
func withoutStockShares(ws []Word) []Word {
	out := ws
	for i := len(ws) - 1; i >= 0; i-- {
		if f := ws[i].Folded; f != "share" && f != "shares" {
			continue
		}
		if i > 0 && ws[i-1].Folded == "per" || i+1 < len(ws) && (ws[i+1].Folded == "price" || ws[i+1].Folded == "prices") {
			if len(out) == len(ws) {
				out = slices.Clone(ws)
			}
			out = slices.Delete(out, i, i+1)
		}
	}
	return out
}

// weightOrMoney are the unit words that weigh or pay ("how many pounds of vegetables"): counted,
// they name no one class.
var weightOrMoney = setOf(`pound pounds libra libras`)

// hanUnitCounted returns the class of the unit a Chinese question counts right after 多少 or 几
// ("多少吨" asks for a weight, "几公里" for a distance), or "". 块 after them counts pieces unless
// 钱 follows ("几块钱").
func hanUnitCounted(lower string) string {
	for _, q := range []string{"多少", "几"} {
		for rest := lower; ; {
			i := strings.Index(rest, q)
			if i < 0 {
				break
			}
			rest = rest[i+len(q):]
			if c := hanUnitAt(rest); c != "" && (!strings.HasPrefix(rest, "块") || strings.HasPrefix(rest, "块钱")) {
				return c
			}
		}
	}
	return ""
}

// hanUnitAt returns the class of the Chinese unit of hanUnits that opens s, or "".
func hanUnitAt(s string) string {
	for _, u := range hanUnits {
		if strings.HasPrefix(s, u.unit) {
			return u.class
		}
	}
	return ""
}

// priceCopulas after "how much" ask for a price; precioVerbs after "cuánto" do in Spanish.
var (
	priceCopulas = setOf(`is are was were for`)
	precioVerbs  = setOf(`es son vale valen sale salen`)
)

// CountedWord returns the index in ws of the noun a question counts ("How many daily active users
// …" → "users", "¿Cuántas tiendas …" → "tiendas"), or -1: the noun phrase right after "how many",
// "how much", "cuántos" or "cuántas", up to the first function word, at most three words. Its head
// is, in English, its first word that looks plural ("bike trips" → "trips"), else its first word
// ("people", "money"); in Spanish, where adjectives follow the noun, its first word. An answer to
// the question must name what is counted: "1,450 bikes" does not answer "how many bike trips".
func CountedWord(ws []Word) int {
	for i := 0; i+1 < len(ws); i++ {
		cue := countCue(ws, i)
		if cue == "" {
			continue
		}
		english := cue == "many" || cue == "much"
		var np []int
		for j := i + 1; j < len(ws) && len(np) < 3; j++ {
			if IsStopword(ws[j]) || ws[j].Number {
				break
			}
			np = append(np, j)
		}
		if len(np) == 0 || english && comparatives[ws[np[0]].Folded] {
			return -1 // "how much slower is …" asks by how much, and counts nothing
		}
		if english {
			for _, j := range np {
				if w := ws[j].Lower; strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3 {
					return j
				}
			}
		}
		return np[0]
	}
	return -1
}

// CountsThings reports whether a question (its words ws) asks how many things there are: "how
// many", "cuántos", "cuántas", where "how much" and "cuánto" ask for an amount of something.
func CountsThings(ws []Word) bool {
	for i := range ws {
		if cue := countCue(ws, i); cue != "" && cue != "much" {
			return true
		}
	}
	return false
}

// countCue returns the word of ws[i] when it asks how many or how much: "many" or "much" after
// "how", "cuantos" or "cuantas" (folded); "" otherwise.
func countCue(ws []Word, i int) string {
	switch w := ws[i].Folded; w {
	case "many", "much":
		if i > 0 && ws[i-1].Folded == "how" {
			return w
		}
	case "cuantos", "cuantas":
		return w
	}
	return ""
}

// hanCounters are the Chinese measure words that may stand between 多少 or 几 and the noun counted
// (多少名员工, 几家门店).
var hanCounters = setOf(`个 名 位 家 辆 次 件 种 条 台 本 张 座 所 项 部 只 架 场 间 块 款 层 份 批 趟 篇`)

// CountedHan returns the index in pieces (a segmentation; see [Lexicon.Segment]) of the word a
// Chinese question counts, or -1: the dictionary word right after 多少 or 几, past one measure word
// ("有多少名员工" → 员工, "多少消费者" → 消费者). A measure word alone ("交付了多少辆") counts
// nothing named.
func CountedHan(pieces []HanPiece) int {
	for i, p := range pieces {
		if w := p.Word; w != "多少" && w != "几" {
			continue
		}
		j := i + 1
		if j < len(pieces) && hanCounters[pieces[j].Word] {
			j++
		}
		if j < len(pieces) && pieces[j].Known && !pieces[j].Stop && pieces[j].Start == pieces[j-1].End {
			return j
		}
		return -1
	}
	return -1
}

// statesCount reports whether s (its words ws) states a number of things: a number, in digits or
// in words, that no unit class reads (see [numberUnits]) and that is not a year, a footnote, the
// day of a date or a time of day ("up to 6 sensors", "fifteen plots", "36 seats"; not "within 3
// km", "£240 per year", "4.7 %", "on 5 July").
func statesCount(s string, ws []Word) bool {
	for i, w := range ws {
		if !w.Number && !numberWords[w.Folded] || w.Number && (footnote(s, w) || IsYear(w.Lower) || dateUnit(s, ws, i) || InClock(s, ws, i)) {
			continue
		}
		if len(numberUnits(s, ws, i)) == 0 {
			return true
		}
	}
	// In Chinese a number of things takes a measure word: "2万名员工", "两家门店" (not "两倍").
	prev := rune(0)
	for k, r := range s {
		if hanCounters[string(r)] && (prev >= '0' && prev <= '9' || strings.ContainsRune(hanNumerals, prev)) && hanUnitAt(s[k:]) == "" {
			return true // not "五个工作日", "三个月": a unit of time
		}
		prev = r
	}
	return false
}

// IsUnitWord reports whether word names a unit of measure ("days", "km", "euros", "grados").
func IsUnitWord(word string) bool { return unitWords[FoldAccents(strings.ToLower(word))] != "" }

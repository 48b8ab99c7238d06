package text

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// facts fills the sentence's answer facts (see [Sentence]): its amounts, the names it holds,
// number words, a reason cue, and the words it defines. s is the sentence's text; lang the
// document's language.
func (l *Lexicon) facts(out *Sentence, s, lang string) {
	stripped := l.catalog.Strip(s)
	ws := Words(stripped)
	for i, w := range ws {
		switch {
		case w.Number:
			if amountAt(stripped, ws, i) {
				if n, scaled := FigureAt(stripped, ws, i); scaled != "" {
					out.Amounts = appendUnique(out.Amounts, n+"|"+scaled)
				} else {
					out.Amounts = appendUnique(out.Amounts, n)
				}
			}
		case numberWords[w.Folded]:
			out.NumberWord = true
		case w.Upper && !w.Initial && len(w.Lower) > 1 && !IsStopword(w) && !monthNames[w.Folded]:
			out.Names = appendUnique(out.Names, w.Lower)
		}
		// A person: two capitalised words in a row ("Zhang Yong", "Zeng Yanzhang"), or a
		// capitalised word after "by" or "author". After an article the pair names a thing ("the
		// Goods Shed", "la Sala Norte"): English and Spanish put no article before a person's name.
		if i > 0 && w.Upper && !w.Number && !IsStopword(w) && (ws[i-1].Upper && !ws[i-1].Number && (!IsStopword(ws[i-1]) || surnameAt(stripped, ws, i-1)) &&
			ws[i-1].End+1 == w.Start && (i < 2 || !articles[ws[i-2].Folded]) || personCues[ws[i-1].Folded]) {
			out.Person = true
		}
		// "So that …" opening a sentence is "so" and a pronoun ("So that is the plan"), not a purpose.
		if reasonCues[w.Folded] || i+1 < len(ws) && purposePairs[w.Folded+"+"+ws[i+1].Folded] && (i > 0 || w.Folded != "so") ||
			consequenceSo(stripped, ws, i) {
			out.Reason = true
		}
		if definingVerbs[w.Folded] {
			for j := i - 1; j >= 0 && j >= i-3; j-- {
				if !IsStopword(ws[j]) && !ws[j].Number {
					out.Defines = appendUnique(out.Defines, Stem(ws[j], lang))
					// Defined in Spanish, the word is defined for an English question too.
					for _, g := range l.Glosses(stripped[ws[j].Start:ws[j].End], lang) {
						out.Defines = appendUnique(out.Defines, g)
					}
				}
			}
		}
	}
	// Amounts in Chinese numerals only ("三千亿", "两倍") are amounts as the ones in digits are.
	for _, f := range hanAmounts(stripped) {
		out.Amounts = appendUnique(out.Amounts, f)
	}
	// A person named in Chinese: no capital letter marks the name (see [hanPersons]).
	for _, n := range hanPersons(stripped) {
		out.Names = appendUnique(out.Names, n)
		out.Person = true
	}
	out.Units = units(stripped, ws)
	out.Bounds = bounds(stripped, ws)
	out.Count = statesCount(stripped, ws)
	out.Contacts = contacts(s)
	out.Identifier = HoldsIdentifier(s)
	out.Place = holdsPlace(s, ws)
	out.Languages = LanguagesNamed(s)
	out.Roles = posts(s, ws)
	out.Issuer = (out.Person || len(out.Names) > 0) && issuerIn(stripped, ws)
	out.Instruction = instruction(stripped, ws)
	if hanNumberWord(stripped) {
		out.NumberWord = true
	}
	for _, cue := range []string{"因为", "由于", "所以", "因此", "因而", "导致", "原因", "为了", "以便", "以免", "以防", "否则", "鉴于", "出于"} {
		out.Reason = out.Reason || strings.Contains(s, cue)
	}
	// "The swing (also called the differential) decides …": a term given its other name in
	// brackets is the term the sentence introduces.
	for _, j := range aliasBrackets(stripped, ws) {
		out.Defines = appendUnique(out.Defines, Stem(ws[j], lang))
	}
	// "Inductions are signed off by Designated Induction Officers (DIOs).": a sentence that spells
	// out an abbreviation says what it stands for.
	for _, sf := range SpelledOut(stripped) {
		if sw := Words(sf); len(sw) == 1 {
			out.Spells = appendUnique(out.Spells, Stem(sw[0], lang))
		}
	}
	// "X 是 …", "X 指 …": the Han word before defines it.
	for _, p := range l.Segment(s) {
		if rest := s[p.End:]; p.Known && !p.Stop && (strings.HasPrefix(rest, "是") || strings.HasPrefix(rest, "指")) {
			out.Defines = appendUnique(out.Defines, p.Word)
		}
	}
}

// aliasBrackets returns the indexes in ws of the words (up to three, function words and numbers
// left out) just before a bracket that opens with another name for them: "also called", "also
// known as", "también llamado", "又称", "也叫", ….
func aliasBrackets(s string, ws []Word) []int {
	var out []int
	for i, w := range ws {
		rest := strings.TrimLeft(s[w.End:], " ")
		var inside string
		if after, ok := strings.CutPrefix(rest, "("); ok {
			inside = after
		} else if after, ok := strings.CutPrefix(rest, "（"); ok {
			inside = after
		} else {
			continue
		}
		inside = strings.ToLower(inside)
		if !slices.ContainsFunc(aliasOpeners, func(p string) bool { return strings.HasPrefix(inside, p) }) {
			continue
		}
		for j := i; j >= 0 && j > i-3; j-- {
			if !IsStopword(ws[j]) && !ws[j].Number {
				out = append(out, j)
			}
		}
	}
	return out
}

// aliasOpeners open a bracket that gives another name for the words before it (see aliasBrackets).
var aliasOpeners = []string{"also called", "also known as", "or simply", "known as", "también llamad", "también conocid",
	"又称", "也叫", "也称", "简称"}

// surnameAt reports whether the capitalised function word ws[i] stands where only a name can: in
// the middle of a sentence, right after a word with nothing but a space between. Chinese surnames
// spelt like English function words ("run by chief executive An Conghui", "founder He Xiaopeng")
// are so capitalised; at the start of a sentence or after a mark ("… said: An …") it is the word.
func surnameAt(s string, ws []Word, i int) bool {
	return i > 0 && ws[i-1].End+1 == ws[i].Start && s[ws[i-1].End] == ' ' && !ws[i-1].Upper
}

// instruction reports whether sentence s (whose words are ws) tells the reader what to do: its
// first word is an imperative verb (after a list bullet or a step number, or "Please"), it opens
// with 请, 先 or 运行, or it holds inline code. A condition may come first: "If you need help to
// leave the building, please tell reception …", "如果…，请…".
func instruction(s string, ws []Word) bool {
	if strings.Count(s, "`") >= 2 {
		return true
	}
	t := strings.TrimLeft(s, " -*+•0123456789.)")
	for _, p := range []string{"请", "先", "运行", "使用", "执行"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	if (strings.HasPrefix(t, "如果") || strings.HasPrefix(t, "若")) && strings.Contains(t, "，请") {
		return true
	}
	for i, w := range ws {
		if w.Number {
			continue // a step number
		}
		if !w.Upper || strings.HasPrefix(s[w.End:], "-") {
			return false // "Run-time errors …" is not an instruction
		}
		if conditionOpeners[w.Folded] {
			cut := strings.Index(s[w.End:], ", ")
			if cut < 0 {
				return false
			}
			for k := i + 1; k < len(ws); k++ {
				if ws[k].Start > w.End+cut {
					return opensImperative(s, ws, k)
				}
			}
			return false
		}
		return opensImperative(s, ws, i)
	}
	return false
}

// conditionOpeners open a condition that an instruction may follow ("If …, call …").
var conditionOpeners = setOf(`if when unless once si cuando`)

// opensImperative reports whether ws[i] (after "please" or "por favor") is an imperative verb. A
// verb that is also a common noun opens an instruction when its object follows it ("Take the
// wrong items out", "Tap your card", "Book a slot"; not "Book clubs meet on Fridays", "Contact
// details are below").
func opensImperative(s string, ws []Word, i int) bool {
	switch {
	case ws[i].Folded == "please":
		i++
	case ws[i].Folded == "por" && i+1 < len(ws) && ws[i+1].Folded == "favor":
		i += 2
	}
	if i >= len(ws) || strings.HasPrefix(s[ws[i].End:], "-") {
		return false
	}
	w := ws[i]
	return imperatives[w.Folded] || objectImperatives[w.Folded] && i+1 < len(ws) && objectOpeners[ws[i+1].Folded]
}

// objectImperatives are verbs that open an instruction when a determiner or pronoun follows them
// ("Take the …", "Contact us", "Lleve su …"): alone at the start of a sentence, many of them are as
// often nouns ("Contact details …", "Book clubs …", "Lava …").
var objectImperatives = setOf(`take tap bring pay book contact email phone ring fill show hand drop wrap hold scan sign log
	print place return collect empty rinse wash cancel submit attach complete lock park ride walk insert pull push wear
	bag label cover store tie cut fold flatten squash
	lleve traiga pague llame envie rellene presente pida reserve devuelva deje guarde saque ponga lave enjuague
	lleva trae paga llama envia rellena presenta pide reserva devuelve deja guarda saca pon lava enjuaga`)

// objectOpeners are the words that open a verb's object: determiners, possessives and object
// pronouns, in English and Spanish.
var objectOpeners = setOf(`the a an your you us it them this that these those our any all each every some
	el la los las un una unos unas su sus tu tus lo le les nos me`)

// imperatives are verbs that open an instruction, in English and Spanish (usted and tú forms).
var imperatives = setOf(`add allow apply ask avoid back build call change check choose click close configure connect copy
	create delete disable do download edit enable enter export find fix follow give go import increase install keep
	leave let limit list look make mount move note open pass pick point press put read reboot reduce refresh
	register reinstall reload remember remove rename replace report request reset restart restore retry run save
	schedule see select send set share specify start stop switch tell try turn type uninstall unlock unmount update
	upgrade upload use verify visit wait write
	abra active agregue anada actualice asegurate asegurese cambie compruebe configure copie cree desactive descargue
	ejecute elija escriba espere evite habilite haga instale introduzca mueva pulse reinicie revise seleccione use utilice
	verifique abre activa agrega actualiza cambia comprueba configura copia crea descarga ejecuta elige escribe espera
	habilita haz instala mueve pulsa reinicia revisa selecciona usa utiliza verifica`)

// HoldsAmount reports whether s states an amount other than the figures in asked (normalised, see
// [NormalizeNumber]): a number that is not a year, a date's day or month or a footnote marker
// (see amountAt), or a number word that counts something ("nine years", "doble"; not the
// partitive "one of the entrances", "uno de los", which picks out a thing without counting), or an
// amount in Chinese numerals ("三千亿", "两倍", "百分之三十"; see hanAmounts).
func HoldsAmount(s string, asked []string) bool {
	for _, f := range hanAmounts(s) {
		if !FigureAmong(asked, f) {
			return true
		}
	}
	ws := Words(s)
	for i, w := range ws {
		if w.Number && amountAt(s, ws, i) && !numberAmong(asked, s, ws, i) {
			return true
		}
		if numberWords[w.Folded] && !(i+1 < len(ws) && partitives[ws[i+1].Folded]) {
			return true
		}
	}
	return false
}

// numberAmong reports whether the number ws[i] of s is one of figures, however either is written
// (see [FigureAt] and [FigureAmong]).
func numberAmong(figures []string, s string, ws []Word, i int) bool {
	n, scaled := FigureAt(s, ws, i)
	return FigureAmong(figures, n) || scaled != "" && FigureAmong(figures, scaled)
}

var partitives = setOf(`of de del`)

// amountAt reports whether the number ws[i] of s is an amount: not a footnote marker, not a date's
// day or month, and not a year unless a magnitude or currency follows it ("2000 One hundred million
// yuan", "2000万元": a figure in the years' range that counts something).
func amountAt(s string, ws []Word, i int) bool {
	if footnote(s, ws[i]) || dateUnit(s, ws, i) || InClock(s, ws, i) {
		return false
	}
	return !IsYear(NormalizeNumber(ws[i].Lower)) || magnitudeAfter(s, ws, i)
}

// magnitudeAfter reports a magnitude, a currency or a percent sign right after the number ws[i].
func magnitudeAfter(s string, ws []Word, i int) bool {
	after := strings.TrimLeft(s[ws[i].End:], " ")
	if strings.HasPrefix(after, "%") || strings.ContainsAny(firstRune(after), "%万亿元千百") {
		return true
	}
	return i+1 < len(ws) && ws[i+1].Start-ws[i].End <= 2 && (numberWords[ws[i+1].Folded] || currencyWords[ws[i+1].Folded])
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

// dateUnit reports a figure that is part of a date: followed by "month", "day", 月, 日 (or "Japan",
// seed 004's machine translation of 日) or a month name. "1 month", "30 days" and "6 meses" are
// durations, amounts a "how long" question asks for (as [units] reads them).
func dateUnit(s string, ws []Word, i int) bool {
	after := strings.TrimLeft(s[ws[i].End:], " ")
	if strings.HasPrefix(after, "月") || strings.HasPrefix(after, "日") {
		return true
	}
	return i+1 < len(ws) && dateWords[ws[i+1].Folded] && !(dateUnits[ws[i+1].Folded] && ws[i].Lower == "1")
}

func footnote(s string, w Word) bool {
	return w.Start > 0 && s[w.Start-1] == '[' && w.End < len(s) && s[w.End] == ']'
}

var (
	currencyWords = setOf(`yuan rmb dollar dollars usd euro euros percent pesos por ciento dolares`)
	personCues    = setOf(`by author autor editor edit según`)
	articles      = setOf(`the a an el la los las un una unos unas`)
	dateWords     = setOf(`month monthly day japan o'clock clock january february march april may june july
		august september october november december mes dia`)
	// numberWords are the English and Spanish numbers in words up to a hundred's tens, and the
	// powers. Spanish "once" (eleven) is left out: English writes "once" ("once a year", "once you
	// pay") far more often than Spanish spells eleven.
	numberWords = setOf(`one two three four five six seven eight nine ten eleven twelve thirteen fourteen
		fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
		hundred hundreds thousand thousands million millions billion billions trillion trillions half double
		twice dozen dozens uno dos tres cuatro cinco seis siete ocho nueve diez doce trece catorce quince
		dieciseis diecisiete dieciocho diecinueve veinte treinta cuarenta cincuenta sesenta setenta ochenta
		noventa cien cientos mil millones billones mitad doble`)
	// reasonCues are the single words that give a cause or a consequence ("owing to", "hence"), or
	// what follows if something is not done ("Pay by Friday, otherwise the place is offered to the
	// next person"): general English and Spanish causal connectives.
	reasonCues = setOf(`because cause causes caused due reason reasons since thanks therefore thus hence consequently
		owing otherwise attributed result why porque debido causa razon motivo motivos gracias consiguiente`)
	// purposePairs are two words that give a reason as a purpose ("so that the spa stays quiet",
	// "in order to", "para que", "a fin de", "to prevent thefts", "para evitar alergias") or a cause
	// ("ya que", "puesto que", "comes from", "por eso", "por lo tanto"): a why question is answered
	// by either.
	purposePairs = setOf(`so+that order+to as+to comes+from come+from stems+from stem+from arises+from results+from
		to+avoid to+prevent to+protect to+ensure para+que fin+de ya+que puesto+que dado+que por+eso por+ello
		lo+tanto modo+que manera+que asi+que para+evitar para+proteger para+garantizar`)
	definingVerbs = setOf(`is are means mean refers refer denotes es son significa refiere define consiste`)
)

// posts returns the posts people hold that s names ("the exams officer", "la directora de la
// residencia", "the head of department", 负责人): who decides or does something is often named by
// the post. Collective words ("staff", "team") are left out: they answer who only vaguely.
func posts(s string, ws []Word) []string {
	var out []string
	for i, w := range ws {
		if roleNouns[w.Folded] || w.Folded == "head" && i+1 < len(ws) && ws[i+1].Folded == "of" {
			out = appendUnique(out, w.Folded)
		}
	}
	for _, r := range zhRoles {
		if strings.Contains(s, r) {
			out = appendUnique(out, r)
		}
	}
	return out
}

var (
	roleNouns = setOf(`officer officers manager managers director directors supervisor supervisors investigator
		investigators coordinator coordinators administrator administrators teacher teachers tutor tutors instructor
		instructors lifeguard lifeguards receptionist receptionists landlord landlords landlady owner owners chairman
		chairwoman chairperson president secretary treasurer caretaker warden nurse doctor supplier suppliers
		manufacturer manufacturers contractor contractors committee
		directora directoras jefe jefa jefes responsable responsables encargado encargada encargados profesor
		profesora profesores tutora coordinador coordinadora administrador administradora monitor monitora monitores
		socorrista socorristas recepcionista secretario secretaria presidente presidenta proveedor fabricante comision
		comite`)
	// leaderPosts are the posts at the head of a company that roleNouns leaves out: a platform
	// that qualifies one only says whose post it is (see holdsPost). Roles does not list them yet:
	// that would change which sentences answer who-questions, a change to weigh on its own.
	leaderPosts = setOf(`founder founders cofounder co-founder ceo ceos cfo cto coo executive executives boss bosses
		spokesman spokeswoman spokesperson chairmen fundador fundadora consejero consejera portavoz`)
	// zhPosts are the Chinese posts a platform right before them qualifies ("阿里巴巴董事长").
	zhPosts = []string{"董事长", "创始人", "联合创始人", "首席执行官", "总裁", "副总裁", "总经理", "主席", "高管", "CEO"}
	zhRoles = []string{"主任", "经理", "老师", "负责人", "管理员", "校长", "院长", "部长", "主管", "供应商", "厂商", "委员会"}
)

// Negative reports a sentence that says no: a negation in English ("not", "cannot", "never", "no
// …", "don't"), Spanish ("no", "nunca", "ni") or Chinese (不, 没, 无法, 无须, 禁止, 勿; not the
// words that only begin with 不: 不过 "however", 不仅 "not only", 不同 "different", …).
func Negative(s string) bool {
	s = hanNotNegations.Replace(s)
	if lower := strings.ToLower(s); strings.Contains(lower, "n't") || strings.Contains(lower, "n’t") {
		return true
	}
	for _, w := range Words(s) {
		if negations[w.Folded] {
			return true
		}
	}
	for _, zh := range []string{"不", "没", "无法", "无须", "禁止", "勿"} {
		if strings.Contains(s, zh) {
			return true
		}
	}
	return false
}

// hanNotNegations blanks the Chinese words that begin with 不 but do not say no: conjunctions (不过
// however, 不仅 and 不但 not only, 不管 and 不论 no matter), and words of degree or manner (不断
// continually, 不少 quite a few, 不同 different, 不错 good, 不久 soon).
var hanNotNegations = strings.NewReplacer("不过", "", "不仅", "", "不但", "", "不管", "", "不论", "",
	"不断", "", "不少", "", "不同", "", "不错", "", "不久", "")

var negations = setOf(`not no never cannot nobody nothing none neither nor nunca ni nadie nada ninguno ninguna tampoco`)

// hanPersons returns the names of people that s writes in Chinese, where no capital letter marks
// them: a common surname and one or two characters of given name, right after a word for a person
// or a post ("志愿者王晓雯", "负责人李春梅", "作者：陈思远") or, standing alone after a mark or
// the sentence's start, right before a verb of saying or a form of address ("金晓燕说", "黄敏认为",
// "陈慧玲女士"). Inside a run of Han characters a surname character is mostly a word of its own
// (高管, 曾公开表示), so it counts only in those two places. The given name is taken as two
// characters unless the third is a function word or the cue that follows ("黄敏认为").
func hanPersons(s string) []string {
	var out []string
	for i, r := range s {
		if !IsHan(r) || !strings.ContainsRune(hanSurnames, r) {
			continue
		}
		before := s[:i]
		after := s[i+utf8.RuneLen(r):]
		given := []rune{}
		for _, g := range after {
			if !IsHan(g) || len(given) == 2 {
				break
			}
			given = append(given, g)
		}
		if len(given) == 0 {
			continue
		}
		if len(given) == 2 && strings.ContainsRune(hanNameEnd, given[1]) {
			given = given[:1]
		}
		rest := after[len(string(given)):]
		cued := false
		lead := strings.TrimRight(before, "：: ")
		for _, nouns := range [][]string{hanPersonNouns, zhRoles, zhPosts} {
			for _, c := range nouns {
				cued = cued || strings.HasSuffix(lead, c)
			}
		}
		if !cued {
			prev, _ := utf8.DecodeLastRuneInString(before)
			if before == "" || !IsHan(prev) {
				for _, c := range hanPersonVerbs {
					if strings.HasPrefix(rest, c) {
						cued = true
						break
					}
				}
			}
		}
		if cued {
			out = appendUnique(out, string(r)+string(given))
		}
	}
	return out
}

var (
	// hanSurnames are the most common Chinese surnames, which cover most people named.
	hanSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧"
	// hanNameEnd are characters that end a name of two characters rather than being its third:
	// function words and the first characters of hanPersonVerbs.
	hanNameEnd = "说表认介指称女先老的是在已和与及也都会为负主"
	// hanPersonNouns are words for a person, which a name follows ("志愿者王晓雯"), besides the
	// posts of zhRoles and zhPosts ("馆长林雨桐", "负责人李春梅").
	hanPersonNouns = []string{"志愿者", "联络员", "工作人员", "员工", "馆长", "馆员", "作者", "记者", "编辑", "医生",
		"律师", "教授", "顾问", "专员", "店长", "会长", "所长", "站长", "队长"}
	// hanPersonVerbs are verbs of saying and forms of address, which follow a name ("金晓燕说").
	hanPersonVerbs = []string{"说", "表示", "认为", "介绍", "指出", "称", "女士", "先生", "老师"}
)

// consequenceSo reports whether ws[i] is "so" joining a consequence to the clause before it
// after a comma ("The lift is small, so prams must be folded"), not "so far", "so on" or an
// opening "So …".
func consequenceSo(s string, ws []Word, i int) bool {
	if ws[i].Folded != "so" || i == 0 || !strings.Contains(s[ws[i-1].End:ws[i].Start], ",") {
		return false
	}
	return i+1 < len(ws) && !soPhrases[ws[i+1].Folded]
}

// soPhrases are the words after which "so" is no consequence: "so far", "and so on", "so forth".
var soPhrases = setOf(`far on forth`)

package text

import (
	"slices"
	"strings"
	"testing"
)

func TestUnitsOfAmounts(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []string
	}{
		{"Fridges between 0 and 4 °C, freezers at -18 °C or colder.", []string{UnitTemperature}},
		{"80 % goes to counter and café staff.", []string{UnitPercent}},
		{"Ali's share fell to 50.9 percent.", []string{UnitPercent}},
		{"La cuota bajó al 56 por ciento.", []string{UnitPercent}},
		{"A daily menu (€12.50 on weekdays).", []string{UnitMoney}},
		{"GMV Respectively :1207 One hundred million yuan", []string{UnitMoney}},
		{"每台2欧元，租用时需押一件身份证件。", []string{UnitMoney}},
		{"Quien no pueda acudir debe avisar con 48 horas de antelación.", []string{UnitDuration}},
		{"Marriage or registered partnership: fifteen calendar days.", []string{UnitDuration}},
		{"The warranty runs for fourteen months.", []string{UnitDuration}},
		{"Ninety minutes before departure the desk closes.", []string{UnitDuration}},
		{"El plazo es de treinta días naturales.", []string{UnitDuration}},
		{"But that's all 6 Months , The division was dissolved .", []string{UnitDuration}},
		{"Each hook has 120 seconds to finish.", []string{UnitDuration}},
		{"The line is 38 km long.", []string{UnitDistance}},
		// "m" apart from its number is metres; against it ("£3m") or after a currency sign it is
		// millions.
		{"The climb gains 1,150 m of elevation.", []string{UnitDistance}},
		{"Place the sensors within 3 m of the thermostat.", []string{UnitDistance}},
		{"The stadium will cost £96 m.", []string{UnitMoney}},
		// A Chinese magnitude may stand between a number and its unit ("1320亿元"), and a working
		// day counts time as a day does.
		{"义乌跨境电商出口额达到1320亿元。", []string{UnitMoney}},
		{"募资4.41亿美元。", []string{UnitMoney}},
		// Other currencies a Chinese guide prices in: pounds, Hong Kong dollars, yen, pesos.
		{"上门收走一件大件垃圾收费35英镑。", []string{UnitMoney}},
		{"发行价为每股290港元。", []string{UnitMoney}},
		{"一杯售价25比索。", []string{UnitMoney}},
		{"我们会在五个工作日内寄出录取通知书。", []string{UnitDuration}},
		{"请至少提前 3 个工作日告诉前台。", []string{UnitDuration}},
		// A lone 一 is mostly no count ("统一", "一些"), as [hanAmounts] reads it.
		{"请统一周五前提交材料。", nil},
		{"It weighs 24 tonnes.", []string{UnitWeight}},
		{"Packs of about 16 MiB get uploaded.", []string{UnitData}},
		// A unit written against its number, as configuration and technical notes write them.
		{"Uploads above 100MB are refused.", []string{UnitData}},
		{"| `sharing.link_expiry` | `30d` | Default lifetime of a share link |", []string{UnitDuration}},
		{"Sessions end after 24h.", []string{UnitDuration}},
		// A plural ending, an ordinal or a lone "b" is no unit.
		{"Music of the 1990s for under-4s on the 2nd floor, model 3b", nil},
		// Seed 004's dates are not durations: "2008 year 4 month", "10 month 11 Japan".
		{"2008 year 4 month , Taobao has set up an independent mall business department", nil},
		// A count without a unit has no class, and a comma ends the unit's reach.
		{"near 5 More than 10000 netizens gathered", nil},
		{"It had 3, and days later 4", nil},
		// A footnote marker is no amount.
		{"The report [3] days", nil},
		// A speed: a distance or data per second or hour, or anything per minute.
		{"Guest codes are limited to 5 Mbps.", []string{UnitRate}},
		{"Residences get 300 Mbit/s, the guest network 20 Mbit/s.", []string{UnitRate}},
		{"Trams run at up to 25 km/h in the old town.", []string{UnitRate}},
		{"Expect roughly 1,000 photos per minute on a 4-core machine.", []string{UnitRate}},
		{"Los trenes circulan a 40 kilómetros por hora.", []string{UnitRate}},
		{"Lifeguards are paid £12 an hour.", []string{UnitMoney, UnitRate}},
		// Per day or month it is an allowance, not a speed.
		{"Every student gets 10 GB a month.", []string{UnitData}},
		// How often, with a number or in words.
		{"Trams run every 6 minutes at peak times.", []string{UnitDuration, UnitFrequency}},
		{"Bins are emptied 3 times a week.", []string{UnitFrequency}},
		{"Pasa cada 10 minutos.", []string{UnitDuration, UnitFrequency}},
		{"夜班电车每20分钟一班。", []string{UnitDuration, UnitFrequency}},
		{"The scratch drive is emptied every Sunday night.", []string{UnitFrequency}},
		{"Los informes se envían semanalmente.", []string{UnitFrequency}},
		// "Daily" and "monthly" are adjectives as often as adverbs.
		{"Mobile Taobao had 1.1 hundred million daily active users.", nil},
		{"He waited 6 minutes for a tram.", []string{UnitDuration}},
	} {
		got := units(c.s, Words(c.s))
		if !slices.Equal(got, c.want) {
			t.Errorf("units(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestAskedUnit(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"What temperature must the fridges be at?", UnitTemperature},
		{"What share of the tip pool goes to counter staff?", UnitPercent},
		// The measure named wins over "how far".
		{"How far did Alibaba's share of the market fall by 2020?", UnitPercent},
		{"How much does a monthly bus pass cost?", UnitMoney},
		// A share of stock is bought, not a proportion: its price is money.
		{"At what price per share did the chain go public?", UnitMoney},
		{"whats the buyout price per share", UnitMoney},
		{"What was the share price right after the news?", UnitMoney},
		{"What share of the shares did the founder keep?", UnitPercent},
		// A fine or a penalty is paid.
		{"What is the fine for riding on the pavement?", UnitMoney},
		{"¿De cuánto es la multa por alimentar a los animales?", UnitMoney},
		{"在公园里放无人机罚款多少？", UnitMoney},
		{"¿Cuánto cuesta abrir una tienda?", UnitMoney},
		// What is spent or earned is money too.
		{"How much did the hotel spend on food in 2024?", UnitMoney},
		{"What was Li Auto's total revenue for 2023?", UnitMoney},
		{"¿Cuánto gastó el ayuntamiento en la obra?", UnitMoney},
		{"去年的营收是多少？", UnitMoney},
		// So are rent, a deposit, tuition and a refund.
		{"What is the deposit for a two-bedroom flat?", UnitMoney},
		{"¿Cuál es la fianza del piso?", UnitMoney},
		{"一个学期的学费是多少？", UnitMoney},
		{"申请使用三脚架要收费吗？", UnitMoney},
		{"How long did the division last?", UnitDuration},
		{"¿Cuánto tiempo pasan al día los usuarios en la aplicación?", UnitDuration},
		{"How many hours of training do stokers need?", UnitDuration},
		// A question that counts a unit asks for an amount of its class.
		{"How many tonnes of beans can the two plants roast a year?", UnitWeight},
		{"¿Cuántos euros cuesta la matrícula?", UnitMoney},
		{"瑞幸的两座烘焙工厂一年总共能烘焙多少吨咖啡豆？", UnitWeight},
		{"从机场到市中心有几公里？", UnitDistance},
		{"票价是多少美元？", UnitMoney},
		{"一共有几块屏幕？", ""},
		{"How many pounds of vegetables did members give the pantry?", ""},
		{"How much time off do I get when I get married?", UnitDuration},
		{"王晓雯做志愿者多少年了？", UnitDuration},
		// "How long" asks for a duration whatever it names, but for a length's unit.
		{"How long do I have to claim back the cost?", UnitDuration},
		{"¿Cuánto tiempo tengo para pagar la tarifa?", UnitDuration},
		{"How long is the trail in kilometres?", UnitDistance},
		{"¿Cuántos kilómetros mide la línea?", UnitDistance},
		{"How much does the locomotive weigh?", UnitWeight},
		// "How far in advance" measures time.
		{"How far in advance do we have to book?", UnitDuration},
		{"¿Con cuánta antelación hay que reservar?", UnitDuration},
		{"How far is the depot from the station?", UnitDistance},
		{"How far away is the nearest charging point?", UnitDistance},
		// "How far" with no "is", "are" or "away" asks how much, of whatever class: a change or an
		// extent in time, degrees or money as often as a distance ("how far back", "how far
		// into", "how far off", "how far can the target be raised").
		{"How far back does the app keep my history?", ""},
		{"How far into my pregnancy do I need to be?", ""},
		{"How far can my cooling target be raised?", ""},
		{"How far did Mercado Libre cut the minimum order?", ""},
		{"How far off can the clock be?", ""},
		// A measure of length or time names its class as a unit does.
		{"How much notice do I have to give if I move out?", UnitDuration},
		{"¿Con cuánto preaviso hay que avisar?", UnitDuration},
		{"At what height should I mount a room sensor?", UnitDistance},
		{"How much elevation do you gain on the hike?", UnitDistance},
		{"¿Qué altura tiene la cascada?", UnitDistance},
		{"瀑布有多高？", UnitDistance},
		// "how much" before a copula or "for", with nothing counted, asks a price.
		{"How much is a pool party for my son's birthday?", UnitMoney},
		{"how much for my 8yo to swim", UnitMoney},
		{"¿Cuánto vale el abono anual?", UnitMoney},
		{"How much did sales grow last year?", ""},
		// A speed is asked by its name, its units or "how fast is"; "how fast" alone may ask how
		// soon.
		{"How fast is the Wi-Fi connection that visitors get?", UnitRate},
		{"¿Qué velocidad tiene eduroam en las residencias?", UnitRate},
		{"宿舍网速大概多少？", UnitRate},
		{"How fast does the council collect bulky items?", ""},
		// How often: "how often" and its like, or the noun.
		{"How often do trams come at rush hour?", UnitFrequency},
		{"¿Cada cuánto pasa el tranvía nocturno?", UnitFrequency},
		{"夜班电车多久一班？", UnitFrequency},
		{"What is the frequency of the night tram?", UnitFrequency},
		// A count asks for no unit.
		{"How many merchants took part?", ""},
		{"How many users does Douyin have?", ""},
	} {
		if got := AskedUnit(strings.ToLower(c.q), Words(c.q)); got != c.want {
			t.Errorf("AskedUnit(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestCountedWord(t *testing.T) {
	for q, want := range map[string]string{
		"How many daily active users did mobile Taobao have in 2020?": "users",
		"How many bike trips did Gull riders make in 2021?":           "trips",
		"How many people work at the Estación shop?":                  "people",
		"How much money did Pinduoduo raise?":                         "money",
		"How many Chinese brands will survive?":                       "brands",
		"¿Cuántos usuarios activos tiene Douyin?":                     "usuarios",
		"¿Cuántas tiendas tiene la empresa?":                          "tiendas",
		"How much does a monthly pass cost?":                          "", // "does": nothing counted
		"How many of the stations are full?":                          "",
		"What share of the pool goes to the bakers?":                  "",
		"¿Cuánto cuesta?":                                             "",
		// A comparative asks by how much one thing differs from another, and counts nothing.
		"How much slower is the image built for older CPUs?": "",
		"How much smaller is a repository written by 3.0?":   "",
	} {
		ws := Words(q)
		got := ""
		if i := CountedWord(ws); i >= 0 {
			got = ws[i].Lower
		}
		if got != want {
			t.Errorf("CountedWord(%q) = %q, want %q", q, got, want)
		}
	}
}

// A number of things is a number no unit reads: "how many sensors" is not answered by a distance,
// a price, a share, a year or a date, in digits or in words, in English, Spanish or Chinese.
func TestStatesCount(t *testing.T) {
	for s, want := range map[string]bool{
		"A T2 pairs with up to 6 room sensors.":                true,
		"Fifteen plots were lost in the flood.":                true,
		"Cada autobús tiene 36 asientos.":                      true,
		"上海超级工厂共有2万名员工。":                                       true,
		"杭州两家门店已经关门。":                                          true,
		"Keep the sensor within 3 km of the T2 while pairing.": false,
		"Staff licences cost €240 per year.":                   false,
		"Solar panels produced 4.7 % of our electricity.":      false,
		"The garden flooded in August 2011.":                   false,
		"The new hours start on 5 July.":                       false,
		"The bus runs every 20 minutes.":                       false,
		"外卖订单比平时多了近两倍。":                                        false,
		"Support answers calls from 8:00 on weekdays [3].":     false,
		"Keep the sensor within 3 m of the T2 while pairing.":  false,
		"我们会在五个工作日内寄出录取通知书。":                                   false,
		"项目为期三个月。":                                             false,
	} {
		if got := statesCount(s, Words(s)); got != want {
			t.Errorf("statesCount(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCountsThings(t *testing.T) {
	for q, want := range map[string]bool{
		"How many sensors can I pair?":      true,
		"¿Cuántas tiendas tiene Heytea?":    true,
		"cuantos asientos tiene el bus":     true,
		"How much notice must I give?":      false,
		"¿Cuánto cuesta la entrada?":        false,
		"Tell me how the many rules apply.": false,
	} {
		if got := CountsThings(Words(q)); got != want {
			t.Errorf("CountsThings(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestCountedHan(t *testing.T) {
	lex := NewCorpusLexicon(nil, nil) // with the built-in Chinese dictionary
	for q, want := range map[string]string{
		"第一届双十一有多少消费者参与购物？": "消费者",
		"工厂有多少名员工？":         "员工",
		"小米一共交付了多少辆？":       "", // a measure word alone names nothing
		"员工有多少？":            "", // 多少 last: what is counted came before, and is the subject
	} {
		pieces := lex.Segment(q)
		got := ""
		if i := CountedHan(pieces); i >= 0 {
			got = q[pieces[i].Start:pieces[i].End]
		}
		if got != want {
			t.Errorf("CountedHan(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestAsksForName(t *testing.T) {
	for q, want := range map[string]bool{
		"What organisation runs the museum?": true, "What's the name of the firm?": true, "¿Cuál es el nombre de la empresa?": true,
		"¿Qué empresa lleva las nóminas?": true, "What time does it open?": false, "What is the museum?": false,
		"Which company?": false, // "which" is read by the answer types directly
	} {
		if got := AsksForName(Words(q)); got != want {
			t.Errorf("AsksForName(%q) = %v, want %v", q, got, want)
		}
	}
}

// A measure a question names is asked for only when it heads what the question word asks.
func TestMeasureAsked(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"What price did J&T pay for Best Express?", true},
		{"What was Li Auto's total revenue for 2023?", true},
		{"What's the charge if I keep a bike for more than a day?", true},
		{"What does a day ticket cost?", true},
		{"What did SF pay to gain control of Kerry Logistics?", true},
		{"What is Cainiao worth at the price Alibaba is offering?", true},
		{"¿Cuál fue la facturación de la empresa en 2024?", true},
		{"¿Qué porcentaje de las ventas viene de fuera?", true},
		{"¿Qué tan caro es el abono anual?", true},
		{"¿Qué separación mínima tiene que haber entre las dos temperaturas?", true},
		{"What did transport and sorting cost the company per parcel?", true},
		// A measure named without being asked for.
		{"What stance on price cutting did Luckin's CEO take?", false},
		{"What did the State Post Bureau do about the renewed price cuts?", false},
		{"What two reasons did PDD give for the fall in first-quarter profit?", false},
		{"In what case is the restocking fee waived?", false},
		{"What does the director expect to happen now that fines are gone?", false},
		{"Which platform had the highest GMV in 2023?", false},
		{"¿Qué sistemas de pago móvil facilitan las compras?", false},
		{"What can he ask the council for, and does he have to pay?", false},
	} {
		if got := MeasureAsked(Words(c.q)); got != c.want {
			t.Errorf("MeasureAsked(%q) = %v, want %v", c.q, got, c.want)
		}
	}
}

package text

import "testing"

func TestRequestKeepsTheQuestionProper(t *testing.T) {
	cases := map[string]string{
		// Greetings, mentions and labels before the question.
		"hey, quick question: why does the author doubt Alipay?": "why does the author doubt Alipay?",
		"@citebot what is Taote?":                                "what is Taote?",
		"<@123456> what is Taote?":                               "what is Taote?",
		"hi! whose WeChat helped Tencent?":                       "whose WeChat helped Tencent?",
		"hi all, when does the museum open?":                     "when does the museum open?",
		"so what is the top speed?":                              "what is the top speed?",
		"ok so how do I restore a file?":                         "how do I restore a file?",
		"Question: who runs the museum?":                         "who runs the museum?",
		"hey, quick question: ¿Cuál fue el beneficio neto?":      "¿Cuál fue el beneficio neto?",
		"hola chicos, ¿cuándo abre el museo?":                    "¿cuándo abre el museo?",
		"pregunta rápida: cuánto cuesta la tarjeta":              "cuánto cuesta la tarjeta",
		"请问小红书是什么？谢谢":                                            "小红书是什么？",
		"我想知道双十一是谁创办的":                                           "双十一是谁创办的",
		// In traditional characters the same, and what is left is the message's own text.
		"請問小紅書是什麼？謝謝":     "小紅書是什麼？",
		"麻煩問一下淘寶直播是什麼？多謝": "淘寶直播是什麼？",
		"請告訴我京東的營收":       "京東的營收",
		// Colloquial openings, and asking others at the end.
		"想问下机场有几个残疾人车位":       "机场有几个残疾人车位",
		"请问下营地几点关门":           "营地几点关门",
		"极兔在墨西哥邮编覆盖率多少 有人知道吗": "极兔在墨西哥邮编覆盖率多少",
		// Frames that embed the question after a verb of telling or knowing.
		"can you tell me which compressor does Burrow use?": "which compressor does Burrow use?",
		"Could you please tell me when the library closes?": "when the library closes?",
		"does anyone know if I can bring my dog":            "I can bring my dog",
		"I was wondering how long a refund takes":           "how long a refund takes",
		"tell me about Douyin":                              "about Douyin",
		// A frame that asks someone else may embed a noun phrase: what is asked is the phrase.
		"does anyone know the opening hours of the pool": "the opening hours of the pool",
		"alguien sabe el número de la línea en español":  "el número de la línea en español",
		"Do I need to know the rules?":                   "Do I need to know the rules?",
		"¿sabes cuándo abre el museo?":                   "cuándo abre el museo?",
		"dime por qué cerró la tienda":                   "por qué cerró la tienda",
		// A preposition may open the embedded question before its question word.
		"alguien sabe hasta que hora funciona el telefono": "hasta que hora funciona el telefono",
		"does anyone know at what time the pool opens":     "at what time the pool opens",
		"¿sabes a qué hora abre?":                          "a qué hora abre?",
		"do you know in which hall it is":                  "in which hall it is",
		"do you know in the library what time it opens":    "do you know in the library what time it opens",
		// An apology for asking, up to its "but" or mark.
		"sorry if this was asked before but when's the deadline": "when's the deadline",
		"sorry if this is a dumb question, can I bring my dog?":  "can I bring my dog?",
		"perdón si ya lo preguntaron, pero ¿a qué hora abre?":    "¿a qué hora abre?",
		"sorry, if the museum is closed can I get a refund?":     "if the museum is closed can I get a refund?",
		// Courtesies after it.
		"what is Taote? thanks!":           "what is Taote?",
		"what is Taote pls":                "what is Taote",
		"what is Taote, thank you":         "what is Taote",
		"¿qué es Taote? gracias":           "¿qué es Taote?",
		"Which platform grew fastest?!":    "Which platform grew fastest?!",
		"how much is the deposit please??": "how much is the deposit?",
		"¿a qué hora abre el museo? xfa":   "¿a qué hora abre el museo?",
		"where do i park thnx":             "where do i park",
		"¿qué es Taote? muchas gracias":    "¿qué es Taote?",
		// Asking others whether they know, as a clause of its own.
		"how late is the pool open on sundays, anyone know?": "how late is the pool open on sundays?",
		"when does the gym open? any idea?":                  "when does the gym open?",
		"q hora abre la piscina, alguien sabe?":              "que hora abre la piscina?",
		"is it free - anyone?":                               "is it free?",
		"Can I bring anyone?":                                "Can I bring anyone?",
		"who can help?":                                      "who can help?",
		// A tag that is never part of a question closes a message with or without a mark before it.
		"my grandad's 82 does he need to pay for a swim or nah": "my grandad's 82 does he need to pay for a swim",
		"is it free, or nah?":                    "is it free?",
		"can I bring my dog asking for a friend": "can I bring my dog",
		// Contractions typed without their apostrophe get it back.
		"whats the wifi password at the shop":     "what's the wifi password at the shop",
		"i dont have the certificate yet, im new": "i don't have the certificate yet, I'm new",
		"Its open on Sundays?":                    "Its open on Sundays?",
		// What is not chatter stays.
		"In 2020, what was JD's share?":                      "In 2020, what was JD's share?",
		"Besides price, what matters to buyers?":             "Besides price, what matters to buyers?",
		"Can I bring my dog?":                                "Can I bring my dog?",
		"Well-being policy?":                                 "Well-being policy?",
		"So-called micro-commerce?":                          "So-called micro-commerce?",
		"Evening opening hours?":                             "Evening opening hours?",
		"How do I know when my backup finished?":             "How do I know when my backup finished?",
		"I lost my card yesterday. how do I get a new one":   "I lost my card yesterday. how do I get a new one",
		"Who founded Pinduoduo, and when?":                   "Who founded Pinduoduo, and when?",
		"Thanksgiving sales on Tmall?":                       "Thanksgiving sales on Tmall?",
		"Does the manual say what happens to old snapshots?": "Does the manual say what happens to old snapshots?",
		// Spanish chat abbreviations of function words are spelt out (data/abbreviations.txt).
		"q nota necesito para aprobar el examen": "que nota necesito para aprobar el examen",
		"xq cerró la tienda de la estación":      "por qué cerró la tienda de la estación",
		"ke horario tiene la biblioteca":         "que horario tiene la biblioteca",
		// A greeting before a label closed by a comma.
		"hey quick q, what time does the desk close on saturdays?": "what time does the desk close on saturdays?",
		// Interjections, wherever they stand, with the commas after them; a full stop stays.
		"printer jammed smh, can i get my credit back?":           "printer jammed can i get my credit back?",
		"who do i email to complain about the desk lol":           "who do i email to complain about the desk",
		"lol what is Taote?":                                      "what is Taote?",
		"my essay is gone wtf. why does it do that":               "my essay is gone . why does it do that",
		"rompi la bici jaja, cuanto me pueden cobrar":             "rompi la bici cuanto me pueden cobrar",
		"can i charge my ebike in the hallway? kestrel house btw": "can i charge my ebike in the hallway? kestrel house",
		"fyi the gate was open, who do i tell":                    "the gate was open, who do i tell",
		"小红书是什么哈哈":                                                "小红书是什么",
		"Wowza mall opening hours?":                               "Wowza mall opening hours?",
		"¿Es necesario que vaya en persona a la oficina?":         "¿Es necesario que vaya en persona a la oficina?",
		"Is the Haha restaurant (owned by Lolly Ltd) open late?":  "Is the restaurant (owned by Lolly Ltd) open late?",
		// Nothing but chatter.
		"lol":          "",
		"hi":           "",
		"thanks!":      "",
		"hey there :)": "",
		"@citebot":     "",
		"请问":           "",
		"請問":           "",
		"謝謝！":          "",
	}
	for in, want := range cases {
		if got := Request(in); got != want {
			t.Errorf("Request(%q) = %q, want %q", in, got, want)
		}
	}
}

// The sentences before the one that asks set the scene; a message without a question mark asks in
// its last sentence; a message of one sentence is all asked.
func TestAskedLeavesTheScene(t *testing.T) {
	for q, want := range map[string]string{
		"We're bringing a school group of about 25 kids. How far in advance do we have to book?": "How far in advance do we have to book?\n",
		"My bike got nicked and the trip ran past 24h. If it turns up do I get the money back":   "If it turns up do I get the money back",
		"Mi padre tiene 70 años: ¿cuánto paga por el abono mensual?":                             "¿cuánto paga por el abono mensual?\n",
		"Was it 2019? Or 2020?":                   "Was it 2019?\nOr 2020?\n",
		"How many users did Douyin have in 2020?": "How many users did Douyin have in 2020?",
		"我的孩子4岁了。坐电车要买票吗？":                        "坐电车要买票吗？\n",
		// Chat rarely capitalises: a question mark ends the question whatever follows it.
		"can i bring my dog in? he's well behaved":            "can i bring my dog in?\n",
		"youngest age for baby swim lessons?? she's 5 months": "youngest age for baby swim lessons??\n",
		"大泳池啥时候重新开？我孩子5岁":                                     "大泳池啥时候重新开？\n",
		"What is the fee (if any?) for a card":                "What is the fee (if any?) for a card",
	} {
		if got := Asked(q); got != want {
			t.Errorf("Asked(%q) = %q, want %q", q, got, want)
		}
	}
}

// A figure tells about the writer when its clause describes the writer in the first person; a
// bare "I" of the question's frame ("what should I do if …", "¿qué tengo que hacer si …") does not.
func TestAboutAsker(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"My son is 10, how much is his ticket?", true},
		{"hi all! I'm 23 and broke, how much is the youth bus pass?", true},
		{"Handed in my essay 4 days late... does it still get a mark", true},
		{"I've been here 3 years and want to go travelling", true},
		{"Tengo una furgo de 4 toneladas, ¿me dejan entrar?", true},
		{"我的孩子4岁，坐电车要买票吗？", true},
		// "I have", "we got", a chat clause with its "I" left out, Spanish "we" forms, 我有, 我们.
		{"I have 2 kids in lessons, is there a sibling discount?", true},
		{"got 2 kids in lessons, any sibling discount?", true},
		{"cuantos alumnos maximo por grupo? somos unos 35", true},
		{"我们一共35个人，可以团体预约吗", true},
		{"Do we have 2 weeks to appeal?", false},
		{"I got charged twice, was the fare 3 euros?", false},
		{"What should I do if a fridge reads more than 5 degrees?", false},
		{"¿Qué tengo que hacer si una nevera marca más de 5 grados?", false},
		{"How many users did Douyin have in 2020?", false},
		{"Can I bring my dog? The sign says 2 pets per car.", false},
		// The age of a person the question tells of is a case, as the writer's is; a bound on
		// ages is what a rule states.
		{"¿Cuánto paga un jubilado de 70 años por la entrada?", true},
		{"Does a 15-year-old need a parent to sign?", true},
		{"70岁的老人要买票吗？", true},
		{"¿Cuánto cuesta el pase anual para personas mayores de 62 años?", false},
		{"Is the pool open to children over 8 years old?", false},
		{"65岁以上的老人要买票吗？", false},
	} {
		ws := Words(c.q)
		got := false
		for i, w := range ws {
			if w.Number && AboutAsker(c.q, ws, i) {
				got = true
			}
		}
		if got != c.want {
			t.Errorf("AboutAsker(%q) = %v, want %v", c.q, got, c.want)
		}
	}
}

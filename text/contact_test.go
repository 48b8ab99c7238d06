package text

import (
	"slices"
	"strings"
	"testing"
)

func TestAskedContact(t *testing.T) {
	for q, want := range map[string]string{
		"What is Pieter de Wit's email address?":               ContactEmail,
		"Which email should security problems be reported to?": ContactEmail,
		"林嘉怡的电子邮箱是多少？":                                         ContactEmail,
		"¿Cuál es el correo electrónico de la oficina?":        ContactEmail,
		"What is Marta Quiroga's direct phone number?":         ContactPhone,
		"陈美玲的电话号码是多少？":                                         ContactPhone,
		"¿Cuál es el número de teléfono de la residencia?":     ContactPhone,
		"What is the library's website?":                       ContactWeb,
		"el número de la línea en español":                     ContactPhone, // a telephone line's number
		"What's the helpline number?":                          ContactPhone,
		"How do I get a bike out of the rack using my phone?":  "",
		"生病不能上班时要打电话给谁？":                                       "",
		"Is there a phone line in Chinese, and on which days?": "",
		"Who should I write to about a wrong payslip?":         "",
		"学生邮箱的容量有多大？":                                          "",
		"快毕业了，学生邮箱毕业后还能用多久？":                                   "",
		"¿Puedo pedir el certificado por correo electrónico?":  "",
		"申请要发到哪个邮箱？":                                           ContactEmail,
		// A contact word after "through", "on", "en" names the means, not what is asked.
		"Why can't I book a filling through the website?": "",
		"Can I renew my card on the website?":             "",
		"¿Puedo pagar en la página web?":                  "",
		"What is the website of the dental clinic?":       ContactWeb,
	} {
		if got := AskedContact(strings.ToLower(q)); got != want {
			t.Errorf("AskedContact(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestHoldsContact(t *testing.T) {
	for _, c := range []struct {
		s, kind string
		want    bool
	}{
		{"Write to help@gull.portcalder.gov; we answer within two days.", ContactEmail, true},
		{"Speak to Pieter de Wit by 1 October.", ContactEmail, false},
		{"中文热线01632 960 418，每个星期三上午有人接听。", ContactPhone, true},
		{"The helpline, 0800 555 0190, answers 24 hours a day.", ContactPhone, true},
		{"Call +34 (91) 555-01-23 to book.", ContactPhone, true},
		{"The council recorded 2,140 incidents in 2023/24.", ContactPhone, false},
		{"Open from 9:00 to 16:00 on 12 May 2024.", ContactPhone, false},
		{"Book online at clm.marbrava.es/enrol six weeks ahead.", ContactWeb, true},
		{"See https://example.org for details.", ContactWeb, true},
		{"Write to help@gull.portcalder.gov.", ContactWeb, false},
		{"The office is on the second floor.", ContactWeb, false},
	} {
		if got := HoldsContact(c.s, c.kind); got != c.want {
			t.Errorf("HoldsContact(%q, %s) = %v, want %v", c.s, c.kind, got, c.want)
		}
	}
}

// A sentence records the kinds of contact detail it states, and a question's word naming the kind
// asked for is told from one naming something else.
func TestSentenceContacts(t *testing.T) {
	for s, want := range map[string][]string{
		"The helpline, 0800 555 0190, answers 24 hours a day.":              {ContactPhone},
		"Write to ana.ruiz@clm.example.es or see www.clm.example.es/exams.": {ContactEmail, ContactWeb},
		"The office opens at 9:00 on 12 March 2025.":                        nil,
	} {
		if got := contacts(s); !slices.Equal(got, want) {
			t.Errorf("contacts(%q) = %v, want %v", s, got, want)
		}
	}
	for _, c := range []struct {
		kind, word string
		want       bool
	}{
		{ContactPhone, "number", true}, {ContactPhone, "teléfono", true}, {ContactPhone, "电话", true},
		{ContactEmail, "address", true}, {ContactEmail, "correo", true}, {ContactWeb, "website", true},
		{ContactPhone, "helpline", false}, {ContactEmail, "phone", false}, {ContactWeb, "number", false},
	} {
		if got := ContactWord(c.kind, c.word); got != c.want {
			t.Errorf("ContactWord(%s, %q) = %v, want %v", c.kind, c.word, got, c.want)
		}
	}
}

package text

import (
	"slices"
	"testing"
)

// TestBounds: a sentence records the ranges of amounts it states, in English, Spanish and Chinese,
// with their units; clock times, years, dates and telephone numbers make none.
func TestBounds(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []string
	}{
		{"Children aged 5 to 12 pay £35 for the weekend.", []string{"5:12:"}},
		{"Patients aged 70 and over pay 15 % less.", []string{"70::"}},
		{"For bikes worth up to £1,000 the lock must be rated Silver; for bikes worth more than £1,000, Gold.", []string{":1000:money", ">1000::money"}},
		{"Children aged 2 to 11 pay £16 and children under 2 enter free.", []string{"2:11:", ":<2:"}},
		{"Los menores de 16 años que viajan solos necesitan una autorización.", []string{":<16:duration"}},
		{"Grupos de entre 15 y 40 alumnos.", []string{"15:40:"}},
		{"单张金额超过300英镑的，需要附英文翻译。", []string{">300::money"}},
		{"12岁至17岁的青少年需要家长陪同，65岁以上免费。", []string{"12:17:", "65::"}},
		{"Members who book no more than 3 sessions a week pay less; 16+ only.", []string{":3:", "16::"}},
		{"A member who uses the machines for more than 20 hours a month should be on the Business tier.", []string{">20::duration"}},
		// No bounds: clock times, years, a date, a telephone number, a falling pair.
		{"Open from 10:00 to 19:00 between 2020 and 2024, and on 1 June.", nil},
		{"Call 0300 555 0163 or text 07700 900 123.", nil},
		{"The score went from 12 to 3.", nil},
	} {
		if got := bounds(c.s, Words(c.s)); !slices.Equal(got, c.want) {
			t.Errorf("bounds(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}

// TestMeasuresHeld: a question's own case (an age, the worth of a thing) is held by the bound that
// rules on it and by no other; a bound the question states itself is no case, and a count or an age
// is never read in a bare number.
func TestMeasuresHeld(t *testing.T) {
	l := seedLexicon(t)
	sentence := func(s string) *Sentence { x := l.sentence(s, DetectLanguage(s)); return &x }
	for _, c := range []struct {
		q, holds, not string
	}{
		{"My son is 9. What will his weekend ticket cost?", "Children aged 5 to 12 pay £35 for the weekend.", "Teens aged 13 to 17 pay £99 for the weekend."},
		{"Mi padre tiene 72 años, ¿paga menos?", "Patients aged 70 and over pay 15 % less.", "Preventive treatment is not given after 72 hours."},
		{"What lock do I need for a bike worth £2,400?", "Bikes worth more than £1,000 need a Gold lock.", "Bikes worth up to £1,000 need a Silver lock."},
		{"价值800英镑的自行车需要什么锁？", "Bikes worth up to £1,000 need a Silver lock.", "Bikes worth more than £1,000 need a Gold lock."},
		// A bound the question names is held by a bound around it.
		{"Do people over 65 pay less?", "Visitors aged 65 and over pay £6.", "Visitors aged 70 and over pay £4."},
		{"Me quedé sin agua más de 5 horas, ¿cuánto es la compensación?", "If your water is off for more than 4 hours, we pay £30.", "If your water is off for more than 12 hours, we pay £60."},
		{"price per kl once you go over 40 kl in a quarter", "| RW2 | Water usage, above 40 kL per quarter | $3.0440 per kL |", "| RW1 | Water usage, up to 40 kL per quarter | $2.3310 per kL |"},
	} {
		ms := Measures(c.q, Words(c.q))
		if len(ms) != 1 {
			t.Errorf("Measures(%q) = %+v, want one", c.q, ms)
			continue
		}
		if !sentence(c.holds).Holds(ms[0]) {
			t.Errorf("%q does not hold %+v of %q", c.holds, ms[0], c.q)
		}
		if sentence(c.not).Holds(ms[0]) {
			t.Errorf("%q holds %+v of %q", c.not, ms[0], c.q)
		}
	}
	for _, q := range []string{"Is Stage 5 running in February?", "What happened in 2023?"} {
		if ms := Measures(q, Words(q)); len(ms) > 0 {
			t.Errorf("Measures(%q) = %+v, want none", q, ms)
		}
	}
}

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
		// A range of clock times is a bound of times (see TestClockBounds), not of amounts: years, a
		// date, a telephone number and a falling pair make none.
		{"Open from 10:00 to 19:00 between 2020 and 2024, and on 1 June.", []string{"600:1140:clock"}},
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

// TestClockBounds: a sentence records the ranges of times of day it states, in English, Spanish and
// Chinese, in minutes after midnight; a range past midnight has its lower end above its upper one,
// and a single time with a cue is an open range.
func TestClockBounds(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []string
	}{
		{"Call the duty phone between 18:00 and 23:00. After 23:00 nobody will come.", []string{"1080:1380:clock", ">1380::clock"}},
		{"A fixed fare is £22, or £26 between 23:00 and 06:00.", []string{"1380:360:clock"}},
		{"Early check-in from 12:00 costs €25 and late check-out until 14:00 costs €35.", []string{"720::clock", ":840:clock"}},
		{"Before 17:00 on weekdays, use the Wharf Lane car park.", []string{":<1020:clock"}},
		{"Power tools may be used between 8am and 7pm; open 9:30 a.m. to 5 p.m. on Sundays.", []string{"480:1140:clock", "570:1020:clock"}},
		{"Horas de silencio: de 22:00 a 7:00 en todos los campamentos.", []string{"1320:420:clock"}},
		{"开放时间为上午9点至下午5点，晚上10点以后请勿喧哗。", []string{"540:1020:clock", ">1320::clock"}},
		// A time with no cue, and an hour that may be morning or evening, make no range of one time.
		{"The last bus leaves at 23:30.", nil},
	} {
		if got := bounds(c.s, Words(c.s)); !slices.Equal(got, c.want) {
			t.Errorf("bounds(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}

// TestClockMeasuresHeld: the time a question gives as its own ("at 10 pm", "a las tres de la tarde",
// "at noon", "晚上11点以后") is held by the range of times that contains it, past midnight too, and not
// by one that does not.
func TestClockMeasuresHeld(t *testing.T) {
	l := seedLexicon(t)
	sentence := func(s string) *Sentence { x := l.sentence(s, DetectLanguage(s)); return &x }
	for _, c := range []struct {
		q, holds, not string
	}{
		{"I'm stuck outside at 10 pm. What number do I call?", "Call the duty phone between 18:00 and 23:00.", "Call the office between 09:00 and 17:00."},
		{"Voy un martes a las tres de la tarde: ¿dónde aparco?", "Before 17:00 on weekdays, use the Wharf Lane car park.", "After 17:00 on weekdays, use the yard."},
		{"What does it cost to get my room at noon?", "Early check-in from 12:00 costs €25.", "Late check-out until 11:00 is free."},
		{"晚上11点以后坐出租车去市中心要多少钱？", "A fixed fare is £26 between 23:00 and 06:00.", "The bus runs every 20 minutes between 05:00 and 22:30."},
		{"Is there a bus at 1am?", "The night bus runs from 23:30 to 02:00.", "The day bus runs from 06:00 to 23:00."},
	} {
		ms := Measures(c.q, Words(c.q))
		if len(ms) != 1 || ms[0].Unit != UnitClock {
			t.Errorf("Measures(%q) = %+v, want one time", c.q, ms)
			continue
		}
		if !sentence(c.holds).Holds(ms[0]) {
			t.Errorf("%q does not hold %+v of %q", c.holds, ms[0], c.q)
		}
		if sentence(c.not).Holds(ms[0]) {
			t.Errorf("%q holds %+v of %q", c.not, ms[0], c.q)
		}
	}
}

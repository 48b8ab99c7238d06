package text

import "strings"

// Direction says which way a text says a quantity moved: up ("grew", "rose", "aumentó", 增长),
// down ("fell", "declined", "cayó", 下降), both, or neither. Machine translations mix them ("has
// increased from 66% Down to 56%"), so only a text that says one way and not the other is read as
// saying it.
type Direction struct{ Up, Down bool }

// Opposes reports whether d says one way only and o says only the other.
func (d Direction) Opposes(o Direction) bool {
	return d.Up != d.Down && o.Up != o.Down && d.Up != o.Up
}

// DirectionOf reads the direction words of s (English, Spanish, Chinese).
func DirectionOf(s string) Direction {
	var d Direction
	for _, w := range Words(s) {
		d.Up = d.Up || upWords[w.Folded]
		d.Down = d.Down || downWords[w.Folded]
	}
	for _, z := range zhUp {
		d.Up = d.Up || strings.Contains(s, z)
	}
	for _, z := range zhDown {
		d.Down = d.Down || strings.Contains(s, z)
	}
	return d
}

var (
	upWords = setOf(`rise rises rose risen rising grow grows grew grown growing growth increase increases increased
		increasing surge surged surging soar soared soaring jump jumped climb climbed climbing gain gained up
		higher doubled tripled expand expanded expanding boost boosted
		crecer crece crecio crecimiento aumentar aumenta aumento subir sube subio alza incremento incrementa
		incremento duplico disparo`)
	downWords = setOf(`fall falls fell fallen falling decline declines declined declining decrease decreases
		decreased decreasing drop drops dropped dropping shrink shrinks shrank shrunk shrinking slump slumped
		plunge plunged plummeted sink sank down lower lowered reduced contraction
		caer cae cayo caida disminuir disminuye disminuyo disminucion bajar baja bajo descenso descendio
		reducir reduce redujo reduccion desplome`)
	zhUp   = []string{"增长", "上升", "增加", "提高", "上涨", "增至", "翻倍", "攀升"}
	zhDown = []string{"下降", "下跌", "减少", "降低", "下滑", "降至", "缩水", "暴跌"}
)

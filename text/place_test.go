package text

import "testing"

// A sentence says where by a path, a named place after a preposition, or a spatial phrase: a
// locative with a kind of place, or a place with its number; the idioms that share the words say
// where nothing is.
func TestHoldsPlace(t *testing.T) {
	for s, want := range map[string]bool{
		"By default that is `~/.config/tool/tool.toml`.":                                         true,
		"The company was founded in Hangzhou.":                                                   true,
		"The smoking shelter is next to the car park entrance.":                                  true,
		"The Lost Property Office is in room A14.":                                               true,
		"Meet in front of the main entrance.":                                                    true,
		"Charging points are on level −2.":                                                       true,
		"Los remolques se guardan junto a la puerta del almacén.":                                true,
		"Está al lado de la recepción.":                                                          true,
		"狗狗的如厕区在到达大厅外，A2门左侧。":                                                                    true,
		"办公室位于市中心。":                                                                              true,
		"At this point we stop.":                                                                 false,
		"| Sun 18 January | WSM26 | Winter Sprint Meet (open) | Halden Aquatics Centre | 25 m |": false,
		"Open the settings in the app.":                                                          false,
		"The desk is staffed by volunteers.":                                                     false,
		"We reply within 14 days of the complaint.":                                              false,
		"In the first year of the plan, members pay less.":                                       false,
		"The course is taught at a high level.":                                                  false,
		"在2024年，我们增长了。":                                                                          false,
		"Smoking is not allowed, and a cleaning fee of €250 is charged when guests smoke.":       false,
	} {
		if got := holdsPlace(s, Words(s)); got != want {
			t.Errorf("holdsPlace(%q) = %v, want %v", s, got, want)
		}
	}
}

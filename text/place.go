package text

import (
	"strings"
	"unicode"
)

// holdsPlace reports a sentence that says where: a path or URL ("~/.config/burrow/burrow.toml"), a
// place name after "in", "at", "from", "on" ("in Hangzhou", "from the AUR"), or a spatial phrase
// (see [spatialPhrase]).
func holdsPlace(s string, ws []Word) bool {
	for _, f := range strings.Fields(s) {
		f = strings.Trim(f, "`'\"()[],;.")
		if strings.Count(f, "/") >= 1 && len(f) > 2 || strings.HasPrefix(f, "~") || strings.Contains(f, "://") {
			return true
		}
	}
	for i := 0; i+1 < len(ws); i++ {
		if placePrepositions[ws[i].Folded] && (ws[i+1].Upper || i+2 < len(ws) && ws[i+1].Folded == "the" && ws[i+2].Upper) {
			return true
		}
	}
	return spatialPhrase(s, ws) || hanPlace(s)
}

var placePrepositions = setOf(`in at from on into en desde`)

// spatialPhrase reports a phrase that locates something by a kind of place rather than by its
// name: a locative preposition followed, within a determiner and two modifiers, by a place noun
// ("in the courtyard", "next to the walk-in desk", "outside the departures building", "en la
// planta baja", "junto a la puerta"), or a place noun with a number or code ("room A14", "door
// D1", "level −2", "planta 2"). A preposition alone is not enough ("in the app", "on Sundays",
// "at the end of the month" say where nothing is), nor is a place noun alone ("the desk is
// staffed by volunteers" names a place without saying where anything is).
func spatialPhrase(s string, ws []Word) bool {
	for i, w := range ws {
		// The code follows the noun with nothing but a space or a minus sign between ("level −2"),
		// not across a table's cell ("| Halden Aquatics Centre | 25 m |").
		if (placeNouns[w.Folded] || codedPlaceNouns[w.Folded]) && i+1 < len(ws) && placeCode(ws[i+1]) &&
			strings.Trim(s[w.End:ws[i+1].Start], " −-") == "" && ws[i+1].Start-w.End <= len(" −") {
			return true
		}
		if !locatives[w.Folded] {
			continue
		}
		modifiers := 0
		for j := i + 1; j < len(ws) && j <= i+6; j++ {
			switch {
			case ws[j].Start-ws[j-1].End > 2:
				// a comma or a bracket ends the phrase
			case placeNouns[ws[j].Folded]:
				return true
			case placeJoiners[ws[j].Folded]:
				continue
			case locatives[ws[j].Folded] || IsStopword(ws[j]):
				// "at this point we stop": a pronoun or a verb's word ends the phrase
			default:
				if modifiers++; modifiers <= 2 {
					continue // "the walk-in desk", "the departures building"
				}
			}
			break
		}
	}
	return false
}

// placeJoiners are the function words a spatial phrase may hold before its noun: determiners and
// the prepositions of "next to", "in front of", "junto a", "cerca de".
var placeJoiners = setOf(`the a an this that these those our your its their my his her to of front
	el la los las lo un una unos unas su sus nuestro nuestra nuestros nuestras de del al lado`)

// placeCode reports a number or a short code that names one place of a kind ("A14", "D1", "3",
// "−2"): it holds a digit and is at most five characters long.
func placeCode(w Word) bool {
	return len(w.Lower) <= 5 && strings.ContainsFunc(w.Lower, unicode.IsDigit)
}

// locatives are the English and Spanish prepositions and adverbs that say where ("beside the
// entrance", "junto a la entrada"). "to" and "a" are not among them: "go to the desk" says where
// to go, but "next to" and "junto a" are read through their first word.
var locatives = setOf(`in at on inside outside beside behind near opposite next under above below between
	across along upstairs downstairs within
	en junto frente detras cerca dentro fuera enfrente bajo entre lado`)

// placeNouns are common nouns of kinds of place, English and Spanish, as they are found in guides
// and notices: rooms and parts of buildings, sites, and the places of a street or a terminal.
var placeNouns = setOf(`room rooms floor storey hall building entrance exit door doors gate gates desk counter
	office reception lobby foyer corridor hallway courtyard terrace garden yard car park parking garage basement
	area zone corner shelter station stop platform bay shelf shelves locker lockers cabinet kiosk booth tent
	campus wing annex annexe centre center shop store cafe restaurant kitchen toilet toilets bathroom
	street road lane avenue square terminal arrivals departures concourse pier stairs staircase lift elevator
	warehouse depot
	sala salas planta piso puerta puertas mostrador oficina edificio entrada salida aparcamiento recepcion
	vestibulo pasillo patio terraza jardin zona area rincon estacion parada anden estante estanteria taquilla
	caseta carpa escenario tienda cafeteria cocina bano banos aseo aseos calle avenida plaza almacen`)

// codedPlaceNouns name a place only with a number or code ("level −2", "stage 3", "punto 4"): alone
// they have other senses ("at a high level", "at this stage", "at this point").
var codedPlaceNouns = setOf(`level stage point punto nivel`)

// hanPlace reports a Chinese sentence that says where: 位于 ("is located in"), or 在 ("at") with a
// place word after it within a clause ("在二楼", "在A2门左侧", "在停车场旁边").
func hanPlace(s string) bool {
	if strings.Contains(s, "位于") {
		return true
	}
	for rest := s; ; {
		i := strings.Index(rest, "在")
		if i < 0 {
			return false
		}
		rest = rest[i+len("在"):]
		clause := rest
		if k := strings.IndexAny(clause, "，。；！？,;"); k >= 0 {
			clause = clause[:k]
		}
		if len([]rune(clause)) > 16 {
			clause = string([]rune(clause)[:16])
		}
		for _, p := range hanPlaceWords {
			if strings.Contains(clause, p) {
				return true
			}
		}
	}
}

// hanPlaceWords are the Chinese words of a place or a position ("楼" floor, "门" door, "旁边"
// beside, "对面" opposite).
var hanPlaceWords = []string{"楼", "层", "室", "门", "旁边", "对面", "附近", "左侧", "右侧", "左边", "右边", "大厅", "前台", "柜台",
	"服务台", "停车场", "入口", "出口", "走廊", "广场", "车站", "站台", "中心", "区"}

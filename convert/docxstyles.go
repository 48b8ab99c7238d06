package convert

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// docxStyle is what a paragraph style of word/styles.xml says of the paragraphs that have it.
type docxStyle struct {
	name     string // Word's name for a built-in style, in English ("heading 1"), whatever its id
	basedOn  string // the style it inherits from
	outline  int    // its outline level (0 to 9), -1 if it sets none
	numID    string // its numbering
	numbered bool   // it sets a numbering (numID)
	ilvl     int    // its list level, -1 if it sets none
}

// docxStyles are the paragraph styles of a document, by id.
type docxStyles map[string]*docxStyle

// maxStyleHops bounds the styles followed through basedOn (a loop ends there).
const maxStyleHops = 16

// headingLevel returns the heading level (1 to 6) of paragraphs of the style id, 0 if they are no
// headings: its outline level, else its name ("heading 2", "Title"), else its base style's. A style
// that styles.xml does not define is known by its id ("Heading2", "Title").
func (s docxStyles) headingLevel(id string) int {
	for hops := 0; id != "" && hops < maxStyleHops; hops++ {
		st, ok := s[id]
		if !ok {
			return headingName(id)
		}
		if st.outline >= 0 {
			return outlineHeading(st.outline)
		}
		if n := headingName(st.name); n > 0 {
			return n
		}
		id = st.basedOn
	}
	return 0
}

// numbering returns the numbering and list level the style id gives its paragraphs, its own or its
// base style's (level -1 if none says).
func (s docxStyles) numbering(id string) (numID string, ilvl int, numbered bool) {
	ilvl = -1
	for hops := 0; id != "" && hops < maxStyleHops; hops++ {
		st, ok := s[id]
		if !ok {
			break
		}
		if ilvl < 0 {
			ilvl = st.ilvl
		}
		if st.numbered && !numbered {
			numID, numbered = st.numID, true
		}
		id = st.basedOn
	}
	return numID, ilvl, numbered
}

// headingName returns the heading level a style's name or id says: "heading 1" and "Heading1" are
// 1 … "heading 9" is 6 (Markdown has six), "Title" is 1; 0 for any other.
func headingName(name string) int {
	n := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	if n == "title" {
		return 1
	}
	if d, ok := strings.CutPrefix(n, "heading"); ok && len(d) == 1 && d[0] >= '1' && d[0] <= '9' {
		return min(int(d[0]-'0'), 6)
	}
	return 0
}

// outlineHeading returns the heading level of outline level lvl: 0 is 1 … 5 and more are 6; 9
// (body text) or none is no heading.
func outlineHeading(lvl int) int {
	if lvl < 0 || lvl > 8 {
		return 0
	}
	return min(lvl+1, 6)
}

// xmlPath follows the WordprocessingML elements open while a part is read, by local name ("" for
// those of other namespaces).
type xmlPath []string

func (p *xmlPath) push(e xml.StartElement) { *p = append(*p, wordName(e.Name)) }
func (p *xmlPath) pop()                    { *p = (*p)[:len(*p)-1] }

// is reports whether the open elements are names, from the root.
func (p xmlPath) is(names ...string) bool {
	if len(p) != len(names) {
		return false
	}
	for i, n := range names {
		if p[i] != n {
			return false
		}
	}
	return true
}

// stylesReader reads the paragraph styles of word/styles.xml.
type stylesReader struct {
	styles docxStyles
	path   xmlPath
	cur    *docxStyle // the paragraph style being read, nil in any other
}

func (r *stylesReader) start(e xml.StartElement) {
	r.path.push(e)
	if r.path.is("styles", "style") {
		r.cur = nil
		id, _ := wordAttr(e, "styleId")
		if t, ok := wordAttr(e, "type"); ok && t != "paragraph" {
			return
		}
		if _, dup := r.styles[id]; !dup && id != "" {
			r.cur = &docxStyle{outline: -1, ilvl: -1}
			r.styles[id] = r.cur
		}
		return
	}
	if r.cur == nil {
		return
	}
	switch {
	case r.path.is("styles", "style", "name"):
		r.cur.name = attrOrEmpty(e, "val")
	case r.path.is("styles", "style", "basedOn"):
		r.cur.basedOn = attrOrEmpty(e, "val")
	case r.path.is("styles", "style", "pPr", "outlineLvl"):
		r.cur.outline = wordInt(e, "val")
	case r.path.is("styles", "style", "pPr", "numPr", "numId"):
		r.cur.numID, r.cur.numbered = attrOrEmpty(e, "val"), true
	case r.path.is("styles", "style", "pPr", "numPr", "ilvl"):
		r.cur.ilvl = wordInt(e, "val")
	}
}

func (r *stylesReader) end()             { r.path.pop() }
func (r *stylesReader) text(data []byte) {}

// docxLevel is how a level of a list is numbered.
type docxLevel struct {
	format   string // "decimal", "bullet", "lowerLetter"…
	start    int
	hasStart bool
}

// docxNum is a list of word/numbering.xml: its abstract numbering, and what it overrides of it.
type docxNum struct {
	abstract  string
	overrides map[int]docxLevel
}

// docxNumbering is word/numbering.xml: the levels of the abstract numberings, and the lists.
type docxNumbering struct {
	abstract map[string]map[int]docxLevel
	nums     map[string]*docxNum
}

func newDocxNumbering() *docxNumbering {
	return &docxNumbering{abstract: map[string]map[int]docxLevel{}, nums: map[string]*docxNum{}}
}

// level returns how level ilvl of the list numID is numbered (a list or level not defined is
// bulleted).
func (n *docxNumbering) level(numID string, ilvl int) docxLevel {
	num := n.nums[numID]
	if num == nil {
		return docxLevel{format: "bullet"}
	}
	lv := n.abstract[num.abstract][ilvl]
	if o, ok := num.overrides[ilvl]; ok {
		if o.format != "" {
			lv.format = o.format
		}
		if o.hasStart {
			lv.start, lv.hasStart = o.start, true
		}
	}
	return lv
}

// numberingReader reads word/numbering.xml.
type numberingReader struct {
	numbering *docxNumbering
	path      xmlPath
	abstract  map[int]docxLevel // the levels of the abstract numbering being read
	num       *docxNum          // the list being read
	lvl       int               // the level being read
}

func (r *numberingReader) start(e xml.StartElement) {
	r.path.push(e)
	p := r.path
	switch {
	case p.is("numbering", "abstractNum"):
		id := attrOrEmpty(e, "abstractNumId")
		if r.numbering.abstract[id] == nil {
			r.numbering.abstract[id] = map[int]docxLevel{}
		}
		r.abstract = r.numbering.abstract[id]
	case p.is("numbering", "num"):
		id := attrOrEmpty(e, "numId")
		if r.numbering.nums[id] == nil {
			r.numbering.nums[id] = &docxNum{overrides: map[int]docxLevel{}}
		}
		r.num = r.numbering.nums[id]
	case p.is("numbering", "num", "abstractNumId"):
		r.num.abstract = attrOrEmpty(e, "val")
	case p.is("numbering", "abstractNum", "lvl"), p.is("numbering", "num", "lvlOverride"):
		r.lvl = wordInt(e, "ilvl")
	case p.is("numbering", "abstractNum", "lvl", "numFmt"):
		r.setLevel(r.abstract, e, false)
	case p.is("numbering", "abstractNum", "lvl", "start"):
		r.setLevel(r.abstract, e, true)
	case p.is("numbering", "num", "lvlOverride", "startOverride"), p.is("numbering", "num", "lvlOverride", "lvl", "start"):
		r.setLevel(r.num.overrides, e, true)
	case p.is("numbering", "num", "lvlOverride", "lvl", "numFmt"):
		r.setLevel(r.num.overrides, e, false)
	}
}

// setLevel sets the format (or the start, if start) of the level being read in levels.
func (r *numberingReader) setLevel(levels map[int]docxLevel, e xml.StartElement, start bool) {
	if r.lvl < 0 || r.lvl > 8 {
		return
	}
	lv := levels[r.lvl]
	v := attrOrEmpty(e, "val")
	if !start {
		lv.format = v
	} else if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 1e6 {
		lv.start, lv.hasStart = n, true
	}
	levels[r.lvl] = lv
}

func (r *numberingReader) end()             { r.path.pop() }
func (r *numberingReader) text(data []byte) {}

// listCounter holds the numbers of the levels of a list, as Word counts them.
type listCounter struct {
	n       [9]int
	started [9]bool
}

// itemMark numbers an item of level ilvl of the list numID and returns its mark: "3. " where the
// level is numbered in decimal, "- " for bullets and any other format (letters, roman numerals),
// which Markdown cannot write. As Word does, lists of the same abstract numbering count on from one
// another unless one sets where a level starts; an item restarts the levels below its own.
func (r *docxReader) itemMark(numID string, ilvl int) string {
	lv := r.numbering.level(numID, ilvl)
	key, restart := "num:"+numID, false
	if num := r.numbering.nums[numID]; num != nil && num.abstract != "" {
		key = "abstract:" + num.abstract
		if o, ok := num.overrides[ilvl]; ok && o.hasStart {
			level := numID + ":" + strconv.Itoa(ilvl)
			restart = !r.restarted[level]
			r.restarted[level] = true
		}
	}
	c := r.lists[key]
	if c == nil {
		c = &listCounter{}
		r.lists[key] = c
	}
	if restart {
		c.started[ilvl] = false
	}
	if c.started[ilvl] {
		c.n[ilvl]++
	} else {
		c.n[ilvl], c.started[ilvl] = lv.start, true
	}
	for d := ilvl + 1; d < len(c.started); d++ {
		c.started[d] = false
	}
	if lv.format == "decimal" {
		return strconv.Itoa(c.n[ilvl]) + ". "
	}
	return "- "
}

package convert

import (
	"bytes"
	"math"
	"strings"
)

// maxPDFOperators bounds the operators run for one page, its forms included.
const maxPDFOperators = 5_000_000

// pdfChar is a shown character code with text, where it stands on the page (in points, y up): the
// origin of its baseline, its advance along the line, and the size of its font there.
type pdfChar struct {
	x, y, adv, size float64
	text            string
	space           bool // its text is white space
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul is m × n (m applied first).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// textState is the graphics and text state the reader follows (ISO 32000-1, 9.3).
type textState struct {
	ctm                        matrix
	font                       *pdfFont
	size, charSp, wordSp, lead float64
	scale, rise                float64
}

// pageReader runs the content streams of one page and collects its characters.
type pageReader struct {
	f     *pdfFile
	fonts map[any]*pdfFont // by font dictionary reference or name
	chars []pdfChar
	ops   int
	err   error
	// marked holds the marked-content sequences open (BMC, BDC … EMC): where each started in
	// chars, and its /ActualText, if any.
	marked []markedContent
}

// markedContent is an open marked-content sequence.
type markedContent struct {
	start  int
	actual *string
}

// beginMarked opens a marked-content sequence. One with /ActualText (inline or in the resources'
// /Properties) says what its characters read as: Chromium writes the ideograph a CJK glyph stands
// for there when the font maps the glyph to a radical ("⾳" for 音), and PDF/UA producers a word
// drawn in pieces.
func (pr *pageReader) beginMarked(res pdfDict, operands []any) {
	m := markedContent{start: len(pr.chars)}
	if len(operands) == 2 {
		props, ok := pr.f.resolve(operands[1]).(pdfDict)
		if name, isName := operands[1].(pdfName); isName {
			all, _ := pr.f.resolve(res["Properties"]).(pdfDict)
			props, ok = pr.f.resolve(all[name]).(pdfDict)
		}
		if s, isStr := pr.f.resolve(props["ActualText"]).(pdfString); ok && isStr {
			t := pdfTextString(string(s))
			m.actual = &t
		}
	}
	if len(pr.marked) < 256 {
		pr.marked = append(pr.marked, m)
	}
}

// endMarked closes a marked-content sequence; one with /ActualText has its characters replaced by
// one standing where the first stood and as wide as all, reading as the actual text.
func (pr *pageReader) endMarked() {
	n := len(pr.marked)
	if n == 0 {
		return
	}
	m := pr.marked[n-1]
	pr.marked = pr.marked[:n-1]
	if m.actual == nil || m.start >= len(pr.chars) {
		return
	}
	first, last := pr.chars[m.start], pr.chars[len(pr.chars)-1]
	first.adv = last.x + last.adv - first.x
	first.text = *m.actual
	first.space = strings.TrimSpace(first.text) == "" && first.text != ""
	pr.chars = append(pr.chars[:m.start], first)
}

// run interprets content with resources res under the state gs, recursing into form XObjects up to
// [maxPDFTreeDepth] deep (a form that draws itself ends there).
func (pr *pageReader) run(content []byte, res pdfDict, gs textState, depth int) {
	lx := &pdfLexer{b: content}
	var stack []textState
	var operands []any
	var tm, tlm matrix
	for !lx.eof() {
		if pr.ops++; pr.ops > maxPDFOperators {
			return
		}
		v, err := lx.object(0)
		if err != nil {
			lx.pos++ // a stray byte: a reader carries on, as viewers do
			operands = operands[:0]
			continue
		}
		op, ok := v.(pdfKeyword)
		if !ok {
			if len(operands) < 64 {
				operands = append(operands, v)
			}
			continue
		}
		num := func(i int) float64 {
			if i < len(operands) {
				return pdfNum(operands[i], 0)
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, gs)
			}
		case "Q":
			if n := len(stack); n > 0 {
				gs, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if len(operands) == 6 {
				gs.ctm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(gs.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if len(operands) == 2 {
				name, _ := operands[0].(pdfName)
				gs.font = pr.font(res, name)
				gs.size = num(1)
			}
		case "Tc":
			gs.charSp = num(0)
		case "Tw":
			gs.wordSp = num(0)
		case "Tz":
			gs.scale = num(0) / 100
		case "TL":
			gs.lead = num(0)
		case "Ts":
			gs.rise = num(0)
		case "Td", "TD":
			if op == "TD" {
				gs.lead = -num(1)
			}
			tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
			tm = tlm
		case "Tm":
			if len(operands) == 6 {
				tlm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				tm = tlm
			}
		case "T*":
			tlm = matrix{1, 0, 0, 1, 0, -gs.lead}.mul(tlm)
			tm = tlm
		case "Tj", "'", "\"", "TJ":
			if op == "'" || op == "\"" {
				if op == "\"" && len(operands) == 3 {
					gs.wordSp, gs.charSp = num(0), num(1)
				}
				tlm = matrix{1, 0, 0, 1, 0, -gs.lead}.mul(tlm)
				tm = tlm
			}
			if len(operands) > 0 {
				tm = pr.show(operands[len(operands)-1], &gs, tm)
			}
		case "Do":
			if len(operands) == 1 && depth < maxPDFTreeDepth {
				pr.form(res, operands[0], gs, depth)
			}
		case "BI":
			skipInlineImage(lx)
		case "BMC", "BDC":
			pr.beginMarked(res, operands)
		case "EMC":
			pr.endMarked()
		}
		operands = operands[:0]
	}
}

// show places the characters of a Tj string or a TJ array and returns the text matrix after them.
func (pr *pageReader) show(arg any, gs *textState, tm matrix) matrix {
	if gs.font == nil {
		return tm
	}
	var items pdfArray
	switch a := arg.(type) {
	case pdfString:
		items = pdfArray{a}
	case pdfArray:
		items = a
	default:
		return tm
	}
	for _, it := range items {
		switch it := it.(type) {
		case float64:
			tx := -it / 1000 * gs.size * gs.scale
			tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
		case pdfString:
			for _, g := range gs.font.glyphs([]byte(it)) {
				trm := matrix{gs.size * gs.scale, 0, 0, gs.size, 0, gs.rise}.mul(tm).mul(gs.ctm)
				tx := (g.width*gs.size + gs.charSp) * gs.scale
				if g.space {
					tx += gs.wordSp * gs.scale
				}
				next := matrix{1, 0, 0, 1, tx, 0}.mul(tm)
				if len(pr.chars) < 4_000_000 && gs.font.upright && g.text != "" {
					pr.addChar(trm, next.mul(gs.ctm), g)
				}
				tm = next
			}
		}
	}
	return tm
}

// addChar records a character whose rendering matrix is trm and after which the text space origin
// is at end's. Text that does not run left to right (turned, mirrored: a watermark, a rotated
// table heading) is left out: its characters would not make lines.
func (pr *pageReader) addChar(trm, end matrix, g pdfGlyph) {
	a, b, c, d := trm[0], trm[1], trm[2], trm[3]
	if a <= 0 || math.Abs(b) > 0.05*a || d <= 0 || math.Abs(c) > 0.05*d {
		return
	}
	size := math.Hypot(c, d)
	pr.chars = append(pr.chars, pdfChar{
		x: trm[4], y: trm[5], adv: end[4] - trm[4], size: size, text: g.text,
		space: strings.TrimSpace(g.text) == "",
	})
}

// font returns the font named name in res, loaded once per page.
func (pr *pageReader) font(res pdfDict, name pdfName) *pdfFont {
	fonts, _ := pr.f.resolve(res["Font"]).(pdfDict)
	ref := fonts[name]
	key := any(ref)
	if r, ok := ref.(pdfRef); ok {
		key = r
	} else {
		key = name
	}
	if ft, ok := pr.fonts[key]; ok {
		return ft
	}
	d, ok := pr.f.resolve(ref).(pdfDict)
	var ft *pdfFont
	if ok {
		ft = pr.f.loadFont(d)
	}
	pr.fonts[key] = ft
	return ft
}

// form runs a form XObject drawn by Do, with its own resources (else the page's).
func (pr *pageReader) form(res pdfDict, name any, gs textState, depth int) {
	xobjs, _ := pr.f.resolve(res["XObject"]).(pdfDict)
	n, _ := name.(pdfName)
	s, ok := pr.f.resolve(xobjs[n]).(*pdfStream)
	if !ok || s.dict["Subtype"] != pdfName("Form") {
		return
	}
	data, err := pr.f.decode(s)
	if err != nil {
		if pr.err == nil {
			pr.err = err
		}
		return
	}
	if m, ok := pr.f.resolve(s.dict["Matrix"]).(pdfArray); ok && len(m) == 6 {
		var fm matrix
		for i := range fm {
			fm[i] = pdfNum(pr.f.resolve(m[i]), identity[i])
		}
		gs.ctm = fm.mul(gs.ctm)
	}
	fres, ok := pr.f.resolve(s.dict["Resources"]).(pdfDict)
	if !ok {
		fres = res
	}
	pr.run(data, fres, gs, depth+1)
}

// skipInlineImage passes an inline image's data, from after "BI" to after its "EI".
func skipInlineImage(lx *pdfLexer) {
	i := bytes.Index(lx.b[lx.pos:], []byte("ID"))
	if i < 0 {
		lx.pos = len(lx.b)
		return
	}
	lx.pos += i + 2
	for {
		j := bytes.Index(lx.b[lx.pos:], []byte("EI"))
		if j < 0 {
			lx.pos = len(lx.b)
			return
		}
		at := lx.pos + j
		lx.pos = at + 2
		if at > 0 && pdfSpace(lx.b[at-1]) && (lx.pos >= len(lx.b) || pdfSpace(lx.b[lx.pos])) {
			return
		}
	}
}

// pageChars reads the characters of one page.
func (f *pdfFile) pageChars(p pdfPage) ([]pdfChar, error) {
	content, err := f.contents(p.dict["Contents"])
	if err != nil {
		return nil, err
	}
	pr := &pageReader{f: f, fonts: map[any]*pdfFont{}}
	pr.run(content, p.resources, textState{ctm: identity, scale: 1}, 0)
	if pr.err != nil && len(pr.chars) == 0 {
		return nil, pr.err
	}
	return pr.chars, nil
}

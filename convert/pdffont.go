package convert

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/unicode/norm"
)

// pdfFont is what the reader needs of a font: how a string's bytes split into character codes,
// each code's text and its width (in text space units, a thousandth of the font size for all but
// Type 3 fonts).
type pdfFont struct {
	// toUnicode maps codes to text, from the font's ToUnicode CMap; it wins over the encoding.
	toUnicode *pdfCMap
	// simple fonts: one byte a code, its text from the encoding (a base encoding and Differences)
	enc [256]string
	// composite (Type0) fonts: codes split by the CMap's code space; text from a predefined
	// Unicode or legacy CJK CMap when there is no ToUnicode.
	composite bool
	codes     *pdfCMap
	legacy    encoding.Encoding
	utf16     bool // UniGB-UTF16-H and the like: the codes are UTF-16BE
	// widths
	first   int
	widths  []float64
	cidW    map[int]float64
	dw      float64
	scale   float64 // glyph space to text space: 0.001, or a Type 3 font's matrix
	upright bool    // false for a vertical (…-V) CMap, whose text runs down
}

// pdfGlyph is one character code of a shown string.
type pdfGlyph struct {
	text  string
	width float64 // in text space, before the font size
	space bool    // the single-byte code 32, to which word spacing applies
}

// glyphs splits s into its codes.
func (ft *pdfFont) glyphs(s []byte) []pdfGlyph {
	out := make([]pdfGlyph, 0, len(s))
	for i := 0; i < len(s); {
		n := 1
		if ft.composite {
			n = ft.codes.codeLen(s[i:])
		}
		code := 0
		for _, b := range s[i : i+n] {
			code = code<<8 | int(b)
		}
		g := pdfGlyph{width: ft.width(code) * ft.scale, space: n == 1 && code == 32}
		g.text = ft.text(s[i:i+n], code)
		out = append(out, g)
		i += n
	}
	return out
}

// text is the text of one code.
func (ft *pdfFont) text(b []byte, code int) string {
	if ft.toUnicode != nil {
		if t, ok := ft.toUnicode.lookup(code, len(b)); ok {
			return t
		}
	}
	if !ft.composite {
		return ft.enc[code&0xff]
	}
	switch {
	case ft.utf16:
		if len(b) == 2 {
			return string(rune(code))
		}
	case ft.legacy != nil:
		out, err := ft.legacy.NewDecoder().Bytes(b)
		if err == nil && utf8.Valid(out) && !strings.ContainsRune(string(out), utf8.RuneError) {
			return string(out)
		}
	}
	return "" // an Identity font without ToUnicode: the code is a glyph number, with no meaning
}

func (ft *pdfFont) width(code int) float64 {
	if ft.composite {
		if w, ok := ft.cidW[code]; ok {
			return w
		}
		return ft.dw
	}
	if i := code - ft.first; i >= 0 && i < len(ft.widths) {
		return ft.widths[i]
	}
	return ft.dw
}

// loadFont reads a font dictionary. Nothing in it is required: a font the reader cannot make
// sense of yields codes without text, which are left out.
func (f *pdfFile) loadFont(d pdfDict) *pdfFont {
	ft := &pdfFont{scale: 0.001, dw: 500, upright: true}
	if s, ok := f.resolve(d["ToUnicode"]).(*pdfStream); ok {
		if data, err := f.decode(s); err == nil {
			ft.toUnicode = parseCMap(data)
		}
	}
	if d["Subtype"] == pdfName("Type0") {
		f.loadComposite(ft, d)
		return ft
	}
	if d["Subtype"] == pdfName("Type3") {
		if m, ok := f.resolve(d["FontMatrix"]).(pdfArray); ok && len(m) == 6 {
			ft.scale = pdfNum(f.resolve(m[0]), 0.001)
		}
	}
	ft.first = pdfInt(f.resolve(d["FirstChar"]))
	if ws, ok := f.resolve(d["Widths"]).(pdfArray); ok {
		for _, w := range ws[:min(len(ws), 256)] {
			ft.widths = append(ft.widths, pdfNum(f.resolve(w), 0))
		}
	}
	if fd, ok := f.resolve(d["FontDescriptor"]).(pdfDict); ok {
		if mw := pdfNum(f.resolve(fd["MissingWidth"]), 0); mw > 0 {
			ft.dw = mw
		}
	}
	f.simpleEncoding(ft, d)
	return ft
}

// simpleEncoding fills a simple font's code-to-text table: the base encoding (StandardEncoding by
// default, WinAnsi for TrueType) and the Differences over it, glyph names read by [glyphText].
func (f *pdfFile) simpleEncoding(ft *pdfFont, d pdfDict) {
	base := pdfName("StandardEncoding")
	if d["Subtype"] == pdfName("TrueType") {
		base = "WinAnsiEncoding"
	}
	var diffs pdfArray
	switch e := f.resolve(d["Encoding"]).(type) {
	case pdfName:
		base = e
	case pdfDict:
		if b, ok := f.resolve(e["BaseEncoding"]).(pdfName); ok {
			base = b
		}
		diffs, _ = f.resolve(e["Differences"]).(pdfArray)
	}
	var cm *charmap.Charmap
	switch base {
	case "WinAnsiEncoding":
		cm = charmap.Windows1252
	case "MacRomanEncoding":
		cm = charmap.Macintosh
	}
	for c := range 256 {
		switch {
		case cm != nil:
			if r := cm.DecodeByte(byte(c)); r != utf8.RuneError && (c >= 32 || c == 9) {
				ft.enc[c] = string(r)
			}
		default:
			ft.enc[c] = standardEncoding(byte(c))
		}
	}
	code := 0
	for _, v := range diffs {
		switch v := f.resolve(v).(type) {
		case float64:
			code = int(v)
		case pdfName:
			if code >= 0 && code < 256 {
				ft.enc[code] = glyphText(string(v))
			}
			code++
		}
	}
}

// standardEncoding is Adobe's StandardEncoding (PDF 32000-1, Annex D): ASCII with curly quotes,
// and its upper half.
func standardEncoding(c byte) string {
	switch {
	case c == '\'':
		return "’"
	case c == '`':
		return "‘"
	case c >= 32 && c < 127:
		return string(rune(c))
	case c >= 0xa1:
		const upper = "¡¢£⁄¥ƒ§¤'“«‹›ﬁﬂ\x00–†‡·\x00¶•‚„”»…‰\x00¿\x00`´ˆ˜¯˘˙¨\x00˚¸\x00˝˛ˇ—"
		rs := []rune(upper)
		if i := int(c) - 0xa1; i < len(rs) && rs[i] != 0 {
			return string(rs[i])
		}
		switch c {
		case 0xe1:
			return "Æ"
		case 0xe3:
			return "ª"
		case 0xe8:
			return "Ł"
		case 0xe9:
			return "Ø"
		case 0xea:
			return "Œ"
		case 0xeb:
			return "º"
		case 0xf1:
			return "æ"
		case 0xf5:
			return "ı"
		case 0xf8:
			return "ł"
		case 0xf9:
			return "ø"
		case 0xfa:
			return "œ"
		case 0xfb:
			return "ß"
		}
	}
	return ""
}

// loadComposite reads a Type0 font: its encoding CMap (Identity-H/V, a predefined Unicode or CJK
// CMap, or an embedded one) and its descendant CIDFont's widths.
func (f *pdfFile) loadComposite(ft *pdfFont, d pdfDict) {
	ft.composite = true
	ft.dw = 1000
	ft.codes = &pdfCMap{}
	switch e := f.resolve(d["Encoding"]).(type) {
	case pdfName:
		name := string(e)
		ft.upright = !strings.HasSuffix(name, "-V")
		switch {
		case strings.HasPrefix(name, "Identity"):
		case strings.Contains(name, "UCS2") || strings.Contains(name, "UTF16"):
			ft.utf16 = true
		default:
			ft.legacy = legacyCJK(name)
			ft.codes = legacyCodeSpace(name)
		}
	case *pdfStream:
		if data, err := f.decode(e); err == nil {
			ft.codes = parseCMap(data)
		}
	}
	kids, _ := f.resolve(d["DescendantFonts"]).(pdfArray)
	if len(kids) == 0 {
		return
	}
	cid, _ := f.resolve(kids[0]).(pdfDict)
	ft.dw = pdfNum(f.resolve(cid["DW"]), 1000)
	ws, _ := f.resolve(cid["W"]).(pdfArray)
	ft.cidW = map[int]float64{}
	for i := 0; i < len(ws) && len(ft.cidW) < 1<<16; {
		c := pdfInt(f.resolve(ws[i]))
		if i+1 >= len(ws) {
			break
		}
		if arr, ok := f.resolve(ws[i+1]).(pdfArray); ok {
			for j, w := range arr {
				ft.cidW[c+j] = pdfNum(f.resolve(w), ft.dw)
			}
			i += 2
			continue
		}
		if i+2 >= len(ws) {
			break
		}
		last, w := pdfInt(f.resolve(ws[i+1])), pdfNum(f.resolve(ws[i+2]), ft.dw)
		for c2 := c; c2 <= last && c2-c < 1<<16 && len(ft.cidW) < 1<<16; c2++ {
			ft.cidW[c2] = w
		}
		i += 3
	}
}

// legacyCJK is the decoder of a predefined CJK CMap's codes (GBK-EUC-H, B5pc-H, 90ms-RKSJ-H,
// KSCms-UHC-H …), nil when unknown.
func legacyCJK(name string) encoding.Encoding {
	switch {
	case strings.HasPrefix(name, "GB"):
		return simplifiedchinese.GB18030
	case strings.HasPrefix(name, "B5") || strings.HasPrefix(name, "ETen") || strings.HasPrefix(name, "HKscs"):
		return traditionalchinese.Big5
	case strings.Contains(name, "RKSJ"):
		return japanese.ShiftJIS
	case strings.HasPrefix(name, "EUC") || strings.Contains(name, "-EUC-"):
		return japanese.EUCJP
	case strings.HasPrefix(name, "KSC"):
		return korean.EUCKR
	}
	return nil
}

// legacyCodeSpace is the code space of a predefined CJK CMap: one byte for ASCII, two for the rest.
func legacyCodeSpace(name string) *pdfCMap {
	cm := &pdfCMap{}
	cm.space = append(cm.space, codeRange{n: 1, lo: 0, hi: 0x80})
	if strings.Contains(name, "RKSJ") {
		cm.space = append(cm.space, codeRange{n: 1, lo: 0xa0, hi: 0xdf})
	}
	cm.space = append(cm.space, codeRange{n: 2, lo: 0x8140, hi: 0xfeff})
	return cm
}

// pdfCMap is a CMap's code space and its mapping of codes to text (a ToUnicode CMap's bfchar and
// bfrange; an encoding CMap's code space is all the reader needs of it).
type pdfCMap struct {
	space  []codeRange
	single map[uint64]string // key: code<<8 | byte length
	ranges []cmapRange
}

type codeRange struct {
	n      int
	lo, hi int
}

type cmapRange struct {
	n      int
	lo, hi int
	dst    []byte   // UTF-16BE of lo's text, the last unit incremented across the range
	list   []string // or one text per code
}

// codeLen is how many bytes the code at the start of b takes: the code space range it falls in,
// else two (Identity-H and every CJK font's common case).
func (cm *pdfCMap) codeLen(b []byte) int {
	if cm != nil {
		for n := 1; n <= 4 && n <= len(b); n++ {
			code := 0
			for _, c := range b[:n] {
				code = code<<8 | int(c)
			}
			for _, r := range cm.space {
				if r.n == n && code >= r.lo && code <= r.hi {
					return n
				}
			}
		}
	}
	return min(2, len(b))
}

// lookup returns the text of a code of n bytes.
func (cm *pdfCMap) lookup(code, n int) (string, bool) {
	if t, ok := cm.single[uint64(code)<<8|uint64(n)]; ok {
		return t, true
	}
	for _, r := range cm.ranges {
		if r.n != n || code < r.lo || code > r.hi {
			continue
		}
		if r.list != nil {
			if i := code - r.lo; i < len(r.list) {
				return r.list[i], true
			}
			return "", false
		}
		dst := append([]byte(nil), r.dst...)
		if len(dst) >= 2 {
			last := int(dst[len(dst)-2])<<8 | int(dst[len(dst)-1])
			last += code - r.lo
			dst[len(dst)-2], dst[len(dst)-1] = byte(last>>8), byte(last)
		}
		return utf16Text(dst), true
	}
	return "", false
}

// maxCMapEntries bounds the mappings read of one CMap.
const maxCMapEntries = 1 << 17

// parseCMap reads the code space and the bfchar and bfrange mappings of a CMap stream.
func parseCMap(data []byte) *pdfCMap {
	cm := &pdfCMap{single: map[uint64]string{}}
	lx := &pdfLexer{b: data}
	var stack []any
	entries := 0
	for !lx.eof() && entries < maxCMapEntries {
		v, err := lx.object(0)
		if err != nil {
			lx.pos++ // skip what cannot be read and carry on: a CMap's other parts are PostScript
			continue
		}
		kw, ok := v.(pdfKeyword)
		if !ok {
			if len(stack) < 3*maxCMapEntries {
				stack = append(stack, v)
			}
			continue
		}
		switch kw {
		case "endcodespacerange":
			for i := 0; i+1 < len(stack); i += 2 {
				lo, ok1 := stack[i].(pdfString)
				hi, ok2 := stack[i+1].(pdfString)
				if ok1 && ok2 && len(lo) == len(hi) && len(lo) >= 1 && len(lo) <= 4 {
					cm.space = append(cm.space, codeRange{n: len(lo), lo: beInt(lo), hi: beInt(hi)})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(stack); i += 2 {
				src, ok1 := stack[i].(pdfString)
				dst, ok2 := stack[i+1].(pdfString)
				if ok1 && len(src) >= 1 && len(src) <= 4 {
					var t string
					if ok2 {
						t = utf16Text([]byte(dst))
					} else if n, ok := stack[i+1].(pdfName); ok {
						t = glyphText(string(n))
					}
					cm.single[uint64(beInt(src))<<8|uint64(len(src))] = t
					entries++
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(stack); i += 3 {
				lo, ok1 := stack[i].(pdfString)
				hi, ok2 := stack[i+1].(pdfString)
				if !ok1 || !ok2 || len(lo) != len(hi) || len(lo) < 1 || len(lo) > 4 || beInt(hi) < beInt(lo) {
					continue
				}
				r := cmapRange{n: len(lo), lo: beInt(lo), hi: beInt(hi)}
				switch dst := stack[i+2].(type) {
				case pdfString:
					r.dst = []byte(dst)
				case pdfArray:
					for _, d := range dst {
						s, _ := d.(pdfString)
						r.list = append(r.list, utf16Text([]byte(s)))
					}
				default:
					continue
				}
				cm.ranges = append(cm.ranges, r)
				entries++
			}
		}
		stack = stack[:0]
	}
	return cm
}

// beInt is a big-endian code of 1-4 bytes.
func beInt(s pdfString) int {
	n := 0
	for i := 0; i < len(s) && i < 4; i++ {
		n = n<<8 | int(s[i])
	}
	return n
}

// utf16Text decodes UTF-16BE (a ToUnicode destination), dropping what is not text.
func utf16Text(b []byte) string {
	units := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		units = append(units, uint16(b[i])<<8|uint16(b[i+1]))
	}
	if len(b) == 1 { // a one-byte destination, as some producers write for ASCII
		units = append(units, uint16(b[0]))
	}
	rs := utf16.Decode(units)
	var sb strings.Builder
	for _, r := range rs {
		if r == utf8.RuneError || r == 0 || r == 0xfeff {
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// glyphText is the text of a glyph name (Adobe Glyph List conventions): "uniXXXX…" and "uXXXX",
// the letters and digits, the punctuation named in [glyphNames], ligatures ("f_i", "fi"), and an
// accented letter named by its letter and accent ("eacute", "Ntilde"). A name it cannot read ("g17",
// ".notdef") is no text.
func glyphText(name string) string {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i] // "a.sc", "one.oldstyle"
	}
	if strings.Contains(name, "_") {
		var sb strings.Builder
		for part := range strings.SplitSeq(name, "_") {
			sb.WriteString(glyphText(part))
		}
		return sb.String()
	}
	if len(name) == 1 && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return name
	}
	if t, ok := glyphNames[name]; ok {
		return t
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0 {
		var units []uint16
		for i := 3; i+4 <= len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 16)
			if err != nil {
				return ""
			}
			units = append(units, uint16(v))
		}
		return string(utf16.Decode(units))
	}
	if len(name) >= 5 && len(name) <= 7 && name[0] == 'u' {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
			return string(rune(v))
		}
	}
	for suffix, mark := range accentNames {
		if base, ok := strings.CutSuffix(name, suffix); ok && len(base) == 1 {
			return norm.NFC.String(base + mark)
		}
	}
	return ""
}

// accentNames are the accents of the Adobe Glyph List's accented letters, as combining marks.
var accentNames = map[string]string{
	"acute": "\u0301", "grave": "\u0300", "circumflex": "\u0302", "dieresis": "\u0308",
	"tilde": "\u0303", "ring": "\u030a", "cedilla": "\u0327", "caron": "\u030c", "breve": "\u0306",
	"macron": "\u0304", "ogonek": "\u0328", "dotaccent": "\u0307", "hungarumlaut": "\u030b",
}

// glyphNames are the Adobe Glyph List's names of digits, punctuation, symbols and letters that are
// not a letter and an accent.
var glyphNames = map[string]string{
	"space": " ", "nbspace": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$",
	"percent": "%", "ampersand": "&", "quotesingle": "'", "parenleft": "(", "parenright": ")",
	"asterisk": "*", "plus": "+", "comma": ",", "hyphen": "-", "period": ".", "slash": "/",
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9", "colon": ":", "semicolon": ";", "less": "<",
	"equal": "=", "greater": ">", "question": "?", "at": "@", "bracketleft": "[", "backslash": "\\",
	"bracketright": "]", "asciicircum": "^", "underscore": "_", "grave": "`", "braceleft": "{",
	"bar": "|", "braceright": "}", "asciitilde": "~", "quoteleft": "‘", "quoteright": "’",
	"quotedblleft": "“", "quotedblright": "”", "quotesinglbase": "‚", "quotedblbase": "„",
	"endash": "–", "emdash": "—", "bullet": "•", "ellipsis": "…", "dagger": "†", "daggerdbl": "‡",
	"perthousand": "‰", "guilsinglleft": "‹", "guilsinglright": "›", "guillemotleft": "«",
	"guillemotright": "»", "exclamdown": "¡", "questiondown": "¿", "cent": "¢", "sterling": "£",
	"yen": "¥", "Euro": "€", "euro": "€", "currency": "¤", "section": "§", "copyright": "©",
	"registered": "®", "trademark": "™", "degree": "°", "plusminus": "±", "paragraph": "¶",
	"periodcentered": "·", "ordfeminine": "ª", "ordmasculine": "º", "fi": "fi", "fl": "fl",
	"ff": "ff", "ffi": "ffi", "ffl": "ffl", "AE": "Æ", "ae": "æ", "OE": "Œ", "oe": "œ",
	"Oslash": "Ø", "oslash": "ø", "germandbls": "ß", "dotlessi": "ı", "Lslash": "Ł", "lslash": "ł",
	"Eth": "Ð", "eth": "ð", "Thorn": "Þ", "thorn": "þ", "multiply": "×", "divide": "÷",
	"minus": "−", "mu": "µ", "onehalf": "½", "onequarter": "¼", "threequarters": "¾",
	"onesuperior": "¹", "twosuperior": "²", "threesuperior": "³", "logicalnot": "¬",
	"brokenbar": "¦", "macron": "¯", "acute": "´", "cedilla": "¸", "dieresis": "¨",
	"florin": "ƒ", "fraction": "⁄", "circumflex": "ˆ", "tilde": "˜", "caron": "ˇ", "breve": "˘",
	"dotaccent": "˙", "ring": "˚", "ogonek": "˛", "hungarumlaut": "˝", "dotlessj": "ȷ",
	"hyphenminus": "-", "sfthyphen": "\u00ad", "softhyphen": "\u00ad",
}

package convert

import (
	"errors"
	"fmt"
	"strconv"
)

// The objects of a PDF file (ISO 32000-1, 7.3), as [pdfLexer] parses them: nil (null), bool,
// float64 (every number), pdfString (a string's bytes, escapes resolved), pdfName, pdfArray,
// pdfDict, pdfRef (an indirect reference, resolved by [pdfFile.resolve]), *pdfStream, and
// pdfKeyword for an operator of a content stream or a word of a CMap.
type (
	pdfName    string
	pdfString  string
	pdfKeyword string
	pdfArray   []any
	pdfDict    map[pdfName]any
	pdfRef     struct{ num, gen int }
	pdfStream  struct {
		dict pdfDict
		raw  []byte // the bytes between "stream" and "endstream", still encoded
		// num and gen are the stream's object number and generation, which an encrypted file's
		// keys depend on; clear is set once raw is decrypted (or needs no decrypting).
		num, gen int
		clear    bool
	}
)

// maxPDFNesting bounds how deep arrays and dictionaries nest in one object: the parser recurses.
const maxPDFNesting = 64

// errPDFSyntax reports bytes that are not a PDF object where one was expected.
var errPDFSyntax = errors.New("malformed PDF object")

// pdfLexer reads PDF objects and operators from b, from pos on.
type pdfLexer struct {
	b   []byte
	pos int
}

// pdfSpace reports the PDF's white-space characters (7.2.2).
func pdfSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

// pdfDelim reports the PDF's delimiters (7.2.2).
func pdfDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skipSpace passes white space and comments.
func (l *pdfLexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		switch {
		case pdfSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// eof reports whether only white space and comments are left.
func (l *pdfLexer) eof() bool {
	l.skipSpace()
	return l.pos >= len(l.b)
}

// regular returns the run of regular characters at pos (a number, a keyword), advancing past it.
func (l *pdfLexer) regular() []byte {
	start := l.pos
	for l.pos < len(l.b) && !pdfSpace(l.b[l.pos]) && !pdfDelim(l.b[l.pos]) {
		l.pos++
	}
	return l.b[start:l.pos]
}

// object reads the next object, or an operator as a pdfKeyword. "n g R" is read as a pdfRef
// inside arrays and dictionaries (where [pdfLexer.value] looks ahead for it).
func (l *pdfLexer) object(depth int) (any, error) {
	if depth > maxPDFNesting {
		return nil, fmt.Errorf("%w: nested more than %d deep", errPDFSyntax, maxPDFNesting)
	}
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, fmt.Errorf("%w: unexpected end", errPDFSyntax)
	}
	switch c := l.b[l.pos]; c {
	case '/':
		l.pos++
		return pdfName(decodeName(l.regular())), nil
	case '(':
		return l.literalString()
	case '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return l.dict(depth)
		}
		return l.hexString()
	case '[':
		l.pos++
		var arr pdfArray
		for {
			l.skipSpace()
			if l.pos >= len(l.b) {
				return nil, fmt.Errorf("%w: unterminated array", errPDFSyntax)
			}
			if l.b[l.pos] == ']' {
				l.pos++
				return arr, nil
			}
			v, err := l.value(depth + 1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
	case ']', '>', ')', '{', '}':
		l.pos++
		return pdfKeyword(c), nil
	}
	tok := l.regular()
	if len(tok) == 0 { // cannot happen (every delimiter is handled above) but must never loop
		l.pos++
		return nil, fmt.Errorf("%w: unexpected byte", errPDFSyntax)
	}
	if n, ok := pdfNumber(tok); ok {
		return n, nil
	}
	switch string(tok) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	return pdfKeyword(tok), nil
}

// value reads an object inside an array or a dictionary, where "n g R" is a reference.
func (l *pdfLexer) value(depth int) (any, error) {
	v, err := l.object(depth)
	if err != nil {
		return nil, err
	}
	num, ok := v.(float64)
	if !ok || num < 0 || num != float64(int(num)) {
		return v, nil
	}
	save := l.pos
	l.skipSpace()
	if gen, ok := pdfNumber(l.regular()); ok && gen >= 0 {
		l.skipSpace()
		if string(l.regular()) == "R" {
			return pdfRef{int(num), int(gen)}, nil
		}
	}
	l.pos = save
	return v, nil
}

// dict reads a dictionary's entries after its "<<".
func (l *pdfLexer) dict(depth int) (pdfDict, error) {
	d := pdfDict{}
	for {
		l.skipSpace()
		if l.pos >= len(l.b) {
			return nil, fmt.Errorf("%w: unterminated dictionary", errPDFSyntax)
		}
		if l.b[l.pos] == '>' {
			if l.pos+1 < len(l.b) && l.b[l.pos+1] == '>' {
				l.pos += 2
				return d, nil
			}
			return nil, fmt.Errorf("%w: stray > in dictionary", errPDFSyntax)
		}
		k, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		key, ok := k.(pdfName)
		if !ok {
			return nil, fmt.Errorf("%w: dictionary key is not a name", errPDFSyntax)
		}
		v, err := l.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d[key] = v
	}
}

// literalString reads a (string), its escapes and balanced parentheses resolved (7.3.4.2).
func (l *pdfLexer) literalString() (pdfString, error) {
	l.pos++ // (
	var out []byte
	nest := 0
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			nest++
		case ')':
			if nest == 0 {
				return pdfString(out), nil
			}
			nest--
		case '\\':
			if l.pos >= len(l.b) {
				continue
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := int(e - '0')
				for i := 0; i < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; i++ {
					v = v*8 + int(l.b[l.pos]-'0')
					l.pos++
				}
				c = byte(v)
			default:
				c = e
			}
		}
		out = append(out, c)
	}
	return "", fmt.Errorf("%w: unterminated string", errPDFSyntax)
}

// hexString reads a <hex string>; an odd last digit is followed by 0 (7.3.4.3).
func (l *pdfLexer) hexString() (pdfString, error) {
	l.pos++ // <
	var out []byte
	hi, half := byte(0), false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			if half {
				out = append(out, hi<<4)
			}
			return pdfString(out), nil
		}
		v, ok := hexDigit(c)
		if !ok {
			if pdfSpace(c) {
				continue
			}
			return "", fmt.Errorf("%w: bad hex string", errPDFSyntax)
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return "", fmt.Errorf("%w: unterminated hex string", errPDFSyntax)
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeName resolves a name's #xx escapes (7.3.5).
func decodeName(b []byte) string {
	if !containsByte(b, '#') {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			h, ok1 := hexDigit(b[i+1])
			lo, ok2 := hexDigit(b[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

// pdfNumber parses an integer or real ("-.5", "+3", "12."), or reports false.
func pdfNumber(tok []byte) (float64, bool) {
	if len(tok) == 0 || len(tok) > 32 {
		return 0, false
	}
	digits := false
	for i, c := range tok {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.':
		case (c == '-' || c == '+') && i == 0:
		default:
			return 0, false
		}
	}
	if !digits {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		// "1.2.3" or "--1": producers write such numbers; PDF readers take what parses
		return 0, false
	}
	return f, true
}

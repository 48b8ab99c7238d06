package convert

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/citebot/citebot/text"
)

// decodePage returns a web page's bytes as UTF-8, decoded from the charset it declares as a browser
// finds it (by golang.org/x/net/html/charset, which follows the HTML standard and the WHATWG
// Encoding standard's names): a byte order mark, else a <meta charset> or <meta http-equiv=
// "Content-Type" content="…; charset=…"> in its first 1024 bytes. ISO-8859-1 is read as
// windows-1252 and GB2312 as GBK, as browsers do. A page that declares no charset (or one unknown)
// is UTF-8, as every other document of a corpus is: a browser would guess by its locale, and a
// guess read a Chinese page as Latin text.
//
// A page whose bytes are not valid in its charset is a [*CharsetError], never text with U+FFFD in
// place of what the page says: it is damaged, or its declaration is wrong (a GBK page that says
// UTF-8 is the common case), and its quotes would not be the page's.
func decodePage(page []byte) ([]byte, error) {
	enc, name, _ := charset.DetermineEncoding(page, "")
	declared := true
	if enc == encoding.Nop || enc == charmap.Windows1252 {
		// What DetermineEncoding guesses for a page that declares nothing (it returns the encoding
		// of a declared name wrapped, never these): read it as UTF-8.
		name, declared = "utf-8", false
	}
	return decodeAs(page, enc, name, declared)
}

// decodePlainText returns plain text (a Word document's imported text part) as UTF-8, less its byte
// order mark, decoded as a browser decodes a text/plain resource: by its byte order mark (UTF-8,
// UTF-16LE or UTF-16BE, as Windows' Notepad saves "Unicode"), else by declared, the charset
// parameter of its content type ("" if it has none), by its WHATWG name. Text that declares no
// charset (or one unknown) is UTF-8. Text is never sniffed for a <meta charset>: that is a web
// page's declaration, and plain text that holds one holds it as text. As in [decodePage], text
// declared in a single-byte charset whose bytes are valid UTF-8 beyond ASCII is UTF-8, and text
// whose bytes are not valid in its charset is a [*CharsetError] whose offset is in data.
func decodePlainText(data []byte, declared string) ([]byte, error) {
	var enc encoding.Encoding
	name := ""
	for _, b := range byteOrderMarks {
		if bytes.HasPrefix(data, []byte(b.mark)) {
			enc, name = charset.Lookup(b.charset)
			text, err := decodeAs(data[len(b.mark):], enc, name, true)
			if ce := (*CharsetError)(nil); errors.As(err, &ce) {
				ce.Offset += len(b.mark)
			}
			return text, err
		}
	}
	if declared != "" {
		enc, name = charset.Lookup(declared)
	}
	if enc == nil {
		return decodeAs(data, encoding.Nop, "utf-8", false)
	}
	return decodeAs(data, enc, name, true)
}

// byteOrderMarks are the byte order marks that say a text's charset, as the Encoding Standard
// lists them.
var byteOrderMarks = []struct{ mark, charset string }{
	{"\xef\xbb\xbf", "utf-8"}, {"\xfe\xff", "utf-16be"}, {"\xff\xfe", "utf-16le"},
}

// decodeAs returns data, text in the charset of WHATWG name whose encoding is enc (declared: the
// text says so; else it is UTF-8 for saying nothing), as UTF-8. See [decodePage] for what is an error.
func decodeAs(data []byte, enc encoding.Encoding, name string, declared bool) ([]byte, error) {
	if name == "replacement" {
		// ISO-2022-KR, HZ-GB-2312 and the like, which the Encoding Standard maps to one U+FFFD
		// for fear of what their escapes let through: no text can be read.
		return nil, &CharsetError{Charset: name, Declared: true}
	}
	if singleByte(name) && utf8.Valid(data) && !asciiOnly(data) {
		// A page declared in a single-byte charset whose bytes are valid UTF-8 beyond ASCII was
		// written in UTF-8: in windows-1252 text a letter such as "Ã" is all but never followed by
		// one of the 0x80–0xBF symbols that UTF-8 would need after it, and never throughout a page.
		// Saved pages carry such stale declarations: the server sent UTF-8 in its HTTP header, which
		// browsers obey over the page's meta, or an editor re-saved the file in UTF-8 keeping it.
		// Read as declared, "café" would become "cafÃ©" in every quote.
		return data, nil
	}
	if name == "utf-8" {
		if off := text.InvalidUTF8Offset(data); off >= 0 {
			return nil, &CharsetError{Charset: name, Declared: declared, Offset: off}
		}
		return data, nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("decode as %s: %w", name, err)
	}
	if bytes.Contains(out, []byte("\uFFFD")) {
		if off := undecodable(data, enc); off >= 0 {
			return nil, &CharsetError{Charset: name, Declared: true, Offset: off}
		}
	}
	return out, nil
}

// singleByte reports a WHATWG charset name of a single-byte encoding: windows-125x, ISO-8859-x,
// KOI8, IBM866, Macintosh and the like, whose every byte is a character.
func singleByte(name string) bool {
	for _, p := range []string{"windows-125", "windows-874", "iso-8859-", "koi8-", "ibm866", "macintosh", "x-mac-"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// asciiOnly reports whether every byte of b is ASCII.
func asciiOnly(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// CharsetError reports a web page whose bytes are not text in the charset it is read in.
type CharsetError struct {
	Charset  string // its WHATWG name, as "utf-8", "gbk", "shift_jis"
	Declared bool   // the page declares it (else it is UTF-8 for declaring none)
	Offset   int    // of the first byte that is not, in the file
}

func (e *CharsetError) Error() string {
	switch {
	case e.Charset == "replacement":
		return "it declares a charset that browsers refuse to decode (ISO-2022-KR, HZ-GB-2312 or the like)"
	case !e.Declared:
		return fmt.Sprintf("not valid UTF-8 at byte %d, and it declares no charset", e.Offset)
	}
	return fmt.Sprintf("not valid %s, the charset it declares, at byte %d", e.Charset, e.Offset)
}

// undecodable returns the offset of the first bytes of page that enc's decoder replaces with
// U+FFFD (bytes that encode U+FFFD itself aside, as GB18030 can), or -1. It decodes one character
// at a time, handing the decoder as few bytes as make one, so it is called only once a page's text
// is known to hold U+FFFD.
func undecodable(page []byte, enc encoding.Encoding) int {
	itself, err := enc.NewEncoder().Bytes([]byte("\uFFFD"))
	if err != nil {
		itself = nil
	}
	dec := enc.NewDecoder()
	dst := make([]byte, 2*utf8.UTFMax)
	for src := 0; src < len(page); {
		var nDst, nSrc int
		var err error
		for end := src + 1; ; end++ {
			nDst, nSrc, err = dec.Transform(dst, page[src:end], end == len(page))
			if nSrc > 0 || err != transform.ErrShortSrc || end == len(page) {
				break
			}
		}
		if nSrc == 0 {
			return -1 // the decoder is stuck: not for a byte it replaces
		}
		if bytes.Contains(dst[:nDst], []byte("\uFFFD")) && !bytes.Equal(page[src:src+nSrc], itself) {
			return src
		}
		src += nSrc
	}
	return -1
}

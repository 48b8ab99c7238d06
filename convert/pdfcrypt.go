package convert

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
)

// An encrypted PDF (ISO 32000-2, 7.6) is read when its user password is empty, as every viewer
// opens it without asking: the standard security handler's RC4 of 40 to 128 bits (V 1, 2 and 4,
// R 2 to 4), AES-128 (V 4, crypt filter AESV2) and AES-256 (V 5, R 5 and 6). Publishers and
// governments often encrypt PDFs with an owner password only, to "restrict" copying or printing;
// the restrictions are the viewer's to honour and concern neither reading nor quoting a paragraph.

// errPDFEncrypted is the class of the encrypted PDFs that cannot be read: errors.Is matches every
// [pdfCryptError].
var errPDFEncrypted = errors.New("the PDF is encrypted")

// pdfCryptError is an encrypted PDF that cannot be read, and why.
type pdfCryptError struct{ msg string }

func (e *pdfCryptError) Error() string        { return e.msg }
func (e *pdfCryptError) Is(target error) bool { return target == errPDFEncrypted }

// errPDFPassword is a PDF that needs a password to open (a user password is set).
var errPDFPassword error = &pdfCryptError{"the PDF needs a password to open (it is encrypted with a user password); save a copy without a password to have it read"}

// pdfCryptUnsupported is a PDF encrypted by a method the reader does not implement.
func pdfCryptUnsupported(format string, args ...any) error {
	return &pdfCryptError{fmt.Sprintf("the PDF is encrypted with %s, which is not read; save an unprotected copy to have it read", fmt.Sprintf(format, args...))}
}

// pdfCryptDamaged is a PDF whose /Encrypt dictionary lacks what decrypting it needs.
func pdfCryptDamaged(format string, args ...any) error {
	return &pdfCryptError{fmt.Sprintf("the PDF is damaged: its encryption dictionary %s", fmt.Sprintf(format, args...))}
}

// pdfCipher is how a crypt filter encrypts (7.6.5, Table 25's CFM).
type pdfCipher byte

const (
	cipherNone  pdfCipher = iota // /None, /Identity: not encrypted
	cipherRC4                    // /V2: RC4 with a key for each object
	cipherAESV2                  // AES-128-CBC with a key for each object
	cipherAESV3                  // AES-256-CBC with the file key
)

// pdfCrypt decrypts the strings and streams of an encrypted PDF, each with the key of its object
// (number and generation) for RC4 and AESV2, the file key for AESV3.
type pdfCrypt struct {
	key []byte
	// str and stm are the ciphers of strings and streams (/StrF, /StmF); filters holds the crypt
	// filters of /CF by name, for a stream whose own /Crypt filter names one.
	str, stm pdfCipher
	filters  map[pdfName]pdfCipher
	// metadata is /EncryptMetadata: false leaves metadata streams in clear.
	metadata bool
	// encObj is the number of the /Encrypt dictionary's object (-1 when it is direct): its strings
	// are not encrypted.
	encObj int
}

// pdfPadding pads passwords to 32 bytes (7.6.4.3, Algorithm 2, step a).
var pdfPadding = []byte("\x28\xbf\x4e\x5e\x4e\x75\x8a\x41\x64\x00\x4e\x56\xff\xfa\x01\x08" +
	"\x2e\x2e\x00\xb6\xd0\x68\x3e\x80\x2f\x0c\xa9\xfe\x64\x53\x69\x7a")

// newPDFCrypt reads the /Encrypt dictionary enc (resolved through f, whose strings must not yet be
// decrypted) and computes the file key of the empty user password. It fails with a
// [pdfCryptError]: a user password is needed, the method is not read, or enc is damaged.
func newPDFCrypt(f *pdfFile, encEntry any) (*pdfCrypt, error) {
	enc, ok := f.resolve(encEntry).(pdfDict)
	if !ok {
		return nil, pdfCryptDamaged("is missing")
	}
	c := &pdfCrypt{encObj: -1, metadata: true, filters: map[pdfName]pdfCipher{}}
	if r, ok := encEntry.(pdfRef); ok {
		c.encObj = r.num
	}
	switch filter := f.resolve(enc["Filter"]); filter {
	case pdfName("Standard"):
	case nil:
		return nil, pdfCryptDamaged("names no security handler (/Filter)")
	case pdfName("Adobe.PubSec"), pdfName("Entrust.PPKEF"), pdfName("CICI.SignIt"):
		return nil, pdfCryptUnsupported("a public-key security handler (/%s: certificates, not a password)", filter)
	default:
		return nil, pdfCryptUnsupported("the security handler %s", pdfDisplay(filter))
	}
	if b, ok := f.resolve(enc["EncryptMetadata"]).(bool); ok {
		c.metadata = b
	}
	v, r := pdfIntOr(f.resolve(enc["V"]), 0), pdfIntOr(f.resolve(enc["R"]), 0)
	switch {
	case (v == 1 || v == 2) && (r == 2 || r == 3):
		c.str, c.stm = cipherRC4, cipherRC4
	case v == 4 && r == 4, v == 5 && (r == 5 || r == 6):
		if err := c.readFilters(f, enc, v); err != nil {
			return nil, err
		}
	default:
		return nil, pdfCryptUnsupported("version %d, revision %d of the standard security handler", v, r)
	}
	var err error
	if r >= 5 {
		c.key, err = aes256Key(f, enc, r)
	} else {
		c.key, err = rc4FileKey(f, enc, v, r, c.metadata, c.stm == cipherAESV2 || c.str == cipherAESV2)
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// readFilters reads the crypt filters of a V 4 or V 5 dictionary (7.6.6): /CF, and the ones
// /StmF and /StrF name (/Identity when absent).
func (c *pdfCrypt) readFilters(f *pdfFile, enc pdfDict, v int) error {
	cf, _ := f.resolve(enc["CF"]).(pdfDict)
	c.filters["Identity"] = cipherNone
	for name, d := range cf {
		fd, _ := f.resolve(d).(pdfDict)
		var ci pdfCipher
		switch m := f.resolve(fd["CFM"]); m {
		case nil, pdfName("None"):
			ci = cipherNone
		case pdfName("V2"):
			ci = cipherRC4
		case pdfName("AESV2"):
			ci = cipherAESV2
		case pdfName("AESV3"):
			ci = cipherAESV3
		default:
			return pdfCryptUnsupported("the crypt filter method %s", pdfDisplay(m))
		}
		if (v == 5) != (ci == cipherAESV3) && ci != cipherNone {
			return pdfCryptDamaged("mixes AES-256 with the older methods (V %d, crypt filter /%s)", v, name)
		}
		if name != "Identity" {
			c.filters[name] = ci
		}
	}
	pick := func(key pdfName) (pdfCipher, error) {
		name, ok := f.resolve(enc[key]).(pdfName)
		if !ok {
			return cipherNone, nil
		}
		ci, ok := c.filters[name]
		if !ok {
			return cipherNone, pdfCryptUnsupported("the crypt filter /%s (of /%s), which /CF does not define", name, key)
		}
		return ci, nil
	}
	var err1, err2 error
	c.stm, err1 = pick("StmF")
	c.str, err2 = pick("StrF")
	return errors.Join(err1, err2)
}

// pdfDisplay shows a name of the /Encrypt dictionary in a message as /Name; anything else is
// "(not a name)" (a string's bytes are never shown).
func pdfDisplay(v any) string {
	if n, ok := v.(pdfName); ok {
		return "/" + string(n)
	}
	return "(not a name)"
}

// cryptString reads a string entry of the /Encrypt dictionary of at least n bytes, cut to n.
func cryptString(f *pdfFile, enc pdfDict, key pdfName, n int) ([]byte, error) {
	s, ok := f.resolve(enc[key]).(pdfString)
	if !ok || len(s) < n {
		return nil, pdfCryptDamaged("has no /%s of %d bytes", key, n)
	}
	return []byte(s[:n]), nil
}

// rc4FileKey computes the file key of the empty user password for R 2 to 4 (7.6.4.3, Algorithm 2)
// and checks it against /U (Algorithms 4 and 5): a mismatch means a user password is set.
func rc4FileKey(f *pdfFile, enc pdfDict, v, r int, metadata, aes bool) ([]byte, error) {
	n := 5
	if v >= 2 {
		bits := pdfIntOr(f.resolve(enc["Length"]), 40)
		if v == 4 && enc["Length"] == nil {
			bits = 128
		}
		if bits < 40 || bits > 128 || bits%8 != 0 {
			return nil, pdfCryptDamaged("has a key /Length of %d bits (not 40 to 128, in bytes)", bits)
		}
		n = bits / 8
	}
	if aes && n != 16 {
		return nil, pdfCryptDamaged("has a key /Length of %d bits for AES-128", n*8)
	}
	o, err := cryptString(f, enc, "O", 32)
	if err != nil {
		return nil, err
	}
	u, err := cryptString(f, enc, "U", 32)
	if err != nil {
		return nil, err
	}
	p, ok := f.resolve(enc["P"]).(float64)
	if !ok || p < -(1<<31) || p >= 1<<32 {
		return nil, pdfCryptDamaged("has no permissions /P")
	}
	h := md5.New()
	h.Write(pdfPadding) // the empty password, padded
	h.Write(o)
	h.Write(binary.LittleEndian.AppendUint32(nil, uint32(int64(p))))
	h.Write([]byte(pdfFileID(f)))
	if r >= 4 && !metadata {
		h.Write([]byte{0xff, 0xff, 0xff, 0xff})
	}
	key := h.Sum(nil)[:n]
	if r >= 3 {
		for range 50 {
			sum := md5.Sum(key)
			key = sum[:n]
		}
	}
	// the user password's check value (Algorithm 4 for R 2, 5 for R 3 and 4)
	var want []byte
	if r == 2 {
		want = rc4Crypt(key, pdfPadding)
	} else {
		sum := md5.Sum(append(append([]byte(nil), pdfPadding...), pdfFileID(f)...))
		want = sum[:]
		k := make([]byte, len(key))
		for i := range 20 {
			for j := range key {
				k[j] = key[j] ^ byte(i)
			}
			want = rc4Crypt(k, want)
		}
		u = u[:16]
	}
	if !bytes.Equal(want, u) {
		return nil, errPDFPassword
	}
	return key, nil
}

// pdfFileID is the first part of the trailer's /ID ("" when it has none, as some writers leave it).
func pdfFileID(f *pdfFile) string {
	id, _ := f.resolve(f.trailer["ID"]).(pdfArray)
	if len(id) == 0 {
		return ""
	}
	s, _ := f.resolve(id[0]).(pdfString)
	return string(s)
}

// aes256Key computes the file key of the empty user password for R 5 and 6 (7.6.4.3.3,
// Algorithm 2.A), checking it against /U (Algorithm 11): a mismatch means a user password is set.
func aes256Key(f *pdfFile, enc pdfDict, r int) ([]byte, error) {
	u, err := cryptString(f, enc, "U", 48)
	if err != nil {
		return nil, err
	}
	ue, err := cryptString(f, enc, "UE", 32)
	if err != nil {
		return nil, err
	}
	// /U is the hash (32 bytes), the validation salt and the key salt (8 bytes each)
	if !bytes.Equal(pdfHash(r, nil, u[32:40]), u[:32]) {
		return nil, errPDFPassword
	}
	block, err := aes.NewCipher(pdfHash(r, nil, u[40:48]))
	if err != nil {
		return nil, pdfCryptDamaged("cannot be read (%v)", err)
	}
	key := make([]byte, 32)
	cipher.NewCBCDecrypter(block, make([]byte, aes.BlockSize)).CryptBlocks(key, ue)
	return key, nil
}

// pdfHash is the hash of a password and a salt for R 5 (SHA-256) and R 6 (Algorithm 2.B, ISO
// 32000-2): rounds of AES-128 and SHA-2, at least 64 and, as the last byte of a round's output
// ends them, at most 288. The user password's hash takes no user key.
func pdfHash(r int, password, salt []byte) []byte {
	h := sha256.New()
	h.Write(password)
	h.Write(salt)
	k := h.Sum(nil)
	if r < 6 {
		return k
	}
	for i := 1; ; i++ {
		k1 := bytes.Repeat(append(append([]byte(nil), password...), k...), 64)
		block, _ := aes.NewCipher(k[:16]) // 16 bytes: cannot fail
		e := make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] { // the first 16 bytes as a number, modulo 3 (256 ≡ 1)
			sum += int(b)
		}
		switch sum % 3 {
		case 0:
			s := sha256.Sum256(e)
			k = s[:]
		case 1:
			s := sha512.Sum384(e)
			k = s[:]
		default:
			s := sha512.Sum512(e)
			k = s[:]
		}
		if i >= 64 && int(e[len(e)-1]) <= i-32 {
			return k[:32]
		}
	}
}

func rc4Crypt(key, data []byte) []byte {
	c, _ := rc4.NewCipher(key) // 1 to 256 bytes: the callers' keys are 5 to 21
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// objectKey is the key of object num, generation gen (7.6.3.3, Algorithm 1): the file key, the
// object's number and generation, "sAlT" for AES, hashed.
func (c *pdfCrypt) objectKey(ci pdfCipher, num, gen int) []byte {
	if ci == cipherAESV3 {
		return c.key
	}
	h := md5.New()
	h.Write(c.key)
	h.Write([]byte{byte(num), byte(num >> 8), byte(num >> 16), byte(gen), byte(gen >> 8)})
	if ci == cipherAESV2 {
		h.Write([]byte("sAlT"))
	}
	return h.Sum(nil)[:min(len(c.key)+5, 16)]
}

// decrypt decrypts the data of object num, generation gen, encrypted by ci. AES data is a 16-byte
// initialisation vector and whole blocks, the last padded (PKCS #5); a damaged one is an error.
func (c *pdfCrypt) decrypt(ci pdfCipher, num, gen int, data []byte) ([]byte, error) {
	switch ci {
	case cipherNone:
		return data, nil
	case cipherRC4:
		return rc4Crypt(c.objectKey(ci, num, gen), data), nil
	}
	if len(data) == 0 {
		return data, nil
	}
	if len(data) < aes.BlockSize || len(data)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("decrypt: %d bytes of AES data is not whole blocks", len(data))
	}
	block, err := aes.NewCipher(c.objectKey(ci, num, gen))
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	out := make([]byte, len(data)-aes.BlockSize)
	cipher.NewCBCDecrypter(block, data[:aes.BlockSize]).CryptBlocks(out, data[aes.BlockSize:])
	if n := len(out); n > 0 {
		if pad := int(out[n-1]); pad >= 1 && pad <= aes.BlockSize && pad <= n {
			out = out[:n-pad]
		}
	}
	return out, nil
}

// decryptStrings decrypts, in place, the strings of v, the value of object num, generation gen,
// as far as it nests (the parser bounds that, see [maxPDFNesting]). A string that cannot be
// decrypted becomes empty.
func (c *pdfCrypt) decryptStrings(v any, num, gen int) any {
	switch x := v.(type) {
	case pdfString:
		out, err := c.decrypt(c.str, num, gen, []byte(x))
		if err != nil {
			return pdfString("")
		}
		return pdfString(out)
	case pdfArray:
		for i := range x {
			x[i] = c.decryptStrings(x[i], num, gen)
		}
	case pdfDict:
		for k := range x {
			x[k] = c.decryptStrings(x[k], num, gen)
		}
	case *pdfStream:
		c.decryptStrings(x.dict, num, gen)
	}
	return v
}

// streamCipher is how a stream's data is encrypted: not at all for a cross-reference stream (7.5.8)
// or, under /EncryptMetadata false, a metadata stream; by the crypt filter a /Crypt filter names
// first in its /Filter (7.4.10); else by /StmF.
func (c *pdfCrypt) streamCipher(f *pdfFile, s *pdfStream) (pdfCipher, error) {
	switch s.dict["Type"] {
	case pdfName("XRef"):
		return cipherNone, nil
	case pdfName("Metadata"):
		if !c.metadata {
			return cipherNone, nil
		}
	}
	first, params := f.resolve(s.dict["Filter"]), f.resolve(s.dict["DecodeParms"])
	if a, ok := first.(pdfArray); ok && len(a) > 0 {
		first = f.resolve(a[0])
		p, _ := params.(pdfArray)
		params = nil
		if len(p) > 0 {
			params = f.resolve(p[0])
		}
	}
	if first != pdfName("Crypt") {
		return c.stm, nil
	}
	p, _ := params.(pdfDict)
	name, ok := f.resolve(p["Name"]).(pdfName)
	if !ok {
		return cipherNone, nil // the Identity filter (7.4.10)
	}
	ci, ok := c.filters[name]
	if !ok {
		return cipherNone, pdfCryptUnsupported("the crypt filter /%s, which /CF does not define", name)
	}
	return ci, nil
}

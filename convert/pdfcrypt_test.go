package convert

import (
	"bytes"
	"compress/zlib"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// encryptedPDFs are the fixtures encrypted by qpdf with an owner password only (see generate.sh),
// each with the fixture it was made from.
var encryptedPDFs = []struct{ file, source string }{
	{"report-rc4-40.pdf", "report.pdf"},           // RC4 40-bit, V1 R2
	{"report-rc4-128.pdf", "report.pdf"},          // RC4 128-bit, V2 R3
	{"report-rc4-128-v4.pdf", "report.pdf"},       // RC4 128-bit, V4 R4, crypt filter /V2
	{"report-aes-128.pdf", "report.pdf"},          // AES-128, V4 R4, /AESV2
	{"report-aes-256-r5.pdf", "report.pdf"},       // AES-256, V5 R5
	{"report-aes-256.pdf", "report.pdf"},          // AES-256, V5 R6
	{"spanish-aes-128-objstm.pdf", "spanish.pdf"}, // AESV2, object streams, /EncryptMetadata false
	{"spanish-aes-256-objstm.pdf", "spanish.pdf"}, // AESV3, object streams
}

// A PDF encrypted with an empty user password reads exactly as the PDF it was made from: title
// (an encrypted string of the document information), paragraphs, literal lines, for every method
// of the standard security handler; object streams and cross-reference streams included.
func TestReadEncryptedPDF(t *testing.T) {
	for _, tt := range encryptedPDFs {
		t.Run(tt.file, func(t *testing.T) {
			if bytes.Equal(pdfFixture(t, tt.file)[:200], pdfFixture(t, tt.source)[:200]) {
				t.Fatalf("%s starts as %s does: not a fixture of its own", tt.file, tt.source)
			}
			want, err := readPDF(pdfFixture(t, tt.source))
			if err != nil {
				t.Fatal(err)
			}
			got, err := readPDF(pdfFixture(t, tt.file))
			if err != nil {
				t.Fatalf("readPDF(%s) = %v, want it read", tt.file, err)
			}
			if got.text != want.text || got.title != want.title || !slices.Equal(got.literal, want.literal) || got.pages != want.pages || len(got.unread) != 0 {
				t.Errorf("readPDF(%s) = %q (title %q, %d pages, unread %v), want %q (title %q) as %s reads", tt.file, got.text, got.title, got.pages, got.unread, want.text, want.title, tt.source)
			}
			if got.title == "" {
				t.Errorf("readPDF(%s) has no title, want its encrypted /Title read", tt.file)
			}
		})
	}
}

// The small fixtures (the fuzzer's seeds) read too: their one line, and their title.
func TestReadSmallEncryptedPDFs(t *testing.T) {
	for _, name := range []string{"small-rc4-40.pdf", "small-aes-128.pdf", "small-aes-256.pdf"} {
		d, err := readPDF(pdfFixture(t, name))
		if err != nil || d.text != "Hello, world\n" || d.title != "Hello" {
			t.Errorf("readPDF(%s) = %q (title %q), %v; want \"Hello, world\\n\" (title \"Hello\")", name, d.text, d.title, err)
		}
	}
}

// One that needs a user password is an error saying so, for AES-256 (R6) and RC4 (R3).
func TestReadPDFNeedsPassword(t *testing.T) {
	for _, name := range []string{"encrypted.pdf", "encrypted-rc4.pdf"} {
		_, err := readPDF(pdfFixture(t, name))
		if !errors.Is(err, errPDFPassword) || !errors.Is(err, errPDFEncrypted) || !strings.Contains(err.Error(), "needs a password") {
			t.Errorf("readPDF(%s) = %v, want %v", name, err, errPDFPassword)
		}
	}
}

// replaceOnce replaces old by repl in data, where old is once (the reader finds objects by
// scanning: offsets may shift).
func replaceOnce(tb testing.TB, data []byte, old, repl string) []byte {
	tb.Helper()
	if bytes.Count(data, []byte(old)) != 1 {
		tb.Fatalf("%q is not in the fixture once", old)
	}
	return bytes.Replace(data, []byte(old), []byte(repl), 1)
}

// Encryption citebot does not read, and /Encrypt dictionaries that are damaged, are errors naming
// what is wrong: never a panic, never text decrypted with a wrong key.
func TestReadPDFEncryptionNotRead(t *testing.T) {
	rc4 := pdfFixture(t, "report-rc4-128.pdf")
	aes := pdfFixture(t, "report-aes-128.pdf")
	aes256 := pdfFixture(t, "report-aes-256.pdf")
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"public key", replaceOnce(t, rc4, "/Filter /Standard", "/Filter /Adobe.PubSec"), "public-key security handler (/Adobe.PubSec"},
		{"other handler", replaceOnce(t, rc4, "/Filter /Standard", "/Filter /FooBarBaz"), "the security handler /FooBarBaz, which is not read"},
		{"V 3", replaceOnce(t, rc4, "/V 2", "/V 3"), "version 3, revision 3 of the standard security handler"},
		{"unknown method", replaceOnce(t, aes, "/CFM /AESV2", "/CFM /AESV9"), "the crypt filter method /AESV9"},
		{"unknown filter", replaceOnce(t, aes, "/StmF /StdCF", "/StmF /OthCF"), "the crypt filter /OthCF (of /StmF)"},
		{"no /O", replaceOnce(t, rc4, "/O <", "/X <"), "damaged: its encryption dictionary has no /O of 32 bytes"},
		{"no /UE", replaceOnce(t, aes256, "/UE <", "/XE <"), "damaged: its encryption dictionary has no /UE of 32 bytes"},
		{"bad length", replaceOnce(t, rc4, "/Length 128 /O", "/Length 129 /O"), "has a key /Length of 129 bits"},
		{"missing", replaceOnce(t, rc4, "/Encrypt 72 0 R", "/Encrypt 99 0 R"), "damaged: its encryption dictionary is missing"},
		// a wrong key (another /P than the one the key was made with) is a password that is needed
		{"other permissions", replaceOnce(t, rc4, "/P -4", "/P -8"), "needs a password"},
	} {
		_, err := readPDF(tt.data)
		if !errors.Is(err, errPDFEncrypted) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: readPDF = %v, want an encryption error with %q", tt.name, err, tt.want)
		}
	}
}

// aesV2Encrypt encrypts data as object num, generation 0 of a file of key c (AESV2: a fixed
// initialisation vector, the last block padded).
func aesV2Encrypt(tb testing.TB, c *pdfCrypt, num int, data []byte) []byte {
	tb.Helper()
	block, err := aes.NewCipher(c.objectKey(cipherAESV2, num, 0))
	if err != nil {
		tb.Fatal(err)
	}
	pad := aes.BlockSize - len(data)%aes.BlockSize
	data = append(data, bytes.Repeat([]byte{byte(pad)}, pad)...)
	iv := []byte("0123456789abcdef")
	out := make([]byte, len(data))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, data)
	return append(iv, out...)
}

// Crypt filters choose what is encrypted (7.6.6, 7.4.10): under /StrF /Identity strings are in
// clear while streams are encrypted by /StmF; a stream whose first filter is /Crypt with no /Name
// (the Identity filter) is in clear. The file is written by hand with the /Encrypt dictionary of
// report-aes-128.pdf (so its key is the one qpdf made) and its /StrF changed.
func TestReadPDFCryptFilters(t *testing.T) {
	fixture := pdfFixture(t, "report-aes-128.pdf")
	f, err := openPDF(fixture)
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := f.resolve(f.trailer["Encrypt"]).(pdfDict)
	o, u := enc["O"].(pdfString), enc["U"].(pdfString)
	id, _ := f.trailer["ID"].(pdfArray)
	id0 := id[0].(pdfString)
	var content bytes.Buffer
	w := zlib.NewWriter(&content)
	w.Write([]byte("BT /F1 12 Tf 72 700 Td (Encrypted by the stream filter.) Tj ET"))
	w.Close()
	encrypted := aesV2Encrypt(t, f.crypt, 4, content.Bytes())
	clear := "BT /F1 12 Tf 72 600 Td (In clear by the Identity filter.) Tj ET"
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	for i, obj := range []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 612 792]>>",
		"<</Type/Page/Parent 2 0 R/Contents[4 0 R 5 0 R]/Resources<</Font<</F1 6 0 R>>>>>>",
		fmt.Sprintf("<</Length %d/Filter/FlateDecode>>\nstream\n%s\nendstream", len(encrypted), encrypted),
		fmt.Sprintf("<</Length %d/Filter[/Crypt]/DecodeParms[<</Type/CryptFilterDecodeParms>>]>>\nstream\n%s\nendstream", len(clear), clear),
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
		"<</Title (A title in clear)>>",
		fmt.Sprintf("<</Filter/Standard/V 4/R 4/Length 128/CF<</StdCF<</CFM/AESV2/Length 16>>>>/StmF/StdCF/StrF/Identity/O<%x>/U<%x>/P -4>>", o, u),
	} {
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	fmt.Fprintf(&b, "trailer\n<</Root 1 0 R/Info 7 0 R/Encrypt 8 0 R/ID[<%x><%x>]>>\n%%%%EOF\n", id0, id0)
	d, err := readPDF(b.Bytes())
	want := "Encrypted by the stream filter.\n\nIn clear by the Identity filter.\n"
	if err != nil || d.text != want || d.title != "A title in clear" {
		t.Errorf("readPDF = %q (title %q), %v; want %q (title %q)", d.text, d.title, err, want, "A title in clear")
	}
}

// BenchmarkEncryptedPDFText reads the three-page report encrypted (RC4 128-bit, AES-128, AES-256
// R6) and, in the same loop, as it was printed: "rc4/plain-time" and the others are the ratios.
func BenchmarkEncryptedPDFText(b *testing.B) {
	files := []string{"report.pdf", "report-rc4-128.pdf", "report-aes-128.pdf", "report-aes-256.pdf"}
	data := make([][]byte, len(files))
	for i, name := range files {
		data[i] = pdfFixture(b, name)
	}
	took := make([]time.Duration, len(files))
	for b.Loop() {
		for i, d := range data {
			t0 := time.Now()
			if _, err := readPDF(d); err != nil {
				b.Fatal(err)
			}
			took[i] += time.Since(t0)
		}
	}
	b.ReportMetric(float64(took[0])/float64(b.N)/1e6, "plain-ms")
	for i, unit := range []string{"", "rc4/plain-time", "aes128/plain-time", "aes256/plain-time"} {
		if i > 0 {
			b.ReportMetric(float64(took[i])/float64(took[0]), unit)
		}
	}
}

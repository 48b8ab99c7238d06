package convert

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
)

// Limits of the PDF reader (see SECURITY.md): what one file may make it do.
const (
	// MaxPDFPages is the most pages read of one PDF; the rest are noted as unread (a warning).
	MaxPDFPages = 5000
	// maxPDFUnpacked bounds the bytes all of a PDF's streams may unpack to, together.
	maxPDFUnpacked = 256 << 20
	// maxPDFObjects bounds the objects indexed in one file (its own and its object streams').
	maxPDFObjects = 2_000_000
	// maxPDFTreeDepth bounds how deeply the page tree and form XObjects nest.
	maxPDFTreeDepth = 32
)

var (
	errPDFNoCatalog = errors.New("the PDF is damaged: no document catalog found")
	errPDFNoPages   = errors.New("the PDF is damaged: its page tree is missing")
	errPDFTooBig    = fmt.Errorf("the PDF's streams unpack to more than %d MiB", maxPDFUnpacked>>20)
	errNotPDF       = errors.New("not a PDF file (no %PDF- header)")
)

// pdfFile is a PDF's bytes and where its objects are. Objects are found by scanning the file for
// "n g obj" (and in its object streams), not through its cross-reference table: a scan reads a file
// whose table is broken, truncated or lies (the commonest damage) the same as a sound one, and of
// two versions of an object the later in the file (an incremental update) wins, as the table would
// say.
type pdfFile struct {
	data    []byte
	objs    map[int]pdfObjLoc
	cache   map[int]any
	trailer pdfDict
	// unpacked counts the bytes streams have unpacked to, against [maxPDFUnpacked].
	unpacked int64
	// resolving guards against reference loops while an object is read.
	resolving map[int]bool
	// stmData holds the unpacked object streams.
	stmData map[int][]byte
	// crypt decrypts strings and streams; nil when the file is not encrypted.
	crypt *pdfCrypt
}

// pdfObjLoc is where an object is: at off in the file, or the idx-th object of object stream stm.
// order ranks versions of one object: the later in the file wins.
type pdfObjLoc struct {
	off, stm, idx int
	order         int
}

// openPDF indexes the objects of data and reads its trailer. It fails on a file that is not a PDF,
// that is encrypted other than with an empty user password (see [newPDFCrypt]), or that has no
// document catalog.
func openPDF(data []byte) (*pdfFile, error) {
	head := data[:min(len(data), 1024)]
	if !bytes.Contains(head, []byte("%PDF-")) {
		return nil, errNotPDF
	}
	f := &pdfFile{data: data, objs: map[int]pdfObjLoc{}, cache: map[int]any{}, resolving: map[int]bool{}, stmData: map[int][]byte{}}
	f.scanObjects()
	objStms := f.readTrailers()
	if enc, ok := f.trailer["Encrypt"]; ok {
		c, err := newPDFCrypt(f, enc)
		if err != nil {
			return nil, err
		}
		// from here on objects are decrypted as they are read: forget those read to set it up
		f.crypt, f.cache = c, map[int]any{}
	}
	for _, n := range objStms {
		f.indexObjectStream(n)
	}
	if f.unpacked > maxPDFUnpacked {
		return nil, errPDFTooBig
	}
	if _, ok := f.resolve(f.trailer["Root"]).(pdfDict); !ok {
		if !f.findCatalog() {
			return nil, errPDFNoCatalog
		}
	}
	return f, nil
}

// scanObjects finds every "n g obj" in the file.
func (f *pdfFile) scanObjects() {
	d := f.data
	for i := 0; len(f.objs) < maxPDFObjects; {
		j := bytes.Index(d[i:], []byte("obj"))
		if j < 0 {
			return
		}
		at := i + j
		i = at + 3
		if i < len(d) && !pdfSpace(d[i]) && !pdfDelim(d[i]) {
			continue
		}
		// back over "num gen " before it
		k := at
		for k > 0 && pdfSpace(d[k-1]) {
			k--
		}
		genEnd := k
		for k > 0 && d[k-1] >= '0' && d[k-1] <= '9' {
			k--
		}
		if k == genEnd || k == 0 || !pdfSpace(d[k-1]) {
			continue
		}
		for k > 0 && pdfSpace(d[k-1]) {
			k--
		}
		numEnd := k
		for k > 0 && d[k-1] >= '0' && d[k-1] <= '9' {
			k--
		}
		if k == numEnd || numEnd-k > 10 || (k > 0 && !pdfSpace(d[k-1]) && !pdfDelim(d[k-1])) {
			continue
		}
		num, err := strconv.Atoi(string(d[k:numEnd]))
		if err != nil {
			continue
		}
		f.objs[num] = pdfObjLoc{off: k, stm: -1, order: k}
	}
}

// readTrailers merges the file's trailers into f.trailer, a later one's entries over an
// earlier's: the "trailer" dictionaries, and the dictionaries of cross-reference streams. It
// returns the object streams (PDF 1.5) to index once the trailer says whether they are encrypted.
func (f *pdfFile) readTrailers() (objStms []int) {
	type found struct {
		at int
		d  pdfDict
	}
	var trailers []found
	nums := make([]int, 0, len(f.objs))
	for n := range f.objs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		loc := f.objs[n]
		s, ok := f.direct(n).(*pdfStream)
		if !ok {
			continue
		}
		switch s.dict["Type"] {
		case pdfName("XRef"): // found by its type, never unpacked
			trailers = append(trailers, found{loc.off, s.dict})
		case pdfName("ObjStm"):
			objStms = append(objStms, n)
		}
	}
	for i := 0; ; {
		j := bytes.Index(f.data[i:], []byte("trailer"))
		if j < 0 {
			break
		}
		lx := &pdfLexer{b: f.data, pos: i + j + len("trailer")}
		i += j + 1
		if v, err := lx.object(0); err == nil {
			if d, ok := v.(pdfDict); ok {
				trailers = append(trailers, found{i, d})
			}
		}
	}
	sort.SliceStable(trailers, func(i, j int) bool { return trailers[i].at < trailers[j].at })
	f.trailer = pdfDict{}
	for _, t := range trailers {
		for k, v := range t.d {
			f.trailer[k] = v
		}
	}
	return objStms
}

// indexObjectStream notes where the objects of object stream n are, each ranked at the stream's
// place in the file.
func (f *pdfFile) indexObjectStream(n int) {
	s, ok := f.direct(n).(*pdfStream)
	if !ok {
		return
	}
	order := f.objs[n].order
	data, err := f.streamData(n, s)
	if err != nil {
		return
	}
	count := min(pdfInt(s.dict["N"]), len(data)/2)
	lx := &pdfLexer{b: data}
	for idx := 0; idx < count && len(f.objs) < maxPDFObjects; idx++ {
		a, err1 := lx.object(0)
		_, err2 := lx.object(0)
		num, ok := a.(float64)
		if err1 != nil || err2 != nil || !ok || num < 0 || num > math.MaxInt32 {
			return
		}
		if cur, seen := f.objs[int(num)]; !seen || cur.order < order {
			f.objs[int(num)] = pdfObjLoc{stm: n, idx: idx, order: order}
		}
	}
}

// streamData is an object stream's unpacked bytes, unpacked once.
func (f *pdfFile) streamData(n int, s *pdfStream) ([]byte, error) {
	if d, ok := f.stmData[n]; ok {
		return d, nil
	}
	d, err := f.decode(s)
	if err != nil {
		return nil, err
	}
	f.stmData[n] = d
	return d, nil
}

// findCatalog looks for the document catalog among the objects when no trailer names it.
func (f *pdfFile) findCatalog() bool {
	best, bestOrder := -1, -1
	for n, loc := range f.objs {
		if d, ok := f.resolve(pdfRef{n, 0}).(pdfDict); ok && d["Type"] == pdfName("Catalog") && loc.order > bestOrder {
			best, bestOrder = n, loc.order
		}
	}
	if best < 0 {
		return false
	}
	f.trailer["Root"] = pdfRef{best, 0}
	return true
}

// resolve follows v if it is a reference (a missing or looping one is null).
func (f *pdfFile) resolve(v any) any {
	for hops := 0; hops < 16; hops++ {
		r, ok := v.(pdfRef)
		if !ok {
			return v
		}
		v = f.object(r.num)
	}
	return nil
}

// object returns object num, read once and cached; nil when it is missing or unreadable.
func (f *pdfFile) object(num int) any {
	if v, ok := f.cache[num]; ok {
		return v
	}
	if f.resolving[num] {
		return nil
	}
	f.resolving[num] = true
	defer delete(f.resolving, num)
	loc, ok := f.objs[num]
	var v any
	switch {
	case !ok:
	case loc.stm < 0:
		v = f.direct(num)
	default:
		v = f.compressed(loc)
	}
	f.cache[num] = v
	return v
}

// direct parses the object written at its place in the file: "n g obj" and a value, a stream's
// bytes with it. In an encrypted file its strings are decrypted, unless it is the /Encrypt
// dictionary or a cross-reference stream, whose strings are written in clear (7.6.2); a stream's
// data is decrypted when it is decoded.
func (f *pdfFile) direct(num int) any {
	loc := f.objs[num]
	lx := &pdfLexer{b: f.data, pos: loc.off}
	var head [3]any // num gen obj
	for i := range head {
		var err error
		if head[i], err = lx.object(0); err != nil {
			return nil
		}
	}
	gen := pdfInt(head[1])
	v, err := lx.value(0)
	if err != nil {
		return nil
	}
	d, isDict := v.(pdfDict)
	if f.crypt != nil && num != f.crypt.encObj && (!isDict || d["Type"] != pdfName("XRef")) {
		v = f.crypt.decryptStrings(v, num, gen)
	}
	if !isDict {
		return v
	}
	return f.withStream(lx, d, num, gen)
}

// withStream returns the stream of dictionary d when its bytes follow at lx, else d.
func (f *pdfFile) withStream(lx *pdfLexer, d pdfDict, num, gen int) any {
	save := lx.pos
	lx.skipSpace()
	if !bytes.HasPrefix(f.data[lx.pos:], []byte("stream")) {
		lx.pos = save
		return d
	}
	start := lx.pos + len("stream")
	if start < len(f.data) && f.data[start] == '\r' {
		start++
	}
	if start < len(f.data) && f.data[start] == '\n' {
		start++
	}
	return &pdfStream{dict: d, raw: f.data[start:f.streamEnd(d, start)], num: num, gen: gen}
}

// streamEnd finds where a stream's bytes end: after its /Length when "endstream" follows there,
// else just before the next "endstream" (a wrong or indirect length), else at the end of the file.
func (f *pdfFile) streamEnd(d pdfDict, start int) int {
	if n, ok := d["Length"].(float64); ok && n >= 0 && n <= float64(len(f.data)-start) {
		end := start + int(n)
		rest := bytes.TrimLeft(f.data[end:min(len(f.data), end+32)], " \r\n\t\f\x00")
		if bytes.HasPrefix(rest, []byte("endstream")) {
			return end
		}
	}
	j := bytes.Index(f.data[start:], []byte("endstream"))
	if j < 0 {
		return len(f.data)
	}
	end := start + j
	if end > start && f.data[end-1] == '\n' {
		end--
	}
	if end > start && f.data[end-1] == '\r' {
		end--
	}
	return end
}

// compressed reads an object out of an object stream.
func (f *pdfFile) compressed(loc pdfObjLoc) any {
	s, ok := f.object(loc.stm).(*pdfStream)
	if !ok {
		return nil
	}
	data, err := f.streamData(loc.stm, s)
	if err != nil {
		return nil
	}
	lx := &pdfLexer{b: data}
	n := pdfInt(s.dict["N"])
	var off int
	for i := 0; i < n && i <= loc.idx; i++ {
		_, err1 := lx.object(0)
		o, err2 := lx.object(0)
		if err1 != nil || err2 != nil {
			return nil
		}
		off = pdfInt(o)
	}
	first := pdfInt(s.dict["First"])
	if first < 0 || off < 0 || first+off >= len(data) {
		return nil
	}
	lx.pos = first + off
	v, err := lx.value(0)
	if err != nil {
		return nil
	}
	return v
}

// decode unpacks a stream through its filters (FlateDecode, ASCIIHexDecode, ASCII85Decode; a
// predictor after Flate), once decrypted. A stream of an image's filter (DCT, JPX, CCITT, JBIG2)
// or LZW is not read: no text is in it, or none is written that way any more.
func (f *pdfFile) decode(s *pdfStream) ([]byte, error) {
	data, err := f.decrypted(s)
	if err != nil {
		return nil, err
	}
	filters := f.resolve(s.dict["Filter"])
	params := f.resolve(s.dict["DecodeParms"])
	var list []any
	var plist []any
	switch v := filters.(type) {
	case pdfName:
		list, plist = []any{v}, []any{params}
	case pdfArray:
		list = v
		if p, ok := params.(pdfArray); ok {
			plist = p
		}
	}
	for i, fl := range list {
		var p pdfDict
		if i < len(plist) {
			p, _ = f.resolve(plist[i]).(pdfDict)
		}
		var err error
		switch f.resolve(fl) {
		case pdfName("FlateDecode"), pdfName("Fl"):
			data, err = f.inflate(data)
			if err == nil {
				data, err = unpredict(data, p)
			}
		case pdfName("ASCIIHexDecode"), pdfName("AHx"):
			data, err = asciiHex(data)
		case pdfName("ASCII85Decode"), pdfName("A85"):
			data, err = f.ascii85(data)
		case pdfName("Crypt"): // decrypted above
		default:
			return nil, fmt.Errorf("stream filter %v not read", fl)
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

// decrypted returns a stream's bytes decrypted, decrypting them once: objects are read once (and
// cached), object streams unpacked once, so a file's bytes are decrypted at most once.
func (f *pdfFile) decrypted(s *pdfStream) ([]byte, error) {
	if f.crypt == nil || s.clear {
		return s.raw, nil
	}
	ci, err := f.crypt.streamCipher(f, s)
	if err != nil {
		return nil, err
	}
	data, err := f.crypt.decrypt(ci, s.num, s.gen, s.raw)
	if err != nil {
		return nil, fmt.Errorf("stream of object %d: %w", s.num, err)
	}
	s.raw, s.clear = data, true
	return data, nil
}

// inflate unpacks zlib data within the budget of [maxPDFUnpacked]. Data cut short (a damaged
// stream, or one without its checksum, as some producers write) gives what it held.
func (f *pdfFile) inflate(data []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("unpack stream: %w", err)
	}
	defer zr.Close()
	left := maxPDFUnpacked - f.unpacked
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(zr, left+1))
	f.unpacked += n
	if n > left {
		return nil, errPDFTooBig
	}
	if err != nil && buf.Len() == 0 {
		return nil, fmt.Errorf("unpack stream: %w", err)
	}
	return buf.Bytes(), nil
}

func (f *pdfFile) ascii85(data []byte) ([]byte, error) {
	if i := bytes.Index(data, []byte("~>")); i >= 0 {
		data = data[:i]
	}
	data = bytes.TrimPrefix(bytes.TrimSpace(data), []byte("<~"))
	out := make([]byte, len(data)*5/4+4)
	n, _, err := ascii85.Decode(out, data, true)
	if err != nil {
		return nil, fmt.Errorf("ASCII85 stream: %w", err)
	}
	return out[:n], nil
}

func asciiHex(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data)/2)
	hi, half := byte(0), false
	for _, c := range data {
		if c == '>' {
			break
		}
		v, ok := hexDigit(c)
		if !ok {
			if pdfSpace(c) {
				continue
			}
			return nil, errors.New("bad ASCIIHex stream")
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out, nil
}

// unpredict undoes a PNG predictor (Predictor 10-15), as cross-reference and object streams may
// use; TIFF's (2) is for images and is not read.
func unpredict(data []byte, p pdfDict) ([]byte, error) {
	pred := pdfInt(p["Predictor"])
	if pred < 10 {
		return data, nil
	}
	cols := max(pdfIntOr(p["Columns"], 1), 1)
	colors := max(pdfIntOr(p["Colors"], 1), 1)
	bpc := max(pdfIntOr(p["BitsPerComponent"], 8), 1)
	if cols > 1<<20 || colors > 64 || bpc > 16 {
		return nil, errors.New("bad predictor parameters")
	}
	bpp := max(colors*bpc/8, 1)
	row := (cols*colors*bpc + 7) / 8
	out := make([]byte, 0, len(data))
	prev := make([]byte, row)
	for i := 0; i+1+row <= len(data); i += row + 1 {
		typ, cur := data[i], append([]byte(nil), data[i+1:i+1+row]...)
		for j := range cur {
			var left, up, ul byte
			if j >= bpp {
				left, ul = cur[j-bpp], prev[j-bpp]
			}
			up = prev[j]
			switch typ {
			case 1:
				cur[j] += left
			case 2:
				cur[j] += up
			case 3:
				cur[j] += byte((int(left) + int(up)) / 2)
			case 4:
				cur[j] += paeth(left, up, ul)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// pdfInt is a number as an int (0 for anything else, or out of range).
func pdfInt(v any) int { return pdfIntOr(v, 0) }

func pdfIntOr(v any, def int) int {
	n, ok := v.(float64)
	if !ok || n != n || n > math.MaxInt32 || n < math.MinInt32 {
		return def
	}
	return int(n)
}

// pdfNum is a number (def for anything else).
func pdfNum(v any, def float64) float64 {
	if n, ok := v.(float64); ok && !math.IsNaN(n) && !math.IsInf(n, 0) {
		return n
	}
	return def
}

// pdfPage is a page of the document: its dictionary and the resources it inherits.
type pdfPage struct {
	dict      pdfDict
	resources pdfDict
	height    float64 // of its media box, in points
}

// pages walks the page tree from the catalog, in order, inheriting resources and the media box;
// at most limit pages. A loop or a tree nested deeper than [maxPDFTreeDepth] ends its branch.
func (f *pdfFile) pages(limit int) ([]pdfPage, int, error) {
	root, _ := f.resolve(f.trailer["Root"]).(pdfDict)
	top, ok := f.resolve(root["Pages"]).(pdfDict)
	if !ok {
		return nil, 0, errPDFNoPages
	}
	var out []pdfPage
	total := 0
	visited := map[int]bool{}
	var walk func(node pdfDict, res pdfDict, height float64, depth int)
	walk = func(node pdfDict, res pdfDict, height float64, depth int) {
		if r, ok := f.resolve(node["Resources"]).(pdfDict); ok {
			res = r
		}
		if mb, ok := f.resolve(node["MediaBox"]).(pdfArray); ok && len(mb) == 4 {
			height = math.Abs(pdfNum(f.resolve(mb[3]), 792) - pdfNum(f.resolve(mb[1]), 0))
		}
		kids, isTree := f.resolve(node["Kids"]).(pdfArray)
		if !isTree || node["Type"] == pdfName("Page") {
			total++
			if len(out) < limit {
				out = append(out, pdfPage{dict: node, resources: res, height: height})
			}
			return
		}
		if depth >= maxPDFTreeDepth {
			return
		}
		for _, k := range kids {
			if r, ok := k.(pdfRef); ok {
				if visited[r.num] {
					continue
				}
				visited[r.num] = true
			}
			if kid, ok := f.resolve(k).(pdfDict); ok {
				walk(kid, res, height, depth+1)
			}
		}
	}
	walk(top, nil, 792, 0)
	return out, total, nil
}

// contents returns a page's (or form's) content streams unpacked and joined.
func (f *pdfFile) contents(v any) ([]byte, error) {
	var parts []any
	switch c := f.resolve(v).(type) {
	case *pdfStream:
		parts = []any{c}
	case pdfArray:
		parts = c
	}
	var out []byte
	var firstErr error
	for _, p := range parts {
		s, ok := f.resolve(p).(*pdfStream)
		if !ok {
			continue
		}
		data, err := f.decode(s)
		if err != nil {
			if errors.Is(err, errPDFTooBig) {
				return nil, err
			}
			firstErr = cmpErr(firstErr, err)
			continue
		}
		out = append(out, data...)
		out = append(out, '\n')
	}
	if len(out) == 0 && firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

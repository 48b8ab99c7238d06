package retrieval

import (
	"errors"
	"unsafe"

	"github.com/citebot/citebot/text"
)

// The analysis section of the snapshot holds every document's [text.Doc], so that neither
// retrieval nor the answer engine analyses a sentence at start. The same few thousand strings (terms,
// kinds, platform names) recur across hundreds of thousands of sentences, so they are stored once,
// in a table, and every sentence refers to them by number: loading then allocates one string for
// the whole table and one backing array for every list, and the loaded analysis shares its strings
// (which also keeps serve's memory down).
//
// Every field of text.Doc and text.Sentence must be written here; TestAnalysisCodecKnowsEveryField
// fails when the text layer adds one, so that a new field is never silently dropped at load.

// analysisFields lists the fields of text.Sentence that the codec writes, in order.
var analysisFields = []string{"Start", "End", "Paragraph", "Kind", "Heading", "Terms", "Figures", "Time", "TimeWord", "Clock",
	"Platforms", "Subjects", "Asides", "Carried", "Continues", "Attribution", "PostOf", "Headline", "Amounts", "NumberWord", "Units", "Bounds", "Count", "Contacts", "Identifier", "Names", "Person",
	"Roles", "Reason", "Place", "Languages", "Defines", "Spells", "Issuer", "Instruction", "Item", "Lead"}

// Flag bits of a sentence's booleans.
const (
	flagTime = 1 << iota
	flagContinues
	flagNumberWord
	flagPerson
	flagReason
	flagPlace
	flagInstruction
	flagTimeWord
	flagItem
	flagIdentifier
	flagHeadline
	flagAttribution
	flagClock
	flagCount
	flagIssuer
)

func sentenceFlags(s *text.Sentence) uint64 {
	var f uint64
	for _, b := range []struct {
		on  bool
		bit uint64
	}{{s.Time, flagTime}, {s.Continues, flagContinues}, {s.NumberWord, flagNumberWord}, {s.Person, flagPerson}, {s.Reason, flagReason}, {s.Place, flagPlace}, {s.Instruction, flagInstruction}, {s.TimeWord, flagTimeWord}, {s.Item, flagItem}, {s.Identifier, flagIdentifier}, {s.Headline, flagHeadline}, {s.Attribution, flagAttribution}, {s.Clock, flagClock}, {s.Count, flagCount}, {s.Issuer, flagIssuer}} {
		if b.on {
			f |= b.bit
		}
	}
	return f
}

func setSentenceFlags(s *text.Sentence, f uint64) {
	s.Time, s.Continues, s.NumberWord = f&flagTime != 0, f&flagContinues != 0, f&flagNumberWord != 0
	s.Person, s.Reason, s.Place = f&flagPerson != 0, f&flagReason != 0, f&flagPlace != 0
	s.Instruction, s.TimeWord, s.Item = f&flagInstruction != 0, f&flagTimeWord != 0, f&flagItem != 0
	s.Identifier, s.Headline, s.Attribution = f&flagIdentifier != 0, f&flagHeadline != 0, f&flagAttribution != 0
	s.Clock, s.Count, s.Issuer = f&flagClock != 0, f&flagCount != 0, f&flagIssuer != 0
}

// stringTable numbers distinct strings.
type stringTable struct {
	index map[string]int
	list  []string
	refs  int // how many list elements refer to it (to size the loader's backing array)
}

func (t *stringTable) id(s string) uint64 {
	i, ok := t.index[s]
	if !ok {
		i = len(t.list)
		t.index[s] = i
		t.list = append(t.list, s)
	}
	return uint64(i)
}

// list writes a string list: 0 for nil, else its length plus one and its strings' numbers.
func (t *stringTable) writeList(e *encoder, xs []string) {
	if xs == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(xs)) + 1)
	for _, x := range xs {
		e.uint(t.id(x))
	}
	t.refs += len(xs)
}

func encodeAnalysis(docs []text.Doc) []byte {
	t := &stringTable{index: map[string]int{}}
	var body encoder
	body.uint(uint64(len(docs)))
	for _, d := range docs {
		body.uint(t.id(d.File))
		body.uint(t.id(d.Lang))
		body.uint(uint64(len(d.Sentences)))
		for _, s := range d.Sentences {
			body.uint(uint64(s.Start))
			body.uint(uint64(s.End - s.Start))
			body.uint(uint64(s.Paragraph))
			body.uint(t.id(s.Kind))
			body.uint(uint64(s.Heading + 1)) // -1 (none) is 0
			body.uint(uint64(s.Lead + 1))
			body.uint(sentenceFlags(&s))
			for _, l := range [][]string{s.Terms, s.Figures, s.Platforms, s.Subjects, s.Asides, s.Carried, s.Amounts, s.Units, s.Bounds, s.Contacts, s.Names, s.Roles, s.Defines, s.Spells, s.PostOf, s.Languages} {
				t.writeList(&body, l)
			}
		}
	}
	var e encoder
	e.uint(uint64(len(t.list)))
	for _, s := range t.list {
		e.str(s)
	}
	e.uint(uint64(t.refs))
	return append(e.b, body.b...)
}

// analysisDecoder reads what encodeAnalysis wrote.
type analysisDecoder struct {
	decoder
	strs []string
	refs []string // the backing array every list is cut from
}

func (a *analysisDecoder) str() string {
	i := a.count(len(a.strs))
	if a.err != nil {
		return ""
	}
	return a.strs[i]
}

func (a *analysisDecoder) list() []string {
	n := a.count(len(a.refs) + 2)
	if n == 0 || a.err != nil {
		return nil
	}
	n--
	if n > len(a.refs) {
		a.fail("string lists longer than announced")
		return nil
	}
	out := a.refs[:n:n]
	a.refs = a.refs[n:]
	for i := range out {
		out[i] = a.str()
	}
	return out
}

// readTable reads the string table at the start of b and allocates the backing array of the lists.
// The table's strings share one allocation of their own, so that the section's bytes are garbage
// once decoded.
func (a *analysisDecoder) readTable(b []byte) {
	a.strs = make([]string, a.count(a.left()+1))
	spans := make([][2]int, len(a.strs))
	size := 0
	for i := range a.strs {
		n := a.count(a.left() + 1)
		if a.err != nil {
			break
		}
		spans[i] = [2]int{a.off, a.off + n}
		a.off += n
		size += n
	}
	blob := make([]byte, 0, size)
	for _, sp := range spans {
		blob = append(blob, b[sp[0]:sp[1]]...)
	}
	all := unsafe.String(unsafe.SliceData(blob), len(blob)) // blob is never written again
	off := 0
	for i, sp := range spans {
		n := sp[1] - sp[0]
		a.strs[i] = all[off : off+n]
		off += n
	}
	a.refs = make([]string, a.count(a.left()+1))
}

func decodeAnalysis(b []byte, docs int) ([]text.Doc, error) {
	a := &analysisDecoder{decoder: decoder{b: b}}
	a.readTable(b)
	out := make([]text.Doc, a.count(docs+1))
	if len(out) != docs {
		a.fail("analysis of another number of documents")
	}
	for i := range out {
		d := text.Doc{File: a.str(), Lang: a.str()}
		d.Sentences = make([]text.Sentence, a.count(a.left()+1))
		for j := range d.Sentences {
			s := &d.Sentences[j]
			s.Start = a.int()
			s.End = s.Start + a.int()
			s.Paragraph = a.int()
			s.Kind = a.str()
			s.Heading = a.int() - 1
			s.Lead = a.int() - 1
			setSentenceFlags(s, a.uint())
			for _, l := range []*[]string{&s.Terms, &s.Figures, &s.Platforms, &s.Subjects, &s.Asides, &s.Carried, &s.Amounts, &s.Units, &s.Bounds, &s.Contacts, &s.Names, &s.Roles, &s.Defines, &s.Spells, &s.PostOf, &s.Languages} {
				*l = a.list()
			}
			if a.err != nil {
				break
			}
		}
		out[i] = d
	}
	if a.err == nil && a.off != len(b) {
		a.fail("trailing bytes")
	}
	if a.err != nil {
		return nil, errors.New("analysis: " + a.err.Error())
	}
	return out, nil
}

// encodeStringLists writes lists of strings (each passage's platforms) with a string table, as the
// analysis is written.
func encodeStringLists(lists [][]string) []byte {
	t := &stringTable{index: map[string]int{}}
	var body encoder
	body.uint(uint64(len(lists)))
	for _, l := range lists {
		t.writeList(&body, l)
	}
	var e encoder
	e.uint(uint64(len(t.list)))
	for _, s := range t.list {
		e.str(s)
	}
	e.uint(uint64(t.refs))
	return append(e.b, body.b...)
}

func decodeStringLists(b []byte, n int) ([][]string, error) {
	a := &analysisDecoder{decoder: decoder{b: b}}
	a.readTable(b)
	out := make([][]string, a.count(n+1))
	if len(out) != n {
		a.fail("lists of another number of passages")
	}
	for i := range out {
		out[i] = a.list()
	}
	if a.err == nil && a.off != len(b) {
		a.fail("trailing bytes")
	}
	if a.err != nil {
		return nil, errors.New("passage platforms: " + a.err.Error())
	}
	return out, nil
}

package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IssuerLine reports a line or sentence that names who issued, approved or signed its document:
// "Issued 12 August 2025 by Priya Castellane, Operations Director", "Approved by: Marcus Thorne,
// Head of Health, Safety and Environment", "Issued by: Helen Marsh, Chief Ranger", "Firmado por:
// …", "签发人：王芳". Notices, procedures and letters name their issuer so, and a question about who
// signed one is answered by that line, which shares none of its words ("signed", "the runway works
// notice"): the document's title does (see [TitleBlock]).
func IssuerLine(s string) bool { return issuerIn(s, Words(s)) }

// issuerIn is [IssuerLine] for s whose words are ws.
func issuerIn(s string, ws []Word) bool {
	for _, cue := range zhIssuerCues {
		if i := strings.Index(s, cue); i >= 0 {
			rest := strings.TrimLeft(s[i+len(cue):], "：: ")
			r, _ := utf8.DecodeRuneInString(rest)
			return IsHan(r) || unicode.IsUpper(r)
		}
	}
	for i, w := range ws {
		if !issuerVerbs[w.Folded] {
			continue
		}
		// The agent after "by" or "por", within a few words of the verb ("Issued 12 August 2025
		// by …"), and capitalised: "approved by the board" names no one.
		for j := i + 1; j < len(ws) && j <= i+6; j++ {
			if ws[j].Folded != "by" && ws[j].Folded != "por" {
				continue
			}
			return j+1 < len(ws) && ws[j+1].Upper && !IsStopword(ws[j+1])
		}
	}
	return false
}

// issuerVerbs are the participles that say who issued, approved or signed a document.
var issuerVerbs = setOf(`issued approved signed authorised authorized prepared emitido emitida aprobado aprobada
	firmado firmada expedido expedida`)

// zhIssuerCues name the issuer of a Chinese document.
var zhIssuerCues = []string{"签发人", "批准人", "发布人", "签发：", "批准："}

// TitleBlock returns the indexes of the sentences of d that title the document above sentence i:
// its title, subtitle, datelines and headings before it, in its paragraph or the ones before
// ("WRENHAVEN REGIONAL AIRPORT" / "NOTICE TO PASSENGERS AND NEIGHBOURS: RUNWAY 09/27
// RESURFACING" above "Issued … by Priya Castellane"), at most the document's first maxTitleBlock
// sentences.
func TitleBlock(d *Doc, i int) []int {
	var out []int
	for k := 0; k < i && k < maxTitleBlock; k++ {
		switch d.Sentences[k].Kind {
		case KindTitle, KindMeta, KindHeading:
			out = append(out, k)
		}
	}
	return out
}

// maxTitleBlock bounds the sentences a document's title block may take.
const maxTitleBlock = 8

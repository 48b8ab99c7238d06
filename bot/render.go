package bot

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/retrieval"
)

// message is one Discord message's worth of a reply: text and embeds, within every limit.
type message struct {
	Content string
	Embeds  []*discordgo.MessageEmbed
}

// reply is what the bot renders: an answer or a summary.
type reply struct {
	// Lead is Markdown the bot itself writes above the reply (e.g. a link to the message a message
	// command answers); unlike the rest, its links stay links.
	Lead      string
	Question  string
	Text      string
	Notice    string
	Abstained bool
	Citations []answer.Citation
	// Related are the closest passages under an abstention: the abstention's text marks them "[N]"
	// too, and they are listed after the sources, titled as not an answer.
	Related []answer.Citation
	Mode    string
	Model   string
}

func replyFromAnswer(a answer.Answer) reply {
	r := reply{Question: a.Question, Text: a.Text, Notice: a.Notice, Abstained: a.Abstained, Citations: a.Citations,
		Mode: a.Mode, Model: a.Model}
	if a.Abstained {
		r.Related = a.Related
	}
	return r
}

func replyFromSummary(s answer.Summary) reply {
	return reply{Question: "Summary: " + s.Platform, Text: s.Text, Notice: s.Notice, Abstained: s.Abstained,
		Citations: s.Citations, Mode: s.Mode, Model: s.Model}
}

// embedColor is the side bar colour of the sources embed; relatedColor that of the closest passages,
// which relatedTitle heads.
const (
	embedColor   = 0x5865F2
	relatedColor = 0x99AAB5
	relatedTitle = "Closest passages (they do not answer the question)"
)

// emptyAnswer stands in for an answer with no text, since Discord refuses empty messages.
const emptyAnswer = "I have no answer to that."

// maxReplyMessages bounds the messages of one reply; a longer one is cut, with a link to the whole
// answer on the web when there is one.
const maxReplyMessages = 3

// noMentions is set on every message: text from a document or a model must never ping anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// replyText is the content of a reply before splitting: the notice, then the text with every link of
// its own shown as text and every citation marker made a link to its paragraph.
func replyText(r reply) string {
	targets := append(append([]answer.Citation(nil), r.Citations...), r.Related...)
	text := linkMarkers(defangLinks(strings.TrimSpace(r.Text)), targets)
	if r.Notice != "" {
		text = "_" + defangLinks(strings.TrimSpace(r.Notice)) + "_\n\n" + text
	}
	if strings.TrimSpace(text) == "" {
		text = emptyAnswer
	}
	if r.Lead != "" {
		text = strings.TrimSpace(r.Lead) + "\n\n" + text
	}
	return text
}

// render turns a reply into Discord messages: the text split within the content limit, then embeds
// listing the sources (and, for an abstention, the closest passages), attached to the last text
// message and spilling into further messages if needed. See [renderBounded] for the bounded form.
func render(r reply) []message {
	return layout(splitPieces(replyText(r), maxContent), sourceEmbeds(r.Citations, r.Text), relatedEmbeds(r.Related, r.Text), 0)
}

// renderBounded renders r in at most maxReplyMessages messages. When the whole reply does not fit,
// the text is cut (keeping the sources it cites) or the sources are, and the last text message ends
// with a link to the full answer (fullURL, if not empty) or a note that the reply was cut.
func renderBounded(r reply, fullURL string) []message {
	if msgs := render(r); len(msgs) <= maxReplyMessages {
		return msgs
	}
	note := "\n\n… _The answer is too long for Discord; this is its beginning._"
	if u := safeURL(fullURL); u != "" {
		note = "\n\n… **[Read the full answer](<" + u + ">)**"
	}
	pieces := splitPieces(replyText(r), maxContent-textLen(note))
	cites := r.Citations
	if len(pieces) > maxReplyMessages {
		pieces = pieces[:maxReplyMessages]
		var shown strings.Builder
		for _, p := range pieces {
			shown.WriteString(p.Raw)
		}
		cites = nil
		for _, c := range r.Citations {
			if strings.Contains(shown.String(), fmt.Sprintf("[[%d]](<", c.N)) {
				cites = append(cites, c)
			}
		}
	}
	pieces[len(pieces)-1].Close += note
	// The first group of embeds goes with the last text message, the others in the messages left.
	groups := packEmbeds(append(sourceEmbeds(cites, r.Text), relatedEmbeds(r.Related, r.Text)...))
	groups = groups[:min(len(groups), maxReplyMessages-len(pieces)+1)]
	var embeds []*discordgo.MessageEmbed
	for _, g := range groups {
		embeds = append(embeds, g...)
	}
	return layout(pieces, embeds, nil, maxReplyMessages)
}

// layout makes messages of text pieces and embeds: the embeds go with the last text message, the
// rest in further messages. A limit above 0 keeps at most that many messages, dropping embeds that
// would need more.
func layout(pieces []piece, sources, related []*discordgo.MessageEmbed, limit int) []message {
	var msgs []message
	for _, p := range pieces {
		if c := p.String(); strings.TrimSpace(c) != "" {
			msgs = append(msgs, message{Content: c})
		}
	}
	for i, g := range packEmbeds(append(sources, related...)) {
		if i == 0 && len(msgs) > 0 {
			msgs[len(msgs)-1].Embeds = g
			continue
		}
		if limit > 0 && len(msgs) >= limit {
			break
		}
		msgs = append(msgs, message{Embeds: g})
	}
	return msgs
}

// preview renders partial streamed text for an in-progress edit: the first message's worth, marked as
// still being written.
func preview(text string) string {
	const more = "\n… ✍️"
	text = strings.TrimSpace(text)
	if text == "" {
		return "✍️ …"
	}
	chunks := splitContent(text, maxContent-textLen(more))
	return chunks[0] + more
}

// markerRE matches a citation marker such as "[3]" that is not already part of a masked link.
var markerRE = regexp.MustCompile(`\[(\d{1,4})\]`)

// linkMarkers replaces every marker "[N]" that has a citation with a URL by the masked link
// "[[N]](<url>)"; the angle brackets keep Discord from adding a preview for each link.
func linkMarkers(text string, cites []answer.Citation) string {
	urls := map[int]string{}
	for _, c := range cites {
		if u := safeURL(c.URL); u != "" {
			urls[c.N] = u
		}
	}
	if len(urls) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, m := range markerRE.FindAllStringSubmatchIndex(text, -1) {
		n, _ := strconv.Atoi(text[m[2]:m[3]])
		u, ok := urls[n]
		// Skip markers already inside a link's text ("[[1]](…)") or followed by "(" (a link of its own).
		if !ok || (m[0] > 0 && text[m[0]-1] == '[') || (m[1] < len(text) && text[m[1]] == '(') {
			continue
		}
		b.WriteString(text[last:m[0]])
		fmt.Fprintf(&b, "[[%d]](<%s>)", n, u)
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// safeURL returns u if it is an http(s) URL that can sit inside a masked link, with the characters that
// would end the link escaped; otherwise "".
func safeURL(u string) string {
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return ""
	}
	if len(u) > 900 {
		return "" // too long to be useful in a message or a field
	}
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\n", "", "\r", "").Replace(u)
}

// sourceEmbeds lists the citations as embed fields: the document's title and paragraph, a short
// quote (unless text already shows it) and a link, the file secondary. Fields are spread over as many
// embeds as the per-embed limits need.
func sourceEmbeds(cites []answer.Citation, text string) []*discordgo.MessageEmbed {
	return fieldEmbeds(cites, text, "Sources", embedColor)
}

// relatedEmbeds lists the passages closest to a question the sources do not answer, under a title
// that says they are not an answer. A passage the abstention's text already quotes (it points at it
// with "[N]") is listed without its quote.
func relatedEmbeds(related []answer.Citation, text string) []*discordgo.MessageEmbed {
	return fieldEmbeds(related, text, relatedTitle, relatedColor)
}

func fieldEmbeds(cites []answer.Citation, text, title string, color int) []*discordgo.MessageEmbed {
	var embeds []*discordgo.MessageEmbed
	var cur *discordgo.MessageEmbed
	shown := squash(text)
	for i, c := range cites {
		if c.N == 0 {
			c.N = i + 1
		}
		quote := squash(c.Quote)
		if quote == "" {
			quote = squash(c.Text)
		}
		// Each point once: no quote the reply's text already shows, nor, for a closest passage, one
		// the abstention quotes where it points at it with "[N]".
		if (shown != "" && strings.Contains(shown, quote)) ||
			(title == relatedTitle && strings.Contains(text, fmt.Sprintf("[%d]", c.N))) {
			quote = ""
		}
		f := sourceField(c, quote)
		if cur == nil || len(cur.Fields) == maxEmbedFields || embedLen(cur)+textLen(f.Name)+textLen(f.Value) > maxEmbedsTotal {
			t := title
			if cur != nil {
				t = title + " (continued)"
			}
			cur = &discordgo.MessageEmbed{Title: truncate(t, maxEmbedTitle), Color: color}
			embeds = append(embeds, cur)
		}
		cur.Fields = append(cur.Fields, f)
	}
	return embeds
}

// squash folds runs of whitespace into one space.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// sourceField is one source: "[N] Title ¶P" as its name ("[N] Title p. 3 ¶P" for a PDF); as its
// value a short quote (none when quote is empty), for a table row the names of its columns
// ("columns: Term · First week starts", as every surface writes them; shown even when the quote is
// not: the reply's text shows the row without them), the link to the paragraph and the file and
// lines (a PDF's file alone: its name shows the page, where a reader holding the PDF looks, and the
// lines of the text read from it are in no PDF viewer).
func sourceField(c answer.Citation, quote string) *discordgo.MessageEmbedField {
	title := squash(c.Title)
	if title == "" {
		title = path.Base(c.File)
	}
	// A long title is cut, never the paragraph's place after it.
	lead, place := fmt.Sprintf("[%d] ", c.N), " "+c.Where(c.Paragraph)
	name := lead + truncate(defangLinks(title), maxFieldName-textLen(lead)-textLen(place)) + place
	where := "`" + truncate(strings.ReplaceAll(path.Base(c.File), "`", "'"), 120) + "`"
	if c.StartLine > 0 && c.Page == 0 {
		where += ", " + retrieval.LineRange(c.StartLine, c.EndLine)
	}
	link := ""
	if u := safeURL(c.URL); u != "" {
		link = fmt.Sprintf("[Open ¶%d](<%s>) · ", c.Paragraph, u)
	}
	footer := link + where
	// A short quote: at most 200 characters, and whatever room the link leaves.
	room := min(200, maxFieldValue-textLen(footer)-8)
	var value string
	if quote != "" && room > 10 {
		value = "“" + defangLinks(truncate(quote, room)) + "”\n"
	}
	// The columns, in at most 200 characters and the room the quote and the link leave.
	const colsLabel = "columns: "
	if cols := squash(c.ColumnNames()); cols != "" {
		if room := min(200, maxFieldValue-textLen(footer)-textLen(value)-textLen(colsLabel)-8); room > 10 {
			value += colsLabel + defangLinks(truncate(cols, room)) + "\n"
		}
	}
	value += footer
	return &discordgo.MessageEmbedField{Name: truncate(name, maxFieldName), Value: truncate(value, maxFieldValue)}
}

// maskedLinkRE matches a Markdown masked link "[label](url)" (the URL optionally in angle brackets),
// and autoLinkRE an autolink "<https://…>"; bareURLRE matches a URL Discord would make clickable.
var (
	maskedLinkRE     = regexp.MustCompile(`\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^()\s<>]*)>?\s*\)`)
	autoLinkRE       = regexp.MustCompile(`<((?:https?|ftp|mailto|discord|steam):[^>\s]*)>`)
	citationNumberRE = regexp.MustCompile(`^\d{1,4}$`)
	bareURLRE        = regexp.MustCompile("(?i)\\b(?:https?|ftp|discord|steam)://[^\\s<>`]+")
)

// defangLinks makes every link in text inert, so that in Discord only the citation links the bot adds
// point anywhere: a masked link "[label](url)" becomes "label (url)", and every URL is shown as inline
// code, visible but not clickable. Run it before [linkMarkers].
func defangLinks(text string) string {
	text = maskedLinkRE.ReplaceAllStringFunc(text, func(m string) string {
		sub := maskedLinkRE.FindStringSubmatch(m)
		label, u := sub[1], sub[2]
		if citationNumberRE.MatchString(label) {
			label = "[" + label + "]" // "[1](url)": the marker stays, the URL goes
		}
		return label + " (" + u + ")"
	})
	text = autoLinkRE.ReplaceAllString(text, "$1")
	return bareURLRE.ReplaceAllStringFunc(text, func(u string) string {
		end := trimURL(u)
		return "`" + u[:end] + "`" + u[end:]
	})
}

// trimURL returns where the URL at the start of u ends: trailing punctuation belongs to the sentence,
// and a closing parenthesis only to the URL if it opened one.
func trimURL(u string) int {
	end := len(u)
	for end > 0 {
		c := u[end-1]
		if strings.IndexByte(".,;:!?'\"]}", c) >= 0 ||
			(c == ')' && strings.Count(u[:end], "(") < strings.Count(u[:end], ")")) {
			end--
			continue
		}
		break
	}
	return end
}

// packEmbeds groups embeds into messages of at most 10 embeds and 6,000 characters.
func packEmbeds(embeds []*discordgo.MessageEmbed) [][]*discordgo.MessageEmbed {
	var groups [][]*discordgo.MessageEmbed
	total := 0
	for _, e := range embeds {
		n := embedLen(e)
		if len(groups) == 0 || len(groups[len(groups)-1]) == maxEmbeds || total+n > maxEmbedsTotal {
			groups = append(groups, nil)
			total = 0
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], e)
		total += n
	}
	return groups
}

// piece is one chunk of split text: Raw is an exact slice of the input; Open and Close are the code
// fence lines added so that a code block cut in two is still a code block on both sides.
type piece struct {
	Open, Raw, Close string
}

func (p piece) String() string { return p.Open + p.Raw + p.Close }

// splitContent splits text into chunks of at most limit characters. See [splitPieces].
func splitContent(text string, limit int) []string {
	ps := splitPieces(text, limit)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

const (
	fence      = "```"
	fenceClose = "\n" + fence
	maxLang    = 20 // a longer info string is not repeated when a code block is reopened
)

// splitPieces cuts text into pieces whose rendering is at most limit characters. The pieces' Raw parts
// joined give text back exactly. Cuts fall, by preference, after a blank line, a line, a sentence or a
// word, in the last two thirds of the room available; never inside a masked link or a code fence
// marker, never inside a UTF-8 sequence. A code block cut in two is closed and reopened.
func splitPieces(text string, limit int) []piece {
	if limit < 64 {
		panic("splitPieces: limit too small")
	}
	forbidden := make([]bool, len(text)+1) // forbidden[i]: no cut before byte i
	for _, s := range protectedSpans(text) {
		for i := s.start + 1; i < s.end; i++ {
			forbidden[i] = true
		}
	}
	fences := fenceMarkers(text)
	var out []piece
	pos := 0
	for {
		open := ""
		if lang, inside := fenceState(text, fences, pos); inside {
			open = fence + lang + "\n"
		}
		budget := limit - textLen(open) - textLen(fenceClose)
		end, n := pos, 0
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if n+utf16.RuneLen(r) > budget {
				break
			}
			n += utf16.RuneLen(r)
			end += size
		}
		if end == len(text) {
			// An unterminated block stays unterminated, as the text has it.
			return append(out, piece{Open: open, Raw: text[pos:]})
		}
		cut := chooseCut(text, pos, end, forbidden)
		p := piece{Open: open, Raw: text[pos:cut]}
		if _, inside := fenceState(text, fences, cut); inside {
			p.Close = fenceClose
		}
		out = append(out, p)
		pos = cut
	}
}

// span is a half-open byte range.
type span struct{ start, end int }

// linkRE matches a Markdown masked link, ours "[[1]](<url>)" included.
var linkRE = regexp.MustCompile(`\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(<?[^()\s<>]*>?\)`)

// protectedSpans returns the byte ranges a cut must not fall inside: masked links (up to 1,000 bytes,
// so a cut is always possible) and fence markers with their info string and line end.
func protectedSpans(text string) []span {
	var spans []span
	for _, m := range linkRE.FindAllStringIndex(text, -1) {
		if m[1]-m[0] <= 1000 {
			spans = append(spans, span{m[0], m[1]})
		}
	}
	for _, f := range fenceMarkers(text) {
		end := f + len(fence)
		if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 && nl <= maxLang+2 {
			end += nl + 1
		}
		spans = append(spans, span{f, end})
	}
	return spans
}

// fenceMarkers returns the byte offsets of every "```" in text, scanning left to right without overlap.
func fenceMarkers(text string) []int {
	var out []int
	for i := 0; ; {
		j := strings.Index(text[i:], fence)
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + len(fence)
	}
}

// fenceState reports whether byte offset pos is inside a code block, and the block's language.
func fenceState(text string, fences []int, pos int) (lang string, inside bool) {
	count, last := 0, -1
	for _, f := range fences {
		if f+len(fence) > pos {
			break
		}
		count++
		last = f
	}
	if count%2 == 0 {
		return "", false
	}
	rest := text[last+len(fence):]
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	rest = strings.TrimSpace(rest)
	if len(rest) > maxLang || strings.ContainsAny(rest, " \t`") {
		rest = ""
	}
	return rest, true
}

// chooseCut picks where to end the chunk that starts at pos and may extend to end (< len(text)).
func chooseCut(text string, pos, end int, forbidden []bool) int {
	allowed := func(i int) bool {
		return i > pos && i <= end && utf8.RuneStart(text[i]) && !forbidden[i]
	}
	lo := pos + (end-pos)/3
	classes := []func(i int) bool{
		func(i int) bool { return i >= 2 && text[i-1] == '\n' && text[i-2] == '\n' }, // after a blank line
		func(i int) bool { return text[i-1] == '\n' },                                // after a line
		func(i int) bool { return sentenceEnd(text, i) },                             // after a sentence
		func(i int) bool { return text[i-1] == ' ' || text[i-1] == '\t' },            // after a word
	}
	for _, ok := range classes {
		for i := end; i > lo; i-- {
			if allowed(i) && ok(i) {
				return i
			}
		}
	}
	for i := end; i > pos; i-- {
		if allowed(i) {
			return i
		}
	}
	return end // cannot happen: protected spans are shorter than any budget
}

// sentenceEnd reports whether a sentence ends just before byte offset i: after ". ", "! ", "? " (the
// space included) or after a full-width stop such as "。".
func sentenceEnd(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	switch r {
	case '。', '！', '？', '；':
		return true
	}
	if !unicode.IsSpace(r) || i < 2 {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(text[:i-1])
	return p == '.' || p == '!' || p == '?'
}

// Package answer answers questions and summarises platforms from the corpus, with every claim cited
// and every citation checked against the passage it points at.
//
// An [Engine] is shared by every surface (CLI, Discord, web). It retrieves passages, asks a model
// when one is configured or picks sentences extractively when not, and verifies the citations.
package answer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// Modes of an answer.
const (
	ModeExtractive = "extractive"
	ModeLLM        = "llm"
)

// Turn is one earlier message of a conversation.
type Turn struct {
	// Role is "user" or "assistant".
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Options adjust one Ask or Summarize call.
type Options struct {
	// History holds the conversation's earlier turns, oldest first.
	History []Turn
	// OnToken, if set, receives the answer text as it is produced. In model mode the reply is shown
	// sentence by sentence once it holds a verified citation, with its markers verified and renumbered
	// ("[1]"); an answer that is not verified (repaired, the offline answer, unverified, an abstention)
	// arrives whole at the end. Either way the deltas joined are exactly the returned answer's Text:
	// nothing shown is ever taken back. Extractive mode sends the whole answer once. OnToken must not
	// block for long.
	OnToken func(delta string)
}

// Citation is one verified source of an answer.
type Citation struct {
	// N is the citation's number as it appears in the answer text, "[N]", from 1 in order of appearance.
	N         int    `json:"n"`
	File      string `json:"file"`
	Paragraph int    `json:"paragraph"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
	// Quote is a verbatim span of Text that supports the claim.
	Quote string `json:"quote"`
	// Text is the whole cited passage.
	Text string `json:"text"`
	// URL opens the cited paragraph in the source viewer.
	URL string `json:"url"`
	// Title is the cited document's human title.
	Title string `json:"title"`
	// QuoteStart and QuoteEnd are the quote's byte span in the file, [QuoteStart, QuoteEnd), so a
	// viewer can mark the whole quote however long it is; both are 0 when the quote is not a verbatim
	// span of the passage.
	QuoteStart int `json:"quote_start_byte"`
	QuoteEnd   int `json:"quote_end_byte"`
	// Columns is, when the quote is a row of a Markdown table under a header row (or starts in
	// one), the header row as the document writes it ("| Term | First week starts | … |"): the names
	// of the row's cells, without which "| Summer 2026 | Monday 20 April 2026 | … |" is hard to
	// read. Empty otherwise. Like a heading, it is context shown beside the quote, never a quote
	// itself; surfaces show it as [Citation.ColumnNames]. In JSON a citation with Columns also has
	// "column_names", the names split from it (see [Citation.MarshalJSON]).
	Columns string `json:"columns,omitempty"`
	// PageSpan is, for a PDF, the page the cited paragraph starts on ("page") and, when it runs onto
	// a later page, the page it ends on ("end_page"); both left out for other documents. Surfaces
	// name the paragraph with [retrieval.PageSpan.Where]: "p. 3 ¶12".
	retrieval.PageSpan
}

// ColumnNameList returns the names of the columns Columns gives, one a cell in order, read as
// Markdown reads a row ([text.TableCells]: "\|" is a bar of its name), "" for a column without a
// name; nil when Columns is empty.
func (c Citation) ColumnNameList() []string {
	if c.Columns == "" {
		return nil
	}
	return text.TableCells(c.Columns)
}

// ColumnNames returns the names of the columns Columns gives, joined by " · " ("Term · First week
// starts · Last week ends"), as every surface shows them beside the quote; "" when Columns is empty.
// A column without a name is shown as "–", so that each name keeps its cell's place.
func (c Citation) ColumnNames() string {
	cells := c.ColumnNameList()
	for i, name := range cells {
		if name == "" {
			cells[i] = "–"
		}
	}
	return strings.Join(cells, " · ")
}

// MarshalJSON writes the citation's fields and, when Columns is set, "column_names": the names of
// its columns ([Citation.ColumnNameList], ["Term", "First week starts"]), so that a client (the
// chat page, a script) never splits a Markdown row itself. The names are derived from Columns, never
// stored: decoding ignores them, and a citation decoded from older JSON gets them when written
// again. A struct that embeds Citation gets this method too, so one that is written as JSON must
// not embed it.
func (c Citation) MarshalJSON() ([]byte, error) {
	type fields Citation // the same fields, without this method
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the caller's encoder escapes HTML, or does not, as it is set to
	err := enc.Encode(struct {
		fields
		ColumnNames []string `json:"column_names,omitempty"`
	}{fields(c), c.ColumnNameList()})
	if err != nil {
		return nil, fmt.Errorf("encoding the citation of %s ¶%d: %w", c.File, c.Paragraph, err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Verification states of an answer: how its citations were checked (see [Answer.Verification]).
const (
	// VerificationVerified: every citation shown was checked against its passage.
	VerificationVerified = "verified"
	// VerificationRepaired: the model's first reply could not be checked, and a repair round-trip
	// produced citations that could.
	VerificationRepaired = "repaired"
	// VerificationFallback: the model's answer could not be checked (or the model failed), so the
	// offline answer is shown instead.
	VerificationFallback = "fallback"
	// VerificationUnverified: the model's answer is shown although its citations could not be checked.
	VerificationUnverified = "unverified"
)

// Answer is the engine's reply to a question.
type Answer struct {
	Question string `json:"question"`
	// Query is the standalone question actually searched, when a follow-up was rewritten using the
	// history (e.g. "and Kuaishou?" → "What was Kuaishou's GMV in 2021?") or chatter around the
	// question was left out ("hey, quick q: what is Taote?" → "what is Taote?"; see
	// [text.Request]); empty otherwise.
	Query string `json:"query,omitempty"`
	// Text is the answer with citation markers "[N]".
	Text string `json:"answer"`
	// Abstained is true when the model or the offline engine says the sources do not hold the answer.
	Abstained bool   `json:"abstained"`
	Mode      string `json:"mode"`
	Model     string `json:"model,omitempty"`
	// Notice explains a degraded answer, e.g. that the model failed and this is the offline answer.
	Notice    string     `json:"notice,omitempty"`
	Citations []Citation `json:"citations"`
	// Verification says how the citations were checked: one of the Verification constants.
	Verification string `json:"verification,omitempty"`
	// Related lists the passages closest to the question when the answer abstains (same shape as
	// Citations), shown as pointers, clearly not as an answer.
	Related []Citation `json:"related,omitempty"`
	// RepairAttempted is true when the model was asked once more for verbatim quotes because no
	// citation of its first reply could be verified (for metrics; see Verification for the outcome).
	RepairAttempted bool `json:"-"`
	// ModelFailed is true when a model call failed (an API error, a timeout, an empty reply) and the
	// offline answer was served instead (for metrics).
	ModelFailed bool `json:"-"`
}

// Summary is a cited digest of what the corpus says about one platform.
type Summary struct {
	Platform  string     `json:"platform"`
	Text      string     `json:"summary"`
	Abstained bool       `json:"abstained"`
	Mode      string     `json:"mode"`
	Model     string     `json:"model,omitempty"`
	Notice    string     `json:"notice,omitempty"`
	Citations []Citation `json:"citations"`
	// Verification says, in model mode, how the summary's citations were checked, as for an
	// answer: verified, repaired (none checked out until the model was asked once more for
	// verbatim quotes) or fallback (the offline summary). Empty offline.
	Verification string `json:"verification,omitempty"`
	// RepairAttempted is true when the model was asked once more for verbatim quotes.
	RepairAttempted bool `json:"-"`
	// ModelFailed is true when the model call failed and the offline summary stands in.
	ModelFailed bool `json:"-"`
}

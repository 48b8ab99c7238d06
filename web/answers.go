package web

import (
	"cmp"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/archive"
)

// keptPage is the data of the page showing a kept answer in full.
type keptPage struct {
	Title     string
	Question  string
	HTML      template.HTML // sanitised by markdown.render
	Notice    string
	Abstained bool
	Meta      string
	Citations []keptSource
	Related   []keptSource
}

// keptSource is one source of a kept answer: the citation, and the quote to show beside it (none
// when the text shows it). It is page data only: the embedded citation's MarshalJSON would stand
// for the whole struct in JSON.
type keptSource struct {
	answer.Citation
	ShowQuote string
}

// maxRelatedQuote is how many characters of a closest passage's quote the page shows, as the chat
// page does.
const maxRelatedQuote = 160

// relatedQuote is the quote a kept answer's closest passage shows, by the chat page's rule: its quote
// (else its text) on one line, cut to maxRelatedQuote characters, unless the answer's text (shown,
// on one line) already shows it or points at it with "[N]" (an abstention quotes the passages it
// points at).
func relatedQuote(c answer.Citation, shown string) string {
	q := strings.Join(strings.Fields(cmp.Or(c.Quote, c.Text)), " ")
	if q == "" || strings.Contains(shown, q) || strings.Contains(shown, "["+strconv.Itoa(c.N)+"]") {
		return ""
	}
	if r := []rune(q); len(r) > maxRelatedQuote {
		q = string(r[:maxRelatedQuote-3]) + "…"
	}
	return q
}

func (s *Server) handleKeptAnswer() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Answers == nil {
			s.pageError(w, r, http.StatusNotFound, "no answers are kept on this server")
			return
		}
		rec, err := s.cfg.Answers.Get(r.PathValue("id"))
		if errors.Is(err, archive.ErrNotFound) {
			s.pageError(w, r, http.StatusNotFound, "no such answer: it may have expired (answers are kept for a time, the newest only)")
			return
		}
		if err != nil {
			s.log.Error("reading a kept answer", "err", err)
			s.pageError(w, r, http.StatusInternalServerError, "the answer could not be read; the server log has the details")
			return
		}
		page := keptPage{Title: "Answer", Question: rec.Question, Notice: rec.Notice, Abstained: rec.Abstained,
			HTML: template.HTML(s.md.render(rec.Text, markerTargets(rec.Citations, rec.Related, rec.Abstained)))} // #nosec: sanitised by bluemonday
		if rec.Mode == answer.ModeLLM && rec.Model != "" {
			page.Meta = "model " + rec.Model
		} else {
			page.Meta = rec.Mode
		}
		shown := strings.Join(strings.Fields(rec.Text), " ")
		for _, c := range rec.Citations {
			src := keptSource{Citation: c}
			if q := strings.Join(strings.Fields(c.Quote), " "); q != "" && !strings.Contains(shown, q) {
				src.ShowQuote = c.Quote
			}
			page.Citations = append(page.Citations, src)
		}
		// Numbered as the abstention's text points at them, "[N]".
		for _, c := range rec.Related {
			page.Related = append(page.Related, keptSource{Citation: c, ShowQuote: relatedQuote(c, shown)})
		}
		w.Header().Set("Referrer-Policy", "no-referrer")
		s.render(w, r, http.StatusOK, "answer.html", page)
	})
}

package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/llm"
	"github.com/citebot/citebot/prompts"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// In model mode an answer is shown only as what it is (the verification policy):
//
//  1. verified: at least one citation of the model's reply checks out; the reply is shown with its
//     verified citations, and markers that did not check out are removed (the notice counts them).
//  2. repaired: nothing checked out, so the model is asked once more, within the same time budget,
//     for a verbatim quote for each claim; its corrected answer checks out.
//  3. fallback: the repair did not help either; the offline answer is shown when it answers the
//     question, with a notice that the model's answer could not be checked.
//  4. unverified: otherwise the model's answer is shown without citations, marked as unverified,
//     with the closest passages as pointers.
//
// The answer abstains only when the model (or, after a model failure, the offline engine) says that
// the sources do not hold the answer; a refusal is never repaired and its notice never blames
// citation checking.

// errEmptyReply: the model's reply held no answer once reasoning and markers were removed.
var errEmptyReply = errors.New("the model's reply was empty")

// errAnswerCapped stops a streamed reply that reached the byte cap.
var errAnswerCapped = errors.New("the answer reached its length limit")

// DefaultMaxAnswerTokens is the model's reply budget in tokens when [Config.MaxAnswerTokens] is 0.
const DefaultMaxAnswerTokens = 1024

// bytesPerToken bounds the bytes kept of a reply: MaxAnswerTokens × bytesPerToken. A token is about
// four bytes of English and three of Chinese; the margin covers servers that count differently, and
// the cap stops one that ignores max_tokens.
const bytesPerToken = 8

// Notices of model answers.
const (
	noticeRemoved    = "%d citation(s) could not be verified against the sources and were removed."
	noticeFallback   = "The model's answer could not be checked against the sources, so this is the offline answer."
	noticeUnverified = "The model's answer could not be checked against the sources: read it with care. The closest passages are listed."
	noticeCut        = "The answer was cut at its length limit."
)

// newPipeline returns the reply pipeline for a model answer over sources.
func (e *Engine) newPipeline(sources []retrieval.Passage, lineUnits bool, onToken func(string)) *replyPipeline {
	v := newVerifier(sources, e.cfg.Links, e.ix.Lexicon())
	v.analysis = e.passageFacts
	return newReplyPipeline(v, e.cfg.MaxAnswerTokens*bytesPerToken, lineUnits, onToken)
}

// passageFacts returns the sentences of passage p as the index analysed them (terms, glosses and
// platforms computed once per corpus version), with spans in the passage's text.
func (e *Engine) passageFacts(p retrieval.Passage) []sentenceFacts {
	refs := e.c.sentences(&p)
	if len(refs) == 0 {
		return nil
	}
	out := make([]sentenceFacts, 0, len(refs))
	for _, r := range refs {
		s := r.sent()
		terms := make(map[string]bool, len(s.Terms))
		for _, t := range s.Terms {
			if rr, _ := utf8.DecodeRuneInString(t); !unicode.IsDigit(rr) {
				terms[t] = true
			}
		}
		plats := make(map[string]bool, len(s.Platforms))
		for _, name := range s.Platforms {
			plats[name] = true
		}
		out = append(out, sentenceFacts{sp: span{Start: r.span.Start - p.StartByte, End: r.span.End - p.StartByte},
			terms: terms, platforms: plats})
	}
	return out
}

// messages turns a rendered prompt into chat messages.
func messages(m prompts.Messages) []llm.Message {
	return []llm.Message{{Role: "system", Content: m.System}, {Role: "user", Content: m.User}}
}

// complete sends one prompt without streaming and returns the reply, within the configured timeout
// (and any earlier deadline of ctx).
func (e *Engine) complete(ctx context.Context, m prompts.Messages, maxTokens int) (llm.ChatResponse, error) {
	ctx, cancel := e.modelCtx(ctx)
	defer cancel()
	req := llm.ChatRequest{Model: e.cfg.ModelName, Messages: messages(m), Temperature: e.cfg.Temperature, MaxTokens: maxTokens}
	resp, err := e.cfg.Model.Chat(ctx, req, nil)
	if err != nil {
		return resp, fmt.Errorf("chat with %s: %w", e.cfg.ModelName, err)
	}
	return resp, nil
}

// chatInto sends one prompt and feeds the reply into p: streamed delta by delta when p has a reader,
// whole otherwise. A reply that reaches the byte cap is stopped, which is not an error.
func (e *Engine) chatInto(ctx context.Context, m prompts.Messages, p *replyPipeline) (llm.ChatResponse, error) {
	req := llm.ChatRequest{Model: e.cfg.ModelName, Messages: messages(m), Temperature: e.cfg.Temperature, MaxTokens: e.cfg.MaxAnswerTokens}
	cctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var onDelta func(string)
	if p.out != nil {
		onDelta = func(d string) {
			p.Write(d)
			if p.capped() {
				stop(errAnswerCapped)
			}
		}
	}
	resp, err := e.cfg.Model.Chat(cctx, req, onDelta)
	if err != nil && ctx.Err() == nil && errors.Is(context.Cause(cctx), errAnswerCapped) {
		err = nil
	}
	if err != nil {
		return resp, fmt.Errorf("chat with %s: %w", e.cfg.ModelName, err)
	}
	if onDelta == nil {
		p.Write(resp.Content)
	}
	return resp, nil
}

// modelAnswer asks the model over the retrieved passages, checks its citations and applies the
// verification policy. It returns an error (and has shown nothing) when the model failed or gave no
// answer; the caller then serves the offline answer.
func (e *Engine) modelAnswer(ctx context.Context, question, standalone string, passages []retrieval.Passage, onToken func(string)) (Answer, error) {
	a := Answer{Question: question, Mode: ModeLLM, Model: e.cfg.ModelName, Citations: []Citation{}}
	if standalone != question {
		a.Query = standalone
	}
	lang := text.DetectLanguage(question)
	sources := fit(passages, e.cfg.ContextTokens)
	if len(sources) == 0 {
		a.Abstained, a.Text = true, notInSources(lang)
		emit(onToken, a.Text)
		return a, nil
	}
	m, err := render(func(nonce string) (prompts.Messages, error) {
		return e.prompts.Answer(prompts.AnswerInput{Question: standalone, Language: text.LanguageName(lang), Sources: promptSources(sources), Nonce: nonce})
	})
	if err != nil {
		return Answer{}, err
	}
	// One time budget for the answer and its repair.
	asker := ctx
	ctx, cancel := e.modelCtx(ctx)
	defer cancel()
	p := e.newPipeline(sources, false, onToken)
	resp, err := e.chatInto(ctx, m, p)
	r := p.Flush()
	if resp.Model != "" {
		a.Model = resp.Model
	}
	cut := p.capped() || resp.FinishReason == "length"
	switch {
	case err != nil && (len(r.Citations) == 0 || asker.Err() != nil):
		return Answer{}, err
	case err != nil:
		// The reply broke off after verified text was shown: keep what was verified.
		e.logger.Warn("model reply interrupted; keeping its verified part", "model", e.cfg.ModelName, "err", err)
		a = e.verifiedAnswer(a, r, false)
		a.Notice = joinNotices(fmt.Sprintf("The model's answer was interrupted (%s); its verified part is shown.", failureReason(err)), a.Notice)
		return a, nil
	case len(r.Citations) > 0:
		a = e.verifiedAnswer(a, r, cut)
		if cut {
			// Shown after the text already streamed, so what was shown stays the start of the answer.
			a.Text += " …"
			emit(onToken, " …")
		}
		return a, nil
	case r.Refusal:
		return e.refusal(a, r, lang, sources, onToken), nil
	case isBlank(r.Plain):
		return Answer{}, errEmptyReply
	}
	return e.repairOrFallBack(ctx, a, r, p.cleanText(), question, standalone, lang, sources, passages, onToken)
}

// verifiedAnswer is a with the verified reply r (already shown to a stream reader).
func (e *Engine) verifiedAnswer(a Answer, r verified, cut bool) Answer {
	a.Text, a.Citations, a.Verification = r.Text, r.Citations, VerificationVerified
	if r.Dropped > 0 {
		a.Notice = fmt.Sprintf(noticeRemoved, r.Dropped)
	}
	if cut {
		a.Notice = joinNotices(a.Notice, noticeCut)
	}
	return a
}

// refusal is the abstention of a model that said the sources do not answer: its own sentence when
// it is in the asker's language, ours otherwise, and the closest passages.
func (e *Engine) refusal(a Answer, r verified, lang string, sources []retrieval.Passage, onToken func(string)) Answer {
	a.Abstained = true
	a.Text = refusalText(r.RefusalSentence, lang)
	if a.Text == "" {
		a.Text = notInSources(lang)
	}
	a.Related = e.related(sources)
	emit(onToken, a.Text)
	return a
}

// repairOrFallBack runs the repair round-trip for a reply none of whose citations checked out, then
// the rest of the policy.
func (e *Engine) repairOrFallBack(ctx context.Context, a Answer, first verified, firstText, question, standalone, lang string,
	sources, passages []retrieval.Passage, onToken func(string)) (Answer, error) {
	a.RepairAttempted = true
	r, err := e.repair(ctx, standalone, lang, firstText, sources)
	switch {
	case err != nil:
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Answer{}, ctx.Err()
		}
		e.logger.Warn("citation repair failed", "model", e.cfg.ModelName, "err", err)
	case len(r.Citations) > 0:
		a.Text, a.Citations, a.Verification = r.Text, r.Citations, VerificationRepaired
		if r.Dropped > 0 {
			a.Notice = fmt.Sprintf(noticeRemoved, r.Dropped)
		}
		emit(onToken, a.Text)
		return a, nil
	case r.Refusal:
		return e.refusal(a, r, lang, sources, onToken), nil
	}
	if off := e.extractiveAnswer(question, standalone, passages); !off.Abstained {
		off.Verification, off.Notice, off.RepairAttempted = VerificationFallback, noticeFallback, true
		emit(onToken, off.Text)
		return off, nil
	}
	a.Text, a.Verification, a.Notice = first.Plain, VerificationUnverified, noticeUnverified
	a.Related = e.related(sources)
	emit(onToken, a.Text)
	return a, nil
}

// repair asks the model once more for its answer with a verbatim quote for each claim and checks the
// result. The model may rewrite the answer (checked like a first reply) or only list quotes (then
// they are checked against its first reply's markers).
func (e *Engine) repair(ctx context.Context, standalone, lang, firstText string, sources []retrieval.Passage) (verified, error) {
	m, err := render(func(nonce string) (prompts.Messages, error) {
		return e.prompts.Repair(prompts.RepairInput{Question: standalone, Language: text.LanguageName(lang), Sources: promptSources(sources),
			Answer: firstText, Nonce: nonce})
	})
	if err != nil {
		return verified{}, err
	}
	resp, err := e.complete(ctx, m, e.cfg.MaxAnswerTokens)
	if err != nil {
		return verified{}, err
	}
	reply, _ := cleanReply(resp.Content, e.cfg.MaxAnswerTokens*bytesPerToken)
	r := verify(reply, sources, e.cfg.Links, e.ix.Lexicon())
	if len(r.Citations) > 0 && !isBlank(r.Plain) || r.Refusal {
		return r, nil
	}
	// Only quotes came back: give them to the first reply's markers.
	a := newAssembler(newVerifier(sources, e.cfg.Links, e.ix.Lexicon()), false, nil)
	a.block, a.blockKnown, a.holdUncited = quotesIn(reply, a.v.scan), true, true
	a.Write(firstText)
	a.Flush()
	return a.result(), nil
}

// quotesIn collects every quote a text gives for a source: in markers ("[S2: "…"]") and in
// definition lines ("[S2] "…"", "S2: …").
func quotesIn(text string, sc scanner) map[int][]string {
	out := map[int][]string{}
	for _, line := range strings.Split(text, "\n") {
		if defs, ok := sc.readDefinition(line, true); ok {
			for _, d := range defs {
				n := d.N
				if d.Footnote && d.Source > 0 {
					n = d.Source
				}
				out[n] = append(out[n], d.Quote)
			}
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if markerClosers[r] != 0 {
			if m, st := sc.bracketed(text, i, true); st == scanYes {
				for _, c := range m.Cites {
					if c.Quote != "" && c.Kind != kindFootnote && c.Kind != kindRef {
						out[c.N] = append(out[c.N], c.Quote)
					}
				}
				i = m.End
				continue
			}
		}
		i += size
	}
	return out
}

// related returns the passages closest to the question, the first offered sources, as pointers for an
// answer that abstains or could not be verified.
func (e *Engine) related(sources []retrieval.Passage) []Citation {
	const n = 3
	var out []Citation
	for i, p := range sources {
		if i == n {
			break
		}
		out = append(out, citationFor(p, "", i+1, e.cfg.Links))
	}
	return out
}

func joinNotices(notes ...string) string {
	var keep []string
	for _, n := range notes {
		if n != "" {
			keep = append(keep, n)
		}
	}
	return strings.Join(keep, " ")
}

// modelSummary asks the model for a digest, verifies it line by line (a point without a verified
// citation is left out), and appends extractive points for any document that mentions the platform
// but that the model left uncited. The stream shows the verified points as they come (a point
// that nothing cites waits for the end of the reply, where a list of sources may still cite it;
// sourcelist.go). When none
// checks out the model is asked once more for verbatim quotes (the repair of an answer), and only
// then does the offline summary stand in.
func (e *Engine) modelSummary(ctx context.Context, p text.Platform, passages []retrieval.Passage, onToken func(string)) (Summary, error) {
	sources := e.summarySources(p, passages)
	m, err := render(func(nonce string) (prompts.Messages, error) {
		return e.prompts.Summary(prompts.SummaryInput{Platform: p.Name, Aliases: p.Aliases, Sources: promptSources(sources),
			MaxPoints: e.cfg.SummaryPoints, Nonce: nonce})
	})
	if err != nil {
		return Summary{}, err
	}
	ctx, cancel := e.modelCtx(ctx)
	defer cancel()
	pl := e.newPipeline(sources, true, onToken)
	resp, err := e.chatInto(ctx, m, pl)
	v := pl.Flush()
	if err != nil && len(v.Citations) == 0 {
		return Summary{}, err
	}
	verification, repaired := VerificationVerified, false
	if len(v.Citations) == 0 && !isBlank(pl.cleanText()) {
		// Nothing checked out: one repair round-trip, as for an answer, in the same time budget.
		repaired = true
		r, rerr := e.repair(ctx, fmt.Sprintf("What do the sources say about %s?", p.Name), text.English, pl.cleanText(), sources)
		switch {
		case rerr != nil:
			e.logger.Warn("summary citation repair failed", "model", e.cfg.ModelName, "err", rerr)
		case len(r.Citations) > 0:
			v, verification = r, VerificationRepaired
			emit(onToken, v.Text)
		}
	}
	if len(v.Citations) == 0 {
		s := e.extractiveSummary(p, passages)
		s.Notice = "The model's summary cited no passage that could be verified, so this is the offline extractive summary."
		s.Verification, s.RepairAttempted = VerificationFallback, repaired
		emit(onToken, s.Text)
		return s, nil
	}
	s := Summary{Platform: p.Name, Mode: ModeLLM, Model: e.cfg.ModelName, Text: v.Text, Citations: v.Citations,
		Verification: verification, RepairAttempted: repaired}
	if resp.Model != "" {
		s.Model = resp.Model
	}
	var notes []string
	if err != nil {
		notes = append(notes, fmt.Sprintf("The model's summary was interrupted (%s); its verified points are shown.", failureReason(err)))
	}
	if v.Dropped > 0 {
		notes = append(notes, fmt.Sprintf(noticeRemoved, v.Dropped))
	}
	if extra := e.uncitedDocuments(p, passages, &s); extra != "" {
		s.Text += "\n" + extra
		emit(onToken, "\n"+extra)
	}
	s.Notice = strings.Join(notes, " ")
	return s, nil
}

// uncitedDocuments adds to s one extractive point (and citation) for each document that mentions the
// platform but that s does not cite, and returns those points' lines.
func (e *Engine) uncitedDocuments(p text.Platform, passages []retrieval.Passage, s *Summary) string {
	cited := map[string]bool{}
	for _, c := range s.Citations {
		cited[c.File] = true
	}
	var missing []retrieval.Passage
	for _, ps := range passages {
		if !cited[ps.File] {
			missing = append(missing, ps)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	added := map[string]bool{}
	var lines []string
	for _, pk := range e.c.summaryPoints(p.Name, missing, len(missing), e.titles) {
		if added[pk.ref.doc.File] {
			continue
		}
		added[pk.ref.doc.File] = true
		n := len(s.Citations) + 1
		quote := pk.ref.quote()
		s.Citations = append(s.Citations, citationFor(*pk.ref.passage, quote, n, e.cfg.Links))
		lines = append(lines, "- "+displaySentence(quote)+" ["+itoa(n)+"]")
	}
	return strings.Join(lines, "\n")
}

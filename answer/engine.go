package answer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/citebot/citebot/links"
	"github.com/citebot/citebot/llm"
	"github.com/citebot/citebot/prompts"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/text"
)

// Errors callers can tell apart with errors.Is.
var (
	// ErrEmptyQuestion: the question is empty or only spaces.
	ErrEmptyQuestion = errors.New("the question is empty")
	// ErrQuestionTooLong: the question exceeds [MaxQuestionBytes].
	ErrQuestionTooLong = errors.New("the question is too long")
	// ErrUnknownPlatform: Summarize was given a name that is not in the platform catalog.
	ErrUnknownPlatform = errors.New("unknown platform")
)

// MsgNoContent answers a question with no search term in it (punctuation, stop words, emoji,
// invisible characters), without searching or calling a model.
const MsgNoContent = "Please ask a question about the documents."

// MaxQuestionBytes bounds a question; longer ones are refused with [ErrQuestionTooLong] rather than cut.
const MaxQuestionBytes = 4000

// ChatModel is the chat completion call the engine needs; *llm.Client satisfies it.
type ChatModel interface {
	Chat(ctx context.Context, req llm.ChatRequest, onDelta func(string)) (llm.ChatResponse, error)
}

// Config configures an [Engine].
type Config struct {
	// Index is the searchable corpus. Required.
	Index *retrieval.Index
	// Model answers in model mode; nil means offline (extractive) mode.
	Model ChatModel
	// ModelName is the model asked for in model mode (e.g. "gpt-4o-mini", "llama3.1").
	ModelName string
	// Links builds citation URLs.
	Links links.Builder
	// Logger receives warnings such as model failures; nil discards.
	Logger *slog.Logger
	// PromptsDir, if set, holds prompt templates that replace the embedded ones (see package prompts).
	PromptsDir string
	// TopK is how many passages are retrieved per question; 0 means 8.
	TopK int
	// ContextTokens is the approximate token budget for passages in one prompt; 0 means 3000.
	ContextTokens int
	// MaxAnswerTokens bounds the model's reply, sent as max_tokens; 0 means [DefaultMaxAnswerTokens].
	// At most MaxAnswerTokens×8 bytes of a reply are kept; a longer one is cut, with a notice.
	MaxAnswerTokens int
	// Temperature of model calls; 0 means 0.2 (go-openai never sends 0).
	Temperature float32
	// Timeout bounds each model call on top of the client's own; 0 means the client's only.
	Timeout time.Duration
	// SummaryPoints bounds the points of a summary; 0 means 10.
	SummaryPoints int
	// MinConfidence is the offline answerer's estimated chance of a right answer under which it
	// abstains and shows the closest passages instead (see abstain.go); 0 means
	// [DefaultMinConfidence], a negative value never abstains when there is evidence.
	MinConfidence float64
}

// PlatformInfo is one catalog platform and how many documents mention it.
type PlatformInfo struct {
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases"`
	Documents int      `json:"documents"`
}

// Engine answers questions and summarises platforms from one index. It is safe for concurrent use.
type Engine struct {
	cfg       Config
	ix        *retrieval.Index
	prompts   *prompts.Set
	logger    *slog.Logger
	c         *corpus
	platforms []PlatformInfo
	// mentions holds, per canonical platform name, every passage that names it by any alias.
	mentions map[string][]retrieval.Passage
	// titles holds each document's title by file.
	titles map[string]string

	mu    sync.Mutex
	cache map[summaryKey]*summaryEntry
}

type summaryKey struct{ version, model, platform string }

type summaryEntry struct {
	done chan struct{}
	sum  Summary
	ok   bool
}

// New validates cfg, loads the prompts and analyses the corpus for extractive answers.
func New(cfg Config) (*Engine, error) {
	var errs []error
	if cfg.Index == nil {
		errs = append(errs, errors.New("no index given"))
	}
	if cfg.Model != nil && strings.TrimSpace(cfg.ModelName) == "" {
		errs = append(errs, errors.New("a model is configured but no model name is given"))
	}
	for _, v := range []struct {
		name string
		n    int
	}{{"TopK", cfg.TopK}, {"ContextTokens", cfg.ContextTokens}, {"MaxAnswerTokens", cfg.MaxAnswerTokens}, {"SummaryPoints", cfg.SummaryPoints}} {
		if v.n < 0 {
			errs = append(errs, fmt.Errorf("%s is negative (%d)", v.name, v.n))
		}
	}
	if cfg.Timeout < 0 {
		errs = append(errs, fmt.Errorf("Timeout is negative (%s)", cfg.Timeout))
	}
	if cfg.Temperature < 0 || cfg.Temperature > 2 {
		errs = append(errs, fmt.Errorf("Temperature %v is outside [0, 2]", cfg.Temperature))
	}
	ps, err := prompts.Load(cfg.PromptsDir)
	if err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("answer engine config: %w", err)
	}
	if cfg.TopK == 0 {
		cfg.TopK = 8
	}
	if cfg.ContextTokens == 0 {
		cfg.ContextTokens = 3000
	}
	if cfg.MaxAnswerTokens == 0 {
		cfg.MaxAnswerTokens = DefaultMaxAnswerTokens
	}
	if cfg.Temperature == 0 {
		cfg.Temperature = 0.2
	}
	if cfg.SummaryPoints == 0 {
		cfg.SummaryPoints = 10
	}
	if cfg.MinConfidence == 0 {
		cfg.MinConfidence = DefaultMinConfidence
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	e := &Engine{cfg: cfg, ix: cfg.Index, prompts: ps, logger: logger, mentions: map[string][]retrieval.Passage{},
		cache: map[summaryKey]*summaryEntry{}}
	e.c = newCorpus(cfg.Index)
	e.c.threshold = cfg.MinConfidence
	e.indexPlatforms()
	return e, nil
}

// indexPlatforms notes each document's title, the passages that name each platform and how many
// documents mention it.
func (e *Engine) indexPlatforms() {
	e.titles = map[string]string{}
	docs := map[string]map[string]bool{}
	// The platforms each passage names were found when the corpus was indexed (scanning every
	// passage for every alias here took most of the engine's start: 0.3 s at 10,000 chunks). They
	// come in the order of the passages, which are in the order of the documents (by file), so the
	// index's own passages are walked file by file rather than copied.
	named := e.ix.PassagePlatforms()
	i := 0
	for _, d := range e.ix.Documents() {
		e.titles[d.File] = d.Title
		for _, p := range e.ix.FilePassages(d.File) {
			for _, name := range named[i] {
				e.mentions[name] = append(e.mentions[name], p)
				if docs[name] == nil {
					docs[name] = map[string]bool{}
				}
				docs[name][p.File] = true
			}
			i++
		}
	}
	for _, p := range e.ix.Catalog().Platforms() {
		e.platforms = append(e.platforms, PlatformInfo{Name: p.Name, Aliases: append([]string{}, p.Aliases...), Documents: len(docs[p.Name])})
	}
}

// Platforms lists the catalog's platforms with how many documents mention each.
func (e *Engine) Platforms() []PlatformInfo {
	out := make([]PlatformInfo, len(e.platforms))
	for i, p := range e.platforms {
		p.Aliases = append([]string{}, p.Aliases...)
		out[i] = p
	}
	return out
}

// Ask answers question from the corpus. Follow-ups are first rewritten into a standalone question
// using opts.History. In model mode a failed model call falls back to the offline answer, with a
// Notice saying so; the error is non-nil only for bad input, a failed search or a cancelled ctx.
func (e *Engine) Ask(ctx context.Context, question string, opts Options) (Answer, error) {
	q := strings.TrimSpace(question)
	switch {
	case q == "":
		return Answer{}, fmt.Errorf("ask: %w", ErrEmptyQuestion)
	case len(q) > MaxQuestionBytes:
		return Answer{}, fmt.Errorf("ask: %w (%d bytes, at most %d)", ErrQuestionTooLong, len(q), MaxQuestionBytes)
	}
	req := e.questionProper(q)
	if len(opts.History) == 0 && (req == "" || !e.hasContent(req)) {
		// "???", "the", an emoji, a zero-width space or a greeting alone: no search term at all, so
		// any passage retrieved would be unrelated. (With history, "why?" is a follow-up and is rewritten.)
		a := Answer{Question: q, Text: MsgNoContent, Abstained: true, Mode: ModeExtractive, Citations: []Citation{}}
		emit(opts.OnToken, a.Text)
		return a, nil
	}
	respelt := req != ""
	if !respelt {
		req = q
	}
	standalone := e.standalone(ctx, req, opts.History)
	k := e.cfg.TopK
	if e.cfg.Model == nil {
		// Offline, more candidates cost little and the scoring keeps the answer tight; a few more
		// are fetched because passages without a sentence to quote (a fragment such as "Useful
		// flags:") are dropped. Search itself leaves out passages that only structure a document.
		k = max(k, offlinePassages) + offlinePassages/3
	}
	search := e.ix.Search
	if respelt && standalone == req {
		search = e.ix.SearchRespelt // questionProper has corrected it (a rewritten follow-up is new text)
	}
	results, err := search(ctx, standalone, k)
	if err != nil {
		return Answer{}, fmt.Errorf("ask: searching the corpus: %w", err)
	}
	passages := make([]retrieval.Passage, len(results))
	for i, r := range results {
		passages[i] = r.Passage
	}
	if e.cfg.Model == nil {
		a := offlineVerified(e.extractiveAnswer(q, standalone, passages))
		e.nameColumns(a.Citations, a.Related)
		emit(opts.OnToken, a.Text)
		return a, nil
	}
	a, err := e.modelAnswer(ctx, q, standalone, passages, opts.OnToken)
	if err != nil {
		if ctx.Err() != nil {
			return Answer{}, fmt.Errorf("ask: %w", ctx.Err())
		}
		// Nothing of the model's reply was shown: the offline answer replaces nothing.
		e.logger.Warn("model call failed; answering offline", "model", e.cfg.ModelName, "err", err)
		a = e.extractiveAnswer(q, standalone, passages)
		if !a.Abstained {
			a.Verification = VerificationFallback
		}
		a.ModelFailed = true
		a.Notice = "The model could not answer (" + failureReason(err) + "), so this is the offline extractive answer."
		emit(opts.OnToken, a.Text)
	}
	e.nameColumns(a.Citations, a.Related)
	return a, nil
}

// Warm computes ahead what the first question of a kind would otherwise wait for: the forms the
// corpus writes its words in, which a question typed all in lower case takes (about half a second
// at 40,000 chunks; see [text.CaseForms]). A server calls it beside its start and after a reload;
// a one-shot command need not.
func (e *Engine) Warm() { e.c.caseForms() }

// questionProper returns what q asks, as searched and weighed: without the chatter around a chat
// question ("hey, quick q:", "can you tell me", "thanks!"), which asks nothing and whose words only
// pull the answer off (see [text.Request]); with its misspelt words corrected by the corpus's
// vocabulary, since a misspelt word finds nothing and counts against the answer ("Toabao" is
// meant as "Taobao"; see [retrieval.Index.Respell]); and, typed all in lower case, with its names'
// capitals back as the corpus writes them ("gmv" → "GMV"), since names are read by their capitals
// (see [text.RestoreCase]). "" when q is chatter only.
func (e *Engine) questionProper(q string) string {
	req := text.Request(q)
	if req == "" {
		return ""
	}
	req, _ = e.ix.Respell(req)
	return text.RestoreCase(req, e.c.caseForms)
}

// offlineVerified marks an extractive answer's citations as verified: every one quotes its passage.
func offlineVerified(a Answer) Answer {
	if !a.Abstained && len(a.Citations) > 0 {
		a.Verification = VerificationVerified
	}
	return a
}

// nameColumns sets Columns on each citation whose quote is from a row of a Markdown table under a
// header row (see [text.Doc.HeaderRow]), whichever answerer quoted it: the offline one, a model
// (verified or repaired), or an abstention's closest passages.
func (e *Engine) nameColumns(lists ...[]Citation) {
	for _, cs := range lists {
		for i := range cs {
			c := &cs[i]
			if c.QuoteEnd <= c.QuoteStart {
				continue // no verbatim quote to place
			}
			d, ok := e.c.docs[c.File]
			doc, found := e.ix.Document(c.File)
			if ok && found {
				c.Columns = d.HeaderRow(doc.Text, c.QuoteStart)
			}
		}
	}
}

func emit(f func(string), s string) {
	if f != nil && s != "" {
		f(s)
	}
}

// failureReason describes a model failure for users without leaking details such as keys or URLs.
func failureReason(err error) string {
	var api *llm.APIError
	switch {
	case errors.As(err, &api) && api.Code == "insufficient_quota":
		return "the API quota is exhausted"
	case errors.As(err, &api) && api.Status == 429:
		return "rate limited"
	case errors.As(err, &api) && api.Status >= 500:
		return fmt.Sprintf("server error %d", api.Status)
	case errors.As(err, &api) && (api.Status == 401 || api.Status == 403):
		return "not authorised"
	case errors.As(err, &api) && (api.Status == 404 || api.Code == "model_not_found"):
		// OpenAI answers an unknown model with 404 model_not_found, Ollama and LM Studio with a
		// 404 too: most often CITEBOT_CHAT_MODEL names a model the server does not have.
		return "model not found (error 404): check that CITEBOT_CHAT_MODEL names a model the server has"
	case errors.As(err, &api):
		return fmt.Sprintf("error %d", api.Status)
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.Is(err, errEmptyReply):
		return "it gave no answer"
	default:
		return "unreachable or invalid reply"
	}
}

// notInSources is the abstention message in the asker's language.
func notInSources(lang string) string {
	switch lang {
	case text.Spanish:
		return "Las fuentes no responden a esta pregunta."
	case text.Chinese:
		return "资料中没有这个问题的答案。"
	default:
		return "The sources do not answer this question."
	}
}

// modelCtx applies the configured per-call timeout.
func (e *Engine) modelCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	if e.cfg.Timeout > 0 {
		return context.WithTimeout(ctx, e.cfg.Timeout)
	}
	return context.WithCancel(ctx)
}

// fit keeps passages, in order, while their approximate tokens fit the budget (at least one).
func fit(passages []retrieval.Passage, budget int) []retrieval.Passage {
	used := 0
	var out []retrieval.Passage
	for _, p := range passages {
		t := approxTokens(p.Text) + 20
		if len(out) > 0 && used+t > budget {
			continue
		}
		used += t
		out = append(out, p)
	}
	return out
}

func promptSources(ps []retrieval.Passage) []prompts.Source {
	out := make([]prompts.Source, len(ps))
	for i, p := range ps {
		out[i] = prompts.Source{ID: "S" + itoa(i+1), File: p.File, Paragraph: p.Paragraph, Heading: p.Heading, Text: p.Text}
	}
	return out
}

// render draws a fresh nonce until the untrusted text does not contain it.
func render(f func(nonce string) (prompts.Messages, error)) (prompts.Messages, error) {
	for range 3 {
		nonce, err := prompts.NewNonce()
		if err != nil {
			return prompts.Messages{}, err
		}
		m, err := f(nonce)
		if errors.Is(err, prompts.ErrNonce) {
			continue
		}
		return m, err
	}
	return prompts.Messages{}, fmt.Errorf("rendering prompt: %w", prompts.ErrNonce)
}

// Summarize returns a cited digest of what the corpus says about platform (any catalog name or
// alias, case-insensitive). Every document that mentions the platform is cited at least once.
// Summaries are cached per corpus version, model and platform.
func (e *Engine) Summarize(ctx context.Context, platform string, opts Options) (Summary, error) {
	p, ok := e.ix.Catalog().Lookup(strings.TrimSpace(platform))
	if !ok {
		var names []string
		for _, pi := range e.platforms {
			names = append(names, pi.Name)
		}
		return Summary{}, fmt.Errorf("summarize %q: %w; known platforms: %s", platform, ErrUnknownPlatform, strings.Join(names, ", "))
	}
	model := ""
	if e.cfg.Model != nil {
		model = e.cfg.ModelName
	}
	key := summaryKey{e.ix.Version(), model, p.Name}
	for {
		e.mu.Lock()
		ent, found := e.cache[key]
		if !found {
			ent = &summaryEntry{done: make(chan struct{})}
			e.cache[key] = ent
			e.mu.Unlock()
			break
		}
		e.mu.Unlock()
		select {
		case <-ent.done:
			if ent.ok {
				emit(opts.OnToken, ent.sum.Text)
				return cloneSummary(ent.sum), nil
			}
			// The computation that held the slot failed or was degraded; compute again.
			e.mu.Lock()
			if e.cache[key] == ent {
				delete(e.cache, key)
			}
			e.mu.Unlock()
		case <-ctx.Done():
			return Summary{}, fmt.Errorf("summarize %s: %w", p.Name, ctx.Err())
		}
	}
	sum, err := e.summarize(ctx, p, opts)
	e.nameColumns(sum.Citations)
	e.mu.Lock()
	ent := e.cache[key]
	// A summary that fell back to offline mode is not cached, so the model is tried again next time.
	if err == nil && (e.cfg.Model == nil || sum.Mode == ModeLLM) {
		ent.sum, ent.ok = cloneSummary(sum), true
	} else {
		delete(e.cache, key)
	}
	close(ent.done)
	e.mu.Unlock()
	return sum, err
}

func cloneSummary(s Summary) Summary {
	s.Citations = append([]Citation{}, s.Citations...)
	return s
}

func (e *Engine) summarize(ctx context.Context, p text.Platform, opts Options) (Summary, error) {
	passages := e.mentions[p.Name]
	if len(passages) == 0 {
		s := Summary{Platform: p.Name, Abstained: true, Mode: ModeExtractive, Citations: []Citation{},
			Text: "The sources do not mention " + p.Name + "."}
		emit(opts.OnToken, s.Text)
		return s, nil
	}
	if e.cfg.Model == nil {
		s := e.extractiveSummary(p, passages)
		emit(opts.OnToken, s.Text)
		return s, nil
	}
	s, err := e.modelSummary(ctx, p, passages, opts.OnToken)
	if err != nil {
		if ctx.Err() != nil {
			return Summary{}, fmt.Errorf("summarize %s: %w", p.Name, ctx.Err())
		}
		e.logger.Warn("model summary failed; summarising offline", "model", e.cfg.ModelName, "platform", p.Name, "err", err)
		s = e.extractiveSummary(p, passages)
		s.Notice = "The model could not summarise (" + failureReason(err) + "), so this is the offline extractive summary."
		s.Verification, s.ModelFailed = VerificationFallback, true
		emit(opts.OnToken, s.Text)
	}
	return s, nil
}

// summarySources orders a platform's passages for the prompt: first the passage of each document
// that names the platform most, then the rest in corpus order, fitted to the budget.
func (e *Engine) summarySources(p text.Platform, passages []retrieval.Passage) []retrieval.Passage {
	best := map[string]int{}
	count := func(ps retrieval.Passage) int {
		n := 0
		for _, m := range e.ix.Catalog().Find(ps.Text) {
			if m.Platform == p.Name {
				n++
			}
		}
		return n
	}
	counts := make([]int, len(passages))
	for i, ps := range passages {
		counts[i] = count(ps)
		if j, ok := best[ps.File]; !ok || counts[i] > counts[j] {
			best[ps.File] = i
		}
	}
	var first, rest []retrieval.Passage
	firstIdx := map[int]bool{}
	for _, i := range best {
		firstIdx[i] = true
	}
	for i, ps := range passages {
		if firstIdx[i] {
			first = append(first, ps)
		} else {
			rest = append(rest, ps)
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return count(rest[i]) > count(rest[j]) })
	return fit(append(first, rest...), e.cfg.ContextTokens)
}

// approxTokens estimates the model tokens of s: one per Han character, one per four other runes.
func approxTokens(s string) int {
	han, other := 0, 0
	for _, r := range s {
		if text.IsHan(r) {
			han++
		} else {
			other++
		}
	}
	return han + int(math.Ceil(float64(other)/4))
}

func itoa(n int) string { return strconv.Itoa(n) }

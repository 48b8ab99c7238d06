package answer

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/prompts"
	"github.com/citebot/citebot/text"
)

// Follow-up questions ("and Kuaishou?", "why?", "¿y Kuaishou?", "那快手呢？") depend on the
// conversation. Before retrieval they are rewritten into a standalone question: by the model in model
// mode (falling back to the offline rule if the call fails), and offline by carrying the earlier
// question over, with its platform replaced when the follow-up names a new one.

var (
	followUpStarts = []string{"and ", "and?", "what about", "how about", "also", "why", "but ", "then ", "same for",
		"y ", "¿y ", "e ", "¿por qué", "por qué", "¿y", "y?", "¿qué hay de", "qué hay de", "¿y en", "también",
		"那", "还有", "和", "为什么", "那么", "呢"}
	followUpPronouns = map[string]bool{"it": true, "its": true, "they": true, "them": true, "their": true, "he": true,
		"she": true, "his": true, "her": true, "eso": true, "esto": true, "ello": true, "ellos": true, "ellas": true}
	zhPronouns = []string{"它", "他们", "她", "他", "这家", "该公司", "该平台"}
)

// isFollowUp reports whether q reads as a follow-up that needs the conversation: short, opening with
// a connective, or leaning on a pronoun. Traditional characters are read as simplified ones (還有 is
// 还有, 該公司 is 该公司; see [text.Simplify]).
func isFollowUp(q string) bool {
	q = text.Simplify(q)
	low := strings.ToLower(strings.TrimSpace(q))
	for _, s := range followUpStarts {
		if strings.HasPrefix(low, s) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if followUpPronouns[w] {
			return true
		}
	}
	for _, p := range zhPronouns {
		if strings.Contains(q, p) {
			return true
		}
	}
	n := 0
	for _, w := range text.Words(q) {
		if !text.IsStopword(w) {
			n++
		}
	}
	han := 0
	for _, r := range q {
		if text.IsHan(r) {
			han++
		}
	}
	return n+han/2 <= 2
}

// standalone returns the question to search: q itself, or q rewritten with the history when it is a
// follow-up.
func (e *Engine) standalone(ctx context.Context, q string, history []Turn) string {
	var users []string
	for _, t := range history {
		if t.Role == "user" && strings.TrimSpace(t.Content) != "" {
			users = append(users, strings.TrimSpace(t.Content))
		}
	}
	if len(users) == 0 || !isFollowUp(q) {
		return q
	}
	if e.cfg.Model != nil {
		if r, err := e.modelRewrite(ctx, q, history); err == nil && r != "" {
			return r
		} else if err != nil {
			e.logger.Warn("follow-up rewrite by the model failed; rewriting offline", "model", e.cfg.ModelName, "err", err)
		}
	}
	prev := users[0]
	for _, u := range users[1:] {
		if isFollowUp(u) {
			prev = e.rewriteOffline(prev, u)
		} else {
			prev = u
		}
	}
	return e.rewriteOffline(prev, q)
}

// rewriteOffline merges follow-up q into the earlier standalone question prev: a platform named in q
// replaces the one in prev, a number in q replaces the one in prev, and other content words of q are
// appended.
func (e *Engine) rewriteOffline(prev, q string) string {
	cat := e.ix.Catalog()
	cur := cat.Names(q)
	base := prev
	if len(cur) > 0 {
		ms := cat.Find(prev)
		if len(ms) == 0 {
			base = prev + " " + strings.Join(cur, " ")
		} else {
			var b strings.Builder
			last := 0
			for i, m := range ms {
				b.WriteString(prev[last:m.Start])
				b.WriteString(cur[min(i, len(cur)-1)])
				last = m.End
			}
			b.WriteString(prev[last:])
			base = b.String()
		}
	}
	rest := cat.Strip(q)
	var nums []string
	for _, w := range text.Words(rest) {
		if w.Number {
			nums = append(nums, w.Lower)
		}
	}
	if len(nums) > 0 {
		for _, w := range text.Words(base) {
			if w.Number && len(w.Lower) == len(nums[0]) {
				return base[:w.Start] + nums[0] + base[w.End:]
			}
		}
	}
	extra := false
	for _, w := range text.Words(rest) {
		if !text.IsStopword(w) && !connective[w.Folded] {
			extra = true
		}
	}
	for _, p := range e.c.lex.Segment(rest) {
		if !p.Stop && !strings.ContainsAny(p.Word, "那还有呢") {
			extra = true
		}
	}
	if extra {
		return base + " " + strings.TrimSpace(q)
	}
	return base
}

var connective = map[string]bool{"and": true, "what": true, "about": true, "also": true, "y": true, "e": true, "tambien": true}

// modelRewrite asks the model for the standalone question.
func (e *Engine) modelRewrite(ctx context.Context, q string, history []Turn) (string, error) {
	if len(history) > 6 {
		history = history[len(history)-6:]
	}
	turns := make([]prompts.Turn, len(history))
	for i, t := range history {
		role := "user"
		if t.Role == "assistant" {
			role = "assistant"
		}
		c := t.Content
		if len(c) > 1500 {
			c = c[:1500]
			for len(c) > 0 && !utf8.ValidString(c) {
				c = c[:len(c)-1]
			}
		}
		turns[i] = prompts.Turn{Role: role, Content: c}
	}
	m, err := render(func(nonce string) (prompts.Messages, error) {
		return e.prompts.Rewrite(prompts.RewriteInput{History: turns, Question: q, Nonce: nonce})
	})
	if err != nil {
		return "", err
	}
	resp, err := e.complete(ctx, m, 120)
	if err != nil {
		return "", err
	}
	line, _ := cleanReply(resp.Content, 0) // a reasoning model's <think> block is no question
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = strings.TrimSpace(line[:i])
	}
	line = strings.TrimSpace(strings.Trim(line, `"“”'`))
	line = strings.TrimPrefix(line, "Standalone question:")
	if len(line) > MaxQuestionBytes {
		return "", nil
	}
	return strings.TrimSpace(line), nil
}

package bot

import (
	"log/slog"

	"github.com/citebot/citebot/answer"
	"github.com/citebot/citebot/questionlog"
)

// QuestionLog records the questions the bot answers and the votes they get; *questionlog.Log
// implements it. It stores users only as salted hashes.
type QuestionLog interface {
	Record(e questionlog.Entry) (string, error)
	Vote(id, surface, user, vote string) error
}

var _ QuestionLog = (*questionlog.Log)(nil)

// recordQuestion logs an answered question; a failure is logged and changes nothing for the user.
func (b *Bot) recordQuestion(j job, a answer.Answer) {
	if b.cfg.Questions == nil {
		return
	}
	e := questionlog.Entry{ID: j.answerID, Surface: questionlog.SurfaceDiscord, Via: j.via, User: j.user, Answer: a}
	if _, err := b.cfg.Questions.Record(e); err != nil {
		j.log.Warn("recording the question failed", "err", err)
	}
}

// recordVote logs a 👍/👎 on the answer answerID.
func (b *Bot) recordVote(answerID, user, vote string, log *slog.Logger) {
	if b.cfg.Questions == nil {
		return
	}
	if err := b.cfg.Questions.Vote(answerID, questionlog.SurfaceDiscord, user, vote); err != nil {
		log.Warn("recording the vote failed", "err", err)
	}
}

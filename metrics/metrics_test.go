package metrics

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/answer"
)

// Asks are counted by how they were verified; a repair counts by its outcome; a fallback counts
// whether the model failed or its answer could not be checked, and only a failure is a model error.
func TestObserveAskVerification(t *testing.T) {
	m := New()
	for _, a := range []answer.Answer{
		{Mode: answer.ModeLLM, Verification: answer.VerificationVerified},
		{Mode: answer.ModeLLM, Verification: answer.VerificationRepaired, RepairAttempted: true},
		{Mode: answer.ModeExtractive, Verification: answer.VerificationFallback, RepairAttempted: true},
		{Mode: answer.ModeLLM, Verification: answer.VerificationUnverified, RepairAttempted: true},
		{Mode: answer.ModeExtractive, Verification: answer.VerificationFallback, ModelFailed: true, Notice: "the model could not answer"},
		{Mode: answer.ModeLLM, Abstained: true},
	} {
		m.ObserveAsk(SurfaceWeb, a, nil, time.Millisecond)
	}
	m.ObserveAsk(SurfaceWeb, answer.Answer{}, context.Canceled, time.Millisecond)
	m.ObserveAsk(SurfaceWeb, answer.Answer{}, errors.New("search failed"), time.Millisecond)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`citebot_questions_total{surface="web"} 8`,
		`citebot_answer_verification_total{surface="web",verification="verified"} 1`,
		`citebot_answer_verification_total{surface="web",verification="repaired"} 1`,
		`citebot_answer_verification_total{surface="web",verification="fallback"} 2`,
		`citebot_answer_verification_total{surface="web",verification="unverified"} 1`,
		`citebot_answer_verification_total{surface="web",verification="abstained"} 1`,
		`citebot_citation_repairs_total{outcome="repaired",surface="web"} 1`,
		`citebot_citation_repairs_total{outcome="failed",surface="web"} 2`,
		`citebot_fallbacks_total{surface="web"} 2`,
		`citebot_model_errors_total{surface="web"} 2`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// Summaries count their repair round-trips by outcome and their fallbacks; only a failed model call
// is a model error.
func TestObserveSummaryRepairs(t *testing.T) {
	m := New()
	for _, s := range []answer.Summary{
		{Mode: answer.ModeLLM, Verification: answer.VerificationVerified},
		{Mode: answer.ModeLLM, Verification: answer.VerificationRepaired, RepairAttempted: true},
		{Mode: answer.ModeExtractive, Verification: answer.VerificationFallback, RepairAttempted: true},
		{Mode: answer.ModeExtractive, Verification: answer.VerificationFallback, ModelFailed: true},
		{Mode: answer.ModeExtractive},
	} {
		m.ObserveSummary(SurfaceDiscord, s, nil, time.Millisecond)
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`citebot_summaries_total{surface="discord"} 5`,
		`citebot_citation_repairs_total{outcome="repaired",surface="discord"} 1`,
		`citebot_citation_repairs_total{outcome="failed",surface="discord"} 1`,
		`citebot_fallbacks_total{surface="discord"} 2`,
		`citebot_model_errors_total{surface="discord"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

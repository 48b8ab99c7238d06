// Package metrics holds citebot's Prometheus metrics, shared by every surface of a process (the web
// server, the Discord bot, the CLI) so that one /metrics endpoint shows them all.
package metrics

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/citebot/citebot/answer"
)

// Surfaces that report to [Metrics]; they become the "surface" label.
const (
	SurfaceWeb     = "web"
	SurfaceDiscord = "discord"
	SurfaceCLI     = "cli"
)

// Metrics holds the Prometheus metrics of citebot. One value is shared by every surface of a process
// (the web server, the Discord bot) so that /metrics shows them all; its methods are safe for
// concurrent use. Build it with [New].
type Metrics struct {
	reg *prometheus.Registry

	questions        *prometheus.CounterVec
	summaries        *prometheus.CounterVec
	answerLatency    *prometheus.HistogramVec
	retrievalLatency *prometheus.HistogramVec
	modelErrors      *prometheus.CounterVec
	fallbacks        *prometheus.CounterVec
	repairs          *prometheus.CounterVec
	verification     *prometheus.CounterVec
	quotaRejections  *prometheus.CounterVec
	httpRequests     *prometheus.CounterVec
	httpLatency      *prometheus.HistogramVec
	reloads          prometheus.Counter
	reloadErrors     prometheus.Counter
	reloadLatency    prometheus.Histogram
	corpusDocuments  prometheus.Gauge
	corpusChunks     prometheus.Gauge
}

// New registers citebot's metrics, plus the Go runtime and process collectors, in a new
// registry.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	latencyBuckets := []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}
	m := &Metrics{
		reg: reg,
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_questions_total",
			Help: "Questions received, by surface.",
		}, []string{"surface"}),
		summaries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_summaries_total",
			Help: "Platform summaries requested, by surface.",
		}, []string{"surface"}),
		answerLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "citebot_answer_duration_seconds",
			Help:    "Time to produce an answer or summary, by surface, kind (ask, summary), mode (extractive, llm) and outcome (ok, abstained, error).",
			Buckets: latencyBuckets,
		}, []string{"surface", "kind", "mode", "outcome"}),
		retrievalLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "citebot_retrieval_duration_seconds",
			Help:    "Time to search the index, by surface.",
			Buckets: latencyBuckets,
		}, []string{"surface"}),
		modelErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_model_errors_total",
			Help: "Answers or summaries whose model call failed (whether or not an offline fallback was served), by surface.",
		}, []string{"surface"}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_fallbacks_total",
			Help: "Answers or summaries served by the offline answerer because the model failed or its answer could not be verified, by surface.",
		}, []string{"surface"}),
		repairs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_citation_repairs_total",
			Help: "Repair round-trips (the model asked once more for verbatim quotes because no citation of its answer checked out), by surface and outcome (repaired, failed).",
		}, []string{"surface", "outcome"}),
		verification: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_answer_verification_total",
			Help: "Answers by how their citations were checked (verified, repaired, fallback, unverified, abstained), by surface.",
		}, []string{"surface", "verification"}),
		quotaRejections: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_quota_rejections_total",
			Help: "Requests refused because a quota or concurrency limit was reached, by surface.",
		}, []string{"surface"}),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "citebot_http_requests_total",
			Help: "HTTP requests served, by route pattern and status code.",
		}, []string{"route", "code"}),
		httpLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "citebot_http_request_duration_seconds",
			Help:    "HTTP request latency, by route pattern.",
			Buckets: latencyBuckets,
		}, []string{"route"}),
		reloads: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "citebot_corpus_reloads_total",
			Help: "Reloads of the corpus while serving (a change in the corpus folder, or SIGHUP), whatever their outcome.",
		}),
		reloadErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "citebot_corpus_reload_errors_total",
			Help: "Reloads of the corpus that failed or could not update the index; the previous version kept being served.",
		}),
		reloadLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "citebot_corpus_reload_duration_seconds",
			Help:    "Time from the start of a reload to the new version being served (or the reload failing).",
			Buckets: latencyBuckets,
		}),
		corpusDocuments: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "citebot_corpus_documents",
			Help: "Documents in the corpus version being served.",
		}),
		corpusChunks: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "citebot_corpus_chunks",
			Help: "Passages (chunks) in the corpus version being served.",
		}),
	}
	reg.MustRegister(m.questions, m.summaries, m.answerLatency, m.retrievalLatency, m.modelErrors,
		m.fallbacks, m.repairs, m.verification, m.quotaRejections, m.httpRequests, m.httpLatency,
		m.reloads, m.reloadErrors, m.reloadLatency, m.corpusDocuments, m.corpusChunks)
	// Export zeros for the known surfaces, so that rates and alerts work before the first event.
	for _, surface := range []string{SurfaceWeb, SurfaceDiscord, SurfaceCLI} {
		for _, c := range []*prometheus.CounterVec{m.questions, m.summaries, m.modelErrors, m.fallbacks, m.quotaRejections} {
			c.WithLabelValues(surface)
		}
	}
	return m
}

// Registry returns the registry the metrics live in, so a caller can register its own collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// ObserveAsk records one question answered (or not) on surface: it counts the question, its latency,
// how the answer was verified, a citation repair round-trip, and a model error and fallback when the
// model failed (or err is not the asker's fault).
func (m *Metrics) ObserveAsk(surface string, a answer.Answer, err error, d time.Duration) {
	m.questions.WithLabelValues(surface).Inc()
	m.latency(surface, "ask", a.Mode, a.Abstained, err, d)
	if err != nil {
		m.countError(surface, err)
		return
	}
	if a.ModelFailed {
		m.modelErrors.WithLabelValues(surface).Inc()
	}
	if a.ModelFailed && a.Mode == answer.ModeExtractive || a.Verification == answer.VerificationFallback {
		m.fallbacks.WithLabelValues(surface).Inc()
	}
	m.countRepair(surface, a.RepairAttempted, a.Verification)
	switch {
	case a.Abstained:
		m.verification.WithLabelValues(surface, "abstained").Inc()
	case a.Verification != "":
		m.verification.WithLabelValues(surface, a.Verification).Inc()
	}
}

// ObserveSummary records one platform summary produced (or not) on surface, like [Metrics.ObserveAsk]:
// its latency, a model error, a fallback to the offline summary and a citation repair round-trip.
func (m *Metrics) ObserveSummary(surface string, s answer.Summary, err error, d time.Duration) {
	m.summaries.WithLabelValues(surface).Inc()
	m.latency(surface, "summary", s.Mode, s.Abstained, err, d)
	if err != nil {
		m.countError(surface, err)
		return
	}
	if s.ModelFailed {
		m.modelErrors.WithLabelValues(surface).Inc()
	}
	if s.Verification == answer.VerificationFallback {
		m.fallbacks.WithLabelValues(surface).Inc()
	}
	m.countRepair(surface, s.RepairAttempted, s.Verification)
}

// countRepair counts a citation repair round-trip of an answer or summary by its outcome.
func (m *Metrics) countRepair(surface string, attempted bool, verification string) {
	if !attempted {
		return
	}
	outcome := "failed"
	if verification == answer.VerificationRepaired {
		outcome = "repaired"
	}
	m.repairs.WithLabelValues(surface, outcome).Inc()
}

// latency records how long an answer or summary took, by its outcome.
func (m *Metrics) latency(surface, kind, mode string, abstained bool, err error, d time.Duration) {
	outcome := "ok"
	switch {
	case errors.Is(err, context.Canceled):
		outcome = "cancelled" // the asker left; nothing failed
	case err != nil:
		outcome = "error"
	case abstained:
		outcome = "abstained"
	}
	if mode == "" {
		mode = "none"
	}
	m.answerLatency.WithLabelValues(surface, kind, mode, outcome).Observe(d.Seconds())
}

// countError counts a failed answer as a model error unless the asker caused it or left.
func (m *Metrics) countError(surface string, err error) {
	if !isUserError(err) && !errors.Is(err, context.Canceled) {
		m.modelErrors.WithLabelValues(surface).Inc()
	}
}

// isUserError reports whether err is the asker's fault rather than a failure of the engine or model.
func isUserError(err error) bool {
	return errors.Is(err, answer.ErrEmptyQuestion) || errors.Is(err, answer.ErrQuestionTooLong) ||
		errors.Is(err, answer.ErrUnknownPlatform)
}

// ObserveRetrieval records the latency of one index search on surface.
func (m *Metrics) ObserveRetrieval(surface string, d time.Duration) {
	m.retrievalLatency.WithLabelValues(surface).Observe(d.Seconds())
}

// QuotaRejection counts one request refused on surface because a quota or limit was reached.
func (m *Metrics) QuotaRejection(surface string) {
	m.quotaRejections.WithLabelValues(surface).Inc()
}

// ObserveHTTP records one HTTP request served by route (its pattern) with status code.
func (m *Metrics) ObserveHTTP(route string, code int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.httpRequests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.httpLatency.WithLabelValues(route).Observe(d.Seconds())
}

// ObserveCorpus records the size of the corpus version now being served.
func (m *Metrics) ObserveCorpus(documents, chunks int) {
	m.corpusDocuments.Set(float64(documents))
	m.corpusChunks.Set(float64(chunks))
}

// ObserveReload records one reload of the corpus that took d; err is why it failed (the previous
// version is then still served), nil when it succeeded or found nothing to change.
func (m *Metrics) ObserveReload(err error, d time.Duration) {
	m.reloads.Inc()
	if err != nil {
		m.reloadErrors.Inc()
	}
	m.reloadLatency.Observe(d.Seconds())
}

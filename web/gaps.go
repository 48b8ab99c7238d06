package web

import (
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/citebot/citebot/gaps"
)

// GapReport makes the knowledge-gap report of the questions asked since a time (cmd/citebot builds
// it from the question log and the index).
type GapReport func(ctx context.Context, since time.Time) (gaps.Report, error)

// defaultGapPeriod is the period /gaps covers without ?since=, as `citebot gaps` does.
const defaultGapPeriod = "7d"

// gapsPage is the data of the gap report page.
type gapsPage struct {
	Title  string
	Period string
	Report gaps.Report
}

// handleGaps serves the gap report: HTML for browsers, the JSON of `citebot gaps --json` for
// clients that ask for application/json. Only loopback clients, or those with the admin token, may
// see it: it shows what people asked.
func (s *Server) handleGaps() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.adminAllowed(w, r) {
			return
		}
		w.Header().Set("X-Robots-Tag", "noindex")
		if s.cfg.Gaps == nil {
			s.pageError(w, r, http.StatusNotFound, "there is no gap report: the question log is off (CITEBOT_LOG_DAYS=0)")
			return
		}
		period := cmp.Or(strings.TrimSpace(r.URL.Query().Get("since")), defaultGapPeriod)
		since, err := gaps.ParseSince(period, time.Now())
		if err != nil {
			s.pageError(w, r, http.StatusBadRequest, "since: "+err.Error())
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.AskTimeout)
		defer cancel()
		rep, err := s.cfg.Gaps(ctx, since)
		if err != nil {
			status, msg := s.classify(ctx, "gap report", err)
			s.pageError(w, r, status, msg)
			return
		}
		if strings.Contains(r.Header.Get("Accept"), "application/json") {
			encode(w, http.StatusOK, rep)
			return
		}
		s.render(w, r, http.StatusOK, "gaps.html", gapsPage{Title: "Knowledge gaps", Period: period, Report: rep})
	})
}

// adminAllowed lets a request through when it carries the admin token, or comes from a loopback
// client directly; otherwise it answers 401 or 403 and says how to get in. The token is compared in
// constant time and never logged.
func (s *Server) adminAllowed(w http.ResponseWriter, r *http.Request) bool {
	got, hasToken := bearerToken(r)
	switch {
	case hasToken && s.cfg.AdminToken != "" && sameToken(got, s.cfg.AdminToken):
		return true
	case hasToken && s.cfg.AdminToken != "":
		s.log.Warn("refused an admin page: wrong token", "path", r.URL.Path, "remote", r.RemoteAddr)
		w.Header().Set("WWW-Authenticate", `Bearer realm="citebot", error="invalid_token"`)
		s.pageError(w, r, http.StatusUnauthorized, "wrong admin token")
		return false
	case !hasToken && loopbackClient(r):
		return true
	case s.cfg.AdminToken == "":
		s.log.Info("refused an admin page to a client that is not loopback", "path", r.URL.Path, "remote", r.RemoteAddr)
		s.pageError(w, r, http.StatusForbidden, "this page is served only to clients on this machine; set CITEBOT_ADMIN_TOKEN to open it to others")
		return false
	}
	s.log.Info("refused an admin page: no token", "path", r.URL.Path, "remote", r.RemoteAddr)
	w.Header().Set("WWW-Authenticate", `Bearer realm="citebot"`)
	s.pageError(w, r, http.StatusUnauthorized, "this page needs Authorization: Bearer with the admin token (CITEBOT_ADMIN_TOKEN)")
	return false
}

// bearerToken returns the token of an "Authorization: Bearer TOKEN" header.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", h != ""
	}
	return strings.TrimSpace(tok), true
}

// sameToken compares two tokens in constant time, whatever their lengths (both are hashed first, so
// not even the length leaks).
func sameToken(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// loopbackClient reports whether the request comes straight from this machine. A request that a
// proxy forwarded (Forwarded, X-Forwarded-For or X-Real-IP) does not count even when the proxy
// connects over loopback, since it may be relaying someone on the internet.
func loopbackClient(r *http.Request) bool {
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

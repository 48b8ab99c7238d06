package web

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
)

// contentSecurityPolicy allows only the server's own embedded script, styles and fetches: no inline
// script or style, no plugins, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// middleware wraps the mux with, in order: security headers, panic recovery with request logging and
// metrics, the Host allow-list (against DNS rebinding), the refusal of cross-site API requests,
// cross-origin protection for unsafe methods, and JSON bodies for the mux's own 404 and 405.
func (s *Server) middleware(mux *http.ServeMux) http.Handler {
	csrf := http.NewCrossOriginProtection()
	if origin := publicOrigin(s.cfg.Links.Base); origin != "" {
		// A reverse proxy that rewrites Host still serves pages whose Origin is the public URL.
		_ = csrf.AddTrustedOrigin(origin) // cannot fail: publicOrigin returns scheme://host
	}
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "cross-origin request refused: send it from the citebot page itself")
	}))
	protected := csrf.Handler(jsonErrors(mux))
	hosts := allowedHosts(s.cfg.Links.Base)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path,
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if !rec.wrote {
					writeError(rec, http.StatusInternalServerError, "internal error")
				}
			}
			d := time.Since(start)
			s.metrics.ObserveHTTP(r.Pattern, rec.code(), d)
			s.log.Debug("http request", "method", r.Method, "route", r.Pattern, "status", rec.code(),
				"latency_ms", d.Milliseconds())
		}()
		switch {
		case !hostAllowed(r, hosts):
			writeError(rec, http.StatusMisdirectedRequest, fmt.Sprintf("host %q is not served here: on a loopback address "+
				"citebot answers only localhost, 127.0.0.1, [::1] and the host of CITEBOT_PUBLIC_URL", hostOnly(r.Host)))
		case strings.HasPrefix(r.URL.Path, "/api/") && r.Header.Get("Sec-Fetch-Site") == "cross-site":
			writeError(rec, http.StatusForbidden, "cross-site request refused: the API answers the citebot page and non-browser clients only")
		default:
			protected.ServeHTTP(rec, r)
		}
	})
}

// publicOrigin returns the scheme://host[:port] of the public base URL, or "".
func publicOrigin(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// allowedHosts is the Host allow-list for requests that reach a loopback address: the loopback names
// and the public URL's host. Names are lower case, without port.
func allowedHosts(base string) map[string]bool {
	hosts := map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		hosts[strings.ToLower(u.Hostname())] = true
	}
	return hosts
}

// hostAllowed reports whether r may be served. A request that arrived on a loopback address must
// name an allowed host: a page on another site whose name an attacker resolves to 127.0.0.1 (DNS
// rebinding) sends its own name as Host and is refused. Requests that arrived on another address
// were sent to it on purpose by whoever can reach it, so any Host is accepted there.
func hostAllowed(r *http.Request, hosts map[string]bool) bool {
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return true // not from a listener (a handler called directly)
	}
	tcp, ok := local.(*net.TCPAddr)
	if !ok || !tcp.IP.IsLoopback() {
		return true
	}
	return hosts[strings.TrimSuffix(strings.ToLower(hostOnly(r.Host)), ".")]
}

// hostOnly strips the port (and IPv6 brackets) from a Host header value.
func hostOnly(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}

// jsonErrors serves mux, turning the mux's own plain-text errors (404 for an unknown path, 405 for a
// method a route does not take) into the JSON every other error uses.
func jsonErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(&errorRewriter{ResponseWriter: w, r: r}, r)
	})
}

// errorRewriter replaces the body of an error status with {"error": "..."}; other statuses (the
// mux's redirects) pass through.
type errorRewriter struct {
	http.ResponseWriter
	r         *http.Request
	rewritten bool
}

func (e *errorRewriter) WriteHeader(code int) {
	if code < 400 {
		e.ResponseWriter.WriteHeader(code)
		return
	}
	e.rewritten = true
	msg := fmt.Sprintf("no route %s %s", e.r.Method, e.r.URL.Path)
	if code == http.StatusMethodNotAllowed {
		msg = fmt.Sprintf("method %s is not allowed on %s; allowed: %s", e.r.Method, e.r.URL.Path, e.Header().Get("Allow"))
	} else if code != http.StatusNotFound {
		msg = strings.ToLower(http.StatusText(code))
	}
	e.Header().Del("Content-Length")
	writeError(e.ResponseWriter, code, msg)
}

func (e *errorRewriter) Write(b []byte) (int, error) {
	if e.rewritten {
		return len(b), nil
	}
	return e.ResponseWriter.Write(b)
}

func (e *errorRewriter) Unwrap() http.ResponseWriter { return e.ResponseWriter }

// statusRecorder remembers the status code written; Unwrap lets http.ResponseController reach the
// underlying writer's Flush and SetWriteDeadline.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *statusRecorder) code() int {
	if !r.wrote {
		return http.StatusOK
	}
	return r.status
}

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error string `json:"error"`
}

// encode writes v as JSON with status.
func encode(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error encoding the response"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// writeError writes {"error": msg} with status.
func writeError(w http.ResponseWriter, status int, msg string) {
	encode(w, status, errorBody{Error: msg})
}

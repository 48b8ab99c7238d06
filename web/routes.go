package web

import "net/http"

// addRoutes lists every route the server answers.
func (s *Server) addRoutes(mux *http.ServeMux) {
	// Chat page and its embedded assets.
	mux.Handle("GET /{$}", s.handleChatPage())
	mux.Handle("GET /static/{asset...}", s.handleStatic())

	// Source viewer: the pages citation links open.
	mux.Handle("GET /sources/{$}", s.handleSourceList())
	mux.Handle("GET /sources/{file...}", s.handleSource())

	// JSON API, with the CLI's shapes.
	mux.Handle("POST /api/ask", s.handleAsk())
	mux.Handle("GET /api/search", s.handleSearch())
	mux.Handle("GET /api/summary/{platform}", s.handleSummary())
	mux.Handle("GET /api/platforms", s.handlePlatforms())

	// Operations.
	mux.Handle("GET /gaps", s.handleGaps())
	mux.Handle("GET /healthz", s.handleHealthz())
	mux.Handle("GET /metrics", s.metrics.Handler())
}

package web

import "net/http"

// addRoutes lists every route the server answers. Routes that cost work (answers, searches, source
// pages) count against the client's request rate; pages' assets and operations do not.
func (s *Server) addRoutes(mux *http.ServeMux) {
	// Chat page and its embedded assets.
	mux.Handle("GET /{$}", s.handleChatPage())
	mux.Handle("GET /static/{asset...}", s.handleStatic())
	mux.Handle("GET /favicon.ico", s.handleFavicon())

	// Source viewer: the pages citation links open.
	mux.Handle("GET /sources/{$}", s.handleSourceList())
	mux.Handle("GET /sources/{file...}", s.rateLimited(s.handleSource()))

	// Answers cut short on another surface (a Discord reply is at most three messages), shown whole.
	mux.Handle("GET /answers/{id}", s.rateLimited(s.handleKeptAnswer()))

	// JSON API, with the CLI's shapes.
	mux.Handle("POST /api/ask", s.rateLimited(s.handleAsk()))
	mux.Handle("GET /api/search", s.rateLimited(s.handleSearch()))
	mux.Handle("GET /api/summary/{platform}", s.rateLimited(s.handleSummary()))
	mux.Handle("GET /api/platforms", s.handlePlatforms())

	// Operations.
	mux.Handle("GET /gaps", s.handleGaps())
	mux.Handle("GET /healthz", s.handleHealthz())
	mux.Handle("GET /metrics", s.metrics.Handler())
}

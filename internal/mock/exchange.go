package mock

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/getkin/kin-openapi/routers"

	"github.com/isoconform/isoconform/fixtures"
	"github.com/isoconform/isoconform/internal/auth"
	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// exchange is one request being served: what the pipeline has learnt so far.
type exchange struct {
	s           *Server
	w           *statusWriter
	r           *http.Request
	profile     spec.Profile // empty outside the API
	correlation string
	started     time.Time

	api   *api
	base  string // the base path the request used, e.g. /api/v1.0
	route *routers.Route
	vars  map[string]string
	op    operation

	routeErr error // the router's refusal, when it found no route

	identity auth.Identity
	target   *fixtures.Machine // the machine the path names, once resolved
	body     []byte
	reserved int64   // body memory held from the server's budget, released by finish
	bodyType string  // the Content-Type the validation sees (a body hook may change it)
	scope    *string // the isolation to perform for an IsolationType a body hook took out of the body
}

// statusWriter remembers the status written, for the log and the panic handler.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (a dropped-connection fault).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) newExchange(w http.ResponseWriter, r *http.Request, p spec.Profile) *exchange {
	return &exchange{
		s:           s,
		w:           &statusWriter{ResponseWriter: w},
		r:           r,
		profile:     p,
		correlation: guid.New(),
		started:     s.now(),
	}
}

// closeIfBodyUnread asks for the connection to be closed after an error answer given before
// the request's body was read: the server would otherwise wait for a body never used.
func (x *exchange) closeIfBodyUnread() {
	if x.body == nil && x.r.ContentLength != 0 && x.r.Body != nil && x.r.Body != http.NoBody {
		x.w.Header().Set("Connection", "close")
	}
}

// finish logs the exchange and turns a panic into a 500 envelope. It never logs a token.
func (x *exchange) finish() {
	defer x.s.bodies.release(x.reserved)
	if v := recover(); v != nil {
		x.s.opts.Logger.Error("mock: panic", "panic", v, "path", maskURL(x.r.URL.Path), "stack", string(debug.Stack()))
		if x.w.status == 0 {
			x.s.writeError(x.w, x.profile, x.correlation, apiError{http.StatusInternalServerError, codeInternalServerError, "An unexpected error occurred."})
		}
	}
	x.s.opts.Logger.LogAttrs(x.r.Context(), slog.LevelInfo, "mock: request",
		slog.String("method", x.r.Method),
		slog.String("path", maskURL(x.r.URL.Path)),
		slog.String("profile", string(x.profile)),
		slog.Int("status", x.w.status),
		slog.String("correlation", x.correlation),
		slog.Duration("took", x.s.now().Sub(x.started)),
	)
}

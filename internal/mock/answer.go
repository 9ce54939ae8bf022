package mock

import (
	"net/http"
)

// answer is an answer about to be written: a handler builds the faithful one, the respond
// hooks of the active behaviours rewrite it, and send writes it. It is a success (status,
// content type and body) or an error (fail, written in the error envelope).
type answer struct {
	status      int
	contentType string  // with a nil body and raw, none is sent
	body        object  // a JSON body, or nil
	raw         []byte  // a body that is not JSON, or nil
	action      *action // the action body renders, if any
	fail        *apiError
	rule        string // a non-empty violation rule records the error as a client violation
	by          string // the behaviour that chose the answer instead of the handler, if any
}

// send writes r after the respond hooks of the active behaviours.
func (x *exchange) send(r *answer) {
	for _, b := range x.active() {
		if b.respond != nil {
			b.respond(x, r)
		}
	}
	if r.fail != nil {
		x.closeIfBodyUnread()
		if r.by != "" { // the server's choice, not the client's fault: a note, not a violation
			x.failByDeviation(r.by, *r.fail)
			return
		}
		if r.rule != "" {
			x.s.violations.record(x, r.rule, *r.fail)
		}
		x.s.writeError(x.w, x.profile, x.correlation, *r.fail)
		return
	}
	h := x.w.Header()
	switch {
	case r.raw != nil:
		h.Set("Content-Type", r.contentType)
		h.Set("X-Content-Type-Options", "nosniff")
		x.w.WriteHeader(r.status)
		_, _ = x.w.Write(r.raw)
	case r.body == nil:
		h.Set("Content-Length", "0")
		x.w.WriteHeader(r.status)
	default:
		h.Set("Content-Type", r.contentType)
		writeJSONBody(x.w, r.status, r.body)
	}
}

// sendJSON sends a JSON success answer; a is the action body renders, if any.
func (x *exchange) sendJSON(status int, body object, a *action) {
	x.send(&answer{status: status, contentType: contentTypeJSON, body: body, action: a})
}

// fail sends an error answer; a non-empty rule records the request as a violation.
func (x *exchange) fail(e apiError, rule string) {
	x.send(&answer{fail: &e, rule: rule})
}

// refuse turns r into the error e (a respond hook's way to refuse what the handler served).
func (r *answer) refuse(e apiError) {
	r.fail, r.body, r.raw, r.action = &e, nil, nil, nil
}

// succeeded reports whether r is a success answer of operation kind.
func (x *exchange) succeeded(r *answer, kind opKind) bool {
	return r.fail == nil && x.op.kind == kind
}

// failedWith reports whether r is an error answer of operation kind with status.
func (x *exchange) failedWith(r *answer, kind opKind, status int) bool {
	return r.fail != nil && x.op.kind == kind && r.fail.status == status
}

// errorShape is how an error answer's body is written.
type errorShape int

const (
	shapeEnvelope errorShape = iota // {"error":{"code","message","target"}}
	shapeFlat                       // {"code","message"}
	shapeNoTarget                   // {"error":{"code","message"}}
	shapeHTML                       // an HTML page
)

// errorAnswer is an error answer about to be written, after the rewriteError hooks.
type errorAnswer struct {
	apiError
	header      http.Header
	shape       errorShape
	contentType string  // of a JSON shape
	extra       []field // properties added to the error object
}

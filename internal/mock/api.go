package mock

import (
	"errors"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/routers"
)

// serveAPI serves one classified request to its profile's API, in order: route (404, 405),
// authentication (401), authorization (403), throttling (429), the path's machine (404), body
// limit (413), validation against the document (415, 400), then the operation.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, c *classification) {
	x := s.newExchange(w, r, c.profile)
	defer x.finish()
	x.api, x.base, x.route, x.vars, x.op, x.routeErr = c.api, c.base, c.route, c.vars, c.op, c.err
	err := c.err
	for _, b := range x.active() {
		if b.route == nil {
			continue
		}
		if a := b.route(x); a != nil {
			a.by = b.name
			x.send(a)
			return
		}
	}
	switch {
	case errors.Is(err, routers.ErrMethodNotAllowed):
		x.w.Header().Set("Allow", strings.Join(x.api.allowed(r), ", "))
		x.fail(methodNotAllowed(r.Method), ruleRoute)
		return
	case err != nil:
		if !x.serveUnrouted() {
			x.fail(notFoundRoute(), ruleRoute)
		}
		return
	}
	if !x.authenticate() || !x.authorize() || !x.throttle() || !x.machineFirst() || !x.readBody() || !x.validate() {
		return
	}
	switch x.op.kind {
	case opIsolate:
		x.isolate()
	case opUnisolate:
		x.unisolate()
	case opGetAction:
		x.getAction()
	case opListActions:
		x.listActions()
	case opGetMachine:
		x.getMachine()
	case opListMachines:
		x.listMachines()
	case opCancelAction:
		x.cancelAction()
	}
}

// v1Base is the versioned base path of the current profile.
const v1Base = "/api/v1.0"

// machineFirst resolves the machine an isolate or unisolate path names before the body is
// read: an unknown machine is answered 404 whatever the body (unless a behaviour finds it out
// after the body, see create).
func (x *exchange) machineFirst() bool {
	if (x.op.kind != opIsolate && x.op.kind != opUnisolate) || x.anyHook(func(h *hooks) bool { return h.machineLate }) {
		return true
	}
	return x.resolveMachine()
}

// methodNotAllowed is the answer to a method a route does not take.
func methodNotAllowed(method string) apiError {
	return apiError{http.StatusMethodNotAllowed, codeMethodNotAllowed, "The requested resource does not support http method '" + method + "'."}
}

func notFoundRoute() apiError {
	return apiError{http.StatusNotFound, codeNotFound, "No HTTP resource was found that matches the request URI."}
}

// pathID returns the unescaped {id} path parameter.
func (x *exchange) pathID() string { return (&classification{vars: x.vars}).pathID() }

// origin returns the absolute base URL the request used, e.g. http://127.0.0.1:8080/api, for
// @odata.context.
func (x *exchange) origin() string {
	scheme := "http"
	if x.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + x.r.Host + x.base
}

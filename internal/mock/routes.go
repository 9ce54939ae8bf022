package mock

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/isoconform/isoconform/internal/auth"
	"github.com/isoconform/isoconform/spec"
)

// Operation kinds, from the operation ids of the OpenAPI document.
type opKind int

const (
	opIsolate opKind = iota + 1
	opUnisolate
	opGetAction
	opListActions
	opGetMachine
	opListMachines
	opCancelAction
)

// operationKind returns the kind of the operation with the given id.
func operationKind(id string) (opKind, bool) {
	switch id {
	case "isolateMachinePreview", "isolateMachine":
		return opIsolate, true
	case "unisolateMachinePreview", "unisolateMachine":
		return opUnisolate, true
	case "getMachineActionPreview", "getMachineAction":
		return opGetAction, true
	case "listMachineActionsPreview", "listMachineActions":
		return opListActions, true
	case "getMachinePreview", "getMachine":
		return opGetMachine, true
	case "listMachines":
		return opListMachines, true
	case "cancelMachineAction":
		return opCancelAction, true
	}
	return 0, false
}

// api is one profile's API: its document, router (built once), token verifier and the
// authorization of each operation.
type api struct {
	profile  spec.Profile
	doc      *openapi3.T
	router   routers.Router
	verifier *auth.Verifier
	ops      map[string]operation // by operation id
}

// operation is what the server knows of one operation of the document.
type operation struct {
	kind  opKind
	authz spec.Authorization
}

func (s *Server) newAPI(ctx context.Context, p spec.Profile) (*api, error) {
	doc, err := spec.Load(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("mock: %w", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("mock: %s router: %w", p, err)
	}
	verifier, err := s.issuer.Verifier(auth.Audiences(p)...)
	if err != nil {
		return nil, fmt.Errorf("mock: %s verifier: %w", p, err)
	}
	a := &api{profile: p, doc: doc, router: newRouteCache(router), verifier: verifier, ops: map[string]operation{}}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			kind, ok := operationKind(op.OperationID)
			if !ok {
				return nil, fmt.Errorf("mock: %s: operation %q is not implemented", p, op.OperationID)
			}
			authz, err := spec.OperationAuthorization(op)
			if err != nil {
				return nil, fmt.Errorf("mock: %w", err)
			}
			a.ops[op.OperationID] = operation{kind: kind, authz: authz}
			// The mock authenticates and authorizes every request itself (authenticate,
			// authorize): with its no-op AuthenticationFunc, kin-openapi's security check
			// would only read the body once more. This copy of the document is the mock's own.
			op.Security = &openapi3.SecurityRequirements{}
		}
	}
	return a, nil
}

// routes is the top-level handler: the admin endpoints; else, for an API request, classified
// once, the client verdicts (judged around the answer), then a scripted fault if one matches,
// else the API; else a scripted fault or dispatch.
func (s *Server) routes() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, ok := s.authority(r.Host)
		if !ok {
			s.misdirected(w, r)
			return
		}
		if host != r.Host {
			r = r.WithContext(r.Context()) // a copy: the Host answers name the mock's own spelling
			r.Host = host
		}
		if hasBase(r.URL.Path, adminBase) {
			s.serveAdmin(w, r)
			return
		}
		if r.Header.Get(ProbeHeader) != "" {
			s.serveProbeMiss(w, r)
			return
		}
		if p, ok := spec.ProfileOfPath(r.URL.Path); ok {
			c := s.classify(r, p)
			o := s.begin(w, r, c)
			defer o.end()
			r = o.r // it carries the observation, which judges the body the API reads
			serve := func(w http.ResponseWriter, r *http.Request) { s.serveAPI(w, r, c) }
			if f, ok := s.takeFault(r, c); ok {
				s.serveFault(o.w, r, f, serve)
				return
			}
			serve(o.w, r)
			return
		}
		if f, ok := s.takeFault(r, nil); ok {
			s.serveFault(w, r, f, s.dispatch)
			return
		}
		s.dispatch(w, r)
	})
}

// dispatch routes a request. It avoids http.ServeMux, whose path cleaning answers some
// requests with redirects instead of the error envelope.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if p, ok := spec.ProfileOfPath(path); ok {
		s.serveAPI(w, r, s.classify(r, p))
		return
	}
	switch {
	case isTokenEndpoint(path):
		s.serveTokens(w, r)
	default:
		x := s.newExchange(w, r, "")
		defer x.finish()
		x.fail(notFoundRoute(), ruleRoute)
	}
}

// hasBase reports whether path is base or lies under it.
func hasBase(path, base string) bool {
	return path == base || strings.HasPrefix(path, base+"/")
}

// isTokenEndpoint reports whether path is one of the Entra ID endpoints of auth.TokenEndpoint.
func isTokenEndpoint(path string) bool {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) < 2 || parts[0] == "" {
		return false
	}
	switch strings.Join(parts[1:], "/") {
	case "oauth2/token", "oauth2/v2.0/token", "discovery/keys", "discovery/v2.0/keys",
		".well-known/openid-configuration", "v2.0/.well-known/openid-configuration":
		return true
	}
	return false
}

// allowed returns the methods the document defines on the path r names, for a 405's Allow.
func (a *api) allowed(r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, _, err := a.router.FindRoute(probe); err == nil {
			out = append(out, m)
		}
	}
	return out
}

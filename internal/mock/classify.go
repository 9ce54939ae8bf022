package mock

import (
	"net/http"
	"net/url"

	"github.com/getkin/kin-openapi/routers"

	"github.com/isoconform/isoconform/spec"
)

// classification is what an API request is, found once per request and handed to the client
// verdicts, the scripted faults and the API: its profile, the base path it used, and the route
// and operation the profile's document gives it (err when none).
type classification struct {
	profile spec.Profile
	api     *api
	base    string
	route   *routers.Route
	vars    map[string]string
	op      operation
	err     error // the router's refusal: no such path, or no such method on it
}

// classify classifies a request to profile p's API.
func (s *Server) classify(r *http.Request, p spec.Profile) *classification {
	c := &classification{profile: p, api: s.apis[p], base: p.BasePath()}
	if p == spec.Current && hasBase(r.URL.Path, v1Base) {
		c.base = v1Base
	}
	route, vars, err := c.api.router.FindRoute(r)
	if c.err = err; err == nil {
		c.route, c.vars = route, vars
		c.op = c.api.ops[route.Operation.OperationID]
	}
	return c
}

// operationID returns the id of the operation the request routes to, or "".
func (c *classification) operationID() string {
	if c == nil || c.route == nil || c.route.Operation == nil {
		return ""
	}
	return c.route.Operation.OperationID
}

// pathID returns the unescaped {id} path parameter.
func (c *classification) pathID() string {
	raw := c.vars["id"]
	if v, err := url.PathUnescape(raw); err == nil {
		return v
	}
	return raw
}

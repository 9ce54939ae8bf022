package mock

import (
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/routers"
)

// maxRouteCache bounds the routes a routeCache remembers; when full it starts again empty.
// A client of the mock calls few distinct paths (a few per machine), so the bound is rarely
// reached; GET machineactions/{id} makes one per action, which the bound keeps in check.
const maxRouteCache = 4096

// routeCache remembers a router's answers by method, host and path. The gorillamux router
// tries every path template's regular expressions in turn on each request, and both the
// verdicts and the API look a request up: a cache makes the second look-up and every repeated
// path nearly free. The routes and path parameters it returns are shared between requests
// and must not be modified. It is safe for concurrent use.
type routeCache struct {
	router routers.Router
	mu     sync.RWMutex
	found  map[routeKey]routeHit
}

type routeKey struct{ method, host, path, rawPath string }

type routeHit struct {
	route *routers.Route
	vars  map[string]string
	err   error
}

func newRouteCache(r routers.Router) *routeCache {
	return &routeCache{router: r, found: make(map[routeKey]routeHit)}
}

// FindRoute answers as the router does.
func (c *routeCache) FindRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	k := routeKey{req.Method, req.Host, req.URL.Path, req.URL.RawPath}
	c.mu.RLock()
	hit, ok := c.found[k]
	c.mu.RUnlock()
	if ok {
		return hit.route, hit.vars, hit.err
	}
	route, vars, err := c.router.FindRoute(req)
	c.mu.Lock()
	if len(c.found) >= maxRouteCache {
		clear(c.found)
	}
	c.found[k] = routeHit{route, vars, err}
	c.mu.Unlock()
	return route, vars, err
}

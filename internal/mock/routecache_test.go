package mock

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/routers"
)

// countingRouter answers every path with its own route and counts the look-ups.
type countingRouter struct{ calls int }

func (c *countingRouter) FindRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	c.calls++
	if req.Method != http.MethodPost {
		return nil, nil, routers.ErrMethodNotAllowed
	}
	return &routers.Route{Path: req.URL.Path}, map[string]string{"id": req.URL.Path}, nil
}

func TestRouteCacheAnswersAsTheRouterOnceAPath(t *testing.T) {
	inner := &countingRouter{}
	c := newRouteCache(inner)
	for range 3 {
		route, vars, err := c.FindRoute(httptest.NewRequest(http.MethodPost, "/api/machines/a/isolate", nil))
		if err != nil || route.Path != "/api/machines/a/isolate" || vars["id"] != "/api/machines/a/isolate" {
			t.Fatalf("FindRoute = %v, %v, %v", route, vars, err)
		}
		if _, _, err := c.FindRoute(httptest.NewRequest(http.MethodGet, "/api/machines/a/isolate", nil)); !errors.Is(err, routers.ErrMethodNotAllowed) {
			t.Fatalf("GET: err = %v, want ErrMethodNotAllowed", err)
		}
	}
	if inner.calls != 2 {
		t.Fatalf("router called %d times, want 2 (one per method and path)", inner.calls)
	}
	for i := range maxRouteCache + 10 {
		_, _, _ = c.FindRoute(httptest.NewRequest(http.MethodPost, "/api/machineactions/"+ExtraMachineID(i), nil))
	}
	if n := len(c.found); n > maxRouteCache {
		t.Fatalf("cache holds %d answers, bound %d", n, maxRouteCache)
	}
}

func TestExtraMachinesAreServed(t *testing.T) {
	s, err := New(Options{ExtraMachines: 3})
	if err != nil {
		t.Fatal(err)
	}
	ms := s.Machines()
	if got := ms[len(ms)-1].ID; got != ExtraMachineID(2) || len(got) != 40 {
		t.Fatalf("last machine %q, want ExtraMachineID(2) = %q", got, ExtraMachineID(2))
	}
	if ExtraMachineID(0) == ExtraMachineID(1) {
		t.Fatal("generated ids collide")
	}
}

package mock

import (
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// checker is a miniature conformance run: one probe per requirement, each asserting only its
// own rule, so that a deviation's failures can be compared with what it declares.
type checker struct {
	t      *testing.T
	h      *harness
	p      spec.Profile
	role   string // the principal generic probes isolate with
	body   string // the body generic probes isolate with
	failed map[string]bool
	next   int
}

func (c *checker) fail(id string) { c.failed[id] = true }

func (c *checker) machine() string {
	c.next++
	return c.h.machine(c.next % len(c.h.s.Machines()))
}

func (c *checker) post(path, role, contentType, body string) reply {
	return c.h.call(http.MethodPost, c.p.BasePath()+path, c.h.token(role, c.p), contentType, []byte(body))
}

func (c *checker) isolateAs(role, machine, body string) reply {
	return c.post("/machines/"+machine+"/isolate", role, "application/json", body)
}

func (c *checker) isolate(body string) (reply, string) {
	m := c.machine()
	return c.isolateAs(c.role, m, body), m
}

func (c *checker) withToken(method, path, token, body string) reply {
	return c.h.call(method, c.p.BasePath()+path, token, "application/json", []byte(body))
}

func (c *checker) attack(kind string) string {
	tok, err := c.h.s.AttackToken(kind, c.p)
	require.NoError(c.t, err)
	return tok
}

func ok2xx(r reply) bool { return r.status >= 200 && r.status < 300 }

func obj(r reply) map[string]any {
	m := map[string]any{}
	_ = jsonUnmarshal(r.body, &m)
	return m
}

// envelopeOf returns the error envelope's code and message, or ok false.
func envelopeOf(r reply) (code, message, target string, ok bool) {
	e, isMap := obj(r)["error"].(map[string]any)
	if !isMap {
		return "", "", "", false
	}
	code, ok1 := e["code"].(string)
	message, ok2 := e["message"].(string)
	target, ok3 := e["target"].(string)
	return code, message, target, ok1 && ok2 && ok3 && code != ""
}

var guidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func str(v any) string { s, _ := v.(string); return s }

// rateProbe checks ISO-RATE-001 on a server limited to 3 calls a minute.
func rateProbe(t *testing.T, deviations []string) bool {
	h := newHarness(t, Options{Deviations: deviations, RateLimit: RateLimit{PerMinute: 3, PerHour: 100}})
	var last reply
	for range 4 {
		last = h.call(http.MethodGet, "/api/machineactions", h.token("rate-limit", spec.Current), "", nil)
	}
	code, _, _, _ := envelopeOf(last)
	_, err := strconv.Atoi(last.header.Get("Retry-After"))
	return last.status == 429 && err == nil && code == codeTooManyRequests
}

// genericRole and genericBody avoid the principal or body a deviation refuses, as a suite that
// isolates with "any allowed principal" would.
var genericRole = map[string]map[spec.Profile]string{
	"secadmin-refused": {spec.Preview2017: "global-administrator"},
	"app-refused":      {spec.Current: "machine-isolate-delegated"},
}

var genericBody = map[string]string{
	"absent-type-refused": `{"Comment":"probe","IsolationType":"Selective"}`,
	"full-refused":        `{"Comment":"probe","IsolationType":"Selective"}`,
}

func runChecker(t *testing.T, h *harness, p spec.Profile, deviation string) []string {
	c := &checker{t: t, h: h, p: p, role: defaultRole(p), body: `{"Comment":"probe"}`, failed: map[string]bool{}}
	if r, ok := genericRole[deviation][p]; ok {
		c.role = r
	}
	if b, ok := genericBody[deviation]; ok {
		c.body = b
	}
	c.run()
	c.runAcross()
	if p == spec.Current && !rateProbe(t, h.s.Deviations()) {
		c.fail("ISO-RATE-001")
	}
	var out []string
	for id := range c.failed {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

package mock

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// fixture application ids (fixtures/principals.json).
const (
	appMachineIsolate = "c4162d51-1040-440f-8257-55550873c839"
	appRateLimit      = "d1b551b1-2521-48b9-96e9-901321fbe87f"
	appPublicClient   = "531d0b75-b133-49ec-8659-ec6a112f8b0d" // the delegated users' client
)

// rulesOf returns client/rule/count of each verdict.
func rulesOf(vs []Verdict) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, v.Client+" "+v.Rule+" x"+strconv.Itoa(v.Count))
	}
	return out
}

func TestCarelessClients(t *testing.T) {
	type env struct {
		h     *harness
		clock *fakeClock
	}
	isolatePath := func(e env, p spec.Profile, i int) string {
		return p.BasePath() + "/machines/" + e.h.machine(i) + "/isolate"
	}
	good := []byte(`{"Comment":"isolate","IsolationType":"Full"}`)
	cases := []struct {
		name    string
		opts    Options
		mistake func(e env)
		want    []string
		example VerdictExample
	}{
		{
			name: "no Authorization header",
			mistake: func(e env) {
				e.h.call(http.MethodPost, isolatePath(e, spec.Current, 0), "", "application/json", good)
			},
			want:    []string{"anonymous missing-authorization x1"},
			example: VerdictExample{http.MethodPost, "/api/machines/f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f/isolate", 401},
		},
		{
			name: "no Authorization header, preview",
			mistake: func(e env) {
				e.h.call(http.MethodGet, "/testwdatppreview/machineactions", "", "", nil)
			},
			want:    []string{"anonymous missing-authorization x1"},
			example: VerdictExample{http.MethodGet, "/testwdatppreview/machineactions", 401},
		},
		{
			name: "token for the other profile's audience",
			mistake: func(e env) {
				tok, err := e.h.s.AttackToken(AttackWrongProfile, spec.Current)
				require.NoError(t, err)
				e.h.call(http.MethodPost, isolatePath(e, spec.Current, 0), tok, "application/json", good)
			},
			want:    []string{appMachineIsolate + " wrong-audience x1"},
			example: VerdictExample{http.MethodPost, "/api/machines/f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f/isolate", 401},
		},
		{
			name: "token for another resource",
			mistake: func(e env) {
				tok, err := e.h.s.AttackToken("wrong-audience", spec.Current)
				require.NoError(t, err)
				e.h.call(http.MethodGet, "/api/machines", tok, "", nil)
				e.h.call(http.MethodGet, "/api/machines", tok, "", nil)
			},
			want:    []string{appMachineIsolate + " wrong-audience x2"},
			example: VerdictExample{http.MethodGet, "/api/machines", 401},
		},
		{
			name: "lower-case comment",
			mistake: func(e env) {
				e.h.isolate(spec.Current, e.h.machine(1), `{"comment":"isolate","IsolationType":"Full"}`)
			},
			want:    []string{appMachineIsolate + " lowercase-property x1"},
			example: VerdictExample{http.MethodPost, "/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate", 400},
		},
		{
			name: "lower-case isolationType on the preview",
			mistake: func(e env) {
				e.h.isolate(spec.Preview2017, e.h.machine(1), `{"Comment":"isolate","isolationType":"Full"}`)
			},
			want:    []string{appPublicClient + " lowercase-property x1"},
			example: VerdictExample{http.MethodPost, "/testwdatppreview/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate", 400},
		},
		{
			name: "lower-case comment on unisolate",
			mistake: func(e env) {
				e.h.call(http.MethodPost, "/api/machines/"+e.h.machine(1)+"/unisolate", e.h.token("machine-isolate", spec.Current),
					"application/json", []byte(`{"COMMENT":"release"}`))
			},
			want:    []string{appMachineIsolate + " lowercase-property x1"},
			example: VerdictExample{http.MethodPost, "/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/unisolate", 400},
		},
		{
			name: "IsolationType in lower case",
			mistake: func(e env) {
				e.h.isolate(spec.Current, e.h.machine(2), `{"Comment":"isolate","IsolationType":"full"}`)
			},
			want:    []string{appMachineIsolate + " isolation-type-not-in-enum x1"},
			example: VerdictExample{http.MethodPost, "/api/machines/22a93e5f0206fe933b6531034573546e8f842d49/isolate", 400},
		},
		{
			name: "IsolationType unknown",
			mistake: func(e env) {
				e.h.isolate(spec.Current, e.h.machine(2), `{"Comment":"isolate","IsolationType":"Partial"}`)
				e.h.isolate(spec.Current, e.h.machine(2), `{"Comment":"isolate","IsolationType":1}`)
			},
			want:    []string{appMachineIsolate + " isolation-type-not-in-enum x2"},
			example: VerdictExample{http.MethodPost, "/api/machines/22a93e5f0206fe933b6531034573546e8f842d49/isolate", 400},
		},
		{
			name: "UnManagedDevice on the preview",
			mistake: func(e env) {
				e.h.isolate(spec.Preview2017, e.h.machine(2), `{"Comment":"isolate","IsolationType":"UnManagedDevice"}`)
			},
			want:    []string{appPublicClient + " isolation-type-not-in-enum x1"},
			example: VerdictExample{http.MethodPost, "/testwdatppreview/machines/22a93e5f0206fe933b6531034573546e8f842d49/isolate", 400},
		},
		{
			name: "retry before Retry-After",
			opts: Options{RateLimit: RateLimit{PerMinute: 1}},
			mistake: func(e env) {
				tok := e.h.token("rate-limit", spec.Current)
				e.h.call(http.MethodGet, "/api/machines", tok, "", nil)
				r := e.h.call(http.MethodGet, "/api/machines", tok, "", nil)
				require.Equal(t, http.StatusTooManyRequests, r.status)
				require.Equal(t, "60", r.header.Get("Retry-After"))
				e.clock.advance(30 * time.Second)
				e.h.call(http.MethodGet, "/api/machineactions", tok, "", nil)
			},
			want:    []string{appRateLimit + " retry-before-retry-after x1"},
			example: VerdictExample{http.MethodGet, "/api/machineactions", 429},
		},
		{
			name: "retry before a scripted Retry-After",
			mistake: func(e env) {
				require.NoError(t, e.h.s.QueueFault(Fault{Operation: "isolateMachine", Status: 503, RetryAfter: 10}))
				r := e.h.isolate(spec.Current, e.h.machine(3), string(good))
				require.Equal(t, http.StatusServiceUnavailable, r.status)
				e.clock.advance(9 * time.Second)
				r = e.h.isolate(spec.Current, e.h.machine(3), string(good))
				require.Equal(t, http.StatusCreated, r.status)
			},
			want:    []string{appMachineIsolate + " retry-before-retry-after x1"},
			example: VerdictExample{http.MethodPost, "/api/machines/a1c495a30cc3839d6cca7cd49337a5f1393b4080/isolate", 201},
		},
		{
			name: "isolate retried after a 201",
			mistake: func(e env) {
				require.Equal(t, http.StatusCreated, e.h.isolate(spec.Current, e.h.machine(4), string(good)).status)
				e.clock.advance(10 * time.Second)
				e.h.isolate(spec.Current, e.h.machine(4), string(good))
			},
			want:    []string{appMachineIsolate + " duplicate-isolate-after-201 x1"},
			example: VerdictExample{http.MethodPost, "/api/machines/34d9dc9cc8a21306312a59b3df08d3193db6a660/isolate", 400},
		},
		{
			name: "isolate retried after a 201 on a server that accepts duplicates",
			opts: Options{Deviations: []string{"duplicate-accepted"}},
			mistake: func(e env) {
				for range 3 {
					require.Equal(t, http.StatusCreated, e.h.isolate(spec.Preview2017, e.h.machine(4), string(good)).status)
				}
			},
			want:    []string{appPublicClient + " duplicate-isolate-after-201 x2"},
			example: VerdictExample{http.MethodPost, "/testwdatppreview/machines/34d9dc9cc8a21306312a59b3df08d3193db6a660/isolate", 201},
		},
		{
			name: "body sent as text/plain",
			mistake: func(e env) {
				e.h.call(http.MethodPost, isolatePath(e, spec.Current, 5), e.h.token("machine-isolate", spec.Current), "text/plain", good)
			},
			want:    []string{appMachineIsolate + " non-json-content-type x1"},
			example: VerdictExample{http.MethodPost, "/api/machines/dc8dceaa7373e3eec91bfc2e1f5980e3729409b7/isolate", 415},
		},
		{
			name: "body sent without a Content-Type",
			mistake: func(e env) {
				e.h.call(http.MethodPost, isolatePath(e, spec.Current, 5), e.h.token("machine-isolate", spec.Current), "", good)
			},
			want:    []string{appMachineIsolate + " non-json-content-type x1"},
			example: VerdictExample{http.MethodPost, "/api/machines/dc8dceaa7373e3eec91bfc2e1f5980e3729409b7/isolate", 415},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := newFakeClock()
			opts := c.opts
			opts.Now = clock.Now
			if opts.CompletionDelay == 0 {
				opts.CompletionDelay = time.Minute
			}
			e := env{newHarness(t, opts), clock}
			c.mistake(e)
			got := e.h.s.Verdicts()
			require.Equal(t, c.want, rulesOf(got))
			assert.Equal(t, c.example, got[0].Example)
			assert.False(t, got[0].First.IsZero())
			assert.False(t, got[0].Last.Before(got[0].First))
		})
	}
}

func TestCarefulClientGetsNoVerdict(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{Now: clock.Now, CompletionDelay: 3 * time.Minute, RateLimit: RateLimit{PerMinute: 3}})
	throttled := 0
	for _, role := range []string{"machine-isolate", "machine-isolate-delegated"} {
		tok := h.token(role, spec.Current)
		send := func(method, path, body string) reply {
			for {
				ct := ""
				var b []byte
				if body != "" {
					ct, b = "application/json; charset=utf-8", []byte(body)
				}
				r := h.call(method, path, tok, ct, b)
				if r.status != http.StatusTooManyRequests {
					return r
				}
				throttled++
				secs, err := strconv.Atoi(r.header.Get("Retry-After"))
				require.NoError(t, err)
				clock.advance(time.Duration(secs) * time.Second) // waits as told
			}
		}
		m := h.machine(6)
		r := send(http.MethodGet, "/api/machines?$filter="+urlQueryEscape("computerDnsName eq '"+h.s.Machines()[6].ComputerDNSName+"'"), "")
		require.Equal(t, http.StatusOK, r.status)
		for _, step := range []struct{ path, body string }{
			{"/api/machines/" + m + "/isolate", `{"Comment":"isolate","IsolationType":"Selective"}`},
			{"/api/machines/" + m + "/unisolate", `{"Comment":"release"}`},
		} {
			r = send(http.MethodPost, step.path, step.body)
			require.Equal(t, http.StatusCreated, r.status, string(r.body))
			id := r.json(t)["id"].(string)
			for {
				g := send(http.MethodGet, "/api/machineactions/"+id, "")
				require.Equal(t, http.StatusOK, g.status)
				if g.json(t)["status"] == "Succeeded" {
					break
				}
				clock.advance(20 * time.Second)
			}
		}
		// an isolate cancelled, then isolated again: not a duplicate
		r = send(http.MethodPost, "/api/machines/"+m+"/isolate", `{"Comment":"isolate"}`)
		require.Equal(t, http.StatusCreated, r.status, string(r.body))
		c := send(http.MethodPost, "/api/machineactions/"+r.json(t)["id"].(string)+"/cancel", `{"Comment":"wrong machine"}`)
		require.Equal(t, http.StatusOK, c.status, string(c.body))
		require.Equal(t, http.StatusCreated, send(http.MethodPost, "/api/machines/"+m+"/isolate", `{"Comment":"again"}`).status)
		clock.advance(4 * time.Minute)
		require.Equal(t, http.StatusCreated, send(http.MethodPost, "/api/machines/"+m+"/unisolate", `{"Comment":"release"}`).status)
		clock.advance(4 * time.Minute)
	}
	assert.Positive(t, throttled, "the careful client met the rate limit and waited")
	assert.Empty(t, h.s.Verdicts())
	assert.Empty(t, h.s.Violations())
}

func TestVerdictsAdminAPI(t *testing.T) {
	h := newHarness(t, Options{})
	h.call(http.MethodGet, "/api/machines", "", "", nil)
	h.call(http.MethodGet, "/api/machines", "", "", nil)
	r := h.call(http.MethodGet, "/_isoconform/verdicts", "", "", nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "application/json", mediaTypeOf(r.header.Get("Content-Type")))
	var body struct {
		Verdicts []map[string]any `json:"verdicts"`
	}
	require.NoError(t, json.Unmarshal(r.body, &body))
	require.Len(t, body.Verdicts, 1)
	v := body.Verdicts[0]
	assert.Equal(t, "anonymous", v["client"])
	assert.Equal(t, "missing-authorization", v["rule"])
	assert.InDelta(t, 2, v["count"], 0)
	assert.Equal(t, map[string]any{"method": "GET", "path": "/api/machines", "status": float64(401)}, v["example"])
	for _, k := range []string{"first", "last"} {
		_, err := time.Parse(time.RFC3339Nano, v[k].(string))
		assert.NoError(t, err, k)
	}
	assert.NotContains(t, string(r.body), "dropped")

	assert.Equal(t, http.StatusNoContent, h.call(http.MethodDelete, "/_isoconform/verdicts", "", "", nil).status)
	r = h.call(http.MethodGet, "/_isoconform/verdicts", "", "", nil)
	assert.JSONEq(t, `{"verdicts":[]}`, string(r.body))
	assert.Equal(t, http.StatusMethodNotAllowed, h.call(http.MethodPost, "/_isoconform/verdicts", "", "", nil).status)
	// admin requests are not judged; at the token endpoint only a refused token request is
	h.call(http.MethodGet, "/_isoconform/violations", "", "", nil)
	assert.Empty(t, h.s.Verdicts())
	h.call(http.MethodPost, "/"+testTenant(t, h)+"/oauth2/v2.0/token", "", "text/plain", []byte("x"))
	vs := h.s.Verdicts()
	require.Len(t, vs, 1)
	assert.Equal(t, RuleTokenRefused, vs[0].Rule)
	assert.Equal(t, AnonymousClient, vs[0].Client)
}

// unsignedToken is a bearer value that reads as a JWT of the application appID but verifies
// as nothing.
func unsignedToken(appID string) string {
	enc := base64.RawURLEncoding.EncodeToString
	payload, _ := json.Marshal(map[string]string{"appid": appID, "tid": "t"})
	return enc([]byte(`{"alg":"none"}`)) + "." + enc(payload) + ".x"
}

func TestVerdictsAreBounded(t *testing.T) {
	h := newHarness(t, Options{})
	for i := range MaxVerdicts + 5 {
		h.call(http.MethodPost, "/api/machines/x/isolate", unsignedToken("app-"+strconv.Itoa(i)), "text/plain", []byte("{}"))
	}
	assert.Len(t, h.s.Verdicts(), MaxVerdicts)
	assert.Equal(t, 5, h.s.VerdictsDropped())
	r := h.call(http.MethodGet, "/_isoconform/verdicts", "", "", nil)
	assert.Contains(t, string(r.body), `"dropped":5`)

	// a client name is cut
	h.s.ClearVerdicts()
	long := make([]byte, 1000)
	for i := range long {
		long[i] = 'a'
	}
	h.call(http.MethodPost, "/api/machines/x/isolate", unsignedToken(string(long)), "text/plain", []byte("{}"))
	require.Len(t, h.s.Verdicts(), 1)
	assert.Len(t, h.s.Verdicts()[0].Client, maxClientLen)

	m := map[int]int{}
	for i := range maxTracked + 10 {
		bounded(m, func(v int) bool { return v%2 == 0 })
		m[i] = i
	}
	assert.LessOrEqual(t, len(m), maxTracked)
}

package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// actionCount returns how many actions the current profile holds.
func actionCount(t *testing.T, h *harness) int {
	t.Helper()
	r := h.get(spec.Current, "/machineactions")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	return len(r.json(t)["value"].([]any))
}

func TestFaultsAreServedInOrderThenNothing(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{Now: clock.Now, CompletionDelay: time.Minute})
	require.NoError(t, h.s.QueueFaults(
		Fault{Operation: "isolateMachine", Status: http.StatusServiceUnavailable},
		Fault{Operation: "isolateMachine", Status: http.StatusTooManyRequests, RetryAfter: 7},
		Fault{Operation: "isolateMachine", Status: http.StatusInternalServerError, Code: "Oops", Message: "scripted"},
		Fault{Operation: "isolateMachine", Malformed: true},
	))
	pending := h.s.Faults()
	require.Len(t, pending, 4)
	assert.Equal(t, "fault-1", pending[0].ID)
	assert.Equal(t, 1, pending[0].Count)

	body := `{"Comment":"c","IsolationType":"Full"}`
	r := h.isolate(spec.Current, h.machine(0), body)
	require.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, "ServiceUnavailable", r.errorCode(t))
	assert.Empty(t, r.header.Get("Retry-After"))

	r = h.isolate(spec.Current, h.machine(0), body)
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, codeTooManyRequests, r.errorCode(t))
	assert.Equal(t, "7", r.header.Get("Retry-After"))
	clock.advance(7 * time.Second) // a careful client waits

	r = h.isolate(spec.Current, h.machine(0), body)
	require.Equal(t, http.StatusInternalServerError, r.status)
	assert.Equal(t, "Oops", r.errorCode(t))
	assert.Equal(t, "scripted", r.json(t)["error"].(map[string]any)["message"])
	assert.Equal(t, 0, actionCount(t, h), "status faults create nothing")

	// malformed without a status: the isolate is served (the action exists) and its answer is cut
	r = h.isolate(spec.Current, h.machine(0), body)
	require.Equal(t, http.StatusCreated, r.status)
	assert.False(t, json.Valid(r.body), "%s", r.body)
	assert.Equal(t, strconv.Itoa(len(r.body)), r.header.Get("Content-Length"))
	assert.Equal(t, 1, actionCount(t, h))

	// the queue is empty: the next requests get normal behaviour
	assert.Empty(t, h.s.Faults())
	r = h.isolate(spec.Current, h.machine(1), body)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	assert.True(t, json.Valid(r.body))
	r = h.isolate(spec.Current, h.machine(1), body)
	assert.Equal(t, http.StatusBadRequest, r.status, "duplicate handling is back")
	assert.Empty(t, h.s.Violations())
}

func TestFaultMatching(t *testing.T) {
	h := newHarness(t, Options{RateLimit: RateLimit{Disabled: true}})
	require.NoError(t, h.s.QueueFaults(
		Fault{Method: "post", Path: "/api/machines/*/unisolate", Status: 500, Count: 2},
		Fault{Operation: "getMachineAction", Status: 404},
		Fault{Operation: "listMachines", Status: 503},
	))
	// requests matching none pass through untouched, and FIFO order only ranks matching faults
	assert.Equal(t, http.StatusOK, h.get(spec.Current, "/machines/"+h.machine(0)).status)
	assert.Equal(t, http.StatusCreated, h.isolate(spec.Current, h.machine(0), `{"Comment":"c"}`).status)
	r := h.call(http.MethodGet, "/api/v1.0/machines", h.token("machine-isolate", spec.Current), "", nil)
	assert.Equal(t, http.StatusServiceUnavailable, r.status, "operation matches /api/v1.0 too")
	assert.Equal(t, http.StatusOK, h.get(spec.Current, "/machines").status)

	assert.Equal(t, http.StatusInternalServerError, h.unisolate(spec.Current, h.machine(0)).status)
	left := h.s.Faults()
	require.Len(t, left, 2)
	assert.Equal(t, 1, left[0].Count, "count left")
	// the path pattern does not match /api/v1.0
	r = h.call(http.MethodPost, "/api/v1.0/machines/"+h.machine(1)+"/unisolate", h.token("machine-isolate", spec.Current), "application/json", []byte(`{"Comment":"c"}`))
	assert.Equal(t, http.StatusCreated, r.status)
	assert.Equal(t, http.StatusInternalServerError, h.unisolate(spec.Current, h.machine(0)).status)
	assert.Equal(t, http.StatusCreated, h.unisolate(spec.Current, h.machine(2)).status)

	r = h.get(spec.Current, "/machineactions/"+guid.New())
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, codeNotFound, r.errorCode(t))
	assert.Empty(t, h.s.Faults())

	// preview requests are faulted by their own operation ids
	require.NoError(t, h.s.QueueFault(Fault{Operation: "isolateMachinePreview", Status: 500}))
	assert.Equal(t, http.StatusCreated, h.isolate(spec.Current, h.machine(3), `{"Comment":"c"}`).status)
	assert.Equal(t, http.StatusInternalServerError, h.isolate(spec.Preview2017, h.machine(3), `{"Comment":"c"}`).status)
}

func TestFaultDropAndDelay(t *testing.T) {
	h := newHarness(t, Options{})
	require.NoError(t, h.s.QueueFaults(
		Fault{Operation: "getMachine", Drop: true},
		Fault{Operation: "getMachine", Delay: 150 * time.Millisecond},
		Fault{Operation: "getMachine", Delay: 100 * time.Millisecond, Status: 500},
	))
	req, err := http.NewRequest(http.MethodGet, h.srv.URL+"/api/machines/"+h.machine(0), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+h.token("machine-isolate", spec.Current))
	resp, err := h.srv.Client().Do(req)
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "the connection is closed without an answer")

	start := time.Now()
	r := h.get(spec.Current, "/machines/"+h.machine(0))
	assert.Equal(t, http.StatusOK, r.status, "a delay alone serves the request")
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)

	start = time.Now()
	r = h.get(spec.Current, "/machines/"+h.machine(0))
	assert.Equal(t, http.StatusInternalServerError, r.status)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)

	start = time.Now()
	assert.Equal(t, http.StatusOK, h.get(spec.Current, "/machines/"+h.machine(0)).status)
	assert.Less(t, time.Since(start), 100*time.Millisecond, "nothing leaks into the next request")
}

func TestFaultMalformedStatusAndTokenEndpoint(t *testing.T) {
	h := newHarness(t, Options{})
	require.NoError(t, h.s.QueueFaults(
		Fault{Path: "/api/machineactions", Status: 500, Malformed: true},
		Fault{Path: "/*/oauth2/v2.0/token", Status: 503, RetryAfter: 2},
	))
	r := h.get(spec.Current, "/machineactions")
	require.Equal(t, http.StatusInternalServerError, r.status)
	assert.False(t, json.Valid(r.body))
	assert.True(t, bytes.HasPrefix(r.body, []byte(`{"error":{"code":"InternalServerError"`)), "%s", r.body)

	r = h.call(http.MethodPost, "/"+testTenant(t, h)+"/oauth2/v2.0/token", "", "application/x-www-form-urlencoded",
		[]byte("grant_type=client_credentials&client_id=x&client_secret=y&scope=https%3A%2F%2Fapi.securitycenter.microsoft.com%2F.default"))
	require.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, "2", r.header.Get("Retry-After"))
	assert.Equal(t, "temporarily_unavailable", r.json(t)["error"])
}

func TestFaultValidation(t *testing.T) {
	h := newHarness(t, Options{})
	bad := map[string]Fault{
		"does nothing":      {Operation: "isolateMachine"},
		"status too low":    {Status: 302},
		"status too high":   {Status: 600},
		"negative count":    {Status: 500, Count: -1},
		"count too large":   {Status: 500, Count: MaxFaultCount + 1},
		"drop with status":  {Drop: true, Status: 500},
		"delay too long":    {Delay: MaxFaultDelay + time.Second},
		"negative delay":    {Delay: -time.Second},
		"unknown operation": {Operation: "isolate", Status: 500},
		"bad pattern":       {Path: "/api/[", Status: 500},
		"relative path":     {Path: "api/machines", Status: 500},
		"code alone":        {Code: "X"},
	}
	for name, f := range bad {
		assert.Error(t, h.s.QueueFault(f), name)
	}
	assert.Empty(t, h.s.Faults())

	// Retry-After alone is a 429
	require.NoError(t, h.s.QueueFault(Fault{RetryAfter: 3}))
	assert.Equal(t, http.StatusTooManyRequests, h.s.Faults()[0].Status)
	h.s.ClearFaults()

	// bounded: all or none
	many := make([]Fault, MaxFaults)
	for i := range many {
		many[i] = Fault{Status: 500, Path: "/nowhere"}
	}
	require.NoError(t, h.s.QueueFaults(many...))
	assert.Error(t, h.s.QueueFault(Fault{Status: 500}))
	assert.Len(t, h.s.Faults(), MaxFaults)
	h.s.ClearFaults()
	assert.Error(t, h.s.QueueFaults(append(many, Fault{Status: 500})...))
	assert.Empty(t, h.s.Faults())
}

func TestFaultAdminAPI(t *testing.T) {
	h := newHarness(t, Options{})
	post := func(body string) reply {
		return h.call(http.MethodPost, "/_isoconform/faults", "", "application/json", []byte(body))
	}
	r := post(`{"operation":"isolateMachine","status":429,"retryAfter":30,"count":2}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var got struct {
		Faults []Fault `json:"faults"`
	}
	require.NoError(t, json.Unmarshal(r.body, &got))
	require.Len(t, got.Faults, 1)
	assert.Equal(t, Fault{ID: "fault-1", Operation: "isolateMachine", Status: 429, RetryAfter: 30, Count: 2}, got.Faults[0])

	r = post(`[{"operation":"getMachineAction","delay":"1.5s"},{"path":"/api/machines","drop":true}]`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	require.NoError(t, json.Unmarshal(r.body, &got))
	require.Len(t, got.Faults, 2)
	assert.Equal(t, 1500*time.Millisecond, got.Faults[0].Delay)
	assert.Contains(t, string(r.body), `"delay":"1.5s"`)

	r = h.call(http.MethodGet, "/_isoconform/faults", "", "", nil)
	require.Equal(t, http.StatusOK, r.status)
	require.NoError(t, json.Unmarshal(r.body, &got))
	assert.Equal(t, []string{"fault-1", "fault-2", "fault-3"}, []string{got.Faults[0].ID, got.Faults[1].ID, got.Faults[2].ID})

	for name, body := range map[string]string{
		"not json":      `status=500`,
		"unknown field": `{"status":500,"retry_after":3}`,
		"bad delay":     `{"delay":"soon"}`,
		"invalid":       `{"status":200}`,
		"half an array": `[{"status":500},{"status":99}]`,
	} {
		r := post(body)
		require.Equal(t, http.StatusBadRequest, r.status, name)
		r.errorCode(t)
	}
	assert.Len(t, h.s.Faults(), 3, "a refused POST queues nothing")

	r = h.call(http.MethodDelete, "/_isoconform/faults", "", "", nil)
	assert.Equal(t, http.StatusNoContent, r.status)
	assert.Empty(t, h.s.Faults())
	r = h.call(http.MethodPut, "/_isoconform/faults", "", "", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)

	// the admin API itself is never faulted
	require.NoError(t, h.s.QueueFault(Fault{Status: 500}))
	assert.Equal(t, http.StatusOK, h.call(http.MethodGet, "/_isoconform/faults", "", "", nil).status)
	assert.Len(t, h.s.Faults(), 1)
	assert.Empty(t, h.s.Violations(), "admin answers are not violations")
}

// testTenant returns the fixture tenant id.
func testTenant(t *testing.T, h *harness) string {
	t.Helper()
	return h.s.principals.TenantID()
}

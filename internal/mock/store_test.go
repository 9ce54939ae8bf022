package mock

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestLifecycle(t *testing.T) {
	for _, p := range spec.Profiles() {
		t.Run(string(p), func(t *testing.T) {
			clock := newFakeClock()
			h := newHarness(t, Options{CompletionDelay: 10 * time.Second, Now: clock.Now})
			r := h.isolate(p, h.machine(0), `{"Comment":"life"}`)
			require.Equal(t, http.StatusCreated, r.status)
			created := r.json(t)
			id := created["id"].(string)
			assert.Equal(t, "Pending", created["status"])
			assert.Equal(t, created["creationDateTimeUtc"], created[p.LastUpdateField()])
			assert.Equal(t, "2025-03-12T10:15:20.1234567Z", created["creationDateTimeUtc"], "7 fractional digits and Z")

			for _, step := range []struct {
				advance time.Duration
				status  string
				updated string
			}{
				{0, "Pending", "2025-03-12T10:15:20.1234567Z"},
				{4 * time.Second, "Pending", "2025-03-12T10:15:20.1234567Z"},
				{time.Second, "InProgress", "2025-03-12T10:15:25.1234567Z"},
				{5 * time.Second, "Succeeded", "2025-03-12T10:15:30.1234567Z"},
				{time.Hour / 2, "Succeeded", "2025-03-12T10:15:30.1234567Z"},
			} {
				clock.advance(step.advance)
				g := h.get(p, "/machineactions/"+id)
				require.Equal(t, http.StatusOK, g.status)
				body := g.json(t)
				assert.Equal(t, step.status, body["status"])
				assert.Equal(t, step.updated, body[p.LastUpdateField()])
				assert.Equal(t, id, body["id"])
				assert.Equal(t, h.machine(0), body["machineId"])
			}
		})
	}
}

func TestDuplicates(t *testing.T) {
	for _, p := range spec.Profiles() {
		t.Run(string(p), func(t *testing.T) {
			clock := newFakeClock()
			h := newHarness(t, Options{CompletionDelay: time.Minute, Now: clock.Now})
			m := h.machine(0)
			require.Equal(t, http.StatusCreated, h.isolate(p, m, `{"Comment":"first"}`).status)
			r := h.isolate(p, m, `{"Comment":"second"}`)
			require.Equal(t, http.StatusBadRequest, r.status)
			assert.Equal(t, codeActiveRequestExists, r.errorCode(t))
			assert.Equal(t, "Action is already in progress", r.json(t)["error"].(map[string]any)["message"])

			// another machine, and unisolate of the same machine, are no duplicates
			require.Equal(t, http.StatusCreated, h.isolate(p, h.machine(1), `{"Comment":"other"}`).status)
			require.Equal(t, http.StatusCreated, h.unisolate(p, m).status)
			r = h.unisolate(p, m)
			require.Equal(t, http.StatusBadRequest, r.status)
			assert.Equal(t, codeActiveRequestExists, r.errorCode(t))

			// the other profile is another service
			other := spec.Current
			if p == spec.Current {
				other = spec.Preview2017
			}
			require.Equal(t, http.StatusCreated, h.isolate(other, m, `{"Comment":"other profile"}`).status)

			clock.advance(time.Minute)
			require.Equal(t, http.StatusCreated, h.isolate(p, m, `{"Comment":"after completion"}`).status)
			q := url.Values{"$filter": {"machineId eq '" + m + "'"}}
			list := h.get(p, "/machineactions?"+q.Encode()).json(t)["value"].([]any)
			assert.Len(t, list, 3, "two isolates and an unisolate")
		})
	}
}

func TestZeroDelayCompletesOnNextRead(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.isolate(spec.Current, h.machine(0), `{"Comment":"zero"}`)
	require.Equal(t, "Pending", r.json(t)["status"])
	g := h.get(spec.Current, "/machineactions/"+r.json(t)["id"].(string))
	assert.Equal(t, "Succeeded", g.json(t)["status"])
	assert.Equal(t, http.StatusCreated, h.isolate(spec.Current, h.machine(0), `{"Comment":"again"}`).status,
		"a completed isolation is no duplicate")
}

func TestStoreIsBounded(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{MaxActions: 5, Now: clock.Now})
	var ids []string
	for i := range 12 {
		r := h.isolate(spec.Current, h.machine(i%3), `{"Comment":"`+strconv.Itoa(i)+`"}`)
		require.Equal(t, http.StatusCreated, r.status, string(r.body))
		ids = append(ids, r.json(t)["id"].(string))
		clock.advance(time.Millisecond)
	}
	assert.Equal(t, 5, h.s.store.len())
	for i, id := range ids {
		want := http.StatusNotFound
		if i >= 7 {
			want = http.StatusOK
		}
		assert.Equal(t, want, h.get(spec.Current, "/machineactions/"+id).status, "action %d", i)
	}
	total := 0
	for _, l := range h.s.store.byMachine {
		total += len(l)
	}
	assert.Equal(t, 5, total, "the machine index is bounded too")
	assert.Len(t, h.s.store.byID, 5)
	list := h.get(spec.Current, "/machineactions").json(t)["value"].([]any)
	require.Len(t, list, 5)
	assert.Equal(t, ids[7], list[0].(map[string]any)["id"], "oldest first")
}

func TestList(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{Now: clock.Now})
	for _, p := range spec.Profiles() {
		var ids, dates []string
		for i := range 4 {
			r := h.isolate(p, h.machine(i%2), `{"Comment":"list"}`)
			require.Equal(t, http.StatusCreated, r.status, string(r.body))
			ids = append(ids, r.json(t)["id"].(string))
			dates = append(dates, r.json(t)["creationDateTimeUtc"].(string))
			clock.advance(time.Second)
		}
		m := h.machine(0)
		for _, c := range []struct {
			query url.Values
			ids   []string
			next  bool
		}{
			{url.Values{}, ids, false},
			{url.Values{"$filter": {"machineId eq '" + m + "'"}}, []string{ids[0], ids[2]}, false},
			{url.Values{"$filter": {"machineId eq '" + m + "'"}, "$top": {"1"}}, []string{ids[0]}, true},
			{url.Values{"$filter": {"machineId eq '" + m + "'"}, "$top": {"1"}, "$skip": {"1"}}, []string{ids[2]}, false},
			{url.Values{"$filter": {"id eq '" + ids[3] + "'"}}, []string{ids[3]}, false},
			{url.Values{"$filter": {"type eq 'Isolate' and status eq 'Succeeded' and machineId ne '" + m + "'"}}, []string{ids[1], ids[3]}, false},
			{url.Values{"$filter": {"creationDateTimeUtc gt " + dates[1]}}, []string{ids[2], ids[3]}, false},
			{url.Values{"$filter": {"requestor eq 'nobody'"}}, nil, false},
		} {
			r := h.get(p, "/machineactions?"+c.query.Encode())
			require.Equal(t, http.StatusOK, r.status, "%v: %s", c.query, r.body)
			body := r.json(t)
			assert.Regexp(t, `\$metadata#MachineActions$`, body["@odata.context"])
			var got []string
			for _, v := range body["value"].([]any) {
				got = append(got, v.(map[string]any)["id"].(string))
			}
			assert.Equal(t, c.ids, got, "%v", c.query)
			_, next := body["@odata.nextLink"]
			assert.Equal(t, c.next, next, "%v", c.query)
		}
		for _, bad := range []url.Values{
			{"$filter": {"machineId eq"}}, {"$filter": {"color eq 'red'"}}, {"$filter": {"machineId gt 'a'"}},
			{"$filter": {"machineId eq 'unterminated"}}, {"$filter": {"machineId eq 'a' or id eq 'b'"}},
			{"$top": {"0"}}, {"$top": {"10001"}}, {"$top": {"x"}}, {"$skip": {"-1"}}, {"$stop": {"2"}},
		} {
			r := h.get(p, "/machineactions?"+bad.Encode())
			assert.Equal(t, http.StatusBadRequest, r.status, "%v: %s", bad, r.body)
			assert.Equal(t, codeODataError, r.errorCode(t), "%v", bad)
		}
	}
}

// TestResponsesMatchTheDocument validates the mock's own answers against the OpenAPI document.
func TestResponsesMatchTheDocument(t *testing.T) {
	h := newHarness(t, Options{CompletionDelay: time.Hour})
	for _, p := range spec.Profiles() {
		m := h.machine(0)
		tok := h.token(defaultRole(p), p)
		created := h.isolate(p, m, `{"Comment":"doc","IsolationType":"Selective"}`)
		id := created.json(t)["id"].(string)
		for _, c := range []struct {
			method, path, body string
		}{
			{"POST", "/machines/" + m + "/isolate", ""},                        // 400 (no body)
			{"POST", "/machines/" + m + "/isolate", `{"Comment":"dup"}`},       // 400 duplicate
			{"POST", "/machines/" + m + "/unisolate", `{"Comment":"release"}`}, // 201
			{"POST", "/machines/unknown/isolate", `{"Comment":"x"}`},           // 404
			{"GET", "/machineactions/" + id, ""},                               // 200
			{"GET", "/machineactions/unknown", ""},                             // 404
			{"GET", "/machineactions?$top=1", ""},                              // 200
			{"GET", "/machines/" + m, ""},                                      // 200
			{"GET", "/machines/unknown", ""},                                   // 404
		} {
			var body io.Reader
			if c.body != "" {
				body = bytes.NewReader([]byte(c.body))
			}
			req, err := http.NewRequest(c.method, h.srv.URL+p.BasePath()+c.path, body)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			resp, err := h.srv.Client().Do(req)
			require.NoError(t, err)
			checkResponse(t, h, p, req, resp)
		}
		checkResponse(t, h, p, mustRequest(t, "POST", h.srv.URL+p.BasePath()+"/machines/"+h.machine(4)+"/isolate", `{"Comment":"c"}`), &http.Response{
			StatusCode: created.status, Header: created.header, Body: io.NopCloser(bytes.NewReader(created.body)),
		})
	}
}

func mustRequest(t *testing.T, method, url, body string) *http.Request {
	req, err := http.NewRequest(method, url, bytes.NewReader([]byte(body)))
	require.NoError(t, err)
	return req
}

func checkResponse(t *testing.T, h *harness, p spec.Profile, req *http.Request, resp *http.Response) {
	t.Helper()
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	route, vars, err := h.s.apis[p].router.FindRoute(req)
	require.NoError(t, err)
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: vars, Route: route},
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(data)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus:   true,
			SchemaValidationOptions: spec.SchemaOptions(),
		},
	})
	assert.NoError(t, err, "%s %s %s -> %d %s", p, req.Method, req.URL.Path, resp.StatusCode, data)
}

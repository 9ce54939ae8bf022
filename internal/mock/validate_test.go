package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestRequestBodies(t *testing.T) {
	type want struct {
		status  int
		code    string
		mention string // the message names this
	}
	cases := map[string]map[spec.Profile]want{
		"invalid-comment-lowercase.json":                 {"": {400, codeInvalidRequestBody, "comment"}},
		"invalid-comment-null.json":                      {"": {400, codeInvalidRequestBody, "Comment"}},
		"invalid-comment-number.json":                    {"": {400, codeInvalidRequestBody, "Comment"}},
		"invalid-empty.txt":                              {"": {400, codeInvalidRequestBody, "missing"}},
		"invalid-isolation-type-lowercase.json":          {"": {400, codeInvalidInput, "IsolationType"}},
		"invalid-isolation-type-number.json":             {"": {400, codeInvalidInput, "IsolationType"}},
		"invalid-isolation-type-property-lowercase.json": {"": {400, codeInvalidRequestBody, "isolationType"}},
		"invalid-isolation-type-unknown.json":            {"": {400, codeInvalidInput, "IsolationType"}},
		"invalid-missing-comment.json":                   {"": {400, codeMissingParameter, "Comment"}},
		"invalid-not-an-object.json":                     {"": {400, codeInvalidRequestBody, "object"}},
		"invalid-truncated.json":                         {"": {400, codeInvalidRequestBody, "JSON"}},
		"seed-example-request-verbatim.txt":              {"": {400, codeInvalidRequestBody, "JSON"}},
		"seed-example-request-corrected.json":            {"": {201, "", ""}},
		"valid-no-isolation-type.json":                   {"": {201, "", ""}},
		"valid-selective.json":                           {"": {201, "", ""}},
		"valid-unmanaged-device.json": {
			spec.Preview2017: {400, codeInvalidInput, "IsolationType"},
			spec.Current:     {201, "", ""},
		},
	}
	for _, p := range spec.Profiles() {
		h := newHarness(t, Options{})
		for i, name := range fixturesNames(t) {
			c, ok := cases[name]
			require.True(t, ok, "no expectation for fixture %s", name)
			w, ok := c[p]
			if !ok {
				w = c[""]
			}
			t.Run(string(p)+"/"+name, func(t *testing.T) {
				r := h.isolate(p, h.machine(i%len(h.s.Machines())), string(fixture(t, name)))
				require.Equal(t, w.status, r.status, string(r.body))
				if w.status >= 400 {
					assert.Equal(t, w.code, r.errorCode(t))
					assert.Contains(t, r.json(t)["error"].(map[string]any)["message"], w.mention)
				}
			})
		}
	}
}

func TestScopeEchoesIsolationType(t *testing.T) {
	h := newHarness(t, Options{})
	for i, c := range []struct{ body, scope string }{
		{`{"Comment":"c","IsolationType":"Full"}`, "Full"},
		{`{"Comment":"c","IsolationType":"Selective"}`, "Selective"},
		{`{"Comment":"c","IsolationType":"UnManagedDevice"}`, "UnManagedDevice"},
		{`{"Comment":"c"}`, "Full"},
	} {
		r := h.isolate(spec.Current, h.machine(i), c.body)
		require.Equal(t, http.StatusCreated, r.status)
		assert.Equal(t, c.scope, r.json(t)["scope"])
	}
	r := h.isolate(spec.Current, h.machine(5), `{"Comment":"  trailing space and ünïcödé \u2603 "}`)
	require.Equal(t, http.StatusCreated, r.status)
	assert.Equal(t, "  trailing space and ünïcödé ☃ ", r.json(t)["requestorComment"])
}

func TestContentTypes(t *testing.T) {
	h := newHarness(t, Options{})
	for _, p := range spec.Profiles() {
		path := p.BasePath() + "/machines/" + h.machine(0) + "/unisolate"
		tok := h.token(defaultRole(p), p)
		body := []byte(`{"Comment":"content type"}`)
		for ct, status := range map[string]int{
			"text/plain":                        http.StatusUnsupportedMediaType,
			"":                                  http.StatusUnsupportedMediaType,
			"application/xml":                   http.StatusUnsupportedMediaType,
			"application/x-www-form-urlencoded": http.StatusUnsupportedMediaType,
			"application/json; charset=utf-8":   http.StatusCreated,
		} {
			r := h.call(http.MethodPost, path, tok, ct, body)
			assert.Equal(t, status, r.status, "%s %q: %s", p, ct, r.body)
			if status == http.StatusUnsupportedMediaType {
				assert.Equal(t, codeUnsupportedMedia, r.errorCode(t))
			}
			h.s.store.reset() // forget the action: the next one is no duplicate
		}
	}
}

func TestRouting(t *testing.T) {
	h := newHarness(t, Options{})
	for _, p := range spec.Profiles() {
		tok := h.token(defaultRole(p), p)
		m := h.machine(0)
		for _, c := range []struct {
			method, path string
			status       int
			code, allow  string
		}{
			{"GET", "/machines/" + m + "/isolate", 405, codeMethodNotAllowed, "POST"},
			{"PUT", "/machines/" + m + "/isolate", 405, codeMethodNotAllowed, "POST"},
			{"DELETE", "/machines/" + m + "/isolate", 405, codeMethodNotAllowed, "POST"},
			{"POST", "/machineactions", 405, codeMethodNotAllowed, "GET"},
			{"POST", "/machines/" + m, 405, codeMethodNotAllowed, "GET"},
			{"GET", "/machine/" + m, 404, codeNotFound, ""},
			{"GET", "/machines/" + m + "/isolate/more", 404, codeNotFound, ""},
			{"GET", "", 404, codeNotFound, ""},
			{"GET", "/machines/0000000000000000000000000000000000000000", 404, codeResourceNotFound, ""},
			{"GET", "/machineactions/7e43b1a9-5a1d-4b42-9f0f-1c3c4f7a2b51", 404, codeResourceNotFound, ""},
		} {
			r := h.call(c.method, p.BasePath()+c.path, tok, "", nil)
			assert.Equal(t, c.status, r.status, "%s %s %s: %s", p, c.method, c.path, r.body)
			assert.Equal(t, c.code, r.errorCode(t), "%s %s %s", p, c.method, c.path)
			assert.Equal(t, c.allow, r.header.Get("Allow"), "%s %s %s", p, c.method, c.path)
		}
		r := h.isolate(p, "0000000000000000000000000000000000000000", `{"Comment":"unknown"}`)
		assert.Equal(t, http.StatusNotFound, r.status)
		assert.Equal(t, codeResourceNotFound, r.errorCode(t))
		assert.Contains(t, r.json(t)["error"].(map[string]any)["message"], "Machine 0000000000000000000000000000000000000000 was not found")
	}
	for _, path := range []string{"/", "/nope", "/apix/machines", "/testwdatppreviewx", "/_isoconform/nope"} {
		r := h.call("GET", path, "", "", nil)
		assert.Equal(t, http.StatusNotFound, r.status, path)
		assert.Equal(t, codeNotFound, r.errorCode(t), path)
	}
	// /api/v1.0 serves the current API too.
	r := h.call("POST", "/api/v1.0/machines/"+h.machine(3)+"/isolate", h.token("machine-isolate", spec.Current), "application/json", []byte(`{"Comment":"v1"}`))
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	assert.True(t, strings.HasSuffix(r.json(t)["@odata.context"].(string), "/api/v1.0/$metadata#MachineActions/$entity"))
	// token endpoints are served
	r = h.call("GET", "/"+h.s.principals.TenantID()+"/discovery/v2.0/keys", "", "", nil)
	assert.Equal(t, http.StatusOK, r.status)
}

func TestBodyLimit(t *testing.T) {
	h := newHarness(t, Options{})
	big := `{"Comment":"` + strings.Repeat("a", MaxBodyBytes) + `"}`
	r := h.isolate(spec.Current, h.machine(0), big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.status)
	assert.Equal(t, codeTooLarge, r.errorCode(t))
	justUnder := `{"Comment":"` + strings.Repeat("a", MaxBodyBytes-20) + `"}`
	r = h.isolate(spec.Current, h.machine(0), justUnder)
	assert.Equal(t, http.StatusCreated, r.status)
	v := h.s.Violations()
	require.Len(t, v, 1)
	// A declared length over the limit is refused before the body is read: none is recorded.
	assert.Empty(t, v[0].Request.Body)
	// A body read and refused is recorded, cut.
	h.s.ClearViolations()
	refused := `{"Comment":"` + strings.Repeat("a", MaxBodyBytes-50) + `","IsolationType":"Partial"}`
	r = h.isolate(spec.Current, h.machine(0), refused)
	assert.Equal(t, http.StatusBadRequest, r.status)
	v = h.s.Violations()
	require.Len(t, v, 1)
	assert.True(t, v[0].Request.BodyTruncated)
	assert.Len(t, v[0].Request.Body, maxRecordedBody)
}

func TestViolations(t *testing.T) {
	h := newHarness(t, Options{MaxViolations: 3})
	tok := h.token("machine-isolate", spec.Current)
	r := h.call("POST", "/api/machines/"+h.machine(0)+"/isolate", tok, "application/json", []byte(`{"comment":"x"}`))
	require.Equal(t, http.StatusBadRequest, r.status)
	target := r.json(t)["error"].(map[string]any)["target"]

	r = h.call("GET", "/_isoconform/violations", "", "", nil)
	require.Equal(t, http.StatusOK, r.status)
	var got struct{ Violations []Violation }
	require.NoError(t, json.Unmarshal(r.body, &got))
	require.Len(t, got.Violations, 1)
	v := got.Violations[0]
	assert.Equal(t, ruleBody, v.Rule)
	assert.Equal(t, spec.Current, v.Profile)
	assert.Equal(t, "isolateMachine", v.Operation)
	assert.Equal(t, "POST", v.Method)
	assert.Equal(t, "/api/machines/"+h.machine(0)+"/isolate", v.Path)
	assert.Equal(t, target, v.CorrelationID)
	assert.Equal(t, codeInvalidRequestBody, v.Code)
	assert.Contains(t, v.Message, "comment")
	assert.Equal(t, `{"comment":"x"}`, v.Request.Body)
	assert.Equal(t, []string{"Bearer [REDACTED]"}, v.Request.Header["Authorization"])
	assert.False(t, bytes.Contains(r.body, []byte(tok)), "the token leaked")

	// every refusal kind is recorded, the ring is bounded
	h.call("GET", "/api/machines/x/isolate", tok, "", nil)                                     // 405
	h.call("GET", "/api/machines/x", "", "", nil)                                              // 401
	h.call("POST", "/api/machines/x/isolate", h.token("no-permission", spec.Current), "", nil) // 403
	got.Violations = h.s.Violations()
	require.Len(t, got.Violations, 3)
	assert.Equal(t, []string{ruleRoute, ruleAuthentication, ruleAuthorization},
		[]string{got.Violations[0].Rule, got.Violations[1].Rule, got.Violations[2].Rule})

	r = h.call("DELETE", "/_isoconform/violations", "", "", nil)
	assert.Equal(t, http.StatusNoContent, r.status)
	assert.Empty(t, h.s.Violations())
	r = h.call("POST", "/_isoconform/violations", "", "", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, codeMethodNotAllowed, r.errorCode(t))

	// a state refusal is no violation
	h.isolate(spec.Current, "0000000000000000000000000000000000000000", `{"Comment":"x"}`)
	assert.Empty(t, h.s.Violations())
}

func fixturesNames(t *testing.T) []string {
	t.Helper()
	names := fixturesRequestNames()
	require.NotEmpty(t, names)
	return names
}

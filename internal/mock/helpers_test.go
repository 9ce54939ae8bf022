package mock

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/fixtures"
	"github.com/isoconform/isoconform/spec"
)

// harness is a mock served by httptest on loopback.
type harness struct {
	t      *testing.T
	s      *Server
	srv    *httptest.Server
	tokens map[string]string // role|profile -> token
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	s, err := New(opts)
	require.NoError(t, err)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, s: s, srv: srv, tokens: map[string]string{}}
}

func (h *harness) token(role string, p spec.Profile) string {
	h.t.Helper()
	key := role + "|" + string(p)
	if tok, ok := h.tokens[key]; ok {
		return tok
	}
	tok, err := h.s.Token(role, p)
	require.NoError(h.t, err)
	h.tokens[key] = tok
	return tok
}

// defaultRole is the principal allowed to isolate in p.
func defaultRole(p spec.Profile) string {
	if p == spec.Current {
		return "machine-isolate"
	}
	return "security-administrator"
}

// reply is an answer read whole.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.body, &m), string(r.body))
	return m
}

// errorCode returns the envelope's code, failing unless the body is the envelope.
func (r reply) errorCode(t *testing.T) string {
	t.Helper()
	require.Equal(t, "application/json", mediaTypeOf(r.header.Get("Content-Type")), string(r.body))
	m := r.json(t)
	e, ok := m["error"].(map[string]any)
	require.True(t, ok, "no error envelope: %s", r.body)
	for _, k := range []string{"code", "message", "target"} {
		_, isString := e[k].(string)
		require.True(t, isString, "envelope without string %s: %s", k, r.body)
	}
	return e["code"].(string)
}

func mediaTypeOf(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.TrimSpace(strings.ToLower(mt))
}

// call sends a request; token "" sends no Authorization.
func (h *harness) call(method, path, token, contentType string, body []byte) reply {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	require.NoError(h.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return h.do(req)
}

// do sends req to h's server and reads the whole reply.
func (h *harness) do(req *http.Request) reply {
	h.t.Helper()
	resp, err := h.srv.Client().Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// isolate isolates machine in p as the profile's default role with body.
func (h *harness) isolate(p spec.Profile, machine string, body string) reply {
	h.t.Helper()
	return h.call(http.MethodPost, p.BasePath()+"/machines/"+machine+"/isolate", h.token(defaultRole(p), p), "application/json", []byte(body))
}

func (h *harness) unisolate(p spec.Profile, machine string) reply {
	h.t.Helper()
	return h.call(http.MethodPost, p.BasePath()+"/machines/"+machine+"/unisolate", h.token(defaultRole(p), p), "application/json",
		[]byte(`{"Comment":"release"}`))
}

func (h *harness) get(p spec.Profile, path string) reply {
	h.t.Helper()
	return h.call(http.MethodGet, p.BasePath()+path, h.token(defaultRole(p), p), "", nil)
}

func (h *harness) machine(i int) string { return h.s.Machines()[i].ID }

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := fixtures.Request(name)
	require.NoError(t, err)
	return b
}

func fixturesRequestNames() []string { return fixtures.RequestNames() }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// admitAlways is a store admission rule that stores every action.
func admitAlways(_, _ *action) bool { return true }

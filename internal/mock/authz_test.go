package mock

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

func TestTokenAttacks(t *testing.T) {
	h := newHarness(t, Options{})
	for _, p := range spec.Profiles() {
		for _, kind := range AttackKinds() {
			t.Run(string(p)+"/"+kind, func(t *testing.T) {
				tok, err := h.s.AttackToken(kind, p)
				require.NoError(t, err)
				r := h.call(http.MethodPost, p.BasePath()+"/machines/"+h.machine(0)+"/isolate", tok, "application/json", []byte(`{"Comment":"attack"}`))
				if kind == "roles-removed" {
					assert.Equal(t, http.StatusForbidden, r.status, string(r.body))
					assert.Equal(t, codeForbidden, r.errorCode(t))
					return
				}
				assert.Equal(t, http.StatusUnauthorized, r.status, string(r.body))
				assert.Equal(t, codeUnauthorized, r.errorCode(t))
				assert.Contains(t, r.header.Get("WWW-Authenticate"), `Bearer error="invalid_token"`)
			})
		}
		t.Run(string(p)+"/header", func(t *testing.T) {
			path := p.BasePath() + "/machines/" + h.machine(0) + "/isolate"
			for name, header := range map[string]string{
				"missing": "", "basic": "Basic dXNlcjpwYXNz", "bearer-empty": "Bearer ", "bearer-garbage": "Bearer a.b.c",
			} {
				req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, nil)
				require.NoError(t, err)
				if header != "" {
					req.Header.Set("Authorization", header)
				}
				resp, err := h.srv.Client().Do(req)
				require.NoError(t, err)
				resp.Body.Close()
				assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, name)
				if name == "missing" {
					assert.Equal(t, "Bearer", resp.Header.Get("WWW-Authenticate"))
				} else {
					assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "invalid_token", name)
				}
			}
		})
	}
	_, err := h.s.AttackToken("nope", spec.Current)
	assert.Error(t, err)
	_, err = h.s.Token("nope", spec.Current)
	assert.Error(t, err)
	assert.Empty(t, h.s.store.list(spec.Current, "", func(*action) bool { return true }), "no attack created an action")
}

func TestRoleMatrix(t *testing.T) {
	allRoles := []string{"security-administrator", "global-administrator", "no-role",
		"machine-isolate", "machine-isolate-delegated", "no-permission", "rate-limit"}
	// want[profile][role] = {isolate/unisolate status, read status}
	want := map[spec.Profile]map[string][2]int{
		spec.Preview2017: {
			"security-administrator": {201, 200}, "global-administrator": {201, 200}, "no-role": {403, 403},
			"machine-isolate": {403, 403}, "machine-isolate-delegated": {403, 403}, "no-permission": {403, 403}, "rate-limit": {403, 403},
		},
		spec.Current: {
			"security-administrator": {403, 403}, "global-administrator": {403, 403}, "no-role": {403, 403},
			"machine-isolate": {201, 200}, "machine-isolate-delegated": {201, 200}, "no-permission": {403, 200}, "rate-limit": {201, 200},
		},
	}
	for _, p := range spec.Profiles() {
		h := newHarness(t, Options{})
		for i, role := range allRoles {
			t.Run(string(p)+"/"+role, func(t *testing.T) {
				tok := h.token(role, p)
				m := h.machine(i)
				w := want[p][role]
				r := h.call(http.MethodPost, p.BasePath()+"/machines/"+m+"/isolate", tok, "application/json", []byte(`{"Comment":"role matrix"}`))
				assert.Equal(t, w[0], r.status, "isolate: %s", r.body)
				if r.status == http.StatusCreated {
					assert.NotEmpty(t, r.json(t)["requestor"])
				}
				r = h.call(http.MethodPost, p.BasePath()+"/machines/"+m+"/unisolate", tok, "application/json", []byte(`{"Comment":"role matrix"}`))
				assert.Equal(t, w[0], r.status, "unisolate: %s", r.body)
				for _, path := range []string{"/machineactions", "/machines/" + m} {
					r = h.call(http.MethodGet, p.BasePath()+path, tok, "", nil)
					assert.Equal(t, w[1], r.status, "GET %s: %s", path, r.body)
					if r.status == http.StatusForbidden {
						assert.Equal(t, codeForbidden, r.errorCode(t))
					}
				}
			})
		}
		for _, role := range h.s.Roles(p) {
			assert.Contains(t, want[p], role)
		}
	}
}

func TestRoles(t *testing.T) {
	h := newHarness(t, Options{})
	assert.Equal(t, []string{"security-administrator", "global-administrator", "no-role"}, h.s.Roles(spec.Preview2017))
	assert.Equal(t, []string{"machine-isolate", "machine-isolate-delegated", "no-permission", "rate-limit"}, h.s.Roles(spec.Current))
}

func TestRequestorFromToken(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.isolate(spec.Preview2017, h.machine(0), `{"Comment":"c"}`)
	require.Equal(t, http.StatusCreated, r.status)
	assert.Equal(t, "secadmin@contoso.example", r.json(t)["requestor"])
	r = h.call(http.MethodPost, "/api/machines/"+h.machine(0)+"/isolate", h.token("machine-isolate-delegated", spec.Current), "application/json", []byte(`{"Comment":"c"}`))
	require.Equal(t, http.StatusCreated, r.status)
	assert.Equal(t, "analyst@contoso.example", r.json(t)["requestor"])
}

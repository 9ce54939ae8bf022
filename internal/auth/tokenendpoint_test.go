package auth

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

const (
	isolateClientID = "c4162d51-1040-440f-8257-55550873c839"
	isolateSecret   = "fixture-secret-machine-isolate-NOT-A-REAL-SECRET"
)

// tokenRequest is one call of a token endpoint.
type tokenRequest struct {
	path        string
	form        url.Values
	basicID     string // HTTP Basic client authentication when set
	basicSecret string
	contentType string // default form
	method      string // default POST
}

func (f fixture) do(t *testing.T, h http.Handler, req tokenRequest) (*http.Response, map[string]any) {
	t.Helper()
	method := req.method
	if method == "" {
		method = http.MethodPost
	}
	r := httptest.NewRequest(method, req.path, strings.NewReader(req.form.Encode()))
	ct := req.contentType
	if ct == "" {
		ct = "application/x-www-form-urlencoded"
	}
	r.Header.Set("Content-Type", ct)
	if req.basicID != "" {
		r.SetBasicAuth(url.QueryEscape(req.basicID), url.QueryEscape(req.basicSecret))
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	res := w.Result()
	var body map[string]any
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	}
	return res, body
}

func TestTokenEndpointSuccess(t *testing.T) {
	f := newFixture(t)
	h := NewTokenEndpoint(f.issuer, f.principals)
	tid := f.principals.TenantID()
	now := f.clock.Now().Unix()
	v1 := "/" + tid + "/oauth2/token"
	v2 := "/" + tid + "/oauth2/v2.0/token"
	tests := []struct {
		name     string
		req      tokenRequest
		v2       bool
		audience string
	}{
		{"v1 form secret", tokenRequest{path: v1, form: url.Values{"grant_type": {"client_credentials"}, "client_id": {isolateClientID}, "client_secret": {isolateSecret}, "resource": {AudienceSecurityCenter}}}, false, AudienceSecurityCenter},
		{"v1 basic auth", tokenRequest{path: v1, form: url.Values{"grant_type": {"client_credentials"}, "resource": {AudienceWindowsDefenderATP}}, basicID: isolateClientID, basicSecret: isolateSecret}, false, AudienceWindowsDefenderATP},
		{"v1 tenant domain", tokenRequest{path: "/contoso.example/oauth2/token", form: url.Values{"grant_type": {"client_credentials"}, "client_id": {isolateClientID}, "client_secret": {isolateSecret}, "resource": {AudienceGraph}}}, false, AudienceGraph},
		{"v1 no resource gives Azure AD Graph", tokenRequest{path: v1, form: url.Values{"grant_type": {"client_credentials"}, "client_id": {isolateClientID}, "client_secret": {isolateSecret}}}, false, AudienceAzureADGraph},
		{"v2 form secret", tokenRequest{path: v2, form: url.Values{"grant_type": {"client_credentials"}, "client_id": {isolateClientID}, "client_secret": {isolateSecret}, "scope": {AudienceSecurityCenter + "/.default"}}}, true, AudienceSecurityCenter},
		{"v2 basic auth", tokenRequest{path: v2, form: url.Values{"grant_type": {"client_credentials"}, "scope": {AudienceSecurity + "/.default"}}, basicID: isolateClientID, basicSecret: isolateSecret}, true, AudienceSecurity},
		{"v2 graph", tokenRequest{path: v2, form: url.Values{"grant_type": {"client_credentials"}, "client_id": {isolateClientID}, "client_secret": {isolateSecret}, "scope": {AudienceGraph + "/.default"}}}, true, AudienceGraph},
	}
	verifier := f.verifier(t, 0, append(Audiences(spec.Current), AudienceGraph, AudienceAzureADGraph)...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := f.do(t, h, tt.req)
			require.Equal(t, http.StatusOK, res.StatusCode, body)
			assert.Equal(t, "no-store, no-cache", res.Header.Get("Cache-Control"))
			assert.Equal(t, "no-cache", res.Header.Get("Pragma"))
			assert.Equal(t, "application/json; charset=utf-8", res.Header.Get("Content-Type"))
			assert.Equal(t, "Bearer", body["token_type"])
			if tt.v2 {
				assert.Equal(t, float64(3599), body["expires_in"], "v2 numbers are JSON numbers")
				assert.Equal(t, float64(3599), body["ext_expires_in"])
				assert.ElementsMatch(t, []string{"token_type", "expires_in", "ext_expires_in", "access_token"}, keys(body))
			} else {
				assert.Equal(t, "3599", body["expires_in"], "v1 numbers are JSON strings")
				assert.Equal(t, "3599", body["ext_expires_in"])
				assert.Equal(t, jsonInt(now+3600), body["expires_on"])
				assert.Equal(t, jsonInt(now-300), body["not_before"])
				assert.Equal(t, tt.audience, body["resource"])
			}
			tok, _ := body["access_token"].(string)
			id, err := verifier.Verify(tok)
			require.NoError(t, err)
			assert.Equal(t, tt.audience, id.Audience)
			assert.Equal(t, KindApplication, id.Kind)
			assert.Equal(t, isolateClientID, id.AppID)
			assert.True(t, id.HasPermission(PermissionMachineIsolate))
		})
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestTokenEndpointErrors(t *testing.T) {
	f := newFixture(t)
	h := NewTokenEndpoint(f.issuer, f.principals)
	tid := f.principals.TenantID()
	v1 := "/" + tid + "/oauth2/token"
	v2 := "/" + tid + "/oauth2/v2.0/token"
	good := func(extra ...string) url.Values {
		v := url.Values{"grant_type": {"client_credentials"}, "client_id": {isolateClientID}, "client_secret": {isolateSecret}}
		for i := 0; i+1 < len(extra); i += 2 {
			if extra[i+1] == "" {
				v.Del(extra[i])
			} else {
				v.Set(extra[i], extra[i+1])
			}
		}
		return v
	}
	scope := AudienceSecurityCenter + "/.default"
	userApp := "531d0b75-b133-49ec-8659-ec6a112f8b0d" // the client the fixture users sign in through
	tests := []struct {
		name    string
		req     tokenRequest
		status  int
		errName string
		code    int
	}{
		{"v1 wrong secret", tokenRequest{path: v1, form: good("client_secret", "wrong", "resource", AudienceSecurityCenter)}, 401, "invalid_client", 7000215},
		{"v2 wrong secret", tokenRequest{path: v2, form: good("client_secret", "wrong", "scope", scope)}, 401, "invalid_client", 7000215},
		{"v2 wrong basic secret", tokenRequest{path: v2, form: good("client_id", "", "client_secret", "", "scope", scope), basicID: isolateClientID, basicSecret: "wrong"}, 401, "invalid_client", 7000215},
		{"another app's secret", tokenRequest{path: v2, form: good("client_secret", "fixture-secret-no-permission-NOT-A-REAL-SECRET", "scope", scope)}, 401, "invalid_client", 7000215},
		{"v1 no secret", tokenRequest{path: v1, form: good("client_secret", "", "resource", AudienceSecurityCenter)}, 401, "invalid_client", 7000218},
		{"v2 no secret", tokenRequest{path: v2, form: good("client_secret", "", "scope", scope)}, 401, "invalid_client", 7000218},
		{"client assertion", tokenRequest{path: v2, form: good("client_secret", "", "scope", scope, "client_assertion", "x", "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")}, 401, "invalid_client", 700027},
		{"v1 unknown client", tokenRequest{path: v1, form: good("client_id", "00000000-0000-0000-0000-000000000001", "resource", AudienceSecurityCenter)}, 400, "unauthorized_client", 700016},
		{"v2 unknown client", tokenRequest{path: v2, form: good("client_id", "00000000-0000-0000-0000-000000000001", "scope", scope)}, 400, "unauthorized_client", 700016},
		{"user's client id", tokenRequest{path: v2, form: good("client_id", userApp, "scope", scope)}, 400, "unauthorized_client", 700016},
		{"no client id", tokenRequest{path: v2, form: good("client_id", "", "scope", scope)}, 400, "invalid_request", 900144},
		{"v2 scope without /.default", tokenRequest{path: v2, form: good("scope", AudienceSecurityCenter)}, 400, "invalid_scope", 1002012},
		{"v2 delegated scope", tokenRequest{path: v2, form: good("scope", AudienceSecurityCenter+"/Machine.Isolate")}, 400, "invalid_scope", 1002012},
		{"v2 two resources", tokenRequest{path: v2, form: good("scope", scope+" "+AudienceGraph+"/.default")}, 400, "invalid_scope", 70011},
		{"v2 no scope", tokenRequest{path: v2, form: good()}, 400, "invalid_request", 900144},
		{"v2 resource parameter", tokenRequest{path: v2, form: good("scope", scope, "resource", AudienceSecurityCenter)}, 400, "invalid_request", 901002},
		{"v1 password grant", tokenRequest{path: v1, form: good("grant_type", "password", "resource", AudienceSecurityCenter)}, 400, "unsupported_grant_type", 70003},
		{"v2 bogus grant", tokenRequest{path: v2, form: good("grant_type", "bogus", "scope", scope)}, 400, "unsupported_grant_type", 70003},
		{"no grant type", tokenRequest{path: v2, form: good("grant_type", "", "scope", scope)}, 400, "invalid_request", 900144},
		{"JSON body", tokenRequest{path: v2, form: good("scope", scope), contentType: "application/json"}, 400, "invalid_request", 900144},
		{"v1 unknown tenant", tokenRequest{path: "/00000000-0000-0000-0000-00000000000f/oauth2/token", form: good("resource", AudienceSecurityCenter)}, 400, "invalid_request", 90002},
		{"v2 unknown tenant", tokenRequest{path: "/fabrikam.example/oauth2/v2.0/token", form: good("scope", scope)}, 400, "invalid_request", 90002},
		{"v1 unknown resource", tokenRequest{path: v1, form: good("resource", "https://example.invalid")}, 400, "invalid_resource", 500011},
		{"v2 unknown resource", tokenRequest{path: v2, form: good("scope", "https://example.invalid/.default")}, 400, "invalid_resource", 500011},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := f.do(t, h, tt.req)
			assert.Equal(t, tt.status, res.StatusCode)
			assert.Equal(t, "no-store, no-cache", res.Header.Get("Cache-Control"))
			assert.Equal(t, "no-cache", res.Header.Get("Pragma"))
			assertAADError(t, body, tt.errName, tt.code)
			raw, _ := json.Marshal(body)
			assert.NotContains(t, string(raw), isolateSecret, "a secret is echoed")
			assert.NotContains(t, body, "access_token")
		})
	}
}

// assertAADError checks the Entra error body shape.
func assertAADError(t *testing.T, body map[string]any, errName string, code int) {
	t.Helper()
	assert.Equal(t, errName, body["error"])
	assert.Equal(t, []any{float64(code)}, body["error_codes"])
	desc, _ := body["error_description"].(string)
	assert.True(t, strings.HasPrefix(desc, "AADSTS"+jsonInt(int64(code))+": "), desc)
	assert.Contains(t, desc, "\r\nTrace ID: ")
	assert.Contains(t, desc, "\r\nCorrelation ID: ")
	assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$`, body["timestamp"])
	assert.True(t, isGUID(body["trace_id"].(string)))
	assert.True(t, isGUID(body["correlation_id"].(string)))
}

func TestTokenEndpointEchoesClientRequestID(t *testing.T) {
	f := newFixture(t)
	h := NewTokenEndpoint(f.issuer, f.principals)
	const corr = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
	r := httptest.NewRequest(http.MethodPost, "/"+f.principals.TenantID()+"/oauth2/v2.0/token", strings.NewReader("grant_type=bogus"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("client-request-id", corr)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var body map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
	assert.Equal(t, corr, body["correlation_id"])
}

func TestTokenEndpointBoundsBody(t *testing.T) {
	f := newFixture(t)
	h := NewTokenEndpoint(f.issuer, f.principals)
	big := url.Values{"grant_type": {"client_credentials"}, "pad": {strings.Repeat("x", maxFormBytes)}}
	res, body := f.do(t, h, tokenRequest{path: "/" + f.principals.TenantID() + "/oauth2/token", form: big})
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
	assert.Equal(t, "invalid_request", body["error"])
}

func TestTokenEndpointMethodsAndPaths(t *testing.T) {
	f := newFixture(t)
	h := NewTokenEndpoint(f.issuer, f.principals)
	tid := f.principals.TenantID()
	res, _ := f.do(t, h, tokenRequest{method: http.MethodGet, path: "/" + tid + "/oauth2/token"})
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
	res, _ = f.do(t, h, tokenRequest{path: "/" + tid + "/oauth2/v3/token"})
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}

// TestJWKSRoundTrip verifies a token from the token endpoint using nothing
// but the keys document served over HTTP on loopback.
func TestJWKSRoundTrip(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(NewTokenEndpoint(f.issuer, f.principals))
	defer srv.Close()
	require.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:"))
	tid := f.principals.TenantID()

	for _, keysPath := range []string{"/discovery/keys", "/discovery/v2.0/keys"} {
		t.Run(keysPath, func(t *testing.T) {
			res, err := http.PostForm(srv.URL+"/"+tid+"/oauth2/v2.0/token", url.Values{
				"grant_type": {"client_credentials"}, "client_id": {isolateClientID},
				"client_secret": {isolateSecret}, "scope": {AudienceSecurityCenter + "/.default"},
			})
			require.NoError(t, err)
			var tokRes struct {
				AccessToken string `json:"access_token"`
			}
			require.NoError(t, json.NewDecoder(res.Body).Decode(&tokRes))
			require.NoError(t, res.Body.Close())

			res, err = http.Get(srv.URL + "/" + tid + keysPath)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, "max-age=86400, private", res.Header.Get("Cache-Control"))
			data, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			require.NoError(t, res.Body.Close())

			set, err := ParseJWKS(data)
			require.NoError(t, err)
			require.Len(t, set.Keys, 1)
			k := set.Keys[0]
			assert.Equal(t, "RSA", k.Kty)
			assert.Equal(t, "sig", k.Use)
			assert.Equal(t, "AQAB", k.E)
			assert.Equal(t, k.Kid, k.X5t)
			if strings.Contains(keysPath, "v2.0") {
				assert.Equal(t, "https://login.microsoftonline.com/"+tid+"/v2.0", k.Issuer)
			} else {
				assert.Empty(t, k.Issuer)
			}

			pub, err := set.PublicKeys()
			require.NoError(t, err)
			v, err := NewVerifier(VerifierConfig{Issuer: "https://sts.windows.net/" + tid + "/", Audiences: Audiences(spec.Current), Keys: pub, Now: f.clock.Now})
			require.NoError(t, err)
			id, err := v.Verify(tokRes.AccessToken)
			require.NoError(t, err)
			assert.Equal(t, isolateClientID, id.AppID)
		})
	}
}

func TestOpenIDConfiguration(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(http.StripPrefix("/login", NewTokenEndpoint(f.issuer, f.principals)))
	defer srv.Close()
	tid := f.principals.TenantID()
	tests := []struct {
		path, issuer, tokenEndpoint, jwksURI string
	}{
		{"/login/contoso.example/v2.0/.well-known/openid-configuration", "https://login.microsoftonline.com/" + tid + "/v2.0",
			srv.URL + "/login/" + tid + "/oauth2/v2.0/token", srv.URL + "/login/" + tid + "/discovery/v2.0/keys"},
		{"/login/" + tid + "/.well-known/openid-configuration", "https://sts.windows.net/" + tid + "/",
			srv.URL + "/login/" + tid + "/oauth2/token", srv.URL + "/login/" + tid + "/discovery/keys"},
	}
	for _, tt := range tests {
		res, err := http.Get(srv.URL + tt.path)
		require.NoError(t, err)
		var doc map[string]any
		require.NoError(t, json.NewDecoder(res.Body).Decode(&doc))
		require.NoError(t, res.Body.Close())
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, "*", res.Header.Get("Access-Control-Allow-Origin"))
		assert.Equal(t, tt.issuer, doc["issuer"])
		assert.Equal(t, tt.tokenEndpoint, doc["token_endpoint"])
		assert.Equal(t, tt.jwksURI, doc["jwks_uri"])
		assert.Equal(t, []any{"RS256"}, doc["id_token_signing_alg_values_supported"])
		assert.Equal(t, []any{"client_secret_post", "private_key_jwt", "client_secret_basic"}, doc["token_endpoint_auth_methods_supported"])
	}

	res, err := http.Get(srv.URL + "/login/fabrikam.example/discovery/v2.0/keys")
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	require.NoError(t, res.Body.Close())
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assertAADError(t, body, "invalid_tenant", 90002)
}

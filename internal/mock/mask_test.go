package mock

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// canaryJWT is JWT-shaped (a JOSE header, a payload and a signature) and unique.
const canaryJWT = "eyJhbGciOiJSUzI1NiJ9.eyJjYW5hcnkiOiJ6cTd3In0.Q2FuYXJ5U2lnbmF0dXJlenE3dw"

// Every place a credential can travel in a refused request is masked in the violation log,
// and the secret appears nowhere in the log served at /_isoconform/violations.
func TestViolationLogMasksCredentials(t *testing.T) {
	const secret = "zq7w-s3cr3t"
	machine := "/api/machines/f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f/isolate"
	cases := []struct {
		name   string
		method string
		target string
		header map[string]string
		body   string
		canary string
	}{
		{"access_token query", "GET", "/api/machines?access_token=" + canaryJWT, nil, "", canaryJWT},
		{"access_token query, not a JWT", "GET", "/api/machines?$top=1&access_token=" + secret, nil, "", secret},
		{"percent-encoded parameter name", "GET", "/api/machines?access%5Ftoken=" + secret, nil, "", secret},
		{"X-Access-Token header", "GET", "/api/machines", map[string]string{"X-Access-Token": canaryJWT}, "", canaryJWT},
		{"X-Access-Token header, not a JWT", "GET", "/api/machines", map[string]string{"X-Access-Token": secret}, "", secret},
		{"short Authorization without a scheme", "GET", "/api/machines", map[string]string{"Authorization": secret}, "", secret},
		{"Authorization with an unknown scheme", "GET", "/api/machines", map[string]string{"Authorization": "zq7w " + secret}, "", secret},
		{"Basic Authorization", "GET", "/api/machines", map[string]string{"Authorization": "Basic " + secret}, "", secret},
		{"client_secret in a mistyped token URL", "GET", "/contoso.example/oauth2/tokne?client_id=x&client_secret=" + secret, nil, "", secret},
		{"Ocp-Apim-Subscription-Key", "GET", "/api/machines", map[string]string{"Ocp-Apim-Subscription-Key": secret}, "", secret},
		{"api-key header", "GET", "/api/machines", map[string]string{"Api-Key": secret}, "", secret},
		{"cookie", "GET", "/api/machines", map[string]string{"Cookie": "session=" + secret}, "", secret},
		{"JWT in the path", "GET", "/api/machines/" + canaryJWT, nil, "", canaryJWT},
		{"JWT in another header", "GET", "/api/machines", map[string]string{"X-Forwarded-For": canaryJWT}, "", canaryJWT},
		{"client_secret property in the body", "POST", machine, map[string]string{"Content-Type": "application/json"},
			`{"Comment":"x","IsolationType":"Partial","client_secret":"` + secret + `"}`, secret},
		{"form credential in the body", "POST", machine, map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			"grant_type=client_credentials&client_secret=" + secret, secret},
		{"JWT in the body", "POST", machine, map[string]string{"Content-Type": "application/json"},
			`{"Comment":"` + canaryJWT + `","IsolationType":"Partial"}`, canaryJWT},
		{"Bearer value in the body", "POST", machine, map[string]string{"Content-Type": "application/json"},
			`{"Comment":"Bearer ` + secret + `","IsolationType":"Partial"}`, secret},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var logged bytes.Buffer
			h := newHarness(t, Options{Logger: slog.New(slog.NewTextHandler(&logged, nil))})
			req, err := http.NewRequest(c.method, h.srv.URL+c.target, strings.NewReader(c.body))
			require.NoError(t, err)
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			if _, ok := c.header["Authorization"]; !ok && c.method == "POST" {
				// allowed to isolate: the body is read, and refused
				req.Header.Set("Authorization", "Bearer "+h.token("machine-isolate", spec.Current))
			}
			resp, err := h.srv.Client().Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			vs := h.s.Violations()
			require.NotEmpty(t, vs, "the request is a violation")
			if c.body != "" {
				require.NotEmpty(t, vs[0].Request.Body, "the body was read and recorded")
			}
			served := h.call(http.MethodGet, "/_isoconform/violations", "", "", nil)
			require.Equal(t, http.StatusOK, served.status)
			assert.NotContains(t, string(served.body), c.canary)
			assert.Contains(t, string(served.body), redacted)
			assert.NotContains(t, logged.String(), c.canary, "the request log")
		})
	}
}

// The verdict log masks what it keeps of a request: the client named by an unverified token
// and the example's path.
func TestVerdictLogMasksCredentials(t *testing.T) {
	h := newHarness(t, Options{})
	// A token that names a JWT as its client: a careless client that put its secret there.
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"appid":"` + canaryJWT + `","aud":"https://graph.microsoft.com"}`))
	tok := "eyJhbGciOiJSUzI1NiJ9." + payload + ".c2ln"
	h.call(http.MethodGet, "/api/machines", tok, "", nil)
	h.call(http.MethodGet, "/api/machines/"+canaryJWT, "", "", nil)
	require.NotEmpty(t, h.s.Verdicts())
	served := h.call(http.MethodGet, "/_isoconform/verdicts", "", "", nil)
	require.Equal(t, http.StatusOK, served.status)
	assert.NotContains(t, string(served.body), canaryJWT)
	b, err := json.Marshal(h.s.Verdicts())
	require.NoError(t, err)
	assert.NotContains(t, string(b), canaryJWT)
	assert.Contains(t, string(b), redacted)
}

func TestMaskHelpers(t *testing.T) {
	assert.Equal(t, "Bearer "+redacted, maskAuthorization("bearer abc"))
	assert.Equal(t, redacted, maskAuthorization("abc"))
	assert.Equal(t, redacted, maskAuthorization("Bearer"))
	assert.Equal(t, "/x?a=1&client_secret="+redacted+"&b=2", maskURL("/x?a=1&client_secret=s&b=2"))
	assert.Equal(t, `{"Comment":"x","password":"`+redacted+`"}`, maskText(`{"Comment":"x","password":"p\"w"}`))
	assert.Equal(t, "api.example.com 0.16.0", maskText("api.example.com 0.16.0"))
}

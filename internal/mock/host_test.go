package mock

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// send sends a request with the given headers (Host among them) to h.
func (h *harness) send(method, path string, header map[string]string, body string) reply {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	require.NoError(h.t, err)
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	return h.do(req)
}

// A web page cannot drive the admin endpoints: not from another origin, not with a "simple"
// cross-site request (text/plain POST, which needs no preflight), not through a rebinding name.
func TestAdminRefusesOtherOrigins(t *testing.T) {
	h := newHarness(t, Options{})
	own := h.srv.URL
	fault := `{"operation":"isolateMachine","status":503}`
	cases := []struct {
		name   string
		method string
		header map[string]string
		status int
	}{
		{"cross-origin text/plain POST", "POST", map[string]string{"Origin": "http://evil.example", "Content-Type": "text/plain"}, 403},
		{"cross-origin JSON POST", "POST", map[string]string{"Origin": "http://evil.example", "Content-Type": "application/json"}, 403},
		{"null origin", "POST", map[string]string{"Origin": "null", "Content-Type": "application/json"}, 403},
		{"same-origin text/plain POST", "POST", map[string]string{"Origin": own, "Content-Type": "text/plain"}, 415},
		{"form POST without Origin", "POST", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415},
		{"cross-site fetch metadata", "POST", map[string]string{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"}, 403},
		{"cross-origin DELETE", "DELETE", map[string]string{"Origin": "http://evil.example"}, 403},
		{"cross-origin GET of the violations", "GET", map[string]string{"Origin": "http://evil.example"}, 403},
		{"rebinding Host", "POST", map[string]string{"Host": "evil.example", "Content-Type": "application/json"}, 421},
		{"rebinding Host with the port", "POST", map[string]string{"Host": "evil.example:" + h.srv.URL[strings.LastIndex(h.srv.URL, ":")+1:], "Content-Type": "application/json"}, 421},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := "/_isoconform/faults"
			if c.method == "GET" {
				path = "/_isoconform/violations"
			}
			r := h.send(c.method, path, c.header, fault)
			assert.Equal(t, c.status, r.status, string(r.body))
			r.errorCode(t)
			assert.Empty(t, h.s.Faults(), "nothing queued")
			assert.NotContains(t, string(r.body), "evil.example")
		})
	}
	// The mock's own origin, and a client without Origin (curl, a Go test), are served.
	r := h.send("POST", "/_isoconform/faults", map[string]string{"Origin": own, "Content-Type": "application/json"}, fault)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = h.send("POST", "/_isoconform/faults", map[string]string{"Content-Type": "application/json; charset=utf-8"}, fault)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	assert.Len(t, h.s.Faults(), 2)
}

// Any Host that is not loopback, the listen address or a configured name is refused, on every
// path; the Host sent is never written back: @odata.context and the OpenID metadata name the
// mock's own address or configured name.
func TestHostIsCheckedNeverReflected(t *testing.T) {
	run := startMock(t, Options{HostNames: []string{"API.SecurityCenter.Microsoft.com"}})
	own := strings.TrimPrefix(run.URL, "http://")
	tok, err := run.Server.Token("machine-isolate", spec.Current)
	require.NoError(t, err)
	tenant := run.Server.principals.TenantID()
	get := func(host, path string, bearer bool) (int, string) {
		req, err := http.NewRequest(http.MethodGet, run.URL+path, nil)
		require.NoError(t, err)
		req.Host = host
		if bearer {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	m := run.Server.Machines()[0].ID
	for _, path := range []string{"/api/machines/" + m, "/" + tenant + "/v2.0/.well-known/openid-configuration", "/_isoconform/violations", "/nowhere"} {
		for _, host := range []string{"evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil.example", "[::1]x", own + "@evil.example"} {
			status, body := get(host, path, true)
			assert.Equal(t, http.StatusMisdirectedRequest, status, "%s %s", host, path)
			assert.NotContains(t, body, "evil")
		}
	}
	// Loopback names are answered as the listen address, a configured name as itself.
	for host, want := range map[string]string{
		own: "http://" + own + "/api/$metadata",
		"localhost:" + own[strings.LastIndex(own, ":")+1:]: "http://" + own + "/api/$metadata",
		"api.securitycenter.microsoft.com":                 "http://api.securitycenter.microsoft.com/api/$metadata",
	} {
		status, body := get(host, "/api/machines/"+m, true)
		require.Equal(t, http.StatusOK, status, host)
		assert.Contains(t, body, `"@odata.context":"`+want, host)
		status, body = get(host, "/"+tenant+"/v2.0/.well-known/openid-configuration", false)
		require.Equal(t, http.StatusOK, status, host)
		assert.Contains(t, body, strings.TrimSuffix(strings.TrimSuffix(want, "/$metadata"), "/api")+"/"+tenant+"/", host)
	}
}

package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// integration is an API client written the way the documents tell integrators to: a
// client-credentials token, then JSON calls with the bearer token.
type integration struct {
	t     *testing.T
	base  string
	http  *http.Client
	token string
}

func (c *integration) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(c.t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

// requestToken asks the token endpoint (v1 or v2) for an application token.
func requestToken(t *testing.T, hc *http.Client, root, tenant string, v2 bool, form url.Values) (int, map[string]any) {
	t.Helper()
	endpoint := root + "/" + tenant + "/oauth2/token"
	if v2 {
		endpoint = root + "/" + tenant + "/oauth2/v2.0/token"
	}
	resp, err := hc.PostForm(endpoint, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

func (c *integration) waitSucceeded(id string) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, a := c.do(http.MethodGet, "/api/machineactions/"+id, nil)
		require.Equal(c.t, http.StatusOK, status, a)
		switch a["status"] {
		case "Succeeded":
			return
		case "Pending", "InProgress":
		default:
			c.t.Fatalf("action %s is %v", id, a["status"])
		}
		require.True(c.t, time.Now().Before(deadline), "action %s never succeeded", id)
		time.Sleep(40 * time.Millisecond)
	}
}

// TestIntegrationFlow plays a whole integration over HTTP against a started mock with the
// default rate limit: token -> lookup by DNS name -> isolate -> poll -> unisolate -> poll.
func TestIntegrationFlow(t *testing.T) {
	ctx := context.Background()
	run, err := Start(ctx, Options{CompletionDelay: 300 * time.Millisecond}, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = run.Close(ctx) })
	s := run.Server
	require.False(t, s.opts.RateLimit.Disabled)
	app, ok := s.principals.Get("machine-isolate")
	require.True(t, ok)
	hc := &http.Client{Timeout: 10 * time.Second}

	status, tok := requestToken(t, hc, run.URL, s.principals.TenantID(), true, url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {app.AppID},
		"client_secret": {app.ClientSecret},
		"scope":         {"https://api.securitycenter.microsoft.com/.default"},
	})
	require.Equal(t, http.StatusOK, status, tok)
	assert.Equal(t, "Bearer", tok["token_type"])
	c := &integration{t: t, base: run.URL, http: hc, token: tok["access_token"].(string)}

	name := s.Machines()[3].ComputerDNSName
	status, list := c.do(http.MethodGet, "/api/machines?$filter="+url.QueryEscape("computerDnsName eq '"+name+"'"), nil)
	require.Equal(t, http.StatusOK, status, list)
	assert.Equal(t, run.URL+"/api/$metadata#Machines", list["@odata.context"])
	machines := list["value"].([]any)
	require.Len(t, machines, 1)
	machine := machines[0].(map[string]any)
	assert.Equal(t, name, machine["computerDnsName"])
	id := machine["id"].(string)

	status, iso := c.do(http.MethodPost, "/api/machines/"+id+"/isolate", map[string]string{"Comment": "Isolate machine due to alert 1234", "IsolationType": "Full"})
	require.Equal(t, http.StatusCreated, status, iso)
	assert.Equal(t, "Isolate", iso["type"])
	assert.Equal(t, id, iso["machineId"])
	c.waitSucceeded(iso["id"].(string))

	status, uni := c.do(http.MethodPost, "/api/machines/"+id+"/unisolate", map[string]string{"Comment": "Unisolate machine since it was clean and validated"})
	require.Equal(t, http.StatusCreated, status, uni)
	assert.Equal(t, "Unisolate", uni["type"])
	c.waitSucceeded(uni["id"].(string))

	status, actions := c.do(http.MethodGet, "/api/machineactions?$filter="+url.QueryEscape("machineId eq '"+id+"'"), nil)
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, actions["value"], 2)

	assert.Empty(t, s.Verdicts(), "a careful integration earns no verdict")
	assert.Empty(t, s.Violations())
}

// TestTokenRequests: the resource and scope values the documents give all yield a token the
// current API accepts; the preview's resource yields one it refuses as the wrong audience.
func TestTokenRequests(t *testing.T) {
	h := newHarness(t, Options{})
	app, ok := h.s.principals.Get("machine-isolate")
	require.True(t, ok)
	cases := []struct {
		name     string
		v2       bool
		key, val string
		api      int
	}{
		{"v1 resource", false, "resource", "https://api.securitycenter.microsoft.com", http.StatusOK},
		{"v1 resource, security host", false, "resource", "https://api.security.microsoft.com", http.StatusOK},
		{"v1 WindowsDefenderATP app id", false, "resource", "fc780465-2017-40d4-a0c5-307022471b92", http.StatusOK},
		{"v2 scope", true, "scope", "https://api.securitycenter.microsoft.com/.default", http.StatusOK},
		{"v2 scope, security host", true, "scope", "https://api.security.microsoft.com/.default", http.StatusOK},
		{"v2 scope for Graph (the 2017 resource)", true, "scope", "https://graph.microsoft.com/.default", http.StatusUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h.s.ClearVerdicts()
			for _, tenant := range []string{h.s.principals.TenantID(), "contoso.example"} {
				status, tok := requestToken(t, h.srv.Client(), h.srv.URL, tenant, c.v2, url.Values{
					"grant_type": {"client_credentials"}, "client_id": {app.AppID}, "client_secret": {app.ClientSecret}, c.key: {c.val},
				})
				require.Equal(t, http.StatusOK, status, tok)
				at := tok["access_token"].(string)
				r := h.call(http.MethodGet, "/api/machines?$top=1", at, "", nil)
				assert.Equal(t, c.api, r.status, string(r.body))
			}
			if c.api == http.StatusOK {
				assert.Empty(t, h.s.Verdicts())
			} else {
				assert.Equal(t, []string{app.AppID + " wrong-audience x2"}, rulesOf(h.s.Verdicts()))
			}
		})
	}
	// a wrong secret is refused with the Entra ID error body
	status, e := requestToken(t, h.srv.Client(), h.srv.URL, h.s.principals.TenantID(), true, url.Values{
		"grant_type": {"client_credentials"}, "client_id": {app.AppID}, "client_secret": {"nope"},
		"scope": {"https://api.securitycenter.microsoft.com/.default"},
	})
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "invalid_client", e["error"])
	assert.True(t, strings.HasPrefix(e["error_description"].(string), "AADSTS7000215"), e["error_description"])
}

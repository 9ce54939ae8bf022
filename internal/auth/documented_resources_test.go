package auth

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/spec"
)

// TestDocumentedResourcesGiveTokensTheCurrentProfileAccepts: every resource and scope value
// the documents tell an integration to ask for yields a token the current profile's audience
// check accepts (api-facts §2: the 2018 ADAL resource with its trailing slash, the curl
// sample's windowsatpservice scope, today's scope and resource).
func TestDocumentedResourcesGiveTokensTheCurrentProfileAccepts(t *testing.T) {
	f := newFixture(t)
	h := NewTokenEndpoint(f.issuer, f.principals)
	tid := f.principals.TenantID()
	current := f.verifier(t, 0, Audiences(spec.Current)...)
	cases := []struct {
		name string
		path string
		form url.Values
	}{
		{"v1 resource of 2018 (trailing slash)", "/" + tid + "/oauth2/token", url.Values{"resource": {"https://api.securitycenter.windows.com/"}}},
		{"v1 resource today", "/" + tid + "/oauth2/token", url.Values{"resource": {"https://api.securitycenter.microsoft.com"}}},
		{"v1 resource today, trailing slash", "/" + tid + "/oauth2/token", url.Values{"resource": {"https://api.securitycenter.microsoft.com/"}}},
		{"v2 scope of the curl sample", "/" + tid + "/oauth2/v2.0/token", url.Values{"scope": {"https://securitycenter.onmicrosoft.com/windowsatpservice/.default"}}},
		{"v2 scope today", "/" + tid + "/oauth2/v2.0/token", url.Values{"scope": {"https://api.securitycenter.microsoft.com/.default"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form := url.Values{"grant_type": {"client_credentials"}, "client_id": {isolateClientID}, "client_secret": {isolateSecret}}
			for k, v := range c.form {
				form[k] = v
			}
			res, body := f.do(t, h, tokenRequest{path: c.path, form: form})
			require.Equal(t, http.StatusOK, res.StatusCode, body)
			tok, _ := body["access_token"].(string)
			_, err := current.Verify(tok)
			require.NoError(t, err)
		})
	}
	// Graph is the 2017 preview's audience, not the current API's.
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {isolateClientID}, "client_secret": {isolateSecret}, "resource": {AudienceGraph}}
	_, body := f.do(t, h, tokenRequest{path: "/" + tid + "/oauth2/token", form: form})
	tok, _ := body["access_token"].(string)
	_, err := current.Verify(tok)
	require.ErrorIs(t, err, ErrAudience)
}

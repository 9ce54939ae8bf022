package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/mock"
)

func newCheckedMock(t *testing.T, opts mock.Options) (*mock.Server, string) {
	t.Helper()
	srv, err := mock.New(opts)
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

// A client that never obtains a token gets a verdict, whatever it got wrong.
func TestClientCheckJudgesAClientThatNeverGotAToken(t *testing.T) {
	srv, root := newCheckedMock(t, mock.Options{})
	app := srv.Applications()[0]
	for _, c := range []struct{ tenant, secret, resource string }{
		{srv.TenantID(), "wrong-secret", "https://api.securitycenter.microsoft.com"},
		{"00000000-0000-0000-0000-000000000000", app.ClientSecret, "https://api.securitycenter.microsoft.com"},
		{srv.TenantID(), app.ClientSecret, "https://api.example.com"},
	} {
		resp, err := http.PostForm(root+"/"+c.tenant+"/oauth2/token", url.Values{"grant_type": {"client_credentials"},
			"client_id": {app.ClientID}, "client_secret": {c.secret}, "resource": {c.resource}})
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.GreaterOrEqual(t, resp.StatusCode, 400)
	}
	code, out, stderr := runArgs(context.Background(), "client-check", "--mock", root)
	assert.Equal(t, 1, code, stderr)
	assert.Contains(t, out, "client "+app.ClientID+" broke token-request-refused, 3 time(s)")
	assert.NotContains(t, out, app.ClientSecret)
}

// A probe of a wrong URL leaves nothing behind; documented endpoints the mock does not
// emulate are notes, which do not fail the check.
func TestClientCheckProbesLeaveNoTraceAndNotesDoNotFail(t *testing.T) {
	srv, root := newCheckedMock(t, mock.Options{})
	code, _, stderr := runArgs(context.Background(), "client-check", "--mock", root+"/api")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "is it an isoconform mock?")
	assert.Empty(t, srv.Violations())
	assert.Empty(t, srv.Verdicts())

	tok, err := srv.Token("machine-isolate", "current")
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, root+"/api/machines/"+srv.Machines()[0].ID+"/runAntiVirusScan", strings.NewReader(`{"Comment":"scan"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusNotImplemented, resp.StatusCode)

	code, out, stderr := runArgs(context.Background(), "client-check", "--mock", root)
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "1 note(s)")
	assert.Contains(t, out, "not-emulated: POST /api/machines/")
	assert.Contains(t, out, "no contract violations and no client verdicts")
}

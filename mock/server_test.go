package mock_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/mock"
)

func start(t *testing.T, opts mock.Options) *mock.Server {
	t.Helper()
	srv, err := mock.Start(t.Context(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func TestTokenEveryRoleTheSuiteNames(t *testing.T) {
	srv := start(t, mock.Options{})
	roles := map[string][]string{
		"preview-2017": {"security-administrator", "global-administrator", "no-role", "expired", "wrong-audience", "wrong-issuer"},
		"current":      {"machine-isolate", "machine-isolate-delegated", "no-permission", "rate-limit", "expired", "wrong-audience", "wrong-issuer"},
	}
	for profile, rs := range roles {
		for _, role := range rs {
			tok, err := srv.Token(profile, role)
			require.NoError(t, err, "%s %s", profile, role)
			assert.Equal(t, 2, strings.Count(tok, "."), "%s %s: a JWT", profile, role)
		}
	}
	_, err := srv.Token("current", "nobody")
	assert.ErrorContains(t, err, "nobody")
	_, err = srv.Token("v9", "machine-isolate")
	assert.Error(t, err)
	assert.Contains(t, mock.AttackKinds(), "alg-none")
}

func TestBaseURLAndMachines(t *testing.T) {
	srv := start(t, mock.Options{})
	assert.True(t, strings.HasPrefix(srv.URL(), "http://127.0.0.1:"), srv.URL())
	base, err := srv.BaseURL("preview-2017")
	require.NoError(t, err)
	assert.Equal(t, srv.URL()+"/testwdatppreview", base)
	_, err = srv.BaseURL("")
	assert.Error(t, err)
	assert.NotEmpty(t, srv.MachineIDs())
}

func TestStartRefusesBadOptions(t *testing.T) {
	for name, opts := range map[string]mock.Options{
		"unknown deviation":      {Deviations: []string{"no-such-deviation"}},
		"unknown variant":        {Variants: []string{"no-such-variant"}},
		"rate limit of a nobody": {RateLimit: mock.RateLimit{OnlyRoles: []string{"nobody"}}},
		"not loopback":           {Addr: "0.0.0.0:0"},
	} {
		srv, err := mock.Start(t.Context(), opts)
		assert.Error(t, err, name)
		assert.Nil(t, srv, name)
	}
}

func TestDeviationsAndViolations(t *testing.T) {
	catalogue := mock.Catalogue()
	require.NotEmpty(t, catalogue)
	for _, d := range catalogue {
		assert.NotEmpty(t, d.Requirements, d.Name)
		assert.NotEmpty(t, d.Profiles, d.Name)
	}
	srv := start(t, mock.Options{Deviations: []string{catalogue[0].Name}})
	assert.Equal(t, []string{catalogue[0].Name}, srv.Deviations())

	base, err := srv.BaseURL("current")
	require.NoError(t, err)
	resp, err := http.Post(base+"/machines/"+srv.MachineIDs()[0]+"/isolate", "application/json", strings.NewReader(`{"Comment":"x"}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	vs := srv.Violations()
	require.Len(t, vs, 1)
	assert.Equal(t, "current", vs[0].Profile)
	assert.Equal(t, http.StatusUnauthorized, vs[0].Status)
	assert.Equal(t, http.MethodPost, vs[0].Request.Method)
	verdicts := srv.Verdicts()
	require.Len(t, verdicts, 1)
	assert.Equal(t, mock.RuleMissingAuthorization, verdicts[0].Rule)
	srv.ClearVerdicts()
	srv.ClearViolations()
	assert.Empty(t, srv.Verdicts())
	assert.Empty(t, srv.Violations())
	assert.NoError(t, srv.Close())
	assert.NoError(t, srv.Close(), "a second Close returns the first's result")
}

func TestVariants(t *testing.T) {
	variants := mock.VariantCatalogue()
	require.NotEmpty(t, variants)
	for _, v := range variants {
		assert.NotEmpty(t, v.Decision, v.Name)
		assert.NotEmpty(t, v.Profiles, v.Name)
	}
	srv := start(t, mock.Options{Variants: []string{variants[0].Name}})
	assert.NotEmpty(t, srv.MachineIDs())
}

func TestQueueFaultRefusesAnInvalidFault(t *testing.T) {
	srv := start(t, mock.Options{})
	assert.Error(t, srv.QueueFault(mock.Fault{Operation: "isolateMachine", Status: 200}))
}

// The mock answers under the host names it is given and refuses any other (421).
func TestHostNames(t *testing.T) {
	srv := start(t, mock.Options{HostNames: []string{"isoconform-mock.test"}})
	status := func(host string) int {
		req, err := http.NewRequest(http.MethodGet, srv.URL()+"/api/machines", nil)
		require.NoError(t, err)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusUnauthorized, status("isoconform-mock.test"))
	assert.Equal(t, http.StatusUnauthorized, status(strings.TrimPrefix(srv.URL(), "http://")))
	assert.Equal(t, http.StatusMisdirectedRequest, status("rebinding.example"))
}

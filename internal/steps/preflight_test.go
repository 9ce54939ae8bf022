package steps

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/internal/report"
	"github.com/isoconform/isoconform/spec"
)

// loopbackTarget is the reference mock served as a target the suite does not know is a mock,
// behind an optional wrapper, counting the isolate requests it receives.
type loopbackTarget struct {
	root     string
	server   *mock.Server
	machine  string
	isolates atomic.Int64
	wrap     func(http.ResponseWriter, *http.Request) bool // true: answered by the wrapper
}

func newLoopbackTarget(t *testing.T, opts mock.Options, wrap func(http.ResponseWriter, *http.Request) bool) *loopbackTarget {
	t.Helper()
	srv, err := mock.New(opts)
	require.NoError(t, err)
	lt := &loopbackTarget{server: srv, wrap: wrap, machine: srv.Machines()[0].ID}
	h := srv.Handler()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/isolate") {
			lt.isolates.Add(1)
		}
		if lt.wrap != nil && lt.wrap(w, r) {
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	lt.root = hs.URL
	return lt
}

func (lt *loopbackTarget) token(t *testing.T, role string, p spec.Profile) string {
	t.Helper()
	tok, err := lt.server.Token(role, p)
	require.NoError(t, err)
	return tok
}

// preflightCase runs a cheap selection of the suite (no isolating scenario) against lt.
func runAgainst(t *testing.T, cfg Config) (*report.Run, string, error) {
	t.Helper()
	var progress bytes.Buffer
	cfg.Progress = &progress
	if cfg.Tags == "" {
		cfg.Tags = "@req:ISO-GET-002"
	}
	r, err := Run(context.Background(), cfg)
	return r, progress.String(), err
}

func TestPreflightStopsSetupMistakesBeforeAnyIsolation(t *testing.T) {
	lt := newLoopbackTarget(t, mock.Options{}, nil)
	previewToken := lt.token(t, RoleSecurityAdministrator, spec.Preview2017)
	currentToken := lt.token(t, RoleMachineIsolate, spec.Current)
	for _, tc := range []struct {
		name string
		cfg  Config
		want []string
	}{
		{"a token of the other profile", Config{BaseURL: lt.root + "/api", Profile: spec.Current,
			Tokens: map[string]string{RoleMachineIsolate: previewToken}, MachineIDs: []string{lt.machine}},
			[]string{"role machine-isolate", "token of the preview-2017 profile", "--profile preview-2017", "ISOCONFORM_TOKEN_MACHINE_ISOLATE"}},
		{"a token the target rejects", Config{BaseURL: lt.root + "/testwdatppreview", Profile: spec.Preview2017,
			Tokens: map[string]string{RoleSecurityAdministrator: "not-a-token-the-target-knows"}, MachineIDs: []string{lt.machine}},
			[]string{"role security-administrator does not authenticate", "--token security-administrator="}},
		{"no API at the base URL", Config{BaseURL: lt.root, Profile: spec.Preview2017,
			Tokens: map[string]string{RoleSecurityAdministrator: previewToken}, MachineIDs: []string{lt.machine}},
			[]string{"no preview-2017 API", "base path is wrong", "ends with /testwdatppreview"}},
		{"the other profile's prefix", Config{BaseURL: lt.root + "/api", Profile: spec.Preview2017,
			Tokens: map[string]string{RoleSecurityAdministrator: previewToken}, MachineIDs: []string{lt.machine}},
			[]string{"role security-administrator", "ends with /api, the prefix of the current profile", "--profile current"}},
		{"an unknown machine", Config{BaseURL: lt.root + "/api", Profile: spec.Current,
			Tokens: map[string]string{RoleMachineIsolate: currentToken}, MachineIDs: []string{strings.Repeat("ab", 20)}},
			[]string{"machine " + strings.Repeat("ab", 20) + " is not known", "--machine-id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := lt.isolates.Load()
			cfg := tc.cfg
			cfg.Tags = "@core" // isolating scenarios included: none may start
			r, _, err := runAgainst(t, cfg)
			require.Error(t, err)
			assert.ErrorIs(t, err, errPreflight)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			require.NotNil(t, r)
			assert.Equal(t, report.ExitError, r.ExitCode())
			assert.Empty(t, r.Scenarios)
			assert.Empty(t, r.Actions)
			assert.Equal(t, before, lt.isolates.Load(), "an isolate request was sent")
			for _, tok := range cfg.Tokens {
				assert.NotContains(t, err.Error(), tok)
			}
		})
	}
}

func TestPreflightStripsABearerPrefixWithANotice(t *testing.T) {
	lt := newLoopbackTarget(t, mock.Options{}, nil)
	tok := lt.token(t, RoleMachineIsolate, spec.Current)
	r, progress, err := runAgainst(t, Config{BaseURL: lt.root + "/api", Profile: spec.Current,
		Tokens: map[string]string{RoleMachineIsolate: "Bearer " + tok}, MachineIDs: []string{lt.machine}})
	require.NoError(t, err)
	assert.Contains(t, progress, `role machine-isolate began with "Bearer "`)
	require.NotEmpty(t, r.Scenarios)
	for _, s := range r.Scenarios {
		assert.Equal(t, report.StatusPass, s.Status, s.Reason)
	}
}

func TestPreflightDoesNotTakeAMissingMachineRouteForAnUnknownMachine(t *testing.T) {
	noLookup := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/machines/") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"code":"NotFound","message":"No HTTP resource was found that matches the request URI."}}`))
			return true
		}
		return false
	}
	lt := newLoopbackTarget(t, mock.Options{}, noLookup)
	tok := lt.token(t, RoleMachineIsolate, spec.Current)
	r, progress, err := runAgainst(t, Config{BaseURL: lt.root + "/api", Profile: spec.Current,
		Tokens: map[string]string{RoleMachineIsolate: tok}, MachineIDs: []string{lt.machine}})
	require.NoError(t, err)
	assert.Contains(t, progress, "could not be checked")
	assert.NotEmpty(t, r.Scenarios)
}

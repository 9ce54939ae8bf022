package conformance_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/conformance"
	"github.com/isoconform/isoconform/mock"
)

// A target that echoes the configured token in what the suite quotes (a 400 message, raw and
// JSON-escaped): the Result a Go test receives, and prints, holds it nowhere.
func TestResultHoldsNoEchoedToken(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite")
	}
	srv, err := mock.Start(t.Context(), mock.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	real, err := srv.Token(conformance.Current, conformance.RoleMachineIsolate)
	require.NoError(t, err)
	const custom = `tok/en"m8result5c`
	u, err := url.Parse(srv.URL())
	require.NoError(t, err)
	next := httputil.NewSingleHostReverseProxy(u)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer "+custom {
			r.Header.Set("Authorization", "Bearer "+real)
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/isolate") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				b, _ := json.Marshal(custom)
				_, _ = io.WriteString(w, `{"error":{"code":`+string(b)+`,"message":"`+strings.ReplaceAll(custom, "/", `\/`)+`","target":"t"}}`)
				return
			}
		}
		next.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	base, err := srv.BaseURL(conformance.Current)
	require.NoError(t, err)
	res, err := conformance.Run(t.Context(), conformance.Options{
		Profile: conformance.Current, BaseURL: front.URL + strings.TrimPrefix(base, srv.URL()),
		Tokens: map[string]string{conformance.RoleMachineIsolate: custom}, MachineIDs: srv.MachineIDs()[:1],
	})
	require.NotNil(t, res, "%v", err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "m8result5c")
	assert.Contains(t, string(b), "[REDACTED]")
}

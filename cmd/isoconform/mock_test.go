package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/isoconform/isoconform/internal/mock"
	"github.com/isoconform/isoconform/spec"
)

func runArgs(ctx context.Context, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(ctx, args, nil, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestMockListsDeviations(t *testing.T) {
	code, out, _ := runArgs(context.Background(), "mock", "--list-deviations")
	require.Equal(t, 0, code)
	for _, d := range mock.Catalogue() {
		assert.Contains(t, out, d.Name+"  [")
		assert.Contains(t, out, "    "+d.Description+"\n")
	}
	assert.Contains(t, out, "created-200  [preview-2017, current]  ISO-HTTP-001 ")
}

func TestMockListsVariants(t *testing.T) {
	code, out, _ := runArgs(context.Background(), "mock", "--list-variants")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, len(mock.VariantCatalogue()), "one line per variant")
	for i, v := range mock.VariantCatalogue() {
		assert.True(t, strings.HasPrefix(lines[i], v.Name+"  "+v.Description+"  (flips the decision of "+v.Decision+"; "), lines[i])
	}
	assert.Contains(t, out, "no-cancel  ")
	assert.Contains(t, out, "; current; removes feature cancel)\n")
}

func TestMockRefusesUnknownVariant(t *testing.T) {
	code, _, stderr := runArgs(context.Background(), "mock", "--addr", "127.0.0.1:0", "--variant", "no-such-choice")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unknown variant "no-such-choice"`)
}

func TestMockRefusesNonLoopbackAddress(t *testing.T) {
	code, _, stderr := runArgs(context.Background(), "mock", "--addr", "0.0.0.0:0")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--allow-non-loopback")
}

func TestMockRefusesUnknownDeviation(t *testing.T) {
	code, _, stderr := runArgs(context.Background(), "mock", "--addr", "127.0.0.1:0", "--deviate", "no-such-fault")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unknown deviation "no-such-fault"`)
}

func TestMockPrintsTokensAndStopsWhenCanceled(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	code, out, stderr := runArgs(ctx, "mock", "--addr", "127.0.0.1:0", "--print-tokens", "--deviate", "created-200", "--variant", "no-cancel")
	require.Equal(t, 0, code, stderr)
	for _, env := range []string{"SECURITY_ADMINISTRATOR", "GLOBAL_ADMINISTRATOR", "NO_ROLE", "MACHINE_ISOLATE", "NO_PERMISSION"} {
		assert.Contains(t, out, "export ISOCONFORM_TOKEN_"+env+"='eyJ")
	}
	assert.Contains(t, out, `-H "Authorization: Bearer $ISOCONFORM_TOKEN_SECURITY_ADMINISTRATOR"`)
	assert.Contains(t, out, "deviations:   created-200")
	assert.Contains(t, out, "variants:     no-cancel")
	assert.Contains(t, out, "isoconform mock stopped")
}

func TestClientCheck(t *testing.T) {
	srv, err := mock.New(mock.Options{})
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	code, out, stderr := runArgs(context.Background(), "client-check", "--mock", ts.URL)
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "no contract violations")

	// A client that sends no token and the wrong content type.
	resp, err := http.Post(ts.URL+"/testwdatppreview/machines/abc/isolate", "text/plain", strings.NewReader(`{"comment":"x"}`))
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())

	code, out, _ = runArgs(context.Background(), "client-check", "--mock", ts.URL+"/")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "1 contract violation(s)")
	assert.Contains(t, out, "1. POST /testwdatppreview/machines/abc/isolate")
	assert.Contains(t, out, "   rule ")
	assert.Contains(t, out, "client verdict(s)")
	assert.Contains(t, out, "client anonymous broke missing-authorization")
}

// A client that breaks no contract rule but isolates a machine twice while the first
// isolation is pending gets a verdict only, and that alone fails the check.
func TestClientCheckVerdictOnly(t *testing.T) {
	srv, err := mock.New(mock.Options{CompletionDelay: time.Hour})
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	tok, err := srv.Token("security-administrator", spec.Preview2017)
	require.NoError(t, err)
	machine := srv.Machines()[0].ID
	for range 2 {
		req, err := http.NewRequest(http.MethodPost, ts.URL+"/testwdatppreview/machines/"+machine+"/isolate", strings.NewReader(`{"Comment": "twice"}`))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
	}
	code, out, stderr := runArgs(context.Background(), "client-check", "--mock", ts.URL)
	assert.Equal(t, 1, code, stderr)
	assert.NotContains(t, out, "contract violation(s)")
	assert.Contains(t, out, "1 client verdict(s)")
	assert.Contains(t, out, "broke duplicate-isolate-after-201, 1 time(s)")
	assert.NotContains(t, out, tok)
}

func TestClientCheckUnreachableOrNotAMock(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	code, _, stderr := runArgs(context.Background(), "client-check", "--mock", "http://"+addr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "connection refused")

	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"hello":"world"}`))
	}))
	t.Cleanup(other.Close)
	code, _, stderr = runArgs(context.Background(), "client-check", "--mock", other.URL)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "is it an isoconform mock?")

	code, _, _ = runArgs(context.Background(), "client-check")
	assert.Equal(t, 2, code)
}

func TestMockRateLimitFlags(t *testing.T) {
	code, _, stderr := runArgs(context.Background(), "mock", "--addr", "127.0.0.1:0", "--rate-limit-per-minute", "0")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--no-rate-limit")
}

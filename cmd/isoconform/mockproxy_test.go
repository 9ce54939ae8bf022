package main

import (
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMockProxyWritesCAAndSaysHowToTrustIt(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "ca.pem")
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	code, out, stderr := runArgs(ctx, "mock", "--addr", "127.0.0.1:0", "--proxy", "--tls", "--ca-cert", ca)
	require.Equal(t, 0, code, stderr)
	for _, want := range []string{"REQUESTS_CA_BUNDLE=" + ca, "SSL_CERT_FILE=" + ca, "NODE_EXTRA_CA_CERTS=" + ca,
		"--ssl-extra-ca-certs " + ca, "api.securitycenter.microsoft.com", "login.microsoftonline.com", "never contacted", "https:        https://127.0.0.1:"} {
		assert.Contains(t, out, want)
	}
	data, err := os.ReadFile(ca)
	require.NoError(t, err)
	assert.True(t, x509.NewCertPool().AppendCertsFromPEM(data))
	assert.NotContains(t, string(data), "PRIVATE KEY")
}

func TestMockProxyFlagMistakes(t *testing.T) {
	code, _, stderr := runArgs(context.Background(), "mock", "--addr", "127.0.0.1:0", "--proxy")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--ca-cert")
	code, _, stderr = runArgs(context.Background(), "mock", "--addr", "127.0.0.1:0", "--ca-cert", "x.pem")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "only written with --proxy or --tls")
	code, _, stderr = runArgs(context.Background(), "mock", "--addr", "127.0.0.1:0", "--tls", "--ca-cert", filepath.Join(t.TempDir(), "no", "such", "dir.pem"))
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--ca-cert")
}
